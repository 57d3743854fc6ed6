"""Reading a period workbook (<期间>.xlsx beside <期间>.yaml): its sheets as plain data, each
value with its cell, in the shape the YAML loader gives, so validation works unchanged.

Rules for cells (each read as said, or reported at its cell, never guessed):

* the header is the first of the first ten rows holding the sheet's required columns; a title
  above it is skipped, merged header cells count for every column they cover, and a header whose
  cells are merged down over the next rows takes the lowest text of each column (a group header
  such as 活动数据 over the metric names);
* blank rows are skipped, and so are 合计 / 小计 / 总计 rows (a note says when their figures
  disagree with the rows');
* dates: a date cell, or text as 2026-03-20, 2026/3/20, 2026.3.20 or 2026年3月20日; a bare
  number (an Excel serial) is reported with the date it would mean;
* numbers: 800.0 is 800, 1.2 stays 1.2; a metric's unit is in its cell (800份) or in its
  header (发放宣传资料（份））, never in a separate 单位 column;
* text is stripped of spaces (full-width ones too); a formula gives its saved value, and one
  without a saved value, or an error value (#REF!), is reported.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from reportgen.errors import CellLocation, Problem, RecordsError
from reportgen.limits import MAX_FILE_BYTES, MAX_NODES
from reportgen.load import Loaded, PathKey
from reportgen.quantity import parse_quantity
from reportgen.reading import FileRefused, InputKind, read_regular_file
from reportgen.sources.columns import (
    DATES,
    IGNORED,
    NAME_LISTS,
    SHEETS,
    TEXT_LISTS,
    TIMES,
    UNFIT,
    Sheet,
    field_of,
    sheet_named,
)

WORKBOOK_FILE = InputKind("台账工作簿", "Excel", ".xlsx")
HEADER_ROWS = 10
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""All parts unpacked at most 256 MB, so a zip bomb is refused before it is read."""
_TOTALS = ("合计", "小计", "总计")
_NOTE = re.compile(r"^(?P<name>.+?)[（(](?P<note>[^（）()]*)[）)]$")
_OLE = b"\xd0\xcf\x11\xe0"
"""An .xls, or an .xlsx protected by a password (both are OLE compound files)."""


@dataclass
class Sourced(Loaded):
    """A period's data from its YAML file and its workbook, with the notes reading found."""

    notes: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Column:
    number: int
    header: str
    field: str
    unit: str = ""


def read_workbook(path: Path) -> Sourced:
    """The lists of the workbook at *path*, as {activities: [...], ...}; RecordsError, every problem
    located at its cell, when it cannot be read."""
    formulas, values = _open(path, data_only=False), _open(path, data_only=True)
    loaded = Sourced(path, {})
    problems: list[Problem] = []
    for sheet in formulas.worksheets:
        problems += _read_sheet(loaded, sheet, values[sheet.title])
    if problems:
        raise RecordsError(sorted(problems, key=lambda p: (str(getattr(p.location, "sheet", "")),
                                                           p.location.line, p.location.column)))
    return loaded


def _open(path: Path, *, data_only: bool) -> Any:
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES, WORKBOOK_FILE)
    except FileRefused as exc:
        raise _file_error(path, str(exc)) from None
    if raw.startswith(_OLE):
        raise _file_error(path, "无法读取：这是旧版 .xls 文件或设置了打开密码的工作簿，请在 Excel/WPS 中"
                                "取消密码后“另存为”Excel 工作簿（*.xlsx）")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise _file_error(path, "文件解压后太大（超过 256 MB）：不像是台账，请检查是否选错了文件")
        return load_workbook(io.BytesIO(raw), data_only=data_only)
    except RecordsError:
        raise
    except Exception:  # openpyxl raises many kinds (BadZipFile, KeyError, XML errors) for a bad file
        raise _file_error(path, "无法读取：不是有效的 .xlsx 工作簿（可能已损坏，或是改了扩展名的其他文件），"
                                "请在 Excel/WPS 中打开后另存为 Excel 工作簿（*.xlsx）") from None


def _file_error(path: Path, message: str) -> RecordsError:
    return RecordsError([Problem(CellLocation(path, 0, 0), "", message)])


def _read_sheet(loaded: Sourced, sheet: Any, cached: Any) -> list[Problem]:
    path, name = loaded.path, str(sheet.title)
    found = sheet_named(_header_text(name))
    if found is None:
        if sheet.sheet_state != "visible" or not _has_data(sheet):
            return []
        names = [n for s in SHEETS for n in (s.name, *s.aliases)]
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.3)
        hint = f"您要写的是不是“{sheet_named(close[0]).name}”？" if close and sheet_named(close[0]) else ""  # type: ignore[union-attr]
        return [Problem(CellLocation(path, 0, 0, name), "", (
            f"不认识的工作表“{name}”：{hint}台账工作簿只能有 {'、'.join(s.name for s in SHEETS)} 三张表"))]
    if sheet.sheet_state != "visible":
        return [Problem(CellLocation(path, 0, 0, name), "", (
            f"工作表“{name}”被隐藏了：请在 Excel/WPS 中取消隐藏（隐藏的台账既不能忽略，也不该悄悄读入）"))]
    if found.key in loaded.data:
        return [Problem(CellLocation(path, 0, 0, name), "", f"有两张“{found.name}”表：请合并为一张")]
    try:
        header, columns = _header(path, name, sheet, found)
    except RecordsError as exc:
        return exc.problems
    reader = _Rows(loaded, found, name, columns, sheet, cached)
    rows = reader.read(header)
    if rows:
        loaded.data[found.key] = rows
        loaded.values[(found.key,)] = CellLocation(path, header + 1, 1, name)
        loaded.keys[(found.key,)] = CellLocation(path, 0, 0, name)
    return reader.problems


def _has_data(sheet: Any) -> bool:
    rows = sheet.iter_rows(values_only=True)
    return any(cell is not None and str(cell).strip() for row in rows for cell in row)


def _header_text(value: Any) -> str:
    return "".join(str(value).split()).replace("(", "（").replace(")", "）")


def _merged_text(sheet: Any) -> dict[tuple[int, int], tuple[Any, int]]:
    """Every cell covered by a merge: the merge's value and its last row."""
    covered = {}
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                covered[(row, column)] = (value, merged.max_row)
    return covered


def _header(path: Path, name: str, sheet: Any, spec: Sheet) -> tuple[int, list[_Column]]:
    """The last row of the header and its columns."""
    merged = _merged_text(sheet)

    def text(row: int, column: int) -> str:
        value = merged.get((row, column), (sheet.cell(row, column).value, row))[0]
        return "" if value is None else _header_text(value)

    width = sheet.max_column
    for row in range(1, min(HEADER_ROWS, sheet.max_row) + 1):
        titles = [text(row, c) for c in range(1, width + 1)]
        fields = {field_of(spec, _NOTE.sub(r"\g<name>", t)) for t in titles if t}
        if not set(spec.required) <= fields:
            continue
        last = max([row] + [merged[(row, c)][1] for c in range(1, width + 1) if (row, c) in merged])
        headers = []
        for c in range(1, width + 1):
            lowest = next((t for r in range(last, row - 1, -1) if (t := text(r, c))), "")
            headers.append((c, lowest))
        return last, _columns_of(path, name, last, spec, headers)
    missing = "、".join(t for t, f in spec.columns.items() if f in spec.required)
    raise RecordsError([Problem(CellLocation(path, 0, 0, name), "", (
        f"找不到表头：前 {HEADER_ROWS} 行中应有一行写着 {missing} 等列名，下面每行一条"))])


def _columns_of(path: Path, name: str, row: int, spec: Sheet,
                headers: list[tuple[int, str]]) -> list[_Column]:
    columns: list[_Column] = []
    problems = []
    seen: dict[str, int] = {}
    for number, header in headers:
        if not header or header in IGNORED:
            continue
        match = _NOTE.match(header)
        bare, note = (match["name"], match["note"]) if match else (header, "")
        where = CellLocation(path, row, number, name, header)
        known = field_of(spec, bare)
        if known is None and bare in UNFIT and spec.key == "meetings":
            problems.append(Problem(where, header, (
                f"“{bare}”不能写在表格里：有{bare}的会议请写在 YAML 台账的 meetings 中")))
            continue
        if known is None and bare == "单位" and spec.metrics:
            problems.append(Problem(where, header, (
                "不用单独的“单位”列：请把单位写在数字后（800份），或写在列名的括号里（发放宣传资料（份））")))
            continue
        if known is None and not spec.metrics:
            close = difflib.get_close_matches(bare, list(spec.columns), n=1, cutoff=0.4)
            hint = f"您要写的是不是“{close[0]}”？" if close else f"可用的列：{'、'.join(spec.columns)}"
            problems.append(Problem(where, header, f"不认识的列“{header}”：{hint}"))
            continue
        key = known or f"metrics.{bare}"
        if key in seen:
            problems.append(Problem(where, header, (
                f"“{bare}”有两列（另一列在第 {seen[key]} 列）：请只保留一列")))
            continue
        seen[key] = number
        columns.append(_Column(number, header, key, note if key.startswith("metrics.") else ""))
    if problems:
        raise RecordsError(problems)
    return columns


class _Rows:
    """The rows of one sheet below its header, as the list's items."""

    def __init__(self, loaded: Sourced, spec: Sheet, name: str, columns: list[_Column],
                 sheet: Any, cached: Any) -> None:
        self.loaded, self.spec, self.name, self.columns = loaded, spec, name, columns
        self.sheet, self.cached = sheet, cached
        self.problems: list[Problem] = []

    def at(self, row: int, column: _Column) -> CellLocation:
        return CellLocation(self.loaded.path, row, column.number, self.name, column.header)

    def read(self, header: int) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        figures: list[dict[int, Any]] = []
        for row in range(header + 1, self.sheet.max_row + 1):
            cells = {c.number: self._value(row, c) for c in self.columns}
            if all(v is None for v in cells.values()):
                continue
            texts = [_header_text(v) for v in cells.values() if isinstance(v, str)]
            if texts and texts[0].rstrip("：:") in _TOTALS:
                self._compare_total(row, cells, figures)
                continue
            if len(items) * max(1, len(self.columns)) > MAX_NODES:
                self.problems.append(Problem(CellLocation(self.loaded.path, row, 0, self.name), "",
                                             f"行数太多：一张表最多约 {MAX_NODES} 个单元格，"
                                             "请检查是否选错了文件"))
                break
            figures.append(cells)
            items.append(self._item(len(items), row, cells))
        return items

    def _value(self, row: int, column: _Column) -> Any:
        cell = self.sheet.cell(row, column.number)
        value = cell.value
        if cell.data_type == "f":
            value = self.cached.cell(row, column.number).value
            if value is None:
                self.problems.append(Problem(self.at(row, column), column.header, (
                    f"公式 {cell.value} 没有保存计算结果：请在 Excel/WPS 中打开这个文件并保存一次，"
                    "或把公式换成数值")))
                return None
        if cell.data_type == "e" or _is_error(value):
            self.problems.append(Problem(self.at(row, column), column.header,
                                         f"单元格是错误值 {value}：请改正公式，或直接填写"))
            return None
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def _item(self, index: int, row: int, cells: dict[int, Any]) -> dict[str, Any]:
        item: dict[str, Any] = {}
        key: PathKey = (self.spec.key, index)
        first = self.columns[0].number if self.columns else 1
        self.loaded.values[key] = CellLocation(self.loaded.path, row, first, self.name)
        for column in self.columns:
            value = cells[column.number]
            if value is None:
                continue
            where = self.at(row, column)
            try:
                text = self._text(column, value)
            except ValueError as exc:
                self.problems.append(Problem(where, column.header, str(exc)))
                continue
            if column.field.startswith("metrics."):
                metric = column.field.removeprefix("metrics.")
                item.setdefault("metrics", {})[metric] = text
                self.loaded.values[(key[0], key[1], "metrics", metric)] = where
                self.loaded.keys[(key[0], key[1], "metrics", metric)] = where
            else:
                item[column.field] = text
                self.loaded.values[(key[0], key[1], column.field)] = where
                self.loaded.keys[(key[0], key[1], column.field)] = where
                if isinstance(text, list):
                    for n in range(len(text)):
                        self.loaded.values[(key[0], key[1], column.field, n)] = where
        return item

    def _text(self, column: _Column, value: Any) -> str | list[str]:
        if column.field in DATES:
            return _date_text(value)
        if column.field in TIMES and isinstance(value, time | datetime):
            return value.strftime("%H:%M")
        if isinstance(value, bool):
            raise ValueError("应为文字或数字，不能是“是/否”（TRUE/FALSE）")
        if isinstance(value, datetime | date | time):
            raise ValueError("这一列不是日期，单元格却是日期：请把单元格格式改为“常规”或“文本”")
        if column.field.startswith("metrics."):
            return _metric_text(value, column.unit)
        text = _number_text(value) if isinstance(value, int | float) else str(value)
        if column.field in NAME_LISTS:
            return [part.strip() for part in re.split(r"[、\n]", text) if part.strip()]
        if column.field in TEXT_LISTS:
            return [part.strip() for part in text.splitlines() if part.strip()]
        return text

    def _compare_total(self, row: int, cells: dict[int, Any], figures: list[dict[int, Any]]) -> None:
        for column in self.columns:
            given = _exact(cells[column.number])
            if not isinstance(given, Decimal) or column.field in DATES:
                continue
            parts = [_exact(f[column.number]) for f in figures]
            if any(p is None for p in parts if p is not False) or not parts:
                continue
            total = sum((p for p in parts if isinstance(p, Decimal)), Decimal(0))
            if total != given:
                self.loaded.notes.append(Problem(self.at(row, column), column.header, (
                    f"合计行写的是 {_plain(given)}，各行相加是 {_plain(total)}："
                    "合计行不读入，文书按各行计算，请核对")))


_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")


def _is_error(value: Any) -> bool:
    """An error value a formula saved (#REF!, #VALUE! …)."""
    return isinstance(value, str) and value in _ERRORS


def _exact(value: Any) -> Decimal | bool | None:
    """A figure that adds up exactly; False for an empty cell, None for one that does not."""
    if value is None:
        return False
    try:
        amount = parse_quantity(value if isinstance(value, int | float) else str(value))
    except (ValueError, InvalidOperation):
        return None
    return None if amount.approximate or amount.is_rate else amount.value


def _plain(number: Decimal) -> str:
    return _number_text(float(number)) if number == number.to_integral_value() else str(number)


def _number_text(value: float) -> str:
    """800.0 → 800, 1.2 → 1.2: a number as the clerk typed it (Excel keeps 15 digits)."""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.15g}"
    return text[:-2] if text.endswith(".0") else text


def _date_text(value: Any) -> str:
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise ValueError(f"单元格里除了日期还有时刻（{value:%H:%M}）：日期列只写日期，如 2026-03-20")
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        serial = date(1899, 12, 30).toordinal() + int(value)
        meant = date.fromordinal(serial).isoformat() if 1 <= value < 2958466 and value == int(value) else ""
        hint = f"（作为 Excel 日期序号是 {meant}）" if meant else ""
        raise ValueError(f"这里是数字 {_number_text(value)}{hint}，不是日期：请把单元格格式设为“日期”，"
                         "或写作 2026-03-20")
    return str(value)


def _metric_text(value: Any, unit: str) -> str:
    text = _number_text(value) if isinstance(value, int | float) else str(value)
    if not unit:
        return text
    try:
        written = parse_quantity(text).unit
    except ValueError:
        return text  # validation explains what is wrong with it
    if not written:
        return text + unit
    if written != unit:
        raise ValueError(f"“{text}”的单位与列名中的“{unit}”不同：请只写数字，或统一单位")
    return text


def rows_of(loaded: Loaded, key: str) -> Iterator[dict[str, Any]]:
    """The items of list *key* (for the writer's tests and tools)."""
    yield from (loaded.data or {}).get(key, [])
