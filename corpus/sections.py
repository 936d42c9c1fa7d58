"""The heading hierarchy of a report and the passages under each heading.

Headings are recognised by their numbering, one level each::

    一、总体情况            level 1   (also 第一部分, 【一】)
    （一）主动公开方面      level 2
    1. / 1、                level 3
    (1)                     level 4
    附表一 / 附件1          level 5   (siblings of each other, under the heading above them)

``一是…`` / ``二是…`` start sentences, not headings. A heading printed at the start of a long
paragraph (``（一）主动公开方面。有序推进…``, or with no stop at all: ``（一）主动公开方面平潭
综合实验区切实落实…``) gives the heading and a passage with the rest. Each table is placed in
the section it appears in and titled by its caption or the short line right above it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from corpus.records import Document, Line, Passage, RawTable, Section
from corpus.tables import clean_label

_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^(?:[一二三四五六七八九十]{1,3}\s*[、．.]|第[一二三四五六七八九十]{1,3}部分|"
                   r"[【〔\[［]\s*[一二三四五六七八九十]{1,3}\s*[】〕\]］])\s*")),
    (2, re.compile(r"^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]\s*")),
    (3, re.compile(r"^\d{1,2}\s*[、．.](?!\d)\s*")),
    (4, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]\s*")),
    (5, re.compile(r"^附\s*[表件]\s*[一二三四五六七八九十\d]{0,3}\s*[：:、.．]?\s*")),
)
_APPENDIX = 5
_MAX_HEADING = 40  # a heading line longer than this is a heading with a paragraph after it
_STOPS = "。：:；;！!？?"
_TOPIC_ENDS = ("方面", "情况")
_POINT_START = re.compile(r"[一二三四五六七八九十]是|[①②③④⑤⑥⑦⑧⑨⑩]")


@dataclass(frozen=True)
class Heading:
    """A heading found at the start of a line, and the prose that follows it on that line."""

    level: int
    text: str
    rest: str = ""


# emoji and bullet marks a copied WeChat post sets before its headings and its cells ("📊 二、…", "· 自然人：3")
MARKS_BEFORE = re.compile(r"^(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u25A0-\u25FF\uFE0F·•・●○◆◇▪■□▲△▶►★☆※]\s*)+")


def read_heading(text: str) -> Optional[Heading]:
    """The heading a line starts with, or None for a line of prose.

    ``'（一）主动公开方面。有序推进…'`` gives ``Heading(2, '（一）主动公开方面', '有序推进…')``.
    """
    line = MARKS_BEFORE.sub("", text.strip())  # "📊 二、主动公开…", "▲ （一）…": a copied post's marks before it
    for level, pattern in _LEVELS:
        match = pattern.match(line)
        if not match:
            continue
        label, body = line[: match.end()].strip(), line[match.end():].strip()
        if level < 5 and not body:
            return None  # a bare number is not a heading
        if len(line) <= _MAX_HEADING and not any(stop in body[:-1] for stop in _STOPS):
            return Heading(level, _join(label, body.rstrip("。：:；; ")))
        cut = _heading_end(body)
        if cut is None:
            return None
        heading, rest = body[:cut].rstrip("。：:；; "), body[cut:].lstrip("。：:；;， \u3000")
        return Heading(level, _join(label, heading), rest.strip())
    return None


def _join(label: str, words: str) -> str:
    """Label and heading words as printed, without layout spaces; an appendix number keeps
    the space that separates it from its name (附表二 依申请公开政府信息情况统计)."""
    label, words = clean_label(label), clean_label(words)
    if label.startswith("附") and label[-1] not in "：:、.．" and words:
        return f"{label} {words}"
    return label + words


def _heading_end(body: str) -> Optional[int]:
    """Where the heading words of a run-in heading end, or None when no end can be found."""
    window = body[:_MAX_HEADING]
    stops = [window.find(s) for s in _STOPS if s in window]
    # a list of points may follow the heading words directly: 健全工作机制一是… / 公开情况①…
    stops += [m.start() for m in _POINT_START.finditer(window) if m.start() > 0][:1]
    if stops:
        return min(stops)
    space = re.search(r"\s", body[:30])
    if space:
        return space.start()
    for word in _TOPIC_ENDS:
        at = body.find(word, 0, 24)
        if at > 0:
            return at + len(word)
    return None


def _announces_appendix(heading: str) -> bool:
    """True for a heading under which appendix tables follow: 附表, 说明和附表, 统计表."""
    return any(word in heading for word in ("附表", "附件", "统计表", "统计情况")) and not heading.startswith("附")


@dataclass
class Outline:
    """A document's sections, and for each of its raw tables (in order) a section and a title."""

    sections: list[Section] = field(default_factory=list)
    table_places: list[tuple[tuple[str, ...], str]] = field(default_factory=list)


def outline(doc: Document, title: str = "") -> Outline:
    """Sections with their passages, and where each table stands, for a whole document.

    Leading lines that only repeat the report's ``title`` are left out; prose before the
    first heading is a section with the empty path ``()``.
    """
    stack: list[tuple[int, str]] = []
    sections: dict[tuple[str, ...], list[Passage]] = {(): []}
    order: list[tuple[str, ...]] = [()]
    result = Outline()
    previous: Optional[Line] = None
    compact_title = clean_label(title)
    in_preamble = True
    for block in doc.blocks:
        if isinstance(block, RawTable):
            path = tuple(text for _, text in stack)
            result.table_places.append((path, _table_title(block, previous, path)))
            previous = None
            continue
        text = block.text.strip()
        if not text:
            continue
        if in_preamble and len(clean_label(text)) >= 4 and clean_label(text) in compact_title:
            continue  # the title (or a line of it)
        in_preamble = False
        heading = read_heading(text)
        if heading is not None:
            if heading.level == _APPENDIX:
                # An appendix belongs to a heading that announces it (七、说明和附表 › （二）附表),
                # else it stands on its own after the report's last section.
                while stack and not _announces_appendix(stack[-1][1]):
                    stack.pop()
            while stack and stack[-1][0] >= heading.level:
                stack.pop()
            stack.append((heading.level, heading.text))
            path = tuple(t for _, t in stack)
            if path not in sections:
                sections[path] = []
                order.append(path)
            if heading.rest:
                sections[path].append(Passage(heading.rest, path, block.where))
        else:
            path = tuple(t for _, t in stack)
            sections[path].append(Passage(text, path, block.where))
        previous = block
    result.sections = [Section(path, tuple(sections[path])) for path in order if path or sections[path]]
    return result


def _table_title(table: RawTable, previous: Optional[Line], path: tuple[str, ...]) -> str:
    """A table's title: its caption, else a short line right above it, else its section's heading."""
    if table.caption.strip():
        return _title_text(table.caption)
    if previous is not None:
        text = previous.text.strip()
        if len(text) <= _MAX_HEADING and not any(stop in text[:-1] for stop in "。；;"):
            return _title_text(text)
    return path[-1] if path else ""


def _title_text(text: str) -> str:
    """A short line as a title: a heading as its heading text, else without layout spaces."""
    heading = read_heading(text)
    title = heading.text if heading is not None and not heading.rest else clean_label(text)
    return title.rstrip("：:")
