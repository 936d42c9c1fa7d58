"""OCR benchmark (a script, not a test): seconds per scanned page, peak memory, cells recovered.

Renders every page of the text PDFs in ``../shared/corpus/real/`` to an image (pypdfium2 → PIL,
200 dpi greyscale, JPEG) and saves them as image-only PDFs without a text layer, as a scanning
office would; then reads each with ``corpus.pdf.read`` (which OCRs every page, ``corpus.ocr``) in a
fresh process and prints, per file and in all:

- seconds per page, wall clock and CPU (CPU / threads is what an idle machine would take);
- the process's peak RSS (``resource.getrusage``), the models included;
- the national-table cells recovered: facts with a canonical key whose value equals the text
  PDF's, against those of the text PDF; and any cell read as a *different* value (must be 0).

    .venv/bin/python bench/bench_ocr.py [--dpi 200] [FILE.pdf ...]

onnxruntime uses every core; pin the cores with ``taskset -c 0,1`` to measure two, or ``--threads 1``
for the CPU seconds of the work itself.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REAL = ROOT.parent / "shared" / "corpus" / "real"


def image_only_pdf(source: Path, target: Path, dpi: int = 200) -> int:
    """Save ``source``'s pages rendered at ``dpi`` as an image-only PDF at ``target``; returns the page count.

    Pages are rendered one at a time and written as they come, so a long PDF needs one page of memory.
    """
    import pypdfium2
    from PIL import Image

    pdf = pypdfium2.PdfDocument(str(source))
    try:
        pages = len(pdf)

        def rendered():
            for index in range(1, pages):
                yield _page_image(pdf, index, dpi)

        first = _page_image(pdf, 0, dpi)
        first.save(target, "PDF", resolution=dpi, save_all=True, append_images=rendered(), quality=85)
    finally:
        pdf.close()
    return pages


def _page_image(pdf, index: int, dpi: int):
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil().convert("L")
        bitmap.close()
        return image
    finally:
        page.close()


def canonical_facts(path: Path) -> dict[str, float | None]:
    """Canonical key -> value of a report's national-table cells (None: unreadable)."""
    from corpus.files import load_document
    from corpus.report import build_report

    report = build_report(load_document(path))
    return {f.key: (None if f.unreadable else f.value) for f in report.facts if f.key}


def compare(original: dict, scanned: dict) -> dict[str, object]:
    """Cells recovered (same key, same value), unreadable or missing, and different (must be empty)."""
    same = [k for k, v in original.items() if k in scanned and scanned[k] == v]
    different = {k: (original[k], scanned[k]) for k in original
                 if k in scanned and scanned[k] is not None and scanned[k] != original[k]}
    return {"cells": len(original), "recovered": len(same), "different": different,
            "missing": sorted(k for k in original if scanned.get(k) is None),
            "extra": sorted(k for k in scanned if k not in original)}


def _child(path: str, threads: int) -> None:
    """Read one PDF in this (fresh) process and print timing, memory and facts as JSON."""
    import functools

    from corpus import ocr
    from corpus.files import load_document
    from corpus.report import build_report

    ocr.load_engine = functools.partial(ocr.load_engine, threads=threads)

    started, cpu = time.perf_counter(), time.process_time()
    document = load_document(Path(path))
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    report = build_report(document)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    facts = {f.key: (None if f.unreadable else f.value) for f in report.facts if f.key}
    print(json.dumps({"wall": wall, "cpu": used, "peak_mib": peak_kib / 1024, "agency": report.agency,
                      "year": report.year, "facts": facts}, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--dpi", type=int, default=200, help="resolution of the scanned images")
    parser.add_argument("--threads", type=int, default=-1,
                        help="onnxruntime threads per model run (-1: all cores; 1 gives the CPU time of the work "
                             "itself, without the threads' spinning, on a machine others share)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.threads)
        return
    sources = args.files or sorted(REAL.glob("*.pdf"))
    total_pages = total_wall = total_cpu = 0.0
    peak = 0.0
    cells = recovered = 0
    with tempfile.TemporaryDirectory() as folder:
        for n, source in enumerate(sources, 1):
            scan = Path(folder) / f"scan_{n}.pdf"
            pages = image_only_pdf(source, scan, args.dpi)
            out = subprocess.run([sys.executable, __file__, "--child", str(scan), "--threads", str(args.threads)], capture_output=True,
                                 text=True, check=True)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            original = canonical_facts(source)
            diff = compare(original, {k: v for k, v in result["facts"].items()})
            total_pages += pages
            total_wall += result["wall"]
            total_cpu += result["cpu"]
            peak = max(peak, result["peak_mib"])
            cells += diff["cells"]
            recovered += diff["recovered"]
            print(f"{source.name}: {pages} pages, {result['wall'] / pages:.2f} s/page wall, "
                  f"{result['cpu'] / pages:.2f} s/page CPU, peak RSS {result['peak_mib']:.0f} MiB; "
                  f"agency {result['agency']!r} year {result['year']}; cells recovered "
                  f"{diff['recovered']}/{diff['cells']}, different {len(diff['different'])} "
                  f"{dict(list(diff['different'].items())[:5])}; unreadable or missing {diff['missing'][:6]}; "
                  f"keys the text PDF lacks {diff['extra'][:6]}", flush=True)
    print(f"all: {total_pages:.0f} pages, {total_wall / total_pages:.2f} s/page wall, "
          f"{total_cpu / total_pages:.2f} s/page CPU ({os.cpu_count()} cores), peak RSS {peak:.0f} MiB, "
          f"cells recovered {recovered}/{cells}")


if __name__ == "__main__":
    main()
