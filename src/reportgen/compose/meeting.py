"""The sentences a meeting write-up is made of, shared by the 纪要 and the 简报.

A meeting is told as it ran: when (11月26日上午) and where, who chaired, who attended (leaders
出席, unit heads 参加), what was conveyed and reported, what each speaker pointed out and
required in the speaker's own enumeration, what was decided, and what followed (会后，……).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.chinese import chinese_date, chinese_numeral, join_list
from reportgen.compose.common import end_sentence
from reportgen.enumeration import numbered, read_points
from reportgen.models import Decision, Meeting, Sayings
from reportgen.script import simplified

DEFAULT_NUMBERING = "一是"
"""A requirement list with no numbering of its own: 一是 reads right before any text (一要 does
not before 各单位要…)."""
DEFAULT_REPORTERS = "与会单位负责人"


def when(meeting: Meeting, *, with_year: bool = True) -> str:
    """2026年11月26日上午, or 11月26日下午3时 without the year."""
    day = chinese_date(meeting.date) if with_year else f"{meeting.date.month}月{meeting.date.day}日"
    return f"{day}{meeting.time or ''}"


def where(meeting: Meeting) -> str:
    """在三楼会议室 (before 召开), or nothing when the place is not known."""
    return f"在{meeting.place}" if meeting.place else ""


_TOPIC_VERBS = ("研究", "部署", "安排", "听取", "通报", "学习", "传达", "调度", "推进", "总结")


def topic_clause(meeting: Meeting) -> str:
    """，专题研究……; a topic that already says what the meeting did (研究部署……) keeps its verb."""
    if not meeting.topic:
        return ""
    verb = "" if meeting.topic.startswith(_TOPIC_VERBS) else "研究"
    return f"，专题{verb}{meeting.topic}"


def others_than_host(meeting: Meeting) -> list[str]:
    """出席 names without the host, who is named as chairing (王某某 and 局长王某某 alike)."""
    host = meeting.host or ""
    return [a for a in meeting.attendees if not (host and (a == host or host.endswith(a)
                                                           or a.endswith(host)))]


def attendance_sentence(meeting: Meeting) -> str:
    """县委常委、副县长刘某某出席会议，创卫办、建设局等单位负责人参加会议，…列席会议。"""
    clauses = []
    if attending := others_than_host(meeting):
        clauses.append(f"{join_list(attending)}出席会议")
    if meeting.participants:
        clauses.append(f"{join_list(meeting.participants)}参加会议")
    if meeting.observers:
        clauses.append(f"{join_list(meeting.observers)}列席会议")
    return "，".join(clauses) + "。" if clauses else ""


def conveyed_sentence(meeting: Meeting) -> str:
    return f"会议传达学习了{join_list(meeting.conveyed)}。" if meeting.conveyed else ""


def reports_sentence(meeting: Meeting) -> str:
    """与会单位负责人分别汇报了……。 (分别 only when several report)."""
    if not meeting.reports:
        return ""
    reporters = meeting.reporters or [DEFAULT_REPORTERS]
    each = "分别" if len(reporters) > 1 or not meeting.reporters else ""
    return f"{join_list(reporters)}{each}汇报了{end_sentence(meeting.reports)}"


def sayings_paragraphs(meeting: Meeting, introduced: Sequence[str] = ()) -> list[str]:
    """What was said, speaker by speaker (the meeting's own 会议指出 / 会议强调 last); a
    numbered list in 1. style gets a paragraph per point. A speaker already named with their
    role in *introduced* (the host, and in a 简报 those who 出席 or 参加) is named plainly."""
    paragraphs: list[str] = []
    known = [meeting.host or "", *introduced]
    for speaker in meeting.all_speakers:
        named = any(n.endswith(speaker.name) for n in known if n)
        paragraphs += said(speaker, speaker.name if named else speaker.full_name, speaker.name)
    if meeting.own_sayings:
        paragraphs += said(meeting, "会议", "会议")
    return paragraphs


def said(sayings: Sayings, first: str, again: str) -> list[str]:
    """A speaker's remarks (指出) and requirements (提出三点要求 / 强调), in the enumeration given
    or written; *first* names the speaker the first time, *again* after."""
    paragraphs: list[str] = []
    who = first
    if sayings.remarks:
        remarks = read_points(sayings.remarks)
        if remarks.style:
            paragraphs += _listed(f"{who}指出：", numbered(remarks.texts, remarks.style), remarks.style)
        else:
            paragraphs.append(f"{who}指出，" + "".join(end_sentence(t) for t in remarks.texts))
        who = again
    if sayings.requirements:
        points = read_points(sayings.requirements)
        style = sayings.numbering or points.style or DEFAULT_NUMBERING
        texts = numbered(points.texts, style)
        many = len(texts) > 1
        how_many = "两" if len(texts) == 2 else chinese_numeral(len(texts))
        verb = f"提出{how_many}点要求" if sayings.count and many else "强调"
        paragraphs += _listed(f"{who}{verb}：", texts, style if many else None)
    return paragraphs


def _listed(lead: str, texts: list[str], style: str | None) -> list[str]:
    """One paragraph (lead and points run together), or the lead and a paragraph per point for
    the 1. and （一） styles."""
    if style in ("1.", "（一）"):
        return [lead, *(end_sentence(t) for t in texts)]
    return [lead + "".join(end_sentence(t) for t in texts)]


def decisions_sentence(meeting: Meeting) -> str:
    """会议议定：一是……。二是……。 (no 一是 for a single decision)."""
    if not meeting.decisions:
        return ""
    texts = [decision_text(d) for d in meeting.decisions]
    return "会议议定：" + "".join(numbered(tuple(texts), "一是"))


def decision_text(decision: Decision) -> str:
    """The decision with its owner and deadline: ……（责任单位：办公室；完成时限：2026年3月31日前）。"""
    details = []
    if decision.owner:
        details.append(f"责任单位：{decision.owner}")
    if decision.due:
        details.append(f"完成时限：{chinese_date(decision.due)}前")
    text = decision.text.rstrip("。；;.")
    return f"{text}（{'；'.join(details)}）。" if details else f"{text}。"


def afterwards_sentence(meeting: Meeting) -> str:
    return f"会后，{end_sentence(meeting.afterwards)}" if meeting.afterwards else ""


def document_name(meeting: Meeting, kind: str) -> str:
    """创卫工作调度会纪要, 党组会议纪要, 安全生产专题研究会议纪要: never ……会会议纪要."""
    title = meeting.title
    as_simplified = simplified(title)  # a title written in 繁體 (……會議) ends the same way
    if as_simplified.endswith(kind):
        return title
    if as_simplified.endswith(("会", "会议")):
        return f"{title}{kind}"
    return f"{title}会议{kind}"
