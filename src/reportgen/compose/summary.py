"""Compose the 工作总结 (summary): title, opening with figures, numbered parts, signature, date."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.chinese import break_title, chinese_date, join_list
from reportgen.compose.common import Part, figures_sentence, numbered, work_parts
from reportgen.derive import Facts
from reportgen.models import Activity, PeriodRecords, Unit


@dataclass(frozen=True)
class LedgerRow:
    """One activity of the ledger (台账), ready for a table row."""

    date: str
    category: str
    title: str
    place: str
    figures: str


@dataclass(frozen=True)
class SummaryContext:
    """What the 工作总结 template can use."""

    title: str
    title_lines: tuple[str, ...]
    unit: str
    period: str
    opening: tuple[str, ...]
    figures: str
    parts: tuple[Part, ...]
    ledger: tuple[LedgerRow, ...]
    signature: str
    date: str


def compose_summary(unit: Unit, records: PeriodRecords, facts: Facts) -> SummaryContext:
    """Build the 工作总结 context: opening with figures, numbered parts, problems, plans."""
    period = records.period
    segments = [records.title] if records.title else [
        unit.name, period.label, f"{unit.theme}总结"]
    figures = figures_sentence(unit, records, facts)
    opening = [records.overview, *([figures] if figures else [])]
    if "如下" not in opening[-1]:
        opening[-1] = f"{opening[-1]}现将{period.short_label}工作情况总结如下："
    lines = break_title(segments)
    return SummaryContext(
        title="".join(lines), title_lines=tuple(lines), unit=unit.name, period=period.label,
        opening=tuple(opening), figures=figures, parts=numbered(work_parts(records)),
        ledger=tuple(ledger_row(a) for a in records.activities),
        signature=unit.signature or unit.name, date=chinese_date(records.date))


def ledger_row(activity: Activity) -> LedgerRow:
    """An activity as a table row: 3月20日, its category, title, place and figures."""
    figures = join_list([f"{name}{amount}" for name, amount in activity.metrics.items()])
    return LedgerRow(f"{activity.date.month}月{activity.date.day}日", activity.category,
                     activity.title, activity.place or "", figures)
