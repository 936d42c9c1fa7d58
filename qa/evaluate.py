"""``reportqa eval FILE.jsonl``: score answers against a question file.

The format is that of ``../shared/eval/README.md``: one JSON object a line with ``id``, ``q``,
``lang``, ``kind`` and either ``value`` (with optional ``unit`` and ``tol``) or ``status``. An
answer is right when its status is ``answered`` and its value equals ``value`` within ``tol``
(a value stated in 万/亿 with that unit also counts), or when its status equals ``status``.
"""
from __future__ import annotations

import json
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
        if not isinstance(item, dict) or "q" not in item or ("value" not in item and "status" not in item):
            raise ReportQAError(f"{path}:{n}: needs 'q' and either 'value' or 'status'")
        out.append(item)
    return out


def is_right(item: dict, ans: Answer) -> bool:
    """Whether an answer is right for one question of the file."""
    if "value" in item:
        if ans.status != "answered" or ans.value is None:
            return False
        tol = float(item.get("tol", DEFAULT_TOL))
        expected = float(item["value"])
        if abs(ans.value - expected) <= tol:
            return True
        unit = ans.unit or ""
        scale = _SCALES.get(unit[:1])
        return bool(scale) and abs(ans.value * scale - expected) <= tol
    return ans.status == item.get("status")


def evaluate(items: Iterable[dict], ask: Callable[[str], Answer]) -> list[Outcome]:
    """Ask every question and judge each answer; an exception counts as a miss, not a crash."""
    out = []
    for item in items:
        try:
            ans = ask(item["q"])
        except Exception as exc:  # a crash on one question is a miss to report
            out.append(Outcome(item, None, False, f"{type(exc).__name__}: {exc}"))
            continue
        out.append(Outcome(item, ans, is_right(item, ans)))
    return out


def summary(outcomes: list[Outcome]) -> str:
    """Accuracy overall, by kind and by language, then every miss with what was expected."""
    lines = []
    total = len(outcomes)
    right = sum(o.right for o in outcomes)
    lines.append(f"accuracy: {right}/{total} = {right / total:.1%}" if total else "no questions")
    for field in ("kind", "lang"):
        groups: dict[str, list[bool]] = defaultdict(list)
        for o in outcomes:
            groups[str(o.item.get(field, "?"))].append(o.right)
        parts = [f"{k} {sum(v)}/{len(v)}" for k, v in sorted(groups.items())]
        lines.append(f"by {field}: " + ", ".join(parts))
    misses = [o for o in outcomes if not o.right]
    if misses:
        lines.append(f"misses ({len(misses)}):")
    for o in misses:
        expected = (f"value {o.item['value']}{o.item.get('unit', '')}" if "value" in o.item
                    else f"status {o.item.get('status')}")
        if o.answer is None:
            got = o.error
        else:
            got = f"{o.answer.status} value={o.answer.value} unit={o.answer.unit}: {o.answer.answer}"
        lines.append(f"  {o.item.get('id', '?')} [{o.item.get('kind', '?')}/{o.item.get('lang', '?')}] {o.item['q']}")
        lines.append(f"      expected {expected}; got {got}")
    return "\n".join(lines)


def eval_command(file: str, settings) -> int:
    """Run ``reportqa eval``: prints the summary; exit status 0 when every answer is right, 1 when
    some are not, 2 when the file or the collection cannot be used."""
    from index.collection import open_collection
    from qa.answering import answer

    try:
        items = read_questions(file)
        collection = open_collection(settings)
    except ReportQAError as exc:
        print(f"reportqa eval: {exc}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    outcomes = evaluate(items, lambda q: answer(q, collection))
    elapsed = time.perf_counter() - start
    print(summary(outcomes))
    print(f"{len(outcomes)} questions in {elapsed:.2f} s")
    return 0 if all(o.right for o in outcomes) else 1
