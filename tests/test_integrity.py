"""Integrity: every stored file's size and sha256 in the manifest; sizes checked at open, hashes by
``reportqa check``, by ``/api/health`` and whenever a report is read."""
from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from click.testing import CliRunner

from corpus.errors import ReportQAError
from index import store
from index.collection import open_collection
from index.commands import check_command
from index.ingest import ingest
from index.settings import Settings
from qa.cli import main as cli_main
from tests.conftest import REAL, SEED

REBUILD = "reportqa ingest --rebuild"


@pytest.fixture
def copy(sample_settings, tmp_path):
    """A private copy of the sample collection, to damage: (settings, live generation folder)."""
    home = tmp_path / "home"
    shutil.copytree(sample_settings.home, home)
    return Settings(home=home, model=sample_settings.model), store.current_generation(home)


def a_report_file(folder):
    """The stored JSON of the first report of a generation and its manifest name."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in manifest["reports"] if e["facts"])
    name = f"reports/{store.report_file_name(entry['id'])}"
    return folder / name, name, entry


def edit_in_place(path) -> None:
    """Change one figure of a stored report without changing the file's size (as an attacker would)."""
    data = path.read_bytes()
    at = data.index(b'"raw": "') + len(b'"raw": "')
    digit = data[at:at + 1]
    assert digit.isdigit(), data[at - 10:at + 10]
    path.write_bytes(data[:at] + (b"8" if digit != b"8" else b"9") + data[at + 1:])


def test_the_manifest_records_size_and_sha256_of_every_stored_file(sample_settings):
    folder = store.current_generation(sample_settings.home)
    files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                     if p.is_file() and p.name != "manifest.json")
    assert sorted(files) == on_disk
    assert {n.split("/")[0] for n in files} >= {"reports", "bm25", "facts.sqlite", "vectors.faiss", "chunks.jsonl",
                                                "alternates.json"}
    for name, record in files.items():
        data = (folder / name).read_bytes()
        assert record == {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}, name


def test_check_passes_a_whole_collection_and_lists_every_file(sample_settings, capsys):
    assert check_command(sample_settings) == 0
    out = capsys.readouterr().out.splitlines()
    folder = store.current_generation(sample_settings.home)
    files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert sorted(line.split()[1] for line in out[:-1]) == sorted(files)
    assert all(line.startswith("OK") for line in out[:-1]) and "as written" in out[-1]


def test_a_same_size_edit_of_a_report_is_found_by_check(copy, capsys):
    settings, folder = copy
    path, name, _ = a_report_file(folder)
    size = path.stat().st_size
    edit_in_place(path)
    assert path.stat().st_size == size
    result = CliRunner().invoke(cli_main, ["check"],
                                env={"REPORTQA_HOME": str(settings.home), "REPORTQA_MODEL": settings.model})
    assert result.exit_code == 1, result.output
    damaged = [line for line in result.stdout.splitlines() if line.startswith("damaged")]
    assert damaged == [f"damaged  {name}: its sha256 differs from the one recorded (same size: changed in place)"]
    assert REBUILD in result.stderr and "1 of" in result.stderr


def test_a_same_size_edit_is_refused_when_the_report_is_read(copy):
    settings, folder = copy
    path, name, entry = a_report_file(folder)
    collection = open_collection(settings)  # sizes are as recorded: it opens
    assert collection.report(entry["id"]).id == entry["id"]
    edit_in_place(path)
    with pytest.raises(store.CollectionDamaged, match=REBUILD) as error:
        collection.report(entry["id"])
    assert name in str(error.value) and error.value.reason.startswith(name)
    assert str(settings.home) not in error.value.reason


@pytest.mark.parametrize("change", [lambda p: p.write_bytes(p.read_bytes() + b" "),
                                    lambda p: p.write_bytes(p.read_bytes()[:-1]), lambda p: p.unlink()])
def test_a_size_change_is_refused_at_open(copy, change):
    settings, folder = copy
    path, name, _ = a_report_file(folder)
    change(path)
    with pytest.raises(ReportQAError, match=REBUILD) as error:
        open_collection(settings)
    assert name in str(error.value) and "reportqa check" in str(error.value)


def test_health_reports_damage_without_the_servers_path(copy):
    from fastapi.testclient import TestClient

    import server

    settings, folder = copy
    path, name, _ = a_report_file(folder)
    with TestClient(server.create_app(settings)) as client:
        ok = client.get("/api/health")
        assert ok.status_code == 200 and ok.json()["collection"] == "ok"
        edit_in_place(path)
        res = client.get("/api/health")
        body = res.json()
        assert res.status_code == 503 and body["status"] == body["collection"] == "damaged"
        assert name in body["reason"] and "sha256" in body["reason"]
        assert str(settings.home) not in res.text and "/tmp" not in res.text
        path.write_bytes(path.read_bytes()[:-1])  # a size change now: still damage, still no path
        res = client.get("/api/health")
        assert res.status_code == 503 and "expected" in res.json()["reason"] and str(settings.home) not in res.text
    schema = server.create_app(settings).openapi()["paths"]["/api/health"]["get"]["responses"]
    assert "503" in schema


def test_an_incremental_ingest_records_the_hashes_of_its_own_files(tmp_path, capsys):
    """Files linked from the generation before keep their record; every other file is hashed anew."""
    settings = Settings(home=tmp_path / "home", model="reportqa/fake-bigram")
    ingest([SEED], settings, progress=False)
    ingest([REAL / "平潭综合实验区行政审批局_2024.html"], settings, progress=False)
    assert check_command(settings) == 0, capsys.readouterr().out


def test_a_collection_written_before_hashes_still_opens_and_check_says_so(copy, capsys):
    settings, folder = copy
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"] = {n: r["size"] for n, r in manifest["files"].items() if not n.startswith("reports/")}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert open_collection(settings).reports()
    assert check_command(settings) == 0
    assert "checked by size only" in capsys.readouterr().out


def test_health_says_when_current_is_missing_and_the_newest_generation_is_read(copy):
    from fastapi.testclient import TestClient

    import server
    from index import store

    settings, folder = copy
    (settings.home / store.CURRENT).unlink()
    with TestClient(server.create_app(settings)) as client:
        res = client.get("/api/health")
        body = res.json()
        assert res.status_code == 503 and body["collection"] == "damaged", body
        assert "CURRENT is missing" in body["reason"] and folder.name in body["reason"]
        assert str(settings.home) not in res.text
        assert body["reports"] > 0  # answering goes on from that generation
