"""The records of a 考评 (an office scoring its member units) and the checks that span them.

A 考评 file is one YAML mapping (see :class:`Assessment`): the scheme (parts, full marks, weights,
classes, rounding), the scores of each unit (a list in the file, or an .xlsx sheet next to it)
and the exemptions. Pydantic checks each field; :func:`scheme_problems`,
:func:`exemption_problems` and :func:`check_rows` check what spans fields (weights against
parts, scores against full marks, units against members …) and say where, as validate.py does
for a period's records.

Scores are exact: every number is read from the text the clerk typed (or the number Excel
stored) into a :class:`~decimal.Decimal`, never through a float's approximation.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PlainSerializer, PlainValidator, WithJsonSchema

from reportgen.limits import MAX_NAME_CHARS, MAX_SIBLINGS
from reportgen.load import PathKey
from reportgen.models import Day, Name, PeriodId, Record, Text, Title
from reportgen.period import PERIOD_FORMS

MAX_POINTS = Decimal(1000)
"""Full marks (and so scores) are at most 1000: real schemes use 100, or parts of 10–40."""

UNIT_KEY = "unit"
"""The key of a score row that names the unit; every other key is a part."""

_NUMBER = re.compile(r"^\d{1,4}(\.\d{1,2})?$")
_WEIGHT_SEPARATORS = re.compile(r"\s*[:：]\s*")


def _number_text(value: Any) -> str | None:
    """The text of a number as written (a YAML scalar is text; Excel gives int or float),
    or None when it is no plain number. A float keeps its shortest form (92.5, not
    92.5000000001), and one that Excel computed to a hair off two decimals (89.15000000000001)
    counts as those two decimals."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(Decimal(text), "f")
        rounded = round(value, 2)
        return format(Decimal(repr(rounded)), "f") if abs(value - rounded) < 1e-9 else text
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return value.strip()
    return None


def parse_points(value: Any, full: Decimal = MAX_POINTS, what: str = "分数") -> Decimal:
    """A number of points as written: 92, 89.5, 27.25 (at most two decimals), from 0 to *full*.
    Raise ValueError in Chinese otherwise."""
    text = _number_text(value)
    example = "如 92 或 89.5"
    if text is not None and text.startswith("-") and _NUMBER.match(text[1:]):
        raise ValueError(f"“{text}”：{what}不能小于 0")
    if text is None or not _NUMBER.match(text):
        shown = text if text is not None else value
        if text is not None and re.match(r"^\d+\.\d{3,}$", text):
            raise ValueError(f"“{shown}”：{what}最多两位小数（在 Excel 中可用 ROUND(…,2)）")
        raise ValueError(f"“{shown}”不是{what}：应写作 0 到 {plain(full)} 的数，{example}")
    number = Decimal(text)
    if number > full:
        limit = "满分" if full < MAX_POINTS else "上限"
        raise ValueError(f"“{text}”超过了{limit}（{plain(full)}分）")
    return number


def plain(number: Decimal) -> str:
    """A number as a clerk writes it: 100, 89.5 (no exponent, no trailing zeros)."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _parse_full(value: Any) -> Decimal:
    number = parse_points(value, MAX_POINTS, "满分")
    if number == 0:
        raise ValueError("满分应大于 0")
    return number


def _parse_weight(value: Any) -> Decimal:
    text = _number_text(value)
    if text is None or not _NUMBER.match(text):
        raise ValueError(f"“{value}”不是数字：应写作 3:3:4，或列表 [3, 3, 4]")
    number = Decimal(text)
    if number == 0:
        raise ValueError("权重应大于 0")
    return number


def _parse_class_min(value: Any) -> Decimal:
    return parse_points(value, Decimal(100), "最低分")


def _scalar_as_list(value: Any) -> Any:
    return [value] if not isinstance(value, list) and value is not None else value


def _split_weights(value: Any) -> Any:
    """3:3:4 (or 3：3：4, full-width) → ["3", "3", "4"]; a list stays as it is."""
    if isinstance(value, str):
        return _WEIGHT_SEPARATORS.split(value.strip())
    return _scalar_as_list(value)


def _serialize_number(number: Decimal) -> str:
    return plain(number)


Points = Annotated[Decimal, PlainValidator(_parse_full), PlainSerializer(_serialize_number, return_type=str),
                   WithJsonSchema({"type": ["number", "string"], "description": "满分，如 100"})]
Weight = Annotated[Decimal, PlainValidator(_parse_weight),
                   PlainSerializer(_serialize_number, return_type=str),
                   WithJsonSchema({"type": ["number", "string"], "description": "权重，如 3"})]
ClassMin = Annotated[Decimal, PlainValidator(_parse_class_min),
                     PlainSerializer(_serialize_number, return_type=str),
                     WithJsonSchema({"type": ["number", "string"], "description": "最低分，0 到 100"})]


class ClassRule(Record):
    """A class (类别) of units: its name and the lowest total that reaches it."""

    name: Name = Field(title="类别名称", examples=["一类"])
    min: ClassMin = Field(title="最低分", description="达到这一类的最低总分（含），最后一类为 0",
                          examples=["90"])


def _default_classes() -> list[ClassRule]:
    return [ClassRule(name="一类", min=Decimal(90)), ClassRule(name="二类", min=Decimal(75)),
            ClassRule(name="三类", min=Decimal(0))]


class Scheme(Record):
    """How units are scored (考评办法): parts, full marks, weights, classes, rounding, ties."""

    parts: list[Name] = Field(title="考评项目", min_length=1, max_length=MAX_SIBLINGS,
                              examples=[["环境卫生", "健康教育", "除“四害”"]])
    full: Annotated[list[Points], BeforeValidator(_scalar_as_list)] = Field(
        default_factory=lambda: [Decimal(100)], title="满分", min_length=1,
        description="一个数（各项目相同），或每个项目一个数的列表，如 [30, 30, 40]；默认 100")
    weights: Annotated[list[Weight], BeforeValidator(_split_weights)] | None = Field(
        None, title="权重", description="如 3:3:4（也可写 3：3：4 或列表 [3, 3, 4]）；默认各项目权重相同",
        examples=["3:3:4"])
    classes: list[ClassRule] = Field(
        default_factory=_default_classes, title="类别", min_length=1, max_length=MAX_SIBLINGS,
        description="从高到低，每类写名称和最低分，最后一类最低分为 0；默认一类 90、二类 75、三类 0")
    decimals: int = Field(1, ge=0, le=2, title="保留小数位", description="总分保留几位小数（四舍五入），0–2")
    ties: Literal["并列"] = Field("并列", title="同分处理",
                                  description="并列：总分相同的单位名次相同，其后的名次顺延（1、1、3）")

    @property
    def full_marks(self) -> tuple[Decimal, ...]:
        """Each part's full marks (one given for all is repeated)."""
        if len(self.full) == 1:
            return tuple(self.full[0] for _ in self.parts)
        return tuple(self.full)

    @property
    def weight_values(self) -> tuple[Decimal, ...]:
        """Each part's weight (equal weights when none are given)."""
        return tuple(self.weights) if self.weights else tuple(Decimal(1) for _ in self.parts)

    def class_of(self, total: Decimal) -> str:
        """The name of the first class whose lowest total *total* reaches."""
        for rule in self.classes:
            if total >= rule.min:
                return rule.name
        return self.classes[-1].name


class Exemption(Record):
    """A unit, or one part of a unit, not assessed (免检), with the reason."""

    unit: Name = Field(title="单位", examples=["县第一中学"])
    part: Name | None = Field(None, title="免检项目", description="留空则整个单位免检（不参加排名）",
                              examples=["健康教育"])
    reason: Text = Field(title="原因", examples=["学校放假"])


def _scores_source(value: Any) -> tuple[Any, ...] | str:
    """A list of rows (checked against the scheme afterwards) or an .xlsx file's name."""
    if isinstance(value, str):
        name = value.strip()
        if not name.lower().endswith(".xlsx"):
            raise ValueError("应为逐个单位的得分列表，或同一文件夹中 .xlsx 得分表的文件名"
                             "（如 考评得分.xlsx）")
        if "/" in name or "\\" in name or name.startswith("."):
            raise ValueError("只写文件名（如 考评得分.xlsx）：得分表应与本文件放在同一文件夹")
        return name
    if isinstance(value, list):
        if not value:
            raise ValueError("得分列表是空的：请逐个单位填写，或写 .xlsx 得分表的文件名")
        return tuple(value)
    raise ValueError("应为逐个单位的得分列表（每项以“- unit: ”开头），或 .xlsx 得分表的文件名")


ScoresSource = Annotated[
    tuple[Any, ...] | str,
    PlainValidator(_scores_source),
    WithJsonSchema({"oneOf": [
        {"type": "string", "pattern": r"\.xlsx$", "description": "同一文件夹中的得分表，如 考评得分.xlsx"},
        {"type": "array", "items": {"type": "object", "required": [UNIT_KEY],
                                    "description": "unit: 单位名称，以及每个考评项目一个得分"}},
    ]}),
]


def _text_as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Assessment(Record):
    """A 考评 and its scores (考评): the file an office writes to publish a 考评结果通报."""

    title: Title | None = Field(None, title="标题", description="留空则为“期间＋工作主题＋考评”，"
                                "如“2026年上半年创卫工作考评”")
    period: PeriodId = Field(title="期间", description=PERIOD_FORMS, examples=["2026-H1"])
    date: Day = Field(title="成文日期", examples=["2026-07-15"])
    recipient: Name = Field("各成员单位", title="主送", examples=["各成员单位"])
    basis: Text | None = Field(None, title="依据", examples=["《2026年创卫工作考评办法》"])
    inspected: Text | None = Field(None, title="检查情况",
                                   description="怎样检查的，一句话，如“7月1日至7日，县创卫办组织检查组"
                                   "对各成员单位进行了考评”")
    subject: Name = Field("成员单位", title="单位称谓", description="计数时对被考评单位的称呼，如“机关单位”",
                          examples=["机关单位"])
    scheme: Scheme = Field(title="考评办法")
    scores: ScoresSource = Field(title="得分", description="逐个单位的列表（unit: 单位名称，每个考评项目"
                                 "一个得分），或同一文件夹中 .xlsx 得分表的文件名")
    exempt: list[Exemption] = Field(default_factory=list, title="免检")
    closing: Annotated[list[Text], BeforeValidator(_text_as_list)] = Field(
        default_factory=list, title="结束语", description="全文最后的要求，一段或几段")

    def heading(self, theme: str) -> str:
        """The title: the one written, else 期间＋*theme*（工作主题）＋考评."""
        return self.title or f"{self.period.label}{theme}考评"


@dataclass(frozen=True)
class Row:
    """One unit's validated scores: part → points; an exempt part has none."""

    unit: str
    scores: Mapping[str, Decimal] = field(default_factory=dict)


# ---------------------------------------------------------------- checks across fields


def assessment_problems(assessment: Assessment,
                        members: Sequence[str] | None) -> Iterator[tuple[PathKey, str]]:
    """Every check across the fields of a valid Assessment but those of its score rows."""
    if assessment.date < assessment.period.start:
        yield ("date",), f"成文日期 {assessment.date} 早于考评期间开始（{assessment.period.label}）"
    yield from scheme_problems(assessment.scheme)
    yield from exemption_problems(assessment, members)


def scheme_problems(scheme: Scheme) -> Iterator[tuple[PathKey, str]]:
    """Parts named twice, full marks and weights not one per part, classes out of order."""
    key: PathKey = ("scheme",)
    count = len(scheme.parts)
    listed = "、".join(scheme.parts)
    seen: set[str] = set()
    for index, part in enumerate(scheme.parts):
        if part in seen:
            yield (*key, "parts", index), f"考评项目{_q(part)}写了两次"
        if part == UNIT_KEY:
            yield (*key, "parts", index), f"考评项目不能叫 {UNIT_KEY}（它是得分表中单位名称的键）"
        seen.add(part)
    if len(scheme.full) not in (1, count):
        yield (*key, "full"), (f"满分写了 {len(scheme.full)} 个，考评项目有 {count} 个（{listed}）："
                               "写一个数（各项目相同），或每个项目一个")
    if scheme.weights is not None and len(scheme.weights) != count:
        yield (*key, "weights"), (f"权重写了 {len(scheme.weights)} 个，考评项目有 {count} 个（{listed}）："
                                  "每个项目一个权重，如 3:3:4")
    yield from _class_problems(scheme)


def _class_problems(scheme: Scheme) -> Iterator[tuple[PathKey, str]]:
    names: set[str] = set()
    unit = Decimal(1).scaleb(-scheme.decimals)
    for index, rule in enumerate(scheme.classes):
        key: PathKey = ("scheme", "classes", index)
        if rule.name in names:
            yield (*key, "name"), f"类别“{rule.name}”写了两次"
        names.add(rule.name)
        if rule.min % unit:
            yield (*key, "min"), (f"最低分 {plain(rule.min)} 的小数位多于总分保留的 {scheme.decimals} 位："
                                  "总分不会恰好是这个数")
        if index and rule.min >= scheme.classes[index - 1].min:
            above = scheme.classes[index - 1]
            yield (*key, "min"), (f"类别应从高到低排列：“{rule.name}”的最低分 {plain(rule.min)} "
                                  f"应低于上一类“{above.name}”的 {plain(above.min)}")
    last = scheme.classes[-1]
    if last.min != 0:
        yield (("scheme", "classes", len(scheme.classes) - 1, "min"),
               f"最后一类“{last.name}”的最低分应为 0，否则总分低于 {plain(last.min)} 的单位不属于任何一类")


def exemption_problems(assessment: Assessment,
                       members: Sequence[str] | None) -> Iterator[tuple[PathKey, str]]:
    """Exemptions of units that are not members, of parts not in the scheme, written twice, or
    of every part of a unit (that is a whole unit's exemption)."""
    parts = assessment.scheme.parts
    member_set = frozenset(members or ())
    seen: set[tuple[str, str | None]] = set()
    exempt_parts: dict[str, set[str]] = {}
    for index, exemption in enumerate(assessment.exempt):
        key: PathKey = ("exempt", index)
        unit, part = exemption.unit, exemption.part
        if members is not None and unit not in member_set:
            yield (*key, "unit"), not_a_member(unit, members)
        if part is not None and part not in parts:
            yield (*key, "part"), unknown_part(part, parts)
        if (unit, part) in seen:
            yield key, f"{_q(unit)}{'的' + _q(part) if part else ''}的免检写了两次"
        elif (unit, None) in seen:
            yield key, f"{_q(unit)}已整个单位免检，不必再写{_q(str(part))}免检"
        elif part is None and any(u == unit for u, _ in seen):
            yield key, f"{_q(unit)}已有部分项目免检，又写了整个单位免检：请只保留一种"
        seen.add((unit, part))
        if part is not None and part in parts:
            exempt_parts.setdefault(unit, set()).add(part)
            if exempt_parts[unit] == set(parts):
                yield key, f"{_q(unit)}的所有考评项目都免检了：请改为整个单位免检（删去 part）"


def unscored_exemptions(assessment: Assessment, scored: set[str]) -> Iterator[tuple[PathKey, str]]:
    """Exemptions of one part of a unit that has no scores at all: its other parts are missing."""
    for index, exemption in enumerate(assessment.exempt):
        unit, part = exemption.unit, exemption.part
        if part is not None and part in assessment.scheme.parts and unit not in scored:
            yield (("exempt", index, "part"),
                   f"{_q(unit)}只免检{_q(part)}，但没有{_q(unit)}的得分：其余项目仍应评分；"
                   "整个单位免检请删去 part")


def _q(name: str) -> str:
    """A name in quotes, “环境卫生”; one that has quotes of its own (除“四害”) as it is."""
    return name if "“" in name or "”" in name else f"“{name}”"


def not_a_member(unit: str, members: Sequence[str]) -> str:
    """That *unit* is not a member, with the member it most likely means."""
    close = difflib.get_close_matches(unit, list(members), n=1, cutoff=0.6)
    hint = f"，您要写的是不是{_q(close[0])}？" if close else "：请检查单位名称，或先把它加为成员单位"
    return f"{_q(unit)}不是成员单位{hint}"


def unknown_part(part: str, parts: Sequence[str]) -> str:
    """That *part* is not in the scheme, with the part it most likely means and the list."""
    close = difflib.get_close_matches(part, list(parts), n=1, cutoff=0.5)
    hint = f"您要写的是不是{_q(close[0])}？" if close else ""
    return f"未知的考评项目{_q(part)}，{hint}考评项目有：{'、'.join(parts)}"


@dataclass(frozen=True)
class RowIssue:
    """A problem with score row *index*: at its *key* (the unit, or a part), or the row itself
    when *key* is None; *at_key* when the key itself is wrong (an unknown part)."""

    index: int
    key: str | None
    message: str
    at_key: bool = False


@dataclass
class _RowContext:
    scheme: Scheme
    whole: Mapping[str, str]
    """Units exempt as a whole → the reason."""
    partial: set[tuple[str, str]]
    """(unit, part) exempt."""
    members: Sequence[str] | None
    line: Callable[[int], int]
    member_set: frozenset[str] = frozenset()
    first: dict[str, int] = field(default_factory=dict)
    """Each unit scored → its first row."""


def check_rows(scheme: Scheme, exempt: Sequence[Exemption], raw_rows: Sequence[Any],
               members: Sequence[str] | None, line: Callable[[int], int]) -> tuple[list[Row], list[RowIssue]]:
    """Validate score rows (from the YAML list or an .xlsx sheet) against the *scheme*, the
    exemptions and the *members* (None: not checked). *line* gives a row's line (or sheet row)
    for messages that point at another row. Return the valid rows and the issues found (all)."""
    context = _RowContext(
        scheme,
        whole={e.unit: e.reason for e in exempt if e.part is None},
        partial={(e.unit, e.part) for e in exempt if e.part is not None},
        members=members, line=line, member_set=frozenset(members or ()))
    rows: list[Row] = []
    issues: list[RowIssue] = []
    for index, raw in enumerate(raw_rows):
        found = list(_row_issues(context, index, raw))
        issues += found
        if not found:
            unit = str(raw[UNIT_KEY]).strip()
            rows.append(Row(unit, _scores_of(scheme, unit, raw, context.partial)))
    return rows, issues


def _scores_of(scheme: Scheme, unit: str, raw: Mapping[str, Any],
               partial: set[tuple[str, str]]) -> dict[str, Decimal]:
    return {part: parse_points(raw[part], full)
            for part, full in zip(scheme.parts, _fulls(scheme), strict=True)
            if (unit, part) not in partial}


def _fulls(scheme: Scheme) -> tuple[Decimal, ...]:
    """Each part's full marks, or the upper bound when they are not given one per part."""
    if len(scheme.full) in (1, len(scheme.parts)):
        return scheme.full_marks
    return tuple(MAX_POINTS for _ in scheme.parts)


def _row_issues(context: _RowContext, index: int, raw: Any) -> Iterator[RowIssue]:
    scheme = context.scheme
    if not isinstance(raw, Mapping):
        yield RowIssue(index, None, "每一行应写单位和各项目得分，如“- unit: 县财政局”，下面每个项目一行"
                                    f"（{scheme.parts[0]}: 92）")
        return
    for key in raw:
        if key != UNIT_KEY and key not in scheme.parts:
            message = ("单位名称请写在 unit 下（unit: 县财政局）" if key in ("单位", "单位名称", "name")
                       else unknown_part(str(key), scheme.parts))
            yield RowIssue(index, str(key), message, at_key=True)
    unit = yield from _unit_issues(context, index, raw.get(UNIT_KEY))
    exempt_whole = unit is not None and unit in context.whole
    for part, full in zip(scheme.parts, _fulls(scheme), strict=True):
        value = raw.get(part)
        exempt = unit is not None and (unit, part) in context.partial
        if value is None or (isinstance(value, str) and not value.strip()):
            if not exempt and not exempt_whole:
                yield RowIssue(index, part, f"缺少{_q(part)}的得分（不考评这一项请在 exempt 中写明原因）")
            continue
        if exempt:
            yield RowIssue(index, part,
                           f"{_q(str(unit))}的{_q(part)}已免检，不应再有得分：请删去这个得分，或删去免检")
            continue
        try:
            parse_points(value, full)
        except ValueError as exc:
            yield RowIssue(index, part, str(exc))


def _unit_issues(context: _RowContext, index: int, value: Any) -> Generator[RowIssue, None, str | None]:
    """The row's unit: named, a member, scored once, not exempt as a whole. Returns the unit's
    name (None when there is none) after yielding the issues."""
    if value is None or (isinstance(value, str) and not value.strip()):
        yield RowIssue(index, UNIT_KEY, "缺少单位名称")
        return None
    if not isinstance(value, str | int):
        yield RowIssue(index, UNIT_KEY, "单位名称应为文字")
        return None
    unit = str(value).strip()
    if len(unit) > MAX_NAME_CHARS:
        yield RowIssue(index, UNIT_KEY,
                       f"单位名称太长了：最多 {MAX_NAME_CHARS} 个字，这里有 {len(unit)} 个字")
    if context.members is not None and unit not in context.member_set:
        yield RowIssue(index, UNIT_KEY, not_a_member(unit, context.members))
    first = context.first.setdefault(unit, index)
    if first != index:
        yield RowIssue(index, UNIT_KEY,
                       f"{_q(unit)}已在第 {context.line(first)} 行评过分：每个单位只能有一行得分")
    if unit in context.whole:
        yield RowIssue(index, UNIT_KEY, (f"{_q(unit)}已免检（{context.whole[unit]}），"
                                         "已免检的单位不应再有得分：请删去这一行，或删去免检"))
    return unit
