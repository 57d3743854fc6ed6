"""A period's lists kept in an .xlsx workbook beside its YAML file: every cell form read or
reported at its cell, the round trip through the export, and check and build of a workspace."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from conftest import REPO_ROOT, SAMPLE_PERIOD, SAMPLE_UNIT, run
from reportgen.errors import CellLocation, Problem, RecordsError
from reportgen.records import read_period, read_period_noting_placeholders
from reportgen.sources import read_workbook
from reportgen.sources.writing import period_workbook, skeleton_workbook, unfit_lists

ACTIVITY_HEADER = ["日期", "类别", "活动名称", "地点"]
INSPECTION_HEADER = ["日期", "检查单位", "发现问题数", "已整改数"]
HANDOUTS = [*ACTIVITY_HEADER, "发放宣传资料（份）"]


@pytest.fixture
def period(workspace: Path) -> Path:
    """The sample period file; its workbook is replaced by each test."""
    return workspace / "data" / SAMPLE_UNIT / f"{SAMPLE_PERIOD}.yaml"


def book(path: Path, sheets: dict[str, list[list[Any]]], merge: dict[str, list[str]] | None = None) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merge or {}).get(name, []):
            sheet.merge_cells(cells)
    target = path.with_suffix(".xlsx")
    workbook.save(target)
    return target


def problems(path: Path) -> list[str]:
    with pytest.raises(RecordsError) as caught:
        read_period(path)
    return [str(p).replace(str(path.parent) + "/", "") for p in caught.value.problems]


def activities(path: Path, rows: list[list[Any]], header: list[str] | None = None) -> list[Any]:
    book(path, {"活动台账": [header or [*ACTIVITY_HEADER, "发放宣传资料"], *rows]})
    return read_period(path).activities


def test_the_sample_keeps_its_activities_and_inspections_in_its_workbook(period: Path) -> None:
    records = read_period(period)
    assert len(records.activities) == 13 and len(records.inspections) == 5
    assert "activities:" not in period.read_text(encoding="utf-8")


def test_date_cells_and_dates_written_as_text_are_read(period: Path) -> None:
    rows = [
        [datetime(2026, 3, 20), "宣传教育", "甲", None, 1],
        [date(2026, 3, 21), "宣传教育", "乙", None, 1],
        ["2026-03-22", "宣传教育", "丙", None, 1],
        ["2026/3/23", "宣传教育", "丁", None, 1],
        ["2026年3月24日", "宣传教育", "戊", None, 1],
        ["2026.3.25", "宣传教育", "己", None, 1],
    ]
    assert [a.date.day for a in activities(period, rows)] == [20, 21, 22, 23, 24, 25]


def test_an_impossible_date_is_located_at_its_cell_named_by_its_header(period: Path) -> None:
    book(
        period,
        {
            "活动台账": [
                ["上半年活动台账"],
                [*ACTIVITY_HEADER],
                [None] * 4,
                ["2026-02-30", "宣传教育", "集中宣传", None],
            ]
        },
    )
    assert problems(period) == ["2026-H1.xlsx 活动台账!A4 日期: 日期不存在：2026年2月没有30日"]


def test_an_excel_serial_in_a_date_column_is_reported_with_the_date_it_would_mean(period: Path) -> None:
    book(period, {"活动台账": [ACTIVITY_HEADER, [46101, "宣传教育", "集中宣传", None]]})
    assert problems(period) == [
        "2026-H1.xlsx 活动台账!A2 日期: 这里是数字 46101（作为 Excel 日期序号是 "
        "2026-03-20），不是日期：请把单元格格式设为“日期”，或写作 2026-03-20"
    ]


def test_numbers_and_units_read_as_the_clerk_wrote_them(period: Path) -> None:
    header = [*ACTIVITY_HEADER, "发放宣传资料（份）", "悬挂横幅", "面积"]
    rows = [
        ["2026-03-20", "宣传教育", "甲", None, 800.0, "2条", 1.2],
        ["2026-03-21", "宣传教育", "乙", None, "1.2万份", " 3条\u3000", None],
    ]
    found = activities(period, rows, header)
    assert [{k: str(v) for k, v in a.metrics.items()} for a in found] == [
        {"发放宣传资料": "800份", "悬挂横幅": "2条", "面积": "1.2"},
        {"发放宣传资料": "1.2万份", "悬挂横幅": "3条"},
    ]


def test_a_unit_other_than_the_headers_is_reported(period: Path) -> None:
    book(period, {"活动台账": [HANDOUTS, ["2026-03-20", "宣传教育", "甲", None, "3条"]]})
    assert problems(period) == [
        "2026-H1.xlsx 活动台账!E2 发放宣传资料（份）: “3条”的单位与列名中的“份”不同：请只写数字，或统一单位"
    ]


def test_a_separate_unit_column_is_refused_with_the_rule(period: Path) -> None:
    book(
        period,
        {"活动台账": [[*ACTIVITY_HEADER, "数量", "单位"], ["2026-03-20", "宣传教育", "甲", None, 3, "条"]]},
    )
    assert problems(period) == [
        "2026-H1.xlsx 活动台账!F1 单位: 不用单独的“单位”列：请把单位写在数字后（800份），"
        "或写在列名的括号里（发放宣传资料（份））"
    ]


def test_a_merged_title_and_a_two_row_header_are_found(period: Path) -> None:
    rows = [
        ["2026年上半年活动台账"],
        ["日期", "类别", "活动名称", "地点", "活动数据", None],
        [None, None, None, None, "发放宣传资料", "悬挂横幅"],
        ["2026-03-20", "宣传教育", "甲", "广场", "800份", "2条"],
    ]
    book(period, {"活动台账": rows}, {"活动台账": ["A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2"]})
    (found,) = read_period(period).activities
    assert found.place == "广场" and list(found.metrics) == ["发放宣传资料", "悬挂横幅"]


def test_blank_rows_and_total_rows_are_skipped_and_a_wrong_total_is_noted(period: Path) -> None:
    book(
        period,
        {
            "活动台账": [
                HANDOUTS,
                ["2026-03-20", "宣传教育", "甲", None, 800],
                [None] * 5,
                ["2026-03-21", "宣传教育", "乙", None, 200],
                ["合  计", None, None, None, 900],
            ]
        },
    )
    records, notes = read_period_noting_placeholders(period)
    assert len(records.activities) == 2
    assert [str(n).replace(str(period.parent) + "/", "") for n in notes] == [
        "2026-H1.xlsx 活动台账!E5 发放宣传资料（份）: 合计行写的是 900，各行相加是 1000："
        "合计行不读入，文书按各行计算，请核对"
    ]


def test_a_right_total_is_not_noted(period: Path) -> None:
    book(
        period,
        {
            "活动台账": [
                HANDOUTS,
                ["2026-03-20", "宣传教育", "甲", None, 800],
                ["小计", None, None, None, 800],
            ]
        },
    )
    assert read_period_noting_placeholders(period)[1] == []


def test_a_formula_without_a_saved_value_is_located(period: Path) -> None:
    book(period, {"检查": [INSPECTION_HEADER, ["2026-03-20", "县创卫办", 5, "=C2-1"]]})
    assert problems(period) == [
        "2026-H1.xlsx 检查!D2 已整改数: 公式 =C2-1 没有保存计算结果：请在 Excel/WPS 中"
        "打开这个文件并保存一次，或把公式换成数值"
    ]


def test_a_formula_with_its_saved_value_gives_the_value(period: Path) -> None:
    """Excel and WPS save a formula's value beside it (<v>); openpyxl writes an empty one, filled
    in here as Excel would."""
    path = book(period, {"检查": [INSPECTION_HEADER, ["2026-03-20", "县创卫办", 5, "=C2-1"]]})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert b"<f>C2-1</f><v></v>" in parts[sheet]
    parts[sheet] = parts[sheet].replace(b"<f>C2-1</f><v></v>", b"<f>C2-1</f><v>4</v>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    (found,) = read_period(period).inspections
    assert str(found.rectified) == "4"


def test_an_error_value_is_located(period: Path) -> None:
    path = book(period, {"检查": [INSPECTION_HEADER, ["2026-03-20", "县创卫办", 5, 4]]})
    workbook = load_workbook(path)
    workbook["检查"]["D2"].value = "#REF!"
    workbook["检查"]["D2"].data_type = "e"
    workbook.save(path)
    assert problems(period) == ["2026-H1.xlsx 检查!D2 已整改数: 单元格是错误值 #REF!：请改正公式，或直接填写"]


def test_an_unknown_sheet_gets_a_suggestion_and_an_empty_or_hidden_one_is_ignored(period: Path) -> None:
    path = book(
        period,
        {
            "活动台帐": [ACTIVITY_HEADER, ["2026-03-20", "宣传教育", "甲", None]],
            "Sheet2": [],
            "选项": [["宣传教育"]],
        },
    )
    workbook = load_workbook(path)
    workbook["选项"].sheet_state = "hidden"
    workbook.save(path)
    assert problems(period) == [
        "2026-H1.xlsx 活动台帐: 不认识的工作表“活动台帐”：您要写的是不是“活动台账”？"
        "台账工作簿只能有 活动台账、会议、检查 三张表"
    ]


def test_a_hidden_list_sheet_is_reported(period: Path) -> None:
    path = book(
        period, {"检查": [INSPECTION_HEADER, ["2026-03-20", "县创卫办", 5, 4]], "活动台账": [ACTIVITY_HEADER]}
    )
    workbook = load_workbook(path)
    workbook["检查"].sheet_state = "hidden"
    workbook.save(path)
    assert problems(period) == [
        "2026-H1.xlsx 检查: 工作表“检查”被隐藏了：请在 Excel/WPS 中取消隐藏"
        "（隐藏的台账既不能忽略，也不该悄悄读入）"
    ]


def test_an_unknown_header_gets_a_suggestion_and_a_missing_column_is_named(period: Path) -> None:
    book(
        period,
        {
            "检查": [
                ["日期", "检查单位", "发现问题", "已整改数", "检察内容"],
                ["2026-03-20", "县创卫办", 5, 4, "卫生"],
            ]
        },
    )
    assert problems(period) == [
        "2026-H1.xlsx 检查!E1 检察内容: 不认识的列“检察内容”：您要写的是不是“检查内容”？"
    ]
    book(period, {"检查": [["日期", "检查单位", "已整改数"], ["2026-03-20", "县创卫办", 4]]})
    assert problems(period) == [
        "2026-H1.xlsx 检查: 找不到表头：前 10 行中应有一行写着 日期、检查单位、"
        "发现问题数、已整改数 等列名，下面每行一条"
    ]


def test_a_meeting_column_a_sheet_cannot_hold_says_so(period: Path) -> None:
    book(period, {"会议": [["日期", "会议名称", "议定事项"], ["2026-03-20", "推进会", "制定方案"]]})
    assert (
        "2026-H1.xlsx 会议!C1 议定事项: “议定事项”不能写在表格里："
        "有议定事项的会议请写在 YAML 台账的 meetings 中"
        in problems(period)
    )


def test_meeting_lists_in_a_cell(period: Path) -> None:
    text = period.read_text(encoding="utf-8")
    start, end = text.index("meetings:"), text.index("problems:")
    period.write_text(text[:start] + text[end:], encoding="utf-8")
    book(
        period,
        {
            "会议": [
                ["日期", "会议名称", "出席", "会议要求"],
                ["2026-03-20", "推进会", "王某某、李某某\n张某某", "一要提高认识、压实责任\n二要狠抓落实"],
            ]
        },
    )
    (meeting,) = read_period(period).meetings
    assert meeting.attendees == ["王某某", "李某某", "张某某"]
    assert meeting.requirements == ["一要提高认识、压实责任", "二要狠抓落实"]


def test_a_list_in_both_files_is_located(period: Path) -> None:
    book(period, {"会议": [["日期", "会议名称"], ["2026-03-20", "推进会"]]})
    line = next(
        n
        for n, text in enumerate(period.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("meetings:")
    )
    assert problems(period) == [
        f"2026-H1.xlsx 会议: “会议”在工作簿和 2026-H1.yaml（第 {line} 行）中都有："
        "请只保留一处（把 YAML 中的 meetings 删掉，或删掉这张表）"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"not a zip",
            "无法读取：不是有效的 .xlsx 工作簿（可能已损坏，或是改了扩展名的其他文件），请在 Excel/WPS 中"
            "打开后另存为 Excel 工作簿（*.xlsx）",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "无法读取：这是旧版 .xls 文件或设置了打开密码的工作簿，"
            "请在 Excel/WPS 中取消密码后“另存为”Excel 工作簿（*.xlsx）",
        ),
    ],
)
def test_a_file_that_is_no_workbook_is_a_located_error(period: Path, content: bytes, message: str) -> None:
    period.with_suffix(".xlsx").write_bytes(content)
    assert problems(period) == [f"2026-H1.xlsx: {message}"]


def test_a_cell_location_prints_its_sheet_and_cell_and_names_itself_in_sentences(tmp_path: Path) -> None:
    where = CellLocation(tmp_path / "a.xlsx", 7, 3, "活动台账", "日期")
    assert str(Problem(where, "日期", "说明")).endswith("a.xlsx 活动台账!C7 日期: 说明")
    assert where.place() == "活动台账!C7"


def test_every_sample_period_round_trips_through_its_workbook(tmp_path: Path) -> None:
    periods = sorted((REPO_ROOT / "data").glob("*/20*.yaml"))
    assert len(periods) > 30
    compared = 0
    for path in periods:
        records = read_period(path)
        data = period_workbook(records)
        assert data == period_workbook(records)
        target = tmp_path / "book.xlsx"
        target.write_bytes(data)
        sheets = read_workbook(target).data
        for key in ("activities", "meetings", "inspections"):
            items = getattr(records, key)
            if key in unfit_lists(records) or not items:
                assert key not in sheets
                continue
            assert [type(items[0]).model_validate(row) for row in sheets[key]] == items, (path, key)
            compared += 1
    assert compared > 60


def test_the_export_writes_real_dates_bold_frozen_headers_and_metrics_as_written(
    period: Path, tmp_path: Path
) -> None:
    target = tmp_path / "book.xlsx"
    target.write_bytes(period_workbook(read_period(period)))
    sheet = load_workbook(target)["活动台账"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert sheet["A2"].value == datetime(2026, 1, 15) and sheet["A2"].number_format == "yyyy-mm-dd"
    assert "1.2万份" in [c.value for row in sheet.iter_rows() for c in row]
    assert load_workbook(target).sheetnames == ["活动台账", "检查"]


def test_the_skeleton_has_headers_checks_and_no_records(period: Path, tmp_path: Path) -> None:
    target = tmp_path / "book.xlsx"
    records = read_period(period)
    target.write_bytes(skeleton_workbook(records.period))
    assert read_workbook(target).data == {}
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["活动台账", "会议", "检查"]
    sheet = workbook["活动台账"]
    kinds = {v.type: v for v in sheet.data_validations.dataValidation}
    assert "宣传教育" in str(kinds["list"].formula1) and not kinds["list"].showErrorMessage
    assert (kinds["date"].formula1, kinds["date"].formula2) == ("46023", "46203")  # 2026-01-01, 2026-06-30
    assert sheet["A1"].comment is not None
    assert "whole" in {v.type for v in workbook["检查"].data_validations.dataValidation}


def test_check_and_build_read_the_workbook(workspace: Path) -> None:
    code, out, err = run("check", "-w", workspace)
    assert code == 0, out + err
    code, out, err = run("build", "-w", workspace)
    assert code == 0, out + err
    assert (workspace / "output" / SAMPLE_UNIT / SAMPLE_PERIOD).is_dir()


def test_a_broken_workbook_fails_its_period_alone(full_workspace: Path) -> None:
    broken = full_workspace / "data" / SAMPLE_UNIT / f"{SAMPLE_PERIOD}.xlsx"
    broken.write_bytes(b"broken")
    code, out, err = run("check", "-w", full_workspace)
    assert code == 1 and "2026-H1.xlsx: 无法读取" in out + err
    code, out, err = run("build", "-w", full_workspace)
    assert code == 1 and "2026-H1.xlsx" in out + err
    output = full_workspace / "output"
    built = {p.relative_to(output).parts[0] for p in output.rglob("*.docx")}
    assert SAMPLE_UNIT not in built and len(built) >= 2
