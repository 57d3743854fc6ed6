"""One build at a time per workspace: a lock file in output/.

A second build waits for the first (saying so) rather than interleaving its writes, which
would lose manifest entries. The lock is released by the operating system when a build dies,
so a killed build never leaves the workspace locked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from reportgen.errors import WorkspaceError, display_path

LOCK_FILE = ".reportgen.lock"
WAIT_SECONDS = 600.0
"""How long a second build waits for the first before giving up: a province-sized build takes
minutes, a clerk's a second."""


@contextmanager
def workspace_lock(folder: Path, *, on_wait: Callable[[], None] | None = None,
                   wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock of the workspace whose output folder is *folder* (which must exist)."""
    lock = FileLock(folder / LOCK_FILE)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait:
            on_wait()
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise WorkspaceError(
                f"另一个 reportgen 正在生成 {display_path(folder)} 中的文档，等待 {wait:.0f} 秒仍未结束："
                "请等它完成后再试") from None
    except OSError as exc:
        raise WorkspaceError(f"无法创建锁文件 {display_path(folder / LOCK_FILE)}："
                             f"{exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()
