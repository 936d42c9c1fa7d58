"""Where a question names agencies, and the wording around the names that is no metric: the groups of
readings of each mention (qa.agencies matches one name at a time), a department with its place in
brackets after it, the place of one agency put before the department of another (an agency the
collection does not hold), the body's word after a zone's name, and what is left of a name after its
abbreviation or a misspelt ending. Used by ``qa.question.understand``.
"""
from __future__ import annotations

import re
from typing import Callable, Optional, Sequence

from qa.agencies import GOVERNMENT_WORDS, match_agencies, pinyin_of, read_name, same_body
from qa.metric_words import CJK as _CJK
from qa.metric_words import metric_slots


def mask(text: str, spans) -> str:
    """The text with the characters of ``spans`` replaced by ``|``."""
    chars = list(text)
    for a, b in spans:
        for i in range(a, min(b, len(chars))):
            chars[i] = "|"
    return "".join(chars)


def more_of_the_name(text: str, agencies: Sequence[str], spans) -> list[tuple[int, int]]:
    """Spans outside ``spans`` that say more of a named agency's name: a place of it said apart ("the
    Dongsheng District … bureau in Ordos" -> 鄂尔多斯), or in English a capitalised word that is the
    pinyin of two to four characters of the name ("the Tianyuan branch of the Zhuzhou public security
    bureau": 天元 of 株洲市公安局天元分局). Such words name the agency, never a metric."""
    found: list[tuple[int, int]] = []
    free = mask(text, spans)
    for a, _ in spans:  # "昆山市|千灯镇人民政府": a division said right before the name, where it lies
        before = _division_ending_at(text, a)
        if before:
            found.append((a - len(before), a))
    for agency in agencies:
        name = read_name(agency)
        for place in dict.fromkeys(name.places + name.stems):
            if len(place) >= 2:
                found += [m.span() for m in re.finditer(re.escape(place), free)]
        if _CJK.search(text):
            continue
        pieces = {pinyin_of(agency[i:i + n]): True for n in (2, 3, 4) for i in range(len(agency) - n + 1)}
        for m in re.finditer(r"\b[A-Z][a-z]+(?:[-'’][a-z]+)?\b", free):
            if re.sub(r"[-'’]", "", m.group(0)).lower() in pieces:
                found.append(m.span())
    return found


def _division_ending_at(text: str, end: int) -> str:
    """The longest division name the gazetteer knows (with its division word: 昆山市) that ends at ``end``."""
    from corpus.places import gazetteer

    gz = gazetteer()
    for n in range(min(end, 12), 2, -1):
        word = text[end - n:end]
        if _CJK.fullmatch(word[0]) and word[-1] in "省市县区州盟旗" and word in gz.by_name:
            return word
    return ""


def _overlap(a, b) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def _same_mention(a, b) -> bool:
    """Whether two agency readings use the same words of the question."""
    if a.department_span and b.department_span:
        return _overlap([a.department_span], [b.department_span])
    if bool(a.department_span) != bool(b.department_span):
        return False
    return not a.spans or not b.spans or _overlap(a.spans, b.spans)


def without_misspelt_suffix(rest: str, agencies: list[str]) -> str:
    """The wording without what is left of an agency it named: its ending misspelt by one character
    ("绵阳市人民政俯": 人民政俯 names no metric), or the rest of its abbreviation ("西安高新区" for
    西安高新技术产业开发区: 高新区 is a part of the name, not a metric)."""
    for tail in {a[-4:] for a in agencies if len(a) >= 6 and _CJK.match(a[-4:])}:
        variants = "|".join(re.escape(tail[:i]) + r"[\u4e00-\u9fff]" + re.escape(tail[i + 1:]) for i in range(4))
        rest = re.sub(variants, " ", rest)
    for agency in agencies:
        for suffix in read_name(agency).suffixes:  # "自治区自然资源厅": its place's kind said without its name
            if len(suffix) >= 2:
                rest = rest.replace(suffix, " ")
        for run in re.findall(r"[\u4e00-\u9fff]{2,}", rest):
            short = _BODY_SUFFIX.sub("", run) or run  # "高新区管委会": the abbreviation with its body's name
            if run not in agency and _abbreviates(short, agency) and not any(s.from_glossary for s in metric_slots(run)):
                rest = rest.replace(run, " ")
    return rest


_BODY_SUFFIX = re.compile(rf"(?:{GOVERNMENT_WORDS}|委员会)$")


def _abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` keeps characters of ``name`` in order, ending with its last (高新区 of
    高新技术产业开发区)."""
    if short[-1] != name[-1]:
        return False
    at = 0
    for ch in short:
        at = name.find(ch, at) + 1
        if at == 0:
            return False
    return True


def place_of_one_department_of_another(text: str, groups: list) -> Optional[str]:
    """The name a question gives when it puts the department of one agency right after the place of
    another ("唐山市" of 唐山市行政审批局 + "市场监督管理局" of 贵州省市场监督管理局): an agency the collection
    does not hold; None otherwise."""
    if len(groups) != 2:
        return None
    for first, second in (groups, groups[::-1]):
        a, b = read_name(first[0]), read_name(second[0])
        if not a.places or not b.department or b.government or (a.department and a.department in text):
            continue
        if any(p in text or (len(st) >= 2 and st in text) for p, st in zip(b.places, b.stems)):
            continue
        place, dept = a.places[-1], b.department
        at = text.find(place)
        if at >= 0 and text.startswith(dept, at + len(place)):
            return text[text.find(a.places[0]) if a.places[0] in text else at:at + len(place) + len(dept)]
    return None


_PLACE_AFTER = re.compile(r"([\u4e00-\u9fff]{2,12}?(?:局|委员会|委|办公室|办|厅|中心|院|队|所|站))\s*[（(]([\u4e00-\u9fff]{2,12})[）)]")


def place_first(text: str, agencies: Sequence[str]) -> str:
    """"农业农村局（平潭综合实验区）" as "平潭综合实验区农业农村局": a department with its place in brackets
    after it, when the collection holds an agency of that place."""
    def swap(m: re.Match) -> str:
        dept, place = m.group(1), m.group(2)
        return place + dept if any(a.startswith(place) for a in agencies) else m.group(0)

    return _PLACE_AFTER.sub(swap, text)


# what may stand between an agency's matched words and the bracket after it ("Hongze district gov (Huai'an)")
_BODY_WORD = re.compile(r"\s*(?:(?:people'?s\s+)?gov(?:ernment|t)?\.?|人民政府|政府|管委会)?\s*", re.I)


def _place_in_brackets_of(text: str, new: list, taken: list, group: tuple, groups: list) -> bool:
    """Whether a mention stands alone in brackets right after an agency named before it, and names a
    place of that agency's own name (淮安 of 淮安市洪泽区人民政府): its location, not a second agency."""
    a, b = min(x for x, _ in new), max(y for _, y in new)
    opened = text.rfind("(", 0, a), text.rfind("（", 0, a)
    start = max(opened)
    close = re.search(r"[)）]", text[b:])
    if start < 0 or not close or text[start + 1:a].strip(" '’") or text[b:b + close.start()].strip(" '’,，"):
        return False
    if not any(y <= start and _BODY_WORD.fullmatch(text[y:start]) for _, y in taken):
        return False
    places = _stems_of(group)
    return bool(places) and any(p in earlier for g in groups for earlier in g for p in places)


def _own_level_body(text: str, top, group: tuple) -> bool:
    """Whether a department matched by its words alone is said after a bare level word ("洪泽区…第一部分说
    区政府办受理申请17件": the district's own office), with none of its own places in the question: a body of
    the place named, not another place's department of that name."""
    if not top.department_matched or not top.department_span:
        return False
    if not re.search(r"[区县市州旗镇乡](?:人民)?政?$", text[:top.department_span[0]]):
        return False  # (区政府办: 府办 matched, 区政 before it)
    if not all("办公" in read_name(g).department for g in group):
        return False  # a government's own office (区政府办), not a bureau any place has (区行政审批局)
    return not any(p in text for p in _stems_of(group))


def _stems_of(group: tuple) -> list[str]:
    """The place stems (two characters or more) of a mention's readings' names."""
    return [p for g in group for p in read_name(g).stems if len(p) >= 2]


_ZONE_BODY = re.compile(r"\s*(?:党工委)?(?:管委会|管理委员会)|\s*(?i:administrative committee|management committee)")
_LEVEL_EN = re.compile(r"[\s'’s]*\b(zone|district|county|city|municipality|prefecture)\b", re.I)
_LEVEL_EN_FITS = {"zone": lambda suffix: len(suffix) > 1 and suffix.endswith("区"),
                  "district": lambda suffix: suffix == "区", "county": lambda suffix: suffix.endswith("县"),
                  "city": lambda suffix: suffix.endswith("市"), "municipality": lambda suffix: suffix.endswith("市"),
                  "prefecture": lambda suffix: suffix.endswith(("州", "市"))}


def _division_word_after(text: str, end: int) -> Optional[tuple[Callable[[str], bool], int, bool]]:
    """The division word said right after a place ending at ``end`` ("平潭区里", "Pingtan zone", "Pingtan 管委会":
    a 管委会 governs a zone): which division words of an agency's name it fits, where it ends, and whether it is
    the body word; None when no such word follows (区直部门 is no division word)."""
    english = _LEVEL_EN.match(text, end)
    if english:
        return _LEVEL_EN_FITS[english.group(1).lower()], english.end(), False
    body = _ZONE_BODY.match(text, end)
    if body:
        return _LEVEL_EN_FITS["zone"], body.end(), True
    level = text[end:end + 1]
    if level in ("区", "县", "市", "旗", "州", "镇") and text[end + 1:end + 2] not in ("直", "级", "委"):
        return (lambda suffix: suffix.endswith(level)), end + 1, False
    return None


def agency_groups(text: str, agencies: Sequence[str]) -> tuple[list, list, list]:
    """The agencies a question names: one group of equally fitting readings per mention, where each
    is named, and the spans of the words they took."""
    groups: list[tuple[str, ...]] = []
    positions: list[int] = []  # where each agency is named in the question
    named_again: set[int] = set()  # the groups named a second time
    spans: list[tuple[int, int]] = []
    masked = text
    for _ in range(12):  # a ranking may list a dozen departments
        matches = match_agencies(masked, list(agencies))
        if not matches or (groups and matches[0].score < 1.5):
            break
        top = matches[0]
        # Readings that fit as well and use the same words of the question are one mention; two
        # departments named apart ("平潭交通与建设局和行政审批局") are two, even under one place.
        same = [m for m in matches if m.score >= top.score - 1e-6 and _same_mention(m, top)]
        group = tuple(m.agency for m in same)
        said = [s for m in same for s in m.spans]
        # Of places of one stem, those of the division word said after them ("平潭区里": 平潭综合实验区, a 区,
        # not 平潭县); all of them when it fits none or all.
        word = _division_word_after(text, max(b for _, b in said)) if said else None
        fitting = tuple(a for a in group if word and any(word[0](p) for p in read_name(a).suffixes[-1:]))
        narrowed = len(group) >= 2 and 0 < len(fitting) < len(group)
        group = fitting if narrowed else group
        # the same body under another name of the collection (翠屏区人民政府 beside 宜宾市翠屏区人民政府)
        group += tuple(a for a in agencies if a not in group and any(same_body(a, g) for g in group))
        if any(a in g for g in groups for a in group):  # named again ("…，淮安市比洪泽区多多少"): not a new one
            again = [s for m in same for s in m.spans]
            if not again:
                break
            spans += again
            # where it is named last decides the order ("洪泽区和淮安市…，淮安市比洪泽区多多少": 淮安市 first)
            k = next(i for i, g in enumerate(groups) if any(a in g for a in group))
            positions[k] = max(positions[k], top.department_span[0] if top.department_span else min(a for a, _ in again))
            named_again.add(k)
            masked = mask(masked, again)
            continue
        new = list(said)
        if word and (narrowed or (word[2] and any(read_name(a).government for a in group))):
            new.append((max(b for _, b in said), word[1]))  # the division or body word is part of the name said
        if groups and new and (_place_in_brackets_of(text, new, spans, group, groups)
                               or _own_level_body(text, top, group)):
            spans += new  # "Hongze District People's Government (Huai'an)": where the agency named lies
            masked = mask(masked, new)
            continue
        groups.append(group)
        positions.append(top.department_span[0] if top.department_span
                         else min((a for a, _ in top.spans), default=len(text)))
        spans += new
        if not new:
            break
        masked = mask(masked, new)
    if len(groups) == 2 and len(named_again) == 1:
        # "A和B比，A主动公开的多了多少": the one named again is what the comparison is about, first
        k = named_again.pop()
        positions[k] = min(positions) - 1
    return groups, positions, spans
