"""Raw table grids into ``Table`` records: header rows and columns found, every cell named.

A reader gives a rectangular grid with spans expanded (a spanning cell's text repeated in every
slot it covers). Here the grid is split into

* label columns (the leading columns that name a row: ``三、本年度办理结果 | （三）不予公开 |
  1.属于国家秘密``), whose texts become the row's header path, repeated span texts once;
* header rows (the leading rows that name a column: ``申请人情况 / 法人或其他组织 / 商业企业``),
  whose texts become the column's header path;
* data cells, kept as printed (``None`` where the format lost the cell).

A grid whose header restarts further down (the national 主动公开 table: one block per article
item, each with its own ``信息内容 | 本年制发件数 …`` row) becomes one ``Table`` per block.
Columns that a colspan repeated (same header, same text in every data row) are kept once.
The rows of the old appendix tables nest: ``其中:1.当面申请数`` is a part of the row above it,
``2.传真申请数`` its sibling, so their paths are ``受理申请总数 › 其中:1.当面申请数`` and so on.
A ``单位`` column stays a column here; ``facts`` reads it as the unit of the row's cells.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

from corpus.numbers import read_quantity
from corpus.records import RawTable, Table

Cell = Optional[str]

_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_SPACE_NOT_BETWEEN_LETTERS = re.compile(r"(?<![A-Za-z])\s+|\s+(?![A-Za-z])")
# Cells that hold a value although they are not a number: "nothing to report" marks.
_DASHES = {"-", "—", "——", "–", "－", "/", "／", "\\", "无", "空", "暂无", "…", "……", "*", "×"}
# Header words that name the label or unit column of a header row.
_HEADER_WORDS = re.compile(r"^(指标(名称)?|项目(名称)?|信息内容|类别|内容|名称|(计量)?单位|序号)$")
_UNIT_HEADER = re.compile(r"^(计量)?单位$")
_OF_WHICH = re.compile(r"^其中[:：,，、]?\s*")
_NUMBERING = (
    ("arabic", re.compile(r"^(\d{1,2})\s*[.．、。]")),
    ("paren", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]")),
    ("circled", re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩])")),
    ("cn", re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]")),
    ("cnparen", re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]")),
)
_CN_ORDINALS = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def clean_label(text: Optional[str]) -> str:
    """A header or heading text with layout spaces removed: '三、本 年 度办 理结果' -> '三、本年度办理结果'.

    Spaces between two Latin letters are kept (one space); every other run of whitespace,
    which in Chinese text only comes from wrapping and span layout, is removed.
    """
    if not text:
        return ""
    text = text.replace("\u3000", " ").replace("\xa0", " ").replace("\u200b", "")
    text = re.sub(r"(?<=[A-Za-z])\s+(?=[A-Za-z])", "\x00", text.strip())
    return _SPACE_NOT_BETWEEN_LETTERS.sub("", text).replace("\x00", " ")


# ---------------------------------------------------------------- cell kinds


def _kind(cell: Cell) -> str:
    """'lost' (None), 'blank', 'value' (a number or a dash), or 'text'."""
    if cell is None:
        return "lost"
    text = cell.strip().replace("\xa0", "")
    if not text:
        return "blank"
    if text in _DASHES or read_quantity(text) is not None:
        return "value"
    return "text"


def is_unit_header(label: str) -> bool:
    """True for the header of a unit column: 单位, 计量单位, '计量 单位'."""
    return bool(_UNIT_HEADER.match(clean_label(label)))


@dataclass
class _Block:
    """One header block of a grid: its header rows and the data rows below them."""

    header: list[int]
    data: list[int]


def _label_width(grid: Sequence[Sequence[Cell]], kinds: list[list[str]], unit_col: Optional[int]) -> int:
    """How many leading columns name the rows: the commonest count of leading text cells (blank ones
    among them count up to the last text cell: the column of a label merged down the rows of a table's
    continuation, "｜（四）无法提供｜1.本机关不掌握…｜88")."""
    counts: Counter[int] = Counter()
    for row, row_kinds in zip(grid, kinds):
        if "value" not in row_kinds and "lost" not in row_kinds:
            continue
        width = end = 0
        while end < len(row_kinds) and row_kinds[end] in ("text", "blank") and end != unit_col:
            end += 1
            if row_kinds[end - 1] == "text":
                width = end
        counts[width] += 1
    if not counts:
        return 1 if grid and len(grid[0]) > 1 else 0
    best = max(counts.values())
    return min(w for w, n in counts.items() if n == best)


def _find_unit_column(grid: Sequence[Sequence[Cell]]) -> Optional[int]:
    """The column headed 单位/计量单位 in one of the first rows, if any."""
    for row in grid[:3]:
        for c, cell in enumerate(row):
            if cell and is_unit_header(cell) and c > 0:
                return c
    # a piece of an old table cut off from its header (条 | 3, 人次 | 236): the column of unit words before the figures
    width = min((len(row) for row in grid), default=0)
    for c in range(1, width - 1):
        units = [(row[c] or "").strip() for row in grid]
        if sum(u in _UNIT_WORDS for u in units) >= max(2, len([u for u in units if u]) * 0.8) \
                and all(u in _UNIT_WORDS or not u for u in units) \
                and all(re.fullmatch(r"[\d.,，]+", (row[c + 1] or "").strip() or "0") for row in grid if row[c]):
            return c
    return None


_UNIT_WORDS = frozenset({"条", "件", "个", "项", "次", "人", "人次", "万元", "元", "篇", "期", "场", "份", "家", "%", "％",
                         "个/项", "项/次", "千元", "亿元"})


def _is_header_row(row: Sequence[Cell], row_kinds: list[str], label_width: int, unit_col: Optional[int]) -> bool:
    """A row that names columns: header words, or text (never a value) in the data columns."""
    if any(cell and _HEADER_WORDS.match(clean_label(cell)) for cell in row[: max(label_width, 1)]):
        return True
    if unit_col is not None and row[unit_col] and is_unit_header(row[unit_col]):
        return True
    data_kinds = [k for c, k in enumerate(row_kinds) if c >= label_width and c != unit_col]
    # a lost cell is a figure a reader could not split: that row holds data
    return "value" not in data_kinds and "lost" not in data_kinds and "text" in data_kinds


def _blocks(grid, kinds, label_width, unit_col) -> list[_Block]:
    """Split the rows into header blocks; fully blank rows are dropped."""
    blocks: list[_Block] = []
    for r, row in enumerate(grid):
        if all(k == "blank" for k in kinds[r]):
            continue
        if _is_header_row(row, kinds[r], label_width, unit_col):
            if not blocks or blocks[-1].data:
                blocks.append(_Block([], []))
            blocks[-1].header.append(r)
        else:
            if not blocks:
                blocks.append(_Block([], []))
            blocks[-1].data.append(r)
    return [b for b in blocks if b.data]


# ---------------------------------------------------------------- paths


def _path(texts: Sequence[Cell]) -> tuple[str, ...]:
    """Header texts to a path: blanks dropped, a span's repeated text kept once."""
    path: list[str] = []
    for text in texts:
        label = clean_label(text) if text is not None else "?"
        if label and (not path or path[-1] != label):
            path.append(label)
    return tuple(path)


def _numbering(label: str) -> tuple[Optional[str], Optional[int]]:
    """The numbering style and number a row label starts with: '2.传真申请数' -> ('arabic', 2)."""
    for style, pattern in _NUMBERING:
        match = pattern.match(label)
        if match:
            token = match.group(1)
            if style in ("cn", "cnparen"):
                number = _CN_ORDINALS.index(token[-1]) + 1 if len(token) == 1 else 10 + (
                    _CN_ORDINALS.index(token[-1]) + 1 if token[-1] != "十" else 0)
            elif style == "circled":
                number = _CIRCLED.index(token) + 1
            else:
                number = int(token)
            return style, number
    return None, None


def nest_rows(labels: Sequence[str]) -> list[tuple[str, ...]]:
    """Paths of single-label rows where ``其中`` opens a list of parts of the row above.

    ``['受理申请总数', '其中:1.当面申请数', '2.传真申请数', '对申请的答复总数']`` gives
    ``[('受理申请总数',), ('受理申请总数', '其中:1.当面申请数'), ('受理申请总数', '2.传真申请数'),
    ('对申请的答复总数',)]``. A part list continues while the numbering goes on in the same
    style with a higher number (1. 2. 3. or (1) (2)); a row outside every open list is a
    top-level row again.
    """
    groups: list[tuple[tuple[str, ...], Optional[str], Optional[int]]] = []
    paths: list[tuple[str, ...]] = []
    previous: tuple[str, ...] = ()
    for label in labels:
        opens = _OF_WHICH.match(label)
        style, number = _numbering(_OF_WHICH.sub("", label))
        if opens and previous:
            groups.append((previous, style, number))
            path = previous + (label,)
        else:
            path = (label,)
            for depth in range(len(groups) - 1, -1, -1):
                parent, g_style, g_number = groups[depth]
                if style is not None and style == g_style and g_number is not None and number > g_number:
                    del groups[depth + 1:]
                    groups[depth] = (parent, style, number)
                    path = parent + (label,)
                    break
            else:
                groups.clear()
                above = _numbering(_OF_WHICH.sub("", previous[-1]))[0] if previous else None
                if number == 1 and above not in (None, "cn") and _finer(style, above):
                    # "（三）从事…工作人员数" then "1.专职人员数", "2.兼职人员数": a finer numbering starting at 1
                    # lists the parts of the row above it, as 其中 does (not under a 一、 row: a heading's items)
                    groups.append((previous, style, number))
                    path = previous + (label,)
        paths.append(path)
        previous = path
    return paths


_COARSE_TO_FINE = ("cn", "cnparen", "arabic", "paren", "circled")


def _finer(style: Optional[str], than: Optional[str]) -> bool:
    """Whether a numbering style is finer than another (1. under （三）, (1) under 8.)."""
    return style is not None and than is not None and _COARSE_TO_FINE.index(style) > _COARSE_TO_FINE.index(than)


# ---------------------------------------------------------------- building


def _merge_spanned_columns(columns: list[tuple[str, ...]], cells: list[list[Cell]]) -> tuple[list[tuple[str, ...]], list[list[Cell]]]:
    """Keep once the adjacent columns a colspan repeated: same leaf header, same cells."""
    keep: list[int] = []
    for c in range(len(columns)):
        if keep:
            prev = keep[-1]
            same_leaf = columns[prev][-1:] == columns[c][-1:]
            same_cells = all(row[prev] == row[c] for row in cells)
            if columns[c] and same_leaf and same_cells:
                # A malformed header may give the two slots different parents: keep the parent
                # most other columns share (商业企业 sits under 法人或其他组织, not 自然人).
                parents = Counter(col[:-1] for col in columns)
                if parents[columns[c][:-1]] > parents[columns[prev][:-1]]:
                    columns[prev] = columns[c]
                continue
        keep.append(c)
    return [columns[c] for c in keep], [[row[c] for c in keep] for row in cells]


def read_tables(raw: RawTable, first_number: int, title: str, section: tuple[str, ...]) -> list[Table]:
    """Turn one raw grid into one or more ``Table``s (one per header block), ids t<first_number>….

    ``title`` names the table (a caption or the heading above it); a block that starts with a
    title row of its own (``第二十条第（一）项``) is titled by it. Returns [] for a grid with
    no data row.
    """
    # a figure in a malformed shape (12 34, 1.234,5, (12), 12-15) is an unreadable cell, not a header
    grid = [[None if c and cell and re.fullmatch(r"[\d\s.,，()（）\-–—~～/]*\d[\d\s.,，()（）\-–—~～/]*", cell.strip())
             and read_quantity(cell) is None else cell for c, cell in enumerate(row)] for row in raw.grid if row]
    if not grid:
        return []
    width = max(len(row) for row in grid)
    grid = without_row_numbers(_upright([row + [""] * (width - len(row)) for row in grid]))
    width = max(len(row) for row in grid)
    kinds = [[_kind(cell) for cell in row] for row in grid]
    unit_col = _find_unit_column(grid)
    label_width = _label_width(grid, kinds, unit_col)
    tables: list[Table] = []
    for block in _blocks(grid, kinds, label_width, unit_col):
        data_cols = [c for c in range(label_width, width)]
        header_rows = [grid[r] for r in block.header]
        columns = [_path([row[c] for row in header_rows]) for c in data_cols]
        block_title = _block_title(header_rows)
        # A header path repeats the block's title row: drop it from the column paths.
        if block_title:
            columns = [col[1:] if col[:1] == (block_title,) else col for col in columns]
        cells = [[grid[r][c] for c in data_cols] for r in block.data]
        if unit_col is not None and unit_col >= label_width and not columns[unit_col - label_width]:
            columns[unit_col - label_width] = ("单位",)  # (a piece of a table cut off from its header row)
        columns, cells = _merge_spanned_columns(columns, cells)
        label_paths = [_path(grid[r][:label_width]) for r in block.data]
        if label_width:
            # a row whose label was lost is an unknown row "?": its parts are nobody else's
            label_paths = [p or ("?",) for p in label_paths]
        if label_width == 1:
            label_paths = nest_rows([p[0] for p in label_paths])
            label_paths = [tuple(x for x in p if x) for p in label_paths]
        tables.append(Table(
            id=f"t{first_number + len(tables)}",
            title=block_title or title,
            section=section,
            rows=tuple(label_paths),
            columns=tuple(columns),
            cells=tuple(tuple(_tidy_cell(cell) for cell in row) for row in cells),
            where=raw.where,
        ))
    return tables


_ROW_NUMBER_HEADER = re.compile(r"^\s*(?:序号|编号|序|No\.?|NO\.?|#)\s*$")


def without_row_numbers(grid: list[list[Cell]]) -> list[list[Cell]]:
    """The grid without a first column that only numbers the rows (序号 1, 2, 3 … beside the row labels), which
    no template has and which would otherwise be read as the labels, the labels as data. Table 二 cut into
    blocks, each with its 序号 header and its caption row across, may number its rows on from block to
    block (1, 2 | 3 | 4, 5): the caption rows (one text across) keep their text."""
    if not grid or min(len(row) for row in grid) < 3:
        return grid
    first = [(row[0] or "").strip() for row in grid]
    numbered = [k for k, cell in enumerate(first) if re.fullmatch(r"\d{1,3}", cell)]
    if not numbered:
        return grid
    labelled = all(grid[k][1] and not re.fullmatch(r"[\d\s.,]+", grid[k][1]) for k in numbered)
    values = [int(first[k]) for k in numbered]
    if len(numbered) >= 3 and values == list(range(1, len(numbered) + 1)) and labelled and all(
            _ROW_NUMBER_HEADER.match(first[k]) or not first[k] for k in range(numbered[0])):
        return [row[1:] for row in grid]
    across = [k for k, row in enumerate(grid) if len({(c or "").strip() for c in row}) == 1]  # a caption row
    said = [k for k, cell in enumerate(first) if _ROW_NUMBER_HEADER.match(cell)]
    rest = set(range(len(grid))) - set(numbered) - set(across) - set(said)
    if said and not rest and labelled and values == list(range(values[0], values[0] + len(values))):
        return [row if k in across else row[1:] for k, row in enumerate(grid)]
    return grid


_APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构")
_RESULT_WORDS = ("本年新收", "办理结果", "予以公开")


def _upright(grid: list[list[Cell]]) -> list[list[Cell]]:
    """The requests table as the national template prints it, when a page printed it turned
    (applicants down the side, 本年新收/办理结果 across the top): rows and columns swapped back."""
    def leading(row: list[Cell]) -> list[str]:
        out = []
        for cell in row:
            if cell and read_quantity(cell) is not None:
                break
            out.append(cell or "")
        return out

    numeric = [row for row in grid if any(cell and read_quantity(cell) is not None for cell in row)]
    side = " ".join(c for row in numeric for c in leading(row))
    top = " ".join(cell or "" for row in grid if row not in numeric for cell in row)
    if sum(1 for w in _APPLICANTS if w in side) >= 4 and all(w in top for w in _RESULT_WORDS) \
            and not any(w in side for w in _RESULT_WORDS[:2]):
        return [list(column) for column in zip(*grid)]
    return grid


def _block_title(header_rows: list[list[Cell]]) -> str:
    """The text of a header row that is one text across the width (a block title such as
    ``第二十条第（一）项``): spanned over every slot, or alone in the first one."""
    for row in header_rows:
        texts = {clean_label(cell) for cell in row if cell and cell.strip()}
        if len(texts) != 1 or len(row) < 2 or "勾稽" in next(iter(texts)):
            continue
        if all(cell and cell.strip() for cell in row) or (row[0] and row[0].strip()):
            return texts.pop()
    return ""


def _tidy_cell(cell: Cell) -> Cell:
    """A data cell as printed, with the page's non-breaking spaces and padding removed."""
    if cell is None:
        return None
    return cell.replace("\xa0", " ").replace("\u200b", "").strip()


def unit_column(table: Table) -> Optional[int]:
    """Index of the data column that states each row's unit (单位/计量单位), if the table has one."""
    for c, column in enumerate(table.columns):
        if column and is_unit_header(column[-1]):
            return c
    return None
