"""Figures set against an earlier period: 较上半年增加3次，增长23.1%; 同比下降……

Only figures both periods state exactly are compared: an approximate figure (60余个) or a total
in another unit of measure says nothing about the change, so it is left out, not made up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from reportgen.derive.facts import Facts
from reportgen.quantity import Quantity, format_number, plain_number

_COUNTS = {"activities": ("开展活动", "次"), "meetings": ("召开专题会议", "次"),
           "inspections": ("接受和开展检查", "次"), "found": ("发现问题", "个"),
           "rectified": ("整改问题", "个")}


@dataclass(frozen=True)
class Change:
    """One figure now and before: what it is called, its unit of measure, the two values."""

    label: str
    unit: str
    now: Decimal
    before: Decimal
    rate: bool = False
    """A rate (整改率): the change is told in percentage points."""

    @property
    def text(self) -> str:
        """开展活动增加3次，增长23.1%；整改率提高2.5个百分点；发现问题持平."""
        diff = self.now - self.before
        if diff == 0:
            return f"{self.label}持平"
        more = diff > 0
        amount = plain_number(abs(diff)) if self.rate else format_number(abs(diff))
        if self.rate:
            return f"{self.label}{'提高' if more else '下降'}{amount}个百分点"
        text = f"{self.label}{'增加' if more else '减少'}{amount}{self.unit}"
        if self.before:
            share = (abs(diff) * 100 / self.before).quantize(Decimal("0.1"), ROUND_HALF_UP)
            text += f"，{'增长' if more else '下降'}{plain_number(share)}%"
        return text


@dataclass(frozen=True)
class Against:
    """The changes of the chosen figures since one earlier period, named as the text names it
    (上半年, 2025年, 去年同期)."""

    label: str
    changes: tuple[Change, ...]


def changes(figures: list[str], now: Facts, before: Facts) -> tuple[list[Change], list[str]]:
    """The changes of the *figures* asked for (their English keys, or metric names), and the
    figures that cannot be compared (approximate, missing, or in another unit)."""
    found: list[Change] = []
    skipped: list[str] = []
    for figure in figures:
        change = _change(figure, now, before)
        if change is None:
            skipped.append(figure)
        else:
            found.append(change)
    return found, skipped


def _change(figure: str, now: Facts, before: Facts) -> Change | None:
    if figure == "rate":
        if now.rectification_rate is None or before.rectification_rate is None:
            return None
        return Change("整改率", "%", now.rectification_rate, before.rectification_rate, rate=True)
    if figure in _COUNTS:
        label, unit = _COUNTS[figure]
        pair = (_count(figure, now), _count(figure, before))
        if any(q.approximate for q in pair):
            return None
        return Change(label, unit, pair[0].value, pair[1].value)
    return _metric_change(figure, now, before)


def _count(figure: str, facts: Facts) -> Quantity:
    return {"activities": Quantity(Decimal(facts.activity_count)),
            "meetings": Quantity(Decimal(facts.meeting_count)),
            "inspections": facts.inspection_count, "found": facts.problems_found,
            "rectified": facts.problems_rectified}[figure]


def _metric_change(name: str, now: Facts, before: Facts) -> Change | None:
    """A metric of the ledger (发放宣传资料): only when each period has one exact total, in one unit."""
    totals = [[m.total for m in facts.metric_totals if m.name == name] for facts in (now, before)]
    if any(len(t) != 1 for t in totals):
        return None
    current, earlier = totals[0][0], totals[1][0]
    if current.approximate or earlier.approximate or current.unit != earlier.unit:
        return None
    return Change(name, current.unit, current.value, earlier.value)
