"""reportgen.period.Period: ids, spans, labels and the period that follows."""

from __future__ import annotations

from datetime import date

import pytest

from reportgen.period import Period

FORMS = "2026（全年）、2026-H1（半年）、2026-Q3（季度）、2026-09（月）"


@pytest.mark.parametrize(
    ("text", "start", "end", "label", "short_label", "kind_label"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026年", "全年", "年度"),
        ("2026-H1", date(2026, 1, 1), date(2026, 6, 30), "2026年上半年", "上半年", "半年"),
        ("2026-H2", date(2026, 7, 1), date(2026, 12, 31), "2026年下半年", "下半年", "半年"),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "2026年第一季度", "第一季度", "季度"),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), "2026年第三季度", "第三季度", "季度"),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "2026年第四季度", "第四季度", "季度"),
        ("2026-09", date(2026, 9, 1), date(2026, 9, 30), "2026年9月", "9月", "月度"),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31), "2026年12月", "12月", "月度"),
    ],
)
def test_parse_gives_span_and_labels(text, start, end, label, short_label, kind_label):
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
    assert period.label == label
    assert period.short_label == short_label
    assert period.kind_label == kind_label


@pytest.mark.parametrize(
    "text", ["2026", "2026-H1", "2026-H2", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4",
             "2026-01", "2026-09", "2026-12"],
)
def test_id_round_trips(text):
    assert Period.parse(text).id == text


def test_parse_accepts_a_bare_year_as_integer_and_surrounding_spaces():
    assert Period.parse(2026) == Period.parse("2026")
    assert Period.parse(" 2026-H1 ").id == "2026-H1"


def test_february_end_follows_leap_years():
    assert Period.parse("2026-02").end == date(2026, 2, 28)
    assert Period.parse("2028-02").end == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "following"),
    [
        ("2026-H1", "2026-H2"),
        ("2026-H2", "2027-H1"),
        ("2026-Q3", "2026-Q4"),
        ("2026-Q4", "2027-Q1"),
        ("2026-09", "2026-10"),
        ("2026-12", "2027-01"),
        ("2026", "2027"),
    ],
)
def test_next_follows_with_same_length_across_year_end(text, following):
    assert Period.parse(text).next().id == following


@pytest.mark.parametrize(
    ("seen_from", "other", "expected"),
    [
        ("2026-H1", "2026-H2", "下半年"),
        ("2026-Q2", "2026-Q3", "第三季度"),
        ("2026-08", "2026-09", "9月"),
        ("2026-H2", "2027-H1", "2027年上半年"),
        ("2026-Q4", "2027-Q1", "2027年第一季度"),
        ("2026-12", "2027-01", "2027年1月"),
        ("2026", "2027", "2027年"),
        ("2026-H1", "2026", "2026年"),
    ],
)
def test_relative_label_drops_the_year_only_within_the_same_year(seen_from, other, expected):
    assert Period.parse(seen_from).relative_label(Period.parse(other)) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 6, 30), 6, "2026-H1"),
        (date(2026, 7, 1), 6, "2026-H2"),
        (date(2026, 8, 15), 3, "2026-Q3"),
        (date(2026, 12, 31), 3, "2026-Q4"),
        (date(2026, 8, 15), 1, "2026-08"),
        (date(2026, 8, 15), 12, "2026"),
    ],
)
def test_containing_finds_the_period_of_a_day(day, months, expected):
    period = Period.containing(day, months)
    assert period.id == expected
    assert day in period


def test_containing_defaults_to_half_years():
    assert Period.containing(date(2026, 3, 1)).id == "2026-H1"


def test_membership_includes_both_ends_only():
    period = Period.parse("2026-H1")
    assert date(2026, 1, 1) in period
    assert date(2026, 6, 30) in period
    assert date(2025, 12, 31) not in period
    assert date(2026, 7, 1) not in period


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-H3", f"期间“2026-H3”格式不对，应为 {FORMS}"),
        ("2026-Q5", f"期间“2026-Q5”格式不对，应为 {FORMS}"),
        ("26-H1", f"期间“26-H1”格式不对，应为 {FORMS}"),
        ("2026-9", f"期间“2026-9”格式不对，应为 {FORMS}"),
        ("2026-h1", f"期间“2026-h1”格式不对，应为 {FORMS}"),
        ("", f"期间“”格式不对，应为 {FORMS}"),
        ("2026-13", "期间“2026-13”的月份应在 01 到 12 之间"),
        ("2026-00", "期间“2026-00”的月份应在 01 到 12 之间"),
        ("0000", "期间“0000”的年份应在 1949 到 2199 之间"),
        ("1948-H2", "期间“1948-H2”的年份应在 1949 到 2199 之间"),
        ("2200", "期间“2200”的年份应在 1949 到 2199 之间"),
        ("9999-12", "期间“9999-12”的年份应在 1949 到 2199 之间"),
    ],
)
def test_bad_ids_raise_with_chinese_message(text, message):
    with pytest.raises(ValueError) as caught:
        Period.parse(text)
    assert str(caught.value) == message


def test_periods_order_by_start():
    assert Period.parse("2026-H1") < Period.parse("2026-H2") < Period.parse("2027-H1")


@pytest.mark.parametrize("text", ["1949-01", "2199", "2199-H2", "2199-Q4", "2199-12"])
def test_every_period_within_the_years_allowed_has_dates_and_a_next(text):
    period = Period.parse(text)
    following = period.next()
    assert period.start <= period.end < following.start <= following.end
    assert following.label
