"""A clerk's first hour: placeholders and drafts, the default period, finding the workspace from a
subfolder, a document open in Word, stale hand-edited documents, and help without Python words."""

from __future__ import annotations

import re
import stat
from datetime import date
from pathlib import Path

import pytest
from docx import Document as open_docx

from conftest import SAMPLE_PERIOD, SAMPLE_UNIT, replace_once, run
from reportgen.draft import DRAFT_LINE
from reportgen.scaffold import default_period
from reportgen.write import MANIFEST

OUTPUT = Path("output") / SAMPLE_UNIT / SAMPLE_PERIOD
SUMMARY = f"{SAMPLE_UNIT}2026年上半年爱国卫生工作总结.docx"


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _change_records(workspace: Path) -> None:
    """Change the 成文日期, which the summary and the report show."""
    path = workspace / "data" / SAMPLE_UNIT / f"{SAMPLE_PERIOD}.yaml"
    path.write_text(replace_once(path.read_text("utf-8"), "date: 2026-07-08", "date: 2026-07-09"), "utf-8")


# ---------------------------------------------------------------- the default period


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 7, 3), "2026-H1"),    # writing the half just ended
    (date(2026, 7, 31), "2026-H1"),
    (date(2026, 8, 1), "2026-H2"),
    (date(2026, 12, 5), "2026-H2"),
    (date(2027, 1, 10), "2026-H2"),   # across the year
    (date(2026, 2, 1), "2026-H1"),
    (date(2026, 6, 30), "2026-H1"),
])
def test_the_default_period_is_the_half_a_clerk_most_likely_writes_about(today: date, expected: str) -> None:
    assert default_period(today).id == expected


# ---------------------------------------------------------------- placeholders and drafts


def test_a_draft_is_named_and_marked_as_one_and_the_real_document_follows_once_filled(tmp_path: Path) -> None:
    assert run("init", "某局", "--period", "2026-H2", "-w", tmp_path)[0] == 0
    code, out, err = run("build", "-w", tmp_path, "--draft")
    assert code == 0
    folder = tmp_path / "output" / "某局" / "2026-H2"
    draft = folder / "某局2026年下半年爱国卫生工作总结（草稿）.docx"
    assert draft.is_file() and "（草稿）.docx" in out
    assert "台账中还有 7 处样板占位文字，文档按草稿生成" in err
    first = open_docx(str(draft)).paragraphs[0]
    assert first.text == DRAFT_LINE
    assert first.runs[0].font.color.rgb is not None and str(first.runs[0].font.color.rgb) == "FF0000"
    before = draft.read_bytes()
    assert run("build", "-w", tmp_path, "--draft")[1].splitlines()[-1] == "完成：生成 0 份，无变化 2 份"
    assert draft.read_bytes() == before  # the same records make the same draft

    period = tmp_path / "data" / "某局" / "2026-H2.yaml"
    period.write_text(re.sub(r"（在此填写[^）]*）", "本期工作扎实推进", period.read_text("utf-8")), "utf-8")
    assert run("check", "-w", tmp_path)[0] == 0
    code, out, _ = run("build", "-w", tmp_path)
    assert code == 0
    final = folder / "某局2026年下半年爱国卫生工作总结.docx"
    assert open_docx(str(final)).paragraphs[0].text != DRAFT_LINE
    assert "草稿" not in "".join(p.text for p in open_docx(str(final)).paragraphs)


# ---------------------------------------------------------------- the workspace from a subfolder


def test_commands_run_from_a_subfolder_find_the_workspace_above(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace / "data" / SAMPLE_UNIT)
    code, out, _ = run("check")
    assert code == 0 and out.strip() == "检查通过：1 个单位信息文件、1 个期间文件"
    code, _, _ = run("build", "--kind", "总结")
    assert code == 0
    assert (workspace / OUTPUT / SUMMARY).is_file()
    assert not (workspace / "data" / SAMPLE_UNIT / "output").exists()


def test_init_in_a_subfolder_adds_to_the_workspace_instead_of_nesting_one(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sub = workspace / "data" / SAMPLE_UNIT / "草稿"
    sub.mkdir()
    monkeypatch.chdir(sub)
    code, out, _ = run("init", "示例县新单位", "--period", "2026-H2")
    assert code == 0
    assert f"在上级目录的工作区 {workspace.resolve()} 中新建" in out
    assert (workspace / "data" / "示例县新单位" / "unit.yaml").is_file()
    assert not (sub / "data").exists()
    code, _, err = run("init", "示例县另一单位", "-w", ".")  # named on purpose, but inside data/
    assert code == 1
    assert f"在工作区 {workspace.resolve()} 之内" in err.replace("\n", "")
    assert not (sub / "data").exists() and not (sub / "output").exists()


# ---------------------------------------------------------------- files that cannot be written


def test_a_document_open_in_word_stops_its_period_untouched_and_is_no_data_error(workspace: Path) -> None:
    assert run("build", "-w", workspace)[0] == 0
    folder = workspace / OUTPUT
    (folder / f"~${SUMMARY[2:]}").write_bytes(b"owner")  # what Word leaves beside an open file
    before = _folder_bytes(folder)
    _change_records(workspace)
    code, _, err = run("build", "-w", workspace)
    assert code == 3
    assert f"{SUMMARY} 正在 Word、WPS 或 LibreOffice 中打开" in err
    assert f"{SAMPLE_UNIT} {SAMPLE_PERIOD}：文件无法写入（台账没有问题），未生成任何文档" in err
    assert "其中 1 个是因为文件无法写入" in err
    assert _folder_bytes(folder) == before  # not one file of the period changed, the manifest neither
    (folder / f"~${SUMMARY[2:]}").unlink()
    assert run("build", "-w", workspace)[0] == 0


def test_a_read_only_document_stops_its_period_with_exit_code_3(workspace: Path) -> None:
    assert run("build", "-w", workspace)[0] == 0
    folder = workspace / OUTPUT
    (folder / SUMMARY).chmod(stat.S_IRUSR)
    _change_records(workspace)
    code, _, err = run("build", "-w", workspace)
    assert code == 3 and "是只读文件" in err


def test_the_lock_files_of_word_wps_and_libreoffice_are_all_recognised(tmp_path: Path) -> None:
    from reportgen.write.commit import office_lock_files

    document = tmp_path / "示例县财政局2026年上半年工作总结.docx"
    for lock in ("~$示例县财政局2026年上半年工作总结.docx", "~$县财政局2026年上半年工作总结.docx",
                 ".~lock.示例县财政局2026年上半年工作总结.docx#", ".~示例县财政局2026年上半年工作总结.docx"):
        (tmp_path / lock).write_bytes(b"")
        assert office_lock_files(document) == [tmp_path / lock]
        (tmp_path / lock).unlink()
    (tmp_path / "~$另一个文件.docx").write_bytes(b"")
    assert office_lock_files(document) == []


def test_a_data_error_elsewhere_still_makes_exit_code_1(workspace: Path) -> None:
    assert run("build", "-w", workspace)[0] == 0
    (workspace / OUTPUT / f"~${SUMMARY}").write_bytes(b"")
    _change_records(workspace)
    broken = workspace / "data" / SAMPLE_UNIT / "2026-H2.yaml"
    broken.write_text("period: 2026-H2\ndate: 2026-02-30\n", "utf-8")
    assert run("build", "-w", workspace)[0] == 1


# ---------------------------------------------------------------- hand-edited and stale


def test_a_kept_hand_edit_says_so_in_the_exit_code_only_once_its_records_changed(workspace: Path) -> None:
    assert run("build", "-w", workspace)[0] == 0
    edited = workspace / OUTPUT / SUMMARY
    edited.write_bytes(edited.read_bytes() + b"\0")  # edited by hand
    code, _, err = run("build", "-w", workspace)
    assert code == 0  # the records did not change: keeping the edit loses nothing
    assert "该文件生成后被手工修改过。" in err and "已不是最新" not in err
    _change_records(workspace)
    code, out, err = run("build", "-w", workspace)
    assert code == 4
    assert f"{(OUTPUT / SUMMARY).as_posix()}：该文件生成后被手工修改过，而台账（或模板）此后又有改动，" \
           "这份文档已不是最新" in err
    assert out.splitlines()[-1].endswith("因手工修改未覆盖 1 份（其中 1 份已不是最新）")
    assert run("build", "-w", workspace, "--force")[0] == 0
    assert json_manifest_names(workspace / OUTPUT) >= {SUMMARY}


def json_manifest_names(folder: Path) -> set[str]:
    import json

    return set(json.loads((folder / MANIFEST).read_text("utf-8"))["files"])


# ---------------------------------------------------------------- help


COMMANDS = (["build"], ["check"], ["init"], ["schema"], ["templates", "list"], ["templates", "eject"],
            ["templates", "check"], [])


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "reportgen")
def test_help_shows_no_python_type_names(command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(*command, "-h")
    assert code == 0
    assert not re.search(r"<(list|bool|str|int|path|dir|text)\b", out, re.IGNORECASE), out
    assert not re.search(r"\b(TEXT|INTEGER|BOOLEAN|PATH|DIRECTORY)\b", out), out


def test_build_help_lists_every_kind_with_its_chinese_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    _, out, _ = run("build", "-h")
    flat = re.sub(r"\s*│\s*", "", out)
    for kind in ("summary 或 工作总结、总结", "minutes 或 会议纪要、纪要、会议简报、简报",
                 "report 或 情况汇报、汇报", "notice 或 考评结果通报、通报"):
        assert kind in flat
    assert "--draft" in out


def test_kinds_are_accepted_by_their_chinese_names(workspace: Path) -> None:
    code, out, _ = run("build", "-w", workspace, "--kind", "总结", "--kind", "汇报")
    assert code == 0
    assert out.splitlines()[-1] == "完成：生成 2 份，无变化 0 份"
