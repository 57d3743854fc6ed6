"""GB/T 9704-2012 layout of a built 工作总结, checked in the .docx itself (python-docx + raw XML).

Expected values come from ../shared/GBT9704.md; expected text comes from the sample records.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph
from lxml import etree

from reportgen.build import build
from reportgen.layout import KEPT_STYLE, SET_CHAR
from reportgen.quantity import Quantity
from reportgen.records import read_period

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS}
SAMPLE_DIR = Path("data") / "示例县财政局"
CN = "一二三四五六七八九十"
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
JINJA_MARKS = ("{{", "}}", "{%", "%}")


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def xpath(element: etree._Element, expression: str, **variables: str) -> list[Any]:
    """lxml XPath with the w: prefix (python-docx's own xpath() takes no namespaces)."""
    result = etree._Element.xpath(element, expression, namespaces=NS, **variables)
    assert isinstance(result, list)
    return result


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture
def built(workspace: Path) -> Path:
    report = build(workspace, kinds=["summary"])
    assert report.ok, report.failures
    assert len(report.written) == 1
    return report.written[0].path


@pytest.fixture
def document(built: Path) -> DocxDocument:
    return docx.Document(str(built))


@pytest.fixture
def records(workspace: Path) -> dict[str, Any]:
    """The sample period as written: its YAML file, with the lists its workbook holds (read
    through reportgen, the workbook being the source of its activities and inspections)."""
    path = workspace / SAMPLE_DIR / "2026-H1.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    period = read_period(path)
    for key in ("activities", "meetings", "inspections"):
        if key not in data:
            data[key] = [{name: plain(getattr(item, name)) for name in item.model_fields_set}
                         for item in getattr(period, key)]
    return data


def plain(value: Any) -> Any:
    """A value as YAML would give it: a count (Quantity) as its number."""
    return value.value if isinstance(value, Quantity) else value


@pytest.fixture
def unit(workspace: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((workspace / SAMPLE_DIR / "unit.yaml").read_text("utf-8"))
    return data


def styles_root(document: DocxDocument) -> etree._Element:
    return document.styles.element


def style_el(document: DocxDocument, style_id: str) -> etree._Element:
    found = xpath(styles_root(document), "w:style[@w:styleId=$sid]", sid=style_id)
    assert len(found) == 1, f"style {style_id} defined {len(found)} times"
    return found[0]


def doc_defaults(document: DocxDocument) -> etree._Element:
    defaults = styles_root(document).find("w:docDefaults", NS)
    assert defaults is not None, "styles.xml has no docDefaults"
    return defaults


def style_chain(document: DocxDocument, style_id: str) -> list[etree._Element]:
    """The style, its basedOn ancestors, then docDefaults' pPr and rPr holders."""
    chain, seen = [], set()
    current: str | None = style_id
    while current and current not in seen:
        seen.add(current)
        element = style_el(document, current)
        chain.append(element)
        based = element.find("w:basedOn", NS)
        current = based.get(w("val")) if based is not None else None
    defaults = doc_defaults(document)
    chain += [defaults.find("w:pPrDefault", NS), defaults.find("w:rPrDefault", NS)]
    return [c for c in chain if c is not None]


def effective(document: DocxDocument, style_id: str, path: str, attr: str) -> str | None:
    """An attribute as Word resolves it for *style_id*: the first holder of path/@attr."""
    for holder in style_chain(document, style_id):
        element = holder.find(path, NS)
        value = element.get(w(attr)) if element is not None else None
        if value is not None:
            return str(value)
    return None


def is_bold(document: DocxDocument, style_id: str) -> bool:
    for holder in style_chain(document, style_id):
        bold = holder.find("w:rPr/w:b", NS)
        if bold is not None:
            return bold.get(w("val"), "true") not in ("0", "false", "off")
    return False


def sid(paragraph: Paragraph) -> str:
    """The style id of *paragraph* (python-docx resolves a missing pStyle to Normal)."""
    style = paragraph.style
    assert style is not None
    return str(style.style_id)


def body_paragraphs(document: DocxDocument) -> list[Paragraph]:
    return list(document.paragraphs)


def parts_of(document: DocxDocument) -> list[tuple[str, list[Paragraph]]]:
    """Level-1 headings with the paragraphs under each, up to the blank line before the signature."""
    paragraphs = body_paragraphs(document)
    end = next(i for i, p in enumerate(paragraphs) if sid(p) == "GwSignature")
    parts: list[tuple[str, list[Paragraph]]] = []
    for paragraph in paragraphs[:end]:
        if sid(paragraph) == "GwHeading1":
            parts.append((paragraph.text, []))
        elif parts and paragraph.text:
            parts[-1][1].append(paragraph)
    return parts


def end_sentence(text: str) -> str:
    return text if text[-1] in "。！？；…" else f"{text}。"


def footer_tokens(paragraph: etree._Element) -> list[tuple[str, str]]:
    """Text, field characters and field instructions of a paragraph, in document order."""
    tokens = []
    for element in paragraph.iter(w("t"), w("fldChar"), w("instrText"), w("fldSimple")):
        if element.tag == w("t"):
            tokens.append(("text", element.text or ""))
        elif element.tag == w("fldChar"):
            tokens.append(("field", element.get(w("fldCharType"))))
        elif element.tag == w("instrText"):
            tokens.append(("instr", (element.text or "").strip()))
        else:
            tokens.append(("simple", (element.get(w("instr")) or "").strip()))
    return tokens


# ---------------------------------------------------------------- page (§5)


def test_page_is_a4_portrait(document: DocxDocument) -> None:
    sect_pr = document.sections[-1]._sectPr
    size = sect_pr.find("w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    assert size.get(w("orient")) in (None, "portrait")


def test_margins_and_footer_distance_follow_gbt9704(document: DocxDocument) -> None:
    margins = document.sections[-1]._sectPr.find("w:pgMar", NS)
    values = {k: margins.get(w(k)) for k in ("top", "bottom", "left", "right", "footer")}
    assert values == {"top": "2098", "bottom": "1984", "left": "1588", "right": "1474",
                      "footer": "1418"}


def test_document_has_a_single_section(document: DocxDocument) -> None:
    assert len(document.sections) == 1


# ---------------------------------------------------------------- styles of the elements


def test_title_paragraph_uses_gwtitle_22pt_xiaobiaosong_centred_not_bold(
        document: DocxDocument) -> None:
    title = body_paragraphs(document)[0]
    assert sid(title) == "GwTitle"
    assert effective(document, "GwTitle", "w:rPr/w:sz", "val") == "44"
    assert effective(document, "GwTitle", "w:rPr/w:rFonts", "eastAsia") == "方正小标宋简体"
    assert effective(document, "GwTitle", "w:pPr/w:jc", "val") == "center"
    assert effective(document, "GwTitle", "w:pPr/w:ind", "firstLine") in (None, "0")
    assert not is_bold(document, "GwTitle")
    assert not xpath(title._p, ".//w:r/w:rPr/w:b"), "title runs are bold"


def test_title_is_followed_by_one_blank_line(document: DocxDocument) -> None:
    paragraphs = body_paragraphs(document)
    assert paragraphs[1].text == ""
    assert paragraphs[2].text != ""


def test_body_text_paragraphs_use_normal_style(document: DocxDocument) -> None:
    styles = {sid(p) for p in body_paragraphs(document)}
    assert styles <= {"GwTitle", "Normal", "GwKeptText", "GwHeading1", "GwHeading2", "GwSignature",
                      "GwDate"}
    opening = body_paragraphs(document)[2]
    assert sid(opening) == "Normal"


def test_normal_is_16pt_fangsong_justified_with_two_character_indent(
        document: DocxDocument) -> None:
    assert effective(document, "Normal", "w:rPr/w:sz", "val") == "32"
    assert effective(document, "Normal", "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert effective(document, "Normal", "w:pPr/w:jc", "val") == "both"
    assert effective(document, "Normal", "w:pPr/w:ind", "firstLine") == "640"
    # 640 twips is 2字 at 3号; no firstLineChars, which derived styles would inherit in Word.
    assert effective(document, "Normal", "w:pPr/w:ind", "firstLineChars") is None


def test_normal_has_exact_579_line_spacing_no_space_and_minus_5_character_spacing(
        document: DocxDocument) -> None:
    assert effective(document, "Normal", "w:pPr/w:spacing", "line") == "579"
    assert effective(document, "Normal", "w:pPr/w:spacing", "lineRule") == "exact"
    assert effective(document, "Normal", "w:pPr/w:spacing", "before") == "0"
    assert effective(document, "Normal", "w:pPr/w:spacing", "after") == "0"
    assert effective(document, "Normal", "w:rPr/w:spacing", "val") == "-5"


@pytest.mark.parametrize(("style_id", "font"), [("GwHeading1", "黑体"),
                                                ("GwHeading2", "楷体_GB2312"),
                                                ("GwHeading3", "仿宋_GB2312"),
                                                ("GwHeading4", "仿宋_GB2312"),
                                                ("GwRunIn1", "黑体"), ("GwRunIn2", "楷体_GB2312"),
                                                ("GwRunIn3", "仿宋_GB2312"),
                                                ("GwRunIn4", "仿宋_GB2312")])
def test_heading_styles_have_their_font_and_body_layout(
        document: DocxDocument, style_id: str, font: str) -> None:
    """Each heading level in its own named style and font (一、黑体 （一）楷体 1.（1）仿宋), on a
    line of its own or run into its text, with the body's size and layout."""
    fonts = style_el(document, style_id).find("w:rPr/w:rFonts", NS)
    assert fonts is not None and fonts.get(w("eastAsia")) == font
    if style_id.startswith("GwRunIn"):
        assert style_el(document, style_id).get(w("type")) == "character"
        return
    assert effective(document, style_id, "w:rPr/w:rFonts", "eastAsia") == font
    assert effective(document, style_id, "w:rPr/w:sz", "val") == "32"
    assert effective(document, style_id, "w:pPr/w:ind", "firstLine") == "640"
    assert effective(document, style_id, "w:pPr/w:jc", "val") == "both"
    assert effective(document, style_id, "w:pPr/w:spacing", "line") == "579"
    assert not is_bold(document, style_id)


def test_every_gw_style_sets_all_four_font_slots(document: DocxDocument) -> None:
    gw_styles = xpath(styles_root(document), "w:style[starts-with(@w:styleId, 'Gw')]")
    assert {s.get(w("styleId")) for s in gw_styles} >= {
        "GwTitle", "GwHeading1", "GwHeading2", "GwSignature", "GwDate",
        "GwPageNumberOdd", "GwPageNumberEven"}
    for style in gw_styles:
        fonts = style.find("w:rPr/w:rFonts", NS)
        assert fonts is not None, f"{style.get(w('styleId'))} has no rFonts"
        values = {slot: fonts.get(w(slot)) for slot in FONT_SLOTS}
        assert None not in values.values(), f"{style.get(w('styleId'))}: {values}"
        assert len(set(values.values())) == 1, f"{style.get(w('styleId'))}: {values}"


def test_doc_defaults_set_all_four_font_slots_without_theme_fonts(
        document: DocxDocument) -> None:
    fonts = doc_defaults(document).find("w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts is not None
    assert {slot: fonts.get(w(slot)) for slot in FONT_SLOTS} == dict.fromkeys(
        FONT_SLOTS, "仿宋_GB2312")
    theme_attrs = [a for a in fonts.attrib if "Theme" in a or "theme" in a]
    assert theme_attrs == []


def test_doc_defaults_are_chinese_with_no_space_after(document: DocxDocument) -> None:
    defaults = doc_defaults(document)
    lang = defaults.find("w:rPrDefault/w:rPr/w:lang", NS)
    assert lang is not None and lang.get(w("eastAsia")) == "zh-CN"
    spacing = defaults.find("w:pPrDefault/w:pPr/w:spacing", NS)
    assert spacing is not None
    assert spacing.get(w("after")) == "0"
    assert spacing.get(w("line")) != "276"


def test_body_paragraphs_carry_no_direct_formatting_over_the_styles(
        document: DocxDocument) -> None:
    """The styles decide the layout: no run fonts/sizes/bold, no paragraph spacing/indent/jc.
    The 署名 and 成文日期 alone carry an indent (and the date its alignment): where they go
    depends on both strings (GB/T 9704 §7.3.5, reportgen.layout.closing_place)."""
    for paragraph in body_paragraphs(document):
        p = paragraph._p
        placed = sid(paragraph) in {"GwSignature", "GwDate"}
        for tag in ("w:pPr/w:spacing", "w:pPr/w:ind", "w:pPr/w:jc"):
            if placed and tag != "w:pPr/w:spacing":
                continue
            assert p.find(tag, NS) is None, f"{tag} on {paragraph.text[:20]!r}"
        for tag in ("w:rFonts", "w:sz", "w:b", "w:spacing"):
            assert not xpath(p, f"w:r/w:rPr/{tag}"), (
                f"{tag} on a run of {paragraph.text[:20]!r}")


# ---------------------------------------------------------------- page numbers (§7.5)


def test_settings_enable_different_odd_and_even_footers(document: DocxDocument) -> None:
    assert document.settings.element.find("w:evenAndOddHeaders", NS) is not None


def test_section_references_a_default_and_an_even_footer(document: DocxDocument) -> None:
    kinds = [ref.get(w("type")) for ref in
             document.sections[-1]._sectPr.findall("w:footerReference", NS)]
    assert sorted(kinds) == ["default", "even"]


@pytest.mark.parametrize(("which", "align", "indent_side"),
                         [("odd", "right", "right"), ("even", "left", "left")])
def test_footer_has_page_field_between_dashes_in_songti_14pt(
        document: DocxDocument, which: str, align: str, indent_side: str) -> None:
    section = document.sections[-1]
    footer = section.footer if which == "odd" else section.even_page_footer
    assert not footer.is_linked_to_previous
    paragraphs = [p for p in footer.paragraphs if p.text.strip()]
    assert len(paragraphs) == 1
    paragraph = paragraphs[0]
    style_id = sid(paragraph)
    assert effective(document, style_id, "w:pPr/w:jc", "val") == align
    assert effective(document, style_id, "w:pPr/w:ind", indent_side) == "280"  # 1字 at 14 pt
    assert effective(document, style_id, "w:rPr/w:sz", "val") == "28"
    assert effective(document, style_id, "w:rPr/w:rFonts", "eastAsia") == "宋体"
    assert not xpath(paragraph._p, "w:r/w:rPr/w:sz | w:r/w:rPr/w:rFonts")

    tokens = footer_tokens(paragraph._p)
    assert tokens[0] == ("text", "— ")
    assert tokens[-1] == ("text", " —")
    middle = tokens[1:-1]
    if middle and middle[0][0] == "simple":
        assert middle[0][1].split()[0] == "PAGE"
    else:
        assert middle[0] == ("field", "begin")
        assert middle[-1] == ("field", "end")
        assert ("instr", "PAGE") in middle
        assert middle.index(("instr", "PAGE")) < middle.index(("field", "separate"))


# ---------------------------------------------------------------- signature and date (§7.3.5)


def test_signature_and_date_are_the_last_two_paragraphs(
        document: DocxDocument, records: dict[str, Any], unit: dict[str, Any]) -> None:
    *_, blank, signature, dated = body_paragraphs(document)
    assert blank.text == ""
    assert sid(signature) == "GwSignature"
    assert signature.text == (unit.get("signature") or unit["name"])
    assert sid(dated) == "GwDate"
    day = records["date"]
    assert isinstance(day, date)
    assert dated.text == f"{day.year}年{day.month}月{day.day}日"
    assert dated.text == "2026年7月8日"
    assert re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", dated.text)


@pytest.mark.parametrize("style_id", ["GwSignature", "GwDate"])
def test_signature_and_date_styles_are_right_aligned_two_characters_in(
        document: DocxDocument, style_id: str) -> None:
    """The styles' own place (右空二字, two characters as set on the 28-character line, what a
    template writing {{ signature }} and {{ date }} gets); the documents place the two lines
    from their strings (tests/test_signoff.py)."""
    assert effective(document, style_id, "w:pPr/w:jc", "val") == "right"
    assert effective(document, style_id, "w:pPr/w:ind", "right") == str(2 * SET_CHAR)
    assert effective(document, style_id, "w:pPr/w:ind", "firstLine") in (None, "0")
    assert effective(document, style_id, "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert effective(document, style_id, "w:rPr/w:sz", "val") == "32"


# ---------------------------------------------------------------- numbering


def expected_level1(records: dict[str, Any]) -> list[str]:
    headings = [s["heading"] for s in records["sections"]]
    if records.get("problems"):
        headings.append("存在的问题")
    if records.get("plans"):
        headings.append("下半年工作打算")
    return [f"{CN[i]}、{h}" for i, h in enumerate(headings)]


def test_level1_headings_run_consecutively_through_problems_and_plans(
        document: DocxDocument, records: dict[str, Any]) -> None:
    headings = [p.text for p in body_paragraphs(document) if sid(p) == "GwHeading1"]
    assert headings == expected_level1(records)
    assert headings[-2:] == [f"{CN[len(headings) - 2]}、存在的问题",
                             f"{CN[len(headings) - 1]}、下半年工作打算"]


def test_level2_headings_restart_at_one_in_each_part(
        document: DocxDocument, records: dict[str, Any]) -> None:
    parts = parts_of(document)
    assert len(parts) == len(expected_level1(records))
    for index, (heading, paragraphs) in enumerate(parts):
        found = [p.text for p in paragraphs if sid(p) == "GwHeading2"]
        section = records["sections"][index] if index < len(records["sections"]) else {}
        points = section.get("points") or []
        expected = ([f"（{CN[i]}）{pt['heading']}" for i, pt in enumerate(points)]
                    if points and points[0].get("heading") else [])
        assert found == expected, heading
    restarted = [paragraphs for _, paragraphs in parts
                 if any(sid(p) == "GwHeading2" for p in paragraphs)]
    assert len(restarted) >= 2, "the sample should have two parts with level-2 headings"
    for paragraphs in restarted:
        first = next(p for p in paragraphs if sid(p) == "GwHeading2")
        assert first.text.startswith("（一）")


def test_headed_points_text_follows_its_level2_heading(
        document: DocxDocument, records: dict[str, Any]) -> None:
    parts = parts_of(document)
    for index, section in enumerate(records["sections"]):
        points = section.get("points") or []
        if not points or not points[0].get("heading"):
            continue
        texts = [p.text for p in parts[index][1]]
        for i, point in enumerate(points):
            at = texts.index(f"（{CN[i]}）{point['heading']}")
            assert texts[at + 1] == point["text"]


@pytest.mark.parametrize(("key", "heading"), [("problems", "存在的问题"),
                                              ("plans", "下半年工作打算")])
def test_list_items_are_numbered_from_one_in_each_part(
        document: DocxDocument, records: dict[str, Any], key: str, heading: str) -> None:
    part = next(paragraphs for title, paragraphs in parts_of(document)
                if title.endswith(f"、{heading}"))
    assert [p.text for p in part] == [f"{i}.{t}" for i, t in enumerate(records[key], 1)]
    assert all(sid(p) == "Normal" for p in part[:-1])
    assert sid(part[-1]) in ("Normal", KEPT_STYLE)  # the last text is kept with the 落款


def test_points_without_headings_run_inline_as_yi_shi_er_shi(
        document: DocxDocument, records: dict[str, Any]) -> None:
    parts = parts_of(document)
    inline_sections = [i for i, s in enumerate(records["sections"])
                       if s.get("points") and not s["points"][0].get("heading")]
    assert inline_sections, "the sample should have a section whose points have no headings"
    for index in inline_sections:
        section = records["sections"][index]
        expected = "".join(f"{CN[i]}是{end_sentence(pt['text'])}"
                           for i, pt in enumerate(section["points"]))
        texts = [p.text for p in parts[index][1]]
        assert texts == [*section.get("paragraphs", []), expected]
        assert expected.startswith("一是") and "二是" in expected


def test_section_paragraphs_come_right_after_their_heading(
        document: DocxDocument, records: dict[str, Any]) -> None:
    parts = parts_of(document)
    for index, section in enumerate(records["sections"]):
        paragraphs = section.get("paragraphs") or []
        texts = [p.text for p in parts[index][1]]
        assert texts[:len(paragraphs)] == paragraphs


# ---------------------------------------------------------------- text


def test_no_paragraph_contains_a_leftover_jinja_tag(document: DocxDocument) -> None:
    section = document.sections[-1]
    paragraphs = [*document.paragraphs, *section.footer.paragraphs,
                  *section.even_page_footer.paragraphs, *section.header.paragraphs]
    for paragraph in paragraphs:
        for mark in JINJA_MARKS:
            assert mark not in paragraph.text, paragraph.text
    assert not any(mark in (document.core_properties.title or "") for mark in JINJA_MARKS)


def test_no_templated_part_contains_a_leftover_jinja_tag(built: Path) -> None:
    with zipfile.ZipFile(built) as archive:
        names = [n for n in archive.namelist()
                 if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml|docProps/core\.xml",
                                 n)]
        assert "word/document.xml" in names
        for name in names:
            xml = archive.read(name).decode("utf-8")
            for mark in JINJA_MARKS:
                assert mark not in xml, f"{mark} in {name}"


def test_title_is_unit_period_and_theme(document: DocxDocument, unit: dict[str, Any]) -> None:
    title = body_paragraphs(document)[0].text.replace("\n", "")
    assert title == f"{unit['name']}2026年上半年{unit['theme']}总结"
    assert document.core_properties.title == title


def test_figures_sentence_has_the_counts_from_the_records(
        document: DocxDocument, records: dict[str, Any]) -> None:
    activities, meetings = records["activities"], records["meetings"]
    inspections = records["inspections"]
    found = sum(i["found"] for i in inspections)
    rectified = sum(i["rectified"] for i in inspections)
    decisions = sum(len(m.get("decisions", [])) for m in meetings)
    rate = (Decimal(rectified) * 100 / Decimal(found)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    scores = [Decimal(str(i["score"])) for i in inspections if "score" in i]
    average = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    sentence = next(p.text for p in body_paragraphs(document) if "各类活动" in p.text)
    assert f"共组织开展各类活动{len(activities)}次" in sentence
    assert f"召开专题会议{len(meetings)}次" in sentence
    assert f"议定事项{decisions}项" in sentence
    assert f"接受和开展检查{len(inspections)}次" in sentence
    assert f"发现问题{found}个，已整改{rectified}个" in sentence
    assert f"整改率{rate.normalize():f}%" in sentence
    scored = (f"平均得分{average.normalize():f}分" if len(scores) == len(inspections)
              else f"其中{len(scores)}次评分平均{average.normalize():f}分")
    assert scored in sentence
    assert sentence.startswith("上半年，我局")


def test_figures_sentence_counts_activities_by_category_in_ledger_order(
        document: DocxDocument, records: dict[str, Any]) -> None:
    counts: dict[str, int] = {}
    for activity in records["activities"]:
        counts[activity["category"]] = counts.get(activity["category"], 0) + 1
    expected = "其中" + "、".join(f"{c}{n}次" for c, n in counts.items())
    sentence = next(p.text for p in body_paragraphs(document) if "各类活动" in p.text)
    assert expected in sentence
