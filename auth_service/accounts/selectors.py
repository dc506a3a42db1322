"""Reads on accounts."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from auth_service.accounts.models import User


def username_taken(username: str, *, exclude: User | None = None) -> bool:
    users = User.objects.named("username", username)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.exists()


def nickname_taken(nickname: str, *, exclude: User | None = None) -> bool:
    users = User.objects.named("nickname", nickname).filter(is_active=True)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.exists()


def active_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def user_public_get(user_id: int) -> User | None:
    """An active account's public face; deactivated accounts are not shown."""
    return active_users().filter(pk=user_id).only("id", "nickname", "role", "date_joined").first()


def recently_deactivated_users() -> QuerySet[User]:
    """Accounts deactivated within an access token's lifetime (plus verifiers' leeway): the only
    ones whose tokens the other services could still be shown. ``(id, deactivated_at)`` rows."""
    lifetime = timedelta(minutes=settings.JWT_ACCESS_TOKEN_MINUTES, seconds=settings.SIMPLE_JWT["LEEWAY"])
    return (
        User.objects.filter(is_active=False, deactivated_at__gte=timezone.now() - lifetime)
        .order_by("id")
        .values_list("id", "deactivated_at")
    )
