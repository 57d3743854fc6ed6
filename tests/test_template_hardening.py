"""Hostile and broken templates: each is refused quickly, in bounded memory and in Chinese.

Every payload is the built-in summary template with one part replaced (or one entry added).
`templates check` (lint_template) reports what it can know before rendering; what only a
render can know, PreparedTemplate.render refuses with a TemplateError. The payloads run in a
child process with an address-space limit, so a regression fails these tests instead of
eating the machine running pytest. Whatever lint passes of the built-in templates renders.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import docx
import pytest

from conftest import REPO_ROOT, SAMPLE_PERIOD, SAMPLE_UNIT
from reportgen.build import build
from reportgen.compose import compose_summary
from reportgen.defaults import default_template_path
from reportgen.derive import derive_facts
from reportgen.errors import TemplateError
from reportgen.kinds import KINDS, TEMPLATES
from reportgen.lint import lint_template
from reportgen.records import read_period, read_unit
from reportgen.render import PreparedTemplate, context_of
from reportgen.workspace import UNIT_FILE, Workspace

BASE = default_template_path("summary").read_bytes()
SAMPLE = REPO_ROOT / "data" / SAMPLE_UNIT
SECONDS = 5.0
"""Each payload, lint and render together, must be refused well within this."""
PEAK_MB = 64
"""…and raise the memory in use by at most this much (the template is 0.8 MB unpacked)."""
ADDRESS_SPACE = 1536 * 2**20
"""The child process's address-space limit: a regression hits MemoryError instead of the machine."""
RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


# ---------------------------------------------------------------- building hostile templates


def with_parts(parts: dict[str, bytes], extra: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    """The built-in summary with *parts* replaced and *extra* entries appended (names as given)."""
    source = zipfile.ZipFile(io.BytesIO(BASE))
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        warnings.simplefilter("ignore")  # "Duplicate name": one payload wants it
        for info in source.infolist():
            target.writestr(info, parts.get(info.filename, source.read(info)))
        for name, data in extra:
            target.writestr(name, data)  # as given: zipfile would clean a ZipInfo's name
    return buffer.getvalue()


def part(name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(BASE)).read(name).decode("utf-8")


def body_xml(*texts: str) -> bytes:
    """The summary's document.xml with its body replaced by one paragraph per text."""
    paragraphs = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
                         for text in texts)
    return re.sub(r"(<w:body>).*?(<w:sectPr)", lambda m: m.group(1) + paragraphs + m.group(2),
                  part("word/document.xml"), flags=re.DOTALL).encode("utf-8")


def body(*texts: str) -> bytes:
    return with_parts({"word/document.xml": body_xml(*texts)})


def core(text: str) -> bytes:
    """The summary with its document properties' {{ title }} replaced by *text*."""
    xml = part("docProps/core.xml").replace("{{ title }}", escape(text))
    return with_parts({"docProps/core.xml": xml.encode("utf-8")})


def relationship(rels: str, kind: str, target: str) -> bytes:
    """The summary with one external relationship added to *rels*."""
    xml = part(rels) if rels in zipfile.ZipFile(io.BytesIO(BASE)).namelist() else (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        '"http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
    added = (f'<Relationship Id="rIdHostile" Type="{RELATION}{kind}" Target="{escape(target)}" '
             'TargetMode="External"/></Relationships>')
    data = xml.replace("</Relationships>", added).encode("utf-8")
    if rels in zipfile.ZipFile(io.BytesIO(BASE)).namelist():
        return with_parts({rels: data})
    return with_parts({}, ((rels, data),))


def entries(count: int) -> bytes:
    return with_parts({}, tuple((f"word/media/blank{k}.bin", b"") for k in range(count)))


def bomb() -> bytes:
    """300 MB of zeros, 0.3 MB compressed."""
    return with_parts({}, (("word/media/image1.png", bytes(300 * 2**20)),))


def lying_sizes() -> bytes:
    """An entry whose directory says 10 bytes while it inflates to 50 MB."""
    data = with_parts({}, (("word/media/image1.png", bytes(50 * 2**20)),))
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("word/media/image1.png")
    patched = bytearray(data)
    struct.pack_into("<I", patched, info.header_offset + 22, 10)  # local header: uncompressed size
    central = data.rindex(b"PK\x01\x02")  # the last directory record: the entry appended last
    struct.pack_into("<I", patched, central + 24, 10)  # central directory: uncompressed size
    return bytes(patched)


def bzip2_entry() -> bytes:
    """An entry compressed with bzip2, whose blocks inflate 45,000-fold: Word never writes one."""
    data = with_parts({})
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/media/image1.png", bytes(2**20), zipfile.ZIP_BZIP2)
    return buffer.getvalue()


def xxe() -> bytes:
    document = part("word/document.xml").split("?>", 1)[1]
    dtd = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    return with_parts({"word/document.xml": (dtd + document.replace("{{ date }}", "&e;"))
                      .encode("utf-8")})


def dtd_in_styles() -> bytes:
    styles = part("word/styles.xml").split("?>", 1)[1]
    laughs = '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
    return with_parts({"word/styles.xml": (laughs + styles).encode("utf-8")})


@dataclass(frozen=True)
class Payload:
    """A hostile template, and what refuses it: "lint" (templates check, and so build, and
    PreparedTemplate too) or "render" (only a render can know); *expect* is in the message."""

    build: Callable[[], bytes]
    by: str
    expect: str
    place: str = ""
    context: tuple[tuple[str, Any], ...] = ()


PAYLOADS: dict[str, Payload] = {
    # the XML
    "XXE entity and DTD": Payload(xxe, "lint", "DTD", "正文"),
    "DTD in a copied part": Payload(dtd_in_styles, "lint", "DTD", "样式"),
    # the zip
    "entry with ..": Payload(lambda: with_parts({}, (("../../evil.xml", b"<x/>"),)), "lint",
                             "文件名含 ..", "压缩包内"),
    "absolute entry": Payload(lambda: with_parts({}, (("/etc/cron.d/evil", b"x"),)), "lint",
                              "绝对路径"),
    "backslash entry": Payload(lambda: with_parts({}, (("word\\..\\..\\evil", b"x"),)), "lint",
                               "反斜杠"),
    "drive letter entry": Payload(lambda: with_parts({}, (("C:/evil.xml", b"<x/>"),)), "lint",
                                  "盘符"),
    "duplicate entry": Payload(lambda: with_parts({}, (("word/document.xml", b"<x/>"),)), "lint",
                               "重名"),
    "duplicate entry in another case": Payload(
        lambda: with_parts({}, (("Word/Document.xml", b"<x/>"),)), "lint", "重名"),
    "too many entries": Payload(lambda: entries(2500), "lint", "压缩包里有 2518 个文件"),
    "zip bomb": Payload(bomb, "lint", "压缩炸弹"),
    "templated part too big": Payload(lambda: with_parts(
        {"word/document.xml": body_xml("{{ title }}") + b" " * (9 * 2**20)}), "lint", "压缩炸弹"),
    "sizes that lie": Payload(lying_sizes, "lint", "压缩包已损坏"),
    "bzip2 entry": Payload(lambda: bzip2_entry(), "lint", "Word 不用的压缩方式"),
    "not a zip": Payload(lambda: b"PK\x03\x04 but not really a zip", "lint", "不是 Word 文档"),
    "empty file": Payload(lambda: b"", "lint", "不是 Word 文档"),
}


# ---------------------------------------------------------------- measuring, in a child process


def summary_context(**changes: Any) -> dict[str, Any]:
    unit = read_unit(SAMPLE / UNIT_FILE)
    records = read_period(SAMPLE / f"{SAMPLE_PERIOD}.yaml")
    return dict(context_of(compose_summary(unit, records, derive_facts(records))), **changes)


def attempt(payload: Payload, data: bytes, folder: Path) -> dict[str, Any]:
    """Lint and render one payload: the findings, the render's error, anything unexpected."""
    path = folder / "summary.docx"
    path.write_bytes(data)
    context = summary_context(**dict(payload.context))
    outcome: dict[str, Any] = {"lint": [], "render": "", "unexpected": ""}
    try:
        outcome["lint"] = [str(f) for f in lint_template(path, "summary")]
    except BaseException as exc:  # reported, not raised: the test says what went wrong
        outcome["unexpected"] += f"lint: {type(exc).__name__}: {exc}"[:300]
    try:
        PreparedTemplate(data, "summary.docx").render(context)
    except TemplateError as exc:
        outcome["render"] = str(exc)
    except BaseException as exc:  # likewise
        outcome["unexpected"] += f"render: {type(exc).__name__}: {exc}"[:300]
    return outcome


def _status(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def peak_memory(run: Callable[[], Any]) -> tuple[Any, float]:
    """What *run* returns, and how far it raised the memory this process uses, in MB: the peak
    resident size on Linux (C allocations included), else tracemalloc's peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset the peak resident size
        before = _status("VmRSS")
    except OSError:
        tracemalloc.start()
        try:
            return run(), tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()
    result = run()
    return result, (_status("VmHWM") - before) / 2**20


def measure(names: list[str], folder: Path) -> dict[str, dict[str, Any]]:
    """Each payload built, then linted and rendered, timed and with its memory peak."""
    results = {}
    for name in names:
        data = PAYLOADS[name].build()
        start = time.perf_counter()
        outcome, peak = peak_memory(lambda: attempt(PAYLOADS[name], data, folder))  # noqa: B023
        outcome["seconds"] = time.perf_counter() - start
        outcome["peak_mb"] = peak
        results[name] = outcome
    return results


def _limit_address_space() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("hostile")
    if sys.platform == "win32":  # no resource limits: measure in this process
        return measure(list(PAYLOADS), folder)
    code = ("import json, sys; from pathlib import Path; import test_template_hardening as t; "
            "print(json.dumps(t.measure(sys.argv[2:], Path(sys.argv[1]))))")
    result = subprocess.run(
        [sys.executable, "-c", code, str(folder), *PAYLOADS], capture_output=True, text=True,
        timeout=300, cwd=folder, preexec_fn=_limit_address_space,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert result.returncode == 0, result.stderr[-3000:]
    outcome: dict[str, dict[str, Any]] = json.loads(result.stdout.splitlines()[-1])
    return outcome


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_hostile_template_is_refused_quickly_in_bounded_memory_and_in_chinese(
        measured: dict[str, dict[str, Any]], name: str) -> None:
    payload, outcome = PAYLOADS[name], measured[name]
    assert not outcome["unexpected"], outcome["unexpected"]
    assert outcome["seconds"] < SECONDS, outcome
    assert outcome["peak_mb"] < PEAK_MB, outcome
    if payload.by == "lint":
        assert outcome["lint"], f"templates check passed {name}"
        message = "\n".join(outcome["lint"])
        assert outcome["render"], f"PreparedTemplate accepted {name}"
    else:
        assert outcome["lint"] == [], outcome["lint"]
        message = outcome["render"]
    assert payload.expect in message, message
    assert message.startswith("模板 summary.docx"), message
    if payload.place:
        assert f"summary.docx {payload.place}" in message, message
    assert "Traceback" not in message and "<class" not in message


# ---------------------------------------------------------------- lint only: relationships


@pytest.mark.parametrize(("rels", "kind", "target", "what"), [
    ("word/_rels/settings.xml.rels", "attachedTemplate", "file:///C:/evil/normal.dotm", "附加的模板"),
    ("word/_rels/document.xml.rels", "image", "http://example.org/track.png", "图片"),
    ("word/_rels/document.xml.rels", "oleObject", "\\\\server\\share\\x.bin", "嵌入对象"),
    ("word/_rels/footer1.xml.rels", "frame", "https://example.org/", "框架"),
    ("word/_rels/document.xml.rels", "hyperlink", "file:///etc/passwd", "超链接"),
    ("word/_rels/document.xml.rels", "hyperlink", "\\\\server\\share", "超链接"),
    ("_rels/.rels", "subDocument", "https://example.org/sub.docx", "子文档"),
])
def test_external_relationships_are_findings(
        tmp_path: Path, rels: str, kind: str, target: str, what: str) -> None:
    path = tmp_path / "summary.docx"
    path.write_bytes(relationship(rels, kind, target))
    [finding] = lint_template(path)
    assert finding.message.startswith(f"{what}指向文档外面"), finding
    assert finding.text == target
    assert "http、https 或 mailto" in finding.message


@pytest.mark.parametrize("target", ["https://www.gov.cn/", "http://example.org/a?b=1",
                                    "mailto:office@example.org"])
def test_hyperlinks_to_the_web_or_mail_are_allowed(tmp_path: Path, target: str) -> None:
    path = tmp_path / "summary.docx"
    path.write_bytes(relationship("word/_rels/document.xml.rels", "hyperlink", target))
    assert lint_template(path) == []


def test_a_copied_part_that_is_not_xml_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "summary.docx"
    path.write_bytes(with_parts({"word/styles.xml": b"<w:styles><w:style>"}))
    [finding] = lint_template(path)
    assert finding.place == "样式"
    assert "不是有效的 XML" in finding.message


def test_odd_entries_are_never_copied_into_a_document(tmp_path: Path) -> None:
    data = with_parts({}, (("../evil.xml", b"<x/>"),))
    with pytest.raises(TemplateError, match=r"压缩包内（“\.\./evil\.xml”）：文件名含 \.\."):
        PreparedTemplate(data, "summary.docx")


# ---------------------------------------------------------------- the built-in templates


def sample_documents() -> list[tuple[str, str, dict[str, Any]]]:
    """(template name, document title, context) of every document the samples build."""
    roots = [REPO_ROOT, *sorted((REPO_ROOT / "tests" / "golden" / "cases").iterdir())]
    documents = []
    for root in roots:
        workspace = Workspace(root)
        for unit in workspace.units():
            profile = read_unit(workspace.unit_dir(unit) / UNIT_FILE)
            for period in workspace.period_files(unit):
                records = read_period(period, profile)
                facts = derive_facts(records)
                for kind in KINDS.values():
                    documents += [(kind.template_for(profile), document.title, dict(document.context))
                                  for document in kind.plan(profile, records, facts)]
    return documents


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_what_check_passes_renders_every_sample_document(name: str) -> None:
    path = default_template_path(name)
    assert lint_template(path) == []
    prepared = PreparedTemplate.from_path(path)
    rendered = [prepared.render(context) for template, _, context in sample_documents()
                if template == name]
    assert rendered
    for data in rendered:
        assert docx.Document(io.BytesIO(data)).paragraphs


def test_the_committed_unit_template_passes_check_and_renders(full_workspace: Path) -> None:
    shutil.rmtree(full_workspace / "output", ignore_errors=True)
    path = full_workspace / "templates" / "示例县城南街道办事处" / "summary.docx"
    assert lint_template(path) == []
    assert build(full_workspace).ok
