"""The other records a period's documents draw on: the sub-periods its ledger is made from (a
year from its halves), its member units' records (an office's 汇总), and earlier periods to
compare with. Each is read and validated like any period file; nothing is copied."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.derive import Facts, derive_facts, with_ledgers
from reportgen.derive.compare import Against, changes
from reportgen.derive.rollup import OfficeFacts, oversight_facts, roll_up
from reportgen.errors import Location, Problem, RecordsError, display_path
from reportgen.models import COMPARED, PeriodRecords, Unit
from reportgen.period import Period
from reportgen.records import read_period, read_unit
from reportgen.workspace import UNIT_FILE, Workspace, yaml_files


@dataclass
class Related:
    """Reads the records related to one unit's periods, each file once per build."""

    workspace: Workspace
    unit: str
    notes: list[str]

    def _file(self, unit: str, period: Period) -> Path | None:
        path = self.workspace.unit_dir(unit) / f"{period.id}.yaml"
        return path if path.is_file() else None

    def with_ledger(self, records: PeriodRecords, path: Path, profile: Unit,
                    depth: int = 0) -> PeriodRecords:
        """*records* with the ledgers of the periods it lists in ledger_from added to its own."""
        parts = []
        for i, sub in enumerate(records.ledger_from):
            sub_path = self._file(self.unit, sub)
            if sub_path is None:
                raise RecordsError([Problem(Location(path), f"ledger_from[{i}]", (
                    f"找不到 {sub.id} 的台账（{display_path(path.parent / (sub.id + '.yaml'))}）"))])
            sub_records = read_period(sub_path, profile)
            parts.append(self.with_ledger(sub_records, sub_path, profile, depth + 1) if depth < 2
                         else sub_records)
        return with_ledgers(records, parts)

    def office_facts(self, profile: Unit, records: PeriodRecords, facts: Facts) -> OfficeFacts:
        """The 汇总 of the members (when the unit has members), its oversight, and the
        comparisons asked for."""
        oversight = (oversight_facts(records.oversight, records.date)
                     if records.oversight is not None else None)
        roll = None
        if profile.members is not None:
            members, partial = self.member_records(profile, records.period)
            roll = roll_up(members, partial)
            if not roll.reported:
                roll = None
                self.notes.append(f"单位“{self.unit}”的成员单位都没有{records.period.label}的台账，"
                                  "总结中不写汇总")
        return OfficeFacts(roll, oversight, tuple(self.against(profile, records, facts)))

    def member_records(self, profile: Unit, period: Period
                       ) -> tuple[dict[str, PeriodRecords | None], tuple[str, ...]]:
        """Each member's records of *period* (None when it has none), and the members whose
        records cover only part of it. A member whose records do not validate stops the 汇总,
        since its figures would be missing from the totals."""
        found: dict[str, PeriodRecords | None] = {}
        partial = []
        for name in self.workspace.member_names(self.unit, profile.members or []):
            folder = self.workspace.data_dir / name
            path = folder / f"{period.id}.yaml"
            if path.is_file():
                member = read_unit(folder / UNIT_FILE)
                found[name] = Related(self.workspace, name, self.notes).with_ledger(
                    read_period(path, member), path, member)
                continue
            parts = _parts_inside(folder, period)  # a year of a member that wrote only its halves
            if sum(part.months for part, _ in parts) < period.months and parts:
                partial.append(name)
            found[name] = _read_together(folder, [path for _, path in parts])
        return found, tuple(partial)

    def against(self, profile: Unit, records: PeriodRecords, facts: Facts) -> list[Against]:
        """The changes of the figures the clerk chose, against the previous period and the same
        period a year before, as asked; a period without records is noted and left out."""
        if records.compare is None:
            return []
        figures = [COMPARED.get(f, f) for f in records.compare.figures]
        period, found = records.period, []
        earlier = []
        if records.compare.against in ("previous", "both"):
            earlier.append((period.previous(), period.relative_label(period.previous())))
        if records.compare.against in ("last_year", "both") and period.months != 12:
            earlier.append((period.a_year_before(), "去年同期"))
        for other, label in earlier:
            before = self.facts_of(profile, other)
            if before is None:
                self.notes.append(f"单位“{self.unit}”没有 {other.id} 的台账，{records.period.label}"
                                  f"不与{label}比较")
                continue
            compared, skipped = changes(figures, facts, before)
            if skipped:
                self.notes.append(f"单位“{self.unit}”{records.period.label}与{label}比较时略去了"
                                  f"{'、'.join(skipped)}（约数、单位不同或没有这项数字）")
            found.append(Against(label, tuple(compared)))
        return found

    def facts_of(self, profile: Unit, period: Period) -> Facts | None:
        path = self._file(self.unit, period)
        if path is None:
            return None
        return derive_facts(self.with_ledger(read_period(path, profile), path, profile))


def _parts_inside(folder: Path, period: Period) -> list[tuple[Period, Path]]:
    """The period files of *folder* inside *period* and shorter, the longest first and none
    overlapping, in date order."""
    inside = []
    for path in yaml_files(folder):
        try:
            part = Period.parse(path.stem)
        except ValueError:
            continue
        if part.id == path.stem and part.months < period.months and part.start in period:
            inside.append((part, path))
    chosen: list[tuple[Period, Path]] = []
    for part, path in sorted(inside, key=lambda p: (-p[0].months, p[0].start)):
        if not any(part.start <= other.end and other.start <= part.end for other, _ in chosen):
            chosen.append((part, path))
    return sorted(chosen, key=lambda c: c[0].start)


def _read_together(folder: Path, paths: list[Path]) -> PeriodRecords | None:
    """The records of *paths* (one unit's) with their ledgers together; None for none."""
    if not paths:
        return None
    member = read_unit(folder / UNIT_FILE)
    first, *rest = [read_period(path, member) for path in paths]
    return with_ledgers(first, rest)
