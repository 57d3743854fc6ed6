"""The CLI as a user meets it: exact messages, exit codes, and nothing written on bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import SAMPLE_PERIOD, SAMPLE_UNIT, run

TITLE = "示例县财政局2026年上半年爱国卫生工作总结"


def test_build_writes_every_document_of_the_period_and_says_where(
        workspace: Path, monkeypatch) -> None:
    monkeypatch.chdir(workspace)
    code, out, err = run("build")
    assert code == 0, err
    folder = f"output/{SAMPLE_UNIT}/{SAMPLE_PERIOD}"
    meetings = yaml.safe_load((workspace / "data" / SAMPLE_UNIT / f"{SAMPLE_PERIOD}.yaml")
                              .read_text("utf-8"))["meetings"]
    minutes = [f"{m['title']}纪要（{m['date'].month}月{m['date'].day}日）" for m in meetings]
    assert all(m["title"].endswith("会") for m in meetings)  # so never ……会会议纪要
    expected = [TITLE, *minutes, "示例县财政局2026年上半年爱国卫生工作情况汇报"]
    assert out.splitlines() == [f"已生成 {folder}/{name}.docx" for name in expected] + [
        f"完成：生成 {len(expected)} 份，无变化 0 份"]
    assert all((workspace / folder / f"{name}.docx").is_file() for name in expected)


def test_kind_narrows_the_build(workspace: Path) -> None:
    code, out, _ = run("build", "-w", workspace, "--kind", "report")
    assert code == 0
    assert out.splitlines()[-1] == "完成：生成 1 份，无变化 0 份"
    assert "情况汇报.docx" in out


def test_second_build_reports_unchanged(workspace: Path) -> None:
    run("build", "--workspace", workspace, "-k", "summary")
    code, out, _ = run("build", "--workspace", workspace, "-k", "summary")
    assert code == 0
    assert out.splitlines()[-1] == "完成：生成 0 份，无变化 1 份"


def test_build_keeps_a_hand_edited_document_and_warns(workspace: Path) -> None:
    run("build", "-w", workspace, "-k", "summary")
    document = workspace / "output" / SAMPLE_UNIT / SAMPLE_PERIOD / f"{TITLE}.docx"
    document.write_bytes(document.read_bytes() + b"edited")
    code, out, err = run("build", "-w", workspace, "-k", "summary")
    assert code == 0
    assert "该文件生成后被手工修改过" in err
    assert "--force" in err
    assert document.read_bytes().endswith(b"edited")
    assert out.splitlines()[-1] == "完成：生成 0 份，无变化 0 份，因手工修改未覆盖 1 份"


def test_force_replaces_a_hand_edited_document_after_backing_it_up(workspace: Path) -> None:
    run("build", "-w", workspace)
    folder = workspace / "output" / SAMPLE_UNIT / SAMPLE_PERIOD
    document = folder / f"{TITLE}.docx"
    edited = document.read_bytes() + b"edited"
    document.write_bytes(edited)
    code, out, _ = run("build", "-w", workspace, "--force")
    assert code == 0
    assert "手工修改的原文件已备份为" in out
    backups = list(folder.glob(f"{TITLE}.手工修改备份-*.docx"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == edited
    assert not document.read_bytes().endswith(b"edited")


def test_bad_input_prints_located_message_exits_1_and_writes_nothing(
        workspace: Path, sample_period_file: Path) -> None:
    text = sample_period_file.read_text(encoding="utf-8")
    sample_period_file.write_text(text.replace("date: 2026-07-08", "date: 2026-02-30", 1),
                                  encoding="utf-8")
    line = text[:text.index("date: 2026-07-08")].count("\n") + 1
    code, _, err = run("build", "-w", workspace)
    assert code == 1
    assert f"{SAMPLE_PERIOD}.yaml:{line}:7 date: 成文日期：日期不存在：2026年2月没有30日" in err
    assert f"{SAMPLE_UNIT} {SAMPLE_PERIOD}：有错误，未生成任何文档" in err
    assert "完成：生成 0 份，无变化 0 份，1 个期间未生成（原因见上）" in err
    assert "Traceback" not in err
    assert not (workspace / "output" / SAMPLE_UNIT).exists()


def test_a_good_unit_still_builds_when_another_unit_is_broken(workspace: Path) -> None:
    broken = workspace / "data" / "损坏单位"
    broken.mkdir()
    (broken / "unit.yaml").write_text("name: 损坏单位\nnmae: 错字\n", encoding="utf-8")
    (broken / "2026-H1.yaml").write_text("period: 2026-H1\n", encoding="utf-8")
    code, out, err = run("build", "-w", workspace)
    assert code == 1
    assert "unit.yaml:2:1 nmae: 未知字段“nmae”，您要写的是不是 name（单位名称）？" in err
    assert "损坏单位（unit.yaml）：有错误，未生成任何文档" in err
    assert "，1 个单位未生成（原因见上）" in err
    assert f"已生成 output/{SAMPLE_UNIT}" in out.replace(str(workspace) + "/", "")
    assert not (workspace / "output" / "损坏单位").exists()


def test_build_outside_a_workspace_explains_in_chinese(tmp_path: Path) -> None:
    code, out, err = run("build", "-w", tmp_path)
    assert code == 1
    assert "下没有 data/ 目录：这里不是 reportgen 工作区" in err
    assert out == ""


def test_an_unknown_unit_among_many_names_only_the_close_ones(workspace: Path) -> None:
    for number in range(1, 30):
        (workspace / "data" / f"示例县第{number}中学").mkdir()
    code, _, err = run("build", "-w", workspace, "--unit", "示例县第7中")
    assert code == 1
    assert "找不到单位“示例县第7中”：data/ 下的 30 个单位中名称相近的有 示例县第7中学" in err
    assert "示例县第23中学" not in err and SAMPLE_UNIT not in err
    code, _, err = run("build", "-w", workspace, "--unit", "市卫健委")
    assert code == 1
    assert "data/ 下的 30 个单位中没有名称相近的，请检查单位名称" in err


def test_build_unknown_unit_and_period_are_named(workspace: Path) -> None:
    code, _, err = run("build", "-w", workspace, "--unit", "不存在的局")
    assert code == 1
    assert f"找不到单位“不存在的局”：data/ 下有 {SAMPLE_UNIT}" in err
    code, _, err = run("build", "-w", workspace, "--period", "2025-H2")
    assert code == 1
    assert "没有任何单位有期间 2025-H2 的数据" in err
    code, _, err = run("build", "-w", workspace, "--period", "2025-H2", "--unit", SAMPLE_UNIT)
    assert code == 1
    assert f"单位“{SAMPLE_UNIT}”没有期间 2025-H2 的数据：已有 {SAMPLE_PERIOD}" in err
    code, _, err = run("build", "-w", workspace, "--kind", "poem")
    assert code == 1
    assert "未知的文书种类：poem" in err


def test_check_passes_on_the_sample(workspace: Path) -> None:
    code, out, _ = run("check", "-w", workspace)
    assert code == 0
    assert out.strip() == "检查通过：1 个单位信息文件、1 个期间文件"


def test_check_reports_every_problem_with_place_and_exits_1(workspace: Path) -> None:
    unit_dir = workspace / "data" / SAMPLE_UNIT
    (unit_dir / "2026-Q3.yaml").write_text(
        "period: 2026-Q3\n"
        "date: 2026-09-30\n"
        "overveiw: 写错了键\n"
        "sections:\n"
        "  - heading: 一\n"
        "    paragraphs: [段落]\n"
        "activities:\n"
        "  - {date: 2026-07-01, category: 宣传, title: 活动, metrics: {资料: 3千份}}\n",
        encoding="utf-8")
    code, _, err = run("check", "-w", workspace)
    assert code == 1
    lines = err.splitlines()
    assert not any("缺少必填项（开头概述）" in line for line in lines)  # the misspelling says it
    assert any(line.endswith("2026-Q3.yaml:3:1 overveiw: 未知字段“overveiw”，"
                             "您要写的是不是 overview（开头概述）？") for line in lines)
    assert any("2026-Q3.yaml:8:63 activities[0].metrics.资料: “3千份”：数字请用阿拉伯数字" in line
               for line in lines)
    assert lines[-1] == "共发现 2 个问题（检查了 1 个单位信息文件、2 个期间文件）"


def test_check_takes_paths(workspace: Path) -> None:
    unit_file = workspace / "data" / SAMPLE_UNIT / "unit.yaml"
    code, out, _ = run("check", unit_file)
    assert code == 0
    assert out.strip() == "检查通过：1 个单位信息文件、0 个期间文件"
    code, _, err = run("check", workspace / "nothing.yaml")
    assert code == 1
    assert "nothing.yaml:1:1: 文件或目录不存在" in err


def test_init_writes_a_skeleton_that_checks_and_builds(tmp_path: Path) -> None:
    code, out, _ = run("init", "示例街道办事处", "--period", "2026-Q4", "-w", tmp_path)
    assert code == 0
    unit_dir = tmp_path / "data" / "示例街道办事处"
    assert (unit_dir / "unit.yaml").is_file()
    assert (unit_dir / "2026-Q4.yaml").is_file()
    assert "已创建" in out
    assert run("check", "-w", tmp_path)[0] == 1  # the placeholders are still to be filled in
    assert run("build", "-w", tmp_path)[0] == 1
    assert not (tmp_path / "output" / "示例街道办事处").exists()
    code, out, _ = run("build", "-w", tmp_path, "--draft")
    assert code == 0
    assert "示例街道办事处2026年第四季度爱国卫生工作总结（草稿）.docx" in out


def test_init_never_overwrites_and_adds_a_new_period_to_an_existing_unit(workspace: Path) -> None:
    unit_dir = workspace / "data" / SAMPLE_UNIT
    before = {p.name: p.read_bytes() for p in unit_dir.iterdir()}
    code, _, err = run("init", SAMPLE_UNIT, "--period", SAMPLE_PERIOD, "-w", workspace)
    assert code == 1
    assert "都已存在，未做任何改动" in err
    code, out, _ = run("init", SAMPLE_UNIT, "--period", "2026-H2", "-w", workspace)
    assert code == 0
    [created] = [line for line in out.splitlines() if line.startswith("已创建")]
    assert created.endswith(f"data/{SAMPLE_UNIT}/2026-H2.yaml")
    assert {p.name: p.read_bytes() for p in unit_dir.iterdir() if p.name in before} == before


@pytest.mark.parametrize("name", ["", "../逃逸局", "县卫健局/疾控中心", " 前有空格"])
def test_init_refuses_a_unit_name_that_is_not_one_folder(tmp_path: Path, name: str) -> None:
    code, _, err = run("init", name, "-w", tmp_path)
    assert code == 1
    assert "不能用作目录名" in err
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


def test_init_rejects_a_bad_period(tmp_path: Path) -> None:
    code, _, err = run("init", "某单位", "--period", "2026-H3", "-w", tmp_path)
    assert code == 1
    assert "期间“2026-H3”格式不对" in err


def test_schema_prints_json_schema_with_chinese_titles() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["properties"]["overview"]["title"] == "开头概述"
    assert schema["additionalProperties"] is False
    for definition in [schema, *schema["$defs"].values()]:
        assert not definition["title"].isascii(), definition["title"]
        assert "description" not in definition  # class docstrings are for developers
    assert "pattern" not in schema["properties"]["date"]  # 2026/3/20 is accepted too
    code, out, _ = run("schema", "unit")
    assert json.loads(out)["properties"]["name"]["title"] == "单位名称"
    code, _, err = run("schema", "nonsense")
    assert code == 1
    assert "未知的类型“nonsense”" in err


def test_help_is_in_chinese() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "生成文档" in out
    assert "显示本帮助并退出" in out
    assert "Show this message" not in out


def test_period_filter_skips_units_without_that_period(workspace: Path) -> None:
    assert run("init", "新单位", "--period", "2026-H2", "-w", workspace)[0] == 0
    code, out, _ = run("build", "-w", workspace, "--period", SAMPLE_PERIOD, "-k", "summary")
    assert code == 0
    assert out.splitlines()[-1] == "完成：生成 1 份，无变化 0 份"
    assert not (workspace / "output" / "新单位").exists()


def test_placeholders_left_from_the_skeleton_fail_check_and_build(tmp_path: Path) -> None:
    run("init", "某单位", "--period", "2026-H2", "-w", tmp_path)
    code, _, err = run("check", "-w", tmp_path)
    assert code == 1
    assert "2026-H2.yaml:10:11 overview: 还是样板里的占位文字，请改为实际内容（或删去这一项）" in err
    assert "提示：" not in err
    assert err.splitlines()[-1] == "共发现 7 个问题（检查了 1 个单位信息文件、1 个期间文件）"
    code, _, err = run("build", "-w", tmp_path)
    assert code == 1
    assert "2026-H2.yaml:10:11 overview: 还是样板里的占位文字" in err
    assert "改好后再生成，或加 --draft 先生成草稿" in err
    assert "某单位 2026-H2：有错误，未生成任何文档" in err
    assert not (tmp_path / "output" / "某单位").exists()


def test_a_period_file_named_otherwise_is_told_its_right_name(workspace: Path) -> None:
    unit_dir = workspace / "data" / SAMPLE_UNIT
    (unit_dir / f"{SAMPLE_PERIOD}.yaml").rename(unit_dir / "2026年上半年.yaml")
    code, _, err = run("check", "-w", workspace)
    assert code == 1
    assert "文件名“2026年上半年”不是期间：期间台账应命名为 2026-H1.yaml" in err


def test_check_resolves_a_relative_path_inside_the_workspace(workspace: Path) -> None:
    code, out, _ = run("check", "-w", workspace, f"data/{SAMPLE_UNIT}")
    assert code == 0
    assert out.strip() == "检查通过：1 个单位信息文件、1 个期间文件"


def test_unchanged_documents_are_listed_only_when_verbose_and_quiet_lists_none(workspace: Path) -> None:
    code, out, _ = run("build", "-w", workspace, "--quiet")
    assert code == 0
    assert out.splitlines() == ["完成：生成 5 份，无变化 0 份"]
    code, out, _ = run("build", "-w", workspace)
    assert code == 0 and out.splitlines() == ["完成：生成 0 份，无变化 5 份"]
    code, out, _ = run("build", "-w", workspace, "-v")
    lines = out.splitlines()
    assert len(lines) == 6 and all(line.startswith("无变化 ") and f"/output/{SAMPLE_UNIT}/" in line
                                   for line in lines[:5])
    code, _, err = run("build", "-w", workspace, "-q", "-v")
    assert code == 1 and "不能同时使用" in err


def test_quiet_still_says_what_was_kept(workspace: Path) -> None:
    run("build", "-w", workspace, "-k", "summary")
    document = workspace / "output" / SAMPLE_UNIT / SAMPLE_PERIOD / f"{TITLE}.docx"
    document.write_bytes(document.read_bytes() + b"edited")
    code, out, err = run("build", "-w", workspace, "-k", "summary", "-q")
    assert code == 0 and "该文件生成后被手工修改过" in err
    assert out.splitlines() == ["完成：生成 0 份，无变化 0 份，因手工修改未覆盖 1 份"]


def test_a_fresh_process_shows_chinese_panels_and_loads_typer_rich_help_only_for_help() -> None:
    """The panels' titles are translated when Typer first imports its rich help, which check
    and build never need."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    shown = subprocess.run([sys.executable, "-m", "reportgen", "build", "--bogus"], env=env,
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 2
    assert "─ 错误 ─" in shown.stderr and "没有选项 --bogus" in shown.stderr
    shown = subprocess.run([sys.executable, "-m", "reportgen", "-h"], env=env, capture_output=True,
                           text=True, timeout=60)
    assert "─ 选项 ─" in shown.stdout and "─ 命令 ─" in shown.stdout
    probe = ("import sys; import reportgen.cli; "
             "print(sorted(m for m in ('typer.rich_utils', 'rich.markdown', 'openpyxl', 'docxtpl') "
             "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                            timeout=60)
    assert loaded.stdout.strip() == "[]", loaded.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["-j", "两"], "'--jobs' / '-j' 的值无效：“两”不是整数"),
    (["-j", "Path"], "'--jobs' / '-j' 的值无效：“Path”不是整数"),  # what was typed, untranslated
    (["-w", "{unit_file}"], "的值无效：“{unit_file}”是文件，这里要的是目录"),
])
def test_a_bad_option_value_is_explained_in_chinese(workspace: Path, args: list[str],
                                                    message: str) -> None:
    unit_file = str(workspace / "data" / SAMPLE_UNIT / "unit.yaml")
    code, _, err = run("build", *(a.format(unit_file=unit_file) for a in args))
    flat = re.sub(r"\s*│\s*", "", err)
    assert code == 2
    assert message.format(unit_file=unit_file) in flat, err
    assert "Invalid value" not in flat


def test_an_unchanged_unit_is_given_without_importing_pydantic_or_a_process_pool(
        workspace: Path) -> None:
    """The latency of build --unit: Typer 0.29 would import pydantic for its options, and
    reportgen's own pools are imported only when a unit is built."""
    assert run("build", "-w", workspace)[0] == 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    probe = ("import sys\nfrom reportgen.cli import app\n"
             f"try:\n    app(['build', '-q', '-w', {str(workspace)!r}, '--unit', {SAMPLE_UNIT!r}])\n"
             "except SystemExit:\n    pass\n"
             "print(sorted(m for m in ('pydantic', 'multiprocessing', 'concurrent.futures', "
             "'docxtpl', 'openpyxl', 'opencc') if m in sys.modules), file=sys.stderr)")
    shown = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                           text=True, timeout=60)
    assert "无变化" in shown.stdout, shown.stderr
    assert shown.stderr.strip().splitlines()[-1] == "[]", shown.stderr
