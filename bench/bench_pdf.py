"""Benchmark: .docx → PDF, the whole batch in one LibreOffice versus one soffice per document.

    python bench/bench_pdf.py                 # 30 documents, 3 runs of each way
    python bench/bench_pdf.py --docs 60 --repeat 5
    python bench/bench_pdf.py --quick         # 6 documents, 1 run (a smoke test of the script)

The documents are the bundled sample's own: data/ is built once into a temporary workspace and
its .docx files are taken in turn (repeated under new names where --docs asks for more). Each
run converts the same N documents three ways, side by side:

- reportgen: ``export_pdfs`` as ``reportgen pdf`` runs it (one soffice for the batch, its own
  profile and font map, PDFs committed beside the documents);
- one soffice per document, each with a new profile (what a script calling
  ``soffice --headless --convert-to pdf`` in a loop does on a machine where no profile exists
  yet, and what parallel callers must do to keep from sharing one);
- one soffice per document, all sharing one profile made before timing (the best a plain loop
  can do).

Min and median wall times over --repeat runs, documents per second and the ratios of the loops
to reportgen are printed with the machine it ran on. Nothing about speed is asserted. Every
PDF is checked to exist and be whole; a missing one makes the script exit 1.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from reportgen.build import build
from reportgen.pdf.export import export_pdfs
from reportgen.pdf.soffice import find_soffice

ROOT = Path(__file__).resolve().parent.parent


def sample_documents(workspace: Path, count: int) -> list[Path]:
    """*count* .docx files of the sample, built once, in one folder of *workspace*."""
    for part in ("data", "templates"):
        shutil.copytree(ROOT / part, workspace / part)
    report = build(workspace)
    if report.failures:
        raise SystemExit(f"样例生成失败：{report.failures[:3]}")
    built = sorted((workspace / "output").rglob("*.docx"))
    if not built:
        raise SystemExit("样例没有生成任何 .docx，无法测试")
    folder = workspace / "docs"
    folder.mkdir()
    documents = []
    for index in range(count):
        target = folder / f"{index:03d}.docx"
        shutil.copyfile(built[index % len(built)], target)
        documents.append(target)
    return documents


def fresh_copy(documents: list[Path], into: Path) -> list[Path]:
    """The documents copied into the empty folder *into*, so that each run starts with no PDF."""
    if into.exists():
        shutil.rmtree(into)
    into.mkdir()
    copies = []
    for document in documents:
        copy = into / document.name
        shutil.copyfile(document, copy)
        copies.append(copy)
    return copies


def whole(pdf: Path) -> bool:
    return pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-" and b"%%EOF" in pdf.read_bytes()[-1024:]


def soffice_one(soffice: Path, document: Path, profile: Path) -> None:
    subprocess.run([str(soffice), f"-env:UserInstallation={profile.resolve().as_uri()}",
                    "--headless", "--norestore", "--convert-to", "pdf",
                    "--outdir", str(document.parent), str(document)],
                   check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def run_reportgen(documents: list[Path], _work: Path, _soffice: Path) -> None:
    report = export_pdfs(documents[0].parent, documents, force=True)
    if not report.ok:
        raise SystemExit(f"reportgen 转换失败：{[f.message for f in report.failures]}")


def run_loop_fresh(documents: list[Path], work: Path, soffice: Path) -> None:
    for index, document in enumerate(documents):
        soffice_one(soffice, document, work / f"profile-{index}")


def run_loop_shared(documents: list[Path], work: Path, soffice: Path) -> None:
    for document in documents:
        soffice_one(soffice, document, work / "shared-profile")


WAYS: list[tuple[str, Callable[[list[Path], Path, Path], None]]] = [
    ("reportgen（一个 LibreOffice 转完整批）", run_reportgen),
    ("每份一个 soffice，各用新配置目录", run_loop_fresh),
    ("每份一个 soffice，共用配置目录", run_loop_shared),
]


def pad(text: str, width: int) -> str:
    """*text* filled with spaces to *width* terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def soffice_version(soffice: Path) -> str:
    try:
        done = subprocess.run([str(soffice), "--version"], capture_output=True, text=True,
                              timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "未知"
    return done.stdout.strip().splitlines()[0] if done.stdout.strip() else "未知"


def main() -> int:
    parser = argparse.ArgumentParser(description="PDF 转换速度：整批一个 LibreOffice 对比每份一个 soffice")
    parser.add_argument("--docs", type=int, default=30, help="文档份数（默认 30）")
    parser.add_argument("--repeat", type=int, default=3, help="每种方式跑几次（默认 3）")
    parser.add_argument("--quick", action="store_true", help="6 份、1 次，只检查脚本能跑通")
    args = parser.parse_args()
    count, repeat = (6, 1) if args.quick else (args.docs, args.repeat)
    soffice = find_soffice()
    print(f"机器：{platform.platform()}，{os.cpu_count()} 核，Python {platform.python_version()}")
    print(f"LibreOffice：{soffice_version(soffice)}（{soffice}）")
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-pdf-") as temp:
        root = Path(temp)
        documents = sample_documents(root / "workspace", count)
        # the shared profile is made before timing, as a loop's second and later runs find it
        warm = fresh_copy(documents[:1], root / "warm")
        soffice_one(soffice, warm[0], root / "shared-profile")
        times: dict[str, list[float]] = {name: [] for name, _ in WAYS}
        for run in range(repeat):
            for name, way in WAYS:
                copies = fresh_copy(documents, root / "run")
                work = root / f"work-{run}"
                work.mkdir(exist_ok=True)
                if way is run_loop_shared:
                    work = root
                start = time.perf_counter()
                way(copies, work, soffice)
                times[name].append(time.perf_counter() - start)
                missing = [c.name for c in copies if not whole(c.with_suffix(".pdf"))]
                if missing:
                    print(f"校验失败：{name} 没有生成 {', '.join(missing)} 的完整 PDF")
                    return 1
                for profile in work.glob("profile-*"):
                    shutil.rmtree(profile, ignore_errors=True)
    print(f"\n{count} 份文档，每种方式 {repeat} 次（秒：最快 / 中位）\n")
    base = min(times[WAYS[0][0]])
    print(f"{pad('方式', 40)}{'最快':>6}{'中位':>6}{'文档/秒':>6}{'倍数':>6}")
    for name, _ in WAYS:
        best, middle = min(times[name]), statistics.median(times[name])
        print(f"{pad(name, 40)}{best:>8.2f}{middle:>8.2f}{count / best:>9.2f}{best / base:>7.1f}×")
    print("\n倍数 = 该方式最快一次的用时 ÷ reportgen 最快一次的用时（大于 1 表示比 reportgen 慢）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
