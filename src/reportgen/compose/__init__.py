"""Stage 4, compose: records + facts → the context of one document.

All wording that depends on figures, and all numbering, is decided here, so
templates only place and format text. One module per document kind.
"""

from reportgen.compose.briefing import BriefingContext, compose_briefing
from reportgen.compose.common import Item, Part, end_sentence, figures_sentence, format_rate
from reportgen.compose.minutes import MinutesContext, compose_minutes, minutes_mark
from reportgen.compose.report import ReportContext, compose_report, report_recipient
from reportgen.compose.summary import LedgerRow, SummaryContext, compose_summary

__all__ = [
    "BriefingContext", "Item", "LedgerRow", "MinutesContext", "Part", "ReportContext", "SummaryContext",
    "compose_briefing", "compose_minutes", "compose_report", "compose_summary", "end_sentence",
    "figures_sentence", "format_rate", "minutes_mark", "report_recipient",
]
