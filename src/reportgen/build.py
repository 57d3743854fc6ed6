"""The orchestrator: which units a build covers, which of them need building, and their
reports gathered in order.

``build()`` is the library entry point the CLI calls. It holds the workspace lock, so builds
of one workspace never interleave, and first removes what a killed build left behind. A unit
whose build record still holds (reportgen.incremental) is not built again; the others are
built by reportgen.unit_build, in this process or in worker processes (reportgen.parallel),
each inside its own guard: a unit or period that fails, however it fails, is reported and
skipped, and every other one still builds.

This module imports nothing of the records, templates or rendering: a build that finds
nothing changed never loads them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen import parallel
from reportgen.errors import Problem, ReportgenError, WorkspaceError, internal_error
from reportgen.incremental import UnitRecord, build_key, digest_of_names, names_under, record_path
from reportgen.kind_names import KIND_NAMES, KIND_ORDER
from reportgen.period import Period, period_option
from reportgen.workspace import ISSUES_FILE, Workspace
from reportgen.write import WriteResult, real_folder, remove_orphans, workspace_lock

if TYPE_CHECKING:
    from reportgen.models import Briefing, Meeting
    from reportgen.unit_build import TemplateCache


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


def build(root: Path, *, units: Iterable[str] | None = None, period: str | None = None,
          kinds: Iterable[str] | None = None, force: bool = False, meeting: str | None = None,
          draft: bool = False, on_result: Callable[[WriteResult], None] | None = None,
          on_wait: Callable[[], None] | None = None, jobs: int = 1,
          on_progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Build every document of the chosen units, period and kinds of the workspace at *root*;
    with *meeting* (a date), only the 纪要 and 简报 of that day's meetings.

    A period whose records still hold the skeleton's placeholder text is refused, unless
    *draft*: then its documents are written as drafts (reportgen.draft).

    A unit whose inputs have not changed since its last build is not built again
    (reportgen.incremental); *force* builds everything. With *jobs* above 1, units are built
    in that many worker processes; the documents, the results and their order are the same as
    in one process. *on_progress* hears (units done, units in all) after each unit.

    *on_wait* is called once if another build of this workspace is running and this one waits."""
    workspace = Workspace(root)
    workspace.require_data()
    scope = Scope(period_option(period) if period else None, _meeting_day(meeting))
    chosen_kinds = _choose_kinds(kinds, scope)
    chosen_units = _units_to_build(workspace, units, scope, report := BuildReport())
    plan = UnitPlan(scope, tuple(chosen_kinds), Writing(force, draft))
    with workspace_lock(real_folder(workspace.root, workspace.output_dir), on_wait=on_wait):
        remove_orphans(workspace.output_dir)
        for done, built in enumerate(build_units(workspace, chosen_units, plan, jobs), start=1):
            report.notes += built.notes
            report.failures += built.failures
            for result in built.written:
                report.written.append(result)
                if on_result:
                    on_result(result)
            if on_progress:
                on_progress(done, len(chosen_units))
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
        from reportgen.models import matching_meetings

        return tuple(b for b in briefings if b.date == self.day or any(
            m.date == self.day for item in b.items if item.meeting
            for m in matching_meetings(known, item.meeting)))


def _meeting_day(text: str | None) -> date | None:
    if text is None:
        return None
    from reportgen.models import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise WorkspaceError(f"--meeting：{exc}") from None


@dataclass(frozen=True)
class UnitPlan:
    """What a build asks of every unit (it crosses to worker processes, so it is plain data)."""

    scope: Scope
    kinds: tuple[str, ...]
    writing: Writing

    @property
    def key(self) -> str:
        return build_key(self.kinds, self.scope.period.id if self.scope.period else None,
                         self.scope.day.isoformat() if self.scope.day else None, self.writing.draft)


def build_units(workspace: Workspace, units: list[str], plan: UnitPlan,
                jobs: int = 1) -> Iterator[BuildReport]:
    """Each unit's report, in the order of *units*: given again from its build record when
    nothing it depends on changed, else built, in *jobs* worker processes when above 1."""
    key = plan.key
    if jobs > 1 and len(units) > 1:
        yield from parallel.in_order(units, lambda unit: _unchanged(workspace, unit, plan, key),
                                     partial(_unit_in_worker, workspace.root, plan=plan, key=key),
                                     jobs, _crashed)
        return
    cache: TemplateCache | None = None
    for unit in units:
        given = _unchanged(workspace, unit, plan, key)
        if given is None:
            from reportgen.unit_build import TemplateCache, build_unit  # only when one is built

            cache = cache or TemplateCache()
            given = build_unit(workspace, unit, plan, key, cache)
        yield given


_worker_cache: TemplateCache | None = None


def _unit_in_worker(root: Path, unit: str, *, plan: UnitPlan, key: str) -> BuildReport:
    """build_unit in a worker process, with that process's own template cache."""
    from reportgen.unit_build import TemplateCache, build_unit

    global _worker_cache
    if _worker_cache is None:
        _worker_cache = TemplateCache()
    return build_unit(Workspace(root), unit, plan, key, _worker_cache)


def _crashed(unit: str, exc: BaseException) -> BuildReport:
    """The report of a unit whose worker raised, or died twice under it."""
    if isinstance(exc, parallel.WorkerDied):
        return BuildReport(failures=[Failure(unit, None, message=(
            "生成本单位的进程意外退出（可能内存不足或被系统终止），本单位未生成；其他单位不受影响。"
            "可加 -j 1 单独重试本单位"))])
    return BuildReport(failures=[Failure(unit, None, message=internal_error(exc))])


def unit_names(workspace: Workspace, unit: str, reads: Iterable[str]) -> list[str]:
    """The names a unit's build draws on: those in its data folder, its template folder and
    the shared templates folder; every name under data/ when it read another unit's records
    (an office's 汇总 reads its members' periods), but for the other units' 期号 books, which
    their own builds write (maybe later in the same build) and no other unit reads."""
    own = workspace.data_dir / unit
    others = any(Path(p).is_relative_to(workspace.data_dir) and not Path(p).is_relative_to(own)
                 for p in reads)
    shared = workspace.templates_dir
    top = sorted(str(p) for p in shared.iterdir() if p.is_file()) if shared.is_dir() else []
    data_dir, own_dir = str(workspace.data_dir), str(own)

    def others_book(name: str) -> bool:
        folder, file = os.path.split(name)
        return file == ISSUES_FILE and folder != own_dir and os.path.dirname(folder) == data_dir

    data = [name for name in names_under([workspace.data_dir if others else own])
            if not others_book(name)]
    return [*data, *names_under([shared / unit]), *top]


def _unchanged(workspace: Workspace, unit: str, plan: UnitPlan, key: str) -> BuildReport | None:
    """The unit's report from its build record, when it holds; None when the unit must be built."""
    if plan.writing.force:
        return None
    try:
        record = UnitRecord.load(record_path(workspace.output_dir, unit))
        if record is None or not record.holds(
                key, digest_of_names(unit_names(workspace, unit, record.inputs)), workspace.output_dir):
            return None
    except (OSError, ReportgenError):
        return None
    return BuildReport(written=record.results(workspace.output_dir), notes=list(record.notes))


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


def _choose_kinds(kinds: Iterable[str] | None, scope: Scope) -> list[str]:
    """The names of the kinds asked for, in the order given, each once."""
    names = [KIND_NAMES.get(n, n) for n in kinds] if kinds else list(KIND_ORDER)
    unknown = [n for n in names if n not in KIND_ORDER]
    if unknown:
        from reportgen.kinds import KINDS

        known = "、".join(f"{n}（{k.label}）" for n, k in KINDS.items())
        raise WorkspaceError(f"未知的文书种类：{'、'.join(unknown)}（可选：{known}）")
    if scope.day is not None:
        if kinds and "minutes" not in names:
            raise WorkspaceError("--meeting 只生成会议纪要和简报，不能与 --kind summary 或 report 同用")
        return ["minutes"]
    return list(dict.fromkeys(names))


__all__ = ["BuildReport", "Failure", "ReportgenError", "build"]
