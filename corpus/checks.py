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
* ``prose_vs_table[<key or row label>]``: a prose figure against the table figure with the same
  meaning (``corpus.meanings``): the cell with its canonical key, the cells a key adds up
  (``review.litigation.total``, ``requests.result.unavailable.total``), or in an old appendix
  table the row with that label, in its report-year column (not 历年累计).
"""
from __future__ import annotations

import re
from typing import Iterable, Optional, Sequence

from corpus.meanings import ProseMeanings, figure_meaning, prose_meanings
from corpus.records import CellRef, Check, Fact, Figure, Table
from corpus.tables import unit_column
from corpus.template import REQUEST_COLUMNS, REQUEST_GROUPS, REQUESTS, REVIEW, REVIEW_COLUMNS, REVIEW_ORDER

_TOLERANCE = 0.005
# The result rows of the requests table in template order (both variants' forms of （六）).
RESULT_ROWS = ("result.disclosed", "result.partly_disclosed", *(
    f"result.{group}{suffix}" for group, (_, parts) in REQUEST_GROUPS.items()
    for suffix in ([""] if group == "other_handling" else []) + [f".{part}" for part, _ in parts]))
_TOTAL_WORDS = re.compile(r"总数|总计|合计|总额|共计")
_NOT_THIS_YEAR = re.compile(r"累计|历年|上年|去年")
_ROW_NUMBERING = re.compile(r"^(?:其中[:：,，、]?)?\s*(?:[（(]?\d{1,2}[)）.．、]|[一二三四五六七八九十]{1,3}、)?\s*")
_SENTENCE_SHOWN = 160


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
    old = [f for t in tables if t.kind is None for f in _year_column(t, by_table.get(t.id, []))]
    checks += prose_checks(figures, keyed, old)
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


def prose_checks(figures: Sequence[Figure], keyed: dict[str, Fact], old: Sequence[Fact] = ()) -> list[Check]:
    """Each prose figure with a meaning against the table figure with the same meaning.

    ``keyed`` holds the national tables' cells by canonical key; ``old`` the report-year cells
    of the old appendix tables, matched by row label. An approximate figure (近/约/余…) passes
    within 10 % of the table. A figure stated twice with the same value is checked once; a
    table side that is blank or unreadable is skipped.
    """
    meanings = prose_meanings()
    checks: list[Check] = []
    seen: set[tuple[str, float]] = set()
    for figure in figures:
        name, cells = _table_side(figure, keyed, old, meanings)
        if (name, figure.value) in seen:
            continue
        check = _prose_check(f"prose_vs_table[{name}]", figure, cells)
        if check is not None:
            seen.add((name, figure.value))
            checks.append(check)
    return checks


def prose_said(figure: Figure) -> str:
    """How a ``prose_vs_table`` check's detail begins for a figure: it names the check's own figure."""
    return f"prose {figure.noun} '{figure.raw}'"


def _prose_check(name: str, figure: Figure, cells: Sequence[Fact]) -> Optional[Check]:
    """The figure against the sum of ``cells``; None when no cell is printed or one is unreadable.
    The detail names the figure, every cell with its value, and the sentence."""
    present = [c for c in cells if not _absent(c)]
    if not present or any(c.unreadable for c in cells):
        return None
    total = sum(c.value for c in present)  # type: ignore[misc]
    ok = abs(figure.value - total) <= (abs(total) * 0.1 if figure.approximate else _TOLERANCE)
    table = " + ".join(f"{' › '.join(c.row + c.column)} {_number(c.value)}" for c in present)  # type: ignore[arg-type]
    if len(present) > 1:
        table += f" = {_number(total)}"
    sentence = figure.sentence
    if len(sentence) > _SENTENCE_SHOWN:
        sentence = sentence[:_SENTENCE_SHOWN] + "…"
    detail = (f"{prose_said(figure)} ({_number(figure.value)}) {'=' if ok else '≠'} "
              f"table {table}; sentence: {sentence}")
    return Check(name=name, ok=ok, detail=detail, cells=tuple(_ref(c) for c in present))


def _table_side(figure: Figure, keyed: dict[str, Fact], old: Sequence[Fact],
                meanings: ProseMeanings) -> tuple[str, list[Fact]]:
    """The meaning's name and the table cells stating it (none when the report has no such cell)."""
    if figure.key:
        cells = keyed_cells(figure.key, keyed, meanings.sums)
        return figure.key, cells or _old_cells(meanings.rows_of(figure.key), old)
    meaning = figure_meaning(figure)
    if meaning is None or meaning.key is not None:
        return "", []
    return meaning.name, _old_cells(meaning.rows, old)


def keyed_cells(key: str, keyed: dict[str, Fact], sums: dict[str, tuple[str, ...]]) -> list[Fact]:
    """The national-table cells a key stands for: its own cell, the cells ``sums`` lists for it
    (every one must be printed), or the cells of its row's parts (``result.unavailable`` →
    ``result.unavailable.not_held`` …) in the same column."""
    if key in keyed:
        return [keyed[key]]
    if key in sums:
        return [keyed[k] for k in sums[key]] if all(k in keyed for k in sums[key]) else []
    row, _, column = key.rpartition(".")
    depth = key.count(".") + 1
    return [f for k, f in keyed.items()
            if k.startswith(row + ".") and k.endswith("." + column) and k.count(".") == depth]


def _old_cells(rows: Sequence[re.Pattern], old: Sequence[Fact]) -> list[Fact]:
    """The first old-table cell whose row label (numbering and 其中 taken off) is one of ``rows``."""
    for fact in old:
        label = _ROW_NUMBERING.sub("", fact.row[-1]) if fact.row else ""
        if any(p.fullmatch(label) for p in rows):
            return [fact]
    return []


def _year_column(table: Table, facts: Sequence[Fact]) -> list[Fact]:
    """The cells of an old table's report-year column: its only value column, or the one naming
    the year (``2011年度``, not ``历年累计``). None when that column is not clear."""
    unit_col = unit_column(table)
    columns = [col for c, col in enumerate(table.columns)
               if c != unit_col and not _NOT_THIS_YEAR.search(" ".join(col))]
    year = next((f.year for f in facts if f.year), None)
    if len(columns) > 1 and year is not None:
        columns = [col for col in columns if str(year) in " ".join(col)]
    if len(columns) != 1:
        return []
    return [f for f in facts if f.column == columns[0]]
