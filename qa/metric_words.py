"""The words of a metric: what people say (Chinese, English, pinyin) mapped onto the words the
tables print, as *slots*.

A slot is a piece of the question's wording with the label words it may appear as: ``打官司``
may appear as 行政诉讼, ``fax`` as 传真, ``xingzheng fuyi`` as 行政复议. The vocabulary is data
(``data/glossary.json``); pinyin spellings of its Chinese words are made from it with pypinyin,
so that a question typed without a Chinese keyboard reads the same. Nothing here knows
particular questions.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from qa.operation_words import OPERATION_WORDS

_GLOSSARY = Path(__file__).parent / "data" / "glossary.json"
CJK = re.compile(r"[\u4e00-\u9fff]")
_STOP_SINGLE = set("的了吗呢是在被该这那啊吧谁")  # particles and 谁: they split the wording wherever they stand
_STOP_EDGE = set("年占比率因共个件条次名")  # measure and question words: dropped at the ends of a piece (阅读次数 keeps 次)
_EDGE = _STOP_EDGE | set("“”《》")  # and quotes, also one an edge word's dropping exposes ("因“属于")


@dataclass(frozen=True)
class Slot:
    """A piece of the metric: its wording in the question and the label words it may appear as.
    ``key``: the canonical key (docs/canonical-keys.md) the glossary ties the wording to, if any."""

    text: str
    alternatives: tuple[str, ...]
    weight: float = 1.0
    key: str = ""

    @property
    def from_glossary(self) -> bool:
        """Whether the wording is a glossary word (not a free piece of the question)."""
        return self.alternatives != (self.text,) or self.text in _glossary_surfaces()


@lru_cache(maxsize=1)
def glossary() -> dict:
    """The glossary data (``qa/data/glossary.json``)."""
    return json.loads(_GLOSSARY.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def column_groups() -> dict[str, frozenset[str]]:
    """The column groups the tables sum, by the group's column (法人或其他组织: 商业企业, 科研机构 …)."""
    return {d["column"]: frozenset(d["parts"]) for d in glossary()["derived"] if "column" in d}


@lru_cache(maxsize=1)
def _glossary_surfaces() -> frozenset[str]:
    return frozenset(s for s, _, _, _ in _zh_terms())


@lru_cache(maxsize=1)
def glossary_surfaces() -> frozenset[str]:
    """Every wording the glossary's terms know, Chinese as written, English in lower case."""
    return _glossary_surfaces() | {e.lower() for term in glossary()["terms"] for e in term["en"]}


@lru_cache(maxsize=1)
def _zh_terms() -> list[tuple[str, tuple[str, ...], float, str]]:
    out = []
    for term in glossary()["terms"]:
        for surface in dict.fromkeys(term["zh"] + [m for m in term["means"] if len(m) >= 2]):
            out.append((surface, tuple(dict.fromkeys([surface, *term["means"]])), term.get("weight", 1.0),
                        term.get("key", "")))
    return sorted(out, key=lambda t: -len(t[0]))


def stem_words(text: str) -> str:
    """English words lower-cased and crudely stemmed (requests -> request, repealed -> repeal,
    disclosing -> disclos), separated by single spaces; anything else becomes ``|``."""
    words = []
    for word in re.findall(r"[a-z0-9'’]+|[^a-z0-9'’\-\s]+", text.lower()):  # new-media: new media
        if not re.match(r"[a-z0-9]", word):
            words.append("|")
            continue
        word = word.replace("’", "'")
        for suffix in ("ing", "ed", "es", "s", "e"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
                word = word[: -len(suffix)]
                break
        words.append(word)
    return " ".join(words)


_FUNCTION_CHARS = re.compile(r"了|多少|几|个|件|起|宗|单|份|项|都|就|的|过")


def _pinyin_spellings(word: str) -> list[str]:
    """``行政复议`` -> ["xingzheng fuyi"-like spellings]: syllables apart and run together."""
    try:
        from pypinyin import lazy_pinyin
    except ImportError:  # pragma: no cover - a dependency of the package
        return []
    syllables = lazy_pinyin(word)
    if len(syllables) < 2 or not all(s.isascii() and s.isalpha() for s in syllables):
        return []
    if len(_FUNCTION_CHARS.sub("", word)) < 2:
        return []  # one syllable of meaning among function words ("罚了多少": fa le duoshao is 发了多少 too)
    spaced = " ".join(syllables)
    joined = "".join(syllables)
    # two-character words are usually typed as one word ("fuyi"), longer ones by word ("xingzheng fuyi")
    pairs = " ".join("".join(syllables[i:i + 2]) for i in range(0, len(syllables), 2))
    return list(dict.fromkeys([spaced, joined, pairs]))


@lru_cache(maxsize=1)
def _en_terms() -> list[tuple[re.Pattern, str, tuple[str, ...], float, str]]:
    out = []
    for term in glossary()["terms"]:
        surfaces = list(term["en"])
        # pinyin of the Chinese words; short spellings ("fu yi", "anquan") are too close to English
        # words and to place names, so only those of six letters or more
        for zh in term["zh"] + term["means"]:
            surfaces += [p for p in _pinyin_spellings(zh) if len(p.replace(" ", "")) >= 6]
        for surface in dict.fromkeys(surfaces):
            stemmed = stem_words(surface)
            pattern = re.compile(r"(?<![a-z0-9])" + re.escape(stemmed) + r"(?![a-z0-9])")
            out.append((pattern, surface, tuple(term["means"]), term.get("weight", 1.0), term.get("key", "")))
    return sorted(out, key=lambda t: -len(t[1]))


@lru_cache(maxsize=1)
def _stop_phrases() -> tuple[str, ...]:
    words = glossary()["stop"] + glossary()["neutral"] + list(OPERATION_WORDS)
    return tuple(sorted((w for w in words if len(w) > 1), key=len, reverse=True))


# words a stop phrase must not cut in half: 多少条数据 is 多少 / 条 / 数据, not 条数 (a count) and 据;
# 数字政府 is a topic, not the neutral 数字 ("the figure") and 政府
_WHOLE_WORDS = re.compile(r"数据|数字(?:政府|化|经济|乡村|城市|平台|人民币)")


def _without_phrase(text: str, phrase: str) -> str:
    """``text`` with each occurrence of a stop phrase replaced by ``|``, except where it would take only
    part of a word that must stay whole (``_WHOLE_WORDS``)."""
    if phrase not in text:
        return text
    whole = [m.span() for m in _WHOLE_WORDS.finditer(text)]
    out, i = [], 0
    while True:
        j = text.find(phrase, i)
        if j < 0:
            break
        end = j + len(phrase)
        cut = any(a < end and j < b and not (j <= a and b <= end) for a, b in whole)
        out.append(text[i:j] + (phrase if cut else "|"))
        i = end
    return "".join(out) + text[i:]


# "有几个人全职搞信息公开": how many people, not 个人 (an individual applicant)
_HOW_MANY_PEOPLE = re.compile(r"有?(?:几|多少)个人")


def _zh_slots(text: str) -> list[Slot]:
    """Slots of the Chinese parts: glossary terms first, then the remaining wording in chunks."""
    slots: list[Slot] = []
    text = _HOW_MANY_PEOPLE.sub(lambda m: "|" * len(m.group(0)), text)
    taken = [False] * len(text)
    for surface, alternatives, weight, key in _zh_terms():
        start = text.find(surface)
        while start >= 0:
            if not any(taken[start:start + len(surface)]):
                slots.append(Slot(surface, alternatives, 3.0 * weight, key))
                for i in range(start, start + len(surface)):
                    taken[i] = True
            start = text.find(surface, start + 1)
    rest = "".join("|" if taken[i] else ch for i, ch in enumerate(text))
    for phrase in _stop_phrases():
        rest = _without_phrase(rest, phrase)
    for chunk in re.split(r"[^\u4e00-\u9fff0-9A-Za-z《》“”]+", rest):
        chunk = "".join("|" if ch in _STOP_SINGLE else ch for ch in chunk)
        for piece in chunk.split("|"):
            while piece and (piece[0] in _EDGE or piece[-1] in _EDGE):
                piece = piece[1:] if piece[0] in _EDGE else piece[:-1]
            if len(piece) >= 2 and CJK.search(piece):
                slots.append(Slot(piece, (piece,), float(len(piece))))
    return slots


@lru_cache(maxsize=1)
def _en_first_words() -> tuple[str, ...]:
    """The first stemmed word of every English (and pinyin) term, in ``_en_terms`` order."""
    return tuple(stem_words(surface).split(" ")[0] for _, surface, _, _, _ in _en_terms())


_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao"
             r"|ou|an|en|er|in|un|ia|ie|iu|ua|uo|ue|ui|ve|a|o|e|i|u|v)")
_PINYIN_WORD = re.compile(f"(?:{_SYLLABLE})+")


def _pinyin_runs(text: str) -> list[str]:
    """A question typed in pinyin with its syllables spaced as the writer pleased ("shang nian jiezhuan"):
    the runs of pinyin words run together ("shangnianjiezhuan…"), each word's start and end kept as
    ``|`` marks so a term must begin and end where a word does. [] when the text is not mostly pinyin."""
    words = re.findall(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]+", text.lower())
    latin = [w for w in words if w.isalpha() and w.isascii()]
    pinyin = [w for w in latin if _PINYIN_WORD.fullmatch(w)]
    if len(latin) < 3 or len(pinyin) < 0.7 * len(latin):
        return []
    runs, run = [], []
    for w in words:
        if w in pinyin or (w.isalpha() and w.isascii() and _PINYIN_WORD.fullmatch(w)):
            run.append(w)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return ["|" + "|".join(r) + "|" for r in runs if len(r) >= 2]


@lru_cache(maxsize=1)
def _pinyin_patterns() -> list[tuple[re.Pattern, str, tuple[str, ...], float, str]]:
    """Each glossary word's syllables in order, any of them apart or together, from a word edge to a
    word edge of a run made by ``_pinyin_runs``."""
    out = []
    for term in glossary()["terms"]:
        for zh in term["zh"] + term["means"]:
            spellings = _pinyin_spellings(zh)
            if spellings and len(spellings[1]) >= 6:
                pattern = re.compile(r"\|" + r"\|?".join(map(re.escape, spellings[0].split(" "))) + r"\|")
                out.append((pattern, zh, tuple(dict.fromkeys([zh, *term["means"]])), term.get("weight", 1.0),
                            term.get("key", "")))
    return out


def _pinyin_slots(text: str, found: set[str]) -> list[Slot]:
    """Glossary terms whose pinyin the question types with other spacing than the spellings tried
    by ``_en_terms`` ("shang nian jiezhuan" for 上年结转)."""
    runs = _pinyin_runs(text)
    slots = []
    for pattern, zh, alternatives, weight, key in (_pinyin_patterns() if runs else ()):
        if zh not in found and any(pattern.search(r) for r in runs):
            slots.append(Slot(zh, alternatives, 3.0 * weight, key))
            found.add(zh)
    return slots


# "the Shanghai Municipal People's Government": part of an agency's name, not the people who asked
_PEOPLES_GOVERNMENT = re.compile(r"\bpeople'?s?\W{0,2}s?\s+(?:government|congress|court|procuratorate)\b", re.I)


def _en_slots(text: str) -> list[Slot]:
    stemmed = stem_words(_PEOPLES_GOVERNMENT.sub(" ", text))
    words = set(stemmed.split(" "))
    slots: list[Slot] = []
    for first, (pattern, surface, means, weight, key) in zip(_en_first_words(), _en_terms()):
        if first not in words:  # most terms: their first word is not in the question at all
            continue
        m = pattern.search(stemmed)
        if m:
            slots.append(Slot(surface, means, 3.0 * weight, key))
            stemmed = stemmed[:m.start()] + "|" * (m.end() - m.start()) + stemmed[m.end():]
    said = {s.text for s in slots} | {a for s in slots for a in s.alternatives}
    return slots + [s for s in _pinyin_slots(text, set(said)) if not (set(s.alternatives) & said)]


@lru_cache(maxsize=1)
def _one_off() -> dict[str, tuple[str, ...]]:
    """Glossary words by their spelling with one character left out (申?: 申请)."""
    index: dict[str, list[str]] = {}
    for surface in _glossary_surfaces():
        if 2 <= len(surface) <= 8 and CJK.fullmatch(surface[0]) and all(CJK.match(c) for c in surface):
            for i in range(len(surface)):
                index.setdefault(surface[:i] + "?" + surface[i + 1:], []).append(surface)
    return {k: tuple(v) for k, v in index.items()}


def sounds_alike(a: str, b: str) -> bool:
    """Two characters an input method gives for one spelling (清/请 qing, 亲/请 qin/qing, 述/诉 shu/su)."""
    from pypinyin import lazy_pinyin

    pa, pb = (_FLAT.sub(r"\1", p) for p in (lazy_pinyin(a)[0], lazy_pinyin(b)[0]))
    return pa == pb or (pa.rstrip("g") == pb.rstrip("g") and pa[-1:] in "ng" and pb[-1:] in "ng")


# zh/ch/sh typed as z/c/s and back (起述 for 起诉, su/shu): the slip fuzzy-pinyin input methods allow
_FLAT = re.compile(r"^([zcs])h")


def words_taken(text: str, words) -> list[bool]:
    """Which characters of ``text`` stand in one of ``words`` as written: they are not respelt."""
    taken = [False] * len(text)
    for surface in words:
        start = text.find(surface)
        while start >= 0:
            taken[start:start + len(surface)] = [True] * len(surface)
            start = text.find(surface, start + 1)
    return taken


def respell(text: str, index: dict, lengths, taken: list[bool], *, beside_taken: bool = False
            ) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The text with each run of Chinese characters (longest first, ``lengths``) that is one
    same-sounding character off a word of ``index`` (a word by its spelling with one character left
    out, 申?: 申请) put right, and the (written, read) pairs; characters ``taken`` are left as they are (with
    ``beside_taken``, a window of four or more may hold some, so long as the character respelt is not one)."""
    fixes = []
    for length in lengths:
        for start in range(len(text) - length + 1):
            window = text[start:start + length]
            near = beside_taken and length >= 4  # (a short word beside a known one is too easily another word)
            if (all if near else any)(taken[start:start + length]) or not all(CJK.match(c) for c in window):
                continue
            for i in range(length):
                if taken[start + i]:
                    continue  # (the character respelt stands in no word of the glossary: "主冻公开", not 公开)
                for word in index.get(window[:i] + "?" + window[i + 1:], ()):
                    if word != window and sounds_alike(window[i], word[i]) and not _commoner(window, word):
                        fixes.append((window, word))
                        text = text[:start] + word + text[start + length:]
                        taken[start:start + length] = [True] * length
                        break
                else:
                    continue
                break
    return text, tuple(fixes)


@lru_cache(maxsize=1)
def _word_counts():
    """jieba's word counts (with the domain dictionary), looked up word by word from the prepared
    dictionary file that BM25's segmenter keeps: no second load of jieba's whole dictionary."""
    from index.segment import Segmenter

    return Segmenter(for_queries=True).tokenizer.FREQ


def _commoner(written: str, word: str) -> bool:
    """Whether what was written is itself a word, more common than the one it would be read as
    (引发 "cause" is not a slip for 印发 "issue"), by jieba's dictionary counts."""
    counts = _word_counts()
    freq = counts.get(written) or 0
    return freq > 0 and freq > (counts.get(word) or 0)


def homophone_fixes(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The text with metric words an input method misspelt by one same-sounding character put right
    ("新收申清" → "新收申请"), and the (written, read) pairs, to be stated with the answer. Only
    wording no glossary word covers is touched."""
    # (发了 "issued" is a word of these reports in its own right, never a slip for 罚了 "fined")
    taken = words_taken(text, (*_glossary_surfaces(), *_stop_phrases(), "分别", "各自", "各是", "各有", "多少", "发了"))
    return respell(text, _one_off(), range(6, 1, -1), taken, beside_taken=True)  # "主冻公开": 公开 is a word


@lru_cache(maxsize=1)
def _initials() -> dict[str, tuple[str, tuple[str, ...], float, str]]:
    """Glossary words of three characters or more by the initials of their pinyin (xzfy: 行政复议,
    ysq: 依申请), as people type them in a Chinese sentence; initials two words share are left out."""
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:  # pragma: no cover - a dependency of the package
        return {}
    found: dict[str, set] = {}
    for surface, alternatives, weight, key in _zh_terms():
        if len(surface) >= 3 and all("\u4e00" <= ch <= "\u9fff" for ch in surface):
            letters = "".join(lazy_pinyin(surface, style=Style.FIRST_LETTER))
            found.setdefault(letters, set()).add((surface, alternatives, weight, key))
    out = {}
    for letters, words in found.items():
        meanings = {(a[1:], k) for _, a, _, k in words}
        if len(meanings) == 1:
            out[letters] = min(words, key=lambda w: len(w[0]))
    return out


_LATIN_TOKEN = re.compile(r"(?<![A-Za-z])[A-Za-z]{3,6}(?![A-Za-z])")  # a word of Latin letters initials may be


def _initials_slots(text: str) -> list[Slot]:
    """Slots of pinyin initials typed in a Chinese question ("平潭二五年xzfy几件")."""
    slots = []
    for token in _LATIN_TOKEN.findall(text):
        if token.lower() == token or token.upper() == token:
            word = _initials().get(token.lower())
            if word:
                surface, alternatives, weight, key = word
                slots.append(Slot(surface, alternatives, 3.0 * weight, key))
    return slots


@lru_cache(maxsize=8192)
def metric_slots(text: str) -> tuple[Slot, ...]:
    """The slots of a piece of question text (Chinese, English, pinyin or a mix)."""
    slots = []
    if CJK.search(text):
        text = _TOTAL_APART.sub(_total_joined, text)  # "“本年度办理结果”那一栏的总计": the term 办理结果总计
        typed = _initials_slots(text)
        if typed:  # the initials are read as their words, not as letters of the wording around them
            text = _LATIN_TOKEN.sub(lambda m: " " if _initials().get(m.group(0).lower()) else m.group(0), text)
        slots = _zh_slots(text) + typed
    if re.search(r"[A-Za-z]{2}", text):
        slots += _en_slots(re.sub(r"[\u4e00-\u9fff]+", " | ", text))
    # Numbers that name something (the 12333 hotline, 962218): the sentence must say them too.
    for m in re.finditer(r"(?<![\d.])\d{3,}(?![\d.])", text):
        slots.append(Slot(m.group(0), (m.group(0),), 2.0))
    seen, out = set(), []
    for s in slots:
        if s.alternatives not in seen:
            seen.add(s.alternatives)
            out.append(s)
    return tuple(out)


# a label, then its total said apart: "办理结果的总计", "“本年度办理结果”那一栏的合计"
_TOTAL_APART = re.compile(r"((?:(?!的|一栏|那一?栏|这一?栏|栏)[\u4e00-\u9fff]){2,8})[”\"’']?\s*(?:的|一栏的?|那一?栏(?:里)?的?|这一?栏(?:里)?的?|栏的?)?\s*(?:总计|合计)")


def _total_joined(m: re.Match) -> str:
    said = m.group(1)
    return said + "总计" if any(said.endswith(t[:-2]) for t in _total_terms()) else m.group(0)


@lru_cache(maxsize=1)
def _total_terms() -> frozenset[str]:
    """The glossary's wordings that are a label and its total as one term (办理结果总计)."""
    g = glossary()
    words = [w for entry in g["keys"].values() for w in entry.get("zh", [])]
    words += [w for term in g["terms"] for w in term["zh"] + term.get("means", [])]
    return frozenset(w for w in words if w.endswith("总计") and len(w) > 2)


@lru_cache(maxsize=1)
def rate_terms() -> list[dict]:
    """Rates the tables do not print (公开率: disclosed ÷ handled), longest wording first: each
    with ``zh``/``en`` wordings, ``numerator`` (label words of each addend) and ``denominator``."""
    rates = glossary().get("rates", [])
    return sorted(rates, key=lambda r: -max(len(w) for w in r["zh"] + r["en"]))


def find_rate(text: str) -> tuple[dict, tuple[int, int]] | None:
    """The rate a question names and where, or None."""
    low = text.lower()
    found = []
    for rate in rate_terms():
        if any(w in text for w in rate.get("except", ())):
            continue  # "主动公开率": another rate, one the report prints
        for w in rate["zh"]:
            i = text.find(w)
            if i >= 0:
                found.append((rate, (i, i + len(w))))
        for w in rate["en"]:
            m = re.search(r"(?<![a-z])" + re.escape(w.lower()) + r"(?![a-z])", low)
            if m:
                found.append((rate, m.span()))
    # the longest words said name the rate: 部分公开率 / partial-disclosure rate, not 公开率 / disclosure rate
    return max(found, key=lambda rs: rs[1][1] - rs[1][0]) if found else None


@lru_cache(maxsize=1)
def column_labels() -> tuple[str, ...]:
    return tuple(label for table in glossary()["columns"].values() for entry in table.values()
                 if not entry.get("neutral") for label in entry["zh"] if label not in ("其他", "总计"))


def names_a_column(slot: Slot) -> bool:
    """Whether a word names a column of the national tables (制发, 废止, 维持, 纠正), not a row."""
    labels = column_labels()
    return not slot.key and any(len(alt) >= 2 and alt not in NOT_COLUMNS and any(alt in label for label in labels)
                                for alt in slot.alternatives)


NOT_COLUMNS = {"其他", "总计", "合计", "数量", "件数", "本年", "结果"}  # words of rows and columns alike
