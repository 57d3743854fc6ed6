"""Sample records written from the structures of real 总结 and 汇报 (tests/golden/cases/<案例>/data):
their documents' text is kept as golden files and reviewed as a diff, and each document passes
the layout checks every built document must pass.

Regenerate deliberately with:  REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_golden_cases.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from conftest import compare_with_golden, output_texts
from reportgen.build import build

CASES = Path(__file__).parent / "golden" / "cases"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if (p / "data").is_dir()) if CASES.is_dir() else []
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module", params=CASE_NAMES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """One case, copied and built with every kind."""
    root = tmp_path_factory.mktemp("case")
    shutil.copytree(CASES / request.param / "data", root / "data")
    report = build(root)
    assert report.ok, [str(p) for f in report.failures for p in f.problems] + [
        f.message for f in report.failures]
    return request.param, root / "output"


def test_there_are_at_least_three_cases() -> None:
    assert len(CASE_NAMES) >= 3


def test_case_text_matches_golden(built: tuple[str, Path]) -> None:
    name, output = built
    compare_with_golden(output_texts(output), CASES / name / "expected", f"{name}/")


def test_every_case_document_passes_the_layout_checks(built: tuple[str, Path]) -> None:
    for path in sorted(built[1].rglob("*.docx")):
        document = docx.Document(str(path))
        section = document.sections[0]._sectPr
        margins = section.find(f"{W}pgMar")
        assert margins is not None
        assert [margins.get(f"{W}{side}") for side in ("top", "bottom", "left", "right")] == [
            "2098", "1984", "1588", "1474"]
        for paragraph in document.paragraphs:
            assert "{{" not in paragraph.text and "{%" not in paragraph.text, paragraph.text
            p = paragraph._p
            placed = paragraph.style is not None and paragraph.style.style_id in ("GwSignature", "GwDate")
            for tag in ("spacing", "ind", "jc"):
                if placed and tag != "spacing":
                    continue  # the 落款 is placed by its strings (GB/T 9704 §7.3.5)
                assert p.find(f"{W}pPr/{W}{tag}") is None, (path.name, paragraph.text[:20])
            for run in p.iter(f"{W}r"):
                rpr = run.find(f"{W}rPr")
                if rpr is not None:
                    assert rpr.find(f"{W}rFonts") is None and rpr.find(f"{W}sz") is None
        styles = document.styles.element
        for style in styles.iter(f"{W}style"):
            if (style.get(f"{W}styleId") or "").startswith("Gw"):
                fonts = style.find(f"{W}rPr/{W}rFonts")
                assert fonts is not None
                assert len({fonts.get(f"{W}{s}") for s in FONT_SLOTS}) == 1


HEADING_FORMS = {"GwHeading1": r"^[一二三四五六七八九十]+、", "GwHeading2": r"^（[一二三四五六七八九十]+）",
                 "GwHeading3": r"^\d+\.", "GwHeading4": r"^（\d+）"}


def test_case_headings_are_numbered_in_their_level_style(built: tuple[str, Path]) -> None:
    import re

    levels_seen = set()
    for path in sorted(built[1].rglob("*总结*.docx")):
        for paragraph in docx.Document(str(path)).paragraphs:
            style = str(paragraph.style.style_id) if paragraph.style else ""
            if style in HEADING_FORMS:
                levels_seen.add(style)
                assert re.match(HEADING_FORMS[style], paragraph.text), (style, paragraph.text)
            for run in paragraph.runs:
                run_style = run._r.find(f"{W}rPr/{W}rStyle")
                if run_style is not None and run_style.get(f"{W}val", "").startswith("GwRunIn"):
                    level = run_style.get(f"{W}val")[-1]
                    assert re.match(HEADING_FORMS[f"GwHeading{level}"], run.text), run.text
    assert "GwHeading1" in levels_seen
