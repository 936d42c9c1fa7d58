"""Tables embedded in a line of running text (a crawler's one-line body).

The national tables are found between their headings (二、主动公开… 三、收到和处理… 四、…复议…
行政诉讼…), cut into labels and runs of figures, and shaped by ``corpus.flattened``; an old
statistics table (指标名称 计量单位 年度 历年累计) is read as ``label unit figures`` rows. What is
not a table stays prose for the text reader.
"""
from __future__ import annotations

import re
from typing import Callable, Optional

from corpus.flattened import (REQUEST_SUBS, REVIEW_COLUMNS, Grid, Token, compact, proactive_grid,
                              requests_grid, review_grid)
from corpus.runs import split_run

_RUN = re.compile(r"(?:-?\d+(?:\.\d+)?(?:万元|元|%)?[^\S\n]*)+")  # figures run together

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
                            + "|".join(REQUEST_SUBS))
_ROW_MARK = re.compile(r"(?=[一二三四]、|[（(][一二三四五六七八九十][）)]|\d{1,2}[.、．])")
_REVIEW_SPLIT = re.compile(r"行政复议|行政诉讼|未经复议直接起诉|复议后起诉|" + "|".join(REVIEW_COLUMNS))


def embedded_tables(text: str) -> list[tuple[int, int, Grid]]:
    """The national tables and old statistics tables written inside one line, with their spans."""
    found = []
    h2, h3, h4 = _H2.search(text), _H3.search(text), _H4.search(text)
    if h2 and h3 and h3.start() > h2.end():
        start = text.find("第", h2.end(), h3.start())
        if 0 <= start - h2.end() < 40:
            found.append((start, h3.start(), proactive_grid, _by_words(_PROACTIVE_SPLIT)))
    if h3 and h4 and h4.start() > h3.end():
        found.append((h3.end(), h4.start(), requests_grid, _request_labels))
    if h4:
        h5 = _H5.search(text, h4.end())
        found.append((h4.end(), h5.start() if h5 else len(text), review_grid, _by_words(_REVIEW_SPLIT)))
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
            out.extend(Token("label", p) for p in segment(compact(piece)) if p)
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
    head = ["指标名称", "计量单位", compact(header.group(1))] + (["历年累计"] if header.group(2) else [])
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

