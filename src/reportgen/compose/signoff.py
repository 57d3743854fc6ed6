"""The 落款 of a document: its 发文机关署名 and 成文日期, placed as GB/T 9704 §7.3.5 says.

Where the two lines go depends on both strings (the date sits relative to the signature), so
the default templates take them as one value, ``{{p sign_off }}``, that writes the two
paragraphs with their right indents (reportgen.layout.closing_place). The value is a plain
dataclass: converted into 繁體 with the rest of the context, it is placed after conversion,
from the strings as printed.

Which kinds are sealed follows the 党政机关公文处理工作条例 (第九条: a 公文 that bears its
issuing unit's name bears its seal): the 通报 and the 情况汇报 (a 报告 to the superior) are
公文 and are printed for the seal; a 工作总结 is no 文种 of the 条例, and goes unsealed. A 纪要
has no 落款 (GB/T 9704 §10.3).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.layout import ClosingPlace, closing_paragraphs, closing_place

SEALED = {"summary": False, "report": True, "notice": True}
"""Whether each kind with a 落款 is printed for the issuing unit's seal."""


@dataclass(frozen=True)
class SignOff:
    """The 署名 and 成文日期 of one document; the template prints it as two paragraphs."""

    signature: str
    date: str
    sealed: bool

    @property
    def place(self) -> ClosingPlace:
        """Where the two lines go (reportgen.layout.closing_place)."""
        return closing_place(self.signature, self.date, self.sealed)

    def __html__(self) -> str:
        """The two w:p (公文署名, 公文成文日期) that {{p sign_off }} stands for; autoescaping
        takes them as markup, their text escaped here."""
        return closing_paragraphs(self.signature, self.date, self.sealed)


def sign_off(kind: str, signature: str, day: str) -> SignOff:
    """The 落款 of a document of *kind* (summary, report, notice)."""
    return SignOff(signature, day, SEALED[kind])
