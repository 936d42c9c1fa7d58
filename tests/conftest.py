"""Shared fixtures: the real reports are read from ../shared beside the repository, never copied."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL = SHARED / "corpus" / "real"
SEED = ROOT / "corpus" / "reports"
DEV_QUESTIONS = SHARED / "eval" / "dev_questions.jsonl"


def real_files(*suffixes: str) -> list[Path]:
    """Every real report file (optionally only those ending in one of ``suffixes``)."""
    files = sorted(p for p in REAL.iterdir() if p.name != "MANIFEST.tsv")
    return [p for p in files if not suffixes or p.suffix in suffixes]


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty REPORTQA_HOME for one test."""
    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path / "home"))
    return tmp_path / "home"
