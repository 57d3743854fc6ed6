"""The outline of a 总结 or 汇报 as its author shaped it: one tree of headings.

The records' outline (parts), sections, problems and plans become one tree of nodes, each a
heading or numbered paragraph with what stands under it. Validation checks its levels and
compose lays it out from the same tree, so both see the same nesting.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reportgen.models import Block, PeriodRecords, Section
from reportgen.models import Part as OutlinePart


@dataclass
class Node:
    """A heading (or a numbered paragraph) with what stands under it, before numbering.

    *key* is where it was written in the records (for messages); *section* the record itself."""

    heading: str | None = None
    level: int | None = None
    run_in: bool | None = None
    paragraphs: list[str] = field(default_factory=list)
    points: list[Section] = field(default_factory=list)
    point_layout: str = "inline"
    points_lead: str | None = None
    children: list[Node] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    key: tuple[str | int, ...] = ()
    section: Section | None = None


def node_of(section: Section, key: tuple[str | int, ...]) -> Node:
    """A record's section as a node; headed points become child headings."""
    layout = section.point_layout
    headed = layout == "headed"
    children = [node_of(p, (*key, "points", i)) for i, p in enumerate(section.points)] if headed else []
    children += [node_of(s, (*key, "sections", i)) for i, s in enumerate(section.sections)]
    return Node(section.heading, section.level, section.run_in,
                [*([section.text] if section.text else []), *section.paragraphs],
                [] if headed else list(section.points), layout, section.points_lead,
                children, list(section.after), key, section)


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
    return nodes


def _contents(records: PeriodRecords, name: str, headings: Headings) -> list[Node]:
    if name == "sections":
        return [node_of(s, ("sections", i)) for i, s in enumerate(records.sections)]
    block: Block | None = getattr(records, name)
    if block is None or block.empty:
        return []
    node = node_of(block, (name,))
    node.heading = block.heading or getattr(headings, name)
    return [node]


def _part_node(heading: str, names: list[str], contents: list[list[Node]]) -> Node:
    """A part over what it contains; a part holding one block alone takes the block's content."""
    if len(names) == 1 and names[0] != "sections" and contents[0]:
        return replace(contents[0][0], heading=heading, level=None)
    return Node(heading, children=[node for content in contents for node in content])
