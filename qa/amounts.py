"""How a figure is printed: the number as the reports print it and its unit, in either language.

Shared by the arithmetic of computed answers (``qa.operations``, ``qa.totals``) and the answer
sentence (``qa.phrasing``), so that neither needs the other.
"""
from __future__ import annotations

from typing import Optional

_UNIT_EN = {"件": "", "条": "", "个": "", "人": " people", "名": " people", "人次": " person-times",
            "次": " times", "元": " yuan", "%": "%", "篇": " articles", "期": " issues", "场": " sessions"}


def fmt_number(value: Optional[float]) -> str:
    """A figure as people write it: thousands grouped (3,985,760), integers without decimals, others
    with up to four; ``—`` for None."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def fmt_value(value: Optional[float], unit: Optional[str], lang: str = "zh") -> str:
    """A figure with its unit; sums of money also in 万元."""
    text = fmt_number(value)
    if unit == "%" and value is not None and not float(value).is_integer():
        text = f"{value:,.2f}"  # a share to two decimals (27.16 %), as reports print them
    if unit is None:
        return text
    if lang == "en":
        out = text + _UNIT_EN.get(unit, f" {unit}")
    else:
        out = text + unit
    if unit == "元" and value is not None and abs(value) >= 10000:
        wan = fmt_number(round(value / 10000, 6))
        out += f"（{wan}万元）" if lang == "zh" else f" ({wan} 万元)"
    return out
