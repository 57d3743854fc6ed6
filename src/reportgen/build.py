"""The orchestrator: load → validate → derive → compose → render → write, for each unit and period.

``build()`` is the library entry point the CLI calls. It holds the workspace lock, so builds
of one workspace never interleave, and first removes what a killed build left behind. Every
unit is built inside its own guard: a unit or period that fails, however it fails, is reported
and skipped, and every other one still builds. A period's documents are all rendered before
any is written, then committed together (reportgen.write.commit): all of them or none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from reportgen.assess import assess, read_assessment, unassessed_members
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
from reportgen.issue_numbers import ISSUES_FILE, IssueBook
from reportgen.kind_names import KIND_NAMES
from reportgen.kinds import KINDS, Assessed, Batch, DocumentKind
from reportgen.limits import MAX_TEMPLATE_BYTES
from reportgen.lint import lint_report, lint_template
from reportgen.models import Briefing, Meeting, MeetingsFile, Unit, matching_meetings, parse_date
from reportgen.period import Period, period_option
from reportgen.reading import TEMPLATE_FILE, FileRefused, read_regular_file
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
from reportgen.write import (
    Document,
    WriteResult,
    commit_folder,
    real_folder,
    remove_orphans,
    workspace_lock,
)


@dataclass(frozen=True)
class Failure:
    """A unit or period that produced nothing, and why."""

    unit: str
    period: str | None
    problems: tuple[Problem, ...] = ()
    message: str = ""
    partial: bool = False
    """Some of the period's documents were written (the message lists them); else none was."""
    unwritable: bool = False
    """The records were right, but a file could not be written (open in Word, read-only…)."""


@dataclass(frozen=True)
class Writing:
    """How a build writes: over hand-edited documents (*force*), and drafts of periods that
    still hold placeholder text (*draft*)."""

    force: bool = False
    draft: bool = False


@dataclass
class BuildReport:
    """What a build wrote, left alone, and could not build."""

    written: list[WriteResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things worth a look that do not stop the build (placeholder text left in, no data)."""

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def stale(self) -> list[WriteResult]:
        """Hand-edited documents kept although their records or template changed since."""
        return [r for r in self.written if r.stale]


class TemplateCache:
    """Prepared templates by content: each distinct template is linted, read and compiled once
    per build, however many units keep their own copy of it."""

    def __init__(self) -> None:
        self._by_path: dict[tuple[Path, str, str], PreparedTemplate] = {}
        self._by_content: dict[tuple[str, str, str], PreparedTemplate] = {}

    def get(self, path: Path, name: str, script: str = "简体") -> PreparedTemplate:
        """The prepared template at *path*, its own words in *script*; TemplateError with every
        lint finding if it is broken. Messages name *path*, even when the compiled template is
        shared with another file of the same content."""
        key = (path, name, script)
        if key in self._by_path:
            return self._by_path[key]
        try:
            data = read_regular_file(path, MAX_TEMPLATE_BYTES, TEMPLATE_FILE)
        except FileRefused as exc:
            raise TemplateError(f"无法读取模板 {display_path(path)}：{exc}", detail=str(exc)) from None
        content = (hashlib.sha256(data).hexdigest(), name, script)
        prepared = self._by_content.get(content)
        if prepared is None:
            findings = lint_template(path, name)
            if findings:
                raise TemplateError(lint_report(findings))
            converted = data if script == "简体" else convert_template(data, script)
            prepared = self._by_content[content] = PreparedTemplate(converted, display_path(path))
        self._by_path[key] = prepared.named(display_path(path))
        return self._by_path[key]


def build(root: Path, *, units: Iterable[str] | None = None, period: str | None = None,
          kinds: Iterable[str] | None = None, force: bool = False, meeting: str | None = None,
          draft: bool = False, on_result: Callable[[WriteResult], None] | None = None,
          on_wait: Callable[[], None] | None = None) -> BuildReport:
    """Build every document of the chosen units, period and kinds of the workspace at *root*;
    with *meeting* (a date), only the 纪要 and 简报 of that day's meetings.

    A period whose records still hold the skeleton's placeholder text is refused, unless
    *draft*: then its documents are written as drafts (reportgen.draft).

    *on_wait* is called once if another build of this workspace is running and this one waits."""
    workspace = Workspace(root)
    workspace.require_data()
    scope = Scope(period_option(period) if period else None, _meeting_day(meeting))
    chosen_kinds = _choose_kinds(kinds, scope)
    chosen_units = _units_to_build(workspace, units, scope, report := BuildReport())
    cache = TemplateCache()
    with workspace_lock(real_folder(workspace.root, workspace.output_dir), on_wait=on_wait):
        remove_orphans(workspace.output_dir)
        for unit in chosen_units:
            for result in _guarded(workspace, unit, scope, chosen_kinds, cache, report,
                                   Writing(force, draft)):
                report.written.append(result)
                if on_result:
                    on_result(result)
    if scope.day is not None and not report.written and not report.failures:
        report.notes.append(f"没有 {scope.day.isoformat()} 的会议"
                            "（data/<单位>/meetings/ 或期间台账的 meetings 中）")
    return report


@dataclass(frozen=True)
class Scope:
    """Which records a build covers: a period, a meeting day, or everything."""

    period: Period | None = None
    day: date | None = None

    def wants_period(self, period: Period) -> bool:
        if self.period is not None and period.id != self.period.id:
            return False
        return self.day is None or self.day in period

    def wants_day(self, day: date) -> bool:
        """A meeting or 简报 of this *day* is built."""
        return (self.period is None or day in self.period) and (self.day is None or day == self.day)

    def meetings(self, meetings: Iterable[Meeting]) -> tuple[Meeting, ...]:
        return tuple(m for m in meetings if self.wants_day(m.date))

    def briefings(self, briefings: Iterable[Briefing], known: list[Meeting]) -> tuple[Briefing, ...]:
        """The 简报 printed in scope, or (for a meeting day) carrying a meeting of that day."""
        if self.day is None:
            return tuple(b for b in briefings if self.wants_day(b.date))
        return tuple(b for b in briefings if b.date == self.day or any(
            m.date == self.day for item in b.items if item.meeting
            for m in matching_meetings(known, item.meeting)))


def _meeting_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise WorkspaceError(f"--meeting：{exc}") from None


def _guarded(workspace: Workspace, unit: str, scope: Scope, kinds: list[DocumentKind],
             cache: TemplateCache, report: BuildReport, writing: Writing) -> Iterable[WriteResult]:
    """One unit's documents; whatever goes wrong in it becomes a failure of that unit alone."""
    try:
        yield from _build_unit(workspace, unit, scope, kinds, cache, report, writing)
    except ReportgenError as exc:
        report.failures.append(Failure(unit, None, message=str(exc)))
    except Exception as exc:  # a bug, a recursion or memory limit must not stop other units
        report.failures.append(Failure(unit, None, message=internal_error(exc)))


def _units_to_build(workspace: Workspace, units: Iterable[str] | None, scope: Scope,
                    report: BuildReport) -> list[str]:
    """The units asked for; without --unit, every unit (that has the period asked for)."""
    if units:
        chosen = list(units)
        for unit in chosen:
            workspace.unit_dir(unit)  # an unknown or unsafe name stops the command here
        return chosen
    every = workspace.units()
    if not every:
        report.notes.append("data/ 下还没有任何单位：可先运行 reportgen init <单位名称>")
    if scope.period is None or scope.day is not None:
        return every
    period_id = scope.period.id
    having = [u for u in every if any(p.stem == period_id for p in workspace.period_files(u))
              or workspace.meeting_files(u)]
    if every and not having:
        raise WorkspaceError(f"没有任何单位有期间 {period_id} 的数据")
    return having


def _choose_kinds(kinds: Iterable[str] | None, scope: Scope) -> list[DocumentKind]:
    names = [KIND_NAMES.get(n, n) for n in kinds] if kinds else list(KINDS)
    unknown = [n for n in names if n not in KINDS]
    if unknown:
        known = "、".join(f"{n}（{k.label}）" for n, k in KINDS.items())
        raise WorkspaceError(f"未知的文书种类：{'、'.join(unknown)}（可选：{known}）")
    if scope.day is not None:
        if kinds and "minutes" not in names:
            raise WorkspaceError("--meeting 只生成会议纪要和简报，不能与 --kind summary 或 report 同用")
        return [KINDS["minutes"]]
    return [KINDS[n] for n in dict.fromkeys(names)]


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


__all__ = ["BuildReport", "Failure", "ReportgenError", "build"]
