"""Answers the tables do not print: a share, a change between years, a comparison or ranking
across agencies, a sum across reports or metrics. Each lists every fact it used (``inputs``) and
shows its arithmetic in ``source.quote``.
"""
from __future__ import annotations

import re
from typing import Optional

from qa.metrics import Candidate, _key_parts, coverage, glossary, same_metric
from qa.phrasing import describe, fmt_number, fmt_value, say
from qa.question import Question
from qa.records import Answer, Source

_DECREASE = re.compile(r"减少|下降|少了|降低|少[^，,。？?多少]{0,5}多少|decrease|decline|fell|fall|drop|fewer|less", re.I)
_INCREASE = re.compile(r"增加|增长|上升|多了|提高|多[^，,。？?多少]{0,5}多少|increase|grew|grow|rise|rose|more", re.I)
_DEPARTMENTS = re.compile(r"部门|局|委办|(?i:departments?|bureaus?)")
_HOW_MUCH_MORE = re.compile(r"多[^，,。？?多少]{0,5}多少|少[^，,。？?多少]{0,5}多少|多[^，,。？?]{0,5}几|少[^，,。？?]{0,5}几|"
                            r"相差|差多少|差了多少|差距|how many more|how much more|how many fewer|how much less|"
                            r"difference|by how much|by how many", re.I)


def run_operation(q: Question, st) -> Answer:
    """Carry out a question's operation (anything but a plain lookup)."""
    if q.operation == "ratio":
        return ratio(q, st)
    if q.operation in ("difference", "percent_change"):
        return change(q, st)
    if q.operation in ("compare", "rank"):
        return across_agencies(q, st)
    if q.operation == "gap" and len(q.parts) == 2:
        return gap(q, st)
    return total(q, st)


def gap(q: Question, st) -> Answer:
    """How much one metric of a report exceeds another ("行政规范性文件制发数比废止数多多少"). The
    second side is read, where it can be, in the first side's row or column (废止 of the same
    行政规范性文件 row, not of 规章)."""
    from qa.answering import pick, target_reports

    reports, failure = target_reports(q, st)
    if failure:
        return failure
    report = reports[0]
    first = _pick(st, report.id, q.parts[0])
    second = pick(st, report.id, q.parts[1])
    if first is None or second is None or not _answerable(second):
        return say(q, "not_found", "nothing_means", report=report, confidence=0.5)
    a = first.cand
    row, column = (tuple(a.fact.row), tuple(a.fact.column)) if a.fact is not None else ((), ())
    beside = [(f, c) for f, c in second.ranked[:20] if c is not a and c.fact is not None
              and (tuple(c.fact.row) == row or (column and tuple(c.fact.column) == column))]
    b = second.cand
    if beside and beside[0][0].score >= second.fit.score - 0.05:
        b = beside[0][1]
    for c in (a, b):
        if c.blank or c.value is None:
            return _blank(q, report, c)
    falling = bool(_DECREASE.search(q.text)) and not _INCREASE.search(q.text)
    value = (b.value - a.value) if falling else (a.value - b.value)
    quote = f"{fmt_number(a.value)} − {fmt_number(b.value)} = {fmt_number(a.value - b.value)}"
    la, lb = describe(a, "zh"), describe(b, "zh")
    text_zh = (f"{report.agency}{report.year}年{la}为{fmt_value(a.value, a.unit)}，{lb}为{fmt_value(b.value, b.unit)}，"
               f"相差{fmt_value(abs(a.value - b.value), a.unit)}（{quote}）。")
    text_en = (f"In {report.year}, {report.agency}: {describe(a, 'en')} {fmt_value(a.value, a.unit, 'en')}, "
               f"{describe(b, 'en')} {fmt_value(b.value, b.unit, 'en')} ({quote}).")
    return _computed_answer(q, st, report, value, a.unit, quote, [a, b], text_zh, text_en, q.slots)


def _answerable(fit_cand) -> bool:
    from qa.answering import MIN_RECALL

    return fit_cand is not None and fit_cand.fit.recall >= MIN_RECALL


def _computed_answer(q: Question, st, report, value: float, unit: Optional[str], quote: str, used: list,
                     text_zh: str, text_en: str, slots, rounded: bool = False, candidates=()) -> Answer:
    from qa.answering import fact_inputs
    from qa.evidence import checks_for, find_evidence

    inputs = [i for c in used for i in fact_inputs(st, c)]
    evidence, checks = [], []
    if report is not None:
        full = st.report(report.id)
        evidence, _ = find_evidence(full, value, slots, rounded=rounded)
        checks = checks_for(full, used)
    else:
        for c in used:
            checks += [x for x in checks_for(st.report(c.report_id), [c]) if x not in checks]
    first = used[0].fact or (used[0].inputs[0] if used[0].inputs else None)
    source = Source("computed", section=" › ".join(first.section) if first else "",
                    table=first.table_title if first else "", row=describe(used[0], "zh"), quote=quote,
                    page=first.where.page if first else None)
    failed = any(not c.ok for c in checks)
    return say(q, "answered", "computed", report=report, source=source, inputs=inputs, evidence=evidence,
               checks=checks, value=round(value, 6), unit=unit, text_zh=text_zh, text_en=text_en,
               candidates=list(candidates), confidence=0.75 if not failed else 0.55)


def _pick(st, report_id, slots, unit=None):
    from qa.answering import pick

    p = pick(st, report_id, slots, unit)  # tables rank first on equal fit (see qa.metrics.Matcher)
    return p if _answerable(p) else None


def _blank(q, report, cand) -> Answer:
    from qa.answering import source_of

    return say(q, "not_reported", "blank", report=report, cand=cand, source=source_of(cand), confidence=0.7)


def default_denominator(num: Candidate, cands: list[Candidate]) -> Optional[Candidate]:
    """What a share is a share of, when the question does not say: the row's total column, the
    table's total row, or the printed parent row."""
    if num.key:
        table, row, column = _key_parts(num.key)
        wanted = []
        if column != "total":
            wanted.append(f"{row}.total")
        dens = glossary()["ratio_denominators"]
        prefix = max((p for p in dens if row == p or row.startswith(p + ".")), key=len, default=None)
        if prefix:
            wanted.append(f"{dens[prefix]}.{column}")
        for key in wanted:
            found = next((c for c in cands if c.key == key and c.key != num.key), None)
            if found:
                return found
    if num.fact is not None and len(num.fact.row) > 1:
        parent = tuple(num.fact.row[:-1])
        return next((c for c in cands if c.fact is not None and c.fact.table == num.fact.table
                     and tuple(c.fact.row) == parent and c.fact.column == num.fact.column), None)
    return None


def _says_more(slots, cand: Candidate) -> bool:
    """Whether a denominator's wording names something the numerator's own figure does not
    ("new requests" against the granted requests of the results rows)."""
    grams = cand.grams("context")
    return any(coverage(s.alternatives[0], grams) < 0.99 for s in slots)


def ratio(q: Question, st) -> Answer:
    """A share in percent: numerator ÷ denominator × 100."""
    from qa.answering import target_reports

    reports, failure = target_reports(q, st)
    if failure:
        return failure
    if len(reports) > 1:
        return say(q, "ambiguous", "which_report", candidates=[
            {"report": {"id": r.id, "title": r.title, "agency": r.agency, "year": r.year}, "label": "", "value": None,
             "unit": None, "kind": "report"} for r in reports], confidence=0.3)
    report = reports[0]
    n = max(1, min(q.numerators, len(q.parts)))
    nums = [_pick(st, report.id, part) for part in q.parts[:n]]
    if any(p is None for p in nums):
        return say(q, "not_found", "nothing_means", report=report, confidence=0.6)
    num = nums[0]
    if num.cand.unit == "%" and n == 1:  # the report states the share itself (公文主动公开率达90.2%)
        from qa.answering import answer_with

        return answer_with(q, st, report, num)
    den = None
    den_part = q.parts[n] if len(q.parts) > n else None
    if den_part is None or not _says_more(den_part, num.cand):
        # no denominator, or only the numerator's own words ("申请" of "予以公开的申请占申请的比例")
        den = default_denominator(num.cand, st.candidates(report.id))
    if den is None and den_part is not None:
        den_pick = _pick(st, report.id, den_part)
        den = den_pick.cand if den_pick else None
    if den is None or any(den is p.cand for p in nums):
        return say(q, "not_found", "nothing_means", report=report, confidence=0.5)
    blank = next((c for c in [p.cand for p in nums] + [den] if c.blank or c.value is None), None)
    if blank is not None:
        return _blank(q, report, blank)
    if not den.value:
        return say(q, "not_found", "nothing_means", report=report, confidence=0.5)
    top = sum(p.cand.value for p in nums)
    value = top / den.value * 100
    shown = " + ".join(fmt_number(p.cand.value) for p in nums)
    shown = f"({shown})" if n > 1 else shown
    quote = f"{shown} ÷ {fmt_number(den.value)} × 100% = {value:.2f}%"
    a, b = "、".join(describe(p.cand, "zh") for p in nums), describe(den, "zh")
    text_zh = f"{report.agency}{report.year}年报告中，{a}占{b}的比例为{value:.2f}%（{quote}）。"
    text_en = (f"In the {report.year} report of {report.agency}, {' + '.join(describe(p.cand, 'en') for p in nums)} "
               f"is {value:.2f}% of {describe(den, 'en')} ({quote}).")
    return _computed_answer(q, st, report, value, "%", quote, [p.cand for p in nums] + [den], text_zh, text_en,
                            q.slots, rounded=True)


def _agency_report(st, group: tuple[str, ...], year: Optional[int]):
    reports = st.reports_of(set(group), [year] if year else None)
    return reports[-1] if reports else None


_THAN = re.compile(r"比|than|compared (?:with|to)", re.I)


def _subject_year(text: str, y1: Optional[int], y2: Optional[int]) -> Optional[int]:
    """The year a comparison is about ("2025年比2024年…", "more in 2022 than in 2023"): the one
    named before 比/than, when both years are named on either side of it; else None."""
    than = _THAN.search(text)
    if not than or y1 is None or y2 is None:
        return None
    before, after = text[:than.start()], text[than.end():]
    for first, second in ((y1, y2), (y2, y1)):
        if str(first) in before and str(second) in after and str(second) not in before:
            return first
    return None


def change(q: Question, st) -> Answer:
    """The change of one metric between two years: later − earlier (or the fall, when asked)."""
    if not q.agencies:
        return say(q, "not_found", "no_metric", confidence=0.4)
    y1, y2 = sorted(q.years[:2]) if len(q.years) >= 2 else (None, None)
    r1, r2 = _agency_report(st, q.agencies[0], y1), _agency_report(st, q.agencies[0], y2)
    for y, r in ((y1, r1), (y2, r2)):
        if r is None:
            have = sorted({x.year for x in st.reports_of(set(q.agencies[0])) if x.year})
            return say(q, "not_found", "no_report", agency="、".join(q.agencies[0]), years=[y], have=have,
                       confidence=0.9)
    slots = q.parts[0]
    p1, p2 = _pick(st, r1.id, slots), _pick(st, r2.id, slots)
    if p1 is None and p2 is None:
        return say(q, "not_found", "nothing_means", report=r2, confidence=0.6)
    anchor, other_report = (p2, r1) if (p2 and (not p1 or p2.fit.score >= p1.fit.score)) else (p1, r2)
    twin = same_metric(anchor.cand, st.candidates(other_report.id))
    if twin is None:
        alt = _pick(st, other_report.id, slots)
        twin = alt.cand if alt else None
    if twin is None:
        return say(q, "not_found", "nothing_means", report=other_report, confidence=0.5)
    c1, c2 = (twin, anchor.cand) if other_report is r1 else (anchor.cand, twin)
    for r, c in ((r1, c1), (r2, c2)):
        if c.blank or c.value is None:
            return _blank(q, r, c)
    falling = bool(_DECREASE.search(q.text)) and not _INCREASE.search(q.text)
    diff = (c1.value - c2.value) if falling else (c2.value - c1.value)
    if q.operation != "percent_change" and _subject_year(q.text, y1, y2) == y1:
        # "How many more … in 2022 than in 2023", "2022年比2023年多了多少": the year compared comes first.
        diff = (c2.value - c1.value) if falling else (c1.value - c2.value)
    label_zh, label_en = describe(c2, "zh"), describe(c2, "en")
    agency = r2.agency
    if q.operation == "percent_change":
        if not c1.value:
            return say(q, "not_found", "nothing_means", report=r1, confidence=0.4)
        value, unit = diff / c1.value * 100, "%"
        quote = f"({fmt_number(c2.value)} − {fmt_number(c1.value)}) ÷ {fmt_number(c1.value)} × 100% = {(c2.value - c1.value) / c1.value * 100:.2f}%"
        shown = f"{value:.2f}%"
    else:
        value, unit = diff, c2.unit
        quote = f"{fmt_number(c2.value)} − {fmt_number(c1.value)} = {fmt_number(c2.value - c1.value)}"
        shown = fmt_value(abs(value), unit)
    word = "增加" if c2.value >= c1.value else "减少"
    text_zh = (f"{agency}{label_zh}：{y1}年为{fmt_value(c1.value, c1.unit)}，{y2}年为{fmt_value(c2.value, c2.unit)}，"
               f"{word}{shown if q.operation == 'percent_change' else fmt_value(abs(c2.value - c1.value), unit)}（{quote}）。")
    text_en = (f"{agency}, {label_en}: {fmt_value(c1.value, c1.unit, 'en')} in {y1}, "
               f"{fmt_value(c2.value, c2.unit, 'en')} in {y2}; a change of {quote}.")
    return _computed_answer(q, st, None, value, unit, quote, [c1, c2], text_zh, text_en, slots)


def _metric_over(q: Question, st, reports: list) -> list[tuple[object, Candidate]]:
    """The same metric in each report: the best-fitting candidate anywhere, then its twin (same
    key or labels) in every other report."""
    picks = [(r, _pick(st, r.id, q.parts[0])) for r in reports]
    picks = [(r, p) for r, p in picks if p is not None]
    if not picks:
        return []
    anchor = max(picks, key=lambda rp: rp[1].fit.score)[1].cand
    out = []
    for r, p in picks:
        twin = same_metric(anchor, st.candidates(r.id)) if r.id != anchor.report_id else anchor
        out.append((r, twin or p.cand))
    return out


def _of_place(q: Question, reports: list) -> list:
    """The reports of the place the question names ("平潭各部门": every agency of 平潭, any reading of
    the name); only the departments when it asks about departments and there are two or more."""
    from qa.agencies import read_name

    if q.agencies:
        places = {"".join(read_name(a).places) for a in q.agencies[0]} - {""}
        if places:
            reports = [r for r in reports if any(r.agency.startswith(p) for p in places)]
    if _DEPARTMENTS.search(q.text):
        departments = [r for r in reports if not read_name(r.agency).government]
        if len(departments) >= 2:
            reports = departments
    return reports


def across_agencies(q: Question, st) -> Answer:
    """Which agency has the most (or least) of a metric in a year, or by how much two differ."""
    year = q.years[0] if q.years else max((r.year for r in st.infos if r.year), default=None)
    if q.operation == "compare" and len(q.agencies) >= 2:
        groups = list(q.agencies)
        if len(q.positions) == len(groups):  # in the order the question names them
            groups = [g for _, g in sorted(zip(q.positions, groups), key=lambda pg: pg[0])]
        reports = [_agency_report(st, g, year) for g in groups]
        missing = [g for g, r in zip(groups, reports) if r is None]
        if missing:
            return say(q, "not_found", "no_report", agency="、".join(missing[0]), years=[year],
                       have=sorted({x.year for x in st.reports_of(set(missing[0])) if x.year}), confidence=0.9)
    else:
        reports = _of_place(q, st.reports_of(None, [year]))
    values = [(r, c) for r, c in _metric_over(q, st, reports) if c.value is not None and not c.blank]
    if not values:
        return say(q, "not_found", "nothing_means", confidence=0.5)
    ordered = sorted(values, key=lambda rc: rc[1].value, reverse=not q.low)
    listing = [{"report": {"id": r.id, "title": r.title, "agency": r.agency, "year": r.year},
                "label": c.label, "value": c.value, "unit": c.unit, "kind": c.kind} for r, c in ordered]
    quote = "；".join(f"{r.agency} {fmt_value(c.value, c.unit)}" for r, c in ordered)
    label_zh, label_en = describe(ordered[0][1], "zh"), describe(ordered[0][1], "en")
    if q.operation == "compare" and _HOW_MUCH_MORE.search(q.text) and len(values) >= 2:
        (ra, ca), (rb, cb) = values[0], values[1]
        falling = bool(_DECREASE.search(q.text)) and not _INCREASE.search(q.text)
        diff = (cb.value - ca.value) if falling else (ca.value - cb.value)
        quote = f"{fmt_number(ca.value)} − {fmt_number(cb.value)} = {fmt_number(ca.value - cb.value)}"
        text_zh = f"{year}年{label_zh}：{ra.agency}{fmt_value(ca.value, ca.unit)}，{rb.agency}{fmt_value(cb.value, cb.unit)}（{quote}）。"
        text_en = f"In {year}, {label_en}: {ra.agency} {fmt_value(ca.value, ca.unit, 'en')}, {rb.agency} {fmt_value(cb.value, cb.unit, 'en')} ({quote})."
        return _computed_answer(q, st, None, diff, ca.unit, quote, [ca, cb], text_zh, text_en, q.slots,
                                candidates=listing)
    top_r, top_c = ordered[0]
    ties = [r.agency for r, c in ordered if c.value == top_c.value]
    most = ("最少" if q.low else "最多") if len(ordered) > 2 or q.operation == "rank" else ("较少" if q.low else "较多")
    text_zh = f"{year}年{label_zh}{most}的是{'、'.join(ties)}，为{fmt_value(top_c.value, top_c.unit)}（{quote}）。"
    text_en = (f"In {year}, {' and '.join(ties)} had the {'lowest' if q.low else 'highest'} {label_en}: "
               f"{fmt_value(top_c.value, top_c.unit, 'en')} ({quote}).")
    return _computed_answer(q, st, top_r if len(ties) == 1 else None, top_c.value, top_c.unit, quote,
                            [c for _, c in ordered], text_zh, text_en, q.slots, candidates=listing)


def total(q: Question, st) -> Answer:
    """A sum: of several metrics in one report, of one metric over years or over agencies."""
    from qa.answering import target_reports

    if len(q.parts) >= 2 and len(q.years) <= 1 and len(q.agencies) <= 1:
        reports, failure = target_reports(q, st)
        if failure:
            return failure
        report = reports[0]
        picks = [_pick(st, report.id, part) for part in q.parts]
        if any(p is None for p in picks):
            return say(q, "not_found", "nothing_means", report=report, confidence=0.5)
        used = [p.cand for p in picks]
        reports_used = [report] * len(used)
    else:
        if len(q.years) >= 2 and q.agencies:
            reports_used = [r for y in q.years for r in [_agency_report(st, q.agencies[0], y)] if r]
        else:
            year = q.years[0] if q.years else None
            if len(q.agencies) >= 2:
                reports_used = [r for g in q.agencies for r in [_agency_report(st, g, year)] if r]
            else:
                reports_used = _of_place(q, st.reports_of(None, [year] if year else None))
        pairs = _metric_over(q, st, reports_used)
        if not pairs:
            return say(q, "not_found", "nothing_means", confidence=0.5)
        reports_used, used = [r for r, _ in pairs], [c for _, c in pairs]
    present = [c for c in used if c.value is not None and not c.blank]
    if not present:
        return _blank(q, reports_used[0], used[0])
    value = sum(c.value for c in present)
    quote = " + ".join(fmt_number(c.value) for c in present) + f" = {fmt_number(value)}"
    unit = present[0].unit
    single = reports_used[0] if len({r.id for r in reports_used}) == 1 else None
    what = "、".join(dict.fromkeys(describe(c, "zh") for c in present))
    where = "、".join(dict.fromkeys(f"{r.agency}{r.year}年" for r in reports_used))
    text_zh = f"{where}{what}合计{fmt_value(value, unit)}（{quote}）。"
    text_en = (f"{', '.join(dict.fromkeys(describe(c, 'en') for c in present))} add up to "
               f"{fmt_value(value, unit, 'en')} over {len(set(r.id for r in reports_used))} report(s) ({quote}).")
    return _computed_answer(q, st, single, value, unit, quote, present, text_zh, text_en, q.slots)
