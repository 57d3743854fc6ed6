"""Commit one folder's documents together: all of them, or none.

A period's documents go to one folder. They are committed in four steps:

1. **plan**: what happens to each file (new, unchanged, replace reportgen's own file, keep or
   replace a hand-edited one), refusing a folder, a link or a read-only file in the way;
2. **stage**: every new content is written to a temporary file and synced, in one pass;
3. **journal**: the manifest is written once, accepting both the old and the new content of
   every file reportgen is replacing, so a build killed from here on never makes reportgen's
   own files look hand-edited;
4. **swap**: each hand-edited file being replaced is first kept under a backup name of its own,
   then every temporary file is renamed over its document. If a rename fails, the documents
   already swapped get their old content back, so the folder is as it was.

A failure before or during the swap leaves the folder as it was and says so. Only a second
failure while putting old files back can leave a mix, and then the message lists which files
are new. After success the folder is synced, so what the build reports is on disk.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import partial
from pathlib import Path

from reportgen.errors import OutputError, display_path
from reportgen.write.files import (
    TEMPORARY_PREFIX,
    fsync_files,
    fsync_folder,
    real_folder,
    reason,
    remove_quietly,
    write_temporary,
)
from reportgen.write.manifest import MANIFEST, Manifest
from reportgen.write.names import safe_file_name

SUFFIX = ".docx"


class Outcome(Enum):
    """What happened to one document."""

    WRITTEN = "已生成"
    UNCHANGED = "无变化"
    KEPT_EDITED = "已手工修改，未覆盖"
    REPLACED_EDITED = "已覆盖（手工修改的原文件已备份）"


@dataclass(frozen=True)
class WriteResult:
    """Where a document went and what happened to it."""

    path: Path
    outcome: Outcome
    backup: Path | None = None
    stale: bool = False
    """A hand-edited document kept (KEPT_EDITED) although what reportgen would write now
    differs from what it last wrote there: the records or the template changed since."""


@dataclass(frozen=True)
class Document:
    """A rendered document: its title (which names the file), its bytes and its file type."""

    title: str
    data: bytes
    suffix: str = SUFFIX
    """.docx, or .xlsx for a sheet of results."""


@dataclass
class _Plan:
    path: Path
    data: bytes
    digest: str
    outcome: Outcome
    existed: bool
    staged: Path | None = None
    previous: Path | None = None
    backup: Path | None = None
    swapped: bool = False
    stale: bool = False

    @property
    def changes(self) -> bool:
        return self.outcome in (Outcome.WRITTEN, Outcome.REPLACED_EDITED)


def write_document(folder: Path, title: str, data: bytes, *, force: bool = False) -> WriteResult:
    """Write one document into *folder* as commit_folder does."""
    return commit_folder(folder, folder, [Document(title, data)], force=force)[0]


def commit_folder(base: Path, folder: Path, documents: Sequence[Document], *,
                  force: bool = False) -> list[WriteResult]:
    """Write *documents* into *folder* (below *base*, which no link may leave), all or none.

    A hand-edited file is kept unless *force*, and then first backed up under a unique name.
    Raises OutputError saying what was and was not written."""
    real_folder(base, folder)
    manifest = Manifest.read(folder)
    try:
        plans = [_plan(folder / name, document.data, manifest, force)
                 for name, document in zip(_file_names(documents), documents, strict=True)]
    except OutputError as exc:
        raise OutputError(f"{exc}\n{_what_was_written(folder, [])}") from None
    changing = [p for p in plans if p.changes]
    learned = [p for p in plans if p.outcome is Outcome.UNCHANGED
               and not manifest.accepts(p.path.name, p.digest)]
    if changing or learned:
        journal = manifest.accepting([(p.path.name, p.digest, p.outcome is Outcome.WRITTEN)
                                      for p in [*changing, *learned]])
        staged_journal: Path | None = None
        try:
            staged_journal = _stage(folder, changing, journal)
            _install(staged_journal, folder / MANIFEST)
            staged_journal = None
            _back_up(changing)
            _swap(changing)
            fsync_folder(folder)
        except OutputError as exc:
            for plan in changing:
                if plan.backup and not plan.swapped:
                    remove_quietly(plan.backup)
            raise OutputError(f"{exc}\n{_what_was_written(folder, changing)}",
                              partial=any(p.swapped for p in changing)) from None
        finally:
            for leftover in [staged_journal, *(p.staged for p in changing),
                             *(p.previous for p in changing)]:
                if leftover:
                    remove_quietly(leftover)
    return [WriteResult(p.path, p.outcome, p.backup, p.stale) for p in plans]


def _file_names(documents: Sequence[Document]) -> list[str]:
    """A file name per document; two titles that would share a name get （2）, （3）…"""
    names: list[str] = []
    taken: set[str] = set()  # the list alone made a folder of n documents cost n² lookups
    for document in documents:
        stem, suffix = safe_file_name(document.title), document.suffix
        name, n = f"{stem}{suffix}", 1
        while name in taken:
            n += 1
            name = f"{stem}（{n}）{suffix}"
        names.append(name)
        taken.add(name)
    return names


def _plan(path: Path, data: bytes, manifest: Manifest, force: bool) -> _Plan:
    digest = hashlib.sha256(data).hexdigest()
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return _Plan(path, data, digest, Outcome.WRITTEN, existed=False)
    except OSError as exc:
        raise OutputError(f"无法访问 {display_path(path)}：{reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{display_path(path)} 是一个文件夹：请移走或改名，文档才能写在这里")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{display_path(path)} 不是普通文件（是符号链接或设备）：请移走后重试")
    current = _digest_of(path)
    if current == digest:
        return _Plan(path, data, digest, Outcome.UNCHANGED, existed=True)
    edited = not manifest.accepts(path.name, current)
    if edited and not force:
        last = manifest.files.get(path.name, [])[-1:]
        return _Plan(path, data, digest, Outcome.KEPT_EDITED, existed=True, stale=last != [digest])
    if not info.st_mode & stat.S_IWUSR:
        raise OutputError(f"{display_path(path)} 是只读文件，无法更新：请在文件属性中取消“只读”后重试")
    _refuse_open(path)
    return _Plan(path, data, digest, Outcome.REPLACED_EDITED if edited else Outcome.WRITTEN,
                 existed=True)


def office_lock_files(path: Path) -> list[Path]:
    """The lock files that Word, WPS or LibreOffice keep beside *path* while it is open."""
    name = path.name
    # Word and WPS on Windows: ~$ before the name, or over its first two characters when it is
    # long; LibreOffice: .~lock.NAME#; WPS on Linux: .~NAME.
    names = {f"~${name}", f"~${name[2:]}", f".~lock.{name}#", f".~{name}"}
    return sorted(path.with_name(n) for n in names if os.path.lexists(path.with_name(n)))


def _refuse_open(path: Path) -> None:
    """OutputError when *path* is open in Word, WPS or LibreOffice: on Windows it could not be
    replaced anyway, and elsewhere the clerk would go on editing a file that is no longer there."""
    locks = office_lock_files(path)
    if locks:
        raise OutputError(
            f"{display_path(path)} 正在 Word、WPS 或 LibreOffice 中打开（旁边有锁定文件 {locks[0].name}）："
            "请先关闭这个文档再生成。如果它并没有打开，删除这个锁定文件后重试")


def _digest_of(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise OutputError(f"无法读取 {display_path(path)}：{reason(exc)}") from None


def _stage(folder: Path, plans: list[_Plan], journal: Manifest) -> Path:
    """Every new content and the new manifest in temporary files, then all synced at once
    (fsync_files): one wait for the disk per folder instead of one per file. Returns the
    manifest's temporary file."""
    for plan in plans:
        plan.staged = write_temporary(folder, plan.data, SUFFIX)
    staged = write_temporary(folder, journal.encoded(), ".json")
    try:
        fsync_files([*(p.staged for p in plans if p.staged is not None), staged])
    except OSError as exc:
        remove_quietly(staged)
        raise OutputError(f"无法写入 {display_path(folder)}：{reason(exc)}") from None
    return staged


def _install(staged: Path, path: Path) -> None:
    """Rename the synced manifest into place and make the rename durable before any document
    is swapped: a build killed during the swap finds a manifest accepting both contents."""
    try:
        os.replace(staged, path)
    except OSError as exc:
        raise OutputError(f"无法写入 {display_path(path)}：{reason(exc)}") from None
    fsync_folder(path.parent)


def _back_up(plans: list[_Plan]) -> None:
    """Keep every hand-edited file about to be replaced under a name no other backup has."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for plan in plans:
        if plan.outcome is Outcome.REPLACED_EDITED:
            plan.backup = _keep_copy(plan.path, partial(_backup_name, plan.path, stamp))


def _backup_name(path: Path, stamp: str, n: int) -> Path:
    tail = f"-{n}" if n > 1 else ""
    return path.with_name(f"{path.stem}.手工修改备份-{stamp}{tail}{path.suffix}")


def _temporary_name(path: Path, _n: int) -> Path:
    return path.with_name(f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}.old")


def _keep_copy(path: Path, name_for: Callable[[int], Path]) -> Path:
    """Link (or, where links are not possible, copy) *path* to the first free name_for(n)."""
    for n in range(1, 1000):
        target = name_for(n)
        try:
            _link_or_copy(path, target)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"无法备份 {display_path(path)}：{reason(exc)}") from None
        return target
    raise OutputError(f"无法备份 {display_path(path)}：备份文件太多，请先清理")


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some network shares)
        with open(source, "rb") as reader, open(target, "xb") as writer:
            shutil.copyfileobj(reader, writer)
            writer.flush()
            os.fsync(writer.fileno())


def _swap(plans: list[_Plan]) -> None:
    """Rename every staged file over its document; on a failure put back what was swapped."""
    done: list[_Plan] = []
    for plan in plans:
        try:
            if plan.existed:
                plan.previous = _keep_copy(plan.path, partial(_temporary_name, plan.path))
            assert plan.staged is not None
            os.replace(plan.staged, plan.path)
            plan.staged, plan.swapped = None, True
            done.append(plan)
        except OSError as exc:  # OutputError too: a backup copy that could not be made
            detail = str(exc) if isinstance(exc, OutputError) else reason(exc)
            _undo(done)
            raise OutputError(f"无法写入 {display_path(plan.path)}：{detail}"
                              "（文件是否正在 Word 中打开？）") from None


def _undo(done: list[_Plan]) -> None:
    for plan in reversed(done):
        try:
            if plan.previous:
                os.replace(plan.previous, plan.path)
                plan.previous = None
            else:
                os.unlink(plan.path)
            plan.swapped = False
        except OSError:
            continue


def _what_was_written(folder: Path, plans: list[_Plan]) -> str:
    new = [p.path.name for p in plans if p.swapped]
    if not new:
        return f"{display_path(folder)} 中未写入任何文件，原有文件保持不变。"
    kept = [p.path.name for p in plans if not p.swapped]
    return (f"{display_path(folder)} 中已写入：{'、'.join(new)}；"
            f"未写入：{'、'.join(kept) or '（无）'}。请解决上述问题后重新生成。")
