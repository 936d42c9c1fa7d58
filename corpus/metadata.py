"""A report's title, agency and year.

The title is the one the format states (``<title>``, a crawler's ``标题:`` header, PDF metadata)
or the first lines of the text, whichever names both an agency and a year. Agency and year
come from the title: ``2011年上海市人力资源和社会保障局政府信息公开工作年度报告`` and
``平潭综合实验区2023年度政府信息公开工作年度报告`` both give the words around the year up to
``政府信息公开``; Chinese-numeral years (``二〇一一年``) are read too. The file name
(``AGENCY_YEAR.ext``, the corpus convention) is the fallback for each.

Agency rule, the same for every report:

* the body the title names;
* a file name naming the same body more fully (``淮安市洪泽区人民政府`` for a title's
  ``洪泽区人民政府``) gives the fuller name;
* a 管委会/管理委员会 is filed under the area it governs: ``平潭综合实验区管委会`` ->
  ``平潭综合实验区``, the form the zone's other titles and the file names use, so that every
  year of one body has one name. Its departments keep theirs (``平潭综合实验区管委会办公室``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from corpus.numbers import read_year
from corpus.records import Document, Line
from corpus.tables import clean_label

_YEAR = re.compile(r"((?:19|20|21)\d{2}|[〇○零一二][〇○零一二三四五六七八九]{3})\s*年度?")
_REPORT_WORDS = re.compile(r"(?:关于)?(?:政府信息公开|政务公开|信息公开|政府信息|年度报告|工作报告|工作年报|年报)")
_GOVERNING_BODY = re.compile(r"^(?P<area>.+(?:区|县|市|省|州|盟|旗))(?:党工委)?(?:管委会|管理委员会)$")
_FILE_NAME = re.compile(r"^(?P<agency>.+?)[_\-\s]+(?P<year>(?:19|20|21)\d{2})$")


@dataclass(frozen=True)
class Metadata:
    """What a report says about itself."""

    title: str
    agency: str
    year: Optional[int]


def read_metadata(doc: Document) -> Metadata:
    """Title, agency and year of a document (agency "" and year None when nothing names them)."""
    candidates = [_from_hint(doc.title_hint), _from_first_lines(doc)]
    scored = [(bool(a) + (y is not None), i, t, a, y) for i, t in enumerate(candidates) if t
              for a, y in [title_agency_year(t)]]
    title, agency, year = "", "", None
    if scored:
        _, _, title, agency, year = max(scored, key=lambda s: (s[0], -s[1]))
    file_agency, file_year = file_name_agency_year(doc.path)
    if file_agency and (not agency or (file_agency.endswith(agency) and file_agency != agency)):
        agency = file_agency
    if year is None:
        year = _year_in_lines(doc) or file_year
    return Metadata(title=title or Path(doc.path).stem, agency=governed_area(agency), year=year)


def title_agency_year(title: str) -> tuple[str, Optional[int]]:
    """Agency and year a report title names: '平潭综合实验区2023年度政府信息公开工作年度报告'
    -> ('平潭综合实验区', 2023). Either may be empty/None."""
    text = clean_label(title)
    text = re.sub(r"^关于", "", text)
    match = _YEAR.search(text)
    year = read_year(match.group(1)) if match else None
    if match and match.start() == 0:
        rest = text[match.end():]
    elif match:
        rest = text[: match.start()]
    else:
        rest = text
    words = _REPORT_WORDS.search(rest)
    if not (match or words):
        return "", None  # not a report title: no year, no 信息公开/报告 words
    agency = rest[: words.start()] if words else rest
    agency = agency.strip("（()）《》“”\"' 的")
    if len(agency) < 2 or _REPORT_WORDS.fullmatch(agency):
        agency = ""
    return agency, year


def governed_area(agency: str) -> str:
    """A 管委会 is named by the area it governs: '平潭综合实验区管委会' -> '平潭综合实验区'."""
    match = _GOVERNING_BODY.match(agency)
    return match.group("area") if match else agency


def file_name_agency_year(path: str) -> tuple[str, Optional[int]]:
    """Agency and year from a corpus file name 'AGENCY_YEAR.ext'; ('', None) for other names."""
    match = _FILE_NAME.match(Path(path).stem)
    if not match:
        return "", None
    return match.group("agency"), int(match.group("year"))


def _from_hint(hint: str) -> str:
    """The report title inside a page title such as 'TITLE_栏目_网站名'."""
    parts = [p.strip() for p in re.split(r"[_｜|]| - ", hint or "") if p.strip()]
    for part in parts:
        if "报告" in part:
            return clean_label(part)
    return clean_label(parts[0]) if parts else ""


def _from_first_lines(doc: Document) -> str:
    """The title printed at the top: the first lines up to one that says 报告 (at most four)."""
    lines = [b.text.strip() for b in doc.blocks[:8] if isinstance(b, Line) and b.text.strip()]
    taken: list[str] = []
    for text in lines[:4]:
        if len(text) > 50:
            break
        taken.append(text)
        if "报告" in text:
            return clean_label("".join(taken))
    if lines and len(lines[0]) <= 60 and not lines[0].endswith(("。", "；", "！", "？", ".")):
        return clean_label(lines[0])
    return ""


def _year_in_lines(doc: Document) -> Optional[int]:
    """The first year written in the first five lines (统计期限自2024年1月1日…)."""
    lines = [b.text for b in doc.blocks[:10] if isinstance(b, Line)][:5]
    for text in lines:
        match = _YEAR.search(clean_label(text))
        if match:
            return read_year(match.group(1))
    return None
