"""Validation on values no 公文 holds: years out of range, numbers too large or not finite, more
items than numbering can count, names and titles too long. Each is one located Chinese problem,
never a traceback here or later when the documents are built (bounds in reportgen.limits).

The last tests mutate the bundled sample period file at random (FUZZ_N examples, default 200)
and check that read_period either reads it or raises RecordsError, located and in Chinese.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from conftest import REPO_ROOT, SAMPLE_PERIOD, SAMPLE_UNIT, replace_once, write
from reportgen.check import check
from reportgen.chinese import break_title
from reportgen.compose import compose_minutes, compose_report, compose_summary
from reportgen.compose.briefing import meeting_item
from reportgen.derive import derive_facts
from reportgen.errors import Problem, RecordsError
from reportgen.limits import MAX_NAME_CHARS, MAX_SIBLINGS, MAX_TITLE_CHARS, MAX_YEAR, MIN_YEAR
from reportgen.load import load_yaml
from reportgen.models import Unit
from reportgen.quantity import parse_quantity
from reportgen.records import read_period, read_unit
from reportgen.validate import validate_unit

# Line numbers are asserted below; keep this text's lines where they are.
PERIOD = """\
period: 2026-H1
date: 2026-07-08
title: 示例县财政局2026年上半年爱国卫生工作总结
overview: 上半年工作情况良好。
sections:
  - heading: 加强组织领导
    text: 成立领导小组。
activities:
  - date: 2026-03-20
    category: 宣传教育
    title: 爱国卫生月集中宣传
    place: 单位广场
    metrics:
      宣传资料: 1200份
meetings:
  - date: 2026-02-22
    title: 推进会
    place: 三楼会议室
    host: 王某某
    attendees: [王某某]
    requirements: [提高认识。]
    decisions:
      - text: 制定方案。
inspections:
  - date: 2026-04-10
    by: 县创卫办
    found: 12
    rectified: 11
    score: 92
report:
  basis:
    - title: 关于开展爱国卫生月活动的通知
      number: 县爱卫办发〔2026〕3号
"""
UNIT = "name: 示例县财政局\nself_name: 我局\nsuperior: 县创卫办\n"
CJK = re.compile("[\u4e00-\u9fff]")


def edited(old: str, new: str, text: str = PERIOD) -> str:
    return replace_once(text, old, new)



def problems_of(tmp_path: Path, text: str, unit: Unit | None = None) -> list[Problem]:
    with pytest.raises(RecordsError) as caught:
        read_period(write(tmp_path, text), unit)
    return caught.value.problems


def only(problems: list[Problem]) -> tuple[str, int, int, str]:
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    return problem.field, problem.location.line, problem.location.column, problem.message


def unit_with_superior(tmp_path: Path) -> Unit:
    return read_unit(write(tmp_path, UNIT, "unit.yaml"))


def test_the_base_text_is_valid(tmp_path):
    records = read_period(write(tmp_path, PERIOD), unit_with_superior(tmp_path))
    assert records.meetings[0].requirements == ["提高认识。"]


# ---------------------------------------------------------------- years

YEARS = f"应在 {MIN_YEAR} 到 {MAX_YEAR} 之间"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("period: 2026-H1", 'period: "0000"', ("period", 1, 9, f"期间：期间“0000”的年份{YEARS}")),
    ("period: 2026-H1", "period: 1948", ("period", 1, 9, f"期间：期间“1948”的年份{YEARS}")),
    ("period: 2026-H1", "period: 2200-H2", ("period", 1, 9, f"期间：期间“2200-H2”的年份{YEARS}")),
    ("period: 2026-H1", "period: 9999-12", ("period", 1, 9, f"期间：期间“9999-12”的年份{YEARS}")),
    ("date: 2026-07-08", "date: 0000-01-01", ("date", 2, 7, f"成文日期：“0000-01-01”的年份{YEARS}")),
    ("  - date: 2026-03-20", "  - date: 1800年3月20日",
     ("activities[0].date", 9, 11, f"日期：“1800年3月20日”的年份{YEARS}")),
    ("number: 县爱卫办发〔2026〕3号", "number: 县爱卫办发〔0000〕3号",
     ("report.basis[0].number", 33, 15, f"文号：文号“县爱卫办发〔0000〕3号”中的年份{YEARS}")),
])
def test_a_year_no_document_can_be_about_is_one_located_problem(tmp_path, old, new, expected):
    assert only(problems_of(tmp_path, edited(old, new))) == expected


def test_a_document_number_too_long_to_be_one_is_refused(tmp_path):
    number = "县爱卫办发〔2026〕" + "9" * 5000 + "号"
    field, line, column, message = only(problems_of(tmp_path, edited("县爱卫办发〔2026〕3号", number)))
    assert (field, line, column) == ("report.basis[0].number", 33, 15)
    assert message.startswith("文号：“县爱卫办发〔2026〕999")
    assert message.endswith("”不是文号：应写作 县爱卫办发〔2026〕3号")


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("typed", [
    ".inf", "-.inf", ".nan", "1e999", "9" * 5000, "9" * 5000 + "人", "1.0000000000000001份",
    "0.00000000000000001份", "9" * 16, "inf", "NaN", "Infinity", "1" * 4301],
    ids=lambda typed: typed if len(typed) < 30 else f"{typed[:3]}…{len(typed)}")
@pytest.mark.parametrize(("old", "new", "where"), [
    ("宣传资料: 1200份", "宣传资料: {}", ("activities[0].metrics.宣传资料", 14, 13)),
    ("found: 12", "found: {}", ("inspections[0].found", 27, 12)),
    ("rectified: 11", "rectified: {}", ("inspections[0].rectified", 28, 16)),
    ("score: 92", "score: {}", ("inspections[0].score", 29, 12)),
    ("rectified: 11", "rectified: 11\n    times: {}", ("inspections[0].times", 29, 12)),
])
def test_a_number_no_document_can_state_is_one_located_chinese_problem(tmp_path, typed, old, new, where):
    field, line, column, message = only(problems_of(tmp_path, edited(old, new.format(typed))))
    assert (field, line, column) == where
    assert CJK.search(message), message


@pytest.mark.parametrize(("typed", "message"), [
    ("9" * 5000 + "人", f"“{'9' * 5000}人”：数字太大或不是有限的数（最多 15 位整数）"),
    ("1.0000000000000001份", "“1.0000000000000001份”：数字最多写 15 位（开头的 0 不算）"),
    ("0.00000000000000001份", "“0.00000000000000001份”：数字最多写 15 位（开头的 0 不算）"),
])
def test_a_number_too_large_or_too_precise_says_why(typed, message):
    with pytest.raises(ValueError) as caught:
        parse_quantity(typed)
    assert str(caught.value) == message


@pytest.mark.parametrize("number", [10 ** 5000, -(10 ** 5000), float("inf"), float("nan"), 1e300,
                                    Decimal("Infinity"), Decimal("1e999999")],
                         ids=["10^5000", "-10^5000", "inf", "nan", "1e300", "Infinity", "1e999999"])
def test_a_number_given_by_a_program_is_refused_in_chinese_too(number):
    with pytest.raises(ValueError, match="数字太大或不是有限的数"):
        parse_quantity(number)


def test_the_largest_numbers_accepted_are_totalled_and_written_without_error(tmp_path):
    biggest = "999999999999999"
    text = edited("宣传资料: 1200份", f"宣传资料: {biggest}份\n      覆盖率: 99.9999999999999%")
    text = edited("found: 12", f"found: {biggest}", text)
    text = edited("rectified: 11", f"rectified: {biggest}\n    times: {biggest}", text)
    activity = text[text.index("  - date: 2026-03-20"):text.index("meetings:")]
    text = edited(activity, activity * 50, text)
    unit = unit_with_superior(tmp_path)
    records = read_period(write(tmp_path, text), unit)
    facts = derive_facts(records)
    assert facts.rectification_rate == Decimal(100)
    assert "宣传资料49999999999999950份" in compose_summary(unit, records, facts).figures


# ---------------------------------------------------------------- what numbering cannot count


def sections(count: int) -> str:
    return "".join(f"  - heading: 第{i}项\n    text: 内容。\n" for i in range(count))


BODY = "  - heading: 加强组织领导\n    text: 成立领导小组。\n"


def test_a_report_opening_with_its_own_basics_heading_is_counted_with_the_clerks(tmp_path):
    """The 情况汇报 puts 基本情况 before the clerk's headings: 99 of them would make a 100th."""
    unit = unit_with_superior(tmp_path)
    fits = edited(BODY, sections(MAX_SIBLINGS - 1))
    records = read_period(write(tmp_path, fits), unit)
    report = compose_report(unit, records, derive_facts(records))
    assert report.body[0].heading == "基本情况"
    assert [p.number for p in report.body if p.level == 1][-1] == "九十九、"
    assert only(problems_of(tmp_path, edited(BODY, sections(MAX_SIBLINGS)), unit)) == (
        "sections", 6, 3,
        "同一级最多 99 项，这里有 99 项，情况汇报还要在最前面加上“基本情况”一项：请分成几部分")


def test_without_a_report_99_headings_are_fine(tmp_path):
    unit = read_unit(write(tmp_path, "name: 示例县财政局\n", "unit.yaml"))
    text = edited(BODY, sections(MAX_SIBLINGS)).split("report:")[0]
    records = read_period(write(tmp_path, text), unit)
    summary = compose_summary(unit, records, derive_facts(records))
    assert [p.number for p in summary.body if p.level == 1][-1] == "九十九、"


def test_headings_after_a_part_of_the_outline_are_counted_with_it(tmp_path):
    outline = ("problems: [甲]\nplans: [乙]\noutline:\n"
               "  - {heading: 问题和打算, contains: [problems, plans]}\n  - {contains: [sections]}\n")
    text = edited(BODY, sections(MAX_SIBLINGS)) + outline
    assert only(problems_of(tmp_path, text)) == (
        "sections", 6, 3, "同一级最多 99 项，这里有 100 项：请分成几部分")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    requirements: [提高认识。]", "    requirements: [" + ", ".join(["甲"] * 100) + "]",
     ("meetings[0].requirements", 21, 19, "会议要求：最多 99 项，这里有 100 项")),
    ("    decisions:\n      - text: 制定方案。\n", "    decisions:\n" + "      - text: 甲。\n" * 100,
     ("meetings[0].decisions", 23, 7, "议定事项：最多 99 项，这里有 100 项")),
])
def test_meeting_items_numbered_in_chinese_are_bounded(tmp_path, old, new, expected):
    assert only(problems_of(tmp_path, edited(old, new))) == expected


def test_99_meeting_items_are_numbered(tmp_path):
    text = edited("    requirements: [提高认识。]", "    requirements: [" + ", ".join(["甲"] * 99) + "]")
    decisions = "    decisions:\n" + "      - text: 乙。\n" * 99
    text = edited("    decisions:\n      - text: 制定方案。\n", decisions, text)
    unit = read_unit(write(tmp_path, "name: 示例县财政局\nminutes_form: 简报\n", "unit.yaml"))
    meeting = read_period(write(tmp_path, text)).meetings[0]
    news = meeting_item(unit, meeting, meeting.date).paragraphs
    assert "九十九是甲。" in news[-2]
    assert "九十九是乙。" in news[-1]


# ---------------------------------------------------------------- names and titles


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("title: 示例县财政局2026年上半年爱国卫生工作总结", "title: " + "长" * 81,
     ("title", 3, 8, f"标题：太长了：最多 {MAX_TITLE_CHARS} 个字，这里有 81 个字")),
    ("    title: 推进会", "    title: " + "会" * 120,
     ("meetings[0].title", 17, 12, f"会议名称：太长了：最多 {MAX_TITLE_CHARS} 个字，这里有 120 个字")),
    ("    host: 王某某", "    host: " + "王" * 51,
     ("meetings[0].host", 19, 11, f"主持人：太长了：最多 {MAX_NAME_CHARS} 个字，这里有 51 个字")),
    ("    by: 县创卫办", "    by: " + "办" * 300,
     ("inspections[0].by", 26, 9, f"检查单位：太长了：最多 {MAX_NAME_CHARS} 个字，这里有 300 个字")),
    ("宣传资料: 1200份", "长" * 51 + ": 1200份",
     ("activities[0].metrics." + "长" * 51, 14, 7,
      f"数据的名称：太长了：最多 {MAX_NAME_CHARS} 个字，这里有 51 个字")),
    ("宣传资料: 1200份", '"": 1200份', ("activities[0].metrics.", 14, 7, "数据的名称：不能为空")),
])
def test_a_name_or_title_longer_than_any_document_has_is_located(tmp_path, old, new, expected):
    assert only(problems_of(tmp_path, edited(old, new))) == expected


def test_a_unit_name_of_300_characters_is_refused(tmp_path):
    with pytest.raises(RecordsError) as caught:
        read_unit(write(tmp_path, "name: " + "局" * 300 + "\n", "unit.yaml"))
    assert only(caught.value.problems) == (
        "name", 1, 7, f"单位名称：太长了：最多 {MAX_NAME_CHARS} 个字，这里有 300 个字")


def test_names_and_titles_up_to_the_bounds_are_accepted(tmp_path):
    text = edited("    title: 推进会", "    title: " + "会" * MAX_TITLE_CHARS)
    text = edited("    host: 王某某", "    host: " + "王" * MAX_NAME_CHARS, text)
    unit_text = "name: " + "局" * MAX_NAME_CHARS + "\nsuperior: 县创卫办\n"
    unit = read_unit(write(tmp_path, unit_text, "unit.yaml"))
    records = read_period(write(tmp_path, text), unit)
    assert compose_minutes(unit, records.meetings[0]).title.startswith("会" * MAX_TITLE_CHARS)
    assert compose_summary(unit, records, derive_facts(records)).title_lines


@pytest.mark.parametrize("length", [78, 79, 1000, 100_000])
def test_breaking_a_title_takes_no_longer_for_a_longer_title(length):
    start = time.perf_counter()
    lines = break_title(["长" * length])
    assert time.perf_counter() - start < 0.5
    assert "".join(lines) == "长" * length
    assert len(lines) == 1 if length > 78 else len(lines) <= 4


# ---------------------------------------------------------------- pydantic's messages


def odd(value: str) -> str:
    if value == "x":
        raise ValueError("not in Chinese")
    return value


class Odd(BaseModel):
    """A model whose errors validate.py has no translation for."""

    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, StringConstraints(pattern=r"^\d+$")] = Field("1", title="代码")
    word: Annotated[str, AfterValidator(odd)] = Field("a", title="词")
    plain: Annotated[str, StringConstraints(pattern=r"^\d+$")] = "1"


@pytest.mark.parametrize(("text", "expected"), [
    ("code: abc\n", ("code", 1, 7, "代码：取值不对：请按 reportgen init 生成的样板填写")),
    ("word: x\n", ("word", 1, 7, "词：取值不对：请按 reportgen init 生成的样板填写")),
    ("plain: abc\n", ("plain", 1, 8, "“plain”的取值不对：请按 reportgen init 生成的样板填写")),
])
def test_an_error_without_a_translation_is_still_chinese_and_names_its_field(tmp_path, monkeypatch, text,
                                                                              expected):
    monkeypatch.setattr("reportgen.validate.Unit", Odd)
    with pytest.raises(RecordsError) as caught:
        validate_unit(load_yaml(write(tmp_path, text, "unit.yaml")))
    assert only(caught.value.problems) == expected


# ---------------------------------------------------------------- check goes on after a bug


def test_a_file_that_fails_unexpectedly_is_reported_and_the_others_still_checked(workspace, monkeypatch):
    folder = workspace / "data" / SAMPLE_UNIT
    shutil.copy(folder / f"{SAMPLE_PERIOD}.yaml", folder / "2026-H2.yaml")
    import reportgen.check

    real = reportgen.check.validate_period

    def broken(loaded, unit=None, standalone=()):
        if loaded.path.stem == SAMPLE_PERIOD:
            raise RuntimeError("boom")
        return real(loaded, unit, standalone)

    monkeypatch.setattr(reportgen.check, "validate_period", broken)
    report = check(workspace)
    assert (report.units, report.periods) == (1, 2)
    messages = {(p.location.file.name, p.message) for p in report.problems}
    assert (f"{SAMPLE_PERIOD}.yaml",
            "reportgen 内部错误（RuntimeError: boom）：请把这条信息和所用的台账文件发给开发者") in messages
    assert any(name == "2026-H2.yaml" and "不一致" in message for name, message in messages)


def test_an_interrupt_still_stops_check(workspace, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("reportgen.check.validate_period", interrupted)
    with pytest.raises(KeyboardInterrupt):
        check(workspace)


# ---------------------------------------------------------------- random damage to a real file

FUZZ_N = int(os.environ.get("FUZZ_N", "200"))
FUZZ = settings(max_examples=FUZZ_N, deadline=None, database=None)
SAMPLE = (REPO_ROOT / "data" / SAMPLE_UNIT / f"{SAMPLE_PERIOD}.yaml").read_bytes()
PIECES = [b"[", b"]", b"{", b"}", b":", b": ", b"- ", b"? ", b"&a ", b"*a", b"!!int ", b"!x ", b'"', b"'",
          b"\\", b"#", b"|", b">", b"\t", b"\n", b"\r", b"\x00", b"\x1b", b"\xc2\x85", b"\xff", b"---\n",
          b"%YAML 1.1\n", b"  ", b"9" * 30, b"1e999", b".inf", b'"0000"', b"0000-01-01", b"\\x1b", b"\\ud800",
          b"~", b"<<: *a\n", b"\xe2\x80\xa8", b"\xf0\x9f\x98\x80", b",", b"@", b"`", b"[" * 100, b"- " * 100]


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """The sample file with a few bytes, pieces of YAML or whole lines changed."""
    data = SAMPLE
    for _ in range(draw(st.integers(1, 4))):
        lines = data.split(b"\n")
        index = draw(st.integers(0, len(lines) - 1))
        change = draw(st.sampled_from(["cut", "insert", "byte", "copy", "drop", "indent", "value"]))
        if change in ("cut", "insert", "byte"):
            at = draw(st.integers(0, len(data) - 1))
            new = {"cut": b"", "insert": draw(st.sampled_from(PIECES)) + data[at:at + 1],
                   "byte": bytes([draw(st.integers(0, 255))])}[change]
            data = data[:at] + new + data[at + (draw(st.integers(1, 40)) if change == "cut" else 1):]
            continue
        if change == "copy":
            lines.insert(draw(st.integers(0, len(lines))), lines[index])
        elif change == "drop":
            del lines[index]
        elif change == "indent":
            lines[index] = b" " * draw(st.integers(0, 8)) + lines[index].lstrip()
        elif b": " in lines[index]:
            key = lines[index][:lines[index].index(b": ") + 2]
            lines[index] = key + draw(st.sampled_from(PIECES))
        data = b"\n".join(lines)
    return data


@pytest.fixture(scope="module")
def fuzz_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("damaged") / f"{SAMPLE_PERIOD}.yaml"


@FUZZ
@given(data=damaged())
def test_a_damaged_file_is_read_or_refused_in_chinese_never_crashes(fuzz_file, data):
    fuzz_file.write_bytes(data)
    try:
        read_period(fuzz_file)
    except RecordsError as exc:
        for problem in exc.problems:
            assert problem.location.file == fuzz_file
            assert problem.location.line >= 1 and problem.location.column >= 1
            assert CJK.search(problem.message), str(problem)
