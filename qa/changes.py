"""Changes between two years of one agency: later − earlier, a percent change, a 倍数; the table's
own 本年增/减 column when it prints one; and the change a report states from a year the collection
does not hold (申请数量较去年回落12.3%). Used by ``qa.answering`` (a change plan).
"""
from __future__ import annotations

import re
from typing import Optional

from qa.amounts import fmt_number
from qa.metrics import Candidate, _key_parts, same_metric
from qa.operation_words import TIMES, UNDIRECTED
from qa.operations import added_up, blank, comparable, computed, falling, found, mixed_units, nothing
from qa.plan import MIN_RECALL, Pick, State, agency_report, answerable
from qa.question import Question
from qa.results import Result
from qa.years import find_years

_MINUS = re.compile(r"((?:19|20)\d\d)\s*年?度?的?\s*(?:minus|less|减去|减掉|减)\s*((?:19|20)\d\d)", re.I)
_THAN = re.compile(r"(?<!相)比(?!较)|than|compared (?:with|to)", re.I)  # not 与2023年相比: that year is the base
# "跟2023年比是多了还是少了", "是增加还是减少", "up or down": which way it went, not by how much
_WHICH_WAY = re.compile(r"(?:多|增加|增长|上升|涨|升|高|增)了?(?:还是|是|或是?)(?:少|减少|下降|降|回落|跌|低|减)了?|"
                        # "跟2015年比是多了吗？": a yes or no on the way it went
                        r"(?:是|有)?(?:多|少|增加|减少|增长|下降|上升|涨|降|高|低)了(?:吗|么|没有|没)\s*[？?]?\s*$|"
                        r"是否(?:有所)?(?:增加|减少|上升|下降|增长)|\bup or down\b|"
                        # "是不是比2024年的一亿八千多万少了很多": the way it went, as a yes-or-no
                        r"(?:是不是|是否|有没有)[^，,。？?]{0,30}?(?:多|少|增加|减少|上升|下降|涨|降|高|低)了?(?:很多|不少|许多|一些|一点|点)?"
                        r"(?:吗|呢)?\s*[？?]?\s*$|"
                        r"\b(?:rise|rose|increase|increased|go up|went up|grow|grew) or (?:fall|fell|decrease|decreased|"
                        r"go down|went down|drop|dropped|shrink|shrank)\b", re.I)
_BY_HOW_MUCH = re.compile(r"(?:多|少|增加|减少|增长|下降|上升|涨|降|差|变化|增减)了?(?:多少|几)|相差|差额|差值|差距|幅度|百分之|"
                          r"\bby how much\b|\bhow much (?:more|less|fewer)\b|\bhow many (?:more|fewer)\b", re.I)
_FALL = re.compile(r"下降|回落|减少|降低|下滑|减")
_RISE = re.compile(r"增长|上升|增加|提高|上涨|增")
_AGAINST_LAST_YEAR = re.compile(r"较去年|比去年|较上年|比上年|较上一年|比上一年|同比|与上年相比|与去年相比")


def stated_change(q: Question, st: State, report) -> Optional[Pick]:
    """The change from the year before that a report states in its prose ("申请数量较去年回落12.3%"),
    in the unit the question asks (% for a percent change; for a change asked in no unit, the rate
    when the report states no count), when it names the question's metric."""
    unit = "%" if q.operation == "percent_change" else None
    best = _stated(q, st, report, unit)
    if best is None and unit is None and not q.unit:
        # "比上一年回落了多少？" where the report states the change only as a rate: that rate, said as one
        best = _stated(q, st, report, "%")
    return best


def _stated(q: Question, st: State, report, unit: Optional[str]) -> Optional[Pick]:
    """The best stated change of the report in ``unit`` (% or a count), or None."""
    from qa.metrics import Matcher

    matcher = Matcher(q.parts[0], unit)
    best = None
    for cand in st.candidates(report.id):
        if cand.kind != "text" or cand.value is None or not _AGAINST_LAST_YEAR.search(cand.label):
            continue
        if (cand.unit == "%") != (unit == "%"):
            continue
        said_fall, asked_fall = _FALL.search(cand.label), _FALL.search(q.text)
        if (said_fall and _RISE.search(q.text) and not asked_fall) or (asked_fall and _RISE.search(cand.label)):
            continue  # "增长了百分之几" of a figure that fell: not this figure
        fit = matcher.fit(cand)
        if fit.recall >= MIN_RECALL and (best is None or fit.score > best.fit.score):
            best = Pick(fit, cand, [])
    return best


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


def change(q: Question, st: State) -> Result:
    """The change of one metric between two years: later − earlier (or the fall, when asked)."""
    if not q.agencies:  # a change of whose figure? the agencies that have both years
        years = set(q.years[:2])
        held = [a for a in st.agencies if years and years <= {r.year for r in st.reports_of({a})}]
        return Result("ambiguous", "which_agency", confidence=0.3, candidates=tuple(
            {"agency": a, "years": sorted(years)} for a in held[:12]))
    y1, y2 = sorted(q.years[:2]) if len(q.years) >= 2 else (None, None)
    r1, r2 = agency_report(st, q.agencies[0], y1), agency_report(st, q.agencies[0], y2)
    if r1 is None and r2 is not None and y2 == y1 + 1:
        stated = stated_change(q, st, r2)
        if stated is not None:  # "比上年下降了百分之几" with no report of the year before: the report says it
            return found(r2, stated)
    which_way = q.operation == "difference" and _WHICH_WAY.search(q.text) and not _BY_HOW_MUCH.search(q.text)
    if which_way and (r1 is None) != (r2 is None):
        # "2019年受理了多少件？跟上一年比是涨了还是回落了？" with no report of the other year: the year asked,
        # and the other year said to be missing
        held, missing = (r1, y1) if r1 is not None else (r2, y2), (y2 if r1 is not None else y1)
        pick = answerable(st, held[0].id, q.parts[0])
        if pick is not None and pick.cand.value is not None and not pick.cand.blank:
            points = tuple(sorted([(held[0], pick.cand, str(held[1])), (None, None, str(missing))], key=lambda p: p[2]))
            return Result("answered", "series", report=held[0], cand=pick.cand, value=pick.cand.value,
                          unit=pick.cand.unit, quote=f"{held[1]}年 {fmt_number(pick.cand.value)}", used=(pick.cand,),
                          points=points, confidence=0.7,
                          detail={"anchor": pick.cand, "missing_years": [missing], "left_out": []})
    for y, r in ((y1, r1), (y2, r2)):
        if r is None:
            have = sorted({x.year for x in st.reports_of(set(q.agencies[0])) if x.year})
            return Result("not_found", "no_report", confidence=0.9,
                          detail={"agency": "、".join(q.agencies[0]), "years": [y], "have": have})
    addends = _rows_added(q)
    if addends:  # "行政处罚和行政强制合计，2024年比2023年变化了百分之多少": each year's sum of the rows named
        c1, c2 = (_sum_in(st, r, addends) for r in (r1, r2))
        if c1 is None or c2 is None:
            return nothing(r2, 0.6)
        return _changed(q, (r1, c1, y1), (r2, c2, y2))
    slots = q.parts[0]
    p1, p2 = answerable(st, r1.id, slots), answerable(st, r2.id, slots)
    if p1 is None and p2 is None:
        return nothing(r2, 0.6)
    anchor, other_report = (p2, r1) if (p2 and (not p1 or p2.fit.score >= p1.fit.score)) else (p1, r2)
    if q.unit and q.unit not in ("元", "%") and anchor.cand.unit in ("元", "%"):
        return nothing(r2, 0.6)  # "收费项目增减了几个": a count asked, and the figure found is money
    twin = same_metric(anchor.cand, st.candidates(other_report.id))
    if twin is None:
        alt = answerable(st, other_report.id, slots)
        twin = alt.cand if alt else None
    if twin is None:
        return nothing(other_report)
    c1, c2 = (twin, anchor.cand) if other_report is r1 else (anchor.cand, twin)
    printed = printed_change(st, r2, c2) if q.operation == "difference" and y2 == y1 + 1 else None
    if printed is not None:  # "收费项目比上一年增减了多少": the table's own 本年增/减 column
        return found(r2, Pick(anchor.fit, printed, anchor.ranked))
    for r, c in ((r1, c1), (r2, c2)):
        if c.blank or c.value is None:
            return blank(r, c)
    if not comparable(c1, c2):
        return mixed_units(None, [c1, c2], [r1, r2])
    if which_way:
        return _which_way(q, (r1, c1, y1), (r2, c2, y2))
    return _changed(q, (r1, c1, y1), (r2, c2, y2))


_ADDED = re.compile(r"[+＋]|加起来|加在一起|加总|合计|之和|相加|一共|combined|together|in total", re.I)


def _rows_added(q: Question) -> list[tuple]:
    """The addends of a change of a sum ("“行政处罚+行政强制”合计"): one a keyed row the question names, with
    its other words; [] when it names one row or asks no sum."""
    slots = q.parts[0] if len(q.parts) == 1 else ()
    keyed = [s for s in slots if s.key]
    if len({s.key for s in keyed}) < 2 or not _ADDED.search(q.text):
        return []
    rest = tuple(s for s in slots if not s.key)
    return [(s,) + rest for s in keyed]


def _sum_in(st: State, report, addends: list[tuple]) -> Optional[Candidate]:
    """The rows' figures of one report added up, as one computed figure; None when one is missing."""
    picks = [answerable(st, report.id, a) for a in addends]
    if any(p is None or p.cand.value is None or p.cand.blank for p in picks) \
            or len({id(p.cand) for p in picks}) < len(picks) or not all(comparable(p.cand, picks[0].cand) for p in picks):
        return None
    return added_up(report, [p.cand for p in picks])


def _said_at(text: str, year: int) -> int:
    """Where the question first names a year, however written (2024年, 24年, 二〇二四年); its end when not."""
    years, spans, _ = find_years(text)
    return min((a for y, (a, _) in zip(years, spans) if y == year), default=len(text))


def _changed(q: Question, first: tuple, second: tuple) -> Result:
    """The change between two figures of one metric: later − earlier (the fall, when asked), how far apart
    (差多少), in percent, or the one over the other (几倍)."""
    (r1, c1, y1), (r2, c2, y2) = first, second
    diff = (c1.value - c2.value) if falling(q.text) else (c2.value - c1.value)
    if q.operation != "percent_change" and _subject_year(q.text, y1, y2) == y1:
        # "How many more … in 2022 than in 2023", "2022年比2023年多了多少": the year compared comes first.
        diff = (c2.value - c1.value) if falling(q.text) else (c1.value - c2.value)
    minus = _MINUS.search(q.text)
    if q.operation != "percent_change" and minus and {int(minus.group(1)), int(minus.group(2))} == {y1, y2}:
        # "(2022 minus 2023)", "2022年减2023年": the order said
        diff = c1.value - c2.value if int(minus.group(1)) == y1 else c2.value - c1.value
    if TIMES.search(q.text):  # "2024年是2023年的几倍": the year asked about over the other
        # "A是B的几倍": the year named first is A
        top, bottom = (c1, c2) if _said_at(q.text, y1) <= _said_at(q.text, y2) else (c2, c1)
        if not bottom.value:
            return nothing(r1, 0.4)
        value = top.value / bottom.value
        quote = f"{fmt_number(top.value)} ÷ {fmt_number(bottom.value)} = {value:.2f}倍"
        return computed("change", None, value, "倍", quote, [c1, c2], c1=c1, c2=c2, y1=y1, y2=y2,
                        agency=r2.agency, percent=False, times=True)
    if q.operation == "percent_change":
        if not c1.value:
            return nothing(r1, 0.4)
        value, unit = diff / c1.value * 100, "%"
        quote = (f"({fmt_number(c2.value)} − {fmt_number(c1.value)}) ÷ {fmt_number(c1.value)} × 100% = "
                 f"{(c2.value - c1.value) / c1.value * 100:.2f}%")
    else:
        value, unit = diff, c2.unit
        quote = f"{fmt_number(c2.value)} − {fmt_number(c1.value)} = {fmt_number(c2.value - c1.value)}"
        if minus and abs(diff - (c1.value - c2.value)) < 1e-9 and diff != c2.value - c1.value:
            quote = f"{fmt_number(c1.value)} − {fmt_number(c2.value)} = {fmt_number(diff)}"  # (the order said)
        if UNDIRECTED.search(q.text) and not _WHICH_WAY.search(q.text):
            # "两年相比，哪年多，差多少": how far apart, whichever is larger ("升了还是降了？差额是多少":
            # the way it went is asked too, so the change keeps its sign)
            value = abs(diff)
    return computed("change", None, value, unit, quote, [c1, c2], c1=c1, c2=c2, y1=y1, y2=y2,
                    agency=r2.agency, percent=q.operation == "percent_change")


def printed_change(st: State, report, cand: Candidate) -> Optional[Candidate]:
    """The change a table prints itself for a count of items (本年增/减 beside 上一年项目数量) in
    the same row, when ``cand`` is that count; else None."""
    if not cand.key:
        return None
    _, row, column = _key_parts(cand.key)
    if column not in ("previous_items", "change"):
        return None
    return next((c for c in st.candidates(report.id)
                 if c.key == f"{row}.change" and not c.blank and c.value is not None), None)


# ---------------------------------------------------------------- which figures go together


def _which_way(q: Question, first: tuple, second: tuple) -> Result:
    """"2024年…是多少？跟2023年比是多了还是少了？": both years' figures, each with its source, the way
    it went said; the figure is the year asked about (named first, or before 比), not the change."""
    (r1, c1, y1), (r2, c2, y2) = first, second
    subject = _subject_year(q.text, y1, y2)
    if subject is None:
        named = [(q.text.find(str(y)), y) for y in (y1, y2) if str(y) in q.text]
        subject = min(named)[1] if named else y2
    focus = c1 if subject == y1 else c2
    points = ((r1, c1, str(y1)), (r2, c2, str(y2)))
    return Result("answered", "series", report=r1 if subject == y1 else r2, cand=focus, value=focus.value,
                  unit=focus.unit, quote=f"{y1}年 {fmt_number(c1.value)}；{y2}年 {fmt_number(c2.value)}",
                  used=(c1, c2), points=points, confidence=0.8,
                  detail={"anchor": focus, "missing_years": [], "left_out": [], "way": (y1, c1, y2, c2)})
