"""Stage 2's vocabulary: the records a clerk writes, as strict pydantic models.

Keys are English, values Chinese. Every field has a Chinese ``title`` (used in
error messages, in the skeleton ``reportgen init`` writes and in the JSON
Schema) and an example that the skeleton uses as its placeholder.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from reportgen.period import PERIOD_FORMS, Period
from reportgen.quantity import Quantity, format_quantity, parse_quantity

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> date:
    """Accept 2026-03-20, 2026/3/20, 2026.3.20 or 2026年3月20日; explain anything else."""
    if isinstance(value, date):
        return value
    match = _DATE.match(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"“{value}”不是日期，应写作 2026-03-20")
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"日期不存在：{year}年{month}月没有{day}日") from None


def _parse_period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"期间应写作 {PERIOD_FORMS}")
    return Period.parse(value)


Day = Annotated[
    date,
    PlainValidator(parse_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string",
                    "description": "日期，如 2026-03-20（也可写 2026/3/20、2026年3月20日）"}),
]
Amount = Annotated[
    Quantity,
    PlainValidator(parse_quantity),
    PlainSerializer(lambda q: format_quantity(q, exact=True), return_type=str),
    WithJsonSchema({"type": ["string", "number"],
                    "description": "数量，如 1200份、1.2万份、6000余万元、96%"}),
]
PeriodId = Annotated[
    Period,
    PlainValidator(_parse_period),
    PlainSerializer(lambda p: p.id, return_type=str),
    WithJsonSchema({"type": ["string", "integer"],
                    "pattern": r"^\d{4}(-(H[12]|Q[1-4]|(0[1-9]|1[0-2])))?$"}),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Record(BaseModel):
    """Base of every record: unknown keys are errors, values are checked as given."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_means_default(cls, data: Any) -> Any:
        """An optional key left empty (``absent:``) means the default, not an error."""
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        return {key: value for key, value in data.items()
                if not (value is None and key in fields and not fields[key].is_required())}


class Leader(Record):
    """A leader of the unit (领导)."""

    name: Text = Field(title="姓名", examples=["王某某"])
    title: Text = Field(title="职务", examples=["党组书记、局长"])


class Unit(Record):
    """The unit profile (单位信息), shared by all its periods: data/<单位>/unit.yaml."""

    name: Text = Field(title="单位名称", examples=["示例县某某局"])
    self_name: Text = Field("我单位", title="自称", description="正文中单位的自称，如“我局”“我街道”",
                            examples=["我局"])
    superior: Text | None = Field(None, title="上级机关", description="情况汇报的主送机关",
                                  examples=["县创卫办"])
    signature: Text | None = Field(None, title="署名", description="落款的发文机关署名，默认为单位名称",
                                   examples=["示例县某某局"])
    theme: Text = Field("爱国卫生工作", title="工作主题", description="用于标题，如“爱国卫生工作”“创卫工作”",
                        examples=["爱国卫生工作"])
    minutes_form: Literal["纪要", "简报"] = Field(
        "纪要", title="会议文书形式", examples=["纪要"],
        description="每次会议生成“纪要”（GB/T 9704 会议纪要）还是“简报”（新闻体会议简报）")
    leaders: list[Leader] = Field(default_factory=list, title="领导")


class Point(Record):
    """One point of a work section (要点): rendered as （一）… or 一是…."""

    heading: Text | None = Field(None, title="小标题", examples=["健全工作机制"])
    text: Text = Field(title="内容", examples=["（在此填写这项工作的做法和成效）"])


class Section(Record):
    """A section of the main work (主要工作), numbered 一、二、… by the tool."""

    heading: Text = Field(title="标题", examples=["加强组织领导"])
    paragraphs: list[Text] = Field(default_factory=list, title="段落",
                                   examples=[["（在此填写本部分的概述）"]])
    points: list[Point] = Field(default_factory=list, title="要点")


class Activity(Record):
    """One entry of the activity ledger (活动台账)."""

    date: Day = Field(title="日期", examples=["2026-03-20"])
    category: Text = Field(title="类别", description="如 宣传教育、环境整治、病媒生物防制",
                           examples=["宣传教育"])
    title: Text = Field(title="活动名称", examples=["爱国卫生月集中宣传"])
    place: Text | None = Field(None, title="地点", examples=["单位广场"])
    metrics: dict[Text, Amount] = Field(default_factory=dict, title="数据",
                                        description="如 宣传资料: 1200份",
                                        examples=[{"宣传资料": "1200份"}])


class Decision(Record):
    """A decision of a meeting (议定事项)."""

    text: Text = Field(title="事项", examples=["（在此填写议定的事项）"])
    owner: Text | None = Field(None, title="责任单位", examples=["办公室"])
    due: Day | None = Field(None, title="完成时限", examples=["2026-03-31"])


class Meeting(Record):
    """A meeting (会议): the source of 会议纪要 and of the meeting count."""

    date: Day = Field(title="日期", examples=["2026-02-22"])
    title: Text = Field(title="会议名称", examples=["爱国卫生工作推进会"])
    place: Text = Field(title="地点", examples=["三楼会议室"])
    host: Text = Field(title="主持人", examples=["王某某"])
    attendees: list[Text] = Field(title="出席", min_length=1, examples=[["王某某", "李某某"]])
    absent: list[Text] = Field(default_factory=list, title="请假")
    observers: list[Text] = Field(default_factory=list, title="列席")
    topic: Text | None = Field(None, title="议题", description="会议专题研究的事项，如“上半年创卫重点工作”",
                               examples=["上半年爱国卫生重点工作"])
    conveyed: list[Text] = Field(default_factory=list, title="传达学习")
    speaker: Text | None = Field(None, title="讲话人", description="提出会议要求的领导")
    requirements: list[Text] = Field(default_factory=list, title="会议要求")
    decisions: list[Decision] = Field(default_factory=list, title="议定事项")


class Inspection(Record):
    """An inspection received or carried out (检查), with problems found and rectified."""

    date: Day = Field(title="日期", examples=["2026-04-10"])
    by: Text = Field(title="检查单位", examples=["县创卫办"])
    subject: Text | None = Field(None, title="检查内容", examples=["办公区域环境卫生"])
    found: int = Field(title="发现问题数", ge=0, examples=[12])
    rectified: int = Field(title="已整改数", ge=0, examples=[11])
    score: float | None = Field(None, title="得分", ge=0, le=100)


_NUMBER_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕",
                                  "(": "〔", ")": "〕", "（": "〔", "）": "〕", "﹝": "〔", "﹞": "〕"})
_DOCUMENT_NUMBER = re.compile(r"^(?P<org>\S+?)〔(?P<year>\d{4})〕第?0*(?P<seq>\d+)号$")


def parse_document_number(value: Any) -> str:
    """文号 as GB/T 9704 writes it: 县爱卫办发〔2026〕3号 (〔〕 around the year, no 第, no padding)."""
    if not isinstance(value, str):
        raise ValueError("文号应为文字，如 县爱卫办发〔2026〕3号")
    text = value.strip().replace(" ", "").translate(_NUMBER_BRACKETS)
    match = _DOCUMENT_NUMBER.match(text)
    if match is None:
        raise ValueError(f"“{value}”不是文号：应写作 县爱卫办发〔2026〕3号")
    return f"{match['org']}〔{match['year']}〕{int(match['seq'])}号"


DocumentNumber = Annotated[
    str, PlainValidator(parse_document_number),
    WithJsonSchema({"type": "string", "description": "文号，如 县爱卫办发〔2026〕3号"}),
]


class BasisDocument(Record):
    """A document the report is based on (依据文件), cited as 《标题》（文号）."""

    title: Text = Field(title="文件标题", examples=["关于开展2026年爱国卫生月活动的通知"])
    number: DocumentNumber | None = Field(None, title="文号", examples=["县爱卫办发〔2026〕3号"])

    @property
    def citation(self) -> str:
        """《标题》（文号）, or 《标题》 when the document has no number."""
        title = self.title.strip("《》")
        return f"《{title}》（{self.number}）" if self.number else f"《{title}》"


class Span(Record):
    """When the reported work ran (开展期间)."""

    start: Day = Field(title="开始日期", examples=["2026-04-01"])
    end: Day = Field(title="结束日期", examples=["2026-04-30"])


class ReportInfo(Record):
    """What only the 情况汇报 needs: to whom, on what basis, over which span."""

    title: Text | None = Field(None, title="标题", description="留空则为“关于＋期间＋工作主题＋情况的汇报”")
    recipient: Text | None = Field(None, title="主送机关", description="默认为单位信息中的上级机关",
                                   examples=["县创卫办"])
    basis: list[BasisDocument] = Field(default_factory=list, title="依据文件")
    span: Span | None = Field(None, title="开展期间")
    date: Day | None = Field(None, title="成文日期", description="默认与本期成文日期相同")


class PeriodRecords(Record):
    """One period's records (期间台账): data/<单位>/<期间>.yaml."""

    period: PeriodId = Field(title="期间", description=PERIOD_FORMS, examples=["2026-H1"])
    date: Day = Field(title="成文日期", examples=["2026-07-10"])
    title: Text | None = Field(None, title="标题",
                               description="留空则自动生成：单位名称＋期间＋工作主题＋总结")
    overview: Text = Field(title="开头概述", examples=["（在此填写本期工作的总体情况）"])
    sections: list[Section] = Field(title="主要工作", min_length=1)
    activities: list[Activity] = Field(default_factory=list, title="活动台账")
    meetings: list[Meeting] = Field(default_factory=list, title="会议")
    inspections: list[Inspection] = Field(default_factory=list, title="检查")
    problems: list[Text] = Field(default_factory=list, title="存在的问题",
                                 examples=[["（在此填写存在的问题）"]])
    plans: list[Text] = Field(default_factory=list, title="下步工作计划",
                              examples=[["（在此填写下一期间的工作计划）"]])
    report: ReportInfo | None = Field(None, title="情况汇报",
                                      description="生成情况汇报所需的主送机关、依据文件和开展期间")
