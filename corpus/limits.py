"""How much work one report file may cost: the limits, in one place, and the checks that apply them.

Every reader checks its limits while it reads (streaming or iterative, never after the fact), so
that a hostile or broken file — a ZIP bomb, a page nested 100,000 levels deep, a 20 MB line, a
table of a million cells — is refused in seconds with one line that names the limit, instead of
holding an ingest or the server for minutes. The figures are far above any real report (the real
corpus: files under 0.5 MB, HTML nested 24 deep, lines under 170,000 characters, tables under 300
cells, PDFs under 40 pages) and far below what would hurt.

``LIMITS`` is the limits in force; ``corpus.sandbox`` sets it in its worker process, tests may
replace it. Each ``check_*`` raises ``ReportError`` naming the file, the figure, the limit's name
and what to do.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

from corpus.errors import ReportError

MiB = 1024 * 1024

MAX_FILE_BYTES = 64 * MiB  # a report file as given
MAX_DECOMPRESSED_BYTES = 64 * MiB  # the XML read out of a .docx (every member read, together)
MAX_COMPRESSION_RATIO = 200  # uncompressed / compressed size of one .docx member (text XML: 5-20)
MAX_XML_DEPTH = 200  # element nesting in a .docx's XML (real files: under 60; libxml2 stops at 256)
MAX_HTML_DEPTH = 200  # element nesting in an HTML page (real pages: under 30; libxml2 stops at 256)
MAX_LINE_BYTES = 256 * 1024  # one line of a text report (real: under 20 KB; the text reader's work grows
#                              with the square of a line's length: 0.3 MB takes 15 s, 0.9 MB 130 s)
MAX_TABLE_CELLS = 100_000  # grid slots of one table, spans expanded
MAX_TABLE_COLUMNS = 1_000  # grid columns of one table, spans expanded
MAX_BLOCKS = 200_000  # lines and tables of one document
MAX_PDF_PAGES = 500  # pages of one PDF
MAX_SECONDS = 120.0  # one file's reading in the sandbox worker (wall clock)
MAX_MEMORY_BYTES = 2048 * MiB  # address space the sandbox worker may add while reading one file


@dataclass(frozen=True)
class Limits:
    """The limits on one file's reading; the defaults are the module's ``MAX_*`` constants."""

    file_bytes: int = MAX_FILE_BYTES
    decompressed_bytes: int = MAX_DECOMPRESSED_BYTES
    compression_ratio: int = MAX_COMPRESSION_RATIO
    xml_depth: int = MAX_XML_DEPTH
    html_depth: int = MAX_HTML_DEPTH
    line_bytes: int = MAX_LINE_BYTES
    table_cells: int = MAX_TABLE_CELLS
    table_columns: int = MAX_TABLE_COLUMNS
    blocks: int = MAX_BLOCKS
    pdf_pages: int = MAX_PDF_PAGES
    seconds: float = MAX_SECONDS
    memory_bytes: int = MAX_MEMORY_BYTES


LIMITS = Limits()


def current() -> Limits:
    """The limits in force (``LIMITS``, looked up at call time so that a worker or test can set it)."""
    return LIMITS


def constant_name(field: str) -> str:
    """The module constant a ``Limits`` field defaults to: ``line_bytes`` -> ``MAX_LINE_BYTES``."""
    if field not in {f.name for f in fields(Limits)}:
        raise KeyError(field)
    return f"MAX_{field.upper()}"


def over_limit(name: str, what: str, value: float, field: str, fix: str, unit: str = "") -> ReportError:
    """The one-line error for ``what`` of file ``name`` at ``value``, over the limit ``field``."""
    limit = getattr(current(), field)
    shown = _amount(value, unit)
    return ReportError(f"{name}: {what} is {shown}, over the limit of {_amount(limit, unit)} "
                       f"(corpus.limits.{constant_name(field)}); {fix}")


def _amount(value: float, unit: str) -> str:
    if unit == "bytes":
        return f"{int(value):,} bytes ({value / MiB:,.1f} MB)" if value >= MiB else f"{int(value):,} bytes"
    if unit == "s":
        return f"{value:,.0f} s"
    return f"{int(value):,}{' ' + unit if unit else ''}"


def check(name: str, what: str, value: float, field: str, fix: str, unit: str = "") -> None:
    """Raise ``over_limit(...)`` when ``value`` exceeds the limit ``field``."""
    if value > getattr(current(), field):
        raise over_limit(name, what, value, field, fix, unit)


def check_file_size(name: str, size: int) -> None:
    """A file larger than ``file_bytes`` is refused before it is read."""
    check(name, "the file", size, "file_bytes", "a report is a few MB at most: give the report itself", "bytes")


def check_lines(name: str, data: bytes) -> None:
    """A text file with a line longer than ``line_bytes`` (no report has one) is refused."""
    limit = current().line_bytes
    if len(data) <= limit:
        return
    start = 0
    for line_no, end in enumerate(_line_ends(data), 1):
        if end - start > limit:
            raise over_limit(name, f"line {line_no}", end - start, "line_bytes",
                             "a report's paragraphs are shorter: is this a data dump or a minified file?", "bytes")
        start = end + 1


def _line_ends(data: bytes):
    """Where each line ends (\\n, \\r or \\r\\n: a \\r\\n counts as a line and an empty one)."""
    for match in re.finditer(rb"[\r\n]", data):
        yield match.start()
    yield len(data)


def check_text_lines(name: str, data: bytes) -> None:
    """A text file of more non-blank lines than ``blocks`` is refused before it is read.

    Each such line is at least a block of the text reader's document; counted here, on the bytes,
    a file of millions of short lines is refused in a second instead of after the reader built them
    all (a 63 MB file: 55 s and 813 MiB). Raises ``ReportError`` naming ``MAX_BLOCKS``.
    """
    limit = current().blocks
    if data.count(b"\n") + data.count(b"\r") < limit:  # every line but the last ends with one
        return
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: its line breaks are two bytes wide
        lines = sum(1 for _ in _NON_BLANK_TEXT_LINE.finditer(data.decode("utf-16", "replace")))
    else:  # 0.5 s for 63 MB of short lines
        lines = sum(1 for _ in _NON_BLANK_LINE.finditer(data))
    check(name, "the number of non-blank lines", lines, "blocks",
          "a report has a few thousand lines at most: give the report itself, not a data dump")


# a line from its first character that is not white space to its end: one match a non-blank line
# (the text reader skips blank lines)
_NON_BLANK_LINE = re.compile(rb"\S[^\r\n]*")
_NON_BLANK_TEXT_LINE = re.compile(r"\S[^\r\n]*")


def check_html_blocks(name: str, data: bytes) -> None:
    """A page of more block elements (``<p>``, ``<div>``, ``<br>``, ``<li>``, ``<h1>``…) than ``blocks``
    is refused before it is parsed: each of them starts a line of the document, and the parse
    tree of millions of them took 29 s and 1.5 GB before the reader's own count refused it (real
    pages: under 600). Raises ``ReportError`` naming ``MAX_BLOCKS``."""
    limit = current().blocks
    if data.count(b"<") < limit:
        return
    elements = sum(1 for _ in _BLOCK_ELEMENT.finditer(data))
    check(name, "the number of block elements (<p>, <div>, <br>, <li>, <h1>…)", elements, "blocks",
          "a report page has a few hundred: give the report itself, not a data dump")


_BLOCK_ELEMENT = re.compile(rb"<(?:p|div|br|li|h[1-6])[\s/>]", re.I)


def check_depth(name: str, kind: str, depth: int) -> None:
    """Markup nested deeper than the ``html_depth``/``xml_depth`` limit is refused."""
    field = "html_depth" if kind == "HTML" else "xml_depth"
    check(name, f"the {kind} nesting", depth, field,
          "no report page is nested this deep: save the report again from its site or editor", "levels")


def check_table(name: str, rows: int, columns: int) -> None:
    """A table wider than ``table_columns`` or with more slots than ``table_cells`` is refused."""
    check(name, "a table's width", columns, "table_columns",
          "no report table is this wide: check the file's spans (colspan)", "columns")
    check_table_cells(name, rows * columns)


def check_table_cells(name: str, cells: int) -> None:
    """A table of more grid slots than ``table_cells`` (spans expanded) is refused."""
    check(name, "a table's size", cells, "table_cells",
          "no report table is this large: check the file's spans (rowspan/colspan)", "cells")


def check_blocks(name: str, count: int) -> None:
    """A document of more than ``blocks`` lines and tables is refused."""
    check(name, "the number of lines and tables", count, "blocks",
          "a report has a few thousand at most: give the report itself")


def check_pages(name: str, pages: int) -> None:
    """A PDF of more than ``pdf_pages`` pages is refused (for ``corpus.pdf``, before reading pages)."""
    check(name, "the PDF", pages, "pdf_pages", "a report has a few dozen pages: give the report itself", "pages")
