"""Meanings of prose figures: real sentences get the canonical key their noun means, figures of
another year, a running total or another body get none, and the data file names real keys."""
from __future__ import annotations

from corpus.figures import figures_of
from corpus.meanings import figure_meaning, prose_meanings
from tests.conftest import REAL, SEED, parsed_report, real_files


def _keys(report, raw: str) -> list:
    """The keys of the report's prose figures printed as ``raw``."""
    return [f.key for f in report.figures if f.raw == raw]


def test_review_and_request_figures_of_a_real_report_get_their_keys():
    report = parsed_report(REAL / "平潭综合实验区_2025.html")
    # 全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。
    assert _keys(report, "36起") == ["review.reconsideration.total"]
    assert _keys(report, "9起") == ["review.litigation.total"]
    # 全区共收到政府信息公开申请154件，共办结148件，结转至2026年6件。
    assert _keys(report, "154件") == ["requests.new_received.total"]
    assert _keys(report, "148件") == ["requests.result.total.total"]
    assert _keys(report, "6件") == ["requests.carried_forward.total"]


def test_handled_requests_mean_the_results_total_not_the_new_ones():
    report = parsed_report(REAL / "平潭综合实验区_2024.html")
    assert _keys(report, "218件") == ["requests.result.total.total"]  # 全年办理政府信息公开申请218件
    assert _keys(report, "62件") == ["proactive.normative_documents.issued"]  # 本年度制发行政规范性文件62件


def test_information_items_are_not_request_counts():
    # 依申请公开信息数311条 / 1条 / 1144条 count items of information, not applications
    for name, raw in (("平潭综合实验区社会事业局_2024.html", "311条"), ("平潭综合实验区投资促进局_2024.html", "1条"),
                      ("平潭综合实验区旅游与文化体育局_2023.html", "1144条"), ("平潭综合实验区经济发展局_2025.html", "177条")):
        report = parsed_report(REAL / name)
        figures = [f for f in report.figures if f.raw == raw]
        assert figures and all(f.key is None for f in figures), name
    # … and 不予公开22条 in the same list of items is not a request result
    social = parsed_report(REAL / "平潭综合实验区社会事业局_2024.html")
    assert _keys(social, "22条") == [None]


def test_another_body_a_running_total_or_another_year_get_no_meaning():
    hongze = parsed_report(REAL / "淮安市洪泽区人民政府_2024.pdf")
    assert _keys(hongze, "17件") == [None]  # 区政府办代表区政府受理…17件, the table counts the whole district
    shanghai = parsed_report(REAL / "上海市人民政府办公厅_2019.txt")
    assert _keys(shanghai, "859件") == ["requests.new_received.total"]  # 市政府办公厅代表市政府: the agency itself
    text = "2023年全区收到政府信息公开申请75件。截至2023年底累计收到政府信息公开申请300件。"
    assert [f.key for f in figures_of("r", "某区人民政府", 2023, (), text)] == ["requests.new_received.total", None]
    assert [f.key for f in figures_of("r", "某区人民政府", 2024, (), text)] == [None, None]
    assert [f.key for f in figures_of("r", "某区人民政府", 2024, (), "全年同比收到政府信息公开申请5件。")] == [None]


def test_units_other_than_counts_get_no_meaning():
    text = "2024年行政复议100%，行政诉讼3件。"
    assert [(f.raw, f.key) for f in figures_of("r", "某局", 2024, (), text)] == [
        ("100%", None), ("3件", "review.litigation.total")]


def test_old_report_figures_get_keys_or_row_labels():
    seed = parsed_report(SEED / "上海市人力资源和社会保障局_2011.txt")
    assert [f.key for f in seed.figures if f.noun == "行政复议"] == ["review.reconsideration.total"]  # 13件
    assert [f.key for f in seed.figures if f.noun == "行政诉讼"] == ["review.litigation.total"]  # 35件
    assert _keys(seed, "766件") == ["requests.new_received.total", None]  # the second: 在已经答复的766件申请中
    in_person = next(f for f in seed.figures if f.noun == "当面申请")
    meaning = figure_meaning(in_person)
    assert in_person.key is None and meaning is not None and meaning.name == "当面申请数"
    # 截至到2011年底,本局累计主动公开政府信息15506条: a running total, not the year's
    running = next(f for f in seed.figures if f.raw == "15506条")
    assert figure_meaning(running) is None


def test_every_key_of_the_data_is_printed_or_made_of_printed_keys():
    data = prose_meanings()
    printed = {f.key for path in real_files(".html", ".pdf") for f in parsed_report(path).facts if f.key}
    for entry in data.entries:
        assert entry.key is not None or entry.rows, entry.name  # a label-only meaning must name its rows
        if entry.key is None:
            continue
        row, _, column = entry.key.rpartition(".")
        parts = [k for k in printed if k.startswith(row + ".") and k.endswith("." + column)]
        assert entry.key in printed or set(data.sums.get(entry.key, ())) <= printed and entry.key in data.sums \
            or parts, entry.key
