"""Whole-build benchmark: reportgen build (cold, one and two processes, unchanged rebuild)
against a plain docxtpl loop and against writing the same bytes atomically with one fsync per
document; and the latency of short commands.

    PYTHONPATH=src python3 bench/bench_build.py --units 1000 --repeat 3

Every figure is the minimum and the median of --repeat runs; the ratios are the figures of
record, the seconds only illustrate. The kind compared is the 工作总结 (one document per unit).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_render import (
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
from reportgen.write import Outcome


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
    report = build(root, kinds=["summary"], jobs=jobs)
    got = [r for r in report.written if r.outcome is outcome]
    if not report.ok or len(got) != expected:
        raise SystemExit(f"build(-j {jobs}) 结果不对：{len(got)} 份 {outcome.name}，"
                         f"失败 {report.failures[:2]}")


def command(root: Path, *args: str) -> Callable[[], object]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    return lambda: subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=root, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="reportgen 整体生成性能基准")
    parser.add_argument("--units", type=int, default=300, help="合成单位数（默认 300）")
    parser.add_argument("--repeat", type=int, default=3, help="每项重复次数（默认 3）")
    args = parser.parse_args(argv)
    n, repeat = args.units, args.repeat
    print_machine()
    template = default_template_path("summary")
    pairs = synthetic_units(n)
    documents = compose_all(pairs)
    contexts = [d.context for d in documents]
    blobs = render_reportgen(template, contexts)
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as scratch:
        root = Path(scratch) / "ws"
        write_workspace(root, pairs)
        rows.append(("docxtpl 逐份渲染（不写盘）",
                     *timed(repeat, lambda: render_docxtpl(template, contexts))))
        rows.append(("同样字节：原子写入 + 每份 fsync",
                     *timed(repeat, lambda: atomic_fsync_each(Path(scratch) / "floor", blobs))))
        clear = lambda: clear_output(root)  # noqa: E731
        rows.append(("reportgen build -j 1（冷）",
                     *timed(repeat, lambda: built(root, 1, n, Outcome.WRITTEN), clear)))
        rows.append(("reportgen build -j 2（冷）",
                     *timed(repeat, lambda: built(root, 2, n, Outcome.WRITTEN), clear)))
        rows.append(("reportgen build 无改动重建",
                     *timed(repeat, lambda: built(root, 1, n, Outcome.UNCHANGED))))
        unit = pairs[0][0].name
        one_unit = ("build", "-q", "--unit", unit, "--kind", "summary")
        latency = [("reportgen --help", *timed(repeat, command(root, "--help"))),
                   ("reportgen check（1 个单位）", *timed(repeat, command(root, "check", f"data/{unit}"))),
                   ("reportgen build --unit（无改动）", *timed(repeat, command(root, *one_unit)))]
    docxtpl, floor, cold1, cold2, unchanged = rows
    print(f"\n{n} 个单位 × 工作总结，每项 {repeat} 次（最短 / 中位，秒）")
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


if __name__ == "__main__":
    main()
