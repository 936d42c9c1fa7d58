"""OCR of PDF pages without a text layer (scans, 图片版): text lines and table grids from the image.

A page is rendered with pypdfium2 at 216 dpi (``SCALE``), capped so that no page, however large its
MediaBox, gives a bitmap of more than ``MAX_SIDE`` pixels a side or ``MAX_PIXELS`` in all; one
page is rendered, read and freed before the next. rapidocr-onnxruntime (PP-OCR detection and
recognition models inside the wheel, run on onnxruntime) finds the text boxes.

Tables are rebuilt from the image's ruling lines (``corpus.rulings``: the grid pdfplumber's own
steps give a drawn table) and each cell is recognised line by line from its own ink, in one batch
for the page; the detector, which would run a box across narrow cells and miss lone small digits
such as ``0``, reads only the page outside the tables. A figure read with low confidence is kept
as ``None`` (unreadable), never as a guess. Where a page has no ruling lines, runs of lines made
of several separate boxes are grouped into rows by y and columns by x.

``ScanReader(data).read(index)`` returns a ``ScanPage`` in PDF points; ``corpus.pdf`` turns it into
the same paragraph lines and table parts its text-layer reader produces.
"""
from __future__ import annotations

import io
import logging
import math
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

import numpy as np

from corpus.errors import ReportError
from corpus.rulings import TOL_PT, cell_lines, cluster, find_tables, nearest, strip

log = logging.getLogger(__name__)

SCALE = 3.0  # pixels per PDF point (216 dpi, near a scan's own): table text of 7.5 pt is ~22 px high
MAX_SIDE = 4000  # pixels: the longest side of a rendered page
MAX_PIXELS = 8_000_000  # pixels of a rendered page (an A4 page at SCALE is 4.5 M)
DET_SIDE = 1280  # pixels: the detector sees the page with its longest side at most this (16 pt text: 24 px)
TEXT_SCORE = 0.5  # recognition confidence below which a box is dropped
NUMBER_SCORE = 0.5  # a figure read with less confidence than this is kept as unreadable (None)
_INK = 160  # grey level below which a pixel is ink
_FIGURE = re.compile(r"^[-+]?[\d,，.．%％]+$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ASCII_END = re.compile(r"[A-Za-z0-9]$")
_ASCII_START = re.compile(r"^[A-Za-z0-9]")


@dataclass(frozen=True)
class ScanLine:
    """One line of text outside tables, in PDF points (``size`` estimated from the box height)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(frozen=True)
class ScanTable:
    """A table rebuilt from a page image: cell ids in grid slots and each cell's text (None: unreadable)."""

    top: float
    bottom: float
    x0: float
    x1: float
    xs: tuple[float, ...]  # column boundaries, left to right
    slots: tuple[tuple[Optional[int], ...], ...]  # slots[row][col] -> cell id
    texts: dict[int, Optional[str]]


@dataclass(frozen=True)
class ScanPage:
    """What OCR read on one page: ``blank`` when the page has no ink; ``boxes`` counts the text boxes."""

    number: int  # 1-based
    width: float
    height: float
    lines: tuple[ScanLine, ...]
    tables: tuple[ScanTable, ...]
    blank: bool
    boxes: int
    seconds: float


@dataclass(frozen=True)
class _Box:
    text: str
    score: float
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


class ScanReader:
    """OCR for the pages of one PDF that have no text layer; the models load on the first page read.

    ``read(index)`` renders, reads and frees one page; call ``close()`` (or use ``with``) at the end.
    """

    def __init__(self, data: bytes, name: str = "") -> None:
        import pypdfium2

        self.name = name
        try:
            self._pdf = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as err:
            raise ReportError(f"{name}: the PDF cannot be opened for OCR ({err}); download it again") from None
        self._engine = None

    def __enter__(self) -> "ScanReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Free the PDF (the OCR models go with this object)."""
        self._pdf.close()
        self._engine = None

    def read(self, index: int, clip: Optional[tuple[float, float, float, float]] = None,
             upright: bool = False) -> ScanPage:
        """OCR page ``index`` (0-based): its lines and tables in PDF points, the page freed after.
        ``clip`` (x0, top, x1, bottom in points) reads only that part of the page: a picture of a table
        on a page whose prose has a text layer; what it finds is still placed in the page's points.
        ``upright``: the page is known to stand upright (a picture put in a page or a document), never
        turned a quarter (a ruled table of short lines may look so)."""
        started = time.perf_counter()
        page = self._pdf[index]
        try:
            width, height = page.get_size()
            scale = render_scale(width, height)
            if scale <= 0:
                return ScanPage(index + 1, width, height, (), (), True, 0, 0.0)
            bitmap = page.render(scale=scale)
            try:
                grey = without_seals(np.asarray(bitmap.to_numpy(), dtype=np.uint8)[:, :, :3])
            finally:
                bitmap.close()
        finally:
            page.close()
        if clip is None:
            result = self._read_image(grey, scale, index + 1, width, height, whole=not upright)
        else:
            x0, top, x1, bottom = clip
            grey = grey[int(top * scale):int(bottom * scale) + 1, int(x0 * scale):int(x1 * scale) + 1]
            part = self._read_image(grey, scale, index + 1, x1 - x0, bottom - top, whole=False)
            result = replace(_moved(part, x0, top), width=width, height=height)  # in the page's points
        result = replace(result, seconds=time.perf_counter() - started)
        log.info("%s: OCR page %d of %d (%d text boxes, %.1f s)", self.name, index + 1, len(self._pdf),
                 result.boxes, result.seconds)
        return result

    def __len__(self) -> int:
        return len(self._pdf)

    # ------------------------------------------------------------ one image

    def _read_image(self, grey: np.ndarray, scale: float, number: int, width: float, height: float,
                    whole: bool = True) -> ScanPage:
        ink = grey < _INK
        if ink.mean() < 2e-5:
            return ScanPage(number, width, height, (), (), True, 0, 0.0)
        if whole and sideways(ink):  # a page fed in turned a quarter: its lines run down the image
            grey = upright(grey, self._ocr())
            width, height = height, width
            ink = grey < _INK
        angle = skew(ink)
        if angle:  # a page scanned a little askew: its rules level again, so cells are cut clear of them
            grey = level(grey, angle)
            ink = grey < _INK
        engine = self._ocr()
        tables, gridded = _fill_tables(find_tables(ink, scale), grey, ink, scale, engine)
        image = grey.copy()
        for cells in gridded:  # the tables are read cell by cell: the detector sees the rest
            x0, top = (int(min(c[i] for c in cells)) for i in (0, 1))
            x1, bottom = (int(max(c[i] for c in cells)) + 1 for i in (2, 3))
            image[top:bottom, x0:x1] = 255
        found, _ = engine(np.repeat(image[:, :, None], 3, axis=2), use_cls=False)
        del image
        boxes = [_box(points, text, score, scale) for points, text, score in (found or [])]
        boxes = [b for b in boxes if b.text.strip() and b.score >= TEXT_SCORE]
        loose, rows = _columned(_rows(boxes))
        lines = tuple(_line(row) for row in rows)
        cells = sum(len(t.texts) for t in tables)
        return ScanPage(number, width, height, lines, tuple(tables + loose), False, len(boxes) + cells, 0.0)

    def _ocr(self):
        if self._engine is None:
            self._engine = load_engine()
        return self._engine


def read_picture(path: Path, dpi: float = 96.0, data: Optional[bytes] = None) -> ScanPage:
    """OCR of a picture file (a table a web page shows as an image), or of its ``data`` (a picture inside
    a document, ``path`` naming it): its lines and tables, as a page of a scan is read, the picture laid
    on a page at ``dpi`` (a screenshot's 96 by default)."""
    from PIL import Image

    with Image.open(io.BytesIO(data) if data is not None else path) as image:
        image.load()
        if image.width * image.height > MAX_PIXELS:
            raise ReportError(f"{path}: the picture is too large to read ({image.width} × {image.height} pixels)")
        page = io.BytesIO()
        image.convert("RGB").save(page, "PDF", resolution=dpi)
    with ScanReader(page.getvalue(), str(path)) as reader:
        return reader.read(0, upright=True)


def in_reading_order(scan: ScanPage) -> list:
    """What a picture read by OCR holds, top to bottom: each table as its grid of cell texts (a tuple of
    rows; a table of no cells left out) and each line as its text."""
    items = sorted([(t.top, t) for t in scan.tables] + [(line.top, line) for line in scan.lines], key=lambda p: p[0])
    out: list = []
    for _, item in items:
        if isinstance(item, ScanTable):
            grid = tuple(tuple(item.texts.get(i, "") if i is not None else "" for i in row) for row in item.slots)
            if grid:
                out.append(grid)
        else:
            out.append(item.text)
    return out


def _moved(page: ScanPage, dx: float, dy: float) -> ScanPage:
    """What OCR read in a part of a page, placed at that part's offset (points) in the page."""
    lines = tuple(replace(ln, x0=ln.x0 + dx, x1=ln.x1 + dx, top=ln.top + dy, bottom=ln.bottom + dy)
                  for ln in page.lines)
    tables = tuple(replace(t, x0=t.x0 + dx, x1=t.x1 + dx, top=t.top + dy, bottom=t.bottom + dy,
                           xs=tuple(x + dx for x in t.xs)) for t in page.tables)
    return replace(page, lines=lines, tables=tables)


SIDEWAYS = 1.2  # a page's ink varies this much more across its columns than across its rows: turned a quarter


def sideways(ink: np.ndarray) -> bool:
    """Whether a page lies on its side: lines of text (and a table's rows) make the ink vary from row to
    row of the image; on a page turned a quarter they make it vary from column to column instead."""
    import cv2

    small = ink[::4, ::4].astype(np.uint8)
    # a table's rules are no lines of text: a page of narrow columns ruled top to bottom varies from
    # column to column however it lies; what is left once runs longer than any character are gone does not
    run = max(15, min(small.shape) // 12)
    rules = (cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1)))
             | cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, run))))
    text = small & (1 - rules)
    if text.mean() > 0.1 * small.mean():
        small = text
    if float(small.mean(axis=0).var()) <= SIDEWAYS * float(small.mean(axis=1).var()):
        return False
    # a page that is mostly a table of figures varies from column to column too (its digits stand in
    # columns); digits and the strokes of characters stand taller than wide on a page that is upright
    tall, wide = _tall_and_wide(ink)
    return not (tall >= 40 and tall >= 2 * wide)


def _tall_and_wide(ink: np.ndarray) -> tuple[int, int]:
    """How many character-sized marks stand taller than wide, and how many lie wider than tall."""
    import cv2

    _, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    w, h, area = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    mark = (area > 30) & (np.maximum(w, h) > 12) & (np.maximum(w, h) < 80)
    return int(((h >= 1.4 * w) & mark).sum()), int(((w >= 1.4 * h) & mark).sum())


def upright(grey: np.ndarray, engine) -> np.ndarray:
    """A page lying on its side turned upright: a quarter turn either way, the one in whose top third the
    recogniser reads more Chinese characters surely (upside down, digits still read as digits, but
    characters read as nothing sure)."""
    best: Optional[tuple[float, np.ndarray]] = None
    for quarter in (1, 3):
        turned = np.ascontiguousarray(np.rot90(grey, quarter))
        top = turned[: max(1, turned.shape[0] // 3)]
        found, _ = engine(np.repeat(top[:, :, None], 3, axis=2), use_cls=False)
        score = sum(float(sc) * len(_CJK.findall(text)) for _, text, sc in (found or []) if float(sc) >= 0.8)
        if best is None or score > best[0]:
            best = (score, turned)
    return best[1]


MAX_SKEW = 5.0  # degrees: a page turned further than this is not a slightly askew scan


def skew(ink: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise positive as cv2 takes it) by which a page's long horizontal
    rules and text baselines lean; 0.0 when they are level (under 0.05°) or too few to tell. Found
    with a probabilistic Hough transform on the page shrunk to a quarter, lines at least a quarter
    of its width."""
    import cv2

    small = cv2.resize(ink.astype(np.uint8) * 255, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    small = (small > 60).astype(np.uint8) * 255
    width = small.shape[1]
    found = cv2.HoughLinesP(small, 1, np.pi / 1800, threshold=max(20, width // 8), minLineLength=width // 4,
                            maxLineGap=max(2, width // 200))
    if found is None:
        return 0.0
    angles = [math.degrees(math.atan2(y1 - y0, x1 - x0)) for x0, y0, x1, y1 in np.asarray(found).reshape(-1, 4).tolist()]
    angles = [a for a in angles if abs(a) < MAX_SKEW]
    if len(angles) < 3:
        return 0.0
    angle = float(np.median(angles))
    return angle if abs(angle) >= 0.05 else 0.0


def level(grey: np.ndarray, angle: float) -> np.ndarray:
    """The page image turned by ``angle`` degrees about its centre (see ``skew``), the corners white."""
    import cv2

    height, width = grey.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(grey, turn, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


SEAL_TILE = 96  # pixels: the squares a page is judged in for a seal stamped over its text


def without_seals(bgr: np.ndarray) -> np.ndarray:
    """The page in grey, with a red seal stamped over its text taken out: the red ink is made paper
    where, in a square of the page, red ink and black text lie together (a seal over a table or the
    signature); red alone (a red title, a seal on blank paper) stays as grey as it is."""
    blue, green, red = (bgr[:, :, i].astype(np.int32) for i in range(3))
    grey = ((299 * red + 587 * green + 114 * blue) // 1000).astype(np.uint8)
    stamped = (red > 120) & (red - np.maximum(green, blue) > 50)
    if not stamped.any():
        return grey
    black = (np.maximum(np.maximum(red, green), blue) < 110)
    h, w = grey.shape
    t = SEAL_TILE
    rows, cols = -(-h // t), -(-w // t)
    pad = ((0, rows * t - h), (0, cols * t - w))
    red_share = np.pad(stamped, pad).reshape(rows, t, cols, t).mean(axis=(1, 3))
    black_share = np.pad(black, pad).reshape(rows, t, cols, t).mean(axis=(1, 3))
    over_text = np.repeat(np.repeat((red_share > 0.01) & (black_share > 0.005), t, axis=0), t, axis=1)[:h, :w]
    grey[stamped & over_text] = 255
    return grey


def render_scale(width: float, height: float) -> float:
    """Pixels per point for a page of ``width`` × ``height`` points: ``SCALE``, less for a page so
    large that it would pass ``MAX_SIDE`` or ``MAX_PIXELS``; 0 for a page with no area."""
    if not (width > 0 and height > 0) or not (math.isfinite(width) and math.isfinite(height)):
        return 0.0
    return min(SCALE, MAX_SIDE / max(width, height), math.sqrt(MAX_PIXELS / (width * height)))


def load_engine(threads: int = -1):
    """The rapidocr engine with this project's settings; ``threads`` per model run (-1: all cores)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:  # pragma: no cover - a dependency of the package
        raise ReportError("reading a scanned PDF needs rapidocr-onnxruntime: pip install rapidocr-onnxruntime") \
            from None
    # Recognition at 32 pixels high (PP-OCRv4 is trained at 48) reads these printed pages as well and
    # five times faster (its cost grows faster than the line's width); each line is padded only to
    # 64 pixels (not 320): table cells are mostly short figures.
    return RapidOCR(text_score=0.3, max_side_len=MAX_SIDE, det_limit_type="max", det_limit_side_len=DET_SIDE,
                    rec_img_shape=[3, 32, 64], rec_batch_num=16, print_verbose=False,
                    intra_op_num_threads=threads, inter_op_num_threads=1 if threads > 0 else -1)


def _box(points, text: str, score: float, scale: float) -> _Box:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return _Box(_normal(text), float(score), min(xs) / scale, min(ys) / scale, max(xs) / scale, max(ys) / scale)


# ---------------------------------------------------------------- cells <- boxes


def _fill_tables(found: list[list[tuple]], grey: np.ndarray, ink: np.ndarray, scale: float,
                 engine) -> tuple[list[ScanTable], list[list[tuple]]]:
    """Each table's grid with its cells' text, recognised line by line from the cells' own ink
    (one batch for the page): the detector would run a box across narrow cells and miss lone digits.

    Returns the tables and the cells of the tables kept (a box of one column or row is left to the
    detector, as text)."""
    tol = TOL_PT * scale
    grids = []
    crops: list[list[tuple[int, int, int, int]]] = []  # each line: its pieces' (x0, top, x1, bottom) in pixels
    owners: list[tuple[int, int]] = []  # (table, cell id) of each crop
    for n, cells in enumerate(found):
        xs = cluster([x for c in cells for x in (c[0], c[2])], tol)
        ys = cluster([y for c in cells for y in (c[1], c[3])], tol)
        if len(xs) < 3 or len(ys) < 3:
            continue
        slots: list[list[Optional[int]]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
        for cell_id, (x0, top, x1, bottom) in enumerate(cells):
            for r in range(nearest(ys, top), nearest(ys, bottom)):
                for c in range(nearest(xs, x0), nearest(xs, x1)):
                    slots[r][c] = cell_id
            for crop in cell_lines(ink, x0, top, x1, bottom, scale):
                crops.append(crop)
                owners.append((n, cell_id))
        grids.append((n, cells, xs, slots))
    images = [_padded(strip(grey, pieces, max(2, round(scale)))) for pieces in crops]
    results = engine.text_rec(images)[0] if images else []
    read: dict[tuple[int, int], list[tuple[str, float]]] = {}
    for owner, pieces, (text, score) in zip(owners, crops, results):
        text = _normal(text)
        if len(pieces) == 1 and not _fits(text, pieces[0]):
            score = 0.0  # "110" read as "0": a figure too short (or long) for its ink is not trusted
        read.setdefault(owner, []).append((text, float(score)))
    tables = []
    for n, cells, xs, slots in grids:
        texts = {cell_id: _cell_text(read.get((n, cell_id), [])) for cell_id in range(len(cells))}
        x0, top = min(c[0] for c in cells), min(c[1] for c in cells)
        x1, bottom = max(c[2] for c in cells), max(c[3] for c in cells)
        tables.append(ScanTable(top / scale, bottom / scale, x0 / scale, x1 / scale, tuple(x / scale for x in xs),
                                tuple(tuple(row) for row in slots), texts))
    return tables, [cells for _, cells, _, _ in grids]


def _fits(text: str, box: tuple[int, int, int, int]) -> bool:
    """Whether a figure's length fits the width of its ink (a digit is about 0.6 of its height wide;
    ``1`` and separators are narrower); any other text fits."""
    if not _FIGURE.match(_zero(text)):
        return True
    width, height = box[2] - box[0], box[3] - box[1]
    expected = width / (0.6 * max(height, 1))
    size = sum(1.0 if ch.isdigit() else 0.5 for ch in _zero(text))
    return expected / 2.2 <= size <= 2.5 * expected + 1


def _padded(line: np.ndarray) -> np.ndarray:
    """A line's ink with a margin of white a quarter of its height (lone digits are read surely then;
    a wide margin makes the model read a ring as a letter), as the three-channel image rapidocr takes."""
    pad = max(2, round(0.25 * line.shape[0]))
    return np.pad(line, pad, constant_values=255)[:, :, None].repeat(3, axis=2)


def _cell_text(lines: list[tuple[str, float]]) -> Optional[str]:
    """A cell's text from its lines; None (unreadable) where a line could not be read, unless the
    rest is a label (then the label stands without that line), or where a figure is read unsurely."""
    if not lines:
        return ""
    kept = [(_zero(text), score) for text, score in lines if text and score >= TEXT_SCORE]
    text = _join([t for t, _ in kept])
    if _FIGURE.match(text) or not text:
        if len(kept) < len(lines) or min(score for _, score in kept) < NUMBER_SCORE:
            return None
    return text


_LOOK_ALIKES = str.maketrans("OoIlL|", "001111")


def _zero(text: str) -> str:
    """A lone ring in a cell is the figure 0, a lone bar 1 (recognition alone reads them as letters);
    a figure with such a letter among its digits ("L02", "1O5") is that figure: the fitter's
    identities still decide whether it stands."""
    if text in ("o", "O", "〇", "○"):
        return "0"
    if text in ("I", "l", "|"):
        return "1"
    if re.fullmatch(r"[\dOoIlL|]+", text) and any(ch.isdigit() for ch in text):
        return text.translate(_LOOK_ALIKES)
    return text


def _normal(text: str) -> str:
    """Recognised text with the look-alikes the model confuses put right (丶 for the list comma 、)."""
    return text.strip().replace("丶", "、")


# ---------------------------------------------------------------- lines and unruled tables


def _rows(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes grouped into lines (overlapping by half the smaller height), each left to right."""
    rows: list[list[_Box]] = []
    for box in sorted(boxes, key=lambda b: (b.cy, b.x0)):
        if rows:
            top, bottom = min(b.top for b in rows[-1]), max(b.bottom for b in rows[-1])
            overlap = min(bottom, box.bottom) - max(top, box.top)
            if overlap >= 0.5 * min(bottom - top, box.bottom - box.top):
                rows[-1].append(box)
                continue
        rows.append([box])
    return [sorted(row, key=lambda b: b.x0) for row in rows]


def _join(parts) -> str:
    """Pieces of text joined as Chinese is written: no space, except between two Latin/digit ends."""
    out = ""
    for part in parts:
        part = part.text if isinstance(part, _Box) else part
        if not part:
            continue
        out += (" " if out and _ASCII_END.search(out) and _ASCII_START.match(part) else "") + part
    return out


def _line(row: list[_Box]) -> ScanLine:
    height = sorted(b.bottom - b.top for b in row)[len(row) // 2]
    size = round(height / 1.3 / 2) * 2.0  # box height ~1.3 x type size; 2 pt steps so jitter is not a new size
    return ScanLine(_join(row), row[0].x0, row[-1].x1, min(b.top for b in row), max(b.bottom for b in row), size)


def _columned(rows: list[list[_Box]]) -> tuple[list[ScanTable], list[list[_Box]]]:
    """Tables without rules: runs of at least two lines of three or more boxes apart, one with a
    figure; columns from the x ranges the boxes occupy. Returns the tables and the other lines."""
    def spread(row: list[_Box]) -> bool:
        if len(row) < 3:
            return False
        height = sorted(b.bottom - b.top for b in row)[len(row) // 2]
        return all(b.x0 - a.x1 > 1.5 * height for a, b in zip(row, row[1:]))

    tables: list[ScanTable] = []
    rest: list[list[_Box]] = []
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and spread(rows[j]):
            j += 1
        run = rows[i:j]
        if len(run) >= 2 and sum(any(_FIGURE.match(b.text) for b in row) for row in run) >= 1:
            tables.append(_grid(run))
            i = j
        else:
            rest.append(rows[i])
            i += 1
    return tables, rest


def _grid(run: list[list[_Box]]) -> ScanTable:
    """A table from lines of boxes: columns are the merged x ranges of all boxes."""
    spans: list[list[float]] = []
    for x0, x1 in sorted((b.x0, b.x1) for row in run for b in row):
        if spans and x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    xs = [spans[0][0]] + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:])] + [spans[-1][1]]
    slots, texts, ids = [], {}, 0
    for row in run:
        line: list[Optional[int]] = []
        for c in range(len(spans)):
            mine = [b for b in row if xs[c] <= b.cx <= xs[c + 1]]
            line.append(ids)
            texts[ids] = _cell_text([(_join(mine), min(b.score for b in mine))]) if mine else ""
            ids += 1
        slots.append(tuple(line))
    top, bottom = min(b.top for b in run[0]), max(b.bottom for b in run[-1])
    return ScanTable(top, bottom, xs[0], xs[-1], tuple(xs), tuple(slots), texts)
