"""Faults as an unlucky clerk meets them: a build killed at random moments, builds started at
once, and the ways a hand-edited document could be lost. Real processes, real kills.

CRASH_N (default 6) sets how many kill -9 rounds run.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import SAMPLE_PERIOD, SAMPLE_UNIT
from reportgen.build import build
from reportgen.write import MANIFEST, Manifest, Outcome

CRASH_N = int(os.environ.get("CRASH_N", "6"))
CLI = [sys.executable, "-c", "from reportgen.cli import app; app()"]
UNITS = 8


def _units(root: Path, count: int = UNITS) -> list[str]:
    names = []
    for i in range(count):
        name = f"示例县第{i + 1}局"
        shutil.copytree(root / "data" / SAMPLE_UNIT, root / "data" / name)
        unit_file = root / "data" / name / "unit.yaml"
        unit_file.write_text(unit_file.read_text("utf-8").replace(SAMPLE_UNIT, name), "utf-8")
        names.append(name)
    shutil.rmtree(root / "data" / SAMPLE_UNIT)
    return names


def _bump(root: Path, units: list[str], mark: int) -> None:
    """Change every unit's records, so the next build replaces every document."""
    for unit in units:
        path = root / "data" / unit / f"{SAMPLE_PERIOD}.yaml"
        text = path.read_text("utf-8")
        text = text.replace("overview: 今年以来", f"overview: 第{mark}稿。今年以来", 1) if mark == 1 else \
            text.replace(f"第{mark - 1}稿", f"第{mark}稿", 1)
        path.write_text(text, "utf-8")


def _assert_sound(root: Path) -> None:
    """Every document opens, every manifest reads, nothing but documents, manifests, backups
    and temporary files is in output/."""
    for path in (root / "output").rglob("*"):
        if path.name.endswith(".docx") and not path.name.startswith(".tmp-"):
            with zipfile.ZipFile(path) as archive:
                assert archive.testzip() is None, path
            docx.Document(str(path))
        elif path.name == MANIFEST:
            assert isinstance(json.loads(path.read_text("utf-8")), dict)


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "build", "-w", str(root), *args], capture_output=True, text=True,
                          timeout=120, check=False)


def test_kill_9_at_random_moments_never_corrupts_and_never_loses_an_edit(tmp_path: Path) -> None:
    shutil.copytree(Path(__file__).parent.parent / "data" / SAMPLE_UNIT, tmp_path / "data" / SAMPLE_UNIT)
    units = _units(tmp_path)
    full = _timed_build(tmp_path)
    edited = next((tmp_path / "output" / units[0] / SAMPLE_PERIOD).glob("*总结.docx"))
    edited.write_bytes(edited.read_bytes() + b"\0")  # a hand edit (still a readable zip)
    edit = edited.read_bytes()
    rng = random.Random(20261124)
    started = time.monotonic()
    for mark in range(1, CRASH_N + 1):
        _bump(tmp_path, units, mark)
        process = subprocess.Popen([*CLI, "build", "-w", str(tmp_path)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, full))  # from the imports to the last commit
        process.kill()
        process.wait()
        _assert_sound(tmp_path)
        assert edited.read_bytes() == edit
    final = _run(tmp_path)
    assert final.returncode == 4, final.stderr  # all written but the hand edit, now out of date
    assert "未覆盖" in final.stderr and edited.name in final.stderr and "已不是最新" in final.stderr
    assert edited.read_bytes() == edit
    assert not [p for p in (tmp_path / "output").rglob(".tmp-*")]
    for unit in units:  # every document but the edited one is reportgen's, and the newest
        folder = tmp_path / "output" / unit / SAMPLE_PERIOD
        manifest = Manifest.read(folder)
        for path in folder.glob("*.docx"):
            if path != edited:
                assert manifest.accepts(path.name, _sha(path)), path
                assert f"第{CRASH_N}稿" in "".join(p.text for p in docx.Document(str(path)).paragraphs) \
                    or "纪要" in path.name or "简报" in path.name
    assert time.monotonic() - started < 120


def _timed_build(root: Path) -> float:
    start = time.monotonic()
    assert _run(root).returncode == 0
    return time.monotonic() - start


def test_builds_started_at_once_wait_for_each_other_and_lose_nothing(tmp_path: Path) -> None:
    shutil.copytree(Path(__file__).parent.parent / "data" / SAMPLE_UNIT, tmp_path / "data" / SAMPLE_UNIT)
    units = _units(tmp_path, 4)
    processes = [subprocess.Popen([*CLI, "build", "-w", str(tmp_path)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, results
    _assert_sound(tmp_path)
    for unit in units:
        folder = tmp_path / "output" / unit / SAMPLE_PERIOD
        documents = sorted(p.name for p in folder.glob("*.docx"))
        assert len(documents) == 5  # a summary, a report and three 纪要
        assert sorted(Manifest.read(folder).files) == documents
    written = sum(out.count("已生成") for out, _ in results)
    assert written == 5 * len(units)  # each document written once; the other builds found it unchanged


# ------------------------------------------------------------------ lost-data scenarios, in-process

def _document(workspace: Path, word: str) -> Path:
    return next((workspace / "output" / SAMPLE_UNIT / SAMPLE_PERIOD).glob(f"*{word}*.docx"))


def _edit(path: Path) -> bytes:
    path.write_bytes(path.read_bytes() + b"\0")
    return path.read_bytes()


def test_an_edit_survives_a_rebuild_after_the_records_change(workspace: Path) -> None:
    build(workspace)
    edit = _edit(summary := _document(workspace, "总结"))
    _bump(workspace, [SAMPLE_UNIT], 1)
    report = build(workspace)
    outcomes = {r.path.name: r.outcome for r in report.written}
    assert outcomes[summary.name] is Outcome.KEPT_EDITED
    assert summary.read_bytes() == edit
    assert outcomes[_document(workspace, "汇报").name] is Outcome.WRITTEN  # the overview changed


def test_an_edit_survives_records_that_break(workspace: Path) -> None:
    build(workspace)
    edit = _edit(summary := _document(workspace, "总结"))
    (workspace / "data" / SAMPLE_UNIT / f"{SAMPLE_PERIOD}.yaml").write_text("period: [", "utf-8")
    assert not build(workspace, force=True).ok
    assert summary.read_bytes() == edit


def test_an_edit_survives_a_lost_manifest(workspace: Path) -> None:
    build(workspace)
    edit = _edit(summary := _document(workspace, "总结"))
    (summary.parent / MANIFEST).unlink()
    _bump(workspace, [SAMPLE_UNIT], 1)
    build(workspace)
    assert summary.read_bytes() == edit


def test_every_forced_rebuild_keeps_its_own_backup(workspace: Path) -> None:
    build(workspace)
    summary = _document(workspace, "总结")
    edits = []
    for _ in range(3):  # within one second: the backups must not overwrite one another
        edits.append(_edit(summary))
        build(workspace, force=True)
    backups = sorted(summary.parent.glob("*手工修改备份*"))
    assert sorted(p.read_bytes() for p in backups) == sorted(edits)


def test_a_period_that_cannot_be_written_changes_nothing_and_others_still_build(workspace: Path) -> None:
    other = workspace / "data" / "示例县教育局"
    shutil.copytree(workspace / "data" / SAMPLE_UNIT, other)
    profile = (other / "unit.yaml").read_text("utf-8")
    (other / "unit.yaml").write_text(profile.replace(SAMPLE_UNIT, "示例县教育局"), "utf-8")
    build(workspace)
    before = {p: p.read_bytes() for p in (workspace / "output" / SAMPLE_UNIT).rglob("*.docx")}
    report_doc = _document(workspace, "汇报")
    report_doc.unlink()
    report_doc.mkdir()  # a folder where a document should go
    _bump(workspace, [SAMPLE_UNIT, "示例县教育局"], 1)
    report = build(workspace)
    [failure] = report.failures
    assert failure.unit == SAMPLE_UNIT and not failure.partial
    assert "是一个文件夹" in failure.message and "未写入任何文件" in failure.message
    untouched = {p: b for p, b in before.items() if p != report_doc}
    assert {p: p.read_bytes() for p in untouched} == untouched
    assert {r.path.parent.parent.name for r in report.written if r.outcome is Outcome.WRITTEN} \
        == {"示例县教育局"}


def test_orphans_of_a_killed_build_are_cleaned_by_the_next(workspace: Path) -> None:
    build(workspace)
    orphan = workspace / "output" / SAMPLE_UNIT / SAMPLE_PERIOD / ".tmp-abc123.docx"
    orphan.write_bytes(b"half")
    build(workspace)
    assert not orphan.exists()


def test_a_symlinked_output_folder_is_refused(workspace: Path,
                                              tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (workspace / "output").symlink_to(outside)
    with pytest.raises(Exception, match="符号链接"):
        build(workspace)
    assert list(outside.iterdir()) == []


def _sha(path: Path) -> str:
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()
