"""Stage 2: read_period / read_unit turn loaded data into records, or every problem, located."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLE_UNIT, replace_once, write
from reportgen.errors import Problem, RecordsError
from reportgen.records import read_period, read_period_noting_placeholders, read_unit

# Line numbers are asserted below; keep this text's lines where they are.
VALID_PERIOD = """\
period: 2026-H1
date: 2026-07-08
overview: 上半年工作情况良好。
sections:
  - heading: 加强组织领导
    paragraphs:
      - 成立领导小组。
    points:
      - heading: 健全机制
        text: 建立制度。
activities:
  - date: 2026-03-20
    category: 宣传教育
    title: 爱国卫生月集中宣传
    metrics:
      宣传资料: 1200份
meetings:
  - date: 2026-02-22
    title: 推进会
    place: 三楼会议室
    host: 王某某
    attendees:
      - 王某某
    decisions:
      - text: 制定方案。
        due: 2026-03-31
inspections:
  - date: 2026-04-10
    by: 县创卫办
    found: 12
    rectified: 11
"""

VALID_UNIT = """\
name: 示例县某某局
self_name: 我局
leaders:
  - name: 王某某
    title: 局长
"""


def edited(old: str, new: str, text: str = VALID_PERIOD) -> str:
    return replace_once(text, old, new)



def period_problems(tmp_path: Path, text: str, name: str = "2026-H1.yaml") -> list[Problem]:
    with pytest.raises(RecordsError) as caught:
        read_period(write(tmp_path, text, name))
    return caught.value.problems


def unit_problems(tmp_path: Path, text: str) -> list[Problem]:
    with pytest.raises(RecordsError) as caught:
        read_unit(write(tmp_path, text, "unit.yaml"))
    return caught.value.problems


def summary(problem: Problem) -> tuple[str, int, int, str]:
    return problem.field, problem.location.line, problem.location.column, problem.message


def only(problems: list[Problem]) -> tuple[str, int, int, str]:
    assert len(problems) == 1, [str(p) for p in problems]
    return summary(problems[0])


def at_field(problems: list[Problem], field: str) -> tuple[str, int, int, str]:
    found = [p for p in problems if p.field == field]
    assert len(found) == 1, [str(p) for p in problems]
    return summary(found[0])


# --- valid input ------------------------------------------------------------------------


def test_minimal_period_validates(tmp_path):
    records = read_period(write(tmp_path, VALID_PERIOD))
    assert records.period.id == "2026-H1"
    assert records.activities[0].date.isoformat() == "2026-03-20"
    assert str(records.activities[0].metrics["宣传资料"]) == "1200份"
    assert str(records.inspections[0].rectified) == "11"


def test_minimal_unit_validates_with_defaults(tmp_path):
    unit = read_unit(write(tmp_path, VALID_UNIT, "unit.yaml"))
    assert unit.name == "示例县某某局"
    assert unit.self_name == "我局"
    assert unit.theme == "爱国卫生工作"
    assert unit.leaders[0].title == "局长"


def test_bundled_sample_period_validates(sample_period_file):
    records = read_period(sample_period_file)
    assert records.period.id == "2026-H1"
    assert len(records.activities) == 13
    assert len(records.meetings) == 3
    assert len(records.inspections) == 5


def test_bundled_sample_unit_validates(workspace):
    unit = read_unit(workspace / "data" / SAMPLE_UNIT / "unit.yaml")
    assert unit.name == SAMPLE_UNIT
    assert [leader.name for leader in unit.leaders] == ["王某某", "李某某", "张某某"]


@pytest.mark.parametrize("written", ["2026/3/20", "2026.3.20", "2026年3月20日"])
def test_dates_in_other_common_spellings_are_accepted(tmp_path, written):
    records = read_period(write(tmp_path, edited("  - date: 2026-03-20", f"  - date: {written}")))
    assert records.activities[0].date.isoformat() == "2026-03-20"


# --- unknown keys -----------------------------------------------------------------------


def test_misspelt_key_suggests_the_field(tmp_path):
    problems = period_problems(tmp_path, edited("  - date: 2026-03-20", "  - dtae: 2026-03-20"))
    assert at_field(problems, "activities[0].dtae") == (
        "activities[0].dtae", 12, 5, "未知字段“dtae”，您要写的是不是 date（日期）？")


def test_misspelt_required_key_is_one_problem_not_also_a_missing_field(tmp_path):
    problems = period_problems(tmp_path, edited("  - date: 2026-03-20", "  - dtae: 2026-03-20"))
    assert [summary(p) for p in problems] == [
        ("activities[0].dtae", 12, 5, "未知字段“dtae”，您要写的是不是 date（日期）？")]


def test_chinese_label_as_key_suggests_the_english_field(tmp_path):
    problems = period_problems(tmp_path, edited("  - date: 2026-03-20", "  - 日期: 2026-03-20"))
    assert at_field(problems, "activities[0].日期") == (
        "activities[0].日期", 12, 5,
        "未知字段“日期”：字段名请用英文，您要写的是不是 date（日期）？")


def test_misspelt_top_level_key_is_located_at_the_key(tmp_path):
    problems = period_problems(tmp_path, edited("inspections:", "inspectoins:"))
    assert only(problems) == (
        "inspectoins", 27, 1, "未知字段“inspectoins”，您要写的是不是 inspections（检查）？")


def test_unknown_key_without_a_close_match_lists_the_fields(tmp_path):
    problems = unit_problems(tmp_path, VALID_UNIT + "xyz: 1\n")
    assert only(problems) == (
        "xyz", 6, 1,
        "未知字段“xyz”。可用的字段：name（单位名称）、self_name（自称）、superior（上级机关）、"
        "signature（署名）、theme（工作主题）、minutes_form（会议文书形式）、briefing_name（简报名称）、"
        "briefing_editor（编印单位）、minutes_numbered（纪要编期号）、script（字体）、members（成员单位）、"
        "leaders（领导）、"
        "phrases（文书用语）")


def test_misspelt_key_in_unit_file(tmp_path):
    problems = unit_problems(tmp_path, edited("    title: 局长", "    titel: 局长", VALID_UNIT))
    assert [summary(p) for p in problems] == [
        ("leaders[0].titel", 5, 5, "未知字段“titel”，您要写的是不是 title（职务）？"),
    ]


# --- wrong types and values ------------------------------------------------------------


WRONG_VALUES = [
    pytest.param("    paragraphs:\n      - 成立领导小组。", "    paragraphs: 成立领导小组。",
                 ("sections[0].paragraphs", 6, 17, "段落：应为列表（每项另起一行，以“- ”开头）"),
                 id="string_where_list_expected"),
    pytest.param("found: 12", "found: twelve",
                 ("inspections[0].found", 30, 12, "发现问题数：“twelve”不是个数：应写作 12，约数写作 60余个"),
                 id="text_where_integer_expected"),
    pytest.param("found: 12", "found: 12.5",
                 ("inspections[0].found", 30, 12, "发现问题数：应为整数，不能有小数"),
                 id="fraction_where_integer_expected"),
    pytest.param("overview: 上半年工作情况良好。", "overview:\n  key: 上半年工作情况良好。",
                 ("overview", 4, 3, "开头概述：应为列表（每项另起一行，以“- ”开头）"),
                 id="mapping_where_text_expected"),
    pytest.param("overview: 上半年工作情况良好。", 'overview: "  "',
                 ("overview", 3, 11, "开头概述：不能为空"),
                 id="empty_text_is_refused"),
    pytest.param("overview: 上半年工作情况良好。", "overview: []",
                 ("overview", 3, 11, "开头概述：至少要有 1 项"),
                 id="empty_required_list_is_refused"),
    pytest.param("rectified: 11", "rectified: 11\n    score: 120",
                 ("inspections[0].score", 32, 12, "得分：不能大于 100"),
                 id="score_above_100_is_refused"),
    pytest.param("rectified: 11", "rectified: 11\n    score: 9_5",
                 ("inspections[0].score", 32, 12,
                  "得分：“9_5”不是分数：应写作 0 到 100 的数，如 92 或 89.5"),
                 id="score_in_another_notation_is_refused"),
    pytest.param("  - date: 2026-03-20", "  - date: 2026-02-30",
                 ("activities[0].date", 12, 11, "日期：日期不存在：2026年2月没有30日"),
                 id="impossible_date"),
    pytest.param("  - date: 2026-03-20", "  - date: 2026-13-01",
                 ("activities[0].date", 12, 11, "日期：日期不存在：没有13月（月份应为 1 到 12）"),
                 id="month_that_does_not_exist"),
    pytest.param("  - date: 2026-03-20", "  - date: 三月二十日",
                 ("activities[0].date", 12, 11, "日期：“三月二十日”不是日期，应写作 2026-03-20"),
                 id="text_that_is_not_a_date"),
    pytest.param("1200份", "大约1200份",
                 ("activities[0].metrics.宣传资料", 16, 13,
                  "“大约1200份”不是数量：应以阿拉伯数字开头，例如 1200份、1.2万份、6000余万元、约200人、96%"),
                 id="unparseable_quantity"),
    pytest.param("1200份", "3千份",
                 ("activities[0].metrics.宣传资料", 16, 13,
                  "“3千份”：数字请用阿拉伯数字，数位只可用“万”“亿”（如 3000份、1.2万份），不用“十、百、千”"),
                 id="quantity_with_forbidden_place_word"),
    pytest.param("period: 2026-H1", "period: 2026-H3",
                 ("period", 1, 9, "期间：期间“2026-H3”格式不对，应为 2026（全年）、2026-H1（半年）、"
                  "2026-Q3（季度）、2026-09（月）"),
                 id="bad_period_id"),
]


@pytest.mark.parametrize(("old", "new", "expected"), WRONG_VALUES)
def test_a_wrong_value_is_one_located_problem(tmp_path, old, new, expected):
    assert only(period_problems(tmp_path, edited(old, new))) == expected


# --- missing fields ---------------------------------------------------------------------


def test_missing_required_field_is_located_at_its_parent(tmp_path):
    assert only(period_problems(tmp_path, edited("    title: 推进会\n", ""))) == (
        "meetings[0].title", 18, 5, "缺少必填项（会议名称）")


def test_missing_top_level_field_is_located_at_the_file_start(tmp_path):
    text = edited("overview: 上半年工作情况良好。\n", "")
    assert only(period_problems(tmp_path, text)) == ("overview", 1, 1, "缺少必填项（开头概述）")


# --- checks across fields -----------------------------------------------------------------


def test_period_must_match_the_file_name(tmp_path):
    assert only(period_problems(tmp_path, VALID_PERIOD, "2026-H2.yaml")) == (
        "period", 1, 9,
        "期间 2026-H1 与文件名 2026-H2.yaml 不一致（复制上期文件后请同时修改 period）")


@pytest.mark.parametrize(
    ("old", "new", "field", "line", "column", "message"),
    [
        ("  - date: 2026-03-20", "  - date: 2026-07-20", "activities[0].date", 12, 11,
         "日期 2026-07-20 不在本期间（2026年上半年）内"),
        ("  - date: 2026-02-22", "  - date: 2025-12-30", "meetings[0].date", 18, 11,
         "日期 2025-12-30 不在本期间（2026年上半年）内"),
        ("  - date: 2026-04-10", "  - date: 2026-07-01", "inspections[0].date", 28, 11,
         "日期 2026-07-01 不在本期间（2026年上半年）内"),
    ],
)
def test_date_outside_the_period(tmp_path, old, new, field, line, column, message):
    assert only(period_problems(tmp_path, edited(old, new))) == (field, line, column, message)


def test_document_date_before_the_period(tmp_path):
    text = edited("date: 2026-07-08", "date: 2025-12-08")
    assert only(period_problems(tmp_path, text)) == (
        "date", 2, 7, "成文日期 2025-12-08 早于期间开始（2026年上半年）")


def test_rectified_more_than_found(tmp_path):
    assert only(period_problems(tmp_path, edited("rectified: 11", "rectified: 13"))) == (
        "inspections[0].rectified", 31, 16, "已整改数（13）不能多于发现问题数（12）")


def test_rectified_equal_to_found_is_fine(tmp_path):
    records = read_period(write(tmp_path, edited("rectified: 11", "rectified: 12")))
    assert str(records.inspections[0].rectified) == "12"


def test_mixed_headed_and_unheaded_points(tmp_path):
    text = edited("        text: 建立制度。\n", "        text: 建立制度。\n      - text: 无小标题。\n")
    assert only(period_problems(tmp_path, text)) == (
        "sections[0].points", 9, 7,
        "同一部分的要点要么都有小标题（排为（一）（二）），要么都没有（排为一是、二是）；"
        "或用 points_style 写明要点写法")


def test_an_empty_section_is_refused(tmp_path):
    text = edited(
        "  - heading: 加强组织领导\n    paragraphs:\n      - 成立领导小组。\n    points:\n"
        "      - heading: 健全机制\n        text: 建立制度。\n", "  - heading:\n")
    assert only(period_problems(tmp_path, text)) == (
        "sections[0]", 5, 5, "这一项是空的：请写标题（heading）或正文（text）")


def test_decision_due_before_the_meeting(tmp_path):
    assert only(period_problems(tmp_path, edited("due: 2026-03-31", "due: 2026-02-01"))) == (
        "meetings[0].decisions[0].due", 26, 14, "完成时限 2026-02-01 早于会议日期 2026-02-22")


# --- not a mapping ----------------------------------------------------------------------


def test_full_width_colon_file(tmp_path):
    assert only(unit_problems(tmp_path, "name：示例\n")) == (
        "", 1, 1, "文件内容应为“键: 值”的形式——这里用了中文冒号“：”，请改用英文冒号加空格")


def test_full_width_colon_on_one_line_is_located_and_named(tmp_path):
    # One line typed with the Chinese IME inside an otherwise valid file: the problem is on
    # that line (2), and the clerk should be told it is the Chinese colon.
    problems = unit_problems(tmp_path, "name: 示例\nself_name：我局\ntheme: 爱国卫生工作\n")
    field, line, _column, message = only(problems)
    assert (field, line) == ("", 2)
    assert "中文冒号" in message


def test_list_instead_of_mapping(tmp_path):
    assert only(unit_problems(tmp_path, "- 示例\n- 我局\n")) == (
        "", 1, 1, "文件内容应为“键: 值”的形式（如 name: 示例县某某局）")


def test_load_problems_surface_through_read_period(tmp_path):
    assert only(period_problems(tmp_path, "a: b: c\n")) == (
        "", 1, 5, "YAML 格式错误：此处不应出现“:”——值里含冒号时请给整个值加引号，或检查缩进")


# --- many problems ----------------------------------------------------------------------


def test_many_field_problems_are_all_reported_in_file_order(tmp_path):
    text = VALID_PERIOD
    for old, new in [
        ("  - date: 2026-03-20", "  - date: 2026-02-30"),
        ("1200份", "大约1200份"),
        ("    title: 推进会\n", ""),
        ("found: 12", "found: twelve"),
        ("inspections:", "inspectoins:"),
    ]:
        text = edited(old, new, text)
    fields = [p.field for p in period_problems(tmp_path, text)]
    assert fields == [
        "activities[0].date",
        "activities[0].metrics.宣传资料",
        "meetings[0].title",
        "inspectoins",
    ]


def test_many_problems_in_one_section_are_all_reported(tmp_path):
    text = VALID_PERIOD
    for old, new in [
        ("  - date: 2026-03-20", "  - date: 2026-02-30"),
        ("1200份", "大约1200份"),
        ("    title: 推进会\n", ""),
        ("found: 12", "found: twelve"),
    ]:
        text = edited(old, new, text)
    assert [summary(p) for p in period_problems(tmp_path, text)] == [
        ("activities[0].date", 12, 11, "日期：日期不存在：2026年2月没有30日"),
        ("activities[0].metrics.宣传资料", 16, 13,
         "“大约1200份”不是数量：应以阿拉伯数字开头，例如 1200份、1.2万份、6000余万元、约200人、96%"),
        ("meetings[0].title", 18, 5, "缺少必填项（会议名称）"),
        ("inspections[0].found", 29, 12, "发现问题数：“twelve”不是个数：应写作 12，约数写作 60余个"),
    ]


def test_many_cross_field_problems_are_all_reported_in_file_order(tmp_path):
    text = VALID_PERIOD
    for old, new in [
        ("rectified: 11", "rectified: 13"),
        ("due: 2026-03-31", "due: 2026-02-01"),
        ("  - date: 2026-03-20", "  - date: 2026-07-20"),
    ]:
        text = edited(old, new, text)
    assert [p.field for p in period_problems(tmp_path, text, "2026-H2.yaml")] == [
        "period",
        "activities[0].date",
        "meetings[0].decisions[0].due",
        "inspections[0].rectified",
    ]


# --- how a problem prints -----------------------------------------------------------------


def test_problem_prints_as_path_line_column_field_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    problem = period_problems(tmp_path, edited("  - date: 2026-03-20", "  - date: 2026-02-30"))[0]
    assert str(problem) == "2026-H1.yaml:12:11 activities[0].date: 日期：日期不存在：2026年2月没有30日"


def test_problem_without_field_prints_path_line_column_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    problem = unit_problems(tmp_path, "- 示例\n")[0]
    assert str(problem) == "unit.yaml:1:1: 文件内容应为“键: 值”的形式（如 name: 示例县某某局）"


def test_problem_path_is_relative_to_the_working_directory(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "data" / "2026-H1.yaml"
    path.write_text(edited("found: 12", "found: twelve"), encoding="utf-8")
    with pytest.raises(RecordsError) as caught:
        read_period(path)
    assert str(caught.value) == (
        "data/2026-H1.yaml:30:12 inspections[0].found: "
        "发现问题数：“twelve”不是个数：应写作 12，约数写作 60余个")


def test_records_error_prints_one_problem_per_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = edited("found: 12", "found: twelve", edited("1200份", "大约1200份"))
    with pytest.raises(RecordsError) as caught:
        read_period(write(tmp_path, text))
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("2026-H1.yaml:16:13 activities[0].metrics.宣传资料: ")
    assert lines[1] == (
        "2026-H1.yaml:30:12 inspections[0].found: 发现问题数：“twelve”不是个数：应写作 12，约数写作 60余个")


# ---------------------------------------------------------------- the shape of the body

BASE = """\
period: 2026-H1
date: 2026-07-08
overview: 上半年工作情况良好。
sections:
"""


@pytest.mark.parametrize(("body", "expected"), [
    ("  - heading: 甲\n    sections:\n      - heading: 乙\n        level: 1\n",
     ("sections[0].sections[0].level", 8, 16, "层级 1 应低于上一级（1）")),
    ("  - heading: 甲\n    level: 2\n",
     ("sections[0].level", 6, 12, "最上一级标题的层级只能是 1")),
    ("  - heading: 甲\n    level: 5\n",
     ("sections[0].level", 6, 12, "层级：应为 1、2、3、4，或写编号样式 一、（一）1.（1）")),
    ("  - heading: 甲\n    sections:\n      - {heading: 乙, level: 2}\n      - {heading: 丙, level: 3}\n",
     ("sections[0].sections", 7, 7, "同一组标题的层级（level）要一致，这里有 2、3")),
    ("  - heading: 甲\n    points_style: 连写\n    points:\n      - heading: 乙\n"
     "        points: [丙, 丁]\n      - 戊\n",
     ("sections[0].points[0]", 8, 9,
      "连写或分段的要点（一是、二是）不能再有下级：请把 points_style 改为 小标题")),
    ("  - heading: 甲\n    points_style: 逐条\n",
     ("sections[0].points_style", 6, 19, "要点写法：只能是小标题、连写或分段")),
    ("  - heading: 甲\n    run_in: 也许\n",
     ("sections[0].run_in", 6, 13, "标题与正文连排：应为“是”或“否”")),
    ("  - 甲\nplans: [乙, '']\n",
     ("plans[1]", 6, 12, "正文：不能为空")),
    ("  - 甲\noutline: [sections, sections]\n",
     ("outline[1]", 6, 21, "“sections”在文书结构中出现了两次")),
    ("  - 甲\noutline: [problems]\n",
     ("outline", 6, 10, "文书结构中没有 sections（主要工作）：主要工作会被漏掉")),
    ("  - 甲\noutline: [正文]\n",
     ("outline[0]", 6, 11,
      "包含：只能是 sections（主要工作）、problems（存在的问题）、plans（工作计划）")),
    ("  - 甲\nphrases:\n  summary_lead_in: 现将{年度}总结如下：\n",
     ("phrases.summary_lead_in", 7, 20,
      "总结引语：用语中的“{年度}”不是可填的内容，可用：{期间}{单位}{自称}{工作主题}{依据}{起止日期}{下一期间}")),
])
def test_a_body_of_the_wrong_shape_is_one_located_problem(tmp_path, body, expected):
    assert only(period_problems(tmp_path, BASE + body)) == expected


def test_too_many_headings_of_one_level_are_refused_before_numbering_runs_out(tmp_path):
    body = "".join(f"  - 第{i}项\n" for i in range(100))
    assert only(period_problems(tmp_path, BASE + body)) == (
        "sections", 5, 3, "同一级最多 99 项，这里有 100 项：请分成几部分")


def test_a_point_style_given_allows_points_with_and_without_headings(tmp_path):
    body = ("  - heading: 甲\n    points_style: 分段\n    points:\n"
            "      - {heading: 乙, text: 丙}\n      - 丁\n")
    records = read_period(write(tmp_path, BASE + body))
    assert records.sections[0].point_layout == "paragraphs"


def test_old_records_with_problems_and_plans_as_lists_still_validate(tmp_path):
    records = read_period(write(tmp_path, VALID_PERIOD + "problems:\n  - 甲。\nplans:\n  - 乙。\n  - 丙。\n"))
    assert records.problems is not None and [s.text for s in records.problems.sections] == ["甲。"]
    assert records.plans is not None and [s.text for s in records.plans.sections] == ["乙。", "丙。"]


def test_units_that_do_not_convert_are_noted_naming_both_lines(tmp_path):
    text = edited("      宣传资料: 1200份\n", (
        "      宣传资料: 1200份\n      出动人员: 30人\n"
        "  - date: 2026-04-01\n    category: 宣传教育\n    title: 又一次宣传\n"
        "    metrics:\n      出动人员: 24人次\n"))
    path = write(tmp_path, text)
    records, notes = read_period_noting_placeholders(path)
    assert len(records.activities) == 2
    assert [str(n).split(" ", 1)[1] for n in notes] == [
        "activities[1].metrics.出动人员: “出动人员”的单位“人次”与第 17 行的“人”不同，"
        "无法合计，将分开列出：请统一单位"]


def test_levels_are_checked_on_the_tree_the_document_is_laid_out_from(tmp_path):
    """A plans block that a part takes over sits at level 1, so its headings may be level 2."""
    body = ("  - 甲\nplans:\n  sections:\n    - {heading: 巩固成果, level: 2, text: 乙。}\n"
            "outline:\n  - {heading: 上半年工作总结, contains: [sections]}\n"
            "  - {heading: 下半年工作思路, contains: [plans]}\n")
    records = read_period(write(tmp_path, BASE + body))
    assert records.plans is not None and records.plans.sections[0].level == 2
    too_high = body.replace("level: 2", "level: 1")
    assert only(period_problems(tmp_path, BASE + too_high)) == (
        "plans.sections[0].level", 8, 30, "层级 1 应低于上一级（1）")
