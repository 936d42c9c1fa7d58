"""Candidate figures of a report and how well each fits a question's metric.

Every table fact, every total the table does not print (``derived`` in the glossary: lawsuits =
filed directly + after reconsideration, 不予公开 = its eight parts …) and every prose figure of a
report becomes a ``Candidate`` with the label words it must be asked for (``pieces``: the row,
the column unless it only says "total") and the words around it (``context``: table, section,
header paths, the sentence). A question's slots are matched on character bigrams, so that no
word segmenter is needed on the answer path:

- recall: how much of what the question asks the candidate's words cover;
- precision: how much of the candidate's own label the question asked for (the row
  ``未经复议直接起诉`` is more than "行政诉讼" asks); words that only say what the table is about
  (``依申请公开信息``) count only when asked;
- a table label the question says in full wins over one that merely shares its characters
  (法人或其他组织, not 其他组织), and the unit asked in (期, 篇, 元, %) prefers figures counted in it.
A printed total that is smaller than one of its own parts is replaced by the sum of its parts
(``qa.totals``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Literal, Optional

from qa.question import Slot, glossary
from qa.totals import (blank_row_totals, cell_of, correct_candidate, corrected_facts, impossible_totals,
                       sum_candidate)

_NUMBERING = re.compile(
    r"^(?:其中\s*[:：]?\s*)?(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[.、．])?\s*")
_QUOTES = re.compile(r"[“”\"'‘’「」\s]")
_FREE_CHARS = set("的或有被和与及其等之为是由中、，,./（）()：:-—")
_YEARISH = re.compile(r"^(?:(?:19|20|21)\d{2}\s*年度?|本年度?|年末统计|年度|数量|数值|合计|总计|小计|总数)$")


@dataclass
class Candidate:
    """One figure a question may mean, with the words that name it."""

    kind: Literal["table", "text", "computed"]
    report_id: str
    agency: str
    year: Optional[int]
    value: Optional[float]
    unit: Optional[str]
    label: str  # "row › column" as printed (or the prose noun)
    key: Optional[str] = None
    pieces: tuple[tuple[str, float], ...] = ()
    context: str = ""
    context2: str = ""  # half-credit context: the whole paragraph of a prose figure
    approximate: bool = False
    blank: bool = False
    unreadable: bool = False
    fact: object = None  # corpus Fact
    figure: object = None  # corpus Figure
    inputs: tuple = ()  # Facts a computed candidate adds up
    parent_row: tuple[str, ...] = ()
    printed: Optional[float] = None  # a total the table prints but that cannot be right (see qa.totals)
    arithmetic: str = ""  # a share computed from several figures: how (qa.shapes.ratio_over)
    filled: bool = False  # a total the table leaves blank, given as the sum of its parts (qa.totals)
    _grams: dict = field(default_factory=dict, repr=False)

    @property
    def label_text(self) -> str:
        """The label pieces as one text."""
        return " ".join(p for p, _ in self.pieces)

    def grams(self, which: str) -> frozenset:
        """Bigrams of ``context``, ``context2`` (paragraph) or ``label_text``, cached."""
        if which not in self._grams:
            self._grams[which] = bigrams(getattr(self, which))
        return self._grams[which]


def bigrams(text: str) -> frozenset:
    """Every pair of adjacent characters (letters lower-cased, spaces and quotes dropped)."""
    t = _QUOTES.sub("", text.lower())
    return frozenset(t[i:i + 2] for i in range(len(t) - 1))


@lru_cache(maxsize=65536)
def clean_label(text: str) -> str:
    """A header as a name: numbering (``其中:3.``, ``（三）``) and quotes removed."""
    return _QUOTES.sub("", _NUMBERING.sub("", text.strip()))


@lru_cache(maxsize=1)
def _preferred_rows() -> frozenset:
    return frozenset(glossary().get("preferred_rows", ()))


@lru_cache(maxsize=1)
def _neutral_words() -> tuple[str, ...]:
    extra = ("本年度", "本年", "年度", "情况", "统计", "单位", "万元", "元", "件", "条", "个")
    words = set(glossary()["neutral"]) | set(glossary().get("label_neutral", ())) | set(extra)
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=20000)
def _free_mask(text: str) -> tuple[bool, ...]:
    """Which characters of a label carry no meaning of their own (总计, 的, 数 …)."""
    free = [ch in _FREE_CHARS for ch in text]
    for word in _neutral_words():
        start = text.find(word)
        while start >= 0:
            for i in range(start, start + len(word)):
                free[i] = True
            start = text.find(word, start + 1)
    return tuple(free)


def is_neutral(label: str) -> bool:
    """True for a header that only says "the number" or "this year" (数量, 总计, 2012年度)."""
    text = clean_label(label)
    return not text or bool(_YEARISH.match(text)) or all(_free_mask(text))


def coverage(text: str, grams: frozenset, free: bool = True) -> float:
    """The share of ``text``'s characters that some bigram of ``grams`` covers. Meaningless
    characters (see ``_free_mask``) count only when covered."""
    t = _QUOTES.sub("", text.lower())
    if len(t) < 2:
        return 1.0 if t and any(t in g for g in grams) else 0.0
    mask = _free_mask(t) if free else (False,) * len(t)
    hit = [False] * len(t)
    for i in range(len(t) - 1):
        if t[i:i + 2] in grams:
            hit[i] = hit[i + 1] = True
    total = sum(1 for i in range(len(t)) if hit[i] or not mask[i])
    return sum(hit) / total if total else 0.0


def question_grams(slots: Iterable[Slot]) -> frozenset:
    """Bigrams of every wording the slots may take."""
    out: set = set()
    for slot in slots:
        for alt in slot.alternatives:
            out |= bigrams(alt)
    return frozenset(out)


@dataclass(frozen=True)
class Fit:
    """How well a candidate fits a question's slots."""

    score: float
    recall: float
    precision: float
    direct: float = 0.0  # recall against the label alone, without its surroundings


_SO_FAR = re.compile(r"累计|截[至止]|至今|迄今")
_THE_YEARS = re.compile(r"全年|本年|当年|年度|今年")


def so_far_said(cand: "Candidate") -> bool:
    """Whether a prose figure's own clause says it is a running total or a state on a day (累计, 截至)."""
    return cand.kind == "text" and cand.figure is not None and bool(_SO_FAR.search(_clause_before(cand.figure)))


def _clause_before(figure) -> str:
    """The words of a prose figure's own clause: from the stop or comma before it to the figure."""
    at = figure.sentence.find(figure.raw)
    head = figure.sentence[:at] if at >= 0 else ""
    return re.split(r"[，,；;。：:]", head)[-1]


class _Text:
    """A wording prepared once per question: its characters, bigrams and meaningless characters."""

    __slots__ = ("text", "chars", "grams", "free", "gram_set", "bound")

    def __init__(self, text: str, free: bool) -> None:
        t = _QUOTES.sub("", text.lower())
        self.text = t
        self.chars = len(t)
        self.grams = [t[i:i + 2] for i in range(len(t) - 1)]
        self.free = _free_mask(t) if free else (False,) * len(t)
        self.gram_set = frozenset(self.grams)
        self.bound = not any(self.free)  # every character counts

    def coverage(self, grams: frozenset) -> float:
        if self.chars < 2:
            return 1.0 if self.text and any(self.text in g for g in grams) else 0.0
        if self.gram_set.isdisjoint(grams):
            return 0.0
        if self.bound and self.gram_set <= grams:
            return 1.0
        idx = [i for i, g in enumerate(self.grams) if g in grams]
        hit = set(idx)
        hit.update(i + 1 for i in idx)
        total = sum(1 for i in range(self.chars) if i in hit or not self.free[i])
        return len(hit) / total if total else 0.0


class Matcher:
    """A question's slots prepared for scoring many candidates: wordings parsed once, the
    coverage of each label piece by the question cached (pieces repeat across reports)."""

    def __init__(self, slots: tuple[Slot, ...], unit: Optional[str] = None) -> None:
        self.slots = [(s.weight, [_Text(a, free=False) for a in s.alternatives]) for s in slots]
        self._slots = [Slot(s.text, tuple(a.lower() for a in s.alternatives), s.weight, s.key) for s in slots]
        self._pieces_owned: dict[tuple, float] = {}
        self._named: dict[str, tuple[tuple[int, ...], frozenset]] = {}
        # weighty glossary words (a free word of the question, "语料里有的年份", may name nothing)
        self._heavy = [(w, alts, s.from_glossary) for (w, alts), s in zip(self.slots, slots) if w >= 3.0]
        self._said = [alts for _, alts, said in self._heavy if said]  # ... those the glossary gives
        # a quantity asked by its measure noun (访问量, 浏览量, 点击率): a figure whose sentence or labels
        # say none of it measures something else ("通过政府门户网站主动公开各类政府信息8653条" is no 访问量)
        self._measures = [alts for (w, alts), s in zip(self.slots, slots)
                          if w >= 3.0 and s.from_glossary and _MEASURE_NOUN.search(s.text)]
        self.total = sum(w for w, _ in self.slots)
        self.grams = question_grams(slots)
        # Label words the question says in full (法人或其他组织, 行政执法案件, “其他”): a table label equal
        # to one of them is what was asked for, not a label that merely shares its characters (其他组织).
        self.exact = frozenset(clean_label(a) for s in slots for a in (s.text, *s.alternatives)
                               if len(a) >= 3 or (len(a) == 2 and s.alternatives == (s.text,)))
        self.unit = unit
        # "历年累计": the old tables' cumulative column is asked, not the report year's
        self._cumulative = any("累计" in s.text or "cumulative" in s.text.lower() for s in slots)
        # "截至…累计关注用户": of one sentence's figures, the one its own clause says so of (累计总关注用户达
        # 1752人), not the year's (全年关注用户达618人)
        self._so_far = self._cumulative or any(re.fullmatch(r"截[至止]|as of|so far", s.text.lower()) for s in slots)
        said = "".join(s.text for s in slots)
        self._modes = [(asked, other) for asked, other in _OPPOSITE_MODES if asked in said and other not in said]
        # "收的申请": requests, which a label that says 申请 only inside 依申请 (a way of disclosing:
        # "依申请公开信息数311条", information items) does not count unless it says they were handled
        self._requests = "申请" in said.replace(_ON_REQUEST, "") and _ON_REQUEST not in said
        # The canonical key of the question's weightiest keyed wording (同意公开 -> 予以公开, over the
        # qualifier 信息公开申请): a figure under that key is what was asked, not one the qualifier names.
        keyed = sorted(((s.weight, s.key) for s in slots if s.key), reverse=True)
        heaviest = max((s.weight for s in slots), default=0.0)
        self.main_key = keyed[0][1] if keyed and keyed[0][0] >= heaviest and (
            len(keyed) == 1 or keyed[0][0] > keyed[1][0]) else None
        self._pieces: dict[str, float] = {}
        # A short word said apart that is also inside a longer word of the question ("法人或其他组织中的
        # 其他"): a figure whose labels hold it only inside that longer word (the 法人或其他组织 total) does
        # not say it; the part labelled 其他 does.
        # Only a word that is no other wording of the longer one (复议 of 行政复议 is the same thing).
        self._inner = [(w, s.text, tuple(o.text for o in slots if s.text in o.text and o.text != s.text
                                         and not set(o.alternatives) & set(s.alternatives)))
                       for (w, _), s in zip(self.slots, slots) if clean_label(s.text) in self.exact]
        self._inner = [(w, short, longer) for w, short, longer in self._inner if longer]

    def _recall(self, grams: frozenset, grams2: frozenset = frozenset()) -> float:
        got = 0.0
        for weight, alts in self.slots:
            best = 0.0
            for alt in alts:
                c = alt.coverage(grams)
                if c < 1.0 and grams2:
                    c = max(c, 0.5 * alt.coverage(grams2))
                if c > best:
                    best = c
            got += weight * best
        return got / self.total

    def names_main(self, cand: "Candidate") -> bool:
        """Whether the candidate says at least one of the question's weighty glossary words (weight ≥ 3:
        the nouns asked about) when it has any: "centralized procurement amount" is not a fees amount
        that shares only the light word 金额."""
        if not self._said and not self._measures:
            return True
        ctx, ctx2 = cand.grams("context"), cand.grams("context2")
        if any(all(a.coverage(ctx) == 0.0 and a.coverage(ctx2) == 0.0 for a in alts) for alts in self._measures):
            return False  # a quantity asked by its measure noun (访问量) that nothing around the figure says
        if not self._said:
            return True
        return any(a.coverage(ctx) > 0.5 or a.coverage(ctx2) > 0.5 for alts in self._said for a in alts)

    def _piece_of(self, piece: str, pieces: tuple[tuple[str, float], ...]) -> float:
        """How much of one label piece the question says, leaving out question words that another piece
        of the same figure names in full: in "其他处理中逾期不补正的", 其他 belongs to the row 其他处理, so it
        says nothing of the column 其他组织 (of 法人或其他组织)."""
        said = set().union(*(self._named_in(q)[1] for q, _ in pieces if q != piece))
        owned = tuple(i for i in self._named_in(piece)[0] if i in said)
        if not owned:
            return self._piece(piece)
        cache = (piece, owned)
        if cache not in self._pieces_owned:
            rest = question_grams(s for i, s in enumerate(self._slots) if i not in owned)
            self._pieces_owned[cache] = coverage(piece, rest)
        return self._pieces_owned[cache]

    def _named_in(self, piece: str) -> tuple[tuple[int, ...], frozenset]:
        """(slots none of whose wordings the piece says, slots whose own word it says), per piece once."""
        if piece not in self._named:
            own = clean_label(piece).lower()
            self._named[piece] = (tuple(i for i, s in enumerate(self._slots) if not any(a in own for a in s.alternatives)),
                                  frozenset(i for i, s in enumerate(self._slots) if s.text.lower() in own))
        return self._named[piece]

    def _piece(self, piece: str) -> float:
        if piece not in self._pieces:
            self._pieces[piece] = coverage(piece, self.grams)
        return self._pieces[piece]

    def fit(self, cand: "Candidate") -> Fit:
        """Score one candidate."""
        if not self.total:
            return Fit(0.0, 0.0, 0.0)
        ctx = cand.grams("context")
        if ctx.isdisjoint(self.grams):
            return Fit(0.0, 0.0, 0.0)
        recall = self._recall(ctx, cand.grams("context2"))
        wsum = sum(w for _, w in cand.pieces)
        precision = (sum(w * self._piece_of(p, cand.pieces) for p, w in cand.pieces) / wsum) if wsum else 0.5
        # How much of the question the label itself (not its surroundings) says: breaks ties between
        # figures of one sentence ("浏览量" and "日均浏览量").
        direct = self._recall(cand.grams("label_text"))
        score = recall + 0.5 * precision + 0.2 * direct
        for weight, short, longer in self._inner:
            if cand.kind != "text" and not any(short in _without(p, longer) for p, _ in cand.pieces):
                score -= weight / self.total
        score += {"table": 0.1, "computed": 0.08, "text": 0.0}[cand.kind]
        if cand.kind == "text" and self.main_key and cand.key != self.main_key and self._heavy and not any(
                a.coverage(cand.grams("label_text")) == 1.0 for alts in self._said for a in alts):
            # a sentence's figure whose own noun says none of the weighty words asked ("受理…申请3119件"
            # for 予以公开): its sentence may say them of another figure
            score -= 0.05
        if cand.kind != "text" and self.exact:
            if any(w >= 1.0 and p in self.exact for p, w in cand.pieces):
                score += 0.05
            elif any(p in self.exact for p, _ in cand.pieces):
                score -= 0.05  # the question names the parent row (其他处理), not this part of it (其他)
        if _OTHER.match(cand.label) and not self.grams & _OTHER_GRAMS:
            score -= 0.3  # "其他应主动公开政府信息856条" is the rest of a list, not what "主动公开政府信息" asks
        for asked, other in self._modes:
            if other in cand.label and asked not in cand.label:
                score -= 0.3  # "主动公开了多少条" is not "依申请公开信息数2条" of the same sentence
        if self._requests and _ON_REQUEST in cand.label and "申请" not in cand.label.replace(_ON_REQUEST, "") \
                and not _HANDLED.search(cand.label):  # ("受理依申请公开信息总数": requests accepted)
            score -= 0.3
        if cand.key and cand.key.rpartition(".")[0] in _preferred_rows():
            score += 0.04  # the row people mean when they name none (申请 = 本年新收)
        if self.main_key and cand.key == self.main_key:
            score += 0.06
        if self.unit and cand.unit:
            score += unit_fit(self.unit, cand.unit)
        if self._so_far and cand.kind == "text" and cand.figure is not None:
            clause = _clause_before(cand.figure)
            score += 0.1 if _SO_FAR.search(clause) else -0.1 if _THE_YEARS.search(clause) else 0.0
        if self._cumulative and cand.kind == "table" and cand.fact is not None and cand.fact.column:
            column = "".join(cand.fact.column)
            score += 0.1 if "累计" in column else -0.1 if re.search(r"(?:19|20)\d\d\s*年度?", column) else 0.0
        return Fit(round(score, 4), round(recall, 4), round(precision, 4), round(direct, 4))


_MEASURE_NOUN = re.compile(r"[\u4e00-\u9fff](?:量|率)$")


def _without(text: str, words: tuple[str, ...]) -> str:
    for word in words:
        text = text.replace(word, " ")
    return text


# the two ways information is disclosed: a figure of one is never what a question of the other asks
_OPPOSITE_MODES = (("主动", "依申请"), ("依申请", "主动"))
_ON_REQUEST = "依申请"
_HANDLED = re.compile(r"受理|收到|接到|办理|答复|处理")
# a label that is "the other ones" of a list; the question asks for them only when it says so
_OTHER = re.compile(r"(?:其他|其它|另外|另有)")
_OTHER_GRAMS = frozenset({"其他", "其它", "另外", "另有"})

_UNIT_GROUPS = ({"件", "条", "个", "项", "份"}, {"人", "名", "位"}, {"人次", "次"}, {"场", "场次"})


def same_unit_group(asked: str, has: str) -> bool:
    """Whether two units count alike (件, 条, 个 …; 人, 名, 位; 人次, 次)."""
    return asked == has or any(asked in g and has in g for g in _UNIT_GROUPS)


def unit_fit(asked: str, has: str) -> float:
    """Score adjustment for the unit a question asks in against a figure's unit: money and
    percentages must agree; a measure word (期, 篇, 人次 …) prefers figures counted in it."""
    group = next((g for g in _UNIT_GROUPS if asked in g), {asked})
    if asked == has == "条":  # "依申请公开的信息有多少条": items of information, not requests (件)
        return 0.15
    if has in group:
        return 0.0 if asked in _UNIT_GROUPS[0] else 0.1
    if asked == "人" and has == "人次":
        return 0.1
    if asked in ("元", "%") or has in ("元", "%"):
        return -0.3
    return 0.0 if asked in _UNIT_GROUPS[0] or has in _UNIT_GROUPS[0] else -0.1


# ---------------------------------------------------------------- candidates of a report


def _key_parts(key: str) -> tuple[str, str, str]:
    """``requests.result.withheld.state_secret.total`` -> (``requests``, row, column)."""
    table, _, rest = key.partition(".")
    row, _, column = rest.rpartition(".")
    return table, f"{table}.{row}" if row else table, column


def _key_pieces(key: str) -> Optional[tuple[list[tuple[str, float]], list[str]]]:
    """Label pieces (with weights) and context words of a canonical key, from the glossary."""
    keys, columns = glossary()["keys"], glossary()["columns"]
    table, row, column = _key_parts(key)
    if row not in keys:
        return None
    pieces = [(keys[row]["zh"][0], 1.0)]
    words = list(keys[row]["zh"])
    parent = keys[row].get("parent") or row.rpartition(".")[0]
    while parent and parent != table and parent in keys:
        pieces.append((keys[parent]["zh"][0], 0.3))
        words += keys[parent]["zh"]
        parent = keys[parent].get("parent") or parent.rpartition(".")[0]
    col = columns.get(table, {}).get(column)
    if col:
        words += col["zh"]
        if not col.get("neutral"):
            pieces.append((col["zh"][0], 1.0))
    return pieces, words + keys.get(table, {}).get("zh", [])


def _printed_pieces(row: tuple[str, ...], column: tuple[str, ...]) -> list[tuple[str, float]]:
    pieces = []
    rows = [clean_label(r) for r in row if r and not is_neutral(r)]
    if rows:
        pieces.append((rows[-1], 1.0))
        pieces += [(r, 0.3) for r in rows[:-1]]
    cols = [clean_label(c) for c in column if c and not is_neutral(c)]
    if cols:
        pieces.append((cols[-1], 1.0))
    return pieces


def fact_candidate(fact, kind: str = "table", **extra) -> Candidate:
    """A table fact as a candidate."""
    label = " › ".join(p for p in (" › ".join(fact.row), " › ".join(fact.column)) if p)
    known = _key_pieces(fact.key) if fact.key else None
    pieces = known[0] if known else _printed_pieces(fact.row, fact.column)
    words = known[1] if known else []
    context = " ".join([fact.table_title, *fact.section, *fact.row, *fact.column, *words])
    return Candidate(
        kind=kind, report_id=fact.report_id, agency=fact.agency, year=fact.year, value=fact.value,
        unit=fact.unit, label=label, key=fact.key, pieces=tuple(pieces), context=context,
        approximate=fact.approximate, blank=fact.blank, unreadable=fact.unreadable, fact=fact,
        parent_row=tuple(fact.row[:-1]), **extra)


def figure_candidate(figure, paragraph: str = "", others: Iterable[str] = ()) -> Candidate:
    """A prose figure as a candidate: its noun must be asked for; its sentence and paragraph
    give context. ``others``: the nouns of the other figures of the same sentence, which name
    those figures, not this one, and so are left out of its sentence context (in "不予公开3件，
    其他处理2件" the 3 is not what "其他处理" asks for); of another noun that holds this one, the words
    around this one are left out."""
    noun = figure.noun or ""
    sentence = figure.sentence or ""
    for other in sorted(set(others), key=len, reverse=True):
        if len(other) >= 2 and other not in noun and noun not in other:
            sentence = sentence.replace(other, "｜")
        elif noun and len(other) > len(noun) and noun in other:
            # "…现行有效行政规范性文件393件，…制发的规范性文件77件": the longer noun's own words name the 393
            sentence = sentence.replace(other, noun.join("｜" if part else "" for part in other.split(noun)))
    return Candidate(
        kind="text", report_id=figure.report_id, agency=figure.agency, year=figure.year,
        value=figure.value, unit=figure.unit, label=noun, key=figure.key,
        pieces=((noun, 1.0),) if noun else (), context=" ".join([noun, sentence, *figure.section]),
        context2=paragraph, approximate=figure.approximate, figure=figure)


def _sum(values: list[Optional[float]]) -> Optional[float]:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def derived_candidates(facts: list) -> list[Candidate]:
    """Totals the national tables do not print, from the glossary's ``derived`` rules."""
    by_key = {f.key: f for f in facts if f.key}
    split = {k: _key_parts(k) for k in by_key}
    out: dict[str, Candidate] = {}
    for rule in glossary()["derived"]:
        targets: dict[str, list] = {}
        if "row" in rule:
            row, depth = rule["row"], rule["row"].count(".") + 1
            for key, (table, frow, column) in split.items():
                if rule["parts"] == "children":
                    if frow.startswith(row + ".") and frow.count(".") == depth:
                        targets.setdefault(f"{row}.{column}", []).append(by_key[key])
                elif frow in rule["parts"]:
                    targets.setdefault(f"{row}.{column}", []).append(by_key[key])
        else:
            for key, (table, frow, column) in split.items():
                if table == rule["table"] and column in rule["parts"]:
                    targets.setdefault(f"{frow}.{rule['column']}", []).append(by_key[key])
        for target, parts in targets.items():
            if target not in by_key and target not in out:
                out[target] = _computed(target, parts)
    return list(out.values())


def _computed(key: str, parts: list) -> Candidate:
    """A sum of facts as one candidate (blank parts are left out; all blank is blank)."""
    first = parts[0]
    unreadable = any(p.unreadable for p in parts)
    value = None if unreadable else _sum([p.value for p in parts])
    known = _key_pieces(key)
    pieces, words = known if known else ([], [])
    return Candidate(
        kind="computed", report_id=first.report_id, agency=first.agency, year=first.year,
        value=value, unit=first.unit, label=" + ".join(" › ".join(p.row + p.column) for p in parts),
        key=key, pieces=tuple(pieces),
        context=" ".join([first.table_title, *first.section, *words]),
        blank=value is None and not unreadable, unreadable=unreadable, inputs=tuple(parts))


def report_candidates(report) -> list[Candidate]:
    """Every candidate figure of one report: table facts, derived totals, prose figures."""
    facts = [f for f in report.facts if f.row or f.column]
    out = [fact_candidate(f) for f in facts]
    # Totals the table leaves blank beside printed parts, then printed totals that cannot be right:
    # each becomes the sum of its parts, as a candidate and for the derived totals built on it.
    for totals, as_sum in ((blank_row_totals(report), sum_candidate), (impossible_totals(report), correct_candidate)):
        if totals:
            out = [as_sum(c, totals[cell_of(c.fact)]) if c.fact is not None and cell_of(c.fact) in totals else c
                   for c in out]
            facts = corrected_facts(facts, totals)
    out += derived_candidates(facts)
    paragraphs = [p.text for s in report.sections for p in s.passages]
    nouns: dict[str, list[str]] = {}
    for figure in report.figures:
        if figure.noun:
            nouns.setdefault(figure.sentence, []).append(figure.noun)
    for figure in report.figures:
        paragraph = next((p for p in paragraphs if figure.sentence and figure.sentence[:40] in p), "")
        others = [n for n in nouns.get(figure.sentence, ()) if n != figure.noun]
        out.append(figure_candidate(figure, paragraph, others))
    return out


def best(question_slots: tuple[Slot, ...], candidates: list[Candidate], unit: Optional[str] = None,
         kinds: tuple[str, ...] = ("table", "computed", "text")) -> list[tuple[Fit, Candidate]]:
    """Candidates ranked by fit, best first."""
    matcher = Matcher(question_slots, unit)
    scored = [(matcher.fit(c), c) for c in candidates if c.kind in kinds and matcher.names_main(c)]
    # A figure whose own label says none of the question's words (发挥作用不明显, a bare 总计 read off a
    # scan) fits only through its surroundings: it is the figure asked for only when it also counts in
    # the unit asked ("关停注销了几个政务新媒体": 5个 of a sentence about them; not 4个 for "予以公开几件").
    money = any(re.search(r"金额|钱|费|元|amount|fee|yuan", s.text) for s in question_slots)
    scored = [(f, c) for f, c in scored if f.direct > 0 or f.precision > 0.5 or (unit and c.unit == unit)
              or (money and c.unit == "元")]
    scored.sort(key=lambda fc: -fc[0].score)
    return scored


def same_metric(cand: Candidate, others: list[Candidate]) -> Optional[Candidate]:
    """The candidate among ``others`` (another report) that means what ``cand`` means: the same
    canonical key, else the same row and column labels."""
    if cand.key:
        for o in others:
            if o.key == cand.key:
                return o
    if cand.fact is not None:
        want = ([clean_label(r) for r in cand.fact.row], [clean_label(c) for c in cand.fact.column])
        for o in others:
            if o.fact is not None and ([clean_label(r) for r in o.fact.row],
                                       [clean_label(c) for c in o.fact.column]) == want:
                return o
        # the old tables' year column is headed as each agency chose ("2011年度", "年末统计", "数量"): the same
        # row, in the one column of the other table that is not a cumulative one
        if not _cumulative(cand):
            rows = [o for o in others if o.fact is not None and not o.blank and not _cumulative(o)
                    and [clean_label(r) for r in o.fact.row] == want[0]]
            if len(rows) == 1 and rows[0].kind == cand.kind:
                return rows[0]
    return None


def _cumulative(cand: Candidate) -> bool:
    return any("累计" in c for c in cand.fact.column) if cand.fact is not None else False
