"""GB/T 9704-2012 layout of the other built kinds: 会议纪要, 会议简报 and 情况汇报.

Every kind must share the page, page numbers and body layout of the 工作总结 (test_layout.py);
then each has its own elements (§10.3 纪要 mark and 出席 lines, the 简报 headline, the 汇报's
主送机关 and 特此汇报). Expected values come from ../shared/GBT9704.md, expected text from the
sample records. The sample is built once per module: 示例县财政局 alone (it writes 纪要) and
示例县城南街道办事处 in the full workspace (it writes 简报).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from conftest import REPO_ROOT, SAMPLE_PERIOD, SAMPLE_UNIT, SECOND_UNIT
from reportgen.build import build
from test_layout import (
    CN,
    FONT_SLOTS,
    JINJA_MARKS,
    NS,
    doc_defaults,
    effective,
    footer_tokens,
    is_bold,
    sid,
    style_chain,
    style_el,
    styles_root,
    w,
    xpath,
)

ONE_CHAR = 320  # one 3号 character in twips
CHAR_SPACING = -5  # the body's −0.25 pt character spacing, in twentieths of a point
LABEL_WIDTH = 3 * (ONE_CHAR + CHAR_SPACING)  # "出席：" as set: 3 characters of 15.75 pt = 945
ATTENDANCE_KEYS = (("出席", "attendees"), ("请假", "absent"), ("列席", "observers"))
NOT_INDENTED = ("GwTitle", "GwMinutesMark", "GwRecipient", "GwAttendance", "GwSignature",
                "GwDate", "GwPageNumberOdd", "GwPageNumberEven")


def _records(unit: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (REPO_ROOT / "data" / unit / f"{SAMPLE_PERIOD}.yaml").read_text("utf-8"))
    return data


def _profile(unit: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (REPO_ROOT / "data" / unit / "unit.yaml").read_text("utf-8"))
    return data


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def month_day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def end_sentence(text: str) -> str:
    return text if text[-1] in "。！？；…" else f"{text}。"


@dataclass(frozen=True)
class Expected:
    """One document the sample build must write, with the records it comes from."""

    kind: str  # minutes (纪要), briefing (简报) or report (汇报)
    unit: str
    file: str
    meeting: dict[str, Any] | None = None

    @property
    def records(self) -> dict[str, Any]:
        return _records(self.unit)

    @property
    def profile(self) -> dict[str, Any]:
        return _profile(self.unit)


def _expected_documents() -> list[Expected]:
    documents = []
    for unit, form, kind in ((SAMPLE_UNIT, "会议纪要", "minutes"),
                             (SECOND_UNIT, "会议简报", "briefing")):
        for meeting in _records(unit)["meetings"]:
            name = f"{meeting['title']}{form}（{month_day(meeting['date'])}）.docx"
            documents.append(Expected(kind, unit, name, meeting))
    for unit in (SAMPLE_UNIT, SECOND_UNIT):
        theme = _profile(unit)["theme"]
        documents.append(Expected("report", unit, f"{unit}2026年上半年{theme}情况汇报.docx"))
    return documents


DOCUMENTS = _expected_documents()


def _id(expected: Expected) -> str:
    return f"{expected.kind}:{expected.file.removesuffix('.docx')}"


def _of_kind(kind: str) -> list[Expected]:
    return [d for d in DOCUMENTS if d.kind == kind]


@dataclass(frozen=True)
class Built:
    expected: Expected
    path: Path
    document: DocxDocument

    @property
    def paragraphs(self) -> list[Paragraph]:
        return list(self.document.paragraphs)

    @property
    def meeting(self) -> dict[str, Any]:
        assert self.expected.meeting is not None
        return self.expected.meeting


# ---------------------------------------------------------------- building the sample once


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The output folder of each sample unit, built like the conftest workspaces are copied:
    build(workspace) for 示例县财政局, build(full_workspace, units=[城南]) for the 简报."""
    first = tmp_path_factory.mktemp("workspace")
    shutil.copytree(REPO_ROOT / "data" / SAMPLE_UNIT, first / "data" / SAMPLE_UNIT)
    report = build(first)
    assert report.ok, report.failures

    full = tmp_path_factory.mktemp("full_workspace")
    shutil.copytree(REPO_ROOT / "data", full / "data")
    shutil.copytree(REPO_ROOT / "templates", full / "templates")
    report = build(full, units=[SECOND_UNIT])
    assert report.ok, report.failures
    return {SAMPLE_UNIT: first / "output" / SAMPLE_UNIT / SAMPLE_PERIOD,
            SECOND_UNIT: full / "output" / SECOND_UNIT / SAMPLE_PERIOD}


def _load(outputs: dict[str, Path], expected: Expected) -> Built:
    path = outputs[expected.unit] / expected.file
    assert path.is_file(), f"not written: {path.name}"
    return Built(expected, path, docx.Document(str(path)))


@pytest.fixture(params=DOCUMENTS, ids=_id)
def built(request: pytest.FixtureRequest, outputs: dict[str, Path]) -> Built:
    return _load(outputs, request.param)


@pytest.fixture(params=_of_kind("minutes"), ids=_id)
def minutes(request: pytest.FixtureRequest, outputs: dict[str, Path]) -> Built:
    return _load(outputs, request.param)


@pytest.fixture(params=_of_kind("briefing"), ids=_id)
def briefing(request: pytest.FixtureRequest, outputs: dict[str, Path]) -> Built:
    return _load(outputs, request.param)


@pytest.fixture(params=_of_kind("report"), ids=_id)
def report(request: pytest.FixtureRequest, outputs: dict[str, Path]) -> Built:
    return _load(outputs, request.param)


def headings(built: Built) -> list[str]:
    return [p.text for p in built.paragraphs if sid(p) == "GwHeading1"]


def part_paragraphs(built: Built, heading: str) -> list[Paragraph]:
    """The non-empty paragraphs under the level-1 heading ending in *heading*, to the next one."""
    paragraphs = built.paragraphs
    start = next(i for i, p in enumerate(paragraphs)
                 if sid(p) == "GwHeading1" and p.text.endswith(f"、{heading}"))
    found = []
    for paragraph in paragraphs[start + 1:]:
        if sid(paragraph) != "Normal" or not paragraph.text:
            break
        found.append(paragraph)
    return found


def first_line_indent(document: DocxDocument, style_id: str) -> int:
    """The first-line indent in twips as Word resolves it (negative for a hanging indent):
    firstLine and hanging are one property, taken from the first style in the chain with either."""
    for holder in style_chain(document, style_id):
        indent = holder.find("w:pPr/w:ind", NS)
        if indent is None:
            continue
        if indent.get(w("hanging")) is not None:
            return -int(indent.get(w("hanging")))
        if indent.get(w("firstLine")) is not None:
            return int(indent.get(w("firstLine")))
    return 0


def first_line_chars(document: DocxDocument, style_id: str) -> int:
    """The first-line indent in hundredths of a character as Word resolves it; when not zero it
    takes precedence over firstLine and hanging (ECMA-376 §17.3.1.12)."""
    for holder in style_chain(document, style_id):
        indent = holder.find("w:pPr/w:ind", NS)
        if indent is None:
            continue
        if indent.get(w("hangingChars")) is not None:
            return -int(indent.get(w("hangingChars")))
        if indent.get(w("firstLineChars")) is not None:
            return int(indent.get(w("firstLineChars")))
    return 0


# ---------------------------------------------------------------- what the build writes


def test_build_writes_one_document_per_meeting_and_one_report(outputs: dict[str, Path]) -> None:
    for unit, folder in outputs.items():
        theme = _profile(unit)["theme"]
        expected = {d.file for d in DOCUMENTS if d.unit == unit} | {
            f"{unit}2026年上半年{theme}总结.docx"}
        assert {p.name for p in folder.glob("*.docx")} == expected


# ---------------------------------------------------------------- every kind: page (§5)


def test_page_is_a4_portrait(built: Built) -> None:
    size = built.document.sections[-1]._sectPr.find("w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    assert size.get(w("orient")) in (None, "portrait")


def test_margins_and_footer_distance_follow_gbt9704(built: Built) -> None:
    margins = built.document.sections[-1]._sectPr.find("w:pgMar", NS)
    values = {k: margins.get(w(k)) for k in ("top", "bottom", "left", "right", "footer")}
    assert values == {"top": "2098", "bottom": "1984", "left": "1588", "right": "1474",
                      "footer": "1418"}


def test_document_has_a_single_section(built: Built) -> None:
    assert len(built.document.sections) == 1


# ---------------------------------------------------------------- every kind: page numbers (§7.5)


def test_odd_and_even_footers_are_enabled_and_referenced(built: Built) -> None:
    assert built.document.settings.element.find("w:evenAndOddHeaders", NS) is not None
    kinds = [ref.get(w("type")) for ref in
             built.document.sections[-1]._sectPr.findall("w:footerReference", NS)]
    assert sorted(kinds) == ["default", "even"]


@pytest.mark.parametrize(("which", "align"), [("odd", "right"), ("even", "left")])
def test_footer_has_page_field_between_dashes_in_songti_14pt(
        built: Built, which: str, align: str) -> None:
    document = built.document
    section = document.sections[-1]
    footer = section.footer if which == "odd" else section.even_page_footer
    assert not footer.is_linked_to_previous
    paragraphs = [p for p in footer.paragraphs if p.text.strip()]
    assert len(paragraphs) == 1
    style_id = sid(paragraphs[0])
    assert effective(document, style_id, "w:pPr/w:jc", "val") == align
    assert effective(document, style_id, "w:pPr/w:ind", align) == "280"  # 1字 at 14 pt
    assert effective(document, style_id, "w:rPr/w:sz", "val") == "28"
    assert effective(document, style_id, "w:rPr/w:rFonts", "eastAsia") == "宋体"
    tokens = footer_tokens(paragraphs[0]._p)
    assert tokens[0] == ("text", "— ")
    assert tokens[-1] == ("text", " —")
    assert ("instr", "PAGE") in tokens
    assert tokens.index(("field", "begin")) < tokens.index(("instr", "PAGE")) < tokens.index(
        ("field", "separate")) < tokens.index(("field", "end"))


# ---------------------------------------------------------------- every kind: body text and fonts


def test_normal_is_16pt_fangsong_exact_579_with_minus_5_spacing(built: Built) -> None:
    document = built.document
    assert effective(document, "Normal", "w:rPr/w:sz", "val") == "32"
    assert effective(document, "Normal", "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert effective(document, "Normal", "w:pPr/w:jc", "val") == "both"
    assert effective(document, "Normal", "w:pPr/w:ind", "firstLine") == "640"
    assert effective(document, "Normal", "w:pPr/w:spacing", "line") == "579"
    assert effective(document, "Normal", "w:pPr/w:spacing", "lineRule") == "exact"
    assert effective(document, "Normal", "w:pPr/w:spacing", "before") == "0"
    assert effective(document, "Normal", "w:pPr/w:spacing", "after") == "0"
    assert effective(document, "Normal", "w:rPr/w:spacing", "val") == "-5"


def test_body_text_is_in_normal_style(built: Built) -> None:
    texts = [p for p in built.paragraphs if sid(p) == "Normal" and p.text]
    assert len(texts) >= 3


def test_every_style_sets_all_four_font_slots(built: Built) -> None:
    document = built.document
    gw_styles = xpath(styles_root(document), "w:style[starts-with(@w:styleId, 'Gw')]")
    used = {sid(p) for p in built.paragraphs} - {"Normal"}
    assert used <= {s.get(w("styleId")) for s in gw_styles}
    for style in [*gw_styles, style_el(document, "Normal")]:
        fonts = style.find("w:rPr/w:rFonts", NS)
        assert fonts is not None, f"{style.get(w('styleId'))} has no rFonts"
        values = {slot: fonts.get(w(slot)) for slot in FONT_SLOTS}
        assert None not in values.values(), f"{style.get(w('styleId'))}: {values}"
        assert len(set(values.values())) == 1, f"{style.get(w('styleId'))}: {values}"
    defaults = doc_defaults(document).find("w:rPrDefault/w:rPr/w:rFonts", NS)
    assert {slot: defaults.get(w(slot)) for slot in FONT_SLOTS} == dict.fromkeys(
        FONT_SLOTS, "仿宋_GB2312")


def test_body_paragraphs_carry_no_direct_formatting_over_the_styles(built: Built) -> None:
    for paragraph in built.paragraphs:
        p = paragraph._p
        for tag in ("w:pPr/w:spacing", "w:pPr/w:ind", "w:pPr/w:jc"):
            assert p.find(tag, NS) is None, f"{tag} on {paragraph.text[:20]!r}"
        for tag in ("w:rFonts", "w:sz", "w:b", "w:color", "w:spacing"):
            assert not xpath(p, f"w:r/w:rPr/{tag}"), f"{tag} on a run of {paragraph.text[:20]!r}"


def test_no_leftover_jinja_tag_in_text_or_parts(built: Built) -> None:
    section = built.document.sections[-1]
    for paragraph in [*built.paragraphs, *section.footer.paragraphs,
                      *section.even_page_footer.paragraphs, *section.header.paragraphs]:
        for mark in JINJA_MARKS:
            assert mark not in paragraph.text, paragraph.text
    with zipfile.ZipFile(built.path) as archive:
        names = [n for n in archive.namelist() if re.fullmatch(
            r"word/(document|header\d*|footer\d*|footnotes)\.xml|docProps/core\.xml", n)]
        assert "word/document.xml" in names
        for name in names:
            xml = archive.read(name).decode("utf-8")
            for mark in JINJA_MARKS:
                assert mark not in xml, f"{mark} in {name}"


def test_document_title_property_is_the_documents_title(built: Built) -> None:
    first = built.paragraphs[0].text.replace("\n", "")
    assert built.document.core_properties.title == first


def test_level1_headings_are_numbered_consecutively_in_heiti(built: Built) -> None:
    found = headings(built)
    assert [h[:len(CN[i]) + 1] for i, h in enumerate(found)] == [
        f"{CN[i]}、" for i in range(len(found))]
    assert all(len(h) > 2 for h in found)
    assert effective(built.document, "GwHeading1", "w:rPr/w:rFonts", "eastAsia") == "黑体"
    assert effective(built.document, "GwHeading1", "w:pPr/w:ind", "firstLine") == "640"
    assert not is_bold(built.document, "GwHeading1")


@pytest.mark.parametrize("kind", ["minutes", "briefing", "report"])
def test_unindented_styles_do_not_inherit_normals_two_character_indent(
        outputs: dict[str, Path], kind: str) -> None:
    """Normal says firstLineChars="200"; a style based on it inherits that attribute and, in Word,
    firstLineChars wins over firstLine="0" and over hanging. Flush, centred and right-aligned
    styles (and the hanging 出席 lines) must cancel it with firstLineChars="0"."""
    built = _load(outputs, _of_kind(kind)[0])
    section = built.document.sections[-1]
    used = {sid(p) for p in [*built.paragraphs, *section.footer.paragraphs,
                             *section.even_page_footer.paragraphs]}
    inherited = {s: first_line_chars(built.document, s) for s in sorted(used) if s in NOT_INDENTED}
    assert inherited == dict.fromkeys(inherited, 0)


# ---------------------------------------------------------------- 会议纪要 (§10.3)


def test_minutes_mark_is_the_first_paragraph_with_the_meeting_title(minutes: Built) -> None:
    mark, blank, *_ = minutes.paragraphs
    assert sid(mark) == "GwMinutesMark"
    assert mark.text == f"{minutes.meeting['title']}会议纪要"
    assert blank.text == ""
    assert [p for p in minutes.paragraphs if sid(p) in ("GwTitle", "GwSignature", "GwDate")] == []


def test_minutes_mark_is_red_xiaobiaosong_centred_35mm_down(minutes: Built) -> None:
    document = minutes.document
    assert effective(document, "GwMinutesMark", "w:rPr/w:color", "val") == "FF0000"
    fonts = style_el(document, "GwMinutesMark").find("w:rPr/w:rFonts", NS)
    assert {slot: fonts.get(w(slot)) for slot in FONT_SLOTS} == dict.fromkeys(
        FONT_SLOTS, "方正小标宋简体")
    assert effective(document, "GwMinutesMark", "w:pPr/w:jc", "val") == "center"
    assert effective(document, "GwMinutesMark", "w:pPr/w:spacing", "before") == "1984"
    assert first_line_indent(document, "GwMinutesMark") == 0
    assert not is_bold(document, "GwMinutesMark")


def test_minutes_opening_names_date_place_host_and_topic(minutes: Built) -> None:
    meeting = minutes.meeting
    opening = minutes.paragraphs[2]
    assert sid(opening) == "Normal"
    text = opening.text
    assert text.startswith(f"{cn_date(meeting['date'])}，")
    assert meeting["place"] in text
    assert meeting["host"] in text
    assert f"专题研究{meeting['topic']}" in text
    assert text.endswith("现将会议议定事项纪要如下：")
    assert text == (f"{cn_date(meeting['date'])}，{meeting['host']}在{meeting['place']}主持召开"
                    f"{meeting['title']}，专题研究{meeting['topic']}。现将会议议定事项纪要如下：")


def test_minutes_parts_follow_what_the_meeting_did(minutes: Built) -> None:
    meeting = minutes.meeting
    expected = [heading for key, heading in (("conveyed", "传达学习有关精神"),
                                             ("requirements", "会议要求"),
                                             ("decisions", "议定事项")) if meeting.get(key)]
    assert headings(minutes) == [f"{CN[i]}、{h}" for i, h in enumerate(expected)]


def test_minutes_requirements_run_as_yi_yao_er_yao(minutes: Built) -> None:
    meeting = minutes.meeting
    [paragraph] = part_paragraphs(minutes, "会议要求")
    assert paragraph.text == f"{meeting['speaker']}强调：" + "".join(
        f"{CN[i]}要{end_sentence(t)}" for i, t in enumerate(meeting["requirements"]))


def test_minutes_decisions_carry_owner_and_deadline(minutes: Built) -> None:
    decisions = minutes.meeting["decisions"]
    items = [p.text for p in part_paragraphs(minutes, "议定事项")]
    assert items == [
        f"{i}.{d['text'].rstrip('。')}（责任单位：{d['owner']}；完成时限：{cn_date(d['due'])}前）。"
        for i, d in enumerate(decisions, 1)]
    for item in items:
        assert re.search(r"（责任单位：[^；（）]+；完成时限：\d{4}年[1-9]\d?月[1-9]\d?日前）。$", item)


def _attendance(meeting: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [(label, meeting[key]) for label, key in ATTENDANCE_KEYS if meeting.get(key)]


def test_attendance_lines_come_last_in_order_only_with_names(minutes: Built) -> None:
    expected = _attendance(minutes.meeting)
    paragraphs = minutes.paragraphs
    tail = paragraphs[-len(expected):]
    assert [p.text for p in tail] == [f"{label}：{'、'.join(names)}" for label, names in expected]
    assert all(sid(p) == "GwAttendance" for p in tail)
    assert paragraphs[-len(expected) - 1].text == "", "one blank line before 出席"
    assert sum(sid(p) == "GwAttendance" for p in paragraphs) == len(expected)


def test_sample_meetings_cover_missing_attendance_lines() -> None:
    lines = [[label for label, _ in _attendance(d.meeting)] for d in _of_kind("minutes")
             if d.meeting is not None]
    assert ["出席", "请假", "列席"] in lines
    assert ["出席", "列席"] in lines
    assert ["出席", "请假"] in lines


def test_attendance_label_is_a_heiti_run_and_names_follow_in_one_run(minutes: Built) -> None:
    lines = [p for p in minutes.paragraphs if sid(p) == "GwAttendance"]
    for paragraph, (label, names) in zip(lines, _attendance(minutes.meeting), strict=True):
        label_run, names_run = paragraph.runs
        assert label_run.text == f"{label}："
        assert label_run.style is not None and label_run.style.style_id == "GwLabel"
        assert names_run.text == "、".join(names)
        assert names_run._r.find("w:rPr/w:rStyle", NS) is None


def test_label_character_style_is_heiti(minutes: Built) -> None:
    label = style_el(minutes.document, "GwLabel")
    assert label.get(w("type")) == "character"
    fonts = label.find("w:rPr/w:rFonts", NS)
    assert fonts is not None
    assert {slot: fonts.get(w(slot)) for slot in FONT_SLOTS} == dict.fromkeys(FONT_SLOTS, "黑体")


def test_attendance_wraps_under_the_names_two_characters_in(minutes: Built) -> None:
    document = minutes.document
    assert first_line_indent(document, "GwAttendance") == -LABEL_WIDTH
    assert LABEL_WIDTH == 945
    assert effective(document, "GwAttendance", "w:pPr/w:ind", "left") == str(2 * ONE_CHAR + LABEL_WIDTH)
    assert effective(document, "GwAttendance", "w:pPr/w:jc", "val") == "left"
    assert effective(document, "GwAttendance", "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert effective(document, "GwAttendance", "w:rPr/w:sz", "val") == "32"


# ---------------------------------------------------------------- 会议简报


def test_briefing_headline_is_unit_convened_meeting(briefing: Built) -> None:
    title, blank, *_ = briefing.paragraphs
    assert sid(title) == "GwTitle"
    assert title.text == f"示例县城南街道办事处召开{briefing.meeting['title']}"
    assert blank.text == ""
    assert not [p for p in briefing.paragraphs if sid(p) in ("GwMinutesMark", "GwAttendance")]


def test_briefing_file_is_named_after_meeting_and_day(briefing: Built) -> None:
    meeting = briefing.meeting
    assert briefing.path.name.endswith(f"会议简报（{month_day(meeting['date'])}）.docx")
    assert briefing.path.name.startswith(meeting["title"])


def test_briefing_does_not_repeat_the_host_among_participants(briefing: Built) -> None:
    meeting = briefing.meeting
    host = meeting["host"]
    opening = briefing.paragraphs[2].text
    match = re.search(r"会议由(.+?)主持，(.+?)参加会议", opening)
    assert match, opening
    assert match.group(1) == host
    names = match.group(2).split("、")
    assert host not in names
    assert not [n for n in names if n.endswith(host)]
    assert names == [a for a in meeting["attendees"] if a != host]
    if meeting.get("observers"):
        assert f"{'、'.join(meeting['observers'])}列席会议" in opening


def test_briefing_requirements_run_as_yi_yao_er_yao(briefing: Built) -> None:
    meeting = briefing.meeting
    expected = f"{meeting['speaker']}强调：" + "".join(
        f"{CN[i]}要{end_sentence(t)}" for i, t in enumerate(meeting["requirements"]))
    assert expected in [p.text for p in briefing.paragraphs]
    assert "一要" in expected and "二要" in expected


def test_briefing_ends_with_signature_and_meeting_date(briefing: Built) -> None:
    *_, blank, signature, dated = briefing.paragraphs
    assert blank.text == ""
    assert (sid(signature), signature.text) == ("GwSignature", briefing.expected.profile["signature"])
    assert (sid(dated), dated.text) == ("GwDate", cn_date(briefing.meeting["date"]))


# ---------------------------------------------------------------- 情况汇报


def test_report_title_is_guanyu_situation_report(report: Built) -> None:
    title = report.paragraphs[0]
    assert sid(title) == "GwTitle"
    text = title.text.replace("\n", "")
    assert text.startswith("关于")
    assert text.endswith("情况的汇报")
    assert text == f"关于2026年上半年{report.expected.profile['theme']}情况的汇报"


def test_report_recipient_follows_the_blank_line_flush_left(report: Built) -> None:
    document = report.document
    blank, recipient = report.paragraphs[1:3]
    assert blank.text == ""
    assert sid(recipient) == "GwRecipient"
    assert recipient.text == f"{report.expected.profile['superior']}："
    assert recipient.text == "县创卫办："
    assert recipient.text.endswith("\uff1a")
    assert first_line_indent(document, "GwRecipient") == 0
    assert effective(document, "GwRecipient", "w:pPr/w:ind", "left") in (None, "0")
    assert effective(document, "GwRecipient", "w:pPr/w:jc", "val") == "left"
    assert effective(document, "GwRecipient", "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert effective(document, "GwRecipient", "w:rPr/w:sz", "val") == "32"


def test_report_opening_cites_each_basis_with_its_number(report: Built) -> None:
    basis = report.expected.records["report"]["basis"]
    opening = report.paragraphs[3]
    assert sid(opening) == "Normal"
    citations = [f"《{b['title']}》（{b['number']}）" for b in basis]
    assert opening.text.startswith(f"根据{'、'.join(citations)}要求，")
    for b in basis:
        assert re.fullmatch(r"[^〔〕\[\]]+〔\d{4}〕[1-9]\d*号", b["number"])


def test_report_names_the_span_it_covers(report: Built) -> None:
    span = report.expected.records["report"]["span"]
    start, end = span["start"], span["end"]
    text = f"{cn_date(start)}—{month_day(end)}"
    assert text in report.paragraphs[3].text
    if report.expected.unit == SAMPLE_UNIT:
        assert text == "2026年1月1日—6月30日"


def test_report_parts_open_with_basics_and_end_with_problems_and_next_steps(report: Built) -> None:
    records = report.expected.records
    expected = ["基本情况", *[s["heading"] for s in records["sections"]], "存在的问题", "下一步打算"]
    assert headings(report) == [f"{CN[i]}、{h}" for i, h in enumerate(expected)]


def test_report_closes_with_tecihuibao_then_signature_and_date(report: Built) -> None:
    *_, closing, blank, signature, dated = report.paragraphs
    assert (sid(closing), closing.text) == ("Normal", "特此汇报。")
    assert blank.text == ""
    assert (sid(signature), signature.text) == ("GwSignature", report.expected.profile["signature"])
    assert (sid(dated), dated.text) == ("GwDate", cn_date(report.expected.records["date"]))
