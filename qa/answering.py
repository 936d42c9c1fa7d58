"""Answering: the exact figure for a question, where it stands, the passages that state it and
the checks it takes part in.

``answer(question, collection)`` reads the question (``qa.question``), picks the reports it is
about (agency and year), ranks every candidate figure of those reports (``qa.metrics``: table
facts first, totals the table does not print, then prose figures) and carries out the operation
(lookup, ratio, change between years, comparison or ranking across agencies, sum). It never gives
a number without its source: when no report or nothing that means the metric is found, the status
says so; when several fit equally, it lists them.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, replace
from typing import Optional

from qa.agencies import match_agencies
from qa.evidence import checks_for, find_evidence
from qa.metrics import Candidate, Fit, best, report_candidates
from qa.operations import run_operation
from qa.phrasing import describe, fmt_value, say
from qa.question import Question, understand
from qa.records import Answer, Input, ReportRef, Source

MIN_RECALL = 0.55  # below this share of the question's wording, nothing "means" the metric
TIE = 0.03  # scores this close are equally good


class State:
    """What answering keeps per collection: report list, parsed reports and their candidates."""

    def __init__(self, collection) -> None:
        self.collection = collection
        self.infos = list(collection.reports())
        self.agencies = sorted({r.agency for r in self.infos if r.agency})
        self._reports: dict = {}
        self._cands: dict = {}

    def report(self, report_id: str):
        """The full report (parsed once)."""
        if report_id not in self._reports:
            self._reports[report_id] = self.collection.report(report_id)
        return self._reports[report_id]

    def candidates(self, report_id: str) -> list[Candidate]:
        """Every candidate figure of a report (built once)."""
        if report_id not in self._cands:
            self._cands[report_id] = report_candidates(self.report(report_id))
        return self._cands[report_id]

    def reports_of(self, agencies=None, years=None) -> list:
        """Report summaries of the given agencies and years (None: any), by agency then year."""
        out = [r for r in self.infos
               if (agencies is None or r.agency in agencies) and (not years or r.year in years)]
        return sorted(out, key=lambda r: (r.agency, r.year or 0))


_STATES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def state_of(collection) -> State:
    """The answering state of a collection, made on first use."""
    try:
        st = _STATES.get(collection)
        if st is None:
            st = _STATES[collection] = State(collection)
        return st
    except TypeError:  # not weak-referenceable: no cache
        return State(collection)


def answer(question: str, collection, *, agency: Optional[str] = None, year: Optional[int] = None,
           context=None) -> Answer:
    """Answer one question from the collection.

    ``agency``/``year`` restrict the question (as ``--agency``/``--year``); ``context`` is the
    previous ``Question`` of a conversation, for follow-ups. Returns an ``Answer`` whose status is
    answered, not_reported, not_found or ambiguous; never raises for a question it cannot answer.
    """
    return ask(question, collection, agency=agency, year=year, context=context)[0]


def ask(question: str, collection, *, agency: Optional[str] = None, year: Optional[int] = None,
        context=None) -> tuple[Answer, Question]:
    """``answer`` that also returns the understood question, the context of a follow-up."""
    st = state_of(collection)
    q = understand(question, st.agencies, context=context)
    q = _restrict(q, st, agency, year)
    result = respond(q, st)
    return replace(result, question=question), q


def respond(q: Question, st: State) -> Answer:
    """The answer to an understood question."""
    if q.unknown_agency and not q.agencies:
        return say(q, "not_found", "unknown_agency", name=q.unknown_agency, confidence=0.9)
    if q.unknown_agency:  # a department or place the collection does not hold, beside one it does
        return say(q, "not_found", "unknown_agency", name=q.unknown_agency, confidence=0.8)
    if not q.parts:
        return say(q, "not_found", "no_metric", confidence=0.5)
    if q.operation != "lookup":
        return run_operation(q, st)
    return lookup(q, st)


def _restrict(q: Question, st: State, agency: Optional[str], year: Optional[int]) -> Question:
    if agency:
        found = match_agencies(agency, st.agencies)
        if found:
            top = found[0].score
            q = replace(q, agencies=(tuple(m.agency for m in found if m.score >= top - 1e-6),), unknown_agency=None)
        else:
            q = replace(q, agencies=(), unknown_agency=agency)
    if year:
        q = replace(q, years=(int(year),))
    return q


@dataclass
class Pick:
    """The best candidate of one report for a part of the question."""

    fit: Fit
    cand: Candidate
    ranked: list


def pick(st: State, report_id: str, slots, unit=None, kinds=("table", "computed", "text")) -> Optional[Pick]:
    """The best candidate of one report, or None when the report has none."""
    ranked = best(slots, st.candidates(report_id), unit, kinds)
    if not ranked:
        return None
    return Pick(ranked[0][0], ranked[0][1], ranked)


def target_reports(q: Question, st: State) -> tuple[list, Optional[Answer]]:
    """The reports a single-report question is about, or the answer that says there are none."""
    if q.agencies:
        wanted = set(q.agencies[0])
        reports = st.reports_of(wanted, q.years)
        if not reports:
            have = sorted({r.year for r in st.reports_of(wanted) if r.year})
            return [], say(q, "not_found", "no_report", agency="、".join(sorted(wanted)),
                           years=q.years, have=have, confidence=0.95)
        # Several readings of the name: keep the best-scored agency that has the year.
        agencies = [a for a in q.agencies[0] if any(r.agency == a for r in reports)]
        if len(agencies) > 1:
            return [], say(q, "ambiguous", "which_agency", candidates=[
                {"agency": a, "years": sorted({r.year for r in reports if r.agency == a})} for a in agencies],
                confidence=0.3)
        return reports, None
    reports = st.reports_of(None, q.years)
    if not reports:
        return [], say(q, "not_found", "no_year", years=q.years, confidence=0.95)
    if len(reports) > 6:
        reports = _narrow_by_search(q, st, reports)
    return reports, None


def _narrow_by_search(q: Question, st: State, reports: list) -> list:
    """For a question naming no agency, the reports whose passages or rows the hybrid search
    finds first (six at most)."""
    try:
        hits = st.collection.search(q.text, 20, year=q.years[0] if len(q.years) == 1 else None)
    except Exception:  # search unavailable: score every report instead
        return reports
    order: list[str] = []
    for hit in hits:
        if hit.chunk.report_id not in order:
            order.append(hit.chunk.report_id)
    by_id = {r.id: r for r in reports}
    narrowed = [by_id[i] for i in order if i in by_id][:6]
    return narrowed or reports


def lookup(q: Question, st: State) -> Answer:
    """A figure printed in one report (or a total its table does not print)."""
    reports, failure = target_reports(q, st)
    if failure:
        return failure
    slots = q.parts[0] if len(q.parts) == 1 else q.slots
    picks = [(r, pick(st, r.id, slots, q.unit)) for r in reports]
    picks = [(r, p) for r, p in picks if p is not None]
    if not picks:
        return say(q, "not_found", "no_metric", confidence=0.6)
    picks.sort(key=lambda rp: -rp[1].fit.score)
    top_report, top = picks[0]
    if top.fit.recall < MIN_RECALL:
        return say(q, "not_found", "nothing_means", report=top_report, confidence=0.6)
    tied = [(r, p) for r, p in picks[1:] if p.fit.score >= top.fit.score - TIE and p.fit.recall >= MIN_RECALL]
    if tied:
        return say(q, "ambiguous", "which_report", candidates=[
            candidate_entry(r, p.cand) for r, p in [(top_report, top)] + tied], confidence=0.3)
    rivals = [(f, c) for f, c in top.ranked[1:6] if f.score >= top.fit.score - 0.01 and c.kind != "text"
              and top.cand.kind != "text" and c.value != top.cand.value and c.label != top.cand.label]
    if rivals:
        return say(q, "ambiguous", "which_metric", candidates=[
            candidate_entry(top_report, c) for c in [top.cand] + [c for _, c in rivals]], confidence=0.3)
    return answer_with(q, st, top_report, _prefer_table(top))


def _prefer_table(top: Pick) -> Pick:
    """The table figure with the same meaning as a chosen prose figure, when the report has one:
    a figure comes from a table fact when one holds it, and the prose then corroborates it."""
    if top.cand.kind != "text" or not top.cand.key:
        return top
    for fit, cand in top.ranked:
        if cand.kind != "text" and cand.key == top.cand.key and not cand.unreadable:
            return Pick(fit, cand, top.ranked)
    return top


def candidate_entry(report, cand: Candidate) -> dict:
    """One entry of ``Answer.candidates``."""
    return {"report": {"id": report.id, "title": report.title, "agency": report.agency, "year": report.year},
            "label": cand.label, "value": cand.value, "unit": cand.unit, "kind": cand.kind}


def ref(report) -> ReportRef:
    """A report summary as the answer format's ``report``."""
    return ReportRef(report.id, report.title, report.agency, report.year)


def source_of(cand: Candidate, quote: Optional[str] = None) -> Source:
    """Where a candidate stands."""
    if cand.printed is not None and cand.fact is not None:  # an impossible printed total, corrected
        from qa.totals import parts_arithmetic

        f = cand.fact
        return Source("computed", section=" › ".join(f.section), table=f.table_title, row=" › ".join(f.row),
                      column=" › ".join(f.column), quote=quote or f"{parts_arithmetic(cand)}（表中印为 {f.raw}）",
                      page=f.where.page)
    if cand.kind == "text" and cand.figure is not None:
        f = cand.figure
        return Source("text", section=" › ".join(f.section), quote=quote or f.sentence, page=f.where.page)
    if cand.fact is not None:
        f = cand.fact
        return Source("table", section=" › ".join(f.section), table=f.table_title, row=" › ".join(f.row),
                      column=" › ".join(f.column), quote=quote or f.raw, page=f.where.page)
    first = cand.inputs[0] if cand.inputs else None
    return Source("computed", section=" › ".join(first.section) if first else "",
                  table=first.table_title if first else "", row=describe(cand, "zh"),
                  quote=quote or arithmetic(cand), page=first.where.page if first else None)


def arithmetic(cand: Candidate) -> str:
    """The sum behind a computed candidate: ``0 + 19 = 19``."""
    parts = [fmt_value(p.value, None) if not p.blank else "空" for p in cand.inputs]
    return f"{' + '.join(parts)} = {fmt_value(cand.value, None)}"


def input_of(st: State, cand: Candidate) -> Input:
    """A fact a computed answer used, with its report and source."""
    report = next(r for r in st.infos if r.id == cand.report_id)
    return Input(cand.value, cand.unit, ref(report), source_of(cand))


def fact_inputs(st: State, cand: Candidate) -> list[Input]:
    """The inputs of a candidate: its parts when it is a computed total, else itself."""
    from qa.metrics import fact_candidate

    if cand.inputs:
        return [input_of(st, fact_candidate(f)) for f in cand.inputs]
    return [input_of(st, cand)]


def answer_with(q: Question, st: State, report, chosen: Pick) -> Answer:
    """The answer for one chosen candidate: its status, sentence, source, evidence and checks."""
    cand = chosen.cand
    full = st.report(report.id)
    checks = checks_for(full, [cand])
    if cand.blank:
        return say(q, "not_reported", "blank", report=report, cand=cand, source=source_of(cand),
                   checks=checks, confidence=0.8)
    if cand.unreadable or cand.value is None:
        return say(q, "not_found", "unreadable", report=report, cand=cand, source=source_of(cand),
                   confidence=0.5)
    evidence, corroborated = find_evidence(full, cand.value, q.slots)
    conflict = _conflicting_prose(chosen, cand)
    if conflict is not None:
        more, _ = find_evidence(full, conflict.value, q.slots, limit=1)
        evidence = evidence + [e for e in more if e not in evidence]
    confidence = 0.35 + 0.4 * min(1.0, chosen.fit.recall) + 0.25 * chosen.fit.precision
    if any(not c.ok for c in checks) or conflict is not None:
        confidence *= 0.6
    if cand.kind == "text":
        confidence *= 0.85
    return say(q, "answered", "value", report=report, cand=cand, source=source_of(cand),
               inputs=fact_inputs(st, cand) if cand.inputs else [], evidence=evidence, checks=checks,
               corroborated=corroborated, conflict=conflict, confidence=min(1.0, confidence))


def _unit_class(unit: Optional[str]) -> str:
    return unit if unit in ("元", "%") else "count"


def _conflicting_prose(chosen: Pick, cand: Candidate) -> Optional[Candidate]:
    """A prose figure of the same report that says nearly what the question asks but states
    another value (the district office's own 17 requests beside the district's 95 in the table)."""
    if cand.kind == "text" or cand.value is None:
        return None
    stating = [f.direct for f, c in chosen.ranked[1:15]
               if c.kind == "text" and c.value is not None and abs(c.value - cand.value) <= 1e-6]
    for f, c in chosen.ranked[1:15]:
        if c.kind != "text" or c.value is None or c.approximate or abs(c.value - cand.value) <= 1e-6:
            continue
        if any(w in c.label for w in ("及", "和", "与", "、")):  # a sum of two things: another scope
            continue
        if f.direct >= 0.85 and f.precision >= 0.6 and f.score >= chosen.fit.score - 0.4 \
                and _unit_class(c.unit) == _unit_class(cand.unit) and not any(d >= f.direct for d in stating):
            return c
    return None
