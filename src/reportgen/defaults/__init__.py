"""The built-in templates, produced from code so that a change to them is a reviewable diff.

``python -m reportgen.defaults`` rewrites the committed .docx files next to this
module; a test fails when they drift from this code.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from reportgen.layout import KEPT_STYLE, LABEL_STYLE, apply_gbt9704

HERE = Path(__file__).parent


def _paragraph(document: DocxDocument, text: str, style: str = "Normal") -> None:
    document.add_paragraph(text, style=document.styles.get_by_id(style, 1))


def _tag(document: DocxDocument, tag: str) -> None:
    """A paragraph that holds only a docxtpl paragraph tag ({%p … %}); it vanishes when rendered."""
    _paragraph(document, f"{{%p {tag} %}}")


def _title(document: DocxDocument) -> None:
    _paragraph(document, '{{ title_lines|join("\\n") }}', "GwTitle")
    _paragraph(document, "")


def _parts(document: DocxDocument) -> None:
    """Numbered parts (一、) with their paragraphs and points in the part's layout."""
    _tag(document, "for part in parts")
    _paragraph(document, "{{ part.number }}{{ part.heading }}", "GwHeading1")
    _tag(document, "for paragraph in part.paragraphs")
    _paragraph(document, "{{ paragraph }}")
    _tag(document, "endfor")
    _tag(document, 'if part.layout == "headed"')
    _tag(document, "for point in part.points")
    _paragraph(document, "{{ point.paren }}{{ point.heading }}", "GwHeading2")
    _paragraph(document, "{{ point.text }}")
    _tag(document, "endfor")
    _tag(document, 'elif part.layout == "inline" and part.points')
    _paragraph(document, "{{ part.points_inline }}")
    _tag(document, 'elif part.layout == "list"')
    _tag(document, "for point in part.points")
    _paragraph(document, "{{ point.arabic }}{{ point.text }}")
    _tag(document, "endfor")
    _tag(document, "endif")
    _tag(document, "endfor")


def _body(document: DocxDocument, last_kept: str | None = None) -> None:
    """The body as compose laid it out: headings of four levels on their own lines (公文一级标题
    … 公文四级标题), headings run into their text (公文N级标题（连排）), plain paragraphs. The
    last paragraph stays on the page of the 落款 when the Jinja condition *last_kept* holds
    (nothing else comes between them)."""
    _tag(document, "for p in body")
    for level in range(1, 5):
        keyword = "if" if level == 1 else "elif"
        _tag(document, f'{keyword} p.kind == "heading" and p.level == {level}')
        _paragraph(document, "{{ p.number }}{{ p.heading }}", f"GwHeading{level}")
    for level in range(1, 5):
        _tag(document, f"elif p.level == {level}")
        _kept_if_last(document, last_kept, functools.partial(_run_in, document, level=level))
    _tag(document, "else")
    _kept_if_last(document, last_kept, lambda style: _paragraph(document, "{{ p.text }}", style))
    _tag(document, "endif")
    _tag(document, "endfor")


def _run_in(document: DocxDocument, style: str, *, level: int) -> None:
    paragraph = document.add_paragraph(style=document.styles.get_by_id(style, 1))
    paragraph.add_run("{{ p.number }}{{ p.heading }}",
                      style=document.styles.get_by_id(f"GwRunIn{level}", 2))
    paragraph.add_run("{{ p.text }}")


def _kept_if_last(document: DocxDocument, condition: str | None,
                  write: Callable[[str], None]) -> None:
    """A paragraph of a loop written by *write* in Normal, or in 公文正文（与落款同页） when it
    is the loop's last and *condition* holds: GB/T 9704 leaves no 落款 alone on a page."""
    if condition is None:
        write("Normal")
        return
    _tag(document, f"if loop.last and {condition}")
    write(KEPT_STYLE)
    _tag(document, "else")
    write("Normal")
    _tag(document, "endif")


def _each(document: DocxDocument, items: str, last_kept: str | None = None) -> None:
    """One body paragraph per string of *items* (the last kept with the 落款 as in _body)."""
    _tag(document, f"for paragraph in {items}")
    _kept_if_last(document, last_kept, lambda style: _paragraph(document, "{{ paragraph }}", style))
    _tag(document, "endfor")


def _closing(document: DocxDocument) -> None:
    """One blank line, then the 署名 and 成文日期 (GB/T 9704 §7.3.5), kept on the page of the
    text above them. {{p sign_off }} stands for both paragraphs: their places depend on both
    strings (reportgen.compose.signoff)."""
    _paragraph(document, "", KEPT_STYLE)
    _paragraph(document, "{{p sign_off }}", "GwSignature")


def summary_body(document: DocxDocument) -> None:
    """工作总结: title, opening, numbered parts with their points, signature and date."""
    _title(document)
    _each(document, "opening")
    _body(document, "not conclusion")
    _each(document, "conclusion", "true")
    _closing(document)


def minutes_body(document: DocxDocument) -> None:
    """会议纪要 (§10.3): red mark (and its 期号), opening, numbered parts, then 出席 / 请假 / 列席
    lines."""
    _paragraph(document, "{{ mark }}", "GwMinutesMark")
    _tag(document, "if issue")
    _paragraph(document, "{{ issue }}", "GwIssueNumber")
    _tag(document, "endif")
    _paragraph(document, "")
    _paragraph(document, "{{ opening }}")
    _parts(document)
    _each(document, "after")
    _paragraph(document, "")
    _tag(document, "for line in attendance")
    paragraph = document.add_paragraph(style=document.styles.get_by_id("GwAttendance", 1))
    paragraph.add_run("{{ line.label }}：", style=document.styles.get_by_id(LABEL_STYLE, 2))
    paragraph.add_run("{{ line.names }}")
    _tag(document, "endfor")


def briefing_body(document: DocxDocument) -> None:
    """简报: the 报头 (red name, 第N期, 编印单位 and date over a red line), then each item's
    headline and paragraphs."""
    _paragraph(document, "{{ name }}", "GwBriefingName")
    _paragraph(document, "{{ issue }}", "GwIssueNumber")
    _paragraph(document, "{{ editor }}编印\t{{ date }}", "GwBriefingMasthead")
    _paragraph(document, "")
    _tag(document, "for item in items")
    _paragraph(document, '{{ item.headline_lines|join("\\n") }}', "GwTitle")
    _paragraph(document, "")
    _tag(document, "for paragraph in item.paragraphs")
    _paragraph(document, "{{ paragraph }}")
    _tag(document, "endfor")
    _tag(document, "if not loop.last")
    _paragraph(document, "")
    _tag(document, "endif")
    _tag(document, "endfor")


def report_body(document: DocxDocument) -> None:
    """情况汇报: title, 主送机关, opening, numbered parts, 特此汇报, signature and date."""
    _title(document)
    _paragraph(document, "{{ recipient }}", "GwRecipient")
    _each(document, "opening")
    _body(document, "not conclusion and not closing")
    _each(document, "conclusion", "not closing")
    _tag(document, "if closing")
    _paragraph(document, "{{ closing }}", KEPT_STYLE)
    _tag(document, "endif")
    _closing(document)


def notice_body(document: DocxDocument) -> None:
    """考评结果通报: title, 主送, opening, numbered parts (one per class), closing words, 附件说明,
    signature and date; then the 附件 on a new page (§7.3.7): its label, title and score table."""
    _title(document)
    _paragraph(document, "{{ recipient }}", "GwRecipient")
    _each(document, "opening")
    _tag(document, "for part in parts")
    _paragraph(document, "{{ part.number }}{{ part.heading }}", "GwHeading1")
    _tag(document, "set last_part = loop.last")
    _each(document, "part.paragraphs", "last_part and not closing")
    _tag(document, "endfor")
    _each(document, "closing", "true")
    _paragraph(document, "", KEPT_STYLE)
    _paragraph(document, "附件：{{ attachment }}", "GwAttachmentNote")
    _closing(document)
    _paragraph(document, "附件", "GwAttachmentLabel")
    _paragraph(document, "")
    _paragraph(document, "{{ attachment }}", "GwTitle")
    _paragraph(document, "")
    _score_table(document)


def _score_table(document: DocxDocument) -> None:
    """排名, 单位, one column per part, 总分, 类别: a row per unit. The part columns repeat with
    {%tc %} and the rows with {%tr %}; the tag cells vanish when rendered."""
    loop = ("{%tc for column in columns %}", "{{ column }}", "{%tc endfor %}")
    scores = ("{%tc for score in row.scores %}", "{{ score }}", "{%tc endfor %}")
    header = ["排名", "单位", *loop, "总分", "类别"]
    rows = [["{%tr for row in rows %}", *[""] * 6],
            ["{{ row.rank }}", "{{ row.unit }}", *scores, "{{ row.total }}", "{{ row.klass }}"],
            ["{%tr endfor %}", *[""] * 6]]
    table = document.add_table(rows=4, cols=len(header))
    table.style = document.styles["Table Grid"]
    for row, values in zip(table.rows, [header, *rows], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.paragraphs[0].text = value
            cell.paragraphs[0].style = document.styles.get_by_id(
                "GwTableHeader" if values is header else "GwTableText", 1)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    header_row.append(OxmlElement("w:tblHeader"))  # the header repeats on every page
    table.rows[2]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a unit stays whole
    table.autofit = False
    for column, width in zip(table.columns, SCORE_COLUMNS_MM, strict=True):
        for cell in column.cells:
            cell.width = Mm(width)
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), RENDERED_GRID_MM, strict=True):
        column.set(qn("w:w"), str(Mm(width).twips))


SCORE_COLUMNS_MM = (16, 46, 20, 20, 20, 18, 16)
"""排名, 单位, (tag), each part, (tag), 总分, 类别, as cell widths: the part cell's repeats."""
RENDERED_GRID_MM = (16, 46, 20, 20, 20, 18, 16)
"""The grid as rendered with three parts (the tag cells gone): 156 mm, the text block."""


BODIES: dict[str, Callable[[DocxDocument], None]] = {
    "summary": summary_body, "minutes": minutes_body, "briefing": briefing_body,
    "report": report_body, "notice": notice_body}


def build_default(kind: str) -> bytes:
    """The default template of *kind* as .docx bytes, built from this code."""
    document = docx.Document()
    apply_gbt9704(document)
    body = document.element.body
    for paragraph in body.findall("{*}p"):
        body.remove(paragraph)
    BODIES[kind](document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible_zip(buffer.getvalue())


def _reproducible_zip(data: bytes) -> bytes:
    """The same parts with fixed zip timestamps, so unchanged code gives identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
    return buffer.getvalue()


def default_template_path(kind: str) -> Path:
    """Where the committed default template of *kind* lives (package data)."""
    return HERE / f"{kind}.docx"
