"""Documents in 繁體: every character a reader sees, and the file name, in one script.

Checked with real OpenCC on documents built from the sample workspace: s2t finds nothing left
to change in a 繁體 document, t2s nothing in a 简体 one.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import opencc
import pytest
from lxml import etree

from conftest import REPO_ROOT, SAMPLE_UNIT, copy_data, replace_once, run
from reportgen.build import build
from reportgen.errors import RecordsError
from reportgen.models import parse_document_number
from reportgen.records import read_meetings, read_period, read_unit
from reportgen.script import to_script

S2T = opencc.OpenCC("s2t")
T2S = opencc.OpenCC("t2s")
HEALTH = "示例县卫生健康局"
TOWN = "示例县城南街道办事处"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole sample workspace, built once for the module's read-only checks."""
    root = tmp_path_factory.mktemp("sample")
    copy_data(REPO_ROOT / "data", root / "data")
    shutil.copytree(REPO_ROOT / "templates", root / "templates")
    report = build(root)
    assert report.ok, report.failures
    return root


def _paragraph_texts(path: Path) -> list[str]:
    """What a reader sees, paragraph by paragraph: the body, tables (nested too), every header
    and footer of every section, and the document's title in its properties."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]

    def tables(container: object) -> None:
        for table in container.tables:  # type: ignore[attr-defined]
            for row in table.rows:
                for cell in row.cells:
                    texts.extend(p.text for p in cell.paragraphs)
                    tables(cell)

    tables(document)
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.even_page_header,
                     section.footer, section.first_page_footer, section.even_page_footer):
            texts.extend(p.text for p in part.paragraphs)
            tables(part)
    texts.append(document.core_properties.title or "")
    return texts


def _xml_paragraphs(path: Path) -> list[str]:
    """Every paragraph of every part of the package, text boxes included, as the XML has it."""
    found = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", name):
                root = etree.fromstring(package.read(name))
                found += ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]
    return found


def _documents(root: Path, unit: str) -> list[Path]:
    return sorted((root / "output" / unit).rglob("*.docx"))


def _left_to_change(paths: list[Path], converter: opencc.OpenCC) -> list[tuple[str, str, str]]:
    """(file, text, converted) for every text OpenCC would still change."""
    left = []
    for path in paths:
        for text in [path.stem, *_paragraph_texts(path), *_xml_paragraphs(path)]:
            if converter.convert(text) != text:
                left.append((path.name, text, converter.convert(text)))
    return left


def _text(path: Path) -> str:
    return "\n".join(_paragraph_texts(path))


def _is_traditional(path: Path) -> bool:
    """Nothing left for s2t, and something in it that is written differently in 简体."""
    texts = [path.stem, *_paragraph_texts(path)]
    return all(S2T.convert(t) == t for t in texts) and any(T2S.convert(t) != t for t in texts)


def _is_simplified(path: Path) -> bool:
    texts = [path.stem, *_paragraph_texts(path)]
    return all(T2S.convert(t) == t for t in texts) and any(S2T.convert(t) != t for t in texts)


# --- the sample workspace -----------------------------------------------------------------------


def test_every_traditional_document_is_a_fixed_point_of_s2t(sample: Path) -> None:
    documents = _documents(sample, HEALTH)
    assert len(documents) == 3
    assert _left_to_change(documents, S2T) == []
    for document in documents:
        assert any(T2S.convert(t) != t for t in _paragraph_texts(document)), document.name


@pytest.mark.parametrize("unit", [SAMPLE_UNIT, TOWN])
def test_every_simplified_document_is_a_fixed_point_of_t2s(sample: Path, unit: str) -> None:
    documents = _documents(sample, unit)
    assert len(documents) >= 4
    assert _left_to_change(documents, T2S) == []
    for document in documents:
        assert any(S2T.convert(t) != t for t in _paragraph_texts(document)), document.name


def test_traditional_file_names(sample: Path) -> None:
    names = {p.name for p in _documents(sample, HEALTH)}
    assert names == {"示例縣衛生健康局2026年上半年愛國衛生工作總結.docx",
                     "示例縣衛生健康局2026年上半年愛國衛生工作情況匯報.docx",
                     "衛生健康系統愛國衛生工作會議紀要（3月12日）.docx"}
    assert all(S2T.convert(n) == n for n in names)


def test_traditional_report_cites_its_basis_and_writes_the_tools_phrases_in_traditional(
        sample: Path) -> None:
    [report] = (sample / "output" / HEALTH / "2026-H1").glob("*匯報.docx")
    paragraphs = _paragraph_texts(report)
    assert "匯報" in paragraphs[0]
    assert paragraphs[0] == "關於2026年上半年愛國衛生工作情況的匯報"
    text = "\n".join(paragraphs)
    assert "根據《關於開展2026年愛國衛生月活動的通知》（縣愛衛辦發〔2026〕5號）要求" in text
    for phrase in ("現將", "情況", "特此匯報", "基本情況", "存在的問題", "下一步打算"):
        assert phrase in text, phrase
    for simplified in ("现将", "情况", "汇报", "彙報", "县", "号"):
        assert simplified not in text, simplified


def test_traditional_summary_title_and_phrases(sample: Path) -> None:
    [summary] = (sample / "output" / HEALTH / "2026-H1").glob("*總結.docx")
    paragraphs = _paragraph_texts(summary)
    assert "總結" in paragraphs[0]
    text = "\n".join(paragraphs)
    assert "現將上半年工作情況總結如下：" in text
    assert "召開專題會議1次" in text
    assert "2026年7月6日" in text


def test_traditional_minutes_is_traditional_throughout(sample: Path) -> None:
    [minutes] = (sample / "output" / HEALTH / "2026-H1").glob("*紀要*.docx")
    paragraphs = _paragraph_texts(minutes)
    assert paragraphs[0] == "衛生健康系統愛國衛生工作會議紀要"
    text = "\n".join(paragraphs)
    assert "現將會議議定事項紀要如下：" in text
    assert "出席：" in text
    assert "会" not in text and "议" not in text


# --- the script chosen per document ------------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(replace_once(path.read_text("utf-8"), old, new), "utf-8")


def _period(root: Path, unit: str = SAMPLE_UNIT) -> Path:
    return root / "data" / unit / "2026-H1.yaml"


def test_a_meeting_in_traditional_gets_only_its_minutes_in_traditional(workspace: Path) -> None:
    _edit(_period(workspace), "    title: 爱国卫生月活动动员会\n",
          "    title: 爱国卫生月活动动员会\n    script: 繁體\n")
    assert build(workspace).ok
    folder = workspace / "output" / SAMPLE_UNIT / "2026-H1"
    traditional = sorted(p.name for p in folder.glob("*.docx") if _is_traditional(p))
    assert traditional == ["愛國衛生月活動動員會紀要（3月30日）.docx"]
    others = [p for p in folder.glob("*.docx") if p.name not in traditional]
    assert len(others) == 4
    assert all(_is_simplified(p) for p in others)


def test_a_period_in_traditional_gets_all_its_documents_in_traditional(workspace: Path) -> None:
    _edit(_period(workspace), "date: 2026-07-08\n", "date: 2026-07-08\nscript: 繁體\n")
    meetings = workspace / "data" / SAMPLE_UNIT / "meetings"
    meetings.mkdir()
    (meetings / "autumn.yaml").write_text(
        "date: 2026-09-10\ntitle: 秋季爱国卫生工作会\nrequirements:\n  - 抓好秋季灭蚊。\n", "utf-8")
    assert build(workspace).ok
    period = sorted((workspace / "output" / SAMPLE_UNIT / "2026-H1").glob("*.docx"))
    assert len(period) == 5
    assert [p.name for p in period if not _is_traditional(p)] == []
    assert any(p.name.endswith("工作總結.docx") for p in period)
    [own] = (workspace / "output" / SAMPLE_UNIT / "2026年会议").glob("*.docx")
    assert own.name == "秋季爱国卫生工作会纪要（9月10日）.docx"
    assert _is_simplified(own)


def test_the_reports_script_affects_only_the_report(workspace: Path) -> None:
    _edit(_period(workspace), "report:\n", "report:\n  script: 繁體\n")
    assert build(workspace).ok
    folder = workspace / "output" / SAMPLE_UNIT / "2026-H1"
    assert sorted(p.name for p in folder.glob("*.docx") if _is_traditional(p)) == [
        "示例縣財政局2026年上半年愛國衛生工作情況匯報.docx"]
    assert sum(1 for p in folder.glob("*.docx") if _is_simplified(p)) == 4


def test_a_simplified_meeting_in_a_traditional_unit_gets_its_minutes_in_simplified(tmp_path: Path) -> None:
    copy_data(REPO_ROOT / "data" / HEALTH, tmp_path / "data" / HEALTH)
    _edit(_period(tmp_path, HEALTH), "    title: 衛生健康系統愛國衛生工作會議\n",
          "    title: 衛生健康系統愛國衛生工作會議\n    script: 简体\n")
    assert build(tmp_path).ok
    folder = tmp_path / "output" / HEALTH / "2026-H1"
    minutes = folder / "卫生健康系统爱国卫生工作会议纪要（3月12日）.docx"
    assert _is_simplified(minutes)
    assert _paragraph_texts(minutes)[:2] == ["卫生健康系统爱国卫生工作会议纪要", "第1期"]
    assert all(_is_traditional(p) for p in folder.glob("*.docx") if p != minutes)


def test_a_briefing_in_traditional(tmp_path: Path) -> None:
    copy_data(REPO_ROOT / "data" / TOWN, tmp_path / "data" / TOWN)
    _edit(tmp_path / "data" / TOWN / "meetings" / "2026-11-26-创卫工作调度会.yaml",
          "time: 上午\n", "time: 上午\nscript: 繁體\n")
    assert build(tmp_path, kinds=["minutes"]).ok
    folder = tmp_path / "output" / TOWN / "2026年会议"
    [traditional] = [p for p in folder.glob("*.docx") if _is_traditional(p)]
    assert traditional.name == "創衛工作簡報第3期（迎接國家衛生縣城複審創衛工作調度會）.docx"
    paragraphs = _paragraph_texts(traditional)
    assert paragraphs[:3] == ["創衛工作簡報", "第3期", "示例縣城南街道辦事處編印\t2026年11月26日"]
    assert _is_simplified(folder / "创卫工作简报第4期.docx")


# --- records written in 繁體 for a 简体 unit ---------------------------------------------------


TRADITIONAL_RECORDS = """\
period: 2026-Q3
date: 2026-10-08
overview: 本季度我局圍繞縣愛衛辦的部署，紮實開展愛國衛生工作。
sections:
  - heading: 開展健康知識宣傳
    paragraphs:
      - 組織幹部職工深入包聯社區開展宣傳，發放資料一萬餘份。
activities:
  - date: 2026-07-10
    category: 宣傳教育
    title: 健康知識進社區
    place: 縣城廣場
    metrics:
      发放宣传资料: 1.2萬份
      出动人员: 30個
  - date: 2026-08-12
    category: 宣傳教育
    title: 控煙知識宣傳
    metrics:
      发放宣传资料: 3000份
meetings:
  - date: 2026-07-20
    time: 下午3時
    title: 第三季度愛國衛生工作推進會
    place: 局三樓會議室
    host: 王某某
    requirements:
      - 各股室要抓好辦公區域環境衛生。
inspections:
  - date: 2026-09-01
    by: 縣創衛辦
    subject: 機關環境衛生
    found: 12個
    rectified: 10個
report:
  basis:
    - title: 關於開展秋季愛國衛生運動的通知
      number: 縣愛衛辦發〔2026〕12號
"""


def test_records_written_in_traditional_come_out_simplified(workspace: Path) -> None:
    (workspace / "data" / SAMPLE_UNIT / "2026-Q3.yaml").write_text(TRADITIONAL_RECORDS, "utf-8")
    report = build(workspace, period="2026-Q3")
    assert report.ok, report.failures
    folder = workspace / "output" / SAMPLE_UNIT / "2026-Q3"
    names = {p.name for p in folder.glob("*.docx")}
    assert names == {"第三季度爱国卫生工作推进会纪要（7月20日）.docx",
                     "示例县财政局2026年第三季度爱国卫生工作情况汇报.docx",
                     "示例县财政局2026年第三季度爱国卫生工作总结.docx"}
    documents = sorted(folder.glob("*.docx"))
    assert _left_to_change(documents, T2S) == []
    summary = _text(folder / "示例县财政局2026年第三季度爱国卫生工作总结.docx")
    assert "发放宣传资料1.5万份" in summary
    assert "发现问题12个，已整改10个" in summary
    assert "本季度我局围绕县爱卫办的部署" in summary
    report_text = _text(folder / "示例县财政局2026年第三季度爱国卫生工作情况汇报.docx")
    assert "《关于开展秋季爱国卫生运动的通知》（县爱卫办发〔2026〕12号）" in report_text
    minutes = _text(folder / "第三季度爱国卫生工作推进会纪要（7月20日）.docx")
    assert "2026年7月20日下午3时" in minutes
    assert "局三楼会议室" in minutes


def test_a_traditional_quantity_totals_like_its_simplified_form(workspace: Path) -> None:
    (workspace / "data" / SAMPLE_UNIT / "2026-Q3.yaml").write_text(TRADITIONAL_RECORDS, "utf-8")
    assert build(workspace, period="2026-Q3", kinds=["summary"]).ok
    traditional = _text(next((workspace / "output" / SAMPLE_UNIT / "2026-Q3").glob("*总结.docx")))
    simplified = TRADITIONAL_RECORDS.replace("1.2萬份", "1.2万份").replace("30個", "30个")
    (workspace / "data" / SAMPLE_UNIT / "2026-Q3.yaml").write_text(simplified, "utf-8")
    assert build(workspace, period="2026-Q3", kinds=["summary"]).ok
    assert _text(next((workspace / "output" / SAMPLE_UNIT / "2026-Q3").glob("*总结.docx"))) == traditional


def test_a_metric_named_in_traditional_totals_with_the_same_metric_named_in_simplified(
        workspace: Path) -> None:
    """發放宣傳資料 and 发放宣传资料 are one metric: the document shows them as one name."""
    text = TRADITIONAL_RECORDS.replace("      发放宣传资料: 1.2萬份", "      發放宣傳資料: 1.2萬份")
    (workspace / "data" / SAMPLE_UNIT / "2026-Q3.yaml").write_text(text, "utf-8")
    assert build(workspace, period="2026-Q3", kinds=["summary"]).ok
    summary = _text(next((workspace / "output" / SAMPLE_UNIT / "2026-Q3").glob("*总结.docx")))
    assert "发放宣传资料1.5万份" in summary
    assert summary.count("发放宣传资料") == 1


def test_a_traditional_meeting_file_parses(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("date: 2026-07-20\ntime: 下午3時30分\ntitle: 推進會\nform: 紀要\n", "utf-8")
    [meeting] = read_meetings(path).meetings
    assert meeting.time == "下午3时30分"
    assert meeting.form == "纪要"


# --- 文号 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["縣愛衛辦發〔2026〕5號", "縣愛衛辦發[2026]5號",
                                     "縣愛衛辦發（2026）第05號", "县爱卫办发〔2026〕5號"])
def test_a_document_number_with_hao_is_accepted_and_keeps_its_brackets(written: str) -> None:
    number = parse_document_number(written)
    assert number.endswith("〔2026〕5号")
    assert to_script(number, "繁體") == "縣愛衛辦發〔2026〕5號"
    assert to_script(number, "简体") == "县爱卫办发〔2026〕5号"


def test_a_period_file_citing_a_traditional_document_number_reads(tmp_path: Path) -> None:
    path = tmp_path / "2026-H1.yaml"
    shutil.copy(REPO_ROOT / "data" / HEALTH / "2026-H1.yaml", path)
    records = read_period(path)
    assert records.report is not None
    [basis] = records.report.basis
    assert to_script(basis.citation, "繁體") == (
        "《關於開展2026年愛國衛生月活動的通知》（縣愛衛辦發〔2026〕5號）")


# --- a bad script value --------------------------------------------------------------------------


def test_a_bad_script_in_the_unit_is_a_located_chinese_error(tmp_path: Path) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text("name: 示例县某局\ntheme: 爱国卫生工作\nscript: 繁中\n", "utf-8")
    with pytest.raises(RecordsError) as caught:
        read_unit(path)
    [problem] = caught.value.problems
    assert (problem.location.line, problem.location.column, problem.field) == (3, 9, "script")
    assert "只能是“简体”或“繁體”" in problem.message


@pytest.mark.parametrize(("old", "new", "field"), [
    ("date: 2026-07-08\n", "date: 2026-07-08\nscript: 繁中\n", "script"),
    ("    title: 爱国卫生月活动动员会\n", "    title: 爱国卫生月活动动员会\n    script: 繁中\n",
     "meetings[1].script"),
    ("report:\n", "report:\n  script: 繁中\n", "report.script"),
])
def test_a_bad_script_in_a_period_is_located_and_nothing_is_written(
        workspace: Path, old: str, new: str, field: str) -> None:
    path = _period(workspace)
    text = replace_once(path.read_text("utf-8"), old, new)
    path.write_text(text, "utf-8")
    line = text[:text.index("script: 繁中")].count("\n") + 1
    code, _, err = run("build", "-w", workspace)
    assert code == 1
    assert re.search(rf"2026-H1\.yaml:{line}:\d+ {re.escape(field)}: .*只能是“简体”或“繁體”", err), err
    assert not list((workspace / "output").rglob("*.docx"))
    code, _, err = run("check", "-w", workspace)
    assert code == 1
    assert f"2026-H1.yaml:{line}:" in err


def test_a_bad_script_in_a_meetings_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("meetings:\n  - date: 2026-07-20\n    title: 推進會\n    script: 繁中\n", "utf-8")
    with pytest.raises(RecordsError) as caught:
        read_meetings(path)
    [problem] = caught.value.problems
    assert (problem.location.line, problem.field) == (4, "meetings[0].script")
    assert "只能是“简体”或“繁體”" in problem.message
