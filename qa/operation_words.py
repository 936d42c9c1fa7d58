"""The words that ask for an operation rather than a figure: shares (比例, share), changes between
years (增加, fell), comparisons and rankings across agencies (哪个, most), sums (一共, combined) and
gaps between two metrics of one report (A比B多多少, how many more A than B). Used by ``qa.question``.
"""
from __future__ import annotations

import re
from functools import lru_cache

_CJK = re.compile(r"[\u4e00-\u9fff]")

_RATIO_ZH = ("比例", "比重", "占比", "百分比", "百分之多少", "百分之几", "百分点", "%", "几成", "所占", "之比", "比率", "率", "增幅", "降幅", "涨幅", "跌幅", "幅度", "增速")
_RATIO_EN = ("percentage", "percent", "proportion", "share", "ratio", "fraction", "rate")
_CHANGE_ZH = ("增加", "减少", "增长", "下降", "变化", "变动", "多了", "少了", "增减", "相差", "差距", "差多少", "差了", "差几", "涨", "降",
              "回落", "回升", "下滑", "缩减")
_CHANGE_EN = ("change", "changed", "increase", "increased", "decrease", "decreased", "grow", "grew",
              "rise", "rose", "fall", "fell", "drop", "dropped", "difference", "more than", "fewer than",
              "less than", "compared", "up from", "down from")
_COMPARE_ZH = ("哪个", "哪家", "哪一个", "谁", "更多", "更少", "相比", "比较", "对比")
_COMPARE_EN = ("which", "compare", "compared", "more", "fewer", "versus", "vs")
_RANK_ZH = ("最多", "最少", "最高", "最低", "排名", "排第", "第一", "前三", "前五", "最大", "最小", "排序", "排个序",
            "排一下序", "排一下", "排个名", "排排", "排列", "排行", "从多到少排", "从多到少", "从少到多", "从高到低", "从低到高",
            "由多到少", "由高到低", "按多到少排", "按多到少", "按少到多排", "按少到多", "按高到低", "按低到高", "从大到小",
            "从小到大", "由少到多", "由低到高", "倒数", "垫底", "末位")
_RANK_EN = ("most", "least", "highest", "lowest", "rank", "ranking", "top", "largest", "smallest", "fewest", "peak",
            "bottom")
# "倒数两名", "垫底的": the lowest first
LOW_ZH = ("最少", "最低", "最小", "更少", "从少到多", "从低到高", "由少到多", "由低到高", "按少到多", "按低到高", "从小到大",
          "倒数", "垫底", "末位")
LOW_EN = ("least", "lowest", "smallest", "fewest", "fewer", "less", "bottom")
SUM_ZH = ("一共", "总共", "共计", "合计", "加起来", "加在一起", "加一起", "加到一起", "加一块", "相加", "加总", "总和", "之和",
          "合起来", "汇总", "累计", "共")
# "不算复议", "刨除不予公开的", "excluding ...": what a sum or a count leaves out (qa.metric_parts, qa.question,
# qa.asides all read exclusions with these words)
LEAVE_OUT_ZH = ("不算", "不计入", "不计", "不包括", "不包含", "不含", "刨除", "刨去", "排除", "剔除", "扣除", "扣掉", "除去", "除掉", "去掉",
                "抛开", "撇开", "减掉")
LEAVE_OUT_ZH_RE = "|".join(sorted(LEAVE_OUT_ZH, key=len, reverse=True))
SUM_EN = ("in total", "total", "altogether", "combined", "in all", "together", "sum")
ALL_AGENCIES_ZH = ("区直部门", "县直部门", "市直部门", "区直单位", "县直单位", "市直单位", "所有报告", "全部报告",
                   "所有年度报告", "所有年报", "各部门", "所有部门", "各单位", "哪个部门", "哪个单位", "哪家单位", "各机关", "哪个机关", "各个部门",
                   "各个单位", "各委办局", "各局", "各委办", "各区直部门", "各职能部门", "所有单位", "哪个局")
ALL_AGENCIES_EN = ("which department", "which agency", "which bureau", "all departments", "all agencies",
                    "each department", "each agency", "departments", "agencies", "bureaus", "bureau-level",
                    "bureau level", "department-level", "department level")
# "which Pingtan department", "each of the bureaus": a question about every agency (of the place named)
ALL_AGENCIES_EN_RE = re.compile(r"\b(?:which|each|every|all)\b(?:\s+of\s+the)?"
                                 r"(?:\s+(?!(?:the|a|an|its|this|that|it)\b)[A-Za-z'’\-]+){0,3}?\s+"
                                 r"(?:departments?|agenc(?:y|ies)|bureaus?)\b", re.I)
# "制发数比废止数多多少": two metrics of one report, the first less the second
# "A比B多百分之多少": by how much one figure exceeds another, as a percentage of the other
PERCENT_GAP = re.compile(r"比[^，,。？?]+?(?:多|少|高|低)(?:出来?)?了?\s*(?:百分之多少|百分之几|多少%|多少％|几成)(?!\s*百分点)")
GAP_ZH = re.compile(r"(.+?)比(.+?)(?:多|少|高|低)(?:出来?)?了?\s*(?:多少|几|百分之多少|百分之几)|(.+?)(?:减去|减掉|扣除|扣掉|去掉)(.+)|"
                    r"(.+?)(?:和|与|跟|同)(.+?)(?:之间)?的?(?:相差|差距|差值|差额|差了|差)(?:是|有)?(?:多少|几|多大)")
GAP_EN = re.compile(r"\bhow (?:many|much) (?:more|fewer|less)\b(.+?)\bthan\b(.+)|"
                    r"\b(?:difference|gap) between (.+?) and (.+)|"
                    r"(.+?)\bminus\b(.+)", re.I)  # "those issued during the year minus those repealed"
# "A和B相差多少", "哪年多，差多少", "the difference between A and B": a gap without a direction, a
# positive figure
UNDIRECTED = re.compile(r"相差|差距|差值|差额|哪(?:一年|年|个|家|边)[^，,？?]{0,4}(?:多|少|高|低|大|小)|"
                        # "A和B，新收申请差多少件", "2020年跟2019年比差多少钱": 差 says no way (A比B差
                        # 多少 is how far A falls short, a gap; 多了还是少了 asked beside it keeps the sign)
                        r"差了?(?:多少|几)|"
                        r"\b(?:difference|gap) between\b|\bwhich (?:year|one|agency) (?:had|has|was|is|got) "
                        r"(?:more|fewer|less|higher|lower)\b", re.I)
CONJUNCTIONS = re.compile(r"(?:和|与|及|以及|加上(?!年|一年)|加|跟)")  # 新收加上年结转: 加 + 上年结转
# "新收加上年结转", "A加B": arithmetic said outright (增加/追加 are not)
PLUS_ZH = re.compile(r"(?<![增追叠参施])加(?:上)?(?!强|快|大|班|入|以)|[+＋]|\bplus\b", re.I)
# "先升后降", "连续上升了吗", "涨了还是跌了": the shape of a series asked, no metric
TREND_ZH = ("先升后降", "先降后升", "先增后减", "先减后增", "先涨后跌", "先跌后涨", "连续上升", "连续下降", "连续增长", "连续增加",
            "连续减少", "连续下滑", "持续上升", "持续下降", "持续增长", "持续减少", "一直上升", "一直下降", "一直在涨", "一直在降",
            "逐年上升", "逐年下降", "逐年增加", "逐年减少", "逐年增长")
# "涨了还是跌了", "多了还是少了": which way a figure changed, no metric
_EITHER_WAY_ZH = ("涨了还是跌了", "升了还是降了", "增了还是减了", "多了还是少了", "是涨是跌", "是升是降")
OPERATION_WORDS = (("多少倍", "几倍", "倍数") + _RATIO_ZH + _CHANGE_ZH + _COMPARE_ZH + _RANK_ZH + SUM_ZH + ALL_AGENCIES_ZH
                    + ("因为", "多多少", "少多少", "哪一年", "哪年") + TREND_ZH + _EITHER_WAY_ZH)

# "是洪泽区的多少倍", "how many times": the first figure divided by the second
TIMES = re.compile(r"(?<![好翻])(?:多少倍|几倍)|倍数|(?:之比|比值|ratio of)(?![^。？?]*?(?:百分比|百分数|百分之|as a percent|in percent|"
                   r"expressed as a percent|as percent))|how many times|times (?:as (?:many|much|large|high)|larger|more)", re.I)


def has_any(text: str, words, english: bool = False) -> bool:
    """Whether the text holds any of the words (English ones as whole words)."""
    if english:
        return bool(_whole_words(tuple(words)).search(text.lower()))
    return any(w in text for w in words)


@lru_cache(maxsize=256)
def _whole_words(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in words) + r")(?![a-z])")


_HOW_OFTEN = re.compile(r"how many times(?!\s+(?:as|more|larger|higher|bigger))", re.I)  # "taken to court": a count


# "A平均到每件B是多少", "A per B": one figure divided by the count of another
PER_EACH = re.compile(r"(.+?)(?:平均|均摊|分摊)(?:到|下来)?每(?:一)?(?!个?月|季度?|年|天|日|周)[件个条项次人份家]?(.+?)(?:是|为|有|合)?(?:多少|几)|"
                      r"(.+?)\bper\s+(?!cent\b|year\b|month\b|day\b|week\b|the\b|its\b|their\b|a\b|an\b)(.+)", re.I)
# "工作人员人均处理多少件申请", "per staff member": a figure over a count of people, in the figure's unit
PER_HEAD = re.compile(r"人均|平均每(?:个)?人|每人平均|每(?:个|名|位)?(?:工作人员|人员)(?:平均)?|"
                      r"\bper (?:person|head|capita|staff(?: member)?|employee|official)\b", re.I)
# "信息公开工作人员人均处理多少件申请": the people first, their figure after (B人均A: A over B)
PER_HEAD_SIDES = re.compile(r"([^，,。？?；;]*?(?:人员|工作人员|干部|职工|员工))(?:平均)?(?:人均|平均每(?:个)?人|每人平均)"
                            r"(?:要|需要|得|需)?([^，,。？?；;]*?(?:多少|几)[^，,。？?；;]*)")
# "A相当于B的百分之几", "A is what percentage of B": one figure as a percentage of another
PERCENT_OF = re.compile(r"(?:相当于|是|为)[^，,。？?]{0,12}的(?:百分之几|百分之多少|多少%|百分比|几成)|"
                        r"what percentage of|as a percentage of", re.I)


_CUMULATIVE_COLUMN = re.compile(r"历年累计|累计数")
# "哪一年多？多多少？", "差几件": how far apart two figures are
_GAP_ASKED = re.compile(r"多多少|少多少|差多少|差了多少|相差|差几|多几|少几|多出")


# "by what percentage did … exceed its 2023 level": a change, in other words than _CHANGE_EN's
_CHANGE_SAID_EN = re.compile(r"\b(?:exceed\w*|higher|lower|above|below|grow\w*|growth|gain\w*|jump\w*|surg\w*|"
                             r"declin\w*|shr[ai]nk\w*|by what|by how|from \d{4} to|between \d{4} and)\b", re.I)
_EACH_EN = re.compile(r"\b(?:respectively|for each|in each|each of them|both years|rank(?:ed|ing)?|side by side)\b", re.I)
# "2023年相对2022年", "相较于上一年": one year against another
RELATIVE_TO = re.compile(r"相对于?|相较于?|对比于?")


# "2024年比2023年…": a comparison; not the 比 of a share's own name (占比, 比例, 比重, 比率)
_COMPARED_BY = re.compile(r"(?<![占之])比(?![例重率值])")


def operation_of(text: str, years: list[int], ranged: bool, n_agencies: int, all_agencies: bool) -> str:
    """The operation a question asks for (an ``Operation`` of ``qa.question``), from its words, the
    years and the number of agencies it names."""
    # English, or an English sentence with Chinese terms in it ("By what percentage did 平潭's 行政事业性收费 …")
    en = not _CJK.search(text) or len(re.findall(r"[A-Za-z]{2,}", _CJK.sub(" ", text))) >= 5
    text = _CUMULATIVE_COLUMN.sub(" ", text)  # "历年累计": the column of the old tables, no sum asked
    has = (lambda zh, en_words: has_any(text, zh) or has_any(text, en_words, english=True))
    ratio, change = has(_RATIO_ZH, _RATIO_EN), has(_CHANGE_ZH, _CHANGE_EN)
    if "占" in text and not re.search(r"占(?:了|到)?(?:多少|几)\s*(?:件|条|个|人|次|项|份|家)", text):
        ratio = True  # "其中自然人占多少件": a count, not a share
    summing = has(SUM_ZH, SUM_EN)
    if len(years) >= 2 and ranged and summing:
        return "sum"
    if len(years) == 2 and en and n_agencies <= 1 and not all_agencies and not (
            change or _GAP_ASKED.search(text) or TIMES.search(text) or summing or _CHANGE_SAID_EN.search(text)) and (
            ratio or has_any(text, _SERIES_EN, english=True) or _EACH_EN.search(text)):
        # "What was its disclosure rate in 2023 and in 2024?", "rank … in 2019 and … in 2024": each year's figure
        return "ratio" if ratio else "lookup"
    if len(years) == 2 and (change or _GAP_ASKED.search(text) or _COMPARED_BY.search(text) or RELATIVE_TO.search(text)
                            or TIMES.search(text) or (en and not summing)):
        return "percent_change" if ratio else "difference"
    if len(years) <= 1 and n_agencies <= 1 and not all_agencies and (PER_EACH.search(text)
                                                                       or PER_HEAD_SIDES.search(text)):
        return "ratio"  # "信息处理费平均到每件新收申请是多少元": one figure per unit of another
    if len(years) <= 1 and n_agencies <= 1 and not all_agencies and TIMES.search(text) \
            and not _HOW_OFTEN.search(text):
        return "ratio"  # "行政复议是行政诉讼的几倍": two figures of one report, one over the other
    if len(years) <= 1 and n_agencies <= 1 and not all_agencies and not ratio \
            and (GAP_ZH.search(text) or GAP_EN.search(text)):
        return "gap"
    if len(years) <= 1 and n_agencies <= 1 and not all_agencies and PERCENT_GAP.search(text):
        return "gap"  # "现行有效件数比本年废止件数多百分之多少": the gap over the second figure, as a percentage
    if ratio and n_agencies == 2 and PERCENT_OF.search(text):
        return "compare"  # "洪泽区的收费相当于淮安市的百分之几": one agency's figure over the other's
    if ratio:
        return "ratio"
    if has(_RANK_ZH, _RANK_EN) and (all_agencies or n_agencies != 1) and not year_extreme(text):
        return "rank"  # (not "其中哪一年最多" of a follow-up that names no agency: a year of the series)
    if n_agencies >= 2:
        if has(_COMPARE_ZH, _COMPARE_EN) or "比" in text or TIMES.search(text) or (change and n_agencies == 2):
            return "compare"  # "A跟B…差了多少件", "A和B相差多少": two agencies compared
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
    """The text without its "同比" / "than the previous year" words (they name no metric); "carried
    over from the previous year" keeps them: the requests carried over (上年结转), a metric."""
    return _YEAR_ON_YEAR.sub(lambda m: m.group(0) if m.group(0).lower().startswith("from")
                             and _CARRIED_BEFORE.search(text[:m.start()]) else " ", text)


_CARRIED_BEFORE = re.compile(r"\b(?:carr|roll|brought|bring)\w*[\s-]+(?:over|forward|in|across)\s*$", re.I)


# ---- Shapes: a series over years, a list of metrics, a ranking with its N --------------------

_SERIES_ZH = TREND_ZH + ("每年", "每一年", "每个年度", "逐年", "各年度", "各年份", "各年", "历年来", "历年", "趋势", "走势",
                         "按年份", "按年度", "按年", "分年度", "年度变化", "这几年", "近几年", "历年变化", "排成一个序列",
                         "排成序列", "一个序列", "时间序列", "序列")
_SERIES_EN = ("each year", "every year", "year by year", "year-by-year", "by year", "over the years",
              "trend", "trends", "over time", "annually", "for each year", "per year", "each of the years")
# "两年的数字各是多少", "这三年分别是多少", "both years": each of the years, one by one
_YEARS_EACH = re.compile(r"[两二三四五六几]个?年(?:度|份)?的?[^，,；;？?。]{0,6}?(?:各|分别)|"
                         r"\b(?:both|each of the (?:two|three|last \w+)) years\b", re.I)
# "哪年最多", "which year had the most": a series and the year of its highest (lowest) point
_WHICH_YEAR = re.compile(r"哪(?:一|个)?年(?:份|度)?|(?:最高|最多|最低|最少|最大|最小)的(?:那|哪)?一?个?年(?:份|度)?|"
                         r"which (?:of (?:those|these|the) )?years?|what year|in which year", re.I)
# "A和B相等吗": both figures, side by side, so that the reader sees whether they are
_LIST_ZH = ("分别", "各是多少", "各有多少", "各为多少", "各多少", "各自", "各是", "各有", "相等吗", "是否相等", "相等不",
            "一样多吗", "是否一样多", "列一下", "列一列", "罗列一下")
# "各提了多少", "各几件", "都是多少": a figure for each of the things named before
LIST_ZH_RE = re.compile(r"各(?:自|提|做|办|收|占|开展|举办|组织|发布|作出|办理)?了?(?:是|有|为)?(?:多少|几)|"
                        r"都(?:是|有|为)(?:多少|几)")
# "相差几个百分点", "高出多少": the gap between two shares asked, not the shares
GAP_IN_POINTS = re.compile(r"百分点|相差|差距|高出|低于|高了?多少|低了?多少|高几|低几|percentage points?", re.I)
# "对比一下", "比较一下", "side by side": each one's figure set beside the other's
SIDE_BY_SIDE = re.compile(r"对比|比较|比一比|比一下|side by side|\bcompare", re.I)
# "各项原因", "三种情况", "哪几类": the parts of the figure named, one by one (words that name no metric)
# one figure for each of the things named: "分别", "各自", "各几件", "respectively"
EACH = re.compile(r"分别|各自|respectively|each of|"
                  # "did A and B each report": each of those named (not "each year", "each department")
                  r"\b(?:each|apiece)\b(?!\s+(?:year|month|quarter|day|week|agency|agencies|department|bureau|office|"
                  r"government|district|county|city|zone))|" + LIST_ZH_RE.pattern, re.I)
BREAKDOWN = re.compile(r"(?:各(?:项|类别?|种)|哪(?:些|几)(?:种|类|项)?|哪[两二三四五六七八九十\d]+(?:种|类|项))(?:原因|情况|情形|理由|类型|渠道|方式|结果)?|"
                       # "break down … into its three sub-categories", "its sub-items"
                       r"(?i:\bbreak\s+(?:it\s+|that\s+|this\s+)?down\b(?!\s+by\s+year)|\bsub-?categor(?:y|ies)\b|\bsub-?items?\b)|"
                       r"[几一二两三四五六七八九十\d]+(?:种|类|项|个)(?:小项|子项|细项|原因|情况|情形|理由|类型|渠道|方式|结果)|"
                       r"按(?:申请人|申请)?(?:原因|情况|情形|理由|类型|类别|渠道|方式|结果)(?:拆开|拆分|分开|分|来分|划分)?|明细|构成|"
                       r"细分|细项|拆开来?|拆分|拆一下|"  # "不予处理细分下？": its parts
                       # "哪一种处理结果的件数最多", "各类别中最多的是哪一类", "排名第一的是哪一类": the parts, ranked
                       r"哪(?:一)?(?:种|类|项)(?=[^，,。？?]{0,16}(?:最多|最少|最高|最低|最大|最小))|"
                       # "不予公开的理由里，哪一类最多": among the figure's reasons, then which
                       r"(?<=的)(?:理由|原因|情形|类型|类别|方式|渠道|结果)(?:里|中|当中)(?=[，,]?\s*(?:哪|最|排))|"
                       # "哪个细分理由最多": which of the figure's reasons, ranked
                       r"哪(?:一)?个(?:细分|具体)?(?:原因|理由|情形|类型|类别|结果|方式|渠道)(?=[^，,。？?]{0,16}(?:最多|最少|最高|最低|最大|最小))|"
                       r"(?:最多|最少|最高|最低|最大|最小|排名第一|排第一|第一名?)的?(?:是|为)?哪(?:一)?(?:种|类|项)|"
                       r"各(?:个)?类别")
_LIST_EN = ("respectively", "each of them", "and how many", "and how much", "broken down", "one by one", "equal to",
            "the same as", "list", "list out")
# several metrics named in a row: "行政许可、行政处罚、行政强制", "申请数和办结数", "requests and lawsuits"
LIST_SEPARATORS = re.compile(r"(?:、|，|,|;|；|以及|和|与|及|跟|\band\b|\bas well as\b|\bplus\b|\bvs\.?(?!\w)|\bversus\b|"
                             r"(?<=[A-Za-z])\s+/\s+(?=[A-Za-z]))", re.I)  # "upheld / corrected / other"
# "哪三个部门", "哪几个单位", "哪些部门": every agency, ranked
ALL_AGENCIES_ZH_RE = re.compile(r"(?:库里|集合里|集合中)?(?:所有|全部)的?[\s\d|]*(?:年度|年)?的?(?:年度)?(?:报告|年报)|"
                                r"哪(?:[几一二两三四五六七八九十\d]+个|些)(?:部门|单位|机关|局|委|办)|"
                                r"(?:下属|所属|直属|下辖|其他)?各(?:个)?(?:委办局|区直部门|职能部门|部门|单位|机关|委办|局|委|办)|"
                                # "有年报的几个部门，…分别是多少": the departments the collection holds
                                r"(?:有年报|有报告|发了年报|发布了?年报|有数据)的(?:这|那)?(?:几个|各个|那些|这些)?(?:部门|单位|机关)|"
                                r"(?<![哪这那])几个(?:部门|单位|机关)(?=[，,的]|分别|各)|"
                                r"有(?:几|多少)(?:个(?:部门|单位|机关|局)|家(?![\u4e00-\u9fff]))|"  # "有几个部门…", "是0的有几家"
                                r"(?:这|那)[一二两三四五六七八九十\d]+个(?:部门|单位|机关)|"
                                # "24年的部门里行政处罚是0的有哪些": the agencies that are asked for
                                r"(?:部门|单位|机关)(?:里|中|当中|之中)(?=[^，,。？?]{0,20}?(?:有哪|是哪|哪几|哪些))|"
                                # "平潭那几个局里": the departments of the place just named
                                r"(?<=[\u4e00-\u9fff])(?:那|这)(?:几|些)个?(?:部门|单位|机关|局|委|办)(?=里|中|当中|之中|的?(?:年报|报告)|[（(])|"
                                # "平潭那几份部门年报里", "各部门的年报": every department's report of the place
                                r"(?:(?:那|这)?(?:几|些)份|各(?:个)?|(?<=的))(?:部门|单位|机关|委办局|区直部门)的?"
                                r"(?:年报|年度报告|报告)|"
                                r"(?:前[一二两三四五六七八九十\d]+(?:名|个|家|位)?|最多|最少|最高|最低|排名靠前|排名)的?"
                                r"(?:几(?:个|家)|[一二两三四五六七八九十\d]+(?:个|家))?(?:部门|单位|机关|局)")
_TOP_N = re.compile(r"(?:前|排名前|倒数(?:前)?|最后|top\s*|bottom\s*|first\s+|哪)\s*([一二两三四五六七八九十\d]+|three|five|ten|two|four)"
                    r"(?![\d一二两三四五六七八九十]|\s*(?:年|个?月|季度|天|项|条|件))\s*(?:名|位|个|家)?", re.I)
_EXTREME_N = re.compile(r"(?:最多|最少|最高|最低|最大|最小)的\s*([一二两三四五六七八九十\d]+)\s*(?:个|家|名|类|项|种)")
_WHICH_N_PARTS = re.compile(r"哪\s*([两二三四五六七八九十\d]+)\s*(?:类|项|种)")  # "哪三类理由件数最多"
_N_AGENCIES_EN = re.compile(r"\b(?:the\s+)?(two|three|four|five|ten|\d+)\s+(?:\w+\s+){0,2}?"
                            r"(?:departments|agencies|bureaus|units)\b", re.I)
_ONE = re.compile(r"最(?:多|少|高|低|大|小)的?是?哪一?(?:个|家|项|类|种)|哪一?(?:个|家|项|类|种)(?:部门|单位|机关)?[^，,？?]{0,12}最|"
                  r"\bwhich (?:\w+ ){0,3}(?:department|agency|bureau|unit)\b", re.I)
_NUMERALS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}


def count_word(word: str) -> int | None:
    """A small count said in digits or Chinese numerals (3, 三, 两, 十五), or None."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in _NUMERALS:
        return _NUMERALS[word]
    if len(word) == 2 and word[0] == "十" and word[1] in _NUMERALS:  # 十五
        return 10 + _NUMERALS[word[1]]
    return None


def series_words(text: str) -> bool:
    """Whether the question asks for a metric over the years (每年, 历年, 趋势, by year, trend);
    历年累计 is a cumulative figure of one report, not a series."""
    if "累计" in text or "cumulative" in text.lower():
        return False
    return (has_any(text, _SERIES_ZH) or has_any(text, _SERIES_EN, english=True)
            or (_YEARS_EACH.search(text) is not None and not has_any(text, SUM_ZH)
                and not has_any(text, SUM_EN, english=True)))  # "both years combined": a sum


def year_extreme(text: str) -> str | None:
    """"max" or "min" when the question asks which year had the most (least) of the metric."""
    if not _WHICH_YEAR.search(text):
        return None
    if has_any(text, LOW_ZH) or has_any(text, LOW_EN, english=True):
        return "min"
    if has_any(text, _RANK_ZH) or has_any(text, _RANK_EN, english=True) or has_any(text, ("more", "higher")):
        return "max"
    if not _GAP_ASKED.search(text):  # not "哪一年多？多多少？"
        which = re.search(r"哪(?:一|个)?年(?:份|度)?[^，,。？?]{0,12}?(?:更|比较|较)?(?<![多少])(多|少)(?![多少几])",
                          text)  # "哪一年行政处罚多", not "哪一年…多少件"
        if which:
            return "max" if which.group(1) == "多" else "min"
    return None


def rank_words(text: str) -> bool:
    """Whether the question asks for an order (排名, 最多, 从高到低, top, highest)."""
    return has_any(text, _RANK_ZH) or has_any(text, _RANK_EN, english=True)


def list_words(text: str) -> bool:
    """Whether the question asks for several figures one by one (分别, 各是多少, respectively)."""
    return has_any(text, _LIST_ZH) or bool(LIST_ZH_RE.search(text)) or has_any(text, _LIST_EN, english=True)


# "共公布政府信息2599条，各类别中…": a total the question states with its figure, no sum asked
# (not "加起来真的等于总计21件吗": a sum asked, then checked against the total)
_STATED_SUM = re.compile(r"(?:一共|总共|共计|合计|累计|共)[^，,。？?\d等是为]{0,12}\d")


def breakdown_words(text: str) -> bool:
    """Whether a question naming one figure asks for its parts one by one ("不予公开的各项原因",
    "行政复议的结果分别是多少", "broken down"); "and how many …" asks for one figure."""
    said_each = bool(LIST_ZH_RE.search(text) or has_any(text, _LIST_ZH))
    if not said_each and has_any(_STATED_SUM.sub(" ", text), SUM_ZH):
        return False  # "不予公开的合计多少（八类原因加总）": the sum of the parts, one figure
    return bool(said_each or BREAKDOWN.search(text)
                or re.search(r"(?i)\bbroken down\b|\bbreak(?:s|ing)? (?:it |them )?down\b|\bbreakdown\b|\brespectively\b|"
                             r"\beach of them\b|\bby (?:outcome|result|reason|type)s?\b", text))


_TOP_N_SAID = re.compile(r"(?:列出?|排|取|给出?)?(?:排名)?前\s*[一二两三四五六七八九十\d]+\s*(?:名|个|位|家|项)?|"
                         # "哪三类…最多", "件数最多的三项": how many parts of one figure are asked
                         r"哪\s*[两二三四五六七八九十\d]+\s*(?:类|项|种)(?:理由|原因|情形)?|"
                         r"(?<=最多的|最少的|最高的|最低的|最大的|最小的)\s*[两二三四五六七八九十\d]+\s*(?:类|项|种)(?:理由|原因|情形)?|"
                         r"\btop\s*\d+\b", re.I)


# "比第二名多多少", "领先第二名多少件", "比排第二的那类多出多少", "比第二多的多几件", "ahead of the second":
# how far the first of ranked parts leads the second
LEAD = re.compile(r"(?:比|领先|高出|超出|多出|超过)(?:排(?:在|名)?)?(?:倒数)?(?:第二|次多|次高|次少|老二)"
                  r"(?:名|位|多?的?(?:那|这)?一?(?:类|项|种|个)?)?的?(?:多出?|高出?|少)?了?(?:多少|几)?(?:件|条|个|次|项)?|"
                  r"\b(?:than|over|ahead of|lead over) the (?:second|next|runner-up)(?: one| place)?\b|\brunner-up\b", re.I)


# "平均每家", "每个部门平均", "按部门平均算": the mean over the agencies asked about
PER_AGENCY = re.compile(r"(?:平均|均摊到?|摊到)每(?:一)?(?:家|个部门|个单位|个机关|个局|部门)|每(?:家|个部门|个单位|个局)(?:平均|均)|"
                        r"按(?:部门|单位|家)(?:来)?平均(?:算|计算|下来)?|\b(?:on )?average (?:per|for each|across) (?:the )?"
                        r"(?:department|agency|bureau|office)s?\b|\bper (?:department|agency|bureau)\b", re.I)
# "收到过申请的那些部门里", "有申请的单位中": only the agencies that received requests
WITH_REQUESTS = re.compile(r"((?:收到过|收到了|接到过|接到了|有过?|有人提出?过?)(?:政府信息公开|信息公开|依申请公开)?申请的)"
                           r"(?=(?:那些|这些|那几个|这几个|几个|各个)?(?:部门|单位|机关|局))")
# "不算0件的，哪一类最少", "excluding zeros": the parts ranked without those at nought
NONZERO = re.compile(r"(?:不算|不计|除去|除了|排除|去掉|刨除|剔除)(?:为)?(?:0|零)(?:件|条|个|项|次)?的?|非零|不为(?:0|零)的?|"
                     r"大于(?:0|零)的?|\b(?:excluding|not counting|leaving out|ignoring) (?:the )?zeros?\b|\bnon-?zero\b", re.I)


def without_top_n(text: str) -> str:
    """The text without how many a ranking asks for (列前四, 前三名, top 5), the place asked (第二名) and
    the lead over the second (比第二名多多少): those words name no metric."""
    return _PLACE.sub(" ", LEAD.sub(" ", _TOP_N_SAID.sub(" ", text)))


# departments spoken of: a ranking over a place is of its departments, not its own government's report
DEPARTMENT_WORDS = re.compile(r"部门|局|委办|(?i:departments?|bureaus?)")
# "第二名多少件", "排第三的是谁", "the second-highest": one place of a ranking (not 比第二名多多少, a lead)
_PLACE = re.compile(r"(?:排(?:名|在)?)?第\s*([一二两三四五六七八九十\d]+)\s*(?:名|位|多|高|大|少|低|(?<=排第.)的|(?<=排名第.)的)|"
                    r"\b(second|third|fourth|fifth)[- ]"
                    r"(?:highest|most|largest|biggest|lowest|fewest|smallest|place)\b", re.I)
_ORDINALS_EN = {"second": 2, "third": 3, "fourth": 4, "fifth": 5}


def place_asked(text: str) -> int | None:
    """The place of a ranking a question asks for (第二名 2, 排第三 3, the second-highest 2), or None (the
    first, or a lead over the second: "比第二名多多少")."""
    text = LEAD.sub(" ", text)
    places = [count_word(m.group(1)) if m.group(1) else _ORDINALS_EN[m.group(2).lower()] for m in _PLACE.finditer(text)]
    places = [p for p in places if p]
    return max(places) if places and max(places) > 1 else None


def top_n(text: str) -> int | None:
    """How many agencies a ranking asks for: 前三 3, 哪五个部门 5, top 10 10, "the three departments" 3,
    最多的是哪个部门 1; None when the question does not say or asks for every one as well ("分别是多少？
    哪个部门最多？")."""
    for m in _TOP_N.finditer(text):
        n = count_word(m.group(1))
        if n and (m.group(0).startswith("哪") is False or "个" in m.group(0)):
            return n
    m = _WHICH_N_PARTS.search(text)
    if m and count_word(m.group(1)) and re.search(r"最|most|fewest", text):
        return count_word(m.group(1))
    m = _EXTREME_N.search(text)  # "最少的三个部门"
    if m and count_word(m.group(1)):
        return count_word(m.group(1))
    m = _N_AGENCIES_EN.search(text)
    if m and count_word(m.group(1)):
        return count_word(m.group(1))
    if _ONE.search(text) and not _EVERY_ONE.search(text):
        return 1  # "哪个部门最多"; with "分别是多少" or "排一下" every agency is asked too
    return None


_EVERY_ONE = re.compile(r"分别|各自|各是|依次|排一下|排个序|排序|排名|排列|从多到少|从高到低|从大到小|从少到多|从低到高|"
                        r"\beach\b|\brank(?:ed|ing)?\b|\bin order\b|\ball of them\b", re.I)


# "2024年申请增长率", "涨了多少", "growth rate": a change of one named year from the year before it
_IMPLICIT_CHANGE = re.compile(r"增长率|增幅|降幅|增速|涨幅|跌幅|变化率|变动率|(?:增长|下降|增加|减少|上涨|上升|回落|回升|下滑|缩减|涨|降|跌)了?"
                              r"(?:百分之|多少|几)|growth rate|rate of (?:growth|change|increase|decrease)|"
                              r"percent(?:age)? (?:change|increase|decrease|rise|fall|drop)|"
                              r"how much did .{1,60}? (?:grow|rise|fall|drop|increase|decrease|change)\b", re.I)


def implicit_year_on_year(text: str) -> bool:
    """Whether a question about one year asks how much its figure changed (增长率, 涨了多少, growth
    rate) without naming the year it changed from: then it is the year before."""
    return bool(_IMPLICIT_CHANGE.search(text)) and "比" not in text and not re.search(
        r"\b(?:than|from|compared)\b", text, re.I)


# "比去年", "较上一年", "than last year": the relative year is what a change is measured from
COMPARED_WITH = re.compile(r"(?:比|较|与|跟|和|同|相比于|相较于?|than|from|over|compared (?:with|to)|versus|vs\.?)\s*$",
                           re.I)


def asks_change(text: str) -> bool:
    """Whether the question asks how a figure changed (增加, 下降, rose, fell …)."""
    return has_any(text, _CHANGE_ZH) or has_any(text, _CHANGE_EN, english=True)


def without_shape_words(text: str) -> str:
    """The text without the words that ask for a shape (每年, 趋势, 分别, 哪年, by year): they name
    no metric. 历年累计 keeps its words (a cumulative figure of one report)."""
    if series_words(text):
        for w in sorted(_SERIES_ZH, key=len, reverse=True):
            text = text.replace(w, " ")
        for w in sorted(_SERIES_EN, key=len, reverse=True):
            text = re.sub(r"(?i)(?<![a-z])" + re.escape(w) + r"(?![a-z])", " ", text)
    text = BREAKDOWN.sub(" ", text)  # "各项理由", "三个子项", "按原因": which parts, no metric
    for w in _LIST_ZH:
        text = text.replace(w, " ")
    text = LIST_ZH_RE.sub(" ", text)
    text = re.sub(r"(?i)\b(?:respectively|each of them|one by one|broken down|break(?:s|ing)? (?:it |them )?down|"
                  r"by (?:outcome|result|reason|type)s?)\b", " ", text)
    return _WHICH_YEAR.sub(" ", text)


# where the other side is said: "跟/和…比", "相当于…的百分之几", "比…变化/多/少"
OTHER_SIDE = (
    re.compile(r"(?:再)?(?:跟|和|与|同)(?P<other>[^，,。？?]{2,40}?)(?:相)?比"),
    re.compile(r"相当于(?P<other>[^，,。？?]{2,40}?)的?(?=百分之|几成|多少倍|几倍)"),
    re.compile(r"(?<!相)比(?P<other>[^，,。？?]{2,40}?)(?=变化|多|少|增|减|高|低|下降|上升)"),
)
ADDED_UP = re.compile(r"[+＋]|加起来|加在一起|加总|合计|之和|相加|总和|combined|added up|in total", re.I)


def sides_said(text: str) -> Optional[re.Match]:
    """Where a question sets one side against another, each with its own years and one of them several added
    up (qa.sides): the match of the other side's words; None when it does not."""
    from qa.years import find_years

    if not ADDED_UP.search(text):
        return None
    for pattern in OTHER_SIDE:
        m = pattern.search(text)
        if m is not None:
            first, other = find_years(text[:m.start()])[0], find_years(m.group("other"))[0]
            if first and other and max(len(set(first)), len(set(other))) >= 2:
                return m
    return None
