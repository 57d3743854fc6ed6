"""Bounds on what a records file may hold, each far beyond any real 公文 and each checked with a
located Chinese message, so that no input can make loading or validation crash, hang or eat
memory without end.

The records of the bundled sample unit for half a year are 14 KB, about 600 YAML values,
nested 12 levels at the deepest (period → sections → four heading levels → points → text).
Every bound below is far beyond what such records need; each says why.
"""

from __future__ import annotations

MAX_FILE_BYTES = 16 * 1024 * 1024
"""A records file is refused above 16 MB. Half a year of the sample is 14 KB and a year's ledger
of a busy unit a few hundred KB; 16 MB of YAML is read by libyaml in well under a second."""

MAX_DEPTH = 64
"""Mappings and lists nest at most 64 deep. Real records nest about 12 levels (four heading
levels with their points); libyaml's own composer would recurse on the C stack and crash on a
few thousand levels, which is why reportgen builds the data from parse events itself."""

MAX_NODES = 100_000
"""At most 100,000 values (keys, texts, lists, mappings) in one file. A whole year with 20
activities a week is about 15,000; the bound keeps memory and validation time small."""

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
