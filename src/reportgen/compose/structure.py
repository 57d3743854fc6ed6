"""The body of a 总结 or 汇报 laid out: the records' outline tree (reportgen.outline) numbered
一、 （一） 1. （1）, restarting under each parent, as a flat list of paragraphs, each telling
the template its style. Numbering is made here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.chinese import chinese_numeral
from reportgen.compose.common import Item, Part, end_sentence
from reportgen.models import Section, heading_level
from reportgen.outline import Node


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the body.

    kind "heading": a heading on its own line (style 公文N级标题, N = level);
    kind "text": a body paragraph, opening with a run-in heading or number when level > 0
    (``number`` + ``heading`` in the level's heading font, then ``text``)."""

    kind: str
    level: int = 0
    number: str = ""
    heading: str = ""
    text: str = ""


# ---------------------------------------------------------------- numbering and layout


def heading_number(level: int, n: int) -> str:
    """一、 （一） 1. （1）: the number of the n-th heading of *level*."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def layout_body(nodes: list[Node]) -> tuple[Paragraph, ...]:
    """The paragraphs of the whole body, top-level nodes numbered 一、二、… ."""
    paragraphs: list[Paragraph] = []
    _layout_children(nodes, 0, paragraphs)
    return tuple(paragraphs)


def _layout_children(children: list[Node], parent: int, out: list[Paragraph]) -> None:
    for n, child in enumerate(children, 1):
        level = heading_level(parent, child.heading, child.level)
        _layout_node(child, level, heading_number(level, n), out)


def _layout_node(node: Node, level: int, number: str, out: list[Paragraph]) -> None:
    texts = list(node.paragraphs)
    run_in = node.run_in if node.run_in is not None else (level >= 3 or not node.heading)
    if node.heading and not (run_in and texts):
        out.append(Paragraph("heading", level, number, node.heading))
    else:
        heading = _run_in_heading(node.heading) if node.heading else ""
        out.append(Paragraph("text", level, number, heading, texts.pop(0) if texts else ""))
    out += [Paragraph("text", text=text) for text in texts]
    out += point_paragraphs(node)
    _layout_children(node.children, level, out)
    out += [Paragraph("text", text=text) for text in node.after]


def _run_in_heading(heading: str) -> str:
    """A heading run into its text ends like a sentence: 狠抓日常督查 → 狠抓日常督查。"""
    return heading if heading[-1] in "。！？；…：，" else f"{heading}。"


def point_paragraphs(node: Node) -> list[Paragraph]:
    """一是……二是…… in one paragraph (inline) or one paragraph each (paragraphs); a single
    point is never labelled 一是 on its own."""
    if not node.points:
        return []
    texts = [_point_text(p) for p in node.points]
    if len(texts) > 1:
        texts = [f"{chinese_numeral(i)}是{t}" for i, t in enumerate(texts, 1)]
    lead = node.points_lead or ""
    if node.point_layout == "paragraphs":
        return [Paragraph("text", text=t) for t in ([lead] if lead else []) + texts]
    return [Paragraph("text", text=lead + "".join(texts))]


def _point_text(point: Section) -> str:
    parts = [end_sentence(t) for t in (point.heading, point.text, *point.paragraphs) if t]
    return "".join(parts)


# ---------------------------------------------------------------- for templates of before


def parts_of(nodes: list[Node]) -> tuple[Part, ...]:
    """The top-level nodes in the form templates made before four levels existed use:
    a part's paragraphs and its points (child headings, or 一是 points)."""
    parts = []
    for n, node in enumerate(nodes, 1):
        children = [Item(i, " ".join(c.paragraphs), c.heading) for i, c in enumerate(node.children, 1)]
        points = [Item(i, _point_text(p)) for i, p in enumerate(node.points, 1)]
        layout = ("headed" if children and all(c.heading for c in children)
                  else "list" if children else "inline")
        parts.append(Part(heading_number(1, n), node.heading or "", tuple(node.paragraphs),
                          tuple(children or points), layout))
    return tuple(parts)
