"""Drafts: documents built with ``--draft`` from records that still hold the skeleton's
placeholder text.

A draft must never pass for the real document: its file name ends in （草稿） (so the finished
document, built once the placeholders are filled in, gets its own name and never meets the
draft in the manifest), and a red line above its first paragraph says what it is.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

DRAFT_SUFFIX = "（草稿）"
DRAFT_LINE = "草稿：含未填写的样板文字，不得印发"
_BODY = b"<w:body>"
_DOCUMENT = "word/document.xml"


def draft_title(title: str) -> str:
    """The title of the draft of *title*, which names its file."""
    return title if title.endswith(DRAFT_SUFFIX) else f"{title}{DRAFT_SUFFIX}"


def mark_draft(docx: bytes, line: str = DRAFT_LINE) -> bytes:
    """*docx* with *line* in red 黑体 above its first paragraph. Every other part, and the
    order, names and dates of the package's members, stay as they were, so the same document
    always makes the same draft."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == _DOCUMENT:
                data = data.replace(_BODY, _BODY + _paragraph(line), 1)
            out.writestr(info, data, compress_type=info.compress_type)
    return target.getvalue()


def _paragraph(line: str) -> bytes:
    fonts = '<w:rFonts w:ascii="黑体" w:hAnsi="黑体" w:eastAsia="黑体"/>'
    return (f'<w:p><w:pPr><w:jc w:val="right"/><w:rPr>{fonts}<w:color w:val="FF0000"/></w:rPr></w:pPr>'
            f'<w:r><w:rPr>{fonts}<w:color w:val="FF0000"/><w:sz w:val="32"/></w:rPr>'
            f'<w:t>{escape(line)}</w:t></w:r></w:p>').encode()
