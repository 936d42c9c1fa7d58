"""CSV for spreadsheets: BOM, integers, booleans and OWASP's formula-injection rule."""
from __future__ import annotations

import csv
import io

import pytest
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


def test_hostile_cells_of_an_ingested_report_reach_the_facts_csv_defused(tmp_path, monkeypatch, capsys):
    """A report whose own table holds formulas (a row label, a cell) is ingested; /api/facts?format=csv
    and `reportqa facts --csv` write every one of them as text."""
    from fastapi.testclient import TestClient

    import server
    from index.ingest import ingest
    from index.settings import Settings
    from qa.cli import main

    rows = "".join(f"<tr><td>{h}</td><td>{n}</td></tr>" for n, h in enumerate(HOSTILE[:4], start=3))
    page = (f"<html><body><h1>某县某局2024年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>本局主动公开信息12条。</p>"
            f"<p>六、其他需要报告的事项</p><table><tr><td>项目</td><td>数量</td></tr>{rows}</table></body></html>")
    report = tmp_path / "某县某局_2024.html"
    report.write_text(page.replace('"', "&quot;"), encoding="utf-8")
    settings = Settings(home=tmp_path / "home", model="reportqa/fake-bigram")
    ingest([report], settings, progress=False, force=True)
    with TestClient(server.create_app(settings)) as client:
        text = client.get("/api/facts", params={"format": "csv", "_size": 1000}).text
    cells = [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for c in row]
    assert any(c.lstrip("'").startswith(("=HYPERLINK", "@SUM")) for c in cells), cells  # the hostile labels are there
    assert not any(c.startswith(_SPREADSHEET_FORMULA) for c in cells if not _a_number(c))
    monkeypatch.setenv("REPORTQA_HOME", str(settings.home))
    monkeypatch.setenv("REPORTQA_MODEL", settings.model)
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(["facts", "--csv"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    cli_cells = [c for row in csv.reader(io.StringIO(out.lstrip("\ufeff"))) for c in row]
    assert any(c.lstrip("'").startswith("=HYPERLINK") for c in cli_cells)
    assert not any(c.startswith(_SPREADSHEET_FORMULA) for c in cli_cells if not _a_number(c))


_SPREADSHEET_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet runs as a formula (OWASP)


def _a_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
