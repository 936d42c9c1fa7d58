"""A report's title, agency, year and place among China's divisions.

The title is the one the format states (``<title>``, a crawler's ``标题:`` header, PDF metadata)
or the one printed near the top, wherever it stands: after a ``正文`` or page-header line, in a
Markdown heading (``# …``), behind a ``标题：`` label, or broken over two or three lines
(``2024 年上海市某某委政府信息公开工作`` / ``年度报告``); whichever names both an agency and a year.
Agency and year come from the title: ``2011年上海市人力资源和社会保障局政府信息公开工作年度报告``
and ``平潭综合实验区2023年度政府信息公开工作年度报告`` both give the words around the year up to
``政府信息公开``; Chinese-numeral years (``二〇一一年``) are read too.

Agency rule, the same for every report:

* the body the title names;
* when the title names it by a short form (``市科委``) or not at all, the full name the body gives:
  ``上海市科学技术委员会（以下简称市科委）``, ``…（以下简称“我局”）``, the signature line at the end;
* the file name (``淮安市洪泽区人民政府_2024.pdf``, ``XX县人民政府2023年政府信息公开工作年度报告.pdf``)
  when the text names none or the file names the same body more fully (``淮安市洪泽区人民政府``
  for a title's ``洪泽区人民政府``); a neutral file name (``report_001.md``) names nothing;
* a place one character off a real division (``淮按市``) is corrected when the evidence picks one
  (``corpus.places.correct_agency``), and the correction is stated in ``Metadata.corrections``;
* a 管委会/管理委员会 is filed under the area it governs: ``平潭综合实验区管委会`` ->
  ``平潭综合实验区``, the form the zone's other titles and the file names use, so that every
  year of one body has one name. Its departments keep theirs (``平潭综合实验区管委会办公室``).

The agency is then placed in the divisions (``region``: province, city, county).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from corpus.numbers import read_year
from corpus.records import Document, Line
from corpus.tables import clean_label

_HALF_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_YEAR = re.compile(r"((?:19|20|21)\d{2}|[〇○零一二][〇○零一二三四五六七八九]{3})\s*年度?")
_REPORT_WORDS = re.compile(r"(?:关于)?(?:政府信息公开|政务公开|信息公开|政府信息|年度报告|工作报告|工作年报|年报)")
_GOVERNING_BODY = re.compile(r"^(?P<area>.+(?:区|县|市|省|州|盟|旗))(?:党工委)?(?:管委会|管理委员会)$")
_FILE_NAME = re.compile(r"^(?P<agency>.+?)[_\-\s]+(?P<year>(?:19|20|21)\d{2})(?:年度?)?$")
_FILE_NAME_YEAR_FIRST = re.compile(r"^(?P<year>(?:19|20|21)\d{2})(?:年度?)?[_\-\s]*(?P<agency>.+?)$")
_FILE_COPY_MARKS = re.compile(r"(?:[（(]\d+[)）]|[_\-\s]*(?:副本|最终版|终稿|定稿|公开版|final|copy))+$", re.I)
# Lines that stand above or around a title but are not it: a body marker, page furniture, labels.
_FURNITURE = re.compile(
    r"^(?:=*\s*正\s*文\s*=*|第\s*\d+\s*页.*|-\s*\d+\s*-|\d+\s*/\s*\d+|\d{1,3}|当前位置.*|您的位置.*|首页\s*[>›»].*"
    r"|.*门户网站|字号.*|【?\s*打印.*|分享到.*|索引号.*|发布(?:日期|时间)\s*[:：].*|浏览次数.*|点击(?:数|量).*"
    r"|(?:信息)?来源\s*[:：].*|发布机构\s*[:：].*|文号\s*[:：].*|主题分类\s*[:：].*|作者\s*[:：].*|时间\s*[:：].*)$")
# A label before a title: 标题：/文章标题：/标  题：…, or bracketed with or without a colon (【标题】, [标题]).
_TITLE_WORD = r"(?:文章标题|文件标题|信息标题|标\s*题|题\s*目)"
_LABEL = re.compile(rf"^(?:[【\[［〔(（]\s*{_TITLE_WORD}\s*[】\]］〕)）]\s*[:：]?"
                    rf"|(?:{_TITLE_WORD}|名\s*称|文件名称|信息名称)\s*[:：])\s*")
_SOURCE_LABEL = re.compile(r"^(?:发布机构|信息来源|来源|发文机关|发布单位)\s*[:：]\s*(.+)$")
_MARKUP = re.compile(r"^[#>*\s]+|[*\s]+$")
# The end of a body's name: an agency, not a sentence.
_AGENCY_END = re.compile(r"(?:局|委员会|委|厅|办公室|办|人民政府|政府|管委会|管理委员会|中心|院|署|会|处|所|站|馆|部"
                         r"|室|司|综合实验区|新区|开发区|高新区|区|县|市|省|州|盟|旗|镇|乡|街道)$")
_NOT_A_NAME_START = ("#", "*", ">", "正文", "标题", "题目", "目录", "附件", "来源", "发布", "索引", "本报告", "根据", "依据",
                     "按照", "依照")
_SELF = ("本机关", "本机构", "我局", "本局", "我委", "本委", "我办", "本办", "我厅", "本厅", "我区", "本区", "我市",
         "本市", "我县", "本县", "本单位", "我单位", "我中心", "本中心", "我院", "我署", "我会")
_ALIAS = re.compile(r"[（(]\s*(?:以下|下文)?简称\s*[“\"「『]?([^”\"」』）)]{1,16}?)[”\"」』]?\s*[）)]")
_DATE_LINE = re.compile(r"^(?:(?:19|20|21)\d{2}|[〇○零一二][〇○零一二三四五六七八九]{3})\s*年.{0,8}[日号]?$")
_TRAILING_DATE = re.compile(r"\s*(?:(?:19|20|21)\d{2}|[〇○零一二][〇○零一二三四五六七八九]{3})\s*年[^年]{0,8}$")


@dataclass(frozen=True)
class Metadata:
    """What a report says about itself."""

    title: str
    agency: str
    year: Optional[int]
    region: tuple[str, ...] = field(default=())  # ("江苏省", "宿迁市", "沭阳县"); () when not placed
    corrections: tuple[str, ...] = field(default=())  # what was read otherwise than written, and why


def read_metadata(doc: Document) -> Metadata:
    """Title, agency, year and region of a document (agency "" and year None when nothing names them)."""
    lines = [clean_label(b.text).translate(_HALF_WIDTH_DIGITS) for b in doc.blocks
             if isinstance(b, Line) and b.text.strip()]  # "格尔木市财政局２０２４年度…": the year in full-width digits
    candidates = [_from_hint(doc.title_hint), *_titles_in_lines(lines)]
    scored = [(bool(a) + (y is not None), "报告" in t, -i, t, a, y) for i, t in enumerate(candidates) if t
              for a, y in [title_agency_year(t)]]
    title, agency, year = "", "", None
    if scored:
        best = max(scored, key=lambda s: s[:3])
        # "海甸街道2022年度…" (the page's title), "海口市美兰区海甸街道办事处2022年度…" (the report's own): the
        # title that names the same body in full
        fuller = [s for s in scored if s[0] == best[0] and s[5] == best[5] and best[4] and best[4] in s[4]
                  and len(s[4]) > len(best[4]) and _may_be_agency(s[4])
                  and re.fullmatch(r"[\u4e00-\u9fff]{2,30}", s[4]) and _starts_with_place(s[4])]
        _, _, _, title, agency, year = max(fuller, key=lambda s: len(s[4])) if fuller else best
    corrections: list[str] = []
    file_agency, file_year = file_name_agency_year(doc.path)
    agency = _full_name(agency, lines, file_agency, corrections)
    if file_agency and (not agency or (file_agency.endswith(agency) and file_agency != agency)):
        agency = file_agency
    if not agency:
        agency = _source_label(lines)
    if year is None:
        year = _year_in_lines(lines) or file_year
    agency = governed_area(agency) if _may_be_agency(agency) else ""
    region: tuple[str, ...] = ()
    if agency:
        from corpus.places import correct_agency

        evidence = "\n".join(lines[1:])
        placing = correct_agency(agency, evidence, file_agency or Path(doc.path).stem)
        if placing.name != agency:
            agency = governed_area(placing.name)
            corrections.extend(f"agency: {c}" for c in placing.corrections)
        region = placing.region
        if file_agency and not _same_body(file_agency, agency):
            corrections.append(f"agency: the file name names {file_agency}; filed under {agency}, "
                               "the name the report's text gives")
    return Metadata(title=title or Path(doc.path).stem, agency=agency, year=year, region=region,
                    corrections=tuple(corrections))


def title_agency_year(title: str) -> tuple[str, Optional[int]]:
    """Agency and year a report title names: '平潭综合实验区2023年度政府信息公开工作年度报告'
    -> ('平潭综合实验区', 2023). Either may be empty/None."""
    text = clean_label(_strip_markup(title)).translate(_HALF_WIDTH_DIGITS)
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
    if len(agency) < 2 or _REPORT_WORDS.fullmatch(agency) or not _may_be_agency(agency):
        agency = ""
    return agency, year


def governed_area(agency: str) -> str:
    """A 管委会 is named by the area it governs: '平潭综合实验区管委会' -> '平潭综合实验区'."""
    match = _GOVERNING_BODY.match(agency)
    return match.group("area") if match else agency


def file_name_agency_year(path: str) -> tuple[str, Optional[int]]:
    """Agency and year a file name gives: 'AGENCY_YEAR.ext', 'YEAR_AGENCY.ext' or a title
    ('XX县人民政府2023年政府信息公开工作年度报告.pdf'); ('', None) for a neutral name (report_001.md)."""
    stem = _report_part(_FILE_COPY_MARKS.sub("", Path(path).stem).strip())  # "三都发布｜…年度报告.html"
    for pattern in (_FILE_NAME, _FILE_NAME_YEAR_FIRST):
        match = pattern.match(stem)
        if match and _names_an_agency(match.group("agency")):
            return match.group("agency"), int(match.group("year"))
    agency, year = title_agency_year(stem)
    if year is not None and _names_an_agency(agency):
        return agency, year
    return "", None


# ---------------------------------------------------------------- the title


def _strip_markup(text: str) -> str:
    """A line without Markdown marks (``# ``, ``**``, ``> ``) and a ``标题：`` label."""
    return _LABEL.sub("", _MARKUP.sub("", text or ""))


def _from_hint(hint: str) -> str:
    """The report title inside a page title such as 'TITLE_栏目_网站名'."""
    parts = [p.strip() for p in re.split(r"[_｜|]| - ", hint or "") if p.strip()]
    parts = [_LABEL.sub("", part) for part in parts]
    for part in parts:
        if "报告" in part:
            return clean_label(part)
    return clean_label(parts[0]) if parts else ""


def _report_part(text: str) -> str:
    """A title line without the account or site name set before or after it ("三都发布｜…年度报告",
    "…年度报告 | 某某网"): the part that names the report, when another part does not."""
    parts = [p.strip() for p in re.split(r"[｜|]", text) if p.strip()]
    named = [p for p in parts if "报告" in p or "年报" in p]
    return named[0] if len(parts) >= 2 and len(named) == 1 else text


def _titles_in_lines(lines: list[str]) -> list[str]:
    """Titles printed near the top: runs of one to three short lines (page furniture and labels
    skipped) that end with 报告 or name a year and report words, best candidates first."""
    top = [_report_part(_strip_markup(t)) for t in lines[:16]]
    top = [t for t in top if t and not _FURNITURE.match(t)][:10]
    found: list[str] = []
    for start in range(len(top)):
        joined = ""
        for text in top[start:start + 3]:
            if len(text) > 50 or text.endswith(("。", "；", "！", "？", ".", "：", ":")):
                break
            if joined and _whole_title(text):
                break  # a page header above a whole title is not part of it
            joined += text
            agency, year = title_agency_year(joined)
            if (agency or year is not None) and _REPORT_WORDS.search(joined):
                found.append(joined)
            if "报告" in text:
                break
    # a page saved from a portal has its menu (登录, 注册, 首页, 政务公开 …) and 索引号 table above the
    # title: further down, a line that is a whole title on its own
    found += [t for t in (_report_part(_strip_markup(t)) for t in lines[16:48]) if _whole_title(t)][:1]
    if not found and top and len(top[0]) <= 60 and not top[0].endswith(("。", "；", "！", "？", ".")):
        found.append(top[0])
    return found


def _whole_title(text: str) -> bool:
    """Whether one line is a whole title: an agency, a year, and 报告 at its end."""
    agency, year = title_agency_year(text)
    return bool(agency) and year is not None and text.rstrip("》」”\"").endswith(("报告", "年报"))


def _year_in_lines(lines: list[str]) -> Optional[int]:
    """The first year written in the first five lines (统计期限自2024年1月1日…), not counting a
    line that is only a date (二〇一三年一月: when the report was published, not the year it covers)."""
    for text in lines[:5]:
        if _DATE_LINE.match(text):
            continue
        match = _YEAR.search(text)
        if match:
            return read_year(match.group(1))
    return None


# ---------------------------------------------------------------- the agency's full name


def _full_name(agency: str, lines: list[str], file_agency: str, corrections: list[str]) -> str:
    """The title's agency, or the fuller name the body gives for it: an alias it defines
    (``上海市科学技术委员会（以下简称市科委）``), a self-reference (``…（以下简称“我局”）``), the
    signature line at the end; for a title that names no agency, the file name's agency when the
    text names it too, else the body's own name."""
    aliases = _aliases(lines)
    if agency and agency in aliases and aliases[agency] != agency:
        corrections.append(f"agency: the title's {agency} is {aliases[agency]} (the report writes "
                           f"{aliases[agency]}（以下简称{agency}）)")
        return aliases[agency]
    named = [aliases[s] for s in _SELF if s in aliases] + _compilers(lines) + _signatures(lines)
    if not agency:
        if file_agency and any(file_agency in text for text in lines):
            return file_agency
        return named[0] if named else ""
    for full in named:
        if full != agency and _is_short_form(agency, full) and (
                not _starts_with_place(agency) or full.startswith(agency[:2])):
            corrections.append(f"agency: the title's {agency} is {full} (named so in the report)")
            return full
    if _starts_with_place(agency):
        return _with_higher_places(agency, lines, corrections)
    return agency


def _compilers(lines: list[str]) -> list[str]:
    """The body the report says compiled it: "本报告…由成都高新技术产业开发区管理委员会编制"."""
    out = []
    for text in lines[:40]:
        for match in _COMPILED_BY.finditer(text):
            name = _name_before(text[:match.start()] + "由" + match.group(1))
            if name and name not in out:
                out.append(name)
    return out


_COMPILED_BY = re.compile(r"由([\u4e00-\u9fff]{4,30}?)(?:负责)?(?:编制|编写|起草|撰写)")


def _with_higher_places(agency: str, lines: list[str], corrections: list[str]) -> str:
    """A county-level agency with the city the body writes before it, as such bodies are named:
    洪泽区人民政府 -> 淮安市洪泽区人民政府 (本报告由淮安市洪泽区人民政府办公室…)."""
    from corpus.places import gazetteer, leading_places

    gz = gazetteer()
    own, _ = leading_places(agency)
    if len(own) != 1 or not any(d.level == 3 for d in own[0].divisions):
        return agency
    counts: dict[str, int] = {}
    for text in lines:
        for match in re.finditer(r"([\u4e00-\u9fff]{2,8})" + re.escape(agency), text):
            words = match.group(1)
            for start in range(len(words) - 1):
                city = gz.by_name.get(words[start:], [])
                if any(d.level == 2 and c.parent == d.code for d in city for c in own[0].divisions):
                    counts[words[start:]] = counts.get(words[start:], 0) + 1
                    break
    if not counts:
        return agency
    higher = max(counts, key=lambda w: (counts[w], -len(w)))
    corrections.append(f"agency: the title's {agency} is {higher}{agency} (named so in the report)")
    return higher + agency


def _aliases(lines: list[str]) -> dict[str, str]:
    """Short forms the text defines, each with the full name it stands for."""
    out: dict[str, str] = {}
    for text in lines[:40]:
        for match in _ALIAS.finditer(text):
            short = match.group(1).strip()
            full = _name_before(text[:match.start()])
            if full and short and short not in out and len(full) > len(short):
                out[short] = full
    return out


def _name_before(text: str) -> str:
    """The body's name that ends ``text``: from the first division name (上海市…) or the last
    clause break, ending like an agency; "" when the words do not end like one."""
    tail = re.split(r"[，。；：、,;:《》“”\"（）()\s]|根据|结合|现将|按照|依据|关于|本报告由|由", text)[-1]
    tail = tail[-40:]
    if not tail or not _AGENCY_END.search(tail) or not _may_be_agency(tail):
        return ""
    from corpus.places import leading_places

    for start in range(len(tail) - 1):
        places, _ = leading_places(tail[start:])
        if places:
            return tail[start:]
    return tail if len(tail) >= 4 else ""


def _signatures(lines: list[str]) -> list[str]:
    """Names signed at the end: a short line that ends like an agency, beside a date."""
    out = []
    tail = lines[-6:]
    for i, text in enumerate(tail):
        name = _TRAILING_DATE.sub("", text).strip()
        dated = name != text or any(_DATE_LINE.match(t) for t in tail[i + 1:i + 2])
        if (dated and 4 <= len(name) <= 30 and _AGENCY_END.search(name) and _may_be_agency(name)
                and not re.search(r"[，。；：、,;:！？]", name) and not _REPORT_WORDS.search(name)):
            out.append(name)
    return out


def _source_label(lines: list[str]) -> str:
    """The agency a ``发布机构：``/``来源：`` label names at the top, when nothing else names one."""
    for text in lines[:8]:
        match = _SOURCE_LABEL.match(_strip_markup(text))
        if match:
            name = re.split(r"\s", match.group(1).strip())[0]
            if _names_an_agency(name) and _starts_with_place(name):
                return name
    return ""


def _is_short_form(short: str, full: str) -> bool:
    """Whether ``short`` names ``full`` briefly: its ending (洪泽区人民政府 of 淮安市洪泽区人民政府)
    or its characters in order, ending alike (市科委 of 上海市科学技术委员会); a zone's or place's name
    names the body that governs it (成都高新区 of 成都高新技术产业开发区管理委员会)."""
    if full.endswith(short):
        return True
    governed = _BODY_AT_END.sub("", full)
    if governed != full and not _BODY_AT_END.search(short) and not governed.endswith(short) \
            and _is_short_form(short, governed):
        return True  # (平潭综合实验区 is its 管委会's place, named in full: no short form of it)
    short_end = short[-1]
    full = full[:-2] + "委" if full.endswith("委员会") and short_end == "委" else full
    if full[-1] != short_end:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


_BODY_AT_END = re.compile(r"(?:党工委)?(?:管理委员会|管委会|人民政府)$")


def _starts_with_place(name: str) -> bool:
    from corpus.places import leading_places

    places, _ = leading_places(name)
    return bool(places)


def _same_body(a: str, b: str) -> bool:
    a, b = governed_area(a), governed_area(b)
    return a == b or a.endswith(b) or b.endswith(a)


def _may_be_agency(text: str) -> bool:
    """Not page furniture, a label, a heading mark (正文, #…, 标题：…) or the report's word for itself (我办)."""
    return not (_FURNITURE.match(text) or _LABEL.match(text) or text.startswith(_NOT_A_NAME_START)
                or text.strip() in _SELF
                or re.search(r"[:：|=<>\[\]{}《》]", text)
                or re.match(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])", text))  # "二、主动公开": a heading


def _names_an_agency(text: str) -> bool:
    """Whether a file name's words name a body: Chinese, ending like an agency, no report words."""
    return (len(re.findall(r"[\u4e00-\u9fff]", text)) >= 2 and bool(_AGENCY_END.search(text))
            and _may_be_agency(text) and not _REPORT_WORDS.search(text))
