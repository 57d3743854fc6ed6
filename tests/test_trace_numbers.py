"""Every number in a built document traces to the records or to a figure derived from them.

Over every sample workspace (the repository's data/ and tests/golden/cases): each number in the
body text of each document is one written in the unit's records, or one of the facts derived
from them (counts, totals, rates, averages, the next period's year), or a heading number.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import fields
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from conftest import REPO_ROOT
from reportgen.build import build
from reportgen.derive import derive_facts, records_between
from reportgen.records import read_period, read_unit

NUMBER = re.compile(r"\d+(?:\.\d+)?")
NUMBERING = re.compile(r"^(（\d+）|\d+\.)")
WORKSPACES = [REPO_ROOT / "data", *sorted((REPO_ROOT / "tests" / "golden" / "cases").glob("*/data"))]


def numbers(text: str) -> set[Decimal]:
    return {Decimal(n).normalize() for n in NUMBER.findall(text)}


def derived_numbers(period_file: Path) -> set[Decimal]:
    """The numbers of the records' file and unit profile, and of every derived fact."""
    unit = read_unit(period_file.parent / "unit.yaml")
    records = read_period(period_file, unit)
    allowed = numbers(period_file.read_text("utf-8")) | numbers(
        (period_file.parent / "unit.yaml").read_text("utf-8"))
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
    return allowed | {Decimal(following.year), Decimal(following.first_month),
                      *numbers(records.period.label)}


@pytest.mark.parametrize("data", WORKSPACES, ids=lambda p: p.parent.name)
def test_every_number_in_every_document_traces_to_the_records(data: Path, tmp_path: Path) -> None:
    shutil.copytree(data, tmp_path / "data")
    if data.parent == REPO_ROOT and (REPO_ROOT / "templates").is_dir():
        shutil.copytree(REPO_ROOT / "templates", tmp_path / "templates")
    report = build(tmp_path)
    assert report.ok and report.written
    for result in report.written:
        unit, period = result.path.parent.parent.name, result.path.parent.name
        allowed = derived_numbers(tmp_path / "data" / unit / f"{period}.yaml")
        for paragraph in docx.Document(str(result.path)).paragraphs:
            text = NUMBERING.sub("", paragraph.text)
            unexplained = numbers(text) - allowed
            assert not unexplained, f"{result.path.name}：“{paragraph.text[:60]}”中的 {unexplained}"


def test_a_wrong_total_would_be_caught(tmp_path: Path) -> None:
    """The check can fail: a figure nobody recorded or derived is reported."""
    period_file = REPO_ROOT / "data" / "示例县财政局" / "2026-H1.yaml"
    assert Decimal("1.64") in derived_numbers(period_file)  # the real total, 1.64万份
    assert Decimal("1.74") not in derived_numbers(period_file)
