"""Opening an .xlsx input: a period workbook (reportgen.sources) or a 考评 score sheet
(reportgen.assess.sheets), with the same guards for both.

Only a regular file under the size limit is read (reportgen.reading); an .xls or a workbook
with an opening password (both OLE compound files) is named as such; a zip that would unpack
past 256 MB is refused before openpyxl reads it; and whatever openpyxl raises for a file that is
no workbook becomes one located, Chinese error.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from reportgen.errors import CellLocation, Problem, RecordsError
from reportgen.limits import MAX_FILE_BYTES
from reportgen.reading import FileRefused, InputKind, read_regular_file

MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""All parts unpacked at most 256 MB, so a zip bomb is refused before it is read."""
_OLE = b"\xd0\xcf\x11\xe0"
"""An .xls, or an .xlsx protected by a password (both are OLE compound files)."""


def open_workbook(path: Path, kind: InputKind, *, read_only: bool = False, data_only: bool = False) -> Any:
    """The openpyxl workbook at *path* (a *kind* of input); RecordsError naming the file when
    it cannot be one."""
    from openpyxl import load_workbook

    try:
        raw = read_regular_file(path, MAX_FILE_BYTES, kind)
    except FileRefused as exc:
        raise workbook_error(path, str(exc)) from None
    if raw.startswith(_OLE):
        raise workbook_error(path, "无法读取：这是旧版 .xls 文件或设置了打开密码的工作簿，请在 Excel/WPS 中"
                                   "取消密码后“另存为”Excel 工作簿（*.xlsx）")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise workbook_error(path, f"文件解压后太大（超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB）："
                                       f"不像是{kind.label}，请检查是否选错了文件")
        return load_workbook(io.BytesIO(raw), read_only=read_only, data_only=data_only)
    except RecordsError:
        raise
    except Exception:  # openpyxl raises many kinds (BadZipFile, KeyError, XML errors) for a bad file
        raise workbook_error(path, "无法读取：不是有效的 .xlsx 工作簿（可能已损坏，或是改了扩展名的"
                                   "其他文件），请在 Excel/WPS 中打开后另存为 Excel 工作簿（*.xlsx）"
                             ) from None


def workbook_error(path: Path, message: str) -> RecordsError:
    """An error of the workbook at *path* as a whole (no cell of it)."""
    return RecordsError([Problem(CellLocation(path, 0, 0), "", message)])
