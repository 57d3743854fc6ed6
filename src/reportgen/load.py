"""Stage 1, load: read a YAML file into plain data, keeping where each value stood.

Every value stays the text the clerk typed (validation parses it as its field
expects, so an impossible date such as 2026-02-30 is reported like any other
bad value, and 3:3:4 or 010 never becomes another number), and duplicate keys
are errors instead of silently keeping the last one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reportgen.errors import Location, Problem, RecordsError

PathKey = tuple[str | int, ...]


_NULL = "tag:yaml.org,2002:null"
_TEXT_TAGS = {"tag:yaml.org,2002:str", _NULL}
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

# Every plain scalar is text, only an empty value (or ~, null) means "nothing": YAML 1.1 would
# read 3:3:4 and 9:30 as base-60 numbers, 010 as octal 8, yes/no/on/off as booleans and
# 2026-03-20 as a date. The models parse each value as its field expects, so what the clerk
# typed is never turned into another number on the way in.
_TEXT_ONLY_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _TextLoader(yaml.SafeLoader):
    """SafeLoader that reads every scalar as text (see _TEXT_ONLY_RESOLVERS).

    Its messages are the ones explain_yaml_error translates."""

    yaml_implicit_resolvers = _TEXT_ONLY_RESOLVERS


class _FastTextLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same with libyaml's parser where PyYAML has it: several times faster, same positions."""

    yaml_implicit_resolvers = _TEXT_ONLY_RESOLVERS


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
    text = _read_text(path)
    if not text.strip():
        raise _single(path, 1, 1, "文件是空的：请按 reportgen init 生成的样板填写")
    try:
        return _parse(path, text, _FastTextLoader)
    except RecordsError:
        # Parse again with the pure-Python parser, whose messages are translated.
        return _parse(path, text, _TextLoader)


def _parse(path: Path, text: str, loader_class: type[yaml.SafeLoader]) -> Loaded:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _single(path, 1, 1, "文件里没有内容（只有注释）：请按 reportgen init 生成的样板填写")
        loaded = Loaded(path, None)
        loaded.data = _construct(node, (), loaded, loader)
        return loaded
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and any(c in (exc.context or "") for c in (
                "quoted scalar", "simple key", "flow sequence", "flow mapping")):
            mark = exc.context_mark  # where the quote or the key began, not where parsing gave up
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        if "：" in source_line and "simple key" in (exc.context or ""):
            raise _single(path, line, column, "YAML 格式错误：这一行用了中文冒号“：”，"
                          "键后请改用英文冒号加一个空格（如 name: 示例）") from None
        raise _single(path, line, column, explain_yaml_error(exc)) from None
    except yaml.YAMLError as exc:
        raise _single(path, 1, 1, f"YAML 格式错误：{exc}") from None
    finally:
        loader.dispose()


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _single(path, 1, 1, "文件不存在") from None
    except OSError as exc:
        raise _single(path, 1, 1, f"无法读取文件：{exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = "看起来是 GBK/GB2312 编码，" if _is_gb18030(raw) else ""
        raise _single(path, line, column,
                      f"文件不是 UTF-8 编码（{hint}请在编辑器中“另存为”UTF-8 编码）") from None


def _is_gb18030(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def _single(path: Path, line: int, column: int, message: str) -> RecordsError:
    return RecordsError([Problem(Location(path, line, column), "", message)])


def _location(loaded: Loaded, node: Node) -> Location:
    return Location(loaded.path, node.start_mark.line + 1, node.start_mark.column + 1)


def _construct(node: Node, key: PathKey, loaded: Loaded, loader: yaml.SafeLoader) -> Any:
    loaded.values[key] = _location(loaded, node)
    if isinstance(node, MappingNode | SequenceNode):
        _refuse_tag(node, _PLAIN_TAGS)
    if isinstance(node, MappingNode):
        return _construct_mapping(node, key, loaded, loader)
    if isinstance(node, SequenceNode):
        return [_construct(item, (*key, i), loaded, loader) for i, item in enumerate(node.value)]
    if isinstance(node, ScalarNode):
        _refuse_tag(node, _TEXT_TAGS)
        return loader.construct_object(node, deep=True)
    raise yaml.constructor.ConstructorError(None, None, "无法识别的内容", node.start_mark)


def _refuse_tag(node: Node, allowed: set[str]) -> None:
    """An explicit tag (!!int, !!timestamp, !!set …) asks YAML to convert: refuse it, located."""
    if node.tag not in allowed:
        raise yaml.constructor.ConstructorError(
            None, None, f"不支持 YAML 标签“{node.tag.replace('tag:yaml.org,2002:', '!!')}”："
            "请去掉它，直接写值", node.start_mark)


def _construct_mapping(node: MappingNode, key: PathKey, loaded: Loaded,
                       loader: yaml.SafeLoader) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        _refuse_tag(key_node, _TEXT_TAGS)
        name = loader.construct_object(key_node, deep=True)
        if not isinstance(name, str | int):
            raise yaml.constructor.ConstructorError(
                None, None, "键必须是简单的文字", key_node.start_mark)
        if name in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"键“{name}”重复出现", key_node.start_mark)
        child = (*key, name if isinstance(name, str) else str(name))
        loaded.keys[child] = _location(loaded, key_node)
        result[child[-1]] = _construct(value_node, child, loaded, loader)
    return result


_YAML_PROBLEMS = {
    "mapping values are not allowed here":
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
    "expected a single document in the stream": "文件中只能有一个文档（不要使用“---”分隔多个文档）",
    "found undefined alias": "引用了未定义的锚点（*名称）",
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
    if exc.problem and not exc.problem.isascii():
        return f"YAML 格式错误：{exc.problem}"
    return f"YAML 格式错误：{exc.problem or exc.context}"
