"""The answer sentence, in the question's language, and the ``Answer`` record around it.

Every status has one sentence pattern per language; the figure is printed with its unit (money
also in 万元), a computed figure with its arithmetic, a failed check or a prose figure that
disagrees with the table after it.
"""
from __future__ import annotations

from typing import Optional

from qa.metrics import Candidate, _key_parts, clean_label, is_neutral
from qa.question import Question, glossary
from qa.records import Answer, CheckResult, Evidence, Input, ReportRef, Source

_UNIT_EN = {"件": "", "条": "", "个": "", "人": " people", "名": " people", "人次": " person-times",
            "次": " times", "元": " yuan", "%": "%", "篇": " articles", "期": " issues", "场": " sessions"}


def fmt_number(value: Optional[float]) -> str:
    """A figure as printed: integers without decimals, others with up to four."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.4f}".rstrip("0").rstrip(".")


def fmt_value(value: Optional[float], unit: Optional[str], lang: str = "zh") -> str:
    """A figure with its unit; sums of money also in 万元."""
    text = fmt_number(value)
    if unit is None:
        return text
    if lang == "en":
        out = text + _UNIT_EN.get(unit, f" {unit}")
    else:
        out = text + unit
    if unit == "元" and value is not None and abs(value) >= 10000:
        out += f"（{fmt_number(round(value / 10000, 6))}万元）" if lang == "zh" else f" ({fmt_number(round(value / 10000, 6))} 万元)"
    return out


def describe(cand: Candidate, lang: str = "zh") -> str:
    """What a candidate counts, in words: the glossary's label of its key, else its headers."""
    if cand.key:
        table, row, column = _key_parts(cand.key)
        keys, columns = glossary()["keys"], glossary()["columns"].get(table, {})
        if row in keys:
            entry = keys[row]
            parent = entry.get("parent") or row.rpartition(".")[0]
            if parent in (table, "requests.result"):
                parent = None
            col = columns.get(column)
            if lang == "en":
                text = entry["en"]
                if col and not col.get("neutral"):
                    text += f" ({col['en']})"
                return text
            text = (keys[parent]["zh"][0] + "（" + entry["zh"][0] + "）") if parent in keys else entry["zh"][0]
            if col and not col.get("neutral"):
                text += "（" + col["zh"][0] + "）"
            return text
    if cand.kind == "text":
        return cand.label
    if cand.fact is not None:
        rows = [clean_label(r) for r in cand.fact.row if r]
        cols = [clean_label(c) for c in cand.fact.column if c and not is_neutral(c)]
        text = " › ".join(rows[-2:] + cols[-1:])
        return f"“{text}”"
    return cand.label


def _years(years) -> str:
    return "、".join(str(y) for y in years)


def _report_name(report, lang: str) -> str:
    if report is None:
        return ""
    year = report.year or "?"
    return f"{report.agency}{year}年报告" if lang == "zh" else f"the {year} report of {report.agency}"


def sentence(q: Question, status: str, reason: str, **kw) -> str:
    """The one-sentence answer for a status and reason, in the question's language."""
    zh = q.language != "en"
    report = kw.get("report")
    cand: Optional[Candidate] = kw.get("cand")
    label = describe(cand, "zh" if zh else "en") if cand is not None else ""
    name = _report_name(report, "zh" if zh else "en")
    if reason == "unknown_agency":
        return f"集合中没有“{kw['name']}”的报告。" if zh else f"The collection has no report from “{kw['name']}”."
    if reason == "no_metric":
        return "没能从问题中看出要问的是哪一项数字。" if zh else "I could not tell which figure the question asks for."
    if reason == "no_report":
        have = _years(kw.get("have") or []) or ("无" if zh else "none")
        years = _years(kw.get("years") or [])
        if zh:
            return f"集合中没有{kw['agency']}{years + '年' if years else ''}的报告（已有年份：{have}）。"
        return f"The collection has no report of {kw['agency']}{' for ' + years if years else ''} (years held: {have})."
    if reason == "no_year":
        return (f"集合中没有{_years(kw['years'])}年的报告。" if zh
                else f"The collection has no report for {_years(kw['years'])}.")
    if reason == "nothing_means":
        return (f"{name}中没有与该问题对应的数字。" if zh
                else f"Nothing in {name} gives the figure asked for.")
    if reason in ("which_agency", "which_report", "which_metric"):
        items = []
        for c in kw.get("candidates", []):
            if "label" in c:
                r = c["report"]
                items.append(f"{r['agency']}{r['year']}年 {c['label']} = {fmt_value(c['value'], c['unit'])}")
            else:
                items.append(f"{c['agency']}（{_years(c['years'])}）")
        listed = "；".join(items)
        if reason == "which_agency":
            return f"问题中的机关可能指：{listed}。请指明。" if zh else f"The agency named may be: {listed}. Please say which."
        if reason == "which_report":
            return (f"多份报告都有这一数字：{listed}。请指明机关或年份。" if zh
                    else f"Several reports give this figure: {listed}. Please name the agency or the year.")
        return (f"报告中有几项数字同样符合：{listed}。请说得更具体些。" if zh
                else f"Several figures fit equally: {listed}. Please be more specific.")
    if reason == "blank":
        return (f"{name}中{label}一栏为空：报告未填报该数字。" if zh
                else f"{name[0].upper() + name[1:]} leaves {label} blank: the figure is not reported.")
    if reason == "unreadable":
        return (f"{name}中{label}一栏在该文件中无法读取。" if zh
                else f"{label} cannot be read from the file of {name}.")
    if reason == "value":
        return _value_sentence(zh, name, label, cand, kw)
    return kw.get("text_zh" if zh else "text_en", "")


def _value_sentence(zh: bool, name: str, label: str, cand: Candidate, kw: dict) -> str:
    value = fmt_value(cand.value, cand.unit, "zh" if zh else "en")
    approx = ("约" if zh else "about ") if cand.approximate else ""
    if zh:
        text = f"{name}中，{label}为{approx}{value}"
        if cand.printed is not None:
            why = ("总计不可能小于其中一项" if cand.printed < (cand.value or 0)
                   else "各分项均为0，该数应属另一行")
            text += (f"（表中“总计”印为{fmt_number(cand.printed)}，但{why}，"
                     f"这里取各分项之和 {kw['source'].quote.split('（')[0]}）")
        elif cand.kind == "computed" and cand.inputs:
            text += f"（表中未直接列出，由 {kw['source'].quote} 算得）"
        text += "。"
        if kw.get("corroborated"):
            text += "正文也写明了这一数字。"
        conflict = kw.get("conflict")
        if conflict is not None:
            text += f"但正文另称{conflict.figure.raw}（“{conflict.figure.sentence.strip()}”），两处不一致。"
    else:
        text = f"In {name}, the figure for {label} is {approx}{value}"
        if cand.printed is not None:
            why = ("it is smaller than one of its parts" if cand.printed < (cand.value or 0)
                   else "its parts are all 0 and the figure belongs to another row")
            text += (f" (the table prints a total of {fmt_number(cand.printed)}, which cannot be right as "
                     f"{why}; this is the sum of the parts, "
                     f"{kw['source'].quote.split('（')[0]})")
        elif cand.kind == "computed" and cand.inputs:
            text += f" (not printed in the table; computed as {kw['source'].quote})"
        text += "."
        if kw.get("corroborated"):
            text += " The text of the report states the same figure."
        conflict = kw.get("conflict")
        if conflict is not None:
            text += f" But the text of the report states {conflict.figure.raw} instead: the two disagree."
    failed = [c for c in kw.get("checks", []) if not c.ok]
    if failed:
        text += (f"注意：该数字所在表格的校验未通过（{failed[0].detail}）。" if zh
                 else f" Note: a check of the table fails ({failed[0].detail}).")
    return text


def say(q: Question, status: str, reason: str, *, report=None, cand: Optional[Candidate] = None,
        source: Optional[Source] = None, inputs: list[Input] = (), evidence: list[Evidence] = (),
        checks: list[CheckResult] = (), candidates: list[dict] = (), confidence: float = 0.5,
        value: Optional[float] = None, unit: Optional[str] = None, **kw) -> Answer:
    """An ``Answer`` with its sentence. ``value``/``unit`` default to the candidate's when answered."""
    text = sentence(q, status, reason, report=report, cand=cand, source=source, checks=checks,
                    candidates=candidates, **kw)
    if status == "answered" and cand is not None and value is None:
        value, unit = cand.value, cand.unit
    ref = ReportRef(report.id, report.title, report.agency, report.year) if report is not None else None
    return Answer(
        question=q.text, status=status, answer=text,
        value=value if status == "answered" else None,
        unit=unit if status == "answered" else None,
        approximate=bool(cand.approximate) if (cand is not None and status == "answered") else False,
        report=ref, source=source, inputs=tuple(inputs), evidence=tuple(evidence), checks=tuple(checks),
        candidates=tuple(candidates), confidence=round(max(0.0, min(1.0, confidence)), 3))
