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
        assert lines[index - 1].startswith(f"# {info.title}"), name
        if info.is_required():
            assert "（必填）" in lines[index - 1], name
