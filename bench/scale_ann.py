"""ANN recall for ``bench/bench_scale.py --ann``: FAISS HNSW, IVF-PQ (with and without exact
re-ranking) and the embedded store's int8 screen against the flat index, on the synthetic vectors."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.settings import Settings  # noqa: E402
from scale_synthetic import make_synthesizer  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
TIE = 0.005  # cosine: a neighbour this close to the true k-th is as good (ANN recall, in brackets)

def ann_recall(home: Path, model: str, n: int, queries_n: int = 300) -> None:
    """recall@10 and @5 of approximate FAISS indexes against the flat index on the synthetic vectors."""
    import faiss

    faiss.omp_set_num_threads(os.cpu_count() or 1)
    synth = make_synthesizer(home, model)
    t = time.perf_counter()
    vectors = np.concatenate([synth.vectors(i) for i in range(n)])
    print(f"ann: {len(vectors):,} vectors of {vectors.shape[1]} dimensions regenerated in {time.perf_counter() - t:.0f} s")
    rng = np.random.default_rng(11)
    held = vectors[rng.integers(0, len(vectors), queries_n)] + rng.normal(0, 0.03, (queries_n, vectors.shape[1]))
    queries = [held.astype(np.float32)]
    from index.model import load_embedder

    dev = [json.loads(line)["q"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    embedder = load_embedder(Settings(home=home / "templates-home", model=model), "query")
    queries.append(np.stack([embedder.embed_query(q) for q in dev]).astype(np.float32))
    queries = np.concatenate(queries)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    d = vectors.shape[1]
    flat = faiss.IndexFlatIP(d)
    flat.add(vectors)
    t = time.perf_counter()
    scores, truth = flat.search(queries, 10)
    flat_ms = (time.perf_counter() - t) / len(queries) * 1000
    print(f"ann: {len(queries)} queries ({queries_n} noisy stored vectors, {len(dev)} dev questions); "
          f"flat {flat_ms:.2f} ms a query ({os.cpu_count()} threads), {vectors.nbytes / 2**20:.0f} MiB")

    def recall(index, label: str, build: float, size: float) -> None:
        t = time.perf_counter()
        _, found = index.search(queries, 10)
        each = (time.perf_counter() - t) / len(queries) * 1000
        r10 = np.mean([len(set(f) & set(g)) / 10 for f, g in zip(found, truth)])
        r5 = np.mean([len(set(f[:5]) & set(g[:5])) / 5 for f, g in zip(found, truth)])
        # A found vector as good as the true ones: its exact score within TIE of the true 10th (5th)
        # score. The synthetic copies of one template differ by noise alone, so which copy is "the"
        # 10th nearest is chance; this counts the neighbours flat search cannot tell apart either.
        exact = np.einsum("qd,qkd->qk", queries, vectors[np.maximum(found, 0)])
        near10 = np.mean((exact >= scores[:, 9:10] - TIE) & (found >= 0))
        near5 = np.mean((exact[:, :5] >= scores[:, 4:5] - TIE) & (found[:, :5] >= 0))
        print(f"  {label:44s} recall@10 {r10:.3f} ({near10:.3f})  recall@5 {r5:.3f} ({near5:.3f})  "
              f"{each:6.2f} ms/query  build {build:6.1f} s  {size:7.0f} MiB")

    t = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 80
    hnsw.add(vectors)
    built = time.perf_counter() - t
    print(f"  (in brackets: counting a neighbour whose exact score is within {TIE} of the true k-th as found)")
    for ef in (32, 64, 128, 256, 512):
        hnsw.hnsw.efSearch = ef
        recall(hnsw, f"HNSW M=32 efSearch={ef}", built, (vectors.nbytes + len(vectors) * 32 * 2 * 4) / 2**20)
    del hnsw
    nlist = int(min(4096, max(64, 4 * np.sqrt(len(vectors)))))
    t = time.perf_counter()
    quantizer = faiss.IndexFlatIP(d)
    ivfpq = faiss.IndexIVFPQ(quantizer, d, nlist, d // 8, 8, faiss.METRIC_INNER_PRODUCT)
    ivfpq.train(vectors[rng.choice(len(vectors), min(len(vectors), 64 * nlist), replace=False)])
    ivfpq.add(vectors)
    built = time.perf_counter() - t
    size = (len(vectors) * (d // 8 + 8) + nlist * d * 4) / 2**20
    for nprobe in (8, 32, 128):
        ivfpq.nprobe = nprobe
        recall(ivfpq, f"IVF{nlist},PQ{d // 8} nprobe={nprobe}", built, size)
    refine = faiss.IndexRefineFlat(ivfpq, faiss.swig_ptr(vectors))
    refine.k_factor = 8
    for nprobe in (32, 128):
        ivfpq.nprobe = nprobe
        recall(refine, f"IVF{nlist},PQ{d // 8} nprobe={nprobe} + exact re-rank x8", built, size + vectors.nbytes / 2**20)
    t = time.perf_counter()
    sq = faiss.IndexScalarQuantizer(d, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
    sq.train(vectors)
    sq.add(vectors)
    screen = faiss.IndexRefineFlat(sq, faiss.swig_ptr(vectors))
    screen.k_factor = 8
    recall(screen, "int8 screen x8 + exact (the embedded store)", time.perf_counter() - t,
           (vectors.nbytes * 1.25) / 2**20)
