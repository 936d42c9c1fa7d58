"""Index benchmark (a script, not a test): ingest rate, retrieval latency at two sizes, retrieval recall.

Prints, on this machine:

1. ingest rate of the real corpus (``../shared/corpus/real`` and the seed): reports/s and chunks/s,
   split into parse, segment, embed and write, and the CPU seconds this process took (without the
   reader processes; on a shared machine, wall time says more about the neighbours than about us);
2. retrieval latency p50/p95 of one query (the dev questions, each ``--repeat`` times; warm
   process) over the real corpus: hybrid, RRF, BM25 alone, dense alone, and hybrid with filters;
3. the same over a synthetic collection of ``--reports`` reports (default 10,000): copies of the real
   reports' chunks, tokens and vectors under distinct agencies and years (nothing is embedded again);
4. recall@5 on the dev questions whose answer is in a report (kinds table and text): a question counts
   when a top-5 chunk of the right report holds the expected value (a row with that value in a
   table cell, or a passage with that figure), for hybrid, BM25 and dense, unfiltered and with the
   agency/year that ``qa.question.understand`` reads from the question.

5. with ``--row-vectors``: recall@5 again with the table-row chunks' vectors left out (zeros).

    .venv/bin/python bench/bench_index.py [--model reportqa/fake-bigram] [--reports 10000] [--skip-synthetic]
                                          [--row-vectors]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import BUNDLED_REPORTS  # noqa: E402
from index import factsdb, store  # noqa: E402
from index.bm25 import Bm25Index  # noqa: E402
from index.collection import open_collection  # noqa: E402
from index.ingest import ingest  # noqa: E402
from index.settings import DEFAULT_MODEL, Settings  # noqa: E402
from index.vectors import VectorIndex  # noqa: E402

REAL = ROOT.parent / "shared" / "corpus" / "real"
DEV = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
MODES = ("hybrid", "rrf", "bm25", "dense")


def percentiles(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    return f"p50 {statistics.median(ms):6.1f} ms   p95 {ms[int(0.95 * (len(ms) - 1))]:6.1f} ms   (n={len(ms)})"


def cpu_seconds() -> float:
    """CPU seconds of this process and its waited-for children. The report readers run as children of
    multiprocessing's fork server (``corpus.sandbox``), so their parse time is not in this figure."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench_ingest(settings: Settings) -> None:
    started, cpu_started = time.perf_counter(), cpu_seconds()
    result = ingest([BUNDLED_REPORTS, REAL], settings, progress=False)
    total, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    if not result.changed:
        print(f"ingest: the collection at {settings.home} already holds these files ({result.reports} reports, "
              f"{result.chunks} chunks); use a fresh --home to time the ingest")
        return
    t = result.timings
    files = len(result.added) + len(result.alternates) + len(result.failed)
    print(f"ingest: {files} files -> {result.reports} reports, {result.chunks} chunks in {total:.1f} s "
          f"({files / total:.2f} files/s, {result.reports / total:.2f} reports/s, {result.chunks / total:.1f} chunks/s; "
          f"load average {os.getloadavg()[0]:.1f}); {cpu:.1f} CPU-s ({files / cpu:.2f} files per CPU-s; "
          f"encoder {open_collection(settings).manifest.get('encoder')})")
    for step in ("parse", "segment", "embed", "write"):
        seconds = t.get(step, 0.0)
        rate = f"{result.chunks / seconds:8.1f} chunks/s" if step != "parse" and seconds else \
            f"{files / seconds:8.2f} files/s" if seconds else ""
        print(f"  {step:8s} {seconds:7.2f} s  {rate}")
    for path, reason in result.failed:
        print(f"  failed: {reason}")


def bench_latency(collection, queries: list[str], repeat: int, label: str) -> None:
    """p50/p95 of one search per variant; variants take turns on each query so that load hits all alike."""
    collection.warm()
    embedder = collection.searcher.embedder
    middle = collection.reports()[len(collection.reports()) // 2]
    variants = {
        "query embedding alone": lambda q: embedder.embed_query(q),
        **{mode: (lambda q, m=mode: collection.search(q, mode=m)) for mode in MODES},
        "hybrid, query vector cached (retrieval alone)": lambda q: collection.search(q),
        "hybrid, agency+year filter": lambda q: collection.search(q, agency=middle.agency, year=middle.year),
        "hybrid, year filter": lambda q: collection.search(q, year=middle.year),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeat):
        for query in queries:
            for name, run in variants.items():
                if "cached" not in name:
                    collection.searcher.query_vector.cache_clear()
                started = time.perf_counter()
                run(query)
                times[name].append(time.perf_counter() - started)
    print(f"{label}: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; model {embedder.name}")
    for name, seconds in times.items():
        print(f"  {name:46s} {percentiles(seconds)}")


def share_models(real_home: Path, synthetic_home: Path) -> None:
    """Let the synthetic collection use the real one's model folder where the real one has its own
    (a home built before the shared model cache), so both sizes use the same query embedder."""
    link = synthetic_home / "models"
    if (real_home / "models").is_dir() and not link.exists():
        link.symlink_to((real_home / "models").resolve(), target_is_directory=True)


def build_synthetic(real: store.Generation, home: Path, n_reports: int) -> Settings:
    """A collection of ``n_reports`` copies of the real reports (new ids, agencies, years), written as ingest would."""
    rng = np.random.default_rng(0)
    old_vectors = VectorIndex.load(real.folder / "vectors.faiss").vectors
    chunks_by_report = [[json.loads(line) for line in real.chunk_lines(*e["chunks"])] for e in real.entries]
    work = store.new_work_folder(home)
    entries, tokens, parts, offsets = [], [], [], [0]
    with open(work / "chunks.jsonl", "wb") as out:
        for i in range(n_reports):
            k = i % len(real.entries)
            entry, templates = real.entries[k], chunks_by_report[k]
            report_id, agency, year = f"syn{i:06d}", f"合成机关{i // 16:05d}", 2000 + i % 16
            start = len(tokens)
            for n, template in enumerate(templates):  # the template's token strings are shared, not copied
                data = {**template, "id": f"{report_id}:{n}", "report_id": report_id, "agency": agency, "year": year,
                        "tokens": template["tokens"] + [agency, str(year)]}
                blob = json.dumps(data, ensure_ascii=False).encode("utf-8")
                out.write(blob + b"\n")
                offsets.append(offsets[-1] + len(blob) + 1)
                tokens.append(data["tokens"])
            s, e = entry["chunks"]
            noisy = old_vectors[s:e] + rng.normal(0, 0.01, (e - s, old_vectors.shape[1])).astype(np.float32)
            parts.append(noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
            entries.append({**entry, "id": report_id, "agency": agency, "year": year, "alternates": [],
                            "chunks": [start, len(tokens)]})
    np.save(work / "chunks.offsets.npy", np.asarray(offsets, dtype=np.int64), allow_pickle=False)
    VectorIndex.build(np.concatenate(parts)).save(work / "vectors.faiss")
    Bm25Index.build(tokens).save(work / "bm25")
    factsdb.write_facts_db(work / "facts.sqlite", entries, [])
    manifest = {k: v for k, v in real.manifest.items() if k not in ("reports", "files", "generation")}
    manifest.update(counts={"reports": len(entries), "chunks": len(tokens)}, reports=entries)
    store.commit(home, work, manifest)
    model = real.manifest.get("model_setting", real.manifest["model"])
    return Settings(home=home, model=model)


# ---------------------------------------------------------------- recall


def holds_value(collection, chunk, value: float, tol: float) -> bool:
    """Does ``chunk`` hold ``value``: a table cell of its row, or a prose figure printed in it."""
    if chunk.kind == "row":
        return any(f.value is not None and abs(f.value - value) <= tol
                   for f in collection.facts(report_id=chunk.report_id)
                   if f.table == chunk.table and f.row == chunk.row)
    return any(abs(g.value - value) <= tol and g.raw in chunk.text
               for g in collection.figures(report_id=chunk.report_id))


def target_reports(collection, question: str) -> tuple[set[str], dict]:
    """The reports a question is about (its agency and year as qa reads them) and the matching filter."""
    years = [int(y) for y in re.findall(r"(?:19|20)\d\d", question)]
    agency = None
    try:
        from qa.question import understand

        read = understand(question, collection.agencies())
        years = list(read.years) or years
        agency = read.agencies[0][0] if read.agencies and len(read.agencies[0]) == 1 else None
    except Exception:  # qa not there yet, or it could not read the question: years alone
        pass
    reports = {r.id for r in collection.reports()
               if (not years or r.year in years) and (agency is None or r.agency == agency)}
    filters = {k: v for k, v in (("agency", agency), ("year", years[0] if len(years) == 1 else None)) if v}
    return reports, filters


def bench_recall(collection) -> None:
    questions = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [q for q in questions if q["kind"] in ("table", "text")]
    found = {(mode, filtered): 0 for mode in MODES for filtered in (False, True)}
    for q in questions:
        reports, filters = target_reports(collection, q["q"])
        tol = q.get("tol", 0.005)
        marks = []
        for filtered in (False, True):
            for mode in MODES:
                hits = collection.search(q["q"], k=5, mode=mode, **(filters if filtered else {}))
                ok = any(h.chunk.report_id in reports and holds_value(collection, h.chunk, q["value"], tol)
                         for h in hits)
                found[(mode, filtered)] += ok
                marks.append("+" if ok else ".")
        half = len(MODES)
        print(f"  {q['id']} {''.join(marks[:half])} {''.join(marks[half:])}  {q['q'][:50]}  {filters}")
    print(f"recall@5 over {len(questions)} dev questions with the answer in a report "
          f"(columns above: {' '.join(MODES)}, unfiltered | filtered):")
    for filtered in (False, True):
        print(f"  {'with agency/year filter' if filtered else 'unfiltered            '}  " + "   ".join(
            f"{mode} {found[(mode, filtered)] / len(questions):.2f}" for mode in MODES))


def bench_row_vectors(collection) -> None:
    """Recall@5 with the table-row chunks' vectors as built, and with them left out (zero vectors):
    do row chunks, which have facts, need vectors at all? (Measured: yes, hybrid 0.90 -> 0.65.)"""
    searcher = collection.searcher
    built = searcher.vectors
    rows = np.array([searcher.chunk(i).kind == "row" for i in range(len(built))])
    print(f"row vectors: {int(rows.sum())} of {len(rows)} chunks are table rows")
    without = np.where(rows[:, None], 0.0, built.vectors).astype(np.float32)
    for label, vectors in (("with row vectors", built.vectors), ("without row vectors", without)):
        searcher.__dict__["vectors"] = VectorIndex.build(vectors)
        print(f"{label}:")
        bench_recall(collection)
    searcher.__dict__["vectors"] = built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=DEFAULT_MODEL, help="REPORTQA_MODEL (reportqa/fake-bigram: no model)")
    parser.add_argument("--reports", type=int, default=10_000, help="size of the synthetic collection")
    parser.add_argument("--repeat", type=int, default=5, help="times each dev question is searched for latency")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--row-vectors", action="store_true", help="recall with and without table-row vectors")
    parser.add_argument("--home", type=Path, help="data folder to use (kept); default: a temporary one")
    args = parser.parse_args()

    home = args.home or Path(tempfile.mkdtemp(prefix="reportqa-bench-"))
    settings = Settings(home=home / "real", model=args.model)
    queries = [json.loads(line)["q"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    try:
        print(f"model {args.model}; {len(queries)} dev questions as queries")
        bench_ingest(settings)
        collection = open_collection(settings)
        bench_latency(collection, queries, args.repeat, "real corpus")
        bench_recall(collection)
        if args.row_vectors:
            bench_row_vectors(collection)
        if not args.skip_synthetic:
            started = time.perf_counter()
            try:  # a kept --home holds the synthetic collection of an earlier run
                big = open_collection(Settings(home=home / "synthetic", model=args.model), auto_ingest=False)
                if big.manifest["counts"]["reports"] != args.reports:
                    raise store.NoCollection("another size")
            except store.NoCollection:
                big = open_collection(build_synthetic(collection.generation, home / "synthetic", args.reports))
            print(f"synthetic: {big.manifest['counts']['reports']} reports, {big.manifest['counts']['chunks']} chunks "
                  f"(built in {time.perf_counter() - started:.0f} s)")
            share_models(settings.home, home / "synthetic")
            started = time.perf_counter()
            big.warm()
            print(f"synthetic: indexes loaded in {time.perf_counter() - started:.1f} s")
            bench_latency(big, queries, args.repeat, f"{args.reports} reports")
    finally:
        if not args.home:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
