"""Checks on text that people write (titles, bodies, reasons), the same in every service."""

from __future__ import annotations

import unicodedata

# Characters that show nothing yet are not Unicode whitespace, so DRF's trimming keeps them:
# the Hangul fillers Korean communities use to post "blank" titles and nicknames, and the
# braille blank. Format characters (zero-width space and joiners, BOM) are category Cf.
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def is_visibly_blank(text: str) -> bool:
    """True when ``text`` would show nothing: only whitespace, format characters or fillers."""
    return all(ch.isspace() or ch in _INVISIBLE or unicodedata.category(ch) == "Cf" for ch in text)


def wait_phrase(seconds) -> str:
    """A wait (``Retry-After`` seconds) as people say it: "30초", "약 56분", "약 2시간"; "" if unknown.

    Rounded up: never promise a retry that would still be refused.
    """
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        return ""
    if seconds <= 0:
        return ""
    if seconds < 60:
        return f"{seconds}초"
    minutes = -(-seconds // 60)
    if minutes < 120:
        return f"약 {minutes}분"
    return f"약 {-(-minutes // 60)}시간"


def _format_characters() -> str:
    """A regex character-class body naming every Unicode format character (category Cf)."""
    import sys

    ranges: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)) == "Cf":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])

    def one(code: int) -> str:
        return f"\\u{code:04x}" if code <= 0xFFFF else chr(code)  # astral: the character itself

    return "".join(one(a) if a == b else f"{one(a)}-{one(b)}" for a, b in ranges)


#: What Python's ``str.strip``/``isspace`` count as whitespace and ECMA-262's ``\\s`` does not
#: (information separators U+001C–U+001F, NEL): a pattern meant for both names them.
PYTHON_ONLY_WHITESPACE = "\\u001c-\\u001f\\u0085"

#: A regex (Python ``re`` and ECMA-262 alike) for text :func:`is_visibly_blank` lets through and
#: DRF's CharField takes (no NUL): what the OpenAPI documents promise for such fields.
VISIBLE_TEXT_PATTERN = (
    "^(?![\\s\\S]*\\u0000)[\\s\\S]*[^\\s"
    + PYTHON_ONLY_WHITESPACE
    + "".join(f"\\u{ord(ch):04x}" for ch in sorted(_INVISIBLE))
    + _format_characters()
    + "][\\s\\S]*$"
)
