"""The script and width of a question's characters: traditional Chinese read as simplified
(OpenCC ``t2s``), invisible characters dropped, full-width digits, letters and signs made
half-width. Questions are read this way before anything else looks at them; the reports keep
their own characters.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


def to_simplified(text: str) -> str:
    """The text with traditional characters written as simplified ones (申請 -> 申请, 復議 -> 复议).
    Text that is already simplified, or not Chinese, comes back unchanged."""
    if not text or text.isascii():
        return text
    return _converter().convert(text)


def normalise(text: str) -> str:
    """A question as the reader reads it: invisible characters dropped, full-width digits and letters
    made half-width (２０２４ -> 2024), traditional characters simplified."""
    text = _INVISIBLE.sub("", text)
    text = text.translate(_FULL_WIDTH)
    text = unicodedata.normalize("NFC", text)
    return to_simplified(text)
