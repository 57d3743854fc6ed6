"""Shared fixtures: the repository's sample workspace, copied so tests never touch the real one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_UNIT = "示例县财政局"
SAMPLE_PERIOD = "2026-H1"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the repository's data/ in an empty workspace."""
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    return tmp_path


@pytest.fixture
def sample_period_file(workspace: Path) -> Path:
    return workspace / "data" / SAMPLE_UNIT / f"{SAMPLE_PERIOD}.yaml"
