"""Scale benchmark (a script, not a test): both stores side by side on synthetic collections.

    .venv/bin/python bench/bench_scale.py [--reports 1000] [--stores local,milvus] [--home DIR]
        [--ann] [--milvus-stream CHUNKS] [--ray-real] [--model reportqa/fake-bigram]

What is real and what is synthetic (printed again with the figures):

- templates: the reports of ``../shared/corpus/real`` (one per agency and year), parsed, chunked,
  cut into BM25 tokens and embedded with the configured model (``--model``; default the real one);
  cached in ``--home``;
- a synthetic report is a template under another agency (a real county of ``corpus/data/divisions.tsv``
  and a department) and year: its figures are multiplied by an integer 1-4 (facts, prose figures
  and the numbers in its chunks; percentages kept; so sums still add up), the template's agency in
  its chunks' text replaced; BM25 tokens are the template's with the agency's and year's swapped
  (jieba is not run again per chunk); vectors are the template's plus Gaussian noise (sigma 0.01
  per dimension, renormalised: cosine about 0.98 to the template), nothing is embedded again.
  Tables and section text inside each report's JSON stay the template's.

Measured, per store (the embedded generation folder and Milvus (milvus-lite) + SQLite facts):

1. build: the Milvus store is written through its real writer (``MilvusCollection.add``, one writer
   process): reports/s and chunks/s per worker; the embedded store's generation is written in bulk
   by this script (the files ingest writes; ingest itself re-cuts every chunk with jieba, so its
   own rate is measured on ``--ingest-sample`` reports through ``LocalWriter.add``);
2. serving, in a fresh process per store: open and warm time, search p50/p99 (query vectors cached,
   so retrieval alone; the query embedding separately) without filters, with an agency+year filter
   and with a year filter, for hybrid, BM25 and dense; answer p50/p99 of ``qa.answering.answer`` on
   questions about synthetic agencies (first pass and warm pass) with their statuses; RSS (VmRSS and
   peak VmHWM) and disk;
3. ``--ann``: FAISS flat against HNSW, IVF-PQ (with and without exact re-ranking) and the embedded
   store's int8 screen, recall@10 and recall@5 against flat on the synthetic vectors;
4. ``--milvus-stream N``: N synthetic chunks streamed into a Milvus collection (no reports or facts),
   insert rate, RSS and disk on the way, and search latency at the end; stops early when RSS passes
   ``--max-rss-gib``, saying so;
5. ``--ray-real``: ``reportqa ingest`` and ``reportqa ingest --ray`` of the real corpus (read, parse,
   embed, write) on both stores, Ray local.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.settings import DEFAULT_MODEL, Settings  # noqa: E402
from scale_ann import ann_recall  # noqa: E402
from scale_synthetic import DEPARTMENTS, NOISE, REAL, Synthesizer, make_synthesizer  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
QUESTIONS = ("{agency}{year}年行政复议总计多少件？", "{agency}{year}年本年新收政府信息公开申请数量是多少？",
             "{agency}{year}年政府信息公开行政诉讼有多少件？", "How many requests did {agency} receive in {year}?")


# ---------------------------------------------------------------- measuring


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))] if values else float("nan")


def ms(values: list[float]) -> str:
    return f"p50 {pct(values, 50) * 1000:7.1f} ms  p99 {pct(values, 99) * 1000:7.1f} ms  (n={len(values)})"


def memory() -> dict:
    """This process's resident memory now and at its peak, MiB (/proc/self/status)."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out


def disk(*paths: Path) -> float:
    """MiB on disk under ``paths``."""
    total = 0
    for path in paths:
        if path.is_file():
            total += path.stat().st_blocks * 512
        for found in path.rglob("*") if path.is_dir() else ():
            if found.is_file() and not found.is_symlink():
                total += found.stat().st_blocks * 512
    return total / 2**20


def child(fn, *args):
    """``fn(*args)`` in a fresh process (its memory is its own), returning its result."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()



# ---------------------------------------------------------------- building the two stores (each in a child)


def build_milvus(home: str, model: str, n: int, batch: int = 50) -> dict:
    """The scale-out store written through ``MilvusCollection.add``, ``batch`` reports a call."""
    from index.milvus_store import MilvusCollection

    home = Path(home)
    synth = make_synthesizer(home, model)
    settings = Settings(home=home / "milvus-home", model=model, store=f"milvus://{home}/milvus/chunks.db")
    for folder in (home / "milvus", home / "milvus-home"):
        shutil.rmtree(folder, ignore_errors=True)
    (home / "milvus").mkdir(parents=True)
    writer = MilvusCollection.open(settings)
    started, chunks, made = time.perf_counter(), 0, 0.0
    for start in range(0, n, batch):
        t = time.perf_counter()
        items = [synth.report(i) for i in range(start, min(n, start + batch))]
        made += time.perf_counter() - t
        chunks += sum(len(r.chunks) for r in items)
        writer.add(items, synth.encoding)
        if (start // batch) % max(1, n // batch // 10) == 0:
            print(f"  milvus: {min(n, start + batch):,} reports, {chunks:,} chunks, "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
    seconds = time.perf_counter() - started - made
    from index import store

    return {"reports": n, "chunks": chunks, "seconds": seconds, "generate_seconds": made, "memory": memory(),
            "reader": store.reader_fingerprint(),
            "disk": disk(home / "milvus"), "how": "MilvusCollection.add (the writer `reportqa ingest` uses), 1 process"}


def build_local(home: str, model: str, n: int) -> dict:
    """The embedded store's generation written in bulk (chunks, reports, FAISS flat, BM25, facts.sqlite)."""
    from index import factsdb, store
    from index.bm25 import Bm25Index
    from index.chunks import CHUNKING
    from index.ingest import _entry
    from index.segment import dictionary_hash
    from index.vectors import VectorIndex

    home = Path(home)
    synth = make_synthesizer(home, model)
    target = home / "local-home"
    shutil.rmtree(target, ignore_errors=True)
    work = store.new_work_folder(target)
    (work / "reports").mkdir()
    started, made = time.perf_counter(), 0.0
    entries, tokens, parts, offsets = [], [], [], [0]
    with open(work / "chunks.jsonl", "wb") as out:
        for i in range(n):
            t = time.perf_counter()
            item = synth.report(i)
            made += time.perf_counter() - t
            start = len(tokens)
            for chunk, words in zip(item.chunks, item.tokens):
                blob = json.dumps({**store.to_data(chunk), "tokens": list(words)}, ensure_ascii=False).encode("utf-8")
                out.write(blob + b"\n")
                offsets.append(offsets[-1] + len(blob) + 1)
                tokens.append(words)
            parts.append(item.vectors)
            entries.append({**_entry(item.report, []), "conflicts": [], "ingested": i + 1, "chosen": 0,
                            "chunks": [start, len(tokens)]})
            (work / "reports" / store.report_file_name(item.report.id)).write_text(
                json.dumps(store.to_data(item.report), ensure_ascii=False), encoding="utf-8")
    np.save(work / "chunks.offsets.npy", np.asarray(offsets, dtype=np.int64), allow_pickle=False)
    VectorIndex.build(np.concatenate(parts)).save(work / "vectors.faiss")
    del parts
    Bm25Index.build(tokens).save(work / "bm25")

    def again():  # the reports again, for their facts (not kept in memory), the time to make them left out
        nonlocal made
        for i in range(n):
            t = time.perf_counter()
            report = synth.report(i).report
            made += time.perf_counter() - t
            yield report

    factsdb.write_facts_db(work / "facts.sqlite", entries, again())
    (work / "alternates.json").write_text("{}", encoding="utf-8")
    manifest = {"format_version": store.FORMAT_VERSION, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "model": synth.encoding.model, "model_setting": model, "dimension": synth.encoding.dimension,
                "encoder": synth.encoding.encoder, "dictionary_hash": dictionary_hash(), "chunking": CHUNKING,
                "reader": store.reader_fingerprint(), "sequence": n,
                "counts": {"reports": len(entries), "chunks": len(tokens)}, "reports": entries}
    store.commit(target, work, manifest)
    return {"reports": n, "chunks": len(tokens), "seconds": time.perf_counter() - started - made,
            "generate_seconds": made, "memory": memory(), "disk": disk(target), "reader": store.reader_fingerprint(),
            "how": "generation files written in bulk by this script (not ingest), 1 process"}


def ingest_sample(home: str, model: str, n: int, offset: int) -> dict:
    """``LocalWriter.add`` (what ingest does after parsing and embedding: chunk, cut with jieba, write a
    generation) of ``n`` synthetic reports into a fresh folder: the embedded store's ingest rate."""
    from index.backend import LocalWriter

    home = Path(home)
    synth = make_synthesizer(home, model)
    target = home / "ingest-sample"
    shutil.rmtree(target, ignore_errors=True)
    from index.backend import IndexedReport
    from index.chunks import make_chunks

    # The chunks as ingest makes them from the report (its tables keep the template's figures), with
    # the synthetic tokens and vectors: the writer finds every vector given and embeds nothing.
    items = [synth.report(offset + i) for i in range(n)]
    items = [IndexedReport(r.report, tuple(make_chunks(r.report)), r.tokens, r.vectors) for r in items]
    writer = LocalWriter(Settings(home=target, model=model))
    started = time.perf_counter()
    result = writer.add(items, synth.encoding)
    seconds = time.perf_counter() - started
    shutil.rmtree(target, ignore_errors=True)
    return {"reports": result.reports, "chunks": result.chunks, "seconds": seconds}


# ---------------------------------------------------------------- serving (each store in a child)


def workload(synth: Synthesizer, n: int, per_report: int = 3) -> dict:
    """The queries (dev questions and questions about synthetic agencies), a filter, and the questions to answer."""
    rng = np.random.default_rng(7)
    picks = sorted(set(rng.integers(0, n, 12).tolist()))
    queries = [json.loads(line)["q"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    queries += [q.format(agency=synth.where(i)[0], year=synth.where(i)[1]) for i in picks[:6] for q in QUESTIONS[:2]]
    agency, year, _ = synth.where(picks[0])
    asked = [q.format(agency=synth.where(i)[0], year=synth.where(i)[1]) for i in picks for q in QUESTIONS[:per_report]]
    return {"queries": queries, "agency": agency, "year": year, "asked": asked}


def serve(settings: Settings, work: dict, repeat: int, reader: str) -> dict:
    """Open, warm, search and answer in this (fresh) process; returns the timings and memory.

    ``reader``: the report reader's fingerprint when the store was built. The synthetic reports were
    never read by a reader, so a collection built before ``corpus/`` changed is served as it is
    (a real one refuses to answer until its reports are read again)."""
    from index import store
    from index.collection import open_collection
    from qa.answering import answer

    store.reader_fingerprint = lambda: reader

    before = memory()
    t = time.perf_counter()
    collection = open_collection(settings, auto_ingest=False)
    opened = time.perf_counter() - t
    t = time.perf_counter()
    collection.warm()
    warmed = time.perf_counter() - t
    queries, agency, year, asked = work["queries"], work["agency"], work["year"], work["asked"]
    variants = {"hybrid": {}, "hybrid, agency+year filter": {"agency": agency, "year": year},
                "hybrid, year filter": {"year": year}, "bm25": {"mode": "bm25"}, "dense": {"mode": "dense"},
                "dense, agency+year filter": {"mode": "dense", "agency": agency, "year": year}}
    embed = []
    embedder = getattr(collection, "embedder", None) or collection.searcher.embedder
    for q in queries:
        t = time.perf_counter()
        embedder.embed_query(q)
        embed.append(time.perf_counter() - t)
        collection.search(q)  # caches the query vector: what follows is retrieval alone
    times = {name: [] for name in variants}
    for _ in range(repeat):
        for q in queries:
            for name, kw in variants.items():
                t = time.perf_counter()
                collection.search(q, k=5, **kw)
                times[name].append(time.perf_counter() - t)
    answers = {"first": [], "warm": []}
    statuses: dict = {}
    for phase in ("first", "warm"):
        for q in asked:
            t = time.perf_counter()
            a = answer(q, collection)
            answers[phase].append(time.perf_counter() - t)
            if phase == "warm":
                statuses[a.status] = statuses.get(a.status, 0) + 1
    return {"open": opened, "warm": warmed, "embed": embed, "search": times, "answers": answers,
            "statuses": statuses, "memory_before": before, "memory": memory(), "queries": len(queries),
            "questions": len(asked)}


# ---------------------------------------------------------------- Milvus, streamed


def milvus_stream(home: str, model: str, total: int, max_rss_gib: float) -> dict:
    """``total`` synthetic chunks streamed into a fresh Milvus collection (chunks only)."""
    from index.milvus_chunks import ChunkIndex, MilvusLocation, filter_expression, token_text
    from index import store

    home = Path(home)
    synth = make_synthesizer(home, model)
    folder = home / "milvus-stream"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    chunks = ChunkIndex(MilvusLocation.parse(f"milvus://{folder}/chunks.db", folder, None))
    chunks.create(synth.encoding.dimension)
    started, written, i, rows, marks, stopped = time.perf_counter(), 0, 0, [], [], None
    while written < total:
        item = synth.report(i)
        r = item.report
        i += 1
        for chunk, words, vector in zip(item.chunks, item.tokens, item.vectors):
            rows.append({"id": chunk.id, "report_id": r.id, "agency": r.agency, "year": r.year,
                         "tokens": token_text(words), "vector": vector.tolist(),
                         "data": json.dumps(store.to_data(chunk), ensure_ascii=False)})
        if len(rows) >= 5000 or written + len(rows) >= total:
            chunks.insert(rows[: total - written])
            written += min(len(rows), total - written)
            rows = []
            if written // 100_000 != (written - 5000) // 100_000 or written >= total:
                rss = memory()["VmRSS"]
                marks.append((written, time.perf_counter() - started, rss))
                print(f"  milvus stream: {written:,} chunks, {time.perf_counter() - started:.0f} s, RSS {rss:,.0f} MiB",
                      flush=True)
                if rss > max_rss_gib * 1024:
                    stopped = f"stopped at {written:,} chunks: RSS {rss / 1024:.1f} GiB passed --max-rss-gib {max_rss_gib}"
                    break
    chunks.flush()
    inserted = time.perf_counter() - started
    searches = {"dense": [], "dense, agency+year filter": [], "bm25": [], "bm25, agency+year filter": []}
    rng = np.random.default_rng(5)
    for _ in range(30):
        j = int(rng.integers(0, i))
        item = synth.report(j)
        expr = filter_expression(item.report.agency, item.report.year)
        for name, run in (("dense", lambda: chunks.dense(item.vectors[0], 60, "")),
                          ("dense, agency+year filter", lambda: chunks.dense(item.vectors[0], 60, expr)),
                          ("bm25", lambda: chunks.bm25(list(item.tokens[0][:6]), 60, "")),
                          ("bm25, agency+year filter", lambda: chunks.bm25(list(item.tokens[0][:6]), 60, expr))):
            t = time.perf_counter()
            run()
            searches[name].append(time.perf_counter() - t)
    return {"chunks": written, "reports": i, "seconds": inserted, "marks": marks, "stopped": stopped,
            "searches": searches, "memory": memory(), "disk": disk(folder)}


# ---------------------------------------------------------------- main


def ray_real(home: Path, model: str) -> None:
    """``reportqa ingest`` and ``reportqa ingest --ray`` of the real corpus, each into a fresh embedded
    store and on the scale-out store (milvus-lite), each a process of its own."""
    for store in ("", "milvus"):
        for how in ([], ["--ray"]):
            target = home / f"real-{store or 'local'}{'-ray' if how else ''}"
            shutil.rmtree(target, ignore_errors=True)
            env = {**os.environ, "REPORTQA_HOME": str(target), "REPORTQA_MODEL": model}
            env.pop("REPORTQA_STORE", None)
            if store:
                env["REPORTQA_STORE"] = f"milvus://{target}/chunks.db"
            started = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "qa.cli", "ingest", *how, str(REAL)], cwd=ROOT, env=env,
                                 capture_output=True, text=True)
            seconds = time.perf_counter() - started
            lines = [line for line in (run.stdout + run.stderr).splitlines()
                     if line.startswith(("ray:", "failed:", "error:")) or "reports added" in line]
            print(f"`reportqa ingest {' '.join(how + [REAL.name])}` ({store or 'embedded'} store, {model}): "
                  f"{seconds:.0f} s for the whole process, load average {os.getloadavg()[0]:.1f}")
            for line in lines:
                print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=1000, help="synthetic reports (10000, 100000 for the large runs)")
    parser.add_argument("--stores", default="local,milvus", help="local, milvus, both, or '' (none: --ann/--milvus-stream alone)")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="REPORTQA_MODEL of the templates' vectors")
    parser.add_argument("--repeat", type=int, default=2, help="times each query is searched")
    parser.add_argument("--ingest-sample", type=int, default=100, help="reports through LocalWriter.add")
    parser.add_argument("--ann", action="store_true", help="FAISS HNSW and IVF-PQ recall against flat")
    parser.add_argument("--milvus-stream", type=int, default=0, help="chunks to stream into Milvus (e.g. 1000000)")
    parser.add_argument("--max-rss-gib", type=float, default=12.0, help="stop the Milvus stream past this RSS")
    parser.add_argument("--ray-real", action="store_true",
                        help="time `reportqa ingest` and `reportqa ingest --ray` of the real corpus on both stores")
    parser.add_argument("--home", type=Path, help="working folder (kept; templates cached); default: a temporary one")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="reportqa-scale-"))
    home.mkdir(parents=True, exist_ok=True)
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    try:
        print(f"bench_scale: {args.reports:,} synthetic reports, stores {', '.join(stores)}, model {args.model}, "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        synth = make_synthesizer(home, args.model)
        print(f"synthetic data: {sum(len(v) for v in synth.by_year.values())} real reports as templates over "
              f"{len(synth.years)} years ({synth.years[0]}-{synth.years[-1]}), {synth.chunks_per_report():.1f} chunks a "
              f"report; agencies = real counties x {len(DEPARTMENTS)} departments; figures x1-4; vectors = template "
              f"+ N(0, {NOISE}) noise; nothing parsed or embedded per synthetic report")
        work = workload(synth, args.reports)
        del synth
        built, served = {}, {}
        for name in stores:
            record = home / f"built-{name}-{args.reports}-{re.sub(r'[^A-Za-z0-9]+', '-', args.model)}.json"
            if record.exists():  # a kept --home: the store built by an earlier run, with its figures
                built[name] = json.loads(record.read_text())
                print(f"reused {name}: built by an earlier run ({record.name})")
                continue
            t = time.perf_counter()
            built[name] = child(build_milvus if name == "milvus" else build_local, str(home), args.model, args.reports)
            record.write_text(json.dumps(built[name]))
            print(f"built {name}: {built[name]['reports']:,} reports, {built[name]['chunks']:,} chunks in "
                  f"{time.perf_counter() - t:.0f} s", flush=True)
        if "local" in stores and args.ingest_sample:
            sample = child(ingest_sample, str(home), args.model, args.ingest_sample, args.reports)
            print(f"local ingest sample: LocalWriter.add of {args.ingest_sample} reports ({sample['chunks']:,} chunks): "
                  f"{sample['seconds']:.1f} s = {args.ingest_sample / sample['seconds']:.1f} reports/s, "
                  f"{sample['chunks'] / sample['seconds']:.0f} chunks/s (1 process; chunking and jieba included)")
        for name in stores:
            settings = Settings(home=home / f"{name}-home", model=args.model,
                                store=f"milvus://{home}/milvus/chunks.db" if name == "milvus" else None)
            served[name] = child(serve, settings, work, args.repeat, built[name]["reader"])
        if stores:
            report(built, served, stores, args)
        if args.ann:
            ann_recall(home, args.model, args.reports)
        if args.milvus_stream:
            s = child(milvus_stream, str(home), args.model, args.milvus_stream, args.max_rss_gib)
            print(f"milvus stream: {s['chunks']:,} chunks ({s['reports']:,} synthetic reports' worth) in {s['seconds']:.0f} s"
                  f" = {s['chunks'] / s['seconds']:.0f} chunks/s (1 process); RSS {s['memory']['VmRSS']:,.0f} MiB "
                  f"(peak {s['memory']['VmHWM']:,.0f}); disk {s['disk']:,.0f} MiB" + (f"; {s['stopped']}" if s["stopped"] else ""))
            for name, values in s["searches"].items():
                print(f"  {name:28s} {ms(values)}")
        if args.ray_real:
            ray_real(home, args.model)
    finally:
        if not args.home:
            shutil.rmtree(home, ignore_errors=True)


def report(built: dict, served: dict, stores: list[str], args) -> None:
    """The side-by-side table."""
    col = lambda f: "".join(f"{f(s):>34s}" for s in stores)  # noqa: E731
    print(f"\n{'':38s}" + "".join(f"{s:>34s}" for s in stores))
    print(f"{'reports / chunks':38s}" + col(lambda s: f"{built[s]['reports']:,} / {built[s]['chunks']:,}"))
    print(f"{'build: chunks/s (reports/s), 1 worker':38s}" + col(
        lambda s: f"{built[s]['chunks'] / built[s]['seconds']:,.0f} ({built[s]['reports'] / built[s]['seconds']:.1f})"))
    print(f"{'build: peak RSS MiB':38s}" + col(lambda s: f"{built[s]['memory']['VmHWM']:,.0f}"))
    print(f"{'disk MiB':38s}" + col(lambda s: f"{built[s]['disk']:,.0f}"))
    print(f"{'open / warm s':38s}" + col(lambda s: f"{served[s]['open']:.1f} / {served[s]['warm']:.1f}"))
    print(f"{'serving RSS MiB (peak)':38s}" + col(
        lambda s: f"{served[s]['memory']['VmRSS']:,.0f} ({served[s]['memory']['VmHWM']:,.0f})"))
    print(f"{'query embedding':38s}" + col(lambda s: f"p50 {pct(served[s]['embed'], 50) * 1000:.1f} ms"))
    for name in served[stores[0]]["search"]:
        print(f"{'search ' + name:38s}" + col(lambda s: f"{pct(served[s]['search'][name], 50) * 1000:.1f} / "
                                                       f"{pct(served[s]['search'][name], 99) * 1000:.1f} ms"))
    for phase in ("first", "warm"):
        print(f"{'answer, ' + phase + ' pass p50 / p99':38s}" + col(
            lambda s: f"{pct(served[s]['answers'][phase], 50) * 1000:.1f} / "
                      f"{pct(served[s]['answers'][phase], 99) * 1000:.1f} ms"))
    print(f"{'answer statuses':38s}" + col(lambda s: " ".join(f"{k} {v}" for k, v in sorted(served[s]['statuses'].items()))))
    s0 = served[stores[0]]
    print(f"(search: p50 / p99 of {s0['queries']} queries x {args.repeat}, query vectors cached; answers: "
          f"{s0['questions']} questions about synthetic agencies; built by: "
          + "; ".join(f"{s}: {built[s]['how']}" for s in stores) + ")\n", flush=True)


if __name__ == "__main__":
    main()
