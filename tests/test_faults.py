"""Faults: a read-only or full data folder is one clear line in the CLI and a 503/507 JSON error on
upload, with nothing lost; an upload that fails or is killed mid-ingest leaves no orphan file."""
from __future__ import annotations

import builtins
import errno
import io
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from index import store
from index.collection import open_collection
from index.commands import ingest_command
from index.ingest import ingest
from index.settings import Settings
from qa.cli import main as cli_main
from tests.conftest import REAL, ROOT, SEED

FAKE = "reportqa/fake-bigram"
NEW_FILE = REAL / "平潭综合实验区行政审批局_2024.html"
REAL_REPLACE = os.replace


@pytest.fixture
def seeded(tmp_path) -> Settings:
    """A collection of the seed report alone."""
    settings = Settings(home=tmp_path / "home", model=FAKE)
    ingest([SEED], settings, progress=False)
    return settings


def state(settings: Settings) -> tuple:
    """What must not change when a write fails: the live generation, its reports, a search."""
    collection = open_collection(settings, auto_ingest=False)
    return (store.current_generation(settings.home), [r.id for r in collection.reports()],
            [h.chunk.id for h in collection.search("电子邮件申请", k=3)])


def leftovers(home: Path) -> list[str]:
    """Generation folders other than the live one and the one before, unfinished ones included."""
    live = store.current_generation(home).name
    return [p.name for p in (home / store.GENERATIONS).iterdir() if p.name.startswith(".") or p.name > live]


def refuse_writes(monkeypatch, root: Path, code: int) -> None:
    """Every file opened for writing and every folder made under ``root`` fails with ``code``
    (EROFS: a read-only file system, as root cannot get one from chmod)."""
    real_open, real_mkdir = builtins.open, os.mkdir

    def under(path) -> bool:
        return os.path.abspath(path).startswith(str(root))

    def opened(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and any(c in mode for c in "wax+") and under(file):
            raise OSError(code, os.strerror(code), str(file))
        return real_open(file, mode, *args, **kwargs)

    def made(path, *args, **kwargs):
        if under(path):
            raise OSError(code, os.strerror(code), str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", opened)
    monkeypatch.setattr(io, "open", opened)
    monkeypatch.setattr(os, "mkdir", made)


def fail_replace(monkeypatch, code: int, target: str | None = None) -> None:
    """``os.replace`` fails with ``code`` (for a destination named ``target``, else for every one)."""
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if target is None or os.path.basename(dst) == target:
            raise OSError(code, os.strerror(code))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


# ---------------------------------------------------------------- the CLI


def test_a_read_only_data_folder_is_one_line_in_the_cli(seeded, monkeypatch):
    before = state(seeded)
    refuse_writes(monkeypatch, seeded.home, errno.EROFS)
    result = CliRunner().invoke(cli_main, ["ingest", str(NEW_FILE)],
                                env={"REPORTQA_HOME": str(seeded.home), "REPORTQA_MODEL": FAKE})
    monkeypatch.undo()
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert lines[0].startswith("error: cannot write the collection at") and "read-only" in lines[0]
    assert "nothing was changed" in lines[0] and "REPORTQA_HOME" in lines[0]
    assert state(seeded) == before


def test_a_read_only_empty_home_is_one_line_for_a_command_that_would_ingest_first(tmp_path, monkeypatch):
    home = tmp_path / "empty"
    home.mkdir()
    refuse_writes(monkeypatch, home, errno.EROFS)
    result = CliRunner().invoke(cli_main, ["reports"], env={"REPORTQA_HOME": str(home), "REPORTQA_MODEL": FAKE})
    monkeypatch.undo()
    assert result.exit_code == 1 and "Traceback" not in result.output
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "read-only" in error and "nothing was changed" in error


@pytest.mark.parametrize("break_it, words", [
    (lambda mp: fail_replace(mp, errno.ENOSPC, store.CURRENT), "the disk is full"),  # at the very last step
    (lambda mp: mp.setattr("index.factsdb.write_facts_db", _full_sqlite), "the disk is full"),  # SQLite's words
    (lambda mp: fail_replace(mp, errno.EROFS, store.CURRENT), "read-only"),
])
def test_a_failed_write_changes_nothing_and_leaves_nothing(seeded, monkeypatch, capsys, break_it, words):
    before = state(seeded)
    break_it(monkeypatch)
    assert ingest_command([str(NEW_FILE)], seeded) == 1
    monkeypatch.undo()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0] and "nothing was changed" in err[0]
    assert state(seeded) == before and leftovers(seeded.home) == []
    assert ingest_command([str(NEW_FILE)], seeded) == 0  # space again: the same ingest goes through


def _full_sqlite(*args, **kwargs):
    raise sqlite3.OperationalError("database or disk is full")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod")
def test_a_data_folder_without_write_permission(seeded, capsys):
    for path in (seeded.home, seeded.home / store.GENERATIONS):
        path.chmod(0o555)
    try:
        assert ingest_command([str(NEW_FILE)], seeded) == 1
    finally:
        for path in (seeded.home, seeded.home / store.GENERATIONS):
            path.chmod(0o755)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "permission" in err[0]


# ---------------------------------------------------------------- uploads

TOKEN = "t0ken"


def seed_variant(name: str) -> bytes:
    """The seed report filed as another agency and year: a new report for the collection."""
    text = next(SEED.glob("*.txt")).read_text(encoding="utf-8")
    return text.replace("2011年上海市人力资源和社会保障局", f"2012年上海市{name}局", 1).encode("utf-8")


def upload(client, name: str, data: bytes):
    return client.post("/api/reports", files={"file": (name, data)}, headers={"Authorization": f"Bearer {TOKEN}"})


def upload_files(home: Path) -> list[Path]:
    return sorted(p for p in (home / "uploads").rglob("*") if p.is_file()) if (home / "uploads").exists() else []


@pytest.mark.parametrize("code, target, status", [
    (errno.ENOSPC, None, 507),  # the file itself cannot be written
    (errno.ENOSPC, store.CURRENT, 507),  # written and ingested, the switch fails
    (errno.EROFS, None, 503),
])
def test_an_upload_to_a_full_or_read_only_disk_is_a_json_error_and_stores_nothing(seeded, monkeypatch, code,
                                                                                  target, status):
    from fastapi.testclient import TestClient

    import server

    monkeypatch.setenv("REPORTQA_TOKEN", TOKEN)
    before = state(seeded)
    with TestClient(server.create_app(seeded)) as client:
        fail_replace(monkeypatch, code, target)
        res = upload(client, "new.txt", seed_variant("满盘"))
        monkeypatch.setattr(os, "replace", REAL_REPLACE)
        assert res.status_code == status, res.text
        error = res.json()["error"]
        assert error.startswith("new.txt: not stored") and "nothing was changed" in error
        assert str(seeded.home) not in res.text
        assert client.get("/api/health").json()["reports"] == len(before[1])
    assert state(seeded) == before and upload_files(seeded.home) == [] and leftovers(seeded.home) == []
    schema = server.create_app(seeded).openapi()["paths"]["/api/reports"]["post"]["responses"]
    assert {"503", "507"} <= set(schema)


def test_an_upload_whose_ingest_fails_after_the_file_was_saved_leaves_no_file(seeded, monkeypatch):
    import index.uploads as uploads

    seen = []

    def failing(paths, *args, **kwargs):
        seen.extend(Path(p) for p in paths)
        assert all(p.is_file() for p in seen)  # the file was saved
        raise RuntimeError("killed mid-ingest")

    monkeypatch.setattr(uploads, "ingest", failing)
    with pytest.raises(RuntimeError):
        uploads.ingest_upload(seed_variant("半途"), "half.txt", seeded)
    assert seen and upload_files(seeded.home) == []


def killed_upload(settings: Settings, data_file: Path, step: str) -> int:
    """Run an upload in another process, SIGKILLed at ``step`` of its ingest; returns its exit status."""
    code = ("import sys; from pathlib import Path; from index.settings import Settings; "
            "from index.uploads import ingest_upload; "
            "ingest_upload(Path(sys.argv[1]).read_bytes(), 'killed.txt', Settings(home=Path(sys.argv[2]), "
            f"model={FAKE!r}))")
    env = {**os.environ, "REPORTQA_TEST_KILL_AT": step}
    done = subprocess.run([sys.executable, "-c", code, str(data_file), str(settings.home)], cwd=ROOT, env=env,
                          capture_output=True, timeout=180)
    return done.returncode


@pytest.mark.parametrize("step, kept", [("bm25", False), ("switched", True)])
def test_an_upload_killed_mid_ingest_leaves_no_orphan(seeded, tmp_path, step, kept):
    from index.uploads import ingest_upload

    source = tmp_path / "killed.txt"
    source.write_bytes(seed_variant("被杀"))
    assert killed_upload(seeded, source, step) == -signal.SIGKILL
    (left,) = [p for p in upload_files(seeded.home) if p.name == "killed.txt"]  # what the kill left
    after = ingest_upload(seed_variant("下一"), "next.txt", seeded)  # the next upload clears it
    assert after.held and after.result.added
    names = sorted(p.name for p in upload_files(seeded.home))
    assert names == (["killed.txt", "next.txt"] if kept else ["next.txt"])
    assert left.exists() == kept
    held = {os.path.basename(r.path) for r in open_collection(seeded, auto_ingest=False).reports()}
    assert ("killed.txt" in held) == kept and "next.txt" in held


def test_any_later_ingest_clears_what_a_killed_upload_left(seeded, tmp_path):
    source = tmp_path / "killed.txt"
    source.write_bytes(seed_variant("再杀"))
    assert killed_upload(seeded, source, "chunks") == -signal.SIGKILL
    assert [p.name for p in upload_files(seeded.home)] == [".pending", "killed.txt"]  # the marker names the file
    ingest([NEW_FILE], seeded, progress=False)  # a plain CLI-style ingest
    assert upload_files(seeded.home) == [] and not list((seeded.home / "uploads").iterdir())


# ---------------------------------------------------------------- answers across a killed upload

SEED_QUESTIONS = ["上海市人力资源和社会保障局2011年电子邮件申请数是多少？",
                  "上海市人力资源和社会保障局2011年行政复议总计多少件？",
                  "上海市人社局2011年予以公开的申请占比是多少？",
                  "上海市人力资源和社会保障局2011年收到多少政府信息公开申请？"]
KILLED_QUESTION = "上海市被杀局2012年电子邮件申请数是多少？"


def asked(settings: Settings, questions: list[str]) -> list[tuple]:
    """The answers (status, sentence, value, report) a fresh reader of the collection gives."""
    from qa import answer

    collection = open_collection(settings, auto_ingest=False)
    return [(a.status, a.answer, a.value, a.report.id if a.report else None)
            for a in (answer(q, collection) for q in questions)]


@pytest.mark.parametrize("step", ["chunks", "vectors", "bm25", "facts", "manifest", "renamed", "switched"])
def test_a_killed_upload_leaves_the_answers_as_they_were(seeded, tmp_path, step):
    """Killed at any step of its ingest, an upload changes no answer: before the switch its report
    is not in, after it the report is whole (its own question answered); the answers to the others
    are the same as before, and the same again after the next upload cleared what the kill left."""
    from index.uploads import ingest_upload

    before = asked(seeded, SEED_QUESTIONS)
    assert all(status == "answered" for status, *_ in before[:2]), before
    assert asked(seeded, [KILLED_QUESTION])[0][0] != "answered"
    source = tmp_path / "killed.txt"
    source.write_bytes(seed_variant("被杀"))
    assert killed_upload(seeded, source, step) == -signal.SIGKILL
    assert asked(seeded, SEED_QUESTIONS) == before, step
    killed = asked(seeded, [KILLED_QUESTION])[0]
    assert (killed[0] == "answered" and killed[2] == 13) == (step == "switched"), (step, killed)
    ingest_upload(seed_variant("下一"), "next.txt", seeded)
    assert asked(seeded, SEED_QUESTIONS) == before, step
    assert asked(seeded, [KILLED_QUESTION])[0] == killed


# ---------------------------------------------------------------- two writers at once

def _cli_ingest(settings: Settings, *paths: Path) -> subprocess.Popen:
    env = {**os.environ, "REPORTQA_HOME": str(settings.home), "REPORTQA_MODEL": FAKE}
    return subprocess.Popen([sys.executable, "-m", "qa.cli", "ingest", *map(str, paths)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_an_ingest_waits_for_the_one_writing(seeded):
    """While one writer holds the home's ingest lock, an ingest from another process waits for it,
    changing nothing, and goes on once it is released."""
    from index.ingest import locked

    live = store.current_generation(seeded.home)
    with locked(seeded.home):
        process = _cli_ingest(seeded, NEW_FILE)
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=8)  # far longer than the ingest of one page takes
        assert store.current_generation(seeded.home) == live
        assert not [p for p in (seeded.home / store.GENERATIONS).iterdir() if p.name.startswith(".tmp")]
    assert process.wait(timeout=120) == 0, process.stderr.read()
    agencies = {r.agency for r in open_collection(seeded, auto_ingest=False).reports()}
    assert "平潭综合实验区行政审批局" in agencies


def test_two_ingests_at_once_into_one_home_are_serialised(seeded, tmp_path):
    """Two CLI ingests and an upload started together each add their report: none is built from a
    collection the other replaced meanwhile (an interleaved write would lose one)."""
    from fastapi.testclient import TestClient

    import server

    variant = tmp_path / "上海市并发局_2012.txt"
    variant.write_bytes(seed_variant("并发"))
    first, second = _cli_ingest(seeded, NEW_FILE), _cli_ingest(seeded, variant)
    os.environ["REPORTQA_TOKEN"] = TOKEN
    try:
        with TestClient(server.create_app(seeded)) as client:
            res = upload(client, "上传.txt", seed_variant("上传"))
    finally:
        del os.environ["REPORTQA_TOKEN"]
    assert res.status_code == 200 and res.json()["added"], res.text
    for process in (first, second):
        assert process.wait(timeout=180) == 0, process.stderr.read()
    collection = open_collection(seeded, auto_ingest=False)
    agencies = {r.agency for r in collection.reports()}
    assert {"上海市人力资源和社会保障局", "平潭综合实验区行政审批局", "上海市并发局", "上海市上传局"} <= agencies
    added = asked(seeded, ["上海市并发局2012年电子邮件申请数是多少？", "上海市上传局2012年电子邮件申请数是多少？"])
    assert [(status, value) for status, _, value, _ in added] == [("answered", 13), ("answered", 13)], added
    assert not [p for p in (seeded.home / store.GENERATIONS).iterdir() if p.name.startswith(".tmp")]
