"""Stage 5, render: a context + a template → .docx bytes.

A template is prepared once (docxtpl's tag clean-up and Jinja compilation of
each part) and then rendered for as many contexts as needed; only the parts
holding Jinja tags are rendered, every other part is copied as it is.

A template is untrusted: the zip is read within limits (package.py), it runs
in a hardened sandbox with undefined names as errors (sandbox.py), and each
preparation and render has a deadline and a budget (limits.py). Every
rendered part must parse as XML before the bytes are returned, so a template
that breaks the markup (|safe, a tag cut in two) fails here instead of
writing a document Word cannot open. Whatever goes wrong is a TemplateError
naming the template and the place, never a traceback.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

import jinja2
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from reportgen.autocorrect import hint, normalise_tags, restore_protected
from reportgen.chinese import chinese_date, chinese_numeral
from reportgen.errors import TemplateError, display_path
from reportgen.limits import (
    MAX_PART_CHARS,
    MAX_TAGS_PER_PART,
    MAX_TEMPLATE_BYTES,
    PREPARE_SECONDS,
    RENDER_SECONDS,
)
from reportgen.package import (
    TEMPLATED_PART,
    PackageError,
    PackageProblem,
    parse_xml,
    part_label,
    read_package,
)
from reportgen.properties import APP_PART, APP_XML, CORE_PART, core_properties
from reportgen.reading import TEMPLATE_FILE, FileRefused, read_regular_file
from reportgen.sandbox import HardenedEnvironment, LimitError, limited, template_problems

_DOCXTPL = DocxTemplate("unused")  # only its pure XML helpers are used
_STRUCTURE = re.compile(r"<(/?)w:(p|tbl|tr|tc)([ >/])")
_MARKER = re.compile(r"\{#rg:(\d+)#\}")
_OPENER = re.compile(r"\{[{%#]")
_CLOSER = {"{": "}}", "%": "%}", "#": "#}"}
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_XML_CHAR_BUT_LISTING = re.compile("[\x00-\x06\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold; before docxtpl's listing step \\a and \\f are still allowed
(it turns them into paragraph and page breaks inside text)."""
_LISTING_CHARS = ("\t", "\n", "\a", "\f")
BROKEN_XML = "渲染结果不是有效的 XML，多半是模板用了 |safe 或拆坏了标签"


def make_environment() -> HardenedEnvironment:
    """The Jinja environment of every template: a hardened sandbox (sandbox.py), XML-escaped,
    strict about names."""
    return HardenedEnvironment(filters={"cn_date": _cn_date, "cn_numeral": chinese_numeral},
                               autoescape=True, undefined=jinja2.StrictUndefined)


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
        self._places: dict[str, list[str]] = {}
        try:
            with limited(PREPARE_SECONDS):
                entries = self._read(data)
                self._parts = {info.filename: self._prepare(info.filename, blob)
                               for info, blob in entries
                               if TEMPLATED_PART.match(info.filename) and _has_tags(blob)}
                self._base = self._static_archive(entries)
        except LimitError as exc:  # the deadline
            raise TemplateError(f"模板 {name}：{exc}", detail=str(exc)) from None
        # Only what each render needs is kept: the unzipped parts are released, so that many
        # templates prepared in one build cost their compiled parts and one archive each.
        self._infos = [info for info, _ in entries]
        self._core_blob = next((blob for info, blob in entries if info.filename == CORE_PART), None)

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

    def _static_archive(self, entries: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
        """Every part without tags but the properties, compressed once; each render appends its
        rendered parts and its own properties."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for info, blob in entries:
                if info.filename not in self._parts and info.filename not in (CORE_PART, APP_PART):
                    target.writestr(info, blob)
        return buffer.getvalue()

    def named(self, name: str) -> PreparedTemplate:
        """The same prepared template (sharing its compiled parts) under another file's name,
        for the messages; itself when the name is its own."""
        if name == self.name:
            return self
        twin = copy.copy(self)
        twin.name = name
        return twin

    @classmethod
    def from_path(cls, path: Path,
                  convert: Callable[[bytes], bytes] | None = None) -> PreparedTemplate:
        """The template at *path*, its bytes passed through *convert* first (into 繁體) if given."""
        try:
            data = read_regular_file(path, MAX_TEMPLATE_BYTES, TEMPLATE_FILE)
        except FileRefused as exc:
            raise TemplateError(f"无法读取模板 {display_path(path)}：{exc}", detail=str(exc)) from None
        return cls(convert(data) if convert else data, display_path(path))

    @staticmethod
    def patched_source(xml: str) -> str:
        """The Jinja source of one part: docxtpl's clean-up, one line per paragraph, so that
        Jinja's line numbers name the paragraph."""
        marked, _ = mark_paragraphs(xml)
        patched = str(_DOCXTPL.patch_xml(normalise_tags(marked)))
        return restore_protected(patched).replace("{#rg:", "\n{#rg:")

    def _prepare(self, part_name: str, blob: bytes) -> _Part:
        xml = self._part_xml(part_name, blob)
        _, self._places[part_name] = mark_paragraphs(xml)
        source = self.patched_source(xml)
        try:
            tree = self.env.parse(source)
            if isinstance(self.env, HardenedEnvironment):
                for lineno, problem in template_problems(self.env, tree)[:1]:
                    raise self._error(part_name, source, lineno, problem)
            return _Part(source, self.env.from_string(tree))
        except jinja2.TemplateSyntaxError as exc:
            detail = _autocorrect_hint(source, exc.lineno) or syntax_message(exc)
            raise self._error(part_name, source, exc.lineno, detail) from None
        except (TemplateError, LimitError):
            raise
        except Exception as exc:  # the parser or Python's compiler gave up on it
            raise self._error(part_name, source, None, compile_failure(exc)) from None

    def _part_xml(self, part_name: str, blob: bytes) -> str:
        """The part as text, once it is known to be well-formed XML whose tags all close: docxtpl's
        clean-up takes time quadratic in the size of what is left open."""
        try:
            xml = blob.decode("utf-8")
            parse_xml(blob)
        except UnicodeDecodeError:
            raise self._part_error(part_name, "", "不是 UTF-8 编码的 XML，Word 不会这样存文档") from None
        except etree.XMLSyntaxError as exc:
            raise self._part_error(part_name, "", (
                f"不是有效的 XML（第 {exc.lineno} 行出错），Word 打不开用它生成的文档")) from None
        spans, unclosed = tag_spans(xml)
        if unclosed is not None:
            _, places = mark_paragraphs(xml[:unclosed])
            snippet = re.sub(r"<[^>]*>?", "", xml[unclosed:unclosed + 300].split("</w:p>")[0])[:30]
            raise self._part_error(part_name, places[-1] if places else "", (
                "模板语法错误：标签没有闭合（少了 }}、%} 或 #}）"), snippet)
        if len(spans) > MAX_TAGS_PER_PART:
            raise self._part_error(part_name, "", (
                f"标签太多（{len(spans):,} 个，上限 {MAX_TAGS_PER_PART:,} 个）"))
        return xml

    def _part_error(self, part_name: str, where: str, detail: str, snippet: str = "") -> TemplateError:
        place = part_label(part_name) + where + (f"（“{snippet}”）" if snippet else "")
        return TemplateError(f"模板 {self.name} {place}：{detail}", place, detail)

    def render(self, context: Mapping[str, Any], issued: date | None = None,
               author: str = "") -> bytes:
        """Render *context* into a complete .docx, returned as bytes: dated *issued* (its 成文日期)
        and written by *author* in its properties (properties.py)."""
        try:
            with limited(RENDER_SECONDS):
                rendered = {name: self._render_part(name, part, context)
                            for name, part in self._parts.items()}
        except LimitError as exc:  # the deadline, between two parts
            raise TemplateError(f"模板 {self.name}：{exc}", detail=str(exc)) from None
        if self._core_blob is not None:
            rendered[CORE_PART] = self._core(rendered.get(CORE_PART, self._core_blob), issued, author)
        if any(info.filename == APP_PART for info in self._infos):
            rendered[APP_PART] = APP_XML
        buffer = io.BytesIO(self._base)
        buffer.seek(0, io.SEEK_END)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as target:
            for info in self._infos:
                if info.filename in rendered:
                    target.writestr(info, rendered[info.filename])
        return buffer.getvalue()

    def _core(self, blob: bytes, issued: date | None, author: str) -> bytes:
        try:
            return core_properties(blob, issued, author)
        except (etree.XMLSyntaxError, ValueError):  # the template's own part, not XML
            raise self._part_error(CORE_PART, "", (
                "不是有效的 XML，Word 打不开用它生成的文档：请用 Word 打开模板后另存一份")) from None

    def _render_part(self, name: str, part: _Part, context: Mapping[str, Any]) -> bytes:
        try:
            xml = _generate(part.template, context)
        except SecurityError as exc:
            raise self._error(name, part.source, _lineno(exc), _security_message(exc)) from None
        except jinja2.UndefinedError as exc:
            raise self._error(name, part.source, _lineno(exc), _undefined_message(exc)) from None
        except Exception as exc:  # a template may fail in any way; none is a traceback
            raise self._error(name, part.source, _lineno(exc), render_failure(exc)) from None
        xml = xml.replace("\n<w:", "<w:")
        for escaped, tag in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
            xml = xml.replace(escaped, tag)
        return self._finish_xml(name, xml)

    def _finish_xml(self, name: str, xml: str) -> bytes:
        """docxtpl's listing step (tabs, line, paragraph and page breaks inside text), then the
        bytes, once they are known to be XML Word can open. The XML is parsed before the listing
        step too: its regular expressions are only linear on well-formed XML."""
        body = xml[xml.find("?>") + 2:].lstrip("\r\n") if xml.startswith("<?xml") else xml
        if not any(c in body for c in _LISTING_CHARS):  # nothing for the listing step to do
            return self._well_formed(name, xml)
        data = self._well_formed(name, xml, before_listing=True)
        listed = str(_DOCXTPL.resolve_listing(xml))
        if listed != xml:
            return self._well_formed(name, listed)
        if "\a" in xml or "\f" in xml:  # outside any text, so left as they were
            self._require_xml_chars(name, xml, _NOT_XML_CHAR)
        return data

    def _well_formed(self, name: str, xml: str, before_listing: bool = False) -> bytes:
        """*xml* as UTF-8, once it parses (with the safe parser) and holds no DTD."""
        try:
            data = xml.encode("utf-8")
            parsed = data
            if before_listing and (b"\a" in data or b"\f" in data):
                parsed = data.replace(b"\a", b" ").replace(b"\f", b" ")
            root = parse_xml(parsed)
        except (UnicodeEncodeError, etree.XMLSyntaxError) as exc:
            self._require_xml_chars(name, xml, _NOT_XML_CHAR_BUT_LISTING if before_listing
                                    else _NOT_XML_CHAR)
            near = _near(parsed, exc) if isinstance(exc, etree.XMLSyntaxError) else ""
            raise self._part_error(name, "", BROKEN_XML + near) from None
        if root.getroottree().docinfo.doctype:
            raise self._part_error(name, "", BROKEN_XML + "（结果里出现了 DTD 声明）")
        return data

    def _require_xml_chars(self, name: str, xml: str, pattern: re.Pattern[str]) -> None:
        bad = pattern.search(xml)
        if bad:
            before = " ".join(re.sub(r"<[^>]*>?", "", xml[max(0, bad.start() - 300):bad.start()])
                              .split())[-20:]
            raise self._part_error(name, "", (
                f"渲染结果含有 Word 文档不能容纳的字符 U+{ord(bad.group()):04X}（多半来自台账里的文字，"
                f"出现在“{before}”之后），请删去这个字符"))

    def _error(self, part_name: str, source: str, lineno: int | None,
               detail: str) -> TemplateError:
        place = describe_place(part_name, source, lineno, self._places.get(part_name, []))
        return TemplateError(f"模板 {self.name} {place}：{detail}", place, detail)


def _generate(template: jinja2.Template, context: Mapping[str, Any]) -> str:
    """The rendered part, generated piece by piece so that its size is bounded as it grows."""
    pieces: list[str] = []
    size = 0
    stream = cast(Generator[str, None, None], template.generate(context))
    try:
        for piece in stream:
            size += len(piece)
            if size > MAX_PART_CHARS:
                raise LimitError(f"渲染结果超过了 {MAX_PART_CHARS:,} 个字符，已停止：循环输出的内容太多")
            pieces.append(piece)
    finally:
        stream.close()
    return "".join(pieces)


def _near(data: bytes, exc: etree.XMLSyntaxError) -> str:
    """（出错处之前的文字：“…”）for a parse error, when there is text before it."""
    line, column = exc.position if exc.position else (0, 0)
    lines = data.split(b"\n")
    if not 0 < line <= len(lines):
        return ""
    before = lines[line - 1][:max(column - 1, 0)].decode("utf-8", "replace")
    text = re.sub(r"<[^>]*>?", "", before)[-20:]
    return f"（出错处之前的文字：“{text}”）" if text else ""


def _problem_error(name: str, problem: PackageProblem) -> TemplateError:
    around = f"（“{problem.text}”）" if problem.text else ""
    place = f"{problem.place}{around}"
    return TemplateError(f"模板 {name} {place}：{problem.message}", place, problem.message)


def tag_spans(text: str) -> tuple[list[tuple[int, int]], int | None]:
    """Where each {{ }}, {% %} and {# #} tag of *text* starts and ends, and where the first one
    that never closes starts (None when all close): a tag runs to the first closer of its kind,
    as Jinja reads it. Linear in the length of *text*, whatever it holds."""
    spans: list[tuple[int, int]] = []
    unclosed = None
    found: dict[str, int] = {}  # each closer's first place at or after where it was last sought
    position = 0
    while match := _OPENER.search(text, position):
        start = match.start()
        closer = _CLOSER[text[start + 1]]
        end = found.get(closer, -2)
        if end != -1 and end < start + 2:
            end = found[closer] = text.find(closer, start + 2)
        if end == -1:
            unclosed = start if unclosed is None else unclosed
            position = start + 1
        else:
            spans.append((start, end + 2))
            position = end + 2
    return spans, unclosed


def _has_tags(blob: bytes) -> bool:
    return b"{{" in blob or b"{%" in blob or b"{#" in blob


def _autocorrect_hint(source: str, lineno: int | None) -> str | None:
    """How to fix the tags of a line Jinja cannot read, when auto-correct is to blame."""
    lines = source.splitlines()
    if lineno is None or not 0 < lineno <= len(lines):
        return None
    line = lines[lineno - 1]
    return next((found for start, end in tag_spans(line)[0]
                 if (found := hint(re.sub(r"<[^>]*>", "", line[start:end])))), None)


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


def compile_failure(exc: Exception) -> str:
    """Why Jinja or Python could not compile a part, in Chinese."""
    if isinstance(exc, RecursionError):
        return "模板里的表达式或标签嵌套太深，无法编译"
    if isinstance(exc, MemoryError):
        return "模板太大，编译时内存不够"
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return "模板里的数字位数太多，已拒绝"
    return f"模板无法编译（{type(exc).__name__}）"


def render_failure(exc: Exception) -> str:
    """Why a render failed, in Chinese, for anything but the sandbox and undefined names."""
    if isinstance(exc, LimitError):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "模板递归太深（宏或递归循环一层层调用自己），已停止"
    if isinstance(exc, MemoryError):
        return "渲染时内存不够，已停止：模板生成的内容太多"
    if isinstance(exc, jinja2.TemplateError):
        return f"渲染出错：{exc}"
    if isinstance(exc, (TypeError, ValueError, AttributeError, ArithmeticError, LookupError)):
        return f"过滤器或表达式用在了不合适的值上（{exc}）"
    return f"渲染出错（{type(exc).__name__}）"


def syntax_message(exc: jinja2.TemplateSyntaxError) -> str:
    """Jinja's syntax message, in Chinese where it is a common one."""
    text = exc.message or str(exc)
    for pattern, chinese in _SYNTAX:
        match = re.search(pattern, text)
        if match:
            return "模板语法错误：" + chinese.format(*match.groups())
    return f"模板语法错误：{text}"


def _security_message(exc: SecurityError) -> str:
    method = re.search(r"attribute '([^_'][^']*)' of '", str(exc))
    if method:  # a public method the sandbox refuses: it changes data or can make a huge value
        return (f"模板用了不允许的方法“{method.group(1)}”，已拒绝"
                "（模板不能修改数据，也不能调用可能生成超大内容的方法）")
    return "模板试图访问程序内部的属性或方法，已拒绝"


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


def describe_place(part_name: str, source: str, lineno: int | None,
                   places: list[str] | None = None) -> str:
    """Name the place of *lineno* in document terms: 正文第 N 段（“…”）, 页脚第 N 段, 表格…."""
    area = part_label(part_name)
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
