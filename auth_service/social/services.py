"""Writes for social login: sign in through a link, create a member, link, unlink, upgrade a guest.

Tokens, lockout, deactivation and guest upgrade are the accounts app's own services and rules:
a social sign-in issues the same token pair as a password login, a locked or deactivated
account is refused the same way, an upgrade revokes the guest's refresh tokens the same way.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import ValidationError

from auth_service.accounts.access import access_guest_for_upgrade
from auth_service.accounts.models import NICKNAME_TAKEN, RevokeReason, Role, User
from auth_service.accounts.selectors import nickname_taken, username_taken
from auth_service.accounts.services import SignedIn
from auth_service.accounts.tokens import token_pair_issue, user_refresh_tokens_revoke
from auth_service.accounts.validators import NICKNAME_MAX, NICKNAME_MIN, validate_nickname
from auth_service.social.access import access_link_for_unlink, access_member_for_link
from auth_service.social.models import Provider, SocialLink
from auth_service.social.providers import ProviderProfile, SocialRefused
from auth_service.social.selectors import link_for, member_with_email
from kingdom.signin import signin_check

_SIGNUP_SALT = "auth_service.social.signup"
_FALLBACK_NICKNAME = "절약러"


@dataclass(frozen=True)
class SignupNeeded:
    """No account is linked yet: the person confirms a nickname, then :func:`social_signup`."""

    ticket: str
    proposed_nickname: str
    email: str


def _label(provider: str) -> str:
    return Provider(provider).label


def _already_linked(provider: str) -> SocialRefused:
    return SocialRefused(
        f"이 {_label(provider)} 계정은 이미 다른 회원에 연결되어 있어요. 그 계정으로 로그인해 주세요.",
        slug="social_already_linked",
        status_code=status.HTTP_409_CONFLICT,
    )


def _email_in_use(provider: str) -> SocialRefused:
    return SocialRefused(
        f"이 {_label(provider)} 계정의 이메일로 가입한 회원이 이미 있어요. "
        f"아이디와 비밀번호로 로그인한 뒤 내 페이지에서 {_label(provider)} 계정을 연결해 주세요.",
        slug="social_email_in_use",
        status_code=status.HTTP_409_CONFLICT,
    )


def _signed_in(user: User, address: str) -> SignedIn:
    """The password login's ending: the same lock (this username from this address, or its
    delay: kingdom.signin), last_login, and a token pair."""
    if not user.is_active:
        raise SocialRefused("사용할 수 없는 계정입니다.", slug="account_inactive", status_code=403)
    if user.username:
        signin_check(user.username, address)
    with transaction.atomic():
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
        return SignedIn(user, token_pair_issue(user))


def social_login(profile: ProviderProfile, *, address: str = "") -> SignedIn | SignupNeeded:
    """Sign in the linked account, or offer a new one (never an existing member found by e-mail)."""
    link = link_for(profile.provider, profile.subject)
    if link is not None:
        return _signed_in(link.user, address)
    if profile.email and member_with_email(profile.email):
        # Someone may have registered that address at the provider without owning our account:
        # only a member who proves who they are here (their password) may link it.
        raise _email_in_use(profile.provider)
    ticket = signing.dumps(
        {
            "p": profile.provider,
            "s": profile.subject,
            "e": profile.email if profile.email_verified else "",
        },
        salt=_SIGNUP_SALT,
        compress=True,
    )
    return SignupNeeded(
        ticket, nickname_propose(profile.nickname), profile.email if profile.email_verified else ""
    )


def nickname_propose(provider_nickname: str) -> str:
    """The provider's nickname made to fit our rules (and free), else 절약러 with a number."""
    base = re.sub(r"[^가-힣A-Za-z0-9_]", "", provider_nickname)[:NICKNAME_MAX]
    try:
        validate_nickname(base)
    except DjangoValidationError:
        base = _FALLBACK_NICKNAME
    if not nickname_taken(base):
        return base
    for _ in range(20):
        suffix = str(secrets.randbelow(10_000))
        candidate = base[: NICKNAME_MAX - len(suffix)] + suffix
        if len(candidate) >= NICKNAME_MIN and not nickname_taken(candidate):
            return candidate
    return base  # the finishing page asks for another one


def _generated_username(provider: str) -> str:
    """Members keep a unique 아이디 (the model's rule); theirs is made up and never typed."""
    for _ in range(5):
        candidate = f"{provider[0]}_{secrets.token_hex(6)}"
        if not username_taken(candidate):
            return candidate
    raise RuntimeError("could not find a free username")


def _link_create(user: User, profile_provider: str, subject: str) -> SocialLink:
    try:
        with transaction.atomic():
            return SocialLink.objects.create(user=user, provider=profile_provider, subject=subject)
    except IntegrityError as exc:
        if "social_link_user_provider_unique" in str(exc):
            raise SocialRefused(
                f"이미 다른 {_label(profile_provider)} 계정을 연결했어요. 먼저 연결을 해제해 주세요.",
                slug="social_provider_taken",
                status_code=status.HTTP_409_CONFLICT,
            ) from exc
        raise _already_linked(profile_provider) from exc


def social_signup(*, ticket: str, nickname: str) -> SignedIn:
    """A new member from a signup ticket: the nickname they confirmed, no password, one link."""
    try:
        pending = signing.loads(ticket, salt=_SIGNUP_SALT, max_age=settings.SOCIAL_SIGNUP_MAX_AGE_SECONDS)
    except signing.BadSignature as exc:  # also SignatureExpired
        raise SocialRefused(
            "가입 시간이 지났어요. 처음부터 다시 로그인해 주세요.", slug="social_signup_expired"
        ) from exc
    if nickname_taken(nickname):
        raise ValidationError({"nickname": [NICKNAME_TAKEN]})
    if pending["e"] and member_with_email(pending["e"]):
        raise _email_in_use(pending["p"])
    user = User(
        username=_generated_username(pending["p"]),
        nickname=nickname,
        email=User.objects.normalize_email(pending["e"]),
        role=Role.MEMBER,
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
            # The ticket is single-use in effect: a second use finds the link and creates nothing.
            _link_create(user, pending["p"], pending["s"])
            user.last_login = timezone.now()
            user.save(update_fields=["last_login"])
            return SignedIn(user, token_pair_issue(user))
    except IntegrityError as exc:
        if "nickname" in str(exc):
            raise ValidationError({"nickname": [NICKNAME_TAKEN]}) from exc
        raise


def social_link(user: User, profile: ProviderProfile) -> SocialLink:
    """Link a provider account to a signed-in member (refused when it signs in as someone else)."""
    access_member_for_link(user)
    existing = link_for(profile.provider, profile.subject)
    if existing is not None:
        if existing.user_id == user.pk:
            return existing
        raise _already_linked(profile.provider)
    return _link_create(user, profile.provider, profile.subject)


def guest_upgrade_social(*, user_id: int, profile: ProviderProfile) -> SignedIn:
    """The guest's own row becomes a member signing in with ``profile`` (same id, same posts)."""
    with transaction.atomic():
        user = access_guest_for_upgrade(user_id)
        if link_for(profile.provider, profile.subject) is not None:
            raise _already_linked(profile.provider)
        user.username = _generated_username(profile.provider)
        user.role = Role.MEMBER
        if profile.email_verified and not user.email:
            user.email = User.objects.normalize_email(profile.email)
        user.save(update_fields=["username", "role", "email"])
        _link_create(user, profile.provider, profile.subject)
        user_refresh_tokens_revoke(user, RevokeReason.UPGRADED)
        return SignedIn(user, token_pair_issue(user))


def social_unlink(user: User, name: str) -> None:
    """Remove a link, never the last way the member can sign in."""
    with transaction.atomic():
        access_link_for_unlink(user, name).delete()
