"""The orchestrator: units and periods are independent; a failing period writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from conftest import SAMPLE_PERIOD, SAMPLE_UNIT
from reportgen.build import build
from reportgen.errors import WorkspaceError
from reportgen.period import Period
from reportgen.scaffold import period_skeleton
from reportgen.write import Outcome


def _second_unit(workspace: Path, name: str = "示例县教育局") -> Path:
    source = workspace / "data" / SAMPLE_UNIT
    target = workspace / "data" / name
    shutil.copytree(source, target)
    unit_file = target / "unit.yaml"
    unit_file.write_text(unit_file.read_text("utf-8").replace(SAMPLE_UNIT, name), "utf-8")
    return target


def test_build_returns_what_it_wrote(workspace: Path) -> None:
    report = build(workspace, kinds=["summary"])
    assert report.ok
    [result] = report.written
    assert result.outcome is Outcome.WRITTEN
    assert result.path.parent == workspace / "output" / SAMPLE_UNIT / SAMPLE_PERIOD
    assert docx.Document(str(result.path)).paragraphs[0].text.startswith(SAMPLE_UNIT)


def test_every_period_is_built_by_default_and_the_period_filter_narrows(
        workspace: Path) -> None:
    unit_dir = workspace / "data" / SAMPLE_UNIT
    (unit_dir / "2026-H2.yaml").write_text(period_skeleton(Period.parse("2026-H2")), "utf-8")
    everything = build(workspace, kinds=["summary"], draft=True)  # the skeleton still holds placeholders
    assert sorted(r.path.parent.name for r in everything.written) == ["2026-H1", "2026-H2"]
    only_h2 = build(workspace, period="2026-H2", kinds=["summary"], draft=True)
    assert [r.path.parent.name for r in only_h2.written] == ["2026-H2"]


def test_the_unit_filter_builds_only_that_unit(workspace: Path) -> None:
    _second_unit(workspace)
    report = build(workspace, units=["示例县教育局"])
    assert {r.path.parent.parent.name for r in report.written} == {"示例县教育局"}
    assert not (workspace / "output" / SAMPLE_UNIT).exists()


def test_a_broken_period_fails_alone(workspace: Path) -> None:
    second = _second_unit(workspace)
    period_file = second / f"{SAMPLE_PERIOD}.yaml"
    period_file.write_text(period_file.read_text("utf-8") + "unknown_key: 1\n", "utf-8")
    report = build(workspace)
    assert not report.ok
    [failure] = report.failures
    assert (failure.unit, failure.period) == ("示例县教育局", SAMPLE_PERIOD)
    assert failure.problems[0].field == "unknown_key"
    assert {r.path.parent.parent.name for r in report.written} == {SAMPLE_UNIT}
    assert not (workspace / "output" / "示例县教育局").exists()


def test_a_broken_unit_template_fails_that_unit_and_writes_nothing(workspace: Path) -> None:
    _second_unit(workspace)
    own = workspace / "templates" / "示例县教育局"
    own.mkdir(parents=True)
    document = docx.Document()
    document.add_paragraph("{{ no_such_name }}")
    document.save(str(own / "summary.docx"))
    report = build(workspace)
    [failure] = report.failures
    assert failure.unit == "示例县教育局"
    assert "no_such_name" in failure.message
    assert "templates/示例县教育局/summary.docx" in failure.message
    assert not (workspace / "output" / "示例县教育局").exists()
    assert (workspace / "output" / SAMPLE_UNIT).is_dir()


def test_workspace_template_overrides_the_default(workspace: Path) -> None:
    (workspace / "templates").mkdir()
    document = docx.Document()
    document.add_paragraph("自定义：{{ title }}")
    document.save(str(workspace / "templates" / "summary.docx"))
    [result] = build(workspace, kinds=["summary"]).written
    assert docx.Document(str(result.path)).paragraphs[0].text.startswith("自定义：示例县财政局")


@pytest.mark.parametrize("period", ["2026-H3", "H1"])
def test_a_malformed_period_option_is_refused_in_chinese(workspace: Path, period: str) -> None:
    with pytest.raises(WorkspaceError, match=f"期间“{period}”格式不对"):
        build(workspace, period=period)
