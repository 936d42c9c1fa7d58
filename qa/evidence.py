"""The check stage of answering: the report's own sentences that state or explain a result's
figure, the consistency checks its figures take part in, a prose figure that contradicts the
table, and the confidence that follows from them (``check(result, q, st)``).

A sentence that states the same figure (``766件`` for a table's 766) corroborates it; the figure
is wrapped in 【】 in the evidence text. Sentences that only share the question's words explain
it. Checks come from ``Report.checks`` by the cells they name.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from dataclasses import replace

from corpus.checks import prose_said
from corpus.numbers import read_quantity
from qa.metrics import Candidate, bigrams, coverage, fact_candidate, figure_candidate
from qa.question import Question, Slot
from qa.records import CheckResult, Evidence
from qa.results import Result

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
    """The report's checks that name a cell of the candidates (or of their inputs), and for a prose
    figure the check of that figure against its table figure (``prose_vs_table``)."""
    cells, stated = set(), set()
    for cand in cands:
        facts = list(cand.inputs) or ([cand.fact] if cand.fact is not None else [])
        for f in facts:
            cells.add((f.table, tuple(f.row), tuple(f.column)))
        if cand.figure is not None:
            stated.add(prose_said(cand.figure) + " ")
    out, seen = [], set()
    for check in getattr(report, "checks", ()):
        if any((c.table, tuple(c.row), tuple(c.column)) in cells for c in check.cells) or (
                check.name.startswith("prose_vs_table[") and any(check.detail.startswith(s) for s in stated)):
            if check.name not in seen:
                seen.add(check.name)
                out.append(CheckResult(check.name, check.ok, check.detail))
    out.sort(key=lambda c: c.ok)
    return out


def check(result: Result, q: Question, st) -> Result:
    """A result with its evidence, checks and a confidence that accounts for them: a failed check
    of a figure used, or prose that states another value, lowers it."""
    if result.status not in ("answered", "not_reported"):
        return result
    if result.reason == "value":
        return _check_lookup(result, q, st)
    if result.status == "not_reported":
        if result.report is None or result.cand is None:
            return result
        return replace(result, checks=tuple(checks_for(st.report(result.report.id), [result.cand])))
    used = list(result.used) or ([result.cand] if result.cand is not None else [])
    evidence: list[Evidence] = []
    checks: list[CheckResult] = []
    if result.report is not None and result.value is not None and result.reason not in ("list", "series"):
        full = st.report(result.report.id)
        evidence, _ = find_evidence(full, result.value, q.slots, rounded=result.rounded)
        checks = checks_for(full, used)
    else:
        for c in used:
            checks += [x for x in checks_for(st.report(c.report_id), [c]) if x not in checks]
    confidence = result.confidence
    if any(not c.ok for c in checks):
        confidence = min(confidence, 0.55)
    if result.detail.get("left_out"):
        confidence *= 0.8  # some reports' figures are in another unit or kind and were left out
    return replace(result, evidence=tuple(evidence), checks=tuple(checks), confidence=confidence)


def _check_lookup(result: Result, q: Question, st) -> Result:
    cand = result.cand
    full = st.report(result.report.id)
    checks = checks_for(full, [cand])
    evidence, corroborated = find_evidence(full, cand.value, q.slots)
    chosen = result.detail.get("pick")
    conflict = _conflicting_prose(chosen, cand) if chosen is not None else None
    if conflict is not None:
        more, _ = find_evidence(full, conflict.value, q.slots, limit=1)
        evidence = evidence + [e for e in more if e not in evidence]
    confidence = result.confidence
    if any(not c.ok for c in checks) or conflict is not None:
        confidence *= 0.6
    return replace(result, evidence=tuple(evidence), checks=tuple(checks), corroborated=corroborated,
                   conflict=conflict, confidence=min(1.0, confidence),
                   disagreeing=disagreeing(full, cand, result.detail.get("sum_of_parts"), conflict))


def disagreeing(report, cand: Candidate, sum_of_parts: Optional[Candidate],
                conflict: Optional[Candidate]) -> tuple[tuple[str, Candidate], ...]:
    """The other figures the report gives for what ``cand`` states, each as (what, candidate): the
    total as printed beside the sum of its parts used instead (``printed_total``), the sum of the
    parts beside the printed total used (``sum_of_parts``), a sentence stating another value
    (``text``), and for a sentence's figure the table cells its failed ``prose_vs_table`` check
    names (``table``); for a total whose printed parts add up to another figure, their sum. Only figures whose value differs from ``cand``'s, each value once."""
    out: list[tuple[str, Candidate]] = []
    if cand.printed is not None and cand.fact is not None:
        out.append(("printed_total", fact_candidate(cand.fact)))
    if sum_of_parts is not None:
        out.append(("sum_of_parts", sum_of_parts))
    if conflict is not None:
        out.append(("text", conflict))
    own = {(f.table, tuple(f.row), tuple(f.column))
           for f in (cand.inputs or ([cand.fact] if cand.fact is not None else []))}
    facts = {(f.table, tuple(f.row), tuple(f.column)): f for f in report.facts}
    for check in report.checks:
        if check.ok or not check.cells:
            continue
        cells = [(c.table, tuple(c.row), tuple(c.column)) for c in check.cells]
        if not check.name.startswith("prose_vs_table["):
            # a total whose parts add up to something else ("13 + 2 + 4 + 0 = 19 ≠ 总计 15"): their sum
            if sum_of_parts is None and cand.printed is None and own and cells[-1:] == list(own) \
                    and "+" not in check.detail.split("≠")[-1] and all(c in facts for c in cells):
                parts = [facts[c] for c in cells[:-1]]
                out.append(("sum_of_parts", _sum_of(parts)))
            continue
        if cand.kind == "text" and cand.figure is not None:
            if check.detail.startswith(prose_said(cand.figure) + " ") and all(c in facts for c in cells):
                parts = [facts[c] for c in cells]
                out.append(("table", fact_candidate(parts[0]) if len(parts) == 1 else _sum_of(parts)))
        elif conflict is None and own and set(cells) == own:
            said = next((f for f in report.figures if f.value is not None
                         and check.detail.startswith(prose_said(f) + " ")), None)
            if said is not None:
                out.append(("text", figure_candidate(said)))
    seen = {cand.value}
    kept = []
    for what, other in out:
        if other.value is not None and other.value not in seen:
            seen.add(other.value)
            kept.append((what, other))
    return tuple(kept)


def _sum_of(facts: list) -> Candidate:
    """Table cells added up, as one computed candidate."""
    return replace(fact_candidate(facts[0]), kind="computed", fact=None, inputs=tuple(facts),
                   value=sum(f.value for f in facts if f.value is not None))


def _unit_class(unit: Optional[str]) -> str:
    return unit if unit in ("元", "%") else "count"


def _conflicting_prose(chosen, cand: Candidate) -> Optional[Candidate]:
    """A prose figure of the same report that says nearly what the question asks but states
    another value (the district office's own 17 requests beside the district's 95 in the table)."""
    if cand.kind == "text" or cand.value is None:
        return None
    stating = [f.direct for f, c in chosen.ranked[1:15]
               if c.kind == "text" and c.value is not None and abs(c.value - cand.value) <= 1e-6]
    for f, c in chosen.ranked[1:15]:
        if c.kind != "text" or c.value is None or c.approximate or abs(c.value - cand.value) <= 1e-6:
            continue
        if any(w in c.label for w in ("及", "和", "与", "、")):  # a sum of two things: another scope
            continue
        if f.direct >= 0.85 and f.precision >= 0.6 and f.score >= chosen.fit.score - 0.4 \
                and _unit_class(c.unit) == _unit_class(cand.unit) and not any(d >= f.direct for d in stating):
            return c
    return None
