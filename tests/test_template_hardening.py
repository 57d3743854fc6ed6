"""Hostile and broken templates: each is refused quickly, in bounded memory and in Chinese.

Every payload is the built-in summary template with one part replaced (or one entry added).
`templates check` (lint_template) reports what it can know before rendering; what only a
render can know, PreparedTemplate.render refuses with a TemplateError. The payloads run in a
child process with an address-space limit, so a regression fails these tests instead of
eating the machine running pytest. The built-in templates still render byte for byte as the
plain sandbox renders them, and whatever lint passes renders.
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
import threading
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
import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from conftest import REPO_ROOT, SAMPLE_PERIOD, SAMPLE_UNIT
from reportgen import render
from reportgen.assess import assess, read_assessment
from reportgen.build import build
from reportgen.compose import compose_summary
from reportgen.defaults import default_template_path
from reportgen.derive import derive_facts
from reportgen.errors import TemplateError
from reportgen.issue_numbers import IssueBook
from reportgen.kinds import KINDS, TEMPLATES, Assessed, Batch, period_batch
from reportgen.lint import lint_report, lint_template
from reportgen.records import read_period, read_unit
from reportgen.render import PreparedTemplate, context_of, make_environment, tag_spans
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


NESTED_RANGES = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
DOUBLING = "{% set a = title * 1000 %}" + "{% set a = a ~ a %}" * 40 + "{{ a|length }}"


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
    # operations that make huge values
    "string multiplication": Payload(lambda: body("{{ 'a' * 10**9 }}"), "lint", "表达式的结果太大",
                                     "正文第 1 段"),
    "list multiplication": Payload(lambda: body("{{ [1] * 10**9 }}"), "lint", "表达式的结果太大"),
    "power": Payload(lambda: body("{{ 2 ** (10**9) }}"), "lint", "整数运算的结果太大"),
    "multiplication of context text": Payload(lambda: body("前言", "{{ title * 10**9 }}"), "render",
                                              "表达式的结果太大", "正文第 2 段"),
    "list multiplication from context": Payload(lambda: body("{{ (title_lines|list) * 10**9 }}"),
                                                "render", "表达式的结果太大"),
    "power from context": Payload(lambda: body("{{ (title|length) ** (10**9) }}"), "render",
                                  "整数运算的结果太大"),
    "center filter": Payload(lambda: body("{{ title|center(10**9) }}"), "render", "表达式的结果太大"),
    "ljust method": Payload(lambda: body("{{ title.ljust(10**9) }}"), "render", "表达式的结果太大"),
    "printf width": Payload(lambda: body("{{ '%999999999s'|format(1) }}"), "lint", "表达式的结果太大"),
    "format width": Payload(lambda: body("{{ '{:>999999999}'.format(title) }}"), "render",
                            "表达式的结果太大"),
    "indent width": Payload(lambda: body("{{ title|indent(10**8, true) }}"), "render",
                            "表达式的结果太大"),
    "replace growth": Payload(lambda: body("{{ (title * 10000).replace('', title * 100) }}"),
                              "render", "表达式的结果太大"),
    "tojson indent": Payload(lambda: body("{{ title_lines|tojson(10**8) }}"), "render",
                             "表达式的结果太大"),
    "urlize target": Payload(lambda: body("{{ ('a.cn ' * 20000)|urlize(target=title * 1000) }}"),
                             "render", "表达式的结果太大"),
    "batch padding": Payload(lambda: body("{{ title_lines|batch(10**9, 'x')|list }}"), "render",
                             "batch 的参数太大"),
    "join of a repeated list": Payload(lambda: body("{{ ([title * 40000] * 1000)|join }}"), "render",
                                       "表达式的结果太大"),
    "printing a repeated list": Payload(lambda: body("{{ [title * 40000] * 1000 }}"), "render",
                                        "表达式的结果太大"),
    "huge literal": Payload(lambda: body("{{ " + "9" * 5000 + " }}"), "lint", "数字位数太多"),
    "big integer literal": Payload(lambda: body("{{ " + "9" * 4000 + " }}"), "lint", "整数太大"),
    # loops, recursion, growth
    "nested ranges in the body": Payload(lambda: body(NESTED_RANGES), "lint", "循环要执行约",
                                         "正文第 1 段"),
    "nested ranges in the properties": Payload(lambda: core(NESTED_RANGES), "lint", "循环要执行约",
                                               "文档属性"),
    "nested ranges sized by the context": Payload(lambda: body(
        "{% set n = 100000 + title|length * 0 %}"
        "{% for i in range(n) %}{% for j in range(n) %}x{% endfor %}{% endfor %}"), "render",
        "range() 合计超过"),
    "nested ranges in the properties sized by the context": Payload(lambda: core(
        "{% for i in range(99999 + title|length // 99) %}{% for j in range(99999) %}x{% endfor %}"
        "{% endfor %}"), "render", "合计超过", "文档属性"),
    "nested loops over the context": Payload(lambda: body(
        "{% set many = title_lines * 1000 %}{% for a in many %}{% for b in many %}"
        "{% for c in many %}x{% endfor %}{% endfor %}{% endfor %}"), "render", "循环和调用超过"),
    "recursive macro": Payload(lambda: body("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"),
                               "render", "模板递归太深"),
    "macro fan-out": Payload(lambda: body(
        "{% macro f(n) %}{% if n < 40 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}{% endmacro %}"
        "{{ f(0) }}"), "render", "循环和调用超过"),
    "recursive loop": Payload(lambda: body(
        "{% for x in [1, 1] recursive %}{{ loop([1, 1]) }}{% endfor %}"), "render", "模板递归太深"),
    "doubling through macro arguments": Payload(lambda: body(
        "{% macro d(n, s) %}{% if n %}{{ d(n - 1, s ~ s) }}{% else %}{{ s|length }}{% endif %}"
        "{% endmacro %}{{ d(60, title) }}"), "render", "表达式的结果太大"),
    "doubling with set": Payload(lambda: body(DOUBLING), "render", "表达式的结果太大"),
    "doubling nested lists": Payload(lambda: body(
        "{% set a = [title] %}" + "{% set a = [a, a] %}" * 60 + "{{ a }}"), "render",
        "表达式的结果太大"),
    "namespace": Payload(lambda: body(
        "{% set ns = namespace(s='a') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s|length }}"), "lint", "不存在的名称“namespace”"),
    "list growth with extend": Payload(lambda: body(
        "{% set l = [1] %}{% for i in range(60) %}{% if l.extend(l) %}{% endif %}{% endfor %}"
        "{{ l|length }}"), "render", "不允许的方法“extend”"),
    "dict growth with update": Payload(lambda: body(
        "{% set d = {} %}{% for i in range(99999) %}{% if d.update({i: title}) %}{% endif %}"
        "{% endfor %}"), "render", "不允许的方法“update”"),
    "output size": Payload(lambda: body(
        "{% for i in range(30000) %}" + "x" * 2000 + "{% endfor %}"), "render", "渲染结果超过了"),
    "macro output size": Payload(lambda: body(
        "{% macro m() %}{% for i in range(99999) %}" + "x" * 2000 + "{% endfor %}{% endmacro %}"
        "{% for k in range(99) %}{% if m() %}{% endif %}{% endfor %}"), "render", "生成的文字超过了"),
    "include": Payload(lambda: body("{% include 'other.docx' %}"), "lint", "不能引用其他模板"),
    "deep nesting": Payload(lambda: body("{{ " + "(" * 300 + "1" + ")" * 300 + " }}"), "lint",
                            "嵌套太深"),
    # the XML
    "safe breaks the XML": Payload(lambda: body("{{ '<w:p>'|safe }}"), "render",
                                   "渲染结果不是有效的 XML，多半是模板用了 |safe 或拆坏了标签", "正文"),
    "autoescape off breaks the XML": Payload(lambda: body(
        "{% autoescape false %}{{ title ~ '</w:t>' }}{% endautoescape %}"), "render",
        "渲染结果不是有效的 XML"),
    "safe in the properties": Payload(lambda: core("{{ '<x>'|safe }}"), "render",
                                      "渲染结果不是有效的 XML", "文档属性"),
    "invalid XML character from the context": Payload(
        lambda: body("{{ title }}"), "render", "不能容纳的字符 U+0001",
        context=(("title", "坏\x01字"),)),
    "lone surrogate from the context": Payload(
        lambda: body("{{ title }}"), "render", "不能容纳的字符 U+D800",
        context=(("title", "坏\ud800字"),)),
    "XXE entity and DTD": Payload(xxe, "lint", "DTD", "正文"),
    "DTD in a copied part": Payload(dtd_in_styles, "lint", "DTD", "样式"),
    "unclosed tags (quadratic clean-up)": Payload(lambda: body("{{" * 20000), "lint", "没有在本段内闭合"),
    "unclosed paragraphs (quadratic clean-up)": Payload(lambda: with_parts(
        {"word/document.xml": b"<w:p>{%p if x %}" * 20000}), "lint", "不是有效的 XML"),
    "too many tags": Payload(lambda: body("{{ title }}" * 20001), "lint", "标签太多"),
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


# ---------------------------------------------------------------- build agrees with check


def test_build_refuses_what_check_reports_with_the_same_message(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)
    target = workspace / "templates" / "summary.docx"
    target.parent.mkdir()
    target.write_bytes(core(NESTED_RANGES))
    findings = lint_template(target, "summary")
    assert findings
    start = time.perf_counter()
    report = build(workspace, kinds=["summary"])
    assert time.perf_counter() - start < SECONDS
    [failure] = report.failures
    assert failure.message == lint_report(findings)
    assert failure.message.startswith("模板 templates/summary.docx 文档属性")
    assert report.written == []


def test_a_template_that_fails_only_when_rendered_fails_the_build_in_chinese(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)
    target = workspace / "templates" / "summary.docx"
    target.parent.mkdir()
    target.write_bytes(body("{{ title }}", "{{ '<w:p>'|safe }}"))
    assert lint_template(target, "summary") == []
    report = build(workspace, kinds=["summary"])
    [failure] = report.failures
    assert failure.message.startswith("模板 templates/summary.docx 正文：渲染结果不是有效的 XML")
    assert report.written == []
    assert not list((workspace / "output").rglob("*.docx")) if (workspace / "output").exists() else True


# ---------------------------------------------------------------- the deadline


SLOW = "{% for i in range(99999) %}{% for j in range(9) %}{{ j }}{% endfor %}{% endfor %}"


# The alarm may land in a garbage-collector callback another library installed (hypothesis does),
# where Python prints the exception and goes on; the clock check then stops the render.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_render_past_its_deadline_stops_on_the_main_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "RENDER_SECONDS", 0.05)
    prepared = PreparedTemplate(body(SLOW), "summary.docx")
    start = time.perf_counter()
    with pytest.raises(TemplateError, match=re.escape("用时超过 0.05 秒，已停止")):
        prepared.render(summary_context())
    assert time.perf_counter() - start < 1


def test_a_render_past_its_deadline_stops_on_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "RENDER_SECONDS", 0.05)
    prepared = PreparedTemplate(body(SLOW), "summary.docx")
    errors: list[BaseException] = []

    def run() -> None:
        try:
            prepared.render(summary_context())
        except BaseException as exc:  # handed to the test below
            errors.append(exc)

    worker = threading.Thread(target=run)
    start = time.perf_counter()
    worker.start()
    worker.join(10)
    assert time.perf_counter() - start < 2
    [error] = errors
    assert isinstance(error, TemplateError)
    assert "用时超过 0.05 秒" in str(error)


def test_the_alarm_is_put_back_after_a_render() -> None:
    import signal

    PreparedTemplate(BASE, "summary.docx").render(summary_context())
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


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
                batch = period_batch(profile, records, IssueBook(period.parent / "期号.yaml"))  # not saved
                for kind in KINDS.values():
                    documents += [(document.template, document.title, dict(document.context))
                                  for document in kind.plan(batch) if document.data is None]
            for path in workspace.assessment_files(unit):
                assessment, rows = read_assessment(path, None)
                outcome = assess(assessment, rows)
                batch = Batch(profile, None, None, assessment=Assessed(assessment, outcome))
                documents += [(document.template, document.title, dict(document.context))
                              for document in KINDS["notice"].plan(batch) if document.data is None]
    return documents


def plain_environment() -> SandboxedEnvironment:
    """Jinja's own sandbox with the renderer's filters: what rendered before the hardening."""
    env = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters.update({name: make_environment().filters[name].__wrapped__
                        for name in ("cn_date", "cn_numeral")})
    return env


def test_the_built_in_templates_render_byte_for_byte_as_before() -> None:
    documents = sample_documents()
    assert {name for name, _, _ in documents} == set(TEMPLATES)
    for name in TEMPLATES:
        data = default_template_path(name).read_bytes()
        hardened = PreparedTemplate(data, f"{name}.docx")
        plain = PreparedTemplate(data, f"{name}.docx", env=plain_environment())
        for template, title, context in documents:
            if template == name:
                assert hardened.render(context) == plain.render(context), title


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


# ---------------------------------------------------------------- pieces


def test_tag_spans_follow_jinja_and_stay_linear() -> None:
    assert tag_spans("a {{ b }} c {% d %} {# e #}") == ([(2, 9), (12, 19), (20, 27)], None)
    assert tag_spans("{{ '{%' }} x") == ([(0, 10)], None)
    assert tag_spans("{{ a {% b %}") == ([(5, 12)], 0)
    start = time.perf_counter()
    spans, unclosed = tag_spans("{{ {%" * 200_000)
    assert (spans, unclosed) == ([], 0)
    assert time.perf_counter() - start < 1


def test_lint_knows_the_sandboxs_globals(tmp_path: Path) -> None:
    path = tmp_path / "summary.docx"
    path.write_bytes(body("{% for i in range(3) %}{{ title }}{{ loop.index }}{% endfor %}",
                          "{% set c = cycler('甲', '乙') %}{{ c.next() }}"))
    assert lint_template(path) == []


@pytest.mark.parametrize(("expression", "expected"), [
    ("{{ '示例'|center(6) }}", "  示例  "), ("{{ 3 * 4 }}", "12"), ("{{ 2 ** 10 }}", "1024"),
    ("{{ 'ab' * 3 }}", "ababab"), ("{{ [1, 2] + [3] }}", "[1, 2, 3]"), ("{{ '%s年' % 2026 }}", "2026年"),
    ("{{ '%(n)05.1f' % {'n': 3.14159} }}", "003.1"), ("{{ '{:,}'.format(1234567) }}", "1,234,567"),
    ("{{ title|replace('示例县', '某县')|truncate(8, true, '…', 0) }}", "某县财政局20…"),
    ("{{ ['甲', '乙']|join('、') }}", "甲、乙"), ("{{ '甲乙'.ljust(4, '·') }}", "甲乙··"),
    ("{% for i in range(3) %}{{ loop.cycle('a', 'b') }}{% endfor %}", "aba"),
    ("{{ '第一行\n第二行'|indent(2, true) }}", "  第一行\n  第二行"),
    ("{{ title_lines|length }}{{ title[:3] }}", "2示例县"),
    ("{{ ('a' ~ 'b')|upper }}{{ 'x'|tojson }}", 'AB"x"'),
    ("{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(1) }}{{ m('二') }}", "[1][二]"),
    ("{% set parts = title.split('县') %}{{ parts|last }}", "财政局2026年上半年爱国卫生工作总结"),
])
def test_ordinary_expressions_still_render(expression: str, expected: str) -> None:
    env = make_environment()
    context = summary_context()
    assert env.from_string(expression).render(context) == expected
    data = PreparedTemplate(body(expression), "summary.docx").render(context)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert text == expected


def _within_five_seconds(call: Callable[[], Any]) -> Any:
    """Run *call*; a read that blocks (a FIFO opened for reading) fails the test instead of
    hanging it."""
    import signal

    def hung(signum: int, frame: Any) -> None:
        raise AssertionError("blocked on reading the file")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(5)
    try:
        return call()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_fifo_named_like_a_template_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "summary.docx"
    os.mkfifo(fifo)
    [finding] = _within_five_seconds(lambda: lint_template(fifo, "summary"))
    assert finding.message == "无法读取：这不是普通文件（而是管道、设备等）：reportgen 只读取普通的 Word 文件"
    with pytest.raises(TemplateError, match="不是普通文件"):
        _within_five_seconds(lambda: PreparedTemplate.from_path(fifo))
