"""Markdown renderings of real reports, as PDF-to-Markdown converters write them, with seeded defects.

``render_markdown(doc, seed)`` turns a read ``Document`` (an HTML or PDF report) into Markdown:
prose hard-wrapped every 25–35 characters (paragraphs apart or not by a blank line) with page
numbers and a running header inside the text, and every table a pipe table with the converters' defects, chosen per table by the seed:

* ``spans_once``: a spanned cell written once, the slots it covered left empty;
* ``generic_header``: the header rows replaced by one row ``数据1 … 数据N``;
* ``repeated_header``: the header rows printed again in the middle (a page break);
* ``split``: the table cut in two pipe tables with a page footer between them;
* ``lost_labels``: some rows' label cells emptied;
* ``misplaced_header``: the header rows printed below the first data rows;
* ``carried_apart``: the requests table's 上年结转 / 结转下年度 rows in a table of their own.

``compare_facts`` scores a rendering's facts against the original's: right, wrong, missing.
Used by tests/test_markdown.py and the before/after measurement; never by the product.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Optional, Sequence

DEFECTS = ("spans_once", "generic_header", "repeated_header", "split", "lost_labels",
           "misplaced_header", "carried_apart")


def _wrap(text: str, rng: random.Random) -> list[str]:
    out, pos = [], 0
    while pos < len(text):
        width = rng.randint(25, 35)
        out.append(text[pos:pos + width])
        pos += width
    return out


def _is_value(cell: Optional[str]) -> bool:
    from corpus.numbers import read_quantity

    return cell is not None and (cell.strip() in ("", "-", "—", "/") or read_quantity(cell) is not None)


def _split_header(grid: Sequence[Sequence[Optional[str]]]) -> tuple[list[list[str]], list[list[str]]]:
    """Leading rows without a figure are the header; the rest the body."""
    rows = [[c or "" for c in row] for row in grid]
    n = 0
    while n < len(rows) and not any(_is_value(c) and c.strip() not in ("", "-", "—", "/") for c in rows[n]):
        n += 1
    return rows[:n], rows[n:]


def _label_width(body: list[list[str]]) -> int:
    widths = []
    for row in body:
        w = 0
        while w < len(row) and not _is_value(row[w]):
            w += 1
        widths.append(w)
    return min(widths) if widths else 0


def _pipe(rows: list[list[str]]) -> list[str]:
    if not rows:
        return []
    width = max(len(r) for r in rows)
    lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
    return lines[:1] + ["|" + "---|" * width] + lines[1:]


def _spans_once(rows: list[list[str]]) -> list[list[str]]:
    out = []
    for row in rows:
        new = [row[0]] + ["" if c == p and c else c for p, c in zip(row, row[1:])]
        out.append(new)
    return out


@dataclass
class _Page:
    """Page furniture: a page number and a running header every so many lines."""

    title: str
    every: int
    count: int = 0
    page: int = 1

    def lines(self) -> list[str]:
        self.count += 1
        if self.count % self.every:
            return []
        self.page += 1
        return ["", f"- {self.page - 1} -", "", self.title, ""]


def _table_lines(grid, rng: random.Random, defects: set[str], page: _Page) -> list[str]:
    header, body = _split_header(grid)
    if not body:
        return _pipe([[c or "" for c in r] for r in grid])
    label_w = _label_width(body)
    width = len(body[0])
    if "spans_once" in defects:
        leaf = header[-1] if header else [""] * width
        spanned = [c for c in range(label_w + 1, width) if leaf[c] and leaf[c] == leaf[c - 1]]
        for row in body:
            for c in reversed(spanned):
                if row[c] == row[c - 1]:
                    row[c] = ""
        header = _spans_once(header)
        body = [(_spans_once([r[:label_w]])[0] if label_w else []) + r[label_w:] for r in body]
    if "lost_labels" in defects:
        for row in body:
            if rng.random() < 0.25:
                row[:label_w] = [""] * label_w
    if "generic_header" in defects or not header:
        header = [[""] * label_w + [f"数据{k + 1}" for k in range(width - label_w)]]
    carried: list[list[str]] = []
    if "carried_apart" in defects:
        keep = []
        for row in body:
            text = "".join(row[:label_w])
            (carried if ("上年结转" in text or "结转下年" in text) else keep).append(row)
        body = keep if carried else body
    pieces: list[list[list[str]]] = [header + body]
    if "misplaced_header" in defects and len(body) > 3:
        k = rng.randint(1, min(3, len(body) - 1))
        pieces = [body[:k] + header + body[k:]]
    if "repeated_header" in defects and len(body) > 4:
        k = rng.randint(2, len(body) - 2)
        rows = pieces[0]
        at = len(rows) - len(body) + k if "misplaced_header" not in defects else k + len(header) + 1
        pieces = [rows[:at] + header + rows[at:]]
    if "split" in defects and len(pieces[0]) > 5:
        rows = pieces[0]
        k = rng.randint(len(header) + 1, len(rows) - 2)
        pieces = [rows[:k], (header if rng.random() < 0.5 else []) + rows[k:]]
    lines: list[str] = []
    for n, piece in enumerate(pieces):
        if n:
            lines += ["", f"- {page.page} -", "", page.title, ""]
            page.page += 1
        lines += _pipe(piece)
    if carried:
        lines += [""] + _pipe(header + carried)
    return lines


def render_markdown(doc, seed: int, defects: Optional[set[str]] = None) -> str:
    """Markdown of a read ``Document`` with hard line breaks, page furniture and table defects.

    ``defects``: the table defects to apply to every table; None picks 2–4 per table at random.
    """
    from corpus.records import RawTable

    rng = random.Random(seed)
    title = next((b.text for b in doc.blocks if not isinstance(b, RawTable) and b.text.strip()), "")
    page = _Page(title=title[:40], every=rng.randint(35, 50))
    tight = rng.random() < 0.5  # no blank line between paragraphs
    out: list[str] = [page.title, ""]  # the running header of page 1
    for block in doc.blocks:
        if isinstance(block, RawTable):
            chosen = defects if defects is not None else set(rng.sample(DEFECTS, rng.randint(2, 4)))
            out += [""] + _table_lines(block.grid, rng, chosen, page) + [""]
            continue
        for line in _wrap(block.text.strip(), rng):
            out.append(line)
            out += page.lines()
        if not tight:
            out.append("")
    return "\n".join(out) + "\n"


@dataclass
class Score:
    """Facts of a rendering against the original's."""

    right: int = 0
    wrong: int = 0
    missing: int = 0
    wrong_examples: tuple = ()

    def add(self, other: "Score") -> None:
        self.right += other.right
        self.wrong += other.wrong
        self.missing += other.missing
        self.wrong_examples = (self.wrong_examples + other.wrong_examples)[:20]


def _value(fact):
    return "blank" if fact.blank else fact.value


def compare_facts(original, rendering) -> Score:
    """Keyed facts compared by key, old-table facts by (row path, column leaf): right / wrong / missing.

    A key the rendering has that the original lacks (with a value) counts as wrong; blank there is
    right (the original left the row out: not reported either way).
    """
    score = Score()
    wrong = []

    def keyed(report):
        out = {}
        for f in report.facts:
            if f.key and not f.unreadable and (f.value is not None or f.blank):
                out.setdefault(f.key, _value(f))
        return out

    def old(report):
        out = {}
        kinds = {t.id: t.kind for t in report.tables}
        for f in report.facts:
            if f.key is None and kinds.get(f.table) is None and not f.unreadable and f.value is not None:
                out.setdefault((f.row, f.column[-1:] if f.column else ()), f.value)
        return out

    for get in (keyed, old):
        a, b = get(original), get(rendering)
        for key, value in a.items():
            if key not in b:
                score.missing += 1
            elif b[key] == value:
                score.right += 1
            else:
                score.wrong += 1
                wrong.append((key, value, b[key]))
        if get is keyed:
            for key in b.keys() - a.keys():
                if b[key] == "blank":
                    continue  # a row the original left out, read as blank: not reported either way
                score.wrong += 1
                wrong.append((key, None, b[key]))
    score.wrong_examples = tuple(wrong[:20])
    return score


# ---------------------------------------------------------------- grid tables (pandoc, reStructuredText)


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cut(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` display columns (a label wrapped in its cell)."""
    lines, line = [], ""
    for ch in text:
        if line and _display_width(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line] if line or not lines else lines


def _cells_of(grid: Sequence[Sequence[Optional[str]]]) -> list[list[int]]:
    """A cell id per slot: equal labels side by side are one cell spanning columns, and a run of
    such cells over the same columns one under another one cell spanning rows (as the table was
    drawn); figures and empty slots are cells of their own."""
    rows = [[c or "" for c in row] for row in grid]
    ids = [[-1] * len(row) for row in rows]
    spans: dict[int, tuple[int, int, str]] = {}  # id -> (first column, last column, text)
    next_id = 0
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            end = c
            if not _is_value(row[c]):
                while end + 1 < len(row) and row[end + 1] == row[c]:
                    end += 1
            above = ids[r - 1][c] if r else -1
            if above >= 0 and not _is_value(row[c]) and spans.get(above) == (c, end, row[c]):
                cell = above  # the same label over the same columns as the row above: one cell
            else:
                cell, next_id = next_id, next_id + 1
                spans[cell] = (c, end, row[c])
            for k in range(c, end + 1):
                ids[r][k] = cell
            c = end + 1
    return ids


def grid_table_lines(grid: Sequence[Sequence[Optional[str]]], column_width: int = 10) -> list[str]:
    """A table drawn as a pandoc grid table: spanning cells merged, labels wrapped in their cells,
    widths counted in display columns (a Chinese character fills two)."""
    width = max(len(r) for r in grid)
    rows = [[(c or "") for c in r] + [""] * (width - len(r)) for r in grid]
    ids = _cells_of(rows)
    first_row = {}
    for r, row in enumerate(ids):
        for c, cell in enumerate(row):
            first_row.setdefault(cell, r)
    widths = [column_width] * width
    # each cell's text cut to its spanned width, all lines in its first row
    text_lines: dict[int, list[str]] = {}
    for r, row in enumerate(ids):
        for c, cell in enumerate(row):
            if cell in text_lines:
                continue
            cols = [k for k in range(width) if ids[r][k] == cell]
            span_width = sum(widths[k] for k in cols) + 3 * (len(cols) - 1)
            text_lines[cell] = _cut(rows[r][c], span_width)
    height = [max(len(text_lines[cell]) if first_row[cell] == r else 1 for cell in ids[r]) for r in range(len(rows))]

    def border(r: int) -> str:  # the line above row r (r == len(rows): the bottom)
        out = ""
        for c in range(width + 1):
            seg_left = c > 0 and (r == 0 or r == len(rows) or ids[r - 1][c - 1] != ids[r][c - 1])
            seg_right = c < width and (r == 0 or r == len(rows) or ids[r - 1][c] != ids[r][c])
            v_above = r > 0 and (c in (0, width) or ids[r - 1][c - 1] != ids[r - 1][c])
            v_below = r < len(rows) and (c in (0, width) or ids[r][c - 1] != ids[r][c])
            out += ("+" if (seg_left or seg_right) and (v_above or v_below) else "-" if seg_left or seg_right
                    else "|" if v_above and v_below else " ")
            if c < width:
                out += ("-" if seg_right else " ") * (widths[c] + 2)
        return out

    out = []
    for r in range(len(rows)):
        out.append(border(r))
        for k in range(height[r]):
            line = ""
            for c in range(width):
                cell = ids[r][c]
                if c == 0 or ids[r][c - 1] != cell:
                    line += "|"
                    cols = [x for x in range(c, width) if ids[r][x] == cell]
                    span_width = sum(widths[x] for x in cols) + 3 * (len(cols) - 1)
                    lines = text_lines[cell] if first_row[cell] == r else []
                    text = lines[k] if k < len(lines) else ""
                    line += " " + text + " " * (span_width - _display_width(text)) + " "
            out.append(line + "|")
    out.append(border(len(rows)))
    return out


def render_grid_markdown(doc) -> str:
    """Markdown of a read ``Document`` whose tables are pandoc grid tables (the prose as read)."""
    from corpus.records import RawTable

    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, RawTable):
            out += [""] + grid_table_lines(block.grid) + [""]
        elif block.text.strip():
            out += [block.text.strip(), ""]
    return "\n".join(out) + "\n"


_BOX_JOINS = {(False, True, False, True): "┌", (False, True, True, False): "┐", (True, False, False, True): "└",
              (True, False, True, False): "┘", (True, True, False, True): "├", (True, True, True, False): "┤",
              (False, True, True, True): "┬", (True, False, True, True): "┴", (True, True, True, True): "┼",
              (True, True, False, False): "│", (False, False, True, True): "─"}


def box_drawn(lines: list[str]) -> list[str]:
    """Grid-table lines drawn with box-drawing characters, each corner the shape its lines meet in
    (columns counted on the display: a Chinese character fills two)."""
    import unicodedata

    lines = ["".join(ch + ("\0" if unicodedata.east_asian_width(ch) in ("W", "F") else "") for ch in line)
             for line in lines]

    def at(r: int, c: int) -> str:
        return lines[r][c] if 0 <= r < len(lines) and 0 <= c < len(lines[r]) else " "

    out = []
    for r, line in enumerate(lines):
        chars = []
        for c, ch in enumerate(line):
            if ch == "+":
                up, down = at(r - 1, c) in "|+", at(r + 1, c) in "|+"
                left, right = at(r, c - 1) in "-+", at(r, c + 1) in "-+"
                chars.append(_BOX_JOINS.get((up, down, left, right), "┼"))
            else:
                chars.append({"-": "─", "|": "│"}.get(ch, ch))
        out.append("".join(chars).replace("\0", ""))
    return out


def render_box_text(doc) -> str:
    """Plain text of a read ``Document`` whose tables are drawn with box-drawing characters."""
    from corpus.records import RawTable

    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, RawTable):
            out += [""] + box_drawn(grid_table_lines(block.grid)) + [""]
        elif block.text.strip():
            out += [block.text.strip(), ""]
    return "\n".join(out) + "\n"


def render_spreadsheet_html(doc) -> str:
    """HTML of a read ``Document`` as a spreadsheet saves it: each table one ``<tr>`` a row, a label
    spanning columns as ``colspan``, a label spanning rows written once and its cells below left empty
    (no ``rowspan``), figures right-aligned; the prose in ``<p>``s above and between."""
    import html as html_lib

    from corpus.records import RawTable

    def is_label(text: str) -> bool:
        return bool(text) and not _is_value(text)

    out = ["<html><head><meta charset='utf-8'></head><body>"]
    for block in doc.blocks:
        if not isinstance(block, RawTable):
            if block.text.strip():
                out.append(f"<p>{html_lib.escape(block.text.strip())}</p>")
            continue
        rows = [[c or "" for c in row] for row in block.grid]
        out.append("<table border='1'>")
        for r, row in enumerate(rows):
            cells, c = [], 0
            while c < len(row):
                text = row[c]
                above = rows[r - 1][c] if r and c < len(rows[r - 1]) else None
                if is_label(text) and text == above:
                    text = ""  # the lower part of a label spanning rows: an empty cell
                end = c
                while is_label(text) and end + 1 < len(row) and row[end + 1] == row[c]:
                    end += 1
                span = f" colspan='{end - c + 1}'" if end > c else ""
                align = " align='right'" if text and not is_label(text) else ""
                cells.append(f"<td{span}{align}>{html_lib.escape(text)}</td>")
                c = end + 1
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)
