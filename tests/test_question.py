"""Understanding questions: language, years, agencies (full, short, English, pinyin), metric words
and operations. The agency names are those of the reports in ../shared/corpus/real."""
from __future__ import annotations

import pytest

from qa.agencies import match_agencies, read_name
from qa.question import find_years, language_of, metric_slots, understand
from tests.conftest import REAL, SEED


def _agencies() -> list[str]:
    """Agency names as the file names of the real reports give them (agency_year.ext)."""
    names = {p.name.rsplit("_", 1)[0] for p in list(REAL.iterdir()) + list(SEED.iterdir()) if "_" in p.name}
    return sorted(names | {"平潭综合实验区管委会"})


AGENCIES = _agencies()


def alternatives(q) -> set[str]:
    return {a for s in q.slots for a in s.alternatives}


def test_language():
    assert language_of("平潭综合实验区2024年行政诉讼多少件？") == "zh"
    assert language_of("How many lawsuits did Pingtan face in 2024?") == "en"
    assert language_of("How many 行政诉讼 cases did the bureau report?") == "mixed"


@pytest.mark.parametrize("text, years", [
    ("2024年行政复议", [2024]), ("二〇二四年行政复议", [2024]), ("lawsuits in 2024", [2024]),
    ("2024年度", [2024]), ("12333智询通", []), ("2023年至2025年", [2023, 2024, 2025]),
    ("2024年比2023年", [2024, 2023]),
])
def test_years(text, years):
    assert find_years(text)[0] == years


def test_agency_name_is_read_into_places_and_department():
    n = read_name("淮安市洪泽区人民政府")
    assert (n.places, n.stems, n.government) == (("淮安市", "洪泽区"), ("淮安", "洪泽"), True)
    n = read_name("平潭综合实验区市场监督管理局")
    assert (n.places, n.department, n.government) == (("平潭综合实验区",), "市场监督管理局", False)


@pytest.mark.parametrize("mention, agency", [
    ("上海市人社局", "上海市人力资源和社会保障局"),
    ("上海市人力资源和社会保障局", "上海市人力资源和社会保障局"),
    ("淮安市", "淮安市人民政府"),
    ("洪泽区", "淮安市洪泽区人民政府"),
    ("淮安市洪泽区", "淮安市洪泽区人民政府"),
    ("平潭市场监管局", "平潭综合实验区市场监督管理局"),
    ("平潭综合实验区公安局", "平潭综合实验区公安局"),
    ("Huai'an", "淮安市人民政府"),
    ("Hongze district", "淮安市洪泽区人民政府"),
    ("the Shanghai human resources bureau", "上海市人力资源和社会保障局"),
    ("the Pingtan police", "平潭综合实验区公安局"),
])
def test_agency_mentions(mention, agency):
    assert match_agencies(f"{mention}2024年行政复议多少件", AGENCIES)[0].agency == agency


def test_a_place_alone_means_its_government():
    q = understand("Pingtan Comprehensive Experimental Zone lawsuits in 2024", AGENCIES)
    assert "平潭综合实验区管委会" in q.agencies[0] or "平潭综合实验区" in q.agencies[0]
    assert not any("局" in a for a in q.agencies[0])


def test_unknown_agency():
    assert understand("北京市2024年行政复议多少件？", AGENCIES).unknown_agency == "北京市"
    assert understand("平潭综合实验区卫健局2024年收到多少申请？", AGENCIES).unknown_agency == "卫健局"
    assert understand("How many lawsuits did Beijing face in 2024?", AGENCIES).unknown_agency == "Beijing"
    assert understand("平潭综合实验区2024年行政复议多少件？", AGENCIES).unknown_agency is None


@pytest.mark.parametrize("text, label", [
    ("打官司", "行政诉讼"), ("lawsuits", "行政诉讼"), ("sued", "行政诉讼"), ("复议", "行政复议"),
    ("reconsideration", "行政复议"), ("by fax", "传真"), ("online", "网上"), ("fees", "收费"),
    ("requests", "申请"), ("individuals", "自然人"), ("repealed", "废止"), ("repeal", "废止"),
    ("withheld", "不予公开"), ("partly disclosed", "部分公开"),
])
def test_glossary_maps_words_to_label_words(text, label):
    assert label in {a for s in metric_slots(text) for a in s.alternatives}


@pytest.mark.parametrize("text, label", [
    ("来要信息", "申请"), ("没公开", "不予公开"), ("online interviews", "在线访谈"), ("consulted", "咨询"),
    ("on site", "现场"), ("spend on", "金额"),
])
def test_colloquial_words_map_to_label_words(text, label):
    assert label in {a for s in metric_slots(text) for a in s.alternatives}


def test_gap_between_two_metrics_has_two_sides():
    q = understand("平潭综合实验区2024年行政规范性文件制发数比废止数多多少？", AGENCIES)
    assert q.operation == "gap" and len(q.parts) == 2
    assert understand("平潭综合实验区2024年行政诉讼比2023年增加了多少件？", AGENCIES).operation == "difference"
    assert understand("Pingtan lawsuits in 2023 and 2024 combined", AGENCIES).operation == "sum"


@pytest.mark.parametrize("text, years", [
    ("How many requests did Huai'an carry over into 2025?", (2024,)),
    ("淮安市从2023年结转来的申请有多少件？", (2024,)),
    ("How many requests did the Pingtan agriculture bureau carry over from 2022 into 2023?", (2023,)),
    ("What share of Pingtan's 2025 requests were carried over to 2026?", (2025,)),
    ("平潭综合实验区2022年新收申请比2021年增长了百分之几？", (2022, 2021)),
    ("平潭综合实验区2025年新收申请同比下降了多少？", (2024, 2025)),
    ("How much did Pingtan's penalties fall in 2025 compared with the previous year?", (2024, 2025)),
    ("How many requests were carried over from the previous year by Pingtan in 2023?", (2023,)),
])
def test_a_year_requests_were_carried_into_is_not_the_report_year(text, years):
    assert understand(text, AGENCIES).years == years


def test_a_kind_of_information_is_not_a_department():
    # 应急管理类信息 is a category of 平潭综合实验区's own information, not 综合执法与应急管理局
    q = understand("平潭综合实验区2019年公布应急管理类信息多少条？", AGENCIES)
    assert [set(a) for a in q.agencies] == [{"平潭综合实验区"}]
    assert match_agencies("平潭应急管理局2023年行政处罚多少件", AGENCIES)[0].agency == "平潭综合实验区综合执法与应急管理局"


def test_question_words_are_not_metric():
    q = understand("上海市人社局2011年电子邮件申请数是多少？", AGENCIES)
    assert {s.text for s in q.slots} == {"电子邮件", "申请"}


@pytest.mark.parametrize("text, operation", [
    ("平潭综合实验区2024年行政诉讼多少件？", "lookup"),
    ("上海市人社局2011年同意公开的申请占答复总数的比例是多少？", "ratio"),
    ("What percentage of requests did Huai'an grant in 2024?", "ratio"),
    ("平潭综合实验区2024年行政诉讼比2023年增加了多少件？", "difference"),
    ("洪泽区2024年申请比2023年增长了百分之多少？", "percent_change"),
    ("2024年淮安市和洪泽区哪个收到的申请更多？", "compare"),
    ("2024年哪个单位的行政复议最多？", "rank"),
    ("淮安市2024年行政复议和行政诉讼一共多少件？", "sum"),
    ("洪泽区2023年至2024年共收到多少申请？", "sum"),
])
def test_operations(text, operation):
    assert understand(text, AGENCIES).operation == operation


def test_ratio_parts():
    q = understand("上海市人社局2011年同意公开的申请占答复总数的比例是多少？", AGENCIES)
    assert len(q.parts) == 2
    assert "同意公开" in {a for s in q.parts[0] for a in s.alternatives}
    assert "答复" in {a for s in q.parts[1] for a in s.alternatives}


def test_follow_up_takes_what_it_leaves_out():
    first = understand("平潭综合实验区2024年行政诉讼多少件？", AGENCIES)
    follow = understand("那2023年呢？", AGENCIES, context=first)
    assert follow.years == (2023,) and follow.agencies == first.agencies and follow.parts == first.parts
    assert set(follow.carried) == {"agency", "metric"}
    other = understand("行政复议呢？", AGENCIES, context=first)
    assert other.years == (2024,) and "行政复议" in alternatives(other)
    by_dict = understand("那2023年呢？", AGENCIES, context={"agency": "淮安市人民政府", "year": 2024,
                                                           "question": "行政复议多少件"})
    assert by_dict.agencies == (("淮安市人民政府",),) and "行政复议" in alternatives(by_dict)


def test_two_departments_under_one_place_are_two_agencies_in_question_order():
    q = understand("2024年平潭自然资源与生态环境局比交通与建设局多收到多少件申请？", AGENCIES)
    named = [g[0] for _, g in sorted(zip(q.positions, q.agencies))]
    assert named == ["平潭综合实验区自然资源与生态环境局", "平潭综合实验区交通与建设局"]
    assert q.operation == "compare"


def test_department_words_inside_metric_words_name_the_metric():
    # 执法 of 行政执法案件 is not 综合执法与应急管理局; "enforcement" of "administrative enforcement" neither
    q = understand("平潭市场监管局2025年因属于行政执法案件不予公开的有几件？", AGENCIES)
    assert q.agencies == (("平潭综合实验区市场监督管理局",),)
    q = understand("How many administrative enforcement decisions did Hongze district make in 2024?", AGENCIES)
    assert q.agencies == (("淮安市洪泽区人民政府",),) and "行政强制" in alternatives(q)
    # but before a department ending they are the department, and they leave the metric
    q = understand("How many administrative penalty decisions did the Pingtan law enforcement and emergency "
                   "management bureau make in 2023?", AGENCIES)
    assert q.agencies == (("平潭综合实验区综合执法与应急管理局",),)
    assert "行政强制" not in alternatives(q) and "行政处罚" in alternatives(q)


def test_department_of_another_place_is_not_meant():
    # 洪泽区政府办: the district's office, not the Shanghai general office (政府办) of another place
    q = understand("洪泽区政府办2024年代表区政府受理了多少件政府信息公开申请？", AGENCIES)
    assert q.agencies[0] == ("淮安市洪泽区人民政府",)


def test_unknown_department_in_english():
    q = understand("How many requests did the Pingtan health commission receive in 2024?", AGENCIES)
    assert q.unknown_agency == "health commission"
    q = understand("How many requests did the Pingtan finance bureau receive in 2024?", AGENCIES)
    assert q.unknown_agency is None and q.agencies == (("平潭综合实验区财政金融局",),)


def test_every_department_of_a_place():
    q = understand("Which Pingtan department received the most information requests in 2024?", AGENCIES)
    assert q.all_agencies and q.operation == "rank"
    assert not understand("the share of requests which the bureau granted in 2024", AGENCIES).all_agencies


def test_measure_word_and_numbers_that_name_things():
    q = understand("上海市人社局2011年在线互动开展了多少期？", AGENCIES)
    assert q.unit == "期"
    assert "12333" in {s.text for s in understand("12333智询通的日均浏览量是多少次？", AGENCIES).slots}
    # measure words are dropped only at the ends of the wording: 阅读次数 keeps its 次
    q = understand("平潭社会事业局2024年微信公众号累计阅读次数是多少？", AGENCIES)
    assert "阅读次数" in {s.text for s in q.slots}
