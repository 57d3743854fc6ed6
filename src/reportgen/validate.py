"""Stage 2, validate: loaded data → typed records, or every problem, located, in Chinese."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from reportgen.errors import CellLocation, Problem, RecordsError
from reportgen.fieldtypes import is_model, item_type, model_at, unwrap_optional
from reportgen.limits import MAX_SIBLINGS
from reportgen.load import Loaded, PathKey, gc_paused
from reportgen.models import (
    Briefing,
    Meeting,
    MeetingsFile,
    PeriodRecords,
    Section,
    Unit,
    heading_level,
    matching_meetings,
)
from reportgen.models import Part as OutlinePart
from reportgen.outline import Headings, Node, outline_nodes
from reportgen.period import PERIOD_FORMS, Period
from reportgen.quantity import convertible, is_rate_metric
from reportgen.sources.workbook import Sourced

M = TypeVar("M", bound=BaseModel)
_CHINESE = re.compile("[\u4e00-\u9fff]")


def validate_unit(loaded: Loaded) -> Unit:
    """Validate a unit profile (unit.yaml)."""
    return _validate(Unit, loaded)


def validate_period(loaded: Loaded, unit: Unit | None = None,
                    standalone: Sequence[Meeting] = ()) -> PeriodRecords:
    """Validate a period file, including the checks that span fields (dates within the period…)
    and, given its *unit*, the checks that need the unit profile too. *standalone* are the
    unit's meetings recorded on their own (meetings/), which its 简报 may carry."""
    records = _validate(PeriodRecords, loaded)
    found = list(consistency_problems(records, loaded.path.stem))
    found += meeting_problems(records.meetings, records.briefings, standalone)
    if unit is not None:
        found += unit_problems(unit, records)
    problems = [_problem(loaded, key, message) for key, message in found]
    if problems:
        raise RecordsError(sorted(problems, key=_position))
    return records


def validate_meetings(loaded: Loaded, standalone: Sequence[Meeting] = ()) -> MeetingsFile:
    """Validate a file of meetings recorded on their own; its 简报 may carry the meetings of the
    other such files (*standalone*, without this file's own) too."""
    if loaded.data is None:
        raise RecordsError([_problem(loaded, (), "文件是空的：请写一次会议（date、title……），"
                                                 "或 meetings: 列表")])
    records = _validate(MeetingsFile, loaded)
    problems = [_problem(loaded, key, message) for key, message
                in meeting_problems(records.meetings, records.briefings, standalone,
                                    elsewhere="meetings/ 的另一个文件中")]
    if problems:
        raise RecordsError(sorted(problems, key=_position))
    return records


def meeting_problems(meetings: Sequence[Meeting], briefings: Sequence[Briefing],
                     standalone: Sequence[Meeting], *, elsewhere: str = "单独记在 meetings/ 中",
                     ) -> Iterator[tuple[PathKey, str]]:
    """Decisions due before their meeting; a meeting recorded twice (here and in meetings/);
    a 简报 item that names no meeting, or several."""
    for m, meeting in enumerate(meetings):
        for d, decision in enumerate(meeting.decisions):
            if decision.due is not None and decision.due < meeting.date:
                yield (("meetings", m, "decisions", d, "due"),
                       f"完成时限 {decision.due} 早于会议日期 {meeting.date}")
        if any(o.identity == meeting.identity for o in standalone):
            yield (("meetings", m, "title"), f"这次会议（{meeting.identity}）也{elsewhere}，"
                   "会重复计数：请只保留一处")
    yield from _issue_problems(meetings, briefings)
    known = [*meetings, *standalone]
    for b, briefing in enumerate(briefings):
        for i, item in enumerate(briefing.items):
            if item.meeting is not None:
                yield from _item_problems(known, item.meeting, ("briefings", b, "items", i, "meeting"))


def _issue_problems(meetings: Sequence[Meeting],
                    briefings: Sequence[Briefing]) -> Iterator[tuple[PathKey, str]]:
    """期号 set by hand twice in one year of the file."""
    first: dict[tuple[int, int], str] = {}
    numbered = [(("meetings", m, "issue"), x.date.year, x.issue, x.title)
                for m, x in enumerate(meetings)]
    numbered += [(("briefings", b, "issue"), x.date.year, x.issue, x.identity)
                 for b, x in enumerate(briefings)]
    for key, year, issue, name in numbered:
        if issue is None:
            continue
        holder = first.setdefault((year, issue), name)
        if holder != name:
            yield key, f"{year}年第{issue}期已经给了“{holder}”：一年之内期号不能重复"


def _item_problems(known: list[Meeting], reference: str, key: PathKey) -> Iterator[tuple[PathKey, str]]:
    found = matching_meetings(known, reference)
    if not found:
        yield key, (f"找不到 {reference} 的会议：应写会议的日期，如 2026-11-26，"
                    "同一天有几个会时再加会议名称")
    elif len(found) > 1:
        titles = "、".join(m.title for m in found)
        yield key, (f"{reference} 有 {len(found)} 个会议（{titles}）：请在日期后加会议名称，"
                    f"如“{found[0].identity}”")


def _validate(model: type[M], loaded: Loaded) -> M:
    if not isinstance(loaded.data, dict) and not (model is MeetingsFile and isinstance(loaded.data, list)):
        raise RecordsError([_problem(loaded, (), _not_a_mapping(loaded.data))])
    try:
        with gc_paused():
            return model.model_validate(loaded.data)
    except ValidationError as exc:
        errors = exc.errors()
        meant = {(*e["loc"][:-1], s) for e in errors if e["type"] == "extra_forbidden"
                 for s in [_suggestion(model, tuple(e["loc"]))] if s}
        # A misspelt required key is one mistake: say "did you mean", not also "missing".
        problems = [_translate(model, loaded, e) for e in errors
                    if not (e["type"] == "missing" and tuple(e["loc"]) in meant)]
        raise RecordsError(sorted(problems, key=_position)) from None


def _position(problem: Problem) -> tuple[int, int]:
    return problem.location.line, problem.location.column


def _not_a_mapping(data: Any) -> str:
    if isinstance(data, str) and "：" in data:
        return "文件内容应为“键: 值”的形式——这里用了中文冒号“：”，请改用英文冒号加空格"
    return "文件内容应为“键: 值”的形式（如 name: 示例县某某局）"


def _problem(loaded: Loaded, key: PathKey, message: str, *, at_key: bool = False) -> Problem:
    where = source_key(loaded.data, key)
    location = loaded.locate(where, at_key=at_key)
    if isinstance(location, CellLocation) and location.header:  # a sheet names the field by its column
        label = location.header.split("（")[0]
        return Problem(location, location.header, message.removeprefix(f"{label}："))
    return Problem(location, field_path(where), message)


def field_path(key: PathKey) -> str:
    """('activities', 3, 'date') → activities[3].date."""
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _translate(model: type[BaseModel], loaded: Loaded, error: ErrorDetails) -> Problem:
    key: PathKey = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        return _problem(loaded, key, _unknown_key(model, key), at_key=True)
    if kind == "missing":
        where = source_key(loaded.data, key)
        return Problem(loaded.locate(where[:-1]), field_path(where), f"缺少必填项（{_label(model, key)}）")
    if key and key[-1] == "[key]":  # the name of an entry of a mapping (a metric's name)
        key = key[:-1]
        return _problem(loaded, key, f"{_label(model, key[:-1])}的名称：{_explain(error)}", at_key=True)
    label = _label(model, key)
    prefix = f"{label}：" if key and label != str(key[-1]) else ""
    return _problem(loaded, key, prefix + _explain(error, "" if prefix else field_path(key)))


def source_key(data: Any, key: PathKey) -> PathKey:
    """The path of *key* in the file as written: a short form the models expand (a list
    for problems: {sections: [...]}, a text for a point: {text: ...}, one meeting for a file
    of meetings: {meetings: [...]}) has no such key. The last part is kept even when absent:
    it names a missing field."""
    result: list[str | int] = []
    current = data
    for n, part in enumerate(key):
        last = n == len(key) - 1
        if isinstance(part, str) and isinstance(current, dict) and (part in current or last):
            current = current.get(part)
        elif isinstance(part, int) and isinstance(current, list):
            current = current[part] if part < len(current) else None
        else:
            continue  # a key the short form does not have
        result.append(part)
    return tuple(result)


def _explain(error: ErrorDetails, name: str = "") -> str:
    """pydantic's error in Chinese. One of a type not foreseen, or with a message not in Chinese,
    still says what is wrong where: the caller puts the field's label before it, or gives its
    *name* when it has no label."""
    kind, ctx = error["type"], error.get("ctx", {})
    unforeseen = f"“{name}”的取值不对：请按 reportgen init 生成的样板填写" if name else (
        "取值不对：请按 reportgen init 生成的样板填写")
    if kind == "value_error":
        message = str(ctx.get("error", ""))
        return message if _CHINESE.search(message) else unforeseen
    if kind == "literal_error":
        return "只能是：" + "、".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
    messages = {
        "string_type": "应为文字",
        "string_too_short": "不能为空",
        "int_type": "应为整数",
        "int_parsing": "应为整数",
        "int_from_float": "应为整数，不能有小数",
        "float_type": "应为数字",
        "float_parsing": "应为数字",
        "list_type": "应为列表（每项另起一行，以“- ”开头）",
        "dict_type": "应为“键: 值”的形式",
        "model_type": "应为“键: 值”的形式",
        "model_attributes_type": "应为“键: 值”的形式",
        "too_short": f"至少要有 {ctx.get('min_length', 1)} 项",
        "too_long": f"最多 {ctx.get('max_length')} 项，这里有 {ctx.get('actual_length')} 项",
        "string_too_long": f"太长了：最多 {ctx.get('max_length')} 个字，这里有 "
                           f"{len(str(error.get('input', '')).strip())} 个字",
        "greater_than_equal": f"不能小于 {_plain(ctx.get('ge'))}",
        "less_than_equal": f"不能大于 {_plain(ctx.get('le'))}",
    }
    return messages.get(kind, unforeseen)


def _suggestion(model: type[BaseModel], key: PathKey) -> str | None:
    """The field an unknown key most likely meant: by its Chinese label, or by spelling."""
    owner = model_at(model, key[:-1])
    if owner is None:
        return None
    fields = owner.model_fields
    by_label = {info.title: field for field, info in fields.items() if info.title}
    name = str(key[-1])
    close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
    return by_label.get(name) or (close[0] if close else None)


def _plain(number: Any) -> str:
    """100.0 → 100, as a clerk writes it."""
    return str(int(number)) if isinstance(number, float) and number.is_integer() else str(number)


def _unknown_key(model: type[BaseModel], key: PathKey) -> str:
    owner = model_at(model, key[:-1])
    name = str(key[-1])
    if owner is None:
        return f"未知字段“{name}”"
    fields = owner.model_fields
    meant = _suggestion(model, key)
    if meant and fields[meant].title == name:
        return f"未知字段“{name}”：字段名请用英文，您要写的是不是 {meant}（{name}）？"
    if meant:
        return f"未知字段“{name}”，您要写的是不是 {meant}（{fields[meant].title}）？"
    known = "、".join(f"{f}（{i.title}）" for f, i in fields.items())
    return f"未知字段“{name}”。可用的字段：{known}"


def _label(model: type[BaseModel], key: PathKey) -> str:
    """The Chinese title of the field at *key*, or of the nearest field that has one."""
    labels = []
    current: Any = model
    for part in key:
        if isinstance(part, int) or not is_model(current):
            current = item_type(current) if current is not None else None
            if isinstance(part, str):
                labels.append(part)
            continue
        info = current.model_fields.get(part)
        if info is None:
            return str(part)
        labels.append(info.title or part)
        current = unwrap_optional(info.annotation)
    return labels[-1] if labels else ""


def consistency_problems(records: PeriodRecords, file_stem: str) -> Iterator[tuple[PathKey, str]]:
    """Checks across fields: the file name, dates inside the period, counts that must agree."""
    period = records.period
    if not _is_period_id(file_stem):
        yield ("period",), (f"文件名“{file_stem}”不是期间：期间台账应命名为 {period.id}.yaml"
                            f"（{PERIOD_FORMS}）")
    elif file_stem != period.id:
        yield ("period",), (f"期间 {period.id} 与文件名 {file_stem}.yaml 不一致"
                            "（复制上期文件后请同时修改 period）")
    if records.date < period.start:
        yield ("date",), f"成文日期 {records.date} 早于期间开始（{period.label}）"
    for name in ("activities", "meetings", "inspections"):
        for index, item in enumerate(getattr(records, name)):
            yield from _outside(period, item.date, (name, index, "date"))
    for index, inspection in enumerate(records.inspections):
        found, rectified = inspection.found, inspection.rectified
        if not found.approximate and rectified.value > found.value:
            yield (("inspections", index, "rectified"),
                   f"已整改数（{rectified}）不能多于发现问题数（{found}）")
    yield from structure_problems(records)
    yield from _ledger_from_problems(records)
    span = records.report.span if records.report else None
    if span is not None and span.end < span.start:
        yield ("report", "span", "end"), f"结束日期 {span.end} 早于开始日期 {span.start}"


def _ledger_from_problems(records: PeriodRecords) -> Iterator[tuple[PathKey, str]]:
    """The periods a ledger is made from lie inside this one, are shorter, and do not overlap."""
    period, seen = records.period, list[Period]()
    for i, sub in enumerate(records.ledger_from):
        if sub.months >= period.months or sub.start not in period or sub.end not in period:
            yield ("ledger_from", i), f"{sub.id} 不是 {period.label}之内更短的期间"
        elif any(sub.start <= other.end and other.start <= sub.end for other in seen):
            yield ("ledger_from", i), f"{sub.id} 与前面列出的期间重叠"
        seen.append(sub)


def unit_problems(unit: Unit, records: PeriodRecords) -> Iterator[tuple[PathKey, str]]:
    """Checks that need the unit profile: a 情况汇报 must know to whom it goes, and must be
    able to number its body."""
    recipient = (records.report.recipient if records.report else None) or unit.superior
    if records.report is not None and not recipient:
        yield (("report",), "情况汇报缺少主送机关：请填写 report.recipient，"
                            "或在 unit.yaml 中填写 superior（上级机关）")
    if recipient:
        yield from _report_basics_problems(records)


def _report_basics_problems(records: PeriodRecords) -> Iterator[tuple[PathKey, str]]:
    """A 情况汇报 whose body is not in parts opens with a level-1 heading of its own, 基本情况
    (the ledger's figures), before the clerk's: that one must be numbered too. (Counted whenever
    the ledger has entries, whether or not their figures end up in the report.)"""
    if any(part.heading for part in records.outline or []):
        return
    if not (records.activities or records.meetings or records.inspections):
        return
    nodes = outline_nodes(records, Headings("存在的问题", "工作计划"))
    if len(nodes) == MAX_SIBLINGS:
        yield _siblings_key(nodes), (f"同一级最多 {MAX_SIBLINGS} 项，这里有 {MAX_SIBLINGS} 项，情况汇报"
                                     "还要在最前面加上“基本情况”一项：请分成几部分")


def _is_period_id(text: str) -> bool:
    try:
        return Period.parse(text).id == text
    except ValueError:
        return False


def _outside(period: Period, day: date, key: PathKey) -> Iterator[tuple[PathKey, str]]:
    if day not in period:
        yield key, f"日期 {day} 不在本期间（{period.label}）内"


def structure_problems(records: PeriodRecords) -> Iterator[tuple[PathKey, str]]:
    """The shape of the body, checked on the same outline tree the documents are laid out
    from: levels, points and the outline itself."""
    yield from _outline_problems(records.outline or [])
    yield from _tree_problems(outline_nodes(records, Headings("存在的问题", "工作计划")), 0)


def _outline_problems(outline: list[OutlinePart]) -> Iterator[tuple[PathKey, str]]:
    named = [(i, j, name) for i, part in enumerate(outline) for j, name in enumerate(part.contains)]
    seen: set[str] = set()
    for i, j, name in named:
        if name in seen:
            yield ("outline", i, "contains", j), f"“{name}”在文书结构中出现了两次"
        seen.add(name)
    if outline and "sections" not in seen:
        yield ("outline",), "文书结构中没有 sections（主要工作）：主要工作会被漏掉"


def _tree_problems(nodes: list[Node], parent: int) -> Iterator[tuple[PathKey, str]]:
    """Siblings of one level under one parent (as numbered), then each node and its children."""
    if nodes:
        siblings = _siblings_key(nodes)
        levels = {node.level for node in nodes if node.level is not None}
        if len(levels) > 1:
            yield siblings, f"同一组标题的层级（level）要一致，这里有 {'、'.join(map(str, sorted(levels)))}"
        if len(nodes) > MAX_SIBLINGS:
            yield siblings, f"同一级最多 {MAX_SIBLINGS} 项，这里有 {len(nodes)} 项：请分成几部分"
    for node in nodes:
        if node.level is not None and (node.level <= parent or parent == 0 < node.level - 1):
            yield (*node.key, "level"), (f"层级 {node.level} 应低于上一级（{parent}）"
                                         if parent else "最上一级标题的层级只能是 1")
        if node.section is not None:
            yield from _point_problems(node.section, node.key)
        yield from _tree_problems(node.children, heading_level(parent, node.heading, node.level))


def _siblings_key(nodes: list[Node]) -> PathKey:
    """Where a list of sibling nodes was written: the list holding the first that has a place of
    its own (a part of the outline has none)."""
    for node in nodes:
        if node.key:
            return node.key[:-1] if isinstance(node.key[-1], int) else node.key
    return ("outline",)


def _point_problems(section: Section, key: PathKey) -> Iterator[tuple[PathKey, str]]:
    if section.empty:
        yield key, "这一项是空的：请写标题（heading）或正文（text）"
    headed = [point.heading is not None for point in section.points]
    if section.points_style is None and any(headed) and not all(headed):
        yield ((*key, "points"),
               "同一部分的要点要么都有小标题（排为（一）（二）），要么都没有（排为一是、二是）；"
               "或用 points_style 写明要点写法")
    if section.point_layout == "headed":
        return  # headed points are child headings, checked as the tree's nodes
    for index, point in enumerate(section.points):
        if point.points or point.sections:
            yield ((*key, "points", index),
                   "连写或分段的要点（一是、二是）不能再有下级：请把 points_style 改为 小标题")
    if len(section.points) > MAX_SIBLINGS:
        yield (*key, "points"), f"要点最多 {MAX_SIBLINGS} 项"


def period_notes(loaded: Loaded, records: PeriodRecords) -> list[Problem]:
    """Things worth a look that do not stop the build: a metric recorded in units that do not
    convert (人 and 人次) is totalled apart, naming both lines."""
    notes = list(loaded.notes) if isinstance(loaded, Sourced) else []
    first: dict[str, tuple[str, PathKey]] = {}
    for index, activity in enumerate(records.activities):
        for name, amount in activity.metrics.items():
            key: PathKey = ("activities", index, "metrics", name)
            unit, seen = amount.unit, first.setdefault(name, (amount.unit, key))
            if not is_rate_metric(name, amount) and not convertible(seen[0], unit):
                other = loaded.locate(seen[1])
                notes.append(_problem(loaded, key, (
                    f"“{name}”的单位“{unit or '（无）'}”与{other.place()}的“{seen[0] or '（无）'}”"
                    "不同，无法合计，将分开列出：请统一单位")))
    return notes
