"""A report saved from a spreadsheet as CSV (Excel's or WPS's "save as CSV", UTF-8 with or without a
BOM, or GBK): the report's paragraphs stand one to a row in the first cell, its tables as rows of
cells, merged cells left blank. ``read`` writes each row of two cells or more as a Markdown pipe row
and every other row as a line of text, and reads that with ``corpus.text``; the file's own bytes
stay the report's identity (its content hash).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

from corpus.files import content_hash
from corpus.records import Document


# a row label inside a table, not a heading of the report's own (三、收到和处理…) nor a paragraph
_ROW_LABEL = re.compile(r"(?![一二三四五六七八九十]+、)[^，。；：,;:]{2,16}")


def read(path: Path, data: bytes) -> Document:
    """The CSV's rows read as text lines and Markdown pipe rows."""
    from corpus import text as text_reader

    decoded, _ = text_reader.decode(data, str(path))
    lines = []
    for row in csv.reader(io.StringIO(decoded)):
        cells = [c.replace("\n", " ").strip() for c in row]
        while cells and not cells[-1]:
            cells.pop()  # a paragraph in the first cell, the sheet's empty columns after it
        filled = [c for c in cells if c]
        if len(filled) >= 2:
            lines.append("| " + " | ".join(c.replace("|", "｜") for c in cells) + " |")
        elif filled and cells[0] and lines and lines[-1].startswith("|") and _ROW_LABEL.fullmatch(cells[0]):
            lines.append(f"| {cells[0]} | |")  # a table row whose cells are empty ("行政事业性收费,,,"): blank
        else:
            lines.append(filled[0] if filled else "")
    document = text_reader.read(path, "\n".join(lines).encode("utf-8"))
    return replace(document, format="csv", content_hash=content_hash(data))
