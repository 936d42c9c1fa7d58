"""Dense retrieval: unit-length chunk vectors in a FAISS ``IndexFlatIP`` (inner product = cosine).

The flat index is exact and is what is saved (``faiss.write_index``). Searches:

- no filter, up to ``exact_limit`` vectors: the flat index itself;
- no filter, more vectors: an int8 copy (``IndexScalarQuantizer``, built in memory on first use,
  about three times faster on one query) picks ``SCREEN_FACTOR`` × k candidates, which are then
  scored exactly with the float32 vectors: the scores are exact and the order that of the flat
  index unless a true top-k vector falls outside 8 × k candidates (not seen in the tests or the
  benchmark's 416,000 vectors);
- a filter (the rows of the allowed chunks): exact scores of just those rows (numpy over the
  contiguous runs of rows, one run per report), or the screened search restricted to them with a
  FAISS ``IDSelectorBitmap`` when there are very many. The filter applies before ranking.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Optional

import numpy as np

from index.bm25 import top_k

EXACT_LIMIT = 50_000
SCREEN_FACTOR = 8


def _faiss():
    import faiss  # about 0.25 s: imported by the first index built, loaded or searched

    # One query at a time: OpenMP threads only add start-up and, on a busy machine, waits (measured
    # 40 ms instead of 0.3 ms for 20,000 vectors on 2 loaded cores).
    faiss.omp_set_num_threads(1)
    return faiss


class _Pinned:
    """FAISS-owned float32 memory seen by numpy; arrays over it keep ``owner`` (the index) alive."""

    def __init__(self, owner, address: int, shape: tuple[int, int]) -> None:
        self.owner = owner
        self.__array_interface__ = {"shape": shape, "typestr": "<f4", "data": (address, False), "version": 3}


class VectorIndex:
    """Chunk vectors, row ``i`` = chunk ``i``; searched by inner product with a unit query vector."""

    def __init__(self, index, exact_limit: int = EXACT_LIMIT) -> None:
        self.index = index
        self.exact_limit = exact_limit
        self._screen = None
        self._screen_scale = 1.0
        self._lock = threading.Lock()

    @classmethod
    def build(cls, vectors: np.ndarray, dim: Optional[int] = None, exact_limit: int = EXACT_LIMIT) -> "VectorIndex":
        """An exact inner-product index of ``vectors`` ((n, dim) float32, rows L2-normalised)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = dim or (vectors.shape[1] if vectors.ndim == 2 else 0)
        index = _faiss().IndexFlatIP(dim)
        if len(vectors):
            index.add(vectors)
        return cls(index, exact_limit)

    @classmethod
    def load(cls, path: Path, exact_limit: int = EXACT_LIMIT) -> "VectorIndex":
        """Read an index written by ``save``; raises RuntimeError (from FAISS) if the file is damaged."""
        return cls(_faiss().read_index(str(path)), exact_limit)

    def save(self, path: Path) -> None:
        """Write the flat index to ``path`` with ``faiss.write_index``."""
        _faiss().write_index(self.index, str(path))

    @property
    def dim(self) -> int:
        """The vectors' dimension."""
        return int(self.index.d)

    def __len__(self) -> int:
        return int(self.index.ntotal)

    @property
    def vectors(self) -> np.ndarray:
        """The stored vectors as an (n, dim) float32 array: a view of FAISS's memory, not a copy.

        The view (and any slice of it) keeps this index alive, so it never points at freed memory.
        """
        n = len(self)
        if n == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        raw = _faiss().rev_swig_ptr(self.index.get_xb(), n * self.dim)
        return np.asarray(_Pinned(self, raw.__array_interface__["data"][0], (n, self.dim)))

    def search(self, query: np.ndarray, k: int, rows: Optional[np.ndarray] = None) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` rows nearest ``query`` among ``rows`` (all if None): (rows, exact scores), best first."""
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(-1)
        n = len(self)
        if n == 0 or k <= 0 or (rows is not None and len(rows) == 0):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        if rows is None and n <= self.exact_limit:
            scores, found = self.index.search(query[None, :], min(k, n))
            keep = found[0] >= 0
            return found[0][keep].astype(np.int64), scores[0][keep]
        if rows is not None and len(rows) <= self.exact_limit:
            rows = np.asarray(rows, dtype=np.int64)
            return top_k(rows, self._exact_scores_of_runs(rows, query), k)
        return self._screened(query, k, rows)

    # einsum, not ``@``: BLAS would spread a matrix-vector product over threads, which only waits
    # for one another on a busy machine; einsum's single loop is as fast here.

    def exact_scores(self, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Exact inner products of ``query`` with the vectors of ``rows``."""
        return np.einsum("ij,j->i", self.vectors[np.asarray(rows, dtype=np.int64)], np.asarray(query, np.float32))

    def _exact_scores_of_runs(self, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
        vectors = self.vectors
        breaks = np.flatnonzero(np.diff(rows) != 1) + 1
        starts = np.concatenate(([0], breaks))
        ends = np.concatenate((breaks, [len(rows)]))
        return np.concatenate([np.einsum("ij,j->i", vectors[rows[s]: rows[e - 1] + 1], query)
                               for s, e in zip(starts, ends)])

    def _screened(self, query: np.ndarray, k: int, rows: Optional[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        faiss = _faiss()
        screen = self.screen()
        wanted = min(len(self) if rows is None else len(rows), SCREEN_FACTOR * k + 16)
        params = None
        if rows is not None:
            mask = np.zeros(len(self), dtype=bool)
            mask[np.asarray(rows, dtype=np.int64)] = True
            bitmap = np.packbits(mask, bitorder="little")
            selector = faiss.IDSelectorBitmap(len(self), faiss.swig_ptr(bitmap))
            selector.bitmap_array = bitmap  # keep the bits alive as long as the selector
            params = faiss.SearchParameters(sel=selector)
        _, found = screen.search((query * self._screen_scale)[None, :], wanted, params=params)
        candidates = found[0][found[0] >= 0].astype(np.int64)
        return top_k(candidates, self.exact_scores(candidates, query), k)

    def screen(self):
        """The int8 copy used to pick candidates in large collections (built once, in memory, about 1 s per 400,000).

        Vectors are scaled so that the largest component is 127 and rounded (FAISS
        ``QT_8bit_direct_signed``): four times smaller than float32 and about twice as fast to scan
        as float16; the candidates are then scored exactly. FAISS rounds the query to int8 as well,
        so the query is scaled alike (``_screen_scale``), or it would round to zeros.
        """
        if self._screen is None:
            with self._lock:
                if self._screen is None:
                    faiss = _faiss()
                    screen = faiss.IndexScalarQuantizer(self.dim, faiss.ScalarQuantizer.QT_8bit_direct_signed,
                                                        faiss.METRIC_INNER_PRODUCT)
                    vectors = self.vectors
                    scale = 127.0 / max(float(np.abs(vectors).max()), 1e-12)
                    step = 65_536
                    for start in range(0, len(vectors), step):
                        block = np.rint(vectors[start: start + step] * scale)
                        screen.add(np.ascontiguousarray(np.clip(block, -128, 127), dtype=np.float32))
                    self._screen_scale = scale
                    self._screen = screen
        return self._screen
