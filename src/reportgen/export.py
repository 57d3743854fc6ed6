"""``reportgen export xlsx``: a period's lists (活动台账, 会议, 检查) written out as a workbook.

The workbook goes to the period's output folder, beside its documents, committed like them
(reportgen.write.commit_folder: tracked in the folder's manifest, a copy edited by hand kept
unless forced). It has the sheets and headers the workbook source reads
(reportgen.sources), so it can be handed to someone who keeps the 台账 in Excel, or moved
beside the YAML file as ``data/<单位>/<期间>.xlsx`` once the lists are taken out of the YAML.
The data folder is never written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from reportgen.errors import ReportgenError
from reportgen.period import period_option
from reportgen.records import read_period, read_unit
from reportgen.sources.writing import period_workbook, unfit_lists
from reportgen.workspace import UNIT_FILE, Workspace
from reportgen.write import Document, WriteResult, commit_folder

WORKBOOK_TITLE = "{unit}{label}工作台账"
"""The exported workbook's name (without .xlsx)."""


@dataclass
class ExportReport:
    """What export wrote, which periods failed and why, and what is worth knowing."""

    written: list[WriteResult] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def export_workbooks(workspace: Workspace, *, units: Iterable[str] | None = None,
                     period: str | None = None, force: bool = False) -> ExportReport:
    """Write each chosen period's lists as output/<单位>/<期间>/<单位><期间>工作台账.xlsx.

    A period whose records have errors fails alone (its message in the report); the others are
    written. Meetings a sheet cannot hold (several speakers, 议定事项) are left out, with a note."""
    report = ExportReport()
    chosen = list(units) if units else workspace.units()
    wanted = period_option(period).id if period else None
    for unit in chosen:
        folder = workspace.unit_dir(unit)
        try:
            profile = read_unit(folder / UNIT_FILE)
        except ReportgenError as exc:
            report.failures.append(f"{unit}：{exc}")
            continue
        for path in workspace.period_files(unit):
            if wanted is not None and path.stem != wanted:
                continue
            try:
                records = read_period(path, profile)
                title = WORKBOOK_TITLE.format(unit=unit, label=records.period.label)
                results = commit_folder(workspace.output_dir, workspace.output_folder(unit, path.stem),
                                        [Document(title, period_workbook(records), ".xlsx")],
                                        force=force)
            except ReportgenError as exc:
                report.failures.append(f"{unit} {path.stem}：{exc}")
                continue
            report.written += results
            report.notes += [f"{unit} {path.stem}：{why}" for why in unfit_lists(records).values()]
    return report
