"""The 考评结果通报 of the sample county office, checked against a computation of its own: the
totals, classes, counts and order are recomputed here from the score sheet with plain arithmetic
(3:3:4, half up to one decimal), not with reportgen's code."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import openpyxl
import pytest

from conftest import OFFICE, REPO_ROOT, copy_data
from reportgen.build import build

SHEET = "考评得分.xlsx"
WEIGHTS = (3, 3, 4)


def expected(workspace: Path) -> list[tuple[str, Decimal, str]]:
    """(unit, total, class) of every scored unit, best first, ties by name."""
    book = openpyxl.load_workbook(workspace / "data" / OFFICE / "assessments" / SHEET, data_only=True)
    sheet = book["得分"]
    header = [c.value for c in sheet[1]]
    at = {name: header.index(name) for name in ("单位", "环境卫生", "健康教育", "除“四害”")}
    rows = []
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if not row[at["单位"]]:
            continue
        scores = [Decimal(str(row[at[p]])) for p in ("环境卫生", "健康教育", "除“四害”")]
        total = (sum(s * w for s, w in zip(scores, WEIGHTS, strict=True)) / 10).quantize(
            Decimal("0.1"), ROUND_HALF_UP)
        klass = "一类" if total >= 90 else "二类" if total >= 75 else "三类"
        rows.append((str(row[at["单位"]]), total, klass))
    return sorted(rows, key=lambda r: (-r[1], r[0]))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("county")
    copy_data(REPO_ROOT / "data", root / "data")
    report = build(root, units=[OFFICE], kinds=["notice"])
    assert report.ok, report.failures
    [notice] = [r.path for r in report.written if r.path.suffix == ".docx"]
    [sheet] = [r.path for r in report.written if r.path.suffix == ".xlsx"]
    return notice, sheet


def test_the_counts_sentence_says_how_many_units_fell_in_each_class(built: tuple[Path, Path]) -> None:
    rows = expected(built[0].parents[3])
    counts = {k: sum(1 for r in rows if r[2] == k) for k in ("一类", "二类", "三类")}
    opening = docx.Document(str(built[0])).paragraphs[3].text
    counted = "、".join(f"{k}单位{n}个" for k, n in counts.items())
    assert f"共考评成员单位{len(rows)}个，其中{counted}，另有2个免于考评。" in opening
    assert "按3:3:4的权重折算总分" in opening


def test_each_class_lists_its_units_by_score(built: tuple[Path, Path]) -> None:
    rows = expected(built[0].parents[3])
    paragraphs = [p.text for p in docx.Document(str(built[0])).paragraphs]
    for klass in ("一类", "二类", "三类"):
        members = [r for r in rows if r[2] == klass]
        title = f"{klass}成员单位（{len(members)}个）"
        heading = paragraphs.index(next(p for p in paragraphs if p.endswith(title)))
        listing = "、".join(f"{unit}（{total}分）" for unit, total, _ in members) + "。"
        assert paragraphs[heading + 1] == listing


def test_exempt_units_are_listed_with_their_reasons(built: tuple[Path, Path]) -> None:
    paragraphs = [p.text for p in docx.Document(str(built[0])).paragraphs]
    assert "示例县实验小学（学校放假）" in paragraphs[paragraphs.index(
        next(p for p in paragraphs if "免于考评的成员单位（2个）" in p)) + 1]


def test_the_attached_table_ranks_every_unit_with_ties_sharing_a_rank(built: tuple[Path, Path]) -> None:
    rows = expected(built[0].parents[3])
    table = docx.Document(str(built[0])).tables[0]
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [(r[1], Decimal(r[5]), r[6]) for r in body] == rows
    ranks = [1 + sum(1 for other in rows if other[1] > total) for _, total, _ in rows]
    assert [int(r[0]) for r in body] == ranks
    assert len(set(ranks)) < len(ranks)  # the sample has ties, and they share a rank


def test_the_attachment_follows_gbt9704(built: tuple[Path, Path]) -> None:
    document = docx.Document(str(built[0]))
    paragraphs = document.paragraphs
    note = next(p for p in paragraphs if p.text.startswith("附件："))
    assert note.style.style_id == "GwAttachmentNote"
    label = next(p for p in paragraphs if p.text == "附件")
    assert label.style.style_id == "GwAttachmentLabel"
    assert label.style.element.find(".//{*}pageBreakBefore") is not None  # on a new page
    assert paragraphs.index(note) < paragraphs.index(label)
    assert note.text.removeprefix("附件：") == paragraphs[paragraphs.index(label) + 2].text


def test_the_results_sheet_holds_the_same_results(built: tuple[Path, Path]) -> None:
    rows = expected(built[0].parents[3])
    sheet = openpyxl.load_workbook(built[1]).active
    values = [r for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(values) if r and r[0] == "排名")
    body = [r for r in values[header + 1:] if r and isinstance(r[0], int)]
    assert [(r[1], Decimal(str(r[5])).quantize(Decimal("0.1")), r[6]) for r in body] == rows
