"""Compose the 考评结果通报: what was assessed and how (the scheme in a sentence), how many units
fell in each class, each class listed by score, the office's closing words, and the score table
as its 附件 (GB/T 9704 §7.3.4 and §7.3.7)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportgen.assess import Assessment, Outcome, Result, scheme_sentence
from reportgen.chinese import break_title, chinese_date, join_list
from reportgen.compose.common import Part, numbered
from reportgen.compose.signoff import SignOff, sign_off
from reportgen.models import Unit


@dataclass(frozen=True)
class ScoreRow:
    """One row of the score table."""

    rank: str
    unit: str
    scores: tuple[str, ...]
    total: str
    klass: str


@dataclass(frozen=True)
class NoticeContext:
    """What the 考评结果通报 template can use."""

    title: str
    title_lines: tuple[str, ...]
    recipient: str
    opening: tuple[str, ...]
    parts: tuple[Part, ...]
    closing: tuple[str, ...]
    attachment: str
    """The 附件's name, in the 附件说明 and over the table."""
    columns: tuple[str, ...]
    """The parts' names: the score table's middle columns."""
    rows: tuple[ScoreRow, ...]
    signature: str
    date: str
    sign_off: SignOff
    """The 署名 and 成文日期 placed per GB/T 9704 §7.3.5, for {{p sign_off }}."""


def notice_title(unit: Unit, assessment: Assessment) -> str:
    """关于2026年上半年创卫工作考评结果的通报."""
    return f"关于{assessment_name(unit, assessment)}结果的通报"


def assessment_name(unit: Unit, assessment: Assessment) -> str:
    """2026年上半年创卫工作考评 (the clerk's own title when given)."""
    return assessment.heading(unit.theme)


def compose_notice(unit: Unit, assessment: Assessment, outcome: Outcome) -> NoticeContext:
    """Build the 通报 of one 考评."""
    name = assessment_name(unit, assessment)
    decimals = outcome.scheme.decimals
    lines = break_title([f"关于{name}", "结果的通报"])
    classes = [(klass, outcome.by_class.get(klass, ())) for klass in _class_names(outcome)]
    parts = [Part("", f"{klass}{assessment.subject}（{len(results)}个）",
                  (_listing(results, decimals),)) for klass, results in classes if results]
    if outcome.exempt:
        parts.append(Part("", f"免于考评的{assessment.subject}（{len(outcome.exempt)}个）",
                          (join_list([f"{u}（{reason}）" for u, reason in outcome.exempt]) + "。",)))
    return NoticeContext(
        title="".join(lines), title_lines=tuple(lines), recipient=f"{assessment.recipient}：",
        opening=(_opening(unit, assessment, outcome, name, classes),), parts=numbered(parts),
        closing=tuple(assessment.closing), attachment=f"{name}得分表",
        columns=tuple(outcome.scheme.parts),
        rows=tuple(_row(r, decimals) for r in outcome.results),
        signature=unit.signature or unit.name, date=chinese_date(assessment.date),
        sign_off=sign_off("notice", unit.signature or unit.name, chinese_date(assessment.date)))


def _class_names(outcome: Outcome) -> list[str]:
    return [rule.name for rule in outcome.scheme.classes]


def _opening(unit: Unit, assessment: Assessment, outcome: Outcome, name: str,
             classes: list[tuple[str, tuple[Result, ...]]]) -> str:
    """根据……，……。考评内容包括……。共考评成员单位34个，其中一类单位15个，……。现将结果通报如下："""
    basis = f"根据{assessment.basis}，" if assessment.basis else ""
    done = assessment.inspected or f"{unit.signature or unit.name}组织开展了{name}"
    counts = "、".join(f"{klass}单位{len(results)}个" for klass, results in classes)
    exempt = f"，另有{len(outcome.exempt)}个免于考评" if outcome.exempt else ""
    return (f"{basis}{done.rstrip('。')}。{scheme_sentence(outcome.scheme)}"
            f"共考评{assessment.subject}{len(outcome.results)}个，其中{counts}{exempt}。现将考评结果通报如下：")


def _listing(results: tuple[Result, ...], decimals: int) -> str:
    """甲单位（95.2分）、乙单位（94.8分）……, by score."""
    return join_list([f"{r.unit}（{_score(r.total, decimals)}分）" for r in results]) + "。"


def _row(result: Result, decimals: int) -> ScoreRow:
    scores = tuple("免检" if s is None else _plain(s) for s in result.part_scores)
    return ScoreRow(str(result.rank), result.unit, scores, _score(result.total, decimals), result.klass)


def _score(value: Decimal, decimals: int) -> str:
    """A total as the 通报 prints it: with the scheme's decimals (91.0, 88.5)."""
    return f"{value:.{decimals}f}"


def _plain(value: Decimal) -> str:
    """A part's score as written: 92, 88.5."""
    return format(value.normalize(), "f")
