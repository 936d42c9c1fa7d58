"""Which agency a question names: full names, the short forms people use, English and pinyin.

An agency name is read as places then a department: ``淮安市洪泽区人民政府`` is the places
淮安市 › 洪泽区 and the government; ``上海市人力资源和社会保障局`` is 上海市 and a department.
A question matches a place by its full name (``洪泽区``), its stem (``洪泽``) or the stem's pinyin
(``Hongze``, ``Huai'an``); a department by its name, a short form from ``data/agencies.json``,
an abbreviation whose characters come in order from the name (``人社局``, ``市场监管局``), or its
English words. A place alone means that place's government. Nothing here lists particular
agencies: every name comes from the collection.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

from qa.place_names import contradicted, named_below, named_between, place_slips

_DATA = Path(__file__).parent / "data" / "agencies.json"
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Words right after 市/区/县 that show the character starts a word, not ends a place (市场监督).
# a city bureau's branch named by the district it serves: 公安局|涪城区|分局, 公安局|天元|分局 (天元区)
_BRANCH = re.compile(r"^(.{2,12}?)局(.{2,14}?)分局$")
_NOT_PLACE_END = ("场", "域", "政", "民", "划", "级", "委", "长", "属", "直", "族")  # 东乡族: a people, not a 乡
_UNKNOWN_DEPT = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:局(?![里内方长])|(?<![大客餐展门])厅|委员会|办公室)")  # 服务大厅 is a hall
_UNKNOWN_GOVERNMENT = re.compile(r"(?<![\u4e00-\u9fff|])([\u4e00-\u9fff]{2,6}?(?:省|市|县|区|州|盟|旗))人民政府")
_UNKNOWN_PLACE = re.compile(r"^[|\s]*(?:请问|那么|那)?([\u4e00-\u9fff]{2,6}?(?:省|市|县|区))")  # (after a year set aside)
# "环境保护方面", "教育领域": a department's word inside a topic, not naming the department
# "这几个局", "同样三个局", "上述部门": agencies pointed at (named beside or before), not one named
_POINTER = re.compile(r"(?:这|那|同样|上述|以上|下列|这些|那些|哪|各)[些几两二三四五六七八九十\d]*个?(?:局|厅|委员会|办公室)$|"
                      r"^[几两二三四五六七八九十\d一]+个(?:局|厅|委员会|办公室)$|^(?:一个|某个|某)(?:局|厅|委|办)$|"
                      # "我们局", "贵局", "本办公室": the asker's or the addressee's own, named elsewhere
                      r"(?:我们|咱们|你们|我|本|贵|该)(?:这个|那个)?(?:局|厅|委员会|办公室)$")
# "环境保护方面", "财政资金信息": a department's short word as a topic of the report, not the department
_TOPIC_AFTER = re.compile(r"[^\W\d局厅委办处室中心站所队院]{0,4}?(?:方面|领域|相关|类|问题)|"
                          r"[^\W\d局厅委办处室中心站所队院]{0,2}?(?:资金|预决算|预算|决算|收支|支出|收入|补贴|补助|信息)")
_CATEGORY = re.compile(r"[^\s\W\d的被和与及]{0,6}?类(?!型)")  # "应急管理类信息": the words right before 类
_GENERIC_PLACE_STEMS = {"全", "本", "该", "各", "我", "此", "城", "都", "辖", "地", "社", "园"}


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class AgencyName:
    """An agency name read into places and a department."""

    full: str
    places: tuple[str, ...]  # ("淮安市", "洪泽区")
    stems: tuple[str, ...]  # ("淮安", "洪泽")
    suffixes: tuple[str, ...]  # ("市", "区")
    department: str  # "人民政府", "人力资源和社会保障局", "" …
    government: bool


@dataclass(frozen=True)
class AgencyMatch:
    """One agency the question may mean, with how well it fits and the question spans it used."""

    agency: str
    score: float
    spans: tuple[tuple[int, int], ...] = ()
    department_matched: bool = False
    department_span: Optional[tuple[int, int]] = None  # the words naming the department, if any
    # A place of the question read otherwise than written, as (written, read): ("平谭", "平潭"); the
    # answer states it ("按“平潭”理解"). None when the question named the agency as it is.
    correction: Optional[tuple[str, str]] = None


@lru_cache(maxsize=4096)
def read_name(full: str) -> AgencyName:
    """Split an agency name into its places and its department."""
    suffixes = sorted(_data()["place_suffixes"], key=len, reverse=True)
    places, stems, ends = [], [], []
    rest = full
    departments = tuple(e["zh"] for e in _data()["departments"])
    while rest:
        if places and rest.startswith(departments):
            break  # "住房和城乡建设局": a department's name, though 城乡 ends like a place (乡)
        province = None if places else _province_unsuffixed(rest)
        if province:  # "重庆两江新区": the province-level place said without its 市, then the next place
            places.append(province.short)
            stems.append(province.short)
            ends.append(province.name[len(province.short):])
            rest = rest[len(province.short):]
            continue
        found = None
        for end in range(1, min(len(rest), 24)):  # 积石山保安族东乡族撒拉族自治县: long names of peoples
            for suffix in suffixes:
                # a one-character place (温县, 沛县) only when the gazetteer knows it as a division
                if rest.startswith(suffix, end) and (end >= 2 or _is_division(rest[:end + len(suffix)])):
                    after = rest[end + len(suffix):end + len(suffix) + 1]
                    if len(suffix) == 1 and after in _NOT_PLACE_END and not _is_division(rest[:end + len(suffix)]):
                        continue  # unless the gazetteer knows the place (江汉区|民族街道, 南京市|民政局)
                    found = (rest[:end + len(suffix)], rest[:end], suffix)
                    break
            if found:
                break
        if not found or found[0] == rest and places and not _is_division(rest) and found[2] not in _ZONES:
            break  # "…市实验区": a last word shaped like a place is the body, unless the gazetteer knows it
            # or it is a zone (江西|赣江新区, …|经济开发区: the zone's own committee, filed by the zone's name)
        longer = next((found[0] + s for s in suffixes if rest.startswith(found[0] + s) and _is_division(found[0] + s)),
                      None)
        if longer:  # 沙县区: the district the county 沙县 became, one place (not 沙县 and a 区… after it)
            found = (longer, found[0], longer[len(found[0]):])
        found = _as_the_gazetteer_splits(*found, suffixes)
        national = re.search(r"国家级?$", found[1])
        if national and len(found[2]) >= 3 and national.start() >= 2:  # 贵阳|国家|高新技术产业开发区: the zone's rank
            found = (found[0], found[1][:national.start()], found[2])
        places.append(found[0])
        stems.append(_short_name(*found[:2]))
        ends.append(found[2])
        rest = rest[len(found[0]):]
    department = rest
    branch = _branch_place(department) if places else None
    if branch:
        # 绵阳市公安局涪城区分局: the city bureau's branch serving a district; people call it by that district
        # (涪城区公安分局, "Fucheng District Public Security Sub-bureau")
        place, suffix, department = branch
        places.append(place)
        stems.append(_short_name(place, place[:-len(suffix)]))
        ends.append(suffix)
    government = department in _data()["government"] or department == ""
    return AgencyName(full, tuple(places), tuple(stems), tuple(ends), department, government)


def _branch_place(department: str) -> Optional[tuple[str, str, str]]:
    """The district a bureau's branch serves, its division word and the branch's department
    (公安局涪城区分局 -> 涪城区, 区, 公安分局; 公安局天元分局 -> 天元区), or None."""
    m = _BRANCH.match(department)
    if not m:
        return None
    said = m.group(2)
    suffixes = sorted(_data()["place_suffixes"], key=len, reverse=True)
    suffix = next((s for s in suffixes if said.endswith(s) and len(said) > len(s)), None)
    for place, end in ([(said, suffix)] if suffix else []) + [(said + s, s) for s in ("区", "县", "市")]:
        if end and (_is_division(place) or end in _ZONES):
            return place, end, m.group(1) + "分局"
    return None


# zones whose committee files the report under the zone's name
_ZONES = frozenset({"新区", "开发区", "高新区", "经济开发区", "经济技术开发区", "高新技术产业开发区", "高新技术产业园区",
                    "工业园区", "保税区", "综合实验区"})


def _province_unsuffixed(name: str):
    """The province-level division a name starts with by its short name alone, another place
    following (重庆|两江新区, 广东|深圳市…), else None (北京市…, 广西壮族自治区…: said whole; 北京路街道: a street)."""
    from corpus.places import gazetteer

    for length in (3, 2):
        short, after = name[:length], name[length:]
        division = next((d for d in gazetteer().by_short.get(short, ()) if d.level == 1), None)
        if division is None or name.startswith(division.name) or len(after) < 3 or after[0] in "路街道巷大":
            continue
        if any(after.startswith(s, end) for end in range(2, min(len(after), 10)) for s in _data()["place_suffixes"]):
            return division
    # "大连金普新区", "青岛西海岸新区": a prefecture-level city said without its 市, then a zone of its own name
    for length in (3, 2):
        short, after = name[:length], name[length:]
        cities = [d for d in gazetteer().by_short.get(short, ()) if d.level == 2]
        if len(cities) != 1 or name.startswith(cities[0].name) or len(after) < 4:
            continue
        own = next((after[:end] for end in range(2, min(len(after), 10))
                    for s in _data()["place_suffixes"] if after.startswith(s, end) and len(s) >= 2), None)
        if own and not _GENERIC_ZONE.search(own):
            return cities[0]
    return None


# the words of a zone's kind, not a name of its own (成都|高新区, 西安|高新技术产业开发区 stay one place)
_GENERIC_ZONE = re.compile(r"高新|经济|技术|开发|工业|产业|保税|综合|自贸|自由贸易|出口加工|科技|航空港|临空|物流|国家|新技术")


def _as_the_gazetteer_splits(place: str, stem: str, suffix: str, suffixes: Sequence[str]) -> tuple[str, str, str]:
    """A division's name split where the gazetteer splits it: 清新区 is 清新 + 区, not 清 + 新区 (new
    area), though both suffixes fit. A zone's word of three characters or more stays (苏州|工业园区, not
    苏州工业园|区: "Suzhou Industrial Park")."""
    from corpus.places import gazetteer

    if len(suffix) >= 3:
        return place, stem, suffix
    for d in gazetteer().by_name.get(place, ()):
        if len(d.short) > len(stem) and place.startswith(d.short) and place[len(d.short):] in suffixes:
            return place, d.short, place[len(d.short):]
    return place, stem, suffix


def _another_division_of(question: str, at: int, stem: str, place: str) -> bool:
    """Whether a zone's stem is said with a plain division word that makes a real division of its own
    (苏州 + 市 for 苏州工业园区): the question names that division, not the zone."""
    after = question[at + len(stem):at + len(stem) + 1]
    return after in ("市", "县", "区", "州", "镇", "乡") and stem + after != place and _is_division(stem + after)


def _short_name(place: str, stem: str) -> str:
    """The name a place goes by: the gazetteer's short name when it is shorter than the stem
    (宁夏 of 宁夏回族自治区, 湘西 of 湘西土家族苗族自治州), else the stem."""
    from corpus.places import gazetteer

    shorts = [d.short for d in gazetteer().by_name.get(place, ()) if len(d.short) >= 2]
    return min((sh for sh in shorts if stem.startswith(sh) and len(sh) < len(stem)), key=len, default=stem)


@lru_cache(maxsize=4096)
def _is_division(place: str) -> bool:
    from corpus.places import gazetteer

    return place in gazetteer().by_name  # its full name (温县), not a short one (广州 of 广州市)


@lru_cache(maxsize=4096)
def pinyin_of(stem: str) -> str:
    from pypinyin import lazy_pinyin  # imported only for questions written in Latin letters

    return "".join(lazy_pinyin(stem)).lower()


@lru_cache(maxsize=4096)
def pinyin_readings(stem: str) -> tuple[str, ...]:
    """Every way the characters may be read (长治: zhangzhi and changzhi; 长 and 治 have more than one
    reading), the usual one first; at most 16."""
    from itertools import islice, product

    from pypinyin import Style, pinyin

    choices = [[r.lower() for r in readings[:3]] for readings in pinyin(stem, style=Style.NORMAL, heteronym=True)]
    usual = pinyin_of(stem)
    return tuple(dict.fromkeys([usual, *("".join(p) for p in islice(product(*choices), 16))]))


def _latin_span(latin: dict[str, tuple[int, int]], stem: str) -> Optional[tuple[int, int]]:
    """Where the question writes ``stem`` in pinyin, by any of its readings; None when it does not."""
    return next((latin[r] for r in pinyin_readings(stem) if r in latin), None)


def _latin_phrases(question: str) -> dict[str, tuple[int, int]]:
    """Every run of 1-6 consecutive Latin words, joined without spaces and apostrophes
    (``Huai'an`` -> huaian; "Ziran Ziyuan yu Shengtai Huanjing Ju", a department in six words), with the
    span of its first occurrence in the question."""
    words = [(m.group(0), m.span()) for m in re.finditer(r"[A-Za-z][A-Za-z'’\-]*", question)]
    out: dict[str, tuple[int, int]] = {}
    for n in range(1, 7):
        for i in range(len(words) - n + 1):
            joined = re.sub(r"['’\-]", "", "".join(w for w, _ in words[i:i + n])).lower()
            out.setdefault(joined, (words[i][1][0], words[i + n - 1][1][1]))
    return out


@lru_cache(maxsize=8192)
def _phrase_re(phrase: str) -> re.Pattern:
    return re.compile(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])")


def _phrase_spans(text_lower: str, phrase: str) -> list[tuple[int, int]]:
    return [m.span() for m in _phrase_re(phrase).finditer(text_lower)]


def _has_phrase(text_lower: str, phrase: str) -> bool:
    return bool(_phrase_spans(text_lower, phrase))


def _is_subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


# the words every kind of zone is named with: an abbreviation made of them alone names no zone in particular
_ZONE_WORDS = set("综合实验示范开发经济技术高新产业工业园新区试验保税自贸贸易合作先行发展")


def _zone_abbreviation(question: str, place: str) -> Optional[tuple[int, int]]:
    """A long place name said by some of its characters in order, ending like it (综改区, 山西综改示范区 of
    山西转型综合改革示范区): at least three characters, one of them not a word every zone is named with
    (开发区, 高新区 say no zone in particular)."""
    span = _abbreviation_span(question, place)
    if span is None or not any(ch not in _ZONE_WORDS for ch in question[span[0]:span[1]]):
        return None
    return span


def _abbreviation_span(question: str, department: str, shortest: int = 3) -> Optional[tuple[int, int]]:
    """The longest span of the question ending like the department whose characters come in order
    from the department's name (``人社局`` of ``人力资源和社会保障局``), at least ``shortest``
    characters; a two-character one must start like the name (``科委`` of ``科学技术委``)."""
    best = None
    end_char = department[-1]
    for j, ch in enumerate(question):
        if ch != end_char:
            continue
        i = j
        while i > 0 and _CJK.match(question[i - 1]) and _is_subsequence(question[i - 1:j + 1], department):
            i -= 1
        while j + 1 - i == 2 and i < j and question[i] != department[0]:
            i += 1
        if j + 1 - i >= shortest and (best is None or j + 1 - i > best[1] - best[0]) \
                and _says_its_own_part(question[i:j + 1], department):
            best = (i, j + 1)
    return best


_GENERIC_TAILS = ("管理委员会", "委员会", "管理局", "管理处", "管理所", "服务中心", "中心", "办公室", "办公厅")


def _says_its_own_part(abbreviation: str, department: str) -> bool:
    """Whether an abbreviation holds a character of what the department is about, not only of its generic
    ending: "审批局" is 行政审批和政务信息管理局, "管理局" (of 市场监督管理局) is not."""
    tail = next((t for t in _GENERIC_TAILS if department.endswith(t) and len(t) < len(department)), department[-1])
    own = set(department[:-len(tail)]) - set(tail)
    return any(ch in own for ch in abbreviation)


def _initials_span(lower: str, shorts: list[str], last: str) -> Optional[tuple[int, int]]:
    """Where a department's name is typed as the pinyin initials of a short name of four characters
    or more, then its last word in characters ("scjg局": 市场监管局); None when it is not."""
    if not re.search(r"[a-z]", lower):
        return None
    for short in shorts:
        if len(short) < 4:
            continue
        m = re.search(r"(?<![a-z])" + re.escape(_initials_of(short)) + re.escape(last), lower)
        if m:
            return m.span()
    return None


@lru_cache(maxsize=4096)
def _initials_of(word: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(word, style=Style.FIRST_LETTER)).lower()


@lru_cache(maxsize=4096)
def _department_entries(department: str) -> list[dict]:
    return [e for e in _data()["departments"] if e["zh"] in department]


@lru_cache(maxsize=1)
def _metric_surfaces() -> tuple[tuple[str, ...], re.Pattern]:
    """The glossary's Chinese wordings and one pattern of its English ones (``执法案件``,
    "administrative enforcement"): a department word inside one of them names the metric, not
    the agency."""
    from qa.metric_words import glossary  # the glossary is the metric words module's data

    zh, en = set(), set()
    for term in glossary()["terms"]:
        zh.update(w for w in term["zh"] + term["means"] if len(w) >= 2)
        en.update(w.lower() for w in term["en"])
    english = "|".join(re.escape(w) for w in sorted(en, key=len, reverse=True))
    return tuple(sorted(zh, key=len, reverse=True)), re.compile(r"(?<![a-z])(?:" + english + r")(?![a-z])")


@lru_cache(maxsize=1)
def _end_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    ends = _data()["department_ends"]
    return tuple(ends), tuple(sorted({w for ws in ends.values() for w in ws}))


class _Context:
    """A question prepared once for matching every agency of the collection."""

    def __init__(self, question: str, agencies: list[str]) -> None:
        self.question = question
        self.lower = question.lower()
        self.latin = _latin_phrases(question) if re.search(r"[A-Za-z]{2}", question) else {}
        zh_terms, en_terms = _metric_surfaces()
        blocked: list[tuple[int, int]] = []
        for word in zh_terms:
            start = question.find(word)
            while start >= 0:
                blocked.append((start, start + len(word)))
                start = question.find(word, start + 1)
        if self.latin:
            blocked += [m.span() for m in en_terms.finditer(self.lower)]
        self.blocked = blocked
        # Places named in the question, by any agency of the collection (full name, stem, pinyin).
        self.places: set[str] = set()
        for agency in agencies:
            name = read_name(agency)
            for place, stem in zip(name.places, name.stems):
                if place in question or (len(stem) >= 2 and stem in question) \
                        or (self.latin and _latin_span(self.latin, stem) is not None):
                    self.places.add(place)

    def metric_word(self, span: tuple[int, int]) -> bool:
        """Whether a department word at ``span`` lies inside a metric wording of the question and
        no department ending (局, bureau …) follows it: "执法" of 行政执法案件, "enforcement" of
        "administrative enforcement decisions"; or names a kind of information (应急管理类信息)."""
        a, b = span
        zh_ends, en_ends = _end_words()
        after = self.question[b:].lstrip()
        # A kind of information ("应急管理类信息", "城乡建设环保能源类信息"): the words name a category.
        category = _CATEGORY.match(after)
        if category and not any(e in category.group(0) for e in zh_ends):
            return True
        if not any(x <= a and b <= y for x, y in self.blocked):
            return False
        if any(after.startswith(e) for e in zh_ends):
            return False
        return not any(_phrase_re(e).match(after.lower()) for e in en_ends)


def _match_one(name: AgencyName, ctx: _Context) -> AgencyMatch:
    question, lower, latin = ctx.question, ctx.lower, ctx.latin
    spans: list[tuple[int, int]] = []
    pos = question.find(name.full)
    if pos >= 0 and name.government and _other_body_after(question, pos + len(name.full), True):
        pos = -1  # "平潭综合实验区市场监管局": the place's name whole, then one of its bodies: that body asked
    if pos >= 0:
        span = (pos, pos + len(name.full))
        if name.government:  # 平潭综合实验区管理委员会: the body's own word belongs to the name
            span = (pos, span[1] + _government_word_at(question, span[1]))
        return AgencyMatch(name.full, 100.0 + len(name.full), (span,), True, span)

    # Places, top level first; a lower level left unnamed means another agency.
    matched, place_spans, correction = [], [], None
    for place, stem, suffix in zip(name.places, name.stems, name.suffixes):
        score, span = 0.0, None
        # right after the place above it when said there ("作为洪泽区的…：淮安市洪泽区2024年…"), else first
        after = place_spans[-1][1] if place_spans and place_spans[-1] else -1
        find = (lambda word: after if after >= 0 and question.startswith(word, after) else question.find(word))  # noqa: E731
        pos = find(place)
        if pos >= 0:
            score, span = 1.2, (pos, pos + len(place))
        else:
            pos = find(stem)
            if pos >= 0 and len(stem) >= 2 and len(suffix) >= 3 and _another_division_of(question, pos, stem, place):
                pass  # "苏州市政府" is not 苏州工业园区: the city the zone is named after, a division of its own
            elif pos >= 0 and len(stem) >= 2:
                score, span = 1.0, (pos, pos + len(stem))
                tail, slip = _division_tail(question, span[1], suffix)
                if tail:  # "平潭实验区", "平潭综合试验区": the place's own division word, shortened or mistyped
                    score, span = 1.15, (pos, span[1] + tail)
                    if slip:
                        correction = (stem + question[pos + len(stem):span[1]], stem + slip)
            elif len(stem) >= 5 and (abbreviated := _zone_abbreviation(question, place)):  # 山西综改区
                score, span = 1.0, abbreviated
            elif suffix == "旗" and len(stem) >= 3 and (banner := _abbreviation_span(question, place)) \
                    and question[banner[0]] == stem[0]:
                score, span = 1.0, banner  # 鄂前旗 of 鄂托克前旗, 科右前旗 of 科尔沁右翼前旗: a banner by some characters
            elif suffix == "旗" and len(stem) >= 2 and stem[0] + "旗" in question:
                pos = question.find(stem[0] + "旗")  # 伊旗 of 伊金霍洛旗, 准旗 of 准格尔旗: its first character
                score, span = 1.0, (pos, pos + 2)
            elif suffix == "盟" and len(stem) >= 3 and stem[0] + "盟" in question:
                pos = question.find(stem[0] + "盟")  # 锡盟, 阿盟: a league by its first character
                score, span = 1.15, (pos, pos + 2)
            elif latin and _latin_span(latin, place):  # "hongzequ": the place and its division word as one
                score, span = 1.2, _latin_span(latin, place)
            elif latin and len(stem) >= 2 and len(suffix) >= 3 and _latin_span(latin, stem) \
                    and _CITY_AFTER_EN.match(question, _latin_span(latin, stem)[1]):
                pass  # "Nanning Municipal People's Government" is not 南宁高新技术产业开发区: the city it is named after
            elif latin and len(stem) >= 2 and _latin_span(latin, stem):  # "Changzhi": 长治 (not zhangzhi)
                score, span = 1.0, _latin_span(latin, stem)
                for word in _data()["place_suffixes"].get(suffix, []):
                    found = _phrase_spans(lower, word)
                    if found:
                        score += 0.2
                        after = [b for a, b in found if a >= span[1] and not question[span[1]:a].strip()]
                        span = (span[0], after[0]) if after else span
                        break
            elif latin and len(stem) == 1:  # "Wen County", "wen xian": a one-character place with its division word
                for word in _data()["place_suffixes"].get(suffix, []):
                    found = _phrase_spans(lower, f"{pinyin_of(stem)} {word}")
                    if found:
                        score, span = 1.2, found[0]
                        break
        if score and span:
            spans.append(span)
        matched.append(score)
        place_spans.append(span if score else None)
    # Places of one name stand together ("淮安市洪泽区"); apart ("淮安市和洪泽区") they name two agencies.
    located = [(i, sp) for i, sp in enumerate(place_spans) if sp]
    for (i, a), (j, b) in zip(located, located[1:]):
        between = question[min(a[1], b[1]):max(a[0], b[0])]
        # "Huai'an city government, Hongze District": the higher place's own government, then another agency
        listed = latin and a[0] < b[0] and re.search(r"\bgovernment\b", between, re.I)
        if re.search(r"[\u4e00-\u9fffA-Za-z]", between) and (listed or not (latin and _LATIN_JOINER.fullmatch(between))):
            for k in range(j):
                matched[k] = 0.0
                if place_spans[k]:
                    spans.remove(place_spans[k])
                    place_spans[k] = None
    place_score = sum(matched)
    deepest = max((i for i, s in enumerate(matched) if s), default=-1)
    if deepest >= 0:
        place_score -= sum(1.0 for s in matched[deepest + 1:] if not s)
    elif ctx.places - set(name.places):
        place_score -= 1.0  # the question names another place: a department of that place, not this one

    # The department.
    dept_score, dept_matched, dept_span = 0.0, False, None
    if name.government:
        words = _data()["government"]
        english = (set(words.get(name.department, ())) or {w for ws in words.values() for w in ws}) if latin else ()
        dept_matched = any(w in question for w in _GOVERNMENT_WORDS) or any(_has_phrase(lower, w) for w in english)
        dept_score = 1.0 if dept_matched else 0.5
        last = max((sp for sp in place_spans if sp), default=None, key=lambda sp: sp[1])
        word = _government_word_at(question, last[1]) if last else 0
        if word:  # the words right after the place ("平潭综合实验区管理委员会") are part of the name
            spans.append((last[1], last[1] + word))
            zone_word = question[last[1]:last[1] + word] in ("管委会", "管理委员会", "党工委管委会")
            if zone_word and name.suffixes and len(name.suffixes[-1]) > 1:
                dept_score += 0.2  # a 管委会 governs a zone (综合实验区, 开发区), not a county
        elif last and english:  # "Huai'an Municipal People's Government": its words are the name's, no metric
            after = [sp for w in english for sp in _phrase_spans(lower, w)
                     if sp[0] >= last[1] and re.fullmatch(r"[\s,]*(?:(?:city|municipal|district|county)\s*)?",
                                                          lower[last[1]:sp[0]])]
            if after:
                spans.append((last[1], max(b for _, b in after)))
    elif name.department:
        dept = name.department
        pos = question.find(dept)
        slip = _one_character_slip(question, dept) if pos < 0 else None
        if pos >= 0:
            dept_span, dept_score = (pos, pos + len(dept)), 3.0
        elif slip is not None:  # "自然资源和规化局": the department's name with one character mistyped
            dept_span, dept_score = (slip, slip + len(dept)), 2.9
            correction = correction or (question[slip:slip + len(dept)], dept)
        else:
            for entry in _department_entries(dept):
                for short in sorted(entry["short"] + [entry["zh"]], key=len, reverse=True):
                    for form in (short + dept[-1], short):
                        pos = question.find(form)
                        if pos < 0 or len(form) < 2 or dept_score >= 2.0 + len(form) / 10:
                            continue
                        if ctx.metric_word((pos, pos + len(form))):
                            continue
                        if form == short and _TOPIC_AFTER.match(question, pos + len(form)):
                            continue  # "环境保护方面发了多少条": a topic of the report, not the bureau
                        dept_span, dept_score = (pos, pos + len(form)), 2.0 + len(form) / 10
                typed = _initials_span(lower, entry["short"] + [entry["zh"]], dept[-1])
                if typed and dept_score < 2.0:  # "scjg局": the department's initials in pinyin, then 局
                    dept_span, dept_score = typed, 2.0
                if latin:
                    found = [sp for w in entry["en"] for sp in _phrase_spans(lower, w.lower())
                             if not ctx.metric_word(sp)]
                    if pinyin_of(dept) in latin:  # "gonganju": the department in pinyin
                        found.append(latin[pinyin_of(dept)])
                    if found and dept_score < 2.5 + len(found) / 10:
                        dept_score = 2.5 + len(found) / 10
                        dept_span = (min(a for a, _ in found), max(b for _, b in found))
            if dept_score < 2.0 and dept.endswith("分局") and place_spans and place_spans[-1] \
                    and question.startswith("分局", place_spans[-1][1]):
                # "珠山分局": a branch by its district alone (景德镇市公安局珠山分局)
                dept_span, dept_score = (place_spans[-1][1], place_spans[-1][1] + 2), 2.2
            if dept_score < 2.0:
                abbrev = _abbreviation_span(question, dept)
                if not abbrev and dept.endswith("委员会"):  # 科委, 发改委: a 委员会 is called a 委
                    abbrev = _abbreviation_span(question, dept[:-3] + "委", shortest=2)
                if abbrev and not ctx.metric_word(abbrev) and not _TOPIC_AFTER.match(question, abbrev[1]):
                    dept_span, dept_score = abbrev, 2.0 + (abbrev[1] - abbrev[0]) / 10
        dept_matched = dept_score > 0
        if dept_span:
            dept_span = _widened_left(question, dept_span, dept)
            spans.append(dept_span)
        if not dept_matched:
            dept_score = -0.9
    if 0 <= deepest < len(name.places) - 1 and place_spans[deepest] \
            and _government_word_at(question, place_spans[deepest][1]):
        # "攸县人民政府" for 攸县皇图岭镇人民政府: the government of the higher place named, not a town's in it
        return AgencyMatch(name.full, 0.0)
    if deepest < 0 and not (dept_matched and not name.government):
        return AgencyMatch(name.full, 0.0)
    if not dept_matched or (name.government and dept_score < 1.0):
        # "芜湖市住建局" for 芜湖市财政局 (or for 芜湖市人民政府): the place's other body, not this one
        end = max(b for sp in place_spans if sp for b in sp)
        if _other_body_after(question, end, name.government):
            return AgencyMatch(name.full, 0.0)
    return AgencyMatch(name.full, round(place_score + dept_score, 3), tuple(spans), dept_matched, dept_span,
                       correction)


def _one_character_slip(question: str, dept: str) -> Optional[int]:
    """Where the question writes a department's name of five characters or more with one character
    other than its own (规化 for 规划, a homophone typed), keeping its first two and its last; None
    when it does not."""
    n = len(dept)
    if n < 5:
        return None
    pos = question.find(dept[:2])
    while pos >= 0:
        written = question[pos:pos + n]
        if len(written) == n and written[-1] == dept[-1] and sum(a != b for a, b in zip(written, dept)) == 1 \
                and all(_CJK.match(c) for c in written):
            return pos
        pos = question.find(dept[:2], pos + 1)
    return None


# A body of a place named right after it: "住建局", "住房和城乡建设局", "粮食和物资储备局"; the
# government's own offices and bodies (政府办, 管委会办公室) are not another body of a government.
_BODY_AFTER = re.compile(r"(?:的)?\s*((?!各|这|那|几|哪|所有|该|本|其|下属|直属|区直|市直|县直)"
                         r"[^\W\d年月日的和与及、][^\W\d年月日的及、]{0,11}?(?:局|厅|委员会|委))(?![\u4e00-\u9fff]{0,2}(?:数|件|人|次|条))")
_BODY_AFTER_EN = re.compile(r"(?:'s|’s)?\s*(?:the\s+)?(?:(?:city|municipal|county|district|provincial)\s+)?"
                            r"([a-z][a-z ,&\-]{2,60}?)\s+(?:bureau|department|commission|administration)\b")
_OWN_OFFICE = re.compile(r"政府|管委|办公|管理委员会")


def _other_body_after(question: str, end: int, government: bool) -> bool:
    """Whether the words right after a place (its end at ``end``) name one of its bodies: the agency
    matched by its place only is then not the one asked about. Called only for an agency whose own
    department the question did not name, so any body named there is another."""
    found = _BODY_AFTER.match(question, end)
    if found:
        return not (government and _OWN_OFFICE.search(found.group(1)))
    # (a government's other body said in English is left to unknown_english_department, which names it)
    return not government and bool(_BODY_AFTER_EN.match(question.lower(), end))


_CONNECTORS = "和与及、"
# words between the places of one name written in English, smallest first ("Minzu Subdistrict
# Office in Jianghan District, Wuhan")
_LATIN_JOINER = re.compile(r"[\s,]*(?:(?:in|of|the|office|government|people'?s|committee)\b[\s,]*)*", re.I)


def _widened_left(question: str, span: tuple[int, int], department: str) -> tuple[int, int]:
    """The department's span grown over the words of its name written before the part that matched
    ("自然资源和生态环境局" for 自然资源与生态环境局, matched by 生态环境局): each character taken from
    the name's earlier part in order, a connector (和/与/及) standing for any connector."""
    head = department[:department.find(question[span[0]:span[1]])] if question[span[0]:span[1]] in department else ""
    i, k = span[0], len(head)
    while i > 0 and k > 0:
        ch = question[i - 1]
        found = max(head.rfind(ch, 0, k), max((head.rfind(c, 0, k) for c in _CONNECTORS), default=-1)
                    if ch in _CONNECTORS else -1)
        if found < 0:
            break
        i, k = i - 1, found
    return (i, span[1]) if span[0] - i >= 2 else span


_AUTONOMOUS = re.compile(r"(?:[\u4e00-\u9fff]{1,3}族){1,3}自治[州县旗]")


def _division_tail(question: str, at: int, suffix: str) -> tuple[int, Optional[str]]:
    """A division word of three characters or more written at ``at`` as the end of the place's own
    (实验区 of 综合实验区) or with one character off it (综合试验区, 综合实验去): its length and, for a
    slip, the word as it should read; (0, None) when none stands there."""
    if suffix.startswith("自治") and question.startswith(suffix[-1], at):
        return 1, None  # 湘西州, 怒江州: an autonomous prefecture called by its kind's last character
    said_whole = _AUTONOMOUS.match(question, at)
    if len(suffix) == 1 and said_whole and said_whole.group(0).endswith(suffix):
        return len(said_whole.group(0)), None  # 凉山彝族自治州 of a report filed as 凉山州: the kind said whole
    if len(suffix) < 3:
        return 0, None
    for length in range(len(suffix), 2, -1):
        written = question[at:at + length]
        if len(written) < length or not all(_CJK.match(ch) for ch in written):
            continue
        right = suffix[-length:]
        off = sum(a != b for a, b in zip(written, right))
        if off == 0:
            return length, None
        if off == 1 and length >= 4 and written[-1] == right[-1] or off == 1 and length == len(suffix) >= 4:
            return length, right
    for long, short in _ZONE_SHORT:  # 高新区 of 高新技术产业开发区, 经开区 of 经济技术开发区
        if suffix == long and question.startswith(short, at):
            return len(short), None
    return 0, None


_GOVERNMENT_WORDS = tuple(sorted(_data()["government"], key=len, reverse=True))
# the short words everybody says for the kinds of development zones (qa.place_kinds reads them too)
ZONE_WORDS = (("高新技术产业开发区", "高新区"), ("高新技术产业园区", "高新区"), ("高新技术开发区", "高新区"), ("新技术产业开发区", "高新区"),
              ("新技术开发区", "高新区"), ("经济技术开发区", "经开区"), ("经济开发区", "经开区"),
              ("自由贸易试验区", "自贸区"), ("综合保税区", "综保区"), ("综合实验区", "综试区"), ("综合试验区", "综试区"),
              ("管理委员会", "管委会"))
_ZONE_SHORT = ZONE_WORDS[:-1]


def _government_named_at(question: str, at: int) -> bool:
    """Whether a government word stands at ``at``, or after a division word of the place said there
    ("长春市人民政府" after the 长春 of 长春新区: the city's government)."""
    return bool(_government_word_at(question, at)
                or (question[at:at + 1] in tuple("省市区县州旗盟") and _government_word_at(question, at + 1))
                or _GOVERNMENT_EN.match(question, at))  # "Yichang Municipal People's Government"


# a city's own words after its name in English ("Nanning Municipal …", "Nanning City", "Nanning city government")
_CITY_AFTER_EN = re.compile(r"['’]?s?\s+(?:municipal|city|municipality)\b", re.I)
# an English government after a place: "… Municipal People's Government", " County Government"
_GOVERNMENT_EN = re.compile(r"\s*(?:(?:municipal|city|county|district|provincial|prefectur(?:e|al)|league|banner|"
                            r"township|town)\s+)?(?:people'?s?'?\s+)?government\b"
                            r"(?!\s+(?:office|offices|general office))", re.I)


def _government_word_at(question: str, at: int) -> int:
    """The length of a government word (管委会, 人民政府 …) standing at ``at``, else 0."""
    return next((len(w) for w in _GOVERNMENT_WORDS if question.startswith(w, at)), 0)


def match_agencies(question: str, agencies: list[str]) -> list[AgencyMatch]:
    """Agencies of the collection that the question may name, best first (score > 0).

    Traditional characters are read as simplified (平潭綜合實驗區). A place written one character
    off a place of the collection (平谭, 淮按市) is read as that place when the slip is certain (the
    same sound, or the place's own division word after it) and no real division is meant: such
    matches carry ``correction``. A place named right before an agency's own that is not among
    its divisions (宿迁市洪泽区: 洪泽区 lies in 淮安市) rules that agency out. Spans index ``question``.
    """
    from qa.script import to_simplified

    text = to_simplified(question)
    if len(text) != len(question):  # a conversion that changed the length would move the spans
        text = question
    out = _matches(text, agencies)
    fixes = place_slips(text, _places_of(tuple(agencies)))
    if fixes:
        fixed = text
        for (a, b), _, right in fixes:
            fixed = fixed[:a] + right + fixed[b:]
        best = {m.agency: m for m in out}
        for m in _matches(fixed, agencies):
            used = [(written, right) for (a, b), written, right in fixes if any(x < b and a < y for x, y in m.spans)]
            if used and m.score > (best[m.agency].score if m.agency in best else 0.0):
                best[m.agency] = replace(m, correction=used[0])
        out = list(best.values())
    # "四平市人民政府": the government itself (or its own office, 人民政府办公厅, that reports for it), never
    # one of its departments (四平市卫生健康委员会)
    out = [m for m in out if m.score >= 100 or not m.spans or read_name(m.agency).government or m.department_matched
           or re.search(r"政府|办公厅|办公室", read_name(m.agency).department)
           or not _government_named_at(text, max(b for _, b in m.spans))]
    out = [m for m in out if m.score >= 100 or not m.spans or not (contradicted(text, m.agency, min(a for a, _ in m.spans))
                                                                  or named_below(text, m.agency, max(b for _, b in m.spans))
                                                                  or named_between(text, m.agency, m.spans)
                                                                  or (m.department_span and department_of_a_higher_place(
                                                                      text, m.agency, m.department_span[0])))]
    out.sort(key=lambda m: (-m.score, m.agency))
    return out


def department_of_a_higher_place(question: str, agency: str, department_start: int) -> bool:
    """Whether a department is named right after a place above the agency's own, whose own place the
    question does not name (湛江市农业农村局 is the city's bureau, not 湛江市坡头区农业农村局)."""
    name = read_name(agency)
    if name.government or len(name.stems) < 2 or name.stems[-1] in question:
        return False
    before = question[:department_start].rstrip(" 的")
    return any(re.search(rf"{re.escape(stem)}(?:{re.escape(suffix)})?$", before)
               for stem, suffix in zip(name.stems[:-1], name.suffixes[:-1]))


def agency_corrections(question: str, agencies: Sequence[str], chosen: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """The places of the question read otherwise than written for the ``chosen`` agencies, as
    (written, read) pairs: (("平谭", "平潭"),). The answer states each (``stated_correction``)."""
    chosen = set(chosen)
    found: list[tuple[str, str]] = []
    if chosen:
        for m in match_agencies(question, list(agencies)):
            if m.correction and m.agency in chosen and m.correction not in found:
                found.append(m.correction)
    return tuple(found)


def stated_correction(correction: tuple[str, str], language: str = "zh") -> str:
    """How an answer states a correction: 按“平潭”理解（问题写作“平谭”）."""
    written, read = correction
    if language == "en":
        return f"read “{written}” as “{read}”"
    return f"按“{read}”理解（问题写作“{written}”）"


@lru_cache(maxsize=16)
def _places_of(agencies: tuple[str, ...]) -> dict[str, set[str]]:
    """Each place stem of the agencies (平潭) with the division words it is written with (综合实验区)."""
    places: dict[str, set[str]] = {}
    for agency in agencies:
        name = read_name(agency)
        for stem, suffix in zip(name.stems, name.suffixes):
            places.setdefault(stem, set()).add(suffix)
    return places


def _matches(question: str, agencies: list[str]) -> list[AgencyMatch]:
    ctx = _Context(question, agencies)
    return [m for m in (_match_one(read_name(a), ctx) for a in agencies) if m.score > 0]


# A body's own word after its place (人民政府, 管委会, 党工委管委会), from agencies.json's government list
GOVERNMENT_WORDS = "|".join(sorted(_data()["government"], key=len, reverse=True))
BODY_WORD_AFTER = re.compile(rf"(?:党工委)?(?:{GOVERNMENT_WORDS})?")
_BODY_WORDS = re.compile(rf"(?:党工委)?(?:{GOVERNMENT_WORDS})$")


@lru_cache(maxsize=4)
def _department_words(agencies: tuple[str, ...]) -> tuple[dict[str, tuple[str, ...]], frozenset[str], tuple[int, ...]]:
    """The department words of the collection's agencies (three characters or more): by their spelling
    with one character left out (办?厅: 办公厅), as a set, and their lengths, longest first."""
    words = set()
    for agency in agencies:
        department = read_name(agency).department
        if len(department) >= 3:
            words.add(department)
            ending = department[-1] if department[-1] in "局厅委办" else ""
            for entry in _department_entries(department):
                shorts = entry.get("short", [])  # 人社 of 人力资源和社会保障局: 人社局 as it is said
                words.update(w for w in [entry["zh"], *shorts, *(sh + ending for sh in shorts)] if len(w) >= 3)
    index: dict[str, list[str]] = {}
    for word in words:
        for i in range(len(word)):
            index.setdefault(word[:i] + "?" + word[i + 1:], []).append(word)
    return ({k: tuple(v) for k, v in index.items()}, frozenset(words),
            tuple(sorted({len(w) for w in words}, reverse=True)))


def department_homophones(question: str, agencies: Sequence[str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The question with a department word an input method misspelt by one same-sounding character put
    right ("上海办工厅" → 办公厅, as the collection's 上海市人民政府办公厅 has it), and the (written, read)
    pairs, to be stated with the answer. Only words of three characters or more are touched, and only
    where the question does not already say an agency's word there."""
    from qa.metric_words import respell, words_taken

    index, words, lengths = _department_words(tuple(agencies))
    return respell(question, index, lengths, words_taken(question, words))


def unknown_agency(question: str, matched_spans: tuple[tuple[int, int], ...]) -> Optional[str]:
    """A name in the question that looks like an agency or place but matched none, or None."""
    masked = list(question)
    for a, b in matched_spans:
        for i in range(a, b):
            masked[i] = "|"
    rest = "".join(masked)
    dept = _UNKNOWN_DEPT.search(rest)
    if dept and "|" not in dept.group(0) and not _POINTER.search(dept.group(0)):
        return dept.group(0)
    place = _UNKNOWN_PLACE.match(rest)
    if place and not matched_spans and place.group(1)[0] not in _GENERIC_PLACE_STEMS:
        return place.group(1)
    # "福州市人民政府2024年…？平潭以前归福州管": a government named in full that the collection lacks, however
    # another agency comes to be matched elsewhere in the question
    government = _UNKNOWN_GOVERNMENT.search(rest)
    if government and government.group(1)[0] not in _GENERIC_PLACE_STEMS:
        return government.group(0)
    return None


@lru_cache(maxsize=1)
def _ending_re() -> re.Pattern:
    """Up to two words, then a department ending (bureau, commission …)."""
    _, en_ends = _end_words()
    return re.compile(r"\s*(?:[a-z'’\-]+\s+){0,2}?(?:" + "|".join(map(re.escape, en_ends)) + r")\b")


@lru_cache(maxsize=1)
def _ending_before_re() -> re.Pattern:
    """A department ending, then "of"/"for", right before a word ("Department of Transport")."""
    _, en_ends = _end_words()
    return re.compile(r"\b(?:" + "|".join(map(re.escape, en_ends)) + r")\s+(?:of|for)\s+(?:the\s+)?$")


def unknown_english_department(question: str, agencies: list[str]) -> Optional[str]:
    """A department named in English ("the Pingtan health commission") that no agency of the
    collection has, or None. The words must stand before a department ending (bureau,
    commission …) so that metric words are not taken for departments."""
    if not re.search(r"[A-Za-z]{2}", question):
        return None
    ctx = _Context(question, [])
    departments = [read_name(a).department for a in agencies]
    ending = _ending_re()
    for entry in _data()["departments"]:
        # 审批 of 行政审批 in 审批服务管理局: the collection's department by another of its names
        if any(word in d for word in [entry["zh"], *entry.get("short", [])] for d in departments):
            continue
        for word in sorted(entry["en"], key=len, reverse=True):
            for a, b in _phrase_spans(ctx.lower, word.lower()):
                named = (ending.match(ctx.lower, b) or word.lower().split()[-1] in _end_words()[1]
                         or _ending_before_re().search(ctx.lower, 0, a))  # "Department of Transport"
                if not ctx.metric_word((a, b)) and named:
                    return question[a:b]
    return None


_EN_COMMON = {"how", "what", "which", "when", "where", "who", "why", "did", "does", "do", "the", "in", "of",
              "i", "is", "was", "were", "are", "many", "much"}


def unknown_english_name(text: str) -> Optional[str]:
    """A capitalised name in an English question that no glossary or agency word explains."""
    words = re.findall(r"(?<![A-Za-z'])([A-Z][a-z]+(?:'[a-z]+)?)", text)
    from qa.metric_words import glossary  # the glossary is the metric words module's data

    known = {w for t in glossary()["terms"] for phrase in t["en"] for w in phrase.split()}
    for i, w in enumerate(words):
        if text.startswith(w) or w.lower() in _EN_COMMON or w.lower() in known:
            continue
        return w
    return None


_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|"
             r"an|en|in|un|ia|ie|iu|ua|uo|ue|ui|er|a|o|e|i|u|v)")
# after the first syllable each has its initial, or is one of the bare syllables a name has inside
# (gong'an, xi'an, often typed without the apostrophe): "counting" (co-un-ting) and "meeting" (me-e-ting)
# are English words, not departments
_INITIALED = "(?:" + _SYLLABLE.replace(")?(?:", ")(?:", 1) + "|ang|an|ai|ao|ou|en|er|a)"
_PINYIN_DEPARTMENT = re.compile(r"(?<![a-z'’])((?:" + _SYLLABLE + r")(?:" + _INITIALED + r"){0,5}"
                                r"(?:ju|ting|weiyuanhui|bangongshi))(?![a-z])")


def unknown_pinyin_department(question: str, matched: Sequence[str] = ()) -> Optional[str]:
    """A department written in pinyin ("jiaotongju", "weijianwei ting") that no agency of the
    collection was matched by, or None: the question is about that department, and answering
    for the place's government instead would give another agency's figure. The department of an
    agency ``matched`` otherwise, in pinyin by its name or short name ("Longyan housing bureau
    (Zhujianju)"), is no other department."""
    own = {p for agency in matched for p in _department_pinyin(read_name(agency).department)}
    for m in _PINYIN_DEPARTMENT.finditer(question.lower()):
        if m.group(1)[0] in "aeiou":
            continue  # "awaiting" (a-wai-ting), "outing": English words; a department's pinyin starts with an initial
        if _spelt_in_pinyin(m.group(1)) and m.group(1) not in own:  # "rating" (ra-ting) is no pinyin
            return m.group(1)
    return None


def _department_pinyin(department: str) -> set[str]:
    """A department's name in pinyin, whole and by its short names (住房和城乡建设局: zhufanghechengxiang
    jiansheju, zhujianju)."""
    if not department:
        return set()
    forms = {department} | {short + department[len(d["zh"]):] for d in _data()["departments"]
                            if department.startswith(d["zh"]) for short in d.get("short", [])}
    return {pinyin_of(f) for f in forms}


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """Every syllable Mandarin has, without tones, as pypinyin reads the common characters."""
    from pypinyin import lazy_pinyin

    return frozenset(lazy_pinyin("".join(chr(c) for c in range(0x4E00, 0x9FA6))))


_EN_DIVISION = re.compile(r"\b([A-Z][a-z]+)\s+(?i:district|county|banner|township)\b")


def unknown_english_place(question: str, matched: Sequence[str]) -> Optional[str]:
    """A district or county named in pinyin ("the Zhanggong District government (Ganzhou)") that is none
    of the places of the agencies the question was matched to, or None: the question is about that
    place, and answering for another district of the city named beside it would give another figure."""
    # a one-character place is spelt with its division word ("Youxian County": 攸县)
    spelt = {reading for name in map(read_name, matched) for word in (*name.stems, *name.places)
             for reading in pinyin_readings(word)}  # 新都: xindu as well as xindou
    for m in _EN_DIVISION.finditer(question):
        name = m.group(1).lower()
        if name not in spelt and _spelt_in_pinyin(name) and name not in _EN_COMMON:
            return m.group(0)
    return None


def _spelt_in_pinyin(word: str) -> bool:
    """Whether a word splits into real pinyin syllables (an apostrophe may mark where one starts)."""
    syllables, word = _pinyin_syllables(), word.replace("'", "").replace("’", "")
    can = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        can[end] = any(can[start] and word[start:end] in syllables for start in range(max(0, end - 6), end))
    return can[-1]


# ---------------------------------------------------------------- one body under several names

_PLACE_END = re.compile(r"[\u4e00-\u9fff]{1,10}(?:省|市|自治区|自治州|州|盟|地区)$")


def same_body(a: str, b: str) -> bool:
    """Whether two agency names name one body: the same name, or one with the higher places before
    it that the other leaves out (宜宾市翠屏区人民政府 and 翠屏区人民政府, as two years' reports of one
    district may be titled)."""
    if a == b:
        return True
    long, short = (a, b) if len(a) > len(b) else (b, a)
    if not long.endswith(short) or not _PLACE_END.fullmatch(long[: len(long) - len(short)]):
        return False
    from corpus.places import leading_places

    places, _ = leading_places(short)
    return bool(places)  # the shorter name starts with its own place (翠屏区…), not with 人民政府


def bodies(names: Iterable[str]) -> list[tuple[str, ...]]:
    """The names grouped by the body they name (see ``same_body``), in first-seen order."""
    out: list[list[str]] = []
    for name in dict.fromkeys(names):
        home = next((g for g in out if any(same_body(name, n) for n in g)), None)
        if home is None:
            out.append([name])
        else:
            home.append(name)
    return [tuple(g) for g in out]
