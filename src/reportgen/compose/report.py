"""Compose the 情况汇报 (situation report) to a superior: 主送机关, basis, span, parts, 特此汇报."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.chinese import break_title, chinese_date, chinese_date_range, join_list
from reportgen.compose.common import Part, figures_sentence, numbered, work_parts
from reportgen.derive import Facts
from reportgen.models import PeriodRecords, ReportInfo, Unit


@dataclass(frozen=True)
class ReportContext:
    """What the 情况汇报 template can use."""

    title: str
    title_lines: tuple[str, ...]
    recipient: str
    unit: str
    period: str
    opening: tuple[str, ...]
    parts: tuple[Part, ...]
    closing: str
    signature: str
    date: str


def report_recipient(unit: Unit, records: PeriodRecords) -> str | None:
    """To whom the report goes: the period's report.recipient, else the unit's superior."""
    info = records.report or ReportInfo()
    return info.recipient or unit.superior


def compose_report(unit: Unit, records: PeriodRecords, facts: Facts) -> ReportContext:
    """Build the 情况汇报 context; the caller makes sure there is a recipient and passes the
    facts of the report's span (the whole period when it has none)."""
    info = records.report or ReportInfo()
    period = records.period
    segments = [info.title] if info.title else ["关于", f"{period.label}{unit.theme}", "情况的汇报"]
    lines = break_title(segments)
    when = f"{chinese_date_range(info.span.start, info.span.end)}期间" if info.span else None
    figures = figures_sentence(unit, records, facts, when)
    parts = ([Part("", "基本情况", (figures,))] if figures else []) + work_parts(
        records, plans_heading="下一步打算")
    return ReportContext(
        title="".join(lines), title_lines=tuple(lines),
        recipient=f"{report_recipient(unit, records) or ''}：", unit=unit.name, period=period.label,
        opening=tuple(_opening(unit, records, info)), parts=numbered(parts), closing="特此汇报。",
        signature=unit.signature or unit.name, date=chinese_date(info.date or records.date))


def _opening(unit: Unit, records: PeriodRecords, info: ReportInfo) -> list[str]:
    """根据《…》（…）要求，我局于2026年4月1日—4月30日组织开展了…。 then the overview and the lead-in."""
    lead = ""
    if info.basis:
        lead += f"根据{join_list([b.citation for b in info.basis])}要求，"
    if info.span:
        span = chinese_date_range(info.span.start, info.span.end)
        lead += f"{unit.self_name}于{span}组织开展了{unit.theme}。"
    elif lead:
        lead += f"{unit.self_name}认真组织开展了{unit.theme}。"
    overview = records.overview
    if "如下" not in overview:
        overview += "现将有关情况汇报如下："
    return [lead, overview] if lead else [overview]
