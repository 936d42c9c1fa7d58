"""A collection of the real reports for the server tests, built once per test session.

It uses the deterministic fake embedder (``REPORTQA_MODEL=reportqa/fake-bigram``): these tests are
about the HTTP doors, not about the embedding model.
"""
from __future__ import annotations

import os
from pathlib import Path

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
