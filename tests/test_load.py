"""reportgen.load.load_yaml: plain data with the position of every value and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write
from reportgen.errors import Location, Problem, RecordsError
from reportgen.load import load_yaml


def only_problem(path: Path) -> Problem:
    with pytest.raises(RecordsError) as caught:
        load_yaml(path)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert problems[0].field == ""
    assert problems[0].location.file == path
    return problems[0]


NESTED = """\
unit: 示例县财政局
sections:
  - heading: 加强组织领导
    points:
      - text: 建立制度。
        heading: 健全机制
meta:
  count: 3
"""


def test_loads_nested_maps_and_lists(tmp_path):
    loaded = load_yaml(write(tmp_path, NESTED))
    assert loaded.data == {
        "unit": "示例县财政局",
        "sections": [
            {"heading": "加强组织领导",
             "points": [{"text": "建立制度。", "heading": "健全机制"}]},
        ],
        "meta": {"count": "3"},
    }


def test_records_value_positions_one_based(tmp_path):
    path = write(tmp_path, NESTED)
    values = load_yaml(path).values
    assert values[()] == Location(path, 1, 1)
    assert values[("unit",)] == Location(path, 1, 7)
    assert values[("sections",)] == Location(path, 3, 3)
    assert values[("sections", 0)] == Location(path, 3, 5)
    assert values[("sections", 0, "heading")] == Location(path, 3, 14)
    assert values[("sections", 0, "points", 0)] == Location(path, 5, 9)
    assert values[("sections", 0, "points", 0, "text")] == Location(path, 5, 15)
    assert values[("sections", 0, "points", 0, "heading")] == Location(path, 6, 18)
    assert values[("meta", "count")] == Location(path, 8, 10)


def test_records_key_positions_one_based(tmp_path):
    path = write(tmp_path, NESTED)
    keys = load_yaml(path).keys
    assert keys[("unit",)] == Location(path, 1, 1)
    assert keys[("sections",)] == Location(path, 2, 1)
    assert keys[("sections", 0, "heading")] == Location(path, 3, 5)
    assert keys[("sections", 0, "points")] == Location(path, 4, 5)
    assert keys[("sections", 0, "points", 0, "heading")] == Location(path, 6, 9)
    assert keys[("meta", "count")] == Location(path, 8, 3)


def test_locate_falls_back_to_the_nearest_known_parent(tmp_path):
    path = write(tmp_path, NESTED)
    loaded = load_yaml(path)
    assert loaded.locate(("sections", 0, "points", 0, "missing")) == Location(path, 5, 9)
    assert loaded.locate(("sections", 0, "heading"), at_key=True) == Location(path, 3, 5)
    assert loaded.locate(("nowhere", 3)) == Location(path, 1, 1)


def test_integer_keys_are_recorded_as_text(tmp_path):
    loaded = load_yaml(write(tmp_path, "2026: 全年\n"))
    assert loaded.data == {"2026": "全年"}


@pytest.mark.parametrize("text", ["2026-03-20", "2026-02-30", "2026-03-20 10:00:00"])
def test_dates_remain_strings(tmp_path, text):
    loaded = load_yaml(write(tmp_path, f"date: {text}\n"))
    assert loaded.data == {"date": text}


def test_every_scalar_stays_the_text_the_clerk_typed(tmp_path):
    loaded = load_yaml(write(tmp_path, "found: 12\nscore: 89.5\nperiod: 2026-H1\nyear: 2026\n"))
    assert loaded.data == {"found": "12", "score": "89.5", "period": "2026-H1", "year": "2026"}


@pytest.mark.parametrize("typed", [
    "3:3:4", "9:30", "1:20:30", "010", "0o17", "0x1F", "1_000", "1e3", "1.0e+3", ".5", "+12",
    "yes", "no", "on", "off", "y", "n", "true", "False", "2026-03", "2026-03-20",
    "2026-03-20 10:30:00", ".inf", "-.inf", ".nan", "=", "<<"])
def test_yaml_11_readings_never_change_what_was_typed(tmp_path, typed):
    assert load_yaml(write(tmp_path, f"value: {typed}\n")).data == {"value": typed}


@pytest.mark.parametrize("typed", ["", "~", "null", "Null", "NULL"])
def test_only_an_empty_value_or_null_means_nothing(tmp_path, typed):
    assert load_yaml(write(tmp_path, f"value: {typed}\n")).data == {"value": None}


@pytest.mark.parametrize(("source", "tag"), [
    ("found: !!int 010\n", "!!int"), ("date: !!timestamp x\n", "!!timestamp"),
    ("score: !!float .nan\n", "!!float"), ("items: !!set {a, b}\n", "!!set"),
    ("ok: !!bool yes\n", "!!bool"), ("x: !custom 3\n", "!custom"),
    ("!!int 010: x\n", "!!int")])
def test_an_explicit_tag_is_a_located_error(tmp_path, source, tag):
    problem = only_problem(write(tmp_path, source))
    assert problem.location.line == 1
    assert problem.message == f"YAML 格式错误：不支持 YAML 标签“{tag}”：请去掉它，直接写值"


def test_byte_order_mark_is_ignored(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffname: 示例\n".encode())
    assert load_yaml(path).data == {"name": "示例"}


def test_malformed_yaml_is_located(tmp_path):
    problem = only_problem(write(tmp_path, "a: b: c\n"))
    assert (problem.location.line, problem.location.column) == (1, 5)
    assert problem.message == (
        "YAML 格式错误：此处不应出现“:”——值里含冒号时请给整个值加引号，或检查缩进")


def test_tab_indent_is_located(tmp_path):
    problem = only_problem(write(tmp_path, "name: 示例\nleaders:\n\t- name: 王某某\n"))
    assert (problem.location.line, problem.location.column) == (3, 1)
    assert problem.message == "YAML 格式错误：不能用 Tab 缩进，请改用空格"


def test_unclosed_quote_points_at_the_opening_quote(tmp_path):
    # The quoted value swallows the rest of the file; the place to fix is where it opens,
    # not past the last line.
    path = write(tmp_path, 'name: "示例县财政局\nself_name: 我局\ntheme: 爱国卫生工作\n')
    problem = only_problem(path)
    assert (problem.location.line, problem.location.column) == (1, 7)
    assert "引号" in problem.message
    assert "没有闭合" in problem.message


def test_unclosed_quote_message(tmp_path):
    problem = only_problem(write(tmp_path, 'name: "示例县财政局\nself_name: 我局\n'))
    assert problem.message == "YAML 格式错误：文件意外结束：引号或括号没有闭合"


def test_duplicate_key_is_located_at_the_second_occurrence(tmp_path):
    problem = only_problem(write(tmp_path, "name: 甲\ntheme: 乙\nname: 丙\n"))
    assert (problem.location.line, problem.location.column) == (3, 1)
    assert "重复" in problem.message
    assert problem.message == "YAML 格式错误：键“name”重复出现"


def test_duplicate_key_in_a_nested_map_is_located(tmp_path):
    problem = only_problem(write(tmp_path, "leaders:\n  - name: 甲\n    name: 乙\n"))
    assert (problem.location.line, problem.location.column) == (3, 5)
    assert problem.message == "YAML 格式错误：键“name”重复出现"


@pytest.mark.parametrize(
    "text",
    [
        "leader:\n  name: 王某某\n title: 局长\n",  # a key one space short
        "plans:\n  - 甲\n - 乙\n",  # a list item one space short
    ],
    ids=["key", "list-item"],
)
def test_inconsistent_indent_is_explained_in_chinese(tmp_path, text):
    problem = only_problem(write(tmp_path, text))
    assert (problem.location.line, problem.location.column) == (3, 2)
    assert "缩进" in problem.message
    assert "expected" not in problem.message


def test_several_documents_are_refused(tmp_path):
    problem = only_problem(write(tmp_path, "name: 甲\n---\nname: 乙\n"))
    assert (problem.location.line, problem.location.column) == (2, 1)
    assert problem.message == "YAML 格式错误：文件中只能有一个文档（不要使用“---”分隔多个文档）"


@pytest.mark.parametrize("text", ["", "   \n\n", "\n"])
def test_empty_file_is_refused(tmp_path, text):
    problem = only_problem(write(tmp_path, text))
    assert (problem.location.line, problem.location.column) == (1, 1)
    assert problem.message == "文件是空的：请按 reportgen init 生成的样板填写"


def test_comment_only_file_is_refused(tmp_path):
    problem = only_problem(write(tmp_path, "# 单位信息\n# 还没填写\n"))
    assert (problem.location.line, problem.location.column) == (1, 1)
    assert problem.message == "文件里没有内容（只有注释）：请按 reportgen init 生成的样板填写"


def test_gbk_file_is_refused_naming_utf8_and_gbk(tmp_path):
    path = tmp_path / "gbk.yaml"
    # "县" is CF D8 in GBK: CF opens a two-byte UTF-8 sequence that D8 cannot continue,
    # so the first bad byte is the first byte of "县", line 2, column 7.
    path.write_bytes("name: ok\nunit: 县城\n".encode("gbk"))
    problem = only_problem(path)
    assert (problem.location.line, problem.location.column) == (2, 7)
    assert "UTF-8" in problem.message
    assert "GBK" in problem.message
    assert problem.message == (
        "文件不是 UTF-8 编码（看起来是 GBK/GB2312 编码，请在编辑器中“另存为”UTF-8 编码）")


def test_non_utf8_bytes_that_are_not_gbk_either_get_no_gbk_hint(tmp_path):
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"a: 1\nb: \xff\xff\n")
    problem = only_problem(path)
    assert (problem.location.line, problem.location.column) == (2, 4)
    assert problem.message == "文件不是 UTF-8 编码（请在编辑器中“另存为”UTF-8 编码）"


def test_missing_file_is_reported(tmp_path):
    problem = only_problem(tmp_path / "absent.yaml")
    assert (problem.location.line, problem.location.column) == (1, 1)
    assert problem.message == "文件不存在"


def test_records_error_is_a_value_error_listing_its_problems(tmp_path):
    path = tmp_path / "absent.yaml"
    with pytest.raises(ValueError, match="文件不存在"):
        load_yaml(path)


def test_no_garbage_collection_runs_while_a_big_file_loads_and_it_is_enabled_again(
        tmp_path: Path) -> None:
    """Each collection would walk every value built so far: a big file would load slower per kB
    than a small one. Collection is paused for the load and resumed after it, errors too."""
    import gc

    runs: list[str] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(phase)

    big = write(tmp_path, "activities:\n" + "".join(
        f"  - date: 2026-03-{1 + n % 28:02d}\n    title: 活动{n}\n    metrics: {{人数: {n}人}}\n"
        for n in range(20_000)), name="big.yaml")
    broken = write(tmp_path, "a: [\n", name="broken.yaml")
    gc.callbacks.append(count)
    try:
        loaded = load_yaml(big)
        during = len(runs)
        with pytest.raises(RecordsError):
            load_yaml(broken)
        assert gc.isenabled()
    finally:
        gc.callbacks.remove(count)
    assert len(loaded.data["activities"]) == 20_000
    assert during <= 1  # the one the load calls for, once collection resumes after it
