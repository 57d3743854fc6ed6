"""``reportgen check``: validate every unit and period file, collecting every problem.

Each file is checked on its own: a file that fails in a way nobody foresaw (a bug) is
reported as an internal error for that file, and the other files are still checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.assess import read_assessment
from reportgen.errors import Location, Problem, RecordsError, internal_error
from reportgen.issue_numbers import IssueBook
from reportgen.load import load_yaml
from reportgen.models import Meeting, Unit
from reportgen.records import placeholders_in, read_meetings, read_unit
from reportgen.sources import load_period
from reportgen.validate import period_notes, validate_meetings, validate_period, validate_unit
from reportgen.workspace import ASSESSMENTS_DIR, ISSUES_FILE, MEETINGS_DIR, UNIT_FILE, Workspace, yaml_files


@dataclass
class CheckReport:
    """How many files of each sort were checked, and every problem found."""

    units: int = 0
    periods: int = 0
    meetings: int = 0
    assessments: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    """Not errors, but worth a look: figures in units that cannot be totalled."""

    @property
    def ok(self) -> bool:
        return not self.problems


def check(root: Path, paths: Iterable[Path] = ()) -> CheckReport:
    """Check the given files or unit folders, or everything under data/ when none is given."""
    report = CheckReport()
    # A relative path that is not here may be meant inside the workspace (check -w WS data/X).
    targets = [p if _exists(p) or p.is_absolute() or not _exists(root / p) else root / p
               for p in paths]
    if not targets:
        workspace = Workspace(root)
        targets = [workspace.data_dir / unit for unit in workspace.units()]
    for target in targets:
        for file in _files_of(target, report):
            _check_file(file, report)
    return report


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return False


def _unit_beside(path: Path) -> Unit | None:
    """The valid unit profile next to a period file, if any (its own problems are reported
    when unit.yaml itself is checked)."""
    try:
        return read_unit(path.parent / UNIT_FILE)
    except RecordsError:
        return None


def _files_of(target: Path, report: CheckReport) -> list[Path]:
    if not _exists(target):
        report.problems.append(Problem(Location(target), "", "文件或目录不存在"))
        return []
    if not target.is_dir():
        return [target]
    if not (target / UNIT_FILE).is_file():
        report.problems.append(Problem(Location(target / UNIT_FILE), "",
                                       "缺少单位信息文件 unit.yaml（可用 reportgen init 生成）"))
    try:
        folders = (target, target / MEETINGS_DIR, target / ASSESSMENTS_DIR)
        return sorted(p for folder in folders for p in yaml_files(folder))
    except OSError:
        report.problems.append(Problem(Location(target), "", "无法读取这个文件夹（没有权限或已损坏）"))
        return []


def _check_file(path: Path, report: CheckReport) -> None:
    sort = _sort_of(path)
    try:
        if sort == "issues":
            IssueBook.read(path)
            return
        if sort == "assessment":
            read_assessment(path, _members_of(path.parent.parent))
            return
        loaded = load_yaml(path) if sort != "period" else load_period(path)
        report.problems.extend(placeholders_in(loaded))  # they must not reach a document
        if sort == "unit":
            validate_unit(loaded)
        elif sort == "meetings":
            validate_meetings(loaded, _standalone(path.parent.parent, besides=path))
        else:
            records = validate_period(loaded, _unit_beside(path), _standalone(path.parent))
            report.notes.extend(period_notes(loaded, records))
    except RecordsError as exc:
        report.problems.extend(exc.problems)
    except Exception as exc:  # a bug: report it for this file and check the others (not BaseException)
        report.problems.append(Problem(Location(path), "", internal_error(exc)))
    finally:
        _count(sort, report)


def _sort_of(path: Path) -> str:
    """unit, issues (the 期号 book), meetings (a file under meetings/) or period."""
    if path.name == UNIT_FILE:
        return "unit"
    if path.name == ISSUES_FILE:
        return "issues"
    if path.parent.name == ASSESSMENTS_DIR:
        return "assessment"
    return "meetings" if path.parent.name == MEETINGS_DIR else "period"


def _members_of(unit_dir: Path) -> list[str] | None:
    """The members an office's 考评 may score (None when its unit.yaml cannot tell)."""
    try:
        profile = read_unit(unit_dir / UNIT_FILE)
    except RecordsError:
        return None
    if profile.members is None:
        return []
    return Workspace(unit_dir.parent.parent).member_names(unit_dir.name, profile.members)


def _count(sort: str, report: CheckReport) -> None:
    if sort == "assessment":
        report.assessments += 1
    elif sort == "unit":
        report.units += 1
    elif sort == "meetings":
        report.meetings += 1
    elif sort == "period":
        report.periods += 1


def _standalone(unit_dir: Path, besides: Path | None = None) -> list[Meeting]:
    """The meetings of the unit's meetings files that read without error (each file's own
    problems are reported when it is checked)."""
    meetings: list[Meeting] = []
    for path in yaml_files(unit_dir / MEETINGS_DIR):
        if path == besides:
            continue
        try:
            meetings += read_meetings(path).meetings
        except RecordsError:
            continue
    return meetings

