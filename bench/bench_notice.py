"""Benchmark: a county office's 考评 of N member units → 考评结果通报 (.docx) + results (.xlsx).

    python bench/bench_notice.py --units 10000 --repeat 3

An assessment of N fictional units (3 parts weighted 3:3:4, scores varied deterministically, no
randomness) is written to a temporary workspace, as YAML and as an .xlsx sheet. Each step is
timed, best of --repeat runs: reading and checking the records, computing totals, classes and
ranks, composing the 通报, rendering it with reportgen's PreparedTemplate, writing the .xlsx, and
the whole build() of the office (which also writes both files). The same 通报 context is then
rendered once with plain docxtpl, and the ratio is printed. Nothing about speed is asserted.
"""

from __future__ import annotations

import argparse
import io
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import openpyxl
from docxtpl import DocxTemplate

from reportgen.assess import assess, read_assessment, results_xlsx
from reportgen.build import build
from reportgen.compose.notice import compose_notice
from reportgen.defaults import default_template_path
from reportgen.records import read_unit
from reportgen.render import PreparedTemplate, context_of, make_environment

T = TypeVar("T")
OFFICE = "示例县创卫办"
PARTS = ("环境卫生", "健康教育", "除“四害”")
SCHEME = """\
scheme:
  parts: [环境卫生, 健康教育, 除“四害”]
  full: 100
  weights: "3:3:4"
  decimals: 1
"""


def unit_name(i: int) -> str:
    return f"示例县第{i + 1}号成员单位"


def score(i: int, part: int) -> str:
    """Deterministic scores spread over all three classes, half points included."""
    return str(60 + (i * 7 + part * 13) % 80 / 2)


def make_workspace(root: Path, n: int, *, sheet: bool) -> None:
    """An office with *n* members, its 考评 scores in YAML or in an .xlsx sheet."""
    office = root / "data" / OFFICE
    (office / "assessments").mkdir(parents=True)
    members = "\n".join(f"  - {unit_name(i)}" for i in range(n))
    (office / "unit.yaml").write_text(f"name: {OFFICE}\ntheme: 创卫工作\nmembers:\n{members}\n", "utf-8")
    head = f"period: 2026-H1\ndate: 2026-07-08\n{SCHEME}"
    if sheet:
        book = openpyxl.Workbook(write_only=True)
        ws = book.create_sheet("得分")
        ws.append(["单位", *PARTS])
        for i in range(n):
            ws.append([unit_name(i), *(float(score(i, p)) for p in range(3))])
        book.save(office / "assessments" / "考评得分.xlsx")
        text = head + "scores: 考评得分.xlsx\n"
    else:
        rows = "".join(f"  - {{unit: {unit_name(i)}, "
                       + ", ".join(f"{part}: {score(i, p)}" for p, part in enumerate(PARTS)) + "}\n"
                       for i in range(n))
        text = head + "scores:\n" + rows
    (office / "assessments" / "2026-H1.yaml").write_text(text, "utf-8")


def best_of(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def render_docxtpl(template: Path, context: dict[str, Any]) -> bytes:
    """The baseline: plain docxtpl rendering the same 通报 template with the same context."""
    tpl = DocxTemplate(template)
    tpl.render(context, jinja_env=make_environment(), autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def run(n: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_workspace(root, n, sheet=False)
        office = root / "data" / OFFICE
        path = office / "assessments" / "2026-H1.yaml"
        members = [unit_name(i) for i in range(n)]
        unit = read_unit(office / "unit.yaml")
        t_read, (assessment, rows) = best_of(repeat, lambda: read_assessment(path, members))
        t_assess, outcome = best_of(repeat, lambda: assess(assessment, rows))
        t_compose, context = best_of(repeat, lambda: context_of(compose_notice(unit, assessment, outcome)))
        template = default_template_path("notice")
        t_render, docx_bytes = best_of(repeat, lambda: PreparedTemplate.from_path(template).render(context))
        t_xlsx, xlsx_bytes = best_of(repeat, lambda: results_xlsx(outcome, "考评得分表"))

        def whole_build() -> int:
            shutil.rmtree(root / "output", ignore_errors=True)
            report = build(root, units=[OFFICE], kinds=["notice"])
            assert report.ok, report.failures
            return len(report.written)

        t_build, written = best_of(repeat, whole_build)
        t_docxtpl, baseline = best_of(1, lambda: render_docxtpl(template, context))

        sheet_root = root / "sheet"
        make_workspace(sheet_root, n, sheet=True)
        sheet_path = sheet_root / "data" / OFFICE / "assessments" / "2026-H1.yaml"
        t_sheet, _ = best_of(repeat, lambda: read_assessment(sheet_path, members))

    steps = t_read + t_assess + t_compose + t_render + t_xlsx
    print(f"reportgen 考评基准：{n} 个成员单位，3 个考评项目（3:3:4），每项取 {repeat} 次中最快一次\n")
    rows_out = [
        ("读取并校验考评记录（YAML）", t_read), ("读取并校验考评记录（Excel 得分表）", t_sheet),
        ("计算总分、类别、排名", t_assess), ("组织通报内容", t_compose),
        ("渲染通报（PreparedTemplate）", t_render), ("写出结果表 .xlsx", t_xlsx),
        ("以上各步合计（YAML）", steps), (f"build() 全流程（写出 {written} 个文件）", t_build),
        ("docxtpl 渲染同一通报（基线）", t_docxtpl),
    ]
    for label, seconds in rows_out:
        print(f"  {label:<34} {seconds:7.3f} 秒")
    print(f"\n通报 {len(docx_bytes) / 1e6:.1f} MB，结果表 {len(xlsx_bytes) / 1e6:.1f} MB，"
          f"docxtpl 输出 {len(baseline) / 1e6:.1f} MB")
    print(f"渲染速度比 reportgen/docxtpl：{t_docxtpl / t_render:.2f} 倍")
    print(f"目标：{n} 个单位的考评 → 通报 + .xlsx 在 5 秒内：build() {t_build:.2f} 秒，"
          f"{'达到' if t_build < 5 else '未达到'}")
    print(f"\n机器：{platform.platform()}，Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description="考评 → 通报 + .xlsx 的速度")
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    run(args.units, args.repeat)


if __name__ == "__main__":
    main()
