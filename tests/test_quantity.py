"""reportgen.quantity: parsing clerks' quantities, adding them up honestly, writing them back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.quantity import (
    Quantity,
    UnitMismatch,
    add_quantities,
    format_number,
    format_quantity,
    parse_quantity,
)

EXAMPLES = "1200份、1.2万份、6000余万元、约200人、96%"
NO_SMALL_UNITS = "数字请用阿拉伯数字，数位只可用“万”“亿”（如 3000份、1.2万份），不用“十、百、千”"
NO_CHINESE_DIGITS = "数字请用阿拉伯数字，数位只可用“万”“亿”（如 1200份、1.2万份），不用汉字数字"
ALL_ARABIC = "数字请全部用阿拉伯数字，数位只可用“万”“亿”（如 47人次、1200份、1.2万份），不要写成汉字或混写"


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("1200份", 1200, "份", ""),
        ("6000余万元", 60_000_000, "元", "余"),
        ("6000多万元", 60_000_000, "元", "多"),
        ("1.2万份", 12_000, "份", ""),
        ("1.2万余份", 12_000, "份", "余"),
        ("90余人", 90, "人", "余"),
        ("约200人", 200, "人", "约"),
        ("近300人", 300, "人", "近"),
        ("200人左右", 200, "人", "左右"),
        ("20%以上", 20, "%", "以上"),
        ("3000人以上", 3000, "人", "以上"),
        ("10余次", 10, "次", "余"),
        ("1.5亿元", 150_000_000, "元", ""),
        ("96%", 96, "%", ""),
        ("96％", 96, "%", ""),
        ("１２００份", 1200, "份", ""),
        ("1,200份", 1200, "份", ""),
        ("1，200份", 1200, "份", ""),
        ("  1200份  ", 1200, "份", ""),
        ("20千克", 20, "千克", ""),
        ("3千米", 3, "千米", ""),
        ("0.5吨", Decimal("0.5"), "吨", ""),
        ("12", 12, "", ""),
        ("1.2万人次", 12_000, "人次", ""),
        ("80㎡", 80, "㎡", ""),
    ],
)
def test_parse_quantity_reads_value_unit_and_qualifier(text, value, unit, qualifier):
    quantity = parse_quantity(text)
    assert quantity == Quantity(Decimal(value), unit, qualifier)
    assert quantity.approximate is bool(qualifier)


@pytest.mark.parametrize("number", [1200, 0, Decimal("2.50")])
def test_parse_quantity_accepts_plain_numbers_without_unit(number):
    quantity = parse_quantity(number)
    assert quantity.value == Decimal(number)
    assert quantity.unit == ""
    assert quantity.approximate is False


def test_parse_quantity_gives_one_spelling_per_value():
    assert str(parse_quantity("1.2万份").value) == "12000"
    assert str(parse_quantity(Decimal("2.50")).value) == "2.5"


@pytest.mark.parametrize("text", ["96%", "20%以上", "3‰", "2个百分点"])
def test_rates_are_not_additive(text):
    assert parse_quantity(text).additive is False
    assert parse_quantity(text).is_rate is True


def test_counts_are_additive():
    assert parse_quantity("1200份").additive is True


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3千份", f"“3千份”：{NO_SMALL_UNITS}"),
        ("5百人", f"“5百人”：{NO_SMALL_UNITS}"),
        ("4七人次", f"“4七人次”：{ALL_ARABIC}"),
        ("12两份", f"“12两份”：{ALL_ARABIC}"),
        ("4廿人", f"“4廿人”：{ALL_ARABIC}"),
        ("0xA", f"“0xA”不是数量：数字后只能跟单位，写法如 {EXAMPLES}"),
        ("0o17份", f"“0o17份”不是数量：数字后只能跟单位，写法如 {EXAMPLES}"),
        ("一千二百份", f"“一千二百份”：{NO_CHINESE_DIGITS}"),
        ("约一百人", f"“约一百人”：{NO_CHINESE_DIGITS}"),
        ("约200余人", "“约200余人”：“约”和“余”只能用一个，如 约200人、200余人、200人左右"),
        ("200余人左右", "“200余人左右”：“余”和“左右”只能用一个，如 约200人、200余人、200人左右"),
        ("大约100份", f"“大约100份”不是数量：应以阿拉伯数字开头，例如 {EXAMPLES}"),
        ("", "数量不能为空，例如 1200份"),
        ("   ", "数量不能为空，例如 1200份"),
        ("1.2.3份", f"“1.2.3份”不是数量：数字后只能跟单位，写法如 {EXAMPLES}"),
        ("-5份", f"“-5份”不是数量：应以阿拉伯数字开头，例如 {EXAMPLES}"),
        ("12 份", f"“12 份”不是数量：数字后只能跟单位，写法如 {EXAMPLES}"),
        ("200人（含志愿者）", f"“200人（含志愿者）”不是数量：数字后只能跟单位，写法如 {EXAMPLES}"),
        ("1" * 16 + "份", f"“{'1' * 16}份”：数字太大或不是有限的数（最多 15 位整数）"),
        (True, f"应为数量，例如 {EXAMPLES}"),
    ],
)
def test_parse_quantity_rejects_with_chinese_message(text, message):
    with pytest.raises(ValueError) as caught:
        parse_quantity(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "qualifier", "expected"),
    [
        (1200, "", "1200"),
        (9999, "", "9999"),
        (10_000, "", "1万"),
        (12_000, "", "1.2万"),
        (12_500, "", "1.25万"),
        (12_345, "", "12345"),
        (150_000_000, "", "1.5亿"),
        (100_000_000, "", "1亿"),
        (123_456_789, "", "123456789"),
        (Decimal("1.5"), "", "1.5"),
        (456, "余", "450余"),
        (456, True, "450余"),
        (90, "余", "90余"),
        (16_400, "余", "1.6万余"),
        (12_000, "余", "1.2万余"),
        (60_000_000, "余", "6000余万"),
        (1_234_567, "余", "120余万"),
        (456, "约", "约460"),
        (454, "约", "约450"),
        (456, "近", "近460"),
        (451, "近", "近460"),
        (16_400, "约", "约1.6万"),
    ],
)
def test_format_number(value, qualifier, expected):
    assert format_number(Decimal(value), qualifier) == expected


@pytest.mark.parametrize("text", ["1200份", "1.2万份", "1.2万余份", "6000余万元", "96%", "90余人",
                                  "约200人", "近300人", "200人左右", "20%以上"])
def test_format_quantity_round_trips_what_a_clerk_writes(text):
    assert format_quantity(parse_quantity(text)) == text
    assert str(parse_quantity(text)) == text


def test_adding_quantities_sums_values_and_keeps_unit():
    total = parse_quantity("800份") + parse_quantity("1.2万份")
    assert total == Quantity(Decimal(12_800), "份", "")


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        (["1200份", "1.2万余份"], "1.3万余份"),
        (["90余人", "60多人"], "150余人"),
        (["200人以上", "100人"], "300余人"),
        (["近300人", "近200人"], "近500人"),
        (["约200人", "100人"], "约300人"),
        (["200人左右", "100余人"], "约300人"),
        (["近300人", "100余人"], "约400人"),
    ],
)
def test_a_total_of_approximate_figures_says_so(amounts, expected):
    total = add_quantities(parse_quantity(a) for a in amounts)
    assert total.approximate is True
    assert str(total) == expected


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        (["8吨", "500公斤"], "8.5吨"),
        (["500公斤", "8吨"], "8.5吨"),
        (["12公斤", "8千克"], "20公斤"),
        (["3公里", "500米"], "3.5公里"),
        (["6000万元", "2000元"], "6000.2万元"),
        (["1.2万人次", "300人次"], "1.23万人次"),
    ],
)
def test_convertible_units_are_converted_to_the_largest(amounts, expected):
    assert str(add_quantities(parse_quantity(a) for a in amounts)) == expected


@pytest.mark.parametrize(("left", "right"), [("1200份", "6条"), ("30人", "24人次"),
                                             ("3吨", "2米")])
def test_adding_quantities_of_units_that_do_not_convert_raises(left, right):
    with pytest.raises(UnitMismatch) as caught:
        parse_quantity(left) + parse_quantity(right)
    unit_left, unit_right = parse_quantity(left).unit, parse_quantity(right).unit
    assert str(caught.value) == f"单位不同，不能相加：{unit_left} 与 {unit_right}"


@pytest.mark.parametrize(("left", "right"), [("20%以上", "30%以上"), ("96%", "4%")])
def test_rates_are_never_summed(left, right):
    with pytest.raises(ValueError, match="百分数和比率不能相加"):
        parse_quantity(left) + parse_quantity(right)
