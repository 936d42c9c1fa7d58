"""Printed totals that cannot be right, and the figure a careful reader takes instead.

A report's checks compare a total with its parts (``review.total``: 维持 + 纠正 + 其他 + 尚未审结
= 总计; the requests table's row totals and results total; an old appendix's total row). When a
check fails, either figure may be the wrong one, so the printed total stands and the answer shows
the failed check. But a total smaller than one of its own parts is impossible (the parts are
counts): 洪泽区 2023 prints 行政复议 总计 0 beside 10 upheld and 1 corrected. There the sum of the
parts is the figure, and the answer says that the table prints another.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from qa.amounts import fmt_number

# Checks of a total (the last cell) against its parts (the cells before it).
_TOTAL_CHECKS = ("review.total[", "requests.row_total[", "requests.results_total[", "parts_sum[")


def cell_of(fact) -> tuple:
    """A fact's place: (table, row path, column path)."""
    return (fact.table, tuple(fact.row), tuple(fact.column))


def impossible_totals(report) -> dict[tuple, tuple]:
    """Cells whose printed total is smaller than one of its parts (or was printed one row off, see
    ``_misplaced_totals``), each with the facts of its parts: ``{(table, row, column): (part facts…)}``."""
    facts = {cell_of(f): f for f in report.facts}
    out: dict[tuple, tuple] = {}
    for check in getattr(report, "checks", ()):
        if check.ok or not check.name.startswith(_TOTAL_CHECKS) or len(check.cells) < 3:
            continue
        total, parts = check.cells[-1], check.cells[:-1]
        values = [p.value for p in parts if p.value is not None]
        if total.value is None or not values or total.value >= max(values) - 1e-9:
            continue
        key = (total.table, tuple(total.row), tuple(total.column))
        part_facts = tuple(facts[c] for c in ((p.table, tuple(p.row), tuple(p.column)) for p in parts) if c in facts)
        if key in facts and len(part_facts) == len(parts):
            out[key] = part_facts
    return _misplaced_totals(report, facts, out)


def _misplaced_totals(report, facts: dict, wrong: dict[tuple, tuple]) -> dict[tuple, tuple]:
    """Add the totals printed one row off: a total over parts that are all 0 whose figure is
    exactly what an impossible total of the same column adds up to (农业农村局 2023 prints 本年新收
    总计 0 beside 6 + 1, and 上年结转 总计 7 beside zeros). The 7 belongs to the other row; this
    row's figure is the sum of its own parts."""
    if not wrong:
        return wrong
    moved = {(key[0], key[2], part_sum(parts)) for key, parts in wrong.items()
             if facts[key].value == 0}
    out = dict(wrong)
    for check in getattr(report, "checks", ()):
        if check.ok or not check.name.startswith(_TOTAL_CHECKS) or len(check.cells) < 3:
            continue
        total, parts = check.cells[-1], check.cells[:-1]
        key = (total.table, tuple(total.row), tuple(total.column))
        if key in out or key not in facts or not total.value or any(p.value != 0 for p in parts):
            continue
        if (key[0], key[2], total.value) not in moved:
            continue
        part_facts = tuple(facts[c] for c in ((p.table, tuple(p.row), tuple(p.column)) for p in parts) if c in facts)
        if len(part_facts) == len(parts):
            out[key] = part_facts
    return out


def blank_row_totals(report) -> dict[tuple, tuple]:
    """Cells of the requests table whose 总计 is blank while the row's requester cells are not
    (上海市人民政府办公厅 2019 prints most result rows without their total), each with those
    part facts: the total is then the sum the table does not print."""
    rows: dict[str, dict[str, object]] = {}
    for f in report.facts:
        if f.key and f.key.startswith("requests."):
            row, _, column = f.key.rpartition(".")
            rows.setdefault(row, {})[column] = f
    out: dict[tuple, tuple] = {}
    for cells in rows.values():
        total = cells.get("total")
        parts = tuple(f for column, f in cells.items() if column != "total")
        if total is None or not total.blank or not parts or any(p.unreadable for p in parts):
            continue
        if any(not p.blank for p in parts):
            out[cell_of(total)] = parts
    return out


def sum_candidate(cand, parts):
    """A blank printed total as the computed sum of its parts."""
    return replace(cand, kind="computed", value=part_sum(parts), inputs=tuple(parts), blank=False, fact=None,
                   filled=True, _grams={})


def corrected_facts(facts: list, wrong: dict[tuple, tuple]) -> list:
    """The facts with each impossible total replaced by the sum of its parts (for the totals the
    table does not print, such as lawsuits = direct + after reconsideration)."""
    out = []
    for f in facts:
        parts = wrong.get(cell_of(f))
        out.append(replace(f, value=part_sum(parts), blank=False) if parts else f)
    return out


def part_sum(parts) -> Optional[float]:
    """The sum of the parts that are present."""
    values = [p.value for p in parts if p.value is not None and not p.blank]
    return sum(values) if values else None


def correct_candidate(cand, parts):
    """A table candidate whose printed total is impossible, as the computed sum of its parts that
    remembers the printed figure (``printed``)."""
    return replace(cand, kind="computed", value=part_sum(parts), inputs=tuple(parts), printed=cand.value,
                   _grams={})


def parts_arithmetic(cand) -> str:
    """``10 + 1 + 0 + 0 = 11`` for a corrected total."""
    return " + ".join(fmt_number(p.value) for p in cand.inputs if p.value is not None) + f" = {fmt_number(cand.value)}"
