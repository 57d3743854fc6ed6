"""compose.structure: the body as its author shaped it — four levels, skipped levels, three ways
of writing points, parts, the clerk's headings and closing."""

from __future__ import annotations

from typing import Any

import pytest

from reportgen.compose import compose_report, compose_summary
from reportgen.derive import derive_facts
from reportgen.models import PeriodRecords, Unit

UNIT = Unit(name="示例县某某局", self_name="我局", superior="县创卫办")


def records(**extra: Any) -> PeriodRecords:
    base: dict[str, Any] = {"period": "2026-H1", "date": "2026-07-08", "overview": "今年以来，工作有序。",
                            "sections": [{"heading": "加强领导", "text": "成立领导小组。"}]}
    return PeriodRecords.model_validate(base | extra)


def lines(**extra: Any) -> list[str]:
    """The body as a reader sees it: number, heading and text of each paragraph, one a line."""
    r = records(**extra)
    body = compose_summary(UNIT, r, derive_facts(r)).body
    return [p.number + p.heading + p.text for p in body]


def test_four_levels_are_numbered_each_in_its_form_and_restart_under_each_parent() -> None:
    sections = [{"heading": "甲", "sections": [
        {"heading": "乙", "sections": [
            {"heading": "丙", "text": "丙文。", "sections": [{"heading": "丁", "text": "丁文。"},
                                                           {"heading": "戊", "text": "戊文。"}]},
            {"heading": "己", "text": "己文。", "sections": [{"text": "庚文。"}]}]},
        {"heading": "辛", "sections": [{"heading": "壬", "text": "壬文。"}]}]}]
    assert lines(sections=sections) == [
        "一、甲", "（一）乙", "1.丙。丙文。", "（1）丁。丁文。", "（2）戊。戊文。",
        "2.己。己文。", "（1）庚文。", "（二）辛", "1.壬。壬文。"]


def test_each_level_has_its_own_style_level_and_kind() -> None:
    r = records(sections=[{"heading": "甲", "sections": [
        {"heading": "乙", "text": "乙文。", "sections": [
            {"heading": "丙", "run_in": "否", "text": "丙文。",
             "sections": [{"heading": "丁", "text": "丁文。"}]}]}]}])
    body = compose_summary(UNIT, r, derive_facts(r)).body
    assert [(p.kind, p.level) for p in body] == [
        ("heading", 1), ("heading", 2), ("text", 0), ("heading", 3), ("text", 0), ("text", 4)]


def test_a_level_can_be_skipped_as_real_documents_do() -> None:
    sections = [{"heading": "落实责任", "sections": [
        {"heading": "狠抓督查", "level": "1.", "text": "严格检查。"},
        {"heading": "搞好保洁", "level": 3, "text": "每日清扫。"}]}]
    assert lines(sections=sections) == ["一、落实责任", "1.狠抓督查。严格检查。", "2.搞好保洁。每日清扫。"]


def test_numbered_paragraphs_without_headings_use_arabic_under_a_level_one_heading() -> None:
    assert lines(sections=[{"heading": "甲", "sections": ["一段。", "二段。"]}]) == [
        "一、甲", "1.一段。", "2.二段。"]


@pytest.mark.parametrize(("style", "expected"), [
    ("连写", ["一、甲", "主要有：一是乙。二是丙。"]),
    ("分段", ["一、甲", "主要有：", "一是乙。", "二是丙。"]),
    ("小标题", ["一、甲", "（一）乙", "（二）丙"]),
])
def test_points_are_written_the_way_the_clerk_chooses(style: str, expected: list[str]) -> None:
    section = {"heading": "甲", "points": [{"heading": "乙"}, {"heading": "丙"}],
               "points_style": style, "points_lead": "主要有："}
    assert lines(sections=[section]) == expected


def test_an_inline_point_with_a_heading_runs_it_in_before_its_text() -> None:
    section = {"heading": "甲", "points": [{"heading": "明确责任", "text": "签订责任书。"},
                                           {"heading": "健全制度", "text": "制定办法"}],
               "points_style": "连写"}
    assert lines(sections=[section])[1] == "一是明确责任。签订责任书。二是健全制度。制定办法。"


def test_a_single_point_is_never_labelled_yi_shi_alone() -> None:
    assert lines(sections=[{"heading": "甲", "points": ["唯一一点。"]}]) == ["一、甲", "唯一一点。"]


def test_paragraphs_come_first_then_points_then_children_then_after() -> None:
    section = {"heading": "甲", "text": "首段。", "paragraphs": ["次段。"], "points": ["乙。", "丙。"],
               "sections": [{"heading": "丁", "text": "丁文。"}], "after": ["尾段。"]}
    assert lines(sections=[section]) == [
        "一、甲", "首段。", "次段。", "一是乙。二是丙。", "（一）丁", "丁文。", "尾段。"]


def test_parts_take_level_one_and_the_title_follows_them() -> None:
    r = records(
        sections=[{"heading": "明确责任", "text": "签订责任书。"}],
        problems=["保洁不到位。"],
        plans={"sections": [{"heading": "巩固成果", "points": ["加强巡查。", "完善制度。"]}]},
        outline=[{"heading": "上半年工作总结", "contains": ["sections", "problems"]},
                 {"heading": "下半年工作思路", "contains": ["plans"]}])
    context = compose_summary(UNIT, r, derive_facts(r))
    assert context.title == "示例县某某局2026年上半年爱国卫生工作总结及下半年工作思路"
    assert [p.number + p.heading + p.text for p in context.body] == [
        "一、上半年工作总结", "（一）明确责任", "签订责任书。", "（二）存在的问题", "1.保洁不到位。",
        "二、下半年工作思路", "（一）巩固成果", "一是加强巡查。二是完善制度。"]


def test_problems_and_plans_can_share_one_heading_of_the_clerks_words() -> None:
    body = lines(problems={"heading": "存在的不足", "sections": ["甲。"]},
                 plans={"heading": "今后打算", "sections": ["乙。"]},
                 outline=["sections", {"heading": "存在的问题和下一步工作",
                                       "contains": ["problems", "plans"]}])
    assert body == ["一、加强领导", "成立领导小组。", "二、存在的问题和下一步工作",
                    "（一）存在的不足", "1.甲。", "（二）今后打算", "1.乙。"]


def test_the_outline_can_leave_problems_and_plans_out() -> None:
    assert lines(problems=["甲。"], plans=["乙。"], outline=["sections"]) == [
        "一、加强领导", "成立领导小组。"]


def test_a_closing_paragraph_follows_the_last_part() -> None:
    r = records(closing="总之，我局将持续用力。", plans=["乙。"])
    context = compose_summary(UNIT, r, derive_facts(r))
    assert context.conclusion == ("总之，我局将持续用力。",)


def test_report_uses_the_same_structure_with_its_own_headings() -> None:
    r = records(problems=["甲。"], plans=["乙。"], closing="下一步，我局将持续用力。",
                activities=[{"date": "2026-03-01", "category": "宣传", "title": "宣传活动"}])
    context = compose_report(UNIT, r, derive_facts(r))
    assert [p.number + p.heading for p in context.body if p.kind == "heading"] == [
        "一、基本情况", "二、加强领导", "三、存在的问题", "四、下一步打算"]
    assert context.conclusion == ("下一步，我局将持续用力。",)
    assert context.closing == "特此汇报。"


def test_templates_made_before_four_levels_still_get_parts_with_points() -> None:
    r = records(sections=[{"heading": "甲", "points": [{"heading": "乙", "text": "乙文。"}]},
                          {"heading": "丙", "points": ["丁。", "戊。"]}])
    parts = compose_summary(UNIT, r, derive_facts(r)).parts
    assert [(p.number, p.heading, p.layout) for p in parts] == [("一、", "甲", "headed"),
                                                                ("二、", "丙", "inline")]
    assert parts[0].points[0].paren + parts[0].points[0].heading == "（一）乙"
    assert parts[1].points_inline == "一是丁。二是戊。"
