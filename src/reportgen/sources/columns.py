"""What each sheet of a period workbook holds: its list, and its columns named by the models'
own Chinese titles (Field(title=...)), so a sheet never drifts from what validation accepts."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.models import Activity, Inspection, Meeting, PeriodRecords

IGNORED = ("序号", "编号", "备注")
"""Columns a clerk keeps for herself: never read into a document."""

ALIASES = {
    "日期": ("活动日期", "会议日期", "检查日期"),
    "活动名称": ("活动", "名称", "活动主题"),
    "会议名称": ("会议", "名称", "会议主题"),
    "地点": ("活动地点", "会议地点"),
    "检查单位": ("检查机关", "检查部门"),
    "检查内容": ("检查事项", "内容"),
    "检查次数": ("次数",),
    "发现问题数": ("发现问题", "问题数"),
    "已整改数": ("已整改", "整改数"),
    "得分": ("分数", "检查得分"),
    "出席": ("出席人员",),
    "参加": ("参加人员", "参会人员"),
}
"""Headers a clerk would write for a column, beside its title."""

NAME_LISTS = ("attendees", "participants", "absent", "observers", "reporters")
"""Lists of names: a cell separates them with 、 or line breaks."""
TEXT_LISTS = ("conveyed", "remarks", "requirements")
"""Lists of texts, which may hold 、 themselves: a cell separates them with line breaks only."""
DATES = ("date",)
TIMES = ("time",)


@dataclass(frozen=True)
class Sheet:
    """One list of a period as a sheet: its name, the key of its list and its columns."""

    name: str
    key: str
    columns: dict[str, str]
    """Header (the field's title) → field."""
    required: tuple[str, ...]
    metrics: bool = False
    """Whether further columns are metrics (活动台账) rather than unknown."""
    aliases: tuple[str, ...] = ()


def _columns(model: type[Activity | Meeting | Inspection], fields: tuple[str, ...]) -> dict[str, str]:
    return {str(model.model_fields[f].title): f for f in fields}


_MEETING_FIELDS = ("date", "time", "title", "place", "host", "attendees", "participants", "absent",
                   "observers", "topic", "conveyed", "reports", "reporters", "speaker", "remarks",
                   "requirements", "numbering", "count", "afterwards", "form", "issue", "script")

SHEETS = (
    Sheet(str(PeriodRecords.model_fields["activities"].title), "activities",
          _columns(Activity, ("date", "category", "title", "place")), ("date", "category", "title"),
          metrics=True, aliases=("活动", "活动记录", "activities")),
    Sheet(str(PeriodRecords.model_fields["meetings"].title), "meetings",
          _columns(Meeting, _MEETING_FIELDS), ("date", "title"),
          aliases=("会议记录", "会议台账", "meetings")),
    Sheet(str(PeriodRecords.model_fields["inspections"].title), "inspections",
          _columns(Inspection, ("date", "by", "subject", "times", "found", "rectified", "score")),
          ("date", "by", "found", "rectified"), aliases=("检查记录", "检查台账", "inspections")),
)
"""活动台账, 会议 and 检查, in that order."""

UNFIT = {str(Meeting.model_fields[f].title): f for f in ("speakers", "decisions")}
"""Meeting fields a flat sheet cannot hold (several speakers, decisions with owner and due)."""


def sheet_named(name: str) -> Sheet | None:
    return next((s for s in SHEETS if name in (s.name, *s.aliases)), None)


def field_of(sheet: Sheet, header: str) -> str | None:
    """The field a header names in *sheet*: its title or an alias of it."""
    if header in sheet.columns:
        return sheet.columns[header]
    return next((sheet.columns[t] for t, names in ALIASES.items() if header in names and t in sheet.columns),
                None)
