"""Which encoding a report's bytes are in, and whether the decoded text is Chinese or mojibake.

Reports come in UTF-8, GBK/GB18030 (simplified) or Big5 (traditional). Several of these decode
the same bytes without error — Big5 bytes are nearly all valid GBK, and a Latin-1 text can be
too — so "decodes without error" is not enough: the decoded text must read as Chinese. The test
is how common its Chinese characters are: in a real report nearly every character is among the
frequent ones of its script (GB2312's 3,755 level-1 ones for simplified text, Big5's 5,401 for
traditional text); Big5 read as GBK, or GBK read as Big5, puts a third or more of its characters
among the rare ones. The text is kept as written (Big5 stays traditional).

``decode_report(data, name, declared)`` returns (text, encoding) or raises ``ReportError`` for an
encoding outside UTF-8/GBK/GB18030/Big5 or text that decodes only to mojibake.
"""
from __future__ import annotations

import codecs
import functools
import re
from collections import Counter
from typing import Optional

from corpus.errors import ReportError

READ_ENCODINGS = "UTF-8, GBK, GB18030 or Big5"
SAMPLE_CHARS = 200_000  # enough characters to judge a whole report
MIN_HAN_TO_JUDGE = 20  # fewer Chinese characters than this: no judgement (an English or number text)
MIN_COMMON_SHARE = 0.85  # real reports: 0.95+; mojibake: 0.3-0.6
MAX_REPLACED_SHARE = 0.001  # characters lost to broken bytes in a text decoded leniently
_ALIASES = {
    "utf8": "utf-8", "utf-8": "utf-8", "utf-8-sig": "utf-8-sig",
    "gb2312": "gb18030", "gbk": "gb18030", "gb-2312": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
    "gb18030": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030",
    "big5": "big5", "big-5": "big5", "cp950": "cp950", "big5-hkscs": "big5hkscs", "big5hkscs": "big5hkscs",
    "x-x-big5": "big5",
}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def canonical(name: str) -> Optional[str]:
    """The codec reportqa reads for an encoding name (GBK and GB2312 as GB18030), else None."""
    return _ALIASES.get(name.strip().lower().replace("_", "-"))


@functools.lru_cache(maxsize=None)
def _common(family: str) -> frozenset[str]:
    """The frequent Chinese characters of a script: GB2312's level-1 characters (simplified,
    B0A1-D7F9), or Big5's (traditional, A440-C67E)."""
    chars = set()
    if family == "simplified":
        for lead in range(0xB0, 0xD8):
            for trail in range(0xA1, 0xFF):
                try:
                    chars.add(bytes((lead, trail)).decode("gb2312"))
                except UnicodeDecodeError:
                    pass
    else:
        for lead in range(0xA4, 0xC7):
            for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
                try:
                    chars.add(bytes((lead, trail)).decode("big5"))
                except UnicodeDecodeError:
                    pass
    return frozenset(chars)


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# kana, box drawing, Greek, Cyrillic, private use, replacement: what a Chinese codec misreading makes
_ODD = re.compile(r"[\u3040-\u30ff\u2500-\u257f\u0370-\u04ff\ue000-\uf8ff\ufffd]")


# Ruling lines of a table drawn in text (┌──┬──┐ │ ├──┼──┤): runs of a misreading never make them
_RULE = re.compile(r"[─━═]{3,}")
_RULES = re.compile(r"[\u2500-\u257f]")


def common_share(text: str) -> Optional[float]:
    """The share of the text's Chinese characters that are frequent ones of either script, or of
    kana/odd symbols counted as rare; None when the text has too few Chinese characters to judge."""
    sample = text[:SAMPLE_CHARS]
    counts = Counter(_HAN.findall(sample))
    han = sum(counts.values())
    if han < MIN_HAN_TO_JUDGE:
        return None
    simplified, traditional = _common("simplified"), _common("traditional")
    common_simplified = sum(n for ch, n in counts.items() if ch in simplified)
    common_traditional = sum(n for ch, n in counts.items() if ch in traditional)
    odd = _ODD.findall(_RULES.sub("", sample) if len(_RULE.findall(sample)) >= 3 else sample)
    return max(common_simplified, common_traditional) / (han + len(odd))


def decode_report(data: bytes, name: str, declared: Optional[str] = None) -> tuple[str, str]:
    """Decode a report's bytes: a byte-order mark, else the declared encoding (an HTML page's
    ``<meta charset>``) when it is one reportqa reads and its text reads as Chinese, else strict
    UTF-8 (no GBK or Big5 text is valid UTF-8 by chance), else the best reading among GBK,
    GB18030 and Big5, else UTF-8 or GB18030 with a few broken bytes replaced (a cut or damaged file).

    Returns (text, encoding name). Raises ReportError (one line naming the file and the fix) for
    bytes in another encoding or bytes that decode only to mojibake.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ReportError(f"{name}: starts with a {encoding} byte-order mark but is not valid "
                                  f"{encoding}; re-save it as UTF-8 text") from None
    tried: list[tuple[float, str, str]] = []  # (common share, encoding, text)
    codec = canonical(declared) if declared else None
    for encoding in dict.fromkeys(([codec] if codec else []) + ["utf-8"]):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        share = common_share(text) if encoding != "utf-8" else None
        if share is None or share >= MIN_COMMON_SHARE:
            return text, encoding  # bytes that decode as strict UTF-8 are UTF-8: no other codec's text does
        tried.append((share, encoding, text))
    for encoding in ("gbk", "gb18030", "big5", "cp950"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = common_share(text)
        if share is None:
            return text, encoding
        tried.append((share, encoding, text))
    best = max(tried, key=lambda t: t[0]) if tried else None
    if best is not None and best[0] >= MIN_COMMON_SHARE:
        return best[2], best[1]
    for encoding in ("utf-8", "gb18030", "big5"):  # a few broken bytes: a cut or damaged UTF-8 or GB text
        text = data.decode(encoding, errors="replace")
        if text.count("\ufffd") <= max(2, MAX_REPLACED_SHARE * len(text)):
            share = common_share(text)
            if share is None and encoding == "utf-8" or share is not None and share >= MIN_COMMON_SHARE:
                return text, encoding
    if best is None:
        raise ReportError(f"{name}: {_encoding_named(data, declared)}; reportqa reads {READ_ENCODINGS}: "
                          "re-save the report as UTF-8 text")
    share, encoding, _ = best
    raise ReportError(f"{name}: decodes only to mojibake ({_encoding_named(data, declared)}: read as "
                      f"{encoding}, {share:.0%} of its Chinese characters are common ones, a report has "
                      f"over {MIN_COMMON_SHARE:.0%}); re-save the report as UTF-8 text")


def _encoding_named(data: bytes, declared: Optional[str]) -> str:
    """What the bytes seem to be, for the error message (charset-normalizer's guess)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    guess = best.encoding if best is not None else None
    said = f"declared {declared}, " if declared and canonical(declared) is None else ""
    return f"{said}looks like {guess}" if guess else f"{said}not text in any encoding reportqa knows"
