"""Template lookup: the unit's own, then the workspace's, then the built-in default."""

from __future__ import annotations

import shutil
from pathlib import Path

from reportgen.defaults import default_template_path
from reportgen.errors import WorkspaceError
from reportgen.kinds import TEMPLATE_NAMES
from reportgen.workspace import Workspace


def candidates(workspace: Workspace, unit: str, name: str) -> list[Path]:
    """Where a template may be, most specific first (the last one is built in)."""
    return [workspace.templates_dir / unit / f"{name}.docx",
            workspace.templates_dir / f"{name}.docx", default_template_path(name)]


def resolve_template(workspace: Workspace, unit: str, name: str) -> Path:
    """The most specific template *name* for *unit*:
    templates/<单位>/<name>.docx, then templates/<name>.docx, then the built-in one."""
    return next(p for p in candidates(workspace, unit, name) if p.is_file())


def eject_template(workspace: Workspace, name: str, unit: str | None = None) -> Path:
    """Copy the built-in template *name* to templates/ (or templates/<unit>/) for editing.

    Never overwrites: raises WorkspaceError if the file is already there."""
    if name not in TEMPLATE_NAMES:
        known = "、".join(f"{n}（{label}）" for n, label in TEMPLATE_NAMES.items())
        raise WorkspaceError(f"没有名为“{name}”的模板，可选：{known}")
    if unit is not None:
        workspace.unit_dir(unit)
    folder = workspace.templates_dir / unit if unit else workspace.templates_dir
    target = folder / f"{name}.docx"
    if target.exists():
        raise WorkspaceError(f"{target} 已存在，未覆盖（如要重新导出，请先移走或改名）")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(default_template_path(name), target)
    return target
