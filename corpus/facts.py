"""Every table cell as a ``Fact``: its value in base units, its unit, its key and its place.

The unit of a cell comes from, in order: the cell itself (``251000元``, ``64.4元``), the row's
``单位`` cell in an old appendix table (``条``, ``人次``, ``万元``), the column header
(``本年收费金额（单位：万元）`` -> 元, values × 10000), and for the national tables the
template (requests and review count 件). A blank cell is ``blank`` with value None, never 0; a cell the
format lost is ``unreadable``. A dash or slash (—, /) in a cell of the national tables, whose every cell is a
count, is how agencies write "none": 0, its text kept in ``raw`` (in an old appendix table it stays blank:
there it also marks a figure the row does not have, such as a cumulative count).
"""
from __future__ import annotations

from typing import Optional

from corpus.numbers import Scale, header_scale, read_quantity
from corpus.records import Fact, Table
from corpus.tables import unit_column
from corpus.template import PROACTIVE, REQUESTS, REVIEW, cell_keys

DASHES = {"-", "—", "——", "–", "－", "--", "/", "／", "\\"}
_NOTHING_REPORTED = {"", "-", "—", "——", "–", "－", "/", "／", "\\", "无", "空", "暂无", "…", "……", "*", "×"}


def table_facts(table: Table, report_id: str, agency: str, year: Optional[int]) -> list[Fact]:
    """One ``Fact`` per data cell of ``table`` (the 单位 column, being units, gives none)."""
    keys = cell_keys(table, table.kind) if table.kind else None
    unit_col = unit_column(table)
    column_scales = [_column_scale(column) for column in table.columns]
    facts: list[Fact] = []
    for r, (row, cells) in enumerate(zip(table.rows, table.cells)):
        row_scale = header_scale(cells[unit_col] or "") if unit_col is not None and cells[unit_col] else None
        for c, (column, raw) in enumerate(zip(table.columns, cells)):
            if c == unit_col:
                continue
            key = keys[r][c] if keys else None
            scale = row_scale or column_scales[c]
            facts.append(_fact(table, row, column, raw, key, scale, report_id, agency, year))
    return facts


def _fact(table: Table, row, column, raw: Optional[str], key: Optional[str], scale: Optional[Scale],
          report_id: str, agency: str, year: Optional[int]) -> Fact:
    """The fact of one cell."""
    default_unit = _template_unit(table.kind, key) or (scale.unit if scale else None) or _rate_unit(row)
    common = dict(report_id=report_id, agency=agency, year=year, table=table.id, table_title=table.title,
                  section=table.section, row=row, column=column, key=key, where=table.where)
    if raw is None:
        return Fact(**common, value=None, unit=default_unit, raw="", unreadable=True)
    text = raw.strip()
    if text in DASHES and key is not None:
        return Fact(**common, value=0.0, unit=default_unit, raw=text)
    if text in _NOTHING_REPORTED:
        return Fact(**common, value=None, unit=default_unit, raw=text, blank=True)
    quantity = read_quantity(text, scale)
    if quantity is None:
        return Fact(**common, value=None, unit=None, raw=text)
    return Fact(**common, value=quantity.value, unit=quantity.unit or default_unit, raw=text,
                approximate=quantity.approximate)


def _column_scale(column: tuple[str, ...]) -> Optional[Scale]:
    """The unit a column's header states (innermost label first), e.g. （单位：万元）."""
    for label in reversed(column):
        scale = header_scale(label) if ("单位" in label or "（" in label or "(" in label) else None
        if scale is not None:
            return scale
    return None


def _template_unit(kind: Optional[str], key: Optional[str]) -> Optional[str]:
    """The unit the national template implies for a keyed cell."""
    if key is None:
        return None
    if kind in (REQUESTS, REVIEW):
        return "件"
    if kind == PROACTIVE:
        return "元" if key.endswith(".amount") else "件"
    return None


def _rate_unit(row: tuple[str, ...]) -> Optional[str]:
    """A row counting a rate (…增加率, …比例) is a percentage when no unit says otherwise."""
    return "%" if row and (row[-1].endswith("率") or row[-1].endswith("比例")) else None
