"""Read an HTML report page: the report body without the site's furniture, tables as grids.

Government sites wrap each report in a page template (search box, navigation, breadcrumb,
share buttons, QR code, related links, footer). The body is found in two steps: an element
whose class or id names an article body (``TRS_Editor`` of the TRS CMS that most Chinese
government sites run, ``article_content``, ``zoom`` …), else the element that collects the most
paragraph text (a small readability-style score). Inside the body every paragraph, ``<div>``
text and ``<br>`` break becomes a ``Line``; every data ``<table>`` becomes a ``RawTable`` in
place, with rowspan/colspan expanded. Text is always plain text: markup is never kept.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction
from charset_normalizer import from_bytes

from corpus.errors import ReportError
from corpus.files import content_hash
from corpus.records import Block, Document, Line, Location, RawTable

# Elements that never hold report text: dropped with everything inside them.
_DROPPED = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "button", "input", "select", "textarea", "option", "nav", "head", "title", "meta", "link",
    "img", "map", "audio", "video", "form", "aside", "header", "footer", "label", "dialog",
}
# Elements that start and end a line of text.
_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "section", "article", "main", "center", "pre", "address", "figure",
    "figcaption", "hr", "tr", "td", "th", "caption", "tbody", "thead", "tfoot", "table", "body",
}
_CONTAINERS = {"div", "td", "article", "section", "main", "body", "center", "blockquote"}
_NOT_TEXT = (Comment, CData, Declaration, Doctype, ProcessingInstruction)

# class/id words of page furniture (readability's "unlikely candidates", plus Chinese-site names)
_FURNITURE = re.compile(
    r"(^|[-_ ])(nav|navbar|menu|breadcrumbs?|crumbs?|position|location|share|bdshare|social|"
    r"footer|foot|header|head|toolbar|search|qrcode|ewm|print|close|related|relnews|xgxx|"
    r"pager|pagination|sidebar|aside|comments?|banner|ads?|copyright|login|skip|modal|popup)([-_ 0-9]|$)",
    re.I,
)
# class/id of an article body; a hint, checked against the text it holds
_BODY_HINT = re.compile(
    r"TRS_Editor|article[-_]?content|content[-_]?text|news[-_]?content|detail[-_]?content|"
    r"^zoom$|zwnr|con[-_]?txt|main[-_]?text|entry[-_]?content|post[-_]?content|Section1",
    re.I,
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Word's conditional comments, escaped into visible text by some editors
_WORD_ARTIFACT = re.compile(r"<!--\[(?:if [^\]]*|endif)\]-->|<!\[(?:if [^\]]*|endif)\]>|<!--.*?-->")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_HAN = r"\u2e80-\u2fff\u3040-\u9fff\uf900-\ufaff"
_PUNCT = r"\u3000-\u303f\uff00-\uffef"  # Chinese punctuation and full-width forms
_BREAK_DROPPED = re.compile(rf"(?<=[{_HAN}{_PUNCT}])\n|\n(?=[{_HAN}{_PUNCT}])|(?<=[0-9])\n(?=[0-9])")
_SPACE_DROPPED = re.compile(
    rf"(?<=[{_PUNCT}]) | (?=[{_PUNCT}])|(?<=[0-9]) (?=[{_HAN}])|(?<=[{_HAN}]) (?=[0-9])"
)
_SPACE_IN_HAN = re.compile(rf"(?<=[{_HAN}]) (?=[{_HAN}])")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|附[表件]|第[一二三四五六七八九十]+[部章节]|"
    r".{0,30}(?:统计表|情况表|一览表)$|表[一二三四五六七八九十0-9])"
)


def read(path: Path, data: bytes) -> Document:
    """Read an HTML report page into a ``Document`` of Lines and RawTables in reading order.

    Raises ``ReportError`` when the page holds no report text.
    """
    text, encoding = decode(data)
    soup = BeautifulSoup(text, "lxml")
    title = _title_hint(soup)
    _drop_furniture(soup)
    body = find_body(soup)
    out = _Blocks()
    if body is not None:
        _walk(body, out)
        out.flush()
    blocks = tuple(out.blocks)
    if not blocks:
        raise ReportError(f"{path}: the HTML page holds no report text (empty page or only site furniture)")
    return Document(
        path=str(path), format="html", blocks=blocks, content_hash=content_hash(data),
        title_hint=title, encoding=encoding,
    )


def decode(data: bytes) -> tuple[str, str]:
    """Decode page bytes: BOM, then the page's own ``<meta charset>``, then UTF-8, then detection.

    Returns the text and the name of the encoding used. GB2312/GBK are read as GB18030 (a superset).
    """
    for bom, name in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    declared = _META_CHARSET.search(data[:8192])
    candidates = []
    if declared:
        candidates.append(_canonical_encoding(declared.group(1).decode("ascii", "ignore")))
    candidates.append("utf-8")
    for name in candidates:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        name = _canonical_encoding(best.encoding)
        return data.decode(name, errors="replace"), name
    return data.decode("gb18030", errors="replace"), "gb18030"


def _canonical_encoding(name: str) -> str:
    name = name.strip().lower().replace("_", "-")
    if name in {"gb2312", "gbk", "gb-2312", "cp936", "x-gbk", "gb18030"}:
        return "gb18030"
    return name


def clean_text(text: str) -> str:
    """Normalise whitespace the way a reader sees it, for Chinese text.

    &nbsp;, ideographic and zero-width spaces and Word's escaped conditional comments go; a
    line break of the source (Word wraps its HTML anywhere) goes next to a Chinese character or
    between digits (``17`` + ``7``), else it is a space; a space goes between a digit and a
    Chinese character (``2009 年`` -> ``2009年``) or next to Chinese punctuation, and stays
    between words (``（一）公开形式 在…`` keeps its heading apart).
    """
    text = _WORD_ARTIFACT.sub("", text)
    text = _ZERO_WIDTH.sub("", text)
    text = re.sub(r"[ \t\f\v\xa0\u3000]*[\r\n][\s\xa0\u3000]*", "\n", text)
    text = re.sub(r"[ \t\f\v\xa0\u3000]+", " ", text)
    text = _BREAK_DROPPED.sub("", text).replace("\n", " ")
    return _SPACE_DROPPED.sub("", text).strip()


# ---------------------------------------------------------------- title and body


def _title_hint(soup: BeautifulSoup) -> str:
    """The article heading: the page <title> up to the site suffix, else the first <h1>."""
    if soup.title is not None:
        title = clean_text(soup.title.get_text())
        head = re.split(r"\s*(?:_|\||｜| - | — )\s*", title)[0]
        if head:
            return head
    h1 = soup.find("h1")
    return clean_text(h1.get_text()) if h1 is not None else ""


def _drop_furniture(soup: BeautifulSoup) -> None:
    """Remove elements that never belong to a report: scripts, forms, navigation, hidden parts,
    and small elements whose class or id names furniture (a class like ``position-relative`` on
    the element that holds most of the page's text is a style, not furniture)."""
    page = _text_len(soup.body or soup) or 1
    doomed: list[Tag] = []
    stack = [soup]
    while stack:
        for tag in stack.pop().find_all(True, recursive=False):
            names = " ".join(tag.get("class", []) or []) + " " + (tag.get("id") or "")
            if (
                tag.name in _DROPPED or _HIDDEN.search(tag.get("style", "") or "")
                or names.strip() and _FURNITURE.search(names) and not _BODY_HINT.search(names)
                and tag.name not in {"body", "html", "table", "tbody", "tr", "td", "th", "p"}
                and _text_len(tag) < 0.2 * page
            ):
                doomed.append(tag)
            else:
                stack.append(tag)
    for tag in doomed:
        tag.decompose()


def find_body(soup: BeautifulSoup) -> Optional[Tag]:
    """The element holding the report: a hinted article container, else the densest text block."""
    root = soup.body or soup
    dense = _densest(root)
    dense_len = _text_len(dense) if dense is not None else 0
    hinted = [
        tag for tag in root.find_all(True)
        if _BODY_HINT.search(" ".join(tag.get("class", []) or []) + " " + (tag.get("id") or ""))
    ]
    best: Optional[Tag] = None
    for tag in hinted:  # document order: outer containers first, so the deepest wins ties
        size = _text_len(tag)
        if size >= 0.9 * dense_len and (best is None or size >= 0.9 * _text_len(best)):
            best = tag
    return best or dense


def _text_len(tag: Tag) -> int:
    """Characters of text in ``tag`` outside links (navigation is mostly links)."""
    total = sum(len(s.strip()) for s in tag.find_all(string=True) if not isinstance(s, _NOT_TEXT))
    links = sum(len(a.get_text(strip=True)) for a in tag.find_all("a"))
    return total - links


def _densest(root: Tag) -> Optional[Tag]:
    """Readability-style: each paragraph scores its parent (and half its grandparent); a data
    table counts as one paragraph of its parent. Returns the best-scored container, widened to
    its parent while the parent's other children carry a good share of paragraph text."""
    scores: dict[int, float] = {}
    tags: dict[int, Tag] = {}

    def credit(node: Tag, points: float) -> None:
        for weight, target in ((1.0, node.parent), (0.5, node.parent.parent if node.parent else None)):
            if isinstance(target, Tag):
                tags[id(target)] = target
                scores[id(target)] = scores.get(id(target), 0.0) + weight * points

    tables = [t for t in root.find_all("table") if _is_data_table(t)]
    table_ids = {id(t) for t in tables}
    inside = {id(node) for table in tables for node in table.descendants}
    for table in tables:
        credit(table, 3 + len(table.get_text(strip=True)) / 50)
    for node in root.find_all(["p", "pre", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "div"]):
        if id(node) in inside:
            continue
        if node.name in {"div", "td"} and node.find(["p", "div", "table", "li"]) is not None:
            continue  # a container: its paragraphs score for it
        text = clean_text(node.get_text())
        if len(text) < 10:
            continue
        credit(node, 1 + len(re.findall(r"[，,、。；;]", text)) + min(len(text) / 100, 3))
    if not scores:
        return root
    best = max(scores, key=lambda key: scores[key] * (1 - _link_density(tags[key])))
    top = tags[best]
    while isinstance(top.parent, Tag) and top is not root:
        others = [c for c in top.parent.children if isinstance(c, Tag) and c is not top]
        inline = top.name not in _CONTAINERS  # a <span>/<p> wrapping paragraphs is no article
        shared = sum(scores.get(id(c), 0.0) for c in others) >= max(5.0, 0.25 * scores.get(best, 0.0))
        tables = any(
            id(t) in table_ids and _link_density(t) < 0.3
            for c in others for t in ([c] if c.name == "table" else c.find_all("table"))
        )
        if not (inline or shared or tables):
            break
        top = top.parent
    return top


def _link_density(tag: Tag) -> float:
    text = len(tag.get_text(strip=True)) or 1
    return sum(len(a.get_text(strip=True)) for a in tag.find_all("a")) / text


# ---------------------------------------------------------------- blocks


class _Blocks:
    """Collects text fragments into Lines and tables into RawTables, numbering blocks from 1."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []

    def text(self, fragment: str) -> None:
        self.parts.append(fragment)

    def flush(self) -> None:
        text = clean_text("".join(self.parts))
        self.parts = []
        if text:
            self.blocks.append(Line(text=text, where=Location(line=len(self.blocks) + 1)))

    def table(self, grid: tuple[tuple[str, ...], ...], caption: str = "") -> None:
        self.flush()
        where = Location(line=len(self.blocks) + 1)
        self.blocks.append(RawTable(grid=grid, where=where, caption=caption or caption_above(self.blocks)))


def _walk(node: Tag, out: _Blocks) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, _NOT_TEXT):
                out.text(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "br":
            out.flush()
        elif child.name == "table" and _is_data_table(child):
            grid = expand_table(child)
            own = child.find("caption")  # a <caption> of its own names the table best
            if grid:
                out.table(grid, cell_text(own) if own is not None else "")
        elif child.name in _BLOCKS:
            out.flush()
            _walk(child, out)
            out.flush()
        else:
            _walk(child, out)


def caption_above(blocks: list[Block]) -> str:
    """The nearest heading-like line among the few lines right above a table."""
    for block in reversed(blocks[-4:]):
        if isinstance(block, RawTable):
            return ""
        text = block.text
        if len(text) <= 60 and (_HEADING.match(text) or not re.search(r"[。；;，,：:]$", text)):
            return text
    return ""


# ---------------------------------------------------------------- tables


def _rows(table: Tag) -> list[Tag]:
    """The table's own rows (not those of a table nested inside it), in document order."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _is_data_table(table: Tag) -> bool:
    """A table of figures rather than page layout: no table inside, at least 2 rows and 2 columns."""
    if table.find("table") is not None:
        return False
    rows = _rows(table)
    if len(rows) < 2:
        return False
    widest = max(sum(_span(c, "colspan") for c in tr.find_all(["td", "th"], recursive=False)) for tr in rows)
    return widest >= 2


def _span(cell: Tag, attribute: str) -> int:
    match = re.match(r"\s*(\d+)", str(cell.get(attribute, "1")))
    return max(1, min(int(match.group(1)), 1000)) if match else 1


def cell_text(cell: Tag) -> str:
    """A cell's text on one line: inner paragraphs and spans joined, whitespace normalised."""
    parts: list[str] = []
    for piece in cell.descendants:
        if isinstance(piece, NavigableString) and not isinstance(piece, _NOT_TEXT):
            parts.append(str(piece))
        elif isinstance(piece, Tag) and piece.name in {"br", "p", "div"}:
            parts.append("\n")  # a line break inside a cell: dropped next to Chinese text
    # a label has no word spaces: "受理&nbsp;申请", "计量 单位" are one word
    return _SPACE_IN_HAN.sub("", clean_text("".join(parts)))


def expand_table(table: Tag) -> tuple[tuple[str, ...], ...]:
    """The table as a rectangular grid; a cell spanning several slots repeats its text in each.

    Rows and columns empty throughout (Word's spacer cells) are left out, and so are column
    edges that carry no cell edge of their own (see ``_column_groups``).
    """
    rows = _rows(table)
    cells: list[tuple[int, int, str]] = []  # (first row, first column, text)
    slots: dict[tuple[int, int], int] = {}  # (row, column) -> index in cells
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in slots:
                c += 1
            rowspan = len(rows) - r if str(cell.get("rowspan", "")).strip() == "0" else _span(cell, "rowspan")
            colspan = _span(cell, "colspan")
            cells.append((r, c, cell_text(cell)))
            for dr in range(min(rowspan, len(rows) - r)):
                for dc in range(colspan):
                    slots.setdefault((r + dr, c + dc), len(cells) - 1)
            c += colspan
    if not slots:
        return ()
    width = max(c for _, c in slots) + 1
    keep_rows = [
        r for r in range(len(rows))
        if any(cells[slots[r, c]][2] for c in range(width) if (r, c) in slots)
        and any(cells[slots[r, c]][0] == r for c in range(width) if (r, c) in slots)
    ]
    groups = _column_groups(slots, cells, keep_rows, width)
    grid = []
    for r in keep_rows:
        row = []
        for group in groups:
            # the cell starting inside the group wins over one continuing from the left
            owners = [slots.get((r, c)) for c in group]
            inside = [i for i in owners if i is not None and cells[i][1] >= group[0]]
            owner = inside[0] if inside else owners[0]
            row.append(cells[owner][2] if owner is not None else "")
        grid.append(row)
    keep_cols = [c for c in range(len(grid[0]) if grid else 0) if any(row[c] for row in grid)]
    return tuple(tuple(row[c] for c in keep_cols) for row in grid)


def _column_groups(
    slots: dict[tuple[int, int], int], cells: list[tuple[int, int, str]], rows: list[int], width: int
) -> list[list[int]]:
    """Grid columns grouped into the table's real columns.

    An edge between columns ``b-1`` and ``b`` is kept where some row has a cell starting at
    ``b``. When two cells cross (one covers ``[a, e]``, one in another row ``[s, f]`` with
    ``a < s <= e < f``) — Word's way of drawing a header edge that misses the edge below —
    the one of the two edges fewer rows use is dropped, unless a row has cells starting on
    both sides of it (dropping it would lose a cell).
    """
    def starts_at(r: int, c: int) -> bool:
        return (r, c) in slots and cells[slots[r, c]][1] == c and (c == 0 or slots.get((r, c - 1)) != slots[r, c])

    usage = {b: sum(starts_at(r, b) for r in rows) for b in range(1, width)}
    edges = {b for b, used in usage.items() if used}
    spans: dict[int, tuple[int, int]] = {}
    for (r, c), i in slots.items():
        if r in rows:
            first, last = spans.get(i, (c, c))
            spans[i] = (min(first, c), max(last, c))
    intervals = set(spans.values())
    for a, e in intervals:
        for s, f in intervals:
            if not a < s <= e < f:
                continue
            weak = min((s, e + 1), key=lambda b: usage.get(b, 0))
            if usage.get(s, 0) == usage.get(e + 1, 0) or weak not in edges:
                continue
            if not any(starts_at(r, weak) and starts_at(r, weak - 1) for r in rows):
                edges.discard(weak)
    groups: list[list[int]] = [[0]]
    for c in range(1, width):
        if c in edges:
            groups.append([c])
        else:
            groups[-1].append(c)
    return groups
