"""The words that ask for an operation rather than a figure: shares (比例, share), changes between
years (增加, fell), comparisons and rankings across agencies (哪个, most), sums (一共, combined) and
gaps between two metrics of one report (A比B多多少, how many more A than B). Used by ``qa.question``.
"""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")

_RATIO_ZH = ("比例", "比重", "占比", "百分比", "百分之多少", "百分之几", "几成", "所占", "之比", "比率", "率")
_RATIO_EN = ("percentage", "percent", "proportion", "share", "ratio", "fraction", "rate")
_CHANGE_ZH = ("增加", "减少", "增长", "下降", "变化", "多了", "少了", "增减", "相差", "差距", "差多少", "涨", "降")
_CHANGE_EN = ("change", "changed", "increase", "increased", "decrease", "decreased", "grow", "grew",
              "rise", "rose", "fall", "fell", "drop", "dropped", "difference", "more than", "fewer than",
              "less than", "compared", "up from", "down from")
_COMPARE_ZH = ("哪个", "哪家", "哪一个", "谁", "更多", "更少", "相比", "比较", "对比")
_COMPARE_EN = ("which", "compare", "compared", "more", "fewer", "versus", "vs")
_RANK_ZH = ("最多", "最少", "最高", "最低", "排名", "排第", "第一", "前三", "前五", "最大", "最小")
_RANK_EN = ("most", "least", "highest", "lowest", "rank", "ranking", "top", "largest", "smallest", "fewest")
LOW_ZH = ("最少", "最低", "最小", "更少")
LOW_EN = ("least", "lowest", "smallest", "fewest", "fewer", "less")
SUM_ZH = ("一共", "总共", "共计", "合计", "加起来", "总和", "合起来", "累计", "共")
_SUM_EN = ("in total", "total", "altogether", "combined", "in all", "together", "sum")
ALL_AGENCIES_ZH = ("各部门", "所有部门", "各单位", "哪个部门", "哪个单位", "哪家单位", "各机关", "哪个机关")
ALL_AGENCIES_EN = ("which department", "which agency", "which bureau", "all departments", "all agencies",
                    "each department", "each agency", "departments", "agencies")
# "which Pingtan department", "each of the bureaus": a question about every agency (of the place named)
ALL_AGENCIES_EN_RE = re.compile(r"\b(?:which|each|every|all)\b(?:\s+of\s+the)?"
                                 r"(?:\s+(?!(?:the|a|an|its|this|that|it)\b)[A-Za-z'’\-]+){0,3}?\s+"
                                 r"(?:departments?|agenc(?:y|ies)|bureaus?)\b", re.I)
# "制发数比废止数多多少": two metrics of one report, the first less the second
GAP_ZH = re.compile(r"(.+?)比(.+?)(?:多|少)了?(?:多少|几)")
GAP_EN = re.compile(r"\bhow (?:many|much) (?:more|fewer|less)\b(.+?)\bthan\b(.+)", re.I)
CONJUNCTIONS = re.compile(r"(?:和|与|及|以及|加上|加|跟)")
OPERATION_WORDS = (_RATIO_ZH + _CHANGE_ZH + _COMPARE_ZH + _RANK_ZH + SUM_ZH + ALL_AGENCIES_ZH
                    + ("因为", "多多少", "少多少", "哪一年", "哪年"))

def has_any(text: str, words, english: bool = False) -> bool:
    """Whether the text holds any of the words (English ones as whole words)."""
    if english:
        low = text.lower()
        return any(re.search(r"(?<![a-z])" + re.escape(w) + r"(?![a-z])", low) for w in words)
    return any(w in text for w in words)


def operation_of(text: str, years: list[int], ranged: bool, n_agencies: int, all_agencies: bool) -> str:
    """The operation a question asks for (an ``Operation`` of ``qa.question``), from its words, the
    years and the number of agencies it names."""
    en = not _CJK.search(text)
    has = (lambda zh, en_words: has_any(text, zh) or has_any(text, en_words, english=True))
    ratio, change = has(_RATIO_ZH, _RATIO_EN), has(_CHANGE_ZH, _CHANGE_EN)
    if "占" in text:
        ratio = True
    summing = has(SUM_ZH, _SUM_EN)
    if len(years) >= 2 and ranged and summing:
        return "sum"
    if len(years) == 2 and (change or "比" in text or (en and not summing)):
        return "percent_change" if ratio else "difference"
    if len(years) <= 1 and n_agencies <= 1 and not all_agencies and not ratio \
            and (GAP_ZH.search(text) or GAP_EN.search(text)):
        return "gap"
    if ratio:
        return "ratio"
    if has(_RANK_ZH, _RANK_EN) and (all_agencies or n_agencies != 1):
        return "rank"
    if n_agencies >= 2:
        if has(_COMPARE_ZH, _COMPARE_EN) or "比" in text:
            return "compare"
        if summing:
            return "sum"
    if all_agencies and summing:
        return "sum"
    if len(years) >= 2 and summing:
        return "sum"
    return "lookup"


# "同比", "year-on-year", "than the year before": a change from the year before the one named
_YEAR_ON_YEAR = re.compile(r"同比|较上年|比上年|较去年|比去年|与上年相比|与去年相比|上年同期|year[- ]on[- ]year|"
                           r"(?:than|from|over|compared (?:with|to)) (?:the )?(?:previous|prior|last|preceding) year|"
                           r"(?:than|from|over) the year before", re.I)


def year_on_year(text: str) -> bool:
    """Whether the question asks how a figure changed from the year before the one it names."""
    return bool(_YEAR_ON_YEAR.search(text)) and (has_any(text, _CHANGE_ZH) or has_any(text, _CHANGE_EN, english=True))


def without_year_on_year(text: str) -> str:
    """The text without its "同比" / "than the previous year" words (they name no metric)."""
    return _YEAR_ON_YEAR.sub(" ", text)
