"""Fonts for the PDF: which 公文 fonts a batch of documents names, which of them this machine
lacks, and what the PDF shows instead.

The stand-ins are the aliases of the package's fonts.conf (fontconfig), which the conversion
passes to LibreOffice as FONTCONFIG_FILE. What is installed is asked of the system, not assumed:
fontconfig's fc-list and fc-match where they exist (Linux, most macOS set-ups), the registry's
list of installed fonts on Windows. The result is one note per batch, in Chinese, naming each
missing font and its stand-in, so the clerk knows the PDF is a draft and not for 报送.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

FONTS_CONF = "fonts.conf"
_FC_SECONDS = 20  # fc-list builds its cache on a first run; it never takes long after that

_FONT_ATTRIBUTE = re.compile(rb'<w:rFonts\b[^>]*>')
_FONT_NAME = re.compile(rb'\bw:(?:eastAsia|ascii|hAnsi)="([^"]+)"')
_WORD_PART = re.compile(r"word/(document|styles|header\d*|footer\d*|footnotes|endnotes|numbering)\.xml")

WINDOWS_NAMES = {"SimSun": "宋体", "NSimSun": "新宋体", "SimHei": "黑体", "FangSong": "仿宋",
                 "KaiTi": "楷体", "FangSong_GB2312": "仿宋_GB2312", "KaiTi_GB2312": "楷体_GB2312",
                 "FZXiaoBiaoSong-B05S": "方正小标宋简体", "FZXiaoBiaoSong-B05T": "方正小标宋繁体",
                 "FZFangSong-Z02S": "方正仿宋简体", "FZFangSong-Z02T": "方正仿宋繁体"}
"""English names Windows' font list gives some Chinese fonts under, and the names documents use."""


def font_config() -> bytes:
    """The package's fontconfig file (fonts.conf), as bytes."""
    return resources.files(__package__).joinpath(FONTS_CONF).read_bytes()


def stand_ins(config: bytes | None = None) -> dict[str, str]:
    """Each 公文 font of fonts.conf and the free font that stands in for it."""
    root = ElementTree.fromstring(config if config is not None else font_config())
    pairs = {}
    for alias in root.iter("alias"):
        family = alias.findtext("family")
        stand_in = alias.findtext("accept/family") or alias.findtext("prefer/family")
        if family and stand_in:
            pairs[family] = stand_in
    return pairs


def fonts_named(document: Path) -> set[str]:
    """The fonts a .docx names in its runs and styles (theme fonts aside); empty when it cannot
    be read (the conversion then says what is wrong with it)."""
    names: set[str] = set()
    try:
        with zipfile.ZipFile(document) as archive:
            for info in archive.infolist():
                if _WORD_PART.fullmatch(info.filename) and info.file_size < 64_000_000:
                    for element in _FONT_ATTRIBUTE.findall(archive.read(info)):
                        names.update(n.decode("utf-8", "replace") for n in _FONT_NAME.findall(element))
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return set()
    return names


def installed_families(environ: Mapping[str, str] | None = None) -> frozenset[str] | None:
    """The font families installed here, or None when this system cannot be asked."""
    if sys.platform == "win32":
        return _windows_families()
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    # The system's own configuration, not ours: ours would make every 公文 font look installed.
    env = {k: v for k, v in (environ or os.environ).items() if k != "FONTCONFIG_FILE"}
    output = _run([fc_list, ":", "family"], env)
    if output is None:
        return None
    return frozenset(name.strip() for line in output.splitlines() for name in line.split(",")
                     if name.strip())


def shown_as(font: str, config_file: Path | None,
             environ: Mapping[str, str] | None = None) -> str | None:
    """The family fontconfig (with *config_file*) gives for *font*, or None when it cannot tell."""
    fc_match = shutil.which("fc-match")
    if fc_match is None or sys.platform == "win32":
        return None
    env = dict(environ or os.environ)
    if config_file is not None:
        env["FONTCONFIG_FILE"] = str(config_file)
    output = _run([fc_match, "-f", "%{family[0]}", font], env)
    if output is None or not output.strip():
        return None
    return output.strip()


def substitution_note(documents: Iterable[Path], config_file: Path | None,
                      environ: Mapping[str, str] | None = None) -> str | None:
    """One Chinese note naming every Chinese font the documents use that is not installed, and
    what the PDF shows instead; None when nothing is substituted. (Latin fonts that python-docx's
    styles declare, such as Courier and Symbol, are left out: 公文 text is not set in them.)"""
    used: set[str] = set()
    for document in documents:
        used |= {font for font in fonts_named(document) if chinese_font(font)}
    if not used:
        return None
    installed = installed_families(environ)
    order = {font: n for n, font in enumerate(stand_ins())}
    listed = sorted(used, key=lambda font: (order.get(font, len(order)), font))
    if installed is None:
        return (f"无法检查本机装有哪些字体（找不到 fontconfig 的 fc-list），PDF 中的{'、'.join(listed)}"
                "可能已被其他字体代替；正式报送前请在装有公文字体的电脑上转换")
    known = {name.casefold() for name in installed}
    by_stand_in: dict[str, list[str]] = {}
    for font in (f for f in listed if f.casefold() not in known):
        actual = shown_as(font, config_file, environ) or "LibreOffice 选用的其他字体"
        by_stand_in.setdefault(actual, []).append(font)
    if not by_stand_in:
        return None
    parts = [f"未安装{'、'.join(fonts)}，PDF 中以 {actual} 代替" for actual, fonts in by_stand_in.items()]
    return "；".join(parts) + "。字距和行距不变，只是字形不同；正式报送前请在装有公文字体的电脑上转换"


def chinese_font(name: str) -> bool:
    """Whether *name* is a Chinese font: named in Chinese, or a Chinese font's English name."""
    return name in WINDOWS_NAMES or any(ord(ch) > 0x2E7F for ch in name)


def windows_font_names(registry_names: Iterable[str]) -> set[str]:
    """Family names from the value names of Windows' font list ("仿宋 (TrueType)",
    "SimSun & NSimSun (TrueType)"), with the Chinese name of each one known by its English name."""
    families: set[str] = set()
    for value in registry_names:
        base = re.sub(r"\s*\([^)]*\)\s*$", "", value)
        for name in (n.strip() for n in base.split("&")):
            if name:
                families.add(name)
                if name in WINDOWS_NAMES:
                    families.add(WINDOWS_NAMES[name])
    return families


def _windows_families() -> frozenset[str] | None:
    if sys.platform != "win32":
        return None
    import winreg

    key_path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
    names: list[str] = []
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            with winreg.OpenKey(hive, key_path) as key:
                count = winreg.QueryInfoKey(key)[1]
                names.extend(winreg.EnumValue(key, i)[0] for i in range(count))
        except OSError:
            continue
    return frozenset(windows_font_names(names)) if names else None


def _run(command: list[str], env: Mapping[str, str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, env=dict(env), timeout=_FC_SECONDS,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")
