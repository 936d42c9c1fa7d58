"""Copies of one report: which one the collection answers from, and where copies disagree.

Files are copies of one report when they read as the same agency and year (an HTML page and its
crawled text, a PDF and a converted DOCX, an upload of a report already in). One copy is the
*primary*: its facts, figures and chunks are what questions are answered from. The others are
*alternates*, recorded with the primary (path, content hash, what their reading gave, why the
primary was kept over them) and their figures kept in the generation's ``alternates.json``.

The primary is chosen by these rules, in this order (``rank``; docs/architecture.md, "Which copy
is the report"):

0. a person's choice (``reportqa ingest --primary FILE``), the latest choice first;
1. more figures read with a canonical key (national-template cells whose value was read);
2. more figures read at all (the old statistics tables have no canonical keys);
3. fewer failed consistency checks;
4. the format: HTML and DOCX, then plain text and Markdown, then PDF;
5. the copy ingested first.

Never by the file's name or its content hash. A copy whose figure for the same meaning (the
canonical key, or ``row › column`` in an old table) differs from the primary's is a *conflict*:
both copies are kept, the ingest (or upload) says so, and answers about those figures show both
(``qa.disputes``) until a person chooses with ``reportqa ingest --primary FILE``; that choice
settles the disagreements with the copies there were then.
"""
from __future__ import annotations

import dataclasses
import json
import os
from contextlib import closing
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from corpus.records import Fact, Report
from index import store
from index.records import Conflict

FORMAT_RANK = {"html": 0, "htm": 0, "docx": 0, "txt": 1, "md": 1, "pdf": 2}  # an unknown format last
FORMAT_NAMES = ("HTML or DOCX", "plain text or Markdown", "PDF", "another format")
SHOWN_CONFLICTS = 3  # cells named in one ingest line


@dataclass
class Copy:
    """One copy of a report as the rules see it: stored (``entry``) or read now (``report``)."""

    path: str
    content_hash: str
    format: str
    keyed: int  # figures read with a canonical key
    readable: int  # figures read
    failed_checks: int
    unreadable: int
    facts: int
    ingested: int  # ingest order (0: ingested before the order was recorded)
    chosen: int = 0  # order of a person's choice of it as the primary (0: none)
    entry: Optional[dict] = None
    report: Optional[Report] = None
    stale: Optional[dict] = None  # the stored entry (same bytes, another reader) this reading replaces

    @classmethod
    def of_report(cls, report: Report, ingested: int, chosen: int = 0) -> "Copy":
        """A copy just read."""
        readable = [f for f in report.facts if f.value is not None and not f.unreadable]
        return cls(report.path, report.content_hash, report.format, sum(f.key is not None for f in readable),
                   len(readable), sum(not c.ok for c in report.checks), sum(f.unreadable for f in report.facts),
                   len(report.facts), ingested, chosen, report=report)

    @classmethod
    def of_entry(cls, entry: dict) -> "Copy":
        """A stored primary (entries written before these counts were recorded: every read figure counts as keyed)."""
        readable = entry.get("readable_facts", entry["facts"] - entry.get("unreadable_cells", 0))
        return cls(entry["path"], entry["content_hash"], entry["format"], entry.get("keyed_facts", readable), readable,
                   entry.get("failed_checks", 0), entry.get("unreadable_cells", 0), entry["facts"],
                   entry.get("ingested", 0), entry.get("chosen", 0), entry=entry)

    def counts(self) -> dict:
        """What the rules read, as stored with an entry or an alternate."""
        return {"keyed_facts": self.keyed, "readable_facts": self.readable, "failed_checks": self.failed_checks,
                "unreadable_cells": self.unreadable, "facts": self.facts, "ingested": self.ingested}

    def as_alternate(self, why: str) -> dict:
        """The alternate record of this copy, with why the primary was kept over it."""
        return {"path": self.path, "content_hash": self.content_hash, "format": self.format, **self.counts(),
                "why": why}


def rank(copy: Copy) -> tuple:
    """The sort key of the rules (lowest first is the primary)."""
    return (-copy.chosen, -copy.keyed, -copy.readable, copy.failed_checks,
            FORMAT_RANK.get(copy.format, len(FORMAT_NAMES) - 1), copy.ingested)


def primary_of(copies: list[Copy]) -> Copy:
    """The copy the rules choose."""
    return min(copies, key=rank)


def why_kept(best: Copy, other: Copy) -> str:
    """The first rule that puts ``best`` before ``other``, in words."""
    if best.chosen != other.chosen:
        return "it was chosen with `reportqa ingest --primary`"
    if best.keyed != other.keyed:
        return f"it reads more figures with canonical keys ({best.keyed} against {other.keyed})"
    if best.readable != other.readable:
        return f"it reads more figures ({best.readable} against {other.readable})"
    if best.failed_checks != other.failed_checks:
        return f"fewer of its checks fail ({best.failed_checks} against {other.failed_checks})"
    a, b = (FORMAT_RANK.get(c.format, len(FORMAT_NAMES) - 1) for c in (best, other))
    if a != b:
        return f"{FORMAT_NAMES[a]} is preferred to {FORMAT_NAMES[b]} when both read as well"
    return "both read as well, and it was ingested first"


# ---------------------------------------------------------------- figures and where copies disagree


def meaning(fact: Fact) -> str:
    """What a cell means across copies: its canonical key, else its row › column labels."""
    return fact.key or " › ".join(fact.row + fact.column)


def figures_of(facts: Iterable[Fact]) -> dict[str, list]:
    """``{meaning: [value, unit, label]}`` of the figures read; a meaning a copy gives twice with
    different values is left out (it cannot be compared)."""
    out: dict[str, list] = {}
    doubtful = set()
    for f in facts:
        if f.value is None or f.unreadable:
            continue
        m = meaning(f)
        if m in out and out[m][0] != f.value:
            doubtful.add(m)
        out.setdefault(m, [f.value, f.unit, " › ".join(f.row + f.column)])
    return {m: v for m, v in out.items() if m not in doubtful}


def disagreements(primary: dict[str, list], copy: dict[str, list], copy_path: str) -> list[Conflict]:
    """The figures both copies give, differently (``figures_of`` maps), as conflicts of the primary."""
    found = []
    for m in sorted(primary.keys() & copy.keys()):
        value, unit, label = primary[m]
        other = copy[m][0]
        if abs(value - other) > 1e-9 * max(1.0, abs(value), abs(other)):
            found.append(Conflict(m, label, value, unit, copy_path, other))
    return found


def conflict_data(c: Conflict) -> dict:
    """A conflict as stored in the manifest entry of its primary."""
    return {"meaning": c.meaning, "label": c.label, "value": c.value, "unit": c.unit, "copy": c.copy,
            "copy_value": c.copy_value}


def conflict_line(primary: str, agency: str, year: Optional[int], conflicts: list[Conflict]) -> str:
    """One line for the ingest output: which copies disagree, on what, and the fix."""
    copies = sorted({c.copy for c in conflicts})
    cells = "; ".join(f"{c.label or c.meaning}: {_shown(c.copy_value, c.unit)} against {_shown(c.value, c.unit)}"
                      for c in conflicts[:SHOWN_CONFLICTS])
    more = f" and {len(conflicts) - SHOWN_CONFLICTS} more" if len(conflicts) > SHOWN_CONFLICTS else ""
    return (f"{', '.join(os.path.basename(c) for c in copies)} and the primary {os.path.basename(primary)} "
            f"({agency} {year or ''}) give different figures for {len(conflicts)} cell(s) ({cells}{more}); both are "
            "kept and answers about these figures show both until you choose: `reportqa ingest --primary FILE`")


def _shown(value: float, unit: Optional[str]) -> str:
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4f}".rstrip("0")
    return number + (unit or "")


# ---------------------------------------------------------------- merging the copies of each report


@dataclass
class Merged:
    """The entries of the next generation and what merging the copies did."""

    kept: list = field(default_factory=list)  # entries copied from the previous generation (alternates maybe updated)
    fresh: list = field(default_factory=list)  # (report, entry) read now
    figures: dict = field(default_factory=dict)  # content hash -> figures of every alternate copy
    added: list = field(default_factory=list)
    alternates: list = field(default_factory=list)
    replaced: list = field(default_factory=list)
    reread: list = field(default_factory=list)
    copies: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    chosen: list = field(default_factory=list)


def merge(groups: dict[tuple, list[Copy]], previous: Optional[store.Generation], chosen: set[str] | frozenset[str],
          make_entry: Callable[[Report, list[dict]], dict]) -> Merged:
    """Choose each report's primary among its copies (by the rules above), record the others as
    alternates with the reason, and the figures the primary and an unsettled alternate give differently.

    ``groups``: the copies of each report (stored primaries and copies read now); ``chosen``: the
    content hashes a person made primary now; ``make_entry``: the manifest entry of a report read now.
    """
    out = Merged()
    stored_figures = _StoredFigures(previous)
    for versions in groups.values():
        if not versions or all(v.entry is not None for v in versions):
            out.kept.extend(v.entry for v in versions)
            out.figures.update(stored_figures.of_alternates(v.entry for v in versions))
            continue
        best = primary_of(versions)
        others = [v for v in versions if v is not best]
        settle = best.report is not None and best.content_hash in chosen  # a person chose now
        agency = best.report.agency if best.report is not None else best.entry["agency"]
        year = best.report.year if best.report is not None else best.entry["year"]
        alts = alternate_records(best, others, settle)
        mine = stored_figures.figures(best)
        conflicts = []
        for alt in alts:
            figures = stored_figures.alternate(alt, others)
            if figures is not None:
                out.figures[alt["content_hash"]] = figures
                if not alt.get("settled") and mine is not None:
                    conflicts.extend(disagreements(mine, figures, alt["path"]))
        where = f"{agency} {year or ''}".rstrip()
        for v in others:
            if v.report is not None:
                out.alternates.append(v.path)
                out.copies.append((v.path, f"{os.path.basename(v.path)}: recorded as an alternate copy of {where}; "
                                           f"the primary is {os.path.basename(best.path)}: {why_kept(best, v)}"))
            elif v.entry is not None:
                out.replaced.append(v.path)
                out.copies.append((v.path, f"{os.path.basename(v.path)}: replaced as the primary of {where} by "
                                           f"{os.path.basename(best.path)} ({why_kept(best, v)}); kept as an "
                                           "alternate copy"))
        if settle:
            out.chosen.append(best.path)
        if conflicts:
            out.conflicts.append((best.path, conflict_line(best.path, agency, year, conflicts)))
        extra = {"alternates": alts, "conflicts": [conflict_data(c) for c in conflicts]}
        if best.entry is not None:
            out.kept.append({**best.entry, **extra})
        else:
            report = dataclasses.replace(best.report, alternates=tuple(a["path"] for a in alts))
            out.fresh.append((report, {**make_entry(report, alts), **extra, "ingested": best.ingested,
                                       "chosen": best.chosen}))
            (out.reread if best.stale is not None else out.added).append(best.path)
    return out


class _StoredFigures:
    """The figures of copies for comparing them: read now, or stored (facts.sqlite, alternates.json)."""

    def __init__(self, previous: Optional[store.Generation]) -> None:
        self.previous = previous
        self._alternates: Optional[dict] = None

    def figures(self, copy: Copy) -> Optional[dict]:
        """The figures of a copy read now or of a stored primary."""
        if copy.report is not None:
            return figures_of(copy.report.facts)
        if copy.entry is None or self.previous is None:
            return None
        with closing(self.previous.connect()) as db:
            rows = db.execute("SELECT data FROM facts WHERE report_id = ? ORDER BY rowid", (copy.entry["id"],)).fetchall()
        return figures_of(store.from_data(Fact, json.loads(data)) for (data,) in rows)

    def stored(self) -> dict:
        """content hash -> figures of the previous generation's alternates (``alternates.json``)."""
        if self._alternates is None:
            self._alternates = self.previous.stored_json("alternates.json", {}) if self.previous else {}
        return self._alternates

    def alternate(self, record: dict, others: list[Copy]) -> Optional[dict]:
        """The figures of an alternate record: one of ``others`` (read now or demoted), else as stored."""
        for v in others:
            if v.content_hash == record["content_hash"]:
                return self.figures(v)
        return self.stored().get(record["content_hash"])

    def of_alternates(self, entries) -> dict:
        """The stored figures of the alternates of untouched entries (carried into the next generation)."""
        hashes = {a["content_hash"] for e in entries for a in e.get("alternates", ())}
        if not hashes or self.previous is None or "alternates.json" not in self.previous.manifest["files"]:
            return {}
        stored = self.stored()
        return {h: stored[h] for h in hashes if h in stored}


def alternate_records(best: Copy, others: list[Copy], settle: bool) -> list[dict]:
    """The alternates of the primary: every other copy and the alternates they already had, each
    with why the primary is kept over it (``settle``: a person chose the primary, so the
    disagreements with these copies are settled)."""
    records = [a for v in (best.entry, best.stale) if v for a in v.get("alternates", ())]
    for v in others:
        records.append(v.as_alternate(""))
        records.extend(a for e in (v.entry, v.stale) if e for a in e.get("alternates", ()))
    unique: dict[str, dict] = {}
    for record in records:
        if record["content_hash"] != best.content_hash:
            unique.setdefault(record["content_hash"], record)
    out = []
    for record in sorted(unique.values(), key=lambda a: a["path"]):
        settled = settle or record.get("settled", False)
        record = {**record, "why": why_kept(best, Copy.of_entry(record))}
        out.append({**record, "settled": True} if settled else {k: v for k, v in record.items() if k != "settled"})
    return out
