"""A folder's documents are committed all or none, hand edits are never lost, and nothing is
written outside the output folder (reportgen.write)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from reportgen.errors import OutputError, WorkspaceError
from reportgen.write import (
    MANIFEST,
    Document,
    Manifest,
    Outcome,
    check_folder_name,
    commit_folder,
    remove_orphans,
    safe_file_name,
)
from reportgen.write import commit as commit_module
from reportgen.write import files as files_module

DOCS = [Document("总结", b"summary one"), Document("纪要", b"minutes one"), Document("汇报", b"report one")]


def commit(folder: Path, documents: list[Document], *, force: bool = False) -> list[Outcome]:
    return [r.outcome for r in commit_folder(folder, folder, documents, force=force)]


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != MANIFEST}


def test_a_folder_in_the_way_stops_the_whole_commit_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "纪要.docx").mkdir()
    with pytest.raises(OutputError) as caught:
        commit(tmp_path, DOCS)
    assert "纪要.docx 是一个文件夹" in str(caught.value)
    assert "未写入任何文件，原有文件保持不变" in str(caught.value)
    assert not caught.value.partial
    assert [p.name for p in tmp_path.iterdir()] == ["纪要.docx"]


def test_a_failed_rename_puts_back_what_was_already_swapped(tmp_path: Path, monkeypatch) -> None:
    commit(tmp_path, DOCS)
    before = contents(tmp_path)
    real_replace, calls = os.replace, []

    def third_fails(source: str | Path, target: str | Path) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", third_fails)
    with pytest.raises(OutputError) as caught:
        commit(tmp_path, [Document(d.title, d.data + b" v2") for d in DOCS])
    monkeypatch.undo()
    assert "无法写入" in str(caught.value) and "未写入任何文件" in str(caught.value)
    assert contents(tmp_path) == before
    # The old contents are still reportgen's own: the next build replaces them without fuss.
    assert commit(tmp_path, [Document(d.title, d.data + b" v2") for d in DOCS]) == [Outcome.WRITTEN] * 3


@pytest.mark.parametrize("failing", [DOCS[0].data, DOCS[-1].data, None],
                         ids=["first document", "last document", "manifest"])
def test_a_failure_while_staging_leaves_no_temporary_file(tmp_path: Path, monkeypatch,
                                                          failing: bytes | None) -> None:
    """The documents and the manifest are synced together from several threads; whichever
    sync fails, nothing is left behind."""
    synced: list[Path] = []
    real = files_module.fsync_file

    def disk_full(path: Path) -> None:
        synced.append(path)
        if (path.read_bytes() == failing) if failing is not None else path.suffix == ".json":
            raise OSError(28, "No space left on device")
        real(path)

    monkeypatch.setattr(files_module, "fsync_file", disk_full)
    with pytest.raises(OutputError, match="磁盘空间不足"):
        commit(tmp_path, DOCS)
    assert list(tmp_path.iterdir()) == []
    assert len(synced) == len(DOCS) + 1  # every sync ran, the failing one too


def test_the_documents_and_manifest_of_a_folder_are_synced_in_one_batch(tmp_path: Path,
                                                                        monkeypatch) -> None:
    batches: list[list[str]] = []
    real = files_module.fsync_files

    def recorded(paths: list[Path]) -> None:
        batches.append(sorted(p.suffix for p in paths))
        real(paths)

    monkeypatch.setattr(commit_module, "fsync_files", recorded)
    commit(tmp_path, DOCS)
    assert batches == [[".docx"] * len(DOCS) + [".json"]]
    assert json.loads((tmp_path / MANIFEST).read_text("utf-8"))["files"].keys() == {
        f"{d.title}.docx" for d in DOCS}


def test_a_build_killed_after_the_journal_leaves_files_reportgen_still_owns(tmp_path: Path,
                                                                          monkeypatch) -> None:
    commit(tmp_path, DOCS)

    def killed(plans: object) -> None:
        raise KeyboardInterrupt  # stands for the process dying between the journal and the swap

    monkeypatch.setattr(commit_module, "_swap", killed)
    with pytest.raises(KeyboardInterrupt):
        commit(tmp_path, [Document(d.title, d.data + b" v2") for d in DOCS])
    monkeypatch.undo()
    assert contents(tmp_path) == {f"{d.title}.docx": d.data for d in DOCS}
    assert commit(tmp_path, [Document(d.title, d.data + b" v3") for d in DOCS]) == [Outcome.WRITTEN] * 3


def test_a_hand_edited_file_is_never_accepted_by_the_journal(tmp_path: Path) -> None:
    commit(tmp_path, DOCS[:1])
    (tmp_path / "总结.docx").write_bytes(b"edited by hand")
    commit(tmp_path, [Document("总结", b"summary two")], force=True)
    assert not Manifest.read(tmp_path).accepts("总结.docx", _sha(b"edited by hand"))


def test_two_forced_builds_in_one_second_keep_both_edits(tmp_path: Path) -> None:
    commit(tmp_path, DOCS[:1])
    path = tmp_path / "总结.docx"
    path.write_bytes(b"first edit")
    first = commit_folder(tmp_path, tmp_path, [Document("总结", b"two")], force=True)[0].backup
    path.write_bytes(b"second edit")
    second = commit_folder(tmp_path, tmp_path, [Document("总结", b"three")], force=True)[0].backup
    assert first and second and first != second
    assert (first.read_bytes(), second.read_bytes()) == (b"first edit", b"second edit")
    assert path.read_bytes() == b"three"


def test_a_read_only_file_is_explained_and_nothing_else_changes(tmp_path: Path) -> None:
    commit(tmp_path, DOCS)
    (tmp_path / "汇报.docx").chmod(stat.S_IRUSR | stat.S_IRGRP)
    with pytest.raises(OutputError, match=r"汇报\.docx 是只读文件") as caught:
        commit(tmp_path, [Document(d.title, d.data + b" v2") for d in DOCS])
    assert "未写入任何文件" in str(caught.value)
    assert contents(tmp_path) == {f"{d.title}.docx": d.data for d in DOCS}


def test_a_symlinked_folder_is_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "单位").symlink_to(outside)
    with pytest.raises(OutputError, match="符号链接"):
        commit_folder(tmp_path / "output", tmp_path / "output" / "单位" / "2026-H1", DOCS)
    assert list(outside.iterdir()) == []


def test_a_symlink_in_place_of_a_document_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.docx"
    outside.write_bytes(b"not yours")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "总结.docx").symlink_to(outside)
    with pytest.raises(OutputError, match="不是普通文件"):
        commit(folder, DOCS[:1], force=True)
    assert outside.read_bytes() == b"not yours"


def test_two_titles_with_one_file_name_both_get_written(tmp_path: Path) -> None:
    commit(tmp_path, [Document("会议/纪要", b"a"), Document("会议_纪要", b"b")])
    assert contents(tmp_path) == {"会议_纪要.docx": b"a", "会议_纪要（2）.docx": b"b"}


def test_orphan_temporary_files_are_removed(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / ".tmp-x1.docx").write_bytes(b"")
    (tmp_path / "a" / "keep.docx").write_bytes(b"")
    assert [p.name for p in remove_orphans(tmp_path)] == [".tmp-x1.docx"]
    assert (tmp_path / "a" / "keep.docx").exists()


def test_an_old_format_manifest_is_still_understood(tmp_path: Path) -> None:
    (tmp_path / "总结.docx").write_bytes(b"one")
    (tmp_path / MANIFEST).write_text(json.dumps({"总结.docx": _sha(b"one")}), "utf-8")
    assert commit(tmp_path, [Document("总结", b"two")]) == [Outcome.WRITTEN]


def test_nothing_to_do_writes_nothing(tmp_path: Path) -> None:
    commit(tmp_path, DOCS)
    stamp = (tmp_path / MANIFEST).stat().st_mtime_ns
    assert commit(tmp_path, DOCS) == [Outcome.UNCHANGED] * 3
    assert (tmp_path / MANIFEST).stat().st_mtime_ns == stamp


@pytest.mark.parametrize(("title", "expected"), [
    ("CON", "_CON"), ("aux.总结", "_aux.总结"), ("COM1", "_COM1"), ("CONTROL", "CONTROL"),
    ("总" * 100, "总" * 60), ("a\x00b", "a_b"),
])
def test_file_names_avoid_device_names_and_stay_short(title: str, expected: str) -> None:
    assert safe_file_name(title) == expected


@pytest.mark.parametrize("name", ["../x", "..", ".", "/etc", "a/b", "a\\b", "a\x00b", "CON", "nul.txt",
                                  "单位.", " 单位", "单" * 61, ""])
def test_unsafe_unit_names_are_refused_in_chinese(name: str) -> None:
    with pytest.raises(WorkspaceError, match="单位名称"):
        check_folder_name(name, "单位名称")


def _sha(data: bytes) -> str:
    import hashlib
    return hashlib.sha256(data).hexdigest()
