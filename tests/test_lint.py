"""Template lint: every finding names the template, the place in Word's terms and what is wrong.

Fixture templates are built inline with python-docx; build() must refuse a template lint rejects,
with the same message, and still build every other unit.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument

from conftest import REPO_ROOT, SAMPLE_PERIOD, SAMPLE_UNIT, SECOND_UNIT, THIRD_UNIT
from reportgen.build import build
from reportgen.compose import BriefingContext, MinutesContext, ReportContext, SummaryContext
from reportgen.defaults import default_template_path
from reportgen.kinds import TEMPLATES
from reportgen.lint import Finding, lint_report, lint_template

SPLIT = "标签被 Word 拆成了格式不同的几段"
UNCLOSED = "标签没有在本段内闭合"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in tmp_path so templates are named as a user sees them: summary.docx, templates/…."""
    monkeypatch.chdir(tmp_path)


def make_template(path: Path, fill: Callable[[DocxDocument], None]) -> Path:
    document = docx.Document()
    fill(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def paragraphs(*texts: str) -> Callable[[DocxDocument], None]:
    def fill(document: DocxDocument) -> None:
        for text in texts:
            document.add_paragraph(text)
    return fill


def split_runs(bold_first: bool, before: tuple[str, ...] = ()) -> Callable[[DocxDocument], None]:
    """Paragraphs *before*, then one holding {{ title }} typed as two runs: "{{ ti" + "tle }}"."""
    def fill(document: DocxDocument) -> None:
        for text in before:
            document.add_paragraph(text)
        paragraph = document.add_paragraph()
        first = paragraph.add_run("{{ ti")
        if bold_first:
            first.bold = True
        paragraph.add_run("tle }}")
    return fill


def names_of(context: type) -> str:
    return "、".join(sorted(f.name for f in dataclasses.fields(context)))


# ---------------------------------------------------------------- (a) tags split into runs


def test_tag_split_into_runs_of_different_formatting_is_one_finding(tmp_path: Path) -> None:
    path = make_template(tmp_path / "summary.docx", split_runs(True, before=("前言",)))
    assert len(docx.Document(str(path)).paragraphs[1].runs) == 2
    [finding] = lint_template(path)
    assert finding.template == "summary.docx"
    assert finding.place == "正文第 2 段"
    assert finding.text == "{{ title }}"
    assert "拆" in finding.message
    assert finding.message.startswith(SPLIT)
    assert str(finding) == f"模板 summary.docx 正文第 2 段（“{{{{ title }}}}”）：{finding.message}"


def test_tag_split_into_runs_of_the_same_formatting_is_not_a_finding(tmp_path: Path) -> None:
    path = make_template(tmp_path / "summary.docx", split_runs(False))
    assert [r.text for r in docx.Document(str(path)).paragraphs[0].runs] == ["{{ ti", "tle }}"]
    assert lint_template(path) == []


def test_template_with_same_formatting_split_tag_renders_through_build(workspace: Path) -> None:
    make_template(workspace / "templates" / "summary.docx", split_runs(False))
    report = build(workspace, kinds=["summary"])
    assert report.ok, report.failures
    [written] = report.written
    document = docx.Document(str(written.path))
    assert [p.text for p in document.paragraphs] == [f"{SAMPLE_UNIT}2026年上半年爱国卫生工作总结"]


# ---------------------------------------------------------------- (b) unclosed across paragraphs


def test_tag_unclosed_in_its_paragraph_is_a_finding(tmp_path: Path) -> None:
    path = make_template(tmp_path / "summary.docx", paragraphs("{{ title", "}}"))
    [finding] = lint_template(path)
    assert finding.place == "正文第 1 段"
    assert finding.text == "{{ title"
    assert finding.message.startswith(UNCLOSED)
    assert str(finding).startswith("模板 summary.docx 正文第 1 段（“{{ title”）：标签没有在本段内闭合")


# ---------------------------------------------------------------- (c), (d) syntax and filters


def test_jinja_syntax_error_names_the_paragraph(tmp_path: Path) -> None:
    path = make_template(tmp_path / "summary.docx", paragraphs("{{ title }}", "{% if %}"))
    [finding] = lint_template(path)
    assert finding.template == "summary.docx"
    assert "正文第 2 段" in finding.place
    assert "{% if %}" in str(finding)
    assert finding.message.startswith("模板语法错误")
    assert str(finding).startswith("模板 summary.docx 正文第 2 段")


def test_unknown_filter_is_named(tmp_path: Path) -> None:
    path = make_template(tmp_path / "summary.docx", paragraphs("{{ title|nosuch }}"))
    [finding] = lint_template(path)
    assert "正文第 1 段" in finding.place
    assert "未知的过滤器“nosuch”" in finding.message
    assert "{{ title|nosuch }}" in str(finding)


def test_the_renderers_own_filters_are_known(tmp_path: Path) -> None:
    path = make_template(tmp_path / "summary.docx",
                         paragraphs("{{ title }}", "{{ 3|cn_numeral }}", "{{ date }}"))
    assert lint_template(path) == []


# ---------------------------------------------------------------- (e) unknown names


def test_unknown_name_in_body_names_it_the_place_and_the_available_names(tmp_path: Path) -> None:
    path = make_template(tmp_path / "summary.docx", paragraphs("前言", "正文 {{ titel }} 后文"))
    [finding] = lint_template(path)
    assert finding.place == "正文第 2 段"
    assert "{{ titel }}" in finding.text
    assert finding.message == (
        f"用到了不存在的名称“titel”（这类文书可用：{names_of(SummaryContext)}）")
    for name in ("title", "title_lines", "parts", "ledger", "signature", "date"):
        assert name in finding.message


def test_unknown_name_in_a_table_cell_is_located_by_row_and_column(tmp_path: Path) -> None:
    def fill(document: DocxDocument) -> None:
        document.add_paragraph("{{ title }}")
        table = document.add_table(rows=2, cols=3)
        table.cell(1, 2).text = "{{ titel }}"

    [finding] = lint_template(make_template(tmp_path / "summary.docx", fill))
    assert "表格 1 第 2 行第 3 列" in finding.place
    assert "“titel”" in finding.message
    assert "表格 1 第 2 行第 3 列" in str(finding)


def test_unknown_name_in_the_footer_is_located_in_the_footer(tmp_path: Path) -> None:
    def fill(document: DocxDocument) -> None:
        document.add_paragraph("{{ title }}")
        document.sections[0].footer.paragraphs[0].text = "{{ titel }}"

    [finding] = lint_template(make_template(tmp_path / "summary.docx", fill))
    assert finding.place.startswith("页脚")
    assert "“titel”" in finding.message


@pytest.mark.parametrize(("name", "context", "foreign"), [
    ("minutes", MinutesContext, "ledger"), ("briefing", BriefingContext, "attendance"),
    ("report", ReportContext, "attendance"), ("summary", SummaryContext, "mark")])
def test_names_are_checked_against_the_templates_own_kind(
        tmp_path: Path, name: str, context: type, foreign: str) -> None:
    path = make_template(tmp_path / f"{name}.docx", paragraphs("{{ title }}", f"{{{{ {foreign} }}}}"))
    [finding] = lint_template(path)
    assert finding.message == (
        f"用到了不存在的名称“{foreign}”（这类文书可用：{names_of(context)}）")


def test_template_name_argument_overrides_the_file_stem(tmp_path: Path) -> None:
    path = make_template(tmp_path / "我的总结.docx", paragraphs("{{ titel }}"))
    assert lint_template(path) == []  # not a known template name: names are not checked
    [finding] = lint_template(path, "summary")
    assert "“titel”" in finding.message


# ---------------------------------------------------------------- (f) shipped templates are clean


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_built_in_templates_have_no_findings(name: str) -> None:
    assert lint_template(default_template_path(name)) == []


def test_committed_unit_template_has_no_findings() -> None:
    path = REPO_ROOT / "templates" / SECOND_UNIT / "summary.docx"
    assert path.is_file()
    assert lint_template(path) == []


# ---------------------------------------------------------------- (g) not a Word document


def test_a_file_that_is_not_a_docx_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "summary.docx"
    path.write_text("这不是 Word 文档", "utf-8")
    [finding] = lint_template(path)
    assert finding.template == "summary.docx"
    assert "不是 Word 文档" in finding.message
    assert "不是 Word 文档" in lint_report([finding])


def test_a_zip_without_a_document_part_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "summary.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    [finding] = lint_template(path)
    assert "不是 Word 文档" in finding.message
    assert "缺少 word/document.xml" in finding.message
    # named once, like every other finding: not "模板 summary.docx ：模板 summary.docx 不是…"
    assert str(finding).count("summary.docx") == 1, str(finding)


def test_a_finding_without_a_place_reads_without_a_stray_space(tmp_path: Path) -> None:
    path = tmp_path / "summary.docx"
    path.write_text("这不是 Word 文档", "utf-8")
    [finding] = lint_template(path)
    assert finding.place == ""
    assert str(finding) == "模板 summary.docx：不是 Word 文档（.docx）"


def test_lint_report_is_one_finding_a_line() -> None:
    findings = [Finding("a.docx", "正文第 1 段", "{{ x", "m1"), Finding("b.docx", "页脚", "", "m2")]
    assert lint_report(findings) == "模板 a.docx 正文第 1 段（“{{ x”）：m1\n模板 b.docx 页脚：m2"


# ---------------------------------------------------------------- build refuses what lint rejects


BROKEN: dict[str, Callable[[DocxDocument], None]] = {
    "split": split_runs(True),
    "syntax": paragraphs("{{ title }}", "{% if %}"),
    "unknown": paragraphs("{{ titel }}"),
}


@pytest.mark.parametrize("template", ["summary", "briefing"])
@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_build_refuses_a_broken_unit_template_and_builds_the_other_unit(
        full_workspace: Path, monkeypatch: pytest.MonkeyPatch, template: str, broken: str) -> None:
    monkeypatch.chdir(full_workspace)
    target = full_workspace / "templates" / SECOND_UNIT / f"{template}.docx"
    target.unlink(missing_ok=True)
    make_template(target, BROKEN[broken])
    findings = lint_template(target, template)
    assert findings

    report = build(full_workspace)

    # The period fails; so do the unit's meetings recorded on their own when they use the template.
    meetings = "2026年会议"
    failed = [(SECOND_UNIT, SAMPLE_PERIOD), *([(SECOND_UNIT, meetings)] if template == "briefing" else [])]
    assert [(f.unit, f.period) for f in report.failures] == failed
    for failure in report.failures:
        assert failure.message == lint_report(findings)
        assert f"模板 templates/{SECOND_UNIT}/{template}.docx" in failure.message
    assert not list((full_workspace / "output" / SECOND_UNIT / SAMPLE_PERIOD).glob("*.docx"))
    written = {r.path.parent for r in report.written}
    others = {full_workspace / "output" / unit / SAMPLE_PERIOD for unit in (SAMPLE_UNIT, THIRD_UNIT)}
    assert written == others | ({full_workspace / "output" / SECOND_UNIT / meetings}
                                if template == "summary" else set())


def test_build_with_a_broken_workspace_template_fails_every_unit_using_it(
        full_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """templates/report.docx applies to both units; neither writes anything for the period."""
    monkeypatch.chdir(full_workspace)
    make_template(full_workspace / "templates" / "report.docx", paragraphs("{{ titel }}"))
    report = build(full_workspace)
    assert sorted(f.unit for f in report.failures) == sorted([SAMPLE_UNIT, SECOND_UNIT, THIRD_UNIT])
    for failure in report.failures:
        assert failure.message.startswith("模板 templates/report.docx 正文第 1 段")
        assert "“titel”" in failure.message
    assert {r.path.parent.name for r in report.written} == {"2026年会议"}  # meetings need no report


def test_the_committed_sample_builds_clean(full_workspace: Path) -> None:
    shutil.rmtree(full_workspace / "output", ignore_errors=True)
    report = build(full_workspace)
    assert report.ok, report.failures


def test_a_template_reaching_for_python_internals_is_a_finding(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("{{ title }}")
    document.add_paragraph("{{ title.__class__.__mro__ }}")
    path = tmp_path / "summary.docx"
    document.save(str(path))
    [finding] = lint_template(path)
    assert finding.place == "正文第 2 段"
    assert finding.message == "模板试图访问程序内部的属性或方法，已拒绝"


# ---------------------------------------------------------------- the parts the renderer renders


def test_the_document_properties_are_checked_like_the_body(tmp_path: Path) -> None:
    """docProps/core.xml is rendered (the title), so lint checks it as it checks the body."""
    path = make_template(tmp_path / "summary.docx", paragraphs("{{ title }}"))
    path.write_bytes(_with_core_title(path.read_bytes(), "{{ titel }}"))
    [finding] = lint_template(path)
    assert finding.place == "文档属性"
    assert "“titel”" in finding.message


def test_the_sandboxs_own_names_are_not_unknown(tmp_path: Path) -> None:
    path = make_template(tmp_path / "summary.docx", paragraphs(
        "{% for i in range(2) %}{{ title }}{% endfor %}", "{{ cycler('甲', '乙').next() }}"))
    assert lint_template(path) == []


def _with_core_title(data: bytes, title: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info)
            if info.filename == "docProps/core.xml":
                blob = re.sub(rb"<dc:title>.*?</dc:title>|<dc:title/>",
                              f"<dc:title>{title}</dc:title>".encode(), blob)
                if b"<dc:title>" not in blob:
                    blob = blob.replace(b"</cp:coreProperties>",
                                        f"<dc:title>{title}</dc:title></cp:coreProperties>".encode())
            target.writestr(info, blob)
    return buffer.getvalue()
