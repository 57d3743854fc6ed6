"""Template lookup: the unit's own, then the workspace's, then the built-in default."""

from __future__ import annotations

import shutil
from pathlib import Path

from reportgen.defaults import default_template_path
from reportgen.errors import RecordsError, WorkspaceError, display_path
from reportgen.kind_names import TEMPLATE_NAMES
from reportgen.kinds import KINDS, TEMPLATES
from reportgen.models import Unit
from reportgen.records import read_unit
from reportgen.workspace import UNIT_FILE, Workspace


def candidates(workspace: Workspace, unit: str, name: str) -> list[Path]:
    """Where a template may be, most specific first (the last one is built in)."""
    return [workspace.templates_dir / unit / f"{name}.docx",
            workspace.templates_dir / f"{name}.docx", default_template_path(name)]


def resolve_template(workspace: Workspace, unit: str, name: str) -> Path:
    """The most specific template *name* for *unit*:
    templates/<单位>/<name>.docx, then templates/<name>.docx, then the built-in one."""
    return next(p for p in candidates(workspace, unit, name) if p.is_file())


def template_table(root: Path) -> list[tuple[str, str, Path, bool]]:
    """For every unit and kind: the unit, the kind's label, the template file, whether built in."""
    workspace = Workspace(root)
    rows = []
    for unit in workspace.units():
        profile = _profile(workspace, unit)
        for kind in KINDS.values():
            if not kind.applies(profile):
                continue
            name = kind.template_for(profile)
            path = resolve_template(workspace, unit, name)
            rows.append((unit, TEMPLATES[name].label, path, path == default_template_path(name)))
    return rows


def _profile(workspace: Workspace, unit: str) -> Unit:
    """The unit's profile, or the defaults when unit.yaml cannot be read (check reports why)."""
    try:
        return read_unit(workspace.unit_dir(unit) / UNIT_FILE)
    except RecordsError:
        return Unit(name=unit)


def eject(root: Path, name: str, unit: str | None = None) -> Path:
    """Copy a built-in template to templates/ (or templates/<unit>/) for editing in Word.

    *name* is a template (summary, minutes, briefing, report, notice, or its Chinese name:
    总结, 纪要, 简报, 汇报, 通报); for minutes and a
    unit that writes 简报, the 简报 template is the one copied. Never overwrites:
    raises WorkspaceError if the file is already there."""
    workspace = Workspace(root)
    workspace.require_data()
    name = TEMPLATE_NAMES.get(name.strip(), name)
    if unit is not None and name in KINDS:
        name = KINDS[name].template_for(_profile(workspace, unit))
    return eject_template(workspace, name, unit)


def eject_template(workspace: Workspace, name: str, unit: str | None = None) -> Path:
    """Copy the built-in template *name* to templates/ (or templates/<unit>/); never overwrite."""
    if name not in TEMPLATES:
        known = "、".join(f"{n}（{t.label}）" for n, t in TEMPLATES.items())
        raise WorkspaceError(f"没有名为“{name}”的模板，可选：{known}")
    if unit is not None:
        workspace.unit_dir(unit)
    folder = workspace.templates_dir / unit if unit else workspace.templates_dir
    target = folder / f"{name}.docx"
    if target.exists():
        raise WorkspaceError(f"{display_path(target)} 已存在，未覆盖（如要重新导出，请先移走或改名）")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(default_template_path(name), target)
    return target
