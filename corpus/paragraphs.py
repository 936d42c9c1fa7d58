"""Paragraphs of converted text: page furniture taken out, hard-wrapped lines joined again.

A PDF-to-text or PDF-to-Markdown converter breaks every line where the page did (every 25–35
characters), in the middle of words (``上`` / ``海市``) and numbers (``11`` / ``8场``), and puts
the page's number and running header between the lines of a paragraph. A line break there is
not a sentence break: the lines of a paragraph are joined again before figures are read. What
is a real boundary stays one: a blank line, a line ending a sentence (。！？；：), a line
noticeably shorter than the wrapped ones (a paragraph's last line, a heading), and a line that
starts with a heading or list marker (一、 （一） 1. （1） ① 附件).

Text that is not hard-wrapped (one paragraph a line, as most text reports are) is left as it is.
"""
from __future__ import annotations

import re
from collections import Counter
from statistics import median
from typing import Sequence

Numbered = tuple[int, str]

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*[/／]\s*\d{1,3}|(?:page|Page|PAGE)\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?)\s*$")
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_CONTINUED = re.compile(r"^\s*[（(]?\s*续(?:表|上表)?\s*[）)]?\s*[:：]?\s*$")
_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]"
                     r"|\d{1,2}\s*[.、．](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]|附\s*[表件]|第[一二三四五六七八九十]+[章节条部分]"
                     r"|[-*+]\s|#)")
_ENDS = "。！？!?；;：:"
# a Markdown pipe-table line, or a line of the HTML tables a converter writes into Markdown (``<table>``,
# ``<tr><td>…``): never page furniture, never part of a paragraph, though ``<table>`` repeats on every page
_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$|\s\|\s*$|^\s*\|\s*$|^\s*</?(?:table|thead|tbody|tr|td|th)\b", re.I)


def _is_table(line: str) -> bool:
    return bool(_TABLE_LINE.search(line))


def furniture(lines: Sequence[Numbered]) -> set[int]:
    """Indices of page furniture: page numbers (``- 3 -``, ``第3页 共9页``, a bare number between
    blank lines or one of a run of page numbers 2, 3, 4 …), ``续表`` lines, and a short line
    repeated on three pages, or twice next to a page number (a running header or footer; kept
    at the top of the text, where it may be the title)."""
    texts = [text.strip() for _, text in lines]
    counts = Counter(t for t in texts if t and len(t) <= 60 and not _is_table(t))
    out: set[int] = set()
    for i, text in enumerate(texts):
        blank_around = (i == 0 or not texts[i - 1]) or (i + 1 == len(texts) or not texts[i + 1])
        if text and (_PAGE_NUMBER.match(text) or _CONTINUED.match(text)
                     or (_BARE_NUMBER.match(text) and blank_around)):
            out.add(i)
    out |= _numbered_pages(texts)
    if not out:
        return out  # not paginated: a repeated line is content, not a running header
    top = [i for i, text in enumerate(texts) if text][:5]  # where a title stands
    numbers = sorted(out)
    for i, text in enumerate(texts):
        if not text or i in out or i in top or _MARKER.match(text) or counts[text] < 2:
            continue
        near_number = any(abs(i - j) <= 3 for j in numbers)
        if counts[text] >= 3 or near_number:
            out.add(i)
    return out


def _numbered_pages(texts: Sequence[str]) -> set[int]:
    """The bare-number lines that continue a run of page numbers: ``2`` … ``3`` … ``4`` in reading
    order (a lone number inside a paragraph may be a piece of a figure, ``12`` / ``2`` / ``期``;
    one that the next or previous page number follows by one is the page's number)."""
    numbered = [(i, int(re.sub(r"\D", "", t))) for i, t in enumerate(texts)
                if t and (_BARE_NUMBER.match(t) or _PAGE_NUMBER.match(t)) and re.search(r"\d", t)]
    out: set[int] = set()
    for k, (i, value) in enumerate(numbered):
        before = numbered[k - 1][1] if k else None
        after = numbered[k + 1][1] if k + 1 < len(numbered) else None
        if _BARE_NUMBER.match(texts[i]) and (before == value - 1 or after == value + 1):
            out.add(i)
    return out


_TITLE_LINE = re.compile(r"(?:19|20)\d\d\s*年(?:度)?[^，,。；;]{0,20}(?:年度报告|工作报告|年报)\s*$")


def _wrap_width(lines: Sequence[str]) -> float:
    """The width of a full wrapped line, or 0 when the text is not hard-wrapped."""
    breaks = []
    candidates = 0
    for line, following in zip(lines, lines[1:]):
        if not line or not following or _is_table(line) or _is_table(following):
            continue
        candidates += 1
        if line[-1] not in _ENDS and not _MARKER.match(following) and 12 <= len(line) <= 90:
            breaks.append(len(line))
    if len(breaks) < 5 or len(breaks) < 0.4 * candidates:
        return 0.0
    return median(breaks)


def _glue(left: str, right: str) -> str:
    """Two pieces of one paragraph: no space between them unless both sides are Latin words."""
    if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha():
        return f"{left} {right}"
    return left + right


def unwrap(lines: Sequence[Numbered]) -> list[Numbered]:
    """The lines with page furniture removed and hard-wrapped paragraphs joined, each joined
    paragraph numbered by its first line. Table lines and blank lines are kept as they are."""
    drop = furniture(lines)
    kept = [(n, text.strip()) for i, (n, text) in enumerate(lines) if i not in drop]
    # furniture between two lines of one paragraph left blank lines around it: close the gap
    closed: list[Numbered] = []
    for i, (n, text) in enumerate(kept):
        if not text and closed and i + 1 < len(kept) and i in _gaps(lines, drop, kept):
            continue
        closed.append((n, text))
    width = _wrap_width([t for _, t in closed])
    if not width:
        return _restore(lines, drop)
    out: list[Numbered] = []
    joinable = False
    for n, text in closed:
        if joinable and text and not _MARKER.match(text) and not _is_table(text):
            out[-1] = (out[-1][0], _glue(out[-1][1], text))
        else:
            out.append((n, text))
        # a full line that ends no sentence goes on in the next one; a report's title ends its own line
        joinable = (bool(text) and not _is_table(text) and text[-1] not in _ENDS and len(text) >= 0.7 * width
                    and not _TITLE_LINE.search(text))
    return out


def _restore(lines: Sequence[Numbered], drop: set[int]) -> list[Numbered]:
    """Text that is not hard-wrapped: only the furniture goes."""
    return [(n, text) for i, (n, text) in enumerate(lines) if i not in drop]


def _gaps(lines: Sequence[Numbered], drop: set[int], kept: Sequence[Numbered]) -> set[int]:
    """Indices in ``kept`` of the blank lines that surrounded removed furniture."""
    kept_index = {}
    k = 0
    for i, _ in enumerate(lines):
        if i not in drop:
            kept_index[i] = k
            k += 1
    gaps: set[int] = set()
    for i in drop:
        for j in (i - 1, i + 1):
            while 0 <= j < len(lines) and j not in drop and not lines[j][1].strip():
                gaps.add(kept_index[j])
                j += -1 if j < i else 1
    return gaps
