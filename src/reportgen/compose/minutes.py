"""Compose the 会议纪要 (minutes, GB/T 9704 §10.3) and the news-style 会议简报 of one meeting."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.chinese import chinese_date, chinese_numeral, join_list
from reportgen.compose.common import Item, Part, end_sentence, numbered
from reportgen.models import Decision, Meeting, Unit


@dataclass(frozen=True)
class AttendanceLine:
    """出席 / 请假 / 列席 and the names after the colon."""

    label: str
    names: str


@dataclass(frozen=True)
class MinutesContext:
    """What the 会议纪要 and 会议简报 templates can use."""

    title: str
    mark: str
    headline: str
    meeting: str
    unit: str
    date: str
    place: str
    host: str
    opening: str
    parts: tuple[Part, ...]
    attendance: tuple[AttendanceLine, ...]
    news: tuple[str, ...]
    signature: str


def minutes_mark(meeting: Meeting) -> str:
    """The 纪要 mark: 爱国卫生工作推进会会议纪要, 党组会议纪要."""
    return f"{meeting.title}{'纪要' if meeting.title.endswith('会议') else '会议纪要'}"


def compose_minutes(unit: Unit, meeting: Meeting) -> MinutesContext:
    """Build the context of one meeting, for the 纪要 and the 简报 alike."""
    day = chinese_date(meeting.date)
    topic = f"，专题研究{meeting.topic}" if meeting.topic else ""
    opening = (f"{day}，{meeting.host}在{meeting.place}主持召开{meeting.title}{topic}。"
               "现将会议议定事项纪要如下：")
    mark, headline = minutes_mark(meeting), f"{unit.name}召开{meeting.title}"
    return MinutesContext(
        title=mark if unit.minutes_form == "纪要" else headline, mark=mark, headline=headline,
        meeting=meeting.title, unit=unit.name, date=day, place=meeting.place, host=meeting.host,
        opening=opening, parts=numbered(_minutes_parts(meeting)),
        attendance=attendance(meeting), news=news_paragraphs(unit, meeting),
        signature=unit.signature or unit.name)


def _minutes_parts(meeting: Meeting) -> list[Part]:
    parts = []
    if meeting.conveyed:
        parts.append(Part("", "传达学习有关精神", (f"会议传达学习了{join_list(meeting.conveyed)}。",)))
    if meeting.requirements:
        parts.append(Part("", "会议要求", (requirements_sentence(meeting),)))
    if meeting.decisions:
        decisions = tuple(Item(i, decision_text(d)) for i, d in enumerate(meeting.decisions, 1))
        parts.append(Part("", "议定事项", (), decisions, "list"))
    return parts


def requirements_sentence(meeting: Meeting) -> str:
    """王某某强调：一要……。二要……。 (会议强调 when no speaker is recorded)."""
    who = meeting.speaker or "会议"
    return f"{who}强调：" + "".join(
        f"{chinese_numeral(i)}要{end_sentence(text)}" for i, text in enumerate(meeting.requirements, 1))


def decision_text(decision: Decision) -> str:
    """The decision with its owner and deadline: ……（责任单位：办公室；完成时限：2026年3月31日前）。"""
    details = []
    if decision.owner:
        details.append(f"责任单位：{decision.owner}")
    if decision.due:
        details.append(f"完成时限：{chinese_date(decision.due)}前")
    text = decision.text.rstrip("。；;.")
    return f"{text}（{'；'.join(details)}）。" if details else f"{text}。"


def attendance(meeting: Meeting) -> tuple[AttendanceLine, ...]:
    """The 出席, 请假 and 列席 lines that have names, in that order."""
    lines = (("出席", meeting.attendees), ("请假", meeting.absent), ("列席", meeting.observers))
    return tuple(AttendanceLine(label, join_list(names)) for label, names in lines if names)


def news_paragraphs(unit: Unit, meeting: Meeting) -> tuple[str, ...]:
    """The 会议简报 in news style: who met where and why, what was heard, stressed and decided."""
    topic = f"，专题研究{meeting.topic}" if meeting.topic else ""
    observers = f"，{join_list(meeting.observers)}列席会议" if meeting.observers else ""
    others = [a for a in meeting.attendees if a != meeting.host and not a.endswith(meeting.host)]
    joined = f"，{join_list(others)}参加会议" if others else ""
    paragraphs = [f"{chinese_date(meeting.date)}，{unit.name}在{meeting.place}召开{meeting.title}"
                  f"{topic}。会议由{meeting.host}主持{joined}{observers}。"]
    if meeting.conveyed:
        paragraphs.append(f"会上，传达学习了{join_list(meeting.conveyed)}。")
    if meeting.requirements:
        paragraphs.append(requirements_sentence(meeting))
    if meeting.decisions:
        paragraphs.append("会议议定：" + "".join(
            f"{chinese_numeral(i)}是{decision_text(d)}" for i, d in enumerate(meeting.decisions, 1)))
    return tuple(paragraphs)
