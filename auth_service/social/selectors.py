"""Reads for social login."""

from __future__ import annotations

from auth_service.accounts.models import Role, User
from auth_service.social.models import SocialLink


def link_for(provider: str, subject: str) -> SocialLink | None:
    return SocialLink.objects.select_related("user").filter(provider=provider, subject=subject).first()


def member_with_email(email: str) -> bool:
    """A member (or staff) account already holds this address, whatever its case."""
    return (
        User.objects.named("email", email.strip())
        .filter(role__in=[Role.MEMBER, Role.STAFF], is_active=True)
        .exists()
    )


def links_of(user: User) -> list[SocialLink]:
    return list(SocialLink.objects.filter(user=user).order_by("created_at"))
