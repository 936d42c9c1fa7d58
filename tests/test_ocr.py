"""Scanned PDFs (图片版): pages without a text layer are read by OCR (``corpus.ocr``) into the same
lines and table grids as the text-layer reader, one page at a time and in bounded memory.

The real text PDFs of ../shared are turned into image-only PDFs here (every page rendered to an
image and saved without a text layer); each must give the same agency, year and national-table
facts as the text PDF, or leave a cell unreadable — never a different value under the same key.
"""
from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from corpus import ocr, rulings
from corpus.errors import ReportError
from corpus.pdf import read
from corpus.records import Line, RawTable
from tests.conftest import REAL, ROOT, parsed_report

SCANNED = ("淮安市人民政府_2024.pdf", "淮安市洪泽区人民政府_2023.pdf", "淮安市洪泽区人民政府_2024.pdf")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def rendered_pages(source: Path, dpi: int = 200) -> list:
    """Every page of ``source`` rendered at ``dpi`` as a greyscale PIL image."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(source))
    try:
        return [pdf[n].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for n in range(len(pdf))]
    finally:
        pdf.close()


def image_only_pdf(source: Path, target: Path, dpi: int = 200) -> None:
    """Every page of ``source`` rendered at ``dpi`` (greyscale) and saved as a PDF without a text layer."""
    images = rendered_pages(source, dpi)
    images[0].save(target, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi), quality=85)


def _keyed(report) -> dict:
    """Canonical key -> value of every readable keyed cell of a report."""
    return {f.key: f.value for f in report.facts if f.key and not f.unreadable}


def _recovered(want: dict, got: dict, what: str) -> int:
    """How many of the text PDF's cells a scan read; no cell may be read as a different value."""
    different = {k: (want[k], got[k]) for k in want.keys() & got.keys() if want[k] != got[k]}
    assert not different, different
    recovered = sum(k in got for k in want)
    print(f"{what}: cells recovered {recovered}/{len(want)}")
    return recovered


def pdf_of_images(images, dpi: float) -> bytes:
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def text_image(lines: list[str], size: tuple[int, int], font_size: int):
    """A white greyscale image with ``lines`` of black text, as a scanner gives them."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, font_size) if Path(FONT).exists() else ImageFont.load_default(font_size)
    for n, line in enumerate(lines):
        draw.text((font_size, font_size + n * font_size * 2), line, fill=0, font=font)
    return image


def peak_rss(script: str) -> tuple[str, float]:
    """Run ``script`` in a fresh Python; its last stdout line and its peak RSS in MiB."""
    # VmHWM is the high-water mark of this image only: ru_maxrss would also count the pytest
    # process the child was forked from (Linux keeps the pre-exec peak in it).
    probe = script + "\nprint('PEAK', int(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:'))))\n"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.strip().splitlines()
    return "\n".join(lines[:-1]), int(lines[-1].split()[1]) / 1024


# ---------------------------------------------------------------- the pieces, fast


def test_render_scale_caps_huge_pages():
    assert ocr.render_scale(595, 842) == ocr.SCALE  # A4 at 144 dpi
    for width, height in ((20000, 20000), (14400, 200), (200, 14400), (1e7, 1e7)):
        scale = ocr.render_scale(width, height)
        assert 0 < scale < ocr.SCALE
        assert max(width, height) * scale <= ocr.MAX_SIDE + 1
        assert width * height * scale * scale <= ocr.MAX_PIXELS * 1.001
    assert ocr.render_scale(0, 842) == 0 and ocr.render_scale(float("nan"), 10) == 0


def test_ruled_grid_found_from_the_image():
    """A 3 × 4 grid drawn with one-pixel rules, with text in its cells, gives 12 cells; a lone rule none."""
    ink = np.zeros((600, 800), bool)
    for y in (100, 160, 220, 280):
        ink[y, 100:701] = True
    for x in (100, 300, 500, 700):
        ink[100:281, x] = True
    ink[120:140, 150:170] = True  # "text" inside a cell: shorter than a rule
    ink[450, 50:750] = True  # a letterhead line: no rule crosses it
    tables = rulings.find_tables(ink, scale=2.0)
    assert len(tables) == 1
    want = sorted((x0, y0, x1, y1) for y0, y1 in ((100, 160), (160, 220), (220, 280))
                  for x0, x1 in ((100, 300), (300, 500), (500, 700)))
    assert len(tables[0]) == len(want)
    assert np.allclose(sorted(tables[0]), want, atol=2), sorted(tables[0])


def test_table_cut_by_the_page_is_closed_where_its_rules_end():
    ink = np.zeros((400, 500), bool)
    ink[100, 50:451] = True
    ink[160, 50:451] = True
    for x in (50, 250, 450):
        ink[100:300, x] = True  # the rules run on to the page's foot, where no rule closes the table
    (cells,) = rulings.find_tables(ink, scale=2.0)
    assert max(c[3] for c in cells) == pytest.approx(300, abs=3) and len(cells) == 4


def test_a_figure_read_unsurely_is_unreadable_not_guessed():
    assert ocr._cell_text([("123", 0.99)]) == "123"
    assert ocr._cell_text([("123", ocr.NUMBER_SCORE - 0.1)]) is None
    assert ocr._cell_text([("o", 0.95)]) == "0"  # a lone ring read alone is the figure 0
    assert ocr._cell_text([("", 0.1)]) is None  # ink nobody can read: lost, not empty
    assert ocr._cell_text([("自然人", 0.9), ("", 0.2)]) == "自然人"  # a label keeps what was read
    assert ocr._cell_text([]) == ""


def test_text_pdf_pages_are_never_ocred(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page with a text layer was sent to OCR")

    monkeypatch.setattr(ocr.ScanReader, "read", refuse)
    path = REAL / SCANNED[1]
    assert any(isinstance(b, RawTable) for b in read(path, path.read_bytes()).blocks)


def test_blank_scan_is_a_one_line_error_naming_the_page(tmp_path):
    from PIL import Image

    data = pdf_of_images([Image.new("L", (1240, 1754), 255), Image.new("L", (1240, 1754), 250)], 150)
    with pytest.raises(ReportError) as caught:
        read(tmp_path / "blank-scan.pdf", data)
    message = str(caught.value)
    assert "\n" not in message and "blank-scan.pdf" in message and "pages 1, 2" in message, message
    assert "OCR" in message


def test_scanned_page_is_read_with_progress_per_page(tmp_path, caplog):
    image = text_image(["Annual Report 2023", "Requests received 118"], (1240, 600), 48)
    caplog.set_level(logging.INFO, logger="corpus.ocr")
    doc = read(tmp_path / "one.pdf", pdf_of_images([image, image], 150))
    text = " ".join(b.text for b in doc.blocks if isinstance(b, Line))
    assert "2023" in text and "118" in text, text
    assert all(b.where.scanned for b in doc.blocks if isinstance(b, Line))  # its figures said to be OCR's
    assert [r.getMessage().split(":")[1].split("(")[0].strip() for r in caplog.records] == \
        ["OCR page 1 of 2", "OCR page 2 of 2"]


# ---------------------------------------------------------------- bounds: huge pages, long files


@pytest.mark.slow
def test_huge_page_is_downscaled_not_rendered_in_full(tmp_path):
    """A page of 20,000 × 20,000 points (a tiny file) is rendered at most MAX_SIDE pixels a side."""
    image = text_image(["Requests received 4119"], (2000, 2000), 110)
    path = tmp_path / "huge.pdf"
    path.write_bytes(pdf_of_images([image], 7.2))  # 2000 px at 7.2 dpi: a 20,000-point page
    assert path.stat().st_size < 200_000
    out, peak = peak_rss(textwrap.dedent(f"""
        from pathlib import Path
        from corpus.pdf import read
        import pypdfium2
        print(pypdfium2.PdfDocument({str(path)!r})[0].get_size())
        doc = read(Path({str(path)!r}), Path({str(path)!r}).read_bytes())
        print(' '.join(b.text for b in doc.blocks if hasattr(b, 'text')))
    """))
    size, text = out.splitlines()
    assert size == "(20000.0, 20000.0)"
    assert "4119" in text, text
    print(f"peak RSS reading a 20,000 x 20,000-point page: {peak:.0f} MiB")
    assert peak < 1200, f"peak RSS {peak:.0f} MiB"


@pytest.mark.slow
def test_three_hundred_page_scan_in_bounded_memory(tmp_path):
    """300 scanned pages are read one at a time: the peak memory after the 300th page is no more than
    after the 20th, plus a margin. Both are taken in one process: two processes reading the same file
    differ by up to 300 MiB (thread and allocator start-up), more than any growth this test looks for."""
    images = [text_image([f"Page {n} item {n * 7}"], (600, 160), 40) for n in range(1, 301)]
    path = tmp_path / "long300.pdf"
    path.write_bytes(pdf_of_images(images, 100))
    script = textwrap.dedent(f"""
        from pathlib import Path
        import corpus.ocr as ocr
        from corpus.pdf import read
        def peak():
            return int(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:'))) / 1024
        after_twenty, read_page = [], ocr.ScanReader.read
        def counted(self, index, clip=None):
            if index == 20:
                after_twenty.append(peak())
            return read_page(self, index, clip)
        ocr.ScanReader.read = counted
        doc = read(Path({str(path)!r}), Path({str(path)!r}).read_bytes())
        print(after_twenty[0], sum(b.text.count('item') for b in doc.blocks if hasattr(b, 'text')))
    """)
    out, long_peak = peak_rss(script)
    short_peak, with_item = float(out.split()[0]), int(out.split()[1])
    print(f"peak RSS: after 20 pages {short_peak:.0f} MiB, after 300 pages {long_peak:.0f} MiB")
    assert with_item >= 290, out  # nearly every page read
    assert long_peak < short_peak + 100, f"after 300 pages: {long_peak:.0f} MiB, after 20 pages: {short_peak:.0f} MiB"
    assert long_peak < 1200


# ---------------------------------------------------------------- the real reports as scans


@pytest.mark.slow
@pytest.mark.parametrize("name", SCANNED)
def test_scanned_report_gives_the_text_pdfs_facts(name, tmp_path):
    from corpus.files import load_document
    from corpus.report import build_report

    original = parsed_report(REAL / name)
    scan = tmp_path / "scan.pdf"  # a neutral name: agency and year must come from the page itself
    image_only_pdf(REAL / name, scan)
    scanned = build_report(load_document(scan))
    assert (scanned.agency, scanned.year) == (original.agency, original.year)
    want, got = _keyed(original), _keyed(scanned)
    assert not got.keys() - want.keys(), sorted(got.keys() - want.keys())
    recovered = _recovered(want, got, name)
    # 179-186 of 186-200 when written: a row with an unreadable cell keeps only figures its column or
    # its own 总计 proves (before, such rows were taken on trust and one askew scan gave a wrong 5)
    assert recovered >= 0.85 * len(want), f"{recovered}/{len(want)}"


def test_table_without_rules_is_gridded_by_rows_and_columns(tmp_path):
    """A table printed without ruling lines: rows by y, columns by x, figures in their columns."""
    rows = ["Item        Received      Answered", "Natural      118              97",
            "Company      25               3", "Other        6                0"]
    image = text_image(rows, (1400, 700), 40)
    doc = read(tmp_path / "unruled.pdf", pdf_of_images([image], 150))
    tables = [b for b in doc.blocks if isinstance(b, RawTable)]
    assert len(tables) == 1, doc.blocks
    grid = [list(row) for row in tables[0].grid]
    assert [row[1:] for row in grid[1:]] == [["118", "97"], ["25", "3"], ["6", "0"]], grid


def test_boxed_text_of_one_column_is_read_as_text(tmp_path):
    """A framed note (rules around one column of two cells) is no table: its text is read as a line."""
    from PIL import ImageDraw

    image = text_image(["", "Total requests 4119"], (1400, 500), 48)
    ImageDraw.Draw(image).rectangle((20, 60, 1000, 300), outline=0, width=3)
    ImageDraw.Draw(image).line((20, 120, 1000, 120), fill=0, width=3)
    doc = read(tmp_path / "boxed.pdf", pdf_of_images([image], 150))
    assert "4119" in " ".join(b.text for b in doc.blocks if isinstance(b, Line)), doc.blocks


def test_a_figure_too_short_for_its_ink_is_not_trusted():
    """At 150 dpi "110" was once read as "0" with confidence 0.89: three digits of ink, one read."""
    assert not ocr._fits("0", (0, 0, 29, 15))
    assert ocr._fits("110", (0, 0, 29, 15)) and ocr._fits("0", (0, 0, 9, 15)) and ocr._fits("1", (0, 0, 3, 15))
    assert ocr._fits("3985758", (0, 0, 62, 15)) and ocr._fits("自然人", (0, 0, 5, 15))


def test_skew_is_measured_from_the_rules_and_levelled():
    from PIL import Image, ImageDraw

    image = Image.new("L", (1600, 1200), 255)
    draw = ImageDraw.Draw(image)
    for y in range(200, 1000, 80):  # a ruled table
        draw.line((150, y, 1450, y), fill=0, width=3)
    for x in (150, 600, 1000, 1450):
        draw.line((x, 200, x, 920), fill=0, width=3)
    grey = np.array(image.rotate(0.8, fillcolor=255, resample=Image.BICUBIC))
    angle = ocr.skew(grey < 160)
    assert abs(abs(angle) - 0.8) < 0.15, angle
    assert abs(ocr.skew(ocr.level(grey, angle) < 160)) < 0.1
    assert ocr.skew(np.array(image) < 160) == 0.0  # a level page is left as it is


@pytest.mark.slow
@pytest.mark.parametrize("noise", ["grain", "specks"])
def test_a_scan_fed_in_askew_with_noise_gives_the_text_pdfs_facts_or_unreadable(noise, tmp_path):
    """A scan as a sheet feeder gives it: turned by 0.7°, grainy or speckled with dust (dark dots
    of a pixel or two all over the page), JPEG-compressed. Every figure read is the text PDF's
    figure; most are read (the page is levelled before its cells are cut, and a speckled page's
    specks are not taken for a cell's ink)."""
    from PIL import Image

    from corpus.files import load_document
    from corpus.report import build_report

    name = SCANNED[1]
    original = parsed_report(REAL / name)
    rng = np.random.default_rng(7)
    pages = []
    for page in rendered_pages(REAL / name):
        page = page.rotate(-0.7, fillcolor=255, resample=Image.BICUBIC)
        if noise == "grain":
            pixels = np.array(page).astype(np.int16) + rng.normal(0, 6, (page.height, page.width)).astype(np.int16)
            pixels = np.clip(pixels, 0, 255).astype(np.uint8)
        else:
            pixels = np.array(page)
            pixels[rng.random(pixels.shape) < 0.0015] = 70
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, "JPEG", quality=70)
        pages.append(Image.open(io.BytesIO(buffer.getvalue())).convert("L"))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf_of_images(pages, 200.0))
    scanned = build_report(load_document(scan))
    want = _keyed(original)
    recovered = _recovered(want, _keyed(scanned), f"askew {noise} scan of {name}")
    # 176/186 each since a cell's rule rests and specks are cleared (grain 128, specks 54 before;
    # grain 1 before the page was levelled)
    assert recovered >= 0.85 * len(want), f"{recovered}/{len(want)}"


def test_a_page_lying_on_its_side_is_detected_by_its_ink():
    from PIL import Image, ImageDraw

    image = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(image)
    for y in range(150, 1450, 40):  # lines of text, character by character: ink from row to row
        for x in range(120, 1080, 20):
            draw.rectangle((x, y, x + 14, y + 14), fill=0)
    upright_ink = np.array(image) < 160
    assert not ocr.sideways(upright_ink)
    assert ocr.sideways(np.rot90(upright_ink))
    # a table of narrow columns ruled from top to bottom, a few lines of text in its cells, is upright
    table = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(table)
    for x in range(100, 1120, 60):
        draw.rectangle((x, 100, x + 2, 1500), fill=0)
    for y in range(100, 1520, 140):
        draw.rectangle((100, y, 1100, y + 2), fill=0)
        for x in range(110, 1100, 60):
            draw.rectangle((x + 20, y + 60, x + 34, y + 74), fill=0)
    assert not ocr.sideways(np.array(table) < 160)
    # a page that is all a table of figures, one under another in columns (a table continued from the
    # page before, no prose): its digits stand taller than wide, so it is upright however its ink varies
    figures = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(figures)
    for x in (400, 520, 640, 760, 880, 1000):
        for y in range(150, 1450, 90):
            draw.ellipse((x, y, x + 14, y + 26), outline=0, width=3)  # a "0"
    for y in range(150, 1450, 90):
        draw.rectangle((120, y, 250, y + 3), fill=0)  # a short label's stroke
    ink = np.array(figures) < 160
    assert not ocr.sideways(ink)
    tall, wide = ocr._tall_and_wide(np.rot90(ink))
    assert wide > tall  # turned a quarter, its marks lie wider than tall


@pytest.mark.slow
def test_a_scan_fed_in_sideways_gives_the_text_pdfs_facts_or_unreadable(tmp_path):
    """Every page of a scan turned a quarter (as a feeder takes landscape sheets): turned upright before
    it is read; no figure differs from the text PDF's."""
    from PIL import Image

    from corpus.files import load_document
    from corpus.report import build_report

    name = SCANNED[2]
    original = parsed_report(REAL / name)
    pages = [page.transpose(Image.Transpose.ROTATE_90 if n % 2 else Image.Transpose.ROTATE_270)
             for n, page in enumerate(rendered_pages(REAL / name))]
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf_of_images(pages, 200.0))
    scanned = build_report(load_document(scan))
    assert (scanned.agency, scanned.year) == (original.agency, original.year)
    want = _keyed(original)
    recovered = _recovered(want, _keyed(scanned), f"sideways scan of {name}")
    assert recovered >= 0.8 * len(want), f"{recovered}/{len(want)}"


def test_a_cell_read_with_letters_for_digits_is_the_figure_and_words_stay_words():
    from corpus.ocr import _zero
    assert [_zero(t) for t in ("L02", "1O5", "l", "O", "2776")] == ["102", "105", "1", "0", "2776"]
    assert [_zero(t) for t in ("LO", "Il", "合计", "L")] == ["LO", "Il", "合计", "L"]  # no digit: not a figure


def test_a_red_seal_over_text_is_taken_out_and_red_alone_kept():
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (600, 400), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((20, 20, 580, 60), fill=(200, 20, 20))  # a red title: red and no black around it
    for y in range(200, 330, 20):  # lines of black text
        draw.rectangle((300, y, 560, y + 8), fill=(10, 10, 10))
    draw.ellipse((330, 180, 480, 330), outline=(220, 30, 30), width=8)  # a seal stamped over them
    bgr = np.asarray(page)[:, :, ::-1].copy()
    grey = ocr.without_seals(bgr)
    assert grey[40, 300] < 128  # the title stays
    assert grey[205, 400] < 128  # the black text stays
    ring = np.asarray(page)[:, :, 0].astype(int) - np.asarray(page)[:, :, 1].astype(int) > 100
    ring[:192] = False  # (where it lies on blank paper it may stay: nothing to read there)
    assert ring.sum() > 1000 and (grey[ring] == 255).mean() > 0.95  # over the text, the seal's ink is paper
