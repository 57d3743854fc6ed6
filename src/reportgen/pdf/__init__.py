"""Stage 6, write (PDF): a PDF beside each .docx, for 报送 and OA systems, through LibreOffice.

One headless LibreOffice process converts a whole batch (soffice.py), with a private profile
and the 公文 fonts mapped to free stand-ins where they are missing (fonts.py, fonts.conf); each
folder's PDFs are then committed like its .docx files (reportgen.write.commit_folder). Without
LibreOffice, or for a document it cannot convert, the report says so in Chinese and nothing
else is affected (export.py).
"""

from reportgen.pdf.export import PdfFailure, PdfReport, export_pdfs, outdated_documents
from reportgen.pdf.fonts import font_config, stand_ins, substitution_note
from reportgen.pdf.soffice import ENVIRONMENT, INSTALL_HINT, LibreOfficeMissing, find_soffice

__all__ = ["ENVIRONMENT", "INSTALL_HINT", "LibreOfficeMissing", "PdfFailure", "PdfReport",
           "export_pdfs", "find_soffice", "font_config", "outdated_documents", "stand_ins",
           "substitution_note"]
