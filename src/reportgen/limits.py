"""What one template may cost before it is refused: size, time and work.

Offices edit templates in Word, and a template is code: it can be broken, or
built to hang a build or fill the memory. Every bound below is far above what
a real 公文 template needs (the built-in ones are 0.8 MB of 18 parts, hold a
few dozen tags and render in about a millisecond), so a template that reaches
one is broken or hostile, and is refused with a message that says which bound.
"""

from __future__ import annotations

MB = 1024 * 1024

# ---------------------------------------------------------------- the .docx file

MAX_TEMPLATE_BYTES = 64 * MB
"""The .docx file itself. A template is tens of KB; one with a logo and a few photos pasted in
stays under 10 MB."""

MAX_ENTRIES = 2000
"""Files in the zip. A Word document has 10–40 parts, plus one per picture or embedded font."""

MAX_ENTRY_BYTES = 64 * MB
"""One part, uncompressed, as the zip declares it. The largest parts are pictures and embedded
fonts (a full CJK font is 10–20 MB); the built-in styles are 0.4 MB."""

MAX_TOTAL_BYTES = 256 * MB
"""All parts together, uncompressed. A prepared template keeps them in memory for the whole
build, so this also bounds what one template costs. Real templates are a few MB."""

MAX_TEMPLATED_PART_BYTES = 8 * MB
"""A part that holds tags (body, header, footer, footnotes, properties). A 100-page document.xml
is about 2 MB; these parts are also parsed and run through docxtpl's clean-up."""

MAX_TAGS_PER_PART = 20_000
"""Jinja tags in one part. The built-in body has 40; a template with a long table has hundreds."""

# ---------------------------------------------------------------- rendering

MAX_VALUE_CHARS = 1_000_000
"""One value a template builds or prints (a string, or the text of a list). A whole 公文 is
under 100,000 characters; one paragraph under 5,000."""

MAX_INT_BITS = 4096
"""An integer a template computes (about 1,200 digits). The figures of a 公文 fit in 64 bits."""

MAX_PART_CHARS = 10_000_000
"""The rendered XML of one part. The rendered body of a 100-page report is about 2 million
characters (Word's markup around every paragraph included)."""

MAX_RENDER_CHARS = 50_000_000
"""All the text one render builds on the way to its output: values made by filters, ``~`` and
the like, and the output of macros and blocks (the output itself is bounded by MAX_PART_CHARS).
The built-in templates build a few dozen characters this way."""

MAX_RANGE_ITEMS = 100_000
"""One range() (Jinja's own sandbox bound). Real templates use range for a few blank rows."""

MAX_RANGE_TOTAL = 1_000_000
"""All range() items one render may create, so nested ranges fail at once instead of running."""

MAX_STEPS = 1_000_000
"""The work of one render: each loop iteration is a step, each call (macro, method, filter) is
CALL_STEPS. A million steps take about a second. The built-in templates take under 200; a
500-row ledger table with a few filters in each row about 50,000."""

CALL_STEPS = 20
"""What one call weighs in MAX_STEPS: a macro, method or filter call costs 15–35 loop iterations."""

RENDER_SECONDS = 10.0
"""Wall time to render one document. The built-in templates take about a millisecond."""

PREPARE_SECONDS = 10.0
"""Wall time to check or prepare one template (read, parse, clean up, compile): tens of ms."""
