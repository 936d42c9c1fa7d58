"""Read an HTML report page: the report body without the site's furniture, tables as grids.

Government sites wrap each report in a page template (search box, navigation, breadcrumb,
share buttons, QR code, related links, footer). The body is found in two steps: an element
whose class or id names an article body (``TRS_Editor`` of the TRS CMS that most Chinese
government sites run, ``article_content``, ``zoom`` …), else the element that collects the most
paragraph text (a small readability-style score). Inside the body every paragraph, ``<div>``
text and ``<br>`` break becomes a ``Line``; every data ``<table>`` becomes a ``RawTable`` in
place, with rowspan/colspan expanded. Text is always plain text: markup is never kept.

The page is parsed by lxml (libxml2's HTML parser, which closes what a sloppy page leaves open)
and walked iteratively: a 20 MB page reads in seconds, a page nested 100,000 deep is refused at
``corpus.limits``' depth while it is parsed, and a table's expanded size is checked as it grows.
"""
from __future__ import annotations

import base64
import binascii
import logging
import re
from pathlib import Path
from typing import Iterator, Optional

from lxml import etree

from corpus import limits
from corpus.encoding import canonical, decode_report
from corpus.errors import ReportError
from corpus.files import content_hash
from corpus.records import Block, Document, Line, Location, RawTable

log = logging.getLogger(__name__)

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
Tag = etree._Element
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
FEED_BYTES = 1 << 20  # the page is parsed a megabyte at a time, its depth checked in between

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
    limits.check_html_blocks(str(path), data)
    text, encoding = decode(data, str(path))
    root = parse(text, str(path))
    title = _title_hint(root) if root is not None else ""
    out = _Blocks(str(path))
    placed = _positioned_text(root) if root is not None else None
    if placed:  # a PDF converted to HTML run by run (pdf2htmlEX): read as the PDF's laid-out text
        from corpus.text import read as read_text

        laid = read_text(path.with_suffix(".txt"), placed.encode("utf-8"))
        return Document(path=str(path), format="html", blocks=laid.blocks, content_hash=content_hash(data),
                        title_hint=title or laid.title_hint, encoding=encoding)
    if root is not None:
        _pictures_kept(root, path, out)
        _css_tables_as_tables(root)
        _grids_as_tables(root)
        _flex_rows_as_tables(root)
        _class_rows_as_tables(root)
        _side_tables_joined(root)
        _row_tables_joined(root)
        notices = _correction_notices(root)  # (a notice appended after the article, outside its body)
        _drop_furniture(root)
        body = find_body(root)
        if body is not None:
            _walk(body, out)
            out.flush()
            said = "".join(b.text for b in out.blocks if isinstance(b, Line))
            for notice in (n for n in notices if n not in said):
                out.text("更正说明")
                out.flush()
                out.text(notice)
                out.flush()
    _colon_lines_as_tables(out)
    blocks = tuple(out.blocks)
    if out.fitted:
        from corpus.markdown import opening_text, settle_tables

        blocks = tuple(settle_tables(list(blocks), out.fitted, opening_text(title, blocks)))
    if not blocks:
        raise ReportError(f"{path}: the HTML page holds no report text (empty page or only site furniture)")
    return Document(
        path=str(path), format="html", blocks=blocks, content_hash=content_hash(data),
        title_hint=title, encoding=encoding,
    )


def decode(data: bytes, name: str = "page") -> tuple[str, str]:
    """Decode page bytes: BOM, then the page's own ``<meta charset>`` (one reportqa reads), then
    UTF-8, GBK/GB18030 or Big5 as ``corpus.encoding`` judges them.

    Returns the text and the name of the encoding used. GB2312/GBK are read as GB18030 (a superset).
    Raises ReportError for another encoding or mojibake.
    """
    declared = _META_CHARSET.search(data[:8192])
    said = declared.group(1).decode("ascii", "ignore") if declared else None
    text, encoding = decode_report(data, name, said)
    return text, canonical(encoding) or encoding


def parse(text: str, name: str) -> Optional[Tag]:
    """The page's element tree (None for a page without elements), its nesting checked against
    ``corpus.limits`` while it is parsed; comments and processing instructions are left out."""
    data = _CONTROLS.sub("", text).encode("utf-8")  # never report text; lxml refuses them in its tree
    parser = etree.HTMLPullParser(events=("start", "end"), encoding="utf-8", remove_comments=True,
                                  remove_pis=True)
    depth = deepest = 0
    for start in range(0, len(data), FEED_BYTES):
        parser.feed(data[start:start + FEED_BYTES])
        for event, _ in parser.read_events():
            depth += 1 if event == "start" else -1
            deepest = max(deepest, depth)
        limits.check_depth(name, "HTML", deepest)
    try:
        return parser.close()
    except etree.XMLSyntaxError:
        return None


_GRID = re.compile(r"display\s*:\s*grid", re.I)
_FLEX = re.compile(r"display\s*:\s*(?:inline-)?flex", re.I)
_CONTENTS = re.compile(r"display\s*:\s*contents", re.I)
_TRACKS = re.compile(r"grid-template-columns\s*:\s*([^;]+)", re.I)
# grid-row / grid-column: "2", "2 / span 3", "2 / 5", "span 3"
_PLACE = re.compile(r"grid-(row|column)\s*:\s*(?:(\d+)\s*(?:/\s*(span\s*)?(\d+))?|span\s*(\d+))", re.I)
_GROW = re.compile(r"(?<![-\w])flex(?:-grow)?\s*:\s*([\d.]+)", re.I)  # a flex item's grow factor
_WIDTH = re.compile(r"(?<![-\w])(?:width|flex-basis)\s*:\s*([\d.]+)\s*%", re.I)


_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASS_SELECTOR = re.compile(r"^\s*(?:[a-z0-9]+)?\.([\w-]+)\s*$", re.I)


def _class_styles(root: Tag) -> dict[str, str]:
    """The declarations the page's ``<style>`` sheets give each class (``.g{display:grid}``), for
    rules whose selector is one class alone (``.g``, ``div.g``)."""
    out: dict[str, str] = {}
    for sheet in root.iter("style"):
        for selectors, declarations in _RULE.findall("".join(sheet.itertext())):
            for selector in selectors.split(","):
                m = _CLASS_SELECTOR.match(selector)
                if m:
                    out[m.group(1)] = out.get(m.group(1), "") + ";" + declarations
    return out


def _style(tag: Tag, classes: dict[str, str]) -> str:
    """The element's style: its classes' declarations, then its own (which win, coming last)."""
    return ";".join([classes.get(c, "") for c in (tag.get("class") or "").split()] + [tag.get("style") or ""])


def _grid_items(parent: Tag, classes: dict[str, str]) -> list[Tag]:
    """The grid's items: its element children, a ``display:contents`` wrapper (a row drawn only for
    the markup) giving its own children in its place."""
    out: list[Tag] = []
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        if _CONTENTS.search(_style(child, classes)):
            out.extend(_grid_items(child, classes))
        else:
            out.append(child)
    return out


def _placement(style: str) -> dict[str, tuple[Optional[int], int]]:
    """``{"row"|"column": (start line or None for auto, span)}`` from an item's style."""
    out: dict[str, tuple[Optional[int], int]] = {}
    for axis, start, is_span, end, only_span in _PLACE.findall(style):
        if only_span:
            out[axis.lower()] = (None, int(only_span))
        elif end and not is_span:
            out[axis.lower()] = (int(start), max(1, int(end) - int(start)))
        else:
            out[axis.lower()] = (int(start), int(end) if end else 1)
    return out


def _table_of(cells: list[tuple[int, int, int, int, Tag]], width: int) -> Tag:
    """A ``<table>`` of cells placed at (row, column) with their spans (0-based), every slot that no
    cell covers an empty ``<td>``, so that the table's own placement puts each cell where it was."""
    covered: set[tuple[int, int]] = set()
    starts: dict[tuple[int, int], tuple[int, int, Tag]] = {}
    for row, column, row_span, column_span, cell in cells:
        starts[(row, column)] = (row_span, column_span, cell)
        covered.update((r, c) for r in range(row, row + row_span) for c in range(column, column + column_span))
    table = etree.Element("table")
    for row in range(max(r for r, _ in covered) + 1 if covered else 0):
        tr = etree.SubElement(table, "tr")
        for column in range(width):
            if (row, column) in starts:
                row_span, column_span, cell = starts[(row, column)]
                td = etree.SubElement(tr, "td")
                if row_span > 1:
                    td.set("rowspan", str(row_span))
                if column_span > 1:
                    td.set("colspan", str(column_span))
                td.text = "".join(cell.itertext())
            elif (row, column) not in covered:
                etree.SubElement(tr, "td")
    return table


def _spacers_as_spans(cells: list[tuple[int, int, int, int, Tag]]) -> list[tuple[int, int, int, int, Tag]]:
    """Flex rows cannot span rows: a page draws a cell two rows high as the cell and an empty spacer
    under it. Empty cells that fill exactly the columns of the cell above, in the heading rows (above
    the first figure) or in the label columns (left of every figure), are that cell spanning one row
    more; an empty cell among the figures stays a blank cell."""
    def text(cell: Tag) -> str:
        return "".join(cell.itertext()).strip()

    figures = [(n, c0) for n, c0, _, _, cell in cells if _FIGURE_CELL.fullmatch(text(cell))]
    if not figures:
        return cells
    first_row, first_column = min(n for n, _ in figures), min(c for _, c in figures)
    placed = [list(c) for c in cells]
    for n in sorted({c[0] for c in cells}):
        empty = [c for c in placed if c[0] == n and not text(c[4]) and (n < first_row or c[1] + c[3] <= first_column)]
        for above in [c for c in placed if c[0] + c[2] == n and text(c[4])]:
            a, b = above[1], above[1] + above[3]
            under = [c for c in empty if a <= c[1] and c[1] + c[3] <= b]
            if under and sum(c[3] for c in under) == b - a:
                above[2] += 1
                placed = [c for c in placed if not any(c is u for u in under)]
    return [tuple(c) for c in placed]


def _grids_as_tables(root: Tag) -> None:
    """A table drawn with CSS grid ``<div>``s (``display:grid``, inline or from a class of the page's
    style sheet; each cell an item, placed by its ``grid-row``/``grid-column`` lines and spans or by
    the grid's auto-placement across ``grid-template-columns``, rows wrapped in ``display:contents``
    looked through) rewritten as the ``<table>`` it shows, spans included, so it is read like any
    table."""
    classes = _class_styles(root)
    for grid in list(root.iter("div", "section")):
        style = _style(grid, classes)
        if not _GRID.search(style):
            continue
        items = _grid_items(grid, classes)
        tracks = _TRACKS.search(style)
        if tracks is None or len(items) < 4:
            continue
        width = sum(int(m.group(1)) if m.group(1) else 1
                    for m in re.finditer(r"repeat\(\s*(\d+)\s*,[^)]*\)|[^\s()]+(?:\([^)]*\))?", tracks.group(1)))
        if width < 2:
            continue
        taken: set[tuple[int, int]] = set()
        cells = []
        row, column = 0, 0  # the auto-placement cursor (row-major, "sparse")
        for item in items:
            spot = _placement(_style(item, classes))
            (r0, rs), (c0, cs) = spot.get("row", (None, 1)), spot.get("column", (None, 1))
            cs = min(cs, width)
            if r0 is not None and c0 is not None:
                r, c = r0 - 1, min(c0 - 1, width - cs)
            else:
                r, c = (r0 - 1, 0) if r0 is not None else (row, column if c0 is None else c0 - 1)
                if c0 is not None and r0 is None and c0 - 1 < column:
                    r += 1
                while any((r + i, c + j) in taken for i in range(rs) for j in range(cs)) or c + cs > width:
                    if c0 is None:
                        c += 1
                    if c0 is not None or c + cs > width:
                        r, c = r + 1, (0 if c0 is None else c0 - 1)
                if r0 is None:
                    row, column = r, c + cs
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            cells.append((r, c, rs, cs, item))
        table = _table_of(cells, width)
        table.tail = grid.tail
        grid.getparent().replace(grid, table)


def _correction_notices(root: Tag) -> list[str]:
    """The text of each correction notice on the page (更正说明: a cell printed wrong, and what it should
    be), wherever it stands: sites append it below the article, outside the report's own body."""
    from corpus.corrections import CORRECTED_CELL, NOTICE_WORDS

    if not CORRECTED_CELL.search(clean_text("".join(root.itertext()))):
        return []  # the usual page: no notice anywhere (and no block-by-block look)
    out = []
    for tag in root.iter("p", "div", "section", "td"):
        own = clean_text("".join(tag.itertext()))
        if len(own) > 600 or not CORRECTED_CELL.search(own) or any(
                CORRECTED_CELL.search(clean_text("".join(c.itertext()))) for c in tag if isinstance(c.tag, str)):
            continue  # (the innermost block that holds the whole sentence)
        around = [tag, *list(tag.iterancestors())[:2]]
        if any(NOTICE_WORDS.search(clean_text("".join(a.itertext()))[:2000]) for a in around):
            out.append(own)
    return out


_LEFT = re.compile(r"(?:^|;)\s*left\s*:\s*(-?[\d.]+)px", re.I)
_TOP = re.compile(r"(?:^|;)\s*top\s*:\s*(-?[\d.]+)px", re.I)
_FONT_SIZE = re.compile(r"font-size\s*:\s*([\d.]+)px", re.I)
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def _positioned_text(root: Tag) -> Optional[str]:
    """The text of a page made of absolutely placed runs (pdf2htmlEX and other PDF-to-HTML converters: each
    run a ``<div>`` at ``left``/``top`` pixels, tables drawn as runs in columns, no ``<table>``), laid out
    as ``pdftotext -layout`` would lay out the PDF (pdfplumber's layout of the runs' characters, a page at
    a time, each character as wide as its font for Chinese, half that otherwise); None for any other page."""
    from pdfplumber.utils.text import extract_text

    classes = _class_styles(root)
    pages: dict[int, list[dict]] = {}
    placed_text = 0
    for tag in root.iter("div", "span", "p"):
        style = _style(tag, classes)
        left, top = _LEFT.search(style), _TOP.search(style)
        if left is None or top is None or any(isinstance(c.tag, str) and "".join(c.itertext()).strip() for c in tag):
            continue  # a run is placed, and a leaf of text (its place looked at first: most tags have none)
        text = clean_text("".join(tag.itertext()))
        if not text:
            continue
        size = float(next((m.group(1) for m in [_FONT_SIZE.search(style)] if m), 12.0))
        page = next((int(a.get("data-page-no"), 16) for a in tag.iterancestors()
                     if re.fullmatch(r"[0-9a-fA-F]{1,6}", a.get("data-page-no") or "")), 0)  # (pdf2htmlEX: hex)
        x, y = float(left.group(1)), float(top.group(1))
        chars = pages.setdefault(page, [])
        for ch in text:
            width = size if _WIDE.match(ch) else size * 0.55
            chars.append({"text": ch, "x0": x, "x1": x + width, "top": y, "bottom": y + size, "doctop": y,
                          "upright": True, "height": size, "width": width, "size": size, "fontname": "f",
                          "matrix": (1, 0, 0, 1, x, y)})
            x += width
        placed_text += len(text)
    body = find_body(root)
    total = len(clean_text("".join(body.itertext()))) if body is not None else 0
    if sum(len(c) for c in pages.values()) < 200 or placed_text < 0.8 * max(total, 1):
        return None
    lines = []
    for page in sorted(pages):
        chars = pages[page]
        width, height = max(c["x1"] for c in chars) + 20, max(c["bottom"] for c in chars) + 20
        laid = extract_text(chars, layout=True, layout_width=width, layout_height=height)
        lines += [line.rstrip() for line in laid.splitlines() if line.strip()]
    return "\n".join(lines)


_CSS_TABLE = re.compile(r"display\s*:\s*(?:inline-)?table\s*(?:;|$)", re.I)
_CSS_PART = re.compile(r"display\s*:\s*table-(row|cell|header-group|row-group|footer-group)\s*(?:;|$)", re.I)


def _css_tables_as_tables(root: Tag) -> None:
    """A table drawn with ``<div>``s that CSS lays out as one (``display:table``, ``table-row``,
    ``table-cell``, from a class of the page's style sheet or inline) becomes the ``<table>`` it shows,
    so it is read like any table."""
    classes = _class_styles(root)
    if not any(_CSS_TABLE.search(v) for v in classes.values()) and "table" not in "".join(
            t.get("style") or "" for t in root.iter("div")):
        return  # the usual page: nothing drawn this way
    for box in list(root.iter("div", "section", "ul")):
        if not _CSS_TABLE.search(_style(box, classes)):
            continue
        parts = [(t, _CSS_PART.search(_style(t, classes))) for t in box.iterdescendants() if isinstance(t.tag, str)]
        rows = [t for t, m in parts if m and m.group(1).lower() == "row"]
        if len(rows) < 2 or any(_CSS_TABLE.search(_style(t, classes)) for t, _ in parts):
            continue  # one row, or a table inside (the inner one is read first, as itself)
        for tag, m in parts:
            if m:
                tag.tag = {"row": "tr", "cell": "td"}.get(m.group(1).lower(), "tbody")
        box.tag = "table"


def _flex_rows_as_tables(root: Tag) -> None:
    """A table drawn as ``<div>`` rows laid out with flexbox (``display:flex`` on each row, each cell
    a child sized by ``width: NN%``) rewritten as the ``<table>`` it shows: the columns are the edges
    the rows' cell widths give, and a cell spans the columns between its edges."""
    classes = _class_styles(root)
    for box in list(root.iter("div", "section")):
        rows = [c for c in box if isinstance(c.tag, str)]
        if len(rows) < 2 or not all(r.tag == "div" and _FLEX.search(_style(r, classes)) for r in rows):
            continue
        if _beside_a_label(box, classes):
            continue  # rows nested in a cell of a larger flex table, beside their group's label: the whole, below
        if any(sum(isinstance(g.tag, str) for g in c) >= 2 for r in rows for c in r):
            continue  # a cell holding a block of cells (a row's values nested): rows by their class, below
        grid_rows, sized = [], False  # sized: some cell gives its width
        for r in rows:
            cells = [c for c in r if isinstance(c.tag, str)]
            shares = [_WIDTH.search(_style(c, classes)) for c in cells]
            grows = [_GROW.search(_style(c, classes)) for c in cells]
            if not any(shares) and all(grows):  # "flex:3" beside "flex:1": each cell's share of the row
                total = sum(float(m.group(1)) for m in grows) or 1.0
                widths = [100.0 * float(m.group(1)) / total for m in grows]
            else:
                known = [float(m.group(1)) for m in shares if m]
                rest = (100.0 - sum(known)) / (len(cells) - len(known)) if len(known) < len(cells) else 0.0
                widths = [float(m.group(1)) if m else rest for m in shares]
            sized = sized or any(shares)
            grid_rows.append(list(zip(cells, widths)))
        if max((len(r) for r in grid_rows), default=0) < 2 or any(not r for r in grid_rows):
            continue
        edges: set[float] = set()
        for r in grid_rows:
            at = 0.0
            for _, w in r:
                edges.add(round(at, 1))
                at += w
        edges = sorted(edges)
        if len(edges) > max(len(r) for r in grid_rows) + 1 and not sized:
            # rows sized by flex weights whose edges do not line up (a header row lost its place beside
            # a cell spanning rows): each row its cells in order, placed by the template fitter
            _replace_with_fitted_rows(box, [["".join(cell.itertext()).strip() for cell, _ in r] for r in grid_rows])
            continue

        def column_of(at: float) -> int:
            return min(range(len(edges)), key=lambda i: abs(edges[i] - at))

        cells = []
        for n, r in enumerate(grid_rows):
            at = 0.0
            for cell, w in r:
                c0 = column_of(at)
                c1 = column_of(at + w) if at + w < 99.5 else len(edges)
                cells.append((n, c0, 1, max(1, c1 - c0), cell))
                at += w
        table = _table_of(_spacers_as_spans(cells), len(edges))
        table.tail = box.tail
        box.getparent().replace(box, table)


def _beside_a_label(box: Tag, classes: dict[str, str]) -> bool:
    """Whether a block of flex rows stands in a flex row beside a cell of text (its group's label,
    "三、本年度办理结果" beside the rows of the results): a part of a larger table."""
    inner = box
    for outer in list(box.iterancestors())[:4]:
        style = _style(outer, classes)
        if _FLEX.search(style) and not re.search(r"flex-direction\s*:\s*column", style, re.I):
            return any(isinstance(c.tag, str) and c is not inner and "".join(c.itertext()).strip()
                       and not any(isinstance(g.tag, str) for g in c) for c in outer)
        inner = outer
    return False


_ROW_CLASS = {"tr", "row", "table-row", "trow", "tbl-row", "tb-row"}
_ROW_CLASS_WORD = re.compile(r"^[a-z]{1,6}[-_](?:tr|row)$")  # "g-row", "d-tr": a row by its class's last word
_FIT_MARK = "data-reportqa-fit"  # a table rebuilt here whose cells the template fitter places
_FIGURE_CELL = re.compile(r"[-+]?\d[\d,，]*(?:\.\d+)?")


def _class_rows_as_tables(root: Tag) -> None:
    """A table drawn as nested ``<div>`` blocks whose rows say what they are by their class (``class="tr"``,
    ``row``: a style sheet lays them out, labels and value blocks nested inside, group labels beside
    whole blocks of rows) rewritten as a ``<table>``: each innermost row one row of the leaves it holds,
    in order; a group's label beside its rows is left out (the rows' own labels name them)."""
    def is_row(tag: Tag) -> bool:
        said = (tag.get("class") or "").split()
        return isinstance(tag.tag, str) and tag.tag in ("div", "section", "li") and bool(
            _ROW_CLASS & set(said) or any(_ROW_CLASS_WORD.match(c) for c in said))

    if not any(is_row(tag) for tag in root.iter("div", "section", "li")):
        return  # the usual page: nothing drawn this way
    # a page's layout row (Bootstrap's "row", holding the article's paragraphs) is no row of a table
    layout = {tag for tag in root.iter("div", "section", "li") if is_row(tag) and tag.find(".//p") is not None}
    done: set = set()
    for box in list(root.iter("div", "section")):
        if box in done or is_row(box) or any(is_row(a) and a not in layout for a in box.iterancestors()):
            continue
        rows = [r for r in box.iterdescendants() if is_row(r) and not any(is_row(d) for d in r.iterdescendants())]
        if len(rows) < 3:
            continue
        # the smallest box holding every row of one table: not a page wrapper holding prose paragraphs too,
        # nor a layout of rows (a site's grid of links) with no figures in them
        if any(isinstance(c.tag, str) and c.tag == "p" for c in box.iterdescendants()):
            continue
        in_rows = {d for r in rows for d in r.iter()}
        if any(isinstance(c.tag, str) and c not in in_rows and len((c.text or "").strip()) > 60
               for c in box.iterdescendants()):
            continue  # (prose in <div class="para"> blocks beside the rows: the page's wrapper)
        leaves = [[("".join(leaf.itertext())).strip() for leaf in row.iterdescendants()
                   if isinstance(leaf.tag, str) and not any(isinstance(c.tag, str) for c in leaf)] for row in rows]
        if sum(1 for cells in leaves for c in cells if _FIGURE_CELL.fullmatch(c)) < 5:
            continue
        done.update(box.iterdescendants())
        _replace_with_fitted_rows(box, leaves)


def _replace_with_fitted_rows(box: Tag, rows: list[list[str]]) -> None:
    """Put in ``box``'s place a ``<table>`` of ``rows`` (cell texts, in order), marked for the template
    fitter to place: the rows' own layout does not say which column each cell is."""
    table = etree.Element("table")
    table.set(_FIT_MARK, "1")
    for cells in rows:
        tr = etree.SubElement(table, "tr")
        for text in cells:
            etree.SubElement(tr, "td").text = text
    table.tail = box.tail
    box.getparent().replace(box, table)


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


def _title_hint(root: Tag) -> str:
    """The article heading: the page <title> up to the site suffix, else the first <h1>."""
    found = root.find(".//title")
    if found is not None:
        title = clean_text(_text(found))
        head = re.split(r"\s*(?:_|\||｜| - | — )\s*", title)[0]
        if head:
            return head
    h1 = root.find(".//h1")
    return clean_text(_text(h1)) if h1 is not None else ""


def _text(tag: Tag) -> str:
    """The text inside an element (its own tail excluded)."""
    return "".join(tag.itertext())


def _names(tag: Tag) -> str:
    return " ".join((tag.get("class") or "").split()) + " " + (tag.get("id") or "")


def _children(tag: Tag) -> list[Tag]:
    return [child for child in tag if isinstance(child.tag, str)]


def _body(root: Tag) -> Tag:
    body = root.find(".//body") if root.tag != "body" else root
    return body if body is not None else root


class _Lengths:
    """Characters of text (stripped pieces) inside each element, and inside its links, computed
    once for the whole tree bottom-up (iteratively, however deep the page)."""

    def __init__(self, root: Tag) -> None:
        self.total: dict[Tag, int] = {}
        self.links: dict[Tag, int] = {}
        for _, tag in etree.iterwalk(root, events=("end",)):
            total = len((tag.text or "").strip())
            links = 0
            for child in tag:
                total += self.total.get(child, 0) + len((child.tail or "").strip())
                links += (self.total.get(child, 0) if child.tag == "a" else 0) + self.links.get(child, 0)
            self.total[tag], self.links[tag] = total, links

    def outside_links(self, tag: Tag) -> int:
        """Characters of text in ``tag`` outside links (navigation is mostly links)."""
        return self.total.get(tag, 0) - self.links.get(tag, 0)

    def link_density(self, tag: Tag) -> float:
        return self.links.get(tag, 0) / (self.total.get(tag, 0) or 1)


def _remove(tag: Tag) -> None:
    """Take an element out of the tree, keeping the text that follows it."""
    parent = tag.getparent()
    if parent is None:
        return
    if tag.tail:
        before = tag.getprevious()
        if before is not None:
            before.tail = (before.tail or "") + tag.tail
        else:
            parent.text = (parent.text or "") + tag.tail
    parent.remove(tag)


def _drop_furniture(root: Tag) -> None:
    """Remove elements that never belong to a report: scripts, forms, navigation, hidden parts (not
    the one that holds most of the page's text: a page revealed by its script), and small elements whose class or id names furniture (a class like ``position-relative`` on
    the element that holds most of the page's text is a style, not furniture)."""
    lengths = _Lengths(root)
    page = lengths.outside_links(_body(root)) or 1
    doomed: list[Tag] = []
    stack = [root]
    while stack:
        for tag in _children(stack.pop()):
            names = _names(tag) if tag.get("class") or tag.get("id") else ""
            if (
                tag.tag in _DROPPED
                # hidden, unless it holds most of the page: the article a script reveals (WeChat's js_content)
                or "style" in tag.attrib and _HIDDEN.search(tag.get("style") or "")
                and lengths.outside_links(tag) < 0.5 * page
                or names.strip() and _FURNITURE.search(names) and not _BODY_HINT.search(names)
                and tag.tag not in {"body", "html", "table", "tbody", "tr", "td", "th", "p"}
                and lengths.outside_links(tag) < 0.2 * page
            ):
                doomed.append(tag)
            else:
                stack.append(tag)
    for tag in doomed:
        _remove(tag)


def find_body(page: Tag) -> Optional[Tag]:
    """The element holding the report: a hinted article container, else the densest text block."""
    root = _body(page)
    lengths = _Lengths(root)
    dense = _densest(root, lengths)
    dense_len = lengths.outside_links(dense) if dense is not None else 0
    hinted = [tag for tag in root.iterdescendants() if isinstance(tag.tag, str) and _BODY_HINT.search(_names(tag))]
    best: Optional[Tag] = None
    for tag in hinted:  # document order: outer containers first, so the deepest wins ties
        size = lengths.outside_links(tag)
        if size >= 0.9 * dense_len and (best is None or size >= 0.9 * lengths.outside_links(best)):
            best = tag
    return best if best is not None else dense


def _densest(root: Tag, lengths: _Lengths) -> Optional[Tag]:
    """Readability-style: each paragraph scores its parent (and half its grandparent); a data
    table counts as one paragraph of its parent. Returns the best-scored container, widened to
    its parent while the parent's other children carry a good share of paragraph text."""
    scores: dict[Tag, float] = {}

    def credit(node: Tag, points: float) -> None:
        parent = node.getparent()
        for weight, target in ((1.0, parent), (0.5, parent.getparent() if parent is not None else None)):
            if target is not None:
                scores[target] = scores.get(target, 0.0) + weight * points

    tables = [t for t in root.iterdescendants("table") if _is_data_table(t)]
    table_set = set(tables)
    inside = {node for table in tables for node in table.iterdescendants()}
    for table in tables:
        credit(table, 3 + lengths.total.get(table, 0) / 50)
    for node in root.iterdescendants("p", "pre", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "div"):
        if node in inside:
            continue
        if node.tag in {"div", "td"} and next(node.iterdescendants("p", "div", "table", "li"), None) is not None:
            continue  # a container: its paragraphs score for it
        text = clean_text(_text(node))
        if len(text) < 10:
            continue
        credit(node, 1 + len(re.findall(r"[，,、。；;]", text)) + min(len(text) / 100, 3))
    if not scores:
        return root
    top = max(scores, key=lambda tag: scores[tag] * (1 - lengths.link_density(tag)))
    best_score = scores[top]
    while top.getparent() is not None and top is not root:
        others = [c for c in _children(top.getparent()) if c is not top]
        inline = top.tag not in _CONTAINERS  # a <span>/<p> wrapping paragraphs is no article
        shared = sum(scores.get(c, 0.0) for c in others) >= max(5.0, 0.25 * best_score)
        tables = any(
            t in table_set and lengths.link_density(t) < 0.3
            for c in others for t in ([c] if c.tag == "table" else c.iterdescendants("table"))
        )
        if not (inline or shared or tables):
            break
        top = top.getparent()
    return top


def _row_tables_joined(root: Tag) -> None:
    """A table published as one ``<table>`` a row (some content systems write every row as a
    table of its own), or cut into pieces (the header in one, groups of rows in others), joined
    back into one: adjacent sibling tables, nothing but white space between them, of the same
    width, where one of each pair holds a single row or the later one opens with a row of figures
    (rows that go on under the header above, having none of their own)."""
    def width(table: Tag) -> int:
        rows = _rows(table)
        return max((sum(_span(c, "colspan") for c in _cells(tr)) for tr in rows), default=0)

    def joinable(table: Tag) -> bool:
        return table.tag == "table" and next(table.iterdescendants("table"), None) is None and width(table) >= 2

    for parent in list(root.iter()):
        run: list[Tag] = []
        for kid in [*parent, None]:
            if kid is not None and joinable(kid) and run and not (run[-1].tail or "").strip() \
                    and width(kid) == width(run[0]) and (1 in (len(_rows(kid)), len(_rows(run[-1])))
                                                         or _opens_with_figures(kid)):
                run.append(kid)
                continue
            if len(run) > 1:
                first = run[0]
                into = first.find("tbody") if first.find("tbody") is not None else first
                for later in run[1:]:
                    for tr in _rows(later):
                        into.append(tr)
                first.tail = run[-1].tail
                for later in run[1:]:
                    parent.remove(later)
            run = [kid] if kid is not None and joinable(kid) else []


def _side_tables_joined(root: Tag) -> None:
    """A wide table cut into pieces set side by side (a content system that splits table 三's 总计 column,
    or table 四's 行政诉讼 half, into a ``<table>`` of its own beside the first): adjacent sibling tables,
    nothing but white space between them, with as many rows as each other, the later one's rows of
    figures holding figures only (no labels of their own). Each of the later one's rows goes on the end of
    the same row of the first."""
    def figures_only(table: Tag) -> bool:
        data = [[_text(c).strip() for c in _cells(tr)] for tr in _rows(table)]
        data = [row for row in data if any(_FIGURE.fullmatch(c) for c in row)]
        return bool(data) and all(_FIGURE.fullmatch(c) or not c for row in data for c in row)

    for parent in list(root.iter()):
        kids = [k for k in parent if isinstance(k.tag, str)]
        for left, right in zip(kids, kids[1:]):
            if left.tag != "table" or right.tag != "table" or (left.tail or "").strip() or right.getparent() is None:
                continue
            if next(left.iterdescendants("table"), None) is not None or next(right.iterdescendants("table"), None) is not None:
                continue
            rows, more = _rows(left), _rows(right)
            if len(rows) < 3 or len(rows) != len(more) or not figures_only(right):
                continue
            for tr, extra in zip(rows, more):
                for cell in _cells(extra):
                    tr.append(cell)
            left.tail = right.tail
            parent.remove(right)


_FIGURE = re.compile(r"[-+]?[\d,，]+(?:\.\d+)?\s*(?:件|条|个|万元|元|%|％)?")


def _opens_with_figures(table: Tag) -> bool:
    """Whether a table's first row holds figures (a data row, not a header): "一、本年新收… 128 7 0 …"."""
    rows = _rows(table)
    cells = [_text(c) for c in _cells(rows[0])] if rows else []
    return sum(1 for c in cells if re.fullmatch(r"[\d,，.]+", c.strip())) >= 2


# ---------------------------------------------------------------- blocks


class _Blocks:
    """Collects text fragments into Lines and tables into RawTables, numbering blocks from 1."""

    def __init__(self, name: str = "page") -> None:
        self.name = name
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.fitted: set[int] = set()  # tables set in fixed-width text: fitted to the template
        self.pictures: list[bytes] = []  # pictures written into the page itself (data: URIs), for OCR

    def text(self, fragment: str) -> None:
        self.parts.append(fragment)

    def flush(self) -> None:
        text = clean_text("".join(self.parts))
        self.parts = []
        if text:
            self.blocks.append(Line(text=text, where=Location(line=len(self.blocks) + 1)))
            limits.check_blocks(self.name, len(self.blocks))  # while reading: a page of a million <p>

    def table(self, grid: tuple[tuple[str, ...], ...], caption: str = "") -> None:
        self.flush()
        where = Location(line=len(self.blocks) + 1)
        self.blocks.append(RawTable(grid=grid, where=where, caption=caption or caption_above(self.blocks)))
        limits.check_blocks(self.name, len(self.blocks))


def _walk(node: Tag, out: _Blocks) -> None:
    """Text and tables inside ``node`` in reading order, a block element a line of its own
    (iterative: an element's text, its children, then the text after it)."""
    if node.text:
        out.text(node.text)
    stack: list[tuple[Iterator[Tag], Optional[Tag]]] = [(iter(_children(node)), None)]
    while stack:
        children, closing = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if closing is not None:
                if closing.tag in _BLOCKS:
                    out.flush()
                if closing.tail:
                    out.text(closing.tail)
            continue
        if child.tag == "br":
            out.flush()
        elif child.tag == _PICTURE:
            _picture(child, out)
        elif child.tag == "pre" and _pre_lines(child, out):
            pass  # a table set in fixed-width text: read as pdftotext's layout is
        elif child.tag == "table" and _is_data_table(child):
            grid = expand_table(child, out.name)
            own = child.find(".//caption")  # a <caption> of its own names the table best
            if grid:
                if child.get(_FIT_MARK) or _merged_cells_left_empty(child, grid):
                    # rows rebuilt from nested blocks, or a spreadsheet's export whose merged cells came out
                    # empty: their places come from the template
                    out.flush()
                    out.fitted.add(len(out.blocks))
                out.table(grid, cell_text(own) if own is not None else "")
        else:
            if child.tag in _BLOCKS:
                out.flush()
            if child.text:
                out.text(child.text)
            stack.append((iter(_children(child)), child))
            continue
        if child.tail:
            out.text(child.tail)


# A picture beside the page (a saved page's X_files/table.png), kept for OCR: web sites often show a table as one
_PICTURE = "reportqa-picture"
_PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp")
_PICTURES_READ = 8  # pictures of one page read at most
_PICTURE_BYTES = 16 * 1024 * 1024
_DATA_PICTURE = re.compile(r"\s*data:image/(?:png|jpe?g|gif|bmp|webp);base64,", re.I)


def _pictures_kept(root: Tag, path: Path, out: "_Blocks") -> None:
    """Each ``<img>`` whose file lies beside the page (its ``src`` a path under the page's folder, not a
    URL) or is written into the page (a ``data:image/…;base64`` URI, as a page saved whole or a WeChat
    copy has it) becomes a mark that ``_walk`` reads by OCR, where it stands; other images go with the
    furniture."""
    folder = Path(path).resolve().parent
    kept = 0
    for img in list(root.iter("img")):
        inside = _DATA_PICTURE.match(img.get("src") or "")
        if inside and kept < _PICTURES_READ:
            payload = re.sub(r"\s+", "", (img.get("src") or "")[inside.end():])
            if len(payload) * 3 // 4 <= _PICTURE_BYTES:
                try:
                    out.pictures.append(base64.b64decode(payload))
                except (binascii.Error, ValueError):  # not base64 after all: the image stays furniture
                    continue
                img.tag = _PICTURE
                img.attrib.clear()
                img.set("data", str(len(out.pictures) - 1))
                kept += 1
            continue
        src = (img.get("src") or "").split("?")[0].split("#")[0]
        if kept >= _PICTURES_READ or not src or re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or src.startswith("/"):
            continue
        picture = (folder / src).resolve()
        if (folder not in picture.parents or picture.suffix.lower() not in _PICTURE_SUFFIXES or not picture.is_file()
                or picture.stat().st_size > _PICTURE_BYTES):
            continue
        img.tag = _PICTURE
        img.attrib.clear()
        img.set("src", str(picture))
        kept += 1


def _picture(mark: Tag, out: _Blocks) -> None:
    """A picture of the page read by OCR: its tables (fitted to the template) and lines, where it stands."""
    from corpus.ocr import in_reading_order, read_picture

    out.flush()
    inside = mark.get("data")
    picture = Path(f"{out.name}#picture{int(inside) + 1}" if inside is not None else (mark.get("src") or ""))
    try:
        scan = read_picture(picture, data=out.pictures[int(inside)] if inside is not None else None)
    except (OSError, ValueError, ReportError) as err:  # not a picture after all, or unreadable: the page stays
        log.info("%s: picture %s not read (%s)", out.name, picture.name, err)
        return
    for item in in_reading_order(scan):
        if isinstance(item, tuple):
            out.fitted.add(len(out.blocks))
            out.table(item)
        else:
            out.text(item)
            out.flush()


def _merged_cells_left_empty(table: Tag, grid) -> bool:
    """Whether a national table came without rowspans, its merged cells written once and left empty
    below (a spreadsheet saved as HTML): a row with figures whose first cell is empty, the label
    standing further right, the headings above it missing."""
    from corpus.fitting import table_kind_of

    if table.find(".//*[@rowspan]") is not None or not table_kind_of(grid):
        return False
    return any(row and not (row[0] or "").strip() and any((c or "").strip() and not re.fullmatch(r"[\d.,\-/]+", c.strip())
                                                          for c in row[1:3])
               and any(re.fullmatch(r"\d[\d.,]*", (c or "").strip()) for c in row[3:]) for row in grid)


def _pre_lines(pre: Tag, out: _Blocks) -> bool:
    """A ``<pre>`` block read as the text reader reads a .txt file: its tables set in plain text
    (columns aligned by spaces, rules of dashes, borders of box-drawing characters, cells apart by
    tabs) found and marked for fitting to the template, its hard-wrapped prose lines joined into
    paragraphs (a sentence broken at the line's end keeps its figure with its noun). False (nothing
    added) for a ``<pre>`` of one line, read as any other block."""
    from corpus.paragraphs import unwrap
    from corpus.text import table_spans

    lines = "".join(pre.itertext()).splitlines()
    if sum(1 for line in lines if line.strip()) < 2:
        return False
    out.flush()
    heading = out.blocks[-1].text if out.blocks and isinstance(out.blocks[-1], Line) else ""
    # the heading just above ("三、收到和处理政府信息公开申请情况") says which table follows: read with it
    body = [(0, heading)] + [(n + 1, line) for n, line in enumerate(lines)]
    pos = 1  # the heading is a line already read

    def prose(upto: int) -> None:
        for _, line in unwrap(body[pos:upto]):
            if line.strip():
                out.text(line)
                out.flush()

    for start, end, table in table_spans(body):
        prose(start)
        out.fitted.add(len(out.blocks))
        out.table(table.grid)
        pos = end
    prose(len(body))
    return True


def _colon_lines_as_tables(out: _Blocks) -> None:
    """Tables the page writes as "label：figure" lines (a WeChat article's "（表格数据文字版）" under a
    table drawn as a picture, "（一）予以公开：自然人9，商业企业1，…"): each run of such lines becomes the
    table it writes, fitted to the template like a text report's."""
    from corpus.layout import colon_tables

    if not any(isinstance(b, Line) and ("：" in b.text or ":" in b.text) for b in out.blocks):
        return
    blocks, fitted, run = [], set(), []

    def flush_run() -> None:
        found = colon_tables([(n, b.text) for n, b in enumerate(run)])
        pos = 0
        for start, end, table in found:
            blocks.extend(run[pos:start])
            fitted.add(len(blocks))
            blocks.append(RawTable(grid=table.grid, where=run[start].where, caption=caption_above(blocks)))
            pos = end
        blocks.extend(run[pos:])
        run.clear()

    for i, block in enumerate(out.blocks):
        if isinstance(block, Line):
            run.append(block)
            continue
        flush_run()
        if i in out.fitted:
            fitted.add(len(blocks))
        blocks.append(block)
    flush_run()
    out.blocks, out.fitted = blocks, fitted


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
    return [tr for tr in table.iterdescendants("tr") if next(tr.iterancestors("table"), None) is table]


def _cells(tr: Tag) -> list[Tag]:
    return [cell for cell in tr if cell.tag in ("td", "th")]


def _is_data_table(table: Tag) -> bool:
    """A table of figures rather than page layout: no table inside, at least 2 rows and 2 columns."""
    if next(table.iterdescendants("table"), None) is not None:
        return False
    rows = _rows(table)
    if len(rows) < 2:
        return False
    widest = max(sum(_span(c, "colspan") for c in _cells(tr)) for tr in rows)
    return widest >= 2


def _span(cell: Tag, attribute: str) -> int:
    match = re.match(r"\s*(\d+)", str(cell.get(attribute, "1")))
    return max(1, min(int(match.group(1)), 1000)) if match else 1


def cell_text(cell: Tag) -> str:
    """A cell's text on one line: inner paragraphs and spans joined, whitespace normalised."""
    parts: list[str] = []
    for event, piece in etree.iterwalk(cell, events=("start", "end")):
        if event == "start":
            if piece is not cell and piece.tag in {"br", "p", "div"}:
                parts.append("\n")  # a line break inside a cell: dropped next to Chinese text
            if piece.text:
                parts.append(piece.text)
        elif piece is not cell and piece.tail:
            parts.append(piece.tail)
    # a label has no word spaces: "受理&nbsp;申请", "计量 单位" are one word
    return _SPACE_IN_HAN.sub("", clean_text("".join(parts)))


def expand_table(table: Tag, name: str = "page") -> tuple[tuple[str, ...], ...]:
    """The table as a rectangular grid; a cell spanning several slots repeats its text in each.

    Rows and columns empty throughout (Word's spacer cells) are left out, and so are column
    edges that carry no cell edge of their own (see ``_column_groups``). Raises ReportError
    (naming ``name``) when the spans make the table larger than ``corpus.limits`` allows.
    """
    rows = _rows(table)
    cells: list[tuple[int, int, str]] = []  # (first row, first column, text)
    slots: dict[tuple[int, int], int] = {}  # (row, column) -> index in cells
    for r, tr in enumerate(rows):
        c = 0
        for cell in _cells(tr):
            while (r, c) in slots:
                c += 1
            rowspan = len(rows) - r if str(cell.get("rowspan", "")).strip() == "0" else _span(cell, "rowspan")
            colspan = _span(cell, "colspan")
            limits.check_table(name, 1, c + colspan)  # the width so far
            limits.check_table_cells(name, len(slots) + min(rowspan, len(rows) - r) * colspan)
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
