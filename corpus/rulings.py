"""Table grids from a page image: ruling lines found in the ink, cells, and the text lines inside a cell.

Long horizontal and vertical runs of ink are kept by a morphological opening (OpenCV); the runs that
touch each other form a table, and their segments go through pdfplumber's own edge → intersection →
cell steps, so a scanned table gets the grid a drawn one gets in ``corpus.pdf``. A table cut by a
page break is closed where its vertical rules end, as ``corpus.pdf`` does. Inside a cell, the ink
(clear of what is left of the rules) is cut into lines; a label set vertically, one character under
another, is cut into characters set side by side for recognition (``strip``).

Coordinates are pixels of the rendered page; ``scale`` is pixels per PDF point.
"""
from __future__ import annotations

import numpy as np

_RULE_H_PT = 28.0  # points: a horizontal run this long is a rule, not a character stroke
_RULE_V_PT = 11.0  # points: a vertical run this long is a rule (table text strokes are shorter)
TOL_PT = 3.0  # points: rules or column edges this close are the same one


def find_tables(ink: np.ndarray, scale: float) -> list[list[tuple[float, float, float, float]]]:
    """The tables drawn on a binarised page: each a list of cells ``(x0, top, x1, bottom)`` in pixels.

    A table is a connected set of horizontal and vertical rules with at least two of each; a
    character stroke is too short to pass the opening, and a lone rule (a letterhead line) has no
    rules across it.
    """
    import cv2
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    mask = ink.astype(np.uint8) * 255
    long_h, long_v = max(8, round(_RULE_H_PT * scale)), max(6, round(_RULE_V_PT * scale))
    horizontal = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long_h, 1)))
    vertical = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long_v)))
    joined = cv2.dilate(horizontal | vertical, np.ones((5, 5), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    tol = TOL_PT * scale
    tables = []
    for k in range(1, count):
        x, y, w, h, _ = stats[k]
        if w < 2 * long_h or h < 2 * long_v:
            continue
        region = labels[y:y + h, x:x + w] == k
        edges = (_segments(horizontal[y:y + h, x:x + w] & region, "h", x, y, long_h)
                 + _segments(vertical[y:y + h, x:x + w] & region, "v", x, y, long_v))
        if sum(e["orientation"] == "h" for e in edges) < 2 or sum(e["orientation"] == "v" for e in edges) < 2:
            continue
        verticals = [e for e in edges if e["orientation"] == "v"]
        left, right = min(e["x0"] for e in verticals), max(e["x0"] for e in verticals)
        for y in (min(e["top"] for e in verticals), max(e["bottom"] for e in verticals)):
            # a table cut by a page break has no rule at the cut: close it where its columns end
            edges.append({"x0": left, "x1": right, "top": y, "bottom": y, "width": right - left, "height": 0.0,
                          "orientation": "h", "object_type": "line"})
        edges = merge_edges(edges, tol, tol, tol, tol)
        cells = intersections_to_cells(edges_to_intersections(edges, tol, tol))
        tables.extend(t for t in cells_to_tables(cells) if len(t) >= 2)
    return tables


def _segments(mask: np.ndarray, orientation: str, ox: int, oy: int, least: int) -> list[dict]:
    """The rules of one orientation in ``mask`` as pdfplumber edge dicts (pixels, page coordinates)."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    edges = []
    for x, y, w, h, _ in stats[1:count]:
        x, y = x + ox, y + oy
        if orientation == "h" and w >= least:
            middle = y + h / 2
            edges.append({"x0": float(x), "x1": float(x + w), "top": middle, "bottom": middle, "width": float(w),
                          "height": 0.0, "orientation": "h", "object_type": "line"})
        elif orientation == "v" and h >= least:
            middle = x + w / 2
            edges.append({"x0": middle, "x1": middle, "top": float(y), "bottom": float(y + h), "width": 0.0,
                          "height": float(h), "orientation": "v", "object_type": "line"})
    return edges


def cluster(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tol:
            out.append(value)
    return out


def nearest(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def strip(grey: np.ndarray, pieces: list[tuple[int, int, int, int]], gap: int) -> np.ndarray:
    """One line image from its pieces set side by side (a vertical label becomes a horizontal line)."""
    if len(pieces) == 1:
        x0, top, x1, bottom = pieces[0]
        return grey[top:bottom, x0:x1]
    height = max(bottom - top for _, top, _, bottom in pieces)
    parts = []
    for x0, top, x1, bottom in pieces:
        part = grey[top:bottom, x0:x1]
        below = height - part.shape[0]
        parts.append(np.pad(part, ((below // 2, below - below // 2), (0, gap)), constant_values=255))
    return np.concatenate(parts, axis=1)


def cell_lines(ink: np.ndarray, x0: float, top: float, x1: float, bottom: float,
                scale: float) -> list[list[tuple[int, int, int, int]]]:
    """The text lines inside a cell, clear of its rules: each line's pieces ``(x0, top, x1, bottom)``,
    one piece for a horizontal line, one per character for text set vertically (a narrow tall cell)."""
    margin = max(2, round(0.75 * scale))  # past the middle of the rule: what is left of it goes below
    a, b, c, d = int(top) + margin, int(bottom) - margin, int(x0) + margin, int(x1) - margin
    if b - a < 4 or d - c < 4:
        return []
    inside = _without_specks(_clear_edges(ink[a:b, c:d], scale), scale)
    if inside.sum() < 3 * scale:  # specks
        return []
    rows = inside.any(axis=1)
    bands: list[list[int]] = []
    gap = max(2, round(1.5 * scale))  # the gaps inside a character (三) are not line breaks
    for y in np.flatnonzero(rows):
        if bands and y - bands[-1][1] <= gap:
            bands[-1][1] = int(y) + 1
        else:
            bands.append([int(y), int(y) + 1])
    tallest = max(end - start for start, end in bands)
    merged: list[list[int]] = []
    for band in bands:  # a flat piece (a dash, the dot of a letter) belongs to the line it is nearest
        if merged and (band[1] - band[0] < 0.45 * tallest or merged[-1][1] - merged[-1][0] < 0.45 * tallest):
            merged[-1][1] = band[1]
        else:
            merged.append(band)
    lines = []
    for start, end in merged:
        if end - start < 1.5 * scale:
            continue
        cols = np.flatnonzero(inside[start:end].any(axis=0))
        left, right = c + int(cols[0]), c + int(cols[-1]) + 1
        if end - start > 2.2 * (right - left):  # vertical text: one piece per character
            lines.append([(left, a + top_, right, a + bottom_)
                          for top_, bottom_ in _characters(inside[start:end, cols[0]:cols[-1] + 1], start)])
        else:
            lines.append([(left, a + start, right, a + end)])
    return lines


def _speck(scale: float) -> int:
    """The most pixels a speck of ink has at this scale: less than any stroke or full stop."""
    return max(3, round(scale))


def _without_specks(inside: np.ndarray, scale: float) -> np.ndarray:
    """A cell's ink without specks (dust, a noisy scanner): pieces of a few pixels, smaller than a
    full stop at this scale, with no other ink close by (they would widen a line's box to the
    whole cell). The crumbs of a light stroke broken by the threshold lie beside it and stay."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(inside.astype(np.uint8), connectivity=8)
    tiny = np.flatnonzero(stats[1:count, 4] <= _speck(scale)) + 1
    if not len(tiny):
        return inside
    small = np.isin(labels, tiny)
    reach = 2 * max(2, round(1.5 * scale)) + 1
    near = cv2.dilate((inside & ~small).astype(np.uint8), np.ones((reach, reach), np.uint8)).astype(bool)
    return inside & ~np.isin(labels, np.setdiff1d(tiny, np.unique(labels[small & near])))


def _clear_edges(inside: np.ndarray, scale: float) -> np.ndarray:
    """A cell's ink without the rests of its rules (a skewed scan, even levelled): runs along most of
    the cell's width or height close to its edge, and thin pieces running along the edge they touch.

    Text that comes close to the edge (a label set tight to the left rule) stays: no character
    stroke runs most of a cell's width or height.
    """
    import cv2

    height, width = inside.shape
    thin, near = max(2, round(scale)), max(2, round(2 * scale))
    # a rule a level page still leaves a little inside the cell, corners and all: long runs along an edge
    mask = inside.astype(np.uint8)
    # (in a wide cell a rule a scan left a little askew steps from one pixel row to the next: a piece as
    # long as no character is wide, 15 pt, is a rule's rest there)
    longest = max(3, round(15 * scale))
    runs = cv2.morphologyEx(mask, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, min(int(0.8 * width), longest)), 1)))
    runs[2 * near:height - 2 * near] = 0
    down = cv2.morphologyEx(mask, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, min(int(0.8 * height), longest)))))
    down[:, 2 * near:width - 2 * near] = 0
    beside = np.zeros_like(mask)
    if runs.any() or down.any():
        inside = inside & ~cv2.dilate(runs | down, np.ones((3, 3), np.uint8)).astype(bool)
        beside = cv2.dilate(runs | down, np.ones((2 * thin + 3, 2 * thin + 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(inside.astype(np.uint8), connectivity=8)
    rests = []
    for k in range(1, count):
        x, y, w, h, area = stats[k]
        along_side = (x == 0 or x + w == width) and w <= thin and h >= 3 * w
        along_top = (y == 0 or y + h == height) and h <= thin and w >= 3 * h
        # what the rule left beside it: crumbs of a few pixels right where it ran
        crumb = area <= _speck(scale) and bool(beside[y:y + h, x:x + w].any())
        if along_side or along_top or crumb:
            rests.append(k)
    return inside & ~np.isin(labels, rests) if rests else inside


def _characters(band: np.ndarray, offset: int) -> list[tuple[int, int]]:
    """Rows ``(top, bottom)`` of the characters of a vertical line: runs of inked rows gathered
    while they stay within a square (characters are about as tall as they are wide)."""
    width = band.shape[1]
    runs: list[list[int]] = []
    for y in np.flatnonzero(band.any(axis=1)):
        if runs and y == runs[-1][1]:
            runs[-1][1] = int(y) + 1
        else:
            runs.append([int(y), int(y) + 1])
    out: list[list[int]] = []
    for start, end in runs:
        if out and end - out[-1][0] <= 1.15 * width:
            out[-1][1] = end
        else:
            out.append([start, end])
    return [(start + offset, end + offset) for start, end in out]
