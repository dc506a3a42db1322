"""Username and nickname rules: the API's fields, and the patterns the OpenAPI document publishes
(``USERNAME_PATTERN``, ``NICKNAME_PATTERN``), agree."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from rest_framework import serializers

from auth_service.accounts.fields import NicknameField, UsernameField
from auth_service.accounts.validators import (
    NICKNAME_PATTERN,
    USERNAME_PATTERN,
    validate_nickname,
    validate_username,
)

USERNAMES = [
    "saver",
    "Saver_01",
    "abcd",
    "a" * 20,
    "a" * 21,
    "abc",
    "1saver",
    "_saver",
    "sa ver",
    "세이버",
    "admin",
    "ADMIN",
    "Admin1",
    "guest",
    "guests",
    "root",
    "support",
    "sav-er",
    "saver\n",
    "\u212aelvin",  # KELVIN SIGN: a homoglyph of K, refused like any non-ASCII letter
    "\u017ftaff",  # LATIN SMALL LETTER LONG S, which case-insensitive matching folds to "s"
]
NICKNAMES = [
    "짠돌이",
    "ab",
    "a",
    "가" * 12,
    "가" * 13,
    "짠돌이_01",
    "익명",
    "익명이야",
    "나는글쓴이",
    "운영자2",
    "관리자",
    "운영팀장",
    "admin",
    "Adminka",
    "xadmin",
    "staffer",
    "Guest1",
    "system",
    "가 나",
    "ㅤㅤ",
    "절약\u200b왕",
    "\u212aing",
]


def accepted(field, value: str) -> bool:
    try:
        field.run_validation(value)
    except serializers.ValidationError:
        return False
    return True


@pytest.mark.parametrize("value", [*USERNAMES, " saver ", "\tabcd", " admin ", " " + "a" * 20])
def test_the_username_pattern_is_the_username_rule(value):
    assert accepted(UsernameField(), value) == bool(re.search(USERNAME_PATTERN, value))


@pytest.mark.parametrize("value", [*NICKNAMES, " 짠돌이 ", " 익명 ", " " + "가" * 12])
def test_the_nickname_pattern_is_the_nickname_rule(value):
    assert accepted(NicknameField(), value) == bool(re.search(NICKNAME_PATTERN, value))


def test_letters_that_only_look_latin_are_refused():
    for value in ("\u212aelvin", "\u017ftaff"):
        with pytest.raises(ValidationError):
            validate_username(value)
    with pytest.raises(ValidationError):
        validate_nickname("\u212aing")
