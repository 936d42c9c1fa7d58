"""Typed records of the corpus stage: what a file becomes once it is read.

A reader (``files.load_document``) turns bytes into a ``Document``: lines of text and raw
table grids in reading order, each with its place in the file. ``report.build_report`` turns a
``Document`` into a ``Report``: sections with passages, tables with header paths, facts (one
per table cell), prose figures and consistency checks. Every later stage works on these records.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional


@dataclass(frozen=True)
class Location:
    """Where something stands in its file: a 1-based page (PDF) and/or a 1-based line (text)."""

    page: Optional[int] = None
    line: Optional[int] = None
    scanned: bool = False  # read by OCR off a picture of the page: a figure there no table proves may be misread


# ---------------------------------------------------------------- reader output


@dataclass(frozen=True)
class Line:
    """One line (or paragraph) of running text as a reader found it."""

    text: str
    where: Location = Location()


@dataclass(frozen=True)
class RawTable:
    """A table as a reader rebuilt it: a rectangular grid of cell texts, spans expanded.

    A cell spanned by rowspan/colspan repeats the spanning cell's text in every slot it covers.
    ``""`` is an empty cell; ``None`` is a cell this format lost (text run together that could
    not be split provably): it is *unreadable*, never a number.
    """

    grid: tuple[tuple[Optional[str], ...], ...]
    where: Location = Location()
    caption: str = ""  # text the reader saw right above the table, if any


Block = Line | RawTable


@dataclass(frozen=True)
class Document:
    """A file read into blocks in reading order, before any interpretation."""

    path: str
    format: Literal["txt", "html", "pdf", "docx", "mhtml", "eml", "rtf", "csv"]
    blocks: tuple[Block, ...]
    content_hash: str  # sha256 of the raw file bytes
    title_hint: str = ""  # a title the format itself states (<title>, crawler header, PDF metadata)
    encoding: str = ""  # the detected text encoding, for text formats


# ---------------------------------------------------------------- report


@dataclass(frozen=True)
class Passage:
    """A paragraph of prose inside a section."""

    text: str
    section: tuple[str, ...]  # heading path, e.g. ("三、依申请公开政府信息情况",)
    where: Location = Location()


@dataclass(frozen=True)
class Section:
    """A heading with the passages directly under it; ``path`` includes its own heading."""

    path: tuple[str, ...]
    passages: tuple[Passage, ...] = ()


@dataclass(frozen=True)
class Table:
    """A table with header paths: each data row and column is named by its header path.

    ``cells[r][c]`` is the raw text of data row ``r`` (named ``rows[r]``) and data column ``c``
    (named ``columns[c]``); ``None`` marks a cell the format lost.
    """

    id: str  # "t1", "t2", … in reading order within the report
    title: str  # e.g. "附表二 依申请公开政府信息情况统计" or "三、收到和处理政府信息公开申请情况"
    section: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    columns: tuple[tuple[str, ...], ...]
    cells: tuple[tuple[Optional[str], ...], ...]
    kind: Optional[str] = None  # "national.proactive" | "national.requests" | "national.review" | None
    where: Location = Location()


@dataclass(frozen=True)
class Fact:
    """One table cell with its exact meaning and place. A blank cell is not 0: ``blank`` is True
    and ``value`` is None. An unreadable cell (format lost it) has ``unreadable`` True."""

    report_id: str
    agency: str
    year: Optional[int]
    table: str  # table id
    table_title: str
    section: tuple[str, ...]
    row: tuple[str, ...]  # row header path
    column: tuple[str, ...]  # column header path
    key: Optional[str]  # canonical key for national-template cells, e.g. "review.litigation_direct.total"
    value: Optional[float]  # in base units (元, 件, 人, %)
    unit: Optional[str]
    raw: str  # the cell text as printed
    blank: bool = False
    unreadable: bool = False
    approximate: bool = False
    where: Location = Location()
    corrected: str = ""  # the correction notice that set this cell right (corpus.corrections), if any


@dataclass(frozen=True)
class Figure:
    """A figure stated in the prose, tied to the noun it counts."""

    report_id: str
    agency: str
    year: Optional[int]
    section: tuple[str, ...]
    noun: str  # what is counted, e.g. "行政复议"
    value: float  # in base units
    unit: Optional[str]
    raw: str  # the figure as printed, e.g. "8.3万余件"
    sentence: str
    approximate: bool = False
    key: Optional[str] = None  # canonical key when the prose meaning is known
    where: Location = Location()
    direction: Optional[str] = None  # "from" / "to" when the figure is one end of a change (由A缩至B)


@dataclass(frozen=True)
class CellRef:
    """Names one cell taking part in a check."""

    table: str
    row: tuple[str, ...]
    column: tuple[str, ...]
    value: Optional[float]


@dataclass(frozen=True)
class Check:
    """A consistency check of a report against itself. A failed check names its cells."""

    name: str  # e.g. "requests.identity[总计]", "parts_sum[附表二 受理申请总数]"
    ok: bool
    detail: str  # human-readable arithmetic, e.g. "10 + 1 + 0 + 0 = 11 ≠ 总计 0"
    cells: tuple[CellRef, ...] = ()


@dataclass(frozen=True)
class Report:
    """A parsed annual report."""

    id: str  # stable: derived from the content hash
    title: str
    agency: str
    year: Optional[int]
    path: str
    format: str
    content_hash: str
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    facts: tuple[Fact, ...]
    figures: tuple[Figure, ...]
    checks: tuple[Check, ...]
    alternates: tuple[str, ...] = field(default=())  # other files holding the same report
    region: tuple[str, ...] = field(default=())  # the agency's divisions, province first: ("江苏省", "宿迁市", "沭阳县")
    corrections: tuple[str, ...] = field(default=())  # metadata read otherwise than written, each with its reason
