"""Open a report file: pick its reader by content and extension, refuse bad input with a one-line error.

``load_document(path)`` is the one door from a file to a ``Document``. The readers
(``corpus.text``, ``corpus.html``, ``corpus.pdf``, ``corpus.docx``) are imported only when a file
of their kind is read, so that opening a text report never loads PDF or DOCX libraries.

The file's first bytes decide its kind as much as its extension (``sniff``): a PDF saved as
``.txt`` is read as a PDF, a ``.html`` that holds an image, an archive or random bytes is refused
as what it is, and so is a page saved as ``.pdf`` (a failed download). The size limits of ``corpus.limits`` apply to every file before and after reading.
"""
from __future__ import annotations

import glob
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import replace
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Iterable, Iterator, Union

from corpus import limits
from corpus.errors import ReportError
from corpus.records import Document, Line, RawTable

# extension -> reader module (each has ``read(path: Path, data: bytes) -> Document``)
READERS = {
    ".txt": "corpus.text",
    ".md": "corpus.text",
    ".html": "corpus.html",
    ".htm": "corpus.html",
    ".pdf": "corpus.pdf",
    ".docx": "corpus.docx",
    ".mhtml": "corpus.mhtml",
    ".mht": "corpus.mhtml",
    ".eml": "corpus.mhtml",
    ".rtf": "corpus.rtf",
    ".csv": "corpus.sheet",
}
SKIPPED_NAMES = {"MANIFEST.tsv"}
# kind found by ``sniff`` -> reader module
KIND_READERS = {"pdf": "corpus.pdf", "docx": "corpus.docx", "html": "corpus.html", "text": "corpus.text",
                "rtf": "corpus.rtf"}
# magic numbers of files that are no report: (prefix, what the file is, what to do)
_NOT_REPORTS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "give the report's text (PDF, DOCX, HTML or text), not a picture"),
    (b"\xff\xd8\xff", "a JPEG image", "give the report's text (PDF, DOCX, HTML or text), not a picture"),
    (b"GIF8", "a GIF image", "give the report's text (PDF, DOCX, HTML or text), not a picture"),
    (b"BM", "a BMP image", "give the report's text (PDF, DOCX, HTML or text), not a picture"),
    (b"II*\x00", "a TIFF image", "give the report's text (PDF, DOCX, HTML or text), not a picture"),
    (b"MM\x00*", "a TIFF image", "give the report's text (PDF, DOCX, HTML or text), not a picture"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Excel (.doc/.xls) file", "save it as .docx or PDF"),
    (b"\x1f\x8b", "a gzip archive", "unpack it and give the report inside"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive", "unpack it and give the report inside"),
    (b"Rar!", "a RAR archive", "unpack it and give the report inside"),
    (b"\x7fELF", "a program (ELF)", "give a report file"),
    (b"MZ", "a program (Windows)", "give a report file"),
)
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|"
                         rb"<!--|<\?xml[^>]*>\s*(?:<!doctype\s+html|<html))", re.I)
_HTML_TAG = re.compile(rb"<(?:html|body|p|div|table|br|span|font|td|meta|title|h[1-6])[\s/>]", re.I)


def content_hash(data: bytes) -> str:
    """The sha256 hex digest of a file's raw bytes: the report's identity."""
    return hashlib.sha256(data).hexdigest()


def load_document(path: Union[str, Path]) -> Document:
    """Read one report file into a Document, with the reader its content and extension name.

    Raises ReportError (one line: the file, what is wrong, what to do) for a missing file, a
    folder, an unknown extension, an empty file, a file over a limit of ``corpus.limits``, or a
    file whose content is no report (an image, an archive, binary junk); the readers raise it for
    what only they can see (an encrypted or scanned PDF, a broken DOCX …).
    """
    path = Path(path)
    if not path.exists():
        raise ReportError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise ReportError(f"{path}: is a folder; give a report file, or use a command that "
                          "reads folders")
    module = READERS.get(path.suffix.lower())
    if module is None:
        known = ", ".join(sorted(READERS))
        raise ReportError(f"{path}: unknown file type '{path.suffix or '(none)'}'; "
                          f"reportqa reads {known}")
    try:
        limits.check_file_size(str(path), path.stat().st_size)
        data = path.read_bytes()
    except OSError as err:
        raise ReportError(f"{path}: cannot be read ({err.strerror}); check its permissions") from None
    limits.check_file_size(str(path), len(data))  # it may have grown since
    if not data.strip():
        raise ReportError(f"{path}: empty file ({len(data)} bytes); give a report with content")
    module = _reader_for(path, data, module)
    if module == "corpus.text":
        limits.check_lines(str(path), data)
        limits.check_text_lines(str(path), data)  # a line is a block: refused before they are built
    document = import_module(module).read(path, data)
    if module == "corpus.html":
        document = _with_its_other_pages(path, document)
    if module == "corpus.docx":
        document = _row_tables_joined(document)
    document = _sections_out_of_tables(_with_plain_characters(document))
    check_document(document)
    return document


def _row_tables_joined(document: Document) -> Document:
    """A table pasted as one table a row (three or more one-row tables, nothing between them) joined back into
    one grid; a row shorter than the widest takes its missing first cells from the row above, as a cell merged
    down the rows (三、本年度办理结果, （三）不予公开) would have given them."""
    blocks, run = [], []

    def flush() -> None:
        if len(run) >= 3:
            width, rows = max(len(t.grid[0]) for t in run), []
            for t in run:
                row = list(t.grid[0])
                if len(row) < width:
                    row = _under_the_row_above(row, list(rows[-1]) if rows else [""] * width)
                rows.append(tuple(row))
            blocks.append(RawTable(grid=tuple(rows), where=run[0].where, caption=run[0].caption))
        else:
            blocks.extend(run)
        run.clear()

    for block in document.blocks:
        if isinstance(block, RawTable) and len(block.grid) == 1:
            run.append(block)
            continue
        flush()
        blocks.append(block)
    flush()
    return replace(document, blocks=tuple(blocks))


def _under_the_row_above(row: list, above: list) -> list:
    """A short row placed in the grid's width: header words under the run of one spanning header of their
    count (商业企业 … 其他 under 法人或其他组织 ×5); else right-aligned, its first cells those of the row above."""
    if not any(re.fullmatch(r"[\d.,，\-—/]+", (c or "").strip()) for c in row):
        for start in range(len(above) - len(row) + 1):
            span = above[start:start + len(row)]
            if span[0] and len(set(span)) == 1 and (start == 0 or above[start - 1] != span[0]) \
                    and (start + len(row) == len(above) or above[start + len(row)] != span[0]):
                return above[:start] + row + above[start + len(row):]
    return above[:len(above) - len(row)] + row


# an article's later page as a CMS saves it: t20240308_87885.html, then t20240308_87885_1.html (or _2 …)
_PAGE_OF = re.compile(r"^(?P<base>.+)_(?P<n>\d{1,2})$")
_NUMBERED_HEADING = re.compile(r"^\s*([一二三四五六七八九十])\s*[、.．]")
_CN_NUMBERS = "一二三四五六七八九十"


def _with_its_other_pages(path: Path, document: Document) -> Document:
    """An article published over several HTML pages read as one document: the first page's blocks, then
    each later page's (``X.html``, ``X_1.html`` or ``X_2.html`` …), when each page's numbered sections
    (一、二、 …) go on where the page before stopped. Every page of the article gives the same document
    (path and content hash of the first page, hash over all pages), so reading a later page alone adds
    nothing a reading of the first did not. A page of its own is returned as it is."""
    own = _PAGE_OF.match(path.stem)
    base = path.with_name(own.group("base") + path.suffix) if own else path
    if not base.exists():
        base = path  # (a first page whose own name ends in _1)
    later = sorted((p for p in path.parent.glob(f"{glob.escape(base.stem)}_*{path.suffix}")
                    if _PAGE_OF.match(p.stem) and _PAGE_OF.match(p.stem).group("base") == base.stem),
                   key=lambda p: int(_PAGE_OF.match(p.stem).group("n")))
    if not later or not base.exists() or len(later) > 20:
        return document
    from corpus import html

    pages, blobs = [], []
    for page in [base] + later:
        try:
            data = page.read_bytes()
            limits.check_file_size(str(page), len(data))
            pages.append(document if page == path else html.read(page, data))
        except (OSError, ReportError):
            return document
        blobs.append(data)
    if not all(_continues(a, b) for a, b in zip(pages, pages[1:])):
        return document
    blocks = tuple(b for page in pages for b in page.blocks)
    return replace(pages[0], path=str(base), blocks=blocks, content_hash=content_hash(b"".join(blobs)))


def _section_numbers(document: Document) -> list[int]:
    return [_CN_NUMBERS.index(m.group(1)) + 1 for b in document.blocks if isinstance(b, Line)
            for m in [_NUMBERED_HEADING.match(b.text)] if m]


def _continues(first: Document, then: Document) -> bool:
    """Whether a page's numbered sections go on where the page before stopped (一、二 then 三、四 …)."""
    before, after = _section_numbers(first), _section_numbers(then)
    return bool(before) and bool(after) and after[0] == max(before) + 1


# Kangxi radicals and CJK radical supplements (⼈⺠ for 人民) that some PDF fonts map their glyphs to:
# the same characters to a reader, different ones to every comparison.
_RADICALS = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x2E80, 0x2FE0)
             if unicodedata.normalize("NFKC", chr(c)) != chr(c)}
# supplement radicals with no compatibility mapping, as the simplified characters they print as
_RADICALS.update({ord(a): b for a, b in zip("⺠⻓⻔⻛⻋⻅⻜⻢⻥⻩⻝⻤⻆⻚⻉⻙⻘⻬⻮⻰⻳⻨⻦⻧⻊⺟⺩⻄⻃⻖⻏⺮⺁",
                                            "民长门风车见飞马鱼黄食鬼角页贝韦青齐齿龙龟麦鸟卤足母王西示阝阝竹厂")})


# a section's heading ("四、政府信息公开行政复议、行政诉讼情况"), as a row across a table's whole width
_SECTION_ROW = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]\s*\D{4,}$")


def _sections_out_of_tables(document: Document) -> Document:
    """The document with a table that holds several of the report's sections split at their headings:
    some Word files set the three statistics tables as one table, each section's title a row merged
    across its width ("二、主动公开政府信息情况" … "三、收到和处理…" … "四、…行政复议…"). Each heading becomes
    a line, and each part a table of its own, read with its own header."""
    holding = {i for i, b in enumerate(document.blocks)
               if isinstance(b, RawTable) and any(_section_row(r) for r in b.grid)}
    if not holding:
        return document
    blocks: list = []
    for i, b in enumerate(document.blocks):
        if i not in holding:
            blocks.append(b)
            continue
        part: list = []
        caption = b.caption  # the text above the table is the first part's caption only
        for row in [*b.grid, None]:
            heading = _section_row(row) if row is not None else ""
            if (heading or row is None) and part:
                blocks.append(replace(b, grid=tuple(part), caption=caption))
                part, caption = [], ""
            if heading:
                blocks.append(Line(text=heading, where=b.where))
                caption = ""
            elif row is not None:
                part.append(row)
    return replace(document, blocks=tuple(blocks))


def _section_row(row) -> str:
    """The heading a table row holds when it is one section heading across the table's width, else ""."""
    texts = {(c or "").strip() for c in row}
    if len(row) < 2 or len(texts) != 1:
        return ""
    text = texts.pop()
    return text if _SECTION_ROW.match(text) else ""


def _with_plain_characters(document: Document) -> Document:
    """The document with radical look-alikes read as the characters they stand for (⼈ → 人), and a
    report written in traditional characters (a site's 繁體 switch, a Hong Kong or Taiwan copy) read
    as simplified (OpenCC ``t2s``); blocks without any change are kept as they are (no copy of a
    large document for nothing)."""
    convert = _traditional_converter(document)

    def plain(text):
        if not isinstance(text, str):
            return text
        text = text.translate(_RADICALS)
        return convert(text) if convert is not None else text

    def block(b):
        if isinstance(b, Line):
            text = plain(b.text)
            return b if text == b.text else replace(b, text=text)
        if isinstance(b, RawTable):
            grid = tuple(tuple(plain(c) for c in r) for r in b.grid)
            return b if grid == b.grid else replace(b, grid=grid)
        return b

    blocks = tuple(block(b) for b in document.blocks)
    return replace(document, blocks=blocks, title_hint=plain(document.title_hint))


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


# characters these reports use often that only traditional text writes so: a cheap first look
_TRADITIONAL = re.compile("[開關國會與請處報數單機條資訊們這說發實現辦議訴復號區縣鄉務據類統計總對應時]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _opening(texts: Iterable[str], size: int = 20000) -> str:
    """The first ``size`` characters of ``texts`` joined, read no further than needed."""
    taken, length = [], 0
    for text in texts:
        taken.append(text)
        length += len(text)
        if length >= size:
            break
    return "".join(taken)[:size]


def _traditional_converter(document: Document):
    """OpenCC's traditional-to-simplified converter when the document is written in traditional
    characters (one CJK character in twenty or more changes), else None."""
    sample = _opening(b.text for b in document.blocks if isinstance(b, Line)) or _opening(
        c or "" for b in document.blocks if isinstance(b, RawTable) for r in b.grid for c in r)
    cjk = len(_CJK_CHAR.findall(sample))
    if cjk < 50 or not _TRADITIONAL.search(sample):
        return None
    converter = _t2s()
    changed = sum(1 for a, b in zip(sample, converter.convert(sample)) if a != b)
    return converter.convert if changed >= 0.05 * cjk else None


def sniff(data: bytes) -> str:
    """What the bytes are: "pdf", "docx", "rtf", "html", "text", or "binary" (anything else).

    Decided from the first bytes only (magic numbers, markup at the start, control characters):
    cheap for any size of file.
    """
    head = data[:4096]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else "binary"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text: the text reader decodes it
        return "html" if _HTML_START.match(head.decode("utf-16", "ignore").encode("utf-8")) else "text"
    if b"\x00" in head or _control_share(head) > 0.05:
        return "binary"
    return "html" if _HTML_START.match(head) else "text"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return True  # a broken .docx: its reader says what is wrong with it


def _control_share(head: bytes) -> float:
    """The share of control bytes (C0, whitespace and ESC aside) in the first bytes: text in any
    encoding reportqa reads has none."""
    controls = head.translate(None, _NOT_CONTROLS)
    return len(controls) / max(len(head), 1)


_NOT_CONTROLS = bytes(b for b in range(256) if b >= 0x20 and b != 0x7f or b in b"\t\n\r\f\v\x1b")


def _reader_for(path: Path, data: bytes, by_extension: str) -> str:
    """The reader for the file: a PDF or DOCX by its content whatever its name (a PDF named .txt is
    read as a PDF), an HTML page named .txt as HTML, plain text named .html as text; refused: binary
    junk, and text or a page under a .pdf/.docx name (a failed download, most likely)."""
    kind = sniff(data)
    if kind == "binary":
        head = data[:16]
        what, fix = next(((w, f) for magic, w, f in _NOT_REPORTS if head.startswith(magic)),
                         ("binary data", "give the report as a PDF, DOCX, HTML page or UTF-8/GBK text"))
        if head.startswith(b"PK\x03\x04"):
            what, fix = "a ZIP archive (not a Word .docx)", "unpack it and give the report inside"
        raise ReportError(f"{path}: {what}, not a {path.suffix.lower()} report; {fix}")
    if kind in ("pdf", "docx", "rtf"):
        return KIND_READERS[kind]
    if by_extension == "corpus.mhtml":
        return by_extension  # a MIME message: its page is taken out by the reader
    if by_extension in ("corpus.pdf", "corpus.docx"):  # a failed download, or a page saved under a document's name
        what, suffix = ("an HTML page", ".html") if kind == "html" else ("plain text", ".txt")
        raise ReportError(f"{path}: {what}, not a {path.suffix.lower()} file (no {path.suffix.lower()[1:].upper()} "
                          f"header); if it is the report, rename it {suffix}, else download the report again")
    if by_extension == "corpus.text" and kind == "html":
        return "corpus.html"
    if by_extension == "corpus.html" and not _HTML_TAG.search(data[:65536]):
        return "corpus.text"  # no markup at all: plain text under an .html name
    return by_extension


def check_document(document: Document) -> None:
    """Apply the limits on what a reader produced (lines and tables, table sizes) before the rest
    of the pipeline works on it; raises ReportError naming the limit."""
    limits.check_blocks(document.path, len(document.blocks))
    for block in document.blocks:
        if isinstance(block, RawTable) and block.grid:
            limits.check_table(document.path, len(block.grid), max(len(row) for row in block.grid))


def iter_report_files(paths: Iterable[Union[str, Path]]) -> Iterator[Path]:
    """Expand folders into the report files inside them (sorted, recursive, known extensions
    only, hidden files and MANIFEST.tsv skipped); a path that is not a folder is given as is,
    so that ``load_document`` can say what is wrong with it."""
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            yield path
            continue
        for found in sorted(path.rglob("*")):
            relative = found.relative_to(path).parts
            if (found.is_file() and found.suffix.lower() in READERS
                    and found.name not in SKIPPED_NAMES
                    and not any(part.startswith(".") for part in relative)):
                yield found


# document files a folder may hold that reportqa does not read: said at ingest, never skipped silently
_UNREAD = {".doc": "save it as .docx or PDF", ".wps": "save it as .docx or PDF", ".odt": "save it as .docx or PDF",
           ".ofd": "print it to PDF", ".xls": "save the tables in the report's PDF or DOCX",
           ".xlsx": "save the tables in the report's PDF or DOCX", ".et": "save the tables in the report's PDF or DOCX",
           ".jpg": "give the report's PDF (a scan is read by OCR)", ".jpeg": "give the report's PDF (a scan is read by OCR)",
           ".png": "give the report's PDF (a scan is read by OCR)", ".tif": "give the report's PDF (a scan is read by OCR)",
           ".tiff": "give the report's PDF (a scan is read by OCR)"}


def unread_files(paths: Iterable[Union[str, Path]]) -> list[tuple[Path, str]]:
    """Document files inside the folders given that ``iter_report_files`` leaves out (a .doc, a .wps,
    a picture), each with what to do, for ingest to say so."""
    out = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                fix = _UNREAD.get(found.suffix.lower())
                if fix and found.is_file() and not any(p.startswith(".") for p in found.relative_to(path).parts):
                    out.append((found, fix))
    return out

