"""How a speaker numbers what they say: 一是…二是…, 一要…二要…, 一是要…, 首先…其次…, 1. 2., （一）（二）.

Meeting write-ups keep the speaker's own enumeration. A clerk may name the style, or paste the
points as the source wrote them ("一是要高度重视……"): the style is then read from the points and
their numbers are taken off, so that the tool numbers them again, consistently, and never writes
一是 without 二是.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.chinese import chinese_numeral

STYLES = ("一是", "一要", "一是要", "首先", "1.", "（一）")
"""The styles, by the way their first item starts."""

_NUMERAL = "[一二三四五六七八九十]+"
_STARTS = {
    "一是": re.compile(rf"^{_NUMERAL}是"),  # 一是要… too: the 要 stays with the text
    "一要": re.compile(rf"^{_NUMERAL}要"),
    "首先": re.compile(rf"^(首先|其次|再次|然后|最后|第{_NUMERAL})[，,、：:]?"),
    "1.": re.compile(r"^\d{1,2}\s*[.．、](?!\d)"),
    "（一）": re.compile(rf"^[（(]{_NUMERAL}[)）]"),
}
_STYLE_WORDS = {"一是": "一是", "一是……二是……": "一是", "一要": "一要", "一要……二要……": "一要",
                "一是要": "一是要", "首先": "首先", "首先……其次……": "首先", "1.": "1.", "1": "1.",
                "1、": "1.", "（一）": "（一）", "(一)": "（一）"}
_SEQUENCE_WORDS = ("首先", "其次", "再次")


def parse_style(value: object) -> str:
    """A style as a clerk names it: 一是, 一要, 一是要, 首先, 1. or （一）."""
    text = str(value).strip()
    if text not in _STYLE_WORDS:
        raise ValueError("编号方式只能是 一是、一要、一是要、首先、1. 或 （一）")
    return _STYLE_WORDS[text]


@dataclass(frozen=True)
class Points:
    """Points with their numbers taken off, and the style they were written in (if any)."""

    texts: tuple[str, ...]
    style: str | None


def read_points(texts: list[str]) -> Points:
    """The points as written: when every one of several starts with the numbers of one style,
    that style, and the texts without the numbers. 一是要…二是… reads as 一是 with 要 kept in the
    texts, so that what was written is what is printed."""
    if len(texts) < 2:
        single = tuple(_strip_any(t) for t in texts)
        return Points(single, None)
    for style, pattern in _STARTS.items():
        if all(pattern.match(t) for t in texts):
            return Points(tuple(pattern.sub("", t, count=1).lstrip("，,、：: ") for t in texts), style)
    return Points(tuple(texts), None)


def _strip_any(text: str) -> str:
    """A lone point that still carries a first number (一是…): the number is dropped, since a
    single point is never numbered."""
    for pattern in (_STARTS["一是"], _STARTS["首先"]):
        if pattern.match(text):
            return pattern.sub("", text, count=1).lstrip("，,、：: ")
    return text


def numbered(texts: tuple[str, ...], style: str) -> list[str]:
    """Each point with its number in *style*: 一是……, 一要……, 首先，……, 1.……, （一）……
    A single point gets no number (no 一是 without 二是)."""
    if len(texts) == 1:
        return [texts[0]]
    count = len(texts)
    return [_number(i, count, style) + _body(text, style) for i, text in enumerate(texts, 1)]


def _body(text: str, style: str) -> str:
    """The text after its number: 一要 and 一是要 already say 要."""
    return text[1:] if style in ("一要", "一是要") and text.startswith("要") and len(text) > 1 else text


def _number(i: int, count: int, style: str) -> str:
    if style == "首先":
        if i == count and count > 2:
            return "最后，"
        return f"{_SEQUENCE_WORDS[i - 1]}，" if i <= len(_SEQUENCE_WORDS) else f"第{chinese_numeral(i)}，"
    if style == "1.":
        return f"{i}."
    if style == "（一）":
        return f"（{chinese_numeral(i)}）"
    return f"{chinese_numeral(i)}{style[1:]}"
