"""Document kinds: what each kind makes from one period's records.

A kind is a name, a Chinese label, the template it renders with, and a
function that turns (unit, records, facts) into the documents of the period.
Adding a kind touches only this registry and its compose function.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from reportgen.compose import compose_summary
from reportgen.derive import Facts
from reportgen.models import PeriodRecords, Unit
from reportgen.render import context_of


@dataclass(frozen=True)
class PlannedDocument:
    """One document to render: its kind, its title (the file name) and its context."""

    kind: str
    title: str
    context: Mapping[str, Any]


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document reportgen writes."""

    name: str
    label: str
    plan: Callable[[Unit, PeriodRecords, Facts], list[PlannedDocument]]

    @property
    def template_file(self) -> str:
        return f"{self.name}.docx"


def _plan_summary(unit: Unit, records: PeriodRecords, facts: Facts) -> list[PlannedDocument]:
    context = compose_summary(unit, records, facts)
    return [PlannedDocument("summary", context.title, context_of(context))]


KINDS: dict[str, DocumentKind] = {
    "summary": DocumentKind("summary", "工作总结", _plan_summary),
}
