"""Ingest: skips what it has, merges copies of one report, re-uses vectors, survives a bad file and a kill."""
from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from corpus.errors import ReportQAError
from index import store
from index.collection import open_collection
from index.commands import ingest_command, reports_command
from index.chunks import index_text
from index.ingest import add_reports, ingest
from index.model import FAKE_MODEL, FakeEmbedder
from index.settings import Settings
from tests.conftest import INDEX_SAMPLE, REAL, ROOT, SEED

PAIR_HTML, PAIR_TXT = REAL / "平潭综合实验区_2024.html", REAL / "平潭综合实验区_2024.txt"


class CountingEmbedder(FakeEmbedder):
    """The fake embedder, counting the passages it embeds."""

    def __init__(self) -> None:
        super().__init__(32)
        self.name = f"{FAKE_MODEL}-32"
        self.embedded = 0

    def embed_passages(self, texts, batch_size=32):
        self.embedded += len(texts)
        return super().embed_passages(texts, batch_size)


def fake_settings(tmp_path) -> Settings:
    return Settings(home=tmp_path / "home", model=FAKE_MODEL)


def test_reingest_is_a_no_op(sample_settings):
    before = store.current_generation(sample_settings.home)
    embedder = CountingEmbedder()
    result = ingest([SEED, *(REAL / n for n in INDEX_SAMPLE)], sample_settings, progress=False, embedder=embedder)
    assert not result.changed and not result.added and embedder.embedded == 0
    assert len(result.skipped) == 1 + len(INDEX_SAMPLE)
    assert store.current_generation(sample_settings.home) == before


def test_two_files_of_one_report_are_one_report(sample_settings):
    collection = open_collection(sample_settings)
    pingtan = [s for s in collection.reports() if (s.agency, s.year) == ("平潭综合实验区", 2024)]
    assert len(pingtan) == 1
    assert pingtan[0].path == str(PAIR_HTML) and pingtan[0].alternates == (str(PAIR_TXT),)
    assert collection.report(pingtan[0].id).alternates == (str(PAIR_TXT),)


def test_a_better_copy_replaces_the_stored_one(tmp_path):
    settings = fake_settings(tmp_path)
    first = ingest([PAIR_TXT], settings, progress=False)
    second = ingest([PAIR_HTML], settings, progress=False)
    assert first.added == (str(PAIR_TXT),) and second.replaced == (str(PAIR_TXT),)
    collection = open_collection(settings)
    (summary,) = collection.reports()
    assert (summary.path, summary.format, summary.alternates) == (str(PAIR_HTML), "html", (str(PAIR_TXT),))
    assert {hit.chunk.report_id for hit in collection.search("行政复议", k=10)} == {summary.id}
    assert {f.report_id for f in collection.facts()} == {summary.id}
    assert ingest([PAIR_TXT, PAIR_HTML], settings, progress=False).changed is False


def test_incremental_ingest_embeds_only_new_reports_and_keeps_old_vectors(tmp_path):
    settings = fake_settings(tmp_path)
    embedder = CountingEmbedder()
    ingest([SEED], settings, progress=False, embedder=embedder)
    before = open_collection(settings)
    old_vectors = before.searcher.vectors.vectors.copy()
    seed_chunks = embedder.embedded
    embedder.embedded = 0
    result = ingest([SEED, PAIR_HTML], settings, progress=False, embedder=embedder)
    assert embedder.embedded == result.new_chunks < result.chunks
    after = open_collection(settings)
    assert np.array_equal(after.searcher.vectors.vectors[:seed_chunks], old_vectors)
    assert [after.searcher.chunk(i) for i in range(seed_chunks)] == [before.searcher.chunk(i) for i in range(seed_chunks)]


def test_one_bad_file_is_reported_and_the_others_ingested(tmp_path, capsys):
    junk = tmp_path / "broken.pdf"
    junk.write_bytes(os.urandom(2000))
    settings = fake_settings(tmp_path)
    assert ingest_command([str(junk), str(SEED)], settings) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "broken.pdf" in err[0]
    assert len(open_collection(settings).reports()) == 1


def test_rebuild_starts_over(tmp_path):
    settings = fake_settings(tmp_path)
    ingest([SEED, PAIR_HTML], settings, progress=False)
    before = open_collection(settings)
    result = ingest([SEED], settings, rebuild=True, progress=False)
    assert result.changed and result.reports == 1
    assert not before.is_current() and open_collection(settings).is_current()
    assert len(before.search("行政复议")) == 5  # the replaced generation is still readable
    assert len(list((settings.home / store.GENERATIONS).iterdir())) <= 2  # the live one and the one before


def test_reports_command_lists_agency_year_file(sample_settings, capsys):
    assert reports_command(sample_settings) == 0
    out = capsys.readouterr().out
    assert "淮安市洪泽区人民政府" in out and "2023" in out and "淮安市洪泽区人民政府_2023.pdf" in out
    assert "alternate: 平潭综合实验区_2024.txt" in out


def test_first_use_ingests_the_bundled_report(tmp_path):
    collection = open_collection(fake_settings(tmp_path))
    (summary,) = collection.reports()
    assert summary.agency == "上海市人力资源和社会保障局" and collection.search("电子邮件申请")


def test_hand_made_reports_can_be_added(tmp_path):
    from tests.test_chunks import handmade_report

    settings = fake_settings(tmp_path)
    result = add_reports([handmade_report(["本年共受理申请13件。"])], settings)
    assert result.reports == 1 and result.chunks == 2
    assert open_collection(settings).facts(agency="某机关", year=2024)[0].value == 13


# ---------------------------------------------------------------- kill test

KILL_FILES = [str(REAL / "平潭综合实验区行政审批局_2024.html"), str(PAIR_HTML)]
QUERIES = ["电子邮件申请数", "行政复议结果维持", "复制费", "政府信息公开工作年度报告"]


def answers(settings):
    collection = open_collection(settings, auto_ingest=False)
    return [[(h.chunk.id, round(h.score, 6)) for h in collection.search(q, k=5)] for q in QUERIES], \
        len(collection.facts())


def ingest_process(settings, env_extra=None):
    env = {**os.environ, "REPORTQA_HOME": str(settings.home), "REPORTQA_MODEL": FAKE_MODEL, **(env_extra or {})}
    return subprocess.Popen([sys.executable, "-m", "qa.cli", "ingest", *KILL_FILES], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_an_ingest_killed_at_any_moment_leaves_the_previous_collection(tmp_path):
    settings = fake_settings(tmp_path)
    ingest([SEED], settings, progress=False)
    live = store.current_generation(settings.home)
    baseline = answers(settings)
    for step in ("chunks", "vectors", "bm25", "facts", "manifest", "renamed"):  # every step of a commit
        process = ingest_process(settings, {"REPORTQA_TEST_KILL_AT": step})
        assert process.wait(timeout=120) == -signal.SIGKILL, process.stderr.read()
        assert store.current_generation(settings.home) == live, step
        assert answers(settings) == baseline, step
    started = time.perf_counter()
    finished = ingest_process(settings)  # how long a whole ingest takes, to kill others inside it
    assert finished.wait(timeout=120) == 0
    duration = time.perf_counter() - started
    new_answers = answers(settings)
    ingest([SEED], settings, rebuild=True, progress=False)
    live, baseline = store.current_generation(settings.home), answers(settings)
    for fraction in (0.2, 0.5, 0.8, 0.9, 0.95):
        process = ingest_process(settings)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        if store.current_generation(settings.home) == live:
            assert answers(settings) == baseline, fraction
        else:  # killed after the switch: the new collection is live and whole; start again from the seed
            assert answers(settings) == new_answers, fraction
            ingest([SEED], settings, rebuild=True, progress=False)
            live, baseline = store.current_generation(settings.home), answers(settings)
    # a kill after the switch leaves the new collection live and complete
    process = ingest_process(settings, {"REPORTQA_TEST_KILL_AT": "switched"})
    assert process.wait(timeout=120) == -signal.SIGKILL
    assert store.current_generation(settings.home) != live and answers(settings) == new_answers
    # the next ingest has nothing to add and clears what the killed ones left
    assert ingest(KILL_FILES, settings, progress=False).changed is False
    assert not [p for p in (settings.home / store.GENERATIONS).iterdir() if p.name.startswith(".tmp")]


# ---------------------------------------------------------------- another version of the report reader


@pytest.fixture
def old_reader(monkeypatch):
    """Make ingests record the fingerprint of an "old" reader; returns a function that restores the real one."""
    real = store.reader_fingerprint
    monkeypatch.setattr(store, "reader_fingerprint", lambda: "0ld-reader")
    return lambda: monkeypatch.setattr(store, "reader_fingerprint", real)


def test_reports_of_another_reader_are_read_anew_and_keep_unchanged_vectors(tmp_path, old_reader):
    from corpus import read_report
    from index.chunks import index_text, make_chunks

    settings = fake_settings(tmp_path)
    seed_file = next(SEED.iterdir())
    real = read_report(PAIR_HTML)
    old = dataclasses.replace(real, facts=real.facts[:-5])  # what a reader with a bug made of the same bytes
    add_reports([old, read_report(seed_file)], settings)
    before = open_collection(settings, auto_ingest=False)  # opened with the old reader: fine
    old_rows = {index_text(before.searcher.chunk(i)): before.searcher.vectors.vectors[i]
                for i in range(before.manifest["counts"]["chunks"])}
    old_reader()  # the upgrade
    with pytest.raises(ReportQAError, match="reportqa ingest --rebuild") as error:
        open_collection(settings, auto_ingest=False)
    assert "another version of reportqa's report reader" in str(error.value) and "2 of 2" in str(error.value)

    embedder = CountingEmbedder()
    result = ingest([PAIR_HTML], settings, progress=False, embedder=embedder)  # one of the two files again
    changed = {index_text(c) for c in make_chunks(real)} - set(old_rows)
    assert result.reread == (str(PAIR_HTML),) and not result.skipped and not result.added
    assert result.stale == (str(seed_file),) and embedder.embedded == result.new_chunks == len(changed) >= 1
    with pytest.raises(ReportQAError, match="1 of 2"):  # the seed is still the old reader's
        open_collection(settings, auto_ingest=False)

    result = ingest([SEED, PAIR_HTML], settings, progress=False, embedder=embedder)
    assert result.reread == (str(seed_file),) and result.skipped == (str(PAIR_HTML),) and not result.stale
    assert embedder.embedded == len(changed)  # the seed's chunks did not change: nothing embedded
    after = open_collection(settings, auto_ingest=False)
    pingtan = next(s for s in after.reports() if s.path == str(PAIR_HTML))
    assert pingtan.facts == len(real.facts) and len(after.facts(report_id=pingtan.id)) == len(real.facts)
    assert after.report(pingtan.id).facts == real.facts
    for i in range(after.manifest["counts"]["chunks"]):  # unchanged chunks kept their vectors
        text = index_text(after.searcher.chunk(i))
        if text in old_rows:
            assert np.array_equal(after.searcher.vectors.vectors[i], old_rows[text])
    assert ingest([SEED, PAIR_HTML], settings, progress=False).changed is False


def test_a_report_read_anew_keeps_its_alternates(tmp_path, old_reader):
    settings = fake_settings(tmp_path)
    ingest([PAIR_HTML, PAIR_TXT], settings, progress=False)
    old_reader()
    result = ingest([PAIR_HTML], settings, progress=False)
    assert result.reread == (str(PAIR_HTML),) and result.changed
    (summary,) = open_collection(settings, auto_ingest=False).reports()
    assert (summary.path, summary.alternates) == (str(PAIR_HTML), (str(PAIR_TXT),))
    assert ingest([PAIR_TXT], settings, progress=False).changed is False  # the alternate is known again


def test_ingest_command_warns_of_reports_left_unread(tmp_path, old_reader, capsys):
    settings = fake_settings(tmp_path)
    ingest([SEED, PAIR_HTML], settings, progress=False)
    old_reader()
    assert ingest_command([str(PAIR_HTML)], settings) == 0
    captured = capsys.readouterr()
    assert "1 read anew" in captured.out
    assert "warning: 1 reports" in captured.err and "reportqa ingest --rebuild" in captured.err


# ---------------------------------------------------------------- reading in parallel, one encoder per collection

def test_files_are_read_in_parallel_in_input_order_and_a_bad_one_does_not_stop_the_others(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from corpus.sandbox import read_report_bounded
    from index.ingest import _read_ahead

    junk = tmp_path / "broken.pdf"
    junk.write_bytes(os.urandom(2000))
    files = [REAL / INDEX_SAMPLE[2], junk, PAIR_HTML, PAIR_TXT, REAL / INDEX_SAMPLE[3]]
    with ThreadPoolExecutor(max_workers=2) as pool:
        ahead = _read_ahead(pool, [*files, PAIR_HTML], set(), read_report_bounded)
        assert list(ahead) == files  # the repeated file is read once
        with pytest.raises(ReportQAError, match="broken.pdf"):
            ahead[junk].result()
        read = [ahead[path].result() for path in files if path != junk]
    assert [r.path for r in read] == [str(p) for p in files if p != junk]
    assert [(r.agency, r.year) for r in read[1:3]] == [("平潭综合实验区", 2024)] * 2
    settings = fake_settings(tmp_path)
    result = ingest(files, settings, progress=False)
    assert [path for path, _ in result.failed] == [str(junk)]
    assert len(result.added) + len(result.alternates) == len(files) - 1


class OtherEncoder(FakeEmbedder):
    """The fake model computed by another encoder: same name and dimension, other vectors."""

    encoder = "fake-bigram-reversed"

    def __init__(self) -> None:
        super().__init__(32)
        self.encoder = OtherEncoder.encoder

    def _vector(self, text: str) -> np.ndarray:
        return super()._vector(text[::-1])


def test_vectors_of_another_encoder_are_embedded_again_not_mixed(tmp_path, capsys):
    settings = fake_settings(tmp_path)
    ingest([SEED], settings, progress=False)
    assert store.Generation.open(settings.home).manifest["encoder"] == "fake-bigram"
    capsys.readouterr()
    other = OtherEncoder()
    ingest([SEED, PAIR_HTML], settings, progress=False, embedder=other)
    assert "embedding them again with fake-bigram-reversed" in capsys.readouterr().err
    after = open_collection(settings, embedder=other)
    assert after.manifest["encoder"] == "fake-bigram-reversed"
    texts = [index_text(after.searcher.chunk(i)) for i in range(after.manifest["counts"]["chunks"])]
    np.testing.assert_allclose(after.searcher.vectors.vectors, other.embed_passages(texts), atol=1e-6)
