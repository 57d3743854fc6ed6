"""Meetings recorded on their own (data/<单位>/meetings/*.yaml): built at once with
``reportgen build --meeting``, counted by the period's summary, checked by ``reportgen check``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

from conftest import REPO_ROOT, SAMPLE_UNIT, copy_data, replace_once, run
from reportgen.build import build

TOWN = "示例县城南街道办事处"
HEALTH = "示例县卫生健康局"
REVIEW_BRIEFING = "创卫工作简报第1期（迎接国家卫生县城复审创卫工作调度会）.docx"


@pytest.fixture
def town(tmp_path: Path) -> Path:
    """A workspace with the sample 简报 unit only (its period, its meetings files, its template)."""
    copy_data(REPO_ROOT / "data" / TOWN, tmp_path / "data" / TOWN)
    shutil.copytree(REPO_ROOT / "templates" / TOWN, tmp_path / "templates" / TOWN)
    return tmp_path


BARE_UNIT = "示例县某某社区"


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    """A unit with no period file at all: unit.yaml and meetings/ only."""
    unit = tmp_path / "data" / BARE_UNIT
    (unit / "meetings").mkdir(parents=True)
    (unit / "unit.yaml").write_text(f"name: {BARE_UNIT}\ntheme: 创卫工作\nminutes_form: 简报\n", "utf-8")
    return tmp_path


def _meetings(root: Path, unit: str = TOWN) -> Path:
    return root / "data" / unit / "meetings"


def _docx(root: Path) -> list[str]:
    """Every document under output/, relative to it."""
    output = root / "output"
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.docx")) if output.is_dir() else []


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


ONE_MEETING = """\
date: 2026-10-10
time: 下午
title: 社区环境卫生整治推进会
host: 社区书记赵某某
participants:
  - 各网格长
requirements:
  - 抓好楼道堆物清理。
  - 抓好背街小巷保洁。
"""


# --- build --meeting ----------------------------------------------------------------------------


def test_build_meeting_writes_only_that_meetings_briefing(full_workspace: Path) -> None:
    code, out, err = run("build", "-w", full_workspace, "--meeting", "2026-11-26")
    assert code == 0, err
    assert _docx(full_workspace) == [f"{TOWN}/2026年会议/{REVIEW_BRIEFING}"]
    assert out.splitlines()[-1] == "完成：生成 1 份，无变化 0 份"
    document = full_workspace / "output" / TOWN / "2026年会议" / REVIEW_BRIEFING
    assert "召开迎接国家卫生县城复审创卫工作调度会" in _paragraphs(document)[4]


def test_build_meeting_of_a_period_file_writes_only_its_briefing(town: Path) -> None:
    code, _, err = run("build", "-w", town, "--meeting", "2026-05-08")
    assert code == 0, err
    assert _docx(town) == [f"{TOWN}/2026-H1/创卫工作简报第1期（农贸市场和“六小”门店整治推进会）.docx"]


def test_build_meeting_needs_no_period_file(bare: Path) -> None:
    (_meetings(bare, BARE_UNIT) / "x.yaml").write_text(ONE_MEETING, "utf-8")
    code, _, err = run("build", "-w", bare, "--meeting", "2026-10-10")
    assert code == 0, err
    assert _docx(bare) == [f"{BARE_UNIT}/2026年会议/创卫工作简报第1期（社区环境卫生整治推进会）.docx"]
    assert "期间台账" not in err
    paragraphs = _paragraphs(bare / "output" / BARE_UNIT / "2026年会议" /
                             "创卫工作简报第1期（社区环境卫生整治推进会）.docx")
    assert paragraphs[:2] == ["创卫工作简报", "第1期"]
    assert any(p.startswith("10月10日下午，示例县某某社区召开社区环境卫生整治推进会") for p in paragraphs)


def test_build_without_meeting_also_builds_a_unit_without_a_period_file(bare: Path) -> None:
    (_meetings(bare, BARE_UNIT) / "x.yaml").write_text(ONE_MEETING, "utf-8")
    report = build(bare)
    assert report.ok, report.failures
    assert _docx(bare) == [f"{BARE_UNIT}/2026年会议/创卫工作简报第1期（社区环境卫生整治推进会）.docx"]


@pytest.mark.parametrize(("day", "message"), [
    ("2026-13-01", "--meeting："),
    ("11月26日", "“11月26日”不是日期，应写作 2026-03-20"),
    ("abc", "“abc”不是日期，应写作 2026-03-20"),
])
def test_build_meeting_with_an_invalid_date_is_refused_in_chinese(town: Path, day: str, message: str) -> None:
    code, _, err = run("build", "-w", town, "--meeting", day)
    assert code == 1
    assert err.startswith("错误：--meeting：")
    assert message in err
    assert "Traceback" not in err
    assert _docx(town) == []


@pytest.mark.parametrize("kind", ["summary", "report", "总结", "汇报"])
def test_build_meeting_with_another_kind_is_refused_in_chinese(town: Path, kind: str) -> None:
    code, _, err = run("build", "-w", town, "--meeting", "2026-11-26", "--kind", kind)
    assert code == 1
    assert "--meeting 只生成会议纪要和简报" in err
    assert _docx(town) == []


@pytest.mark.parametrize("kind", ["minutes", "简报", "纪要"])
def test_build_meeting_with_the_minutes_kind_builds(town: Path, kind: str) -> None:
    code, _, err = run("build", "-w", town, "--meeting", "2026-11-26", "--kind", kind)
    assert code == 0, err
    assert _docx(town) == [f"{TOWN}/2026年会议/{REVIEW_BRIEFING}"]


def test_build_meeting_on_a_day_without_a_meeting_builds_nothing(full_workspace: Path) -> None:
    code, out, err = run("build", "-w", full_workspace, "--meeting", "2026-11-27")
    assert code == 0, err
    assert "生成 0 份" in out
    assert _docx(full_workspace) == []
    assert not any((full_workspace / "data" / u / "期号.yaml").exists()
                   for u in (TOWN, HEALTH, SAMPLE_UNIT))


# --- the three forms of a meetings file ---------------------------------------------------------


def test_a_file_of_one_meeting_builds(bare: Path) -> None:
    (_meetings(bare, BARE_UNIT) / "one.yaml").write_text(ONE_MEETING, "utf-8")
    assert build(bare).ok
    assert _docx(bare) == [f"{BARE_UNIT}/2026年会议/创卫工作简报第1期（社区环境卫生整治推进会）.docx"]


def test_a_file_holding_a_list_of_meetings_builds_each(bare: Path) -> None:
    second = ONE_MEETING.replace("2026-10-10", "2026-10-20").replace("推进会", "讲评会")
    text = "".join("- " + "\n  ".join(m.rstrip("\n").splitlines()) + "\n" for m in (ONE_MEETING, second))
    (_meetings(bare, BARE_UNIT) / "list.yaml").write_text(text, "utf-8")
    report = build(bare)
    assert report.ok, report.failures
    assert _docx(bare) == [f"{BARE_UNIT}/2026年会议/创卫工作简报第1期（社区环境卫生整治推进会）.docx",
                           f"{BARE_UNIT}/2026年会议/创卫工作简报第2期（社区环境卫生整治讲评会）.docx"]


WEEK = """\
meetings:
  - date: 2026-10-10
    time: 上午
    title: 甲片区创卫调度会
    requirements:
      - 抓好甲片区整改。
  - date: 2026-10-12
    time: 14:30
    title: 乙片区创卫调度会
    requirements:
      - 抓好乙片区整改。
  - date: 2026-10-14
    title: 丙片区创卫调度会
    requirements:
      - 抓好丙片区整改。
briefings:
  - date: 2026-10-16
    items:
      - headline: 社区开展周末志愿服务
        paragraphs:
          - 10月11日，社区组织志愿者清理楼道堆物。
      - 2026-10-12
      - 2026-10-10
"""


def test_a_file_of_meetings_and_briefings_builds(bare: Path) -> None:
    (_meetings(bare, BARE_UNIT) / "week.yaml").write_text(WEEK, "utf-8")
    report = build(bare)
    assert report.ok, report.failures
    # numbered in date order: the meeting of 10-14 (丙), then the 简报 printed on 10-16
    assert _docx(bare) == [f"{BARE_UNIT}/2026年会议/创卫工作简报第1期（丙片区创卫调度会）.docx",
                           f"{BARE_UNIT}/2026年会议/创卫工作简报第2期.docx"]


def test_a_briefing_of_several_items_keeps_their_order_and_carries_its_meetings(bare: Path) -> None:
    (_meetings(bare, BARE_UNIT) / "week.yaml").write_text(WEEK, "utf-8")
    assert build(bare).ok
    folder = bare / "output" / BARE_UNIT / "2026年会议"
    assert not list(folder.glob("*甲片区*")) and not list(folder.glob("*乙片区*"))
    paragraphs = _paragraphs(folder / "创卫工作简报第2期.docx")
    assert paragraphs[:3] == ["创卫工作简报", "第2期", f"{BARE_UNIT}编印\t2026年10月16日"]
    headlines = ["社区开展周末志愿服务", f"{BARE_UNIT}召开乙片区创卫调度会",
                 f"{BARE_UNIT}召开甲片区创卫调度会"]
    where = [paragraphs.index(h) for h in headlines]
    assert where == sorted(where)
    body = "\n".join(paragraphs)
    order = [body.index(t) for t in ("10月11日，社区组织志愿者", "10月12日下午2时30分", "10月10日上午")]
    assert order == sorted(order)
    assert "抓好乙片区整改" in body and "抓好甲片区整改" in body
    assert "丙片区" not in body


def test_build_meeting_of_a_carried_meeting_builds_the_briefing_that_carries_it(bare: Path) -> None:
    (_meetings(bare, BARE_UNIT) / "week.yaml").write_text(WEEK, "utf-8")
    code, _, err = run("build", "-w", bare, "--meeting", "2026-10-10")
    assert code == 0, err
    assert _docx(bare) == [f"{BARE_UNIT}/2026年会议/创卫工作简报第1期.docx"]


def test_the_sample_weekly_briefing_carries_its_meeting(town: Path) -> None:
    assert build(town).ok
    folder = town / "output" / TOWN / "2026年会议"
    assert sorted(p.name for p in folder.glob("*.docx")) == [
        "创卫工作简报第3期（迎接国家卫生县城复审创卫工作调度会）.docx", "创卫工作简报第4期.docx"]
    paragraphs = [p.replace("\n", "") for p in _paragraphs(folder / "创卫工作简报第4期.docx")]
    first = paragraphs.index(f"{TOWN}召开社区网格员创卫业务培训会")
    second = paragraphs.index("城南街道开展“清洁家园”周末志愿服务")
    assert first < second


def test_a_meeting_on_its_own_carried_by_a_periods_briefing_gets_no_briefing_of_its_own(
        town: Path) -> None:
    (_meetings(town) / "june.yaml").write_text(
        "date: 2026-06-05\ntitle: 六月创卫专题会\nrequirements:\n  - 抓好落实。\n", "utf-8")
    period = town / "data" / TOWN / "2026-H1.yaml"
    period.write_text(replace_once(
        period.read_text("utf-8"), "\ninspections:",
        "\nbriefings:\n  - date: 2026-06-10\n    items:\n      - 2026-06-05\n"
        "      - headline: 社区开展志愿服务\n        paragraphs:\n          - 志愿者清理楼道堆物。\n"
        "\ninspections:"), "utf-8")
    report = build(town, kinds=["minutes"])
    assert report.ok, report.failures
    carrying = [d for d in _docx(town) if d.endswith("2026-H1/创卫工作简报第3期.docx")]
    assert carrying
    assert "六月创卫专题会" in "\n".join(_paragraphs(town / "output" / carrying[0]))
    assert not [d for d in _docx(town) if "六月创卫专题会" in d]


# --- the period's summary counts them -----------------------------------------------------------


def _meetings_held(root: Path) -> tuple[str, str]:
    [summary] = (root / "output" / TOWN / "2026-H1").glob("*工作总结.docx")
    text = "\n".join(_paragraphs(summary))
    return (re.search(r"召开专题会议(\d+)次", text)[1],  # type: ignore[index]
            re.search(r"议定事项(\d+)项", text)[1])  # type: ignore[index]


def test_the_summary_counts_meetings_recorded_on_their_own_within_its_period(town: Path) -> None:
    assert build(town, kinds=["summary"]).ok
    assert _meetings_held(town) == ("2", "6")
    (_meetings(town) / "april.yaml").write_text(
        "date: 2026-04-16\ntitle: 四月创卫专题会\nrequirements:\n  - 抓好落实。\n"
        "decisions:\n  - text: 完成背街小巷复查。\n    owner: 城管办\n", "utf-8")
    assert build(town, kinds=["summary"]).ok
    assert _meetings_held(town) == ("3", "7")


def test_the_summary_does_not_count_a_meeting_outside_its_period(town: Path) -> None:
    (_meetings(town) / "july.yaml").write_text(
        "date: 2026-07-01\ntitle: 七月创卫专题会\nrequirements:\n  - 抓好落实。\n", "utf-8")
    assert build(town, kinds=["summary"]).ok
    assert _meetings_held(town) == ("2", "6")


def _report_meetings(root: Path) -> str:
    [report] = (root / "output" / TOWN / "2026-H1").glob("*情况汇报.docx")
    return re.search(r"召开专题会议\d+次，议定事项\d+项", "\n".join(_paragraphs(report)))[0]  # type: ignore[index]


def test_the_report_counts_meetings_recorded_on_their_own_within_its_span(town: Path) -> None:
    """The sample report covers 3月1日—6月30日: one meeting of the period file falls in it."""
    assert build(town, kinds=["report"]).ok
    assert _report_meetings(town) == "召开专题会议1次，议定事项3项"
    (_meetings(town) / "april.yaml").write_text(
        "date: 2026-04-16\ntitle: 四月创卫专题会\nrequirements:\n  - 抓好落实。\n"
        "decisions:\n  - text: 完成背街小巷复查。\n    owner: 城管办\n", "utf-8")
    assert build(town, kinds=["report"]).ok
    assert _report_meetings(town) == "召开专题会议2次，议定事项4项"


# --- errors --------------------------------------------------------------------------------------


def test_a_meeting_recorded_twice_is_a_located_error_and_its_period_writes_nothing(
        town: Path) -> None:
    """The period that counts the meeting twice fails, located; the meetings recorded on their
    own still build (the copy in meetings/ is the same meeting, so its 简报 and 期号 stay right
    whichever copy the clerk keeps)."""
    twice = _meetings(town) / "twice.yaml"
    twice.write_text("date: 2026-02-24\ntitle: 2026年创卫工作动员部署会\nrequirements:\n  - 抓好落实。\n",
                     "utf-8")
    code, _, err = run("build", "-w", town)
    assert code == 1
    period = (town / "data" / TOWN / "2026-H1.yaml").read_text("utf-8")
    line = period[:period.index("title: 2026年创卫工作动员部署会")].count("\n") + 1
    assert f"2026-H1.yaml:{line}:" in err
    assert "也单独记在 meetings/ 中，会重复计数：请只保留一处" in err
    assert not [p for p in _docx(town) if "/2026-H1/" in p]
    assert all("/2026年会议/" in p for p in _docx(town))


BROKEN_MEETINGS = [
    ("time: 上午", "time: 凌晨", "time", "“凌晨”不是时间"),
    ("speakers:", "speeker: 周某某\nspeakers:", "speeker", "未知字段“speeker”"),
]


def _break(root: Path, old: str, new: str, field: str) -> tuple[Path, int]:
    """Break the sample meeting file (one meeting, its fields at the top); the line of *field*."""
    path = _meetings(root) / "2026-11-26-创卫工作调度会.yaml"
    text = replace_once(path.read_text("utf-8"), old, new)
    path.write_text(text, "utf-8")
    return path, text[:text.index(new)].count("\n") + 1 + new[:new.index(field)].count("\n")


@pytest.mark.parametrize(("old", "new", "field", "message"), BROKEN_MEETINGS)
def test_a_broken_meetings_file_fails_its_unit_alone_and_writes_nothing_of_it(
        full_workspace: Path, old: str, new: str, field: str, message: str) -> None:
    _break(full_workspace, old, new, field)
    code, _, err = run("build", "-w", full_workspace)
    assert code == 1
    [named] = [row for row in err.splitlines() if "meetings/2026-11-26-创卫工作调度会.yaml:" in row]
    assert message in named
    assert f"\n{TOWN}：有错误，未生成任何文档" in err  # the whole unit, not a period named "meetings"
    assert "1 个单位未生成" in err
    documents = _docx(full_workspace)
    assert not any(d.startswith(TOWN) for d in documents)  # not even its period's documents
    assert any(d.startswith(f"{SAMPLE_UNIT}/2026-H1/") for d in documents)
    assert any(d.startswith(f"{HEALTH}/2026-H1/") for d in documents)
    assert not (full_workspace / "data" / TOWN / "期号.yaml").exists()


@pytest.mark.parametrize(("old", "new", "field", "message"), BROKEN_MEETINGS)
def test_a_broken_one_meeting_file_is_located_at_the_field(
        town: Path, old: str, new: str, field: str, message: str) -> None:
    path, line = _break(town, old, new, field)
    [failure] = build(town).failures
    [problem] = failure.problems
    assert problem.location.file == path
    assert (problem.location.line, problem.field) == (line, field), str(problem)
    assert message in problem.message


def test_a_broken_meeting_in_a_list_file_is_located(town: Path) -> None:
    path = _meetings(town) / "list.yaml"
    path.write_text("- date: 2026-10-10\n  title: 甲会\n- date: 2026-10-12\n  title: 乙会\n"
                    "  time: 凌晨\n", "utf-8")
    report = build(town)
    [failure] = report.failures
    [problem] = failure.problems
    assert (problem.location.file, problem.location.line, problem.field) == (path, 5, "[1].time")
    assert "“凌晨”不是时间" in problem.message
    assert _docx(town) == []


def test_a_briefing_naming_no_meeting_is_located(town: Path) -> None:
    path = _meetings(town) / "2026-12-第一周.yaml"
    text = replace_once(path.read_text("utf-8"), "      - 2026-12-01\n", "      - 2026-12-02\n")
    path.write_text(text, "utf-8")
    line = text[:text.index("- 2026-12-02")].count("\n") + 1
    report = build(town)
    [failure] = report.failures
    assert failure.unit == TOWN
    [problem] = failure.problems
    assert problem.location.file == path
    assert problem.location.line == line
    assert "找不到 2026-12-02 的会议" in problem.message
    assert _docx(town) == []


def test_check_counts_meetings_files(town: Path) -> None:
    code, out, err = run("check", "-w", town)
    assert code == 0, err
    assert out.strip() == "检查通过：1 个单位信息文件、1 个期间文件、2 个会议文件"


@pytest.mark.parametrize(("old", "new", "field", "message"), BROKEN_MEETINGS)
def test_check_reports_a_broken_meetings_file(
        town: Path, old: str, new: str, field: str, message: str) -> None:
    _break(town, old, new, field)
    code, _, err = run("check", "-w", town)
    assert code == 1
    [named] = [row for row in err.splitlines() if "创卫工作调度会.yaml:" in row]
    assert re.search(r"meetings/2026-11-26-创卫工作调度会\.yaml:\d+:\d+ ", named), named
    assert message in named
    assert err.splitlines()[-1] == "共发现 1 个问题（检查了 1 个单位信息文件、1 个期间文件、2 个会议文件）"


def test_check_locates_the_problem_in_a_meetings_file(town: Path) -> None:
    (_meetings(town) / "list.yaml").write_text(
        "- date: 2026-10-10\n  title: 甲会\n- date: 2026-10-12\n  title: 乙会\n  speeker: 周某某\n", "utf-8")
    code, _, err = run("check", "-w", town)
    assert code == 1
    assert re.search(r"meetings/list\.yaml:5:3 \[1\]\.speeker: 未知字段“speeker”", err), err
    assert err.splitlines()[-1] == "共发现 1 个问题（检查了 1 个单位信息文件、1 个期间文件、3 个会议文件）"


def test_check_reports_a_meeting_recorded_twice(town: Path) -> None:
    (_meetings(town) / "twice.yaml").write_text(
        "date: 2026-02-24\ntitle: 2026年创卫工作动员部署会\nrequirements:\n  - 抓好落实。\n", "utf-8")
    code, _, err = run("check", "-w", town)
    assert code == 1
    assert "2026-H1.yaml:" in err and "会重复计数" in err
    assert "3 个会议文件" in err.splitlines()[-1]


def test_an_empty_meetings_file_is_a_located_error(town: Path) -> None:
    (_meetings(town) / "empty.yaml").write_text("", "utf-8")
    code, _, err = run("check", "-w", town)
    assert code == 1
    assert "empty.yaml:1:1" in err
