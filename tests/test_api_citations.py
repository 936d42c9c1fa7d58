"""From a figure to the cell it was read from, over the real reports: every fact's quote says its
value, every answer's table source (its own, its inputs', its points') quotes the figure it gives
and names its cell, tables have URLs, and ``reportqa ask --json`` cites cells as the API does.

The answers are asked for every agency and year of the collection times a set of metric wordings
(lookups and computed sums, shares and changes), so a source that shows another figure than its
value ("value 5 beside quote 0": a corrected total quoted as the printed cell) is found wherever
the real reports have one.
"""
from __future__ import annotations

import io
import json
import re
import unicodedata

import pytest

from tests.served import FAKE_MODEL, build_home, served

METRICS = ("政府信息公开行政复议总计多少件", "政府信息公开行政诉讼有多少件", "本年新收政府信息公开申请数量是多少",
           "予以公开的申请有多少件", "主动公开政府信息多少条", "不予公开的申请多少件", "行政复议和行政诉讼一共多少件",
           "予以公开的申请占比是多少", "本年新收申请比上年增长多少", "行政复议结果纠正的有多少件")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_SCALES = (1, 1e3, 1e4, 1e8)  # as printed, 千元, 万元, 亿元


def written(text: str) -> list[float]:
    """The numbers written in ``text`` (full-width digits read as digits, thousands separators dropped)."""
    return [float(n) for n in _NUMBER.findall(unicodedata.normalize("NFKC", text).replace(",", ""))]


def says(quote: str, value: float) -> bool:
    """Whether ``quote`` writes ``value`` (in base units: a 万元 cell writes value / 10000)."""
    return any(abs(value - n * scale) <= 1e-6 * max(1.0, abs(value)) for n in written(quote) for scale in _SCALES)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return build_home(tmp_path_factory.mktemp("cited") / "home")


@pytest.fixture(scope="module")
def client(home):
    with served(home) as c:
        yield c


@pytest.fixture(scope="module")
def facts(client):
    return client.get("/api/facts", params={"_shape": "array"}).json()


@pytest.fixture(scope="module")
def answers(client):
    reports = client.get("/api/reports", params={"_shape": "array"}).json()
    pairs = sorted({(r["agency"], r["year"]) for r in reports if r["agency"] and r["year"]})
    return [client.get("/api/ask", params={"q": f"{agency}{year}年{metric}？"}).json()
            for agency, year in pairs for metric in METRICS]


def _sources(answer: dict) -> list[tuple[str, float, dict]]:
    """(where, value, source) of the answer's figure, its inputs and its points that have both."""
    items = [("answer", answer["value"], answer["source"])]
    items += [("input", i["value"], i["source"]) for i in answer["inputs"]]
    items += [("point", p["value"], p["source"]) for p in answer["points"]]
    return [(where, value, source) for where, value, source in items if value is not None and source]


def test_every_fact_quotes_its_value_as_written(facts):
    valued = [f for f in facts if f["value"] is not None]
    assert len(valued) > 4000  # the real reports, all of them
    wrong = [(f["id"], f["raw"], f["value"]) for f in valued if not says(f["raw"], f["value"])]
    assert wrong == []


def test_no_answer_quotes_another_figure_than_its_value(answers):
    assert len(answers) >= 300 and sum(a["status"] == "answered" for a in answers) > 250
    tables = [(a["question"], where, value, s["quote"]) for a in answers for where, value, s in _sources(a)
              if s["kind"] == "table"]
    assert len(tables) > 500 and any(where == "input" for _, where, _, _ in tables)
    assert [t for t in tables if not says(t[3], t[2])] == []


def test_a_corrected_total_is_computed_and_quotes_the_printed_cell_beside_its_sum(answers):
    # 洪泽区 2023 prints 复议后起诉 总计 0 beside 5 + 0 + 0 + 0: the lawsuits answer adds that 5
    computed_inputs = [(value, s["quote"]) for a in answers for where, value, s in _sources(a)
                       if where == "input" and s["kind"] == "computed"]
    assert computed_inputs
    for value, quote in computed_inputs:
        arithmetic = quote.split("（")[0]
        assert arithmetic.rstrip().endswith(f"= {value:g}"), quote
        assert "cell" not in quote


def test_every_table_source_names_its_own_cell(client, answers, facts):
    by_id = {f["id"]: f for f in facts}
    cited = 0
    for answer in answers:
        for where, value, source in _sources(answer):
            if source["kind"] != "table":
                assert "cell" not in source, (answer["question"], where)
                continue
            cell = source["cell"]
            fact = by_id[cell["id"]]
            assert (fact["raw"], fact["value"]) == (source["quote"], value), (answer["question"], where)
            assert cell["url"] == f"/api/facts/{cell['id']}" and cell["table"] == fact["table"]
            cited += 1
    assert cited > 500


# ---------------------------------------------------------------- tables have URLs


def test_a_table_url_returns_its_cells_and_each_cell_as_a_fact(client, facts):
    fact = next(f for f in facts if f["key"] == "review.reconsideration.total" and f["agency"] == "平潭综合实验区"
                and f["year"] == 2024)
    report = client.get(f"/api/reports/{fact['report_id']}").json()
    listed = next(t for t in report["tables"] if t["id"] == fact["table"])
    assert listed["url"] == f"/api/reports/{fact['report_id']}/tables/{fact['table']}"
    table = client.get(listed["url"]).json()
    assert (table["rows"], table["columns"], table["cells"]) == (listed["rows"], listed["columns"], listed["cells"])
    assert table["cells"][fact["row_index"]][fact["column_index"]].strip() == fact["raw"]
    assert fact["id"] in {f["id"] for f in table["facts"]}
    assert all(f["table"] == table["id"] and f["report_id"] == table["report_id"] for f in table["facts"])
    assert table["view_url"] == f"/#report={fact['report_id']}&table={fact['table']}"
    listed_facts = client.get(table["facts_url"] + "&_size=1000").json()["rows"]
    assert [f["id"] for f in listed_facts] == [f["id"] for f in table["facts"]]


def test_a_missing_table_is_404_and_a_malformed_id_422(client, facts):
    report_id = facts[0]["report_id"]
    res = client.get(f"/api/reports/{report_id}/tables/t999")
    assert res.status_code == 404 and "has no table" in res.json()["error"]
    res = client.get(f"/api/reports/{report_id}/tables/table1")
    assert res.status_code == 422 and "table id" in res.json()["error"]
    assert client.get("/api/reports/000000000000/tables/t1").status_code == 404


def test_the_report_view_opens_at_a_table_heading():
    from tests.conftest import ROOT

    page = (ROOT / "qa" / "web" / "app.js").read_text(encoding="utf-8")
    assert 'params.get("table")' in page and "id: `table-${table.id}`" in page


# ---------------------------------------------------------------- the CLI cites as the API does


def test_cli_ask_json_cites_the_same_cells_as_the_api(client, home):
    from index.settings import Settings
    from qa.commands import ask_command

    questions = ["平潭综合实验区2024年政府信息公开行政诉讼有多少件？", "平潭综合实验区2024年政府信息公开行政复议总计多少件？",
                 "淮安市洪泽区人民政府2023年行政复议和行政诉讼一共多少件？", "平潭综合实验区2019到2024年每年行政复议总计多少件？"]
    out = io.StringIO()
    status = ask_command(None, Settings(home=home, model=FAKE_MODEL), as_json=True,
                         stdin=io.StringIO("\n".join(questions)), stdout=out)
    assert status == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == len(questions)
    cells = 0
    for question, cli in zip(questions, lines):
        api = client.get("/api/ask", params={"q": question}).json()
        assert [s.get("cell") for _, _, s in _sources(cli)] == [s.get("cell") for _, _, s in _sources(api)]
        for _, _, source in _sources(cli):
            assert ("cell" in source) == (source["kind"] == "table")
            cells += "cell" in source
    assert cells >= 6


@pytest.mark.parametrize("questions, status", [
    (["平潭综合实验区2024年政府信息公开行政复议总计多少件？"], 0),
    (["平潭综合实验区2024年政府信息公开行政复议总计多少件？", "今天天气怎么样"], 1),
    (["火星市2024年行政复议总计多少件？", "平潭综合实验区2024年政府信息公开行政复议总计多少件？"], 1),
    (["问" * 600], 1),
])
def test_cli_batch_exits_1_when_any_question_is_not_answered(home, questions, status):
    from index.settings import Settings
    from qa.commands import ask_command

    out = io.StringIO()
    got = ask_command(None, Settings(home=home, model=FAKE_MODEL), as_json=True,
                      stdin=io.StringIO("\n".join(questions) + "\n"), stdout=out)
    assert got == status
    assert len(out.getvalue().splitlines()) == len(questions)  # every line answered whatever the status


def test_ask_help_documents_the_batch_exit_status_and_cells():
    from click.testing import CliRunner

    from qa.cli import main

    text = CliRunner().invoke(main, ["ask", "--help"]).output
    assert "stdin, 1 when any" in text and "source.cell" in text
