"""Typed records of the answering stage. ``Answer.to_dict()`` is the public answer format:
the CLI's ``--json`` and the HTTP API return exactly it, and its field names are fixed."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Optional

Status = Literal["answered", "not_reported", "not_found", "ambiguous"]


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

    def to_dict(self) -> dict[str, Any]:
        """The answer format as plain JSON-ready data (tuples become lists)."""
        return asdict(self)
