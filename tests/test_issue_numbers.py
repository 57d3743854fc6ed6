"""期号: numbers count per unit, series and year, are kept in 期号.yaml and survive rebuilds.

The book is tested on its own (reportgen.issue_numbers.IssueBook) and through build, with the
sample 简报 unit (示例县城南街道办事处) and the sample 纪要 unit (示例县财政局).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import docx
import pytest
import yaml

from conftest import REPO_ROOT, SAMPLE_UNIT, copy_data, replace_once, run
from reportgen.build import build
from reportgen.errors import RecordsError
from reportgen.issue_numbers import IssueBook, Request

TOWN = "示例县城南街道办事处"
HEALTH = "示例县卫生健康局"
MOBILISE = "2026-02-24 2026年创卫工作动员部署会"
MARKETS = "2026-05-08 农贸市场和“六小”门店整治推进会"
REVIEW = "2026-11-26 迎接国家卫生县城复审创卫工作调度会"
WEEKLY = "2026-12-04 简报：2026-12-01等2条"


def _copy_unit(root: Path, unit: str) -> Path:
    copy_data(REPO_ROOT / "data" / unit, root / "data" / unit)
    if (REPO_ROOT / "templates" / unit).is_dir():
        shutil.copytree(REPO_ROOT / "templates" / unit, root / "templates" / unit)
    return root / "data" / unit


@pytest.fixture
def town(tmp_path: Path) -> Path:
    """A workspace with the sample 简报 unit only (its period, its meetings files, its template)."""
    _copy_unit(tmp_path, TOWN)
    return tmp_path


def _unit(root: Path, unit: str = TOWN) -> Path:
    return root / "data" / unit


def _book(root: Path, unit: str = TOWN) -> Path:
    return _unit(root, unit) / "期号.yaml"


def _numbers(root: Path, series: str = "briefing", year: int = 2026, unit: str = TOWN) -> dict[int, str]:
    return IssueBook.read(_book(root, unit)).given.get(series, {}).get(year, {})


def _docx_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.docx")) if folder.is_dir() else []


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(replace_once(path.read_text("utf-8"), old, new), "utf-8")


def _add_period_meeting(root: Path, text: str, unit: str = TOWN) -> None:
    """Add a meeting (YAML list item, indented two spaces) to the unit's 2026-H1 meetings."""
    _edit(_unit(root, unit) / "2026-H1.yaml", "\ninspections:", f"\n{text}\ninspections:")


NEW_MEETING = """\
  - date: 2026-01-15
    time: 上午
    title: 春节前环境卫生部署会
    requirements:
      - 抓好节前环境卫生整治。
"""


# --- the book on its own ------------------------------------------------------------------------


def _request(day: str, title: str, series: str = "briefing", hand: int | None = None) -> Request:
    return Request(series, f"{day} {title}", date.fromisoformat(day), hand)


def test_new_issues_are_numbered_in_date_order(tmp_path: Path) -> None:
    book = IssueBook(tmp_path / "期号.yaml")
    numbers = book.assign([_request("2026-06-01", "丙"), _request("2026-01-10", "甲"),
                           _request("2026-03-05", "乙")])
    assert numbers == {("briefing", "2026-01-10 甲"): 1, ("briefing", "2026-03-05 乙"): 2,
                       ("briefing", "2026-06-01 丙"): 3}
    assert book.changed


def test_numbers_read_back_from_the_file_are_given_again_and_nothing_is_rewritten(
        tmp_path: Path) -> None:
    path = tmp_path / "期号.yaml"
    requests = [_request("2026-01-10", "甲"), _request("2026-03-05", "乙")]
    first = IssueBook(path)
    given = first.assign(requests)
    first.save()
    written = path.read_bytes()
    again = IssueBook.read(path)
    assert again.assign(list(reversed(requests))) == given
    assert not again.changed
    again.save()
    assert path.read_bytes() == written


def test_an_earlier_issue_added_later_takes_the_next_number(tmp_path: Path) -> None:
    path = tmp_path / "期号.yaml"
    book = IssueBook(path)
    book.assign([_request("2026-03-05", "乙"), _request("2026-06-01", "丙")])
    book.save()
    later = IssueBook.read(path)
    numbers = later.assign([_request("2026-01-10", "甲"), _request("2026-03-05", "乙"),
                            _request("2026-06-01", "丙")])
    assert numbers == {("briefing", "2026-01-10 甲"): 3, ("briefing", "2026-03-05 乙"): 1,
                       ("briefing", "2026-06-01 丙"): 2}


def test_numbers_count_per_year_and_per_series(tmp_path: Path) -> None:
    book = IssueBook(tmp_path / "期号.yaml")
    numbers = book.assign([_request("2026-12-20", "甲"), _request("2027-01-05", "乙"),
                           _request("2027-02-01", "丙"), _request("2026-05-01", "会", "minutes")])
    assert numbers[("briefing", "2027-01-05 乙")] == 1
    assert numbers[("briefing", "2027-02-01 丙")] == 2
    assert numbers[("briefing", "2026-12-20 甲")] == 1
    assert numbers[("minutes", "2026-05-01 会")] == 1


def test_a_number_set_by_hand_is_used_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "期号.yaml"
    book = IssueBook(path)
    numbers = book.assign([_request("2026-03-05", "乙", hand=7)])
    assert numbers == {("briefing", "2026-03-05 乙"): 7}
    book.save()
    assert IssueBook.read(path).given == {"briefing": {2026: {7: "2026-03-05 乙"}}}
    later = IssueBook.read(path)
    assert later.assign([_request("2026-04-01", "丁")]) == {("briefing", "2026-04-01 丁"): 8}


def test_a_number_set_by_hand_moves_the_issue_off_its_old_number(tmp_path: Path) -> None:
    path = tmp_path / "期号.yaml"
    book = IssueBook(path)
    book.assign([_request("2026-03-05", "乙")])
    book.assign([_request("2026-03-05", "乙", hand=5)])
    assert book.given["briefing"][2026] == {5: "2026-03-05 乙"}


def test_a_number_set_by_hand_that_another_issue_holds_is_refused_naming_the_book(
        tmp_path: Path) -> None:
    path = tmp_path / "期号.yaml"
    book = IssueBook(path)
    book.assign([_request("2026-01-10", "甲")])
    book.save()
    written = path.read_bytes()
    later = IssueBook.read(path)
    with pytest.raises(RecordsError) as caught:
        later.assign([_request("2026-03-05", "乙", hand=1)])
    message = str(caught.value)
    assert "期号.yaml" in message
    assert "第1期已经是“2026-01-10 甲”的期号" in message
    assert "2026-03-05 乙" in message
    assert path.read_bytes() == written


def test_a_number_edited_in_the_file_is_the_issues_number(tmp_path: Path) -> None:
    path = tmp_path / "期号.yaml"
    book = IssueBook(path)
    book.assign([_request("2026-01-10", "甲"), _request("2026-03-05", "乙")])
    book.save()
    _edit(path, '1: "2026-01-10 甲"', '12: "2026-01-10 甲"')
    later = IssueBook.read(path)
    assert later.assign([_request("2026-01-10", "甲"), _request("2026-03-05", "乙")]) == {
        ("briefing", "2026-01-10 甲"): 12, ("briefing", "2026-03-05 乙"): 2}


def test_a_renamed_issue_of_the_same_day_keeps_its_number(tmp_path: Path) -> None:
    path = tmp_path / "期号.yaml"
    book = IssueBook(path)
    book.assign([_request("2026-01-10", "甲"), _request("2026-03-05", "乙")])
    book.save()
    later = IssueBook.read(path)
    numbers = later.assign([_request("2026-01-10", "甲"), _request("2026-03-05", "乙（改名）")])
    assert numbers[("briefing", "2026-03-05 乙（改名）")] == 2
    assert later.given["briefing"][2026] == {1: "2026-01-10 甲", 2: "2026-03-05 乙（改名）"}


def test_a_claimed_entry_of_the_same_day_is_not_taken_by_another_issue(tmp_path: Path) -> None:
    book = IssueBook(tmp_path / "期号.yaml")
    book.assign([_request("2026-03-05", "上午会")])
    numbers = book.assign([_request("2026-03-05", "上午会"), _request("2026-03-05", "下午会")])
    assert numbers == {("briefing", "2026-03-05 上午会"): 1, ("briefing", "2026-03-05 下午会"): 2}


TRICKY_TITLES = ['“双引号”和"直引号"', "会议：冒号后 # 井号", "a: b #c", "反斜杠\\n不是换行",
                 "'单引号'", "{花括号}, [方括号]", "*星号 &和 !感叹 %百分 @at `反引号",
                 "tab\t制表符", "- 开头是横线", "2026"]


def test_the_file_written_is_yaml_that_reads_back_identically(tmp_path: Path) -> None:
    path = tmp_path / "期号.yaml"
    book = IssueBook(path)
    book.assign([_request(f"2026-01-{n + 1:02d}", title) for n, title in enumerate(TRICKY_TITLES)])
    book.assign([_request("2026-02-01", "纪要一", "minutes"), _request("2027-01-02", "明年")])
    book.save()
    assert isinstance(yaml.safe_load(path.read_text("utf-8")), dict)
    assert IssueBook.read(path).given == book.given
    assert set(book.given["briefing"][2026].values()) == {
        f"2026-01-{n + 1:02d} {t}" for n, t in enumerate(TRICKY_TITLES)}


def test_a_title_with_a_line_break_reads_back_identically(tmp_path: Path) -> None:
    """A meeting title may hold a line break (title: "上半年\\n推进会" is accepted)."""
    path = tmp_path / "期号.yaml"
    book = IssueBook(path)
    book.assign([_request("2026-01-10", "上半年\n推进会")])
    book.save()
    assert IssueBook.read(path).given == book.given


@pytest.mark.parametrize(("text", "line", "field"), [
    ('briefing:\n  2026:\n    第三期: "2026-01-10 甲"\n', 3, "briefing.2026.第三期"),
    ('briefing:\n  二〇二六:\n    1: "2026-01-10 甲"\n', 3, "briefing.二〇二六.1"),
    ('briefing:\n  2026:\n    0: "2026-01-10 甲"\n', 3, "briefing.2026.0"),
    ('briefing:\n  2026:\n    1:\n', 3, "briefing.2026.1"),
    ('简报:\n  2026:\n    1: "2026-01-10 甲"\n', 2, "简报"),  # located at what it holds
])
def test_a_malformed_entry_is_located(tmp_path: Path, text: str, line: int, field: str) -> None:
    path = tmp_path / "期号.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(RecordsError) as caught:
        IssueBook.read(path)
    [problem] = caught.value.problems
    assert problem.location.file == path
    assert problem.location.line == line
    assert problem.field == field
    assert f"期号.yaml:{line}:" in str(problem)




@pytest.mark.parametrize(("text", "line"), [
    ("- 2026-01-10 甲\n- 2026-03-05 乙\n", 1),
    pytest.param('briefing:\n  2026:\n    - "2026-01-10 甲"\n', 3),
    pytest.param('briefing:\n  - 2026\n  - "2026-01-10 甲"\n', 2),
    pytest.param("briefing: 3\n", 1),
])
def test_a_list_or_value_instead_of_a_mapping_is_located(tmp_path: Path, text: str, line: int) -> None:
    """Ignoring it would lose the numbers written there: the next build rewrites the file."""
    path = tmp_path / "期号.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(RecordsError) as caught:
        IssueBook.read(path)
    assert caught.value.problems
    assert all(p.location.file == path for p in caught.value.problems)
    assert caught.value.problems[0].location.line == line


def test_a_book_emptied_by_hand_down_to_its_comments_is_an_empty_book(tmp_path: Path) -> None:
    """Deleting every entry (to start the year's numbering again) keeps the header reportgen
    writes: that is an empty book, not a broken file."""
    path = tmp_path / "期号.yaml"
    book = IssueBook(path)
    book.assign([_request("2026-01-10", "甲")])
    book.save()
    header = "".join(line for line in path.read_text("utf-8").splitlines(keepends=True)
                     if line.startswith("#"))
    path.write_text(header, "utf-8")
    assert IssueBook.read(path).given == {}


# --- through build ------------------------------------------------------------------------------


def test_build_numbers_the_units_issues_in_date_order_and_a_rebuild_keeps_them(town: Path) -> None:
    first = build(town)
    assert first.ok, first.failures
    assert _numbers(town) == {1: MOBILISE, 2: MARKETS, 3: REVIEW, 4: WEEKLY}
    output = town / "output" / TOWN
    assert _docx_names(output / "2026年会议") == [
        "创卫工作简报第3期（迎接国家卫生县城复审创卫工作调度会）.docx", "创卫工作简报第4期.docx"]
    assert "创卫工作简报第1期（2026年创卫工作动员部署会）.docx" in _docx_names(output / "2026-H1")
    book = _book(town).read_bytes()
    again = build(town)
    assert again.ok
    assert {r.outcome.name for r in again.written} == {"UNCHANGED"}
    assert _book(town).read_bytes() == book


def test_first_build_numbers_the_period_files_then_the_meetings_recorded_on_their_own(town: Path) -> None:
    """Numbers are given as documents are first written, period by period and then meetings/,
    and never change after: a meeting recorded in meetings/ but dated between two meetings of
    the period file comes after them (as the README says)."""
    (_unit(town) / "meetings" / "2026-03-01.yaml").write_text(
        "date: 2026-03-01\ntitle: 三月创卫专题会\nrequirements:\n  - 抓好落实。\n", "utf-8")
    assert build(town).ok
    assert _numbers(town) == {1: MOBILISE, 2: MARKETS, 3: "2026-03-01 三月创卫专题会", 4: REVIEW,
                              5: WEEKLY}
    assert build(town).ok
    assert _numbers(town)[3] == "2026-03-01 三月创卫专题会"


def test_a_meeting_dated_earlier_added_after_a_build_gets_the_next_number(town: Path) -> None:
    assert build(town).ok
    before = _docx_names(town / "output" / TOWN / "2026-H1")
    _add_period_meeting(town, NEW_MEETING)
    report = build(town)
    assert report.ok, report.failures
    assert _numbers(town) == {1: MOBILISE, 2: MARKETS, 3: REVIEW, 4: WEEKLY,
                              5: "2026-01-15 春节前环境卫生部署会"}
    after = _docx_names(town / "output" / TOWN / "2026-H1")
    assert sorted(set(after) - set(before)) == ["创卫工作简报第5期（春节前环境卫生部署会）.docx"]
    written = [r.path.name for r in report.written if r.outcome.name == "WRITTEN"]
    assert not any("第1期" in n or "第2期" in n or "第3期" in n or "第4期" in n for n in written)


def test_a_meeting_of_another_year_starts_at_number_1(town: Path) -> None:
    assert build(town).ok
    (_unit(town) / "meetings" / "2027-01.yaml").write_text(
        "date: 2027-01-08\ntitle: 2027年创卫工作务虚会\nrequirements:\n  - 谋划新一年工作。\n", "utf-8")
    assert build(town).ok
    assert _numbers(town, year=2027) == {1: "2027-01-08 2027年创卫工作务虚会"}
    assert _numbers(town)[4] == WEEKLY
    [document] = (town / "output" / TOWN / "2027年会议").glob("*.docx")
    assert document.name == "创卫工作简报第1期（2027年创卫工作务虚会）.docx"
    assert _paragraphs(document)[1] == "第1期"


def test_a_number_set_by_hand_on_a_meeting_is_used_and_recorded(town: Path) -> None:
    _edit(_unit(town) / "2026-H1.yaml", "    title: 农贸市场和“六小”门店整治推进会\n",
          "    title: 农贸市场和“六小”门店整治推进会\n    issue: 7\n")
    report = build(town)
    assert report.ok, report.failures
    document = town / "output" / TOWN / "2026-H1" / "创卫工作简报第7期（农贸市场和“六小”门店整治推进会）.docx"
    assert _paragraphs(document)[:2] == ["创卫工作简报", "第7期"]
    assert _numbers(town)[7] == MARKETS
    assert list(_numbers(town).values()).count(MARKETS) == 1


def test_a_hand_number_held_by_another_issue_is_a_chinese_error_and_nothing_is_written(
        town: Path) -> None:
    shutil.rmtree(_unit(town) / "meetings")
    book = _book(town)
    book.write_text(f'briefing:\n  2026:\n    2: "{MOBILISE}"\n', "utf-8")
    before = book.read_bytes()
    _edit(_unit(town) / "2026-H1.yaml", "    title: 农贸市场和“六小”门店整治推进会\n",
          "    title: 农贸市场和“六小”门店整治推进会\n    issue: 2\n")
    code, out, err = run("build", "-w", town)
    assert code == 1
    assert "简报第2期已经是“2026-02-24 2026年创卫工作动员部署会”的期号" in err
    assert "期号.yaml" in err
    assert f"{TOWN} 2026-H1：有错误，未生成任何文档" in err
    assert "已生成" not in out
    assert not (town / "output" / TOWN).exists() or not list((town / "output" / TOWN).rglob("*.docx"))
    assert book.read_bytes() == before


def test_the_same_hand_number_on_two_meetings_is_located_in_the_records(town: Path) -> None:
    """The clash is between two records, not with 期号.yaml (which does not exist yet)."""
    shutil.rmtree(_unit(town) / "meetings")
    period = _unit(town) / "2026-H1.yaml"
    _edit(period, "    title: 2026年创卫工作动员部署会\n",
          "    title: 2026年创卫工作动员部署会\n    issue: 3\n")
    _edit(period, "    title: 农贸市场和“六小”门店整治推进会\n",
          "    title: 农贸市场和“六小”门店整治推进会\n    issue: 3\n")
    report = build(town)
    [failure] = report.failures
    assert failure.problems
    assert {p.location.file for p in failure.problems} == {period}
    assert not _book(town).exists()
    code, _, err = run("check", "-w", town)
    assert code == 1
    assert "2026-H1.yaml:" in err


def test_editing_the_number_in_the_book_renumbers_that_issue_on_the_next_build(town: Path) -> None:
    assert build(town).ok
    _edit(_book(town), f'1: "{MOBILISE}"', f'9: "{MOBILISE}"')
    report = build(town)
    assert report.ok, report.failures
    folder = town / "output" / TOWN / "2026-H1"
    renumbered = folder / "创卫工作简报第9期（2026年创卫工作动员部署会）.docx"
    assert renumbered.is_file()
    assert _paragraphs(renumbered)[1] == "第9期"
    assert _numbers(town) == {9: MOBILISE, 2: MARKETS, 3: REVIEW, 4: WEEKLY}


def test_renaming_a_meeting_keeps_its_number(town: Path) -> None:
    assert build(town).ok
    _edit(_unit(town) / "2026-H1.yaml", "title: 农贸市场和“六小”门店整治推进会",
          "title: 农贸市场整治推进会")
    report = build(town)
    assert report.ok, report.failures
    assert _numbers(town) == {1: MOBILISE, 2: "2026-05-08 农贸市场整治推进会", 3: REVIEW, 4: WEEKLY}
    document = town / "output" / TOWN / "2026-H1" / "创卫工作简报第2期（农贸市场整治推进会）.docx"
    assert _paragraphs(document)[1] == "第2期"


BROKEN_BOOKS = [
    (f'# 期号\nbriefing:\n  2026:\n    第一期: "{MOBILISE}"\n', 4, "briefing.2026.第一期"),
    ("- 2026-02-24 2026年创卫工作动员部署会\n", 1, ""),
]


@pytest.mark.parametrize(("text", "line", "field"), BROKEN_BOOKS)
def test_a_malformed_book_fails_the_unit_with_located_errors(
        town: Path, text: str, line: int, field: str) -> None:
    _book(town).write_text(text, "utf-8")
    report = build(town)
    [failure] = report.failures
    assert failure.unit == TOWN
    [problem] = failure.problems
    assert problem.location.file.name == "期号.yaml"
    assert (problem.location.line, problem.field) == (line, field)
    assert not report.written
    assert not (town / "output" / TOWN).exists()
    assert _book(town).read_text("utf-8") == text
    code, _, err = run("build", "-w", town)
    assert code == 1
    assert f"期号.yaml:{line}:" in err


@pytest.mark.parametrize(("text", "line", "field"), BROKEN_BOOKS)
def test_check_reports_a_malformed_book_located(town: Path, text: str, line: int, field: str) -> None:
    _book(town).write_text(text, "utf-8")
    code, _, err = run("check", "-w", town)
    assert code == 1
    [located] = [row for row in err.splitlines() if "期号.yaml" in row]
    assert f"期号.yaml:{line}:" in located
    assert field in located
    assert err.splitlines()[-1].startswith("共发现 1 个问题")


def test_a_list_under_a_year_in_the_book_is_an_error_and_the_book_is_kept(town: Path) -> None:
    text = f'briefing:\n  2026:\n    - "{MARKETS}"\n'
    _book(town).write_text(text, "utf-8")
    report = build(town)
    assert not report.ok
    assert _book(town).read_text("utf-8") == text
    assert not list((town / "output").rglob("*.docx"))
    code, _, err = run("check", "-w", town)
    assert code == 1
    assert "期号.yaml:3:" in err


def test_the_book_build_writes_reads_back_and_keeps_titles_with_quotes_colons_and_hashes(
        town: Path) -> None:
    title = '“复审”冲刺: 会议 #1 "攻坚"'
    _edit(_unit(town) / "meetings" / "2026-11-26-创卫工作调度会.yaml",
          "title: 迎接国家卫生县城复审创卫工作调度会", f"title: '{title}'")
    report = build(town)
    assert report.ok, report.failures
    assert yaml.safe_load(_book(town).read_text("utf-8"))["briefing"][2026][3] == f"2026-11-26 {title}"
    book = IssueBook.read(_book(town))
    assert book.given["briefing"][2026][3] == f"2026-11-26 {title}"
    before = _book(town).read_bytes()
    assert build(town).ok
    assert _book(town).read_bytes() == before


def test_an_invalid_record_in_the_period_leaves_the_book_unchanged(town: Path) -> None:
    assert build(town).ok
    before = _book(town).read_bytes()
    _add_period_meeting(town, NEW_MEETING.replace("time: 上午", "time: 凌晨"))
    report = build(town)
    [failure] = report.failures
    assert failure.period == "2026-H1"
    assert _book(town).read_bytes() == before


def test_a_template_error_in_the_period_leaves_the_book_unchanged(town: Path) -> None:
    """The period's new 简报 was not written: its number must not be recorded either, though
    the unit's meetings recorded on their own built fine."""
    assert build(town).ok
    before = _book(town).read_bytes()
    _add_period_meeting(town, NEW_MEETING)
    broken = docx.Document()
    broken.add_paragraph("{{ no_such_name }}")
    broken.save(str(town / "templates" / TOWN / "summary.docx"))
    report = build(town)
    [failure] = report.failures
    assert failure.period == "2026-H1"
    assert "no_such_name" in failure.message
    folder = town / "output" / TOWN / "2026-H1"
    assert not (folder / "创卫工作简报第5期（春节前环境卫生部署会）.docx").exists()
    assert _book(town).read_bytes() == before


def test_a_template_error_on_a_first_build_writes_no_book(town: Path) -> None:
    shutil.rmtree(_unit(town) / "meetings")
    broken = docx.Document()
    broken.add_paragraph("{{ issue }}{{ no_such_name }}")
    broken.save(str(town / "templates" / "briefing.docx"))
    report = build(town)
    assert not report.ok
    assert not _book(town).exists()
    assert not list((town / "output").rglob("*.docx"))


# --- 纪要 ---------------------------------------------------------------------------------------


def test_a_unit_with_numbered_minutes_gets_issue_1_on_its_minutes(tmp_path: Path) -> None:
    _copy_unit(tmp_path, HEALTH)
    assert build(tmp_path).ok
    [minutes] = (tmp_path / "output" / HEALTH / "2026-H1").glob("*紀要*.docx")
    assert _paragraphs(minutes)[:2] == ["衛生健康系統愛國衛生工作會議紀要", "第1期"]
    assert _numbers(tmp_path, "minutes", unit=HEALTH) == {1: "2026-03-12 衛生健康系統愛國衛生工作會議"}


def test_numbered_minutes_count_in_date_order(workspace: Path) -> None:
    unit_file = workspace / "data" / SAMPLE_UNIT / "unit.yaml"
    unit_file.write_text(unit_file.read_text("utf-8") + "minutes_numbered: 是\n", "utf-8")
    assert build(workspace, kinds=["minutes"]).ok
    folder = workspace / "output" / SAMPLE_UNIT / "2026-H1"
    issues = {p.name: _paragraphs(p)[1] for p in folder.glob("*纪要*.docx")}
    assert issues == {"2026年爱国卫生工作部署会纪要（1月10日）.docx": "第1期",
                      "爱国卫生月活动动员会纪要（3月30日）.docx": "第2期",
                      "创卫迎检工作推进会纪要（6月3日）.docx": "第3期"}


def test_minutes_of_an_unnumbered_unit_carry_no_issue(workspace: Path) -> None:
    assert build(workspace, kinds=["minutes"]).ok
    folder = workspace / "output" / SAMPLE_UNIT / "2026-H1"
    documents = sorted(folder.glob("*纪要*.docx"))
    assert len(documents) == 3
    for document in documents:
        assert not any(p.startswith("第") and p.endswith("期") for p in _paragraphs(document)), document.name
    assert not _book(workspace, SAMPLE_UNIT).exists()


def test_a_meeting_with_an_issue_set_gets_it_on_its_minutes_in_an_unnumbered_unit(
        workspace: Path) -> None:
    _edit(workspace / "data" / SAMPLE_UNIT / "2026-H1.yaml", "    title: 爱国卫生月活动动员会\n",
          "    title: 爱国卫生月活动动员会\n    issue: 4\n")
    assert build(workspace, kinds=["minutes"]).ok
    folder = workspace / "output" / SAMPLE_UNIT / "2026-H1"
    numbered = _paragraphs(folder / "爱国卫生月活动动员会纪要（3月30日）.docx")
    assert numbered[:2] == ["爱国卫生月活动动员会纪要", "第4期"]
    plain = _paragraphs(folder / "创卫迎检工作推进会纪要（6月3日）.docx")
    assert not any(p.endswith("期") and p.startswith("第") for p in plain)
    assert _numbers(workspace, "minutes", unit=SAMPLE_UNIT) == {4: "2026-03-30 爱国卫生月活动动员会"}
