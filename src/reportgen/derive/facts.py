"""One unit's facts of a period: counts, totals per unit of measure, rates. Pure functions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from reportgen.models import PeriodRecords
from reportgen.quantity import Quantity, add_quantities, convertible, is_rate_metric
from reportgen.script import simplified


@dataclass(frozen=True)
class CategoryCount:
    """How many activities of one category (类别)."""

    category: str
    count: int


@dataclass(frozen=True)
class MetricTotal:
    """The total of one metric in one unit of measure, e.g. 宣传资料 1.2万份."""

    name: str
    total: Quantity


@dataclass(frozen=True)
class Facts:
    """Every figure the documents quote, computed once from the records."""

    activity_count: int
    activities_by_category: tuple[CategoryCount, ...]
    metric_totals: tuple[MetricTotal, ...]
    meeting_count: int
    decision_count: int
    inspection_count: Quantity
    """How many inspections (a record may stand for several: 10余次)."""
    problems_found: Quantity
    problems_rectified: Quantity
    rectification_rate: Decimal | None
    """None when nothing was found, or when a count is approximate (60余个): no rate is made up."""
    scored_count: int
    average_score: Decimal | None


def derive_facts(records: PeriodRecords) -> Facts:
    """Compute the facts of one period."""
    found = total_count(i.found for i in records.inspections)
    rectified = total_count(i.rectified for i in records.inspections)
    exact = not (found.approximate or rectified.approximate)
    return Facts(
        activity_count=len(records.activities),
        activities_by_category=count_by_category(records),
        metric_totals=total_metrics(records),
        meeting_count=len(records.meetings),
        decision_count=sum(len(m.decisions) for m in records.meetings),
        inspection_count=total_count(i.times for i in records.inspections),
        problems_found=found,
        problems_rectified=rectified,
        rectification_rate=percentage(int(rectified.value), int(found.value)) if exact else None,
        scored_count=sum(1 for i in records.inspections if i.score is not None),
        average_score=average_score(records),
    )


LEDGERS = ("activities", "meetings", "inspections")
"""The parts of the records that are counted: what a year made of its halves, or an office's
汇总 of its members, puts together."""


def with_ledgers(records: PeriodRecords, others: Iterable[PeriodRecords]) -> PeriodRecords:
    """*records* with the activities, meetings and inspections of *others* after its own."""
    others = list(others)
    if not others:
        return records
    return records.model_copy(update={
        name: [*getattr(records, name), *(item for other in others for item in getattr(other, name))]
        for name in LEDGERS})


def records_between(records: PeriodRecords, start: date, end: date) -> PeriodRecords:
    """The records with only the activities, meetings and inspections dated *start*…*end*."""
    return records.model_copy(update={
        name: [item for item in getattr(records, name) if start <= item.date <= end]
        for name in LEDGERS})


def name_keeper() -> Callable[[str], str]:
    """A name as first written, for every later spelling of it in either script: 宣傳教育 and
    宣传教育 are one category, 發放宣傳資料 and 发放宣传资料 one metric."""
    first: dict[str, str] = {}
    return lambda name: first.setdefault(simplified(name), name)


def count_by_category(records: PeriodRecords) -> tuple[CategoryCount, ...]:
    """Activities per category, in the order categories first appear in the ledger."""
    named = name_keeper()
    counts = Counter(named(a.category) for a in records.activities)
    return tuple(CategoryCount(c, n) for c, n in counts.items())


def total_metrics(records: PeriodRecords) -> tuple[MetricTotal, ...]:
    """Sum each metric, in order of first appearance: units that convert (吨, 公斤) are converted
    to the largest; units that do not (人, 人次) get a total each; rates are never summed."""
    groups: dict[tuple[str, int], list[Quantity]] = {}
    named = name_keeper()
    for activity in records.activities:
        for written, amount in activity.metrics.items():
            if is_rate_metric(written, amount):
                continue
            name = named(written)
            keys = [key for key in groups if key[0] == name]
            key = next((k for k in keys if convertible(groups[k][0].unit, amount.unit)),
                       (name, len(keys)))
            groups.setdefault(key, []).append(amount)
    order = list(dict.fromkeys(name for name, _ in groups))  # a name's totals stand together
    keys = sorted(groups, key=lambda key: (order.index(key[0]), key[1]))
    return tuple(MetricTotal(name, add_quantities(groups[(name, n)])) for name, n in keys)


def total_count(counts: Iterable[Quantity]) -> Quantity:
    """The sum of counts; approximate (余) when any of them is."""
    items = list(counts)
    return add_quantities(items) if items else Quantity(Decimal(0))


def percentage(part: int, whole: int) -> Decimal | None:
    """part/whole as a percentage rounded half-up to one decimal; None when whole is 0."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def average_score(records: PeriodRecords) -> Decimal | None:
    """The mean of the inspection scores given, to one decimal; None when none is given."""
    scores = [Decimal(str(i.score)) for i in records.inspections if i.score is not None]
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1"), ROUND_HALF_UP)
