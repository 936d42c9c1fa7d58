"""The data folder: plain files, records round-trip, and every damage or mismatch refused with a rebuild hint."""
from __future__ import annotations

import dataclasses
import json
import re
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from corpus import read_report
from corpus.errors import ReportQAError
from corpus.records import Report
from index import store
from index.collection import open_collection
from index.model import FakeEmbedder
from index.settings import Settings
from tests.conftest import REAL, SEED

REBUILD = "reportqa ingest --rebuild"


@pytest.fixture
def copy(sample_settings, tmp_path):
    """A private copy of the sample collection, to damage."""
    home = tmp_path / "home"
    shutil.copytree(sample_settings.home, home)
    settings = Settings(home=home, model=sample_settings.model)
    return settings, store.current_generation(home)


def test_report_round_trips_through_json():
    for path in (next(SEED.iterdir()), REAL / "淮安市洪泽区人民政府_2023.pdf"):
        report = read_report(path)
        data = json.loads(json.dumps(store.to_data(report), ensure_ascii=False))
        assert store.from_data(Report, data) == report


def test_files_are_plain_and_consistent(sample_settings):
    folder = store.current_generation(sample_settings.home)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format_version"] == store.FORMAT_VERSION and manifest["dimension"] == 32
    assert set(manifest["chunking"]) >= {"max_chars", "overlap_chars"}
    lines = (folder / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == manifest["counts"]["chunks"]
    offsets = np.load(folder / "chunks.offsets.npy", allow_pickle=False)
    assert offsets[-1] == (folder / "chunks.jsonl").stat().st_size
    assert all(json.loads(line)["tokens"] for line in lines[:20])
    ranges = [e["chunks"] for e in manifest["reports"]]
    assert ranges[0][0] == 0 and ranges[-1][1] == len(lines)
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    db = sqlite3.connect(folder / "facts.sqlite")
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == len(manifest["reports"])
    assert db.execute("SELECT count(*) FROM facts").fetchone()[0] == sum(e["facts"] for e in manifest["reports"])
    for entry in manifest["reports"]:
        assert (folder / "reports" / store.report_file_name(entry["id"])).is_file()
    assert not list(folder.rglob("*.pkl")) and not list(folder.rglob("*.pickle"))


def test_no_collection_says_how_to_make_one(tmp_path):
    with pytest.raises(store.NoCollection, match="reportqa ingest"):
        open_collection(Settings(home=tmp_path / "none"), auto_ingest=False)


def damage_manifest(folder, change):
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    change(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize("damage, says", [
    (lambda f: (f / "manifest.json").write_text("{not json", encoding="utf-8"), "manifest.json"),
    (lambda f: (f / "manifest.json").unlink(), "manifest.json is missing"),
    (lambda f: (f / "vectors.faiss").write_bytes((f / "vectors.faiss").read_bytes()[:100]), "vectors.faiss"),
    (lambda f: (f / "bm25" / "vocab.index.json").unlink(), "vocab.index.json"),
    (lambda f: (f / "chunks.jsonl").write_text("", encoding="utf-8"), "chunks.jsonl"),
    (lambda f: damage_manifest(f, lambda m: m.update(format_version=99)), "format version 99"),
    (lambda f: damage_manifest(f, lambda m: m.update(dictionary_hash="0")), "jieba dictionary"),
    (lambda f: shutil.rmtree(f), "names a missing folder"),
    (lambda f: damage_manifest(f, lambda m: m["reports"][0].pop("reader")), "another version of reportqa's report"),
    (lambda f: damage_manifest(f, lambda m: m["reports"][-1].update(reader="0")), "1 of 5 reports read by another"),
])
def test_damage_is_refused_with_a_rebuild_hint(copy, damage, says):
    settings, folder = copy
    damage(folder)
    with pytest.raises(ReportQAError, match=REBUILD) as error:
        open_collection(settings).search("行政复议")
    assert says in str(error.value)


@pytest.mark.parametrize("name, use", [
    ("vectors.faiss", lambda c: c.search("行政复议", mode="dense")),
    ("facts.sqlite", lambda c: c.facts()),
    ("bm25/data.csc.index.npy", lambda c: c.search("行政复议", mode="bm25")),
])
def test_same_size_garbage_is_refused_when_read(copy, name, use):
    settings, folder = copy
    path = folder / name
    path.write_bytes(b"\x07" * path.stat().st_size)
    with pytest.raises(ReportQAError, match=REBUILD):
        use(open_collection(settings))


def test_another_model_is_refused(copy):
    settings, _ = copy
    with pytest.raises(ReportQAError, match="REPORTQA_MODEL"):
        open_collection(Settings(home=settings.home, model="some/other-model"))
    with pytest.raises(ReportQAError, match=REBUILD):
        open_collection(settings, embedder=FakeEmbedder(16)).search("行政复议")


def test_report_is_the_stored_parse(sample_settings):
    collection = open_collection(sample_settings)
    summary = next(s for s in collection.reports() if s.path.endswith(".pdf"))
    report = collection.report(summary.id)
    assert report == dataclasses.replace(read_report(summary.path), path=summary.path, alternates=summary.alternates)
    assert (report.agency, report.year, len(report.facts)) == (summary.agency, summary.year, summary.facts)
    with pytest.raises(KeyError):
        collection.report("no-such-id")


def test_reader_fingerprint_covers_the_reader_source_and_data(tmp_path):
    import corpus

    fingerprint = store.reader_fingerprint()
    assert re.fullmatch(r"[0-9a-f]{16}", fingerprint) and store.reader_fingerprint() is fingerprint  # once a process
    root = tmp_path / "corpus"
    shutil.copytree(Path(corpus.__file__).parent, root, ignore=shutil.ignore_patterns("__pycache__"))
    assert store.source_fingerprint(root) == fingerprint
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    (root / "reports" / "another.txt").write_text("a bundled report is not the reader", encoding="utf-8")
    assert store.source_fingerprint(root) == fingerprint
    data = next((root / "data").iterdir())
    data.write_bytes(data.read_bytes() + b" ")
    assert store.source_fingerprint(root) != fingerprint
    data.write_bytes(data.read_bytes()[:-1])
    with open(root / "tables.py", "a", encoding="utf-8") as f:
        f.write("# a change of the reader\n")
    assert store.source_fingerprint(root) != fingerprint


def test_every_report_records_the_reader_that_parsed_it(sample_settings):
    manifest = open_collection(sample_settings).manifest
    assert manifest["reader"] == store.reader_fingerprint()
    assert {e["reader"] for e in manifest["reports"]} == {store.reader_fingerprint()}


def test_missing_current_is_damage_not_an_empty_home(copy, capsys):
    """A read-only open never treats a missing CURRENT as "no collection" (which would auto-ingest
    the bundled report and drop every report): it reads the newest complete generation, says so,
    and leaves every generation on disk."""
    settings, folder = copy
    before = {s.id for s in open_collection(settings, embedder=FakeEmbedder(32)).reports()}
    (settings.home / store.CURRENT).unlink()
    again = open_collection(settings, embedder=FakeEmbedder(32))
    assert {s.id for s in again.reports()} == before and len(before) > 1
    assert folder.is_dir()
    assert "CURRENT is missing" in capsys.readouterr().err


def test_current_naming_a_missing_folder_falls_back_to_a_complete_generation(copy, capsys):
    settings, folder = copy
    (settings.home / store.CURRENT).write_text("g-gone\n", encoding="utf-8")
    assert store.current_generation(settings.home) == folder
    assert "g-gone" in capsys.readouterr().err
    shutil.rmtree(folder)
    with pytest.raises(ReportQAError, match="damaged"):
        store.current_generation(settings.home)
