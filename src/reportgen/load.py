"""Stage 1, load: read a YAML file into plain data, keeping where each value stood.

Every value stays the text the clerk typed (validation parses it as its field
expects, so an impossible date such as 2026-02-30 is reported like any other
bad value, and 3:3:4 or 010 never becomes another number), and duplicate keys
are errors instead of silently keeping the last one.

No file can make loading crash, hang or use memory without end (the bounds are in
reportgen.limits); each refusal is a located Chinese message:

* only a regular file of at most MAX_FILE_BYTES is read (reportgen.reading);
* one regular-expression scan of the decoded text finds the invisible control characters that
  pasting from Word leaves (ESC, NUL, C1 controls …) before YAML sees them, and a double-quoted
  escape that would make one ("\x1b", "\ud800") is refused where its value stands: nothing
  reaches the records that a Word document (XML 1.0) cannot hold;
* the data is built from the parser's events by a loop, not by PyYAML's composer, which
  recurses (libyaml's on the C stack: thirty thousand "[" or "- " crash the process). The loop
  counts as it goes, so nesting deeper than MAX_DEPTH, more than MAX_NODES values, an alias to
  what contains it and more than MAX_ALIAS_VALUES values reached through aliases (an alias bomb)
  are refused after a bounded amount of work. This replaces composing nodes and constructing
  data from them, so it costs nothing: on the sample files it is faster than the composer it
  replaces (bench/bench_load.py). A linear pre-scan of the text for depth was the alternative;
  to refuse only what is really too deep it would have to know YAML's quoting, flow and block
  rules, and as a Python loop over every character it would cost more than the whole parse.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingStartEvent,
    ScalarEvent,
    StreamEndEvent,
)

from reportgen.errors import Location, Problem, RecordsError
from reportgen.limits import (
    MAX_ALIAS_VALUES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    MAX_REPARSE_CHARS,
)
from reportgen.reading import RECORDS_FILE, FileRefused, read_regular_file

PathKey = tuple[str | int, ...]

_NULL = "tag:yaml.org,2002:null"
_TEXT = "tag:yaml.org,2002:str"
_TEXT_TAGS = {_TEXT, _NULL}
_PLAIN_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_NULLS = {"", "~", "null", "Null", "NULL"}
"""Every plain scalar is text, only an empty value (or ~, null) means "nothing": YAML 1.1 would
read 3:3:4 and 9:30 as base-60 numbers, 010 as octal 8, yes/no/on/off as booleans and
2026-03-20 as a date. The models parse each value as its field expects, so what the clerk
typed is never turned into another number on the way in."""

_FAST_PARSER: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
"""libyaml's parser where PyYAML has it: several times faster, same positions."""
_PURE_PARSER = yaml.BaseLoader
"""PyYAML's own parser, whose messages explain_yaml_error translates."""

_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0, and so a Word document, cannot hold (C0 controls but tab and line breaks,
lone surrogates, U+FFFE and U+FFFF), and the C1 controls (U+0080–U+009F), which it can but
which are never meant: all of them come in by pasting from Word or a web page."""
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML counts as a line break, so positions found here agree with the parser's."""


@dataclass
class Loaded:
    """A file's data and the position of every value and key in it."""

    path: Path
    data: Any
    values: dict[PathKey, Location] = field(default_factory=dict)
    keys: dict[PathKey, Location] = field(default_factory=dict)

    def locate(self, key: PathKey, *, at_key: bool = False) -> Location:
        """The closest known position for *key*: itself, else its nearest parent."""
        table = self.keys if at_key else self.values
        for end in range(len(key), -1, -1):
            found = table.get(key[:end]) or self.values.get(key[:end])
            if found is not None:
                return found
        return Location(self.path)


def load_yaml(path: Path) -> Loaded:
    """Read *path*; raise RecordsError with a located Chinese message if it cannot be read."""
    with gc_paused():
        return _load_yaml(path)


def _load_yaml(path: Path) -> Loaded:
    text = _read_text(path)
    _refuse_unwritable(path, text)
    if not text.strip():
        raise _single(path, 1, 1, "文件是空的：请按 reportgen init 生成的样板填写")
    try:
        return _build(path, text, _FAST_PARSER)
    except yaml.YAMLError as exc:
        error = exc
    if _FAST_PARSER is not _PURE_PARSER and len(text) <= MAX_REPARSE_CHARS:
        try:  # parse again with the pure-Python parser, whose messages are translated
            return _build(path, text, _PURE_PARSER)
        except yaml.YAMLError as exc:
            error = exc
    raise _yaml_problem(path, text, error) from None


def _build(path: Path, text: str, parser_class: type[yaml.BaseLoader]) -> Loaded:
    parser = parser_class(text)
    try:
        return _Builder(Loaded(path, None), parser).load()
    finally:
        parser.dispose()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a file's data (or its records) is built: it makes
    objects that form no cycles, yet each collection would walk all of them again, so a 4 MB file
    loaded ~40 % slower per kB than a 300 kB one. MAX_NODES bounds what is made meanwhile."""
    if not gc.isenabled():  # nested, or paused by the caller
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _yaml_problem(path: Path, text: str, exc: yaml.YAMLError) -> RecordsError:
    """The parser's error, located and in Chinese."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return _single(path, 1, 1, "YAML 格式错误：文件无法解析，请对照样板检查格式")
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and any(c in (exc.context or "") for c in (
            "quoted scalar", "simple key", "flow sequence", "flow mapping")):
        mark = exc.context_mark  # where the quote or the key began, not where parsing gave up
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "：" in source_line and "simple key" in (exc.context or ""):
        return _single(path, line, column, "YAML 格式错误：这一行用了中文冒号“：”，"
                       "键后请改用英文冒号加一个空格（如 name: 示例）")
    return _single(path, line, column, explain_yaml_error(exc))


# ---------------------------------------------------------------- reading the file


def _read_text(path: Path) -> str:
    raw = _read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = "看起来是 GBK/GB2312 编码，" if _is_gb18030(raw) else ""
        raise _single(path, line, column,
                      f"文件不是 UTF-8 编码（{hint}请在编辑器中“另存为”UTF-8 编码）") from None


def _read_bytes(path: Path) -> bytes:
    try:
        return read_regular_file(path, MAX_FILE_BYTES, RECORDS_FILE)
    except FileRefused as exc:
        raise _single(path, 1, 1, str(exc)) from None


def _is_gb18030(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def _refuse_unwritable(path: Path, text: str) -> None:
    """Report the first invisible control character (pasted from Word) at its line and column."""
    found = _UNWRITABLE.search(text)
    if found is None:
        return
    breaks = list(_LINE_BREAK.finditer(text, 0, found.start()))
    start = breaks[-1].end() if breaks else 0
    raise _single(path, len(breaks) + 1, found.start() - start + 1,
                  f"这里有一个{_character_name(found.group())}，多半是从 Word 或网页粘贴时带进来的："
                  "请把它删掉")


def _character_name(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"不成对的代理字符（U+{code:04X}，不是有效的文字）"
    if code in (0xFFFE, 0xFFFF):
        return f"非字符（U+{code:04X}，Unicode 规定不使用）"
    return f"不可见的控制字符（U+{code:04X}）"


def _single(path: Path, line: int, column: int, message: str) -> RecordsError:
    return RecordsError([Problem(Location(path, line, column), "", message)])


# ---------------------------------------------------------------- building the data


@dataclass
class _Open:
    """A mapping or list being built: where it stands, and in a mapping the key whose value
    comes next (None while a key is awaited)."""

    key: PathKey
    value: dict[str, Any] | list[Any]
    anchor: str | None
    first: int
    """How many values were built before it: its size is the count at its end minus this."""
    name: str | None = None


@dataclass(frozen=True)
class _Anchor:
    """What an anchor (&名称) names, and how many values it counts for each time it is used."""

    value: Any
    size: int


class _Builder:
    """Plain data from a parser's events, with the position of every value and key, built by a
    loop (no recursion) that counts depth, values and what aliases reach as it goes."""

    def __init__(self, loaded: Loaded, parser: yaml.BaseLoader) -> None:
        self.loaded = loaded
        self.next_event: Callable[[], Event] = parser.get_event
        self.open: list[_Open] = []
        self.anchors: dict[str, _Anchor] = {}
        self.defined: dict[str, int] = {}
        """The line each anchor was defined on."""
        self.root: Any = None
        self.built = 0
        """Values built, each alias counted at the size of what it names."""
        self.nodes = 0
        self.through_aliases = 0

    def load(self) -> Loaded:
        """The single document of the stream."""
        self.next_event()  # stream start
        if isinstance(self.next_event(), StreamEndEvent):  # else: document start
            raise self._error(None, "文件里没有内容（只有注释）：请按 reportgen init 生成的样板填写")
        while True:
            event = self.next_event()
            if isinstance(event, CollectionEndEvent):
                self._close(self.open.pop())
            else:
                self._node(event)
            if not self.open:
                break
        self.next_event()  # document end
        event = self.next_event()
        if not isinstance(event, StreamEndEvent):
            raise self._error(event.start_mark,
                              "YAML 格式错误：文件中只能有一个文档（不要使用“---”分隔多个文档）")
        self.loaded.data = self.root
        return self.loaded

    def _error(self, mark: Any, message: str) -> RecordsError:
        where = self._location(mark) if mark else Location(self.loaded.path)
        return RecordsError([Problem(where, "", message)])

    def _location(self, mark: Any) -> Location:
        return Location(self.loaded.path, mark.line + 1, mark.column + 1)

    def _node(self, event: Event) -> None:
        """A scalar, an alias or the start of a mapping or list: a key, or a value to place."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._error(event.start_mark, f"内容太多：一个文件最多 {MAX_NODES} 项（键、值和列表项），"
                              "请检查是否误粘贴了大量内容")
        parent = self.open[-1] if self.open else None
        if parent is not None and isinstance(parent.value, dict) and parent.name is None:
            parent.name = self._key(event, parent.value)
            key_path: PathKey = (*parent.key, parent.name)
            self.loaded.keys[key_path] = self._location(event.start_mark)
            return
        key = self._key_of_next(parent)
        self.loaded.values[key] = self._location(event.start_mark)
        value = self._value(event, key)
        if parent is None:
            self.root = value
        elif isinstance(parent.value, list):
            parent.value.append(value)
        else:
            parent.value[str(parent.name)] = value
            parent.name = None

    @staticmethod
    def _key_of_next(parent: _Open | None) -> PathKey:
        if parent is None:
            return ()
        if isinstance(parent.value, list):
            return (*parent.key, len(parent.value))
        return (*parent.key, str(parent.name))

    def _value(self, event: Event, key: PathKey) -> Any:
        if isinstance(event, AliasEvent):
            return self._alias(event)
        assert isinstance(event, ScalarEvent | CollectionStartEvent)
        self.built += 1
        if isinstance(event, ScalarEvent):
            return self._anchored_scalar(event)
        self._define(event)
        if event.tag not in _PLAIN_TAGS:
            raise self._tag_error(event)
        if len(self.open) >= MAX_DEPTH:
            raise self._error(event.start_mark, f"嵌套太深：最多 {MAX_DEPTH} 层，请检查是否多写了"
                              "“[”“{”或“- ”")
        collection: dict[str, Any] | list[Any] = {} if isinstance(event, MappingStartEvent) else []
        self.open.append(_Open(key, collection, event.anchor, self.built - 1))
        return collection

    def _close(self, done: _Open) -> None:
        if done.anchor is not None:
            self.anchors[done.anchor] = _Anchor(done.value, self.built - done.first)

    def _key(self, event: Event, mapping: dict[str, Any]) -> str:
        """A mapping's key: simple text, not yet in *mapping*."""
        if isinstance(event, AliasEvent):
            name = self._alias(event)
        elif isinstance(event, ScalarEvent):
            name = self._anchored_scalar(event)
        else:
            name = None
        if not isinstance(name, str):
            raise self._error(event.start_mark, "YAML 格式错误：键必须是简单的文字")
        if name in mapping:
            raise self._error(event.start_mark, f"YAML 格式错误：键“{name}”重复出现")
        return name

    def _anchored_scalar(self, event: ScalarEvent) -> str | None:
        """A scalar's value, remembered under its anchor (&名称) if it has one."""
        self._define(event)
        value = self._scalar(event)
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchor(value, 1)
        return value

    def _scalar(self, event: ScalarEvent) -> str | None:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _NULL if event.implicit[0] and event.value in _NULLS else _TEXT
        if tag not in _TEXT_TAGS:
            raise self._tag_error(event)
        if tag == _NULL:
            return None
        if event.style == '"':
            found = _UNWRITABLE.search(event.value)
            if found is not None:
                raise self._error(event.start_mark, f"双引号中的转义写出了{_character_name(found.group())}，"
                                  "Word 文档中不能有这样的字符：请删掉这个转义（以 \\ 开头的写法）")
        return event.value

    def _tag_error(self, event: ScalarEvent | CollectionStartEvent) -> RecordsError:
        """An explicit tag (!!int, !!timestamp, !!set …) asks YAML to convert: refuse it, located."""
        tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
        return self._error(event.start_mark, f"YAML 格式错误：不支持 YAML 标签“{tag}”：请去掉它，直接写值")

    def _define(self, event: ScalarEvent | CollectionStartEvent) -> None:
        name = event.anchor
        if name is None:
            return
        if name in self.defined:
            raise self._error(event.start_mark, f"YAML 格式错误：锚点“&{name}”在第 {self.defined[name]} 行"
                              "已经定义过：请换一个名称")
        self.defined[name] = self._location(event.start_mark).line

    def _alias(self, event: AliasEvent) -> Any:
        """What an alias (*名称) names, counted at its full size against MAX_ALIAS_VALUES."""
        name = event.anchor
        if any(o.anchor == name for o in self.open):
            raise self._error(event.start_mark, f"YAML 格式错误：引用（*{name}）指向了包含它自身的内容："
                              "请直接写出内容")
        anchor = self.anchors.get(name or "")
        if anchor is None:
            raise self._error(event.start_mark, f"YAML 格式错误：引用了未定义的锚点（*{name}）")
        self.through_aliases += anchor.size
        if self.through_aliases > MAX_ALIAS_VALUES:
            raise self._error(event.start_mark, f"YAML 格式错误：引用（*{name}）展开后的内容太多"
                              f"（超过 {MAX_ALIAS_VALUES} 项）：请直接写出内容，不要层层引用")
        self.built += anchor.size
        return anchor.value


_YAML_PROBLEMS = {
    "mapping values are not allowed":
        "此处不应出现“:”——值里含冒号时请给整个值加引号，或检查缩进",
    "could not find expected ':'": "缺少“:”——每个键后要有英文冒号和一个空格",
    "did not find expected key": "缩进不一致：同一层的键要对齐",
    "did not find expected '-' indicator": "列表缩进不一致：同一列表的“- ”要对齐",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "found unexpected end of stream": "文件意外结束：引号或括号没有闭合",
    "found unknown escape character": "双引号中有无法识别的转义字符（\\），可改用单引号",
    "expected <block end>, but found '-'": "列表项“- ”的缩进与上一层不一致",
    "expected <block end>, but found '<block sequence start>'": "缩进不一致：这个列表的缩进与上一层不符",
    "expected <block end>, but found": "缩进不一致：这一行的缩进与同一层的其他行不符",
    "while scanning a quoted scalar": "引号没有闭合",
    "expected ',' or ']'": "方括号“[ ]”没有闭合，或列表项之间少了英文逗号",
    "expected ',' or '}'": "花括号“{ }”没有闭合，或各项之间少了英文逗号",
    "that cannot start any token": "值以特殊字符开头（如 @ ` % |），请给整个值加引号",
    "expected alphabetic or numeric character": "值以特殊字符开头（如 * & !），请给整个值加引号",
}


def explain_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    """Translate PyYAML's message into Chinese a clerk can act on."""
    for english, chinese in _YAML_PROBLEMS.items():
        if english in (exc.problem or "") or english in (exc.context or ""):
            return f"YAML 格式错误：{chinese}"
    return "YAML 格式错误：这里的写法无法识别，请对照样板检查缩进、冒号和引号"
