"""Template lint: find what would render wrongly or not at all, before anyone renders.

Checks the package first (package.py): a file that is not a .docx, past a
size or entry limit, with odd entry names, DTDs, parts that are not XML, or
relationships to targets outside the document. Then every templated part
(body, headers, footers, footnotes, properties — the parts the renderer
renders): tags Word split into runs of different formatting or across
paragraphs, Jinja syntax errors and unknown filters, names the kind's context
does not have, and what the hardened sandbox can refuse before rendering
(constant expressions past a limit, loops over constant ranges nested too
deep). Each finding names the template, the place in Word's terms and the
text around it. build lints every template before it uses it, so what lint
reports, build refuses.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from jinja2 import meta
from lxml import etree

from reportgen.errors import TemplateError, display_path
from reportgen.kinds import TEMPLATES
from reportgen.limits import MAX_TAGS_PER_PART, MAX_TEMPLATE_BYTES, PREPARE_SECONDS
from reportgen.package import (
    TEMPLATED_PART,
    Package,
    PackageError,
    package_findings,
    parse_xml,
    part_label,
    read_package,
)
from reportgen.reading import TEMPLATE_FILE, FileRefused, read_regular_file
from reportgen.render import (
    PreparedTemplate,
    make_environment,
    mark_paragraphs,
    tag_spans,
)
from reportgen.sandbox import LimitError, limited
from reportgen.workspace import Workspace

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OPEN = re.compile(r"\{[{%#]")
_INTERNAL = re.compile(r"\.\s*_|\[\s*['\"]_|\|\s*attr\b")

@dataclass(frozen=True)
class Finding:
    """One problem in a template, located in Word's terms."""

    template: str
    place: str
    text: str
    message: str

    def __str__(self) -> str:
        around = f"（“{self.text}”）" if self.text else ""
        where = f" {self.place}{around}" if self.place or around else ""
        return f"模板 {self.template}{where}：{self.message}"


def context_names(template_name: str) -> set[str] | None:
    """The names a template of this name may use, or None when the name is not a known kind."""
    template = TEMPLATES.get(template_name)
    return {f.name for f in dataclasses.fields(template.context)} if template else None


def lint_template(path: Path, template_name: str | None = None) -> list[Finding]:
    """Every finding in the template at *path* (its name, e.g. summary, defaults to the file stem)."""
    name = display_path(path)
    try:
        with limited(PREPARE_SECONDS):
            return _lint(path, name, context_names(template_name or path.stem))
    except LimitError as exc:  # the deadline
        return [Finding(name, "", "", f"检查没有完成：{exc}")]


def _lint(path: Path, name: str, names: set[str] | None) -> list[Finding]:
    try:
        data = read_regular_file(path, MAX_TEMPLATE_BYTES, TEMPLATE_FILE)
        package = read_package(data)
    except FileRefused as exc:
        return [Finding(name, "", "", f"无法读取：{exc}")]
    except PackageError as exc:
        return [Finding(name, "", "", str(exc))]
    findings = [Finding(name, p.place, p.text, p.message)
                for p in package.problems + package_findings(package)]
    for part, blob in _templated_parts(package):
        findings += _lint_part(name, part, blob, names)
    if not findings:
        findings += _compile_findings(name, data)
    return findings


def _templated_parts(package: Package) -> Iterator[tuple[str, bytes]]:
    """The parts the renderer renders, unless they hold a DTD (never parsed)."""
    for info, blob in package.entries:
        if TEMPLATED_PART.match(info.filename) and info.filename not in package.with_dtd:
            yield info.filename, blob


def _paragraphs(xml: str, root: etree._Element,
                part: str) -> Iterator[tuple[str, list[tuple[str, bytes]]]]:
    """Each paragraph's place and its text runs as (text, formatting) pairs."""
    _, places = mark_paragraphs(xml)
    for place, paragraph in zip(places, root.iter(f"{W}p"), strict=False):
        runs = []
        for run in paragraph.iter(f"{W}r"):
            text = "".join(t.text or "" for t in run.iter(f"{W}t"))
            rpr = run.find(f"{W}rPr")
            runs.append((text, etree.tostring(rpr) if rpr is not None else b""))
        yield f"{part_label(part)}{place}", runs


def _lint_part(template: str, part: str, blob: bytes, names: set[str] | None) -> list[Finding]:
    try:
        xml = blob.decode("utf-8")
        root = parse_xml(blob)
    except UnicodeDecodeError:
        return [Finding(template, part_label(part), "", "不是 UTF-8 编码的 XML，Word 不会这样存文档")]
    except etree.XMLSyntaxError:
        return []  # reported with the package
    findings: list[Finding] = []
    texts: list[tuple[str, str]] = []
    for place, runs in _paragraphs(xml, root, part):
        text = "".join(t for t, _ in runs)
        texts.append((place, text))
        findings += _split_tags(template, place, runs, text)
    if names is not None and not findings:
        findings += _unknown_names(template, part, xml, names, texts)
    return findings


def _split_tags(template: str, place: str, runs: list[tuple[str, bytes]],
                text: str) -> list[Finding]:
    findings = []
    spans, _ = tag_spans(text)
    ends = list(accumulate(len(run_text) for run_text, _ in runs))
    starts = [end - len(run_text) for end, (run_text, _) in zip(ends, runs, strict=True)]
    for start, end in spans:
        covering = {runs[i][1] for i in range(bisect_right(ends, start), bisect_left(starts, end))}
        if len(covering) > 1:
            findings.append(Finding(template, place, text[start:end], (
                "标签被 Word 拆成了格式不同的几段，渲染后会丢掉或弄错格式："
                "请选中整个标签，清除格式后重新输入")))
    for start, end in spans:
        if _INTERNAL.search(text, start, end):
            findings.append(Finding(template, place, text[start:end],
                                    "模板试图访问程序内部的属性或方法，已拒绝"))
    leftover = "".join(text[a:b] for a, b in zip([0] + [e for _, e in spans],
                                                  [s for s, _ in spans] + [len(text)], strict=True))
    opened = _OPEN.search(leftover)
    if opened:
        findings.append(Finding(template, place, leftover[opened.start():][:30], (
            "标签没有在本段内闭合（可能被回车拆到了下一段，或少了 }} / %}）")))
    return findings


def _unknown_names(template: str, part: str, xml: str, names: set[str],
                   texts: list[tuple[str, str]]) -> list[Finding]:
    spans, unclosed = tag_spans(xml)
    if unclosed is not None or len(spans) > MAX_TAGS_PER_PART:
        return []  # docxtpl's clean-up would take quadratic time: the compile step reports it
    env = make_environment()
    try:
        source = PreparedTemplate.patched_source(xml)
        undeclared = meta.find_undeclared_variables(env.parse(source))
    except Exception:  # a syntax error, a number too long…: reported when the template is compiled
        return []
    findings = []
    for unknown in sorted(undeclared - names - set(env.globals)):
        place, snippet = _where_name_is(unknown, texts, part)
        findings.append(Finding(template, place, snippet, (
            f"用到了不存在的名称“{unknown}”（这类文书可用：{'、'.join(sorted(names))}）")))
    return findings


def _where_name_is(name: str, texts: list[tuple[str, str]], part: str) -> tuple[str, str]:
    pattern = re.compile(r"\b" + re.escape(name) + r"\b")
    for place, text in texts:
        for start, end in tag_spans(text)[0]:
            match = pattern.search(text, start, end) if text[start + 1] != "#" else None
            if match:
                return place, text[max(0, start - 10):match.end() + 10]
    return part_label(part), ""


def _compile_findings(template: str, data: bytes) -> list[Finding]:
    """Syntax errors and unknown filters, as the renderer reports them."""
    try:
        PreparedTemplate(data, template)
    except TemplateError as exc:
        return [Finding(template, exc.place, "", exc.detail)]
    return []


def lint_templates(root: Path, files: list[Path]) -> tuple[list[Path], list[Finding]]:
    """Lint *files*, or every .docx under the workspace's templates/ when none is given;
    returns the templates checked and every finding."""
    paths = files or sorted(Workspace(root).templates_dir.rglob("*.docx"))
    return paths, [finding for path in paths for finding in lint_template(path)]


def lint_report(findings: list[Finding]) -> str:
    """All findings, one a line."""
    return "\n".join(str(f) for f in findings)
