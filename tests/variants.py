"""Variant renderings of the real reports: the files real users bring, made from the ones we have.

Each real report of ``../shared/corpus/real`` (and the seed in ``../shared/corpus/seed``) is written
again the way other tools and sites publish it, so that a test can ask whether the reader gives the
same agency, year and facts from every rendering. The kinds:

* ``md``: Markdown as PDF-to-Markdown converters write it: the title over two lines (sometimes
  under a ``# `` mark, sometimes after a ``正文`` line), prose hard-wrapped every 25–35 characters
  (in the middle of words and numbers), page numbers (``- 3 -``, ``第 3 页 共 6 页``) and a
  running header inside the text, pipe tables with the header repeated at a page break or the
  table split in two there, and some tables headed ``数据1 … 数据N`` instead of their header;
* ``md_neutral``: the same Markdown under a neutral name (``report_001.md``), so that agency and
  year must come from the text;
* ``pdfimg``: every page of the text PDFs rendered to an image (150–200 dpi) and saved as a PDF
  with no text layer (a scanned report, 图片版);
* ``pdfpics``: the text PDFs with every table (three columns or more) cut out of the text layer
  and put back as a picture of itself, the prose left as text (a report whose author pasted the
  tables in as screenshots);
* ``docx``: a Word file with the report's paragraphs and tables (label cells merged as the
  original's spans were);
* ``spans``: the HTML originals with the digits of prose and table cells split across ``<span>``s
  (``<span>1</span><span>7</span>``), as Word-exported pages are.

One source is used per report (``AGENCY_YEAR``) for ``md``/``docx``: its PDF, else its HTML, else
its text file. File names stay ``AGENCY_YEAR.ext`` (``md_neutral`` aside). A seeded generator per
file chooses its defects, so the same source always gives the same bytes. Nothing here is used by
the product; generated files go to a temporary folder and are never committed.

    python -m tests.variants OUTDIR [--only KIND]
"""
from __future__ import annotations

import argparse
import csv
import functools
import html
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
REAL = SHARED / "real"
SEED = SHARED / "seed"

KINDS = ("md", "md_neutral", "pdfimg", "pdfpics", "docx", "spans")
FAST_KINDS = ("md", "md_neutral", "docx", "spans")  # pdfimg and pdfpics need OCR to be read back
IMAGE_KINDS = ("pdfimg", "pdfpics")
_PREFERRED_SOURCE = (".pdf", ".html", ".htm", ".docx", ".txt", ".md")
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|附表)")
_FIGURE = re.compile(r"^[\s\d.,，%％-]*\d[\s\d.,，%％-]*$")


@dataclass(frozen=True)
class Variant:
    """One rendered file: its kind, where it was written, and the original it renders."""

    kind: str
    path: Path
    source: Path


# ---------------------------------------------------------------- sources


def source_files(real: Path = REAL, seed: Path = SEED) -> list[Path]:
    """Every real report file and the seed report, sorted (MANIFEST.tsv left out)."""
    files = [p for folder in (real, seed) if folder.is_dir() for p in sorted(folder.iterdir())
             if p.is_file() and p.suffix.lower() in _PREFERRED_SOURCE]
    return files


def one_per_report(files: Iterable[Path]) -> list[Path]:
    """One file per report stem (``AGENCY_YEAR``): the PDF, else the HTML, else the text file."""
    best: dict[str, Path] = {}
    for path in files:
        held = best.get(path.stem)
        if held is None or _PREFERRED_SOURCE.index(path.suffix.lower()) < _PREFERRED_SOURCE.index(held.suffix.lower()):
            best[path.stem] = path
    return [best[stem] for stem in sorted(best)]


def sources_of(kind: str, files: Sequence[Path]) -> list[Path]:
    """The originals a kind is made from (pdfimg: the PDFs; spans: the HTML; md/docx: one a report)."""
    if kind in IMAGE_KINDS:
        return [p for p in files if p.suffix.lower() == ".pdf"]
    if kind == "spans":
        return [p for p in files if p.suffix.lower() in (".html", ".htm")]
    return one_per_report(files)


@functools.lru_cache(maxsize=None)
def original_report(path: Path):
    """The original file read by the code under test (``corpus.read_report``), once per process."""
    from corpus.report import build_report

    return build_report(original_document(path))


@functools.lru_cache(maxsize=None)
def original_document(path: Path):
    """The original file's ``Document`` (lines and raw grids), once per process."""
    from corpus.files import load_document

    return load_document(path)


def _rng(kind: str, source: Path) -> random.Random:
    # a str seed is hashed with sha512, not Python's salted hash: the same file, the same defects
    return random.Random(f"{kind}:{source.name}")


# ---------------------------------------------------------------- body: title and blocks


def _title_and_blocks(source: Path) -> tuple[str, list]:
    """The report's title and its blocks without the title lines the reader found at the top."""
    from corpus.records import Line

    title = original_report(source).title
    blocks = list(original_document(source).blocks)
    want, taken, joined = _compact(title), 0, ""
    while taken < min(4, len(blocks)) and isinstance(blocks[taken], Line):
        joined += _compact(blocks[taken].text)
        taken += 1
        if not want.startswith(joined):
            return title, blocks
        if joined == want:
            return title, blocks[taken:]
    return title, blocks


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _cell_text(cell: Optional[str]) -> str:
    return re.sub(r"\s+", " ", cell or "").strip().replace("|", "｜")


def _header_rows(grid: Sequence[Sequence[str]]) -> int:
    """How many rows stand above the first row holding a figure (at least one, never all)."""
    for n, row in enumerate(grid):
        if any(_FIGURE.match(cell) for cell in row[1:]):
            return max(1, min(n, len(grid) - 1))
    return 1


# ---------------------------------------------------------------- md


class _MarkdownWriter:
    """Writes one report as a PDF converter would, page furniture and all, with seeded defects."""

    def __init__(self, rng: random.Random, title: str):
        self.rng = rng
        self.lines: list[str] = []
        self.page, self.on_page = 1, 0
        self.page_size = rng.randint(700, 1100)  # characters to a page
        self.footer = rng.choice(("- {n} -", "第 {n} 页 共 {total} 页", "{n}", "— {n} —"))
        self.running_header = _compact(title) if rng.random() < 0.5 else ""
        self.furniture_blank = rng.random() < 0.5  # blank lines around the page number
        self.paragraph_blank = rng.random() < 0.5  # blank lines between paragraphs
        self.indent = "\u3000\u3000" if rng.random() < 0.4 else ""
        self.heading_marks = rng.random() < 0.4  # ``## 一、总体情况``
        self.generic_header = rng.random() < 0.5  # this report's converter may write 数据1…N
        self.spans_once = rng.random() < 0.4  # a merged cell written once, its other slots empty
        self.row_weight = self.page_size // rng.randint(18, 28)  # 18–28 table rows to a page
        self.title_lines(title)

    def text(self) -> str:
        body = "\n".join(self.lines + ["", self.footer.format(n=self.page, total="{total}")]) + "\n"
        return body.replace("{total}", str(self.page))

    def emit(self, line: str) -> None:
        self.lines.append(line)
        self.on_page += len(line) or 10

    def full(self) -> bool:
        return self.on_page >= self.page_size

    def page_break(self) -> None:
        """The page's footer (its number) and the next page's running header."""
        blank = [""] if self.furniture_blank else []
        self.lines += blank + [self.footer.format(n=self.page, total="{total}")] + blank
        if self.running_header:
            self.lines += [self.running_header] + blank
        self.page, self.on_page = self.page + 1, 0

    def title_lines(self, title: str) -> None:
        """The title over two lines, maybe under ``# ``, maybe after a ``正文`` line."""
        rng = self.rng
        if rng.random() < 0.3:
            self.emit("正文")
        if rng.random() < 0.5:
            title = re.sub(r"(\d{4})(年)", r"\1 \2", title, count=1)
        cut = title.rfind("年度报告") if title.endswith("年度报告") and len(title) > 8 else -1
        if cut <= 0 or rng.random() < 0.3:
            cut = rng.randint(max(1, len(title) // 3), max(1, 2 * len(title) // 3))
        mark = "# " if rng.random() < 0.5 else ""
        self.emit(mark + title[:cut])
        self.emit(("# " if mark and rng.random() < 0.5 else "") + title[cut:])
        self.emit("")

    def paragraph(self, text: str) -> None:
        """A paragraph hard-wrapped every 25–35 characters; a page may end between any two lines."""
        text = text.strip()
        if self.heading_marks and _MARKER.match(text) and len(text) <= 30:
            self.emit("## " + text)
        else:
            text = self.indent + text
            pos = 0
            while pos < len(text):
                width = self.rng.randint(25, 35)
                self.emit(text[pos:pos + width])
                pos += width
                if self.full() and pos < len(text):
                    self.page_break()
        if self.paragraph_blank:
            self.emit("")
        if self.full():
            self.page_break()

    def table(self, grid: Sequence[Sequence[Optional[str]]]) -> None:
        """A pipe table; at a page break its header is repeated, or it goes on as a new table."""
        rows = [[_cell_text(c) for c in row] for row in grid]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        if self.spans_once and self.rng.random() < 0.7:
            rows = _spans_once(rows)
        heads = rows[:_header_rows(rows)]
        generic = self.generic_header and self.rng.random() < 0.6
        top = [f"数据{k + 1}" for k in range(width)] if generic else rows[0]
        body = rows if generic else rows[1:]
        split = self.rng.choice(("repeated", "continued", "inline"))
        deferred_breaks = 0
        self._blank()
        self._row(top)
        self._rule(width)
        new_table = False
        for i, row in enumerate(body):
            if new_table:
                self._row(row)
                self._rule(width)
                new_table = False
            else:
                self._row(row)
            if not self.full() or i == len(body) - 1:
                continue
            if split == "inline":  # pages merged: the header rows printed again inside the table
                deferred_breaks += 1
                self.on_page = 0
                for head in heads:
                    self._row(head)
                continue
            self._blank()
            self.page_break()
            self._blank()
            if split == "repeated":
                self._row(top)
                self._rule(width)
                for head in (heads if generic else heads[1:]):
                    self._row(head)
            else:
                new_table = True  # the next row becomes the new table's header line
        self._blank()
        for _ in range(deferred_breaks):
            self.page_break()

    def _row(self, cells: Sequence[str]) -> None:
        self.lines.append("| " + " | ".join(cells) + " |")
        self.on_page += self.row_weight

    def _rule(self, width: int) -> None:
        self.lines.append("|" + "---|" * width)

    def _blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def _spans_once(rows: list[list[str]]) -> list[list[str]]:
    """A merged label cell written once, as converters write it: a label repeating the one to
    its left or above it is left empty (figures are never emptied)."""
    out = [list(row) for row in rows]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if not text or _FIGURE.match(text):
                continue
            if (c > 0 and rows[r][c - 1] == text) or (r > 0 and rows[r - 1][c] == text):
                out[r][c] = ""
    return out


def render_markdown(source: Path) -> str:
    """The report in ``source`` as a PDF converter's Markdown, with this file's seeded defects."""
    from corpus.records import Line

    title, blocks = _title_and_blocks(source)
    writer = _MarkdownWriter(_rng("md", source), title)
    for block in blocks:
        if isinstance(block, Line):
            writer.paragraph(block.text)
        elif block.grid:
            writer.table(block.grid)
    return writer.text()


# ---------------------------------------------------------------- docx


def render_docx(source: Path, out: Path) -> None:
    """The report in ``source`` as a Word file, with this file's seeded defects.

    A title styled Title, Heading 1 or just bold, sometimes over two paragraphs; headings styled
    or plain; in some files every printed line its own paragraph (a PDF-to-Word conversion);
    tables with merged label cells, long labels wrapped over two paragraphs in some.
    """
    import docx
    from corpus.records import Line

    rng = _rng("docx", source)
    title, blocks = _title_and_blocks(source)
    document = docx.Document()
    document.core_properties.title = ""
    title_style = rng.choice(("Title", "Heading 1", None))
    cut = title.rfind("年度报告") if rng.random() < 0.4 and title.endswith("年度报告") else -1
    for part in ([title[:cut], title[cut:]] if cut > 0 else [title]):
        if title_style:
            document.add_paragraph(part, style=title_style)
        else:
            document.add_paragraph().add_run(part).bold = True
    heading_styles = rng.random() < 0.5
    line_paragraphs = rng.random() < 0.3
    wrapped_labels = rng.random() < 0.5
    for block in blocks:
        if isinstance(block, Line):
            heading = _MARKER.match(block.text) and len(block.text) <= 30
            if heading or not line_paragraphs:
                document.add_paragraph(block.text, style="Heading 2" if heading and heading_styles else None)
                continue
            pos = 0
            while pos < len(block.text):
                width = rng.randint(25, 35)
                document.add_paragraph(block.text[pos:pos + width])
                pos += width
        elif block.grid:
            _docx_table(document, [[_cell_text(c) for c in row] for row in block.grid], wrapped_labels)
    document.save(str(out))


def _docx_table(document, rows: list[list[str]], wrapped_labels: bool) -> None:
    """A Word table of ``rows``; rectangles of one repeated label become one merged cell; with
    ``wrapped_labels`` a label over 12 characters is two paragraphs, as a narrow column wraps it."""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    # the cells fetched once: table.cell(r, c) rebuilds the whole grid on every call; a merge
    # leaves the cells outside its rectangle as they were
    cells = table._cells
    taken = [[False] * width for _ in rows]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if taken[r][c]:
                continue
            right, down = c, r
            if text and not _FIGURE.match(text):
                while right + 1 < width and rows[r][right + 1] == text and not taken[r][right + 1]:
                    right += 1
                while down + 1 < len(rows) and all(rows[down + 1][k] == text and not taken[down + 1][k]
                                                  for k in range(c, right + 1)):
                    down += 1
            for rr in range(r, down + 1):
                for cc in range(c, right + 1):
                    taken[rr][cc] = True
            cell = cells[r * width + c]
            if wrapped_labels and len(text) > 12 and not _FIGURE.match(text):
                cell.text = text[:len(text) // 2]
                cell.add_paragraph(text[len(text) // 2:])
            else:
                cell.text = text
            if (right, down) != (c, r):
                cell.merge(cells[down * width + right])


# ---------------------------------------------------------------- spans


def render_spans(source: Path) -> bytes:
    """The HTML in ``source`` with every digit run of the body split across ``<span>``s (UTF-8)."""
    from bs4 import BeautifulSoup, NavigableString

    rng = _rng("spans", source)
    soup = BeautifulSoup(source.read_bytes(), "lxml")
    body = soup.body or soup
    pieces: list[str] = []
    for string in list(body.find_all(string=True)):
        if type(string) is not NavigableString or not re.search(r"\d", string):
            continue
        if string.find_parent(("script", "style", "title", "textarea")) is not None:
            continue
        pieces.append(_split_digits(str(string), rng))
        string.replace_with(f"\x00{len(pieces) - 1}\x00")
    text = soup.decode(formatter="minimal")
    text = re.sub(r"<meta[^>]*charset[^>]*>", "", text, flags=re.I)
    text = re.sub(r"(<head[^>]*>)", r'\1<meta charset="utf-8">', text, count=1, flags=re.I)
    text = re.sub("\x00(\\d+)\x00", lambda m: pieces[int(m.group(1))], text)
    return text.encode("utf-8")


def _split_digits(text: str, rng: random.Random) -> str:
    """``text`` as markup: each digit run cut into spans of one or two digits, Word style."""
    out: list[str] = []
    for part in re.split(r"(\d+)", text):
        if not part:
            continue
        if not part.isdigit():
            out.append(html.escape(part, quote=False))
            continue
        pos = 0
        while pos < len(part):
            size = 1 if rng.random() < 0.7 else 2
            attrs = rng.choice(("", ' lang="EN-US"', '\nlang="EN-US" style="font-family:宋体"'))
            out.append(f"<span{attrs}>{part[pos:pos + size]}</span>")
            pos += size
    return "".join(out)


# ---------------------------------------------------------------- pdfimg


def render_image_pdf(source: Path, out: Path) -> None:
    """Every page of the PDF ``source`` rendered to a grey image and saved as a PDF with no text."""
    import pypdfium2

    dpi = _rng("pdfimg", source).randint(150, 200)
    pdf = pypdfium2.PdfDocument(str(source))
    try:
        images = [pdf[n].render(scale=dpi / 72).to_pil().convert("L") for n in range(len(pdf))]
    finally:
        pdf.close()
    images[0].save(str(out), "PDF", save_all=True, append_images=images[1:], resolution=float(dpi))


# ---------------------------------------------------------------- pdfpics


def render_picture_pdf(source: Path, out: Path) -> None:
    """The PDF ``source`` with each table of three or more columns (as pdfplumber finds it) taken out
    of the text layer (its text and rules) and drawn back as a picture of itself; the prose stays text."""
    import pdfplumber
    import pypdfium2

    with pdfplumber.open(str(source)) as plumber:
        boxes = [[t.bbox for t in page.find_tables() if len(t.columns) >= 3] for page in plumber.pages]
    scale = _rng("pdfpics", source).choice((2.0, 2.5, 3.0))
    pdf = pypdfium2.PdfDocument(str(source))
    try:
        for number, page_boxes in enumerate(boxes):
            if not page_boxes:
                continue
            page = pdf[number]
            height = page.get_height()
            shown = page.render(scale=scale).to_pil()
            for x0, top, x1, bottom in page_boxes:
                x0, top, x1, bottom = x0 - 2, top - 2, x1 + 2, bottom + 2
                picture = shown.crop(tuple(int(v * scale) for v in (x0, top, x1, bottom)))
                for obj in list(page.get_objects()):  # what lies inside the table: its text and rules
                    left, low, right, high = obj.get_bounds()
                    if left >= x0 - 1 and right <= x1 + 1 and low >= height - bottom - 1 and high <= height - top + 1:
                        page.remove_obj(obj)
                image = pypdfium2.PdfImage.new(pdf)
                image.set_bitmap(pypdfium2.PdfBitmap.from_pil(picture))
                image.set_matrix(pypdfium2.PdfMatrix().scale(x1 - x0, bottom - top).translate(x0, height - bottom))
                page.insert_obj(image)
            page.gen_content()
        pdf.save(str(out))
    finally:
        pdf.close()


# ---------------------------------------------------------------- all of them


def make_variants(outdir: Path, kinds: Sequence[str] = KINDS,
                  files: Optional[Sequence[Path]] = None) -> list[Variant]:
    """Write every variant of ``kinds`` under ``outdir/KIND/`` and a MANIFEST.tsv; return them.

    Raises ``ValueError`` for an unknown kind.
    """
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown variant kind {unknown[0]!r}; choose from {', '.join(KINDS)}")
    files = list(files) if files is not None else source_files()
    made: list[Variant] = []
    for kind in kinds:
        folder = Path(outdir) / kind
        folder.mkdir(parents=True, exist_ok=True)
        for number, source in enumerate(sources_of(kind, files), start=1):
            made.append(_make(kind, source, folder, number))
    with open(Path(outdir) / "MANIFEST.tsv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["kind", "file", "source"])
        for variant in made:
            writer.writerow([variant.kind, variant.path.relative_to(outdir).as_posix(), str(variant.source)])
    return made


def load_manifest(outdir: Path) -> list[Variant]:
    """The variants a former ``make_variants(outdir)`` wrote, from its MANIFEST.tsv.

    Raises ``FileNotFoundError`` naming the folder when it holds no MANIFEST.tsv.
    """
    manifest = Path(outdir) / "MANIFEST.tsv"
    if not manifest.is_file():
        raise FileNotFoundError(f"{outdir}: no MANIFEST.tsv; write the variants with "
                                f"`python -m tests.variants {outdir}` first")
    with open(manifest, encoding="utf-8", newline="") as handle:
        return [Variant(kind=row["kind"], path=Path(outdir) / row["file"], source=Path(row["source"]))
                for row in csv.DictReader(handle, delimiter="\t")]


def _make(kind: str, source: Path, folder: Path, number: int) -> Variant:
    if kind == "md":
        out = folder / f"{source.stem}.md"
        out.write_text(render_markdown(source), encoding="utf-8")
    elif kind == "md_neutral":
        out = folder / f"report_{number:03d}.md"
        out.write_text(render_markdown(source), encoding="utf-8")
    elif kind == "docx":
        out = folder / f"{source.stem}.docx"
        render_docx(source, out)
    elif kind == "spans":
        out = folder / f"{source.stem}.html"
        out.write_bytes(render_spans(source))
    elif kind == "pdfpics":
        out = folder / f"{source.stem}.pdf"
        render_picture_pdf(source, out)
    else:
        out = folder / f"{source.stem}.pdf"
        render_image_pdf(source, out)
    return Variant(kind=kind, path=out, source=source)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.variants", description=__doc__.split("\n")[0])
    parser.add_argument("outdir", type=Path, help="folder to write OUTDIR/KIND/… into")
    parser.add_argument("--only", choices=KINDS, action="append", help="one kind (repeatable)")
    args = parser.parse_args(argv)
    made = make_variants(args.outdir, args.only or KINDS)
    for kind in args.only or KINDS:
        count = sum(1 for v in made if v.kind == kind)
        print(f"{kind:11s} {count:3d} files in {args.outdir / kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
