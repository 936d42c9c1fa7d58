"""``reportqa eval``: the scoring rules of ../shared/eval/README.md, the dev questions over the
real reports, every one right, and the larger sets of ``tests/data/questions_more.jsonl`` and
``tests/data/questions_blind.jsonl`` (every kind, Chinese and English, agencies of all sizes; expected
values read from the reports by eye; the blind set written by a second reader before looking at qa/)."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from corpus.errors import ReportQAError
from qa.evaluate import evaluate, is_right, read_questions, summary
from qa.records import Answer
from tests.conftest import DEV_QUESTIONS, REAL, ROOT, SEED

MORE_QUESTIONS = ROOT / "tests" / "data" / "questions_more.jsonl"
BLIND_QUESTIONS = ROOT / "tests" / "data" / "questions_blind.jsonl"
QUESTION_SETS = pytest.mark.parametrize("path", [MORE_QUESTIONS, BLIND_QUESTIONS], ids=["more", "blind"])


def _answer(status="answered", value=None, unit=None) -> Answer:
    return Answer(question="q", status=status, answer="", value=value, unit=unit)


def test_value_within_tolerance():
    assert is_right({"q": "q", "value": 13}, _answer(value=13.0))
    assert not is_right({"q": "q", "value": 13}, _answer(value=13.01))
    assert is_right({"q": "q", "value": 55.7, "tol": 0.15}, _answer(value=55.744))
    assert not is_right({"q": "q", "value": 13}, _answer(status="ambiguous"))


def test_value_in_wan_units_counts():
    assert is_right({"q": "q", "value": 23320000}, _answer(value=2332, unit="万个"))
    assert not is_right({"q": "q", "value": 23320000}, _answer(value=2332, unit="个"))


def test_expected_status():
    assert is_right({"q": "q", "status": "not_found"}, _answer(status="not_found"))
    assert not is_right({"q": "q", "status": "not_found"}, _answer(status="answered", value=1))


def test_bad_file_names_the_line(tmp_path):
    f = tmp_path / "q.jsonl"
    f.write_text('{"q": "a", "value": 1}\n{"q": "b"}\n', encoding="utf-8")
    with pytest.raises(ReportQAError, match=r"q.jsonl:2"):
        read_questions(f)


def test_summary_by_kind_and_language_and_misses():
    items = [{"id": "a", "q": "x", "lang": "zh", "kind": "table", "value": 1},
             {"id": "b", "q": "y", "lang": "en", "kind": "text", "value": 2}]
    outcomes = evaluate(items, lambda q: _answer(value=1))
    text = summary(outcomes)
    assert "accuracy: 1/2" in text and "table 1/1" in text and "text 0/1" in text and "en 0/1" in text
    assert "b [text/en] y" in text and "expected value 2" in text


def test_a_crash_is_a_miss():
    outcomes = evaluate([{"q": "x", "value": 1}], lambda q: 1 / 0)
    assert not outcomes[0].right and "ZeroDivisionError" in outcomes[0].error


@pytest.fixture(scope="module")
def real_settings(tmp_path_factory):
    """The seed and every real report, ingested with the fake embedder (BM25 still real)."""
    from index.ingest import ingest
    from index.settings import Settings

    settings = Settings(home=tmp_path_factory.mktemp("eval") / "home", model="reportqa/fake-bigram")
    ingest([SEED, REAL], settings, progress=False)
    return settings


@pytest.mark.slow
def test_every_dev_question_right(real_settings, capsys):
    from qa.evaluate import eval_command

    assert eval_command(str(DEV_QUESTIONS), real_settings) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    n = sum(1 for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip())
    assert f"accuracy: {n}/{n}" in out


@pytest.mark.slow
def test_eval_command_reports_misses(real_settings, tmp_path, capsys):
    from qa.evaluate import eval_command

    f = tmp_path / "q.jsonl"
    f.write_text(json.dumps({"id": "x", "q": "平潭综合实验区2024年行政复议总计多少件？", "lang": "zh",
                             "kind": "table", "value": 8}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert eval_command(str(f), real_settings) == 1
    out = capsys.readouterr().out
    assert "misses (1)" in out and "expected value 8" in out and "value=7.0" in out


@QUESTION_SETS
def test_more_questions_cover_every_kind_and_language(path):
    items = read_questions(path)
    assert len(items) >= 100 and len({i["id"] for i in items}) == len(items)
    kinds = {i["kind"] for i in items}
    assert kinds == {"table", "text", "derived", "not_reported", "unanswerable", "inconsistent"}
    assert {i["lang"] for i in items} == {"zh", "en"}
    assert all(("value" in i) != ("status" in i) for i in items)


@pytest.mark.slow
@QUESTION_SETS
def test_more_questions_over_the_real_reports(real_settings, path):
    from index.collection import open_collection
    from qa.answering import answer

    collection = open_collection(real_settings)
    outcomes = evaluate(read_questions(path), lambda q: answer(q, collection))
    right = sum(o.right for o in outcomes)
    assert right >= 0.98 * len(outcomes), summary(outcomes)
    for kind in ("not_reported", "unanswerable"):
        assert all(o.right for o in outcomes if o.item["kind"] == kind), summary(outcomes)
    # a report that contradicts itself: both figures and the failed check, whichever the question names
    # first (the 总计 cell as printed when it says 总计, else the sum of the parts)
    assert all(o.right or (o.answer is not None and o.answer.status == "answered" and o.answer.checks
                           and any(not c.ok for c in o.answer.checks))
               for o in outcomes if o.item["kind"] == "inconsistent"), summary(outcomes)


# ---------------------------------------------------------------- shapes, styles, calibration (issue 9)


def _shaped(shape, points, status="answered", value=None, report_year=None) -> Answer:
    from qa.records import Point, ReportRef

    report = ReportRef("r", "t", "A", report_year) if report_year else None
    return Answer(question="q", status=status, answer="", value=value, shape=shape, report=report,
                  points=tuple(Point(label=str(lab), agency=ag, year=yr, value=v, unit="件")
                               for lab, ag, yr, v in points))


def test_series_needs_every_expected_year():
    item = {"q": "q", "shape": "series", "values": {"2019": 12, "2020": 15}}
    assert is_right(item, _shaped("series", [(2019, "A", 2019, 12), (2020, "A", 2020, 15), (2021, "A", 2021, 3)]))
    assert not is_right(item, _shaped("series", [(2019, "A", 2019, 12), (2020, "A", 2020, 16)]))
    assert not is_right(item, _shaped("series", [(2019, "A", 2019, 12)]))
    assert not is_right(item, _shaped("series", [(2019, "A", 2019, 12), (2020, "A", 2020, 15)], status="ambiguous"))


def test_list_needs_every_expected_value():
    item = {"q": "q", "shape": "list", "values": {"行政许可": 10, "行政处罚": 5}}
    assert is_right(item, _shaped("list", [("许可", "A", 2024, 10), ("处罚", "A", 2024, 5)]))
    assert not is_right(item, _shaped("list", [("许可", "A", 2024, 10), ("处罚", "A", 2024, 10)]))


def test_ranking_first_n_in_order():
    item = {"q": "q", "shape": "ranking", "values": [["机构A", 69], ["机构B", 58]]}
    right = _shaped("ranking", [("机构A", "机构A", 2024, 69), ("机构B", "机构B", 2024, 58), ("机构C", "机构C", 2024, 1)])
    swapped = _shaped("ranking", [("机构B", "机构B", 2024, 58), ("机构A", "机构A", 2024, 69)])
    assert is_right(item, right) and not is_right(item, swapped)
    assert not is_right(item, _shaped("ranking", [("机构A", "机构A", 2024, 69)]))
    tied = {"q": "q", "shape": "ranking", "values": [["机构A", 69], ["机构B", 2], ["机构C", 2]]}
    either = _shaped("ranking", [("机构A", "机构A", 2024, 69), ("机构C", "机构C", 2024, 2), ("机构B", "机构B", 2024, 2)])
    assert is_right(tied, either)  # names tied on one value stand in either order
    other = _shaped("ranking", [("机构A", "机构A", 2024, 69), ("机构D", "机构D", 2024, 2), ("机构B", "机构B", 2024, 2)])
    assert not is_right(tied, other)


def test_which_year_may_be_scored_by_the_year():
    ans = _shaped("series", [(2023, "A", 2023, 7), (2024, "A", 2024, 19)], value=19, report_year=2024)
    assert is_right({"q": "q", "value": 2024}, ans) and is_right({"q": "q", "value": 19}, ans)
    assert not is_right({"q": "q", "value": 2023}, ans)


def test_new_statuses_and_files_with_values(tmp_path):
    assert is_right({"q": "q", "status": "not_understood"}, _answer(status="not_understood"))
    f = tmp_path / "q.jsonl"
    f.write_text('{"q": "a", "shape": "list", "values": {"x": 1}}\n', encoding="utf-8")
    assert read_questions(f)[0]["values"] == {"x": 1}


def test_summary_by_style_answered_but_wrong_and_calibration():
    items = [{"id": "a", "q": "x", "style": "colloquial", "value": 1},
             {"id": "b", "q": "y", "style": "colloquial", "value": 2},
             {"id": "c", "q": "z", "style": "junk", "status": "not_understood"}]
    answers = {"x": Answer("x", "answered", "", value=1, confidence=0.95),
               "y": Answer("y", "answered", "", value=3, confidence=0.75),
               "z": Answer("z", "not_understood", "", confidence=0.9)}
    outcomes = evaluate(items, lambda q: answers[q])
    text = summary(outcomes)
    assert "by style: colloquial 1/2, junk 1/1" in text
    assert "answered but wrong: 1/3" in text
    assert "[0.70, 0.80) 0/1 = 0% right" in text and "[0.95, 1.00) 1/1 = 100% right" in text
    from qa.evaluate import calibration, confidently_wrong

    assert [o.item["id"] for o in confidently_wrong(outcomes)] == ["b"]
    assert sum(n for _, _, n, _, _ in calibration(outcomes)) == 2  # answered answers only


def test_history_is_passed_as_the_conversation():
    seen = []

    def ask(q, history=None):
        seen.append((q, history))
        return _answer(value=1)

    evaluate([{"q": "那2023年呢？", "value": 1, "history": ["平潭2024年行政复议多少件？"]}, {"q": "x", "value": 1}], ask)
    assert seen == [("那2023年呢？", ["平潭2024年行政复议多少件？"]), ("x", None)]


@pytest.mark.slow
def test_eval_command_scores_shapes_and_follow_ups(real_settings, tmp_path, capsys):
    from qa.evaluate import eval_command

    rows = [{"id": "s", "q": "平潭综合实验区2022年到2024年每年的行政诉讼分别是多少件？", "shape": "series",
             "values": {"2022": 1, "2023": 7, "2024": 19}, "style": "series"},
            {"id": "l", "q": "平潭综合实验区2024年行政许可、行政处罚、行政强制分别是多少？", "shape": "list",
             "values": {"行政许可": 4529, "行政处罚": 1100, "行政强制": 65}, "style": "list"},
            {"id": "f", "q": "那2023年呢？", "history": ["平潭综合实验区2024年行政诉讼多少件？"], "value": 7,
             "style": "followup"},
            {"id": "j", "q": "asdfgh", "status": "not_understood", "style": "junk"}]
    f = tmp_path / "q.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    code = eval_command(str(f), real_settings)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "accuracy: 4/4" in out and "by style: followup 1/1, junk 1/1, list 1/1, series 1/1" in out
    assert "answered but wrong: 0/4" in out


def test_an_expected_value_given_in_wan_yuan_is_scaled():
    item = {"q": "q", "value": 24252.311082, "unit": "万元"}
    assert is_right(item, _answer(value=242523110.82, unit="元"))
    assert not is_right(item, _answer(value=24252.311082 * 1000, unit="元"))
    assert not is_right({"q": "q", "value": 24252.311082}, _answer(value=242523110.82, unit="元"))


def test_a_series_expected_in_wan_yuan_is_scaled():
    from qa.records import Answer, Point

    ans = Answer(question="q", status="answered", answer="", shape="series", points=(
        Point(label="2023", agency="a", year=2023, value=77302800.0, unit="元"),
        Point(label="2024", agency="a", year=2024, value=75450000.0, unit="元")))
    item = {"q": "q", "shape": "series", "unit": "万元", "values": {"2023": 7730.28, "2024": 7545}}
    assert is_right(item, ans)
    assert not is_right({**item, "values": {"2023": 7730.28, "2024": 7546}}, ans)


def test_a_ranking_of_years_matches_a_series_in_that_order():
    item = {"q": "q", "shape": "ranking", "values": [["2022", 10690], ["2024", 4529]]}
    ordered = _shaped("series", [(2022, "A", 2022, 10690), (2024, "A", 2024, 4529), (2023, "A", 2023, 2629)])
    by_year = _shaped("series", [(2023, "A", 2023, 2629), (2022, "A", 2022, 10690), (2024, "A", 2024, 4529)])
    assert is_right(item, ordered) and not is_right(item, by_year)


def test_a_ranking_of_one_reports_rows_is_scored_by_their_labels():
    from qa.evaluate import _right_shape
    from qa.records import Point

    class Ans:
        status = "answered"
        points = (Point(label="属于行政查询事项", agency="淮安市人民政府", year=2024, value=105.0, unit="件"),
                  Point(label="其他法律行政法规禁止公开", agency="淮安市人民政府", year=2024, value=31.0, unit="件"))

    item = {"shape": "ranking", "values": [["8.属于行政查询事项", 105], ["2.其他法律行政法规禁止公开", 31]]}
    assert _right_shape(item, Ans(), 0.005)
    item["values"] = [["2.其他法律行政法规禁止公开", 105], ["8.属于行政查询事项", 31]]
    assert not _right_shape(item, Ans(), 0.005)


def test_a_contradiction_asked_as_a_list_is_right_as_one_figure_with_the_others():
    # "表里和正文各写了多少": the answer's figure and its disagreeing figures, each value once
    from qa.records import Point
    item = {"q": "q", "kind": "inconsistent", "shape": "list", "values": {"总计栏": 0, "分项": 11, "正文": 11}}
    one = Answer(question="q", status="answered", answer="", value=0, unit="件")
    assert not is_right(item, one)
    other = Point(label="各分项之和", agency="A", year=2023, value=11, unit="件")
    assert is_right(item, replace(one, disagreeing=(other,)))
    assert not is_right(item, replace(one, value=5, disagreeing=(other,)))


def test_a_comparison_asked_as_a_list_is_right_as_the_difference_with_its_inputs():
    from qa.records import Input, ReportRef, Source
    item = {"q": "q", "shape": "list", "values": {"A": 3119, "B": 95, "差额": 3024}}
    ref, src = ReportRef("r", "t", "A", 2024), Source("table")
    diff = Answer(question="q", status="answered", answer="", value=3024, unit="件",
                  inputs=(Input(3119, "件", ref, src), Input(95, "件", ref, src)))
    assert is_right(item, diff)
    assert not is_right(item, replace(diff, value=3000))  # the answer's own figure must be one of them
    assert not is_right({"q": "q", "shape": "list", "values": {"A": 3119, "B": 95}}, replace(diff, value=3214))


def test_shares_set_side_by_side_and_asked_as_a_list_are_right_as_their_points():
    # "A和B的维持率各是多少": the answer's figure is one share, its points both, its inputs the counts
    from qa.records import Input, Point, ReportRef, Source
    item = {"q": "q", "shape": "list", "values": {"A": 20.5, "B": 50.0}, "unit": "%", "tol": 0.1}
    ref, src = ReportRef("r", "t", "A", 2024), Source("table")
    shares = Answer(question="q", status="answered", answer="", value=50.0, unit="%",
                    inputs=(Input(72, "件", ref, src), Input(351, "件", ref, src)),
                    points=(Point(label="B", agency="B", year=2024, value=50.0, unit="%"),
                            Point(label="A", agency="A", year=2024, value=20.512821, unit="%")))
    assert is_right(item, shares)
    assert not is_right(item, replace(shares, points=shares.points[:1]))
