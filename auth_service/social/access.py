"""One access check per social-login object: lookup and permission together (as board's
``posts/access.py``). Helpers that precede a write lock the rows they hand back."""

from __future__ import annotations

from rest_framework import status

from auth_service.accounts.models import User
from auth_service.social.models import Provider, SocialLink
from auth_service.social.providers import SocialRefused


def access_member_for_link(user: User) -> User:
    """Only members link a provider; a guest links it while becoming a member (``upgrade``)."""
    if user.is_guest:
        raise SocialRefused(
            "비회원은 회원으로 전환하면서 연결해 주세요.", slug="guest_cannot_link", status_code=403
        )
    return user


def access_link_for_unlink(user: User, provider: str) -> SocialLink:
    """The member's link to ``provider``, locked with their others: 404 when there is none, 409
    when it is the last way they can sign in. Must run inside a transaction."""
    links = list(SocialLink.objects.select_for_update().filter(user=user))
    link = next((item for item in links if item.provider == provider), None)
    label = Provider(provider).label
    if link is None:
        raise SocialRefused(f"{label} 계정이 연결되어 있지 않아요.", slug="not_found", status_code=404)
    if len(links) == 1 and not user.has_usable_password():
        raise SocialRefused(
            f"{label}은(는) 지금 로그인할 수 있는 유일한 방법이라 해제할 수 없어요. "
            "다른 로그인 방법을 먼저 연결해 주세요.",
            slug="social_last_sign_in",
            status_code=status.HTTP_409_CONFLICT,
        )
    return link
