"""Document kinds: what each kind makes from one period's records, and with which template.

A kind is a name, a Chinese label, the template a unit renders it with, and a
function that turns (unit, records, facts) into the documents of the period.
Adding a kind touches only this registry, its compose module and its default
template; the loader, renderer and writer do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from reportgen.compose import (
    MinutesContext,
    ReportContext,
    SummaryContext,
    compose_minutes,
    compose_report,
    compose_summary,
    minutes_mark,
    report_recipient,
)
from reportgen.derive import Facts, derive_facts, records_between
from reportgen.models import PeriodRecords, Unit
from reportgen.render import context_of


@dataclass(frozen=True)
class PlannedDocument:
    """One document to render: its kind, its file title and its context."""

    kind: str
    title: str
    context: Mapping[str, Any]


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document reportgen writes."""

    name: str
    label: str
    plan: Callable[[Unit, PeriodRecords, Facts], list[PlannedDocument]]
    template_for: Callable[[Unit], str]
    """The template name (file stem) a unit renders this kind with."""


def _plan_summary(unit: Unit, records: PeriodRecords, facts: Facts) -> list[PlannedDocument]:
    context = compose_summary(unit, records, facts)
    return [PlannedDocument("summary", context.title, context_of(context))]


def _plan_minutes(unit: Unit, records: PeriodRecords, facts: Facts) -> list[PlannedDocument]:
    """One document per meeting; the file says which meeting: …会议纪要（2月22日）."""
    documents = []
    for meeting in records.meetings:
        day = f"{meeting.date.month}月{meeting.date.day}日"
        name = (minutes_mark(meeting) if unit.minutes_form == "纪要"
                else f"{meeting.title}会议简报")
        documents.append(PlannedDocument("minutes", f"{name}（{day}）",
                                         context_of(compose_minutes(unit, meeting))))
    return _unique_titles(documents)


def _plan_report(unit: Unit, records: PeriodRecords, facts: Facts) -> list[PlannedDocument]:
    """The 情况汇报, when the unit has someone to report to."""
    if report_recipient(unit, records) is None:
        return []
    span = records.report.span if records.report else None
    if span is not None:  # the report quotes only what happened within its span
        facts = derive_facts(records_between(records, span.start, span.end))
    context = compose_report(unit, records, facts)
    name = f"{unit.name}{records.period.label}{unit.theme}情况汇报"
    return [PlannedDocument("report", name, context_of(context))]


def _unique_titles(documents: list[PlannedDocument]) -> list[PlannedDocument]:
    """Number repeated titles (two meetings of one name on one day): …（2月22日）-2."""
    seen: dict[str, int] = {}
    unique = []
    for document in documents:
        seen[document.title] = seen.get(document.title, 0) + 1
        count = seen[document.title]
        title = document.title if count == 1 else f"{document.title}-{count}"
        unique.append(PlannedDocument(document.kind, title, document.context))
    return unique


KINDS: dict[str, DocumentKind] = {
    "summary": DocumentKind("summary", "工作总结", _plan_summary, lambda unit: "summary"),
    "minutes": DocumentKind("minutes", "会议纪要", _plan_minutes,
                            lambda unit: "minutes" if unit.minutes_form == "纪要" else "briefing"),
    "report": DocumentKind("report", "情况汇报", _plan_report, lambda unit: "report"),
}
"""The kinds, in the order build writes them."""

@dataclass(frozen=True)
class TemplateInfo:
    """A built-in template: what it lays out, and the context its documents are rendered with."""

    label: str
    context: type


TEMPLATES: dict[str, TemplateInfo] = {
    "summary": TemplateInfo("工作总结", SummaryContext),
    "minutes": TemplateInfo("会议纪要", MinutesContext),
    "briefing": TemplateInfo("会议简报", MinutesContext),
    "report": TemplateInfo("情况汇报", ReportContext),
}
"""Every built-in template name (file stem); a kind's template_for picks among them."""
