"""Fuzz tests: YAML 1.1 readings never change what the clerk typed, and qualified quantities are
never added up as if they were exact.

1. Tokens that YAML 1.1 would read as another number, a boolean or a date (3:3:4, 010, 0x1F,
   yes, .inf …) are put into a valid period file and read through the whole pipeline
   (read_period). In a text field the clerk's exact text comes back; in a number or date field
   the result is a located RecordsError in Chinese. A number field may accept only a plain
   decimal numeral, and then reads it in base 10 (010 is 10, never octal 8).
2. reportgen.quantity and reportgen.derive: round trips, how sure a sum is, rates, units and
   Chinese numerals.

FUZZ_N (default 200) sets how many examples each property tries.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.derive import derive_facts
from reportgen.errors import RecordsError
from reportgen.models import PeriodRecords
from reportgen.quantity import (
    QUALIFIERS,
    RATE_UNITS,
    Bound,
    Quantity,
    UnitMismatch,
    add_quantities,
    format_quantity,
    parse_quantity,
)
from reportgen.records import read_period

FUZZ_N = int(os.environ.get("FUZZ_N", "200"))
FUZZ = settings(max_examples=FUZZ_N, deadline=None, database=None)
CJK = re.compile(r"[\u4e00-\u9fff]")
DECIMAL_NUMERAL = re.compile(r"\d+")


# ---------------------------------------------------------------- a valid period file with slots

BASE = """\
period: 2026-H1
date: {date}
overview: {overview}
sections:
  - heading: {heading}
    text: 成立领导小组。
activities:
  - date: {activity_date}
    category: {category}
    title: {activity_title}
    metrics:
      {metric_name}: {metric_value}
meetings:
  - date: {meeting_date}
    title: {meeting_title}
    place: {place}
    host: {host}
    attendees:
      - {attendee}
inspections:
  - date: {inspection_date}
    by: {by}
    times: {times}
    found: {found}
    rectified: {rectified}
    score: {score}
"""
DEFAULTS = {
    "date": "2026-07-01", "overview": "今年以来，我局扎实推进爱国卫生工作。", "heading": "加强组织领导",
    "activity_date": "2026-03-20", "category": "宣传教育", "activity_title": "爱国卫生月宣传",
    "metric_name": "宣传资料", "metric_value": "1200份", "meeting_date": "2026-02-22",
    "meeting_title": "爱国卫生工作推进会", "place": "三楼会议室", "host": "王某某", "attendee": "李某某",
    "inspection_date": "2026-04-10", "by": "县创卫办", "times": "1", "found": "12", "rectified": "11",
    "score": "91",
}
SENTINEL = "＠SLOT＠"

TEXT_SLOTS: dict[str, Callable[[PeriodRecords], Any]] = {
    "overview": lambda r: r.overview,
    "heading": lambda r: r.sections[0].heading,
    "category": lambda r: r.activities[0].category,
    "activity_title": lambda r: r.activities[0].title,
    "metric_name": lambda r: list(r.activities[0].metrics),
    "meeting_title": lambda r: r.meetings[0].title,
    "place": lambda r: r.meetings[0].place,
    "host": lambda r: r.meetings[0].host,
    "attendee": lambda r: r.meetings[0].attendees,
    "by": lambda r: r.inspections[0].by,
}
LIST_SLOTS = {"overview", "metric_name", "attendee"}

NUMBER_SLOTS: dict[str, tuple[str, Callable[[PeriodRecords], Any]]] = {
    "date": ("date", lambda r: r.date),
    "activity_date": ("activities[0].date", lambda r: r.activities[0].date),
    "meeting_date": ("meetings[0].date", lambda r: r.meetings[0].date),
    "inspection_date": ("inspections[0].date", lambda r: r.inspections[0].date),
    "metric_value": ("activities[0].metrics.宣传资料", lambda r: r.activities[0].metrics["宣传资料"]),
    "times": ("inspections[0].times", lambda r: r.inspections[0].times),
    "found": ("inspections[0].found", lambda r: r.inspections[0].found),
    "rectified": ("inspections[0].rectified", lambda r: r.inspections[0].rectified),
    "score": ("inspections[0].score", lambda r: r.inspections[0].score),
}


def period_text(**typed: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """The base file with *typed* put into its slots, and where (line, column) each of them stands."""
    values = DEFAULTS | typed
    if "found" in typed and "rectified" not in typed:
        values["rectified"] = "0"  # found read as 10 must not clash with rectified: 11
    places = {}
    for slot in typed:
        marked = BASE.format(**(values | {slot: SENTINEL}))
        before = marked[:marked.index(SENTINEL)]
        places[slot] = (before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
    return BASE.format(**values), places


@pytest.fixture(scope="module")
def period_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One 2026-H1.yaml, rewritten by each example (hypothesis runs them one after another)."""
    return tmp_path_factory.mktemp("fuzz") / "2026-H1.yaml"


def read(path: Path, text: str) -> PeriodRecords:
    path.write_text(text, encoding="utf-8")
    return read_period(path)


def assert_located(exc: RecordsError, expected: list[tuple[str, int, int]]) -> None:
    """Every problem is located (line ≥ 1), in Chinese, and they are exactly *expected*."""
    for problem in exc.problems:
        assert problem.location.line >= 1 and problem.location.column >= 1, problem
        assert CJK.search(problem.message), problem
    assert [(p.field, p.location.line, p.location.column) for p in exc.problems] == expected, exc.problems


def number_read(value: Any) -> Decimal:
    """A number field's value as a Decimal: a count's value (which must be exact and unitless)
    or a score; anything else (a date) fails the test."""
    if isinstance(value, Quantity):
        assert (value.unit, value.qualifier) == ("", ""), value
        return value.value
    assert isinstance(value, float) and not isinstance(value, bool), value
    return Decimal(str(value))


def yaml11_reading(token: str) -> Any:
    """What PyYAML's YAML 1.1 SafeLoader would have made of the token."""
    return yaml.safe_load(f"value: {token}\n")["value"]


def assert_number_outcome(path: Path, slot: str, token: str) -> None:
    """A number or date field: a located error, or a plain decimal numeral read in base 10."""
    text, places = period_text(**{slot: token})
    field, value_of = NUMBER_SLOTS[slot]
    try:
        records = read(path, text)
    except RecordsError as exc:
        assert_located(exc, [(field, *places[slot])])
        return
    value = value_of(records)
    assert DECIMAL_NUMERAL.fullmatch(token), f"{field}: {token!r} was accepted as {value!r}"
    assert number_read(value) == Decimal(token), f"{field}: {token!r} was read as {value!r}"
    reading = yaml11_reading(token)
    if reading != int(token):  # 010: YAML 1.1 says 8
        assert number_read(value) != reading


def assert_text_outcome(path: Path, slot: str, token: str) -> None:
    """A text field keeps exactly what was typed."""
    text, _ = period_text(**{slot: token})
    kept = TEXT_SLOTS[slot](read(path, text))
    assert kept == ([token] if slot in LIST_SLOTS else token)
    assert all(type(item) is str for item in (kept if slot in LIST_SLOTS else [kept]))


# ---------------------------------------------------------------- tokens YAML 1.1 would convert

BRIEF_TOKENS = ["3:3:4", "9:30", "1:20:30", "010", "0o17", "0x1F", "1_000", "1e3", ".5", "+12",
                "yes", "no", "on", "off", "y", "n", "True", "2026-03", ".inf", ".nan"]
BOOLEANS = [form for word in ("yes", "no", "true", "false", "on", "off", "y", "n")
            for form in (word, word.capitalize(), word.upper())]
SPECIALS = [".inf", ".Inf", ".INF", "-.inf", "+.inf", "-.Inf", ".nan", ".NaN", ".NAN", "=", "<<"]


def _digits(min_value: int = 0, max_value: int = 10**6) -> st.SearchStrategy[str]:
    return st.integers(min_value, max_value).map(str)


sexagesimal = st.builds(  # 3:3:4, 1:20:30, 9:05.5
    lambda first, rest, fraction: ":".join([str(first), *rest]) + fraction,
    st.integers(1, 999),
    st.lists(st.builds(lambda n, padded: f"{n:02d}" if padded else str(n), st.integers(0, 59), st.booleans()),
             min_size=1, max_size=3),
    st.sampled_from(["", ".5", ".25"]),
)
leading_zero = _digits().map(lambda d: "0" + d)
HEX = "0123456789abcdefABCDEF"
prefixed = st.one_of(  # 0o17, 0x1F, 0b101 (hex with a decimal digit: see hex_letters_only)
    st.text("01234567", min_size=1, max_size=6).map(lambda d: "0o" + d),
    st.builds(lambda p, d: p + d, st.sampled_from(["0x", "0X"]),
              st.text(HEX, min_size=1, max_size=6).filter(lambda d: any(c.isdigit() for c in d))),
    st.text("01", min_size=1, max_size=8).map(lambda d: "0b" + d),
)
hex_letters_only = st.builds(lambda p, d: p + d, st.sampled_from(["0x", "0X"]),
                             st.text("abcdefABCDEF", min_size=1, max_size=6))  # 0xA, 0xff
underscored = st.lists(_digits(0, 999), min_size=2, max_size=4).map("_".join)
exponent = st.builds(lambda m, e, sign, exp: f"{m}{e}{sign}{exp}", st.sampled_from(["1", "1.5", "2.0", "9"]),
                     st.sampled_from(["e", "E"]), st.sampled_from(["", "+", "-"]), _digits(0, 30))
leading_dot = _digits().map(lambda d: "." + d)
signed = st.builds(lambda sign, d: sign + d, st.sampled_from(["+", "-"]), _digits())
month = st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1900, 2100), st.integers(1, 12))

yaml11_tokens = st.one_of(
    st.sampled_from(BRIEF_TOKENS + BOOLEANS + SPECIALS),
    sexagesimal, leading_zero, prefixed, underscored, exponent, leading_dot, signed, month,
)


# ---------------------------------------------------------------- 1. through the whole pipeline


@pytest.mark.parametrize("slot", list(TEXT_SLOTS))
@pytest.mark.parametrize("token", BRIEF_TOKENS)
def test_text_fields_keep_the_typed_text_table(period_file, slot, token):
    assert_text_outcome(period_file, slot, token)


@pytest.mark.parametrize("slot", list(NUMBER_SLOTS))
@pytest.mark.parametrize("token", BRIEF_TOKENS)
def test_number_and_date_fields_refuse_or_read_decimal_table(period_file, slot, token):
    assert_number_outcome(period_file, slot, token)


@pytest.mark.parametrize(("slot", "token", "value"), [
    ("found", "010", 10), ("rectified", "010", 10), ("times", "010", 10), ("metric_value", "010", 10),
    ("found", "08", 8), ("score", "010", 10), ("score", "089", 89)])
def test_leading_zeros_are_decimal_never_octal(period_file, slot, token, value):
    text, _ = period_text(**{slot: token})
    assert number_read(NUMBER_SLOTS[slot][1](read(period_file, text))) == value


# Forms a float parser would read (9_5 as 95, 1e1 as 10), and hex with letters only (0xA: a 0
# followed by the "unit" xA): both slipped through once (a score, a metric value).
float_syntax = st.one_of(
    st.builds(lambda a, b: f"{a}_{b}", st.integers(1, 9), st.integers(0, 9)),  # 9_5
    st.builds(lambda m, e: f"{m}{e}1", st.integers(1, 9), st.sampled_from(["e", "E"])),  # 5e1
    st.builds(lambda d: f".{d}", _digits(0, 999)),  # .5
    st.builds(lambda d: f"+{d}", _digits(0, 100)),  # +12
    st.builds(lambda d: f"{d}.", _digits(0, 100)),  # 9.
)
all_tokens = st.one_of(yaml11_tokens, float_syntax, hex_letters_only)


@FUZZ
@given(slot=st.sampled_from(list(TEXT_SLOTS)), token=all_tokens)
def test_text_fields_keep_the_typed_text(period_file, slot, token):
    assert_text_outcome(period_file, slot, token)


@FUZZ
@given(slot=st.sampled_from(list(NUMBER_SLOTS)), token=all_tokens)
def test_number_and_date_fields_refuse_or_read_decimal(period_file, slot, token):
    assert_number_outcome(period_file, slot, token)


@FUZZ
@given(token=st.one_of(float_syntax, hex_letters_only))
def test_score_and_metric_value_refuse_other_notations(period_file, token):
    assert_number_outcome(period_file, "score", token)
    assert_number_outcome(period_file, "metric_value", token)


@pytest.mark.parametrize("slot", ["score", "metric_value"])
@pytest.mark.parametrize("token", ["1_000", "1e3", "9_5", "1e1", ".5", "+12", "9.", "0x1F", "0b101", "0xA",
                                   "0XFF", "0o17"])
def test_score_and_metric_value_refuse_other_notations_table(period_file, slot, token):
    text, places = period_text(**{slot: token})
    with pytest.raises(RecordsError) as caught:
        read(period_file, text)
    assert_located(caught.value, [(NUMBER_SLOTS[slot][0], *places[slot])])


@FUZZ
@given(tokens=st.dictionaries(st.sampled_from(["date", "activity_date", "metric_value", "found", "score"]),
                              st.one_of(sexagesimal, prefixed, st.sampled_from(BOOLEANS + SPECIALS)),
                              min_size=2))
def test_every_bad_field_is_reported_in_file_order(period_file, tokens):
    text, places = period_text(**tokens)
    with pytest.raises(RecordsError) as caught:
        read(period_file, text)
    expected = sorted(((NUMBER_SLOTS[slot][0], *places[slot]) for slot in tokens), key=lambda p: p[1:])
    assert_located(caught.value, expected)


def assert_tag_refused(path: Path, slot: str, typed: str) -> None:
    text, places = period_text(**{slot: typed})
    with pytest.raises(RecordsError) as caught:
        read(path, text)
    [problem] = caught.value.problems
    assert (problem.location.line, problem.location.column) == places[slot]
    assert f"不支持 YAML 标签“{typed.split()[0]}”" in problem.message


@pytest.mark.parametrize(("slot", "typed"), [
    ("found", "!!int 010"), ("score", "!!float .5"), ("date", "!!timestamp 2026-07-01"),
    ("metric_value", "!!int 3:3:4"), ("heading", "!!bool yes"), ("overview", "!!float .inf"),
    ("attendee", "!!int 0x1F")])
def test_an_explicit_tag_is_a_located_chinese_error(period_file, slot, typed):
    assert_tag_refused(period_file, slot, typed)


@pytest.mark.parametrize("typed", ["!!int 010", "!!bool yes", "!!float 1e3", "!!timestamp 2026-03-20"])
def test_an_explicit_tag_on_a_key_is_a_located_error(period_file, typed):
    assert_tag_refused(period_file, "metric_name", typed)


def test_str_tag_keeps_the_text(period_file):
    text, _ = period_text(heading="!!str 010", metric_name="!!str 0o17")
    records = read(period_file, text)
    assert (records.sections[0].heading, list(records.activities[0].metrics)) == ("010", ["0o17"])


# ---------------------------------------------------------------- 2. quantities

UNITS = ["份", "人", "人次", "吨", "公斤", "条", "元", "次", "%", "处"]
ADDITIVE_UNITS = [u for u in UNITS if u not in RATE_UNITS]
QUALIFIER_WORDS = list(QUALIFIERS)
TEN_TO_THE_12 = 10**12

values = st.one_of(st.integers(0, TEN_TO_THE_12).map(Decimal),
                   st.decimals(0, TEN_TO_THE_12, places=2, allow_nan=False, allow_infinity=False))


def quantities(units: list[str] = UNITS,
               qualifiers: list[str] = QUALIFIER_WORDS) -> st.SearchStrategy[Quantity]:
    return st.builds(Quantity, values, st.sampled_from(units), st.sampled_from(qualifiers))


@st.composite
def typed_quantities(draw: st.DrawFn, units: list[str] = UNITS) -> tuple[str, Quantity]:
    """A quantity as a clerk types it (1.2万余份, 约200人, 20%以上) and what it says."""
    unit = draw(st.sampled_from(units))
    multiplier = "" if unit in RATE_UNITS else draw(st.sampled_from(["", "万", "亿"]))
    factor = {"": 1, "万": 10**4, "亿": 10**8}[multiplier]
    number = draw(st.decimals(0, TEN_TO_THE_12 // factor, places=draw(st.sampled_from([0, 1, 2])),
                              allow_nan=False, allow_infinity=False))
    qualifier = draw(st.sampled_from(QUALIFIER_WORDS))
    digits = format(number, "f")
    prefix = qualifier if qualifier in ("约", "近") else ""
    suffix = qualifier if qualifier in ("以上", "左右") else ""
    if qualifier in ("余", "多"):
        text = draw(st.sampled_from([f"{digits}{qualifier}{multiplier}{unit}",
                                     f"{digits}{multiplier}{qualifier}{unit}"]))
    else:
        text = f"{prefix}{digits}{multiplier}{unit}{suffix}"
    return text, Quantity(number * factor, unit, qualifier)


def expected_qualifier(items: list[Quantity]) -> str:
    bounds = {q.bound for q in items} - {Bound.EXACT}
    if not bounds:
        return ""
    return {frozenset({Bound.AT_LEAST}): "余", frozenset({Bound.AT_MOST}): "近"}.get(frozenset(bounds), "约")


def in_kilograms(q: Quantity) -> Decimal:
    return q.value * (1000 if q.unit == "吨" else 1)


@FUZZ
@given(q=quantities())
def test_format_exact_then_parse_round_trips(q):
    assert parse_quantity(format_quantity(q, exact=True)) == q


@FUZZ
@given(typed=typed_quantities())
def test_typed_quantities_parse_and_round_trip(typed):
    text, meant = typed
    parsed = parse_quantity(text)
    assert parsed == meant
    assert parse_quantity(format_quantity(parsed, exact=True)) == parsed
    assert parse_quantity(str(parsed)).qualifier == parsed.qualifier  # rounded, never more exact


@FUZZ
@given(items=st.sampled_from(ADDITIVE_UNITS).flatmap(
    lambda unit: st.lists(quantities([unit]), min_size=1, max_size=8)))
def test_a_sum_is_exact_only_when_every_term_is(items):
    total = add_quantities(items)
    assert total.value == sum((q.value for q in items), Decimal(0))
    assert total.qualifier == expected_qualifier(items)
    assert total.approximate is any(q.approximate for q in items)
    for text in (str(total), format_quantity(total, exact=True)):
        assert parse_quantity(text).approximate is total.approximate, text


@FUZZ
@given(unit=st.sampled_from(ADDITIVE_UNITS), exact=st.lists(values, max_size=5),
       at_least=st.lists(st.tuples(values, st.sampled_from(["余", "多", "以上"])), min_size=1, max_size=5),
       order=st.randoms(use_true_random=False))
def test_at_least_terms_with_exact_ones_sum_to_yu(unit, exact, at_least, order):
    items = [Quantity(v, unit) for v in exact] + [Quantity(v, unit, q) for v, q in at_least]
    order.shuffle(items)
    total = add_quantities(items)
    assert total.qualifier == "余"
    assert "余" in str(total)
    assert parse_quantity(str(total)).qualifier == "余"


@FUZZ
@given(rates=st.lists(quantities(["%", "‰", "个百分点"]), min_size=1, max_size=3),
       others=st.lists(quantities(ADDITIVE_UNITS), max_size=3), order=st.randoms(use_true_random=False))
def test_rates_are_never_added(rates, others, order):
    items = rates + others
    order.shuffle(items)
    assert all(q.is_rate for q in rates)
    with pytest.raises(ValueError, match="百分数") as caught:
        add_quantities(items)
    assert not isinstance(caught.value, UnitMismatch)


@FUZZ
@given(first=quantities(["%"]), second=quantities(["%"]))
def test_percentages_are_not_added_with_plus(first, second):
    with pytest.raises(ValueError, match="百分数"):
        first + second


NON_CONVERTIBLE_PAIRS = [(a, b) for a in ADDITIVE_UNITS for b in ADDITIVE_UNITS
                         if a != b and {a, b} != {"吨", "公斤"}]


@FUZZ
@given(pair=st.sampled_from(NON_CONVERTIBLE_PAIRS), data=st.data())
def test_units_that_do_not_convert_raise_unit_mismatch(pair, data):
    first, second = pair
    items = (data.draw(st.lists(quantities([first]), min_size=1, max_size=3))
             + data.draw(st.lists(quantities([second]), min_size=1, max_size=3)))
    with pytest.raises(UnitMismatch) as caught:
        add_quantities(items)
    assert CJK.search(str(caught.value))


@pytest.mark.parametrize(("first", "second"), [("人", "人次"), ("人次", "人"), ("份", "条"), ("吨", "元")])
def test_unit_mismatch_table(first, second):
    with pytest.raises(UnitMismatch, match="单位不同"):
        parse_quantity(f"12{first}") + parse_quantity(f"3{second}")


@FUZZ
@given(items=st.lists(quantities(["吨", "公斤"]), min_size=1, max_size=8))
def test_tonnes_and_kilograms_convert_exactly(items):
    total = add_quantities(items)
    assert total.unit == ("吨" if any(q.unit == "吨" for q in items) else "公斤")
    assert in_kilograms(total) == sum((in_kilograms(q) for q in items), Decimal(0))
    assert total.qualifier == expected_qualifier(items)


NUMERALS = "〇零一二三四五六七八九两廿卅壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = "十百千拾佰仟"
chinese_numbers = st.text(NUMERALS + SMALL_UNITS, min_size=1, max_size=6)
arabic = _digits(0, 99999)
unit_or_none = st.sampled_from([*UNITS, ""])
with_chinese_numerals = st.one_of(
    st.builds(lambda d, c, u: d + c + u, arabic, st.sampled_from(NUMERALS), unit_or_none),  # 4七人次
    st.builds(lambda c, u: c + u, chinese_numbers, unit_or_none),  # 一千二百份
    st.builds(lambda d, c, u: d + c + u, arabic, st.sampled_from(SMALL_UNITS),
              st.sampled_from(UNITS)),  # 3千份
    st.builds(lambda p, c, u: p + c + u, st.sampled_from(["约", "近"]), chinese_numbers,
              unit_or_none),  # 约一百人
    st.builds(lambda d, m, c, u: d + m + c + u, arabic, st.sampled_from(["万", "亿", "余", "万余"]),
              chinese_numbers, unit_or_none),  # 12万七千份
)


def assert_asks_for_arabic_digits(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_quantity(text)
    message = str(caught.value)
    assert "阿拉伯数字" in message, message
    assert CJK.search(message)


@pytest.mark.parametrize("text", ["4七人次", "一千二百份", "12两份", "3千份", "约一百人", "近五十人",
                                  "12万七千份", "3百%", "壹仟份", "十二", "4廿人", "3卅份"])
def test_chinese_numerals_are_refused_table(text):
    assert_asks_for_arabic_digits(text)


@FUZZ
@given(text=with_chinese_numerals)
def test_chinese_numerals_are_refused(text):
    assert_asks_for_arabic_digits(text)


# ---------------------------------------------------------------- derive_facts over ledgers

METRIC_NAMES = ["宣传资料", "横幅", "清运垃圾", "参与人数", "投入资金", "覆盖率", "知晓率"]
LEDGER_UNITS = [*UNITS, "‰"]
# A few units per ledger, so that one name often comes in several units (吨 and 公斤, 人 and 人次).
ledger_units = st.one_of(st.just(["吨", "公斤"]), st.just(["人", "人次", "%"]),
                         st.lists(st.sampled_from(LEDGER_UNITS), min_size=1, max_size=3, unique=True))
ledgers = ledger_units.flatmap(lambda units: st.lists(
    st.dictionaries(st.sampled_from(METRIC_NAMES), typed_quantities(units).map(lambda typed: typed[0]),
                    max_size=4),
    min_size=1, max_size=6))


def period_records(**extra: Any) -> PeriodRecords:
    base = {"period": "2026-H1", "date": "2026-07-01", "overview": "概述。", "sections": ["成立领导小组。"]}
    return PeriodRecords.model_validate(base | extra)


def family(unit: str) -> str:
    return "吨" if unit in ("吨", "公斤") else unit


@FUZZ
@given(ledger=ledgers)
def test_metric_totals_are_honest(ledger):
    activities = [{"date": "2026-03-01", "category": "宣传教育", "title": "活动", "metrics": metrics}
                  for metrics in ledger]
    facts = derive_facts(period_records(activities=activities))
    expected: dict[tuple[str, str], list[Quantity]] = {}
    for metrics in ledger:
        for name, text in metrics.items():
            amount = parse_quantity(text)
            if not (amount.is_rate or name.endswith("率")):
                expected.setdefault((name, family(amount.unit)), []).append(amount)
    got = [(m.name, family(m.total.unit)) for m in facts.metric_totals]
    assert sorted(got) == sorted(expected)  # one total per (name, unit family), nothing else
    for metric in facts.metric_totals:
        total, items = metric.total, expected[(metric.name, family(metric.total.unit))]
        assert not metric.name.endswith("率") and not total.is_rate
        assert total.approximate is any(q.approximate for q in items)
        assert total.qualifier == expected_qualifier(items)
        if total.approximate:
            assert parse_quantity(str(total)).approximate, str(total)
        if family(total.unit) == "吨":
            assert in_kilograms(total) == sum((in_kilograms(q) for q in items), Decimal(0))
        else:
            assert total.value == sum((q.value for q in items), Decimal(0))


counts = st.one_of(st.integers(0, 500).map(str),  # 12, or 60余 / 60余个 / 10余处
                   st.builds(lambda n, u: f"{n}余{u}", st.integers(1, 500),
                             st.sampled_from(["", "个", "处", "项"])))


@FUZZ
@given(inspections=st.lists(st.tuples(counts, counts), min_size=1, max_size=4))
def test_rectification_rate_is_never_made_up(inspections):
    facts = derive_facts(period_records(inspections=[
        {"date": "2026-04-10", "by": "县创卫办", "found": found, "rectified": rectified}
        for found, rectified in inspections]))
    found = [parse_quantity(f) for f, _ in inspections]
    rectified = [parse_quantity(r) for _, r in inspections]
    assert facts.problems_found.approximate is any(q.approximate for q in found)
    assert facts.problems_rectified.approximate is any(q.approximate for q in rectified)
    whole, part = sum(q.value for q in found), sum(q.value for q in rectified)
    if any(q.approximate for q in found + rectified) or whole == 0:
        assert facts.rectification_rate is None
    else:
        assert facts.rectification_rate == (part * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


@pytest.mark.parametrize(("found", "rectified", "rate", "found_text"), [
    ("60余个", "58", None, "60余"), ("60余", "50余", None, "60余"), ("12", "10余处", None, "12"),
    ("12", "11", Decimal("91.7"), "12"), ("0", "0", None, "0")])
def test_rectification_rate_through_the_file(period_file, found, rectified, rate, found_text):
    text, _ = period_text(found=found, rectified=rectified)
    facts = derive_facts(read(period_file, text))
    assert facts.rectification_rate == rate
    assert str(facts.problems_found) == found_text
