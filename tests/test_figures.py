"""Figures in prose: the seed and real reports, what is not a figure, and property tests."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.figures import ProseFigure, figures_of, find_figures, sentence_at
from corpus.numbers import read_quantity
from corpus.records import Figure, Location
from tests.conftest import REAL, SEED, parsed_report, real_files

SEED_TEXT = (SEED / "上海市人力资源和社会保障局_2011.txt").read_text(encoding="utf-8")


def _body(path) -> str:
    """A real .txt report's text, without the crawler header."""
    return path.read_text(encoding="utf-8").split("正文 ====================")[-1]


def _sentence(text: str, needle: str) -> str:
    start = text.index(needle)
    return sentence_at(text, start, start + len(needle))


def _pairs(text: str) -> list[tuple[str, float, str | None]]:
    return [(f.noun, f.quantity.value, f.quantity.unit) for f in find_figures(text)]


def _one(figures: list[ProseFigure], noun: str) -> ProseFigure:
    matches = [f for f in figures if f.noun == noun]
    assert len(matches) == 1, (noun, [(f.noun, f.quantity.raw) for f in figures])
    return matches[0]


# ---------------------------------------------------------------- the seed report


def test_respectively_pairs_each_noun_with_its_figure():
    sentence = _sentence(SEED_TEXT, "分别为13件和35件")
    assert _pairs(sentence) == [("行政复议", 13, "件"), ("行政诉讼", 35, "件")]


def test_requests_and_their_channels():
    figures = find_figures(_sentence(SEED_TEXT, "共受理政府信息公开申请766件"))
    assert _one(figures, "受理政府信息公开申请").quantity.value == 766
    expected = {"当面申请": 498, "传真申请": 3, "电子邮件申请": 13, "网上申请": 220, "信函申请": 28}
    for noun, value in expected.items():
        assert _one(figures, noun).quantity.value == value
    assert len(figures) == 7  # 766 and six channels, 其他申请 included
    assert math.fsum(f.quantity.value for f in figures[1:]) == 766  # the prose adds up


def test_a_share_borrows_the_noun_before_it():
    figures = find_figures(_sentence(SEED_TEXT, "“同意公开”的427件"))
    agreed = _one(figures, "同意公开")
    assert (agreed.quantity.value, agreed.quantity.unit) == (427, "件")
    share = _one(figures, "同意公开占比")
    assert (share.quantity.value, share.quantity.unit) == (56, "%")


@pytest.mark.parametrize(
    "needle, noun, value, unit, approximate",
    [
        ("局网站群浏览量累计11.61亿次", "局网站群浏览量", 1_161_000_000, "次", False),
        ("日均浏览量1.06万次", "日均浏览量", 10_600, "次", False),
        ("安排媒体采访134批次", "安排媒体采访", 134, "批次", False),
        ("回应“粉丝”问题819条", "回应粉丝问题", 819, "条", False),
        ("各类诉求件8.3万余件", "各类诉求件", 83_000, "件", True),
        ("全年接听市民来电近379万个", "接听市民来电", 3_790_000, "个", True),
        ("有效参赛人数逾18万", "有效参赛人数", 180_000, None, True),
        ("收取文件复制费64.4元", "收取文件复制费", 64.4, "元", False),
        ("配备了1名全职工作人员", "全职工作人员", 1, "名", False),
        ("增刊两期", "增刊", 2, "期", False),
        ("当面咨询接待3024人次", "当面咨询接待", 3024, "人次", False),
    ],
)
def test_seed_figures(needle, noun, value, unit, approximate):
    start = SEED_TEXT.index(needle)
    sentence = sentence_at(SEED_TEXT, start, start + len(needle))
    figure = _one(find_figures(sentence), noun)
    assert math.isclose(figure.quantity.value, value, rel_tol=1e-12)
    assert (figure.quantity.unit, figure.quantity.approximate) == (unit, approximate)
    assert sentence[figure.start:figure.end] == figure.quantity.raw


@pytest.mark.parametrize(
    "text",
    [
        "以上统计相关数据自2011年1月1日起至2011年12月31日止。",
        "如对本年度报告有任何疑问,请联系本局政府信息公开工作部门,联系电话62748577×1751。",
        "本报告根据《中华人民共和国政府信息公开条例》（国务院令第711号）编制。",
        "（国办公开办函〔2021〕30号）等文件要求编制。",
        "依据《条例》第二十条第（一）项。一是继续加强网站服务体系建设。",
        "其中:1.当面申请数",
        "2011年,12333电话咨询热线全年上线。截至12月底，7月1日正式上线。",
        "（一）主动公开方面。二是做好“三公”经费公开。",
        "联系电话：0591-24193051，邮编350400。",
    ],
)
def test_dates_codes_ordinals_and_markers_are_not_figures(text):
    assert find_figures(text) == []


def test_every_seed_figure_is_sound():
    prose = SEED_TEXT.split("附表一")[0]
    figures = find_figures(prose)
    assert len(figures) > 70
    _assert_sound(prose, figures)


# ---------------------------------------------------------------- real reports


def test_review_and_litigation_in_a_real_report():
    text = _body(REAL / "平潭综合实验区_2025.txt")
    figures = find_figures(text)
    assert (_one(figures, "行政复议").quantity.value, _one(figures, "行政复议").quantity.unit) == (36, "起")
    assert _one(figures, "行政诉讼").quantity.value == 9
    assert _one(figures, "收到政府信息公开申请").quantity.value == 154
    assert [f.quantity.raw for f in figures if f.noun == "主动公开政府信息"] == ["7700余条"]
    assert _one(figures, "主动公开政府信息").quantity.approximate


def test_requests_and_shares_in_the_shanghai_report():
    figures = find_figures(_body(REAL / "上海市人民政府办公厅_2019.txt"))
    assert _one(figures, "受理政府信息公开申请").quantity.value == 859
    assert _one(figures, "不予公开").quantity.value == 35
    assert _one(figures, "不予公开占比").quantity.value == 4.34
    # 41 counts the videos, 2300万 their plays
    assert [f.quantity.value for f in figures if f.noun == "短视频播放量"] == [23_000_000]
    assert [f.quantity.value for f in figures if f.noun == "短视频"] == [41]


def test_money_and_approximate_counts_in_a_department_report():
    figures = find_figures(_body(REAL / "平潭综合实验区地方税务局_2013.txt"))
    assert [f.quantity.value for f in figures if f.noun == "减免金额"] == [219062.78, 21470.27]
    assert _one(figures, "政府信息公开费用").quantity.value == 10_000
    consulted = [f for f in figures if f.quantity.raw == "约4900人次"]
    assert len(consulted) == 1 and consulted[0].quantity.approximate and consulted[0].noun == "咨询情况"
    assert _one(figures, "现场咨询占比").quantity.value == 32.65


def test_no_year_date_or_document_number_in_any_real_report():
    for path in real_files(".txt"):
        text = _body(path)
        figures = find_figures(text)
        _assert_sound(text, figures)
        for figure in figures:
            after = text[figure.end:figure.end + 1]
            assert after not in ("年", "月", "日", "号", "〕"), (path.name, figure)


def test_html_report_prose_gives_sound_figures():
    from bs4 import BeautifulSoup  # only to get at the prose; the real reader is corpus.html

    total = 0
    for path in real_files(".html"):
        soup = BeautifulSoup(path.read_bytes(), "lxml")
        for node in soup(["table", "script", "style"]):
            node.decompose()
        text = soup.get_text()
        figures = find_figures(text)
        total += len(figures)
        _assert_sound(text, figures)
        for figure in figures:
            assert text[figure.end:figure.end + 1] not in ("年", "月", "日", "号", "〕", ":"), (path.name, figure)
            if figure.quantity.unit is None and not figure.quantity.approximate:
                assert figure.quantity.value < 10**6 or figure.quantity.raw[-1] in "万亿", (path.name, figure)
    assert total > 500


def _assert_sound(text: str, figures: list[ProseFigure]) -> None:
    """Spans in order, each the quantity it claims, never after 第 or inside a longer number."""
    last = 0
    for figure in figures:
        assert last <= figure.start < figure.end <= len(text)
        last = figure.end
        raw = text[figure.start:figure.end]
        assert read_quantity(raw) == figure.quantity
        assert not text[max(0, figure.start - 1):figure.start] in ("第", "〔")
        assert not text[figure.end:figure.end + 1].isdigit()
        assert figure.noun == figure.noun.strip() and "。" not in figure.noun


# ---------------------------------------------------------------- records


def test_figures_of_builds_records_with_their_sentence():
    text = "本局2011年共受理申请766件。行政复议和行政诉讼案分别为13件和35件，较上一年度有明显的上升。"
    records = figures_of("r1", "上海市人力资源和社会保障局", 2011, ("四、复议",), text, Location(line=25))
    assert [r.noun for r in records] == ["受理申请", "行政复议", "行政诉讼"]
    review = records[1]
    assert isinstance(review, Figure)
    assert (review.value, review.unit, review.raw, review.approximate) == (13, "件", "13件", False)
    assert review.sentence == "行政复议和行政诉讼案分别为13件和35件，较上一年度有明显的上升。"
    assert records[0].sentence == "本局2011年共受理申请766件。"
    assert (review.report_id, review.agency, review.year, review.section) == ("r1", "上海市人力资源和社会保障局", 2011, ("四、复议",))
    assert review.where == Location(line=25)
    # 行政复议 and 行政诉讼 have a meaning; 受理申请 alone (申请 of what?) has none
    assert [r.key for r in records] == [None, "review.reconsideration.total", "review.litigation.total"]


def test_respectively_with_three_nouns():
    text = "其中当面申请、网上申请及信函申请分别为5件、7件和9件。"
    assert _pairs(text) == [("当面申请", 5, "件"), ("网上申请", 7, "件"), ("信函申请", 9, "件")]


def test_things_listed_with_a_last_joiner_share_the_figure():
    # "新闻发布会、通气会及现场采访47场次": the 47 counts all three, not the last two
    text = "安排媒体采访134批次,组织新闻发布会、通气会及现场采访47场次。"
    assert _pairs(text)[-1] == ("组织新闻发布会、通气会及现场采访", 47, "场次")
    # items each with their own figure keep their own nouns
    assert [n for n, _, _ in _pairs("发布信息120条、公开会议3次")] == ["发布信息", "公开会议"]


def test_respectively_with_too_few_nouns_falls_back():
    text = "申请分别为5件和7件。"
    assert [f.quantity.value for f in find_figures(text)] == [5, 7]


# ---------------------------------------------------------------- several figures in one sentence


@pytest.mark.parametrize("text, noun, before, after, unit", [
    ("平均办理时间由15分钟缩至8分钟。", "平均办理时间", 15, 8, "分钟"),
    ("办件时限由20个工作日压缩至5个工作日", "办件时限", 20, 5, "个工作日"),
    ("申请数量从120件增加到150件", "申请数量", 120, 150, "件"),
    ("办结率由95%提高到98%", "办结率", 95, 98, "%"),
    ("审批时间由上年的30天缩短至15天，办理行政许可事项120项", "审批时间", 30, 15, "天"),
    ("网上办理率从2023年的85%提升至2024年的95%", "网上办理率", 85, 95, "%"),
])
def test_a_change_binds_both_figures_to_one_noun_with_their_direction(text, noun, before, after, unit):
    figures = find_figures(text)
    assert [(f.noun, f.quantity.value, f.quantity.unit, f.direction) for f in figures[:2]] == [
        (noun, before, unit, "from"), (noun, after, unit, "to")]
    assert all(f.direction is None for f in figures[2:])


def test_a_change_in_a_real_report():
    report = parsed_report(REAL / "平潭综合实验区_2019.html")
    waits = [f for f in report.figures if f.noun == "群众等候时间"]
    assert [(f.value, f.unit, f.direction) for f in waits] == [(42, "分钟", "from"), (19, "分钟", "to")]


@pytest.mark.parametrize("text, expected", [
    ("全年办理行政许可事项120项、行政处罚事项35项。", [("办理行政许可事项", 120), ("行政处罚事项", 35)]),
    # one subject, then its items with 、 (a table's row written as prose): the subject of each
    ("规章本年制发0件、本年废止2件、现行有效5件；行政规范性文件本年制发3件、本年废止1件、现行有效23件。",
     [("规章本年制发", 0), ("规章废止", 2), ("规章现行有效", 5), ("行政规范性文件本年制发", 3),
      ("行政规范性文件废止", 1), ("行政规范性文件现行有效", 23)]),
    ("全年发布信息1200条，公开会议15次。", [("发布信息", 1200), ("公开会议", 15)]),
    ("召开新闻发布会118场，发布信息2300条", [("召开新闻发布会", 118), ("发布信息", 2300)]),
    ("全年共发布政务信息1.2万条，其中政策文件85件、解读材料40篇", [("发布政务信息", 12000), ("政策文件", 85), ("解读材料", 40)]),
    ("受理行政复议5件、行政诉讼3件，其中败诉1件。", [("受理行政复议", 5), ("行政诉讼", 3), ("败诉", 1)]),
    ("群众等候时间由42分钟缩至19分钟", [("群众等候时间", 42), ("群众等候时间", 19)]),
])
def test_each_figure_has_its_own_noun(text, expected):
    assert [(f.noun, f.quantity.value) for f in find_figures(text)] == expected


def test_the_earlier_end_of_a_change_has_no_meaning():
    figures = figures_of("r", "某某局", 2024, (), "收到政府信息公开申请154件，办结由上年的120件增加到148件。")
    assert [(f.value, f.direction, f.key) for f in figures] == [
        (154, None, "requests.new_received.total"), (120, "from", None), (148, "to", figures[2].key)]


# ---------------------------------------------------------------- properties

_NOUNS = ["当面申请", "传真申请", "网上申请", "信函申请", "行政复议", "行政诉讼", "主动公开政府信息", "政策解读", "回应粉丝问题"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_NOUNS), st.integers(0, 10**7), st.sampled_from(["件", "条", "篇", "次", "万次", "余件"])),
                min_size=1, max_size=6),
       st.sampled_from(["", "其中", "本局2011年共"]))
def test_listed_figures_come_back_with_their_nouns(items, lead):
    text = lead + "，".join(f"{noun}{n}{unit}" for noun, n, unit in items) + "。"
    figures = find_figures(text)
    assert [f.noun for f in figures] == [noun for noun, _, _ in items], text
    for figure, (_, n, unit) in zip(figures, items):
        assert figure.quantity.value == n * (10**4 if unit.startswith("万") else 1)
        assert figure.quantity.approximate == ("余" in unit)


_PIECES = list("0123456789.,，。；%-十百千万亿一二两三余多约近第号年月日件个元次条（）“”、和分别为占的 \n") + [
    "分别为", "占总数的", "其中", "电话", "〔2021〕", "同比上升", "\x00", "𠀀"]


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join), st.text(max_size=40)))
def test_any_text_gives_sound_figures(text):
    figures = find_figures(text)
    _assert_sound(text, figures)
    directions = [f.direction for f in figures if f.direction]
    assert directions == ["from", "to"] * (len(directions) // 2)  # a change has both ends, in order
    for figure in figures_of("r", "a", None, (), text):
        assert figure.raw in figure.sentence or "\n" in figure.raw


def test_a_fee_said_to_be_not_collected_is_zero_yuan():
    from corpus.figures import figures_of

    (fee,) = figures_of("r", "某局", 2024, (), "2024年，无收取信息处理费情况。")
    assert (fee.noun, fee.value, fee.unit) == ("信息处理费", 0.0, "元")
    (any_fee,) = figures_of("r", "某局", 2024, (), "本机关全年未收取任何费用。")
    assert (any_fee.noun, any_fee.value) == ("费用", 0.0)
    assert all(f.value == 200 for f in figures_of("r", "某局", 2024, (), "收取信息处理费200元。"))


def test_none_received_or_had_said_in_words_is_a_figure_of_zero():
    from corpus.figures import figures_of

    def zeros(text):
        return [(f.noun, f.value, f.unit, f.key) for f in figures_of("r", "某局", 2013, (), text) if f.value == 0]

    (staff,) = zeros("我局没有从事政府信息公开工作的全职人员，兼职人员1人。")
    assert staff[1:3] == (0.0, "人") and "全职人员" in staff[0]
    (requests,) = zeros("2013年全区未收到有关政府信息公开的申请。")
    assert requests[:3] == ("收到政府信息公开申请", 0.0, "件")
    # each thing the clause names, and not the head word they share ("…的申请")
    both = zeros("未收到有关政府信息公开行政复议、提起行政诉讼的申请。")
    assert [(n, v) for n, v, *_ in both] == [("政府信息公开行政复议", 0), ("提起行政诉讼", 0)]
    # a clause that prints how many is no "none"; a row label that says 没有 is no figure of 0
    assert zeros("全年未收到申请5件。") == []
    assert zeros("因没有现成信息需要另行制作而无法提供的申请3件。") == []


def test_a_total_clause_belongs_to_the_things_counted_before_it():
    text = "其中微博29个，共发布信息1992条；微信公众号41个，共发布信息3404条。"
    nouns = {f.quantity.value: f.noun for f in find_figures(text)}
    assert nouns[1992] == "微博发布信息" and nouns[3404] == "微信公众号发布信息"
    # a total after a figure that is not a count of things keeps its own noun
    assert [f.noun for f in find_figures("网站访问量10万人次，共发布信息300条")] == ["网站访问量", "发布信息"]


def test_a_figure_named_only_after_it_takes_the_clause_after_it():
    text = "2013年有约4900人次通过各种方式向我局各部门、基层所咨询涉税信息有关事务，其中现场咨询1600人次"
    nouns = {f.quantity.value: f.noun for f in find_figures(text)}
    assert "咨询涉税信息" in nouns[4900] and nouns[1600] == "现场咨询"


def test_a_noun_that_says_what_it_counts_gives_the_unit_the_figure_lacks():
    from corpus.figures import figures_of

    text = "通过微信公众号发布文章1061篇，累计阅读人数173.1万，累计阅读次数269.2万，访问人次达12万，网站总访问量达到269.2万。"
    assert [(f.noun, f.value, f.unit) for f in figures_of("r", "某局", 2024, (), text)] == [
        ("微信公众号发布文章", 1061, "篇"), ("阅读人数", 1731000, "人"), ("阅读次数", 2692000, "次"),
        ("访问人次", 120000, "人次"), ("网站总访问量", 2692000, None)]  # 访问量 says no unit


@pytest.mark.parametrize("sentence, counted, measured", [
    ("运用抖音号报道进博会，41条短视频播放量超2300万，在抖音相关话题所有播放量中占比26%。", ("短视频", 41), ("短视频播放量", 23000000)),
    ("两条微信阅读量即达180万次。", ("微信", 2), ("微信阅读量", 1800000)),
    ("推送政策解读文章12篇，阅读量达3万次。", ("推送政策解读文章", 12), ("阅读量", 30000)),
])
def test_a_count_and_what_is_measured_of_it_each_keep_their_noun(sentence, counted, measured):
    # "41条短视频播放量超2300万": 41 counts the videos, 2300万 is their plays; the count is not "播放量"
    pairs = {(f.noun, f.quantity.value) for f in find_figures(sentence)}
    assert counted in pairs and measured in pairs


def test_calls_counted_in_tong_are_a_figure_of_their_noun():
    """"热线电话11通": phone calls are counted in 通."""
    from corpus import read_report

    report = read_report(REAL / "平潭综合实验区_2019.html")
    calls = [f for f in report.figures if f.unit == "通"]
    assert [(f.value, f.noun) for f in calls] == [(11, "热线电话")]


def test_a_space_between_groups_of_three_digits_before_a_unit_is_one_number():
    # "2 187条": thousands set apart by a space, as OCR and some typesetting write them; "13 35件" is not
    assert [(f.noun, f.quantity.value) for f in find_figures("主动公开各类政府信息2 187条，召开会议9次")] == [
        ("主动公开各类政府信息", 2187.0), ("召开会议", 9.0)]
    assert all(f.quantity.value != 1335 for f in find_figures("共受理13 35件"))
