"""GB/T 9704-2012 page and styles in .docx terms, applied with python-docx.

Used to build the default templates from code (see reportgen.defaults), so
that every layout value is reviewable here as a diff. Values are from
../shared/GBT9704.md: twips for lengths, half-points for font sizes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.styles.style import BaseStyle
from lxml import etree

# Page (§5), in twips.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1588, 1474
FOOTER_DISTANCE = 1418  # page numbers 7 mm under the text block
LINE_PITCH = 579  # exact 28.95 pt: 22 lines in the 225 mm block
CHAR_SPACING = -5  # -0.25 pt (twentieths of a point): 28 characters a line
ONE_CHAR = 320  # one 3号 character, in twips
BODY_SIZE, TITLE_SIZE, PAGE_NUMBER_SIZE = 32, 44, 28  # half-points: 16, 22, 14 pt
MARK_SIZE = 52  # 26 pt (一号) for the 纪要 mark; the standard leaves its size open
BRIEFING_NAME_SIZE = 72  # 36 pt (小初) for the 简报 name in its masthead, as 简报 commonly set it
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm
RULE_SIZE = 12  # eighths of a point: the 简报's red line is 1.5 pt
TABLE_SIZE, TABLE_LINE = 28, 400  # tables in 4号 (14 pt) on an exact 20 pt line
MARK_SPACE_BEFORE = 1984  # §10.3: the mark's top edge 35 mm under the top of the text block
SET_CHAR = ONE_CHAR + CHAR_SPACING  # one character as set, −0.25 pt: 28 fill the 156 mm line
HALF_CHAR = ONE_CHAR // 2 + CHAR_SPACING  # a half-width digit or Latin letter as set
LABEL_WIDTH = 3 * SET_CHAR  # "出席：" as set (3 × 15.75 pt): names wrap under the names

# Fonts offices expect, with the name Word may substitute when one is missing.
TITLE_FONT, BODY_FONT, HEI_FONT, KAI_FONT, SONG_FONT = (
    "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体")
FONT_SUBSTITUTES = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", KAI_FONT: "楷体"}


@dataclass(frozen=True)
class ParagraphStyle:
    """A paragraph style of the default templates."""

    style_id: str
    name: str
    font: str = BODY_FONT
    size: int = BODY_SIZE
    align: str = "both"
    first_line: int = 2 * ONE_CHAR
    right: int = 0
    left: int = 0
    outline_level: int | None = None
    keep_next: bool = False
    hanging: int = 0
    space_before: int = 0
    color: str = "000000"
    line: int = LINE_PITCH
    """Exact line height in twips; type larger than 3号 needs more than the body's pitch."""
    rule_below: str | None = None
    """The colour of a rule under the paragraph as wide as the text block (the 简报's red line)."""
    right_tab: bool = False
    """A right-aligned tab stop at the right edge of the text block (编印单位 … date)."""
    page_break_before: bool = False
    """Starts a new page (the 附件, GB/T 9704 §7.3.7)."""


STYLES = (
    ParagraphStyle("GwTitle", "公文标题", font=TITLE_FONT, size=TITLE_SIZE, align="center",
                   first_line=0),
    ParagraphStyle("GwHeading1", "公文一级标题", font=HEI_FONT, outline_level=0, keep_next=True),
    ParagraphStyle("GwHeading2", "公文二级标题", font=KAI_FONT, outline_level=1, keep_next=True),
    ParagraphStyle("GwHeading3", "公文三级标题", outline_level=2, keep_next=True),
    ParagraphStyle("GwHeading4", "公文四级标题", outline_level=3, keep_next=True),
    ParagraphStyle("GwRecipient", "公文主送机关", align="left", first_line=0),
    ParagraphStyle("GwMinutesMark", "纪要标志", font=TITLE_FONT, size=MARK_SIZE, align="center",
                   first_line=0, space_before=MARK_SPACE_BEFORE, color="FF0000"),
    ParagraphStyle("GwIssueNumber", "期号", align="center", first_line=0),
    ParagraphStyle("GwBriefingName", "简报名称", font=TITLE_FONT, size=BRIEFING_NAME_SIZE,
                   align="center", first_line=0, color="FF0000", line=2 * LINE_PITCH),
    ParagraphStyle("GwBriefingMasthead", "简报编印单位和日期", align="left", first_line=0,
                   rule_below="FF0000", right_tab=True),
    ParagraphStyle("GwAttachmentNote", "附件说明", hanging=3 * ONE_CHAR, left=5 * ONE_CHAR,
                   keep_next=True),
    ParagraphStyle("GwAttachmentLabel", "附件标识", font=HEI_FONT, align="left", first_line=0,
                   page_break_before=True, keep_next=True),
    ParagraphStyle("GwTableText", "表格文字", size=TABLE_SIZE, align="center", first_line=0,
                   line=TABLE_LINE),
    ParagraphStyle("GwTableHeader", "表格表头", font=HEI_FONT, size=TABLE_SIZE, align="center",
                   first_line=0, line=TABLE_LINE),
    ParagraphStyle("GwAttendance", "纪要出席名单", align="left", first_line=0,
                   left=2 * ONE_CHAR + LABEL_WIDTH, hanging=LABEL_WIDTH),
    ParagraphStyle("GwKeptText", "公文正文（与落款同页）", keep_next=True),
    ParagraphStyle("GwSignature", "公文署名", align="right", first_line=0, right=2 * SET_CHAR,
                   keep_next=True),
    ParagraphStyle("GwDate", "公文成文日期", align="right", first_line=0, right=2 * SET_CHAR),
    ParagraphStyle("GwPageNumberOdd", "公文页码（奇数页）", font=SONG_FONT, size=PAGE_NUMBER_SIZE,
                   align="right", first_line=0, right=PAGE_NUMBER_SIZE * 10),
    ParagraphStyle("GwPageNumberEven", "公文页码（偶数页）", font=SONG_FONT, size=PAGE_NUMBER_SIZE,
                   align="left", first_line=0, left=PAGE_NUMBER_SIZE * 10),
)
FIXED_TIME = datetime(2026, 1, 1, tzinfo=timezone.utc)


def apply_gbt9704(document: DocxDocument) -> None:
    """Set page, defaults, styles, page numbers and fonts of *document* to GB/T 9704."""
    _set_page(document)
    _set_doc_defaults(document)
    for spec in STYLES:
        _add_paragraph_style(document, spec)
    _add_label_style(document)
    _set_normal(document)
    _add_page_numbers(document)
    _declare_fonts(document)
    _fix_metadata(document)


def _el(tag: str, **attrs: str | int) -> BaseOxmlElement:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _replace_child(parent: BaseOxmlElement, child: BaseOxmlElement) -> BaseOxmlElement:
    for old in parent.findall(child.tag):
        parent.remove(old)
    parent.append(child)
    return child


def _set_page(document: DocxDocument) -> None:
    sect_pr = document.sections[0]._sectPr
    _replace_child(sect_pr, _el("w:pgSz", w=PAGE_WIDTH, h=PAGE_HEIGHT))
    _replace_child(sect_pr, _el("w:pgMar", top=MARGIN_TOP, right=MARGIN_RIGHT,
                                bottom=MARGIN_BOTTOM, left=MARGIN_LEFT, header=851,
                                footer=FOOTER_DISTANCE, gutter=0))
    _replace_child(sect_pr, _el("w:docGrid", linePitch=LINE_PITCH))
    _order_sect_pr(sect_pr)


_SECT_ORDER = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
               "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols",
               "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
               "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def _order_sect_pr(sect_pr: BaseOxmlElement) -> None:
    children = sorted(sect_pr, key=lambda c: _SECT_ORDER.index(c.tag.split("}")[1]))
    for child in children:
        sect_pr.append(child)


def _fonts(name: str) -> BaseOxmlElement:
    return _el("w:rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name)


def _run_properties(font: str, size: int, spacing: int = CHAR_SPACING,
                    color: str = "000000") -> list[BaseOxmlElement]:
    """rPr children in schema order: fonts, colour, spacing, size, language.

    Latin text and digits are tagged en-US (Chinese stays zh-CN): with zh-CN on
    digits, LibreOffice breaks numbers such as 91.5 across lines.
    """
    return [_fonts(font), _el("w:color", val=color), _el("w:spacing", val=spacing),
            _el("w:kern", val=0), _el("w:sz", val=size), _el("w:szCs", val=size),
            _el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")]


def _paragraph_properties(spec: ParagraphStyle) -> list[BaseOxmlElement]:
    """pPr children in schema order."""
    children = []
    if spec.keep_next:
        children.append(_el("w:keepNext"))
    if spec.page_break_before:
        children.append(_el("w:pageBreakBefore"))
    if spec.rule_below:
        borders = _el("w:pBdr")
        borders.append(_el("w:bottom", val="single", sz=RULE_SIZE, space=4, color=spec.rule_below))
        children.append(borders)
    if spec.right_tab:
        tabs = _el("w:tabs")
        tabs.append(_el("w:tab", val="right", pos=TEXT_WIDTH))
        children.append(tabs)
    # No automatic space between Chinese and Latin text or digits: keeps 28 characters a line.
    children += [_el("w:autoSpaceDE", val=0), _el("w:autoSpaceDN", val=0)]
    children.append(_el("w:spacing", before=spec.space_before, after=0, line=spec.line,
                        lineRule="exact"))
    indent = _el("w:ind", left=spec.left, right=spec.right)
    if spec.hanging:
        indent.set(qn("w:hanging"), str(spec.hanging))
    else:
        indent.set(qn("w:firstLine"), str(spec.first_line))
    # Twips only, never firstLineChars: Word lets an inherited firstLineChars override the
    # firstLine="0" or hanging of every style based on Normal (title, signature, 出席 lines).
    children += [indent, _el("w:jc", val=spec.align)]
    if spec.outline_level is not None:
        children.append(_el("w:outlineLvl", val=spec.outline_level))
    return children


def _set_doc_defaults(document: DocxDocument) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    defaults = _el("w:docDefaults")
    rpr_default, ppr_default = _el("w:rPrDefault"), _el("w:pPrDefault")
    rpr, ppr = _el("w:rPr"), _el("w:pPr")
    rpr.extend(_run_properties(BODY_FONT, BODY_SIZE))
    ppr.append(_el("w:spacing", before=0, after=0, line=LINE_PITCH, lineRule="exact"))
    rpr_default.append(rpr)
    ppr_default.append(ppr)
    defaults.extend([rpr_default, ppr_default])
    styles.insert(0, defaults)


def _fill_style(style: BaseStyle, spec: ParagraphStyle) -> None:
    element = style.element
    for tag in ("w:pPr", "w:rPr"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    ppr, rpr = _el("w:pPr"), _el("w:rPr")
    ppr.extend(_paragraph_properties(spec))
    spacing = 0 if spec.size == PAGE_NUMBER_SIZE else CHAR_SPACING
    rpr.extend(_run_properties(spec.font, spec.size, spacing, spec.color))
    element.append(ppr)
    element.append(rpr)


KEPT_STYLE = "GwKeptText"
"""正文 kept with the next paragraph: the last lines before the 落款 and the blank line above it,
so that the 署名 and 成文日期 never stand alone on a page."""
LABEL_STYLE = "GwLabel"
RUN_IN_STYLES = (("GwRunIn1", "公文一级标题（连排）", HEI_FONT),
                 ("GwRunIn2", "公文二级标题（连排）", KAI_FONT),
                 ("GwRunIn3", "公文三级标题（连排）", BODY_FONT),
                 ("GwRunIn4", "公文四级标题（连排）", BODY_FONT))
"""Character styles of a heading run into its paragraph's text (一、…。 （一）…。 1.…。 （1）…。),
each in its level's font, so that an office restyles every level in one place."""


def _add_character_style(document: DocxDocument, style_id: str, name: str, font: str) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.element.set(qn("w:styleId"), style_id)
    rpr = _el("w:rPr")
    rpr.append(_fonts(font))
    style.element.append(rpr)


def _add_label_style(document: DocxDocument) -> None:
    """黑体 for the labels of a paragraph in 仿宋: 出席, 请假, 列席 (§10.3), and the styles of
    run-in headings."""
    _add_character_style(document, LABEL_STYLE, "公文标签（黑体）", HEI_FONT)
    for style_id, name, font in RUN_IN_STYLES:
        _add_character_style(document, style_id, name, font)


def _add_paragraph_style(document: DocxDocument, spec: ParagraphStyle) -> None:
    style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), spec.style_id)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    _fill_style(style, spec)


def _set_normal(document: DocxDocument) -> None:
    _fill_style(document.styles["Normal"], ParagraphStyle("Normal", "Normal"))


def _page_number_paragraph(paragraph: BaseOxmlElement, style_id: str) -> None:
    ppr = _el("w:pPr")
    ppr.append(_el("w:pStyle", val=style_id))
    paragraph.append(ppr)
    for kind, text in (("text", "— "), ("begin", ""), ("instr", " PAGE "),
                       ("separate", ""), ("text", "1"), ("end", ""), ("text", " —")):
        run = _el("w:r")
        if kind == "text":
            t = _el("w:t")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = text
            run.append(t)
        elif kind == "instr":
            instr = _el("w:instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = text
            run.append(instr)
        else:
            run.append(_el("w:fldChar", fldCharType=kind))
        paragraph.append(run)


def _add_page_numbers(document: DocxDocument) -> None:
    """— N —: odd pages right, even pages left, one character in (§7.5)."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, style_id in ((section.footer, "GwPageNumberOdd"),
                             (section.even_page_footer, "GwPageNumberEven")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]._p
        for child in list(paragraph):
            paragraph.remove(child)
        _page_number_paragraph(paragraph, style_id)


def _declare_fonts(document: DocxDocument) -> None:
    """List the 公文 fonts in fontTable.xml, with the font Word may use when one is missing."""
    part = next(p for p in document.part.package.parts
                if p.partname.endswith("/fontTable.xml"))
    table = parse_xml(part.blob)
    for name in (TITLE_FONT, BODY_FONT, HEI_FONT, KAI_FONT, SONG_FONT):
        font = _el("w:font", name=name)
        if name in FONT_SUBSTITUTES:
            font.append(_el("w:altName", val=FONT_SUBSTITUTES[name]))
        font.append(_el("w:charset", val="86"))
        font.append(_el("w:family", val="roman" if name != HEI_FONT else "modern"))
        font.append(_el("w:pitch", val="variable"))
        table.append(font)
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _fix_metadata(document: DocxDocument) -> None:
    """Reproducible metadata, so the committed template changes only when the code does."""
    props = document.core_properties
    props.author = props.last_modified_by = "reportgen"
    props.title = "{{ title }}"
    props.comments = props.subject = props.keywords = ""
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    package_rels = document.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[r_id]
    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    _set_compatibility(document)
    app = next(p for p in document.part.package.parts if p.partname == "/docProps/app.xml")
    app._blob = APP_PROPERTIES


COMPATIBILITY_MODE = 15
"""Word 2013 and later: Word opens the templates, and the documents made from them, without
the "[Compatibility Mode]" of the Word 2010 file python-docx starts from."""
APP_PROPERTIES = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>reportgen</Application><DocSecurity>0</DocSecurity>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>")
"""docProps/app.xml: who wrote the file, and nothing else. python-docx's own carries Word's
leftovers (Normal.dotm, "Microsoft Macintosh Word" 14.0, page and word counts of an empty
file, an empty Company) that Word shows as the template's properties."""


def _set_compatibility(document: DocxDocument) -> None:
    """compatibilityMode 15, and none of the legacy compatibility options (w:useFELayout) that
    only a file from an older Word carries."""
    compat = document.settings.element.find(qn("w:compat"))
    if compat is None:
        compat = _el("w:compat")
        document.settings.element.append(compat)  # python-docx's settings always have one
    for legacy in [c for c in compat if c.tag != qn("w:compatSetting")]:
        compat.remove(legacy)
    mode = next((c for c in compat.findall(qn("w:compatSetting"))
                 if c.get(qn("w:name")) == "compatibilityMode"), None)
    if mode is None:
        mode = _el("w:compatSetting", name="compatibilityMode", uri="http://schemas.microsoft.com/office/word")
        compat.insert(0, mode)
    mode.set(qn("w:val"), str(COMPATIBILITY_MODE))


# ---------------------------------------------------------------- 署名 and 成文日期 (§7.3.5)


def set_width(text: str) -> int:
    """*text*'s width on the line in twips, as set in 3号 with the body's character spacing:
    CJK characters and full-width punctuation one character, digits and Latin letters half one
    (the half-width forms of the 公文 fonts: 仿宋_GB2312's digits are exactly half a 字)."""
    return sum(HALF_CHAR if unicodedata.east_asian_width(c) in "NaH" else SET_CHAR for c in text)


@dataclass(frozen=True)
class LinePlace:
    """One line of the 落款, right-aligned *indent* twips from the right edge of the text block.

    Right alignment, not a left indent, even for a date placed by where it starts: a font whose
    digits are wider than the half character reckoned here (a stand-in for 仿宋_GB2312) then moves
    the date's first character a little left, where a left indent would wrap its last character
    onto a line of its own."""

    indent: int

    def start(self, text: str) -> int:
        """Where *text*'s first character starts, in twips from the left edge of the block."""
        return TEXT_WIDTH - self.indent - set_width(text)

    def end(self, text: str) -> int:
        """Where *text* ends, in twips from the left edge of the block."""
        return TEXT_WIDTH - self.indent


@dataclass(frozen=True)
class ClosingPlace:
    """Where the 署名 and the 成文日期 go."""

    signature: LinePlace
    date: LinePlace


def closing_place(signature: str, day: str, sealed: bool) -> ClosingPlace:
    """Where GB/T 9704 puts the 署名 and 成文日期 of a document of one issuing unit.

    Sealed (§7.3.5.1, 加盖印章): the date 右空四字, the signature centred over it (以成文日期
    为准居中编排), however long either is; a signature too long to centre stays inside the
    text block. Unsealed (§7.3.5.2): the signature 右空二字 and the date under it, its first
    character two characters right of the signature's (首字比发文机关署名首字右移二字), reckoned
    with the 公文 fonts' widths (digits half a character).
    When the date is longer than the signature, the date 右空二字 and the signature's right
    space grows by as much (相应增加发文机关署名右空字数), keeping the two characters' offset."""
    signature_width, date_width = set_width(signature), set_width(day)
    if sealed:
        date_right = 4 * SET_CHAR
        centred = date_right + (date_width - signature_width) // 2
        return ClosingPlace(LinePlace(max(0, centred)), LinePlace(date_right))
    if date_width > signature_width:
        return ClosingPlace(LinePlace(date_width - signature_width + 4 * SET_CHAR),
                            LinePlace(2 * SET_CHAR))
    signature_start = TEXT_WIDTH - 2 * SET_CHAR - signature_width
    date_end = signature_start + 2 * SET_CHAR + date_width
    return ClosingPlace(LinePlace(2 * SET_CHAR), LinePlace(max(0, TEXT_WIDTH - date_end)))


def closing_paragraphs(signature: str, day: str, sealed: bool) -> str:
    """The 署名 and 成文日期 as two w:p (styles 公文署名 and 公文成文日期, with the places of
    :func:`closing_place` as their only direct formatting), for a template's {{p sign_off }}."""
    place = closing_place(signature, day, sealed)
    paragraphs = []
    for style, line, text in (("GwSignature", place.signature, signature),
                              ("GwDate", place.date, day)):
        indent = f'<w:ind w:left="0" w:right="{line.indent}"/>'
        paragraphs.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{indent}</w:pPr>'
                          f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')
    return "".join(paragraphs)
