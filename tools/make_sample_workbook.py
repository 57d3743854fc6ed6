"""Make data/示例县财政局/2026-H1.xlsx from the lists of its YAML file, with reportgen's own export.

Run once from the repository root (PYTHONPATH=src python3 tools/make_sample_workbook.py YAML):
it writes the workbook beside the YAML file from the lists the sheets can hold, then cut those
lists from the YAML file by hand. Running it on a file whose lists are already in the workbook
writes the same workbook again (the export is deterministic).
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportgen.records import read_period
from reportgen.sources import workbook_beside
from reportgen.sources.writing import period_workbook, unfit_lists


def main(path: Path) -> None:
    records = read_period(path)
    workbook_beside(path).write_bytes(period_workbook(records))
    for key, why in unfit_lists(records).items():
        print(f"{key}: {why}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "data/示例县财政局/2026-H1.yaml"))
