"""reportgen.load.load_yaml on hostile or broken input: never a traceback, a hang or memory
without end, always one located Chinese problem (bounds in reportgen.limits).

Inputs that once crashed the process (libyaml's composer recursing on thousands of "[") are
loaded in a child process, so a regression fails the test instead of killing pytest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import write
from reportgen.errors import Problem, RecordsError
from reportgen.limits import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_REPARSE_CHARS
from reportgen.load import load_yaml

SRC = Path(__file__).resolve().parent.parent / "src"



def only_problem(path: Path) -> tuple[int, int, str]:
    with pytest.raises(RecordsError) as caught:
        load_yaml(path)
    problems: list[Problem] = caught.value.problems
    assert len(problems) == 1, problems
    assert problems[0].location.file == path
    assert problems[0].field == ""
    return problems[0].location.line, problems[0].location.column, problems[0].message


def timed_problem(path: Path) -> tuple[int, int, str]:
    start = time.perf_counter()
    found = only_problem(path)
    assert time.perf_counter() - start < 1, "must be refused in well under a second"
    return found


def in_child(path: Path) -> dict[str, object]:
    """load_yaml(path) in a fresh interpreter: its one problem and how long it took."""
    code = (
        "import json, sys, time\n"
        "from pathlib import Path\n"
        "from reportgen.errors import RecordsError\n"
        "from reportgen.load import load_yaml\n"
        "start = time.perf_counter()\n"
        "try:\n"
        "    load_yaml(Path(sys.argv[1]))\n"
        "    found = None\n"
        "except RecordsError as exc:\n"
        "    p = exc.problems[0]\n"
        "    found = [p.location.line, p.location.column, p.message, len(exc.problems)]\n"
        "print(json.dumps({'problem': found, 'seconds': time.perf_counter() - start}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                          timeout=60, env=env, check=False)
    assert done.returncode == 0, f"the child died ({done.returncode}): {done.stderr[-2000:]}"
    result: dict[str, object] = json.loads(done.stdout)
    return result


PASTED = "这里有一个不可见的控制字符（U+{:04X}），多半是从 Word 或网页粘贴时带进来的：请把它删掉"


# ---------------------------------------------------------------- characters a document cannot hold


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\b", "\x0b", "\x0c", "\x7f", "\x85", "\x9b", "\x1f"])
def test_a_control_character_pasted_from_word_is_located(tmp_path, char):
    path = write(tmp_path, f"name: 示例\noverview: 今{char}年以来\n")
    assert only_problem(path) == (2, 12, PASTED.format(ord(char)))


def test_only_the_first_control_character_is_reported(tmp_path):
    path = write(tmp_path, "a: 1\nb: 2\x1b\nc: \x00\n")
    assert only_problem(path) == (2, 5, PASTED.format(0x1B))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_line_is_counted_as_yaml_counts_it(tmp_path, newline):
    path = write(tmp_path, newline.join(["a: 1", "b: 2", "c: 三\x1b"]) + newline)
    assert only_problem(path)[:2] == (3, 5)


def test_a_control_character_inside_quotes_or_comments_is_found_too(tmp_path):
    assert only_problem(write(tmp_path, "a: '甲\x1b'\n"))[:2] == (1, 6)
    assert only_problem(write(tmp_path, "a: 1  # 注\x08释\n"))[:2] == (1, 10)


@pytest.mark.parametrize("char", ["\ufffe", "\uffff"])
def test_a_noncharacter_is_located(tmp_path, char):
    line, column, message = only_problem(write(tmp_path, f"a: 甲{char}\n"))
    assert (line, column) == (1, 5)
    assert message == (f"这里有一个非字符（U+{ord(char):04X}，Unicode 规定不使用），"
                       "多半是从 Word 或网页粘贴时带进来的：请把它删掉")


def test_tabs_line_breaks_and_ordinary_unicode_are_kept(tmp_path):
    path = write(tmp_path, "a: \"甲\\t乙\"\nb: '\u3000全角空格\u00a0不换行空格'\nc: 😀\n")
    assert load_yaml(path).data == {"a": "甲\t乙", "b": "\u3000全角空格\u00a0不换行空格", "c": "😀"}


ESCAPED = ("双引号中的转义写出了{}，Word 文档中不能有这样的字符：请删掉这个转义（以 \\ 开头的写法）")


@pytest.mark.parametrize(("escape", "name"), [
    ("\\x1b", "不可见的控制字符（U+001B）"),
    ("\\e", "不可见的控制字符（U+001B）"),
    ("\\0", "不可见的控制字符（U+0000）"),
    ("\\b", "不可见的控制字符（U+0008）"),
    ("\\N", "不可见的控制字符（U+0085）"),
    ("\\x9b", "不可见的控制字符（U+009B）"),
    ("\\ud800", "不成对的代理字符（U+D800，不是有效的文字）"),
    ("\\uDFFF", "不成对的代理字符（U+DFFF，不是有效的文字）"),
    ("\\uFFFE", "非字符（U+FFFE，Unicode 规定不使用）"),
    ("\\uffff", "非字符（U+FFFF，Unicode 规定不使用）"),
])
def test_a_double_quoted_escape_that_makes_such_a_character_is_refused_at_its_value(
        tmp_path, escape, name):
    path = write(tmp_path, f'name: 示例\ntitle: "今{escape}年"\n')
    assert only_problem(path) == (2, 8, ESCAPED.format(name))


def test_such_an_escape_in_a_key_is_refused_at_the_key(tmp_path):
    path = write(tmp_path, 'name: 示例\n"ti\\x1btle": 甲\n')
    assert only_problem(path) == (2, 1, ESCAPED.format("不可见的控制字符（U+001B）"))


def test_harmless_escapes_are_kept(tmp_path):
    path = write(tmp_path, 'a: "\\u4e00\\t\\"\\\\\\x41\\_"\n')
    assert load_yaml(path).data == {"a": "一\t\"\\A\u00a0"}


# ---------------------------------------------------------------- aliases


def test_an_alias_inside_what_it_names_is_refused(tmp_path):
    path = write(tmp_path, "name: 示例\nzz: &a [*a]\n")
    assert timed_problem(path) == (2, 9, "YAML 格式错误：引用（*a）指向了包含它自身的内容：请直接写出内容")


def test_an_alias_deeper_inside_what_it_names_is_refused(tmp_path):
    path = write(tmp_path, "top: &t\n  list:\n    - {x: *t}\n")
    assert timed_problem(path) == (3, 11, "YAML 格式错误：引用（*t）指向了包含它自身的内容：请直接写出内容")


BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))


def test_an_alias_bomb_is_refused_quickly(tmp_path):
    path = write(tmp_path, BOMB)
    assert path.stat().st_size < 1500
    assert timed_problem(path) == (
        5, 8, f"YAML 格式错误：引用（*d）展开后的内容太多（超过 {MAX_ALIAS_VALUES} 项）："
        "请直接写出内容，不要层层引用")


def test_ordinary_aliases_still_work(tmp_path):
    path = write(tmp_path, "leaders: &people [王某某, 李某某]\nattendees: *people\n"
                           "host: &h 王某某\nspeaker: *h\n")
    loaded = load_yaml(path)
    assert loaded.data == {"leaders": ["王某某", "李某某"], "attendees": ["王某某", "李某某"],
                           "host": "王某某", "speaker": "王某某"}
    assert (loaded.locate(("attendees", 1)).line, loaded.locate(("attendees", 1)).column) == (2, 12)


def test_an_undefined_alias_is_located(tmp_path):
    assert only_problem(write(tmp_path, "a: 1\nb: *nowhere\n")) == (
        2, 4, "YAML 格式错误：引用了未定义的锚点（*nowhere）")


def test_an_anchor_defined_twice_is_located(tmp_path):
    assert only_problem(write(tmp_path, "a: &x 1\nb: &x 2\n")) == (
        2, 4, "YAML 格式错误：锚点“&x”在第 1 行已经定义过：请换一个名称")


def test_a_key_that_is_a_list_is_refused(tmp_path):
    assert only_problem(write(tmp_path, "? [a, b]\n: 1\n")) == (1, 3, "YAML 格式错误：键必须是简单的文字")
    assert only_problem(write(tmp_path, "a: &l [1]\n*l : 2\n")) == (2, 1, "YAML 格式错误：键必须是简单的文字")


# ---------------------------------------------------------------- depth and size

TOO_DEEP = f"嵌套太深：最多 {MAX_DEPTH} 层，请检查是否多写了“[”“{{”或“- ”"


@pytest.mark.parametrize(("name", "text", "where"), [
    pytest.param(name, text, where, id=name) for name, text, where in [
        ("brackets", "name: 示例\nzz: " + "[" * 30000 + "\n", (2, 4 + MAX_DEPTH)),
        ("braces", "zz: " + "{a: " * 30000 + "\n", (1, 1 + 4 * MAX_DEPTH)),
        ("dashes", "name: 示例\nzz:\n " + "- " * 30000 + "x\n", (3, 2 + 2 * (MAX_DEPTH - 1))),
        ("lines", "zz:\n" + " [\n" * 30000, (MAX_DEPTH + 1, 2)),
        ("indents", "".join(" " * i + f"k{i}:\n" for i in range(5000)), (MAX_DEPTH + 1, MAX_DEPTH + 1)),
    ]])
def test_nesting_too_deep_is_refused_before_anything_recurses(tmp_path, name, text, where):
    result = in_child(write(tmp_path, text, f"{name}.yaml"))
    assert result["problem"] == [*where, TOO_DEEP, 1]
    assert isinstance(result["seconds"], float) and result["seconds"] < 1


def test_nesting_up_to_the_limit_is_loaded(tmp_path):
    deep = "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1)
    loaded = load_yaml(write(tmp_path, f"a: {deep}\n"))
    value = loaded.data["a"]
    for _ in range(MAX_DEPTH - 2):
        value = value[0]
    assert value == ["x"]
    assert only_problem(write(tmp_path, f"a: [{deep}]\n")) == (1, 4 + MAX_DEPTH - 1, TOO_DEEP)


def test_too_many_values_are_refused_where_the_limit_is_passed(tmp_path):
    path = write(tmp_path, "- a\n" * (MAX_NODES + 10))
    assert only_problem(path) == (
        MAX_NODES, 3, f"内容太多：一个文件最多 {MAX_NODES} 项（键、值和列表项），请检查是否误粘贴了大量内容")


def test_a_file_larger_than_the_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    megabytes = MAX_FILE_BYTES // 1024 // 1024
    assert timed_problem(path) == (
        1, 1, f"文件太大：台账文件最大 {megabytes} MB，远超任何实际台账，请检查是否选错了文件")


class NeverParse:
    def __init__(self, text: str) -> None:
        raise AssertionError("a file this large must not be parsed a second time")


def test_a_large_broken_file_gets_a_chinese_message_without_a_second_slow_parse(tmp_path, monkeypatch):
    monkeypatch.setattr("reportgen.load._PURE_PARSER", NeverParse)
    line = "- 甲乙丙丁戊己庚辛壬癸\n"
    path = write(tmp_path, line * (MAX_REPARSE_CHARS // len(line) + 10) + "  bad: [\n")
    line_number, column, message = only_problem(path)
    assert (line_number, column) == (MAX_REPARSE_CHARS // len(line) + 11, 6)
    assert message == "YAML 格式错误：此处不应出现“:”——值里含冒号时请给整个值加引号，或检查缩进"


# ---------------------------------------------------------------- what is not a regular file

NOT_A_FILE = "这不是普通文件（而是管道、设备等）：reportgen 只读取普通的 YAML 文件"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    path = tmp_path / "2026-H1.yaml"
    os.mkfifo(path)
    result = in_child(path)
    assert result["problem"] == [1, 1, NOT_A_FILE, 1]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_without_reading_it(tmp_path):
    link = tmp_path / "2026-H1.yaml"
    link.symlink_to("/dev/zero")
    assert in_child(link)["problem"] == [1, 1, NOT_A_FILE, 1]


def test_a_folder_is_refused(tmp_path):
    folder = tmp_path / "2026-H1.yaml"
    folder.mkdir()
    assert only_problem(folder) == (1, 1, "这是一个文件夹，不是文件：请指定其中的 .yaml 文件")


def test_an_unreadable_file_is_explained_in_chinese(tmp_path, monkeypatch):
    path = write(tmp_path, "a: 1\n")

    def refuse(*args, **kwargs):  # what os.open does without read permission (root is never refused)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    assert only_problem(path) == (1, 1, "没有读取这个文件的权限")


def test_a_file_name_with_a_nul_is_refused(tmp_path):
    path = tmp_path / "a\x00b.yaml"
    assert only_problem(path) == (1, 1, "文件名无效，无法读取")


def test_an_unknown_yaml_problem_still_gets_a_chinese_message(tmp_path):
    line, column, message = only_problem(write(tmp_path, "a: !<x y\n"))
    assert (line, column) == (1, 7)
    assert message == "YAML 格式错误：这里的写法无法识别，请对照样板检查缩进、冒号和引号"
