"""The sample summary's text, kept as a golden file and reviewed as a diff when it changes.

Regenerate deliberately with:  REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import SAMPLE_PERIOD, SAMPLE_UNIT, document_text
from reportgen.build import build

GOLDEN = Path(__file__).parent / "golden" / SAMPLE_UNIT / SAMPLE_PERIOD / "summary.txt"


def test_sample_summary_text_matches_golden(workspace: Path) -> None:
    report = build(workspace, units=[SAMPLE_UNIT], period=SAMPLE_PERIOD, kinds=["summary"])
    text = document_text(report.written[0].path)
    if os.environ.get("REPORTGEN_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), "没有 golden 文件：运行 REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py"
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "生成的文本与 golden 不同；若是有意修改，请运行 "
        "REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py 并审阅 diff")
