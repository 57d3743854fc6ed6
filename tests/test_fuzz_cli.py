"""Fuzz the command line: ``python -m reportgen build`` and ``check`` on hostile workspaces.

Each case is a fresh folder holding a workspace (the good sample unit 示例县财政局 and, mostly, a
broken unit next to it), an ``outside`` folder beside the workspace and the TMPDIR of the command.
The command runs as a child process of this interpreter, importing the same reportgen (its
PYTHONPATH is the src/ this test imports). For every case:

- it exits 0, 1 (data errors), 3 (files that cannot be written) or 4 (a stale hand-edited
  document kept) within CLI_SECONDS, with no Python traceback, and its peak memory stays under
  300 MB;
- every line it prints to stderr says its message in Chinese;
- nothing outside <workspace>/output is created, changed or removed (check changes nothing at
  all), and output/ is never left holding a symlink out of it;
- every .docx under output/ opens in python-docx, every XML part of it parses, and its name can
  be written on Windows;
- a broken unit never stops the good one: its documents are written, and when the command
  exits 1 the summary line counts the failure and stderr names the broken unit.

The cases: corpus items and mutated files as the broken unit's period file (or unit.yaml), and path
tricks: --unit ../x, an absolute --unit, --unit with NUL, --unit CON, a 300-character --unit,
a unit folder name at the 255-byte limit, a unit folder that is a symlink, output/ (or
output/<unit>, output/<unit>/<period>, a document, the manifest) as a symlink out of the
workspace, output/ as a file, a FIFO or a directory as the period file.

All cases run in parallel before the first assertion; each test then reports its own case. With
FUZZ_N of 1000 or more, every corpus item is built and checked, and FUZZ_N / 250 more mutated
files are tried.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import copy_data
from fuzzkit import (
    FUZZ_N,
    MEMORY_LIMIT_MB,
    PERIOD_FILE,
    SAMPLE_PERIOD,
    SAMPLE_UNITS,
    CorpusItem,
    changes,
    child_env,
    corpus_items,
    docx_findings,
    file_name_findings,
    high_water_mb,
    limit_child_memory,
    mutated_case,
    snapshot,
    writes_outside,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
GOOD_UNIT = SAMPLE_UNITS[0]
BROKEN_UNIT = "示例县坏单位"  # sorts before the good unit, so its failure comes first
LATE_UNIT = "示例县邮政局"  # sorts after the good unit
CLI_SECONDS = 8.0
"""Wall-clock limit of one command: 5 s of work plus the interpreter's start, on a busy machine
(a build of the sample takes under 1 s)."""
TRACEBACK = "Traceback (most recent call last)"
# How the command may end: 0 and 4 built every period (4: a stale hand edit was kept), 1 and 3
# left periods unbuilt (3: only because files could not be written).
EXIT_CODES = (0, 1, 3, 4)
SUCCEEDED = (0, 4)
FAILED = (1, 3)
SUMMARY = re.compile(r"^完成：生成 (\d+) 份，无变化 (\d+) 份"
                     r"(?:，因手工修改未覆盖 \d+ 份(?:（其中 \d+ 份已不是最新）)?)?"
                     r"(?:，(?:(\d+) 个单位)?和?(?:(\d+) 个期间)?未生成（原因见上）"
                     r"(?:，其中 \d+ 个是因为文件无法写入)?"
                     r"(?:，其中 \d+ 个期间只写入了一部分)?)?$")
CHECK_FAILED = re.compile(r"^共发现 \d+ 个问题（检查了 .*）$")
CJK = re.compile(r"[\u4e00-\u9fff]")
LOCATED = re.compile(r"^\S*?:\d+:\d+(?: [^:：\s]+)?: (.*)$")
ALL = FUZZ_N >= 1000

CLI_CORPUS = [  # with FUZZ_N < 1000: one item per kind of trouble
    "ctrl-esc-escaped.yaml", "ctrl-nul-raw.yaml", "ctrl-ufffe-escaped.yaml", "surrogate-in-date.yaml",
    "number-5000-digits-count.yaml", "period-0000.yaml", "period-0000-in-2026-H1.yaml",
    "sections-97.yaml", "alias-recursive.yaml", "alias-billion-laughs.yaml", "meeting-title-100.yaml",
    "unit-name-300.unit.yaml", "titles-windows-devices.yaml", "encoding-gbk.yaml", "gen-empty.yaml",
    "gen-flow-nesting-30000.yaml", "gen-20mb.yaml",
]
CHECK_CORPUS = [  # and the ones check also reads
    "ctrl-esc-raw.yaml", "period-0000-in-2026-H1.yaml", "alias-recursive.yaml",
    "gen-block-nesting-30000.yaml",
]
MUTATION_SEEDS = list(range(1, 5 + (FUZZ_N // 250 if ALL else 0)))


# ---------------------------------------------------------------- running one command


@dataclass
class Run:
    code: int | None
    out: str
    err: str
    seconds: float
    peak_mb: float


def run_command(argv: list[str], cwd: Path, tmpdir: Path) -> Run:
    """Run *argv* with this interpreter; kill it after CLI_SECONDS. Its peak memory is its VmHWM,
    read while it runs (its ru_maxrss would start at this pytest's size, see high_water_mb)."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, *argv], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               env=child_env(TMPDIR=str(tmpdir)), preexec_fn=limit_child_memory)
    streams: dict[str, bytes] = {}

    def drain(name: str) -> None:
        stream = getattr(process, name)
        streams[name] = stream.read()

    readers = [threading.Thread(target=drain, args=(n,), daemon=True) for n in ("stdout", "stderr")]
    for reader in readers:
        reader.start()
    code: int | None = None
    peak = 0.0
    while True:
        peak = max(peak, high_water_mb(process.pid) or 0.0)
        pid, status = os.waitpid(process.pid, os.WNOHANG)
        if pid:
            code = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() - started > CLI_SECONDS:
            os.killpg(process.pid, signal.SIGKILL)
            os.waitpid(process.pid, 0)
            break
        time.sleep(0.01)
    process.returncode = code if code is not None else -signal.SIGKILL
    for reader in readers:
        reader.join(10)
    return Run(code, streams.get("stdout", b"").decode("utf-8", "replace"),
               streams.get("stderr", b"").decode("utf-8", "replace"), time.monotonic() - started, peak)


# ---------------------------------------------------------------- cases


@dataclass
class Folders:
    root: Path
    workspace: Path
    outside: Path

    @property
    def data(self) -> Path:
        return self.workspace / "data"


@dataclass
class Case:
    id: str
    prepare: Callable[[Folders], None]
    args: list[str] = field(default_factory=lambda: ["build"])
    good_unit: bool = True
    """The good sample unit is in the build and must be written."""
    broken: tuple[str, ...] = (BROKEN_UNIT,)
    """Units that may fail: when the build exits 1, stderr names them and the summary counts."""
    program: str | None = None
    """A python -c program instead of -m reportgen (for arguments argv cannot carry: NUL)."""

    @property
    def command(self) -> str:
        return self.args[0]


def copy_unit(target: Path, name: str | None = None, source: str = GOOD_UNIT) -> None:
    copy_data(REPO_ROOT / "data" / source, target, symlinks=True)
    if name is not None:
        unit = target / "unit.yaml"
        unit.write_text(unit.read_text(encoding="utf-8").replace(f"name: {source}", f"name: {name}"),
                        encoding="utf-8")


def good_workspace(folders: Folders) -> None:
    copy_unit(folders.data / GOOD_UNIT)


def with_corpus_item(item: CorpusItem, unit: str = BROKEN_UNIT) -> Callable[[Folders], None]:
    def prepare(folders: Folders) -> None:
        good_workspace(folders)
        item.materialize(folders.data / unit, unit_name=unit)

    return prepare


def with_period_text(text: str) -> Callable[[Folders], None]:
    def prepare(folders: Folders) -> None:
        good_workspace(folders)
        broken = folders.data / BROKEN_UNIT
        copy_unit(broken, BROKEN_UNIT)
        (broken / PERIOD_FILE).write_text(text, encoding="utf-8", errors="surrogatepass")

    return prepare


def broken_unit_with(make_period: Callable[[Path], None]) -> Callable[[Folders], None]:
    def prepare(folders: Folders) -> None:
        good_workspace(folders)
        broken = folders.data / BROKEN_UNIT
        copy_unit(broken, BROKEN_UNIT)
        (broken / PERIOD_FILE).unlink()
        make_period(broken / PERIOD_FILE)

    return prepare


def several_broken_units(folders: Folders) -> None:
    items = {item.id: item for item in corpus_items()}
    good_workspace(folders)
    for unit, item in ((BROKEN_UNIT, "ctrl-esc-raw.yaml"), (LATE_UNIT, "period-0000-in-2026-H1.yaml"),
                       ("示例县乙单位", "alias-recursive.yaml")):
        items[item].materialize(folders.data / unit, unit_name=unit)


def unit_outside_workspace(folders: Folders) -> None:
    good_workspace(folders)
    copy_unit(folders.outside / "x", "x")
    copy_unit(folders.workspace / "x", "x")


def long_unit_folder(folders: Folders) -> None:
    good_workspace(folders)
    name = "长" * 85  # 255 bytes in UTF-8: the longest folder name Linux allows
    copy_unit(folders.data / name, name)


def symlinked_unit_folder(folders: Folders) -> None:
    good_workspace(folders)
    copy_unit(folders.outside / "链接单位", "链接单位")
    (folders.data / "链接单位").symlink_to(folders.outside / "链接单位", target_is_directory=True)


def symlinked_output(folders: Folders) -> None:
    good_workspace(folders)
    (folders.outside / "output").mkdir()
    (folders.workspace / "output").symlink_to(folders.outside / "output", target_is_directory=True)


def symlinked_unit_output(folders: Folders) -> None:
    good_workspace(folders)
    (folders.workspace / "output").mkdir()
    (folders.outside / "unit-output").mkdir()
    (folders.workspace / "output" / GOOD_UNIT).symlink_to(folders.outside / "unit-output",
                                                          target_is_directory=True)


def symlinked_period_output(folders: Folders) -> None:
    good_workspace(folders)
    (folders.workspace / "output" / GOOD_UNIT).mkdir(parents=True)
    (folders.outside / "period-output").mkdir()
    (folders.workspace / "output" / GOOD_UNIT / SAMPLE_PERIOD).symlink_to(
        folders.outside / "period-output", target_is_directory=True)


def symlinked_document(folders: Folders) -> None:
    good_workspace(folders)
    period = folders.workspace / "output" / GOOD_UNIT / SAMPLE_PERIOD
    period.mkdir(parents=True)
    (folders.outside / "victim.docx").write_bytes(b"not reportgen's")
    (period / f"{GOOD_UNIT}2026年上半年爱国卫生工作总结.docx").symlink_to(folders.outside / "victim.docx")


def symlinked_manifest(folders: Folders) -> None:
    good_workspace(folders)
    period = folders.workspace / "output" / GOOD_UNIT / SAMPLE_PERIOD
    period.mkdir(parents=True)
    (folders.outside / "manifest.json").write_text("{}", encoding="utf-8")
    (period / ".reportgen.json").symlink_to(folders.outside / "manifest.json")


def output_is_a_file(folders: Folders) -> None:
    good_workspace(folders)
    (folders.workspace / "output").write_text("这不是目录", encoding="utf-8")


def no_data(folders: Folders) -> None:
    folders.workspace.mkdir(parents=True)


def corpus_cases() -> list[Case]:
    items = {item.id: item for item in corpus_items()}
    chosen = list(items) if ALL else CLI_CORPUS
    checked = list(items) if ALL else CHECK_CORPUS
    cases = [Case(f"build-corpus-{name}", with_corpus_item(items[name])) for name in chosen]
    cases += [Case(f"check-corpus-{name}", with_corpus_item(items[name]), args=["check"])
              for name in checked]
    return cases


def mutation_cases() -> list[Case]:
    cases = []
    for number in MUTATION_SEEDS:
        structural = number % 2 == 0
        text = mutated_case(GOOD_UNIT, random.Random(number), structural=structural, edits=2).period
        kind = "structural" if structural else "text"
        cases.append(Case(f"build-mutated-{kind}-{number}", with_period_text(text)))
    return cases


def fifo(path: Path) -> None:
    os.mkfifo(path)


def directory(path: Path) -> None:
    path.mkdir()


ABSOLUTE = "{outside}/x"
PATH_CASES = [
    Case("build-several-broken-units", several_broken_units,
         broken=(BROKEN_UNIT, LATE_UNIT, "示例县乙单位")),
    Case("build-unit-dotdot", unit_outside_workspace, ["build", "--unit", "../x"], good_unit=False,
         broken=("x",)),
    Case("build-unit-dotdot-out-of-workspace", unit_outside_workspace,
         ["build", "--unit", "../../outside/x"], good_unit=False, broken=("x",)),
    Case("build-unit-absolute-path", unit_outside_workspace, ["build", "--unit", ABSOLUTE],
         good_unit=False, broken=("x",)),
    Case("build-unit-with-nul", good_workspace, ["build", "--unit", "示例县\0财政局"], good_unit=False,
         program="import sys\nfrom reportgen.cli import app\n"
                 "app(args={args!r}, prog_name='reportgen')\n"),
    Case("build-unit-con", good_workspace, ["build", "--unit", "CON"], good_unit=False),
    Case("build-unit-300-characters", good_workspace, ["build", "--unit", "长" * 300], good_unit=False),
    Case("build-unit-folder-255-bytes", long_unit_folder, broken=("长" * 85,)),
    Case("build-unit-folder-symlink", symlinked_unit_folder, broken=("链接单位",)),
    Case("build-output-symlink", symlinked_output, good_unit=False, broken=(GOOD_UNIT,)),
    Case("build-output-unit-symlink", symlinked_unit_output, good_unit=False, broken=(GOOD_UNIT,)),
    Case("build-output-period-symlink", symlinked_period_output, good_unit=False, broken=(GOOD_UNIT,)),
    Case("build-force-over-symlinked-document", symlinked_document, ["build", "--force"],
         good_unit=False, broken=(GOOD_UNIT,)),
    Case("build-symlinked-manifest", symlinked_manifest, good_unit=False, broken=(GOOD_UNIT,)),
    Case("build-output-is-a-file", output_is_a_file, good_unit=False, broken=(GOOD_UNIT,)),
    Case("build-period-file-is-a-fifo", broken_unit_with(fifo)),
    Case("check-period-file-is-a-fifo", broken_unit_with(fifo), ["check"]),
    Case("build-period-file-is-a-directory", broken_unit_with(directory)),
    Case("check-period-file-is-a-directory", broken_unit_with(directory), ["check"]),
    Case("build-no-data-folder", no_data, good_unit=False),
]
CASES = corpus_cases() + mutation_cases() + PATH_CASES


# ---------------------------------------------------------------- what must hold


def good_documents() -> list[str]:
    """The file names the good unit's build writes."""
    from tempfile import TemporaryDirectory

    from reportgen.build import build

    with TemporaryDirectory() as folder:
        copy_unit(Path(folder) / "data" / GOOD_UNIT)
        report = build(Path(folder))
        return sorted(r.path.name for r in report.written)


FRAME = re.compile(r'File "([^"]+)", line (\d+),? in (\S+)|(\S+\.py):(\d+) in (\S+)')


def traceback_summary(err: str) -> str:
    """The exception and the innermost frames of a traceback (plain or drawn by rich)."""
    tail = err[err.index(TRACEBACK):]
    frames = [f"{Path(m[0] or m[3]).name}:{m[1] or m[4]} {m[2] or m[5]}" for m in FRAME.findall(tail)]
    last = next((line.strip() for line in reversed(tail.splitlines())
                 if EXCEPTION_LINE.match(line.strip())), tail.strip().splitlines()[-1])
    return f"{last}\n  innermost frames: {' → '.join(frames[-4:])}"


BOX = set("│╭╮╰╯─ ")
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b")


def message_of(line: str) -> str:
    """The message of a stderr line, without its location and the 错误：/提示： prefix."""
    line = re.sub(r"^(错误|提示)：", "", line.strip(" │"))
    match = LOCATED.match(line)
    return match.group(1) if match else line


def verify(case: Case, folders: Folders, run: Run, before: dict[str, tuple[str, ...]],
           expected_documents: list[str]) -> list[str]:
    problems = process_problems(run)
    after = snapshot(folders.root)
    output = folders.workspace / "output"
    if case.command == "check":
        problems += [f"check changed {path}" for path in changes(before, after)]
    else:
        outside = [p.replace(str(folders.root) + os.sep, "")
                   for p in writes_outside(before, after, output)]
        if outside:
            problems.append(f"written outside output/: {len(outside)} path(s): " + "; ".join(outside[:4])
                            + (" …" if len(outside) > 4 else ""))
        problems += half_written(folders, run, before, after)
    problems += documents_problems(output)
    crashed = run.code not in EXIT_CODES or TRACEBACK in run.err
    if case.command == "build" and run.code is not None:
        problems += build_problems(case, folders, run, expected_documents, crashed)
    if case.command == "check" and not crashed and run.code == 1 and not any(
            CHECK_FAILED.match(line) for line in run.err.splitlines()):
        problems.append(f"check exited 1 without its count of problems; stderr ends: {run.err[-400:]}")
    return problems


def process_problems(run: Run) -> list[str]:
    """How the command ended: in time, with 0 or 1, without a traceback, in Chinese, small."""
    problems = []
    if run.code is None:
        problems.append(f"hang: no exit within {CLI_SECONDS:g} s (killed)")
    elif run.code < 0:
        frames = [f"{Path(m[0]).name}:{m[1]} {m[2]}" for m in FRAME.findall(run.err) if m[0]]
        problems.append(f"killed by {signal.Signals(-run.code).name}; innermost frames (faulthandler): "
                        + " ← ".join(frames[:4]))
    elif run.code not in EXIT_CODES:
        problems.append(f"exit code {run.code}")
    if TRACEBACK in run.err:
        problems.append("a Python traceback on stderr: " + traceback_summary(run.err))
    elif run.code in EXIT_CODES:
        not_chinese = [line for line in run.err.splitlines()
                       if not set(line) <= BOX and not CJK.search(message_of(line))]
        if not_chinese:
            problems.append("stderr lines not in Chinese:\n" + "\n".join(not_chinese[:8]))
    if run.peak_mb > MEMORY_LIMIT_MB:
        problems.append(f"peak memory {run.peak_mb:.0f} MB (over {MEMORY_LIMIT_MB} MB)")
    return problems


def documents_problems(output: Path) -> list[str]:
    """Every .docx under output/ (symlinks not followed) is valid and portably named; no
    temporary file is left behind."""
    problems: list[str] = []
    if not output.is_dir() or output.is_symlink():
        return problems
    for folder, _, files in os.walk(output):
        for name in files:
            path = Path(folder) / name
            shown = str(path.relative_to(output))
            if name.startswith(".tmp-"):
                problems.append(f"a temporary file left in output/: {shown}")
            if path.suffix != ".docx" or path.is_symlink():
                continue
            findings = docx_findings(path.read_bytes(), shown) + file_name_findings(name, shown)
            problems += [f"{f.signature}: {f.detail}" for f in findings]
    return problems


FAILED_PERIOD = re.compile(r"^(.+) (\S+)：(?:有错误|文件无法写入（台账没有问题）)，未生成任何文档$")


def half_written(folders: Folders, run: Run, before: dict[str, tuple[str, ...]],
                 after: dict[str, tuple[str, ...]]) -> list[str]:
    """A period reported as failed (未生成任何文档) must have no document written by this run."""
    problems = []
    for line in run.err.splitlines():
        match = FAILED_PERIOD.match(line.strip())
        if not match:
            continue
        folder = str(folders.workspace / "output" / match.group(1) / match.group(2)) + os.sep
        written = [Path(p).name for p in changes(before, after)
                   if p.startswith(folder) and p.endswith(".docx") and p in after]
        if written:
            problems.append(f"{match.group(1)} {match.group(2)} is reported as 未生成任何文档 but "
                            f"{len(written)} document(s) were written: " + "、".join(written)[:300])
    return problems


def build_problems(case: Case, folders: Folders, run: Run, expected: list[str],
                   crashed: bool) -> list[str]:
    problems = []
    if case.good_unit:
        written = folders.workspace / "output" / GOOD_UNIT / SAMPLE_PERIOD
        missing = [name for name in expected if not (written / name).is_file()]
        if missing:
            problems.append(f"the good unit {GOOD_UNIT} was not built next to a broken one: missing "
                            + "、".join(missing))
    if crashed:
        return problems  # the crash is the failure; its missing summary line says nothing more
    stream = run.out if run.code in SUCCEEDED else run.err
    last = next((line for line in reversed(stream.splitlines()) if line.strip()), "")
    summary = SUMMARY.match(last.strip())
    whole_command_error = run.code == 1 and last.startswith("错误：") and not case.good_unit
    if summary is None and not whole_command_error:
        problems.append(f"no summary line at the end of {'stdout' if run.code in SUCCEEDED else 'stderr'}: "
                        f"{last[:300]!r}")
    elif summary is not None and run.code in FAILED:
        if int(summary.group(3) or 0) + int(summary.group(4) or 0) < 1:
            problems.append(f"exit 1 but the summary counts no failure: {last!r}")
        if not any(unit in run.err for unit in case.broken):
            problems.append(f"exit 1 but stderr names none of {case.broken}")
    elif summary is not None and (summary.group(3) or summary.group(4)):
        problems.append(f"the summary counts failures but the exit code is 0: {last!r}")
    return problems


# ---------------------------------------------------------------- running every case


def run_case(case: Case, root: Path, expected: list[str]) -> tuple[Run | None, list[str]]:
    folders = Folders(root, root / "workspace", root / "outside")
    (root / "tmp").mkdir(parents=True)
    folders.outside.mkdir()
    (folders.outside / "keep.txt").write_text("不应被改动", encoding="utf-8")
    case.prepare(folders)
    args = [a.replace("{outside}", str(folders.outside)) for a in case.args]
    args += ["--workspace", str(folders.workspace)]
    argv = ["-c", case.program.format(args=args)] if case.program else ["-m", "reportgen", *args]
    before = snapshot(root)
    run = run_command(argv, folders.workspace if folders.workspace.is_dir() else root, root / "tmp")
    return run, verify(case, folders, run, before, expected)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Run | None, list[str]]]:
    expected = good_documents()
    base = tmp_path_factory.mktemp("cli")
    with ThreadPoolExecutor(min(4, 2 * (os.cpu_count() or 1))) as pool:
        futures = {case.id: pool.submit(run_case, case, base / f"case{i}", expected)
                   for i, case in enumerate(CASES)}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_command(case: Case, results: dict[str, tuple[Run | None, list[str]]]) -> None:
    run, problems = results[case.id]
    if problems:
        assert run is not None
        pytest.fail(f"reportgen {' '.join(case.args)} [{case.id}] (exit {run.code}, "
                    f"{run.seconds:.1f} s, {run.peak_mb:.0f} MB):\n- " + "\n- ".join(problems)
                    + f"\nstderr ends:\n{run.err[-600:]}", pytrace=False)


def test_the_same_reportgen_runs_in_the_children() -> None:
    """The children import the reportgen under test, not another copy on the machine."""
    import reportgen

    src = Path(reportgen.__file__).resolve().parent
    probe = subprocess.run([sys.executable, "-c", "import reportgen; print(reportgen.__file__)"],
                           capture_output=True, text=True, env=child_env(), check=True)
    assert Path(probe.stdout.strip()).resolve().parent == src


def test_the_sample_builds_cleanly_from_the_command_line(tmp_path: Path) -> None:
    """The baseline of every case: the good unit alone builds with exit 0 and a summary."""
    folders = Folders(tmp_path, tmp_path / "workspace", tmp_path / "outside")
    folders.outside.mkdir()
    (tmp_path / "tmp").mkdir()
    good_workspace(folders)
    case = Case("sample", good_workspace, broken=())
    before = snapshot(tmp_path)
    run = run_command(["-m", "reportgen", "build", "--workspace", str(folders.workspace)],
                      folders.workspace, tmp_path / "tmp")
    assert run.code == 0, run.err
    assert verify(case, folders, run, before, good_documents()) == []
