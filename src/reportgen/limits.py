"""Bounds on what reportgen reads, each far beyond any real 公文 and each refused with a
located Chinese message, so that no input can make reportgen crash, hang or eat memory.

Records: the records of the bundled sample unit for half a year are 14 KB, about 600 YAML values,
nested 12 levels at the deepest (period → sections → four heading levels → points → text).

Templates: offices edit templates in Word, and a template is code: it can be broken, or built to
hang a build or fill the memory. The built-in templates are 0.8 MB of 18 parts, hold a few dozen
tags and render in about a millisecond, so a template that reaches a bound is broken or hostile.
"""

from __future__ import annotations

# ---------------------------------------------------------------- records

MAX_FILE_BYTES = 16 * 1024 * 1024
"""A records file is refused above 16 MB. Half a year of the sample is 14 KB and a year's ledger
of a busy unit a few hundred KB; 16 MB of YAML is read by libyaml in well under a second."""

MAX_DEPTH = 64
"""Mappings and lists nest at most 64 deep. Real records nest about 12 levels (four heading
levels with their points); libyaml's own composer would recurse on the C stack and crash on a
few thousand levels, which is why reportgen builds the data from parse events itself."""

MAX_NODES = 500_000
"""At most 500,000 values (keys, texts, lists, mappings) in one file. A whole year with 20
activities a week is about 15,000; a 4 MB ledger of the sample's kind holds about 365,000 and
loads and validates at the same speed per kB as a 40 kB one (bench/bench_build.py). The bound
keeps memory bounded: such a 4 MB file and its records take about 230 MB."""

MAX_ALIAS_VALUES = 10_000
"""Values reached through YAML aliases (*名称) count at most 10,000 beyond the file's own. Clerks
rarely use anchors at all; the bound stops an alias bomb (aliases of aliases, each nine times the
last) that would otherwise expand to billions of values."""

MAX_REPARSE_CHARS = 200_000
"""A file that libyaml cannot parse is parsed again with PyYAML's pure-Python parser, whose
messages are translated; that parser reads about half a million characters a second, so only
files up to 200,000 characters (fourteen times the sample) are parsed again, in under half a
second; a larger one gets libyaml's message, translated the same way."""

MIN_YEAR = 1949
"""The earliest year a period or date may name: 公文 of this kind are about the People's
Republic's own work (爱国卫生运动 began in 1952); an earlier year is a typing mistake."""

MAX_YEAR = 2199
"""The latest year a period or date may name: far beyond any plan a 公文 speaks of, and early
enough that the period after any period is still a valid date."""

MAX_INTEGER_DIGITS = 15
"""A figure is below 10^15 (一千万亿): the country's yearly GDP is about 1.3×10^14 元, so no
figure of a 公文 is larger."""

MAX_NUMBER_DIGITS = 15
"""A number is written with at most 15 digits (leading zeros aside): more precision than any
figure of a 公文 has, and every such figure is exact as a double; it also keeps a typed
0.000…1 from dragging Decimal sums beyond their 28 digits."""

MAX_SIBLINGS = 99
"""Headings, points, meeting requirements and decisions numbered one after another: 九十九 is the
last Chinese numeral the numbering writes (一、 （一） 一是 一要); no 公文 has 99 items in a row."""

MAX_NAME_CHARS = 50
"""A name (a unit, a body, a person, a place, a category) is at most 50 characters: the longest
official names of Chinese organs are about 30 characters."""

MAX_TITLE_CHARS = 80
"""A title (of the document, a meeting, an activity, a basis document) is at most 80 characters:
a 公文 title in 2号 type holds 20 characters a line and is broken into at most four lines."""

# ---------------------------------------------------------------- templates

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

MAX_PART_CHARS = 40_000_000
"""The rendered XML of one part. The rendered body of a 100-page report is about 2 million
characters (Word's markup around every paragraph included); the score table of a 10,000-unit
考评结果通报 about 15 million."""

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
