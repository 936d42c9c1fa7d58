"""The synthetic collection of ``bench/bench_scale.py``: the real reports as templates, report ``i``
made from one of them under another agency and year (figures, text, tokens and vectors varied),
deterministic by ``i``. See ``bench_scale.py``'s docstring for what is real and what is not."""
from __future__ import annotations

import dataclasses
import pickle
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.settings import Settings  # noqa: E402

REAL = ROOT.parent / "shared" / "corpus" / "real"
DEPARTMENTS = ("人民政府", "人民政府办公室", "教育局", "公安局", "财政局", "自然资源局", "生态环境局", "交通运输局",
               "卫生健康委员会", "市场监督管理局", "住房和城乡建设局", "农业农村局", "民政局", "司法局")
NOISE = 0.01  # the standard deviation of the noise added to each dimension of a template's vectors

def load_templates(home: Path, model: str):
    """The real reports, one per agency and year, indexed with ``model``: (IndexedReports, Encoding). Cached."""
    cache = home / f"templates-{re.sub(r'[^A-Za-z0-9]+', '-', model)}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from corpus.admission import not_a_report
    from corpus.files import iter_report_files
    from corpus.sandbox import read_report_bounded
    from index.backend import index_reports
    from index.copies import Copy, primary_of

    started = time.perf_counter()
    groups: dict = {}
    for path in iter_report_files([REAL]):
        try:
            report = read_report_bounded(path)
        except Exception as exc:  # noqa: BLE001 - a benchmark goes on without the file
            print(f"  template skipped: {path.name}: {exc}")
            continue
        if not not_a_report(report):
            groups.setdefault((report.agency, report.year), []).append(Copy.of_report(report, len(groups)))
    reports = [primary_of(copies).report for copies in groups.values()]
    parsed = time.perf_counter()
    indexed, encoding = index_reports(reports, Settings(home=home / "templates-home", model=model))
    print(f"templates: {len(reports)} real reports parsed in {parsed - started:.1f} s, "
          f"{sum(len(r.chunks) for r in indexed)} chunks indexed with {encoding.model} in "
          f"{time.perf_counter() - parsed:.1f} s (cached in {cache.name})")
    cache.write_bytes(pickle.dumps((indexed, encoding), protocol=pickle.HIGHEST_PROTOCOL))
    return indexed, encoding


def places() -> list[str]:
    """County-level divisions with their city (or province), e.g. 宜宾市翠屏区, from corpus/data/divisions.tsv."""
    rows = [line.split("\t") for line in (ROOT / "corpus" / "data" / "divisions.tsv").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#")]
    names = {r[1]: r[2] for r in rows if len(r) > 5}
    return [names.get(r[5], "") + r[2] for r in rows if len(r) > 5 and r[4] == "3"]


class Synthesizer:
    """Synthetic reports ``i = 0, 1, …`` made from the templates, deterministic by ``i``."""

    def __init__(self, templates, encoding, segmenter) -> None:
        self.encoding = encoding
        self.segmenter = segmenter
        self.by_year: dict[int, list] = {}
        for t in templates:
            if t.report.year is not None and t.chunks:
                self.by_year.setdefault(t.report.year, []).append(t)
        self.years = sorted(self.by_year)
        self.places = places()
        self._heads: dict = {}

    def chunks_per_report(self) -> float:
        counts = [len(t.chunks) for ts in self.by_year.values() for t in ts]
        return sum(counts) / len(counts)

    def where(self, i: int) -> tuple[str, int, object]:
        """Report ``i``'s agency, year and template: one report per agency and year."""
        a, year = divmod(i, len(self.years))
        year = self.years[year]
        place, dept = divmod(a, len(DEPARTMENTS))
        agency = self.places[place % len(self.places)] + DEPARTMENTS[dept] + (f"第{place // len(self.places)}分局"
                                                                             if place >= len(self.places) else "")
        choices = self.by_year[year]
        return agency, year, choices[a % len(choices)]

    def _head(self, agency: str, year: int) -> list[str]:
        key = (agency, year)
        if key not in self._heads:
            if len(self._heads) > 50_000:
                self._heads.clear()
            self._heads[key] = self.segmenter.tokens(f"{agency} {year}年")
        return self._heads[key]

    def report(self, i: int):
        """Synthetic report ``i`` as an ``IndexedReport`` (chunks, tokens, vectors)."""
        import hashlib

        from index.backend import IndexedReport

        agency, year, t = self.where(i)
        rng = np.random.default_rng(i)
        factor = int(rng.integers(1, 5))
        digest = hashlib.sha256(f"reportqa synthetic report {i}".encode()).hexdigest()
        rid = digest[:12]
        old = t.report.agency

        def scaled(value, unit):
            return value if value is None or unit == "%" else value * factor

        def text(s: str) -> str:
            s = s.replace(old, agency) if old else s
            return re.sub(r"(?<![\d.])(\d{1,6})(?![\d.年])", lambda m: str(int(m.group(1)) * factor), s)

        facts = tuple(dataclasses.replace(f, report_id=rid, agency=agency, year=year, value=scaled(f.value, f.unit),
                                          raw=f.raw if f.value is None or f.unit == "%" else
                                          f"{scaled(f.value, f.unit):g}") for f in t.report.facts)
        figures = tuple(dataclasses.replace(g, report_id=rid, agency=agency, year=year, value=scaled(g.value, g.unit),
                                            sentence=text(g.sentence)) for g in t.report.figures)
        ext = Path(t.report.path).suffix
        report = dataclasses.replace(t.report, id=rid, content_hash=digest, agency=agency, year=year,
                                     path=f"/synthetic/{agency}_{year}{ext}", title=text(t.report.title),
                                     facts=facts, figures=figures, alternates=(), corrections=())
        chunks = tuple(dataclasses.replace(c, id=f"{rid}:{n}", report_id=rid, agency=agency, year=year,
                                           text=text(c.text)) for n, c in enumerate(t.chunks))
        drop = set(self._head(old, t.report.year)) if old else set()
        head = self._head(agency, year)
        tokens = tuple(tuple(head + [w for w in ws if w not in drop]) for ws in t.tokens)
        return IndexedReport(report, chunks, tokens, self.vectors(i))

    def vectors(self, i: int) -> np.ndarray:
        """Report ``i``'s chunk vectors: its template's plus noise, renormalised (as ``report(i)`` has them)."""
        t = self.where(i)[2]
        rng = np.random.default_rng(i)
        rng.integers(1, 5)  # the figures' factor, drawn first in report(i)
        noisy = t.vectors + rng.normal(0, NOISE, t.vectors.shape).astype(np.float32)
        return (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)


def make_synthesizer(home: Path, model: str) -> Synthesizer:
    from index.segment import Segmenter

    templates, encoding = load_templates(home, model)
    return Synthesizer(templates, encoding, Segmenter(home / "cache"))
