"""The sample workspace's documents, every unit and every kind, kept as golden text files and
reviewed as a diff when they change: the 财政局's 纪要, the 街道's 简报 with their masthead and
期号 (a period's and those of meetings recorded on their own) and the 卫健局's documents in 繁體.

Regenerate deliberately with:  REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import OFFICE, REPO_ROOT, document_text
from reportgen.build import build

GOLDEN = Path(__file__).parent / "golden" / "sample"
COUNTY = Path(__file__).parent / "golden" / "county"


def test_every_sample_document_matches_golden(full_workspace: Path) -> None:
    compare_with_golden(full_workspace, GOLDEN)


def test_the_county_offices_documents_match_golden(county_workspace: Path) -> None:
    """The office's 半年总结 with its 汇总 and oversight, the year built from its halves with a
    comparison, and the 考评结果通报 with its attached score table."""
    compare_with_golden(county_workspace, COUNTY, [OFFICE])


def compare_with_golden(workspace: Path, golden_dir: Path, units: list[str] | None = None) -> None:
    for book in (workspace / "data").glob("*/期号.yaml"):
        book.unlink()  # as a fresh clone builds: numbered from the records alone
    report = build(workspace, units=units)
    assert report.ok, report.failures
    output = workspace / "output"
    texts = {p.relative_to(output).with_suffix(".txt").as_posix(): document_text(p)
             for p in sorted(output.rglob("*.docx"))}
    compare_texts(texts, golden_dir)


def compare_texts(texts: dict[str, str], golden_dir: Path) -> None:
    if os.environ.get("REPORTGEN_UPDATE_GOLDEN"):
        shutil.rmtree(golden_dir, ignore_errors=True)
        for relative, text in texts.items():
            (golden_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            (golden_dir / relative).write_text(text, encoding="utf-8")
    golden = {p.relative_to(golden_dir).as_posix(): p.read_text("utf-8")
              for p in sorted(golden_dir.rglob("*.txt"))}
    assert sorted(texts) == sorted(golden), (
        "生成的文档与 golden 不同；若是有意修改，请运行 "
        "REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py 并审阅 diff")
    for relative, text in texts.items():
        assert text == golden[relative], f"{relative} 与 golden 不同"


def test_the_sample_records_have_what_the_golden_files_show() -> None:
    """The golden files cover meetings as they run and 繁體: the sample keeps those records."""
    street = (REPO_ROOT / "data" / "示例县城南街道办事处" / "2026-H1.yaml").read_text("utf-8")
    assert "time: 上午" in street and "speakers:" in street
    assert list((REPO_ROOT / "data" / "示例县城南街道办事处" / "meetings").glob("*.yaml"))
    assert "script: 繁體" in (REPO_ROOT / "data" / "示例县卫生健康局" / "unit.yaml").read_text("utf-8")
