"""A 考评's results: each unit's total, class and rank, from the scheme and the scores.

The total of a unit is its weighted share of full marks, on a scale of 100::

    total = Σ (score_p / full_p × weight_p) / Σ weight_p × 100      over the parts it was scored on

so a part a unit is exempt from drops out and the weights of the others count in full
(renormalised). It is computed exactly (fractions of the Decimal scores; no float, no rounding
on the way) and only then rounded half up (89.95 → 90.0) to the scheme's decimals. A class is
the first whose lowest total the rounded total reaches. Ranks are shared by equal totals — the
rounded totals, as the 通报 prints them, so no reader sees two equal totals ranked apart — and
the next rank skips (1, 1, 3: 并列); within a rank units are listed by name (plain code-point
order, the same on every machine).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import floor, lcm

from reportgen.assess.models import Assessment, Row, Scheme, plain


@dataclass(frozen=True)
class Result:
    """One assessed unit: its scores (None for a part it is exempt from), total, class, rank
    and the reasons of its exemptions (健康教育免检：学校放假)."""

    unit: str
    part_scores: tuple[Decimal | None, ...]
    total: Decimal
    klass: str
    rank: int
    notes: str


@dataclass(frozen=True)
class Outcome:
    """A 考评's results.

    *results*: the assessed units in rank order (ties by name); *exempt*: the units not assessed
    at all, (unit, reason), as the exemptions list them; *by_class*: every class in the scheme's
    order (empty ones too) → its units in rank order; *counts*: class → how many units;
    *total_units*: how many units were assessed (the exempt ones not included)."""

    scheme: Scheme
    results: tuple[Result, ...]
    exempt: tuple[tuple[str, str], ...]
    by_class: dict[str, tuple[Result, ...]]
    counts: dict[str, int]
    total_units: int


def assess(assessment: Assessment, rows: Sequence[Row]) -> Outcome:
    """Total, class and rank each unit of *rows* (validated: read_assessment's) by the scheme
    of *assessment*, honouring its exemptions. ValueError if a row lacks a part it is not
    exempt from, or is exempt from every part (read_assessment refuses both, located)."""
    scheme = assessment.scheme
    partial: dict[str, dict[str, str]] = {}
    for exemption in assessment.exempt:
        if exemption.part is not None and exemption.part in scheme.parts:
            partial.setdefault(exemption.unit, {})[exemption.part] = exemption.reason
    formulas: dict[frozenset[str], _Formula] = {}
    unranked = []
    for row in rows:
        exempt = partial.get(row.unit, {})
        formula = formulas.get(frozenset(exempt))
        if formula is None:
            formula = formulas[frozenset(exempt)] = _Formula(scheme, frozenset(exempt))
        notes = "；".join(f"{part}免检：{reason}" for part, reason in exempt.items())
        unranked.append((row.unit, formula.total(row), formula.scores(row), notes))
    unranked.sort(key=lambda item: (-item[1], item[0]))
    results: list[Result] = []
    for position, (unit, total, scores, notes) in enumerate(unranked, start=1):
        rank = results[-1].rank if results and results[-1].total == total else position
        results.append(Result(unit, scores, total, scheme.class_of(total), rank, notes))
    by_class = {rule.name: tuple(r for r in results if r.klass == rule.name) for rule in scheme.classes}
    return Outcome(
        scheme=scheme,
        results=tuple(results),
        exempt=tuple((e.unit, e.reason) for e in assessment.exempt if e.part is None),
        by_class=by_class,
        counts={name: len(units) for name, units in by_class.items()},
        total_units=len(results),
    )


class _Formula:
    """The total of units exempt from the same parts, in integers: with each part's weight per
    full mark written over a common denominator D (coefficient k_p = weight_p / full_p × D) and
    the sum of the weights as W = a / b,

        total = Σ score_p × weight_p / full_p / W × 100 = Σ (100 × score_p) × k_p × b / (D × a),

    where 100 × score_p is a whole number (scores have at most two decimals; a score with more
    is taken exactly as a fraction). Exact, and several times faster than fractions per unit."""

    def __init__(self, scheme: Scheme, exempt: frozenset[str]) -> None:
        self.parts = scheme.parts
        self.exempt = exempt
        self.decimals = scheme.decimals
        counted = [(part, Fraction(weight) / Fraction(full)) for part, full, weight
                   in zip(scheme.parts, scheme.full_marks, scheme.weight_values, strict=True)
                   if part not in exempt]
        if not counted:
            raise ValueError(f"every part is exempt: {sorted(exempt)}")
        common = lcm(*(share.denominator for _, share in counted))
        self.coefficients = [(part, share.numerator * (common // share.denominator))
                             for part, share in counted]
        weights = sum((Fraction(w) for p, w in zip(scheme.parts, scheme.weight_values, strict=True)
                       if p not in exempt), Fraction(0))
        self.numerator_factor = weights.denominator
        self.denominator = common * weights.numerator

    def total(self, row: Row) -> Decimal:
        whole = 0
        for part, coefficient in self.coefficients:
            if part not in row.scores:
                raise ValueError(f"{row.unit} has no score for {part}")
            numerator, denominator = row.scores[part].as_integer_ratio()
            if 100 % denominator:  # more than two decimals: not from read_assessment
                return round_half_up(self._exact(row), self.decimals)
            whole += numerator * (100 // denominator) * coefficient
        # Rounded half up: ⌊x + ½⌋ for x = whole × factor / denominator × 10^decimals.
        twice = 2 * whole * self.numerator_factor * 10**self.decimals
        scaled = (twice + self.denominator) // (2 * self.denominator)
        return Decimal(scaled).scaleb(-self.decimals)

    def _exact(self, row: Row) -> Fraction:
        weighted = sum((Fraction(row.scores[part]) * 100 * coefficient
                        for part, coefficient in self.coefficients), Fraction(0))
        return weighted * self.numerator_factor / self.denominator

    def scores(self, row: Row) -> tuple[Decimal | None, ...]:
        return tuple(None if part in self.exempt else row.scores[part] for part in self.parts)


def round_half_up(value: Fraction, decimals: int) -> Decimal:
    """*value* (not negative) rounded half up to *decimals* places: 89.95 → 90.0, 89.94999 → 89.9."""
    scaled = floor(value * 10**decimals + Fraction(1, 2))
    return Decimal(scaled).scaleb(-decimals)


def scheme_sentence(scheme: Scheme) -> str:
    """The scheme in one sentence, as a 通报 states it::

        考评内容包括环境卫生、健康教育、除“四害”3个部分，各100分，按3:3:4的权重折算总分；
        90分以上为一类，75—89分为二类，74分以下为三类。

    Class ranges are derived from the lowest totals, and are exact because totals are rounded to
    the scheme's decimals before they are classed. The first class is "a分以上" (a included);
    each further class runs from its own lowest total to just below the class above it — the
    class above's lowest total minus one unit of the last decimal kept (1 with no decimals:
    "75—89分", as 通报 print it; 0.1 with one decimal: "75—89.9分"; 0.01 with two: "75—89.99分");
    the last class is "b分以下" (b included, the same bound: "74分以下", "74.9分以下"). A single
    class is not mentioned.
    """
    parts, fulls = scheme.parts, scheme.full_marks
    if len(parts) == 1:
        text = f"考评内容为{parts[0]}，满分{plain(fulls[0])}分"
    elif len(set(fulls)) == 1:
        text = f"考评内容包括{'、'.join(parts)}{len(parts)}个部分，各{plain(fulls[0])}分"
    else:
        listed = "、".join(f"{part}（{plain(full)}分）" for part, full in zip(parts, fulls, strict=True))
        text = f"考评内容包括{listed}{len(parts)}个部分"
    scale = "折算总分" if all(full == 100 for full in fulls) else "折算为百分制总分"
    if len(parts) > 1 and scheme.weights and len(set(scheme.weights)) > 1:
        text += f"，按{':'.join(plain(w) for w in scheme.weights)}的权重{scale}"
    elif len(parts) > 1:
        text += f"，各部分权重相同，{scale}"
    elif fulls[0] != 100:
        text += f"，{scale}"
    ranges = class_ranges(scheme)
    if len(ranges) > 1:
        text += "；" + "，".join(f"{span}为{name}" for name, span in ranges)
    return text + "。"


def class_ranges(scheme: Scheme) -> list[tuple[str, str]]:
    """Each class and its range of totals in words (see scheme_sentence): 一类 90分以上, 二类
    75—89分, 三类 74分以下."""
    step = Decimal(1).scaleb(-scheme.decimals)
    ranges = []
    classes = scheme.classes
    for index, rule in enumerate(classes):
        if index == 0:
            ranges.append((rule.name, f"{plain(rule.min)}分以上"))
            continue
        top = classes[index - 1].min - step
        if index == len(classes) - 1 and rule.min == 0:
            ranges.append((rule.name, f"{plain(top)}分以下"))
        elif top <= rule.min:
            ranges.append((rule.name, f"{plain(rule.min)}分"))
        else:
            ranges.append((rule.name, f"{plain(rule.min)}—{plain(top)}分"))
    return ranges
