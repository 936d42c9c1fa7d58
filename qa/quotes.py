"""A figure asked by quoting the report with a blank: “全年共收到政府信息公开申请___件，共办结148件”，
空里填多少? The quoted words around the blank find the report's sentence, and the figure standing
at the blank is the answer, cited like any prose figure. Used by ``qa.operations.lookup``."""
from __future__ import annotations

import re
from typing import Optional

from qa.metrics import Fit
from qa.plan import Pick, State

_QUOTED = re.compile(r"[“\"「『‘']([^”\"」』’']{4,120})[”\"」』’']")
_BLANK = re.compile(r"_{2,}|＿+|（\s*）|\(\s*\)|□+|X{2,}|x{2,}|？{1,3}|\?{1,3}|…{1,2}|多少|几")
_LOOSE = re.compile(r"[\s，,。；;：:、]")


def quoted_blank(text: str) -> Optional[tuple[str, str]]:
    """The quoted words before and after a blank (``___``, ``（ ）``, ``多少``), or None when the
    question quotes no sentence with a blank."""
    for m in _QUOTED.finditer(text):
        blank = _BLANK.search(m.group(1))
        if blank:
            before, after = m.group(1)[:blank.start()], m.group(1)[blank.end():]
            before, after = _LOOSE.sub("", before)[-10:], _LOOSE.sub("", after)[:8]
            if len(before) + len(after) >= 4:
                return before, after
    return None


def quoted_figure(text: str, st: State, reports: list) -> Optional[tuple[object, Pick]]:
    """The report and the prose figure standing at the blank of the quoted sentence, when exactly
    one figure (or several of one value) of ``reports`` stands between the quoted words."""
    quoted = quoted_blank(text)
    if quoted is None:
        return None
    before, after = quoted
    at_blank = re.compile(re.escape(before) + r"([0-9][0-9,.]*)" + re.escape(after))
    found = []
    for report in reports:
        for cand in st.candidates(report.id):
            figure = cand.figure
            if cand.kind != "text" or figure is None or cand.value is None:
                continue
            number = re.match(r"[0-9][0-9,.]*", _LOOSE.sub("", figure.raw or ""))
            if number and any(m.group(1) == number.group(0)
                              for m in at_blank.finditer(_LOOSE.sub("", figure.sentence or ""))):
                found.append((report, cand))
    values = {c.value for _, c in found}
    if len(values) != 1:
        return None
    report, cand = found[0]
    return report, Pick(Fit(1.0, 1.0, 1.0, 1.0), cand, [])
