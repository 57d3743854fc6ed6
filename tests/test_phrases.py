"""compose.phrases: every sentence the tool writes itself, its default, the clerk's replacement,
leaving it out, and never writing it twice."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from reportgen.compose import compose_report, compose_summary
from reportgen.compose.phrases import DEFAULTS
from reportgen.derive import derive_facts
from reportgen.models import PeriodRecords, Phrases, Unit

UNIT = Unit(name="示例县某某局", self_name="我局", superior="县创卫办")
ACTIVITY = {"date": "2026-03-01", "category": "宣传", "title": "宣传活动", "metrics": {"资料": "100份"}}
BASIS = {"basis": [{"title": "关于开展爱国卫生月活动的通知", "number": "县爱卫办发〔2026〕3号"}],
         "span": {"start": "2026-04-01", "end": "2026-04-30"}}


def records(**extra: Any) -> PeriodRecords:
    base: dict[str, Any] = {"period": "2026-H1", "date": "2026-07-08", "overview": "今年以来，工作有序。",
                            "sections": [{"heading": "加强领导", "text": "成立领导小组。"}],
                            "activities": [ACTIVITY], "problems": ["甲。"], "plans": ["乙。"],
                            "report": BASIS}
    return PeriodRecords.model_validate(base | extra)


def summary(unit: Unit = UNIT, **extra: Any) -> Any:
    r = records(**extra)
    return compose_summary(unit, r, derive_facts(r))


def report(unit: Unit = UNIT, **extra: Any) -> Any:
    r = records(**extra)
    return compose_report(unit, r, derive_facts(r))


def headings(context: Any) -> list[str]:
    return [p.heading for p in context.body if p.kind == "heading"]


def test_every_default_phrase_is_tested_here() -> None:
    tested = {"summary_lead_in", "figures_opening", "report_basis", "report_span", "report_action",
              "report_lead_in", "report_basics", "report_closing", "problems_heading",
              "plans_heading", "plans_heading_open", "report_plans_heading"}
    assert set(DEFAULTS) == tested


def test_summary_lead_in() -> None:
    assert summary().opening[-1].endswith("现将上半年工作情况总结如下：")
    own = summary(phrases={"summary_lead_in": "现将{单位}有关情况总结如下："})
    assert own.opening[-1].endswith("现将示例县某某局有关情况总结如下：")
    assert not summary(phrases={"summary_lead_in": ""}).opening[-1].endswith("：")


@pytest.mark.parametrize("overview", ["我校开展了以下几方面工作：", "现将有关情况报告如下：",
                                      ["第一段。", "第二段，主要做法是："]])
def test_summary_lead_in_is_never_doubled(overview: Any) -> None:
    opening = summary(overview=overview).opening
    assert "".join(opening).count("如下：") + "".join(opening).count("工作：") <= 1
    assert "总结如下" not in "".join(opening)


def test_figures_go_before_an_overview_that_leads_into_the_body() -> None:
    opening = summary(overview=["概述。", "开展了以下几方面工作："]).opening
    assert opening[0] == "概述。"
    assert opening[1].startswith("上半年，我局共组织开展各类活动1次")
    assert opening[2] == "开展了以下几方面工作："


def test_figures_opening() -> None:
    assert summary().figures.startswith("上半年，我局共组织开展")
    assert summary(phrases={"figures_opening": "今年上半年，{单位}"}).figures.startswith(
        "今年上半年，示例县某某局共组织开展")
    assert summary(phrases={"figures_opening": ""}).figures == ""


def test_report_basis_span_and_action() -> None:
    first = report().opening[0]
    assert first == ("根据《关于开展爱国卫生月活动的通知》（县爱卫办发〔2026〕3号）要求，"
                     "我局于2026年4月1日—4月30日组织开展了爱国卫生工作。")
    spirit = report(phrases={"report_basis": "根据{依据}精神，"}).opening[0]
    assert spirit.startswith("根据《关于开展爱国卫生月活动的通知》（县爱卫办发〔2026〕3号）精神，我局于")
    no_span = report(report={"basis": BASIS["basis"]}).opening[0]
    assert no_span.endswith("要求，我局认真组织开展了爱国卫生工作。")
    own = report(phrases={"report_span": "{自称}在{起止日期}集中开展了活动。"}).opening[0]
    assert own.endswith("要求，我局在2026年4月1日—4月30日集中开展了活动。")


def test_report_basis_is_never_doubled_when_the_overview_cites_its_own() -> None:
    opening = report(overview="按照县创卫办部署，我局认真开展了工作。").opening
    assert opening[0].startswith("按照县创卫办部署")
    assert "根据《" not in "".join(opening)


def test_report_lead_in() -> None:
    assert report().opening[-1].endswith("现将有关情况汇报如下：")
    assert report(phrases={"report_lead_in": "现报告如下："}).opening[-1].endswith("现报告如下：")
    assert report(overview="情况如下：").opening[-1] == "情况如下："


def test_report_basics_and_closing() -> None:
    assert headings(report())[0] == "基本情况"
    assert headings(report(phrases={"report_basics": "总体情况"}))[0] == "总体情况"
    assert report().closing == "特此汇报。"
    assert report(phrases={"report_closing": "特此报告。"}).closing == "特此报告。"
    assert report(phrases={"report_closing": ""}).closing == ""


def test_problems_and_plans_headings() -> None:
    assert headings(summary())[-2:] == ["存在的问题", "下半年工作打算"]
    own = summary(phrases={"problems_heading": "存在的不足", "plans_heading": "{下一期间}工作思路"})
    assert headings(own)[-2:] == ["存在的不足", "下半年工作思路"]
    assert headings(report())[-1] == "下一步打算"
    assert headings(report(phrases={"plans_heading": "下步工作重点"}))[-1] == "下步工作重点"
    assert headings(summary(plans={"heading": "今后打算", "sections": ["乙。"]}))[-1] == "今后打算"


def test_plans_heading_open_is_used_before_the_period_ends() -> None:
    r = records(period="2026", date="2026-07-10")
    assert headings(compose_summary(UNIT, r, derive_facts(r)))[-1] == "下一步工作打算"


def test_a_unit_sets_phrases_for_every_period_and_a_period_overrides_them() -> None:
    unit = UNIT.model_copy(update={"phrases": Phrases(
        summary_lead_in="现将本单位工作总结如下：", report_closing="特此报告。")})
    assert summary(unit).opening[-1].endswith("现将本单位工作总结如下：")
    assert summary(unit, phrases={"summary_lead_in": "现总结如下："}).opening[-1].endswith("现总结如下：")
    assert report(unit).closing == "特此报告。"


@pytest.mark.parametrize(("text", "message"), [
    ("现将{年度}总结如下：", "用语中的“{年度}”不是可填的内容"),
    ("现将{期间总结如下：", "用语中的花括号不成对"),
])
def test_a_phrase_with_a_slot_the_tool_cannot_fill_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        records(phrases={"summary_lead_in": text})


@pytest.mark.parametrize("name", list(Phrases.model_fields))
def test_every_phrase_fills_the_slots_every_phrase_may_use(name: str) -> None:
    own = {name: "〔{期间}{单位}{自称}{工作主题}〕"}
    texts = []
    for context in (summary(phrases=own), report(phrases=own)):
        texts += [*context.opening, *(p.heading + p.text for p in context.body)]
        texts += [getattr(context, "closing", "")]
    filled = [t for t in texts if "〔" in t]
    assert filled, f"{name} appears in neither document"
    assert all("{" not in t for t in filled), filled
    assert any("示例县某某局我局爱国卫生工作" in t for t in filled), filled


def test_the_report_puts_its_figures_before_an_overview_that_leads_into_the_body() -> None:
    opening = report(overview=["概述。", "主要做了以下几方面工作："],
                     outline=[{"heading": "主要工作", "contains": ["sections"]}]).opening
    assert opening[-2].startswith("2026年4月1日—4月30日期间，我局共组织开展")
    assert opening[-1] == "主要做了以下几方面工作："
