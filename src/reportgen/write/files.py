"""File operations the write stage needs, each failing with a Chinese OutputError.

Nothing here follows a symbolic link out of output/: folders are created one
level at a time and every level is checked to be a real folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.errors import OutputError, display_path

if TYPE_CHECKING:  # imported when a folder is first synced, not by commands that write nothing
    from concurrent.futures import ThreadPoolExecutor

TEMPORARY_PREFIX = ".tmp-"
"""Every temporary file reportgen makes starts with this; one left by a killed build is removed
by the next build (which holds the workspace lock, so no other build can own it)."""

_REASONS = {errno.EACCES: "没有写入权限", errno.EPERM: "不允许写入", errno.ENOSPC: "磁盘空间不足",
            errno.EDQUOT: "磁盘配额已用完", errno.EROFS: "磁盘是只读的",
            errno.EBUSY: "文件正被其他程序占用", errno.EISDIR: "同名的是一个文件夹",
            errno.ENAMETOOLONG: "文件名太长", errno.ENOTDIR: "路径中有一级不是文件夹"}


def reason(exc: OSError) -> str:
    """What an OSError means, in Chinese."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_temporary(folder: Path, data: bytes, suffix: str) -> Path:
    """Write *data* to a new temporary file in *folder* (not yet synced) and return its path."""
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=TEMPORARY_PREFIX, suffix=suffix)
    except OSError as exc:
        raise OutputError(f"无法在 {display_path(folder)} 中写入：{reason(exc)}") from None
    temporary = Path(name)
    try:
        os.chmod(temporary, 0o666 & ~_current_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        remove_quietly(temporary)
        raise OutputError(f"无法在 {display_path(folder)} 中写入：{reason(exc)}") from None
    return temporary


def fsync_file(path: Path) -> None:
    """Make *path*'s content durable."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


_SYNC_THREADS = 8
"""fsync calls in flight at once: enough for the journal to commit them together."""
_pool: tuple[int, ThreadPoolExecutor] | None = None


def fsync_files(paths: Sequence[Path]) -> None:
    """Make every file of *paths* durable, syncing them at once from a few threads: a journaling
    file system (ext4, XFS, NTFS) then commits them in one journal write instead of waiting on
    each in turn. Raises the first OSError once every sync has ended."""
    if len(paths) < 2:
        for path in paths:
            fsync_file(path)
        return
    errors = [e for e in _sync_pool().map(_sync_error, paths) if e is not None]
    if errors:
        raise errors[0]


def _sync_error(path: Path) -> OSError | None:
    try:
        fsync_file(path)
    except OSError as exc:
        return exc
    return None


def _sync_pool() -> ThreadPoolExecutor:
    """This process's threads for fsync_files, started when first needed."""
    global _pool
    if _pool is None or _pool[0] != os.getpid():
        from concurrent.futures import ThreadPoolExecutor

        _pool = os.getpid(), ThreadPoolExecutor(_SYNC_THREADS, thread_name_prefix="reportgen-fsync")
    return _pool[1]


def _end_sync_threads() -> None:
    """Before a fork (build's worker processes): no thread may be left idle in a process being
    copied; the pool is started again when next needed, in each process."""
    global _pool
    if _pool is not None:
        _pool[1].shutdown(wait=True)
        _pool = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_end_sync_threads)


def fsync_folder(folder: Path) -> None:
    """Make the names in *folder* (renames, new files) durable; a no-op where folders cannot be
    opened (Windows), whose file system journals renames itself."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a synced temporary file in the same folder and rename: readers never see half
    a file, and the new content is on disk when this returns."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法写入 {display_path(path)}：{reason(exc)}") from None
    temporary = write_temporary(path.parent, data, path.suffix)
    try:
        fsync_file(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        remove_quietly(temporary)
        raise OutputError(f"无法写入 {display_path(path)}：{reason(exc)}"
                          "（文件是否正在 Word 中打开？）") from None
    fsync_folder(path.parent)


def real_folder(base: Path, folder: Path) -> Path:
    """Create *folder* below *base* one level at a time, refusing any level that is a symbolic
    link or not a folder, so that nothing is ever written outside *base*.

    *base* itself must not be a symbolic link either (it is created when missing)."""
    try:
        relative = folder.relative_to(base)
    except ValueError:
        raise OutputError(f"{display_path(folder)} 不在 {display_path(base)} 之内，拒绝写入") from None
    current = base
    for part in ("", *relative.parts):
        current = current / part if part else current
        _make_level(current)
    return folder


def _make_level(path: Path) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        try:
            os.mkdir(path)
        except FileExistsError:
            pass
        except OSError as exc:
            raise OutputError(f"无法创建文件夹 {display_path(path)}：{reason(exc)}") from None
        info = os.lstat(path)
    except OSError as exc:
        raise OutputError(f"无法访问 {display_path(path)}：{reason(exc)}") from None
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(f"{display_path(path)} 是一个符号链接（快捷方式）：为免写到工作区以外，"
                          "reportgen 不会写入其中。请把它换成普通文件夹")
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{display_path(path)} 是一个文件，不是文件夹：请移走或改名后重试")


def remove_orphans(base: Path) -> list[Path]:
    """Remove temporary files a killed build left anywhere below *base* (without following
    links); return what was removed."""
    removed = []
    for folder, folders, files in os.walk(base, followlinks=False):
        folders[:] = [f for f in folders if not os.path.islink(os.path.join(folder, f))]
        for name in files:
            if name.startswith(TEMPORARY_PREFIX):
                path = Path(folder) / name
                remove_quietly(path)
                removed.append(path)
    return removed
