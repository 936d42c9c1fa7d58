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

from qa.agencies import (BODY_WORD_AFTER, agency_corrections, department_homophones, read_name, unknown_agency,
                         unknown_english_department, unknown_english_name, unknown_english_place,
                         unknown_pinyin_department)
from qa.agency_mentions import (agency_groups, mask, more_of_the_name, place_first, place_of_one_department_of_another,
                                without_misspelt_suffix)
from qa.follow_up import SWITCH_WORDS, is_follow_up, those_named, with_context, without_those
from qa.asides import (BY_WHOM, REFERS_BACK, asking_sentence, framing_sentences, the_blank_clause, told_after,
                       without_asides, without_claims, without_framing, without_reviewed_act, without_side_clauses)
from qa.metric_parts import (columns_with_their_rows, complement, count_and_share, formula, list_metrics, rate_parts,
                             part_within_scope, scope_of_share, signed_terms, split_parts, whole_stated_before,
                             with_carried_over, without_other_tables_columns, without_restated_parts)
from qa.metric_words import CJK as _CJK
from qa.metric_words import Slot, find_rate, glossary, homophone_fixes, metric_slots, stem_words  # noqa: F401 (re-exported)
from qa.operation_words import (ALL_AGENCIES_EN, ALL_AGENCIES_EN_RE, ALL_AGENCIES_ZH, ALL_AGENCIES_ZH_RE,
                                COMPARED_WITH, CONJUNCTIONS, DEPARTMENT_WORDS, EACH, LEAD, LEAVE_OUT_ZH_RE, LOW_EN, LOW_ZH,
                                NONZERO, PER_AGENCY, PER_EACH, RELATIVE_TO, SUM_ZH, WITH_REQUESTS, asks_change,
                                breakdown_words, count_word, has_any,
                                implicit_year_on_year, operation_of, place_asked, rank_words, series_words, top_n,
                                without_shape_words, without_top_n, without_year_on_year, year_extreme, year_on_year)
from qa.place_kinds import government_of, level_government, place_by_kind, zone_named, zone_named_latin
from qa.script import normalise
from qa.years import (DATE, RelativeYear, only_dated, anchored_years, find_relative_years, find_years, latest_year, recent_years,  # noqa: F401
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
    - ``lead``: the parts of a figure ranked, and asked how far the first is ahead of the second
      (哪类最多？比第二名多多少; 最少的比倒数第二少几件): their gap, computed.
    - ``nonzero``: ranked parts leave out those at nought (不算0件的，哪一类最少; excluding zeros).
    - ``departments``: the question speaks of departments (部门, 局, bureaus): a ranking over a place
      leaves the place's own government out when it has two departments or more.
    - ``place``: a ranking asks for the one at that place (第二名多少件 2, the second-highest 2); None
      for the first.
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
    - ``aggregate``: a series asked as one figure of its years: "mean" (平均每年, average) or
      "median" (中位数); None otherwise.
    - ``ranked``: a series to be listed from its highest year down (from the lowest with ``low``):
      "按年份排名", "哪年最多，从多到少排一下".
    - ``earlier_years`` / ``earlier_agencies``: the years and agencies the questions before it in
      a conversation named, oldest first: "两年加起来呢" after questions about 2023 and 2024 adds
      those two years (``qa.follow_up``).
    """

    text: str
    language: Language
    years: tuple[int, ...] = ()
    agencies: tuple[tuple[str, ...], ...] = ()  # one group per agency named; a group lists readings that fit equally
    positions: tuple[int, ...] = ()  # where each group is named in the question ("A比B多多少": A first)
    # each group's own year, when the question gives each agency its year ("淮安市2024年和平潭2025年…",
    # "Huai'an's 2024 report and Pingtan's 2025 report"); ``years`` is then empty
    paired_years: tuple[int, ...] = ()
    unknown_agency: Optional[str] = None  # a name that looks like an agency but is not in the collection
    parts: tuple[tuple[Slot, ...], ...] = ()  # the metric(s): one part, two for a ratio, several for a sum
    operation: Operation = "lookup"
    explicit_parts: bool = False  # the question itself split the metric (A占B, A和B共)
    all_agencies: bool = False  # "各部门", "which department": every agency (of the place named)
    year_range: bool = False
    low: bool = False  # ranking/comparison asks for the smallest
    none_asked: bool = False  # a ranking asks which agencies have none (一件都没收到): those at 0
    unit: Optional[str] = None  # unit the question asks in (件, 人, 元, %)
    carried: tuple[str, ...] = field(default=())  # fields taken from the conversation before
    numerators: int = 1  # a ratio's leading parts added up as its numerator ("A和B合计占比")
    shape: Shape = "single"
    metrics: tuple[tuple[Slot, ...], ...] = ()
    metric_units: tuple[Optional[str], ...] = ()  # for a list: the unit each metric is asked in (件数 件, 金额 元)
    prose_asked: bool = False  # "报告正文说…", "according to the text": the figure the prose states
    table_asked: bool = False  # "表里维持的到底几件": the figure the table prints, where the question asks
    # "报告里有没有提到1136这个数，在哪", "769是哪一行的": a figure the question gives, asked where it stands
    # (the number as typed); the answer is the cells and sentences that print it
    located: Optional[str] = None
    per: Optional[int] = None  # "按12个月平均，每月多少件": the year's figure over 12 months (4 quarters, 52 weeks, N days)
    per_word: Optional[str] = None  # the period: 月, 季度, 周, 天 or 工作日 (a day with no count: the year's days)
    top_n: Optional[int] = None
    share: bool = False  # one agency's figure asked as a share of another's (set when the plan is made)
    points: bool = False  # a share's change between two years in percentage points (变化了几个百分点)
    argmax: bool = False
    argmin: bool = False
    lead: bool = False  # ranked parts: how far the first is ahead of the second (比第二名多多少)
    nonzero: bool = False  # ranked parts: those at nought left out (不算0件的，哪一类最少)
    with_requests: bool = False  # agencies compared: only those that received requests (收到过申请的那些部门里)
    per_agency: bool = False  # agencies compared: their mean asked (平均每家, 按部门平均)
    place: Optional[int] = None  # a ranking's place asked (第二名多少件: 2)
    departments: bool = False  # 部门, 局, bureaus said: a ranking of a place's departments
    all_years: bool = False
    relative_year: Optional[str] = None
    dated: bool = False  # the one year named only in a full date (截至2023年1月18日): qa.plan reads it
    relative_offset: Optional[int] = None
    relative_base: Optional[Literal["latest", "context"]] = None
    excluded_agencies: tuple[str, ...] = ()  # agencies the question leaves out of a place's ("不算管委会办公室")
    signs: tuple[int, ...] = ()  # a sum's terms: 1 added, -1 taken away ("本年新收＋上年结转−办理结果总计"); () all added
    whole_less: bool = False  # the first part a whole, the others taken out of it (除了…其余, 不算…的)
    today: Optional[int] = None  # the year the asker says it is ("今天是2026年3月"), kept through a conversation
    keys: tuple[str, ...] = ()
    metric_by: Optional[Literal["words", "meaning", "context"]] = None
    not_understood: bool = False
    den_signs: tuple[int, ...] = ()  # a ratio's denominator terms: 1 added, -1 taken away ("÷（总计−尚未审结）"); () all added
    recognised: tuple[tuple[str, str], ...] = ()
    agency_corrections: tuple[tuple[str, str], ...] = ()  # (written, read): 平谭 read as 平潭 (qa.agencies)
    ranked: bool = False  # a series asked in order of its values ("按年份排名", "从多到少排一下")
    aggregate: Optional[Literal["mean", "median"]] = None  # a series asked as one figure: 平均 / 中位数
    earlier_years: tuple[int, ...] = ()  # years the conversation named before, oldest first ("两年加起来呢")
    earlier_agencies: tuple[tuple[str, ...], ...] = ()  # agencies it named before ("两家合计呢")
    earlier_parts: tuple[tuple[Slot, ...], ...] = ()  # metrics it asked for before, one a question ("两个加起来")

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


# "结转到下一年": where requests were carried, a metric of the report, not a year asked about
_CARRIED_TO_YEAR = re.compile(r"(?:结转|转入|转到|留到)(?:到|至|入)?\s*(?:19|20)\d\d\s*年度?")
_CARRIED_TO = re.compile(r"(?:结转|转入|转到|留到|拖到|(?:carr|roll|push|mov|transferr?|br[io]ng|brought)\w*[\s-]+(?:over|forward|on|in|across)\s*(?:(?:to|into|from)(?:\s+the)?)?)"
                         r"\s*(?:到|至|入|落)?\s*$", re.I)  # 结转落下一年度: Cantonese 落 for 到
_MOVED = re.compile(r"(?:提高|提升|上升|增加|增长|下降|降低|减少|回落|回升|变化|变动|升|降|涨|跌|变)了?|"
                    r"\b(?:rose|fell|risen|fallen|changed?|increased?|decreased?|by)\b", re.I)
_CONTRASTED = re.compile(r",?\s*\b(?:as opposed to|rather than|instead of|in contrast to|as against)\b[^,?.;]*(?:,(?=\s*[a-z]))?|"
                         r",\s*(?:and\s+|but\s+)?not\s+(?!yet\b|only\b|just\b|counting\b|including\b)[^,?.;]*", re.I)  # ", not directly?"


def _is_place(name: str) -> bool:
    from corpus.places import gazetteer

    return gazetteer().is_division(name)


# a place read into Chinese from its English name, before an English division word ("the 拉萨 Municipal …")
_EXONYM_PLACE = re.compile(r"([\u4e00-\u9fff]{2,})\s+(?i:municipal|city|county|district|prefecture|league|banner|"
                           r"provincial|province|autonomous|new area|development zone)\b")
_GIVEN_TO = re.compile(r"\b(?:grant(?:ed|s)?|give|gave|given|gives)\b(?=(?:\s+[a-z'-]+){0,5}\s+to\b)", re.I)
# "洪泽区两年的行政处罚", "三份年报里": as many years as the agency's reports, each of them
_ALL_ITS_YEARS = re.compile(r"(?<![近最过去前后这那哪几每\d])([两二三四五六七八九十])\s*(?:个)?(?:年|年度|份年报|份报告|份年度报告)"
                            r"(?![前后来内以间度报])")
# "（“不予公开”8个小项合计 ÷ 办结总数）": a rate's formula in brackets; its 合计 adds no years up
_FORMULA_BRACKET = re.compile(r"[（(][^（）()]*(?:÷|/|／|除以)[^（）()]*[）)]")
_NOW_SAID = re.compile(r"(?:现在|今年|目前|当前|如今|今天|今日)(?:已经|都)?(?:是|已是|到了)?\s*((?:19|20)\d{2}|\d{2}(?=\s*年))\s*年?"
                       r"(?:\d{1,2}\s*月(?:\d{1,2}\s*[日号])?)?了?|"
                       r"\b(?:it is|it's|this year is)\s+((?:19|20)\d{2})\b", re.I)
_DENOMINATOR_SAID = re.compile(r"分母(?:用|是|为|按|取|就用)([^，,。？?；;]+?)(?:来?算|计算)?(?=[，,。？?；;]|$)|"
                               r"以([^，,。？?；;以]+?)(?:作为|为|作)分母")
_A_SHARE = re.compile(r"率|比例|比重|占比|占|\b(?:rate|share|proportion|ratio)\b", re.I)
_POINTS = re.compile(r"百分点|percentage[ -]points?|\bpp\b|\bppts?\b", re.I)
_MEASURE = re.compile(r"(?:多少|几)\s*(人次|批次|场次|期|篇|场|次|封|册|家|份|个|件|条|项)")


# "不予公开（合计）": the item's own total, what the item names anyway (not a sum asked of the items)
_ITS_TOTAL = re.compile(r"(?<=[\u4e00-\u9fff])\s*[（(]\s*(?:合计|小计|总计|合计数)\s*[）)]")
_NOT_CUMULATIVE = re.compile(r"(?:不要|不是|不含|不算|不用|别|非)(?:算|要|看|用)?(?:历年)?累计(?:数字|数据|数|的|值)?|"
                             r"\bnot\s+(?:the\s+)?cumulative\b|\bnon-?cumulative\b", re.I)


# "那个局", "某个委": a department said without its name
_SOME_DEPARTMENT = re.compile(r"(?:那个|这个|某个|某一个|某|一个|哪个)(?:局|委员会|委|办公室|中心)(?![\u4e00-\u9fff]{0,2}(?:长|员))")
_OWN_LEVEL = re.compile(r"(?<=[省市县区州旗盟])(?:本级|本身|自己)(?=政府|人民政府|$|[呢的和与及、，,？?在])")


# "哪一年多？多了多少？": how far apart the two years are, not only which is larger
_BY_HOW_MUCH = re.compile(r"(?:多|少|高|低|差)了?(?:多少|几)|相差|差距|差额|差值|\bby how much\b|\bhow (?:many|much) more\b",
                          re.I)
# an exercise's wording: the report it cites ("请根据《…年度报告》，"), what to do ("计算", "说明", "指出"),
# and the body it points back at ("该局", "该区"); the agency and year it names are read before
_ASSIGNMENT = re.compile(r"(?:请|试)?(?:根据|依据|按照|基于|参照|阅读)(?:\s*《?[^，,。？?]{0,60}?(?:年度?报告|年报)》?(?:的?(?:内容|数据))?)?"
                         r"[\s《》]*[，,：:]|"
                         r"(?<=[，,：:。])\s*(?:请)?(?:计算|说明|指出|列出|回答|统计|求出?|算出|写出|给出|查找|找出)(?:一下)?(?:出)?|"
                         r"该(?:局|区|县|市|单位|机关|部门|委|办|镇|街道|乡)(?:当年|本年度?|全年)?")
_TIME_AGO = re.compile(r"(?:前|这|那|过|头)几(?:天|日|周|个月|年)|几(?:天|日|周|个月|年)(?:前|后|以前|之前|以来)")


# a row of table 三 by its place: "（三）第8小项", "第（三）项第5小项", "（六）其他处理 第2小项那一行"
_SUB_ITEM = re.compile(r"第?[（(]([三四五六])[）)]项?(?:[\u4e00-\u9fff]{0,6}?)?\s*第\s*([1-8一二三四五六七八])\s*(?:小项|子项|小类|项)")
_GROUPS = {"三": "withheld", "四": "unavailable", "五": "not_processed", "六": "other_handling"}
_SMALL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}


def sub_item_named(text: str) -> str:
    """The text with a row of the requests table named by its group and number ("（三）第8小项")
    written as the row's words (（三）不予公开 8.属于行政查询事项), in the template's order of that group's rows."""
    def words(m: re.Match) -> str:
        group = "requests.result." + _GROUPS[m.group(1)]
        n = _SMALL.get(m.group(2)) or int(m.group(2))
        keys = glossary()["keys"]
        children = [k for k in keys if k.startswith(group + ".") and "." not in k[len(group) + 1:]]
        if not 1 <= n <= len(children):
            return m.group(0)
        if re.match(r"\s*[“\"「]", m.string[m.end():]):  # "第2小项“重复申请”": the row's words said already
            return f"（{m.group(1)}）{keys[group]['zh'][0]} "
        return f"（{m.group(1)}）{keys[group]['zh'][0]} “{n}.{keys[children[n - 1]]['zh'][0]}”"
    return _SUB_ITEM.sub(words, text)


def unit_asked(text: str) -> Optional[str]:
    """The unit the question counts in: money, people, or the measure word after 多少/几 (期, 篇 …)."""
    text = _TIME_AGO.sub(" ", text)  # "前几天社区的小王教我…": when, not a count of days asked
    text = re.sub(r"(?:几|多少)(?:个(?:部门|单位|机关|局)|家)", " ", text)  # "有几个部门…": agencies counted, not the unit
    if re.search(r"多少钱|好多钱|几多钱|多少元|万元|金额|税款|钱款|款项|资金多少|要(?:以)?元|以元为单位|(?:几|多少)块钱?|"
                 r"how much money|\byuan\b|\brmb\b|"
                 r"how much (?:[a-z-]+ ){0,3}(?:fees?|charges?|tax)\b|"
                 r"how much\b[^?.。？]{0,80}\b(?:collect(?:ed)?|charged?|levied|levy|raised?|took|take|earned?)\b"
                 r"[^?.。？]{0,60}\b(?:fees?|charges?|tax(?:es)?)\b",
                 text, re.I):
        return "元"
    if re.search(r"[收交缴付花](?:取了|了|取)?多少(?![件个项条次人份])[^，,？?。多少]{0,16}费(?!通知)|费用?(?:总额|收入)|费用?[是为有共计]{0,3}多少(?!个|项|件)|"
                 r"费[^，,？?。\s]{0,6}?[收交缴付](?:取了|了|取)?多少(?![件个项条次人份])",
                 text):  # "收了多少信息处理费", "处理费通知收多少": a fee, asked in money
        return "元"
    if re.search(r"几人|多少人(?!次)|几名|多少名|几位|多少位|how many (?:people|staff|persons)", text, re.I):
        return "人"
    if re.search(r"(?:几|多少)个?(?:工作日|自然日|天)|多长时间|多久|how (?:many (?:working |calendar )?days|long)\b|"
                 r"天数|工作日数|(?:答复|办理|办结|回复)的?(?:平均)?(?:用时|时长|时间|周期)|"  # "平均答复天数是多少"
                 r"\b(?:average|mean) (?:number of )?days\b", text, re.I):
        return "日"  # "平均用了几个工作日": a time, never a count of requests
    m = _MEASURE.search(text) or _CLAIMED_IN.search(text)
    return m.group(1) if m else None


# "依申请公开信息是177条吗": the unit of a figure the question asks to check
_CLAIMED_IN = re.compile(r"(?:是|有|为|达|共)\s*\d[\d,，.]*\s*(?:万|亿)?\s*(人次|[条件个项次人篇期场份家起批])\s*"
                         r"(?:吗|么|嘛|对吗|对不对|是真的|属实|没错)")


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
    # "通知收多少 实际收了多少": two questions typed apart by a space, two clauses (normalising drops the space)
    text = normalise(re.sub(r"(多少|几[件个条项次人]?)\s+(?=[^\s，,。？?；;]*?(?:多少|几[件个条项次人]))", r"\1，",
                            question.strip()))
    text = _ITS_TOTAL.sub("", _NOT_CUMULATIVE.sub(" ", text))  # "（当年的，不要累计）": the year's own figure, the default
    text = _OWN_LEVEL.sub("", text)  # "淮安市本级": the city's government itself, not its districts
    nonzero = bool(NONZERO.search(text))  # "不算0件的，哪一类最少": no figure given, the noughts left out
    text = _NOT_THESE.sub(lambda m: " " * len(m.group(0)), text)  # "（不是哪个局的）": no agency asked about
    with_requests = bool(WITH_REQUESTS.search(text))  # "收到过申请的那些部门里": the others left out
    text = WITH_REQUESTS.sub(lambda m: " " * (len(m.group(0)) - 1) + "的", text)
    text = NONZERO.sub(lambda m: " " * len(m.group(0)), text)
    text = sub_item_named(text)  # "（三）第8小项": 不予公开 › 8.属于行政查询事项, by the template's order
    text = re.sub(r"(?<=[A-Za-z])['’]s\b", "", text)  # Pingtan's -> Pingtan
    text = place_first(text, agencies)
    # "结转到2026年": where requests were carried (the next year), not a year asked about
    text = _CARRIED_TO_YEAR.sub("结转到下一年", text)
    # "carried over into 2019 from the previous year": the 2019 report's 上年结转, not its 结转下年度
    text = re.sub(r"(?i)(carr\w*\s+(?:over|forward))\s+(?:in)?to\s+((?:19|20)\d\d)\s+(from\s+(?:the\s+)?(?:previous|prior|"
                  r"preceding|last)\s+year)", r"\1 \3 in \2", text)
    text = re.sub(r"(?i)(carr\w*\s+over\s+from\s+(?:the\s+)?(?:previous|prior|preceding|last)\s+year)\s+(?:in)?to\s+"
                  r"((?:19|20)\d\d)", r"\1 in \2", text)  # the same words in the other order
    text = re.sub(r"平均下来|平均算下来|平摊下来", "平均", text)  # "这七年平均下来一年多少件": on average
    # "收过申请人多少复制费": who paid the fee, not the requests
    text = re.sub(r"(?:(?<=收)|(?<=收过)|(?<=收了)|(?<=向)|(?<=从))申请人(?=[^，,。？?]{0,8}费)", "   ", text)
    # "without going through administrative reconsideration first": a suit filed directly, however it is said
    text = _WITHOUT_REVIEW.sub("without reconsideration", text)
    text = _ADD_TO.sub(r"\1 plus \2 combined", text)  # "if I add A to B, what total": A plus B
    # "这部分占全年办结总数的百分之几": the figure before, pointed at, as a share (not 部分公开)
    text = re.sub(r"(?:这|那|该)一?(?:部分|些|几件|几个)(?:申请|案件|案子)?(?=\s*占)", lambda m: " " * len(m.group(0)), text)
    text = anchored_years(text)  # "2024年的上一年": 2023
    now = _NOW_SAID.search(text)  # "现在是2025年，…前年…": the asker's today, the base of 今年/去年/前年, no report year
    if now:
        text = text[:now.start()] + " " * (now.end() - now.start()) + text[now.end():]
    lead = _LEAD_BEFORE_ASKING.match(text) or _WHAT_I_DID.match(text) or _MY_TASK.match(text)
    if lead and _YEAR_SAID.search(text[lead.end():]) and not _YEAR_SAID.search(lead.group(1)):
        # "我喺度比较平潭各部门，想问…财政金融局2024年…": what the asker is doing, then what they ask; the
        # agency it names stays when the question after it names none ("我在做洪泽区两年对比的数据表，…")
        named = [] if agency_groups(text[lead.end():], agencies)[0] else agency_groups(text[:lead.end()], agencies)[2]
        text = "".join(ch if any(a <= i < b for a, b in named) else " " for i, ch in enumerate(text[:lead.end()])) \
            + text[lead.end():]
    framing = framing_sentences(text)
    if framing and _YEAR_SAID.search(text[framing[-1][1]:]):
        # "I'm writing about … before the 2019 rules changed. In its 2018 report…": the year asked is the
        # asking sentence's, not one the asker's framing mentions
        for a, b in framing:
            text = text[:a] + _YEAR_SAID.sub(lambda m: " " * len(m.group(0)), text[a:b]) + text[b:]
    if _REFUSED_YEAR.search(text) and _YEAR_SAID.search(_REFUSED_YEAR.sub(" ", text)):
        # "2023年的…？别拿2024年的数凑", "2023, not the 2024 figure": a year the asker rules out is not asked
        text = _REFUSED_YEAR.sub(lambda m: " " * len(m.group(0)), text)
    after = told_after(text)
    if after is not None:  # "…比是上升还是下降？听说翻了十几倍。", "…几件 感觉比24年少了好多": what was heard or
        text = text[:after] + " " * (len(text) - after)  # remarked is no part of the question, nor its years
    years, year_spans, ranged = find_years(text)
    given = located_figure(text)
    if given and f"{given}年" not in text and any(str(y) == given for y in years):  # "有2122这个数吗": no year
        kept = [k for k, y in enumerate(years) if str(y) != given]
        years, year_spans = [years[k] for k in kept], [year_spans[k] for k in kept]
    years_had = list(_YEAR_HAD.finditer(text))
    had = [m.span(1) if m.group(1) else m.span(2) for m in years_had]
    if had and any(sp not in had for sp in year_spans) and len(years) == len(year_spans):
        # "I already have the 2019 figure (135 projects)", "2015年的数据手头已经有了": a year the asker has
        keep = [k for k, sp in enumerate(year_spans) if not any(a <= sp[0] < b for a, b in had)]
        years, year_spans = [years[k] for k in keep], [year_spans[k] for k in keep]
    years = report_years(text, years)
    relatives = find_relative_years(mask(text, year_spans))
    # "比去年多了多少": the year a change is measured from. "carried over from the previous year",
    # "结转到下一年": where requests were carried (a metric of the report), not a year at all.
    changing = asks_change(text)
    relatives = [r for r in relatives if not _CARRIED_TO.search(text[:r.span[0]]) and not (
        COMPARED_WITH.search(text[:r.span[0]]) and not changing
        and not re.search(r"多|少|more|fewer|less", text[r.span[1]:]))]
    said = list(relatives)  # masked out of the metric wording even when not used
    # ("和同年行政诉讼里的…加起来": the same year, no year compared with)
    compared = [r for r in relatives if COMPARED_WITH.search(text[:r.span[0]]) and r.offset != 0]
    relatives = [r for r in relatives if r not in compared]
    if years:  # "2024年（今年）": the year named wins over one counted from the latest held
        relatives = [r for r in relatives if r.base == "context"]
    recent_n, recent_span = recent_years(text)
    word_spans = [r.span for r in said] + ([recent_span] if recent_span else []) + [m.span() for m in DATE.finditer(text)]
    # (the figure the asker already has, with its clause, names nothing asked: "… (135 projects).")
    word_spans += [(m.start(), next((i + 1 for i in range(m.end(), len(text)) if text[i] in "，,。.；;？?!！"), len(text)))
                   for m in years_had]

    text, dept_fixes = department_homophones(text, agencies)  # "上海办工厅": 办公厅, said with the answer
    groups, positions, spans, mine = _yours_not_mine(text, *_without_stray_departments(
        text, *agency_groups(mask(text, word_spans), agencies)))
    if mine:  # the asker's own agency and its year are what the question compares with, not what it asks
        word_spans = word_spans + mine
        clause = [(a, next((i for i in range(b, len(text)) if text[i] in "，,。；;？?"), len(text))) for a, b in mine]
        outside = [k for k, (a, _) in enumerate(year_spans) if not any(x <= a < y for x, y in clause)]
        if outside and len(outside) < len(year_spans) and len(years) == len(year_spans):
            word_spans = word_spans + [sp for k, sp in enumerate(year_spans) if k not in outside]
            years, year_spans = [years[k] for k in outside], [year_spans[k] for k in outside]
    excluded: tuple[str, ...] = ()
    clauses = [(x, y) for x, y in _left_out_clauses(text) if any(x <= p < y for p in positions)]
    if clauses:  # "平潭那几个局（不算管委会办公室）…加起来": agencies left out, not asked; the others read without them
        excluded = tuple(a for k, p in enumerate(positions) if any(x <= p < y for x, y in clauses) for a in groups[k])
        word_spans = word_spans + clauses
        groups, positions, spans, mine = _yours_not_mine(text, *_without_stray_departments(
            text, *agency_groups(mask(text, word_spans), agencies)))
    told = asking_sentence(text)
    if told and len(groups) >= 2:  # "…看看学校和教育局的公众号。请问…社会事业局2024年…": the story's agencies are not asked
        # (the groups the asking sentence names on its own: a group's spans and position may lie in the story
        # too, its place said there: 淮安市…。现在想补洪泽区)
        in_asked = {a for g in agency_groups(mask(text, word_spans)[told[0]:told[1]], agencies)[0] for a in g}
        asked = [k for k, g in enumerate(groups) if in_asked & set(g)]
        if asked and len(asked) < len(groups):
            word_spans = word_spans + [sp for sp in spans if sp[0] < told[0]]
            groups, positions = [groups[k] for k in asked], [positions[k] for k in asked]
            spans = [sp for sp in spans if sp[0] >= told[0]]
    # "平潭全区…", "洪泽全区": the whole of the place named, no metric word
    word_spans = word_spans + [(b, b + 2) for _, b in spans if text[b:b + 2] in ("全区", "全县", "全市", "全省", "全旗", "全镇")]
    alone = _LEVEL_ALONE.search(mask(text, word_spans)) if not groups else None
    if alone:  # "县里2013年网上申请的有几条": the governments of that level the collection holds
        governments = tuple(a for a in agencies if read_name(a).government and read_name(a).suffixes
                            and read_name(a).suffixes[-1].endswith(alone.group(1) or alone.group(2)))
        if governments:
            groups, positions, spans = [governments], [alone.start()], [alone.span()]
    if not years:  # "洪泽24 行政处罚多少": two digits right after the agency are its year
        for _, end in spans:
            short = _YEAR_AFTER_NAME.match(text, end)
            if short:
                years, year_spans = [2000 + int(short.group(1))], [short.span(1)]
                break
    every_agency = [m.span() for m in ALL_AGENCIES_ZH_RE.finditer(text)]  # "下属各局" names no agency
    every_agency += [m.span() for m in _ASSIGNMENT.finditer(text)]  # "请根据…报告，指出该局…": an exercise's words
    # a story before the sentence that asks, when that sentence names an agency, names none asked
    story = [(0, told[0])] if told and any(a >= told[0] for a, _ in spans) else []
    unknown = unknown_agency(mask(text, year_spans + word_spans + every_agency + story), tuple(spans))
    if unknown is None and groups:
        unknown = _government_not_held(mask(text, year_spans + word_spans + every_agency + story), groups, spans)
    if unknown is None and not groups and (exonym := _EXONYM_PLACE.search(text)) and _is_place(exonym.group(1)):
        unknown = exonym.group(1)  # "the Lhasa Municipal Agriculture … Bureau" (拉萨 read from its English name)
    # an English question that quotes the table's Chinese words ('本机关不掌握相关政府信息', (办理结果总计))
    english = _CJK_ASIDE.sub(" ", text)
    if unknown is None and not groups and not _CJK.search(english):
        unknown = unknown_english_name(english)
    if unknown is None and groups and not any(_CJK.search(text[a:b]) for a, b in spans):
        # an English department name beside the Chinese name that was found names that agency
        unknown = unknown_english_department(mask(text, spans), agencies)
    if unknown is None and not _CJK.search(text):
        unknown = unknown_pinyin_department(mask(text, spans), [a for g in groups for a in g])
    if unknown is None and groups and not _CJK.search(text):
        unknown = unknown_english_place(text, [a for g in groups for a in g])
    bare = _BARE_GOVERNMENT.search(mask(text, spans + year_spans)) if groups else None
    own = government_of(groups[0][0], agencies) if bare else None
    if own and any(government_of(g[0], agencies) != own for g in groups):
        own = None  # departments of several places: whose government is not said
    if own and not any(own in g for g in groups):
        # "财政金融局…和管委会…", "（管委会全区、经济发展局、市场监督管理局）": the government of the bureaus' own place
        groups, positions, spans = groups + [(own,)], positions + [bare.start()], spans + [bare.span()]
    levels = list(_LEVEL_SAID.finditer(mask(text, spans))) if groups else []
    level = levels[0] if levels else None
    other = level_government(groups[0][0], level.group(1), agencies) if level and len(groups) == 1 \
        and len(groups[0]) == 1 else None
    if other:  # "市里和洪泽区里分别…": the city of the district named beside it (or the city's one district)
        before = level.start() < positions[0]
        groups = [(other,), groups[0]] if before else [groups[0], (other,)]
        positions = [level.start(), positions[0]] if before else [positions[0], level.start()]
    named_before, moved = list(positions), set()
    for said in levels:
        # each level word names the agency of that level: its place in the question ("市里比区里多几件")
        k = next((k for k, g in enumerate(groups) if len(g) == 1 and read_name(g[0]).suffixes
                  and read_name(g[0]).suffixes[-1].endswith(said.group(1))), None)
        if k is not None:
            positions = positions[:k] + [said.start()] + positions[k + 1:]
            spans = spans + [said.span()]  # the words name an agency of the question, no metric
            moved.add(k)
    if len(groups) == 2 and len(moved) == 1 and positions[next(iter(moved))] > max(named_before):
        # "平潭县人民政府和平潭县教育局比，县政府…多了多少": the one said again is what is compared, first
        k = next(iter(moved))
        positions = [min(named_before) - 1 if i == k else p for i, p in enumerate(positions)]
    some = _SOME_DEPARTMENT.search(mask(text, spans)) if len(groups) == 1 else None
    if some and all(read_name(a).government for a in groups[0]):
        # "平潭那个局": one of the place's departments, not said which; all of them are what it may mean
        places = {read_name(a).places for a in groups[0]}
        departments = tuple(a for a in agencies if not read_name(a).government and read_name(a).places in places)
        if departments:
            groups, spans = [departments], spans + [some.span()]
    if len(groups) >= 3:  # "平潭综合实验区2024年7个部门年报（A局、B局…）": the departments' place, not its own report
        departments = [g for g in groups if not any(read_name(a).government for a in g)]
        def its_departments(k: int) -> bool:
            # "…的部门", or the place said once before its departments listed ("平潭综合实验区2024年交通与建设局、
            # 行政审批局、…这几个部门"): the place names where they are, not its own report
            end = positions[k] + len(read_name(groups[k][0]).places[0] if read_name(groups[k][0]).places else "")
            said = _BEFORE_LISTED.match(text, end)
            return bool(_ITS_DEPARTMENTS.match(text, end)) or (said is not None and said.end() in positions)

        keep = [k for k, g in enumerate(groups) if g in departments or len(departments) < 2 or not its_departments(k)]
        groups, positions = [groups[k] for k in keep], [positions[k] for k in keep]
    cross = place_of_one_department_of_another(text, groups)
    if cross:  # "唐山市市场监督管理局": 唐山市's bureau the collection does not hold, not 贵州省's nor 唐山's other one
        groups, positions, spans, unknown = [], [], [], cross
    named_as: tuple[tuple[str, str], ...] = ()
    if len(groups) <= 1 and language_of(text) != "zh":  # "the Donghu high-tech zone", "the Kashgar (喀什) … zone"
        latin = zone_named_latin(text, agencies)
        # beside a place's own government found by the same pinyin (Shanxi: 山西省人民政府), only a zone whose
        # kind the question says in words (… Reform Demonstration Zone) is the one meant
        if latin is not None and groups and (latin[1] in groups[0] or latin[0].lower() == "zone"):
            latin = None
        if latin is not None:
            at = text.find(latin[0])
            groups, positions, spans = [(latin[1],)], [at], [(at, at + len(latin[0]))]
            named_as, unknown = ((latin[0], latin[1]),), None
    if not groups:  # "东湖高新区", "光谷（东湖高新区）": a zone said with the short word of its kind
        for said in ([unknown] if unknown else []) + re.findall(r"[（(]([\u4e00-\u9fff]{3,20})[）)]", text):
            zone = zone_named(said, agencies) or place_by_kind(said, agencies)
            if zone is not None:
                at = text.find(said)
                end = at + len(said) + len(BODY_WORD_AFTER.match(text, at + len(said)).group(0))
                groups, positions, spans = [(zone,)], [at], [(at, end)]
                named_as, unknown = ((said, zone),), None
                break

    # "梳理了12个区直部门的权责清单": departments a report counts, not the departments asked about
    # ("平潭7个区直部门…加起来": the place's departments, said with their number, are asked about)
    ends = {b for _, b in spans}
    uncounted = _DEPARTMENTS_COUNTED.sub(lambda m: m.group(0) if m.start() in ends or (
        m.start() - 1 in ends and text[m.start() - 1] == "的") else " ", text)
    all_agencies = (has_any(uncounted, ALL_AGENCIES_ZH) or has_any(uncounted, ALL_AGENCIES_EN, english=True)
                    or bool(ALL_AGENCIES_EN_RE.search(uncounted)) or bool(ALL_AGENCIES_ZH_RE.search(uncounted)))
    rest = mask(text, spans + _nickname_spans(text, spans) + more_of_the_name(text, [a for g in groups for a in g], spans)
                + year_spans + word_spans).replace("|", " ")
    # "asked [the Huaian government] for information": the article goes with the name set aside
    rest = _ARTICLE_BEFORE_NAME.sub(lambda m: " " * len(m.group(0)), rest)
    rest = _ITEM_NUMBERED.sub(_item_named, rest)  # "表三第（五）项第2目": 不予处理 · 重复申请, by its numbers
    asking = told  # (text is as it was when the story's agencies were set aside)
    if asking and metric_slots(rest[asking[0]:asking[1]]) and not REFERS_BACK.search(rest[asking[0]:asking[1]]):
        # a story before the question: from the sentence that asks on, what is asked (and its year, when
        # it names one: "我记得以前2023年才一千多条。请问2024年…有多少条？")
        rest, text = " " * asking[0] + rest[asking[0]:], " " * asking[0] + text[asking[0]:]
        own = find_years(text)[0]
        if own and not ranged:
            years = [y for y in years if y in own]
    counted = [(m.span(), m.group(0)) for m in _DEPARTMENTS_COUNTED.finditer(rest)]  # (what a report counts: kept)
    for (a, b), _ in counted:
        rest = rest[:a] + "\ue000" * (b - a) + rest[b:]
    # "平均每家", "按部门平均": one figure of every agency's, their mean
    per_agency = bool(PER_AGENCY.search(rest)) and (all_agencies or len(groups) >= 2)
    if per_agency:
        rest = PER_AGENCY.sub(lambda m: " " * len(m.group(0)), rest)
    # (blanked to their length: the wording stays aligned with the question, whose brackets say where a name
    # was and a blank to fill was not)
    rest = ALL_AGENCIES_ZH_RE.sub(_blanked, rest)
    for phrase in ALL_AGENCIES_ZH + ("哪个", "哪家", "哪一个"):
        rest = rest.replace(phrase, " " * len(phrase))
    for phrase in ALL_AGENCIES_EN:
        rest = re.sub(r"(?i)\b" + re.escape(phrase) + r"\b", _blanked, rest)
    for (a, b), said in counted:
        rest = rest[:a] + said + rest[b:]
    rest = without_side_clauses(the_blank_clause(rest, text), text)  # "共收到____件…，另有…34件", "做个图表用：", "…？只要数字。"
    rest = _HASHTAG.sub(" ", rest)  # "#政务公开#": a post's topic, not what it asks (an agency in one is read above)
    # "截至年底", "折成元是多少": when the figure stands and what unit to give it in, not what it is
    rest = _WHEN_OR_UNIT.sub(lambda m: " " * len(m.group(0)), rest)
    rest = _PARTS_NOUN.sub(" ", rest)  # "不予公开的理由里哪一种最多": the parts asked about, named by what they are
    rest = BY_WHOM.sub(" ", rest)  # "经审查予以公开", "经法院确认违法": who decided, not what
    rest = without_reviewed_act(rest)  # "因信息公开决定引起的行政复议", "suits over FOI decisions": what is challenged
    rest = RELATIVE_TO.sub(" ", rest)  # "2023年相对2022年": against which year, not what
    rest = without_those(without_framing(without_asides(without_restated_parts(
        SWITCH_WORDS.sub(" ", ALL_AGENCIES_EN_RE.sub(" ", rest))))))
    rest = _THOSE_OF_IT.sub(" ", rest)  # "25年那些新申请里": those of the year said, no metric (after the asides'
    # "信访类、重复申请那些…", "围绕就业…这些主题": examples said with them)
    rest = without_misspelt_suffix(rest, [a for g in groups for a in g])
    rest = without_claims(_ARTICLE_NAMED.sub(" ", rest))  # "有没有超过2000件", "是1330件吗", "有报道说…对吗": asked
    rest = _A_NOT_A.sub(r"\1", rest)  # "给没给信息", "公开没公开": a yes-or-no asked, not 没给 (withheld)
    rest, misspelt = homophone_fixes(rest)
    explicit_yoy = year_on_year(text) or bool(compared)
    rest = without_top_n(without_shape_words(without_year_on_year(rest)))
    rest = _CONTRASTED.sub(" ", rest)  # "disclosed in full, as opposed to partly disclosed or withheld": not asked
    rest = _GIVEN_TO.sub(" ", rest)  # "grant tax relief to laid-off workers": giving something, not requests granted
    rest = re.sub(r"([」”』])\s*(?:项下|之下)的?\s*(?=[「“『])", r"\1的", rest)  # 「（五）不予处理」项下「1.信访…」
    rest = re.sub(r"(?<=[」”』])\s*[两二三四五六七八九十]项之和", " 合计", rest)  # 「A」「B」「C」三项之和: the items' sum
    rest = _items_listed(rest)  # "许可、处罚、强制三项一共": how many were listed, not one of them
    spelt = rest  # a formula may quote a table's heading ("按“本年度办理结果（七）总计”除以…")
    rest = _WRITTEN_AS.sub(" ", _TABLE_NAMED.sub(" ", _PROSE_ASKED.sub(" ", rest)))  # "正文说", "表四里": where, not what
    rest = _ASSIGNMENT.sub(lambda m: " " * len(m.group(0)), rest)
    per, per_word = _period(text)
    for said in (_PER_DAY, _PER_WEEK, _PER_MONTH, _PER_QUARTER):
        rest = said.sub(" ", rest)  # "按12个月平均，每月", "按366天算，平均每天": how to divide, not what
    if per_word == "工作日":  # "按一年250个工作日算" (its count already read): how to divide, whatever is left of it
        rest = re.sub(r"(?:按|以|用)?\s*(?:一年|全年|每年)?\s*\d*\s*个?工作日\s*(?:来|去)?(?:平均|算|计)?", " ", rest)
    rest = _MEDIAN.sub(" ", _MEAN.sub(" ", rest))  # 平均每年, 中位数: how to take the years, not what
    if _POINTS.search(text):  # "公开率比2023年提高了几个百分点": how a share moved, no metric
        rest = _MOVED.sub(" ", rest)
    rate = formula(spelt) or rate_parts(rest) or formula(spelt, bare=True)
    has_metric = bool(rate) or bool(metric_slots(rest))

    prev = _previous(context, language_of(text))
    if prev is not None and not is_follow_up(text, metric=has_metric, agency=bool(groups) or all_agencies,
                                              years=bool(years) or bool(those_named(text)),
                                              relative=bool(relatives or compared)):
        prev = None

    # Relative years: against the question before (上一年) or the latest year held for the agency.
    asked = groups[0] if groups else (prev.agencies[0] if prev and prev.agencies and not all_agencies else ())
    # the asker's today, said now or earlier in the conversation: 今年/去年/前年 count back from it
    today = int(now.group(1) or now.group(2)) if now else (prev.today if prev else None)
    today = 2000 + today if today is not None and today < 100 else today  # "今天25年3月": 2025
    latest = today if today else latest_year(agency_years, asked)
    notes, offset, base_kind = [], None, None
    placed = list(zip(year_spans, years)) if len(year_spans) == len(years) else _each_year_said(text, year_spans, years)
    # "前年呢" right after a question about 2024: two years before that one, as 上一年 would be one
    said_after = prev is not None and bool(prev.years) and len(_CJK.findall(text)) <= 6 and not groups
    for r in relatives:
        named_before = [y for (a, _), y in placed if a < r.span[0]]
        if r.base == "context" and r.offset == 0 and named_before:
            continue  # "洪泽区2022年的年报有没有？那一年…": the year the question itself just named
        from_context = (r.base == "context" or (said_after and not today)) and prev and prev.years
        base = prev.years[-1] if from_context else latest
        if from_context and r.base != "context" and prev.relative_offset is not None and len(prev.years) == 1:
            # "25年…？" "去年的呢？" "前年呢？": 去年 and 前年 count from one today, not 前年 from the 去年 just asked
            base = prev.years[-1] - prev.relative_offset
        how = "context" if from_context else "today" if today else "latest"
        if r.base == "context" and named_before and not from_context:
            base, how = named_before[-1], "named"  # "FY2020 … against the previous year": the year it names
        offset, base_kind = r.offset, "context" if how == "named" else "latest" if how == "today" else how
        if base is not None:
            year = base + r.offset
            held = {y for a in asked for y in (agency_years or {}).get(a, ())}
            if how == "latest" and r.offset == -1 and held and year not in held:
                year = base  # "去年" of an agency whose only reports are the latest year's: that report
            placed.append((r.span, year))
            notes.append(relative_note(r, year, base, how, language_of(text)))
    years = list(dict.fromkeys(y for _, y in sorted(placed, key=lambda p: p[0])))
    if recent_n and not years and latest is not None:
        years = list(range(latest - recent_n + 1, latest + 1))
    held_years = sorted({y for a in asked for y in (agency_years or {}).get(a, ())})
    both = _ALL_ITS_YEARS.search(text) if not years and not relatives and len(held_years) >= 2 else None
    if both and count_word(both.group(1)) == len(held_years):
        years = held_years  # "洪泽区两年的…", "两份年报里": the agency's two reports, all it has
    since = since_year(text)
    if since and years == [since] and latest is not None and latest > since:
        years, ranged = list(range(since, latest + 1)), True
    elif since and len(years) == 2 and years[0] == since and years[1] > since:
        years, ranged = list(range(since, years[1] + 1)), True  # "2019年以来…（到2025年）"
    yoy = explicit_yoy or (implicit_year_on_year(text) and not all_agencies)
    if yoy and not years and prev and prev.years and not relatives:
        # "比去年多了多少" in a conversation: from the year in context; after a change between two years
        # ("2024年比2023年增加了多少？" — "那无法提供的，又增加了多少？"), the same two years
        changed = len(prev.years) == 2 and prev.operation in ("difference", "percent_change")
        years = sorted(prev.years) if changed else [prev.years[-1]]
    if yoy and len(years) == 1:  # "2025年新收申请同比下降了多少": 2024 -> 2025; "比前年": 2023 -> 2025
        back = max([-r.offset for r in compared if r.offset < 0] or [1])
        years = [years[0] - back, years[0]]
    yoy = yoy and len(years) == 2
    if (prev is not None and prev.years and len(years) == 1 and years[0] != prev.years[-1] and not groups
            and (asks_change(text) or re.search(r"多了|少了|\brise\b|\brose\b", text, re.I))):
        # "那2025年比它多了多少？", "how did FY2025 compare with that — by how many did it rise?": a change
        # from the year of the question before
        years = sorted([prev.years[-1], years[0]])

    own_years = _years_paired(groups, positions, placed, years) if not ranged and not prev else ()
    if own_years:  # each agency its own year: the agencies compared, no years of a change
        years = []
    # a draft with a blank: what the blank's clause asks, not the words of the clauses the writer already has
    # ("…859 requests in 2019, down 12.3%. Is 859 right?": a change the asker states, no change asked)
    operation = operation_of(_CHANGE_STATED.sub(" ", the_blank_clause(text)), years, ranged, len(groups), all_agencies)
    if ranged and len(years) > 2 and asks_change(text) and not series_words(text) and not _TREND.search(text):
        # "从2019年到2025年增长了百分之多少": the first year against the last
        years, ranged = [years[0], years[-1]], False
        operation = operation_of(text, years, False, len(groups), all_agencies)
    if yoy and operation not in ("difference", "percent_change"):
        operation = "percent_change" if rate is None and re.search(r"率|百分|幅|增速|percent|rate", text, re.I) else "difference"
    # (a count's change "in 百分点" is its percent change, as people say it: a share must be named)
    points = bool(_POINTS.search(text)) and len(years) == 2 and len(groups) <= 1 and bool(rate or _A_SHARE.search(text))
    if points:  # "变化了几个百分点": a share in each of the two years, the later less the earlier
        operation = "ratio"
    numerators, den_signs = 1, ()
    if rate and operation in ("lookup", "ratio"):
        parts, numerators, den_signs = rate
        operation = "ratio"
    else:
        # "…结转到下一年的占多少？分母用本年新收数", "以本年新收为分母": the whole said on its own
        said_den = _DENOMINATOR_SAID.search(rest) if operation == "ratio" else None
        said = (said_den.group(1) or said_den.group(2)) if said_den else ""
        whole = metric_slots(said)
        # "以“本年新收加上年结转”为分母": a denominator said as a sum, each term its own part
        terms = [metric_slots(t) for t in re.split(r"加上?|[+＋]", said)] if said else []
        if whole:
            rest = rest[:said_den.start()] + " " + rest[said_den.end():]
        elif operation == "ratio":
            whole = whole_stated_before(mask(text, year_spans + spans))  # "…一共397条，主动公开的占全部的比例"
            scoped = None if whole else scope_of_share(rest)
            if scoped:  # "不予公开的申请里，以“行政查询事项”为由的占几成": the scope said first is the whole
                whole, rest = scoped
        if len(years) >= 2 and not re.search(r"历年累计|累计数|累计值|cumulative", text, re.I):
            rest = rest.replace("累计", "合计")  # "这三年…累计多少条": added up over the years, not a 历年累计 column
        parts, numerators = split_parts(rest, operation)
        within = part_within_scope(rest) if operation == "lookup" and len(parts) == 1 else None
        if within:  # "办结的申请中，信函申请有多少件": the part asked, within the whole said first
            parts = (within,)
        if whole and operation == "ratio" and not said_den and parts and numerators == 1:
            # the part stands within the whole said before it ("行政复议总数里面结果纠正的": 行政复议's 结果纠正):
            # the whole's words, light, said of it too
            own = {s.text for s in parts[0]}
            parts = (parts[0] + tuple(replace(s, weight=0.3 * s.weight) for s in whole
                                      if s.text not in own and not _TOTAL_ONLY.fullmatch(s.text)),) + parts[1:]
        if whole:
            parts = tuple(parts[:numerators]) + (tuple(terms) if len(terms) >= 2 and all(terms) else (whole,))
    parts = _carried_not_pending(_reviews_not_handled(without_other_tables_columns(columns_with_their_rows(parts, rest))))
    if len(groups) >= 2 or (all_agencies and (operation == "rank" or top_n(text) or rank_words(text)
                                              or _NONE_ASKED.search(text) or place_asked(text))):
        # "区直这几个部门（A、B、C）", "那几个部门里谁…最多": the words that say what the agencies are name no metric
        parts = tuple(tuple(s for s in part if not (_AGENCY_KIND.fullmatch(s.text) or _AGENCY_SCOPE.fullmatch(s.text)))
                      or part for part in parts)
    signed = signed_terms(rest) if operation in ("lookup", "sum", "gap") else None
    if signed:  # "用“本年新收＋上年结转−办理结果总计”算出来的": each term with its sign
        parts, operation = signed[0], "sum"
    less = complement(rest) if operation in ("lookup", "sum") and not signed else ()
    whole_less = bool(less)
    if less:
        parts, operation = less, "gap"
    counted_in = with_carried_over(rest, parts) if operation in ("lookup", "sum") else ()
    if counted_in:
        parts, operation = counted_in, "sum"
    if len(parts) >= 2 and operation == "lookup":
        operation = "sum"
    elif len(parts) < 2 and operation == "gap":
        operation = "lookup"
    elif len(parts) < 2 and operation == "ratio" and PER_EACH.search(text) and not _PERCENT_WORDS.search(text):
        operation = "lookup"  # "平均每篇文章被阅读多少次": one figure, over the items its sentence counts
    if operation != "ratio" or len(parts) < numerators:
        numerators = 1

    aggregate = "median" if _MEDIAN.search(text) else "mean" if _MEAN.search(text) and not per_word else None
    shape, metrics, units, extreme, all_years = "single", (), (), year_extreme(text), False
    none_asked = bool(_NONE_ASKED.search(text))  # "哪个部门一件申请都没收到": the agencies with none
    if operation == "rank" or (all_agencies and (top_n(text) or rank_words(text) or none_asked or place_asked(text))
                               and len(groups) <= 1):
        shape = "ranking"
        operation = "rank" if operation == "lookup" else operation
    if shape == "single" and len(groups) <= 1 and not all_agencies and (
            (series_words(text) and (len(years) != 1 or since) and operation != "sum"  # 每年的…全部加起来: a sum
             # ("…一个趋势判断：…2023年比2022年少了，到底少了多少条？": a change between two years is asked)
             and not (operation in ("difference", "percent_change") and len(years) == 2 and _BY_HOW_MUCH.search(text)))
            or (extreme and not (operation == "difference" and len(years) == 2 and _BY_HOW_MUCH.search(text)))
            or (recent_n and not years) or since
            or (aggregate and len(years) >= 2)
            or (len(years) >= 3 and _TREND.search(text) and not has_any(text, SUM_ZH))  # 2021至2025年的变化
            or (len(years) >= 2 and (operation == "lookup"
                                     or (operation == "ratio" and (rate or points or EACH.search(text))))
                and not has_any(_FORMULA_BRACKET.sub(" ", text), SUM_ZH))):
        shape, all_years = "series", not years
        if operation == "rank":
            operation = "lookup"
        if operation == "lookup" and not aggregate and not extreme:
            # "2019年、2020年的采购项目数量和采购总金额": several metrics, each year by year
            metrics, units = list_metrics(rest, text)
            if len(metrics) < 2:
                metrics, units = (), ()
    paired = count_and_share(rest) if shape == "single" and operation in ("lookup", "ratio") else None
    if paired:  # "予以公开几件？占新收申请的比例？": a count, then its share
        metrics, units = paired
        shape, operation = "list", "lookup"
        parts = (tuple(dict.fromkeys(s for m in metrics for s in m)),)
    elif shape == "single" and operation in ("lookup", "sum"):
        metrics, units = list_metrics(rest, text)
        if len(metrics) == 2 and _WITHIN_THOSE.search(text):
            metrics, units = (), ()  # "“未经复议直接起诉”那几栏里，尚未审结的": one cell within those columns
        if metrics and operation == "sum" and len(parts) == len(metrics) and _ITEMS_COUNTED.search(text):
            metrics, units = (), ()  # "那几格：结果维持、结果纠正、其他结果、尚未审结四项加起来": their sum, not a list
        if len(metrics) == 2 and breakdown_words(text) and all(
                s.text in _TOTAL_WORDS for s in metrics[1] if s.text not in {x.text for x in metrics[0]}):
            metrics, units = metrics[:1], units[:1]  # "“其他处理”的三种情形分别是多少件？合计多少？": its parts and itself
            parts = (metrics[0],)
        if not metrics and len(parts) == 1 and breakdown_words(text):
            metrics = (parts[0],)  # "不予公开的各项原因分别有多少": the parts of one figure
        if metrics:
            shape = "list"
            parts = (tuple(dict.fromkeys(s for m in metrics for s in m)),)  # no "数和" of "申请数和办结数"
            if not has_any(text, SUM_ZH):
                operation = "lookup"

    located = located_figure(text)
    if located:  # "有没有99.04%这个数，是什么指标": where a figure given stands, no metric computed
        operation, shape, metrics, units = "lookup", "single", (), ()
    parts_ranked = shape == "list" and _items_ranked(text)  # "…里数字最大的是哪一项": the parts in order
    q = Question(
        text=text, language=language_of(text if _CJK.search(question) else question),  # (Lhasa, not 拉萨)
        years=tuple(years), agencies=tuple(groups), positions=tuple(positions), paired_years=own_years,
        unknown_agency=unknown, parts=parts, operation=operation,
        explicit_parts=len(parts) >= 2, all_agencies=all_agencies, year_range=ranged,
        low=has_any(text, LOW_ZH) or has_any(_AT_LEAST.sub(" ", text), LOW_EN, english=True) or none_asked,
        none_asked=none_asked,
        unit="%" if operation in ("ratio", "percent_change") else unit_asked(the_blank_clause(mask(text, spans), text)),
        numerators=numerators,
        den_signs=den_signs, prose_asked=_prose_asked(text), table_asked=_table_asked(text), per=per, per_word=per_word,
        located=located,
        shape=shape, metrics=metrics, metric_units=units if shape == "list" and len(units) == len(metrics) else (),
        top_n=top_n(text) if shape == "ranking" or parts_ranked else None,
        place=place_asked(text) if shape == "ranking" else None, departments=bool(DEPARTMENT_WORDS.search(text)),
        argmax=shape == "series" and extreme == "max", argmin=shape == "series" and extreme == "min",
        ranked=(shape == "series" and bool(_ORDER.search(text))) or parts_ranked,
        lead=parts_ranked and bool(LEAD.search(text)), nonzero=nonzero, with_requests=with_requests,
        per_agency=per_agency,
        aggregate=aggregate if shape == "series" else None, points=points and shape == "series",
        all_years=all_years, relative_year="；".join(notes) or None, dated=only_dated(text, years),
        relative_offset=offset, relative_base=base_kind, today=today, whole_less=whole_less,
        signs=signed[1] if signed else (), excluded_agencies=excluded,
        keys=tuple(dict.fromkeys(s.key for part in parts for s in part if s.key)),
        metric_by="words" if parts else None,
        agency_corrections=agency_corrections(text, agencies, (a for g in groups for a in g)) + named_as + dept_fixes + misspelt)
    if prev is not None:
        q = with_context(q, prev)
        if q.shape == "series" and q.aggregate is None and aggregate:  # "这七年平均一年多少件": of the series before
            q = replace(q, aggregate=aggregate)
    return _with_recognised(q)


_TOTAL_ONLY = re.compile(r"总数|总计|合计|总量|全部|总共|一共")
# "（不是哪个局的）", "（不含各部门）": an aside that sets agencies aside asks about none of them
_NOT_THESE = re.compile(rf"[（(]\s*(?:不是|并非|非|{LEAVE_OUT_ZH_RE}|除了)\s*(?:哪个|哪些|哪一个|任何|某个|各个?|单个|具体)"
                        r"(?:局|部门|单位|机关|委办局)的?(?:年报|报告)?\s*[）)]")
_DEPARTMENTS_COUNTED = re.compile(r"(?<![第前这那])\d{1,3}\s*个(?:区直|县直|市直|省直|州直)?(?:部门|单位|机关|委办局)")


def _nickname_spans(text: str, spans: list) -> list[tuple[int, int]]:
    """A word the question says before an agency it names in brackets ("岚岛（平潭）"): what people call the
    place, no metric; its span, when no word of it is the glossary's."""
    out = []
    for a, b in spans:
        if a >= 1 and text[a - 1] in "（(" and re.match(r"\s*(?:人民政府|政府|管委会)?\s*[）)]", text[b:]):
            word = re.search(r"[\u4e00-\u9fff]{2,6}$", text[:a - 1])
            if word and not any(s.from_glossary for s in metric_slots(word.group(0))):
                out.append(word.span())
    return out


_NONE_ASKED = re.compile(r"[一1]\s*(?:件|个|条|次|起|份)[^，,。？?]{0,20}?都没有?|没有?(?:收到|受理|接到)?(?:过)?任何|"
                         r"(?:数量|件数|数)?(?:为|是)(?:零|0)(?:的|件)|\b(?:received|got|had) (?:no|zero)\b", re.I)
_YEAR_AFTER_NAME = re.compile(r"\s*([12]\d)(?![\d.%])(?!\s*(?:年|月|日|号|件|条|个|次|人|名|元|万|篇|期|场|项|份|家|起|宗|例|%))")
# "市里", "区里": the government one level above or below the agency named beside it
_LEVEL_SAID = re.compile(r"(?:^|(?<=[比和与跟同及、，,。？?：:\s]))(市|区|县)(?:里|级|人民政府|政府)(?![\u4e00-\u9fff]{0,2}(?:各|部门|单位))")
def _without_stray_departments(text: str, groups: list, positions: list, spans: list) -> tuple[list, list, list]:
    """The agencies named without a department word said with no place that belongs to another place
    than the agencies named with one: "淮安市人民政府办公室" (the office of the government named, not
    平潭's 管委会办公室), "介绍平台建设时" (not 平潭's 交通与建设局)."""
    said = [next(((a, b) for a, b in spans if a == p), None) for p in positions]
    placed = [k for k, sp in enumerate(said) if sp is None or any(
        read_name(x).government or any(stem in text for stem in read_name(x).stems) for x in groups[k])
        # (its place said right before it, as English and pinyin say it: "Jiujiang Ecology and Environment Bureau")
        or any(0 <= sp[0] - b <= 2 and not _CJK.search(text[a:b]) for a, b in spans)]
    if not placed or len(placed) == len(groups):
        return groups, positions, spans
    homes = {read_name(x).places[:1] for k in placed for x in groups[k]}
    dropped = []
    for k, sp in enumerate(said):
        if k not in placed and all(read_name(x).places[:1] not in homes for x in groups[k]):
            if not re.search(r"(?:局|委|办|厅|中心|处|院|所|站|馆|委员会)$", text[sp[0]:sp[1]]):
                dropped.append(k)  # a word of a department's name, not a department named
    keep = [k for k in range(len(groups)) if k not in dropped]
    gone = {said[k] for k in dropped}
    return [groups[k] for k in keep], [positions[k] for k in keep], [sp for sp in spans if sp not in gone]


# the asker's task ("我在比较各部门"), then "想问…": the question starts there (when it names its own year)
_LEAD_BEFORE_ASKING = re.compile(r"([^，,。？?！!]{0,20}?(?:比较|对比|比一比|研究|整理|统计|在写|写稿|做|节目|报道|专题|栏目|稿子|文章|"
                                 r"视频|采访|调研|课题|论文)[^，,。？?！!]{0,20}?)[，,]\s*"
                                 r"(?=(?:我)?(?:想问|想请问|请问|想知道|想了解|问一下))")
# "我打过12345投诉小区物业的事，…": what the asker once did, then the question
# "我在跑平潭区直部门的年报，…": what the asker is working on
_MY_TASK = re.compile(r"(我(?:们)?(?:在|正在)(?:跑|写|做|整理|研究|比较|对比|统计|看)[^，,。？?]{0,24})[，,]")
_WITHOUT_REVIEW = re.compile(r"\b(?:without|bypassing|skipping)\s+(?:(?:first|ever|having|going|gone|passing|being|a|an|"
                             r"any|the|prior|previous|seeking|sought|filing|applying|for|through|via|to)\s+){0,4}"
                             r"(?:administrative\s+)?(?:reconsideration|review)(?:\s+(?:first|beforehand))?\b", re.I)
_ADD_TO = re.compile(r"\badd(?:ing)?\s+(?:up\s+)?(.+?)\s+to\s+(?:the\s+)?(.+?)"
                     r"(?=[,;?]|\s+(?:what|how|do|does)\b|$)", re.I)
_WHAT_I_DID = re.compile(r"(我(?:曾经|以前|之前|去年|前年)?(?:打过|投诉过|申请过|去过|找过|办过|遇到过|反映过|举报过)[^，,。？?]{0,24})[，,]")
_YEAR_SAID = re.compile(r"(?:19|20)\d\d|\d\d\s*年|[今去前]年")
# a year the asker rules out: "别拿2024年的数凑", "不是2024年的", "not the 2024 figure", "don't use 2024"
_REFUSED_YEAR = re.compile(r"(?:别|不要|不用|不能|勿|不是|而不是|并非)(?:拿|用|看|给|算|把|混|套)?\s*(?:19|20)\d\d\s*年?度?的?|"
                           r"\b(?:not|don't use|do not use|don't give me|rather than|instead of)\s+(?:the\s+)?(?:19|20)\d\d\b",
                           re.I)
_WITHIN_THOSE = re.compile(r"[”」\"]?\s*(?:那|这)(?:几|一|两)?(?:栏|列|项|行|格)(?:里|中|当中|里面)\s*[，,]")
_MINE = re.compile(r"(?:我们|咱们|我局|我委|我办|我单位|我们单位)(?:的|这个|这边)?\s*$")
_AGAINST_MINE = re.compile(r"(?:比|相当于|跟|和|与|同|是)(?:我们|咱们|我局|我单位)")
_AGAINST_YOURS = re.compile(r"(?:比|相当于)(?:你们|您们|他们|她们|人家|对方)")
# the other party, spoken to (你们) or spoken of (他们, 人家, 对方)
_YOURS = re.compile(r"(?:你们|您们|贵|你局|你单位|你们单位|他们|她们|人家|对方)(?:的|那个|那边|单位)?\s*$")


def _yours_not_mine(text: str, groups: list, positions: list, spans: list) -> tuple[list, list, list, list]:
    """An official comparing notes ("我们自然资源与生态环境局…有37件，你们行政审批局同年这一项是多少？"): the
    agency asked about is the one said with 你们, not the asker's own, said with 我们 (whose spans come
    last); else as found."""
    said = [next(((a, b) for a, b in spans if a == p), None) for p in positions]
    # where the name begins: its place said right before its department ("我们平潭管委会办公室")
    begins = [next((a for a, b in spans if b == sp[0]), sp[0]) if sp else None for sp in said]
    mine = [k for k, at in enumerate(begins) if at is not None and _MINE.search(text[max(0, at - 6):at])]
    yours = [k for k, at in enumerate(begins) if at is not None and _YOURS.search(text[max(0, at - 6):at])]
    if mine and len(groups) == 2 and _AGAINST_YOURS.search(text):
        # "那交建局…是多少？我们自然资源局比他们多几件？": mine set against theirs, mine first
        order = mine + [k for k in range(len(groups)) if k not in mine]
        return [groups[k] for k in order], sorted(positions), spans, []
    if not mine or not yours:
        return groups, positions, spans, []
    if _AGAINST_MINE.search(text):  # "…比我们多几件", "相当于我们的百分之几": yours set against mine, yours first
        order = yours + [k for k in range(len(groups)) if k not in yours]
        return [groups[k] for k in order], sorted(positions), spans, []  # read in that order, not the text's
    gone = {said[k] for k in mine}
    return ([g for k, g in enumerate(groups) if k not in mine], [p for k, p in enumerate(positions) if k not in mine],
            [sp for sp in spans if sp not in gone], [said[k] for k in mine])


# "县里", "区政府" said with no place: a government of that level, whichever the collection holds
_LEVEL_ALONE = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[那这]))(县|区|市)(?:里|级政府|人民政府|政府)"
                          r"(?![\u4e00-\u9fff]{0,2}(?:各|部门|单位|办))|"
                          # "同一年实验区管委会呢": the zone's own committee, by its kind of place alone
                          r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[那这年]))(实验区|新区|开发区|示范区)(?:党工委)?(?:管委会|管理委员会)"
                          r"(?![\u4e00-\u9fff]{0,2}(?:各|部门|单位|办))")
# a government named by its body's word alone, beside a department of its place
_BARE_GOVERNMENT = re.compile(r"(?<![\u4e00-\u9fff])(?:区|市|县|州|旗)?(?:管委会|管理委员会|人民政府|政府)(?!办|部门|各|信息|网站|门户|工作)|"
                              r"(?<=[和与跟比同，,、])(?:区|市|县|州|旗)?(?:管委会|管理委员会|人民政府|政府)(?!办|部门|各|信息|网站|门户|工作)|"
                              # "平潭实验区全区的行政处罚，比市场监管局一家多多少": the place's own report, its name
                              # said once for it and for its department
                              r"(?<=\|)全(?:区|县|市|州|旗)(?=的|[，,]|范围|总体|整体)")
_MEAN = re.compile(r"平均(?!(?:到|下来)?每(?:一)?[件个条项次人份家]|分摊)|年均|均值|\baverage\b|\bmean\b|\bon average\b", re.I)
# "平均每月", "月均", "按12个月平均", "per month": a year's figure over its months; quarters alike
_PER_MONTH = re.compile(r"(?:按\s*(?:12|十二)\s*个?月\s*(?:平均|算|计)?[，,]?\s*)?(?:平均)?每(?:个)?月(?:平均)?(?!份)|月均|"
                        r"平均(?:一|1)个月|(?:一|1)个月平均|"
                        r"按\s*(?:12|十二)\s*个?月\s*(?:平均|算|计)|\bper month\b|\ba month on average\b|"
                        r"\bmonthly average\b|\bon average each month\b|\beach month\b", re.I)
_PER_QUARTER = re.compile(r"(?:平均)?每(?:个)?季度?(?:平均)?|季均|\bper quarter\b|\beach quarter\b|\bquarterly average\b", re.I)
# "平均每天", "日均", "按366天算": the year's figure over its days (as many as said, else the report year's);
# "按250个工作日": over working days; "平均每周": over 52 weeks
_PER_DAY = re.compile(r"(?:按\s*(?:一年|全年|每年)?\s*(\d{3})\s*(?:个)?(?:天|日|工作日)\s*(?:来|去)?(?:平均|算|计)?[，,]?\s*)?"
                      r"(?:(?:平均)?每(?:一)?(?:天|日|个工作日|工作日)(?:平均)?|日均|平均(?:一|1)天|(?:一|1)天平均)|"
                      r"按\s*(?:一年|全年|每年)?\s*(\d{3})\s*(?:个)?(?:天|日|工作日)\s*(?:来|去)?(?:平均|算|计)|"
                      r"\b(?:on average )?(?:per|a|each) (?:working )?day\b(?: on average)?|\bdaily average\b|"
                      r"\b(?:over|assuming|using|with|by) (\d{3}) (?:working )?days\b|"
                      r"\b(?:taking|counting|at) (\d{3}) working days\b", re.I)
_PER_WEEK = re.compile(r"(?:平均)?每(?:个)?(?:周|星期|礼拜)(?:平均)?|周均|\bper week\b|\ba week on average\b|"
                       r"\bweekly average\b", re.I)
_WORKDAYS = re.compile(r"工作日|\bworking days?\b|\bwork ?days?\b", re.I)


def _period(text: str) -> tuple[Optional[int], Optional[str]]:
    """How a year's figure is to be divided, as said: (count, period word); (None, "天") for days not counted."""
    day = _PER_DAY.search(text)
    if day:
        said = next((g for g in day.groups() if g), None) or next(
            (next(g for g in m.groups() if g) for m in _PER_DAY.finditer(text) if any(m.groups())), None)
        return (int(said) if said else None), ("工作日" if _WORKDAYS.search(text) else "天")
    if _PER_WEEK.search(text):
        return 52, "周"
    if _PER_MONTH.search(text):
        return 12, "月"
    if _PER_QUARTER.search(text):
        return 4, "季度"
    return None, None


_PARTS_NOUN = re.compile(r"的?(?:各种|各项|各类|各个|这些|那些|几种|[一二三四五六七八九十\d]+(?:种|类|项))?"
                         r"(?:理由|原因|情形|类别|类型)(?:里面|里头|里|当中|之中|中)?(?=[^，,。？?]{0,4}哪)")
# "第（五）项第2目", "（三）项第8目": a result of table 三 by its item and sub-item numbers (not 第二十条第（五）项,
# an article of table 二)
_ITEM_NUMBERED = re.compile(r"(?<!条)第?\s*[（(]\s*([一二三四五六七])\s*[)）]\s*项?\s*第?\s*([1-9一二三四五六七八九])\s*目")
_FIRST_ITEM_WITH_PARTS = 3  # the results with sub-items are （三） to （六）, in the template's order


def _item_named(m: re.Match) -> str:
    """The words of the result item and sub-item numbered (三, 8 → "不予公开 行政查询"); the match when there is none."""
    from corpus.template import REQUEST_GROUPS

    groups = list(REQUEST_GROUPS.values())  # （三）不予公开, （四）无法提供, （五）不予处理, （六）其他处理
    item, sub = count_word(m.group(1)), count_word(m.group(2)) if not m.group(2).isdigit() else int(m.group(2))
    at = (item or 0) - _FIRST_ITEM_WITH_PARTS
    if not 0 <= at < len(groups) or not sub or sub > len(groups[at][1]):
        return m.group(0)
    words, parts = groups[at]
    return f" {words[0]} {parts[sub - 1][1][0]} "


def _blanked(m: re.Match) -> str:
    return " " * len(m.group(0))


def _each_year_said(text: str, spans: list, years: list) -> list:
    """(span, year) of each year said, one a span, when a year is said more than once ("A(2024)、B(2023)、
    C(2024)": its spans, with the years given once each); each year at (0, 0) when a span holds several."""
    said = [find_years(text[a:b])[0] for a, b in spans] if len(set(spans)) == len(spans) else []
    if said and all(len(y) == 1 for y in said) and {y[0] for y in said} == set(years):
        return [(sp, y[0]) for sp, y in zip(spans, said)]
    return [((0, 0), y) for y in years]


def _years_paired(groups: list, positions: list, placed: list, years: list) -> tuple[int, ...]:
    """Each agency's own year, when the question names as many years as agencies (two or more, not all
    one year), each year after its agency and before the next one ("淮安市2024年和平潭2025年…", "A(2024)、B(2023)",
    "Huai'an Shi's 2024 report … Pingtan's 2025 report"): the years in the groups' order; () otherwise."""
    said = [y for _, y in placed]  # (each year as often as it is said: "A(2024)、B(2023)、C(2024)")
    if len(groups) < 2 or len(said) != len(groups) or len(set(years)) < 2 or len(positions) != len(groups):
        return ()
    order = sorted(range(len(groups)), key=lambda k: positions[k])
    starts = [positions[k] for k in order] + [10 ** 9]
    spans = sorted((span[0], y) for span, y in placed)
    own: dict[int, int] = {}
    for at, year in spans:
        i = next((i for i in range(len(order)) if starts[i] <= at < starts[i + 1]), None)
        if i is None or order[i] in own:
            return ()
        own[order[i]] = year
    return tuple(own[k] for k in range(len(groups))) if len(own) == len(groups) else ()


_YEAR_HAD = re.compile(r"\b(?:already have|already got|I have|I've got|we have)\s+(?:the\s+)?((?:19|20)\d\d)\b|"
                       r"((?:19|20)\d\d)\s*年?度?的?(?:数据|数字|数|情况)?(?:我)?(?:手头|手上|手里)?(?:已经|都)?(?:有了|已有|拿到了?)", re.I)
_THOSE_OF_IT = re.compile(r"(?:那些|这些)(?=[\u4e00-\u9fff])(?!年)")
# the count of the items just listed, before the word that adds them up: "许可、处罚、强制三项一共", "这两者之和"
_ITEMS_COUNTED = re.compile(r"(?<=[\u4e00-\u9fff”」』])\s*[这那]?([两二三四五六七八九十2-9])\s*(?:项|者|类|样|个数|种)"
                            # "…其它六种申请方式的件数加在一起": what the items are, and that their counts are added
                            r"(?:[\u4e00-\u9fff]{0,4}?(?:方式|渠道|途径|形式|情形|原因|理由|类别|类型))?的?(?:件数|数量|数字|数)?"
                            r"(?=\s*(?:之和|的?合计|一共|总共|共计|加起来|加在一起|相加|合起来|的?总数|的?和|共))")


def _items_listed(rest: str) -> str:
    """The count of the items just listed taken out ("许可、处罚、强制三项一共": it names none of them), and
    the items set apart with 、 when they stand side by side as exactly that many words of the glossary
    ("许可处罚强制三项一共": 许可、处罚、强制)."""
    out, last = [], 0
    for m in _ITEMS_COUNTED.finditer(rest):
        said = m.group(1)
        count = count_word(said)
        run = re.search(r"[\u4e00-\u9fff]+$", rest[last:m.start()])
        listed = _side_by_side(run.group(0), count) if run else None
        out.append(rest[last:last + run.start()] + listed if listed else rest[last:m.start()])
        out.append(" ")
        last = m.end()
    return "".join(out) + rest[last:]


def _side_by_side(run: str, count: int) -> Optional[str]:
    words, at = [], 0
    for slot in sorted(metric_slots(run), key=lambda s: run.find(s.text)):
        found = run.find(slot.text, at)
        if found < 0 or run[at:found].strip("的"):
            return None
        words.append(slot.text)
        at = found + len(slot.text)
    return "、".join(words) if len(words) == count and at == len(run) else None


# a verb asked as yes or no by saying it twice around 没/不 ("给没给", "收没收", "公开不公开"); not 有没有,
# 是不是, 多不多 and the like, which other readings take
_A_NOT_A = re.compile(r"((?![有是对多少高低大小好会能])[\u4e00-\u9fff]{1,2})(?:没有?|不)\1")


def _reviews_not_handled(parts: tuple) -> tuple:
    """Each part without the words that say requests were handled (办理了, handled, processed) when it names
    reconsiderations or lawsuits: "how many lawsuits did X handle" asks the lawsuits, not a result column
    (办理结果 is the requests table's; a review's columns are 结果维持, 结果纠正, 其他结果 …)."""
    def handling(s: Slot) -> bool:
        return "办理结果" in s.alternatives or bool(_HANDLING.fullmatch(s.text))

    return tuple(tuple(s for s in part if not handling(s)) or part
                 if any(s.key.startswith("review.") for s in part) else part for part in parts)


_HANDLING = re.compile(r"(?:办理|处理|审理|受理|应对|经办)(?:了|过)?")


def _carried_not_pending(parts: tuple) -> tuple:
    """Each part that names requests carried into the next year without the words that say a case is
    pending (尚未审结, "unresolved"): requests carried over are the pending ones, and 尚未审结 is a column of the
    reviews and lawsuits table, which the part does not name ("carried forward to the next year unresolved")."""
    def pending(s: Slot) -> bool:
        return "尚未审结" in s.alternatives and not s.key

    return tuple(tuple(s for s in part if not pending(s)) or part
                 if any(s.key.startswith("requests.carried_forward") or "结转下年度继续办理" in s.alternatives for s in part)
                 and not any(s.key.startswith("review.") for s in part) else part for part in parts)


# an English article left before a name set aside (its mask: a run of spaces)
_ARTICLE_BEFORE_NAME = re.compile(r"(?i)\b(?:the|an?)\b(?=\s{3,})")
_WHEN_OR_UNIT = re.compile(r"(?:截至|截止|到|至)(?:当年|本年|该年|(?:19|20)\d\d\s*年)?\s*(?:年底|年末|12\s*月\s*31\s*日|十二月底)"
                           r"(?:时|的时候|为止)?|(?:折成|折合|换算成|换成|合成)(?:人民币)?(?:是)?(?:多少)?(?:元|块钱?)(?:是多少)?")
_HASHTAG = re.compile(r"#[^#\s]{1,24}#")  # a Weibo topic tag
_MEDIAN = re.compile(r"中位数|中值|\bmedian\b", re.I)
_ORDER = re.compile(r"排名|排序|排个名|排一下|排个序|[从由按](?:多到少|高到低|大到小|少到多|低到高|小到大)|"
                    r"\brank(?:ed|ing)?\b|\bin order\b|\bsort(?:ed)?\b", re.I)
_BEFORE_LISTED = re.compile(r"\s*(?:(?:19|20)\d\d\s*年度?)?\s*(?:的|下属的?|所属的?)?\s*")
_ITS_DEPARTMENTS = re.compile(r"[^，,。？?（(]{0,20}?(?:部门|单位|委办局)")
_ITEMS_RANKED = re.compile(r"最多|最少|最高|最低|最大|最小|前[一二两三四五六七八九十\d]+(?:个|项|种|类|名|位)?|排名|排序|排个序|排一下|"
                           r"[从由按](?:多到少|高到低|大到小|少到多|低到高|小到大)|\b(?:most|fewest|top \d+)\b", re.I)


_PERCENT_WORDS = re.compile(r"百分|%|％|比例|比率|占比|\bpercent", re.I)


def _items_ranked(text: str) -> bool:
    """"不予公开的各种理由里，件数最多的前三个是哪些": the parts of one figure, largest first."""
    return bool(_ITEMS_RANKED.search(text))


_AGENCY_KIND = re.compile(r"(?:区直|县直|市直|省直|州直)?(?:各|这些|那些|哪些|所有|这几个|那几个|哪几个|几个|[两二三四五六七八九十\d]+个)?"
                          r"(?:部门|单位|机关|委办局)?(?:的?年报|的?报告)?(?:里面|里头|当中|之中|里|中)?")
# "只要部门的，不算区里": which agencies are ranked (the place's departments, not its government), no metric
_AGENCY_SCOPE = re.compile(r"(?:只要|只看|只算|仅看|仅算|只统计|仅限|光看)(?:各个?)?(?:部门|单位|局)的?|"
                           r"(?:不算|不含|不包括|不要|除去|去掉|刨去)(?:区里|县里|市里|本级|[区县市]本级|管委会|"
                           r"[区县市]?政府(?:本身|自己)?)的?")
# "down 12.3%", "较上年增长8.3%": a change stated with its figure, in a question that checks a claim
_CHANGE_STATED = re.compile(r"\b(?:down|up|fell|rose|dropped|declined|increased|decreased|grew|a drop of|a rise of)\s+(?:by\s+)?"
                            r"\d+(?:\.\d+)?\s*(?:%|per ?cent)(?=[^?？]*(?:\bright\b|\bcorrect\b|\btrue\b|\baccurate\b))|"
                            r"(?:增长|下降|减少|增加|上升|降低)了?\s*\d+(?:\.\d+)?\s*[%％](?=[^？?]*(?:对吗|对不对|是真的|属实|准确吗|是否准确))",
                            re.I)
# "only departments that handled at least one request": a bound on who is counted, not the lowest asked
_AT_LEAST = re.compile(r"\b(?:at least|no (?:less|fewer) than|not (?:less|fewer) than)\b", re.I)
_TREND = re.compile(r"变化|变动|起伏|涨跌|增减情况")
_TOTAL_WORDS = frozenset({"总计", "合计", "共计", "总数", "一共", "总共"})
# "年报表四里", "第三张表中", "in table 4": which table holds the figure (its words say which row), no metric
_TABLE_NAMED = re.compile(r"(?:年报|报告|统计)?表(?:格)?[一二三四五六1-6](?![\u4e00-\u9fff]{0,3}项)(?:里|中|上|的)?|"
                          r"第[一二三四五六1-6](?:张|个)表(?:格)?(?:里|中|上|的)?|\bin table [1-6]\b|"
                          # "报告第三部分“收到和处理政府信息公开申请情况”表中", "附表二": the part of the report
                          r"(?:年度?报告|年报|报告)?的?(?:第[一二三四五六]部分|附表[一二三四五六1-6])|"
                          # the section's heading with its number, unquoted ("四、政府信息公开行政复议、行政诉讼情况，…")
                          # (not 主动公开政府信息情况, which names its own figure: "主动公开政府信息情况如何，共计多少条")
                          r"[三四]\s*[、.．]\s*(?:收到和处理政府信息公开申请情况|政府信息公开行政复议[、，,]?行政诉讼情况)"
                          r"(?:部分|表格?)?(?:中|里|内|上)?|"
                          r"[“\"「][一二三四五六]?[、.．]?(?:收到和处理政府信息公开申请情况|政府信息公开行政复议[、，,]?"
                          r"行政诉讼情况|主动公开政府信息情况|依申请公开政府信息情况(?:统计)?表?|申请人情况|"
                          # (but "“本年度办理结果”那一栏的总计" names the results' 总计 row)
                          r"(?:三[、.．])?本年度办理结果(?![”\"」]?[^，,。？?]{0,6}?(?:总计|合计)))"
                          r"[”\"」]?(?:一?栏|一?列|表格?|部分)?(?:中|里|内|上)?|"
                          # the total column and the parts of a row, said in a formal question: the row's own total
                          r"(?:在|按)?总计(?:列|栏)(?:上|中|里)?的?|项下的?|[一二三四五六七八九十\d]*(?:个|种|项)?(?:子项|细分理由)|"
                          r"所列的?[一二三四五六七八九十\d]*(?:种|个|项)?情形|[两二三四五六七八九十几各]项之和", re.I)
# "表格第二十条第（一）项里": the article of the 条例 a part of table 二 stands under (not a figure of 二十条);
# "总体情况里说": the report's first section, where a stated figure stands. Where, not what.
_ARTICLE_NAMED = re.compile(r"(?:表格?)?(?:里|中)?(?:《条例》)?第二十条第?\s*[（(]?[一二三四五六七八九十]*[)）]?\s*项(?:里|中|下|上)?的?|"
                            r"(?:报告|年报)?的?总体(?:情况|概况)(?:部分)?(?:里|中)?")
# how the figure is to be written ("请以百分比表示并保留两位小数"), or the name the question gives the ratio
# it defines ("把“复议纠错率”定义为…", "我用的“公开率”=…", "按这个口径"): no metric, the definition is
_WRITTEN_AS = re.compile(r"(?:把|将)?[“\"「][^“”\"「」]{2,10}[”\"」](?:定义为|定义成|指的是|是指|=|＝)|"
                         r"(?:按|依|照)(?:这个|此|该|上述)口径|口径|(?:我|我们)(?:在课上|平时|这里)?用的|"
                         r"(?:请)?(?:以百分比表示|用百分比表示|以百分数表示)?并?(?:保留|精确到)[一二两三四\d]位小数|"
                         r"(?:请)?以百分(?:比|数)表示|精确到(?:个位|小数点后[一二两三四\d]位|0\.0*1\s*[%％]?)?|"
                         r"(?:保留|取)?[一二两三四\d]位小数|"
                         r"(?:换算|折算|折合|换)(?:成|为)(?:万元|元|件|条|百分比)|"  # "换算成元": how to write it
                         # "减少的话写负数", "下降用负数表示": the sign a fall is written with
                         r"(?:如果|若|要是)?(?:是)?(?:减少|下降|降低|变少)了?(?:的话)?[，,]?\s*(?:请|就)?(?:写|用|记|填|标)(?:成|为)?负(?:数|号|值)"
                         r"(?:表示)?|(?:请)?(?:用|以)负(?:数|号|值)表示(?:减少|下降|降低)?")
_PROSE_ASKED = re.compile(r"正文|文字部分|文中|报告里(?:写|说)|报告(?:上|中)?(?:写|说)|(?:according to|in) the (?:report'?s? )?"
                          r"(?:text|prose|narrative)|the text (?:says|states|of the report)", re.I)
_TABLE_ASKED = re.compile(r"表格|统计表|报表|表里|表中|表上|一栏|附表|附?表[一二三四五六1-6](?![\u4e00-\u9fff]{0,3}项)|"
                          r"\bin the table\b|\bthe table (?:says|shows|gives)\b", re.I)
_ASKING_CLAUSE = re.compile(r"[^，,。；;？?！!]*(?:多少|几|是否|有没有|\bhow (?:many|much)\b|\bwhat\b)[^，,。；;？?！!]*", re.I)


def asking_clause(text: str) -> str:
    """The last clause that asks (多少, 几, how many …), or the whole text when none does: "…总计栏是空的，
    那到底予以公开了多少件" asks in "那到底予以公开了多少件"."""
    asking = [m.group(0) for m in _ASKING_CLAUSE.finditer(text)]
    return asking[-1] if asking else text


_CHECKING = re.compile(r"(?:是不是|对不对|对吗|是吗|真的吗|属实吗|准确吗|没错吧|有没有错)[^，,。；;？?！!]*[？?]?\s*$|"
                       r"是[^，,。；;？?！!]{0,12}?[吗么]\s*[？?]?\s*$|"
                       r"\b(?:is (?:it|that|this) (?:right|correct|true|so)|is that what it says)\b", re.I)


# Chinese words quoted or bracketed in an English question
_CJK_ASIDE = re.compile(r"['‘“\"「（(][^'’”\"」）)]*[\u4e00-\u9fff][^'’”\"」）)]*['’”\"」）)]")


# the prose quoted with a figure of its own ("正文说受理申请17件", "the text says 17")
_PROSE_CLAIM = re.compile(r"(?:正文|文字部分|文中|报告里?)(?:上|中|里)?(?:写|说|称|提到)(?:的是|了|是)?[^，,。；;？?]{0,30}?\d|"
                          r"\bthe (?:text|prose|narrative) (?:says|states|gives)\b[^,.;?]{0,40}?\d", re.I)


_GOVERNMENT_NAMED = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,10}?(?:省|市|县|区|州|盟|旗))人民政府")


# "不算管委会全区那份", "也不包括管委会办公室", "除了财政金融局以外": a clause leaving something out
_LEFT_OUT_CLAUSE = re.compile(rf"(?:{LEAVE_OUT_ZH_RE}|除了)[^，,。？?；;）)]{{1,30}}")


def _left_out_clauses(text: str) -> list[tuple[int, int]]:
    """Where the clauses stand that leave something out."""
    return [m.span() for m in _LEFT_OUT_CLAUSE.finditer(text)]


def _government_not_held(text: str, groups, spans) -> Optional[str]:
    """A government named in full ("天津市滨海新区人民政府") when no government was matched and no agency was
    matched by its own place (the last division it names): the collection's 天津经济技术开发区 was matched by
    天津 alone, and is another body."""
    if any(a.endswith("政府") for g in groups for a in g):
        return None  # a government held: the name is its (凉山彝族自治州人民政府 of 凉山州人民政府)
    for m in _GOVERNMENT_NAMED.finditer(text):
        last = re.findall(r"[\u4e00-\u9fff]+?(?:省|市|县|区|州|盟|旗)", m.group(1))[-1]
        start = m.end(1) - len(last)
        if not any(a < m.end(1) and b > start for a, b in spans):
            return m.group(1)[-min(len(m.group(1)), 7):] + "人民政府"
    return None


def _prose_asked(text: str) -> bool:
    """Whether the figure asked is the one the prose states: said where the question asks ("报告正文说…
    有多少件"), not only where it quotes the prose before asking for the table's ("正文说受理了17件，可表格里
    …写的是多少"), nor where it quotes the report to check a figure ("报告说受理申请17件，是不是17？": the
    report's own figure for it is asked, the table's where it prints one)."""
    asking = [m.group(0) for m in _ASKING_CLAUSE.finditer(text)]
    if not asking and _CHECKING.search(text) and not _PROSE_ASKED.search(_CHECKING.search(text).group(0)):
        return False
    said = asking[-1] if asking else text
    if asking and not _PROSE_ASKED.search(said) and _PROSE_CLAIM.search(text):
        return False  # "正文说受理申请17件，那到底收到多少件": the prose's figure quoted, the report's own asked
    if _TABLE_ASKED.search(said):
        return False
    return bool(_PROSE_ASKED.search(said) if asking and _PROSE_ASKED.search(said) else
                _PROSE_ASKED.search(text) and not _TABLE_ASKED.search(text))


def _table_asked(text: str) -> bool:
    """Whether the figure asked is the one the table prints, said in the clause that asks ("…正文说均获维持，
    表里维持的到底几件？")."""
    asking = list(_ASKING_CLAUSE.finditer(text))
    if not asking or _PROSE_ASKED.search(asking[-1].group(0)):
        return False
    if _TABLE_ASKED.search(asking[-1].group(0)):
        return True
    # "…，表里本年新收是这个数吗？新收到底几件？": the table named in the check just before it
    before = [c for c in re.split(r"[，,。；;？?！!]", text[:asking[-1].start()]) if c.strip()]
    return bool(before) and bool(re.search(r"吗|么|嘛", before[-1])) and bool(_TABLE_ASKED.search(before[-1])) \
        and not _PROSE_ASKED.search(before[-1])


# a figure given, and where it stands asked: "有没有提到1136这个数，在哪", "2122这个数吗？出现在哪儿", "769是哪一行的总计",
# "64.4是什么", "3940这个数出现了吗，指的什么", "is 1136 in the report, and where"
_NUMBER = r"(\d[\d,，]*(?:\.\d+)?(?:万|亿)?)"
_LOCATED = re.compile(r"(?:有没有|有无|是否有|是否|有)(?:提到|出现|写到|写了|出现过|提及)?(?:过)?\s*“?" + _NUMBER + r"”?\s*(?:这个|这一|该)?(?:数字?|数据|数值)?"
                      r"(?=[^，,。？?]{0,6}[？?吗呢，,])|"
                      r"(?<![\d.])" + _NUMBER + r"[%％]?”?[^？?。！!\d]{0,10}?(?:这个|这一|该)?(?:数字?|数据|数值)?\s*(?:是什么|指的?是?什么|是指什么|是哪|在哪|出现在|出现了吗|出现过吗|"
                      r"对应(?:的)?是?哪|属于哪|是哪一|代表什么|说的是什么)|"
                      r"\b(?:is|does|where is|where does)\s+(?:the\s+(?:figure|number)\s+)?" + _NUMBER + r"\s+(?:appear|in the report|stand|come from)",
                      re.I)
_WHERE_WORDS = re.compile(r"在哪|哪[一个]?[行项栏列部分节]|是什么|指的?什么|是指|代表|对应|出现|提到|写到|提及|这个数(?!字?(?:吗|么|嘛))|这一数字|"
                          r"\bwhere\b|\bwhat\b", re.I)


def located_figure(text: str) -> Optional[str]:
    """The figure a question gives to be found in the report ("有没有提到1136这个数，在哪"), as typed;
    None when it asks for a figure instead (a year is no such figure)."""
    if not _WHERE_WORDS.search(text):
        return None
    for m in _LOCATED.finditer(text):
        number = next(g for g in m.groups() if g)
        plain = number.replace(",", "").replace("，", "")
        if m.end() < len(text) and text[m.start():m.end()].endswith(plain) and text[m.end():m.end() + 1] == "年":
            continue  # "2023年": a year
        if plain.isdigit() and len(plain) == 4 and 1990 <= int(plain) < 2100:
            continue  # a year
        return plain
    return None


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
    if q.located:
        seen.append(("figure", q.located))
        return replace(q, recognised=tuple(dict.fromkeys(seen)), not_understood=False)
    return replace(q, recognised=tuple(dict.fromkeys(seen)), not_understood=not q.parts or not _names_a_metric(q))


# "好不好", "做得咋样", "评价一下": an opinion asked for; "帮我写一段…感想": a text to write. No figure answers either.
_OPINION = re.compile(r"好不好|好坏|怎么样|咋样|做得|如何评价|怎么评价|评价一下|评价如何|打分|打几分|打个分|给个分|满意吗|靠谱|行不行|优秀|差劲|"
                      r"有啥用|有什么用|有何用|有用吗|有没有用|意义何在|说说看|谈谈看|"
                      r"透不透明|透明不透明|搞得更好|做得更好|搞得好|合不合格|合格不合格|"
                      r"写一段|写一篇|写篇|写个|起草|撰写|润色|感想|心得|作文|演讲稿|"
                      r"how good|how well|opinion|write (?:me )?an? |essay", re.I)


def _names_a_metric(q: Question) -> bool:
    """Whether any metric word could name a figure: a glossary word that says more than "信息公开",
    or a word of the question's own that is neither a bare number ("123") nor an opinion asked for."""
    slots = [s for part in q.parts for s in part]
    opinion = bool(_OPINION.search(q.text))  # "…工作做得怎么样": its other free words name nothing either
    return any(s.weight >= 1.0 if s.from_glossary else not (s.text.strip().isdigit() or opinion)
               for s in slots)
