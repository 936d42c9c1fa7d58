"""Markdown pipe tables as PDF-to-Markdown converters write them, read as the tables they were.

A converter writes one pipe table per page and per layout block, so one printed table may come
as several: cut at a page break (the header printed again, or not), the 上年结转 / 结转下年度 rows
in a table of their own. Header rows come repeated, above the wrong rows, or as ``数据1…数据6``;
rows lose their labels. Here the pieces of one table are joined again, and each joined table is
fitted to the template it holds (``corpus.fitting``): its figures are placed by order and by the
table's identities, not by the words a converter put around them. A table that is none of the
template's keeps its grid, with header rows printed again inside it taken out.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional, Sequence
from unicodedata import east_asian_width

from corpus.fitting import figure_rows, fit_table, grid_words, is_value, table_kind_of
from corpus.records import Block, Line, RawTable
from corpus.template import PROACTIVE

_RULE = re.compile(r":?-{3,}:?")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)  # a line break inside a cell (a wrapped label)
_CARRIED = ("上年结转", "结转下年", "下年度继续")


def pipe_row(line: str) -> Optional[list[str]]:
    """The cells of a Markdown table row ``| a | b |`` (the ``|---|`` rule included), else None;
    ``<br>`` inside a cell (a label wrapped over lines) is taken out."""
    s = line.strip()
    if s.count("|") < 3 or not (s.startswith("|") and s.endswith("|")):
        return None
    return [_BREAK.sub("", c).strip() for c in s[1:-1].split("|")]


def is_rule(cells: Sequence[str]) -> bool:
    """The ``|---|:---:|`` line under a Markdown header row."""
    return all(_RULE.fullmatch(c.replace(" ", "")) for c in cells)


def pipe_table(rows: Sequence[Sequence[str]]) -> Optional[RawTable]:
    """The rectangular grid of a run of pipe rows (rule lines and empty last columns dropped),
    or None if it has none."""
    cells = [list(r) for r in rows if not is_rule(r)]
    width = max((len(r) for r in cells), default=0)
    if not cells:
        return None
    grid = [r + [""] * (width - len(r)) for r in cells]
    while width > 1 and not any(r[width - 1] for r in grid):
        width -= 1  # an empty last column a converter added
    return RawTable(grid=tuple(tuple(r[:width]) for r in grid))


# a grid table's border line (pandoc, reStructuredText): +----+----+, +====+ under the header
GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")


# tables drawn with box-drawing characters (┌─┬─┐ │ ├─┼─┤ └─┴─┘, and their heavy and double forms):
# the same drawing as a grid table, in other characters
_BOX = {**{ch: "-" for ch in "─━═┄┅┈┉╌╍"}, **{ch: "|" for ch in "│┃║┆┇┊┋╎╏"}}
_BOX_TABLE = str.maketrans({chr(c): _BOX.get(chr(c), "+") for c in range(0x2500, 0x2580)})
BOX_TOP = re.compile(r"^\s*[┌┏╔╒╓┍┎]")




def as_grid(line: str, wide: bool = False) -> str:
    """A line of a box-drawn table in grid-table characters (+, -, |); other lines as they are. ``wide``:
    the drawing's box characters are two columns wide, as a Chinese font sets them (a GBK text's table)."""
    if not re.search(r"[\u2500-\u257f]", line):
        return line
    if not wide:
        return line.translate(_BOX_TABLE)
    # each box character two columns: a rule's second column goes on with the rule, a bar's or a
    # junction's is blank before a cell's text; the last one ends the line
    drawn, out = line.rstrip(), []
    for k, ch in enumerate(drawn):
        narrow = ch.translate(_BOX_TABLE)
        if narrow == ch or k == len(drawn) - 1:
            out.append(narrow)
        elif narrow == "-":
            out.append("--")
        else:
            after = drawn[k + 1].translate(_BOX_TABLE)
            out.append(narrow + ("-" if narrow == "+" and after in "-+" and after != drawn[k + 1] else " "))
    return "".join(out)


# any border line, the top one or one inside the table broken where a cell spans the rows above and below it
_BORDER = re.compile(r"^\+[-=:+| ]*[+|]$")


def is_grid_line(line: str) -> bool:
    """A line of a grid table: a border, or a row of cells between | marks."""
    s = line.strip()
    return bool(_BORDER.match(s)) or (s.startswith("|") and (s.endswith("|") or s.endswith("+")))


def grid_table(lines: Sequence[str], wide: bool = False) -> Optional[RawTable]:
    """A grid table (pandoc's ``grid_tables``, reStructuredText's), read with docutils' parser:
    a cell spanning rows or columns repeats its text in every slot it covers; a label wrapped over
    lines inside its cell is one label again. None when the lines are not a well-formed grid.
    ``wide``: drawn in a Chinese font, where the characters of ambiguous width (“ ” … —) are wide too."""
    from docutils.parsers.rst.tableparser import GridTableParser, TableMarkupError
    from docutils.statemachine import StringList

    block = [ln.strip() for ln in lines]
    if wide:
        block = ["".join(ch + "\x00" if east_asian_width(ch) == "A" else ch for ch in ln) for ln in block]
    block = [ln.replace(":", "=" if "=" in ln else "-") if _BORDER.match(ln) else ln for ln in block]
    lines_ = StringList(block)
    lines_.pad_double_width("\x00")  # a Chinese character fills two columns of the drawing
    try:
        widths, head, body = GridTableParser().parse(lines_)
    except (TableMarkupError, IndexError, ValueError):
        return None
    rows = list(head) + list(body)
    grid: list[list[Optional[str]]] = [[None] * len(widths) for _ in rows]
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while c < len(widths) and grid[r][c] is not None:
                c += 1  # a slot a cell above already spans
            if cell is None or c >= len(widths):
                continue
            more_rows, more_cols, _, text = cell
            joined = _joined_lines([t for t in (t.replace("\x00", "").strip() for t in text) if t])
            for dr in range(more_rows + 1):
                for dc in range(more_cols + 1):
                    if r + dr < len(grid) and c + dc < len(widths):
                        grid[r + dr][c + dc] = joined
            c += more_cols + 1
    if not grid:
        return None
    return RawTable(grid=tuple(tuple(x if x is not None else "" for x in row) for row in grid))


def _joined_lines(parts: Sequence[str]) -> str:
    """A cell's lines as one text: run together between Chinese characters ("三、本" "年度办" "理结果"),
    with a space between words of other scripts."""
    out = ""
    for part in parts:
        if out and not (re.match(r"[\u3000-\u9fff\uff00-\uffef]", part[0]) or re.search(r"[\u3000-\u9fff\uff00-\uffef]$", out)):
            out += " "
        out += part
    return out


def _is_carried_table(grid: Sequence[Sequence[Optional[str]]]) -> bool:
    """A small table of only the carried-over requests (上年结转 / 结转下年度)."""
    rows = figure_rows(grid, 7)
    words = grid_words(grid)
    return 1 <= len(rows) <= 2 and any(w in words for w in _CARRIED) and "予以公开" not in words


def _joins(first: RawTable, second: RawTable) -> bool:
    """Whether ``second`` continues ``first`` (nothing but page furniture between them): the same
    width, the carried-over rows apart, or pieces of the same national table."""
    if len(first.grid[0]) == len(second.grid[0]):
        return True
    if _is_carried_table(first.grid) or _is_carried_table(second.grid):
        return True
    kind = table_kind_of(first.grid, first.caption)
    return kind is not None and kind == table_kind_of(second.grid)


def _join(first: RawTable, second: RawTable) -> RawTable:
    """One grid of both tables; the narrower one's rows padded on the label side (after the
    label for table 二, whose one-figure rows are narrower: ``行政许可 | 4529``)."""
    width = max(len(first.grid[0]), len(second.grid[0]))
    right = table_kind_of(first.grid, first.caption) == PROACTIVE
    pad = lambda rows: tuple(tuple(r) + ("",) * (width - len(r)) if right  # noqa: E731
                             else ("",) * (width - len(r)) + tuple(r) for r in rows)
    return replace(first, grid=pad(first.grid) + pad(second.grid), caption=first.caption or second.caption)


_ITEM_CAPTION = re.compile(r"^(?:#+\s*)?第[一二三四五六七八九十\d]+条第[（(][一二三四五六七八九十\d]+[)）]项$|^$")


_MARKUP_ONLY = re.compile(r"^(?:<[^<>]+>\s*)+$")


def opening_text(title: str, blocks: Sequence[Block]) -> str:
    """The report's title and its first lines: where ``settle_tables`` looks for the year an old
    statistics table's year column names."""
    return " ".join([title] + [b.text[:80] for b in blocks if isinstance(b, Line)][:4])


def settle_tables(blocks: Sequence[Block], markdown: set[int], title: str = "") -> list[Block]:
    """Join the Markdown tables (``blocks[i]`` for ``i`` in ``markdown``) that continue each other,
    then fit each joined table to the template it holds. ``title``: the report's title or its
    opening lines, for the year an old statistics table's year column names."""
    joined: list[Block] = []
    is_md: list[bool] = []
    for i, block in enumerate(blocks):
        if i in markdown and joined:
            # Table 二 printed as one small table per article item, each under its own caption
            # (第二十条第（五）项): the pieces of one table, the captions between them not prose.
            # A converter's page anchor between two pieces of one table (<span id="page-4-0"></span>)
            # is not prose either.
            k, captions = len(joined), False
            while k > 0 and isinstance(joined[k - 1], Line):
                text = joined[k - 1].text.strip()
                if _ITEM_CAPTION.match(text):
                    captions = captions or bool(text)
                elif not _MARKUP_ONLY.match(text):
                    break
                k -= 1
            if k < len(joined) and k > 0 and is_md[k - 1] and isinstance(joined[k - 1], RawTable) \
                    and (not captions or table_kind_of(joined[k - 1].grid, joined[k - 1].caption) == PROACTIVE) \
                    and _joins(joined[k - 1], block):  # type: ignore[arg-type]
                del joined[k:], is_md[k:]
        if i in markdown and joined and is_md[-1] and isinstance(joined[-1], RawTable) \
                and _joins(joined[-1], block):  # type: ignore[arg-type]
            joined[-1] = _join(joined[-1], block)  # type: ignore[arg-type]
            continue
        joined.append(block)
        is_md.append(i in markdown)
    year = template_year([b for b, md in zip(joined, is_md) if md and isinstance(b, RawTable)], title)
    return [fitted(b, title, year) if md and isinstance(b, RawTable) else b for b, md in zip(joined, is_md)]


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_WORDS_2019 = ("新制作", "对外公开总", "上一年项目", "对外管理服务", "集中采购")
_WORDS_2021 = ("制发件数", "废止件数", "现行有效", "不补正", "缴纳费用", "收费通知")


def template_year(tables: Sequence[RawTable], title: str) -> Optional[int]:
    """A year that tells the template variant of a report's tables (2019-2020 or 2021 on): the
    variant's own words in any of its tables (2020 or 2021), else the year the title names."""
    words = "".join(grid_words(t.grid) for t in tables)
    in_2019, in_2021 = any(w in words for w in _WORDS_2019), any(w in words for w in _WORDS_2021)
    if in_2019 != in_2021:
        return 2020 if in_2019 else 2021
    match = _YEAR.search(title or "")
    return int(match.group(1)) if match else None


def fitted(table: RawTable, title: str = "", year: Optional[int] = None) -> RawTable:
    """A table from any rendering (Markdown, an OCR grid, broken HTML) fitted to the template it
    holds (``corpus.fitting.fit_table``), else its grid without header rows printed again.
    ``title``: the report's title or opening; ``year``: the template year when known."""
    fit = fit_table(table.grid, table.caption, year, title)
    if fit is not None:
        return replace(table, grid=fit.grid)
    return replace(table, grid=_without_repeated_headers(table.grid))


def _without_repeated_headers(grid: Sequence[Sequence[Optional[str]]]) -> tuple[tuple[Optional[str], ...], ...]:
    """The grid without later copies of its leading header rows (a page break printed them again)."""
    head = []
    for row in grid:
        if any(c and not is_value(c) for c in row) and all(is_value(c) is False or not c for c in row):
            head.append(tuple(row))
        else:
            break
    out = list(grid[:len(head)])
    out += [tuple(row) for row in grid[len(head):] if tuple(row) not in head]
    return tuple(tuple(r) for r in out)
