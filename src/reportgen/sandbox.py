"""The Jinja environment every template runs in, and what one render may spend.

Jinja's sandbox keeps a template from reaching Python internals; this module
also keeps it from spending without bound. Every operation that can make a
value much bigger than its inputs is checked *before* it runs: ``*``, ``**``,
``+`` and ``%`` (through the sandbox's intercepted operators), ``~``, the
filters and string methods that pad, repeat, replace or join, and range().
No value may exceed MAX_VALUE_CHARS and no integer MAX_INT_BITS. Within a
render (:func:`limited`), loop iterations and calls count against MAX_STEPS,
the text built in macros and blocks against MAX_RENDER_CHARS, range() items
against MAX_RANGE_TOTAL, and the whole against a deadline: SIGALRM on the
main thread (which also interrupts a long regular expression), and checks of
the clock as the steps and the text add up everywhere else.

Templates cannot change data (ImmutableSandboxedEnvironment: no list.append),
and the globals ``namespace`` (the only way to carry a value from one loop
iteration to the next) and ``lipsum`` are gone: no built-in template uses them.
"""

from __future__ import annotations

import dataclasses
import re
import signal
import string
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import wraps
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from reportgen.limits import (
    CALL_STEPS,
    MAX_INT_BITS,
    MAX_RANGE_ITEMS,
    MAX_RANGE_TOTAL,
    MAX_RENDER_CHARS,
    MAX_STEPS,
    MAX_VALUE_CHARS,
)


class LimitError(Exception):
    """A template went past one of the limits; the message (Chinese) says which."""


class RenderTimeout(LimitError):
    """The deadline of :func:`limited` passed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"用时超过 {seconds:g} 秒，已停止：模板里可能有死循环、过深的嵌套或过大的循环")


@dataclasses.dataclass
class Budget:
    """What one render (or one preparation) has spent, and its deadline."""

    seconds: float
    deadline: float
    steps: int = 0
    chars: int = 0
    range_items: int = 0
    finished: bool = False

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderTimeout(self.seconds)

    def step(self, weight: int = 1) -> None:
        """One loop iteration (or a call, which weighs CALL_STEPS)."""
        self.steps += weight
        if self.steps > MAX_STEPS:
            raise LimitError(f"循环和调用超过了 {MAX_STEPS:,} 次，已停止：循环套得太深或太大")
        if not self.steps & 0x3F or weight > 1:
            self.check_time()

    def spend(self, chars: int) -> None:
        self.chars += chars
        if self.chars > MAX_RENDER_CHARS:
            raise LimitError(f"渲染中生成的文字超过了 {MAX_RENDER_CHARS:,} 个字符，已停止")
        self.check_time()


_CURRENT: ContextVar[Budget | None] = ContextVar("reportgen_budget", default=None)


@contextmanager
def limited(seconds: float) -> Iterator[Budget]:
    """Run the body with a fresh budget and a deadline *seconds* from now."""
    budget = Budget(seconds, time.monotonic() + seconds)
    token = _CURRENT.set(budget)
    armed = _arm_alarm(budget)
    try:
        yield budget
    finally:
        try:
            budget.finished = True  # from here on the alarm, if it still comes, does nothing
        finally:
            if armed:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, signal.SIG_DFL)
            _CURRENT.reset(token)


def _arm_alarm(budget: Budget) -> bool:
    """SIGALRM at the deadline, when this is the main thread and nobody else uses the alarm."""
    if (not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGALRM) is not signal.SIG_DFL
            or signal.getitimer(signal.ITIMER_REAL)[0]):
        return False

    def on_alarm(signum: int, frame: types.FrameType | None) -> None:
        if not budget.finished:
            raise RenderTimeout(budget.seconds)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, budget.seconds)
    return True


# ---------------------------------------------------------------- sizes


def size_of(value: object, limit: int = MAX_VALUE_CHARS) -> int:
    """About how many characters *value* comes to as text; counting stops once past *limit*,
    so the cost is bounded whatever the value (a list holding one list a thousand times…)."""
    total, stack = 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item) + 1
            stack.extend(item)
        elif isinstance(item, dict):
            total += len(item) + 1
            stack.extend(item.keys())
            stack.extend(item.values())
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            fields = dataclasses.fields(item)
            total += len(fields) + 1
            stack.extend(getattr(item, f.name) for f in fields)
        else:
            total += 1
    return total


def _too_big(size: int) -> LimitError:
    return LimitError(f"表达式的结果太大（约 {size:,} 个字符，上限 {MAX_VALUE_CHARS:,}），已拒绝")


def require_size(size: int) -> None:
    if size > MAX_VALUE_CHARS:
        raise _too_big(size)


def checked(value: Any) -> Any:
    """*value*, once it is known not to be too big: a string or collection of at most
    MAX_VALUE_CHARS characters or items, an integer of at most MAX_INT_BITS bits. Strings are
    charged to the render. (What a collection holds is counted when it is turned into text.)"""
    if isinstance(value, (str, list, tuple, dict, set, frozenset)):
        require_size(len(value))
        budget = _CURRENT.get()
        if budget is not None and isinstance(value, str):
            budget.spend(len(value))
    elif _is_count(value) and value.bit_length() > MAX_INT_BITS:
        raise LimitError(f"整数太大（{value.bit_length():,} 位二进制，上限 {MAX_INT_BITS:,}），已拒绝")
    return value


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _repeat_size(left: Any, right: Any) -> int | None:
    """The length of left * right when it repeats a string or sequence, else None."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
            return len(sequence) * max(count, 0)
    return None


def _check_multiply(left: Any, right: Any) -> None:
    size = _repeat_size(left, right)
    if size is not None:
        require_size(size)
    elif _is_count(left) and _is_count(right):
        _require_bits(left.bit_length() + right.bit_length())


def _check_power(left: Any, right: Any) -> None:
    if _is_count(left) and _is_count(right) and right > 0 and left not in (-1, 0, 1):
        _require_bits(left.bit_length() * right)


def _require_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise LimitError(f"整数运算的结果太大（约 {bits:,} 位二进制，上限 {MAX_INT_BITS:,}），已拒绝")


def _check_add(left: Any, right: Any) -> None:
    if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        require_size(len(left) + len(right))


_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?")


def printf_size(template: str, arguments: Any) -> int:
    """An upper estimate of ``template % arguments``: widths and precisions count in full."""
    size = len(template) + size_of(arguments)
    for match in _PRINTF.finditer(template):
        for number in match.groups():
            if number == "*":
                raise LimitError("格式串里的宽度或精度用了 *，已拒绝：请直接写数字")
            size += int(number) if number else 0
    return size


def format_size(template: str, args: Any, kwargs: Any) -> int:
    """An upper estimate of ``template.format(...)``: the numbers in each field's spec count in full."""
    size = len(template) + size_of(args) + size_of(kwargs)
    for _, _, spec, _ in string.Formatter().parse(template):
        if spec and "{" in spec:
            raise LimitError("格式串里的宽度或精度又用了 {}，已拒绝：请直接写数字")
        size += sum(int(n) for n in re.findall(r"\d+", spec or ""))
    return size


def _check_modulo(left: Any, right: Any) -> None:
    if isinstance(left, str):
        require_size(printf_size(left, right))


_BINOP_CHECKS: dict[str, Callable[[Any, Any], None]] = {
    "*": _check_multiply, "**": _check_power, "+": _check_add, "%": _check_modulo}


def guarded_range(*args: int) -> range:
    """range(), at most MAX_RANGE_ITEMS long, and charged against MAX_RANGE_TOTAL of the render."""
    items = range(*args)
    try:
        length = len(items)
    except OverflowError:
        length = MAX_RANGE_ITEMS + 1
    if length > MAX_RANGE_ITEMS:
        raise LimitError(f"range() 一次最多 {MAX_RANGE_ITEMS:,} 项，这里要 {length:,} 项，已拒绝")
    budget = _CURRENT.get()
    if budget is not None:
        budget.range_items += length
        if budget.range_items > MAX_RANGE_TOTAL:
            raise LimitError(f"range() 合计超过了 {MAX_RANGE_TOTAL:,} 项，已停止：循环套得太深或太大")
    return items


# ---------------------------------------------------------------- methods and filters

_ALLOWED_METHODS: tuple[tuple[type | tuple[type, ...], frozenset[str]], ...] = (
    (str, frozenset((
        "capitalize", "casefold", "center", "count", "endswith", "find", "format", "format_map",
        "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower",
        "isnumeric", "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower",
        "lstrip", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex",
        "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
        "swapcase", "title", "upper", "zfill", "striptags", "unescape", "escape"))),
    (bool, frozenset(("real", "imag"))),
    (int, frozenset(("bit_length", "bit_count", "real", "imag", "numerator", "denominator",
                     "conjugate"))),
    (float, frozenset(("is_integer", "real", "imag", "conjugate"))),
    (Decimal, frozenset()),
    (list, frozenset(("index", "count", "copy"))),
    (tuple, frozenset(("index", "count"))),
    (dict, frozenset(("get", "items", "keys", "values", "copy"))),
    ((set, frozenset), frozenset(("isdisjoint", "issubset", "issuperset", "union", "intersection",
                                  "difference", "symmetric_difference", "copy"))),
    ((bytes, bytearray), frozenset()),
)
"""Attributes a template may use on Python's own types: those that cannot make a big value out
of a small one, or are checked before they run (center, join, replace, format…)."""


_ALLOWED_BY_TYPE = {kind: allowed for kinds, allowed in _ALLOWED_METHODS
                    for kind in (kinds if isinstance(kinds, tuple) else (kinds,))}
_BUILTIN_TYPES = tuple(_ALLOWED_BY_TYPE)


def _allowed_on_builtin(obj: Any, attr: str) -> bool | None:
    """Whether *attr* is allowed on *obj* when obj is one of Python's own types, else None."""
    allowed = _ALLOWED_BY_TYPE.get(type(obj))
    if allowed is None and isinstance(obj, _BUILTIN_TYPES):  # a subclass: Markup, a named tuple…
        allowed = next(a for kinds, a in _ALLOWED_METHODS if isinstance(obj, kinds))
    return None if allowed is None else attr in allowed


def _check_str_method(name: str, text: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Refuse a padding, joining or replacing call whose result would be too big; returns the
    arguments to call with (a joined iterable is read into a list first)."""
    if name in ("center", "ljust", "rjust", "zfill") and args and _is_count(args[0]):
        require_size(args[0])
    elif name == "replace" and len(args) >= 2:
        require_size(_replace_size(text, *args))
    elif name == "join" and args:
        items = list(args[0])
        require_size(size_of(items) + len(text) * len(items))
        return (items, *args[1:])
    return args


def _replace_size(text: str, old: Any, new: Any, count: Any = -1) -> int:
    if not (isinstance(old, str) and isinstance(new, str)):
        return len(text)
    found = text.count(old) if old else len(text) + 1
    if _is_count(count) and count >= 0:
        found = min(found, count)
    return len(text) + found * max(len(new) - len(old), 0)


_TEXT_FILTERS = frozenset((
    "capitalize", "center", "e", "escape", "forceescape", "format", "indent", "lower", "replace",
    "safe", "string", "striptags", "title", "trim", "truncate", "upper", "urlencode", "urlize",
    "wordcount", "wordwrap", "tojson", "pprint", "xmlattr", "cn_date", "cn_numeral"))
"""Filters that turn their value into text: the value must not be too big to write out."""


def _check_filter(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a filter call whose result would be too big, before it runs. *args* start with the
    filtered value (after any context argument)."""
    if not args:
        return
    value, rest = args[0], list(args[1:])
    if name in ("batch", "slice"):
        count = kwargs.get("linecount" if name == "batch" else "slices", rest[0] if rest else 0)
        if _is_count(count) and count > MAX_RANGE_ITEMS:
            raise LimitError(f"{name} 的参数太大（{count:,}，上限 {MAX_RANGE_ITEMS:,}），已拒绝")
    if name not in _TEXT_FILTERS:
        return
    require_size(size_of(value))
    amplified = _AMPLIFIED.get(name)
    if amplified is not None:
        require_size(amplified(value if isinstance(value, str) else str(value), rest, kwargs))


def _center_size(text: str, rest: list[Any], kwargs: dict[str, Any]) -> int:
    width = kwargs.get("width", rest[0] if rest else 0)
    return max(len(text), width) if _is_count(width) else len(text)


def _indent_size(text: str, rest: list[Any], kwargs: dict[str, Any]) -> int:
    width = kwargs.get("width", rest[0] if rest else 4)
    step = width if _is_count(width) else len(width) if isinstance(width, str) else 0
    return len(text) + (text.count("\n") + 1) * step


def _format_filter_size(text: str, rest: list[Any], kwargs: dict[str, Any]) -> int:
    return printf_size(text, (rest, kwargs))


def _replace_filter_size(text: str, rest: list[Any], kwargs: dict[str, Any]) -> int:
    return _replace_size(text, *rest[:3]) if len(rest) >= 2 else len(text)


def _wordwrap_size(text: str, rest: list[Any], kwargs: dict[str, Any]) -> int:
    wrap = kwargs.get("wrapstring", rest[2] if len(rest) > 2 else None)
    return len(text) * (1 + len(wrap if isinstance(wrap, str) else "\n"))


def _tojson_size(text: str, rest: list[Any], kwargs: dict[str, Any]) -> int:
    """Every line is indented once per level, and a value has at most as many levels as
    characters: refuse an indent beyond what anyone reads."""
    indent = kwargs.get("indent", rest[0] if rest else None)
    step = indent if isinstance(indent, int) else len(indent) if isinstance(indent, str) else 0
    return len(text) * (1 + step) if step <= 16 else MAX_VALUE_CHARS + 1


def _urlize_size(text: str, rest: list[Any], kwargs: dict[str, Any]) -> int:
    """Each link (at most one per four characters) is written twice, in an <a> with its target
    and rel."""
    extra = sum(len(str(kwargs.get(key, rest[index] if len(rest) > index else "") or ""))
                for key, index in (("target", 2), ("rel", 3)))
    return 2 * len(text) + (len(text) // 4 + 1) * (extra + 50)


_AMPLIFIED: dict[str, Callable[[str, list[Any], dict[str, Any]], int]] = {
    "center": _center_size, "indent": _indent_size, "format": _format_filter_size,
    "replace": _replace_filter_size, "wordwrap": _wordwrap_size, "tojson": _tojson_size,
    "urlize": _urlize_size}
"""The text filters whose result can be much longer than their value: its length, beforehand."""


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """*func* with its result size checked before (for the amplifying filters) and after."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0

    @wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget = _CURRENT.get()
        if budget is not None:
            budget.step(CALL_STEPS)
        if name == "join" and len(args) > skip:
            args = (*args[:skip], list(args[skip]), *args[skip + 1:])
            separator = kwargs.get("d", args[skip + 1] if len(args) > skip + 1 else "")
            items = args[skip]
            require_size(size_of(items) + len(str(separator)) * len(items))
        _check_filter(name, args[skip:], kwargs)
        return checked(func(*args, **kwargs))

    return guarded


# ---------------------------------------------------------------- code generation


class _Buffer(list[str]):
    """The output buffer of a macro, call block, {% set %} block or filter block, charged to the
    render as it grows (the top level is counted by PreparedTemplate as it is generated)."""

    def __init__(self, budget: Budget) -> None:
        super().__init__()
        self._budget = budget

    def append(self, item: str) -> None:
        self._budget.spend(len(item))
        super().append(item)

    def extend(self, items: Iterable[str]) -> None:
        items = tuple(items)
        self._budget.spend(sum(len(item) for item in items))
        super().extend(items)


class _GuardedCodeGenerator(CodeGenerator):
    """Jinja's code generator with three hooks into the render's budget: every for loop's
    iterable, every ``~`` and every output buffer go through the environment's guards."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.guard_buffer()")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        node.iter = _guarded_iterable(node.iter)
        super().visit_For(node, frame)

    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        if (frame.loop_frame and isinstance(node.node, nodes.Name) and node.node.name == "loop"
                and node.args):
            node.args[0] = _guarded_iterable(node.args[0])  # the next level of a recursive loop
        super().visit_Call(node, frame, forward_caller=forward_caller)

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.guard_concat({join}, (")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


def _guarded_iterable(iterable: nodes.Node) -> nodes.Expr:
    """``environment.guard_loop(iterable)``: each item the loop takes is a step of the render."""
    call = nodes.Call(nodes.EnvironmentAttribute("guard_loop"), [iterable], [], None, None,
                      lineno=iterable.lineno)
    if iterable.environment is not None:
        call.set_environment(iterable.environment)
    return call


def _counted(iterable: Iterable[Any], budget: Budget) -> Iterator[Any]:
    for item in iterable:
        budget.step()
        yield item


def _finalize(value: Any) -> Any:
    """Every printed value: refuse one too big to write out (a list repeated a thousand times)."""
    require_size(size_of(value))
    return value


class HardenedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with every amplifying operation checked and a render budget."""

    intercepted_binops = frozenset(_BINOP_CHECKS)
    code_generator_class = _GuardedCodeGenerator

    def __init__(self, filters: dict[str, Callable[..., Any]] | None = None,
                 **options: Any) -> None:
        """*filters* are added to Jinja's own; every filter is then guarded."""
        super().__init__(finalize=_finalize, **options)
        self.globals["range"] = guarded_range
        for name in ("namespace", "lipsum"):
            self.globals.pop(name, None)
        self.filters.update(filters or {})
        self.filters = {name: _guard_filter(name, func) for name, func in self.filters.items()}
        self._safe_attributes: dict[tuple[type, str], bool] = {}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _BINOP_CHECKS[operator](left, right)
        return checked(self.binop_table[operator](left, right))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Whether a template may use *attr* of *obj*: decided by the type and the name alone
        (Jinja's rules look at nothing else), so each answer is kept."""
        key = (type(obj), attr)
        safe = self._safe_attributes.get(key)
        if safe is None:
            allowed = _allowed_on_builtin(obj, attr)
            # Python's own types: only what the allow-list names; others by the sandbox's rules
            safe = allowed if allowed is not None else super().is_safe_attribute(obj, attr, value)
            self._safe_attributes[key] = safe
        return safe

    def call(__self, __context: Context, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        budget = _CURRENT.get()
        if budget is not None:
            budget.step(CALL_STEPS)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and isinstance(__obj, (types.MethodType, types.BuiltinMethodType)):
            args = _check_str_method(__obj.__name__, owner, args)
        return checked(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        template: str = value.__self__
        is_map = value.__name__ == "format_map"

        @wraps(wrapper)
        def checked_format(*args: Any, **kwargs: Any) -> str:
            require_size(format_size(template, args[0] if is_map and args else args, kwargs))
            return str(checked(wrapper(*args, **kwargs)))

        return checked_format

    # ---- called from the generated code (see _GuardedCodeGenerator)

    def guard_loop(self, iterable: Iterable[Any]) -> Iterable[Any]:
        budget = _CURRENT.get()
        return iterable if budget is None else _counted(iterable, budget)

    def guard_concat(self, join: Callable[[Iterable[Any]], str], items: tuple[Any, ...]) -> str:
        require_size(sum(size_of(item) for item in items))
        result = join(items)
        checked(result)
        return result

    def guard_buffer(self) -> list[str]:
        budget = _CURRENT.get()
        return [] if budget is None else _Buffer(budget)

# ---------------------------------------------------------------- before rendering


class _NotConstant(Exception):
    """The expression depends on the context: only the render can tell what it comes to."""


_CONSTANT_NODES = (nodes.Const, nodes.List, nodes.Tuple, nodes.Neg, nodes.Pos, nodes.BinExpr,
                   nodes.Concat, nodes.Filter, nodes.Call)
_OTHER_TEMPLATES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def template_problems(env: HardenedEnvironment, tree: nodes.Template) -> list[tuple[int, str]]:
    """What can be refused before rendering, as (line, why): a constant expression past a limit
    ('a' * 10**9, 10**10**10, range(10**9), a huge literal), loops over constant ranges nested
    beyond MAX_STEPS, and include / import / extends (a template stands alone)."""
    token = _CURRENT.set(None)  # a check, not a render: nothing is charged
    try:
        problems = _constant_problems(env, tree) + _loop_problems(env, tree, 1)
    finally:
        _CURRENT.reset(token)
    for node in tree.find_all(_OTHER_TEMPLATES):
        problems.append((node.lineno, "模板不能引用其他模板（include、import、extends），已拒绝"))
    return sorted(problems)


def _constant_problems(env: HardenedEnvironment, node: nodes.Node) -> list[tuple[int, str]]:
    if isinstance(node, _CONSTANT_NODES):
        try:
            _constant(env, node)
            return []  # every part of it was computed too, and passed
        except LimitError as exc:
            return [(node.lineno, str(exc))]
        except Exception:  # not constant, or an error the render reports in place
            pass
    return [p for child in node.iter_child_nodes() for p in _constant_problems(env, child)]


def _constant(env: HardenedEnvironment, node: nodes.Node) -> Any:
    """The value of a constant expression, computed with the render's own checks."""
    if isinstance(node, nodes.Const):
        return checked(node.value)
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return [_constant(env, item) for item in node.items]
    if isinstance(node, nodes.Neg):
        return -_constant(env, node.node)
    if isinstance(node, nodes.Pos):
        return _constant(env, node.node)
    if isinstance(node, nodes.BinExpr) and node.operator in env.binop_table:
        left, right = _constant(env, node.left), _constant(env, node.right)
        operator = env.binop_table[node.operator]
        if node.operator in env.intercepted_binops:
            _BINOP_CHECKS[node.operator](left, right)
        return checked(operator(left, right))
    if isinstance(node, nodes.Concat):
        return env.guard_concat(lambda items: "".join(map(str, items)),
                                tuple(_constant(env, item) for item in node.nodes))
    if isinstance(node, nodes.Filter):
        return _constant_filter(env, node)
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "range":
        return guarded_range(*(_constant(env, arg) for arg in node.args))
    raise _NotConstant


def _constant_filter(env: HardenedEnvironment, node: nodes.Filter) -> Any:
    func = env.filters.get(node.name)
    if (func is None or node.node is None or node.dyn_args or node.dyn_kwargs
            or getattr(func, "jinja_pass_arg", None) is not None):
        raise _NotConstant
    args = [_constant(env, arg) for arg in node.args]
    kwargs = {str(keyword.key): _constant(env, keyword.value) for keyword in node.kwargs}
    return func(_constant(env, node.node), *args, **kwargs)


def _loop_problems(env: HardenedEnvironment, node: nodes.Node,
                   outer: int) -> list[tuple[int, str]]:
    """Loops over constant iterables, nested so deep that they would run past MAX_STEPS."""
    problems = []
    for child in node.iter_child_nodes():
        times = outer
        if isinstance(child, nodes.For):
            times = outer * _constant_length(env, child.iter)
            if times > MAX_STEPS:
                problems.append((child.lineno, (
                    f"循环要执行约 {times:,} 次，超过了 {MAX_STEPS:,} 次的上限，已拒绝")))
                continue
        problems += _loop_problems(env, child, times)
    return problems


def _constant_length(env: HardenedEnvironment, iterable: nodes.Node) -> int:
    """How many items a loop over *iterable* takes, when that is known before rendering; else 1."""
    try:
        value = _constant(env, iterable)
    except Exception:
        return 1
    return len(value) if isinstance(value, (range, list, str)) else 1
