"""The sentences of an office above its member units: the 汇总 of the members' figures, its own
oversight (责任书, 督办单, handed problems), and figures compared with earlier periods."""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.chinese import join_list
from reportgen.compose.common import facts_clauses, totals_text
from reportgen.derive.compare import Change
from reportgen.derive.rollup import OfficeFacts, OversightFacts, RollUp


def rollup_paragraph(roll: RollUp, when: str, oversight: OversightFacts | None, us: str) -> str:
    """上半年，34个成员单位中已有31个报送台账。各成员单位共组织开展……；尚未报送台账的有……。
    我办与成员单位签订责任书73份……"""
    sentences = [f"{when}，{len(roll.members)}个成员单位中已有{len(roll.reported)}个报送台账"]
    if roll.partial:
        sentences[0] += f"（其中{len(roll.partial)}个只报送了部分期间的台账）"
    clauses = facts_clauses(roll.facts)
    if clauses:
        sentences[0] += "。各成员单位" + "；".join(c.removeprefix("共") for c in clauses)
        sentences[0] = sentences[0].replace("各成员单位组织开展", "各成员单位共组织开展", 1)
    sentences[0] += "。"
    if roll.facts.metric_totals:
        sentences.append(f"各项活动累计{totals_text(roll.facts)}。")
    if roll.missing:
        sentences.append(f"尚未报送台账的有{join_list(list(roll.missing))}，共{len(roll.missing)}个。")
    if oversight is not None and (said := oversight_sentence(oversight, us)):
        sentences.append(said)
    return "".join(sentences)


def oversight_sentence(facts: OversightFacts, us: str) -> str:
    """我办与成员单位签订责任书73份，下发督办单30余份，交办问题60余个，已整改52个、正在整改6个、逾期未整改2个。"""
    clauses = []
    if facts.letters is not None:
        clauses.append(f"与成员单位签订责任书{facts.letters!s}份")
    if facts.notices is not None:
        clauses.append(f"下发督办单{facts.notices!s}份")
    if facts.assigned is not None:
        handed = f"交办问题{facts.assigned!s}个"
        states = [f"已整改{facts.rectified!s}个"] if facts.rectified is not None else []
        states += [f"正在整改{facts.in_progress}个"] if facts.in_progress else []
        states += [f"逾期未整改{facts.overdue}个"] if facts.overdue else []
        clauses.append(handed + ("，其中" + "、".join(states) if states else ""))
    return f"{us}{'，'.join(clauses)}。" if clauses else ""


def comparison_sentence(against: str, changes: Sequence[Change]) -> str:
    """与上半年相比，开展活动增加3次，增长23.1%；发现问题减少2个，下降10.0%。"""
    if not changes:
        return ""
    return f"与{against}相比，" + "；".join(c.text for c in changes) + "。"


def office_paragraphs(office: OfficeFacts, when: str, us: str) -> tuple[str, str]:
    """The 汇总 paragraph (or "") and the comparison sentences (or "") of a summary."""
    rollup = ""
    if office.roll is not None:
        rollup = rollup_paragraph(office.roll, when, office.oversight, us)
    elif office.oversight is not None:
        rollup = oversight_sentence(office.oversight, us)
    return rollup, "".join(comparison_sentence(a.label, a.changes) for a in office.against)
