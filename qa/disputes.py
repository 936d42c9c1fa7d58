"""Figures two copies of one report give differently: an answer resting on one shows both.

When a second copy of a report (same agency and year) gives another figure for a cell than the
primary copy, ingest records a conflict with the primary (``index.copies``). Until a person
chooses the copy that is the report (``reportqa ingest --primary FILE``), an answer that uses a
disputed figure is not given as settled: its status is ``ambiguous`` (reason ``which_copy``) and
its ``candidates`` hold the figure of each copy, with the copy's file name.
"""
from __future__ import annotations

import os
from dataclasses import replace
from index.copies import meaning
from qa.results import Result


def disputed(result: Result, st) -> Result:
    """``result`` as it is, or, when a figure it gives or uses is disputed between copies of its
    report, an ``ambiguous`` result listing the figure of each copy (``st``: the answering State)."""
    if result.status != "answered":
        return result
    cands = [result.cand, *result.used, *(cand for _, cand, _ in result.points)]
    meanings: dict[str, set] = {}
    for cand in cands:
        for fact in _facts(cand):
            meanings.setdefault(fact.report_id, set()).add(meaning(fact))
    found = []
    for report in map(st.info, meanings):
        found.extend((report, c) for c in getattr(report, "conflicts", ()) if c.meaning in meanings[report.id])
    if not found:
        return result
    candidates = []
    for report, c in found:
        entry = {"id": report.id, "title": report.title, "agency": report.agency, "year": report.year}
        candidates.append({"report": entry, "label": c.label, "value": c.value, "unit": c.unit, "kind": "table",
                           "file": os.path.basename(report.path), "copy": "primary"})
        candidates.append({"report": entry, "label": c.label, "value": c.copy_value, "unit": c.unit, "kind": "table",
                           "file": os.path.basename(c.copy), "copy": "alternate"})
    return replace(result, status="ambiguous", reason="which_copy", candidates=tuple(candidates),
                   confidence=min(result.confidence, 0.3))


def _facts(cand) -> list:
    """The table facts a candidate figure is, or is computed from."""
    if cand is None:
        return []
    facts = [cand.fact] if getattr(cand, "fact", None) is not None else []
    return facts + [f for f in getattr(cand, "inputs", ()) or () if hasattr(f, "report_id") and hasattr(f, "row")]
