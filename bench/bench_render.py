"""Benchmark: reportgen's renderer against a plain docxtpl loop, plus the whole build() pipeline.

    python bench/bench_render.py --units 200 --repeat 3

N synthetic units are made in memory from the bundled sample (data/示例县财政局),
varied deterministically per unit (no randomness). Every timing is the best of
--repeat runs. Nothing is asserted about speed; the script only prints figures and
fails (exit 1) when a correctness check does not hold.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import io
import os
import platform
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from datetime import timedelta
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import docx
import yaml
from docxtpl import DocxTemplate
from pydantic import BaseModel

from reportgen.build import build
from reportgen.defaults import default_template_path
from reportgen.issue_numbers import IssueBook
from reportgen.kinds import KINDS, DocumentKind, PlannedDocument, period_batch
from reportgen.models import Activity, Block, Inspection, PeriodRecords, Unit
from reportgen.quantity import Quantity
from reportgen.records import read_period, read_unit
from reportgen.render import PreparedTemplate, make_environment
from reportgen.script import convert_context
from reportgen.workspace import UNIT_FILE
from reportgen.write import Outcome, safe_file_name

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "data" / "示例县财政局"
SAMPLE_PERIOD = "2026-H1.yaml"
KIND = KINDS["summary"]

T = TypeVar("T")
Pair = tuple[Unit, PeriodRecords]


class BenchError(Exception):
    """A correctness check of the benchmark failed."""


# ---------------------------------------------------------------- synthetic units


def _rotate(items: Sequence[T], k: int) -> list[T]:
    if not items:
        return list(items)
    k %= len(items)
    return [*items[k:], *items[:k]]


def _vary_quantity(amount: Quantity, step: int) -> Quantity:
    """Exact amounts get +step; approximate ones (90余人) and percentages stay as they are,
    since their written form is rounded and would not survive a YAML round trip if changed."""
    if amount.approximate or not amount.additive:
        return amount
    return dataclasses.replace(amount, value=amount.value + step)


def _vary_activity(activity: Activity, i: int, j: int) -> Activity:
    metrics = {name: _vary_quantity(amount, (i + j + m) % 9)
               for m, (name, amount) in enumerate(activity.metrics.items())}
    return activity.model_copy(update={"metrics": metrics})


def _vary_inspection(inspection: Inspection, i: int, j: int) -> Inspection:
    found = _vary_quantity(inspection.found, (i + j) % 4)
    rectified = inspection.rectified
    if not found.approximate and not rectified.approximate:
        rectified = dataclasses.replace(rectified, value=min(found.value, rectified.value + i % 3))
    score = inspection.score
    if score is not None:
        score = max(0.0, min(100.0, score - (i + j) % 5 * 0.5))
    return inspection.model_copy(update={"found": found, "rectified": rectified, "score": score})


def make_unit(base: Unit, i: int) -> Unit:
    name = f"示例县单位{i + 1:04d}"
    return base.model_copy(update={"name": name, "signature": name})


def make_records(base: PeriodRecords, i: int) -> PeriodRecords:
    """Unit i's records: activities rotated by i with the first i%4 repeated, figures shifted,
    a varying number of meetings, problems and plans rotated, the date moved on by i%20 days."""
    rotated = _rotate(base.activities, i)
    activities = [_vary_activity(a, i, j) for j, a in enumerate([*rotated, *rotated[:i % 4]])]
    meetings = base.meetings[:1 + i % len(base.meetings)] if base.meetings else []
    return base.model_copy(update={
        "date": base.date + timedelta(days=i % 20),
        "activities": activities,
        "meetings": meetings,
        "inspections": [_vary_inspection(x, i, j) for j, x in enumerate(base.inspections)],
        "problems": _rotate_block(base.problems, i),
        "plans": _rotate_block(base.plans, i),
    })


def _rotate_block(block: Block | None, k: int) -> Block | None:
    """A problems or plans block with its sub-sections rotated by *k*."""
    if block is None:
        return None
    return block.model_copy(update={"sections": _rotate(block.sections, k)})


def synthetic_units(n: int) -> list[Pair]:
    base_unit = read_unit(SAMPLE_DIR / UNIT_FILE)
    base_records = read_period(SAMPLE_DIR / SAMPLE_PERIOD)
    return [(make_unit(base_unit, i), make_records(base_records, i)) for i in range(n)]


# ---------------------------------------------------------------- the timed work


def compose_all(pairs: Sequence[Pair],
                kinds: Sequence[DocumentKind] = (KIND,)) -> list[PlannedDocument]:
    """derive + compose, once per unit and kind, with reportgen's own code; each context is put
    in its document's script (OpenCC), as build does."""
    documents = []
    for unit, records in pairs:
        batch = period_batch(unit, records, IssueBook(Path(os.devnull)))
        for kind in kinds:
            for document in kind.plan(batch):
                context = convert_context(document.context, document.script)
                documents.append(dataclasses.replace(document, context=context))
    return documents


def render_reportgen(documents: Sequence[PlannedDocument]) -> list[bytes]:
    """One PreparedTemplate per built-in template (its preparation is timed too) rendering every
    document as build does: its context, dated and signed in its properties."""
    prepared = {name: PreparedTemplate.from_path(default_template_path(name))
                for name in {d.template for d in documents}}
    return [prepared[d.template].render(d.context, d.issued, d.author) for d in documents]


def render_docxtpl_one(template: Path, context: Any) -> bytes:
    tpl = DocxTemplate(template)
    tpl.render(context, jinja_env=make_environment(), autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def render_docxtpl(documents: Sequence[PlannedDocument]) -> int:
    """The baseline: a fresh DocxTemplate per document, as plain docxtpl code does it."""
    return sum(len(render_docxtpl_one(default_template_path(d.template), d.context))
               for d in documents)


def best_of(repeat: int, run: Callable[[], T],
            before: Callable[[], None] | None = None) -> tuple[float, T]:
    """The shortest wall time of *repeat* runs (``before`` runs untimed), and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


# ---------------------------------------------------------------- workspace for build()


def _dump(path: Path, model: BaseModel) -> None:
    text = yaml.safe_dump(model.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")


def write_workspace(root: Path, pairs: Sequence[Pair]) -> None:
    """data/<单位>/unit.yaml and data/<单位>/<期间>.yaml for each unit; each file is read back
    through reportgen's own loader and validator and must give the same records."""
    for unit, records in pairs:
        folder = root / "data" / unit.name
        folder.mkdir(parents=True)
        unit_file, period_file = folder / UNIT_FILE, folder / f"{records.period.id}.yaml"
        _dump(unit_file, unit)
        _dump(period_file, records)
        if read_unit(unit_file) != unit:
            raise BenchError(f"{unit_file} 读回后与内存中的单位信息不一致")
        back = read_period(period_file)
        if back != records:
            raise BenchError(f"{period_file} 读回后与内存中的台账不一致")
        if back.date != records.date or [a.date for a in back.activities] != [
                a.date for a in records.activities]:
            raise BenchError(f"{period_file} 中的日期读回后变了")


def run_build(root: Path, expected: int) -> int:
    report = build(root, kinds=["summary"])  # the kind the renderers are compared on
    if not report.ok:
        raise BenchError(f"build() 有失败：{report.failures[:3]}")
    written = [r for r in report.written if r.outcome is Outcome.WRITTEN]
    if len(written) != expected:
        raise BenchError(f"build() 写出 {len(written)} 份，应为 {expected} 份")
    return len(written)


def clear_output(root: Path) -> None:
    shutil.rmtree(root / "output", ignore_errors=True)


def check_build_output(root: Path, pairs: Sequence[Pair], documents: Sequence[PlannedDocument],
                       rendered: Sequence[bytes]) -> int:
    """How many files build() wrote are byte-identical to the in-memory render."""
    same = 0
    for (unit, records), document, data in zip(pairs, documents, rendered, strict=True):
        path = (root / "output" / unit.name / records.period.id
                / f"{safe_file_name(document.title)}.docx")
        if path.is_file() and _digest(path.read_bytes()) == _digest(data):
            same += 1
    return same


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- checks and report


def document_text(data: bytes) -> list[str]:
    """Paragraph texts of the body, then of every header and footer."""
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for section in document.sections:
        for part in (section.header, section.footer):
            texts.extend(p.text for p in part.paragraphs)
    return texts


def first_difference(a: Sequence[str], b: Sequence[str]) -> str:
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return f"第 {index + 1} 段不同：reportgen“{x[:40]}” ≠ docxtpl“{y[:40]}”"
    return f"段落数不同：reportgen {len(a)} 段，docxtpl {len(b)} 段"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


def print_table(rows: Sequence[tuple[str, int, float]]) -> None:
    header = ("方法", "文档数", "秒", "文档/秒")
    cells = [header] + [(m, str(n), f"{s:.3f}", f"{n / s:.1f}") for m, n, s in rows]
    widths = [max(_width(row[c]) for row in cells) for c in range(4)]
    for k, row in enumerate(cells):
        print("  ".join(_pad(cell, widths[c], right=c > 0) for c, cell in enumerate(row)))
        if k == 0:
            print("  ".join("-" * w for w in widths))


def print_machine() -> None:
    versions = ", ".join(f"{name} {_version(name)}" for name in
                         ("reportgen", "docxtpl", "python-docx", "Jinja2", "pydantic", "typer"))
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    print("机器")
    print(f"  平台：{platform.platform()} ({platform.machine()})")
    print(f"  Python：{platform.python_implementation()} {platform.python_version()}")
    cpus = f"{os.cpu_count()}" + (f"（本进程可用 {affinity}）" if affinity is not None else "")
    print(f"  CPU 数：{cpus}")
    print(f"  版本：{versions}")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


# ---------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    def positive(text: str) -> int:
        value = int(text)
        if value < 1:
            raise argparse.ArgumentTypeError("应为正整数")
        return value

    parser = argparse.ArgumentParser(description="reportgen 渲染性能基准（与 docxtpl 对比）")
    parser.add_argument("--units", type=positive, default=200, help="合成单位数 N（默认 200）")
    parser.add_argument("--repeat", type=positive, default=3,
                        help="每项重复次数，取最快一次（默认 3）")
    return parser.parse_args(argv)


def run(n: int, repeat: int) -> None:
    template = default_template_path(KIND.name)
    pairs = synthetic_units(n)
    t_compose, documents = best_of(repeat, lambda: compose_all(pairs))
    t_reportgen, rendered = best_of(repeat, lambda: render_reportgen(documents))
    t_docxtpl, _ = best_of(repeat, lambda: render_docxtpl(documents))

    ours, theirs = document_text(rendered[0]), document_text(
        render_docxtpl_one(template, documents[0].context))
    match = "一致" if ours == theirs else f"不一致（{first_difference(ours, theirs)}）"

    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as temp:
        root = Path(temp)
        write_workspace(root, pairs)
        t_build, built = best_of(repeat, lambda: run_build(root, len(documents)),
                                 before=lambda: clear_output(root))
        identical = check_build_output(root, pairs, documents, rendered)
    if identical != len(documents):  # else the two renders timed would not be the same work
        raise BenchError(f"build() 写出的文档只有 {identical}/{len(documents)} 份与内存渲染逐字节相同")

    print(f"reportgen 渲染基准：{n} 个合成单位 × 1 份工作总结，每项取 {repeat} 次中最快一次")
    print(f"模板：{template.name}（内置默认模板）")
    print()
    print_table([
        ("compose（derive + compose）", len(documents), t_compose),
        ("reportgen 渲染（PreparedTemplate）", len(rendered), t_reportgen),
        ("docxtpl 渲染（基线）", len(documents), t_docxtpl),
        ("build() 全流程（读 YAML→写 .docx）", built, t_build),
    ])
    print()
    print(f"渲染速度比 reportgen/docxtpl（文档/秒之比）：{t_docxtpl / t_reportgen:.2f} 倍"
          f"（reportgen 用时为 docxtpl 的 {t_reportgen / t_docxtpl:.0%}）")
    print(f"第一份文档的段落文字（共 {len(ours)} 段，含页眉页脚），两种渲染：{match}")
    print(f"YAML 写出后读回校验：{n} 个单位全部通过，日期不变")
    print(f"build() 输出与内存渲染逐字节相同：{identical}/{len(documents)}")
    print()
    print_machine()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        run(args.units, args.repeat)
    except BenchError as exc:
        print(f"校验失败：{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
