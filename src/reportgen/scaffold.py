"""``reportgen init``: a commented skeleton of a unit and a period, generated from the models.

Comments come from each field's Chinese title and description, placeholders
from its examples, so the skeleton never drifts from what validation accepts.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from reportgen.errors import WorkspaceError, display_path
from reportgen.fieldtypes import base_type, item_type, unwrap_optional
from reportgen.models import Activity, Inspection, Meeting, PeriodRecords, Span, Unit
from reportgen.period import Period, period_option
from reportgen.workspace import UNIT_FILE, Workspace, enclosing_workspace
from reportgen.write import atomic_write, check_folder_name


def scaffold(root: Path, unit_name: str, period_id: str | None = None) -> list[Path]:
    """Write data/<unit>/unit.yaml and data/<unit>/<period>.yaml, whichever is missing.

    The period defaults to the one the clerk most likely writes about (default_period). A
    new unit gets both files; an existing unit gets the new period's file. Nothing that exists
    is ever overwritten, and no workspace is begun inside another one's folders."""
    check_folder_name(unit_name, "单位名称")
    period = period_option(period_id) if period_id else default_period(date.today())
    outer = enclosing_workspace(root)
    if outer is not None:
        raise WorkspaceError(
            f"{display_path(root)} 在工作区 {display_path(outer)} 之内：要给这个工作区新建单位，"
            f"请在其中运行（或用 -w {display_path(outer)}）；"
            "要另建独立的工作区，请选一个不在任何工作区内的目录")
    workspace = Workspace(root)
    folder = workspace.data_dir / unit_name
    unit_file, period_file = folder / UNIT_FILE, folder / f"{period.id}.yaml"
    texts: list[tuple[Path, Callable[[], str]]] = [
        (unit_file, lambda: unit_skeleton(unit_name)), (period_file, lambda: period_skeleton(period))]
    missing = [(path, text) for path, text in texts if not path.exists()]
    if not missing:
        raise WorkspaceError(f"{display_path(unit_file)} 和 {display_path(period_file)} 都已存在，"
                             "未做任何改动")
    for directory in (workspace.templates_dir, workspace.output_dir):
        directory.mkdir(parents=True, exist_ok=True)
    for path, text in missing:
        atomic_write(path, text().encode("utf-8"))
    return [path for path, _ in missing]


def default_period(today: date) -> Period:
    """The half-year a clerk most likely writes about on *today*: in January and July the half
    just ended (its 总结 is written then), in any other month the half under way."""
    if today.month in (1, 7):
        return Period.containing(today.replace(day=1) - timedelta(days=1))
    return Period.containing(today)


def unit_skeleton(unit_name: str) -> str:
    """The commented unit.yaml for *unit_name*."""
    head = [f"# {unit_name} 单位信息：各期间共用。“#”后为说明，标（必填）的项必须填写。"]
    values = {"name": unit_name, "signature": unit_name}
    return "\n".join(head + _model_lines(Unit, 0, values, period=None)) + "\n"


def period_skeleton(period: Period) -> str:
    """The commented period file for *period*; its dates fall inside the period."""
    head = [f"# {period.label} 工作台账。“#”后为说明，标（必填）的项必须填写；",
            "# 不需要的可选项可以删除。日期写作 2026-03-20，数量写作 1200份、1.2万份、96%。"]
    values = {"period": period.id, "date": period.end}
    return "\n".join(head + _model_lines(PeriodRecords, 0, values, period)) + "\n"


def _model_lines(model: type[BaseModel], indent: int, values: dict[str, Any],
                 period: Period | None, depth: int = 0) -> list[str]:
    """The lines of *model*'s fields; inside a nested section (depth 2) only the fields with
    an example, so that a recursive model is shown once, not without end."""
    lines: list[str] = []
    for name, info in _own_fields_first(model):
        if depth >= 2 and not (info.is_required() or _scalar_example(info)):
            continue
        lines += _field_lines(model, name, info, indent, values.get(name), period, depth)
    return lines


def _own_fields_first(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """The fields a model declares itself before those it inherits (a meeting's date and title
    before what every speaker can say), each group in declaration order."""
    own = set(vars(model).get("__annotations__", {}))
    fields = list(model.model_fields.items())
    return [f for f in fields if f[0] in own] + [f for f in fields if f[0] not in own]


def _scalar_example(info: FieldInfo) -> bool:
    examples = info.examples or []
    return bool(examples) and not isinstance(examples[0], list | dict)


def _comment(info: FieldInfo) -> str:
    text = f"{info.title}{'（必填）' if info.is_required() else ''}"
    return f"{text}：{info.description}" if info.description else text


def _field_lines(model: type[BaseModel], name: str, info: FieldInfo, indent: int,
                 value: Any, period: Period | None, depth: int = 0) -> list[str]:
    pad = " " * indent
    lines = [f"{pad}# {_comment(info)}"]
    annotation = unwrap_optional(info.annotation)
    item = item_type(annotation) if typing.get_origin(annotation) is list else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and info.examples:
        annotation = None  # a block written in its short form, as its example shows
    if isinstance(item, type) and issubclass(item, BaseModel):
        inner = _model_lines(item, indent + 4, {}, period, depth + 1)
        first = next(i for i, line in enumerate(inner) if not line.lstrip().startswith("#"))
        inner[:first] = [f"{pad}  {line.lstrip()}" for line in inner[:first]]
        inner[first] = f"{pad}  - {inner[first].lstrip()}"
        block = [f"{pad}{name}:", *inner]
        if model is PeriodRecords and not info.is_required():
            return [*lines, *_commented(block, pad)]  # an example, not made-up records
        return lines + block
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        block = [f"{pad}{name}:", *_model_lines(annotation, indent + 2, {}, period, depth + 1)]
        return [*lines, *(_commented(block, pad) if model is PeriodRecords else block)]
    if value is None:
        value = _placeholder(model, name, info, period)
    if value is None:
        return [*lines, f"{pad}# {name}:"]
    return lines + _value_lines(name, value, pad)


def _commented(block: list[str], pad: str) -> list[str]:
    """An example block, commented out: each key line keeps its label as a trailing comment."""
    lines: list[str] = []
    label = ""
    for line in block:
        if re.fullmatch(r"\s*# [a-z_]+:", line):  # an optional field with no example
            lines.append(f"{pad}# {line[len(pad):].replace('# ', '', 1)}  {label}")
            label = ""
            continue
        if line.lstrip().startswith("#"):
            label = line.lstrip()
            continue
        body = line[len(pad):]
        lines.append(f"{pad}# {body}  {label}" if label else f"{pad}# {body}")
        label = ""
    return [f"{pad}# 以下为示例，需要时去掉行首的“# ”再填写：", *lines]


def _placeholder(model: type[BaseModel], name: str, info: FieldInfo,
                 period: Period | None) -> Any:
    if period is not None and base_type(info.annotation) is date:
        early = model in (Activity, Meeting, Inspection, Span) and name != "end"
        return period.start if early else period.end
    return info.examples[0] if info.examples else None


def _value_lines(name: str, value: Any, pad: str) -> list[str]:
    if isinstance(value, list):
        return [f"{pad}{name}:"] + [f"{pad}  - {_scalar(v)}" for v in value]
    if isinstance(value, dict):
        return [f"{pad}{name}:"] + [f"{pad}  {k}: {_scalar(v)}" for k, v in value.items()]
    return [f"{pad}{name}: {_scalar(value)}"]


def _scalar(value: Any) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()
