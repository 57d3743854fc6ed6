"""The facts of an office's member units for one period (汇总), and of its own oversight
(责任书, 督办单, problems handed to units and how far they are rectified).

Nothing is retyped: the members' figures are derived from their own records, with the same
care for units of measure and approximate figures as a unit's own totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportgen.derive.compare import Against
from reportgen.derive.facts import Facts, derive_facts, with_ledgers
from reportgen.models import Oversight, PeriodRecords
from reportgen.quantity import Quantity


@dataclass(frozen=True)
class RollUp:
    """The members of an office in one period: who reported, and their figures together."""

    members: tuple[str, ...]
    reported: tuple[str, ...]
    missing: tuple[str, ...]
    """Members with no records for the period, in the order they are listed."""
    facts: Facts
    """Every reporting member's activities, meetings and inspections counted together."""
    partial: tuple[str, ...] = ()
    """Reporting members whose records cover only part of the period (a year of one half)."""


def roll_up(period_records: dict[str, PeriodRecords | None],
            partial: tuple[str, ...] = ()) -> RollUp:
    """*period_records*: each member's records of the period (None: it has not reported);
    *partial*: the members whose records cover only part of it."""
    reported = [name for name, records in period_records.items() if records is not None]
    missing = [name for name, records in period_records.items() if records is None]
    together = [r for r in period_records.values() if r is not None]
    facts = derive_facts(with_ledgers(together[0], together[1:])) if together else _NO_FACTS
    return RollUp(tuple(period_records), tuple(reported), tuple(missing), facts, partial)


_ZERO = Quantity(Decimal(0))
_NO_FACTS = Facts(0, (), (), 0, 0, _ZERO, _ZERO, _ZERO, None, 0, None)


@dataclass(frozen=True)
class OversightFacts:
    """责任书, 督办单 and handed problems, counted."""

    letters: Quantity | None
    notices: Quantity | None
    assigned: Quantity | None
    rectified: Quantity | None
    in_progress: int
    overdue: int


def oversight_facts(oversight: Oversight, today: date) -> OversightFacts:
    """Count the handed problems by status; one still in progress after its due date is overdue."""
    if not oversight.tasks:
        return OversightFacts(oversight.letters, oversight.notices, oversight.assigned,
                              oversight.rectified, 0, 0)
    late = [t for t in oversight.tasks if t.status == "逾期"
            or (t.status == "整改中" and t.due is not None and t.due < today)]
    done = [t for t in oversight.tasks if t.status == "已整改"]
    in_progress = len(oversight.tasks) - len(done) - len(late)
    return OversightFacts(oversight.letters, oversight.notices, Quantity(Decimal(len(oversight.tasks))),
                          Quantity(Decimal(len(done))), in_progress, len(late))


@dataclass(frozen=True)
class OfficeFacts:
    """What a summary says beyond the unit's own ledger: its members' 汇总 and its own
    oversight (an office's), and its figures set against earlier periods."""

    roll: RollUp | None = None
    oversight: OversightFacts | None = None
    against: tuple[Against, ...] = ()
