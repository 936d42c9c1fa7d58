"""Renderings of the real reports as new users bring them, for the metadata tests.

Each real report of ``../shared/corpus/real`` is written to a temporary folder as Markdown the way
PDF converters and crawlers write it: the title over two or three lines, a ``正文`` first line, a
``# `` heading, ``标题：``/``来源：`` labels, a page header, a one-character typo in the place name,
a short form in the title with the full name in the body, the agency only in the file name, a
neutral file name. ``unknown_agency_variants`` replaces the zone's name by other real divisions.

Uses only ``corpus.files.load_document`` and ``corpus.metadata.read_metadata`` so that the same
measurement runs on an older checkout (``python tests/metadata_variants.py`` from its root).
"""
from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"
# Places put in for the zone's name: a county (with its city), a commission of a municipality, and a
# county one character off another real one (泗阳县 / 沭阳县), which must not be "corrected".
NEW_NAMES = ("宿迁市沭阳县", "上海市科学技术委员会", "宿迁市泗阳县")


@dataclass(frozen=True)
class Variant:
    """One rendering: its name, the file written, the agency and year it must give."""

    kind: str
    path: Path
    agency: str
    year: int
    typo: Optional[str] = None  # the misspelt place, for the typo variant


def manifest() -> dict[str, dict[str, str]]:
    with open(REAL / "MANIFEST.tsv", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


def filed_agency(agency: str) -> str:
    """The MANIFEST agency as the collection files it (a 管委会 under its area)."""
    return agency[:-3] if agency.endswith("综合实验区管委会") else agency


def body_lines(path: Path) -> list[str]:
    """The report's running text, without the title lines at its top."""
    from corpus.files import load_document
    from corpus.records import Line

    lines = [b.text.strip() for b in load_document(path).blocks if isinstance(b, Line) and b.text.strip()]
    for i, text in enumerate(lines[:3]):
        if "报告" in text and len(text) <= 60:
            return lines[i + 1:]
    return lines


def short_form(agency: str) -> str:
    """A short form of an agency without its places: 平潭综合实验区交通与建设局 -> 区交通与建设局."""
    for end in ("综合实验区", "区", "县", "市"):
        cut = agency.find(end)
        if cut > 0:
            rest = agency[cut + len(end):]
            return end[-1] + (rest.replace("人民政府", "政府") or "管委会")
    return agency


def typo_of(agency: str, text: str) -> tuple[str, str]:
    """The agency with one character of its first place changed (a character of the same sound
    that the text uses when there is one, else one that looks alike), and the place as misspelt."""
    from pypinyin import lazy_pinyin

    stem_end = next((agency.find(e) for e in ("综合实验区", "市", "县", "区") if agency.find(e) > 0), 2)
    position = 1 if stem_end >= 2 else 0
    original = agency[position]
    sound = lazy_pinyin(original)[0]
    same = sorted({ch for ch in text if "\u4e00" <= ch <= "\u9fff" and ch != original
                   and ch not in agency and lazy_pinyin(ch)[0] == sound})
    replacement = same[0] if same else "口"
    wrong = agency[:position] + replacement + agency[position + 1:]
    return wrong, wrong[:stem_end]


def variants(path: Path, folder: Path) -> Iterator[Variant]:
    """Every rendering of one real report, written under ``folder``."""
    row = manifest()[path.name]
    agency, year = row["agency"], int(row["year"])
    expected = filed_agency(agency)
    body = body_lines(path)
    text = "\n".join(body)
    title = f"{agency}{year}年度政府信息公开工作年度报告"
    folder.mkdir(parents=True, exist_ok=True)
    n = [0]

    def write(kind: str, lines: list[str], name: str = "", want: str = expected, typo: Optional[str] = None):
        n[0] += 1
        target = folder / (name or f"report_{n[0]:03d}.md")
        target.write_text("\n".join(lines + body) + "\n", encoding="utf-8")
        return Variant(kind, target, want, year, typo)

    yield write("plain", [title])
    yield write("two_lines", [f"{year} 年{agency}政府信息公开工作", "年度报告"])
    yield write("three_lines", [agency, f"{year}年度政府信息公开", "工作年度报告"])
    yield write("zhengwen_first", ["正文", title])
    yield write("markdown_heading", [f"# {title}"])
    yield write("labels", [f"标题：{title}", "来源：政府门户网站", f"发布日期：{year + 1}-01-20"])
    yield write("page_header", ["当前位置：首页 > 政务公开 > 政府信息公开年报", "- 1 -", title])
    wrong, misspelt = typo_of(agency, text)
    yield write("typo_in_place", [f"{wrong}{year}年度政府信息公开工作年度报告"], typo=misspelt)
    yield write("agency_in_file_name_only", [f"{year}年度政府信息公开工作年度报告"], name=f"{agency}_{year}.md")
    yield write("title_as_file_name", [f"{year}年度政府信息公开工作年度报告"],
                name=f"{agency}{year}年政府信息公开工作年度报告.md")
    short = short_form(agency)
    if short != agency:
        first = f"{agency}（以下简称“{short}”）根据《条例》编制本报告。"
        n[0] += 1
        target = folder / f"report_{n[0]:03d}.md"
        target.write_text("\n".join([f"{year}年{short}政府信息公开工作年度报告", first] + body) + "\n",
                          encoding="utf-8")
        yield Variant("short_form_in_title", target, expected, year)


def unknown_agency_variants(path: Path, folder: Path) -> Iterator[Variant]:
    """The report with the zone's name (or 平潭县) replaced by other real divisions, under a
    neutral file name and under its old file name: it must be filed under the new name."""
    row = manifest()[path.name]
    agency, year = row["agency"], int(row["year"])
    old = "平潭综合实验区" if "平潭综合实验区" in agency else "平潭县" if "平潭县" in agency else ""
    if not old:
        return
    body = body_lines(path)
    for k, new in enumerate(NEW_NAMES):
        def swap(text: str) -> str:
            for name in ("平潭综合实验区党工委管委会", "平潭综合实验区管委会"):
                text = text.replace(name, new)
            return text.replace(old, new)

        expected = swap(filed_agency(agency))
        lines = [swap(f"{agency}{year}年度政府信息公开工作年度报告")] + [swap(t) for t in body]
        for name in (f"report_{k}.md", path.stem + ".md"):
            target = folder / f"{k}" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
            yield Variant(f"unknown_{new}_{'neutral' if name.startswith('report') else 'oldname'}",
                          target, expected, year)
        if path.suffix in (".html", ".txt"):
            raw = path.read_bytes().decode("utf-8", errors="replace")
            target = folder / f"{k}" / f"raw_{k}{path.suffix}"
            target.write_text(swap(raw), encoding="utf-8")
            yield Variant(f"unknown_{new}_raw", target, expected, year)


def real_report_files() -> list[Path]:
    return sorted(p for p in REAL.iterdir() if p.name != "MANIFEST.tsv")


def measure(folder: Path) -> dict[str, list[int]]:
    """Per variant kind: [renderings, agency right, year right] over every real report."""
    from corpus.files import load_document
    from corpus.metadata import read_metadata

    counts: dict[str, list[int]] = {}
    for i, path in enumerate(real_report_files()):
        for variant in list(variants(path, folder / f"{i}")) + list(unknown_agency_variants(path, folder / f"u{i}")):
            meta = read_metadata(load_document(variant.path))
            kind = "unknown_agency_" + variant.kind.rsplit("_", 1)[-1] if variant.kind.startswith(
                "unknown") else variant.kind
            c = counts.setdefault(kind, [0, 0, 0])
            c[0] += 1
            c[1] += meta.agency == variant.agency
            c[2] += meta.year == variant.year
    return counts


if __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(Path.cwd()))
    with tempfile.TemporaryDirectory() as tmp:
        result = measure(Path(tmp))
    total = [sum(c[i] for c in result.values()) for i in range(3)]
    for kind, (n, agency_ok, year_ok) in sorted(result.items()):
        print(f"{kind:28s} {n:4d} renderings  agency right {agency_ok:4d}  year right {year_ok:4d}")
    print(f"{'all':28s} {total[0]:4d} renderings  agency right {total[1]:4d}  year right {total[2]:4d}")
