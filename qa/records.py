"""Typed records of the answering stage. ``Answer.to_dict()`` is the public answer format:
the CLI's ``--json`` and the HTTP API return exactly it, and its field names are fixed (new fields
are only ever added at the end, with defaults). docs/answer-format.md describes every field.

An answer has one of four shapes (``Answer.shape``):

- ``single``: one figure in ``value``/``unit`` with its ``source`` (a lookup, or a computed share,
  change, gap or sum whose ``inputs`` list the facts used);
- ``series``: one metric of one agency over several years; ``points`` holds one ``Point`` a year
  (label = the year), each with its value, unit, report and source. A question asking which year is
  highest or lowest ("哪年最多") also has that year's figure in ``value`` and its report in ``report``;
- ``list``: several metrics of one report ("分别是多少"); ``points`` holds one ``Point`` a metric
  (label = what it counts), ``value`` is None;
- ``ranking``: agencies ordered by one metric; ``points`` holds the first ``top_n`` (all when the
  question names no N), best first; ``value`` is the first one's figure.

``understood`` says how the question was read (agencies, years, metric label and canonical key,
operation, shape and any correction), in every answer whatever its status. A ``not_understood``
answer also lists in ``examples`` questions the collection can answer.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Optional

Status = Literal["answered", "not_reported", "not_found", "ambiguous", "not_understood"]


@dataclass(frozen=True)
class ReportRef:
    id: str
    title: str
    agency: str
    year: Optional[int]


@dataclass(frozen=True)
class Source:
    """Where a figure stands: a table cell, a prose sentence, or the arithmetic of a computed answer."""

    kind: Literal["table", "text", "computed"]
    section: str = ""  # the section path joined with " › "
    table: str = ""  # table title
    row: str = ""  # row header path joined with " › "
    column: str = ""  # column header path joined with " › "
    quote: str = ""  # the cell text or the sentence; for computed answers the arithmetic
    page: Optional[int] = None


@dataclass(frozen=True)
class Input:
    """A fact a computed answer used."""

    value: Optional[float]
    unit: Optional[str]
    report: ReportRef
    source: Source


@dataclass(frozen=True)
class Evidence:
    report_id: str
    section: str
    text: str
    score: float


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Point:
    """One figure of a series, a list or a ranking."""

    label: str  # the year of a series, what a list's figure counts, the agency of a ranking
    agency: str
    year: Optional[int]
    value: Optional[float]  # base units; None when the report leaves it blank or has nothing that means it
    unit: Optional[str]
    report: Optional[ReportRef] = None
    source: Optional[Source] = None
    key: Optional[str] = None  # canonical key of the figure, when it has one
    status: Literal["answered", "not_reported", "not_found"] = "answered"


@dataclass(frozen=True)
class Understood:
    """How the question was read, shown with every answer so that a misreading is seen at once."""

    agencies: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    metric: str = ""  # the metric in words (the label of the figure used, else the question's words)
    keys: tuple[str, ...] = ()  # canonical keys of the figures used (or that the words point to)
    operation: str = "lookup"
    shape: str = "single"
    top_n: Optional[int] = None
    corrections: tuple[str, ...] = ()  # e.g. 按“平潭综合实验区”理解; 去年 → 2023
    carried: tuple[str, ...] = ()  # fields taken from the question before (agency, year, metric)


@dataclass(frozen=True)
class Answer:
    question: str
    status: Status
    answer: str  # one sentence, in the question's language
    value: Optional[float] = None  # base units
    unit: Optional[str] = None
    approximate: bool = False
    report: Optional[ReportRef] = None
    source: Optional[Source] = None
    inputs: tuple[Input, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    checks: tuple[CheckResult, ...] = ()
    candidates: tuple[dict, ...] = field(default=())
    confidence: float = 0.0
    shape: Literal["single", "series", "list", "ranking"] = "single"
    points: tuple[Point, ...] = ()
    top_n: Optional[int] = None
    understood: Optional[Understood] = None
    examples: tuple[str, ...] = ()  # questions that can be asked (with a not_understood answer)
    # the other figures the same report gives for the same thing, when they differ from ``value``: the
    # total as the table prints it, the sum of its parts, a sentence's figure, the table's figure
    disagreeing: tuple[Point, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The answer format as plain JSON-ready data (tuples become lists)."""
        return asdict(self)
