"""Read a PDF's text layer: paragraphs with their page numbers, and tables rebuilt as grids.

Chinese government PDFs (mostly WPS exports) hard-wrap every line, so the wrapped lines of a
paragraph are joined back into one ``Line``; a paragraph starts at an indent, a heading marker
(一、 （一） 1.), a change of type size, or after a line that stops short of the right margin.
Page footers ("-3-", "— 3 —", "第3页") are dropped.

Tables are found from their ruling lines only (stroked lines and border rectangles; the white
and shaded fills WPS paints behind text are ignored), so a prose box is never taken for a table.
Each table is closed at the top and bottom of its vertical rules, which recovers the rows of a
table cut by a page break. Cells spanning rows or columns repeat their text in every slot, as
the HTML reader does with rowspan/colspan. A table cut by a page break is merged with its
continuation: columns are matched by position (the same columns laid out a few points apart on
the new page are taken as the columns above), a repeated header is dropped, and a cell cut in
two ("（四）无" / "法提供") is joined again.

A page with a text layer may still hold a table only as a picture (pasted in as a screenshot): a
picture wide and high enough to hold one, with no text of the layer over it, is read by OCR
(``corpus.ocr``, that part of the page only) and its lines and tables take their places among the
page's own; a page with no text layer at all is read by OCR whole.
"""
from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import count
from pathlib import Path
from typing import Optional, Union

import pdfplumber
import pypdf
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import PDFException
from pdfminer.psparser import PSException
from pdfplumber.page import Page
from pdfplumber.utils import extract_text as chars_text
from pdfplumber.utils.exceptions import PdfminerException

from corpus import limits
from corpus.errors import ReportError
from corpus.fitting import fit_table
from corpus.layout import national_heading
from corpus.records import Block, Document, Line, Location, RawTable

# pdfminer warns once per glyph run about fonts without a FontBBox (Chromium's PDFs): harmless to the
# text, and hundreds of lines in an ingest's output
logging.getLogger("pdfminer.pdffont").setLevel(logging.ERROR)

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2014\u2018-\u201d"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、](?!\d)|附[表件])"
)
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|附[表件])")
_FOOTER = re.compile(r"^(?:[-—–－~\s]+\d{1,4}[-—–－~\s]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?)$")
_LONE_NUMBER = re.compile(r"^[-—–－~]?\s*\d{1,4}\s*[-—–－~]?$")  # "3", "-3" (a dash lost by OCR) at the page edge
_NUMBER = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?%?$")
_TOL = 4.0  # points: two rules or column edges this close are the same one
_TEXT_LAYER_CHARS = 10  # a page with fewer non-space characters has no text layer: it is OCRed


@dataclass
class _Part:
    """One table (or the piece of it on one page): cell ids in grid slots, and each cell's text."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    xs: list[float]  # column boundaries, left to right
    slots: list[list[Optional[int]]]  # slots[row][col] -> cell id (a spanning cell fills several)
    texts: dict[int, str] = field(default_factory=dict)
    scanned: bool = False  # read by OCR: its labels and figures are fitted to the template before use


@dataclass
class _TextLine:
    text: str
    page: int
    number: int  # 1-based, among the page's text lines outside tables
    x0: float
    x1: float
    size: float
    scanned: bool = False  # read by OCR: its size is a box's height, too rough to tell a heading by
    margin: str = ""  # "top" or "bottom": the line stands in the page's top or bottom tenth


def read(path: Path, data: bytes) -> Document:
    """Read a PDF with a text layer into a ``Document`` of paragraph Lines and RawTables.

    Raises ``ReportError`` for a file that is not a PDF, a truncated, damaged or encrypted PDF,
    and one without a usable text layer (a scan, or fonts that map no glyph to text).
    """
    if b"%PDF-" not in data[:1024]:
        raise ReportError(f"{path}: not a PDF file (no %PDF header); check the file or give it its real extension")
    if b"%%EOF" not in data[-2048:]:
        raise ReportError(f"{path}: the PDF is truncated (no %%EOF end marker); download the file again")
    return _read(path, data, data)


def _read(path: Path, data: bytes, original: bytes) -> Document:
    ids = count()
    scans = _Scans(path, data)
    turns: dict[int, tuple[int, int]] = {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf, scans:
            title = _title_hint(pdf)
            limits.check_pages(str(path), len(pdf.pages))
            pages, chars, images, items = [], [], 0, 0
            for page in pdf.pages:  # one page at a time: a scanned page is rendered, OCRed and freed
                page_chars = [c["text"] for c in page.chars]
                images += len(page.images)
                if sum(not (t.isspace() or t.startswith("(cid:")) for t in page_chars) >= _TEXT_LAYER_CHARS \
                        and not _garbled(page_chars):
                    if data is original and sum(not c["upright"] for c in page.chars) * 2 > len(page.chars) \
                            and _text_run(page) != (1, 0):
                        turns[page.page_number - 1] = _text_run(page)  # text set sideways: read turned
                    shown = _without_slanted(page)  # a diagonal watermark ("仅供参考") is no text of the report
                    pictures = _pictures(shown)  # a table pasted as a picture beside prose with a text layer
                    pages.append((page.page_number, _page_items(
                        shown, ids, scans.placed(page.page_number, ids, pictures) if pictures else ())))
                    chars.extend(page_chars)
                else:  # no text layer, or one whose fonts map no glyph to text
                    pages.append((page.page_number, scans.items(page.page_number, ids)))
                page.close()
                items += len(pages[-1][1])  # lines and table parts so far: each at most one block
                limits.check_blocks(str(path), items)
    except (PdfminerException, PDFException, PSException, ValueError, KeyError, TypeError, AttributeError,
            IndexError) as err:
        cause = err.args[0] if isinstance(err, PdfminerException) and err.args else err
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ReportError(f"{path}: the PDF is encrypted (a password is needed to open it); "
                              "save an unprotected copy and retry") from None
        raise ReportError(f"{path}: the PDF is damaged and cannot be read ({_why(cause)}); download it again") from None
    if turns:
        turned = _turned(data, turns)
        if turned is not None:
            return _read(path, turned, original)
    scans.check()
    if not chars and not scans.read:
        raise ReportError(f"{path}: the PDF has no text layer (a scanned document); run OCR on it (e.g. ocrmypdf) and retry"
                          if images else f"{path}: the PDF holds no text and no images (blank pages); check the file")
    if chars and sum(text.startswith("(cid:") for text in chars) * 2 > len(chars):
        raise ReportError(f"{path}: the PDF's text layer cannot be decoded (its fonts map no glyph to text); "
                          "export it again with embedded Unicode fonts, or run OCR on it")
    blocks = tuple(_blocks(_without_running_lines(pages)))
    if not scans.read and not any(isinstance(b, RawTable) for b in blocks) \
            and any(isinstance(b, Line) and national_heading(b.text) for b in blocks):
        blocks = _laid_out(path, data) or blocks
    return Document(path=str(path), format="pdf", blocks=blocks,
                    content_hash=hashlib.sha256(original).hexdigest(), title_hint=title)


def _laid_out(path: Path, data: bytes) -> Optional[tuple[Block, ...]]:
    """A PDF whose tables have no ruling lines (cells set out by position only) under the national
    tables' headings: its text laid out as printed (pdfplumber's layout text, a page at a time) and
    read as ``pdftotext -layout`` text is, each block given its page. None when no table is found so."""
    from corpus.text import read as read_text

    numbered: list[tuple[int, str]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for line in (page.extract_text(layout=True) or "").splitlines():
                line = unicodedata.normalize("NFKC", line).rstrip()
                if line.strip():
                    numbered.append((page.page_number, line))
            page.close()
    if not numbered:
        return None
    text = read_text(path.with_suffix(".txt"), "\n".join(line for _, line in numbered).encode("utf-8"))
    if not any(isinstance(b, RawTable) for b in text.blocks):
        return None
    page_of = [page for page, _ in numbered]
    return tuple(replace(b, where=Location(page=page_of[min(max((b.where.line or 1) - 1, 0), len(page_of) - 1)]))
                 for b in text.blocks)


def _turned(data: bytes, turns: dict[int, tuple[int, int]]) -> Optional[bytes]:
    """The PDF with each page of ``turns`` (page index: the way its text runs as shown) shown turned a
    quarter or a half more (its ``/Rotate``), so that its text runs left to right: a landscape table
    set sideways in a portrait report. None when pypdf cannot rewrite the file."""
    steps = {(0, 1): 90, (0, -1): 270, (-1, 0): 180}  # /Rotate turns clockwise
    try:
        writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
        for i, run in turns.items():
            page = writer.pages[i]
            page.rotation = (page.rotation + steps[run]) % 360
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except (pypdf.errors.PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        return None


def _without_slanted(page: Page) -> Page:
    """The page without the characters set at a slant to its text (a watermark's "仅供参考" written
    diagonally across it, in the text layer too): each would land inside a word or a cell of the page
    (大通县政府办20考25年度). A page whose text runs straight keeps every character."""
    def slanted(obj: dict) -> bool:
        a, b = obj["matrix"][:2] if obj.get("object_type") == "char" else (1, 0)
        return bool(a or b) and 0.1 < abs(b) / (abs(a) + abs(b)) < 0.9

    chars = [c for c in page.chars if not c["text"].isspace()]
    few = sum(1 for c in chars if slanted(c))
    if not few or few * 4 > len(chars):  # none, or text set at a slant as a whole: left as it is
        return page
    return page.filter(lambda obj: not slanted(obj))


def _garbled(chars: list[str]) -> bool:
    """Whether a page's text layer is glyph codes rather than text (fonts without a ToUnicode map copy
    out as "(cid:247)´(cid:159)ił…"): hardly a Chinese character, and codes or stray accented letters in
    their place. Such a page is read from its picture, as a scan is."""
    shown = [t for t in chars if not t.isspace()]
    if len(shown) < 50:
        return False
    cjk = sum(1 for t in shown if "\u3400" <= t[:1] <= "\u9fff")
    odd = sum(1 for t in shown if t.startswith("(cid:") or (len(t) == 1 and "\u00a0" <= t <= "\u02ff"))
    return cjk < 0.05 * len(shown) and odd > 0.1 * len(shown)


def _text_run(page: Page) -> tuple[int, int]:
    """The way most of a page's characters run as the page is shown, as a unit step: (1, 0) left to
    right, (0, 1) upwards, (0, -1) downwards, (-1, 0) upside down."""
    runs = Counter((round(a / (abs(a) + abs(b))), round(b / (abs(a) + abs(b))))
                   for a, b, *_ in (c["matrix"] for c in page.chars if not c["text"].isspace()) if a or b)
    return runs.most_common(1)[0][0] if runs else (1, 0)


class _Scans:
    """The pages read by OCR (``corpus.ocr``), opened on the first page without a text layer."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path, self.data = path, data
        self.reader = None
        self.read = 0  # pages OCR found text on
        self.empty: list[int] = []  # pages without a text layer where OCR found no text

    def __enter__(self) -> "_Scans":
        return self

    def __exit__(self, *exc) -> None:
        if self.reader is not None:
            self.reader.close()

    def items(self, number: int, ids: count) -> list[Union[_Part, _TextLine]]:
        """The page's tables and lines as OCR reads them, in the text-layer reader's records."""
        items = self.placed(number, ids)
        if items:
            self.read += 1
        else:
            self.empty.append(number)
        return [item for _, item in items]

    def placed(self, number: int, ids: count, clips: tuple = (None,)) -> list[tuple[float, Union[_Part, _TextLine]]]:
        """OCR of the page (or of each ``clips`` part of it, in points): its tables and lines, each with
        its top, top to bottom."""
        items: list[tuple[float, Union[_Part, _TextLine]]] = []
        for clip in clips:
            items += self._placed(number, ids, clip)
        items.sort(key=lambda item: item[0])
        return items

    def _placed(self, number: int, ids: count, clip) -> list[tuple[float, Union[_Part, _TextLine]]]:
        from corpus.ocr import ScanReader

        if self.reader is None:
            self.reader = ScanReader(self.data, str(self.path))
        scan = self.reader.read(number - 1, clip)
        items: list[tuple[float, Union[_Part, _TextLine]]] = []
        for table in scan.tables:
            new = {old: next(ids) for old in table.texts}
            slots = [[new.get(i) if i is not None else None for i in row] for row in table.slots]
            texts = {new[i]: text for i, text in table.texts.items()}
            items.append((table.top, _Part(number, table.top, table.bottom, table.x0, table.x1, list(table.xs),
                                           slots, texts, scanned=True)))
        lines = [line for line in scan.lines if not _is_footer(line.text, line.top, line.bottom, scan.height)]
        for n, line in enumerate(lines, 1):
            items.append((line.top, _TextLine(line.text, number, n, line.x0, line.x1, line.size, scanned=True)))
        return items

    def check(self) -> None:
        """Raise ``ReportError`` naming the pages when OCR was needed and found no text anywhere."""
        if self.empty and not self.read and self.reader is not None:
            pages = ", ".join(map(str, self.empty[:5])) + (" …" if len(self.empty) > 5 else "")
            which = f"page {pages} has" if len(self.empty) == 1 else f"pages {pages} have"
            raise ReportError(f"{self.path}: {which} no text layer, and OCR finds no text there "
                              f"(a blank or unreadable scan); check the file, or scan it again at 300 dpi")


def clean(text: str) -> str:
    """Join a cell's or line's wrapped pieces and drop the spaces a PDF puts around CJK text."""
    text = re.sub(r"(?<=[A-Za-z0-9])\n(?=[A-Za-z0-9])", " ", text).replace("\n", "")
    return re.sub(r"\s+", " ", _SPACE_NEAR_CJK.sub("", text)).strip()


def _why(err: BaseException) -> str:
    return (str(err) or type(err).__name__).splitlines()[0][:80]


def _title_hint(pdf: pdfplumber.PDF) -> str:
    """The Title the PDF's metadata states, decoded (WPS writes it as UTF-16LE with a BOM)."""
    raw = (pdf.doc.info[0] if pdf.doc.info else {}).get("Title")
    if hasattr(raw, "resolve"):
        raw = raw.resolve()
    if isinstance(raw, str):
        return raw.strip()
    if not isinstance(raw, bytes):
        return ""
    for bom, codec in ((b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le")):
        if raw.startswith(bom):
            return raw[2:].decode(codec, "replace").strip("\x00 ").strip()
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return raw.decode("latin-1").strip()


# ---------------------------------------------------------------- one page


_PICTURE_WIDTH = 0.3  # of the page's width: a picture this wide or wider may hold a table
_PICTURE_HEIGHT = 60.0  # points: ... and this high (a letterhead banner or a seal is not read)
_PICTURE_TEXT = 10  # characters of the text layer over a picture: more, and its text is there already


def _pictures(page: Page) -> tuple[tuple[float, float, float, float], ...]:
    """The parts of a page with a text layer that are pictures big enough to hold a table (a table
    pasted into the document as a screenshot) and that have no text of the layer over them, as
    (x0, top, x1, bottom) in points: they are read by OCR."""
    out = []
    for image in page.images:
        x0, top = max(image["x0"], 0.0), max(image["top"], 0.0)
        x1, bottom = min(image["x1"], float(page.width)), min(image["bottom"], float(page.height))
        if x1 - x0 < page.width * _PICTURE_WIDTH or bottom - top < _PICTURE_HEIGHT:
            continue
        over = sum(1 for c in page.chars if not c["text"].isspace()
                   and x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom)
        if over <= _PICTURE_TEXT:
            out.append((x0, top, x1, bottom))
    return tuple(out)


def _page_items(page: Page, ids: count, read: list = ()) -> list[Union[_Part, _TextLine]]:
    """The page's tables and text lines outside them, top to bottom (footers dropped), with the items
    ``read`` by OCR from its pictures, each (top, item), in their places."""
    spacing = _letter_spacing(page)
    parts = _tables(page, ids, spacing)
    boxes = [(p.x0, p.top, p.x1, p.bottom) for p in parts]

    def outside(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(outside) if boxes else page
    items: list[tuple[float, object]] = [(p.top, p) for p in parts] + list(read)
    number = 0
    # y_tolerance 5: Latin digits set in another font than the CJK around them sit a few points lower
    # (LiberationSerif beside Noto CJK: 4.5 pt at 21 pt), on the same line
    for line in rest.extract_text_lines(return_chars=True, y_tolerance=5, x_tolerance=spacing):
        text = clean(line["text"])
        if spacing > 3.0:  # a letter-spaced page's larger type (its title) spaced further still: "2 0 2 5"
            text = re.sub(r"(?<=\d) (?=\d)", "", text)
        if not text or _is_footer(text, line["top"], line["bottom"], page.height):
            continue
        number += 1
        size = sorted(c["size"] for c in line["chars"])[len(line["chars"]) // 2]
        margin = "top" if line["bottom"] < page.height * 0.1 else "bottom" if line["top"] > page.height * 0.9 else ""
        items.append((line["top"], _TextLine(text, page.page_number, number, line["x0"], line["x1"], size,
                                             margin=margin)))
    items.sort(key=lambda item: item[0])
    if read:  # lines read from pictures among the page's own: numbered again, top to bottom
        for n, line in enumerate((item for _, item in items if isinstance(item, _TextLine)), 1):
            line.number = n
    return [item for _, item in items]


def _is_footer(text: str, top: float, bottom: float, height: float) -> bool:
    if _FOOTER.match(text):
        return True
    return bool(_LONE_NUMBER.match(text)) and (bottom > height * 0.9 or top < height * 0.1)


def _rules(page: Page) -> list[dict]:
    """Ruling lines of the page, each table closed at the top and bottom of its vertical rules."""
    rules = [dict(line) for line in page.lines]
    for rect in page.rects:  # a stroked border, or a filled rect so thin it is drawn as a rule
        if rect.get("stroke") or rect["width"] < 2 or rect["height"] < 2:
            rules.append(dict(rect))
    verticals = sorted((r for r in rules if r["width"] < 2 and r["height"] >= 2), key=lambda r: r["top"])
    groups: list[list[dict]] = []
    for rule in verticals:  # group vertical rules whose heights overlap: one group per table
        if groups and rule["top"] <= max(r["bottom"] for r in groups[-1]) + _TOL:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    for group in groups:
        x0, x1 = min(r["x0"] for r in group), max(r["x1"] for r in group)
        for y in (min(r["top"] for r in group), max(r["bottom"] for r in group)):
            rules.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y,
                          "width": x1 - x0, "height": 0})
    return rules


def _letter_spacing(page: Page) -> float:
    """The gap (points) between characters below which they belong to one word: pdfplumber's 3, or
    more on a page set letter-spaced (some print drivers space every character apart: "本 年 新 收",
    "9 8 7 6"), where the characters of a line stand about as far apart as the median gap."""
    chars = sorted((c for c in page.chars if c["text"].strip()), key=lambda c: (round(c["top"]), c["x0"]))
    gaps, sizes = [], []
    for a, b in zip(chars, chars[1:]):
        if abs(a["top"] - b["top"]) < 1.5 and 0 <= b["x0"] - a["x1"] < 3 * a["size"]:
            gaps.append(b["x0"] - a["x1"])
            sizes.append(a["size"])
    if len(gaps) < 20:
        return 3.0
    gap, size = sorted(gaps)[len(gaps) // 2], sorted(sizes)[len(sizes) // 2]
    return max(3.0, gap + 0.3 * size) if gap > 0.3 * size else 3.0


def _tables(page: Page, ids: count, spacing: float = 3.0) -> list[_Part]:
    """The page's tables (at least two rows and two columns) as grids of cell ids; ``spacing``: the
    gap between the characters of one word (``_letter_spacing``)."""
    rules = _rules(page)
    if len(rules) < 4:
        return []
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": rules, "explicit_horizontal_lines": rules}
    parts = []
    for table in page.find_tables(settings):
        xs = _cluster([x for c in table.cells for x in (c[0], c[2])])
        ys = _cluster([y for c in table.cells for y in (c[1], c[3])])
        if len(xs) < 3 or len(ys) < 3:
            continue
        slots: list[list[Optional[int]]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
        texts: dict[int, str] = {}
        for x0, top, x1, bottom in table.cells:
            cell_id = next(ids)
            c0, c1, r0, r1 = _near(xs, x0), _near(xs, x1), _near(ys, top), _near(ys, bottom)
            for r in range(r0, r1):
                for c in range(c0, c1):
                    slots[r][c] = cell_id
            inside = [ch for ch in page.chars
                      if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom]
            texts[cell_id] = clean(chars_text(inside, x_tolerance=spacing))
        x0, top, x1, bottom = table.bbox
        parts.append(_Part(page.page_number, top, bottom, x0, x1, xs, slots, texts))
    return parts


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _TOL:
            out.append(value)
    return out


def _near(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


# ---------------------------------------------------------------- the document


def _without_running_lines(pages: list[tuple[int, list[Union[_Part, _TextLine]]]]) -> list:
    """The pages without their running heads and feet: a line in the top or bottom margin that stands
    there on more than one page, its figures aside (a browser's "2021/2/9 上午10:31 <title>" and
    "http://… 4/5"). Left in, they stand between a table and its continuation on the next page. A
    running head is kept where it first stands (it may be the only place the title is printed)."""
    def shape(line: _TextLine) -> tuple[str, str]:
        return line.margin, re.sub(r"\d+", "#", line.text)

    pages_of: dict[tuple[str, str], set[int]] = {}
    for number, items in pages:
        for item in items:
            if isinstance(item, _TextLine) and item.margin:
                pages_of.setdefault(shape(item), set()).add(number)
    running = {k: min(v) for k, v in pages_of.items() if len(v) >= 2}
    if not running:
        return pages
    return [(number, [item for item in items if not (
        isinstance(item, _TextLine) and shape(item) in running
        and (item.margin == "bottom" or number != running[shape(item)]))]) for number, items in pages]


def _blocks(pages: list[tuple[int, list[Union[_Part, _TextLine]]]]) -> list[Block]:
    """Paragraph Lines and RawTables in reading order, tables continued across pages merged."""
    blocks: list[Block | _Part] = []
    lines = [item for _, items in pages for item in items if isinstance(item, _TextLine)]
    left, right = _margins(lines)
    paragraph: list[_TextLine] = []

    def flush() -> None:
        if paragraph:
            first = paragraph[0]
            text = clean("\n".join(line.text for line in paragraph))
            blocks.append(Line(text, Location(page=first.page, line=first.number,
                                              scanned=any(line.scanned for line in paragraph))))
            paragraph.clear()

    previous_page_last = None
    for _, items in pages:
        items = _without_cut_label_tail(items)
        for i, item in enumerate(items):
            if isinstance(item, _Part):
                flush()
                last = blocks[-1] if blocks else None
                if i == 0 and isinstance(last, _Part) and last is previous_page_last and _continues(last, item):
                    _merge(last, item)
                else:
                    blocks.append(item)
                continue
            if paragraph and _starts_paragraph(paragraph[-1], item, left, right):
                flush()
            paragraph.append(item)
        previous_page_last = blocks[-1] if items and isinstance(items[-1], _Part) else None
    flush()
    return _finish(blocks)


def _without_cut_label_tail(items: list) -> list:
    """A page whose table runs on to the next: the last words of a wrapped row label that fell below
    the table ("（三）不予" above, "公开" in the bottom margin) are left out, so the table is still the
    page's last item and joins its continuation."""
    k = len(items)
    while k > 0 and isinstance(items[k - 1], _TextLine) and items[k - 1].margin == "bottom" \
            and len(items[k - 1].text.strip()) <= 6 and not re.search(r"[\d。，,；;：:]", items[k - 1].text):
        k -= 1
    return items[:k] if k < len(items) and k > 0 and isinstance(items[k - 1], _Part) else items


def _margins(lines: list[_TextLine]) -> tuple[float, float]:
    """The body's left and right margins: the most common line start and end."""
    if not lines:
        return 0.0, 0.0
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    right = Counter(round(line.x1) for line in lines).most_common(1)[0][0]
    return float(left), float(right)


def _starts_paragraph(previous: _TextLine, line: _TextLine, left: float, right: float) -> bool:
    short = (3.0 if previous.scanned else 1.5) * previous.size  # OCR's line ends and sizes jitter
    return (line.x0 > left + 0.8 * line.size  # indented or centred
            or bool(_MARKER.match(line.text))
            or (abs(line.size - previous.size) > 1.0 and not (line.scanned and previous.scanned))
            or previous.x1 < right - short)  # the line above stopped short


def _continues(above: _Part, below: _Part) -> bool:
    """Whether ``below``, first on its page, carries on ``above``, last on the page before: as wide,
    and where it stood; a scan's pages, each levelled on its own, may sit a little apart."""
    same_width = abs((above.x1 - above.x0) - (below.x1 - below.x0)) <= 2 * _TOL
    shift = 6 * _TOL if above.scanned and below.scanned else 2 * _TOL
    return same_width and abs(above.x0 - below.x0) <= shift


def _merge(above: _Part, below: _Part) -> None:
    """Append ``below`` to ``above``: columns matched by position, a cut cell joined again."""
    scale = (above.x1 - above.x0) / ((below.x1 - below.x0) or 1.0)
    moved = [above.x0 + (x - below.x0) * scale for x in below.xs]
    if _same_columns(above.xs, moved):
        moved = list(above.xs)  # each page laid the columns out afresh, a few points apart
    union = _cluster(above.xs + moved)
    top_rows = _spread(above.slots, above.xs, union)
    bottom_rows = _spread(below.slots, moved, union)
    texts = above.texts
    texts.update(below.texts)
    repeated = 0  # the table's header repeated on the new page
    while repeated < min(len(top_rows), len(bottom_rows) - 1) and any(texts.get(i) for i in bottom_rows[repeated]) \
            and [texts.get(i) for i in bottom_rows[repeated]] == [texts.get(i) for i in top_rows[repeated]]:
        repeated += 1
    del bottom_rows[:repeated]
    if top_rows and bottom_rows:
        _join_cut_cells(top_rows[-1], bottom_rows, texts)
    above.slots, above.xs, above.bottom = top_rows + bottom_rows, union, below.bottom


def _same_columns(above: list[float], below: list[float]) -> bool:
    """Whether two pages' column edges are one table's columns: as many, each within a column's
    slack (WPS lays a table out again on each page, its edges a few points off the page before)."""
    if len(above) != len(below) or len(above) < 3:
        return False
    narrowest = min(b - a for a, b in zip(above, above[1:]))
    return all(abs(a - b) <= min(3 * _TOL, narrowest / 3) for a, b in zip(above, below))


def _spread(slots: list[list[Optional[int]]], xs: list[float], union: list[float]) -> list[list[Optional[int]]]:
    """Re-grid rows onto the finer column boundaries ``union`` (a wide cell fills several)."""
    owners: list[Optional[int]] = []
    for a, b in zip(union, union[1:]):
        middle = (a + b) / 2
        inside = xs[0] - _TOL <= middle <= xs[-1] + _TOL
        owners.append(min(max(bisect_right(xs, middle) - 1, 0), len(xs) - 2) if inside else None)
    return [[row[j] if j is not None else None for j in owners] for row in slots]


def _join_cut_cells(last: list[Optional[int]], rows: list[list[Optional[int]]], texts: dict[int, str]) -> None:
    """Join the cells of the first continued row with the label cells they carry on."""
    first = rows[0]
    joined: dict[int, int] = {}  # id below -> id above
    for a, b in zip(last, first):
        if a is None or b is None or a == b or b in joined:
            continue
        above, below = texts.get(a) or "", texts.get(b) or ""  # None: a cell OCR could not read
        same_columns = [c for c, x in enumerate(last) if x == a] == [c for c, x in enumerate(first) if x == b]
        label_above = bool(above) and not _NUMBER.match(above)
        if same_columns and label_above and not (_NUMBER.match(below) or _MARKER.match(below)):
            texts[a] = clean(above + below)
            joined[b] = a
    if not joined:
        return
    values_last = [texts.get(a, "") for a in last if a is not None and a not in joined.values()]
    values_first = [texts.get(b, "") for b in first if b is not None and b not in joined]
    whole_row = any(texts.get(b) for b in joined) and not (any(values_last) and any(values_first))
    if whole_row:  # one row cut in two by the page break: join its other cells too
        for a, b in zip(last, first):
            if a is not None and b is not None and a != b and b not in joined:
                above, below = texts.get(a, ""), texts.get(b, "")  # None: unreadable, and stays so
                texts[a] = None if above is None or below is None else clean(above + below)
                joined[b] = a
    for row in rows:
        for k, b in enumerate(row):
            if b in joined:
                row[k] = joined[b]
    if whole_row:
        rows.pop(0)


def _finish(blocks: list[Block | _Part]) -> list[Block]:
    """Turn table parts into RawTables captioned by the nearest heading-like line above."""
    out: list[Block] = []
    caption = ""
    for block in blocks:
        if isinstance(block, Line):
            if _HEADING.match(block.text) and len(block.text) <= 40:
                caption = block.text
            out.append(block)
            continue
        grid = [[block.texts.get(i, "") if i is not None else "" for i in row] for row in _cells_of(block)]
        grid = [row for row in grid if any(row)]
        keep = [c for c in range(len(grid[0]) if grid else 0) if any(row[c] for row in grid)]
        grid = _fill_gaps([[row[c] for c in keep] for row in grid])
        if len(grid) >= 2 and len(keep) >= 2:
            table = RawTable(tuple(tuple(row) for row in grid), Location(page=block.page), caption)
            # OCR misreads labels and figures alike: a national table read off a scan keeps only the
            # figures its place in the template and the identities prove (corpus.fitting)
            fit = fit_table(table.grid, caption, strict=True) if block.scanned else None
            out.append(replace(table, grid=fit.grid) if fit is not None else table)
    return out


def _cells_of(block: _Part) -> list[list[Optional[int]]]:
    """The block's cell ids slot by slot; for table 二 read off a scan, each row's own cells in order
    (the last repeated to the width): its sub-tables are ruled each their own way, and a page
    levelled after a skewed scan leaves their column edges apart, so a figure spans slots that
    another row's cells divide, and slot by slot two cells of the same figure read as one."""
    proactive = any("第二十条" in (t or "") or "信息内容" in (t or "") for t in block.texts.values())
    if not (block.scanned and proactive):
        return block.slots
    rows = [list(dict.fromkeys(i for i in row if i is not None)) for row in block.slots]
    width = max((len(r) for r in rows), default=0)
    return [r + [r[-1]] * (width - len(r)) if r else [None] * width for r in rows]


def _fill_gaps(grid: list[list[str]]) -> list[list[str]]:
    """Give the empty slots of a drawn span the text of the span, as an HTML colspan would.

    A header cell cut by a stray rule ("" beside "行政诉讼") joins the neighbour whose header
    below it shares; an empty sub-label slot (（六）其他处理 drawn without merging the cell
    meant for "1.…" items) repeats the label on its left. Value cells stay as they are.
    """
    numeric = [any(_NUMBER.match(cell or "") for cell in row) for row in grid]
    header_rows = numeric.index(True) if True in numeric else len(grid)
    for r in range(min(header_rows, len(grid) - 1)):
        row, below = grid[r], grid[r + 1]
        c = 0
        while c < len(row):
            if row[c] != "":  # None (unreadable) is not a gap to fill
                c += 1
                continue
            end = c
            while end + 1 < len(row) and row[end + 1] == "":
                end += 1
            right, left = end + 1, c - 1
            if right < len(row) and row[right] and below[end] and below[end] == below[right]:
                row[c:end + 1] = [row[right]] * (end + 1 - c)
            elif left >= 0 and row[left] and below[c] and below[c] == below[left]:
                row[c:end + 1] = [row[left]] * (end + 1 - c)
            c = end + 1
    data = [row for row, has_number in zip(grid, numeric) if has_number]
    for c in range(1, len(grid[0]) if grid else 0):
        texts = [row[c] for row in data if row[c]]
        if not texts or any(_NUMBER.match(t) for t in texts) or \
                sum(bool(_MARKER.match(t)) for t in texts) * 2 <= len(texts):
            continue
        for row in data:
            if row[c] == "" and row[c - 1] and not _NUMBER.match(row[c - 1]):
                row[c] = row[c - 1]
    return grid
