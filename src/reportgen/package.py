"""The .docx as a zip of XML parts, read without trusting it.

A template comes from whoever last saved it. Before any part is decompressed
the zip's directory is checked against the limits: entry count, compression
(stored or deflated, as Word writes), declared sizes. Each entry is then read
as a stream of its declared size, so that zlib never inflates more than that
(``ZipFile.read`` inflates all it fetches, then cuts); an entry that holds
more than it declares fails its checksum. Entry names that could point
outside the package, or that Word would never write, are problems; XML is
parsed without DTDs, entities or network.
``package_findings`` adds what only lint looks for: parts that are not XML,
and relationships to outside targets that every output would copy.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree

from reportgen.limits import (
    MAX_ENTRIES,
    MAX_ENTRY_BYTES,
    MAX_TEMPLATE_BYTES,
    MAX_TEMPLATED_PART_BYTES,
    MAX_TOTAL_BYTES,
    MB,
)

TEMPLATED_PART = re.compile(r"^(word/(document|header\d*|footer\d*|footnotes)\.xml|docProps/core\.xml)$")
"""The parts that may hold tags: rendered for each document (every other part is copied)."""

NOT_A_DOCX = "不是 Word 文档（.docx）"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DTD = ("<!DOCTYPE", "<!ENTITY")
_DTD_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_DTD_BYTES = tuple(marker.encode(encoding) for marker in _DTD for encoding in _DTD_ENCODINGS)
_LINK_SCHEMES = {"http", "https", "mailto"}
_RELATION_NAMES = {
    "attachedTemplate": "附加的模板", "oleObject": "嵌入对象", "image": "图片", "frame": "框架",
    "subDocument": "子文档", "hyperlink": "超链接", "package": "嵌入的文件", "audio": "音频",
    "video": "视频", "externalLinkPath": "外部链接", "font": "字体", "settings": "设置",
}
_PART_NAMES = (
    (re.compile(r"^word/document\.xml$"), "正文"),
    (re.compile(r"^word/header\d*\.xml$"), "页眉"),
    (re.compile(r"^word/footer\d*\.xml$"), "页脚"),
    (re.compile(r"^word/footnotes\.xml$"), "脚注"),
    (re.compile(r"^word/endnotes\.xml$"), "尾注"),
    (re.compile(r"^word/comments\.xml$"), "批注"),
    (re.compile(r"^word/settings\.xml$"), "文档设置"),
    (re.compile(r"^word/styles\.xml$"), "样式"),
    (re.compile(r"^word/numbering\.xml$"), "编号"),
    (re.compile(r"^docProps/core\.xml$"), "文档属性"),
    (re.compile(r"^$"), "文档本身"),
)


class PackageError(Exception):
    """The file cannot be used at all (not a zip, past a limit, corrupt); the message is Chinese."""


@dataclass(frozen=True)
class PackageProblem:
    """One thing wrong inside the package: where (in Word's terms), the name or text, what."""

    place: str
    text: str
    message: str


@dataclass
class Package:
    """Every entry of a .docx, read, and the problems found while reading them."""

    entries: list[tuple[zipfile.ZipInfo, bytes]]
    problems: list[PackageProblem] = field(default_factory=list)
    with_dtd: set[str] = field(default_factory=set)
    """Parts holding a DTD: never parsed, not even safely."""
    odd: set[str] = field(default_factory=set)
    """Entries with a name (or kind) Word never writes: reported, never parsed."""


def safe_parser() -> etree.XMLParser:
    """An XML parser that loads no DTD, expands no entity and touches no file or network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False)


def parse_xml(data: bytes) -> etree._Element:
    """*data* parsed with :func:`safe_parser`; raises etree.XMLSyntaxError when not well-formed."""
    return etree.fromstring(data, safe_parser())


def part_label(part: str) -> str:
    """What a reader calls a part: 正文, 页眉, 文档设置…; other parts by their path in the zip."""
    for pattern, label in _PART_NAMES:
        if pattern.match(part):
            return label
    return f"文件内部的 {part}"


def check_size(size: int) -> None:
    """Refuse a template file past MAX_TEMPLATE_BYTES before it is read."""
    if size > MAX_TEMPLATE_BYTES:
        raise PackageError(f"文件太大（{size / MB:.0f} MB，模板最多 {MAX_TEMPLATE_BYTES // MB} MB）")


def read_package(data: bytes) -> Package:
    """Every entry of the zip in *data*, checked against the limits before any is decompressed.

    Raises PackageError when the file cannot be used at all; odd entry names and
    DTDs are returned as problems (PreparedTemplate refuses them, lint lists them)."""
    check_size(len(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise PackageError(NOT_A_DOCX) from None
    _check_directory(infos)
    package = Package([], _name_problems(infos))
    package.odd = {problem.text for problem in package.problems}
    for info in infos:
        try:
            with archive.open(info) as stream:  # never inflates more than the declared size
                blob = stream.read(info.file_size)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError, OSError,
                EOFError) as exc:
            raise PackageError(f"{NOT_A_DOCX}：压缩包已损坏，读不出其中的 {info.filename}"
                               f"（{_reason(exc)}）") from None
        package.entries.append((info, blob))
        if _has_dtd(info.filename, blob):
            package.with_dtd.add(info.filename)
            package.problems.append(PackageProblem(part_label(info.filename), "", (
                "含有 DTD 声明（<!DOCTYPE> 或 <!ENTITY>），Word 从不写这种内容，"
                "可能被人改过：请用 Word 打开后另存一份")))
    return package


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    """Entry count and declared sizes, from the zip's directory alone."""
    if len(infos) > MAX_ENTRIES:
        raise PackageError(f"{NOT_A_DOCX}：压缩包里有 {len(infos)} 个文件，Word 文档不会超过 "
                           f"{MAX_ENTRIES} 个")
    total = 0
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageError(f"{NOT_A_DOCX}：其中的 {info.filename} 用了 Word 不用的压缩方式")
        bound = MAX_TEMPLATED_PART_BYTES if TEMPLATED_PART.match(info.filename) else MAX_ENTRY_BYTES
        if info.file_size > bound:
            raise PackageError(f"其中的 {info.filename} 解压后有 {info.file_size / MB:.0f} MB，"
                               f"超过了 {bound // MB} MB 的上限（可能是“压缩炸弹”）")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise PackageError(f"解压后共有 {total / MB:.0f} MB，超过了 {MAX_TOTAL_BYTES // MB} MB 的上限"
                           "（可能是“压缩炸弹”）")


def _reason(exc: Exception) -> str:
    if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
        return "文件加了密码"
    if isinstance(exc, NotImplementedError):
        return "用了不支持的压缩方式"
    return "数据校验不通过"


def odd_name(info: zipfile.ZipInfo) -> str | None:
    """Why an entry's name (or kind) is not one Word writes, or None when it is fine."""
    name = info.filename
    parts = name.rstrip("/").split("/")
    reasons = (
        (name == "", "文件名是空的"),
        ("\\" in name, "文件名含反斜杠"),
        (name.startswith("/"), "文件名是绝对路径"),
        (bool(_DRIVE.match(name)), "文件名带盘符"),
        (".." in parts, "文件名含 ..，会指到文档外面"),
        (any(p in ("", ".") for p in parts), "路径里有空的或 . 的一级"),
        (bool(_CONTROL.search(name)), "文件名含控制字符"),
        (stat.S_ISLNK(info.external_attr >> 16), "这是一个符号链接"),
    )
    return next((reason for bad, reason in reasons if bad), None)


def _name_problems(infos: list[zipfile.ZipInfo]) -> list[PackageProblem]:
    problems = []
    seen: set[str] = set()
    for info in infos:
        reason = odd_name(info)
        if reason is None and info.filename.lower() in seen:
            reason = "与另一个文件重名（Word 文档里的文件名不分大小写）"
        seen.add(info.filename.lower())
        if reason:
            problems.append(PackageProblem("压缩包内", info.filename, (
                f"{reason}，Word 不会这样存文档，生成的文档也不该带上它：请用 Word 打开后另存一份")))
    return problems


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _has_dtd(name: str, blob: bytes) -> bool:
    return _is_xml(name) and any(marker in blob for marker in _DTD_BYTES)


def package_findings(package: Package) -> list[PackageProblem]:
    """What lint adds to the reading problems: parts that are not XML, outside relationships."""
    problems = []
    unread = package.with_dtd | package.odd
    for info, blob in package.entries:
        if not _is_xml(info.filename) or info.filename in unread:
            continue
        try:
            root = parse_xml(blob)
        except etree.XMLSyntaxError as exc:
            line = f"第 {exc.lineno} 行" if exc.lineno else ""
            problems.append(PackageProblem(part_label(info.filename), "", (
                f"不是有效的 XML（{line}出错），Word 打不开用它生成的文档：请用 Word 打开后另存一份")))
            continue
        if info.filename.lower().endswith(".rels"):
            problems += _external_targets(info.filename, root)
    return problems


def _source_part(rels: str) -> str:
    """The part a .rels file belongs to: word/_rels/document.xml.rels → word/document.xml."""
    folder, _, name = rels.rpartition("_rels/")
    return folder + name.removesuffix(".rels")


def _external_targets(rels: str, root: etree._Element) -> list[PackageProblem]:
    problems = []
    for relation in root.iter(_REL):
        if relation.get("TargetMode", "") != "External":
            continue
        kind = relation.get("Type", "").rsplit("/", 1)[-1]
        target = relation.get("Target", "")
        if kind == "hyperlink" and urlsplit(target.strip()).scheme.lower() in _LINK_SCHEMES:
            continue  # a link a reader may click: allowed
        what = _RELATION_NAMES.get(kind, f"一个“{kind}”关系")
        problems.append(PackageProblem(part_label(_source_part(rels)), target[:80], (
            f"{what}指向文档外面：每份生成的文档都会带上它，Word 打开时可能去访问这个地址"
            "（只允许指向 http、https 或 mailto 的超链接），请在 Word 里删除它或改为嵌入")))
    return problems
