"""Load and validate one file: the two first stages, for callers that want records."""

from __future__ import annotations

from pathlib import Path

from reportgen.load import load_yaml
from reportgen.models import PeriodRecords, Unit
from reportgen.validate import validate_period, validate_unit


def read_unit(path: Path) -> Unit:
    """Read a unit profile; raise RecordsError listing every problem."""
    return validate_unit(load_yaml(path))


def read_period(path: Path, unit: Unit | None = None) -> PeriodRecords:
    """Read a period file (checked against its *unit* when given); raise RecordsError listing
    every problem."""
    return validate_period(load_yaml(path), unit)
