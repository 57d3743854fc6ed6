"""Export: the PDF of each .docx, written beside it, for 报送 and OA systems.

``export_pdfs`` takes the .docx files of a build (or those ``outdated_documents`` finds in
output/), converts them all in one LibreOffice process (reportgen.pdf.soffice), then commits
each folder's PDFs through reportgen.write.commit_folder like any document: tracked in the
folder's manifest, written all or none, a PDF edited or replaced by hand kept unless forced.

Nothing here raises for a document or a missing LibreOffice: the report lists what was written,
which documents failed and why (each failure alone, the others still get their PDF), and notes
on fonts the PDF had to substitute. The .docx files are never touched.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import OutputError, display_path
from reportgen.pdf.fonts import font_config, substitution_note
from reportgen.pdf.soffice import Converted, LibreOfficeMissing, convert_batch, find_soffice
from reportgen.write import Document, WriteResult, commit_folder
from reportgen.write.files import TEMPORARY_PREFIX, reason

PDF = ".pdf"
_BACKUP_MARK = ".手工修改备份-"


@dataclass(frozen=True)
class PdfFailure:
    """A document that got no PDF, and why (in Chinese, naming it)."""

    document: Path
    message: str


@dataclass
class PdfReport:
    """What the PDF stage wrote, could not convert, and has to say."""

    written: list[WriteResult] = field(default_factory=list)
    failures: list[PdfFailure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Font substitutions: worth a look, they do not stop anything."""
    unavailable: str = ""
    """Why no PDF could be made at all (LibreOffice not found), with how to install it."""

    @property
    def ok(self) -> bool:
        return not self.failures and not self.unavailable


def export_pdfs(base: Path, documents: Sequence[Path], *, force: bool = False,
                on_result: Callable[[WriteResult], None] | None = None,
                timeout: float | None = None,
                environ: Mapping[str, str] | None = None) -> PdfReport:
    """Write X.pdf beside each X.docx of *documents* (all below *base*, the output folder).

    One LibreOffice process converts them all, within *timeout* seconds (by default one that
    grows with their number). A PDF edited by hand is kept unless *force*. *on_result* hears of
    each PDF as its folder is committed. *environ* stands in for os.environ (REPORTGEN_SOFFICE,
    PATH)."""
    report = PdfReport()
    wanted = _unique([Path(d) for d in documents])
    if not wanted:
        return report
    try:
        soffice = find_soffice(environ)
    except LibreOfficeMissing as exc:
        report.unavailable = str(exc)
        return report
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-", ignore_cleanup_errors=True) as temp:
        work = Path(temp)
        fonts_conf = work / "fonts.conf"
        fonts_conf.write_bytes(font_config())
        note = substitution_note(wanted, fonts_conf, environ)
        if note:
            report.notes.append(note)
        converted = convert_batch(soffice, wanted, work, fonts_conf=fonts_conf, timeout=timeout,
                                  environ=environ)
        for item in converted:
            if item.pdf is None:
                report.failures.append(PdfFailure(item.document, _failed(item.document, item.problem)))
        for folder, items in _by_folder(converted).items():
            _commit(base, folder, items, force, report, on_result)
    return report


def _commit(base: Path, folder: Path, items: list[tuple[Path, Path]], force: bool,
            report: PdfReport, on_result: Callable[[WriteResult], None] | None) -> None:
    """Commit one folder's PDFs together; a folder that cannot be written fails its documents."""
    try:
        pdfs = [Document(document.stem, pdf.read_bytes(), PDF) for document, pdf in items]
        results = commit_folder(base, folder, pdfs, force=force)
    except OutputError as exc:
        for document, _ in items:
            report.failures.append(PdfFailure(document, f"{display_path(document)} 的 PDF 未写入：{exc}"))
        return
    except OSError as exc:  # reading back what LibreOffice wrote in the temporary folder
        for document, _ in items:
            report.failures.append(PdfFailure(document, _failed(document, reason(exc))))
        return
    for result in results:
        report.written.append(result)
        if on_result is not None:
            on_result(result)


def _failed(document: Path, problem: str) -> str:
    return f"{display_path(document)} 未能转换为 PDF：{problem}"


def _unique(documents: Iterable[Path]) -> list[Path]:
    seen: set[Path] = set()
    unique = []
    for document in documents:
        key = document.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(document)
    return unique


def _by_folder(converted: Iterable[Converted]) -> dict[Path, list[tuple[Path, Path]]]:
    """Each folder's (document, PDF) pairs, folders in the order their first document came."""
    folders: dict[Path, list[tuple[Path, Path]]] = {}
    for item in converted:
        if item.pdf is not None:
            folders.setdefault(item.document.parent, []).append((item.document, item.pdf))
    return folders


def outdated_documents(base: Path, *, units: Iterable[str] | None = None,
                       period: str | None = None, force: bool = False) -> list[Path]:
    """The .docx files under *base* (output/<unit>/<period>/) whose PDF is missing or older than
    the .docx; every one with *force*. *units* and *period* keep only those folders. Word's
    lock files (~$…), reportgen's temporary files and backups of hand-edited files are left out."""
    chosen = set(units) if units is not None else None
    found = []
    for document in sorted(base.glob("*/*/*.docx")):
        unit, folder = document.parent.parent.name, document.parent.name
        if chosen is not None and unit not in chosen:
            continue
        if period is not None and folder != period:
            continue
        if _not_a_document(document.name) or not document.is_file():
            continue
        if force or _pdf_outdated(document):
            found.append(document)
    return found


def _not_a_document(name: str) -> bool:
    return name.startswith(("~$", TEMPORARY_PREFIX)) or _BACKUP_MARK in name


def _pdf_outdated(document: Path) -> bool:
    pdf = document.with_suffix(PDF)
    try:
        return pdf.stat().st_mtime_ns < document.stat().st_mtime_ns
    except OSError:
        return True
