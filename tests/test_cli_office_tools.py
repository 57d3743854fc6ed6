"""The commands that meet a clerk's own tools: init --xlsx, export xlsx, build --pdf, pdf, and
templates eject with a Chinese name. PDFs are made by the real LibreOffice and read back with
poppler's pdfinfo."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from conftest import REPO_ROOT, SAMPLE_PERIOD, SAMPLE_UNIT, copy_data, run
from reportgen.records import read_period
from reportgen.sources import read_workbook

FOLDER = Path("output") / SAMPLE_UNIT / SAMPLE_PERIOD
SUMMARY = f"{SAMPLE_UNIT}2026年上半年爱国卫生工作总结"


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


# ---------------------------------------------------------------- init --xlsx


def test_init_xlsx_writes_a_workbook_and_a_yaml_file_without_its_lists(tmp_path: Path) -> None:
    code, out, err = run("init", "新单位", "-p", "2026-H2", "--xlsx", "-w", tmp_path)
    assert code == 0, err
    folder = tmp_path / "data" / "新单位"
    assert "已创建 data/新单位/2026-H2.xlsx" in out.replace(str(tmp_path) + "/", "")
    text = (folder / "2026-H2.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert not {"activities", "meetings", "inspections"} & set(data)
    assert "activities" not in text and "2026-H2.xlsx" in text
    sheets = load_workbook(folder / "2026-H2.xlsx").sheetnames
    assert sheets == ["活动台账", "会议", "检查"]
    # the skeleton's placeholders fail check; the empty workbook is no error of its own
    code, _, err = run("check", "-w", tmp_path)
    assert code == 1
    assert "2026-H2.xlsx" not in err
    assert "还是样板里的占位文字" in err


def test_init_xlsx_adds_the_workbook_to_a_period_that_has_its_yaml(tmp_path: Path) -> None:
    assert run("init", "新单位", "-p", "2026-H2", "-w", tmp_path)[0] == 0
    code, out, _ = run("init", "新单位", "-p", "2026-H2", "--xlsx", "-w", tmp_path)
    assert code == 0
    assert out.count("已创建") == 1 and "2026-H2.xlsx" in out
    code, _, err = run("init", "新单位", "-p", "2026-H2", "--xlsx", "-w", tmp_path)
    assert code == 1 and "都已存在，未做任何改动" in err


# ---------------------------------------------------------------- export xlsx


def test_export_writes_each_period_lists_as_a_workbook_that_reads_back_the_same(
        workspace: Path) -> None:
    code, out, err = run("export", "xlsx", "-w", workspace)
    assert code == 0, err
    exported = workspace / FOLDER / f"{SAMPLE_UNIT}2026年上半年工作台账.xlsx"
    assert f"已生成 {exported}" in out or f"已生成 {FOLDER / exported.name}" in out
    assert out.splitlines()[-1] == "完成：导出：生成 1 份，无变化 0 份"
    assert "表格写不下" in err  # the sample's meetings with 议定事项 stay in the YAML file
    records = read_period(workspace / "data" / SAMPLE_UNIT / f"{SAMPLE_PERIOD}.yaml")
    back = read_workbook(exported).data
    assert len(back["activities"]) == len(records.activities)
    assert [a["title"] for a in back["activities"]] == [a.title for a in records.activities]
    assert "meetings" not in back
    # a second export changes nothing; a hand edit is kept
    assert run("export", "xlsx", "-w", workspace)[1].splitlines()[-1] == "完成：导出：生成 0 份，无变化 1 份"
    exported.write_bytes(exported.read_bytes() + b"edited")
    code, out, err = run("export", "xlsx", "-w", workspace)
    assert code == 0 and "该文件生成后被手工修改过" in err
    assert exported.read_bytes().endswith(b"edited")


def test_export_of_a_period_with_errors_fails_alone_and_exits_1(full_workspace: Path) -> None:
    broken = full_workspace / "data" / SAMPLE_UNIT / f"{SAMPLE_PERIOD}.yaml"
    broken.write_text(broken.read_text("utf-8").replace("date: 2026-07-08", "date: 2026-07-32", 1), "utf-8")
    code, out, err = run("export", "xlsx", "-w", full_workspace)
    assert code == 1
    assert f"{SAMPLE_UNIT} {SAMPLE_PERIOD}：" in err and "1 个期间未导出（原因见上）" in err
    assert "示例县城南街道办事处2026年上半年工作台账.xlsx" in out
    assert not (full_workspace / FOLDER).exists() or not list((full_workspace / FOLDER).glob("*.xlsx"))


def test_export_of_an_unknown_unit_names_the_units_there_are(workspace: Path) -> None:
    code, _, err = run("export", "xlsx", "-w", workspace, "-u", "不存在")
    assert code == 1 and "找不到单位“不存在”" in err and SAMPLE_UNIT in err


# ---------------------------------------------------------------- PDF


def test_build_pdf_writes_a_pdf_beside_each_docx_and_only_what_is_outdated_again(
        workspace: Path) -> None:
    code, out, err = run("build", "-w", workspace, "-k", "summary", "-k", "report", "--pdf")
    assert code == 0, err
    folder = workspace / FOLDER
    documents = sorted(folder.glob("*.docx"))
    assert len(documents) == 2
    for document in documents:
        pdf = document.with_suffix(".pdf")
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
        assert pages(pdf) >= 2
    assert "正在用 LibreOffice 把 2 份文档转换为 PDF" in out
    assert out.splitlines()[-1] == "PDF：生成 2 份，无变化 0 份"
    code, out, _ = run("build", "-w", workspace, "-k", "summary", "-k", "report", "--pdf")
    assert code == 0 and "PDF 都已是最新" in out
    # a hand-touched .docx is newer than its PDF: the pdf command converts it alone
    summary = folder / f"{SUMMARY}.docx"
    later = summary.stat().st_mtime + 5
    os.utime(summary, (later, later))
    code, out, err = run("pdf", "-w", workspace)
    assert code == 0, err
    assert "把 1 份文档转换为 PDF" in out


def test_without_libreoffice_build_pdf_writes_the_docx_says_how_to_install_and_exits_5(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGEN_SOFFICE", str(workspace / "没有这个程序"))
    code, out, err = run("build", "-w", workspace, "-k", "summary", "--pdf")
    assert code == 5
    assert (workspace / FOLDER / f"{SUMMARY}.docx").is_file()
    assert not list((workspace / FOLDER).glob("*.pdf"))
    assert "sudo apt-get install libreoffice-writer-nogui" in err and "Windows" in err
    assert out.splitlines()[0].startswith("已生成")


def test_pdf_of_an_unknown_unit_or_a_workspace_without_output_says_so(workspace: Path) -> None:
    code, _, err = run("pdf", "-w", workspace, "-u", "不存在")
    assert code == 1 and "找不到单位“不存在”" in err
    code, out, _ = run("pdf", "-w", workspace)
    assert code == 0 and "无需转换" in out


# ---------------------------------------------------------------- templates eject


@pytest.mark.parametrize(("name", "file"), [("总结", "summary.docx"), ("简报", "briefing.docx"),
                                            ("汇报", "report.docx"), ("通报", "notice.docx")])
def test_templates_eject_takes_the_chinese_name(workspace: Path, name: str, file: str) -> None:
    code, out, err = run("templates", "eject", name, "-w", workspace)
    assert code == 0, err
    assert (workspace / "templates" / file).is_file()
    assert file in out


def test_the_sample_of_the_repository_builds_with_pdfs_when_asked(tmp_path: Path) -> None:
    """The README's first command, with --pdf: the unit whose 台账 lists are in a workbook."""
    copy_data(REPO_ROOT / "data" / SAMPLE_UNIT, tmp_path / "data" / SAMPLE_UNIT)
    assert (tmp_path / "data" / SAMPLE_UNIT / f"{SAMPLE_PERIOD}.xlsx").is_file()
    code, _, err = run("build", "-w", tmp_path, "-k", "总结", "--pdf")
    assert code == 0, err
    assert (tmp_path / FOLDER / f"{SUMMARY}.pdf").is_file()
