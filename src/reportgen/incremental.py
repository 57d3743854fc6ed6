"""Knowing, without reading a unit's records, that its documents are already what a build
would write.

After a unit builds without a failure, its build record (output/.reportgen-build/<单位>.json,
kept apart from the documents, and there too for a unit that has none yet) keeps:

- the build's key: reportgen's version and code, and what was asked (kinds, period, meeting
  day, --draft);
- every file the build read: the unit's records, unit.yaml, 期号 book and meetings, the
  templates, and for an office the records of its members, each with its size, modification
  time and SHA-256;
- the names of the files under data/<单位>/ and in the template folders it draws on, so that a
  new period file or a new template of the unit counts as a change (for an office, every name
  under data/, since a member's new period changes its 汇总);
- each document's outcome and its size and modification time on disk;
- the notes the build gave.

The next build with the same key checks these by their size and time only, and hashes a file
only when they differ or when the file changed so soon before it was read that its time cannot
tell (git's index does the same). When everything holds, the unit is not loaded, validated or
rendered: its results and notes are given again from the record. Anything missing, unreadable
or different means the unit is built as usual, so the record can only ever save work.

The record is written without fsync: it is written after the documents, and a record lost or
torn by a power cut only makes the next build do the work again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportgen import __version__
from reportgen.errors import OutputError
from reportgen.limits import MAX_FILE_BYTES
from reportgen.reading import RECORDS_FILE, FileRefused, Read, read_with_record
from reportgen.write import Outcome, WriteResult
from reportgen.write.files import remove_quietly, write_temporary

RECORDS_FOLDER = ".reportgen-build"
_FORMAT = 1
_RACY_NS = 2_000_000_000
"""A file changed less than this before it was read may change again within the same time
stamp: its content is hashed on the next check, whatever its time says."""


def record_path(output_dir: Path, unit: str) -> Path:
    """Where the build record of *unit* (a checked folder name) is kept."""
    return output_dir / RECORDS_FOLDER / f"{unit}.json"


@cache
def code_digest() -> str:
    """reportgen's version and the digest of its own code and built-in templates: a new
    reportgen, or one changed in place, builds everything again."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".docx", ".conf", ".yaml") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_key(kinds: Iterable[str], period: str | None, day: str | None, draft: bool) -> str:
    """What a build asks for, with the reportgen that answers it."""
    asked = json.dumps([code_digest(), list(kinds), period, day, draft])
    return hashlib.sha256(asked.encode()).hexdigest()


def names_under(folders: Iterable[Path]) -> list[str]:
    """Every file name below *folders* (not following links), each with its folder, sorted."""
    names = []
    for top in folders:
        for folder, folders_in, files in os.walk(top, followlinks=False):
            folders_in.sort()
            names += sorted(os.path.join(folder, name) for name in files)
    return names


def digest_of_names(names: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


@dataclass(frozen=True)
class Output:
    """One document as the record keeps it."""

    path: str
    """Relative to output/."""
    outcome: str
    stale: bool
    size: int
    mtime_ns: int


@dataclass
class UnitRecord:
    """What one unit's last successful build read and wrote (see the module's docstring)."""

    key: str
    names: str
    started_ns: int
    inputs: dict[str, Read] = field(default_factory=dict)
    outputs: list[Output] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    # ------------------------------------------------------------ checking

    def holds(self, key: str, names: str, output_dir: Path) -> bool:
        """Whether a build asking *key*, finding *names*, would write exactly what this record
        says: every input and every document (below *output_dir*) is as it was."""
        if key != self.key or names != self.names:
            return False
        return (all(_unchanged(Path(path), read, self.started_ns) for path, read in self.inputs.items())
                and all(_in_place(output_dir, output) for output in self.outputs))

    def results(self, output_dir: Path) -> list[WriteResult]:
        """The documents as this build reports them: each is unchanged, or still a kept
        hand-edited file (stale as it was)."""
        results = []
        for output in self.outputs:
            kept = output.outcome == Outcome.KEPT_EDITED.name
            results.append(WriteResult(output_dir / output.path,
                                       Outcome.KEPT_EDITED if kept else Outcome.UNCHANGED,
                                       stale=output.stale and kept))
        return results

    # ------------------------------------------------------------ keeping

    @classmethod
    def of_build(cls, key: str, names: str, started_ns: int, reads: Mapping[Path, Read],
                 written: Iterable[WriteResult], notes: Iterable[str], output_dir: Path,
                 owned: Iterable[Path] = ()) -> UnitRecord | None:
        """The record of a unit just built; None when a document is not where it was reported.
        Files in *owned* the build itself wrote (its 期号 book) are kept as they are now."""
        inputs = {str(path): read for path, read in reads.items()}
        for path in owned:
            try:
                inputs[str(path)] = read_with_record(path, MAX_FILE_BYTES, RECORDS_FILE)[1]
            except FileRefused:
                continue
        outputs = []
        for result in written:
            try:
                info = result.path.stat()
                relative = result.path.relative_to(output_dir).as_posix()
            except (OSError, ValueError):
                return None
            outputs.append(Output(relative, result.outcome.name, result.stale, info.st_size,
                                  info.st_mtime_ns))
        return cls(key, names, started_ns, inputs, outputs, list(notes))

    def save(self, path: Path) -> None:
        """Write the record (temporary file and rename, without fsync: see the module)."""
        data = {"format": _FORMAT, "key": self.key, "names": self.names, "started_ns": self.started_ns,
                "inputs": {p: [r.size, r.mtime_ns, r.digest] for p, r in sorted(self.inputs.items())},
                "outputs": [[o.path, o.outcome, o.stale, o.size, o.mtime_ns] for o in self.outputs],
                "notes": self.notes}
        temporary = None
        try:
            path.parent.mkdir(exist_ok=True)
            temporary = write_temporary(path.parent, json.dumps(data, ensure_ascii=False).encode(),
                                        path.suffix)
            os.replace(temporary, path)
        except (OSError, OutputError):  # only a cache: the next build does the work again
            if temporary is not None:
                remove_quietly(temporary)

    @classmethod
    def load(cls, path: Path) -> UnitRecord | None:
        """The record at *path*; None when there is none, or it is not one this reportgen wrote."""
        try:
            data = json.loads(path.read_text("utf-8"))
            if data["format"] != _FORMAT:
                return None
            return cls(str(data["key"]), str(data["names"]), int(data["started_ns"]),
                       {str(p): Read(int(s), int(m), str(d)) for p, (s, m, d) in data["inputs"].items()},
                       [Output(str(p), str(o), bool(st), int(s), int(m))
                        for p, o, st, s, m in data["outputs"]],
                       [str(n) for n in data["notes"]])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None


def forget(path: Path) -> None:
    """Remove a unit's record: its last build failed, so the next one must do the work."""
    remove_quietly(path)


def now_ns() -> int:
    """The time a unit's build starts, against which its inputs' times are judged."""
    return time.time_ns()


def _unchanged(path: Path, read: Read, started_ns: int) -> bool:
    try:
        info = os.stat(path)
    except OSError:
        return False
    if info.st_size != read.size:
        return False
    if info.st_mtime_ns == read.mtime_ns and read.mtime_ns < started_ns - _RACY_NS:
        return True
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == read.digest
    except OSError:
        return False


def _in_place(output_dir: Path, output: Output) -> bool:
    """The document is still there as it was written (or kept): its size and time alone say
    so, since only a hand edit or a later build changes a document."""
    try:
        info = os.stat(output_dir / output.path)
    except OSError:
        return False
    return info.st_size == output.size and info.st_mtime_ns == output.mtime_ns


__all__ = ["RECORDS_FOLDER", "UnitRecord", "build_key", "code_digest", "digest_of_names", "forget",
           "names_under", "record_path"]
