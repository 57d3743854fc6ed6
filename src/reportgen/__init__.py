"""reportgen: one period's 爱国卫生 / 创卫 records → GB/T 9704 Word documents.

Use it as a library through :func:`reportgen.build.build`; the CLI only calls it.
"""

__version__ = "0.1.0"
