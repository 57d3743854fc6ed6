"""A rendered document's own properties: docProps/core.xml and docProps/app.xml.

A template's properties are those of whoever last saved it: their name as author, the
day and minute they saved it, Word's statistics of the template (pages, words), their
company and manager, the template they started from. None of it is true of a document
rendered from it. The rendered document is dated its 成文日期 (created and modified, at
midnight, so that unchanged records render to the same bytes), written by the unit (or
no one), revision 1; its app.xml names reportgen and carries no statistics, which Word
and WPS compute again when they open it. Every other core property (the title, which a
template may render, the subject, keywords) is the template's.
"""

from __future__ import annotations

from datetime import date

from lxml import etree

from reportgen.package import parse_xml

CORE_PART = "docProps/core.xml"
APP_PART = "docProps/app.xml"

_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_NAMESPACES = {"cp": _CP, "dc": _DC, "dcterms": _DCTERMS, "xsi": _XSI}
_STALE = ("lastPrinted",)
"""Core properties of the template's own history, dropped."""

APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>reportgen</Application><DocSecurity>0</DocSecurity>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
"""Every rendered document's app.xml: who made it, and no statistics to go stale."""


def timestamp(day: date) -> str:
    """*day* at midnight, as core.xml writes a date: 2026-07-08T00:00:00Z."""
    return f"{day.isoformat()}T00:00:00Z"


def core_properties(blob: bytes, issued: date | None, author: str) -> bytes:
    """The template's core.xml (rendered, if it held tags) as the document's own: *author* as
    creator and last modifier, revision 1, created and modified on *issued* (kept as the
    template has them when no date is given). *blob* must be well-formed XML."""
    root = parse_xml(blob)
    for name in _STALE:
        for stale in root.findall(f"{{{_CP}}}{name}"):
            root.remove(stale)
    _set(root, _DC, "creator", author)
    _set(root, _CP, "lastModifiedBy", author)
    _set(root, _CP, "revision", "1")
    if issued is not None:
        for name in ("created", "modified"):
            element = _set(root, _DCTERMS, name, timestamp(issued))
            element.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
    declaration = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return declaration + bytes(etree.tostring(root, encoding="UTF-8"))


def _set(root: etree._Element, namespace: str, name: str, text: str) -> etree._Element:
    """The one element *name* of *root*, created at the end if missing, holding *text*."""
    found = root.findall(f"{{{namespace}}}{name}")
    for extra in found[1:]:
        root.remove(extra)
    element = found[0] if found else etree.SubElement(root, f"{{{namespace}}}{name}",
                                                      nsmap=_NAMESPACES)
    element.text = text
    for child in list(element):
        element.remove(child)
    return element
