"""The workspace: a folder with data/, templates/ and output/, and what lies in it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import WorkspaceError
from reportgen.period import period_option
from reportgen.write.names import check_folder_name

UNIT_FILE = "unit.yaml"
ISSUES_FILE = "期号.yaml"
"""The 期号 book (reportgen.issue_numbers), kept with the records it numbers."""
MEETINGS_DIR = "meetings"
ASSESSMENTS_DIR = "assessments"
LIST_ALL_UNITS = 10
"""Up to this many units, a message naming an unknown unit lists them all."""
CLOSE_UNITS = 5


@dataclass(frozen=True)
class Workspace:
    """Paths of one workspace; nothing here reads a record."""

    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    def require_data(self) -> None:
        """Raise WorkspaceError unless data/ exists."""
        if not self.data_dir.is_dir():
            raise WorkspaceError(
                f"{self.root} 下没有 data/ 目录：这里不是 reportgen 工作区。"
                "请进入工作区目录、用 --workspace 指定，或先运行 reportgen init <单位名称>")

    def units(self) -> list[str]:
        """Unit folder names under data/, sorted."""
        self.require_data()
        return sorted(p.name for p in self.data_dir.iterdir() if p.is_dir()
                      and not p.name.startswith("."))

    def unit_dir(self, unit: str) -> Path:
        """data/<unit>; WorkspaceError if *unit* is not one plain folder name there (so that
        ../x, an absolute path or a link out of the workspace never names a unit)."""
        check_folder_name(unit, "单位名称")
        path = self.data_dir / unit
        if path.is_symlink() and not _inside(path, self.data_dir):
            raise WorkspaceError(f"data/{unit} 是指向工作区以外的符号链接：请把单位的台账放在 data/ 之内")
        if not path.is_dir():
            raise WorkspaceError(f"找不到单位“{unit}”：{_known_units(unit, self.units())}")
        return path

    def period_files(self, unit: str) -> list[Path]:
        """The period files of *unit*: every .yaml but unit.yaml and 期号.yaml, sorted by name."""
        return [p for p in yaml_files(self.unit_dir(unit)) if p.name not in (UNIT_FILE, ISSUES_FILE)]

    def assessment_files(self, unit: str) -> list[Path]:
        """The 考评 of an office: data/<unit>/assessments/*.yaml, by name."""
        return yaml_files(self.unit_dir(unit) / ASSESSMENTS_DIR)

    def member_names(self, unit: str, members: str | list[str]) -> list[str]:
        """An office's members: the names it lists, or (全部) every other unit of the workspace."""
        return members if isinstance(members, list) else [u for u in self.units() if u != unit]

    def meeting_files(self, unit: str) -> list[Path]:
        """The files of meetings recorded on their own: data/<unit>/meetings/*.yaml, by name."""
        return yaml_files(self.unit_dir(unit) / MEETINGS_DIR)

    def period_file(self, unit: str, period: str) -> Path:
        period_id = period_option(period).id
        path = next((p for p in self.period_files(unit) if p.stem == period_id),
                    self.unit_dir(unit) / f"{period_id}.yaml")
        if not path.is_file():
            known = "、".join(p.stem for p in self.period_files(unit)) or "（无）"
            raise WorkspaceError(f"单位“{unit}”没有期间 {period} 的数据：已有 {known}")
        return path

    def output_folder(self, unit: str, period: str) -> Path:
        return self.output_dir / check_folder_name(unit, "单位名称") / period

    def meetings_folder(self, unit: str, year: int) -> Path:
        """Where the 纪要 and 简报 of meetings recorded on their own go: output/<unit>/2026年会议."""
        return self.output_dir / check_folder_name(unit, "单位名称") / f"{year}年会议"


def find_workspace(start: Path) -> Path:
    """The workspace *start* lies in, found as git finds its repository: the nearest of *start*
    and its parents that holds a data/ folder; *start* itself when none does."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / "data").is_dir():
            return folder
    return start


def enclosing_workspace(folder: Path) -> Path | None:
    """The workspace *folder* lies inside, when *folder* is not one itself."""
    if (folder / "data").is_dir():
        return None
    found = find_workspace(folder.resolve().parent) if folder.resolve().parent != folder.resolve() else None
    return found if found is not None and (found / "data").is_dir() else None


def yaml_files(folder: Path) -> list[Path]:
    """The .yaml and .yml files of *folder* (none when it is not one), hidden ones left out,
    sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in [*folder.glob("*.yaml"), *folder.glob("*.yml")]
                  if not p.name.startswith(".") and not p.is_dir())


def _known_units(unit: str, units: list[str]) -> str:
    """What to say of the units there are when *unit* is not one of them: all of them when they
    are few, else the close matches only, so that a province's 10^5 names never fill the screen."""
    if len(units) <= LIST_ALL_UNITS:
        return f"data/ 下有 {'、'.join(units) or '（无）'}"
    close = difflib.get_close_matches(unit, units, n=CLOSE_UNITS, cutoff=0.5)
    if not close:
        return f"data/ 下的 {len(units)} 个单位中没有名称相近的，请检查单位名称"
    return f"data/ 下的 {len(units)} 个单位中名称相近的有 {'、'.join(close)}"


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())
