"""Chinese for the words Click and Typer print themselves (help panels, usage errors).

Click marks its messages for gettext; this installs a small catalogue in its
place, so a clerk who mistypes an option reads Chinese too.
"""

from __future__ import annotations

import gettext
import importlib
import importlib.abc
import importlib.util
import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

CATALOGUE = {
    "Show this message and exit.": "显示本帮助并退出。",
    "Usage:": "用法：",
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "Error": "错误",
    "Aborted!": "已中止。",
    "Aborted.": "已中止。",
    "[default: {}]": "[默认：{}]",
    "[required]": "[必填]",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Try [blue]'{command_path} {help_option}'[/] for help.":
        "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。",
    "Error: {message}": "错误：{message}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，应为目录。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录，应为文件。",
    "Directory": "目录",
    "File": "文件",
    "Path": "路径",
}


def translate(message: str) -> str:
    """The Chinese of *message*, or the message itself when there is none."""
    return CATALOGUE.get(message, message)


def install() -> None:
    """Put the catalogue in place of gettext in Click's and Typer's modules."""
    importlib.import_module("typer.main")
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("click", "typer") and getattr(
                module, "_", None) is gettext.gettext:
            module._ = translate  # type: ignore[attr-defined]
    _translate_help_option()
    _translate_error_messages()
    _translate_usage_prefix()
    _hide_type_names()
    if "typer.rich_utils" in sys.modules:
        _translate_panels(sys.modules["typer.rich_utils"])
    elif not any(isinstance(f, _RichUtilsFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _RichUtilsFinder())


def _translate_panels(rich_utils: ModuleType) -> None:
    for constant in ("DEFAULT_STRING", "REQUIRED_LONG_STRING", "ARGUMENTS_PANEL_TITLE",
                     "OPTIONS_PANEL_TITLE", "COMMANDS_PANEL_TITLE", "ERRORS_PANEL_TITLE",
                     "ABORTED_TEXT", "RICH_HELP"):
        setattr(rich_utils, constant, translate(getattr(rich_utils, constant)))


class _RichUtilsFinder(importlib.abc.MetaPathFinder):
    """Translates typer.rich_utils when Typer first imports it (to show help or a usage error):
    importing it up front would cost every command rich's Markdown, Syntax and traceback
    modules, a third of the start-up of check and build."""

    def find_spec(self, fullname: str, path: Any, target: ModuleType | None = None) -> Any:
        if fullname != "typer.rich_utils":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            _translate_panels(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _translate_help_option() -> None:
    """Typer's bundled Click writes the --help text without gettext; translate it on the way out."""
    core = sys.modules.get("typer._click.core")
    command = getattr(core, "Command", None)
    original = getattr(command, "get_help_option", None)
    if command is None or original is None or getattr(original, "translated", False):
        return

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None and option.help:
            option.help = translate(option.help)
        return option

    get_help_option.translated = True  # type: ignore[attr-defined]
    command.get_help_option = get_help_option


_ERRORS = (
    (r"^Option '(.+)' requires an argument\.$", "选项 {0} 需要一个值。"),
    (r"^No such option: (\S+) \(Possible options: (.+)\)$", "没有选项 {0}（您要的可能是：{1}）"),
    (r"^No such option: (\S+)$", "没有选项 {0}"),
    (r"^Missing argument '(.+)'\.$", "缺少参数 {0}。"),
    (r"^Missing option '(.+)'\.$", "缺少选项 {0}。"),
    (r"^Got unexpected extra arguments? \((.+)\)$", "多余的参数：{0}"),
    (r"^(.*?)。?\. Did you mean '(.+)'\?$", "{0}。您要的是不是 '{1}'？"),
)
_INVALID_VALUE = re.compile(r"^Invalid value for (.+?): (.+)$", re.DOTALL)
_VALUE_ERRORS = (  # what follows "Invalid value for <option>:"; {0} is what the user typed
    (r"^'(.*)' is not a valid int\.$", "“{0}”不是整数"),
    (r"^'(.*)' is not a valid float\.$", "“{0}”不是数字"),
    (r"^\w+ '(.*)' is a file\.$", "“{0}”是文件，这里要的是目录"),
    (r"^\w+ '(.*)' is a directory\.$", "“{0}”是目录，这里要的是文件"),
    (r"^\w+ '(.*)' does not exist\.$", "“{0}”不存在"),
    (r"^\w+ '(.*)' is not readable\.$", "“{0}”没有读取权限"),
    (r"^\w+ '(.*)' is not writable\.$", "“{0}”没有写入权限"),
)


def translate_error(message: str) -> str:
    """A usage error from Typer's bundled Click, in Chinese where it is a common one."""
    invalid = _INVALID_VALUE.match(message)
    if invalid:
        return f"{invalid[1]} 的值无效：{_matched(_VALUE_ERRORS, invalid[2], lambda g: g)}"
    return _matched(_ERRORS, message, translate)


def _matched(patterns: tuple[tuple[str, str], ...], message: str,
             part: Callable[[str], str]) -> str:
    """*message* in the Chinese of the first pattern it matches, each part through *part*."""
    for pattern, chinese in patterns:
        match = re.match(pattern, message, re.DOTALL)
        if match:
            return chinese.format(*(part(g) for g in match.groups()))
    return message


def _translate_error_messages() -> None:
    exceptions = sys.modules.get("typer._click.exceptions")
    click_exception = getattr(exceptions, "ClickException", None)
    if click_exception is None or getattr(click_exception.format_message, "translated", False):
        return
    base = next(c for c in click_exception.__mro__ if "format_message" in c.__dict__)
    for cls in [base, *_subclasses(base)]:
        original = cls.__dict__.get("format_message")
        if original is None:
            continue

        def format_message(self: Any, _original: Any = original) -> str:
            return translate_error(_original(self))

        format_message.translated = True  # type: ignore[attr-defined]
        cls.format_message = format_message


def _subclasses(cls: type) -> list[type]:
    found: list[type] = []
    children: list[type] = cls.__subclasses__()
    for child in children:
        found += [child, *_subclasses(child)]
    return found


def _translate_usage_prefix() -> None:
    formatting = sys.modules.get("typer._click.formatting")
    formatter = getattr(formatting, "HelpFormatter", None)
    original = getattr(formatter, "write_usage", None)
    if formatter is None or original is None or getattr(original, "translated", False):
        return

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, "用法：" if prefix is None else prefix)

    write_usage.translated = True  # type: ignore[attr-defined]
    formatter.write_usage = write_usage


def _hide_type_names() -> None:
    """Typer's help shows an argument's type (<str>, <path>) beside it unless the type names a
    metavar itself; a clerk reads the argument's own Chinese word there, so for an argument
    the types name none (an option shows its metavar, set on every option that takes a value)."""
    argument = getattr(sys.modules.get("typer.core"), "TyperArgument", None)
    param_type = getattr(sys.modules.get("typer._click.types"), "ParamType", None)
    if argument is None or param_type is None or getattr(param_type.get_metavar, "translated", False):
        return
    original = param_type.get_metavar

    def get_metavar(self: Any, param: Any, ctx: Any) -> str | None:
        return "" if isinstance(param, argument) else original(self, param, ctx)

    get_metavar.translated = True  # type: ignore[attr-defined]
    param_type.get_metavar = get_metavar
