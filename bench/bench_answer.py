"""Answer latency over the collection at REPORTQA_HOME (ingest ../shared/corpus/real first).

    reportqa ingest ../shared/corpus/real
    python bench/bench_answer.py [--repeat 5] [--cold 3]

Prints the warm latency of ``qa.answer`` (p50/p95 over the dev questions and questions asked of
every report, after one warm-up pass that parses the reports' candidates), and the wall time of
whole ``reportqa ask`` processes from start to printed answer. Also says whether torch was
imported on the ask path (it must not be).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
TEMPLATES = ("{agency}{year}年行政复议总计多少件？", "{agency}{year}年政府信息公开行政诉讼有多少件？",
             "{agency}{year}年本年新收政府信息公开申请数量是多少？", "{agency}{year}年予以公开的申请占比是多少？",
             "How many requests did {agency} receive in {year}?")


def questions(collection) -> list[str]:
    """The dev questions, then the templates asked of every report in the collection."""
    out = [json.loads(line)["q"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in collection.reports():
        out += [t.format(agency=r.agency, year=r.year) for t in TEMPLATES]
    return out


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def warm(repeat: int) -> None:
    from index.collection import open_collection
    from qa.answering import answer

    collection = open_collection()
    qs = questions(collection)
    start = time.perf_counter()
    for q in qs:  # warm-up: parse candidates of every report once
        answer(q, collection)
    first = time.perf_counter() - start
    times, cpu = [], []
    for _ in range(repeat):
        for q in qs:
            t, c = time.perf_counter(), time.process_time()
            answer(q, collection)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    print(f"reports: {len(collection.reports())}, questions: {len(qs)}, warm-up pass: {first:.2f} s")
    print(f"warm answer: p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 95):.1f} ms, "
          f"max {max(times):.1f} ms over {len(times)} answers")
    print(f"  CPU time of the same answers: p50 {statistics.median(cpu):.1f} ms, p95 {percentile(cpu, 95):.1f} ms")


def cold(runs: int) -> None:
    q = "平潭综合实验区2024年政府信息公开行政诉讼有多少件？"
    walls = []
    for _ in range(runs):
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "qa.cli", "ask", q], capture_output=True, text=True, cwd=ROOT)
        walls.append(time.perf_counter() - t)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return
    print(f"reportqa ask process, start to printed answer: median {statistics.median(walls):.2f} s "
          f"(min {min(walls):.2f}, max {max(walls):.2f}) over {runs} runs")
    probe = ("import sys\nfrom qa.cli import main\nsys.argv = ['reportqa', 'ask', %r]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('torch imported:', 'torch' in sys.modules, '| sentence_transformers imported:',"
             " 'sentence_transformers' in sys.modules, file=sys.stderr)\n") % q
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "probe printed nothing")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the questions")
    parser.add_argument("--cold", type=int, default=3, help="reportqa ask processes to time")
    args = parser.parse_args()
    warm(args.repeat)
    if args.cold:
        cold(args.cold)


if __name__ == "__main__":
    main()
