"""Stage 3, derive: the figures every document quotes, computed from the records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from reportgen.derive import derive_facts, percentage
from reportgen.models import PeriodRecords


def records(**extra: Any) -> PeriodRecords:
    base: dict[str, Any] = {"period": "2026-H1", "date": "2026-07-01", "overview": "概述。",
                            "sections": [{"heading": "一", "paragraphs": ["段落。"]}]}
    return PeriodRecords.model_validate(base | extra)


def activity(category: str, **metrics: str) -> dict[str, Any]:
    return {"date": "2026-03-01", "category": category, "title": "活动", "metrics": metrics}


def test_activities_are_counted_per_category_in_ledger_order() -> None:
    facts = derive_facts(records(activities=[
        activity("环境整治"), activity("宣传教育"), activity("环境整治")]))
    assert facts.activity_count == 3
    assert [(c.category, c.count) for c in facts.activities_by_category] == [
        ("环境整治", 2), ("宣传教育", 1)]


def test_metrics_are_summed_per_name_and_unit() -> None:
    facts = derive_facts(records(activities=[
        activity("宣传", 发放宣传资料="1200份", 横幅="10条"),
        activity("宣传", 发放宣传资料="1.2万余份", 满意度="96%"),
        activity("宣传", 横幅="5条", 发放宣传资料="3箱")]))
    totals = {(m.name, m.total.unit): str(m.total) for m in facts.metric_totals}
    assert totals == {("发放宣传资料", "份"): "1.3万余份", ("横幅", "条"): "15条",
                      ("发放宣传资料", "箱"): "3箱"}


def test_inspections_give_found_rectified_rate_and_average_score() -> None:
    facts = derive_facts(records(inspections=[
        {"date": "2026-04-01", "by": "县创卫办", "found": 12, "rectified": 11, "score": 92},
        {"date": "2026-05-01", "by": "自查", "found": 26, "rectified": 24, "score": 89.5},
        {"date": "2026-06-01", "by": "自查", "found": 0, "rectified": 0}]))
    assert (str(facts.inspection_count), str(facts.problems_found),
            str(facts.problems_rectified)) == ("3", "38", "35")
    assert facts.rectification_rate == Decimal("92.1")
    assert facts.average_score == Decimal("90.8")


def test_no_records_give_zero_counts_and_no_rates() -> None:
    facts = derive_facts(records())
    assert (facts.activity_count, facts.meeting_count, str(facts.inspection_count)) == (0, 0, "0")
    assert facts.rectification_rate is None
    assert facts.average_score is None


def test_meetings_and_their_decisions_are_counted() -> None:
    meeting = {"date": "2026-02-01", "title": "推进会", "place": "会议室", "host": "王某某",
               "attendees": ["王某某"], "decisions": [{"text": "甲"}, {"text": "乙"}]}
    facts = derive_facts(records(meetings=[meeting, meeting | {"decisions": []}]))
    assert (facts.meeting_count, facts.decision_count) == (2, 2)


@pytest.mark.parametrize(("part", "whole", "rate"), [
    (35, 38, Decimal("92.1")), (1, 3, Decimal("33.3")), (2, 3, Decimal("66.7")),
    (1, 8, Decimal("12.5")), (5, 5, Decimal("100.0")), (0, 0, None)])
def test_percentage_rounds_half_up_to_one_decimal(part: int, whole: int,
                                                  rate: Decimal | None) -> None:
    assert percentage(part, whole) == rate


def test_approximate_counts_are_totalled_as_such_and_give_no_rate() -> None:
    facts = derive_facts(records(inspections=[
        {"date": "2026-04-01", "by": "市国卫办", "times": "10余次", "found": "60余个",
         "rectified": "60余个"},
        {"date": "2026-05-01", "by": "自查", "found": 5, "rectified": 4}]))
    assert (str(facts.inspection_count), str(facts.problems_found),
            str(facts.problems_rectified)) == ("11余", "65余", "64余")
    assert facts.rectification_rate is None


def test_convertible_units_are_totalled_in_the_largest_unit() -> None:
    facts = derive_facts(records(activities=[
        activity("整治", 清运垃圾="8吨"), activity("整治", 清运垃圾="500公斤"),
        activity("整治", 清运垃圾="1.5吨")]))
    assert [(m.name, str(m.total)) for m in facts.metric_totals] == [("清运垃圾", "10吨")]


def test_rates_are_never_summed_by_unit_or_by_name() -> None:
    facts = derive_facts(records(activities=[
        activity("宣传", 知晓率="20%以上", 覆盖率="80"), activity("宣传", 知晓率="30%以上"),
        activity("宣传", 发放宣传资料="100份")]))
    assert [(m.name, str(m.total)) for m in facts.metric_totals] == [("发放宣传资料", "100份")]


def test_units_that_do_not_convert_are_totalled_apart_never_merged() -> None:
    facts = derive_facts(records(activities=[
        activity("整治", 出动人员="30人"), activity("整治", 出动人员="24人次"),
        activity("整治", 出动人员="6人")]))
    assert [(m.name, str(m.total)) for m in facts.metric_totals] == [
        ("出动人员", "36人"), ("出动人员", "24人次")]
