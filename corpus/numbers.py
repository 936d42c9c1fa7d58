"""Numbers as reports print them: a table cell or a prose figure read into a ``Quantity``.

``read_quantity("8.3万余件")`` gives ``Quantity(83000.0, "件", approximate=True, raw="8.3万余件")``.
Values are in base units: 万/亿/千 are multiplied out (``18651.06万元`` is 186510600 元), a
percentage keeps its printed value (``56%`` is 56 with unit ``%``). Text that is not exactly one
quantity (a label, a dash, ``无``, two numbers, a malformed number such as ``2.5.1``) gives
``None``: a wrong number is worse than none.

Chinese numerals are read by a small converter here rather than by ``cn2an``: ``cn2an`` costs
about 0.3 s to import (the ask path has a 2.5 s cold-start budget) and its lenient modes accept
forms we must refuse. The tests check this converter against ``cn2an`` over 0..99999.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Optional

__all__ = [
    "Quantity",
    "Scale",
    "read_quantity",
    "read_year",
    "read_chinese_numeral",
    "header_scale",
    "UNITS",
    "APPROX_PREFIXES",
    "APPROX_SUFFIXES",
]


@dataclass(frozen=True)
class Quantity:
    """One number as printed: value in base units, its unit, whether it is approximate."""

    value: float
    unit: Optional[str]
    approximate: bool
    raw: str


@dataclass(frozen=True)
class Scale:
    """A unit stated once for a whole table or column, e.g. ``（单位：万元）`` -> 10000 × 元.

    ``unit`` applies to bare cells; ``factor`` multiplies them.
    """

    factor: Decimal
    unit: Optional[str]


# ---------------------------------------------------------------- vocabulary

_CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_SMALL_UNITS) + "".join(_CN_BIG_UNITS) + "点"

# Scale words after an Arabic number: 2332万, 11.61亿, 3千 (longest first).
_SCALE_WORDS = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4,
                "千": Decimal(1000), "百": Decimal(100)}

# Units that may follow a number. A trailing word not listed here makes the text "not a
# quantity" rather than a guess; extend the list when real reports show a new unit.
UNITS: tuple[str, ...] = tuple(sorted({
    "%", "‰", "个百分点", "百分点", "倍",
    "元", "人民币元",
    "件", "个", "次", "人", "人次", "条", "批次", "批", "家", "篇", "项", "场", "期", "份",
    "本", "册", "户", "名", "位", "部", "套", "台", "张", "页", "封", "座", "所", "起", "宗",
    "单", "例", "类", "种", "组", "群", "款", "处", "卷", "盒", "幅", "集", "门", "栏", "通", "通次",
    "个栏目", "栏目", "个工作日", "工作日", "天", "小时", "分钟", "秒", "个月", "周",
    "人/次", "件次", "期次", "场次", "户次", "条次", "篇次", "个次", "份次",
    "所次", "家次", "批次", "万人次", "网页", "个网站", "个部门", "个单位", "个乡镇",
    "GB", "MB", "KB", "TB",
}, key=lambda u: (-len(u), u)))

APPROX_PREFIXES: tuple[str, ...] = ("大约", "将近", "接近", "超过", "不足", "不到", "约", "近", "逾", "超")
APPROX_SUFFIXES: tuple[str, ...] = ("左右", "上下", "以上", "以下", "以内", "余", "多", "许")
_APPROX_INFIX = ("余", "多")

_NOT_A_QUANTITY = {"", "-", "—", "——", "–", "/", "／", "无", "空", "不详", "暂无", "…", "……", "*", "×", "x", "X"}

_ARABIC = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_DIGITS_APART = re.compile(r"[0-9.,零〇一二两三四五六七八九十百千][\s\u200b]+[0-9.,零〇一二两三四五六七八九]")
_SPACES = re.compile(r"[\s\u200b\u3000\xa0]+")
_YEAR = re.compile(r"([0-9]{4}|[零〇○一二三四五六七八九]{4})\s*(?:年度?)?")


def _normalise(text: str) -> str:
    """Full-width digits and signs to ASCII (NFKC); every minus sign to '-'."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("−", "-").replace("﹣", "-").replace("‐", "-").strip()


# ---------------------------------------------------------------- Chinese numerals


def _small_section(s: str, leading: bool) -> Optional[int]:
    """A numeral below 10000 (no 万/亿), e.g. 三千零五十; ``leading`` allows a bare 十 first."""
    if not s:
        return None
    total, digit, last_unit = 0, None, 10**4
    after_zero = follows_unit = False
    for i, ch in enumerate(s):
        if ch in _CN_DIGITS:
            value = _CN_DIGITS[ch]
            if digit is not None:
                return None  # two digits in a row (二三) is not positional
            if value == 0:
                if after_zero or not follows_unit or i == len(s) - 1:
                    return None  # 零 only between a unit and a digit: 一百零五
                after_zero, follows_unit = True, False
                continue
            digit = value
        elif ch in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[ch]
            if unit >= last_unit:
                return None
            if digit is None:
                if not (unit == 10 and i == 0 and leading):
                    return None
                digit = 1  # 十三
            total += digit * unit
            last_unit, digit, after_zero, follows_unit = unit, None, False, True
        else:
            return None
    if digit is not None:
        if follows_unit and last_unit >= 100:
            total += digit * last_unit // 10  # 三千五 = 3500, 一百一 = 110
        else:
            total += digit
    return total


def _integer_numeral(s: str, leading: bool = True) -> Optional[int]:
    """A positional Chinese integer with 万/亿, or a digit string such as 二〇一一."""
    if not s:
        return None
    if all(ch in _CN_DIGITS for ch in s):
        if len(s) == 1:
            return _CN_DIGITS[s]
        if s[0] in "两兩" or _CN_DIGITS[s[0]] == 0:
            return None
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    big_char = next((c for c in "亿億万萬" if c in s), None)
    if big_char is None:
        return _small_section(s, leading)
    big = _CN_BIG_UNITS[big_char]
    head, _, tail = s.rpartition(big_char)
    high = _integer_numeral(head, leading)
    if not high:
        return None
    if not tail:
        return high * big
    if any(c in "亿億" for c in tail) or (big == 10**4 and any(c in "万萬" for c in tail)):
        return None
    if _CN_DIGITS.get(tail[0]) == 0:
        low = _integer_numeral(tail[1:], leading=True)
        if not low or low >= big // 10:
            return None  # 一万零五千 is malformed
    elif len(tail) == 1 and tail in _CN_DIGITS:
        low = _CN_DIGITS[tail] * big // 10  # 两万三 = 23000
    else:
        low = _integer_numeral(tail, leading=False)
        if low is None or (len(tail) > 1 and all(c in _CN_DIGITS for c in tail)):
            return None  # 一万二三 is not a numeral
    if low >= big:
        return None
    return high * big + low


def read_chinese_numeral(text: str) -> Optional[float]:
    """Read a Chinese numeral: 十三 -> 13, 一百零五 -> 105, 两千 -> 2000, 二〇一一 -> 2011.

    Also 负五 -> -5 and 五十三点五 -> 53.5. Returns None for anything that is not exactly one
    well-formed numeral.
    """
    s = _SPACES.sub("", text.strip())
    sign = 1
    if s.startswith("负"):
        sign, s = -1, s[1:]
    if not s:
        return None
    if "点" in s:
        whole, _, frac = s.partition("点")
        if not frac or not all(ch in _CN_DIGITS for ch in frac) or any(ch in "两兩" for ch in frac):
            return None
        integer = _integer_numeral(whole)
        if integer is None:
            return None
        digits = "".join(str(_CN_DIGITS[ch]) for ch in frac)
        return sign * float(Decimal(f"{integer}.{digits}"))
    integer = _integer_numeral(s)
    return None if integer is None else float(sign * integer)


# ---------------------------------------------------------------- quantities


def _strip_markers(s: str) -> tuple[str, bool]:
    """Remove approximation words before and after the number; say whether any was there."""
    approximate = False
    changed = True
    while changed:
        changed = False
        for prefix in APPROX_PREFIXES:
            if s.startswith(prefix) and len(s) > len(prefix):
                s, approximate, changed = s[len(prefix):], True, True
                break
        for suffix in ("左右", "上下", "以上", "以下", "以内"):
            if s.endswith(suffix) and len(s) > len(suffix):
                s, approximate, changed = s[: -len(suffix)], True, True
                break
    return s, approximate


def _read_tail(tail: str) -> Optional[tuple[Decimal, Optional[str], bool]]:
    """Read what follows a number: scale words, 余/多, a unit, in the orders reports use."""
    factor, approximate, unit = Decimal(1), False, None
    while tail:
        for word, size in _SCALE_WORDS.items():
            if tail.startswith(word):
                factor *= size
                tail = tail[len(word):]
                break
        else:
            if tail[0] in _APPROX_INFIX:
                approximate, tail = True, tail[1:]
                continue
            break
    if tail:
        if tail in UNITS:
            unit = tail
        elif tail[-1] in _APPROX_INFIX and tail[:-1] in UNITS:
            unit, approximate = tail[:-1], True  # 100件余
        else:
            return None
    return factor, unit, approximate


def _split_chinese(s: str) -> tuple[str, str]:
    """Split a leading Chinese numeral from the rest (十三件 -> 十三, 件)."""
    end = 0
    while end < len(s) and s[end] in _CN_CHARS:
        end += 1
    return s[:end], s[end:]


def read_quantity(text: str, scale: Optional[Scale] = None) -> Optional[Quantity]:
    """Read one quantity from a cell or a prose figure.

    ``scale`` (see ``header_scale``) applies a table's stated unit to a bare cell:
    ``read_quantity("18651.064104", Scale(Decimal(10000), "元"))`` is 186510641.04 元. A cell
    with its own unit or scale word is read as printed.
    Returns None when the text is not exactly one quantity.
    """
    if not isinstance(text, str):
        return None
    raw = text.strip()
    s = _normalise(raw)
    if _DIGITS_APART.search(s):
        return None  # 13 35 is two numbers, not 1335
    s = _SPACES.sub("", s)
    if s in _NOT_A_QUANTITY or len(s) > 40:
        return None
    s, approximate = _strip_markers(s)
    percent_word = False
    if s.startswith("百分之"):
        s, percent_word = s[3:], True
    sign = Decimal(1)
    if s[:1] in ("-", "+"):
        sign = Decimal(-1) if s[0] == "-" else Decimal(1)
        s = s[1:]
    elif s.startswith("负"):
        sign, s = Decimal(-1), s[1:]
    match = _ARABIC.match(s)
    if match:
        number_text, tail = match.group(0), s[match.end():]
        if tail and (tail[0] in ".," or tail[0].isdigit() or tail[0] in _CN_DIGITS):
            return None  # 2.5.1, 1,23, 12.
        try:
            number = Decimal(number_text.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
            return None
        if len(number_text) > 1 and number_text[0] == "0" and number_text[1] != ".":
            return None  # 007 is a code, not a count
    else:
        head, tail = _split_chinese(s)
        number = None
        # Prefer the longest numeral; give scale characters back to the tail if needed (三万元).
        for cut in range(len(head), 0, -1):
            value = read_chinese_numeral(head[:cut])
            if value is not None:
                number, tail = Decimal(str(value)), head[cut:] + tail
                break
        if number is None:
            return None
        if tail[:1].isdigit():
            return None
    read = _read_tail(tail)
    if read is None:
        return None
    factor, unit, tail_approximate = read
    if percent_word:
        if unit is not None or factor != 1:
            return None
        unit = "%"
    approximate = approximate or tail_approximate
    if scale is not None and unit is None and factor == 1 and not percent_word:
        factor, unit = scale.factor, scale.unit
    value = sign * number * factor
    return Quantity(float(value), unit, approximate, raw)


_HEADER_UNIT = re.compile(r"[（(]?\s*(?:计量)?单位\s*[:：]?\s*([^）)\s，,;；]+)\s*[）)]?|[（(]\s*([^）)]+)\s*[）)]")


def header_scale(text: str) -> Optional[Scale]:
    """The unit a header states for its cells: '（单位：万元）' -> Scale(10000, '元').

    Also '单位：件', '(万元)', a bare '万元' or '%'. Returns None when the header states no unit.
    """
    s = _normalise(text)
    candidates = []
    for match in _HEADER_UNIT.finditer(s):
        candidates.append(match.group(1) or match.group(2))
    candidates.append(_SPACES.sub("", s))
    for candidate in candidates:
        candidate = _SPACES.sub("", candidate)
        factor = Decimal(1)
        for word, size in _SCALE_WORDS.items():
            if candidate.startswith(word) and word != "百":
                factor, candidate = size, candidate[len(word):]
                break
        if candidate in UNITS:
            return Scale(factor, candidate)
        if not candidate and factor != 1:
            return Scale(factor, None)
    return None


def read_year(text: str) -> Optional[int]:
    """Read a year: '2024', '2024年', '2024年度', '二〇二四年', '二零二四' -> 2024.

    Returns None unless the text is exactly one year between 1900 and 2199.
    """
    s = _SPACES.sub("", _normalise(text))
    match = _YEAR.fullmatch(s)
    if not match:
        return None
    digits = match.group(1)
    if not digits.isdigit():
        digits = "".join(str(_CN_DIGITS[ch]) for ch in digits)
    year = int(digits)
    return year if 1900 <= year <= 2199 else None
