"""The 落款 (发文机关署名 and 成文日期) as GB/T 9704 §7.3.5 places it, read back from the built
documents; a template of its own that writes {{ signature }} and {{ date }}; the settings Word
reads to open a file in its own mode (compatibilityMode 15, app.xml); and, with the real
LibreOffice, no 落款 alone on a page."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.text.paragraph import Paragraph

from conftest import HAND_WRITTEN, SAMPLE_UNIT, THIRD_UNIT, copy_data
from reportgen.build import build
from reportgen.compose.signoff import SEALED
from reportgen.defaults import default_template_path
from reportgen.kinds import TEMPLATES
from reportgen.layout import HALF_CHAR, SET_CHAR, TEXT_WIDTH, closing_place, set_width
from reportgen.pdf import export_pdfs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = "2026年7月8日"


# ---------------------------------------------------------------- where the lines go


def starts(signature: str, day: str, sealed: bool) -> tuple[int, int, int, int]:
    """Where the signature and the date start and end, in twips from the block's left edge."""
    place = closing_place(signature, day, sealed)
    return (place.signature.start(signature), place.signature.end(signature),
            place.date.start(day), place.date.end(day))


def test_widths_count_chinese_as_one_character_and_digits_as_half() -> None:
    assert set_width("示例县财政局") == 6 * SET_CHAR
    assert set_width(DATE) == 3 * SET_CHAR + 6 * HALF_CHAR
    assert set_width("2026年12月31日") == 3 * SET_CHAR + 8 * HALF_CHAR


@pytest.mark.parametrize("signature", ["示例县财政局", "局", "示例县爱国卫生运动委员会办公室",
                                       "示例縣衛生健康局"])
@pytest.mark.parametrize("day", [DATE, "2026年12月31日"])
def test_unsealed_the_date_starts_two_characters_right_of_the_signature(signature: str, day: str) -> None:
    """§7.3.5.2: 署名右空二字, the date's first character two characters right of the
    signature's; a date longer than the signature 右空二字, the signature moved left as much."""
    signature_start, signature_end, date_start, date_end = starts(signature, day, sealed=False)
    assert date_start - signature_start == 2 * SET_CHAR
    if set_width(day) > set_width(signature):
        assert TEXT_WIDTH - date_end == 2 * SET_CHAR
        assert TEXT_WIDTH - signature_end > 2 * SET_CHAR
    else:
        assert TEXT_WIDTH - signature_end == 2 * SET_CHAR
        assert date_end <= TEXT_WIDTH


@pytest.mark.parametrize("signature", ["示例县财政局", "局", "示例县城南街道办事处", "示例縣衛生健康局"])
@pytest.mark.parametrize("day", [DATE, "2026年12月31日"])
def test_sealed_the_date_is_four_characters_in_and_the_signature_centred_over_it(
        signature: str, day: str) -> None:
    """§7.3.5.1: 成文日期右空四字, the signature centred on the date (以成文日期为准居中)."""
    signature_start, signature_end, date_start, date_end = starts(signature, day, sealed=True)
    assert TEXT_WIDTH - date_end == 4 * SET_CHAR
    centre = (signature_start + signature_end) / 2
    assert abs(centre - (date_start + date_end) / 2) <= 1


def test_a_signature_too_long_to_centre_stays_inside_the_block() -> None:
    signature = "示例县爱国卫生运动委员会办公室示例县创建国家卫生县城工作领导小组办公室"
    place = closing_place(signature, DATE, sealed=True)
    assert place.signature.indent == 0
    assert place.signature.start(signature) >= 0 or set_width(signature) > TEXT_WIDTH


def test_which_kinds_are_sealed() -> None:
    """The 通报 and the 情况汇报 are 公文 printed for the seal; a 工作总结 goes unsealed."""
    assert SEALED == {"summary": False, "report": True, "notice": True}


# ---------------------------------------------------------------- in the documents


def closing(path: Path) -> tuple[Paragraph, Paragraph]:
    paragraphs = docx.Document(str(path)).paragraphs
    signature = next(p for p in paragraphs if p.style is not None and p.style.style_id == "GwSignature")
    dated = next(p for p in paragraphs if p.style is not None and p.style.style_id == "GwDate")
    return signature, dated


def placed(paragraph: Paragraph) -> tuple[int, int, str | None]:
    """The paragraph's direct left and right indents and alignment."""
    ind = paragraph._p.find(f"{W}pPr/{W}ind")
    jc = paragraph._p.find(f"{W}pPr/{W}jc")
    assert ind is not None, paragraph.text
    return (int(ind.get(f"{W}left") or 0), int(ind.get(f"{W}right") or 0),
            None if jc is None else jc.get(f"{W}val"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import REPO_ROOT

    root = tmp_path_factory.mktemp("signoff")
    for unit in HAND_WRITTEN:
        copy_data(REPO_ROOT / "data" / unit, root / "data" / unit)
    shutil.copytree(REPO_ROOT / "templates", root / "templates")
    assert build(root, kinds=["summary", "report"]).ok
    return root / "output"


@pytest.mark.parametrize("unit", HAND_WRITTEN)
@pytest.mark.parametrize("kind", ["总结", "情况汇报"])
def test_each_document_places_its_closing_from_its_own_strings(built: Path, unit: str, kind: str) -> None:
    path = next(p for p in (built / unit / "2026-H1").glob("*.docx") if p.stem.endswith(kind)
                or p.stem.endswith({"总结": "總結", "情况汇报": "情況匯報"}[kind]))
    signature, dated = closing(path)
    if unit == THIRD_UNIT:
        assert "縣" in signature.text
    place = closing_place(signature.text, dated.text, sealed=kind == "情况汇报")
    for paragraph, line in ((signature, place.signature), (dated, place.date)):
        assert placed(paragraph) == (0, line.indent, None)  # right-aligned by its style
    signature_start = place.signature.start(signature.text)
    if kind == "总结":
        assert place.date.start(dated.text) - signature_start == 2 * SET_CHAR
    else:
        assert TEXT_WIDTH - place.date.end(dated.text) == 4 * SET_CHAR


def test_the_paragraphs_above_the_closing_are_kept_with_it(built: Path) -> None:
    """The last text and the blank line are kept with the next paragraph (公文正文（与落款同页）),
    and so is the signature: the 落款 never stands alone on a page."""
    path = built / SAMPLE_UNIT / "2026-H1" / f"{SAMPLE_UNIT}2026年上半年爱国卫生工作情况汇报.docx"
    paragraphs = docx.Document(str(path)).paragraphs
    *_, text, blank, signature, dated = paragraphs
    assert [p.style.style_id for p in (text, blank, signature, dated)] == [
        "GwKeptText", "GwKeptText", "GwSignature", "GwDate"]
    assert text.text == "特此汇报。" and blank.text == ""
    styles = docx.Document(str(path)).styles
    for style_id in ("GwKeptText", "GwSignature"):
        style = next(s for s in styles if s.style_id == style_id)
        assert style.paragraph_format.keep_with_next is True


def test_a_unit_template_writing_signature_and_date_still_builds(tmp_path: Path) -> None:
    """A template an office made before {{p sign_off }} (its 署名 and 成文日期 as two tags) builds
    as it did: the two lines placed by its styles."""
    from conftest import REPO_ROOT

    copy_data(REPO_ROOT / "data" / SAMPLE_UNIT, tmp_path / "data" / SAMPLE_UNIT)
    template = docx.Document(str(default_template_path("summary")))
    sign_off = next(p for p in template.paragraphs if "{{p sign_off }}" in p.text)
    sign_off.text = "{{ signature }}"
    element = OxmlElement("w:p")
    sign_off._p.addnext(element)
    dated = Paragraph(element, sign_off._parent)
    dated.style = template.styles.get_by_id("GwDate", WD_STYLE_TYPE.PARAGRAPH)
    dated.text = "{{ date }}"
    folder = tmp_path / "templates" / SAMPLE_UNIT
    folder.mkdir(parents=True)
    template.save(str(folder / "summary.docx"))
    assert build(tmp_path, kinds=["summary"]).ok
    [path] = (tmp_path / "output" / SAMPLE_UNIT / "2026-H1").glob("*.docx")
    *_, signature, day = docx.Document(str(path)).paragraphs
    assert (signature.text, signature.style.style_id) == (SAMPLE_UNIT, "GwSignature")
    assert (day.text, day.style.style_id) == (DATE, "GwDate")
    assert signature._p.find(f"{W}pPr/{W}ind") is None


# ---------------------------------------------------------------- Word's own mode


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_default_templates_open_in_word_2013_mode_with_neutral_properties(name: str) -> None:
    with zipfile.ZipFile(default_template_path(name)) as archive:
        settings = archive.read("word/settings.xml").decode()
        app = archive.read("docProps/app.xml").decode()
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)
    assert "useFELayout" not in settings
    assert "<Application>reportgen</Application>" in app
    for leftover in ("Normal.dotm", "Microsoft", "<Company>", "<Pages>", "<Words>", "<Template>"):
        assert leftover not in app, leftover


def test_built_documents_keep_word_2013_mode(built: Path) -> None:
    for path in sorted(built.rglob("*.docx")):
        with zipfile.ZipFile(path) as archive:
            settings = archive.read("word/settings.xml").decode()
        assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings), path.name


# ---------------------------------------------------------------- on paper (LibreOffice)


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_no_page_holds_the_closing_alone(built: Path) -> None:
    documents = sorted(p for p in built.rglob("*.docx"))
    report = export_pdfs(built, documents)
    assert report.ok, [f.message for f in report.failures] or report.unavailable
    for document in documents:
        signature, dated = closing(document)
        pages = [[re.sub(r"\s", "", line) for line in page.splitlines() if line.strip()]
                 for page in page_texts(document.with_suffix(".pdf"))]
        last = next((page for page in reversed(pages) if dated.text in page), None)
        assert last is not None, (document.name, dated.text, pages[-1:])
        others = [line for line in last if line not in (signature.text, dated.text)
                  and not re.fullmatch(r"[—－-]\d+[—－-]", line)]
        assert others, f"{document.name}: the 落款 stands alone on page {pages.index(last) + 1}"
