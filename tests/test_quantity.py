"""reportgen.quantity: parsing clerks' quantities and writing them back the 公文 way."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.quantity import Quantity, format_number, format_quantity, parse_quantity

EXAMPLES = "例如 1200份、1.2万份、6000余万元、96%"
NO_SMALL_UNITS = "数字请用阿拉伯数字，数位只可用“万”“亿”（如 3000份、1.2万份），不用“十、百、千”"


@pytest.mark.parametrize(
    ("text", "value", "unit", "approximate"),
    [
        ("1200份", 1200, "份", False),
        ("6000余万元", 60_000_000, "元", True),
        ("6000多万元", 60_000_000, "元", True),
        ("1.2万份", 12_000, "份", False),
        ("1.2万余份", 12_000, "份", True),
        ("90余人", 90, "人", True),
        ("1.5亿元", 150_000_000, "元", False),
        ("96%", 96, "%", False),
        ("１２００份", 1200, "份", False),
        ("1,200份", 1200, "份", False),
        ("1，200份", 1200, "份", False),
        ("  1200份  ", 1200, "份", False),
        ("20千克", 20, "千克", False),
        ("3千米", 3, "千米", False),
        ("0.5吨", Decimal("0.5"), "吨", False),
        ("12", 12, "", False),
    ],
)
def test_parse_quantity_reads_value_unit_and_approximation(text, value, unit, approximate):
    quantity = parse_quantity(text)
    assert quantity == Quantity(Decimal(value), unit, approximate)


@pytest.mark.parametrize("number", [1200, 0, Decimal("2.50")])
def test_parse_quantity_accepts_plain_numbers_without_unit(number):
    quantity = parse_quantity(number)
    assert quantity.value == Decimal(number)
    assert quantity.unit == ""
    assert quantity.approximate is False


def test_parse_quantity_gives_one_spelling_per_value():
    assert str(parse_quantity("1.2万份").value) == "12000"
    assert str(parse_quantity(Decimal("2.50")).value) == "2.5"


def test_percentage_is_not_additive_but_counts_are():
    assert parse_quantity("96%").additive is False
    assert parse_quantity("1200份").additive is True


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3千份", f"“3千份”：{NO_SMALL_UNITS}"),
        ("5百人", f"“5百人”：{NO_SMALL_UNITS}"),
        ("约100份", f"“约100份”不是数量：应以阿拉伯数字开头，{EXAMPLES}"),
        ("一千份", f"“一千份”不是数量：应以阿拉伯数字开头，{EXAMPLES}"),
        ("", "数量不能为空，例如 1200份"),
        ("   ", "数量不能为空，例如 1200份"),
        ("1.2.3份", "“1.2.3份”不是数量：写法应如 1200份、1.2万份、6000余万元、96%"),
        ("12 份", "“12 份”不是数量：写法应如 1200份、1.2万份、6000余万元、96%"),
        (True, f"应为数量，{EXAMPLES}"),
    ],
)
def test_parse_quantity_rejects_with_chinese_message(text, message):
    with pytest.raises(ValueError) as caught:
        parse_quantity(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "approximate", "expected"),
    [
        (1200, False, "1200"),
        (9999, False, "9999"),
        (10_000, False, "1万"),
        (12_000, False, "1.2万"),
        (12_500, False, "1.25万"),
        (12_345, False, "12345"),
        (150_000_000, False, "1.5亿"),
        (100_000_000, False, "1亿"),
        (123_456_789, False, "123456789"),
        (Decimal("1.5"), False, "1.5"),
        (456, True, "450余"),
        (90, True, "90余"),
        (16_400, True, "1.6万余"),
        (12_000, True, "1.2万余"),
        (60_000_000, True, "6000余万"),
        (1_234_567, True, "120余万"),
    ],
)
def test_format_number(value, approximate, expected):
    assert format_number(Decimal(value), approximate) == expected


@pytest.mark.parametrize("text", ["1200份", "1.2万份", "1.2万余份", "6000余万元", "96%", "90余人"])
def test_format_quantity_round_trips_what_a_clerk_writes(text):
    assert format_quantity(parse_quantity(text)) == text
    assert str(parse_quantity(text)) == text


def test_adding_quantities_sums_values_and_keeps_unit():
    total = parse_quantity("800份") + parse_quantity("1.2万份")
    assert total == Quantity(Decimal(12_800), "份", False)


@pytest.mark.parametrize(
    ("left", "right"),
    [("1200份", "1.2万余份"), ("1.2万余份", "1200份"), ("90余人", "60余人")],
)
def test_adding_an_approximate_quantity_makes_the_sum_approximate(left, right):
    assert (parse_quantity(left) + parse_quantity(right)).approximate is True


def test_adding_quantities_of_different_units_raises():
    with pytest.raises(ValueError) as caught:
        parse_quantity("1200份") + parse_quantity("6条")
    assert str(caught.value) == "单位不同，不能相加：份 与 条"
