"""Which copy is the report: the primary chosen by stated rules (never by name or hash), every
alternate named with its reason, copies that disagree kept as a conflict that answers show until a
person chooses, and a file refused or failed never recorded as "already in"."""
from __future__ import annotations

import os

import pytest

from corpus import read_report
from index import store
from index.collection import open_collection
from index.commands import ingest_command, reports_command
from index.copies import Copy, disagreements, figures_of, primary_of, rank, why_kept
from index.ingest import ingest
from index.settings import Settings
from qa.answering import answer
from tests.conftest import REAL

PAIR_HTML, PAIR_TXT = REAL / "平潭综合实验区_2024.html", REAL / "平潭综合实验区_2024.txt"
REVIEW = "review.reconsideration."
QUESTION = "平潭综合实验区2024年政府信息公开行政复议总计多少件？"
FACTOR = 10


def settings_in(tmp_path, name="home") -> Settings:
    return Settings(home=tmp_path / name, model="reportqa/fake-bigram")


def inflated_copy(folder, name="平潭2024_upload.txt") -> tuple:
    """The crawled text of the 2024 report with the review row multiplied by FACTOR (its checks still
    pass), as the upload with inflated tables; returns (path, {key: (true value, inflated value)})."""
    text = PAIR_TXT.read_text(encoding="utf-8")
    row = [f for f in read_report(PAIR_TXT).facts if f.key and f.key.startswith(REVIEW)]
    assert len(row) == 5 and row[-1].key == REVIEW + "total"
    block = "".join(f"{f.raw} |\n" for f in row)
    assert text.count(block) == 1
    path = folder / name
    path.write_text(text.replace(block, "".join(f"{int(f.value) * FACTOR} |\n" for f in row)), encoding="utf-8")
    return path, {f.key: (f.value, f.value * FACTOR) for f in row}


# ---------------------------------------------------------------- the rules


def copy(path="a.html", fmt="html", keyed=10, readable=10, failed=0, ingested=1, chosen=0, content_hash="0"):
    return Copy(path, content_hash, fmt, keyed, readable, failed, 0, readable, ingested, chosen)


@pytest.mark.parametrize("better, worse, words", [
    (copy(chosen=3, keyed=1), copy(keyed=50), "chosen"),
    (copy(keyed=11, fmt="pdf"), copy(keyed=10), "canonical keys (11 against 10)"),
    (copy(readable=12, fmt="pdf"), copy(readable=11), "more figures (12 against 11)"),
    (copy(failed=0, fmt="pdf"), copy(failed=2), "fewer of its checks fail"),
    (copy(fmt="txt", ingested=9), copy(fmt="pdf", ingested=1), "plain text or Markdown is preferred to PDF"),
    (copy(fmt="docx", ingested=9), copy(fmt="txt", ingested=1), "HTML or DOCX is preferred"),
    (copy(ingested=1, path="z.html", content_hash="f"), copy(ingested=2, path="a.html", content_hash="0"),
     "ingested first"),
])
def test_each_rule_decides_in_its_order_and_says_why(better, worse, words):
    assert primary_of([worse, better]) is better and primary_of([better, worse]) is better
    assert rank(better) < rank(worse)
    assert words in why_kept(better, worse)


def test_copies_of_equal_quality_are_decided_by_ingest_order_not_by_name_or_hash(tmp_path):
    """Two files with the same figures, the same format: whichever came first stays primary."""
    text = PAIR_TXT.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text + "\n", encoding="utf-8")  # other bytes, same reading
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    for order in (["b.txt", "a.txt"], ["a.txt", "b.txt"]):
        settings = settings_in(tmp_path, "home-" + order[0])
        for name in order:  # one ingest each: the second is the later
            ingest([tmp_path / name], settings, progress=False)
        (summary,) = open_collection(settings).reports()
        assert os.path.basename(summary.path) == order[0]
        assert summary.alternate_reasons == ("both read as well, and it was ingested first",)
        assert not summary.conflicts


# ---------------------------------------------------------------- named in the output


def test_a_better_copy_replaces_the_primary_and_both_outputs_name_it(tmp_path, capsys):
    settings = settings_in(tmp_path)
    earlier, better = REAL / "平潭综合实验区_2019.txt", REAL / "平潭综合实验区_2019.html"
    assert ingest_command([str(earlier)], settings) == 0
    capsys.readouterr()
    assert ingest_command([str(better)], settings) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("copy:"))
    assert "平潭综合实验区_2019.txt: replaced as the primary of 平潭综合实验区 2019 by 平潭综合实验区_2019.html" in line
    assert "canonical keys" in line
    assert reports_command(settings) == 0
    listing = capsys.readouterr().out
    assert "alternate: 平潭综合实验区_2019.txt" in listing
    assert "平潭综合实验区_2019.html over 平潭综合实验区_2019.txt: it reads more figures with canonical keys" in listing


# ---------------------------------------------------------------- conflicts


@pytest.fixture
def conflicted(tmp_path):
    """A collection of the 2024 HTML report and, ingested after it, the inflated copy."""
    settings = settings_in(tmp_path)
    ingest([PAIR_HTML], settings, progress=False)
    path, values = inflated_copy(tmp_path)
    result = ingest([path], settings, progress=False)
    return settings, path, values, result


def test_figures_that_differ_from_the_primary_are_a_conflict_and_both_are_kept(conflicted):
    settings, path, values, result = conflicted
    assert result.alternates == (str(path),) and not result.added
    ((primary, line),) = result.conflicts
    assert primary == str(PAIR_HTML) and path.name in line and "--primary" in line and "5 cell(s)" in line
    collection = open_collection(settings)
    (summary,) = collection.reports()
    assert summary.path == str(PAIR_HTML) and summary.alternates == (str(path),)  # never silently replaced
    assert {c.meaning: (c.value, c.copy_value) for c in summary.conflicts} == values
    assert {c.copy for c in summary.conflicts} == {str(path)}
    fact = collection.facts(key=REVIEW + "total")[0]
    assert fact.value == values[REVIEW + "total"][0]  # the collection's facts stay the primary's


def test_an_answer_about_a_disputed_figure_shows_both_until_a_person_chooses(conflicted, capsys):
    settings, path, values, _ = conflicted
    true, inflated = values[REVIEW + "total"]
    reply = answer(QUESTION, open_collection(settings))
    assert reply.status == "ambiguous"
    assert {(c["file"], c["value"]) for c in reply.candidates} == {(PAIR_HTML.name, true), (path.name, inflated)}
    assert PAIR_HTML.name in reply.answer and path.name in reply.answer and "--primary" in reply.answer
    other = answer("平潭综合实验区2024年政府信息公开申请总数是多少？", open_collection(settings))
    assert other.status == "answered"  # figures both copies agree on are answered as before

    assert ingest_command([str(path)], settings, primary=True) == 0
    out = capsys.readouterr().out
    assert f"primary: {path.name} is now the primary copy" in out
    (summary,) = open_collection(settings).reports()
    assert summary.path == str(path) and summary.chosen and not summary.conflicts
    assert summary.alternates == (str(PAIR_HTML),)
    chosen = answer(QUESTION, open_collection(settings))
    assert chosen.status == "answered" and chosen.value == inflated

    assert ingest([PAIR_HTML], settings, progress=False, primary=True).chosen == (str(PAIR_HTML),)  # chosen back
    back = answer(QUESTION, open_collection(settings))
    assert back.status == "answered" and back.value == true
    ingest([PAIR_TXT], settings, progress=False)  # a copy that would lose anyway: the choice stands
    (summary,) = open_collection(settings).reports()
    assert summary.path == str(PAIR_HTML) and summary.chosen
    assert ingest([PAIR_TXT, path, PAIR_HTML], settings, progress=False).changed is False


def test_a_conflicting_upload_is_reported_and_answers_show_both(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    import server

    settings = settings_in(tmp_path)
    ingest([PAIR_HTML], settings, progress=False)
    path, values = inflated_copy(tmp_path)
    monkeypatch.setenv("REPORTQA_TOKEN", "t")
    with TestClient(server.create_app(settings)) as client:
        res = client.post("/api/reports", files={"file": (path.name, path.read_bytes())},
                          headers={"Authorization": "Bearer t"})
        assert res.status_code == 200, res.text
        message = res.json()["message"]
        assert "recorded as an alternate" in message and "give different figures" in message
        assert str(settings.home) not in res.text
        body = client.get("/api/ask", params={"q": QUESTION}).json()
        assert body["status"] == "ambiguous"
        assert sorted(c["value"] for c in body["candidates"]) == sorted(values[REVIEW + "total"])


def test_copies_that_agree_are_no_conflict():
    html, txt = (figures_of(read_report(p).facts) for p in (PAIR_HTML, PAIR_TXT))
    assert len(html.keys() & txt.keys()) > 100
    assert disagreements(html, txt, str(PAIR_TXT)) == []


# ---------------------------------------------------------------- refused or failed: never "already in"


def test_a_file_kept_out_or_failed_is_read_again_not_skipped(tmp_path):
    settings = settings_in(tmp_path)
    junk = tmp_path / "junk.txt"
    junk.write_text("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * 20, encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + os.urandom(3000))
    twin = tmp_path / "twin.pdf"
    twin.write_bytes(broken.read_bytes())
    ingest([PAIR_HTML], settings, progress=False)
    for _ in range(2):
        result = ingest([junk, broken, twin], settings, progress=False)
        assert [p for p, _ in result.kept_out] == [str(junk)]
        assert [p for p, _ in result.failed] == [str(broken), str(twin)]  # the twin's bytes are not "already in"
        assert not result.skipped and not result.changed
    forced = ingest([junk], settings, progress=False, force=True)
    assert forced.added == (str(junk),) and not forced.skipped


def test_an_upload_refused_as_no_report_is_refused_again_and_not_kept(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    import server

    settings = settings_in(tmp_path)
    ingest([PAIR_HTML], settings, progress=False)
    monkeypatch.setenv("REPORTQA_TOKEN", "t")
    junk = ("<html><body>" + "<p>welcome to our portal</p>" * 50 + "</body></html>").encode("utf-8")
    with TestClient(server.create_app(settings)) as client:
        for _ in range(2):
            res = client.post("/api/reports", files={"file": ("junk.html", junk)}, headers={"Authorization": "Bearer t"})
            assert res.status_code == 422 and "not a report" in res.json()["error"], res.text
            assert "junk.html" in res.json()["error"] and str(settings.home) not in res.text
    assert not [p for p in (settings.home / "uploads").rglob("*") if p.is_file()]
    assert len(open_collection(settings).reports()) == 1


def test_the_stored_entry_records_what_the_rules_read(tmp_path):
    settings = settings_in(tmp_path)
    ingest([PAIR_TXT, PAIR_HTML], settings, progress=False)
    (entry,) = store.Generation.open(settings.home).entries
    report = read_report(PAIR_HTML)
    assert entry["keyed_facts"] == sum(1 for f in report.facts if f.key and f.value is not None and not f.unreadable)
    (alternate,) = entry["alternates"]
    assert (alternate["path"], alternate["ingested"], entry["ingested"]) == (str(PAIR_TXT), 1, 2)  # the order given
    assert alternate["why"].startswith("HTML or DOCX is preferred")
