"""Stage 6, write: documents into output/, atomically, never over a hand-edited file.

Each output folder keeps a manifest (.reportgen.json) of the SHA-256 of every
file reportgen wrote there. A file whose content no longer matches, or that
reportgen never wrote, was made or edited by hand: it is left alone unless the
caller forces, and then it is first kept as a dated backup copy.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path

from reportgen.errors import OutputError, display_path

MANIFEST = ".reportgen.json"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


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


def safe_file_name(title: str) -> str:
    """A title usable as a file name on Windows and Linux alike."""
    return _UNSAFE.sub("_", title).strip(" .") or "未命名"


def write_document(folder: Path, title: str, data: bytes, *, force: bool = False) -> WriteResult:
    """Write *data* as folder/<title>.docx unless that would destroy a hand-made change."""
    path = folder / f"{safe_file_name(title)}.docx"
    manifest = _read_manifest(folder)
    digest = hashlib.sha256(data).hexdigest()
    backup = None
    if path.exists():
        current = hashlib.sha256(path.read_bytes()).hexdigest()
        if current == digest:
            if manifest.get(path.name) != digest:  # the manifest was lost: learn the file again
                manifest[path.name] = digest
                _write_manifest(folder, manifest)
            return WriteResult(path, Outcome.UNCHANGED)
        if manifest.get(path.name) != current:
            if not force:
                return WriteResult(path, Outcome.KEPT_EDITED)
            backup = _backup(path)
    atomic_write(path, data)
    manifest[path.name] = digest
    _write_manifest(folder, manifest)
    return WriteResult(path, Outcome.REPLACED_EDITED if backup else Outcome.WRITTEN, backup)


def _write_manifest(folder: Path, manifest: dict[str, str]) -> None:
    atomic_write(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2,
                                               sort_keys=True).encode("utf-8"))


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _backup(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.手工修改备份-{stamp}{path.suffix}")
    try:
        os.replace(path, target)
    except OSError as exc:
        raise OutputError(f"无法备份 {display_path(path)}：{_reason(exc)}") from None
    return target


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_REASONS = {errno.EACCES: "没有写入权限", errno.EPERM: "不允许写入", errno.ENOSPC: "磁盘空间不足",
            errno.EROFS: "磁盘是只读的", errno.EBUSY: "文件正被其他程序占用"}


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename: readers never see half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    except OSError as exc:
        raise OutputError(f"无法写入 {display_path(path)}：{_reason(exc)}") from None
    try:
        os.chmod(temporary, 0o666 & ~_current_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"无法写入 {display_path(path)}：{_reason(exc)}"
                          "（文件是否正在 Word 中打开？）") from None
