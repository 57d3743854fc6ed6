"""Writing a period's lists as a workbook (reportgen export xlsx), and an empty one to fill in
(reportgen init --xlsx). Both return bytes (the caller writes them atomically), and the same
input gives the same bytes (fixed times, as the 考评 results workbook)."""

from __future__ import annotations

from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from reportgen.assess.sheets import FIXED_TIME, _save, _width
from reportgen.models import Meeting, PeriodRecords
from reportgen.period import Period
from reportgen.sources.columns import DATES, NAME_LISTS, SHEETS, TEXT_LISTS, UNFIT, Sheet

CATEGORIES = ("宣传教育", "环境整治", "病媒生物防制", "健康促进", "控烟", "食品安全", "卫生检查", "志愿服务")
"""The usual 类别, offered as a drop-down that still takes other text."""
_COUNTS = ("times", "found", "rectified", "issue")
_BOLD = Font(bold=True)


def unfit_lists(records: PeriodRecords) -> dict[str, str]:
    """The lists a sheet cannot hold (meetings with several speakers or decisions), and why:
    they stay in the YAML file."""
    unfit = [m for m in records.meetings if _unfit(m)]
    if not unfit:
        return {}
    names = "、".join(UNFIT)
    return {"meetings": f"有 {len(unfit)} 次会议有{names}，表格写不下：会议留在 YAML 中"}


def _unfit(meeting: Meeting) -> bool:
    return bool(meeting.speakers or meeting.decisions)


def period_workbook(records: PeriodRecords) -> bytes:
    """The period's lists as a workbook: one sheet per non-empty list a sheet can hold, header
    bold and frozen, dates as date cells (yyyy-mm-dd), metrics as text as written (1.2万份)."""
    workbook = _new()
    unfit = unfit_lists(records)
    for spec in SHEETS:
        items = getattr(records, spec.key)
        if not items or spec.key in unfit:
            continue
        data = [item.model_dump(mode="json", exclude_defaults=True) for item in items]
        metrics = list(dict.fromkeys(m for row in data for m in row.get("metrics", {})))
        headers = [t for t, f in spec.columns.items() if any(f in row for row in data)
                   or f in spec.required]
        sheet = _sheet(workbook, spec, [*headers, *metrics])
        for row in data:
            sheet.append([_cell(spec.columns[h], row.get(spec.columns[h])) for h in headers]
                         + [row.get("metrics", {}).get(m) for m in metrics])
        _dates(sheet, spec, headers)
    if not workbook.worksheets:  # nothing to list: the activities' header, so the file opens
        _sheet(workbook, SHEETS[0], [t for t, f in SHEETS[0].columns.items() if f in SHEETS[0].required])
    workbook.active = 0
    return _save(workbook)


def skeleton_workbook(period: Period) -> bytes:
    """An empty workbook for *period*: the three sheets with their headers, a comment on each
    header saying what to write, and drop-downs and checks (类别, dates within the period, whole
    numbers ≥ 0 for counts). Nothing in it passes as a record."""
    workbook = _new()
    for spec in SHEETS:
        headers = list(spec.columns) if spec.key != "activities" else [
            *spec.columns, "发放宣传资料（份）", "参与干部职工（人）"]
        sheet = _sheet(workbook, spec, headers)
        for number, header in enumerate(headers, start=1):
            cell = sheet.cell(1, number)
            cell.comment = Comment(_explain(spec, header), "reportgen")
            field = spec.columns.get(header)
            column = get_column_letter(number)
            if field in DATES:
                check = DataValidation(type="date", operator="between", formula1=_serial(period.start),
                                       formula2=_serial(period.end), allow_blank=True,
                                       error=f"日期应在{period.label}之内", showErrorMessage=True)
            elif field == "category":
                check = DataValidation(type="list", formula1='"' + ",".join(CATEGORIES) + '"',
                                       allow_blank=True, showErrorMessage=False)
            elif field in _COUNTS:
                check = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                       allow_blank=True, error="应为不小于 0 的整数", showErrorMessage=True)
            else:
                continue
            check.add(f"{column}2:{column}1000")
            sheet.add_data_validation(check)
            if field in DATES:
                for row in range(2, 201):
                    sheet.cell(row, number).number_format = "yyyy-mm-dd"
    workbook.active = 0
    return _save(workbook)


def _new() -> Any:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "reportgen"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    return workbook


def _sheet(workbook: Any, spec: Sheet, headers: list[str]) -> Any:
    sheet = workbook.create_sheet(spec.name)
    sheet.append(headers)
    for number, header in enumerate(headers, start=1):
        sheet.cell(1, number).font = _BOLD
        wide = 40 if spec.columns.get(header) in TEXT_LISTS else 12
        sheet.column_dimensions[get_column_letter(number)].width = max(wide, _width(header) + 4)
    sheet.freeze_panes = "A2"
    return sheet


def _cell(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field in DATES:
        return date.fromisoformat(value)
    if field in NAME_LISTS:
        return "、".join(value)
    if field in TEXT_LISTS:
        return "\n".join(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value if isinstance(value, str) else str(value)


def _dates(sheet: Any, spec: Sheet, headers: list[str]) -> None:
    for number, header in enumerate(headers, start=1):
        if spec.columns[header] in DATES:
            for row in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
                row[0].number_format = "yyyy-mm-dd"


def _serial(day: date) -> str:
    return str(day.toordinal() - date(1899, 12, 30).toordinal())


def _explain(spec: Sheet, header: str) -> str:
    field = spec.columns.get(header)
    if field is None:
        return "数据列：列名是数据的名称，括号里写单位；单元格写数字（800），或数字加单位（800份、1.2万份）"
    if field in DATES:
        return "日期，如 2026-03-20"
    if field in NAME_LISTS:
        return "几个人名用“、”分开，或一人一行（Alt+Enter 换行）"
    if field in TEXT_LISTS:
        return "每条一行（Alt+Enter 换行）"
    required = "必填。" if field in spec.required else ""
    return f"{required}{header}"
