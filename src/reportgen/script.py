"""Documents in 简体 or 繁體: the script is one switch, OpenCC does the characters.

Records and templates are written in 简体; a unit that wants 繁體 (mainland
conventions, OpenCC's standard forms: 縣, 辦, 號) gets the rendering context
and the template converted just before rendering, so nothing else in the tool
needs to know about scripts. Parsers that match fixed words (号, 万, 个) read
text through :func:`simplified`, so records in 繁體 parse the same.

OpenCC is imported, and its converters built, only when first needed: they cost
a tenth of a second each, and most runs are in 简体 anyway.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import PlainValidator, WithJsonSchema

from reportgen.package import parse_xml, read_package

if TYPE_CHECKING:
    from lxml import etree

SCRIPTS = ("简体", "繁體")
Script = Literal["简体", "繁體"]
SCRIPT_ERROR = "只能是“简体”或“繁體”"

_SPELLINGS = {
    **dict.fromkeys(("简体", "簡體", "简", "simplified", "zh-hans"), "简体"),
    **dict.fromkeys(("繁體", "繁体", "繁", "traditional", "zh-hant"), "繁體"),
}


def parse_script(value: Any) -> str:
    """The script a setting names, as one of SCRIPTS: people write 繁体, zh-Hant, Traditional…"""
    if isinstance(value, str):
        script = _SPELLINGS.get(value.strip().lower())
        if script is not None:
            return script
    raise ValueError(SCRIPT_ERROR)


ScriptChoice = Annotated[str, PlainValidator(parse_script),
                         WithJsonSchema({"type": "string", "enum": list(SCRIPTS)})]
"""A record field holding a script: any spelling parse_script accepts, stored as one of SCRIPTS."""

MAINLAND_TRADITIONAL = {
    "彙報": "匯報",
    "彙總": "匯總",
}
"""Applied after OpenCC s2t: the tool's own words in the form mainland 繁體 documents use
(OpenCC writes 彙報, 彙總). Keep it tiny: every entry is a decision OpenCC made differently."""

_CONFIGS = {"简体": "t2s", "繁體": "s2t"}


@functools.cache
def _converter(config: str) -> Callable[[str], str]:
    """OpenCC's converter for *config*, built once (loading its dictionaries takes ~0.1 s)."""
    import opencc

    convert: Callable[[str], str] = opencc.OpenCC(config).convert
    return convert


_ROUNDS = 4
"""OpenCC alone is not idempotent: s2t writes 苎 as 苧 and 苧 as 薴 (苧 is both the
traditional form of 苎 and the simplified form of 薴), t2s goes back the same way. A text
is converted again until nothing changes (among single characters, that is the only chain)."""


@functools.lru_cache(maxsize=65536)
def _converted(text: str, script: str) -> str:
    """Cached: a context repeats the unit's name, headings and phrases many times."""
    for _ in range(_ROUNDS):
        again = _convert_once(text, script)
        if again == text:
            break
        text = again
    return text


def _convert_once(text: str, script: str) -> str:
    result = _converter(_CONFIGS[script])(text)
    if script == "繁體":
        for opencc_form, mainland in MAINLAND_TRADITIONAL.items():
            result = result.replace(opencc_form, mainland)
    return result


def _plain(text: str) -> str:
    """*text* as an exact str (str.__str__ copies a subclass without calling its __str__)."""
    return text if type(text) is str else str.__str__(text)


def to_script(text: str, script: str) -> str:
    """*text* written in *script*; idempotent, and ASCII (tags, numbers) passes through untouched."""
    script = parse_script(script)
    text = _plain(text)
    if text.isascii():
        return text
    converted = _converted(text, script)
    return text if converted == text else converted  # the cache may hold an equal, other str


def simplified(text: str) -> str:
    """*text* in 简体, for parsers that match fixed words (号, 万, 个) in records of either script."""
    return to_script(text, "简体")


_MAX_DEPTH = 100
"""Contexts are trees a few levels deep; deeper means a cycle (a list holding itself)."""
DEPTH_ERROR = "渲染数据嵌套过深（可能有循环引用），无法转换简繁"


def convert_context(value: Any, script: str) -> Any:
    """Every str inside a rendering context written in *script*, the structure kept.

    dict values (not keys: templates look them up by name), lists, tuples (NamedTuple too)
    and dataclasses (rebuilt with dataclasses.replace, init=False fields left to the class)
    are converted deeply; str subclasses become plain str; anything else (numbers, dates,
    None) is returned as it is. Objects shared within the context are converted once."""
    return _convert(value, parse_script(script), {}, 0)


def _convert(value: Any, script: str, seen: dict[int, tuple[Any, Any]], depth: int) -> Any:
    if type(value) is str:  # most of a context: to_script without parsing *script* again
        if value.isascii():
            return value
        converted = _converted(value, script)
        return value if converted == value else converted
    if isinstance(value, str):
        return to_script(value, script)
    if depth > _MAX_DEPTH:
        raise ValueError(DEPTH_ERROR)
    key = id(value)
    if key not in seen:  # the original is kept with its result, so that its id stays its own
        seen[key] = (value, _convert_container(value, script, seen, depth + 1))
    return seen[key][1]


def _convert_container(value: Any, script: str, seen: dict[int, tuple[Any, Any]], depth: int) -> Any:
    def convert(item: Any) -> Any:
        return _convert(item, script, seen, depth)

    if isinstance(value, dict):
        return {name: convert(item) for name, item in value.items()}
    if isinstance(value, list):
        return [convert(item) for item in value]
    if isinstance(value, tuple):
        items = [convert(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        if hasattr(value, "_fields"):  # a NamedTuple takes its items as arguments
            return type(value)(*items)
        return type(value)(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {field.name: convert(getattr(value, field.name))
                   for field in dataclasses.fields(value) if field.init}
        if all(new is getattr(value, name) for name, new in changes.items()):
            return value
        return dataclasses.replace(value, **changes)
    return value


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_WORD_PARTS = re.compile(r"^word/[^/]+\.xml$")
_FONT_ATTRIBUTES = tuple(f"{_W}{name}" for name in ("eastAsia", "ascii", "hAnsi", "cs"))

TRADITIONAL_FONTS = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "方正小标宋繁体",
    "方正仿宋简体": "方正仿宋繁体",
}
"""Fonts of 公文 whose character set (GB2312 or a 简体 edition) has no traditional glyphs,
and the font to use instead in a 繁體 document (Word would fall back to a random one)."""

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_LITERAL = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""", re.DOTALL)
_PIECE = re.compile(rb"\x00+|\x01+")


def convert_template(data: bytes, script: str) -> bytes:
    """The .docx *data* with its visible text (and, for 繁體, its fonts) in *script*.

    Text is converted in every w:t of the body, headers, footers, footnotes and endnotes,
    one w:t at a time (runs are never merged). Jinja tags keep their bytes but for the
    string literals inside them, which are converted like the context values they are
    compared with. Parts with nothing to change, and every other entry, are copied as
    they are, in order, with their ZipInfo. Raises PackageError when *data* cannot be
    read as a .docx; a part that is not XML is copied (reading the template reports it)."""
    script = parse_script(script)
    package = read_package(data)
    unread = package.with_dtd | package.odd
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for info, blob in package.entries:
            target = copy.copy(info)
            converted = None if info.filename in unread else _convert_part(info.filename, blob, script)
            if converted is not None:
                target.compress_type = zipfile.ZIP_DEFLATED
                blob = converted
            archive.writestr(target, blob)
    return output.getvalue()


def _convert_part(name: str, blob: bytes, script: str) -> bytes | None:
    """The part rewritten, or None when it has nothing to convert."""
    texts = bool(_TEXT_PARTS.match(name))
    fonts = script == "繁體" and bool(_WORD_PARTS.match(name))
    if not (texts or fonts):
        return None
    from lxml import etree

    try:
        root = parse_xml(blob)
    except etree.XMLSyntaxError:
        return None
    changed = texts and _convert_texts(root, script)
    changed = (fonts and _replace_fonts(root)) or changed
    if not changed:
        return None
    standalone = True if root.getroottree().docinfo.standalone else None
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=standalone)
    return result


def _convert_texts(root: etree._Element, script: str) -> bool:
    """Convert every w:t under *root*, tags spared; whether any changed."""
    elements = [element for element in root.iter(f"{_W}t") if element.text]
    texts = [element.text or "" for element in elements]
    mask = _tag_mask("".join(texts))
    changed = False
    start = 0
    for element, text in zip(elements, texts, strict=True):
        pieces = mask[start:start + len(text)]
        converted = "".join(
            text[piece.start():piece.end()] if piece.group()[0] else to_script(
                text[piece.start():piece.end()], script)
            for piece in _PIECE.finditer(pieces))
        start += len(text)
        if converted != text:
            element.text = converted
            changed = True
    return changed


def _tag_mask(text: str) -> bytearray:
    """One byte per character of *text*: 1 inside a Jinja tag (but for the contents of its
    string literals), 0 elsewhere. Computed over a part's whole text, since a tag may be
    split across runs ({{ ti | tle }})."""
    mask = bytearray(len(text))
    for start, end in _tag_spans(text):
        mask[start:end] = b"\x01" * (end - start)
    return mask


def _tag_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of *text* that must keep their bytes: tags, less their literals' contents."""
    for tag in _TAG.finditer(text):
        start = tag.start()
        if not tag.group().startswith("{#"):
            for literal in _LITERAL.finditer(text, tag.start(), tag.end()):
                yield start, literal.start() + 1
                start = literal.end() - 1
        yield start, tag.end()


def _replace_fonts(root: etree._Element) -> bool:
    """Put TRADITIONAL_FONTS in place in w:rFonts and the font table; whether any changed."""
    changed = False
    for fonts in root.iter(f"{_W}rFonts"):
        for attribute in _FONT_ATTRIBUTES:
            replacement = TRADITIONAL_FONTS.get(fonts.get(attribute, ""))
            if replacement is not None:
                fonts.set(attribute, replacement)
                changed = True
    declared = {font.get(f"{_W}name") for font in root.iter(f"{_W}font")}
    for font in list(root.iter(f"{_W}font")):
        replacement = TRADITIONAL_FONTS.get(font.get(f"{_W}name", ""))
        if replacement is None:
            continue
        changed = True
        if replacement in declared:  # the table describes the font already: keep that entry
            parent = font.getparent()
            if parent is not None:
                parent.remove(font)
        else:
            font.set(f"{_W}name", replacement)
            declared.add(replacement)
    return changed
