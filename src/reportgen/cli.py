"""The command line: parses options, calls one library function, prints what it did.

Errors a user can cause (ReportgenError) are printed in red without a
traceback and exit 1, in one place: :func:`_handle_errors`. Anything else is a
bug: it is printed in Chinese without a traceback too and exits 2 (set
REPORTGEN_DEBUG=1 to see the traceback).

Each command imports the stages it needs when it runs, so that --help and a small check do
not pay for loading docxtpl, openpyxl and OpenCC (python -X importtime shows what is left).

Exit codes of build, so that a script can tell what needs doing (the README lists them):
0 all written; 1 records or templates have errors; 2 a reportgen bug; 3 only files that
could not be written (open in Word, read-only), the records being right; 4 all written but
hand-edited documents kept although their records changed; 5 the .docx files written but
PDFs missing (no LibreOffice, or a document it could not convert); 130 interrupted.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from reportgen import __version__, cli_text
from reportgen.errors import ReportgenError, display_path, internal_error
from reportgen.kind_names import kind_help

if TYPE_CHECKING:
    from reportgen.build import BuildReport
    from reportgen.write import WriteResult

cli_text.install()

app = typer.Typer(
    help="reportgen：把一个期间的爱国卫生/创卫工作台账生成符合 GB/T 9704 的 Word 公文。",
    no_args_is_help=True, add_completion=False, context_settings={"help_option_names": ["-h", "--help"]})
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

WorkspaceOption = Annotated[Path | None, typer.Option(
    "--workspace", "-w", metavar="目录", file_okay=False,
    help="工作区目录（含 data/、templates/、output/）；默认从当前目录向上找到的工作区")]


QuietOption = Annotated[bool, typer.Option(
    "--quiet", "-q", help="只显示提示、错误和最后的统计，不逐份列出生成的文档")]
VerboseOption = Annotated[bool, typer.Option(
    "--verbose", "-v", help="逐份列出全部文档，包括内容无变化而未重写的")]


@contextmanager
def _handle_errors() -> Iterator[None]:
    """The one place that turns a user-caused error into a red message and exit code 1."""
    try:
        yield
    except ReportgenError as exc:
        err.print(f"[red]错误：{escape(str(exc))}[/red]")
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("[yellow]已中断：正在写入的期间保持原样，下次运行会清理临时文件[/yellow]")
        raise typer.Exit(130) from None
    except Exception as exc:
        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        err.print(f"[red]错误：{escape(internal_error(exc))}[/red]")
        raise typer.Exit(2) from None


def _root(workspace: Path | None) -> Path:
    """The workspace given with -w, or the one the current folder lies in (searched upwards)."""
    from reportgen.workspace import find_workspace

    return workspace if workspace is not None else find_workspace(Path.cwd())


def _version(value: bool) -> None:
    if value:
        out.print(f"reportgen {__version__}")
        raise typer.Exit()


@app.callback()
def main(_version_flag: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="显示版本并退出")] = False) -> None:
    """reportgen：把一个期间的爱国卫生/创卫工作台账生成符合 GB/T 9704 的 Word 公文。"""


@app.command("build")
def build_command(
    workspace: WorkspaceOption = None,
    unit: Annotated[list[str] | None, typer.Option(
        "--unit", "-u", metavar="单位", help="只生成这个单位（data/ 下的目录名），可重复")] = None,
    period: Annotated[str | None, typer.Option(
        "--period", "-p", metavar="期间", help="只生成这个期间，如 2026-H1、2026、2026-Q3、2026-09")] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", "-k", metavar="种类", help=f"只生成这种文书，可重复：{kind_help()}")] = None,
    meeting: Annotated[str | None, typer.Option(
        "--meeting", "-m", metavar="日期",
        help="只生成这一天的会议纪要和简报，如 2026-11-26（不需要期间台账）")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="覆盖已被手工修改的文档（原文件先另存为备份）")] = False,
    draft: Annotated[bool, typer.Option(
        "--draft", help="台账里还有样板占位文字时也生成，文档标为草稿（文件名带“（草稿）”）")] = False,
    pdf: Annotated[bool, typer.Option(
        "--pdf", help="同时在每份 .docx 旁生成 PDF（需要 LibreOffice）")] = False,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", metavar="进程数",
        help="同时生成几个单位（进程数），默认为本机的 CPU 核数；结果与 -j 1 完全相同")] = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """生成文档：默认为每个单位、每个期间生成全部文书，写入 output/<单位>/<期间>/；
    单独记录的会议写入 output/<单位>/<年份>年会议/。台账、模板和 reportgen 都没有改动的单位不再重新生成。"""
    from reportgen.build import build
    from reportgen.parallel import default_jobs

    lines = _lines(quiet, verbose)
    if jobs is not None and jobs < 1:
        err.print(f"[red]错误：--jobs / -j（进程数）至少为 1，收到 {jobs}[/red]")
        raise typer.Exit(2)
    with _handle_errors(), _Progress(lines, enabled=err.is_terminal and not quiet) as progress:
        root = _root(workspace)
        report = build(root, units=unit, period=period, kinds=kind, force=force, draft=draft,
                       meeting=meeting, on_result=progress.lines, on_wait=_print_waiting,
                       jobs=jobs or default_jobs(), on_progress=progress)
    _print_build_summary(report)
    code = _exit_code(report)
    if pdf:
        from reportgen.pdf import pdf_outdated
        from reportgen.write import Outcome

        fresh = (Outcome.WRITTEN, Outcome.REPLACED_EDITED)
        documents = [r.path for r in report.written if r.path.suffix == ".docx"
                     and (r.outcome in fresh or force or pdf_outdated(r.path))]
        if not _export_pdfs(root, documents, force, lines) and code in (0, 4):
            code = 5
    if code:
        raise typer.Exit(code)


def _export_pdfs(root: Path, documents: list[Path], force: bool, lines: _Lines) -> bool:
    """Convert *documents* to PDF beside them and say what happened; whether all went well."""
    from reportgen.pdf import export_pdfs
    from reportgen.workspace import Workspace

    if not documents:
        out.print("PDF 都已是最新，无需转换（加 --force 全部重新转换）")
        return True
    out.print(f"正在用 LibreOffice 把 {len(documents)} 份文档转换为 PDF……")
    with _handle_errors():
        report = export_pdfs(Workspace(root).output_dir, documents, force=force, on_result=lines)
    for note in report.notes:
        err.print(f"[yellow]提示：{escape(note)}[/yellow]")
    if report.unavailable:
        err.print(f"[red]{escape(report.unavailable)}[/red]")
        return False
    for failure in report.failures:
        err.print(f"[red]{escape(failure.message)}[/red]")
    line = _count_written("PDF：", report.written)
    if report.failures:
        line += f"，{len(report.failures)} 份未能转换（原因见上）"
    (err if report.failures else out).print(line)
    return report.ok


def _exit_code(report: BuildReport) -> int:
    """1 for wrong records or templates, 3 for files that could not be written, 4 for stale
    hand-edited documents kept (see the module's docstring)."""
    if any(not f.unwritable for f in report.failures):
        return 1
    if report.failures:
        return 3
    return 4 if report.stale else 0


def _print_waiting() -> None:
    err.print("[yellow]另一个 reportgen 正在生成本工作区的文档，等它完成后继续……[/yellow]")


@dataclass(frozen=True)
class _Lines:
    """How much a command says of each document it writes (its on_result callback)."""

    quiet: bool = False
    verbose: bool = False

    def __call__(self, result: WriteResult) -> None:
        from reportgen.write import Outcome

        if result.outcome is Outcome.UNCHANGED and not self.verbose:
            return
        if result.outcome is Outcome.WRITTEN and self.quiet:
            return
        _print_result(result)


class _Progress:
    """A progress bar (units done, in all, time left) on an interactive terminal, once a build
    turns out to cover at least PROGRESS_FROM units; while it shows, the documents written are
    not listed one by one (kept hand-edited ones still are, and all with --verbose).

    The bar is refreshed by hand, never by a thread of its own, so worker processes are forked
    from a process without threads."""

    PROGRESS_FROM = 10

    def __init__(self, lines: _Lines, *, enabled: bool) -> None:
        self._shown = lines
        self._under_bar = _Lines(quiet=not lines.verbose, verbose=lines.verbose)
        self._enabled = enabled
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *_: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def lines(self, result: WriteResult) -> None:
        self._shown(result)

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if not self._enabled or total < self.PROGRESS_FROM or done == total:
                return
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(TextColumn("正在生成"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("个单位，约剩"), TimeRemainingColumn(), console=err,
                                 auto_refresh=False, transient=True)
            self._task = self._bar.add_task("build", total=total)
            self._bar.start()
            self._shown = self._under_bar
        self._bar.update(self._task, completed=done, total=total)
        self._bar.refresh()


def _lines(quiet: bool, verbose: bool) -> _Lines:
    """One line per document: what was written, and (always) what was kept; unchanged ones
    only with --verbose, written ones not with --quiet."""
    if quiet and verbose:
        err.print("[red]错误：--quiet 和 --verbose 不能同时使用[/red]")
        raise typer.Exit(1)
    return _Lines(quiet, verbose)


def _print_result(result: WriteResult) -> None:
    from reportgen.write import Outcome

    path = escape(display_path(result.path))
    if result.outcome is Outcome.KEPT_EDITED and result.stale:
        err.print(f"[yellow]未覆盖 {path}：该文件生成后被手工修改过，而台账（或模板）此后又有改动，"
                  "这份文档已不是最新。请把手工修改改到台账或模板里后加 --force 重新生成"
                  "（原文件会先备份）[/yellow]")
    elif result.outcome is Outcome.KEPT_EDITED:
        err.print(f"[yellow]未覆盖 {path}：该文件生成后被手工修改过。"
                  "如需重新生成，请加 --force（原文件会先备份）[/yellow]")
    elif result.outcome is Outcome.REPLACED_EDITED and result.backup:
        out.print(f"[green]已生成[/green] {path}"
                  f"（手工修改的原文件已备份为 {escape(result.backup.name)}）")
    else:
        out.print(f"[green]{result.outcome.value}[/green] {path}")


def _print_build_summary(report: BuildReport) -> None:
    for note in report.notes:
        err.print(f"[yellow]提示：{escape(note)}[/yellow]")
    for failure in report.failures:
        in_profile = failure.problems and all(p.location.file.name == "unit.yaml" for p in failure.problems)
        where = (f"{failure.unit} {failure.period}" if failure.period
                 else f"{failure.unit}（unit.yaml）" if in_profile else failure.unit)
        for problem in failure.problems:
            err.print(f"[red]{escape(str(problem))}[/red]")
        if failure.message:
            err.print(f"[red]{escape(failure.message)}[/red]")
        outcome = "部分文档已写入（见上）" if failure.partial else "未生成任何文档"
        cause = "文件无法写入（台账没有问题）" if failure.unwritable else "有错误"
        err.print(f"[red]{escape(where)}：{cause}，{outcome}[/red]")
    line = _count_written("完成：", report.written)
    if report.stale:
        line += f"（其中 {len(report.stale)} 份已不是最新）"
    if report.failures:
        line += f"，{_count_failures(report)}"
    (err if report.failures else out).print(line)


def _count_written(head: str, written: list[WriteResult]) -> str:
    """"生成 N 份，无变化 M 份，因手工修改未覆盖 K 份" after *head*."""
    from reportgen.write import Outcome

    counts = {o: sum(1 for r in written if r.outcome is o) for o in Outcome}
    made = counts[Outcome.WRITTEN] + counts[Outcome.REPLACED_EDITED]
    line = f"{head}生成 {made} 份，无变化 {counts[Outcome.UNCHANGED]} 份"
    if counts[Outcome.KEPT_EDITED]:
        line += f"，因手工修改未覆盖 {counts[Outcome.KEPT_EDITED]} 份"
    return line


def _count_failures(report: BuildReport) -> str:
    """How many periods (or whole units, when the unit itself failed) were not built."""
    periods = sum(1 for f in report.failures if f.period)
    units = len(report.failures) - periods
    counted = "和".join(p for p in (f"{units} 个单位" if units else "",
                                    f"{periods} 个期间" if periods else "") if p)
    partial = sum(1 for f in report.failures if f.partial)
    unwritable = sum(1 for f in report.failures if f.unwritable)
    return (f"{counted}未生成（原因见上）"
            + (f"，其中 {unwritable} 个是因为文件无法写入" if unwritable else "")
            + (f"，其中 {partial} 个期间只写入了一部分" if partial else ""))


@app.command("check")
def check_command(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="[路径]...", help="要检查的文件或单位目录，默认检查 data/ 下全部")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """检查台账：列出所有问题（文件:行:列 字段: 说明），有问题时退出码为 1。"""
    from reportgen.check import check

    with _handle_errors():
        report = check(_root(workspace), paths or [])
    for problem in report.problems:
        err.print(f"[red]{escape(str(problem))}[/red]")
    for note in report.notes:
        err.print(f"[yellow]提示：{escape(str(note))}[/yellow]")
    checked = f"{report.units} 个单位信息文件、{report.periods} 个期间文件"
    if report.meetings:
        checked += f"、{report.meetings} 个会议文件"
    if report.assessments:
        checked += f"、{report.assessments} 个考评文件"
    if report.ok:
        out.print(f"[green]检查通过[/green]：{checked}")
        return
    err.print(f"共发现 {len(report.problems)} 个问题（检查了 {checked}）")
    raise typer.Exit(1)


@app.command("init")
def init_command(
    unit: Annotated[str, typer.Argument(metavar="单位名称", help="单位名称，也是 data/ 下的目录名")],
    period: Annotated[str | None, typer.Option(
        "--period", "-p", metavar="期间",
        help="期间，如 2026-H1；默认为最可能要写的半年（1月、7月为刚结束的半年，其他月份为本半年）")] = None,
    xlsx: Annotated[bool, typer.Option(
        "--xlsx",
        help="活动台账、会议、检查改用 Excel 填写：另写一个带下拉选项和日期校验的 <期间>.xlsx")] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """新建单位：写出带中文注释的 unit.yaml 和一个期间的台账样板。"""
    from reportgen.scaffold import scaffold

    with _handle_errors():
        root = _root(workspace)
        written = scaffold(root, unit, period, workbook=xlsx)
    if workspace is None and root.resolve() != Path.cwd().resolve():
        out.print(f"在上级目录的工作区 {escape(str(root))} 中新建（不在子目录里另建工作区）")
    for path in written:
        out.print(f"[green]已创建[/green] {escape(display_path(path))}")
    out.print("请按注释填写后运行 reportgen check 检查，再运行 reportgen build 生成文档。")


@app.command("pdf")
def pdf_command(
    workspace: WorkspaceOption = None,
    unit: Annotated[list[str] | None, typer.Option(
        "--unit", "-u", metavar="单位", help="只转换这个单位的文档，可重复")] = None,
    period: Annotated[str | None, typer.Option(
        "--period", "-p", metavar="期间", help="只转换这个期间（output/ 下的文件夹名，如 2026-H1）")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="全部重新转换，并覆盖已被手工修改的 PDF（原文件先另存为备份）")] = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """把已生成的 .docx 转换为 PDF（写在 .docx 旁边）：只转换还没有 PDF 或 PDF 比 .docx 旧的文档。
    需要 LibreOffice；整批文档只启动一次 LibreOffice。"""
    from reportgen.pdf import outdated_documents
    from reportgen.workspace import Workspace

    lines = _lines(quiet, verbose)
    with _handle_errors():
        root = _root(workspace)
        space = Workspace(root)
        space.require_data()
        for name in unit or []:
            space.unit_dir(name)
        documents = outdated_documents(space.output_dir, units=unit, period=period, force=force)
    if not _export_pdfs(root, documents, force, lines):
        raise typer.Exit(5)


@app.command("schema")
def schema_command(
    which: Annotated[str, typer.Argument(
        metavar="[类型]", help="period（期间台账，默认）、unit（单位信息）、meetings（单独记录的会议）"
        "或 assessment（考评）")] = "period",
) -> None:
    """输出台账的 JSON Schema，供 VS Code 等编辑器自动补全和校验。"""
    from reportgen.schema import SCHEMAS, records_schema

    with _handle_errors():
        if which not in SCHEMAS:
            raise ReportgenError(f"未知的类型“{which}”，可选：{'、'.join(SCHEMAS)}")
    sys.stdout.write(json.dumps(records_schema(which), ensure_ascii=False, indent=2) + "\n")


export_app = typer.Typer(help="导出：把台账另存为其他格式。", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("xlsx")
def export_xlsx_command(
    workspace: WorkspaceOption = None,
    unit: Annotated[list[str] | None, typer.Option(
        "--unit", "-u", metavar="单位", help="只导出这个单位，可重复")] = None,
    period: Annotated[str | None, typer.Option(
        "--period", "-p", metavar="期间", help="只导出这个期间，如 2026-H1")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="覆盖已被手工修改的导出文件（原文件先另存为备份）")] = False,
) -> None:
    """把期间台账中的活动台账、会议、检查导出为 Excel 工作簿，写入 output/<单位>/<期间>/。
    工作表和列名与 data/ 下的 <期间>.xlsx 相同，可交给用 Excel 记台账的同事。"""
    from reportgen.export import export_workbooks
    from reportgen.workspace import Workspace

    with _handle_errors():
        report = export_workbooks(Workspace(_root(workspace)), units=unit, period=period, force=force)
    for result in report.written:
        _print_result(result)  # an export writes one workbook a period: each is worth its line
    for note in report.notes:
        err.print(f"[yellow]提示：{escape(note)}[/yellow]")
    for failure in report.failures:
        err.print(f"[red]{escape(failure)}[/red]")
    line = _count_written("完成：导出：", report.written)
    if report.failures:
        err.print(f"{line}，{len(report.failures)} 个期间未导出（原因见上）")
        raise typer.Exit(1)
    out.print(line)


templates_app = typer.Typer(help="模板：查看每个单位用哪个模板、导出默认模板、检查模板。",
                            no_args_is_help=True)
app.add_typer(templates_app, name="templates")


@templates_app.command("list")
def templates_list_command(workspace: WorkspaceOption = None) -> None:
    """列出每个单位、每种文书实际使用的模板文件。"""
    from rich.table import Table

    from reportgen.templates import template_table

    with _handle_errors():
        rows = template_table(_root(workspace))
    table = Table("单位", "文书", "模板", box=None, pad_edge=False)
    for unit, label, path, builtin in rows:
        table.add_row(escape(unit), label,
                      f"内置默认模板（{path.name}）" if builtin else escape(display_path(path)))
    out.print(table)


@templates_app.command("eject")
def templates_eject_command(
    name: Annotated[str, typer.Argument(
        metavar="种类",
        help="文书种类：summary 或 总结、minutes 或 纪要、briefing 或 简报、report 或 汇报、notice 或 通报")],
    unit: Annotated[str | None, typer.Option(
        "--unit", "-u", metavar="单位",
        help="导出到 templates/<单位>/，只对该单位生效；不填则对整个工作区生效")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """把内置默认模板复制到 templates/ 供在 Word 中修改；已有文件时绝不覆盖。"""
    from reportgen.templates import eject

    with _handle_errors():
        target = eject(_root(workspace), name, unit)
    out.print(f"[green]已导出[/green] {escape(display_path(target))}")
    out.print("可在 Word 中修改样式和文字，保留 {{ }} 和 {%p %} 标签；改完运行 reportgen templates check。")


@templates_app.command("check")
def templates_check_command(
    files: Annotated[list[Path] | None, typer.Argument(
        metavar="[模板文件]...", help="要检查的模板文件，默认检查 templates/ 下全部")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """检查模板：语法错误、被 Word 拆开的标签、不存在的名称、未知的过滤器；有问题时退出码为 1。"""
    from reportgen.lint import lint_templates

    with _handle_errors():
        paths, findings = lint_templates(_root(workspace), files or [])
    for finding in findings:
        err.print(f"[red]{escape(str(finding))}[/red]")
    if findings:
        err.print(f"共发现 {len(findings)} 个问题（检查了 {len(paths)} 个模板）")
        raise typer.Exit(1)
    out.print(f"[green]检查通过[/green]：{len(paths)} 个模板" if paths
              else "templates/ 下没有自定义模板，将使用内置模板")
