"""Scoring a variant rendering against its original: agency, year and every table cell.

A cell is named by its canonical key (national tables) or, where it has none, by its row and
column header paths (spaces and full/half-width forms ignored). For every cell the original
reads (a figure, or blank: nothing reported) the variant's reading is one of:

* ``recovered``: the same value under the same name;
* ``unreadable``: the variant marks the cell as lost (allowed: it could not prove the value);
* ``missing``: the variant has no readable cell of that name (every cell, when the variant
  cannot be read at all);
* ``wrong``: the variant gives a different value (or blank for a figure) under the same name,
  the one outcome that must never happen.

Names the original itself gives two different values are left out (they name no single cell).
Prose figures are counted apart: a figure of the original (its noun and value) is recovered when
the variant states it too (hard line breaks in the middle of numbers and nouns lose them).
Used by tests/test_variants.py and bench/variants_report.py; never by the product.
"""
from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

Name = Union[str, tuple[str, str]]
Reading = Union[float, str]  # a value in base units, or BLANK
BLANK = "blank"


@dataclass(frozen=True)
class WrongCell:
    """A cell the variant reads differently from the original."""

    name: Name
    original: Reading
    variant: tuple[Reading, ...]


@dataclass(frozen=True)
class FileScore:
    """One variant file against its original."""

    kind: str
    variant: str  # the variant's file name
    source: str  # the original's file name
    read: bool  # the variant was read without an error
    error: str = ""
    agency: str = ""
    expected_agency: str = ""
    year: Optional[int] = None
    expected_year: Optional[int] = None
    cells: int = 0  # cells of the original with one readable value
    recovered: int = 0
    unreadable: int = 0
    missing: int = 0
    wrong: tuple[WrongCell, ...] = field(default=())
    figures: int = 0  # distinct (noun, value) prose figures of the original
    figures_recovered: int = 0

    @property
    def agency_right(self) -> bool:
        return self.read and self.agency == self.expected_agency

    @property
    def year_right(self) -> bool:
        return self.read and self.year == self.expected_year


def cell_name(fact) -> Name:
    """A fact's name: its canonical key, else its row and column header paths, normalised."""
    if fact.key:
        return fact.key
    return (_label(fact.row), _label(fact.column))


def _label(path: Sequence[str]) -> str:
    text = unicodedata.normalize("NFKC", "›".join(path))
    return "".join(text.split()).rstrip(":：")


def readings(facts: Iterable) -> tuple[dict[Name, set[Reading]], set[Name]]:
    """Each name's readable values (figures and blanks) and the names marked unreadable."""
    values: dict[Name, set[Reading]] = defaultdict(set)
    lost: set[Name] = set()
    for fact in facts:
        name = cell_name(fact)
        if fact.unreadable:
            lost.add(name)
        elif fact.blank:
            values[name].add(BLANK)
        elif fact.value is not None:
            values[name].add(round(float(fact.value), 6))
    return dict(values), lost


def _same(a: Reading, b: Reading) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def score(kind: str, variant: Path, source: Path, original, read_variant) -> FileScore:
    """Score ``variant`` (read with ``read_variant(path) -> Report``) against the ``original`` Report.

    A variant that cannot be read scores ``read=False`` with the error's first line.
    """
    base = dict(kind=kind, variant=variant.name, source=source.name,
                expected_agency=original.agency, expected_year=original.year)
    want, _ = readings(original.facts)
    stated = _figures(original.figures)
    try:
        report = read_variant(variant)
    except Exception as error:  # the reader's ReportError, or a crash: both are a file not read
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        lost_cells = sum(1 for values in want.values() if len(values) == 1)
        return FileScore(**base, read=False, error=message, cells=lost_cells, missing=lost_cells,
                         figures=len(stated))
    got, lost = readings(report.facts)
    cells = recovered = unreadable = missing = 0
    wrong: list[WrongCell] = []
    for name, values in want.items():
        if len(values) != 1:
            continue
        (expected,) = values
        cells += 1
        found = got.get(name, set())
        if not found:
            if name in lost:
                unreadable += 1
            else:
                missing += 1
        elif all(_same(expected, v) for v in found):
            recovered += 1
        else:
            wrong.append(WrongCell(name, expected, tuple(sorted(found, key=str))))
    restated = _figures(report.figures)
    return FileScore(**base, read=True, agency=report.agency, year=report.year, cells=cells,
                     recovered=recovered, unreadable=unreadable, missing=missing, wrong=tuple(wrong),
                     figures=len(stated), figures_recovered=len(stated & restated))


def _figures(figures: Iterable) -> set[tuple[str, float]]:
    return {("".join(unicodedata.normalize("NFKC", f.noun).split()), round(float(f.value), 6))
            for f in figures}


@dataclass(frozen=True)
class KindScore:
    """The figures of one kind of rendering, over all its files."""

    kind: str
    files: int
    read: int
    agency_right: int
    year_right: int
    cells: int
    recovered: int
    unreadable: int
    missing: int
    wrong: int
    figures: int
    figures_recovered: int

    @property
    def recovered_share(self) -> float:
        return self.recovered / self.cells if self.cells else 0.0


def summarise(kind: str, scores: Sequence[FileScore]) -> KindScore:
    """Add up the file scores of one kind."""
    return KindScore(
        kind=kind, files=len(scores), read=sum(s.read for s in scores),
        agency_right=sum(s.agency_right for s in scores), year_right=sum(s.year_right for s in scores),
        cells=sum(s.cells for s in scores), recovered=sum(s.recovered for s in scores),
        unreadable=sum(s.unreadable for s in scores), missing=sum(s.missing for s in scores),
        wrong=sum(len(s.wrong) for s in scores),
        figures=sum(s.figures for s in scores), figures_recovered=sum(s.figures_recovered for s in scores),
    )


def score_variants(variants: Sequence, original_report, read_variant) -> dict[str, list[FileScore]]:
    """Score every ``tests.variants.Variant``; returns the file scores by kind, in order."""
    by_kind: dict[str, list[FileScore]] = defaultdict(list)
    for variant in variants:
        by_kind[variant.kind].append(score(variant.kind, variant.path, variant.source,
                                           original_report(variant.source), read_variant))
    return dict(by_kind)


def table_lines(summaries: Sequence[KindScore]) -> list[str]:
    """The per-kind figures as an aligned text table."""
    lines = [f"{'kind':11s} {'files':>5s} {'read':>5s} {'agency':>6s} {'year':>5s} "
             f"{'recovered / cells':>19s} {'share':>6s} {'unread':>6s} {'missing':>7s} {'wrong':>5s} {'prose figures':>15s}"]
    for s in summaries:
        lines.append(f"{s.kind:11s} {s.files:5d} {s.read:5d} {s.agency_right:6d} {s.year_right:5d} "
                     f"{s.recovered:8d} / {s.cells:<8d} {s.recovered_share:6.1%} {s.unreadable:6d} "
                     f"{s.missing:7d} {s.wrong:5d} {s.figures_recovered:6d} / {s.figures:<6d}")
    return lines
