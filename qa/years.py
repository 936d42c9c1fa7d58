"""The years of a question: named (2024年, 二〇二四年, 2019到2024年), relative (今年, 去年, 前年,
last year) and relative to the question before in a conversation (上一年, 下一年, the year before).

A relative year is read against a base: the latest year the collection holds for the agency asked
about (今年 = that year, 去年 = the one before it), or, for 上一年/下一年 in a conversation, the
year of the question before. ``RelativeYear`` records which, so that the answer can say which year
was taken.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Literal, Mapping, Optional, Sequence

# a four-digit year; "超过2000条", "2000件" count something and are not years
_YEAR = re.compile(r"(?<![\d.])((?:19|20|21)\d{2})(?!\d|\.\d)(?!\s*(?:条|件|个|次|人|名|元|万|篇|期|场|项|份|家|余|多|%))"
                   r"\s*(?:年度|年)?")
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})\s*(?:年度|年)")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_RANGE = re.compile(r"(?:19|20|21)\d{2}\s*年?度?\s*(?:至|到|—|–|-|~|～|to|through|until)\s*(?:FY\s*)?(?:19|20|21)\d{2}|"
                    r"between\s+(?:19|20|21)\d{2}\s+and\s+(?:19|20|21)\d{2}|"
                    # "19年到25年": two-digit years
                    r"(?<![\d.])[12]\d\s*年度?\s*(?:至|到|—|–|~|～)\s*[12]\d\s*年|"
                    # "从2019年新表格开始到2025年": from one year, words about it, to another
                    r"从\s*(?:19|20|21)\d{2}\s*年度?[^，,。；;？?\d]{1,12}?(?:开始|起)?(?:到|至)\s*(?:19|20|21)\d{2}", re.I)
# "2019年以来", "2019年至今", "since 2019": from that year to the latest held
_SINCE = re.compile(r"((?:19|20)\d{2})\s*年?度?\s*(?:以来|至今|到现在|到今天|到今年|起至今|起到现在)|"
                    r"\bsince\s+((?:19|20)\d{2})\b|\b((?:19|20)\d{2})\s+(?:on(?:wards?)?|to date|to now)\b", re.I)

# Relative to the latest year held. 去年/上年度 followed by 结转 name the carried-over requests (a
# metric of the report), not a year; "previous year" after "carried over from" neither.
_LATEST_WORDS: tuple[tuple[str, int], ...] = (
    (r"今年度?|this year|the current year", 0),  # not 本年度: the tables' own word (本年度办理结果)
    # "最新一年的年报", "最近一份年报", "收录的最后一份", "the latest report": the latest year held
    (r"最新(?:的)?(?:一年|一期|一份|一个?年度|年度|年份)?|最近(?:的)?一(?:份|期|个年度|年度?)(?!来|以来|内)|(?:收录的)?最后一份|"
     r"\b(?:the )?(?:latest|most recent|newest)(?: (?:year|annual report|report))?\b", 0),
    (r"去年度?(?!结转|转来)|上年度(?!结转|转来)|last year(?! ?'?s? carr)", -1),
    (r"(?<!大)前年(?!结转)|the year before last|two years ago", -2),
)
# Relative to the year of the question before (a conversation); without one, to the latest year.
_CONTEXT_WORDS: tuple[tuple[str, int], ...] = (
    (r"上一年度?(?!结转|项目|度?项目|拖|转|遗留|留下)|(?<!从)前一年度?(?!拖|转|遗留|留下)|再前一年|上一个年度|the (?:previous|prior|preceding) year|the year before"
     r"(?! last)|a year earlier|one year earlier", -1),
    # not "挪到下一年", "结转到下一年": where unfinished requests go, a metric of the report
    (r"(?<![到至入])(?:下一年度?|后一年度?|次年|第二年|下一个年度)|the (?:next|following|subsequent) year|the year after(?! \d)|a year later|one year later", 1),
    (r"这一年|那一年|该年度?|同一年|同年|that same year|that year|the same year", 0),
    (r"(?:two|2) years (?:before|earlier|prior)|(?:再)?往前(?:推|数)?两年|再前两年", -2),
    (r"(?:three|3) years (?:before|earlier|prior)|(?:再)?往前(?:推|数)?三年|再前三年", -3),
)
# "三年前", "大前年", "three years ago": further back from the latest year than 前年 (not "近三年",
# "前三年", "2023年前三季度")
_YEARS_AGO = re.compile(r"(?<![〇零○一二两三四五六七八九十\d近前过去最])([两二三四五六七八九十]|[2-9])\s*年前(?!后|三季|半年|几个月)|(大前年)|"
                        r"\b(three|four|five|six|seven|[3-9]) years ago\b", re.I)
_RECENT = re.compile(r"(?:近|最近|过去|前)\s*([两二三四五六七八九十\d]+)\s*年|(?:the )?(?:past|last) "
                     r"(two|three|four|five|six|seven|\d+) years", re.I)
_NUMBER = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass(frozen=True)
class RelativeYear:
    """A year the question names relative to a base: ``offset`` years from the ``base``."""

    word: str
    offset: int
    base: Literal["latest", "context"]
    span: tuple[int, int]


# "23年", "23、24两年", "19到21年": years written with two digits (20NN) before 年; not a count of
# years (近10年, 前3年, 10年来, 第5年)
_SHORT_YEARS = re.compile(r"(?<![\d.A-Za-z近前第这几过每共满])(?<!过去)((?:[0-3]\d\s*(?:、|,|，|和|与|及|至|到|—|–|-|~|～)\s*)*"
                          r"[0-3]\d)\s*(?:两|二|三|四|几)?\s*年度?(?![来内以后前间龄级轻中])")  # "22年底": the end of 2022
# "22 23 24 25每年": three or more two-digit years apart by spaces, in order, before the word for each year
_SPACED_YEARS = re.compile(r"(?<![\d.])((?:[0-3]\d\s+){2,}[0-3]\d)(?=\s*(?:每年|每一年|各年|这几年|年度?|的))")
_SHORT_RANGE = re.compile(r"^[0-3]\d\s*(?:至|到|—|–|-|~|～)\s*[0-3]\d$")
# "二三年", "二零年": a year of this century said as two digits in characters, as phones type it (not
# "十二年", "三四年", a count of years)
_CN_SHORT_YEAR = re.compile(r"(?<![〇零○一二两三四五六七八九十百千万\d近前第这几过去每共满多])([〇零○一二][〇零○一二三四五六七八九])"
                            r"\s*年度?(?![来内以后前间龄级轻中])")
_APOSTROPHE_YEAR = re.compile(r"(?<![A-Za-z0-9_'’‘])['’‘]([0-3]\d)(?![\d'’‘])")  # '23, ’23: 2023


def find_years(text: str) -> tuple[list[int], list[tuple[int, int]], bool]:
    """Years named in the text (in order), their spans, and whether they form a range."""
    years, spans, short_range = [], [], False
    for m in _YEAR.finditer(text):
        years.append(int(m.group(1)))
        spans.append(m.span())
    for m in _SPACED_YEARS.finditer(text):
        numbers = [2000 + int(d) for d in m.group(1).split()]
        if any(a < m.end() and m.start() < b for a, b in spans) or numbers != sorted(set(numbers)):
            continue
        years += numbers
        spans += [m.span(1)] * len(numbers)
    for m in _SHORT_YEARS.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in spans):
            continue
        numbers = [2000 + int(d) for d in re.findall(r"\d{2}", m.group(1))]
        if _SHORT_RANGE.match(m.group(1)) and numbers[0] < numbers[1]:
            numbers, short_range = list(range(numbers[0], numbers[1] + 1)), True
        years += numbers
        spans += [m.span()] * len(numbers)
    for m in _APOSTROPHE_YEAR.finditer(text):
        years.append(2000 + int(m.group(1)))
        spans.append(m.span())
    for m in _CN_YEAR.finditer(text):
        years.append(int("".join(_CN_DIGIT[c] for c in m.group(1))))
        spans.append(m.span())
    for m in _CN_SHORT_YEAR.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in spans):
            years.append(2000 + int("".join(_CN_DIGIT[c] for c in m.group(1))))
            spans.append(m.span())
    order = sorted(range(len(years)), key=lambda i: spans[i][0])
    years = [years[i] for i in order]
    spans = [spans[i] for i in order]
    ranged = bool(_RANGE.search(text)) and len(set(years)) == 2
    if ranged:
        first, last = min(years), max(years)
        years = list(range(first, last + 1))
    return list(dict.fromkeys(years)), spans, ranged or short_range


_ANCHORED = re.compile(r"((?:19|20)\d{2})\s*年?度?\s*的\s*(上一年|前一年|下一年|后一年|次年|第二年)度?(?!\s*(?:结转|项目|度结转))|"
                       r"the year (before|after) ((?:19|20)\d{2})", re.I)


def anchored_years(text: str) -> str:
    """The text with a year counted from a named year written as that year ("2024年的上一年" → 2023年,
    "the year before 2024" → 2023); 上一年结转 and 上一年项目数量 are metrics and stay."""
    def year(m: re.Match) -> str:
        if m.group(1):
            base, back = int(m.group(1)), m.group(2) in ("上一年", "前一年")
        else:
            base, back = int(m.group(4)), m.group(3).lower() == "before"
        return f"{base - 1 if back else base + 1}年"

    return _ANCHORED.sub(year, text)


def find_relative_years(text: str) -> list[RelativeYear]:
    """The relative years of a question, in order (今年, 去年, 上一年, the following year …)."""
    out: list[RelativeYear] = []
    taken: list[tuple[int, int]] = []
    for words, base in ((_CONTEXT_WORDS, "context"), (_LATEST_WORDS, "latest")):
        for pattern, offset in words:
            for m in re.finditer(pattern, text, re.I):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                taken.append(m.span())
                out.append(RelativeYear(m.group(0), offset, base, m.span()))
    for m in _YEARS_AGO.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            word = (m.group(1) or m.group(3) or "").lower()
            n = 3 if m.group(2) else int(word) if word.isdigit() else _NUMBER[word]
            out.append(RelativeYear(m.group(0), -n, "latest", m.span()))
    return sorted(out, key=lambda r: r.span[0])


def since_year(text: str) -> Optional[int]:
    """The first year of "2019年以来", "2019年至今", "since 2019": a series up to the latest year held."""
    m = _SINCE.search(text)
    return int(next(g for g in m.groups() if g)) if m else None


def recent_years(text: str) -> tuple[Optional[int], Optional[tuple[int, int]]]:
    """"近三年", "the past five years": how many of the latest years, and where it is said."""
    m = _RECENT.search(text)
    if not m:
        return None, None
    word = (m.group(1) or m.group(2)).lower()
    n = int(word) if word.isdigit() else _NUMBER.get(word)
    return (n, m.span()) if n and 1 < n <= 30 else (None, None)


def latest_year(agency_years: Optional[Mapping[str, Sequence[int]]], agencies: Sequence[str]) -> Optional[int]:
    """The latest year held for any of ``agencies`` (every agency when none is given), or None
    when the years held are not known."""
    if not agency_years:
        return None
    names = [a for a in agencies if a in agency_years] if agencies else list(agency_years)
    years = [y for a in names for y in agency_years[a] if y]
    return max(years) if years else None


# A year that only says where requests were carried: "carried over into 2026" is the 2025 report's
# 结转下年度, "carried over from 2022" the 2023 report's 上年结转.
_CARRIED_INTO = re.compile(r"(?:carr(?:y|ied|ies)\s+(?:over|forward)\s+(?:to|into)|结转(?:到|至|入|进)|转入|留到)"
                           r"\s*((?:19|20)\d{2})", re.I)
_CARRIED_FROM = re.compile(r"(?:carr(?:y|ied|ies)\s+(?:over|forward)(?:\s+(?:unfinished|unresolved|pending|still open|"
                           r"undecided|open))?\s+from|从|由)\s*((?:19|20)\d{2})\s*年?"
                           r"(?:\s*(?:into|to|结转|转入|转来))?", re.I)


# "在2026年1月发的年报里": when the report came out, not the year it reports on
_PUBLISHED = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:[0-9一二三四五六七八九十]{1,2}\s*月)?(?:份|初|底)?\s*"
                        r"(?:发布|发|公布|印发|出|挂网)了?的(?:政府信息公开工作)?(?:年报|年度报告|报告)|"
                        r"\b(?:published|released|issued) in (?:[A-Z][a-z]+ )?((?:19|20)\d{2})\b")


# "落款日期为2025年1月27日", "统计期限自2024年1月1日至2024年12月31日": a date, not a report's year
DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*[0-9一二三四五六七八九十]{1,2}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*[日号]|"
                  r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+"
                  r"(?:19|20)\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
                  r"[a-z]*\.?,?\s+(?:19|20)\d{2}\b")


def date_year(m: re.Match) -> int:
    """The year of a DATE match ("2023年1月18日", "January 18, 2023")."""
    return int(re.search(r"(?:19|20)\d{2}", m.group(0)).group(0))


def only_dated(text: str, years: list[int]) -> bool:
    """Whether the question's one year is named only in a full date ("截至2023年1月18日", "as of
    January 18, 2023"): a state on that day, which the report of the year before may give (reports
    are written early in the next year)."""
    if len(years) != 1:
        return False
    dated = {date_year(m) for m in DATE.finditer(text)}
    outside = re.findall(r"(?:19|20)\d{2}", DATE.sub(" ", text))
    return years[0] in dated and not outside


def report_years(text: str, years: list[int]) -> list[int]:
    """The report years of a question: a year named only as where requests were carried into (or
    from) stands for the year before (or after) it, the one whose report counts them; a year named
    only in a date (its report's publication, "落款日期为2025年1月27日的2024年年报") is no report year
    when another year is named."""
    dated = {date_year(m) for m in DATE.finditer(text)}
    if dated:
        outside = {int(y) for y in re.findall(r"(?:19|20)\d{2}(?=\s*年)", DATE.sub(" ", text))}
        if outside:
            years = [y for y in years if y in outside or y not in dated] or years
    published = _PUBLISHED.search(text)
    if published:  # "2026年1月发的年报": the report published then is the year before's
        y = int(published.group(1) or published.group(2))
        return [x for x in years if x != y] or [y - 1]
    into, came = _CARRIED_INTO.search(text), _CARRIED_FROM.search(text)
    if into and re.search(r"from (?:the )?(?:previous|prior|preceding|last) year|from the year before|从上一?年|上一?年结转",
                          text, re.I):
        return years  # "carried over into 2019 from the previous year": the 2019 report's 上年结转
    if into and re.search(r"carr|结转|转入|留到", text, re.I):
        y = int(into.group(1))
        rest = [x for x in years if x != y]
        return rest or [y - 1]
    if came and re.search(r"carr(?:y|ied|ies)\s+(?:over|forward)\b|结转|转来", text, re.I):
        y = int(came.group(1))
        rest = [x for x in years if x != y]
        return rest or [y + 1]
    return years


def relative_note(r: RelativeYear, year: int, base: int, how: str, language: str) -> str:
    """How a relative year was read, in the question's language: "“去年”按2023年理解（所收最新年度为2024年）"."""
    if language == "zh":
        said = {"latest": f"所收最新年度为{base}年", "named": f"相对问题中的{base}年",
                "today": f"提问所说的今年为{base}年"}.get(how, f"上一问为{base}年")
        return f"“{r.word}”按{year}年理解（{said}）"
    said = {"latest": f"the latest year held is {base}", "named": f"counted from {base}, the year the question names",
            "today": f"counted from {base}, the year the asker says it is"}.get(
        how, f"the question before asked about {base}")
    return f"“{r.word}” read as {year} ({said})"


def years_by_agency(reports: Iterable) -> dict[str, list[int]]:
    """agency -> the report years held, from report summaries with ``agency`` and ``year`` (the
    ``agency_years`` that ``qa.question.understand`` places relative years with)."""
    held: dict[str, set[int]] = {}
    for r in reports:
        if getattr(r, "agency", None) and getattr(r, "year", None):
            held.setdefault(r.agency, set()).add(int(r.year))
    return {a: sorted(ys) for a, ys in held.items()}
