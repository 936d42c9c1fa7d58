"""Read a plain-text or Markdown report: encoding, crawler header, paragraphs and tables.

Text reports come in three shapes, all read here:
- one paragraph a line, tables flattened one cell a line (``cell |``, an empty cell a lone ``|``);
- a crawler's ``page.txt``: a header (标题: … ==== 正文 ====) and the whole body on ONE line,
  site breadcrumb included, tables run together (``一、本年新收…801000081``) or space-separated
  (``主动公开信息数 条 425 1516``);
- Markdown with ``| a | b |`` tables.

Tables come out as ``RawTable`` grids shaped like the HTML reader's grid of the same table
(rowspan/colspan expanded by repeating the spanning text), so the table builder sees one shape
whatever the format: see ``_proactive``, ``_requests`` and ``_review`` for the national tables. Cells that ran together are split only where exactly one split is
possible (each number well formed, each row's parts adding up to its total, the requests
table's column identities); any other such cell is ``None`` (unreadable), never a guess.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import product
from math import prod
from pathlib import Path
from typing import Callable, Optional

from corpus.errors import ReportError
from corpus.files import content_hash
from corpus.records import Block, Document, Line, Location, RawTable

Cell = Optional[str]
Grid = tuple[tuple[Cell, ...], ...]

# ---------------------------------------------------------------- decoding


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode report bytes: BOM, else strict UTF-8, GBK, GB18030, else charset-normalizer's guess.

    Returns (text, encoding). Raises ReportError for binary junk or undecodable bytes.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _not_binary(data.decode(encoding), name), encoding
            except UnicodeDecodeError:
                raise ReportError(f"{name}: starts with a {encoding} byte-order mark but is not "
                                  f"valid {encoding}; re-save it as UTF-8 text") from None
    if b"\x00" in data:
        raise ReportError(f"{name}: binary data (NUL bytes), not a text report; "
                          "give the report as UTF-8/GBK text, .html, .pdf or .docx")
    for encoding in ("utf-8", "gbk", "gb18030"):
        try:
            return _not_binary(data.decode(encoding), name), encoding
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes  # only for the rare file no CJK codec reads

    best = from_bytes(data).best()
    if best is None:
        raise ReportError(f"{name}: not readable as text in any known encoding (tried UTF-8, "
                          "GBK, GB18030); re-save it as UTF-8 text")
    return _not_binary(str(best), name), best.encoding


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
    body = [(n + 1, _strip_furniture(line)) for n, line in enumerate(lines) if n >= start]
    if title:
        body = _split_title(body, title)
    # a crawler body or a very long line holds many paragraphs run together: split them
    one_line = bool(title) and sum(1 for _, line in body if line.strip()) <= 2
    blocks: list[Block] = []
    i = 0
    while i < len(body):
        line_no, line = body[i]
        if _pipe_cell(line) is not None:
            cells = []
            while i < len(body) and (cell := _pipe_cell(body[i][1])) is not None:
                cells.append(cell)
                i += 1
            blocks.append(replace(flattened_table(cells), where=Location(line=line_no)))
        elif _markdown_row(line) is not None:
            rows = []
            while i < len(body) and (row := _markdown_row(body[i][1])) is not None:
                if not all(re.fullmatch(r":?-{3,}:?", c) for c in row):
                    rows.append(row)
                i += 1
            width = max((len(r) for r in rows), default=0)
            if rows:
                grid = tuple(tuple(r) + ("",) * (width - len(r)) for r in rows)
                blocks.append(RawTable(grid=grid, where=Location(line=line_no)))
        else:
            loose = one_line or len(line) > 3000
            blocks.extend(_running_text(line, Location(line=line_no), loose))
            i += 1
    if not blocks:
        raise ReportError(f"{name}: empty file (no report text after the crawler header)")
    return Document(path=name, format="txt", blocks=tuple(_with_captions(blocks)),
                    content_hash=content_hash(data), title_hint=title, encoding=encoding)


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
    want, pos, got = _compact(title), 0, 0
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


def _markdown_row(line: str) -> Optional[list[str]]:
    """The cells of a Markdown table row ``| a | b |``, else None."""
    s = line.strip()
    if s.count("|") < 3 or not (s.startswith("|") and s.endswith("|")):
        return None
    return [c.strip() for c in s[1:-1].split("|")]


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


# ---------------------------------------------------------------- cells and runs

_VALUE = re.compile(r"[-+−]?\d[\d,，]*(?:\.\d+)?\s*(?:%|％|万元|亿元|元|万|亿|件|条|个|人次|人|次|项)?")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元|%)?")
_RUN = re.compile(r"(?:-?\d+(?:\.\d+)?(?:万元|元|%)?[^\S\n]*)+")
_MAX_CANDIDATES = 64


def is_value(cell: Cell) -> bool:
    """Whether a cell holds a figure or is blank / a dash, as opposed to a label."""
    if cell is None:
        return True
    s = cell.strip()
    return s in ("", "-", "—", "–", "－", "/", "／") or bool(_VALUE.fullmatch(s))


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _number(cell: Cell) -> Optional[Decimal]:
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)(?:万元|元|%)?", (cell or "").strip())
    return Decimal(m.group(1)) if m else None


def _adds_up(cells: list[str]) -> bool:
    """Whether the first cells of a group add up to its last (its total)."""
    nums = [_number(c) for c in cells]
    return None not in nums and sum(nums[:-1]) == nums[-1]


def split_run(run: str, k: int, group: Optional[int] = None) -> list[list[str]]:
    """Every way to read a run of digits as ``k`` well-formed numbers (no leading zeros;
    whitespace in the run is a cell boundary), keeping only splits where each ``group`` of
    cells adds up to its last cell. Returns at most 65 readings (more means: not provable)."""
    chunks = run.split()
    if not chunks or len(chunks) > k or sum(map(len, chunks)) > 96:
        return []
    if group == k and k > 1 and all(c.isdigit() for c in chunks):
        return _split_with_total(chunks, k)
    out: list[list[str]] = []
    parts: list[str] = []
    budget = [100_000]

    def walk(ci: int, pos: int) -> None:
        budget[0] -= 1
        if budget[0] < 0 or len(out) > _MAX_CANDIDATES:
            return
        if ci == len(chunks):
            if len(parts) == k:
                out.append(list(parts))
            return
        chunk = chunks[ci]
        if pos == len(chunk):
            return walk(ci + 1, 0)
        if len(parts) + len(chunks) - ci > k:
            return
        if group and len(parts) % group == group - 1:
            # the group's last cell is its total: only the sum of the others can come next
            members = parts[len(parts) - group + 1:]
            if all(p.lstrip("-").isdigit() for p in members):
                total = str(sum(int(p) for p in members))
                if chunk.startswith(total, pos):
                    parts.append(total)
                    walk(ci, pos + len(total))
                    parts.pop()
                return
        for end in range(pos + 1, len(chunk) + 1):
            piece = chunk[pos:end]
            if not _NUMBER.fullmatch(piece):
                continue
            parts.append(piece)
            if not (group and len(parts) % group == 0 and not _adds_up(parts[-group:])):
                walk(ci, end)
            parts.pop()

    walk(0, 0)
    return out if budget[0] >= 0 else out + [[]] * (_MAX_CANDIDATES + 1)


def _split_with_total(chunks: list[str], k: int) -> list[list[str]]:
    """``split_run`` for one row of whole numbers ending in its total: try each well-formed
    suffix as the total, then split the rest into ``k - 1`` parts that add up to it."""
    out: list[list[str]] = []
    last = chunks[-1]
    for start in range(len(last)):
        total = last[start:]
        head = chunks[:-1] + ([last[:start]] if start else [])
        if not head or not _NUMBER.fullmatch(total):
            continue
        out.extend(parts + [total] for parts in _parts_adding_to(head, k - 1, int(total)))
        if len(out) > _MAX_CANDIDATES:
            break
    return out


def _parts_adding_to(chunks: list[str], n: int, target: int) -> list[list[str]]:
    """Every split of digit chunks into ``n`` whole numbers (no leading zeros) adding to ``target``."""
    out: list[list[str]] = []
    parts: list[str] = []
    after = [sum(map(len, chunks[i + 1:])) for i in range(len(chunks))]

    def walk(ci: int, pos: int, acc: int) -> None:
        if len(out) > _MAX_CANDIDATES:
            return
        if ci == len(chunks):
            if len(parts) == n and acc == target:
                out.append(list(parts))
            return
        chunk = chunks[ci]
        if pos == len(chunk):
            return walk(ci + 1, 0, acc)
        for end in range(pos + 1, len(chunk) + 1):
            piece = chunk[pos:end]
            if (len(piece) > 1 and piece[0] == "0") or acc + int(piece) > target:
                break  # a longer piece is malformed or larger still
            parts_left, digits_left = n - len(parts) - 1, len(chunk) - end + after[ci]
            if digits_left < parts_left:
                break  # too few digits left for the parts still to come
            if parts_left < len(chunks) - ci - 1 + (end < len(chunk)):
                continue  # too few parts left for the digits still to come
            room = target - acc - int(piece)
            if parts_left:
                most = 10 ** (digits_left - parts_left + 1) - 1 + 9 * (parts_left - 1)
                widest = -(-digits_left // parts_left)  # some part has at least this many digits
                if not (10 ** (widest - 1) if widest > 1 else 0) <= room <= most:
                    continue  # the digits left cannot make up what is left of the total
            parts.append(piece)
            walk(ci, end, acc + int(piece))
            parts.pop()

    walk(0, 0, 0)
    return out


def provable_rows(candidates: list[list[list[str]]], identities: list[list[tuple[int, int]]],
                  width: int) -> list[list[Cell]]:
    """Pick each row's reading: the only one, or the only one left once the table's identities
    (signed sums of rows that must be 0 in every column) rule the others out; else ``None`` cells."""
    fixed = {n: list(c[0]) for n, c in enumerate(candidates) if len(c) == 1}
    open_rows = {n for n, c in enumerate(candidates) if 1 < len(c) <= _MAX_CANDIDATES}
    usable = [ident for ident in identities
              if all(n in fixed or n in open_rows for n, _ in ident)
              and any(n in open_rows for n, _ in ident)
              and all(_number(v) is not None for n, _ in ident if n in fixed for v in fixed[n])]
    involved = sorted({n for ident in usable for n, _ in ident if n in open_rows})
    if involved and prod(len(candidates[n]) for n in involved) <= 50_000:
        survivors = []
        for combo in product(*(candidates[n] for n in involved)):
            rows = {**fixed, **dict(zip(involved, combo))}
            if all(sum(sign * _number(rows[n][j]) for n, sign in ident) == 0
                   for ident in usable for j in range(width)):
                survivors.append(combo)
        for j, n in enumerate(involved):
            readings = {tuple(s[j]) for s in survivors}
            if len(readings) == 1:
                fixed[n] = list(readings.pop())
    return [fixed.get(n, [None] * width) for n in range(len(candidates))]


# ---------------------------------------------------------------- table builders


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
    for build in (_proactive, _requests, _review):
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
    return token.kind == "label" and bool(_ITEM.match(_compact(token.text)))


def _proactive(tokens: list[Token]) -> Optional[Grid]:
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
_REQUEST_SUBS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


def _requests(tokens: list[Token]) -> Optional[Grid]:
    """Table 三 in the HTML's shape: 3 header rows and 3 label columns, then 自然人, the
    法人或其他组织 kinds and 总计; a row label with fewer levels repeats itself to fill the three
    label columns (rowspan/colspan); the corner cell (本列数据的勾稽关系…) fills the header's."""
    head_end = next((n for n, t in enumerate(tokens) if t.kind == "label" and _L1.match(t.text.strip())), None)
    head = [t.text.strip() for t in tokens[:head_end or 0] if t.kind == "label"]
    compact = [_compact(h) for h in head]
    if head_end is None or "申请人情况" not in compact or "自然人" not in compact:
        return None
    corner = next((h for h in head if _compact(h).startswith(("（本列", "(本列"))), "")
    subs = tuple(h for h, c in zip(head, compact) if c in _REQUEST_SUBS) or _REQUEST_SUBS
    orgs = next((h for h, c in zip(head, compact) if c.startswith("法人")), "法人或其他组织")
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


_REVIEW_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def _review(tokens: list[Token]) -> Optional[Grid]:
    """Table 四 in the HTML's shape: 15 columns; row 1 行政复议 ×5 + 行政诉讼 ×10, row 2 the five
    result names then 未经复议直接起诉 ×5 and 复议后起诉 ×5, row 3 the five names three times,
    then the figures (each group of five: four parts and their 总计)."""
    values = next((n for n, t in enumerate(tokens) if t.kind != "label"), None)
    labels = [_compact(t.text) for t in tokens[:values]]
    if values is None or not labels or labels[0] != "行政复议" or "行政诉讼" not in labels:
        return None
    direct = next((t for t in labels if "直接起诉" in t), "未经复议直接起诉")
    after = next((t for t in labels if t.endswith("复议后起诉")), "复议后起诉")
    grid: list[tuple[Cell, ...]] = [
        ("行政复议",) * 5 + ("行政诉讼",) * 10,
        _REVIEW_COLUMNS + (direct,) * 5 + (after,) * 5,
        _REVIEW_COLUMNS * 3,
    ]
    i = values
    while i < len(tokens):
        if tokens[i].kind == "label":
            return None
        cells, i = _take(tokens, i, 15, group=5)
        grid.append(tuple(cells))
    return tuple(grid)


# ---------------------------------------------------------------- tables inside running text

_H2 = re.compile(r"二、\s*主动公开政府信息情况")
_H3 = re.compile(r"三、\s*收到和处理政府信息公开申请情况")
_H4 = re.compile(r"四、\s*(?:政府信息公开)?\s*行政法?复议[、和及]?\s*行政诉讼情况")
_H5 = re.compile(r"五、")
_OLD_HEADER = re.compile(r"指标名称\s*计量\s*单位\s*((?:\d{4}|本)\s*年\s*度?|年末统计)\s*(历年累计)?")
_UNITS = ("人次", "万元", "元", "条", "件", "个", "人", "次", "项", "份")
_PROACTIVE_WORDS = sorted((
    "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "本年新制作数量", "本年新公开数量",
    "对外公开总数量", "上一年项目数量", "本年增/减", "本年处理决定数量", "处理决定数量",
    "本年收费金额（单位：万元）", "本年收费金额(单位:万元)", "采购项目数量", "采购总金额",
    "行政规范性文件", "规范性文件", "规章", "行政许可", "其他对外管理服务事项", "行政处罚",
    "行政强制", "行政事业性收费", "政府集中采购"), key=len, reverse=True)
_PROACTIVE_SPLIT = re.compile(r"第[一二三四五六七八九十]+条第[（(][一二三四五六七八九十]+[）)]项|"
                              + "|".join(map(re.escape, _PROACTIVE_WORDS)))
_REQUEST_SPLIT = re.compile(r"[（(]本列.*?[）)]|申请人情况|法人或其他组织|自然人|总计|"
                            + "|".join(_REQUEST_SUBS))
_ROW_MARK = re.compile(r"(?=[一二三四]、|[（(][一二三四五六七八九十][）)]|\d{1,2}[.、．])")
_REVIEW_SPLIT = re.compile(r"行政复议|行政诉讼|未经复议直接起诉|复议后起诉|" + "|".join(_REVIEW_COLUMNS))


def _running_text(text: str, where: Location, loose: bool) -> list[Block]:
    """A line of running text, with the tables embedded in it cut out as grids; ``loose`` text
    (paragraphs run together on one line) is split into paragraphs."""
    blocks: list[Block] = []
    pos = 0

    def prose(part: str) -> None:
        paragraphs = split_paragraphs(part) if loose else [part.strip()]
        blocks.extend(Line(p, where) for p in paragraphs if p)

    for start, end, grid in _embedded_tables(text):
        prose(text[pos:start])
        blocks.append(RawTable(grid=grid, where=where))
        pos = end
    prose(text[pos:])
    return blocks


def _embedded_tables(text: str) -> list[tuple[int, int, Grid]]:
    """The national tables and old statistics tables written inside one line, with their spans."""
    found = []
    h2, h3, h4 = _H2.search(text), _H3.search(text), _H4.search(text)
    if h2 and h3 and h3.start() > h2.end():
        start = text.find("第", h2.end(), h3.start())
        if 0 <= start - h2.end() < 40:
            found.append((start, h3.start(), _proactive, _by_words(_PROACTIVE_SPLIT)))
    if h3 and h4 and h4.start() > h3.end():
        found.append((h3.end(), h4.start(), _requests, _request_labels))
    if h4:
        h5 = _H5.search(text, h4.end())
        found.append((h4.end(), h5.start() if h5 else len(text), _review, _by_words(_REVIEW_SPLIT)))
    out = []
    for start, end, build, segment in found:
        runs = list(_RUN.finditer(text, start, end))
        end = runs[-1].end() if runs else end  # words after the last figures stay prose
        grid = build(_tokens(text[start:end], segment))
        if grid:
            out.append((start, end, grid))
    for m in _OLD_HEADER.finditer(text):
        table = _old_table(text, m)
        if table and not any(s < table[1] and m.start() < e for s, e, _ in out):
            out.append((m.start(), table[1], table[0]))
    return sorted(out, key=lambda t: t[0])


def _tokens(text: str, segment: Callable[[str], list[str]]) -> list[Token]:
    """Cut table text into labels and runs of figures. A sub-item's number glued to the figures
    before it (``…00000002.其他``) goes back to its label: the expected next number if the run
    ends with it, else the last digit."""
    raw: list[list[str]] = []
    pos = 0
    for m in _RUN.finditer(text):
        if m.start() > pos:
            raw.append(["label", text[pos:m.start()]])
        raw.append(["run", m.group()])
        pos = m.end()
    if pos < len(text):
        raw.append(["label", text[pos:]])
    last = 0
    for n, (kind, piece) in enumerate(raw):
        if kind != "label":
            continue
        s = piece.lstrip()
        if s[:1] in (".", "、", "．") and s[1:2] and not s[1].isdigit() and n and raw[n - 1][0] == "run":
            run = raw[n - 1][1].rstrip()
            digits = str(last + 1) if run.endswith(str(last + 1)) else run[-1:]
            if digits.isdigit():
                raw[n - 1][1], raw[n][1] = run[:-len(digits)], digits + s
        marks = list(re.finditer(r"(?:(?<!\d)(\d{1,2})[.、．](?=\D))|[一二三四]、|[（(][一二三四五六七八九十][）)]", raw[n][1]))
        last = int(marks[-1].group(1)) if marks and marks[-1].group(1) else 0
    merged: list[list[str]] = []
    for kind, piece in raw:
        if kind == "run" and not piece.strip():
            continue
        if merged and kind == "label" == merged[-1][0]:
            merged[-1][1] += piece
        else:
            merged.append([kind, piece])
    out = []
    for kind, piece in merged:
        if kind == "run":
            out.append(Token("run", piece.strip()))
        else:
            out.extend(Token("label", p) for p in segment(_compact(piece)) if p)
    return out


def _by_words(pattern: re.Pattern) -> Callable[[str], list[str]]:
    """A segmenter cutting label text into the template's known words (unknown text kept)."""
    def segment(text: str) -> list[str]:
        out, pos = [], 0
        for m in pattern.finditer(text):
            if m.start() > pos:
                out.append(text[pos:m.start()])
            out.append(m.group())
            pos = m.end()
        return out + ([text[pos:]] if pos < len(text) else [])
    return segment


def _request_labels(text: str) -> list[str]:
    """Cut the requests table's label text: header words, then one label per row marker."""
    first = re.search(r"[一二三四]、", text) if "申请人情况" in text else None
    head, rest = (text[:first.start()], text[first.start():]) if first else ("", text)
    return _by_words(_REQUEST_SPLIT)(head) + [p for p in _ROW_MARK.split(rest) if p]


def _old_table(text: str, header: re.Match) -> Optional[tuple[Grid, int]]:
    """An old statistics table (指标名称 | 计量单位 | 年度 | 历年累计) whose rows follow the header as
    ``label unit figures``; returns the grid and where the table ends in ``text``."""
    head = ["指标名称", "计量单位", _compact(header.group(1))] + (["历年累计"] if header.group(2) else [])
    k = len(head) - 2
    rest = text[header.end():]
    tokens = _tokens(rest, lambda s: [s])
    rows, consumed = [head], 0
    for n in range(0, len(tokens) - 1, 2):
        label, run = tokens[n], tokens[n + 1]
        unit = next((u for u in _UNITS if label.text.endswith(u)), None)
        if label.kind != "label" or run.kind != "run" or not unit or len(label.text) == len(unit):
            break
        readings = split_run(run.text, k)
        rows.append([label.text[:-len(unit)], unit] + (readings[0] if len(readings) == 1 else [None] * k))
        consumed = rest.find(run.text, consumed) + len(run.text)
    if len(rows) < 2:
        return None
    return tuple(tuple(r) for r in rows), header.end() + consumed


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
