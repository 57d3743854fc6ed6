"""The orchestrator: load → validate → derive → compose → render → write, for each unit and period.

``build()`` is the library entry point the CLI calls. It holds the workspace lock, so builds
of one workspace never interleave, and first removes what a killed build left behind. Every
unit is built inside its own guard: a unit or period that fails, however it fails, is reported
and skipped, and every other one still builds. A period's documents are all rendered before
any is written, then committed together (reportgen.write.commit): all of them or none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.derive import derive_facts
from reportgen.errors import (
    OutputError,
    Problem,
    RecordsError,
    ReportgenError,
    TemplateError,
    WorkspaceError,
    internal_error,
)
from reportgen.kinds import KINDS, DocumentKind
from reportgen.lint import lint_report, lint_template
from reportgen.models import PeriodRecords, Unit
from reportgen.period import period_option
from reportgen.records import read_period_noting_placeholders, read_unit
from reportgen.render import PreparedTemplate
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


class TemplateCache:
    """Prepared templates by path: each is linted, read and compiled once per build."""

    def __init__(self) -> None:
        self._prepared: dict[Path, PreparedTemplate] = {}

    def get(self, path: Path, name: str) -> PreparedTemplate:
        """The prepared template at *path*; TemplateError with every lint finding if it is broken."""
        if path not in self._prepared:
            findings = lint_template(path, name)
            if findings:
                raise TemplateError(lint_report(findings))
            self._prepared[path] = PreparedTemplate.from_path(path)
        return self._prepared[path]


def build(root: Path, *, units: Iterable[str] | None = None, period: str | None = None,
          kinds: Iterable[str] | None = None, force: bool = False,
          on_result: Callable[[WriteResult], None] | None = None,
          on_wait: Callable[[], None] | None = None) -> BuildReport:
    """Build every document of the chosen units, period and kinds of the workspace at *root*.

    *on_wait* is called once if another build of this workspace is running and this one waits."""
    workspace = Workspace(root)
    workspace.require_data()
    chosen_kinds = _choose_kinds(kinds)
    period_id = period_option(period).id if period else None
    chosen_units = _units_to_build(workspace, units, period_id, report := BuildReport())
    cache = TemplateCache()
    with workspace_lock(real_folder(workspace.root, workspace.output_dir), on_wait=on_wait):
        remove_orphans(workspace.output_dir)
        for unit in chosen_units:
            for result in _guarded(workspace, unit, period_id, chosen_kinds, cache, report, force):
                report.written.append(result)
                if on_result:
                    on_result(result)
    return report


def _guarded(workspace: Workspace, unit: str, period_id: str | None, kinds: list[DocumentKind],
             cache: TemplateCache, report: BuildReport, force: bool) -> Iterable[WriteResult]:
    """One unit's documents; whatever goes wrong in it becomes a failure of that unit alone."""
    try:
        yield from _build_unit(workspace, unit, period_id, kinds, cache, report, force)
    except ReportgenError as exc:
        report.failures.append(Failure(unit, None, message=str(exc)))
    except Exception as exc:  # a bug, a recursion or memory limit must not stop other units
        report.failures.append(Failure(unit, None, message=internal_error(exc)))


def _units_to_build(workspace: Workspace, units: Iterable[str] | None, period_id: str | None,
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
    if period_id is None:
        return every
    having = [u for u in every if any(p.stem == period_id for p in workspace.period_files(u))]
    if every and not having:
        raise WorkspaceError(f"没有任何单位有期间 {period_id} 的数据")
    return having


def _choose_kinds(kinds: Iterable[str] | None) -> list[DocumentKind]:
    names = list(kinds) if kinds else list(KINDS)
    unknown = [n for n in names if n not in KINDS]
    if unknown:
        raise WorkspaceError(f"未知的文书种类：{'、'.join(unknown)}（可选：{'、'.join(KINDS)}）")
    return [KINDS[n] for n in names]


def _build_unit(workspace: Workspace, unit: str, period_id: str | None,
                kinds: list[DocumentKind], cache: TemplateCache, report: BuildReport,
                force: bool) -> Iterable[WriteResult]:
    files = [workspace.period_file(unit, period_id)] if period_id else workspace.period_files(unit)
    if not files:
        report.notes.append(f"单位“{unit}”还没有期间台账（如 data/{unit}/2026-H2.yaml），未生成文档")
    try:
        profile = read_unit(workspace.unit_dir(unit) / UNIT_FILE)
    except RecordsError as exc:
        report.failures.append(Failure(unit, None, tuple(exc.problems)))
        return
    for path in files:
        try:
            records, placeholders = read_period_noting_placeholders(path, profile)
            report.notes += [str(p) for p in placeholders]
            yield from _build_period(workspace, unit, profile, records, kinds, cache, force)
        except RecordsError as exc:
            report.failures.append(Failure(unit, path.stem, tuple(exc.problems)))
        except OutputError as exc:
            report.failures.append(Failure(unit, path.stem, message=str(exc), partial=exc.partial))
        except (TemplateError, WorkspaceError) as exc:
            report.failures.append(Failure(unit, path.stem, message=str(exc)))
        except Exception as exc:  # a bug, a recursion or memory limit must not stop other periods
            report.failures.append(Failure(unit, path.stem, message=internal_error(exc)))


def _build_period(workspace: Workspace, unit: str, profile: Unit, records: PeriodRecords,
                  kinds: list[DocumentKind], cache: TemplateCache,
                  force: bool) -> Iterable[WriteResult]:
    """Render every document of one period before writing any, so a failure writes nothing."""
    facts = derive_facts(records)
    rendered = []
    for kind in kinds:
        name = kind.template_for(profile)
        template = cache.get(resolve_template(workspace, unit, name), name)
        for document in kind.plan(profile, records, facts):
            rendered.append(Document(document.title, template.render(document.context)))
    folder = workspace.output_folder(unit, records.period.id)
    yield from commit_folder(workspace.output_dir, folder, rendered, force=force)


__all__ = ["BuildReport", "Failure", "ReportgenError", "build"]
