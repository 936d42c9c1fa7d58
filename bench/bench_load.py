"""Load benchmark of the JSON API (a script, not a test).

Starts ``server.py`` on loopback over the current collection (``REPORTQA_HOME``), then runs
16 concurrent clients for 60 s against ``POST /api/ask`` with a mix of questions, and prints
answers per second, p50/p99 latency, errors and the server's memory at the start and the end.

    .venv/bin/python bench/bench_load.py [--clients 16] [--seconds 60] [--workers 2]

Every request goes to 127.0.0.1 only; the loop is bounded in time and stops by itself.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_rss(proc: psutil.Process) -> int:
    """Resident memory of the server and its worker processes, in bytes."""
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def wait_ready(url: str, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not start in time")


def client(url: str, stop_at: float, offset: int, latencies: list[float], errors: list[str]) -> None:
    with httpx.Client(base_url=url, timeout=10) as http:
        i = offset
        while time.time() < stop_at:
            q = QUESTIONS[i % len(QUESTIONS)]
            i += 1
            start = time.perf_counter()
            try:
                res = http.post("/api/ask", json={"question": q})
                elapsed = time.perf_counter() - start
                if res.status_code != 200:
                    errors.append(f"{res.status_code} {res.text[:80]}")
                else:
                    latencies.append(elapsed)
            except httpx.HTTPError as exc:
                errors.append(repr(exc))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args()

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "uvicorn", "server:create_app", "--factory", "--host", "127.0.0.1",
           "--port", str(port), "--log-level", "warning", "--workers", str(args.workers)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=dict(os.environ))
    try:
        wait_ready(url)
        ps = psutil.Process(proc.pid)
        httpx.post(url + "/api/ask", json={"question": QUESTIONS[0]}, timeout=30)  # warm
        rss_start = server_rss(ps)
        latencies: list[float] = []
        errors: list[str] = []
        stop_at = time.time() + args.seconds
        threads = [threading.Thread(target=client, args=(url, stop_at, i, latencies, errors))
                   for i in range(args.clients)]
        began = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.time() - began
        rss_end = server_rss(ps)
    finally:
        proc.terminate()
        proc.wait(timeout=20)

    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    print(f"clients={args.clients} seconds={wall:.1f} workers={args.workers}")
    print(f"answers={len(latencies)} answers/s={len(latencies) / wall:.1f}")
    print(f"p50={q[49] * 1000:.1f} ms p99={q[98] * 1000:.1f} ms")
    print(f"errors={len(errors)}" + (f" first: {errors[0]}" if errors else ""))
    print(f"server memory: start={rss_start / 2**20:.0f} MiB end={rss_end / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
