"""The sample workspace's documents, every unit and every kind, kept as golden text files and
reviewed as a diff when they change: the 财政局's 纪要, the 街道's 简报 with their masthead and
期号 (a period's and those of meetings recorded on their own) and the 卫健局's documents in 繁體.

Regenerate deliberately with:  REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

from pathlib import Path

from conftest import OFFICE, REPO_ROOT, compare_with_golden, output_texts
from reportgen.build import build

GOLDEN = Path(__file__).parent / "golden" / "sample"
COUNTY = Path(__file__).parent / "golden" / "county"


def test_every_sample_document_matches_golden(full_workspace: Path) -> None:
    build_and_compare(full_workspace, GOLDEN)


def test_the_county_offices_documents_match_golden(county_workspace: Path) -> None:
    """The office's 半年总结 with its 汇总 and oversight, the year built from its halves with a
    comparison, and the 考评结果通报 with its attached score table."""
    build_and_compare(county_workspace, COUNTY, [OFFICE])


def build_and_compare(workspace: Path, golden_dir: Path, units: list[str] | None = None) -> None:
    for book in (workspace / "data").glob("*/期号.yaml"):
        book.unlink()  # as a fresh clone builds: numbered from the records alone
    report = build(workspace, units=units)
    assert report.ok, report.failures
    compare_with_golden(output_texts(workspace / "output"), golden_dir)


def test_the_sample_records_have_what_the_golden_files_show() -> None:
    """The golden files cover meetings as they run and 繁體: the sample keeps those records."""
    street = (REPO_ROOT / "data" / "示例县城南街道办事处" / "2026-H1.yaml").read_text("utf-8")
    assert "time: 上午" in street and "speakers:" in street
    assert list((REPO_ROOT / "data" / "示例县城南街道办事处" / "meetings").glob("*.yaml"))
    assert "script: 繁體" in (REPO_ROOT / "data" / "示例县卫生健康局" / "unit.yaml").read_text("utf-8")
