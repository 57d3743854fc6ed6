"""The names of the kinds of document, apart from their machinery, so that the command line can
show them in its help without importing how documents are made."""

from __future__ import annotations

KIND_ORDER = ("summary", "minutes", "report", "notice")
"""The kinds, in the order build writes them (reportgen.kinds.KINDS has them in this order)."""

KIND_NAMES = {"工作总结": "summary", "总结": "summary", "会议纪要": "minutes", "纪要": "minutes",
              "会议简报": "minutes", "简报": "minutes", "会议": "minutes", "情况汇报": "report",
              "汇报": "report", "考评结果通报": "notice", "通报": "notice", "考评": "notice"}
"""The Chinese names --kind accepts."""


def kind_help() -> str:
    """Every kind with the Chinese names it may be given by, for --kind's help."""
    return "；".join(f"{name} 或 {'、'.join(c for c, n in KIND_NAMES.items() if n == name)}"
                    for name in KIND_ORDER)
