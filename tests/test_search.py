"""Hybrid search: every table row findable, filters before ranking, fusion, facts and figures queries."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from index.collection import open_collection
from index.search import chinese_share, convex_fusion, reciprocal_rank_fusion
from tests.conftest import ROOT, SEED


@pytest.fixture(scope="module")
def collection(sample_settings):
    return open_collection(sample_settings)


def all_chunks(collection):
    return [collection.searcher.chunk(i) for i in range(collection.manifest["counts"]["chunks"])]


def rows_missed(collection, mode: str, k: int) -> list[str]:
    """Row chunks not among the top ``k`` when searching their report for the table's and the row's names."""
    missed = []
    for chunk in all_chunks(collection):
        if chunk.kind == "row":
            title = chunk.text.split("｜")[0]
            hits = collection.search(f"{title} {' '.join(chunk.row)}", k=k, report_id=chunk.report_id, mode=mode)
            if not any(hit.chunk.text == chunk.text for hit in hits):
                missed.append(chunk.text[:60])
    return missed


def test_every_table_row_is_findable_by_its_table_and_row_names(collection):
    assert sum(c.kind == "row" for c in all_chunks(collection)) > 100
    assert rows_missed(collection, "bm25", 5) == []
    assert rows_missed(collection, "hybrid", 10) == []  # the fake embedder's noise can push a row to 6-10


def test_filters_restrict_every_hit(collection):
    reports = collection.reports()
    some = next(r for r in reports if r.agency == "淮安市洪泽区人民政府")
    for filters, check in (
        ({"agency": some.agency}, lambda c: c.agency == some.agency),
        ({"year": 2019}, lambda c: c.year == 2019),
        ({"report_id": some.id}, lambda c: c.report_id == some.id),
        ({"agency": "平潭综合实验区", "year": 2024}, lambda c: (c.agency, c.year) == ("平潭综合实验区", 2024)),
    ):
        hits = collection.search("行政复议 行政诉讼 结果维持", k=8, **filters)
        assert len(hits) == 8 and all(check(h.chunk) for h in hits), filters
    assert collection.search("行政复议", agency="没有这个机关") == []
    assert collection.search("行政复议", year=1999) == []


def test_filter_applies_before_ranking(collection):
    query = "上海市人力资源和社会保障局 电子邮件申请数 复制费 12333"
    candidates = {h.chunk.report_id for h in collection.search(query, k=20)}
    outside = [r for r in collection.reports() if r.id not in candidates]
    assert outside  # a report none of whose chunks is in the unfiltered top 20
    hits = collection.search(query, k=5, report_id=outside[0].id)
    assert len(hits) == 5 and {h.chunk.report_id for h in hits} == {outside[0].id}


def test_hits_carry_their_ranks_and_fused_scores(collection):
    hits = collection.search("电子邮件申请数", k=10)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(h.bm25_rank is not None or h.dense_rank is not None for h in hits)
    assert 0.5 <= hits[0].score <= 1.0  # equal weights of two scores normalised to at most 1
    assert all(h.dense_rank is None for h in collection.search("复制费", mode="bm25"))
    assert all(h.bm25_rank is None for h in collection.search("复制费", mode="dense"))
    for hit in collection.search("复制费", mode="rrf"):
        expected = sum(1 / (60 + r) for r in (hit.bm25_rank, hit.dense_rank) if r is not None)
        assert hit.score == pytest.approx(expected)


def test_convex_fusion_by_hand():
    fused = convex_fusion(np.array([1, 2, 3]), np.array([4.0, 2.0, 0.0]), np.array([0.5, 0.9, 0.7]), 1.0)
    assert fused == pytest.approx([0.5 + 0.0, 0.25 + 0.5, 0.0 + 0.25])
    english = convex_fusion(np.array([1, 2]), np.array([4.0, 0.0]), np.array([0.5, 0.9]), chinese_share("How many?"))
    assert english == pytest.approx([0.0, 0.5])  # BM25 does not count for an English question
    assert chinese_share("平潭2024年") == pytest.approx(3 / 7)


def test_reciprocal_rank_fusion_by_hand():
    fused = reciprocal_rank_fusion([np.array([7, 3, 5]), np.array([3, 9])], k=3, rrf_k=60)
    assert [row for row, _, _ in fused] == [3, 7, 9]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61) and fused[0][2] == [2, 1]
    assert fused[1][2] == [1, None] and fused[2][2] == [None, 2]


def test_empty_query_and_k(collection):
    assert collection.search("   ") == [] and collection.search("复议", k=0) == []


def test_facts_and_figures_by_agency_year_key(collection):
    facts = collection.facts(agency="淮安市洪泽区人民政府", year=2023)
    assert facts and all((f.agency, f.year) == ("淮安市洪泽区人民政府", 2023) for f in facts)
    key = next(f.key for f in collection.facts() if f.key)
    keyed = collection.facts(key=key)
    assert keyed and all(f.key == key for f in keyed)
    assert len({f.report_id for f in keyed}) > 1  # the same national-table cell in several reports
    report = collection.reports()[0]
    assert len(collection.facts(report_id=report.id)) == report.facts
    figures = collection.figures(report_id=report.id)
    assert figures and all(g.report_id == report.id for g in figures)
    assert collection.agencies() == sorted({r.agency for r in collection.reports()})


def test_opening_reads_only_the_manifest(sample_settings):
    code = ("import sys; from index.collection import open_collection; from index.settings import Settings; "
            f"c = open_collection(Settings(home=__import__('pathlib').Path({str(sample_settings.home)!r}), "
            f"model={sample_settings.model!r})); "
            "print(all(m not in sys.modules for m in ('faiss', 'bm25s', 'torch')), "
            "any(k in vars(c.searcher) for k in ('bm25', 'vectors', 'embedder'))); "
            "c.search('行政复议'); print('bm25s' in sys.modules, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False", "False", "False"]  # searching needs neither bm25s nor torch


@pytest.mark.slow
def test_real_model_finds_rows_and_passages_without_torch_on_the_query_path(tmp_path_factory):
    from index.ingest import ingest
    from index.settings import Settings

    settings = Settings(home=tmp_path_factory.mktemp("real") / "home")
    ingest([SEED], settings, progress=False)
    collection = open_collection(settings)
    assert rows_missed(collection, "hybrid", 5) == []
    top = collection.search("电子邮件申请数是多少", k=3)
    assert any("电子邮件申请数" in h.chunk.text and h.chunk.kind == "row" for h in top)
    assert any("日均浏览量" in h.chunk.text for h in collection.search("12333智询通的日均浏览量", k=5))
    # English questions reach the Chinese rows through the multilingual model (BM25 cannot)
    assert "复制费" in collection.search("copying fees charged", k=1)[0].chunk.text
    hits = collection.search("How many administrative reconsideration cases were there?", k=5)
    assert any(h.chunk.kind == "row" and "行政复议数" in h.chunk.text for h in hits)
    code = ("import sys; from index.collection import open_collection; from index.settings import Settings; "
            f"c = open_collection(Settings(home=__import__('pathlib').Path({str(settings.home)!r}))); "
            "hits = c.search('复制费'); print(len(hits), 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["5", "False"]
