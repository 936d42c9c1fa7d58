"""Hostile and careless files: each refused within seconds and bounded memory, and a fuzz of the
readers over mutated real reports (each a result or a one-line ReportError within the limits).

Every hostile file is generated here (nothing large is committed). Peak memory is measured in a
fresh interpreter per file (``ru_maxrss`` of that child only, from ``os.wait4``).
"""
from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import limits
from corpus.admission import not_a_report
from corpus.errors import ReportError
from corpus.files import load_document
from corpus.report import build_report
from tests.conftest import REAL, ROOT, SEED, real_files

PEAK_MB = 600  # a hostile file's reading, the interpreter and its libraries included (~100 MB)
SECONDS = 20  # a hostile file's reading, interpreter start included (refusals take under 1 s)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_PROBE = """
import json, sys, time
started = time.perf_counter()
try:
    from corpus import read_report
    report = read_report(sys.argv[1])
    out = {"report": [report.agency, report.year, len(report.tables), len(report.facts), report.format]}
except Exception as error:
    out = {"error": str(error), "type": type(error).__name__}
out["seconds"] = time.perf_counter() - started
out["peak_mb"] = int(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:'))) / 1024  # VmHWM: this image's own peak
print(json.dumps(out, ensure_ascii=False))
"""


def probe(path: Path) -> dict:
    """Read ``path`` in a fresh interpreter: its outcome, seconds and peak memory (MB)."""
    process = subprocess.Popen([sys.executable, "-c", _PROBE, str(path)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    started = time.perf_counter()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    out = json.loads(process.stdout.read().decode("utf-8") or "{}") if process.returncode == 0 else {}
    assert process.returncode == 0, process.stderr.read().decode("utf-8", "replace")[-2000:]
    # ru_maxrss of a child forked from a large pytest process starts at the parent's size: the
    # child's own VmHWM (printed by the probe) is the figure; ru_maxrss only when it printed none.
    return {"peak_mb": usage.ru_maxrss / 1024, **out, "wall": time.perf_counter() - started}


# ---------------------------------------------------------------- the hostile files


def _empty_docx() -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def docx_bomb(path: Path, chunk: bytes, repeats: int) -> Path:
    """A .docx whose document.xml is ``chunk`` × ``repeats`` inside a valid body, streamed into the zip."""
    base = zipfile.ZipFile(io.BytesIO(_empty_docx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name in base.namelist():
            if name != "word/document.xml":
                out.writestr(name, base.read(name))
        with out.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for _ in range(repeats):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return path


def docx_with_body(path: Path, body: str) -> Path:
    base = zipfile.ZipFile(io.BytesIO(_empty_docx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in base.namelist():
            if name != "word/document.xml":
                out.writestr(name, base.read(name))
        out.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
    return path


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def lying_docx(path: Path) -> Path:
    """A .docx whose document.xml (80 MB of spaces) declares 1,000 bytes in the zip directory."""
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + b" " * (80 << 20) + b"</w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", "<Types/>")
        out.writestr("word/document.xml", xml)
    data = bytearray(buffer.getvalue())
    size = len(xml).to_bytes(4, "little")
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):  # central and local headers
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + offset: start + offset + 4] == size:
                data[start + offset: start + offset + 4] = (1000).to_bytes(4, "little")
            start += 4
    path.write_bytes(bytes(data))
    return path


PARAGRAPH = _paragraph("某县2019年政府信息公开工作年度报告正文段落").encode()
PAGE = ('<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
        '<div class="TRS_Editor">{body}</div></body></html>')


def hostile_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, a word the refusal must contain)."""
    return {
        # ~200 MB of paragraphs in a 0.7 MB .docx (python-docx: 10 minutes, 6 GB)
        "docx paragraph bomb": (docx_bomb(folder / "paragraphs.docx", PARAGRAPH * 20000, 160), "MAX_DECOMPRESSED_BYTES"),
        # 256 MB of spaces in a 0.3 MB .docx (python-docx: 4.2 GB)
        "docx whitespace bomb": (docx_bomb(folder / "spaces.docx", b" " * (1 << 24), 16), "MAX_DECOMPRESSED_BYTES"),
        "docx lying about its size": (lying_docx(folder / "lying.docx"), "docx"),
        "docx nested 1,000 deep": (docx_with_body(folder / "deep.docx", "<w:sdt>" * 1000 + "</w:sdt>" * 1000),
                                   "MAX_XML_DEPTH"),
        "docx table 2,000 columns": (docx_with_body(folder / "wide.docx", "<w:tbl><w:tr>" + (
            '<w:tc><w:tcPr><w:gridSpan w:val="2000"/></w:tcPr>' + _paragraph("1") + "</w:tc>") + "</w:tr></w:tbl>"),
                                     "MAX_TABLE_COLUMNS"),
        "html nested 100,000 deep": (_write(folder / "deep.html", "<html><body>" + "<div>" * 100_000 + "x"
                                            + "</div>" * 100_000 + "</body></html>"), "MAX_HTML_DEPTH"),
        "html tables nested 5,000 deep": (_write(folder / "tables.html", "<html><body>" + "<table><tr><td>" * 5000
                                                 + "1" + "</td></tr></table>" * 5000 + "</body></html>"), "MAX_HTML_DEPTH"),
        "html spans of a million cells": (_write(folder / "spans.html", PAGE.format(title="t", body="<table>" + (
            '<tr><td rowspan="1000" colspan="1000">1</td><td>2</td></tr>' * 1000) + "</table>")), "MAX_TABLE_CELLS"),
        "text with a 5 MB line": (_write(folder / "line.txt", "标题：某县报告\n==== 正文 ====\n"
                                         + "本年度共受理申请12件，" * 250_000), "MAX_LINE_BYTES"),
        "binary junk named .html": (_write_bytes(folder / "junk.html", random.Random(1).randbytes(200_000)), "binary"),
        "binary junk named .txt": (_write_bytes(folder / "junk.txt", random.Random(2).randbytes(200_000)), "binary"),
        "binary junk named .pdf": (_write_bytes(folder / "junk.pdf", random.Random(3).randbytes(200_000)), "binary"),
        "a PNG named .pdf": (_write_bytes(folder / "image.pdf", b"\x89PNG\r\n\x1a\n" + bytes(5000)), "PNG"),
        "a zip named .docx": (_zip(folder / "archive.docx"), "ZIP"),
        "latin-1 text": (_write_bytes(folder / "latin1.txt", ("Rapport annuel : données présentées, réalisé à "
                                                              "l'été, numéro ") .encode("latin-1") * 300), "UTF-8"),
        "a file over the size limit": (_write_bytes(folder / "huge.txt", b"a" * (limits.MAX_FILE_BYTES + 1)),
                                       "MAX_FILE_BYTES"),
        # one line a block: the reader took 55 s and 813 MiB to build 3.3 million of them before refusing
        "text of one line over the block limit": (_write(folder / "lines.txt", SHORT_LINE * (limits.MAX_BLOCKS + 1)),
                                                  "MAX_BLOCKS"),
        "text of 63 MB of short lines": (_write(folder / "lines63.txt", SHORT_LINE * (63_000_000 // 19)), "MAX_BLOCKS"),
        "html of one paragraph over the block limit": (_write(folder / "paragraphs.html", PAGE.format(
            title="t", body="<p>第一行文字。</p>\n" * (limits.MAX_BLOCKS + 1))), "MAX_BLOCKS"),
        # its parse tree alone took 29 s and 1.5 GB before the reader's count refused it
        "html of 63 MB of paragraphs": (_write(folder / "paragraphs63.html", PAGE.format(
            title="t", body="<p>第一行文字。</p>\n" * (63_000_000 // 26))), "MAX_BLOCKS"),
    }


SHORT_LINE = "第一行文字。\n"  # 19 bytes


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("notes.txt", "not a word document")
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    return hostile_files(tmp_path_factory.mktemp("hostile"))


HOSTILE = ["docx paragraph bomb", "docx whitespace bomb", "docx lying about its size", "docx nested 1,000 deep",
           "docx table 2,000 columns", "html nested 100,000 deep", "html tables nested 5,000 deep",
           "html spans of a million cells", "text with a 5 MB line", "binary junk named .html",
           "binary junk named .txt", "binary junk named .pdf", "a PNG named .pdf", "a zip named .docx",
           "latin-1 text", "a file over the size limit", "text of one line over the block limit",
           "text of 63 MB of short lines", "html of one paragraph over the block limit", "html of 63 MB of paragraphs"]


def test_the_hostile_set_is_complete(hostile):
    assert sorted(hostile) == sorted(HOSTILE)


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_refused_quickly_in_bounded_memory(hostile, name):
    path, word = hostile[name]
    result = probe(path)
    assert result.get("type") == "ReportError", result
    message = result["error"]
    assert "\n" not in message and message.startswith(str(path)) and word in message, message
    assert result["wall"] < SECONDS and result["peak_mb"] < PEAK_MB, (name, result)


@pytest.mark.parametrize("name", ["text of one line over the block limit", "text of 63 MB of short lines",
                                  "html of one paragraph over the block limit", "html of 63 MB of paragraphs"])
def test_too_many_lines_are_refused_before_they_are_read(hostile, name):
    """The block limit is checked on the file's lines or block elements, not after the reader built
    them all. Memory tells the two apart (counted: ~140 MB, interpreter included; built: over 800 MB),
    where seconds depend on the machine's load: the time bound only catches a hang."""
    result = probe(hostile[name][0])
    assert "MAX_BLOCKS" in result.get("error", ""), result
    assert result["peak_mb"] < 300 and result["seconds"] < SECONDS, result


def test_blank_lines_and_utf16_lines_are_counted_as_the_reader_counts_them(tmp_path):
    at_limit = "上行。\n" * limits.MAX_BLOCKS + "  \n\t\n\r\n" * 1000  # blank lines are no blocks
    limits.check_text_lines("a.txt", at_limit.encode("utf-8"))
    over = ("上行。\r\n" * (limits.MAX_BLOCKS + 1)).encode("utf-16")  # 上 is 0x4E0A: a \n byte in UTF-16
    with pytest.raises(ReportError, match="200,001.*MAX_BLOCKS"):
        limits.check_text_lines("b.txt", over)
    limits.check_text_lines("c.txt", ("上行" * 1000).encode("utf-16"))


def test_html_and_pdf_readers_count_their_blocks_while_reading(monkeypatch, tmp_path):
    from dataclasses import replace

    from corpus import html, pdf

    monkeypatch.setattr(limits, "LIMITS", replace(limits.LIMITS, blocks=40))
    monkeypatch.setattr(limits, "check_html_blocks", lambda name, data: None)  # only the reader's own count
    page = tmp_path / "p.html"
    page.write_text(PAGE.format(title="t", body="<span>行</span><br/>" * 41), encoding="utf-8")
    with pytest.raises(ReportError, match="lines and tables is 41.*MAX_BLOCKS"):
        html.read(page, page.read_bytes())
    report = REAL / "淮安市洪泽区人民政府_2023.pdf"
    with pytest.raises(ReportError, match="MAX_BLOCKS"):
        pdf.read(report, report.read_bytes())
    monkeypatch.setattr(limits, "LIMITS", replace(limits.LIMITS, pdf_pages=1))
    with pytest.raises(ReportError, match="pages.*MAX_PDF_PAGES"):
        pdf.read(report, report.read_bytes())


def test_a_pdf_named_txt_is_read_as_a_pdf(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes((REAL / "淮安市洪泽区人民政府_2024.pdf").read_bytes())
    doc = load_document(path)
    assert doc.format == "pdf" and any(not isinstance(b, type(doc.blocks[0])) for b in doc.blocks)


def test_a_real_page_saved_as_txt_is_read_as_html(tmp_path):
    real = REAL / "平潭综合实验区_2024.html"
    path = tmp_path / "page.txt"
    path.write_bytes(real.read_bytes())
    assert load_document(path).blocks == load_document(real).blocks


def test_big5_text_is_read_as_big5_and_as_simplified(tmp_path):
    import opencc

    source = (REAL / "平潭综合实验区_2019.txt").read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t").convert(source)
    path = tmp_path / "big5.txt"
    path.write_bytes(traditional.encode("big5", errors="replace"))
    doc = load_document(path)
    assert doc.encoding == "big5"
    text = "".join(getattr(b, "text", "") for b in doc.blocks)
    assert "政府信息公开" in text and "政府信息公開" not in text  # decoded, then read as simplified (OpenCC t2s)
    assert doc.blocks[0].text.startswith("标题")
    assert build_report(doc).year == 2019


def test_gbk_text_is_still_read_as_gbk(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes((REAL / "平潭综合实验区_2019.txt").read_text(encoding="utf-8").encode("gbk"))
    doc = load_document(path)
    assert doc.encoding == "gbk"
    assert doc.blocks == load_document(REAL / "平潭综合实验区_2019.txt").blocks


def test_big5_is_not_read_as_gbk():
    """Big5 bytes decode as GBK too (here, every one): the GBK reading is mojibake, the Big5 one wins."""
    from corpus.encoding import common_share, decode_report

    traditional = "".join(ch for ch in "政府資訊公開年度報告本機關受理申請案件共計十二件均已依法辦理完畢"
                          if _decodes(ch.encode("big5"), "gbk")) * 10
    data = traditional.encode("big5")
    assert common_share(data.decode("gbk")) < 0.7
    assert decode_report(data, "x.txt") == (traditional, "big5")


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def test_latin1_that_decodes_as_gbk_is_refused_as_mojibake(tmp_path):
    path = _write_bytes(tmp_path / "accents.txt", "àéèçêù".encode("latin-1") * 200)
    assert _decodes(path.read_bytes(), "gbk")  # the trap: these Latin-1 bytes are valid GBK
    with pytest.raises(ReportError, match="mojibake.*UTF-8"):
        load_document(path)


def test_junk_page_is_read_but_is_no_report(tmp_path):
    body = "".join(f'<p><a href="/x{i}">Home</a> | <a href="/y{i}">Login</a> welcome to our portal</p>' for i in range(40))
    path = _write(tmp_path / "junk.html", PAGE.format(title="Welcome", body=body))
    report = build_report(load_document(path))
    message = not_a_report(report)
    assert message and message.startswith(str(path)) and "--force" in message and "\n" not in message
    assert not_a_report(build_report(load_document(REAL / "平潭综合实验区_2024.html"))) is None


def test_ingest_keeps_junk_out_with_a_warning_and_force_takes_it(tmp_path):
    from index.ingest import ingest
    from index.settings import Settings

    (tmp_path / "files").mkdir()
    junk = _write(tmp_path / "files" / "junk.txt", "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * 20)
    broken = _write_bytes(tmp_path / "files" / "broken.docx", b"PK\x03\x04" + bytes(300))
    settings = Settings(home=tmp_path / "home", model="reportqa/fake-bigram")
    result = ingest([tmp_path / "files", SEED], settings, progress=False)
    assert result.reports == 1 and len(result.added) == 1
    assert [p for p, _ in result.warnings if "not a report" in _] == [str(junk)]
    assert [p for p, _ in result.failed] == [str(broken)]  # the others went on
    forced = ingest([junk], settings, progress=False, force=True)
    assert forced.reports == 2 and forced.added == (str(junk),)


def test_twenty_megabyte_page_reads_in_seconds(tmp_path):
    """The 20 MB page (a real report's body repeated) that took 40 s with BeautifulSoup."""
    import re

    page = (REAL / "平潭综合实验区_2021.html").read_text(encoding="utf-8")
    body = re.search(r"<body[^>]*>(.*)</body>", page, re.S).group(1)
    path = _write(tmp_path / "big.html", page.replace(body, body * (20_000_000 // len(body.encode()) + 1)))
    result = probe(path)
    assert "report" in result, result
    assert result["seconds"] < 25 and result["peak_mb"] < 1500, result


# ---------------------------------------------------------------- the sandbox


def test_sandbox_reads_a_real_report_like_the_reader():
    from corpus import read_report
    from corpus.sandbox import read_report_bounded

    path = REAL / "平潭综合实验区_2024.txt"
    assert read_report_bounded(path) == read_report(path)


@pytest.mark.parametrize("bounds, word", [(limits.Limits(seconds=0.05), "MAX_SECONDS"),
                                          (limits.Limits(memory_bytes=20 << 20), "MAX_MEMORY_BYTES")])
def test_sandbox_stops_a_reading_over_its_time_or_memory(tmp_path, bounds, word):
    from corpus.sandbox import read_report_bounded

    page = (REAL / "平潭综合实验区_2021.html").read_text(encoding="utf-8")
    path = _write(tmp_path / "big.html", page * 10)
    started = time.perf_counter()
    with pytest.raises(ReportError) as caught:
        read_report_bounded(path, bounds)
    assert word in str(caught.value) and str(path) in str(caught.value)
    assert time.perf_counter() - started < 15


def test_sandbox_hands_back_the_readers_refusal(tmp_path):
    from corpus.sandbox import read_report_bounded

    path = _write(tmp_path / "deep.html", "<html><body>" + "<div>" * 1000 + "</div>" * 1000 + "</body></html>")
    with pytest.raises(ReportError, match="MAX_HTML_DEPTH"):
        read_report_bounded(path)


# ---------------------------------------------------------------- the fuzz: mutated real reports

_CACHE: dict[Path, bytes] = {}
FUZZ_SECONDS = 10  # one mutated file (the largest real ones read in under 2 s)
DOCX_EXAMPLES = int(os.environ.get("REPORTQA_DOCX_EXAMPLES", "250"))


def _mutate(data: bytes, draw) -> bytes:
    """Bytes flipped, inserted, deleted; lines dropped, doubled, swapped; the file cut."""
    buffer = bytearray(data)
    for op in draw(st.lists(st.sampled_from(["flip", "insert", "delete", "drop", "double", "swap", "cut"]),
                            min_size=1, max_size=4)):
        at = draw(st.integers(0, max(len(buffer) - 1, 0)))
        if op == "flip" and buffer:
            buffer[at] = draw(st.integers(0, 255))
        elif op == "insert":
            buffer[at:at] = draw(st.sampled_from([b"\x00", b"\xff\xfe", b"<table>", b"</td>", b"|", b" 12 34 ",
                                                  b"(12)", b"1.234,5", b"\xe4\xb8", b"\n\n\n", b"<div>" * 50,
                                                  b"colspan=999 ", b"\r", b"%PDF-", b"\t"]))
        elif op == "delete":
            del buffer[at: at + draw(st.integers(1, 4096))]
        elif op == "cut":
            del buffer[at:]
        else:
            lines = bytes(buffer).split(b"\n")
            i, j = at % len(lines), draw(st.integers(0, len(lines) - 1))
            if op == "drop":
                del lines[i]
            elif op == "double":
                lines.insert(i, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            buffer = bytearray(b"\n".join(lines))
    return bytes(buffer)


def _read_mutated(folder: Path, original: Path, data: bytes) -> None:
    path = folder / f"mutated{original.suffix}"
    path.write_bytes(data)
    started = time.perf_counter()
    try:
        report = build_report(load_document(path))
        assert report.content_hash and isinstance(report.tables, tuple)
    except ReportError as error:
        assert "\n" not in str(error) and str(path) in str(error), str(error)
    assert time.perf_counter() - started < FUZZ_SECONDS


def _fuzz(files: list[Path], examples: int):
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(st.sampled_from(files), st.data())
    def run(tmp_path, original, data):
        if original not in _CACHE:
            _CACHE[original] = original.read_bytes()
        raw = _CACHE[original]
        _read_mutated(tmp_path, original, _mutate(raw, data.draw))
    return run


# 1,300 + 450 + 15 + 250 = 2,015 mutated real reports in all
_SMALL_PAGES = sorted(real_files(".html"), key=lambda p: p.stat().st_size)[:4]
test_fuzz_text_reports = _fuzz(real_files(".txt") + [next(SEED.iterdir())], 1300)
test_fuzz_html_reports = _fuzz(_SMALL_PAGES, 450)
test_fuzz_pdf_reports = _fuzz(real_files(".pdf"), 15)


def _docx_of(text_file: Path) -> bytes:
    """A real text report as a .docx (its lines as paragraphs, its first table as a Word table)."""
    import docx

    document = docx.Document()
    for block in load_document(text_file).blocks:
        if hasattr(block, "grid"):
            table = document.add_table(rows=len(block.grid), cols=max(len(r) for r in block.grid))
            for r, row in enumerate(block.grid):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell or ""
        else:
            document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@settings(max_examples=DOCX_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_fuzz_docx_reports(tmp_path, data):
    """Mutations of the XML inside a .docx built from a real report (the zip stays whole)."""
    key = Path("docx")
    if key not in _CACHE:
        _CACHE[key] = _docx_of(REAL / "平潭综合实验区_2019.txt")
    raw = _CACHE[key]
    base = zipfile.ZipFile(io.BytesIO(raw))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in base.namelist():
            content = base.read(name)
            out.writestr(name, _mutate(content, data.draw) if name == "word/document.xml" else content)
    _read_mutated(tmp_path, Path("x.docx"), buffer.getvalue())



# ---------------------------------------------------------------- a malformed cell in a real table


@pytest.mark.parametrize("malformed", ["12 34", "1.234,5", "(12)", "12-15"])
def test_a_malformed_cell_keeps_its_row_and_the_headers_below(malformed):
    """A real table with one data cell spoilt: the row stays (that cell unreadable), and the rows
    after it keep the table's own column headers instead of taking that row as theirs."""
    from corpus.records import RawTable
    from corpus.tables import read_tables

    doc = load_document(REAL / "平潭综合实验区_2011.txt")  # 指标名称 | 计量单位 | 2011年度 | 历年累计
    raw = next(b for b in doc.blocks if isinstance(b, RawTable) and len(b.grid) > 4)
    (table,) = read_tables(raw, 1, "t", ())
    r = len(table.rows) // 2
    in_grid = next(i for i, row in enumerate(raw.grid) if row[0] == table.rows[r][-1])
    grid = [list(row) for row in raw.grid]
    grid[in_grid][2:] = [malformed] * (len(grid[in_grid]) - 2)  # both figures of the row spoilt
    spoilt = read_tables(RawTable(grid=tuple(map(tuple, grid)), where=raw.where), 1, "t", ())
    assert len(spoilt) == 1
    assert spoilt[0].rows == table.rows and spoilt[0].columns == table.columns
    assert spoilt[0].cells[r] == (table.cells[r][0], None, None)
    assert [row for i, row in enumerate(spoilt[0].cells) if i != r] == [row for i, row in enumerate(table.cells) if i != r]


def test_a_cut_utf8_report_still_reads_and_mojibake_does_not(tmp_path):
    """A download cut in the middle of a character, or a damaged byte, is still UTF-8."""
    data = (REAL / "平潭综合实验区_2019.txt").read_bytes()
    whole = load_document(REAL / "平潭综合实验区_2019.txt")
    cut = _write_bytes(tmp_path / "cut.txt", data[: len(data) // 2 + 1])
    assert cut.read_bytes()[-1] >= 0x80  # the cut falls inside a character
    doc = load_document(cut)
    assert doc.encoding == "utf-8" and doc.blocks[0] == whole.blocks[0]
    damaged = bytearray(data)
    damaged[len(data) // 3] = 0xFF
    assert load_document(_write_bytes(tmp_path / "damaged.txt", bytes(damaged))).encoding == "utf-8"
