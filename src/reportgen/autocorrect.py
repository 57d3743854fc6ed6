"""Undo, inside template tags, what word processors do to what a clerk types.

Word's and WPS's auto-correct turn the quotes of ``{% if a == "是" %}`` into “ ” and ‘ ’,
`` - `` into an en dash, and may put non-breaking, full-width or zero-width spaces in a tag;
a Chinese input method types （ ） ， ｜ for ( ) , |. LibreOffice writes " as &quot;. Word
and WPS put w:proofErr, w:bookmarkStart and smart tags between the pieces of a tag.

Inside a tag ({{ }} and {% %} with its p, tr, tc, r forms), outside its string literals,
each of these is read as what Jinja means: a curly quote that opens or closes a string is a
straight one, the odd spaces are spaces, full-width punctuation is ASCII, – is -. Inside a
string literal every character is kept as typed (a 、 or a “ in a string is text). What
would be a guess is left alone, and :func:`hint` says how to fix it when Jinja cannot read
the tag: — and … outside a string. Text outside tags is never touched.
"""

from __future__ import annotations

import re

_JOIN = re.compile(r"(?<={)(<[^>]*>)+(?=[{%#])|(?<=[%}#])(<[^>]*>)+(?=})")
"""docxtpl's first clean-up step: markup between the two characters of an opener or closer."""
_SMART_TAG = re.compile(r"<w:smartTagPr>.*?</w:smartTagPr>|<w:smartTagPr/>|</?w:smartTag\b[^>]*>",
                        re.DOTALL)
_MARKUP = re.compile(r"(<[^>]*>)")
_ENTITIES = {"&quot;": '"', "&#34;": '"', "&#x22;": '"', "&apos;": "'", "&#39;": "'",
             "&#x27;": "'"}
_ENTITY = re.compile("|".join(map(re.escape, _ENTITIES)))
_DOUBLE = "“”"
_SINGLE = "‘’"
_SPACES = dict.fromkeys(map(ord, "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                                 "\u2008\u2009\u200a\u202f\u205f\u3000"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_FULL_WIDTH = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)
               if chr(code) not in "｛｝％＂＇"}
"""Full-width ASCII (（ ） ， ｜ ＝…), but for what could open or close a tag or a string."""
_OUTSIDE = {**_SPACES, **_INVISIBLE, **_FULL_WIDTH, ord("–"): "-", ord("−"): "-"}
_PROTECTED = {"“": "&#x201C;", "”": "&#x201D;", "‘": "&#x2018;", "’": "&#x2019;"}
"""Curly quotes that are text inside a string literal, hidden from docxtpl (which would make
them straight) as character references, which are the same characters to XML."""
_GUESSES = {"—": "破折号“—”", "…": "省略号“…”"}


def normalise_tags(xml: str) -> str:
    """*xml* (a part) with the characters of every {{ }} and {% %} tag read as Jinja means them;
    markup between the pieces of a tag is left for docxtpl's clean-up, smart tags unwrapped."""
    xml = _JOIN.sub("", _SMART_TAG.sub("", xml))
    from reportgen.render import tag_spans  # render imports this module

    pieces = []
    last = 0
    for start, end in tag_spans(xml)[0]:
        if xml[start + 1] == "#":
            continue
        pieces += [xml[last:start], _normalise_tag(xml[start:end])]
        last = end
    pieces.append(xml[last:])
    return "".join(pieces)


def restore_protected(source: str) -> str:
    """The curly quotes :func:`normalise_tags` hid from docxtpl, as themselves again."""
    for quote, reference in _PROTECTED.items():
        source = source.replace(reference, quote)
    return source


def _normalise_tag(tag: str) -> str:
    """One tag, markup and all: its text read outside and inside string literals."""
    out = []
    closers = ""  # the quotes that end the string being read; empty outside strings
    escaped = False
    for piece in _MARKUP.split(tag):
        if piece.startswith("<"):
            out.append(piece)
            continue
        for char in _ENTITY.sub(lambda m: _ENTITIES[m.group()], piece):
            if escaped:
                out.append(char)
                escaped = False
            elif closers:
                if char == "\\":
                    escaped = True
                    out.append(char)
                elif char in closers:
                    out.append('"' if char in _DOUBLE + '"' else "'")
                    closers = ""
                else:
                    out.append(_PROTECTED.get(char, char))
            elif char in '"\'':
                closers = char
                out.append(char)
            elif char in _DOUBLE or char in _SINGLE:
                closers = (_DOUBLE + '"') if char in _DOUBLE else (_SINGLE + "'")
                out.append('"' if char in _DOUBLE else "'")
            else:
                out.append(char.translate(_OUTSIDE))
    return "".join(out)


def hint(tag: str) -> str | None:
    """How to fix a tag Jinja cannot read, when what is wrong is what auto-correct typed;
    *tag* is its text as normalised."""
    outside = _outside_strings(tag)
    for char, name in _GUESSES.items():
        if char in outside:
            return (f"标签里有{name}（多半是自动更正把 -- 或 ... 改成了它），Jinja 不认："
                    "请把它改回英文字符，或在 Word 的“自动更正选项”里关掉这一项后重新输入")
    if '"' in outside or "'" in outside:
        return ("标签里的引号没有成对（在 Word 里输入时，自动更正会把引号改成弯引号 “ ” ‘ ’，"
                "就无法确定哪些是字符串的引号）：请把标签里的引号都改成英文直引号 \" 或 '，"
                "字符串里要用的引号写成另一种")
    return None


def _outside_strings(tag: str) -> str:
    """The characters of *tag* outside its (straight-quoted) string literals."""
    return re.sub(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'", "", tag)
