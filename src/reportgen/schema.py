"""JSON Schema of the records, for editors: Chinese titles on every object and field."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from reportgen.assess.models import Assessment, ClassRule, Exemption, Scheme
from reportgen.models import (
    Activity,
    BasisDocument,
    Block,
    Briefing,
    BriefingItem,
    Comparison,
    Decision,
    Inspection,
    Leader,
    Meeting,
    MeetingsFile,
    Oversight,
    Part,
    PeriodRecords,
    Phrases,
    ReportInfo,
    Section,
    Span,
    Speaker,
    Task,
    Unit,
)

TITLES: dict[type[BaseModel], str] = {
    Unit: "单位信息", PeriodRecords: "期间台账", Leader: "领导", Section: "标题及其内容",
    Block: "存在的问题或工作计划", Part: "文书的一大部分", Phrases: "文书用语",
    Activity: "活动", Meeting: "会议", Decision: "议定事项", Inspection: "检查",
    BasisDocument: "依据文件", Span: "开展期间", ReportInfo: "情况汇报", Speaker: "讲话人",
    Briefing: "简报", BriefingItem: "简报条目", MeetingsFile: "会议文件", Comparison: "比较",
    Oversight: "督办", Task: "交办问题",
}
TITLES.update({Assessment: "考评", Scheme: "考评办法", ClassRule: "类别", Exemption: "免检"})
SCHEMAS: dict[str, type[BaseModel]] = {"period": PeriodRecords, "unit": Unit, "meetings": MeetingsFile,
                                       "assessment": Assessment}


def records_schema(which: str) -> dict[str, Any]:
    """The JSON Schema of "period" or "unit" records, its object titles in Chinese.

    pydantic takes object titles from class names and descriptions from the
    (English) docstrings; an editor shows both to the clerk, so both are replaced."""
    model = SCHEMAS[which]
    schema = model.model_json_schema()
    by_name = {cls.__name__: title for cls, title in TITLES.items()}
    for name, definition in [(model.__name__, schema), *schema.get("$defs", {}).items()]:
        definition["title"] = by_name.get(name, definition.get("title", name))
        definition.pop("description", None)  # the class docstring, written for developers
    return schema
