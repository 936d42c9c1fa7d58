"""The number reader: cells and figures as real reports print them, and property tests."""
from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.numbers import Quantity, Scale, header_scale, read_chinese_numeral, read_quantity, read_year

# ---------------------------------------------------------------- examples from the reports


@pytest.mark.parametrize(
    "text, value, unit, approximate",
    [
        # the seed report (上海市人力资源和社会保障局_2011)
        ("2332万个", 23_320_000, "个", False),
        ("11.61亿次", 1_161_000_000, "次", False),
        ("8.3万余件", 83_000, "件", True),
        ("近379万个", 3_790_000, "个", True),
        ("逾18万", 180_000, None, True),
        ("5万多家", 50_000, "家", True),
        ("56%", 56, "%", False),
        ("64.4元", 64.4, "元", False),
        ("251000元", 251_000, "元", False),
        ("13件", 13, "件", False),
        ("819条", 819, "条", False),
        ("134批次", 134, "批次", False),
        ("3024人次", 3024, "人次", False),
        ("1400余篇次", 1400, "篇次", True),
        ("约1135万个", 11_350_000, "个", True),
        ("近15万多个", 150_000, "个", True),
        ("2332万余人次", 23_320_000, "人次", True),
        ("498 件", 498, "件", False),
        ("十三件", 13, "件", False),
        ("两期", 2, "期", False),
        # 平潭 and 上海 reports
        ("18651.06万元", 186_510_600, "元", False),
        ("7700余条", 7700, "条", True),
        ("219062.78元", 219_062.78, "元", False),
        ("超2300万", 23_000_000, None, True),
        ("1万元", 10_000, "元", False),
        ("3000多人次", 3000, "人次", True),
        ("4.34%", 4.34, "%", False),
        # table cells
        ("0", 0, None, False),
        ("-3", -3, None, False),
        ("+2", 2, None, False),
        ("－3", -3, None, False),
        ("１２３", 123, None, False),
        ("１２．５％", 12.5, "%", False),
        ("1,234,567", 1_234_567, None, False),
        ("39573802895.90", 39_573_802_895.90, None, False),
        (" 40 ", 40, None, False),
        # other forms
        ("二十一个", 21, "个", False),
        ("一百零五件", 105, "件", False),
        ("两千", 2000, None, False),
        ("三万元", 30_000, "元", False),
        ("十余件", 10, "件", True),
        ("二十多个", 20, "个", True),
        ("约1000人", 1000, "人", True),
        ("300左右", 300, None, True),
        ("超过500件", 500, "件", True),
        ("百分之五十六", 56, "%", False),
        ("1.06万次", 10_600, "次", False),
        ("15个工作日", 15, "个工作日", False),
    ],
)
def test_reads_quantities_as_printed(text, value, unit, approximate):
    q = read_quantity(text)
    assert q is not None, text
    assert math.isclose(q.value, value, rel_tol=1e-12, abs_tol=1e-9)
    assert (q.unit, q.approximate, q.raw) == (unit, approximate, text.strip())


@pytest.mark.parametrize(
    "text",
    ["", " ", "-", "—", "——", "/", "／", "无", "指标", "单位", "本年新收政府信息公开申请数量",
     "2.5.1", "12a3", "1,23", "12.", "007", "13件和35件", "3-5件", "2011年1月1日", "2024年",
     "第二十条", "一是", "（一）", "百", "十十", "二三十", "一百零", "13件申请", "5.属于", "%", "万元", "约",
     "13 35", "1 234", "十 三", "3一", "２０２４ 年"],
)
def test_refuses_what_is_not_one_quantity(text):
    assert read_quantity(text) is None


def test_a_header_unit_scales_bare_cells():
    scale = header_scale("本年收费金额（单位：万元）")
    assert scale == Scale(Decimal(10000), "元")
    q = read_quantity("18651.064104", scale)
    assert q == Quantity(186_510_641.04, "元", False, "18651.064104")
    # a cell that states its own unit is read as printed
    assert read_quantity("5元", scale).value == 5
    assert read_quantity("-", scale) is None


@pytest.mark.parametrize(
    "header, scale",
    [("（单位：万元）", Scale(Decimal(10000), "元")), ("单位:件", Scale(Decimal(1), "件")),
     ("采购总金额(万元)", Scale(Decimal(10000), "元")), ("%", Scale(Decimal(1), "%")),
     ("本年处理决定数量", None), ("指标", None)],
)
def test_header_scale(header, scale):
    assert header_scale(header) == scale


@pytest.mark.parametrize(
    "text, year",
    [("2024", 2024), ("2024年", 2024), ("2024年度", 2024), ("二〇二四年", 2024), ("二零二四", 2024),
     ("２０１１年", 2011), ("二〇一一", 2011), ("12", None), ("2024年5月", None), ("1850", None), ("", None)],
)
def test_read_year(text, year):
    assert read_year(text) == year


@pytest.mark.parametrize(
    "text, value",
    [("十三", 13), ("二十一", 21), ("一百零五", 105), ("两千", 2000), ("二〇一一", 2011), ("十万零三百", 100_300),
     ("三千五", 3500), ("两万三", 23_000), ("一亿二千万", 120_000_000), ("负五", -5), ("五十三点五", 53.5),
     ("壹佰贰拾", 120), ("一万零五千", None), ("〇五", None), ("点五", None), ("", None)],
)
def test_chinese_numerals(text, value):
    assert read_chinese_numeral(text) == value


# ---------------------------------------------------------------- properties


def _chinese(n: int, two: str = "二") -> str:
    """Our own rendering of 0..99999: 十三 (not 一十三), 零 for gaps, ``two`` for a leading 2."""
    if n == 0:
        return "零"
    digits = "零一二三四五六七八九"
    units = ["", "十", "百", "千", "万"]
    out, zero = [], False
    places = [int(d) for d in str(n)]
    for i, d in enumerate(places):
        unit = units[len(places) - 1 - i]
        if d == 0:
            zero = True
            continue
        if zero and out:
            out.append("零")
        zero = False
        name = two if d == 2 and unit in ("千", "万") else digits[d]
        out.append(name + unit)
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


def test_chinese_numerals_round_trip_every_number_below_100000():
    for n in range(100_000):
        text = _chinese(n, "两" if n % 2 else "二")
        assert read_chinese_numeral(text) == n, text


@pytest.mark.slow
def test_chinese_numerals_agree_with_cn2an_below_100000():
    import cn2an  # an independent renderer, only here: it is slow to import on the ask path

    for n in range(100_000):
        assert read_chinese_numeral(cn2an.an2cn(n)) == n, cn2an.an2cn(n)


_SCALES = {"": 1, "万": 10**4, "亿": 10**8}
_UNITS = ["", "件", "个", "次", "人次", "条", "批次", "元", "%", "家", "篇次", "万元"]


@st.composite
def printed_quantities(draw):
    """A number rendered as a report would print it, with the value it stands for."""
    integer = draw(st.integers(min_value=0, max_value=10**9))
    places = draw(st.integers(min_value=0, max_value=4))
    fraction = draw(st.integers(min_value=0, max_value=10**places - 1)) if places else 0
    number = Decimal(integer) + (Decimal(fraction) / Decimal(10) ** places if places else 0)
    text = f"{number:.{places}f}"
    if draw(st.booleans()):
        text = f"{number:,.{places}f}"
    scale = draw(st.sampled_from(sorted(_SCALES)))
    unit = draw(st.sampled_from(_UNITS))
    marker = draw(st.sampled_from(["", "约", "近", "逾", "超过", "余", "多", "左右"]))
    infix = marker if marker in ("余", "多") else ""
    prefix = marker if marker in ("约", "近", "逾", "超过") else ""
    suffix = marker if marker == "左右" else ""
    if unit == "%" and scale:
        unit = ""
    sign = draw(st.sampled_from(["", "-"])) if not marker else ""
    printed = f"{prefix}{sign}{text}{scale}{infix}{unit}{suffix}"
    value = number * _SCALES[scale] * (-1 if sign else 1)
    if unit == "万元":
        value *= 10**4
    return printed, float(value), unit.replace("万元", "元") or None, bool(marker)


@settings(max_examples=400, deadline=None)
@given(printed_quantities())
def test_printed_numbers_read_back_exactly(case):
    printed, value, unit, approximate = case
    q = read_quantity(printed)
    assert q is not None, printed
    assert math.isclose(q.value, value, rel_tol=1e-12, abs_tol=1e-9), (printed, q)
    assert q.unit == unit and q.approximate == approximate, (printed, q)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=99_999), st.sampled_from(["", "件", "个", "万", "万元", "余件"]))
def test_chinese_numerals_with_units(n, tail):
    q = read_quantity(_chinese(n) + tail)
    if tail.startswith("万") and n == 0:
        return  # 零万 is not a numeral anyone writes
    if tail.startswith("万") and n >= 10**4:
        assert q is None or q.value == n * 10**4
        return
    assert q is not None, _chinese(n) + tail
    assert q.value == n * (10**4 if tail.startswith("万") else 1)
    assert q.approximate == ("余" in tail)


_STRICT_NUMBER = re.compile(r"(?:[1-9]\d{0,2}(?:,\d{3})+|0|[1-9]\d*)(?:\.\d+)?")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789.,", min_size=1, max_size=12))
def test_digit_strings_are_read_exactly_or_refused(text):
    q = read_quantity(text)
    if _STRICT_NUMBER.fullmatch(text):
        assert q is not None and q.value == float(Decimal(text.replace(",", "")))
    else:
        assert q is None, (text, q)


_PIECES = list("0123456789０１２.,，%％-+－ 十百千万亿零〇一二两三五余多约近逾件个元次人条年月日第号是、（）()“”|\n\t") + [
    "左右", "超过", "万元", "人次", "\x00", "\u200b", "𠀀", "é"]
_NOISE = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.one_of(_NOISE, st.text(max_size=20)))
def test_any_text_gives_a_quantity_or_none(text):
    q = read_quantity(text)
    assert q is None or (isinstance(q, Quantity) and math.isfinite(q.value))
    read_year(text)
    read_chinese_numeral(text)
    header_scale(text)
