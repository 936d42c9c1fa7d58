"""Answers of several figures: the same metric in several reports (a comparison or ranking
across agencies with its top N, a sum over years or agencies, a series over years) and several
metrics of one report (a list, "分别是多少"). Built on ``qa.operations``; each returns a ``Result``.

Figures in different units are never ranked or added together: a ranking, sum or series keeps the
figures in the unit and kind of the best-fitting one (a prose figure in 条 is not ranked with
table counts in 件) and names the reports it left out.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import replace
from typing import Optional

from qa.amounts import fmt_number, fmt_value
from qa.labels import describe
from qa.metric_words import column_groups, glossary
from qa.metrics import Candidate, Matcher, _key_parts, fact_candidate, same_metric
from qa.operations import (EACH, MIN_RECALL, added_up, blank, candidate_entry, comparable, computed, falling, found,
                           in_one_row, in_unit_asked, kind_class, mixed_units, nearly_as_good, nothing, prefer_table,
                           prose_parts, read_in_row)
from qa.shares import ratio
from qa.plan import Pick, State, agency_report, answerable, pick
from qa.operation_words import GAP_IN_POINTS, PERCENT_OF, TIMES, UNDIRECTED
from qa.question import Question
from qa.results import Result

_HOW_MUCH_MORE = re.compile(r"多[^，,。？?多少]{0,5}多少|少[^，,。？?多少]{0,5}多少|多[^，,。？?]{0,5}几|少[^，,。？?]{0,5}几|"
                            r"相差|差多少|差了多少|差几|差了几|多出几|多出多少|差距|how many more|how much more|how many fewer|how much less|"
                            r"difference|by how much|by how many", re.I)
_WHICH_ONE = re.compile(r"哪(?:个|家|一个|一家|边|方)|谁|\bwhich\b|\bwho\b", re.I)  # "哪个多，多多少"


def metric_over(q: Question, st: State, reports: list, slots=None) -> tuple[list, list]:
    """The same metric in each report: the best-fitting candidate anywhere (the anchor), then its
    twin (same key or labels) in every other report, else that report's own best figure when it
    is of the same kind and unit. Returns the (report, candidate) pairs, anchor's unit first
    choice, and the (report, candidate) pairs left out because their unit or kind differs."""
    slots = slots if slots is not None else q.parts[0]
    picks = [(r, answerable(st, r.id, slots)) for r in reports]
    picks = [(r, _in_unit_said(q, p)) for r, p in picks if p is not None]
    if not picks:
        return [], []
    anchor = prefer_table(max(picks, key=lambda rp: rp[1].fit.score)[1]).cand
    out, left_out = [], []
    for r, p in picks:
        if r.id == anchor.report_id:
            out.append((r, anchor))
            continue
        twin = same_metric(anchor, st.candidates(r.id))
        if twin is None:
            own = prefer_table(p).cand
            if comparable(own, anchor) and kind_class(own) == kind_class(anchor):
                twin = own
            else:
                twin = next((c for f, c in p.ranked[:30] if f.recall >= MIN_RECALL and comparable(c, anchor)
                             and kind_class(c) == kind_class(anchor) and f.score >= p.fit.score - 0.3), None)
            if twin is None:
                left_out.append((r, own))
                continue
        if not twin.blank and not comparable(twin, anchor):
            left_out.append((r, twin))
            continue
        out.append((r, twin))
    return out, left_out


def is_share(q: Question) -> bool:
    """Whether the figure asked of each report is a share computed from its parts (公开率 of every
    department, each year's 公开率, each one's 维持率 said as one word), not one printed figure."""
    return q.operation == "ratio"


def ratio_over(q: Question, st: State, reports: list) -> tuple[list, list]:
    """The share the question asks for, computed in each report (``qa.shares.ratio``), as
    (report, candidate) pairs; the reports where it cannot be computed (no requests handled, a
    part missing) are left out, as (report, None)."""
    from qa.metric_words import find_rate

    rate = find_rate(q.text)
    name = q.text[rate[1][0]:rate[1][1]] if rate else "比例"
    pairs, left_out = [], []
    for r in reports:
        res = ratio(q, st, r)
        if res.status != "answered" or res.value is None or res.unit != "%":
            left_out.append((r, None))
            continue
        facts = tuple(c.fact for c in res.used if c.fact is not None)
        pairs.append((r, Candidate(kind="computed", report_id=r.id, agency=r.agency, year=r.year, value=res.value,
                                   unit="%", label=name, pieces=((name, 1.0),), context=name, inputs=facts,
                                   arithmetic=res.quote or "")))
    return pairs, left_out


_ASKED = re.compile(r"几|多少|how many|how much", re.I)
_ADDED = re.compile(r"[+＋]|加上|加|合计|一共|总共|共计|总和|\bplus\b|combined|in total", re.I)


def is_sum(q: Question) -> bool:
    """Whether the figure asked of each report is the sum of several of its figures ("行政诉讼
    （直接起诉+复议后起诉）历年的变化"), not several figures side by side (每年A和B分别是多少)."""
    return q.operation == "sum" and len(q.parts) >= 2 and bool(_ADDED.search(q.text))


def sum_over(q: Question, st: State, reports: list) -> tuple[list, list]:
    """The sum the question asks for, added up in each report, as (report, candidate) pairs; the
    reports where a part is missing, blank or in another unit are left out, as (report, None)."""
    found_parts = [dict((r.id, c) for r, c in metric_over(q, st, reports, part)[0]) for part in q.parts]
    pairs, left_out = [], []
    for r in reports:
        cands = [part.get(r.id) for part in found_parts]
        if any(c is None or c.blank or c.value is None for c in cands) or \
                any(not comparable(c, cands[0]) for c in cands[1:]):
            left_out.append((r, None))
            continue
        pairs.append((r, added_up(r, cands, "en" if q.language == "en" else "zh")))
    return pairs, left_out


def figures_over(q: Question, st: State, reports: list) -> tuple[list, list]:
    """The figure asked of each report: a share computed in it, a sum added up in it, or one figure."""
    if is_share(q):
        return ratio_over(q, st, reports)
    return sum_over(q, st, reports) if is_sum(q) else metric_over(q, st, reports)


def of_place(q: Question, reports: list) -> list:
    """The reports of the place the question names ("平潭各部门": every agency of 平潭, any reading of
    the name); only the departments when it asks about departments and there are two or more."""
    from qa.agencies import read_name

    if q.agencies:
        places = {"".join(read_name(a).places) for a in q.agencies[0]} - {""}
        if places:
            reports = [r for r in reports if any(r.agency.startswith(p) for p in places)]
    if getattr(q, "departments", False):
        departments = [r for r in reports if not read_name(r.agency).government]
        if len(departments) >= 2:
            reports = departments
    left_out = set(getattr(q, "excluded_agencies", ()))  # "不算管委会办公室": those the question leaves out
    return [r for r in reports if r.agency not in left_out] or reports


def across_agencies(q: Question, st: State) -> Result:
    """Which agency has the most (or least) of a metric in a year (the first N when asked), or by
    how much two differ."""
    year = q.years[0] if q.years else max((y for ys in st.agency_years.values() for y in ys), default=None)
    note = f"未指明年份：取集合中最新的{year}年" if not q.years and year else ""
    if getattr(q, "paired_years", ()):  # each agency its own year, as the question pairs them
        year, note = None, ""
    within = None
    if not q.years and (_of_a_whole_place(q) or (q.all_agencies and not q.agencies and getattr(q, "departments", False))):
        # "平潭各部门年报里行政处罚决定最多的前三名": departments publish apart; each one's latest report
        year = None
        note = "未指明年份：各机构取集合中其最新一年的报告" if q.language != "en" else \
            "no year named: each agency's latest report in the collection"
    elif len(q.years) >= 2 and q.shape == "ranking" and not getattr(q, "paired_years", ()) and (
            _of_a_whole_place(q) or (q.all_agencies and not q.agencies)):
        # "22到25年那些部门报告里行政处罚哪个部门最多": each agency's latest report of those years
        year, within = None, frozenset(q.years)
        span = f"{min(q.years)}–{max(q.years)}"
        note = f"各机构取{span}年间其最新一年的报告" if q.language != "en" else \
            f"each agency's latest report of {span}"
    result = _across(q, st, year, within)
    if note:
        result = replace(result, detail={**result.detail, "corrections": [note]})
    return result


# "as a percentage of all requests processed", "占各自办理结果总数的": a share of each one's own whole
_EACH_OF_ITS_WHOLE = re.compile(r"\b(?:percentage|share|proportion|fraction) of (?:all|the total|total|every|its|their|each)\b|"
                                r"占(?:各自|自己|本机关|其)?[^，,。？?]{0,8}?(?:总数|总量|总计|全部|办理结果)", re.I)


def _of_a_whole_place(q: Question) -> bool:
    """Whether a question ranks every agency of a place ("平潭各部门…最多的", not two agencies named)."""
    return bool(q.agencies) and not (len(q.agencies) >= 2 and (q.operation == "compare" or not q.all_agencies
                                                               or _departments_named(q)))


def _departments_named(q: Question) -> bool:
    """Two departments or more named one by one ("Among Pingtan's bureaus, how do A and B compare"): those
    are ranked, not every bureau of their place."""
    from qa.agencies import read_name

    return len(q.agencies) >= 2 and all(len(g) == 1 and not read_name(g[0]).government for g in q.agencies)


def _latest_each(st: State, within: Optional[frozenset] = None) -> list:
    """Each agency's latest report (of the years ``within``, when given)."""
    latest = [(agency, [y for y in years if within is None or y in within]) for agency, years in sorted(st.agency_years.items())]
    return [r for agency, years in latest if years for r in st.reports_of({agency}, years[-1:])[:1]]


def _across(q: Question, st: State, year: Optional[int], within: Optional[frozenset] = None) -> Result:
    if len(q.agencies) >= 2 and (q.operation == "compare" or not q.all_agencies or getattr(q, "per_agency", False)
                                 or _departments_named(q) or getattr(q, "paired_years", ())):
        # two agencies compared, or a ranking (or the mean) of the agencies the question lists ("这几个局：A、B、C")
        paired = getattr(q, "paired_years", ()) or (year,) * len(q.agencies)
        groups = list(zip(q.agencies, paired))
        if len(q.positions) == len(groups):  # in the order the question names them
            groups = [g for _, g in sorted(zip(q.positions, groups), key=lambda pg: pg[0])]
        reports = [agency_report(st, g, y) for g, y in groups]
        missing = [(g, y) for (g, y), r in zip(groups, reports) if r is None]
        if missing:
            return Result("not_found", "no_report", confidence=0.9, detail={
                "agency": "、".join(missing[0][0]), "years": [missing[0][1]],
                "have": sorted({x.year for x in st.reports_of(set(missing[0][0])) if x.year})})
    else:
        reports = of_place(q, st.reports_of(None, [year]) if year else _latest_each(st, within))
    pairs, left_out = figures_over(q, st, reports)
    left_out = [(r, c) for r, c in left_out if c is not None]
    values = [(r, c) for r, c in pairs if c.value is not None and not c.blank]
    if getattr(q, "with_requests", False):  # "收到过申请的那些部门里": those that received none left out
        values = [(r, c) for r, c in values if _received_requests(st, r)]
    if not values or (year is None and len(values) < 2):
        return nothing()  # (each agency's latest report, and only one says it: no ranking of anything)
    from qa.agencies import read_name

    only = values[0][1] if len(values) == 1 else None
    if only is not None and getattr(q, "departments", False) and read_name(values[0][0].agency).government \
            and not _departments_named(q) and not re.search(r"部门|单位|委办局", only.label + (
                only.context2 if only.kind == "text" else "")):
        # "Xinfeng County's county-level departments (县直各单位)…": the departments asked, and only the
        # county's own report found, with a figure that says nothing of them: the county's, never theirs
        return nothing(values[0][0], 0.6)
    if getattr(q, "per_agency", False):  # "平均每家…多少件": the mean of every agency's figure
        if len(values) < 2 or len({c.unit for _, c in values}) > 1:
            return nothing()
        mean = statistics.fmean(c.value for _, c in values)
        quote = (f"({' + '.join(fmt_number(c.value) for _, c in values)}) ÷ {len(values)} = "
                 f"{fmt_number(round(mean, 2))}")
        return computed("sum", None, mean, values[0][1].unit, quote, [c for _, c in values],
                        present=[c for _, c in values], reports_used=[r for r, _ in values], mean_of=len(values))
    ordered = sorted(values, key=lambda rc: rc[1].value, reverse=not q.low)
    if getattr(q, "none_asked", False) and any(c.value == 0 for _, c in ordered):
        # "哪个部门一件申请都没收到": every agency at 0 (when none is, the smallest stands as the answer)
        q = replace(q, top_n=sum(1 for _, c in ordered if c.value == 0))
    listing = [candidate_entry(r, c) for r, c in ordered]
    quote = "；".join(f"{r.agency} {fmt_value(c.value, c.unit)}" for r, c in ordered)
    if q.operation == "compare" and TIMES.search(q.text) and len(values) >= 2:
        (ra, ca), (rb, cb) = values[0], values[1]
        if not cb.value or not comparable(ca, cb):
            return nothing()
        value = ca.value / cb.value
        quote = f"{fmt_number(ca.value)} ÷ {fmt_number(cb.value)} = {value:.2f}倍"
        return computed("difference", None, value, "倍", quote, [ca, cb], candidates=listing, year=year,
                         ra=ra, ca=ca, rb=rb, cb=cb, left_out=left_out)
    if q.operation == "compare" and (PERCENT_OF.search(q.text) or getattr(q, "share", False)) and len(values) >= 2:
        if not getattr(q, "share", False) and _EACH_OF_ITS_WHOLE.search(q.text):
            # "which had the higher share …, as a percentage of all requests processed": each one's own share,
            # which was not read as one; never one agency's figure over the other's
            return Result("not_understood", "not_understood", confidence=0.9)
        (ra, ca), (rb, cb) = values[0], values[1]
        if not cb.value or not comparable(ca, cb):
            return nothing()
        value = ca.value / cb.value * 100
        quote = f"{fmt_number(ca.value)} ÷ {fmt_number(cb.value)} × 100% = {value:.2f}%"
        return computed("difference", None, value, "%", quote, [ca, cb], candidates=listing, year=year,
                         ra=ra, ca=ca, rb=rb, cb=cb, left_out=left_out)
    if q.operation == "compare" and _HOW_MUCH_MORE.search(q.text) and len(values) >= 2:
        (ra, ca), (rb, cb) = values[0], values[1]
        which = bool(_WHICH_ONE.search(q.text))
        if which and cb.value > ca.value:  # "A和B哪个多，多多少": the larger first, by how much it is larger
            (ra, ca), (rb, cb) = (rb, cb), (ra, ca)
        diff = (cb.value - ca.value) if falling(q.text) and not which else (ca.value - cb.value)
        if UNDIRECTED.search(q.text) and not which:
            diff = abs(diff)  # "A和B，新收申请差多少件": how far apart, no way said
        quote = f"{fmt_number(ca.value)} − {fmt_number(cb.value)} = {fmt_number(ca.value - cb.value)}"
        return computed("difference", None, diff, ca.unit, quote, [ca, cb], candidates=listing, year=year,
                         ra=ra, ca=ca, rb=rb, cb=cb, left_out=left_out, larger=which and ca.value != cb.value)
    if q.operation == "ratio" and len(q.agencies) == 2 and q.shape != "ranking" and GAP_IN_POINTS.search(q.text):
        # "A和B各自予以公开的占比相差几个百分点": the first named's share less the other's, in points
        if len(values) != 2 or any(c.unit != "%" for _, c in values):
            return nothing()  # (a share of each could not be made: no gap between counts instead)
        (ra, ca), (rb, cb) = values
        diff = cb.value - ca.value if falling(q.text) else ca.value - cb.value
        if UNDIRECTED.search(q.text):
            diff = abs(diff)
        quote = (f"{fmt_number(round(ca.value, 2))}% − {fmt_number(round(cb.value, 2))}% = "
                 f"{fmt_number(round(ca.value - cb.value, 2))}个百分点")
        return computed("difference", None, diff, "个百分点", quote, [ca, cb], candidates=listing, year=year,
                         ra=ra, ca=ca, rb=rb, cb=cb, left_out=left_out)
    place = getattr(q, "place", None)
    place = place if place and place <= len(ordered) else None
    top_r, top_c = ordered[(place or 1) - 1]  # "第二名多少件": the one at that place
    ties = [r.agency for r, c in ordered if c.value == top_c.value]
    # "最多的是哪个？第二名是不是并列？": down to the place asked, with every agency tied at it
    top_n = max(getattr(q, "top_n", None) or 0, place or 0) or None
    shown = ordered[:top_n] if top_n else ordered
    if place and top_n and len(shown) < len(ordered) and ordered[top_n][1].value == shown[-1][1].value:
        shown = [(r, c) for r, c in ordered if c.value >= shown[-1][1].value] if not q.low else \
            [(r, c) for r, c in ordered if c.value <= shown[-1][1].value]
        top_n = len(shown)
    ranked = getattr(q, "shape", "single") == "ranking" or q.operation == "rank" or len(ordered) > 2
    value, together = top_c.value, None
    if top_n and top_n > 1 and _THEIR_TOTAL.search(q.text) and len({c.unit for _, c in shown}) == 1:
        # "前三名是哪几个部门？三家合计多少件": the first N, and what they add up to
        value = together = sum(c.value for _, c in shown)
    if getattr(q, "none_asked", False) and _HOW_MANY_AGENCIES.search(q.text):
        # "行政处罚决定数是0的有几家？": how many agencies have none, and which
        zeros = [(r, c) for r, c in ordered if c.value == 0]
        return computed("ranking", None, len(zeros), "个", quote, [c for _, c in ordered], candidates=listing,
                        top_n=len(zeros), points=[(r, c, r.agency) for r, c in zeros], year=year,
                        ties=[r.agency for r, _ in zeros], top=top_c, most=False, low=True, left_out=left_out,
                        place=None, together=None, counted=len(zeros))
    return computed("ranking", top_r if len(ties) == 1 else None, value, top_c.unit, quote,
                     [c for _, c in ordered], candidates=listing, top_n=top_n,
                     points=[(r, c, r.agency) for r, c in shown], year=year, ties=ties, top=top_c,
                     most=ranked, low=q.low, left_out=left_out, place=place, together=together)


def _received_requests(st: State, report) -> bool:
    """Whether a report says its agency received requests this year or had some carried over (its table's
    totals; a report that prints neither is kept)."""
    said = [c.value for c in st.candidates(report.id) if c.key in ("requests.new_received.total",
                                                                  "requests.carried_over.total")
            and c.value is not None and c.kind == "table"]
    return not said or any(v > 0 for v in said)


# "有几家", "有几个部门", "how many departments": a count of agencies asked
_HOW_MANY_AGENCIES = re.compile(r"(?:有|共有|一共有|总共有)?(?:几|多少)(?:家|个(?:部门|单位|机关|局)?)(?![件条项次人])|"
                                r"\bhow many (?:of the )?(?:departments|agencies|bureaus|offices)\b", re.I)


# what the first N add up to, asked beside the ranking
_THEIR_TOTAL = re.compile(r"[几两二三四五六七八九十\d]+(?:家|个|名|位)?(?:部门|单位|机关)?(?:一共|总共|共计|合计|加起来|加在一起|相加|之和)|"
                          r"(?:合计|加起来|加在一起|一共|总共|共计)(?:是|有)?多少|"
                          r"\b(?:combined|together|in total|add up to|sum of)\b", re.I)


def _one_row_or_column(used: list) -> bool:
    """Whether the cells of one table a sum adds share their row or their column (行政许可 + 行政处罚:
    one column; 自然人 + 商业企业: one row); cells of several rows and several columns are no sum anyone
    asks for: the question's words were read apart from the row or column they belong to."""
    cells = [_key_parts(c.key) for c in used if c.kind != "text" and c.key]
    if len(cells) < len(used) or len({table for table, _, _ in cells}) > 1:
        return True
    return len({row for _, row, _ in cells}) == 1 or len({column for _, _, column in cells}) == 1


def _in_first_row(picks: list[Pick], used: list) -> list:
    """Addends read in the row of the first, which the question named with it ("本年新收申请，自然人加上
    法人或其他组织": 法人或其他组织 of 本年新收), each as nearly as good there; as they were when one is not."""
    first = used[0]
    if first.kind == "text" or not first.key:
        return used
    row = _key_parts(first.key)[1]
    out = [first] + read_in_row(picks[1:], used[1:], row)
    return out if all(c.key and _key_parts(c.key)[1] == row for c in out) else used


def total(q: Question, st: State, reports: list) -> Result:
    """A sum: of several metrics in one report, of one metric over years or over agencies. Figures
    in different units are not added."""
    left_out: list = []
    if len(q.parts) >= 2 and len(q.years) <= 1 and len(q.agencies) <= 1:
        report = reports[0]
        # 金额合计: each thing named by its own figure, then the amount stated beside it, not its count
        picks = [answerable(st, report.id, part) for part in q.parts]
        picks = [in_unit_asked(q, p) if p is not None else None for p in picks]
        if any(p is None for p in picks):
            return nothing(report)
        if len({id(p.cand) for p in picks}) == 1 and picks[0].cand.kind == "text":
            # "组织新闻发布会、通气会及现场采访一共多少场次": the report states the whole list's one figure
            return found(report, picks[0])
        picks = _in_one_unit(q, picks)
        used = _alike([prefer_table(p, q.unit) for p in picks], q.unit)
        if len({id(c) for c in used}) < len(used):  # two things asked, one figure found for both
            return nothing(report)
        if not _one_row_or_column(used):
            used = in_one_row(picks, used)
        if not _one_row_or_column(used):  # "本年新收申请，自然人加上法人或其他组织": the row said with the first
            used = _in_first_row(picks, used)
        if not _one_row_or_column(used):  # "新收（商业企业）+ 其他处理（科研机构）": parts read apart from their row
            return nothing(report)
        within = _inside_a_group_said(used)
        if within is not None:  # "商业企业和法人或其他组织一共": the companies are among the organisations
            group = used[within[0]]
            whole = next((p for p in picks if p.cand == group), Pick(picks[0].fit, group, picks[0].ranked))
            note = _counted_once(used, within, q.language)
            result = found(report, whole)
            return replace(result, detail={**result.detail, "corrections": (note,)})
        if _whole_and_part(used):  # "被驳回和撤诉的行政诉讼": 撤诉 found as the lawsuits' total, 驳回 inside it
            return nothing(report)
        printed = _printed_total_asked(q, st, report, used)
        if printed is not None:  # "…加起来跟总计对得上吗？表里的总计是多少？": the total as printed, its check beside
            return found(report, Pick(picks[0].fit, printed, picks[0].ranked))
        reports_used = [report] * len(used)
    else:
        if len(q.years) >= 2 and q.agencies:
            reports_used = [r for y in q.years for r in [agency_report(st, q.agencies[0], y)] if r]
        else:
            year = q.years[0] if q.years else None
            if len(q.agencies) >= 2:
                reports_used = [r for g in q.agencies for r in [agency_report(st, g, year)] if r]
                if len(reports_used) < len(q.agencies):  # an agency named has no report of that year: no sum
                    held = {r.agency for r in reports_used}
                    lacking = next(g for g in q.agencies if not held & set(g))
                    return Result("not_found", "no_report", confidence=0.9, detail={
                        "agency": "、".join(lacking), "years": [year],
                        "have": sorted({x.year for x in st.reports_of(set(lacking)) if x.year})})
            else:
                reports_used = of_place(q, st.reports_of(None, [year] if year else None))
        pairs, left_out = metric_over(q, st, reports_used)
        if not pairs:
            return nothing()
        found_in = {r.id for r, _ in pairs}
        missing = [r for r in reports_used if r.id not in found_in]
        if missing and (len(q.agencies) >= 2 or len(q.years) >= 2):
            # the agencies or years named are the sum's parts: without one of them there is no sum to give
            return nothing(missing[0], 0.6)
        reports_used, used = [r for r, _ in pairs], [c for _, c in pairs]
    lost = next((c for c in used if c.unreadable), None)
    if lost is not None and len(q.parts) >= 2:  # an addend the file lost: a sum without it is no answer
        return blank(reports_used[used.index(lost)], lost)
    present = [c for c in used if c.value is not None and not c.blank]
    if not present:
        return blank(reports_used[0], used[0])
    gap = next((k for k, c in enumerate(used) if c.blank), None)
    if gap is not None and (len(q.years) >= 2 or len(q.agencies) >= 2 or len(q.parts) >= 2):
        return blank(reports_used[gap], used[gap])  # an addend named is left blank: the sum is not reported
    if any(not comparable(c, present[0]) for c in present[1:]):
        by_id = {r.id: r for r in reports_used}
        return mixed_units(reports_used[0] if len(by_id) == 1 else None, present,
                           [by_id.get(c.report_id, reports_used[0]) for c in present])
    signs = q.signs if len(q.signs) == len(present) == len(used) else (1,) * len(present)
    value = sum(sign * c.value for sign, c in zip(signs, present))
    terms = "".join(f" {'+' if sign > 0 else '−'} {fmt_number(c.value)}" for sign, c in zip(signs[1:], present[1:]))
    quote = f"{fmt_number(present[0].value)}{terms} = {fmt_number(value)}"
    single = reports_used[0] if len({r.id for r in reports_used}) == 1 else None
    return computed("sum", single, value, present[0].unit, quote, present, present=present,
                     reports_used=reports_used, left_out=left_out, signs=signs)


# the last sentence asks for the total as the table prints it ("表里的总计是多少", "表上总计写的是多少")
_PRINTED_TOTAL_ASKED = re.compile(r"(?:表|栏|格)[^，,。？?]{0,6}(?:总计|合计)[^，,。？?]{0,6}(?:是|写的?是?|填的?是?|印的?是?)?多少|"
                                  r"(?:总计|合计)(?:那一?[栏格列行])?(?:写|填|印)的?是?多少")


def _printed_total_asked(q: Question, st: State, report, used: list) -> Optional[Candidate]:
    """The printed total of the addends' row or group, when the question adds them up and then asks
    what the table prints as their total; None otherwise."""
    said = [t for t in re.split(r"[？?。！!]", q.text) if t.strip()]
    if len(said) < 2 or not _PRINTED_TOTAL_ASKED.search(said[-1]):
        return None
    candidates = st.candidates(report.id)
    for c in candidates:
        if c.kind != "table" or not (c.key or "").endswith("total") or c.fact is None:
            continue
        parts = _parts_of(c, candidates)
        if parts and all(any(u is p or (u.key and u.key == p.key) for p in parts) for u in used):
            return fact_candidate(c.fact)
    return None


def _inside_a_group_said(used: list) -> Optional[tuple[int, list[int]]]:
    """Where the addends are a column group the tables sum (法人或其他组织 = 商业企业 + 科研机构 + …) and
    some of its own members in the same row: the group's index and its members' (a sum of them would
    count the members twice; together they are the group); None otherwise."""
    groups = column_groups()
    keys = [c.key or "" for c in used]
    for i, key in enumerate(keys):
        row, _, column = key.rpartition(".")
        if column not in groups:
            continue
        members = [k for k, other in enumerate(keys) if k != i and other.rpartition(".")[0] == row
                   and other.rpartition(".")[2] in groups[column]]
        if members and len(members) == len(used) - 1:
            return i, members
    return None


def _counted_once(used: list, within: tuple[int, list[int]], language: str) -> str:
    """The note of a group taken for itself and its members: "商业企业已含在法人或其他组织之中，只计一次"."""
    table = (used[within[0]].key or "").split(".")[0]
    names = glossary()["columns"].get(table, {})

    def name(k: int, lang: str) -> str:
        entry = names.get((used[k].key or "").rpartition(".")[2]) or {}
        return (entry.get("zh") or [describe(used[k], "zh")])[0] if lang == "zh" else entry.get("en") or describe(used[k], "en")

    if language == "en":
        return ", ".join(name(k, "en") for k in within[1]) + f" counted once, within {name(within[0], 'en')}"
    return "、".join(name(k, "zh") for k in within[1]) + f"已含在{name(within[0], 'zh')}之中，只计一次"


def _whole_and_part(used: list) -> bool:
    """Whether one addend is the total of a row or group that another addend is a part of
    (review.litigation.total and review.litigation.upheld): a sum that counts things twice."""
    keys = [c.key for c in used if c.key]
    wholes = [k[:-len(".total")] + "." for k in keys if k.endswith(".total")]
    return any(k.startswith(w) and k != w + "total" for w in wholes for k in keys)


def _in_unit_said(q: Question, p: Pick) -> Pick:
    """A figure in the unit of things the question counts ("微信公众号一年一共发了多少条": 发布信息3404条,
    not the 41个 accounts), when one nearly as good is in it; else the figure as found."""
    if not q.unit or q.unit in ("元", "%") or p.cand.unit in (None, q.unit):
        return p
    # (never a figure of another canonical key: 受理依申请公开信息总数 7条 is no 行政复议 0件 for being in 件)
    return nearly_as_good(p, lambda c: c.unit == q.unit and not (c.key and c.key != p.cand.key))


def _in_one_unit(q: Question, picks: list[Pick]) -> list[Pick]:
    """Addends in the unit the question asks (条 in "微博和微信一共发了多少条信息"): an addend found in
    another unit (微博 29个) is replaced by its nearly as good figure in that unit (微博发布信息 1992条)."""
    if not q.unit or not any(p.cand.unit == q.unit for p in picks):
        return picks
    return [p if p.cand.unit == q.unit else nearly_as_good(p, lambda c: c.unit == q.unit) for p in picks]


def _alike(picks: list[Pick], unit: Optional[str] = None) -> list[Candidate]:
    """The figures of several parts of one report, each taken in the unit and kind of the first
    table figure among them where its own best one is not comparable (a prose 427件 beside the
    table's 44条 gives way to the table's row for it); of those in the unit asked, when one is."""
    asked = [p for p in picks if unit and p.cand.unit == unit]
    anchor = next((p.cand for p in asked or picks if p.cand.kind != "text"), (asked or picks)[0].cand)
    out = []
    for p in picks:
        c = p.cand
        if not comparable(c, anchor):
            c = next((o for f, o in p.ranked[:30] if f.recall >= MIN_RECALL and comparable(o, anchor)
                      and f.score >= p.fit.score - 0.3), c)
        out.append(c)
    return out


# ---------------------------------------------------------------- shapes: series and lists


def series(q: Question, st: State, reports: list) -> Result:
    """One metric of one agency year by year; with 哪年最多/最少 also the year it is highest or
    lowest. Each year's figure is the twin of the best-fitting one (same key or labels), so the
    points are in one unit; a share (公开率) is computed in each year's report."""
    if len(getattr(q, "metrics", ())) >= 2:
        return _metrics_year_by_year(q, st, reports)
    pairs, left_out = figures_over(q, st, reports)
    left_out = [(r, c) for r, c in left_out if c is not None]
    if not pairs:
        return nothing(reports[-1] if len(reports) == 1 else None, 0.6)
    by_id = {r.id: c for r, c in pairs}
    asked = [y for y in q.years if not any(r.year == y for r in reports)] if len(q.years) >= 2 else []
    stated = {y: found for y in asked if (found := _stated_the_year_after(st, reports, by_id, y)) is not None}
    asked = [y for y in asked if y not in stated]
    points = sorted([(r, by_id.get(r.id), str(r.year)) for r in reports] + [(None, None, str(y)) for y in asked]
                    + [(r, c, str(y)) for y, (r, c) in stated.items()],
                    key=lambda p: int(p[2]) if p[2].isdigit() else 0)
    valued = [(r, c) for r, c, _ in points if c is not None and c.value is not None and not c.blank]
    if not valued:
        return blank(pairs[0][0], pairs[0][1])
    if getattr(q, "ranked", False):  # "按年份排名": the years from the highest figure down (lowest up with low)
        low = getattr(q, "low", False)
        points = sorted(points, key=lambda p: (p[1] is None or p[1].value is None or p[1].blank,
                                               (p[1].value if low else -p[1].value)
                                               if p[1] is not None and p[1].value is not None else 0))
        valued = [(r, c) for r, c, _ in points if c is not None and c.value is not None and not c.blank]
    argmax, argmin = getattr(q, "argmax", False), getattr(q, "argmin", False)
    quote = "；".join(f"{r.year}年 {fmt_value(c.value, c.unit)}" for r, c in valued)
    anchor = pairs[0][1]
    if getattr(q, "points", False):  # "变化了几个百分点": the later year's share less the earlier's
        if len(valued) != 2 or any(c.unit != "%" for _, c in valued):
            return nothing(reports[-1], 0.6)
        (_, c1), (_, c2) = valued
        if falling(q.text):  # "下降了多少个百分点": the fall, a positive figure, as with counts
            c1, c2 = c2, c1
        value = round(c2.value - c1.value, 6)
        return computed("series", None, value, "个百分点",
                        f"{fmt_number(round(c2.value, 2))}% − {fmt_number(round(c1.value, 2))}% = "
                        f"{fmt_number(round(value, 2))}个百分点", [c1, c2], points=points, anchor=anchor,
                        aggregate="points", missing_years=asked, left_out=left_out)
    aggregate = getattr(q, "aggregate", None)
    if aggregate:  # "平均每年", "中位数": one figure of the years found (a year not held is left out, and said)
        values = [c.value for _, c in valued]
        value = statistics.median(values) if aggregate == "median" else statistics.fmean(values)
        how = (f"中位数（{len(values)}个年度）" if aggregate == "median"
               else f"({' + '.join(fmt_number(v) for v in values)}) ÷ {len(values)}")
        return computed("series", None, value, anchor.unit, f"{how} = {fmt_number(round(value, 2))}",
                        [c for _, c in valued], points=points, anchor=anchor, aggregate=aggregate,
                        missing_years=asked, left_out=left_out)
    if argmax or argmin:
        best_r, best_c = (min if argmin and not argmax else max)(valued, key=lambda rc: rc[1].value)
        ties = [r.year for r, c in valued if c.value == best_c.value]
        result = computed("series", best_r if len(ties) == 1 else None, best_c.value, best_c.unit, quote,
                           [c for _, c in valued], points=points, anchor=anchor, extreme=ties,
                           low=argmin and not argmax, missing_years=asked, left_out=left_out)
        if len(ties) == 1:  # the year asked for stands in its own table cell or sentence
            result = replace(result, cand=best_c, quote="")
    else:
        result = Result("answered", "series", quote=quote, used=tuple(c for _, c in valued), points=tuple(points),
                        unit=anchor.unit, confidence=0.75,
                        detail={"anchor": anchor, "missing_years": asked, "left_out": left_out,
                                "stated_later": sorted((y, r.year) for y, (r, _) in stated.items())})
    return result


# "较2023年的2,615件", "比上年的…": the year before's figure, as a later report states it beside its own
_THE_YEAR_BEFORE = r"(?:较|比|同比|相比|对比)(?:{year}年度?|上年度?|上一年度?|去年)"


def _stated_the_year_after(st: State, reports: list, by_id: dict, year: int):
    """(report, figure) for a year the collection holds no report of: the figure the next year's report
    states for it beside its own ("共受理申请2,833件，较2023年的2,615件增长8.3%"), in the sentence of that
    report's own figure of the metric; None when it states none."""
    after = next((r for r in reports if r.year == year + 1 and by_id.get(r.id) is not None), None)
    own = by_id.get(after.id) if after is not None else None
    if own is None or own.value is None:
        return None
    said = re.compile(_THE_YEAR_BEFORE.format(year=year))
    prose = [c for c in st.candidates(after.id) if c.kind == "text" and c.figure is not None]
    sentences = {c.figure.sentence for c in prose if c.value == own.value and c.unit == own.unit}
    for c in prose:
        if c.figure.sentence in sentences and c.value != own.value and c.unit == own.unit and said.search(c.label):
            return after, c
    return None


def _metrics_year_by_year(q: Question, st: State, reports: list) -> Result:
    """Several metrics of one agency, each year by year ("2019年、2020年的采购项目数量和采购总金额"):
    each year's report listed as one list, one point a metric and year, in year order."""
    lists = [listing(q, st, r) for r in sorted(reports, key=lambda r: r.year or 0)]
    answered = [res for res in lists if res.status == "answered" and res.reason == "list"]
    if not answered:
        return lists[-1] if lists else nothing(None, 0.6)
    points = tuple((rep, c, f"{rep.year}年{label}") for res in answered for rep, c, label in res.points)
    used = tuple(c for res in answered for c in res.used)
    confidence = min(res.confidence for res in answered) * (1.0 if len(answered) == len(reports) else 0.7)
    return Result("answered", "list", report=answered[-1].report, used=used, points=points, confidence=confidence)


def _one_figure(st: State, report, groups, unit) -> Optional[Pick]:
    """The one figure several metric words name together (a cell under 复议后起诉 › 结果维持, the
    row 信函、传真申请数), when its label says all of them and it fits the words clearly better than
    the figure each word finds alone; else None."""
    union = tuple(s for g in groups for s in g)
    whole = answerable(st, report.id, union, unit)
    if whole is None or whole.fit.recall < 0.9 or whole.fit.direct < (0.9 if whole.cand.kind == "text" else 0.75):
        return None
    matcher = Matcher(union, unit)
    parts = [pick(st, report.id, g, unit) for g in groups]
    own = [p for p in parts if p is not None and p.cand is not whole.cand]
    if own and any(p is not None and p.cand is whole.cand for p in parts):
        return None  # (unless every word finds that one figure: "组织新闻发布会、通气会及现场采访47场次")
    rivals = [matcher.fit(p.cand).score for p in own]
    return prefer_table(whole) if all(whole.fit.score >= r + 0.1 for r in rivals) else None


def siblings(a: Candidate, b: Candidate) -> bool:
    """Whether two figures stand side by side in one table: rows under one parent in the same
    column (行政复议 › 结果维持 and › 结果纠正), or cells of one row."""
    if a.key and b.key:
        (ta, ra, ca), (tb, rb, cb) = _key_parts(a.key), _key_parts(b.key)
        return ta == tb and (ra == rb or (ra.rpartition(".")[0] == rb.rpartition(".")[0] and ca == cb))
    if a.kind == "text" and b.kind == "text" and a.figure is not None and b.figure is not None:
        return a.figure.sentence == b.figure.sentence  # figures of one sentence ("主动公开99条、不予公开22条")
    if a.fact is not None and b.fact is not None and a.fact.table == b.fact.table:
        return tuple(a.fact.row) == tuple(b.fact.row) or (
            tuple(a.fact.row[:-1]) == tuple(b.fact.row[:-1]) and tuple(a.fact.column) == tuple(b.fact.column))
    return False


def _siblings(chosen: list) -> list:
    """The figures of a list read side by side: a metric said in fewer words (结果纠正, 当面) takes,
    among the figures that fit it about as well, the one beside the best-named metric's figure
    (行政复议 › 结果纠正 beside 行政复议 › 结果维持, not 行政诉讼 › 结果纠正)."""
    named = [(len(slots), p.fit.score, i) for i, (slots, p) in enumerate(chosen) if p is not None]
    if len(named) < 2:
        return chosen
    anchor = chosen[max(named)[2]][1].cand
    texts = [p.cand for _, p in chosen if p is not None and p.cand.kind == "text"]
    if len(texts) * 2 > len(named):  # most metrics read from prose: the others from the same sentence
        anchor = texts[0]
    out = []
    for slots, p in chosen:
        if p is None or p.cand is anchor or _a_share(p.cand) or siblings(p.cand, anchor):
            out.append((slots, p))
            continue
        near = next(((f, c) for f, c in p.ranked[:30] if f.score >= p.fit.score - 0.15 and f.recall >= MIN_RECALL
                     and c is not anchor and siblings(c, anchor)), None)
        out.append((slots, Pick(near[0], near[1], p.ranked) if near else p))
    return out


def _overlaps(a: Candidate, b: Candidate) -> bool:
    """Whether a is a sum that includes b (法人或其他组织 = 商业企业 + … + 社会公益组织 + … + 其他)."""
    return bool(a.inputs) and b.fact is not None and any(f is b.fact for f in a.inputs)


def _disjoint(chosen: list) -> list:
    """The items of a list name things side by side, not a whole and its part: an item whose figure
    adds up another item's figure takes the next figure that fits it about as well and does not
    ("自然人、社会公益组织、其他组织各提了多少": 其他组织 is the column 其他, not 法人或其他组织)."""
    out = []
    for i, (slots, p) in enumerate(chosen):
        others = [o.cand for j, (_, o) in enumerate(chosen) if j != i and o is not None]
        if p is None or _a_share(p.cand) or not any(_overlaps(p.cand, o) for o in others):
            out.append((slots, p))
            continue
        near = [(f, c) for f, c in p.ranked[:30] if f.score >= p.fit.score - 0.15 and f.recall >= MIN_RECALL
                and c is not p.cand and not any(_overlaps(c, o) or c is o for o in others)]
        near.sort(key=lambda fc: not any(siblings(fc[1], o) for o in others))  # beside the others first
        out.append((slots, Pick(near[0][0], near[0][1], p.ranked) if near else p))
    return out


def _totals_beside(chosen: list, candidates: list) -> list:
    """An item that is only "总计" ("维持、纠正、其他、尚未审结和总计"): the total beside the other items'
    figures (their row's 总计 cell, else their column's total row), not any 总计 of the report."""
    others = [p.cand for slots, p in chosen if p is not None and slots[0].text != "总计"]
    if not others:
        return chosen
    anchor = others[0]
    out = []
    for slots, p in chosen:
        if slots[0].text != "总计" or slots[0].key:  # a 总计 the list's rows name (办理结果's): looked up as it is
            out.append((slots, p))
            continue
        beside = [c for c in candidates if c.kind != "text" and c is not anchor and siblings(c, anchor)
                  and (c.key or "").endswith("total") and not any(c is o for o in others)]
        row = tuple(anchor.fact.row) if anchor.fact is not None else None
        beside.sort(key=lambda c: c.fact is None or tuple(c.fact.row) != row)  # its own row's 总计 first
        out.append((slots, Pick(p.fit, beside[0], p.ranked) if beside and p is not None else p))
    return out


def _parts_of(whole: Candidate, candidates: list) -> list:
    """The printed figures a figure is made of: the cells a computed sum adds up, else the rows one
    level under it in its column (不予公开 › 1.属于国家秘密 …), else, for a total column, the other
    cells of its row (行政复议 总计 → 结果维持, 结果纠正, 其他结果, 尚未审结)."""
    if whole.inputs:
        return [c for f in whole.inputs for c in candidates if c.fact is f]
    if whole.kind == "text":
        return prose_parts(whole, candidates)
    if not whole.key:  # a table of no known form (the 2008–2018 ones): the rows printed one level under it
        fact = whole.fact
        return [c for c in candidates if fact is not None and c.kind == "table" and c.fact is not None
                and c.fact.table == fact.table and tuple(c.fact.column) == tuple(fact.column)
                and len(c.fact.row) == len(fact.row) + 1 and tuple(c.fact.row[:-1]) == tuple(fact.row)] \
            if whole.kind == "table" else []
    table, row, column = _key_parts(whole.key)
    keyed = [(c, _key_parts(c.key)) for c in candidates if c.key and c is not whole and c.kind == "table"]
    rows = [c for c, (t, r, col) in keyed if t == table and col == column and r.startswith(row + ".")
            and "." not in r[len(row) + 1:]]
    if not rows and row.rpartition(".")[2] == "total":
        # a 总计 row (办理结果 （七）总计): the rows beside it under the same heading, each group by its own
        # total (不予公开's eight reasons added up)
        parent = row.rpartition(".")[0] + "."
        rows = [c for c in candidates if c.key and c is not whole and c.kind in ("table", "computed")
                for t, r, col in [_key_parts(c.key)] if t == table and col == column and r.startswith(parent)
                and "." not in r[len(parent):] and r != row]
        rows = list({c.key: c for c in sorted(rows, key=lambda c: c.kind != "table")}.values())
    if rows or column != "total":
        return rows
    return [c for c, (t, r, col) in keyed if t == table and r == row and col != "total"]


def _breakdown(q: Question, st: State, report, slots) -> Result:
    """The parts of one figure, one by one ("不予公开的各项原因分别有多少件", "无法提供的三种情况
    各是多少"): the figure's own parts as the table prints them; nothing when it has none."""
    p = answerable(st, report.id, slots)
    if p is None:
        return nothing(report, 0.6)
    candidates = st.candidates(report.id)
    # the figure whose parts are asked for: the best one when it has parts, else the one the
    # question's words are keyed to ("行政复议的结果" → 行政复议 总计, not its 其他结果 that also says
    # 结果), else the figure the best one is a part of
    best_cand = prefer_table(p).cand
    whole, parts = best_cand, _parts_of(best_cand, candidates)
    if len(parts) < 2:
        keyed = [c for c in candidates if c.key and c.key in q.keys]
        parents = [c for _, c in p.ranked[:30] if any(x is best_cand for x in _parts_of(c, candidates))]
        # the same figure stated again in the prose, there with its parts ("主动公开99条，其中…")
        restated = [c for _, c in p.ranked[:30] if c.kind == "text" and c is not best_cand
                    and c.value == best_cand.value and c.unit == best_cand.unit]
        for c in keyed + restated + parents:
            parts = _parts_of(c, candidates)
            if len(parts) >= 2:
                whole = c
                break
    if len(parts) < 2:
        return found(report, p)  # a figure with no parts: itself
    if getattr(q, "ranked", False):  # "件数最多的前三个是哪些": the parts from the largest (smallest with 最少)
        low = getattr(q, "low", False)
        parts = sorted([c for c in parts if c.value is not None and not (getattr(q, "nonzero", False) and c.value == 0)],
                       key=lambda c: c.value if low else -c.value)
        if getattr(q, "lead", False):
            return _lead(report, parts)
        parts = parts[:q.top_n] if getattr(q, "top_n", None) else parts
        if getattr(q, "top_n", None) == 1 and parts:  # "数字最大的是哪一项": that part, a figure of its own
            # (the whole's other figures, its prose total among them, are no second reading of this part)
            return found(report, Pick(p.fit, parts[0], [(p.fit, parts[0])]))
    points = tuple((report, c, c.label.rpartition(" › ")[2]) for c in parts)
    if whole.value is not None and not getattr(q, "ranked", False):
        points += ((report, whole, "总计" if q.language == "zh" else "total"),)
    confidence = 0.35 + 0.4 * p.fit.recall + 0.25 * p.fit.precision
    used = tuple(c for c in parts if c.value is not None)
    return Result("answered", "list", report=report, used=used, points=points, confidence=confidence)


def _lead(report, ranked: list) -> Result:
    """How far the first of the ranked parts is ahead of the second ("哪类最多？比第二名多多少"): their
    gap, both parts its inputs; nothing when fewer than two parts have figures in one unit."""
    if len(ranked) < 2 or not comparable(ranked[0], ranked[1]):
        return nothing(report, 0.6)
    a, b = sorted(ranked[:2], key=lambda c: -c.value)  # the larger first, whichever end was ranked
    quote = f"{fmt_number(a.value)} − {fmt_number(b.value)} = {fmt_number(a.value - b.value)}"
    return computed("gap", report, a.value - b.value, a.unit, quote, [a, b], a=a, b=b)


def _row(key: str) -> str:
    """The row of a canonical key: all but its column (review.reconsideration of …upheld)."""
    return key.rsplit(".", 1)[0]


def _among_siblings(picks: list) -> list:
    """Items of one list read in the table row most of them share: in "行政复议维持、纠正、其他、未审结
    各几件" the 其他 is 行政复议's 其他结果, not the requests table's 其他处理, when a figure there
    says the item's words as well."""
    def row_of(p) -> Optional[str]:  # a prose figure's row: its best table reading's
        key = p.cand.key or next((c.key for f, c in p.ranked[:10] if c.key and f.recall >= MIN_RECALL), None)
        return _row(key) if key else None

    rows = [r for r in (row_of(p) for p in picks if p is not None) if r]
    if len(rows) < 3:
        return picks
    row, n = Counter(rows).most_common(1)[0]
    if n < 2 or n <= len(rows) / 2:
        return picks
    taken = {id(p.cand) for p in picks if p is not None}
    out = []
    for p in picks:
        if p is not None and p.cand.key and _row(p.cand.key) != row:
            alt = next(((f, c) for f, c in p.ranked[:40] if c.key and _row(c.key) == row
                        and f.recall >= MIN_RECALL and id(c) not in taken), None)
            if alt is not None:
                p = Pick(alt[0], alt[1], p.ranked)
                taken.add(id(alt[1]))
        out.append(p)
    return out


def _a_share(cand: Candidate) -> bool:
    """A share computed of two items of the list: it stands as computed."""
    return cand.kind == "computed" and cand.unit == "%"


def _share_of_item(report, part: Optional[Pick], whole: Optional[Pick]) -> Optional[Pick]:
    """The share of the item before in the whole this item names, as a computed figure (None when
    either is missing, blank, in another unit, or the same figure)."""
    if part is None or whole is None or part.cand is whole.cand:
        return None
    a, b = prefer_table(part).cand, prefer_table(whole).cand
    if a.value is None or not b.value or a.blank or b.blank or not comparable(a, b) or a.unit == "%":
        return None
    value = a.value / b.value * 100
    label = f"占{describe(b)}的比例"
    quote = f"{fmt_number(a.value)} ÷ {fmt_number(b.value)} × 100% = {value:.2f}%"
    facts = tuple(c.fact for c in (a, b) if c.fact is not None)
    share = Candidate(kind="computed", report_id=report.id, agency=report.agency, year=report.year, value=value,
                      unit="%", label=label, pieces=((label, 1.0),), context=label, inputs=facts, arithmetic=quote)
    return Pick(whole.fit, share, whole.ranked)


_PART_OF_BEFORE = re.compile(r"[？?，,；;]\s*(?:那)?其中|\bof (?:them|these|those)\b", re.I)


# "不予处理5个细项和其他处理3个细项": the sub-items of each thing named
_SUB_ITEMS = re.compile(r"(?:[几一二两三四五六七八九十\d]+个?)?(?:细项|子项|小项|细分项?|分项)")


def listing(q: Question, st: State, report) -> Result:
    """Several metrics of one report ("行政许可、行政处罚、行政强制分别是多少"): each its own best
    figure; two metrics that resolve to the same figure keep it only for the better fit. Words
    that together name one figure ("信函、传真申请数", "复议后起诉、结果维持") are that one figure,
    unless the question says 分别."""
    groups = getattr(q, "metrics", ()) or q.parts
    if len(groups) == 1:
        return with_headline(_breakdown(q, st, report, groups[0]), q, st)
    if len(_SUB_ITEMS.findall(q.text)) >= len(groups):
        # "不予处理5个细项和其他处理3个细项分别是多少": each one's sub-items, one after the other
        each = [_breakdown(q, st, report, slots) for slots in groups]
        if all(r.status == "answered" and r.reason == "list" and r.points for r in each):
            return Result("answered", "list", report=report, used=tuple(c for r in each for c in r.used),
                          points=tuple(p for r in each for p in r.points), confidence=min(r.confidence for r in each))
    if not EACH.search(q.text) and len(_ASKED.findall(q.text)) < 2:  # "总计多少件？结果纠正多少件？": each asked
        whole = _one_figure(st, report, groups, q.unit)
        if whole is not None:
            return found(report, whole)
    units = getattr(q, "metric_units", ()) or (None,) * len(groups)
    picks = [answerable(st, report.id, slots, None if unit == "share" else unit)  # "通知收取件数、通知收取金额"
             for slots, unit in zip(groups, units)]
    for i, unit in enumerate(units):  # "予以公开几件？占新收申请的比例？": the item before over this whole
        if unit == "share":
            picks[i] = _share_of_item(report, picks[i - 1] if i else None, picks[i])
    if all(p is not None for p in picks) and not any(units):  # "…分别多少条": each in the unit asked
        picks = _in_one_unit(q, picks)
    whole_then_part = bool(_PART_OF_BEFORE.search(q.text))  # "不予处理一共几件？其中信访举报投诉类几件"
    if not whole_then_part:
        picks = _among_siblings(picks)
    chosen = [(slots, prefer_table(p, q.unit) if p is not None else None) for slots, p in zip(groups, picks)]
    chosen = _siblings(chosen)
    chosen = _totals_beside(chosen if whole_then_part else _disjoint(chosen), st.candidates(report.id))
    for i, (slots, p) in enumerate(chosen):
        if p is None:
            continue
        for j, (_, other) in enumerate(chosen):
            if j != i and other is not None and other.cand is p.cand and other.fit.score > p.fit.score:
                chosen[i] = (slots, None)
                break
    points = [(report, p.cand if p else None, "".join(s.text for s in slots)) for slots, p in chosen]
    if all(p is None for _, p in chosen):
        return nothing(report, 0.6)
    if all(p is not None for _, p in chosen) and len({p.cand.key or p.cand.label for _, p in chosen}) == 1:
        # "law firms and other legal service organisations": two wordings of one thing, one figure
        return found(report, max((p for _, p in chosen), key=lambda p: p.fit.score))
    if all(p is None or p.cand.value is None for _, p in chosen):  # every item blank or lost: no figure at all
        lost = next((p.cand for _, p in chosen if p is not None), None)
        return blank(report, lost) if lost is not None else nothing(report, 0.6)
    fits = [p.fit for _, p in chosen if p is not None]
    confidence = 0.35 + 0.4 * min(f.recall for f in fits) + 0.25 * min(f.precision for f in fits)
    if any(p is None for _, p in chosen):
        confidence *= 0.7
    used = tuple(p.cand for _, p in chosen if p is not None and p.cand.value is not None)
    if getattr(q, "ranked", False) and len(used) >= 2 and all(comparable(used[0], c) for c in used):
        # "行政许可、行政处罚、行政强制哪个最多？比第二多多少": the items named, ranked
        order = sorted([c for c in used if not (getattr(q, "nonzero", False) and c.value == 0)] or used,
                       key=lambda c: c.value if q.low else -c.value)
        if getattr(q, "lead", False):
            return _lead(report, order)
        if getattr(q, "top_n", None) == 1:
            return found(report, next(p for _, p in chosen if p is not None and p.cand is order[0]))
    result = Result("answered", "list", report=report, used=used, points=tuple(points), confidence=confidence)
    return with_headline(result, q, st, chosen[-1][0])


# "…分别是多少件？合计多少件？", "…各项分别是多少？其中以“…”为由不予公开的有多少件？": a breakdown, then one figure
_TOP_ASKED = re.compile(r"最(?:多|少|高|低|大|小)|排(?:名|在)?第一|居首|\b(?:most|fewest|largest|smallest)\b", re.I)
_TOTAL_ONLY = re.compile(r"^(?:总计|合计|总数|总量|小计|一共|共计|总共|total)$", re.I)
# a last sentence that asks the items' total: a total word in it, or the word alone ("小计？")
_TOTAL_ASKED = re.compile(r"合计|总计|一共|共计|总共|加起来|总数|^\s*(?:总量|小计|total)\s*$", re.I)


def with_headline(result: Result, q: Question, st: State, last_slots=()) -> Result:
    """A breakdown whose last sentence asks for one figure gets that figure as its value: a bare total
    (合计多少) is the printed total of the items listed, or their sum (a guessed total row of
    something else is left out); a figure the sentence names is that figure. Else the result as it is."""
    said = [t for t in re.split(r"[？?。！!]", q.text) if t.strip()]
    if result.status != "answered" or len(said) < 2 or EACH.search(said[-1]) \
            or not any(EACH.search(t) or "各" in t for t in said[:-1]):
        return result
    report, points = result.report, list(result.points)
    if getattr(q, "ranked", False) and _TOP_ASKED.search(said[-1]) and points and points[0][1] is not None:
        top = points[0][1]  # "各类别分别多少？哪一类最多？": the parts from the largest, the first its value
        return replace(result, value=top.value, unit=top.unit)
    if not _ASKED.search(said[-1]):
        return result
    own = [s for s in last_slots if not _TOTAL_ONLY.match(s.text)]
    if own:  # "复议总计多少件", "新媒体一共多少个", "其中…不予公开的有多少件": that figure, as best fits
        last = answerable(st, report.id, tuple(last_slots))
        if last is None or last.cand.value is None:
            return result
        if any(c is last.cand for _, c, _ in points[:-1]):
            points = points[:-1]  # listed already: the last item's second-best figure is no item asked
        return replace(result, value=last.cand.value, unit=last.cand.unit, points=tuple(points))
    if not _TOTAL_ASKED.search(said[-1]):
        return result
    items = [c for _, c, _ in points if c is not None and c.value is not None]
    one_unit = len(items) >= 3 and len({o.unit for o in items}) == 1
    whole = next((c for c in items if one_unit and abs(sum(o.value for o in items if o is not c) - c.value) < 1e-6),
                 None)
    if whole is not None:  # the items' total is listed with them (其他处理 187 = 71 + 6 + 110)
        return replace(result, value=whole.value, unit=whole.unit)
    if last_slots and points:  # the total row guessed for "合计" (办理结果总计 of 不予公开's eight reasons)
        points = points[:-1]
        items = [c for _, c, _ in points if c is not None]
    if not items or any(c.value is None for c in items) or len({c.unit for c in items}) != 1:
        return result
    value = sum(c.value for c in items)
    quote = " + ".join(fmt_number(c.value) for c in items) + f" = {fmt_number(value)}"
    return replace(result, value=value, unit=items[0].unit, quote=quote, points=tuple(points),
                   detail={**result.detail, "headline": True})
