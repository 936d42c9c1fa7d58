"""China's administrative divisions (province › city › county) and the places an agency name starts with.

The table is ``data/divisions.tsv``: every province, city and county-level division with its
code, full name (``沭阳县``) and short name (``沭阳``), and the former names of renamed ones
(``襄樊市`` -> 襄阳市). It is cut from the division data that jionlp ships (a maintained package;
cpca's table dates from 2020 and its loader needs the removed ``pkg_resources``) by
``python -m corpus.places``, so that reading a report or a question never imports jionlp (0.6 s)
nor reads its 12 MB village-level file: the table loads in a few milliseconds, on first use.

An agency name is read as places then a body: ``淮安市洪泽区人民政府`` is 淮安市 › 洪泽区 and the
government; ``平潭综合实验区管委会`` is the zone 平潭 (a short name followed by a zone word) and
its committee. A place one character off a real division (``淮按市``) is corrected only with
evidence: the other places of the name (洪泽区 lies in 淮安市), the report's own text naming the
real division, the file name, or the same sound (an input-method slip); never on a guess.
"""
from __future__ import annotations

import sys
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

DATA = Path(__file__).parent / "data" / "divisions.tsv"
# Words after a place's short name that make it a place of the agency name: 平潭综合实验区, 浦东新区.
ZONE_WORDS = ("综合实验区", "经济技术开发区", "高新技术产业开发区", "经济开发区", "高新区", "开发区", "新区",
              "自治县", "自治州", "自治区", "特别行政区", "省", "市", "县", "区", "州", "盟", "旗")
_DIVISION_ENDS = "省市县区州盟旗"


@dataclass(frozen=True)
class Division:
    """One division: ``code`` (GB/T 2260), full ``name``, ``short`` name, ``level`` 1-3, ``parent`` code."""

    code: str
    name: str
    short: str
    level: int
    parent: str = ""


@dataclass(frozen=True)
class Place:
    """A place an agency name starts with: the words, where they stand, the divisions they may be."""

    text: str
    start: int
    end: int
    divisions: tuple[Division, ...]
    corrected_from: str = ""  # the words as written, when they were one character off


@dataclass(frozen=True)
class Placing:
    """An agency name read against the divisions: its places, the chain they fix, any corrections."""

    name: str  # the name with corrected places written right
    places: tuple[Place, ...]
    region: tuple[str, ...]  # ("江苏省", "宿迁市", "沭阳县"); () when no place is known
    corrections: tuple[str, ...] = field(default=())


class Gazetteer:
    """The division table with look-ups by code, full name, short name and former name."""

    def __init__(self, divisions: Iterable[Division], former: dict[str, str]) -> None:
        self.divisions = tuple(divisions)
        self.by_code = {d.code: d for d in self.divisions}
        self.by_name: dict[str, list[Division]] = {}
        self.by_short: dict[str, list[Division]] = {}
        for d in self.divisions:
            self.by_name.setdefault(d.name, []).append(d)
            if len(d.short) >= 2:
                self.by_short.setdefault(d.short, []).append(d)
        for old, code in former.items():
            if code in self.by_code and old not in self.by_name:
                self.by_name[old] = [self.by_code[code]]
        self.names_by_length: dict[int, list[str]] = {}
        for name in self.by_name:
            self.names_by_length.setdefault(len(name), []).append(name)
        self.shorts_by_length: dict[int, list[str]] = {}
        for short in self.by_short:
            self.shorts_by_length.setdefault(len(short), []).append(short)

    def chain(self, division: Division) -> tuple[Division, ...]:
        """The division and its parents, province first."""
        out = [division]
        while out[0].parent and out[0].parent in self.by_code:
            out.insert(0, self.by_code[out[0].parent])
        return tuple(out)

    def lookup(self, text: str) -> list[Division]:
        """Divisions whose full, former or short name is ``text``."""
        return self.by_name.get(text) or self.by_short.get(text) or []

    def is_division(self, text: str) -> bool:
        """Whether ``text`` is a division's full, former or short name."""
        return text in self.by_name or text in self.by_short

    def within(self, inner: Division, outer: Division) -> bool:
        """Whether ``inner`` is ``outer`` or lies inside it."""
        return outer in self.chain(inner)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The division table, read once per process from ``data/divisions.tsv``.

    Raises FileNotFoundError naming the rebuild command when the table is missing.
    """
    if not DATA.exists():
        raise FileNotFoundError(f"{DATA} is missing: run `python -m corpus.places` (needs jionlp installed)")
    divisions, former = [], {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, code, name, short, level, parent = line.split("\t")
        if kind == "former":
            former[name] = code
        else:
            divisions.append(Division(code, name, short, int(level), parent))
    return Gazetteer(divisions, former)


# ---------------------------------------------------------------- reading an agency name


def leading_places(name: str) -> tuple[list[Place], int]:
    """The places ``name`` starts with (longest full name first, then a short name followed by a
    zone word or another place) and where its body starts. Nothing is corrected here."""
    gz = gazetteer()
    places: list[Place] = []
    i = 0
    while i < len(name):
        place = _full_place(gz, name, i) or _short_place(gz, name, i)
        if place is None:
            break
        places.append(place)
        i = place.end
    return places, i


def _full_place(gz: Gazetteer, name: str, i: int) -> Optional[Place]:
    for length in range(min(len(name) - i, 12), 1, -1):
        text = name[i:i + length]
        if text in gz.by_name and _place_may_end(name, i + length):
            return Place(text, i, i + length, tuple(gz.by_name[text]))
    return None


def _short_place(gz: Gazetteer, name: str, i: int) -> Optional[Place]:
    for length in range(min(len(name) - i, 4), 1, -1):
        text = name[i:i + length]
        if text not in gz.by_short:
            continue
        after = name[i + length:]
        zone = next((w for w in ZONE_WORDS if after.startswith(w) and len(w) > 1), "")
        if zone:
            return Place(text + zone, i, i + length + len(zone), tuple(gz.by_short[text]))
        if _full_place(gz, name, i + length) and _place_may_end(name, i + length):
            return Place(text, i, i + length, tuple(gz.by_short[text]))
    return None


# A division's last character followed by these starts a word, not a place: 市场, 区域, 县长, 市直.
_NOT_PLACE_END = ("场", "域", "长", "属", "直", "级")


def _place_may_end(name: str, end: int) -> bool:
    """Whether a place may end at ``end`` of ``name`` (not 上海市|场… but 上海市|民政局)."""
    return not name.startswith(_NOT_PLACE_END, end)


def region(places: list[Place] | tuple[Place, ...]) -> tuple[str, ...]:
    """The division chain (province first) the places fix together; () when none or when they
    contradict each other. Where a name is ambiguous (朝阳区), only what all readings share."""
    gz = gazetteer()
    if not places:
        return ()
    chains = [gz.chain(d) for d in places[-1].divisions]
    chains = [c for c in chains if all(any(d in c for d in p.divisions) for p in places[:-1])]
    if not chains:
        return ()
    common = []
    for level in zip(*chains):
        if len({d.code for d in level}) > 1:
            break
        common.append(level[0].name)
    return tuple(common)


def place_agency(name: str) -> Placing:
    """Read ``name`` against the divisions, correcting nothing: its places and region."""
    places, _ = leading_places(name)
    return Placing(name, tuple(places), region(places))


# ---------------------------------------------------------------- one character off


def correct_agency(name: str, evidence: str = "", file_name: str = "") -> Placing:
    """Read ``name`` and correct a place one character off a real division (``淮按市洪泽区人民政府``
    -> 淮安市洪泽区人民政府), when the evidence picks one division: the name's other places,
    ``evidence`` (the report's text) naming it more often than the misspelling, ``file_name``,
    or the same sound. Each correction is stated in ``Placing.corrections``."""
    gz = gazetteer()
    places: list[Place] = []
    corrections: list[str] = []
    i = 0
    text = name
    while i < len(text):
        place = _full_place(gz, text, i) or _short_place(gz, text, i)
        if place is None:
            place = _near_place(gz, text, i, places, evidence, file_name)
            if place is None:
                break
            text = text[:place.start] + place.text + text[place.start + len(place.corrected_from):]
            division = place.divisions[0]
            corrections.append(
                f"{place.corrected_from} read as {place.text} (one character off or left out of the division "
                f"{' '.join(d.name for d in gz.chain(division))})")
        places.append(place)
        i = place.end
    return Placing(text, tuple(places), region(places), tuple(corrections))


def _near_place(gz: Gazetteer, name: str, i: int, before: list[Place], evidence: str,
                file_name: str) -> Optional[Place]:
    """A place at ``i`` one character off a real division (or with one character left out), picked by
    evidence, or None."""
    options: list[tuple[str, str, int, tuple[Division, ...]]] = []  # (written, right, end, divisions)
    for length in range(3, min(len(name) - i, 10) + 1):
        written = name[i:i + length]
        if written[-1] not in _DIVISION_ENDS or not _place_may_end(name, i + length):
            continue
        for right in _one_off(written, gz.names_by_length.get(length, ()), keep_last=True):
            options.append((written, right, i + length, tuple(gz.by_name[right])))
    for length in range(2, min(len(name) - i, 9) + 1):
        # a character dropped by OCR (秭归县 read 归县: a rare character its dictionary lacks)
        written = name[i:i + length]
        if written[-1] not in _DIVISION_ENDS or not _place_may_end(name, i + length):
            continue
        for right in _one_dropped(written, gz.names_by_length.get(length + 1, ())):
            options.append((written, right, i + length, tuple(gz.by_name[right])))
    for length in (2, 3, 4):
        written = name[i:i + length]
        after = name[i + length:]
        zone = next((w for w in ZONE_WORDS if after.startswith(w) and len(w) > 1), "")
        if not zone or len(written) < length:
            continue
        for right in _one_off(written, gz.shorts_by_length.get(length, ()), keep_last=False):
            options.append((written + zone, right + zone, i + length + len(zone), tuple(gz.by_short[right])))
    scored = []
    for written, right, end, divisions in options:
        score = _evidence(gz, written, right, divisions, before, name[end:], evidence, file_name)
        scored.append((score, evidence.count(_stem(right)), written, right, end, divisions))
    scored.sort(key=lambda s: (-s[0], -s[1]))
    if not scored or scored[0][0] < 2:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0] and scored[0][1] <= 2 * scored[1][1]:
        return None  # two divisions fit as well: no guess
    _, _, written, right, end, divisions = scored[0]
    if before:
        divisions = tuple(d for d in divisions if any(gz.within(d, p) for p in before[-1].divisions)) or divisions
    return Place(right, i, i + len(right), divisions, corrected_from=written)


def _one_dropped(written: str, names: Iterable[str]) -> list[str]:
    """Names one character longer than ``written`` that give it with one character (not the division
    word at the end) left out."""
    return [right for right in names
            if right[-1] == written[-1] and any(right[:k] + right[k + 1:] == written for k in range(len(right) - 1))]


def _one_off(written: str, names: Iterable[str], keep_last: bool) -> list[str]:
    """Names of the same length that differ from ``written`` in exactly one character (not the
    division word at the end when ``keep_last``), and that are not ``written`` itself."""
    from rapidfuzz.distance import Hamming
    from rapidfuzz.process import extract

    found = extract(written, list(names), scorer=Hamming.distance, score_cutoff=1, limit=None)
    out = []
    for right, distance, _ in found:
        if distance != 1 or (keep_last and right[-1] != written[-1]):
            continue
        out.append(right)
    return out


def _evidence(gz: Gazetteer, written: str, right: str, divisions: tuple[Division, ...], before: list[Place],
              rest: str, evidence: str, file_name: str) -> int:
    """How strongly the evidence says ``written`` means ``right``: 3 for the name's other places,
    2 for the text or the file name naming it (more often than the misspelling), 2 for the text naming
    a division it lies in, 1 for the same sound."""
    score = 0
    if before and any(gz.within(d, p) for d in divisions for p in before[-1].divisions):
        score += 3
    following, _ = leading_places(rest)
    if following and any(gz.within(c, d) for d in divisions for c in following[0].divisions):
        score += 3
    stem, wrong_stem = _stem(right), _stem(written)
    if evidence and evidence.count(stem) > evidence.count(wrong_stem):
        score += 2
    if file_name and stem in file_name:
        score += 2
    if evidence and any(len(_stem(a.name)) >= 2 and _stem(a.name) in evidence
                        for d in divisions for a in gz.chain(d)[:-1]):
        score += 2  # the text names the province or city the division lies in (海南 for 儋州市 read as 修州市)
    if _same_sound(wrong_stem, stem):
        score += 1
    return score


def _stem(place: str) -> str:
    """A place without its division word: 淮安市 -> 淮安, 平潭综合实验区 -> 平潭."""
    for zone in ZONE_WORDS:
        if place.endswith(zone) and len(place) > len(zone) + 1:
            return place[:-len(zone)]
    return place


@lru_cache(maxsize=4096)
def _same_sound(a: str, b: str) -> bool:
    """Whether two words sound the same without tones (谭/潭 tan, 按/安 an): an input-method slip."""
    if len(a) != len(b):
        return False
    from pypinyin import lazy_pinyin  # only when a name is one character off

    return lazy_pinyin(a) == lazy_pinyin(b)


# ---------------------------------------------------------------- building the table


def build_table(source: Path) -> list[str]:
    """The lines of ``divisions.tsv`` from jionlp's ``china_location.zip`` and ``china_location_change.txt``."""
    with zipfile.ZipFile(source / "china_location.zip") as archive:
        member = next(n for n in archive.namelist() if n.endswith(".txt"))
        text = archive.read(member).decode("utf-8")
    out = [f"# kind\tcode\tname\tshort\tlevel\tparent  (from jionlp {_jionlp_version()}; "
           "rebuild: python -m corpus.places)"]
    parents: dict[int, str] = {}
    seen: set[str] = set()
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t").split("\t")
        if depth > 2 or len(fields) < 3 or not fields[1].isdigit():
            continue
        name, code, short = fields[0], fields[1], fields[2]
        parent = parents.get(depth - 1, "") if depth else ""
        if name.endswith("直辖行政区划") or name in ("市辖区", "县") or (depth == 1 and code in seen):
            parents[depth] = parent  # a pseudo-level (省直辖, a municipality's city row): its children hang higher
            continue
        parents[depth] = code
        seen.add(code)
        out.append(f"division\t{code}\t{name}\t{short}\t{depth + 1}\t{parent}")
    current = {}
    for row in out[1:]:
        _, code, name, *_ = row.split("\t")
        current.setdefault(name, code)
    change = source / "china_location_change.txt"
    if change.exists():
        for line in change.read_text(encoding="utf-8").splitlines():
            if "=>" not in line:
                continue
            old, new = line.split("=>", 1)
            old_names = [w for w in old.split("\t")[2:] if w and w[-1] in _DIVISION_ENDS + "区"]
            new_names = [w for w in new.split("\t") if w]
            if old_names and new_names and new_names[-1] in current and old_names[-1] not in current:
                out.append(f"former\t{current[new_names[-1]]}\t{old_names[-1]}\t\t0\t")
    return out


def _jionlp_dictionary() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("jionlp")  # finds the package without importing it (0.6 s)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("jionlp is not installed: `pip install jionlp`, then run `python -m corpus.places` again")
    return Path(list(spec.submodule_search_locations)[0]) / "dictionary"


def _jionlp_version() -> str:
    from importlib.metadata import version

    return version("jionlp")


def main() -> int:
    """``python -m corpus.places``: write ``data/divisions.tsv`` from the installed jionlp."""
    lines = build_table(_jionlp_dictionary())
    DATA.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{DATA}: {len(lines) - 1} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
