"""Benchmark of the first two stages, load (YAML → data with positions) and validate (→ records).

Reads the bundled sample period files and a large file made from them (the first sample's
activities repeated), each many times, and prints the best time of each. Nothing is asserted:
the figures are for comparing one version of reportgen with another on the same records.

    python bench/bench_load.py                 # default: 200 rounds, best of 5
    python bench/bench_load.py --rounds 50 --repeat 3
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from reportgen.load import load_yaml
from reportgen.validate import validate_period, validate_unit

ROOT = Path(__file__).resolve().parent.parent


def sample_files() -> list[Path]:
    """Every period file of the bundled sample workspace."""
    return sorted(p for p in (ROOT / "data").glob("*/*.yaml") if p.name != "unit.yaml")


def large_file(folder: Path, copies: int) -> Path:
    """The first sample with its activity ledger repeated *copies* times (a big 台账)."""
    source = sample_files()[-1]
    data = yaml.safe_load(source.read_text("utf-8"))
    data["activities"] = [copy.deepcopy(a) for _ in range(copies) for a in data["activities"]]
    path = folder / source.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def load_and_validate(path: Path) -> None:
    unit = validate_unit(load_yaml(path.parent / "unit.yaml")) if (
        path.parent / "unit.yaml").is_file() else None
    validate_period(load_yaml(path), unit)


def best_of(repeat: int, run: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="load + validate 基准")
    parser.add_argument("--rounds", type=int, default=200, help="每个示例文件读几遍（默认 200）")
    parser.add_argument("--repeat", type=int, default=5, help="重复几次取最快（默认 5）")
    parser.add_argument("--copies", type=int, default=100, help="大文件里活动台账重复几遍（默认 100）")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    files = sample_files()
    size = sum(p.stat().st_size for p in files)

    def every_file() -> None:
        for _ in range(args.rounds):
            for path in files:
                load_and_validate(path)

    seconds = best_of(args.repeat, every_file)
    count = args.rounds * len(files)
    print(f"示例期间文件 {len(files)} 个 × {args.rounds} 遍：{seconds:.3f} 秒，"
          f"{seconds / count * 1000:.2f} 毫秒/个，{size * args.rounds / 1024 / seconds:.0f} kB/秒")
    with tempfile.TemporaryDirectory() as folder:
        big = large_file(Path(folder), args.copies)
        (Path(folder) / "unit.yaml").write_bytes((files[-1].parent / "unit.yaml").read_bytes())
        kb = big.stat().st_size / 1024
        seconds = best_of(args.repeat, lambda: load_and_validate(big))
        print(f"大文件（活动 ×{args.copies}，{kb:.0f} kB）：{seconds:.3f} 秒，{kb / seconds:.0f} kB/秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
