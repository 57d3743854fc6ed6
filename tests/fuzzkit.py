"""Shared machinery of the fuzz suite (test_fuzz_hardening.py, test_fuzz_cli.py).

The promise under test: no input crashes reportgen, nothing it writes is corrupt, and nothing is
written outside output/. This module holds what both suites need:

- the in-process pipeline of one case (load → validate → derive → compose → render with the
  built-in templates) and the checks every case must pass: only ReportgenError, in Chinese; no
  hang over CASE_SECONDS; no peak memory over MEMORY_LIMIT_MB; every rendered .docx opens in
  python-docx and every XML part in it parses;
- mutators of the sample period files (text edits and structural edits of the parsed data);
- the corpus (tests/fuzz_corpus/ plus the big triggers generated here) and a runner that reads
  each corpus item in a child process, so that a segfault of the C YAML parser is a reported
  failure instead of a dead pytest (``python tests/fuzzkit.py corpus SPEC.json`` is the child);
- a snapshot of a directory tree, to prove what a command changed.

Failures are collected rather than raised at the first case: a fuzz run reports every distinct
failure it met (grouped by a signature: the exception and the place it came from, or the symptom),
each with the smallest trigger seen.
"""

from __future__ import annotations

import contextlib
import copy
import difflib
import functools
import hashlib
import io
import json
import os
import queue
import random
import re
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO, Any

import pytest
import yaml

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
CORPUS_DIR = HERE / "fuzz_corpus"
SAMPLE_UNITS = ("示例县财政局", "示例县城南街道办事处")
SAMPLE_PERIOD = "2026-H1"
PERIOD_FILE = f"{SAMPLE_PERIOD}.yaml"

FUZZ_N = int(os.environ.get("FUZZ_N", "200"))
"""How many cases the main mutation properties try (the smaller ones try a share of it)."""
CASE_SECONDS = 5.0
MEMORY_LIMIT_MB = 300
CHILD_ADDRESS_SPACE = 3 * 1024**3
"""A hard cap on a child process's memory, so that an alias bomb cannot take the machine down."""

CJK = re.compile(r"[\u4e00-\u9fff]")
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                   *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def sample_text(unit: str, name: str = PERIOD_FILE) -> str:
    return (REPO_ROOT / "data" / unit / name).read_text(encoding="utf-8")


def project_src() -> Path:
    """The src/ folder of the reportgen being tested (the one this interpreter imports)."""
    import reportgen

    return Path(reportgen.__file__).resolve().parent.parent


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process that must import the same reportgen as this one."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(project_src()), str(HERE), *filter(None, [os.environ.get("PYTHONPATH")])])
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("FORCE_COLOR", None)
    env["NO_COLOR"] = "1"
    env["PYTHONFAULTHANDLER"] = "1"  # a segfault prints the Python stack it happened under
    env["COLUMNS"] = "250"  # a traceback drawn by rich keeps its exception on one line
    env.update(extra)
    return env


def limit_child_memory() -> None:
    """preexec_fn of a child: its own session (so it can be killed whole) and a memory cap."""
    os.setsid()
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_ADDRESS_SPACE, CHILD_ADDRESS_SPACE))


# ---------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    """One thing wrong with one case: *signature* names the failure without the particulars of
    the case (so that cases failing for one reason group together), *detail* gives them."""

    signature: str
    detail: str = ""


@dataclass
class Collector:
    """Every distinct failure of a fuzz run, with the smallest trigger that showed it."""

    name: str
    cases: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    smallest: dict[str, tuple[int, str, str]] = field(default_factory=dict)

    def add(self, findings: list[Finding], trigger: str, size: int | None = None) -> None:
        """Count one case; *size* ranks triggers (the smallest is kept), by default its length."""
        self.cases += 1
        size = len(trigger) if size is None else size
        for finding in dict.fromkeys(findings):
            self.counts[finding.signature] += 1
            known = self.smallest.get(finding.signature)
            if known is None or size < known[0]:
                self.smallest[finding.signature] = (size, trigger, finding.detail)

    def report(self) -> str:
        lines = [f"{self.name}: {len(self.counts)} distinct failure(s) in {self.cases} case(s)"]
        for signature, count in self.counts.most_common():
            _, trigger, detail = self.smallest[signature]
            lines += [f"- {signature}  [{count} case(s)]", indent(f"smallest trigger:\n{trigger}", 4)]
            if detail:
                lines.append(indent(detail, 4))
        return "\n".join(lines)

    def assert_clean(self) -> None:
        if self.counts:
            pytest.fail(self.report(), pytrace=False)


def indent(text: str, width: int) -> str:
    return "\n".join(" " * width + line for line in text.splitlines())


def generic(message: str, limit: int = 90) -> str:
    """A message without the particulars that differ from case to case (numbers, quoted text)."""
    message = re.sub(r"line \d+, column \d+", "line N, column M", message)
    message = re.sub(r"#x[0-9a-fA-F]+|position \d+", lambda m: m.group(0).split()[0][:2] + "N"
                     if m.group(0).startswith("#") else "position N", message)
    message = re.sub(r"“[^”]*”|'[^']*'|\"[^\"]*\"", "…", message)
    message = re.sub(r"\d{3,}", "N", message)
    message = " ".join(message.split())
    return message[:limit]


def where(tb: TracebackType | None) -> str:
    """The innermost reportgen frame of a traceback, and the innermost frame when it is elsewhere."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if f"{os.sep}reportgen{os.sep}" in f.filename]
    place = ""
    if ours:
        inner = ours[-1]
        place = f"reportgen/{Path(inner.filename).name}:{inner.name}"
    if frames and (not ours or frames[-1] is not ours[-1]):
        last = frames[-1]
        parent = Path(last.filename).parent.name
        place += f"{' → ' if place else ''}{parent}/{Path(last.filename).name}:{last.name}"
    return place or "?"


def exception_finding(exc: BaseException) -> Finding:
    name = type(exc).__name__
    tail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)[-6:])
    return Finding(f"{name} in {where(exc.__traceback__)}: {generic(str(exc))}", tail.strip()[-1500:])


# ---------------------------------------------------------------- time and memory


class CaseTimeout(BaseException):
    """Raised by SIGALRM in the middle of a case that took too long (a BaseException, so that no
    ``except Exception`` of the code under test swallows it)."""


class TimeLimit:
    """Turns a hang of the main thread into CaseTimeout after *seconds* (SIGALRM), and again every
    half second after that: a CaseTimeout raised inside a callback Python ignores (a gc callback)
    is lost, the next one is not. ``overran`` tells afterwards whether the limit was passed at all."""

    def __init__(self, seconds: float = CASE_SECONDS) -> None:
        self.seconds = seconds
        self.fired = False
        self.elapsed = 0.0

    def _on_alarm(self, signum: int, frame: FrameType | None) -> None:
        self.fired = True
        raise CaseTimeout(f"no answer within {self.seconds:g} s")

    def __enter__(self) -> TimeLimit:
        self._previous = signal.signal(signal.SIGALRM, self._on_alarm)
        self._started = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, self.seconds, 0.5)
        return self

    def __exit__(self, *exc_info: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous)
        self.elapsed = time.monotonic() - self._started

    @property
    def overran(self) -> bool:
        return self.fired or self.elapsed > self.seconds

    def finding(self, exc: BaseException | None = None, what: str = "no answer") -> Finding:
        """The hang, named by where it was interrupted (or how long it took)."""
        if exc is not None:
            return Finding(f"hang: {what} within {self.seconds:g} s, interrupted in "
                           f"{where(exc.__traceback__)}")
        return Finding(f"hang: {what} within {self.seconds:g} s (took {self.elapsed:.1f} s)")


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB (getrusage's ru_maxrss)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024**2 if sys.platform == "darwin" else peak / 1024


def high_water_mb(pid: int | str = "self") -> float | None:
    """The peak resident memory of a process since its exec, in MB (Linux's VmHWM), or None.

    A child's ru_maxrss starts at its parent's size when it was forked (Linux keeps the high-water
    mark across exec), so a child forked from a big pytest would be blamed for pytest's memory;
    VmHWM starts afresh at exec."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def current_rss_mb() -> float | None:
    """This process's resident memory now, in MB (Linux's VmRSS), or None."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def reset_high_water() -> bool:
    """Reset this process's VmHWM to its current size (Linux ≥ 4.0: clear_refs 5)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class MemoryWatch:
    """Fails a case whose own memory goes over the limit.

    Where Linux lets a process reset its peak (clear_refs), each case is measured on its own:
    its peak resident memory above what the process held when the case began, so what earlier
    tests left behind in this pytest is not blamed on it. Elsewhere the process's peak is
    compared with the limit, and the first case that pushes it over is the one to blame."""

    def __init__(self, limit_mb: float = MEMORY_LIMIT_MB,
                 measure: Callable[[], float] = peak_rss_mb) -> None:
        self.limit_mb = limit_mb
        self.measure = measure
        self.per_case = reset_high_water() and current_rss_mb() is not None
        self.baseline = 0.0
        self.tripped = not self.per_case and measure() > limit_mb  # over before any case: no one to blame

    def start(self) -> None:
        """Call before each case."""
        if self.per_case and reset_high_water():
            self.baseline = current_rss_mb() or 0.0

    def check(self) -> list[Finding]:
        if self.tripped:
            return []
        if self.per_case:
            used = (high_water_mb() or 0.0) - self.baseline
            if used <= self.limit_mb:
                return []
            return [Finding(f"memory: a case used over {self.limit_mb} MB", f"{used:.0f} MB")]
        peak = self.measure()
        if peak <= self.limit_mb:
            return []
        self.tripped = True
        return [Finding(f"memory: peak RSS over {self.limit_mb} MB", f"peak RSS {peak:.0f} MB")]


# ---------------------------------------------------------------- the .docx and its name

_SAFE_XML = None


def _xml_parser() -> Any:
    global _SAFE_XML
    if _SAFE_XML is None:
        from lxml import etree

        _SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                                    load_dtd=False)
    return _SAFE_XML


def docx_findings(data: bytes, label: str) -> list[Finding]:
    """What is wrong with a rendered .docx: not a zip, a duplicated entry, a bad CRC, an XML part
    that does not parse, or python-docx refusing it."""
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        return [Finding("invalid .docx: not a zip archive", f"{label}: {exc}")]
    findings = []
    names = archive.namelist()
    twice = sorted(n for n, c in Counter(names).items() if c > 1)
    if twice:
        findings.append(Finding("invalid .docx: duplicate zip entries", f"{label}: {twice}"))
    bad = archive.testzip()
    if bad:
        findings.append(Finding("invalid .docx: bad CRC", f"{label}: {bad}"))
    for name in names:
        if not name.endswith((".xml", ".rels")):
            continue
        blob = archive.read(name)
        try:
            etree.fromstring(blob, _xml_parser())
        except etree.XMLSyntaxError as exc:
            message = re.sub(r", line \d+, column \d+", "", str(exc.msg))
            near = _excerpt(blob, exc.position)
            findings.append(Finding(f"invalid .docx: {name} is not well-formed XML: {generic(message)}",
                                    f"{label}: {exc}\n  near: {near}"))
    try:
        import docx

        docx.Document(io.BytesIO(data))
    except Exception as exc:
        findings.append(Finding(f"invalid .docx: python-docx cannot open it: {type(exc).__name__}",
                                f"{label}: {exc}"))
    return findings


def _excerpt(blob: bytes, position: tuple[int, int] | None) -> str:
    if not position:
        return ""
    line, column = position
    lines = blob.decode("utf-8", "replace").splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return repr(re.sub(r"<[^>]+>", "", text[max(0, column - 200):column + 60])[-120:])


def file_name_findings(name: str, label: str) -> list[Finding]:
    """A document's file name must be usable where clerks open it: Windows (and Linux)."""
    findings = []
    stem = name.split(".")[0].rstrip(" ").upper()
    if stem in WINDOWS_DEVICES:
        findings.append(Finding("file name is a Windows device name (CON, AUX, NUL, COM1 …)",
                                f"{label}: {name!r}"))
    if WINDOWS_FORBIDDEN.search(name) or name != name.rstrip(" .") or name.startswith(" "):
        findings.append(Finding("file name not allowed on Windows", f"{label}: {name!r}"))
    try:
        size = len(os.fsencode(name))
    except UnicodeError:
        findings.append(Finding("file name cannot be encoded", f"{label}: {name!r}"))
    else:
        if size > 255:
            findings.append(Finding("file name over 255 bytes", f"{label}: {size} bytes"))
    return findings


# ---------------------------------------------------------------- one case through the pipeline


@dataclass
class CaseResult:
    findings: list[Finding]
    outcome: str
    """refused (a ReportgenError), rendered N, or failed."""


class Pipeline:
    """Runs one case in this process; prepared templates and checked documents are reused."""

    def __init__(self) -> None:
        self._templates: dict[str, Any] = {}
        self._checked: dict[str, list[Finding]] = {}

    def template(self, name: str) -> Any:
        from reportgen.defaults import default_template_path
        from reportgen.render import PreparedTemplate

        if name not in self._templates:
            self._templates[name] = PreparedTemplate.from_path(default_template_path(name))
        return self._templates[name]

    def run(self, folder: Path, period: bytes, unit: bytes, period_name: str = PERIOD_FILE,
            seconds: float = CASE_SECONDS) -> CaseResult:
        """Write unit.yaml and the period file into *folder*, then read, derive and render."""
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            if old.is_file() and not old.is_symlink():
                old.unlink()
        (folder / "unit.yaml").write_bytes(unit)
        path = folder / period_name
        path.write_bytes(period)
        return self.run_files(folder / "unit.yaml", path, seconds)

    def run_files(self, unit_path: Path, period_path: Path,
                  seconds: float = CASE_SECONDS) -> CaseResult:
        limit = TimeLimit(seconds)
        result = self._guarded(unit_path, period_path, limit)
        if limit.overran and not any(f.signature.startswith("hang") for f in result.findings):
            result = CaseResult([*result.findings, limit.finding()], "failed")
        return result

    def _guarded(self, unit_path: Path, period_path: Path, limit: TimeLimit) -> CaseResult:
        from reportgen.errors import RecordsError, ReportgenError

        findings: list[Finding] = []
        try:
            with limit:
                outcome = self._render_all(unit_path, period_path, findings)
        except CaseTimeout as exc:
            return CaseResult([limit.finding(exc)], "failed")
        except ReportgenError as exc:
            problems = exc.problems if isinstance(exc, RecordsError) else [exc]
            for problem in problems:
                message = getattr(problem, "message", str(problem))
                if not CJK.search(message):
                    findings.append(Finding(f"{type(exc).__name__} message not in Chinese: "
                                            f"{generic(message, 60)}", str(problem)[:400]))
            if not str(exc).strip():
                findings.append(Finding(f"{type(exc).__name__} with an empty message"))
            return CaseResult(findings, "refused")
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            return CaseResult([exception_finding(exc)], "failed")
        return CaseResult(findings, outcome)

    def _render_all(self, unit_path: Path, period_path: Path, findings: list[Finding]) -> str:
        from reportgen.issue_numbers import IssueBook
        from reportgen.kinds import KINDS, period_batch
        from reportgen.records import read_period, read_unit
        from reportgen.script import convert_context, to_script
        from reportgen.write import safe_file_name

        unit = read_unit(unit_path)
        records = read_period(period_path, unit)
        batch = period_batch(unit, records, IssueBook(period_path.parent / "期号.yaml"))  # not saved
        count = 0
        for kind in KINDS.values():
            for document in kind.plan(batch):
                template = self.template(document.template)
                data = template.render(convert_context(document.context, document.script))
                count += 1
                title = to_script(document.title, document.script)
                label = f"{kind.name} {title[:60]!r}"
                findings += self._check(data, label)
                findings += file_name_findings(f"{safe_file_name(title)}.docx", label)
        return f"rendered {count}"

    def _check(self, data: bytes, label: str) -> list[Finding]:
        digest = hashlib.sha256(data).hexdigest()
        if digest not in self._checked:
            if len(self._checked) > 2000:
                self._checked.clear()
            self._checked[digest] = docx_findings(data, label)
        return self._checked[digest]


# ---------------------------------------------------------------- mutators

CONTROL = ["\x00", "\x1b", "\b", "\x85", "\x9b", "\x7f", "\x0c", "\x01", "\x1f", "\ufffe", "\uffff",
           "\ufeff", "\u2028", "\u2029", "\u200b", "\u202e", "\r", "\t", "\v"]
FULL_WIDTH = ["：", "，", "。", "；", "、", "（", "）", "“", "”", "‘", "’", "【", "】", "《", "》",
              "　", "－", "＃", "％", "＆", "＊", "！", "｜", "＠", "～", "…", "——"]
ESCAPED = ['"\\ud800"', '"\\udfff"', '"a\\ud83dz"', '"\\e"', '"\\0"', '"\\b"', '"\\x9b"',
           '"\\x85"', '"\\uFFFE"', '"\\uFFFF"', '"\\U0010FFFF"', '"\\N"', '"\\L"', '"\\P"', '"\\_"',
           '"\\a\\v\\f"', '"\\x1b[31m红\\x1b[0m"', '"标题\\x00尾"', '"\\u202e反向"']
YAML_TOKENS = ["&a ", "*a", "&a", "!!int ", "!!timestamp ", "!!str ", "!!float ", "!!bool ",
               "!!binary ", "!!set ", "!!omap ", "!!python/object/apply:os.system ", "!custom ",
               "[", "]", "{", "}", "[]", "{}", "- ", "? ", ": ", ":", "| ", "> ", "|-\n  ", ">+\n  ",
               "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "@", "`", "~", "null", "Null", "NULL",
               ".inf", "-.inf", ".nan", "1e999", "-1e999", "---\n", "\n...\n", " #", "<<: *a",
               "'", '"', ",", "!", "*", "&", "|", ">", "%", "yes", "no", "on", "off", "0x1F",
               "0o17", "3:3:4", "010", "1_000", "+12", ".5", "1e3"]
VALUES = ["0000", '"0000"', "'0000'", "2026-02-30", "0000-01-01", "9999-12-31", "2026-13-01",
          "2026-00-10", "2026-H3", "2026-Q0", "2026-H1 ", "-2026-H1", "10000-H1", "0", "-1",
          "99999999999999999999", "9" * 5000, "1" + "0" * 4999 + "份", "0." + "0" * 300 + "1份",
          "1.2万亿亿份", "1e999份", "NaN份", "Infinity", "-0", "0余个", "1e-999", "100%", "1000%",
          "-5个", "3000余人次", "约", "余", "万份", "", "''", '""', "[]", "{}", "~"]
LONG_RUN_CHARS = ["a", "中", "。", "\\", "/", "-", " ", "[", "{", "&", "*", "?", ":", "\t", "'",
                  '"', "#", "9", "%", "\u0301", "😀", "\x00", "\x1b"]
NAMES_AND_TITLES = ("title", "heading", "name", "host", "place", "category", "owner", "by",
                    "subject", "topic", "speaker", "self_name", "signature", "theme", "superior",
                    "recipient", "number", "text")
RUN_LENGTHS = [50, 300, 1000, 5000]
"""Long runs stop at 5000 characters in process: 30 000 nested brackets crash the C parser, and
that crash is the corpus's business (run in a child process), not the in-process fuzzer's."""


def _random_char(rng: random.Random) -> str:
    low, high = rng.choice([(0x20, 0x7e), (0x4e00, 0x9fff), (0x3000, 0x303f), (0xff00, 0xffef),
                            (0x80, 0x9f), (0xa0, 0x2fff), (0xe000, 0xf8ff), (0x10000, 0x1ffff)])
    return chr(rng.randint(low, high))


def random_piece(rng: random.Random) -> str:
    pool = rng.choice([CONTROL, FULL_WIDTH, ESCAPED, YAML_TOKENS, VALUES, ["run"], ["char"]])
    piece = rng.choice(pool)
    if piece == "run":
        return rng.choice(LONG_RUN_CHARS) * rng.choice(RUN_LENGTHS)
    if piece == "char":
        return _random_char(rng)
    return piece


_KEY_VALUE = re.compile(r"^(\s*(?:- )?[A-Za-z_]+:)( *)(.*)$")


def _at_line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _insert(text: str, lines: list[str], rng: random.Random) -> tuple[str, str | None]:
    at, piece = rng.randint(0, len(text)), random_piece(rng)
    return text[:at] + piece + text[at:], f"insert {_show(piece)} at line {_at_line(text, at)}"


def _delete(text: str, lines: list[str], rng: random.Random) -> tuple[str, str | None]:
    at, size = rng.randint(0, max(0, len(text) - 1)), rng.choice([1, 2, 5, 50, 500])
    return (text[:at] + text[at + size:],
            f"delete {_show(text[at:at + size])} at line {_at_line(text, at)}")


def _replace(text: str, lines: list[str], rng: random.Random) -> tuple[str, str | None]:
    at, size, piece = rng.randint(0, len(text)), rng.choice([1, 3, 10]), random_piece(rng)
    return (text[:at] + piece + text[at + size:],
            f"replace {_show(text[at:at + size])} by {_show(piece)} at line {_at_line(text, at)}")


def _value(text: str, lines: list[str], rng: random.Random, escaped: bool = False) -> tuple[str, str | None]:
    """Replace the value of a `key: value` line by a token, a value or an escape."""
    candidates = [i for i, line in enumerate(lines) if _KEY_VALUE.match(line)]
    if not candidates:
        return text, None
    i = rng.choice(candidates)
    match = _KEY_VALUE.match(lines[i])
    assert match
    piece = rng.choice(ESCAPED) if escaped else random_piece(rng)
    lines[i] = f"{match.group(1)} {piece}"
    return "\n".join(lines), f"line {i + 1}: {match.group(1).strip()} {_show(piece)}"


def _escape_value(text: str, lines: list[str], rng: random.Random) -> tuple[str, str | None]:
    return _value(text, lines, rng, escaped=True)


def _dup_line(text: str, lines: list[str], rng: random.Random) -> tuple[str, str | None]:
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines), f"duplicate line {i + 1}: {_show(lines[i])}"


def _del_line(text: str, lines: list[str], rng: random.Random) -> tuple[str, str | None]:
    i = rng.randrange(len(lines))
    gone = lines.pop(i)
    return "\n".join(lines), f"delete line {i + 1}: {_show(gone)}"


def _swap_lines(text: str, lines: list[str], rng: random.Random) -> tuple[str, str | None]:
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines), f"swap lines {i + 1} and {j + 1}"


def _indent(text: str, lines: list[str], rng: random.Random) -> tuple[str, str | None]:
    i = rng.randrange(len(lines))
    stripped = lines[i].lstrip(" ")
    new = rng.choice([" " * rng.randint(0, 12), "\t", "  \t", "\u3000"])
    lines[i] = new + stripped
    return "\n".join(lines), f"indent line {i + 1} by {new!r}: {_show(stripped)}"


def _dup_block(text: str, lines: list[str], rng: random.Random) -> tuple[str, str | None]:
    i = rng.randrange(len(lines))
    size, times = rng.randint(1, 8), rng.choice([2, 10, 100])
    block = lines[i:i + size]
    lines[i:i] = block * (times - 1)
    return "\n".join(lines), f"repeat lines {i + 1}-{i + len(block)} {times} times"


TextEdit = Callable[[str, list[str], random.Random], tuple[str, str | None]]
TEXT_EDITS: dict[str, TextEdit] = {
    "insert": _insert, "delete": _delete, "replace": _replace, "value": _value,
    "escape_value": _escape_value, "dup_line": _dup_line, "del_line": _del_line,
    "swap_lines": _swap_lines, "indent": _indent, "dup_block": _dup_block}
"""Text edits by name: the fuzzer picks the names, a seeded Random the places and pieces."""


def mutate_text(text: str, rng: random.Random, edits: int | list[str]) -> tuple[str, list[str]]:
    """Apply the named text edits (or that many random ones); return the text and a log."""
    names = edits if isinstance(edits, list) else [rng.choice(list(TEXT_EDITS)) for _ in range(edits)]
    log: list[str] = []
    for name in names:
        text, entry = TEXT_EDITS[name](text, text.split("\n"), rng)
        if entry:
            log.append(entry)
    return text, log


def _show(text: str, limit: int = 50) -> str:
    if len(text) > limit:
        return f"{text[:20]!r}…({len(text)} chars)…{text[-10:]!r}"
    return repr(text)


class NoAliasDumper(yaml.SafeDumper):
    """Dumps a repeated object in full each time instead of as &id001 / *id001."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _long_text(rng: random.Random, length: int) -> str:
    alphabet = rng.choice(["示例县创卫工作会议标题", "CON AUX NUL COM1 ", "/\\..:*?<>|", "ab", "中"])
    text = "".join(rng.choice(alphabet) for _ in range(length))
    return rng.choice(["", "CON", "../", "NUL."]) + text


def other_value(rng: random.Random) -> Any:
    """A value of any type YAML can write."""
    return rng.choice([
        0, -1, 10**30, "9" * 5000, 1.5, float("inf"), float("-inf"), float("nan"), True, False, None,
        "", " ", [], {}, [None], ["文字"], [[["深"]]], {"heading": "标题"}, {"a": {"b": {"c": "d"}}},
        "x" * 300, "中" * 300, "2026-02-30", "0000-01-01", "9999-12-31", "0000", "0",
        ["2026-03-01"] * 3, {"text": None}, {"": ""}, {1: 2}, b"\x00\xff",
    ])


def _paths(data: Any, key: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [key]
    if isinstance(data, dict):
        for k, v in data.items():
            found += _paths(v, (*key, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += _paths(v, (*key, i))
    return found


def _get(data: Any, key: tuple[Any, ...]) -> Any:
    for part in key:
        data = data[part]
    return data


Paths = list[tuple[Any, ...]]


def _retype(data: Any, paths: Paths, rng: random.Random) -> str | None:
    key, value = rng.choice(paths), other_value(rng)
    _get(data, key[:-1])[key[-1]] = value
    return f"{_dotted(key)} = {_show(repr(value))}"


def _repeat(data: Any, paths: Paths, rng: random.Random) -> str | None:
    lists = [p for p in paths if isinstance(_get(data, p), list) and _get(data, p)]
    if not lists:
        return None
    key = rng.choice(lists)
    items = _get(data, key)
    i = rng.randrange(len(items))
    items[i + 1:i + 1] = [copy.deepcopy(items[i]) for _ in range(99)]
    return f"repeat {_dotted((*key, i))} 100 times"


def _hundred_sections(data: Any, paths: Paths, rng: random.Random) -> str | None:
    count, nested = rng.choice([97, 100, 101]), rng.random() < 0.3
    deep = {"sections": [{"heading": "二级", "sections": [{"heading": "三级", "sections": [
        {"heading": "四级", "sections": [{"heading": "五级"}]}]}]}]}
    data["sections"] = [{"heading": f"第{i}项工作", "text": "内容。", **copy.deepcopy(deep if nested else {})}
                        for i in range(count)]
    return f"sections = {count} sections{' (nested five deep)' if nested else ''}"


def _long(data: Any, paths: Paths, rng: random.Random) -> str | None:
    texts = [p for p in paths if isinstance(p[-1], str) and p[-1] in NAMES_AND_TITLES
             and isinstance(_get(data, p), str)]
    if not texts:
        return None
    key, length = rng.choice(texts), rng.choice([100, 255, 300])
    _get(data, key[:-1])[key[-1]] = value = _long_text(rng, length)
    return f"{_dotted(key)} = {_show(value)}"


def _drop(data: Any, paths: Paths, rng: random.Random) -> str | None:
    key = rng.choice(paths)
    del _get(data, key[:-1])[key[-1]]
    return f"delete {_dotted(key)}"


def _unknown(data: Any, paths: Paths, rng: random.Random) -> str | None:
    key = rng.choice([p for p in [(), *paths] if isinstance(_get(data, p), dict)])
    name = rng.choice(["zz", "titel", "<<", "__class__", "中文键", "period", "1"])
    _get(data, key)[name] = other_value(rng)
    return f"add {_dotted((*key, name))}"


def _swap(data: Any, paths: Paths, rng: random.Random) -> str | None:
    a, b = rng.choice(paths), rng.choice(paths)
    if a[:len(b)] == b or b[:len(a)] == a:
        return None
    pa, pb = _get(data, a[:-1]), _get(data, b[:-1])
    pa[a[-1]], pb[b[-1]] = pb[b[-1]], pa[a[-1]]
    return f"swap {_dotted(a)} and {_dotted(b)}"


DataEdit = Callable[[Any, Paths, random.Random], str | None]
DATA_EDITS: dict[str, DataEdit] = {
    "retype": _retype, "repeat": _repeat, "hundred_sections": _hundred_sections, "long": _long,
    "drop": _drop, "unknown": _unknown, "swap": _swap}


def mutate_data(data: Any, rng: random.Random, edits: int | list[str]) -> tuple[Any, list[str]]:
    """Apply the named structural edits (or that many random ones) to parsed YAML data; return
    it and a log."""
    names = edits if isinstance(edits, list) else [rng.choice(list(DATA_EDITS)) for _ in range(edits)]
    log: list[str] = []
    for name in names:
        paths = [p for p in _paths(data) if p]
        if not paths or not isinstance(data, dict):
            break
        entry = DATA_EDITS[name](data, paths, rng)
        if entry:
            log.append(entry)
    return data, log


def _dotted(key: tuple[Any, ...]) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in key).lstrip(".") or "(root)"


def dump(data: Any, aliases: bool) -> str:
    """*data* as YAML (yaml.safe_dump's representation); a repeated object as &id001 / *id001
    when *aliases*, else in full each time."""
    dumper = yaml.SafeDumper if aliases else NoAliasDumper
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)


@functools.lru_cache(maxsize=8)
def _parsed(text: str) -> Any:
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    return yaml.load(text, Loader=loader)  # a BaseLoader builds only str, list and dict


def parsed(text: str) -> Any:
    """A sample file as plain strings, lists and dicts (every scalar stays the text typed)."""
    return copy.deepcopy(_parsed(text))


def diff_size(before: str, after: str) -> int:
    """How much two texts differ (characters on differing lines): ranks triggers by size."""
    return sum(len(line) for line in _diff(before, after))


def _diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="",
                                                  n=0) if not line.startswith(("---", "+++"))]


def diff_lines(before: str, after: str, limit: int = 12) -> str:
    """The lines that differ, for a readable trigger."""
    diff = _diff(before, after)
    shown = [line if len(line) < 160 else f"{line[:100]}…({len(line)} chars)" for line in diff[:limit]]
    if len(diff) > limit:
        shown.append(f"… {len(diff) - limit} more diff lines")
    return "\n".join(shown)


@dataclass(frozen=True)
class Mutated:
    """A mutated case: the period file and unit.yaml, what was done, and the period file it
    started from (for a structural case, the sample re-dumped the same way, so that a diff
    shows only the edits)."""

    period: str
    unit: str
    log: list[str]
    before: str


def mutated_case(sample: str, rng: random.Random, structural: bool,
                 edits: int | list[str]) -> Mutated:
    """A mutated period file of *sample* (and its unit.yaml, now and then, for a structural case)."""
    period = before = sample_text(sample)
    unit = sample_text(sample, "unit.yaml")
    if not structural:
        period, log = mutate_text(period, rng, edits)
        return Mutated(period, unit, log, before)
    aliases = rng.random() < 0.5
    before = dump(parsed(period), aliases)
    data, log = mutate_data(parsed(period), rng, edits)
    period = dump(data, aliases)
    if rng.random() < 0.15:
        unit_data, unit_log = mutate_data(parsed(unit), rng, 1)
        unit = dump(unit_data, aliases)
        log += [f"unit.yaml: {entry}" for entry in unit_log]
    return Mutated(period, unit, log, before)


# ---------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class CorpusItem:
    """One trigger: a period file (with the sample unit.yaml), or a unit.yaml (with the sample
    period file). Big items are generated into place instead of committed."""

    id: str
    role: str  # "period" or "unit"
    period_name: str = PERIOD_FILE
    path: Path | None = None
    generate: Callable[[Path], None] | None = None
    description: str = ""

    def materialize(self, folder: Path, unit_name: str = SAMPLE_UNITS[0]) -> tuple[Path, Path]:
        """Write this item and its companion file into *folder*: (unit.yaml, period file)."""
        folder.mkdir(parents=True, exist_ok=True)
        unit_path, period_path = folder / "unit.yaml", folder / self.period_name
        target = period_path if self.role == "period" else unit_path
        if self.generate is not None:
            self.generate(target)
        else:
            assert self.path is not None
            target.write_bytes(self.path.read_bytes())
        if self.role == "period":
            unit_path.write_text(sample_text(SAMPLE_UNITS[0], "unit.yaml").replace(
                f"name: {SAMPLE_UNITS[0]}", f"name: {unit_name}"), encoding="utf-8")
        else:
            period_path.write_text(sample_text(SAMPLE_UNITS[0]), encoding="utf-8")
        return unit_path, period_path


_DIRECTIVE = re.compile(rb"^# file: (\S+)", re.MULTILINE)


def _committed_item(path: Path) -> CorpusItem:
    raw = path.read_bytes()
    match = _DIRECTIVE.search(raw[:400])
    first = raw.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("# ").strip()
    role = "unit" if path.name.endswith(".unit.yaml") else "period"
    return CorpusItem(path.name, role, match.group(1).decode() if match else PERIOD_FILE, path,
                      description=first)


def _write_generated(text: str) -> Callable[[Path], None]:
    return lambda target: target.write_text(text, encoding="utf-8")


def _write_big(target: Path, size: int = 20 * 1024**2) -> None:
    """A 20 MB ledger: a sample period with its activities repeated, written in chunks (the
    second sample unit's: the first keeps its activities in a workbook)."""
    text = sample_text(SAMPLE_UNITS[1])
    head, rest = text.split("activities:\n", 1)
    activities, tail = rest.split("\nmeetings:", 1)
    with target.open("w", encoding="utf-8") as stream:
        stream.write(head + "activities:\n")
        written = len((head + tail).encode("utf-8"))
        block = (activities.rstrip("\n") + "\n") * 20
        block_size = len(block.encode("utf-8"))
        while written < size:
            stream.write(block)
            written += block_size
        stream.write("\nmeetings:" + tail)


GENERATED = [
    CorpusItem("gen-empty.yaml", "period", generate=_write_generated(""),
               description="an empty period file (0 bytes)"),
    CorpusItem("gen-flow-nesting-30000.yaml", "period", generate=_write_generated("[" * 30000),
               description="[ nested 30000 deep"),
    CorpusItem("gen-block-nesting-30000.yaml", "period", generate=_write_generated("- " * 30000),
               description="'- ' nested 30000 deep"),
    CorpusItem("gen-nesting-30000-in-value.yaml", "period",
               generate=_write_generated("period: 2026-H1\noverview: " + "{a: " * 30000),
               description="{a: nested 30000 deep under a key"),
    CorpusItem("gen-20mb.yaml", "period", generate=_write_big,
               description="a 20 MB period file (the sample's activities repeated)"),
]


def corpus_items() -> list[CorpusItem]:
    committed = sorted(p for p in CORPUS_DIR.glob("*.yaml") if p.is_file())
    return [_committed_item(p) for p in committed] + GENERATED


# ---------------------------------------------------------------- corpus items in child processes

CHILD_GRACE = 10.0
"""Seconds a child may stay silent past CASE_SECONDS before it is killed as hung (its own alarm
cannot interrupt a loop inside C code)."""


@dataclass
class ItemResult:
    findings: list[Finding]
    outcome: str


def run_corpus_in_children(items: list[CorpusItem], folder: Path) -> dict[str, ItemResult]:
    """Run each item through the pipeline in child processes, a fresh child after any crash, hang
    or memory overrun, so that each of those is pinned on its item."""
    specs = []
    for item in items:
        unit_path, period_path = item.materialize(folder / re.sub(r"\W", "_", item.id))
        specs.append({"id": item.id, "unit": str(unit_path), "period": str(period_path)})
    results: dict[str, ItemResult] = {}
    while len(results) < len(specs):
        pending = [s for s in specs if s["id"] not in results]
        spec_file = folder / "specs.json"
        spec_file.write_text(json.dumps(pending, ensure_ascii=False), encoding="utf-8")
        results.update(_one_child(spec_file, pending))
    return results


def _one_child(spec_file: Path, pending: list[dict[str, str]]) -> dict[str, ItemResult]:
    """One child process working through *pending*: the results it gave before it finished,
    crashed or was killed as hung (the item it was on then gets the crash or the hang)."""
    process = subprocess.Popen(
        [sys.executable, "-X", "faulthandler", "-u", str(Path(__file__)), "corpus", str(spec_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(), preexec_fn=limit_child_memory)
    lines: queue.Queue[str | None] = queue.Queue()
    stderr = bytearray()
    assert process.stdout is not None and process.stderr is not None
    out, err = process.stdout, process.stderr
    threads = [threading.Thread(target=_pump_lines, args=(out, lines), daemon=True),
               threading.Thread(target=lambda: stderr.extend(err.read()), daemon=True)]
    for thread in threads:
        thread.start()
    results, current = _collect(lines, process)
    process.wait()
    for thread in threads:
        thread.join(5)
    tail = stderr.decode("utf-8", "replace")[-1500:].strip()
    if current is not None and current not in results:
        code = process.returncode
        cause = (f"killed by signal {signal.Signals(-code).name}" if code < 0
                 else f"exited with status {code}")
        results[current] = ItemResult([Finding(f"crash: child process {cause}", tail)], "failed")
    if not results and pending:
        raise RuntimeError(f"the corpus child process failed to start: {tail}")
    return results


def _pump_lines(stream: IO[bytes], lines: queue.Queue[str | None]) -> None:
    for raw in stream:
        lines.put(raw.decode("utf-8", "replace"))
    lines.put(None)  # end of output


def _collect(lines: queue.Queue[str | None],
             process: subprocess.Popen[bytes]) -> tuple[dict[str, ItemResult], str | None]:
    """Read the child's JSON lines until it ends, or kill it when it stays silent too long."""
    results: dict[str, ItemResult] = {}
    current: str | None = None
    while True:
        try:
            line = lines.get(timeout=CASE_SECONDS + CHILD_GRACE)
        except queue.Empty:  # silent too long: hung where its own alarm cannot reach
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            if current is not None:
                results[current] = ItemResult([Finding(
                    f"hang: child process silent for {CASE_SECONDS + CHILD_GRACE:g} s, killed")], "failed")
            return results, None
        if line is None:
            return results, current
        message = json.loads(line)
        if "start" in message:
            current = message["start"]
        else:
            results[message["id"]] = ItemResult(
                [Finding(f["signature"], f["detail"]) for f in message["findings"]], message["outcome"])
            current = None


def _child_main(spec_file: str) -> int:
    """The child: run each spec, one JSON line when it starts and one with its findings."""
    specs = json.loads(Path(spec_file).read_text(encoding="utf-8"))
    pipeline = Pipeline()
    memory = MemoryWatch(measure=lambda: high_water_mb() or peak_rss_mb())
    for spec in specs:
        print(json.dumps({"start": spec["id"]}), flush=True)
        result = pipeline.run_files(Path(spec["unit"]), Path(spec["period"]))
        findings = result.findings + memory.check()
        print(json.dumps({"id": spec["id"], "outcome": result.outcome,
                          "findings": [{"signature": f.signature, "detail": f.detail}
                                       for f in findings]}, ensure_ascii=False), flush=True)
        if memory.tripped or any(f.signature.startswith("hang") for f in findings):
            return 3  # a fresh child for the rest: this one's peak memory or state is spent
    return 0


# ---------------------------------------------------------------- what a command changed

Entry = tuple[str, ...]


def snapshot(root: Path) -> dict[str, Entry]:
    """Every path under *root* (symlinks not followed, FIFOs not opened) and its state."""
    state: dict[str, Entry] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                state[path] = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                state[path] = ("dir",)
            elif stat.S_ISREG(info.st_mode):
                state[path] = ("file", str(info.st_size), str(info.st_mtime_ns), _digest(path, info))
            else:
                state[path] = ("special", str(stat.S_IFMT(info.st_mode)))
    return state


def _digest(path: str, info: os.stat_result) -> str:
    if info.st_size > 2 * 1024**2:
        return f"ino{info.st_ino}"
    with open(path, "rb") as stream:
        return hashlib.sha256(stream.read()).hexdigest()


def changes(before: dict[str, Entry], after: dict[str, Entry]) -> list[str]:
    """Paths created, changed or removed."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def writes_outside(before: dict[str, Entry], after: dict[str, Entry], output: Path) -> list[str]:
    """Changed paths that are not inside *output* (a real folder, not a symlink), and symlinks
    created inside it that lead out of it."""
    inside = str(output) + os.sep
    real_output = os.path.realpath(output)
    bad = []
    for path in changes(before, after):
        if output.is_symlink() or not (path == str(output) or path.startswith(inside)):
            bad.append(f"{path} ({_describe(before.get(path), after.get(path))})")
        elif after.get(path, ("",))[0] == "link":
            target = os.path.realpath(path)
            if not (target + os.sep).startswith(real_output + os.sep):
                bad.append(f"{path} (a symlink to {target}, outside output/)")
    return bad


def _describe(old: Entry | None, new: Entry | None) -> str:
    if old is None:
        return "created"
    if new is None:
        return "removed"
    return "changed"


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "corpus":
        sys.exit(_child_main(sys.argv[2]))
    sys.exit("usage: fuzzkit.py corpus SPECS.json")
