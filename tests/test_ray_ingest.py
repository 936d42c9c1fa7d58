"""``reportqa ingest --ray`` (``index.ray_ingest``): the Ray Data pipeline gives the collection a plain
ingest gives, on the embedded store and on the scale-out store (milvus-lite + SQLite facts), and a
run killed with SIGKILL half-way and started again loses and duplicates nothing.

Ray runs on this machine (``ray.init(num_cpus=2)``, once for the module); the killed run is a
process of its own (its own local Ray, in its own process group, killed whole). The pipelines are
marked slow (each takes seconds to start; the module about 90 s on two cores).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from index.collection import open_collection
from index.ingest import ingest
from index.settings import Settings
from tests.conftest import REAL, ROOT

ray = pytest.importorskip("ray", reason="the Ray ingest needs pip install 'reportqa[ray]'")
pytest.importorskip("ray.data", reason="the Ray ingest needs Ray Data: pip install 'reportqa[ray]'")

FAKE = "reportqa/fake-bigram"
# Two copies of one report (HTML and TXT: one becomes the other's alternate), three agencies, two
# years of one, a PDF: the copy rules and the order of copies matter.
FILES = ("平潭综合实验区_2024.html", "平潭综合实验区_2024.txt", "上海市人民政府办公厅_2019.txt",
         "平潭县人民政府_2011.html", "平潭县人民政府_2011.txt", "平潭综合实验区行政审批局_2024.html",
         "平潭综合实验区_2023.txt", "淮安市洪泽区人民政府_2023.pdf")
STORES = ("local", "milvus")


def _settings(root: Path, kind: str) -> Settings:
    if kind == "milvus":
        pytest.importorskip("pymilvus", reason="the scale-out store needs pip install 'reportqa[scale]'")
        pytest.importorskip("milvus_lite", reason="the scale-out store needs pip install 'reportqa[scale]'")
        return Settings(home=root / "home", model=FAKE, store=f"milvus://{root}/chunks.db")
    return Settings(home=root / "home", model=FAKE)


def _broken(root: Path) -> Path:
    """A file that is no report: a PDF that is not a PDF."""
    path = root / "broken" / "坏文件_2024.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.7 this is not a PDF at all\n" * 20)
    return path


def _content(settings: Settings) -> dict:
    """What a collection holds, by what cannot differ between two ingests of the same files: each
    report's id, agency, year, file, alternates, tables and its facts (key, row, column, value)."""
    collection = open_collection(settings, auto_ingest=False)
    out = {}
    for s in collection.reports():
        facts = sorted((f.key or "", json.dumps([f.row, f.column], ensure_ascii=False), f.value, f.raw)
                       for f in collection.facts(report_id=s.id))
        out[s.id] = (s.agency, s.year, os.path.basename(s.path), tuple(sorted(map(os.path.basename, s.alternates))),
                     s.tables, s.facts, len(facts), tuple(facts))
    return out


def _chunk_count(settings: Settings) -> int:
    """Chunks actually stored (Milvus rows, or the generation's chunk lines), not the recorded count."""
    collection = open_collection(settings, auto_ingest=False)
    if settings.store:
        client, name = collection.chunks.client, collection.location.collection
        return int(client.query(name, filter="", output_fields=["count(*)"])[0]["count(*)"])
    return sum(1 for _ in collection.generation.chunk_lines(0, collection.manifest["counts"]["chunks"]))


@pytest.fixture(scope="module")
def local_ray():
    """Ray on this machine for the module's in-process pipelines (two CPUs, as this machine has)."""
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    if started:
        ray.shutdown()


QUERIES = ("收到多少申请", "行政复议 行政诉讼")


def _rankings(settings: Settings) -> list[list[str]]:
    """The top 5 chunk ids of each query: hybrid on the embedded store, dense on Milvus (whose BM25
    scores depend on how the chunks were written, one batch or several: measured the same with two
    plain ingests of the same files)."""
    collection = open_collection(settings, auto_ingest=False)
    mode = "dense" if settings.store else "hybrid"
    return [[h.chunk.id for h in collection.search(query, k=5, mode=mode)] for query in QUERIES]


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> dict[str, dict]:
    """The files (and a broken one) ingested by a plain ingest into each store: the oracle's content,
    chunk count and rankings (taken at once: a milvus-lite connection left idle for long is refused)."""
    out = {}
    for kind in STORES:
        root = tmp_path_factory.mktemp(f"plain-{kind}")
        settings = _settings(root, kind)
        result = ingest([*(REAL / name for name in FILES), _broken(root)], settings, progress=False)
        assert len(result.failed) == 1 and len(result.added) == 6
        out[kind] = {"content": _content(settings), "chunks": _chunk_count(settings), "rankings": _rankings(settings)}
    return out


@pytest.fixture(scope="module", params=STORES)
def kind(request) -> str:
    return request.param


@pytest.mark.slow
def test_ray_ingest_gives_what_a_plain_ingest_gives(kind, plain, local_ray, tmp_path):
    from index.ray_ingest import ray_ingest

    settings = _settings(tmp_path, kind)
    lines = []
    files = [*(REAL / name for name in FILES), _broken(tmp_path)]
    result = ray_ingest(files, settings, progress=False, write_batch=3, log=lines.append)
    # the broken file fails with a reason naming it; the others are in, the TXT copies as alternates
    assert [os.path.basename(p) for p, _ in result.failed] == ["坏文件_2024.pdf"]
    assert "坏文件_2024.pdf" in result.failed[0][1]
    assert len(result.added) == 6 and len(result.alternates) + len(result.replaced) >= 2
    assert result.reports == 6 and result.chunks == _chunk_count(settings)
    assert len(lines) == 1 and "reports/s" in lines[0] and "1 failed" in lines[0]
    assert _content(settings) == plain[kind]["content"]
    assert _chunk_count(settings) == plain[kind]["chunks"]
    assert _rankings(settings) == plain[kind]["rankings"]  # the same search ranks the same chunks

    again = ray_ingest(files, settings, progress=False, log=lines.append)  # all in: nothing goes down the pipeline
    assert len(again.skipped) == len(FILES) and not again.added and again.reports == 6
    # the broken file is never recorded: it alone goes down the pipeline again, and fails again
    assert len(again.failed) == 1 and "1 files through the pipeline" in lines[-1]


def _committed(settings: Settings) -> int:
    """Reports the store has committed, read from outside the ingest's process."""
    if settings.store:
        from index.milvus_chunks import MilvusLocation
        from index.sql_facts import FactsDatabase

        url = MilvusLocation.parse(settings.store, settings.home, settings.facts_url).facts_url
        try:
            return FactsDatabase(url).counts()[0]
        except Exception:  # not created yet
            return 0
    from index import store

    try:
        return store.Generation.open(settings.home, reader=False).manifest["counts"]["reports"]
    except Exception:  # no generation yet
        return 0


KILLED_RUN = textwrap.dedent("""
    import sys
    from pathlib import Path
    from index.ray_ingest import ray_ingest
    from index.settings import Settings
    store = sys.argv[2] or None
    settings = Settings(home=Path(sys.argv[1]), model="reportqa/fake-bigram", store=store)
    ray_ingest(sys.argv[3:], settings, address="local", num_cpus=2, write_batch=1, progress=False)
""")


@pytest.mark.slow
def test_a_killed_ray_ingest_started_again_loses_and_duplicates_nothing(kind, plain, local_ray, tmp_path):
    from index.ray_ingest import ray_ingest

    settings = _settings(tmp_path, kind)
    files = [str(REAL / name) for name in FILES]
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(settings.home), settings.store or "", *files],
                           cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           start_new_session=True)  # its own process group: the driver and the Ray it starts
    deadline, committed = time.monotonic() + 240, 0
    try:
        while time.monotonic() < deadline and run.poll() is None:
            committed = _committed(settings)
            if committed >= 1:
                break
            time.sleep(0.1)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)  # the driver, its Ray and milvus-lite, as a power cut would
        stderr = run.communicate()[1].decode("utf-8", "replace")
    assert run.returncode == -signal.SIGKILL, f"the run ended before it was killed ({run.returncode}): {stderr[-2000:]}"
    assert 1 <= committed < 6, f"killed after {committed} of 6 reports: not midway"
    time.sleep(1)  # let the killed processes' files and locks go

    result = ray_ingest(files, settings, progress=False, write_batch=2, log=lambda line: None)
    assert not result.failed
    assert len(result.skipped) >= committed  # what the killed run committed was not read again
    assert _content(settings) == plain[kind]["content"]  # same report ids, agencies, alternates, facts
    assert _chunk_count(settings) == plain[kind]["chunks"]  # no chunk written twice, none missing
    assert result.reports == 6 and result.chunks == _chunk_count(settings)


def test_embedding_uses_gpus_only_where_the_cluster_has_them():
    from index.ray_ingest import embed_options

    assert embed_options({"CPU": 16.0}) == {"num_cpus": 1, "concurrency": 4}
    assert embed_options({"CPU": 2.0}) == {"num_cpus": 1, "concurrency": 1}
    assert embed_options({"CPU": 64.0, "GPU": 4.0}) == {"num_gpus": 1, "num_cpus": 1, "concurrency": 4}
    assert embed_options({"CPU": 64.0, "GPU": 4.0}, embed_workers=2)["concurrency"] == 2


def test_ray_address_or_path(tmp_path):
    from index.ray_ingest import looks_like_address

    assert looks_like_address("auto") and looks_like_address("ray://head:10001") and looks_like_address("10.0.0.1:6379")
    folder = tmp_path / "reports"
    folder.mkdir()
    assert not looks_like_address(str(folder)) and not looks_like_address("../shared/corpus/real")


def test_one_file_options_are_refused_with_ray(tmp_path):
    from corpus.errors import ReportQAError
    from index.ray_ingest import ray_ingest

    settings = Settings(home=tmp_path / "home", model=FAKE)
    with pytest.raises(ReportQAError, match="without --ray"):
        ray_ingest([REAL / FILES[0]], settings, agency="某机关", log=lambda line: None)
    with pytest.raises(ReportQAError, match="--rebuild"):
        ray_ingest([REAL / FILES[0]], settings, rebuild=True, log=lambda line: None)


def test_the_ray_option_takes_an_address_or_leaves_the_paths_alone(monkeypatch, tmp_path):
    from click.testing import CliRunner

    import index.commands
    from qa.cli import main

    calls = []
    monkeypatch.setattr(index.commands, "ingest_command", lambda paths, settings, **kw: calls.append((paths, kw["ray"])) or 0)
    folder = tmp_path / "reports"
    folder.mkdir()
    runner = CliRunner()
    for args in (["--ray", str(folder)], [str(folder), "--ray"], ["--ray", "auto", str(folder)],
                 ["--ray=ray://head:10001", str(folder)], [str(folder)]):
        assert runner.invoke(main, ["ingest", *args]).exit_code == 0, args
    assert calls == [([str(folder)], ""), ([str(folder)], ""), ([str(folder)], "auto"),
                     ([str(folder)], "ray://head:10001"), ([str(folder)], None)]
    result = runner.invoke(main, ["ingest", "--ray"])
    assert result.exit_code == 2 and "PATHS" in result.output
