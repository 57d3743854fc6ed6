"""期号: the issue numbers of a unit's 简报 and 纪要, per year, kept in data/<单位>/期号.yaml.

An issue keeps the number it was first given, however often it is rebuilt and whatever is
added before it later in the year; new issues take the next number. A clerk sets a number by
hand in the records (``issue: 5``) or by editing the file. The file is written only after the
documents that carry the numbers were committed, and a failed build leaves it as it was.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportgen.errors import Location, Problem, RecordsError, display_path
from reportgen.load import Loaded, load_yaml
from reportgen.workspace import ISSUES_FILE
from reportgen.write.files import atomic_write

__all__ = ["ISSUES_FILE", "IssueBook", "Request"]
SERIES = {"briefing": "简报", "minutes": "纪要"}
_HEADER = """\
# 简报、纪要的期号：每年从第1期编起，由 reportgen 登记，重新生成时不变。
# 要改某一期的期号，改这里的数字（或在台账里给那次会议写 issue:），再重新生成。
# 格式：种类（briefing 简报、minutes 纪要）→ 年份 → 期号: 日期 名称
"""


@dataclass(frozen=True)
class Request:
    """An issue that needs a number: who it is, when, and the number set by hand (if any)."""

    series: str
    identity: str
    day: date
    hand: int | None = None


@dataclass
class IssueBook:
    """The numbers given so far, by series and year: {series: {year: {number: identity}}}."""

    path: Path
    given: dict[str, dict[int, dict[int, str]]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def read(cls, path: Path) -> IssueBook:
        """The book at *path* (empty when there is none); RecordsError, located, if it is malformed."""
        if not path.exists() or _only_comments(path):
            return cls(path)
        loaded = load_yaml(path)
        problems: list[Problem] = []
        given: dict[str, dict[int, dict[int, str]]] = {}
        data = loaded.data if loaded.data is not None else {}
        if not isinstance(data, dict):
            raise RecordsError([Problem(loaded.locate(()), "",
                                        "应为 briefing: 和 minutes: 下按年份登记的期号")])
        for series, years in data.items():
            if series not in SERIES:
                problems.append(Problem(loaded.locate((series,)), str(series),
                                        "只能是 briefing（简报）或 minutes（纪要）"))
            elif years is not None and not isinstance(years, dict):
                problems.append(Problem(loaded.locate((series,)), str(series), _BY_YEAR))
            else:
                for year, numbers in (years or {}).items():
                    problems += _read_year(loaded, series, year, numbers, given)
        if problems:
            raise RecordsError(problems)
        return cls(path, given)

    def assign(self, requests: list[Request]) -> dict[tuple[str, str], int]:
        """The number of every request, by (series, identity); new ones are recorded in the book.
        RecordsError when a number set by hand is already another issue's."""
        numbers: dict[tuple[str, str], int] = {}
        ordered = sorted(requests, key=lambda r: (r.series, r.day, r.identity))
        for request in [r for r in ordered if r.hand is not None]:
            numbers[(request.series, request.identity)] = self._set_by_hand(request)
        wanted = {(r.series, r.identity) for r in requests}
        for request in [r for r in ordered if r.hand is None]:
            numbers[(request.series, request.identity)] = self._number_of(request, wanted)
        return numbers

    def _year(self, request: Request) -> dict[int, str]:
        return self.given.setdefault(request.series, {}).setdefault(request.day.year, {})

    def _set_by_hand(self, request: Request) -> int:
        year = self._year(request)
        number = request.hand or 0
        holder = year.get(number)
        if holder is not None and holder != request.identity:
            raise RecordsError([Problem(Location(self.path), "issue", (
                f"{SERIES[request.series]}第{number}期已经是“{holder}”的期号（见 "
                f"{display_path(self.path)}）：请给“{request.identity}”换一个期号，或先在该文件中改掉原来那一期"))])
        for old in [n for n, i in year.items() if i == request.identity and n != number]:
            del year[old]
        if holder is None:
            year[number] = request.identity
            self.changed = True
        return number

    def _number_of(self, request: Request, wanted: set[tuple[str, str]]) -> int:
        year = self._year(request)
        for number, identity in year.items():
            if identity == request.identity:
                return number
        renamed = [n for n, i in year.items() if i.split(" ", 1)[0] == request.day.isoformat()
                   and (request.series, i) not in wanted]
        number = renamed[0] if len(renamed) == 1 else max(year, default=0) + 1
        year[number] = request.identity
        self.changed = True
        return number

    def copy(self) -> IssueBook:
        """A copy to assign numbers in while a batch is rendered and written: its numbers are
        adopted only once the documents that carry them are written."""
        return IssueBook(self.path, copy.deepcopy(self.given), self.changed)

    def adopt(self, other: IssueBook) -> None:
        """Take the numbers *other* (a copy of this book) gave."""
        if other.changed:
            self.given, self.changed = other.given, True

    def save(self) -> None:
        """Write the book if it changed (atomically: a reader never sees half of it)."""
        if self.changed:
            atomic_write(self.path, self.text().encode("utf-8"))
            self.changed = False

    def text(self) -> str:
        """The book as the YAML file reportgen writes."""
        lines = [_HEADER.rstrip("\n")]
        for series in SERIES:
            years = {y: n for y, n in self.given.get(series, {}).items() if n}
            if not years:
                continue
            lines.append(f"{series}:  # {SERIES[series]}")
            for year in sorted(years):
                lines.append(f"  {year}:")
                lines += [f"    {n}: {_quoted(years[year][n])}" for n in sorted(years[year])]
        return "\n".join(lines) + "\n"


def _read_year(loaded: Loaded, series: str, year: object, numbers: object,
               given: dict[str, dict[int, dict[int, str]]]) -> list[Problem]:
    """One year's numbers of a series into *given*; the problems of its entries."""
    if numbers is not None and not isinstance(numbers, dict):
        return [Problem(loaded.locate((series, str(year))), f"{series}.{year}", _BY_YEAR)]
    problems = []
    for number, identity in (numbers or {}).items():
        where = (series, str(year), str(number))
        if not (_whole(year, 4) and _whole(number, 4) and int(str(number)) >= 1
                and isinstance(identity, str) and identity.strip()):
            problems.append(Problem(loaded.locate(where), f"{series}.{year}.{number}",
                                    "应写作 期号: 日期 名称，如 3: 2026-11-26 创卫工作调度会"))
            continue
        given.setdefault(series, {}).setdefault(int(str(year)), {})[int(str(number))] = identity.strip()
    return problems


_BY_YEAR = "应按年份写“期号: 日期 名称”，如\n  2026:\n    3: 2026-11-26 创卫工作调度会"


def _only_comments(path: Path) -> bool:
    """A book emptied by hand (only its header comments left) is an empty book."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False  # load_yaml says what is wrong with it
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _whole(value: object, digits: int) -> bool:
    """A whole number of at most *digits* digits, as the loader gives it (text)."""
    return str(value).isdigit() and len(str(value)) <= digits and str(value).isascii()


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (titles may hold ：, #, quotes, tabs and line breaks)."""
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return '"' + "".join(escapes.get(c, c) for c in text) + '"'
