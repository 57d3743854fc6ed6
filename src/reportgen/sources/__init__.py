"""The load stage's record sources: a period's YAML file, and the workbook beside it.

``load_period(path)`` reads ``<期间>.yaml`` and, when ``<期间>.xlsx`` stands beside it, merges the
workbook's lists (活动台账 → activities, 会议 → meetings, 检查 → inspections) into it. The result
is a :class:`reportgen.load.Loaded` (plain data, a location for every value), so validation
works unchanged; a list given in both files is a located error.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import CellLocation, Problem, RecordsError
from reportgen.load import load_yaml
from reportgen.sources.columns import SHEETS
from reportgen.sources.workbook import Sourced, read_workbook

__all__ = ["Sourced", "load_period", "read_workbook", "workbook_beside"]


def workbook_beside(path: Path) -> Path:
    """Where the workbook of the period file *path* stands: same folder, same stem, .xlsx."""
    return path.with_suffix(".xlsx")


def load_period(path: Path) -> Sourced:
    """The period file at *path*, with the lists of the workbook beside it (if there is one)."""
    loaded = load_yaml(path)
    merged = Sourced(loaded.path, loaded.data, loaded.values, loaded.keys)
    book = workbook_beside(path)
    if not book.exists():
        return merged
    sheets = read_workbook(book)
    if not isinstance(merged.data, dict):
        return merged  # validation explains what is wrong with the YAML file
    problems = []
    for spec in SHEETS:
        if spec.key not in sheets.data:
            continue
        if merged.data.get(spec.key):
            problems.append(Problem(CellLocation(book, 0, 0, spec.name), "", (
                f"“{spec.name}”在工作簿和 {path.name}（{merged.locate((spec.key,), at_key=True).place()}）"
                f"中都有：请只保留一处（把 YAML 中的 {spec.key} 删掉，或删掉这张表）")))
            continue
        merged.data[spec.key] = sheets.data[spec.key]
    if problems:
        raise RecordsError(problems)
    merged.values.update(sheets.values)
    merged.keys.update(sheets.keys)
    merged.notes = sheets.notes
    return merged
