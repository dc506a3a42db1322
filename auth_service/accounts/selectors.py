"""Reads on accounts."""

from __future__ import annotations

from django.db.models import QuerySet

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
