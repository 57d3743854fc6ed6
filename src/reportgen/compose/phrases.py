"""The phrasebook: every sentence reportgen writes by itself, in one place.

Each phrase has a default and may be replaced by the clerk's own words, for a unit
(unit.yaml ``phrases``) or one period (the period file's ``phrases``); an empty
replacement leaves the phrase out. Slots such as {期间} are filled in here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from reportgen.models import PeriodRecords, Phrases, Unit

DEFAULTS: dict[str, str] = {
    "summary_lead_in": "现将{期间}工作情况总结如下：",
    "figures_opening": "{期间}，{自称}",
    "report_basis": "根据{依据}要求，",
    "report_span": "{自称}于{起止日期}组织开展了{工作主题}。",
    "report_action": "{自称}认真组织开展了{工作主题}。",
    "report_lead_in": "现将有关情况汇报如下：",
    "report_basics": "基本情况",
    "report_closing": "特此汇报。",
    "problems_heading": "存在的问题",
    "plans_heading": "{下一期间}工作打算",
    "plans_heading_open": "下一步工作打算",
    "report_plans_heading": "下一步打算",
}
"""Phrase name → default text. Names without a field in models.Phrases cannot be replaced
on their own: plans_heading_open and report_plans_heading follow plans_heading, report_action
follows report_span."""

_SLOT = re.compile(r"\{([^{}]*)\}")
_FOLLOWS = {"plans_heading_open": "plans_heading", "report_plans_heading": "plans_heading",
            "report_action": "report_span"}


class Phrasebook:
    """The phrases of one document: the defaults, the unit's replacements, the period's, and
    the slots every phrase may use ({期间} {单位} {自称} {工作主题})."""

    def __init__(self, unit: Unit, records: PeriodRecords) -> None:
        self._own: dict[str, str] = {}
        for phrases in (unit.phrases, records.phrases):
            self._own.update(_given(phrases))
        self.slots = {"期间": so_far(records), "单位": unit.name, "自称": unit.self_name,
                      "工作主题": unit.theme}

    def replaced(self, name: str) -> bool:
        """Whether the clerk gave their own words for *name* (or for the phrase it follows)."""
        return _FOLLOWS.get(name, name) in self._own

    def text(self, name: str, slots: Mapping[str, str] | None = None) -> str:
        """The phrase *name*, the clerk's words if given, with the book's slots and *slots*
        (which take precedence) filled in; "" if the clerk left it out."""
        own = self._own.get(name)
        if own is None and name in _FOLLOWS and _FOLLOWS[name] in self._own:
            own = self._own[_FOLLOWS[name]]
        return fill(DEFAULTS[name] if own is None else own, {**self.slots, **(slots or {})})


def so_far(records: PeriodRecords) -> str:
    """What {期间} says: 上半年, 全年 …; 今年以来 for a year written up before it ends (a school
    year in July)."""
    period = records.period
    return "今年以来" if period.months == 12 and records.date < period.end else period.short_label


def lead_into_body(overview: list[str], figures: str, lead_in: str,
                   after: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The opening paragraphs: the overview, the figures sentence (and the paragraphs *after*
    it: an office's 汇总 of its members) and the lead-in (现将……如下：), none of them doubled. An
    overview that already leads into the body (……以下几方面工作：) keeps the last word, the
    figures going before that paragraph."""
    opening = list(overview)
    added = [p for p in (figures, *after) if p]
    if added:
        at = len(opening) - 1 if ends_with_colon(opening[-1]) else len(opening)
        opening[at:at] = added
    if lead_in and not ends_with_colon(opening[-1]) and "如下" not in opening[-1]:
        opening[-1] += lead_in
    return tuple(opening)


def _given(phrases: Phrases | None) -> dict[str, str]:
    if phrases is None:
        return {}
    return {name: value.strip() for name, value in phrases.model_dump().items() if value is not None}


def fill(text: str, slots: Mapping[str, str]) -> str:
    """Put each slot's value in place of {name}; an unknown slot is left as it is."""
    return _SLOT.sub(lambda m: slots.get(m.group(1), m.group(0)), text)


def ends_with_colon(text: str) -> bool:
    """Whether *text* already leads into what follows (……如下： / ……以下几方面工作：)."""
    return text.rstrip().endswith(("：", ":"))


def cites_its_basis(text: str) -> bool:
    """Whether a paragraph already opens with its basis (根据…… / 按照…… / 依据……)."""
    return text.lstrip().startswith(("根据", "按照", "依据", "遵照"))
