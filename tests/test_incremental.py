"""A rebuild with nothing changed reads no records and writes nothing; a change rebuilds exactly
the units it affects (reportgen.incremental)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import docx
import pytest

import reportgen.incremental as incremental
import reportgen.unit_build as unit_build
from conftest import OFFICE, SAMPLE_PERIOD, SAMPLE_UNIT, SECOND_UNIT
from reportgen.build import build
from reportgen.defaults import default_template_path
from reportgen.incremental import RECORDS_FOLDER
from reportgen.workspace import ISSUES_FILE
from reportgen.write import Outcome


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file below *folder* with its modification time and bytes."""
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".reportgen.lock"}


@pytest.fixture
def built_units(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The units build_unit is called for (spied on, still doing its work)."""
    called: list[str] = []
    real = unit_build.build_unit

    def spy(workspace: object, unit: str, *args: object) -> object:
        called.append(unit)
        return real(workspace, unit, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(unit_build, "build_unit", spy)
    return called


def _age(path: Path, seconds: int = 10) -> None:
    """Date *path* back, as a file last changed well before the build that reads it."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - seconds * 1_000_000_000))


def _age_inputs(root: Path) -> None:
    for path in [*(root / "data").rglob("*"), *(root / "templates").rglob("*")]:
        if path.is_file():
            _age(path)


def test_an_unchanged_rebuild_reads_nothing_and_writes_nothing(
        full_workspace: Path, built_units: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root = full_workspace
    _age_inputs(root)
    first = build(root)
    assert first.ok and built_units
    before = _snapshot(root / "output")
    built_units.clear()

    def no_reading(*_: object) -> None:
        raise AssertionError("an unchanged unit's records were read")

    monkeypatch.setattr("reportgen.records.read_period_noting_placeholders", no_reading)
    again = build(root)
    assert built_units == []
    assert again.ok
    assert [r.path for r in again.written] == [r.path for r in first.written]
    assert {r.outcome for r in again.written} == {Outcome.UNCHANGED}
    assert again.notes == first.notes
    assert _snapshot(root / "output") == before


def test_a_changed_period_rebuilds_that_unit_alone(full_workspace: Path,
                                                   built_units: list[str]) -> None:
    root = full_workspace
    _age_inputs(root)
    build(root)
    built_units.clear()
    records = root / "data" / SECOND_UNIT / f"{SAMPLE_PERIOD}.yaml"
    records.write_text(records.read_text("utf-8").replace("\n", "\n# 补记\n", 1), "utf-8")
    report = build(root)
    assert built_units == [SECOND_UNIT]
    assert report.ok


def test_an_edit_keeping_size_and_time_is_still_seen(workspace: Path,
                                                     built_units: list[str]) -> None:
    """A file changed within two seconds of the build that read it cannot be judged by its
    time (it may change again within the same time stamp): it is hashed on the next check."""
    records = workspace / "data" / SAMPLE_UNIT / f"{SAMPLE_PERIOD}.yaml"
    text = records.read_text("utf-8")
    records.write_text(text, "utf-8")  # saved just now, as a clerk does before building
    build(workspace, kinds=["summary"])
    built_units.clear()
    info = records.stat()
    digit = next(c for c in text if c in "123456789")
    swapped = "1" if digit != "1" else "2"
    records.write_text(text.replace(digit, swapped, 1), "utf-8")
    os.utime(records, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert records.stat().st_size == info.st_size
    build(workspace, kinds=["summary"])
    assert built_units == [SAMPLE_UNIT]


@pytest.mark.parametrize("change", ["profile", "template", "new template", "new period"])
def test_each_input_of_a_unit_triggers_its_rebuild(full_workspace: Path, built_units: list[str],
                                                  change: str) -> None:
    root = full_workspace
    _age_inputs(root)
    build(root, draft=True)
    built_units.clear()
    unit_dir = root / "data" / SECOND_UNIT
    own_templates = root / "templates" / SECOND_UNIT
    if change == "profile":
        profile = unit_dir / "unit.yaml"
        profile.write_text(profile.read_text("utf-8") + "\n# 改过\n", "utf-8")
    elif change == "template":
        template = own_templates / "summary.docx"
        template.write_bytes(template.read_bytes())  # the same bytes, a new time: not a change
        build(root, draft=True)
        assert built_units == []
        document = docx.Document(str(template))
        document.add_paragraph("本单位补充的固定段落")
        document.save(str(template))
    elif change == "new template":
        shutil.copy(default_template_path("report"), own_templates / "report.docx")
    else:
        shutil.copy(unit_dir / f"{SAMPLE_PERIOD}.yaml", unit_dir / "2026-H2.yaml")
    build(root, draft=True)
    assert built_units == [SECOND_UNIT]


def test_a_new_reportgen_rebuilds_everything(full_workspace: Path, built_units: list[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = full_workspace
    _age_inputs(root)
    first = build(root)
    built_units.clear()
    monkeypatch.setattr(incremental, "__version__", "99.0")
    incremental.code_digest.cache_clear()
    try:
        again = build(root)
    finally:
        incremental.code_digest.cache_clear()
    assert sorted(built_units) == sorted({r.path.parent.parent.name for r in first.written})
    assert {r.outcome for r in again.written} == {Outcome.UNCHANGED}  # same bytes, not rewritten


def test_a_different_request_or_force_builds_again(workspace: Path, built_units: list[str]) -> None:
    build(workspace)
    built_units.clear()
    build(workspace, kinds=["summary"])
    build(workspace, kinds=["summary"], force=True)
    assert built_units == [SAMPLE_UNIT, SAMPLE_UNIT]


@pytest.mark.parametrize("harm", ["deleted", "edited"])
def test_a_document_deleted_or_edited_by_hand_is_seen(workspace: Path, built_units: list[str],
                                                      harm: str) -> None:
    first = build(workspace, kinds=["summary"])
    [document] = [r.path for r in first.written]
    built_units.clear()
    if harm == "deleted":
        document.unlink()
    else:
        document.write_bytes(document.read_bytes() + b"\0")
    [result] = build(workspace, kinds=["summary"]).written
    assert built_units == [SAMPLE_UNIT]
    assert result.outcome is (Outcome.WRITTEN if harm == "deleted" else Outcome.KEPT_EDITED)
    assert document.is_file()
    built_units.clear()
    [kept] = build(workspace, kinds=["summary"]).written  # and now the record holds again
    assert built_units == []
    assert kept.outcome is (Outcome.KEPT_EDITED if harm == "edited" else Outcome.UNCHANGED)


def test_a_failed_unit_keeps_no_record_and_fails_again(workspace: Path,
                                                       built_units: list[str]) -> None:
    records = workspace / "data" / SAMPLE_UNIT / f"{SAMPLE_PERIOD}.yaml"
    records.write_text(records.read_text("utf-8") + "unknown_key: 1\n", "utf-8")
    first = build(workspace)
    assert not first.ok
    assert not (workspace / "output" / RECORDS_FOLDER / f"{SAMPLE_UNIT}.json").exists()
    again = build(workspace)
    assert built_units == [SAMPLE_UNIT, SAMPLE_UNIT]
    assert [f.problems for f in again.failures] == [f.problems for f in first.failures]


def test_a_members_new_records_rebuild_the_office(county_workspace: Path,
                                                  built_units: list[str]) -> None:
    """The office's 汇总 reads its members' periods: a member's change rebuilds the member and
    the office, and no other unit."""
    root = county_workspace
    _age_inputs(root)
    build(root, period=SAMPLE_PERIOD, kinds=["summary"])
    built_units.clear()
    member = sorted(p for p in (root / "data").iterdir() if p.name not in (OFFICE, SAMPLE_UNIT)
                    and (p / f"{SAMPLE_PERIOD}.yaml").is_file())[0]
    records = member / f"{SAMPLE_PERIOD}.yaml"
    records.write_text(records.read_text("utf-8") + "\n# 补记\n", "utf-8")
    build(root, period=SAMPLE_PERIOD, kinds=["summary"])
    assert sorted(built_units) == sorted([member.name, OFFICE])


def test_a_torn_record_only_costs_a_build(workspace: Path, built_units: list[str]) -> None:
    build(workspace, kinds=["summary"])
    record = workspace / "output" / RECORDS_FOLDER / f"{SAMPLE_UNIT}.json"
    record.write_bytes(record.read_bytes()[:40])
    built_units.clear()
    [result] = build(workspace, kinds=["summary"]).written
    assert built_units == [SAMPLE_UNIT]
    assert result.outcome is Outcome.UNCHANGED



def test_a_members_new_issue_book_does_not_rebuild_the_office(county_workspace: Path,
                                                              built_units: list[str]) -> None:
    """A member's first build writes its 期号 book into data/ after the office (built first, in
    name order) has recorded the names under data/; the office never reads that book, so the
    next build, with nothing changed, builds nothing, as on a fresh clone of the sample."""
    root = county_workspace
    assert not list((root / "data").glob(f"*/{ISSUES_FILE}"))  # as in a fresh clone
    _age_inputs(root)
    assert build(root).ok
    written_after_office = [p.parent.name for p in (root / "data").glob(f"*/{ISSUES_FILE}")
                            if p.parent.name > OFFICE]
    assert written_after_office  # else the case is not the one this test is about
    built_units.clear()
    again = build(root)
    assert again.ok
    assert built_units == []
