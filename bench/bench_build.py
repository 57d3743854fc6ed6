"""Whole-build benchmark: every figure of issue 11, side by side in one run.

    PYTHONPATH=src python3 bench/bench_build.py --units 300 --repeat 3

* cold build of N units × 3 kinds (工作总结, 会议纪要, 情况汇报) at -j 1 and -j 2, against a plain
  docxtpl loop over the same contexts and against writing the same bytes atomically with one
  fsync per document; an unchanged rebuild; the latency of short commands;
* peak memory of a build where every unit keeps its own copy of the templates, against one where
  all share them;
* big inputs: one folder of 3,000 documents against one of 30 (per document), one unit with
  100× the sample's activities and meetings against the sample unit (per 1×), a 4 MB records
  file against a 40 kB one (per kB).

Every figure is the minimum and the median of --repeat runs; the ratios are the figures of
record, the seconds only illustrate. Nothing is asserted about speed: the script fails only
when a build does not give what it should.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_load import large_file
from bench_render import (
    Pair,
    _pad,
    clear_output,
    compose_all,
    print_machine,
    render_docxtpl,
    render_reportgen,
    synthetic_units,
    write_workspace,
)

from reportgen.build import build
from reportgen.defaults import default_template_path
from reportgen.kinds import KINDS, PlannedDocument
from reportgen.load import load_yaml
from reportgen.models import Meeting
from reportgen.validate import validate_period
from reportgen.write import Document, Outcome, commit_folder

SRC = Path(__file__).resolve().parents[1] / "src"
KIND_NAMES = ["summary", "minutes", "report"]
"""The three kinds of a period (通报 is an office's, made from a 考评)."""

Row = tuple[str, float, float]


def timed(repeat: int, run: Callable[[], object],
          before: Callable[[], None] | None = None) -> tuple[float, float]:
    """(min, median) wall seconds of *repeat* runs; *before* runs untimed before each."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


# ---------------------------------------------------------------- the documents of a period


def plan_all(pairs: Sequence[Pair]) -> list[PlannedDocument]:
    """Every document the three kinds plan for each unit's period, its context in its script."""
    return compose_all(pairs, [KINDS[name] for name in KIND_NAMES])


def atomic_fsync_each(folder: Path, blobs: Sequence[bytes]) -> None:
    """The floor for durable output: each document to a temporary file, fsync, rename."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, data in enumerate(blobs):
        temporary = folder / f".tmp-{n}"
        with open(temporary, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, folder / f"{n}.docx")
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def built(root: Path, jobs: int, expected: int, outcome: Outcome) -> None:
    """build() as `reportgen build` runs it (every kind: 通报 gives nothing for these units, so
    a later `build --unit` finds its build record valid), checked to give *expected* documents."""
    report = build(root, jobs=jobs)
    got = [r for r in report.written if r.outcome is outcome]
    if not report.ok or len(got) != expected:
        raise SystemExit(f"build(-j {jobs}) 结果不对：{len(got)} 份 {outcome.name}（应为 {expected}），"
                         f"失败 {report.failures[:2]}")


def _env() -> dict[str, str]:
    """The environment of a fresh interpreter that imports reportgen from this checkout, with
    its bytecode cached as pip's install leaves it (PYTHONDONTWRITEBYTECODE would make every
    command compile reportgen's modules from source again, 10-15 ms no user pays)."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def command(root: Path, *args: str) -> Callable[[], object]:
    """A command as a user types it, run once untimed first so that its bytecode is cached."""
    env = _env()

    def run() -> object:
        return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    run()
    return run


# ---------------------------------------------------------------- memory


# VmHWM is the high-water mark of this process's own address space. ru_maxrss is not: Linux
# carries the parent's mark across exec, so a child started from a big bench reports the bench.
_PEAK = """
import json, resource, sys
from pathlib import Path
from reportgen.build import build
report = build(Path(sys.argv[1]), jobs=1)
try:
    with open("/proc/self/status", encoding="ascii") as status:
        kilobytes = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps([report.ok, len(report.written), kilobytes]))
"""


def peak_memory(root: Path, expected: int) -> float:
    """Peak resident memory (MB) of a one-process build of *root* in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", _PEAK, str(root)],
                          env=_env(), capture_output=True, text=True, check=False)
    try:
        ok, written, kilobytes = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise SystemExit(f"内存测量失败：{done.stderr[-2000:]}") from None
    if not ok or written != expected:
        raise SystemExit(f"内存测量的生成结果不对：{written} 份（应为 {expected}）")
    return float(kilobytes) / 1024


def own_templates(root: Path, documents: Sequence[PlannedDocument]) -> None:
    """templates/<单位>/<名称>.docx for every unit: its own copy of each template it uses."""
    names = {d.template for d in documents}
    for unit in sorted((root / "data").iterdir()):
        folder = root / "templates" / unit.name
        folder.mkdir(parents=True)
        for name in names:
            shutil.copyfile(default_template_path(name), folder / f"{name}.docx")


# ---------------------------------------------------------------- big inputs


def folder_of(n: int, blobs: Sequence[bytes]) -> list[Document]:
    return [Document(f"文档{i:05d}", blobs[i % len(blobs)] + i.to_bytes(4, "big")) for i in range(n)]


def enlarged(pair: Pair, times: int) -> Pair:
    """The unit with *times* × its activities and meetings, each meeting on its own day and
    with its own title, so that every one is a meeting of its own."""
    unit, records = pair
    meetings: list[Meeting] = []
    for n in range(times):
        for m in records.meetings:
            shift = timedelta(days=n % ((records.period.end - m.date).days + 1))
            decisions = [d.model_copy(update={"due": d.due + shift}) if d.due else d
                         for d in m.decisions]
            meetings.append(m.model_copy(update={"date": m.date + shift, "decisions": decisions,
                                                 "title": f"{m.title}（第{n + 1}次）"}))
    return unit, records.model_copy(update={"activities": records.activities * times,
                                            "meetings": meetings})


def per_kb_load(path: Path, repeat: int) -> float:
    """Load and validation seconds per kB of *path* (the best of *repeat*)."""
    best, _ = timed(repeat, lambda: validate_period(load_yaml(path)))
    return best / (path.stat().st_size / 1024)


# ---------------------------------------------------------------- the run


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="reportgen 整体生成性能基准")
    parser.add_argument("--units", type=int, default=300, help="合成单位数（默认 300）")
    parser.add_argument("--memory-units", type=int, default=1000,
                        help="测峰值内存时的单位数（默认 1000）")
    parser.add_argument("--repeat", type=int, default=3, help="每项重复次数（默认 3）")
    args = parser.parse_args(argv)
    n, repeat = args.units, args.repeat
    print_machine()
    pairs = synthetic_units(n)
    documents = plan_all(pairs)
    blobs = render_reportgen(documents)
    total = len(documents)
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as scratch_name:
        scratch = Path(scratch_name)
        root = scratch / "ws"
        write_workspace(root, pairs)
        rows: list[Row] = [("docxtpl 逐份渲染（不写盘）", *timed(repeat, lambda: render_docxtpl(documents))),
                           ("同样字节：原子写入 + 每份 fsync",
                            *timed(repeat, lambda: atomic_fsync_each(scratch / "floor", blobs)))]
        clear = lambda: clear_output(root)  # noqa: E731
        rows.append(("reportgen build -j 1（冷）",
                     *timed(repeat, lambda: built(root, 1, total, Outcome.WRITTEN), clear)))
        rows.append(("reportgen build -j 2（冷）",
                     *timed(repeat, lambda: built(root, 2, total, Outcome.WRITTEN), clear)))
        rows.append(("reportgen build 无改动重建",
                     *timed(repeat, lambda: built(root, 1, total, Outcome.UNCHANGED))))
        unit = pairs[0][0].name
        one_unit = ("build", "-q", "--unit", unit)
        latency = [("reportgen --help", *timed(repeat, command(root, "--help"))),
                   ("reportgen check（1 个单位）", *timed(repeat, command(root, "check", f"data/{unit}"))),
                   ("reportgen build --unit（无改动）", *timed(repeat, command(root, *one_unit)))]
        memory = measure_memory(scratch, args.memory_units)
        big = measure_big_inputs(scratch, pairs[0], blobs, repeat)
    report(n, total, repeat, rows, latency, memory, big)


def measure_memory(scratch: Path, units: int) -> tuple[float, float, int]:
    """Peak MB of a -j 1 build with shared templates and with every unit's own copies."""
    pairs = synthetic_units(units)
    documents = plan_all(pairs)
    shared, own = scratch / "shared", scratch / "own"
    write_workspace(shared, pairs)
    shutil.copytree(shared / "data", own / "data")
    own_templates(own, documents)
    return peak_memory(shared, len(documents)), peak_memory(own, len(documents)), units


def measure_big_inputs(scratch: Path, pair: Pair, blobs: Sequence[bytes],
                       repeat: int) -> list[tuple[str, float, float, float]]:
    """(what, small figure, big figure, big / small) for each input that must scale linearly."""
    per_document = []
    for count in (30, 3000):
        folder = scratch / f"folder-{count}"
        docs = folder_of(count, blobs)
        best, _ = timed(repeat, lambda: commit_folder(folder, folder, docs),  # noqa: B023
                        lambda: shutil.rmtree(folder, ignore_errors=True))  # noqa: B023
        per_document.append(best / count)
    rows = [("一个文件夹写 30 份 → 3000 份（毫秒/份）", per_document[0] * 1000, per_document[1] * 1000,
             per_document[1] / per_document[0])]
    times = {}
    for factor in (1, 10, 100):
        root = scratch / f"unit-{factor}"
        big = [enlarged(pair, factor)]
        write_workspace(root, big)
        expected = len(plan_all(big))
        times[factor], _ = timed(repeat, lambda: built(root, 1, expected, Outcome.WRITTEN),  # noqa: B023
                                 lambda: clear_output(root))  # noqa: B023
    # A build of one unit spends most of its time preparing the templates, once whatever the
    # records: what grows with the records is the cost of each further 1×.
    small, large = (times[10] - times[1]) / 9, (times[100] - times[10]) / 90
    rows.append(("一个单位每多 1× 活动和会议：1→10× / 10→100×（毫秒）", small * 1000, large * 1000,
                 large / small))
    kb = []
    for copies in (100, 14000):  # about 40 kB and 4 MB
        folder = scratch / f"load-{copies}"
        folder.mkdir()
        kb.append(per_kb_load(large_file(folder, copies), repeat))
    rows.append(("读入台账 40 kB → 4 MB（毫秒/kB）", kb[0] * 1000, kb[1] * 1000, kb[1] / kb[0]))
    return rows


def report(n: int, total: int, repeat: int, rows: list[Row], latency: list[Row],
           memory: tuple[float, float, int], big: list[tuple[str, float, float, float]]) -> None:
    docxtpl, floor, cold1, cold2, unchanged = rows
    print(f"\n{n} 个单位 × 3 类（{total} 份文档），每项 {repeat} 次（最短 / 中位，秒）")
    for name, low, mid in rows:
        print(f"  {_pad(name, 34)} {low:8.3f} {mid:8.3f}")
    print("\n比值（按最短时间）")
    print(f"  docxtpl 循环 / build -j 2          {docxtpl[1] / cold2[1]:6.1f}×（目标 ≥ 10×）")
    print(f"  docxtpl 循环 / build -j 1          {docxtpl[1] / cold1[1]:6.1f}×")
    print(f"  build -j 2 / 原子写入+fsync         {cold2[1] / floor[1]:6.2f}×（目标 ≤ 2×）")
    print(f"  build -j 1 / build -j 2            {cold1[1] / cold2[1]:6.2f}×")
    print(f"  无改动重建（推算到 1000 个单位）     {unchanged[1] * 1000 / n:6.3f} 秒（目标 ≤ 1 秒）")
    print("\n命令延迟（秒，最短 / 中位；目标 ≤ 0.15）")
    for name, low, mid in latency:
        print(f"  {_pad(name, 34)} {low:8.3f} {mid:8.3f}")
    bare = timed(repeat, lambda: subprocess.run([sys.executable, "-c", "pass"], check=False))
    print(f"  {_pad('python -c pass（解释器本身）', 34)} {bare[0]:8.3f} {bare[1]:8.3f}")
    shared, own, units = memory
    print(f"\n峰值内存（-j 1，{units} 个单位，MB；目标 ≤ 150）")
    print(f"  {_pad('共用模板', 34)} {shared:8.1f}")
    print(f"  {_pad('每个单位各有一份模板', 34)} {own:8.1f}  （{own / shared:4.2f}×）")
    print("\n大输入（最短时间；比值 ≈ 1 即线性）")
    for name, small, large, ratio in big:
        print(f"  {_pad(name, 42)} {small:8.3f} → {large:8.3f}  {ratio:5.2f}×")


if __name__ == "__main__":
    main()
