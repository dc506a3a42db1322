"""Writes on accounts: signup, guests and their upgrade, login (with lockout), profile, password.

Field problems are raised as DRF ``ValidationError({"field": [...]})`` so every failure reaches
the client as a field-level problem detail; uniqueness is checked up front for a friendly
message and enforced by the database (a race ends in the same message, never a 500).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import PermissionDenied, ValidationError

from auth_service.accounts.access import access_guest_for_upgrade
from auth_service.accounts.errors import InvalidCredentials
from auth_service.accounts.models import (
    NICKNAME_TAKEN,
    USERNAME_TAKEN,
    RevokeReason,
    Role,
    User,
)
from auth_service.accounts.selectors import nickname_taken, username_taken
from auth_service.accounts.tokens import TokenPair, token_pair_issue, user_refresh_tokens_revoke
from kingdom.addresses import client_address
from kingdom.signin import signin_check, signin_failed, signin_succeeded

# Database constraint → the field a person should fix.
_CONSTRAINT_FIELDS = {
    "accounts_user_username_ci_unique": ("username", USERNAME_TAKEN),
    "accounts_user_username_key": ("username", USERNAME_TAKEN),
    "accounts_user_nickname_active_unique": ("nickname", NICKNAME_TAKEN),
}


@dataclass(frozen=True)
class SignedIn:
    user: User
    tokens: TokenPair


def _unique_violation(exc: IntegrityError) -> ValidationError:
    message = str(exc)
    for constraint, (field, text) in _CONSTRAINT_FIELDS.items():
        if constraint in message:
            return ValidationError({field: [text]})
    raise exc


def _password_errors(password: str, user: User, field: str = "password") -> dict[str, list[str]]:
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        return {field: list(exc.messages)}
    return {}


def _uniqueness_errors(
    *, username: str | None = None, nickname: str | None = None, exclude: User | None = None
) -> dict[str, list[str]]:
    errors = {}
    if username is not None and username_taken(username, exclude=exclude):
        errors["username"] = [USERNAME_TAKEN]
    if nickname is not None and nickname_taken(nickname, exclude=exclude):
        errors["nickname"] = [NICKNAME_TAKEN]
    return errors


def _refuse(errors: dict[str, list[str]]) -> None:
    """Every field's problem at once, so a person fixes the form in one go."""
    if errors:
        raise ValidationError(errors)


def _save(user: User, **kwargs) -> None:
    try:
        with transaction.atomic():
            user.save(**kwargs)
    except IntegrityError as exc:
        raise _unique_violation(exc) from exc


def user_signup(*, username: str, password: str, nickname: str, email: str = "") -> SignedIn:
    user = User(
        username=username, nickname=nickname, email=User.objects.normalize_email(email), role=Role.MEMBER
    )
    _refuse({**_uniqueness_errors(username=username, nickname=nickname), **_password_errors(password, user)})
    user.set_password(password)
    with transaction.atomic():
        _save(user)
        return SignedIn(user, token_pair_issue(user))


def guest_create(*, nickname: str) -> SignedIn:
    """A guest account: a nickname, no username, an unusable password; tokens like anyone's."""
    user = User(username=None, nickname=nickname, role=Role.GUEST)
    user.set_unusable_password()
    _refuse(_uniqueness_errors(nickname=nickname))
    with transaction.atomic():
        _save(user)
        return SignedIn(user, token_pair_issue(user))


def guest_upgrade(*, user_id: int, username: str, password: str, email: str = "") -> SignedIn:
    """The guest's own row becomes a member (same id, so their posts stay theirs); old tokens end."""
    with transaction.atomic():
        user = access_guest_for_upgrade(user_id)
        user.username, user.email, user.role = username, User.objects.normalize_email(email), Role.MEMBER
        _refuse({**_uniqueness_errors(username=username, exclude=user), **_password_errors(password, user)})
        user.set_password(password)
        _save(user)
        user_refresh_tokens_revoke(user, RevokeReason.UPGRADED)
        return SignedIn(user, token_pair_issue(user))


# --- login (password guessing is refused by kingdom.signin, as at every admin login) -----------


def user_login(*, username: str, password: str, request=None) -> SignedIn:
    """Refuse a locked username+address or a username slowed down, then check the password;
    failures count toward the lock and the delay, a success clears them (kingdom.signin)."""
    address = client_address(request) if request is not None else ""
    signin_check(username, address)
    user = authenticate(request, username=username, password=password)
    if user is None:
        locked = signin_failed(username, address)
        if locked:
            raise locked
        raise InvalidCredentials()
    signin_succeeded(username, address)
    with transaction.atomic():
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
        return SignedIn(user, token_pair_issue(user))


# --- profile and password ---------------------------------------------------------------------


def user_update(user: User, *, nickname: str | None = None, email: str | None = None) -> User:
    fields = []
    if nickname is not None and nickname != user.nickname:
        _refuse(_uniqueness_errors(nickname=nickname, exclude=user))
        user.nickname = nickname
        fields.append("nickname")
    if email is not None:
        user.email = User.objects.normalize_email(email)
        fields.append("email")
    if fields:
        _save(user, update_fields=fields)
    return user


def password_change(user: User, *, old_password: str, new_password: str) -> TokenPair:
    """New password; every refresh token of the user stops working; this device gets a new pair."""
    if user.is_guest:
        raise PermissionDenied("비회원은 비밀번호가 없습니다. 먼저 회원으로 전환해 주세요.")
    if not user.check_password(old_password):
        raise ValidationError({"old_password": ["현재 비밀번호가 올바르지 않습니다."]})
    if old_password == new_password:
        raise ValidationError({"new_password": ["지금과 다른 비밀번호를 입력해 주세요."]})
    _refuse(_password_errors(new_password, user, field="new_password"))
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        user_refresh_tokens_revoke(user, RevokeReason.PASSWORD_CHANGED)
        return token_pair_issue(user)


# --- staff actions (admin) --------------------------------------------------------------------


def user_deactivate(user: User) -> None:
    """The account can no longer log in or refresh; its refresh tokens stop working at once."""
    with transaction.atomic():
        now = timezone.now()
        User.objects.filter(pk=user.pk).update(is_active=False, deactivated_at=now)
        user.is_active, user.deactivated_at = False, now
        user_refresh_tokens_revoke(user, RevokeReason.DEACTIVATED)


def user_reactivate(user: User) -> None:
    """Undo a deactivation; fails with a nickname error when someone took the nickname meanwhile."""
    if nickname_taken(user.nickname, exclude=user):
        raise ValidationError({"nickname": [NICKNAME_TAKEN]})
    user.is_active, user.deactivated_at = True, None
    _save(user, update_fields=["is_active", "deactivated_at"])


def user_role_follow_staff_flag(user: User) -> None:
    """Staff users carry role ``staff`` in their tokens; members who lose the flag go back to member."""
    if user.is_staff and user.role != Role.STAFF:
        user.role = Role.STAFF
    elif not user.is_staff and user.role == Role.STAFF:
        user.role = Role.MEMBER
