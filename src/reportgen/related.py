"""The other records a period's documents draw on: the sub-periods its ledger is made from (a
year from its halves), its member units' records (an office's 汇总), and earlier periods to
compare with. Each is read and validated like any period file; nothing is copied."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.compose.office import comparison_sentence, rollup_paragraph
from reportgen.compose.summary import OfficeText
from reportgen.derive import Facts, derive_facts
from reportgen.derive.compare import changes
from reportgen.derive.rollup import oversight_facts, roll_up
from reportgen.errors import Location, Problem, RecordsError, display_path
from reportgen.models import COMPARED, PeriodRecords, Unit
from reportgen.period import Period
from reportgen.records import read_period, read_unit
from reportgen.workspace import UNIT_FILE, Workspace

LEDGERS = ("activities", "meetings", "inspections")


@dataclass
class Related:
    """Reads the records related to one unit's periods, each file once per build."""

    workspace: Workspace
    unit: str
    notes: list[str]
    partial: list[str] = field(default_factory=list)
    """Members whose records of the last period asked for cover only part of it."""

    def _file(self, unit: str, period: Period) -> Path | None:
        path = self.workspace.unit_dir(unit) / f"{period.id}.yaml"
        return path if path.is_file() else None

    def with_ledger(self, records: PeriodRecords, path: Path, profile: Unit,
                    depth: int = 0) -> PeriodRecords:
        """*records* with the ledgers of the periods it lists in ledger_from added to its own."""
        if not records.ledger_from:
            return records
        parts = []
        for i, sub in enumerate(records.ledger_from):
            sub_path = self._file(self.unit, sub)
            if sub_path is None:
                raise RecordsError([Problem(Location(path), f"ledger_from[{i}]", (
                    f"找不到 {sub.id} 的台账（{display_path(path.parent / (sub.id + '.yaml'))}）"))])
            sub_records = read_period(sub_path, profile)
            parts.append(self.with_ledger(sub_records, sub_path, profile, depth + 1) if depth < 2
                         else sub_records)
        return records.model_copy(update={
            name: [*getattr(records, name), *(item for p in parts for item in getattr(p, name))]
            for name in LEDGERS})

    def office_text(self, profile: Unit, records: PeriodRecords, facts: Facts) -> OfficeText:
        """The 汇总 of the members (when the unit has members) and the comparisons asked for."""
        rollup = ""
        if profile.members is not None:
            members = self.member_records(profile, records.period)
            oversight = (oversight_facts(records.oversight, records.date)
                         if records.oversight is not None else None)
            roll = roll_up(members, tuple(self.partial))
            if roll.reported or oversight is not None:
                rollup = rollup_paragraph(roll, records.period.short_label, oversight, profile.self_name)
            else:
                self.notes.append(f"单位“{self.unit}”的成员单位都没有{records.period.label}的台账，"
                                  "总结中不写汇总")
        return OfficeText(rollup, self.comparison(profile, records, facts))

    def member_records(self, profile: Unit, period: Period) -> dict[str, PeriodRecords | None]:
        """Each member's records of *period* (None when it has none); a member whose records do
        not validate stops the 汇总, since its figures would be missing from the totals."""
        names = self.workspace.member_names(self.unit, profile.members or [])
        found: dict[str, PeriodRecords | None] = {}
        self.partial = []
        for name in names:
            folder = self.workspace.data_dir / name
            path = folder / f"{period.id}.yaml"
            if path.is_file():
                member = read_unit(folder / UNIT_FILE)
                found[name] = Related(self.workspace, name, self.notes).with_ledger(
                    read_period(path, member), path, member)
            else:  # a year of a member that wrote only its halves (or quarters, months)
                found[name] = self._from_parts(folder, period)
        return found

    def _from_parts(self, folder: Path, period: Period) -> PeriodRecords | None:
        """A member's records of *period* made of its shorter periods inside it, the longest
        first and none overlapping; None when it has none."""
        if not folder.is_dir():
            return None
        inside = []
        for path in sorted(folder.glob("*.yaml")):
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
        if not chosen:
            return None
        if sum(part.months for part, _ in chosen) < period.months:
            self.partial.append(folder.name)
        member = read_unit(folder / UNIT_FILE)
        records = [read_period(path, member) for _, path in sorted(chosen, key=lambda c: c[0].start)]
        return records[0].model_copy(update={
            name: [item for r in records for item in getattr(r, name)] for name in LEDGERS})

    def comparison(self, profile: Unit, records: PeriodRecords, facts: Facts) -> str:
        """与上半年相比，…。与去年同期相比，…。 for the figures the clerk chose."""
        if records.compare is None:
            return ""
        figures = [COMPARED.get(f, f) for f in records.compare.figures]
        period, sentences = records.period, []
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
            found, skipped = changes(figures, facts, before)
            if skipped:
                self.notes.append(f"单位“{self.unit}”{records.period.label}与{label}比较时略去了"
                                  f"{'、'.join(skipped)}（约数、单位不同或没有这项数字）")
            sentences.append(comparison_sentence(label, found))
        return "".join(sentences)

    def facts_of(self, profile: Unit, period: Period) -> Facts | None:
        path = self._file(self.unit, period)
        if path is None:
            return None
        return derive_facts(self.with_ledger(read_period(path, profile), path, profile))
