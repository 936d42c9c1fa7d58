"""Answering: the exact figure for a question, where it stands, the passages that state it and
the checks it takes part in.

``answer(question, collection)`` is one straight line:

1. understand (``qa.question.understand``): language, agencies, years, metric, operation, shape;
2. plan (``qa.plan.make_plan``): the reports and computation needed, or why there is no figure
   (not understood, no such agency or year, several agencies or years where one is asked for);
3. resolve and compute (``compute``: ``qa.operations``, ``qa.shares`` and ``qa.changes`` for one
   report's figures, ``qa.shapes`` for several): the candidate figures of those reports
   (``qa.metrics``, ``qa.totals``) and the lookup, share, change, gap, ranking, sum, series or list;
4. check (``qa.evidence.check``): sentences that state the figure, the checks it takes part in,
   a prose figure that contradicts it, and the confidence that follows; a figure that two copies
   of its report give differently makes the answer ``ambiguous``, both shown (``qa.disputes``);
5. phrase (``qa.phrasing.phrase``), once, from the structured ``Result``.

It never gives a number without its source: when no report or nothing that means the metric is
found, the status says so; when several fit equally, it lists them.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import replace
from typing import Optional

from qa import changes, operations, shapes, shares, sides
from qa.amounts import fmt_number
from qa.operations import computed, found
from qa.disputes import disputed
from qa.evidence import check
from qa.phrasing import phrase
from qa.plan import MIN_RECALL, Pick, Plan, State, make_plan, resolve_relative_year, restrict, state_of
from qa.question import Question, understand
from qa.records import Answer
from qa.results import Result


def answer(question: str, collection, *, agency: Optional[str] = None, year: Optional[int] = None,
           context=None) -> Answer:
    """Answer one question from the collection.

    ``agency``/``year`` restrict the question (as ``--agency``/``--year``); ``context`` is the
    previous ``Question`` of a conversation, for follow-ups. Returns an ``Answer`` whose status is
    answered, not_reported, not_found, ambiguous or not_understood; never raises for a question it
    cannot answer.
    """
    return ask(question, collection, agency=agency, year=year, context=context)[0]


def ask(question: str, collection, *, agency: Optional[str] = None, year: Optional[int] = None,
        context=None) -> tuple[Answer, Question]:
    """``answer`` that also returns the understood question, the context of a follow-up."""
    st = state_of(collection)
    q = understand(question, st.agencies, context=context, agency_years=st.agency_years)
    q = resolve_relative_year(restrict(q, st, agency, year), st)
    plan = make_plan(q, st)
    result = compute(plan, q, st) if isinstance(plan, Plan) else plan
    result = rounded_as_asked(per_period(result, q), q)
    result = disputed(check(silent(result, q), q, st), st)  # copies of a report that disagree: both shown
    result = read_off_a_scan(result, q)
    return replace(phrase(q, result, st), question=question), q


_ROUNDING = re.compile(r"保留\s*([一二两三四\d])\s*位小数|(?:精确到|四舍五入到?至?)\s*小数点后\s*([一二两三四\d])\s*位|"
                       r"(保留整数|取整|四舍五入(?:到|至|为)?(?:整数|个位)|精确到个位|"
                       r"\b(?:rounded|round it|round) to (?:the nearest )?(?:whole number|integer)\b)|"
                       r"\b(?:rounded|round it|round) to (one|two|three|\d) decimal", re.I)
_PLACES = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "one": 1, "two": 2, "three": 3}


def rounded_as_asked(result: Result, q: Question) -> Result:
    """A computed figure rounded as the question asks ("保留一位小数", "保留整数", "rounded to two
    decimals"); the computation shown keeps its own figures."""
    m = _ROUNDING.search(q.text)
    if m is None or result.status != "answered" or result.value is None or not result.quote:
        return result
    said = m.group(1) or m.group(2) or m.group(4)
    places = 0 if m.group(3) else _PLACES.get(said.lower(), None) if not said.isdigit() else int(said)
    if places is None:
        return result
    return replace(result, value=round(result.value, places))


# a report's own average per period, in its label
_AVERAGE_LABEL = {"天": r"日均|每日|每天|平均每日", "工作日": r"日均|每个?工作日", "周": r"周均|每周", "月": r"月均|每月",
                  "季度": r"季均|每季"}


def per_period(result: Result, q: Question) -> Result:
    """A year's figure over its months, quarters, weeks or days ("按12个月平均，每月多少件", "按366天算平均每天"),
    as computed from it; days not counted are the report year's (366 in a leap year)."""
    word = getattr(q, "per_word", None)
    if (not word or result.status != "answered" or result.reason != "value" or result.cand is None
            or result.value is None or result.unit == "%"):
        return result
    pick = result.detail.get("pick")
    own = next((c for f, c in (pick.ranked[:8] if pick else ()) if f.recall >= MIN_RECALL and c.value is not None
                and c.value < result.value and f.score >= pick.fit.score - 0.3
                and re.search(_AVERAGE_LABEL[word], c.label or "")), None)  # (an average is less than the year's)
    if own is not None:  # the report's own average of the figure ("日均浏览量1.06万次"): that, not a division
        return found(result.report, Pick(*next((f, c) for f, c in pick.ranked if c is own), pick.ranked))
    per = q.per or (366 if calendar.isleap(result.report.year) else 365)
    value = result.value / per
    quote = f"{fmt_number(result.value)} ÷ {per} = {fmt_number(round(value, 2))}"
    return computed("ratio", result.report, value, result.unit, quote, [result.cand], rounded=True,
                    nums=[result.cand], den=None, period=per, period_word=word)


def read_off_a_scan(result: Result, q: Question) -> Result:
    """An answer from a sentence read by OCR off a scanned page says so, with less confidence: no
    table identity proves a prose figure, and a scan may lose a digit (4120 read 420)."""
    figure = getattr(result.cand, "figure", None) if result.status == "answered" else None
    if figure is None or not figure.where.scanned:
        return result
    note = (f"this figure was read by OCR from a scanned page ({figure.where.page}); no table checks it"
            if q.language == "en" else f"该数字由扫描页（第{figure.where.page}页）文字识别读出，没有表格可以核对")
    return replace(result, confidence=min(result.confidence, 0.6),
                   detail={**result.detail, "corrections": [*result.detail.get("corrections", ()), note]})


def silent(result: Result, q: Question) -> Result:
    """``not_reported`` for a report that exists but does not state a figure the question names
    mostly in words the product knows (the glossary's, outweighing the rest), or counts in a unit of its
    own ("召开了多少场新闻发布会", "运营的政务新媒体账号有多少个"): the report is silent. ``not_found`` stays
    for no such report, agency or year, and for wording the product does not know that asks no count
    (then it cannot tell)."""
    if result.status != "not_found" or result.reason not in ("nothing_means", "no_metric"):
        return result
    if not any(s.from_glossary for s in q.slots) and not q.agencies and not q.years:
        # "今天中午吃什么", "讲个笑话": no word the product knows, and nothing found for the words
        return Result("not_understood", "not_understood", confidence=0.9)
    known = sum(s.weight for s in q.slots if s.from_glossary)
    unknown = sum(s.weight for s in q.slots if not s.from_glossary)
    if result.report is not None and q.slots and (known > unknown or q.unit is not None):
        return replace(result, status="not_reported", reason="silent")
    return result


def compute(plan: Plan, q: Question, st: State) -> Result:
    """Carry out a plan: resolve its figures and compute the answer."""
    kind, reports = plan.kind, list(plan.reports)
    if kind == "lookup":
        return operations.lookup(q, st, reports)
    if kind == "ratio":
        return shares.ratio(q, st, reports[0])
    if kind == "change":
        return changes.change(q, st)
    if kind == "gap":
        return operations.gap(q, st, reports[0])
    if kind == "across":
        return shapes.across_agencies(q, st)
    if kind == "share_across":  # one agency's figure as a share of another's
        return shapes.across_agencies(replace(q, operation="compare", parts=q.parts[:1], share=True), st)
    if kind == "series":
        return shapes.series(q, st, reports)
    if kind == "sides":  # each side its own agency and years, added up, then compared
        return sides.compare_sides(q, st)
    if kind == "list":
        return shapes.listing(q, st, reports[0])
    return shapes.total(q, st, reports)
