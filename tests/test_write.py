"""Stage 6, write: atomic files, a manifest of what reportgen wrote, hand edits never lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reportgen.errors import OutputError
from reportgen.write import MANIFEST, Outcome, atomic_write, safe_file_name, write_document


def test_first_write_creates_file_and_manifest(tmp_path: Path) -> None:
    result = write_document(tmp_path / "out", "总结", b"one")
    assert result.outcome is Outcome.WRITTEN
    assert result.path.read_bytes() == b"one"
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text("utf-8"))
    assert manifest["format"] == 2 and set(manifest["files"]) == {"总结.docx"}


def test_same_bytes_again_is_unchanged(tmp_path: Path) -> None:
    write_document(tmp_path, "总结", b"one")
    assert write_document(tmp_path, "总结", b"one").outcome is Outcome.UNCHANGED


def test_new_content_replaces_a_file_reportgen_wrote(tmp_path: Path) -> None:
    write_document(tmp_path, "总结", b"one")
    result = write_document(tmp_path, "总结", b"two")
    assert result.outcome is Outcome.WRITTEN
    assert result.path.read_bytes() == b"two"


def test_a_hand_edited_file_is_kept(tmp_path: Path) -> None:
    path = write_document(tmp_path, "总结", b"one").path
    path.write_bytes(b"edited by hand")
    result = write_document(tmp_path, "总结", b"two")
    assert result.outcome is Outcome.KEPT_EDITED
    assert path.read_bytes() == b"edited by hand"


def test_a_file_reportgen_never_wrote_is_kept(tmp_path: Path) -> None:
    (tmp_path / "总结.docx").write_bytes(b"someone else's")
    assert write_document(tmp_path, "总结", b"new").outcome is Outcome.KEPT_EDITED
    assert (tmp_path / "总结.docx").read_bytes() == b"someone else's"


def test_force_backs_up_the_hand_edited_file_first(tmp_path: Path) -> None:
    path = write_document(tmp_path, "总结", b"one").path
    path.write_bytes(b"edited by hand")
    result = write_document(tmp_path, "总结", b"two", force=True)
    assert result.outcome is Outcome.REPLACED_EDITED
    assert result.backup is not None and result.backup.read_bytes() == b"edited by hand"
    assert path.read_bytes() == b"two"


def test_atomic_write_leaves_no_temporary_file_on_failure(tmp_path: Path, monkeypatch) -> None:
    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="无法写入"):
        atomic_write(tmp_path / "a.docx", b"data")
    assert list(tmp_path.iterdir()) == []


def test_written_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "a.docx", b"data")
    finally:
        os.umask(old)
    assert (tmp_path / "a.docx").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize(("title", "expected"), [
    ("示例县财政局2026年上半年爱国卫生工作总结", "示例县财政局2026年上半年爱国卫生工作总结"),
    ("关于A/B的汇报", "关于A_B的汇报"),
    ('问:题*?"<>|', "问_题______"),
    ("  . ", "未命名"),
])
def test_safe_file_name(title: str, expected: str) -> None:
    assert safe_file_name(title) == expected


def test_a_lost_manifest_is_relearned_from_an_unchanged_file(tmp_path: Path) -> None:
    write_document(tmp_path, "总结", b"one")
    (tmp_path / MANIFEST).unlink()
    assert write_document(tmp_path, "总结", b"one").outcome is Outcome.UNCHANGED
    assert write_document(tmp_path, "总结", b"two").outcome is Outcome.WRITTEN


def test_a_write_failure_is_explained_in_chinese(tmp_path: Path, monkeypatch) -> None:
    def refuse(src: str, dst: str) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError) as caught:
        atomic_write(tmp_path / "a.docx", b"data")
    assert str(caught.value).endswith("：不允许写入（文件是否正在 Word 中打开？）")
