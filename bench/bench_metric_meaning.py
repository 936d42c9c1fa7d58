"""Does the e5 model find a question's metric by meaning where the glossary's words do not?

    python bench/bench_metric_meaning.py

Embeds the glossary terms' label words and first English wording with the default model's
query path, then, for held-out wordings that are not glossary words, junk input, and the dev and
test questions that no glossary word matches (prose figures), takes the nearest term of the
question's metric wording. Prints: how often the nearest term is right, the cosine of right and
wrong matches, of junk and of prose questions, the smallest threshold that lets no wrong, junk
or prose match through and what it keeps, and the time of one query. This decided that the
fallback is not on the answer path (docs in the report of issue 9): a threshold that lets no
wrong metric through keeps few right ones, and a wrong metric is the confidently wrong answer.
"""
from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Wordings no glossary word covered when this was written, with a label word of the right term.
HELD_OUT = [
    ("被人告上法院几回", "行政诉讼"), ("上法院的案子有多少", "行政诉讼"), ("群众不服提出复查几次", "行政复议"),
    ("times hauled before a judge", "行政诉讼"), ("complaints to a higher authority", "行政复议"),
    ("开了多少罚单", "行政处罚"), ("fines handed out", "行政处罚"), ("发了多少许可证", "行政许可"),
    ("permits granted", "行政许可"), ("拒绝提供信息多少次", "不予公开"), ("requests turned down", "不予公开"),
    ("查封扣押多少次", "行政强制"), ("seizures carried out", "行政强制"), ("群众来函索取材料多少次", "申请"),
    ("people asked for documents", "申请"), ("搞了几场新闻通气会", "新闻发布会"), ("官网访问人次", "浏览量"),
    ("number of staff doing disclosure work", "工作人员"), ("money taken in charges", "行政事业性收费"),
    ("废掉了多少规范性文件", "废止"),
]
JUNK = ["asdfgh", "exit now please", "😀", "今天天气怎么样", "hello there", "谢谢你", "quit", "ok"]
QUESTION_FILES = [ROOT.parent / "shared" / "eval" / "dev_questions.jsonl", ROOT / "tests" / "data" / "questions_more.jsonl",
                  ROOT / "tests" / "data" / "questions_blind.jsonl"]


def main() -> int:
    from index.model import FastQueryEmbedder
    from qa.metric_words import glossary
    from qa.question import understand

    embedder = FastQueryEmbedder()
    terms = glossary()["terms"]
    phrases, owners = [], []
    for i, term in enumerate(terms):
        # the label words a term stands for and its first English wording: the colloquial words
        # the glossary adds later would leak the held-out wordings into the answer key
        for p in dict.fromkeys(term["means"] + term["en"][:1]):
            phrases.append(p)
            owners.append(i)
    t0 = time.perf_counter()
    matrix = np.stack([embedder.embed_query(p) for p in phrases])
    print(f"{len(phrases)} glossary wordings of {len(terms)} terms embedded in {time.perf_counter() - t0:.1f} s")

    def nearest(text: str) -> tuple[int, float, float]:
        scores = matrix @ embedder.embed_query(text)
        best: dict[int, float] = {}
        for owner, score in zip(owners, scores):
            best[owner] = max(best.get(owner, -1.0), float(score))
        (a, sa), (_, sb) = sorted(best.items(), key=lambda kv: -kv[1])[:2]
        return a, sa, sa - sb

    right, wrong, times = [], [], []
    for text, label in HELD_OUT:
        t0 = time.perf_counter()
        term, score, margin = nearest(text)
        times.append(time.perf_counter() - t0)
        ok = label in terms[term]["means"] or label in terms[term]["zh"]
        (right if ok else wrong).append(score)
        print(f"  {'right' if ok else 'WRONG'} {score:.3f} {text} -> {terms[term]['zh'][0]}")
    junk = [nearest(t)[1] for t in JUNK]
    agencies = sorted({p.stem.rpartition("_")[0] for p in (ROOT.parent / "shared" / "corpus" / "real").iterdir()} - {""})
    prose = []
    for path in QUESTION_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            q = understand(json.loads(line)["q"], agencies)
            if q.slots and not any(s.from_glossary for s in q.slots):
                prose.append(nearest(" ".join(s.text for s in q.slots))[1])
    print(f"held-out wordings: {len(right)}/{len(HELD_OUT)} nearest term right")
    for name, xs in (("right", right), ("wrong", wrong), ("junk", junk), ("prose questions", prose)):
        if xs:
            print(f"  cosine of {name}: {min(xs):.3f}-{max(xs):.3f} (n={len(xs)})")
    bar = max(wrong + junk + prose)
    kept = sum(s > bar for s in right)
    print(f"threshold letting no wrong, junk or prose match through: > {bar:.3f}; keeps {kept}/{len(HELD_OUT)}")
    print(f"one query: median {statistics.median(times) * 1e3:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
