"""Planning an answer: which reports and which figures a question needs, or why it cannot have any.

``make_plan(q, st)`` reads an understood ``Question`` against the collection (``State``: its
reports and, per report, the candidate figures of ``qa.metrics``) and returns either a ``Plan``
(the computation to carry out and the reports it reads) or a ``Result`` that already says why
there is no figure: the question names no metric (``not_understood``), an agency the collection
does not hold, a year it has no report for, or several agencies or years where one is asked for
(``ambiguous``). Nothing here computes or phrases.
"""
from __future__ import annotations

import os
import re
import threading
import weakref
from dataclasses import dataclass, replace
from typing import Optional

import cachetools

from qa.agencies import bodies, match_agencies
from qa.metrics import Candidate, Fit, best, report_candidates
from qa.operation_words import EACH, GAP_IN_POINTS, SIDE_BY_SIDE, sides_said
from qa.question import Question
from qa.results import Result

# an English question that asks each agency's rate or share ("correction rates", "the higher share of")
_RATE_RANKED = re.compile(r"\b(?:rates?|shares?|proportions?|percentages?|ratios?)\b(?! (?:of|in) (?:the )?(?:change|growth|increase))",
                          re.I)
MIN_RECALL = 0.55  # below this share of the question's wording, nothing "means" the metric
TIE = 0.03  # scores this close are equally good
# parsed reports (and their candidates) an answering state keeps, the last used: each holds a few MiB, so a
# server's memory grows with the reports asked about up to this many (REPORTQA_REPORTS_KEPT sets it)
REPORTS_KEPT = max(1, int(os.environ.get("REPORTQA_REPORTS_KEPT", "256") or 256))


class State:
    """What answering keeps per collection: the agencies and their years, and the last parsed reports
    and candidates used (at most ``REPORTS_KEPT`` of each); reports are looked up in the collection."""

    def __init__(self, collection) -> None:
        try:  # the cache of states is keyed weakly by the collection: its value must not keep the key alive
            self.collection = weakref.proxy(collection)
        except TypeError:  # not weak-referenceable: not cached either (see state_of)
            self.collection = collection
        self.agencies = collection.agencies()
        self.agency_years = collection.agency_years()
        self._lock = threading.Lock()
        self._reports = cachetools.LRUCache(maxsize=REPORTS_KEPT)
        self._cands = cachetools.LRUCache(maxsize=REPORTS_KEPT)

    @cachetools.cachedmethod(lambda self: self._reports, lock=lambda self: self._lock)
    def report(self, report_id: str):
        """The full report (parsed once while it is among the last used)."""
        return self.collection.report(report_id)

    @cachetools.cachedmethod(lambda self: self._cands, lock=lambda self: self._lock)
    def candidates(self, report_id: str) -> list[Candidate]:
        """Every candidate figure of a report (built once while it is among the last used)."""
        return report_candidates(self.report(report_id))

    def reports_of(self, agencies=None, years=None) -> list:
        """Report summaries of the given agencies and years (None: any), by agency then year."""
        return self.collection.reports_of(agencies, years)

    def info(self, report_id: str):
        """The report summary of a report id."""
        return self.collection.report_info(report_id)


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


def answerable(st: State, report_id: str, slots, unit=None) -> Optional[Pick]:
    """The best candidate of a report when it says enough of the question's wording, else None."""
    p = pick(st, report_id, slots, unit)
    return p if p is not None and p.fit.recall >= MIN_RECALL else None


@dataclass(frozen=True)
class Plan:
    """The computation a question needs: ``kind`` (lookup, ratio, change, gap, across, sum,
    series, list) and the reports it reads (for a lookup, the reports that may hold the figure)."""

    kind: str
    reports: tuple = ()


# ---------------------------------------------------------------- the question, completed


def restrict(q: Question, st: State, agency: Optional[str], year: Optional[int]) -> Question:
    """The question restricted to an agency and year given beside it (``--agency``/``--year``)."""
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


def resolve_relative_year(q: Question, st: State) -> Question:
    """A relative year (今年, 去年) the understanding could not place, counted from the latest year
    the collection holds for the agency (or for any agency), with the reading noted. A year named only
    in a date ("截至2023年1月18日") whose report the agency lacks is the year before's report, which
    states the figures as of early the next year, with that reading noted."""
    if q.dated and q.agencies and len(q.years) == 1:
        wanted, (year,) = set(q.agencies[0]), q.years
        if not st.reports_of(wanted, [year]) and st.reports_of(wanted, [year - 1]):
            note = (f"按{year - 1}年的年报理解（{year}年的日期，年报次年初写成）" if q.language == "zh" else
                    f"read as the {year - 1} report (a date in {year}: reports are written early the next year)")
            return replace(q, years=(year - 1,), relative_year=note)
    offset = getattr(q, "relative_offset", None)
    if offset is None or q.years or getattr(q, "relative_base", None) != "latest":
        return q
    wanted = set(q.agencies[0]) if q.agencies else None
    held = [r.year for r in st.reports_of(wanted) if r.year]
    if not held:
        return q
    latest = max(held)
    year = latest + offset
    words = {0: "今年", -1: "去年", -2: "前年"}.get(offset, f"{offset:+d}年")
    note = f"{words} → {year}（集合中最新的年报为{latest}年）"
    return replace(q, years=(year,), relative_year=note)


# ---------------------------------------------------------------- the plan


# a share of a whole with a part left out of it, in English ("leaving out the pending ones, what share of …")
_LEFT_OUT_OF_A_SHARE = re.compile(r"\b(?:leaving out|leave out|excluding|not counting|setting aside|leaving aside)\b", re.I)
# a figure added up over years or parts before it is compared ("加起来", "加总", "合计")
_ADDED_UP = re.compile(r"加起来|加在一起|加总|合计|之和|相加|总和|combined|added up|in total", re.I)
# a difference asked between two figures ("比X多多少", 相差多少); qa.shapes._HOW_MUCH_MORE, broader, picks
# the words of a comparison across agencies
_DIFFERENCE_ASKED = re.compile(r"比[^，,。？?]{1,30}?(?:多|少)了?(?:多少|几)|相差多少|差了?多少|差距是?多少")


def make_plan(q: Question, st: State) -> "Plan | Result":
    """The computation a question needs, or the result that says why it has no figure."""
    if q.unknown_agency:
        # a department or place the collection does not hold (alone, or beside one it does)
        return Result("not_found", "unknown_agency", detail={"name": q.unknown_agency},
                      confidence=0.9 if not q.agencies else 0.8)
    if (getattr(q, "not_understood", False) or not (q.parts or getattr(q, "metrics", ()))) \
            and not getattr(q, "located", None):
        return Result("not_understood", "not_understood", confidence=0.9)
    shape = getattr(q, "shape", "single") or "single"
    if shape == "series":
        return _series_plan(q, st)
    if len(q.years) >= 2 and sides_said(q.text):
        # "洪泽区23年和24年加起来，跟平潭2024年比差多少": each side its own agency and years, added up
        return Plan("sides")
    if len(q.agencies) >= 2 and (
            (q.operation in ("difference", "percent_change") and len(q.years) == 2 and not EACH.search(q.text))
            or (q.operation == "compare" and len(q.years) >= 2 and _ADDED_UP.search(q.text))):
        # a figure made of one agency's years set against another's, not read as two sides: neither a change
        # of one agency nor a comparison in one year; no figure rather than a wrong one
        return Result("not_understood", "not_understood", confidence=0.9)
    if (shape == "ranking" or q.operation in ("compare", "rank")) and q.operation != "ratio" and len(q.parts) < 2 \
            and _RATE_RANKED.search(q.text):
        # "Correction rates …: compare A with B … rank them": a rate asked of each, read as one count; never the
        # counts ranked as if they were the rates
        return Result("not_understood", "not_understood", confidence=0.9)
    if q.operation == "ratio" and _LEFT_OUT_OF_A_SHARE.search(q.text) and -1 not in (getattr(q, "den_signs", ()) or ()):
        # "leaving out the pending ones, what share of the court cases were upheld": the whole less a part,
        # which was not read as one; never the share of the whole
        return Result("not_understood", "not_understood", confidence=0.9)
    if shape == "ranking" or q.operation in ("compare", "rank"):
        return Plan("across")
    if getattr(q, "all_agencies", False) and q.operation == "lookup" and shape == "single":
        return Plan("across")  # "各部门的…": every agency's figure, in order
    if len(q.agencies) >= 2 and q.operation == "lookup" and (EACH.search(q.text) or getattr(q, "paired_years", ())) and (
            shape == "single" or (shape == "list" and len(q.metrics) <= 1)):
        # "A和B各自…多少", "the figure reported by A (2025), B (2024) and C (2023)": one figure of each agency
        return Plan("across")
    if q.operation == "ratio" and len(q.agencies) >= 2 and len(q.years) <= 1 and (
            EACH.search(q.text) or SIDE_BY_SIDE.search(q.text) or getattr(q, "paired_years", ())):
        return Plan("across")  # "A和B的维持率分别是多少", "…对比一下": each one's share, side by side
    if q.operation == "ratio" and len(q.agencies) == 2 and len(q.parts) == 2 and _same_metric(*q.parts):
        return Plan("share_across")  # "洪泽区新收的申请占淮安市新收申请的百分之几": one metric, two agencies
    if q.operation == "ratio" and len(q.agencies) == 2 and GAP_IN_POINTS.search(q.text):
        return Plan("across")  # "A和B各自予以公开的占比相差几个百分点": each one's share, and the gap
    if q.operation in ("difference", "percent_change"):
        return Plan("change")
    if q.operation == "lookup" and shape == "single" and _DIFFERENCE_ASKED.search(q.text):
        # "…比2012年当年多多少": a difference asked, but only one figure understood; never that figure
        return Result("not_understood", "not_understood", confidence=0.9)
    reports, failure = target_reports(q, st)
    if failure is not None:
        return failure
    if shape == "list":
        return _one_report(q, reports, "list")
    if q.operation == "ratio":
        return _one_report(q, reports, "ratio")
    if q.operation == "gap" and len(q.parts) >= 2:
        return _one_report(q, reports, "gap")
    if q.operation == "sum" and len(q.parts) == 1 and len(q.years) <= 1 and len(q.agencies) <= 1 \
            and not getattr(q, "all_agencies", False) and len({r.agency for r in reports}) <= 1:
        return Plan("lookup", tuple(reports))  # "一年一共发了多少条": one figure of one report, no sum to make
    if q.operation != "lookup":
        if len(q.parts) >= 2 and len(q.years) <= 1 and len(q.agencies) <= 1:  # several metrics of one report
            return _one_report(q, reports, "sum")
        missing = [y for y in q.years if not any(r.year == y for r in reports)] if len(q.years) >= 2 else []
        if missing and q.agencies:  # "2023年和2024年加起来" with no 2023 report: no total of one year
            wanted = set(q.agencies[0])
            return Result("not_found", "no_report", confidence=0.95, detail={
                "agency": "、".join(sorted(wanted)), "years": missing,
                "have": sorted({r.year for r in st.reports_of(wanted) if r.year})})
        return Plan("sum", tuple(reports))
    return Plan("lookup", tuple(reports))


def _same_metric(part, whole) -> bool:
    """Whether the two sides of a ratio name one metric (the whole's keyed words are the part's, or all
    its words are): the share of one agency's figure in another's."""
    keys_part, keys_whole = {s.key for s in part if s.key}, {s.key for s in whole if s.key}
    if keys_whole:
        return keys_whole <= keys_part
    return {s.text for s in whole} <= {s.text for s in part}


def _one_report(q: Question, reports: list, kind: str) -> "Plan | Result":
    if len(reports) > 1:
        return Result("ambiguous", "which_report", confidence=0.3, candidates=tuple(
            {"report": report_entry(r), "label": "", "value": None, "unit": None, "kind": "report"}
            for r in reports[:8]))
    return Plan(kind, tuple(reports))


def _series_plan(q: Question, st: State) -> "Plan | Result":
    """One agency over several years: every year asked (every year held when none is named)."""
    if not q.agencies:
        return Result("ambiguous", "which_agency_series", confidence=0.3, candidates=tuple(
            {"agency": a, "years": sorted({r.year for r in st.reports_of({a}) if r.year})}
            for a in st.agencies[:12]))
    groups = list(q.agencies)
    if len(groups) == 1 and len(groups[0]) > 1 and q.years:
        # Several readings of one name: keep those that hold a year asked for (平潭综合实验区, not the
        # 平潭县人民政府 of 2011-2013, for 2019-2024).
        holding = tuple(a for a in groups[0] if st.reports_of({a}, q.years))
        if holding:
            groups = [holding]
    if len(groups) > 1 or len(bodies(groups[0])) > 1:
        names = [a for g in groups for a in g]
        return Result("ambiguous", "which_agency", confidence=0.3, candidates=tuple(
            {"agency": a, "years": sorted({r.year for r in st.reports_of({a}) if r.year})} for a in names))
    agency = groups[0]
    years = q.years if (q.years and len(q.years) >= 2 and not getattr(q, "all_years", False)) else None
    reports = st.reports_of(set(agency), years)
    if not reports:
        have = sorted({r.year for r in st.reports_of(set(agency)) if r.year})
        return Result("not_found", "no_report", confidence=0.95,
                      detail={"agency": "、".join(agency), "years": list(q.years), "have": have})
    return Plan("series", tuple(reports))


def report_entry(report) -> dict:
    """A report summary as the ``report`` of an ``Answer.candidates`` entry."""
    return {"id": report.id, "title": report.title, "agency": report.agency, "year": report.year}


def target_reports(q: Question, st: State) -> tuple[list, Optional[Result]]:
    """The reports a single-report question is about, or the result that says there are none."""
    if q.agencies:
        wanted = set(q.agencies[0])
        reports = st.reports_of(wanted, q.years)
        if not reports:
            have = sorted({r.year for r in st.reports_of(wanted) if r.year})
            return [], Result("not_found", "no_report", confidence=0.95,
                              detail={"agency": "、".join(sorted(wanted)), "years": list(q.years), "have": have})
        # Several readings of the name: keep the best-scored agency that has the year.
        agencies = [a for a in q.agencies[0] if any(r.agency == a for r in reports)]
        if len(bodies(agencies)) > 1 and (said := _only_one_says_it(q, st, reports, bodies(agencies))):
            return [r for r in reports if r.agency in said], None
        if len(bodies(agencies)) > 1:
            return [], Result("ambiguous", "which_agency", confidence=0.3, candidates=tuple(
                {"agency": a, "years": sorted({r.year for r in reports if r.agency == a})} for a in agencies))
        return reports, None
    reports = st.reports_of(None, q.years)
    if not reports:
        return [], Result("not_found", "no_year", detail={"years": list(q.years)}, confidence=0.95)
    if len(reports) > 6:
        reports = _narrow_by_search(q, st, reports)
    return reports, None


def _only_one_says_it(q: Question, st: State, reports: list, readings: list) -> Optional[tuple[str, ...]]:
    """Of several bodies a name may mean (平潭: 平潭县人民政府 and 平潭综合实验区 in 2012), the one whose
    report alone says what is asked: (nearly) every word of it, where no other body's report says even most of
    them ("新浪开的官方微博，有多少粉丝"). None when that is not so."""
    slots = q.parts[0] if len(q.parts) == 1 else q.slots
    if not slots:
        return None
    recall = {body: max((p.fit.recall for r in reports if r.agency in body
                         for p in [pick(st, r.id, slots, q.unit)] if p is not None), default=0.0) for body in readings}
    full = [body for body, got in recall.items() if got >= 0.85]
    if len(full) == 1 and all(got < MIN_RECALL for body, got in recall.items() if body != full[0]):
        return full[0]
    return None


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


def agency_report(st: State, group: tuple[str, ...], year: Optional[int]):
    """The report of an agency (any reading of its name) for a year (the latest when None)."""
    reports = st.reports_of(set(group), [year] if year else None)
    return reports[-1] if reports else None
