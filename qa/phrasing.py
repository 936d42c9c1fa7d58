"""Phrasing: the ``Answer`` record from a ``Result``, with its one sentence in the question's
language. This is the last step of the answering path and the only place that writes sentences
(``phrase`` is called once, by ``qa.answering``).

Every reason has one sentence pattern per language; a figure is printed with its unit (money also
in 万元), a computed figure with its arithmetic, a failed check or a prose figure that disagrees
with the table after it. The record also carries where each figure stands (``Source``), the
facts a computed figure used (``inputs``), the points of a series, list or ranking, and how the
question was understood.
"""
from __future__ import annotations

from typing import Optional

from qa.agencies import stated_correction
from qa.amounts import fmt_number, fmt_value
from qa.labels import describe
from qa.metrics import Candidate, fact_candidate
from qa.question import Question
from qa.records import Answer, Input, Point, ReportRef, Source, Understood
from qa.results import Result
from qa.totals import (blank_row_totals, cell_of, correct_candidate, impossible_totals, parts_arithmetic,
                       sum_candidate)

EXAMPLES_ZH = ("{agency}{year}年政府信息公开行政复议总计多少件？", "{agency}{year}年收到多少件政府信息公开申请？",
               "{agency}历年行政诉讼分别是多少？", "{year}年哪三个单位的政府信息公开申请最多？")
EXAMPLES_EN = ("How many information-disclosure reconsiderations did {agency} handle in {year}?",
               "How many requests did {agency} receive each year?",
               "Which three agencies received the most requests in {year}?")


def phrase(q: Question, result: Result, st) -> Answer:
    """The answer record for a result: sentence, figure(s), sources, inputs, understood-as."""
    zh = q.language != "en"
    lang = "zh" if zh else "en"
    source = _source(result)
    inputs: tuple = ()
    if result.used and result.reason not in ("list", "series"):  # their points carry their sources
        inputs = tuple(i for c in result.used for i in _inputs(st, c))
    if result.reason == "value" and result.cand is not None and result.cand.inputs:
        inputs = tuple(_inputs(st, result.cand))
    points = tuple(_point(st, r, c, label, result.reason, lang) for r, c, label in result.points)
    disagreeing = tuple(_point(st, result.report, c, _DISAGREEING[what][lang], "single", lang)
                        for what, c in result.disagreeing) if result.status == "answered" else ()
    examples = _examples(st, zh, q) if result.status == "not_understood" else ()
    text = _sentence(q, result, lang, source, points, examples)
    for correction in getattr(q, "agency_corrections", ()) or ():  # never a silent correction
        text += f"{stated_correction(correction, lang)}。" if zh else f" (I {stated_correction(correction, lang)}.)"
    cand = result.cand
    answered = result.status == "answered"
    shape = {"series": "series", "list": "list", "ranking": "ranking"}.get(result.reason, "single")
    if shape == "ranking" and not (getattr(q, "shape", "single") == "ranking" or q.operation == "rank"
                                  or len(result.candidates) > 2):
        shape = "single"  # "which of the two has more": one figure
    return Answer(
        question=q.text, status=result.status, answer=text,
        value=result.value if answered else None, unit=result.unit if answered else None,
        approximate=bool(cand.approximate) if (cand is not None and answered) else False,
        report=_ref(result.report), source=source, inputs=inputs, evidence=result.evidence,
        checks=result.checks, candidates=result.candidates, confidence=round(max(0.0, min(1.0, result.confidence)), 3),
        shape=shape, points=points, top_n=result.top_n, understood=understood(q, result, shape if answered else None),
        examples=examples, disagreeing=disagreeing)


# what each of an answer's disagreeing figures is (``qa.evidence.disagreeing``)
_DISAGREEING = {
    "printed_total": {"zh": "表中印的总计", "en": "the total as the table prints it"},
    "sum_of_parts": {"zh": "各分项之和", "en": "the sum of its parts"},
    "text": {"zh": "正文所述", "en": "as the report's text states it"},
    "table": {"zh": "统计表", "en": "the report's table"},
}


# ---------------------------------------------------------------- records around the sentence


def _ref(report) -> Optional[ReportRef]:
    return ReportRef(report.id, report.title, report.agency, report.year) if report is not None else None


def source_of(cand: Candidate) -> Source:
    """Where a candidate stands: its table cell, its sentence, or the sum it is computed as."""
    if cand.printed is not None and cand.fact is not None:  # an impossible printed total, corrected
        f = cand.fact
        return Source("computed", section=" › ".join(f.section), table=f.table_title, row=" › ".join(f.row),
                      column=" › ".join(f.column), quote=f"{parts_arithmetic(cand)}（表中印为 {f.raw}）",
                      page=f.where.page)
    if cand.kind == "text" and cand.figure is not None:
        f = cand.figure
        return Source("text", section=" › ".join(f.section), quote=f.sentence, page=f.where.page)
    if cand.fact is not None:
        f = cand.fact
        return Source("table", section=" › ".join(f.section), table=f.table_title, row=" › ".join(f.row),
                      column=" › ".join(f.column), quote=f.raw, page=f.where.page)
    first = cand.inputs[0] if cand.inputs else None
    return Source("computed", section=" › ".join(first.section) if first else "",
                  table=first.table_title if first else "", row=describe(cand, "zh"),
                  quote=_arithmetic(cand), page=first.where.page if first else None)


def _arithmetic(cand: Candidate) -> str:
    """The sum behind a computed candidate: ``0 + 19 = 19`` (or the share it is, as computed)."""
    if cand.arithmetic:
        return cand.arithmetic
    parts = [fmt_number(p.value) if not p.blank else "空" for p in cand.inputs]
    return f"{' + '.join(parts)} = {fmt_number(cand.value)}"


def _source(result: Result) -> Optional[Source]:
    if result.reason in ("list", "series") and result.report is None:
        return None
    if result.quote and result.used:
        first_cand = result.used[0]
        first = first_cand.fact or (first_cand.inputs[0] if first_cand.inputs else None)
        return Source("computed", section=" › ".join(first.section) if first else "",
                      table=first.table_title if first else "", row=describe(first_cand, "zh"), quote=result.quote,
                      page=first.where.page if first else None)
    if result.cand is not None:
        return source_of(result.cand)
    return None


def _inputs(st, cand: Candidate) -> list[Input]:
    """The facts a figure rests on: its parts when it is a computed total, else itself."""
    if cand.inputs:
        return [_input(st, _part(st, f)) for f in cand.inputs]
    return [_input(st, cand)]


def _part(st, fact) -> Candidate:
    """A part of a computed figure as a candidate. A part that is itself a total the table leaves
    blank or prints impossibly (its value the sum of its own parts) is that computed sum, quoting
    the printed cell beside it: never a table source whose quote shows another figure than its value."""
    report = st.report(fact.report_id)
    cell = cell_of(fact)
    printed = next((f for f in report.facts if cell_of(f) == cell), None)
    if printed is None or (printed.value == fact.value and printed.blank == fact.blank):
        return fact_candidate(fact)
    for totals, as_sum in ((impossible_totals(report), correct_candidate), (blank_row_totals(report), sum_candidate)):
        if cell in totals:
            return as_sum(fact_candidate(printed), totals[cell])
    return fact_candidate(fact)


def _input(st, cand: Candidate) -> Input:
    return Input(cand.value, cand.unit, _ref(st.info(cand.report_id)), source_of(cand))


def _point(st, report, cand: Optional[Candidate], label: str, reason: str, lang: str) -> Point:
    if cand is None:
        year = report.year if report else (int(label) if reason == "series" and label.isdigit() else None)
        return Point(label=label, agency=report.agency if report else "", year=year,
                     value=None, unit=None, report=_ref(report), status="not_found")
    if reason == "list":
        label = describe(cand, lang)
    status = "not_reported" if cand.blank else ("not_found" if cand.value is None else "answered")
    # (a year's figure a later report states: the year of the point, not of that report)
    year = int(label) if reason == "series" and label.isdigit() else report.year
    return Point(label=label, agency=report.agency, year=year, value=cand.value, unit=cand.unit,
                 report=_ref(report), source=source_of(cand), key=cand.key, status=status)


def understood(q: Question, result: Result, shape: Optional[str] = None) -> Understood:
    """How the question was read: agencies, years, metric (label and key), operation, shape and
    any correction (a corrected agency name, a relative year taken)."""
    figures = list(result.used) or ([result.cand] if result.cand is not None else [])
    figures += [c for _, c, _ in result.points if c is not None and c not in figures]
    labels = list(dict.fromkeys(describe(c, "zh") for c in figures))
    keys = tuple(dict.fromkeys(c.key for c in figures if c.key)) or tuple(getattr(q, "keys", ()) or ())
    metric = "、".join(labels[:6]) if result.reason != "ranking" or not labels else labels[0]
    if not metric:
        metric = " ".join(s.text for s in q.slots)
    lang = "en" if q.language == "en" else "zh"
    corrections = [stated_correction(c, lang) for c in getattr(q, "agency_corrections", ()) or ()]
    if getattr(q, "relative_year", None):
        corrections.append(q.relative_year)
    if getattr(q, "excluded_agencies", ()):  # "不算管委会办公室": said, so the sum or ranking can be checked
        corrections.append(("不含：" if lang == "zh" else "left out: ") + "、".join(q.excluded_agencies))
    corrections += [c for c in result.detail.get("corrections", ()) if c not in corrections]
    shape = shape or getattr(q, "shape", "single") or "single"
    agencies = tuple(dict.fromkeys(a for g in q.agencies for a in g))
    used = {rep.agency for rep, _, _ in result.points if rep is not None} if result.reason in ("series", "list") \
        else ({result.report.agency} if result.report is not None else set())
    if len(q.agencies) == 1 and len(agencies) > 1 and used and used <= set(agencies):
        agencies = tuple(a for a in agencies if a in used)  # the reading of the name that was taken
    return Understood(agencies=agencies, years=tuple(q.years),
                      metric=metric, keys=keys, operation=q.operation, shape=shape, top_n=getattr(q, "top_n", None),
                      corrections=tuple(corrections), carried=tuple(q.carried))


def _examples(st, zh: bool, q: Question) -> tuple[str, ...]:
    """Questions that can be asked, about the agency (and year) the question named where it did."""
    named = {a for g in q.agencies for a in g}
    held = [(a, y) for a, ys in st.agency_years.items() for y in ys]
    if not held:
        return ()
    agency, year = min(held, key=lambda ay: (ay[0] not in named, ay[1] not in q.years, -ay[1], len(ay[0]), ay[0]))
    return tuple(t.format(agency=agency, year=year) for t in (EXAMPLES_ZH if zh else EXAMPLES_EN))


# ---------------------------------------------------------------- the sentence


def _years(years) -> str:
    return "、".join(str(y) for y in years)


def _report_name(report, lang: str) -> str:
    if report is None:
        return ""
    year = report.year or "?"
    return f"{report.agency}{year}年报告" if lang == "zh" else f"the {year} report of {report.agency}"


def _sentence(q: Question, r: Result, lang: str, source, points, examples) -> str:
    zh = lang == "zh"
    d = r.detail
    name = _report_name(r.report, lang)
    label = describe(r.cand, lang) if r.cand is not None else ""
    reason = r.reason
    if reason == "not_understood":
        return _not_understood(q, zh, examples)
    if reason == "unknown_agency":
        return f"集合中没有“{d['name']}”的报告。" if zh else f"The collection has no report from “{d['name']}”."
    if reason == "no_metric":
        return "没能从问题中看出要问的是哪一项数字。" if zh else "I could not tell which figure the question asks for."
    if reason == "no_report":
        have = _years(d.get("have") or []) or ("无" if zh else "none")
        years = _years([y for y in d.get("years") or [] if y])
        if zh:
            return f"集合中没有{d['agency']}{years + '年' if years else ''}的报告（已有年份：{have}）。"
        return f"The collection has no report of {d['agency']}{' for ' + years if years else ''} (years held: {have})."
    if reason == "no_year":
        return f"集合中没有{_years(d['years'])}年的报告。" if zh else f"The collection has no report for {_years(d['years'])}."
    if reason == "nothing_means":
        if not name:
            return "集合中没有与该问题对应的数字。" if zh else "No report gives the figure asked for."
        return f"{name}中没有与该问题对应的数字。" if zh else f"Nothing in {name} gives the figure asked for."
    if reason == "silent":
        asked = "、".join(dict.fromkeys(s.text for s in q.slots)) or ("该数字" if zh else "the figure")
        return (f"{name}未写明{asked}的数字（表格和正文中都没有）。" if zh
                else f"{name[0].upper() + name[1:]} does not state {asked} (neither its tables nor its text).")
    if reason == "mixed_units":
        listed = "；".join(f"{c['report']['agency']}{c['report']['year']}年 {c['label']} = "
                          f"{fmt_value(c['value'], c['unit'])}" for c in r.candidates)
        return (f"找到的数字单位不同，不能相加或比较：{listed}。" if zh
                else f"The figures found are in different units and cannot be added or compared: {listed}.")
    if reason.startswith("which_"):
        return _which(reason, zh, r.candidates)
    if reason == "blank":
        return (f"{name}中{label}一栏为空：报告未填报该数字。" if zh
                else f"{name[0].upper() + name[1:]} leaves {label} blank: the figure is not reported.")
    if reason == "unreadable":
        return f"{name}中{label}一栏在该文件中无法读取。" if zh else f"{label} cannot be read from the file of {name}."
    if reason == "value":
        return _value_sentence(zh, name, label, r, source)
    text = {"gap": _gap, "ratio": _ratio, "change": _change, "difference": _difference, "ranking": _ranking,
            "sum": _sum, "series": _series, "list": _list, "sides": _sides}[reason](r, lang)
    left = d.get("left_out") or []
    if left:
        names = "、".join(dict.fromkeys(f"{rep.agency}{rep.year}年" for rep, _ in left))
        text += (f"（{names}的相应数字单位或口径不同，未计入。）" if zh
                 else f" ({names}: the figure is in another unit or kind and was left out.)")
    return text


def _not_understood(q: Question, zh: bool, examples) -> str:
    recognised = list(getattr(q, "recognised", ()) or ())
    if not recognised:
        recognised = [("agency", a) for g in q.agencies for a in g[:1]] + [("year", str(y)) for y in q.years]
    shown = "、".join(text for _, text in recognised)
    ex = ("；" if zh else "; ").join(examples[:3])
    if zh:
        head = f"没能看出问题问的是哪一项数字（识别到：{shown}）。" if shown else "没能看出问题问的是哪一项数字。"
        return head + (f"可以这样问：{ex}" if ex else "")
    head = (f"I could not tell which figure the question asks for (recognised: {shown})." if shown
            else "I could not tell which figure the question asks for.")
    return head + (f" You can ask, for example: {ex}" if ex else "")


def _which(reason: str, zh: bool, candidates) -> str:
    if reason == "which_copy":
        return _copies_disagree(zh, candidates)
    items = []
    for c in candidates:
        if "label" in c:
            rep = c["report"]
            value = ("" if c.get("value") is None and not c["label"]
                     else f" {c['label']} = {fmt_value(c['value'], c['unit'])}")
            items.append(f"{rep['agency']}{rep['year']}年{value}")
        else:
            items.append(f"{c['agency']}（{_years(c['years'])}）")
    listed = "；".join(items)
    if reason in ("which_agency", "which_agency_series"):
        return f"问题中的机关可能指：{listed}。请指明。" if zh else f"The agency named may be: {listed}. Please say which."
    if reason == "which_report":
        return (f"多份报告都有这一数字：{listed}。请指明机关或年份。" if zh
                else f"Several reports give this figure: {listed}. Please name the agency or the year.")
    return (f"报告中有几项数字同样符合：{listed}。请说得更具体些。" if zh
            else f"Several figures fit equally: {listed}. Please be more specific.")


def _copies_disagree(zh: bool, candidates) -> str:
    """Two copies of one report give different figures (``qa.disputes``): both, and how to choose."""
    rep = candidates[0]["report"]
    listed = "；".join(f"{c['file']}：{c['label']} = {fmt_value(c['value'], c['unit'], 'zh' if zh else 'en')}"
                      for c in candidates)
    if zh:
        return (f"{rep['agency']}{rep['year']}年报告的两份文件数字不一致：{listed}。在选定以哪一份为准之前两者都列出"
                f"（reportqa ingest --primary 文件）。")
    return (f"Two copies of the {rep['year']} report of {rep['agency']} give different figures: {listed}. Both are "
            "shown until someone chooses which copy is the report (`reportqa ingest --primary FILE`).")


def _dashed(cand) -> bool:
    """Whether a figure is a national table's dash (—, /) read as 0."""
    from corpus.facts import DASHES

    return cand.fact is not None and cand.value == 0 and (cand.fact.raw or "").strip() in DASHES


def _value_sentence(zh: bool, name: str, label: str, r: Result, source: Source) -> str:
    cand = r.cand
    value = fmt_value(cand.value, cand.unit, "zh" if zh else "en")
    approx = ("约" if zh else "about ") if cand.approximate else ""
    if zh:
        text = f"{name}中，{label}为{approx}{value}"
        if cand.printed is not None:
            why = "总计不可能小于其中一项" if cand.printed < (cand.value or 0) else "各分项均为0，该数应属另一行"
            text += f"（表中“总计”印为{fmt_number(cand.printed)}，但{why}，这里取各分项之和 {source.quote.split('（')[0]}）"
        elif cand.kind == "computed" and cand.inputs:
            text += f"（表中未直接列出，由 {source.quote} 算得）"
        elif _dashed(cand):
            text += f"（表中填“{cand.fact.raw}”，即无，按0计）"
        whole = r.detail.get("sum_of_parts") if r.detail else None
        if whole is not None:
            text += f"（这是表中印的“总计”；但其各分项之和为{fmt_value(whole.value, whole.unit)}：{parts_arithmetic(whole)}，两者不一致）"
        text += "。"
        if r.corroborated:
            text += "正文也写明了这一数字。"
        if r.conflict is not None:
            text += f"但正文另称{r.conflict.figure.raw}（“{r.conflict.figure.sentence.strip()}”），两处不一致。"
    else:
        text = f"In {name}, the figure for {label} is {approx}{value}"
        if cand.printed is not None:
            why = ("it is smaller than one of its parts" if cand.printed < (cand.value or 0)
                   else "its parts are all 0 and the figure belongs to another row")
            text += (f" (the table prints a total of {fmt_number(cand.printed)}, which cannot be right as {why}; "
                     f"this is the sum of the parts, {source.quote.split('（')[0]})")
        elif cand.kind == "computed" and cand.inputs:
            text += f" (not printed in the table; computed as {source.quote})"
        elif _dashed(cand):
            text += f" (the table prints “{cand.fact.raw}”, meaning none: counted as 0)"
        whole = r.detail.get("sum_of_parts") if r.detail else None
        if whole is not None:
            text += (f" (the total as the table prints it; its parts add up to {fmt_value(whole.value, whole.unit, 'en')}: "
                     f"{parts_arithmetic(whole)}, and the two disagree)")
        text += "."
        if r.corroborated:
            text += " The text of the report states the same figure."
        if r.conflict is not None:
            text += f" But the text of the report states {r.conflict.figure.raw} instead: the two disagree."
    failed = [c for c in r.checks if not c.ok]
    if failed and cand.kind == "text" and failed[0].name.startswith("prose_vs_table["):  # the figure is the prose's
        text += (f"注意：报告的统计表与这句话不一致（{failed[0].detail}）。" if zh
                 else f" Note: the report's table disagrees with this sentence ({failed[0].detail}).")
    elif failed:
        text += (f"注意：该数字所在表格的校验未通过（{failed[0].detail}）。" if zh
                 else f" Note: a check of the table fails ({failed[0].detail}).")
    return text


def _gap(r: Result, lang: str) -> str:
    a, b, rep = r.detail["a"], r.detail["b"], r.report
    if b.kind == "computed" and b.inputs and b.key is None:  # a whole less several things named
        if lang == "zh":
            return (f"{rep.agency}{rep.year}年{describe(a)}为{fmt_value(a.value, a.unit)}，除去{describe(b)}"
                    f"（共{fmt_value(b.value, b.unit)}）后为{fmt_value(r.value, a.unit)}（{r.quote}）。")
        return (f"In {rep.year}, {rep.agency}: {describe(a, 'en')} {fmt_value(a.value, a.unit, 'en')}, less "
                f"{' and '.join(describe(c, 'en') for c in b.inputs)}: {fmt_value(r.value, a.unit, 'en')} ({r.quote}).")
    if r.unit == "%" and a.unit != "%":  # "A比B多百分之多少": the gap as a percentage of B
        if lang == "zh":
            return (f"{rep.agency}{rep.year}年{describe(a)}为{fmt_value(a.value, a.unit)}，{describe(b)}为"
                    f"{fmt_value(b.value, b.unit)}，{'多' if a.value >= b.value else '少'}"
                    f"{fmt_value(abs(r.value), '%')}（{r.quote}）。")
        return (f"In {rep.year}, {rep.agency}: {describe(a, 'en')} {fmt_value(a.value, a.unit, 'en')}, "
                f"{describe(b, 'en')} {fmt_value(b.value, b.unit, 'en')}: {fmt_value(abs(r.value), '%', 'en')} "
                f"{'more' if a.value >= b.value else 'less'} ({r.quote}).")
    if lang == "zh":
        return (f"{rep.agency}{rep.year}年{describe(a)}为{fmt_value(a.value, a.unit)}，{describe(b)}为"
                f"{fmt_value(b.value, b.unit)}，相差{fmt_value(abs(a.value - b.value), a.unit)}（{r.quote}）。")
    return (f"In {rep.year}, {rep.agency}: {describe(a, 'en')} {fmt_value(a.value, a.unit, 'en')}, "
            f"{describe(b, 'en')} {fmt_value(b.value, b.unit, 'en')} ({r.quote}).")


def _ratio(r: Result, lang: str) -> str:
    nums, den, rep = r.detail["nums"], r.detail["den"], r.report
    whole = r.detail.get("whole")  # the place's government report the denominator comes from
    if r.detail.get("period"):  # "按12个月平均，每月多少件", "按366天算，平均每天"
        per, word = r.detail["period"], r.detail.get("period_word") or ("月" if r.detail["period"] == 12 else "季度")
        if lang == "zh":
            span = f"{per}个{word}" if word in ("月", "季度", "工作日") else f"{per}{word}"
            return (f"{rep.agency}{rep.year}年报告中，{describe(nums[0])}全年为{fmt_value(nums[0].value, nums[0].unit)}，"
                    f"按{span}平均，每{word}为{fmt_value(r.value, r.unit)}（{r.quote}）。")
        english = {"月": "month", "季度": "quarter", "周": "week", "天": "day", "工作日": "working day"}[word]
        return (f"In the {rep.year} report of {rep.agency}, {describe(nums[0], 'en')} is "
                f"{fmt_value(nums[0].value, nums[0].unit, 'en')} for the year: {fmt_value(r.value, r.unit, 'en')} a "
                f"{english} on average over {per} {english}s ({r.quote}).")
    if r.detail.get("per"):  # "信息处理费平均到每件新收申请"
        if lang == "zh":
            each = "每人" if r.detail["per"] == "head" else f"每{den.unit}" if den is not None and den.unit in (
                "篇", "条", "个", "项", "份", "场", "期") else "每件"
            return (f"{rep.agency}{rep.year}年报告中，{describe(nums[0])}按{describe(den)}平均，{each}为"
                    f"{fmt_value(r.value, r.unit)}（{r.quote}）。")
        return (f"In the {rep.year} report of {rep.agency}, {describe(nums[0], 'en')} per {describe(den, 'en')} is "
                f"{fmt_value(r.value, r.unit, 'en')} ({r.quote}).")
    if r.unit == "倍":  # "行政复议是行政诉讼的几倍"
        if lang == "zh":
            return (f"{rep.agency}{rep.year}年报告中，{'、'.join(describe(c) for c in nums)}是{describe(den)}的"
                    f"{r.value:.2f}倍（{r.quote}）。")
        return (f"In the {rep.year} report of {rep.agency}, {' + '.join(describe(c, 'en') for c in nums)} is "
                f"{r.value:.2f} times {describe(den, 'en')} ({r.quote}).")
    if lang == "zh":
        a = "、".join(describe(c) for c in nums)
        of = f"{whole.agency}{whole.year}年{describe(den)}" if whole else describe(den)
        return f"{rep.agency}{rep.year}年报告中，{a}占{of}的比例为{r.value:.2f}%（{r.quote}）。"
    of = f"{describe(den, 'en')} of {whole.agency} in {whole.year}" if whole else describe(den, "en")
    return (f"In the {rep.year} report of {rep.agency}, {' + '.join(describe(c, 'en') for c in nums)} "
            f"is {r.value:.2f}% of {of} ({r.quote}).")


def _change(r: Result, lang: str) -> str:
    d = r.detail
    c1, c2 = d["c1"], d["c2"]
    if lang == "zh":
        word = "增加" if c2.value >= c1.value else "减少"
        shown = f"{abs(r.value):.2f}%" if d["percent"] else fmt_value(abs(c2.value - c1.value), r.unit)
        if d.get("times"):
            return (f"{d['agency']}{describe(c2)}：{d['y1']}年为{fmt_value(c1.value, c1.unit)}，{d['y2']}年为"
                    f"{fmt_value(c2.value, c2.unit)}（{r.quote}）。")
        return (f"{d['agency']}{describe(c2)}：{d['y1']}年为{fmt_value(c1.value, c1.unit)}，{d['y2']}年为"
                f"{fmt_value(c2.value, c2.unit)}，{word}{shown}（{r.quote}）。")
    return (f"{d['agency']}, {describe(c2, 'en')}: {fmt_value(c1.value, c1.unit, 'en')} in {d['y1']}, "
            f"{fmt_value(c2.value, c2.unit, 'en')} in {d['y2']}; a change of {r.quote}.")


def _difference(r: Result, lang: str) -> str:
    d = r.detail
    ra, ca, rb, cb = d["ra"], d["ca"], d["rb"], d["cb"]
    if lang == "zh":
        larger = f"{ra.agency}多，多{fmt_value(r.value, r.unit)}；" if d.get("larger") else ""
        return (f"{_in_year(d, 'zh')}{describe(ca)}：{larger}{ra.agency}{_own_year(d, ra, 'zh')}{fmt_value(ca.value, ca.unit)}，"
                f"{rb.agency}{_own_year(d, rb, 'zh')}{fmt_value(cb.value, cb.unit)}（{r.quote}）。")
    larger = f"{ra.agency} is higher, by {fmt_value(r.value, r.unit, 'en')}; " if d.get("larger") else ""
    return _capital(f"{_in_year(d, 'en')}{describe(ca, 'en')}: {larger}{ra.agency}{_own_year(d, ra, 'en')} "
                    f"{fmt_value(ca.value, ca.unit, 'en')}, {rb.agency}{_own_year(d, rb, 'en')} "
                    f"{fmt_value(cb.value, cb.unit, 'en')} ({r.quote}).")


def _in_year(d: dict, lang: str) -> str:
    """"2024年" / "In 2024, " before an answer across agencies; nothing when each agency has its own
    year (its latest report, or the year the question pairs with it), said beside each instead."""
    year = d.get("year")
    if not year:
        return ""
    return f"{year}年" if lang == "zh" else f"In {year}, "


def _own_year(d: dict, report, lang: str) -> str:
    """An agency's own year beside its name ("（2024年）"), when the answer has no one year."""
    if d.get("year"):
        return ""
    year = report.get("year") if isinstance(report, dict) else getattr(report, "year", None)
    return (f"（{year}年）" if lang == "zh" else f" ({year})") if year else ""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ranking(r: Result, lang: str) -> str:
    d = r.detail
    top, ties, low = d["top"], d["ties"], d["low"]
    n = r.top_n
    quote = "；".join(f"{c['report']['agency']}{_own_year(d, c['report'], lang)} {fmt_value(c['value'], c['unit'], lang)}"
                     for c in r.candidates)
    place = d.get("place")
    if d.get("counted") is not None:  # "是0的有几家": how many agencies have none, and which
        names = "、".join(ties)
        if lang == "zh":
            return f"{_in_year(d, 'zh')}{describe(top)}为0的共{d['counted']}个{'：' + names if names else ''}（全部：{quote}）。"
        return _capital(f"{_in_year(d, 'en')}{d['counted']} had no {describe(top, 'en')}{': ' + ', '.join(ties) if ties else ''} "
                f"(all: {quote}).")
    if lang == "zh":
        if n and n > 1:
            first = "；".join(f"{i}. {c['report']['agency']} {fmt_value(c['value'], c['unit'])}"
                             for i, c in enumerate(r.candidates[:n], 1))
            at = f"第{place}位是{'、'.join(ties)}，为{fmt_value(top.value, top.unit)}。" if place else ""
            together = f"前{n}位合计{fmt_value(d['together'], top.unit)}。" if d.get("together") is not None else ""
            return f"{_in_year(d, 'zh')}{describe(top)}{'最少' if low else '最多'}的前{n}位：{first}（全部：{quote}）。{at}{together}"
        most = ("最少" if low else "最多") if d["most"] else ("较少" if low else "较多")
        return f"{_in_year(d, 'zh')}{describe(top)}{most}的是{'、'.join(ties)}，为{fmt_value(top.value, top.unit)}（{quote}）。"
    if n and n > 1:
        first = "; ".join(f"{i}. {c['report']['agency']} {fmt_value(c['value'], c['unit'], 'en')}"
                          for i, c in enumerate(r.candidates[:n], 1))
        at = f" Number {place}: {' and '.join(ties)}, {fmt_value(top.value, top.unit, 'en')}." if place else ""
        together = (f" Together the {n}: {fmt_value(d['together'], top.unit, 'en')}."
                    if d.get("together") is not None else "")
        return _capital(f"{_in_year(d, 'en')}the {n} {'lowest' if low else 'highest'} for {describe(top, 'en')}: {first} "
                f"(all: {quote}).{at}{together}")
    return _capital(f"{_in_year(d, 'en')}{' and '.join(ties)} had the {'lowest' if low else 'highest'} {describe(top, 'en')}: "
            f"{fmt_value(top.value, top.unit, 'en')} ({quote}).")


def _sum(r: Result, lang: str) -> str:
    present, reports_used = r.detail["present"], r.detail["reports_used"]
    if r.detail.get("mean_of"):  # "平均每家": the mean over the agencies
        what = "、".join(dict.fromkeys(describe(c, lang) for c in present))
        if lang == "zh":
            return f"{reports_used[0].year}年{len(reports_used)}个机构的{what}平均每家{fmt_value(r.value, r.unit)}（{r.quote}）。"
        return (f"In {reports_used[0].year}, {describe(present[0], 'en')} averaged {fmt_value(r.value, r.unit, 'en')} "
                f"per agency over {len(reports_used)} agencies ({r.quote}).")
    signs = r.detail.get("signs") or (1,) * len(present)
    if -1 in signs:  # "本年新收＋上年结转−办理结果总计": the expression as asked, each term named
        terms = [describe(c, lang) for c in present]
        said = terms[0] + "".join(f" {'+' if sign > 0 else '−'} {t}" for sign, t in zip(signs[1:], terms[1:]))
        rep = reports_used[0]
        if lang == "zh":
            return f"{rep.agency}{rep.year}年{said}为{fmt_value(r.value, r.unit)}（{r.quote}）。"
        return f"{rep.agency}, {rep.year}: {said} = {fmt_value(r.value, r.unit, 'en')} ({r.quote})."
    if lang == "zh":
        what = "、".join(dict.fromkeys(describe(c) for c in present))
        where = "、".join(dict.fromkeys(f"{rep.agency}{rep.year}年" for rep in reports_used))
        return f"{where}{what}合计{fmt_value(r.value, r.unit)}（{r.quote}）。"
    return (f"{', '.join(dict.fromkeys(describe(c, 'en') for c in present))} add up to "
            f"{fmt_value(r.value, r.unit, 'en')} over {len({rep.id for rep in reports_used})} report(s) ({r.quote}).")


def _sides(r: Result, lang: str) -> str:
    """Two sides, each its years added up: "本年新收…：洪泽区2023、2024年合计116件；平潭综合实验区2024年218件（…）"."""
    d = r.detail
    what, parts = d["what"], []
    for group, years, total in d["sides"]:
        said = "、".join(str(y) for y in years)
        if lang == "zh":
            parts.append(f"{group[0]}{said}年{'合计' if len(years) > 1 else ''}{fmt_value(total, what.unit)}")
        else:
            parts.append(f"{group[0]} {said}{' combined' if len(years) > 1 else ''}: {fmt_value(total, what.unit, 'en')}")
    if lang == "zh":
        return f"{describe(what)}：{'；'.join(parts)}（{r.quote}）。"
    return f"{describe(what, 'en')}: {'; '.join(parts)} ({r.quote})."


def _series(r: Result, lang: str) -> str:
    d = r.detail
    anchor = d["anchor"]
    agency = next((rep.agency for rep, _, _ in r.points if rep is not None), "")
    zh = lang == "zh"
    parts = []
    for rep, c, label in r.points:
        if c is not None and c.unreadable:  # a cell the file does not let us read: never "none"
            parts.append(f"{label}年 该文件中无法读取" if zh else f"{label}: unreadable in its file")
        elif c is not None and c.blank:
            parts.append(f"{label}年 未填报" if zh else f"{label}: not reported")
        elif c is None or c.value is None:
            parts.append(f"{label}年 未找到" if zh else f"{label}: not found")
        else:
            parts.append(f"{label}年 {fmt_value(c.value, c.unit)}" if zh
                         else f"{label}: {fmt_value(c.value, c.unit, 'en')}")
    listed = "；".join(parts) if zh else "; ".join(parts)
    missing = d.get("missing_years") or []
    if zh:
        text = f"{agency}历年{describe(anchor)}：{listed}。"
        if d.get("aggregate") == "points":
            text += f"变化{fmt_number(round(r.value, 2))}个百分点（{r.quote}）。"
        elif d.get("aggregate"):
            text += (f"{'中位数' if d['aggregate'] == 'median' else '平均每年'}为{fmt_value(r.value, r.unit)}"
                     f"（{r.quote}）。")
        if "extreme" in d:
            years = "、".join(str(y) for y in d["extreme"])
            text += f"{'最少' if d['low'] else '最多'}的是{years}年（{fmt_value(r.value, r.unit)}）。"
        if "way" in d:
            y1, c1, y2, c2 = d["way"]
            text += (f"{y2}年比{y1}年{'增加' if c2.value > c1.value else '减少' if c2.value < c1.value else '持平'}"
                     + (f"{fmt_value(abs(c2.value - c1.value), c2.unit)}" if c2.value != c1.value else "") + "。")
        if missing:
            text += f"集合中没有{_years(missing)}年的报告。"
        for y, later in d.get("stated_later") or ():
            text += f"集合中没有{y}年的报告，{y}年的数字取自{later}年报告中与上年的比较。"
        return text
    text = f"{agency}, {describe(anchor, 'en')} by year: {listed}."
    if "way" in d:
        y1, c1, y2, c2 = d["way"]
        text += (f" From {y1} to {y2} it {'rose' if c2.value > c1.value else 'fell' if c2.value < c1.value else 'stayed'}"
                 + (f" by {fmt_value(abs(c2.value - c1.value), c2.unit, 'en')}." if c2.value != c1.value else " the same."))
    if d.get("aggregate") == "points":
        text += f" The change is {fmt_number(round(r.value, 2))} percentage points ({r.quote})."
    elif d.get("aggregate"):
        text += f" The {'median' if d['aggregate'] == 'median' else 'average'} is {fmt_value(r.value, r.unit, 'en')} ({r.quote})."
    if "extreme" in d:
        text += (f" The {'lowest' if d['low'] else 'highest'} is in {' and '.join(str(y) for y in d['extreme'])} "
                 f"({fmt_value(r.value, r.unit, 'en')}).")
    if missing:
        text += f" The collection has no report for {_years(missing)}."
    for y, later in d.get("stated_later") or ():
        text += f" The collection has no {y} report; the {y} figure is the one the {later} report compares with."
    return text


def _list(r: Result, lang: str) -> str:
    rep = r.report
    zh = lang == "zh"
    parts = []
    years = len({point[0].year for point in r.points if point[0] is not None}) > 1  # several years' reports
    for point_report, c, label in r.points:
        # each figure of several years' reports under its year (a figure not found: its label says the year)
        year = (f"{point_report.year}年" if zh else f"{point_report.year} ") if years and c is not None else ""
        if c is None:
            parts.append(f"{label}：未找到" if zh else f"{label}: not found")
        elif c.unreadable or (c.value is None and not c.blank):
            parts.append(f"{year}{describe(c, lang)}：该文件中无法读取" if zh
                         else f"{year}{describe(c, lang)}: unreadable in this file")
        elif c.blank or c.value is None:
            parts.append(f"{year}{describe(c, lang)}：未填报" if zh else f"{year}{describe(c, lang)}: not reported")
        else:
            parts.append(f"{year}{describe(c, lang)}{'为' if zh else ': '}{fmt_value(c.value, c.unit, lang)}")
    if years:
        return (f"{rep.agency}各年报告中，" + "，".join(parts) + "。") if zh else \
            (f"In the reports of {rep.agency}: " + "; ".join(parts) + ".")
    if r.detail.get("headline") and r.value is not None:  # "…分别是多少？合计多少？": the items' sum
        parts.append(f"合计{fmt_value(r.value, r.unit, lang)}（{r.quote}）" if zh
                     else f"in total {fmt_value(r.value, r.unit, lang)} ({r.quote})")
    if zh:
        return f"{rep.agency}{rep.year}年报告中，" + "，".join(parts) + "。"
    return f"In the {rep.year} report of {rep.agency}: " + "; ".join(parts) + "."
