"""Stage 2's vocabulary: the records a clerk writes, as strict pydantic models.

Keys are English, values Chinese. Every field has a Chinese ``title`` (used in
error messages, in the skeleton ``reportgen init`` writes and in the JSON
Schema) and an example that the skeleton uses as its placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from reportgen.chinese import fold_traditional
from reportgen.enumeration import STYLES, parse_style
from reportgen.limits import MAX_NAME_CHARS, MAX_SIBLINGS, MAX_TITLE_CHARS, MAX_YEAR, MIN_YEAR
from reportgen.period import PERIOD_FORMS, Period
from reportgen.quantity import Bound, Quantity, format_quantity, parse_quantity
from reportgen.script import ScriptChoice, simplified

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> date:
    """Accept 2026-03-20, 2026/3/20, 2026.3.20 or 2026年3月20日; explain anything else."""
    if isinstance(value, date):
        return value
    match = _DATE.match(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"“{value}”不是日期，应写作 2026-03-20")
    year, month, day = (int(g) for g in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"“{value}”的年份应在 {MIN_YEAR} 到 {MAX_YEAR} 之间")
    if not 1 <= month <= 12:
        raise ValueError(f"日期不存在：没有{month}月（月份应为 1 到 12）")
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
_SCORE = re.compile(r"^\d{1,3}(\.\d{1,2})?$")


def parse_score(value: Any) -> float:
    """A score as written, 0 to 100 with at most two decimals: 92, 89.5 (not 9_5, 1e1 or +12)."""
    text = str(value).strip()
    if isinstance(value, bool) or not _SCORE.match(text):
        raise ValueError(f"“{value}”不是分数：应写作 0 到 100 的数，如 92 或 89.5")
    if float(text) > 100:
        raise ValueError("不能大于 100")
    return float(text)


Score = Annotated[float, PlainValidator(parse_score),
                  WithJsonSchema({"type": ["number", "string"], "description": "得分，0 到 100，如 89.5"})]
_COUNT_UNITS = ("", "个", "次", "处", "项", "条", "件", "家", "份")


def parse_count(value: Any) -> Quantity:
    """A count as clerks write it: 12, or an approximate 60余 / 60余个 / 10余次."""
    try:
        amount = parse_quantity(value)
    except ValueError as exc:
        if "汉字" in str(exc) or "十、百、千" in str(exc):
            raise
        raise ValueError(f"“{value}”不是个数：应写作 12，约数写作 60余个") from None
    if amount.value != amount.value.to_integral_value():
        raise ValueError("应为整数，不能有小数")
    if amount.unit not in _COUNT_UNITS or amount.is_rate:
        raise ValueError(f"“{value}”不是个数：应写作 12，约数写作 60余个")
    if amount.bound not in (Bound.EXACT, Bound.AT_LEAST):
        raise ValueError(f"“{value}”：个数的约数请写作 60余个（不用“约”“近”“左右”）")
    return Quantity(amount.value, "", amount.qualifier)


Count = Annotated[
    Quantity,
    PlainValidator(parse_count),
    PlainSerializer(lambda q: format_quantity(q, exact=True), return_type=str),
    WithJsonSchema({"type": ["string", "integer"], "description": "个数，如 12，约数写作 60余个"}),
]
PeriodId = Annotated[
    Period,
    PlainValidator(_parse_period),
    PlainSerializer(lambda p: p.id, return_type=str),
    WithJsonSchema({"type": ["string", "integer"],
                    "pattern": r"^\d{4}(-(H[12]|Q[1-4]|(0[1-9]|1[0-2])))?$"}),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME_CHARS)]
"""A unit, a body, a person, a place or a category: at most MAX_NAME_CHARS characters."""
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE_CHARS)]
"""A title (of a document, a meeting, an activity): at most MAX_TITLE_CHARS characters, four
lines of a 公文 title."""


def _text_as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


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


def _parse_members(value: Any) -> str | list[str]:
    """全部 (every other unit of the workspace), or a list of unit names."""
    if isinstance(value, str) and value.strip() in ("全部", "all", "所有"):
        return "全部"
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        names = [v.strip() for v in value]
        if len(set(names)) != len(names):
            raise ValueError("成员单位有重复")
        if any(len(n) > MAX_NAME_CHARS for n in names):
            raise ValueError(f"单位名称最多 {MAX_NAME_CHARS} 个字")
        return names
    raise ValueError("应写“全部”，或列出成员单位的名称（每行一个，以“- ”开头）")


Members = Annotated[str | list[str], PlainValidator(_parse_members),
                    WithJsonSchema({"anyOf": [{"type": "string", "enum": ["全部"]},
                                              {"type": "array", "items": {"type": "string"}}]})]


class Leader(Record):
    """A leader of the unit (领导)."""

    name: Name = Field(title="姓名", examples=["王某某"])
    title: Name = Field(title="职务", examples=["党组书记、局长"])


class Unit(Record):
    """The unit profile (单位信息), shared by all its periods: data/<单位>/unit.yaml."""

    name: Name = Field(title="单位名称", examples=["示例县某某局"])
    self_name: Name = Field("我单位", title="自称", description="正文中单位的自称，如“我局”“我街道”",
                            examples=["我局"])
    superior: Name | None = Field(None, title="上级机关", description="情况汇报的主送机关",
                                  examples=["县创卫办"])
    signature: Name | None = Field(None, title="署名", description="落款的发文机关署名，默认为单位名称",
                                   examples=["示例县某某局"])
    theme: Name = Field("爱国卫生工作", title="工作主题", description="用于标题，如“爱国卫生工作”“创卫工作”",
                        examples=["爱国卫生工作"])
    minutes_form: Literal["纪要", "简报"] = Field(
        "纪要", title="会议文书形式", examples=["纪要"],
        description="每次会议生成“纪要”（GB/T 9704 会议纪要）还是“简报”（新闻体会议简报）")
    briefing_name: Name | None = Field(None, title="简报名称",
                                       description="简报报头的名称，默认为“工作主题＋简报”，如“创卫工作简报”",
                                       examples=["创卫工作简报"])
    briefing_editor: Name | None = Field(None, title="编印单位",
                                         description="简报报头的编印单位，默认为单位名称",
                                         examples=["示例县某某局办公室"])
    minutes_numbered: YesNo = Field(False, title="纪要编期号",
                                    description="是：会议纪要在标志下标注“第N期”，按年自动编号")
    script: ScriptChoice = Field("简体", title="字体", description="本单位文书用简体还是繁體",
                                 examples=["简体"])
    members: Members | None = Field(None, title="成员单位",
                                    description="本单位汇总、考评的成员单位：写“全部”（工作区里的其他单位），"
                                    "或逐个列出 data/ 下的单位名称")
    leaders: list[Leader] = Field(default_factory=list, title="领导")
    phrases: Phrases | None = Field(None, title="文书用语",
                                    description="本单位各期间共用的用语，期间台账中可再改")

    @property
    def briefing_title(self) -> str:
        """The 简报's name in its masthead: 创卫工作简报."""
        return self.briefing_name or f"{self.theme}简报"


HEADING_NUMBERS = ("一、", "（一）", "1.", "（1）")
"""The numbering of heading levels 1–4 (GB/T 9704 §7.3.3)."""
_LEVEL_WORDS = {"一、": 1, "一": 1, "（一）": 2, "(一)": 2, "1.": 3, "1．": 3, "1、": 3,
                "（1）": 4, "(1)": 4}


def _parse_level(value: Any) -> int:
    text = str(value).strip()
    if text in ("1", "2", "3", "4"):
        return int(text)
    if text in _LEVEL_WORDS:
        return _LEVEL_WORDS[text]
    raise ValueError("应为 1、2、3、4，或写编号样式 一、（一）1.（1）")


HeadingLevel = Annotated[
    int, PlainValidator(_parse_level),
    WithJsonSchema({"type": ["integer", "string"], "enum": [1, 2, 3, 4, *HEADING_NUMBERS],
                    "description": "1 一、 2 （一） 3 1. 4 （1）"}),
]

_YES, _NO = ("是", "yes", "true", "on", "1", "y"), ("否", "no", "false", "off", "0", "n")


def _parse_yes_no(value: Any) -> bool:
    text = str(value).strip().lower()
    if isinstance(value, bool):
        return value
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError("应为“是”或“否”")


YesNo = Annotated[bool, PlainValidator(_parse_yes_no),
                  WithJsonSchema({"type": ["boolean", "string"], "enum": [True, False, "是", "否"]})]

def _one_of(words: dict[str, str], message: str) -> Callable[[Any], str]:
    """The parser of a field that takes one of a few words (English or Chinese): its English name."""

    def parse(value: Any) -> str:
        text = str(value).strip()
        if text not in words:
            text = simplified(text)  # a word written in 繁體 (小標題, 紀要)
        if text not in words:
            raise ValueError(message)
        return words[text]

    return parse


POINTS_STYLES = {"小标题": "headed", "headed": "headed", "连写": "inline", "inline": "inline",
                 "分段": "paragraphs", "paragraphs": "paragraphs"}


PointsStyle = Annotated[str, PlainValidator(_one_of(POINTS_STYLES, "只能是小标题、连写或分段")),
                        WithJsonSchema({"type": "string", "enum": ["小标题", "连写", "分段"]})]


def heading_level(parent: int, heading: str | None, level: int | None) -> int:
    """The level of a heading under a *parent* of the given level (0: the top): its own, else one
    below the parent; a numbered paragraph with no heading under a level-1 heading uses 1.
    (level 3), as 存在的问题 lists do."""
    if level is not None:
        return level
    if parent == 0:
        return 1
    if parent == 1 and not heading:
        return 3
    return min(parent + 1, len(HEADING_NUMBERS))


def _text_as_section(value: Any) -> Any:
    """A bare text in a list of points or sections is a point with that text."""
    return {"text": value} if isinstance(value, str) else value


class Section(Record):
    """A heading and what stands under it, nested to four levels (一、（一）1.（1）)."""

    heading: Text | None = Field(None, title="标题", examples=["加强组织领导"])
    level: HeadingLevel | None = Field(
        None, title="层级", description="1–4，或写编号样式 一、（一）1.（1）；默认比上一级低一级，"
        "没有标题的编号段落默认用“1.”。可以跳级，如“一、”下直接用“1.”")
    run_in: YesNo | None = Field(
        None, title="标题与正文连排",
        description="是：标题后直接接正文，同在一段（如“1.狠抓日常督查。严格……”）；默认“一、”“（一）”单独成段，“1.”“（1）”有正文时连排")
    text: Text | None = Field(None, title="正文", description="标题下的第一段文字",
                              examples=["（在此填写这项工作的做法和成效）"])
    paragraphs: list[Text] = Field(default_factory=list, title="段落",
                                   examples=[["（在此填写本部分的概述）"]])
    points: list[Annotated[Section, BeforeValidator(_text_as_section)]] = Field(
        default_factory=list, title="要点", description="一是……二是……，或编号的小标题")
    points_style: PointsStyle | None = Field(
        None, title="要点写法", description="小标题（每个要点编为下一级标题）、连写（一是……二是……连成一段）"
        "或分段（一是……各起一段）；默认：要点都有标题时为小标题，否则为连写")
    points_lead: Text | None = Field(None, title="要点引语",
                                     description="连写或分段时写在“一是”之前的话，如“主要表现在：”")
    sections: list[Annotated[Section, BeforeValidator(_text_as_section)]] = Field(
        default_factory=list, title="下级标题", description="下一级的标题及其内容（编号由程序生成）")
    after: list[Text] = Field(default_factory=list, title="结尾段落",
                              description="在要点和下级标题之后的段落")

    @property
    def point_layout(self) -> str:
        """headed, inline or paragraphs: the clerk's choice, else headed when every point has a
        heading."""
        if self.points_style:
            return self.points_style
        headed = bool(self.points) and all(p.heading for p in self.points)
        return "headed" if headed else "inline"

    @property
    def empty(self) -> bool:
        return not (self.heading or self.text or self.paragraphs or self.points or self.sections
                    or self.after)


def _list_as_block(value: Any) -> Any:
    """problems: [甲, 乙] is the block {sections: [甲, 乙]}: numbered 1. 2. under its heading."""
    return {"sections": value} if isinstance(value, list) else value


class Block(Section):
    """存在的问题 or 工作计划: a list of texts, or a heading of the clerk's own with its content."""


Blocks = Annotated[Block | None, BeforeValidator(_list_as_block)]

OUTLINE_NAMES = {"sections": "sections", "主要工作": "sections", "problems": "problems",
                 "存在的问题": "problems", "plans": "plans", "工作计划": "plans", "下步工作计划": "plans"}


OutlineName = Annotated[
    str, PlainValidator(_one_of(OUTLINE_NAMES, "只能是 sections（主要工作）、problems（存在的问题）、"
                                               "plans（工作计划）")),
    WithJsonSchema({"type": "string", "enum": ["sections", "problems", "plans", "主要工作", "存在的问题",
                                               "工作计划"]})]


def _name_as_part(value: Any) -> Any:
    return {"contains": [value]} if isinstance(value, str) else value


class Part(Record):
    """A part of the document (一大部分): its own level-1 heading over what it contains."""

    heading: Title | None = Field(None, title="标题", description="如“上半年工作总结”“下半年工作思路”；"
                                 "不写则所含内容直接作为一级标题",
                                 examples=["上半年工作总结"])
    contains: list[OutlineName] = Field(title="包含", min_length=1,
                                        description="sections（主要工作）、problems（存在的问题）、"
                                        "plans（工作计划），按顺序", examples=[["sections", "problems"]])


Outline = list[Annotated[Part, BeforeValidator(_name_as_part)]]


PHRASE_SLOTS = ("期间", "单位", "自称", "工作主题", "依据", "起止日期", "下一期间")
"""What a phrase may contain in braces, filled in by the tool."""
_SLOT = re.compile(r"\{([^{}]*)\}")


def check_phrase(text: str) -> str:
    """A clerk's phrase, if the tool can fill its {slots}."""
    for name in _SLOT.findall(text):
        if name not in PHRASE_SLOTS:
            known = "".join(f"{{{s}}}" for s in PHRASE_SLOTS)
            raise ValueError(f"用语中的“{{{name}}}”不是可填的内容，可用：{known}")
    if "{" in _SLOT.sub("", text) or "}" in _SLOT.sub("", text):
        raise ValueError("用语中的花括号不成对：填入内容请写作 {期间} 这样的形式")
    return text


Phrase = Annotated[str, AfterValidator(check_phrase)]


class Phrases(Record):
    """The sentences the tool writes itself; each may be replaced by the clerk's own words
    ("" leaves it out). {期间}, {单位} … are filled in by the tool."""

    summary_lead_in: Phrase | None = Field(None, title="总结引语",
                                        description="开头结尾的“现将{期间}工作情况总结如下：”")
    figures_opening: Phrase | None = Field(None, title="数字句开头",
                                        description="台账数字句的开头“{期间}，{自称}”；写空字符串则不写数字句")
    report_basis: Phrase | None = Field(None, title="依据句",
                                     description="情况汇报开头“根据{依据}要求，”，如改为“根据{依据}精神，”")
    report_span: Phrase | None = Field(None, title="开展期间句",
                                    description="“{自称}于{起止日期}组织开展了{工作主题}。”")
    report_lead_in: Phrase | None = Field(None, title="汇报引语", description="“现将有关情况汇报如下：”")
    report_basics: Phrase | None = Field(None, title="基本情况标题",
                                      description="情况汇报中数字部分的标题“基本情况”")
    report_closing: Phrase | None = Field(None, title="汇报结束语", description="“特此汇报。”")
    problems_heading: Phrase | None = Field(None, title="问题部分标题", description="默认“存在的问题”")
    plans_heading: Phrase | None = Field(None, title="计划部分标题",
                                      description="默认按期间：下半年工作打算、2027年工作打算……；情况汇报中为“下一步打算”")


class Activity(Record):
    """One entry of the activity ledger (活动台账)."""

    date: Day = Field(title="日期", examples=["2026-03-20"])
    category: Name = Field(title="类别", description="如 宣传教育、环境整治、病媒生物防制",
                           examples=["宣传教育"])
    title: Title = Field(title="活动名称", examples=["爱国卫生月集中宣传"])
    place: Name | None = Field(None, title="地点", examples=["单位广场"])
    metrics: dict[Name, Amount] = Field(default_factory=dict, title="数据",
                                        description="如 宣传资料: 1200份",
                                        examples=[{"宣传资料": "1200份"}])


class Decision(Record):
    """A decision of a meeting (议定事项)."""

    text: Text = Field(title="事项", examples=["（在此填写议定的事项）"])
    owner: Name | None = Field(None, title="责任单位", examples=["办公室"])
    due: Day | None = Field(None, title="完成时限", examples=["2026-03-31"])


_HALF_HOURS = {"上午": (0, 12), "中午": (11, 13), "下午": (12, 18), "晚上": (17, 23)}
"""The hours (24-hour clock) each part of the day may name: 下午6点 and 晚上6点 are both said."""
_CLOCK = re.compile(r"^(?P<half>上午|中午|下午|晚上)?\s*(?:(?P<h>\d{1,2})\s*(?:[:：]\s*(?P<m>\d{2})"
                    r"|[时点]\s*(?:(?P<mm>\d{1,2})\s*分|(?P<half_hour>半))?))?$")


def parse_meeting_time(value: Any) -> str:
    """When in the day, as a write-up says it: 上午, 下午, 晚上, or a clock time (14:30, 下午3时,
    15点半), written back as 下午2时30分."""
    match = _CLOCK.match(fold_traditional(value.strip())) if isinstance(value, str) else None
    if match is None or not (match["half"] or match["h"]):
        raise ValueError(f"“{value}”不是时间：应写作 上午、下午、晚上，或 14:30、下午3时")
    if match["h"] is None:
        return str(match["half"])
    hour = int(match["h"])
    minute = int(match["m"] or match["mm"] or (30 if match["half_hour"] else 0))
    if hour > 23 or minute > 59:
        raise ValueError(f"“{value}”不是有效的时刻")
    half = match["half"]
    if (half in ("下午", "晚上") and hour < 12) or (half == "中午" and hour < 6):
        hour += 12
    natural = "上午" if hour < 12 else "中午" if hour < 13 else "下午" if hour < 18 else "晚上"
    if half and not _HALF_HOURS[half][0] <= hour <= _HALF_HOURS[half][1]:
        raise ValueError(f"“{value}”前后矛盾：{hour}时不在{half}")
    shown = hour - 12 if hour > 12 else hour
    return f"{half or natural}{shown}时" + (f"{minute}分" if minute else "")


MeetingTime = Annotated[str, PlainValidator(parse_meeting_time),
                        WithJsonSchema({"type": "string",
                                        "description": "上午、下午、晚上，或 14:30、下午3时"})]
Numbering = Annotated[str, PlainValidator(parse_style),
                      WithJsonSchema({"type": "string", "enum": list(STYLES)})]


class Sayings(Record):
    """What is said at a meeting, by a speaker or by the meeting itself (会议指出、会议强调)."""

    remarks: Annotated[list[Text], BeforeValidator(_text_as_list)] = Field(
        default_factory=list, title="讲话要点", max_length=MAX_SIBLINGS,
        description="写作“他指出，……”；原文有 一是……二是…… 可照写")
    requirements: Annotated[list[Text], BeforeValidator(_text_as_list)] = Field(
        default_factory=list, title="会议要求", max_length=MAX_SIBLINGS,
        description="逐条写，程序按编号方式编号；原文带“一是要”等编号可照写")
    numbering: Numbering | None = Field(
        None, title="编号方式", description="要求的编号：一是、一要、一是要、首先、1. 或 （一）；"
        "默认照原文，原文没有编号时用“一是”")
    count: YesNo = Field(False, title="点明条数", description="是：写作“提出三点要求：”")


class Speaker(Sayings):
    """A leader who spoke at the meeting (讲话人), as the write-up names them."""

    name: Name = Field(title="姓名", examples=["尹某某"])
    role: Name | None = Field(None, title="职务", description="写在姓名前，如“县委副书记”",
                              examples=["县委副书记"])

    @property
    def full_name(self) -> str:
        """县委副书记尹某某: role and name, as first mentioned."""
        return f"{self.role or ''}{self.name}"


FORMS = {"纪要": "纪要", "会议纪要": "纪要", "简报": "简报", "会议简报": "简报"}
Form = Annotated[str, PlainValidator(_one_of(FORMS, "只能是“纪要”或“简报”")),
                 WithJsonSchema({"type": "string", "enum": ["纪要", "简报"]})]
IssueNumber = Annotated[int, Field(ge=1, le=9999)]


class Meeting(Sayings):
    """A meeting (会议): the source of 会议纪要 or 会议简报, and of the meeting count."""

    date: Day = Field(title="日期", examples=["2026-02-22"])
    time: MeetingTime | None = Field(None, title="时间", description="上午、下午、晚上，或 14:30、下午3时",
                                     examples=["上午"])
    title: Title = Field(title="会议名称", examples=["爱国卫生工作推进会"])
    place: Name | None = Field(None, title="地点", examples=["三楼会议室"])
    host: Name | None = Field(None, title="主持人", description="可带职务，如“街道办事处主任周某某”",
                              examples=["王某某"])
    attendees: list[Name] = Field(default_factory=list, title="出席",
                                  description="简报中写作“……出席会议”，多为领导",
                                  examples=[["王某某", "李某某"]])
    participants: list[Name] = Field(default_factory=list, title="参加",
                                     description="简报中写作“……参加会议”，如“创卫办、城管办等单位负责人”")
    absent: list[Name] = Field(default_factory=list, title="请假")
    observers: list[Name] = Field(default_factory=list, title="列席")
    topic: Title | None = Field(None, title="议题", description="会议专题研究的事项，如“上半年创卫重点工作”",
                               examples=["上半年爱国卫生重点工作"])
    conveyed: list[Text] = Field(default_factory=list, title="传达学习")
    reports: Text | None = Field(None, title="汇报内容",
                                 description="写作“与会单位负责人分别汇报了……”")
    reporters: list[Name] = Field(default_factory=list, title="汇报人",
                                  description="默认为“与会单位负责人”")
    speaker: Name | None = Field(None, title="讲话人", description="提出会议要求的领导（只有一位讲话人时）")
    speakers: list[Speaker] = Field(default_factory=list, title="讲话人（多位）", max_length=MAX_SIBLINGS,
                                    description="每位讲话人的职务、姓名、讲话要点和要求，按讲话顺序")
    decisions: list[Decision] = Field(default_factory=list, title="议定事项", max_length=MAX_SIBLINGS,
                                      description="编为一是、二是……")
    afterwards: Text | None = Field(None, title="会后",
                                    description="写作“会后，……”，如“周某某一行实地察看了……”")
    form: Form | None = Field(None, title="文书形式", description="纪要或简报；默认按单位信息")
    issue: IssueNumber | None = Field(None, title="期号", description="简报或纪要的期号；不填则自动编号")
    script: ScriptChoice | None = Field(None, title="字体", description="简体或繁體；默认按期间或单位")

    @model_validator(mode="after")
    def _one_way_to_name_the_speaker(self) -> Meeting:
        if self.speaker and self.speakers:
            raise ValueError("speaker（讲话人）和 speakers（讲话人（多位））只写一个："
                             "多位讲话人都写在 speakers 下")
        return self

    @property
    def all_speakers(self) -> tuple[Speaker, ...]:
        """The speakers, with the single ``speaker`` and the meeting's own sayings as theirs."""
        if self.speaker:
            return (Speaker(name=self.speaker, remarks=self.remarks, requirements=self.requirements,
                            numbering=self.numbering, count=self.count),)
        return tuple(self.speakers)

    @property
    def own_sayings(self) -> bool:
        """The meeting itself said something (会议指出、会议强调), not one named speaker."""
        return not self.speaker and bool(self.remarks or self.requirements)

    @property
    def identity(self) -> str:
        """How the meeting is told apart from others: 2026-11-26 创卫工作调度会."""
        return f"{self.date.isoformat()} {self.title}"


class BriefingItem(Record):
    """One item of a 简报 issue: a meeting of the records, or a piece of news of its own."""

    meeting: Name | None = Field(None, title="会议",
                                 description="会议的日期，如 2026-11-26；同一天有几个会时再加会议名称")
    headline: Title | None = Field(None, title="标题", examples=["（在此填写消息标题）"],
                                   description="非会议条目必填；会议条目可不写，默认为“……召开……”")
    paragraphs: Annotated[list[Text], BeforeValidator(_text_as_list)] = Field(
        default_factory=list, title="段落", description="非会议条目的正文，一段或几段（列表）",
        examples=["（在此填写消息正文）"])

    @model_validator(mode="after")
    def _meeting_or_news(self) -> BriefingItem:
        if self.meeting is None and not (self.headline and self.paragraphs):
            raise ValueError("每条写 meeting（会议）；不是会议的，写 headline（标题）和 paragraphs（段落）")
        if self.meeting is not None and self.paragraphs:
            raise ValueError("会议条目的正文由会议记录生成，不写 paragraphs（段落）")
        return self


def _meeting_as_item(value: Any) -> Any:
    """An item written as a bare date (or date and title) is a meeting."""
    return {"meeting": value} if isinstance(value, str | date) else value


def matching_meetings(meetings: list[Meeting], reference: str) -> list[Meeting]:
    """The meetings a 简报 item names: by date (2026-11-26, 2026年11月26日), and by title when
    one is written after the date."""
    day_text, _, title = str(reference).strip().partition(" ")
    try:
        day = parse_date(day_text)
    except ValueError:
        return []
    title = title.strip()
    return [m for m in meetings if m.date == day and (not title or m.title == title)]


class Briefing(Record):
    """One 简报 issue that carries several items (工作简报), dated when it is printed."""

    date: Day = Field(title="印发日期", examples=["2026-11-28"])
    issue: IssueNumber | None = Field(None, title="期号", description="不填则按年自动编号")
    name: Name | None = Field(None, title="简报名称", description="默认按单位信息，如“创卫工作简报”")
    items: list[Annotated[BriefingItem, BeforeValidator(_meeting_as_item)]] = Field(
        title="条目", min_length=1, max_length=MAX_SIBLINGS,
        description="会议写日期（如 2026-11-26），其他写 headline 和 paragraphs")
    script: ScriptChoice | None = Field(None, title="字体", description="简体或繁體")

    @property
    def identity(self) -> str:
        """2026-11-28 创卫工作简报：第一条的标题等3条."""
        first = self.items[0].meeting or self.items[0].headline or ""
        more = f"等{len(self.items)}条" if len(self.items) > 1 else ""
        return f"{self.date.isoformat()} {self.name or '简报'}：{first}{more}"


def _meeting_file(value: Any) -> Any:
    """A meetings file holds one meeting (its fields at the top), a list of meetings, or
    meetings: and briefings:."""
    if isinstance(value, list):
        return {"meetings": value}
    if isinstance(value, dict) and not ({"meetings", "briefings"} & set(value)):
        return {"meetings": [value]}
    return value


class MeetingsFile(Record):
    """A file of meetings recorded on their own: data/<单位>/meetings/<名称>.yaml."""

    meetings: list[Meeting] = Field(default_factory=list, title="会议", max_length=MAX_SIBLINGS)
    briefings: list[Briefing] = Field(default_factory=list, title="简报", max_length=MAX_SIBLINGS)

    @model_validator(mode="before")
    @classmethod
    def _short_forms(cls, data: Any) -> Any:
        return _meeting_file(data)


class Inspection(Record):
    """An inspection received or carried out (检查), with problems found and rectified."""

    date: Day = Field(title="日期", examples=["2026-04-10"])
    by: Name = Field(title="检查单位", examples=["县创卫办"])
    subject: Title | None = Field(None, title="检查内容", examples=["办公区域环境卫生"])
    times: Count = Field(default_factory=lambda: Quantity(Decimal(1)), title="检查次数",
                         description="一条记录代表多次检查时填写，如 10余次；默认 1 次")
    found: Count = Field(title="发现问题数", description="可写约数，如 60余个", examples=[12])
    rectified: Count = Field(title="已整改数", examples=[11])
    score: Score | None = Field(None, title="得分", examples=[92.5])


_NUMBER_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕",
                                  "(": "〔", ")": "〕", "（": "〔", "）": "〕", "﹝": "〔", "﹞": "〕"})
_DOCUMENT_NUMBER = re.compile(r"^(?P<org>\S+?)〔(?P<year>\d{4})〕第?0*(?P<seq>\d{1,6})号$")


def parse_document_number(value: Any) -> str:
    """文号 as GB/T 9704 writes it: 县爱卫办发〔2026〕3号 (〔〕 around the year, no 第, no padding)."""
    if not isinstance(value, str):
        raise ValueError("文号应为文字，如 县爱卫办发〔2026〕3号")
    text = fold_traditional(value.strip().replace(" ", "")).translate(_NUMBER_BRACKETS)
    match = _DOCUMENT_NUMBER.match(text)
    if match is None:
        raise ValueError(f"“{value}”不是文号：应写作 县爱卫办发〔2026〕3号")
    if not MIN_YEAR <= int(match["year"]) <= MAX_YEAR:
        raise ValueError(f"文号“{value}”中的年份应在 {MIN_YEAR} 到 {MAX_YEAR} 之间")
    return f"{match['org']}〔{match['year']}〕{int(match['seq'])}号"


DocumentNumber = Annotated[
    str, PlainValidator(parse_document_number),
    WithJsonSchema({"type": "string", "description": "文号，如 县爱卫办发〔2026〕3号"}),
]


class BasisDocument(Record):
    """A document the report is based on (依据文件), cited as 《标题》（文号）."""

    title: Title = Field(title="文件标题", examples=["关于开展2026年爱国卫生月活动的通知"])
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

    title: Title | None = Field(None, title="标题", description="留空则为“关于＋期间＋工作主题＋情况的汇报”")
    recipient: Name | None = Field(None, title="主送机关", description="默认为单位信息中的上级机关",
                                   examples=["县创卫办"])
    basis: list[BasisDocument] = Field(default_factory=list, title="依据文件")
    span: Span | None = Field(None, title="开展期间")
    date: Day | None = Field(None, title="成文日期", description="默认与本期成文日期相同")
    script: ScriptChoice | None = Field(None, title="字体", description="只对情况汇报：简体或繁體")


TASK_STATUSES = {"已整改": "已整改", "完成": "已整改", "已完成": "已整改", "整改中": "整改中",
                 "正在整改": "整改中", "逾期": "逾期", "逾期未整改": "逾期"}
TaskStatus = Annotated[str, PlainValidator(_one_of(TASK_STATUSES, "只能是 已整改、整改中 或 逾期")),
                       WithJsonSchema({"type": "string", "enum": ["已整改", "整改中", "逾期"]})]


class Task(Record):
    """A problem the office handed to a unit to rectify (交办问题)."""

    text: Text = Field(title="问题", examples=["（在此填写交办的问题）"])
    unit: Name | None = Field(None, title="责任单位", examples=["示例县某某局"])
    due: Day | None = Field(None, title="整改时限", description="过了时限仍在整改的算作逾期")
    status: TaskStatus = Field(title="整改情况", description="已整改、整改中 或 逾期", examples=["已整改"])


class Oversight(Record):
    """What only the office above the units records: 责任书, 督办单, problems handed to units."""

    letters: Count | None = Field(None, title="签订责任书", description="与成员单位签订的责任书份数，如 73")
    notices: Count | None = Field(None, title="下发督办单", description="督办单份数，可写约数，如 30余份")
    tasks: list[Task] = Field(default_factory=list, title="交办问题",
                              description="逐个列出交办的问题和整改情况；只有总数时写 assigned 和 rectified")
    assigned: Count | None = Field(None, title="交办问题数", description="没有逐个列出时填写，如 60余个")
    rectified: Count | None = Field(None, title="已整改数", description="没有逐个列出时填写")

    @model_validator(mode="after")
    def _counts_or_list(self) -> Oversight:
        if self.tasks and (self.assigned is not None or self.rectified is not None):
            raise ValueError("交办问题逐个列出时，总数由程序统计，不再写 assigned、rectified")
        return self


COMPARED = {"活动": "activities", "活动次数": "activities", "会议": "meetings", "会议次数": "meetings",
            "检查": "inspections", "检查次数": "inspections", "发现问题": "found", "问题": "found",
            "已整改": "rectified", "整改": "rectified", "整改率": "rate"}
"""The figures a summary can compare with earlier periods (and any activity metric by its name)."""
COMPARE_WITH = {"上期": "previous", "环比": "previous", "同期": "last_year", "同比": "last_year",
                "上期和同期": "both", "环比和同比": "both"}


class Comparison(Record):
    """Which figures the text compares with the previous period and the same period last year."""

    figures: Annotated[list[Name], BeforeValidator(_text_as_list)] = Field(
        title="比较的数字", min_length=1, description="活动、会议、检查、发现问题、已整改、整改率，"
        "或活动数据的名称（如 发放宣传资料）", examples=[["活动", "发现问题"]])
    against: Annotated[str, PlainValidator(_one_of(COMPARE_WITH, "只能是 上期、同期 或 上期和同期")),
                       WithJsonSchema({"type": "string", "enum": ["上期", "同期", "上期和同期"]})] = Field(
        "上期", validate_default=True, title="与谁比较",
        description="上期（环比，如上半年）、同期（同比，去年同期）或上期和同期")


class PeriodRecords(Record):
    """One period's records (期间台账): data/<单位>/<期间>.yaml."""

    period: PeriodId = Field(title="期间", description=PERIOD_FORMS, examples=["2026-H1"])
    date: Day = Field(title="成文日期", examples=["2026-07-10"])
    title: Title | None = Field(None, title="标题",
                                description="留空则自动生成：单位名称＋期间＋工作主题＋总结")
    overview: Annotated[list[Text], BeforeValidator(_text_as_list)] = Field(
        title="开头概述", min_length=1, description="一段文字，或几段（列表）",
        examples=["（在此填写本期工作的总体情况）"])
    sections: list[Annotated[Section, BeforeValidator(_text_as_section)]] = Field(
        title="主要工作", min_length=1)
    activities: list[Activity] = Field(default_factory=list, title="活动台账")
    meetings: list[Meeting] = Field(default_factory=list, title="会议",
                                    description="也可单独写在 meetings/ 目录下，见 README")
    briefings: list[Briefing] = Field(default_factory=list, title="简报",
                                      description="一期登载几条消息的简报；没有列入的会议各出一期")
    inspections: list[Inspection] = Field(default_factory=list, title="检查")
    problems: Blocks = Field(None, title="存在的问题",
                             description="逐条列出；或写 heading（自定标题）和 sections",
                             examples=[["（在此填写存在的问题）"]])
    plans: Blocks = Field(None, title="下步工作计划", description="逐条列出；或写 heading（自定标题）、"
                          "sections（带小标题和要点的计划）", examples=[["（在此填写下一期间的工作计划）"]])
    outline: Outline | None = Field(None, title="文书结构",
                                    description="各大部分的顺序和标题；默认依次为主要工作、存在的问题、工作计划")
    closing: Annotated[list[Text], BeforeValidator(_text_as_list)] = Field(
        default_factory=list, title="结束语", description="全文最后的一段或几段，如“总之，……”")
    phrases: Phrases | None = Field(None, title="文书用语", description="替换程序自动写的句子，只对本期有效")
    report: ReportInfo | None = Field(None, title="情况汇报",
                                      description="生成情况汇报所需的主送机关、依据文件和开展期间")
    script: ScriptChoice | None = Field(None, title="字体",
                                        description="本期文书用简体还是繁體；默认按单位信息")
    ledger_from: list[PeriodId] = Field(default_factory=list, title="台账来自",
                                        description="年度总结等由几个期间的台账合成时，列出这些期间，"
                                        "如 [2026-H1, 2026-H2]；数字从它们算出，不必复制", max_length=12)
    compare: Comparison | None = Field(None, title="比较", description="与上期、去年同期比较哪些数字")
    oversight: Oversight | None = Field(None, title="督办",
                                        description="上级单位（创卫办）的责任书、督办单和交办问题")
