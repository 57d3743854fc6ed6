"""File and folder names: every name reportgen writes, or takes from a command line, is checked
here, so that no name can leave its folder, clash with a device name on Windows or be too long
for the file system."""

from __future__ import annotations

import re

from reportgen.errors import WorkspaceError

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
"""Device names Windows will not create a file under, whatever the extension."""

MAX_STEM_BYTES = 180
"""A file name stem's UTF-8 length: 60 Chinese characters. File systems allow 255 bytes for the
whole name; the rest leaves room for the backup suffix (.手工修改备份-YYYYMMDD-HHMMSS-N) and
the extension."""


def safe_file_name(title: str) -> str:
    """A title usable as a file name on Windows and Linux alike (without the extension)."""
    name = _UNSAFE.sub("_", title).strip(" .")
    name = _truncate(name, MAX_STEM_BYTES).rstrip(" .")
    if not name:
        return "未命名"
    if name.split(".")[0].upper() in _RESERVED:
        name = f"_{name}"
    return name


def _truncate(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore")


def check_folder_name(name: str, what: str) -> str:
    """*name* as one plain folder name (a unit under data/), or WorkspaceError saying why not.

    Refuses what could point elsewhere (../, /, \\, an absolute path, NUL) and what Windows
    cannot create (CON, AUX …, names ending in a dot or a space)."""
    problem = None
    if not name or name in (".", ".."):
        problem = "不能为空，也不能是 . 或 .."
    elif "\x00" in name or _UNSAFE.search(name):
        problem = '不能含有 / \\ : * ? " < > | 或控制字符'
    elif name.split(".")[0].upper() in _RESERVED:
        problem = "它是 Windows 的保留设备名（CON、AUX、NUL、COM1 等）"
    elif name != name.strip(" ."):
        problem = "不能以空格或“.”开头或结尾"
    elif len(name.encode("utf-8")) > MAX_STEM_BYTES:
        problem = f"太长了，最多 {MAX_STEM_BYTES // 3} 个汉字"
    if problem:
        shown = name.replace("\x00", "\\0")[:60]
        raise WorkspaceError(f"{what}“{shown}”不能用作目录名：{problem}")
    return name
