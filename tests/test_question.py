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
    # a body of a place held, the body not held: named whole, never answered for the place's government
    unheld = understand("平潭综合实验区卫健局2024年收到多少申请？", AGENCIES)
    assert unheld.unknown_agency == "平潭综合实验区卫健局" and unheld.agencies == ()
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
    ("on site", "现场"), ("spend on", "金额"), ("spent on information disclosure", "支出"), ("因为需要另外制作信息而没给", "没有现成信息需要另行制作"),
    ("从前一年拖过来的", "上年结转"), ("还没判下来的", "尚未审结"), ("the increase/decrease column", "本年增/减"),
    ("经行政复议后又提起行政诉讼的", "复议后起诉"), ("withheld on trade-secret grounds", "商业秘密"),
    ("withheld to protect personal privacy", "个人隐私"), ("先复议、然后又去法院起诉的案子", "复议后起诉"),
    ("申请被拒了的", "不予公开"), ("说手里没这个信息的", "不掌握相关政府信息"), ("逾期不补正、公安就不管了的", "逾期不补正"),
    ("从事政府信息公开工作的人员有几名", "工作人员"),
])
def test_colloquial_words_map_to_label_words(text, label):
    assert label in {a for s in metric_slots(text) for a in s.alternatives}


@pytest.mark.parametrize("text", ["淮安市政府2024年的申请里，被拒了、也就是“不予公开”的一共几件？",
                                  "淮安市政府2024年的申请里，没给的，即不予公开的有几件？"])
def test_words_restated_in_the_reports_term_are_one_metric(text):
    q = understand(text, AGENCIES)
    assert q.operation == "lookup" and len(q.parts) <= 1
    assert "不予公开" in {a for s in q.slots for a in s.alternatives}


@pytest.mark.parametrize("said", ["的年报是Markdown版的，", "PDF版年报里", "的扫描件上", "（网页版）"])
def test_the_file_format_the_asker_has_names_no_metric(said):
    q = understand(f"淮安市政府2024年{said}予以公开的申请是多少件？", AGENCIES)
    assert {s.text for s in q.slots} <= {"予以公开", "申请", "年报"}, q.slots


def test_the_askers_own_arithmetic_names_nothing():
    q = understand("垫江县2024年报里说“共收到申请91件，共办结90件”，可91不等于90加4，表里“上年结转”的申请是几件？",
                   ["重庆市垫江县人民政府"])
    assert q.operation == "lookup" and not any(any(ch.isdigit() for ch in s.text) for s in q.slots)


def test_the_results_total_is_asked_by_its_row_label():
    q = understand("淮安市政府2024年申请表里“（七）总计”是多少件？", AGENCIES)
    assert "requests.result.total.total" in q.keys and q.keys[0] != "requests.new_received.total"


def test_gap_between_two_metrics_has_two_sides():
    q = understand("平潭综合实验区2024年行政规范性文件制发数比废止数多多少？", AGENCIES)
    assert q.operation == "gap" and len(q.parts) == 2
    for asked in ("多出几件", "多出来多少件", "少了几件"):  # "多出": a gap, not the first figure alone
        q = understand(f"平潭综合实验区2023年行政规范性文件，废止的比新制发的{asked}？", AGENCIES)
        assert q.operation == "gap" and len(q.parts) == 2, asked
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


@pytest.mark.parametrize("text, years", [
    ("洪澤區政府'24行政許可處理決定數量是多少", (2024,)),  # '24 straight after a Chinese word
    ("淮安市洪泽区政府2O23年在政府网站主动公开政府信息多少条", (2023,)),  # letter O for a zero
    ("洪泽区两千零二十三年的行政处罚处理决定数量是多少", (2023,)),  # a year spoken, as voice input writes it
    ("上海市人社局两千零一十一年行政诉讼有几件", (2011,)),
])
def test_a_year_typed_as_people_type_it(text, years):
    assert understand(text, AGENCIES).years == years


def test_carried_words_name_a_metric_not_a_relative_year():
    rolled = understand("Pingtan Comprehensive Pilot Zone, 2025: FOI requests rolled over into the following year?", AGENCIES)
    assert rolled.years == (2025,) and "结转下年度继续办理" in alternatives(rolled)
    came = understand("Pingtan: how many requests were carried over from the previous year into 2023?", AGENCIES)
    assert came.years == (2023,) and "上年结转" in alternatives(came) and "结转下年度继续办理" not in alternatives(came)


def test_the_previous_year_after_a_year_the_question_names_is_the_year_before_that_one():
    q = understand("In Pingtan's FY2020 report, how did administrative penalties change against the previous year?", AGENCIES)
    assert sorted(q.years) == [2019, 2020]


def test_carried_from_the_year_before_is_a_metric_not_a_relative_year():
    q = understand("平潭综合实验区2024年有几件申请是从前一年拖过来的？", AGENCIES)
    assert q.years == (2024,) and "上年结转" in alternatives(q)


def test_a_quoted_term_holding_or_stays_one_term():
    from qa.metric_parts import quoted_as_one
    assert "法人或其他组织" in quoted_as_one("若将“法人或其他组织”项下商业企业、科研机构五列加总")
    assert "信访 举报" in quoted_as_one("“信访或举报”的申请")  # 或 of the asker's own wording: no separator


def test_the_agency_as_defendant_is_what_is_asked_not_who_asks():
    q = understand("淮安市人民政府2024年作为被告的政府信息公开行政诉讼中，尚未审结的合计几件？", AGENCIES)
    assert {"行政诉讼", "尚未审结"} <= alternatives(q)
    asker = understand("作为律师想核实一下：淮安市人民政府2024年不予处理的有多少件？", AGENCIES)
    assert "律师" not in alternatives(asker)


def test_bureau_level_reports_are_every_department_of_the_place():
    q = understand("Rank the Pingtan bureau-level reports for 2024 by the number of newly received requests and report "
                   "the top three.", AGENCIES)
    assert q.all_agencies and q.shape == "ranking" and q.top_n == 3


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
    # the department's word after its ending ("Department of Transport"): still a department named
    q = understand("How many requests did the Pingtan Department of Health receive in 2024?", AGENCIES)
    assert q.unknown_agency == "Health"
    q = understand("How many requests did the Pingtan Bureau of Finance receive in 2024?", AGENCIES)
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


# ---------------------------------------------------------------- issue 9: wider understanding

def _years_held() -> dict[str, list[int]]:
    """agency -> report years, as the file names of the real reports give them (agency_year.ext)."""
    held: dict[str, set[int]] = {}
    for p in REAL.iterdir():
        agency, _, year = p.stem.rpartition("_")
        if year.isdigit():
            held.setdefault(agency, set()).add(int(year))
    return {a: sorted(ys) for a, ys in held.items()}


HELD = _years_held()
PINGTAN = "平潭综合实验区"
LATEST = max(HELD[PINGTAN])


def keys_of(q) -> set[str]:
    return {s.key for s in q.slots if s.key}


@pytest.mark.parametrize("text, same_as", [
    ("平潭綜合實驗區2024年收到多少申請？", "平潭综合实验区2024年收到多少申请？"),
    ("平潭综合实验区２０２４年行政复议多少件？", "平潭综合实验区2024年行政复议多少件？"),
    ("平潭综合实验区2024\u200b年行政\u200d复议多少件？", "平潭综合实验区2024年行政复议多少件？"),
    ("淮安市２０２４年打官司幾次", "淮安市2024年打官司几次"),
])
def test_traditional_full_width_and_invisible_characters_read_as_plain(text, same_as):
    a, b = understand(text, AGENCIES), understand(same_as, AGENCIES)
    assert (a.years, a.agencies, a.parts, a.operation) == (b.years, b.agencies, b.parts, b.operation)
    assert a.years == (2024,) and a.parts


@pytest.mark.parametrize("text", [
    "平潭综合实验区2024年打官司多少次？", "平潭综合实验区2024年被告了几次", "平潭综合实验区2024年有没有被起诉？",
    "平潭综合实验区2024年吃了几场官司", "How many lawsuits did Pingtan face in 2024?", "pingtan 2024 xingzheng susong",
    "Pingtan 2024: how often was it taken to court?",
])
def test_lawsuit_words_mean_litigation(text):
    q = understand(text, AGENCIES)
    assert "行政诉讼" in alternatives(q) and not q.not_understood
    assert "结果纠正" not in alternatives(q)  # the total, not the cases lost
    assert keys_of(q) == {"review.litigation.total"}


@pytest.mark.parametrize("text", [
    "淮安市2024年官司输了几次", "淮安市2024年行政诉讼败诉多少件", "淮安市2024年行政复议被纠错几次",
    "How many lawsuits did Huai'an lose in 2024?", "淮安市2024年复议结果被撤销的有几件",
])
def test_lost_and_corrected_mean_the_corrected_column_not_the_total(text):
    assert "结果纠正" in alternatives(understand(text, AGENCIES))


@pytest.mark.parametrize("text", [
    "淮安市2024年收了多少钱？", "淮安市2024年收费多少万元", "How much did Huai'an collect in fees in 2024?",
    "淮安市2024年行政事业性收费金额", "淮安市2024年收取费用多少元",
])
def test_fee_words_mean_fees_in_money(text):
    q = understand(text, AGENCIES)
    assert "行政事业性收费" in alternatives(q) and "proactive.fees.amount" in keys_of(q)
    assert q.unit == "元" or "fee" in text


@pytest.mark.parametrize("text", [
    "淮安市2024年依申请公开多少件", "How many FOI requests did Huai'an get in 2024?",
    "淮安市2024年收到信息公开申请多少件", "How many freedom of information requests did Huai'an receive in 2024?",
    "淮安市2024年来要信息的有多少",
])
def test_request_words_mean_requests(text):
    q = understand(text, AGENCIES)
    assert "申请" in alternatives(q) and "requests.new_received.total" in keys_of(q)


@pytest.mark.parametrize("text", ["淮安市2024年办结多少件申请", "淮安市2024年已办结的申请有几件", "淮安市2024年办理完毕多少件"])
def test_handled_means_the_results_total(text):
    assert "办理结果总计" in alternatives(understand(text, AGENCIES))


@pytest.mark.parametrize("text, label", [
    ("huaian 2024 xingzheng fuyi", "行政复议"), ("pingtan 2024 xingzhengfuyi duoshao", "行政复议"),
    ("pingtan 2024 xingzheng chufa", "行政处罚"), ("pingtan 2024 shoufei", "收费"),
])
def test_pinyin_metric_words(text, label):
    q = understand(text, AGENCIES)
    assert label in alternatives(q) and q.years == (2024,)


@pytest.mark.parametrize("text", ["淮安市2024年的公开率是多少？", "淮安市2024年信息公开申请公开率",
                                  "What was Huai'an's disclosure rate in 2024?"])
def test_disclosure_rate_is_disclosed_and_partly_disclosed_over_handled(text):
    q = understand(text, AGENCIES)
    assert q.operation == "ratio" and q.numerators == 2 and len(q.parts) == 3
    assert "予以公开" in {a for s in q.parts[0] for a in s.alternatives}
    assert "部分公开" in {a for s in q.parts[1] for a in s.alternatives}
    assert "办理结果总计" in {a for s in q.parts[2] for a in s.alternatives}


@pytest.mark.parametrize("text", ["2019年经政务公开工作机构审核的上海市政府公文主动公开率是多少？",
                                  "平潭综合实验区2020年预决算信息的公开率是多少？"])
def test_a_printed_rate_of_something_else_is_not_the_disclosure_rate(text):
    q = understand(text, AGENCIES)
    assert q.numerators == 1 and "部分公开" not in alternatives(q)


@pytest.mark.parametrize("text, operation", [
    ("淮安市2024年信息公开申请增长率是多少", "percent_change"),
    ("淮安市2024年收到的申请增长了百分之几", "percent_change"),
    ("淮安市2024年收到的申请涨了多少", "difference"),
    ("What was the growth rate of Huai'an's requests in 2024?", "percent_change"),
    ("淮安市2024年收到申请的增幅", "percent_change"), ("淮安市2024年收到申请比上年的降幅是多少", "percent_change"),
    ("淮安市2023年到2024年收到的申请下降幅度是多少", "percent_change"),
])
def test_a_change_of_one_year_is_from_the_year_before(text, operation):
    q = understand(text, AGENCIES)
    assert q.years == (2023, 2024) and q.operation == operation


@pytest.mark.parametrize("text, offset", [
    ("平潭综合实验区今年收到多少申请", 0), ("平潭综合实验区去年收到多少申请", -1),
    ("平潭综合实验区前年行政复议多少件", -2), ("How many lawsuits did Pingtan face last year?", -1),
    ("平潭综合实验区上一年度行政诉讼多少件", -1), ("平潭综合实验区三年前行政许可多少件", -3),
    ("平潭综合实验区大前年行政复议多少件", -3), ("How many requests did Pingtan receive four years ago?", -4),
    ("平潭综合实验区最新一年的年报里收到多少申请", 0), ("平潭综合实验区最近一份年报行政复议多少件", 0),
    ("How many lawsuits does Pingtan's latest annual report record?", 0),
])
def test_relative_years_count_from_the_latest_year_held(text, offset):
    q = understand(text, AGENCIES, agency_years=HELD)
    assert q.years == (LATEST + offset,) and q.relative_offset == offset and q.relative_base == "latest"
    assert str(LATEST + offset) in q.relative_year and str(LATEST) in q.relative_year
    unresolved = understand(text, AGENCIES)  # years not known: left for the answering side
    assert unresolved.years == () and unresolved.relative_offset == offset


@pytest.mark.parametrize("text", ["平潭综合实验区近三年收到多少申请", "平潭综合实验区2024年前三季度收到多少申请",
                                  "平潭综合实验区前三年收到多少申请"])
def test_a_count_of_years_is_no_years_ago(text):
    assert understand(text, AGENCIES, agency_years=HELD).relative_offset is None


def test_relative_years_of_another_agency_use_its_own_latest_year():
    q = understand("洪泽区去年收到多少申请", AGENCIES, agency_years=HELD)
    assert q.years == (max(HELD["淮安市洪泽区人民政府"]) - 1,)


def test_this_year_against_last_year_is_a_change():
    q = understand("平潭综合实验区今年比去年多收到多少申请", AGENCIES, agency_years=HELD)
    assert q.years == (LATEST - 1, LATEST) and q.operation == "difference"


@pytest.mark.parametrize("text", [
    "平潭综合实验区2023年去年结转的申请有多少", "平潭综合实验区2021年结转到下一年继续办理的申请有多少",
    "How many requests were carried over from last year by Pingtan in 2023?",
])
def test_carried_over_words_are_not_relative_years(text):
    q = understand(text, AGENCIES, agency_years=HELD)
    assert q.relative_offset is None and len(q.years) == 1


@pytest.mark.parametrize("text, years", [
    ("平潭综合实验区2019到2024年每年收到的申请", tuple(range(2019, 2025))),
    ("平潭综合实验区2019年至2024年行政复议", tuple(range(2019, 2025))),
    ("平潭综合实验区收到的申请按年份列出来", ()),
    ("平潭综合实验区行政复议的趋势", ()),
    ("平潭综合实验区历年行政诉讼", ()),
    ("Pingtan lawsuits by year", ()),
    ("平潭综合实验区2023年和2024年行政复议分别是多少", (2023, 2024)),
    ("平潭综合实验区的行政强制决定两年的数字各是多少", ()),
    ("平潭综合实验区这三年行政诉讼分别多少件", ()),
    ("How many lawsuits did Pingtan have in both years?", ()),
])
def test_series(text, years):
    q = understand(text, AGENCIES)
    assert q.shape == "series" and q.years == years and q.all_years == (not years)
    assert q.operation == "lookup" and q.parts
    assert not {"每年", "趋势", "按年份", "历年", "分别", "两年", "三年"} & {s.text for s in q.slots}


@pytest.mark.parametrize("text, high", [
    ("平潭综合实验区哪年收到的申请最多", True), ("平潭综合实验区哪一年行政诉讼最少？", False),
    ("In which year did Pingtan receive the most requests?", True), ("Which year had the fewest lawsuits in Pingtan?", False),
])
def test_which_year_is_a_series_with_its_extreme(text, high):
    q = understand(text, AGENCIES)
    assert q.shape == "series" and q.argmax == high and q.argmin == (not high) and q.operation == "lookup"


@pytest.mark.parametrize("text, first", [
    ("平潭综合实验区2019年以来收到的申请", 2019), ("Pingtan lawsuits since 2020", 2020), ("平潭综合实验区2021年至今的行政复议", 2021),
])
def test_since_a_year_is_a_series_up_to_the_latest_year_held(text, first):
    q = understand(text, AGENCIES, agency_years=HELD)
    assert q.shape == "series" and q.years == tuple(range(first, LATEST + 1))
    assert not {"以来", "至今"} & {s.text for s in q.slots}


@pytest.mark.parametrize("text, shape, operation", [
    ("Pingtan lawsuits between 2019 and 2024", "series", "lookup"),
    ("洪泽区2023年和2024年收到多少申请", "series", "lookup"),
    ("洪泽区2023年和2024年共收到多少申请", "single", "sum"),
    ("洪泽区2024年比2023年多收到多少申请", "single", "difference"),
])
def test_several_years_without_a_sum_or_change_are_a_series(text, shape, operation):
    q = understand(text, AGENCIES)
    assert (q.shape, q.operation) == (shape, operation) and len(q.years) >= 2


def test_cumulative_figures_are_not_series():
    q = understand("平潭综合实验区2011年网站公开信息历年累计多少条？", AGENCIES)
    assert q.shape == "single" and q.years == (2011,)


@pytest.mark.parametrize("text, labels", [
    ("淮安市2024年行政许可、行政处罚、行政强制分别是多少", ["行政许可", "行政处罚", "行政强制"]),
    ("淮安市2024年申请数和办结数分别是多少", ["申请", "办理结果总计"]),
    ("淮安市2024年行政复议和行政诉讼各多少件", ["行政复议", "行政诉讼"]),
    ("How many requests and how many lawsuits did Huai'an have in 2024?", ["申请", "行政诉讼"]),
])
def test_list_of_metrics(text, labels):
    q = understand(text, AGENCIES)
    assert q.shape == "list" and len(q.metrics) == len(labels)
    for metric, label in zip(q.metrics, labels):
        assert label in {a for s in metric for a in s.alternatives}


@pytest.mark.parametrize("text", ["平潭综合实验区2024年复议后起诉、结果维持的有多少件？",
                                  "平潭综合实验区2014年信函、传真申请数是多少？"])
def test_a_label_with_a_pause_mark_is_one_metric(text):
    assert understand(text, AGENCIES).shape == "single"


@pytest.mark.parametrize("text, n", [
    ("2024年平潭哪三个部门收到的申请最多", 3), ("2024年平潭收到申请前三的部门", 3),
    ("2024年平潭收到申请最多的是哪个部门", 1), ("top 5 Pingtan departments by requests in 2024", 5),
    ("Which three Pingtan departments received the most requests in 2024?", 3),
    ("2024年平潭各部门收到申请排名", None), ("2024年平潭收到申请最少的两个部门", 2),
])
def test_ranking_with_its_n(text, n):
    q = understand(text, AGENCIES)
    assert q.shape == "ranking" and q.operation == "rank" and q.top_n == n and q.all_agencies
    assert "申请" in alternatives(q)


@pytest.mark.parametrize("text", ["asdfgh", "😀", "exit now please", "hello?", "平潭综合实验区2024年", "谢谢！", "你好",
                                  "退出"])
def test_no_metric_is_not_understood(text):
    q = understand(text, AGENCIES)
    assert q.not_understood and not q.parts


def test_recognised_says_what_was_understood():
    q = understand("平潭综合实验区2024年", AGENCIES)
    assert ("year", "2024") in q.recognised and any(k == "agency" for k, _ in q.recognised)


def test_a_qualifier_said_once_is_said_of_every_metric_of_a_list():
    q = understand("淮安市2024年行政许可、行政处罚、行政强制的处理决定数分别是多少", AGENCIES)
    assert q.shape == "list" and all("处理决定" in {a for s in m for a in s.alternatives} for m in q.metrics)


def test_script_reads_traditional_and_full_width_characters():
    from qa.script import normalise, to_simplified
    assert to_simplified("政府資訊公開申請") == "政府信息公开申请"  # Taiwan's 資訊 is the mainland's 信息
    assert to_simplified("网路资料") == "网路资料"  # a simplified text is left as it is written
    assert to_simplified("How many requests?") == "How many requests?"
    assert normalise("２０２４年\u200b行政復議\ufeff") == "2024年行政复议"


# ---------------------------------------------------------------- issue 9, first blind batch: classes of misreading


def test_two_digit_years_before_nian():
    assert find_years("洪泽区22年行政复议几件")[0] == [2022]
    assert find_years("平潭21、22两年的申请数")[0] == [2021, 2022]
    assert find_years("淮安19到21年每年的诉讼")[0] == [2019, 2020, 2021]
    for counted in ("近10年", "第5年", "前3年", "12333热线24小时"):
        assert find_years(counted)[0] == []


def test_a_shortened_or_mistyped_division_word_is_part_of_the_name():
    q = understand("平潭实验区2022年行政诉讼几件", AGENCIES)
    assert len(q.agencies) == 1 and "平潭综合实验区" in q.agencies[0] and "平潭县人民政府" not in q.agencies[0]
    assert "实验区" not in {s.text for s in q.slots}
    slip = understand("平潭综合试验区2023年行政复议几件", AGENCIES)
    assert "平潭综合实验区" in slip.agencies[0] and "平潭县人民政府" not in slip.agencies[0]
    assert slip.agency_corrections == (("平潭综合试验区", "平潭综合实验区"),)


def test_a_label_with_a_relative_year_word_is_not_a_year():
    q = understand("平潭综合实验区2021年行政许可上一年项目数量是多少", AGENCIES)
    assert q.years == (2021,)


def test_pinyin_place_with_its_division_and_pinyin_departments():
    q = understand("hongzequ 2024 xingzheng fuyi", AGENCIES)
    assert q.agencies == (("淮安市洪泽区人民政府",),)
    dept = understand("pingtan gonganju 2022 zhudong gongkai", AGENCIES)
    assert dept.agencies == (("平潭综合实验区公安局",),)
    unknown = understand("pingtan weijianju 2024 xingzheng xuke", AGENCIES)
    assert unknown.unknown_agency == "weijianju"
    english = understand("How many requests to Hongze district in 2024 required creating new information?", AGENCIES)
    assert english.unknown_agency is None


def test_minus_asks_for_a_gap():
    q = understand("平潭综合实验区2022年规范性文件制发数减去废止数是多少", AGENCIES)
    assert q.operation == "gap" and len(q.parts) == 2


def test_ordering_words_and_every_bureau_ask_for_a_ranking():
    q = understand("2024年平潭各局收到的申请从少到多排一下序", AGENCIES)
    assert q.shape == "ranking" and q.low
    units = understand("平潭2024年行政复议最多的前两个单位", AGENCIES)
    assert units.shape == "ranking" and units.top_n == 2
    assert "单位" not in {s.text for s in units.slots}


def test_a_rate_spelt_out_in_brackets_is_still_the_rate():
    q = understand("平潭2024年依申请公开率（予以公开加部分公开占办理结果）是多少", AGENCIES)
    assert q.operation == "ratio" and q.numerators == 2 and len(q.parts) == 3


def test_a_fee_is_asked_in_money():
    assert understand("上海市人社局2011年交了多少复制费", AGENCIES).unit == "元"
    assert understand("平潭综合实验区2021年收费项目有多少个", AGENCIES).unit == "个"


def test_since_a_year_up_to_a_year():
    q = understand("平潭综合实验区2020年以来每年的行政复议（到2023年）", AGENCIES)
    assert q.years == (2020, 2021, 2022, 2023) and q.shape == "series"


def test_a_metric_word_misspelt_by_one_same_sounding_character_is_put_right_and_said():
    from qa.metric_words import homophone_fixes

    assert homophone_fixes("新收申清多少件") == ("新收申请多少件", (("申清", "申请"),))
    assert homophone_fixes("行政复义总计")[1] == (("行政复义", "行政复议"),)
    # words of their own, and characters that do not sound alike, are left as written
    assert homophone_fixes("网上调查分别搞了多少")[1] == ()
    assert homophone_fixes("申报多少件")[1] == ()


def test_a_one_character_county_is_a_place():
    from qa.agencies import match_agencies, read_name

    assert read_name("温县人民政府").places == ("温县",)
    names = ["温县人民政府", "淮安市洪泽区人民政府"]
    assert [m.agency for m in match_agencies("焦作温县2022年收到多少申请", names)] == ["温县人民政府"]
    assert match_agencies("孟州市人民政府2023年收到多少申请", names) == []


def test_the_rest_of_an_agencys_abbreviation_names_no_metric():
    q = understand("西安高新区2024年行政许可和行政处罚分别是多少？", ["西安高新技术产业开发区"])
    assert q.agencies == (("西安高新技术产业开发区",),)
    assert [tuple(s.text for s in m) for m in q.metrics] == [("行政许可",), ("行政处罚",)]


def test_a_city_is_not_read_as_a_one_character_place():
    from qa.agencies import read_name

    assert read_name("广州市花都区人民政府").places == ("广州市", "花都区")


def test_a_year_counted_from_a_named_year():
    assert understand("平潭综合实验区2024年的上一年，行政处罚决定数量是多少？", AGENCIES).years == (2023,)
    assert understand("How many lawsuits did Pingtan face in the year before 2024?", AGENCIES).years == (2023,)
    assert understand("平潭综合实验区2023年的下一年行政复议多少件", AGENCIES).years == (2024,)
    # 上一年结转 is what the 2024 report counts, not a year
    assert understand("平潭综合实验区2024年的上一年结转申请有几件", AGENCIES).years == (2024,)


def test_an_abbreviation_with_its_bodys_suffix_names_no_metric():
    q = understand("西安高新区管委会2024年新收申请多少件？", ["西安高新技术产业开发区", "平潭综合实验区"])
    assert q.agencies == (("西安高新技术产业开发区",),)
    assert not any("管委会" in s.text or "高新区" in s.text for s in q.slots)


def test_zhan_with_a_measure_word_asks_a_count_not_a_share():
    assert understand("平潭综合实验区2024年新收申请中自然人占多少件？", AGENCIES).operation == "lookup"
    assert understand("平潭综合实验区2024年新收申请中自然人占多少？", AGENCIES).operation == "ratio"


def test_carried_over_into_a_year_from_the_previous_year_is_that_years_carried_over():
    q = understand("How many disclosure requests were carried over into 2019 from the previous year at the Shanghai "
                   "municipal government general office?", AGENCIES)
    assert q.years == (2019,) and "from the previous year in 2019" in q.text
    assert understand("How many requests did Pingtan carry over into 2025?", AGENCIES).years == (2024,)


def test_tax_asked_is_money():
    assert understand("平潭地税局2013年给下岗失业人员减免了多少税款", AGENCIES).unit == "元"


def test_last_year_of_an_agency_whose_only_report_is_the_latest():
    years = {"宁夏回族自治区自然资源厅": [2024], "淮安市洪泽区人民政府": [2023, 2024]}
    agencies = list(years)
    only = understand("自治区自然资源厅去年行政许可办了多少件", agencies, agency_years=years)
    assert only.years == (2024,) and "2024" in only.relative_year
    assert not any(s.text == "自治区" for s in only.slots)
    both = understand("洪泽区去年新收的信息公开申请有多少", agencies, agency_years=years)
    assert both.years == (2023,)


@pytest.mark.parametrize("text, word", [
    ("报告里说平潭综合实验区2024年行政处罚是1330件，对吗？不对的话是多少", "行政处罚"),
    ("有稿子写淮安市政府2024年开了15场新闻发布会，是不是这个数", "新闻发布会"),
    ("我们洪泽2024年度行政许可决定几件来着", "行政许可"),
    ("有人说洪泽区2024年新收的信息公开申请超过100件，是不是？", "新收"),
    ("上海市政府办公厅2019年受理的政府信息公开申请有900多件吗", "受理"),
    ("请核实：二〇二四年洪泽区行政许可处理决定数量是否为九千四百八十七件", "行政许可"),
    ("有报道称洪泽区2023年行政处罚决定有1200件，报告里真是这样写的吗", "行政处罚"),
    ("网传平潭综合实验区2024年开了15场新闻发布会，是真的吗", "新闻发布会"),
    ("一篇文章里说淮安市政府2024年行政许可9487件，这和表格对得上吗", "行政许可"),
])
def test_a_figure_the_question_states_and_its_chatter_name_no_metric(text, word):
    q = understand(text, AGENCIES)
    said = alternatives(q)
    assert word in said and not said & {"1330件", "15场", "我们", "来着", "有稿子写", "这个数", "对吗"}
    assert not any(w in s.text for s in q.slots for w in ("报道", "网传", "文章", "写", "真", "对得上", "表格"))
    assert not any(ch.isdigit() or ch in "九千百" for s in q.slots for ch in s.text)
    assert not any(s.text.startswith(("有人", "为", "有9")) for s in q.slots)


def test_more_of_an_agencys_name_said_apart_is_no_metric_nor_a_unit():
    agencies = AGENCIES + ["株洲市公安局天元分局", "鄂尔多斯市东胜区行政审批和政务服务局"]
    branch = understand("How many new disclosure requests did the Tianyuan branch of the Zhuzhou public security "
                        "bureau receive from businesses in 2023?", agencies)
    assert branch.agencies == (("株洲市公安局天元分局",),) and branch.unit is None  # Tianyuan is no yuan
    assert "businesses" in {s.text for s in branch.slots}
    ordos = understand("How many requests did the Dongsheng District administrative approval bureau in Ordos "
                       "partly disclose in 2023?", agencies)
    assert ordos.agencies == (("鄂尔多斯市东胜区行政审批和政务服务局",),)
    assert "requests.result.partly_disclosed.total" in keys_of(ordos) and "鄂尔多斯" not in alternatives(ordos)
    money = understand("How many yuan did the Tianyuan branch of the Zhuzhou public security bureau charge in 2023?", agencies)
    assert money.unit == "元"


@pytest.mark.parametrize("text", ["洪泽区2024年年报表四里，行政复议“总计”一栏填的是多少？",
                                  "洪泽区2024年第四张表中行政复议总计是多少"])
def test_the_table_a_question_points_at_is_no_metric(text):
    q = understand(text, AGENCIES)
    assert "review.reconsideration.total" in keys_of(q)
    assert not any("表" in s.text for s in q.slots)


@pytest.mark.parametrize("text", [
    "我们栏目在做政务公开专题。洪泽区2024年行政处罚决定有多少件？和2023年相比是增加还是减少？",
    "我们做一期关于行政处罚的节目：洪泽区2024年行政处罚决定有多少件？跟2023年比是多了还是少了？",
    "记者估计洪泽区2024年行政处罚差不多有三千来件，想确认一下：2024年到底多少件？比2023年是上升还是下降？",
    "洪泽区2024年行政处罚决定有多少件？比2023年是上升还是下降？听说翻了好几倍。",
])
def test_a_story_around_a_question_that_asks_twice_names_no_metric(text):
    q = understand(text, AGENCIES)
    assert q.operation == "difference" and set(q.years) == {2023, 2024}
    assert "行政处罚" in alternatives(q)
    assert not any(w in s.text for s in q.slots for w in ("节目", "栏目", "专题", "估计", "差不多", "确认", "还", "倍", "三千"))


def test_a_large_figure_said_in_words_is_a_stated_figure():
    q = understand("平潭综合实验区2024年行政事业性收费金额是多少？是不是比上一年的一亿八千多万少？", AGENCIES)
    assert not any(ch in s.text for s in q.slots for ch in "亿千万")


def test_a_place_said_with_a_division_word_it_does_not_have_is_a_slip():
    slip = understand("怀安市政府2024年收了多少信息处理费", AGENCIES)  # 怀安 is a 县: no 怀安市
    assert slip.agencies == (("淮安市人民政府",),) and slip.agency_corrections == (("怀安", "淮安"),)
    real = understand("怀安县政府2024年收了多少信息处理费", AGENCIES)
    assert real.agencies == () and real.unknown_agency


def test_a_department_short_name_misspelt_by_its_sound():
    q = understand("上海人设局2011年当面申请有多少件", AGENCIES)
    assert q.agencies == (("上海市人力资源和社会保障局",),)


def test_a_place_said_twice_is_read_where_it_stands_with_the_place_above_it():
    q = understand("作为洪泽区的人大代表，我想了解一下：淮安市洪泽区2024年行政复议有几件？", AGENCIES)
    assert q.agencies == (("淮安市洪泽区人民政府",),)


def test_that_year_after_a_year_the_question_names_is_that_year():
    q = understand("洪泽区2022年的年报有没有？那一年洪泽区收到了多少件申请？", AGENCIES)
    assert q.years == (2022,) and q.relative_year is None


def test_a_ranking_that_asks_for_every_figure_too_lists_them_all():
    both = understand("平潭综合实验区各部门2024年行政规范性文件本年制发件数分别是多少？哪个部门制发得最多？", AGENCIES)
    assert both.shape == "ranking" and both.top_n is None
    one = understand("平潭综合实验区2024年行政规范性文件本年制发件数最多的是哪个部门？", AGENCIES)
    assert one.shape == "ranking" and one.top_n == 1


def test_another_district_of_the_agencys_city_is_another_agency():
    agencies = AGENCIES + ["石嘴山市惠农区人民政府"]
    other = understand("石嘴山市大武口区人民政府2023年新收政府信息公开申请多少件？", agencies)
    assert other.agencies == () and other.unknown_agency
    own = understand("石嘴山市惠农区2023年新收政府信息公开申请多少件？", agencies)
    assert own.agencies == (("石嘴山市惠农区人民政府",),)


def test_a_zone_named_in_english_with_its_places_english_name():
    agencies = AGENCIES + ["喀什经济开发区"]
    q = understand("How many requests did the Kashgar Economic Development Zone receive in 2022?", agencies)
    assert q.agencies == (("喀什经济开发区",),)


def test_a_reform_zone_translated_into_english_with_its_province_in_pinyin():
    agencies = AGENCIES + ["山西转型综合改革示范区", "山西省人民政府"]
    for text in ("How many lawsuits did the Shanxi Transformation and Comprehensive Reform Demonstration Zone face in 2021?",
                 "How many items did the Shanxi comprehensive reform zone disclose in 2021?"):
        assert understand(text, agencies).agencies == (("山西转型综合改革示范区",),), text


def test_a_government_named_is_not_one_of_its_departments():
    agencies = AGENCIES + ["四平市卫生健康委员会"]
    for said in ("四平市人民政府", "四平市政府"):
        q = understand(f"{said}2024年行政复议总计多少件？", agencies)
        assert q.agencies == () and q.unknown_agency
    assert understand("四平市卫健委2024年行政复议总计多少件？", agencies).agencies == (("四平市卫生健康委员会",),)
    # nor a department of a zone named after the city (长春新区's 行政审批局 is not 长春市人民政府)
    agencies = AGENCIES + ["长春新区行政审批局"]
    assert not understand("长春市人民政府2024年收到多少件政府信息公开申请？", agencies).agencies
    assert understand("长春新区行政审批局2024年收到多少件申请", agencies).agencies == (("长春新区行政审批局",),)
    office = understand("2019年上海市政府的行政复议有多少件？", AGENCIES)  # its 办公厅 reports for it
    assert office.agencies == (("上海市人民政府办公厅",),)


def test_a_place_read_by_another_of_its_characters_readings():
    q = understand("How many lawsuits did Changzhi face in 2024?", AGENCIES + ["长治市人民政府"])
    assert q.agencies == (("长治市人民政府",),)


def test_a_zone_whose_place_ends_in_a_word_english_translates():
    agencies = AGENCIES + ["钦州港经济技术开发区管理委员会"]
    for text in ("Qinzhou Port zone 2021: how many administrative penalty decisions were made?",
                 "How many penalty decisions did the Qinzhou Port Economic and Technological Development Zone make in 2021?"):
        assert understand(text, agencies).agencies == (("钦州港经济技术开发区管理委员会",),)


@pytest.mark.parametrize("text, word", [
    ("在淮安市人民政府2024年报告第四部分“政府信息公开行政复议、行政诉讼情况”表中，行政复议“结果纠正”件数占行政复议"
     "“总计”的比例是多少？请保留两位小数。", "结果纠正"),
    ("平潭综合实验区2024年度报告“本年度办理结果”一栏中，“（三）不予公开”项下各细分理由在总计列上之和为多少件？",
     "不予公开"),
    ("请问淮安市人民政府2024年度申请办理结果中，“予以公开”与“部分公开”两项之和占“（七）总计”的比例为多少？"
     "请以百分比表示并保留两位小数。", "予以公开"),
])
def test_a_formal_question_names_the_part_of_the_report_and_the_format_not_a_metric(text, word):
    q = understand(text, AGENCIES)
    assert word in alternatives(q)
    assert not any(w in s.text for s in q.slots for w in ("第四部分", "报告", "小数", "百分比", "细分", "之和", "两项", "栏"))


def test_a_term_with_a_conjunction_inside_is_one_thing_to_add():
    q = understand("淮安市2024年法人或其他组织共提出多少申请？", AGENCIES)
    assert len(q.parts) == 1 and "法人或其他组织" in alternatives(q)
    both = understand("淮安市2024年予以公开和部分公开一共多少件？", AGENCIES)
    assert both.operation == "sum" and len(both.parts) == 2


def test_a_year_at_the_end_of_an_english_sentence_and_pinyin_with_tone_marks():
    q = understand("Give me Pingtan's yearly number of administrative reconsideration cases, 2021 through 2025.", AGENCIES)
    assert q.years == (2021, 2022, 2023, 2024, 2025)
    toned = understand("By how many did new requests to the Hóngzé District government rise between 2023 and 2024?", AGENCIES)
    assert toned.agencies == (("淮安市洪泽区人民政府",),) and toned.years == (2023, 2024)


def test_where_unfinished_requests_go_is_no_year():
    q = understand("淮安市里24年没办完、挪到下一年接着办的申请有多少个？", AGENCIES)
    assert q.years == (2024,) and "requests.carried_forward.total" in keys_of(q) or "结转下年度继续办理" in alternatives(q)
    assert q.years == (2024,)


def test_a_city_government_listed_before_one_of_its_districts_is_its_own_agency():
    q = understand("Rank Huai'an city government, Hongze District and the Pingtan zone by new requests in 2024.", AGENCIES)
    named = {a for g in q.agencies for a in g}
    assert {"淮安市人民政府", "淮安市洪泽区人民政府"} <= named


def test_the_departments_listed_after_their_place_are_the_agencies_not_the_place():
    q = understand("把平潭综合实验区2024年3个部门年报（投资促进局、社会事业局、财政金融局）的本年新收申请加起来，一共多少",
                   AGENCIES)
    assert {g[0] for g in q.agencies} == {"平潭综合实验区投资促进局", "平潭综合实验区社会事业局", "平潭综合实验区财政金融局"}
    assert q.operation == "sum" and not any("年报" in s.text for s in q.slots)
    these = understand("平潭2024年这7个部门年报里现行有效的行政规范性文件件数合计是多少？", AGENCIES)
    assert these.all_agencies


@pytest.mark.parametrize("text, word", [("洪泽那边23年收信息处理费没得？收了好多钱", "信息处理费"),
                                        ("听讲平潭24年把一批没人管的政务新媒体关了，关了几个嘛？", "新媒体"),
                                        ("有消息说平潭综合实验区2024年收了5000元信息处理费，年报里写的是多少？", "信息处理费"),
                                        ("平潭综合实验区2023年报告正文说收取信息处理费500元，对吗？", "信息处理费"),
                                        ("网上流传平潭综合实验区2022年行政许可处理决定只有1069件，帮忙核对一下？", "行政许可"),
                                        ("坊间传言平潭综合实验区2022年行政许可竟有一万多件？", "行政许可"),
                                        ("稿件原文：“淮安市2024年行政事业性收费约9.6亿元。”请核一下报告里的准确金额。", "行政事业性收费"),
                                        ("“洪泽区2023年作出行政处罚决定4191件”——这句里的数字请按年报改正。", "行政处罚"),
                                        ("Draft line: 平潭综合实验区2025年全区共收到政府信息公开申请145件。请给我报告里的正确数字。", "新收"),
                                        ("淮安市政府2024年的申请想必是全部予以公开了吧？既然这么透明，予以公开的到底是多少件？", "予以公开")])
def test_dialect_and_hearsay_words_name_no_metric(text, word):
    q = understand(text, AGENCIES)
    assert word in alternatives(q)
    assert not any(w in s.text for s in q.slots
                   for w in ("没得", "好多", "听讲", "消息", "有效", "说", "流传", "传言", "只有", "竟有", "亿", "句里",
                             "改正", "想必", "既然", "透明", "准确", "draft"))


def test_the_report_named_by_when_it_was_published():
    years = {"淮安市人民政府": [2024], "淮安市洪泽区人民政府": [2023, 2024]}
    q = understand("洪泽区在2025年1月发的年报里，去年一共作出多少起行政处罚？", AGENCIES, agency_years=years)
    assert q.years == (2024,)
    en = understand("In the report Hongze published in January 2024, how many penalty decisions were made?", AGENCIES,
                    agency_years=years)
    assert en.years == (2023,)


def test_figures_stated_before_the_question_say_what_is_asked_not_a_list():
    q = understand("有人说洪泽区2024年行政诉讼46件、其中结果维持20件，维持的到底有几件？", AGENCIES)
    assert q.shape == "single" and q.operation == "lookup"
    assert {"行政诉讼", "维持"} <= alternatives(q) or {"诉讼", "维持"} <= alternatives(q)
    listed = understand("洪泽区2024年行政诉讼、行政复议分别是多少件？", AGENCIES)
    assert listed.shape == "list"  # asked one by one, no figure stated: still a list


@pytest.mark.parametrize("text", ["Pingtan 2023 licensing decisions plus penalty decisions",
                                  "平潭2023年行政许可+行政处罚"])
def test_plus_splits_the_addends(text):
    q = understand(text, AGENCIES)
    assert q.operation == "sum" and len(q.parts) == 2


def test_who_sued_is_not_a_column_of_the_lawsuits_table():
    sued = understand("洪泽区2024年有没有因为信息公开被老百姓告上法庭？一共几起", AGENCIES)
    assert "review.litigation.total" in keys_of(sued) and "老百姓" not in alternatives(sued)
    asked = understand("洪泽区2024年老百姓提了多少申请", AGENCIES)
    assert "老百姓" in alternatives(asked)  # the requests table has the column: the word stays


def test_agencies_pointed_at_are_not_an_unknown_agency():
    q = understand("2023年平潭这几个局（农业农村局、旅游与文化体育局、综合执法与应急管理局）行政处罚决定数排个名", AGENCIES)
    assert q.unknown_agency is None and len(q.agencies) == 3 and q.shape == "ranking"
    top = understand("2024年平潭哪几个部门收到的信息公开申请最多，列前四", AGENCIES)
    assert top.top_n == 4 and not any("前" in s.text for s in top.slots)


def test_a_ranking_may_list_many_departments():
    q = understand("2024年平潭区直这几个部门（投资促进局、行政审批局、交通与建设局、管委会办公室、社会事业局、"
                   "自然资源与生态环境局、财政金融局）本年制发的规范性文件数从高到低", AGENCIES)
    assert len(q.agencies) == 7 and q.unknown_agency is None and q.shape == "ranking"
    assert not alternatives(q) & {"区直", "部门"}


def test_questions_asked_one_after_another_are_a_list():
    q = understand("平潭市场监管局2025年收到几件信息公开申请？结转下年度几件？", AGENCIES)
    assert q.shape == "list" and len(q.metrics) == 2
    one = understand("平潭市场监管局2025年收到几件信息公开申请？", AGENCIES)
    assert one.shape == "single"


def test_an_instruction_after_the_question_is_not_an_item():
    q = understand("平潭市场监督管理局2025年通知申请人交的信息处理费是多少钱？实际收到多少？先说通知的金额", AGENCIES)
    assert not any("先说" in s.text for m in q.metrics for s in m)


@pytest.mark.parametrize("cantonese, mandarin", [
    ("平潭綜合實驗區2024年收咗幾多宗資訊公開申請呀？", "平潭综合实验区2024年收了多少件信息公开申请呀?"),
    ("洪澤區2024年有冇人為咗資訊公開告佢哋？", "洪泽区2024年有没有人为了信息公开告他们?"),
    ("有幾多宗係維持原決定嘅", "有多少件是维持原决定的"),
    # 咩 (what), 俾錢 (pay), 一蚊 (one yuan); 複製費 stays the tables' 复制费 (Taiwan's phrase table makes it 拷贝费)
    ("上海人社局2011年收咗啲咩費？複製費收咗幾多錢？", "上海人社局2011年收了什么费?复制费收了多少钱?"),
    ("洪泽區2023年申請信息公開，係唔係要俾錢？", "洪泽区2023年申请信息公开,是不是要交钱?"),
    ("咁佢最後實際收咗幾多錢呀？係唔係一蚊都冇收到？", "那他最后实际收了多少钱呀?是不是一元都没有收到?"),
    # Shanghainese: 伊拉 (they), 几桩 (how many cases), 几化钞票 (how much money), 阿拉屋里厢 (our family)
    ("伊拉因为政府信息公开被人家申请行政复议有几桩啊？", "他们因为政府信息公开被人家申请行政复议有几件啊?"),
    ("阿拉屋里厢讲，收了几化钞票？", "我们家里讲,收了多少钱?"),
])
def test_cantonese_words_are_read_as_mandarin(cantonese, mandarin):
    from qa.script import normalise

    assert normalise(cantonese) == mandarin


def test_mandarin_without_cantonese_words_is_unchanged():
    from qa.script import to_mandarin

    assert to_mandarin("平潭2024年关系系统中收到几宗申请") == "平潭2024年关系系统中收到几宗申请"


def test_a_bare_kind_of_division_names_the_one_place_of_that_kind():
    q = understand("实验区2024年各部门年报里，新收依申请件数排前四的是哪几个部门", AGENCIES)
    assert q.unknown_agency is None and q.agencies == (("平潭综合实验区",),) and q.top_n == 4
    assert ("实验区", "平潭综合实验区") in q.agency_corrections


def test_the_government_word_alone_beside_a_department_is_its_places_government():
    q = understand("财政金融局2024年报的行政事业性收费和管委会2024年报的收费数差多少元", AGENCIES)
    assert q.agencies == (("平潭综合实验区财政金融局",), ("平潭综合实验区",)) and q.operation == "compare"
    one = understand("平潭财政金融局2024年政府信息公开申请多少件", AGENCIES)
    assert one.agencies == (("平潭综合实验区财政金融局",),)


def test_an_item_said_of_them_takes_the_words_of_the_item_before():
    q = understand("How many FOI lawsuits were filed against Pingtan in 2024 after an administrative review, "
                   "and how many of them did the government win outright?", AGENCIES)
    assert q.shape == "list" and len(q.metrics) == 2
    first, second = ({a for s in m for a in s.alternatives} for m in q.metrics)
    assert "复议后起诉" in first and {"复议后起诉", "结果维持"} <= second


def test_where_in_the_table_names_no_metric():
    q = understand("平潭综合实验区2023年报表里行政复议“总计”一栏填的是多少？", AGENCIES)
    assert [s.text for s in q.slots] == ["行政复议"]


def test_follow_ups_counting_years_back_and_a_place_own_level():
    first = understand("How many new disclosure requests did Pingtan receive in 2024?", AGENCIES)
    back = understand("and two years before that?", AGENCIES, context=first)
    assert back.years == (2022,) and back.agencies == first.agencies and back.parts == first.parts
    assert understand("那再往前推三年呢", AGENCIES, context=first).years == (2021,)
    county = understand("洪泽区2024年新收政府信息公开申请多少件", AGENCIES)
    city = understand("淮安市本级呢", AGENCIES, context=county)
    assert city.agencies == (("淮安市人民政府",),) and city.years == (2024,) and city.parts == county.parts


@pytest.mark.parametrize("text, key", [
    ("partial_disclosure_count pingtan 2024", "requests.result.partly_disclosed"),
    ("new_requests_received for Huai'an 2024", "requests.new_received"),
])
def test_column_names_guessed_in_snake_case_are_words(text, key):
    q = understand(text, AGENCIES)
    assert q.agencies and q.years == (2024,) and not any("_" in s.text for s in q.slots)
    assert any((s.key or "").startswith(key) for s in q.slots), [(s.text, s.key) for s in q.slots]


def test_a_negated_cumulative_is_the_years_own_figure():
    q = understand("平潭综合实验区历年主动公开文件数（当年的，不要累计）", AGENCIES)
    assert q.shape == "series" and not any("累计" in s.text for s in q.slots)
    assert any("累计" in s.text for s in understand("平潭综合实验区2016年主动公开文件数历年累计", AGENCIES).slots)


def test_an_order_such_as_an_duo_dao_shao_pai_is_not_a_metric():
    q = understand("2024年平潭各个部门收到信息公开申请最多的前四个，按多到少排", AGENCIES)
    assert q.shape == "ranking" and q.top_n == 4 and not q.low
    assert not any("排" in s.text or "多到少" in s.text for s in q.slots)
    assert understand("2024年平潭各部门收到的申请按少到多排", AGENCIES).low


@pytest.mark.parametrize("text, units", [
    ("淮安市2024年予以公开的有几件？占新收申请的比例是多少？", (None, "share")),
    ("淮安市2024年受理诉求多少件？满意率多少？", (None, "%")),
    ("淮安市2024年主动公开了多少条政府信息，占比多少？", (None, "%")),
])
def test_a_count_then_a_share_or_a_rate_is_a_list_of_two(text, units):
    q = understand(text, AGENCIES)
    assert q.shape == "list" and q.operation == "lookup" and q.metric_units == units and len(q.metrics) == 2


def test_places_english_writes_by_another_name_find_their_agency():
    names = ["锡林郭勒盟行政公署", "鄂伦春自治旗人民政府", "乌鲁木齐市人民政府", "平潭综合实验区"]
    for text, agency in [("How many lawsuits did the Xilingol League administration face in 2024?", names[0]),
                         ("Oroqen banner 2011 proactive disclosure", names[1]),
                         ("FOI requests received by Urumqi city in 2023", names[2])]:
        assert understand(text, names).agencies == ((agency,),), text
    from qa.script import with_chinese_place_names
    assert with_chinese_place_names("Illinois daily email") == "Illinois daily email"  # whole words only
    # the banners of Inner Mongolia by their Mongolian names, told from each other
    banners = ["鄂托克前旗人民政府", "鄂托克旗人民政府", "伊金霍洛旗人民政府"]
    for text, agency in [("What fee revenue did the Otog Front Banner Government report for 2023?", banners[0]),
                         ("Otog Banner lawsuits in 2023", banners[1]), ("Ejin Horo Banner requests 2023", banners[2])]:
        assert understand(text, banners).agencies == ((agency,),), text


def test_every_exonym_is_a_place_the_gazetteer_knows():
    import json
    from pathlib import Path

    from corpus.places import gazetteer

    names = json.loads((Path(__file__).parents[1] / "qa" / "data" / "exonyms.json").read_text(encoding="utf-8"))["names"]
    known = {d.name for ds in gazetteer().by_short.values() for d in ds} | set(gazetteer().by_short)
    unknown = [zh for zh in names.values() if not any(zh in k or zh.startswith(k) for k in known if len(k) >= 2)]
    assert not unknown, unknown


def test_a_story_told_before_the_question_names_no_metric_and_no_year():
    # the sentences before the one that asks are background: their words and years are not asked
    q = understand("我是退休工人，平时喜欢看新闻网站。前几天看到洪泽区的年报，说了好多事情。"
                   "我就想问问，洪泽区2024年行政许可一共几件？", AGENCIES)
    assert q.years == (2024,) and alternatives(q) & {"行政许可"}
    assert not any(w in s.text for s in q.slots for w in ("新闻", "网站", "退休", "事情"))
    q = understand("我记得2023年的时候挺少的。请问淮安市政府2024年新收了多少件申请？", AGENCIES)
    assert q.years == (2024,) and q.shape == "single"
    # a story's vague count ("好几次") asks nothing; a 多少 told in a statement ("我注意到…有多少人来看。")
    # is not the question when a sentence marked with a question mark asks after it
    q = understand("您好，冒昧打扰。我是一名退休老师，去年电视上好几次播市政府的新闻发布会，讲就业这些事。"
                   "我想请问一下，淮安市人民政府2024年全年组织召开了多少场新闻发布会？谢谢您！", AGENCIES)
    assert alternatives(q) & {"新闻发布会"} and not any(w in s.text for s in q.slots for w in ("电视", "就业", "退休"))
    q = understand("我对网站的访问量特别感兴趣。我注意到年报里都会讲一讲专栏有多少人来看。"
                   "冒昧请问，平潭综合实验区2016年度政府信息公开专栏的访问量是多少人次？先谢谢您。", AGENCIES)
    assert q.years == (2016,) and not any(w in s.text for s in q.slots for w in ("注意", "感兴趣", "来看"))
    # the instruction after the question still counts ("（以负数表示变化）", "排前三")
    q = understand("我在写一篇稿子。平潭综合实验区2024年行政处罚比2023年下降了百分之多少？（以负数表示变化）", AGENCIES)
    assert set(q.years) == {2023, 2024} and q.operation == "percent_change" and "负数" in q.text
    # examples said in passing ("就是公众号、微博那些") are no addends
    q = understand("淮安市政府2024年在运维的政务新媒体，就是公众号、微博那些，一共有多少个？", AGENCIES)
    assert q.operation == "lookup" and not any(s.text in ("公众号", "微博") for s in q.slots)


@pytest.mark.parametrize("text, word", [
    ("嗯嗯 平潭市场监管局2025年有人申请复议吗 几个", "复议"),
    ("呃 那个 淮安市政府2024年 就是说 新闻发布会开了几场", "新闻发布会"),
])
def test_spoken_fillers_name_no_metric(text, word):
    q = understand(text, AGENCIES)
    assert any(word in s.text for s in q.slots)
    assert not any(s.text in ("嗯嗯", "嗯", "呃", "有人", "那个", "就是说") for s in q.slots)


def test_a_common_word_is_not_read_as_a_slip_for_a_rarer_one():
    from qa.metric_words import homophone_fixes

    # 引发 ("caused") is a word of its own, commoner than 印发 ("issued"): left as written
    assert homophone_fixes("因依申请公开引发的行政复议有几起")[1] == ()
    # 申清 is no word: read as 申请, and the correction stated
    assert homophone_fixes("新收申清多少件")[1] == (("申清", "申请"),)


@pytest.mark.parametrize("text, kept", [
    ("做个屏幕图表用：平潭综合实验区2021到2025年每年本年新收的政府信息公开申请各是多少？只要数字，按年份列。", "新收"),
    ("从2019年换新模板开始，平潭综合实验区每年政府信息公开行政复议的总计是多少？2019到2025逐年给我。", "行政复议"),
    ("老格式那几年也要：平潭综合实验区2014到2018年统计表里的主动公开文件数各是多少？", "主动公开"),
])
def test_a_heading_a_since_clause_and_an_instruction_name_no_metric(text, kept):
    q = understand(text, AGENCIES)
    assert q.shape == "series" and kept in alternatives(q)
    assert not any(w in s.text for s in q.slots for w in ("图表", "只要", "数字", "模板", "逐年给", "老格式"))


def test_a_clause_of_its_own_stays_when_no_other_clause_names_the_metric():
    # the clause before the colon is all there is to the metric: it is the question's wording
    q = understand("平潭综合实验区2024年新闻发布会：一共开了几场？", AGENCIES)
    assert any("新闻发布会" in s.text for s in q.slots)


def test_years_in_two_characters_and_metrics_in_pinyin_initials():
    # phones type 二三年 for 2023 and the initials of a term (xzfy: 行政复议); a count of years stays a count
    q = understand("洪泽区二三年xzfy多少😂", AGENCIES)
    assert q.years == (2023,) and "review.reconsideration.total" in keys_of(q)
    q = understand("淮安市二四年xzss一共多少", AGENCIES)
    assert q.years == (2024,) and "行政诉讼" in alternatives(q)
    assert understand("淮安市十二年来行政诉讼多少", AGENCIES).years == ()
    # a Latin word that is nobody's initials is left as it is
    assert not understand("淮安市2024年abc多少", AGENCIES).keys


def test_a_measure_word_before_a_noun_is_not_a_count_word():
    # 多少条数据: 条 measures 数据; the 条数 (count) of 条数据 must not eat the noun
    q = understand("南宁高新区2020年对接业务系统汇聚了多少条数据？", ["南宁高新技术产业开发区"])
    assert any(s.text == "数据" for s in q.slots)
    q = understand("平潭综合实验区2024年政务微博发布信息条数是多少？", AGENCIES)
    assert not any("条" in s.text for s in q.slots)


def test_a_governments_english_name_is_no_metric_and_a_quoted_label_is_one_item():
    # "People's Government" is the agency's name, not 自然人 (people)
    q = understand("What share of the requests that the Huai'an Municipal People's Government finished handling "
                   "in 2024 were disclosed in full?", AGENCIES)
    assert q.agencies == (("淮安市人民政府",),) and "自然人" not in alternatives(q)
    # a separator inside quotation marks does not split the label into items
    q = understand("上海市政府办公厅2019年，因为“没有现成信息、需要另行制作”所以给不了的申请，自然人和商业企业加起来有几件？",
                   AGENCIES)
    assert q.operation == "sum" and len(q.parts) == 2


def test_the_city_and_the_district_said_as_shi_li_and_qu_li():
    # "市里" beside 洪泽区: the city above it; each level word stands where that agency is compared
    q = understand("2024年，洪泽区因为政府信息公开被告上法庭的案子，市里比区里多几件？", AGENCIES)
    assert q.agencies == (("淮安市洪泽区人民政府",), ("淮安市人民政府",))
    assert q.positions[1] < q.positions[0]  # 市里 before 区里: the city is the first side
    assert not any("里" in s.text for s in q.slots)
    # a level word with no agency of that level beside it names nothing ("城市里" is no 市里)
    q = understand("平潭综合实验区2024年城市里的行政复议多少件", AGENCIES)
    assert q.agencies == (("平潭综合实验区",),)


def test_words_of_one_label_said_with_pauses_are_one_item():
    # 信访、举报、投诉 are the words of the row 信访举报投诉类申请, not three things asked
    q = understand("淮安市2024年有多少申请被当成信访、举报、投诉，没按信息公开申请来办？", AGENCIES)
    assert q.shape == "single"
    # 行政许可、行政处罚 stand in no one label: two items
    assert understand("淮安市2024年行政许可、行政处罚、行政强制分别是多少？", AGENCIES).shape == "list"


def test_how_to_write_a_series_names_no_metric():
    q = understand("平潭综合实验区2021到2025年的行政事业性收费金额，换算成元，按年份排成一个序列。", AGENCIES)
    assert q.shape == "series" and "proactive.fees.amount" in keys_of(q)
    assert not any(w in s.text for s in q.slots for w in ("换算", "序列", "排成"))


@pytest.mark.parametrize("text, key", [
    ("我家在洪泽，邻居老张说2024年区政府一年收到的政府信息公开申请有九十多件，我想确认一下，大概是这么多吗？准确是多少件？",
     "requests.new_received.total"),
    ("有位平潭综合实验区的听众来信：她在报上看到管委会2023年作出的行政处罚决定大概一千三百多件，请帮她核实一下准确数字。",
     "proactive.penalty.decisions"),
    ("平潭综合实验区一位大学生听众说：2025年管委会因为信息公开被申请行政复议三十多起，他想确认一下是不是三十六起？",
     "review.reconsideration.total"),
    ("有位老听众记得平潭综合实验区2021年的行政事业性收费大概两亿四千多万元，报告里写的到底是多少？", "proactive.fees.amount"),
])
def test_who_said_a_figure_and_the_figure_said_name_no_metric(text, key):
    q = understand(text, AGENCIES)
    assert key in keys_of(q)
    assert not any(w in s.text for s in q.slots for w in ("听众", "邻居", "报上", "准确", "三十", "老张", "记得"))


def test_a_remark_typed_after_a_space_is_no_part_of_the_question():
    # a comment's habit: the question, a space, the asker's feeling (with another year in it)
    q = understand("平潭实验区25年信息公开申请收了几件 感觉比24年少了好多😂", AGENCIES)
    assert q.years == (2025,) and q.operation == "lookup" and "requests.new_received.total" in keys_of(q)
    assert not any(w in s.text for s in q.slots for w in ("感觉", "好多"))
    q = understand("平潭市场监管局25年被申请行政复议几次啊 有点多吧", AGENCIES)
    assert not any("有点" in s.text for s in q.slots) and "review.reconsideration.total" in keys_of(q)
    # a name typed with spaces between its characters is still one name
    assert understand("洪 泽 区 2024 行政处罚多少", AGENCIES).agencies == (("淮安市洪泽区人民政府",),)
    # a pictograph between words ends a sentence; an exclamation after the question names nothing
    for text in ("平潭实验区2024年行政复议多少件👀 这数据也太离谱了", "绝了🔥平潭实验区2024年行政复议多少件？yyds",
                 "平潭实验区2024年行政复议多少件？好家伙"):
        q = understand(text, AGENCIES)
        assert "review.reconsideration.total" in keys_of(q) and len(q.slots) == 1, (text, q.slots)


def test_an_official_asks_about_your_agency_not_their_own():
    q = understand("我们农业农村局2023年行政处罚182件，你们综合执法与应急管理局2023年作出了多少行政处罚决定？", AGENCIES)
    assert q.agencies == (("平潭综合实验区综合执法与应急管理局",),) and q.unknown_agency is None
    # the asker's year stays with the asker; "同年" is that year
    q = understand("我们公安局2022年现行有效的行政规范性文件只有7件，你们旅游与文化体育局2023年现行有效多少件？", AGENCIES)
    assert q.agencies == (("平潭综合实验区旅游与文化体育局",),) and q.years == (2023,) and q.shape == "single"
    q = understand("我们自然资源与生态环境局2024年“本机关不掌握相关政府信息”有37件，你们行政审批局同年这一项是多少？", AGENCIES)
    assert q.agencies == (("平潭综合实验区行政审批局",),) and q.years == (2024,)


def test_your_figure_set_against_mine_comes_first():
    # "你们…是多少，比我们多几件": yours less mine; "相当于我们的百分之几": yours over mine
    q = understand("我们管委会办公室2024年现行有效的行政规范性文件是251件，你们平潭综合实验区全区2024年现行有效件数是多少，比我们多几件？", AGENCIES)
    assert q.operation == "compare" and q.agencies[0] == ("平潭综合实验区",)
    ordered = [g for _, g in sorted(zip(q.positions, q.agencies))]
    assert ordered[0] == ("平潭综合实验区",)


def test_context_before_what_is_asked():
    # "我在比较各部门，想问…": the asker's task, not a ranking asked
    q = understand("我喺度比較平潭各部門，想問平潭綜合實驗區財政金融局2024年主動公開咗幾多條政府資訊？", AGENCIES)
    assert q.agencies == (("平潭综合实验区财政金融局",),) and q.shape == "single" and not q.all_agencies
    # a lead that names the year is part of the question
    assert understand("平潭综合实验区2024年，请问行政复议多少件？", AGENCIES).years == (2024,)


def test_each_years_figure_added_up_is_a_sum():
    q = understand("想把平潭综合实验区2021年到2025年每年的行政诉讼案件数全部加起来，一共多少件？", AGENCIES)
    assert (q.operation, q.shape) == ("sum", "single") and len(q.years) == 5
    assert understand("平潭综合实验区2021到2025年每年的行政诉讼分别是多少", AGENCIES).shape == "series"


def test_carried_over_in_cantonese_is_no_year():
    q = understand("平潭綜合實驗區2025年有幾多宗申請要結轉落下一年度繼續辦理？", AGENCIES)
    assert q.years == (2025,) and q.shape == "single"


@pytest.mark.parametrize("text", ["信息公开到底有啥用啊🙄 说说看", "平潭综合实验区的政府信息公开到底算不算良心工程？给个分。"])
def test_what_use_it_is_asks_no_figure(text):
    assert understand(text, AGENCIES).not_understood


def test_negated_part_of_a_whole():
    q = understand("平潭县人民政府2012年对申请作出的答复里，没有被否决公开的有几条？", AGENCIES)
    assert q.operation == "gap" and len(q.parts) == 2 and {s.text for s in q.parts[1]} == {"否决公开"}
    q = understand("洪泽区人民政府2023年收到的21件申请，既没有予以公开、也没有部分公开的有几件？", AGENCIES)
    assert q.operation == "gap" and len(q.parts) == 3
    # a row's own words that begin with a negation are no negation of a part
    q = understand("淮安市2024年没有现成信息需要另行制作的有几件", AGENCIES)
    assert q.operation == "lookup"
    assert understand("淮安市2024年有没有被起诉", AGENCIES).operation == "lookup"
    # "（尚未审结的也算上）": counted too, not a metric of its own
    q = understand("淮安市人民政府2024年政府信息公开行政诉讼（尚未审结的也算上）有多少件？", AGENCIES)
    assert not any("尚未审结" in s.text for s in q.slots)


@pytest.mark.parametrize("text, key, gone", [
    # a radio caller: greeting, "不管是A还是B，都算上" (every kind counted: the whole)
    ("喂？能听到吗？我是洪泽那边的，我想知道咱们区二零二四年因为政府信息公开被老百姓告到法院的官司一共有几起，"
     "不管是直接去起诉的，还是先复议完了再起诉的，都算上。", "review.litigation.total", ("能听到", "不管", "直接")),
    # what the events were about, said loosely; the host addressed
    ("主持人，淮安市里二零二四年开了好些个新闻发布会，讲用工啊营商环境啊什么的，我记得是十几场，到底是几场？", "",
     ("主持人", "好些", "用工", "营商")),
    # whom the fee was charged to, and the asker's presumption
    ("平潭综合实验区2021年向申请人收的信息处理费肯定不少吧，到底收了多少钱？", "", ("申请", "肯定")),
    ("What were the total information processing fees collected by the Huai'an city government on FOI requests in 2024?", "",
     ("request",)),
])
def test_said_around_the_metric_names_none(text, key, gone):
    q = understand(text, AGENCIES)
    assert not key or key in keys_of(q)
    assert not any(w in s.text.lower() for s in q.slots for w in gone)


def test_what_the_asker_once_did_is_no_part_of_the_question():
    q = understand("我打过12345投诉小区物业的事，平潭交建局2024年通过12345一共受理了多少件群众诉求？", AGENCIES)
    assert q.agencies == (("平潭综合实验区交通与建设局",),) and not any("物业" in s.text for s in q.slots)


@pytest.mark.parametrize("text, agency, gone", [
    ("【转发】“平潭去年因信息公开被申请行政复议36起，创历史新高！”——群里刚看到这张截图，想问下是真的吗？平潭综合实验区2025年年报里行政复议到底是多少起？",
     "平潭综合实验区", ("截图", "转发", "新高")),
    ("有人在群里发了张图，说平潭管委会办公室2024年现行有效的行政规范性文件有251件，这个数靠谱吗？报告表格里的现行有效件数是多少？",
     "平潭综合实验区管委会办公室", ("群里", "张图")),
    ("群里有张图：平潭财政金融局2024年行政事业性收费1.8亿多元。一个局收这么多？年报表格里的收费金额到底是多少？",
     "平潭综合实验区财政金融局", ("一个局", "这么多")),
    # a letter's wondering before the sentence that says 请问
    ("尊敬的编辑：我去年给市里申请过一次政府信息公开。我很好奇这笔钱一年到底能收多少。请问，淮安市人民政府在2024年度报告中写明的全年收取的"
     "政府信息公开信息处理费是多少元？", "淮安市人民政府", ("好奇", "这笔钱")),
    # what the asker is working on, before the agency of the question
    ("我在跑平潭区直部门的年报，投资促进局2024年那份很短。请问它表三第一行“本年新收政府信息公开申请数量”的总计栏填的是多少？",
     "平潭综合实验区投资促进局", ("区直",)),
])
def test_a_forwarded_claim_a_letter_and_a_task_name_no_metric(text, agency, gone):
    q = understand(text, AGENCIES)
    assert q.agencies == ((agency,),) and q.shape == "single" and not q.all_agencies and q.unknown_agency is None
    assert not any(w in s.text for s in q.slots for w in gone)


def test_a_cell_within_the_columns_named_is_one_figure():
    # "“未经复议直接起诉”那几栏里，尚未审结的": the pending cell of those columns, not two figures
    q = understand("平潭综合实验区2023年“未经复议直接起诉”那几栏里，尚未审结的有几件？", AGENCIES)
    assert q.shape == "single" and {"未经复议直接起诉", "尚未审结"} <= {s.text for s in q.slots}
    assert understand("平潭综合实验区2023年行政许可、行政处罚分别是多少？", AGENCIES).shape == "list"


def test_calls_from_residents_are_a_metric_not_someones_word():
    # "接听市民来电": the calls a hotline took, counted; "有位市民来电说…" is someone's word
    q = understand("上海市人力资源和社会保障局2011年咨询热线全年接听市民来电多少个？", AGENCIES)
    assert {"热线", "来电"} <= {s.text for s in q.slots}
    q = understand("有位市民来电说平潭综合实验区2023年行政处罚决定一千多件，准确是多少件？", AGENCIES)
    assert "proactive.penalty.decisions" in keys_of(q) and not any("市民" in s.text for s in q.slots)


@pytest.mark.parametrize("text", [
    "平潭综合实验区2025年申请人是商业企业的那一列，请把本年新收、上年结转、办理总计、结转下年度四个数逐一列出来，看看这一列自己平不平。",
    "平潭综合实验区2025年商业企业那一列的本年新收、上年结转、办理总计、结转下年度各是多少",
])
def test_a_column_named_once_is_every_rows(text):
    q = understand(text, AGENCIES)
    assert q.shape == "list" and len(q.metrics) == 4
    assert all(any(s.text == "商业企业" for s in m) for m in q.metrics)


def test_how_much_money_gives_way_to_the_fee_it_names():
    # "信息处理费收了多少钱": the fee named, not 行政事业性收费 which "收了多少钱" alone would mean
    q = understand("淮安市2024年政府信息公开信息处理费收了多少钱？", AGENCIES)
    fee = max(s.weight for s in q.slots if "信息处理费" in s.alternatives)
    assert all(s.weight < fee for s in q.slots if s.key == "proactive.fees.amount")
    assert "proactive.fees.amount" in keys_of(understand("淮安市2024年行政事业性收费收了多少钱", AGENCIES))


def test_a_year_named_outweighs_a_couple_of_years_said_in_passing():
    # "前两年也想去申请" tells when the asker thought of it; the year asked is 2022 (no series of recent years)
    q = understand("我家在洪泽，前两年也想去申请信息公开——能不能告诉我洪泽区2022年一共收到多少政府信息公开申请？", AGENCIES)
    assert q.years == (2022,) and q.shape == "single"
    assert understand("平潭综合实验区近三年行政复议分别是多少", AGENCIES).shape == "series"


def test_two_digits_right_after_the_agency_are_its_year():
    assert understand("洪泽24 行政处罚多少", AGENCIES).years == (2024,)
    assert understand("洪泽区12345热线多少件", AGENCIES).years == ()  # a number, no year
    assert understand("洪泽区2024年行政处罚多少", AGENCIES).years == (2024,)


@pytest.mark.parametrize("text", ["2024年平潭区直部门当中，哪个部门全年一件政府信息公开申请都没收到？",
                                  "2024年平潭哪些部门没有收到任何政府信息公开申请？"])
def test_which_agencies_had_none_is_a_ranking_from_the_smallest(text):
    q = understand(text, AGENCIES)
    assert q.shape == "ranking" and q.low and q.none_asked
    assert not any(s.text == "当中" for s in q.slots)


def test_a_department_word_is_no_category_of_information_said_later_in_the_sentence():
    # "…办公厅被申请的信息公开类行政复议": 类 names the case, not 办公厅 (应急管理类信息 would)
    q = understand("2019年上海市政府办公厅被申请的信息公开类行政复议中，到年底尚未审结的有几件？", AGENCIES)
    assert q.agencies == (("上海市人民政府办公厅",),) and not any("公厅" in s.text for s in q.slots)


@pytest.mark.parametrize("word", ["回落", "回升", "下滑"])
def test_words_of_a_change_ask_a_change(word):
    q = understand(f"上海市政府办公厅2019年受理的申请数量比上一年{word}了百分之几？", AGENCIES)
    assert q.operation == "percent_change"


def test_two_things_set_against_each_other_with_vs_are_a_list():
    q = understand("Pingtan Market Supervision Admin FY2025 - info processing fee: amount notified vs. amount actually "
                   "collected?", AGENCIES + ["平潭综合实验区市场监督管理局"])
    assert q.shape == "list" and len(q.metrics) == 2


def test_a_doubling_heard_is_no_metric_and_how_many_times_still_asks():
    q = understand("听说平潭综合实验区2024年收到的信息公开申请比2023年翻了一番，是真的吗？实际增长了百分之多少？", AGENCIES)
    assert q.operation == "percent_change" and not any("番" in s.text for s in q.slots)
    q = understand("淮安市2024年行政处罚是行政许可的几倍？", AGENCIES)
    assert q.operation == "ratio" and len(q.parts) == 2


def test_fiscal_year_ranges_and_received_abbreviated():
    q = understand("Pingtan (Mgmt Committee report): FOI requests rec'd each year FY2019-FY2025?", AGENCIES)
    assert q.years == tuple(range(2019, 2026)) and q.shape == "series"
    assert "新收" in alternatives(q)


def test_broken_down_by_applicant_type_names_no_metric():
    q = understand("淮安市政府2024年新收申请按申请人类型拆开：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他各是多少？",
                   AGENCIES)
    assert q.shape == "list" and len(q.metrics) == 6
    assert not any(w in s.text for m in q.metrics for s in m for w in ("类型", "拆开"))


def test_a_check_sentence_that_points_at_columns_with_na_ji_is_still_a_check():
    # "那几栏" points at columns, it asks no count: the sentence only asks whether the figures agree
    q = understand("洪泽区2023年年报第四部分，行政复议的“总计”栏填的是几？跟结果维持、结果纠正那几栏加起来对得上吗？", AGENCIES)
    assert q.shape == "single" and q.operation == "lookup"


def test_a_history_heading_with_one_year_asked_and_break_down_by_outcome():
    q = understand("平潭综合实验区历年行政事业性收费金额：2021年是多少元？", AGENCIES)
    assert q.shape == "single" and q.years == (2021,)
    q = understand("Could you break down Huai'an's 2024 administrative reconsideration cases by outcome?", AGENCIES)
    assert q.shape == "list" and not any("outcome" in s.text for s in q.slots)


@pytest.mark.parametrize("text", ["平潭综合实验区2023年办理结果的总计是多少件", "平潭综合实验区2023年“本年度办理结果”那一栏的总计是多少件",
                                  "我们这期节目讲依申请公开，想了解一下平潭实验区2023年\"本年度办理结果\"那一栏的总计是多少件？"])
def test_the_results_total_said_apart_from_its_label_is_the_results_total(text):
    # 总计 said after the label (的总计, 那一栏的总计) is the term 办理结果总计; the heading quoted with 总计 after it
    # names that row, not only the table; what a programme is about names no metric
    q = understand(text, AGENCIES)
    assert [s.key for s in q.slots] == ["requests.result.total.total"], q.slots
    # the heading quoted alone still only says which table
    q = understand("平潭综合实验区2023年“本年度办理结果”中予以公开多少件", AGENCIES)
    assert [s.key for s in q.slots] == ["requests.result.disclosed.total"]


def test_an_official_asks_about_theirs_said_with_tamen_and_a_ratio_said_with_zhibi():
    q = understand("我们交通与建设局2024年收到58件申请，他们行政审批局2024年收到几件？", AGENCIES)
    assert q.agencies == (("平潭综合实验区行政审批局",),)
    # the asker's agency with its place before its department; 才收 is received (收到)
    q = understand("我们平潭管委会办公室2024年现行有效的行政规范性文件有251件，他们财政金融局2024年现行有效的只有几件？", AGENCIES)
    assert q.agencies == (("平潭综合实验区财政金融局",),)
    q = understand("我们市场监管局2025年有21件申请，他们经济发展局2025年才收了几件？", AGENCIES)
    assert q.agencies == (("平潭综合实验区经济发展局",),) and "新收" in alternatives(q)
    q = understand("我们洪泽区2024年行政处罚决定2776件，他们淮安市政府2024年是我们的多少倍？保留整数。", AGENCIES)
    assert q.operation == "compare" and q.agencies[0] == ("淮安市人民政府",)
    q = understand("平潭综合实验区2025年，行政处罚决定数与行政强制决定数之比是多少（保留一位小数）？", AGENCIES)
    assert q.operation == "ratio" and len(q.parts) == 2
    assert "proactive.penalty.decisions" in {s.key for s in q.parts[0]}
    assert "proactive.enforcement.decisions" in {s.key for s in q.parts[1]}


def test_a_posts_topic_tags_report_words_and_the_zones_committee_name_no_metric():
    # "#政务公开#" is a Weibo topic, "信公年报" the report itself, "管委会那份" the zone's own report
    q = understand("#政务公开# 平潭综合实验区2023年一共发了多少篇政策解读？？感觉挺多的啊", AGENCIES)
    assert [s.text for s in q.slots] == ["政策解读"]
    q = understand("#平潭综合实验区# 2025年信公年报出来啦！！管委会那份，依申请今年新收了多少件啊？？", AGENCIES)
    assert q.agencies == (("平潭综合实验区",),) and not any(w in s.text for s in q.slots for w in ("管委会", "年报", "信公"))


def test_a_term_glossed_in_brackets_is_asked_in_the_brackets_words():
    # the asker's own words (English, or Chinese the product does not know), then the report's term
    q = understand("平潭综合实验区经济发展局2025年开展了 public consultation（意见征集），一共几次？", AGENCIES)
    assert any(s.text == "意见征集" for s in q.slots) and not any("consult" in s.text for s in q.slots)
    q = understand("洪泽2024年找政府要资料（信息公开申请）的一共多少件？", AGENCIES)
    assert [s.text for s in q.slots] == ["信息公开申请"]
    # a bracket that says what the figure includes stays an aside
    q = understand("淮安市2024年复议（含复议后起诉）多少件", AGENCIES)
    assert not any("起诉" in s.text for s in q.slots)


def test_giving_something_to_someone_is_no_request_granted():
    q = understand("How much tax relief did the Pingtan local taxation bureau grant to laid-off and unemployed "
                   "workers in 2013?", AGENCIES)
    assert not q.keys or "requests.result.disclosed.total" not in q.keys
    assert alternatives(q) & {"减免"} and alternatives(q) & {"下岗"}


def test_a_formal_half_classical_register_asks_plainly():
    # 若干 asks how many, 之/者 are 的, 兹询 is 请问, 经审查/经法院 say who decided
    q = understand("兹询：淮安市人民政府2024年度因政府信息公开工作被申请行政复议之案件，总计若干件？", AGENCIES)
    assert alternatives(q) & {"行政复议"} and not any("若干" in s.text or "之" in s.text for s in q.slots)
    q = understand("平潭综合实验区2024年度，依申请公开事项经审查予以公开者，计若干件？", AGENCIES)
    assert alternatives(q) & {"予以公开"} and not any("审查" in s.text or "者" in s.text for s in q.slots)
    q = understand("平潭综合实验区2023年依申请公开办理结果属于“不予公开”之各项情形，合计为若干件？", AGENCIES)
    assert alternatives(q) & {"不予公开"} and not any("属于" in s.text or "之" in s.text for s in q.slots)


def test_a_place_in_brackets_after_an_agency_is_where_it_lies_and_its_own_office_is_no_other_agency():
    agencies = ["淮安市洪泽区人民政府", "淮安市人民政府", "上海市人民政府办公厅"]
    q = understand("How many lawsuits did Hongze District People's Government (Huai'an) face in 2024?", agencies)
    assert q.agencies == (("淮安市洪泽区人民政府",),)
    # "区政府办" after 洪泽区人民政府 is the district's own office, not Shanghai's 人民政府办公厅
    q = understand("洪泽区人民政府2024年年报说区政府办受理申请17件，表格里本年新收申请总计是多少？", agencies)
    assert q.agencies == (("淮安市洪泽区人民政府",),)


def test_a_follow_up_for_the_same_item_or_one_year_against_another():
    first = understand("平潭综合实验区2024年无法提供的“本机关不掌握相关政府信息”总计是多少件？", AGENCIES)
    q = understand("那2023年的同一项呢？", AGENCIES, context=first)
    assert q.years == (2023,) and "metric" in q.carried
    first = understand("平潭综合实验区行政事业性收费金额，2022年比2021年的同比增长率是多少？", AGENCIES)
    q = understand("那2023年相对2022年呢？", AGENCIES, context=first)
    assert q.operation == "percent_change" and set(q.years) == {2022, 2023} and not any("相对" in s.text for s in q.slots)


def test_a_division_said_right_before_an_agencys_name_is_where_it_lies_not_a_metric():
    q = understand("昆山市千灯镇人民政府2023年本年度办理结果总计多少件？", ["千灯镇人民政府", "淮安市人民政府"])
    assert q.agencies == (("千灯镇人民政府",),) and not any("昆山" in s.text for s in q.slots)


def test_a_share_of_the_whole_said_first_with_li():
    # "X里，Y占总数的百分之几": Y of X (not of 总数 alone)
    q = understand("平潭综合实验区2024年公布的政府信息里，重大建设项目信息占总数的百分之几？", AGENCIES)
    assert q.operation == "ratio" and len(q.parts) == 2
    assert any(s.text == "重大建设项目信息" for s in q.parts[0])
    assert not any(s.text == "重大建设项目信息" for s in q.parts[1]) and any("政府信息" in s.text for s in q.parts[1])


def test_a_quote_after_a_dropped_edge_word_is_no_part_of_a_slot():
    # "因“属于…”": 因 is dropped from the piece's edge, and the quote it exposed goes with it
    slots = metric_slots("因“属于行政执法案件”不予公开的申请有几件")
    assert [s.text for s in slots if "属于" in s.text] == ["属于"]
    assert not any(ch in s.text for s in slots for ch in "“”")


def test_fee_notices_said_in_english_are_the_fee_table_notified_column():
    q = understand("How many information-processing fee notices did 平潭综合实验区 issue in 2024?", AGENCIES)
    assert "通知收取" in alternatives(q) and "信息处理费" in alternatives(q)


def test_a_fee_collected_is_asked_in_money():
    q = understand("平潭综合实验区2024年全年收取了多少政府信息公开信息处理费？", AGENCIES)
    assert q.unit == "元"


def test_a_year_the_asker_rules_out_is_not_asked():
    q = understand("淮安市人民政府2023年的政府信息公开行政复议有多少件？别拿2024年的数凑。", AGENCIES)
    assert q.years == (2023,)
    assert understand("How many reconsiderations did Huai'an have in 2024, not the 2023 figure?", AGENCIES).years == (2024,)
    # a year compared with is still asked
    assert set(understand("淮安市人民政府2024年的行政复议比2023年多几件？", AGENCIES).years) == {2023, 2024}


def test_a_sentence_saying_why_one_asks_is_no_part_of_the_question():
    q = understand("I'm writing about how county-level governments in Fujian adopted social media before the 2019 "
                   "rules changed. In its 2018 annual report, how many new-media accounts did the Pingtan "
                   "Comprehensive Experimental Zone say its departments had opened in total?", AGENCIES)
    assert q.years == (2018,) and not any("rules" in s.text or "adopted" in s.text for s in q.slots)
    q = understand("I'm drafting a feature on how Chinese local governments charge for answering disclosure requests. "
                   "How much did the Huai'an Municipal People's Government collect in information processing fees "
                   "in 2024?", AGENCIES)
    assert "信息处理费" in alternatives(q) and not any("draft" in s.text.lower() for s in q.slots)


def test_an_english_phrase_around_the_agency_is_read_whole():
    # "asked [the Huaian city government] for information": the article goes with the name set aside
    q = understand("How many people asked the Huaian city government for information in 2024?", AGENCIES)
    assert q.agencies == (("淮安市人民政府",),) and "requests.new_received.total" in keys_of(q)
    assert "自然人" not in alternatives(q)  # "people" in general, not the column of natural persons
    assert "自然人" in alternatives(understand("How many private individuals asked the Huaian city government "
                                              "for information in 2024?", AGENCIES))


@pytest.mark.parametrize("text", ["平潭综合实验区2023年许可处罚强制三项一共多少件？", "平潭综合实验区2023年许可、处罚、强制三项一共多少件？",
                                  "平潭综合实验区2023年行政许可、行政处罚、行政强制这三项加起来多少件？"])
def test_items_counted_before_a_sum_are_the_addends(text):
    q = understand(text, AGENCIES)
    assert q.operation == "sum" and len(q.parts) == 3
    assert {s.key for part in q.parts for s in part if s.key} >= {"proactive.licensing.decisions",
                                                                   "proactive.penalty.decisions"}
    assert not any("三项" in s.text for s in q.slots)


def test_fees_charged_are_the_old_tables_fees_collected_row():
    # 收费 asks the old tables' 收取费用总数 as much as the new tables' 行政事业性收费
    assert "费用总数" in alternatives(understand("上海市人社局2011年收费多少", AGENCIES))


def test_a_verb_asked_as_yes_or_no_is_not_its_negation():
    # "给没给信息？同意公开了几条？": whether they gave, then how many were disclosed (not 没给, withheld)
    q = understand("平潭县政府2012年给没给信息？同意公开了几条？", AGENCIES)
    assert "不予公开" not in alternatives(q) and "予以公开" in alternatives(q)
    assert "不予公开" in alternatives(understand("平潭县政府2012年没给信息的有几条？", AGENCIES))


@pytest.mark.parametrize("text, key", [
    ("淮安市人民政府2024年行政处罚决定有几百万件？具体多少？", "proactive.penalty.decisions"),
    ("平潭综合实验区2021年行政事业性收费有两个多亿吧？准确是多少元？", "proactive.fees.amount"),
    ("平潭综合实验区2024年收到的申请有上百件吧，到底多少？", "requests.new_received.total"),
])
def test_a_size_guessed_in_the_question_names_no_metric(text, key):
    q = understand(text, AGENCIES)
    assert keys_of(q) == {key} and not any(w in s.text for s in q.slots for w in ("百", "亿", "千"))


@pytest.mark.parametrize("text, means", [("平潭交通与建设局2024年拒了几个信息公开申请？", "不予公开"),
                                         ("洪泽区2024年复议翻了几个？", "结果纠正"),
                                         ("洪泽区2024年行政诉讼被推翻的有几件？", "结果纠正")])
def test_colloquial_verbs_of_refusing_and_overturning(text, means):
    assert means in alternatives(understand(text, AGENCIES))


def test_the_share_of_a_whole_that_ended_some_way_is_that_part_of_that_whole():
    # "the share of lawsuits that ended with the agency losing": lawsuits corrected over lawsuits, not the
    # reconsiderations corrected
    q = understand("What share of Pingtan's information-disclosure lawsuits in 2025 ended with the agency losing?",
                   AGENCIES)
    assert q.operation == "ratio" and any(s.text == "lawsuits" for s in q.parts[0])


def test_a_place_said_once_before_its_departments_listed_is_not_one_of_them():
    q = understand("平潭综合实验区2024年交通与建设局、行政审批局、管委会办公室这几个部门合计收到多少件申请？", AGENCIES)
    assert PINGTAN not in [a for g in q.agencies for a in g] and len(q.agencies) == 3


@pytest.mark.parametrize("text, place", [("2024年平潭综合实验区收到申请第二多的是哪个部门？", 2),
                                         ("2024年平潭综合实验区各部门收到的申请，排第三的是哪个？", 3),
                                         ("2024年平潭综合实验区哪个部门收到的申请最多？比第二名多多少？", None)])
def test_the_place_a_ranking_asks_for(text, place):
    q = understand(text, AGENCIES)
    assert q.shape == "ranking" and q.place == place and not any("第" in s.text for s in q.slots)


def test_the_agency_said_again_after_the_other_is_the_one_compared():
    # "A和B比，A…多了多少": A first, A − B
    q = understand("2011年平潭县人民政府和平潭县教育局比，县政府主动公开的政府信息多了多少条？", AGENCIES)
    order = [g for _, g in sorted(zip(q.positions, q.agencies))]
    assert order == [("平潭县人民政府",), ("平潭县教育局",)]
    q = understand("2011年平潭县人民政府和平潭县教育局比，教育局主动公开的信息少了多少条？", AGENCIES)
    assert [g for _, g in sorted(zip(q.positions, q.agencies))][0] == ("平潭县教育局",)


def test_a_question_that_points_back_at_its_story_keeps_the_storys_words():
    # "…说我要的是“行政执法案件”，死活不给看。这种理由他们一共拒了几件？": the reason is the story's
    q = understand("平潭那个市场监管局2025年说我要的是“行政执法案件”，死活不给看。这种理由他们年报里一共拒了几件？", AGENCIES)
    assert "行政执法案件" in {s.text for s in q.slots} and "不予公开" in alternatives(q)
    # a story that says nothing of what is asked stays out ("我记得以前…。请问2024年…")
    q = understand("我记得以前平潭综合实验区行政复议很多。请问2024年平潭综合实验区收到多少件申请？", AGENCIES)
    assert "行政复议" not in {s.text for s in q.slots}


@pytest.mark.parametrize("text", ["平潭综合实验区2021年度截至年末结转下年度继续办理的申请有几件？",
                                  "平潭综合实验区2024年度行政事业性收费是多少万元？折成元是多少？"])
def test_when_a_figure_stands_and_the_unit_to_give_it_in_name_no_metric(text):
    q = understand(text, AGENCIES)
    assert q.shape == "single" and not any(w in s.text for s in q.slots for w in ("截至", "年末", "折成", "元"))


def test_accumulated_over_the_years_asked_is_their_sum_not_the_cumulative_column():
    q = understand("平潭综合实验区2014、2015、2016这三年主动公开政府信息累计多少条？", AGENCIES)
    assert not any("累计" in s.text for s in q.slots)
    assert any("累计" in s.text for s in understand("平潭综合实验区2016年主动公开文件数历年累计多少条？", AGENCIES).slots)


@pytest.mark.parametrize("text", ["How many information-disclosure lawsuits did Huai'an Municipal People's Government "
                                  "handle in 2024?", "淮安市人民政府2024年办理了多少起政府信息公开行政复议？"])
def test_reviews_handled_are_the_reviews_not_a_result_column(text):
    q = understand(text, AGENCIES)
    assert "办理结果" not in alternatives(q) and not any(s.text.startswith("办理") for s in q.slots)
    assert keys_of(q) & {"review.litigation.total", "review.reconsideration.total"}


def test_a_written_blank_is_underscores_alone_not_inside_a_word():
    from qa.asides import the_blank_clause

    said = '平潭2012年当面申请多少件？"><img src=x onerror=window.__pwned=6>'
    assert the_blank_clause(said) == said
    kept = the_blank_clause("2024年共收到____件申请，另有上年结转34件。")
    assert "收到" in kept and "结转" not in kept


def test_an_english_question_naming_a_change_between_two_years_still_asks_the_change():
    q = understand("By what percentage did Pingtan's new requests change from 2023 to 2024?", AGENCIES, agency_years=HELD)
    assert q.operation == "percent_change"


@pytest.mark.parametrize("text, key", [
    ("Hongze District 2024, number of review petitions?", "review.reconsideration.total"),
    ("How many administrative review petitions did Huai'an deal with in 2024?", "review.reconsideration.total"),
    ("Pingtan zone 2025 - petitions for reconsideration, how many?", "review.reconsideration.total"),
    ("How many disclosure suits did Huai'an face in 2024?", "review.litigation.total"),
    ("执法局23年罚了多少起", "proactive.penalty.decisions"),
])
def test_words_people_use_for_reviews_suits_and_fines(text, key):
    q = understand(text, AGENCIES)
    assert key in keys_of(q) and "信访举报投诉" not in alternatives(q)  # (a review petition is no 信访 petition)


def test_one_syllable_of_meaning_typed_in_pinyin_is_not_a_glossary_word():
    # "fa le duoshao" is 发了多少 (issued) as much as 罚了多少 (fined): no penalty read into it
    q = understand("pingtan 2025 nian zhengce jiedu fa le duoshao pian", AGENCIES)
    assert "proactive.penalty.decisions" not in keys_of(q)
    assert "行政处罚" not in alternatives(understand("平潭综合实验区2023年发了多少政策解读", AGENCIES))


def test_a_flat_for_a_retroflex_initial_is_a_typing_slip():
    from qa.metric_words import sounds_alike

    assert sounds_alike("述", "诉") and sounds_alike("申", "森") and not sounds_alike("诉", "路")
    q = understand("市监局25年被起述几次", AGENCIES)
    assert "review.litigation.total" in keys_of(q)


def test_which_agencies_are_ranked_names_no_metric():
    q = understand("行政许可哪个部门最多 前三 只要部门的不算区里", AGENCIES)
    assert {s.text for s in q.slots} == {"行政许可"} and q.shape == "ranking"


def test_a_name_in_brackets_set_aside_is_no_blank_to_fill():
    # masked, "(2024)" looked like a blank "(    )": the clause around it was taken as all the question asked
    q = understand("Rank these agencies by the number of lawsuits: Huai'an (2024), Hongze District (2023).", AGENCIES)
    assert "review.litigation.total" in keys_of(q)


def test_an_english_department_after_its_place_in_a_list_of_agencies():
    q = understand("Huai'an (2024), Pingtan Market Supervision Bureau (2025): how many lawsuits?", AGENCIES)
    assert {a for g in q.agencies for a in g} == {"淮安市人民政府", "平潭综合实验区市场监督管理局"}


def test_two_digit_years_apart_by_spaces_before_each_year():
    assert find_years("平潭区里22 23 24 25每年新收申请多少个")[0] == [2022, 2023, 2024, 2025]
    assert find_years("22 23 24件")[0] == []  # (counts, not years)


def test_the_division_word_after_a_place_chooses_among_places_of_one_stem():
    q = understand("平潭区里2024年新收申请多少个", AGENCIES)  # 平潭综合实验区 is a 区, 平潭县 a 县
    assert "平潭综合实验区" in q.agencies[0] and "平潭县人民政府" not in q.agencies[0]
    assert "区里" not in {s.text for s in q.slots}
    assert understand("平潭区直部门2024年行政处罚最多的是哪个", AGENCIES).departments


def test_a_zone_named_by_its_kind_alone():
    q = understand("13年实验区的年报行政复议一共有几件？", AGENCIES)
    assert q.agencies and all(read_name(a).suffixes[-1].endswith("实验区") for a in q.agencies[0])


@pytest.mark.parametrize("text", [
    "我在对比平潭综合实验区早些年的年报。能不能请您把2014年至2018年每一年的政府信息公开专栏访问量告诉我？",
    "平潭县人民政府2011年到2013年这三年，我想看看这几年群众关注度的变化，能否把每一年的专栏访问人次列给我？",
])
def test_a_polite_request_and_a_wish_to_see_a_trend_name_no_metric(text):
    said = {s.text for s in understand(text, AGENCIES).slots}
    assert said and not any(w in t for t in said for w in ("能不能", "能否", "请您", "群众", "关注", "我想"))


@pytest.mark.parametrize("text, agency, other", [
    ("Did Pingtan zone face any review petitions in 2013?", "平潭综合实验区", "平潭县人民政府"),
    ("Pingtan county 2013 reconsiderations?", "平潭县人民政府", "平潭综合实验区"),
])
def test_an_english_division_word_after_a_place_chooses_among_places_of_one_stem(text, agency, other):
    q = understand(text, AGENCIES)
    assert agency in q.agencies[0] and other not in q.agencies[0]


def test_an_opener_asking_leave_to_ask_names_no_metric():
    q = understand("老同志想请教一下，平潭县人民政府2012年受理依申请公开信息的总数是多少条？", AGENCIES)
    assert not any("请教" in s.text or "老同志" in s.text for s in q.slots)


def test_two_digit_years_apart_by_spaces_before_a_year_word():
    assert find_years("平潭实验区15 16 17年主动公开各多少条")[0] == [2015, 2016, 2017]


def test_a_committee_after_a_place_in_pinyin_is_the_zone_s():
    q = understand("Pingtan 管委会 2022 行政许可多少", AGENCIES)
    assert "平潭综合实验区" in q.agencies[0] and "平潭县人民政府" not in q.agencies[0]
