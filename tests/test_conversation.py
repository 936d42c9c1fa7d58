"""Conversations: context goes only into questions shaped like follow-ups; relative years move
from the year in context; junk input never inherits the last question's metric."""
from __future__ import annotations

import pytest

from qa.conversation import follow_up_context, next_context
from qa.follow_up import those_named
from qa.question import understand
from tests.test_question import AGENCIES, HELD, alternatives

FIRST = "平潭综合实验区2023年行政诉讼多少件？"


def _chat(*questions: str):
    """Each question understood against the context the chat keeps."""
    context, out = None, []
    for text in questions:
        q = understand(text, AGENCIES, context=context, agency_years=HELD)
        out.append(q)
        context = next_context(context, q)
    return out


@pytest.mark.parametrize("follow, year", [
    ("那上一年呢？", 2022), ("那前一年呢", 2022), ("下一年呢？", 2024), ("What about the year before?", 2022),
    ("and the following year?", 2024),
])
def test_relative_years_move_from_the_year_in_context(follow, year):
    _, q = _chat(FIRST, follow)
    assert q.years == (year,) and q.relative_base == "context" and "2023" in q.relative_year
    assert q.agencies == (("平潭综合实验区",),) and "行政诉讼" in alternatives(q) and "metric" in q.carried


def test_relative_steps_chain():
    *_, last = _chat(FIRST, "那上一年呢", "再前一年呢")
    assert last.years == (2021,)


@pytest.mark.parametrize("follow, operation", [("比去年多了多少？", "difference"), ("比上一年增长了百分之几", "percent_change"),
                                               ("比去年少了几件", "difference")])
def test_change_from_last_year_uses_the_year_in_context(follow, operation):
    _, q = _chat(FIRST, follow)
    assert q.years == (2022, 2023) and q.operation == operation and "行政诉讼" in alternatives(q)


def test_a_change_asked_again_of_another_metric_keeps_the_two_years_compared():
    # "2024年比2023年增加了多少？" then "那无法提供的，又增加了多少？": the same two years, not 2022 -> 2023
    _, q = _chat("平潭综合实验区2024年新收的申请比2023年增加了多少件？", "那因为本机关不掌握相关信息、无法提供的，又增加了多少件？")
    assert q.years == (2023, 2024) and q.operation == "difference" and "无法提供" in alternatives(q)
    # one year in context: the change into it, as before
    _, one = _chat(FIRST, "那无法提供的又增加了多少件？")
    assert one.years == (2022, 2023)


@pytest.mark.parametrize("junk", ["asdfgh", "😀", "exit now please", "  ?? "])
def test_junk_never_inherits_the_metric(junk):
    _, q = _chat(FIRST, junk)
    assert q.not_understood and not q.parts and q.carried == ()


def test_junk_does_not_break_the_conversation():
    _, _, q = _chat(FIRST, "asdfgh", "那2024年呢？")
    assert q.years == (2024,) and "行政诉讼" in alternatives(q) and set(q.carried) == {"agency", "metric"}


def test_a_new_complete_question_carries_nothing():
    _, q = _chat(FIRST, "淮安市2024年收到多少政府信息公开申请？")
    assert q.carried == () and q.agencies == (("淮安市人民政府",),) and "行政诉讼" not in alternatives(q)


def test_a_long_complete_question_does_not_take_the_year():
    # it names its own agency and metric: not a follow-up, so no year is slipped in from before
    _, q = _chat(FIRST, "淮安市人民政府在政府信息公开年度报告里一共收到了多少件政府信息公开申请？")
    assert q.carried == () and q.years == ()


@pytest.mark.parametrize("follow", ["行政复议呢？", "那行政复议呢", "what about reconsiderations?"])
def test_a_new_metric_keeps_agency_and_year(follow):
    _, q = _chat(FIRST, follow)
    assert q.years == (2023,) and q.agencies == (("平潭综合实验区",),) and "行政复议" in alternatives(q)
    assert "metric" not in q.carried


def test_a_series_follow_up_stays_a_series():
    _, q = _chat("平潭综合实验区历年行政诉讼", "行政复议呢")
    assert q.shape == "series" and q.all_years and "行政复议" in alternatives(q)


def test_history_is_read_the_same_question_by_question():
    history = [FIRST, "asdfgh", "那上一年呢"]
    context = follow_up_context(history, AGENCIES, HELD)
    assert context.years == (2022,) and "行政诉讼" in alternatives(context)
    assert follow_up_context(["asdfgh"], AGENCIES) is None or follow_up_context(["asdfgh"], AGENCIES).not_understood


@pytest.mark.parametrize("follow, operation, shape", [
    ("两年加起来呢", "sum", "single"), ("这两年合计多少", "sum", "single"), ("both years combined?", "sum", "single"),
    ("这两年相比增加了多少", "difference", "single"), ("两年分别是多少呢", "lookup", "series"),
])
def test_two_years_named_earlier_in_the_conversation(follow, operation, shape):
    *_, q = _chat(FIRST, "那2024年呢", follow)
    assert q.years == (2023, 2024) and q.operation == operation and q.shape == shape
    assert "行政诉讼" in alternatives(q) and "两年" not in alternatives(q)


def test_two_agencies_named_earlier_in_the_conversation():
    *_, added, compared = _chat(FIRST, "淮安市呢", "两家加起来呢", "这两家相比差多少")
    assert added.agencies == (("平潭综合实验区",), ("淮安市人民政府",)) and added.operation == "sum"
    assert compared.agencies == added.agencies and compared.operation == "compare"
    assert added.years == (2023,) and "行政诉讼" in alternatives(added)


def test_recent_years_are_not_years_named_earlier():
    *_, q = _chat(FIRST, "那2024年呢", "平潭综合实验区近两年行政诉讼多少件")
    assert q.shape == "series" and "year" not in q.carried
    assert [those_named(t) for t in ("两年来", "两年前", "哪两个部门", "近两年")] == [None] * 4


def test_two_years_with_only_one_named_before_takes_nothing():
    _, q = _chat(FIRST, "两年加起来呢")
    assert q.years == (2023,)


def test_the_same_three_bureaus_are_the_three_named_before():
    first, q = _chat("2023年平潭这几个局（农业农村局、旅游与文化体育局、综合执法与应急管理局）行政处罚决定数排个名",
                     "那行政许可呢，同样三个局从多到少")
    assert q.unknown_agency is None and q.agencies == first.agencies and q.shape == "ranking"
    assert "行政许可" in alternatives(q)



@pytest.mark.parametrize("follow, extreme", [("其中哪一年最多，多少件？", "max"), ("哪一年最少？", "min"), ("哪年最多", "max"),
                                             ("And which of those years was the peak?", "max"),
                                             ("Which year was the lowest?", "min")])
def test_which_year_after_a_series_is_a_year_of_that_series(follow, extreme):
    # the years named before (not every year held), the metric before, as a series with its extreme
    _, q = _chat("我想做张图：平潭综合实验区2019年到2025年每年新收的政府信息公开申请分别是多少？", follow)
    assert q.shape == "series" and q.years == tuple(range(2019, 2026)) and not q.all_years
    assert q.operation == "lookup" and "requests.new_received.total" in q.keys and q.agencies == (("平潭综合实验区",),)
    assert q.argmax if extreme == "max" else q.argmin


def test_two_figures_asked_one_after_another_are_added_when_asked_together():
    # "两个加起来是多少？": the two metrics the conversation asked for, of the agency and year in context
    *_, q = _chat("平潭综合实验区2023年行政处罚决定有多少件？", "行政强制呢？", "两个加起来是多少？")
    assert q.operation == "sum" and len(q.parts) == 2 and q.years == (2023,)
    assert {s.key for p in q.parts for s in p if s.key} >= {"proactive.penalty.decisions", "proactive.enforcement.decisions"}


def test_a_share_asked_after_a_part_is_the_part_over_the_whole_before_it():
    *_, q = _chat("平潭综合实验区2024年收到多少信息公开申请？", "其中予以公开的有几件？", "占比是多少？")
    assert q.operation == "ratio" and len(q.parts) == 2
    assert "予以公开" in {s.text for s in q.parts[0]} and "予以公开" not in {s.text for s in q.parts[1]}


def test_a_change_asked_alone_is_between_the_last_two_years_named():
    *_, q = _chat("淮安市洪泽区2023年行政处罚决定多少件？", "2024年呢？", "降了百分之多少？")
    assert q.operation == "percent_change" and q.years == (2023, 2024)
    assert q.agencies == (("淮安市洪泽区人民政府",),)


@pytest.mark.parametrize("follow", ["这一项2024年是多少？", "该项2024年呢？"])
def test_words_pointing_at_the_metric_before_take_it(follow):
    _, q = _chat("平潭综合实验区2023年行政许可决定多少件？", follow)
    assert q.years == (2024,) and "proactive.licensing.decisions" in q.keys and "metric" in q.carried


def test_both_figures_added_in_other_words():
    *_, q = _chat("平潭综合实验区2023年行政处罚决定有多少件？", "行政强制呢？", "这两项加一起是多少？")
    assert q.operation == "sum" and len(q.parts) == 2


@pytest.mark.parametrize("follow", ["把2024年的也加上，一共多少？", "加上2024年的呢？", "2024年的也算上，两年合计呢"])
def test_a_year_added_to_the_figure_before_is_a_sum_of_both_years(follow):
    first, q = _chat("平潭综合实验区2023年行政诉讼有几起？", follow)
    assert q.years == (2023, 2024) and q.operation == "sum" and q.keys == first.keys and "metric" in q.carried


def test_how_a_fall_is_to_be_written_names_no_metric():
    first, second, q = _chat("平潭综合实验区2023年行政处罚多少件？", "那2024年呢？", "比上一年变化了百分之几？下降的话写成负数。")
    assert q.operation == "percent_change" and q.keys == first.keys and "metric" in q.carried


def test_the_zones_committee_said_by_its_kind_of_place_in_a_follow_up():
    first, q, again = _chat("平潭县政府2012年主动公开了多少条信息？", "同一年实验区管委会呢？", "管委会那年受理了几件依申请？")
    assert first.agencies == (("平潭县人民政府",),)
    assert q.agencies == again.agencies and len(q.agencies) == 1 and q.years == again.years == (2012,)
    assert q.agencies[0] and all(a.startswith("平潭综合实验区") for a in q.agencies[0])
    assert not any("管委会" in s.text for p in again.parts for s in p)
