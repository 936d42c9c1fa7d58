"""CSV for spreadsheets: BOM, integers, booleans and OWASP's formula-injection rule."""
from __future__ import annotations

import csv
import io

from hypothesis import given, strategies as st

from qa.spreadsheet import FORMULA_STARTS, cell, csv_text

HOSTILE = ["=HYPERLINK(\"http://x\",\"点我\")", "@SUM(A1:A9)", "+1+1", "-2+3", "\tTAB", "\rCR", "=1+1"]


def test_hostile_report_text_is_never_a_formula():
    text = csv_text(["title", "n"], [[h, 1] for h in HOSTILE])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]
    assert [r[0] for r in rows] == ["'" + h for h in HOSTILE]
    assert all(not r[0].startswith(FORMULA_STARTS) for r in rows)


def test_numbers_and_booleans_as_people_read_them():
    assert cell(23.0) == 23 and cell(0.5) == 0.5 and cell(-4) == -4  # a negative number is a number
    assert cell(True) == "true" and cell(None) == ""
    rows = list(csv.reader(io.StringIO(csv_text(["平潭综合实验区", "值"], [[7.0, False]]).lstrip("\ufeff"))))
    assert rows == [["平潭综合实验区", "值"], ["7", "false"]]


@given(st.text())
def test_any_text_round_trips_or_is_defused(text):
    out = list(csv.reader(io.StringIO(csv_text(["x"], [[text]])[1:], newline="")))
    got = out[1][0] if len(out) > 1 else ""
    assert got == text or got == "'" + text
    assert not got.startswith(FORMULA_STARTS)
