"""The JSON API through FastAPI's TestClient, over the real reports (fake embedder)."""
from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import REAL, SEED
from tests.served import FAKE_MODEL, build_home, served

TOKEN = "s3cret-token"
ANSWER_FIELDS = {"question", "status", "answer", "value", "unit", "approximate", "report", "source",
                 "inputs", "evidence", "checks", "candidates", "confidence", "shape", "points", "top_n",
                 "understood", "examples", "disagreeing"}
REVIEW_Q = "平潭综合实验区2024年政府信息公开行政复议总计多少件？"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return build_home(tmp_path_factory.mktemp("served") / "home")


@pytest.fixture(scope="module")
def client(home):
    with served(home, TOKEN) as c:
        yield c


def _fact(client, **params):
    facts = client.get("/api/facts", params=params).json()["rows"]
    assert len(facts) == 1, facts
    return facts[0]


# ---------------------------------------------------------------- answers


def test_health(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["reports"] > 20 and body["model"] == FAKE_MODEL


def test_ask_post_returns_the_answer_format_with_the_table_figure(client):
    direct = _fact(client, agency="平潭综合实验区", year=2024, key="review.litigation_direct.total")
    after = _fact(client, agency="平潭综合实验区", year=2024, key="review.litigation_after_review.total")
    res = client.post("/api/ask", json={"question": "平潭综合实验区2024年政府信息公开行政诉讼有多少件？"})
    assert res.status_code == 200
    body = res.json()
    assert set(body) == ANSWER_FIELDS
    assert body["status"] == "answered"
    assert body["value"] == direct["value"] + after["value"]
    assert body["report"]["year"] == 2024
    assert {tuple(i["source"]["column"].split(" › ")) for i in body["inputs"]} == {
        tuple(direct["column"]), tuple(after["column"])}


def test_ask_get_and_post_agree_with_the_table(client):
    got = client.get("/api/ask", params={"q": REVIEW_Q}).json()
    posted = client.post("/api/ask", json={"question": REVIEW_Q}).json()
    fact = _fact(client, agency="平潭综合实验区", year=2024, key="review.reconsideration.total")
    assert got["value"] == posted["value"] == fact["value"]
    assert got["source"]["kind"] == "table" and got["source"]["quote"] == fact["raw"]


def test_agency_and_year_restrict_the_question(client):
    fact = _fact(client, agency="平潭综合实验区", year=2023, key="review.reconsideration.total")
    body = client.post("/api/ask", json={"question": "政府信息公开行政复议总计多少件？",
                                         "agency": "平潭综合实验区", "year": 2023}).json()
    assert body["report"]["agency"] == "平潭综合实验区" and body["report"]["year"] == 2023
    assert body["value"] == fact["value"]


def test_follow_up_keeps_agency_from_history(client):
    expected = _fact(client, agency="平潭综合实验区", year=2023, key="review.reconsideration.total")["value"]
    body = client.post("/api/ask", json={"question": "那2023年呢？", "history": [REVIEW_Q]}).json()
    assert body["status"] == "answered"
    assert body["report"]["agency"] == "平潭综合实验区" and body["report"]["year"] == 2023
    assert body["value"] == expected


def test_follow_up_reads_the_whole_history(client):
    # The second question names only a metric: the agency and year still come from the first.
    expected = _fact(client, agency="平潭综合实验区", year=2022, key="review.reconsideration.total")["value"]
    history = ["平潭综合实验区2024年本年新收政府信息公开申请数量是多少？", "行政复议总计多少件？"]
    body = client.post("/api/ask", json={"question": "那2022年呢？", "history": history}).json()
    assert (body["report"]["agency"], body["report"]["year"], body["value"]) == ("平潭综合实验区", 2022, expected)


def test_follow_up_without_history_says_what_is_missing(client):
    body = client.post("/api/ask", json={"question": "那2023年呢？"}).json()
    assert body["status"] != "answered" and body["value"] is None


# ---------------------------------------------------------------- bad requests


@pytest.mark.parametrize("payload, status, words", [
    ({"question": "   "}, 422, "empty"),
    ({"question": ""}, 422, "empty"),
    ({"question": "问" * 501}, 422, "at most 500"),
    ({"question": "x", "history": ["问" * 501]}, 422, "history"),
    ({}, 422, "question"),
    ({"question": None}, 422, "question"),
    ({"question": 5}, 422, "question"),
    ({"question": ["a"]}, 422, "question"),
    ({"question": "x", "year": "next year"}, 422, "year"),
    ({"question": "x", "year": 12345}, 422, "year"),
    ({"question": "x", "history": "not a list"}, 422, "history"),
    ({"question": "x", "history": ["q"] * 51}, 422, "history"),
    ({"question": "x", "agency": "a" * 201}, 422, "agency"),
    ({"question": "x", "colour": "red"}, 422, "colour"),
])
def test_bad_questions_get_4xx_with_a_message(client, payload, status, words):
    res = client.post("/api/ask", json=payload)
    assert res.status_code == status, res.text
    assert words in res.json()["error"]


@pytest.mark.parametrize("body", [b"{not json", b"", b"[]", b'"question"', b"null", b"\xff\xfe\x00", b'{"question": "x", "year": 1e309}',
                                  '{"question": "\\ud800"}'.encode()])
def test_invalid_json_is_422(client, body):
    res = client.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
    assert res.status_code in (400, 422)
    assert "JSON" in res.json()["error"] or "invalid request" in res.json()["error"]


def test_a_huge_body_is_refused_before_it_is_read(client):
    res = client.post("/api/ask", content=json.dumps({"question": "问" * 50_000}).encode(),
                      headers={"Content-Type": "application/json"})
    assert res.status_code == 413 and "KiB" in res.json()["error"]


@pytest.mark.parametrize("params, status", [
    ({}, 422), ({"q": ""}, 422), ({"q": "   "}, 422), ({"q": "问" * 600}, 422),
    ({"q": "x", "year": "abc"}, 422), ({"q": "x", "year": "1800"}, 422),
])
def test_bad_get_questions(client, params, status):
    res = client.get("/api/ask", params=params)
    assert res.status_code == status and res.json()["error"]


@pytest.mark.parametrize("question", ["😀" * 20, "'; DROP TABLE facts; --", "<script>alert(1)</script>",
                                      "\x00\x01", "2024年2025年2026年多少件？", "９９９９年", "The", "%s%n",
                                      "那呢？", "平潭" * 200, "1e309件"])
def test_odd_questions_get_an_answer_not_an_error(client, question):
    res = client.post("/api/ask", json={"question": question})
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["status"] in {"answered", "not_reported", "not_found", "ambiguous", "not_understood"}
    assert body["value"] is None or body["source"] is not None  # never a number without a source


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({"question": st.text(min_size=1, max_size=60)},
                             optional={"agency": st.one_of(st.none(), st.text(max_size=20)),
                                       "year": st.one_of(st.none(), st.integers(1990, 2100)),
                                       "history": st.lists(st.text(max_size=40), max_size=3)}))
def test_nothing_a_client_sends_gives_a_500(client, payload):
    res = client.post("/api/ask", json=payload)
    assert res.status_code < 500, (payload, res.text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["/api/ask", "/api/reports", "/api/facts", "/api/reports/x"]),
       st.dictionaries(st.sampled_from(["q", "agency", "year", "key", "format", "report_id"]), st.text(max_size=12)))
def test_no_query_string_gives_a_500(client, path, params):
    res = client.get(path, params=params)
    assert res.status_code < 500, (path, params, res.text)


# ---------------------------------------------------------------- reports and facts


def test_reports_list_and_filters(client):
    all_reports = client.get("/api/reports").json()["rows"]
    pingtan_2024 = client.get("/api/reports", params={"agency": "平潭综合实验区", "year": 2024}).json()["rows"]
    assert len(all_reports) > len(pingtan_2024) >= 1
    assert all(r["year"] == 2024 and "平潭综合实验区" in r["agency"] for r in pingtan_2024)
    assert {"id", "agency", "year", "title", "tables", "facts", "failed_checks"} <= set(all_reports[0])
    assert all("/" not in r["path"] for r in all_reports)  # file names, not the server's folders


def test_report_detail_has_sections_tables_facts_checks(client):
    listed = client.get("/api/reports", params={"agency": "洪泽区", "year": 2023}).json()["rows"]
    assert len(listed) == 1 and listed[0]["failed_checks"] > 0
    report = client.get(f"/api/reports/{listed[0]['id']}").json()
    assert report["sections"] and len(report["facts"]) == listed[0]["facts"]
    assert any(t["kind"] == "national.review" for t in report["tables"])
    table = report["tables"][0]
    assert len(table["cells"]) == len(table["rows"]) and len(table["cells"][0]) == len(table["columns"])
    assert sum(not c["ok"] for c in report["checks"]) == listed[0]["failed_checks"]


@pytest.mark.parametrize("report_id, status", [("nope", 404), ("b4a3df832f2f", 404), ("%00", 422), ("x" * 300, 422),
                                               ("%2e%2e", 422), ("%3Cscript%3E", 422)])
def test_unknown_report_is_404_and_a_malformed_id_422(client, report_id, status):
    res = client.get(f"/api/reports/{report_id}")
    assert res.status_code == status
    assert ("GET /api/reports" if status == 404 else "report id") in res.json()["error"]


@pytest.mark.parametrize("method, path", [("GET", "/api/nope"), ("GET", "/api/reports/../../etc/passwd"),
                                          ("DELETE", "/api/reports"), ("PUT", "/api/ask")])
def test_unknown_pages_and_methods_get_a_json_error(client, method, path):
    res = client.request(method, path)
    assert res.status_code in (404, 405) and ("/docs" in res.json()["error"])


def test_facts_json_and_csv_agree(client):
    params = {"agency": "平潭综合实验区", "year": 2024, "key": "requests.new_received"}
    facts = client.get("/api/facts", params=params).json()["rows"]
    assert len(facts) == 7 and all(f["key"].startswith("requests.new_received") for f in facts)
    total = next(f for f in facts if f["column"][-1] == "总计")
    assert total["value"] == sum(f["value"] for f in facts if f is not total)  # the table's own sum
    res = client.get("/api/facts", params=params | {"format": "csv"})
    assert res.headers["content-type"].startswith("text/csv")
    assert res.content.startswith("\ufeff".encode("utf-8"))  # Excel on a Chinese Windows reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert rows[0]["agency"] == "平潭综合实验区管委会" or "平潭" in rows[0]["agency"]
    assert all(r["value"].isdigit() for r in rows)  # counts stay integers (23, not 23.0)
    assert sorted(int(r["value"]) for r in rows) == sorted(f["value"] for f in facts)


def test_facts_filters_by_part_of_a_name_and_by_label(client):
    by_part = client.get("/api/facts", params={"agency": "洪泽", "year": 2023, "q": "行政复议"}).json()["rows"]
    assert by_part and all(f["agency"] == "淮安市洪泽区人民政府" for f in by_part)
    assert all("行政复议" in " ".join(f["row"] + f["column"]) or "行政复议" in f["table_title"] for f in by_part)
    assert client.get("/api/facts", params={"agency": "没有这个机关"}).json()["count"] == 0


def test_facts_bad_format_is_422(client):
    res = client.get("/api/facts", params={"format": "xlsx"})
    assert res.status_code == 422 and "format" in res.json()["error"]


def _all_pages(client, path, **params):
    """Every row of a list endpoint, following ``next``; asserts each page holds at most ``_size`` rows."""
    size = params.setdefault("_size", 250)
    rows, pages, after = [], 0, None
    while True:
        body = client.get(path, params=params | ({"_next": after} if after else {})).json()
        assert len(body["rows"]) <= size
        rows += body["rows"]
        pages += 1
        after = body["next"]
        if after is None:
            return rows, pages, body["count"]
        assert body["next_url"] and "_next=" in body["next_url"]


@pytest.mark.parametrize("order", [{}, {"_sort": "key"}, {"_sort_desc": "value"}, {"_sort": "agency"}])
def test_following_next_reaches_every_fact_exactly_once(client, order):
    reports = client.get("/api/reports", params={"_size": 1000}).json()["rows"]
    rows, pages, count = _all_pages(client, "/api/facts", **order)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) == count == sum(r["facts"] for r in reports)
    assert pages == -(-count // 250)
    if "_sort_desc" in order:
        values = [r["value"] for r in rows if r["value"] is not None]
        assert values == sorted(values, reverse=True)


def test_report_pages_and_shapes(client):
    rows, pages, count = _all_pages(client, "/api/reports", _size=7, _sort="year")
    assert len({r["id"] for r in rows}) == count == len(rows) and pages == -(-count // 7)
    assert [r["year"] or 0 for r in rows] == sorted(r["year"] or 0 for r in rows)
    arrays = client.get("/api/facts", params={"_shape": "arrays", "_size": 5}).json()
    assert all(isinstance(r, list) and len(r) == len(arrays["columns"]) for r in arrays["rows"])
    bare = client.get("/api/reports", params={"_shape": "array"}).json()  # the old bare list, every report
    assert isinstance(bare, list) and len(bare) == count
    for cursor in ("not-a-cursor", "not a cursor"):
        res = client.get("/api/facts", params={"_next": cursor})
        assert res.status_code == 422 and "next" in res.json()["error"]


def test_facets_count_the_filtered_facts(client):
    body = client.get("/api/facts", params={"agency": "平潭综合实验区", "_size": 1}).json()
    assert body["count"] > 100 and {"agency", "year", "key"} <= set(body["facets"])
    assert body["facets"]["agency"] == [{"value": "平潭综合实验区", "count": body["count"]}]
    assert sum(f["count"] for f in body["facets"]["year"]) == body["count"]
    year = body["facets"]["year"][0]
    again = client.get("/api/facts", params={"agency": "平潭综合实验区", "year": year["value"], "_size": 1}).json()
    assert again["count"] == year["count"]


def test_agency_filters_read_names_as_ask_does_and_key_prefixes(client):
    hongze = client.get("/api/facts", params={"agency": "Hongze", "_size": 1000}).json()
    assert hongze["count"] > 0 and {f["agency"] for f in hongze["rows"]} == {"淮安市洪泽区人民政府"}
    for name in ("Hongze District", "淮安洪泽", "洪泽区"):
        assert client.get("/api/facts", params={"agency": name, "_size": 1}).json()["count"] == hongze["count"]
    short = client.get("/api/facts", params={"agency": "平潭综合实验区管委会", "_size": 1}).json()
    assert "平潭综合实验区" in [f["value"] for f in short["facets"]["agency"]]  # 管委会 read as ask reads it
    prefix = client.get("/api/facts", params={"key": "review.", "_size": 1}).json()["count"]
    wildcard = client.get("/api/facts", params={"key": "review.%", "_size": 1}).json()["count"]
    totals = client.get("/api/facts", params={"key": "review.%.total", "_size": 1000}).json()
    assert prefix == wildcard > 0 and 0 < totals["count"] < prefix
    assert all(f["key"].startswith("review.") and f["key"].endswith(".total") for f in totals["rows"])
    reports = client.get("/api/reports", params={"agency": "Hongze"}).json()["rows"]
    assert reports and {r["agency"] for r in reports} == {"淮安市洪泽区人民政府"}


def test_a_fact_url_returns_it_and_names_its_cell_in_the_report(client):
    fact = _fact(client, agency="平潭综合实验区", year=2024, key="review.reconsideration.total")
    assert fact["url"] == f"/api/facts/{fact['id']}" and client.get(fact["url"]).json() == fact
    report = client.get(f"/api/reports/{fact['report_id']}").json()
    table = next(t for t in report["tables"] if t["id"] == fact["table"])
    assert table["cells"][fact["row_index"]][fact["column_index"]].strip() == fact["raw"]
    assert tuple(table["rows"][fact["row_index"]]) == tuple(fact["row"])
    assert tuple(table["columns"][fact["column_index"]]) == tuple(fact["column"])
    assert fact["cell_url"] == f"/#report={fact['report_id']}&cell={fact['table']}.r{fact['row_index']}c{fact['column_index']}"
    for bad in (fact["id"] + "9", fact["report_id"] + ".t99.r0c0"):
        res = client.get(f"/api/facts/{bad}")
        assert res.status_code == 404 and "/api/facts" in res.json()["error"]
    res = client.get("/api/facts/nope")  # not an id at all: a bad request
    assert res.status_code == 422 and "fact id" in res.json()["error"]


def test_every_cell_coordinate_points_at_its_own_cell(client):
    for report in client.get("/api/reports", params={"agency": "淮安市洪泽区人民政府", "_size": 5}).json()["rows"]:
        detail = client.get(report["url"]).json()
        tables = {t["id"]: t for t in detail["tables"]}
        facts = client.get("/api/facts", params={"report_id": report["id"], "_size": 1000}).json()["rows"]
        assert len(facts) == report["facts"]
        for f in facts:
            table = tables[f["table"]]
            assert tuple(table["rows"][f["row_index"]]) == tuple(f["row"])
            assert tuple(table["columns"][f["column_index"]]) == tuple(f["column"])


def test_an_answer_names_the_cells_it_used(client):
    body = client.get("/api/ask", params={"q": "平潭综合实验区2024年政府信息公开行政诉讼有多少件？"}).json()
    assert body["status"] == "answered" and body["inputs"]
    for used in body["inputs"]:
        cell = used["source"]["cell"]
        fact = client.get(cell["url"]).json()
        assert fact["value"] == used["value"] and fact["key"] == cell["key"] and fact["table"] == cell["table"]
    single = client.get("/api/ask", params={"q": REVIEW_Q}).json()
    assert single["source"]["cell"]["key"] == "review.reconsideration.total"


def test_csv_of_facts_is_named_for_its_filters_and_has_page_section_and_source(client):
    params = {"agency": "平潭综合实验区", "year": 2024, "key": "requests.new_received.total", "format": "csv"}
    res = client.get("/api/facts", params=params)
    disposition = res.headers["content-disposition"]
    assert "filename*=UTF-8''" + quote("平潭综合实验区_2024_requests.new_received.total.csv") in disposition
    assert 'filename="pingtanzongheshiyanqu_2024_requests.new_received.total.csv"' in disposition  # ASCII
    assert res.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert {"page", "section", "source_url", "id", "row_index", "column_index"} <= set(rows[0])
    assert len(rows) == 1 and rows[0]["source_url"].startswith("https://www.pingtan.gov.cn/")
    fact = _fact(client, agency="平潭综合实验区", year=2024, key="requests.new_received.total")
    assert rows[0]["value"] == str(int(fact["value"]))  # an integer stays an integer
    assert rows[0]["row"] == " › ".join(fact["row"]) and rows[0]["column"] == " › ".join(fact["column"])


@pytest.mark.parametrize("path, params, name, fallback", [
    ("/api/reports", {"agency": "平潭综合实验区"}, "平潭综合实验区.csv", "pingtanzongheshiyanqu.csv"),
    ("/api/facts", {"agency": "淮安市洪泽区人民政府", "year": 2023}, "淮安市洪泽区人民政府_2023.csv",
     "huaianshihongzequrenminzhengfu_2023.csv"),
    ("/api/ask", {"q": "平潭综合实验区2019到2024年每年本年新收政府信息公开申请数量是多少？"},
     "平潭综合实验区_requests.new_received.total.csv", "pingtanzongheshiyanqu_requests.new_received.total.csv"),
])
def test_a_chinese_csv_name_has_a_real_ascii_fallback(client, path, params, name, fallback):
    disposition = client.get(path, params={**params, "format": "csv"}).headers["content-disposition"]
    assert disposition == f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def test_a_csv_name_with_nothing_to_spell_falls_back_to_its_kind():
    from index.listing import ascii_file_name

    assert ascii_file_name("（）.csv", "facts") == "reportqa-facts.csv"
    assert ascii_file_name("平潭.csv", "reports") == "pingtan.csv"


def test_csv_of_reports_round_trips_chinese_text(client):
    res = client.get("/api/reports", params={"agency": "平潭", "format": "csv"})
    assert res.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    listed = client.get("/api/reports", params={"agency": "平潭", "_size": 1000}).json()["rows"]
    assert [(r["id"], r["title"], r["agency"], r["facts"]) for r in rows] == [
        (r["id"], r["title"], r["agency"], str(r["facts"])) for r in listed]


def test_a_report_gives_back_its_file_and_its_source_url(client):
    report = client.get("/api/reports", params={"agency": "平潭综合实验区", "year": 2024}).json()["rows"][0]
    assert report["source_url"] and report["source_url"].startswith("https://www.pingtan.gov.cn/")
    res = client.get(report["file_url"])
    assert res.status_code == 200 and quote(report["file"]) in res.headers["content-disposition"]
    original = next(p for p in REAL.iterdir() if p.name == report["file"])
    assert res.content == original.read_bytes()
    assert client.get("/api/reports/nope/file").status_code == 404


# ---------------------------------------------------------------- uploads


def _upload(client, name, data, token=TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/api/reports", files={"file": (name, data)}, headers=headers)


def test_upload_needs_the_right_token(client):
    data = next(SEED.glob("*.txt")).read_bytes()
    res = _upload(client, "r.txt", data, token=None)
    assert res.status_code == 401 and "Bearer" in res.json()["error"]
    res = _upload(client, "r.txt", data, token="wrong")
    assert res.status_code == 403 and "wrong" in res.json()["error"]


@pytest.mark.parametrize("name, data, status, words", [
    ("report.exe", b"MZ\x00\x00", 415, ".pdf"),
    ("report", b"text", 415, "(none)"),
    ("report.txt", b"\x00\x01\x02" * 100, 422, "report.txt"),
    ("report.txt", b"", 422, "empty"),
    ("report.pdf", b"%PDF-1.4 not really", 422, "report.pdf"),
    ("report.docx", b"PK\x03\x04 broken", 422, "report.docx"),
])
def test_upload_refuses_unknown_types_and_junk(client, name, data, status, words):
    before = client.get("/api/reports").json()["count"]
    res = _upload(client, name, data)
    assert res.status_code == status, res.text
    assert words in res.json()["error"]
    assert "/uploads/" not in res.json()["error"]  # the server's folders stay private
    assert client.get("/api/reports").json()["count"] == before


def test_upload_without_a_file_is_422(client):
    res = client.post("/api/reports", headers={"Authorization": f"Bearer {TOKEN}"}, data={"x": "y"})
    assert res.status_code == 422 and "file" in res.json()["error"]


def test_upload_over_the_size_limit_is_413(client, monkeypatch):
    import qa.edge
    import server

    monkeypatch.setattr(qa.edge, "MAX_UPLOAD_BYTES", 1000)
    monkeypatch.setattr(server, "MAX_UPLOAD_BYTES", 1000)
    res = _upload(client, "big.txt", b"a" * 200_000)  # refused by its Content-Length
    assert res.status_code == 413 and "MiB" in res.json()["error"]
    res = _upload(client, "big.txt", "二〇一二年".encode() * 200)  # within the framing allowance, over the file limit
    assert res.status_code == 413


def test_upload_adds_a_report_once_and_never_uses_the_name_as_a_path(client, home):
    text = next(SEED.glob("*.txt")).read_text(encoding="utf-8")
    text = text.replace("2011年上海市人力资源和社会保障局", "2012年上海市测试局", 1)
    data = text.encode("gb18030")
    before = client.get("/api/reports").json()["count"]
    question = {"q": "上海市测试局2012年电子邮件申请数是多少？"}
    assert client.get("/api/ask", params=question).json()["status"] == "not_found"
    res = _upload(client, "../../etc/evil.txt", data)
    assert res.status_code == 200, res.text
    added = res.json()["added"]
    assert len(added) == 1 and added[0]["year"] == 2012 and "evil" in res.json()["message"]
    assert not (home.parent / "etc").exists() and added[0]["path"] == "evil.txt"  # its last component only
    assert [p.relative_to(home).parts[0] for p in home.rglob("evil.txt")] == ["uploads"]
    assert client.get("/api/reports").json()["count"] == before + 1
    original = client.get(added[0]["file_url"])  # the file back, under the name it was sent with
    assert original.content == data and 'filename="evil.txt"' in original.headers["content-disposition"]
    answer = client.get("/api/ask", params=question).json()  # not the answer cached before the upload
    assert answer["report"] and answer["report"]["id"] == added[0]["id"]
    again = _upload(client, "copy.txt", data)
    assert again.status_code == 200 and again.json()["added"] == []
    assert "nothing new" in again.json()["message"]


def test_uploads_are_off_without_a_token(home, monkeypatch):
    import server
    from index.settings import Settings

    monkeypatch.delenv("REPORTQA_TOKEN", raising=False)
    with TestClient(server.create_app(Settings(home=home, model=FAKE_MODEL))) as c:
        res = _upload(c, "r.txt", b"x", token="anything")
        assert c.get("/api/health").json()["uploads"] is False
    assert res.status_code == 403 and "REPORTQA_TOKEN" in res.json()["error"]


def test_a_second_server_sees_what_the_first_ingested(home, client):
    import server
    from index.settings import Settings

    with TestClient(server.create_app(Settings(home=home, model=FAKE_MODEL))) as other:
        count = other.get("/api/health").json()["reports"]
        text = next(SEED.glob("*.txt")).read_text(encoding="utf-8").replace(
            "2011年上海市人力资源和社会保障局", "2013年上海市另一测试局", 1)
        assert _upload(client, "another.txt", text.encode("utf-8")).status_code == 200
        other.app.state.checked_at -= 10  # as if a second had passed
        assert other.get("/api/health").json()["reports"] == count + 1


def test_follow_up_contexts_are_the_same_read_at_once_or_question_by_question(client):
    from qa.conversation import follow_up_context

    agencies = client.app.state.collection.agencies()
    history = ["淮安市洪泽区2024年行政复议总计多少件？", "那2023年呢？", "平潭综合实验区呢？"]
    for n in range(1, len(history) + 1):  # as a conversation grows
        stepwise = follow_up_context(history[:n], agencies)
    at_once = follow_up_context(history, agencies)
    assert stepwise == at_once
    assert at_once.years == (2023,) and at_once.agencies and at_once.agencies[0][0] == "平潭综合实验区"


def test_repeated_questions_are_answered_from_the_cache(client):
    cache = client.app.state.answers
    before = cache.cache_info().hits
    q = {"question": "平潭综合实验区2024年行政复议结果维持多少件？"}  # asked by no other test
    first, second = client.post("/api/ask", json=q), client.post("/api/ask", json=q)
    assert first.json() == second.json()
    assert cache.cache_info().hits == before + 1


# ---------------------------------------------------------------- docs and the page


def test_docs_and_redoc_load_nothing_from_elsewhere(client):
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        assets = __import__("re").findall(r'(?:src|href)="([^"]+)"', html)
        assert assets and all(a.startswith("/static/") for a in assets), assets
        for asset in assets:
            assert client.get(asset).status_code == 200, asset
        assert "fonts.googleapis" not in html and "cdn.jsdelivr" not in html


def test_openapi_docs_have_an_example_for_each_endpoint(client):
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]

    def with_refs(node) -> str:  # the operation and the schemas it refers to
        text = json.dumps(node)
        refs = {r.rsplit("/", 1)[-1] for r in __import__("re").findall(r'"#/components/schemas/([^"]+)"', text)}
        return text + "".join(json.dumps(schemas[name]) for name in refs if name in schemas)

    for path, methods in [("/api/ask", ("get", "post")), ("/api/reports", ("get", "post")),
                          ("/api/reports/{report_id}", ("get",)), ("/api/facts", ("get",)), ("/api/health", ("get",))]:
        for method in methods:
            assert "example" in with_refs(spec["paths"][path][method]), (path, method)


def test_chat_page_and_its_assets_are_served_locally(client):
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    script = client.get("/static/app.js")
    style = client.get("/static/style.css")
    assert script.status_code == 200 and style.status_code == 200
    for asset in (script.text, style.text):
        assert "http://" not in asset and "https://" not in asset and "@import" not in asset
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script.text  # report text is only ever text


def test_csv_of_a_series_answer_has_its_points_and_a_descriptive_name(client):
    question = "平潭综合实验区2019到2024年每年本年新收政府信息公开申请数量是多少？"
    body = client.get("/api/ask", params={"q": question}).json()
    assert body["shape"] == "series" and len(body["points"]) == 6
    res = client.get("/api/ask", params={"q": question, "format": "csv"})
    assert res.status_code == 200 and res.content.startswith(b"\xef\xbb\xbf")
    assert quote("平潭综合实验区_requests.new_received.total.csv") in res.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert [r["label"] for r in rows] == [p["label"] for p in body["points"]]
    for row, point in zip(rows, body["points"]):
        assert row["value"] == ("" if point["value"] is None else str(int(point["value"])))
        assert {"page", "section", "source_url", "fact_id"} <= set(row)


def test_csv_of_a_ranking_answer_lists_its_agencies_in_rank_order(client):
    question = "2024年哪些机关本年新收政府信息公开申请最多？前5"
    body = client.get("/api/ask", params={"q": question}).json()
    assert body["shape"] == "ranking" and len(body["points"]) == 5
    res = client.get("/api/ask", params={"q": question, "format": "csv"})
    assert res.status_code == 200 and res.content.startswith(b"\xef\xbb\xbf")
    assert res.headers["content-type"].startswith("text/csv")
    assert 'filename="requests.new_received.total.csv"' in res.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert [(r["label"], r["agency"], r["year"]) for r in rows] == [
        (p["label"], p["report"]["agency"], "2024") for p in body["points"]]
    values = [int(r["value"]) for r in rows]  # counts as integers, largest first
    assert values == sorted(values, reverse=True) == [int(p["value"]) for p in body["points"]]
    for row in rows:  # each figure leads back to its cell
        fact = client.get(f"/api/facts/{row['fact_id']}").json()
        assert fact["agency"] == row["agency"] and fact["value"] == int(row["value"])
        assert fact["key"] == row["key"] == "requests.new_received.total"


def test_csv_of_a_computed_answer_lists_its_inputs(client):
    res = client.get("/api/ask", params={"q": "平潭综合实验区2024年政府信息公开行政诉讼有多少件？", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert sorted(int(r["value"]) for r in rows) == [0, 19] and all(r["fact_id"] for r in rows)


def test_facts_sqlite_opens_read_only_as_the_readme_says(client, home):
    import sqlite3

    live = (home / "CURRENT").read_text().strip()
    db = sqlite3.connect(f"file:{home / 'generations' / live / 'facts.sqlite'}?mode=ro", uri=True)
    try:
        count = db.execute("SELECT count(*) FROM facts").fetchone()[0]
        columns = {row[1] for row in db.execute("PRAGMA table_info(facts)")}
    finally:
        db.close()
    assert count == client.get("/api/facts", params={"_size": 1}).json()["count"]
    assert {"report_id", "agency", "year", "key", "table_id", "row", "col", "value", "unit", "raw"} <= columns


def test_a_reloaded_collection_is_freed_with_everything_the_doors_built_on_it(client):
    import gc
    import weakref

    import server

    app = client.app
    for _ in range(2):  # answers cached, fact ids built, a table cited: all of it on the collection open now
        assert client.get("/api/ask", params={"q": REVIEW_Q}).json()["status"] == "answered"
        assert client.get("/api/facts", params={"_size": 1}).json()["count"] > 0
    old = weakref.ref(app.state.collection)
    with app.state.write_lock:
        server._reopen(app)  # what an upload or another process's ingest leads to
    assert client.get("/api/ask", params={"q": REVIEW_Q}).json()["status"] == "answered"
    assert client.get("/api/facts", params={"_size": 1}).json()["count"] > 0
    gc.collect()
    assert old() is None, [type(r).__name__ for r in gc.get_referrers(old())]


def test_a_worker_whose_generation_was_removed_answers_from_the_live_one(home, tmp_path):
    """Two uploads to another worker write two generations; the second removes the one this
    worker still has open. Its next question is answered from the live one, not a 503."""
    import shutil
    import time

    import server
    from index.ingest import ingest
    from index.settings import Settings

    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    settings = Settings(home=copy, model=FAKE_MODEL)
    text = next(SEED.glob("*.txt")).read_text(encoding="utf-8")
    with TestClient(server.create_app(settings)) as c:
        opened = c.app.state.collection.generation.folder
        for i, name in enumerate(("甲", "乙")):
            report = tmp_path / f"上海市测试{name}局_2012.txt"
            report.write_text(text.replace("2011年上海市人力资源和社会保障局", f"2012年上海市测试{name}局", 1),
                              encoding="utf-8")
            ingest([report], settings, progress=False)  # as another worker's upload does
        assert not opened.exists()  # this worker's generation is gone
        c.app.state.checked_at = time.monotonic() + 3600  # it has not looked for a newer one yet
        res = c.get("/api/ask", params={"q": REVIEW_Q})  # its report is read from the generation now
    assert res.status_code == 200, res.text
    assert res.json()["status"] == "answered"
