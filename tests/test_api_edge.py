"""Requests validated at the edge (``qa.edge``): every parameter typed and bounded in the OpenAPI
document, a bad request a 422 (never a 503 that blames the collection), no server path or
traceback in any answer, every status documented, ``Allow`` right on 405, an upload's token checked
before its body is read, an over-limit chunked body 413, and questions read without invisible
characters and with full-width digits as digits."""
from __future__ import annotations

import asyncio
import json

import pytest
from fastapi.testclient import TestClient

from tests.served import build_home, served

TOKEN = "edge-token"
QUESTION = "平潭综合实验区2024年政府信息公开行政复议总计多少件？"
METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return build_home(tmp_path_factory.mktemp("edge") / "home")


@pytest.fixture(scope="module")
def client(home):
    with served(home, TOKEN) as c:
        yield c


@pytest.fixture(scope="module")
def openapi(client):
    return client.get("/openapi.json").json()


def _operations(openapi):
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation


def _schema(param: dict) -> dict:
    """A parameter's schema without the ``null`` of an optional one."""
    schema = param["schema"]
    return next((s for s in schema.get("anyOf", []) if s.get("type") != "null"), schema)


# ---------------------------------------------------------------- the OpenAPI document states the bounds


def test_every_parameter_is_typed_and_bounded(openapi):
    seen = 0
    for path, method, operation in _operations(openapi):
        for param in operation.get("parameters", []):
            schema, where = _schema(param), f"{method} {path} {param['name']}"
            if schema.get("type") == "integer":
                assert "minimum" in schema and "maximum" in schema, where
            else:
                assert schema.get("type") == "string", where
                assert "enum" in schema or ("maxLength" in schema or "pattern" in schema), where
            seen += 1
    body = openapi["components"]["schemas"]["AskRequest"]
    assert body["properties"]["question"]["maxLength"] == 500 and body["properties"]["question"]["minLength"] == 1
    assert body["properties"]["history"]["items"]["maxLength"] == 500 and body["properties"]["history"]["maxItems"] == 50
    assert body["additionalProperties"] is False
    assert seen >= 25


def test_every_year_is_within_a_sane_range(openapi):
    years = [_schema(p) for _, _, op in _operations(openapi) for p in op.get("parameters", []) if p["name"] == "year"]
    years.append(_schema({"schema": openapi["components"]["schemas"]["AskRequest"]["properties"]["year"]}))
    assert len(years) == 4 and all((s["minimum"], s["maximum"]) == (1990, 2100) for s in years)


def test_every_operation_documents_the_statuses_it_can_answer(openapi):
    for path, method, operation in _operations(openapi):
        statuses = set(operation["responses"])
        assert "200" in statuses, (method, path)
        if path == "/api/health":
            continue
        assert {"422", "500", "503"} <= statuses, (method, path)
        if "{" in path:
            assert "404" in statuses, (method, path)
    upload = openapi["paths"]["/api/reports"]["post"]
    assert {"400", "401", "403", "413", "415", "422"} <= set(upload["responses"])
    assert upload["security"] and "HTTPBearer" in openapi["components"]["securitySchemes"]


def test_the_list_parameters_are_one_dependency(openapi):
    def paging(path):
        return {p["name"]: _schema(p) for p in openapi["paths"][path]["get"]["parameters"] if p["name"].startswith("_")
                or p["name"] == "format"}

    facts, reports = paging("/api/facts"), paging("/api/reports")
    assert set(facts) == set(reports) == {"_size", "_next", "_sort", "_sort_desc", "_shape", "format"}
    for name in ("_size", "_next", "_shape", "format"):
        assert facts[name] == reports[name]
    assert "value" in facts["_sort"]["enum"] and "title" in reports["_sort"]["enum"]  # each list's own fields


# ---------------------------------------------------------------- a bad request is a 422


@pytest.mark.parametrize("method, path, params", [
    ("GET", "/api/facts", {"year": "99999999999999999999"}),
    ("GET", "/api/facts", {"year": "-1"}),
    ("GET", "/api/reports", {"year": "2101"}),
    ("GET", "/api/ask", {"q": QUESTION, "year": "9223372036854775808"}),
    ("POST", "/api/ask", {"question": QUESTION, "year": 99999999999999999999}),
    ("GET", "/api/facts", {"_size": "0"}),
    ("GET", "/api/facts", {"_size": "1001"}),
    ("GET", "/api/facts", {"_sort": "value", "_sort_desc": "year"}),
    ("GET", "/api/reports", {"_next": "eyJub3QiOiAiYSBjdXJzb3IifQ"}),
    ("GET", "/api/facts", {"agency": "平" * 201}),
    ("GET", "/api/facts", {"format": "xml"}),
    ("GET", "/api/ask", {"q": "\u200b" * 501}),
    ("POST", "/api/ask", {"question": QUESTION, "history": ["问" * 501]}),
])
def test_a_bad_request_is_422_never_a_damaged_collection(client, home, method, path, params):
    res = client.get(path, params=params) if method == "GET" else client.post(path, json=params)
    assert res.status_code == 422, res.text
    error = res.json()["error"]
    assert "damaged" not in error and str(home) not in error and "Traceback" not in error
    assert any(name in error for name in params), error  # names the parameter at fault


def test_a_collection_fault_is_503_without_the_servers_folders(client, home, monkeypatch):
    import server
    from corpus.errors import ReportQAError

    def damaged(app):
        raise ReportQAError(f"the collection at {home} is damaged: {home}/reports/x.json is missing; "
                            f"run `reportqa ingest --rebuild PATH`")

    monkeypatch.setattr(server, "current_collection", damaged)
    res = client.get("/api/facts", params={"_size": 1})
    assert res.status_code == 503
    error = res.json()["error"]
    assert str(home) not in error and "damaged" in error and "reportqa ingest --rebuild" in error


def test_a_server_fault_is_a_json_500_with_no_traceback_or_internal_name(client, monkeypatch):
    import server

    def broken(app):
        raise RuntimeError(f"secret state in {server.__file__}")

    monkeypatch.setattr(server, "current_collection", broken)
    with TestClient(client.app, raise_server_exceptions=False) as plain:  # the same app, already open
        res = plain.get("/api/reports")
    assert res.status_code == 500 and res.headers["content-type"] == "application/json"
    error = res.json()["error"]
    assert "RuntimeError" not in error and "secret" not in error and ".py" not in error


# ---------------------------------------------------------------- 405 and Allow


def test_405_lists_exactly_the_methods_of_the_path(client, openapi):
    checked = 0
    for path, methods in openapi["paths"].items():
        url = (path.replace("{report_id}", "b4a3df832f21").replace("{table_id}", "t1")
               .replace("{fact_id}", "b4a3df832f21.t1.r0c0"))
        documented = {m.upper() for m in methods}
        for method in METHODS:
            if method in documented:
                continue
            res = client.request(method, url)
            assert res.status_code == 405, (method, path)
            assert set(res.headers["allow"].split(", ")) == documented, (method, path, res.headers["allow"])
            assert all(m in res.json()["error"] for m in documented)
            checked += 1
    assert checked >= 25


# ---------------------------------------------------------------- uploads


def _asgi(app, method: str, path: str, headers: dict[str, str], chunks: list[bytes]) -> tuple[int, dict, list[int]]:
    """Call ``app`` as a server would; returns (status, headers, how many body chunks the app read)."""
    sent: list[dict] = []
    read: list[int] = []

    async def receive():
        read.append(1)
        if len(read) <= len(chunks):
            return {"type": "http.request", "body": chunks[len(read) - 1], "more_body": len(read) < len(chunks)}
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "path": path,
             "raw_path": path.encode(), "query_string": b"", "root_path": "", "scheme": "http",
             "server": ("testserver", 80), "client": ("127.0.0.1", 1),
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, read


@pytest.mark.parametrize("authorization, status", [(None, 401), ("Bearer wrong", 403), ("Bearer ", 401)])
def test_an_uploads_token_is_checked_before_its_body_is_read(client, authorization, status):
    headers = {"content-type": "multipart/form-data; boundary=x", "content-length": "100000"}
    if authorization is not None:
        headers["authorization"] = authorization
    got, response_headers, read = _asgi(client.app, "POST", "/api/reports", headers, [b"--x\r\n" + b"a" * 1000])
    assert got == status and read == []  # refused before a single byte of the body was read
    assert (response_headers.get("www-authenticate") == "Bearer") == (status == 401)


def test_an_over_limit_chunked_upload_is_413_and_nothing_is_stored(client, home, monkeypatch):
    import qa.edge

    monkeypatch.setattr(qa.edge, "MAX_UPLOAD_BYTES", 1000)
    before = sorted(p.name for p in (home / "uploads").rglob("*")) if (home / "uploads").exists() else []

    def body():  # no Content-Length: the body arrives in chunks and is counted as it comes
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
        for _ in range(200):
            yield b"x" * 1024
        yield b"\r\n--b--\r\n"

    res = client.post("/api/reports", content=body(), headers={
        "Authorization": f"Bearer {TOKEN}", "Content-Type": "multipart/form-data; boundary=b"})
    assert res.status_code == 413 and "MiB" in res.json()["error"]
    after = sorted(p.name for p in (home / "uploads").rglob("*")) if (home / "uploads").exists() else []
    assert after == before


def test_an_over_limit_chunked_question_is_413(client):
    def body():
        yield b'{"question": "'
        for _ in range(100):
            yield "问".encode() * 400
        yield b'"}'

    res = client.post("/api/ask", content=body(), headers={"Content-Type": "application/json"})
    assert res.status_code == 413 and "KiB" in res.json()["error"]


@pytest.mark.parametrize("name, data, words", [
    ("notes.txt", "今天开会，讨论了食堂的菜单。\n明天继续。\n".encode(), "notes.txt"),
    ("page.html", b"<html><body><p>Welcome to our site</p></body></html>", "page.html"),
    ("binary.html", bytes(range(256)) * 40, "binary.html"),
])
def test_a_refused_upload_is_422_with_its_one_line_reason(client, home, name, data, words):
    before = client.get("/api/reports").json()["count"]
    res = client.post("/api/reports", files={"file": (name, data)}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert res.status_code == 422, res.text
    error = res.json()["error"]
    assert words in error and "\n" not in error and str(home) not in error and "Traceback" not in error
    assert client.get("/api/reports").json()["count"] == before


# ---------------------------------------------------------------- invisible characters and full-width digits


@pytest.mark.parametrize("hidden", [
    "平潭综合\u200b实验区2024年政府信息公开行政复议总计多少件？",  # zero-width space inside the agency's name
    "\ufeff平潭综合实验区2024年政府信息公开行政复议总计多少件？",  # a byte-order mark pasted in front
    "平潭综合实验区\u200f2024年\u202e政府信息公开\u2060行政复议总计多少件？",  # bidi marks, word joiner
    "平潭综合实验区2024年政府信息公开\x07行政复议\x00总计多少件？",  # control characters
])
def test_invisible_characters_do_not_change_the_answer(client, hidden):
    plain = client.get("/api/ask", params={"q": QUESTION}).json()
    assert plain["status"] == "answered" and plain["value"] is not None
    assert client.get("/api/ask", params={"q": hidden}).json() == plain
    assert client.post("/api/ask", json={"question": hidden}).json() == plain


def test_an_invisible_character_in_the_agency_parameter_is_dropped(client):
    question = "2024年政府信息公开行政复议总计多少件？"
    plain = client.get("/api/ask", params={"q": question, "agency": "平潭综合实验区"}).json()
    hidden = client.get("/api/ask", params={"q": question, "agency": "平潭\u200b综合实验区\ufeff"}).json()
    assert plain["status"] == "answered" and hidden == plain
    facts = client.get("/api/facts", params={"agency": "平潭综合\u200d实验区", "_size": 1}).json()
    assert facts["count"] == client.get("/api/facts", params={"agency": "平潭综合实验区", "_size": 1}).json()["count"]


def test_full_width_digits_are_read_as_digits(client):
    plain = client.get("/api/ask", params={"q": QUESTION}).json()
    wide = client.get("/api/ask", params={"q": QUESTION.replace("2024", "２０２４")}).json()
    assert wide["question"] == QUESTION.replace("2024", "２０２４")  # the question as asked
    assert {k: v for k, v in wide.items() if k != "question"} == {k: v for k, v in plain.items() if k != "question"}
    assert wide["understood"]["years"] == [2024]


def test_a_question_of_nothing_but_invisible_characters_is_not_understood(client):
    body = client.get("/api/ask", params={"q": "\u200b\u200b"}).json()
    assert body["status"] == "not_understood" and body["examples"] and body["question"] == ""
    res = client.post("/api/ask", content=json.dumps({"question": "\ud800"}), headers={"Content-Type": "application/json"})
    assert res.status_code == 422 and "question" in res.json()["error"]  # a lone surrogate is no text


def test_the_upload_token_is_compared_in_constant_time(monkeypatch):
    """Every token given is compared with hmac.compare_digest (its time does not depend on where the
    first wrong character stands), never with ==."""
    import hmac

    import qa.edge

    compared, constant_time = [], hmac.compare_digest

    def spy(a, b):
        compared.append((a, b))
        return constant_time(a, b)

    monkeypatch.setenv("REPORTQA_TOKEN", "s3cret-token")
    monkeypatch.setattr(qa.edge.hmac, "compare_digest", spy)
    assert qa.edge.token_problem("Bearer s3cret-token") is None
    assert qa.edge.token_problem("Bearer s3cret-tokeX") == (403, "wrong upload token")
    assert qa.edge.token_problem("s3cret-token") is None  # the scheme may be left out
    assert compared == [(b"s3cret-token", b"s3cret-token"), (b"s3cret-tokeX", b"s3cret-token"),
                        (b"s3cret-token", b"s3cret-token")]
