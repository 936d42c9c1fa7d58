"""BM25 (bm25s): scores against a hand computation, filters before ranking, save/load without pickles."""
from __future__ import annotations

import math

import numpy as np

from index.bm25 import Bm25Index, top_k

DOCS = [["行政", "复议", "7"], ["行政", "诉讼", "诉讼", "19"], ["依申请公开", "申请"], ["行政", "复议", "复议", "结果"]]


def lucene_bm25(docs, query, k1=1.5, b=0.75):
    """BM25 as Lucene 8+ scores it (bm25s' default): idf = ln(1 + (N - df + 0.5) / (df + 0.5)),
    term weight tf / (tf + k1 (1 - b + b dl / avgdl)) (no (k1 + 1) factor: it does not change the ranking)."""
    n, avgdl = len(docs), sum(map(len, docs)) / len(docs)
    scores = []
    for doc in docs:
        score = 0.0
        for term in query:
            df = sum(term in d for d in docs)
            tf = doc.count(term)
            if tf:
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                score += idf * tf / (tf + k1 * (1 - b + b * len(doc) / avgdl))
        scores.append(score)
    return np.array(scores)


def test_scores_match_a_hand_computation():
    index = Bm25Index.build(DOCS)
    for query in (["复议"], ["行政", "诉讼"], ["申请", "复议", "19"]):
        assert np.allclose(index.scores(query), lucene_bm25(DOCS, query), rtol=1e-5)


def test_unknown_tokens_score_nothing():
    index = Bm25Index.build(DOCS)
    assert not index.scores(["不存在"]).any()
    rows, scores = index.search(["不存在"], 3)
    assert len(rows) == 0


def test_filter_ranks_only_the_allowed_rows():
    docs = [["复议", "复议", "复议"]] * 30 + [["复议", "其他", "内容", "很多", "词"]]
    index = Bm25Index.build(docs)
    rows, _ = index.search(["复议"], 5)
    assert 30 not in rows  # globally the last document is far down the ranking
    rows, scores = index.search(["复议"], 5, rows=np.array([2, 30]))
    assert list(rows) == [2, 30] and scores[1] > 0


def test_save_and_load_give_the_same_scores_without_pickles(tmp_path):
    index = Bm25Index.build(DOCS)
    index.save(tmp_path / "bm25")
    for path in (tmp_path / "bm25").glob("*.npy"):
        np.load(path, allow_pickle=False)  # plain arrays
    loaded = Bm25Index.load(tmp_path / "bm25")
    assert loaded.num_docs == 4
    assert np.allclose(loaded.scores(["行政", "复议"]), index.scores(["行政", "复议"]))


def test_empty_index():
    index = Bm25Index.build([])
    assert index.num_docs == 0 and len(index.search(["复议"], 5)[0]) == 0


def test_top_k_orders_by_score_then_row():
    rows, scores = top_k(np.array([5, 3, 9, 1]), np.array([0.5, 2.0, 0.5, 0.0]), 3, positive_only=True)
    assert list(rows) == [3, 5, 9] and list(scores) == [2.0, 0.5, 0.5]


def test_fast_scores_equal_bm25s_own_scores():
    rng = np.random.default_rng(0)
    vocabulary = [f"词{i}" for i in range(300)]
    docs = [list(rng.choice(vocabulary, rng.integers(1, 60))) for _ in range(500)]
    index = Bm25Index.build(docs)
    for _ in range(20):
        query = list(rng.choice(vocabulary, 6))  # repeated tokens count twice, as in bm25s
        assert np.allclose(index.scores(query), index.model.get_scores(query), rtol=1e-5, atol=1e-6)
