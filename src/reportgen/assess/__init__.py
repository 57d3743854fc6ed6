"""考评: an office scores its member units, and publishes the results (通报 and .xlsx).

Read a 考评 file with :func:`read_assessment` (every problem located, in Chinese), compute the
results with :func:`~reportgen.assess.compute.assess`, state the scheme with
:func:`~reportgen.assess.compute.scheme_sentence` and write the results with
:func:`~reportgen.assess.sheets.results_xlsx`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from reportgen.assess.compute import Outcome, Result, assess, class_ranges, scheme_sentence
from reportgen.assess.models import (
    UNIT_KEY,
    Assessment,
    ClassRule,
    Exemption,
    Row,
    RowIssue,
    Scheme,
    assessment_problems,
    check_rows,
    scheme_problems,
    unscored_exemptions,
)
from reportgen.assess.sheets import ScoreSheet, read_scores_xlsx, results_xlsx
from reportgen.errors import CellLocation, Problem, RecordsError, display_path
from reportgen.load import Loaded, PathKey, load_yaml
from reportgen.validate import _validate as _validate_located  # the located-errors stage of validate.py
from reportgen.validate import field_path, source_key

__all__ = [
    "Assessment",
    "CellLocation",
    "ClassRule",
    "Exemption",
    "Outcome",
    "Result",
    "Row",
    "Scheme",
    "ScoreSheet",
    "assess",
    "class_ranges",
    "read_assessment",
    "read_scores_xlsx",
    "results_xlsx",
    "scheme_sentence",
    "unassessed_members",
]


def read_assessment(path: Path, members: Sequence[str] | None = None) -> tuple[Assessment, list[Row]]:
    """Read the 考评 file at *path* and its scores (listed in it, or in the .xlsx it names, next
    to it); check them against the scheme, the exemptions and *members* (the member units'
    names; None: not checked). Raise RecordsError with every problem found, located in the YAML
    file (文件:行:列 字段) or at a cell of the sheet (文件 得分!C5 项目)."""
    loaded = load_yaml(path)
    try:
        assessment = validate_assessment(loaded)
    except RecordsError as exc:
        found = exc.problems + _rows_despite(loaded, members)
        raise RecordsError(_in_order(found)) from None
    problems = [_problem(loaded, key, message) for key, message in assessment_problems(assessment, members)]
    rows, row_problems, scored = _read_rows(loaded, assessment, members)
    if scored is not None:  # None: the sheet could not be read
        problems += [_problem(loaded, key, message)
                     for key, message in unscored_exemptions(assessment, scored)]
    problems = _in_order(problems + row_problems)
    if problems:
        raise RecordsError(problems)
    return assessment, rows


def unassessed_members(path: Path, assessment: Assessment, rows: Sequence[Row],
                       members: Sequence[str]) -> list[str]:
    """A note for the members with neither scores nor a whole-unit exemption: they are left out
    of the 通报, which should not happen unnoticed."""
    exempt = {e.unit for e in assessment.exempt if e.part is None}
    scored = {row.unit for row in rows}
    missing = [m for m in members if m not in scored and m not in exempt]
    if not missing:
        return []
    shown = "、".join(missing[:10]) + (f"等{len(missing)}个" if len(missing) > 10 else "")
    return [f"{display_path(path)}：成员单位{shown}既没有得分，也没有列入 exempt（免检），"
            "通报中不会出现；如是遗漏，请补上得分，或在 exempt 中写明原因"]


def _in_order(problems: list[Problem]) -> list[Problem]:
    """The YAML file's problems by line and column, then the sheet's by row and column."""
    return sorted(problems, key=lambda p: (isinstance(p.location, CellLocation), p.location.line,
                                           p.location.column))


def validate_assessment(loaded: Loaded) -> Assessment:
    """The loaded file as an Assessment, each field checked; RecordsError with every problem,
    located and in Chinese (validate.py's translation of pydantic's errors)."""
    return _validate_located(Assessment, loaded)


def _problem(loaded: Loaded, key: PathKey, message: str, *, at_key: bool = False) -> Problem:
    where = source_key(loaded.data, key)
    return Problem(loaded.locate(where, at_key=at_key), field_path(where), message)


def _read_rows(loaded: Loaded, assessment: Assessment, members: Sequence[str] | None,
               ) -> tuple[list[Row], list[Problem], set[str] | None]:
    """The validated rows, the problems with them (located in the YAML or the sheet) and the
    units that have a row, valid or not (None when the sheet cannot be read)."""
    source = assessment.scores
    if isinstance(source, str):
        sheet_path = loaded.path.parent / source
        if not sheet_path.is_file():
            return [], [_problem(loaded, ("scores",), f"找不到得分表“{source}”：应与本文件放在同一文件夹"
                                                      f"（{display_path(sheet_path)}）")], None
        try:
            sheet = read_scores_xlsx(sheet_path, assessment.scheme.parts)
        except RecordsError as exc:
            return [], exc.problems, None
        rows, issues = check_rows(assessment.scheme, assessment.exempt, sheet, members,
                                  lambda index: sheet.row_numbers[index])
        problems = [Problem(sheet.locate(i.index, i.key), sheet.field(i.key), i.message) for i in issues]
        return rows, problems, _units(sheet)
    rows, issues = check_rows(assessment.scheme, assessment.exempt, source, members,
                              lambda index: loaded.locate(("scores", index)).line)
    problems = [_problem(loaded, _row_key(i), i.message, at_key=i.at_key) for i in issues]
    return rows, problems, _units(source)


def _row_key(issue: RowIssue) -> PathKey:
    key: PathKey = ("scores", issue.index)
    return key if issue.key is None else (*key, issue.key)


def _units(rows: Iterable[Any]) -> set[str]:
    return {str(row[UNIT_KEY]).strip() for row in rows
            if isinstance(row, Mapping) and isinstance(row.get(UNIT_KEY), str | int)}


def _rows_despite(loaded: Loaded, members: Sequence[str] | None) -> list[Problem]:
    """When other fields of the file are wrong, the problems of its score rows all the same, so
    that one round of corrections fixes everything: if the scheme and the exemptions are
    valid on their own, the rows listed in the file are checked against them."""
    data = loaded.data
    if not isinstance(data, dict) or not isinstance(data.get("scores"), list):
        return []
    try:
        scheme = Scheme.model_validate(data.get("scheme"))
        exempt = TypeAdapter(list[Exemption]).validate_python(data.get("exempt") or [])
    except ValidationError:
        return []
    if any(True for _ in scheme_problems(scheme)):
        return []
    _, issues = check_rows(scheme, exempt, data["scores"], members,
                           lambda index: loaded.locate(("scores", index)).line)
    return [_problem(loaded, _row_key(i), i.message, at_key=i.at_key) for i in issues]
