"""Correction notices (更正说明) published with a report: a table cell printed wrong, set right.

Agencies correct a published report by a notice appended to it: "…表格“（四）无法提供—1.本机关不掌握相关
政府信息”一行“自然人”一栏数据因录入错误误填为“12”，正确数据应为“21”。" ``corrected`` finds each such
sentence (in a passage under a 更正/勘误 heading, right after one, or saying 更正 itself), the cell it names (every quoted label
found in the cell's table title, row and column, and the value printed there the wrong one) and, when exactly
one cell fits, gives that fact the corrected value, the notice's sentence kept in ``Fact.corrected`` so that
an answer says where its figure comes from. A notice whose cell cannot be pinned down changes nothing.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from corpus.numbers import read_quantity
from corpus.records import Fact, Section

_NOTICE = re.compile(r"更正|勘误|订正|纠正如下")
# a block of a web page that holds a notice's sentence (``corpus.html`` keeps such blocks as report text)
NOTICE_WORDS = re.compile(r"更正|勘误|订正")
CORRECTED_CELL = re.compile(r"误(?:填|写|录|报|作|印|列|植)[^。]{0,40}?(?:正确|应为|应是|更正为|改为|订正为)")
_WRONG = re.compile(r"误(?:填|写|录|报|作|印|列|植)(?:为|成)?\s*[“\"「]?\s*(-?\d[\d,，.]*)\s*[件条个人元]?[”\"」]?")
_RIGHT = re.compile(r"(?:正确(?:的)?(?:数据|数字|数值|值|数)?(?:应)?(?:为|是)|应为|应是|更正为|改为|订正为)\s*[“\"「]?\s*"
                    r"(-?\d[\d,，.]*)\s*[件条个人元]?[”\"」]?")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,60})[”\"」』]")
_PARTS = re.compile(r"[—–－\-›>/／]+")
_MARKS = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*|[\s“”\"「」]")


def corrected(facts: list[Fact], sections: Iterable[Section]) -> list[Fact]:
    """``facts`` with each cell a correction notice sets right given its corrected value."""
    for sentence in _notice_sentences(sections):
        wrong, right = _WRONG.search(sentence), _RIGHT.search(sentence)  # (both there: _notice_sentences)
        old, new = read_quantity(wrong.group(1)), read_quantity(right.group(1))
        if old is None or new is None or old.value == new.value:
            continue
        labels = [_bare(p) for q in _QUOTED.findall(sentence) if not re.fullmatch(r"[\d,，.\s]+", q)
                  for p in _PARTS.split(q) if _bare(p)]
        if not labels:
            continue
        fits = [k for k, f in enumerate(facts) if f.value == old.value and all(
            label in _bare("".join((f.table_title, *f.section, *f.row, *f.column))) for label in labels)]
        if len(fits) == 1:
            k = fits[0]
            facts[k] = replace(facts[k], value=new.value, raw=right.group(1),
                               corrected=f"原表为{wrong.group(1)}，更正为{right.group(1)}（{sentence.strip()}）")
    return facts


def _notice_sentences(sections: Iterable[Section]) -> list[str]:
    """The sentences of the passages that make a correction (under a 更正 heading, or saying 更正)."""
    out = []
    for section in sections:
        heading, before = " ".join(section.path), ""
        for passage in section.passages:  # (its own heading, "更正说明", may stand as the passage before it)
            if _NOTICE.search(heading) or _NOTICE.search(passage.text) or _NOTICE.search(before[-40:]):
                out += [s for s in re.split(r"(?<=[。；;])", passage.text) if _WRONG.search(s) and _RIGHT.search(s)]
            before = passage.text
    return out


def _bare(text: str) -> str:
    """A label without its numbering marks, quotes and spaces ("（四）无法提供" → "无法提供")."""
    return "".join(_MARKS.sub("", part) for part in re.split(r"\s+", text.strip()))
