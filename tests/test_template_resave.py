"""Templates as an office saves them again: every default template re-saved by the real
LibreOffice, and what Word and WPS do that LibreOffice does not (curly quotes and &quot; in
tags, w:proofErr, bookmarks and smart tags between the pieces of a tag, rendered page
breaks) written into the XML as they write it. `templates check` passes each of them, and a
build of the sample workspace with them gives the documents of the golden files."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from conftest import SECOND_UNIT, compare_with_golden, output_texts
from reportgen.build import build
from reportgen.defaults import default_template_path
from reportgen.errors import TemplateError
from reportgen.kinds import TEMPLATES
from reportgen.lint import lint_template
from reportgen.render import PreparedTemplate

GOLDEN = Path(__file__).parent / "golden" / "sample"
OWN_SUMMARY = Path(__file__).resolve().parent.parent / "templates" / SECOND_UNIT / "summary.docx"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_RUN = re.compile(r"<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>|<w:rPr/>)?<w:t( [^>]*)?>([^<]*)</w:t></w:r>")
_PAGE = re.compile(r"^(\[[^]]*页脚\] )— \d+ —$", re.MULTILINE)


def resave_with_libreoffice(templates: dict[str, Path], folder: Path) -> dict[str, Path]:
    """Each template opened and saved as .docx by LibreOffice, each in a folder of its own."""
    resaved = {}
    for key, path in templates.items():
        out = folder / key
        out.mkdir(parents=True)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
                        "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(path)],
                       check=True, capture_output=True, timeout=180)
        resaved[key] = out / path.name
        assert resaved[key].is_file(), f"LibreOffice 没有另存 {path}"
    return resaved


@pytest.fixture(scope="module")
def libreoffice_saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every default template and the sample's own 街道 summary, re-saved by LibreOffice."""
    folder = tmp_path_factory.mktemp("resaved")
    templates = {name: default_template_path(name) for name in TEMPLATES}
    templates["own-summary"] = OWN_SUMMARY
    return resave_with_libreoffice(templates, folder)


def install(workspace: Path, templates: dict[str, Path]) -> None:
    """Put the templates where a workspace's own templates go (the 街道's own summary as its own)."""
    for key, path in templates.items():
        target = (workspace / "templates" / SECOND_UNIT / "summary.docx" if key == "own-summary"
                  else workspace / "templates" / f"{key}.docx")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def build_texts(workspace: Path) -> dict[str, str]:
    for book in (workspace / "data").glob("*/期号.yaml"):
        book.unlink()
    report = build(workspace)
    assert report.ok, report.failures
    return output_texts(workspace / "output")


def test_libreoffice_really_rewrote_the_templates(libreoffice_saved: dict[str, Path]) -> None:
    """The re-saved files are LibreOffice's own: its styles, its split of quotes into &quot;."""
    for key, path in libreoffice_saved.items():
        with zipfile.ZipFile(path) as archive:
            app = archive.read("docProps/app.xml").decode()
            body = archive.read("word/document.xml").decode()
        assert "LibreOffice" in app, key
        if key in ("summary", "report", "notice", "minutes"):
            assert "&quot;" in body, key


def test_check_passes_every_template_libreoffice_saved(libreoffice_saved: dict[str, Path]) -> None:
    for key, path in libreoffice_saved.items():
        name = "summary" if key == "own-summary" else key
        assert lint_template(path, name) == [], key


def test_a_build_with_templates_libreoffice_saved_writes_the_golden_text(
        full_workspace: Path, libreoffice_saved: dict[str, Path], tmp_path: Path) -> None:
    """The same text, but for the page numbers in the footers: those are the results of PAGE
    fields as the program that last saved the template had them (LibreOffice counts an even
    page's footer as page 2), which Word and LibreOffice compute afresh when they open it."""
    install(full_workspace, libreoffice_saved)
    texts = {name: _PAGE.sub(r"\1— N —", text) for name, text in build_texts(full_workspace).items()}
    golden = tmp_path / "golden"
    shutil.copytree(GOLDEN, golden)
    for path in golden.rglob("*.txt"):
        path.write_text(_PAGE.sub(r"\1— N —", path.read_text("utf-8")), "utf-8")
    compare_with_golden(texts, golden, "LibreOffice 另存的模板：")


# ---------------------------------------------------------------- Word and WPS, emulated


def rewrite_part(path: Path, part: str, change: Callable[[str], str], target: Path) -> bool:
    """Write to *target* a copy of the .docx at *path* with *part* rewritten by *change*;
    whether that changed it."""
    buffer = io.BytesIO()
    changed = False
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                rewritten = change(data.decode("utf-8")).encode("utf-8")
                changed, data = rewritten != data, rewritten
            out.writestr(info, data)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getvalue())
    return changed


def in_tags(xml: str, change: Callable[[str], str]) -> str:
    """*change* applied to the text of every tag that sits in one w:t."""
    return re.sub(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)",
                  lambda m: m.group(1) + _TAG.sub(lambda t: change(t.group()), m.group(2)) + m.group(3),
                  xml)


def curly(tag: str) -> str:
    """Word's auto-correct: each pair of straight quotes as an opening and a closing curly one."""
    tag = re.sub(r'&quot;([^&]*?)&quot;|"([^"]*)"', lambda m: f"“{m.group(1) or m.group(2) or ''}”", tag)
    return re.sub(r"'([^']*)'", r"‘\1’", tag)


def entity_quotes(tag: str) -> str:
    return tag.replace('"', "&quot;")


def odd_spaces(tag: str) -> str:
    """The tag's first space non-breaking (as Word puts one after a 。 or a digit), its last one
    full-width (as a Chinese input method types it)."""
    first, last = tag.find(" "), tag.rfind(" ")
    if first == last:
        return tag
    return tag[:first] + "\u00a0" + tag[first + 1:last] + "\u3000" + tag[last + 1:]


def word_pieces(xml: str) -> str:
    """Each run holding a tag cut in the tag's middle into two runs of the same formatting, with
    what Word and WPS put between them: a proofing mark, a bookmark, a rendered page break,
    and the second piece inside a smart tag."""
    counter = iter(range(100, 100_000))

    def cut(match: re.Match[str]) -> str:
        rpr, attributes, text = match.group(1) or "", match.group(2) or "", match.group(3)
        tag = _TAG.search(text)
        if tag is None or tag.end() - tag.start() < 6:
            return match.group()
        middle = (tag.start() + tag.end()) // 2
        mark = next(counter)
        return (f"<w:r>{rpr}<w:t{attributes}>{text[:middle]}</w:t></w:r>"
                f'<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="{mark}" w:name="_GoBack{mark}"/>'
                f'<w:bookmarkEnd w:id="{mark}"/><w:proofErr w:type="spellEnd"/>'
                '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="PersonName">'
                '<w:smartTagPr><w:attr w:name="ProductID" w:val="x"/></w:smartTagPr>'
                f'<w:r>{rpr}<w:lastRenderedPageBreak/><w:t xml:space="preserve">{text[middle:]}</w:t></w:r>'
                "</w:smartTag>")

    return _RUN.sub(cut, xml)


WORD_EDITS: dict[str, Callable[[str], str]] = {
    "curly quotes": lambda xml: in_tags(xml, curly),
    "&quot;": lambda xml: in_tags(xml, entity_quotes),
    "odd spaces": lambda xml: in_tags(xml, odd_spaces),
    "pieces": word_pieces,
    "all at once": lambda xml: word_pieces(in_tags(xml, lambda t: curly(odd_spaces(t)))),
}


@pytest.mark.parametrize("edit", list(WORD_EDITS))
def test_templates_as_word_and_wps_save_them_check_and_build_as_before(
        full_workspace: Path, tmp_path: Path, edit: str) -> None:
    edited, changed = {}, []
    for key in (*TEMPLATES, "own-summary"):
        source = OWN_SUMMARY if key == "own-summary" else default_template_path(key)
        edited[key] = tmp_path / edit.replace(" ", "-") / key / source.name
        changed.append(rewrite_part(source, "word/document.xml", WORD_EDITS[edit], edited[key]))
        assert lint_template(edited[key], "summary" if key == "own-summary" else key) == [], key
    assert sum(changed) >= 4, "几乎没有模板被改动：这个测试没有测到什么"
    install(full_workspace, edited)
    compare_with_golden(build_texts(full_workspace), GOLDEN, f"{edit}：")


# ---------------------------------------------------------------- what auto-correct typed


def rendered_text(tmp_path: Path, text: str, context: dict[str, object]) -> str:
    """The body text of a one-paragraph template holding *text*, rendered with *context*."""
    path = tmp_path / "one.docx"
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(path))
    data = PreparedTemplate.from_path(path).render(context)
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize(("typed", "expected"), [
    ("{{ “、”.join(names) }}", "甲、乙"),
    ("{{ names|join(‘、’) }}", "甲、乙"),
    ("{% if a == “是” %}对{% endif %}", "对"),
    ("{{\u00a0a\u3000}}", "是"),
    ("{{ names|join（“，”）|length }}", "3"),
    ("{{ n – 1 }}", "2"),
    ('{{ "“" ~ a ~ "”" }}', "“是”"),
    ("{{ “it’s ” ~ a }}", "it’s 是"),
    ("“{{ a }}” — 外面的“引号”…不动", "“是” — 外面的“引号”…不动"),
])
def test_inside_tags_auto_correct_is_read_as_jinja_means_and_strings_keep_their_text(
        tmp_path: Path, typed: str, expected: str) -> None:
    assert rendered_text(tmp_path, typed, {"names": ["甲", "乙"], "a": "是", "n": 3}) == expected


@pytest.mark.parametrize(("typed", "fix"), [
    ("{{ a — 1 }}", "破折号"),
    ("{{ a… }}", "省略号"),
    ("{{ ‘don’t’ }}", "弯引号"),
])
def test_what_cannot_be_read_without_a_guess_is_named_with_its_fix(
        tmp_path: Path, typed: str, fix: str) -> None:
    path = tmp_path / "summary.docx"
    document = docx.Document()
    document.add_paragraph("前言")
    document.add_paragraph(typed)
    document.save(str(path))
    [finding] = lint_template(path)
    assert finding.place.startswith("正文第 2 段") and fix in finding.message, finding
    with pytest.raises(TemplateError) as raised:
        PreparedTemplate.from_path(path)
    assert fix in str(raised.value)


# ---------------------------------------------------------------- the document's own properties

_CORE = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
         "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$", re.MULTILINE)


def properties(path: Path) -> tuple[dict[str, str], bytes]:
    """The core properties of the .docx at *path* by prefixed name, and its app.xml."""
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        core = etree.fromstring(archive.read("docProps/core.xml"))
        app = archive.read("docProps/app.xml")
    found = {}
    for prefix, namespace in _CORE.items():
        for element in core.iter(f"{{{namespace}}}*"):
            found[f"{prefix}:{etree.QName(element).localname}"] = element.text or ""
    return found, app


def test_a_document_is_dated_its_own_day_and_written_by_its_unit_whoever_saved_the_template(
        full_workspace: Path, libreoffice_saved: dict[str, Path]) -> None:
    """LibreOffice stamps its own name, clock and statistics on the templates it saves; none of
    it reaches a document: the unit wrote it, on the day it is dated (its 成文日期), revision 1,
    and app.xml names reportgen, nothing else."""
    install(full_workspace, libreoffice_saved)
    build_texts(full_workspace)
    documents = sorted((full_workspace / "output").rglob("*.docx"))
    assert len(documents) == 14
    for path in documents:
        unit = path.relative_to(full_workspace / "output").parts[0]
        core, app = properties(path)
        year, month, day = issued(docx_text(path))
        stamp = f"{year}-{int(month):02}-{int(day):02}T00:00:00Z"
        assert core["dcterms:created"] == core["dcterms:modified"] == stamp, path.name
        author = "示例縣衛生健康局" if unit == "示例县卫生健康局" else unit
        assert core["dc:creator"] == core["cp:lastModifiedBy"] == author, path.name
        assert core["cp:revision"] == "1", path.name
        assert core["dc:title"] and core["dc:title"] in docx_text(path).replace("\n", ""), path.name
        assert b"<Application>reportgen</Application>" in app
        for stale in (b"LibreOffice", b"<Pages>", b"<Words>", b"<Characters>", b"<Company>",
                      b"<Manager>", b"<Template>", b"<TotalTime>", b"<AppVersion>"):
            assert stale not in app, (path.name, stale)


def issued(text: str) -> tuple[str, str, str]:
    """The 成文日期 a reader sees: the date under the signature, or (纪要 and 简报, which have
    none) the first date, the meeting's or the issue's."""
    alone = _DATE.findall(text)
    first = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    assert alone or first, text
    return alone[-1] if alone else first.groups()  # type: ignore[union-attr]


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_unchanged_records_rebuild_to_the_same_bytes(full_workspace: Path) -> None:
    """The properties hold the document's date, not the clock: a forced rebuild of the same
    records writes byte for byte the same files."""
    build_texts(full_workspace)
    first = {p: p.read_bytes() for p in (full_workspace / "output").rglob("*.docx")}
    assert build(full_workspace, force=True).ok
    assert {p: p.read_bytes() for p in (full_workspace / "output").rglob("*.docx")} == first
