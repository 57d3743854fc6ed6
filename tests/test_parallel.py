"""Units built in worker processes give what one process gives: the same bytes, the same
manifests, the same results in the same order, and one unit's failure stays its own."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import reportgen.unit_build as unit_build
from conftest import SAMPLE_UNIT, SECOND_UNIT
from reportgen.build import BuildReport, build
from reportgen.incremental import RECORDS_FOLDER
from reportgen.write import Outcome


def _documents(output: Path) -> dict[str, bytes]:
    """Every document and manifest below *output* (build records and the lock hold times)."""
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file() and RECORDS_FOLDER not in p.parts and p.name != ".reportgen.lock"}


def _summary(report: BuildReport, root: Path) -> tuple[object, ...]:
    return ([(r.path.relative_to(root).as_posix(), r.outcome, r.stale) for r in report.written],
            report.notes, [(f.unit, f.period, f.problems, f.message) for f in report.failures])


def _twin(county_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    twin = tmp_path_factory.mktemp("twin")
    for folder in ("data", "templates"):
        shutil.copytree(county_workspace / folder, twin / folder)
    return twin


def test_two_processes_write_what_one_writes(county_workspace: Path,
                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    twin = _twin(county_workspace, tmp_path_factory)
    alone = build(county_workspace, jobs=1)
    side_by_side = build(twin, jobs=2)
    assert alone.written, "the county sample builds documents"
    assert _summary(side_by_side, twin) == _summary(alone, county_workspace)
    assert _documents(twin / "output") == _documents(county_workspace / "output")
    assert any(p.endswith(".reportgen.json") for p in _documents(twin / "output"))


def test_progress_counts_every_unit_in_order(full_workspace: Path) -> None:
    heard: list[tuple[int, int]] = []
    build(full_workspace, jobs=2, on_progress=lambda done, total: heard.append((done, total)))
    assert heard == [(1, 3), (2, 3), (3, 3)]


def test_a_broken_unit_fails_alone_in_a_worker(full_workspace: Path) -> None:
    records = full_workspace / "data" / SECOND_UNIT / "2026-H1.yaml"
    records.write_text(records.read_text("utf-8") + "unknown_key: 1\n", "utf-8")
    report = build(full_workspace, jobs=2)
    assert [(f.unit, f.period) for f in report.failures] == [(SECOND_UNIT, "2026-H1")]
    written = {r.path.relative_to(full_workspace / "output").parts[:2] for r in report.written}
    assert {(SAMPLE_UNIT, "2026-H1"), ("示例县卫生健康局", "2026-H1")} <= written
    assert (SECOND_UNIT, "2026-H1") not in written


def test_a_worker_that_dies_takes_only_its_own_unit(full_workspace: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A process killed under one unit (out of memory, say) breaks the pool; the units caught
    with it are built again, each alone, and only the one that kills its process again fails."""
    real = unit_build.build_unit

    def dies_for_second(workspace: object, unit: str, *args: object) -> object:
        if unit == SECOND_UNIT:
            os._exit(9)
        return real(workspace, unit, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(unit_build, "build_unit", dies_for_second)
    report = build(full_workspace, jobs=2)
    assert [f.unit for f in report.failures] == [SECOND_UNIT]
    assert "进程意外退出" in report.failures[0].message
    assert {r.path.parent.parent.name for r in report.written} == {SAMPLE_UNIT, "示例县卫生健康局"}


def test_unchanged_units_are_not_sent_to_workers(full_workspace: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    build(full_workspace, jobs=2)

    def no_pool(*_: object, **__: object) -> None:
        raise AssertionError("a pool was started for a build with nothing to do")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", no_pool)  # imported when used
    again = build(full_workspace, jobs=2)
    assert again.ok and again.written
    assert {r.outcome for r in again.written} == {Outcome.UNCHANGED}


def test_the_command_line_builds_with_jobs_and_lists_documents_without_a_terminal(
        full_workspace: Path) -> None:
    """Without a terminal (a script, CI) there is no progress bar: one line per document, the
    same with -j 2 as with -j 1; a rebuild with nothing changed says so."""
    from conftest import run

    one = run("build", "-w", full_workspace, "-j", "1")
    shutil.rmtree(full_workspace / "output")
    two = run("build", "-w", full_workspace, "--jobs", "2")
    assert one[0] == two[0] == 0
    assert one[1] == two[1]
    assert one[1].count("已生成") >= 9
    assert "\x1b[" not in two[2]
    again = run("build", "-w", full_workspace, "-j", "2")
    assert "已生成" not in again[1] and "生成 0 份" in again[1]
    refused = run("build", "-w", full_workspace, "-j", "0")
    assert refused[0] == 2 and "进程数" in refused[2]
