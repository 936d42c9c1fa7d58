"""Old statistics tables (before 2019) from any rendering: 指标名称 | 计量单位 | 年度 | 历年累计.

Their rows vary from report to report, so a row is known by its label only (a row whose label a
converter lost stays an unknown row ``?``); the unit column by its header or by the units in it
(a unit spanned over rows is written once); the value columns by ORDER, checked by the identity
历年累计 ≥ the year's figure; the printed header only where it agrees.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from corpus.placements import EMPTY, OLD, Cell, Fit, amount, is_number, is_value


_UNITS = ("人次", "万元", "元", "条", "件", "个", "人", "次", "项", "份", "%", "％", "天", "日")
_YEAR_LABEL = re.compile(r"^(?:(?:19|20)\d{2}\s*年\s*度?|本\s*年\s*度?|年末统计)$")
_OLD_WORDS = ("公开", "申请", "复议", "诉讼", "答复", "收费")


def fit_old(grid: Sequence[Sequence[Cell]], caption: str = "", title: str = "") -> Optional[Fit]:
    """An old statistics table (指标名称 | 计量单位 | 年度 | 历年累计) whose header may be lost,
    repeated or misplaced: rows are known by their labels (a row whose label was lost stays an
    unknown row ``?`` with unreadable cells, so that no row is nested under a wrong parent), the
    value columns by order, checked by the identity 历年累计 ≥ the year's figure. The year
    column is labelled by the header, else by the year the ``caption`` (or else the report's
    ``title``) names, else ``本年度``.

    Returns None when the grid is not such a table."""
    unit_col = _unit_column(grid)
    if unit_col is None:
        return None
    width = _value_width(grid, unit_col)
    if width not in (1, 2):
        return None
    body: list[tuple[str, str, list[Cell]]] = []
    header_year = ""
    lost = 0  # rows that lost their label: figures of an unknown row
    unit = ""
    for line in grid:
        cells = [c.strip() if c is not None else None for c in line]
        for c in cells:
            if c and _YEAR_LABEL.match(re.sub(r"\s+", "", c)):
                header_year = header_year or re.sub(r"\s+", "", c)
        values = (list(cells[unit_col + 1:]) + [""] * width)[:width]
        if not all(is_value(c) for c in values) or any(c and not is_value(c) for c in cells[unit_col + 1:]):
            continue
        printed = cells[unit_col] or ""
        if printed and printed not in _UNITS and printed not in EMPTY:
            continue
        label = "".join(re.sub(r"\s+", "", c or "") for c in cells[:unit_col] if c and not is_value(c))
        if not any(is_number(c) for c in values) and (not label or _HEADER_WORDS.match(label)):
            continue  # an empty line, or a header line: not a row
        unit = printed or unit  # a unit spanned over several rows is written once
        if not label:
            lost += 1
            body.append(("", "", [None] * width))
            continue
        body.append((label, unit, values))
    if len(body) - lost < 3 or not any(is_number(c) for _, _, v in body for c in v):
        return None
    headed = any(c and _UNIT_HEADER.match(re.sub(r"\s+", "", c)) for line in grid for c in line)
    if not headed and not any(w in label for label, _, _ in body for w in _OLD_WORDS):
        return None  # units beside figures, but no 单位 header and none of the reports' words
    if width == 2 and not _cumulative_last(body):
        body = [(label, unit, [None, None]) for label, unit, _ in body]
    named = _caption_year(caption)
    year = header_year or (named if named != "本年度" else _caption_year(title))
    head = _old_header(grid, unit_col, width) or ("指标名称", "计量单位", year) + (("历年累计",) if width == 2 else ())
    # a row without its label is kept as an unknown row ("?") so that the rows after it are not
    # nested under a wrong parent; its figures have no meaning and are unreadable
    rows = [(label, unit, *values) if label else (None, None) + (None,) * width for label, unit, values in body]
    unreadable = sum(1 for r in rows for c in r[2:] if c is None)
    return Fit(OLD, (head,) + tuple(rows), sum(len(r) - 2 for r in rows) - unreadable, unreadable)


_UNIT_HEADER = re.compile(r"^(?:计量)?单位$")
_GENERIC = re.compile(r"^(?:数据|列|col(?:umn)?)\s*\d+$", re.IGNORECASE)


def _old_header(grid: Sequence[Sequence[Cell]], unit_col: int, width: int) -> Optional[tuple[str, ...]]:
    """The printed header row (``指标 | 单位 | 数量``) when it names every column and agrees with
    the fit (a 历年累计 column last); None when it is lost, generic (数据1) or disagrees."""
    for line in grid:
        cells = [re.sub(r"\s+", "", c or "") for c in line]
        if len(cells) != unit_col + 1 + width or not _UNIT_HEADER.match(cells[unit_col]):
            continue
        values = cells[unit_col + 1:]
        if not all(values) or any(_GENERIC.match(v) for v in values) or any(is_value(v) for v in values):
            return None
        if width == 2 and "累计" in values[0]:
            return None
        label = "".join(dict.fromkeys(c for c in cells[:unit_col] if c)) or "指标名称"
        return (label, cells[unit_col], *values)
    return None


_HEADER_WORDS = re.compile(r"^(?:指标(?:名称)?|项目(?:名称)?|名称|内容|类别)$")


def _value_width(grid: Sequence[Sequence[Cell]], unit_col: int) -> int:
    """How many value columns follow the unit column: up to the last one any row fills."""
    last = unit_col
    for line in grid:
        for i in range(len(line) - 1, unit_col, -1):
            if line[i] and line[i].strip():
                last = max(last, i)
                break
    return last - unit_col


def _unit_column(grid: Sequence[Sequence[Cell]]) -> Optional[int]:
    """The column headed 单位/计量单位, else the column of units (条, 件, 万元 …) in most rows
    that hold figures, if any (never the first)."""
    for line in grid:
        for i, cell in enumerate(line):
            if i and cell and _UNIT_HEADER.match(re.sub(r"\s+", "", cell)):
                return i
    counts: dict[int, int] = {}
    for line in grid:
        for i, cell in enumerate(line):
            if i and cell and cell.strip() in _UNITS:
                counts[i] = counts.get(i, 0) + 1
                break
    if not counts:
        return None
    column, hits = max(counts.items(), key=lambda item: item[1])
    return column if hits >= 2 else None


def _cumulative_last(body) -> bool:
    """Whether the second value column can be 历年累计: never below the year's figure."""
    for _, _, (year, total) in body:
        a, b = amount(year), amount(total)
        if a is not None and b is not None and b < a and (total or "").strip() not in EMPTY:
            return False
    return True


def _caption_year(caption: str) -> str:
    """The year column's label from the year a caption or title names: ``2016年度``, else ``本年度``."""
    match = re.search(r"((?:19|20)\d{2})\s*年", caption or "")
    return f"{match.group(1)}年度" if match else "本年度"
