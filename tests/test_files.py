"""corpus.files: the door from a file to a Document, and its one-line errors."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from corpus.errors import ReportError
from corpus.files import READERS, content_hash, iter_report_files, load_document
from tests.conftest import REAL, ROOT, SEED, real_files

SEED_FILE = SEED / "上海市人力资源和社会保障局_2011.txt"


def _error(path) -> str:
    with pytest.raises(ReportError) as caught:
        load_document(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    return message


def test_seed_loads_with_its_content_hash():
    doc = load_document(SEED_FILE)
    assert doc.format == "txt" and doc.encoding == "utf-8"
    assert doc.content_hash == hashlib.sha256(SEED_FILE.read_bytes()).hexdigest()
    assert doc.content_hash == content_hash(SEED_FILE.read_bytes())
    assert doc.path == str(SEED_FILE)


def test_markdown_goes_to_the_text_reader(tmp_path):
    md = tmp_path / "report.md"
    md.write_bytes(SEED_FILE.read_bytes())
    assert load_document(md).blocks == load_document(SEED_FILE).blocks


def test_missing_file(tmp_path):
    assert "no such file" in _error(tmp_path / "nope.txt")


def test_folder_given_as_a_file(tmp_path):
    assert "folder" in _error(tmp_path)


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t "])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert "empty" in _error(path)


def test_bom_only_file_is_empty(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf\n")
    assert "empty" in _error(path)


def test_unknown_extension_lists_the_known_ones(tmp_path):
    path = tmp_path / "report.xls"
    path.write_bytes(b"whatever")
    message = _error(path)
    assert "'.xls'" in message
    assert all(ext in message for ext in READERS)


def test_binary_junk_given_as_text(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(os.urandom(4096) + b"\x00")
    assert "binary" in _error(path)


def test_binary_junk_without_nul_bytes(tmp_path):
    # bytes 0x01-0x1f and high bytes: decodable by no text encoding without control characters
    junk = bytes((i * 37 + 11) % 255 + 1 for i in range(5000))
    assert b"\x00" not in junk
    path = tmp_path / "junk.txt"
    path.write_bytes(junk)
    message = _error(path)
    assert "binary" in message or "not readable" in message


def test_iter_report_files_expands_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b.txt", "a.html", "MANIFEST.tsv", "notes.xls", ".secret.txt", "sub/c.pdf",
                 ".hidden/d.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    single = tmp_path / "notes.xls"
    found = list(iter_report_files([tmp_path, single, tmp_path / "missing.txt"]))
    assert found == [tmp_path / "a.html", tmp_path / "b.txt", tmp_path / "sub" / "c.pdf",
                     single, tmp_path / "missing.txt"]


def test_iter_report_files_over_the_real_folder():
    found = list(iter_report_files([REAL]))
    assert found == sorted(found)
    assert found == [p for p in real_files() if p.suffix in READERS]
    assert all(p.name != "MANIFEST.tsv" for p in found)


def test_every_real_text_report_loads():
    for path in real_files(".txt"):
        doc = load_document(path)
        assert doc.blocks, path.name


def test_readers_are_imported_lazily():
    code = ("import sys, corpus.files; from corpus.files import load_document; "
            f"load_document({str(SEED_FILE)!r}); "
            "print(sorted(m for m in ('corpus.pdf', 'corpus.docx', 'corpus.html', 'pdfplumber', "
            "'docx', 'bs4') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


# ---------------------------------------------------------------- the kind of file, by content


@pytest.mark.parametrize("name, suffix, kind", [("平潭综合实验区_2024.html", ".html", "html"),
                                                ("平潭综合实验区_2024.txt", ".txt", "text"),
                                                ("淮安市洪泽区人民政府_2024.pdf", ".pdf", "pdf")])
def test_sniff_names_every_real_kind(name, suffix, kind):
    from corpus.files import sniff

    assert sniff((REAL / name).read_bytes()) == kind
    assert all(sniff(p.read_bytes()) == kind for p in real_files(suffix))


def test_a_renamed_file_is_read_by_its_content(tmp_path):
    page = REAL / "平潭综合实验区_2024.html"
    as_pdf = tmp_path / "download.pdf"  # a failed download: the site's page saved as .pdf
    as_pdf.write_bytes(page.read_bytes())
    assert "an HTML page, not a .pdf file" in _error(as_pdf) and "rename it .html" in _error(as_pdf)
    as_txt = tmp_path / "page.txt"
    as_txt.write_bytes(page.read_bytes())
    assert load_document(as_txt).format == "html"
    plain = tmp_path / "plain.html"  # text without markup under an .html name
    plain.write_bytes(SEED_FILE.read_bytes())
    assert load_document(plain).blocks == load_document(SEED_FILE).blocks


@pytest.mark.parametrize("head, what", [(b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff\xe0", "JPEG image"),
                                        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc/.xls"), (b"\x1f\x8b\x08", "gzip")])
def test_known_non_reports_are_named(tmp_path, head, what):
    path = tmp_path / "report.html"
    path.write_bytes(head + bytes(range(256)) * 4)
    message = _error(path)
    assert what in message and "not a .html report" in message


def test_the_real_pdf_under_a_text_name_keeps_its_hash(tmp_path):
    real = REAL / "淮安市洪泽区人民政府_2024.pdf"
    renamed = tmp_path / "report.html"
    renamed.write_bytes(real.read_bytes())
    doc = load_document(renamed)
    assert doc.format == "pdf" and doc.content_hash == content_hash(real.read_bytes())


def test_a_limit_names_itself(tmp_path, monkeypatch):
    from corpus import limits

    monkeypatch.setattr(limits, "LIMITS", limits.Limits(file_bytes=1000))
    message = _error(SEED_FILE)
    assert "corpus.limits.MAX_FILE_BYTES" in message and "12,544 bytes" in message
