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
