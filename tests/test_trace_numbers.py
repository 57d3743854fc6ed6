"""Every number in a built document traces to the records or to a figure derived from them.

Over every sample workspace (the repository's data/ and tests/golden/cases): each number in the
body text of each document is one written in the unit's records, or one of the facts derived
from them (counts, totals, rates, averages, the next period's year), or a heading number.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import fields
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import pytest

from conftest import REPO_ROOT
from reportgen.build import build
from reportgen.derive import derive_facts, records_between
from reportgen.derive.rollup import roll_up
from reportgen.models import Meeting, PeriodRecords, Unit
from reportgen.period import Period
from reportgen.records import read_meetings, read_period, read_unit
from reportgen.related import Related
from reportgen.workspace import Workspace

NUMBER = re.compile(r"\d+(?:\.\d+)?")
NUMBERING = re.compile(r"^(（\d+）|\d+\.)")
WORKSPACES = [REPO_ROOT / "data", *sorted((REPO_ROOT / "tests" / "golden" / "cases").glob("*/data"))]


def numbers(text: str) -> set[Decimal]:
    return {Decimal(n).normalize() for n in NUMBER.findall(text)}


def derived_numbers(period_file: Path) -> set[Decimal]:
    """The numbers of the records' file and unit profile, and of every derived fact."""
    unit = read_unit(period_file.parent / "unit.yaml")
    related = Related(Workspace(period_file.parent.parent.parent), period_file.parent.name, [])
    records = related.with_ledger(read_period(period_file, unit), period_file, unit)  # a year of halves
    allowed = numbers(period_file.read_text("utf-8")) | numbers(
        (period_file.parent / "unit.yaml").read_text("utf-8"))
    allowed |= compared_numbers(related, unit, records)
    views = [records]
    span = records.report.span if records.report else None
    if span:
        views.append(records_between(records, span.start, span.end))
    for view in views:
        facts = derive_facts(view)
        for field in fields(facts):
            allowed |= numbers(str(getattr(facts, field.name)))
        allowed |= numbers(" ".join(str(m.total) for m in facts.metric_totals))
    following = records.period.next()
    return allowed | meeting_numbers(period_file.parent, records.meetings) | {
        Decimal(following.year), Decimal(following.first_month), *numbers(records.period.label)}


def meeting_numbers(unit_dir: Path, meetings: list[Meeting]) -> set[Decimal]:
    """The 期号 the unit's 期号 book gives, and the clock times the records write as 14:30
    (the documents say 下午2时30分)."""
    book = unit_dir / "期号.yaml"
    allowed = numbers(book.read_text("utf-8")) if book.exists() else set()
    return allowed | {n for m in meetings if m.time for n in numbers(m.time)}


def compared_numbers(related: Related, unit: Unit, records: PeriodRecords) -> set[Decimal]:
    """For a period compared with earlier ones: each earlier count, its change and the change's
    share of it (增加3次，增长23.1%), computed here from the two periods' facts."""
    if records.compare is None:
        return set()
    now = derive_facts(records)
    allowed: set[Decimal] = set()
    for earlier in (records.period.previous(), records.period.a_year_before()):
        before = related.facts_of(unit, earlier)
        if before is None:
            continue
        allowed |= {Decimal(earlier.year)}
        for name in ("activity_count", "meeting_count"):
            a, b = Decimal(getattr(now, name)), Decimal(getattr(before, name))
            allowed |= {b, abs(a - b)}
            if b:
                allowed.add((abs(a - b) * 100 / b).quantize(Decimal("0.1"), ROUND_HALF_UP).normalize())
    return allowed


def members_numbers(root: Path, unit: str, period: str) -> set[Decimal]:
    """What an office's 汇总 may say: its members' derived figures and how many there are."""
    profile = read_unit(root / "data" / unit / "unit.yaml")
    if profile.members is None:
        return set()
    members, partial = Related(Workspace(root), unit, []).member_records(profile, Period.parse(period))
    roll = roll_up(members, partial)
    allowed = {Decimal(len(roll.members)), Decimal(len(roll.reported)), Decimal(len(roll.missing))}
    for field in fields(roll.facts):
        allowed |= numbers(str(getattr(roll.facts, field.name)))
    return allowed | numbers(" ".join(str(m.total) for m in roll.facts.metric_totals))


def standalone_numbers(unit_dir: Path) -> set[Decimal]:
    """What the 纪要 and 简报 of meetings recorded on their own may say: their files' numbers,
    the unit's, the 期号 and the clock times."""
    allowed = numbers((unit_dir / "unit.yaml").read_text("utf-8"))
    for path in sorted((unit_dir / "meetings").glob("*.yaml")):
        allowed |= numbers(path.read_text("utf-8"))
        allowed |= meeting_numbers(unit_dir, read_meetings(path).meetings)
    return allowed


@pytest.mark.parametrize("data", WORKSPACES, ids=lambda p: p.parent.name)
def test_every_number_in_every_document_traces_to_the_records(data: Path, tmp_path: Path) -> None:
    shutil.copytree(data, tmp_path / "data")
    if data.parent == REPO_ROOT and (REPO_ROOT / "templates").is_dir():
        shutil.copytree(REPO_ROOT / "templates", tmp_path / "templates")
    report = build(tmp_path)
    assert report.ok and report.written
    for result in report.written:
        if result.path.suffix != ".docx" or "考评结果的通报" in result.path.name:
            continue  # the 通报 is checked against its own computation in test_notice.py
        unit, period = result.path.parent.parent.name, result.path.parent.name
        unit_dir = tmp_path / "data" / unit
        allowed = (standalone_numbers(unit_dir) if period.endswith("年会议")
                   else derived_numbers(unit_dir / f"{period}.yaml")
                   | members_numbers(tmp_path, unit, period))
        for paragraph in docx.Document(str(result.path)).paragraphs:
            text = NUMBERING.sub("", paragraph.text)
            unexplained = numbers(text) - allowed
            assert not unexplained, f"{result.path.name}：“{paragraph.text[:60]}”中的 {unexplained}"


def test_a_wrong_total_would_be_caught(tmp_path: Path) -> None:
    """The check can fail: a figure nobody recorded or derived is reported."""
    period_file = REPO_ROOT / "data" / "示例县财政局" / "2026-H1.yaml"
    assert Decimal("1.64") in derived_numbers(period_file)  # the real total, 1.64万份
    assert Decimal("1.74") not in derived_numbers(period_file)
