"""The 示例县创卫办's generated member units: the committed files must be what
tools/make_member_units.py writes, and every one of them must be valid records."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from collections import Counter
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest

from conftest import REPO_ROOT
from reportgen.records import read_period, read_unit

SCRIPT = REPO_ROOT / "tools" / "make_member_units.py"
RERUN = "运行 python tools/make_member_units.py 并提交重新生成的文件"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_member_units", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def names(tool: ModuleType) -> list[str]:
    return [unit.name for unit in tool.generated_units()]


def test_committed_member_units_are_in_step_with_the_script(tool: ModuleType, tmp_path: Path) -> None:
    written = dict(tool.write(tmp_path))
    assert all(written.values())  # an empty folder: every file is new
    stale = [relative for relative in written
             if not (REPO_ROOT / relative).is_file()
             or (REPO_ROOT / relative).read_bytes() != (tmp_path / relative).read_bytes()]
    extra = [p.relative_to(REPO_ROOT).as_posix() for unit in tool.generated_units()
             for p in sorted((REPO_ROOT / "data" / unit.name).rglob("*")) if p.is_file()
             and p.relative_to(REPO_ROOT).as_posix() not in written]
    assert not stale and not extra, (
        f"与 tools/make_member_units.py 不一致：{'、'.join(stale + extra)}\n"
        f"{RERUN}（多余的文件请删除）")


def test_generating_twice_gives_identical_bytes(tool: ModuleType) -> None:
    assert tool.generate() == tool.generate()


def test_every_generated_file_is_valid_records(tool: ModuleType, names: list[str]) -> None:
    periods = 0
    for name in names:
        folder = REPO_ROOT / "data" / name
        unit = read_unit(folder / "unit.yaml")
        assert (unit.name, unit.superior, unit.theme) == (name, "县创卫办", "创卫工作")
        assert unit.self_name in ("我局", "我街道", "我镇", "我校", "我院") and unit.leaders
        for path in sorted(folder.glob("2026-H*.yaml")):
            records = read_period(path, unit)
            text = path.read_text("utf-8")
            first_line = text.splitlines()[0]
            assert first_line.startswith(f"# {name} ") and "由 tools/make_member_units.py 生成" in first_line
            assert len(text.splitlines()) <= 80, path
            assert 2 <= len(records.activities) <= 6 and len(records.meetings) <= 2, path
            assert 1 <= len(records.inspections) <= 3 and 2 <= len(records.sections) <= 3, path
            periods += 1
    assert periods >= 29 + 10


def test_metrics_use_the_shared_names_in_one_unit_each(names: list[str]) -> None:
    units: dict[str, set[str]] = {}
    for name in names:
        for path in (REPO_ROOT / "data" / name).glob("2026-H*.yaml"):
            for activity in read_period(path).activities:
                assert activity.category in ("宣传教育", "环境整治", "病媒生物防制", "健康促进")
                for metric, amount in activity.metrics.items():
                    units.setdefault(metric, set()).add(amount.unit)
    assert {"宣传资料", "参与人员", "清理垃圾", "横幅"} <= set(units)
    assert all(len(found) == 1 for found in units.values()), units


def test_three_members_still_lack_their_first_half_records(tool: ModuleType, names: list[str]) -> None:
    missing = [n for n in names if not (REPO_ROOT / "data" / n / "2026-H1.yaml").exists()]
    assert sorted(missing) == sorted(tool.MISSING_H1) and len(missing) == 3
    with_h2 = [n for n in names if (REPO_ROOT / "data" / n / "2026-H2.yaml").exists()]
    assert len(names) / 3 <= len(with_h2) <= len(names) * 2 / 3


def test_at_least_thirty_distinct_fictional_names(tool: ModuleType, names: list[str]) -> None:
    assert len(names) >= 30 and len(set(names)) == len(names)
    assert all(n.startswith("示例县") for n in names)
    assert not set(names) & set(tool.HAND_WRITTEN)


def _weighted(row: tuple[object, ...]) -> Decimal:
    scores = [Decimal(str(value)) for value in row[2:5]]
    return (3 * scores[0] + 3 * scores[1] + 4 * scores[2]) / 10


def test_the_score_sheet_has_every_member_but_the_exempt_school(tool: ModuleType, names: list[str]) -> None:
    sheet = openpyxl.load_workbook(REPO_ROOT / tool.SCORES)["得分"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header == ("序号", "单位", "环境卫生", "健康教育", "除“四害”", "备注")
    scored = [row[1] for row in rows]
    assert sorted(scored) == sorted({*names, *tool.HAND_WRITTEN} - {tool.EXEMPT})
    assert tool.EXEMPT in names and tool.EXEMPT.endswith(("小学", "中学", "学校"))
    assert [row[0] for row in rows] == list(range(1, len(rows) + 1))
    for row in rows:
        for value in row[2:5]:
            assert isinstance(value, int | float) and 0 <= value <= 100
            assert Decimal(str(value)) == Decimal(str(value)).quantize(Decimal("0.1")), row


def test_the_scores_spread_over_the_three_classes_with_a_tie(tool: ModuleType) -> None:
    sheet = openpyxl.load_workbook(REPO_ROOT / tool.SCORES)["得分"]
    rows = list(sheet.iter_rows(values_only=True))[1:]
    totals = {row[1]: _weighted(row) for row in rows}
    classes = Counter("一类" if t >= 90 else "二类" if t >= 75 else "三类" for t in totals.values())
    assert set(classes) == {"一类", "二类", "三类"}
    ties = [t for t, n in Counter(totals.values()).items() if n > 1]
    assert ties
    assert any(len({row[2:5] for row in rows if totals[row[1]] == t}) > 1 for t in ties), \
        "至少一对并列的单位各项得分不同"


def test_the_score_sheet_bytes_do_not_depend_on_the_clock(tool: ModuleType) -> None:
    with zipfile.ZipFile(io.BytesIO(tool.scores_xlsx())) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml")
    assert b">2026-01-01T00:00:00Z</dcterms:modified>" in core
    assert b">2026-01-01T00:00:00Z</dcterms:created>" in core
