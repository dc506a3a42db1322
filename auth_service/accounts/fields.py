"""Serializer fields for account input: the rules of ``validators.py``, documented as they are."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from auth_service.accounts.validators import (
    NICKNAME_MAX,
    NICKNAME_MIN,
    NICKNAME_PATTERN,
    USERNAME_MAX,
    USERNAME_MIN,
    USERNAME_PATTERN,
    validate_nickname,
    validate_username,
)
from kingdom.fields import JsonStringField

# Long enough for any passphrase, short enough that hashing it cannot be used to load the server.
PASSWORD_MAX = 128


@extend_schema_field(
    {
        "type": "string",
        "pattern": USERNAME_PATTERN,
        "description": f"{USERNAME_MIN}~{USERNAME_MAX}자 (앞뒤 공백은 지움), 영문으로 시작, 영문·숫자·밑줄; "
        "예약어(admin, staff…) 불가; 대소문자 구분 없이 하나뿐",
    }
)
class UsernameField(JsonStringField):
    def __init__(self, **kwargs):
        super().__init__(validators=[validate_username], **kwargs)


@extend_schema_field(
    {
        "type": "string",
        "pattern": NICKNAME_PATTERN,
        "description": f"{NICKNAME_MIN}~{NICKNAME_MAX}자 (앞뒤 공백은 지움), 한글·영문·숫자·밑줄; "
        "익명·글쓴이·운영자로 보이는 이름 불가; 활성 계정 사이에 하나뿐",
    }
)
class NicknameField(JsonStringField):
    def __init__(self, **kwargs):
        super().__init__(validators=[validate_nickname], **kwargs)


class PasswordField(JsonStringField):
    """Taken as typed (no trimming), never echoed back."""

    def __init__(self, **kwargs):
        super().__init__(max_length=PASSWORD_MAX, trim_whitespace=False, write_only=True, **kwargs)


class OptionalEmailField(serializers.EmailField):
    def __init__(self, **kwargs):
        super().__init__(required=False, allow_blank=True, max_length=254, **kwargs)
