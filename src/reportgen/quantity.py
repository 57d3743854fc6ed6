"""Quantities as clerks write them: "1200份", "6000余万元", "1.2万份", "96%".

Parsed to an exact value, a unit of measure and an approximation flag, so that
figures can be added up per unit and written back the way a 公文 writes them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_MULTIPLIERS = {"": Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_APPROX = ("余", "多")
_PATTERN = re.compile(
    r"^(?P<number>\d+(?:\.\d+)?)"
    r"(?P<approx1>[余多])?"
    r"(?P<multiplier>[万亿])?"
    r"(?P<approx2>[余多])?"
    r"(?P<unit>[^\d\s.]*)$"
)
_FORBIDDEN_UNITS = ("十", "百", "千")
_UNITS_STARTING_LIKE_NUMERALS = ("千克", "千米", "千瓦", "百分点")


@dataclass(frozen=True)
class Quantity:
    """An amount with its unit of measure, e.g. 12000 份 (approximate: 余)."""

    value: Decimal
    unit: str = ""
    approximate: bool = False

    @property
    def additive(self) -> bool:
        """Whether amounts of this unit may be summed (percentages may not)."""
        return self.unit != "%"

    def __add__(self, other: Quantity) -> Quantity:
        if other.unit != self.unit:
            raise ValueError(f"单位不同，不能相加：{self.unit} 与 {other.unit}")
        return Quantity(self.value + other.value, self.unit, self.approximate or other.approximate)

    def __str__(self) -> str:
        return format_quantity(self)


def parse_quantity(text: str | int | float | Decimal) -> Quantity:
    """Parse a clerk's quantity; raise ValueError with a Chinese message if it is not one."""
    if isinstance(text, bool):
        raise ValueError("应为数量，例如 1200份、1.2万份、6000余万元、96%")
    if isinstance(text, int | float | Decimal):
        return Quantity(_canonical(Decimal(str(text))))
    raw = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "")
    match = _PATTERN.match(raw)
    if match is None:
        raise ValueError(_explain_unparseable(raw))
    unit = match["unit"]
    if unit.startswith(_FORBIDDEN_UNITS) and not unit.startswith(_UNITS_STARTING_LIKE_NUMERALS):
        raise ValueError(_explain_unparseable(raw))
    approx = bool(match["approx1"] or match["approx2"])
    try:
        number = Decimal(match["number"])
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only decimals
        raise ValueError(f"无法识别的数字：{raw}") from exc
    value = number * _MULTIPLIERS[match["multiplier"] or ""]
    return Quantity(_canonical(value), match["unit"], approx)


def _explain_unparseable(raw: str) -> str:
    if not raw:
        return "数量不能为空，例如 1200份"
    if any(ch in raw for ch in _FORBIDDEN_UNITS) and re.match(r"^\d", raw):
        return f"“{raw}”：数字请用阿拉伯数字，数位只可用“万”“亿”（如 3000份、1.2万份），不用“十、百、千”"
    if not re.match(r"^\d", raw):
        return f"“{raw}”不是数量：应以阿拉伯数字开头，例如 1200份、1.2万份、6000余万元、96%"
    return f"“{raw}”不是数量：写法应如 1200份、1.2万份、6000余万元、96%"


def format_number(value: Decimal, approximate: bool = False, *, exact: bool = False) -> str:
    """Write *value* as a 公文 writes it: 1200, 1.2万, 6000余万 (余 before 万/亿).

    An approximate value is cut down to two significant digits, the way a clerk
    writes a round figure: 456余 → 450余, 16400余 → 1.6万余. With *exact*, nothing
    is cut (for saving records, where nothing may be lost).
    """
    if approximate and not exact:
        value = _round_down(value, 2)
    for word, factor in (("亿", _MULTIPLIERS["亿"]), ("万", _MULTIPLIERS["万"])):
        scaled = value / factor
        if abs(value) >= factor and _decimals(scaled) <= 2:
            digits = _plain(scaled)
            if approximate and "." not in digits:
                return f"{digits}余{word}"
            return f"{digits}{word}" + ("余" if approximate else "")
    return _plain(value) + ("余" if approximate else "")


def format_quantity(quantity: Quantity, *, exact: bool = False) -> str:
    """Write a quantity back: "1.2万余份", "6000余万元", "96%" (see format_number)."""
    return format_number(quantity.value, quantity.approximate, exact=exact) + quantity.unit


def _round_down(value: Decimal, digits: int) -> Decimal:
    """Keep *digits* significant digits, dropping the rest (never rounding up)."""
    if value < 10 ** digits:
        return value
    step = Decimal(10) ** (len(str(int(value))) - digits)
    return _canonical((value // step) * step)


def _canonical(value: Decimal) -> Decimal:
    """1.2E+3 -> 1200, 1.50 -> 1.5: one spelling per value."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
