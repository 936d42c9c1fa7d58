"""The script and width of a question's characters: traditional Chinese read as simplified
(OpenCC ``t2s``; a traditional text with Taiwan's words read as the mainland's, ``tw2sp``), Cantonese words read as Mandarin (收咗幾多宗 -> 收了多少件, from
``data/cantonese.json``), invisible characters dropped, full-width digits, letters and signs made
half-width. Questions are read this way before anything else looks at them; the reports keep
their own characters.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Zero-width spaces and joiners, the byte-order mark, soft hyphens, bidi marks, variation selectors.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufe00-\ufe0f]")
# Full-width ASCII (！ to ～) and the ideographic space: their half-width forms. Chinese punctuation
# that has no ASCII twin (，。、“”) stays as it is.
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@lru_cache(maxsize=1)
def _converter():
    """The OpenCC traditional-to-simplified converter (built once: loading its dictionaries takes ~50 ms)."""
    try:
        import opencc
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ImportError("traditional characters need OpenCC: run `pip install opencc`") from exc
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _phrases():
    """OpenCC's Taiwan-to-mainland converter, phrases included (資訊 -> 信息, 網路 -> 网络)."""
    import opencc

    return opencc.OpenCC("tw2sp")


def to_simplified(text: str) -> str:
    """The text with traditional characters written as simplified ones (申請 -> 申请, 復議 -> 复议), and
    in a traditional text the words Taiwan and Hong Kong say differently in the mainland's words
    (資訊公開 -> 信息公开). Text that is already simplified, or not Chinese, comes back unchanged."""
    if not text or text.isascii():
        return text
    simplified = _converter().convert(text)
    if simplified == text:
        return simplified
    phrased = _phrases().convert(text)
    if len(phrased) != len(simplified):
        return phrased
    # a Taiwan phrase read as its characters where they are a word of the tables (複製費: 复制费, not 拷贝费)
    from qa.metric_words import glossary_surfaces

    for word in glossary_surfaces():
        if len(word) >= 2 and word in simplified and word not in phrased:
            for m in re.finditer(re.escape(word), simplified):
                phrased = phrased[:m.start()] + word + phrased[m.end():]
    return phrased


@lru_cache(maxsize=1)
def _cantonese() -> tuple[tuple[str, ...], tuple[tuple[re.Pattern, str], ...]]:
    data = json.loads((Path(__file__).parent / "data" / "cantonese.json").read_text(encoding="utf-8"))
    rules = [(re.compile(re.escape(a)), b) for a, b in data["words"]] + [(re.compile(a), b) for a, b in data["patterns"]]
    return tuple(data["markers"]), tuple(rules)


def to_mandarin(text: str) -> str:
    """Cantonese words of a (simplified) question in Mandarin: 有冇人告佢哋 -> 有没有人告他们. A question
    with no Cantonese-only word comes back unchanged (系 of 关系 stays)."""
    markers, rules = _cantonese()
    if not any(m in text for m in markers):
        return text
    for pattern, mandarin in rules:
        text = pattern.sub(mandarin, text)
    return text


# a formal, half-classical register ("兹询：…之案件，总计若干件？", "…予以公开者，计若干件"): its words in plain
# Mandarin (若干 asks how many, 之 and 者 are 的)
_CLASSICAL = ((re.compile(r"若干(?=[件条个项次人名份家起宗例元]|$|[？?，,。])"), "多少"), (re.compile(r"几何(?=[？?]|$)"), "多少"),
              (re.compile(r"^\W*(?:兹询|敬询|谨询|兹问|敢问)[：:，,]?"), "请问"),
              (re.compile(r"(?<=[\u4e00-\u9fff”」』])之(?=案件|事项|申请|行政|信息|件数|数量|情形|各)"), "的"),
              (re.compile(r"(?<=[\u4e00-\u9fff])者(?=[，,。？?]|计|共|凡|几|有(?:多少|几))"), "的"))


def plain_register(text: str) -> str:
    """A formal question's half-classical words in plain Mandarin (若干件 -> 多少件)."""
    if not any(w in text for w in ("若干", "几何", "之", "者", "兹", "敬询", "谨询", "敢问")):
        return text
    for pattern, plain in _CLASSICAL:
        text = pattern.sub(plain, text)
    return text


_SINGLE_QUOTED = re.compile(r"(?<![A-Za-z])'([A-Za-z][A-Za-z \-]{0,30}?)'(?![A-Za-z])")


def normalise(text: str) -> str:
    """A question as the reader reads it: invisible characters dropped, full-width digits and letters
    made half-width (２０２４ -> 2024), traditional characters simplified, Cantonese words in Mandarin."""
    text = _INVISIBLE.sub("", text)
    text = text.translate(_FULL_WIDTH)
    text = unicodedata.normalize("NFC", _without_tone_marks(text))
    text = _SNAKE.sub(" ", text)  # "partial_disclosure_count": the words of a column name guessed
    text = _SINGLE_QUOTED.sub(r"\1", text)  # "an 'other' outcome": a word in quotes is that word
    text = _SPACE_ENDS_A_SENTENCE.sub("。", text)  # "…几次啊 有点多吧": typed as a comment, a space for a full stop
    text = _EMOJI_ENDS_A_SENTENCE.sub("。", text)  # "…多少亿次👀 这数据也太顶了", "绝了🔥上海人社局…"
    text = _CJK_SPACED.sub("", text)  # "洪 泽 区": a name typed with spaces between its characters
    text = _YEAR_TYPED_WITH_O.sub(lambda m: m.group(0).replace("O", "0").replace("o", "0"), text)  # 2O23
    text = _YEAR_SPOKEN.sub(_spoken_year, text)  # "两千零二十四年", as voice input writes it: 2024年
    text = _YEAR_SPELT.sub(_spelt_year, text)  # "in two thousand and twenty-two", "twenty twenty-four": 2022, 2024
    text = _MOST_COMMON.sub("最多", text)  # "最常见的是哪种结果": the most, as a ranking says it
    return with_chinese_place_names(plain_register(to_mandarin(to_simplified(text))))


_MOST_COMMON = re.compile(r"最(?:常见|普遍|常遇到|常出现)")
_DIGIT_WORD = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# 两千零二十四 (2024), 两千零一十一 (2011), 两千零九 (2009), 两千 (2000), before 年 only: not a count (两千零二十四件)
_YEAR_SPOKEN = re.compile(r"[两二]千(?:零?([一二三四五六七八九])?十([一二三四五六七八九])?|零([一二三四五六七八九]))?(?=\s*年)")


_EN_UNITS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                         "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_EN_TENS = {"twenty": 20, "thirty": 30}
_EN_SMALL = r"(?:twenty|thirty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|" + "|".join(
    sorted(_EN_UNITS, key=len, reverse=True))
_YEAR_SPELT = re.compile(rf"\btwo thousand(?: and)? ({_EN_SMALL})\b(?!\s*(?:requests|cases|applications|items|yuan|"
                         rf"people|times|decisions))|\btwenty[- ]({_EN_SMALL})\b", re.I)


def _small_number(words: str) -> int:
    parts = re.split(r"[- ]", words.lower())
    return _EN_TENS.get(parts[0], 0) + (_EN_UNITS.get(parts[-1], 0) if parts[-1] not in _EN_TENS else 0) \
        if parts[0] in _EN_TENS else _EN_UNITS[parts[0]]


def _spelt_year(m: re.Match) -> str:
    """A year said in English words as digits: "two thousand and twenty-two" 2022, "twenty twenty-four" 2024."""
    if m.group(2):  # "twenty twenty-four"
        return str(2000 + _small_number(m.group(2))) if _small_number(m.group(2)) >= 10 else m.group(0)
    return str(2000 + _small_number(m.group(1)))


def _spoken_year(m: re.Match) -> str:
    tens, ones, alone = m.group(1), m.group(2), m.group(3)
    if alone:
        return str(2000 + _DIGIT_WORD[alone])
    if "十" in m.group(0):
        return str(2000 + 10 * (_DIGIT_WORD[tens] if tens else 1) + (_DIGIT_WORD[ones] if ones else 0))
    return "2000"


_YEAR_TYPED_WITH_O = re.compile(r"(?<![A-Za-z\d])(?=[\dOo]*[Oo])(?:19|2[0Oo])[\dOo]{2}(?![A-Za-z\d])")
_SNAKE = re.compile(r"(?<=[A-Za-z0-9])_+(?=[A-Za-z0-9])")
_SPACE_ENDS_A_SENTENCE = re.compile(r"(?:(?<=[啊吧呀哈嘛呢])|(?<=[\u4e00-\u9fff]))[ \t\u3000]+(?=(?:我|总)?(?:感觉|觉得|好像)|有点[多少高低])|"
                                    r"(?<=[啊吧呀哈嘛])[ \t\u3000]+(?=[\u4e00-\u9fff])")
# pictographs between words of a chat message end a sentence (those before a question mark or at the end
# are left to the rest of the reader)
_EMOJI_ENDS_A_SENTENCE = re.compile(r"(?<=[^\s。！？!?，,；;：:])[ \t\u3000]*[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]+"
                                    r"[ \t\u3000]*(?=[\u4e00-\u9fffA-Za-z0-9])")
_CJK_SPACED = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")


@lru_cache(maxsize=1)
def _exonyms() -> tuple[re.Pattern, dict[str, str]]:
    names = json.loads((Path(__file__).parent / "data" / "exonyms.json").read_text(encoding="utf-8"))["names"]
    by_lower = {k.lower(): v for k, v in names.items()}
    alternatives = "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
    return re.compile(r"(?<![A-Za-z])(?:" + alternatives + r")(?![A-Za-z])", re.I), by_lower


@lru_cache(maxsize=1)
def _nicknames() -> tuple[re.Pattern, dict[str, str]]:
    names = json.loads((Path(__file__).parent / "data" / "exonyms.json").read_text(encoding="utf-8"))["nicknames"]
    # (not a division's own name that begins the same: 琴岛区, 金陵街道)
    alternatives = "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
    return re.compile(f"(?:{alternatives})(?![区县市镇乡旗街路山])"), names


def with_chinese_place_names(text: str) -> str:
    """Places English writes by a name that is not their pinyin (Xilingol, Oroqen, Urumqi, Harbin) and
    places people call by a nickname (岚岛, 鹭岛, 羊城: ``data/exonyms.json``) in the Chinese the gazetteer
    knows; other text unchanged."""
    pattern, names = _nicknames()
    text = pattern.sub(lambda m: names[m.group(0)], text)
    if not re.search(r"[A-Za-z]{3}", text):
        return text
    pattern, by_lower = _exonyms()
    return pattern.sub(lambda m: by_lower[m.group(0).lower()], text)


_TONED = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")


def _without_tone_marks(text: str) -> str:
    """Pinyin written with its tone marks (Hóngzé, Huái'ān, lǜ) as plain letters (Hongze, Huai'an, lu)."""
    if not _TONED.search(text):
        return text
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
