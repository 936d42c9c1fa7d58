"""One storage interface, two stores (``index.backend``): the same collection tests on the embedded
generation folders and on Milvus (milvus-lite, in this process) with the facts in SQLite; the SQL
facts schema on PostgreSQL too when a PostgreSQL server is installed.

The local store is the oracle: the scale-out store must list the same reports, return the same
facts, rank the same chunks and give the same answers.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from corpus.errors import ReportQAError
from index.backend import Backend, BackendWriter, LocalWriter, index_reports, open_writer
from index.collection import open_collection
from index.ingest import ingest
from index.settings import Settings
from index.store import to_data
from tests.conftest import REAL, parsed_report

pytest.importorskip("pymilvus", reason="the scale-out store needs pip install 'reportqa[scale]'")
pytest.importorskip("milvus_lite", reason="the scale-out store's tests need milvus-lite: pip install 'reportqa[scale]'")

FAKE = "reportqa/fake-bigram"
# A PDF year pair of one agency, an HTML/TXT pair of one report (one becomes the other's alternate),
# and a flattened TXT of another agency: a few reports keep the Milvus tests fast.
FILES = ("淮安市洪泽区人民政府_2023.pdf", "淮安市洪泽区人民政府_2024.pdf", "平潭综合实验区_2024.html",
         "平潭综合实验区_2024.txt", "上海市人民政府办公厅_2019.txt")
HONGZE = "淮安市洪泽区人民政府"
QUERIES = ("行政复议 行政诉讼 结果维持", "电子邮件申请数", "收到多少申请", "How many requests were received?")


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Settings]:
    """The same files ingested into each store, through ``index.ingest.ingest`` (what the CLI calls)."""
    root = tmp_path_factory.mktemp("backends")
    settings = {"local": Settings(home=root / "local", model=FAKE),
                "milvus": Settings(home=root / "milvus-home", model=FAKE, store=f"milvus://{root}/chunks.db")}
    for each in settings.values():
        result = ingest([REAL / name for name in FILES], each, progress=False)
        assert not result.failed and len(result.added) == 4
    return settings


@pytest.fixture(scope="module", params=["local", "milvus"])
def collection(request, stores):
    return open_collection(stores[request.param], auto_ingest=False)


@pytest.fixture(scope="module")
def reference(stores):
    """The embedded store's collection: what the other must agree with."""
    return open_collection(stores["local"], auto_ingest=False)


def test_both_stores_provide_the_interface(stores):
    local, milvus = (open_collection(stores[name], auto_ingest=False) for name in ("local", "milvus"))
    assert isinstance(local, Backend) and isinstance(milvus, Backend)
    assert type(local) is not type(milvus)  # the settings chose another implementation
    assert isinstance(open_writer(stores["local"]), LocalWriter)
    assert isinstance(open_writer(stores["milvus"]), BackendWriter)


def test_reports_are_listed_alike(collection, reference):
    listed = [(r.id, r.agency, r.year, r.tables, r.facts, tuple(map(os.path.basename, r.alternates)))
              for r in collection.reports()]
    assert listed == [(r.id, r.agency, r.year, r.tables, r.facts, tuple(map(os.path.basename, r.alternates)))
                      for r in reference.reports()]
    assert len(listed) == 4 and [a for *_, a in listed if a] == [("平潭综合实验区_2024.txt",)]
    assert collection.agencies() == sorted({r.agency for r in collection.reports()})
    first = collection.reports()[0]
    assert to_data(collection.report(first.id)) == to_data(reference.report(first.id))
    with pytest.raises(KeyError):
        collection.report("no-such-report")


def test_reports_are_looked_up_by_agency_and_year_alike(collection, reference):
    # what answering asks instead of listing every report: the agencies' years, their reports, one report
    held = collection.agency_years()
    assert held == reference.agency_years() and set(held) == set(collection.agencies())
    assert held[HONGZE] == sorted({r.year for r in collection.reports() if r.agency == HONGZE})
    both = collection.reports_of({HONGZE}, [2023, 2024])
    assert [(r.agency, r.year) for r in both] == [(HONGZE, 2023), (HONGZE, 2024)]
    assert [r.id for r in both] == [r.id for r in reference.reports_of({HONGZE}, [2023, 2024])]
    assert {r.id for r in collection.reports_of()} == {r.id for r in collection.reports()}
    assert collection.reports_of({"没有这个机关"}) == [] and collection.reports_of(None, [1999]) == []
    assert collection.report_info(both[0].id) == both[0]
    with pytest.raises(KeyError):
        collection.report_info("no-such-report")


def test_facts_by_agency_year_and_key(collection, reference):
    facts = collection.facts(agency=HONGZE, year=2024)
    assert facts and all((f.agency, f.year) == (HONGZE, 2024) for f in facts)
    assert to_data(facts) == to_data(reference.facts(agency=HONGZE, year=2024))
    key = next(f.key for f in facts if f.key)
    keyed = collection.facts(key=key)
    assert {f.year for f in keyed} >= {2023, 2024} and all(f.key == key for f in keyed)
    assert to_data(collection.facts(agency=HONGZE, year=2023, key=key)) == \
        to_data(reference.facts(agency=HONGZE, year=2023, key=key))
    for summary in collection.reports():
        assert len(collection.facts(report_id=summary.id)) == summary.facts
        assert to_data(collection.figures(report_id=summary.id)) == to_data(reference.figures(report_id=summary.id))
    assert collection.facts(agency="没有这个机关") == [] and collection.facts(year=1999) == []


def test_search_filters_keep_only_matching_reports(collection):
    some = next(r for r in collection.reports() if r.agency == HONGZE)
    for filters, keep in (
        ({"agency": HONGZE}, lambda c: c.agency == HONGZE),
        ({"year": 2024}, lambda c: c.year == 2024),
        ({"agency": HONGZE, "year": 2023}, lambda c: (c.agency, c.year) == (HONGZE, 2023)),
        ({"report_id": some.id}, lambda c: c.report_id == some.id),
    ):
        for mode in ("hybrid", "bm25", "dense", "rrf"):
            hits = collection.search("行政复议 行政诉讼 结果维持", k=8, mode=mode, **filters)
            assert len(hits) == 8 and all(keep(h.chunk) for h in hits), (filters, mode)
    assert collection.search("行政复议", agency="没有这个机关") == []
    assert collection.search("行政复议", year=1999) == []
    assert collection.search("   ") == [] and collection.search("复议", k=0) == []


def test_filters_apply_before_ranking(collection):
    query = "上海市人力资源和社会保障局 电子邮件申请数 复制费 12333"
    near = {h.chunk.report_id for h in collection.search(query, k=10)}
    outside = [r for r in collection.reports() if r.id not in near]
    assert outside  # a report none of whose chunks is in the unfiltered top 10
    hits = collection.search(query, k=5, report_id=outside[0].id)
    assert len(hits) == 5 and {h.chunk.report_id for h in hits} == {outside[0].id}


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense", "rrf"])
def test_both_stores_rank_the_same_chunks(collection, reference, mode):
    for query in QUERIES:
        for filters in ({}, {"agency": HONGZE}, {"year": 2024}):
            mine = [(h.chunk.id, h.bm25_rank, h.dense_rank) for h in collection.search(query, 8, mode=mode, **filters)]
            theirs = [(h.chunk.id, h.bm25_rank, h.dense_rank) for h in reference.search(query, 8, mode=mode, **filters)]
            assert mine == theirs, (query, filters)
    hybrid = collection.search(QUERIES[0], k=5)
    assert [h.score for h in hybrid] == pytest.approx([h.score for h in reference.search(QUERIES[0], k=5)])


def test_the_same_answer_from_both_stores(collection, reference):
    from qa import answer

    question = "洪泽区2024年收到多少申请"
    mine, theirs = answer(question, collection), answer(question, reference)
    assert mine.status == "answered" and mine.value is not None
    assert (mine.value, mine.unit, mine.source) == (theirs.value, theirs.unit, theirs.source)
    assert mine.value in {f.value for f in collection.facts(agency=HONGZE, year=2024)}
    assert [e.text for e in mine.evidence] == [e.text for e in theirs.evidence]


# ---------------------------------------------------------------- the scale-out store's writer


@pytest.fixture
def milvus_settings(tmp_path) -> Settings:
    return Settings(home=tmp_path / "home", model=FAKE, store=f"milvus://{tmp_path}/one.db")


def chunk_ids(collection, report_id: str) -> list[str]:
    """The ids of a report's chunks in Milvus, duplicates included."""
    chunks = collection.chunks
    rows = chunks.client.query(chunks.name, filter=f'report_id == "{report_id}"', output_fields=["id"])
    return sorted(row["id"] for row in rows)


def test_a_half_written_report_is_written_whole_again(milvus_settings):
    from index.milvus_chunks import token_text

    report = parsed_report(REAL / "淮安市洪泽区人民政府_2024.pdf")
    indexed, encoding = index_reports([report], milvus_settings)
    writer = open_writer(milvus_settings)
    assert writer.known([report.content_hash]) == set()
    writer._adopt(encoding)  # a run killed after writing the chunks, before the SQL commit:
    item = indexed[0]
    writer.chunks.insert([{"id": c.id, "report_id": report.id, "agency": report.agency, "year": report.year,
                           "tokens": token_text(t), "vector": v.tolist(), "data": json.dumps(to_data(c))}
                          for c, t, v in zip(item.chunks, item.tokens, item.vectors)])
    assert writer.known([report.content_hash]) == set()  # not in: the SQL commit marks a report written
    result = writer.add(indexed, encoding)
    assert result.added == (os.path.abspath(report.path),) and result.chunks == len(item.chunks)
    assert chunk_ids(writer, report.id) == sorted(c.id for c in item.chunks)  # no duplicates
    assert writer.known([report.content_hash]) == {report.content_hash}
    again = writer.add(indexed, encoding)
    assert again.skipped == (report.path,) and again.added == () and not again.changed
    assert chunk_ids(writer, report.id) == sorted(c.id for c in item.chunks)


def test_a_better_copy_replaces_the_stored_one_and_readers_see_the_change(milvus_settings):
    txt, html = (parsed_report(REAL / name) for name in ("平潭综合实验区_2024.txt", "平潭综合实验区_2024.html"))
    writer = open_writer(milvus_settings)
    indexed, encoding = index_reports([txt], milvus_settings)
    writer.add(indexed, encoding)
    reader = open_collection(milvus_settings, auto_ingest=False)
    assert [r.id for r in reader.reports()] == [txt.id] and reader.is_current()
    indexed, encoding = index_reports([html], milvus_settings)
    result = writer.add(indexed, encoding)
    assert not reader.is_current()  # another writer added: a long-running process opens it again
    now = open_collection(milvus_settings, auto_ingest=False)
    assert [(r.id, tuple(map(os.path.basename, r.alternates))) for r in now.reports()] == \
        [(html.id, ("平潭综合实验区_2024.txt",))]
    assert result.replaced == (os.path.abspath(txt.path),)
    assert chunk_ids(now, txt.id) == [] and now.facts(report_id=txt.id) == []
    assert {h.chunk.report_id for h in now.search("行政复议", k=20)} == {html.id}
    assert writer.known([txt.content_hash, html.content_hash]) == {txt.content_hash, html.content_hash}


def test_a_torn_milvus_lite_index_file_is_built_again_from_the_chunks(tmp_path):
    """milvus-lite saves a segment's index file in place: a kill while saving it leaves it torn (seen in a
    killed Ray ingest). The next process rebuilds the index from the stored chunks instead of failing."""
    env = {**os.environ, "REPORTQA_HOME": str(tmp_path / "home"), "REPORTQA_MODEL": FAKE,
           "REPORTQA_STORE": f"milvus://{tmp_path}/torn.db"}
    env.pop("RAY_ADDRESS", None)
    search = ("from index.collection import open_collection; from index.settings import Settings; "
              "import json; print(json.dumps([h.chunk.id for h in open_collection(Settings.from_env(), auto_ingest=False).search('行政复议', k=5)]))")
    run = lambda *args: subprocess.run([sys.executable, *args], cwd=Path(__file__).parent.parent, env=env,  # noqa: E731
                                       capture_output=True, text=True, timeout=300)
    assert run("-m", "qa.cli", "ingest", str(REAL / "淮安市洪泽区人民政府_2024.pdf")).returncode == 0
    before = run("-c", search)
    torn = list((tmp_path / "torn.db").glob("collections/*/partitions/*/indexes/*.idx"))
    assert before.returncode == 0 and torn
    for path in torn:
        path.write_bytes(path.read_bytes()[:100])  # the header of the array, none of its data
    after = run("-c", search)
    assert after.returncode == 0, after.stderr[-2000:]
    assert "built again" in after.stderr
    assert after.stdout == before.stdout and len(json.loads(after.stdout)) == 5  # the same chunks, best first
    assert all(path.stat().st_size > 100 for path in torn)


def test_another_model_is_refused_with_the_fix(stores):
    other = dataclasses.replace(stores["milvus"], model="reportqa/fake-bigram-64")
    with pytest.raises(ReportQAError, match="REPORTQA_MODEL=reportqa/fake-bigram"):
        open_collection(other, auto_ingest=False)


def test_an_empty_store_says_how_to_fill_it(milvus_settings):
    from index.store import NoCollection

    with pytest.raises(NoCollection, match="reportqa ingest PATH"):
        open_collection(milvus_settings, auto_ingest=False)


# ---------------------------------------------------------------- settings and missing extras


def test_store_urls():
    from index.milvus_chunks import MilvusLocation

    lite = MilvusLocation.parse("milvus:///data/x.db", Path("/home/h"))
    assert (lite.lite, lite.uri, lite.collection, lite.facts_url) == (
        True, "/data/x.db", "reportqa_chunks", "sqlite:////data/x.facts.sqlite")
    server = MilvusLocation.parse("milvus://milvus.internal:19531?collection=nation", Path("/home/h"),
                                  "postgresql://u@db/reportqa")
    assert (server.lite, server.uri, server.collection, server.facts_url) == (
        False, "http://milvus.internal:19531", "nation", "postgresql://u@db/reportqa")
    assert MilvusLocation.parse("milvus://milvus", Path("/h")).uri == "http://milvus:19530"
    for wrong, says in (("redis://x", "milvus:///path/to/milvus.db"), ("milvus:///data/x", "ending in .db")):
        with pytest.raises(ReportQAError, match=says):
            MilvusLocation.parse(wrong, Path("/h"))


def test_settings_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path))
    monkeypatch.setenv("REPORTQA_STORE", "milvus:///x/y.db")
    monkeypatch.setenv("REPORTQA_FACTS_URL", "postgresql://db/reportqa")
    settings = Settings.from_env()
    assert (settings.store, settings.facts_url) == ("milvus:///x/y.db", "postgresql://db/reportqa")
    monkeypatch.setenv("REPORTQA_STORE", "local")
    monkeypatch.delenv("REPORTQA_FACTS_URL")
    assert (Settings.from_env().store, Settings.from_env().facts_url) == (None, None)


def test_a_missing_extra_says_what_to_install(monkeypatch, tmp_path):
    from index.milvus_chunks import ChunkIndex, MilvusLocation
    from index.sql_facts import FactsDatabase

    monkeypatch.setitem(sys.modules, "pymilvus", None)
    with pytest.raises(ReportQAError, match=r"pip install 'reportqa\[scale\]'"):
        ChunkIndex(MilvusLocation.parse(f"milvus://{tmp_path}/x.db", tmp_path)).client
    monkeypatch.setitem(sys.modules, "sqlalchemy", None)
    with pytest.raises(ReportQAError, match=r"pip install 'reportqa\[scale\]'"):
        FactsDatabase(f"sqlite:///{tmp_path}/facts.sqlite")


# ---------------------------------------------------------------- the SQL facts schema


def columns_of_factsdb() -> dict[str, list[str]]:
    from index.factsdb import FACTS_SCHEMA

    db = sqlite3.connect(":memory:")
    db.executescript(FACTS_SCHEMA)
    return {t: [row[1] for row in db.execute(f"PRAGMA table_info({t})")] for t in ("facts", "figures", "checks")}


def test_facts_tables_have_the_embedded_stores_columns(tmp_path):
    from index.sql_facts import FactsDatabase

    facts_db = FactsDatabase(f"sqlite:///{tmp_path}/facts.sqlite")
    for table, columns in columns_of_factsdb().items():
        assert [c.name for c in facts_db.tables[table].columns] == ["seq", *columns]


def write_and_read(url: str) -> dict:
    """Two real reports written to the facts database at ``url``, and what the look-ups return."""
    from index.ingest import _entry
    from index.sql_facts import FactsDatabase

    facts_db = FactsDatabase(url)
    reports = [parsed_report(REAL / name) for name in FILES[:2]]
    for report in reports:
        facts_db.write_report(_entry(report, []), report, chunks=3)
    facts_db.write_report(_entry(reports[1], []), reports[1], chunks=3)  # written again: replaced, not doubled
    key = next(f.key for f in reports[1].facts if f.key)
    return {"entries": [(e["id"], e["agency"], e["year"]) for e in facts_db.entries()],
            "keyed": facts_db.rows("facts", {"agency": HONGZE, "year": 2024, "key": key, "report_id": None}),
            "by_key": len(facts_db.rows("facts", {"agency": None, "year": None, "key": key, "report_id": None})),
            "figures": facts_db.rows("figures", {"agency": HONGZE, "year": 2023, "report_id": None}),
            "known": facts_db.known([r.content_hash for r in reports] + ["0" * 64])
            == {r.content_hash for r in reports},
            "counts": facts_db.counts(), "report": facts_db.report_data(reports[0].id)["title"],
            "facts": sum(len(r.facts) for r in reports)}


def test_facts_database_on_sqlite(tmp_path):
    found = write_and_read(f"sqlite:///{tmp_path}/facts.sqlite")
    assert found["counts"] == (2, 6) and found["known"] and found["by_key"] == 2
    assert len(found["keyed"]) == 1 and json.loads(found["keyed"][0])["year"] == 2024
    assert found["figures"] and all(json.loads(g)["year"] == 2023 for g in found["figures"])


def _postgres_bin() -> Path | None:
    for name in ("initdb", "pg_ctl"):
        found = shutil.which(name)
        if found:
            return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


@pytest.fixture(scope="module")
def postgres_url():
    """A throwaway PostgreSQL cluster on a Unix socket (as the ``postgres`` user when run as root)."""
    pytest.importorskip("psycopg", reason="PostgreSQL needs the psycopg driver: pip install 'reportqa[scale]'")
    bin_dir = _postgres_bin()
    if bin_dir is None or not (bin_dir / "pg_ctl").exists():
        pytest.skip("PostgreSQL is not installed (no initdb/pg_ctl): apt-get install postgresql to run this test")
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL as another user")
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user to start PostgreSQL as")
        as_user = ["runuser", "-u", "postgres", "--"]
    root = Path(tempfile.mkdtemp(prefix="reportqa-pg-", dir="/tmp"))
    root.chmod(0o755)
    if as_user:
        shutil.chown(root, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = lambda *args: subprocess.run([*as_user, *args], check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run(str(bin_dir / "initdb"), "-D", str(root / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C")
        run(str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "log"), "-w", "-o",
            f"-k {root} -p {port} -c listen_addresses=''", "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start here: {exc.stderr.strip()[:200]}")
    yield f"postgresql+psycopg://postgres@/postgres?host={root}&port={port}"
    subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "stop"],
                   capture_output=True)
    shutil.rmtree(root, ignore_errors=True)


def test_facts_database_on_postgresql_answers_as_on_sqlite(postgres_url, tmp_path):
    on_postgres = write_and_read(postgres_url)
    assert on_postgres == write_and_read(f"sqlite:///{tmp_path}/facts.sqlite")
    assert on_postgres["counts"] == (2, 6) and on_postgres["known"]
