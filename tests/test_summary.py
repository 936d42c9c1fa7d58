"""``reportqa parse`` and ``reportqa stats``: summaries, JSON, and one-line errors for bad files."""
from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from corpus.summary import parse_command, stats_command
from qa.cli import main
from tests.conftest import REAL, SEED

SEED_FILE = SEED / "上海市人力资源和社会保障局_2011.txt"


def test_readable_summary_of_the_seed(capsys):
    assert parse_command([str(SEED_FILE)], as_json=False) == 0
    out = capsys.readouterr().out
    assert out.startswith("2011年上海市人力资源和社会保障局政府信息公开工作年度报告\n")
    assert "agency: 上海市人力资源和社会保障局 · year: 2011" in out
    assert "t2 附表二 依申请公开政府信息情况统计" in out
    assert "受理申请总数: 单位 条; 数量 766" in out
    assert "checks: 18 passed, 0 failed" in out


def test_json_is_one_object_per_report_with_every_record(capsys):
    pdf = REAL / "淮安市洪泽区人民政府_2023.pdf"
    assert parse_command([str(SEED_FILE), str(pdf)], as_json=True) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    seed, hongze = (json.loads(line) for line in lines)
    assert seed["agency"] == "上海市人力资源和社会保障局" and seed["year"] == 2011
    fee = next(f for f in seed["facts"] if f["row"][-1] == "3.复制费")
    assert (fee["value"], fee["unit"]) == (64.4, "元")
    failed = [c for c in hongze["checks"] if not c["ok"]]
    assert {c["name"] for c in failed} == {"review.total[行政复议]", "review.total[行政诉讼 › 复议后起诉]"}
    assert failed[0]["cells"][0]["table"].startswith("t")


def test_failed_checks_are_listed_in_the_summary(capsys):
    parse_command([str(REAL / "淮安市洪泽区人民政府_2023.pdf")], as_json=False)
    out = capsys.readouterr().out
    assert "FAILED review.total[行政复议]: 10 + 1 + 0 + 0 = 11 ≠ 总计 0" in out


def test_bad_files_get_one_line_each_and_the_good_ones_are_still_parsed(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 \x00\x01\x02 not really")
    unknown = tmp_path / "report.xls"
    unknown.write_text("x")
    status = parse_command([str(empty), str(SEED_FILE), str(junk), str(unknown), str(tmp_path / "missing.txt")],
                           as_json=False)
    captured = capsys.readouterr()
    assert status == 1
    errors = captured.err.splitlines()
    assert len(errors) == 4
    assert all(line.startswith("error: ") for line in errors)
    assert errors[0].startswith(f"error: {empty}: ") and "empty" in errors[0]
    assert "Traceback" not in captured.err
    assert "2011年上海市人力资源和社会保障局" in captured.out


def test_stats_over_a_folder_counts_per_file_and_in_total(tmp_path, capsys):
    shutil.copy(SEED_FILE, tmp_path / SEED_FILE.name)
    shutil.copy(REAL / "平潭综合实验区_2024.html", tmp_path / "平潭综合实验区_2024.html")
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf")
    (tmp_path / "MANIFEST.tsv").write_text("file\tagency\n")
    status = stats_command(str(tmp_path))
    captured = capsys.readouterr()
    assert status == 1 and captured.err.count("error: ") == 1 and "broken.pdf" in captured.err
    rows = {line.split()[0]: line.split()[1:] for line in captured.out.splitlines()[1:]}
    assert rows["平潭综合实验区_2024.html"] == ["6", "200", "0", "44", "44", "0"]
    assert rows["上海市人力资源和社会保障局_2011.txt"][:2] == ["5", "49"]
    total = captured.out.splitlines()[-1]
    assert total.startswith("total (2 files, 1 not readable)")
    assert total.split()[-6:] == ["11", "249", "0", "62", "62", "0"]


def test_cli_doors():
    runner = CliRunner()
    result = runner.invoke(main, ["parse", str(SEED_FILE)])
    assert result.exit_code == 0 and "附表五" in result.output
    result = runner.invoke(main, ["parse", "/nonexistent/report.txt"])
    assert result.exit_code == 1
