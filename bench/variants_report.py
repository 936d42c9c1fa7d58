"""How well the readers read the variant renderings of the real reports (a script, not a test).

Writes the renderings of ``tests/variants.py`` (or takes a folder it wrote before), reads every
variant and its original with the code under test, and prints per kind: files, files read,
agency right, year right, cells recovered / cells in the original, cells marked unreadable,
missing, wrong values (same key, different value) and prose figures recovered.

    python bench/variants_report.py [--only KIND ...] [--variants DIR] [--code CHECKOUT] [--files]

``--code CHECKOUT`` measures another checkout's readers (e.g. the code before a fix): its folder
is put first on the import path, so ``import corpus`` finds its ``corpus``; the rendering and
scoring code is always this checkout's. ``--files`` lists every file that is not perfect.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str) -> ModuleType:
    """This checkout's tests/NAME.py, loaded by path (``tests`` may be another checkout's package)."""
    spec = importlib.util.spec_from_file_location(f"_variant_tools_{name}", ROOT / "tests" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", help="a kind (repeatable); default: every kind")
    parser.add_argument("--variants", type=Path, help="a folder `python -m tests.variants DIR` wrote")
    parser.add_argument("--code", type=Path, help="a checkout whose corpus/ is measured instead of this one")
    parser.add_argument("--files", action="store_true", help="list every file that is not perfect")
    args = parser.parse_args()
    sys.path.insert(0, str((args.code or ROOT).resolve()))
    import corpus

    variants, scores = _load("variants"), _load("variant_scores")
    kinds = tuple(args.only or variants.KINDS)
    print(f"corpus from {Path(corpus.__file__).parent}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reportqa-variants-") as scratch:
        if args.variants:
            made = [v for v in variants.load_manifest(args.variants) if v.kind in kinds]
        else:
            made = variants.make_variants(Path(scratch), kinds)
        written = time.perf_counter()
        by_kind = scores.score_variants(made, variants.original_report, corpus.read_report)
    print(f"{len(made)} variants, written in {written - started:.1f} s, read and scored in "
          f"{time.perf_counter() - written:.1f} s")
    print("\n".join(scores.table_lines([scores.summarise(k, by_kind.get(k, [])) for k in kinds])))
    if args.files:
        for kind in kinds:
            for s in by_kind.get(kind, []):
                if s.read and s.agency_right and s.year_right and s.recovered == s.cells and not s.wrong:
                    continue
                where = f"{kind:10s} {s.variant} (from {s.source})"
                if not s.read:
                    print(f"{where}: not read: {s.error}")
                    continue
                print(f"{where}: agency {s.agency!r}{'' if s.agency_right else ' ≠ ' + repr(s.expected_agency)}, "
                      f"year {s.year}{'' if s.year_right else ' ≠ ' + str(s.expected_year)}, "
                      f"{s.recovered}/{s.cells} cells, {s.unreadable} unreadable, {s.missing} missing, "
                      f"{len(s.wrong)} wrong {[(w.name, w.original, w.variant) for w in s.wrong[:4]]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
