"""GB/T 9704-2012 layout of the other built kinds: 会议纪要, 会议简报 and 情况汇报.

Every kind must share the page, page numbers and body layout of the 工作总结 (test_layout.py);
then each has its own elements (§10.3 纪要 mark, its 期号 and 出席 lines; the 简报's 报头 with its
red name, 第N期, 编印单位 and date over a red line, then its items; the 汇报's 主送机关 and
特此汇报). Expected values come from ../shared/GBT9704.md, expected text from the sample records
(data/*): the period ledgers, the meetings recorded on their own (data/<单位>/meetings/) and the
unit profiles. A unit in 繁體 gets its expected text through the same OpenCC conversion.

The sample is built once per module: 示例县财政局 alone, as the ``workspace`` fixture copies it
(it writes 纪要), and the full workspace for 示例县城南街道办事处 (简报, in its period folder and in
2026年会议/) and 示例县卫生健康局 (繁體, numbered 纪要).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from conftest import REPO_ROOT, SAMPLE_PERIOD, SAMPLE_UNIT, SECOND_UNIT, copy_data, document_text
from reportgen.build import build
from reportgen.script import to_script
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

TRADITIONAL_UNIT = "示例县卫生健康局"  # writes its documents in 繁體; its 纪要 carry a 期号
UNITS = (SAMPLE_UNIT, SECOND_UNIT, TRADITIONAL_UNIT)

ONE_CHAR = 320  # one 3号 character in twips
CHAR_SPACING = -5  # the body's −0.25 pt character spacing, in twentieths of a point
LABEL_WIDTH = 3 * (ONE_CHAR + CHAR_SPACING)  # "出席：" as set: 3 characters of 15.75 pt = 945
TEXT_WIDTH = 11906 - 1588 - 1474  # the text block: A4 less the left and right margins = 8844
TITLE_SIZE = 44  # 2号 (22 pt) in half-points
NOT_INDENTED = ("GwTitle", "GwMinutesMark", "GwIssueNumber", "GwBriefingName",
                "GwBriefingMasthead", "GwRecipient", "GwAttendance", "GwSignature", "GwDate",
                "GwPageNumberOdd", "GwPageNumberEven")

FONTS = {
    "简体": {"body": "仿宋_GB2312", "kai": "楷体_GB2312", "title": "方正小标宋简体"},
    "繁體": {"body": "仿宋", "kai": "楷体", "title": "方正小标宋繁体"},
}
"""The 公文 fonts by script: GB2312 and 简体 editions have no traditional glyphs."""

ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+(?:是要|是|要)|首先|其次|再次|最后"
                         r"|\d{1,2}[.．、]|[（(][一二三四五六七八九十]+[)）])[，,、：:]?")
"""A number a clerk pasted at the start of a point (一是要……, 首先，……, 1.……)."""

PLACED = ("GwSignature", "GwDate")
"""The 落款's two paragraphs, placed by their strings (reportgen.layout.closing_place)."""


# ---------------------------------------------------------------- the sample records


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


def _records(unit: str) -> dict[str, Any]:
    data: dict[str, Any] = _yaml(REPO_ROOT / "data" / unit / f"{SAMPLE_PERIOD}.yaml")
    return data


def _profile(unit: str) -> dict[str, Any]:
    data: dict[str, Any] = _yaml(REPO_ROOT / "data" / unit / "unit.yaml")
    return data


def _script(unit: str) -> str:
    return "繁體" if _profile(unit).get("script") in ("繁體", "繁体") else "简体"


def _yes(value: Any) -> bool:
    return value is True or value == "是"


def _standalone(unit: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The meetings and 简报 issues recorded on their own, in data/<unit>/meetings/*.yaml: one
    meeting per file, a list of meetings, or meetings: and briefings:."""
    meetings: list[dict[str, Any]] = []
    briefings: list[dict[str, Any]] = []
    for path in sorted((REPO_ROOT / "data" / unit / "meetings").glob("*.yaml")):
        data = _yaml(path)
        if isinstance(data, list):
            meetings += data
        elif "meetings" in data or "briefings" in data:
            meetings += data.get("meetings") or []
            briefings += data.get("briefings") or []
        else:
            meetings.append(data)
    return meetings, briefings


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def month_day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def end_sentence(text: str) -> str:
    return text if text[-1] in "。！？；…" else f"{text}。"


def spoken_time(value: Any) -> str:
    """A meeting's time as the write-up says it: 上午, 下午3时 as written; a clock time 14:30
    (which YAML 1.1 reads as the minutes 870) as 下午2时30分."""
    if value is None:
        return ""
    if isinstance(value, int):
        hour, minute = divmod(value, 60)
        half = "上午" if hour < 12 else "中午" if hour < 13 else "下午" if hour < 18 else "晚上"
        return f"{half}{hour - 12 if hour > 12 else hour}时" + (f"{minute}分" if minute else "")
    return str(value)


def document_name(title: str, kind: str = "纪要") -> str:
    """The issue's rule for a 纪要's name: 创卫工作调度会纪要, 党组会议纪要, 安全生产专题研究会议纪要,
    never ……会会议纪要. *title* may be in 繁體 (……會議)."""
    plain = to_script(title, "简体")
    if plain.endswith(kind):
        return title
    if plain.endswith(("会", "会议")):
        return f"{title}{kind}"
    return f"{title}会议{kind}"


def form_of(unit: str, meeting: dict[str, Any]) -> str:
    form = meeting.get("form") or _profile(unit).get("minutes_form") or "纪要"
    return "简报" if "简报" in to_script(form, "简体") else "纪要"


@dataclass(frozen=True)
class NewsItem:
    """One item of a 简报 issue: a meeting told as news, or news the clerk wrote."""

    headline: str
    meeting: dict[str, Any] | None = None
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Expected:
    """One document the sample build must write, with the records it comes from."""

    kind: str  # minutes (纪要), briefing (简报) or report (汇报)
    unit: str
    folder: str  # under output/<unit>/: the period, or 2026年会议 for meetings recorded alone
    file: str
    meeting: dict[str, Any] | None = None
    issue: int | None = None  # 第N期 of a 简报, or of a 纪要 of a unit that numbers them
    printed: date | None = None  # the 简报's date in its masthead
    items: tuple[NewsItem, ...] = field(default=())

    @property
    def records(self) -> dict[str, Any]:
        return _records(self.unit)

    @property
    def profile(self) -> dict[str, Any]:
        return _profile(self.unit)

    @property
    def script(self) -> str:
        return _script(self.unit)

    def t(self, text: str) -> str:
        """*text* in the document's script."""
        return to_script(text, self.script)

    @property
    def fonts(self) -> dict[str, str]:
        return FONTS[self.script]


def _numbered(issues: list[tuple[date, Any]]) -> list[tuple[int, Any]]:
    """Issue numbers of a first build: from 1 each year, in date order. (The build numbers a
    period's issues before the meetings recorded alone; in the sample these all come later.)"""
    numbered, counts = [], {}
    for day, what in sorted(issues, key=lambda i: i[0]):
        counts[day.year] = counts.get(day.year, 0) + 1
        numbered.append((counts[day.year], what))
    return numbered


def _minutes(unit: str) -> list[Expected]:
    script, numbers = _script(unit), _yes(_profile(unit).get("minutes_numbered"))
    meetings = [m for m in _records(unit)["meetings"] if form_of(unit, m) == "纪要"]
    found = []
    for issue, meeting in _numbered([(m["date"], m) for m in meetings]):
        name = f"{document_name(meeting['title'])}（{month_day(meeting['date'])}）.docx"
        found.append(Expected("minutes", unit, SAMPLE_PERIOD, to_script(name, script), meeting,
                              issue if numbers else None))
    return found


def _referenced(ref: Any, meetings: list[dict[str, Any]]) -> dict[str, Any]:
    """The meeting a 简报 item names: its date, and its title when that day had several."""
    day, _, title = str(ref).partition(" ")
    [meeting] = [m for m in meetings if str(m["date"]) == day and title in ("", m["title"])]
    return meeting


def _briefings(unit: str) -> list[Expected]:
    profile, script = _profile(unit), _script(unit)
    name = profile.get("briefing_name") or f"{profile['theme']}简报"
    alone, briefings = _standalone(unit)
    period = [m for m in _records(unit)["meetings"] if form_of(unit, m) == "简报"]

    def meeting_item(meeting: dict[str, Any], headline: str | None = None) -> NewsItem:
        return NewsItem(headline or f"{profile['name']}召开{meeting['title']}", meeting)

    issues: list[tuple[date, Expected]] = []
    carried: list[int] = []
    for briefing in briefings:
        items = []
        for item in briefing["items"]:
            if isinstance(item, dict) and item.get("meeting") is None:
                items.append(NewsItem(item["headline"], None, tuple(item["paragraphs"])))
                continue
            ref, headline = (item["meeting"], item.get("headline")) if isinstance(item, dict) else (
                item, None)
            meeting = _referenced(ref, [*period, *alone])
            carried.append(id(meeting))
            items.append(meeting_item(meeting, headline))
        issues.append((briefing["date"], Expected(
            "briefing", unit, f"{briefing['date'].year}年会议", "", printed=briefing["date"],
            items=tuple(items))))
    for folder, meetings in ((SAMPLE_PERIOD, period), (None, alone)):
        for meeting in meetings:
            if id(meeting) in carried or form_of(unit, meeting) != "简报":
                continue
            issues.append((meeting["date"], Expected(
                "briefing", unit, folder or f"{meeting['date'].year}年会议", "", meeting,
                printed=meeting["date"], items=(meeting_item(meeting),))))
    found = []
    for number, expected in _numbered(issues):
        title = f"{name}第{number}期" + (f"（{expected.meeting['title']}）" if expected.meeting else "")
        found.append(Expected(expected.kind, unit, expected.folder,
                              to_script(f"{title}.docx", script), expected.meeting, number,
                              expected.printed, expected.items))
    return found


def _expected_documents() -> list[Expected]:
    documents = [*_minutes(SAMPLE_UNIT), *_minutes(TRADITIONAL_UNIT), *_briefings(SECOND_UNIT)]
    for unit in UNITS:
        profile = _profile(unit)
        name = f"{profile['name']}2026年上半年{profile['theme']}情况汇报.docx"
        documents.append(Expected("report", unit, SAMPLE_PERIOD, to_script(name, _script(unit))))
    return documents


DOCUMENTS = _expected_documents()


def _id(expected: Expected) -> str:
    return f"{expected.kind}:{expected.folder}/{expected.file.removesuffix('.docx')}"


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
    def texts(self) -> list[str]:
        return [p.text for p in self.paragraphs]

    @property
    def meeting(self) -> dict[str, Any]:
        assert self.expected.meeting is not None
        return self.expected.meeting

    def t(self, text: str) -> str:
        return self.expected.t(text)


# ---------------------------------------------------------------- building the sample once


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """output/<unit> of each sample unit, built like the conftest workspaces are copied:
    build(workspace) for 示例县财政局 alone, build(full_workspace, units=[…]) for the others."""
    first = tmp_path_factory.mktemp("workspace")
    copy_data(REPO_ROOT / "data" / SAMPLE_UNIT, first / "data" / SAMPLE_UNIT)
    report = build(first)
    assert report.ok, report.failures

    full = tmp_path_factory.mktemp("full_workspace")
    copy_data(REPO_ROOT / "data", full / "data")
    shutil.copytree(REPO_ROOT / "templates", full / "templates")
    report = build(full, units=[SECOND_UNIT, TRADITIONAL_UNIT])
    assert report.ok, report.failures
    return {SAMPLE_UNIT: first / "output" / SAMPLE_UNIT,
            SECOND_UNIT: full / "output" / SECOND_UNIT,
            TRADITIONAL_UNIT: full / "output" / TRADITIONAL_UNIT}


def _load(outputs: dict[str, Path], expected: Expected) -> Built:
    path = outputs[expected.unit] / expected.folder / expected.file
    assert path.is_file(), f"not written: {expected.folder}/{path.name}"
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
                 if sid(p) == "GwHeading1" and p.text.endswith(f"、{built.t(heading)}"))
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


def style_fonts(document: DocxDocument, style_id: str) -> dict[str, str | None]:
    fonts = style_el(document, style_id).find("w:rPr/w:rFonts", NS)
    assert fonts is not None, f"{style_id} has no rFonts"
    return {slot: fonts.get(w(slot)) for slot in FONT_SLOTS}


# ---------------------------------------------------------------- what a meeting write-up says


def speakers_of(meeting: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Who said what: the single speaker (with the meeting's sayings as theirs), each of several
    speakers, then the meeting itself (会议强调) when no single speaker holds its sayings."""
    if meeting.get("speaker"):
        return [(meeting["speaker"], meeting)]
    said = [(s["name"], s) for s in meeting.get("speakers") or []]
    if meeting.get("remarks") or meeting.get("requirements"):
        said.append(("会议", meeting))
    return said


def written_style(texts: list[str]) -> str | None:
    """The enumeration a clerk pasted into every one of several points, if any."""
    if len(texts) < 2:
        return None
    for style, pattern in (("一是要", r"[一二三四五六七八九十]+是要"),
                           ("一是", r"[一二三四五六七八九十]+是"),
                           ("一要", r"[一二三四五六七八九十]+要"),
                           ("首先", r"(首先|其次|再次|最后)"), ("1.", r"\d{1,2}[.．、]"),
                           ("（一）", r"[（(][一二三四五六七八九十]+[)）]")):
        if all(re.match(pattern, t) for t in texts):
            return style
    return None


def markers(style: str, count: int) -> list[str]:
    """The numbers of *count* points in *style*: 一是 二是…, 一要…, 首先 其次 (再次…) 最后, 1. 2.…"""
    if style == "首先":
        words = ["首先", "其次", "再次", *(f"第{CN[i]}" for i in range(3, count))][:count - 1]
        return [*words, "最后" if count > 2 else "其次"]
    if style == "1.":
        return [f"{i}." for i in range(1, count + 1)]
    if style == "（一）":
        return [f"（{CN[i]}）" for i in range(count)]
    return [f"{CN[i]}{style[1:]}" for i in range(count)]


def check_requirements(built: Built, meeting: dict[str, Any], texts: list[str]) -> None:
    """Each speaker's requirements: led by the speaker's name and 提出三点要求 (count set) or 强调,
    every point's text there, numbered in the speaker's own style (the numbering set, the one
    pasted into the points, or 一是), consecutively, and not at all when there is one point."""
    for who, sayings in speakers_of(meeting):
        points = list(sayings.get("requirements") or [])
        if not points:
            continue
        count = len(points)
        counted = _yes(sayings.get("count")) and count > 1
        lead = built.t(f"{who}提出{CN[count - 1]}点要求：" if counted else f"{who}强调：")
        at = [i for i, text in enumerate(texts) if lead in text]
        assert len(at) == 1, f"{lead!r} in {len(at)} paragraphs"
        body = texts[at[0]].split(lead, 1)[1]
        if not body:  # 1. and （一）: a paragraph per point
            body = "".join(texts[at[0] + 1:at[0] + 1 + count])
        bodies = [built.t(ENUMERATION.sub("", p).rstrip("。")) for p in points]
        for text in bodies:
            assert text in body, text
        if count == 1:
            assert ENUMERATION.match(body) is None, body
            continue
        style = sayings.get("numbering") or written_style(points) or "一是"
        numbers = markers(str(style), count)
        assert body.startswith(numbers[0]), body
        position = 0
        for number, text in zip(numbers, bodies, strict=True):
            start = body.index(number, position)
            assert body.index(text, start) == start + len(number) + (1 if style == "首先" else 0)
            position = start + len(number)
        assert markers(str(style), count + 1)[count] not in body or style == "首先"


def check_remarks(built: Built, meeting: dict[str, Any], texts: list[str]) -> None:
    for who, sayings in speakers_of(meeting):
        for remark in sayings.get("remarks") or []:
            text = built.t(ENUMERATION.sub("", remark).rstrip("。"))
            assert [t for t in texts if built.t(f"{who}指出") in t and text in t], text


def decisions_sentence(built: Built, meeting: dict[str, Any]) -> str:
    """会议议定：一是……（责任单位：……；完成时限：……前）。二是……"""
    decisions = meeting["decisions"]
    texts = [f"{d['text'].rstrip('。')}（责任单位：{d['owner']}；完成时限：{cn_date(d['due'])}前）。"
             for d in decisions]
    if len(texts) == 1:
        return built.t(f"会议议定：{texts[0]}")
    return built.t("会议议定：" + "".join(f"{CN[i]}是{t}" for i, t in enumerate(texts)))


# ---------------------------------------------------------------- what the build writes


def test_build_writes_the_expected_documents_in_each_folder(outputs: dict[str, Path]) -> None:
    for unit, output in outputs.items():
        profile = _profile(unit)
        expected: dict[str, set[str]] = {}
        for document in DOCUMENTS:
            if document.unit == unit:
                expected.setdefault(document.folder, set()).add(document.file)
        summary = f"{profile['name']}2026年上半年{profile['theme']}总结.docx"
        expected[SAMPLE_PERIOD].add(to_script(summary, _script(unit)))
        found = {folder.name: {p.name for p in folder.glob("*.docx")}
                 for folder in output.iterdir() if folder.is_dir()}
        assert found == expected


def test_sample_covers_every_kind_of_document() -> None:
    briefings = _of_kind("briefing")
    assert any(d.folder == "2026年会议" for d in briefings), "a 简报 of a meeting recorded alone"
    assert any(len(d.items) > 1 for d in briefings), "a 简报 with several items"
    assert "创卫工作简报第4期.docx" in [d.file for d in briefings]
    assert any(d.script == "繁體" for d in _of_kind("minutes"))
    assert any(d.script == "繁體" for d in _of_kind("report"))
    assert {d.issue is None for d in _of_kind("minutes")} == {True, False}


def test_file_names_never_read_hui_huiyi_jiyao(outputs: dict[str, Path]) -> None:
    names = [p.name for output in outputs.values() for p in output.glob("*/*.docx")]
    assert len(names) == len(DOCUMENTS) + len(UNITS)  # and a 总结 each
    for name in names:
        assert "会会议纪要" not in to_script(name, "简体"), name


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
    assert effective(document, "Normal", "w:rPr/w:rFonts", "eastAsia") == built.expected.fonts["body"]
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
        FONT_SLOTS, built.expected.fonts["body"])


def test_body_paragraphs_carry_no_direct_formatting_over_the_styles(built: Built) -> None:
    """The styles decide the layout; the 署名 and 成文日期 alone carry their place (an indent,
    and the date its alignment), which depends on both strings (GB/T 9704 §7.3.5)."""
    for paragraph in built.paragraphs:
        p = paragraph._p
        placed = sid(paragraph) in PLACED
        for tag in ("w:pPr/w:spacing", "w:pPr/w:ind", "w:pPr/w:jc", "w:pPr/w:pBdr", "w:pPr/w:tabs"):
            if placed and tag in ("w:pPr/w:ind", "w:pPr/w:jc"):
                continue
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
    if built.expected.kind == "briefing":  # the issue as a whole: 创卫工作简报第3期
        first += built.paragraphs[1].text
    assert built.document.core_properties.title == first


def test_level1_headings_are_numbered_consecutively_in_heiti(built: Built) -> None:
    found = headings(built)
    assert [h[:len(CN[i]) + 1] for i, h in enumerate(found)] == [
        f"{CN[i]}、" for i in range(len(found))]
    assert all(len(h) > 2 for h in found)
    assert effective(built.document, "GwHeading1", "w:rPr/w:rFonts", "eastAsia") == "黑体"
    assert effective(built.document, "GwHeading1", "w:pPr/w:ind", "firstLine") == "640"
    assert not is_bold(built.document, "GwHeading1")


def test_unindented_styles_do_not_inherit_normals_two_character_indent(built: Built) -> None:
    """Normal may say firstLineChars="200"; a style based on it inherits that attribute and, in
    Word, firstLineChars wins over firstLine="0" and over hanging. Flush, centred and
    right-aligned styles (and the hanging 出席 lines) must cancel it with firstLineChars="0"."""
    section = built.document.sections[-1]
    used = {sid(p) for p in [*built.paragraphs, *section.footer.paragraphs,
                             *section.even_page_footer.paragraphs]}
    inherited = {s: first_line_chars(built.document, s) for s in sorted(used) if s in NOT_INDENTED}
    assert inherited == dict.fromkeys(inherited, 0)
    for style_id in sorted(used & {"GwMinutesMark", "GwIssueNumber", "GwBriefingName",
                                   "GwBriefingMasthead", "GwTitle", "GwRecipient"}):
        assert first_line_indent(built.document, style_id) == 0, style_id


def test_generated_text_never_reads_hui_huiyi_jiyao_nor_yi_shi_without_er_shi(built: Built) -> None:
    for text in [*built.texts, built.document.core_properties.title or ""]:
        plain = to_script(text, "简体")
        assert "会会议纪要" not in plain, text
        for first, second in (("一是", "二是"), ("一要", "二要"), ("首先，", "其次，")):
            assert first not in plain or second in plain, text


def test_traditional_documents_have_nothing_left_in_simplified(built: Built) -> None:
    """A 繁體 document's every character is 繁體 (OpenCC s2t changes nothing), a 简体 one's 简体."""
    text = "\n".join([*built.texts, built.path.name])
    assert to_script(text, built.expected.script) == text


# ---------------------------------------------------------------- 会议纪要 (§10.3)


def opening_at(minutes: Built) -> int:
    """Where the opening is: after the mark, the 期号 if any, and a blank line."""
    return 3 if minutes.expected.issue else 2


def test_minutes_mark_is_the_first_paragraph_named_by_the_document_name_rule(
        minutes: Built) -> None:
    mark, *_ = minutes.paragraphs
    assert sid(mark) == "GwMinutesMark"
    expected = minutes.t(document_name(minutes.meeting["title"]))
    assert mark.text == expected
    assert minutes.path.name == f"{expected}（{month_day(minutes.meeting['date'])}）.docx"
    assert not to_script(mark.text, "简体").endswith("会会议纪要")
    assert minutes.paragraphs[opening_at(minutes) - 1].text == ""
    assert [p for p in minutes.paragraphs if sid(p) in ("GwTitle", "GwSignature", "GwDate")] == []


def test_minutes_issue_number_sits_right_under_the_mark_only_when_numbered(minutes: Built) -> None:
    paragraphs = minutes.paragraphs
    issues = [i for i, p in enumerate(paragraphs) if sid(p) == "GwIssueNumber"]
    if minutes.expected.issue is None:
        assert issues == []
        assert paragraphs[1].text == ""
        return
    assert issues == [1], "the 期号 right under the mark"
    assert paragraphs[1].text == minutes.t(f"第{minutes.expected.issue}期")
    assert paragraphs[2].text == ""
    document = minutes.document
    assert effective(document, "GwIssueNumber", "w:pPr/w:jc", "val") == "center"
    assert effective(document, "GwIssueNumber", "w:rPr/w:rFonts", "eastAsia") == (
        minutes.expected.fonts["body"])
    assert effective(document, "GwIssueNumber", "w:rPr/w:sz", "val") == "32"


def test_sample_numbers_the_minutes_of_the_unit_that_asks_for_it() -> None:
    numbered = {d.unit for d in _of_kind("minutes") if d.issue is not None}
    assert numbered == {TRADITIONAL_UNIT}
    assert [d.issue for d in _of_kind("minutes") if d.unit == TRADITIONAL_UNIT] == [1]


def test_minutes_mark_is_red_xiaobiaosong_centred_35mm_down(minutes: Built) -> None:
    document = minutes.document
    assert effective(document, "GwMinutesMark", "w:rPr/w:color", "val") == "FF0000"
    assert style_fonts(document, "GwMinutesMark") == dict.fromkeys(
        FONT_SLOTS, minutes.expected.fonts["title"])
    assert effective(document, "GwMinutesMark", "w:pPr/w:jc", "val") == "center"
    assert effective(document, "GwMinutesMark", "w:pPr/w:spacing", "before") == "1984"
    assert first_line_indent(document, "GwMinutesMark") == 0
    assert not is_bold(document, "GwMinutesMark")


def test_minutes_opening_names_date_time_place_host_and_topic(minutes: Built) -> None:
    meeting = minutes.meeting
    opening = minutes.paragraphs[opening_at(minutes)]
    assert sid(opening) == "Normal"
    place = f"在{meeting['place']}" if meeting.get("place") else ""
    topic = _topic(meeting)
    what = "议定事项" if meeting.get("decisions") else "主要精神"
    who = (f"{meeting['host']}{place}主持召开" if meeting.get("host")
           else f"{minutes.expected.profile['name']}{place}召开")
    assert opening.text == minutes.t(
        f"{cn_date(meeting['date'])}{spoken_time(meeting.get('time'))}，{who}"
        f"{meeting['title']}{topic}。现将会议{what}纪要如下：")


def test_minutes_parts_follow_what_the_meeting_did(minutes: Built) -> None:
    meeting = minutes.meeting
    said = speakers_of(meeting)
    remarks = any(s.get("remarks") for _, s in said)
    sayings = any(s.get("remarks") or s.get("requirements") for _, s in said)
    expected = [heading for present, heading in (
        (meeting.get("conveyed"), "传达学习有关精神"), (meeting.get("reports"), "听取工作汇报"),
        (sayings, "会议精神" if remarks else "会议要求"), (meeting.get("decisions"), "议定事项"))
        if present]
    assert headings(minutes) == [minutes.t(f"{CN[i]}、{h}") for i, h in enumerate(expected)]


def test_minutes_requirements_keep_speaker_count_and_numbering(minutes: Built) -> None:
    said = speakers_of(minutes.meeting)
    remarks = any(s.get("remarks") for _, s in said)
    texts = [p.text for p in part_paragraphs(minutes, "会议精神" if remarks else "会议要求")]
    check_requirements(minutes, minutes.meeting, texts)
    check_remarks(minutes, minutes.meeting, texts)


def test_minutes_decisions_carry_owner_and_deadline(minutes: Built) -> None:
    decisions = minutes.meeting["decisions"]
    items = [p.text for p in part_paragraphs(minutes, "议定事项")]
    assert items == [minutes.t(
        f"{i}.{d['text'].rstrip('。')}（责任单位：{d['owner']}；完成时限：{cn_date(d['due'])}前）。")
        for i, d in enumerate(decisions, 1)]
    for item in items:
        assert re.search(minutes.t(r"（责任单位：[^；（）]+；完成时限：")
                         + r"\d{4}年[1-9]\d?月[1-9]\d?日前）。$", item)


def _topic(meeting: dict[str, Any]) -> str:
    """，专题研究……; a topic opening with its own verb (部署……) keeps it alone."""
    topic = meeting.get("topic")
    if not topic:
        return ""
    verbs = ("研究", "部署", "安排", "听取", "通报", "学习", "传达", "调度", "推进", "总结")
    return f"，专题{'' if topic.startswith(verbs) else '研究'}{topic}"


def _attendance(meeting: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """出席 (leaders and unit heads alike: the host unless listed, attendees, participants),
    请假, 列席."""
    present = [*meeting.get("attendees", []), *meeting.get("participants", [])]
    host = meeting.get("host")
    if host and not any(host.endswith(a) or a.endswith(host) for a in present):
        present.insert(0, host)
    lines = (("出席", present), ("请假", meeting.get("absent", [])), ("列席", meeting.get("observers", [])))
    return [(label, names) for label, names in lines if names]


def _joined(names: list[str]) -> str:
    """Names set apart with 、, or with ， when one of them holds a 、 itself."""
    return ("，" if any("、" in n for n in names) else "、").join(names)


def test_attendance_lines_come_last_in_order_only_with_names(minutes: Built) -> None:
    expected = _attendance(minutes.meeting)
    paragraphs = minutes.paragraphs
    tail = paragraphs[-len(expected):]
    assert [p.text for p in tail] == [minutes.t(f"{label}：{_joined(names)}")
                                      for label, names in expected]
    assert all(sid(p) == "GwAttendance" for p in tail)
    assert paragraphs[-len(expected) - 1].text == "", "one blank line before 出席"
    assert sum(sid(p) == "GwAttendance" for p in paragraphs) == len(expected)


def test_sample_meetings_cover_missing_attendance_lines() -> None:
    lines = [[label for label, _ in _attendance(d.meeting)] for d in _of_kind("minutes")
             if d.meeting is not None]
    assert ["出席", "请假", "列席"] in lines
    assert ["出席", "列席"] in lines
    assert ["出席", "请假"] in lines
    assert any(m.get("participants") for d in _of_kind("minutes") for m in [d.meeting] if m)


def test_attendance_label_is_a_heiti_run_and_names_follow_in_one_run(minutes: Built) -> None:
    lines = [p for p in minutes.paragraphs if sid(p) == "GwAttendance"]
    for paragraph, (label, names) in zip(lines, _attendance(minutes.meeting), strict=True):
        label_run, names_run = paragraph.runs
        assert label_run.text == minutes.t(f"{label}：")
        assert label_run.style is not None and label_run.style.style_id == "GwLabel"
        assert names_run.text == minutes.t(_joined(names))
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
    assert effective(document, "GwAttendance", "w:rPr/w:rFonts", "eastAsia") == (
        minutes.expected.fonts["body"])
    assert effective(document, "GwAttendance", "w:rPr/w:sz", "val") == "32"


# ---------------------------------------------------------------- 会议简报: the 报头 (masthead)


def test_briefing_file_is_named_by_issue_and_meeting(briefing: Built) -> None:
    expected = briefing.expected
    name = expected.profile.get("briefing_name") or f"{expected.profile['theme']}简报"
    meeting = f"（{expected.meeting['title']}）" if expected.meeting else ""
    assert briefing.path.name == briefing.t(f"{name}第{expected.issue}期{meeting}.docx")


def test_briefing_name_is_red_xiaobiaosong_larger_than_the_title(briefing: Built) -> None:
    document = briefing.document
    name = briefing.paragraphs[0]
    assert sid(name) == "GwBriefingName"
    profile = briefing.expected.profile
    assert name.text == briefing.t(profile.get("briefing_name") or f"{profile['theme']}简报")
    assert effective(document, "GwBriefingName", "w:rPr/w:color", "val") == "FF0000"
    assert style_fonts(document, "GwBriefingName") == dict.fromkeys(
        FONT_SLOTS, briefing.expected.fonts["title"])
    size = int(effective(document, "GwBriefingName", "w:rPr/w:sz", "val") or 0)
    assert effective(document, "GwTitle", "w:rPr/w:sz", "val") == str(TITLE_SIZE)
    assert size > TITLE_SIZE, "the 简报 name is set larger than the 2号 title"
    assert effective(document, "GwBriefingName", "w:pPr/w:jc", "val") == "center"
    assert first_line_indent(document, "GwBriefingName") == 0
    assert not is_bold(document, "GwBriefingName")
    # An exact line height under the type's size would clip it.
    assert effective(document, "GwBriefingName", "w:pPr/w:spacing", "lineRule") == "exact"
    assert int(effective(document, "GwBriefingName", "w:pPr/w:spacing", "line") or 0) >= size * 10


def test_briefing_issue_number_follows_the_name_and_matches_the_file(briefing: Built) -> None:
    issue = briefing.paragraphs[1]
    assert sid(issue) == "GwIssueNumber"
    assert issue.text == briefing.t(f"第{briefing.expected.issue}期")
    in_name = re.search(r"第(\d+)期", briefing.path.name)
    assert in_name is not None and int(in_name.group(1)) == briefing.expected.issue
    document = briefing.document
    assert effective(document, "GwIssueNumber", "w:pPr/w:jc", "val") == "center"
    assert effective(document, "GwIssueNumber", "w:rPr/w:color", "val") in (None, "000000", "auto")


def test_briefing_masthead_line_has_editor_tab_and_date_over_a_red_rule(briefing: Built) -> None:
    document = briefing.document
    masthead = briefing.paragraphs[2]
    assert sid(masthead) == "GwBriefingMasthead"
    profile = briefing.expected.profile
    editor = re.sub(r"(编印|编)$", "", profile.get("briefing_editor") or profile["name"])
    assert briefing.expected.printed is not None
    assert masthead.text == briefing.t(f"{editor}编印\t{cn_date(briefing.expected.printed)}")
    assert len(xpath(masthead._p, "w:r/w:tab")) == 1
    # The date is pushed to the right edge of the text block by a right tab stop there.
    assert TEXT_WIDTH == 8844
    assert effective(document, "GwBriefingMasthead", "w:pPr/w:tabs/w:tab", "val") == "right"
    assert effective(document, "GwBriefingMasthead", "w:pPr/w:tabs/w:tab", "pos") == str(TEXT_WIDTH)
    assert effective(document, "GwBriefingMasthead", "w:pPr/w:ind", "left") in (None, "0")
    assert effective(document, "GwBriefingMasthead", "w:pPr/w:ind", "right") in (None, "0")
    assert effective(document, "GwBriefingMasthead", "w:pPr/w:jc", "val") in ("left", "both")
    assert first_line_indent(document, "GwBriefingMasthead") == 0
    # The separator line: the paragraph's red bottom border, as wide as the text block.
    assert effective(document, "GwBriefingMasthead", "w:pPr/w:pBdr/w:bottom", "val") == "single"
    assert effective(document, "GwBriefingMasthead", "w:pPr/w:pBdr/w:bottom", "color") == "FF0000"
    assert int(effective(document, "GwBriefingMasthead", "w:pPr/w:pBdr/w:bottom", "sz") or 0) > 0
    bordered = [p.text for p in briefing.paragraphs
                if effective(document, sid(p), "w:pPr/w:pBdr/w:bottom", "val") not in (None, "nil", "none")]
    assert bordered == [masthead.text], "only the masthead has the red line"


def test_briefing_items_follow_the_masthead_each_under_its_headline(briefing: Built) -> None:
    paragraphs = briefing.paragraphs
    assert paragraphs[3].text == "" and sid(paragraphs[3]) == "Normal"
    titles = [i for i, p in enumerate(paragraphs) if sid(p) == "GwTitle"]
    assert titles[0] == 4
    # a long headline is broken into balanced lines (line breaks inside its paragraph)
    assert [paragraphs[i].text.replace("\n", "") for i in titles] == [
        briefing.t(item.headline) for item in briefing.expected.items]
    for at in titles:
        assert paragraphs[at + 1].text == ""
        assert paragraphs[at - 1].text == "", "a blank line between items"
    assert paragraphs[-1].text, "no blank line after the last item"
    assert not [p for p in paragraphs if sid(p) in ("GwMinutesMark", "GwAttendance", "GwSignature",
                                                     "GwDate", "GwHeading1")]


def item_paragraphs(briefing: Built) -> list[list[str]]:
    """The text paragraphs of each item, between its headline's blank line and the next blank."""
    paragraphs = briefing.paragraphs
    titles = [i for i, p in enumerate(paragraphs) if sid(p) == "GwTitle"]
    items = []
    for start, end in zip(titles, [*titles[1:], len(paragraphs) + 1], strict=True):
        items.append([p.text for p in paragraphs[start + 2:end - 1]])
    return items


def test_briefing_with_several_items_has_each_items_headline_and_text(
        outputs: dict[str, Path]) -> None:
    [expected] = [d for d in _of_kind("briefing") if d.file == "创卫工作简报第4期.docx"]
    issue = _load(outputs, expected)
    assert len(expected.items) == 2
    assert [p.text for p in issue.paragraphs if sid(p) == "GwTitle"] == [
        "示例县城南街道办事处\n召开社区网格员创卫业务培训会", "城南街道开展“清洁家园”周末志愿服务"]
    news = expected.items[1]
    assert item_paragraphs(issue)[1] == list(news.paragraphs)


def test_briefing_meeting_items_open_with_when_where_who(briefing: Built) -> None:
    printed = briefing.expected.printed
    assert printed is not None
    unit = briefing.expected.profile["name"]
    for item, texts in zip(briefing.expected.items, item_paragraphs(briefing), strict=True):
        meeting = item.meeting
        if meeting is None:
            assert texts == [briefing.t(p) for p in item.paragraphs]
            continue
        day = cn_date(meeting["date"]) if meeting["date"].year != printed.year else month_day(
            meeting["date"])
        place = f"在{meeting['place']}" if meeting.get("place") else ""
        topic = _topic(meeting)
        host = meeting.get("host") or ""
        leaders = [a for a in meeting.get("attendees", [])
                   if not (host and (a == host or host.endswith(a) or a.endswith(host)))]
        clauses = [f"{'、'.join(names)}{verb}会议" for names, verb in (
            (leaders, "出席"), (meeting.get("participants"), "参加"),
            (meeting.get("observers"), "列席")) if names]
        attended = "，".join(clauses) + "。" if clauses else ""
        chaired = f"会议由{host}主持" + ("，" + attended if attended else "。") if host else attended
        assert texts[0] == briefing.t(
            f"{day}{spoken_time(meeting.get('time'))}，{unit}{place}召开{meeting['title']}{topic}。"
            f"{chaired}")


def test_briefing_does_not_repeat_the_host_among_those_attending(briefing: Built) -> None:
    for item, texts in zip(briefing.expected.items, item_paragraphs(briefing), strict=True):
        if item.meeting is None or not item.meeting.get("host"):
            continue
        host = item.meeting["host"]
        match = re.search(r"会议由(.+?)主持，(?:(.+?)出席会议)?", texts[0])
        assert match, texts[0]
        assert match.group(1) == host
        names = (match.group(2) or "").split("、")
        assert host not in names
        assert not [n for n in names if n and (n.endswith(host) or host.endswith(n))]


def test_briefing_tells_what_was_conveyed_reported_required_decided_and_done_after(
        briefing: Built) -> None:
    for item, texts in zip(briefing.expected.items, item_paragraphs(briefing), strict=True):
        meeting = item.meeting
        if meeting is None:
            continue
        text = "\n".join(texts)
        for conveyed in meeting.get("conveyed") or []:
            assert briefing.t(conveyed) in text
        if meeting.get("conveyed"):
            assert any(t.startswith(briefing.t("会议传达学习了")) for t in texts)
        if meeting.get("reports"):
            reporters = "、".join(meeting.get("reporters") or ["与会单位负责人"])
            assert briefing.t(f"会上，{reporters}分别汇报了{end_sentence(meeting['reports'])}") in text
        check_requirements(briefing, meeting, texts)
        check_remarks(briefing, meeting, texts)
        if meeting.get("decisions"):
            assert decisions_sentence(briefing, meeting) in texts
        if meeting.get("afterwards"):
            assert texts[-1] == briefing.t(f"会后，{end_sentence(meeting['afterwards'])}")


def test_sample_briefings_cover_speakers_counts_and_numbering_styles() -> None:
    meetings = [item.meeting for d in _of_kind("briefing") for item in d.items if item.meeting]
    speakers = [s for m in meetings for s in m.get("speakers") or []]
    assert any(len(m.get("speakers") or []) >= 2 for m in meetings)
    assert any(_yes(s.get("count")) for s in speakers)
    assert {"首先"} <= {s.get("numbering") for s in speakers}
    assert {written_style(s.get("requirements") or []) for s in speakers} >= {"一是要", "一要"}
    assert any(m.get("afterwards") for m in meetings) and any(m.get("reports") for m in meetings)
    assert any(isinstance(m.get("time"), int) for m in meetings), "a clock time such as 14:30"


def test_briefing_lead_names_speaker_and_three_requirements(outputs: dict[str, Path]) -> None:
    """The issue's example, spelled out once: "周某某提出三点要求：一是要……二是要……三是要……"."""
    [expected] = [d for d in _of_kind("briefing") if d.meeting
                  and d.meeting["title"] == "农贸市场和“六小”门店整治推进会"]
    texts = _load(outputs, expected).texts
    [said] = [t for t in texts if t.startswith("周某某提出三点要求：一是要直面问题抓整改")]
    assert said.index("二是要") < said.index("三是要") and "四是要" not in said
    [said] = [t for t in texts if t.startswith("陈某某强调：首先，")]  # named with the role where attending
    assert "其次，" in said and "二是" not in said


# ---------------------------------------------------------------- 期号 kept over rebuilds


def _issues(output: Path) -> dict[str, str]:
    """Every 简报 written under *output*: its path there, with its text."""
    return {str(p.relative_to(output)): document_text(p)
            for p in sorted(output.glob("*/*简报第*期*.docx"))}


def test_briefing_issue_numbers_survive_rebuilds_and_a_meeting_added_earlier(
        full_workspace: Path) -> None:
    output = full_workspace / "output" / SECOND_UNIT
    report = build(full_workspace, units=[SECOND_UNIT])
    assert report.ok, report.failures
    first = _issues(output)
    assert sorted(first) == sorted(f"{d.folder}/{d.file}" for d in _of_kind("briefing"))

    report = build(full_workspace, units=[SECOND_UNIT])
    assert report.ok, report.failures
    assert _issues(output) == first, "a rebuild renumbers nothing"

    (full_workspace / "data" / SECOND_UNIT / "meetings" / "2026-01-15-创卫工作碰头会.yaml").write_text(
        "date: 2026-01-15\ntime: 上午\ntitle: 创卫工作碰头会\nhost: 陈某某\n"
        "participants:\n  - 各社区书记\nrequirements:\n  - 抓紧谋划全年创卫工作。\n", "utf-8")
    report = build(full_workspace, units=[SECOND_UNIT])
    assert report.ok, report.failures
    after = _issues(output)
    added = "2026年会议/创卫工作简报第5期（创卫工作碰头会）.docx"
    assert sorted(after) == sorted([*first, added]), "the earlier meeting takes the next number"
    assert {k: v for k, v in after.items() if k != added} == first
    assert docx.Document(str(output / added)).paragraphs[1].text == "第5期"


# ---------------------------------------------------------------- 繁體 documents


def test_traditional_documents_use_fonts_with_traditional_glyphs(outputs: dict[str, Path]) -> None:
    """仿宋_GB2312, 楷体_GB2312 and 方正小标宋简体 have no 繁體 glyphs: a 繁體 document names
    仿宋, 楷体 and 方正小标宋繁体 in its styles, runs and font table, and none of the others."""
    paths = sorted(outputs[TRADITIONAL_UNIT].glob("*/*.docx"))
    assert len(paths) == 3  # its 总结, 纪要 and 汇报
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            names = set()
            for part in archive.namelist():
                if not re.fullmatch(r"word/[^/]+\.xml", part):
                    continue
                xml = archive.read(part).decode("utf-8")
                names |= set(re.findall(r'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"', xml))
                names |= set(re.findall(r'<w:font w:name="([^"]+)"', xml))
        assert not [n for n in names if "_GB2312" in n or "简体" in n], (path.name, sorted(names))
        document = docx.Document(str(path))
        assert effective(document, "Normal", "w:rPr/w:rFonts", "eastAsia") == "仿宋"
        assert style_fonts(document, "GwTitle") == dict.fromkeys(FONT_SLOTS, "方正小标宋繁体")
        assert style_fonts(document, "GwHeading2") == dict.fromkeys(FONT_SLOTS, "楷体")
        assert style_fonts(document, "GwHeading1") == dict.fromkeys(FONT_SLOTS, "黑体")
        if "紀要" in path.name:
            assert style_fonts(document, "GwMinutesMark") == dict.fromkeys(FONT_SLOTS, "方正小标宋繁体")


# ---------------------------------------------------------------- 情况汇报


def test_report_title_is_guanyu_situation_report(report: Built) -> None:
    title = report.paragraphs[0]
    assert sid(title) == "GwTitle"
    text = to_script(title.text.replace("\n", ""), "简体")
    assert text.startswith("关于")
    assert text.endswith("情况的汇报")
    assert title.text.replace("\n", "") == report.t(
        f"关于2026年上半年{report.expected.profile['theme']}情况的汇报")


def test_report_recipient_follows_the_blank_line_flush_left(report: Built) -> None:
    document = report.document
    blank, recipient = report.paragraphs[1:3]
    assert blank.text == ""
    assert sid(recipient) == "GwRecipient"
    assert recipient.text == report.t(f"{report.expected.profile['superior']}：")
    assert recipient.text == report.t("县创卫办：")
    assert recipient.text.endswith("\uff1a")
    assert first_line_indent(document, "GwRecipient") == 0
    assert effective(document, "GwRecipient", "w:pPr/w:ind", "left") in (None, "0")
    assert effective(document, "GwRecipient", "w:pPr/w:jc", "val") == "left"
    assert effective(document, "GwRecipient", "w:rPr/w:rFonts", "eastAsia") == (
        report.expected.fonts["body"])
    assert effective(document, "GwRecipient", "w:rPr/w:sz", "val") == "32"


def test_report_opening_cites_each_basis_with_its_number(report: Built) -> None:
    basis = report.expected.records["report"]["basis"]
    opening = report.paragraphs[3]
    assert sid(opening) == "Normal"
    citations = [f"《{b['title']}》（{b['number']}）" for b in basis]
    assert opening.text.startswith(report.t(f"根据{'、'.join(citations)}要求，"))
    for b in basis:
        assert re.fullmatch(r"[^〔〕\[\]]+〔\d{4}〕[1-9]\d*[号號]", b["number"])
        assert report.t(b["number"]) in opening.text


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
    assert headings(report) == [report.t(f"{CN[i]}、{h}") for i, h in enumerate(expected)]


def test_report_closes_with_tecihuibao_then_signature_and_date(report: Built) -> None:
    *_, closing, blank, signature, dated = report.paragraphs
    assert (sid(closing), closing.text) == ("GwKeptText", report.t("特此汇报。"))  # with the 落款
    assert blank.text == ""
    assert (sid(signature), signature.text) == (
        "GwSignature", report.t(report.expected.profile["signature"]))
    assert (sid(dated), dated.text) == ("GwDate", cn_date(report.expected.records["date"]))
