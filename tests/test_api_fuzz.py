"""The API fuzzed from its own OpenAPI document (schemathesis): no 5xx, and no response that breaks
the schema it documents, over at least 500 generated requests against the real reports."""
from __future__ import annotations

from collections import Counter

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis (the test extras)")

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from tests.served import FAKE_MODEL, build_home  # noqa: E402

EXAMPLES_PER_OPERATION = 80


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    import server
    from index.settings import Settings

    app = server.create_app(Settings(home=build_home(tmp_path_factory.mktemp("fuzz") / "home"), model=FAKE_MODEL))
    with TestClient(app):  # the lifespan: the collection is open for every generated call
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.slow
def test_no_5xx_and_every_response_fits_its_schema(api):
    calls: list[str] = []
    for result in api.get_all_operations():
        operation = result.ok()

        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        @given(case=operation.as_strategy())
        def fuzz(case) -> None:
            calls.append(f"{case.method} {case.path}")
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

        fuzz()
    print(f"{len(calls)} requests", Counter(calls))
    assert len(calls) >= 500, f"{len(calls)} requests over {len(set(calls))} operations"
    assert {"GET /api/facts", "GET /api/reports", "GET /api/facts/{fact_id}", "POST /api/ask"} <= set(calls)
