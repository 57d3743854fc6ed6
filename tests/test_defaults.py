"""The built-in templates are built from code; the committed .docx files must match that code."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from reportgen.defaults import BODIES, build_default, default_template_path

REGENERATE = "python -m reportgen.defaults"
KINDS = sorted(BODIES)


def test_summary_is_a_built_in_kind() -> None:
    assert "summary" in BODIES
    assert default_template_path("summary").name == "summary.docx"


@pytest.mark.parametrize("kind", KINDS)
def test_committed_default_template_is_in_step_with_the_code(kind: str) -> None:
    path = default_template_path(kind)
    assert path.is_file(), f"{path} is missing: run `{REGENERATE}` and commit the result"
    if build_default(kind) != path.read_bytes():
        pytest.fail(f"{path.name} is out of date with reportgen.layout / reportgen.defaults: "
                    f"run `{REGENERATE}` and commit the rewritten file", pytrace=False)


@pytest.mark.parametrize("kind", KINDS)
def test_building_a_default_template_twice_gives_identical_bytes(kind: str) -> None:
    assert build_default(kind) == build_default(kind)


def _thumbnail_traces(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        traces = [n for n in archive.namelist() if "thumbnail" in n.lower()]
        for name in archive.namelist():
            if name.endswith(".rels") or name == "[Content_Types].xml":
                text = archive.read(name).decode("utf-8")
                if "thumbnail" in text.lower():
                    traces.append(f"reference in {name}")
    return traces


@pytest.mark.parametrize("kind", KINDS)
def test_built_default_template_has_no_thumbnail(kind: str) -> None:
    assert _thumbnail_traces(build_default(kind)) == []


@pytest.mark.parametrize("kind", KINDS)
def test_committed_default_template_has_no_thumbnail(kind: str) -> None:
    assert _thumbnail_traces(default_template_path(kind).read_bytes()) == []


@pytest.mark.parametrize("kind", KINDS)
def test_default_template_opens_and_has_the_gbt9704_styles(kind: str) -> None:
    document = docx.Document(io.BytesIO(build_default(kind)))
    style_ids = {s.style_id for s in document.styles}
    assert {"GwTitle", "GwHeading1", "GwHeading2", "GwSignature", "GwDate",
            "GwPageNumberOdd", "GwPageNumberEven"} <= style_ids
    assert document.core_properties.title == "{{ title }}"


def test_the_second_units_template_is_in_step_with_its_script() -> None:
    import importlib.util

    script = Path(__file__).resolve().parent.parent / "tools" / "make_sample_template.py"
    spec = importlib.util.spec_from_file_location("make_sample_template", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.TARGET.read_bytes() == module.build(), (
        "templates/示例县城南街道办事处/summary.docx 与 tools/make_sample_template.py 不一致：\n"
        "运行 python tools/make_sample_template.py 并提交重新生成的文件")


def test_every_template_name_has_a_built_in_default_and_no_other() -> None:
    from reportgen.kinds import TEMPLATES

    assert set(BODIES) == set(TEMPLATES)
    assert all(default_template_path(name).is_file() for name in TEMPLATES)
