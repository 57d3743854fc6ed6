"""Building one unit: load → validate → derive → compose → render → write, for each of its
periods, its 考评 and its meetings recorded on their own.

reportgen.build decides which units need building and calls build_unit for each, in this
process or in workers; this module holds all the machinery (records, templates, rendering), so
that a build finding nothing changed never imports it. Every period is built inside its own
guard: a period that fails, however it fails, is reported and skipped, and the others still
build. A period's documents are all rendered before any is written, then committed together
(reportgen.write.commit): all of them or none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportgen.assess import assess, read_assessment, unassessed_members
from reportgen.build import BuildReport, Failure, Scope, UnitPlan, Writing, unit_names
from reportgen.derive import derive_facts
from reportgen.draft import DRAFT_LINE, draft_title, mark_draft
from reportgen.errors import (
    OutputError,
    Problem,
    RecordsError,
    ReportgenError,
    TemplateError,
    WorkspaceError,
    display_path,
    internal_error,
)
from reportgen.incremental import UnitRecord, digest_of_names, forget, now_ns, record_path
from reportgen.issue_numbers import ISSUES_FILE, IssueBook
from reportgen.kinds import KINDS, Assessed, Batch, DocumentKind
from reportgen.limits import MAX_TEMPLATE_BYTES
from reportgen.lint import lint_report, lint_template
from reportgen.models import Briefing, Meeting, MeetingsFile, Unit, matching_meetings
from reportgen.period import Period
from reportgen.reading import TEMPLATE_FILE, FileRefused, Read, note_read, read_with_record, recording_reads
from reportgen.records import (
    PLACEHOLDER_LEFT,
    check_meetings,
    read_meetings,
    read_period_noting_placeholders,
    read_unit,
)
from reportgen.related import Related
from reportgen.render import PreparedTemplate
from reportgen.script import convert_context, convert_template, to_script
from reportgen.templates import resolve_template
from reportgen.workspace import UNIT_FILE, Workspace
from reportgen.write import Document, WriteResult, commit_folder


class TemplateCache:
    """Prepared templates by content: each distinct template is linted, read and compiled once
    per build, however many units keep their own copy of it."""

    def __init__(self) -> None:
        self._by_path: dict[tuple[Path, str, str], tuple[PreparedTemplate, Read]] = {}
        self._by_content: dict[tuple[str, str, str], PreparedTemplate] = {}

    def get(self, path: Path, name: str, script: str = "简体") -> PreparedTemplate:
        """The prepared template at *path*, its own words in *script*; TemplateError with every
        lint finding if it is broken. Messages name *path*, even when the compiled template is
        shared with another file of the same content."""
        key = (path, name, script)
        if key in self._by_path:
            known, seen = self._by_path[key]
            note_read(path, seen)  # the unit depends on it as if it had read it
            return known
        try:
            data, read = read_with_record(path, MAX_TEMPLATE_BYTES, TEMPLATE_FILE)
        except FileRefused as exc:
            raise TemplateError(f"无法读取模板 {display_path(path)}：{exc}", detail=str(exc)) from None
        content = (read.digest, name, script)
        if content not in self._by_content:
            findings = lint_template(path, name)
            if findings:
                raise TemplateError(lint_report(findings))
            converted = data if script == "简体" else convert_template(data, script)
            self._by_content[content] = PreparedTemplate(converted, display_path(path))
        prepared = self._by_content[content]
        named = prepared.named(display_path(path))
        self._by_path[key] = named, read
        return named


def build_unit(workspace: Workspace, unit: str, plan: UnitPlan, key: str,
               cache: TemplateCache) -> BuildReport:
    """Build one unit and, when it built without a failure, keep its build record."""
    report = BuildReport()
    kept = record_path(workspace.output_dir, unit)
    forget(kept)  # until this build has succeeded, the record must not hold
    started = now_ns()
    before = set(unit_names(workspace, unit, ()))
    with recording_reads() as reads:
        report.written = list(_guarded(workspace, unit, plan.scope, [KINDS[k] for k in plan.kinds],
                                       cache, report, plan.writing))
    if report.failures or not workspace.output_dir.is_dir():
        return report
    read = [str(p) for p in reads]
    book = workspace.data_dir / unit / ISSUES_FILE
    own_now = set(unit_names(workspace, unit, ()))
    if own_now - before - {str(book)} or before - own_now:
        return report  # a file came or went while it was built: the next build looks again
    record = UnitRecord.of_build(key, digest_of_names(unit_names(workspace, unit, read)), started, reads,
                                 report.written, report.notes, workspace.output_dir,
                                 owned=[book] if str(book) in own_now else [])
    if record is not None:
        record.save(kept)
    return report


def _guarded(workspace: Workspace, unit: str, scope: Scope, kinds: list[DocumentKind],
             cache: TemplateCache, report: BuildReport, writing: Writing) -> Iterable[WriteResult]:
    """One unit's documents; whatever goes wrong in it becomes a failure of that unit alone."""
    try:
        yield from _build_unit(workspace, unit, scope, kinds, cache, report, writing)
    except ReportgenError as exc:
        report.failures.append(Failure(unit, None, message=str(exc)))
    except Exception as exc:  # a bug, a recursion or memory limit must not stop other units
        report.failures.append(Failure(unit, None, message=internal_error(exc)))


@dataclass(frozen=True)
class _UnitInput:
    """A unit's profile, its meetings recorded on their own, and its 期号 book."""

    profile: Unit
    standalone: list[tuple[Path, MeetingsFile]]
    book: IssueBook
    carried: set[str] = field(default_factory=set)
    """Meetings (identities) that a period's 简报 carries: they get no 简报 of their own."""

    @property
    def meetings(self) -> list[Meeting]:
        return [m for _, f in self.standalone for m in f.meetings]

    @property
    def briefings(self) -> list[Briefing]:
        return [b for _, f in self.standalone for b in f.briefings]


def _read_unit_input(workspace: Workspace, unit: str, report: BuildReport) -> _UnitInput | None:
    """The unit's profile, meetings files and 期号 book; None (and the failure reported) when
    one of them is wrong, since every period counts the meetings and every 简报 is numbered."""
    folder = workspace.unit_dir(unit)
    problems: list[Problem] = []
    try:
        profile = read_unit(folder / UNIT_FILE)
    except RecordsError as exc:
        report.failures.append(Failure(unit, None, tuple(exc.problems)))
        return None
    standalone = []
    for path in workspace.meeting_files(unit):
        try:
            standalone.append((path, read_meetings(path)))
        except RecordsError as exc:
            problems += exc.problems
    meetings = [m for _, f in standalone for m in f.meetings]
    for path, records in standalone:  # a 简报 may carry meetings of the other files
        try:
            check_meetings(path, records, meetings)
        except RecordsError as exc:
            problems += exc.problems
    try:
        book = IssueBook.read(folder / ISSUES_FILE)
    except RecordsError as exc:
        problems += exc.problems
    if problems:
        report.failures.append(Failure(unit, None, tuple(problems), message=(
            "单独记录的会议或期号文件有错误：各期间的会议数和简报期号都要用到它们，本单位暂不生成")))
        return None
    return _UnitInput(profile, standalone, book)


def _build_unit(workspace: Workspace, unit: str, scope: Scope, kinds: list[DocumentKind],
                cache: TemplateCache, report: BuildReport, writing: Writing) -> Iterable[WriteResult]:
    files = [p for p in workspace.period_files(unit) if scope.wants_period(Period.parse(p.stem))
             ] if scope.period or scope.day else workspace.period_files(unit)
    if scope.period and scope.day is None and not files and not workspace.meeting_files(unit):
        files = [workspace.period_file(unit, scope.period.id)]  # says which periods there are
    if not files and not workspace.meeting_files(unit) and scope.day is None:
        report.notes.append(f"单位“{unit}”还没有期间台账（如 data/{unit}/2026-H2.yaml），未生成文档")
    given = _read_unit_input(workspace, unit, report)
    if given is None:
        return
    for path in files:
        yield from _guarded_batch(unit, path.stem, report, _period_batch(
            workspace, unit, given, path, scope, kinds, cache, report, writing))
    by_year: dict[int, tuple[list[Meeting], list[Briefing]]] = {}
    for meeting in scope.meetings(given.meetings):
        by_year.setdefault(meeting.date.year, ([], []))[0].append(meeting)
    for briefing in scope.briefings(given.briefings, given.meetings):
        by_year.setdefault(briefing.date.year, ([], []))[1].append(briefing)
    if KINDS["notice"] in kinds and scope.day is None and given.profile.members is not None:
        for path in workspace.assessment_files(unit):
            yield from _guarded_batch(unit, f"assessments/{path.name}", report, _assessment_batch(
                workspace, unit, given, path, scope, cache, report, writing.force))
    for year, (meetings, briefings) in sorted(by_year.items()):
        batch = Batch(given.profile, None, None, tuple(meetings), tuple(briefings), tuple(given.meetings),
                      carried=frozenset(given.carried))
        folder = workspace.meetings_folder(unit, year)
        yield from _guarded_batch(unit, folder.name, report, _commit_batch(
            workspace, unit, batch, given.book, kinds, cache, folder, writing.force))


def _guarded_batch(unit: str, name: str, report: BuildReport,
                   results: Iterable[WriteResult]) -> Iterable[WriteResult]:
    """One period (or one year's meetings), produced lazily by *results*: its failure, whatever
    it is, is its own."""
    try:
        yield from results
    except RecordsError as exc:
        report.failures.append(Failure(unit, name, tuple(exc.problems)))
    except OutputError as exc:
        report.failures.append(Failure(unit, name, message=str(exc), partial=exc.partial,
                                       unwritable=True))
    except (TemplateError, WorkspaceError) as exc:
        report.failures.append(Failure(unit, name, message=str(exc)))
    except Exception as exc:  # a bug, a recursion or memory limit must not stop other periods
        report.failures.append(Failure(unit, name, message=internal_error(exc)))


def _period_batch(workspace: Workspace, unit: str, given: _UnitInput, path: Path, scope: Scope,
                  kinds: list[DocumentKind], cache: TemplateCache, report: BuildReport,
                  writing: Writing) -> Iterable[WriteResult]:
    """One period: its documents, counting the meetings recorded on their own within it. Its
    placeholder texts refuse it, or with --draft make its documents drafts."""
    records, notes = read_period_noting_placeholders(path, given.profile, given.meetings)
    left = [p for p in notes if p.message == PLACEHOLDER_LEFT]
    if left and not writing.draft:
        report.failures.append(Failure(unit, path.stem, tuple(left), message=(
            "样板里的占位文字还没有改为实际内容：改好后再生成，或加 --draft 先生成草稿")))
        return
    report.notes += [str(p) for p in notes if p not in left]
    if left:
        report.notes.append(f"{unit} {path.stem}：台账中还有 {len(left)} 处样板占位文字，"
                            "文档按草稿生成（文件名带“（草稿）”，不得印发）")
    related = Related(workspace, unit, report.notes)
    ledger = related.with_ledger(records, path, given.profile)  # a year from its halves
    period = records.period
    known = (*records.meetings, *given.meetings)
    briefings = scope.briefings(records.briefings, list(known))
    given.carried.update(m.identity for b in briefings for item in b.items if item.meeting
                         for m in matching_meetings(list(known), item.meeting))
    counted = [*ledger.meetings, *(m for m in given.meetings if m.date in period)]
    every = ledger.model_copy(update={"meetings": sorted(counted, key=lambda m: m.date)})
    facts = derive_facts(every)
    batch = Batch(given.profile, every, facts, scope.meetings(records.meetings), briefings, known,
                  office=related.office_facts(given.profile, records, facts))
    folder = workspace.output_folder(unit, period.id)
    yield from _commit_batch(workspace, unit, batch, given.book, kinds, cache, folder, writing.force,
                             draft=bool(left))


def _assessment_batch(workspace: Workspace, unit: str, given: _UnitInput, path: Path, scope: Scope,
                      cache: TemplateCache, report: BuildReport, force: bool) -> Iterable[WriteResult]:
    """One 考评: its 通报 and .xlsx, in the folder of the period it assesses."""
    members = workspace.member_names(unit, given.profile.members or [])
    assessment, rows = read_assessment(path, members)
    if scope.period is not None and assessment.period.id != scope.period.id:
        return
    report.notes += unassessed_members(path, assessment, rows, members)
    batch = Batch(given.profile, None, None, assessment=Assessed(assessment, assess(assessment, rows)))
    folder = workspace.output_folder(unit, assessment.period.id)
    yield from _commit_batch(workspace, unit, batch, given.book, [KINDS["notice"]], cache, folder, force)


def _commit_batch(workspace: Workspace, unit: str, batch: Batch, book: IssueBook,
                  kinds: list[DocumentKind], cache: TemplateCache, folder: Path,
                  force: bool, *, draft: bool = False) -> Iterable[WriteResult]:
    """Render every document of the batch before writing any, so a failure writes nothing; the
    期号 they carry are recorded once they are written. A *draft* batch's documents are marked
    as drafts."""
    trial = book.copy()  # numbers are kept only if the documents carrying them are written
    batch = replace(batch, numbers=trial.assign([r for kind in kinds for r in kind.numbers(batch)]))
    rendered = []
    for kind in kinds:
        for document in kind.plan(batch):
            title = to_script(document.title, document.script)
            if document.data is not None:  # made without a template (an .xlsx)
                rendered.append(Document(title, document.data, document.suffix))
                continue
            path = resolve_template(workspace, unit, document.template)
            template = cache.get(path, document.template, document.script)
            context = convert_context(document.context, document.script)
            data = template.render(context, document.issued, document.author)
            if draft:
                title, data = draft_title(title), mark_draft(data, to_script(DRAFT_LINE, document.script))
            rendered.append(Document(title, data))
    if not rendered:
        return
    yield from commit_folder(workspace.output_dir, folder, rendered, force=force)
    book.adopt(trial)
    book.save()


__all__ = ["TemplateCache", "build_unit"]
