"""reportgen.chinese: numerals, dates and balanced title lines."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.chinese import (
    break_title,
    chinese_date,
    chinese_date_range,
    chinese_numeral,
    join_list,
)

MAX_CHARS = 19.5
CLOSING = set("，。、；：？！）》」』”’%")
OPENING = set("（《「『“‘")


def width(line: str) -> float:
    """A title line's width in 2号 characters: ASCII letters and digits count 0.6."""
    return sum(0.6 if ch.isascii() else 1 for ch in line)


def assert_well_broken(text: str, lines: list[str], max_chars: float = MAX_CHARS) -> None:
    assert "".join(lines) == text
    assert len(lines) > 1
    for line in lines:
        assert width(line) <= max_chars, line
        assert len(line) >= 2, f"single character left on a line: {lines}"
        assert line[0] not in CLOSING, f"line starts with closing punctuation: {lines}"
        assert line[-1] not in OPENING, f"line ends with opening punctuation: {lines}"
    for before, after in itertools.pairwise(lines):
        assert not (before[-1].isdigit() and after[0].isdigit()), f"number split: {lines}"


@pytest.mark.parametrize(
    ("n", "numeral"),
    [(1, "一"), (2, "二"), (9, "九"), (10, "十"), (11, "十一"), (12, "十二"), (19, "十九"),
     (20, "二十"), (21, "二十一"), (30, "三十"), (55, "五十五"), (90, "九十"), (99, "九十九")],
)
def test_chinese_numeral(n, numeral):
    assert chinese_numeral(n) == numeral


@pytest.mark.parametrize("n", [0, 100, -1, 1000])
def test_chinese_numeral_out_of_range_raises(n):
    with pytest.raises(ValueError) as caught:
        chinese_numeral(n)
    assert str(caught.value) == f"编号超出范围：{n}"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 7, 1), "2026年7月1日"),
        (date(2026, 10, 16), "2026年10月16日"),
        (date(2026, 1, 9), "2026年1月9日"),
    ],
)
def test_chinese_date_is_unpadded(day, text):
    assert chinese_date(day) == text


def test_chinese_date_range_leaves_out_a_shared_year():
    assert chinese_date_range(date(2026, 9, 19), date(2026, 10, 16)) == "2026年9月19日—10月16日"


def test_chinese_date_range_keeps_both_years_across_year_end():
    text = chinese_date_range(date(2026, 12, 28), date(2027, 1, 3))
    assert text == "2026年12月28日—2027年1月3日"


def test_join_list_uses_enumeration_comma():
    assert join_list(["甲", "乙", "丙"]) == "甲、乙、丙"


def test_short_title_stays_on_one_line():
    assert break_title(["示例县财政局", "工作总结"]) == ["示例县财政局工作总结"]


def test_digits_count_as_narrower_than_cjk_characters():
    fits = "爱" * 18 + "12"  # 18 + 2 × 0.6 = 19.2 ≤ 19.5
    assert break_title([fits]) == [fits]
    too_wide = "爱" * 19 + "12"  # 19 + 1.2 = 20.2 > 19.5
    assert len(break_title([too_wide])) == 2


def test_sample_title_breaks_between_segments():
    lines = break_title(["示例县财政局", "2026年上半年", "爱国卫生工作总结"])
    assert lines == ["示例县财政局2026年上半年", "爱国卫生工作总结"]


@pytest.mark.parametrize(
    "title",
    [
        "示例县某某街道办事处关于做好2026年度爱国卫生月活动的通知",
        "关于进一步做好全县机关单位爱国卫生工作，巩固创建成果的通知",
        "示例县财政局关于开展爱国卫生工作（2026年第二季度）情况的报告",
        "示例县卫生健康委员会机关党委和纪检监察组关于2026年上半年工作的总结报告",
    ],
)
def test_long_single_segment_title_breaks_acceptably(title):
    assert_well_broken(title, break_title([title]))


def test_break_never_splits_a_digit_run():
    title = "甲" * 10 + "2026" + "乙" * 10  # the balanced middle falls inside 2026
    lines = break_title([title])
    assert_well_broken(title, lines)
    assert any("2026" in line for line in lines)


def test_break_never_splits_a_digit_run_even_at_a_segment_edge():
    segments = ["甲" * 10 + "20", "26" + "乙" * 10]
    lines = break_title(segments)
    assert_well_broken("".join(segments), lines)
    assert any("2026" in line for line in lines)


def test_break_never_puts_closing_punctuation_first():
    title = "甲" * 11 + "，" + "乙" * 9  # cutting before "，" would balance best
    assert_well_broken(title, break_title([title]))


def test_break_never_puts_closing_punctuation_first_even_at_a_segment_edge():
    segments = ["甲" * 10, "，" + "乙" * 10]  # the free segment cut would start with "，"
    assert_well_broken("".join(segments), break_title(segments))


def test_break_never_leaves_a_single_character_even_at_segment_edges():
    # 39 wide needs three lines; cutting at both segment edges would cost least
    # but leave "丙" alone on the last line.
    segments = ["甲" * 19, "乙" * 19, "丙"]
    lines = break_title(segments)
    assert_well_broken("".join(segments), lines)
    assert len(lines) == 3


_CJK = "爱国卫生工作总结示例县财政局关于开展情况的和与创建"


@st.composite
def cjk_titles(draw: st.DrawFn) -> str:
    """5–45 characters: CJK, digit runs of at most 4, a lone "，" or "、" now and then."""
    size = draw(st.integers(min_value=5, max_value=45))
    pieces = draw(st.lists(
        st.one_of(
            st.sampled_from(_CJK),
            st.sampled_from(_CJK),
            st.from_regex(r"[0-9]{1,4}", fullmatch=True),
            st.sampled_from("，、"),
        ),
        min_size=size, max_size=size,
    ))
    text = "".join(pieces)[:45]
    text = re.sub(r"[0-9]{5,}", lambda m: m.group()[:4], text)  # adjacent runs merged
    text = re.sub(r"[，、]{2,}", lambda m: m.group()[0], text).lstrip("，、")
    return text.ljust(5, "爱")


@settings(max_examples=100, deadline=None)
@given(cjk_titles())
def test_break_title_invariants(title):
    lines = break_title([title])
    if width(title) <= MAX_CHARS:
        assert lines == [title]
    else:
        assert_well_broken(title, lines)


def test_a_long_unit_name_breaks_at_its_own_word_edges() -> None:
    lines = break_title(["中共示例省示例市示例县委员会机构编制委员会办公室（示例县事业单位登记管理局）",
                         "2026年上半年", "爱国卫生工作总结"])
    assert lines == ["中共示例省示例市示例县委员会", "机构编制委员会办公室",
                     "（示例县事业单位登记管理局）", "2026年上半年爱国卫生工作总结"]


def test_a_custom_title_breaks_at_a_likely_word_edge_not_inside_a_word() -> None:
    assert break_title(["示例县某某局关于2026年下半年爱国卫生工作情况的总结"]) == [
        "示例县某某局关于", "2026年下半年爱国卫生工作情况的总结"]


QUOTE_PAIRS = [("“", "”"), ("《", "》"), ("「", "」"), ("（", "）"), ("‘", "’")]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each matched pair in *text*, end exclusive, the marks included."""
    spans, stack = [], []
    closing = {c: o for o, c in QUOTE_PAIRS}
    for index, char in enumerate(text):
        if char in dict(QUOTE_PAIRS):
            stack.append((char, index))
        elif char in closing and stack and stack[-1][0] == closing[char]:
            spans.append((stack.pop()[1], index + 1))
    return spans


def assert_no_break_inside_quotes(text: str, lines: list[str]) -> None:
    cuts = list(itertools.accumulate(len(line) for line in lines))[:-1]
    for start, end in quoted_spans(text):
        assert not any(start < cut < end for cut in cuts), f"{text[start:end]} broken: {lines}"


@pytest.mark.parametrize(
    "title",
    [
        "示例县财政局关于开展“爱国卫生月”和“健康细胞”创建活动情况的报告",
        "示例县财政局关于学习贯彻《示例省爱国卫生条例》情况的报告",
        "关于表扬2026年度“爱国卫生先进单位”和“卫生健康示范户”的通报",
        "示例县财政局开展「清洁家园・健康生活」主题活动工作总结",
        "示例县卫生健康局（示例县爱国卫生运动委员会办公室）工作总结",
        "关于开展“把健康带回家·做文明示范户”爱国卫生专题活动的总结",
    ],
)
def test_a_title_never_breaks_inside_quotation_marks(title: str) -> None:
    lines = break_title([title])
    assert_well_broken(title, lines)
    assert_no_break_inside_quotes(title, lines)


def test_the_balanced_cut_inside_a_quotation_loses_to_one_outside() -> None:
    # the balanced middle (after 10 characters) falls inside “…”
    title = "甲" * 6 + "“乙乙乙乙乙乙”" + "丙" * 10
    lines = break_title([title])
    assert lines == ["甲" * 6 + "“乙乙乙乙乙乙”", "丙" * 10]


def test_a_quotation_longer_than_a_line_is_broken_as_text_is() -> None:
    title = "关于“" + "创" * 24 + "”的报告"
    lines = break_title([title])
    assert_well_broken(title, lines)


def test_unmatched_marks_are_ordinary_characters() -> None:
    for title in ("示例县财政局关于“健康细胞创建活动开展情况的工作报告",
                  "示例县财政局关于健康细胞”创建活动开展情况的工作报告"):
        assert_well_broken(title, break_title([title]))


@st.composite
def quoted_titles(draw: st.DrawFn) -> str:
    """Titles with one to three quoted phrases of 2–12 characters among plain words."""
    parts = [draw(st.text(alphabet=_CJK, min_size=1, max_size=10))]
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        opening, closing = draw(st.sampled_from(QUOTE_PAIRS))
        parts.append(opening + draw(st.text(alphabet=_CJK, min_size=2, max_size=12)) + closing)
        parts.append(draw(st.text(alphabet=_CJK, min_size=2, max_size=8)))
    return "".join(parts)


def can_break_outside_quotes(text: str) -> bool:
    """Whether *text* can be cut into at most four acceptable lines without a cut inside a
    matched pair (a plain search over cut positions, independent of break_title's costs)."""
    inside = {cut for start, end in quoted_spans(text) for cut in range(start + 1, end)}

    def fits(line: str) -> bool:
        return (width(line) <= MAX_CHARS and len(line) >= 2
                and line[0] not in CLOSING and line[-1] not in OPENING)

    reachable = {0: 0}  # cut position -> fewest lines that end there
    for end in range(1, len(text) + 1):
        if end in inside:
            continue
        counts = [lines + 1 for start, lines in reachable.items() if fits(text[start:end])]
        if counts:
            reachable[end] = min(counts)
    return reachable.get(len(text), 5) <= 4


@settings(max_examples=150, deadline=None)
@given(quoted_titles())
def test_break_title_keeps_every_quotation_whole_when_it_can(title: str) -> None:
    lines = break_title([title])
    if width(title) <= MAX_CHARS:
        assert lines == [title]
    elif can_break_outside_quotes(title):
        assert_well_broken(title, lines)
        assert_no_break_inside_quotes(title, lines)
