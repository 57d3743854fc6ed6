"""``reportgen init``'s skeletons: commented from the model's labels, valid as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.models import PeriodRecords, Unit
from reportgen.period import Period
from reportgen.records import read_period, read_unit
from reportgen.scaffold import period_skeleton, unit_skeleton


@pytest.mark.parametrize("period_id", ["2026", "2026-H1", "2026-H2", "2026-Q3", "2026-09"])
def test_period_skeleton_validates_as_written(tmp_path: Path, period_id: str) -> None:
    path = tmp_path / f"{period_id}.yaml"
    path.write_text(period_skeleton(Period.parse(period_id)), "utf-8")
    assert read_period(path).period.id == period_id


def test_unit_skeleton_validates_with_the_given_name(tmp_path: Path) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text(unit_skeleton("示例县某某局"), "utf-8")
    unit = read_unit(path)
    assert (unit.name, unit.signature) == ("示例县某某局", "示例县某某局")


@pytest.mark.parametrize(("model", "text"), [
    (PeriodRecords, period_skeleton(Period.parse("2026-H1"))),
    (Unit, unit_skeleton("某单位")),
])
def test_every_top_level_field_is_introduced_by_its_chinese_label(model, text: str) -> None:
    lines = text.splitlines()
    for name, info in model.model_fields.items():
        index = next(i for i, line in enumerate(lines)
                     if line.startswith((f"{name}:", f"# {name}:")))
        label = next(line for line in reversed(lines[:index]) if "以下为示例" not in line)
        assert label.startswith(f"# {info.title}"), name
        if info.is_required():
            assert "（必填）" in label, name


def _uncomment_examples(text: str) -> str:
    """What a clerk does: remove the leading "# " of every line of each example block."""
    lines, inside = [], False
    for line in text.splitlines():
        if "以下为示例" in line:
            inside = True
            continue
        if inside and line.startswith("# ") and (":" in line or line.startswith("#  ")):
            lines.append(line[2:])
            continue
        inside = False
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_uncommented_examples_validate_and_hold_placeholders_not_figures(tmp_path: Path) -> None:
    text = period_skeleton(Period.parse("2026-Q3"))
    path = tmp_path / "2026-Q3.yaml"
    path.write_text(_uncomment_examples(text), "utf-8")
    records = read_period(path)
    assert records.activities and records.meetings and records.inspections
    assert records.report is not None and records.report.span is not None
    assert all(m.date in records.period for m in records.meetings)


def test_as_written_the_skeleton_records_no_activity_meeting_or_inspection(tmp_path: Path) -> None:
    path = tmp_path / "2026-H2.yaml"
    path.write_text(period_skeleton(Period.parse("2026-H2")), "utf-8")
    records = read_period(path)
    assert (records.activities, records.meetings, records.inspections) == ([], [], [])
    assert records.report is None
