"""考评: totals, classes and ranks against computations done by hand; every bad input refused
where it stands (文件:行:列, or a sheet's cell); scores read from, and results written to, .xlsx."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from conftest import replace_once, write
from reportgen.assess import (
    Assessment,
    CellLocation,
    Outcome,
    Row,
    assess,
    read_assessment,
    read_scores_xlsx,
    results_xlsx,
    scheme_sentence,
)
from reportgen.errors import RecordsError

PARTS = ["环境卫生", "健康教育", "除“四害”"]
MEMBERS = ["县财政局", "县教育局", "县第一中学", "县第二中学", "县卫生健康局"]

# Line and column numbers are asserted below; keep this text's lines where they are.
VALID = """\
period: 2026-H1
date: 2026-07-15
basis: 《2026年创卫工作考评办法》
subject: 机关单位
scheme:
  parts: [环境卫生, 健康教育, 除“四害”]
  weights: 3:3:4
scores:
  - unit: 县财政局
    环境卫生: 92
    健康教育: 88
    除“四害”: 94
  - unit: 县教育局
    环境卫生: 80
    健康教育: 70
    除“四害”: 75.5
  - unit: 县第一中学
    环境卫生: 95
    除“四害”: 90
exempt:
  - unit: 县第一中学
    part: 健康教育
    reason: 学校放假
  - unit: 县第二中学
    reason: 学校放假
closing: 各单位要对照问题认真整改。
"""


def make(scheme: dict[str, Any] | None = None, exempt: list[dict[str, str]] | None = None) -> Assessment:
    """An Assessment as the YAML gives it (every scalar a string)."""
    return Assessment.model_validate({
        "period": "2026-H1", "date": "2026-07-15", "scores": "考评得分.xlsx",
        "scheme": scheme or {"parts": PARTS, "weights": "3:3:4"},
        "exempt": exempt or []})


def row(unit: str, *scores: str | None, parts: list[str] = PARTS) -> Row:
    return Row(unit, {p: Decimal(s) for p, s in zip(parts, scores, strict=True) if s is not None})


def totals(outcome: Outcome) -> dict[str, tuple[str, str, int]]:
    return {r.unit: (str(r.total), r.klass, r.rank) for r in outcome.results}


def read(tmp_path: Path, text: str, members: list[str] | None = MEMBERS) -> tuple[Assessment, list[Row]]:
    return read_assessment(write(tmp_path, text, "考评.yaml"), members)


def problems(tmp_path: Path, text: str, members: list[str] | None = MEMBERS) -> list[str]:
    """Every problem reported for the file, as printed (paths relative to tmp_path)."""
    with pytest.raises(RecordsError) as caught:
        read(tmp_path, text, members)
    return [str(p) for p in caught.value.problems]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Problems print paths relative to the current directory: make them the bare file names."""
    monkeypatch.chdir(tmp_path)


# --- totals, classes and ranks, computed by hand -------------------------------------------


def test_totals_are_weighted_3_3_4_and_classed_as_a_hand_computation_says() -> None:
    # (92×3 + 88×3 + 94×4) / 10 = (276 + 264 + 376) / 10 = 91.6
    # (80×3 + 70×3 + 75.5×4) / 10 = (240 + 210 + 302) / 10 = 75.2
    # (60×3 + 70×3 + 80×4) / 10 = (180 + 210 + 320) / 10 = 71.0
    # (92×3 + 88×3 + 95×4) / 10 = (276 + 264 + 380) / 10 = 92.0
    outcome = assess(make(), [row("甲", "92", "88", "94"), row("乙", "80", "70", "75.5"),
                              row("丙", "60", "70", "80"), row("丁", "92", "88", "95")])
    assert totals(outcome) == {"丁": ("92.0", "一类", 1), "甲": ("91.6", "一类", 2),
                               "乙": ("75.2", "二类", 3), "丙": ("71.0", "三类", 4)}
    assert [r.unit for r in outcome.results] == ["丁", "甲", "乙", "丙"]
    assert outcome.counts == {"一类": 2, "二类": 1, "三类": 1}
    assert outcome.total_units == 4
    assert [r.unit for r in outcome.by_class["一类"]] == ["丁", "甲"]


@pytest.mark.parametrize(("scores", "total", "klass"), [
    # 3a + 3b + 4c = 10 × the exact total
    (("89.5", "90", "90.25"), "90.0", "一类"),   # 899.5 → 89.95, half up to 90.0: 一类
    (("89.8", "90", "90"), "89.9", "二类"),      # 899.4 → 89.94 → 89.9: 二类
    (("88", "88.5", "88.25"), "88.3", "二类"),   # 882.5 → 88.25 → 88.3 (half even would say 88.2)
    (("75", "75", "74.75"), "74.9", "三类"),     # 749 → 74.9: below 75, 三类
    (("75", "75", "75"), "75.0", "二类"),        # exactly the lowest total of 二类
])
def test_totals_round_half_up_before_they_are_classed(scores: tuple[str, str, str], total: str,
                                                      klass: str) -> None:
    result = assess(make(), [row("甲", *scores)]).results[0]
    assert (str(result.total), result.klass) == (total, klass)


def test_with_no_decimals_totals_are_whole_and_round_half_up() -> None:
    scheme = {"parts": PARTS, "weights": "3:3:4", "decimals": "0"}
    # 3×74 + 3×75 + 4×75 = 747 → 74.7 → 75; 3×74 + 3×74 + 4×75.25 = 745 → 74.5 → 75;
    # 3×74 + 3×74 + 4×75 = 744 → 74.4 → 74
    outcome = assess(make(scheme), [row("甲", "74", "75", "75"), row("乙", "74", "74", "75.25"),
                                    row("丙", "74", "74", "75")])
    assert totals(outcome) == {"甲": ("75", "二类", 1), "乙": ("75", "二类", 1), "丙": ("74", "三类", 3)}


def test_equal_totals_share_a_rank_and_the_next_rank_skips() -> None:
    # 甲 and 乙 both 91.6; 丙 91.64 exactly → 91.6 as printed, so it ties too; 丁 80.0
    outcome = assess(make(), [row("乙", "92", "88", "94"), row("丁", "80", "80", "80"),
                              row("甲", "94", "86", "94"), row("丙", "92", "88", "94.1")])
    assert [(r.unit, str(r.total), r.rank) for r in outcome.results] == [
        ("丙", "91.6", 1), ("乙", "91.6", 1), ("甲", "91.6", 1), ("丁", "80.0", 4)]


def test_within_a_tie_units_are_listed_by_name_in_code_point_order() -> None:
    outcome = assess(make(), [row(u, "90", "90", "90") for u in ("县b局", "县B局", "县a局", "县A局")])
    assert [r.unit for r in outcome.results] == ["县A局", "县B局", "县a局", "县b局"]
    assert {r.rank for r in outcome.results} == {1}


def test_a_part_exemption_renormalises_the_weights_of_the_other_parts() -> None:
    exempt = [{"unit": "县第一中学", "part": "健康教育", "reason": "学校放假"}]
    # (95×3 + 90×4) / 7 = 645 / 7 = 92.142857… → 92.1
    outcome = assess(make(exempt=exempt), [row("县第一中学", "95", None, "90")])
    result = outcome.results[0]
    assert (str(result.total), result.klass, result.part_scores) == (
        "92.1", "一类", (Decimal(95), None, Decimal(90)))
    assert result.notes == "健康教育免检：学校放假"


def test_a_whole_exempt_unit_is_listed_apart_with_its_reason_and_not_counted() -> None:
    exempt = [{"unit": "县第二中学", "reason": "学校放假"},
              {"unit": "县机关事务管理中心", "reason": "以机关事务管理中心为样本"}]
    outcome = assess(make(exempt=exempt), [row("县财政局", "92", "88", "94")])
    assert outcome.exempt == (("县第二中学", "学校放假"), ("县机关事务管理中心", "以机关事务管理中心为样本"))
    assert [r.unit for r in outcome.results] == ["县财政局"]
    assert outcome.total_units == 1 and sum(outcome.counts.values()) == 1


def test_parts_of_different_full_marks_count_by_their_share_of_full_marks() -> None:
    # equal weights: (27/30 + 24/30 + 36/40) / 3 × 100 = (0.9 + 0.8 + 0.9) / 3 × 100 = 86.666… → 86.7
    scheme = {"parts": PARTS, "full": ["30", "30", "40"]}
    assert str(assess(make(scheme), [row("甲", "27", "24", "36")]).results[0].total) == "86.7"


def test_classes_of_the_scheme_are_used_in_their_order_and_empty_ones_kept() -> None:
    scheme = {"parts": ["综合"], "classes": [{"name": "优秀", "min": "95"}, {"name": "良好", "min": "85"},
                                            {"name": "合格", "min": "60"}, {"name": "不合格", "min": "0"}]}
    outcome = assess(make(scheme), [Row("甲", {"综合": Decimal("86")}), Row("乙", {"综合": Decimal("59.5")})])
    assert list(outcome.by_class) == ["优秀", "良好", "合格", "不合格"]
    assert outcome.counts == {"优秀": 0, "良好": 1, "合格": 0, "不合格": 1}


# --- the scheme in a sentence --------------------------------------------------------------


def test_the_scheme_sentence_of_the_seed_scheme_with_whole_totals() -> None:
    scheme = make({"parts": PARTS, "weights": "3:3:4", "decimals": "0"}).scheme
    assert scheme_sentence(scheme) == (
        "考评内容包括环境卫生、健康教育、除“四害”3个部分，各100分，按3:3:4的权重"
        "折算总分；90分以上为一类，75—89分为二类，74分以下为三类。")


def test_the_scheme_sentence_bounds_classes_to_the_decimal_totals_are_kept_to() -> None:
    assert scheme_sentence(make().scheme).endswith("；90分以上为一类，75—89.9分为二类，74.9分以下为三类。")
    two = make({"parts": PARTS, "weights": "3:3:4", "decimals": "2"}).scheme
    assert scheme_sentence(two).endswith("；90分以上为一类，75—89.99分为二类，74.99分以下为三类。")


def test_the_scheme_sentence_names_unequal_full_marks_and_equal_weights() -> None:
    scheme = make({"parts": PARTS, "full": ["30", "30", "40"]}).scheme
    assert scheme_sentence(scheme).startswith(
        "考评内容包括环境卫生（30分）、健康教育（30分）、除“四害”（40分）3个部分，各部分权重相同，折算为百分制总分；")


# --- read_assessment: valid files ----------------------------------------------------------


def test_a_valid_file_reads_into_records_and_rows(tmp_path: Path) -> None:
    assessment, rows = read(tmp_path, VALID)
    assert assessment.scheme.weight_values == (Decimal(3), Decimal(3), Decimal(4))
    assert assessment.subject == "机关单位" and assessment.recipient == "各成员单位"
    assert assessment.closing == ["各单位要对照问题认真整改。"]
    assert assessment.heading("创卫工作") == "2026年上半年创卫工作考评"
    assert rows == [row("县财政局", "92", "88", "94"), row("县教育局", "80", "70", "75.5"),
                    row("县第一中学", "95", None, "90")]
    assert totals(assess(assessment, rows)) == {"县第一中学": ("92.1", "一类", 1),
                                                "县财政局": ("91.6", "一类", 2),
                                                "县教育局": ("75.2", "二类", 3)}


@pytest.mark.parametrize("weights", ["3：3：4", "' 3 : 3 : 4 '", "[3, 3, 4]", "[3, '3', 4.0]"])
def test_weights_may_be_written_with_full_width_colons_or_as_a_list(tmp_path: Path, weights: str) -> None:
    assessment, _ = read(tmp_path, replace_once(VALID, "weights: 3:3:4", f"weights: {weights}"))
    assert assessment.scheme.weight_values == (Decimal(3), Decimal(3), Decimal(4))


def test_without_weights_or_classes_the_defaults_hold(tmp_path: Path) -> None:
    assessment, _ = read(tmp_path, replace_once(VALID, "  weights: 3:3:4\n", ""))
    assert assessment.scheme.weight_values == (Decimal(1),) * 3
    assert [(c.name, c.min) for c in assessment.scheme.classes] == [
        ("一类", Decimal(90)), ("二类", Decimal(75)), ("三类", Decimal(0))]
    assert assessment.scheme.full_marks == (Decimal(100),) * 3


def test_members_are_not_checked_when_none_are_given(tmp_path: Path) -> None:
    _, rows = read(tmp_path, replace_once(VALID, "unit: 县教育局", "unit: 县外单位"), members=None)
    assert [r.unit for r in rows] == ["县财政局", "县外单位", "县第一中学"]


# --- read_assessment: every problem located -------------------------------------------------


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("环境卫生: 92", "环境卫生: 101", "考评.yaml:10:11 scores[0].环境卫生: “101”超过了满分（100分）"),
    ("环境卫生: 92", "环境卫生: -3", "考评.yaml:10:11 scores[0].环境卫生: “-3”：分数不能小于 0"),
    ("环境卫生: 92", "环境卫生: 九十二",
     "考评.yaml:10:11 scores[0].环境卫生: “九十二”不是分数：应写作 0 到 100 的数，如 92 或 89.5"),
    ("环境卫生: 92", "环境卫生: 91.255",
     "考评.yaml:10:11 scores[0].环境卫生: “91.255”：分数最多两位小数（在 Excel 中可用 ROUND(…,2)）"),
    ("unit: 县教育局", "unit: 县财政局",
     "考评.yaml:13:11 scores[1].unit: “县财政局”已在第 9 行评过分：每个单位只能有一行得分"),
    ("    健康教育: 88\n", "",
     "考评.yaml:9:5 scores[0].健康教育: 缺少“健康教育”的得分（不考评这一项请在 exempt 中写明原因）"),
    ("weights: 3:3:4", "weights: 3:7",
     "考评.yaml:7:12 scheme.weights: 权重写了 2 个，考评项目有 3 个（环境卫生、健康教育、除“四害”）："
     "每个项目一个权重，如 3:3:4"),
    ("weights: 3:3:4", "weights: 3:3:4\n  full: [30, 70]",
     "考评.yaml:8:9 scheme.full: 满分写了 2 个，考评项目有 3 个（环境卫生、健康教育、除“四害”）："
     "写一个数（各项目相同），或每个项目一个"),
    ("weights: 3:3:4", "weights: 3:3:4\n  classes: [{name: 一类, min: 90}, {name: 二类, min: 92}, "
                       "{name: 三类, min: 0}]",
     "考评.yaml:8:50 scheme.classes[1].min: 类别应从高到低排列：“二类”的最低分 92 应低于上一类“一类”的 90"),
    ("weights: 3:3:4", "weights: 3:3:4\n  classes: [{name: 合格, min: 60}, {name: 基本合格, min: 40}]",
     "考评.yaml:8:52 scheme.classes[1].min: 最后一类“基本合格”的最低分应为 0，"
     "否则总分低于 40 的单位不属于任何一类"),
    ("unit: 县教育局", "unit: 县教育厅",
     "考评.yaml:13:11 scores[1].unit: “县教育厅”不是成员单位，您要写的是不是“县教育局”？"),
    ("  - unit: 县第二中学", "  - unit: 县第三中学",
     "考评.yaml:24:11 exempt[1].unit: “县第三中学”不是成员单位，您要写的是不是“县第二中学”？"),
    ("part: 健康教育", "part: 健康教养",
     "考评.yaml:22:11 exempt[0].part: 未知的考评项目“健康教养”，您要写的是不是“健康教育”？"
     "考评项目有：环境卫生、健康教育、除“四害”"),
    ("    环境卫生: 92\n", "    环境卫省: 92\n",
     "考评.yaml:10:5 scores[0].环境卫省: 未知的考评项目“环境卫省”，您要写的是不是“环境卫生”？"
     "考评项目有：环境卫生、健康教育、除“四害”"),
])
def test_each_problem_is_located_and_explained(tmp_path: Path, old: str, new: str, expected: str) -> None:
    found = problems(tmp_path, replace_once(VALID, old, new))
    assert expected in found, found


@pytest.mark.parametrize(("extra", "expected"), [
    ("  - unit: 县第二中学\n    reason: 复查\n",
     "考评.yaml:26:5 exempt[2]: “县第二中学”的免检写了两次"),
    ("  - unit: 县第二中学\n    part: 环境卫生\n    reason: 复查\n",
     "考评.yaml:26:5 exempt[2]: “县第二中学”已整个单位免检，不必再写“环境卫生”免检"),
    ("  - unit: 县第一中学\n    reason: 复查\n",
     "考评.yaml:26:5 exempt[2]: “县第一中学”已有部分项目免检，又写了整个单位免检：请只保留一种"),
    ("  - unit: 县第一中学\n    part: 环境卫生\n    reason: 复查\n"
     "  - unit: 县第一中学\n    part: 除“四害”\n    reason: 复查\n",
     "考评.yaml:29:5 exempt[3]: “县第一中学”的所有考评项目都免检了：请改为整个单位免检（删去 part）"),
])
def test_exemptions_that_contradict_each_other_are_refused(tmp_path: Path, extra: str, expected: str) -> None:
    text = replace_once(VALID, "closing:", extra + "closing:")
    assert expected in problems(tmp_path, text)


def test_a_part_named_twice_is_refused(tmp_path: Path) -> None:
    text = replace_once(VALID, "除“四害”]", "除“四害”, 环境卫生]")
    assert "考评.yaml:6:30 scheme.parts[3]: 考评项目“环境卫生”写了两次" in problems(tmp_path, text)


def test_a_unit_exempt_as_a_whole_may_not_be_scored(tmp_path: Path) -> None:
    text = VALID.replace("县第二中学", "县教育局")
    assert problems(tmp_path, text) == [
        "考评.yaml:13:11 scores[1].unit: “县教育局”已免检（学校放假），已免检的单位不应再有得分："
        "请删去这一行，或删去免检"]


def test_an_exempt_part_may_not_be_scored(tmp_path: Path) -> None:
    text = replace_once(VALID, "    环境卫生: 95\n", "    环境卫生: 95\n    健康教育: 60\n")
    assert problems(tmp_path, text) == [
        "考评.yaml:19:11 scores[2].健康教育: “县第一中学”的“健康教育”已免检，不应再有得分："
        "请删去这个得分，或删去免检"]


def test_a_part_exemption_of_a_unit_with_no_scores_is_refused(tmp_path: Path) -> None:
    text = replace_once(VALID, "  - unit: 县第一中学\n    part", "  - unit: 县卫生健康局\n    part")
    assert problems(tmp_path, text) == [
        "考评.yaml:17:5 scores[2].健康教育: 缺少“健康教育”的得分（不考评这一项请在 exempt 中写明原因）",
        "考评.yaml:22:11 exempt[0].part: “县卫生健康局”只免检“健康教育”，但没有“县卫生健康局”的得分："
        "其余项目仍应评分；整个单位免检请删去 part"]


def test_every_problem_is_reported_at_once_in_file_order(tmp_path: Path) -> None:
    text = replace_once(VALID, "weights: 3:3:4", "weights: 3:3")
    text = replace_once(text, "环境卫生: 92", "环境卫生: 101")
    text = replace_once(text, "unit: 县教育局", "unit: 县财政局")
    text = replace_once(text, "    除“四害”: 90\n", "")
    found = problems(tmp_path, text)
    assert [p.split(" ")[0] for p in found] == ["考评.yaml:7:12", "考评.yaml:10:11", "考评.yaml:13:11",
                                               "考评.yaml:17:5"]


def test_score_rows_are_checked_even_when_another_field_is_wrong(tmp_path: Path) -> None:
    text = replace_once(VALID, "date: 2026-07-15", "date: 2026-02-30")
    text = replace_once(text, "环境卫生: 92", "环境卫生: 101")
    assert problems(tmp_path, text) == [
        "考评.yaml:2:7 date: 成文日期：日期不存在：2026年2月没有30日",
        "考评.yaml:10:11 scores[0].环境卫生: “101”超过了满分（100分）"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("weights: 3:3:4", "weights: 3:x:4",
     "考评.yaml:7:12 scheme.weights: 权重：“x”不是数字：应写作 3:3:4，或列表 [3, 3, 4]"),
    ("weights: 3:3:4", "weights: 3:3:4\n  ties: 顺延", "考评.yaml:8:9 scheme.ties: 同分处理：只能是：并列"),
    ("weights: 3:3:4", "weights: 3:3:4\n  decimals: 3",
     "考评.yaml:8:13 scheme.decimals: 保留小数位：不能大于 2"),
    ("weights: 3:3:4", "weights: 3:3:4\n  full: 0", "考评.yaml:8:9 scheme.full: 满分：满分应大于 0"),
    ("    reason: 学校放假\n  - unit: 县第二中学", "  - unit: 县第二中学",
     "考评.yaml:21:5 exempt[0].reason: 缺少必填项（原因）"),
    ("subject: 机关单位", "subjct: 机关单位",
     "考评.yaml:4:1 subjct: 未知字段“subjct”，您要写的是不是 subject（单位称谓）？"),
    ("date: 2026-07-15", "date: 2025-12-31",
     "考评.yaml:2:7 date: 成文日期 2025-12-31 早于考评期间开始（2026年上半年）"),
])
def test_fields_are_checked_as_records_are(tmp_path: Path, old: str, new: str, expected: str) -> None:
    found = problems(tmp_path, replace_once(VALID, old, new))
    assert expected in found, found


def test_a_scores_file_that_is_not_there_is_located_at_its_name(tmp_path: Path) -> None:
    assert problems(tmp_path, SHEET_VALID) == [
        "考评.yaml:6:9 scores: 找不到得分表“考评得分.xlsx”：应与本文件放在同一文件夹（考评得分.xlsx）"]


# --- scores from an .xlsx sheet --------------------------------------------------------------

SHEET_PLAIN = """\
period: 2026-H1
date: 2026-07-15
scheme:
  parts: [环境卫生, 健康教育, 除“四害”]
  weights: 3:3:4
scores: 考评得分.xlsx
"""
SHEET_VALID = SHEET_PLAIN + """\
exempt:
  - unit: 县第一中学
    part: 健康教育
    reason: 学校放假
"""


def sheet_file(folder: Path, rows: list[list[Any]], *, name: str = "考评得分.xlsx", title: str = "得分",
               before: str | None = None) -> Path:
    """An .xlsx with the *rows* on a sheet *title* (after a sheet *before*, if given)."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    if before is not None:
        first.title = before
        first.append(["说明：本表不是得分"])
        sheet = workbook.create_sheet(title)
    else:
        sheet = first
        sheet.title = title
    for values in rows:
        sheet.append(values)
    path = folder / name
    workbook.save(path)
    return path


SHEET_ROWS: list[list[Any]] = [
    ["2026年上半年创卫工作考评得分表"],
    ["序号", "单位名称", "健康教育（100分）", "环境卫生", "除“四害”", "备注"],
    [1, "县财政局", 88, 92, 94, None],
    [2, "县教育局", 70, "80", 75.5, "复查"],
    [],
    [3, "县第一中学", None, 95, 90, "放假"],
]


def test_scores_are_read_from_a_sheet_whatever_its_columns_order_and_extras(tmp_path: Path) -> None:
    sheet_file(tmp_path, SHEET_ROWS)
    _, rows = read(tmp_path, SHEET_VALID)
    assert rows == [row("县财政局", "92", "88", "94"), row("县教育局", "80", "70", "75.5"),
                    row("县第一中学", "95", None, "90")]


def test_the_sheet_named_scores_is_read_though_it_is_not_the_first(tmp_path: Path) -> None:
    sheet_file(tmp_path, SHEET_ROWS, before="说明")
    assert len(read(tmp_path, SHEET_VALID)[1]) == 3


def test_without_a_sheet_named_scores_the_first_sheet_is_read(tmp_path: Path) -> None:
    sheet_file(tmp_path, SHEET_ROWS, title="Sheet1")
    sheet = read_scores_xlsx(tmp_path / "考评得分.xlsx", PARTS)
    assert sheet.sheet == "Sheet1" and [r["unit"] for r in sheet] == ["县财政局", "县教育局", "县第一中学"]
    assert sheet.row_numbers == [3, 4, 6]


def test_a_bad_cell_is_located_at_its_sheet_and_cell(tmp_path: Path) -> None:
    rows = [list(r) for r in SHEET_ROWS]
    rows[2][3] = "九十"       # D3 环境卫生
    rows[3][4] = 100.5        # E4 除“四害”
    rows[5][1] = "县教育局"    # B6: scored twice
    sheet_file(tmp_path, rows)
    assert problems(tmp_path, SHEET_VALID) == [
        "考评.yaml:9:11 exempt[0].part: “县第一中学”只免检“健康教育”，但没有“县第一中学”的得分："
        "其余项目仍应评分；整个单位免检请删去 part",
        "考评得分.xlsx 得分!D3 环境卫生: “九十”不是分数：应写作 0 到 100 的数，如 92 或 89.5",
        "考评得分.xlsx 得分!E4 除“四害”: “100.5”超过了满分（100分）",
        "考评得分.xlsx 得分!B6 单位: “县教育局”已在第 4 行评过分：每个单位只能有一行得分",
        "考评得分.xlsx 得分!C6 健康教育: 缺少“健康教育”的得分（不考评这一项请在 exempt 中写明原因）",
    ]


def test_the_cell_of_the_fifth_row_third_column_reads_C5(tmp_path: Path) -> None:
    sheet_file(tmp_path, [["序号", "单位", "环境卫生", "健康教育", "除“四害”"],
                          [1, "县财政局", 90, 90, 90], [2, "县教育局", 90, 90, 90],
                          [3, "县卫生健康局", 90, 90, 90], [4, "县第一中学", "九十", 90, 90]])
    assert problems(tmp_path, SHEET_PLAIN) == [
        "考评得分.xlsx 得分!C5 环境卫生: “九十”不是分数：应写作 0 到 100 的数，如 92 或 89.5"]


def test_a_missing_part_column_is_refused_naming_the_header_row(tmp_path: Path) -> None:
    sheet_file(tmp_path, [["单位", "环境卫生", "除“四害”"], ["县财政局", 90, 90]])
    with pytest.raises(RecordsError) as caught:
        read_scores_xlsx(tmp_path / "考评得分.xlsx", PARTS)
    assert [str(p) for p in caught.value.problems] == [
        "考评得分.xlsx 得分!1:1: 第 1 行的表头中没有“健康教育”一列："
        "表头应有“单位”和各考评项目（环境卫生、健康教育、除“四害”）"]


def test_a_sheet_without_a_unit_header_is_refused(tmp_path: Path) -> None:
    sheet_file(tmp_path, [["名称", "环境卫生", "健康教育", "除“四害”"], ["县财政局", 90, 90, 90]])
    with pytest.raises(RecordsError) as caught:
        read_scores_xlsx(tmp_path / "考评得分.xlsx", PARTS)
    assert str(caught.value).startswith("考评得分.xlsx 得分: 找不到表头：前 10 行中应有一行写着“单位”")


def _with_cached_value(path: Path, cell: str, value: str | None) -> None:
    """Give the formula in *cell* the value a spreadsheet program saved with it (openpyxl writes
    formulas without one), or leave it without."""
    source = zipfile.ZipFile(path)
    entries = {name: source.read(name) for name in source.namelist()}
    source.close()
    sheet = entries["xl/worksheets/sheet1.xml"].decode()
    if value is not None:
        sheet, count = re.subn(rf'(<c r="{cell}"[^>]*>\s*<f>[^<]*</f>)(\s*<v>\s*</v>|\s*<v/>)?',
                               rf"\1<v>{value}</v>", sheet)
        assert count == 1, sheet
    entries["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, data)


def test_a_formula_counts_with_the_value_saved_with_it(tmp_path: Path) -> None:
    path = sheet_file(tmp_path, [["单位", "环境卫生", "健康教育", "除“四害”"],
                                 ["县财政局", "=80+12", 88, 94]])
    _with_cached_value(path, "B2", "92")
    assert list(read_scores_xlsx(path, PARTS)) == [{"unit": "县财政局", "环境卫生": 92, "健康教育": 88,
                                                   "除“四害”": 94}]


UNSAVED = "没有保存计算结果：请在 Excel 中打开这个文件并保存一次，或把公式换成数值"


def test_a_formula_without_a_saved_value_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = sheet_file(tmp_path, [["单位", "环境卫生", "健康教育", "除“四害”"],
                                 ["县财政局", "=80+12", 88, "=C2"]])
    with pytest.raises(RecordsError) as caught:
        read_scores_xlsx(path, PARTS)
    assert [str(p) for p in caught.value.problems] == [
        f"考评得分.xlsx 得分!B2 环境卫生: 公式 =80+12 {UNSAVED}",
        f"考评得分.xlsx 得分!D2 除“四害”: 公式 =C2 {UNSAVED}"]


def test_a_float_excel_computed_a_hair_off_two_decimals_counts_as_those_decimals(tmp_path: Path) -> None:
    sheet_file(tmp_path, [["单位", "环境卫生", "健康教育", "除“四害”"],
                          ["县财政局", 0.1 + 0.2 + 89.05, 88, 94]])  # 89.35000000000001
    assert read(tmp_path, SHEET_PLAIN)[1] == [row("县财政局", "89.35", "88", "94")]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("考评得分.xls", b"\xd0\xcf\x11\xe0",
     "考评得分.xls: 不是 .xlsx 文件：请在 Excel 中“另存为”Excel 工作簿（*.xlsx）"),
    ("考评得分.xlsx", "单位,环境卫生\n".encode(),
     "考评得分.xlsx: 无法读取：不是有效的 .xlsx 工作簿（可能已损坏，或是改了扩展名的其他文件），"
     "请在 Excel/WPS 中打开后另存为 Excel 工作簿（*.xlsx）"),
])
def test_a_file_that_is_no_xlsx_is_refused_naming_it(tmp_path: Path, name: str, content: bytes,
                                                    message: str) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(RecordsError) as caught:
        read_scores_xlsx(tmp_path / name, PARTS)
    assert str(caught.value) == message


def test_a_file_over_16_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "考评得分.xlsx"
    with open(path, "wb") as handle:
        handle.truncate(16 * 1024 * 1024 + 1)
    with pytest.raises(RecordsError) as caught:
        read_scores_xlsx(path, PARTS)
    assert str(caught.value).startswith("考评得分.xlsx: 文件太大：得分表文件最大 16 MB")


def test_a_sheet_location_prints_as_a_spreadsheet_reference() -> None:
    path = Path("考评得分.xlsx")
    assert str(CellLocation(path, 5, 3, "得分")) == "考评得分.xlsx 得分!C5"
    assert str(CellLocation(path, 5, 28, "得分")) == "考评得分.xlsx 得分!AB5"
    assert str(CellLocation(path, 5, 0, "得分")) == "考评得分.xlsx 得分!5:5"
    assert str(CellLocation(path, 0, 0, "得分")) == "考评得分.xlsx 得分"
    assert str(CellLocation(path, 0, 0)) == "考评得分.xlsx"


# --- results written as .xlsx ----------------------------------------------------------------


def sample_outcome() -> Outcome:
    exempt = [{"unit": "县第一中学", "part": "健康教育", "reason": "学校放假"},
              {"unit": "县第二中学", "reason": "学校放假"}]
    return assess(make(exempt=exempt), [
        row("县财政局", "92", "88", "94"), row("县教育局", "80", "70", "75.5"),
        row("县第一中学", "95", None, "90"), row("县卫生健康局", "92", "88", "94"),
        row("县民政局", "60", "70", "80")])


def test_the_results_sheet_lists_units_in_rank_order_then_the_exempt_ones() -> None:
    workbook = load_workbook(io.BytesIO(results_xlsx(sample_outcome(), "2026年上半年创卫工作考评结果")))
    sheet = workbook["考评结果"]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values == [
        ["2026年上半年创卫工作考评结果", None, None, None, None, None, None, None],
        ["排名", "单位", "环境卫生", "健康教育", "除“四害”", "总分", "类别", "备注"],
        [1, "县第一中学", 95, "免检", 90, 92.1, "一类", "健康教育免检：学校放假"],
        [2, "县卫生健康局", 92, 88, 94, 91.6, "一类", None],  # 卫 U+536B before 财 U+8D22
        [2, "县财政局", 92, 88, 94, 91.6, "一类", None],
        [4, "县教育局", 80, 70, 75.5, 75.2, "二类", None],
        [5, "县民政局", 60, 70, 80, 71, "三类", None],
        [None, "县第二中学", "免检", "免检", "免检", None, "免检", "学校放假"],
    ]
    assert sheet["F3"].number_format == "0.0"
    assert isinstance(sheet["C3"].value, int) and isinstance(sheet["F3"].value, float)
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:H1"]
    assert sheet.column_dimensions["B"].width >= 12


def test_the_results_sheet_is_the_same_bytes_every_time() -> None:
    first = results_xlsx(sample_outcome(), "考评结果")
    assert results_xlsx(sample_outcome(), "考评结果") == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2026-01-01T00:00:00Z" in core


def test_the_totals_show_the_schemes_decimals() -> None:
    scheme = {"parts": PARTS, "weights": "3:3:4", "decimals": "2"}
    outcome = assess(make(scheme), [row("甲", "92", "88", "94.05")])
    sheet = load_workbook(io.BytesIO(results_xlsx(outcome, "考评结果")))["考评结果"]
    assert (sheet["F3"].value, sheet["F3"].number_format) == (91.62, "0.00")


# --- properties of any 考评 ------------------------------------------------------------------


@st.composite
def assessments(draw: st.DrawFn) -> tuple[Assessment, list[Row]]:
    """A scheme of 1–4 parts, up to 40 units with random scores, some exempt in part or whole."""
    count = draw(st.integers(1, 4))
    parts = [f"项目{i}" for i in range(count)]
    fulls = draw(st.lists(st.sampled_from(["10", "30", "40", "100", "12.5"]), min_size=count, max_size=count))
    weights = draw(st.lists(st.integers(1, 9), min_size=count, max_size=count))
    decimals = draw(st.integers(0, 2))
    names = st.text("甲乙丙丁戊己", min_size=1, max_size=3)
    units = draw(st.lists(names, min_size=1, max_size=40, unique=True))
    exempt: list[dict[str, str]] = []
    rows = []
    for unit in units:
        kind = draw(st.sampled_from(["scored", "scored", "scored", "whole", "part"]))
        if kind == "whole":
            exempt.append({"unit": unit, "reason": "学校放假"})
            continue
        skipped = draw(st.sampled_from(parts)) if kind == "part" and count > 1 else None
        if skipped is not None:
            exempt.append({"unit": unit, "part": skipped, "reason": "以样本代替"})
        scores = {}
        for part, full in zip(parts, fulls, strict=True):
            if part != skipped:
                hundredths = draw(st.integers(0, int(Decimal(full) * 100)))
                scores[part] = Decimal(hundredths) / 100
        rows.append(Row(unit, scores))
    scheme = {"parts": parts, "full": fulls, "weights": ":".join(map(str, weights)),
              "decimals": str(decimals)}
    return make(scheme, exempt), rows


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessments())
def test_any_assessment_ranks_every_unit_once_within_0_and_100(case: tuple[Assessment, list[Row]]) -> None:
    assessment, rows = case
    outcome = assess(assessment, rows)
    assert all(Decimal(0) <= r.total <= Decimal(100) for r in outcome.results)
    listed = [r.unit for units in outcome.by_class.values() for r in units] + [u for u, _ in outcome.exempt]
    assert sorted(listed) == sorted([r.unit for r in rows] + [e.unit for e in assessment.exempt
                                                              if e.part is None])
    ranks = [r.rank for r in outcome.results]
    assert ranks == sorted(ranks) and (not ranks or ranks[0] == 1)
    assert all(r.rank == i + 1 or r.total == outcome.results[i - 1].total
               for i, r in enumerate(outcome.results))
    assert sum(outcome.counts.values()) == outcome.total_units == len(rows)
    assert all(r.total.as_tuple().exponent == -assessment.scheme.decimals for r in outcome.results)
