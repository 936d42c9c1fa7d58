"""The wording of a question that asks nothing: a story told before the question, who asks and why
(作为律师想核实一下), asides in brackets, examples said in passing (就是公众号、微博那些), a figure
the question states to be checked or as a threshold (是1330件吗, 超过100件), hearsay (有人说).
``qa.question.understand`` takes it out before the metric words are read (``qa.metric_parts``).
"""
from __future__ import annotations

import re
from typing import Optional

from qa.metric_words import metric_slots, names_a_column
from qa.operation_words import LEAVE_OUT_ZH_RE

# an aside in brackets; one that gives examples (…等)
ASIDE = re.compile(r"[（(]([^（）()]*)[）)]")
EXAMPLES = re.compile(r"[（(][^（）()]*等[^（）()]*[）)]")

_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*")
_ASKS = re.compile(r"[？?]\s*$|多少|(?<![好十])几(?![十百千万])[件个条场次项期人名份家位起成]|是否|有没有|"
                   r"\b(?:how|what|which)\b", re.I)  # (not "好几次", "十几个": a story's vague count)


_PLEASE = re.compile(r"^\W*(?:那么|冒昧地?|麻烦|劳驾|斗胆|再|还)?(?:请问|我想问|想问|问一下|我就想问)")


def asking_sentence(text: str) -> Optional[tuple[int, int]]:
    """The first sentence that asks, when the question tells a story before it ("我退休前是教书的。…
    我就想问问，那一年一共开了几场新闻发布会啊？", "节目里有个说法是…一万多条政府信息。请问2024年…
    主动公开了多少条？比2023年涨了还是降了？"): its span, the question being that sentence and those
    after it; None when the first sentence asks."""
    sentences = [m.span() for m in _SENTENCE.finditer(text) if m.group(0).strip(" 。！？!?")]
    asking = [sp for sp in sentences if _ASKS.search(text[sp[0]:sp[1]])]
    marked = [sp for sp in asking if re.search(r"[？?]\s*$", text[sp[0]:sp[1]])]
    if marked and any(sp not in marked for sp in asking[:asking.index(marked[0])]):
        # "我注意到…专栏有多少人来看。冒昧请问，…是多少人次？": a story's 多少 said, the question marked after
        asking = [sp for sp in asking if sp in marked or sp > marked[0]]
    # "我很好奇这笔钱一年到底能收多少。请问，…是多少元？": the sentence that says 请问 asks
    please = [sp for sp in asking if _PLEASE.match(text[sp[0]:sp[1]])]
    if please and please[0] != sentences[0]:
        return please[0]
    return asking[0] if asking and asking[0] != sentences[0] else None


# "有没有超过2000件", "超过一次没有": a threshold the asker sets, in digits or in words
THRESHOLD = re.compile(r"(?:有没有|是不是|是否|有无)?(?:超过|超出|多于|少于|不到|不足|达到|高于|低于|突破|过)了?\s*"
                        r"(?:[\d,，.]+|[一二两三四五六七八九十百千]+)\s*(?:万|千|百)?[条件个次人名元篇期场项份家起宗例]?"
                        r"(?:没有|没|吗|么)?|(?:有没有|是不是|是否)")
# "报告里说行政处罚是1330件，对吗", "开了15场新闻发布会": a figure the question states (to be checked,
# or as a threshold) names no metric; the figure asked is the report's
CLAIMED = re.compile(r"(?:将近|接近|近|大约|约|超过|不到)?(?:"
                     # "破千件", "过万条": a round figure passed, claimed
                     r"(?:破|过)[百千万亿](?:件|条|个|次|人|元)?|"
                     # "“零诉讼”", "零复议": none, claimed in a word
                     r"(?<=[“\"「])零(?=[\u4e00-\u9fff]{1,4}[”\"」])|"
                     # "more than 100", "fewer than 20", "over 500": a bound claimed in English
                     r"\b(?:more|fewer|less) than \d[\d,]*\b|\b(?:over|under|nearly|almost|about) \d[\d,]*\b|"
                     # "两百出头", "一千挂零": a figure said back roughly
                     r"[\d零〇一二两三四五六七八九十百千万]+\s*(?:件|条|个|次|人|元|万元)?\s*(?:出头|挂零)|(?:(?<![\d.])\d[\d,，]*(?:\.\d+)?\s*|(?=[零〇一二两三四五六七八九十百千万]*[一二两三四五六七八九])"
                     r"[零〇一二两三四五六七八九十百千万]{2,}|[一二两三四五六七八九十百千](?=[多余来几]))(?:多|余|来|几)?"
                     r"(?:亿|万|千|百)?(?:多|余)?(?:万元|元|条|件|个|次|人|名|篇|期|场|项|份|家|起|宗|例|%|％)|"
                     # "一亿八千多万", "两千多万", "两个多亿": a large figure said in words, its unit left out
                     r"[一二两三四五六七八九十]个?[零〇一二两三四五六七八九十百千万亿多余]*[万亿][零〇一二两三四五六七八九十百千万亿多余]*|"
                     # "几百万件", "几千块", "上千条", "好几万": a size guessed, no figure
                     r"(?<![多少以])(?:好几|几|上|成)[十百千万亿]+(?:多|余)?(?:块钱?|元|件|条|个|次|人|名|篇|期|场|项|份|家|起)?|"
                     # "是7545千还是7545万", "减了21万多还是2万多": a figure in 千/万 with its unit left out
                     r"(?<![\d.])\d[\d,，]*(?:\.\d+)?\s*(?:千|万|亿)(?:多|余)?(?![\u4e00-\u9fff]*(?:元|件|条|人|次))|"
                     # "收费写的7545，": the figure as the table prints it, said back
                     r"(?<=写的|写着|填的|印的|填着|印着)\s*\d[\d,，]*(?:\.\d+)?(?![\d.])|"
                     # "表里的现行有效件数也是393吗": the figure said back to be checked
                     r"(?<=也是|真是|就是|还是|都是)\s*\d[\d,，]*(?:\.\d+)?(?=\s*(?:吗|么|嘛|呢|[？?]|$))|"
                     # "一个都没输", "一件复议都没有": none, claimed
                     # (the noun between stays: "一件申请都没收到" asks of 申请)
                     r"(?:一|1)\s*(?:个|件|起|次|宗|例)(?:都(?:没|没有|未)[\u4e00-\u9fff]?|(?=[\u4e00-\u9fff]{1,10}?都(?:没|没有|未))))")
# "编导估计", "差不多有", "大概": how sure the asker is of a figure they state, no metric
HEDGES = re.compile(r"(?:编导|记者|我们|大家|有人)?(?:估计|估算|猜测?)(?:的|是|有)?|差不多(?:有|是)?|大概(?:有|是)?|"
                    r"大约(?:有|是)?|左右|(?:只有|仅有|仅仅|才有?|竟有|竟然有|高达|多达)(?=\s*[\d一二两三四五六七八九十几])|(?:他|她|我)?(?:印象中|印象里|记得)(?:是|有)?|好像(?:有|是)?|"
                    # "…信息处理费肯定不少吧", "想必没少收吧": the asker's presumption, no metric
                    r"(?:肯定|想必|应该|一定)(?:不少|很多|很高|挺多|没少收?|少不了|没几件|没多少)(?:吧|吗)?|"
                    r"吃相难看|创历史新高|(?:一个|这个|那个)(?:局|部门|单位|区|县)(?:就|竟然|居然)?(?:收|有|办|发)了?这么多")
# "有人说…", "听说…", "网上说…": whose claim the question checks, no metric
HEARSAY = re.compile(r"(?:有人|别人|网上|网友|新闻|媒体|朋友|同事|领导)(?:说|称|讲|报道)|(?:大家|人们|外界|网上|外面)?都说|"
                     r"听说|听讲|听(?:人|别人|朋友|同事|领导|网友)说|据说|据称|据报道|网传|据传|"
                     # "稿件原文：“…”", "Draft line: …": the draft sentence quoted to be checked
                     r"(?:稿件|稿子|原稿|草稿|初稿|底稿)(?:原文|里)?[:：]|\bdraft(?: line| sentence| copy| text)?\s*[:：]|(?:网上|网络上|网络|坊间|外面|群里)?(?:流传|传言|盛传)(?:的|着|说|称)?|"
                     r"有消息(?:说|称)|消息(?:说|称)|"
                     r"(?:[他她我]|有人)?(?:看到|看见|读到|听到)?(?:的)?(?:有|一篇|某篇?|这篇)?(?:报道|稿子|稿件|初稿|草稿|原稿|底稿|文章|帖子|新闻稿|传言|传闻|材料)(?:里|中|上)?(?:说|称|写|讲|提到)(?:的)?|"
                     # "报告正文说…393件，这跟表二里的…一致吗": what the report says, quoted back to be checked
                     r"(?:年度)?(?:报告|年报|正文|原文|文中)(?:正文|里|中|上)?(?:说|称|写道|写着|提到)(?:的)?|"
                     r"(?:someone|people) (?:said|says|claims?)|i (?:heard|read) that|"
                     # "邻居老张说", "一位开小店的听众说", "有位听众来信", "她在报上看到": someone's word, no metric
                     # (来信/来电 alone only after 有位…: "接听市民来电" counts calls, it is nobody's word)
                     r"(?:有位|一位|有个|一个)?[^，,。：:？?]{0,8}?(?:邻居|听众|读者|网友|朋友|同事|领导|家人|亲戚|老板|"
                     r"市民|居民|大爷|大妈|阿姨|叔叔)[^，,。：:？?]{0,6}?(?:说|讲|称|问|(?:来信|来电)(?:说|问|称|讲|反映)|反映|提到|记得|以为|认为|印象里)|"
                     r"(?:有位|一位|有个|一个)[^，,。：:？?]{0,8}?(?:邻居|听众|读者|网友|朋友|市民|居民)[^，,。：:？?]{0,6}?(?:来信|来电)|"
                     r"(?:在)?(?:报上|报纸上|网上|新闻里|电视上|朋友圈|群里)(?:看到|看见|读到|说)(?:的)?|"
                     # a screenshot forwarded in a chat group: "【转发】", "群里刚看到这张截图", "有人在群里发了张图，说"
                     r"【转发】|(?:有人)?(?:在)?(?:群里|朋友圈)(?:刚|有人)?(?:看到|发了|有|转了)?(?:这|一)?张(?:截图|图)(?:[，,:：]\s*说|说)?|"
                     r"(?:截图|图上|图里)(?:里|上)?(?:说|写着|称)|"
                     # "微博上有人说", "朋友圈在传", "看到有博主说", "有人转发说", "a viral post says": a post's claim
                     r"(?:微博|微信群?|朋友圈|抖音|小红书|知乎|贴吧|论坛|群里)(?:上|里)?(?:有人|有博主|有网友)?"
                     r"(?:在传|转发说|发帖说|说|称|传)|(?:看到)?有?(?:博主|大V|自媒体|网友|up主)(?:发帖)?(?:说|称|爆料)|"
                     r"有人(?:转发|发帖|爆料)(?:说|称)?|"
                     r"\b(?:a|one|some)?\s*(?:viral\s+)?(?:social[- ]media\s+)?(?:post|tweet|blogger|blog|thread|rumou?r)s?\s+"
                     r"(?:says?|said|claims?|claimed)(?:\s+that)?\b", re.I)
# "年报里是这么写的吗", "这个数对吗", "这和分项对得上吗": the check asked of a stated figure, no metric
VERIFYING = re.compile(r"(?:想|要|需要)?(?:确认|核实|核对|确定|求证)一下|"
                       r"(?:我|我们)?(?:想|需要|得)(?:先|再)?(?:确认|核实|核对|求证)|(?:这句话?|这段话?|这一句)里?的?(?:数字)?|"
                       r"(?:请)?(?:按|根据|依据|对照)(?:年报|报告|原文)(?:改正|更正|核对|核实|修改|订正|核一下)|"
                       r"(?:年报|报告|表格?|统计表|正文)?(?:里|中|上)?(?:是|真的是|确实是)?(?:这么|这样|如此)(?:写|说|讲|填|报)的?(?:吗|么|嘛)?|"
                       r"(?:这个?数字?|这一?说法|这)?(?:对|准确|属实|真实|靠谱|正确|没错|有误)(?:吗|么|嘛|不对)|是真的吗|真有这么多(?:吗|么)?|"
                       r"(?:对|是|没错)吧|(?:是|就是)(?:这个|这)数(?:字)?(?:吗|么|嘛)|"
                       r"(?:这|它)?(?:和|与|跟)?(?:分项|各项|合计|总计|表格?|正文)?(?:对得上|对不上|一致|相符|吻合|一样|相同)(?:吗|么|不)?|"
                       r"(?:看看|看一下)?(?:这一?列|这一?行|这张表)?(?:自己)?(?:平不平|是否平衡|平衡吗)|"
                       # "这个说法站得住吗", "实际是多少", "Is that right?": a check asked
                       r"(?:这个|这种)?说法(?:站得住|成立|靠谱|对)(?:吗|么|不)?|实际上?(?=[是有一共\s]|多少|几)|"
                       r"\bis (?:that|this|it) (?:right|true|correct|accurate)\b\??")  # (not "actually": 实际收取, "actually collected")


def told_after(text: str) -> Optional[int]:
    """Where sentences that only state what the asker heard or guesses begin, after the sentences that
    ask ("…和2023年比是上升还是下降？听说翻了十几倍。"), or that only ask whether figures agree ("…总计栏是
    多少？与各项结果相加是否一致？": the check every answer shows): they name no operation; None when
    there are none."""
    sentences = [m.span() for m in _SENTENCE.finditer(text) if m.group(0).strip(" 。！？!?")]
    start = None
    for a, b in reversed(sentences):
        said = text[a:b]
        premise = _PREMISE.match(said) and not _COMPARED.search(said)  # "是不是比2023年多了很多？" asks which way
        checking = ((_AGREES.search(said) or premise)  # "与各项相加是否一致？", "是不是就说明…": a check
                    and not re.search(r"多少|(?<![那这])几", said))
        if not checking and (_ASKS.search(said) or not (HEARSAY.search(said) or HEDGES.search(said)
                                                         or _TIMES_SAID.search(said) or _REMARK.search(said))):
            break
        start = a
    return start if start is not None and start > sentences[0][0] else None


# "…收了几件。感觉比24年少了好多😂", "…几次啊。有点多吧": the asker's own remark after the question
# "这数据也太顶了", "绝了", "离谱", "yyds": an exclamation on the figure
_REMARK = re.compile(r"(?:我|总)?(?:感觉|觉得)|有点(?:多|少|高|低)|好多|太多|太少|挺多|挺少|[\U0001F300-\U0001FAFF]|"
                     # "不合格的数量我自己再看。", "谢谢啦": what the asker will do, thanks
                     r"我自己(?:再|去|来)?(?:看|查|算|找|问)|我(?:回头|之后|待会儿?|再)(?:看|查|算|找|问)|谢谢|多谢|感谢|辛苦了|"
                     r"(?:也|真|简直|实在)?太[^\W\d多少]{1,2}了(?:吧|啊|呀|叭)?|绝了|离谱|yyds|好家伙|我的天|天哪", re.I)
# "是不是就说明一件复议都没有？", "难道…": a yes or no on what the figure would mean, asked after it
_PREMISE = re.compile(r"^\W*(?:那|这|这就|那就)?(?:是不是|是否|难道|岂不是|不就是|就是说)")
_COMPARED = re.compile(r"比|增|减|升|降|涨|跌|多了|少了|翻|变化|\d{4}")
_AGREES = re.compile(r"一致|对得上|对不上|相符|吻合|一样|相同|一回事|一码事|平不平|是否平衡|平衡吗|\b(?:match|agree|add up)\b", re.I)
_TIMES_SAID = re.compile(r"翻了[\d一二两三四五六七八九十几多]*(?:倍|番)|翻番|翻倍|[\d一二两三四五六七八九十几多]+倍")
_TREND_CLAIMED = re.compile(r"(?:呈|是|出现)?(?:爆发式|井喷式?|断崖式|火箭式|急剧|成倍)(?:的)?(?:增长|上升|上涨|下降|下滑|减少|暴涨|暴跌)?")
# "听人说…一件行政诉讼都没有，是这样吗": none, claimed (the count is CLAIMED's; the noun stays); not "哪个部门
# 一件申请都没收到", which asks for those with none
_NONE_CLAIMED = re.compile(r"都(?:没有?|未)(?:收到|有过?|被告过?)?(?=\s*(?:[，,。？?！!]|是|吗|呢|$))")
_DOUBLED = re.compile(r"翻了[\d一二两三四五六七八九十多]*(?:倍|番)|翻番|翻倍")
_CLAUSES = re.compile(r"[^，,；;。！!？?—]+[，,；;。！!？?—]*")


def without_claims(rest: str) -> str:
    """The wording without the figures it states (``CLAIMED``), its hearsay and its check ("对吗"). A
    clause that states figures before a clause that asks ("网传行政复议351件、其中结果纠正46件，纠正的
    到底是多少件？") says what the figure is about, not a list asked: its enumeration and clause marks go."""
    clauses = [m.group(0) for m in _CLAUSES.finditer(rest)]
    stating = [bool(CLAIMED.search(c) or HEARSAY.match(c.strip())) and not _ASKS.search(c)  # "是不是超过100件？" asks
               for c in clauses]
    asked = [c for c in clauses if c.strip(" ，,；;。！!？?") and _ASKS.search(c)]
    # the last clause that asks and names a figure ("…却有15起？真有这么多？": not the check after it)
    last = next((c for c in reversed(asked) if any(s.key for s in metric_slots(CLAIMED.sub(" ", c)))),
                next((c for c in reversed(clauses) if c.strip(" ，,；;。！!？?")), ""))
    if any(stating) and last and not stating[clauses.index(last)] and _ASKS.search(last):
        # the clause that asks names a figure of its own ("…，行政诉讼是不是7件？"): the stated ones are not
        # it; else they say what it is about ("…，纠正的到底是多少件")
        # ("…432条公文类政府信息里，不是依申请公开的有多少条": what is asked is the rest of the stated whole)
        asked_words, negated = metric_slots(CLAIMED.sub(" ", last)), bool(_NEGATES.search(last))
        own = any(s.key for s in asked_words) and not negated
        known = any(s.from_glossary and s.weight >= 3.0 for s in asked_words)

        def said(c: str) -> str:
            whole = _WHOLE_STATED.search(c)
            if whole and not own and not negated and asked_words:
                # "…办结的58件申请里，通过信函提交的有多少件": a part of that whole, named by its own words
                return " " * whole.start(1) + whole.group(1) + " " * (len(c) - whole.end(1))
            if own:
                return " " * len(c)
            if known:  # "…里说集中发布现行有效行政规范性文件393件，表格里的现行有效件数是多少": what it is about
                return _known_only(c)  # (行政规范性文件), not the stated sentence's other words (集中发布)
            return re.sub(r"[、，,；;]", " ", c)

        rest = "".join(said(c) if claims else c for c, claims in zip(clauses, stating))
    rest = _DOUBLED.sub(" ", rest)  # "比2023年翻了一番，是真的吗": a change stated, not a metric
    rest = _TREND_CLAIMED.sub(" ", rest)  # "这几年是爆发式增长": how the figures are said to have moved
    if HEARSAY.search(rest) or VERIFYING.search(rest):
        rest = _NONE_CLAIMED.sub(" ", rest)
    return CLAIMED.sub(" ", HEDGES.sub(" ", THRESHOLD.sub(" ", VERIFYING.sub(" ", HEARSAY.sub(" ", rest)))))


def _known_only(clause: str) -> str:
    """A clause with only the words the glossary knows kept, the rest blanked (same length)."""
    keep = [False] * len(clause)
    for slot in metric_slots(clause):
        if slot.from_glossary:
            for m in re.finditer(re.escape(slot.text), clause):
                keep[m.start():m.end()] = [True] * (m.end() - m.start())
    return "".join(ch if k else " " for ch, k in zip(clause, keep))


# "…依法办结的58件申请里，": a whole stated with its figure, the head noun after the figure
_WHOLE_STATED = re.compile(r"\d[\d,，]*\s*[件条个项份起宗]\s*([\u4e00-\u9fff]{1,8}?)(?:里|中|当中|之中)\s*[，,]?\s*$")
_NEGATES = re.compile(r"(?<![是有])不是|不属于|(?<!有)没有被?|未被|并非|除了|除掉|除去|除开")
# "好，下一位听众朋友的问题是啊", "那个", "他自己猜是两百件出头": a presenter's talk, a filler, a guess
_TALK = re.compile(r"^\W*(?:好|好的|嗯|呃|那个|这个|就是说|然后|下面|下一位|接下来|听众|观众|网友|朋友|来电|问题是)|问题是啊?\W*$|"
                   r"^\W*(?:那个|这个|嗯|呃|啊)\W*$")


# "从2019年换新模板开始": a clause that only says from when
_SINCE = re.compile(r"(?:从|自)?\d{4}\s*年?[^，,；;：:。！!？?]*(?:开始|起|以来|以后|之后)\s*[，,；;：:]?\s*$")


def _names_metric(text: str) -> bool:
    """Whether the text names a metric in the glossary's words (of some weight)."""
    return any(s.from_glossary and s.weight >= 1.0 for s in metric_slots(text))


_WRITTEN_BLANK = re.compile(r"(?<![A-Za-z0-9_])_{2,}(?![A-Za-z0-9_])|＿+|（\s+）|\(\s+\)|□+")  # (not window.__name)
_CLAUSE_MARK = re.compile(r"[，,。；;！!？?：:“”\"「」]")


def the_blank_clause(rest: str, text: Optional[str] = None) -> str:
    """A draft sentence with a blank to fill ("共收到____件申请，另有上年结转34件"): only the clause that holds
    the blank asks; the others state what the writer already has. The wording unchanged when it has no blank.
    ``text``: the question as typed, aligned with ``rest`` (where names were masked, brackets may look empty)."""
    said = text if text is not None and len(text) == len(rest) else rest
    blank = _WRITTEN_BLANK.search(said)
    if blank is None:
        return rest
    starts = [0] + [m.end() for m in _CLAUSE_MARK.finditer(said)]
    start = max(a for a in starts if a <= blank.start())
    end = next((m.start() for m in _CLAUSE_MARK.finditer(said, blank.end())), len(said))
    return " " * start + rest[start:blank.start()] + " " * (blank.end() - blank.start()) + rest[blank.end():end] \
        + " " * (len(rest) - end)


def without_side_clauses(rest: str, text: str) -> str:
    """The wording without clauses that say nothing of the figure, when another clause names the metric:
    a heading before a colon ("做个屏幕图表用：…"), a clause that only says from when ("从2019年换新模板开始，…"),
    a presenter's talk or filler ("好，下一位听众朋友的问题是啊，那个，"), a guess ("他自己猜是两百件出头";
    a figure stated with no guess may be what the question computes with) and instructions after the last clause that asks ("…各是多少？只要数字，按年份列。"). Their words are in
    no label, and counted as the question's wording they would leave every figure short of it. ``text`` is
    the question aligned with ``rest`` (its years still in place)."""
    spans, start = [], 0
    for piece in _CLAUSE_END.split(rest):
        spans.append((start, start + len(piece)))
        start += len(piece)
    if len(spans) < 2:
        return rest

    asking = [i for i, (a, b) in enumerate(spans) if _ASKS.search(text[a:b])]
    last_ask = asking[-1] if asking else len(spans)
    side = [i for i, (a, b) in enumerate(spans)
            if rest[a:b].strip() and not _names_metric(rest[a:b]) and i not in asking
            and (i > last_ask or re.search(r"[：:]\s*$", rest[a:b]) or _SINCE.search(text[a:b])
                 or _TALK.search(text[a:b]) or HEDGES.search(text[a:b]))]
    if asking:  # "整理到…行政复议那一行时觉得有点怪，想问一下：…行政复议的“总计”是多少": the metric the question
        # asks, said again inside the asker's story, is no more of it than the asking clause says
        a, b = spans[last_ask]
        asked = {s.text for s in metric_slots(rest[a:b]) if s.from_glossary}
        for i, (x, y) in enumerate(spans):
            said = metric_slots(rest[x:y])
            known = {s.text for s in said if s.from_glossary}
            if i not in asking and i not in side and known and known <= asked and any(not s.from_glossary for s in said):
                side.append(i)
    if not side or not any(_names_metric(rest[a:b]) for i, (a, b) in enumerate(spans) if i not in side):
        return rest
    return "".join(" " * (b - a) if i in side else rest[a:b] for i, (a, b) in enumerate(spans))


# "政务新媒体，就是公众号、微博那些，": examples of what is counted, said in passing
_SAID_EXAMPLES = re.compile(r"[，,]\s*(?:就是|比如|例如|像|包括)[^，,。？?]{1,30}(?:那些|这些|之类的?|等等?)\s*(?=[，,。？?]|$)|"
                            # "…总共多少件？信访类、重复申请那些五种情形全算上": the parts of what is asked, all counted
                            r"(?<=[，,。？?])\s*[^，,。？?]{1,30}(?:那些|这些|之类的?|等)[^，,。？?]{0,8}?"
                            r"(?:全算上|都算上|全都算上|都算进去|全算进去|都算|算在内|都包括|全包括)\s*(?=[，,。？?！!]|$)|"
                            # "围绕就业、营商环境、科技创新这些主题，一共开了多少场新闻发布会": what the events were about
                            r"(?:围绕|聚焦|针对|关于|就)[^，,。？?]{1,40}?(?:这些|这几个|这几类|这几方面|等)(?:方面的?)?"
                            r"(?:主题|话题|议题|领域|重点工作|热点)|"
                            # "讲用工啊营商环境啊什么的": what they were about, said loosely
                            r"(?:讲|说|谈|关于)[^，,。？?]{1,30}?(?:什么的|之类的|等等)|"
                            # "不管是直接去起诉的，还是先复议完了再起诉的，都算上": every kind counted, the whole asked
                            r"(?:不管|不论|无论)是?[^。？?]{1,40}?[，,]?\s*还是[^。？?，,]{1,40}|"
                            # "向申请人收的信息处理费": whom it was charged to
                            r"向(?:申请人|群众|企业|公众|市民)(?=收|收取)|"
                            # "除了自然人那一栏，商业企业那一栏的…": one column set aside, another asked
                            r"除了?[^，,。？?]{1,12}?(?:那一?|这一?)(?:栏|列|行|格)(?:以外|之外)?\s*[，,](?![^，,。？?]*(?:其余|剩下|剩余|余下))|"
                            # "（四）无法提供三个小项、所有申请人类型合计": every column, the table's 总计 column
                            r"[、，,]?\s*(?:所有|全部|各类|各种)申请人(?:类型|类别|情况)?(?=\s*(?:合计|加总|加起来|总计|一共|共))")
# "法人或其他组织中的“其他”", "不是公司、科研机构、公益组织、律所的那种“其他”": the column 其他 of the
# organisations, not the organisations' total (法人或其他组织 holds the word 其他组织 too)
_ORGANISATION_KINDS = r"(?:公司|企业|科研|公益|律所|律师|法律服务|商业)"
_OTHER_COLUMN = "法人或其他组织·其他"  # as the table's header path says it (no longer than any match)
_OTHER_ORGANISATIONS = re.compile(
    r"(?:法人或者?其[他它]组织|企业(?:和|及|或)?其[他它]组织)\s*(?:中|里|当中|之中)的?\s*[“\"「]?其[他它][”\"」]?"
    r"(?:类|那一?(?:栏|列|类|项))?(?!组织|处理|形式|方式|原因|情形)|"
    rf"(?:既)?不是[^，,。？?]{{0,30}}?{_ORGANISATION_KINDS}[^，,。？?]{{0,30}}?的(?:那种|那类|这种|这类)?\s*"
    r"[“\"「]其[他它][”\"」](?:组织|单位|类)?")
# "办理的58件申请，扣掉不予公开的": the count of the thing said, as the asker has it; the thing is the metric
_TAKEN_FROM = re.compile(rf"{LEAVE_OUT_ZH_RE}|减去|除了|除去|剩下|还剩|剩余")
_COUNT_SAID_OF = re.compile(r"(?<=[的了])\s*\d+\s*(?:件|条|个|项|起)(?=[\u4e00-\u9fff])")
# "reported under Article 20(8)": where the template puts it, no metric
_ARTICLE = re.compile(r"\b(?:under|in|per|by)\s+(?:the\s+)?article\s+\d+\s*(?:\(\s*\d+\s*\))?", re.I)
# "fees collected … on FOI requests": what the fees were charged for, not a count of requests
_FEES_ON = re.compile(r"\b(?:on|for|from)\s+(?:foi\s+|information\s+|disclosure\s+)?(?:requests|applications|requesters|applicants)\b",
                      re.I)


def without_asides(rest: str) -> str:
    """The wording without asides in brackets that name no metric ("（以负数表示变化）", "（语料里有的
    年份）"), only give examples ("（企业、律所等）", "，就是公众号、微博那些，") or say what the figure
    includes ("（含复议后起诉）": a part of it, not the figure) or begin with 如/例如/such as; an aside that names one ("（新收加上年结转）")
    stays."""
    rest = _ABOUT_THE_REPORT.sub(lambda m: " " * len(m.group(0)), rest)
    rest = _OTHER_ORGANISATIONS.sub(lambda m: _OTHER_COLUMN.ljust(len(m.group(0))), rest)
    if _TAKEN_FROM.search(rest):  # (said of a whole that parts are taken from; elsewhere it may mark the whole)
        rest = _COUNT_SAID_OF.sub("", rest)
    rest = _FORMAT_SAID.sub(lambda m: " " * len(m.group(0)), rest)
    rest = _HOW_TO_RECKON.sub(lambda m: " " * len(m.group(0)), rest)
    rest = _TOTAL_CELL.sub(_mark_kept, rest)
    if _TOTAL_ASKED_AFTER.search(rest):
        rest = _PART_STATED.sub(_mark_kept, rest, count=1)
    rest = _SUM_CHECKED.sub(_mark_kept, rest)
    rest = _APPOSITION.sub(lambda m: f"（{m.group(1)}）".ljust(len(m.group(0))), rest)
    rest = _GLOSSED.sub(_the_gloss, rest)
    rest = _SAID_EXAMPLES.sub(" ", _EXAMPLES_OF.sub(_examples_of_what_follows, rest))
    rest = _ARTICLE.sub(" ", rest)
    if re.search(r"\bfees?\b|\bcharges\b", rest, re.I):
        rest = _FEES_ON.sub(" ", rest)
    if "办理结果" not in rest:  # (said with it, 总计 alone is the row's word)
        rest = _ORDINAL_TOTAL.sub(lambda m: "办理结果总计".ljust(len(m.group(0))), rest)
    rest = _LIKE_THESE.sub(lambda m: " " * len(m.group(0)), rest)
    return ASIDE.sub(lambda m: m.group(0) if not _SUCH_AS.search(m.group(1)) and not _INCLUDES.match(m.group(1))
                      and not _COUNTED_TOO.search(m.group(1))
                      and not _FOR_EXAMPLE.match(m.group(1)) and not _EXCLUDES.match(m.group(1))
                      and any(s.from_glossary for s in metric_slots(m.group(1))) else " ", rest)


# "（撤销、确认违法、责令履职之类）", "原告撤诉之类": examples of what is counted, said loosely
_SUCH_AS = re.compile(r"等|之类|这类|那类|什么的")
_LIKE_THESE = re.compile(r"(?<=[，,。；;？?、\s])[^，,。；;？?“”「」（）()\s]{1,12}?(?:之类|什么的)的?(?=[“「]|[^，,。；;？?]{0,12}[”」])")


def _mark_kept(m: re.Match) -> str:
    """The match's first group kept (the mark before a clause, 总计 of 总计格), the rest of it blanked, the
    length kept."""
    return m.group(1).ljust(len(m.group(0)))


# "“（七）总计”": the template's row of the results' total (三、本年度办理结果 › （七）总计), by its label
_ORDINAL_TOTAL = re.compile(r"[（(]\s*七\s*[）)]\s*总计")


# "年报是Markdown版的", "PDF版年报里", "扫描件上": the file the asker has, no metric
_FORMAT_SAID = re.compile(r"(?:是|为)?(?:markdown|md|pdf|word|docx?|html?|txt|excel|xlsx?|网页|扫描|图片|文字|电子|纸质)"
                          r"\s*(?:版本?|格式|文件|件)(?:的)?", re.I)


# "请按附表二的件数自己算", "不要用正文里约略的百分比": how to reckon the figure asked, from which source; no metric
_HOW_TO_RECKON = re.compile(r"(?<![^，,。；;\s])(?:请|麻烦)?(?:按|按照|根据|依据|用)(?:附表|表格|统计表|表)[^，,。；;？?（）()]{0,16}?"
                            r"(?:自己|自行)?(?:算|计算|来算)(?:一下)?|"
                            r"(?<![^，,。；;\s])(?:请)?(?:不要|别|不用|无需)(?:用|按|取|采用|引用)[^，,。；;？?]{0,16}?"
                            r"(?:正文|原文|文字|文中)[^，,。；;？?]{0,12}")


# "总计格", "合计栏", "总计那一栏": the total's cell, said as a cell
_TOTAL_CELL = re.compile(r"(总计|合计|小计)(?:那一?|这一?|一)?(?:格子?|栏目?|格里|栏里)")
# "结果维持是1件，总计写的几件": a part's figure stated, then the total asked: the part is not asked
_PART_STATED = re.compile(r"([，,；;])\s*[^，,；;。？?\d]{1,16}?(?:是|为|有|写的是|写着)\s*\d[\d.,]*\s*[件条个次人元场项篇起]\s*(?=[，,；;])")
_TOTAL_ASKED_AFTER = re.compile(r"[，,；;][^，,；;。？?]{0,8}(?:总计|合计|小计)[^，,；;。？?]{0,8}(?:几|多少)[^，,；;]*$")


# "，可91不等于90加4，": the asker's own arithmetic on figures, a clause of numbers that names nothing
_SUM_CHECKED = re.compile(r"([，,；;])\s*(?:可|但|但是|而|可是|然而|明明)?\s*\d[\d.,]*\s*(?:不|并不)?(?:等于|=|≠)\s*"
                          r"\d[\d.,]*(?:\s*(?:加上?|减去?|\+|-|−)\s*\d[\d.,]*)*\s*(?:啊|呀|吧)?(?=[，,；;。？?])")


# "被拒了、也就是“不予公开”的": the asker's words, then the report's term for them, as in brackets
_APPOSITION = re.compile(r"[、，,]\s*(?:也就是说?|亦即|也即|即)\s*[“\"‘']?([\u4e00-\u9fff]{2,10})[”\"’']?(?=的|[，,？?。]|$)")


# "public consultation（意见征集）", "找政府要资料（信息公开申请）": the asker's own words, then in brackets the
# report's term for them
_GLOSSED = re.compile(r"((?:(?:and|or|plus)\s+)?(?:[A-Za-z'\-]+\s+){0,2}[A-Za-z'\-]+|[\u4e00-\u9fff]{2,12})\s*"
                      r"[（(]([\u4e00-\u9fff]{2,10})[）)]")


def _the_gloss(m: re.Match) -> str:
    """The bracket's term alone when the words before it are English, Chinese the product does not
    know (no glossary word among them) or words the glossary reads as the term itself (找政府要资料
    （信息公开申请）); else both as they are."""
    said, gloss = m.group(1), m.group(2)
    glossed = metric_slots(gloss)
    if not glossed or _INCLUDES.match(gloss) or _FOR_EXAMPLE.match(gloss) or _EXCLUDES.match(gloss):
        return m.group(0)
    if not any(s.from_glossary for s in glossed) and not re.search(r"[A-Za-z]", said):
        # "各部门年报（每个部门一份）": a remark in words no table uses, not the report's term for what precedes
        return said.ljust(len(m.group(0)))
    known = [s for s in metric_slots(said) if s.from_glossary]
    same = bool(known) and all(s.key and s.key in {g.key for g in glossed} for s in known)
    if re.search(r"[A-Za-z]", said) and all(names_a_column(g) for g in glossed) \
            and any(not names_a_column(s) and not any(a in gloss for a in s.alternatives) for s in known):
        # "currently valid normative documents (现行有效件数)": the bracket glosses a column (valid), not the
        # row it is said of (normative documents)
        return m.group(0)
    if re.search(r"[A-Za-z]", said) or not known or same:
        joined = re.match(r"(?i)\s*(?:and|or|plus|as well as|versus|vs\.?)\s+", said)  # "… or partly disclosed (部分公开)"
        kept = joined.group(0) if joined else ""
        return kept + " " * (len(said) - len(kept)) + " " + gloss + " "
    return m.group(0)


# "被撤销、确认违法或责令重作等予以纠正的", "律师事务所等/这类法律服务机构": examples before 等, then the thing
# they are examples of
_EXAMPLES_OF = re.compile(r"((?:[\u4e00-\u9fff]{2,10}[、或和及])*[\u4e00-\u9fff]{2,10}?)(?:等|这类|这种|这样的|之类的?|一类的?)"
                          r"(?:情形|情况|方式)?([\u4e00-\u9fff]{2,8})")


def _examples_of_what_follows(m: re.Match) -> str:
    """The words after 等 alone when every example that says something the product knows says what
    they say (撤销, 确认违法 → 纠正); the list as it is when the examples are the things asked
    ("行政许可、行政处罚等处理决定")."""
    after = [set(s.alternatives) for s in metric_slots(m.group(2)) if s.from_glossary]
    known = [set(s.alternatives) for p in re.split(r"[、或和及]", m.group(1)) for s in metric_slots(p) if s.from_glossary]
    if after and known and all(any(k & a for a in after) for k in known):
        return " " + m.group(2)
    return m.group(0)


# which report it is, said the way a formal writer does ("据淮安市人民政府办公室发布、统计期限自…至…的《…年度报告》",
# "落款日期为…的2024年政府信息公开工作年度报告里"): the agency and year are read elsewhere; these words name no figure
_ABOUT_THE_REPORT = re.compile(
    r"《[^《》]{0,60}?(?:年度报告|年报)》|"
    r"(?:统计期限|统计时限|统计区间|落款日期|落款时间|发布日期|发布时间|成文日期|落款)(?:为|是)?\s*(?:自|从)?\s*(?:至|到)?|"
    r"(?:由|据)?(?:对外)?(?:编制|发布|公布|印发|公开发布|对外公布)(?:[、和及]|的)(?=[^，,。？?]{0,90}(?:年度报告|年报))|"
    r"(?:(?<=政府)|(?<=\s)|^)办公[室厅](?=\s*(?:编制|发布|公布|印发|对外))|"
    r"(?:政府信息公开|政务公开)?工作年度报告|政府信息公开年报|(?:信公|信息公开|政务公开)年报(?:出来了?啦?)?|"
    # "那份2024年全区年报": the place's own report, as against its departments' (the agency is read elsewhere)
    r"(?<=[\s年])全(?:区|县|市|省)的?(?:年报|年度报告|报告)(?:里|中|上)?|"
    # "管委会那份": the zone's government (its committee) said apart from its name, no figure
    r"(?<![\u4e00-\u9fff])(?:党工委)?(?:管委会|管理委员会)(?=那份|这份|的那份|那年|这年|当年|同年|[，,。？?！!\s]|$)(?:那份|这份|的那份)?")


# "经审查予以公开", "经法院确认违法": by whom it was decided, no metric
BY_WHOM = re.compile(r"经(?:过)?(?:审查|审核|研究|法院|人民法院|复议机关|上级机关)(?:审理|判决|裁定|决定)?后?|"
                     r"属于(?=[“\"「『])")  # ("属于“不予公开”之各项情形": of the kind quoted)
# "因信息公开决定引起的行政复议", "lawsuits over FOI decisions": the act a review or lawsuit challenges,
# which in these reports is always the agency's handling of disclosure; what the table is about, not a metric
REVIEWED_ACT = re.compile(r"(?:因|对|针对|不服|就|关于)(?:本机关|政府|行政机关)?的?(?:政府)?信息公开(?:申请)?的?"
                          r"(?:决定|答复|行为|处理|事项|工作)?(?:而|所)?(?:引起|引发|产生|提起|提出|申请)?的?|"
                          r"\b(?:over|about|against|concerning|regarding|challenging|contesting|on)\s+(?:the\s+|its\s+|their\s+)?"
                          r"(?:FOI|freedom[- ]of[- ]information|(?:information[- ])?disclosure|open[- ]government|OGI)"
                          r"(?:\s+(?:decisions?|responses?|replies|rulings?|refusals?|matters?|handling))?\b|"
                          r"\bof\s+(?:the\s+|its\s+)?(?:FOI|(?:information[- ])?disclosure)\s+"
                          r"(?:decisions?|responses?|replies|rulings?|refusals?)\b", re.I)
_CHALLENGED = re.compile(r"复议|诉讼|起诉|告|\b(?:reviews?|reconsiderations?|lawsuits?|suits?|litigation|appeals?|sued|court)\b", re.I)


def without_reviewed_act(rest: str) -> str:
    """The wording without the act a review or lawsuit is said to challenge ("因信息公开决定引起的")."""
    return REVIEWED_ACT.sub(" ", rest) if _CHALLENGED.search(rest) else rest


_INCLUDES = re.compile(r"\s*(?:含|包括|包含|including|incl\.?)", re.I)
# "（尚未审结的也算上）": what the figure counts as well, not a metric asked
_COUNTED_TOO = re.compile(r"(?:也|都|全|全都|全部|一并)(?:算上|算进去|算在内|计入|包括在内|算)\s*$")
# "企业和其他组织（不算个人）": what the figure leaves out, not a metric asked
_EXCLUDES = re.compile(rf"\s*(?:{LEAVE_OUT_ZH_RE}|不是|并非|非(?!常)|excluding|not counting|not the)", re.I)
# "“其他结果”（如原告撤诉、法院裁定驳回起诉）": examples of what the words before it name, not a metric
_FOR_EXAMPLE = re.compile(r"\s*(?:如|例如|比如|譬如|诸如|像是?|e\.\s?g\.?|such as|for example|for instance)", re.I)


# Who asks and why ("作为律师想核实一下：", "我在写一篇关于执法信息公开的稿子，", "老师让我们查年报做课题："):
# a clause with such words that names no metric of its own is not part of what is asked.
_FRAMING = re.compile(r"我|咱们|律师|记者|老师|同学|课题|稿子|稿件|论文|作业|报道|文章|听说|据说|想知道|想了解|想看|想问|请教|核实|为了|"
                      # "报告里有一段咨询情况": where the report says it, pointed at
                      r"(?:报告|年报)(?:里|中)有一?(?:段|部分|节|处)|"
                      r"节目|编导|栏目|选题|采访|片子|例子|举例|对照|对比一下|确认一下|"
                      r"帮我|帮忙|麻烦|请你|for my|i am|i'm|we are|my (?:article|story|paper|thesis|client)", re.I)
# "能不能请您把", "麻烦你将", "可否请您帮我把": a polite request whose object follows; its words name no metric
_PLEASE_HAND_OVER = re.compile(r"(?:能不能|能否|可不可以|可否|是否可以|可以)?\s*(?:请|麻烦|劳驾|烦请)?\s*(?:您|你)\s*"
                               r"(?:帮(?:我|忙)?)?\s*(?:把|将)|"
                               r"(?:能不能|能否|可不可以|可否)\s*(?:请|麻烦)?\s*(?:帮(?:我|忙)?)?\s*(?:把|将)")
# "我想看看这几年群众关注度的变化": what the asker wants to see, said beside the clause that asks
_WISH_TO_SEE = re.compile(r"^\s*(?:我|我们)?(?:想|希望|打算)\s*(?:看看|看一看|看|了解一下|了解|研究|比较|对比)?"
                          r"(?:(?!多少|几[个件条项次人])[^，,。？?])*(?:变化|情况|趋势|规模|程度|走势|高低)\s*[，,。]?\s*$")
# "想看企业和机构用信息公开的程度：", "我想了解一下透明度：": what the asker wants to see, said before the question
_WISH_LEAD_IN = re.compile(r"\s*(?:我|我们)?(?:想|希望|打算)(?:看|看看|了解|知道|查|查查|问|问问|研究)[^，,。？?]*[：:]\s*$")
# a clause ends at its punctuation, or where a question run on without it turns to the asker ("…是多少我明天要交作业")
_CLAUSE_END = re.compile(r"(?<=[，,：:；;。！!？?])|(?<=多少|几件|几个|几条)(?=[我咱俺])")
# a sentence ends at its full stop, exclamation or question mark (an English full stop before a space)
_SENTENCE_END = re.compile(r"(?<=[。！!？?])|(?<=\.)(?=\s)")
# "作为律师…": the asker, not 律师's requests; "作为被告的行政诉讼中": the agency's own part, what is asked
# ("作为“信访举报投诉类申请”不予处理的": how the requests were treated, a row quoted, not the asker)
_WHO_ASKS = re.compile(r"^\s*(?:我是|我们是|(?:作为|身为)(?!\s*[“\"「『]|被告|被申请人|被诉|被起诉|复议机关|当事人)|as an?\b)", re.I)


# the sentence that asks points back at the story before it ("…死活不给看。这种理由一共拒了几件？"): the
# story says what is asked
REFERS_BACK = re.compile(r"(?:这|那|此|该|上述)(?:种|类|个|项|些)?(?:理由|原因|情况|情形|说法)|\bthat (?:reason|ground)\b", re.I)


def framing_sentences(text: str) -> list[tuple[int, int]]:
    """Where the sentences stand that say who asks and why, stated (not asked) before the last sentence
    that asks ("I'm writing about … before the 2019 rules changed. In its 2018 report, how many…?")."""
    sentences = _SENTENCE_END.split(text)
    asked = [i for i, t in enumerate(sentences) if t.strip() and t.rstrip().endswith(("?", "？"))]
    spans, start = [], 0
    for i, t in enumerate(sentences):
        if asked and i < asked[-1] and i not in asked and _FRAMING.search(t):
            spans.append((start, start + len(t)))
        start += len(t)
    return spans


# "… — can you confirm the exact figure?": asking to check, not the row of requests "to confirm" (确认或重新出具)
_ASKED_TO_CHECK = re.compile(r"\b(?:(?:can|could|would) you(?: please)?|please|i'd like you to|help me) (?:confirm|verify|"
                            r"double-check|check)(?: (?:for me|the|that|this|it|what))*(?: (?:exact|precise|actual|real))?"
                            r"(?: (?:figure|number|count|total))?\b", re.I)


def without_framing(rest: str) -> str:
    """The wording without clauses that only say who asks and why, when another clause names the
    metric ("作为律师想核实一下：…不予处理的有多少件？"), or names again what another clause asks ("我们做一期关于
    行政收费的节目：…行政事业性收费金额是多少？"). A clause that holds the only metric words stays; an
    English request to check ("can you confirm the exact figure") goes."""
    rest = _ASKED_TO_CHECK.sub(" ", rest)
    rest = _PLEASE_HAND_OVER.sub(lambda m: " " * len(m.group(0)), rest)  # "能不能请您把…告诉我": the asking, no metric
    # "I'm drafting a feature on how governments charge for requests. How much did … collect in fees?": a
    # sentence that says who asks and why, stated (not asked) before the sentence that asks, is no part of it
    stated = framing_sentences(rest)
    if stated and _names_metric(rest[stated[-1][1]:]) and not REFERS_BACK.search(rest[stated[-1][1]:]):
        kept, pos = [], 0
        for a, b in stated:
            kept.append(rest[pos:a])
            pos = b
        rest = " ".join(kept + [rest[pos:]])
    clauses = _CLAUSE_END.split(rest)
    if len(clauses) < 2:
        return rest

    def keys(clause: str) -> set[str]:
        return {s.key for s in metric_slots(clause) if s.key}

    def said_again(clause: str) -> bool:  # "我们节目讲信息公开官司：…行政诉讼一共有几件": named where it is asked
        others = set().union(*(keys(c) for c in clauses if c is not clause and not _FRAMING.search(c)))
        return bool(keys(clause)) and keys(clause) <= others

    framing = [c for c in clauses if _WHO_ASKS.match(c)
               or (_FRAMING.search(c) and (not _names_metric(c) or said_again(c)))
               # "想看企业和机构用信息公开的程度：…": the asker's wish, a lead-in naming no table's metric
               or (_WISH_LEAD_IN.match(c) and not keys(c)) or _WISH_TO_SEE.match(c)
               # "复议诉讼双线走一波：…复议加诉讼一共多少件": a heading before the question, said again in it
               or (re.search(r"[：:]\s*$", c) and said_again(c))]
    kept = [c for c in clauses if c not in framing]
    return " ".join(kept) if framing and any(_names_metric(c) for c in kept) else rest
