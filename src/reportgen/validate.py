"""Stage 2, validate: loaded data → typed records, or every problem, located, in Chinese."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from reportgen.errors import Problem, RecordsError
from reportgen.fieldtypes import is_model, item_type, model_at
from reportgen.load import Loaded, PathKey
from reportgen.models import PeriodRecords, Unit
from reportgen.period import PERIOD_FORMS, Period

M = TypeVar("M", bound=BaseModel)


def validate_unit(loaded: Loaded) -> Unit:
    """Validate a unit profile (unit.yaml)."""
    return _validate(Unit, loaded)


def validate_period(loaded: Loaded, unit: Unit | None = None) -> PeriodRecords:
    """Validate a period file, including the checks that span fields (dates within the period…)
    and, given its *unit*, the checks that need the unit profile too."""
    records = _validate(PeriodRecords, loaded)
    found = list(consistency_problems(records, loaded.path.stem))
    if unit is not None:
        found += unit_problems(unit, records)
    problems = [_problem(loaded, key, message) for key, message in found]
    if problems:
        raise RecordsError(sorted(problems, key=_position))
    return records


def _validate(model: type[M], loaded: Loaded) -> M:
    if not isinstance(loaded.data, dict):
        raise RecordsError([_problem(loaded, (), _not_a_mapping(loaded.data))])
    try:
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
    return Problem(loaded.locate(key, at_key=at_key), field_path(key), message)


def field_path(key: PathKey) -> str:
    """('activities', 3, 'date') → activities[3].date."""
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _translate(model: type[BaseModel], loaded: Loaded, error: ErrorDetails) -> Problem:
    key: PathKey = tuple(error["loc"])
    label = _label(model, key)
    kind = error["type"]
    if kind == "extra_forbidden":
        return _problem(loaded, key, _unknown_key(model, key), at_key=True)
    if kind == "missing":
        return Problem(loaded.locate(key[:-1]), field_path(key), f"缺少必填项（{label}）")
    prefix = "" if label == str(key[-1]) else f"{label}："
    return _problem(loaded, key, prefix + _explain(error))


def _explain(error: ErrorDetails) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
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
        "greater_than_equal": f"不能小于 {_plain(ctx.get('ge'))}",
        "less_than_equal": f"不能大于 {_plain(ctx.get('le'))}",
    }
    return messages.get(kind, f"取值不对（{error['msg']}）")


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
        current = info.annotation
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
        if inspection.rectified > inspection.found:
            yield (("inspections", index, "rectified"),
                   f"已整改数（{inspection.rectified}）不能多于发现问题数（{inspection.found}）")
    yield from _point_style_problems(records)
    yield from _decision_problems(records)
    span = records.report.span if records.report else None
    if span is not None and span.end < span.start:
        yield ("report", "span", "end"), f"结束日期 {span.end} 早于开始日期 {span.start}"


def unit_problems(unit: Unit, records: PeriodRecords) -> Iterator[tuple[PathKey, str]]:
    """Checks that need the unit profile: a 情况汇报 must know to whom it goes."""
    if records.report is not None and not (records.report.recipient or unit.superior):
        yield (("report",), "情况汇报缺少主送机关：请填写 report.recipient，"
                            "或在 unit.yaml 中填写 superior（上级机关）")


def _is_period_id(text: str) -> bool:
    try:
        return Period.parse(text).id == text
    except ValueError:
        return False


def _outside(period: Period, day: date, key: PathKey) -> Iterator[tuple[PathKey, str]]:
    if day not in period:
        yield key, f"日期 {day} 不在本期间（{period.label}）内"


def _point_style_problems(records: PeriodRecords) -> Iterator[tuple[PathKey, str]]:
    for index, section in enumerate(records.sections):
        if not section.paragraphs and not section.points:
            yield ("sections", index), "这一部分既没有段落（paragraphs）也没有要点（points）"
        headed = [point.heading is not None for point in section.points]
        if any(headed) and not all(headed):
            yield (("sections", index, "points"),
                   "同一部分的要点要么都有小标题（排为（一）（二）），要么都没有（排为一是、二是）")


def _decision_problems(records: PeriodRecords) -> Iterator[tuple[PathKey, str]]:
    for m, meeting in enumerate(records.meetings):
        for d, decision in enumerate(meeting.decisions):
            if decision.due is not None and decision.due < meeting.date:
                yield (("meetings", m, "decisions", d, "due"),
                       f"完成时限 {decision.due} 早于会议日期 {meeting.date}")
