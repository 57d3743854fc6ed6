"""Rewrite the committed default templates from code: python -m reportgen.defaults."""

from reportgen.defaults import BODIES, build_default, default_template_path

for kind in BODIES:
    path = default_template_path(kind)
    path.write_bytes(build_default(kind))
    print(f"已写入 {path}")
