"""The metric wording of a question split into what it asks: one part, the addends of a sum, the two
sides of a ratio (a formula spelt out, a rate the tables do not print), a whole less the things named
(除了A和B，其余…), a whole said with its parts (行政诉讼（直接起诉加复议后起诉）), or the items of a
list ("分别是多少", each with the unit it is asked in). The wording that asks nothing is taken out
before (``qa.asides``). ``qa.question.understand`` calls these on the question with its agencies and
years masked out.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Optional

from qa.asides import ASIDE, EXAMPLES
from qa.metric_words import (NOT_COLUMNS, Slot, column_labels, find_rate, glossary, glossary_surfaces, metric_slots,
                             names_a_column)
from qa.operation_words import (CONJUNCTIONS, GAP_EN, GAP_ZH, LEAVE_OUT_ZH_RE, LIST_SEPARATORS, PER_EACH, PER_HEAD,
                                PER_HEAD_SIDES, PLUS_ZH, SUM_EN, SUM_ZH, has_any, list_words)


# "全部或部分公开", "fully or partly disclosed": two words that share their last word, said once
_COORDINATED_ZH = re.compile(r"或者|或|和|与|及|、")
_ELIDED_EN = re.compile(r"\b([a-z]+) (or|and) (?=([a-z]+) ([a-z]+(?: [a-z]+)?)\b)", re.I)
_EITHER = re.compile(CONJUNCTIONS.pattern + r"|或者|或|\bor\b|\band\b|、", re.I)


def _either_split(text: str) -> list[str]:
    """``text`` split at 或 / 和 / 、 / or, except inside a wording the glossary knows with one of them
    (法人或其他组织, 确认违法或有瑕疵): that is one thing."""
    kept = _joined_spans(text)
    cuts = [m for m in _EITHER.finditer(text) if not any(a <= m.start() < b for a, b in kept)]
    out, at = [], 0
    for m in cuts:
        out.append(text[at:m.start()])
        at = m.end()
    return out + [text[at:]]


def _unelided_zh(rest: str) -> str:
    surfaces, out, at = glossary_surfaces(), [], 0
    for m in _COORDINATED_ZH.finditer(rest):
        before, after = rest[at:m.start()], rest[m.end():]
        if any(before.endswith(w) for w in surfaces if len(w) >= 2):
            continue  # "予以公开和部分公开": the word before is whole already
        found = None
        wholes = [after[:n] for n in range(min(len(after), 7), 2, -1) if after[:n] in surfaces]
        for first_len in (3, 2, 1):  # the word before, longest first; then the word after, longest first
            first = before[-first_len:]
            for whole in wholes if len(first) == first_len else ():
                for shared in (whole[cut:] for cut in range(1, len(whole) - 1)):  # the word both share
                    if first == shared:  # "公开或部分公开": the bare word is the plain case
                        plain = next((p + shared for p in glossary().get("plain", []) if p + shared in surfaces), None)
                        found = found or ((m.start() - first_len, plain) if plain else None)
                    elif first + shared in surfaces and first not in surfaces:
                        found = found or (m.start() - first_len, first + shared)
        if found:
            out.append(rest[at:found[0]] + found[1])
            at = m.start()
    return "".join(out) + rest[at:]


def _unelided(rest: str) -> str:
    """The question with a word shared by two coordinated words written out for both ("全部公开或部分
    公开", "fully disclosed or partly disclosed"): only where both whole words are glossary words and
    the first alone is none. A bare head before its qualified form ("公开或部分公开") is the plain
    case, the glossary's ``plain`` modifier before it (予以公开)."""
    surfaces = glossary_surfaces()

    def en(m: re.Match) -> str:
        first, conj, modifier, head = m.groups()
        for shared in (head, head.split(" ")[0]):
            if (f"{modifier} {shared}".lower() in surfaces and f"{first} {shared}".lower() in surfaces
                    and first.lower() not in surfaces):
                return f"{first} {shared} {conj} "
        return m.group(0)

    return _ELIDED_EN.sub(en, _unelided_zh(rest))


_TIMES_OF = re.compile(r"(.+?)(?:是|为|相当于|等于)(.+?)的(?:多少|几)倍|"
                       r"(.+?)(?:与|和|跟|同|对)(.+?)(?:之间)?(?:之比|的比值)|\bratio of (.+?) to (.+)", re.I)


_QUOTED = re.compile(r"“[^“”]{2,80}”|「[^「」]{2,80}」|\"[^\"]{2,80}\"")


def quoted_as_one(rest: str) -> str:
    """The wording with the separators that do not separate things blanked: inside quotation marks
    ("因为“没有现成信息、需要另行制作”所以给不了的", not two items), and a 、 between two words that stand
    together in one label of the tables ("被当成信访、举报、投诉": the row 信访举报投诉类申请)."""
    rest = _QUOTED.sub(lambda m: _separators_blanked(m.group(0)), rest)
    rest = re.sub(r"([」”』])\s*(?=[「“『])", r"\1、", rest)  # 「1.信访…」「2.重复申请」: quoted one after another
    kept = [(i, i + len(w)) for w in _paused_terms() for i in _starts(rest, w)]  # "先复议、后起诉": a wording itself
    # (a total after the parts is an item of its own: "其他结果、总计", not the label 办理结果总计)
    # (and a word of a label is said alone on one side: "信访、举报", not "网站公开、政府公报公开")
    return _LABEL_PAUSE.sub(lambda m: " " if _in_one_label(m.group(1) + m.group(2)) and m.group(2) not in _TOTALS
                            and _a_word_alone(rest, m.start())
                            and not any(a <= m.start() < b for a, b in kept) else m.group(0), rest)


_PIECE_END = re.compile(r"[、，,；;。？?！!：:（）()\s和与及或]")


def _a_word_alone(text: str, at: int) -> bool:
    """Whether the words on one side of the 、 at ``at`` are one short word up to the next separator."""
    left = next((i for i in range(at - 1, -1, -1) if _PIECE_END.match(text[i])), -1)
    right = next((i for i in range(at + 1, len(text)) if _PIECE_END.match(text[i])), len(text))
    return min(at - left - 1, right - at - 1) <= 2


_TOTALS = ("总计", "合计", "小计", "总数")


def _separators_blanked(quoted: str) -> str:
    """A quoted label with its separators blanked; 或 stays where a glossary term holds it (“法人或其他组织”)."""
    kept = _joined_spans(quoted)
    return "".join(" " if (re.fullmatch(r"[、，,；;和与及]", ch) or ch == "或" and not any(a <= i < b for a, b in kept))
                   else ch for i, ch in enumerate(quoted))


def _joined_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` says a glossary wording that holds a conjunction (法人或其他组织): one thing."""
    return [(i, i + len(w)) for w in _joined_terms() for i in _starts(text, w)]


@lru_cache(maxsize=1)
def _joined_terms() -> tuple[str, ...]:
    return tuple(w for w in glossary_surfaces() if "或" in w or " and " in w or " or " in w)


@lru_cache(maxsize=1)
def _paused_terms() -> tuple[str, ...]:
    return tuple(w for t in glossary()["terms"] for w in t["zh"] if "、" in w)


def _starts(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text)]


_LABEL_PAUSE = re.compile(r"(?<=([\u4e00-\u9fff]{2}))、(?=([\u4e00-\u9fff]{2}))")


@lru_cache(maxsize=1)
def _table_labels() -> tuple[str, ...]:
    return tuple(w for entry in glossary()["keys"].values() for w in entry["zh"] if len(w) >= 4)


def _one_thing_said_twice(addends: list) -> list:
    """Addends that name one thing in two wordings ("年底没办完、结转到下一年的": both 结转下年度继续办理)
    as one addend."""
    def meaning(slots) -> frozenset:
        return frozenset(s.alternatives[1:] for s in slots if s.from_glossary and s.weight >= 3.0 and len(s.alternatives) > 1)

    out: list = []
    for slots in addends:
        same = next((i for i, o in enumerate(out) if meaning(o) and meaning(o) & meaning(slots)), None)
        if same is None:
            out.append(slots)
        else:
            out[same] = out[same] + tuple(s for s in slots if s not in out[same])
    return out


def _part_of_whole(part: str, whole: str) -> tuple[Slot, ...]:
    """The numerator of "WHOLE中PART占多少": the figure PART names, where the words of WHOLE only say
    where it stands (light: "食用农产品抽检中不合格的" is 检出不合格产品38批次 of the sentence that
    counts 11541批次食用农产品抽检, not the whole again)."""
    own = metric_slots(part)
    return own + tuple(replace(s, weight=0.3 * s.weight) for s in metric_slots(whole) if s not in own)


def _in_one_label(words: str) -> bool:
    return any(words in label for label in _table_labels())


def split_parts(rest: str, operation: str) -> tuple[tuple[tuple[Slot, ...], ...], int]:
    """The metric parts and how many of them are a ratio's summed numerator: numerator and denominator
    for a ratio (A占B; A或B占比: A + B), addends for a sum (A和B共), the two sides of a gap (A比B多多少)."""
    rest = _unelided(quoted_as_one(rest))
    if operation == "ratio":
        m = PER_EACH.search(rest)
        sides = [g for g in m.groups() if g is not None] if m else []
        if len(sides) == 2 and metric_slots(sides[0]) and metric_slots(sides[1]):  # "A平均到每件B": A over B
            return (metric_slots(sides[0]), metric_slots(sides[1])), 1
        m = PER_HEAD_SIDES.search(rest)
        figure = re.sub(r"(?:是|为|有)?(?:多少|几)[件个条项次份]?", " ", m.group(2)) if m else ""
        if m and metric_slots(m.group(1)) and metric_slots(figure):  # "工作人员人均处理多少件申请": 申请 over 工作人员
            return (metric_slots(figure), metric_slots(m.group(1))), 1
        m = _TIMES_OF.search(rest)
        sides = [g for g in m.groups() if g is not None] if m else []
        if len(sides) == 2 and metric_slots(sides[0]) and metric_slots(sides[1]):  # "A是B的几倍", "A与B之比": A over B
            return (metric_slots(sides[0]), metric_slots(sides[1])), 1
        m = re.search(r"(.+?)占(.+)", rest)
        if m:
            num, den = metric_slots(m.group(1)), metric_slots(m.group(2))
            # "占“本年新收+上年结转”之和的百分比": a denominator said as a sum, each term its own part
            terms = [metric_slots(t) for t in re.split(r"[+＋]|加(?!起来|在一起|总)上?", m.group(2))]
            if len(terms) >= 2 and all(terms) and num:
                return (num, *terms), 1
            # "予以公开和部分公开合计占…", "公开或部分公开的占比": a summed numerator
            addends = _one_thing_said_twice([metric_slots(p) for p in _either_split(m.group(1)) if p.strip()])
            addends = [a for a in addends if a] if sum(1 for a in addends if a) >= 2 else addends  # "…加起来"
            if len(addends) >= 2 and all(addends):
                return ((*addends, den) if den else tuple(addends)), len(addends)
            if num and den:
                return (num, den), 1
            # "行政诉讼中直接起诉的占多少", "公布的政府信息里，重大建设项目信息占总数的百分之几": part of the whole
            said = re.match(r"(.+)(?:当中|之中|中|里)[，,]?(.+)", m.group(1))
            whole, part = (said.group(1), said.group(2)) if said else ("", "")
            if whole and metric_slots(whole) and metric_slots(part):
                return (_part_of_whole(part, whole), metric_slots(whole)), 1
        m = re.search(r"(?:share|percentage|proportion|fraction|per ?cent|%) of (.+?) (?:that|which|were|was|did|got|"
                      r"are|is|ended|end|resulted|came|come|went|had|have) (.+)", rest, re.I)
        if m:
            said, whole = m.group(2), m.group(1)
            out = re.search(r"[,，]?\s*\b(?:out of|divided by|relative to)\s+(?:the\s+)?(.+)$", said, re.I)
            if out and metric_slots(out.group(1)):  # "…were 予以公开 or 部分公开, out of the 办理结果 总计": that whole
                said, whole = said[:out.start()], out.group(1)
            den, num = metric_slots(whole), metric_slots(said)
            terms = [metric_slots(t) for t in re.split(r"\bplus\b|[+＋]", whole, flags=re.I)]
            if num and len(terms) >= 2 and all(terms):
                # "share of the caseload (new requests plus those carried in from the previous year) that…": a
                # denominator said as a sum, each term its own part
                return (num, *terms), 1
            if num and den and set(num) != set(den):
                addends = [metric_slots(p) for p in _either_split(said)]
                if len(addends) >= 2 and all(addends):  # "…that were granted in full or in part"
                    return (*addends, den), len(addends)
                # "the share of requests that were granted": granted of requests, the requests said of it too
                return (_part_of_whole(said, whole), den), 1
    if operation == "gap":
        m = GAP_ZH.search(rest) or GAP_EN.search(rest)
        sides = [g for g in m.groups() if g is not None] if m else []
        first, second = (metric_slots(sides[0]), metric_slots(sides[1])) if len(sides) == 2 else ((), ())
        if first and second and ((m.re is GAP_ZH and m.group(3) is not None) or (m.re is GAP_EN and m.group(5))):
            # "规范性文件制发减去废止": the thing both sides count, said once before the first
            shared = tuple(s for s in first if s.weight >= 3.0 and not s.key and s not in second)
            second = second + shared
        if first and second and m.re is GAP_ZH and m.group(3) is not None:
            # "办理结果总计减去无法提供和不予处理": each thing taken away on its own
            taken = [metric_slots(p) for p in re.split(CONJUNCTIONS.pattern + r"|、", sides[1])]
            if len(taken) >= 2 and all(taken):
                return (first, *_in_the_row_of(first, taken)), 1
            second = _in_the_row_of(first, [second])[0]
        if first and second:
            return (first, second), 1
    either = _either_asked(rest) if operation == "lookup" else ()
    if either:  # "全部或部分公开的有多少件", "how many were granted in full or in part": the two added up
        return either, 1
    if operation in ("lookup", "sum") and (has_any(rest, SUM_ZH) or PLUS_ZH.search(rest) or _SUMMED_EN.search(rest)):
        # "A、B、C合计", "A和B加起来", "新收加上年结转": the addends (、 names several things only beside
        # a sum word); the sum words themselves name nothing
        bare = rest
        for w in sorted(SUM_ZH, key=len, reverse=True):
            bare = bare.replace(w, " ")
        aside = _summed_aside(bare)
        if aside:
            return aside, 1
        # "「（五）不予处理」项下「1.信访…」「2.重复申请」": the heading the addends stand under, said of each
        under = _UNDER.search(bare)
        head = metric_slots(under.group(1)) if under else ()
        if head:
            bare = bare[:under.start()] + " " + bare[under.end():]
        bare = EXAMPLES.sub(" ", bare)  # "（企业、律所等…）": examples of what is counted, not addends
        # a term that holds a conjunction itself (法人或其他组织, 行政复议和行政诉讼情况) is one addend
        whole = {s.text: s.text.translate(_JOINERS_KEPT) for s in metric_slots(bare)
                 if s.from_glossary and len(s.text) >= 4 and _JOINER_INSIDE.search(s.text[:-1])}
        for term, kept in whole.items():
            bare = bare.replace(term, kept)
        counting = _COUNTING.search(bare)
        if counting and not has_any(rest, SUM_ZH) and not PLUS_ZH.search(rest):
            bare = bare[counting.end():]  # "the appeals and litigation section …, counting both A and B": A + B
        def addends(text: str) -> list[str]:
            return [p.translate(_JOINERS_BACK) for p in re.split(CONJUNCTIONS.pattern + r"|或者|或|、|[+＋]|\bplus\b|\band\b|&",
                                                                 text, flags=re.I) if metric_slots(p.translate(_JOINERS_BACK))]

        pieces = addends(bare)
        scope = re.match(r"^\s*([^，,、+＋]+?)[，,](.+)$", bare)
        if scope and metric_slots(scope.group(1)) and not re.search(CONJUNCTIONS.pattern, scope.group(1)) \
                and len(addends(scope.group(2))) >= 2:
            # "行政复议，被纠正的加上其他结果的": the scope said first, said of each addend after it
            head = head + tuple(s for s in metric_slots(scope.group(1)) if s not in head)
            pieces = addends(scope.group(2))
        if len(pieces) >= 2:
            head = head + _head_said_last(pieces)
            return tuple(metric_slots(p) + tuple(s for s in head if s not in metric_slots(p)) for p in pieces), 1
    slots = metric_slots(rest)
    return ((slots,) if slots else ()), 1


_OR = re.compile(r"或者|或|\bor\b", re.I)


def _either_asked(rest: str) -> tuple[tuple[Slot, ...], ...]:
    """The things a count asks for one or the other of ("全部或部分公开的", "granted in full or in
    part"): each a glossary thing of its own, so the count is of both. Empty unless every side names one
    and the sides name different things (a second wording of one thing is no second thing)."""
    kept = _joined_spans(rest)
    cuts = [m for m in _OR.finditer(rest) if not any(a <= m.start() < b for a, b in kept)]
    if not cuts or has_any(rest, SUM_ZH):
        return ()
    bounds = [0] + [x for m in cuts for x in (m.start(), m.end())] + [len(rest)]
    pieces = [rest[bounds[i]:bounds[i + 1]] for i in range(0, len(bounds), 2)]
    sides = _one_thing_said_twice([metric_slots(p) for p in pieces])
    keys = [{s.key for s in side if s.key and s.weight >= 3.0} for side in sides]
    if len(sides) < 2 or not all(keys) or any(a & b for i, a in enumerate(keys) for b in keys[i + 1:]):
        return ()
    head = _head_said_last(pieces)
    return tuple(side + tuple(s for s in head if s not in side) for side in sides)


def _head_said_last(pieces: list[str]) -> tuple[Slot, ...]:
    """What the last of several addends says after its 的 of them all ("被驳回和撤诉的行政诉讼": 行政诉讼
    of both): the glossary things there that the first addend does not name."""
    before, of, after = pieces[-1].rpartition("的")
    if not of or not metric_slots(before):
        return ()
    first = {s.key for s in metric_slots(pieces[0]) if s.key}
    return tuple(s for s in metric_slots(after) if s.key and s.weight >= 3.0 and s.key not in first)


_UNDER = re.compile(r"[「“『]([^「“『」”』]{2,20}?)[」”』]\s*(?:项下|之下|下面|下的|里面的|中的|的)(?=\s*[「“『])")
# "direct filings and those brought after an appeal together": English addends said with a sum word
_COUNTING = re.compile(r"(?<!not )(?<!without )\bcounting\b", re.I)  # "counting new ones and those carried over"
_SUMMED_EN = re.compile(r"\b(?:together|combined|altogether|in all|added up|add up|sum of)\b|"
                        + _COUNTING.pattern + r"(?=.*\band\b)", re.I)
_JOINER_INSIDE = re.compile(r"或|和|与|及|跟|同")
_JOINERS_KEPT = str.maketrans({"或": "\x01", "和": "\x02", "与": "\x03", "及": "\x04", "跟": "\x05", "同": "\x06"})
_JOINERS_BACK = str.maketrans({"\x01": "或", "\x02": "和", "\x03": "与", "\x04": "及", "\x05": "跟", "\x06": "同"})


# "办理结果中除了予以公开和部分公开，其余结果共多少件": the whole less the things named
_EXCEPT = re.compile(r"除(?:了|去|开|掉)?\s*(“[^”]+”|「[^」]+」|.+?)\s*(?:以外|之外|外)?(?:的)?\s*[,，]?\s*(?:其余|其他|剩下|剩余|余下)(?:的)?(.*)$|"
                     # "除了予以公开以外的": the rest (not "除了12333之外还提到…": one more thing)
                     r"除(?:了|去|开|掉)?\s*(.+?)\s*(?:以外|之外)的(.*)$|"
                     # "其他处理的申请里，除了逾期不补正的，还有几件": the rest of the whole said before
                     r"除(?:了|去|开|掉)?\s*([^，,。？?]+?)\s*(?:以外|之外|外)?的?\s*[,，]\s*(还(?:有|剩下?)\s*(?:几|多少).*)$")
# "不是自然人提的", "既不是“同意公开”、也不是“同意部分公开”的", "没有被否决公开的": the whole less what is negated
# ("不是说一共三十六起嘛": a claim recalled, no negation; "结果没被维持的": 结果 is said of the part)
_NOT = r"(?:(?<![是有])不是(?!说|讲|已经|早就)|不属于|(?<!有)没有被?|(?<!有)没被|未被|并非)"
_NEGATED = re.compile(r"(?:结果)?(?:既)?" + _NOT + r"\s*([^，,。？?、嘛吗]{1,20}?)\s*(?:(?:提出?|申请|作出)?的|[、，,]?\s*(?:也|又)"
                      + _NOT + r"\s*([^，,。？?、嘛吗]{1,20}?)\s*(?:提出?|申请|作出)?的)")
# "通知收取的信息处理费中，还有多少元没有实际收到？": of a whole, how much is not the thing named
_NOT_OF = re.compile(r"^(.*?)(?:当中|之中|中|里)\s*[，,]?\s*(?:还)?有?(?:多少|几)\s*[元件条个项次人]?\s*"
                     + _NOT + r"\s*([^，,。？?]{1,20}?)\s*(?:的)?\s*[？?。]?\s*$")
# "“不予处理”的申请，不算信访举报投诉类的，一共几件", "行政诉讼，不包括复议后起诉的": the whole less what is left out
_LEFT_OUT = re.compile(rf"(?<!算)(?:{LEAVE_OUT_ZH_RE})\s*"
                       r"(“[^”]+”(?:\s*(?:和|、|及|与|以及|或)\s*“[^”]+”)*|「[^」]+」|[^，,。？?；;“”]{1,24}?)\s*(?:在内)?\s*"
                       r"(?:的|之外的?|以外的?)?\s*(?:那部分|这部分|部分|那些|那几件)?\s*"
                       r"(?=[，,。？?；;]|还|一共|共|总共|合计|有|是|剩|$)")
_EXCEPT_EN = re.compile(r"(?:other than|apart from|aside from|except(?: for)?|besides|excluding|leaving out|leave out|"
                        r"not counting|setting aside|minus)\s+(.+?)(?:,|\s+how|\s+what)(.*)$", re.I)
# "信访举报投诉类的不算的话还有几件", "当面申请的除外": what is left out said before the words that leave it out
_LEFT_OUT_AFTER = re.compile(r"[，,]\s*([^，,。？?；;]{1,24}?)\s*的?\s*(?:都|也)?\s*(?:不算|不计|不计入|除外|不包括在内|不算在内)"
                             r"(?:的话|在内)?\s*(?=[，,。？?；;]|还|一共|共|总共|合计|有|是|剩|$)")
# "不算当面和网上的，其他方式来的有多少": the rest said as "the other ways", not the row 其它形式
_THE_REST = re.compile(r"^\s*[，,]?\s*(?:其他|其它|其余|别的|剩下|剩余)的?(?:方式|形式|渠道|途径|类型?|种类?)?(?:来|提交|提出|递交)?的?")


# "用“本年新收＋上年结转−办理结果总计”算出来的": figures added and taken away, the expression quoted
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{4,80})[”\"」』]")
_SIGN = re.compile(r"([+＋−－]|(?<=[\u4e00-\u9fff）)])\s*-\s*|加上?(?!年)|减去?)")


def signed_terms(rest: str) -> Optional[tuple[tuple[tuple[Slot, ...], ...], tuple[int, ...]]]:
    """The terms of a quoted expression that both adds and takes away ("本年新收＋上年结转−办理结果总计"),
    each with its sign (1 added, -1 taken away); None when the question quotes none."""
    for m in _QUOTED.finditer(rest):
        pieces = _SIGN.split(m.group(1))
        terms, ops = [metric_slots(t) for t in pieces[::2]], pieces[1::2]
        signs = (1,) + tuple(-1 if re.match(r"\s*(?:[−－\-]|减)", op) else 1 for op in ops)
        if len(terms) >= 3 and all(terms) and -1 in signs and signs.count(1) >= 2:
            return tuple(terms), signs
    return None


# "算上上年结转的，一共要处理多少件申请", "counting requests carried over from 2022": the requests the year had
# to handle, the new ones and those carried over (the table's 一 + 二)
_CARRIED_COUNTED = re.compile(r"(?:算上|加上|连同|包括|包含|(?<![不未没])含|counting|including|plus)\s*(?:the\s+)?"
                              r"(?:(?:requests?|applications?|ones?)\s+(?:that\s+were\s+)?)?"
                              r"(?:上一?年度?结转|去年结转|往年结转|结转过来|carried[\s-]+over|brought\s+forward)", re.I)
_TO_HANDLE = frozenset({"requests.new_received.total", "requests.carried_over.total", "requests.result.total.total"})


def with_carried_over(rest: str, parts: tuple[tuple[Slot, ...], ...]) -> tuple[tuple[Slot, ...], ...]:
    """The new requests and those carried over, as two parts to add, when the question counts the
    carried-over ones in with the year's requests (each with the columns the question names, 自然人);
    () when it does not."""
    if not _CARRIED_COUNTED.search(rest) or len(parts) > 2:
        return ()
    keys = {s.key for part in parts for s in part if s.key}
    if not keys or not keys <= _TO_HANDLE:
        return ()
    columns = tuple(dict.fromkeys(s for part in parts for s in part if names_a_column(s)))
    return (metric_slots("本年新收政府信息公开申请数量") + columns, metric_slots("上年结转政府信息公开申请数量") + columns)


@lru_cache(maxsize=1)
def _negated_terms() -> tuple[str, ...]:
    """The glossary's wordings that say a negation themselves (没办结, 未审结, 不予公开)."""
    return tuple(w for w in glossary_surfaces() if len(w) >= 3 and w[0] in "没未不无")


def complement(rest: str) -> tuple[tuple[Slot, ...], ...]:
    """A whole less the things named ("除了予以公开和部分公开，其余结果共多少件": 办理结果总计 − 予以公开 −
    部分公开): the whole's slots first (the words around), then each thing taken out; () when none."""
    m = _EXCEPT.search(rest) or _EXCEPT_EN.search(rest)
    left_out = None if m else _LEFT_OUT.search(rest)
    if not m and (not left_out or left_out.group(1).startswith("的")):  # ("…类的不算的话": said before it)
        left_out = _LEFT_OUT_AFTER.search(rest) or left_out
    if left_out:
        taken = [metric_slots(p) for p in re.split(CONJUNCTIONS.pattern + r"|、|或", left_out.group(1))]
        whole = metric_slots(rest[:left_out.start()] + " " + _THE_REST.sub(" ", rest[left_out.end():]))
    elif m:
        named, after = next((m.group(i), m.group(i + 1)) for i in range(1, m.re.groups, 2) if m.group(i) is not None)
        taken = [metric_slots(p) for p in re.split(CONJUNCTIONS.pattern + r"|、|\band\b|\bor\b", named)]
        whole = metric_slots(rest[:m.start()] + " " + after)
        before = metric_slots(rest[:m.start()])
        outright = [s for s in metric_slots(after) if s.from_glossary and s.weight >= 3.0
                    and not any(s.text in b.text or b.text in s.text or (s.key and s.key == b.key) for b in before)
                    and not any(s.text in t.text or t.text in s.text or (s.key and s.key == t.key)
                                for ts in taken for t in ts)]
        if outright:  # "除了自然人，其余申请人（各类法人或其他组织）": the rest named outright, asked
            return (before + tuple(outright),)
    elif (m := _NOT_OF.search(rest)) and not any(w in m.group(0) for w in _negated_terms()):
        # (not "申请中有多少没有办结": 没有办结 is a row's own words, 结转下年度)
        taken, whole = [metric_slots(m.group(2))], metric_slots(m.group(1))
    else:
        m = _NEGATED.search(rest)
        if not m or any(re.sub(r"^(?:结果)?既?", "", m.group(0))[:6] in surface
                        for surface in glossary_surfaces() if len(surface) >= 4):
            return ()  # "没有现成信息需要另行制作", "不属于本机关…": a row's own words, no negation of one
        said_of = "结果" if m.group(0).startswith("结果") else ""
        taken = [metric_slots(said_of + p) for p in m.groups() if p]
        whole = metric_slots(rest[:m.start()] + " " + rest[m.end():])
    taken = [t for t in taken if t]
    if not taken or not whole or any(set(t) <= set(whole) for t in taken):
        return ()
    return (whole,) + tuple(_in_the_row_of(whole, taken))


def _in_the_row_of(whole: tuple[Slot, ...], taken: list[tuple[Slot, ...]]) -> list[tuple[Slot, ...]]:
    """Each part taken from ``whole``, a part said by its column alone as that column of the whole's
    row ("行政诉讼，扣掉结果维持的": 行政诉讼's 结果维持, not 行政复议's)."""
    rows = tuple(s for s in whole if s.from_glossary and not names_a_column(s))
    def by_its_column(part: tuple[Slot, ...]) -> bool:
        said = [s for s in part if s.from_glossary]
        return bool(said) and all(names_a_column(s) for s in said)

    return [rows + t if rows and by_its_column(t) else t for t in taken]


# "（公开率=(予以公开+部分公开)/办结总计）": a share spelt out as a formula
_FORMULA = re.compile(r"(?:[=＝:：]\s*[（(]?|[（(])((?:[（(][一二三四五六七八九十\d]{1,2}[）)]|[^=＝:：/÷（）()])+?)[）)]?\s*(?:/|÷|除以)\s*"
                      r"((?:[（(][一二三四五六七八九十\d]{1,2}[）)]|[^）)，,。？?])+)")  # "（七）总计÷（一、本年新收+二、上年结转）"


# "予以公开率，也就是予以公开件数除以办理结果总计": the same said in words
_FORMULA_SAID = re.compile(r"(?:也就是|就是|即|指的是|是指|定义为|算法是|按照?|口径[是为]?[：:]?|就用|直接用|(?<![\u4e00-\u9fff])用|"
                           r"(?<![\u4e00-\u9fff])我?把)\s*(?:用)?"
                           r"([^，,。？?；;]+?)\s*(?:除以|÷|/)\s*([^，,。？?；;]+)")


def formula(rest: str, bare: bool = False) -> Optional[tuple[tuple[tuple[Slot, ...], ...], int, tuple[int, ...]]]:
    """A share the question spells out (``= (A + B) / (C + D)``, "按A除以“B+C”计算", ``÷（总计−尚未审结）``;
    with ``bare``, a division said with no word before it, "口径：A÷B"): the addends of its numerator,
    then the terms of its denominator; the count returned is the numerator's, then each denominator
    term's sign (1 added, -1 taken away). The question's words before the formula that name a row
    and no figure of their own ("行政规范性文件的“清理强度”") are said of each term."""
    m = _DIVIDED.search(rest) if bare else (_FORMULA.search(rest) or _FORMULA_SAID.search(rest))
    if not m:
        return None
    # "（七）总计÷…": a total named by its word alone
    # ("用表三“（一）予以公开”的总计除以…": which table, and the verb, name nothing)
    above = re.sub(r"^\s*(?:用|拿|以)|表[一二三四五六七八九十\d]+(?:里|中|的)?", " ", m.group(1))
    # "“无法提供”的三种情形加总后": its parts added up, the heading's own total
    above = re.sub(r"的?(?:[一二两三四五六七八九十\d]+(?:种|类|项|个))?(?:情形|情况|小项|子项|分项)?"
                   r"(?:加总|加起来|合计|相加|汇总|加在一起)(?:以)?后?", " ", above)
    addends = [metric_slots(p) or (_TOTAL_ITEM if _TOTAL_WORD.fullmatch(p.strip(" “”\"")) else ())
               for p in re.split(r"[+＋]|加上?", above)]
    below = re.sub(r"[×*]\s*100\s*[%％]?.*$|(?:作为|当作|算作|即为|得出|得到).*$", "", m.group(2))
    pieces = re.split(r"([+＋−－]|(?<=[\u4e00-\u9fff）)])\s*-\s*|加上?|减去?)", below)
    # ("(总计 − 尚未审结)": a total named by its word alone is a term too)
    terms = [metric_slots(p) or (_TOTAL_ITEM if _TOTAL_WORD.fullmatch(p.strip(" （）()“”\"")) else ()) for p in pieces[::2]]
    signs = [1] + [-1 if re.match(r"\s*[−－\-减]", x) else 1 for x in pieces[1::2]]
    if not all(addends):
        return None
    by_total = len(terms) == 1 and not terms[0] and bool(_TOTAL_WORD.search(below))
    if not by_total and not all(terms):
        return None
    terms = [] if by_total else terms
    said = {w for part in (*addends, *terms) for s in part for w in (s.text, *s.alternatives)}
    before = PER_HEAD.sub(" ", rest[:m.start()])  # "人均要处理多少件": how the terms are divided, no row
    # (a keyed row, 行政复议, too, when every term is a column of it: "纠错率=结果纠正/总计")
    columns = all(names_a_column(t) or _TOTAL_WORD.fullmatch(t.text) for part in (*addends, *terms) for t in part)
    # (not a column said before it: "如果只看已经审结的案子，就是：结果纠正÷（总计−尚未审结）" spells that out itself)
    row = tuple(s for s in metric_slots(before) if s.from_glossary and (not s.key or columns)
                and not names_a_column(s) and (re.search(r"[\u4e00-\u9fff]", s.text) or s.key)  # (a keyed English word too)
                and "率" not in s.text
                and not said & {s.text, *s.alternatives})
    with_row = [part + tuple(s for s in row if s not in part) for part in (*addends, *terms)]
    # "结果纠正÷（复议总计−尚未审结）": the group one term names (复议) is said of the terms that are only its columns
    group = next((s for part in with_row for s in part if s.key.endswith(".total")), None)
    if group is not None:
        with_row = [part + (group,) if all(names_a_column(s) for s in part) else part for part in with_row]
    if by_total:  # "除以“（七）总计”": the total of the numerator's own rows
        return tuple(with_row), len(addends), ()
    return tuple(with_row), len(addends), tuple(signs) if -1 in signs else ()


# "口径：结果纠正件数÷已审结件数": a clause that is a division, said with no word before it
_DIVIDED = re.compile(r"(?:^|(?<=[，,：:；;。？?\s]))([^，,。？?；;：:=\s][^，,。？?；;：:=]*?)\s*(?:÷|除以)\s*([^，,。？?；;]+)")


def rate_parts(rest: str) -> Optional[tuple[tuple[tuple[Slot, ...], ...], int, tuple[int, ...]]]:
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
    return (*numerator, denominator), len(numerator), ()


# "占全部的比例", "占总数的百分比": of the whole, said in no words of its own
_OF_ALL = re.compile(r"占\s*(?:全部|总数|所有|全体|总量|总体|全部的?总数)(?:的|之)?(?:比例|比重|百分比|多少|几)")
# "制作、获取的政府信息一共397条，": the whole, stated with its figure in a clause before the share
_WHOLE_STATED = re.compile(r"([^，,。；;]{2,30}?)(?:一共|总共|共计|共|合计|总计)?(?:有|是|为)?\s*\d[\d.,]*\s*[条件个项次人]\s*[，,；;]")


def whole_stated_before(text: str) -> tuple[Slot, ...]:
    """The whole of a share asked "of all" (占全部的比例) when a clause before it states the whole with
    its figure ("制作、获取的政府信息一共397条，主动公开的占全部的比例"); () when none does."""
    share = _OF_ALL.search(text)
    stated = [m for m in _WHOLE_STATED.finditer(text[:share.start()])] if share else []
    return metric_slots(stated[-1].group(1)) if stated else ()


# "不予公开的申请里，以“行政查询事项”为由的占几成": the whole a share is of, said first as the scope
_SCOPE_FIRST = re.compile(r"^([^，,：:。？?]*?)(?:里面|里头|当中|之中|里|中)\s*[，,](.+)$|"
                          # "行政复议总数里面结果纠正的占百分之几": a whole said as a total, no comma needed
                          r"^([^，,：:。？?]*?(?:总数|总计|合计|总量))(?:里面|里头|当中|之中|里|中)(.+)$", re.S)
_SHARE_WORDS = re.compile(r"占|比例|比重|百分之?几|几成|百分比|占比")
_SCOPE_FIRST_EN = re.compile(r"^(?:of|among|out of)\s+(.+?),\s*(.+)$", re.I | re.S)
_SHARE_WORDS_EN = re.compile(r"\b(?:share|percentage|proportion|per ?cent|fraction)\b", re.I)


def part_within_scope(rest: str) -> Optional[tuple[Slot, ...]]:
    """"办结的申请中，信函申请有多少件": a count of a part asked within a whole said first, the part's words
    and, light, the whole's; None unless the part names something of its own (the whole's words alone
    again, "申请中，申请有几件", are no part)."""
    m = _SCOPE_FIRST.match(rest.strip())
    if not m or m.group(1) is None or _SHARE_WORDS.search(m.group(2)) or re.search(r"哪|最多|最少|最高|最低", m.group(2)):
        return None  # (a share, or the parts ranked: "八种理由里，哪一种最多")
    whole, part = metric_slots(m.group(1)), metric_slots(m.group(2))
    said = {w for s in whole for w in (s.text, *s.alternatives)}
    # (a part said by its column, "复议后起诉的案件中，尚未审结的": of the whole's row, which stays whole)
    own = [s for s in part if s.from_glossary and s.weight >= 2.0 and s.text not in said
           and not said & set(s.alternatives) and not names_a_column(s)]
    if not whole or not own:
        return None
    return part + tuple(replace(s, weight=0.3 * s.weight) for s in whole if s.text not in {p.text for p in part})


def scope_of_share(rest: str) -> Optional[tuple[tuple[Slot, ...], str]]:
    """The whole of a share said as the scope before a comma ("不予公开的件数中，“三类内部事务信息”这一条理由
    占比多少") and the wording after it, when the share asked after it names no whole of its own
    (占…的比例); None otherwise."""
    m = _SCOPE_FIRST.match(rest.strip())
    english = _SCOPE_FIRST_EN.match(rest.strip()) if not m else None
    if english:  # "Of the requests it withheld, what share were refused because …"
        scope, after = english.group(1), english.group(2)
        if not _SHARE_WORDS_EN.search(after):
            return None
    elif not m:
        return None
    else:
        scope, after = (m.group(1), m.group(2)) if m.group(2) is not None else (m.group(3), m.group(4))
    if not english and (not _SHARE_WORDS.search(after) or _SHARE_OF.search(after)):
        return None
    whole, part = metric_slots(scope), metric_slots(after)
    if not whole or not part or not all(s.from_glossary for s in whole):
        return None
    return whole, after


_ADDEND_SPLIT = re.compile(CONJUNCTIONS.pattern + r"|、|[+＋]|\bplus\b|\band\b", re.I)


def _summed_aside(rest: str) -> tuple[tuple[Slot, ...], ...]:
    """Addends spelt out in brackets, the words outside said of each ("行政诉讼里结果被纠正的一共几件
    （直接起诉和复议后起诉加起来）": 直接起诉·结果纠正 + 复议后起诉·结果纠正); () when there are none."""
    for m in ASIDE.finditer(rest):
        if "等" in m.group(1):
            continue  # "（企业、律所等加在一起）": examples of what the figure counts, not its addends
        addends = [metric_slots(p) for p in _ADDEND_SPLIT.split(m.group(1)) if metric_slots(p)]
        if len(addends) < 2:
            continue
        outside = metric_slots(rest[: m.start()] + " " + rest[m.end():])
        # "法人或者其他组织（商业企业、…、其他）一共": the words the bracket glosses are the addends' whole,
        # not said of each (not "…一共几件（直接起诉和复议后起诉加起来）", which follows the question)
        glossed = re.search(r"[^，,。？?；;：:\s]{2,16}$", rest[: m.start()])
        whole = glossed.group(0) if glossed and not _HOW_MANY.search(glossed.group(0)) else ""
        shared = tuple(s for s in outside if s.from_glossary and s.text not in whole)
        return tuple(a + tuple(s for s in shared if s not in a and not any(s.text in x.text for x in a))
                     for a in addends)
    return ()


# "(filed directly or after reconsideration)": the two parts joined by "or" (said in brackets, both are counted)
_OR_JOINED = r"\s*(?:或者?|还是|,?\s*or\b)\s*(?:(?:filed|brought)\s+)?(?:the\s+)?(?:(?:law)?suits?\s+|cases?\s+)?"


@lru_cache(maxsize=1)
def _restatements() -> tuple[tuple[re.Pattern, tuple[str, ...], str], ...]:
    """For each whole the glossary derives from two printed parts (行政诉讼 = 未经复议直接起诉 +
    复议后起诉): a pattern of both parts said together, the whole's own words, its label."""
    g, out = glossary(), []
    for derived in g["derived"]:
        parts = derived.get("parts")
        if "row" not in derived or not isinstance(parts, list) or len(parts) != 2:
            continue
        said = []
        for key in parts:
            labels = set(g["keys"][key]["zh"])
            words = labels | {g["keys"][key]["en"]} | {w for t in g["terms"] if labels & set(t["means"])
                                                       for w in t["zh"] + t["en"]}
            said.append("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
        joined = r"(?:的)?\s*(?:和|与|及|跟|以及|加上?|[+＋、]|,?\s*and\b|\s+plus\b)\s*(?:the\s+)?(?:(?:law)?suits?\s+|cases?\s+)?"
        tail = r"(?:的)?(?:\s*(?:都算上|都算进去|都算|都包括|都含|加起来|一起|合计|together|combined|both))?"
        head = r"(?:(?:counting|including|incl\.?)\s+)?(?:both\s+)?(?:包括|包含|含)?"
        both = "(?:(?:" + said[0] + ")" + joined + "(?:" + said[1] + ")|(?:" + said[1] + ")" + joined + "(?:" + said[0] + "))"
        pattern = re.compile(head + both + tail, re.I)
        # "lawsuits in total (filed directly or after reconsideration)": in brackets, either part is counted
        either = "(?:(?:" + said[0] + ")" + _OR_JOINED + "(?:" + said[1] + ")|(?:" + said[1] + ")" + _OR_JOINED + "(?:" + said[0] + "))"
        bracketed = re.compile(r"[（(]\s*(?:(?:filed|brought)\s+)?(?:" + either + "|" + both + r")\s*[）)]", re.I)
        whole = g["keys"][derived["row"]]
        labels = set(whole["zh"])
        own = tuple(labels | {whole["en"]} | {w for t in g["terms"] if labels & set(t["means"]) for w in t["zh"] + t["en"]})
        out.append((pattern, own, whole["zh"][0]))
        out.append((bracketed, own, whole["zh"][0]))
    return tuple(out)


def without_restated_parts(rest: str) -> str:
    """The wording without a whole's two parts named to say what it counts ("行政诉讼（直接起诉加复议后
    起诉）", "直接起诉和复议后起诉都算上", "counting both direct suits and suits after reconsideration"):
    the whole is asked, its words put in where the question said only the parts."""
    for pattern, own, label in _restatements():
        if pattern.search(rest):
            rest = pattern.sub(" ", rest)
            if not any(w.lower() in rest.lower() for w in own):
                rest += " " + label
    return rest


_TOTAL_WORD = re.compile(r"(?:的)?(?:总计|合计|总数|总量|小计|total)(?:数)?[件个条项次人]?(?:都|也)?", re.I)
_TOTAL_ITEM = (Slot("总计", ("总计", "合计"), 2.0),)
# "upheld / corrected / other / still pending": "other" alone in a list is its 其他 column or row
_OTHER_ITEM = (Slot("其他", ("其他", "其它"), 2.0),)
_OTHER_SAID = re.compile(r"(?:the\s+)?others?(?:\s+ones?)?", re.I)
_ASKING = re.compile(r"(?:分别|各自|依次|各)?(?:是|有|为)?(?:多少|几)[件个条项次]?|[？?。，,：:\s]|分别|各自")
_THREE_NAMED = re.compile(r"、[^、，,。？?和与及]{2,12}(?:和|以及|及|与)[^、，,。？?]{2,}")
_THREE_NAMED_EN = re.compile(r"[:：]\s*[A-Za-z][^,，:;?？]{0,30}(?:[,，]\s*(?:and\s+)?[A-Za-z][^,，:;?？]{0,30}){2,}")
_HOW_MANY = re.compile(r"几|多少|how many|how much", re.I)
_ASKED_AGAIN = re.compile(r"呢\s*$|^\s*(?:and|what about|how about)\b", re.I)
_OF_THEM = re.compile(r"\bof (?:them|these|those)\b|^\s*(?:其中|这其中|这里面|里面|它里面|当中|这当中)", re.I)
# list items: separated by 、 和 and …, or asked as questions one after another ("收到几件？结转几件？")
_ITEMS = re.compile(LIST_SEPARATORS.pattern + r"|[？?]\s*(?=\S)", re.I)


def _preamble(rest: str) -> tuple[Slot, ...]:
    """The words of a question asked before a list ("洪泽区的申请最后都怎么处理的？公开、部分公开、
    不予公开各几件"): the part before the last question mark, when it names no list and the part after
    it does; () otherwise."""
    asked = re.match(r"(.*)[？?](.*)$", rest.strip().rstrip("？?"), re.S)  # the last question mark
    if not asked or LIST_SEPARATORS.search(asked.group(1)) or len(LIST_SEPARATORS.findall(asked.group(2))) < 2:
        return ()
    return metric_slots(asked.group(1))


def _list_head(rest: str) -> tuple[Slot, ...]:
    """The metric words of a list's heading: the side of a colon with no list separator in it, when the
    other side holds the list ("“其他处理”三个小项分别多少：逾期不补正、逾期不缴费、其他"; the list in
    brackets after it: "行政诉讼按结果分别是多少件（维持、纠正、其他）"), or a scope said first ("收到的申请里，予以公开和无法提供各几件"); () when none."""
    scope = re.match(r"^([^，,：:]*?)(?:里面|当中|之中|里|中)\s*[，,]", rest)
    if scope and metric_slots(scope.group(1)) and all(s.from_glossary for s in metric_slots(scope.group(1))):
        return metric_slots(scope.group(1))
    # "复议后起诉的诉讼，维持、纠正、其他结果分别是多少": a row said first, then only its columns
    row = re.match(r"^([^，,：:]+)[，,](.+)$", rest)
    if row and metric_slots(row.group(1)) and not any(map(names_a_column, metric_slots(row.group(1)))):
        items = [metric_slots(p) for p in LIST_SEPARATORS.split(row.group(2)) if metric_slots(p)]
        if len(items) >= 2 and all(all(map(names_a_column, item)) for item in items):
            return metric_slots(row.group(1))
    # "…的信息公开申请，当面、网上、信函分别是多少件": only words that qualify (申请) said first, of every item
    if row and metric_slots(row.group(1)) and not re.search(r"(?:里面|当中|之中|里|中)\s*$", row.group(1)) \
            and all(s.from_glossary and s.weight < 3.0 for s in metric_slots(row.group(1))):
        items = [metric_slots(p) for p in LIST_SEPARATORS.split(row.group(2)) if metric_slots(p)]
        head = {s.text for s in metric_slots(row.group(1))}
        if len(items) >= 2 and not any(head & {s.text for s in item} for item in items):
            return metric_slots(row.group(1))
    # "那几件企业申请，部分公开了几件、其他处理的又是几件": a column said first, then only rows
    if row and any(map(names_a_column, metric_slots(row.group(1)))) \
            and all(s.from_glossary or names_a_column(s) for s in metric_slots(row.group(1))):
        items = [metric_slots(p) for p in LIST_SEPARATORS.split(row.group(2)) if metric_slots(p)]
        if len(items) >= 2 and not any(any(map(names_a_column, item)) for item in items):
            return metric_slots(row.group(1))
    sides = re.split(r"[:：]", rest, maxsplit=1)
    listed_after = re.match(r"^([^（(]+)[（(]([^（）()]+)[）)]\W*$", rest.strip())
    if len(sides) != 2 and listed_after:  # "行政诉讼按结果分别是多少件（维持、纠正、其他、尚未审结）"
        sides = list(listed_after.groups())
    if len(sides) != 2:
        return ()
    said_first = LIST_SEPARATORS.split(sides[0])
    if len(said_first) > 1 and not any(metric_slots(p) for p in said_first[:-1]):
        sides[0] = said_first[-1]  # "For Huai'an city 2024, give me the breakdown of suits …: upheld, …"
    listed = [bool(LIST_SEPARATORS.search(side)) for side in sides]
    if listed.count(True) != 1:
        return ()
    return metric_slots(sides[listed.index(False)])


_ITEM_COUNT = re.compile(r"件数|个数|次数|数量|几件|多少件")
_ITEM_MONEY = re.compile(r"金额|多少钱|多少元|万元|费用")


def _count_and_amount(rest: str) -> bool:
    """Two things joined, one a count and the other money ("采购项目数量和采购总金额"), no sum asked."""
    pieces = [p for p in LIST_SEPARATORS.split(rest) if p.strip()]
    return (len(pieces) == 2 and all(metric_slots(p) for p in pieces) and not has_any(rest, SUM_ZH)
            and {_item_unit(p) for p in pieces} == {"件", "元"})


def _item_unit(piece: str) -> Optional[str]:
    """The unit one item of a list is asked in: "通知收取件数" a count, "通知收取金额" money; else None."""
    return "元" if _ITEM_MONEY.search(piece) else "件" if _ITEM_COUNT.search(piece) else None




def _columns_joined(rest: str) -> bool:
    """Two columns of one row said side by side ("制发和废止", "issue and repeal", "维持、纠正"): the
    row is asked of each. Two wordings of one column ("驳回诉讼请求、维持被诉行为": both 结果维持;
    "被撤销、确认违法": both 结果纠正) are one thing said twice, not two columns."""
    said = [_columns_named(metric_slots(p)) for p in LIST_SEPARATORS.split(rest)]
    return any(a and b and not (a & b) for a, b in zip(said, said[1:]))


def _columns_named(slots: tuple[Slot, ...]) -> frozenset:
    """The column labels of the national tables that the words naming a column say."""
    labels = column_labels()
    return frozenset(label for s in slots if names_a_column(s) for alt in s.alternatives
                     if len(alt) >= 2 and alt not in NOT_COLUMNS for label in labels if alt in label)


def _row_then_columns(items: list) -> bool:
    """Whether the first item names a row and a column and every item after it only columns."""
    first = items[0][0]
    return (any(map(names_a_column, first)) and not all(map(names_a_column, first))
            and all(p and all(map(names_a_column, p)) for p, _ in items[1:]))


def _rows_by_columns(rest: str) -> tuple[tuple[Slot, ...], ...]:
    """Rows and columns asked together ("规章和规范性文件的制发、废止、现行有效数"): each row's cell in
    each column, rows first; () when the wording is not rows, 的, then columns."""
    m = re.match(r"^\s*([^，,。？?]+?)的([^，,。？?]+)", rest)
    if not m:
        return ()
    rows = [metric_slots(p) for p in re.split(r"和|与|及|以及|、", m.group(1)) if p.strip()]
    columns = [metric_slots(p) for p in LIST_SEPARATORS.split(m.group(2)) if p.strip()]
    rows, columns = [r for r in rows if r], [c for c in columns if c]
    if len(rows) < 2 or len(columns) < 2 or any(any(map(names_a_column, r)) for r in rows) \
            or not all(all(map(names_a_column, c)) for c in columns):
        return ()
    return tuple(r + c for r in rows for c in columns)


def _one_column_for_every_row(items: list, heading: bool = False) -> list:
    """"商业企业那一列的本年新收、上年结转、办理总计…": the column the first item names (as a column, 列/栏)
    is every item's, when no other item names one of its own. A ``heading`` ("…的那一列，请把本年新收、…")
    is no item itself: its column goes to every item after it, whatever they name."""
    column = tuple(s for s in items[0][0] if names_a_column(s))
    if not column or (not heading and any(any(map(names_a_column, p)) for p, _ in items[1:])):
        return items
    spread = [(p + tuple(s for s in column if s not in p), unit) for p, unit in items[1:]]
    return spread if heading else [items[0]] + spread


def _columns_with_their_row(items: list) -> list:
    """An item that names only a column (废止 after 规范性文件制发) takes the row of the item before it
    (the first such item, the row of the first item after it that names one)."""
    # a bare 其他 among columns ("商业企业、科研机构…、其他五列相加") is the column 其他, not a row
    rows = [tuple(s for s in p if not names_a_column(s) and not (len(p) == 1 and s.text == "其他")) for p, _ in items]
    if all(rows) or not any(rows):
        return items
    out = []
    for i, (p, unit) in enumerate(items):
        if not rows[i]:
            earlier = [r for r in rows[:i] if r]
            row = earlier[-1] if earlier else next(r for r in rows[i + 1:] if r)
            p = p + tuple(s for s in row if s not in p)
        out.append((p, unit))
    return out


def columns_with_their_rows(parts: tuple[tuple[Slot, ...], ...], rest: str) -> tuple[tuple[Slot, ...], ...]:
    """Parts of a sum or a ratio that name only a column (废止 in "规范性文件制发和废止一共") with the
    row the part beside them names."""
    if len(parts) < 2 or not _columns_joined(rest):
        return parts
    return tuple(p for p, _ in _columns_with_their_row([(p, None) for p in parts]))


_SHARE_OF = re.compile(r"占(?P<whole>[^？?，,。]{1,30}?)的?(?:比例|比重|百分比|百分之几|几成|多少比例|占比)|"
                       r"(?:what|which) (?:share|percentage|proportion) of (?P<whole_en>[^?]{2,60})", re.I)
_SHARE_ALONE = re.compile(r"\s*(?:那|它|其)?(?:占比|占多少|占几成|占百分之几|占的比例|所占比例|比例)(?:是|为|有)?(?:多少|几)?\s*$")
_RATE_ASKED = re.compile(r"率|比例|占比|百分之?几|\b(?:rate|share|percentage)\b", re.I)


def count_and_share(rest: str) -> Optional[tuple[tuple[tuple[Slot, ...], ...], tuple[Optional[str], ...]]]:
    """A count, then its share of a whole or a rate the report prints, asked one after another
    ("予以公开的有几件？占新收申请的比例是多少？", "受理诉求多少件？满意率多少？"): the two items, the
    second's unit "share" (the first item's figure over the whole named) or "%" (a printed rate);
    None for any other question."""
    asked = [c for c in re.split(r"[？?]", rest) if c.strip()]
    if len(asked) == 1:  # "主动公开了多少条政府信息，占比多少"
        asked = [c for c in re.split(r"[，,；;？?]", rest) if c.strip()]
    if len(asked) != 2 or not _HOW_MANY.search(asked[0]) or _RATE_ASKED.search(asked[0]):
        return None
    count = metric_slots(asked[0])
    if _SHARE_ALONE.match(asked[1]):  # its share, as the report prints it beside the figure (占53%)
        return ((count, count), (None, "%")) if count else None
    share = _SHARE_OF.search(asked[1])
    if share:
        whole = metric_slots(share.group("whole") or share.group("whole_en") or "")
        return ((count, whole), (None, "share")) if count and whole else None
    rate = metric_slots(asked[1])
    return ((count, rate), (None, "%")) if count and rate and _RATE_ASKED.search(asked[1]) else None


def list_metrics(rest: str, text: str) -> tuple[tuple[tuple[Slot, ...], ...], tuple[Optional[str], ...]]:
    """Several metrics asked one by one ("行政许可、行政处罚、行政强制分别是多少", "申请数和办结数分别
    是多少", "how many requests and how many lawsuits"), with the unit each is asked in; ((), ())
    when the question asks for one."""
    rest = quoted_as_one(rest)
    # "…有多少个然后部分公开的又有多少个": one question after another run on without a question mark
    rest = re.sub(r"(?<=多少|几个|几件|几条)([个件条项次]?)\s*(?:然后|另外|接着)", r"\1？", rest)
    asked = [c for c in re.split(r"[？?]", rest) if c.strip()]
    # questions one after another, a later one short ("…有多少件？国家秘密的呢？", "… and lawsuits?")
    one_by_one = len(asked) >= 2 and bool(_HOW_MANY.search(asked[0])) and all(
        _HOW_MANY.search(c) or _ASKED_AGAIN.search(c) for c in asked[1:])
    asked_each = (list_words(text) or len(_HOW_MANY.findall(text)) >= 2 or one_by_one  # "开了几场发布会、几场见面会"
                  or bool(re.search(r"\bvs\.?(?!\w)|\bversus\b", rest, re.I))  # "amount notified vs. collected"
                  or _count_and_amount(rest)  # "采购项目数量和采购总金额": a count and money are never added up
                  # "行政规范性文件的制发、废止、现行有效件数": three things or more named in a row, no sum asked
                  or ((rest.count("、") >= 2 or _THREE_NAMED.search(rest)  # "民意征集、网上调查和在线访谈"
                       or _THREE_NAMED_EN.search(rest))  # "…after review: upheld, overturned, other, pending, total"
                      and not has_any(text, SUM_ZH) and not PLUS_ZH.search(text)))
    # "规范性文件制发和废止了多少件", "issue and repeal": two columns of one row, no sum asked
    columns = (not asked_each and not has_any(text, SUM_ZH) and not PLUS_ZH.search(text)
               and not has_any(text, SUM_EN, english=True) and _columns_joined(rest))
    if not (asked_each or columns):
        return (), ()
    crossed = _rows_by_columns(rest)
    if crossed:
        return crossed, (None,) * len(crossed)
    # "…、尚未审结和总计分别是多少": the total beside the parts is an item too
    # questions one after another are items only when each asks for a figure ("…多少？先说通知的" is not)
    separators = _ITEMS if all(_HOW_MANY.search(c) for c in asked) or one_by_one else LIST_SEPARATORS
    said = separators.split(rest)
    items = [(_TOTAL_ITEM if _TOTAL_WORD.fullmatch(_ASKING.sub("", p)) else
              _OTHER_ITEM if _OTHER_SAID.fullmatch(_ASKING.sub("", p)) else metric_slots(p), _item_unit(p)) for p in said]
    # "…, and how many of them did the government win": a part of the item before, said with its words
    joined, before = [], ()
    for (p, unit), words in zip(items, said):
        if p and before and p is not _TOTAL_ITEM and _OF_THEM.search(words):
            p = p + tuple(s for s in before if s not in p)
        joined.append((p, unit))
        before = p or before
    items = [(p, unit) for p, unit in joined if p]
    items = [(_total_of(items) if p is _TOTAL_ITEM else p, unit) for p, unit in items]
    preamble = _preamble(rest)
    if preamble and items:  # "…的申请最后都怎么处理的？公开、部分公开…各几件": the question before is no item
        items[0] = (tuple(s for s in items[0][0] if s not in preamble), items[0][1])
        items = [(p, unit) for p, unit in items if p]
    # "规范性文件制发、废止、现行有效各多少": the first item's row said of the columns after it
    if len(items) >= 3 and all(names_a_column(s) for s in items[-1][0]) \
            and not any(any(map(names_a_column, p)) for p, _ in items[:-1]):
        # "规章和规范性文件，对外公开总数各多少件": the column said last is every row's
        items = [(p + tuple(s for s in items[-1][0] if s not in p), unit) for p, unit in items[:-1]]
    by_column = columns or (asked_each and _columns_joined(rest) and len(items) >= 2 and _row_then_columns(items))
    if by_column:
        items = _columns_with_their_row(items)
    elif len(items) >= 2 and re.search(r"列|栏", said[0]):
        # "申请人是商业企业的那一列，请把本年新收、上年结转…": the first piece a heading naming the column
        items = _one_column_for_every_row(items, heading=len(items) >= 3 and bool(re.search(r"(?:列|栏)\W*$", said[0])))
    pieces = [p for p, _ in items]
    if len(pieces) < 2 or len({p for p in pieces}) < 2:
        return (), ()
    head = _list_head(rest)
    if head:  # "复议后起诉的行政诉讼：维持、纠正、其他分别几件": the words before the colon, said of each
        kept = [(p, unit) for p, unit in items if not (set(p) <= set(head))]
        return (tuple(p + tuple(s for s in head if s not in p) for p, _ in kept),
                tuple(unit for _, unit in kept))
    # "行政许可的上一年项目数量、本年增减和处理决定数量": what stands before 的 in the first item is said
    # of every item when no other item names a thing of its own (a weighty word: 法人 in "自然人的申请、
    # 法人的申请" is one)
    first = separators.split(rest)[0]
    owner = metric_slots(first.rsplit("的", 1)[0]) if "的" in first else ()
    if owner and all(not any(s.weight >= 3.0 for s in p) for p in pieces[1:]):
        return (tuple(pieces[:1]) + tuple(p + tuple(s for s in owner if s not in p) for p in pieces[1:]),
                tuple(unit for _, unit in items))
    # Words that only qualify (处理决定, 申请; glossary weight < 1) said once at either end are said
    # of every metric: "行政许可、行政处罚、行政强制的处理决定数" — each a decisions count. An item that
    # says only such words is an item of its own ("…本年增减和处理决定数量").
    named = [p for p in pieces if p is not _TOTAL_ITEM]
    ends = [p for p in (named[0], named[-1]) if any(s.weight >= 3.0 or not s.from_glossary for s in p)]
    shared = tuple(s for p in ends for s in p if s.weight < 3.0 and s.from_glossary
                   and not (by_column and names_a_column(s)))  # one item's column is not the others
    pieces = [p + tuple(s for s in shared if s not in p) for p in pieces]
    # 、 alone does not ask for a list: "复议后起诉、结果维持" is one cell, "信函、传真" one row
    return tuple(pieces), tuple(unit for _, unit in items)


def _total_of(items) -> tuple[Slot, ...]:
    """The "总计" item of a list of rows of one group ("予以公开、部分公开、不予公开…、总计"): that group's
    total row (办理结果's （七）总计), else the bare total word."""
    rows = {s.key.rsplit(".", 1)[0] for p, _ in items if p is not _TOTAL_ITEM for s in p if s.key}
    parents = {r.rsplit(".", 1)[0] for r in rows if "." in r}
    if len(rows) >= 2 and len(parents) == 1:
        parent = parents.pop()
        entry = glossary()["keys"].get(f"{parent}.total")
        if entry:
            return (Slot("总计", tuple(dict.fromkeys(["总计", "合计", *entry["zh"]])), 2.0, f"{parent}.total.total"),)
    return _TOTAL_ITEM


def without_other_tables_columns(parts: tuple[tuple[Slot, ...], ...]) -> tuple[tuple[Slot, ...], ...]:
    """Each part without the words that name a column of the requests table (自然人, 商业企业 …)
    when another of its words names a figure of a table that has no such columns: in "被老百姓告上
    法庭" the 老百姓 are who sued, not a column of the lawsuits' table."""
    columns = {label for entry in glossary()["columns"].get("requests", {}).values() for label in entry["zh"]}
    columns.discard("其他")
    out = []
    for part in parts:
        elsewhere = any(s.key and not s.key.startswith("requests.") for s in part)
        kept = tuple(s for s in part if not (elsewhere and not s.key and columns & set(s.alternatives)))
        out.append(kept or part)
    return tuple(out)
