"""Tables in text that ``pdftotext`` wrote, with or without ``-layout``, cut out as rows of figures.

``pdftotext -layout`` keeps a table's columns as runs of spaces: a row is its label and its
figures on one line, but header words are wrapped over several lines, the vertical label
三、本年度办理结果 stands one character a line, row labels wrap above and below their figures and
the page's footer (``-4-``) falls inside the table. Plain ``pdftotext`` writes one cell a line in
reading order, so a row is a run of figures between its labels.

Neither keeps the table's structure reliably, so nothing here decides what a figure means: a
table's region (from the national tables' headings 二/三/四, or an old statistics table's
指标/单位/数量 header, to the next section heading) is turned into rows of label + figures, and
``corpus.fitting`` places them by order and identities; a cell it cannot prove is unreadable.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from os.path import commonprefix
from typing import Optional, Sequence

from corpus.placements import amount, is_number, is_value
from corpus.records import Location, RawTable
from corpus.sections import MARKS_BEFORE
from corpus.template import PROACTIVE, REQUESTS, REVIEW

Numbered = tuple[int, str]

def _numbered(n: str, d: str) -> str:
    """A section's number as reports print it: 二、 / 2. / 【二】 (a WeChat article's) / 第二部分."""
    return rf"^\s*(?:[{n}{d}]\s*[、.．]|[【〔\[［]\s*{n}\s*[】〕\]］]|第{n}部分\s*[、.．：:]?)"


_STARTS = (
    (re.compile(_numbered("二", "2") + r"\s*主动公开政府信息"), PROACTIVE),
    (re.compile(_numbered("三", "3") + r"\s*收到\S{0,3}处理\S{0,8}申请"), REQUESTS),
    (re.compile(_numbered("四", "4") + r"\s*\S{0,12}复议\S{0,6}诉讼"), REVIEW),
)


def national_heading(text: str) -> bool:
    """Whether a line is the heading of one of the national tables' sections (二 主动公开, 三 收到和处理
    申请, 四 复议诉讼)."""
    return any(pattern.match(text) for pattern, _ in _STARTS)


_OLD_HEADER = re.compile(r"指标(?:名称)?\s+(?:计量)?单位")
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]\s*\S")
_ROW_WORDS = ("本年新收", "上年结转", "结转下年", "办理结果", "本年度办理")
_FIGURE = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?(?:%|万元|元|件|条|个|项|人次|人)?$")  # "251000元": a figure with its unit
_CELL_GAP = re.compile(r"\s{2,}|\t")
_WIDTH = {REQUESTS: 7, REVIEW: 15}
# "三、本年 法提供": the vertical label 三、本年度办理结果 broken across the labels beside it, not a section
_RESULTS_LABEL = re.compile(r"^\s*三\s*[、.．]\s*本")
_SUB_HEADING = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]\s*[\u4e00-\u9fff]{4,}")
_PROACTIVE_ITEM = re.compile(r"^\s*(?:第\s*二\s*十\s*条\s*第|信息内容\s)")
_PAGE_FOOTER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页.*)\s*$")


def _figure(token: str) -> bool:
    return bool(_FIGURE.match(token)) and is_number(token)


_OCR_DIGIT = re.compile(r"(?<!\S)(?=[0-9OolI]{1,7}(?!\S))(?:[0-9]*[OolI][0-9OolI]*)(?!\S)")
_AS_DIGIT = str.maketrans("OolI", "0011")
_CJK_LABEL = re.compile(r"[\u4e00-\u9fff]{2,12}")  # a one-word row label (行政许可), no numbering
_ITEM_MARK_SPACED = re.compile(r"第\s*二\s*十\s*条\s+第")


def _ocr_digits(line: str) -> str:
    """A figure an OCR tool wrote with look-alike letters ("5O", "3l", a lone "O" or "l" among
    figures) as the figure: O o → 0, l I → 1; the fitter's identities still decide whether it stands.
    Table 二's item mark with a space an OCR tool put in it ("第二十条 第（五）项") is read whole."""
    line = _ITEM_MARK_SPACED.sub("第二十条第", line)
    line = _OCR_DIGIT.sub(lambda m: m.group(0).translate(_AS_DIGIT)
                          if any(ch.isdigit() for ch in m.group(0)) or len(m.group(0)) == 1 else m.group(0), line)
    if len(re.findall(r"(?<!\S)\d+(?!\S)", line)) >= 3:  # a row of figures: "ll" is 11 there too
        line = re.sub(r"(?<!\S)[OolI]{2,4}(?!\S)", lambda m: m.group(0).translate(_AS_DIGIT), line)
    return line


def _tokens(line: str) -> list[str]:
    """A line's cells: split at runs of spaces; a run of single-space-separated figures split too."""
    out: list[str] = []
    line = _ocr_digits(line)
    for part in _CELL_GAP.split(line.strip()):
        words = part.split()
        figures = 0
        while figures < len(words) and _figure(words[len(words) - 1 - figures]):
            figures += 1
        if len(words) > 1 and figures == len(words):
            out.extend(words)
        elif figures >= 3 or (figures and len(words) == figures + 1 and _CJK_LABEL.fullmatch(words[0])):
            # "…只计这一情 0 0 0 0 0 0 0", "行政许可 452316": a label and its row's figures, one space apart
            out.append(" ".join(words[:-figures]))
            out.extend(words[-figures:])
        elif part:
            out.append(part)
    return out


def _region_end(lines: Sequence[Numbered], start: int, kind: Optional[str] = None) -> int:
    """The index after a table's region: the next section heading that is not one of the
    requests table's own row labels, or the next table's heading; after table 二, also a numbered
    sub-heading of prose ("(二)主动公开政府信息的主要类别": table 二 has no such rows)."""
    for i in range(start + 1, len(lines)):
        text = lines[i][1]
        if kind == PROACTIVE and _SUB_HEADING.match(text) and not any(_figure(t) for t in _tokens(text)):
            return i
        if any(p.match(text) for p, _ in _STARTS):
            return i
        tokens = _tokens(text)
        if _SECTION.match(text) and not any(_figure(t) for t in tokens) \
                and not any(w in re.sub(r"\s+", "", text) for w in _ROW_WORDS) and len(text.strip()) > 3 \
                and not _RESULTS_LABEL.match(text):
            return i
        if len(text.strip()) > 60 and text.strip().endswith("。") and "  " not in text.strip():
            return i  # a paragraph of prose
    return len(lines)


_ROW_NUMBER = re.compile(r"^(?:\d{1,2}\s*[.、．]|[（(][一二三四五六七八九十]+[）)])\s*[\u4e00-\u9fff]")
_COLUMN_WORDS = {REQUESTS: ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"),
                 REVIEW: ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")}


def _column_centres(texts: Sequence[str], tokenized: Sequence[list[str]], kind: Optional[str]) -> list[float]:
    """Where each column of table 三 or 四 stands in a layout text (the middle of its header word, in
    characters), from the header lines above the first row of figures; [] when the header does not
    give every column once (then the figures are placed by their order alone)."""
    words = _COLUMN_WORDS.get(kind or "")
    header = []
    for raw, toks in zip(texts, tokenized):
        if sum(_figure(t) for t in toks) >= 2:
            break
        header.append(raw)
    if not words:
        return []
    found: list[tuple[float, str]] = []
    for raw in header:
        for word in words:
            for m in re.finditer(re.escape(word), raw):
                if not (word == "其他" and raw[max(m.start() - 1, 0)] == "或"):  # not 法人或其他组织
                    found.append((_display(raw, m.start()) + len(word), word))  # CJK: two columns a character
    if kind == REQUESTS:
        first = {}
        for centre, word in sorted(found):
            first.setdefault(word, centre)
        centres = [first.get(w) for w in words]
        return centres if None not in centres and centres == sorted(centres) else []
    centres = sorted(c for c, _ in found)  # 四: the five results, three times over
    return centres if len(centres) == 15 else []


def _data_centres(texts: Sequence[str], tokenized: Sequence[list[str]], columns: int) -> list[float]:
    """Where an old table's value columns stand in a layout text: the middle of their figures in the
    rows that fill every column (display columns); [] when fewer than two rows do."""
    if columns < 2:
        return []
    full = [spots for raw, toks in zip(texts, tokenized)
            if len(figures := [t for t in toks if _figure(t)]) == columns
            and (spots := _middles(raw, figures)) is not None]
    return [sorted(column)[len(column) // 2] for column in zip(*full)] if len(full) >= 2 else []


def _old_columns(header: str) -> int:
    """How many value columns (2012年度, 历年累计) an old table's header line names after its unit's."""
    unit = re.search(r"(?:计量)?单位", header)
    return len(header[unit.end():].split()) if unit else 0


def _middles(raw: str, figures: list[str]) -> Optional[list[float]]:
    """The display column of the middle of each of ``figures``, found in ``raw`` in order; None when
    one is not there."""
    spots, at = [], 0
    for figure in figures:
        m = re.compile(r"(?<![\d.])" + re.escape(figure) + r"(?![\d.])").search(raw, at)
        if m is None:
            return None
        at = m.end()
        spots.append(_display(raw, m.start()) + len(figure) / 2)
    return spots


def _display(raw: str, end: int) -> int:
    """The display column of ``raw[end]``: a CJK (wide) character takes two, as layout text aligns them."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in raw[:end])


def _by_position(raw: str, figures: list[str], centres: list[float]) -> Optional[tuple[str, ...]]:
    """A row of figures with blank cells in a layout text, each figure put under the column whose header
    stands nearest above it (display columns); None when two figures would share a column."""
    cells = [""] * len(centres)
    middles = _middles(raw, figures)
    if middles is None:
        return None
    for figure, middle in zip(figures, middles):
        column = min(range(len(centres)), key=lambda c: abs(centres[c] - middle))
        if cells[column]:
            return None
        cells[column] = figure
    return tuple(cells)


def _plain_rows(texts: Sequence[str], width: int) -> list[tuple[Optional[str], ...]]:
    """Table 三 or 四 as plain pdftotext writes it (no column gaps, figures one space apart). A row's
    label is the text before its figures on their line, else the last label line above them (a line
    of a character or two is a piece of the vertical label 三/、/本/年… and names no row). A row whose
    figures are split over two lines ("1.属于国家秘密 1 0 0 0" / "0 0 1", in either order) is joined
    when exactly one order makes its parts add up to its 总计; a row whose figures cannot be put
    together (the rest pages later, "3.补正后申请内容仍不明确 1 0") keeps its place with every cell
    unreadable, and a bare run of figures under no label is a piece of some other row."""
    rows: list[tuple[Optional[str], ...]] = []
    label: list[str] = []
    pending: Optional[tuple[str, list[str]]] = None

    def unreadable(name: str) -> None:
        if name:
            rows.append((name,) + (None,) * width)

    for raw in texts:
        parts = _ocr_digits(raw).split()
        k = 0
        while k < len(parts) and _figure(parts[len(parts) - 1 - k]):
            k += 1
        if k == 0:
            label.append(raw.strip())
            continue
        own, figures = " ".join(parts[:len(parts) - k]), parts[len(parts) - k:]
        above = [w for w in label if len(w.strip()) > 2]
        name, label = own or (above[-1] if above else ""), []
        if pending is not None and len(pending[1]) + k == width:
            joined = {tuple(a + b) for a, b in ((pending[1], figures), (figures, pending[1]))
                      if width != 7 or _adds_up(a + b)}
            rows.append((pending[0] or name,) + (joined.pop() if len(joined) == 1 else (None,) * width))
            pending = None
            continue
        if pending is not None:
            unreadable(pending[0])
            pending = None
        if k == width:
            rows.append((name,) + tuple(figures))
        elif k < width:
            pending = (name, figures)
        else:
            unreadable(name)
    if pending is not None:
        unreadable(pending[0])
    return rows


def _adds_up(figures: Sequence[str]) -> bool:
    """Whether a requests row's six parts make its 总计."""
    values = [amount(f) for f in figures]
    return None not in values and abs(sum(values[:6]) - values[6]) < 0.005


def _review_adds_up(figures: Sequence[str]) -> bool:
    """Whether table 四's fifteen figures are three groups of four results and their 总计."""
    values = [amount(f) for f in figures]
    return None not in values and all(abs(sum(values[k:k + 4]) - values[k + 4]) < 0.005 for k in (0, 5, 10))


def _rows(lines: Sequence[Numbered], kind: Optional[str], header: str = "") -> list[tuple[str, ...]]:
    """The region's rows: each line with figures a row (layout), or each run of figures between
    labels (plain, one cell a line), cut into rows of the table's width where it is known. ``header``:
    an old table's header line, which says where its value columns stand (a row with a blank cell)."""
    texts = [t for _, t in lines if t.strip() and not _PAGE_FOOTER.match(t)]
    tokenized = [_tokens(t) for t in texts]
    if kind == REVIEW:
        # table 四's fifteen figures on one line, each group's four results making its 总计: that row, whatever
        # else the region holds (plain pdftotext puts another table's columns here, after a page break)
        proven = [toks for toks in tokenized if len(toks) == 15 and all(map(_figure, toks)) and _review_adds_up(toks)]
        if len(proven) == 1:
            return [("",) + tuple(proven[0])]
    rows_of_figures = sum(1 for toks in tokenized if sum(_figure(t) for t in toks) >= 2)
    # table 四 is one row of figures: laid out when its header says where each column stands
    layout = rows_of_figures >= 2 or (rows_of_figures == 1 and kind == REVIEW
                                      and bool(_column_centres(texts, tokenized, kind)))
    rows: list[tuple[str, ...]] = []
    label: list[str] = []
    if layout:
        centres = _data_centres(texts, tokenized, _old_columns(header)) if header \
            else _column_centres(texts, tokenized, kind)
        width = _WIDTH.get(kind or "")
        if width and not centres and not any(_CELL_GAP.search(t.strip()) for t in texts):
            return _plain_rows(texts, width)
        for at, (raw, toks) in enumerate(zip(texts, tokenized)):
            cells = raw.rstrip("\r\n").split("\t")
            if kind is None and len(cells) >= 3 and any(_figure(c.strip()) for c in cells):
                # an old table copied with tabs: every cell where it stands, a blank one too ("5.信函申请数\t条\t0\t")
                rows.append(("".join(label) + cells[0].strip(),) + tuple(c.strip() for c in cells[1:]))
                label = []
                continue
            figures = [t for t in toks if _figure(t)]
            words = [t for t in toks if not _figure(t)]
            if not figures and kind == PROACTIVE and len(words) == 1 and (
                    re.search(r"\t\s*$", raw) or _blank_proactive_row(words[0], texts[at + 1:at + 2])):
                # "行政强制\t" (copied with tabs), or "行政强制" alone before the next item or row: a row whose
                # cell is empty, not a label wrapped onto the next line
                rows.append(("".join(label + words), ""))
                label = []
                continue
            if not figures and centres and _ROW_NUMBER.match(raw.strip()):
                # "2.其他法律行政法规禁止公开" alone, in a table that leaves zeros blank: a row of blanks
                rows.append(("".join(label + words),) + ("",) * len(centres))
                label = []
                continue
            if not figures:
                label.extend(words)
                continue
            first = 0 if _figure(toks[0]) else 1  # the cells in the line's own order ("6  251000元": count, amount)
            numbers = next(i for i, t in enumerate(toks) if _figure(t))
            placed = _by_position(raw, figures, centres) if centres and len(figures) < len(centres) \
                and len(toks) - numbers == len(figures) else None
            if placed and header and numbers >= 2 and toks[numbers - 1].strip() in _CELL_UNITS:
                # an old table's row with a blank cell: its label, its unit, each figure under its column
                rows.append(("".join(label + toks[:numbers - 1]), toks[numbers - 1].strip()) + placed)
            elif placed:  # blank cells: each figure under its column's header
                rows.append(("".join(label + toks[:numbers]),) + placed)
            else:
                rows.append(("".join(label + toks[:first]),) + tuple(toks[first:]))
            label = []
        return rows
    run: list[str] = []

    def flush() -> None:
        width = _WIDTH.get(kind or "")
        name = "".join(label)
        if kind == PROACTIVE and _proactive_item(name, run, rows):
            run.clear()
            return
        if width and len(run) > width and len(run) % width == 0:
            for k in range(0, len(run), width):
                rows.append((name if k == 0 else "",) + tuple(run[k:k + width]))
        elif width and len(run) > width:
            rows.append((name,) + (None,) * width)  # a run that is no whole number of rows
        elif width and run and len(run) < width:
            if name:  # a labelled run short of a row: the row's place, its cells unreadable
                rows.append((name,) + (None,) * width)
        elif run:
            rows.append((name,) + tuple(run))
        run.clear()

    flat = [t for toks in tokenized for t in toks]
    for at, t in enumerate(flat):
        if _figure(t):
            run.append(t)
            continue
        if run:
            flush()
            label.clear()
        if kind == PROACTIVE and at + 1 < len(flat) and not _figure(flat[at + 1]) and _under_its_item(t, label) \
                and _blank_proactive_row(t, flat[at + 1:at + 2]) and not any(r[0].endswith(t.strip()) for r in rows):
            # "第二十条第（五）项 信息内容 本年处理决定数量 行政许可 | 第二十条第（六）项": a row named under its own
            # item, the next item or row named right after it: that row, its cell empty. (Plain pdftotext
            # may write all the row names first, or a row's name after its figure: "… 550 行政许可 第二十条…")
            rows.append((t.strip(), ""))
            label.clear()
            continue
        label.append(t)
    if run:
        flush()
    return rows


# Table 二's items whose rows have one figure each (the 2021 template): plain pdftotext writes an item's
# labels in one place and its figures after its own heading and column name, in the rows' order.
_ITEM_MARK = re.compile(r"第二十条第[（(]([一二三四五六七八九])[）)]项")
_ONE_FIGURE_ITEMS = {"五": ("行政许可",), "六": ("行政处罚", "行政强制"), "八": ("行政事业性收费",)}
_ONE_FIGURE_COLUMNS = ("本年处理决定数量", "本年收费金额")
_DOCUMENT_COLUMNS = ("本年制发件数", "本年新制作数量")  # item (一)'s first column, 2021 and 2019 templates
_PROACTIVE_ROWS = ("规章", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "行政事业性收费",
                   "政府集中采购")


def _under_its_item(word: str, label: Sequence[str]) -> bool:
    """Whether the words before a row name (since the last figures) head the item the row belongs to
    (第二十条第（五）项 … before 行政许可)."""
    marks = list(_ITEM_MARK.finditer("".join(label)))
    return bool(marks) and word.strip() in _ONE_FIGURE_ITEMS.get(marks[-1].group(1), ())


def _blank_proactive_row(word: str, after: Sequence[str]) -> bool:
    """Whether a line that is only one of table 二's row names ("行政强制") is that row with its cell
    empty: the next line starts the next item (第二十条第（八）项, 信息内容) or names the next row."""
    rows = _PROACTIVE_ROWS + ("行政规范性文件",)
    if word.strip() not in rows:
        return False
    nxt = after[0].strip() if after else ""
    return not nxt or bool(_PROACTIVE_ITEM.match(nxt)) or nxt.startswith(rows)


def _proactive_item(name: str, run: list[str], rows: list[tuple[str, ...]]) -> bool:
    """A run of table 二's figures under an item's heading and column name with no row name between
    them ("第二十条第（六）项 本年处理决定数量 3986104 88310"): as many figures as the item has rows
    are those rows in order (appended to ``rows``). True when the run is dealt with here: placed, or
    left out because nothing says which rows its figures are (a count that does not fit, or figures
    under no heading and no row name, "现行有效件数 0 5")."""
    marks = list(_ITEM_MARK.finditer(name))
    after = name[marks[-1].end():] if marks else name
    if any(row in after for row in _PROACTIVE_ROWS):
        return False  # a row named before its figures: read as written
    if not marks:
        return True
    items = _ONE_FIGURE_ITEMS.get(marks[-1].group(1))
    if items and any(word in after for word in _ONE_FIGURE_COLUMNS) and len(run) == len(items):
        rows.extend((row, figure) for row, figure in zip(items, run))
    elif marks[-1].group(1) == "一" and len(run) == 6 and any(word in after for word in _DOCUMENT_COLUMNS):
        # 规章 and 规范性文件, three figures each: a line of text holds one row, so the rows come in turn
        rows.extend([("规章", *run[:3]), ("行政规范性文件", *run[3:])])
    return True


def layout_tables(lines: Sequence[Numbered]) -> list[tuple[int, int, RawTable]]:
    """The tables of pdftotext output as (first line index, index after the last, table): the
    heading line stays outside (it is the caption); rows of label + figures, for the fitter."""
    found: list[tuple[int, int, RawTable]] = []
    i = 0
    while i < len(lines):
        text = lines[i][1]
        kind = next((k for p, k in _STARTS if p.match(text)), None)
        old = kind is None and _OLD_HEADER.search(text)
        if kind is None and not old:
            i += 1
            continue
        start = i + 1  # the heading (or the old table's header row) is not a row of figures
        if kind == PROACTIVE:  # prose between the heading and table 二 (its 第二十条 items): the table starts there
            item = next((k for k in range(start, min(start + 20, len(lines)))
                         if _PROACTIVE_ITEM.match(lines[k][1]) or any(p.match(lines[k][1]) for p, _ in _STARTS)), None)
            if item is not None and _PROACTIVE_ITEM.match(lines[item][1]):
                start = item
        end = _region_end(lines, start - 1, kind)
        if any(t.count("|") >= 2 or "<table" in t.lower() for _, t in lines[start:end]):
            i += 1
            continue  # a Markdown pipe or HTML table: read as such
        rows = _rows(lines[start:end], kind, header=text if old else "")
        if sum(1 for r in rows if any(c is None or _figure(c) for c in r[1:])) < (1 if kind else 3):
            i += 1
            continue
        if old:
            rows = [tuple(_tokens(lines[i][1]))] + rows
        found.append((start, end, RawTable(grid=_rectangular(rows, kind), caption=text.strip() if kind else "")))
        i = end
    return found


def _rectangular(rows: Sequence[tuple[Optional[str], ...]], kind: Optional[str]) -> tuple[tuple[Optional[str], ...], ...]:
    """Rows padded to one width: blanks after the figures in table 二 (a one-figure row is
    ``行政许可 | 447228``), else between the label and the figures (figures stay last)."""
    width = max(len(r) for r in rows)
    if kind == PROACTIVE:
        return tuple(tuple(r) + ("",) * (width - len(r)) for r in rows)
    return tuple(tuple(r[:1]) + ("",) * (width - len(r)) + tuple(r[1:]) for r in rows)


# An old statistics table copied one cell a line without any mark (a WeChat article, a web page's
# text): 指标名称 / 计量单位 / 2011年度 / 历年累计, then per row its label, its unit, its figures.
_CELL_HEADER = re.compile(r"^\s*指标(?:名称)?\s*$")
_CELL_UNIT = re.compile(r"^\s*(?:计量)?单位\s*$")
_CELL_UNITS = ("人次", "万元", "元", "条", "件", "个", "人", "次", "项", "份", "%", "％", "-", "—")


def cell_line_tables(lines: Sequence[Numbered]) -> list[tuple[int, int, RawTable]]:
    """Old statistics tables written one cell a line (blank lines between cells allowed), as
    (first line index, index after the last, table): the header's cells, then rows of label,
    unit and as many figures as the header has value columns. At least three rows, every row
    of the same width, else no table."""
    found: list[tuple[int, int, RawTable]] = []
    cells = [(k, text.strip()) for k, (_, text) in enumerate(lines) if text.strip()]
    i = 0
    while i < len(cells) - 3:
        if not (_CELL_HEADER.match(cells[i][1]) and _CELL_UNIT.match(cells[i + 1][1])):
            i += 1
            continue
        j = i + 2
        header = [cells[i][1], cells[i + 1][1]]
        while j < len(cells) and not is_number(cells[j][1]) and cells[j][1] not in _CELL_UNITS \
                and j + 1 < len(cells) and cells[j + 1][1] not in _CELL_UNITS and len(header) < 5:
            header.append(cells[j][1])  # 2011年度, 历年累计: the value columns
            j += 1
        width = len(header) - 2
        rows, end = [tuple(header)], j
        while j + 1 + width < len(cells) + 1 and width >= 1:
            label, unit, figures = cells[j][1], cells[j + 1][1] if j + 1 < len(cells) else "", cells[j + 2:j + 2 + width]
            if unit not in _CELL_UNITS or len(figures) < width or not all(is_number(f) or f in ("-", "—", "/")
                                                                         for _, f in figures):
                break
            rows.append((label, unit) + tuple(f for _, f in figures))
            j += 2 + width
            end = j
        if len(rows) >= 4:
            last = cells[end - 1][0] + 1
            found.append((cells[i][0], last, RawTable(grid=tuple(rows), caption="")))
            i = end
        else:
            i += 1
    return found + _small_cell_tables(cells)


_SHORT_CELL = re.compile(r"^[^，,。；;：:\d]{2,16}$")


def _small_cell_tables(cells: list[tuple[int, str]]) -> list[tuple[int, int, RawTable]]:
    """One-row tables written one cell a line (the fee table of 六、其他需要报告的事项 copied from a
    PDF viewer): short header cells (a unit in brackets on its own line joins the cell above), one
    short row label, then one figure per header cell (two to six)."""
    found = []
    i = 0
    while i < len(cells):
        header: list[tuple[int, str]] = []  # (line index, cell text)
        j = i
        while j < len(cells) and _SHORT_CELL.match(cells[j][1]):
            if header and cells[j][1].startswith(("（", "(")):
                header[-1] = (header[-1][0], header[-1][1] + cells[j][1])
            else:
                header.append(cells[j])
            j += 1
        n = 0
        while j + n < len(cells) and is_number(cells[j + n][1]):
            n += 1
        used = header[-(n + 1):]
        # the last n short lines before the label head the figures; each a whole header (not 件数 of a wrapped one)
        if 2 <= n <= 6 and len(header) >= n + 1 and all(len(h) >= 4 for _, h in used) \
                and len({h for _, h in used}) == len(used):
            grid = (("",) + tuple(h for _, h in used[:-1]), (used[-1][1],) + tuple(f for _, f in cells[j:j + n]))
            found.append((used[0][0], cells[j + n - 1][0] + 1, RawTable(grid=grid, caption="")))
            i = j + n
            continue
        i = max(j, i + 1)
    return found


_PROACTIVE_ROW = re.compile(r"规章|规范性文件|行政许可|行政处罚|行政强制|行政事业性收费|对外管理服务|政府集中采购")
_BULLET = re.compile(r"^(\s*)[-*+•·・●○◆▪■▶►]\s+(.+?)\s*$")
_LEAF = re.compile(r"^(.+?)\s*[：:]\s*(\d[\d,.]*\s*(?:万元|元|件|条|个|%|％)?|[-—–/]|无|)$")


def list_tables(lines: Sequence[Numbered], applicants_outside: bool = False) -> list[tuple[int, int, RawTable]]:
    """Tables written as nested bullet lists, as some converters turn a table into Markdown: a row's
    labels as list items, its cells as the items under them ("- 一、本年新收…" / "  - 自然人：69"),
    as (first line index, index after the last, table) with one column per cell label (in the order
    first met) and the row labels of the levels above as label columns. At least two rows with
    figures; for the fitter, like pdftotext's tables. With ``applicants_outside``, only table 三 written
    with its applicants as the outer items (each cell says its row and column: surer than headings)."""
    found: list[tuple[int, int, RawTable]] = []
    i = 0
    while i < len(lines):
        if not _BULLET.match(lines[i][1]):
            i += 1
            continue
        j = i
        items: list[tuple[int, str]] = []
        while j < len(lines) and (_BULLET.match(lines[j][1]) or not lines[j][1].strip()):
            m = _BULLET.match(lines[j][1])
            if m:
                items.append((len(m.group(1).expandtabs(4)), m.group(2).replace("**", "").strip()))
            j += 1
        table = _applicants_outside(items) if applicants_outside else _list_grid(items)
        if table is not None:
            found.append((i, j, table))
        i = j
    return found


# "    自然人：26" under "（一）予以公开", "行政处罚　本年处理决定数量：214": a table written as "label：figure"
# lines with no bullets, its row labels as heading lines above them (numbered 一、/（一）/1. by level)
_COLON_LEAF = re.compile(r"^((?:[^：:。；;，,！!？?（(]|[（(][^）)]{0,12}[）)]){1,30}?)\s*[：:]\s*"
                         r"(-?\d[\d,，]*(?:\.\d+)?\s*(?:万元|元|件|条|个|%|％)?|[-—–/]|无|)$")
_HEADING_LEVEL = ((re.compile(r"^[一二三四五六七八九十]+\s*[、.．]"), 0), (re.compile(r"^[（(][一二三四五六七八九十]+[）)]"), 2),
                  (re.compile(r"^\d{1,2}\s*[、.．]"), 4), (re.compile(r"^第[一二三四五六七八九十]+条"), 0))
_PAIR_NAME = r"(?:[^\d，,；;、：:（(]|[（(][^）)\d]{0,12}[）)]){1,24}?"  # "本年收费金额（单位：万元）"
# (a figure may carry its counting word, and the row end with a full stop: "结果维持1件，…，总计2件。")
_PAIR = re.compile(r"(" + _PAIR_NAME + r")\s*(-?\d[\d,]*(?:\.\d+)?)\s*(?:件|条|个|项)?\s*(?:[，,；;、]\s*|[。.]?$)")
_ROW_OF_PAIRS = re.compile(r"^((?:[^：:。！!？?（(]|[（(][^）)]{0,24}[）)]){2,60}?)[：:]\s*"
                           r"((?:" + _PAIR_NAME + r"\s*-?\d[\d,]*(?:\.\d+)?\s*(?:件|条|个|项)?\s*(?:[，,；;、]\s*|[。.]?$))+)$")
_TWO_WORDS = re.compile(r"^(\S+?)(?:\u3000+|\s{2,}|\t)(\S.*)$")  # "行政处罚　本年处理决定数量": a row, then its column


# a row's label, then two or more bare figures ("二、上年结转…：0，0，0，0，0，0，0"); a line naming columns, no figure
_ROW_OF_FIGURES = re.compile(r"^((?:[^：:。！!？?（(]|[（(][^）)]{0,60}[）)]){2,80}?)[：:]\s*"
                             r"(-?\d[\d.]*(?:\s*[，,、]\s*-?\d[\d.]*)+)\s*$")
_COLUMN_NAME = r"(?:[^：:。！!？?\d（(，,、]|[（(][^）)\d]{0,40}[）)]){2,}"  # "本年收费金额（单位：万元）" is one name
_COLUMNS_NAMED = re.compile(rf"^([^：:。！!？?\d（(]{{2,20}})[：:]\s*({_COLUMN_NAME}(?:[，,、]{_COLUMN_NAME})*)$")


def _column_names(said: str) -> list[str]:
    """The columns a line names, a group's parts in its brackets taking its place ("自然人，法人或其他组织（商业企业，
    科研机构…），总计": 自然人, 商业企业, 科研机构, …, 总计)."""
    said = re.sub(r"[^（(，,、]+[（(]([^）)]*[，,、][^）)]*)[）)]", r"\1", said)
    return [n.strip() for n in re.split(r"[，,、](?![^（(]*[）)])", said) if n.strip()]


def colon_tables(lines: Sequence[Numbered]) -> list[tuple[int, int, RawTable]]:
    """Tables written as "label：figure" lines with no bullets (at least three), under heading lines that
    name their rows, as (first line index, index after the last, table); for the fitter. Each cell says
    its own column, so these come before the guesses from layout."""
    found: list[tuple[int, int, RawTable]] = []
    i = 0
    while i < len(lines):
        j, items, leaves, columns = i, [], 0, []
        while j < len(lines):
            text = MARKS_BEFORE.sub("", lines[j][1].strip().strip("\u3000"))  # "· 自然人：3" as a copied post writes it
            leaf = _COLON_LEAF.match(text)
            pairs = None if leaf else _ROW_OF_PAIRS.match(text)
            if pairs and re.match(r"第[一二三四五六七八九十]+条", pairs.group(1)) and re.search(r"\d\s*[件条个项]", text):
                pairs = None  # "第二十条第（一）项：规章本年制发0件，…；行政规范性文件…": rows said in a sentence, no row
            bare = None if pairs else _ROW_OF_FIGURES.match(text)
            if leaf and len(columns) == 1 and leaf.group(2):  # "行政许可：3418" under "信息内容：本年处理决定数量"
                bare, leaf = re.match(r"^(.*)[：:]\s*(.*)$", text), None
            named = None if leaf or pairs or bare else _COLUMNS_NAMED.match(text)
            if bare:  # "一、本年新收…：92，3，0，0，1，0，96": the figures in the order of the columns named above
                label, figures = bare.group(1).strip(), re.split(r"\s*[，,、]\s*", bare.group(2).strip())
                inside = re.match(r"^(.+?)[（(](.+)[）)]$", label)  # "行政复议（结果维持，…，总计）": its own columns
                names = columns
                if inside and len(_column_names(inside.group(2))) == len(figures):
                    label, names = inside.group(1), _column_names(inside.group(2))
                if len(names) != len(figures):
                    break
                items.append((98, label))
                items += [(100, f"{name}：{figure}") for name, figure in zip(names, figures)]
                leaves += 1
            elif named:  # "申请人情况：自然人，法人或其他组织（商业企业，…），总计": the columns of the rows below
                columns = _column_names(named.group(2))
            elif pairs:  # "（一）予以公开：自然人9，商业企业1，…总计10": a row's label, then each column and its figure
                items.append((98, pairs.group(1).strip()))
                items += [(100, f"{name.strip()}：{figure}") for name, figure in _PAIR.findall(pairs.group(2))]
                leaves += 1
            elif leaf:
                label = leaf.group(1).strip()
                two = _TWO_WORDS.match(label)
                if two:  # "规范性文件　本年制发件数：2": its row as a heading of its own, then its cell
                    items += [(98, two.group(1)), (100, f"{two.group(2).strip()}：{leaf.group(2)}")]
                else:
                    items.append((100, f"{label}：{leaf.group(2)}"))
                leaves += 1
            elif not text:
                pass
            elif leaves and any(p.match(text) for p, _ in _STARTS):
                break  # the next table's section heading: this table ends
            elif not items and not leaves and any(p.match(text) for p, _ in _STARTS):
                break  # a section's heading before the table: its own line, the table starts after it
            elif len(text) <= 40 and not re.search(r"[。；;！!？?]", text) and (
                    leaves or _looks_like_heading(text) or _leaf_follows(lines, j + 1)):
                if not (_ITEM_MARK.search(text) or any(p.match(text) for p, _ in _STARTS)):
                    # (an item's mark, 第二十条第（一）项, or a section's heading names no row: its rows do)
                    items.append((next((n for pattern, n in _HEADING_LEVEL if pattern.match(text)), 1), text))
            else:
                break
            j += 1
        if leaves >= 3:
            table = _list_grid(items)
            if table is not None:
                found.append((i, j, table))
        i = max(j, i + 1)
    return found


# "三、本年度办理结果，（一）予以公开，法人或其他组织，商业企业：2": a cell a line, its row's labels and then its
# column's, joined by commas or dashes ("本年新收政府信息公开申请数量-自然人：706"; a bracket's own commas are
# part of its label)
_PATH_PART = r"(?:[^：:。；;！!？?，,（(\-－–—/]|[（(][^）)]{0,30}[）)])+"
_PATH_SEP = r"[，,\-－–—/]"  # one character, kept out of the labels: one way only to split a line
_PATH_LINE = re.compile(rf"^({_PATH_PART}(?:{_PATH_SEP}{_PATH_PART})+)\s*[：:]\s*"
                        r"(-?\d[\d,，]*(?:\.\d+)?\s*(?:万元|元|件|条|个|%|％)?|[-—–/]|无|)$")
_ARTICLE_ITEM = re.compile(r"^第[一二三四五六七八九十]+条第?\s*[（(][一二三四五六七八九十]+[)）]\s*项$")
_PATH_SPLIT = re.compile(_PATH_SEP + r"(?![^（(]*[）)])")


# "规章·本年制发件数……………2", "一、本年新收…（法人或其他组织·商业企业）…………4": a cell a line, its label led to its
# figure by dots, the column said in the label (after ·, or in the last brackets)
_LEADER_LINE = re.compile(r"^(\S.*?[^\s…\.·．。])\s*(?:…{2,}|[\.·．。]{4,})\s*(-?\d[\d,]*(?:\.\d+)?|[-—–/]|无)?\s*$")
_LAST_BRACKETS = re.compile(r"[（(]([^（）()]+)[）)]$")
_MIDDLE_DOT = re.compile(r"\s*[·•]\s*")


def leader_line(text: str) -> str:
    """A line whose label is led to its figure by dots as "labels，…：figure" (``path_tables`` reads those);
    any other line as it is."""
    m = _LEADER_LINE.match(text.strip())
    if not m:
        return text
    label = m.group(1)
    last = _LAST_BRACKETS.search(label)
    if last and not re.fullmatch(r"[一二三四五六七八九十\d]+|(?:单位[：:])?\s*(?:万?元|件|条|个|%)", last.group(1)):
        label = f"{label[:last.start()]}，{last.group(1)}"
    return _MIDDLE_DOT.sub("，", label) + "：" + (m.group(2) or "")


def path_tables(lines: Sequence[Numbered]) -> list[tuple[int, int, RawTable]]:
    """Tables written a cell a line as "row labels，column labels：figure" (at least three lines), as (first
    line index, index after the last, table); a short line between them (第二十条第（五）项) is a title row.
    Which labels name the row is read from the lines beside it: the labels a run of lines shares are its
    row, the rest each line's column (a row printed as one cell: all but its last label); for the fitter."""
    found: list[tuple[int, int, RawTable]] = []
    i = 0
    while i < len(lines):
        j, cells = i, []  # (labels, figure) per line, or (title,) for a title line
        while j < len(lines):
            text = lines[j][1].strip().strip("\u3000")
            m = _PATH_LINE.match(text) if ("：" in text or ":" in text) else None
            if m:
                labels = tuple(x.strip() for x in _PATH_SPLIT.split(m.group(1)))
                if len(labels) > 2 and _ARTICLE_ITEM.match(labels[0]):  # "第二十条第（一）项，规章，…": the item's title
                    if labels[0] != next((t[0] for t, f in reversed(cells) if f is None), None):
                        cells.append(((labels[0],), None))
                    labels = labels[1:]
                cells.append((_row_first(labels), m.group(2).strip()))
            elif text and cells and len(text) <= 40 and not re.search(r"[。；;！!？?：:]", text) and not _SECTION.match(text) \
                    and j + 1 < len(lines) and _PATH_LINE.match(lines[j + 1][1].strip().strip("\u3000")):
                cells.append(((text,), None))
            elif text or not cells:
                break
            j += 1
        if sum(1 for _, figure in cells if figure is not None) >= 3:
            found.append((i, j, RawTable(_path_grid(cells), Location(line=0))))
            i = j
        else:
            i += 1
    return found


# the applicant columns of table 三, by their header words
_APPLICANT_COLUMNS = frozenset(_COLUMN_WORDS[REQUESTS]) | {"申请人情况", "法人或其他组织"}


def _row_first(labels: tuple[str, ...]) -> tuple[str, ...]:
    """A cell's labels with its row's first: "申请人情况 / 自然人 / 本年新收…" (its column said first, as a
    tool that walks the header before the rows writes it) becomes "本年新收… / 申请人情况 / 自然人"."""
    if not labels or labels[0] not in ("申请人情况", "自然人", "法人或其他组织"):
        return labels
    n = 0
    while n < len(labels) and labels[n] in _APPLICANT_COLUMNS:
        n += 1
    return labels[n:] + labels[:n] if n < len(labels) else labels


def _path_grid(cells: list) -> tuple[tuple[str, ...], ...]:
    """The grid of "labels：figure" lines: runs of lines sharing their leading labels are rows."""
    rows: list = []  # a title (str), or (row labels, [(labels, figure) of its cells])
    shared: Optional[tuple[str, ...]] = None  # the labels the last row's lines share, once it has two
    for labels, figure in cells:
        if figure is None:
            rows.append(labels[0])
            shared = None
            continue
        if rows and not isinstance(rows[-1], str):
            first = rows[-1][1][0][0]
            common = tuple(commonprefix([shared if shared is not None else first, labels]))
            if (shared is None and 0 < len(common) < len(labels) and len(common) < len(first)) \
                    or (shared is not None and common == shared):
                shared = common
                rows[-1] = (shared, rows[-1][1] + [(labels, figure)])
                continue
        rows.append((labels[:-1], [(labels, figure)]))
        shared = None
    depth = max((len(r[0]) for r in rows if not isinstance(r, str)), default=1) or 1
    grid: list[list[str]] = []
    columns: list[tuple[str, ...]] = []
    for row in rows:
        if isinstance(row, str):
            grid.append([row])
            continue
        labels, items = row
        own = [(tuple(lab[len(labels):]) or lab[-1:], figure) for lab, figure in items]
        if [c for c, _ in own] != columns[:len(own)] or not columns:
            columns = [c for c, _ in own]
            height = max(len(c) for c in columns)
            for level in range(height):
                grid.append(["信息内容" if grid else ""] * depth
                            + [c[min(level, len(c) - 1)] for c in columns])
        figures = dict(own)
        padded = list(labels) + [labels[-1] if labels else ""] * (depth - len(labels))
        grid.append(padded + [figures.get(c, "") for c in columns])
    width = max(len(r) for r in grid)
    return tuple(tuple(r + [r[-1]] * (width - len(r))) for r in grid)


def _leaf_follows(lines: Sequence[Numbered], at: int) -> bool:
    """Whether the next line with text is a "label：figure" line ("行政复议" above "结果维持：7")."""
    following = next((t.strip().strip("\u3000") for _, t in lines[at:at + 3] if t.strip().strip("\u3000")), "")
    return bool(_COLON_LEAF.match(following))


def _looks_like_heading(text: str) -> bool:
    return bool(any(p.match(text) for p, _ in _HEADING_LEVEL) or _PROACTIVE_ITEM.match(text))


def _list_grid(items: list[tuple[int, str]]) -> Optional[RawTable]:
    outside = _applicants_outside(items)
    if outside is not None:
        return outside
    rows: list[tuple[tuple[str, ...], dict[str, str]]] = []
    path: list[tuple[int, str]] = []  # (indent, label) of the items above
    for indent, text in items:
        leaf = _LEAF.match(text)
        while path and path[-1][0] >= indent:
            path.pop()
        if leaf and path:
            labels = tuple(label for _, label in path)
            if not rows or rows[-1][0] != labels:
                rows.append((labels, {}))
            rows[-1][1][leaf.group(1).strip()] = leaf.group(2).strip()
        elif not leaf:
            path.append((indent, text))
    rows = [(labels, cells) for labels, cells in rows if any(re.match(r"\d", v) for v in cells.values())]
    if not rows or (len(rows) == 1 and len(rows[0][1]) == 1 and not _PROACTIVE_ROW.search(rows[0][0][-1])):
        return None  # one figure alone is a table only as a row of table 二 (行政许可：308)
    # a header row where the cells' labels change (table 二: each item block its own columns)
    depth = max(len(labels) for labels, _ in rows)
    grid: list[list[str]] = []
    columns: list[str] = []
    for labels, cells in rows:
        if not columns or not set(cells) <= set(columns):
            columns = list(cells)
            grid.append(["信息内容" if grid else ""] * depth + columns)
        grid.append(list(labels) + [labels[-1]] * (depth - len(labels)) + [cells.get(c, "") for c in columns])
    width = max(len(r) for r in grid)
    return RawTable(tuple(tuple(r + [r[-1]] * (width - len(r))) for r in grid), Location(line=0))


_APPLICANTS = ("自然人", "法人或其他组织", "总计")
_ORGANISATIONS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


def _applicants_outside(items: list[tuple[int, str]]) -> Optional[RawTable]:
    """Table 三 written with its applicants outermost ("- 自然人" / "  - 本年新收…：8", "- 法人或其他组织" /
    "  - 商业企业" / "    - …"): each figure's applicant is its column, the labels between are its row.
    None when the outer items are not the applicants."""
    path: list[tuple[int, str]] = []
    rows: dict[tuple[str, ...], dict[tuple[str, str], str]] = {}
    columns: list[tuple[str, str]] = []
    for indent, text in items:
        leaf = _LEAF.match(text)
        while path and path[-1][0] >= indent:
            path.pop()
        if not leaf:
            path.append((indent, text))
            continue
        labels = [label for _, label in path]
        if not labels or labels[0] not in _APPLICANTS:
            return None
        split = 2 if labels[0] == "法人或其他组织" and len(labels) > 1 and labels[1] in _ORGANISATIONS else 1
        column = (labels[0], labels[split - 1])
        if column not in columns:
            columns.append(column)
        rows.setdefault(tuple(labels[split:]) + (leaf.group(1).strip(),), {})[column] = leaf.group(2).strip()
    if len(columns) < 3 or len(rows) < 2:
        return None
    depth = max(len(labels) for labels in rows)
    grid = [[""] * depth + [group for group, _ in columns], [""] * depth + [name for _, name in columns]]
    for labels, cells in rows.items():
        grid.append(list(labels) + [labels[-1]] * (depth - len(labels)) + [cells.get(c, "") for c in columns])
    return RawTable(tuple(tuple(r) for r in grid), Location(line=0))


# "自然人：新收申请47件，上年结转2件；予以公开18件，…，无法提供19件（其中本机关不掌握相关政府信息19件），…": table 三
# written a sentence per applicant, each figure after its row's words, the 其中 of a row in brackets after it
_APPLICANT_SENTENCE = re.compile(r"^(自然人|法人或其他组织(?:\s*[（(]\s*(商业企业|科研机构|社会公益组织|法律服务机构|其他(?:组织)?)"
                                 r"\s*[）)])?|商业企业|科研机构|社会公益组织|法律服务机构|其他(?:组织)?|总计|合计)"
                                 r"(?:\s*[（(]\s*法人或其他组织\s*[）)])?\s*[：:]\s*(.+)$")
_NO_REQUESTS = re.compile(r"^(?:自然人|法人|商业企业|科研机构|社会公益组织|法律服务机构|其他)[^0-9０-９]*$")
_FIGURE_PIECE = re.compile(r"^(?:其中)?\s*(.+?)\s*(\d[\d,]*)\s*(?:件|条|个|项)\s*(?:[（(]\s*(?:其中)?(.*?)[）)])?\s*$")
_OUTSIDE_BRACKETS = re.compile(r"[，,；;。](?![^（(]*[）)])")
_AFTER_A_FIGURE = re.compile(r"(?<=[件条个项])\s*[，,、；;]")  # "A2件、B1件", not the 、 inside a row's name


def applicant_sentence_tables(lines: Sequence[Numbered]) -> list[tuple[int, int, RawTable]]:
    """Table 三 written as one sentence per applicant ("自然人：新收申请47件，…；予以公开18件，…", "总计：…"), as
    (first line index, index after the last, table): each sentence's applicant is its figures' column,
    the words before each figure its row (a bracket's 其中 items the rows under it); the applicants a
    sentence says made no request ("科研机构、社会公益组织：本年度均未提出申请") have 0 in every row, the
    columns no sentence names stay empty. At least two sentences of three figures or more."""
    found: list[tuple[int, int, RawTable]] = []
    i = 0
    while i < len(lines):
        j, said, none = i, {}, []
        while j < len(lines):
            text = _LIST_MARK.sub("", MARKS_BEFORE.sub("", lines[j][1].strip().strip("\u3000")))  # "- 自然人：…"
            m = _APPLICANT_SENTENCE.match(text)
            pieces = _sentence_figures(m.group(3)) if m else []
            if pieces and said and all(figure == "0" for _, figure, _ in pieces):
                idle = m.group(2) or m.group(1)  # "科研机构：本年新收0件，上年结转0件，无办理情况。"
                none.append("其他" if idle.startswith("其他") else idle)
            elif len(pieces) >= 3:
                column = m.group(2) or ("总计" if m.group(1) == "合计" else m.group(1))
                said["其他" if column.startswith("其他") else column] = pieces
            elif said and _NO_REQUESTS.match(text):  # (a line of no figure)
                none += [n for n in _COLUMN_ORDER if n in text.split("：")[0].split(":")[0]]
            elif text or not said:
                break
            j += 1
        if len(said) >= 2:
            pattern = next(iter(said.values()))
            subs: dict[str, list[str]] = {}  # each row's 其中 rows, as any sentence names them
            for pieces in said.values():
                for label, _, inner in pieces:
                    subs.setdefault(label, [])
                    subs[label] += [sub for sub, _, _ in inner if sub not in subs[label]]
            said = {column: [(label, figure, _all_inside(figure, inner, subs.get(label, ())))
                             for label, figure, inner in pieces] for column, pieces in said.items()}
            for column in none:
                said.setdefault(column, [(label, "0", [(sub, "0", []) for sub, _, _ in inner])
                                         for label, _, inner in pattern])
            items = []
            for column in (c for c in _COLUMN_ORDER if c in said):
                items += [(0, column)] if column in _APPLICANTS else [(0, "法人或其他组织"), (2, column)]
                for label, figure, inner in said[column]:
                    items.append((4, f"{label}：{figure}"))
                    if inner:
                        items += [(4, label)] + [(6, f"{sub}：{n}") for sub, n, _ in inner]
            table = _applicants_outside(items)
            if table is not None:
                found.append((i, j, table))
                i = j
                continue
        i += 1
    return found


_LIST_MARK = re.compile(r"^(?:[-*+]\s+|\d{1,2}[.、．]\s*|[（(]\d{1,2}[）)]\s*)")
_COLUMN_ORDER = _COLUMN_WORDS[REQUESTS]


def _all_inside(figure: str, inner: list, subs: Sequence[str]) -> list:
    """A row's 其中 rows with those it leaves out as 0 when the ones it names make its figure (a row of 0:
    each of them 0); as named otherwise."""
    if sum(int(n) for _, n, _ in inner) != int(figure):
        return inner
    named = {sub: n for sub, n, _ in inner}
    return [(sub, named.get(sub, "0"), []) for sub in subs] if subs else inner


def _sentence_figures(said: str) -> list:
    """The (row words, figure, [(其中 row words, figure, [])…]) of a sentence's "label N件" pieces."""
    pieces = []
    for piece in _OUTSIDE_BRACKETS.split(said):
        m = _FIGURE_PIECE.match(piece.strip())
        if not m:
            continue
        inner = [(x.group(1), x.group(2), []) for x in map(_FIGURE_PIECE.match, _AFTER_A_FIGURE.split(m.group(3) or ""))
                 if x]
        pieces.append((m.group(1).strip(), m.group(2).replace(",", ""), inner))
    return pieces


_CAPTION_CELL = re.compile(r"^[^，,。；;！!？?]{2,40}$")


def tab_tables(lines: Sequence[Numbered]) -> list[tuple[int, int, RawTable]]:
    """Tables copied from a web page or a Word table as text, a row a line with its cells apart by
    tabs (a row of one cell, 第二十条第（五）项, has none), as (first line index, index after the
    last, table): a row of as many cells as the header above under the header's columns; another
    its label cells to the left, its figures (blank, dash and 〇 included) to the right, the cells it
    leaves out (a label spanning rows) empty; a row of one cell spread across it.
    At least two rows with figures, or one of five; for the fitter, like pdftotext's tables."""
    found: list[tuple[int, int, RawTable]] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i][1].strip(" \u3000"):
            i += 1
            continue
        above = lines[i - 1][1].strip() if i else ""
        # the row of one cell above the first ("第二十条第（一）项"), not the section's heading
        start = i - 1 if _CAPTION_CELL.match(above or "。") and not _SECTION.match(above) else i
        j = i
        while j < len(lines):
            text = lines[j][1].strip(" \u3000")
            if "\t" in text:
                j += 1
            elif _CAPTION_CELL.match(text.strip() or "。") and not _SECTION.match(text) and j + 1 < len(lines) \
                    and "\t" in lines[j + 1][1].strip(" \u3000"):
                j += 1  # a row of one cell between rows of several; a section's heading ends the table
            else:
                break
        rows = [[c.strip() for c in lines[k][1].strip(" \u3000").split("\t")] for k in range(start, j)]
        table = _tab_grid(rows)
        if table is not None:
            found.append((start, j, table))
        i = j
    return found


def csv_tables(lines: Sequence[Numbered]) -> list[tuple[int, int, RawTable]]:
    """Tables copied out of a spreadsheet as comma-separated lines (a header line, then a row a line,
    a label spanning rows written once and left empty below), as (first line index, index after the
    last, table): each run of two lines or more that split into as many fields as each other (at least
    two, quotes as the csv module reads them), one of them with two figures, or a header over rows
    of a figure each.
    Prose keeps its commas full-width, and a thousands separator ("1,254条") gives no such run."""
    def fields(text: str) -> Optional[list[str]]:
        text = text.strip(" \u3000")
        if text.count(",") < 1 or "，" in text and text.count(",") < 2:
            return None
        row = [c.strip() for c in next(csv.reader([text]))]
        return row if len(row) >= 2 and all(len(c) <= 80 for c in row) else None

    found: list[tuple[int, int, RawTable]] = []
    i = 0
    while i < len(lines):
        first = fields(lines[i][1])
        rows = [first] if first else []
        while rows and i + len(rows) < len(lines) and (row := fields(lines[i + len(rows)][1])) is not None \
                and len(row) == len(first):
            rows.append(row)
        j = i + max(len(rows), 1)
        figures = [sum(1 for c in row if c and is_value(c)) for row in rows]
        headed = figures and figures[0] == 0 and all(n >= 1 for n in figures[1:])  # "信息内容,本年处理决定数量"
        if len(rows) >= 2 and (any(n >= 2 for n in figures) or headed):
            found.append((i, j, RawTable(grid=tuple(tuple(r) for r in rows), where=Location())))
        i = max(j, i + 1)
    return found


def _tab_grid(rows: list[list[str]]) -> Optional[RawTable]:
    valued = [sum(1 for c in r if is_value(c) and c) for r in rows]
    if sum(1 for n in valued if n) < 2 and max(valued, default=0) < 5:  # table 四: one row of 15 figures
        return None
    width = max(len(r) for r in rows)
    grid, header = [], 0
    for row in rows:
        figures = 0
        while figures < len(row) - 1 and is_value(row[len(row) - 1 - figures]):  # an empty cell is a blank
            figures += 1
        labels, values = row[:len(row) - figures], row[len(row) - figures:]
        if figures and len(row) == header:  # as many cells as the header above: under its columns
            grid.append(tuple(row + [""] * (width - len(row))))
        elif figures:  # the cells a row leaves out (a label spanning rows) are the labels'
            grid.append(tuple(labels + [""] * (width - len(row)) + values))
        else:  # a header or a row of one cell: its last cell spans what is left
            grid.append(tuple(labels + [labels[-1]] * (width - len(labels))))
            header = len(row)
    return RawTable(grid=tuple(grid), where=Location())


_HEADER_CELL = re.compile(r"[\u4e00-\u9fffA-Za-z（）()]{2,16}")


def spaced_tables(lines: Sequence[Numbered]) -> list[tuple[int, int, RawTable]]:
    """Small tables that ``pdftotext -layout`` kept as columns apart by runs of spaces outside the
    national tables' regions (信息处理费: 通知收取件数 / 通知收取金额（元） / 实际收取金额（元）): a line of
    two or more header words, then rows each of one label and as many figures as the header has
    words, as (first line index, index after the last, table)."""
    found: list[tuple[int, int, RawTable]] = []
    i = 0
    while i < len(lines) - 1:
        header = _CELL_GAP.split(lines[i][1].strip())
        if len(header) < 2 or not all(_HEADER_CELL.fullmatch(h) for h in header):
            i += 1
            continue
        rows, j = [], i + 1
        while j < len(lines):
            cells = _tokens(lines[j][1])
            if len(cells) != len(header) + 1 or _figure(cells[0]) or not all(_figure(c) for c in cells[1:]):
                break
            rows.append(tuple(cells))
            j += 1
        if rows:
            grid = (("", *header), *rows)
            found.append((i, j, RawTable(grid=grid, where=Location())))
            i = j
        else:
            i += 1
    return found
