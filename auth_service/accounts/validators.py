"""What a username and a nickname may look like (the rules a person sees when signing up)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

USERNAME_MIN, USERNAME_MAX = 4, 20
NICKNAME_MIN, NICKNAME_MAX = 2, 12

_USERNAME = re.compile(r"^[a-z0-9_]+$", re.IGNORECASE)
# 한글 syllables, Latin letters, digits and the underscore; no spaces or symbols that read as
# someone else's name (e.g. zero-width characters) in lists and comments.
_NICKNAME = re.compile(r"^[가-힣a-z0-9_]+$", re.IGNORECASE)

# Names that would let someone pass as the operators or as the anonymous author shown on posts.
RESERVED_USERNAMES = frozenset({"admin", "administrator", "root", "staff", "guest", "system", "support"})
# Threads show anonymous commenters as 익명1, 익명2… and an anonymous post's author as 글쓴이, and
# operators are 운영자, 운영자2…: a nickname *containing* these words would pass for them.
RESERVED_NICKNAME_WORDS = ("익명", "글쓴이", "운영자", "관리자", "운영팀")
RESERVED_NICKNAME_PREFIXES = ("admin", "staff", "system", "guest")


def validate_username(value: str) -> None:
    if not USERNAME_MIN <= len(value) <= USERNAME_MAX:
        raise ValidationError(f"아이디는 {USERNAME_MIN}~{USERNAME_MAX}자여야 합니다.", code="length")
    if not _USERNAME.match(value):
        raise ValidationError("아이디는 영문, 숫자, 밑줄(_)만 쓸 수 있습니다.", code="characters")
    if not value[0].isalpha():
        raise ValidationError("아이디는 영문으로 시작해야 합니다.", code="start")
    if value.lower() in RESERVED_USERNAMES:
        raise ValidationError("쓸 수 없는 아이디입니다.", code="reserved")


def validate_nickname(value: str) -> None:
    if not NICKNAME_MIN <= len(value) <= NICKNAME_MAX:
        raise ValidationError(f"닉네임은 {NICKNAME_MIN}~{NICKNAME_MAX}자여야 합니다.", code="length")
    if not _NICKNAME.match(value):
        raise ValidationError("닉네임은 한글, 영문, 숫자, 밑줄(_)만 쓸 수 있습니다.", code="characters")
    if any(word in value for word in RESERVED_NICKNAME_WORDS) or value.lower().startswith(
        RESERVED_NICKNAME_PREFIXES
    ):
        raise ValidationError("쓸 수 없는 닉네임입니다 (익명·글쓴이·운영자로 보이는 이름).", code="reserved")
