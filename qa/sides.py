"""Two sides set against each other, each a figure of its own agency and years added up: "洪泽区23年和24年
新收的申请加起来，跟平潭实验区2024年一年新收的比，差多少件", "2023+2024两年合计比2021+2022两年合计变化了
百分之多少", "…两年的复议总数加起来，相当于淮安市政府2024年一年复议总数的百分之几". The question's metric is
read on both sides; each side's years are added; the two are then compared (difference, percent change or
share). Used by ``qa.answering`` (a sides plan).
"""
from __future__ import annotations

import re
from typing import Optional

from qa.agency_mentions import agency_groups
from qa.amounts import fmt_number
from qa.operation_words import UNDIRECTED, sides_said
from qa.operations import comparable, computed, falling, nothing
from qa.plan import State, agency_report, answerable
from qa.question import Question
from qa.results import Result
from qa.years import find_years

_PERCENT = re.compile(r"百分之|%|％|幅度|增幅|降幅|percent", re.I)


def two_sides(q: Question, agencies) -> Optional[tuple[tuple, tuple, str]]:
    """The two sides of the question as ((agency group, years), (agency group, years), how) — how: "share",
    "percent" or "difference" — when each side names its own years, one of them several added up; else None."""
    if q.operation not in ("difference", "percent_change", "compare", "ratio", "sum"):
        return None
    m = sides_said(q.text)
    if m is None:
        return None
    first, other = q.text[:m.start()], m.group("other")
    first_years, other_years = find_years(first)[0], find_years(other)[0]
    first_agency, other_agency = (agency_groups(t, agencies)[0] for t in (first, other))
    if not first_agency and not other_agency:
        return None
    a = first_agency[0] if first_agency else other_agency[0]
    b = other_agency[0] if other_agency else a
    how = "share" if m.group(0).startswith("相当于") else \
        "percent" if q.operation == "percent_change" or _PERCENT.search(q.text[m.end():]) else "difference"
    return (a, tuple(dict.fromkeys(first_years))), (b, tuple(dict.fromkeys(other_years))), how


def compare_sides(q: Question, st: State) -> Result:
    """The two sides' figures, each its years added up, compared as the question asks."""
    sides = two_sides(q, st.agencies)
    if sides is None:
        return Result("not_understood", "not_understood", confidence=0.9)
    (a, years_a), (b, years_b), how = sides
    totals = []
    for group, years in ((a, years_a), (b, years_b)):
        found = []
        for year in years:
            report = agency_report(st, group, year)
            if report is None:
                have = sorted({r.year for r in st.reports_of(set(group)) if r.year})
                return Result("not_found", "no_report", confidence=0.9,
                              detail={"agency": "、".join(group), "years": [year], "have": have})
            pick = answerable(st, report.id, q.parts[0])
            if pick is None or pick.cand.value is None or pick.cand.blank:
                return nothing(report, 0.6)
            found.append(pick.cand)
        totals.append(found)
    used = totals[0] + totals[1]
    if any(not comparable(c, used[0]) for c in used[1:]) or len({c.key for c in used if c.key}) > 1:
        return nothing(None, 0.6)  # (each side must count the same thing)
    left, right = (sum(c.value for c in side) for side in totals)
    shown = [" + ".join(fmt_number(c.value) for c in side) + (f" = {fmt_number(v)}" if len(side) > 1 else "")
             for side, v in zip(totals, (left, right))]
    unit = used[0].unit
    if how == "share":
        if not right:
            return nothing(None, 0.4)
        value, unit = left / right * 100, "%"
        quote = f"({shown[0]}) ÷ ({shown[1]}) × 100% = {value:.2f}%"
    elif how == "percent":
        if not right:
            return nothing(None, 0.4)
        value, unit = (left - right) / right * 100, "%"
        quote = f"(({shown[0]}) − ({shown[1]})) ÷ {fmt_number(right)} × 100% = {value:.2f}%"
    else:
        value = right - left if falling(q.text) else left - right
        if UNDIRECTED.search(q.text):
            value = abs(value)
        quote = f"({shown[0]}) − ({shown[1]}) = {fmt_number(left - right)}"
    return computed("sides", None, value, unit, quote, used, sides=((a, years_a, left), (b, years_b, right)),
                    what=used[0], how=how)

