"""Load benchmark of the JSON API with uploads during the run (a script, not a test).

Builds a collection of the real reports (``--corpus``, default ../shared/corpus/real) in a fresh
home (or uses ``--home``), starts ``server.py`` with uvicorn in a subprocess on loopback with the
answer cache off, and for each client count (``--clients``, default 16 then 64) runs that many
clients for ``--seconds`` (60) against ``POST /api/ask`` over every question made from the
collection's facts (each agency and year it holds × metric wordings: well over 100 different
questions, lookups and computed sums, shares and changes). Meanwhile an uploader sends
``--uploads`` (20) small real report files re-badged as new agencies (each one a new report, an
ingest and a collection reload), spread over the whole run, and the server's resident memory (all
its processes) is sampled every second.

    python bench/bench_load.py [--clients 16,64] [--seconds 60] [--workers 2] [--uploads 20]
                               [--home PATH] [--corpus PATH] [--cache] [--max-growth MIB]
                               [--growth-per-upload MIB] [--warmup SECONDS]

It prints, per client count: answers, answers/s, answer statuses, errors, p50/p99/max latency,
the uploads done in it; then the server's memory (min, max, first, last sample) per phase and
over the whole run, and its growth from the first sample to the last: over the warm-up (``--warmup``
seconds of load before the first phase: each worker builds the answering state of every report
then, about 150 MiB, once), and over the measured phases, flagged ``GROWING`` when over
``--max-growth`` MiB plus ``--growth-per-upload`` MiB for each upload (the reports added are
held by every worker; its first upload also starts a worker's fork server for the sandboxed
reading, about 65 MiB). ``REPORTQA_MODEL`` picks the embedding model as for the server (the default
model unless set). Every request goes to 127.0.0.1; each phase is bounded in time.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
TOKEN = "bench-upload-token"
# Metric wordings asked of every agency and year: lookups, and sums, shares and changes computed
# from several cells (the costlier path), in Chinese and English.
METRICS = (
    "{agency}{year}年政府信息公开行政复议总计多少件？",
    "{agency}{year}年政府信息公开行政诉讼有多少件？",
    "{agency}{year}年本年新收政府信息公开申请数量是多少？",
    "{agency}{year}年予以公开的申请有多少件？",
    "{agency}{year}年主动公开政府信息多少条？",
    "{agency}{year}年行政复议和行政诉讼一共多少件？",
    "{agency}{year}年予以公开的申请占比是多少？",
    "{agency}{year}年本年新收申请比上年增长多少？",
    "How many information-disclosure lawsuits did {agency} face in {year}?",
)
NUMERALS = "一二三四五六七八九十"
STEMS = "甲乙丙丁戊己庚辛壬癸"  # a run's mark in the re-badged names: a reused home gets new reports


# ---------------------------------------------------------------- the server


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_rss(pid: int) -> int:
    """Resident memory of process ``pid`` and all its descendants (uvicorn workers), in bytes."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as f:
                total += next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, StopIteration):
            continue
    return total


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 600) -> None:
    """Return once /api/health answers; exit if the server dies or never answers."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server exited: is there a collection at the home? (`reportqa ingest PATH`)")
        try:
            if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not start in time")


def ensure_collection(home: Path, corpus: Path, env: dict) -> None:
    """Ingest ``corpus`` into ``home`` unless it already holds a collection."""
    if (home / "CURRENT").exists():
        return
    print(f"ingesting {corpus} into {home} (once; the embedding takes a few minutes on 2 cores)", flush=True)
    subprocess.run([sys.executable, "-m", "qa.cli", "ingest", str(corpus)], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


class Sampler(threading.Thread):
    """The server's resident memory every second, with the phase it was taken in."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.phase = "start"
        self.samples: list[tuple[str, float, int]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        began = time.time()
        while not self.stopped.is_set():
            self.samples.append((self.phase, time.time() - began, server_rss(self.pid)))
            self.stopped.wait(1.0)


# ---------------------------------------------------------------- questions and uploads


def questions_from_facts(url: str) -> list[str]:
    """Every agency and year the collection's facts hold × the metric wordings."""
    facts = httpx.get(url + "/api/facts", params={"_shape": "array"}, timeout=120).json()
    pairs = sorted({(f["agency"], f["year"]) for f in facts if f["agency"] and f["year"]})
    return [m.format(agency=agency, year=year) for agency, year in pairs for m in METRICS]


def rebadged_uploads(corpus: Path, count: int, run_id: str) -> list[tuple[str, bytes]]:
    """``count`` small real report files, each re-badged as a new agency (平潭综合实验区 → 平潭综合实验区压测N局)."""
    small = sorted((p for p in corpus.glob("平潭综合实验区_*.txt")), key=lambda p: p.stat().st_size)[:4]
    if not small:
        raise SystemExit(f"no small 平潭综合实验区_*.txt report in {corpus} to upload")
    files = []
    for i in range(count):
        source = small[i % len(small)]
        name = f"压测{run_id}{NUMERALS[i // 10] if i >= 10 else ''}{NUMERALS[i % 10]}局"
        text = source.read_text(encoding="utf-8").replace("平潭综合实验区", f"平潭综合实验区{name}")
        files.append((f"平潭综合实验区{name}_{source.stem.rsplit('_', 1)[1]}.txt", text.encode("utf-8")))
    return files


def upload(url: str, name: str, data: bytes, at: float, done: list) -> None:
    """Send one file at time ``at``; record (time sent, status, seconds to the answer, message)."""
    time.sleep(max(0.0, at - time.time()))
    sent, start = time.time(), time.perf_counter()
    try:
        res = httpx.post(url + "/api/reports", files={"file": (name, data)},
                         headers={"Authorization": f"Bearer {TOKEN}"}, timeout=900)
        done.append((sent, res.status_code, time.perf_counter() - start,
                     res.json().get("message") or res.json().get("error")))
    except httpx.HTTPError as exc:
        done.append((sent, 0, time.perf_counter() - start, repr(exc)))


def uploader(url: str, files: list[tuple[str, bytes]], began: float, span: float, done: list) -> list[threading.Thread]:
    """Send ``files`` evenly over ``span`` seconds from ``began``, each at its time whether the one
    before is done or not (the server ingests one at a time); returns the threads sending them."""
    threads = [threading.Thread(target=upload, args=(url, name, data, began + span * (i + 0.5) / len(files), done))
               for i, (name, data) in enumerate(files)]
    for t in threads:
        t.start()
    return threads


# ---------------------------------------------------------------- the clients


def client(url: str, questions: list[str], stop_at: float, offset: int, latencies: list[float],
           errors: list[str], statuses: Counter) -> None:
    """One client on one keep-alive connection (the standard library's, light on the shared CPUs):
    ask the questions in turn, from ``offset``, until ``stop_at``."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    headers = {"Content-Type": "application/json"}
    i = offset
    while time.time() < stop_at:
        body = json.dumps({"question": questions[i % len(questions)]}).encode()
        i += 7  # clients walk the questions in different orders
        start = time.perf_counter()
        try:
            conn.request("POST", "/api/ask", body, headers)
            res = conn.getresponse()
            data = res.read()
            elapsed = time.perf_counter() - start
            if res.status != 200:
                errors.append(f"{res.status} {data[:300].decode('utf-8', 'replace')}")
            else:
                latencies.append(elapsed)
                statuses[json.loads(data)["status"]] += 1
        except (OSError, http.client.HTTPException) as exc:
            errors.append(repr(exc))
            conn.close()
            conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.close()


def run(url: str, questions: list[str], clients: int, seconds: float) -> tuple[list, list, Counter, float]:
    """``clients`` concurrent clients for ``seconds``: (latencies, errors, answer statuses, wall seconds)."""
    latencies: list[float] = []
    errors: list[str] = []
    statuses: Counter = Counter()
    stop_at = time.time() + seconds
    threads = [threading.Thread(target=client, args=(url, questions, stop_at, i * 13, latencies, errors, statuses))
               for i in range(clients)]
    began = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, statuses, time.time() - began


# ---------------------------------------------------------------- the report


def mib(n: int) -> str:
    return f"{n / 2**20:.0f}"


def memory_line(label: str, samples: list[int]) -> str:
    if not samples:
        return f"{label}: no samples"
    return (f"{label}: min={mib(min(samples))} max={mib(max(samples))} first={mib(samples[0])} "
            f"last={mib(samples[-1])} MiB ({len(samples)} samples)")


def growth_line(label: str, samples: list[int], limit_mib: float | None = None) -> str:
    """The growth from the first of ``samples`` to the last; with ``limit_mib``, ``GROWING`` when over it, else ``flat``."""
    if len(samples) < 2:
        return f"server RSS growth, {label}: too few samples"
    grown = samples[-1] - samples[0]
    line = (f"server RSS growth, {label}, first to last sample: {'+' if grown >= 0 else '-'}{mib(abs(grown))} MiB "
            f"({mib(samples[0])} -> {mib(samples[-1])})")
    if limit_mib is None:
        return line
    over = grown > limit_mib * 2**20
    return line + (f": GROWING (over {limit_mib:g} MiB)" if over else f": flat (within {limit_mib:g} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="16,64", help="client counts, one phase each (comma-separated)")
    parser.add_argument("--seconds", type=float, default=60, help="seconds a phase")
    parser.add_argument("--warmup", type=float, default=20, help="seconds of unmeasured load before the first phase")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (one per core)")
    parser.add_argument("--uploads", type=int, default=20, help="re-badged report uploads spread over the run")
    parser.add_argument("--home", type=Path, help="collection to serve (default: a fresh one of --corpus)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="report files for a fresh collection")
    parser.add_argument("--cache", action="store_true", help="keep the server's answer cache on (off by default)")
    parser.add_argument("--max-growth", type=float, default=100,
                        help="MiB the server's memory may grow over the measured phases before it is flagged GROWING")
    parser.add_argument("--growth-per-upload", type=float, default=10,
                        help="MiB more allowed for each upload (every worker holds the reports added)")
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",") if c.strip()]

    scratch = None if args.home else Path(tempfile.mkdtemp(prefix="reportqa-bench-"))
    home = args.home or scratch / "home"
    env = dict(os.environ, REPORTQA_HOME=str(home), REPORTQA_TOKEN=TOKEN)
    if not args.cache:
        env["REPORTQA_ANSWER_CACHE"] = "0"
    ensure_collection(home, args.corpus, env)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "server.py", "--port", str(port), "--workers", str(args.workers)],
                            cwd=ROOT, env=env)
    results = []
    uploads: list = []
    try:
        wait_ready(url, proc)
        questions = questions_from_facts(url)
        sampler = Sampler(proc.pid)
        sampler.start()
        sampler.phase = "warmup"
        run(url, questions, counts[0], args.warmup)
        files = rebadged_uploads(args.corpus, args.uploads, run_id="".join(STEMS[int(d)] for d in str(port % 100)))
        began = time.time()
        senders = uploader(url, files, began, args.seconds * len(counts), uploads)
        for count in counts:
            sampler.phase = f"{count} clients"
            start = time.time()
            results.append((count, start, *run(url, questions, count, args.seconds)))
        sampler.phase = "uploads"  # the last ones may still be ingesting
        for t in senders:
            t.join()
        sampler.stopped.set()
        sampler.join()
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)

    print(f"server workers={args.workers} cpus={os.cpu_count()} cache={'on' if args.cache else 'off'} model={os.environ.get('REPORTQA_MODEL') or 'default'} "
          f"questions={len(questions)} uploads={len(files)} seconds={args.seconds:g} a phase")
    for count, start, latencies, errors, statuses, wall in results:
        latencies.sort()
        q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
        during = [u for u in uploads if start <= u[0] <= start + wall]
        print(f"clients={count}: answers={len(latencies)} answers/s={len(latencies) / wall:.1f} errors={len(errors)}"
              f"{' first: ' + errors[0] if errors else ''} statuses={dict(statuses)}")
        print(f"  p50={q[49] * 1000:.0f} ms p99={q[98] * 1000:.0f} ms max={latencies[-1] * 1000 if latencies else 0:.0f} ms"
              f"; uploads in this phase={len(during)}")
    ok = [u for u in uploads if u[1] == 200]
    print(f"uploads: {len(ok)} of {len(uploads)} ok, "
          f"{sum('added as' in (u[3] or '') for u in ok)} added as new reports; "
          f"seconds each (queued behind one another) p50={statistics.median(u[2] for u in uploads) if uploads else 0:.1f} "
          f"max={max((u[2] for u in uploads), default=0):.1f}"
          + "".join(f"\n  refused {u[1]}: {u[3]}" for u in uploads if u[1] != 200))
    for phase in [f"{c} clients" for c in counts]:
        print(memory_line(f"server RSS, {phase}", [s[2] for s in sampler.samples if s[0] == phase]))
    run_samples = [s for s in sampler.samples if s[0] != "start"]
    print(memory_line("server RSS, whole run", [s[2] for s in run_samples]))
    print(growth_line("whole run", [s[2] for s in run_samples]))
    print(growth_line("over the warm-up", [s[2] for s in sampler.samples if s[0] == "warmup"]))
    measured = [s[2] for s in sampler.samples if s[0] not in ("start", "warmup")]
    print(growth_line(f"after the warm-up, {len(files)} uploads", measured,
                      args.max_growth + args.growth_per_upload * len(files)))
    print("server RSS every 10 s (MiB): " + " ".join(mib(s[2]) for s in run_samples[::10]))


if __name__ == "__main__":
    main()
