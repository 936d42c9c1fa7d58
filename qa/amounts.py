"""How a figure is printed: the number as the reports print it and its unit, in either language.

Shared by the arithmetic of computed answers (``qa.operations``, ``qa.totals``), the answer
sentence (``qa.phrasing``) and the figures the doors print (``reportqa ask``, ``reportqa facts``), so
that none needs another. Values stay in base units (元) everywhere else; only the printed figure is in
万元 where the report prints 万元.
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


def in_wan(unit: Optional[str], *labels: Optional[str]) -> bool:
    """Whether a sum of money stands where its report prints it in 万元: a heading among ``labels``
    (table title, row or column, e.g. ``本年收费金额（单位：万元）``) or the cell text says 万元."""
    return unit == "元" and any("万元" in (label or "") for label in labels)


def fmt_figure(value: Optional[float], unit: Optional[str], *labels: Optional[str]) -> tuple[str, str]:
    """A figure and its unit as the report prints them: ``("18,651.06", "万元")`` for 186,510,600 元 in a
    column headed （单位：万元）, ``("32.57", "%")`` for a share, ``("3,985,760", "件")``. Returns
    ``(number, unit)``; the number is ``—`` for None and the unit ``""`` when there is none."""
    if value is None:
        return "—", unit or ""
    if in_wan(unit, *labels):
        wan = f"{value / 10000:,.6f}"  # 元 to the fen is 万元 to six decimals, as reports print them
        return wan.rstrip("0").rstrip("."), "万元"
    if unit == "%" and not float(value).is_integer():
        return f"{value:,.2f}", "%"
    return fmt_number(value), unit or ""
