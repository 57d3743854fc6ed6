"""The body of a 总结 or 汇报 as its author shaped it: parts, headings to four levels, points.

The records' outline, sections, problems and plans become one tree of numbered headings
(一、 （一） 1. （1）, restarting under each parent, levels may be skipped), which is then
laid out as a flat list of paragraphs, each telling the template its style. Numbering is
made here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reportgen.chinese import chinese_numeral
from reportgen.compose.common import Item, Part, end_sentence
from reportgen.models import Block, PeriodRecords, Section, heading_level
from reportgen.models import Part as OutlinePart


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


@dataclass
class Node:
    """A heading (or a numbered paragraph) with what stands under it, before numbering."""

    heading: str | None = None
    level: int | None = None
    run_in: bool | None = None
    paragraphs: list[str] = field(default_factory=list)
    points: list[Section] = field(default_factory=list)
    point_layout: str = "inline"
    points_lead: str | None = None
    children: list[Node] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


def node_of(section: Section) -> Node:
    """A record's section as a node; headed points become child headings."""
    layout = section.point_layout
    headed = layout == "headed"
    children = [node_of(p) for p in section.points] if headed else []
    children += [node_of(s) for s in section.sections]
    return Node(section.heading, section.level, section.run_in,
                [*([section.text] if section.text else []), *section.paragraphs],
                [] if headed else list(section.points), layout, section.points_lead,
                children, list(section.after))


@dataclass(frozen=True)
class Headings:
    """The headings of the blocks when the clerk gives none (they differ by kind and period)."""

    problems: str
    plans: str


def outline_nodes(records: PeriodRecords, headings: Headings) -> list[Node]:
    """The top-level nodes of the body, following the records' outline (or the default one:
    the work sections, then 存在的问题, then the plans)."""
    outline = records.outline or [OutlinePart(contains=[name])
                                  for name in ("sections", "problems", "plans")]
    nodes: list[Node] = []
    for part in outline:
        contents = [_contents(records, name, headings) for name in part.contains]
        if part.heading is None:
            nodes += [node for content in contents for node in content]
        else:
            nodes.append(_part_node(part.heading, part.contains, contents))
    return [node for node in nodes if not _is_empty(node)]


def _contents(records: PeriodRecords, name: str, headings: Headings) -> list[Node]:
    if name == "sections":
        return [node_of(s) for s in records.sections]
    block: Block | None = getattr(records, name)
    if block is None or block.empty:
        return []
    node = node_of(block)
    node.heading = block.heading or getattr(headings, name)
    return [node]


def _part_node(heading: str, names: list[str], contents: list[list[Node]]) -> Node:
    """A part over what it contains; a part holding one block alone takes the block's content."""
    if len(names) == 1 and names[0] != "sections" and contents[0]:
        return replace(contents[0][0], heading=heading, level=None)
    return Node(heading, children=[node for content in contents for node in content])


def _is_empty(node: Node) -> bool:
    return not (node.heading or node.paragraphs or node.points or node.children or node.after)


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
