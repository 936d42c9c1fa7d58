"""Understanding a question: language, years, agencies, the metric asked for, the operation and
the shape of the answer wanted (one figure, a series over years, a list of metrics, a ranking).

``understand("上海市人社局2011年电子邮件申请数是多少？", agencies)`` gives a ``Question`` with
language ``zh``, years ``(2011,)``, the agency 上海市人力资源和社会保障局 and the metric as
*slots* (``qa.metric_words``): pieces of wording that a table row, column or prose noun should
contain, each with the label words it may appear as. The question is first read as simplified
characters with half-width digits (``qa.script``); years, relative years included, are read by
``qa.years``; the words of operations and shapes are ``qa.operation_words``. Nothing here knows
particular questions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal, Mapping, Optional, Sequence, Union

from qa.agencies import (same_body, zone_named, zone_named_latin, agency_corrections, read_name, department_homophones, match_agencies, unknown_agency, unknown_english_department,
                         unknown_english_name, unknown_pinyin_department)
from qa.follow_up import SWITCH_WORDS, is_follow_up, with_context
from qa.metric_words import CJK as _CJK
from qa.metric_words import Slot, find_rate, glossary, homophone_fixes, metric_slots, stem_words  # noqa: F401 (re-exported)
from qa.operation_words import (PLUS_ZH, ALL_AGENCIES_EN, ALL_AGENCIES_EN_RE, ALL_AGENCIES_ZH, ALL_AGENCIES_ZH_RE,
                                COMPARED_WITH, CONJUNCTIONS, GAP_EN, GAP_ZH, LIST_SEPARATORS, LOW_EN, LOW_ZH,
                                SUM_ZH, asks_change, breakdown_words, has_any, rank_words, implicit_year_on_year, list_words, operation_of,
                                series_words, top_n, without_shape_words, without_year_on_year, year_extreme,
                                year_on_year)
from qa.script import normalise
from qa.years import (RelativeYear, anchored_years, find_relative_years, find_years, latest_year, recent_years,  # noqa: F401
                      relative_note, report_years, since_year)

Language = Literal["zh", "en", "mixed"]
Operation = Literal["lookup", "sum", "ratio", "difference", "percent_change", "compare", "rank", "gap"]
Shape = Literal["single", "series", "list", "ranking"]

@dataclass(frozen=True)
class Question:
    """What a question asks, as far as words tell.

    Fields (stable; every one has a default so older code keeps working):

    - ``text``: the question as read (traditional characters made simplified, invisible characters
      dropped, full-width digits and letters made half-width).
    - ``language``: zh, en or mixed.
    - ``years``: the report years asked for, in question order (a range is expanded; a relative year
      such as 去年 is already resolved here when the agency's years are known).
    - ``agencies``: one group per agency named; a group lists readings that fit equally.
    - ``positions``: where each group is named in the question ("A比B多多少": A first).
    - ``unknown_agency``: a name that looks like an agency but is not in the collection.
    - ``parts``: the metric as slot groups: one part, two for a ratio, several for a sum.
    - ``operation``: lookup, sum, ratio, difference, percent_change, compare, rank or gap.
    - ``explicit_parts``: the question itself split the metric (A占B, A和B共).
    - ``all_agencies``: "各部门", "which department": every agency (of the place named).
    - ``year_range``: the years were given as a range (2019到2024年).
    - ``low``: a ranking or comparison asks for the smallest.
    - ``unit``: the unit the question asks in (件, 人, 元, %).
    - ``carried``: fields taken from the conversation before ("agency", "year", "metric").
    - ``numerators``: a ratio's leading parts added up as its numerator ("A和B合计占比").
    - ``shape``: "single" (one figure), "series" (one metric of one agency over several years:
      每年, 历年, 趋势, 按年份), "list" (several metrics of one report: 分别是多少) or "ranking"
      (agencies ordered by one metric, with ``top_n``).
    - ``metrics``: for shape "list", one slot group per metric asked, in question order; else ().
    - ``top_n``: how many a ranking asks for (前三 3, top 5 5, 最多的是哪个部门 1); None when not said.
    - ``argmax`` / ``argmin``: a series asks which year is the highest / lowest (哪年最多 / 最少).
    - ``all_years``: a series that names no years (历年, 按年份列出来): every year the collection holds.
    - ``relative_year``: how a relative year was read, in the question's language, e.g.
      "“去年”按2023年理解（所收最新年度为2024年）"; None when the question names none.
    - ``relative_offset``: the relative year as an offset (今年 0, 去年 -1, 前年 -2) from ``relative_base``.
    - ``relative_base``: "latest" (the latest year held for the agency) or "context" (the year of the
      question before); None when no relative year. When ``years`` is empty and ``relative_offset``
      is set, the base year was not known at understanding time: the answering side resolves it.
    - ``keys``: canonical keys (docs/canonical-keys.md) the metric words point to, when the glossary
      knows them (打官司 -> review.litigation.total); () otherwise.
    - ``metric_by``: how the metric was found: "words" (glossary or table wording) or "context"
      (carried from the question before); None when there is none. "meaning" is kept for a match by
      embedding, which is not on the answer path (measured by bench/bench_metric_meaning.py).
    - ``not_understood``: the question names no metric the product recognises and is not a follow-up.
    - ``recognised``: what was understood, as (kind, text) pairs (kind: agency, year, operation,
      metric, shape), for a not_understood answer to show.
    - ``agency_corrections``: agency names read as another (written, read): 平谭 read as 平潭
      (``qa.agencies``); an answer states each.
    """

    text: str
    language: Language
    years: tuple[int, ...] = ()
    agencies: tuple[tuple[str, ...], ...] = ()  # one group per agency named; a group lists readings that fit equally
    positions: tuple[int, ...] = ()  # where each group is named in the question ("A比B多多少": A first)
    unknown_agency: Optional[str] = None  # a name that looks like an agency but is not in the collection
    parts: tuple[tuple[Slot, ...], ...] = ()  # the metric(s): one part, two for a ratio, several for a sum
    operation: Operation = "lookup"
    explicit_parts: bool = False  # the question itself split the metric (A占B, A和B共)
    all_agencies: bool = False  # "各部门", "which department": every agency (of the place named)
    year_range: bool = False
    low: bool = False  # ranking/comparison asks for the smallest
    unit: Optional[str] = None  # unit the question asks in (件, 人, 元, %)
    carried: tuple[str, ...] = field(default=())  # fields taken from the conversation before
    numerators: int = 1  # a ratio's leading parts added up as its numerator ("A和B合计占比")
    shape: Shape = "single"
    metrics: tuple[tuple[Slot, ...], ...] = ()
    metric_units: tuple[Optional[str], ...] = ()  # for a list: the unit each metric is asked in (件数 件, 金额 元)
    prose_asked: bool = False  # "报告正文说…", "according to the text": the figure the prose states
    top_n: Optional[int] = None
    argmax: bool = False
    argmin: bool = False
    all_years: bool = False
    relative_year: Optional[str] = None
    relative_offset: Optional[int] = None
    relative_base: Optional[Literal["latest", "context"]] = None
    keys: tuple[str, ...] = ()
    metric_by: Optional[Literal["words", "meaning", "context"]] = None
    not_understood: bool = False
    recognised: tuple[tuple[str, str], ...] = ()
    agency_corrections: tuple[tuple[str, str], ...] = ()  # (written, read): 平谭 read as 平潭 (qa.agencies)

    @property
    def slots(self) -> tuple[Slot, ...]:
        """Every slot of every part."""
        return tuple(s for part in self.parts for s in part)

    @property
    def agency(self) -> Optional[str]:
        """The first agency named (its first reading), if any."""
        return self.agencies[0][0] if self.agencies else None


def language_of(text: str) -> Language:
    """zh, en or mixed, by the characters and words the question uses."""
    cjk = len(_CJK.findall(text))
    latin_words = re.findall(r"[A-Za-z]{2,}", text)
    if cjk and len(latin_words) >= 3:
        return "mixed"
    if cjk:
        return "zh"
    return "en"


def _overlap(a, b) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def _same_mention(a, b) -> bool:
    """Whether two agency readings use the same words of the question."""
    if a.department_span and b.department_span:
        return _overlap([a.department_span], [b.department_span])
    if bool(a.department_span) != bool(b.department_span):
        return False
    return not a.spans or not b.spans or _overlap(a.spans, b.spans)


def _mask(text: str, spans) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(a, min(b, len(chars))):
            chars[i] = "|"
    return "".join(chars)


# "结转到下一年": where requests were carried, a metric of the report, not a year asked about
_CARRIED_TO_YEAR = re.compile(r"(?:结转|转入|转到|留到)(?:到|至|入)?\s*(?:19|20)\d\d\s*年度?")
_CARRIED_TO = re.compile(r"(?:结转|转入|转到|留到|carr\w*\s+(?:over|forward)\s*(?:to|into)?)\s*(?:到|至|入)?\s*$", re.I)
_MEASURE = re.compile(r"(?:多少|几)\s*(人次|批次|场次|期|篇|场|次|封|册|家|份|个|件|条|项)")


def _unit_of(text: str) -> Optional[str]:
    """The unit the question counts in: money, people, or the measure word after 多少/几 (期, 篇 …)."""
    if re.search(r"多少钱|多少元|万元|金额|how much money|yuan|rmb|how much (?:[a-z-]+ ){0,3}(?:fees?|charges?)\b",
                 text, re.I):
        return "元"
    if re.search(r"[收交缴付花](?:了|取)?多少[^，,？?。]{0,8}费|费用?(?:总额|收入)|费用?[是为有共计]{0,3}多少(?!个|项|件)",
                 text):  # "收了多少信息处理费": a fee, asked in money
        return "元"
    if re.search(r"几人|多少人(?!次)|几名|多少名|几位|多少位|how many (?:people|staff|persons)", text, re.I):
        return "人"
    m = _MEASURE.search(text)
    return m.group(1) if m else None


def _split_parts(rest: str, operation: str) -> tuple[tuple[Slot, ...], ...]:
    """The metric parts: numerator and denominator for a ratio (A占B), addends for a sum (A和B共),
    the two sides of a gap (A比B多多少)."""
    if operation == "ratio":
        m = re.search(r"(.+?)占(.+)", rest)
        if m:
            num, den = metric_slots(m.group(1)), metric_slots(m.group(2))
            addends = [metric_slots(p) for p in CONJUNCTIONS.split(m.group(1))]
            if len(addends) >= 2 and all(addends):  # "予以公开和部分公开合计占…": a summed numerator
                return (*addends, den) if den else tuple(addends)
            if num and den:
                return (num, den)
            whole, _, part = m.group(1).rpartition("中")  # "行政诉讼中直接起诉的占多少": part of the whole
            if whole and metric_slots(whole) and metric_slots(part):
                return (metric_slots(whole + " " + part), metric_slots(whole))
        m = re.search(r"(?:share|percentage|proportion|fraction|per ?cent) of (.+?) (?:that|which|were|was|did|got|"
                      r"are|is|ended|end|resulted|came|come|went|had|have) (.+)", rest, re.I)
        if m:
            den, num = metric_slots(m.group(1)), metric_slots(m.group(2))
            if num and den and set(num) != set(den):
                return (num, den)  # "the share of requests that were granted": granted of requests
    if operation == "gap":
        m = GAP_ZH.search(rest) or GAP_EN.search(rest)
        sides = [g for g in m.groups() if g is not None] if m else []
        first, second = (metric_slots(sides[0]), metric_slots(sides[1])) if len(sides) == 2 else ((), ())
        if first and second and m.re is GAP_ZH and m.group(3) is not None:
            # "规范性文件制发减去废止": the thing both sides count, said once before the first
            shared = tuple(s for s in first if s.weight >= 3.0 and not s.key and s not in second)
            second = second + shared
        if first and second:
            return (first, second)
    if operation in ("lookup", "sum") and (has_any(rest, SUM_ZH) or PLUS_ZH.search(rest)):
        # "A、B、C合计", "A和B加起来", "新收加上年结转": the addends (、 names several things only beside
        # a sum word); the sum words themselves name nothing
        bare = rest
        for w in sorted(SUM_ZH, key=len, reverse=True):
            bare = bare.replace(w, " ")
        aside = _summed_aside(bare)
        if aside:
            return aside
        bare = _EXAMPLES.sub(" ", bare)  # "（企业、律所等…）": examples of what is counted, not addends
        pieces = [p for p in re.split(CONJUNCTIONS.pattern + "|、", bare) if metric_slots(p)]
        if len(pieces) >= 2:
            return tuple(metric_slots(p) for p in pieces)
    slots = metric_slots(rest)
    return (slots,) if slots else ()


# "办理结果中除了予以公开和部分公开，其余结果共多少件": the whole less the things named
_EXCEPT = re.compile(r"除(?:了|去|开)?\s*(.+?)\s*(?:以外|之外|外)?\s*[,，]?\s*(?:其余|其他|剩下|剩余|余下)(?:的)?(.*)$")
_EXCEPT_EN = re.compile(r"(?:other than|apart from|except(?: for)?|besides|excluding)\s+(.+?)(?:,|\s+how|\s+what)(.*)$", re.I)


def _complement(rest: str) -> tuple[tuple[Slot, ...], ...]:
    """A whole less the things named ("除了予以公开和部分公开，其余结果共多少件": 办理结果总计 − 予以公开 −
    部分公开): the whole's slots first (the words around), then each thing taken out; () when none."""
    m = _EXCEPT.search(rest) or _EXCEPT_EN.search(rest)
    if not m:
        return ()
    taken = [metric_slots(p) for p in re.split(CONJUNCTIONS.pattern + r"|、|\band\b|\bor\b", m.group(1))]
    taken = [t for t in taken if t]
    whole = metric_slots(rest[:m.start()] + " " + m.group(2))
    if not taken or not whole or any(set(t) <= set(whole) for t in taken):
        return ()
    return (whole,) + tuple(taken)


# "（公开率=(予以公开+部分公开)/办结总计）": a share spelt out as a formula
_FORMULA = re.compile(r"[=＝]\s*[（(]?([^=＝/÷]+?)[）)]?\s*(?:/|÷|除以)\s*([^）)，,。？?]+)")


def _formula(rest: str) -> Optional[tuple[tuple[tuple[Slot, ...], ...], int]]:
    """A share the question spells out (``= (A + B) / C``): its addends, then its denominator."""
    m = _FORMULA.search(rest)
    if not m:
        return None
    addends = [metric_slots(p) for p in re.split(r"[+＋加]", m.group(1))]
    den = metric_slots(m.group(2))
    if not den or not all(addends):
        return None
    return (*addends, den), len(addends)


def _rate_parts(rest: str) -> Optional[tuple[tuple[tuple[Slot, ...], ...], int]]:
    """A rate the tables do not print (公开率 = (予以公开 + 部分公开) ÷ 办理结果总计) as ratio parts,
    the numerator's addends first; the question's other metric words go into every part."""
    found = find_rate(rest)
    if not found:
        return None
    rate, (a, b) = found
    own_words = [w for words in rate["numerator"] + [rate["denominator"]] for w in (words,)]
    outside = re.sub(r"[（(][^）)]*[）)]", lambda m: " " if any(w in m.group(0) for w in own_words) or "占" in m.group(0)
                     else m.group(0), rest[:a] + " " + rest[b:])  # "（予以公开+部分公开占办理总数）": the rate spelt out
    others = metric_slots(outside)
    # "公开率（予以公开+部分公开占办理总数）": the question spelling the rate out names its own parts,
    # not a qualifier of each
    own = {w for words in rate["numerator"] + [rate["denominator"]] for sl in metric_slots(words)
           for w in (sl.text, *sl.alternatives)}
    others = tuple(s for s in others if not own & {s.text, *s.alternatives}
                   and not any(s.text in w or w in s.text for w in own if len(w) >= 2)
                   and s.text not in ("办理总数", "总数"))
    if any(not s.from_glossary for s in others):
        return None  # "预决算公开率": a rate of something else, one the report prints in its prose
    numerator = [metric_slots(w) + others for w in rate["numerator"]]
    denominator = metric_slots(rate["denominator"]) + others
    if not denominator or not all(numerator):
        return None  # "纠错率" alone: of what, the question does not say
    return (*numerator, denominator), len(numerator)


_ASIDE = re.compile(r"[（(]([^（）()]*)[）)]")
_EXAMPLES = re.compile(r"[（(][^（）()]*等[^（）()]*[）)]")


def _without_misspelt_suffix(rest: str, agencies: list[str]) -> str:
    """The wording without what is left of an agency it named: its ending misspelt by one character
    ("绵阳市人民政俯": 人民政俯 names no metric), or the rest of its abbreviation ("西安高新区" for
    西安高新技术产业开发区: 高新区 is a part of the name, not a metric)."""
    for tail in {a[-4:] for a in agencies if len(a) >= 6 and _CJK.match(a[-4:])}:
        variants = "|".join(re.escape(tail[:i]) + r"[\u4e00-\u9fff]" + re.escape(tail[i + 1:]) for i in range(4))
        rest = re.sub(variants, " ", rest)
    for agency in agencies:
        for run in re.findall(r"[\u4e00-\u9fff]{2,}", rest):
            short = _BODY_SUFFIX.sub("", run) or run  # "高新区管委会": the abbreviation with its body's name
            if run not in agency and _abbreviates(short, agency) and not any(s.from_glossary for s in metric_slots(run)):
                rest = rest.replace(run, " ")
    return rest


_BODY_SUFFIX = re.compile(r"(?:管委会|管理委员会|人民政府|政府|委员会)$")


def _abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` keeps characters of ``name`` in order, ending with its last (高新区 of
    高新技术产业开发区)."""
    if short[-1] != name[-1]:
        return False
    at = 0
    for ch in short:
        at = name.find(ch, at) + 1
        if at == 0:
            return False
    return True


_THRESHOLD = re.compile(r"(?:有没有|是不是|是否|有无)?(?:超过|超出|多于|少于|不到|不足|达到|高于|低于|突破|过)了?\s*"
                        r"[\d,，.]+\s*(?:万|千|百)?[条件个次人名元篇期场项份家]?|(?:有没有|是不是|是否)")


_ADDEND_SPLIT = re.compile(CONJUNCTIONS.pattern + r"|、|[+＋]|\bplus\b|\band\b", re.I)


def _summed_aside(rest: str) -> tuple[tuple[Slot, ...], ...]:
    """Addends spelt out in brackets, the words outside said of each ("行政诉讼里结果被纠正的一共几件
    （直接起诉和复议后起诉加起来）": 直接起诉·结果纠正 + 复议后起诉·结果纠正); () when there are none."""
    for m in _ASIDE.finditer(rest):
        if "等" in m.group(1):
            continue  # "（企业、律所等加在一起）": examples of what the figure counts, not its addends
        addends = [metric_slots(p) for p in _ADDEND_SPLIT.split(m.group(1)) if metric_slots(p)]
        if len(addends) < 2:
            continue
        outside = metric_slots(rest[: m.start()] + " " + rest[m.end():])
        shared = tuple(s for s in outside if s.from_glossary)
        return tuple(a + tuple(s for s in shared if s not in a and not any(s.text in x.text for x in a))
                     for a in addends)
    return ()


def _without_asides(rest: str) -> str:
    """The wording without asides in brackets that name no metric ("（以负数表示变化）", "（语料里有的
    年份）") or only give examples ("（企业、律所等）"); an aside that names one ("（新收加上年结转）") stays."""
    return _ASIDE.sub(lambda m: m.group(0) if "等" not in m.group(1)
                      and any(s.from_glossary for s in metric_slots(m.group(1))) else " ", rest)


# Who asks and why ("作为律师想核实一下：", "我在写一篇关于执法信息公开的稿子，", "老师让我们查年报做课题："):
# a clause with such words that names no metric of its own is not part of what is asked.
_FRAMING = re.compile(r"我|咱们|律师|记者|老师|同学|课题|稿子|稿件|论文|作业|报道|文章|听说|据说|想知道|想了解|想问|核实|"
                      r"帮我|帮忙|麻烦|请你|for my|i am|i'm|we are|my (?:article|story|paper|thesis|client)", re.I)
_CLAUSE_END = re.compile(r"(?<=[，,：:；;。！!？?])")
_WHO_ASKS = re.compile(r"^\s*(?:我是|我们是|作为|身为|as an?\b)", re.I)  # "作为律师…": the asker, not 律师's requests


def _without_framing(rest: str) -> str:
    """The wording without clauses that only say who asks and why, when another clause names the
    metric ("作为律师想核实一下：…不予处理的有多少件？"). A clause that holds the only metric words stays."""
    clauses = _CLAUSE_END.split(rest)
    if len(clauses) < 2:
        return rest

    def names_metric(clause: str) -> bool:
        return any(s.from_glossary and s.weight >= 1.0 for s in metric_slots(clause))

    framing = [c for c in clauses if _WHO_ASKS.match(c) or (_FRAMING.search(c) and not names_metric(c))]
    kept = [c for c in clauses if c not in framing]
    return " ".join(kept) if framing and any(names_metric(c) for c in kept) else rest


_TOTAL_WORD = re.compile(r"(?:的)?(?:总计|合计|总数|总量|小计|total)(?:数)?", re.I)
_TOTAL_ITEM = (Slot("总计", ("总计", "合计"), 2.0),)
_ASKING = re.compile(r"(?:是|有|为)?(?:多少|几)[件个条]?|[？?。，,：:\s]")
_HOW_MANY = re.compile(r"几|多少|how many|how much", re.I)


def _list_head(rest: str) -> tuple[Slot, ...]:
    """The metric words of a list's heading: the side of a colon with no list separator in it, when the
    other side holds the list ("“其他处理”三个小项分别多少：逾期不补正、逾期不缴费、其他"), or a scope said
    first ("收到的申请里，予以公开和无法提供各几件"); () when none."""
    scope = re.match(r"^([^，,：:]*?)(?:里面|当中|之中|里|中)\s*[，,]", rest)
    if scope and metric_slots(scope.group(1)) and all(s.from_glossary for s in metric_slots(scope.group(1))):
        return metric_slots(scope.group(1))
    sides = re.split(r"[:：]", rest, maxsplit=1)
    if len(sides) != 2:
        return ()
    listed = [bool(LIST_SEPARATORS.search(side)) for side in sides]
    if listed.count(True) != 1:
        return ()
    return metric_slots(sides[listed.index(False)])


_ITEM_COUNT = re.compile(r"件数|个数|次数|数量|几件|多少件")
_ITEM_MONEY = re.compile(r"金额|多少钱|多少元|万元|费用")


def _item_unit(piece: str) -> Optional[str]:
    """The unit one item of a list is asked in: "通知收取件数" a count, "通知收取金额" money; else None."""
    return "元" if _ITEM_MONEY.search(piece) else "件" if _ITEM_COUNT.search(piece) else None


def _list_metrics(rest: str, text: str) -> tuple[tuple[tuple[Slot, ...], ...], tuple[Optional[str], ...]]:
    """Several metrics asked one by one ("行政许可、行政处罚、行政强制分别是多少", "申请数和办结数分别
    是多少", "how many requests and how many lawsuits"), with the unit each is asked in; ((), ())
    when the question asks for one."""
    asked_each = (list_words(text) or len(_HOW_MANY.findall(text)) >= 2  # "开了几场发布会、几场见面会"
                  # "行政规范性文件的制发、废止、现行有效件数": three things or more named in a row, no sum asked
                  or (rest.count("、") >= 2 and not has_any(text, SUM_ZH) and not PLUS_ZH.search(text)))
    if not asked_each:
        return (), ()
    # "…、尚未审结和总计分别是多少": the total beside the parts is an item too
    items = [(_TOTAL_ITEM if _TOTAL_WORD.fullmatch(_ASKING.sub("", p)) else metric_slots(p), _item_unit(p))
             for p in LIST_SEPARATORS.split(rest)]
    items = [(p, unit) for p, unit in items if p]
    pieces = [p for p, _ in items]
    if len(pieces) < 2 or len({p for p in pieces}) < 2:
        return (), ()
    head = _list_head(rest)
    if head:  # "复议后起诉的行政诉讼：维持、纠正、其他分别几件": the words before the colon, said of each
        kept = [(p, unit) for p, unit in items if not (set(p) <= set(head))]
        return (tuple(p + tuple(s for s in head if s not in p and p is not _TOTAL_ITEM) for p, _ in kept),
                tuple(unit for _, unit in kept))
    # "行政许可的上一年项目数量、本年增减和处理决定数量": what stands before 的 in the first item is said
    # of every item when no other item names a thing of its own (a weighty word: 法人 in "自然人的申请、
    # 法人的申请" is one)
    first = LIST_SEPARATORS.split(rest)[0]
    owner = metric_slots(first.rsplit("的", 1)[0]) if "的" in first else ()
    if owner and all(not any(s.weight >= 3.0 for s in p) for p in pieces[1:]):
        return (tuple(pieces[:1]) + tuple(p + tuple(s for s in owner if s not in p) for p in pieces[1:]),
                tuple(unit for _, unit in items))
    # Words that only qualify (处理决定, 申请; glossary weight < 1) said once at either end are said
    # of every metric: "行政许可、行政处罚、行政强制的处理决定数" — each a decisions count. An item that
    # says only such words is an item of its own ("…本年增减和处理决定数量").
    named = [p for p in pieces if p is not _TOTAL_ITEM]
    ends = [p for p in (named[0], named[-1]) if any(s.weight >= 3.0 or not s.from_glossary for s in p)]
    shared = tuple(s for p in ends for s in p if s.weight < 3.0 and s.from_glossary)
    pieces = [p + tuple(s for s in shared if s not in p) for p in pieces]
    # 、 alone does not ask for a list: "复议后起诉、结果维持" is one cell, "信函、传真" one row
    return tuple(pieces), tuple(unit for _, unit in items)


def _previous(context, language: Language) -> Optional["Question"]:
    """The question before, from a ``Question`` or a dict with ``agency``/``year``/``question``."""
    if context is None or isinstance(context, Question):
        return context
    prev_agency, prev_year = context.get("agency"), context.get("year")
    prev = Question(text="", language=language, years=(int(prev_year),) if prev_year else (),
                    agencies=((prev_agency,),) if prev_agency else ())
    if context.get("question"):
        prev_parts = metric_slots(normalise(str(context["question"])))
        prev = replace(prev, parts=(prev_parts,) if prev_parts else ())
    return prev


def understand(question: str, agencies: Sequence[str], *, context: Union["Question", dict, None] = None,
               agency_years: Optional[Mapping[str, Sequence[int]]] = None) -> Question:
    """Read a question against the collection's agencies.

    ``context`` is the question before (a ``Question`` or a dict with ``agency``/``year``/``question``)
    for follow-ups such as "那2023年呢？"; it is used only when the question is shaped like one.
    ``agency_years`` (agency -> years held) lets relative years (今年, 去年, 近三年) be resolved
    against the latest year held for the agency asked about; without it they stay unresolved in
    ``relative_offset``. Never raises for a question it cannot read: ``not_understood`` says so.
    """
    text = normalise(question.strip())
    text = re.sub(r"(?<=[A-Za-z])['’]s\b", "", text)  # Pingtan's -> Pingtan
    text = _place_first(text, agencies)
    # "结转到2026年": where requests were carried (the next year), not a year asked about
    text = _CARRIED_TO_YEAR.sub("结转到下一年", text)
    # "carried over into 2019 from the previous year": the 2019 report's 上年结转, not its 结转下年度
    text = re.sub(r"(?i)(carr\w*\s+(?:over|forward))\s+(?:in)?to\s+((?:19|20)\d\d)\s+(from\s+(?:the\s+)?(?:previous|prior|"
                  r"preceding|last)\s+year)", r"\1 \3 in \2", text)
    text = anchored_years(text)  # "2024年的上一年": 2023
    years, year_spans, ranged = find_years(text)
    years = report_years(text, years)
    relatives = find_relative_years(_mask(text, year_spans))
    # "比去年多了多少": the year a change is measured from. "carried over from the previous year",
    # "结转到下一年": where requests were carried (a metric of the report), not a year at all.
    changing = asks_change(text)
    relatives = [r for r in relatives if not _CARRIED_TO.search(text[:r.span[0]]) and not (
        COMPARED_WITH.search(text[:r.span[0]]) and not changing
        and not re.search(r"多|少|more|fewer|less", text[r.span[1]:]))]
    said = list(relatives)  # masked out of the metric wording even when not used
    compared = [r for r in relatives if COMPARED_WITH.search(text[:r.span[0]])]
    relatives = [r for r in relatives if r not in compared]
    if years:  # "2024年（今年）": the year named wins over one counted from the latest held
        relatives = [r for r in relatives if r.base == "context"]
    recent_n, recent_span = recent_years(text)
    word_spans = [r.span for r in said] + ([recent_span] if recent_span else [])

    text, dept_fixes = department_homophones(text, agencies)  # "上海办工厅": 办公厅, said with the answer
    groups, positions, spans = _agency_groups(_mask(text, word_spans), agencies)
    every_agency = [m.span() for m in ALL_AGENCIES_ZH_RE.finditer(text)]  # "下属各局" names no agency
    unknown = unknown_agency(_mask(text, year_spans + word_spans + every_agency), tuple(spans))
    if unknown is None and not groups and not _CJK.search(text):
        unknown = unknown_english_name(text)
    if unknown is None and groups and not any(_CJK.search(text[a:b]) for a, b in spans):
        # an English department name beside the Chinese name that was found names that agency
        unknown = unknown_english_department(_mask(text, spans), agencies)
    if unknown is None and not _CJK.search(text):
        unknown = unknown_pinyin_department(_mask(text, spans))
    cross = _place_of_one_department_of_another(text, groups)
    if cross:  # "唐山市市场监督管理局": 唐山市's bureau the collection does not hold, not 贵州省's nor 唐山's other one
        groups, positions, spans, unknown = [], [], [], cross
    named_as: tuple[tuple[str, str], ...] = ()
    if not groups and not _CJK.search(text):  # "the Donghu high-tech zone"
        latin = zone_named_latin(text, agencies)
        if latin is not None:
            at = text.find(latin[0])
            groups, positions, spans = [(latin[1],)], [at], [(at, at + len(latin[0]))]
            named_as, unknown = ((latin[0], latin[1]),), None
    if not groups:  # "东湖高新区", "光谷（东湖高新区）": a zone said with the short word of its kind
        for said in ([unknown] if unknown else []) + re.findall(r"[（(]([\u4e00-\u9fff]{3,20})[）)]", text):
            zone = zone_named(said, agencies)
            if zone is not None:
                at = text.find(said)
                end = at + len(said) + len(_BODY_WORD_AFTER.match(text, at + len(said)).group(0))
                groups, positions, spans = [(zone,)], [at], [(at, end)]
                named_as, unknown = ((said, zone),), None
                break

    all_agencies = (has_any(text, ALL_AGENCIES_ZH) or has_any(text, ALL_AGENCIES_EN, english=True)
                    or bool(ALL_AGENCIES_EN_RE.search(text)) or bool(ALL_AGENCIES_ZH_RE.search(text)))
    rest = _mask(text, spans + year_spans + word_spans).replace("|", " ")
    rest = ALL_AGENCIES_ZH_RE.sub(" ", rest)
    for phrase in ALL_AGENCIES_ZH + ("哪个", "哪家", "哪一个"):
        rest = rest.replace(phrase, " ")
    for phrase in ALL_AGENCIES_EN:
        rest = re.sub(r"(?i)\b" + re.escape(phrase) + r"\b", " ", rest)
    rest = _without_framing(_without_asides(SWITCH_WORDS.sub(" ", ALL_AGENCIES_EN_RE.sub(" ", rest))))
    rest = _without_misspelt_suffix(rest, [a for g in groups for a in g])
    rest = _THRESHOLD.sub(" ", rest)  # "有没有超过2000件": the figure is asked; the threshold names nothing
    rest, misspelt = homophone_fixes(rest)
    explicit_yoy = year_on_year(text) or bool(compared)
    rest = _PROSE_ASKED.sub(" ", without_shape_words(without_year_on_year(rest)))  # "正文说": where, not what
    rate = _formula(rest) or _rate_parts(rest)
    has_metric = bool(rate) or bool(metric_slots(rest))

    prev = _previous(context, language_of(text))
    if prev is not None and not is_follow_up(text, metric=has_metric, agency=bool(groups) or all_agencies,
                                              years=bool(years), relative=bool(relatives or compared)):
        prev = None

    # Relative years: against the question before (上一年) or the latest year held for the agency.
    asked = groups[0] if groups else (prev.agencies[0] if prev and prev.agencies and not all_agencies else ())
    latest = latest_year(agency_years, asked)
    notes, offset, base_kind = [], None, None
    placed = list(zip(year_spans, years)) if len(year_spans) == len(years) else [((0, 0), y) for y in years]
    # "前年呢" right after a question about 2024: two years before that one, as 上一年 would be one
    said_after = prev is not None and bool(prev.years) and len(_CJK.findall(text)) <= 6 and not groups
    for r in relatives:
        from_context = (r.base == "context" or said_after) and prev and prev.years
        base = prev.years[-1] if from_context else latest
        how = "context" if from_context else "latest"
        offset, base_kind = r.offset, how
        if base is not None:
            placed.append((r.span, base + r.offset))
            notes.append(relative_note(r, base + r.offset, base, how, language_of(text)))
    years = list(dict.fromkeys(y for _, y in sorted(placed, key=lambda p: p[0])))
    if recent_n and not years and latest is not None:
        years = list(range(latest - recent_n + 1, latest + 1))
    since = since_year(text)
    if since and years == [since] and latest is not None and latest > since:
        years, ranged = list(range(since, latest + 1)), True
    elif since and len(years) == 2 and years[0] == since and years[1] > since:
        years, ranged = list(range(since, years[1] + 1)), True  # "2019年以来…（到2025年）"
    yoy = explicit_yoy or (implicit_year_on_year(text) and not all_agencies)
    if yoy and not years and prev and prev.years and not relatives:
        years = [prev.years[-1]]  # "比去年多了多少" in a conversation: from the year in context
    if yoy and len(years) == 1:  # "2025年新收申请同比下降了多少": 2024 -> 2025
        years = [years[0] - 1, years[0]]
    yoy = yoy and len(years) == 2

    operation = operation_of(text, years, ranged, len(groups), all_agencies)
    if yoy and operation not in ("difference", "percent_change"):
        operation = "percent_change" if rate is None and re.search(r"率|百分|percent|rate", text, re.I) else "difference"
    numerators = 1
    if rate and operation in ("lookup", "ratio"):
        parts, numerators = rate
        operation = "ratio"
    else:
        parts = _split_parts(rest, operation)
    complement = _complement(rest) if operation in ("lookup", "sum") else ()
    if complement:
        parts, operation = complement, "gap"
    if len(parts) >= 2 and operation == "lookup":
        operation = "sum"
    elif len(parts) < 2 and operation == "gap":
        operation = "lookup"
    if operation == "ratio" and "占" in rest and not rate:
        head = rest.split("占", 1)[0]
        addends = [p for p in CONJUNCTIONS.split(head) if metric_slots(p)]
        if len(addends) >= 2 and len(parts) >= len(addends):
            numerators = len(addends)

    shape, metrics, units, extreme, all_years = "single", (), (), year_extreme(text), False
    if operation == "rank" or (all_agencies and (top_n(text) or rank_words(text)) and len(groups) <= 1):
        shape = "ranking"
        operation = "rank" if operation == "lookup" else operation
    if shape == "single" and len(groups) <= 1 and not all_agencies and (
            series_words(text) or extreme or recent_n or since
            or (len(years) >= 2 and (operation == "lookup" or (operation == "ratio" and rate))
                and not has_any(text, SUM_ZH))):
        shape, all_years = "series", not years
        if operation == "rank":
            operation = "lookup"
    if shape == "single" and operation in ("lookup", "sum"):
        metrics, units = _list_metrics(rest, text)
        if not metrics and len(parts) == 1 and breakdown_words(text):
            metrics = (parts[0],)  # "不予公开的各项原因分别有多少": the parts of one figure
        if metrics:
            shape = "list"
            parts = (tuple(dict.fromkeys(s for m in metrics for s in m)),)  # no "数和" of "申请数和办结数"
            if not has_any(text, SUM_ZH):
                operation = "lookup"

    q = Question(
        text=text, language=language_of(text), years=tuple(years), agencies=tuple(groups),
        positions=tuple(positions),
        unknown_agency=unknown, parts=parts, operation=operation,
        explicit_parts=len(parts) >= 2, all_agencies=all_agencies, year_range=ranged,
        low=has_any(text, LOW_ZH) or has_any(text, LOW_EN, english=True),
        unit="%" if operation in ("ratio", "percent_change") else _unit_of(text), numerators=numerators,
        prose_asked=bool(_PROSE_ASKED.search(text)),
        shape=shape, metrics=metrics, metric_units=units if shape == "list" and len(units) == len(metrics) else (),
        top_n=top_n(text) if shape == "ranking" else None,
        argmax=shape == "series" and extreme == "max", argmin=shape == "series" and extreme == "min",
        all_years=all_years, relative_year="；".join(notes) or None,
        relative_offset=offset, relative_base=base_kind,
        keys=tuple(dict.fromkeys(s.key for part in parts for s in part if s.key)),
        metric_by="words" if parts else None,
        agency_corrections=agency_corrections(text, agencies, (a for g in groups for a in g)) + named_as + dept_fixes + misspelt)
    if prev is not None:
        q = with_context(q, prev)
    return _with_recognised(q)


def _place_of_one_department_of_another(text: str, groups: list) -> Optional[str]:
    """The name a question gives when it puts the department of one agency right after the place of
    another ("唐山市" of 唐山市行政审批局 + "市场监督管理局" of 贵州省市场监督管理局): an agency the collection
    does not hold; None otherwise."""
    if len(groups) != 2:
        return None
    for first, second in (groups, groups[::-1]):
        a, b = read_name(first[0]), read_name(second[0])
        if not a.places or not b.department or b.government or (a.department and a.department in text):
            continue
        if any(p in text or (len(st) >= 2 and st in text) for p, st in zip(b.places, b.stems)):
            continue
        place, dept = a.places[-1], b.department
        at = text.find(place)
        if at >= 0 and text.startswith(dept, at + len(place)):
            return text[text.find(a.places[0]) if a.places[0] in text else at:at + len(place) + len(dept)]
    return None


_PROSE_ASKED = re.compile(r"正文|文字部分|文中|报告里(?:写|说)|报告(?:上|中)?(?:写|说)|(?:according to|in) the (?:report'?s? )?"
                          r"(?:text|prose|narrative)|the text (?:says|states|of the report)", re.I)
_BODY_WORD_AFTER = re.compile(r"(?:党工委)?(?:管委会|管理委员会|人民政府|政府)?")
_PLACE_AFTER = re.compile(r"([\u4e00-\u9fff]{2,12}?(?:局|委员会|委|办公室|办|厅|中心|院|队|所|站))\s*[（(]([\u4e00-\u9fff]{2,12})[）)]")


def _place_first(text: str, agencies: Sequence[str]) -> str:
    """"农业农村局（平潭综合实验区）" as "平潭综合实验区农业农村局": a department with its place in brackets
    after it, when the collection holds an agency of that place."""
    def swap(m: re.Match) -> str:
        dept, place = m.group(1), m.group(2)
        return place + dept if any(a.startswith(place) for a in agencies) else m.group(0)

    return _PLACE_AFTER.sub(swap, text)


def _agency_groups(text: str, agencies: Sequence[str]) -> tuple[list, list, list]:
    """The agencies a question names: one group of equally fitting readings per mention, where each
    is named, and the spans of the words they took."""
    groups: list[tuple[str, ...]] = []
    positions: list[int] = []  # where each agency is named in the question
    spans: list[tuple[int, int]] = []
    masked = text
    for _ in range(5):
        matches = match_agencies(masked, list(agencies))
        if not matches or (groups and matches[0].score < 1.5):
            break
        top = matches[0]
        # Readings that fit as well and use the same words of the question are one mention; two
        # departments named apart ("平潭交通与建设局和行政审批局") are two, even under one place.
        same = [m for m in matches if m.score >= top.score - 1e-6 and _same_mention(m, top)]
        group = tuple(m.agency for m in same)
        # the same body under another name of the collection (翠屏区人民政府 beside 宜宾市翠屏区人民政府)
        group += tuple(a for a in agencies if a not in group and any(same_body(a, g) for g in group))
        if any(a in g for g in groups for a in group):
            break
        groups.append(group)
        positions.append(top.department_span[0] if top.department_span
                         else min((a for a, _ in top.spans), default=len(text)))
        new = [s for m in same for s in m.spans]
        spans += new
        if not new:
            break
        masked = _mask(masked, new)
    return groups, positions, spans


def _with_recognised(q: Question) -> Question:
    """``recognised`` and ``not_understood``: what the question was understood to say, and whether
    it named no metric the product knows."""
    seen: list[tuple[str, str]] = [("agency", g[0]) for g in q.agencies if g]
    if q.unknown_agency:
        seen.append(("agency", q.unknown_agency))
    if q.all_agencies:
        seen.append(("agency", "*"))
    seen += [("year", str(y)) for y in q.years]
    if q.relative_year:
        seen.append(("year", q.relative_year))
    seen += [("metric", s.text) for s in q.slots]
    if q.operation != "lookup":
        seen.append(("operation", q.operation))
    if q.shape != "single":
        seen.append(("shape", q.shape))
    return replace(q, recognised=tuple(dict.fromkeys(seen)), not_understood=not q.parts or not _names_a_metric(q))


# "好不好", "做得咋样", "评价一下": an opinion asked for; "帮我写一段…感想": a text to write. No figure answers either.
_OPINION = re.compile(r"好不好|好坏|怎么样|咋样|做得|如何评价|怎么评价|评价一下|评价如何|打分|满意吗|靠谱|行不行|优秀|差劲|"
                      r"写一段|写一篇|写篇|写个|起草|撰写|润色|感想|心得|作文|演讲稿|"
                      r"how good|how well|opinion|write (?:me )?an? |essay", re.I)


def _names_a_metric(q: Question) -> bool:
    """Whether any metric word could name a figure: a glossary word that says more than "信息公开",
    or a word of the question's own that is neither a bare number ("123") nor an opinion asked for."""
    slots = [s for part in q.parts for s in part]
    opinion = bool(_OPINION.search(q.text))  # "…工作做得怎么样": its other free words name nothing either
    return any(s.weight >= 1.0 if s.from_glossary else not (s.text.strip().isdigit() or opinion)
               for s in slots)
