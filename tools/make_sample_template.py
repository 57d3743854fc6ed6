"""Build the second sample unit's own summary template from the built-in one.

It shows what an office does in Word: a different level-1 heading style and an
extra table (the activity ledger, one row per activity via {%tr %}), the summary's 附件.
Run from the repository root:  python tools/make_sample_template.py
A test keeps the committed file in step with this script.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from reportgen.defaults import _reproducible_zip, default_template_path

UNIT = "示例县城南街道办事处"
TARGET = Path(__file__).resolve().parent.parent / "templates" / UNIT / "summary.docx"
COLUMNS = (("日期", "row.date", 20), ("类别", "row.category", 26), ("活动", "row.title", 38),
           ("地点", "row.place", 28), ("主要数据", "row.figures", 44))  # widths in mm: 156 in all


def _table_style(document: docx.document.Document) -> str:
    style = document.styles.add_style("台账表格文字", WD_STYLE_TYPE.PARAGRAPH)
    style.font.size = Pt(12)
    style.paragraph_format.first_line_indent = Pt(0)
    style.paragraph_format.line_spacing = Pt(18)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    return str(style.name)


def _restyle_headings(document: docx.document.Document) -> None:
    """Level-1 headings centred in 小标宋 instead of 黑体 with an indent."""
    heading = document.styles.get_by_id("GwHeading1", WD_STYLE_TYPE.PARAGRAPH)
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.first_line_indent = Pt(0)
    fonts = heading.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), "方正小标宋简体")


def _ledger_table(document: docx.document.Document, style: str) -> None:
    """The activity ledger as the summary's 附件 (GB/T 9704 §7.3.4, §7.3.7): 附件说明 under the
    text, and after the 成文日期, on a new page, 附件, its title and a table whose middle row
    repeats once per activity. Left out when the period has no activity."""
    closing = next(p for p in document.paragraphs if "{{p sign_off }}" in p.text)._p.getprevious()
    for text, style_id in (("{%p if ledger %}", "Normal"), ("", "GwKeptText"),
                           ("附件：{{ period }}活动台账", "GwAttachmentNote"), ("{%p endif %}", "Normal")):
        closing.addprevious(_styled(document, text, style_id)._p)
    document.add_paragraph("{%p if ledger %}")
    for text, style_id in (("附件", "GwAttachmentLabel"), ("", "Normal"),
                           ("{{ period }}活动台账", "GwTitle"), ("", "Normal")):
        _styled(document, text, style_id)
    table = document.add_table(rows=4, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    texts = [[name for name, _, _ in COLUMNS],
             ["{%tr for row in ledger %}", "", "", "", ""],
             [f"{{{{ {field} }}}}" for _, field, _ in COLUMNS],
             ["{%tr endfor %}", "", "", "", ""]]
    for row, values in zip(table.rows, texts, strict=True):
        for cell, value, (_, _, width) in zip(row.cells, values, COLUMNS, strict=True):
            cell.width = Mm(width)
            cell.paragraphs[0].text = value
            cell.paragraphs[0].style = document.styles[style]
    table.autofit = False
    for column, (_, _, width) in zip(table.columns, COLUMNS, strict=True):
        column.width = Mm(width)
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(header.makeelement(qn("w:tblHeader"), {}))  # repeat on every page
    document.add_paragraph("{%p endif %}")


def _styled(document: docx.document.Document, text: str, style_id: str) -> Paragraph:
    return document.add_paragraph(text, style=document.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH))


def build() -> bytes:
    """The customised template as bytes, reproducibly."""
    document = docx.Document(str(default_template_path("summary")))
    _restyle_headings(document)
    _ledger_table(document, _table_style(document))
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible_zip(buffer.getvalue())


if __name__ == "__main__":
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(build())
    sys.stdout.write(f"已写入 {TARGET}\n")
