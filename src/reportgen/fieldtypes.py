"""What a record field holds, read from its type annotation (Optional, list, Annotated, models).

Shared by validation (to name a field and suggest keys) and by the skeleton
``reportgen init`` writes (to lay each field out).
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel


def is_model(tp: Any) -> bool:
    """Whether *tp* is a record model."""
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def unwrap_optional(tp: Any) -> Any:
    """X for X | None and for a model under Annotated (a list item converted before
    validation); anything else unchanged."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return unwrap_optional(args[0]) if len(args) == 1 else tp
    if typing.get_origin(tp) is typing.Annotated and is_model(unwrap_optional(typing.get_args(tp)[0])):
        return unwrap_optional(typing.get_args(tp)[0])
    return tp


def item_type(tp: Any) -> Any:
    """The items' type of a list (the values' type of a dict), or None."""
    args = typing.get_args(unwrap_optional(tp))
    return unwrap_optional(args[-1]) if args else None


def base_type(tp: Any) -> Any:
    """date for date, date | None and Annotated[date, …] alike."""
    tp = unwrap_optional(tp)
    return typing.get_args(tp)[0] if typing.get_origin(tp) is typing.Annotated else tp


def model_at(model: type[BaseModel], key: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The record model found at *key* inside *model* (list indices step into items)."""
    current: Any = model
    for part in key:
        if isinstance(part, int):
            current = item_type(current)
        elif is_model(current) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return None
        current = unwrap_optional(current)
    current = unwrap_optional(current)
    return current if is_model(current) else None
