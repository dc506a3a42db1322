"""What a username and a nickname may look like (the rules a person sees when signing up)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

USERNAME_MIN, USERNAME_MAX = 4, 20
NICKNAME_MIN, NICKNAME_MAX = 2, 12

# ASCII: case-insensitive [a-z] would otherwise also take the Kelvin sign (K) and the long s (ſ).
_USERNAME = re.compile(r"[a-z0-9_]+", re.IGNORECASE | re.ASCII)
# 한글 syllables, Latin letters, digits and the underscore; no spaces or symbols that read as
# someone else's name (e.g. zero-width characters) in lists and comments.
_NICKNAME = re.compile(r"[가-힣a-z0-9_]+", re.IGNORECASE | re.ASCII)

# Names that would let someone pass as the operators or as the anonymous author shown on posts.
RESERVED_USERNAMES = frozenset({"admin", "administrator", "root", "staff", "guest", "system", "support"})
# Threads show anonymous commenters as 익명1, 익명2… and an anonymous post's author as 글쓴이, and
# operators are 운영자, 운영자2…: a nickname *containing* these words would pass for them.
RESERVED_NICKNAME_WORDS = ("익명", "글쓴이", "운영자", "관리자", "운영팀")
RESERVED_NICKNAME_PREFIXES = ("admin", "staff", "system", "guest")


def validate_username(value: str) -> None:
    if not USERNAME_MIN <= len(value) <= USERNAME_MAX:
        raise ValidationError(f"아이디는 {USERNAME_MIN}~{USERNAME_MAX}자여야 합니다.", code="length")
    if not _USERNAME.fullmatch(value):
        raise ValidationError("아이디는 영문, 숫자, 밑줄(_)만 쓸 수 있습니다.", code="characters")
    if not value[0].isalpha():
        raise ValidationError("아이디는 영문으로 시작해야 합니다.", code="start")
    if value.lower() in RESERVED_USERNAMES:
        raise ValidationError("쓸 수 없는 아이디입니다.", code="reserved")


def validate_nickname(value: str) -> None:
    if not NICKNAME_MIN <= len(value) <= NICKNAME_MAX:
        raise ValidationError(f"닉네임은 {NICKNAME_MIN}~{NICKNAME_MAX}자여야 합니다.", code="length")
    if not _NICKNAME.fullmatch(value):
        raise ValidationError("닉네임은 한글, 영문, 숫자, 밑줄(_)만 쓸 수 있습니다.", code="characters")
    if any(word in value for word in RESERVED_NICKNAME_WORDS) or value.lower().startswith(
        RESERVED_NICKNAME_PREFIXES
    ):
        raise ValidationError("쓸 수 없는 닉네임입니다 (익명·글쓴이·운영자로 보이는 이름).", code="reserved")


# --- the same rules as regular expressions for the OpenAPI document (ECMA-262 syntax, which
# Python reads the same way), as the API applies them: its fields trim surrounding whitespace
# first, so the patterns allow it and carry the lengths themselves (tests/test_validators.py).


def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else re.escape(c) for c in word)


USERNAME_PATTERN = (
    f"^\\s*(?!(?:{'|'.join(_any_case(word) for word in sorted(RESERVED_USERNAMES))})\\s*$)"
    f"[A-Za-z][A-Za-z0-9_]{{{USERNAME_MIN - 1},{USERNAME_MAX - 1}}}\\s*$"
)
NICKNAME_PATTERN = (
    f"^\\s*(?![^\\s]*(?:{'|'.join(RESERVED_NICKNAME_WORDS)}))"
    f"(?!(?:{'|'.join(_any_case(prefix) for prefix in RESERVED_NICKNAME_PREFIXES)}))"
    f"[가-힣A-Za-z0-9_]{{{NICKNAME_MIN},{NICKNAME_MAX}}}\\s*$"
)
