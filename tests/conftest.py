"""Shared fixtures: the real reports are read from ../shared beside the repository, never copied."""
from __future__ import annotations

import functools
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


# Real reports the index tests ingest: an html/txt pair of one report, a PDF, a department's html, a flattened txt.
INDEX_SAMPLE = ("平潭综合实验区_2024.html", "平潭综合实验区_2024.txt", "淮安市洪泽区人民政府_2023.pdf",
                "上海市人民政府办公厅_2019.txt", "平潭综合实验区行政审批局_2024.html")


@pytest.fixture(scope="session")
def sample_settings(tmp_path_factory):
    """Settings of a collection of the seed and INDEX_SAMPLE, ingested once with the fake embedder."""
    from index.ingest import ingest
    from index.settings import Settings

    settings = Settings(home=tmp_path_factory.mktemp("index") / "home", model="reportqa/fake-bigram")
    ingest([SEED, *(REAL / name for name in INDEX_SAMPLE)], settings, progress=False)
    return settings


@functools.lru_cache(maxsize=None)
def parsed_document(path: Path):
    """A real or seed file read once per test session (PDFs take about a second each)."""
    from corpus.files import load_document

    return load_document(path)


@functools.lru_cache(maxsize=None)
def parsed_report(path: Path):
    """A real or seed file turned into a ``Report`` once per test session."""
    from corpus.report import build_report

    return build_report(parsed_document(path))
