"""LibreOffice: where it is, and one headless process converting a whole batch of .docx to PDF.

``soffice --convert-to`` takes any number of files and converts them one after another in a
single process, which saves its start-up (about a second) per document. A file it cannot load
is skipped with "Error: source file could not be loaded" and no PDF, while the others are still
converted and the exit status stays 0; so every document's result is read from whether its PDF
is there and whole, never from the exit status alone.

Each batch runs in a temporary folder of its own: a private LibreOffice profile there (so a
LibreOffice the clerk has open, or another build, is never asked to do the work or disturbed),
and the documents copied in under numbered names (so same-named documents of different folders
cannot collide, and the command line stays short and plain ASCII on Windows). The process is
given a time that grows with the batch and is killed, with everything it started, when it runs
over.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import ReportgenError, display_path
from reportgen.write.files import reason

ENVIRONMENT = "REPORTGEN_SOFFICE"
"""Names the LibreOffice program to use (soffice, soffice.exe), where it is not on PATH."""

START_SECONDS, SECONDS_PER_DOCUMENT = 90.0, 20.0
"""A batch of n documents may take START_SECONDS + n × SECONDS_PER_DOCUMENT: start-up with a new
profile takes a few seconds, a 公文 of a few pages well under one."""

INSTALL_HINT = (
    "未找到 LibreOffice，无法生成 PDF（.docx 文件不受影响，已照常生成）。请先安装 LibreOffice：\n"
    "  Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai\n"
    "  Windows：从 https://zh-cn.libreoffice.org/download/ 下载安装，"
    "或运行 winget install TheDocumentFoundation.LibreOffice\n"
    f"若已安装在其他位置，请把环境变量 {ENVIRONMENT} 设为 soffice 程序的完整路径"
    r"（如 C:\Program Files\LibreOffice\program\soffice.exe）。")

_PDF_FILTER = "pdf:writer_pdf_Export"
_WORD_FILTER = "MS Word 2007 XML"
"""Read every input as .docx: without it LibreOffice opens a file that is not a Word document
as plain text and makes a PDF of its bytes."""


class LibreOfficeMissing(ReportgenError):
    """LibreOffice is not installed, or REPORTGEN_SOFFICE names no program."""


@dataclass(frozen=True)
class Converted:
    """One document of a batch: its PDF in the batch's folder, or why there is none."""

    document: Path
    pdf: Path | None
    problem: str = ""


def find_soffice(environ: Mapping[str, str] | None = None) -> Path:
    """The LibreOffice program: REPORTGEN_SOFFICE, else soffice on PATH, else where the installer
    puts it (Windows, macOS). Raises LibreOfficeMissing with how to install it."""
    env = os.environ if environ is None else environ
    given = env.get(ENVIRONMENT, "").strip().strip('"')
    if given:
        path = Path(given)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise LibreOfficeMissing(f"环境变量 {ENVIRONMENT} 指向的 {given} 不存在或不是可执行程序。\n"
                                 f"{INSTALL_HINT}")
    for name in ("soffice", "libreoffice", "soffice.exe"):
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return Path(found)
    for candidate in _installed_places(env):
        if candidate.is_file():
            return candidate
    raise LibreOfficeMissing(INSTALL_HINT)


def _installed_places(env: Mapping[str, str]) -> list[Path]:
    places = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
              Path("/opt/libreoffice/program/soffice"), Path("/usr/lib/libreoffice/program/soffice")]
    for variable, default in (("ProgramFiles", r"C:\Program Files"),
                              ("ProgramFiles(x86)", r"C:\Program Files (x86)")):
        root = env.get(variable, default if sys.platform == "win32" else "")
        if root:
            places.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
    return places


def time_limit(count: int) -> float:
    """Seconds a batch of *count* documents may take."""
    return START_SECONDS + SECONDS_PER_DOCUMENT * count


def convert_batch(soffice: Path, documents: Sequence[Path], work: Path, *,
                  fonts_conf: Path | None = None, timeout: float | None = None,
                  environ: Mapping[str, str] | None = None) -> list[Converted]:
    """Convert *documents* to PDF in one LibreOffice process, inside the empty folder *work*.

    Never raises for a document: each result has its PDF (under *work*) or a Chinese problem."""
    sources, outputs = work / "docx", work / "pdf"
    sources.mkdir()
    outputs.mkdir()
    names: dict[int, str] = {}
    problems: dict[int, str] = {}
    for index, document in enumerate(documents):
        try:
            shutil.copyfile(document, sources / f"{index}.docx")
            names[index] = f"{index}.docx"
        except OSError as exc:
            problems[index] = f"无法读取：{reason(exc)}"
    if names:
        outcome = _run(soffice, list(names.values()), sources, outputs, work / "profile",
                       fonts_conf, timeout if timeout is not None else time_limit(len(names)),
                       environ)
        for index in names:
            pdf = outputs / f"{index}.pdf"
            if _whole_pdf(pdf):
                continue
            problems[index] = outcome or "LibreOffice 无法打开这份文档（文件是否已损坏，或不是 Word 文档？）"
    return [Converted(document, None if index in problems else outputs / f"{index}.pdf",
                      problems.get(index, ""))
            for index, document in enumerate(documents)]


def _run(soffice: Path, names: list[str], sources: Path, outputs: Path, profile: Path,
         fonts_conf: Path | None, timeout: float, environ: Mapping[str, str] | None) -> str:
    """Run LibreOffice once; "" when it ran to its end, else what went wrong (in Chinese)."""
    env = dict(os.environ if environ is None else environ)
    if fonts_conf is not None:
        env["FONTCONFIG_FILE"] = str(fonts_conf)
    command = [str(soffice), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
               "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               f"--infilter={_WORD_FILTER}", "--convert-to", _PDF_FILTER,
               "--outdir", str(outputs.resolve()), *names]
    try:
        process = subprocess.Popen(command, cwd=sources, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   # a group of its own, so that a timeout ends all of it
                                   start_new_session=sys.platform != "win32",
                                   creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0))
    except OSError as exc:
        return f"无法启动 LibreOffice（{display_path(soffice)}）：{reason(exc)}"
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        return (f"LibreOffice 在 {timeout:.0f} 秒内没有转换完，已被停止"
                "（文档是否特别大？可重试，或在 LibreOffice 中打开它检查）")
    if process.returncode != 0:
        last = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        detail = f"：{last[0][:200]}" if last[0] else ""
        return f"LibreOffice 异常退出（退出码 {process.returncode}）{detail}"
    return ""


def _kill(process: subprocess.Popen[bytes]) -> None:
    """End *process* and what it started (soffice runs soffice.bin), then reap it."""
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],
                       capture_output=True, check=False)
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
    try:
        process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


def _whole_pdf(path: Path) -> bool:
    """Whether *path* is a complete PDF: its header, and the end-of-file mark of a finished one
    (a process killed mid-write leaves neither or only the first)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(5)
            stream.seek(max(0, os.fstat(stream.fileno()).st_size - 1024))
            tail = stream.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail
