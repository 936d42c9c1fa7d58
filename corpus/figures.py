"""Figures in prose, each tied to the noun it counts.

``find_figures("行政复议和行政诉讼案分别为13件和35件")`` gives 行政复议 = 13 件 and 行政诉讼 = 35 件.
A figure is a number with a unit, a scale word (万/亿) or an approximation mark, or a bare
number right after a cue such as 为/达/共. Dates, years, phone and document numbers, ordinals
(第二十条, 一是) and list markers (1. / （一）) are not figures.

The noun is read from the clause: the words before the figure, with fillers (其中, 本局, 2011年,
共, 累计 …) and copulas (为, 达到 …) taken off; when those words are only a verb (设立了1个…),
the words after the unit. ``X和Y分别为a和b`` pairs the nouns with the figures in order; a share
(``占总数的56%``) or a change (``同比上升58%``) borrows the noun of the figure before it.

``figures_of`` builds the ``Figure`` records of a passage, each with its canonical key when
``corpus.meanings`` knows what its noun means (行政复议 36起 → ``review.reconsideration.total``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from corpus.meanings import lead_of, meaning_of
from corpus.numbers import UNITS, Quantity, read_quantity
from corpus.records import Figure, Location

__all__ = ["ProseFigure", "find_figures", "figures_of", "sentence_at"]


@dataclass(frozen=True)
class ProseFigure:
    """A figure found in a text: what it counts, its quantity, and its span ``text[start:end]``."""

    noun: str
    quantity: Quantity
    start: int
    end: int
    direction: Optional[str] = None  # "from" / "to" in a change (由A分钟缩至B分钟)


# ---------------------------------------------------------------- the figure pattern

_DIGIT = "[0-9０-９]"
# (a space between groups of three, "2 187条" as OCR and some typesetting write thousands, only before a
# unit: "13 35" stays two numbers)
_ARABIC = (rf"(?:{_DIGIT}{{1,3}}(?:,{_DIGIT}{{3}})+|{_DIGIT}{{1,3}}(?: {_DIGIT}{{3}})+(?=[条件个次人元项篇期场家份起宗例名])|"
           rf"{_DIGIT}+)(?:[.．]{_DIGIT}+)?")
_CN_NUMERAL = "[零〇一二两三四五六七八九十百千万亿]+"
_PROSE_UNITS = [u for u in UNITS if u not in ("%", "‰")]
_UNIT = "(?:[%％‰]|" + "|".join(re.escape(u) for u in _PROSE_UNITS) + ")"
_PREFIX = "(?:大约|将近|接近|超过|不足|不到|约|近|逾|超)"
_SUFFIX = "(?:左右|以上|上下)"

_FIGURE = re.compile(
    rf"(?P<prefix>{_PREFIX})?"
    rf"(?:(?P<arabic>{_ARABIC})(?P<scale>(?:万亿|亿|万|千|余|多)*)|(?P<cn>{_CN_NUMERAL})(?P<cnmark>[余多]?))"
    rf"(?:[ \u3000\xa0]?(?P<unit>{_UNIT}))?"
    rf"(?P<suffix>{_SUFFIX}|余)?"
)

# Words where a one-character approximation prefix belongs to the word before it.
_FALSE_PREFIXES = {"附近", "最近", "邻近", "就近", "临近", "靠近", "亲近", "节约", "制约", "预约",
                   "签约", "履约", "违约", "合约", "公约", "简约", "特约", "赶超", "高超"}
# A bare number (no unit, no scale) counts only right after one of these cues.
_BARE_CUES = ("为", "是", "达", "达到", "共", "计", "共计", "合计", "总计", "累计", "有", "：", ":",
              "增加", "减少", "增长", "下降", "上升")
_CLAUSE_END = "，,。；;！？!?\n"
_CLAUSE_MARKS = "，,。；;！？!?：:、"
_BRACKETED = re.compile(r"[（(【\[][^（()）【】\[\]]*[)）】\]]")
_SENTENCE_END = "。；;！？!?\n"
_CONTACT_WORDS = ("电话", "传真", "热线", "邮编", "邮政编码", "手机", "号码", "网址", "QQ", "邮箱", "地址",
                  "标识码", "备案号", "编号", "代码", "编码", "账号")
_CLASSIFIERS = set("个名家位所套本部台张座户")
_QUOTES = "“”\"‘’'《》〈〉「」『』|"
# Words after which the counted noun starts: what comes before them is the subject or the time.
_SUBJECT_END = re.compile(r"(?:共计|共有|共(?!同|享|建|性)|累计|合计|总计|全年|本年度|今年|年内|当年|[0-9０-９]{4}年度?)")

_LEADING_FILLERS = re.compile(
    r"^(?:其中|另外|此外|同时|全年|本年度|本年|今年|当年|年内|本局|本机关|本部门|本单位|本委|本办|"
    r"我局|我委|我办|我区|我市|我县|全区|全市|全县|共|一共|累计|合计|总计|还|已|并|又|均|都|及|以及|和|与|"
    r"[0-9０-９]{4}年度?|截至[^，,。]*?(?:底|止|末)|截止[^，,。]*?(?:底|止|末)|通过|"
    r"先后|陆续|分别|依法|及时|全部|共计|总共|另|[0-9０-９]{1,2}[.．、]|[一二三四五六七八九十]{1,2}[是、])+"
)
_TRAILING_COPULAS = re.compile(
    r"(?:分别为|分别是|分别|共计|合计|总计|累计|达到了|达到|达|为|是|有|计|共|了|约|已|已经|超过|突破|"
    r"总数为|总量为|数量为|共有|累计为|和|及|与|、|即|各)+$"
)
_VERBS_ONLY = re.compile(
    r"^(?:设立|配备|开展|发布|受理|收到|办理|印发|组织|编发|接听|处理|完成|举办|召开|新增|公开|吸引|"
    r"建立|设置|开通|安排|提供|制定|出台|编制|更新|回复|答复|举行|参加|参与|培训|接待|涉及)?了?$"
)
_LISTING_DENG = re.compile(r"(?<![平同对相均高初中次])等(?![候待级同])")  # 等 closing a list, not a word's 等
_RELATIVE = re.compile(r"^(?:占|同比|比|较|环比|增长|上升|下降|增加|减少|提高|降低)")


# ---------------------------------------------------------------- finding figures


def _is_figure(text: str, m: re.Match, start: int) -> bool:
    """Reject the matches that are not figures: dates, codes, ordinals, markers, contacts."""
    before = text[max(0, start - 4):start]
    after = text[m.end():m.end() + 2]
    prev = before[-1:] if before else ""
    nxt = after[:1]
    unit, scale = m.group("unit"), (m.group("scale") or "") + (m.group("cnmark") or "")
    if prev and (prev.isascii() and (prev.isalnum() or prev in "._/-#") or prev in "第×〔［【" or prev.isdigit()):
        return False
    if nxt and (nxt.isdigit() or (nxt.isascii() and nxt.isalpha()) or nxt in "-/／．.年月日号"):
        return False
    if m.group("cn") is not None:
        if unit is None or unit in ("类", "种") or m.group("cn") == "一" or nxt in "是一二三四五六七八九十":
            return False  # Chinese numerals only with a unit; 一个 is an article, 一是 an ordinal
        if "第" in before[-2:]:
            return False
    clause = re.sub(r"\s+", "", text[max(0, start - 16):start])[-12:]
    if unit is None and any(word in clause for word in _CONTACT_WORDS):
        return False
    if unit is None and not any(ch in scale for ch in "万亿千"):
        if prev in ":：" and text[max(0, start - 2):start - 1].isdigit():
            return False  # a time of day, 16:34
        if len(m.group("arabic") or "") >= 7 and "." not in m.group("arabic"):
            return False  # a code or a phone number, not a count
        if nxt and nxt not in _CLAUSE_END and nxt not in "和与及":
            return False  # 2011年, 12月, 30号, 12333电话
        if m.group("prefix") is None and not m.group("suffix") and "余" not in scale and "多" not in scale:
            return any(before.endswith(cue) for cue in _BARE_CUES)
    return True


def _figure_spans(text: str) -> list[tuple[int, int, Quantity, re.Match]]:
    """Every figure in ``text`` with its span and quantity."""
    found = []
    pos = 0
    while pos < len(text):
        m = _FIGURE.search(text, pos)
        if m is None:
            break
        if m.end() == m.start() or (m.group("arabic") is None and m.group("cn") is None):
            pos = m.start() + 1
            continue
        start = m.start()
        prefix = m.group("prefix")
        if prefix and len(prefix) == 1 and text[max(0, start - 1):start + 1] in _FALSE_PREFIXES:
            start += 1
        raw = text[start:m.end()]
        if _is_figure(text, m, start):
            quantity = read_quantity(raw.replace(" ", "") if " " in (m.group("arabic") or "") else raw)
            if quantity is not None:
                found.append((start, m.end(), quantity, m))
        pos = m.end()
    return found


def _clause_start(text: str, index: int, marks: str = _CLAUSE_MARKS) -> int:
    """Index just after the last clause mark before ``index``."""
    i = index
    while i > 0 and text[i - 1] not in marks:
        i -= 1
    return i


def _clean_noun(words: str) -> str:
    """Take brackets, fillers, quotes, copulas and the subject off the words naming a figure."""
    words = _BRACKETED.sub("", words)
    chunks = re.split(r"\s+", words.strip())  # a space ends a paragraph in flattened text
    for chunk in reversed(chunks):
        noun = _clean_chunk(chunk)
        if noun:
            return noun
    return ""


def _clean_chunk(words: str) -> str:
    """``_clean_noun`` for words without spaces."""
    words = "".join(ch for ch in words if ch not in _QUOTES and ch not in "()（）【】[]")
    parts = _SUBJECT_END.split(words)
    if len(parts) > 1 and len(_TRAILING_COPULAS.sub("", parts[-1])) >= 2:
        words = parts[-1]  # 市政府共受理政府信息公开申请 -> 受理政府信息公开申请
    previous = None
    while previous != words:
        previous = words
        words = _LEADING_FILLERS.sub("", words)
        words = _TRAILING_COPULAS.sub("", words)
    if "的" in words:
        head, _, tail = words.rpartition("的")
        words = tail if tail else head
    listing = [m.end() for m in _LISTING_DENG.finditer(words)]
    if listing and len(words) - listing[-1] >= 2:
        words = words[listing[-1]:]  # 意见和咨询等各类诉求件 -> 各类诉求件 (not 等候时间)
    return words[-20:]


def _noun_after(text: str, end: int, limit: int) -> str:
    """The words after a figure's unit, up to the clause end (1个专门的信息申请受理点)."""
    i = end
    stop = min(limit, end + 24)
    while i < stop and text[i] not in _CLAUSE_MARKS and not text[i].isspace():
        i += 1
    words = "".join(ch for ch in text[end:i] if ch not in _QUOTES)
    words = re.sub(r"^(?:的|是|为|涉及|是涉及|属于)+", "", words)
    words = re.split(r"(?:参与|中|以上|左右|进行|予以|按照|通过|被|已|均|由)", words)[0]
    if "的" in words:
        words = words.rpartition("的")[2] or words.rpartition("的")[0]
    return _TRAILING_COPULAS.sub("", words)


def _split_nouns(words: str) -> list[str]:
    """Split 'X和Y' / 'X、Y及Z' into nouns; a head noun only the last one carries is shared (案)."""
    parts = [p for p in re.split(r"和|、|及|与|以及|，", words) if p]
    if len(parts) > 1:
        for head in ("案件", "案", "事项", "情况", "数量", "数", "件"):
            if parts[-1].endswith(head) and not any(p.endswith(head) for p in parts[:-1]):
                parts[-1] = parts[-1][: -len(head)]
                break
    return parts


def _respectively(text: str, spans: list, i: int) -> Optional[list[tuple[int, str]]]:
    """Nouns for a 'X和Y分别为a和b' group starting at span ``i``; None if it is not one."""
    start = spans[i][0]
    lead = text[_clause_start(text, start, _CLAUSE_END):start]
    at = lead.rfind("分别")
    if at < 0 or _TRAILING_COPULAS.sub("", lead[at:]) != "":
        return None
    group = [i]
    j = i + 1
    while j < len(spans) and re.fullmatch(r"\s*(?:和|、|及|与|，|,)\s*", text[spans[j - 1][1]:spans[j][0]]):
        group.append(j)
        j += 1
    nouns_text = _clean_noun(lead[:at] if "的" not in lead[:at] else lead[:at].rpartition("的")[2])
    nouns = [_clean_noun(n) for n in _split_nouns(nouns_text)]
    if len(group) < 2 or len(nouns) != len(group) or not all(nouns):
        return None
    return list(zip(group, nouns))


def find_figures(text: str) -> list[ProseFigure]:
    """Find the figures in a text, each tied to its noun, in reading order.

    Returns ``ProseFigure`` records whose ``start``/``end`` index ``text``. Never raises on odd
    text; a number it cannot tie to a noun still comes back, with the words nearest it.
    """
    spans = _figure_spans(text)
    nouns: dict[int, str] = {}
    directions: dict[int, str] = {}
    i = 0
    while i < len(spans):
        change = _change(text, spans, i)
        group = None if change else _respectively(text, spans, i)
        if change:
            nouns[i] = nouns[i + 1] = change
            directions[i], directions[i + 1] = "from", "to"
            i += 2
        elif group:
            nouns.update(dict(group))
            i = group[-1][0] + 1
        else:
            i += 1
    figures: list[ProseFigure] = []
    for k, (start, end, quantity, _m) in enumerate(spans):
        noun = nouns.get(k)
        if noun is None:
            noun = _noun_for(text, spans, k, figures)
        figures.append(ProseFigure(noun, quantity, start, end, directions.get(k)))
    return _with_series_subject(text, figures)


# a noun that says what it counts in: 阅读次数 in 次, 访问人次 in 人次, 参训人数 in 人, 发布会场次 in 场
_COUNTED_BY = re.compile(r"(?:(次|人|件|篇|条|个|家|项)数|(人次)|(场)次)$")


def counted_in(noun: str) -> Optional[str]:
    """The unit a noun says it counts in, for a figure printed with none ("累计阅读次数269.2万": 次;
    访问人次 人次, 参训人数 人, 发布会场次 场); None when the noun says none."""
    m = _COUNTED_BY.search(noun)
    return next(g for g in m.groups() if g) if m else None


_SERIES_QUALIFIER = re.compile(r"本年度?|本期|全年|当年|累计|现行")


def _with_series_subject(text: str, figures: list[ProseFigure]) -> list[ProseFigure]:
    """Figures listed with 、 after one subject ("规章本年制发0件、本年废止0件、现行有效0件；行政规范性文件
    本年制发3件…"): the subject said once, before the first, is the subject of each (规章废止, 规章现行有效),
    found where a later item's qualifier (本年, 全年, 累计…) stands inside the first noun after its subject."""
    out = list(figures)
    k = 0
    while k < len(out):
        chain = [k]
        while chain[-1] + 1 < len(out) and text[out[chain[-1]].end:out[chain[-1] + 1].start].startswith("、"):
            chain.append(chain[-1] + 1)
        first = out[k].noun
        subject = ""
        for j in chain[1:]:
            said = text[out[j - 1].end + 1:out[j].start]
            lead = _SERIES_QUALIFIER.match(said)
            at = first.find(lead.group(0), 1) if lead else -1
            if at > 0:  # "本年废止" after "规章本年制发": 规章 is said of both
                subject = first[:at]
                break
        if subject and len(subject) >= 2:
            for j in chain[1:]:
                if not out[j].noun.startswith(subject):
                    out[j] = replace(out[j], noun=subject + out[j].noun)
        k = chain[-1] + 1
    return out


# 由/从 (上年的) A … 缩至/提高到/变为 B: one noun, two figures, before and after.
_CHANGE_FROM = re.compile(r"(?:由|从)(?:上一?年度?|去年|[0-9０-９]{4}年度?)?(?:的)?$")
_CHANGE_TO = re.compile(r"^[^，,。；;：:、\d]{0,8}?(?:至|到|为)(?:[0-9０-９]{4}年度?(?:的)?)?$")


def _change(text: str, spans: list, k: int) -> Optional[str]:
    """The noun of a change ``X由A…至B`` whose first figure is span ``k``, or None."""
    if k + 1 >= len(spans):
        return None
    start, end = spans[k][0], spans[k][1]
    lead = re.sub(r"\s+", "", text[_clause_start(text, start, _CLAUSE_END + "：:"):start])
    gap = re.sub(r"\s+", "", text[end:spans[k + 1][0]])
    unit = spans[k][2].unit or ""
    gap = gap[len(unit):] if unit and gap.startswith(unit) else gap
    gap = re.sub(r"^[\u4e00-\u9fff]{0,4}?(?=(?:缩|压|减|降|下|提|增|上|升|延|变|扩|缩短))", "", gap)
    found = _CHANGE_FROM.search(lead)
    if not found or not _CHANGE_TO.match(gap):
        return None
    noun = _clean_noun(lead[:found.start()])
    return noun or None


def _noun_for(text: str, spans: list, k: int, figures: list[ProseFigure]) -> str:
    """The noun of figure ``k`` from its own clause, or the figure before it for a share."""
    start, end, quantity, _m = spans[k]
    floor = _listed_from(text, _clause_start(text, start), start)
    if k and spans[k - 1][1] > floor:
        floor = spans[k - 1][1]
    words = _BRACKETED.sub("", text[floor:start])
    bare = _LEADING_FILLERS.sub("", "".join(ch for ch in words if ch not in _QUOTES).strip())
    previous = figures[-1] if figures else None
    same_sentence = previous is not None and not any(
        ch in _SENTENCE_END for ch in text[previous.end:start])
    if _RELATIVE.match(bare) and same_sentence:
        if bare.startswith("占"):
            return f"{previous.noun}占比"
        return previous.noun + _TRAILING_COPULAS.sub("", re.sub(r"[了的]", "", bare))
    noun = _clean_noun(words)
    owner = _owner_before(text, floor, previous) if same_sentence else ""
    if owner and noun and not noun.startswith(owner):
        return owner + noun  # 微信公众号41个，共发布信息3404条: the 发布信息 of the 微信公众号
    verb_only = bool(_VERBS_ONLY.match(noun)) or bare.rstrip().endswith(("了", "的"))
    followed = end < len(text) and text[end] not in _CLAUSE_MARKS + "（(“\"'"
    if followed and (len(noun) < 2 or verb_only or quantity.unit in _CLASSIFIERS):
        limit = spans[k + 1][0] if k + 1 < len(spans) else len(text)
        after = _noun_after(text, end, limit)
        attribute = _ATTRIBUTE.search(after)
        if attribute and attribute.start() >= 2 and k + 1 < len(spans) and _leads_to(text, end + len(after), limit):
            # "41条短视频播放量超2300万": 41 counts the 短视频; their 播放量 is the next figure's noun
            return after[:attribute.start()]
        if after:
            return after
    if noun and _VERBS_ONLY.match(noun) and same_sentence and previous.noun:
        return previous.noun + noun  # 编印杂志12期，印发50.4万册
    if not noun and followed:  # "有约4900人次通过各种方式向我局…咨询涉税信息有关事务": the clause after it
        stop = next((i for i in range(end, min(len(text), end + 60)) if text[i] in "，,。；;！？!?\n"),
                    min(len(text), end + 60))
        words = "".join(ch for ch in text[end:stop] if ch not in _QUOTES and not ch.isspace())
        return _TRAILING_COPULAS.sub("", words)[-16:]
    return noun


# what is measured of a counted thing, a verb and 量/率/数 (播放量, 阅读量, 点击率, 粉丝数): said after "41条短视频",
# it is the noun of the figure that follows, not of the count
_ATTRIBUTE = re.compile(r"(?:播放|阅读|浏览|访问|点击|下载|转发|点赞|评论|观看|收看|关注|粉丝|订阅)(?:量|率|数|次数|人次)$")


def _leads_to(text: str, at: int, limit: int) -> bool:
    """Whether the next figure (at ``limit``) follows ``at`` in the same clause, after at most a
    verb of amount (超, 达, 为, 突破 …)."""
    return at <= limit and re.fullmatch(r"[\s]*(?:已|均|即|共|累计|总计)?(?:超过?|达到?|为|约|近|逾|突破|高达|超出)?[\s]*",
                                        text[at:limit]) is not None


_LAST_ITEM = re.compile(r"(?:及|以及|和|与)")


def _listed_from(text: str, floor: int, start: int) -> int:
    """Where the things a figure counts begin when they are listed with 、 and the last one is joined by
    及/和 ("组织新闻发布会、通气会及现场采访47场次": all three, not 通气会及现场采访): the clause's start
    before the list; ``floor`` when the words before the figure are no such list."""
    if floor == 0 or text[floor - 1] != "、" or not _LAST_ITEM.search(text[floor:start]):
        return floor
    return _clause_start(text, floor - 1, _CLAUSE_MARKS.replace("、", ""))


_TOTAL_LEAD = re.compile(r"^\s*(?:共计|共有|共|一共|总共|累计|合计)")


def _owner_before(text: str, floor: int, previous: Optional[ProseFigure]) -> str:
    """The things a clause's total belongs to: "微信公众号41个，共发布信息3404条" counts what the
    41 微信公众号 published. The owner is the figure just before, counted by a classifier (个, 家)
    and ending the clause before this one, which starts with 共 / 累计."""
    if previous is None or not _TOTAL_LEAD.match(text[floor:]) or previous.quantity.unit not in _CLASSIFIERS:
        return ""
    between = text[previous.end:floor]
    if not re.fullmatch(r"\s*[，,]\s*", between) or len(previous.noun) < 2:
        return ""
    return previous.noun


# ---------------------------------------------------------------- records




def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]``, split at 。；！？ (and line breaks)."""
    left = start
    while left > 0 and text[left - 1] not in _SENTENCE_END:
        left -= 1
    right = end
    while right < len(text) and text[right] not in _SENTENCE_END:
        right += 1
    if right < len(text) and text[right] != "\n":
        right += 1
    return text[left:right].strip()


# "无收取信息处理费情况", "未收取任何费用", "没有收取信息处理费": a fee of 0 stated in words
_NONE_COLLECTED = re.compile(r"(?:无|未|没有|不存在)(?:收取|产生|发生)(?:任何)?(?P<noun>[\u4e00-\u9fff]{0,10}?费用?)"
                             r"(?:的?情况)?")


def _none_collected(text: str) -> list[ProseFigure]:
    """The fees a sentence says were not collected at all, as figures of 0 元."""
    out = []
    for m in _NONE_COLLECTED.finditer(text):
        noun = m.group("noun") if len(m.group("noun")) >= 2 else "费用"
        out.append(ProseFigure(noun, Quantity(0.0, "元", False, m.group(0)), m.start(), m.end()))
    return out


# "未收到有关政府信息公开的申请", "没有从事政府信息公开工作的全职人员", "未收到…行政复议、提起行政诉讼的申请":
# none of a thing received or had, said in words: a figure of 0 for each thing the clause names
_NONE_HAD = re.compile(r"(?:没有|未|无)(?:收到过?|接到过?|受理过?|发生过?|出现过?|从事)")
_NONE_OF = re.compile(r"(?:行政复议申请|行政复议|行政诉讼案件|行政诉讼|全职人员|专职人员|兼职人员|工作人员|申请)")
_CLAUSE_STOP = re.compile(r"[，,。；;！!？?\n]")


def _none_had(text: str) -> list[ProseFigure]:
    """The things a clause says none of were received or had, as figures of 0 (人 for staff, else 件).
    A clause that also prints a figure says how many, not none."""
    out = []
    for m in _NONE_HAD.finditer(text):
        end = _CLAUSE_STOP.search(text, m.end())
        clause_end = end.start() if end else len(text)
        clause = text[m.end():clause_end]
        if re.search(r"\d|[一二两三四五六七八九十百]+[件人名个条起]", clause):
            continue
        start = m.end()
        for n in _NONE_OF.finditer(clause):
            if n.group(0) == "申请" and start > m.end():  # "…行政复议、行政诉讼的申请": their head word
                break
            noun = re.sub(r"^(?:有关|因|涉及|关于|过)+", "", clause[start - m.end():n.end()]).lstrip("、和及与以及")
            if start == m.end() and n.group(0) == "申请":  # "收到…申请": the requests received
                noun = re.sub(r"^(?:没有|未|无)", "", m.group(0)).rstrip("过") + noun.replace("的", "")
            unit = "人" if n.group(0).endswith("人员") else "件"
            out.append(ProseFigure(noun or n.group(0), Quantity(0.0, unit, False, text[m.start():m.end() + n.end()]),
                                   m.start(), m.end() + n.end()))
            start = m.end() + n.end()
    return out


def figures_of(
    report_id: str,
    agency: str,
    year: Optional[int],
    section: tuple[str, ...],
    text: str,
    where: Location = Location(),
) -> list[Figure]:
    """Build the ``Figure`` records of one passage of prose.

    ``where`` is the passage's place; every figure of the passage shares it. A figure whose
    meaning has a canonical key (``meaning_of``) carries it as ``key``.
    """
    records = []
    for found in find_figures(text) + _none_collected(text) + _none_had(text):
        sentence = sentence_at(text, found.start, found.end)
        lead, before = lead_of(text, found.start)
        # the "from" end of a change is a figure of an earlier time, never the report year's
        meaning = None if found.direction == "from" else meaning_of(
            found.noun, lead, before, sentence, found.quantity.unit, year, agency, text)
        records.append(
            Figure(
                report_id=report_id,
                agency=agency,
                year=year,
                section=section,
                noun=found.noun,
                value=found.quantity.value,
                unit=found.quantity.unit or counted_in(found.noun),
                raw=text[found.start:found.end],
                sentence=sentence,
                approximate=found.quantity.approximate,
                key=meaning.key if meaning else None,
                where=where,
                direction=found.direction,
            )
        )
    return records
