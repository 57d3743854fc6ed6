"""Templates as a user meets them: `templates list / eject / check`, the override order
(unit > workspace > built-in) in a real build, and hostile templates refused in Chinese."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from docx.document import Document as DocxDocument

from conftest import SAMPLE_PERIOD, SAMPLE_UNIT, SECOND_UNIT, THIRD_UNIT, run
from reportgen.build import build
from reportgen.defaults import default_template_path
from reportgen.lint import lint_template
from test_layout import NS, effective, sid, w

UNIT_SUMMARY = f"templates/{SECOND_UNIT}/summary.docx"


def listing(first: dict[str, str], second: dict[str, str]) -> list[list[str]]:
    """The expected `templates list` rows: units sorted, kinds in build order. The third unit
    writes 纪要 like the first and has no templates of its own, so it resolves as the first."""
    return [[THIRD_UNIT, label, where] for label, where in first.items()] + [
        [SECOND_UNIT, label, where] for label, where in second.items()] + [
        [SAMPLE_UNIT, label, where] for label, where in first.items()]


def rows(out: str) -> list[list[str]]:
    """`templates list` output as columns, under its header line 单位 文书 模板."""
    header, *lines = [line.split() for line in out.splitlines()]
    assert header == ["单位", "文书", "模板"]
    return lines


def builtin(name: str) -> str:
    return f"内置默认模板（{name}.docx）"


def make_template(path: Path, *texts: str) -> Path:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


@pytest.fixture
def ws(full_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The full sample workspace as the current directory, so paths print as templates/…."""
    monkeypatch.chdir(full_workspace)
    return full_workspace


# ---------------------------------------------------------------- templates list


def test_list_shows_the_resolved_template_of_every_unit_and_kind(ws: Path) -> None:
    code, out, err = run("templates", "list", "-w", ws)
    assert code == 0, err
    assert rows(out) == listing(
        {"工作总结": builtin("summary"), "会议纪要": builtin("minutes"), "情况汇报": builtin("report")},
        {"工作总结": UNIT_SUMMARY, "会议简报": builtin("briefing"), "情况汇报": builtin("report")})


def test_list_follows_the_override_order_after_ejecting(ws: Path) -> None:
    assert run("templates", "eject", "summary", "-w", ws)[0] == 0
    assert run("templates", "eject", "minutes", "-u", SECOND_UNIT, "-w", ws)[0] == 0
    assert run("templates", "eject", "minutes", "-w", ws)[0] == 0

    code, out, err = run("templates", "list", "-w", ws)
    assert code == 0, err
    assert rows(out) == listing(
        # workspace templates beat the built-in ones …
        {"工作总结": "templates/summary.docx", "会议纪要": "templates/minutes.docx",
         "情况汇报": builtin("report")},
        # … and a unit's own beat the workspace's
        {"工作总结": UNIT_SUMMARY, "会议简报": f"templates/{SECOND_UNIT}/briefing.docx",
         "情况汇报": builtin("report")})


# ---------------------------------------------------------------- templates eject


def test_eject_copies_the_built_in_template_to_the_workspace(ws: Path) -> None:
    code, out, err = run("templates", "eject", "summary", "-w", ws)
    assert code == 0, err
    assert out.splitlines()[0] == "已导出 templates/summary.docx"
    assert "reportgen templates check" in out
    assert (ws / "templates" / "summary.docx").read_bytes() == default_template_path(
        "summary").read_bytes()


def test_eject_minutes_for_a_briefing_unit_copies_the_briefing_template(ws: Path) -> None:
    code, out, err = run("templates", "eject", "minutes", "-u", SECOND_UNIT, "-w", ws)
    assert code == 0, err
    assert out.splitlines()[0] == f"已导出 templates/{SECOND_UNIT}/briefing.docx"
    target = ws / "templates" / SECOND_UNIT / "briefing.docx"
    assert target.read_bytes() == default_template_path("briefing").read_bytes()
    assert not (ws / "templates" / SECOND_UNIT / "minutes.docx").exists()


def test_eject_minutes_for_a_minutes_unit_copies_the_minutes_template(ws: Path) -> None:
    code, out, _ = run("templates", "eject", "minutes", "-u", SAMPLE_UNIT, "-w", ws)
    assert code == 0
    assert out.splitlines()[0] == f"已导出 templates/{SAMPLE_UNIT}/minutes.docx"


def test_eject_never_overwrites(ws: Path) -> None:
    assert run("templates", "eject", "summary", "-w", ws)[0] == 0
    target = ws / "templates" / "summary.docx"
    target.write_bytes(b"edited in Word")
    code, out, err = run("templates", "eject", "summary", "-w", ws)
    assert code == 1
    assert out == ""
    assert err.strip() == ("错误：templates/summary.docx 已存在，未覆盖（如要重新导出，请先移走或改名）")
    assert target.read_bytes() == b"edited in Word"


def test_eject_never_overwrites_a_units_own_template(ws: Path) -> None:
    target = ws / UNIT_SUMMARY
    before = target.read_bytes()
    code, _, err = run("templates", "eject", "summary", "-u", SECOND_UNIT, "-w", ws)
    assert code == 1
    assert f"{UNIT_SUMMARY} 已存在，未覆盖" in err
    assert target.read_bytes() == before


def test_eject_of_an_unknown_name_lists_the_choices(ws: Path) -> None:
    code, out, err = run("templates", "eject", "letter", "-w", ws)
    assert code == 1
    assert out == ""
    assert err.strip() == ("错误：没有名为“letter”的模板，可选：summary（工作总结）、minutes（会议纪要）、"
                           "briefing（会议简报）、report（情况汇报）、notice（考评结果通报）")
    assert not (ws / "templates" / "letter.docx").exists()


def test_eject_for_an_unknown_unit_names_the_units(ws: Path) -> None:
    code, _, err = run("templates", "eject", "summary", "-u", "不存在的单位", "-w", ws)
    assert code == 1
    assert "找不到单位“不存在的单位”" in err
    assert not (ws / "templates" / "不存在的单位").exists()


# ---------------------------------------------------------------- templates check


def test_check_passes_on_ejected_templates(ws: Path) -> None:
    for args in (("summary",), ("minutes", "-u", SECOND_UNIT), ("report",), ("minutes",)):
        assert run("templates", "eject", *args, "-w", ws)[0] == 0
    code, out, err = run("templates", "check", "-w", ws)
    assert code == 0, err
    assert out.strip() == "检查通过：5 个模板"  # the four ejected and the unit's own summary


def test_check_reports_every_finding_of_broken_templates(ws: Path) -> None:
    split = docx.Document()
    paragraph = split.add_paragraph()
    paragraph.add_run("{{ ti").bold = True
    paragraph.add_run("tle }}")
    (ws / "templates" / "summary.docx").parent.mkdir(exist_ok=True)
    split.save(str(ws / "templates" / "summary.docx"))
    make_template(ws / "templates" / "report.docx", "{{ title }}", "{% if %}")
    make_template(ws / "templates" / SAMPLE_UNIT / "minutes.docx", "{{ mark }}", "{{ ledger }}")

    code, out, err = run("templates", "check", "-w", ws)

    assert code == 1
    assert out == ""
    lines = err.splitlines()
    expected = [f for path in sorted(Path("templates").rglob("*.docx")) for f in lint_template(path)]
    assert len(expected) == 3
    assert lines == [str(f) for f in expected] + ["共发现 3 个问题（检查了 4 个模板）"]
    assert lines[0].startswith("模板 templates/report.docx 正文第 2 段（“{% if %}”）：模板语法错误")
    assert lines[1].startswith("模板 templates/summary.docx 正文第 1 段（“{{ title }}”）：标签被 Word 拆成了")
    assert lines[2].startswith(f"模板 templates/{SAMPLE_UNIT}/minutes.docx 正文第 2 段（“{{{{ ledger }}}}”）")
    assert "用到了不存在的名称“ledger”" in lines[2]


def test_check_given_files_checks_only_those(ws: Path) -> None:
    bad = make_template(ws / "elsewhere" / "summary.docx", "{{ titel }}")
    code, _, err = run("templates", "check", bad, "-w", ws)
    assert code == 1
    assert "elsewhere/summary.docx" in err
    assert "“titel”" in err
    assert err.splitlines()[-1] == "共发现 1 个问题（检查了 1 个模板）"


def test_check_without_templates_says_the_built_in_ones_are_used(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)
    code, out, err = run("templates", "check", "-w", workspace)
    assert code == 0, err
    assert out.strip() == "templates/ 下没有自定义模板，将使用内置模板"


# ---------------------------------------------------------------- the override in a real build


def _summary(ws: Path, unit: str) -> DocxDocument:
    theme = {SAMPLE_UNIT: "爱国卫生工作", SECOND_UNIT: "创卫工作"}[unit]
    path = ws / "output" / unit / SAMPLE_PERIOD / f"{unit}2026年上半年{theme}总结.docx"
    return docx.Document(str(path))


def test_build_uses_the_units_own_summary_template(ws: Path) -> None:
    report = build(ws)
    assert report.ok, report.failures
    document = _summary(ws, SECOND_UNIT)
    activities = yaml.safe_load((ws / "data" / SECOND_UNIT / f"{SAMPLE_PERIOD}.yaml")
                                .read_text("utf-8"))["activities"]
    [table] = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert len(rows) == len(activities) + 1
    assert rows[0] == ["日期", "类别", "活动", "地点", "主要数据"]
    for row, activity in zip(rows[1:], activities, strict=True):
        day = activity["date"]
        figures = "、".join(f"{k}{v}" for k, v in activity["metrics"].items())
        assert row == [f"{day.month}月{day.day}日", activity["category"], activity["title"],
                       activity["place"], figures]
    assert effective(document, "GwHeading1", "w:pPr/w:jc", "val") == "center"
    assert any(sid(p) == "GwHeading1" for p in document.paragraphs)


def test_the_other_unit_still_uses_the_built_in_summary(ws: Path) -> None:
    assert build(ws).ok
    document = _summary(ws, SAMPLE_UNIT)
    assert document.tables == []
    assert document.element.body.find(".//w:tbl", NS) is None
    assert effective(document, "GwHeading1", "w:pPr/w:jc", "val") == "both"
    heading1 = document.styles.element.find("w:style[@w:styleId='GwHeading1']", NS)
    assert heading1.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "黑体"


# ---------------------------------------------------------------- hostile templates


HOSTILE = ["{{ ''.__class__.__mro__ }}", "{{ title.__class__.__mro__[1].__subclasses__() }}",
           "{{ ''|attr('__class__') }}", "{% for c in ''.__class__.__mro__ %}{{ c }}{% endfor %}",
           "{{ parts[0].__class__ }}", "{{ lipsum.__globals__ }}", "{{ range.__self__ }}",
           "{{ title.format.__globals__ }}"]


@pytest.mark.parametrize("expression", HOSTILE)
def test_hostile_template_is_refused_in_chinese_for_every_unit_using_it(
        ws: Path, expression: str) -> None:
    (ws / UNIT_SUMMARY).unlink()  # every unit now resolves templates/summary.docx
    make_template(ws / "templates" / "summary.docx", expression)
    report = build(ws)
    assert sorted(f.unit for f in report.failures) == sorted([SAMPLE_UNIT, SECOND_UNIT, THIRD_UNIT])
    for failure in report.failures:
        assert failure.message.startswith("模板 templates/summary.docx 正文第 1 段")
        assert "已拒绝" in failure.message or "不存在的名称" in failure.message
        assert "<class" not in failure.message
        assert "Traceback" not in failure.message
    assert all(r.path.parent.name == "2026年会议" for r in report.written)  # no summary there


def test_hostile_template_only_fails_the_units_that_resolve_it(ws: Path) -> None:
    make_template(ws / "templates" / "summary.docx", "{{ ''.__class__.__mro__ }}")
    report = build(ws)
    assert sorted(f.unit for f in report.failures) == sorted([SAMPLE_UNIT, THIRD_UNIT])
    for failure in report.failures:
        assert "<class" not in failure.message
        assert "已拒绝" in failure.message
    assert {r.path.parent.parent.name for r in report.written} == {SECOND_UNIT}


def test_hostile_template_through_the_cli_prints_no_python_internals(ws: Path) -> None:
    make_template(ws / "templates" / "summary.docx", "{{ ''.__class__.__mro__ }}")
    code, _, err = run("build", "-w", ws)
    assert code == 1
    assert "模板 templates/summary.docx 正文第 1 段" in err
    assert "已拒绝" in err
    assert "<class" not in err
    assert f"{SAMPLE_UNIT} {SAMPLE_PERIOD}：有错误，未生成任何文档" in err
