"""Load benchmark of the JSON API (a script, not a test).

Starts ``server.py`` on loopback over the current collection (``REPORTQA_HOME``,
``REPORTQA_MODEL``), asks every question of the mix once to warm it, then runs 16 concurrent
clients for 60 s against ``POST /api/ask`` and prints answers per second, p50/p99 latency,
errors and the server's memory at the start and the end.

    python bench/bench_load.py [--clients 16] [--seconds 60] [--workers 2] [--mix fixed|wide] [--no-cache]

The ``fixed`` mix is twelve questions of every kind (lookups, computed totals, English, a year with
no report); ``wide`` adds four questions for every report of the collection. ``--no-cache`` turns
the server's answer cache off, so that every request runs ``qa.answer``. Every request goes to
127.0.0.1 only; the loop is bounded in time and stops by itself.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]

QUESTIONS = [
    "平潭综合实验区2024年政府信息公开行政诉讼有多少件？",
    "平潭综合实验区2024年政府信息公开行政复议总计多少件？",
    "平潭综合实验区2024年本年新收政府信息公开申请数量是多少？",
    "上海市人社局2011年电子邮件申请数是多少？",
    "上海市人社局2011年收取的复制费是多少元？",
    "淮安市洪泽区2023年行政复议总计多少件？",
    "淮安市2024年予以公开的申请有多少件？",
    "How many lawsuits did the Pingtan Comprehensive Experimental Zone face in 2025?",
    "How many requests did the Shanghai human resources bureau receive by fax in 2011?",
    "平潭综合实验区2022年行政处罚本年处理决定数量是多少？",
    "上海市人民政府办公厅2019年本年新收政府信息公开申请数量是多少？",
    "平潭综合实验区2030年行政复议多少件？",
]
PER_REPORT = [
    "{agency}{year}年政府信息公开行政复议总计多少件？",
    "{agency}{year}年本年新收政府信息公开申请数量是多少？",
    "{agency}{year}年主动公开政府信息多少条？",
    "How many information-disclosure lawsuits did {agency} face in {year}?",
]


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


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 300) -> None:
    """Return once /api/health answers; exit if the server dies or never answers."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server exited: is there a collection at REPORTQA_HOME? (`reportqa ingest PATH`)")
        try:
            if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not start in time")


def question_mix(url: str, mix: str) -> list[str]:
    """The questions to ask: the fixed twelve, and for ``wide`` four more per report of the collection."""
    questions = list(QUESTIONS)
    if mix == "wide":
        for report in httpx.get(url + "/api/reports?_shape=array", timeout=30).json():
            if report["agency"] and report["year"]:
                questions += [t.format(agency=report["agency"], year=report["year"]) for t in PER_REPORT]
    return questions


def client(url: str, questions: list[str], stop_at: float, offset: int, latencies: list[float],
           errors: list[str], statuses: Counter) -> None:
    """One client on one keep-alive connection (the standard library's, light on the shared CPUs):
    ask the mix in turn, from ``offset``, until ``stop_at``."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {"Content-Type": "application/json"}
    i = offset
    while time.time() < stop_at:
        body = json.dumps({"question": questions[i % len(questions)]}).encode()
        i += 7  # clients walk the mix in different orders
        start = time.perf_counter()
        try:
            conn.request("POST", "/api/ask", body, headers)
            res = conn.getresponse()
            data = res.read()
            elapsed = time.perf_counter() - start
            if res.status != 200:
                errors.append(f"{res.status} {data[:80]!r}")
            else:
                latencies.append(elapsed)
                statuses[json.loads(data)["status"]] += 1
        except (OSError, http.client.HTTPException) as exc:
            errors.append(repr(exc))
            conn.close()
            conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.close()


def run(url: str, questions: list[str], clients: int, seconds: float) -> tuple[list, list, Counter, float]:
    """``clients`` concurrent clients for ``seconds``: (latencies, errors, answer statuses, wall seconds)."""
    latencies: list[float] = []
    errors: list[str] = []
    statuses: Counter = Counter()
    stop_at = time.time() + seconds
    threads = [threading.Thread(target=client, args=(url, questions, stop_at, i, latencies, errors, statuses))
               for i in range(clients)]
    began = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, statuses, time.time() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=5, help="seconds of unmeasured load first")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (one per core)")
    parser.add_argument("--mix", choices=["fixed", "wide"], default="fixed")
    parser.add_argument("--no-cache", action="store_true", help="turn the server's answer cache off")
    args = parser.parse_args()

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    if args.no_cache:
        env["REPORTQA_ANSWER_CACHE"] = "0"
    proc = subprocess.Popen([sys.executable, "server.py", "--port", str(port), "--workers", str(args.workers)],
                            cwd=ROOT, env=env)
    try:
        wait_ready(url, proc)
        questions = question_mix(url, args.mix)
        for q in questions:  # every question once, then a short unmeasured run: a warm server
            httpx.post(url + "/api/ask", json={"question": q}, timeout=60)
        run(url, questions, args.clients, args.warmup)
        rss_start = server_rss(proc.pid)
        latencies, errors, statuses, wall = run(url, questions, args.clients, args.seconds)
        rss_end = server_rss(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    print(f"clients={args.clients} seconds={wall:.1f} workers={args.workers} mix={args.mix} ({len(questions)} questions) "
          f"cache={'off' if args.no_cache else 'on'} cpus={os.cpu_count()}")
    print(f"answers={len(latencies)} answers/s={len(latencies) / wall:.1f} statuses={dict(statuses)}")
    print(f"p50={q[49] * 1000:.1f} ms p99={q[98] * 1000:.1f} ms max={latencies[-1] * 1000 if latencies else 0:.1f} ms")
    print(f"errors={len(errors)}" + (f" first: {errors[0]}" if errors else ""))
    print(f"server memory: start={rss_start / 2**20:.0f} MiB end={rss_end / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
