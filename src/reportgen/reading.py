"""Reading an input file: only a regular file, and only up to a limit.

Records (load) and templates (lint, render) are read through here, so a FIFO or a device named
like an input never blocks a command, and a huge file is refused before it is read whole.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class InputKind:
    """What sort of input a file is, for the messages: 台账 / YAML / .yaml."""

    label: str
    format: str
    suffix: str


RECORDS_FILE = InputKind("台账", "YAML", ".yaml")
TEMPLATE_FILE = InputKind("模板", "Word", ".docx")


@dataclass(frozen=True)
class Read:
    """One file as it was read: its size and modification time then, and its content's SHA-256."""

    size: int
    mtime_ns: int
    digest: str


_reads: ContextVar[dict[Path, Read] | None] = ContextVar("reportgen_reads", default=None)


@contextmanager
def recording_reads() -> Iterator[dict[Path, Read]]:
    """Every file read through read_regular_file inside the block, by path: what a build of one
    unit depended on (reportgen.incremental keeps it to know when nothing has changed)."""
    reads: dict[Path, Read] = {}
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def note_read(path: Path, read: Read) -> None:
    """Count *path* as read inside the recording block, as read_regular_file would (for a file
    whose content a cache already holds)."""
    reads = _reads.get()
    if reads is not None:
        reads[path] = read


def read_with_record(path: Path, limit: int, kind: InputKind) -> tuple[bytes, Read]:
    """read_regular_file, and how the file was when read (noted as read_regular_file notes it)."""
    raw, read = _read(path, limit, kind)
    note_read(path, read)
    return raw, read


class FileRefused(Exception):
    """Why a file was not read, in Chinese; the caller names the file."""


def read_regular_file(path: Path, limit: int, kind: InputKind) -> bytes:
    """The bytes of *path* if it is a regular file of at most *limit* bytes; else FileRefused.

    Anything but a regular file is refused before it is opened (a FIFO or a device would block
    the read or never end), and checked again once open, in case it was swapped in between.
    Inside recording_reads the file is noted as read."""
    return read_with_record(path, limit, kind)[0]


def _read(path: Path, limit: int, kind: InputKind) -> tuple[bytes, Read]:
    try:
        _refuse_irregular(os.stat(path), limit, kind)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(descriptor)
            _refuse_irregular(info, limit, kind)
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise FileRefused("文件不存在") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise FileRefused(_unreadable(exc)) from None
    if len(raw) > limit:
        raise FileRefused(_too_large(limit, kind))
    return raw, Read(info.st_size, info.st_mtime_ns, hashlib.sha256(raw).hexdigest())


def _refuse_irregular(info: os.stat_result, limit: int, kind: InputKind) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused(f"这是一个文件夹，不是文件：请指定其中的 {kind.suffix} 文件")
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(f"这不是普通文件（而是管道、设备等）：reportgen 只读取普通的 {kind.format} 文件")
    if info.st_size > limit:
        raise FileRefused(_too_large(limit, kind))


def _too_large(limit: int, kind: InputKind) -> str:
    return (f"文件太大：{kind.label}文件最大 {limit // MB} MB，远超任何实际{kind.label}，"
            "请检查是否选错了文件")


def _unreadable(exc: OSError | ValueError) -> str:
    if isinstance(exc, PermissionError):
        return "没有读取这个文件的权限"
    if isinstance(exc, ValueError) or exc.errno in (errno.ENAMETOOLONG, errno.EINVAL):
        return "文件名无效，无法读取"
    name = errno.errorcode.get(exc.errno or 0, "")
    return f"无法读取文件（系统错误{' ' + name if name else ''}）"
