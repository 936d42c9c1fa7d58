"""Evidence for an answer: the report's own sentences that state or explain its figure, and the
consistency checks the figure takes part in.

A sentence that states the same figure (``766件`` for a table's 766) corroborates it; the figure
is wrapped in 【】 in the evidence text. Sentences that only share the question's words explain
it. Checks come from ``Report.checks`` by the cells they name.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from corpus.numbers import read_quantity
from qa.metrics import Candidate, bigrams, coverage
from qa.question import Slot
from qa.records import CheckResult, Evidence

_NUMBER = re.compile(
    r"(?:约|近|逾|超过|达|共)?\d[\d,，]*(?:\.\d+)?\s*(?:万亿|亿|万|千)?(?:余|多)?\s*"
    r"(?:%|‰|个百分点|人次|件次|批次|场次|元|件|个|次|人|条|篇|项|场|期|份|名|家|册|封|万册|万份)?")
_SENTENCE = re.compile(r"[^。；;！!？?]+[。；;！!？?]?")


def sentences(text: str) -> list[str]:
    """A paragraph cut at sentence ends."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def numbers_in(text: str) -> list[tuple[int, int, float, str]]:
    """Every number printed in ``text``: (start, end, value in base units, printed form)."""
    out = []
    for m in _NUMBER.finditer(text):
        raw = m.group(0).strip().replace("，", "").replace(",", "")
        raw = re.sub(r"^(?:达|共|超过)", "", raw)
        q = read_quantity(raw)
        if q is None:
            digits = re.match(r"[\d.]+", raw)
            if not digits:
                continue
            try:
                value = float(digits.group(0))
            except ValueError:
                continue
        else:
            value = q.value
        out.append((m.start(), m.end(), value, m.group(0).strip()))
    return out


def same_value(a: Optional[float], b: Optional[float], rounded: bool = False) -> bool:
    """Equal figures; with ``rounded``, equal once ``a`` is rounded as a report rounds (56% for 55.74%)."""
    if a is None or b is None:
        return False
    if abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b)):
        return True
    return rounded and abs(a - b) < 0.5


def _paragraphs(report) -> Iterable[tuple[str, str]]:
    for section in report.sections:
        for passage in section.passages:
            yield " › ".join(passage.section or section.path), passage.text


def find_evidence(report, value: Optional[float], slots: tuple[Slot, ...], *, unit: Optional[str] = None,
                  rounded: bool = False, limit: int = 3) -> tuple[list[Evidence], bool]:
    """Sentences of ``report`` that state ``value`` (highlighted) or explain the metric.

    Returns the evidence, best first, and whether a sentence about the same metric states the
    same figure (corroboration)."""
    stating: list[Evidence] = []
    explaining: list[Evidence] = []
    corroborated = False
    for section, paragraph in _paragraphs(report):
        for sentence in sentences(paragraph):
            relevance = _relevance(sentence, slots)
            if relevance < 0.25:
                continue
            hits = [n for n in numbers_in(sentence) if same_value(n[2], value, rounded)] if value is not None else []
            if hits:
                start, end = hits[0][0], hits[0][1]
                text = sentence[:start] + "【" + sentence[start:end].strip() + "】" + sentence[end:]
                stating.append(Evidence(report.id, section, text, round(0.5 + relevance / 2, 3)))
                if relevance >= 0.6:
                    corroborated = True
            elif relevance >= 0.75 and section:  # not the preamble's list of the report's parts
                explaining.append(Evidence(report.id, section, sentence, round(relevance / 2, 3)))
    stating.sort(key=lambda e: -e.score)
    explaining.sort(key=lambda e: -e.score)
    return (stating or explaining)[:limit], corroborated


def _relevance(sentence: str, slots: tuple[Slot, ...]) -> float:
    """How much of the question's metric the sentence mentions (0..1)."""
    grams = bigrams(sentence)
    total = sum(s.weight for s in slots)
    if not total:
        return 0.0
    got = sum(s.weight * max(coverage(a, grams, free=False) for a in s.alternatives) for s in slots)
    return got / total


def checks_for(report, cands: Iterable[Candidate]) -> list[CheckResult]:
    """The report's checks that name a cell of the candidates (or of their inputs)."""
    cells = set()
    for cand in cands:
        facts = list(cand.inputs) or ([cand.fact] if cand.fact is not None else [])
        for f in facts:
            cells.add((f.table, tuple(f.row), tuple(f.column)))
    out, seen = [], set()
    for check in getattr(report, "checks", ()):
        if any((c.table, tuple(c.row), tuple(c.column)) in cells for c in check.cells):
            if check.name not in seen:
                seen.add(check.name)
                out.append(CheckResult(check.name, check.ok, check.detail))
    out.sort(key=lambda c: c.ok)
    return out
