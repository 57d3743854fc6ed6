"""Documents in 简体 or 繁體: text, rendering contexts and templates converted with real OpenCC."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import docx
import docxtpl
import opencc
import pydantic
import pytest
from docx.oxml.ns import qn

from reportgen.script import (
    SCRIPT_ERROR,
    SCRIPTS,
    TRADITIONAL_FONTS,
    ScriptChoice,
    convert_context,
    convert_template,
    parse_script,
    simplified,
    to_script,
)

DEFAULTS = Path(__file__).resolve().parent.parent / "src" / "reportgen" / "defaults"
PARAGRAPH = ("示例县爱国卫生运动委员会办公室认真贯彻落实上级部署，扎实开展城乡环境卫生整洁行动，"
             "共发放宣传资料1.2万余份，出动志愿者300余人次，清理卫生死角86处。现将有关情况汇报如下，"
             "并附工作总结、台账汇总表各一份。下一步，我们将进一步健全长效管理制度。")
S2T = opencc.OpenCC("s2t")
T2S = opencc.OpenCC("t2s")


# --- text ---------------------------------------------------------------------------------


def test_traditional_uses_opencc_standard_forms() -> None:
    assert to_script("示例县爱卫办发〔2026〕3号", "繁體") == "示例縣愛衛辦發〔2026〕3號"


@pytest.mark.parametrize(("text", "expected"), [
    ("情况汇报", "情況匯報"),
    ("工作总结", "工作總結"),
    ("台账汇总", "臺賬匯總"),
])
def test_traditional_follows_mainland_usage_for_the_tools_words(text: str, expected: str) -> None:
    assert to_script(text, "繁體") == expected


def test_traditional_output_is_a_fixed_point_of_s2t() -> None:
    converted = to_script(PARAGRAPH, "繁體")
    assert converted != PARAGRAPH
    assert S2T.convert(converted) == converted  # s2t finds nothing to change
    assert to_script(converted, "繁體") == converted


def test_simplified_output_is_a_fixed_point_of_t2s() -> None:
    traditional = to_script(PARAGRAPH, "繁體")
    converted = to_script(traditional, "简体")
    assert T2S.convert(converted) == converted
    assert to_script(converted, "简体") == converted
    assert converted == PARAGRAPH


def test_traditional_text_converts_to_simplified() -> None:
    assert to_script("示例縣愛衛辦發〔2026〕3號", "简体") == "示例县爱卫办发〔2026〕3号"


@pytest.mark.parametrize("script", SCRIPTS)
def test_idempotent_where_opencc_alone_is_not(script: str) -> None:
    # s2t: 苎 → 苧 → 薴, t2s: 薴 → 苧 → 苎; one pass of OpenCC leaves work for the next
    once = to_script("苎麻、薴烯", script)
    assert to_script(once, script) == once
    converter = S2T if script == "繁體" else T2S
    assert converter.convert(once) == once


@pytest.mark.parametrize("text", ["", "2026-H1 {{ title }} 3.5%", "〔2026〕"])
@pytest.mark.parametrize("script", SCRIPTS)
def test_text_without_convertible_characters_passes_through(text: str, script: str) -> None:
    assert to_script(text, script) == text


def test_str_subclass_becomes_plain_str() -> None:
    class Loud(str):
        def __str__(self) -> str:
            return "喊"

    for text in (Loud("县"), Loud("abc")):
        result = to_script(text, "繁體")
        assert type(result) is str
    assert to_script(Loud("县"), "繁體") == "縣"
    assert to_script(Loud("abc"), "繁體") == "abc"


def test_script_aliases_are_accepted_by_to_script() -> None:
    assert to_script("县", "traditional") == to_script("县", "繁體") == "縣"


def test_unknown_script_is_refused() -> None:
    with pytest.raises(ValueError, match="只能是"):
        to_script("县", "粤语")


def test_simplified_reads_fixed_words_of_traditional_records() -> None:
    assert simplified("第3號，1.2萬餘份，5個") == "第3号，1.2万余份，5个"
    assert simplified("第3号") == "第3号"


def test_file_name_follows_the_script() -> None:
    title = "示例县2026年上半年爱国卫生工作总结"
    assert to_script(title, "繁體") == "示例縣2026年上半年愛國衛生工作總結"
    assert to_script("示例縣工作總結", "简体") == "示例县工作总结"


# --- parse_script -------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("简体", "简体"), ("簡體", "简体"), ("简", "简体"), ("simplified", "简体"), ("Simplified", "简体"),
    ("zh-hans", "简体"), ("ZH-Hans", "简体"), ("  简体\n", "简体"),
    ("繁體", "繁體"), ("繁体", "繁體"), ("繁", "繁體"), ("traditional", "繁體"), ("TRADITIONAL", "繁體"),
    ("zh-hant", "繁體"), ("zh-Hant", "繁體"), (" 繁體 ", "繁體"),
])
def test_parse_script_accepts_the_usual_spellings(value: str, expected: str) -> None:
    assert parse_script(value) == expected


@pytest.mark.parametrize("value", ["", " ", "简繁", "zh-cn", "zh-tw", "zh_hant", "big5", None, 1, b"zh-hans"])
def test_parse_script_refuses_anything_else(value: Any) -> None:
    with pytest.raises(ValueError) as error:
        parse_script(value)
    assert str(error.value) == "只能是“简体”或“繁體”" == SCRIPT_ERROR


class _Settings(pydantic.BaseModel):
    script: ScriptChoice = "简体"


def test_script_choice_validates_and_normalises_in_a_model() -> None:
    assert _Settings(script="Traditional").script == "繁體"
    assert _Settings().script == "简体"
    with pytest.raises(pydantic.ValidationError, match="只能是“简体”或“繁體”"):
        _Settings(script="粤语")


def test_script_choice_json_schema_lists_the_scripts() -> None:
    schema = _Settings.model_json_schema()["properties"]["script"]
    assert schema["type"] == "string"
    assert schema["enum"] == ["简体", "繁體"]


# --- convert_context ----------------------------------------------------------------------


class Point(NamedTuple):
    number: str
    text: str


@dataclass(frozen=True)
class Part:
    heading: str
    points: tuple[Point, ...]
    level: int = 1
    length: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "length", len(self.heading))


@dataclass(frozen=True)
class Context:
    title: str
    title_lines: tuple[str, ...]
    parts: tuple[Part, ...]
    extra: dict[str, Any]
    dated: date
    figure: Decimal
    signature: str | None = None


def _context() -> Context:
    return Context(
        title="示例县工作总结",
        title_lines=("示例县", "工作总结"),
        parts=(Part("一、主要做法", (Point("（一）", "发放资料1.2万余份"), Point("（二）", "abc"))),),
        extra={"县": ["办公室", 3, None, ("汇报", 2.5)], "layout": "headed"},
        dated=date(2026, 7, 1),
        figure=Decimal("1.2"),
    )


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    if hasattr(value, "__dataclass_fields__"):
        return [s for name in value.__dataclass_fields__ for s in _strings(getattr(value, name))]
    return []


def test_convert_context_converts_every_string_and_keeps_the_structure() -> None:
    original = _context()
    converted = convert_context(original, "繁體")
    assert type(converted) is Context
    assert converted.title == "示例縣工作總結"
    assert converted.title_lines == ("示例縣", "工作總結")
    part = converted.parts[0]
    assert type(part) is Part and part.heading == "一、主要做法" and part.level == 1
    assert part.length == len("一、主要做法")  # init=False field recomputed by the class
    assert type(part.points[0]) is Point
    assert part.points[0] == Point("（一）", "發放資料1.2萬餘份")
    assert part.points[1] is original.parts[0].points[1]  # nothing to convert: kept as it is
    assert list(converted.extra) == ["县", "layout"]  # keys are names, left alone
    assert converted.extra["县"] == ["辦公室", 3, None, ("匯報", 2.5)]
    assert converted.dated == date(2026, 7, 1) and converted.figure == Decimal("1.2")
    assert converted.signature is None
    for text in _strings(converted):
        assert S2T.convert(text) == text
    assert original.title == "示例县工作总结"  # the original is untouched


def test_convert_context_back_to_simplified_restores_the_original() -> None:
    original = _context()
    assert convert_context(convert_context(original, "繁體"), "简体") == original


def test_convert_context_turns_str_subclasses_into_plain_strings() -> None:
    class Name(str):
        pass

    converted = convert_context({"unit": Name("示例县"), "code": Name("A1")}, "繁體")
    assert converted == {"unit": "示例縣", "code": "A1"}
    assert all(type(value) is str for value in converted.values())


def test_convert_context_converts_shared_objects_once() -> None:
    shared = ["示例县"]
    converted = convert_context({"a": shared, "b": shared}, "繁體")
    assert converted["a"] == ["示例縣"]
    assert converted["a"] is converted["b"]


def test_convert_context_refuses_a_cycle() -> None:
    loop: list[Any] = ["县"]
    loop.append(loop)
    with pytest.raises(ValueError, match="嵌套过深"):
        convert_context({"loop": loop}, "繁體")


def test_convert_context_is_fast_enough_for_a_context() -> None:
    import time

    context = {"paragraphs": [f"{PARAGRAPH}{index}" for index in range(1000)]}
    convert_context({"warm": "县"}, "繁體")  # load OpenCC's dictionaries first
    start = time.perf_counter()
    converted = convert_context(context, "繁體")
    assert time.perf_counter() - start < 1.0
    assert converted["paragraphs"][999].endswith("999")


# --- convert_template ---------------------------------------------------------------------


def _docx() -> bytes:
    document = docx.Document()
    run = document.add_paragraph().add_run("工作总结汇报")
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    document.add_paragraph("{{ title }}总结")
    split = document.add_paragraph()  # a tag across runs, with a Chinese name and literal
    split.add_run("{% if 单位 == '示例")
    split.add_run("县' %}县{% endif %}")
    document.add_paragraph("{# 注释里的县不转 #}{%p for 项 in 列表 %}")
    document.sections[0].header.paragraphs[0].text = "示例县爱卫办"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _parts(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def test_convert_template_converts_text_and_keeps_tags() -> None:
    converted = convert_template(_docx(), "繁體")
    document = docx.Document(io.BytesIO(converted))
    texts = [[run.text for run in paragraph.runs] for paragraph in document.paragraphs]
    assert texts == [
        ["工作總結匯報"],
        ["{{ title }}總結"],
        ["{% if 单位 == '示例", "縣' %}縣{% endif %}"],  # literal converted, name kept
        ["{# 注释里的县不转 #}{%p for 项 in 列表 %}"],
    ]
    assert document.sections[0].header.paragraphs[0].text == "示例縣愛衛辦"


def test_convert_template_replaces_fonts_without_traditional_glyphs() -> None:
    converted = convert_template(_docx(), "繁體")
    body = _part(converted, "word/document.xml")
    assert 'w:eastAsia="仿宋"' in body
    assert "GB2312" not in body


def test_convert_template_keeps_other_entries_and_their_order() -> None:
    original = _docx()
    converted = convert_template(original, "繁體")
    before, after = _parts(original), _parts(converted)
    assert [info.filename for info, _ in before] == [info.filename for info, _ in after]
    unchanged = {"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml",
                 "word/theme/theme1.xml", "docProps/thumbnail.jpeg"}
    for (old_info, old), (new_info, new) in zip(before, after, strict=True):
        assert new_info.date_time == old_info.date_time
        assert new_info.external_attr == old_info.external_attr
        if old_info.filename in unchanged:
            assert new == old, old_info.filename
            assert new_info.compress_type == old_info.compress_type
    assert _part(converted, "word/document.xml").startswith(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>")


def test_convert_template_is_idempotent() -> None:
    once = convert_template(_docx(), "繁體")
    twice = convert_template(once, "繁體")
    assert [blob for _, blob in _parts(once)] == [blob for _, blob in _parts(twice)]


def test_simplified_template_to_simplified_changes_nothing() -> None:
    original = _docx()
    assert [blob for _, blob in _parts(convert_template(original, "简体"))] == [
        blob for _, blob in _parts(original)]


def test_traditional_template_back_to_simplified_keeps_fonts() -> None:
    converted = convert_template(convert_template(_docx(), "繁體"), "简体")
    document = docx.Document(io.BytesIO(converted))
    assert document.paragraphs[0].text == "工作总结汇报"
    assert document.sections[0].header.paragraphs[0].text == "示例县爱卫办"
    assert 'w:eastAsia="仿宋"' in _part(converted, "word/document.xml")  # fonts are not changed back


def _with_font_table(data: bytes, fonts: list[str]) -> bytes:
    """*data* with word/fontTable.xml listing *fonts*."""
    entries = "".join(f'<w:font w:name="{name}"><w:charset w:val="86"/></w:font>' for name in fonts)
    table = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w='
             f'"http://schemas.openxmlformats.org/wordprocessingml/2006/main">{entries}</w:fonts>')
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for info, blob in _parts(data):
            archive.writestr(info, table.encode() if info.filename == "word/fontTable.xml" else blob)
    return output.getvalue()


def test_font_table_names_are_replaced_once() -> None:
    data = _with_font_table(_docx(), ["宋体", "仿宋_GB2312", "仿宋", "楷体_GB2312", "方正小标宋简体"])
    table = _part(convert_template(data, "繁體"), "word/fontTable.xml")
    names = re.findall(r'w:name="([^"]*)"', table)
    assert names == ["宋体", "仿宋", "楷体", "方正小标宋繁体"]  # 仿宋 was there already


@pytest.mark.parametrize("template", sorted(DEFAULTS.glob("*.docx")), ids=lambda path: path.name)
def test_default_templates_convert(template: Path) -> None:
    original = template.read_bytes()
    converted = convert_template(original, "繁體")
    docx.Document(io.BytesIO(converted))
    docxtpl.DocxTemplate(io.BytesIO(converted))
    tag = re.compile(r"\{[{%#].*?[}%#]\}")
    for (info, old), (_, new) in zip(_parts(original), _parts(converted), strict=True):
        if not info.filename.endswith(".xml"):
            assert new == old
            continue
        text = new.decode("utf-8")
        assert "_GB2312" not in text and "简体" not in text, info.filename
        plain_old = re.sub(r"<[^>]+>", "", old.decode("utf-8"))
        assert tag.findall(re.sub(r"<[^>]+>", "", text)) == tag.findall(plain_old), info.filename
    assert set(TRADITIONAL_FONTS.values()) & set(re.findall(r'w:name="([^"]*)"',
                                                            _part(converted, "word/fontTable.xml")))
