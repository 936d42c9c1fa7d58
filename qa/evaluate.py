"""``reportqa eval FILE.jsonl``: score answers against a question file.

The format is that of ``../shared/eval/README.md``: one JSON object a line with ``id``, ``q``,
``lang``, ``kind`` and either ``value`` (with optional ``unit`` and ``tol``) or ``status``. An
answer is right when its status is ``answered`` and its value equals ``value`` within ``tol``
(a value stated in 万/亿 with that unit also counts), or when its status equals ``status``.

The answer shapes of ``tests/data/README.md`` are scored too: a ``series`` is right when every
expected year's value is among its points, a ``list`` when every expected value is, a ``ranking``
when its first N agencies and values are the expected ones in order. A ``list`` asked of a report
that contradicts itself ("表里和正文各写了多少") is also right as one figure whose ``disagreeing``
figures hold the others, and a comparison asked as a list ("谁多，多多少": both figures and the
difference) as the computed figure, when it is one of them, with its inputs. ``history`` (earlier
questions of a conversation) is read as the conversation's context, as ``reportqa chat`` does.

Besides accuracy (overall, by kind, language, shape and style), the summary counts the answers
given as ``answered`` that are wrong (the confidently wrong ones) and tabulates confidence against
accuracy (calibration).
"""
from __future__ import annotations

import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional

from corpus.errors import ReportQAError
from qa.records import Answer

DEFAULT_TOL = 0.005
_SCALES = {"万": 1e4, "亿": 1e8}


@dataclass(frozen=True)
class Outcome:
    """One question of the file with the answer it got and whether that answer is right."""

    item: dict
    answer: Optional[Answer]
    right: bool
    error: str = ""


def read_questions(path: str | Path) -> list[dict]:
    """The questions of a JSON-lines file. Raises ReportQAError naming the line that is not valid."""
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReportQAError(f"{path}:{n}: not a JSON object ({exc.msg})") from None
        if not isinstance(item, dict) or "q" not in item or not ({"value", "values", "status"} & set(item)):
            raise ReportQAError(f"{path}:{n}: needs 'q' and one of 'value', 'values' or 'status'")
        out.append(item)
    return out


def _same(got: Optional[float], unit: Optional[str], expected, tol: float,
          expected_unit: Optional[str] = None) -> bool:
    """Whether a figure equals the expected one: in base units, in the answer's 万/亿 unit, or in
    the 万/亿 unit the question file gives (``"unit": "万元"``: 24252.31 means 242,523,100 元)."""
    if got is None:
        return False
    expected = float(expected)
    if abs(got - expected) <= tol:
        return True
    scale = _SCALES.get((unit or "")[:1])
    if scale and abs(got * scale - expected) <= tol:
        return True
    given = _SCALES.get((expected_unit or "")[:1])
    return bool(given) and abs(got / given - expected) <= tol


def _same_agency(expected: str, got: str) -> bool:
    return bool(expected) and bool(got) and (expected in got or got in expected)


def _pairs(values) -> list[tuple[str, object]]:
    """Expected ``values`` as (label, value) pairs in order: a dict, a list of pairs, or a list of
    values (labels then empty)."""
    if isinstance(values, dict):
        return [(str(k), v) for k, v in values.items()]
    out = []
    for v in values or []:
        if isinstance(v, (list, tuple)) and len(v) == 2:
            out.append((str(v[0]), v[1]))
        elif isinstance(v, dict) and len(v) == 1:
            out.append(next((str(k), x) for k, x in v.items()))
        else:
            out.append(("", v))
    return out


def _year(label: str) -> str:
    m = re.search(r"(?:19|20|21)\d{2}", label)
    return m.group(0) if m else label


def _right_shape(item: dict, ans: Answer, tol: float) -> bool:
    """A series, list or ranking against the expected ``values``."""
    if ans.status != "answered":
        return False
    shape, expected = item["shape"], _pairs(item["values"])
    points = [p for p in ans.points if p.value is not None]
    unit = item.get("unit")  # "unit": "万元" — the expected values are in 万元
    if shape == "series":
        by_year = {_year(str(p.year if p.year is not None else p.label)): p for p in points}
        hits = [by_year.get(_year(y)) for y, _ in expected]
        return bool(expected) and all(p is not None and _same(p.value, p.unit, v, tol, unit)
                                      for p, (_, v) in zip(hits, expected))
    if shape == "list":
        left = list(points)
        if ans.shape == "single" and ans.value is not None and ans.disagreeing:
            # the report contradicting itself, asked as one figure: its figure and the others it gives
            # for the same thing, each value once
            left = [ans, *(p for p in ans.disagreeing if p.value is not None)]
            expected = list({v: (k, v) for k, v in expected}.values())
        elif ans.shape == "single" and ans.value is not None and ans.inputs and any(
                _same(ans.value, ans.unit, v, tol, unit) for _, v in expected):
            # "谁多，多多少": the difference asked, with the two figures it is computed from (and the points
            # it sets side by side: each agency's share)
            left = [ans, *(i for i in ans.inputs if i.value is not None), *points]
        for _, v in expected:
            hit = next((p for p in left if _same(p.value, p.unit, v, tol, unit)), None)
            if hit is None:
                return False
            left.remove(hit)
        return bool(expected)
    if shape == "ranking":
        if not expected or len(points) < len(expected):
            return False
        # a ranking of agencies, or of one agency's years ("按年份排名": the names are years); names tied
        # on one value stand in either order
        def named(name: str, p) -> bool:
            return not name or _same_agency(name, p.agency) or _is_year_of(name, p) or _same_item(name, p)

        return all(_same(p.value, p.unit, v, tol, unit)
                   and any(named(name, t) for t in points if t.value == p.value and t.unit == p.unit)
                   for (name, v), p in zip(expected, points))
    return False


def _same_item(name: str, point) -> bool:
    """Whether an expected ranking name is the row a point of one report's parts names ("8.属于行政查询
    事项" for the point labelled 属于行政查询事项)."""
    said = re.sub(r"^\s*[\d一二三四五六七八九十]+\s*[.、．]\s*|[“”\"\s]", "", name)
    label = re.sub(r"^\s*[\d一二三四五六七八九十]+\s*[.、．]\s*|[“”\"\s]", "", point.label or "")
    return bool(said) and bool(label) and (said in label or label in said)


def _is_year_of(name: str, point) -> bool:
    """Whether an expected ranking name is the year of a series point ("2022" or "2022年")."""
    m = re.fullmatch(r"\s*((?:19|20)\d{2})\s*年?度?\s*", str(name))
    return bool(m) and point.year is not None and int(point.year) == int(m.group(1))


def is_right(item: dict, ans: Answer) -> bool:
    """Whether an answer is right for one question of the file."""
    tol = float(item.get("tol", DEFAULT_TOL))
    if "values" in item and item.get("shape") in ("series", "list", "ranking"):
        return _right_shape(item, ans, tol)
    if "value" in item:
        if ans.status != "answered":
            return False
        if _same(ans.value, ans.unit, item["value"], tol, item.get("unit")):
            return True
        # "哪年最多" asked of a series: the year itself
        expected = float(item["value"])
        return (ans.shape == "series" and ans.report is not None and expected.is_integer()
                and ans.report.year == int(expected))
    return ans.status == item.get("status")


def evaluate(items: Iterable[dict], ask: Callable[..., Answer]) -> list[Outcome]:
    """Ask every question and judge each answer; an exception counts as a miss, not a crash.
    ``ask(question)`` is called, or ``ask(question, history=[...])`` for an item with a history."""
    out = []
    for item in items:
        try:
            history = [str(h) for h in item.get("history") or []]
            ans = ask(item["q"], history=history) if history else ask(item["q"])
        except Exception as exc:  # a crash on one question is a miss to report
            out.append(Outcome(item, None, False, f"{type(exc).__name__}: {exc}"))
            continue
        out.append(Outcome(item, ans, is_right(item, ans)))
    return out


CONFIDENCE_BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)


def confidently_wrong(outcomes: list[Outcome]) -> list[Outcome]:
    """The answers given as ``answered`` that are wrong: a figure a reader would believe."""
    return [o for o in outcomes if not o.right and o.answer is not None and o.answer.status == "answered"]


def calibration(outcomes: list[Outcome]) -> list[tuple[float, float, int, int, float]]:
    """Answered answers by confidence bin: (low, high, answers, right, mean confidence)."""
    rows = []
    answered = [o for o in outcomes if o.answer is not None and o.answer.status == "answered"]
    for low, high in zip(CONFIDENCE_BINS, CONFIDENCE_BINS[1:]):
        inside = [o for o in answered if low <= o.answer.confidence < high]
        if inside:
            mean = sum(o.answer.confidence for o in inside) / len(inside)
            rows.append((low, min(high, 1.0), len(inside), sum(o.right for o in inside), mean))
    return rows


def _expected(item: dict) -> str:
    if "values" in item:
        return f"{item.get('shape', '?')} {json.dumps(item['values'], ensure_ascii=False)}"
    if "value" in item:
        return f"value {item['value']}{item.get('unit', '')}"
    return f"status {item.get('status')}"


def summary(outcomes: list[Outcome]) -> str:
    """Accuracy overall, by kind, language, shape and style; the answered-but-wrong count; the
    confidence calibration table; then every miss with what was expected."""
    lines = []
    total = len(outcomes)
    right = sum(o.right for o in outcomes)
    lines.append(f"accuracy: {right}/{total} = {right / total:.1%}" if total else "no questions")
    for field in ("kind", "lang", "shape", "style"):
        if field in ("shape", "style") and not any(field in o.item for o in outcomes):
            continue
        groups: dict[str, list[bool]] = defaultdict(list)
        for o in outcomes:
            groups[str(o.item.get(field, "single" if field == "shape" else "?"))].append(o.right)
        parts = [f"{k} {sum(v)}/{len(v)}" for k, v in sorted(groups.items())]
        lines.append(f"by {field}: " + ", ".join(parts))
    wrong = confidently_wrong(outcomes)
    lines.append(f"answered but wrong: {len(wrong)}/{total}" + (f" = {len(wrong) / total:.1%}" if total else ""))
    answered = [o for o in outcomes if o.answer is not None and o.answer.status == "answered"]
    if answered:
        by_source: dict[str, list[bool]] = defaultdict(list)
        for o in answered:
            kind = o.answer.shape if o.answer.shape != "single" else (o.answer.source.kind if o.answer.source else "?")
            by_source[kind].append(o.right)
        lines.append("answered, right by source: " + ", ".join(
            f"{k} {sum(v)}/{len(v)}" for k, v in sorted(by_source.items())))
    table = calibration(outcomes)
    if table:
        lines.append("calibration (answered): confidence → right")
        for low, high, n, ok, mean in table:
            lines.append(f"  [{low:.2f}, {high:.2f}) {ok}/{n} = {ok / n:.0%} right, mean confidence {mean:.2f}")
    misses = [o for o in outcomes if not o.right]
    if misses:
        lines.append(f"misses ({len(misses)}):")
    for o in misses:
        if o.answer is None:
            got = o.error
        else:
            got = f"{o.answer.status} value={o.answer.value} unit={o.answer.unit}: {o.answer.answer}"
        style = f"/{o.item['style']}" if "style" in o.item else ""
        where = f"{o.item.get('kind', '?')}/{o.item.get('lang', '?')}{style}"
        lines.append(f"  {o.item.get('id', '?')} [{where}] {o.item['q']}")
        if o.item.get("history"):
            lines.append(f"      after {' / '.join(o.item['history'])}")
        lines.append(f"      expected {_expected(o.item)}; got {got}")
    return "\n".join(lines)


def eval_command(file: str, settings) -> int:
    """Run ``reportqa eval``: prints the summary; exit status 0 when every answer is right, 1 when
    some are not, 2 when the file or the collection cannot be used."""
    from index.collection import open_collection
    from qa.answering import answer
    from qa.conversation import follow_up_context

    try:
        items = read_questions(file)
        collection = open_collection(settings)
    except ReportQAError as exc:
        print(f"reportqa eval: {exc}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    agencies, agency_years = collection.agencies(), collection.agency_years()

    def ask(question: str, history: Optional[list[str]] = None) -> Answer:
        context = follow_up_context(history, agencies, agency_years) if history else None
        return answer(question, collection, context=context)

    outcomes = evaluate(items, ask)
    elapsed = time.perf_counter() - start
    print(summary(outcomes))
    print(f"{len(outcomes)} questions in {elapsed:.2f} s")
    return 0 if all(o.right for o in outcomes) else 1
