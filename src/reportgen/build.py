"""The orchestrator: load → validate → derive → compose → render → write, for each unit and period.

``build()`` is the library entry point the CLI calls. A unit or period whose
records are wrong is reported and skipped; every other one still builds.
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
)
from reportgen.kinds import KINDS, DocumentKind
from reportgen.lint import lint_report, lint_template
from reportgen.models import PeriodRecords, Unit
from reportgen.period import period_option
from reportgen.records import read_period_noting_placeholders, read_unit
from reportgen.render import PreparedTemplate
from reportgen.templates import resolve_template
from reportgen.workspace import UNIT_FILE, Workspace
from reportgen.write import WriteResult, write_document


@dataclass(frozen=True)
class Failure:
    """A unit or period that produced nothing, and why."""

    unit: str
    period: str | None
    problems: tuple[Problem, ...] = ()
    message: str = ""


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
          on_result: Callable[[WriteResult], None] | None = None) -> BuildReport:
    """Build every document of the chosen units, period and kinds of the workspace at *root*."""
    workspace = Workspace(root)
    workspace.require_data()
    chosen_kinds = _choose_kinds(kinds)
    period_id = period_option(period).id if period else None
    report, cache = BuildReport(), TemplateCache()
    for unit in _units_to_build(workspace, units, period_id, report):
        for result in _build_unit(workspace, unit, period_id, chosen_kinds, cache, report, force):
            report.written.append(result)
            if on_result:
                on_result(result)
    return report


def _units_to_build(workspace: Workspace, units: Iterable[str] | None, period_id: str | None,
                    report: BuildReport) -> list[str]:
    """The units asked for; without --unit, every unit (that has the period asked for)."""
    if units:
        return list(units)
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
        except (TemplateError, OutputError) as exc:
            report.failures.append(Failure(unit, path.stem, message=str(exc)))


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
            rendered.append((document.title, template.render(document.context)))
    folder = workspace.output_folder(unit, records.period.id)
    for title, data in rendered:
        yield write_document(folder, title, data, force=force)


__all__ = ["BuildReport", "Failure", "ReportgenError", "build"]
