"""Stage 5, render: a context + a template → .docx bytes.

A template is prepared once (docxtpl's tag clean-up and Jinja compilation of
each part) and then rendered for as many contexts as needed; only the parts
holding Jinja tags are rendered, every other part is copied as it is.
Rendering runs in Jinja's sandbox with undefined names as errors. The zip is
read within limits (package.py), and a template with entry names Word never
writes or a DTD is refused rather than copied into every document.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from reportgen.chinese import chinese_date, chinese_numeral
from reportgen.errors import TemplateError, display_path
from reportgen.package import TEMPLATED_PART, PackageError, PackageProblem, check_size, read_package

_DOCXTPL = DocxTemplate("unused")  # only its pure XML helpers are used
_STRUCTURE = re.compile(r"<(/?)w:(p|tbl|tr|tc)([ >/])")
_MARKER = re.compile(r"\{#rg:(\d+)#\}")


def make_environment() -> SandboxedEnvironment:
    """The Jinja environment of every template: sandboxed, XML-escaped, strict about names."""
    env = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["cn_date"] = _cn_date
    env.filters["cn_numeral"] = chinese_numeral
    return env


def _cn_date(value: date | str) -> str:
    """A date as 2026年7月8日; text (already a 公文 date) passes through unchanged."""
    return value if isinstance(value, str) else chinese_date(value)


@dataclass(frozen=True)
class _Part:
    source: str
    template: jinja2.Template


class PreparedTemplate:
    """A .docx template ready to render many contexts."""

    def __init__(self, data: bytes, name: str, env: SandboxedEnvironment | None = None) -> None:
        self.name = name
        self.env = env or make_environment()
        self._entries = self._read(data)
        self._places: dict[str, list[str]] = {}
        self._parts = {info.filename: self._prepare(info.filename, blob)
                       for info, blob in self._entries
                       if TEMPLATED_PART.match(info.filename) and _has_tags(blob)}
        self._base = self._static_archive()

    def _read(self, data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
        """Every entry, read within the limits; refuses odd entry names and DTDs."""
        try:
            package = read_package(data)
        except PackageError as exc:
            raise TemplateError(f"模板 {self.name} {exc}", detail=str(exc)) from None
        if package.problems:
            raise _problem_error(self.name, package.problems[0])
        if not any(info.filename == "word/document.xml" for info, _ in package.entries):
            raise TemplateError(f"模板 {self.name} 不是 Word 文档（.docx）：缺少 word/document.xml",
                                detail="不是 Word 文档（.docx）：缺少 word/document.xml")
        return package.entries

    def _static_archive(self) -> bytes:
        """Every part without tags, compressed once; each render appends its rendered parts."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for info, blob in self._entries:
                if info.filename not in self._parts:
                    target.writestr(info, blob)
        return buffer.getvalue()

    @classmethod
    def from_path(cls, path: Path) -> PreparedTemplate:
        try:
            check_size(path.stat().st_size)
            data = path.read_bytes()
        except OSError as exc:
            raise TemplateError(f"无法读取模板 {display_path(path)}：{exc.strerror}") from None
        except PackageError as exc:
            raise TemplateError(f"模板 {display_path(path)} {exc}", detail=str(exc)) from None
        return cls(data, display_path(path))

    @staticmethod
    def patched_source(xml: str) -> str:
        """The Jinja source of one part: docxtpl's clean-up, one line per paragraph, so that
        Jinja's line numbers name the paragraph."""
        marked, _ = mark_paragraphs(xml)
        return str(_DOCXTPL.patch_xml(marked)).replace("{#rg:", "\n{#rg:")

    def _prepare(self, part_name: str, blob: bytes) -> _Part:
        xml = blob.decode("utf-8")
        _, self._places[part_name] = mark_paragraphs(xml)
        source = self.patched_source(xml)
        try:
            return _Part(source, self.env.from_string(source))
        except jinja2.TemplateSyntaxError as exc:
            raise self._error(part_name, source, exc.lineno, syntax_message(exc)) from None

    def render(self, context: Mapping[str, Any]) -> bytes:
        """Render *context* into a complete .docx, returned as bytes."""
        rendered = {name: self._render_part(name, part, context)
                    for name, part in self._parts.items()}
        buffer = io.BytesIO(self._base)
        buffer.seek(0, io.SEEK_END)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as target:
            for info, _ in self._entries:
                if info.filename in rendered:
                    target.writestr(info, rendered[info.filename])
        return buffer.getvalue()

    def _render_part(self, name: str, part: _Part, context: Mapping[str, Any]) -> bytes:
        try:
            xml = part.template.render(context)
        except SecurityError as exc:
            raise self._error(name, part.source, _lineno(exc),
                              "模板试图访问程序内部的属性或方法，已拒绝") from None
        except jinja2.UndefinedError as exc:
            raise self._error(name, part.source, _lineno(exc), _undefined_message(exc)) from None
        except jinja2.TemplateError as exc:
            raise self._error(name, part.source, _lineno(exc), f"渲染出错：{exc}") from None
        except (TypeError, ValueError, AttributeError, ArithmeticError) as exc:
            raise self._error(name, part.source, _lineno(exc),
                              f"过滤器或表达式用在了不合适的值上（{exc}）") from None
        xml = xml.replace("\n<w:", "<w:")
        for escaped, tag in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
            xml = xml.replace(escaped, tag)
        return str(_DOCXTPL.resolve_listing(xml)).encode("utf-8")

    def _error(self, part_name: str, source: str, lineno: int | None,
               detail: str) -> TemplateError:
        place = describe_place(part_name, source, lineno, self._places.get(part_name, []))
        return TemplateError(f"模板 {self.name} {place}：{detail}", place, detail)


def _problem_error(name: str, problem: PackageProblem) -> TemplateError:
    around = f"（“{problem.text}”）" if problem.text else ""
    place = f"{problem.place}{around}"
    return TemplateError(f"模板 {name} {place}：{problem.message}", place, problem.message)


def _has_tags(blob: bytes) -> bool:
    return b"{{" in blob or b"{%" in blob or b"{#" in blob


def _lineno(exc: Exception) -> int | None:
    """The template line an exception was raised at, from Jinja's rewritten traceback."""
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return int(lineno)
    tb = exc.__traceback__
    found = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


_SYNTAX = (
    (r"No filter named '([^']+)'", "未知的过滤器“{0}”（可用 cn_date、cn_numeral 和 Jinja 内置过滤器）"),
    (r"Encountered unknown tag '([^']+)'", "未知的标签“{0}”"),
    (r"Expected an expression, got '([^']+)'", "标签里缺少表达式（如 {{% if 条件 %}} 少了条件）"),
    (r"Unexpected end of template", "模板意外结束：有未闭合的 {{% if %}} 或 {{% for %}}"),
    (r"unexpected end of template", "标签没有闭合（少了 }}}} 或 %}}）"),
    (r"unexpected '([^']+)'", "标签中出现了意外的“{0}”（标签是否没有闭合？）"),
    (r"expected token '([^']+)', got '([^']+)'", "标签写法有误：此处应为“{0}”，却是“{1}”"),
)


def syntax_message(exc: jinja2.TemplateSyntaxError) -> str:
    """Jinja's syntax message, in Chinese where it is a common one."""
    text = exc.message or str(exc)
    for pattern, chinese in _SYNTAX:
        match = re.search(pattern, text)
        if match:
            return "模板语法错误：" + chinese.format(*match.groups())
    return f"模板语法错误：{text}"


def _undefined_message(exc: jinja2.UndefinedError) -> str:
    text = str(exc)
    if "'_" in text or "__" in text:
        return "模板试图访问内部属性，已拒绝"
    match = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", text)
    name = next((g for g in match.groups() if g), text) if match else text
    return f"模板用到了不存在的名称“{name}”"


def mark_paragraphs(xml: str) -> tuple[str, list[str]]:
    """Put a Jinja comment {#rg:N#} before every paragraph and name each place in Word's terms.

    The comments render to nothing; they let an error's line be traced back to
    "第 N 段" (paragraphs outside tables) or "表格 T 第 R 行第 C 列".
    """
    places: list[str] = []
    pieces: list[str] = []
    tables: list[list[int]] = []  # open tables: [number, row, column]
    table_count = paragraph_count = last = 0
    for match in _STRUCTURE.finditer(xml):
        closing, name = match.group(1), match.group(2)
        if name == "tbl":
            if closing:
                tables.pop()
            else:
                table_count += 1
                tables.append([table_count, 0, 0])
        elif name == "tr" and not closing and tables:
            tables[-1][1:] = [tables[-1][1] + 1, 0]
        elif name == "tc" and not closing and tables:
            tables[-1][2] += 1
        elif name == "p" and not closing:
            if tables:
                number, row, column = tables[-1]
                places.append(f"表格 {number} 第 {row} 行第 {column} 列")
            else:
                paragraph_count += 1
                places.append(f"第 {paragraph_count} 段")
            pieces += [xml[last:match.start()], f"{{#rg:{len(places) - 1}#}}"]
            last = match.start()
    pieces.append(xml[last:])
    return "".join(pieces), places


def part_area(part_name: str) -> str:
    """What a reader calls a part of the .docx: 正文, 页眉, 页脚, 脚注, 文档属性."""
    if part_name.endswith("document.xml"):
        return "正文"
    if part_name.endswith("core.xml"):
        return "文档属性"
    return "页眉" if "header" in part_name else "页脚" if "footer" in part_name else "脚注"


def describe_place(part_name: str, source: str, lineno: int | None,
                   places: list[str] | None = None) -> str:
    """Name the place of *lineno* in document terms: 正文第 N 段（“…”）, 页脚第 N 段, 表格…."""
    area = part_area(part_name)
    lines = source.splitlines()
    if lineno is None or not 0 < lineno <= len(lines):
        return area
    line = lines[lineno - 1]
    marker = _MARKER.search(line)
    where = area
    if marker and places and int(marker.group(1)) < len(places):
        where = f"{area}{places[int(marker.group(1))]}"
    snippet = re.sub(r"<[^>]+>", "", _MARKER.sub("", line)).strip()[:40]
    return f"{where}（“{snippet}”）" if snippet else where


def context_of(value: Any) -> dict[str, Any]:
    """A dataclass context as the mapping of its top-level fields (nested values stay objects)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    return dict(value)
