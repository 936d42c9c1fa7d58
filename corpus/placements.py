"""Placing a rendering's rows of figures in a template by order and identities, never by guess.

A row of figures (``Row``: its label as printed, its value cells) may stand in any template slot
that keeps the template's ORDER; ``settle`` tries every such placement (a few slots may be left
empty: rows a rendering lost), keeps those that hold the template's IDENTITIES (signed sums of
rows that are 0 in every column), lets the row labels choose among them (never against them),
and gives a template cell a figure only when every kept placement agrees on it; any other cell
is ``None``, unreadable. ``corpus.fitting`` and ``corpus.old_tables`` use it for the national
tables and the old statistics tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations
from typing import Callable, Optional, Sequence

import numpy as np

from corpus.numbers import read_quantity
from corpus.template import core

Cell = Optional[str]
Grid = tuple[tuple[Cell, ...], ...]
OLD = "old"

EMPTY = {"", "-", "—", "——", "–", "－", "/", "／", "\\", "无", "空", "暂无", "…", "……", "*", "×"}
MAX_MISSING = 3  # rows a rendering may have lost and still be fitted


@dataclass(frozen=True)
class Row:
    """One row of a rendering that holds figures: its label as printed ("" when lost) and its
    value cells in order."""

    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Fit:
    """A table fitted to the template: the grid in the HTML reader's shape, how many of its
    template cells are proven, and how many are unreadable (``None``)."""

    kind: str
    grid: Grid
    proven: int
    unreadable: int


# ---------------------------------------------------------------- cells


def is_number(cell: Cell) -> bool:
    """A cell that holds a figure (not blank, not a dash, not a label)."""
    return cell is not None and cell.strip() not in EMPTY and read_quantity(cell.strip()) is not None


def is_value(cell: Cell) -> bool:
    """A figure, a blank or a dash (nothing reported), or a lost cell: anything but a label."""
    return cell is None or cell.strip() in EMPTY or is_number(cell)


def amount(cell: Cell) -> Optional[float]:
    """The cell's figure for an identity: blank and dashes count 0, a lost cell is unknown."""
    if cell is None:
        return None
    if cell.strip() in EMPTY:
        return 0.0
    quantity = read_quantity(cell.strip())
    return quantity.value if quantity is not None else None


def figure_rows(grid: Sequence[Sequence[Cell]], width: int,
                names_one_row: Optional[Callable[[str], bool]] = None) -> list[Row]:
    """The rows whose last ``width`` cells are values with at least one figure, in order; the
    cells before them (texts, spans' repeats kept once) are the row's label. A row of blanks
    only is one of them in a table that leaves zeros blank, when ``names_one_row`` says its
    label names exactly one template row; any other text row (a stray header line) never is.
    A row whose only blank is its last cell, in a table that prints its zeros, lost a cell and
    shifted the rest: its cells are unreadable. Blanks after ``width`` figures or more only pad the
    row to another table's width and are dropped first."""
    found: list[tuple[str, tuple[Cell, ...]]] = []
    for line in grid:
        cells = list(line)
        # blanks after a full row of figures pad it to a wider table's width (two tables of one page
        # joined: "| （七）总计 | 76 | … | 79 |  |"), they are no cells of it
        while cells and not (cells[-1] or "").strip() and sum(is_number(c) for c in cells[:-1]) >= width:
            cells.pop()
        if len(cells) < width:
            continue
        values = tuple(c.strip() if c is not None else None for c in cells[len(cells) - width:])
        if not all(is_value(c) for c in values):
            continue
        label: list[str] = []
        for cell in cells[:len(cells) - width]:
            text = re.sub(r"\s+", "", cell or "")
            if text and not is_value(text) and text not in label:
                label.append(text)
        found.append(("".join(label), values))
    # A row of figures whose only blank is its last cell is what a converter leaves when it lost
    # a cell and shifted the rest left, unless the table leaves zeros blank elsewhere too.
    shifted = [len(v) > 1 and v[-1] == "" and all(is_number(c) for c in v[:-1]) for _, v in found]
    blanks_for_zero = any(any(is_number(c) for c in v) and any(c == "" for c in v) and not s
                          for (_, v), s in zip(found, shifted))
    rows = []
    for (name, values), damaged in zip(found, shifted):
        if any(is_number(c) for c in values):
            rows.append(Row(name, (None,) * width if damaged and not blanks_for_zero else values))
        elif name and all(c is None for c in values):
            rows.append(Row(name, values))  # a row a reader could not read (its figures apart): its place
        elif blanks_for_zero and names_one_row is not None and name and names_one_row(name):
            rows.append(Row(name, values))  # blank rows count only in a table that leaves zeros blank
    return rows


def grid_words(grid: Sequence[Sequence[Cell]], caption: str = "") -> str:
    """Every label text of a grid (and its caption), cored, for recognising the table."""
    texts = [caption] + [c for row in grid for c in row if c and not is_value(c)]
    return "".join(core(t) for t in texts)


# ---------------------------------------------------------------- placements


def _placements(n: int, m: int) -> np.ndarray:
    """Every order-keeping placement of ``n`` rows into ``m`` template slots, as an array
    (placements × m) of the row index in each slot, -1 for a slot left empty. At most
    ``MAX_MISSING`` slots may be empty."""
    if not 0 <= m - n <= MAX_MISSING or n == 0:
        return np.zeros((0, m), dtype=int)
    chosen = np.array(list(combinations(range(m), n)), dtype=int).reshape(-1, n)
    slots = np.full((len(chosen), m), -1, dtype=int)
    slots[np.arange(len(chosen))[:, None], chosen] = np.arange(n)
    return slots


def _keeping(slots: np.ndarray, amounts: np.ndarray, order: Sequence[str], identities) -> np.ndarray:
    """Which placements keep every identity whose rows they all place, in every column whose
    cells are all readable (a lost cell leaves its column unchecked)."""
    ok = np.ones(len(slots), dtype=bool)
    where = {key: i for i, key in enumerate(order)}
    padded = np.vstack([amounts, np.zeros((1, amounts.shape[1]))])  # row -1: an empty slot
    for identity in identities:
        if not all(key in where for key, _ in identity):
            continue
        rows = slots[:, [where[key] for key, _ in identity]]
        signs = np.array([sign for _, sign in identity], dtype=float)
        sums = (padded[rows] * signs[None, :, None]).sum(axis=1)
        broken = np.nan_to_num(np.abs(sums), nan=0.0) > 0.005
        ok &= ~((rows >= 0).all(axis=1) & broken.any(axis=1))
    return ok


def settle(rows: Sequence[Row], orders: Sequence[tuple[Sequence[str], list]],
            compatible, strict: bool = False) -> Optional[dict[str, tuple[Cell, ...]]]:
    """The cells every surviving placement agrees on, per template key (None where they differ).

    ``orders``: the template orders the rows may follow, each with its identities. Kept, the
    first of these that is not empty: placements that keep an order and its identities and that
    no row label contradicts; placements of every template row that no label contradicts, when
    most rows carry a label (the figures break an identity: the report's own error); placements
    that keep the identities whatever the labels say (labels lost or misplaced: they never
    overrule the identities). Returns None when no placement is left; the key ``_variants``
    names the orders (by index) that kept a placement.

    ``strict`` (figures read by OCR, where a broken identity is a misread rather than the report's
    own error): the labels never place rows against the identities, and a column whose figures
    keep the identities in no placement is unreadable as a whole.
    """
    if not rows:
        return None
    width = len(rows[0].cells)
    amounts = np.array([[np.nan if (a := amount(c)) is None else a for c in row.cells] for row in rows])
    bad_columns: set[int] = set()
    if strict:
        for c in range(width):
            column = amounts[:, [c]]
            if not any(_keeping(slots, column, order, identities).any()
                       for order, identities in orders if len(slots := _placements(len(rows), len(order)))):
                bad_columns.add(c)
                amounts[:, c] = np.nan
    named = sum(1 for row in rows if row.label and not compatible(row.label, ""))
    tiers: list[list[tuple[int, np.ndarray]]] = [[], [], []]
    for index, (order, identities) in enumerate(orders):
        slots = _placements(len(rows), len(order))
        if not len(slots):
            continue
        fits = np.array([[not row.label or compatible(row.label, key) for key in order] for row in rows])
        placed = slots >= 0
        agrees = np.where(placed, fits[np.maximum(slots, 0), np.arange(len(order))[None, :]], True).all(axis=1)
        keeps = _keeping(slots, amounts, order, identities)
        tiers[0].append((index, slots[keeps & agrees]))
        if 2 * named >= len(rows) and not strict:
            tiers[1].append((index, slots[agrees & placed.all(axis=1)]))
        tiers[2].append((index, slots[keeps]))
    kept = next((tier for tier in ([(i, s) for i, s in t if len(s)] for t in tiers) if tier), None)
    if not kept:
        return None
    # each distinct cell text gets a number; -1 marks an empty slot
    texts: dict[Cell, int] = {}
    ids = np.array([[texts.setdefault(c, len(texts)) for c in row.cells] for row in rows] + [[-1] * width])
    by_text = {number: text for text, number in texts.items()}
    readings: dict[str, list[np.ndarray]] = {}
    for index, slots in kept:
        for position, key in enumerate(orders[index][0]):
            readings.setdefault(key, []).append(ids[slots[:, position]])
    agreed: dict[str, tuple[Cell, ...]] = {}
    for key in {key for order, _ in orders for key in order}:
        seen = np.vstack(readings[key]) if key in readings else np.full((1, width), -1)
        columns = []
        for c in range(width):
            values = np.unique(seen[:, c])
            columns.append(by_text[int(values[0])] if len(values) == 1 and values[0] >= 0
                           and c not in bad_columns else None)
        agreed[key] = tuple(columns)
    agreed["_variants"] = tuple(index for index, _ in kept)  # type: ignore[assignment]
    return agreed


