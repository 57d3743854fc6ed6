"""Meetings as they run (issue 8): half-day and clock times, several speakers in their own
enumeration, meetings recorded on their own, and the 简报 / 纪要 told from them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest

from conftest import SECOND_UNIT, replace_once, write
from reportgen.build import build
from reportgen.compose.briefing import meeting_item
from reportgen.compose.minutes import compose_minutes
from reportgen.errors import Problem, RecordsError, display_path
from reportgen.models import Meeting, Unit, parse_meeting_time
from reportgen.records import read_meetings, read_period, read_period_noting_placeholders

UNIT = Unit(name="示例县城南街道办事处", self_name="我街道")
PRINTED = date(2026, 11, 28)

# --- parse_meeting_time -------------------------------------------------------------------


@pytest.mark.parametrize(("written", "shown"), [
    ("上午", "上午"), ("中午", "中午"), ("下午", "下午"), ("晚上", "晚上"), (" 下午 ", "下午"),
    ("14:30", "下午2时30分"), ("14：30", "下午2时30分"), ("9:00", "上午9时"), ("09:05", "上午9时5分"),
    ("11:30", "上午11时30分"), ("12:30", "中午12时30分"), ("13:00", "下午1时"), ("19:30", "晚上7时30分"),
    ("下午3时", "下午3时"), ("下午3点", "下午3时"), ("下午3时15分", "下午3时15分"),
    ("下午2:30", "下午2时30分"),
    ("下午14:30", "下午2时30分"), ("上午9时", "上午9时"), ("晚上8点", "晚上8时"), ("中午12时", "中午12时"),
    ("下午3点半", "下午3时30分"), ("下午3點半", "下午3时30分"), ("15点半", "下午3时30分"),
])
def test_meeting_time_is_written_back_as_a_write_up_says_it(written, shown) -> None:
    assert parse_meeting_time(written) == shown


@pytest.mark.parametrize(("written", "message"), [
    ("上午15:00", "“上午15:00”前后矛盾：15时不在上午"),
    ("中午8:00", "“中午8:00”前后矛盾：8时不在中午"),
    ("上午13时", "前后矛盾：13时不在上午"),
    ("25:00", "“25:00”不是有效的时刻"),
    ("12:60", "“12:60”不是有效的时刻"),
    ("明天", "“明天”不是时间：应写作 上午、下午、晚上，或 14:30、下午3时"),
    ("", "不是时间"),
    ("凌晨", "不是时间"),
    ("下午三点", "不是时间"),
])
def test_contradictory_or_nonsense_times_are_rejected_in_chinese(written, message) -> None:
    with pytest.raises(ValueError) as caught:
        parse_meeting_time(written)
    assert message in str(caught.value)


@pytest.mark.parametrize("value", [None, 14, 14.5, ["上午"]])
def test_a_time_that_is_not_text_is_rejected_in_chinese(value) -> None:
    with pytest.raises(ValueError, match="不是时间"):
        parse_meeting_time(value)


# --- validation through files -------------------------------------------------------------

PERIOD = """\
period: 2026-H1
date: 2026-07-08
overview: 上半年工作情况良好。
sections:
  - heading: 加强组织领导
    paragraphs:
      - 成立领导小组。
meetings:
  - date: 2026-02-22
    time: 上午
    title: 推进会
    place: 三楼会议室
    host: 王某某
    attendees:
      - 王某某
    speakers:
      - role: 局长
        name: 王某某
        requirements:
          - 一是要高度重视
          - 二是要压实责任
    decisions:
      - text: 制定方案。
        due: 2026-03-31
  - date: 2026-05-08
    time: 14:30
    title: 调度会
briefings:
  - date: 2026-05-10
    items:
      - 2026-05-08
"""


def position(text: str, line_start: str, value: str) -> tuple[int, int]:
    """Line and column (1-based) of *value* on the line of *text* that starts with *line_start*."""
    lines = text.splitlines()
    [number] = [i for i, line in enumerate(lines) if line.startswith(line_start)]
    return number + 1, lines[number].index(value) + 1


def problems_of(read: Any, path: Path) -> list[Problem]:
    with pytest.raises(RecordsError) as caught:
        read(path)
    return caught.value.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_the_period_skeleton_with_meetings_and_a_briefing_validates(tmp_path) -> None:
    records = read_period(write(tmp_path, PERIOD))
    first, second = records.meetings
    assert (first.time, second.time) == ("上午", "下午2时30分")  # 14:30 unquoted is read as text
    assert [s.full_name for s in first.speakers] == ["局长王某某"]
    assert records.briefings[0].items[0].meeting == "2026-05-08"


def test_place_is_optional(tmp_path) -> None:
    records = read_period(write(tmp_path, replace_once(PERIOD, "    place: 三楼会议室\n", "")))
    assert records.meetings[0].place is None


def test_speaker_and_speakers_together_is_a_located_error(tmp_path) -> None:
    text = replace_once(PERIOD, "    speakers:\n", "    speaker: 李某某\n    speakers:\n")
    path = write(tmp_path, text)
    problem = only(problems_of(read_period, path))
    assert problem.field == "meetings[0]"
    meeting_line = position(text, "  - date: 2026-02-22", "d")[0]
    assert (problem.location.file, problem.location.line) == (path, meeting_line)
    assert "speaker（讲话人）和 speakers（讲话人（多位））只写一个" in problem.message


def test_a_bad_time_names_file_line_column_and_field(tmp_path) -> None:
    text = replace_once(PERIOD, "    time: 上午\n", "    time: 上午15:00\n")
    path = write(tmp_path, text)
    problem = only(problems_of(read_period, path))
    line, column = position(text, "    time: 上午15:00", "上午15:00")
    assert str(problem) == (f"{display_path(path)}:{line}:{column} meetings[0].time: "
                            "时间：“上午15:00”前后矛盾：15时不在上午")


def test_a_bad_time_of_the_second_meeting_names_it(tmp_path) -> None:
    text = replace_once(PERIOD, "    time: 14:30\n", "    time: 明天\n")
    problem = only(problems_of(read_period, write(tmp_path, text)))
    assert problem.field == "meetings[1].time"
    assert (problem.location.line, problem.location.column) == position(text, "    time: 明天", "明天")
    assert "“明天”不是时间" in problem.message


def test_a_decision_due_before_its_meeting_is_located(tmp_path) -> None:
    text = replace_once(PERIOD, "due: 2026-03-31", "due: 2026-02-01")
    problem = only(problems_of(read_period, write(tmp_path, text)))
    assert problem.field == "meetings[0].decisions[0].due"
    assert (problem.location.line, problem.location.column) == position(text, "        due:", "2026")
    assert problem.message == "完成时限 2026-02-01 早于会议日期 2026-02-22"


def test_a_decision_due_on_the_meeting_day_is_fine(tmp_path) -> None:
    read_period(write(tmp_path, replace_once(PERIOD, "due: 2026-03-31", "due: 2026-02-22")))


def test_a_briefing_item_naming_no_meeting_is_located(tmp_path) -> None:
    text = replace_once(PERIOD, "      - 2026-05-08\n", "      - 2026-05-09\n")
    problem = only(problems_of(read_period, write(tmp_path, text)))
    assert problem.field.startswith("briefings[0].items[0]")
    assert (problem.location.line, problem.location.column) == position(text, "      - 2026-05-09", "2026")
    assert problem.message.startswith("找不到 2026-05-09 的会议")


def test_a_briefing_item_naming_two_meetings_is_located_and_asks_for_the_title(tmp_path) -> None:
    text = replace_once(PERIOD, "    time: 14:30\n    title: 调度会\n",
                        "    time: 14:30\n    title: 调度会\n  - date: 2026-05-08\n    title: 推进会二\n")
    problem = only(problems_of(read_period, write(tmp_path, text)))
    assert problem.field.startswith("briefings[0].items[0]")
    assert problem.location.line == position(text, "      - 2026-05-08", "2026")[0]
    assert "2026-05-08 有 2 个会议（调度会、推进会二）" in problem.message
    assert "2026-05-08 调度会" in problem.message


def test_a_briefing_item_with_date_and_title_picks_one_of_two(tmp_path) -> None:
    text = replace_once(PERIOD, "    time: 14:30\n    title: 调度会\n",
                        "    time: 14:30\n    title: 调度会\n  - date: 2026-05-08\n    title: 推进会二\n")
    text = replace_once(text, "      - 2026-05-08\n", "      - 2026-05-08 推进会二\n")
    assert read_period(write(tmp_path, text)).briefings[0].items[0].meeting == "2026-05-08 推进会二"


MEETING_ALONE = """\
date: 2026-11-26
time: 上午
title: 创卫工作调度会
host: 周某某
speakers:
  - role: 县创卫办副主任
    name: 冯某某
    requirements:
      - 对照标准再排查一遍
"""


def test_a_meeting_file_holds_one_meeting_a_list_or_meetings_and_briefings(tmp_path) -> None:
    alone = read_meetings(write(tmp_path, MEETING_ALONE, "one.yaml"))
    assert [(m.date, m.time, m.place) for m in alone.meetings] == [(date(2026, 11, 26), "上午", None)]
    listed = read_meetings(write(tmp_path, "- date: 2026-11-26\n  title: 甲会\n"
                                           "- date: 2026-11-27\n  title: 乙会\n", "list.yaml"))
    assert [m.title for m in listed.meetings] == ["甲会", "乙会"]
    both = read_meetings(write(tmp_path, "meetings:\n  - date: 2026-12-01\n    title: 培训会\n"
                                         "briefings:\n  - date: 2026-12-04\n    items:\n      - 2026-12-01\n"
                                         "      - headline: 志愿服务\n        paragraphs: [清理楼道。]\n",
                               "week.yaml"))
    assert both.briefings[0].items[0].meeting == "2026-12-01"
    assert both.briefings[0].items[1].headline == "志愿服务"


@pytest.mark.parametrize(("text", "message"), [
    ("# 只有注释\n", "文件里没有内容"),
    ("~\n", "文件是空的：请写一次会议"),
])
def test_an_empty_meetings_file_is_refused_in_chinese(tmp_path, text, message) -> None:
    problem = only(problems_of(read_meetings, write(tmp_path, text, "empty.yaml")))
    assert message in problem.message
    assert (problem.location.line, problem.location.column) == (1, 1)


def test_a_briefing_in_a_meetings_file_naming_two_meetings_is_located(tmp_path) -> None:
    text = ("meetings:\n  - date: 2026-11-26\n    title: 调度会\n  - date: 2026-11-26\n    title: 推进会\n"
            "briefings:\n  - date: 2026-11-28\n    items:\n      - 2026-11-26\n      - 2026-11-27\n")
    first, second = problems_of(read_meetings, write(tmp_path, text, "week.yaml"))
    assert (first.field, first.location.line) == ("briefings[0].items[0]", 9)
    assert "2026-11-26 有 2 个会议（调度会、推进会）" in first.message
    assert (second.field, second.location.line) == ("briefings[0].items[1]", 10)
    assert second.message.startswith("找不到 2026-11-27 的会议")


def test_a_bad_time_in_a_list_of_meetings_is_located(tmp_path) -> None:
    text = "- date: 2026-11-26\n  title: 甲会\n- date: 2026-11-27\n  time: 上午15:00\n  title: 乙会\n"
    problem = only(problems_of(read_meetings, write(tmp_path, text, "list.yaml")))
    assert (problem.location.line, problem.location.column) == (4, 9)
    assert problem.field.endswith("[1].time")
    assert "前后矛盾" in problem.message


def test_a_bad_time_in_a_meeting_file_of_one_meeting_is_located(tmp_path) -> None:
    text = replace_once(MEETING_ALONE, "time: 上午\n", "time: 上午15:00\n")
    problem = only(problems_of(read_meetings, write(tmp_path, text, "one.yaml")))
    assert (problem.location.line, problem.location.column) == (2, 7)
    assert problem.field.endswith("time")


def test_a_decision_due_too_early_in_a_meeting_file_of_one_meeting_is_located(tmp_path) -> None:
    text = MEETING_ALONE + "decisions:\n  - text: 甲。\n    due: 2026-11-01\n"
    problem = only(problems_of(read_meetings, write(tmp_path, text, "one.yaml")))
    assert problem.location.line == 12
    assert problem.field.endswith("decisions[0].due")


def test_a_meeting_both_in_the_period_file_and_in_meetings_is_an_error(tmp_path) -> None:
    standalone = read_meetings(write(tmp_path, "date: 2026-02-22\ntitle: 推进会\n", "dup.yaml")).meetings
    path = write(tmp_path, PERIOD)
    with pytest.raises(RecordsError) as caught:
        read_period_noting_placeholders(path, standalone=standalone)
    problem = only(caught.value.problems)
    assert problem.field == "meetings[0].title"
    assert (problem.location.line, problem.location.column) == position(PERIOD, "    title: 推进会", "推进会")
    assert "2026-02-22 推进会" in problem.message
    assert "也单独记在 meetings/ 中" in problem.message


def test_a_meeting_of_another_title_on_the_same_day_is_no_duplicate(tmp_path) -> None:
    standalone = read_meetings(write(tmp_path, "date: 2026-02-22\ntitle: 培训会\n", "other.yaml")).meetings
    records, _ = read_period_noting_placeholders(write(tmp_path, PERIOD), standalone=standalone)
    assert len(records.meetings) == 2


# --- composition ------------------------------------------------------------------------


def meeting(**fields: Any) -> Meeting:
    base: dict[str, Any] = {"date": "2026-11-26", "time": "上午", "title": "创卫工作调度会"}
    return Meeting.model_validate(base | fields)


def news(m: Meeting, printed: date = PRINTED) -> list[str]:
    return list(meeting_item(UNIT, m, printed).paragraphs)


def test_news_opens_with_day_half_unit_place_and_title() -> None:
    item = meeting_item(UNIT, meeting(place="三楼会议室"), PRINTED)
    assert item.paragraphs[0] == "11月26日上午，示例县城南街道办事处在三楼会议室召开创卫工作调度会。"
    assert item.headline == "示例县城南街道办事处召开创卫工作调度会"


def test_news_without_place_has_no_zai() -> None:
    assert news(meeting())[0] == "11月26日上午，示例县城南街道办事处召开创卫工作调度会。"


def test_news_of_a_meeting_printed_in_another_year_gives_the_year() -> None:
    assert news(meeting(), date(2027, 1, 5))[0].startswith("2026年11月26日上午，")


def test_news_names_host_leaders_attending_and_unit_heads_participating() -> None:
    opening = news(meeting(host="王某某", attendees=["县委副书记尹某某"], participants=["创卫办负责人"]))[0]
    assert opening.endswith("会议由王某某主持，县委副书记尹某某出席会议，创卫办负责人参加会议。")


def test_the_host_among_the_attendees_is_named_once() -> None:
    opening = news(meeting(host="办事处主任周某某", attendees=["周某某", "冯某某"]))[0]
    assert opening.endswith("会议由办事处主任周某某主持，冯某某出席会议。")
    assert opening.count("周某某") == 1


def test_reports_are_heard_from_the_unit_heads() -> None:
    paragraphs = news(meeting(reports="复审迎检准备情况"))
    assert "会上，与会单位负责人分别汇报了复审迎检准备情况。" in paragraphs


def test_one_named_reporter_reports_without_fenbie() -> None:
    assert "会上，城管办汇报了整治进展。" in news(meeting(reports="整治进展", reporters=["城管办"]))


TWO_SPEAKERS = [
    {"role": "县委副书记", "name": "尹某某", "remarks": ["基础较好，但仍有短板。"],
     "requirements": ["一是要高度重视", "二是要压实责任", "三是要强化督导"], "count": True},
    {"role": "副县长", "name": "刘某某", "requirements": ["统一思想", "细化方案"], "numbering": "首先"},
]


def test_two_speakers_are_each_named_with_role_at_first_mention_only() -> None:
    paragraphs = news(meeting(speakers=TWO_SPEAKERS))
    said = paragraphs[1:]
    assert said[0] == "县委副书记尹某某指出，基础较好，但仍有短板。"
    assert said[1].startswith("尹某某提出三点要求：")
    assert said[2].startswith("副县长刘某某强调：")
    assert "".join(paragraphs).count("县委副书记") == 1


def test_requirements_keep_the_speakers_own_enumeration() -> None:
    said = news(meeting(speakers=TWO_SPEAKERS))[1:]
    assert said[1] == "尹某某提出三点要求：一是要高度重视。二是要压实责任。三是要强化督导。"
    assert said[2] == "副县长刘某某强调：首先，统一思想。其次，细化方案。"


def test_count_phrase_counts_three_and_more_requirements() -> None:
    five = news(meeting(speaker="王某某", requirements=["甲", "乙", "丙", "丁", "戊"], count=True))
    assert five[-1].startswith("王某某提出五点要求：一是甲。")


def test_count_phrase_says_liang_for_two_requirements() -> None:
    two = news(meeting(speaker="王某某", requirements=["甲", "乙"], count=True))
    assert two[-1] == "王某某提出两点要求：一是甲。二是乙。"


def test_without_numbering_pasted_or_named_requirements_get_yi_shi() -> None:
    said = news(meeting(speaker="王某某", requirements=["要甲", "要乙"]))
    assert said[-1] == "王某某强调：一是要甲。二是要乙。"


def test_a_single_requirement_gets_no_yi_shi_even_when_pasted_with_one_or_counted() -> None:
    counted = news(meeting(speaker="王某某", requirements=["要高度重视"], count=True))
    assert counted[-1] == "王某某强调：要高度重视。"
    pasted = news(meeting(speaker="王某某", requirements=["一是高度重视"]))[-1]
    assert pasted == "王某某强调：高度重视。"


def test_yi_yao_numbering_does_not_double_yao() -> None:
    said = news(meeting(speaker="王某某", requirements=["要高度重视", "要压实责任"], numbering="一要"))
    assert said[-1] == "王某某强调：一要高度重视。二要压实责任。"


def test_numbered_one_dot_requirements_get_a_paragraph_each() -> None:
    said = news(meeting(speaker="王某某", requirements=["甲", "乙"], numbering="1."))
    assert said[-3:] == ["王某某强调：", "1.甲。", "2.乙。"]


def test_the_meeting_itself_points_out_and_stresses() -> None:
    paragraphs = news(meeting(remarks=["形势严峻。"], requirements=["甲", "乙"]))
    assert paragraphs[1:] == ["会议指出，形势严峻。", "会议强调：一是甲。二是乙。"]


def test_what_followed_is_told_last() -> None:
    paragraphs = news(meeting(speakers=TWO_SPEAKERS, afterwards="尹某某一行实地察看了农贸市场"))
    assert paragraphs[-1] == "会后，尹某某一行实地察看了农贸市场。"


@pytest.mark.parametrize(("title", "mark"), [
    ("创卫工作调度会", "创卫工作调度会纪要"),
    ("党组会议", "党组会议纪要"),
    ("爱国卫生工作座谈会", "爱国卫生工作座谈会纪要"),
    ("黨組會議", "黨組會議纪要"),
    ("創衛工作調度會", "創衛工作調度會纪要"),
    ("安全生产专题研究", "安全生产专题研究会议纪要"),
    ("调度会纪要", "调度会纪要"),
])
def test_minutes_never_read_hui_hui_yi_ji_yao(title, mark) -> None:
    context = compose_minutes(UNIT, meeting(title=title))
    assert context.mark == context.title == mark
    assert "会会议纪要" not in mark and "會會議" not in mark


def test_minutes_attendance_lists_attendees_then_participants_then_absent_and_observers() -> None:
    context = compose_minutes(UNIT, meeting(attendees=["陈某某", "周某某"],
                                            participants=["城管办负责人郑某某"],
                                            absent=["何某某"], observers=["冯某某"]))
    assert [(a.label, a.names) for a in context.attendance] == [
        ("出席", "陈某某、周某某、城管办负责人郑某某"), ("请假", "何某某"), ("列席", "冯某某")]


def test_minutes_attendance_leaves_out_empty_lines() -> None:
    context = compose_minutes(UNIT, meeting(participants=["各社区书记"]))
    assert [(a.label, a.names) for a in context.attendance] == [("出席", "各社区书记")]


def test_minutes_opening_names_the_host_or_else_the_unit() -> None:
    hosted = compose_minutes(UNIT, meeting(host="王某某", place="三楼会议室"))
    assert hosted.opening == ("2026年11月26日上午，王某某在三楼会议室主持召开创卫工作调度会。"
                              "现将会议主要精神纪要如下：")
    alone = compose_minutes(UNIT, meeting(decisions=[{"text": "制定方案"}]))
    assert alone.opening == ("2026年11月26日上午，示例县城南街道办事处召开创卫工作调度会。"
                             "现将会议议定事项纪要如下：")


def test_minutes_put_what_followed_after_the_parts() -> None:
    context = compose_minutes(UNIT, meeting(speakers=TWO_SPEAKERS, afterwards="尹某某一行实地察看了农贸市场"))
    assert context.after == ("会后，尹某某一行实地察看了农贸市场。",)
    said = [p for part in context.parts for p in part.paragraphs]
    assert "尹某某提出三点要求：一是要高度重视。二是要压实责任。三是要强化督导。" in said


def test_minutes_carry_an_issue_only_when_given() -> None:
    assert compose_minutes(UNIT, meeting()).issue == ""
    assert compose_minutes(UNIT, meeting(), issue=3).issue == "第3期"


def test_a_clock_time_appears_in_the_same_words_in_briefing_and_minutes() -> None:
    m = meeting(time="14:30")
    assert news(m)[0].startswith("11月26日下午2时30分，")
    minutes = compose_minutes(UNIT, m)
    assert minutes.date == "2026年11月26日下午2时30分"
    assert minutes.opening.startswith("2026年11月26日下午2时30分，")


def test_a_meeting_without_a_time_says_only_the_day() -> None:
    m = meeting(time=None)
    assert news(m)[0].startswith("11月26日，")
    assert compose_minutes(UNIT, m).opening.startswith("2026年11月26日，")


# --- end to end with the sample unit -------------------------------------------------------

ALONE = "迎接国家卫生县城复审创卫工作调度会"


def paragraphs_of(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_building_one_meeting_day_writes_its_briefing_with_both_speakers(full_workspace) -> None:
    report = build(full_workspace, units=[SECOND_UNIT], meeting="2026-11-26")
    assert report.ok, [str(p) for f in report.failures for p in f.problems]
    [result] = report.written
    assert result.path.parent == full_workspace / "output" / SECOND_UNIT / "2026年会议"
    assert result.path.name.startswith("创卫工作简报第") and result.path.name.endswith(f"（{ALONE}）.docx")
    text = paragraphs_of(result.path)
    body = "\n".join(text)
    issue = result.path.name.removeprefix("创卫工作简报").split("（")[0]
    assert text[:2] == ["创卫工作简报", issue]
    assert text[2].startswith("示例县城南街道办事处编印")
    assert f"11月26日上午，示例县城南街道办事处在街道三楼会议室召开{ALONE}。" in body
    assert "县创卫办副主任冯某某出席会议" in body  # named with the role once, where it attends
    assert "\n冯某某指出，" in body and "副主任冯某某指出" not in body
    assert "冯某某提出三点要求：一是对照复审标准再排查一遍" in body
    assert "周某某强调：一要压实包片责任，班子成员每天到片区督导。二要实行问题销号" in body
    assert "与会单位负责人分别汇报了本片区复审迎检准备情况和尚未销号的问题。" in body
    assert "会后，冯某某一行实地察看了文昌社区老旧小区和南关农贸市场。" in body
    assert "一要要" not in body


def test_a_full_build_numbers_the_standalone_meeting_after_the_period_and_keeps_it(full_workspace) -> None:
    first = build(full_workspace, units=[SECOND_UNIT])
    assert first.ok
    names = sorted(r.path.name for r in first.written)
    assert f"创卫工作简报第3期（{ALONE}）.docx" in names
    again = build(full_workspace, units=[SECOND_UNIT], meeting="2026-11-26")
    assert [r.path.name for r in again.written] == [f"创卫工作简报第3期（{ALONE}）.docx"]


def test_a_meeting_also_in_the_period_file_fails_that_period_located(full_workspace) -> None:
    unit = full_workspace / "data" / SECOND_UNIT
    write(unit / "meetings", "date: 2026-05-08\ntitle: 农贸市场和“六小”门店整治推进会\n", "dup.yaml")
    report = build(full_workspace, units=[SECOND_UNIT])
    [failure] = report.failures
    assert failure.period == "2026-H1"
    [problem] = failure.problems
    assert problem.location.file.name == "2026-H1.yaml"
    assert problem.field == "meetings[1].title"
    assert "也单独记在 meetings/ 中" in problem.message
    assert not (full_workspace / "output" / SECOND_UNIT / "2026-H1").exists()


def test_a_meeting_in_two_meetings_files_is_an_error(full_workspace) -> None:
    folder = full_workspace / "data" / SECOND_UNIT / "meetings"
    original = folder / "2026-11-26-创卫工作调度会.yaml"
    write(folder, original.read_text(encoding="utf-8"), "copy.yaml")
    report = build(full_workspace, units=[SECOND_UNIT], meeting="2026-11-26")
    assert not report.ok
    assert report.written == []
