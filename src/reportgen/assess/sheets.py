"""Excel sheets of a 考评: scores read from the office's sheet, results written for its files.

Reading: the sheet named 得分 (else the first sheet); a header row (within the first rows, under
a title if there is one) holds 单位 (or 单位名称) and each part's name, in any order, beside
columns of other things (序号, 备注 …), which are ignored. Every row below it with a unit is a
unit's scores; empty rows are skipped. A problem is located at its cell, printed as
``data/县创卫办/考评得分.xlsx 得分!C5 环境卫生: “九十”不是分数……`` (see :class:`CellLocation`).

Writing: one sheet 考评结果, the units in rank order and then the exempt ones. The bytes depend
on the results only (fixed document dates, fixed times inside the zip), so building twice gives
the same file, and a rebuild that changes nothing changes no file.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from reportgen.assess.compute import Outcome
from reportgen.assess.models import UNIT_KEY
from reportgen.errors import CellLocation, Problem, RecordsError
from reportgen.limits import MAX_FILE_BYTES
from reportgen.reading import FileRefused, InputKind, read_regular_file

SCORES_FILE = InputKind("得分表", "Excel", ".xlsx")
SCORES_SHEET = "得分"
"""The sheet read when there is one so named; else the first sheet."""
RESULTS_SHEET = "考评结果"
UNIT_HEADERS = ("单位", "单位名称")
HEADER_ROWS = 10
"""The header row is looked for in the first ten rows (a title and notes may stand above it)."""
MAX_SHEET_ROWS = 100_000
"""At most 100,000 rows of units: a county has a few hundred units, a 10,000-unit 考评 is a city's."""
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""The parts of an .xlsx together, unpacked, at most 256 MB (10,000 units take about 2 MB), so a
small file that unpacks to gigabytes (a zip bomb) is refused before it is read."""
FIXED_TIME = datetime(2026, 1, 1)
"""The creation and modification time written into every results workbook."""
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_CONTROL = dict.fromkeys(range(32))
"""Line breaks, tabs and other controls in a header cell (Excel's Alt+Enter) are dropped."""


class ScoreSheet(list[dict[str, Any]]):
    """The score rows of a sheet, each {unit: name, part: value, …} as the cells hold them
    (text, int or float; None when empty), and where each came from."""

    def __init__(self, path: Path, sheet: str, columns: dict[str, int],
                 rows: Iterable[tuple[int, dict[str, Any]]]) -> None:
        numbered = list(rows)
        super().__init__(row for _, row in numbered)
        self.path = path
        self.sheet = sheet
        self.columns = columns
        """unit (UNIT_KEY) and each part → its column."""
        self.row_numbers = [number for number, _ in numbered]

    def locate(self, index: int, key: str | None) -> CellLocation:
        """The cell of row *index*'s *key* (the unit's cell when *key* is None or not a column)."""
        column = self.columns.get(key or UNIT_KEY, self.columns[UNIT_KEY])
        return CellLocation(self.path, self.row_numbers[index], column, self.sheet)

    def field(self, key: str | None) -> str:
        """How a problem names the column: the part, or 单位."""
        return _field(key or UNIT_KEY)


def read_scores_xlsx(path: Path, parts: Sequence[str]) -> ScoreSheet:
    """The score rows of the .xlsx at *path*: one per unit, with the unit and a value for each of
    *parts* (as the cell holds it; checked against the scheme by the caller). Raise RecordsError,
    every problem located at its cell, when the file cannot be read, the header lacks a part,
    a cell holds an error value (#DIV/0!) or a formula has no value saved."""
    workbook = _open(path, data_only=False)
    try:
        sheet = workbook[SCORES_SHEET] if SCORES_SHEET in workbook.sheetnames else workbook.worksheets[0]
        name = str(sheet.title)
        sheet.reset_dimensions()  # trust the cells, not the size the file claims
        rows = _rows(sheet)
        columns = _columns(path, name, rows, parts)
        found = [(number, _values(cells, columns)) for number, cells in _unit_rows(path, name, rows, columns)]
    finally:
        workbook.close()
    problems = [Problem(CellLocation(path, number, columns[key], name), _field(key),
                        f"单元格是错误值 {value}：请改正公式，或直接填写得分")
                for number, values in found for key, (value, kind) in values.items() if kind == "e"]
    formulas = [(number, key) for number, values in found for key, (_, kind) in values.items() if kind == "f"]
    saved = _saved_values(path, name, {number for number, _ in formulas}) if formulas else {}
    by_number = dict(found)
    for number, key in formulas:
        value = saved.get(number, {}).get(columns[key])
        if value is None:
            formula = by_number[number][key][0]
            problems.append(Problem(CellLocation(path, number, columns[key], name), _field(key), (
                f"公式 {formula} 没有保存计算结果：请在 Excel 中打开这个文件并保存一次，或把公式换成数值")))
    if problems:
        raise RecordsError(sorted(problems, key=lambda p: (p.location.line, p.location.column)))
    rows_out = []
    for number, values in found:
        row = {key: value for key, (value, _) in values.items()}
        for key, (_, kind) in values.items():
            if kind == "f":
                row[key] = saved[number][columns[key]]
        rows_out.append((number, row))
    return ScoreSheet(path, name, columns, rows_out)


def _field(key: str) -> str:
    return "单位" if key == UNIT_KEY else key


def _open(path: Path, *, data_only: bool) -> Any:
    """The workbook at *path*, read only; RecordsError naming the file when it is none."""
    if path.suffix.lower() != ".xlsx":
        convertible = path.suffix.lower() in (".xls", ".et", ".csv", ".xlsm")
        hint = ("请在 Excel 中“另存为”Excel 工作簿（*.xlsx）" if convertible
                else "得分表应为 Excel 工作簿（.xlsx）")
        raise _file_error(path, f"不是 .xlsx 文件：{hint}")
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES, SCORES_FILE)
    except FileRefused as exc:
        raise _file_error(path, str(exc)) from None
    source = io.BytesIO(raw)
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise _file_error(path, f"文件解压后太大（超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB）："
                                    "不像是一张得分表，请检查是否选错了文件")
        return load_workbook(source, read_only=True, data_only=data_only)
    except RecordsError:
        raise
    except Exception:  # openpyxl raises many kinds (BadZipFile, KeyError, XML errors) for a bad file
        raise _file_error(path, "无法读取：不是有效的 .xlsx 工作簿（可能已损坏，或是改了扩展名的其他文件），"
                                "请在 Excel 中打开后另存为 Excel 工作簿（*.xlsx）") from None


def _file_error(path: Path, message: str) -> RecordsError:
    return RecordsError([Problem(CellLocation(path, 0, 0), "", message)])


def _rows(sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The sheet's rows, numbered from 1 (empty rows included, as empty tuples)."""
    return enumerate(sheet.iter_rows(min_row=1), start=1)


def _header_text(value: Any) -> str:
    return "".join(str(value).translate(_CONTROL).split())


def _columns(path: Path, sheet: str, rows: Iterator[tuple[int, tuple[Any, ...]]],
             parts: Sequence[str]) -> dict[str, int]:
    """Find the header (the first row with 单位 or 单位名称) and in it the column of the unit and
    of each part: a header equal to the part's name, or the name followed by a note in brackets
    (环境卫生（100分）). Every part must have one column."""
    for number, cells in rows:
        titles = [(column, _header_text(cell.value)) for column, cell in enumerate(cells, start=1)
                  if cell.value is not None]
        unit = next((column for column, title in titles if title in UNIT_HEADERS), None)
        if unit is not None:
            return _part_columns(path, sheet, number, titles, unit, parts)
        if number >= HEADER_ROWS:
            break
    raise RecordsError([Problem(CellLocation(path, 0, 0, sheet), "", (
        f"找不到表头：前 {HEADER_ROWS} 行中应有一行写着“单位”（或“单位名称”）和各考评项目"
        f"（{'、'.join(parts)}），下面每行一个单位"))])


def _part_columns(path: Path, sheet: str, number: int, titles: list[tuple[int, str]], unit: int,
                  parts: Sequence[str]) -> dict[str, int]:
    columns = {UNIT_KEY: unit}
    problems = []
    for part in parts:
        name = _header_text(part)
        found = [column for column, title in titles
                 if title == name or title.startswith((name + "（", name + "("))]
        if not found:
            problems.append(Problem(CellLocation(path, number, 0, sheet), "", (
                f"第 {number} 行的表头中没有“{part}”一列：表头应有“单位”和各考评项目（{'、'.join(parts)}）")))
        elif len(found) > 1:
            where = "、".join(f"{get_column_letter(c)}{number}" for c in found)
            problems.append(Problem(CellLocation(path, number, found[1], sheet), part,
                                    f"表头中有 {len(found)} 列“{part}”（{where}）：请只保留一列"))
        else:
            columns[part] = found[0]
    if problems:
        raise RecordsError(problems)
    return columns


def _unit_rows(path: Path, sheet: str, rows: Iterator[tuple[int, tuple[Any, ...]]],
               columns: dict[str, int]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows under the header with something in the unit's or a part's cell."""
    wanted = sorted(columns.values())
    count = 0
    for number, cells in rows:
        if not any(_filled(cells, column) for column in wanted):
            continue
        count += 1
        if count > MAX_SHEET_ROWS:
            raise RecordsError([Problem(CellLocation(path, number, 1, sheet), "", (
                f"得分表最多 {MAX_SHEET_ROWS} 个单位：请检查是否选错了文件"))])
        yield number, cells


def _filled(cells: tuple[Any, ...], column: int) -> bool:
    if column > len(cells):
        return False
    value = cells[column - 1].value
    return value is not None and not (isinstance(value, str) and not value.strip())


def _values(cells: tuple[Any, ...], columns: dict[str, int]) -> dict[str, tuple[Any, str]]:
    """Each wanted cell's value and kind (n, s, f formula, e error …)."""
    found = {}
    for key, column in columns.items():
        cell = cells[column - 1] if column <= len(cells) else None
        value = None if cell is None else cell.value
        if isinstance(value, str) and not value.strip():
            value = None
        found[key] = (value, "n" if cell is None or value is None else str(cell.data_type))
    return found


def _saved_values(path: Path, sheet: str, numbers: set[int]) -> dict[int, dict[int, Any]]:
    """The values Excel saved for the formulas of rows *numbers*: row → column → value."""
    workbook = _open(path, data_only=True)
    try:
        values = workbook[sheet]
        values.reset_dimensions()
        return {number: {column: cell.value for column, cell in enumerate(cells, start=1)}
                for number, cells in _rows(values) if number in numbers}
    finally:
        workbook.close()


# ---------------------------------------------------------------- writing the results


def results_xlsx(outcome: Outcome, title: str) -> bytes:
    """The results as an .xlsx: sheet 考评结果 with a title row, a header (排名、单位、each part、
    总分、类别、备注), the assessed units in rank order, then the exempt ones (免检, with the
    reason). Scores are numbers, shown with the scheme's decimals. Same outcome, same bytes."""
    scheme = outcome.scheme
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "reportgen"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    sheet = workbook.create_sheet(RESULTS_SHEET)
    headers = ["排名", "单位", *scheme.parts, "总分", "类别", "备注"]
    _set_widths(sheet, outcome, headers)
    sheet.freeze_panes = "C3"
    last = get_column_letter(len(headers))
    sheet.merged_cells.add(f"A1:{last}1")
    sheet.row_dimensions[1].height = 30
    sheet.append([_cell(sheet, title, font=Font(bold=True, size=14), align=_CENTER)])
    sheet.append([_cell(sheet, text, font=_BOLD, align=_CENTER) for text in headers])
    # Scores show as written (General: 92, 89.5), totals with the scheme's decimals (91.0). One
    # styled cell for the totals is refilled row after row (appending writes a write-only cell
    # out at once); a styled cell per score would make the sheet half again as slow to write.
    total_cell = WriteOnlyCell(sheet)
    total_cell.number_format = _number_format(scheme.decimals)
    for result in outcome.results:
        total_cell.value = result.total
        sheet.append([result.rank, result.unit, *(_score(s) for s in result.part_scores),
                      total_cell, result.klass, result.notes or None])
    for unit, reason in outcome.exempt:
        sheet.append([None, unit, *("免检" for _ in scheme.parts), None, "免检", reason])
    return _save(workbook)


_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_BOLD = Font(bold=True)


def _cell(sheet: Any, value: Any, *, font: Font | None = None, align: Alignment | None = None) -> Any:
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if align is not None:
        cell.alignment = align
    return cell


def _score(score: Decimal | None) -> Decimal | str:
    return "免检" if score is None else score


def _number_format(decimals: int) -> str:
    return "0." + "0" * decimals if decimals else "0"


def _width(text: str) -> int:
    """Columns a text takes: a Chinese character counts two."""
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def _set_widths(sheet: Any, outcome: Outcome, headers: list[str]) -> None:
    units = [r.unit for r in outcome.results] + [u for u, _ in outcome.exempt]
    notes = [r.notes for r in outcome.results] + [reason for _, reason in outcome.exempt]
    widths = [6, max([10, *map(_width, units)]) + 2]
    widths += [max(8, _width(part) + 2) for part in outcome.scheme.parts]
    widths += [8, max(8, *map(_width, (c.name for c in outcome.scheme.classes))) + 2]
    widths += [min(40, max([10, *map(_width, notes)]) + 2)]
    for column, (width, _) in enumerate(zip(widths, headers, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width, 60)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry FIXED_TIME, whatever the clock or a temporary file says."""

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        given = zinfo_or_arcname
        name = given.filename if isinstance(given, zipfile.ZipInfo) else given
        info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        super().writestr(info, data, compress_type, compresslevel)

    def write(self, filename: str | os.PathLike[str], arcname: str | os.PathLike[str] | None = None,
              compress_type: int | None = None, compresslevel: int | None = None) -> None:
        with open(filename, "rb") as source:
            self.writestr(os.fspath(arcname if arcname is not None else filename), source.read(),
                          compress_type, compresslevel)


def _save(workbook: Any) -> bytes:
    """The workbook's bytes, written as openpyxl's save does but without stamping the time."""
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()

