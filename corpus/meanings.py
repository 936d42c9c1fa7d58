"""What a prose figure means: a canonical key, or the old appendix row that prints the same figure.

``meaning_of`` reads the entries of ``corpus/data/prose_meanings.json`` (nouns and clause
patterns, units, context words): 行政复议36起 means ``review.reconsideration.total``,
收到政府信息公开申请154件 ``requests.new_received.total``, 当面申请498件 the old row
``当面申请数``. A figure gets no meaning when it is not of the report year (累计/截至/同比…,
another year in its sentence) or not about the agency itself (区政府办代表区政府受理… in a
report of the 区人民政府). A wrong meaning makes a false contradiction, so the patterns are
narrow: an unknown phrasing gets no meaning rather than a guess.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from corpus.records import Figure

__all__ = ["Meaning", "ProseMeanings", "prose_meanings", "meaning_of", "figure_meaning", "lead_of"]

_SENTENCE_END = "。；;！？!?\n"
_MEANINGS_FILE = Path(__file__).parent / "data" / "prose_meanings.json"
_LEAD_END = "，,。；;！？!?\n：:"
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=年)")


@dataclass(frozen=True)
class Meaning:
    """What a prose figure counts: a canonical key, or only the old appendix rows printing it."""

    name: str  # the canonical key, or the label of the old row (当面申请数)
    key: Optional[str]
    nouns: tuple[re.Pattern, ...] = ()
    leads: tuple[re.Pattern, ...] = ()
    context: Optional[re.Pattern] = None
    not_sentence: Optional[re.Pattern] = None
    rows: tuple[re.Pattern, ...] = ()
    adjacent_years: bool = False


@dataclass(frozen=True)
class ProseMeanings:
    """The meanings of ``prose_meanings.json`` with the rules that keep a figure out of scope."""

    entries: tuple[Meaning, ...]
    units: frozenset[str]
    scope_words: re.Pattern
    bodies: re.Pattern
    self_words: re.Pattern
    sums: dict[str, tuple[str, ...]]

    def rows_of(self, name: str) -> tuple[re.Pattern, ...]:
        """The old appendix row labels of every entry with this key or label."""
        return tuple(p for e in self.entries if e.name == name for p in e.rows)


@functools.lru_cache(maxsize=1)
def prose_meanings() -> ProseMeanings:
    """The meanings data, read once. Raises ``ValueError`` naming the entry that is malformed."""
    data = json.loads(_MEANINGS_FILE.read_text(encoding="utf-8"))
    entries = []
    for i, raw in enumerate(data["meanings"]):
        name = raw.get("key") or raw.get("label")
        if not name or not (raw.get("nouns") or raw.get("leads")):
            raise ValueError(f"{_MEANINGS_FILE}: meaning {i} needs a key or label and nouns or leads")
        optional = lambda field: re.compile(raw[field]) if raw.get(field) else None  # noqa: E731
        entries.append(Meaning(
            name=name, key=raw.get("key"),
            nouns=tuple(re.compile(p) for p in raw.get("nouns", ())),
            leads=tuple(re.compile(p) for p in raw.get("leads", ())),
            context=optional("context"), not_sentence=optional("not_sentence"),
            rows=tuple(re.compile(p) for p in raw.get("rows", ())),
            adjacent_years=bool(raw.get("adjacent_years"))))
    return ProseMeanings(
        entries=tuple(entries), units=frozenset(data["units"]), scope_words=re.compile(data["scope_words"]),
        bodies=re.compile(data["bodies"]), self_words=re.compile(data["self_words"]),
        sums={k: tuple(v) for k, v in data["sums"].items()})


def meaning_of(noun: str, lead: str, before: str, sentence: str, unit: Optional[str],
               year: Optional[int], agency: str, paragraph: str = "") -> Optional[Meaning]:
    """The meaning of a figure, or None when it has none or is out of the report's scope.

    ``lead`` is its clause up to the number, ``before`` its sentence up to the number,
    ``paragraph`` the passage holding the sentence (the sentence itself when not given).
    """
    data = prose_meanings()
    if unit not in data.units:
        return None
    for entry in data.entries:
        if not (any(p.fullmatch(noun) for p in entry.nouns) or any(p.search(lead) for p in entry.leads)):
            continue
        if entry.context and not entry.context.search(paragraph or sentence):
            continue
        if entry.not_sentence and entry.not_sentence.search(sentence):
            continue
        return entry if _in_scope(data, lead, before, year, agency, entry.adjacent_years) else None
    return None


def _in_scope(data: ProseMeanings, lead: str, before: str, year: Optional[int], agency: str,
              adjacent_years: bool) -> bool:
    """The report year (no 累计/截至/同比…, no other year) and the agency itself."""
    if data.scope_words.search(before):
        return False
    if year is not None:
        allowed = {year - 1, year, year + 1} if adjacent_years else {year}
        if any(int(y) not in allowed for y in _YEAR.findall(before)):
            return False
    own = agency.replace("人民政府", "政府")
    for body in data.bodies.finditer(lead):
        name = body.group().replace("人民政府", "政府")
        if not data.self_words.search(name) and name not in own:
            return False  # 区政府办代表区政府受理… in a report of the 区人民政府: another body's figure
    return True


def lead_of(text: str, start: int) -> tuple[str, str]:
    """The clause and the sentence before ``text[start]``."""
    clause = sentence = start
    while clause > 0 and text[clause - 1] not in _LEAD_END:
        clause -= 1
    while sentence > 0 and text[sentence - 1] not in _SENTENCE_END:
        sentence -= 1
    return text[clause:start].strip(), text[sentence:start].strip()


def figure_meaning(figure: Figure) -> Optional[Meaning]:
    """The meaning of a ``Figure`` record, read again from its sentence (for figures whose
    meaning has no canonical key, such as 当面申请, matched to old tables by row label)."""
    text = figure.sentence
    starts = [found.start() for found in re.finditer(re.escape(figure.raw), text)]
    if not starts:
        return None
    at = next((s for s in starts if figure.noun and figure.noun in lead_of(text, s)[0]), starts[0])
    lead, before = lead_of(text, at)
    return meaning_of(figure.noun, lead, before, text, figure.unit, figure.year, figure.agency)
