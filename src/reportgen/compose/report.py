"""Compose the 情况汇报 (situation report) to a superior: 主送机关, basis, span, the body as its
author shaped it, the closing words and 特此汇报."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.chinese import break_title, chinese_date, chinese_date_range, join_list
from reportgen.compose.common import Part, figures_sentence
from reportgen.compose.phrases import Phrasebook, cites_its_basis, lead_into_body
from reportgen.compose.signoff import SignOff, sign_off
from reportgen.compose.structure import Paragraph, layout_body, parts_of
from reportgen.derive import Facts
from reportgen.models import PeriodRecords, ReportInfo, Unit
from reportgen.outline import Headings, Node, outline_nodes


@dataclass(frozen=True)
class ReportContext:
    """What the 情况汇报 template can use."""

    title: str
    title_lines: tuple[str, ...]
    recipient: str
    unit: str
    period: str
    opening: tuple[str, ...]
    body: tuple[Paragraph, ...]
    parts: tuple[Part, ...]
    conclusion: tuple[str, ...]
    closing: str
    signature: str
    date: str
    sign_off: SignOff
    """The 署名 and 成文日期 placed per GB/T 9704 §7.3.5, for {{p sign_off }}."""


def report_recipient(unit: Unit, records: PeriodRecords) -> str | None:
    """To whom the report goes: the period's report.recipient, else the unit's superior."""
    info = records.report or ReportInfo()
    return info.recipient or unit.superior


def compose_report(unit: Unit, records: PeriodRecords, facts: Facts) -> ReportContext:
    """Build the 情况汇报 context; the caller makes sure there is a recipient and passes the
    facts of the report's span (the whole period when it has none)."""
    info = records.report or ReportInfo()
    book = Phrasebook(unit, records)
    period = records.period
    segments = [info.title] if info.title else ["关于", f"{period.label}{unit.theme}", "情况的汇报"]
    lines = break_title(segments)
    when = f"{chinese_date_range(info.span.start, info.span.end)}期间" if info.span else None
    figures = figures_sentence(unit, records, facts, book, when)
    plans = book.text("report_plans_heading")
    nodes = outline_nodes(records, Headings(book.text("problems_heading"), plans))
    in_parts = any(p.heading for p in records.outline or [])
    if figures and not in_parts:
        nodes.insert(0, Node(book.text("report_basics"), paragraphs=[figures]))
    opening = _opening(unit, records, info, book, figures if in_parts else "")
    return ReportContext(
        title="".join(lines), title_lines=tuple(lines),
        recipient=f"{report_recipient(unit, records) or ''}：", unit=unit.name, period=period.label,
        opening=opening, body=layout_body(nodes), parts=parts_of(nodes),
        conclusion=tuple(records.closing), closing=book.text("report_closing"),
        signature=unit.signature or unit.name, date=chinese_date(info.date or records.date),
        sign_off=sign_off("report", unit.signature or unit.name, chinese_date(info.date or records.date)))


def _opening(unit: Unit, records: PeriodRecords, info: ReportInfo, book: Phrasebook,
             figures: str) -> tuple[str, ...]:
    """根据《…》（…）要求，我局于2026年4月1日—4月30日组织开展了…。 then the overview and the
    lead-in; an overview that opens with its own 根据…… gets no second basis sentence."""
    slots = {"依据": join_list([b.citation for b in info.basis])}
    lead = ""
    if not cites_its_basis(records.overview[0]):
        if info.basis:
            lead += book.text("report_basis", slots)
        if info.span:
            span = chinese_date_range(info.span.start, info.span.end)
            lead += book.text("report_span", slots | {"起止日期": span})
        elif lead:
            lead += book.text("report_action", slots)
    overview = [*([lead] if lead else []), *records.overview]
    return lead_into_body(overview, figures, book.text("report_lead_in", slots))
