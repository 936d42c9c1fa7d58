"""``reportqa eval``: the scoring rules of ../shared/eval/README.md, the dev questions over the
real reports, every one right, and the larger sets of ``tests/data/questions_more.jsonl`` and
``tests/data/questions_blind.jsonl`` (every kind, Chinese and English, agencies of all sizes; expected
values read from the reports by eye; the blind set written by a second reader before looking at qa/)."""
from __future__ import annotations

import json

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
    for kind in ("inconsistent", "not_reported", "unanswerable"):
        assert all(o.right for o in outcomes if o.item["kind"] == kind), summary(outcomes)
