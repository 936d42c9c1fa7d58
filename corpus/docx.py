"""Read a Word (.docx) report: paragraphs (headings included) as Lines, tables as RawTable grids.

python-docx gives the body's paragraphs and tables in reading order. A merged cell comes back
once per grid slot it covers (``gridSpan`` across, ``vMerge`` down), so the grid repeats the
merged cell's text in every slot, as the HTML reader does. Page headers and footers are page
furniture and are not read.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Optional

import docx
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from corpus.errors import ReportError
from corpus.files import content_hash
from corpus.html import caption_above, clean_text
from corpus.records import Block, Document, Line, Location, RawTable


def read(path: Path, data: bytes) -> Document:
    """Read a .docx report into a ``Document`` of Lines and RawTables in reading order.

    Raises ``ReportError`` (one line, naming the file) when the file is not a readable .docx
    or holds no text.
    """
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _blocks(document)
        title = clean_text(document.core_properties.title or "")
    except ReportError:
        raise
    except Exception as error:  # python-docx raises zip, XML and key errors for broken files
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ReportError(f"{path}: not a readable .docx file ({reason}); re-save it from Word or convert it to PDF") from None
    if not blocks:
        raise ReportError(f"{path}: the .docx file holds no text")
    return Document(
        path=str(path), format="docx", blocks=tuple(blocks),
        content_hash=content_hash(data), title_hint=title or _first_heading(blocks, document),
    )


def _blocks(document: "docx.document.Document") -> list[Block]:
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            for part in item.text.split("\n"):  # a soft line break (w:br) ends a line, as <br> does
                text = clean_text(part)
                if text:
                    blocks.append(Line(text=text, where=Location(line=len(blocks) + 1)))
        elif isinstance(item, DocxTable):
            grid = table_grid(item)
            if grid:
                where = Location(line=len(blocks) + 1)
                blocks.append(RawTable(grid=grid, where=where, caption=caption_above(blocks)))
    return blocks


def table_grid(table: DocxTable) -> tuple[tuple[str, ...], ...]:
    """The table as a rectangular grid of cell texts, merged cells repeated in every slot.

    Rows and columns that are empty throughout are left out.
    """
    rows: list[list[str]] = []
    for row in table.rows:
        rows.append([clean_text(cell.text) for cell in row.cells])
    width = max((len(row) for row in rows), default=0)
    rows = [row + [""] * (width - len(row)) for row in rows if any(row)]
    keep = [c for c in range(width) if any(row[c] for row in rows)]
    return tuple(tuple(row[c] for c in keep) for row in rows)


def _first_heading(blocks: list[Block], document: "docx.document.Document") -> str:
    """The text of the first Title/Heading-styled paragraph, else the first line."""
    for paragraph in document.paragraphs:
        style: Optional[str] = paragraph.style.name if paragraph.style is not None else None
        if style and (style == "Title" or style.startswith("Heading")) and paragraph.text.strip():
            return clean_text(paragraph.text)
    first = next((b for b in blocks if isinstance(b, Line)), None)
    return first.text if first is not None else ""
