"""Quantities as clerks write them: "1200份", "6000余万元", "约200人", "20%以上", "96%".

Parsed to an exact value, a unit of measure and a qualifier (余, 多, 以上, 左右, 约, 近), so
that figures can be added up per unit, converted where the units allow (吨 and 公斤), and
written back the way a 公文 writes them, never more exact than what was recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum

from reportgen.chinese import fold_traditional
from reportgen.limits import MAX_INTEGER_DIGITS, MAX_NUMBER_DIGITS

_MULTIPLIERS = {"": Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000)}


class Bound(Enum):
    """What a qualified figure says about the true value."""

    EXACT = "exact"
    AT_LEAST = "at_least"  # 余, 多, 以上: the true value is this or more
    AT_MOST = "at_most"  # 近: nearly this, a little less
    ABOUT = "about"  # 约, 左右: roughly this, either side


QUALIFIERS = {"": Bound.EXACT, "余": Bound.AT_LEAST, "多": Bound.AT_LEAST, "以上": Bound.AT_LEAST,
              "近": Bound.AT_MOST, "约": Bound.ABOUT, "左右": Bound.ABOUT}
"""Every qualifier a clerk may write, and what it says."""

_FULL_WIDTH = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}
"""Full-width digits, ％ and ， typed with a Chinese input method, as their ASCII forms."""
_NUMERALS = "〇零一二三四五六七八九十百千两廿卅卌壹贰叁肆伍陆柒捌玖拾佰仟"
_UNITS_STARTING_LIKE_NUMERALS = ("千克", "千米", "千瓦", "千帕", "百分点", "个百分点")
_PATTERN = re.compile(
    r"^(?P<prefix>约|近)?"
    r"(?P<number>\d+(?:\.\d+)?)"
    r"(?P<infix1>[余多])?"
    r"(?P<multiplier>[万亿])?"
    r"(?P<infix2>[余多])?"
    r"(?P<unit>.*?)"
    r"(?P<suffix>以上|左右)?$"
)
_UNIT = re.compile(r"^[^\d\s.,:;!?，。、；：！？（）()\[\]【】《》“”\"'‘’]*$")
_EXAMPLES = "1200份、1.2万份、6000余万元、约200人、96%"

# Units that convert into one another, with their size in the family's base unit.
_CONVERTIBLE: tuple[dict[str, Decimal], ...] = (
    {"吨": Decimal(1000), "公斤": Decimal(1), "千克": Decimal(1), "斤": Decimal("0.5"),
     "克": Decimal("0.001")},
    {"公里": Decimal(1000), "千米": Decimal(1000), "米": Decimal(1)},
    {"平方公里": Decimal(1_000_000), "平方米": Decimal(1), "㎡": Decimal(1)},
    {"立方米": Decimal(1), "方": Decimal(1), "升": Decimal("0.001")},
)
_NUMBER_LETTERS = "xXoObBeE_"
"""What follows the digits of 0x1F, 0o17, 0b11, 1e3 or 1_000: a number in another notation."""
RATE_UNITS = ("%", "‰", "个百分点", "百分点")


@dataclass(frozen=True)
class Quantity:
    """An amount with its unit of measure and qualifier, e.g. 12000 份 余 (1.2万余份)."""

    value: Decimal
    unit: str = ""
    qualifier: str = ""

    @property
    def bound(self) -> Bound:
        return QUALIFIERS[self.qualifier]

    @property
    def approximate(self) -> bool:
        """Whether the figure is not exact (余, 多, 以上, 左右, 约, 近)."""
        return self.bound is not Bound.EXACT

    @property
    def is_rate(self) -> bool:
        """A percentage or rate: never added up."""
        return self.unit in RATE_UNITS

    @property
    def additive(self) -> bool:
        """Whether amounts of this unit may be summed (rates may not)."""
        return not self.is_rate

    def __add__(self, other: Quantity) -> Quantity:
        return add_quantities([self, other])

    def __str__(self) -> str:
        return format_quantity(self)


def is_rate_metric(name: str, amount: Quantity) -> bool:
    """A rate (覆盖率 80%, 知晓率 90%以上) is never added up, whether its unit or its name says so."""
    return amount.is_rate or name.endswith("率")


class UnitMismatch(ValueError):
    """Raised when quantities in units that do not convert (人 and 人次) are added."""


def parse_quantity(text: str | int | float | Decimal) -> Quantity:
    """Parse a clerk's quantity; raise ValueError with a Chinese message if it is not one."""
    if isinstance(text, bool):
        raise ValueError(f"应为数量，例如 {_EXAMPLES}")
    if isinstance(text, int | float | Decimal):
        number = Decimal(text) if isinstance(text, int) else Decimal(str(text))  # str(10**5000) fails
        return Quantity(_bounded(number, str(number)))
    typed = str(text).strip()
    raw = fold_traditional(typed).translate(_FULL_WIDTH).replace(",", "")
    match = _PATTERN.match(raw)
    if match is None:
        raise ValueError(_explain_unparseable(typed))
    unit = match["unit"]
    qualifiers = [q for q in (match["prefix"], match["infix1"], match["infix2"], match["suffix"]) if q]
    _check_unit(typed, unit)
    if len(qualifiers) > 1:
        raise ValueError(f"“{typed}”：“{qualifiers[0]}”和“{qualifiers[1]}”只能用一个，"
                         f"如 约200人、200余人、200人左右")
    try:
        number = Decimal(match["number"])
    except InvalidOperation:  # pragma: no cover - the regex admits only decimals
        raise ValueError(f"无法识别的数字：{raw}") from None
    value = _bounded(number * _MULTIPLIERS[match["multiplier"] or ""], typed)
    if len(match["number"].lstrip("0").replace(".", "")) > MAX_NUMBER_DIGITS:
        raise ValueError(f"“{typed}”：数字最多写 {MAX_NUMBER_DIGITS} 位（开头的 0 不算）")
    return Quantity(value, unit, qualifiers[0] if qualifiers else "")


def _bounded(value: Decimal, raw: str) -> Decimal:
    """*value*, if a 公文 can state it: finite and below 10^MAX_INTEGER_DIGITS; never rounded."""
    if not value.is_finite() or value.adjusted() >= MAX_INTEGER_DIGITS:
        raise ValueError(f"“{raw}”：数字太大或不是有限的数（最多 {MAX_INTEGER_DIGITS} 位整数）")
    return _canonical(value)


def _check_unit(raw: str, unit: str) -> None:
    if unit.startswith(_UNITS_STARTING_LIKE_NUMERALS):
        return
    if unit[:1] in ("十", "百", "千"):
        raise ValueError(f"“{raw}”：数字请用阿拉伯数字，数位只可用“万”“亿”（如 3000份、1.2万份），"
                         "不用“十、百、千”")
    if any(ch in _NUMERALS for ch in unit):
        raise ValueError(f"“{raw}”：数字请全部用阿拉伯数字，数位只可用“万”“亿”"
                         f"（如 47人次、1200份、1.2万份），不要写成汉字或混写")
    if not _UNIT.match(unit) or (unit and unit[0] in _NUMBER_LETTERS):
        raise ValueError(f"“{raw}”不是数量：数字后只能跟单位，写法如 {_EXAMPLES}")


def _explain_unparseable(raw: str) -> str:
    if not raw:
        return "数量不能为空，例如 1200份"
    if raw[0] in _NUMERALS or raw[:2] in ("约一", "近一"):
        return (f"“{raw}”：数字请用阿拉伯数字，数位只可用“万”“亿”（如 1200份、1.2万份），"
                "不用汉字数字")
    if not re.match(r"^(约|近)?\d", raw):
        return f"“{raw}”不是数量：应以阿拉伯数字开头，例如 {_EXAMPLES}"
    return f"“{raw}”不是数量：写法应如 {_EXAMPLES}"


# ---------------------------------------------------------------- adding up


def convertible(first: str, second: str) -> bool:
    """Whether amounts in these two units can be added after conversion (吨 and 公斤)."""
    return first == second or any(first in f and second in f for f in _CONVERTIBLE)


def add_quantities(amounts: Iterable[Quantity]) -> Quantity:
    """The sum of *amounts*, in the largest of their units; its qualifier says how sure it is.

    Raises UnitMismatch when the units do not convert, and ValueError for rates."""
    items = list(amounts)
    if not items:
        raise ValueError("没有可相加的数量")
    if any(q.is_rate for q in items):
        raise ValueError("百分数和比率不能相加")
    unit = _largest_unit([q.unit for q in items])
    total = sum((_in_unit(q, unit) for q in items), Decimal(0))
    return Quantity(_canonical(total), unit, _combined_qualifier(items))


def _largest_unit(units: list[str]) -> str:
    first = units[0]
    for other in units[1:]:
        if not convertible(first, other):
            raise UnitMismatch(f"单位不同，不能相加：{first} 与 {other}")
    family = next((f for f in _CONVERTIBLE if first in f), None)
    if family is None:
        return first
    return max(dict.fromkeys(units), key=lambda u: family[u])


def _in_unit(quantity: Quantity, unit: str) -> Decimal:
    if quantity.unit == unit:
        return quantity.value
    family = next(f for f in _CONVERTIBLE if unit in f)
    return quantity.value * family[quantity.unit] / family[unit]


def _combined_qualifier(items: list[Quantity]) -> str:
    """余 when some are at least their figure, 近 when some at most, 约 when they disagree."""
    bounds = {q.bound for q in items} - {Bound.EXACT}
    if not bounds:
        return ""
    if bounds == {Bound.AT_LEAST}:
        return "余"
    if bounds == {Bound.AT_MOST}:
        return "近"
    return "约"


# ---------------------------------------------------------------- writing back


def format_number(value: Decimal, approximate: bool | str = False, *, exact: bool = False) -> str:
    """Write *value* as a 公文 writes it: 1200, 1.2万, 6000余万 (余 before 万/亿 after a round
    number; after any other, 9万余, 14万余).

    *approximate* is a qualifier (余, 约, 左右 …) or True for 余. An approximate value is
    cut to two significant digits, the way a clerk writes a round figure (down for 余,
    up for 近, to the nearest for 约): 456余 → 450余. With *exact*, nothing is cut
    (for saving records, where nothing may be lost).
    """
    qualifier = "余" if approximate is True else (approximate or "")
    bound = QUALIFIERS[qualifier]
    if bound is not Bound.EXACT and not exact:
        value = _round_figure(value, 2, bound)
    infix = qualifier if qualifier in ("余", "多") else ""
    prefix = qualifier if qualifier in ("约", "近") else ""
    for word, factor in (("亿", _MULTIPLIERS["亿"]), ("万", _MULTIPLIERS["万"])):
        scaled = value / factor
        if abs(value) >= factor and _decimals(scaled) <= 2:
            digits = plain_number(scaled)
            if infix and "." not in digits and digits.endswith("0"):  # 60余万, but 9万余, 14万余
                return f"{prefix}{digits}{infix}{word}"
            return f"{prefix}{digits}{word}{infix}"
    return f"{prefix}{plain_number(value)}{infix}"


def format_quantity(quantity: Quantity, *, exact: bool = False) -> str:
    """Write a quantity back: "1.2万余份", "约200人", "20%以上" (see format_number)."""
    number = format_number(quantity.value, quantity.qualifier, exact=exact)
    suffix = quantity.qualifier if quantity.qualifier in ("以上", "左右") else ""
    return f"{number}{quantity.unit}{suffix}"


_ROUNDING = {Bound.AT_LEAST: ROUND_FLOOR, Bound.AT_MOST: ROUND_CEILING, Bound.ABOUT: ROUND_HALF_UP}


def _round_figure(value: Decimal, digits: int, bound: Bound) -> Decimal:
    """Keep *digits* significant digits of a whole figure: down for 余, up for 近, nearest for 约."""
    if value < 10 ** digits:
        return value
    step = Decimal(10) ** (len(str(int(value))) - digits)
    return _canonical((value / step).to_integral_value(_ROUNDING[bound]) * step)


def _canonical(value: Decimal) -> Decimal:
    """1.2E+3 -> 1200, 1.50 -> 1.5: one spelling per value."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def plain_number(value: Decimal) -> str:
    """A number without exponent or trailing zeros: 3, 2.5, 92 (from 92.0)."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
