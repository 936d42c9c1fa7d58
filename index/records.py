"""Typed records of the index stage: chunks that are searched, hits that come back, and figures
copies of one report give differently."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional


@dataclass(frozen=True)
class Chunk:
    """A searchable piece of one report: a slice of one section's prose, or one table row as text."""

    id: str  # stable: f"{report_id}:{n}"
    report_id: str
    agency: str
    year: Optional[int]
    section: tuple[str, ...]
    text: str
    kind: Literal["passage", "row"] = "passage"
    table: Optional[str] = None  # table id, for rows
    row: tuple[str, ...] = ()  # row header path, for rows
    page: Optional[int] = None


@dataclass(frozen=True)
class Hit:
    """A chunk found for a query, with its fused score and the ranks that made it."""

    chunk: Chunk
    score: float
    bm25_rank: Optional[int] = None
    dense_rank: Optional[int] = None


@dataclass(frozen=True)
class Conflict:
    """A figure two copies of one report give differently: the primary's and an alternate's."""

    meaning: str  # canonical key, or "row › column" of an old table
    label: str  # the cell's row › column as the primary prints it
    value: float  # the primary's figure, in base units
    unit: Optional[str]
    copy: str  # the alternate copy's path
    copy_value: float
