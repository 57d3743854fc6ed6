"""Compose a 简报 issue: its 报头 (name, 第N期, 编印单位 and date over a red line) and its items,
each a meeting told in news style or a piece of news the clerk wrote."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from reportgen.chinese import break_title, chinese_date
from reportgen.compose.meeting import (
    afterwards_sentence,
    attendance_sentence,
    conveyed_sentence,
    decisions_sentence,
    others_than_host,
    reports_sentence,
    sayings_paragraphs,
    topic_clause,
    when,
    where,
)
from reportgen.models import Meeting, Unit


@dataclass(frozen=True)
class NewsItem:
    """One item of a 简报: its headline and paragraphs."""

    headline: str
    paragraphs: tuple[str, ...]
    headline_lines: tuple[str, ...] = field(init=False)
    """The headline broken into balanced 2号 lines, never inside “…” or 《…》."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "headline_lines", tuple(break_title([self.headline])))


@dataclass(frozen=True)
class BriefingContext:
    """What the 简报 template can use."""

    title: str
    """The issue as a whole: 创卫工作简报第3期."""
    name: str
    """The 简报's name in the masthead: 创卫工作简报."""
    number: int
    issue: str
    """第3期."""
    editor: str
    """编印单位, printed as ……编印."""
    date: str
    items: tuple[NewsItem, ...]
    headline: str
    """The first item's headline (templates made for one meeting a 简报 use it)."""
    news: tuple[str, ...]
    """The first item's paragraphs."""
    unit: str


def meeting_item(unit: Unit, meeting: Meeting, printed: date, headline: str | None = None) -> NewsItem:
    """A meeting in news style: 11月26日上午，…召开…。会议由…主持，…出席会议，…参加会议。…"""
    opening = (f"{when(meeting, with_year=meeting.date.year != printed.year)}，{unit.name}"
               f"{where(meeting)}召开{meeting.title}{topic_clause(meeting)}。")
    chaired = f"会议由{meeting.host}主持" if meeting.host else ""
    attended = attendance_sentence(meeting)
    if chaired:
        opening += f"{chaired}，{attended}" if attended else f"{chaired}。"
    else:
        opening += attended
    paragraphs = [opening]
    heard = conveyed_sentence(meeting) + (f"会上，{reports_sentence(meeting)}" if meeting.reports else "")
    if heard:
        paragraphs.append(heard)
    paragraphs += sayings_paragraphs(meeting, [*others_than_host(meeting), *meeting.participants])
    paragraphs += [p for p in (decisions_sentence(meeting), afterwards_sentence(meeting)) if p]
    return NewsItem(headline or f"{unit.name}召开{meeting.title}", tuple(paragraphs))


def compose_briefing(unit: Unit, items: list[NewsItem], number: int, printed: date,
                     name: str | None = None) -> BriefingContext:
    """The context of one 简报 issue numbered *number*, printed on *printed*."""
    masthead = name or unit.briefing_title
    return BriefingContext(
        title=f"{masthead}第{number}期", name=masthead, number=number, issue=f"第{number}期",
        editor=_editor(unit), date=chinese_date(printed), items=tuple(items),
        headline=items[0].headline, news=items[0].paragraphs, unit=unit.name)


def _editor(unit: Unit) -> str:
    """The 编印单位 without a trailing 编印 or 编 (the template writes 编印)."""
    return re.sub(r"(编印|编)$", "", unit.briefing_editor or unit.name) or unit.name
