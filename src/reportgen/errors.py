"""Errors: every failure a user can cause, each printed without a traceback.

The CLI catches :class:`ReportgenError` in one place and exits 1; anything
else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A place in an input file: 1-based line and column."""

    file: Path
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{display_path(self.file)}:{self.line}:{self.column}"

    def place(self) -> str:
        """The place without the file, as a sentence names another one: 第 12 行."""
        return f"第 {self.line} 行"


def column_letter(column: int) -> str:
    """Excel's name of a 1-based column: 1 → A, 28 → AB."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class CellLocation(Location):
    """A place in a sheet: *line* is the row, *column* the column (1-based, so problems sort in
    reading order as Location's do), printed as ``考评得分.xlsx 得分!C5``. A problem with a whole
    row (column 0) prints Excel's reference to the row, ``得分!5:5``; one with the whole sheet
    (row 0) ``考评得分.xlsx 得分``; one with the file (no sheet) only the file's name. *header*
    is the column's header as the sheet writes it, which names the field in a problem."""

    sheet: str = ""
    header: str = ""

    def __str__(self) -> str:
        where = display_path(self.file)
        if not self.sheet:
            return where
        return f"{where} {self.place()}" if self.line > 0 else f"{where} {self.sheet}"

    def place(self) -> str:
        if self.column <= 0:
            return f"{self.sheet}!{self.line}:{self.line}"
        return f"{self.sheet}!{column_letter(self.column)}{self.line}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located and explained in Chinese."""

    location: Location
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.location} {self.field}" if self.field else str(self.location)
        return f"{where}: {self.message}"


def display_path(path: Path) -> str:
    """Show *path* relative to the current directory when it lies below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class ReportgenError(Exception):
    """Raised when the user's input or workspace stops a command; printed without traceback."""


class RecordsError(ValueError, ReportgenError):
    """Raised when records fail to load or validate; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class WorkspaceError(ReportgenError):
    """Raised when the workspace, a unit or a period asked for does not exist."""


class TemplateError(ReportgenError):
    """Raised when a template cannot be read or rendered; names the template and place."""

    def __init__(self, message: str, place: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.place = place
        self.detail = detail or message


class OutputError(OSError, ReportgenError):
    """Raised when a document cannot be written to the output folder.

    *partial* is true only when some of a period's documents were written and could not be put
    back (the message then lists them)."""

    def __init__(self, message: str, *, partial: bool = False) -> None:
        super().__init__(message)
        self.partial = partial

    def __str__(self) -> str:
        return str(self.args[0])


def internal_error(exc: BaseException) -> str:
    """What to say about an error that is reportgen's fault, not the user's: in Chinese, with
    what a developer needs to find it, never a traceback in the clerk's face."""
    if isinstance(exc, RecursionError):
        return "内容嵌套太深，无法处理：请检查是否有层层嵌套的列表或引用"
    if isinstance(exc, MemoryError):
        return "内容太多，内存不足：请检查是否有异常庞大的内容"
    detail = f"{type(exc).__name__}: {exc}"
    detail = detail if len(detail) <= 200 else detail[:200] + "…"
    return f"reportgen 内部错误（{detail}）：请把这条信息和所用的台账文件发给开发者"
