"""Template lookup: the unit's own, then the workspace's, then the built-in default."""

from __future__ import annotations

from pathlib import Path

from reportgen.defaults import default_template_path
from reportgen.kinds import DocumentKind
from reportgen.workspace import Workspace


def resolve_template(workspace: Workspace, unit: str, kind: DocumentKind) -> Path:
    """The most specific template for *unit* and *kind*:
    templates/<单位>/<kind>.docx, then templates/<kind>.docx, then the built-in one."""
    for candidate in (workspace.templates_dir / unit / kind.template_file,
                      workspace.templates_dir / kind.template_file):
        if candidate.is_file():
            return candidate
    return default_template_path(kind.name)
