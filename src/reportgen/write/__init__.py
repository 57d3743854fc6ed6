"""Stage 6, write: documents into output/, a period's together or not at all, never over a
hand-edited file, never outside output/.

Each output folder keeps a manifest (.reportgen.json) of the content reportgen wrote there. A
file whose content no longer matches, or that reportgen never wrote, was made or edited by hand:
it is left alone unless the caller forces, and then it is first kept as a backup copy under a
name of its own.
"""

from reportgen.write.commit import Document, Outcome, WriteResult, commit_folder, write_document
from reportgen.write.files import atomic_write, real_folder, remove_orphans
from reportgen.write.lock import workspace_lock
from reportgen.write.manifest import MANIFEST, Manifest
from reportgen.write.names import check_folder_name, safe_file_name

__all__ = ["MANIFEST", "Document", "Manifest", "Outcome", "WriteResult", "atomic_write",
           "check_folder_name", "commit_folder", "real_folder", "remove_orphans", "safe_file_name",
           "workspace_lock", "write_document"]
