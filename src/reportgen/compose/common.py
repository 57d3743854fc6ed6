"""Pieces every document context shares: numbered items and parts, and the figures sentence."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from reportgen.chinese import chinese_numeral, join_list
from reportgen.compose.phrases import Phrasebook
from reportgen.derive import Facts
from reportgen.models import PeriodRecords, Unit
from reportgen.quantity import Quantity, format_number


@dataclass(frozen=True)
class Item:
    """A numbered item; the template picks the numbering form it wants."""

    n: int
    text: str
    heading: str | None = None

    @property
    def cn(self) -> str:
        """一, 二, … ."""
        return chinese_numeral(self.n)

    @property
    def paren(self) -> str:
        """（一）, the level-2 heading number."""
        return f"（{self.cn}）"

    @property
    def ordinal(self) -> str:
        """一是, for inline enumeration."""
        return f"{self.cn}是"

    @property
    def arabic(self) -> str:
        """1., the level-3 heading number."""
        return f"{self.n}."


@dataclass(frozen=True)
class Part:
    """A level-1 part of the text (一、…) with its paragraphs and points."""

    number: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    points: tuple[Item, ...] = ()
    layout: str = "headed"
    """How the default template lays the points out: "headed" （一）heading + text,
    "inline" one paragraph 一是…二是…, "list" one paragraph each, 1. 2. ."""

    @property
    def points_inline(self) -> str:
        """The points as one paragraph: 一是……。二是……。"""
        return "".join(f"{p.ordinal}{end_sentence(p.text)}" for p in self.points)


def end_sentence(text: str) -> str:
    """Make sure *text* ends like a sentence (。！？；…) so items can be run together."""
    return text if text[-1] in "。！？；…：" else f"{text}。"


def figures_sentence(unit: Unit, records: PeriodRecords, facts: Facts,
                     book: Phrasebook | None = None, when: str | None = None) -> str:
    """The sentence of figures derived from the ledger, or "" when there is nothing to count
    (or the clerk left the figures out).

    It opens with the phrase figures_opening: *when* (default: the period, 上半年) and the
    unit's own name for itself."""
    book = book or Phrasebook(unit, records)
    opening = book.text("figures_opening", {"期间": when} if when else None)
    if book.replaced("figures_opening") and not opening:
        return ""
    clauses = facts_clauses(facts)
    sentences = []
    if clauses:
        sentences.append(f"{opening}{'；'.join(clauses)}。")
    if facts.metric_totals:
        sentences.append(f"各项活动累计{totals_text(facts)}。")
    return "".join(sentences)


def facts_clauses(facts: Facts) -> list[str]:
    """共组织开展各类活动…次, 召开专题会议…次, 接受和开展检查…次: the clauses that have figures."""
    return [c for c in (_activity_clause(facts), _meeting_clause(facts), _inspection_clause(facts)) if c]


def totals_text(facts: Facts) -> str:
    """发放宣传资料1.64万份、悬挂横幅12条; a metric recorded in units that do not convert keeps
    one total per unit, side by side: 出动人员30人和20人次."""
    named: dict[str, list[str]] = {}
    for metric in facts.metric_totals:
        named.setdefault(metric.name, []).append(str(metric.total))
    return join_list([f"{name}{'和'.join(totals)}" for name, totals in named.items()])


def _activity_clause(facts: Facts) -> str:
    if not facts.activity_count:
        return ""
    clause = f"共组织开展各类活动{facts.activity_count}次"
    if len(facts.activities_by_category) > 1:
        clause += "，其中" + join_list(
            [f"{c.category}{c.count}次" for c in facts.activities_by_category])
    return clause


def _meeting_clause(facts: Facts) -> str:
    if not facts.meeting_count:
        return ""
    clause = f"召开专题会议{facts.meeting_count}次"
    return clause + (f"，议定事项{facts.decision_count}项" if facts.decision_count else "")


def _inspection_clause(facts: Facts) -> str:
    if not facts.inspection_count.value:
        return ""
    clause = f"接受和开展检查{facts.inspection_count}次"
    if facts.average_score is not None:
        average = format_number(facts.average_score)
        everyone = facts.inspection_count == Quantity(Decimal(facts.scored_count))
        clause += (f"，平均得分{average}分" if everyone
                   else f"，其中1次得分{average}分" if facts.scored_count == 1
                   else f"，其中{facts.scored_count}次评分平均{average}分")
    if facts.problems_found.value:
        clause += f"，发现问题{facts.problems_found}个，已整改{facts.problems_rectified}个"
        if facts.rectification_rate is not None:
            clause += f"，整改率{format_rate(facts.rectification_rate)}"
    return clause


def format_rate(rate: Decimal | None) -> str:
    """91.3 → 91.3%, 100.0 → 100%; None → 无."""
    return "无" if rate is None else f"{format_number(rate)}%"


def numbered(parts: list[Part]) -> tuple[Part, ...]:
    """Number *parts* 一、二、… in order (the parts of a 纪要)."""
    return tuple(replace(part, number=f"{chinese_numeral(i)}、") for i, part in enumerate(parts, 1))
