"""FAISS search equals a numpy brute-force top-k: unfiltered, filtered and through the float16 screen."""
from __future__ import annotations

import numpy as np
import pytest

from index.chunks import index_text, make_chunks
from index.model import FakeEmbedder
from index.vectors import VectorIndex
from tests.conftest import SEED


def unit_rows(n, dim, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def brute_force(vectors, query, k, rows=None):
    rows = np.arange(len(vectors)) if rows is None else np.asarray(rows)
    scores = vectors[rows] @ query
    order = np.argsort(-scores, kind="stable")[:k]
    return rows[order], scores[order]


def assert_same_top_k(found, expected):
    (rows, scores), (rows_bf, scores_bf) = found, expected
    assert np.allclose(scores, scores_bf, atol=1e-5)
    assert list(rows) == list(rows_bf)


@pytest.mark.parametrize("exact_limit", [50_000, 100])  # flat index / float16 screen + exact re-scoring
def test_top_k_equals_brute_force(exact_limit):
    vectors, queries = unit_rows(5000, 64), unit_rows(20, 64, seed=1)
    index = VectorIndex.build(vectors, exact_limit=exact_limit)
    for query in queries:
        assert_same_top_k(index.search(query, 10), brute_force(vectors, query, 10))


@pytest.mark.parametrize("exact_limit", [50_000, 100])
def test_filtered_top_k_equals_brute_force_over_the_allowed_rows(exact_limit):
    vectors, queries = unit_rows(5000, 64), unit_rows(10, 64, seed=2)
    index = VectorIndex.build(vectors, exact_limit=exact_limit)
    rng = np.random.default_rng(3)
    runs = np.concatenate([np.arange(100, 180), np.arange(2000, 2003), np.arange(4990, 5000)])
    scattered = np.sort(rng.choice(5000, 700, replace=False))
    for rows in (runs, scattered):
        for query in queries:
            assert_same_top_k(index.search(query, 7, rows), brute_force(vectors, query, 7, rows))


def test_real_chunk_vectors(sample_report_vectors):
    vectors, queries = sample_report_vectors
    index = VectorIndex.build(vectors)
    for query in queries:
        assert_same_top_k(index.search(query, 5), brute_force(vectors, query, 5))
        assert_same_top_k(index.search(query, 5, np.arange(10, 40)), brute_force(vectors, query, 5, np.arange(10, 40)))


@pytest.fixture(scope="module")
def sample_report_vectors():
    from corpus import read_report

    embedder = FakeEmbedder(32)
    report = read_report(next(SEED.iterdir()))
    vectors = embedder.embed_passages([index_text(c) for c in make_chunks(report)])
    queries = [embedder.embed_query(q) for q in ("电子邮件申请数", "行政复议", "复制费是多少")]
    return vectors, queries


def test_save_load_roundtrip(tmp_path):
    vectors = unit_rows(300, 16)
    VectorIndex.build(vectors).save(tmp_path / "v.faiss")
    loaded = VectorIndex.load(tmp_path / "v.faiss")
    assert len(loaded) == 300 and loaded.dim == 16
    assert np.array_equal(loaded.vectors, vectors)


def test_empty_and_empty_filter():
    index = VectorIndex.build(np.zeros((0, 8), np.float32), dim=8)
    assert len(index.search(unit_rows(1, 8)[0], 5)[0]) == 0
    index = VectorIndex.build(unit_rows(10, 8))
    assert len(index.search(unit_rows(1, 8)[0], 5, np.zeros(0, np.int64))[0]) == 0
    assert len(index.search(unit_rows(1, 8)[0], 50)[0]) == 10
