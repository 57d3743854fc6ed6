"""The manifest (.reportgen.json) of an output folder: what reportgen wrote there.

For each file it keeps the SHA-256 of the content(s) reportgen wrote. A file whose content
matches none of them was made or edited by hand. While a folder is being committed, the
manifest accepts both the old and the new content of each file being replaced, so a build
killed half-way never makes its own files look hand-edited to the next build. A hand-edited
file's content is never accepted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.write.files import atomic_write

MANIFEST = ".reportgen.json"
_FORMAT = 2


@dataclass
class Manifest:
    """Accepted contents per file name of one folder."""

    files: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """The folder's manifest; an empty one when it is missing or unreadable (then every
        existing file counts as hand-made, which keeps it safe)."""
        try:
            data = json.loads((folder / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        if data.get("format") == _FORMAT and isinstance(data.get("files"), dict):
            return cls({str(name): [str(d) for d in digests] for name, digests in data["files"].items()
                        if isinstance(digests, list)})
        # Format 1 (reportgen ≤ 0.6): {name: digest}.
        return cls({str(name): [digest] for name, digest in data.items() if isinstance(digest, str)})

    def accepts(self, name: str, digest: str) -> bool:
        return digest in self.files.get(name, ())

    def accepting(self, changes: Iterable[tuple[str, str, bool]]) -> Manifest:
        """A copy that accepts each (name, new digest, keep old); keep old keeps what was
        accepted before alongside (a file reportgen wrote that is about to be replaced)."""
        files = {name: list(digests) for name, digests in self.files.items()}
        for name, digest, keep_old in changes:
            old = [d for d in files.get(name, []) if d != digest][-1:] if keep_old else []
            files[name] = [*old, digest]
        return Manifest(files)

    def save(self, folder: Path) -> None:
        """Write the manifest atomically and durably."""
        atomic_write(folder / MANIFEST, self.encoded())

    def encoded(self) -> bytes:
        """The manifest file's bytes: one pass over its entries."""
        data = {"format": _FORMAT, "files": dict(sorted(self.files.items()))}
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
