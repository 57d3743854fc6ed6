"""Stage 4, compose: numbering and every figure-dependent sentence are decided before templates."""

from __future__ import annotations

from typing import Any

import pytest

from reportgen.compose import compose_summary, figures_sentence, format_rate
from reportgen.derive import derive_facts
from reportgen.models import PeriodRecords, Unit

UNIT = Unit(name="示例县某某局", self_name="我局")


def records(**extra: Any) -> PeriodRecords:
    base: dict[str, Any] = {
        "period": "2026-H1", "date": "2026-07-01", "overview": "今年以来，我局扎实推进工作。",
        "sections": [
            {"heading": "加强领导", "points": [{"heading": "健全机制", "text": "甲。"},
                                              {"heading": "压实责任", "text": "乙。"}]},
            {"heading": "整治环境", "points": [{"text": "丙"}, {"text": "丁。"}]}],
        "problems": ["问题一。"], "plans": ["计划一。", "计划二。"]}
    return PeriodRecords.model_validate(base | extra)


def compose(**extra: Any):
    r = records(**extra)
    return compose_summary(UNIT, r, derive_facts(r))


def test_parts_are_numbered_in_one_run_including_problems_and_plans() -> None:
    context = compose()
    assert [p.number + p.heading for p in context.parts] == [
        "一、加强领导", "二、整治环境", "三、存在的问题", "四、下半年工作打算"]


def test_numbering_skips_nothing_when_problems_are_absent() -> None:
    context = compose(problems=[])
    assert [p.number + p.heading for p in context.parts][-1] == "三、下半年工作打算"


def test_points_restart_numbering_in_each_part_and_offer_every_form() -> None:
    first, second, problems, plans = compose().parts
    assert first.layout == "headed"
    assert [p.paren + p.heading for p in first.points] == ["（一）健全机制", "（二）压实责任"]
    assert second.layout == "inline"
    assert second.points_inline == "一是丙。二是丁。"
    assert problems.layout == plans.layout == "list"
    assert [p.arabic + p.text for p in plans.points] == ["1.计划一。", "2.计划二。"]


@pytest.mark.parametrize(("period", "day", "heading"), [
    ("2026-H1", "2026-07-08", "下半年工作打算"),
    ("2026-H2", "2027-01-05", "2027年工作打算"),
    ("2026", "2027-01-10", "2027年工作打算"),
    ("2026-Q3", "2026-10-08", "第四季度工作打算"),
    ("2026-Q4", "2027-01-08", "2027年第一季度工作打算"),
    ("2026-09", "2026-10-08", "10月工作打算"),
    ("2026-12", "2027-01-05", "2027年1月工作打算"),
    # A school year summed up in July: its plans are not for the next calendar year.
    ("2019", "2019-07-10", "下一步工作打算"),
    ("2026-H2", "2026-11-20", "下一步工作打算"),
    # Written in the last days of its period, a year-end summary plans for the next year.
    ("2026-H2", "2026-12-30", "2027年工作打算"),
    ("2026", "2026-12-28", "2027年工作打算"),
])
def test_plan_heading_follows_the_period_and_the_date(period: str, day: str, heading: str) -> None:
    assert compose(period=period, date=day).parts[-1].heading == heading


def test_title_defaults_to_unit_period_theme_and_can_be_overridden() -> None:
    assert compose().title == "示例县某某局2026年上半年爱国卫生工作总结"
    assert compose(title="关于某事的总结").title_lines == ("关于某事的总结",)


def test_opening_ends_with_the_lead_in_once() -> None:
    assert compose().opening[-1].endswith("现将上半年工作情况总结如下：")
    custom = compose(overview="概述。现将有关情况报告如下：")
    assert custom.opening == ("概述。现将有关情况报告如下：",)


def test_signature_defaults_to_the_unit_and_date_is_unpadded() -> None:
    context = compose()
    assert (context.signature, context.date) == ("示例县某某局", "2026年7月1日")


def test_figures_sentence_says_only_what_was_recorded() -> None:
    r = records(
        activities=[{"date": "2026-03-01", "category": "宣传教育", "title": "甲",
                     "metrics": {"发放宣传资料": "1200份"}},
                    {"date": "2026-04-01", "category": "环境整治", "title": "乙",
                     "metrics": {"发放宣传资料": "800份"}}],
        inspections=[{"date": "2026-04-10", "by": "县创卫办", "found": 3, "rectified": 3}])
    assert figures_sentence(UNIT, r, derive_facts(r)) == (
        "上半年，我局共组织开展各类活动2次，其中宣传教育1次、环境整治1次；"
        "接受和开展检查1次，发现问题3个，已整改3个，整改率100%。"
        "各项活动累计发放宣传资料2000份。")
    empty = records()
    assert figures_sentence(UNIT, empty, derive_facts(empty)) == ""


def test_format_rate() -> None:
    from decimal import Decimal

    assert format_rate(Decimal("92.1")) == "92.1%"
    assert format_rate(Decimal("100.0")) == "100%"
    assert format_rate(None) == "无"
