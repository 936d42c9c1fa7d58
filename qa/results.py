"""The structured result of answering, before it is put in words.

The answering path (``qa.answering``) is a straight line: understand (``qa.question``) → plan
(``qa.plan``: the reports and figures needed, or why there are none) → resolve and compute
(``qa.operations`` over ``qa.metrics`` candidates) → check (``qa.evidence``) → phrase
(``qa.phrasing``, once, from a ``Result``). Every stage before phrasing returns a ``Result``; none
writes a sentence.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from qa.records import CheckResult, Evidence, Status


@dataclass(frozen=True)
class Result:
    """What was found for a question: its status, the figure(s) and what they rest on.

    ``reason`` names the sentence pattern ``qa.phrasing`` writes: ``value`` (a figure a report
    holds), a computation (``ratio``, ``change``, ``gap``, ``difference``, ``ranking``, ``sum``),
    a shape (``series``, ``list``) or why there is no figure (``no_report``, ``which_report`` …).
    ``detail`` holds the named values that pattern needs (agency, years, the two sides of a change).
    """

    status: Status
    reason: str
    report: Any = None  # the report summary the answer is about (index ReportInfo), if one
    cand: Any = None  # the candidate figure of a lookup (qa.metrics.Candidate)
    value: Optional[float] = None
    unit: Optional[str] = None
    quote: str = ""  # the arithmetic of a computed figure
    used: tuple = ()  # candidates a computed figure used, in order
    points: tuple = ()  # (report, candidate or None, label) of a series, list or ranking
    candidates: tuple[dict, ...] = ()
    confidence: float = 0.5
    detail: dict = field(default_factory=dict)
    rounded: bool = False  # the figure is a share the report may print rounded
    top_n: Optional[int] = None
    # filled in by the checks (qa.evidence.check)
    evidence: tuple[Evidence, ...] = ()
    checks: tuple[CheckResult, ...] = ()
    corroborated: bool = False
    conflict: Any = None  # a prose figure of the same meaning that states another value
    disagreeing: tuple = ()  # (what, candidate): the report's other figures for the same thing

    @property
    def answered(self) -> bool:
        """Whether the result carries a figure (or figures) to give."""
        return self.status == "answered"
