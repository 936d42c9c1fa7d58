"""BM25 over jieba tokens (bm25s), saved with bm25s' own ``save`` (numpy arrays + JSON, no pickles).

A filter (rows of the allowed chunks) is applied to the score array before ranking, so a search
restricted to one agency or year ranks every allowed chunk, never a cut of a global top-k.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional, Sequence

import numpy as np


def _bm25s():
    import bm25s  # imported on first use: about 0.3 s (it brings scipy.sparse)

    return bm25s


class Bm25Index:
    """A BM25 index of one token list per chunk; chunk ``i`` is row ``i``.

    bm25s builds and saves it; ``load`` reads bm25s' files (params and vocabulary JSON, the CSC
    score matrix as .npy, memory-mapped) without importing bm25s, which saves ``reportqa ask``
    the 0.3 s of bm25s' own import (it brings scipy).
    """

    def __init__(self, vocabulary: dict[str, int], data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
                 num_docs: int, model=None) -> None:
        self.vocabulary = vocabulary
        self.data, self.indices, self.indptr = data, indices, indptr
        self.num_docs = int(num_docs)
        self.model = model  # the bm25s object, when built here

    @classmethod
    def build(cls, token_lists: Sequence[Sequence[str]]) -> "Bm25Index":
        """Index ``token_lists`` (one list of tokens per chunk, in row order) with bm25s (Lucene BM25)."""
        bm25s = _bm25s()
        model = bm25s.BM25()
        docs = [list(tokens) for tokens in token_lists]
        if docs:
            model.index(docs, show_progress=False)
        else:  # bm25s cannot index nothing: keep an empty model that scores nothing
            model.scores = {"data": np.zeros(0, np.float32), "indices": np.zeros(0, np.int32),
                            "indptr": np.zeros(2, np.int32), "num_docs": 0}
            model.vocab_dict = {"": 0}
        matrix = model.scores
        return cls(model.vocab_dict, matrix["data"], matrix["indices"], matrix["indptr"], matrix["num_docs"], model)

    @classmethod
    def load(cls, folder: Path, mmap: bool = True) -> "Bm25Index":
        """Read an index written by ``save``; raises OSError/ValueError/KeyError if the files are damaged."""
        params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
        if params.get("method", "lucene") not in ("lucene", "robertson", "atire"):
            raise ValueError(f"BM25 variant {params.get('method')!r} needs bm25s itself to score")
        vocabulary = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
        mode = "r" if mmap else None
        arrays = [np.load(folder / f"{name}.csc.index.npy", mmap_mode=mode, allow_pickle=False)
                  for name in ("data", "indices", "indptr")]
        if len(arrays[2]) < len(vocabulary) and params["num_docs"]:  # bm25s adds "" without a column
            raise ValueError("the BM25 vocabulary and score matrix disagree")
        return cls(vocabulary, *arrays, params["num_docs"])

    def save(self, folder: Path) -> None:
        """Write the index into ``folder`` with bm25s' own format (params/vocab JSON, CSC arrays .npy)."""
        if self.model is None:
            raise ValueError("only an index built in this process can be saved")
        self.model.save(str(folder), show_progress=False)

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """The BM25 score of every chunk for the query ``tokens`` (tokens not in the index add nothing).

        The same sum as bm25s' ``get_scores`` over its precomputed score matrix, done with one
        ``np.bincount`` over the query tokens' columns instead of ``np.add.at`` per token (about 10x
        faster on a large collection, where common tokens occur in most chunks).
        """
        columns = len(self.indptr) - 1
        ids = [i for i in (self.vocabulary.get(t) for t in tokens) if i is not None and i < columns]
        if not ids or self.num_docs == 0:
            return np.zeros(self.num_docs, dtype=np.float32)
        spans = [(int(self.indptr[t]), int(self.indptr[t + 1])) for t in ids]
        rows = np.concatenate([self.indices[s:e] for s, e in spans])
        weights = np.concatenate([self.data[s:e] for s, e in spans])
        return np.bincount(rows, weights=weights, minlength=self.num_docs).astype(np.float32)

    def search(self, tokens: Sequence[str], k: int,
               rows: Optional[np.ndarray] = None) -> tuple[np.ndarray, np.ndarray]:
        """The best ``k`` chunks for ``tokens`` among ``rows`` (all if None): (rows, scores), best first.

        Chunks that share no token with the query are left out (score 0).
        """
        return self.top(self.scores(tokens), k, rows)

    @staticmethod
    def top(scores: np.ndarray, k: int, rows: Optional[np.ndarray] = None) -> tuple[np.ndarray, np.ndarray]:
        """The best ``k`` of ``scores`` (from ``scores()``) among ``rows``: (rows, scores), zeros left out."""
        candidates = np.arange(len(scores)) if rows is None else np.asarray(rows, dtype=np.int64)
        return top_k(candidates, scores[candidates], k, positive_only=True)


def top_k(rows: np.ndarray, scores: np.ndarray, k: int, positive_only: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` highest ``scores`` with their ``rows``, best first (ties: lower row first)."""
    if positive_only:
        keep = scores > 0
        rows, scores = rows[keep], scores[keep]
    if len(scores) > k:
        part = np.argpartition(-scores, k - 1)[:k]
        rows, scores = rows[part], scores[part]
    order = np.lexsort((rows, -scores))
    return rows[order], scores[order]
