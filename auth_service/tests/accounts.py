"""Accounts and signed-in clients for the tests, made through the same services the API uses."""

from __future__ import annotations

import itertools

from rest_framework.test import APIClient

from auth_service.accounts import services
from auth_service.accounts.models import User

PASSWORD = "절약은-습관이다-2026"
_numbers = itertools.count(1)


def unique_name(prefix: str = "user") -> str:
    return f"{prefix}{next(_numbers)}"


def member(*, username: str | None = None, nickname: str | None = None, password: str = PASSWORD, **extra):
    """A member signed up through :func:`services.user_signup`; returns ``(user, tokens)``."""
    result = services.user_signup(
        username=username or unique_name("saver"),
        nickname=nickname or unique_name("짠돌이"),
        password=password,
        **extra,
    )
    return result.user, result.tokens


def guest(*, nickname: str | None = None):
    result = services.guest_create(nickname=nickname or unique_name("손님"))
    return result.user, result.tokens


def client_for(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def reload(user: User) -> User:
    return User.objects.get(pk=user.pk)
