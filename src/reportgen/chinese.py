"""Chinese text conventions of 公文: numerals, dates, ordinals, and balanced title lines."""

from __future__ import annotations

import re
from datetime import date

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (the range headings need)."""
    if not 0 < n < 100:
        raise ValueError(f"编号超出范围：{n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def chinese_date(day: date) -> str:
    """成文日期 style: Arabic numerals, full year, no zero padding: 2026年7月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_date_range(first: date, last: date) -> str:
    """A span as 公文 write it: 2026年9月19日—10月16日 (year left out when shared)."""
    if first.year == last.year:
        return f"{chinese_date(first)}—{last.month}月{last.day}日"
    return f"{chinese_date(first)}—{chinese_date(last)}"


_TRADITIONAL_WORDS = str.maketrans("萬億個項條處號點時餘約長噸畝間", "万亿个项条处号点时余约长吨亩间")
"""The traditional forms of the characters that quantities, 文号 and clock times are parsed by, so
that records written in 繁體 parse like records in 简体 (the document's script is chosen apart)."""


def fold_traditional(text: str) -> str:
    """*text* with the traditional forms of parsed words (萬, 個, 號, 點 …) in their simplified form."""
    return text.translate(_TRADITIONAL_WORDS)


def join_list(items: list[str]) -> str:
    """Join with the enumeration comma: 甲、乙、丙."""
    return "、".join(items)


_MAX_LINES = 4
"""A title is broken into at most four lines (no 公文 title is longer)."""
_TOKEN = re.compile(r"[0-9A-Za-z.%]+|.", re.DOTALL)
_BAD_LINE_START = set("，。、；：？！）》」』”’%")
_BAD_LINE_END = set("（《「『“‘")
_PAIRS = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "（": "）", "(": ")", "〈": "〉",
          "【": "】", "〔": "〕"}
_STRAIGHT_QUOTES = ('"', "'")
_INSIDE_QUOTES = 1000
"""A break inside “…” or 《…》 costs more than any other title can: it is chosen only when the
quoted words are themselves longer than a line."""


def break_title(segments: list[str], max_chars: float = 19.5) -> list[str]:
    """Split a title into balanced lines of at most *max_chars* characters.

    A 2号 line holds 20 characters; the default leaves half a character
    of room, since digits and Latin letters (counted as 0.6) vary by font.
    *segments* are the title's meaningful parts (unit, period, theme); breaks
    fall between them where possible, never inside a number or inside quotation
    marks and brackets (“…”, 《…》, （…）) unless the quoted words are longer than a
    line, never before closing or after opening punctuation, and never leave one
    character alone on a line. Returns the lines, shortest difference between them first. A title too long for
    _MAX_LINES lines is returned whole at once, so the time taken never grows with its length
    beyond one pass.
    """
    text = "".join(segments)
    tokens = _TOKEN.findall(text)
    width = _width(tokens)
    if width <= max_chars or width > _MAX_LINES * max_chars:
        return [text]
    boundaries = _segment_boundaries(segments, tokens)
    quoted = _quoted_cuts(tokens)
    best: tuple[float, list[str]] | None = None
    for line_count in range(2, _MAX_LINES + 1):
        if best is not None and best[0] <= _EXTRA_LINE * (line_count - 2):
            break  # more lines cannot cost less
        for lines, cost in _splits(tokens, line_count, max_chars, boundaries, quoted):
            cost += _EXTRA_LINE * (line_count - 2)
            if best is None or cost < best[0]:
                best = (cost, lines)
    return best[1] if best else [text]


def _width(tokens: list[str]) -> float:
    return sum(len(t) * 0.6 if t.isascii() else 1 for t in tokens)


def _segment_boundaries(segments: list[str], tokens: list[str]) -> set[int]:
    ends, total = set(), 0
    for segment in segments[:-1]:
        total += len(segment)
        ends.add(total)
    boundaries, offset = set(), 0
    for index, token in enumerate(tokens):
        offset += len(token)
        if offset in ends:
            boundaries.add(index + 1)
    return boundaries


def _quoted_cuts(tokens: list[str]) -> set[int]:
    """The cut positions (a cut at i breaks before tokens[i]) that fall inside a matched pair of
    quotation marks or brackets: “…”, 《…》, 「…」, （…）. An opening mark never closed and a
    closing mark never opened are ordinary characters; a straight quote pairs with the next."""
    inside: set[int] = set()
    stack: list[tuple[str, int]] = []
    for index, token in enumerate(tokens):
        if token in _STRAIGHT_QUOTES and stack and stack[-1][0] == token:
            inside.update(range(stack.pop()[1] + 1, index + 1))
        elif token in _PAIRS or token in _STRAIGHT_QUOTES:
            stack.append((token, index))
        elif stack and any(_PAIRS.get(opening) == token for opening, _ in stack):
            while stack:
                opening, start = stack.pop()
                if _PAIRS.get(opening) == token:
                    inside.update(range(start + 1, index + 1))
                    break
    return inside


def _splits(tokens: list[str], line_count: int, max_chars: float,
            boundaries: set[int], quoted: set[int]) -> list[tuple[list[str], float]]:
    """Every way to cut *tokens* into *line_count* acceptable lines, with a cost each."""
    results: list[tuple[list[str], float]] = []

    def walk(start: int, cuts: list[int]) -> None:
        if len(cuts) == line_count - 1:
            if _acceptable(tokens[start:], max_chars):
                parts = [tokens[a:b] for a, b in zip([0, *cuts], [*cuts, len(tokens)], strict=True)]
                results.append((["".join(p) for p in parts], _cost(parts, cuts, boundaries, quoted)))
            return
        for cut in range(start + 1, len(tokens)):
            if _width(tokens[start:cut]) > max_chars:
                break  # every longer line is too long as well
            if _acceptable(tokens[start:cut], max_chars):
                walk(cut, [*cuts, cut])

    if line_count > _MAX_LINES:
        return results
    walk(0, [])
    return results


def _acceptable(line: list[str], max_chars: float) -> bool:
    if not line or _width(line) > max_chars or _width(line) < 2:
        return False
    return line[0] not in _BAD_LINE_START and line[-1] not in _BAD_LINE_END


_EXTRA_LINE = 8  # each line beyond two costs as much as eight characters of imbalance
_SOFT_BREAK_AFTER = ("的", "和", "与", "及", "局", "办公室", "委员会", "办事处", "中心", "处", "厅",
                     "院", "所", "站", "队", "）")
_SOFT_BREAK_BEFORE = ("关于", "工作", "情况", "汇报", "总结", "纪要", "（", "20")


def _cost(parts: list[list[str]], cuts: list[int], boundaries: set[int], quoted: set[int]) -> float:
    widths = [_width(p) for p in parts]
    imbalance = max(widths) - min(widths)
    return imbalance + sum(_INSIDE_QUOTES if c in quoted else _cut_penalty(parts, i, c, boundaries)
                           for i, c in enumerate(cuts))


def _cut_penalty(parts: list[list[str]], index: int, cut: int, boundaries: set[int]) -> float:
    """0 between the title's segments, 1 at a likely word edge, 30 anywhere else (a broken
    word outweighs any imbalance of line lengths)."""
    if cut in boundaries:
        return 0
    before, after = parts[index], parts[index + 1]
    if "".join(before).endswith(_SOFT_BREAK_AFTER) or "".join(after)[:2] in _SOFT_BREAK_BEFORE:
        return 1
    return 30
