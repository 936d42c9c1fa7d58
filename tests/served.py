"""A collection of the real reports for the server tests, built once per test session.

It uses the deterministic fake embedder (``REPORTQA_MODEL=reportqa/fake-bigram``): these tests are
about the HTTP doors, not about the embedding model.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

from tests.conftest import REAL, SEED

FAKE_MODEL = "reportqa/fake-bigram"


def build_home(home: Path) -> Path:
    """Ingest the seed and the real reports into ``home`` with the fake embedder; returns ``home``."""
    from index.ingest import ingest
    from index.settings import Settings

    settings = Settings(home=home, model=FAKE_MODEL)
    ingest([SEED, REAL], settings, progress=False)
    return home


def server_env(home: Path, token: str | None = None) -> dict[str, str]:
    """Environment for a server process over ``home``."""
    env = dict(os.environ, REPORTQA_HOME=str(home), REPORTQA_MODEL=FAKE_MODEL)
    env.pop("REPORTQA_TOKEN", None)
    if token:
        env["REPORTQA_TOKEN"] = token
    return env


@contextmanager
def served(home: Path, token: Optional[str] = None) -> Iterator["TestClient"]:
    """FastAPI's TestClient over the app of ``home`` (fake embedder, lifespan open), with
    ``REPORTQA_TOKEN`` set to ``token`` while it runs."""
    import pytest
    from fastapi.testclient import TestClient

    import server
    from index.settings import Settings

    mp = pytest.MonkeyPatch()
    if token:
        mp.setenv("REPORTQA_TOKEN", token)
    try:
        with TestClient(server.create_app(Settings(home=home, model=FAKE_MODEL))) as client:
            yield client
    finally:
        mp.undo()
