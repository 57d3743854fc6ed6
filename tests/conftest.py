"""Shared fixtures: the repository's sample workspace, copied so tests never touch the real one."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from reportgen.workspace import ISSUES_FILE

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_UNIT = "示例县财政局"
SAMPLE_PERIOD = "2026-H1"


SECOND_UNIT = "示例县城南街道办事处"  # writes 会议简报 and has its own summary template
THIRD_UNIT = "示例县卫生健康局"  # writes its documents in 繁體, from records written in 繁體


def copy_data(source: Path, target: Path, **options: Any) -> None:
    """Copy sample records as a fresh clone has them: without the 期号 books that running the
    sample build in the repository writes beside them (git ignores those), so that tests give
    the same on a developer's machine as in CI."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(ISSUES_FILE), **options)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh workspace holding a copy of the first sample unit only."""
    copy_data(REPO_ROOT / "data" / SAMPLE_UNIT, tmp_path / "data" / SAMPLE_UNIT)
    return tmp_path


HAND_WRITTEN = (SAMPLE_UNIT, SECOND_UNIT, THIRD_UNIT)
"""The sample units written by hand; the county office and its generated members are the rest."""
OFFICE = "示例县创卫办"


@pytest.fixture
def full_workspace(tmp_path: Path) -> Path:
    """A fresh copy of the hand-written sample units and their templates (the county office and
    its generated members are left out: see county_workspace)."""
    for unit in HAND_WRITTEN:
        copy_data(REPO_ROOT / "data" / unit, tmp_path / "data" / unit)
    if (REPO_ROOT / "templates").is_dir():
        shutil.copytree(REPO_ROOT / "templates", tmp_path / "templates")
    return tmp_path


@pytest.fixture
def county_workspace(tmp_path: Path) -> Path:
    """A fresh copy of the whole repository workspace: the county office and all its members."""
    copy_data(REPO_ROOT / "data", tmp_path / "data")
    if (REPO_ROOT / "templates").is_dir():
        shutil.copytree(REPO_ROOT / "templates", tmp_path / "templates")
    return tmp_path


@pytest.fixture
def sample_period_file(workspace: Path) -> Path:
    return workspace / "data" / SAMPLE_UNIT / f"{SAMPLE_PERIOD}.yaml"


def write(folder: Path, text: str, name: str = f"{SAMPLE_PERIOD}.yaml") -> Path:
    """Write *text* as folder/name exactly (no newline translation) and return the path."""
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def replace_once(text: str, old: str, new: str) -> str:
    """*text* with the first *old* replaced by *new*; *old* must be there."""
    assert old in text, old
    return text.replace(old, new, 1)


def document_text(path: Path) -> str:
    """The text a reader sees: every body paragraph, then each footer, one per line."""
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    section = document.sections[0]
    for name, footer in (("奇数页页脚", section.footer), ("偶数页页脚", section.even_page_footer)):
        lines.append(f"[{name}] " + " / ".join(p.text for p in footer.paragraphs))
    return "\n".join(lines) + "\n"


def output_texts(output: Path) -> dict[str, str]:
    """The text of every document under *output*, by its path there with .txt for .docx."""
    return {p.relative_to(output).with_suffix(".txt").as_posix(): document_text(p)
            for p in sorted(output.rglob("*.docx"))}


def compare_with_golden(texts: dict[str, str], golden_dir: Path, what: str = "") -> None:
    """*texts* equal the golden files under *golden_dir* (rewritten first with
    REPORTGEN_UPDATE_GOLDEN=1, to be reviewed as a diff)."""
    import os

    if os.environ.get("REPORTGEN_UPDATE_GOLDEN"):
        shutil.rmtree(golden_dir, ignore_errors=True)
        for relative, text in texts.items():
            (golden_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            (golden_dir / relative).write_text(text, encoding="utf-8")
    golden = {p.relative_to(golden_dir).as_posix(): p.read_text("utf-8")
              for p in sorted(golden_dir.rglob("*.txt"))}
    assert sorted(texts) == sorted(golden), (
        "生成的文档与 golden 不同；若是有意修改，请设 REPORTGEN_UPDATE_GOLDEN=1 重新运行并审阅 diff")
    for relative, text in texts.items():
        assert text == golden[relative], f"{what}{relative} 与 golden 不同"


def run(*args: str | Path) -> tuple[int, str, str]:
    """The CLI run in-process: its exit code, standard output and standard error."""
    from typer.testing import CliRunner

    from reportgen.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr
