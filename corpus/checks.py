"""Consistency checks of a report against itself: totals against their parts, the requests
table's identity, and prose figures against table figures of the same meaning.

A blank cell is absent, not 0: it is left out of a sum, and a check whose cells are all
absent (or whose total is absent) is skipped, not passed. A check touching an unreadable
cell is skipped too. A failed check names its cells and prints its arithmetic; real reports
do fail (淮安市洪泽区人民政府_2023.pdf, table 四): that is reported, never repaired.

Checks:

* ``parts_sum[<table> <row>]``: a total row of an old appendix table (``受理申请总数``,
  ``对申请的答复总数``, ``8.不予公开总数``) against its ``其中`` parts, per value column;
* ``requests.identity[<column>]``: 一 + 二 = 三（七）总计 + 四, per requester column;
* ``requests.results_total[<column>]``: the results （一）…（六） add up to （七）总计;
* ``requests.row_total[<row>]``: the six requester columns add up to 总计;
* ``review.total[<group>]``: 维持 + 纠正 + 其他 + 尚未审结 = 总计, per review/litigation group;
* ``prose_vs_table[<key>]``: a prose figure against the table cell with the same key.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional, Sequence

from corpus.records import CellRef, Check, Fact, Figure, Table
from corpus.tables import unit_column
from corpus.template import REQUEST_COLUMNS, REQUEST_GROUPS, REQUESTS, REVIEW, REVIEW_COLUMNS, REVIEW_ORDER

_TOLERANCE = 0.005
# The result rows of the requests table in template order (both variants' forms of （六）).
RESULT_ROWS = ("result.disclosed", "result.partly_disclosed", *(
    f"result.{group}{suffix}" for group, (_, parts) in REQUEST_GROUPS.items()
    for suffix in ([""] if group == "other_handling" else []) + [f".{part}" for part, _ in parts]))
_TOTAL_WORDS = re.compile(r"总数|总计|合计|总额|共计")


def report_checks(tables: Sequence[Table], facts: Sequence[Fact], figures: Sequence[Figure] = ()) -> list[Check]:
    """Every check that applies to a report's tables, facts and prose figures."""
    by_table: dict[str, list[Fact]] = {}
    for fact in facts:
        by_table.setdefault(fact.table, []).append(fact)
    checks: list[Check] = []
    keyed: dict[str, Fact] = {}
    for table in tables:
        table_facts = by_table.get(table.id, [])
        if table.kind is None:
            checks += parts_checks(table, table_facts)
        for fact in table_facts:
            if fact.key and fact.key not in keyed:
                keyed[fact.key] = fact
    if any(t.kind == REQUESTS for t in tables):
        checks += requests_checks(keyed)
    if any(t.kind == REVIEW for t in tables):
        checks += review_checks(keyed)
    checks += prose_checks(figures, keyed)
    return checks


# ---------------------------------------------------------------- arithmetic


def _absent(fact: Optional[Fact]) -> bool:
    return fact is None or fact.value is None


def _ref(fact: Fact) -> CellRef:
    return CellRef(table=fact.table, row=fact.row, column=fact.column, value=fact.value)


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def _side(facts: Iterable[Optional[Fact]]) -> tuple[float, str, bool]:
    """Sum of the present cells, the arithmetic as text, and whether any cell was present."""
    present = [f for f in facts if not _absent(f)]
    total = sum(f.value for f in present)  # type: ignore[misc]
    text = " + ".join(_number(f.value) for f in present) or "(blank)"  # type: ignore[arg-type]
    return total, text, bool(present)


def equal_sums(name: str, left: Sequence[Optional[Fact]], right: Sequence[Optional[Fact]],
               right_label: str = "") -> Optional[Check]:
    """Check sum(left) == sum(right) over present cells; None (skipped) when a side has no
    present cell or a cell is unreadable."""
    cells = [f for f in (*left, *right) if f is not None]
    if any(f.unreadable for f in cells):
        return None
    left_sum, left_text, left_any = _side(left)
    right_sum, right_text, right_any = _side(right)
    if not (left_any and right_any):
        return None
    ok = abs(left_sum - right_sum) <= _TOLERANCE
    label = f"{right_label} " if right_label else ""
    detail = (f"{left_text} = {_number(left_sum)} {'=' if ok else '≠'} {label}{right_text}"
              + (f" = {_number(right_sum)}" if len([f for f in right if not _absent(f)]) > 1 else ""))
    return Check(name=name, ok=ok, detail=detail, cells=tuple(_ref(f) for f in cells if not _absent(f)))


# ---------------------------------------------------------------- old appendix tables


def parts_checks(table: Table, facts: Sequence[Fact]) -> list[Check]:
    """A total row against its parts (the rows nested under it), per value column.

    Applies when the parent names a total (总数/总计/合计) and has two parts or more: a lone
    ``其中`` part is a share, and the parts of a row that names no total (``主动公开信息数 其中：
    1.网站公开 2.政府公报公开``) need not cover it.
    """
    cell = {(f.row, f.column): f for f in facts}
    unit_col = unit_column(table)
    columns = [col for c, col in enumerate(table.columns) if c != unit_col]
    checks: list[Check] = []
    for parent in table.rows:
        parts = [row for row in table.rows if len(row) == len(parent) + 1 and row[: len(parent)] == parent]
        if len(parts) < 2:
            continue
        if not _TOTAL_WORDS.search(parent[-1]):
            continue
        for column in columns:
            suffix = f" · {' '.join(column)}" if len(columns) > 1 else ""
            check = equal_sums(f"parts_sum[{table.title} {parent[-1]}{suffix}]",
                               [cell.get((p, column)) for p in parts], [cell.get((parent, column))],
                               right_label=parent[-1])
            if check is not None:
                checks.append(check)
    return checks


# ---------------------------------------------------------------- national tables


def _column_label(keyed: dict[str, Fact], column_key: str) -> str:
    """The printed label of a requests column (自然人 …), from any row that has the column."""
    for row in ("new_received", "result.total", "carried_over", "carried_forward"):
        fact = keyed.get(f"requests.{row}.{column_key}")
        if fact is not None and fact.column:
            return fact.column[-1]
    return column_key


def requests_checks(keyed: dict[str, Fact]) -> list[Check]:
    """The requests table's identity, results total and row totals (per column / row)."""
    checks: list[Check] = []
    present_rows = {k.split(".", 1)[1].rsplit(".", 1)[0] for k in keyed}
    result_rows = [row for row in RESULT_ROWS if row in present_rows]
    for column, _ in REQUEST_COLUMNS:
        label = _column_label(keyed, column)
        get = lambda row: keyed.get(f"requests.{row}.{column}")  # noqa: E731
        for check in (
            equal_sums(f"requests.identity[{label}]", [get("new_received"), get("carried_over")],
                       [get("result.total"), get("carried_forward")], right_label="三（七）总计 + 四"),
            equal_sums(f"requests.results_total[{label}]", [get(row) for row in result_rows],
                       [get("result.total")], right_label="（七）总计"),
        ):
            if check is not None:
                checks.append(check)
    for row in ("new_received", "carried_over", *result_rows, "result.total", "carried_forward"):
        parts = [keyed.get(f"requests.{row}.{c}") for c, _ in REQUEST_COLUMNS[:-1]]
        total = keyed.get(f"requests.{row}.total")
        label = " › ".join(total.row) if total else row
        check = equal_sums(f"requests.row_total[{label}]", parts, [total], right_label="总计")
        if check is not None:
            checks.append(check)
    return checks


def review_checks(keyed: dict[str, Fact]) -> list[Check]:
    """维持 + 纠正 + 其他 + 尚未审结 = 总计 for 行政复议 and both kinds of 行政诉讼."""
    checks: list[Check] = []
    for group in REVIEW_ORDER:
        parts = [keyed.get(f"review.{group}.{c}") for c, _ in REVIEW_COLUMNS[:-1]]
        total = keyed.get(f"review.{group}.total")
        label = " › ".join(total.column[:-1]) if total and len(total.column) > 1 else group
        check = equal_sums(f"review.total[{label}]", parts, [total], right_label="总计")
        if check is not None:
            checks.append(check)
    return checks


def prose_checks(figures: Sequence[Figure], keyed: dict[str, Fact]) -> list[Check]:
    """A prose figure against the table cell with the same canonical key. An approximate
    figure (近/约/余…) passes within 10 % of the cell."""
    checks: list[Check] = []
    for figure in figures:
        fact = keyed.get(figure.key) if figure.key else None
        if fact is None or _absent(fact) or fact.unreadable:
            continue
        tolerance = abs(fact.value) * 0.1 if figure.approximate else _TOLERANCE  # type: ignore[arg-type]
        ok = abs(figure.value - fact.value) <= tolerance  # type: ignore[operator]
        detail = (f"prose '{figure.raw}' ({_number(figure.value)}) {'=' if ok else '≠'} "
                  f"table {' › '.join(fact.row + fact.column)} {_number(fact.value)}")  # type: ignore[arg-type]
        checks.append(Check(name=f"prose_vs_table[{figure.key}]", ok=ok, detail=detail, cells=(_ref(fact),)))
    return checks
