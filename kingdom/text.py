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
