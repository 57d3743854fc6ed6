"""Document kinds: what each kind makes from one batch of records, and with which template.

A batch is a period's records (with the unit's meetings recorded on their own counted in), or
the meetings recorded on their own alone, whose 纪要 and 简报 need no period. A kind is a name,
a Chinese label, and a function that turns a batch into documents, each naming its template
and its script. Adding a kind touches only this registry, its compose module and its default
template; the loader, renderer and writer do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from reportgen.assess import Assessment, Outcome, results_xlsx
from reportgen.compose import (
    BriefingContext,
    MinutesContext,
    ReportContext,
    SummaryContext,
    compose_briefing,
    compose_minutes,
    compose_report,
    compose_summary,
    minutes_mark,
    report_recipient,
)
from reportgen.compose.briefing import NewsItem, meeting_item
from reportgen.compose.notice import NoticeContext, compose_notice, notice_title
from reportgen.derive import Facts, derive_facts, records_between
from reportgen.derive.rollup import OfficeFacts
from reportgen.issue_numbers import IssueBook, Request
from reportgen.kind_names import KIND_ORDER
from reportgen.models import Briefing, Meeting, PeriodRecords, Unit, matching_meetings
from reportgen.render import context_of
from reportgen.script import to_script


@dataclass(frozen=True)
class PlannedDocument:
    """One document to render: its kind, template, script, file title and context."""

    kind: str
    template: str
    title: str
    context: Mapping[str, Any]
    script: str = "简体"
    data: bytes | None = None
    """A document made without a template (the .xlsx of 考评 results), written as it is."""
    suffix: str = ".docx"
    issued: date | None = None
    """The document's 成文日期: the created and modified date of its properties."""
    author: str = ""
    """Who the document's properties say wrote it: the unit, in the document's script."""


@dataclass(frozen=True)
class Batch:
    """What one commit of documents is made from."""

    unit: Unit
    records: PeriodRecords | None
    """The period's records, or None for meetings recorded on their own."""
    facts: Facts | None
    """The period's facts, counting every meeting of the period wherever it is recorded."""
    meetings: tuple[Meeting, ...] = ()
    """The meetings whose 纪要 or 简报 this batch writes."""
    briefings: tuple[Briefing, ...] = ()
    known: tuple[Meeting, ...] = ()
    """Every meeting a 简报 of this batch may carry."""
    numbers: Mapping[tuple[str, str], int] = field(default_factory=dict)
    """期号 by (series, identity), from the unit's 期号 book."""
    office: OfficeFacts = field(default_factory=OfficeFacts)
    """The summary's 汇总 of member units, oversight, and comparisons with earlier periods."""
    assessment: Assessed | None = None
    """A 考评 and its outcome: the source of the 通报 and its .xlsx."""
    carried: frozenset[str] = frozenset()
    """Meetings a 简报 of another batch carries (a period's, carrying a meeting recorded on its own)."""

    @property
    def script(self) -> str:
        """The script of the batch's documents unless one chooses its own."""
        own = self.records.script if self.records else None
        return own or self.unit.script


def period_batch(unit: Unit, records: PeriodRecords, book: IssueBook) -> Batch:
    """A period's batch on its own (no meetings recorded apart, no office facts), its 期号
    assigned in *book*: what tools and tests plan a period's documents from."""
    batch = Batch(unit, records, derive_facts(records), tuple(records.meetings),
                  tuple(records.briefings), tuple(records.meetings))
    return replace(batch, numbers=book.assign([r for kind in KINDS.values() for r in kind.numbers(batch)]))


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document reportgen writes."""

    name: str
    label: str
    plan: Callable[[Batch], list[PlannedDocument]]
    template_for: Callable[[Unit], str]
    """The template name (file stem) a unit renders this kind with by default."""
    numbers: Callable[[Batch], list[Request]] = lambda batch: []
    """The 期号 the kind's documents need."""
    applies: Callable[[Unit], bool] = lambda unit: True
    """Whether a unit writes this kind at all (only an office with members writes 通报)."""


def _plan_summary(batch: Batch) -> list[PlannedDocument]:
    if batch.records is None or batch.facts is None:
        return []
    context = compose_summary(batch.unit, batch.records, batch.facts, batch.office)
    return [PlannedDocument("summary", "summary", context.title, context_of(context), batch.script,
                            issued=batch.records.date, author=_author(batch.unit, batch.script))]


def _author(unit: Unit, script: str) -> str:
    return to_script(unit.name, script)


def _plan_report(batch: Batch) -> list[PlannedDocument]:
    """The 情况汇报, when the unit has someone to report to."""
    records, unit = batch.records, batch.unit
    if records is None or batch.facts is None or report_recipient(unit, records) is None:
        return []
    facts = batch.facts
    span = records.report.span if records.report else None
    if span is not None:  # the report quotes only what happened within its span
        facts = derive_facts(records_between(records, span.start, span.end))
    context = compose_report(unit, records, facts)
    name = f"{unit.name}{records.period.label}{unit.theme}情况汇报"
    script = (records.report.script if records.report else None) or batch.script
    issued = (records.report.date if records.report else None) or records.date
    return [PlannedDocument("report", "report", name, context_of(context), script,
                            issued=issued, author=_author(unit, script))]


def form_of(unit: Unit, meeting: Meeting) -> str:
    return meeting.form or unit.minutes_form


def _carried(batch: Batch) -> frozenset[str]:
    """The identities of the meetings a 简报 of several items carries (they get no issue of their own)."""
    return batch.carried | {m.identity for b in batch.briefings for item in b.items if item.meeting
                            for m in matching_meetings(list(batch.known), item.meeting)}


def _numbers(batch: Batch) -> list[Request]:
    """The 期号 of every 简报 (and numbered 纪要) of the batch."""
    requests = [Request("briefing", b.identity, b.date, b.issue) for b in batch.briefings]
    carried = _carried(batch)
    for meeting in batch.meetings:
        if form_of(batch.unit, meeting) == "简报" and meeting.identity not in carried:
            requests.append(Request("briefing", meeting.identity, meeting.date, meeting.issue))
        elif form_of(batch.unit, meeting) == "纪要" and (meeting.issue or batch.unit.minutes_numbered):
            requests.append(Request("minutes", meeting.identity, meeting.date, meeting.issue))
    return requests


def _plan_minutes(batch: Batch) -> list[PlannedDocument]:
    """A 纪要 or a 简报 issue per meeting, and an issue per 简报 of several items."""
    unit, carried = batch.unit, _carried(batch)
    documents = []
    for meeting in batch.meetings:
        script = meeting.script or batch.script
        day = f"{meeting.date.month}月{meeting.date.day}日"
        if form_of(unit, meeting) == "纪要":
            number = batch.numbers.get(("minutes", meeting.identity))
            context = compose_minutes(unit, meeting, number)
            documents.append(PlannedDocument("minutes", "minutes", f"{minutes_mark(meeting)}（{day}）",
                                             context_of(context), script, issued=meeting.date,
                                             author=_author(unit, script)))
        elif meeting.identity not in carried:
            number = batch.numbers[("briefing", meeting.identity)]
            item = meeting_item(unit, meeting, meeting.date)
            briefing = compose_briefing(unit, [item], number, meeting.date)
            documents.append(PlannedDocument("minutes", "briefing", f"{briefing.title}（{meeting.title}）",
                                             context_of(briefing), script, issued=meeting.date,
                                             author=_author(unit, script)))
    for record in batch.briefings:
        documents.append(_plan_briefing(batch, record))
    return _unique_titles(documents)


def _plan_briefing(batch: Batch, record: Briefing) -> PlannedDocument:
    items = [_item(batch, record.date, item.meeting, item.headline, item.paragraphs)
             for item in record.items]
    number = batch.numbers[("briefing", record.identity)]
    context = compose_briefing(batch.unit, items, number, record.date, record.name)
    script = record.script or batch.script
    return PlannedDocument("minutes", "briefing", context.title, context_of(context), script,
                           issued=record.date, author=_author(batch.unit, script))


def _item(batch: Batch, printed: date, reference: str | None, headline: str | None,
          paragraphs: list[str]) -> NewsItem:
    if reference is None:
        return NewsItem(headline or "", tuple(paragraphs))
    [meeting] = matching_meetings(list(batch.known), reference)  # validation saw to one match
    return meeting_item(batch.unit, meeting, printed, headline)


@dataclass(frozen=True)
class Assessed:
    """A 考评 as recorded, and its outcome."""

    assessment: Assessment
    outcome: Outcome


def _plan_notice(batch: Batch) -> list[PlannedDocument]:
    """The 考评结果通报, and the same results as an .xlsx for the office's files."""
    if batch.assessment is None:
        return []
    assessment, outcome = batch.assessment.assessment, batch.assessment.outcome
    context = compose_notice(batch.unit, assessment, outcome)
    script = batch.unit.script
    sheet = results_xlsx(outcome, to_script(context.attachment, script))
    return [PlannedDocument("notice", "notice", notice_title(batch.unit, assessment),
                            context_of(context), script, issued=assessment.date,
                            author=_author(batch.unit, script)),
            PlannedDocument("notice", "", context.attachment, {}, script, sheet, ".xlsx")]


def _unique_titles(documents: list[PlannedDocument]) -> list[PlannedDocument]:
    """Number repeated titles (two meetings of one name on one day): …（2月22日）-2."""
    seen: dict[str, int] = {}
    unique = []
    for document in documents:
        seen[document.title] = seen.get(document.title, 0) + 1
        count = seen[document.title]
        title = document.title if count == 1 else f"{document.title}-{count}"
        unique.append(replace(document, title=title))
    return unique


KINDS: dict[str, DocumentKind] = {
    "summary": DocumentKind("summary", "工作总结", _plan_summary, lambda unit: "summary"),
    "minutes": DocumentKind("minutes", "会议纪要", _plan_minutes,
                            lambda unit: "minutes" if unit.minutes_form == "纪要" else "briefing",
                            _numbers),
    "report": DocumentKind("report", "情况汇报", _plan_report, lambda unit: "report"),
    "notice": DocumentKind("notice", "考评结果通报", _plan_notice, lambda unit: "notice",
                           applies=lambda unit: unit.members is not None),
}
"""The kinds, in the order build writes them (kind_names.KIND_ORDER, which names them for help)."""
assert tuple(KINDS) == KIND_ORDER


@dataclass(frozen=True)
class TemplateInfo:
    """A built-in template: what it lays out, and the context its documents are rendered with."""

    label: str
    context: type


TEMPLATES: dict[str, TemplateInfo] = {
    "summary": TemplateInfo("工作总结", SummaryContext),
    "minutes": TemplateInfo("会议纪要", MinutesContext),
    "briefing": TemplateInfo("会议简报", BriefingContext),
    "report": TemplateInfo("情况汇报", ReportContext),
    "notice": TemplateInfo("考评结果通报", NoticeContext),
}
"""Every built-in template name (file stem); a kind's plan picks among them."""
