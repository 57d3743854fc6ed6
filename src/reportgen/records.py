"""Load and validate one file: the two first stages, for callers that want records."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportgen.errors import Problem
from reportgen.load import Loaded, load_yaml
from reportgen.models import Meeting, MeetingsFile, PeriodRecords, Unit
from reportgen.sources import load_period
from reportgen.validate import field_path, period_notes, validate_meetings, validate_period, validate_unit

PLACEHOLDER = "在此填写"
"""Marks the skeleton's placeholder texts (（在此填写……）), which must not reach a document."""
PLACEHOLDER_LEFT = "还是样板里的占位文字，请改为实际内容（或删去这一项）"
"""What is said of each placeholder text left in a file: an error for check, and for build
unless it writes drafts."""


def read_unit(path: Path) -> Unit:
    """Read a unit profile; raise RecordsError listing every problem."""
    return validate_unit(load_yaml(path))


def read_period(path: Path, unit: Unit | None = None) -> PeriodRecords:
    """Read a period file and the workbook beside it (checked against its *unit* when given);
    raise RecordsError listing every problem."""
    return validate_period(load_period(path), unit)


def read_period_noting_placeholders(
        path: Path, unit: Unit | None = None,
        standalone: Sequence[Meeting] = ()) -> tuple[PeriodRecords, list[Problem]]:
    """Read a period file as read_period does, with what is worth a look in it: placeholder
    texts and figures that cannot be totalled (one load for all). *standalone* are the unit's
    meetings recorded on their own."""
    loaded = load_period(path)
    records = validate_period(loaded, unit, standalone)
    return records, placeholders_in(loaded) + period_notes(loaded, records)


def read_meetings(path: Path) -> MeetingsFile:
    """Read a file of meetings recorded on their own (data/<单位>/meetings/*.yaml)."""
    return validate_meetings(load_yaml(path))


def check_meetings(path: Path, records: MeetingsFile, standalone: Sequence[Meeting]) -> None:
    """RecordsError, located, when a 简报 of the file at *path* (read as *records*) names a meeting
    that none of the unit's meetings files has (or several), or a meeting of it is recorded in
    another of them too. *standalone* are the meetings of every file, these ones included."""
    own = {id(m) for m in records.meetings}
    others = [m for m in standalone if id(m) not in own]
    if any(m.identity in {o.identity for o in others} for m in records.meetings) or any(
            item.meeting for briefing in records.briefings for item in briefing.items):
        validate_meetings(load_yaml(path), others)  # read again, for the places of the problems


def placeholders_in(loaded: Loaded) -> list[Problem]:
    """Texts of a loaded file still holding a skeleton placeholder, located."""
    return [Problem(loaded.locate(key), field_path(key), PLACEHOLDER_LEFT)
            for key in _keys_holding(loaded, PLACEHOLDER)]


def _keys_holding(loaded: Loaded, part: str) -> list[tuple[str | int, ...]]:
    """Where the texts holding *part* stand, in the order of the file (only those are sorted:
    a filled-in file of a thousand values has none)."""
    found = []
    stack: list[tuple[tuple[str | int, ...], object]] = [((), loaded.data)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack += [((*key, str(k)), v) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [((*key, i), v) for i, v in enumerate(value)]
        elif isinstance(value, str) and part in value:
            found.append(key)
    return sorted(found, key=lambda key: (loaded.locate(key).line, loaded.locate(key).column))
