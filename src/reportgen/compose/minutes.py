"""Compose the 会议纪要 of one meeting (GB/T 9704 §10.3): mark, 期号, opening, numbered parts,
then the 出席 / 请假 / 列席 lines."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.chinese import join_list
from reportgen.compose.common import Item, Part, numbered
from reportgen.compose.meeting import (
    afterwards_sentence,
    decision_text,
    document_name,
    reports_sentence,
    sayings_paragraphs,
    topic_clause,
    when,
    where,
)
from reportgen.models import Meeting, Unit


@dataclass(frozen=True)
class AttendanceLine:
    """出席 / 请假 / 列席 and the names after the colon."""

    label: str
    names: str


@dataclass(frozen=True)
class MinutesContext:
    """What the 会议纪要 template can use."""

    title: str
    mark: str
    issue: str
    """第3期 under the mark, or "" when the 纪要 carries no number."""
    meeting: str
    unit: str
    date: str
    place: str
    host: str
    opening: str
    parts: tuple[Part, ...]
    after: tuple[str, ...]
    """Paragraphs after the parts (会后，……)."""
    attendance: tuple[AttendanceLine, ...]
    signature: str


def minutes_mark(meeting: Meeting) -> str:
    """The 纪要 mark: 爱国卫生工作推进会纪要, 党组会议纪要."""
    return document_name(meeting, "纪要")


def compose_minutes(unit: Unit, meeting: Meeting, issue: int | None = None) -> MinutesContext:
    """The context of one meeting's 纪要; *issue* is its 期号, if it carries one."""
    mark = minutes_mark(meeting)
    return MinutesContext(
        title=mark, mark=mark, issue=f"第{issue}期" if issue else "", meeting=meeting.title,
        unit=unit.name, date=when(meeting), place=meeting.place or "", host=meeting.host or "",
        opening=_opening(unit, meeting), parts=numbered(_parts(meeting)),
        after=tuple(p for p in (afterwards_sentence(meeting),) if p),
        attendance=attendance(meeting), signature=unit.signature or unit.name)


def _opening(unit: Unit, meeting: Meeting) -> str:
    """2026年2月22日上午，王某某在三楼会议室主持召开……。现将会议……纪要如下："""
    who = f"{meeting.host}{where(meeting)}主持召开" if meeting.host else f"{unit.name}{where(meeting)}召开"
    what = "议定事项" if meeting.decisions else "主要精神"
    return f"{when(meeting)}，{who}{meeting.title}{topic_clause(meeting)}。现将会议{what}纪要如下："


def _parts(meeting: Meeting) -> list[Part]:
    parts = []
    if meeting.conveyed:
        parts.append(Part("", "传达学习有关精神", (f"会议传达学习了{join_list(meeting.conveyed)}。",)))
    if meeting.reports:
        parts.append(Part("", "听取工作汇报", (f"会上，{reports_sentence(meeting)}",)))
    if sayings := tuple(sayings_paragraphs(meeting)):
        parts.append(Part("", "会议要求" if _only_requirements(meeting) else "会议精神", sayings))
    if meeting.decisions:
        decisions = tuple(Item(i, decision_text(d)) for i, d in enumerate(meeting.decisions, 1))
        parts.append(Part("", "议定事项", (), decisions, "list"))
    return parts


def _only_requirements(meeting: Meeting) -> bool:
    return not meeting.remarks and not any(s.remarks for s in meeting.all_speakers)


def attendance(meeting: Meeting) -> tuple[AttendanceLine, ...]:
    """The 出席 (the host, leaders and unit heads alike), 请假 and 列席 lines that have names,
    in that order. Names are set apart with ， when one of them holds a 、 (党组成员、副局长李某某)."""
    present = [*meeting.attendees, *meeting.participants]
    if meeting.host and not any(meeting.host.endswith(a) or a.endswith(meeting.host) for a in present):
        present.insert(0, meeting.host)
    lines = (("出席", present), ("请假", meeting.absent), ("列席", meeting.observers))
    return tuple(AttendanceLine(label, _names(names)) for label, names in lines if names)


def _names(names: list[str]) -> str:
    return ("，" if any("、" in n for n in names) else "、").join(names)
