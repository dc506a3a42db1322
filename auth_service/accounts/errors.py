"""The ways a credential can be refused, as problem details the front can act on."""

from __future__ import annotations

from rest_framework import exceptions, status

# 401 needs a challenge (RFC 9110); kingdom.problems copies ``auth_header`` into WWW-Authenticate.
_CHALLENGE = 'Bearer realm="thrift-kingdom", error="invalid_token"'


class InvalidCredentials(exceptions.APIException):
    """Wrong username or password: one message for both, so nobody learns which usernames exist."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = "아이디 또는 비밀번호가 올바르지 않습니다."
    default_code = "invalid_credentials"
    auth_header = 'Bearer realm="thrift-kingdom"'


class InvalidRefreshToken(exceptions.APIException):
    """The refresh token is forged, expired, rotated away, logged out or its account is gone."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = "로그인이 만료되었습니다. 다시 로그인해 주세요."
    default_code = "invalid_token"
    auth_header = _CHALLENGE
