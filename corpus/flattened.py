"""Flattened tables: a table's cells as a sequence of tokens, rebuilt into a grid.

A text report writes a table one cell a line (``cell |``, an empty cell a lone ``|``); a
crawler's one-line body writes it as labels and runs of figures (``corpus.embedded`` cuts those
into tokens). Either way the three national tables (二 proactive, 三 requests, 四 review) come out
as ``RawTable`` grids shaped like the HTML reader's grid of the same table (rowspan/colspan
expanded by repeating the spanning text), so the table builder sees one shape whatever the
format. Runs of figures are split by ``corpus.runs``: only where exactly one reading is possible,
else the cells are ``None``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from corpus.records import RawTable
from corpus.runs import Cell, provable_rows, split_run

Grid = tuple[tuple[Cell, ...], ...]

_VALUE = re.compile(r"[-+−]?\d[\d,，]*(?:\.\d+)?\s*(?:%|％|万元|亿元|元|万|亿|件|条|个|人次|人|次|项)?")


def is_value(cell: Cell) -> bool:
    """Whether a cell holds a figure or is blank / a dash, as opposed to a label."""
    if cell is None:
        return True
    s = cell.strip()
    return s in ("", "-", "—", "–", "－", "/", "／") or bool(_VALUE.fullmatch(s))


def compact(text: str) -> str:
    """The text with every run of whitespace removed (layout spaces in Chinese labels)."""
    return re.sub(r"\s+", "", text)


@dataclass
class Token:
    """A piece of table text: a ``label``, one ``cell`` of a flattened table, or a ``run`` of
    figures that ran together (split later, when the row width is known)."""

    kind: str
    text: str


def flattened_table(cells: list[str]) -> RawTable:
    """Rebuild a flattened table (one cell a line) into a grid.

    The width comes from the national template when the cells are one of its tables, else from
    the header: the smallest width at which every row reads as a label followed by values.
    """
    tokens = [Token("cell" if is_value(c) else "label", c) for c in cells]
    for build in (proactive_grid, requests_grid, review_grid):
        grid = build(tokens)
        if grid:
            return RawTable(grid=grid)
    n = len(cells)
    for width in range(2, n // 2 + 1):
        rows = [cells[i:i + width] for i in range(0, n, width)]
        if (n % width == 0 and any(rows[0]) and not any(c and is_value(c) for c in rows[0])
                and all(r[0] and not is_value(r[0]) and is_value(r[-1]) for r in rows[1:])):
            return RawTable(grid=tuple(tuple(r) for r in rows))
    return RawTable(grid=tuple((c,) for c in cells))


def _candidates(tokens: list[Token], i: int, k: int, group: Optional[int]) -> tuple[list[list[str]], int]:
    """The readings of the next ``k`` cells: the cells as printed, or the splits of a run."""
    if tokens[i].kind == "run":
        return split_run(tokens[i].text, k, group), i + 1
    cells = [t.text.strip() for t in tokens[i:i + k]]
    return [cells + [None] * (k - len(cells))], i + k


def _take(tokens: list[Token], i: int, k: int, group: Optional[int]) -> tuple[list[Cell], int]:
    readings, i = _candidates(tokens, i, k, group)
    return (list(readings[0]) if len(readings) == 1 else [None] * k), i


_ITEM = re.compile(r"^第[一二三四五六七八九十]+条第[（(][一二三四五六七八九十]+[）)]项$")


def _is_item(token: Token) -> bool:
    return token.kind == "label" and bool(_ITEM.match(compact(token.text)))


def proactive_grid(tokens: list[Token]) -> Optional[Grid]:
    """Table 二 in the HTML's shape: 1 + 3 columns; each item gives an item row (its text in every
    column), a header row (信息内容, column names) and its data rows; a row with fewer cells
    repeats its last one, as the HTML's colspan does."""
    if not tokens or not _is_item(tokens[0]):
        return None
    blocks: list[tuple[str, list[str], list[list[Cell]]]] = []
    i = 0
    while i < len(tokens):
        if not _is_item(tokens[i]):
            return None
        item, i = tokens[i].text.strip(), i + 1
        head: list[str] = []
        while i < len(tokens) and tokens[i].kind == "label" and not _is_item(tokens[i]):
            head.append(tokens[i].text.strip())
            i += 1
        if len(head) < 2 or i >= len(tokens):
            return None
        label = head.pop()  # the label right before the first figures names the first row
        k = len(head) - 1 if head[0] == "信息内容" else len(head)
        rows = []
        while True:
            cells, i = _take(tokens, i, max(k, 1), group=None)
            rows.append([label] + cells)
            if i >= len(tokens) or tokens[i].kind != "label" or _is_item(tokens[i]):
                break
            label, i = tokens[i].text.strip(), i + 1
            if i >= len(tokens) or tokens[i].kind == "label":
                return None
        blocks.append((item, head, rows))
    width = max(len(r) for _, head, rows in blocks for r in rows + [head])
    grid: list[tuple[Cell, ...]] = []
    for item, head, rows in blocks:
        grid.append((item,) * width)
        grid.extend(tuple(r) + (r[-1],) * (width - len(r)) for r in [head] + rows)
    return tuple(grid)


_L1 = re.compile(r"^[一二三四五六七八九十]+、")
_L2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
REQUEST_SUBS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


def requests_grid(tokens: list[Token]) -> Optional[Grid]:
    """Table 三 in the HTML's shape: 3 header rows and 3 label columns, then 自然人, the
    法人或其他组织 kinds and 总计; a row label with fewer levels repeats itself to fill the three
    label columns (rowspan/colspan); the corner cell (本列数据的勾稽关系…) fills the header's."""
    head_end = next((n for n, t in enumerate(tokens) if t.kind == "label" and _L1.match(t.text.strip())), None)
    head = [t.text.strip() for t in tokens[:head_end or 0] if t.kind == "label"]
    squeezed = [compact(h) for h in head]
    if head_end is None or "申请人情况" not in squeezed or "自然人" not in squeezed:
        return None
    corner = next((h for h in head if compact(h).startswith(("（本列", "(本列"))), "")
    subs = tuple(h for h, c in zip(head, squeezed) if c in REQUEST_SUBS) or REQUEST_SUBS
    orgs = next((h for h, c in zip(head, squeezed) if c.startswith("法人")), "法人或其他组织")
    width = len(subs) + 2
    grid: list[tuple[Cell, ...]] = [
        (corner,) * 3 + ("申请人情况",) * width,
        (corner,) * 3 + ("自然人",) + (orgs,) * len(subs) + ("总计",),
        (corner,) * 3 + ("自然人",) + subs + ("总计",),
    ]
    names: list[tuple[str, str, str]] = []
    readings: list[list[list[str]]] = []
    level1 = level2 = ""
    i = head_end
    while i < len(tokens):
        if tokens[i].kind != "label":
            return None
        label, i = tokens[i].text.strip(), i + 1
        if _L1.match(label):
            level1, level2 = label, ""
            row = (label, label, label)
        elif _L2.match(label):
            level2 = label
            row = (level1 or label, label, label)
        else:
            row = (level1 or level2 or label, level2 or label, label)
        if i < len(tokens) and tokens[i].kind != "label":
            found, i = _candidates(tokens, i, width, group=width)
            names.append(row)
            readings.append(found)
    if not names:
        return None
    cells = provable_rows(readings, _request_identities(names), width)
    return tuple(grid + [row + tuple(c) for row, c in zip(names, cells)])


def _request_identities(names: list[tuple[str, str, str]]) -> list[list[tuple[int, int]]]:
    """The requests table's own sums, per column: 一 + 二 = （七）总计 + 四, and the results
    （一）…（六） (with their numbered parts) add up to （七）总计."""
    where: dict[str, int] = {}
    results = []
    for n, (l1, l2, _) in enumerate(names):
        if not l1.startswith("三、"):
            where.setdefault(l1[:2], n)
        elif "总计" in l2:
            where.setdefault("total", n)
        else:
            results.append(n)
    out = []
    if all(k in where for k in ("一、", "二、", "total", "四、")):
        out.append([(where["一、"], 1), (where["二、"], 1), (where["total"], -1), (where["四、"], -1)])
    if "total" in where and results:
        out.append([(n, 1) for n in results] + [(where["total"], -1)])
    return out


REVIEW_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def review_grid(tokens: list[Token]) -> Optional[Grid]:
    """Table 四 in the HTML's shape: 15 columns; row 1 行政复议 ×5 + 行政诉讼 ×10, row 2 the five
    result names then 未经复议直接起诉 ×5 and 复议后起诉 ×5, row 3 the five names three times,
    then the figures (each group of five: four parts and their 总计)."""
    values = next((n for n, t in enumerate(tokens) if t.kind != "label"), None)
    labels = [compact(t.text) for t in tokens[:values]]
    if values is None or not labels or labels[0] != "行政复议" or "行政诉讼" not in labels:
        return None
    direct = next((t for t in labels if "直接起诉" in t), "未经复议直接起诉")
    after = next((t for t in labels if t.endswith("复议后起诉")), "复议后起诉")
    grid: list[tuple[Cell, ...]] = [
        ("行政复议",) * 5 + ("行政诉讼",) * 10,
        REVIEW_COLUMNS + (direct,) * 5 + (after,) * 5,
        REVIEW_COLUMNS * 3,
    ]
    i = values
    while i < len(tokens):
        if tokens[i].kind == "label":
            return None
        cells, i = _take(tokens, i, 15, group=5)
        grid.append(tuple(cells))
    return tuple(grid)

