"""Places as questions write them: a slip one character off a place of the collection (平谭 for
平潭, 淮按 for 淮安), and a division named before an agency that is not among its divisions
(宿迁市洪泽区: 洪泽区 lies in 淮安市). The divisions are ``corpus.places``' table, loaded only
when a word of the question is one character off a place, or stands before an agency's name.
"""
from __future__ import annotations

import re
from functools import lru_cache

_CJK = re.compile(r"[\u4e00-\u9fff]")


def place_slips(question: str, places: dict[str, set[str]]) -> list[tuple[tuple[int, int], str, str]]:
    """Words of the question one character off a place of the collection, as (span, written, right).

    ``places`` maps each place stem of the collection (平潭, 淮安) to the division words it is
    written with (综合实验区, 市). A word is read as the place when it is no real division itself
    (泗阳 stays 泗阳), only one place of the collection fits it, and the slip is certain: the same
    sound (平谭/平潭, an input-method slip) or the place's own division word right after it
    (平口综合实验区). Else nothing: a guess would answer for another agency.
    """
    by_length: dict[int, list[str]] = {}
    for stem in places:
        if len(stem) >= 2:
            by_length.setdefault(len(stem), []).append(stem)
    found: list[tuple[tuple[int, int], str, str]] = []
    taken: set[int] = set()
    for length, stems in sorted(by_length.items(), reverse=True):
        for i in range(len(question) - length + 1):
            written = question[i:i + length]
            if written in places or not all(_CJK.match(ch) for ch in written) or taken & set(range(i, i + length)):
                continue
            near = [s for s in stems if sum(a != b for a, b in zip(s, written)) == 1]
            sure = [s for s in near if _certain_slip(question, i, written, s, places[s])]
            if len(sure) != 1 or _real_place(question, i, written):
                continue
            found.append(((i, i + length), written, sure[0]))
            taken.update(range(i, i + length))
    return found


def _certain_slip(question: str, at: int, written: str, stem: str, suffixes: set[str]) -> bool:
    after = question[at + len(written):]
    if any(after.startswith(s) for s in suffixes if len(s) > 1 or len(stem) >= 3):
        return True
    return _same_sound(written, stem)


def _real_place(question: str, at: int, written: str) -> bool:
    """Whether the words are a real division's name (泗阳, 泗阳县): another place, not a slip. Said with a
    division word, the name with that word decides (怀安县 is real, 怀安市 is not)."""
    from corpus.places import gazetteer

    gz = gazetteer()
    after = question[at + len(written):]
    for word in ("市", "县", "区", "省"):
        if after.startswith(word):  # 怀安市: no such city (怀安 is a 县), so a slip for 淮安市 may be
            return gz.is_division(written + word)
    return gz.is_division(written)


@lru_cache(maxsize=4096)
def _same_sound(a: str, b: str) -> bool:
    """Whether two words sound the same without tones (谭/潭 tan, 按/安 an)."""
    from pypinyin import lazy_pinyin  # only when a word is one character off a place

    return lazy_pinyin(a) == lazy_pinyin(b)


def contradicted(question: str, agency: str, start: int) -> bool:
    """Whether a division named right before ``start``, where the agency's words begin, is not
    among the agency's divisions (宿迁市洪泽区 for 淮安市洪泽区人民政府; 江苏沭阳 fits 沭阳县)."""
    before = question[max(0, start - 9):start].rstrip()  # "the 喀什 Economic Development …": a space between
    if before and re.match(r"[A-Za-z]", before[-1]):
        return _latin_place_before(question[:start], agency)
    if not before or not _CJK.match(before[-1]):
        return False
    from corpus.places import gazetteer, place_agency

    gz = gazetteer()
    # the division nearest the agency's words: right before them, or ending a character or two
    # earlier when the words matched start inside the name ("吉首市人|民政府")
    named = next((before[end - n:end] for end in range(len(before), max(len(before) - 3, 1), -1)
                  for n in range(end, 1, -1) if gz.is_division(before[end - n:end])), "")
    if not named or named in agency:
        return False
    region = place_agency(agency).region
    if not region:
        return False
    divisions = [d for name in region for d in gz.lookup(name)]
    return named not in {d.name for d in divisions} | {d.short for d in divisions}


def named_between(question: str, agency: str, spans) -> bool:
    """Whether a division is named between the words matched for an agency and is not the agency's
    own (湛江市|麻章区|农业农村局 for 湛江市坡头区农业农村局: another district's bureau)."""
    from corpus.places import gazetteer

    gz = gazetteer()
    ordered = sorted(spans)
    for (_, end), (start, _) in zip(ordered, ordered[1:]):
        gap = question[end:start].strip()
        if 2 <= len(gap) <= 8 and _CJK.match(gap) and gz.is_division(gap) and gap not in agency:
            return True
    return False


def named_below(question: str, agency: str, end: int) -> bool:
    """Whether a division named right after ``end``, where the agency's words stop, is not the
    agency's own (石嘴山市|大武口区 for 石嘴山市惠农区人民政府: another district of that city, whose
    report the collection does not hold). Only a division's full name counts (大武口区, not 大武口)."""
    after = question[end:end + 12]
    if not after or not _CJK.match(after[0]):
        return False
    from corpus.places import gazetteer

    gz = gazetteer()
    named = next((after[:n] for n in range(len(after), 1, -1) if after[:n] in gz.by_name), "")
    if not named:  # "北京市西城区|德胜街道办事处": a street or town below the place, named by its own words
        township = _TOWNSHIP.match(after)
        named = township.group(0) if township else ""
    return bool(named) and named not in agency


# a township-level place (街道, 镇, 乡, 苏木) by its own name, not "各乡镇", "所辖街道", "哪个镇"
_TOWNSHIP = re.compile(r"(?![各全所下辖哪本该])[\u4e00-\u9fff]{2,5}?(?<![乡镇街各])(?:街道|镇|乡|苏木)(?![镇乡街])")


def _latin_place_before(before: str, agency: str) -> bool:
    """Whether the English words right before an agency's words name a real place in pinyin that is
    not the agency's ("the Qinzhou Port Economic and Technological Development Zone" is not
    平潭综合实验区经济发展局)."""
    exonym = re.search(r"([\u4e00-\u9fff]{2,})[A-Za-z'’\-\s]*$", before[-40:])  # "the 拉萨 Municipal …" (Lhasa)
    if exonym:
        from corpus.places import gazetteer

        if gazetteer().is_division(exonym.group(1)):
            return exonym.group(1) not in agency
    words = re.findall(r"[A-Za-z][A-Za-z'’\-]*", before)[-3:]  # "Qinzhou Port": the place, then a word of its own
    by_pinyin = _divisions_by_pinyin()
    for n in (2, 1):
        for i in range(len(words) - n, -1, -1):
            if not all(w[0].isupper() for w in words[i:i + n]):
                continue  # a place is written with a capital ("yuan", the currency, is 裕安's pinyin too)
            names = by_pinyin.get(re.sub(r"['’\-]", "", "".join(words[i:i + n])).lower())
            if names:
                return not any(name in agency for name in names)
    return False


@lru_cache(maxsize=1)
def _divisions_by_pinyin() -> dict[str, frozenset[str]]:
    """The gazetteer's short names (two characters or more) by their pinyin: qinzhou -> {钦州}."""
    from pypinyin import lazy_pinyin

    from corpus.places import gazetteer

    out: dict[str, set[str]] = {}
    for short in gazetteer().by_short:
        if len(short) >= 2:
            out.setdefault("".join(lazy_pinyin(short)).lower(), set()).add(short)
    return {k: frozenset(v) for k, v in out.items()}
