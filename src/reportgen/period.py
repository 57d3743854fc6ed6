"""Reporting periods: a year (2026), a half (2026-H1), a quarter (2026-Q3), a month (2026-09)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from reportgen.chinese import chinese_numeral
from reportgen.errors import WorkspaceError
from reportgen.limits import MAX_YEAR, MIN_YEAR

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:H(?P<half>[12])|Q(?P<quarter>[1-4])|(?P<month>\d{2})))?$")
PERIOD_FORMS = "2026（全年）、2026-H1（半年）、2026-Q3（季度）、2026-09（月）"


@dataclass(frozen=True, order=True)
class Period:
    """A span of months within one year, named the way the data files are named."""

    year: int
    first_month: int
    months: int

    @classmethod
    def parse(cls, text: str | int) -> Period:
        """Parse a period id; raise ValueError with a Chinese message if it is not one."""
        match = _PATTERN.match(str(text).strip())
        if match is None:
            raise ValueError(f"期间“{text}”格式不对，应为 {PERIOD_FORMS}")
        year = int(match["year"])
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"期间“{text}”的年份应在 {MIN_YEAR} 到 {MAX_YEAR} 之间")
        if match["half"]:
            return cls(year, 1 + 6 * (int(match["half"]) - 1), 6)
        if match["quarter"]:
            return cls(year, 1 + 3 * (int(match["quarter"]) - 1), 3)
        if match["month"]:
            month = int(match["month"])
            if not 1 <= month <= 12:
                raise ValueError(f"期间“{text}”的月份应在 01 到 12 之间")
            return cls(year, month, 1)
        return cls(year, 1, 12)

    @property
    def id(self) -> str:
        """The id used in file names: 2026-H1."""
        if self.months == 12:
            return str(self.year)
        if self.months == 6:
            return f"{self.year}-H{1 + self.first_month // 6}"
        if self.months == 3:
            return f"{self.year}-Q{1 + self.first_month // 3}"
        return f"{self.year}-{self.first_month:02d}"

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        last_month = self.first_month + self.months - 1
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def short_label(self) -> str:
        """How the text refers to it within its own year: 上半年, 第三季度, 9月, 全年."""
        if self.months == 12:
            return "全年"
        if self.months == 6:
            return "上半年" if self.first_month == 1 else "下半年"
        if self.months == 3:
            return f"第{chinese_numeral(1 + self.first_month // 3)}季度"
        return f"{self.first_month}月"

    @property
    def label(self) -> str:
        """The full name: 2026年上半年, 2026年, 2026年第三季度, 2026年9月."""
        return f"{self.year}年" if self.months == 12 else f"{self.year}年{self.short_label}"

    @property
    def kind_label(self) -> str:
        """What a summary of it is called: 年度, 半年, 季度, 月度."""
        return {12: "年度", 6: "半年", 3: "季度", 1: "月度"}[self.months]

    def next(self) -> Period:
        """The period of the same length that follows."""
        month = self.first_month + self.months
        if month > 12:
            return Period(self.year + 1, month - 12, self.months)
        return Period(self.year, month, self.months)

    def previous(self) -> Period:
        """The period of the same length before this one (上期)."""
        month = self.first_month - self.months
        if month < 1:
            return Period(self.year - 1, month + 12, self.months)
        return Period(self.year, month, self.months)

    def a_year_before(self) -> Period:
        """The same period of the year before (去年同期)."""
        return Period(self.year - 1, self.first_month, self.months)

    def relative_label(self, other: Period) -> str:
        """Name *other* as seen from this period: 下半年 in the same year, else its full label."""
        if other.year == self.year and other.months != 12:
            return other.short_label
        return other.label

    @classmethod
    def containing(cls, day: date, months: int = 6) -> Period:
        """The period of *months* length that contains *day*."""
        first = 1 + ((day.month - 1) // months) * months
        return cls(day.year, first, months)


def period_option(text: str) -> Period:
    """A period given on the command line; WorkspaceError (printed in Chinese) if it is not one."""
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise WorkspaceError(str(exc)) from None
