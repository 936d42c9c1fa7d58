"""Read a plain-text or Markdown report: encoding, crawler header, paragraphs and tables.

Text reports come in three shapes, all read here:
- one paragraph a line, tables flattened one cell a line (``cell |``, an empty cell a lone ``|``);
- a crawler's ``page.txt``: a header (标题: … ==== 正文 ====) and the whole body on ONE line,
  site breadcrumb included, tables run together (``一、本年新收…801000081``) or space-separated
  (``主动公开信息数 条 425 1516``);
- Markdown with ``| a | b |`` tables, or with ``<table>`` blocks (MinerU), read by the HTML reader;
- ``pdftotext`` output (with or without ``-layout``): its tables cut out by ``corpus.layout``
  before the hard-wrapped lines are joined.

Tables come out as ``RawTable`` grids shaped like the HTML reader's grid of the same table:
flattened tables are rebuilt by ``corpus.flattened``, tables inside a crawler's one-line body
are cut out by ``corpus.embedded``, and figures that ran together are split by ``corpus.runs``
only where exactly one split is possible; any other such cell is ``None`` (unreadable), never a
guess.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Optional

from corpus.embedded import embedded_tables
from corpus.errors import ReportError
from corpus.files import content_hash
from corpus.flattened import compact, flattened_table
from corpus.layout import (applicant_sentence_tables, cell_line_tables, colon_tables, csv_tables, layout_tables,
                           leader_line, list_tables, path_tables, spaced_tables, tab_tables)
from corpus.markdown import (BOX_TOP, GRID_BORDER, as_grid, grid_table, is_grid_line, opening_text, pipe_row, pipe_table,
                             settle_tables)
from corpus.paragraphs import unwrap
from corpus.records import Block, Document, Line, Location, RawTable

# ---------------------------------------------------------------- decoding


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode report bytes: BOM, else strict UTF-8, GBK, GB18030, else charset-normalizer's guess.

    Returns (text, encoding). Raises ReportError for binary junk or undecodable bytes.
    """
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReportError(f"{name}: binary data (NUL bytes), not a text report; "
                          "give the report as UTF-8/GBK text, .html, .pdf or .docx")
    from corpus.encoding import decode_report  # UTF-8/GBK/GB18030/Big5, mojibake refused

    text, encoding = decode_report(data, name)
    return _not_binary(text, name), encoding


def _not_binary(text: str, name: str) -> str:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if controls > max(3, len(text) // 200):
        raise ReportError(f"{name}: binary data ({controls} control characters), not a text "
                          "report; give the report as UTF-8/GBK text, .html, .pdf or .docx")
    return text


# ---------------------------------------------------------------- reading

_CRAWLER_TITLE = re.compile(r"^\s*标题\s*[:：]\s*(.*)$")
_CRAWLER_END = re.compile(r"^\s*=+\s*正文\s*=+\s*$")
_BREADCRUMB = (re.compile(r"^\s*当前位置\s*[:：].{0,400}?相关链接\s*[:：]?\s*-->\s*"),
               re.compile(r"^\s*当前位置\s*[:：].{0,400}?文件下载\s*"))
_WORD_COMMENT = re.compile(r"<!--\[(?:if [^\]]*|endif)\]-->")
_TRAILER = re.compile(r"\s*附件下载\s*$")


def read(path: Path, data: bytes) -> Document:
    """Read a .txt/.md report into a Document of Lines and RawTables in reading order.

    A crawler header gives ``title_hint`` and is not report text. Raises ReportError for an
    empty file or binary junk.
    """
    name = str(path)
    text, encoding = decode(data, name)
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise ReportError(f"{name}: empty file (no text); give a report with content")
    title, start = _crawler_header(lines)
    body = [(n + 1, leader_line(_strip_markdown(_strip_furniture(line)))) for n, line in enumerate(lines) if n >= start]
    blocks: list[Block] = []
    markdown: set[int] = set()  # indices of the blocks that are Markdown or pdftotext tables
    pos = 0
    for start, end, table in table_spans(body):
        # pdftotext's tables and old tables one cell a line, before lines are joined
        _read_lines(unwrap(body[pos:start]), title, blocks, markdown)
        markdown.add(len(blocks))
        blocks.append(replace(table, where=Location(line=body[start][0] if start < len(body) else 0)))
        pos = end
    _read_lines(unwrap(body[pos:]), title, blocks, markdown)
    if not blocks:
        raise ReportError(f"{name}: empty file (no report text after the crawler header)")
    blocks = settle_tables(_with_captions(blocks), markdown, opening_text(title, blocks))
    return Document(path=name, format="txt", blocks=tuple(blocks),
                    content_hash=content_hash(data), title_hint=title, encoding=encoding)


def table_spans(body: list[tuple[int, str]]) -> list[tuple[int, int, RawTable]]:
    """The tables set in plain text among ``body``'s (line number, line) pairs, each as (start, end,
    table) with ``body[start:end]`` its lines, in order and apart, each kind of table found where
    no surer kind stands (the text reader's, and an HTML page's ``<pre>``)."""
    drawn = _grid_spans(body)  # tables drawn with borders (+--+, ┌─┐): their lines say every cell
    tabbed = drawn + _outside(drawn, tab_tables(body))  # cells apart by tabs say where each cell is: before layout
    tabbed += _outside(tabbed, csv_tables(body))  # and so do commas, copied out of a spreadsheet
    tabbed += _outside(tabbed, bare_pipe_tables(body))  # and "规章 | 0 | 0 | 0": bars with no Markdown rule
    tabbed += _outside(tabbed, list_tables(body, applicants_outside=True))  # "- 自然人" / "  - 本年新收…：8"
    tabbed += _outside(tabbed, applicant_sentence_tables(body))  # "自然人：新收申请47件，…" a sentence per applicant
    tabbed += _outside(tabbed, colon_tables(body))  # and so does "自然人：26" under its row's heading
    tabbed += _outside(tabbed, path_tables(body))  # and "一、本年新收…，自然人：22", its row and column in words
    # then the national tables' regions (from their headings), then one-cell-a-line and list tables outside them
    laid = tabbed + _outside(tabbed, layout_tables(body))
    laid += _outside(laid, spaced_tables(body))  # small tables set out with spaces (信息处理费) outside those
    return _without_overlaps(laid + _outside(laid, cell_line_tables(body) + list_tables(body)))


_BAR = re.compile(r"\s[|｜]\s")  # a cell separator: a bar with space on both sides ("自然人 | 3")


def bare_pipe_tables(body: list[tuple[int, str]]) -> list[tuple[int, int, RawTable]]:
    """Tables whose cells are set apart by bars with no Markdown rule line and no outer bars
    ("行政处罚 | 1284"), as a user's or converter's plain text writes them: each run of two lines or
    more of such rows, one of them with a figure, is a table, every row's cells aligned on the right
    (a label spanning rows is written once, on its first row only). Lines opening with a bar or holding
    a Markdown rule are Markdown's, read as such."""
    def cells(line: str) -> Optional[list[str]]:
        text = line.strip()
        if text.startswith(("|", "｜")) or re.search(r"-{3,}\s*[|｜]|[|｜]\s*:?-{3,}", text) or not _BAR.search(text):
            return None
        parts = [c.strip() for c in re.split(r"[|｜]", text)]
        return parts if len(parts) >= 2 and all(parts) else None

    out, i = [], 0
    while i < len(body):
        run = []
        while i + len(run) < len(body) and (row := cells(body[i + len(run)][1])) is not None:
            run.append(row)
        if len(run) >= 2 and any(re.fullmatch(r"\d[\d,.]*", c) for row in run for c in row):
            width = max(len(row) for row in run)
            grid = tuple(tuple([""] * (width - len(row)) + row) for row in run)
            out.append((i, i + len(run), RawTable(grid=grid)))
        i += max(1, len(run))
    return out


def _outside(kept: list, others: list) -> list:
    """The (start, end, table) spans of ``others`` that overlap none of ``kept``."""
    return [o for o in others if all(o[1] <= k[0] or o[0] >= k[1] for k in kept)]


def _without_overlaps(tables: list) -> list:
    """(start, end, table) spans in order, each starting after the one before it ends."""
    kept, end = [], 0
    for span in sorted(tables, key=lambda t: t[0]):
        if span[0] >= end:
            kept.append(span)
            end = span[1]
    return kept


def _read_lines(body: list[tuple[int, str]], title: str, blocks: list[Block], markdown: set[int]) -> None:
    """Append the blocks of ``body`` (joined lines) to ``blocks``; ``markdown`` gets the indices
    of the Markdown tables among them."""
    if title and not blocks:
        body = _split_title(body, title)
    # a crawler body or a very long line holds many paragraphs run together: split them
    one_line = bool(title) and sum(1 for _, line in body if line.strip()) <= 2
    i = 0
    while i < len(body):
        line_no, line = body[i]
        if _pipe_cell(line) is not None:
            cells = []
            while i < len(body) and (cell := _pipe_cell(body[i][1])) is not None:
                cells.append(cell)
                i += 1
            blocks.append(replace(flattened_table(cells), where=Location(line=line_no)))
        elif _TABLE_OPEN.match(line):
            j = i
            while j < len(body) - 1 and not _TABLE_CLOSE.search(body[j][1]):
                j += 1
            for table in html_tables("\n".join(text for _, text in body[i:j + 1]), str(line_no)):
                markdown.add(len(blocks))
                blocks.append(replace(table, where=Location(line=line_no)))
            i = j + 1
        elif pipe_row(line) is not None:
            rows = []
            while i < len(body) and (row := pipe_row(body[i][1])) is not None:
                rows.append(row)
                i += 1
            table = pipe_table(rows)
            if table is not None:
                markdown.add(len(blocks))
                blocks.append(replace(table, where=Location(line=line_no)))
        else:
            loose = one_line or len(line) > 3000
            blocks.extend(_running_text(line, Location(line=line_no), loose))
            i += 1


def _grid_spans(body: list[tuple[int, str]]) -> list[tuple[int, int, RawTable]]:
    """(start, end, table) of every table drawn with borders in ``body``."""
    out, i = [], 0
    while i < len(body):
        line = body[i][1]
        grid = _grid_block(body, i) if GRID_BORDER.match(line) or BOX_TOP.match(line) else None
        if grid:
            out.append((i, grid[1], grid[0]))
            i = grid[1]
        else:
            i += 1
    return out


def _grid_block(body: list[tuple[int, str]], i: int) -> Optional[tuple[RawTable, int]]:
    """The grid table whose border starts at ``body[i]`` and the index after it, else None."""
    for wide in (False, True):  # box characters one column wide, or two as a Chinese font sets them
        lines = []
        for _, text in body[i:]:
            line = as_grid(text, wide)
            if not is_grid_line(line):
                break
            lines.append(line)
        table = grid_table(lines, wide) if len(lines) >= 3 else None
        if table is not None and not any("|" in (cell or "") for row in table.grid for cell in row):
            return table, i + len(lines)  # (a bar inside a cell: the columns read at the wrong width)
    return None


_TABLE_OPEN = re.compile(r"^\s*(?:<html[^>]*>\s*)?(?:<body[^>]*>\s*)?(?:<div[^>]*>\s*)?<table[\s>]", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)


def html_tables(html: str, name: str) -> list[RawTable]:
    """The ``<table>`` blocks a converter (MinerU) wrote into Markdown, read by the HTML reader
    (rowspan/colspan expanded); joined and fitted later like pipe tables."""
    from corpus.html import expand_table, parse

    root = parse(html, name)
    if root is None:
        return []
    grids = [expand_table(t, name) for t in root.iter("table")]
    return [RawTable(grid=g) for g in grids if g]


def _crawler_header(lines: list[str]) -> tuple[str, int]:
    """The title and the index of the first body line of a crawler page.txt, else ("", 0)."""
    first = _CRAWLER_TITLE.match(lines[0]) if lines else None
    if first:
        for i, line in enumerate(lines[:30]):
            if _CRAWLER_END.match(line):
                return first.group(1).strip(), i + 1
    return "", 0


def _strip_furniture(line: str) -> str:
    """Drop the site's breadcrumb and share buttons, Word comments and the download link."""
    for crumb in _BREADCRUMB:
        if crumb.match(line):
            line = crumb.sub("", line, count=1)
            break
    return _TRAILER.sub("", _WORD_COMMENT.sub("", line))


def _split_title(body: list[tuple[int, str]], title: str) -> list[tuple[int, str]]:
    """Put the title on its own line where the first body line starts with it (spaces ignored)."""
    first = next((n for n, (_, line) in enumerate(body) if line.strip()), None)
    if first is None:
        return body
    line_no, line = body[first][0], body[first][1].strip()
    want, pos, got = compact(title), 0, 0
    while pos < len(line) and got < len(want):
        if line[pos].isspace():
            pos += 1
        elif line[pos] == want[got]:
            pos, got = pos + 1, got + 1
        else:
            return body
    if got < len(want) or not line[pos:].strip():
        return body
    return body[:first] + [(line_no, line[:pos]), (line_no, line[pos:])] + body[first + 1:]


def _pipe_cell(line: str) -> Optional[str]:
    """The cell of a flattened-table line (``text |``; ``|`` alone is an empty cell), else None."""
    s = line.strip()
    if s == "|":
        return ""
    if s.count("|") == 1 and s.endswith("|") and s[-2].isspace():
        return s[:-1].strip()
    return None


_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|(?<![\w.])__(?=\S)(.+?)(?<=\S)__(?!\w)")  # __x__ inside a word is not emphasis


def _strip_markdown(line: str) -> str:
    """A Markdown line's text without heading marks and bold marks (``## 一、总体情况`` -> ``一、总体情况``)."""
    line = _MARKDOWN_HEADING.sub("", line)
    return _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line) if "**" in line or "__" in line else line


_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|附[表件]|\d{1,2}[.、．])")


def _with_captions(blocks: list[Block]) -> list[Block]:
    """Give each table the nearest heading-like line above it (not past an earlier table)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, RawTable) and not block.caption:
            for prev in reversed(out):
                if isinstance(prev, RawTable):
                    break
                t = prev.text.strip()
                if len(t) <= 60 and (_HEADING.match(t) or t.endswith(("表", "统计", "情况"))):
                    block = replace(block, caption=t)
                    break
        out.append(block)
    return out


def _running_text(text: str, where: Location, loose: bool) -> list[Block]:
    """A line of running text, with the tables embedded in it cut out as grids; ``loose`` text
    (paragraphs run together on one line) is split into paragraphs."""
    blocks: list[Block] = []
    pos = 0

    def prose(part: str) -> None:
        paragraphs = split_paragraphs(part) if loose else [part.strip()]
        blocks.extend(Line(p, where) for p in paragraphs if p)

    for start, end, grid in embedded_tables(text):
        prose(text[pos:start])
        blocks.append(RawTable(grid=grid, where=where))
        pos = end
    prose(text[pos:])
    return blocks


# ---------------------------------------------------------------- paragraphs

_MARKER = re.compile(r"[一二三四五六七八九十]{1,3}、|[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2})[）)]"
                     r"|\d{1,2}[.、．](?=[^\d\s.])|附[表件][一二三四五六七八九十\d]{1,2}")
_FIRST_MARKER = re.compile(r"(?:一、|[（(](?:一|1)[）)]|1[.、．])")
_SENTENCE_END = "。；！？!?;"
_DATE_END = re.compile(r"[\d〇○零一二三四五六七八九十]{4}年[\d〇○零一二三四五六七八九十]{1,2}月"
                       r"(?:[\d〇○零一二三四五六七八九十]{1,3}日)?$")


def split_paragraphs(text: str) -> list[str]:
    """Split running text into paragraphs so that every heading (一、 （一） 1. （1） 附表一 附件1)
    starts a new one; also break after a sentence or a date followed by a space, and after a
    short heading title followed by a space. No character of content is dropped."""
    text = text.strip()
    cuts = {0}
    for m in _MARKER.finditer(text):
        i = m.start()
        prev = text[i - 1] if i else ""
        if not prev or prev.isdigit() or prev in ".．":
            continue
        if prev.isspace() or prev in _SENTENCE_END or prev in "：:":
            cuts.add(i)
            continue
        segment = text[max(c for c in cuts if c < i):i].strip()
        if (_FIRST_MARKER.fullmatch(m.group()) and "\u4e00" <= prev <= "\u9fff" and len(segment) <= 40
                and _MARKER.match(segment) and not re.search("[，。；]", segment)):
            cuts.add(i)
    for m in re.finditer(r"\s+", text):
        before = text[:m.start()]
        if before and (before[-1] in _SENTENCE_END or _DATE_END.search(before)):
            cuts.add(m.end())
    bounds = sorted(cuts) + [len(text)]
    pieces = [text[a:b].strip() for a, b in zip(bounds, bounds[1:])]
    return [p for piece in pieces if piece for p in _heading_title(piece)]


def _heading_title(piece: str) -> list[str]:
    """``一、 概述 推进…`` -> [``一、 概述``, ``推进…``]: a short heading title ends at a space."""
    m = _MARKER.match(piece)
    if not m:
        return [piece]
    for space in re.finditer(r"\s+", piece[m.end():]):
        title = piece[m.end():m.end() + space.start()].strip()
        if len(title) > 25 or re.search("[，。；：:,]", title):
            break
        if len(title) >= 2:
            cut = m.end() + space.end()
            return [piece[:m.end() + space.start()].strip(), piece[cut:]] if piece[cut:] else [piece]
    return [piece]
