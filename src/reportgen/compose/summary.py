"""Compose the 工作总结 (summary): title, opening with figures, the body as its author shaped it
(parts, headings to four levels, points), the closing words, signature and date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from reportgen.chinese import break_title, chinese_date, join_list
from reportgen.compose.common import Part, figures_sentence
from reportgen.compose.office import office_paragraphs
from reportgen.compose.phrases import Phrasebook, lead_into_body
from reportgen.compose.signoff import SignOff, sign_off
from reportgen.compose.structure import Paragraph, layout_body, parts_of
from reportgen.derive import Facts
from reportgen.derive.rollup import OfficeFacts
from reportgen.models import Activity, PeriodRecords, Unit
from reportgen.outline import Headings, outline_nodes


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
    body: tuple[Paragraph, ...]
    parts: tuple[Part, ...]
    conclusion: tuple[str, ...]
    ledger: tuple[LedgerRow, ...]
    signature: str
    date: str
    sign_off: SignOff
    """The 署名 and 成文日期 placed per GB/T 9704 §7.3.5, for {{p sign_off }}."""
    rollup: str
    """An office's 汇总 of its member units' figures (a paragraph of the opening), or ""."""
    comparison: str
    """Figures compared with earlier periods (after the figures sentence), or ""."""


def compose_summary(unit: Unit, records: PeriodRecords, facts: Facts,
                    office: OfficeFacts | None = None) -> SummaryContext:
    """Build the 工作总结 context; *office*: what it says beyond its own ledger."""
    book = Phrasebook(unit, records)
    period = records.period
    rollup, comparison = office_paragraphs(office or OfficeFacts(), period.short_label, unit.self_name)
    figures = figures_sentence(unit, records, facts, book) + comparison
    nodes = outline_nodes(records, Headings(book.text("problems_heading"), plans_heading(book, records)))
    lines = break_title(title_segments(unit, records))
    return SummaryContext(
        title="".join(lines), title_lines=tuple(lines), unit=unit.name, period=period.label,
        opening=lead_into_body(records.overview, figures, book.text("summary_lead_in"),
                               (rollup,) if rollup else ()),
        figures=figures, rollup=rollup, comparison=comparison,
        body=layout_body(nodes), parts=parts_of(nodes), conclusion=tuple(records.closing),
        ledger=tuple(ledger_row(a) for a in records.activities),
        signature=unit.signature or unit.name, date=chinese_date(records.date),
        sign_off=sign_off("summary", unit.signature or unit.name, chinese_date(records.date)))


def title_segments(unit: Unit, records: PeriodRecords) -> list[str]:
    """The title's meaningful pieces (for line breaking): the clerk's title, or unit, period,
    theme 总结, and "及" + each later part's heading when the document is in parts."""
    if records.title:
        return [records.title]
    parts = [p.heading for p in records.outline or [] if p.heading]
    return [unit.name, records.period.label, f"{unit.theme}总结", *(f"及{h}" for h in parts[1:])]


def plans_heading(book: Phrasebook, records: PeriodRecords) -> str:
    """下半年工作打算 after a first half, 2027年工作打算 after a second half or a year, …;
    下一步工作打算 when the document is dated more than a month before its period ends (a school
    year in July), not for a year-end summary written on 30 December."""
    period = records.period
    if records.date < period.end - timedelta(days=31) and not book.replaced("plans_heading"):
        return book.text("plans_heading_open")
    following = period.next()
    ends_year = period.months == 12 or period.first_month + period.months > 12
    label = f"{following.year}年" if ends_year and period.months >= 6 else period.relative_label(following)
    return book.text("plans_heading", {"下一期间": label})


def ledger_row(activity: Activity) -> LedgerRow:
    """An activity as a table row: 3月20日, its category, title, place and figures."""
    figures = join_list([f"{name}{amount}" for name, amount in activity.metrics.items()])
    return LedgerRow(f"{activity.date.month}月{activity.date.day}日", activity.category,
                     activity.title, activity.place or "", figures)
