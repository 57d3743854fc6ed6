"""Stage 3, derive: records → facts, pure functions.

facts.py: one unit's period (counts, totals per unit of measure, rates); rollup.py: the facts
of an office's member units; compare.py: figures set against an earlier period.
"""

from reportgen.derive.facts import (
    CategoryCount,
    Facts,
    MetricTotal,
    average_score,
    count_by_category,
    derive_facts,
    percentage,
    records_between,
    total_count,
    total_metrics,
    with_ledgers,
)

__all__ = [
    "CategoryCount", "Facts", "MetricTotal", "average_score", "count_by_category", "derive_facts",
    "percentage", "records_between", "total_count", "total_metrics", "with_ledgers",
]
