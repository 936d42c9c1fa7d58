"""Follow-ups: whether a question is shaped like one, and what it takes from the question before.

A conversation carries its context (agency, year, metric) only into a question shaped like a
follow-up: one that says something the product knows (a metric, an agency, a year, a relative
year, or 那/呢/what about) and is short, marked as a follow-up, or leaves something out. Input
that says nothing the product knows (``asdfgh``, an emoji, "exit now please") never inherits
the previous question's metric. Used by ``qa.question.understand``; ``qa.conversation`` keeps the
questions of a conversation.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Optional

from qa.operation_words import (PLUS_ZH, SUM_EN, SUM_ZH, count_word, has_any, operation_of, place_asked, rank_words, top_n,
                                year_extreme)

if TYPE_CHECKING:  # the record is qa.question's; this module only fills it in
    from qa.question import Question

_CJK = re.compile(r"[\u4e00-\u9fff]")
# "换成交通与建设局呢", "改成2023年", "如果是淮安市": the same question of another agency or year
SWITCH_WORDS = re.compile(r"换成|换作|换为|改成|改为|改查|换一下|换个|如果是|要是|假如是|看看|查一下|查查|"
                          # "那2025年度同一口径呢": the measure asked before, no metric of its own
                          r"(?:按照?|用)?(?:同一|同样|相同|一样)的?(?:个)?(?:统计)?口径|同口径|"
                          r"(?:同一|同样|相同|一样)的?(?:个)?(?:项|项目|栏|一栏|行|一行|数|指标)|"
                          # "也是要元的": the unit wanted, said apart (the unit is read from the words)
                          r"(?:也|还|同样)?(?:是)?要(?:以)?(?:元|万元)(?:为单位)?的?(?=[。，,.？?！!\s]|$)")
_FOLLOW_MARK = re.compile(r"^\s*(?:那么|那|还有|另外|再|那个|其中|这其中|of which|换成|换作|改成|改为|如果是|要是|"
                          r"and\b|what about\b|how about\b|then\b|also\b|and in\b)|"
                          r"呢\s*[?？]?\s*$", re.I)


_OF_WHICH = re.compile(r"^\s*(?:其中|这其中|这里面|它里面|它当中|这当中|里面|当中|其间|of (?:which|these|them)|among (?:them|these))", re.I)


_SHARE_OF = re.compile(r"^\s*(?:那|那么|它|这个数|这些|这)?\s*(?:占|占了|占到)|^\s*(?:what|which)?\s*(?:share|percentage|proportion) of\b",
                       re.I)


# "两个加起来是多少", "这两个数合计", "both combined": the last two figures the conversation asked for
BOTH_FIGURES = re.compile(r"(?:这|那|上面|前面|刚才)?(?:两个|两项|两者|二者|两样|俩|两数)(?:数字?|数据|指标)?\s*"
                          r"(?:一共|总共|合计|加起来|加在一起|加一起|加到一起|加一块|相加|之和|的和|加总)|"
                          r"\b(?:both|the two|these two|those two)(?: (?:figures|numbers|of them))?\s+"
                          r"(?:combined|together|added)\b|\badd (?:them|these|those|both)(?: up| together)?\b", re.I)


# a share or a change asked with nothing else ("占比是多少？", "降了百分之多少？", "what share is that?")
_ONLY_HOW = re.compile(r"^\s*(?:那|那么|它|这)?\s*(?:占比|比例|所占比例|占多少|占几成|占百分之几|"
                       r"(?:增长|下降|减少|增加|上升|下跌|变化|增|降|涨|跌|减|升|少|多)了?(?:百分之)?(?:多少|几)(?:个百分点|%)?|"
                       r"相差多少|差(?:了)?多少)(?:是|为|有)?(?:多少)?\s*[？?。!！]?\s*$|"
                       r"^\s*(?:what(?:'s| is)? (?:the )?(?:share|percentage|proportion|change|difference)|by how (?:much|many))"
                       r"(?: is (?:that|it))?\s*\??\s*$", re.I)


def is_follow_up(text: str, *, metric: bool, agency: bool, years: bool, relative: bool) -> bool:
    """Whether a question is shaped like a follow-up: it says something (a metric, an agency, a year,
    a relative year or 那/呢/what about) and is short, marked, or leaves something out. Input that
    says nothing the product knows (asdfgh, an emoji, "exit now please") is not one."""
    marked = bool(_FOLLOW_MARK.search(text)) or bool(year_extreme(text))  # "哪一年最少？": a year of the series before
    marked = marked or bool(place_asked(text)) or bool(top_n(text))  # "前两名分别是谁？": of the ranking before
    marked = marked or bool(BOTH_FIGURES.search(text))  # "两个加起来是多少？": the two figures asked before
    marked = marked or bool(_ONLY_HOW.match(text))  # "占比是多少？", "降了百分之多少？": of the figures before
    marked = marked or bool(_THIS_FIGURE.search(text))  # "这个数在总数里占多少？": the figure before, pointed at
    marked = marked or bool(_THE_TWO.search(text))  # "the difference between the two": the two named before
    marked = marked or bool(_BARE_SUM.match(text))  # "加起来多少": the figures asked before, added
    if not (metric or agency or years or relative or marked):
        return False
    short = len(_CJK.findall(text)) <= 12 and len(re.findall(r"[A-Za-z]+", text)) <= 8
    return marked or relative or short or not metric or not agency


_BARE_SUM = re.compile(r"^\s*(?:那)?(?:这些|它们|这俩)?(?:全部|都)?(?:加起来|加一起|加在一起|合计|一共|总共|加总|合起来)"
                       r"(?:是|有|共)?(?:多少|几)?[件个条起]?\s*(?:呢|啊|吧|呀)?\s*[？?。!！]?\s*$|"
                       r"^\s*(?:and\s+)?(?:combined|in total|altogether|added up)\s*\??\s*$", re.I)


# "两年加起来呢", "这两年相比", "both years combined", "这两家合计": the years or agencies the
# conversation named before, not a year or agency of its own (近两年 / 两年来 / 两年前 are not these)
_THOSE = re.compile(r"(?<![近最过去前后哪几\d])(?:这|那|前后|上面|上述|以上|刚才|刚刚)?([两二三四五六七八九十俩仨]|(?<=[这那])[2-9])\s*"
                    r"(?:个)?(年度|年|家|个?单位|个?部门|个?机关|个?地方|个?局)"
                    r"(?![前后来内以])|\b(both|the two|these two|those two|the three|these three|all three)\s+"
                    r"(years|agencies|departments|bodies|places|reports)\b", re.I)
_COUNT = {"两": 2, "二": 2, "俩": 2, "三": 3, "仨": 3, "both": 2, "the two": 2, "these two": 2, "those two": 2,
          "the three": 3, "these three": 3, "all three": 3}


def those_named(text: str) -> Optional[tuple[str, int]]:
    """("year", n) or ("agency", n) when the question points back at n years or agencies the
    conversation named ("两年加起来呢", "这两家相比"), else None."""
    m = _THOSE.search(text)
    if not m:
        return None
    count, what = (m.group(1), m.group(2)) if m.group(1) else (m.group(3).lower(), m.group(4).lower())
    return ("year" if what.startswith(("年", "year")) else "agency"), _COUNT.get(count) or count_word(count)


# "between the two", "两者相差多少": two things the conversation named, which ones not said (the agencies or
# the years that differ between the last two questions)
_THE_TWO = re.compile(r"\b(?:between )?(?:the|these|those) two\b(?!\s+(?:years?|agenc|departments?|bodies|places|reports|"
                      r"figures|numbers))|两者|二者|这两个(?![年家数部单机局])|那两个(?![年家数部单机局])", re.I)


def the_two_named(text: str, earlier_agencies: tuple, earlier_years: tuple) -> Optional[tuple[str, int]]:
    """("agency", 2) or ("year", 2) for "the two" said bare, by what the conversation's last two questions
    named apart: two agencies before two years; None otherwise."""
    if not _THE_TWO.search(text):
        return None
    if len(earlier_agencies) >= 2 and earlier_agencies[-1] != earlier_agencies[-2]:
        return "agency", 2
    if len(set(earlier_years)) >= 2:
        return "year", 2
    return None


def without_those(text: str) -> str:
    """The text with its pointers back at earlier years or agencies blanked: "两家" names no metric."""
    return _THOSE.sub(" ", text)


# "是谁", "哪个部门", "which one": asking who stands at a place of a ranking
_WHO = re.compile(r"是谁|哪个|哪家|哪一个|\bwho\b|\bwhich (?:one|department|agency|bureau)\b", re.I)


def _columns_only(q: "Question") -> bool:
    """Whether every metric word of a question names a column of the tables (制发, 废止, 维持)."""
    from qa.metric_parts import names_a_column

    said = [s for p in (q.metrics or q.parts) for s in p if s.weight >= 1.0]
    return bool(said) and all(names_a_column(s) for s in said)


def _row_of(prev: "Question") -> tuple:
    """The words of the question before that name its row, not a column."""
    from qa.metric_parts import names_a_column

    return tuple(s for s in prev.parts[0] if not names_a_column(s) and s.weight >= 1.0) if len(prev.parts) == 1 else ()


def _same_change(q: "Question", prev: "Question") -> bool:
    """"那2023年相对2022年呢" after a growth rate: the same kind of change (a rate), of two other years; a
    follow-up that asks a count of its own ("多了几件") asks the difference."""
    return q.operation == "difference" and prev.operation == "percent_change" and not re.search(
        r"多少[件条个次人元]|几[件条个次人]|差|多了|少了|how many|how much", q.text, re.I)


# "这个数", "再加上它", "this figure": the figure the question before asked for; "前面那个数", "the first
# figure": the one asked before it; "总数里": the whole it was asked within
_THIS_FIGURE = re.compile(r"这个数(?:字|值)?|这一数(?:字)?|此数|该数|(?:加上|和|与|跟)它(?!们)|"
                          r"\b(?:this|that) (?:figure|number)\b", re.I)
_FIGURE_BEFORE = re.compile(r"前面(?:的)?(?:那个|那一个)?数(?:字)?|前面那个|前一个数(?:字)?|上一个数(?:字)?|第一个数(?:字)?|"
                            r"\bthe (?:first|earlier|previous) (?:figure|number)\b", re.I)
_WHOLE_BEFORE = re.compile(r"总数|总量|总的|全部|\bthe (?:whole|total)\b", re.I)
_ADDED_TO_IT = re.compile(r"(?:再)?(?:加上|加|和|与|跟)它(?!们)|\bplus (?:that|this|it)\b", re.I)


def _figures_pointed_at(q: "Question", earlier_parts: tuple) -> Optional[tuple]:
    """The parts of a question that points at figures asked before ("这个数占前面那个数的百分之几",
    "把这个数和同年行政诉讼里结果纠正的加起来"), with its operation and how many of them a share's numerator
    adds up; None when it points at none."""
    this = _THIS_FIGURE.search(q.text)
    if not this or not earlier_parts:
        return None
    before = _FIGURE_BEFORE.search(q.text)
    if q.operation == "ratio" and len(q.parts) >= 2 and _ADDED_TO_IT.search(q.text):
        # "同意部分公开的再加上它，占受理总数的比例": the part named and the figure before, over the whole named
        return (q.parts[0], earlier_parts[-1], q.parts[-1]), "ratio", 2
    if q.operation == "ratio" and len(earlier_parts) >= 2 and (
            before or (_WHOLE_BEFORE.search(q.text) and set(earlier_parts[-2]) <= set(earlier_parts[-1]))):
        parts = (earlier_parts[-1], earlier_parts[-2])
        return (parts[::-1] if before and before.start() < this.start() else parts), "ratio", 1
    if q.parts and (has_any(q.text, SUM_ZH) or has_any(q.text, SUM_EN, english=True) or PLUS_ZH.search(q.text)):
        return (earlier_parts[-1],) + tuple(q.parts), "sum", 1
    return None


# "把2024年的也加上", "加上2025年的", "连同2023年一起算": another year of the figure before, added to it
_YEAR_ADDED = re.compile(r"(?:19|20)?\d{2}\s*年度?(?:的|那年的?)?(?:数字?)?\s*(?:也|再|一起|一并)?\s*(?:加上|加进来|加进去|算上|算进来|算进去|"
                         r"加在一起|加一起|一起算)|(?:加上|算上|连同|再加)\s*(?:19|20)?\d{2}\s*年度?(?:的|那年)?(?![\u4e00-\u9fff]{2})")


# words that point at the metric asked before ("这一项", "该项"), no metric of their own
_POINTING = frozenset({"一项", "这一项", "这项", "该项", "此项", "这个数", "这一数", "这个指标", "该指标", "同一项"})


def with_context(q: "Question", prev: "Question") -> "Question":
    """The question with what a follow-up leaves out (agency, year, metric) filled in from the
    question before; ``carried`` names what was taken. "两年加起来呢" takes the last two years the
    conversation named, "这两家相比呢" its last two agencies."""
    carried = []
    earlier_years = tuple(dict.fromkeys(prev.earlier_years + prev.years))[-12:]
    earlier_agencies = tuple(dict.fromkeys(prev.earlier_agencies + prev.agencies))[-6:]
    earlier_parts = tuple(dict.fromkeys(prev.earlier_parts + ((prev.parts[0],) if len(prev.parts) == 1 else ())))[-6:]
    q = replace(q, earlier_years=earlier_years, earlier_agencies=earlier_agencies, earlier_parts=earlier_parts)
    back = those_named(q.text) or the_two_named(q.text, earlier_agencies, earlier_years)
    if back and back[0] == "year" and not q.years and len(earlier_years) >= back[1] >= 2:
        years = tuple(sorted(earlier_years[-back[1]:]))
        agencies = len(q.agencies or prev.agencies)
        operation = operation_of(q.text, list(years), False, agencies, q.all_agencies)
        q = replace(q, years=years, year_range=False, operation=operation, all_years=False,
                    shape="series" if operation == "lookup" and agencies <= 1 else q.shape)
        carried.append("year")
    elif back and back[0] == "agency" and not q.agencies and not q.all_agencies and len(earlier_agencies) >= back[1] >= 2:
        groups = earlier_agencies[-back[1]:]
        operation = operation_of(q.text, list(q.years or prev.years), False, len(groups), False)
        q = replace(q, agencies=groups, positions=tuple(range(len(groups))), operation=operation)
        carried.append("agency")
    if _YEAR_ADDED.search(q.text) and q.years and prev.years and not set(q.years) <= set(prev.years) and (
            not q.parts or not any(s.from_glossary for p in q.parts for s in p)):
        # "把2024年的也加上，两年一共多少？" after "2023年行政诉讼有几起？": the figure before, of both years, added
        years = tuple(sorted(set(prev.years) | set(q.years)))
        q = replace(q, years=years, year_range=False, operation="sum", shape="single", parts=(), keys=(), metrics=())
        carried.append("year")
    if q.parts and all(s.text in _POINTING for p in q.parts for s in p):
        q = replace(q, parts=(), keys=())  # "这一项2024年是多少？": the metric asked before, pointed at
    place, first_n = place_asked(q.text), top_n(q.text)
    if prev.shape == "ranking" and not q.parts and not q.agencies and (
            place or first_n or rank_words(q.text) or _WHO.search(q.text)):
        # "前两名分别是谁？第二名多少件？" after "哪个部门收到的申请最多？": the same ranking, to that place
        q = replace(q, shape="ranking", operation="rank", parts=prev.parts, keys=prev.keys, unit=q.unit or prev.unit,
                    all_agencies=prev.all_agencies, agencies=prev.agencies, positions=prev.positions,
                    low=q.low or prev.low, place=place, top_n=max(first_n or 1, place or 1),
                    metric_by="context", metrics=(), not_understood=False,
                    departments=q.departments or prev.departments)
        carried += ["agency", "metric"]
    if (not q.years and q.relative_offset is None and q.operation in ("difference", "percent_change")
            and len(set(earlier_years)) >= 2 and not back):
        # "降了百分之多少？" after "洪泽区2023年行政处罚多少件？" — "2024年呢？": between the last two years named
        q = replace(q, years=tuple(sorted(dict.fromkeys(earlier_years))[-2:]), year_range=False)
        carried.append("year")
    if not q.agencies and prev.agencies and not q.unknown_agency and not q.all_agencies:
        q = replace(q, agencies=prev.agencies, positions=prev.positions)
        carried.append("agency")
    if not q.years and q.relative_offset is None and q.shape == "single" and prev.shape == "series":
        # "行政复议呢" after a series: the same years, as a series
        q = replace(q, years=prev.years, year_range=prev.year_range, shape="series", all_years=prev.all_years,
                    argmax=prev.argmax, argmin=prev.argmin)
        carried.append("year")
    elif not q.years and prev.years and q.relative_offset is None:
        # "其中哪一年最多" after a series of 2019-2025: those years, not every year held
        q = replace(q, years=prev.years, year_range=prev.year_range, all_years=q.all_years and prev.all_years)
        carried.append("year")
    pointed = _figures_pointed_at(q, earlier_parts)
    if pointed:
        parts, operation, numerators = pointed
        q = replace(q, parts=parts, explicit_parts=True, operation=operation, numerators=numerators, shape="single",
                    keys=tuple(dict.fromkeys(s.key for p in parts for s in p if s.key)), metric_by="context")
        carried.append("metric")
    elif not q.parts and len(earlier_parts) >= 2 and (BOTH_FIGURES.search(q.text)
                                                       or _BARE_SUM.match(q.text)):
        # "两个加起来是多少？" (or just "加起来多少") after "行政处罚多少件？" — "行政强制呢？": the two figures, added
        q = replace(q, parts=earlier_parts[-2:], explicit_parts=True, operation="sum", shape="single",
                    keys=tuple(dict.fromkeys(s.key for p in earlier_parts[-2:] for s in p if s.key)), metric_by="context")
        carried.append("metric")
    elif (not q.parts and q.operation == "ratio" and len(earlier_parts) >= 2 and _OF_WHICH.match(prev.text)
          and set(earlier_parts[-2]) <= set(earlier_parts[-1])):
        # "占比是多少？" after "收到多少申请？" — "其中予以公开的有几件？": the part over the whole before it
        q = replace(q, parts=earlier_parts[-1:] + earlier_parts[-2:-1], explicit_parts=True, numerators=1,
                    keys=tuple(dict.fromkeys(s.key for p in earlier_parts[-2:] for s in p if s.key)), metric_by="context")
        carried.append("metric")
    elif q.parts and prev.parts and len(prev.parts) == 1 and _OF_WHICH.match(q.text):
        # "其中结果被纠正的有几件" after "行政诉讼有多少件": a part of the figure before
        said, before = {s.text for s in q.parts[0]}, {s.text for s in prev.parts[0]}
        # a whole the question names itself stays ("其中无法提供的占新收申请的百分比"), said in full when it is
        # the figure before said short ("占新收的比例" after "新收了多少件申请")
        wholes = tuple(prev.parts[0] if {s.text for s in p} <= before else p for p in q.parts[1:])
        q = replace(q, parts=(q.parts[0] + tuple(s for s in prev.parts[0] if s.text not in said), *wholes),
                    keys=tuple(dict.fromkeys(q.keys + prev.keys)), metric_by="context")
        carried.append("metric")
    elif (q.operation == "ratio" and len(q.parts) == 1 and prev.parts and len(prev.parts) == 1
          and _SHARE_OF.match(q.text)):
        # "占当年办理结果总数的比例是多少" after "本机关不掌握的有多少": the figure before over the one named
        q = replace(q, parts=(prev.parts[0], q.parts[0]), explicit_parts=True,
                    keys=tuple(dict.fromkeys(prev.keys + q.keys)))
        carried.append("metric")
    elif q.parts and prev.parts and _columns_only(q) and (row := _row_of(prev)):
        # "同一年本年新制发的有几件？废止了几件？" after "行政规范性文件现行有效的有多少件": the row before,
        # in the columns named now
        q = replace(q, parts=tuple(p + tuple(s for s in row if s not in p) for p in q.parts),
                    metrics=tuple(m + tuple(s for s in row if s not in m) for m in q.metrics), metric_by="context")
        carried.append("metric")
    elif not q.parts and prev.parts:
        q = replace(q, parts=prev.parts, explicit_parts=prev.explicit_parts,
                    operation=prev.operation if q.operation == "lookup" or _same_change(q, prev) else q.operation,
                    unit=q.unit or prev.unit, numerators=prev.numerators, keys=prev.keys,
                    metrics=q.metrics or prev.metrics,
                    shape=prev.shape if q.shape == "single" and prev.shape == "list" else q.shape,
                    metric_by="context")
        carried.append("metric")
    if q.shape == "ranking" and prev.shape == "ranking" and carried:
        q = replace(q, departments=q.departments or prev.departments)  # "那最少的呢": of the same departments
    return replace(q, carried=tuple(carried))


