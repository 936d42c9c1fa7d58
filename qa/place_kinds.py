"""Places named by their kind: development zones by the short words everybody says (东湖高新区 for
武汉东湖新技术开发区, in Chinese or in English with pinyin), a bare kind of division (实验区: the one
综合实验区 of the collection), and the government of a department's own place (管委会 beside
财政金融局). Used by ``qa.question`` when the agency matcher (``qa.agencies``) placed no agency.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from qa.agencies import _BODY_WORDS, ZONE_WORDS as _ZONE_WORDS, _data, pinyin_of, read_name


def _zone_short(name: str) -> str:
    for long, short in _ZONE_WORDS:
        name = name.replace(long, short)
    return name


def zone_named(mention: str, agencies: Sequence[str]) -> Optional[str]:
    """The one agency a name the matcher did not place stands for when both are written with the short
    words of development zones ("东湖高新区" in 武汉东湖新技术开发区: 新技术开发区 is a 高新区), with or
    without its body's word (…管委会); None when no agency or several fit."""
    for said in dict.fromkeys((mention, _BODY_WORDS.sub("", mention))):
        short = _zone_short(said)
        if len(short) < 4 or short == said and not any(s in short for _, s in _ZONE_WORDS):
            continue
        hits = [a for a in agencies if short in _zone_short(a)]
        if len(hits) == 1:
            return hits[0]
    return None


def government_of(agency: str, agencies: Sequence[str]) -> Optional[str]:
    """The government agency of a department's place among ``agencies`` (平潭综合实验区 for
    平潭综合实验区财政金融局), or None."""
    name = read_name(agency)
    if name.government or not name.places:
        return None
    return next((a for a in agencies if a != agency and read_name(a).government
                 and read_name(a).places == name.places), None)


def level_government(agency: str, level: str, agencies: Sequence[str]) -> Optional[str]:
    """The government one level away from an agency's place that "市里" or "区里" names beside it: for
    淮安市洪泽区人民政府 and 市, 淮安市人民政府; for 淮安市人民政府 and 区, its one district's government
    in ``agencies`` (None when it has none or several, or the agency's place is of that level)."""
    name = read_name(agency)
    if not name.places or name.suffixes[-1].endswith(level):
        return None
    governments = [a for a in agencies if a != agency and read_name(a).government]
    for k in range(len(name.places) - 1, 0, -1):  # a higher place of that level: its government
        if name.suffixes[k - 1].endswith(level):
            return next((a for a in governments if read_name(a).places == name.places[:k]), None)
    below = [a for a in governments if read_name(a).places[:len(name.places)] == name.places
             and len(read_name(a).places) == len(name.places) + 1 and read_name(a).suffixes[-1].endswith(level)]
    return below[0] if len(below) == 1 else None


def place_by_kind(mention: str, agencies: Sequence[str]) -> Optional[str]:
    """The government of the one place whose kind a bare word names ("实验区2024年各部门": the only
    综合实验区 of the collection; 高新区: the only 高新技术产业开发区), or None when the word is no kind of division or several places fit."""
    said = re.sub(r"^(?:本|该|这个|那个|全)", "", _BODY_WORDS.sub("", mention))
    kind = (lambda suffix: suffix.endswith(said) or _zone_short(suffix) == said)  # 实验区; 高新区 of 高新技术产业开发区
    if len(said) < 3 or not any(map(kind, _data()["place_suffixes"])):
        return None
    places = {}
    for agency in agencies:
        name = read_name(agency)
        if name.places and (kind(name.suffixes[-1]) or _zone_short(name.places[-1]).endswith(said)):
            places.setdefault(name.places[-1], []).append(agency)
    if len(places) != 1:
        return None
    (place, held), = places.items()
    return next((a for a in held if read_name(a).government), None)


_ZONE_EN = {"高新区": r"high[- ]?tech(?:nology)?(?: industrial)?(?: development)? (?:zone|park)",
            "经开区": r"economic(?: and technological)? development (?:zone|area)",
            "自贸区": r"(?:pilot )?free[- ]trade (?:zone|area)", "综保区": r"comprehensive bonded zone",
            # "Shanxi Transformation and Comprehensive Reform Demonstration Zone": 山西转型综合改革示范区
            "示范区": r"(?:(?:comprehensive |pilot )?reform )?demonstration (?:zone|area)|comprehensive reform (?:zone|area)"}


# the last character of a zone's place as English writes it after the pinyin of the rest ("Qinzhou Port": 钦州港)
_PLACE_WORDS_EN = {"港": ("port", "harbour", "harbor"), "湾": ("bay",), "岛": ("island",), "湖": ("lake",),
                   "山": ("mountain", "mount", "hill")}


def _spellings(place: str) -> list[str]:
    """The place in pinyin, and with its last character in English where it is a place word (港: port)."""
    spelt = [pinyin_of(place)]
    if len(place) >= 3:
        spelt += [f"{pinyin_of(place[:-1])} {word}" for word in _PLACE_WORDS_EN.get(place[-1], ())]
    return spelt


def zone_named_latin(question: str, agencies: Sequence[str]) -> Optional[tuple[str, str]]:
    """A zone named in English with its place in pinyin ("the Donghu high-tech zone": 武汉东湖新技术开发区),
    as (the words of the question, the agency) when exactly one agency fits; else None."""
    lower = question.lower()
    hits = {}
    for agency in agencies:
        short = _zone_short(agency)
        for zone, words in _ZONE_EN.items():
            at = short.find(zone)
            # its kind in words, or only "zone" right after its place ("Qinzhou Port zone")
            found = (re.search(words, lower) or re.search(r"\bzone\b", lower)) if at > 0 else None
            if not found:
                continue
            before = short[:at]
            # the place right before the zone's kind, or (words between, 转型综合改革) the one it starts with
            for place in [before[-n:] for n in range(2, min(len(before), 6) + 1)] + [before[:n] for n in (2, 3)]:
                for spelt in _spellings(place):
                    m = re.search(r"(?<![a-z])" + re.escape(spelt) + r"\s*$", lower[:found.start()].rstrip())
                    kind_said = found.group(0) != "zone"
                    # the place in pinyin, or in characters where English has its own name (Kashgar: 喀什)
                    if m or kind_said and (re.search(r"(?<![a-z])" + re.escape(spelt) + r"(?![a-z])", lower)
                                           or place in question):
                        hits[agency] = question[found.start():found.end()]
                        break
                if agency in hits:
                    break
    return next(((words, agency) for agency, words in hits.items()), None) if len(hits) == 1 else None
