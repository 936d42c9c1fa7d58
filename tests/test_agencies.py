"""Agency names in questions: divisions (宿迁市沭阳县, 江苏沭阳, 沭阳县政府), a body's suffix (…管委会),
traditional characters, one-character slips (平谭) read with the correction stated, and never a
different agency by a guess. The collection is the real reports' agencies plus two unseen ones."""
from __future__ import annotations

import csv
import functools

import pytest

from corpus.metadata import governed_area
from qa.agencies import agency_corrections, match_agencies, read_name, stated_correction
from qa.question import understand
from tests.conftest import REAL

UNSEEN = ("沭阳县人民政府", "上海市科学技术委员会")


def _real_agencies() -> list[str]:
    with open(REAL / "MANIFEST.tsv", encoding="utf-8") as handle:
        return sorted({governed_area(row["agency"]) for row in csv.DictReader(handle, delimiter="\t")})


REAL_AGENCIES = _real_agencies()
AGENCIES = sorted(set(REAL_AGENCIES) | set(UNSEEN))


def top(question: str, agencies=AGENCIES) -> list[str]:
    """The agencies that fit best (ties included)."""
    found = match_agencies(question, agencies)
    return [m.agency for m in found if m.score >= found[0].score - 1e-6] if found else []


def traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


@pytest.mark.parametrize("mention", ["宿迁市沭阳县", "江苏沭阳", "沭阳县政府", "江苏省宿迁市沭阳县人民政府", "沭阳县"])
def test_a_county_is_found_by_its_divisions(mention):
    assert top(f"{mention}2024年行政复议多少件？") == ["沭阳县人民政府"]
    assert not match_agencies(f"{mention}2024年行政复议多少件？", AGENCIES)[0].correction


@pytest.mark.parametrize("mention", ["上海市科委", "上海科委", "上海市科学技术委员会"])
def test_a_commission_is_found_by_its_short_form(mention):
    assert top(f"{mention}2024年收到多少申请？") == ["上海市科学技术委员会"]


def test_a_division_that_contradicts_the_agency_rules_it_out():
    # 洪泽区 lies in 淮安市, not in 宿迁市: no report of this agency is meant
    assert "淮安市洪泽区人民政府" not in top("宿迁市洪泽区2024年行政复议多少件？")
    assert top("江苏洪泽区2024年行政复议多少件？") == ["淮安市洪泽区人民政府"]


def test_another_district_or_the_city_above_names_another_department():
    # a district's bureau is neither another district's nor its city's own bureau of the same name
    held = ["湛江市坡头区农业农村局", "淮安市人民政府"]
    for other in ("湛江市麻章区农业农村局", "湛江市农业农村局", "湛江农业农村局"):
        assert top(f"{other}2023年行政处罚多少件？", held) == [], other
    for same in ("湛江市坡头区农业农村局", "湛江坡头区农业农村局", "坡头区农业农村局", "坡头农业农村局"):
        assert top(f"{same}2023年行政处罚多少件？", held) == ["湛江市坡头区农业农村局"], same


@pytest.mark.parametrize("agency", REAL_AGENCIES + list(UNSEEN))
def test_every_agency_by_its_full_name_with_and_without_its_body_suffix_and_in_traditional(agency):
    question = f"{agency}2024年行政复议多少件？"
    assert top(question) == [agency]
    assert top(traditional(question)) == [agency]
    if agency == governed_area(agency + "管委会") != agency + "管委会":  # a zone: its 管委会 is the same body
        for suffix in ("管委会", "管理委员会", "党工委管委会"):
            q = understand(f"{agency}{suffix}2024年行政复议多少件？", AGENCIES)
            assert q.agencies == ((agency,),) and q.unknown_agency is None, suffix


@functools.lru_cache(maxsize=1)
def _sounds() -> dict[str, list[str]]:
    """The characters of the real reports by their sound (toneless pinyin)."""
    from pypinyin import lazy_pinyin

    pool = sorted({ch for p in REAL.iterdir() if p.suffix == ".txt" for ch in p.read_text(encoding="utf-8")
                   if "\u4e00" <= ch <= "\u9fff"})
    out: dict[str, list[str]] = {}
    for ch, sound in zip(pool, lazy_pinyin("".join(pool))):
        out.setdefault(sound, []).append(ch)
    return out


def _same_sound_slip(stem: str) -> str:
    """The stem with one character changed for another of the same sound, taken from the reports."""
    from pypinyin import lazy_pinyin

    for i in range(len(stem) - 1, -1, -1):
        others = [ch for ch in _sounds().get(lazy_pinyin(stem[i])[0], []) if ch != stem[i]]
        if others:
            return stem[:i] + others[0] + stem[i + 1:]
    raise AssertionError(f"no same-sound character for {stem}")


@pytest.mark.parametrize("agency,stem", [("平潭综合实验区", "平潭"), ("淮安市人民政府", "淮安"),
                                         ("淮安市洪泽区人民政府", "洪泽"), ("沭阳县人民政府", "沭阳"),
                                         ("平潭综合实验区行政审批局", "平潭")])
def test_a_one_character_slip_is_read_as_the_place_and_the_correction_stated(agency, stem):
    right = f"{agency}2024年行政复议多少件？"
    slip = _same_sound_slip(stem)
    wrong = right.replace(stem, slip, 1)
    assert wrong != right
    assert top(wrong) == top(right)
    assert match_agencies(wrong, AGENCIES)[0].correction == (slip, stem)
    q = understand(wrong, AGENCIES)
    assert q.agency_corrections == ((slip, stem),)
    assert stated_correction(q.agency_corrections[0]) == f"按“{stem}”理解（问题写作“{slip}”）"


def test_the_issue_example_pingtan():
    q = understand("平谭综合实验区2024年行政复议多少件？", AGENCIES)
    assert q.agencies == (("平潭综合实验区",),) and q.agency_corrections == (("平谭", "平潭"),)


def test_no_guess_without_a_certain_slip():
    # a real county one character off (泗阳/沭阳) is another agency, not a slip
    assert "沭阳县人民政府" not in top("泗阳县2024年行政复议多少件？")
    assert understand("泗阳县2024年行政复议多少件？", AGENCIES).agencies == ()
    # another sound and no division word after it: not read as 平潭
    assert top("平口2024年行政复议多少件？") == []
    # but the zone's own words after it make the slip certain
    assert top("平口综合实验区2024年行政复议多少件？") == ["平潭综合实验区"]
    # two places of the collection fit the slip as well: none is taken
    assert match_agencies("平谭2024年行政复议多少件？", ["平潭综合实验区", "平檀县人民政府"]) == []
    # ordinary words one character off a place are not places
    for question in ("平均每年收到多少申请？", "上报了多少条信息？", "淮河流域2024年行政复议多少件？"):
        assert all(m.correction is None for m in match_agencies(question, AGENCIES)), question


def test_corrections_are_only_those_of_the_chosen_agencies():
    assert agency_corrections("平谭2024年行政复议多少件？", AGENCIES, ["平潭综合实验区"]) == (("平谭", "平潭"),)
    assert agency_corrections("平谭2024年行政复议多少件？", AGENCIES, ["上海市科学技术委员会"]) == ()
    assert agency_corrections("平潭2024年行政复议多少件？", AGENCIES, ["平潭综合实验区"]) == ()


def test_traditional_characters_keep_the_spans_of_the_question():
    question = traditional("淮安市洪泽区人民政府2024年行政復議多少件")
    match = match_agencies(question, AGENCIES)[0]
    assert match.agency == "淮安市洪泽区人民政府"
    a, b = match.spans[0]
    assert question[a:b] == traditional("淮安市洪泽区人民政府")


def test_a_city_and_district_filed_without_the_government_word_are_two_places():
    name = read_name("赣州市南康区")
    assert name.places == ("赣州市", "南康区") and name.department == ""
    assert [m.agency for m in match_agencies("nankang qu 2025 nian xingzheng fuyi", ["赣州市南康区", "洛阳市市场监督管理局"])] \
        == ["赣州市南康区"]


def test_a_one_character_place_in_english_or_pinyin_with_its_division_word():
    agencies = ["温县人民政府", "株洲市人民政府"]
    for q in ("Wen County, Henan: administrative reconsiderations in 2023?", "wen xian 2023 xingzheng fuyi"):
        assert [m.agency for m in match_agencies(q, agencies)][:1] == ["温县人民政府"], q
    assert not match_agencies("How many lawsuits went to court when the wind was high in 2023?", agencies)


def test_a_zone_said_with_the_short_word_of_its_kind():
    agencies = ["武汉东湖新技术开发区", "西安高新技术产业开发区", "贵州省市场监督管理局"]
    for q, want in (("东湖高新区2025年新收申请多少件", "武汉东湖新技术开发区"),
                    ("光谷（东湖高新区）2025年行政复议多少起", "武汉东湖新技术开发区"),
                    ("东湖高新区管委会2025年行政诉讼多少起", "武汉东湖新技术开发区")):
        u = understand(q, agencies)
        assert u.agencies == ((want,),), q
        assert (("东湖高新区", want) in u.agency_corrections), q  # the reading is stated
        assert not any("管委会" in s.text for s in u.slots)
    # "高新区" alone fits two zones: no guess
    assert understand("高新区2025年行政诉讼多少起", agencies).agencies == ()


def test_the_place_of_one_agency_with_the_department_of_another_is_neither():
    agencies = ["唐山市行政审批局", "贵州省市场监督管理局"]
    q = understand("唐山市市场监督管理局2024年收到了多少件政府信息公开申请？", agencies)
    assert q.agencies == () and q.unknown_agency == "唐山市市场监督管理局"
    assert understand("唐山市行政审批局2024年新收申请多少件", agencies).agencies == (("唐山市行政审批局",),)


def test_a_zone_named_in_english_with_its_place_in_pinyin():
    agencies = ["武汉东湖新技术开发区", "贵州省市场监督管理局", "西安高新技术产业开发区"]
    q = understand("In 2025, how many information requests did the Donghu high-tech zone partly disclose?", agencies)
    assert q.agencies == (("武汉东湖新技术开发区",),)
    assert understand("How many requests did the high-tech zone receive in 2025?", agencies).agencies == ()


def test_a_department_word_misspelt_by_a_same_sounding_character_is_read_and_said():
    agencies = ["上海市人民政府办公厅", "平潭综合实验区公安局", "上海市人力资源和社会保障局"]
    q = understand("上海办工厅2019年规章新制作几件", agencies)
    assert q.agencies == (("上海市人民政府办公厅",),) and ("办工厅", "办公厅") in q.agency_corrections
    q = understand("平潭公安局2022年新收申请几件", agencies)  # written right: nothing to put right
    assert not any(w == "公安局" for w, _ in q.agency_corrections)


@pytest.mark.parametrize("question, agency", [
    ("宁夏2024年行政事业性收费金额是多少", "宁夏回族自治区人民政府"),
    ("宁夏自治区政府2024年行政诉讼", "宁夏回族自治区人民政府"),
    ("Ningxia Hui Autonomous Region government 2024 lawsuits", "宁夏回族自治区人民政府"),
    ("湘西州2011年主动公开多少条", "湘西土家族苗族自治州人民政府"),
    ("怒江州政府办公室2019年收到多少申请", "怒江傈僳族自治州人民政府办公室"),
    ("锡林郭勒盟2024年行政复议", "锡林郭勒盟行政公署"),
    ("锡盟行署2024年部分公开了几件", "锡林郭勒盟行政公署"),
])
def test_autonomous_places_and_leagues_by_the_names_people_use(question, agency):
    unseen = ["宁夏回族自治区人民政府", "湘西土家族苗族自治州人民政府", "怒江傈僳族自治州人民政府办公室",
              "锡林郭勒盟行政公署"]
    assert top(question, AGENCIES + unseen) == [agency]


def test_a_department_word_before_a_topic_word_is_a_topic():
    found = top("平潭2017年环境保护方面一共发了多少条信息")
    assert "平潭综合实验区" in found and all(read_name(a).government for a in found)


def test_a_department_whose_name_ends_like_a_place_is_a_department():
    name = read_name("六盘水市住房和城乡建设局")
    assert name.places == ("六盘水市",) and name.department == "住房和城乡建设局"
    assert top("六盘水住建局2024年信函申请几件", AGENCIES + ["六盘水市住房和城乡建设局"]) == ["六盘水市住房和城乡建设局"]


def test_a_service_hall_is_no_unknown_department():
    from qa.agencies import unknown_agency

    assert unknown_agency("西宁经开区的窗口服务大厅共受理了多少件申请", ((0, 5),)) is None
    assert unknown_agency("唐山市市场监督管理局2024年收到多少申请", ()) is not None


def test_a_department_written_with_another_connector_leaves_no_words_behind():
    # "自然资源和生态环境局" for 自然资源与生态环境局: the whole wording is the agency's, none of it a
    # metric word of the question
    agency = "平潭综合实验区自然资源与生态环境局"
    q = understand("平潭自然资源和生态环境局24年有多大比例的申请最后是“无法提供”？", [agency, "平潭综合实验区"])
    assert q.agencies == ((agency,),)
    assert not any("自然" in s.text or "资源" in s.text for part in q.parts for s in part)


def test_a_zone_by_the_short_word_of_its_kind_with_or_without_its_place():
    agencies = ["西安高新技术产业开发区", "绵阳市市场监督管理局"]
    # "西安高新区": the place and the short word of its kind, all of it the agency's wording
    u = understand("西安高新区的行政规范性文件：本年制发、废止分别是多少？", agencies)
    assert u.agencies == (("西安高新技术产业开发区",),) and not any("高新" in s.text for s in u.slots)
    # "高新区管委会" alone: the one 高新技术产业开发区 of the collection, the reading stated
    u = understand("高新区管委会2024年行政许可比行政处罚多多少件？", agencies)
    assert u.agencies == (("西安高新技术产业开发区",),) and ("高新区", "西安高新技术产业开发区") in u.agency_corrections


def test_an_autonomous_county_named_for_peoples_whose_names_end_like_a_division():
    # 东乡族 is a people, not a 乡: the county is one place, called by its stem and 县
    name = read_name("积石山保安族东乡族撒拉族自治县市场监督管理局")
    assert name.places == ("积石山保安族东乡族撒拉族自治县",) and name.department == "市场监督管理局"
    agency = "积石山保安族东乡族撒拉族自治县市场监督管理局"
    q = understand("积石山县市场监管局2025年行政处罚和行政强制加起来一共多少件？", [agency, "三都水族自治县人民政府"])
    assert q.agencies == ((agency,),) and not any("积石山" in s.text for s in q.slots)


def test_a_subdistrict_office_by_its_place_names_in_chinese_and_english():
    # 江汉区 is a division though 民 follows it; a 街道办事处 governs its 街道; English names the
    # places smallest first, joined by "in" and commas
    assert read_name("武汉市江汉区民族街道办事处").places == ("武汉市", "江汉区", "民族街道")
    assert read_name("南京市民政局").department == "民政局"
    agencies = ["武汉市江汉区民族街道办事处", "武汉市江汉区人民政府", "柳州市人民政府办公室"]
    for q in ("民族街道24年新收到的申请一共多少件？", "江汉区民族街道办2024年收到几件申请",
              "How many lawsuits did the Minzu Subdistrict Office in Jianghan District, Wuhan face in 2024?"):
        assert match_agencies(q, agencies)[0].agency == "武汉市江汉区民族街道办事处", q
    assert match_agencies("Wuhan Jianghan district government 2024", agencies)[0].agency == "武汉市江汉区人民政府"


def test_a_real_place_before_a_department_match_rules_that_agency_out():
    # "吉首市人民政府": 吉首 is not 柳州, whatever part of 人民政府办公室 the words match
    q = understand("吉首市人民政府2024年收到多少件政府信息公开申请？", ["柳州市人民政府办公室", "湘西土家族苗族自治州人民政府"])
    assert q.agencies == () and q.unknown_agency


def test_a_division_splits_where_the_gazetteer_splits_it():
    # 清新区 is 清新 + 区, not 清 + 新区 (a new area): found by its own name and in pinyin
    assert read_name("清远市清新区人民政府").stems == ("清远", "清新")
    agencies = ["清远市清新区人民政府", "浏阳市人民政府"]
    found = match_agencies("How many administrative licensing decisions did the Qingxin District government make in 2023?",
                           agencies)
    assert found and found[0].agency == "清远市清新区人民政府"


def test_a_long_zone_name_by_its_abbreviation_but_not_by_the_words_every_zone_has():
    agencies = ["山西转型综合改革示范区", "南宁高新技术产业开发区"]
    for said in ("山西综改示范区", "山西综改区", "综改区"):
        found = match_agencies(f"{said}2021年本年新收政府信息公开申请多少件？", agencies)
        assert found and found[0].agency == "山西转型综合改革示范区", said
    for said in ("开发区", "高新区", "喀什经济开发区"):
        assert not match_agencies(f"{said}2020年本年新收政府信息公开申请多少件？", agencies), said


def test_a_management_committee_is_a_zones_government_not_a_countys():
    # 平潭管委会: the 综合实验区 (a zone has a 管委会), not 平潭县人民政府 of the same place name
    found = match_agencies("平潭管委会2012年行政复议多少件", ["平潭县人民政府", "平潭综合实验区"])
    assert found[0].agency == "平潭综合实验区" and found[0].score > found[1].score


def test_a_banner_of_inner_mongolia_is_a_place():
    agencies = ["准格尔旗人民政府", "鹤岗市公安局"]
    assert understand("准格尔旗2011年网站公开信息多少条", agencies).agencies == (("准格尔旗人民政府",),)
    # a banner said by some of its characters, as locals shorten it
    agencies = ["鄂托克前旗人民政府", "鄂托克旗人民政府", "科尔沁右翼前旗人民政府"]
    assert understand("鄂前旗23年收到多少件信息公开申请？", agencies).agencies == (("鄂托克前旗人民政府",),)
    assert understand("科右前旗2023年行政复议多少件", agencies).agencies == (("科尔沁右翼前旗人民政府",),)
    assert understand("鄂托克旗2023年行政复议多少件", agencies).agencies == (("鄂托克旗人民政府",),)
    # by its first character alone, as locals say it (伊旗, 准旗)
    agencies = ["鄂尔多斯市伊金霍洛旗人民政府", "准格尔旗人民政府", "芜湖市财政局"]
    assert understand("伊旗2024年行政许可处理决定有多少件？", agencies).agencies == (("鄂尔多斯市伊金霍洛旗人民政府",),)
    assert understand("准旗2011年网站公开信息多少条", agencies).agencies == (("准格尔旗人民政府",),)


def test_a_district_named_in_pinyin_that_is_not_the_one_matched_is_not_found():
    agencies = ["赣州市南康区人民政府", "淮安市洪泽区人民政府"]
    other = understand("How many requests did the Zhanggong District government (Ganzhou) receive in 2024?", agencies)
    assert other.unknown_agency == "Zhanggong District"
    own = understand("How many requests did the Nankang District government (Ganzhou) receive in 2024?", agencies)
    assert own.unknown_agency is None and own.agencies == (("赣州市南康区人民政府",),)
    # a one-character county spelt with its division word: Youxian (攸县) County
    agencies = ["攸县人民政府", "淮安市洪泽区人民政府"]
    own = understand("How many penalty decisions did the Youxian County government report for 2024?", agencies)
    assert own.unknown_agency is None and own.agencies == (("攸县人民政府",),)
    # a place whose character has two readings (新都: xin du, not only xin dou)
    own = understand("How many items did Xindu District publish in 2023?", ["成都市新都区人民政府"])
    assert own.unknown_agency is None and own.agencies == (("成都市新都区人民政府",),)


def test_a_high_tech_zone_named_in_english():
    agencies = ["大连高新技术产业园区", "淮安市洪泽区人民政府"]
    q = understand("What was the administrative fee revenue of the Dalian Hi-tech Industrial Zone for 2023?", agencies)
    assert q.unknown_agency is None and q.agencies == (("大连高新技术产业园区",),)
    assert understand("大连高新区2023年行政事业性收费多少", agencies).agencies == (("大连高新技术产业园区",),)
    # a department of the zone said with the zone's short word: 高新区 is no metric word
    q = understand("大连高新区管委会办公室2024年予以公开和部分公开加起来一共多少件？",
                   ["大连高新技术产业园区管委会办公室", "大连高新技术产业园区"])
    assert q.agencies == (("大连高新技术产业园区管委会办公室",),) and not any("高新" in s.text for s in q.slots)


def test_another_body_of_a_place_is_not_the_agency_matched_by_the_place():
    """The collection holds 芜湖市财政局 and another city's 住建局: "芜湖市住建局" is neither."""
    agencies = ["芜湖市财政局", "银川市住房和城乡建设局", "淮安市人民政府"]
    for question in ("芜湖市住建局2024年收到多少申请", "芜湖住房和城乡建设局2024年收到多少申请",
                     "芜湖市粮食和物资储备局2024年收到多少申请",
                     "How many requests did Wuhu's housing and urban-rural development bureau receive in 2024?"):
        assert "芜湖市财政局" not in [m.agency for m in match_agencies(question, agencies)], question
        assert understand(question, agencies).agencies == (), question
    assert "淮安市人民政府" not in [m.agency for m in match_agencies("淮安市公安局2024年行政复议多少件", agencies)]
    # the place alone, the agency's own department and the government's own office still find it
    assert top("芜湖市2024年收到多少申请", agencies) == ["芜湖市财政局"]
    assert top("芜湖市财政局2024年收到多少申请", agencies) == ["芜湖市财政局"]
    assert top("How many requests did the Wuhu finance bureau receive in 2024?", agencies) == ["芜湖市财政局"]
    assert top("淮安市政府办公室2024年收到多少申请", agencies) == ["淮安市人民政府"]
    assert top("淮安市2024年收到申请数是多少", agencies) == ["淮安市人民政府"]
    # "平潭各局", "平潭这几个局": the place's bodies in general, not another one
    agencies = ["平潭综合实验区财政金融局", "平潭综合实验区社会事业局"]
    assert set(top("2024年平潭各局的公开率从高到低排序", agencies)) == set(agencies)


def test_an_economic_development_zone_by_its_place_its_short_word_and_its_committee():
    agencies = ["洋浦经济开发区", "德州市人民政府", "南昌市红谷滩区行政审批局"]
    for question in ("洋浦开发区管委会2024年一共收到多少件申请", "洋浦2024年作出了多少件行政处罚决定", "洋浦管委会2024年予以公开多少件",
                     "洋浦经开区2024年行政处罚多少件", "How many penalty decisions did the Yangpu Economic Development Zone make in 2024?"):
        assert top(question, agencies) == ["洋浦经济开发区"], question


def test_a_district_that_was_a_county_is_one_place():
    # 沙县区 (the county 沙县 became a district): one place, not 沙县 and a 乡 named 区住房和城乡
    name = read_name("三明市沙县区住房和城乡建设局")
    assert name.places == ("三明市", "沙县区") and name.department == "住房和城乡建设局"
    agencies = ["三明市沙县区住房和城乡建设局", "宿迁市人民政府"]
    for question in ("沙县住建局2024年不予公开多少件", "沙县区住建局2024年有几件申请",
                     "How many requests did the Shaxian District housing bureau handle in 2024?"):
        assert top(question, agencies) == ["三明市沙县区住房和城乡建设局"], question


def test_an_industrial_park_by_its_english_name_and_not_by_its_citys():
    # 苏州工业园区 is 苏州 + 工业园区 (the zone's word, not 苏州工业园 + 区): "Suzhou Industrial Park" names it;
    # 苏州市政府 names the city it lies in, a division of its own, not the zone
    agencies = ["苏州工业园区", "新乡市人民政府"]
    assert read_name("苏州工业园区").stems == ("苏州",)
    q = understand("How many reconsideration cases involving Suzhou Industrial Park were upheld in 2024?", agencies)
    assert q.agencies == (("苏州工业园区",),)
    assert understand("苏州园区2024年行政复议维持几件", agencies).agencies == (("苏州工业园区",),)
    city = understand("苏州市政府2024年行政复议维持几件", agencies)
    assert city.agencies == () and city.unknown_agency == "苏州市"


def test_a_department_of_a_place_named_by_its_english_name_is_not_another_places_department():
    # "Lhasa" is read as 拉萨: the Agriculture and Rural Affairs Bureau of Lhasa is not 北海市农业农村局
    q = understand("How many administrative penalty decisions did the Lhasa Municipal Agriculture and Rural "
                   "Affairs Bureau report for 2022?", ["北海市农业农村局", "天水市人民政府"])
    assert q.agencies == () and q.unknown_agency == "拉萨" and q.language == "en"
    q = understand("How many administrative penalty decisions did the Beihai Municipal Agriculture and Rural "
                   "Affairs Bureau report for 2022?", ["北海市农业农村局", "天水市人民政府"])
    assert q.agencies == (("北海市农业农村局",),)


def test_a_places_government_named_in_english_is_not_one_of_its_departments():
    agencies = ["宜昌市财政局", "淮安市人民政府"]
    q = understand("How many information disclosure requests did the Yichang Municipal People's Government "
                   "receive in 2024?", agencies)
    assert q.agencies == ()
    q = understand("How many information disclosure requests did the Yichang Municipal Finance Bureau receive in 2024?",
                   agencies)
    assert q.agencies == (("宜昌市财政局",),)


def test_a_province_level_place_without_its_word_then_a_zone():
    # "重庆两江新区": 重庆 (said without 市), then the new area: "两江新区" names it
    name = read_name("重庆两江新区")
    assert name.places[0] == "重庆" and name.stems[0] == "重庆"
    assert read_name("广西壮族自治区人民政府").places == ("广西壮族自治区",)
    assert read_name("北京市西城区什刹海街道办事处").places == ("北京市", "西城区", "什刹海街道")
    agencies = ["重庆两江新区", "淮安市人民政府"]
    assert top("两江新区2024年因属于三类内部事务信息不予公开的申请有多少件？", agencies) == ["重庆两江新区"]


def test_another_street_or_town_of_the_same_district_is_not_the_one_held():
    # 德胜街道 and 什刹海街道 both lie in 北京市西城区: the one named is not held; nor is 周庄镇 千灯镇
    agencies = ["北京市西城区什刹海街道办事处", "昆山市千灯镇人民政府", "淮安市洪泽区人民政府"]
    assert top("北京市西城区德胜街道办事处2024年行政处罚决定数量是多少？", agencies) == []
    assert top("北京市西城区什刹海街道办事处2024年行政处罚决定数量是多少？", agencies) == ["北京市西城区什刹海街道办事处"]
    assert top("昆山市周庄镇2024年收到几件申请", agencies) == []
    assert top("昆山市千灯镇2024年收到几件申请", agencies) == ["昆山市千灯镇人民政府"]
    assert top("淮安市洪泽区各乡镇2024年收到几件申请", agencies) == ["淮安市洪泽区人民政府"]


def test_a_national_zone_is_named_by_its_place_and_its_short_word():
    # 贵阳国家高新技术产业开发区: 国家 is the zone's rank, 贵阳 its place; "贵阳高新区" names it
    assert read_name("贵阳国家高新技术产业开发区").stems == ("贵阳",)
    agencies = ["贵阳国家高新技术产业开发区", "淮安市人民政府"]
    for question in ("贵阳高新区2024年全年发布了多少篇政策文件解读？", "贵阳高新区管委会2024年有几件申请因“重复申请”不予处理？"):
        assert top(question, agencies) == ["贵阳国家高新技术产业开发区"], question


def test_a_higher_places_government_is_not_a_town_government_in_it():
    # "攸县人民政府": the county's government, not 攸县皇图岭镇人民政府 (a town in the county)
    agencies = ["攸县皇图岭镇人民政府", "淮安市洪泽区人民政府"]
    assert top("攸县人民政府2024年收到多少件政府信息公开申请？", agencies) == []
    assert top("攸县皇图岭镇人民政府2024年收到多少件申请", agencies) == ["攸县皇图岭镇人民政府"]
    assert top("皇图岭镇2024年收到多少件申请", agencies) == ["攸县皇图岭镇人民政府"]


def test_a_zone_filed_by_its_name_is_a_place():
    # "江西赣江新区": the zone's committee filed under the zone's name; "…市实验区" stays a body
    assert read_name("江西赣江新区").places == ("江西", "赣江新区")
    assert read_name("淮安市实验区").department == "实验区"
    q = understand("How many lawsuits did the Ganjiang New Area Management Committee face in 2024?",
                   ["江西赣江新区", "江西省人民政府"])
    assert q.agencies == (("江西赣江新区",),) and q.unknown_agency is None


def test_a_matched_bureau_in_pinyin_is_no_other_department():
    agencies = ["龙岩市住房和城乡建设局", "三亚市市场监督管理局"]
    q = understand("How many lawsuits did Longyan's housing and urban-rural development bureau (Longyan Shi "
                   "Zhujianju) face in 2023?", agencies)
    assert q.agencies == (("龙岩市住房和城乡建设局",),) and q.unknown_agency is None
    other = understand("How many lawsuits did Longyan jiaotongju face in 2023?", agencies)
    assert other.unknown_agency == "jiaotongju"


def test_a_department_with_one_character_mistyped_is_that_department():
    agencies = ["洛阳市自然资源和规划局", "洛阳市人民政府"]
    q = understand("洛阳市自然资源和规化局2024年不予公开几件", agencies)
    assert q.agencies == (("洛阳市自然资源和规划局",),) and q.unknown_agency is None
    assert ("自然资源和规化局", "自然资源和规划局") in agency_corrections("洛阳市自然资源和规化局2024年", agencies,
                                                                ["洛阳市自然资源和规划局"])
    # two characters off is another body
    assert understand("洛阳市自然资产和规化局2024年不予公开几件", agencies).agencies != (("洛阳市自然资源和规划局",),)


def test_an_autonomous_prefecture_said_whole_of_a_report_filed_short():
    q = understand("凉山彝族自治州人民政府2024年收取的信息处理费是多少元？", ["凉山州人民政府", "西昌市人民政府"])
    assert q.agencies == (("凉山州人民政府",),)
    assert not any("自治" in s.text or "彝族" in s.text for s in q.slots)


def test_the_bureau_said_again_as_a_place_names_no_other_body():
    # "因为局里不掌握": the bureau asked about, said again as 局里, is no unknown 局
    q = understand("佛山市生态环境局2023年有多少件申请是因为局里不掌握相关信息而没法提供的？", ["佛山市生态环境局"])
    assert q.agencies == (("佛山市生态环境局",),) and q.unknown_agency is None


@pytest.mark.parametrize("text", ["How many requests did the Nanning Municipal People's Government receive in 2025?",
                                  "How many requests did the Nanning city government receive in 2025?"])
def test_a_city_said_in_english_is_not_the_zone_named_after_it(text):
    # as "南宁市人民政府" is not 南宁高新技术产业开发区: the city it is named after, an agency of its own
    assert not match_agencies(text, ["南宁高新技术产业开发区"])
    assert match_agencies(text.replace("Municipal People's Government", "High-tech Zone")
                          .replace("city government", "High-tech Zone"), ["南宁高新技术产业开发区"])


def test_a_departments_generic_ending_alone_is_no_abbreviation_of_it():
    # 开封市市场监督管理局 asked, 开封市行政审批和政务信息管理局 held: "管理局" is any bureau's ending, not a
    # short name of that one; 审批局 (a word of what it does) is
    agencies = ["开封市行政审批和政务信息管理局", "重庆市江北区市场监督管理局"]
    q = understand("开封市市场监督管理局2024年收到多少件政府信息公开申请？", agencies)
    assert q.agencies == () and q.unknown_agency == "开封市市场监督管理局"
    assert understand("开封市审批局2024年收到多少件申请？", agencies).agencies == (("开封市行政审批和政务信息管理局",),)


def test_a_city_bureaus_branch_is_found_by_the_district_it_serves():
    # 绵阳市公安局涪城区分局 is what people call 涪城区公安分局, or "Fucheng District Public Security Sub-bureau";
    # the city's own bureau is still the city's
    agencies = ["绵阳市公安局涪城区分局", "绵阳市公安局", "株洲市公安局天元分局"]
    assert read_name("绵阳市公安局涪城区分局").places == ("绵阳市", "涪城区")
    assert read_name("株洲市公安局天元分局").places == ("株洲市", "天元区")  # the district said without its 区
    for text in ("涪城区公安分局2022年收到多少件申请？", "绵阳涪城公安分局2022年收到多少件申请？", "涪城分局2022年收到多少件申请？",
                 "Mianyang Fucheng District Public Security Sub-bureau 2022: how many requests were received?"):
        assert understand(text, agencies).agencies == (("绵阳市公安局涪城区分局",),), text
    assert understand("绵阳市公安局2022年收到多少件申请？", agencies).agencies == (("绵阳市公安局",),)
    assert understand("天元公安分局2022年收到多少件申请？", agencies).agencies == (("株洲市公安局天元分局",),)


@pytest.mark.parametrize("text, agency", [
    ("How many requests did the Jiading District Construction and Management Commission receive in 2024?",
     "上海市嘉定区建设和管理委员会"),
    ("嘉定区建管委2024年收到多少件申请？", "上海市嘉定区建设和管理委员会"),
    ("How many requests did the Yibin Bureau of Civil Air Defense receive in 2024?", "宜宾市人民防空办公室"),
    ("宜宾人防办2024年收到多少件申请？", "宜宾市人民防空办公室"),
    ("How many requests did the Yibin forestry bureau receive in 2024?", "宜宾市林业和草原局"),
])
def test_departments_people_name_by_their_short_or_english_names(text, agency):
    agencies = ["上海市嘉定区建设和管理委员会", "上海市嘉定区人民政府", "宜宾市人民防空办公室", "宜宾市林业和草原局",
                "宜宾市人民政府"]
    assert understand(text, agencies).agencies == ((agency,),)


@pytest.mark.parametrize("name, places", [
    ("大连金普新区", ("大连", "金普新区")), ("青岛西海岸新区管委会", ("青岛", "西海岸新区")),
    ("宁波杭州湾新区", ("宁波", "杭州湾新区")),
    # a zone named by its kind alone stays one place with its city's name
    ("成都高新区", ("成都高新区",)), ("西安高新技术产业开发区", ("西安高新技术产业开发区",)),
])
def test_a_city_said_without_its_shi_before_a_zone_of_its_own_name(name, places):
    assert read_name(name).places == places
