"""The office above its member units: the 汇总 of the members' figures and of its own oversight,
a year made from its halves, and figures compared with earlier periods (issue 9)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import write
from reportgen.compose.office import comparison_sentence, oversight_sentence
from reportgen.derive import derive_facts
from reportgen.derive.compare import Change, changes
from reportgen.derive.rollup import oversight_facts, roll_up
from reportgen.models import Oversight
from reportgen.period import Period
from reportgen.records import read_period

PERIOD = """\
period: {period}
date: {day}
overview: 本期工作情况。
sections:
  - heading: 做法
    text: 做了工作。
activities:
{activities}
inspections:
  - date: {day}
    by: 县创卫办
    found: {found}
    rectified: {rectified}
"""


def period_file(folder: Path, period: str, day: str, activities: list[tuple[str, str]],
                found: str = "10", rectified: str = "9") -> Path:
    lines = "\n".join(f"  - date: {day}\n    category: 宣传教育\n    title: 活动{i}\n"
                      f"    metrics:\n      {name}: {amount}" for i, (name, amount) in enumerate(activities))
    folder.mkdir(parents=True, exist_ok=True)
    return write(folder, PERIOD.format(period=period, day=day, activities=lines, found=found,
                                       rectified=rectified), f"{period}.yaml")


# ---------------------------------------------------------------- comparisons


@pytest.mark.parametrize(("now", "before", "text"), [
    (16, 13, "开展活动增加3次，增长23.1%"),
    (10, 13, "开展活动减少3次，下降23.1%"),
    (13, 13, "开展活动持平"),
    (4, 0, "开展活动增加4次"),
])
def test_a_change_is_told_with_its_amount_and_share(now: int, before: int, text: str) -> None:
    assert Change("开展活动", "次", Decimal(now), Decimal(before)).text == text


def test_a_rate_changes_in_percentage_points() -> None:
    assert Change("整改率", "%", Decimal("92.5"), Decimal("90"), rate=True).text == "整改率提高2.5个百分点"
    assert Change("整改率", "%", Decimal("88"), Decimal("90"), rate=True).text == "整改率下降2个百分点"


def test_only_exact_figures_in_one_unit_are_compared(tmp_path: Path) -> None:
    now = derive_facts(read_period(period_file(tmp_path / "a", "2026-H2", "2026-09-01",
                                               [("宣传资料", "1.2万份"), ("横幅", "20条")], "60余个", "50")))
    before = derive_facts(read_period(period_file(tmp_path / "b", "2026-H1", "2026-03-01",
                                                  [("宣传资料", "9000份"), ("横幅", "20人")])))
    found, skipped = changes(["activities", "found", "宣传资料", "横幅", "没有这项"], now, before)
    assert [c.text for c in found] == ["开展活动持平", "宣传资料增加3000份，增长33.3%"]
    assert skipped == ["found", "横幅", "没有这项"]  # approximate, other unit, no such figure


def test_the_sentence_names_the_earlier_period() -> None:
    change = Change("开展活动", "次", Decimal(16), Decimal(13))
    assert comparison_sentence("上半年", [change]) == "与上半年相比，开展活动增加3次，增长23.1%。"
    assert comparison_sentence("上半年", []) == ""


@pytest.mark.parametrize(("period", "previous", "a_year_before"), [
    ("2026-H2", "2026-H1", "2025-H2"), ("2026-H1", "2025-H2", "2025-H1"), ("2026", "2025", "2025"),
    ("2026-Q1", "2025-Q4", "2025-Q1"), ("2026-01", "2025-12", "2025-01"), ("2026-07", "2026-06", "2025-07"),
])
def test_earlier_periods(period: str, previous: str, a_year_before: str) -> None:
    assert Period.parse(period).previous().id == previous
    assert Period.parse(period).a_year_before().id == a_year_before


# ---------------------------------------------------------------- members and oversight


def test_roll_up_counts_reporting_members_and_totals_their_figures(tmp_path: Path) -> None:
    a = read_period(period_file(tmp_path / "a", "2026-H1", "2026-03-01", [("宣传资料", "1.2万份")],
                                "10", "9"))
    b = read_period(period_file(tmp_path / "b", "2026-H1", "2026-04-01", [("宣传资料", "300余份")],
                                "5", "5"))
    roll = roll_up({"甲局": a, "乙局": None, "丙局": b})
    assert roll.members == ("甲局", "乙局", "丙局")
    assert roll.reported == ("甲局", "丙局") and roll.missing == ("乙局",)
    assert roll.facts.activity_count == 2
    assert str(roll.facts.problems_found) == "15" and roll.facts.rectification_rate == Decimal("93.3")
    [total] = roll.facts.metric_totals
    assert str(total.total) == "1.2万余份"  # an approximate part makes the total approximate


def test_oversight_counts_tasks_by_status_and_late_ones_as_overdue() -> None:
    oversight = Oversight.model_validate({"letters": "34", "notices": "30余", "tasks": [
        {"text": "甲", "status": "已整改"}, {"text": "乙", "status": "整改中", "due": "2026-06-30"},
        {"text": "丙", "status": "整改中", "due": "2026-08-31"}, {"text": "丁", "status": "逾期"}]})
    facts = oversight_facts(oversight, date(2026, 7, 12))
    assert (str(facts.assigned), str(facts.rectified), facts.in_progress, facts.overdue) == ("4", "1", 1, 2)
    assert oversight_sentence(facts, "我办") == (
        "我办与成员单位签订责任书34份，下发督办单30余份，交办问题4个，其中已整改1个、正在整改1个、逾期未整改2个。")


def test_oversight_given_as_counts_is_said_as_given() -> None:
    oversight = Oversight.model_validate({"assigned": "60余", "rectified": "60余"})
    assert oversight_sentence(oversight_facts(oversight, date(2026, 7, 1)), "我办") == (
        "我办交办问题60余个，其中已整改60余个。")


def test_tasks_and_counts_together_are_refused() -> None:
    with pytest.raises(ValueError, match="不再写 assigned"):
        Oversight.model_validate({"assigned": "3", "tasks": [{"text": "甲", "status": "已整改"}]})
