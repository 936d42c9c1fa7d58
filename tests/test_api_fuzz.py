"""The API fuzzed from its own OpenAPI document (schemathesis) over the real reports: at least 1,000
generated requests, schema-valid ones and schema-violating ones, with no 5xx, no response that
breaks its documented schema, status code, content type or headers, no schema-violating request
accepted, no schema-valid request refused except by the documented rules the schema cannot state,
and nothing private (the server's folders, a traceback) in any response."""
from __future__ import annotations

import re
from collections import Counter

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis (the test extras)")

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.generation import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,  # noqa: E402
                                               response_headers_conformance, response_schema_conformance,
                                               status_code_conformance)

from tests.conftest import ROOT  # noqa: E402
from tests.served import FAKE_MODEL, build_home  # noqa: E402

TOKEN = "fuzz-token"
# Examples per operation: schema-valid requests, then schema-violating ones (an operation with no
# parameter has no violating request). 10 operations give about 1,100 requests in ~40 s on 2 cores.
EXAMPLES = {GenerationMode.POSITIVE: 75, GenerationMode.NEGATIVE: 45}
# Schema-valid requests the server refuses by rules OpenAPI cannot state, each documented in the
# parameter's description: _sort with _sort_desc, a cursor this server did not write, an upload
# whose file name or content is no report.
DOCUMENTED_REFUSALS = {
    ("GET", "/api/facts"): (422, re.compile(r"give _sort or _sort_desc, not both|_next: next=")),
    ("GET", "/api/reports"): (422, re.compile(r"give _sort or _sort_desc, not both|_next: next=")),
    ("POST", "/api/reports"): ((415, 422), re.compile(r".")),
}
PRIVATE = re.compile(r"Traceback|File \"|site-packages|\.py\b|/tmp/|/home/|/root/")


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    import server
    from index.settings import Settings

    home = build_home(tmp_path_factory.mktemp("fuzz") / "home")
    mp = pytest.MonkeyPatch()
    mp.setenv("REPORTQA_TOKEN", TOKEN)
    app = server.create_app(Settings(home=home, model=FAKE_MODEL))
    with TestClient(app) as client:  # the lifespan: the collection is open for every generated call
        facts = client.get("/api/facts", params={"_size": 1000, "_sort": "id"}).json()["rows"][::50]
        held = {"report_id": sorted({f["report_id"] for f in facts}), "fact_id": [f["id"] for f in facts],
                "table_id": sorted({f["table"] for f in facts})}
        yield schemathesis.openapi.from_asgi("/openapi.json", app), home, held
    mp.undo()


def _cases(operation, mode, held):
    """Requests for ``operation``; with path parameters, schema-valid ones name ids the collection
    holds half of the time (random ids are almost never held: they would only test the 404)."""
    cases = operation.as_strategy(generation_mode=mode)
    names = [p["name"] for p in operation.definition.raw.get("parameters", []) if p["in"] == "path"]
    if mode is not GenerationMode.POSITIVE or not names:
        return cases
    from hypothesis import strategies as st

    known = st.fixed_dictionaries({name: st.sampled_from(held[name]) for name in names}).flatmap(
        lambda ids: operation.as_strategy(generation_mode=mode, path_parameters=ids))
    return st.one_of(cases, known)


def negative_data_refused(ctx, response, case):
    """A schema-violating request is refused: schemathesis' check, with 413 (a body over the size limit,
    refused before it is read, whatever else is wrong with it) counted as a refusal too."""
    if response.status_code == 413:
        return None
    return negative_data_rejection(ctx, response, case)


def only_documented_refusals(ctx, response, case) -> None:
    """A schema-valid request is answered 2xx, or 404 for an id the collection does not hold, or
    refused by one of DOCUMENTED_REFUSALS."""
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code < 300:
        return
    if response.status_code == 404 and "{" in case.path:
        return
    statuses, words = DOCUMENTED_REFUSALS.get((case.method.upper(), case.path), ((), None))
    statuses = statuses if isinstance(statuses, tuple) else (statuses,)
    error = response.json().get("error", "") if response.headers.get("content-type", [""])[0].startswith(
        "application/json") else ""
    assert response.status_code in statuses and words is not None and words.search(error), (
        f"schema-valid request refused: {response.status_code} {response.text[:300]}")


def nothing_private(home):
    def check(ctx, response, case) -> None:
        """No response names the server's folders or shows a traceback."""
        text = response.text if not response.headers.get("content-disposition") else ""
        for private in (str(home), str(home.resolve()), str(ROOT)):
            assert private not in text, f"the server's folder {private} in a response"
        found = PRIVATE.search(text)
        assert found is None, f"{found.group(0)!r} in a response: {text[:300]}"
    return check


@pytest.mark.slow
def test_no_5xx_and_every_response_fits_its_schema(api):
    schema, home, held = api
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
              response_schema_conformance, negative_data_refused, only_documented_refusals, nothing_private(home)]
    calls: Counter = Counter()
    answered: Counter = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, examples in EXAMPLES.items():

            @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            @given(case=_cases(operation, mode, held))
            def fuzz(case) -> None:
                response = case.call_and_validate(checks=checks, headers={"Authorization": f"Bearer {TOKEN}"})
                calls[f"{case.method} {case.path}"] += 1
                answered[f"{case.method} {case.path}"] += response.status_code < 300

            try:
                fuzz()
            except Unsatisfiable:  # no schema-violating request exists for an operation without parameters
                assert mode is GenerationMode.NEGATIVE and not operation.definition.raw.get("parameters")
    print(f"{sum(calls.values())} requests", dict(calls))
    assert sum(calls.values()) >= 1000, calls
    operations = {f"{op.ok().method.upper()} {op.ok().path}" for op in schema.get_all_operations()}
    assert set(calls) == operations
    # the valid requests reach the data: every read operation answered some of them
    assert all(answered[op] > 0 for op in operations if op != "POST /api/reports"), answered
