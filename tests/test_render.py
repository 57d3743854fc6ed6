"""Stage 5, render: PreparedTemplate renders like docxtpl, escapes text, and refuses bad templates."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docxtpl import DocxTemplate

from reportgen.build import build
from reportgen.compose import compose_summary
from reportgen.compose.signoff import sign_off
from reportgen.compose.structure import Paragraph
from reportgen.defaults import default_template_path
from reportgen.derive import derive_facts
from reportgen.errors import TemplateError
from reportgen.records import read_period, read_unit
from reportgen.render import PreparedTemplate, context_of, make_environment

CJK = re.compile(r"[\u4e00-\u9fff]")
SPECIAL = "A&B <甲> 乙>丙 & <b>粗</b>"


# ---------------------------------------------------------------- helpers


def make_template(path: Path, *paragraphs: str, footer: str | None = None) -> Path:
    """A small .docx template: one body paragraph per string, optionally a footer line."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if footer is not None:
        document.sections[0].footer.paragraphs[0].text = footer
    document.save(str(path))
    return path


def texts(data: bytes) -> list[str]:
    """Body paragraph texts of a rendered .docx (which must open)."""
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def styled_texts(data: bytes) -> dict[str, Any]:
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    return {
        "body": [(p.style.style_id if p.style else None, p.text) for p in document.paragraphs],
        "footer": [p.text for p in section.footer.paragraphs],
        "even_footer": [p.text for p in section.even_page_footer.paragraphs],
        "header": [p.text for p in section.header.paragraphs],
    }


def docxtpl_render(path: Path, context: dict[str, Any]) -> bytes:
    template = DocxTemplate(str(path))
    template.render(context, jinja_env=make_environment(), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def render_error(path: Path, context: dict[str, Any]) -> TemplateError:
    prepared = PreparedTemplate.from_path(path)
    with pytest.raises(TemplateError) as caught:
        prepared.render(context)
    return caught.value


def explanation(message: str) -> str:
    """What a TemplateError says after its place (模板 … 正文第 N 段（“…”）：)."""
    return message.split("）：", 1)[1] if "）：" in message else message.split("：", 1)[1]


@pytest.fixture
def sample_context(sample_period_file: Path) -> dict[str, Any]:
    unit = read_unit(sample_period_file.parent / "unit.yaml")
    records = read_period(sample_period_file)
    return context_of(compose_summary(unit, records, derive_facts(records)))


@pytest.fixture
def summary_template() -> Path:
    return default_template_path("summary")


# ---------------------------------------------------------------- (a) same output as docxtpl


def test_default_template_renders_like_plain_docxtpl(
        summary_template: Path, sample_context: dict[str, Any]) -> None:
    ours = PreparedTemplate.from_path(summary_template).render(sample_context)
    theirs = docxtpl_render(summary_template, sample_context)
    assert styled_texts(ours) == styled_texts(theirs)
    assert styled_texts(ours)["body"][0][1].replace("\n", "") == sample_context["title"]


def test_small_template_with_loop_and_footer_renders_like_plain_docxtpl(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", "{{ title }}", "{%p for item in items %}",
                         "{{ loop.index }}.{{ item }}", "{%p endfor %}", "尾段",
                         footer="页脚{{ unit }}")
    context = {"title": "标题", "items": ["甲", "乙"], "unit": "某局"}
    ours = PreparedTemplate.from_path(path).render(context)
    assert styled_texts(ours) == styled_texts(docxtpl_render(path, context))
    assert texts(ours) == ["标题", "1.甲", "2.乙", "尾段"]
    assert styled_texts(ours)["footer"] == ["页脚某局"]


# ---------------------------------------------------------------- (b) XML special characters


def test_ampersand_and_angle_brackets_in_context_come_out_literally(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", "{{ title }}", "{{ body }}", footer="{{ title }}")
    data = PreparedTemplate.from_path(path).render({"title": SPECIAL, "body": "x<y & y>z"})
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs] == [SPECIAL, "x<y & y>z"]
    assert document.sections[0].footer.paragraphs[0].text == SPECIAL
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "A&amp;B &lt;甲&gt;" in xml
    assert "&amp;amp;" not in xml and "&amp;lt;" not in xml


def test_special_characters_in_records_come_out_literally_in_the_built_document(
        workspace: Path, sample_period_file: Path) -> None:
    data = yaml.safe_load(sample_period_file.read_text("utf-8"))
    data["title"] = "示例县财政局R&D<测试>工作总结"
    data["overview"] += f"（{SPECIAL}）"
    data["sections"][0]["heading"] = "强化组织领导&压实<工作>责任"
    data["problems"][0] = "检查前后 a<b & c>d 的现象仍然存在。"
    sample_period_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                  "utf-8")
    report = build(workspace, kinds=["summary"])
    assert report.ok, report.failures
    document = docx.Document(str(report.written[0].path))
    body = [p.text for p in document.paragraphs]
    assert body[0].replace("\n", "") == "示例县财政局R&D<测试>工作总结"
    assert any(t.endswith(f"（{SPECIAL}）") for t in body)
    assert "一、强化组织领导&压实<工作>责任" in body
    assert "1.检查前后 a<b & c>d 的现象仍然存在。" in body
    assert document.core_properties.title == "示例县财政局R&D<测试>工作总结"


# ---------------------------------------------------------------- (c) no state between renders


def test_one_prepared_template_renders_different_contexts_independently(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", "{{ title }}", "{%p for item in items %}",
                         "{{ item }}", "{%p endfor %}", footer="{{ title }}")
    prepared = PreparedTemplate.from_path(path)
    first = prepared.render({"title": "甲", "items": ["一", "二", "三"]})
    second = prepared.render({"title": "乙", "items": ["四"]})
    again = prepared.render({"title": "甲", "items": ["一", "二", "三"]})
    assert texts(first) == ["甲", "一", "二", "三"]
    assert texts(second) == ["乙", "四"]
    assert styled_texts(second)["footer"] == ["乙"]
    assert again == first


def test_default_template_renders_two_summaries_without_leaking(
        summary_template: Path, sample_context: dict[str, Any]) -> None:
    prepared = PreparedTemplate.from_path(summary_template)
    other = dict(sample_context, signature="另一单位", date="2027年1月5日",
                 sign_off=sign_off("summary", "另一单位", "2027年1月5日"),
                 opening=("另一开头。",), body=(Paragraph("heading", 1, "一、", "唯一部分"),),
                 title_lines=("另一标题",), title="另一标题")
    first = prepared.render(sample_context)
    second = texts(prepared.render(other))
    assert second[0] == "另一标题"
    assert second[2] == "另一开头。"
    assert [t for t in second if t.startswith("一、")] == ["一、唯一部分"]
    assert not any(t.startswith("二、") for t in second)
    assert second[-2:] == ["另一单位", "2027年1月5日"]
    assert prepared.render(sample_context) == first
    assert docx.Document(io.BytesIO(first)).core_properties.title == sample_context["title"]


# ---------------------------------------------------------------- (d) sandbox


@pytest.mark.parametrize(("paragraphs", "number"), [
    (("第一段", "{{ ''.__class__.__mro__ }}"), 2),
    (("甲", "乙", "{{ title.__class__ }}"), 3),
])
def test_sandbox_escape_is_refused_with_a_chinese_message_naming_the_paragraph(
        tmp_path: Path, paragraphs: tuple[str, ...], number: int) -> None:
    path = make_template(tmp_path / "escape.docx", *paragraphs)
    error = render_error(path, {"title": "标题"})
    message = str(error)
    assert message.startswith("模板 ")
    assert "escape.docx" in message
    assert f"正文第 {number} 段" in message
    assert CJK.search(explanation(message)), message
    assert "<class" not in message
    assert "object'>" not in message


def test_sandbox_escape_through_attr_filter_is_refused(tmp_path: Path) -> None:
    path = make_template(tmp_path / "escape.docx", "{{ title|attr('__class__') }}")
    message = str(render_error(path, {"title": "标题"}))
    assert "正文第 1 段" in message
    assert "<class" not in message


# ---------------------------------------------------------------- (e) undefined names


def test_undefined_name_is_named_with_its_paragraph(tmp_path: Path) -> None:
    path = make_template(tmp_path / "undefined.docx", "{{ title }}", "{{ nonexistent }}")
    message = str(render_error(path, {"title": "标题"}))
    assert "undefined.docx" in message
    assert "“nonexistent”" in message
    assert "正文第 2 段" in message
    assert CJK.search(explanation(message)), message


def test_undefined_name_paragraph_number_counts_tag_paragraphs_as_in_word(
        tmp_path: Path) -> None:
    """The number is the paragraph as the user sees it in Word, {%p %} lines included."""
    path = make_template(tmp_path / "undefined.docx", "{%p if true %}", "{{ title }}",
                         "{%p endif %}", "{{ nonexistent }}")
    message = str(render_error(path, {"title": "标题"}))
    assert "“nonexistent”" in message
    assert "正文第 4 段" in message, message


def test_undefined_attribute_is_named(tmp_path: Path) -> None:
    path = make_template(tmp_path / "undefined.docx", "{{ unit.missing_field }}")
    message = str(render_error(path, {"unit": {"name": "某局"}}))
    assert "missing_field" in message
    assert "正文第 1 段" in message


# ---------------------------------------------------------------- (f) syntax errors


@pytest.mark.parametrize("broken", ["{{ title ", "{% if %}"])
def test_syntax_error_is_reported_when_the_template_is_prepared(
        tmp_path: Path, broken: str) -> None:
    path = make_template(tmp_path / "syntax.docx", "正常段落", broken, "后面的段落")
    with pytest.raises(TemplateError) as caught:
        PreparedTemplate.from_path(path)
    message = str(caught.value)
    assert "syntax.docx" in message
    assert "模板语法错误" in message
    assert "正文第 2 段" in message


def test_syntax_error_is_raised_by_the_constructor_before_any_render(tmp_path: Path) -> None:
    path = make_template(tmp_path / "syntax.docx", "{% if %}")
    with pytest.raises(TemplateError, match="模板语法错误"):
        PreparedTemplate(path.read_bytes(), "syntax.docx")


# ---------------------------------------------------------------- (g) not a .docx


def test_bytes_that_are_not_a_docx_are_refused() -> None:
    with pytest.raises(TemplateError) as caught:
        PreparedTemplate(b"this is plain text, not a zip", "plain.docx")
    message = str(caught.value)
    assert "plain.docx" in message
    assert CJK.search(message.replace("模板", "").replace("plain.docx", "")), message


def test_text_file_named_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "summary.docx"
    path.write_text("不是 Word 文件", "utf-8")
    with pytest.raises(TemplateError, match=re.escape("summary.docx")):
        PreparedTemplate.from_path(path)


def test_zip_archive_that_is_not_a_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "summary.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    with pytest.raises(TemplateError, match=re.escape("summary.docx")):
        PreparedTemplate.from_path(path)


def test_missing_template_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="无法读取模板"):
        PreparedTemplate.from_path(tmp_path / "absent.docx")


# ---------------------------------------------------------------- (h) filters


def test_cn_date_filter_writes_arabic_unpadded_dates(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", "{{ day|cn_date }}", "{{ other|cn_date }}")
    data = PreparedTemplate.from_path(path).render(
        {"day": date(2026, 7, 1), "other": date(2026, 12, 31)})
    assert texts(data) == ["2026年7月1日", "2026年12月31日"]


@pytest.mark.parametrize(("n", "expected"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"),
                                             (99, "九十九")])
def test_cn_numeral_filter_writes_chinese_numerals(
        tmp_path: Path, n: int, expected: str) -> None:
    path = make_template(tmp_path / "t.docx", "{{ n|cn_numeral }}、标题")
    assert texts(PreparedTemplate.from_path(path).render({"n": n})) == [f"{expected}、标题"]


def test_make_environment_is_sandboxed_strict_and_escaping() -> None:
    env = make_environment()
    assert env.autoescape is True
    assert {"cn_date", "cn_numeral"} <= set(env.filters)
    assert env.from_string("{{ x }}").render(x="<&>") == "&lt;&amp;&gt;"


def test_an_error_in_a_table_cell_is_named_by_table_row_and_column(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("{{ title }}")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(1, 1).text = "{{ missing_in_cell }}"
    document.add_paragraph("{{ title }}")
    path = tmp_path / "table.docx"
    document.save(str(path))
    with pytest.raises(TemplateError) as caught:
        PreparedTemplate.from_path(path).render({"title": "标题"})
    message = str(caught.value)
    assert "正文表格 1 第 2 行第 2 列" in message
    assert "missing_in_cell" in message


def test_a_filter_used_on_the_wrong_value_is_a_located_template_error(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", "{{ title }}", "{{ 0|cn_numeral }}")
    with pytest.raises(TemplateError) as caught:
        PreparedTemplate.from_path(path).render({"title": "标题"})
    assert "正文第 2 段" in str(caught.value)
    assert "过滤器或表达式用在了不合适的值上" in str(caught.value)


def test_cn_date_leaves_an_already_written_date_alone(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", "{{ date|cn_date }}")
    assert texts(PreparedTemplate.from_path(path).render({"date": "2026年7月8日"})) == [
        "2026年7月8日"]
