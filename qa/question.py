"""Understanding a question: language, years, agencies, the metric asked for and the operation.

``understand("上海市人社局2011年电子邮件申请数是多少？", agencies)`` gives a ``Question`` with
language ``zh``, years ``(2011,)``, the agency 上海市人力资源和社会保障局 and the metric as
*slots*: pieces of wording that a table row, column or prose noun should contain, each with the
label words it may appear as (``打官司`` may appear as 行政诉讼; ``fax`` as 传真). The
vocabulary is data (``data/glossary.json``); nothing here knows particular questions.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional, Union

from qa.agencies import match_agencies, unknown_agency, unknown_english_department, unknown_english_name
from qa.operation_words import (ALL_AGENCIES_EN, ALL_AGENCIES_EN_RE, ALL_AGENCIES_ZH, CONJUNCTIONS, GAP_EN,
                                GAP_ZH, LOW_EN, LOW_ZH, OPERATION_WORDS, SUM_ZH, has_any, operation_of,
                                without_year_on_year, year_on_year)

Language = Literal["zh", "en", "mixed"]
Operation = Literal["lookup", "sum", "ratio", "difference", "percent_change", "compare", "rank", "gap"]

_GLOSSARY = Path(__file__).parent / "data" / "glossary.json"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_YEAR = re.compile(r"(?<![\d.])((?:19|20|21)\d{2})(?![\d.])\s*(?:年度|年)?")
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})\s*(?:年度|年)")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_RANGE = re.compile(r"(?:19|20|21)\d{2}\s*年?度?\s*(?:至|到|—|–|-|~|～|to|through|until)\s*(?:19|20|21)\d{2}")
_SEPARATORS = re.compile(r"[\s，。？！?!,.;；:：、（）()\[\]【】《》<>“”\"'‘’|]+")

_STOP_SINGLE = set("的了吗呢是在被该这那啊吧")  # particles: they split the wording wherever they stand
_STOP_EDGE = set("年占比率因共个件条次名")  # measure and question words: dropped at the ends of a piece (阅读次数 keeps 次)


@lru_cache(maxsize=1)
def glossary() -> dict:
    """The glossary data (``qa/data/glossary.json``)."""
    return json.loads(_GLOSSARY.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _zh_terms() -> list[tuple[str, tuple[str, ...], float]]:
    out = []
    for term in glossary()["terms"]:
        for surface in dict.fromkeys(term["zh"] + [m for m in term["means"] if len(m) >= 2]):
            out.append((surface, tuple(dict.fromkeys([surface, *term["means"]])), term.get("weight", 1.0)))
    return sorted(out, key=lambda t: -len(t[0]))


def stem_words(text: str) -> str:
    """English words lower-cased and crudely stemmed (requests -> request, repealed -> repeal,
    disclosing -> disclos), separated by single spaces; anything else becomes ``|``."""
    words = []
    for word in re.findall(r"[a-z0-9'’\-]+|[^a-z0-9'’\-\s]+", text.lower()):
        if not re.match(r"[a-z0-9]", word):
            words.append("|")
            continue
        word = word.replace("’", "'")
        for suffix in ("ing", "ed", "es", "s", "e"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
                word = word[: -len(suffix)]
                break
        words.append(word)
    return " ".join(words)


@lru_cache(maxsize=1)
def _en_terms() -> list[tuple[re.Pattern, str, tuple[str, ...], float]]:
    out = []
    for term in glossary()["terms"]:
        for surface in term["en"]:
            stemmed = stem_words(surface)
            pattern = re.compile(r"(?<![a-z0-9])" + re.escape(stemmed) + r"(?![a-z0-9])")
            out.append((pattern, surface, tuple(term["means"]), term.get("weight", 1.0)))
    return sorted(out, key=lambda t: -len(t[1]))


@lru_cache(maxsize=1)
def _stop_phrases() -> tuple[str, ...]:
    words = glossary()["stop"] + glossary()["neutral"] + list(OPERATION_WORDS)
    return tuple(sorted((w for w in words if len(w) > 1), key=len, reverse=True))


@dataclass(frozen=True)
class Slot:
    """A piece of the metric: its wording in the question and the label words it may appear as."""

    text: str
    alternatives: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class Question:
    """What a question asks, as far as words tell."""

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


def find_years(text: str) -> tuple[list[int], list[tuple[int, int]], bool]:
    """Years named in the text (in order), their spans, and whether they form a range."""
    years, spans = [], []
    for m in _YEAR.finditer(text):
        years.append(int(m.group(1)))
        spans.append(m.span())
    for m in _CN_YEAR.finditer(text):
        years.append(int("".join(_CN_DIGIT[c] for c in m.group(1))))
        spans.append(m.span())
    order = sorted(range(len(years)), key=lambda i: spans[i][0])
    years = [years[i] for i in order]
    spans = [spans[i] for i in order]
    ranged = bool(_RANGE.search(text)) and len(years) == 2
    if ranged and years[0] < years[1]:
        years = list(range(years[0], years[1] + 1))
    return list(dict.fromkeys(years)), spans, ranged


# A year that only says where requests were carried: "carried over into 2026" is the 2025 report's
# 结转下年度, "carried over from 2022" the 2023 report's 上年结转.
_CARRIED_INTO = re.compile(r"(?:carr(?:y|ied|ies)\s+(?:over|forward)\s+(?:to|into)|结转(?:到|至|入|进)|转入|留到)"
                           r"\s*((?:19|20)\d{2})", re.I)
_CARRIED_FROM = re.compile(r"(?:carr(?:y|ied|ies)\s+over\s+from|从|由)\s*((?:19|20)\d{2})\s*年?"
                           r"(?:\s*(?:into|to|结转|转入|转来))?", re.I)


def report_years(text: str, years: list[int]) -> list[int]:
    """The report years of a question: a year named only as where requests were carried into (or
    from) stands for the year before (or after) it, the one whose report counts them."""
    into, came = _CARRIED_INTO.search(text), _CARRIED_FROM.search(text)
    if into and re.search(r"carr|结转|转入|留到", text, re.I):
        y = int(into.group(1))
        rest = [x for x in years if x != y]
        return rest or [y - 1]
    if came and re.search(r"carr(?:y|ied|ies)\s+over\s+from|结转|转来", text, re.I):
        y = int(came.group(1))
        rest = [x for x in years if x != y]
        return rest or [y + 1]
    return years


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


def _zh_slots(text: str) -> list[Slot]:
    """Slots of the Chinese parts: glossary terms first, then the remaining wording in chunks."""
    slots: list[Slot] = []
    taken = [False] * len(text)
    for surface, alternatives, weight in _zh_terms():
        start = text.find(surface)
        while start >= 0:
            if not any(taken[start:start + len(surface)]):
                slots.append(Slot(surface, alternatives, 3.0 * weight))
                for i in range(start, start + len(surface)):
                    taken[i] = True
            start = text.find(surface, start + 1)
    rest = "".join("|" if taken[i] else ch for i, ch in enumerate(text))
    for phrase in _stop_phrases():
        rest = rest.replace(phrase, "|")
    for chunk in re.split(r"[^\u4e00-\u9fff0-9A-Za-z《》“”]+", rest):
        chunk = "".join("|" if ch in _STOP_SINGLE else ch for ch in chunk)
        for piece in chunk.split("|"):
            piece = piece.strip("“”《》")
            while piece and (piece[0] in _STOP_EDGE or piece[-1] in _STOP_EDGE):
                piece = piece[1:] if piece[0] in _STOP_EDGE else piece[:-1]
            if len(piece) >= 2 and _CJK.search(piece):
                slots.append(Slot(piece, (piece,), float(len(piece))))
    return slots


def _en_slots(text: str) -> list[Slot]:
    stemmed = stem_words(text)
    slots: list[Slot] = []
    for pattern, surface, means, weight in _en_terms():
        m = pattern.search(stemmed)
        if m:
            slots.append(Slot(surface, means, 3.0 * weight))
            stemmed = stemmed[:m.start()] + "|" * (m.end() - m.start()) + stemmed[m.end():]
    return slots


def metric_slots(text: str) -> tuple[Slot, ...]:
    """The slots of a piece of question text (Chinese, English or both)."""
    slots = _zh_slots(text) if _CJK.search(text) else []
    if re.search(r"[A-Za-z]{2}", text):
        slots += _en_slots(re.sub(r"[\u4e00-\u9fff]+", " | ", text))
    # Numbers that name something (the 12333 hotline, 962218): the sentence must say them too.
    for m in re.finditer(r"(?<![\d.])\d{3,}(?![\d.])", text):
        slots.append(Slot(m.group(0), (m.group(0),), 2.0))
    seen, out = set(), []
    for s in slots:
        if s.alternatives not in seen:
            seen.add(s.alternatives)
            out.append(s)
    return tuple(out)


_MEASURE = re.compile(r"(?:多少|几)\s*(人次|批次|场次|期|篇|场|次|封|册|家|份|个|件|条|项)")


def _unit_of(text: str) -> Optional[str]:
    """The unit the question counts in: money, people, or the measure word after 多少/几 (期, 篇 …)."""
    if re.search(r"多少钱|多少元|万元|金额|how much money|yuan|rmb", text, re.I):
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
        first, second = (metric_slots(m.group(1)), metric_slots(m.group(2))) if m else ((), ())
        if first and second:
            return (first, second)
    if operation in ("lookup", "sum") and has_any(rest, SUM_ZH):
        pieces = [p for p in CONJUNCTIONS.split(rest) if metric_slots(p)]
        if len(pieces) >= 2:
            return tuple(metric_slots(p) for p in pieces)
    slots = metric_slots(rest)
    return (slots,) if slots else ()


def understand(question: str, agencies: list[str], *, context: Union["Question", dict, None] = None) -> Question:
    """Read a question against the collection's agencies; ``context`` is the question before
    (a ``Question`` or a dict with ``agency``/``year``) for follow-ups such as "那2023年呢？"."""
    text = re.sub(r"(?<=[A-Za-z])['’]s\b", "", question.strip())  # Pingtan's -> Pingtan
    years, year_spans, ranged = find_years(text)
    years = report_years(text, years)
    yoy = len(years) == 1 and year_on_year(text)
    if yoy:  # "2025年新收申请同比下降了多少": 2024 -> 2025
        years = [years[0] - 1, years[0]]

    groups: list[tuple[str, ...]] = []
    positions: list[int] = []  # where each agency is named in the question
    spans: list[tuple[int, int]] = []
    masked = text
    for _ in range(5):
        matches = match_agencies(masked, agencies)
        if not matches or (groups and matches[0].score < 1.5):
            break
        top = matches[0]
        # Readings that fit as well and use the same words of the question are one mention; two
        # departments named apart ("平潭交通与建设局和行政审批局") are two, even under one place.
        same = [m for m in matches if m.score >= top.score - 1e-6 and _same_mention(m, top)]
        group = tuple(m.agency for m in same)
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
    unknown = unknown_agency(_mask(text, year_spans), tuple(spans))
    if unknown is None and not groups and not _CJK.search(text):
        unknown = unknown_english_name(text)
    if unknown is None and groups:
        unknown = unknown_english_department(_mask(text, spans), agencies)

    all_agencies = (has_any(text, ALL_AGENCIES_ZH) or has_any(text, ALL_AGENCIES_EN, english=True)
                    or bool(ALL_AGENCIES_EN_RE.search(text)))
    rest = _mask(text, spans + year_spans).replace("|", " ")
    for phrase in ALL_AGENCIES_ZH + ("哪个", "哪家", "哪一个"):
        rest = rest.replace(phrase, " ")
    for phrase in ALL_AGENCIES_EN:
        rest = re.sub(r"(?i)\b" + re.escape(phrase) + r"\b", " ", rest)
    rest = ALL_AGENCIES_EN_RE.sub(" ", rest)
    if yoy:
        rest = without_year_on_year(rest)
    operation = operation_of(text, years, ranged, len(groups), all_agencies)
    parts = _split_parts(rest, operation)
    if len(parts) >= 2 and operation == "lookup":
        operation = "sum"
    elif len(parts) < 2 and operation == "gap":
        operation = "lookup"
    numerators = 1
    if operation == "ratio" and "占" in rest:
        head = rest.split("占", 1)[0]
        addends = [p for p in CONJUNCTIONS.split(head) if metric_slots(p)]
        if len(addends) >= 2 and len(parts) >= len(addends):
            numerators = len(addends)
    q = Question(
        text=text, language=language_of(text), years=tuple(years), agencies=tuple(groups),
        positions=tuple(positions),
        unknown_agency=unknown, parts=parts, operation=operation,
        explicit_parts=len(parts) >= 2, all_agencies=all_agencies, year_range=ranged,
        low=has_any(text, LOW_ZH) or has_any(text, LOW_EN, english=True),
        unit="%" if operation in ("ratio", "percent_change") else _unit_of(text), numerators=numerators)
    return _with_context(q, context)


def _with_context(q: Question, context) -> Question:
    """Fill what a follow-up leaves out from the question before."""
    if context is None:
        return q
    if isinstance(context, dict):
        prev_agency, prev_year = context.get("agency"), context.get("year")
        prev = Question(text="", language=q.language,
                        years=(int(prev_year),) if prev_year else (),
                        agencies=((prev_agency,),) if prev_agency else ())
        if context.get("question"):
            prev_parts = metric_slots(str(context["question"]))
            prev = replace(prev, parts=(prev_parts,) if prev_parts else ())
    else:
        prev = context
    carried = []
    if not q.agencies and prev.agencies and not q.unknown_agency and not q.all_agencies:
        q = replace(q, agencies=prev.agencies, positions=prev.positions)
        carried.append("agency")
    if not q.years and prev.years:
        q = replace(q, years=prev.years, year_range=prev.year_range)
        carried.append("year")
    if not q.parts and prev.parts:
        q = replace(q, parts=prev.parts, explicit_parts=prev.explicit_parts,
                    operation=prev.operation if q.operation == "lookup" else q.operation,
                    unit=q.unit or prev.unit)
        carried.append("metric")
    return replace(q, carried=tuple(carried))
