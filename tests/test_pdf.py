"""The PDF stage on the sample workspace, with the real LibreOffice and poppler's pdfinfo and
pdftotext reading the PDFs back: pages, page size, the 22 × 28 grid, one process per batch,
failures one document at a time, hand-edited PDFs kept, fonts named when substituted."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import shutil
import stat
import subprocess
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import HAND_WRITTEN, REPO_ROOT, SAMPLE_PERIOD, SAMPLE_UNIT, THIRD_UNIT, copy_data
from reportgen.build import build
from reportgen.layout import BODY_FONT, HEI_FONT, KAI_FONT, SONG_FONT, TITLE_FONT
from reportgen.pdf import (
    ENVIRONMENT,
    INSTALL_HINT,
    export_pdfs,
    find_soffice,
    outdated_documents,
    stand_ins,
    substitution_note,
)
from reportgen.pdf.fonts import chinese_font, fonts_named, windows_font_names
from reportgen.pdf.soffice import time_limit
from reportgen.script import TRADITIONAL_FONTS
from reportgen.write import Manifest, Outcome

SOFFICE = shutil.which("soffice")
SUMMARY = f"{SAMPLE_UNIT}2026年上半年爱国卫生工作总结"
TRADITIONAL_SUMMARY = "示例縣衛生健康局2026年上半年愛國衛生工作總結"
REPORT = f"{SAMPLE_UNIT}2026年上半年爱国卫生工作情况汇报"
TRADITIONAL_REPORT = "示例縣衛生健康局2026年上半年愛國衛生工作情況匯報"

# The text block of GB/T 9704 in points (layout.py gives twips): its top, its left edge, one
# line's pitch and one character's advance (3号 with -0.25 pt spacing).
BLOCK_TOP, BLOCK_LEFT, PITCH, ADVANCE = 2098 / 20, 1588 / 20, 579 / 20, 15.75
LINES, CHARACTERS = 22, 28
A4 = (595.3, 841.9)
HANGING = "，。、；：？！”’）》"
"""Punctuation LibreOffice (like Word) lets hang past the right edge of a full line."""


# ---------------------------------------------------------------- helpers


def counting_soffice(folder: Path, real: str | None = SOFFICE, body: str = "") -> tuple[Path, Path]:
    """A wrapper that logs each start to a file and then runs *body* or execs the real soffice;
    its path and the log's."""
    log = folder / "starts.log"
    wrapper = folder / "soffice-wrapper"
    run = body or f'exec "{real}" "$@"'
    wrapper.write_text(f'#!/bin/sh\necho "$$" >> "{log}"\n{run}\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return wrapper, log


def starts(log: Path) -> list[str]:
    return log.read_text("utf-8").split() if log.exists() else []


def env_with(wrapper: Path | str) -> dict[str, str]:
    return {**os.environ, ENVIRONMENT: str(wrapper)}


def build_workspace(root: Path, units: tuple[str, ...]) -> list[Path]:
    for unit in units:
        copy_data(REPO_ROOT / "data" / unit, root / "data" / unit)
    if (REPO_ROOT / "templates").is_dir():
        shutil.copytree(REPO_ROOT / "templates", root / "templates")
    report = build(root)
    assert report.ok, report.failures
    return sorted((root / "output").rglob("*.docx"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


@dataclass(frozen=True)
class Line:
    top: float
    left: float
    right: float
    text: str


def page_lines(pdf: Path, page: int) -> list[Line]:
    """The text lines of one page as pdftotext -bbox-layout places them, top to bottom."""
    xhtml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    root = ElementTree.fromstring(xhtml)
    lines = []
    for line in root.iter("{http://www.w3.org/1999/xhtml}line"):
        words = [w.text or "" for w in line.iter("{http://www.w3.org/1999/xhtml}word")]
        lines.append(Line(float(line.get("yMin", 0)), float(line.get("xMin", 0)),
                          float(line.get("xMax", 0)), "".join(words)))
    return sorted(lines, key=lambda x: x.top)


def page_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def wide(text: str) -> bool:
    return all(unicodedata.east_asian_width(ch) in "WF" for ch in text)


def installed_families() -> set[str]:
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, env=env,
                             check=True).stdout
    return {name.strip() for line in listing.splitlines() for name in line.split(",")}


# ---------------------------------------------------------------- one batch of the whole sample


@dataclass
class Batch:
    root: Path
    documents: list[Path]
    digests: dict[Path, str]
    report: object
    heard: list[object]
    starts: list[str]
    seconds: float


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """The three hand-written sample units built, then all their documents exported at once
    through a wrapper that counts LibreOffice starts."""
    root = tmp_path_factory.mktemp("pdf")
    documents = build_workspace(root, HAND_WRITTEN)
    digests = {d: digest(d) for d in documents}
    wrapper, log = counting_soffice(tmp_path_factory.mktemp("bin"))
    heard: list[object] = []
    start = time.perf_counter()
    report = export_pdfs(root / "output", documents, on_result=heard.append, environ=env_with(wrapper))
    return Batch(root, documents, digests, report, heard, starts(log), time.perf_counter() - start)


def test_a_batch_is_converted_by_one_libreoffice_process(batch: Batch) -> None:
    assert len(batch.documents) >= 10
    assert len(batch.starts) == 1
    report = batch.report
    assert report.ok, (report.failures, report.unavailable)  # type: ignore[attr-defined]
    written = report.written  # type: ignore[attr-defined]
    assert sorted(r.path for r in written) == sorted(d.with_suffix(".pdf") for d in batch.documents)
    assert {r.outcome for r in written} == {Outcome.WRITTEN}
    assert batch.heard == written


def test_each_pdf_is_tracked_by_its_folder_manifest_and_the_docx_are_untouched(batch: Batch) -> None:
    for document in batch.documents:
        pdf = document.with_suffix(".pdf")
        assert Manifest.read(pdf.parent).accepts(pdf.name, digest(pdf))
        assert digest(document) == batch.digests[document]
    assert not list(batch.root.rglob(".tmp-*"))


def test_same_named_documents_of_different_folders_keep_their_own_content(batch: Batch,
                                                                         tmp_path: Path) -> None:
    output = tmp_path / "output"
    sources = {"甲": next(d for d in batch.documents if d.stem == SUMMARY),
               "乙": next(d for d in batch.documents if "城南街道办事处2026年上半年创卫工作总结" in d.stem)}
    copies = []
    for folder, source in sources.items():
        (output / folder / SAMPLE_PERIOD).mkdir(parents=True)
        copies.append(shutil.copy(source, output / folder / SAMPLE_PERIOD / "同名.docx"))
    report = export_pdfs(output, copies)
    assert report.ok and len(report.written) == 2
    assert "财政局" in page_text(output / "甲" / SAMPLE_PERIOD / "同名.pdf", 1)
    assert "城南街道" in page_text(output / "乙" / SAMPLE_PERIOD / "同名.pdf", 1)


@pytest.mark.parametrize("title", [SUMMARY, TRADITIONAL_SUMMARY])
def test_every_page_is_a4_and_numbered_in_order(batch: Batch, title: str) -> None:
    pdf = next(d for d in batch.documents if d.stem == title).with_suffix(".pdf")
    sizes = page_sizes(pdf)
    assert len(sizes) >= 2
    for width, height in sizes:
        assert width == pytest.approx(A4[0], abs=0.5) and height == pytest.approx(A4[1], abs=0.5)
    for page in range(1, len(sizes) + 1):
        assert re.search(rf"^\s*[—－]\s*{page}\s*[—－]\s*$", page_text(pdf, page), re.MULTILINE)


@pytest.mark.parametrize(("title", "has_full_page"),
                         [(SUMMARY, True), (REPORT, True), (TRADITIONAL_REPORT, False)])
def test_body_pages_keep_the_grid_of_22_lines_and_28_characters(batch: Batch, title: str,
                                                                 has_full_page: bool) -> None:
    """Every line of a body page (not the first, with its title, nor the last) sits on one of
    the 22 lines of the grid, a full page fills all 22, and a full line holds 28 characters
    less its indent (one more when a closing mark hangs past the edge, as Word lets it). The
    繁體 report's one body page ends a line early: a heading is kept with its paragraph."""
    pdf = next(d for d in batch.documents if d.stem == title).with_suffix(".pdf")
    pages = len(page_sizes(pdf))
    assert pages >= 3
    counts, full = [], []
    for page in range(2, pages):
        lines = [x for x in page_lines(pdf, page) if x.top < BLOCK_TOP + LINES * PITCH]  # no page number
        counts.append(len(lines))
        first = lines[0].top
        assert first - BLOCK_TOP == pytest.approx(8, abs=4)  # the first line's glyphs, under its top
        for line in lines:
            assert (line.top - first) / PITCH == pytest.approx(round((line.top - first) / PITCH), abs=0.01)
        full += [line for line, after in itertools.pairwise(lines)
                 if after.left == pytest.approx(BLOCK_LEFT, abs=1) and wide(line.text)]
    assert all(count <= LINES for count in counts)
    assert (max(counts) == LINES) is has_full_page
    assert len(full) >= 3  # enough full lines to measure (the 繁體 report has one body page)
    for line in full:
        indent = round((line.left - BLOCK_LEFT) / ADVANCE)
        hangs = line.text[-1] in HANGING and len(line.text) == CHARACTERS - indent + 1
        assert len(line.text) - hangs == CHARACTERS - indent, line.text
        assert line.right - line.left == pytest.approx(len(line.text) * ADVANCE, abs=1.5)


# ---------------------------------------------------------------- fonts


def test_the_note_names_each_missing_font_and_its_stand_in_once(batch: Batch) -> None:
    notes = batch.report.notes  # type: ignore[attr-defined]
    assert len(notes) == 1
    note = notes[0]
    installed = installed_families()
    named = {f for d in batch.documents for f in fonts_named(d)}
    assert {TITLE_FONT, BODY_FONT, HEI_FONT, KAI_FONT, SONG_FONT, "方正小标宋繁体"} <= named
    for font in (f for f in named if chinese_font(f)):
        assert (f"{font}、" in note or f"{font}，" in note) is (font not in installed), font
    if BODY_FONT not in installed and "Noto Serif CJK SC" in installed:
        assert re.search(rf"未安装[^；]*{BODY_FONT}[^；]*，PDF 中以 Noto Serif CJK SC 代替", note)
    assert "正式报送前请在装有公文字体的电脑上转换" in note
    assert "Courier" not in note and "Symbol" not in note


def test_a_traditional_document_is_noted_with_its_own_fonts(batch: Batch) -> None:
    documents = [d for d in batch.documents if d.parent.parent.name == THIRD_UNIT]
    note = substitution_note(documents, REPO_ROOT / "src" / "reportgen" / "pdf" / "fonts.conf")
    assert note is not None
    assert "方正小标宋繁体" in note and "仿宋_GB2312" not in note and "方正小标宋简体" not in note


def test_no_note_when_every_font_is_installed(tmp_path: Path, batch: Batch) -> None:
    source = next(d for d in batch.documents if d.stem == SUMMARY)
    chinese = {f for f in fonts_named(source) if chinese_font(f)}
    assert "Noto Serif CJK SC" in installed_families(), "fonts-noto-cjk is needed"
    for name, expected in (("不存在的字体", "未安装不存在的字体，PDF 中以"), ("Noto Serif CJK SC", None)):
        document = tmp_path / f"{name}.docx"
        shutil.copy(source, document)
        _rename_fonts(document, dict.fromkeys(chinese, name))
        assert chinese_font(name) is (name == "不存在的字体")
        assert {f for f in fonts_named(document) if chinese_font(f)} <= {"不存在的字体"}
        note = substitution_note([document], None)
        assert (note is None) if expected is None else (note is not None and expected in note)


def _rename_fonts(document: Path, renames: dict[str, str]) -> None:
    import zipfile

    with zipfile.ZipFile(document) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    for name, data in parts.items():
        if name.endswith(".xml"):
            for old, new in renames.items():
                data = data.replace(f'"{old}"'.encode(), f'"{new}"'.encode())
            parts[name] = data
    with zipfile.ZipFile(document, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_every_font_the_layout_names_has_a_stand_in_that_fontconfig_uses() -> None:
    pairs = stand_ins()
    for font in (TITLE_FONT, BODY_FONT, HEI_FONT, KAI_FONT, SONG_FONT, *TRADITIONAL_FONTS.values()):
        assert font in pairs, font
    conf = REPO_ROOT / "src" / "reportgen" / "pdf" / "fonts.conf"
    installed = installed_families()
    for font, stand_in in pairs.items():
        if font not in installed and stand_in in installed:
            env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
            shown = subprocess.run(["fc-match", "-f", "%{family[0]}", font], capture_output=True,
                                   text=True, env=env, check=True).stdout
            assert shown == stand_in, font


def test_a_stand_in_never_hides_an_installed_font(tmp_path: Path) -> None:
    """fonts.conf maps with <accept>: an alias for a font that is installed leaves it in use."""
    installed = "DejaVu Sans"
    assert installed in installed_families()
    conf = (REPO_ROOT / "src" / "reportgen" / "pdf" / "fonts.conf").read_text("utf-8")
    alias = re.search(r"<alias [^\n]*仿宋_GB2312[^\n]*", conf)
    assert alias is not None
    test_conf = tmp_path / "fonts.conf"
    test_conf.write_text(conf.replace(alias.group(0), alias.group(0) + "\n"
                                      + alias.group(0).replace("仿宋_GB2312", installed)), "utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(test_conf)}
    shown = subprocess.run(["fc-match", "-f", "%{family[0]}", installed], capture_output=True,
                           text=True, env=env, check=True).stdout
    assert shown == installed


def test_windows_font_list_names_are_read_as_families() -> None:
    families = windows_font_names(["SimSun & NSimSun (TrueType)", "仿宋 (TrueType)",
                                   "FangSong_GB2312 (TrueType)", "Arial Bold (TrueType)"])
    assert {"SimSun", "宋体", "NSimSun", "仿宋", "FangSong_GB2312", "仿宋_GB2312"} <= families
    assert "楷体" not in families


# ---------------------------------------------------------------- failures, one document at a time


@pytest.fixture
def one_unit(tmp_path: Path) -> tuple[Path, list[Path]]:
    """The first sample unit built: its output folder and its .docx files."""
    documents = build_workspace(tmp_path / "ws", (SAMPLE_UNIT,))
    return tmp_path / "ws" / "output", documents


def test_without_libreoffice_the_report_says_how_to_install_it(one_unit: tuple[Path, list[Path]],
                                                               tmp_path: Path) -> None:
    output, documents = one_unit
    before = {d: digest(d) for d in documents}
    missing = tmp_path / "nowhere" / "soffice"
    report = export_pdfs(output, documents, environ=env_with(missing))
    assert not report.ok and not report.written and not report.failures
    assert ENVIRONMENT in report.unavailable and str(missing) in report.unavailable
    assert "sudo apt-get install libreoffice-writer-nogui" in report.unavailable
    assert "winget install TheDocumentFoundation.LibreOffice" in report.unavailable
    assert "已照常生成" in report.unavailable
    assert {d: digest(d) for d in documents} == before
    assert not list(output.rglob("*.pdf"))


def test_libreoffice_is_looked_for_on_path_and_the_hint_is_plain() -> None:
    assert find_soffice({"PATH": str(Path(SOFFICE or "").parent)}).name == "soffice"
    assert "libreoffice.org" in INSTALL_HINT and "fonts-noto-cjk" in INSTALL_HINT


def test_a_document_libreoffice_cannot_open_fails_alone(one_unit: tuple[Path, list[Path]],
                                                       tmp_path: Path) -> None:
    output, documents = one_unit
    folder = documents[0].parent
    broken, text = folder / "损坏的文档.docx", folder / "其实是文本.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    text.write_text("这不是 Word 文档", encoding="utf-8")
    wrapper, log = counting_soffice(tmp_path)
    report = export_pdfs(output, [broken, *documents, text], environ=env_with(wrapper))
    assert len(starts(log)) == 1
    assert sorted(f.document for f in report.failures) == sorted([broken, text])
    for failure in report.failures:
        assert failure.document.name in failure.message
        assert "未能转换为 PDF" in failure.message and "LibreOffice 无法打开" in failure.message
    assert sorted(r.path for r in report.written) == sorted(d.with_suffix(".pdf") for d in documents)
    assert not broken.with_suffix(".pdf").exists() and not text.with_suffix(".pdf").exists()


def test_a_hand_edited_pdf_is_kept_unless_forced(one_unit: tuple[Path, list[Path]]) -> None:
    output, documents = one_unit
    assert export_pdfs(output, documents).ok
    pdf = documents[0].with_suffix(".pdf")
    pdf.write_bytes(b"%PDF-1.4 signed and stamped by hand\n%%EOF\n")
    edited = digest(pdf)
    report = export_pdfs(output, documents[:1])
    assert [r.outcome for r in report.written] == [Outcome.KEPT_EDITED]
    assert digest(pdf) == edited
    forced = export_pdfs(output, documents[:1], force=True)
    [result] = forced.written
    assert result.outcome is Outcome.REPLACED_EDITED and result.backup is not None
    assert digest(result.backup) == edited and digest(pdf) != edited
    assert page_sizes(pdf)


def test_a_libreoffice_that_hangs_is_stopped_in_time(one_unit: tuple[Path, list[Path]],
                                                    tmp_path: Path) -> None:
    output, documents = one_unit
    wrapper, log = counting_soffice(tmp_path, body="exec sleep 120")
    start = time.perf_counter()
    report = export_pdfs(output, documents, timeout=2, environ=env_with(wrapper))
    assert time.perf_counter() - start < 30
    assert sorted(f.document for f in report.failures) == sorted(documents)
    assert all("秒内没有转换完" in f.message for f in report.failures)
    [pid] = starts(log)
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid), 0)
    assert not list(output.rglob("*.pdf"))
    assert time_limit(100) > time_limit(1) >= 60


def test_a_libreoffice_that_fails_is_reported_with_its_exit_status(one_unit: tuple[Path, list[Path]],
                                                                  tmp_path: Path) -> None:
    output, documents = one_unit
    wrapper, _ = counting_soffice(tmp_path, body='echo "no display" >&2; exit 3')
    report = export_pdfs(output, documents[:2], environ=env_with(wrapper))
    assert [f.document for f in report.failures] == documents[:2]
    assert all("退出码 3" in f.message and "no display" in f.message for f in report.failures)


def test_pdfs_go_only_below_the_output_folder(one_unit: tuple[Path, list[Path]], tmp_path: Path) -> None:
    output, documents = one_unit
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    stray = outside / "别处.docx"
    shutil.copy(documents[0], stray)
    report = export_pdfs(output, [stray])
    [failure] = report.failures
    assert "别处.docx" in failure.message and "拒绝写入" in failure.message
    assert not stray.with_suffix(".pdf").exists()


# ---------------------------------------------------------------- what reportgen pdf converts


def test_outdated_documents_are_those_without_a_current_pdf(one_unit: tuple[Path, list[Path]]) -> None:
    output, documents = one_unit
    assert outdated_documents(output) == documents
    assert outdated_documents(output, units=["别的单位"]) == []
    assert outdated_documents(output, units=[SAMPLE_UNIT], period=SAMPLE_PERIOD) == documents
    assert outdated_documents(output, period="2025-H2") == []
    assert export_pdfs(output, documents).ok
    assert outdated_documents(output) == []
    assert outdated_documents(output, force=True) == documents
    later = documents[1].stat().st_mtime + 10
    os.utime(documents[1], (later, later))
    assert outdated_documents(output) == [documents[1]]
    folder = documents[0].parent
    for name in ("~$工作总结.docx", ".tmp-abc.docx", "总结.手工修改备份-20261205-120000.docx"):
        (folder / name).write_bytes(b"")
    assert outdated_documents(output) == [documents[1]]
