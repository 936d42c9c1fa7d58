"""Read a Word (.docx) report: paragraphs (headings included) as Lines, tables as RawTable grids.

The body of ``word/document.xml`` is streamed with lxml's ``iterparse``: each paragraph and table
of the body is read when its end tag arrives and then freed, so that the work and memory follow
the file's real size. A .docx is a ZIP archive, and a small one can hold gigabytes of XML (a
"ZIP bomb"): every member is read through a counter that refuses the file at the limits of
``corpus.limits`` (decompressed bytes, compression ratio, XML depth, table size), each checked
while reading, before the bytes are parsed.

As with python-docx, the body's own paragraphs and tables are read in order (content controls,
text boxes, page headers and footers are not report text); a merged cell comes back once per
grid slot it covers (``gridSpan`` across, ``vMerge`` down), so the grid repeats the merged
cell's text in every slot, as the HTML reader does.

A converter from PDF often writes a table as paragraphs whose cells are separated by tabs, with
no Word table at all; such a document is read as the text reader reads tab-copied text.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import IO, Optional

from lxml import etree

from corpus import limits
from corpus.errors import ReportError
from corpus.files import content_hash
from corpus.html import caption_above, clean_text
from corpus.records import Block, Document, Line, Location, RawTable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"  # Word's alternate content (a shape, its fallback)
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_RATIO_FROM = 1 << 20  # members under 1 MB are never refused for their compression ratio
_TAB_ROWS = 5  # paragraphs with three or more tab-separated cells that make a document's tables tab-separated


def read(path: Path, data: bytes) -> Document:
    """Read a .docx report into a ``Document`` of Lines and RawTables in reading order.

    Raises ``ReportError`` (one line, naming the file) when the file is not a readable .docx,
    holds no text, or is over a limit of ``corpus.limits``.
    """
    name = str(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            budget = _Budget(name)
            styles = _style_names(archive, budget)
            title = _core_title(archive, budget)
            blocks, heading, raw, pictures = _body(archive, budget, styles)
            header = _header_title(archive, budget)
            fitted = _with_pictures(archive, budget, blocks, pictures)
    except ReportError:
        raise
    except Exception as error:  # zipfile and lxml raise their own errors for broken files
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ReportError(f"{path}: not a readable .docx file ({reason}); re-save it from Word or convert it to PDF") from None
    if not blocks:
        raise ReportError(f"{path}: the .docx file holds no text")
    first = next((b.text for b in blocks if isinstance(b, Line)), "")
    # a title printed only in the page header, the body starting with the prose: the header's title
    heading = heading if "报告" in heading or not header else header
    hint = clean_text(title) or heading or first
    tab_rows = sum(1 for line in raw if line.count("\t") >= 2)
    if tab_rows >= _TAB_ROWS and not any(isinstance(b, RawTable) for b in blocks):
        from corpus import text  # tables as tab-separated paragraphs: read as tab-copied text

        document = text.read(path, "\n".join(raw).encode("utf-8"))
        return replace(document, format="docx", content_hash=content_hash(data), encoding="",
                       title_hint=clean_text(title) or heading or document.title_hint or first)
    if fitted:  # tables read off pictures by OCR, fitted to the template
        from corpus.markdown import opening_text, settle_tables

        blocks = settle_tables(blocks, fitted, opening_text(hint, blocks))
    return Document(path=name, format="docx", blocks=tuple(blocks), content_hash=content_hash(data), title_hint=hint)


# ---------------------------------------------------------------- the archive, within limits


class _Budget:
    """The decompressed bytes the file may still produce, shared by all the members read."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.used = 0

    def open(self, archive: zipfile.ZipFile, member: str) -> Optional[IO[bytes]]:
        """The member as a stream that counts what it gives, or None when the archive lacks it;
        refused first by its declared size and compression ratio, then by what it really holds."""
        try:
            info = archive.getinfo(member)
        except KeyError:
            return None
        self._check(self.used + info.file_size, f"{member}, as its zip entry declares")
        if info.file_size > _RATIO_FROM:
            ratio = info.file_size / max(info.compress_size, 1)
            limits.check(self.name, f"the compression ratio of {member}", ratio, "compression_ratio",
                         "a document's XML compresses 5-20 times: this file is a ZIP bomb or broken", "to 1")
        return _Counted(archive.open(info), self, member)

    def _check(self, total: int, what: str) -> None:
        limits.check(self.name, f"the XML inside the .docx ({what})", total, "decompressed_bytes",
                     "a report's text is a few MB: re-save it from Word or convert it to PDF", "bytes")


class _Counted(io.RawIOBase):
    """A member's stream that stops the reading as soon as the budget is spent."""

    def __init__(self, stream: IO[bytes], budget: _Budget, member: str) -> None:
        self.stream, self.budget, self.member = stream, budget, member

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size if size is not None and size >= 0 else 1 << 16)
        self.budget.used += len(chunk)
        self.budget._check(self.budget.used, self.member)
        return chunk

    def close(self) -> None:
        self.stream.close()
        super().close()


def _iterparse(stream: IO[bytes], name: str, tags: Optional[tuple[str, ...]] = None):
    """``(event, element, depth)`` over an XML stream, depth checked against the limit; no DTDs,
    no entities, no network."""
    depth = 0
    events = etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False)
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                limits.check_depth(name, "XML", depth)
            else:
                depth -= 1
            yield event, element, depth
    except etree.XMLSyntaxError as error:
        if "depth" in str(error).lower():  # libxml2 parses ahead of the events and stops at 256 itself
            limits.check_depth(name, "XML", 256)
        raise


def _style_names(archive: zipfile.ZipFile, budget: _Budget) -> dict[str, str]:
    """Paragraph style id -> style name (``Heading1`` -> ``heading 1``)."""
    stream = budget.open(archive, "word/styles.xml")
    names: dict[str, str] = {}
    if stream is None:
        return names
    with stream:
        for event, element, _ in _iterparse(stream, budget.name):
            if event == "end" and element.tag == f"{W}style":
                found = element.find(f"{W}name")
                if found is not None:
                    names[element.get(f"{W}styleId", "")] = found.get(f"{W}val", "")
                element.clear()
    return names


def _core_title(archive: zipfile.ZipFile, budget: _Budget) -> str:
    stream = budget.open(archive, "docProps/core.xml")
    if stream is None:
        return ""
    with stream:
        for event, element, _ in _iterparse(stream, budget.name):
            if event == "end" and element.tag == DC_TITLE:
                return element.text or ""
    return ""


def _header_title(archive: zipfile.ZipFile, budget: _Budget) -> str:
    """The report's title where a page header prints it ("某某区2022年政府信息公开工作年度报告"), else ""."""
    for member in sorted(n for n in archive.namelist() if n.startswith("word/header") and n.endswith(".xml")):
        stream = budget.open(archive, member)
        if stream is None:
            continue
        with stream:
            for event, element, _ in _iterparse(stream, budget.name):
                if event == "end" and element.tag == f"{W}p":
                    text = clean_text("".join(t.text or "" for t in element.iter(f"{W}t")))
                    element.clear()
                    if "报告" in text and len(text) >= 8:
                        return text
    return ""


# ---------------------------------------------------------------- pictures


PICTURES_READ = 8  # pictures of one document read by OCR at most
_PICTURE_BYTES = 16 * 1024 * 1024
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _with_pictures(archive: zipfile.ZipFile, budget: _Budget, blocks: list[Block],
                   pictures: list[tuple[int, str]]) -> set[int]:
    """The tables of the document's pictures (tables pasted as images) read by OCR, put in ``blocks``
    where the pictures stand with the lines read beside them; a picture that holds no table (a seal,
    a logo, a photo) adds nothing. Returns the indices of the tables added, to be fitted."""
    if not pictures:
        return set()
    from corpus.ocr import in_reading_order, read_picture

    targets = _relationships(archive, budget)
    found: list[tuple[int, list[Block]]] = []
    for at, rid in pictures[:PICTURES_READ]:
        member = targets.get(rid, "")
        try:
            info = archive.getinfo(member)
        except KeyError:
            continue
        if info.file_size > _PICTURE_BYTES:
            continue
        stream = budget.open(archive, member)
        if stream is None:
            continue
        with stream:
            data = b"".join(iter(lambda: stream.read(1 << 16), b""))
        try:
            scan = read_picture(Path(budget.name) / member, data=data)
        except (OSError, ValueError, ReportError):  # not a picture PIL reads, or too large: the document stays
            continue
        if not scan.tables:
            continue
        found.append((at, [RawTable(grid=item, where=Location(line=0), caption="") if isinstance(item, tuple)
                           else Line(text=clean_text(item), where=Location(line=0))
                           for item in in_reading_order(scan) if isinstance(item, tuple) or item.strip()]))
    fitted: set[int] = set()
    for at, read in sorted(found, key=lambda pair: pair[0], reverse=True):
        blocks[at:at] = read
    for i, block in enumerate(blocks):
        blocks[i] = replace(block, where=replace(block.where, line=i + 1))
        if isinstance(block, RawTable) and any(block is r for _, read in found for r in read):
            fitted.add(i)
    return fitted


def _relationships(archive: zipfile.ZipFile, budget: _Budget) -> dict[str, str]:
    """The document's relationship ids and the members they name ("rId7" -> "word/media/image1.png")."""
    stream = budget.open(archive, "word/_rels/document.xml.rels")
    if stream is None:
        return {}
    out: dict[str, str] = {}
    with stream:
        for event, element, _ in _iterparse(stream, budget.name):
            if event == "end" and element.tag == _RELATIONSHIP and element.get("TargetMode") != "External":
                target = element.get("Target", "")
                out[element.get("Id", "")] = target.lstrip("/") if target.startswith("/") else f"word/{target}"
    return out


# ---------------------------------------------------------------- the body


def _body(archive: zipfile.ZipFile, budget: _Budget,
          styles: dict[str, str]) -> tuple[list[Block], str, list[str], list[tuple[int, str]]]:
    """The body's Lines and RawTables in reading order, the text of its first Title/Heading
    paragraph ("" if none), the paragraphs' text as written (tabs kept), and the pictures its
    paragraphs hold as (the number of blocks before it, relationship id)."""
    stream = budget.open(archive, "word/document.xml")
    if stream is None:
        raise ReportError(f"{budget.name}: not a readable .docx file (no word/document.xml); "
                          "re-save it from Word or convert it to PDF")
    blocks: list[Block] = []
    raw: list[str] = []
    pictures: list[tuple[int, str]] = []
    heading = ""
    with stream:
        for event, element, depth in _iterparse(stream, budget.name):
            if event != "end" or depth != 2:  # w:document > w:body > (w:p | w:tbl | …)
                continue
            if element.tag == f"{W}p":
                text = paragraph_text(element)
                raw.extend(text.split("\n"))
                if not heading and text.strip() and _is_heading(element, styles):
                    heading = clean_text(text)
                for part in text.split("\n"):  # a soft line break (w:br) ends a line, as <br> does
                    part = clean_text(part)
                    if part:
                        blocks.append(Line(text=part, where=Location(line=len(blocks) + 1)))
                pictures += [(len(blocks), blip.get(R_EMBED)) for blip in element.iter(BLIP) if blip.get(R_EMBED)]
                _text_boxes(element, blocks, raw, budget.name)
            elif element.tag == f"{W}tbl":
                _table_blocks(element, blocks, raw, budget.name)
            element.clear()  # read: free it and what came before it
            while element.getprevious() is not None:
                del element.getparent()[0]
            limits.check_blocks(budget.name, len(blocks))
    return blocks, heading, raw, pictures


def _text_boxes(paragraph: etree._Element, blocks: list[Block], raw: list[str], name: str) -> None:
    """The text boxes anchored in a body paragraph (a table or a heading laid in a drawing shape), read
    after it: their paragraphs and tables in order. Word writes each box twice, as a shape and as a
    VML fallback for old readers; the fallback is left out."""
    for box in paragraph.iter(f"{W}txbxContent"):
        if any(a.tag == f"{MC}Fallback" or a.tag == f"{W}txbxContent" for a in box.iterancestors()):
            continue
        for child in box:
            if child.tag == f"{W}p":
                text = paragraph_text(child)
                raw.extend(text.split("\n"))
                blocks.extend(Line(text=part, where=Location(line=len(blocks) + 1))
                              for part in map(clean_text, text.split("\n")) if part)
            elif child.tag == f"{W}tbl":
                _table_blocks(child, blocks, raw, name)


def _table_blocks(table: etree._Element, blocks: list[Block], raw: list[str], name: str) -> None:
    """A body table as blocks: its grid (small tables of figures in its cells read as its columns); or,
    for a layout table that holds tables in its cells (a statistics table inside a frame), the cells'
    paragraphs as Lines and their tables in order."""
    nested = table.find(f"{W}tr/{W}tc/{W}tbl") is not None
    grid = _nested_as_columns(table, name) if nested else table_grid(table, name)
    if not nested or grid is not None:
        if grid:
            blocks.append(RawTable(grid=grid, where=Location(line=len(blocks) + 1), caption=caption_above(blocks)))
        return
    for tc in table.iterfind(f"{W}tr/{W}tc"):
        for child in tc:
            if child.tag == f"{W}p":
                text = paragraph_text(child)
                raw.extend(text.split("\n"))
                for part in text.split("\n"):
                    part = clean_text(part)
                    if part:
                        blocks.append(Line(text=part, where=Location(line=len(blocks) + 1)))
            elif child.tag == f"{W}tbl":
                _table_blocks(child, blocks, raw, name)


def _nested_as_columns(table: etree._Element, name: str) -> Optional[tuple[tuple[str, ...], ...]]:
    """A statistics table whose cells hold small tables of figures beside their row labels (the
    applicant columns of each row written as a one-row table in one cell, the column heads as a
    table of their own) as one grid: each small table's columns become columns of the outer table,
    its rows sub-rows of the outer row. None for a layout table (a frame whose cells hold prose and
    whole tables), read as such by the caller."""
    rows: list[list[tuple[int, object]]] = []  # per row: (span, text or small grid)
    texts: list[list[str]] = []
    for tr in table.iterchildren(f"{W}tr"):
        row, flat = [], []
        for tc in tr.iterchildren(f"{W}tc"):
            props = tc.find(f"{W}tcPr")
            span = _int(props.find(f"{W}gridSpan") if props is not None else None)
            inner = tc.findall(f"{W}tbl")
            words = clean_text("\n".join(paragraph_text(p) for p in tc.iterchildren(f"{W}p")))
            if inner:
                if len(inner) > 1 or words or span != 1 or inner[0].find(f".//{W}tbl") is not None:
                    return None
                grid = table_grid(inner[0], name)
                if not grid or any(len(c) > 30 for r in grid for c in r):
                    return None
                row.append((1, grid))
                flat.extend([""])
                continue
            merge = props.find(f"{W}vMerge") if props is not None else None
            if merge is not None and merge.get(f"{W}val", "continue") == "continue" and texts:
                above = texts[-1]
                words = above[len(flat)] if len(flat) < len(above) else ""
            row.append((span, words))
            flat.extend([words] * span)
        rows.append(row)
        texts.append(flat)
    if sum(1 for row in rows if any(not isinstance(c, str) for _, c in row)) < 2 or any(len(row) < 2 for row in rows):
        return None
    width: dict[int, int] = {}  # outer column -> columns its small tables give it
    for row in rows:
        at = 0
        for span, cell in row:
            if not isinstance(cell, str):
                width[at] = max(width.get(at, 1), len(cell[0]))
            at += span
    out: list[list[str]] = []
    for row in rows:
        height = max((len(c) for _, c in row if not isinstance(c, str)), default=1)
        for i in range(height):
            line: list[str] = []
            at = 0
            for span, cell in row:
                wide = sum(width.get(c, 1) for c in range(at, at + span))
                if isinstance(cell, str):
                    line.extend([cell] * wide)
                else:
                    sub = list(cell[min(i, len(cell) - 1)])
                    line.extend(sub + [sub[-1]] * (wide - len(sub)))
                at += span
            limits.check_table(name, len(out) + 1, len(line))
            out.append(line)
    return _without_empty(out)


_RUN_TEXT = {f"{W}t": None, f"{W}tab": "\t", f"{W}ptab": "\t", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}


# Inside a paragraph, runs wrapped in these are its text too: a hyperlink's, and the changes a reviser
# made with tracking on (inserted or moved here), as Word shows them once accepted; deleted runs
# (w:del, w:moveFrom) are not
_RUN_WRAPPERS = {f"{W}hyperlink", f"{W}ins", f"{W}moveTo", f"{W}smartTag"}


def paragraph_text(paragraph: etree._Element) -> str:
    """A paragraph's text as Word shows it with every tracked change accepted: its runs and those of
    its hyperlinks and insertions (tabs as ``\\t``, line breaks as ``\\n``); text boxes and fields
    inside it are not its text."""
    parts: list[str] = []
    for child in paragraph:
        runs = [child] if child.tag == f"{W}r" else child.iterchildren(f"{W}r") if child.tag in _RUN_WRAPPERS else ()
        for run in runs:
            for item in run:
                if item.tag in _RUN_TEXT:
                    parts.append(item.text or "" if _RUN_TEXT[item.tag] is None else _RUN_TEXT[item.tag])
                elif item.tag == f"{W}br" and item.get(f"{W}type", "textWrapping") == "textWrapping":
                    parts.append("\n")
    return "".join(parts)


def _is_heading(paragraph: etree._Element, styles: dict[str, str]) -> bool:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    name = styles.get(style.get(f"{W}val", ""), "") if style is not None else ""
    return name.lower() == "title" or name.lower().startswith("heading")


def table_grid(table: etree._Element, name: str = "document") -> tuple[tuple[str, ...], ...]:
    """The table as a rectangular grid of cell texts, merged cells repeated in every slot.

    Rows and columns that are empty throughout are left out. Raises ReportError (naming
    ``name``) for a table over the size limits of ``corpus.limits``.
    """
    rows: list[list[str]] = []
    for tr in table.iterchildren(f"{W}tr"):
        row: list[str] = []
        for tc in tr.iterchildren(f"{W}tc"):
            props = tc.find(f"{W}tcPr")
            span = _int(props.find(f"{W}gridSpan") if props is not None else None)
            merge = props.find(f"{W}vMerge") if props is not None else None
            if merge is not None and merge.get(f"{W}val", "continue") == "continue" and rows:
                above = rows[-1]
                text = above[len(row)] if len(row) < len(above) else ""
            else:
                text = clean_text("\n".join(paragraph_text(p) for p in tc.iterchildren(f"{W}p")))
            limits.check_table(name, len(rows) + 1, len(row) + span)
            row.extend([text] * span)
        rows.append(row)
        limits.check_table(name, len(rows), max(len(r) for r in rows))
    return _without_empty(rows)


def _without_empty(rows: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """Rows made one width, the rows and columns that are empty throughout left out."""
    width = max((len(row) for row in rows), default=0)
    rows = [row + [""] * (width - len(row)) for row in rows if any(row)]
    keep = [c for c in range(width) if any(row[c] for row in rows)]
    return tuple(tuple(row[c] for c in keep) for row in rows)


def _int(element: Optional[etree._Element]) -> int:
    """A ``w:val`` count (a cell's ``gridSpan``), 1 when absent or unreadable."""
    value = element.get(f"{W}val", "1") if element is not None else "1"
    return max(1, int(value)) if value.isdigit() else 1
