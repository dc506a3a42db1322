"""Accounts (members, guests, staff) and the refresh tokens issued to them (login failures live
in the shared cache: kingdom.signin)."""

from __future__ import annotations

import itertools

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Value
from django.db.models.functions import Lower

from auth_service.accounts.validators import NICKNAME_MAX, USERNAME_MAX, validate_nickname, validate_username

USERNAME_TAKEN = "이미 사용 중인 아이디입니다."
NICKNAME_TAKEN = "이미 사용 중인 닉네임입니다."


class Role(models.TextChoices):
    GUEST = "guest", "비회원"
    MEMBER = "member", "회원"
    STAFF = "staff", "운영자"


class AccountManager(UserManager):
    def named(self, field: str, value: str) -> models.QuerySet:
        """Rows whose ``field`` equals ``value`` whatever the case.

        Written as ``LOWER(field) = LOWER(value)`` so that the unique indexes on ``Lower(...)``
        below serve it; ``__iexact`` (``UPPER(...)``) would scan the whole table on every login.
        """
        return self.alias(**{f"{field}_lower": Lower(field)}).filter(
            **{f"{field}_lower": Lower(Value(value))}
        )

    def get_by_natural_key(self, username):
        # Usernames are unique case-insensitively, so logins (API and admin) match that way too.
        return self.named("username", username).get()

    def create_superuser(self, username=None, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.STAFF)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person: a guest (no username or password yet), a member, or staff.

    A guest who signs up later keeps this row, so its id (the JWT ``sub`` other services store
    as ``author_id``) and everything written under it stay theirs.
    """

    username = models.CharField(
        "아이디",
        max_length=USERNAME_MAX,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_username],
        help_text="비회원은 비어 있습니다. 대소문자를 구분하지 않고 하나뿐입니다.",
    )
    nickname = models.CharField("닉네임", max_length=NICKNAME_MAX, validators=[validate_nickname])
    role = models.CharField("역할", max_length=10, choices=Role.choices, default=Role.MEMBER)
    email = models.EmailField("이메일", blank=True)
    # When staff last deactivated the account: the other services refuse its access tokens issued
    # before then (the deactivated-users list, auth_service/README.md "Tokens").
    deactivated_at = models.DateTimeField("비활성화 시각", null=True, blank=True, db_index=True)

    OPERATOR_NICKNAME = "운영자"
    REQUIRED_FIELDS = ["nickname"]

    objects = AccountManager()

    class Meta:
        verbose_name = "사용자"
        verbose_name_plural = "사용자"
        constraints = [
            # The messages are what staff read in the admin form when a change breaks a rule.
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_ci_unique",
                violation_error_message=f"{USERNAME_TAKEN} (대소문자만 다른 아이디도 같은 아이디입니다.)",
            ),
            models.UniqueConstraint(
                Lower("nickname"),
                condition=models.Q(is_active=True),
                name="accounts_user_nickname_active_unique",
                violation_error_message=f"{NICKNAME_TAKEN} (활성 계정 중 대소문자 무관하게 하나뿐)",
            ),
            models.CheckConstraint(
                condition=models.Q(role="guest") | models.Q(username__isnull=False),
                name="accounts_user_member_has_username",
                violation_error_message="회원과 운영자는 아이디가 있어야 합니다 (비회원만 비워 둡니다).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nickname} ({self.username or '비회원'})"

    @classmethod
    def superuser_defaults(cls, user: User, *, created: bool) -> dict:
        """What ``manage.py ensure_superuser`` sets: role staff; a new one also a free 운영자 name.

        Nicknames are unique among active accounts, so a second operator (the environment's
        username renamed) becomes 운영자2, and a name staff gave the operator later is kept.
        """
        if not created:
            return {"role": Role.STAFF}
        taken = {
            name.lower()
            for name in cls.objects.filter(
                nickname__startswith=cls.OPERATOR_NICKNAME, is_active=True
            ).values_list("nickname", flat=True)
        }
        candidates = (cls.OPERATOR_NICKNAME + (str(n) if n > 1 else "") for n in itertools.count(1))
        return {"role": Role.STAFF, "nickname": next(name for name in candidates if name not in taken)}

    @property
    def is_guest(self) -> bool:
        return self.role == Role.GUEST

    @property
    def is_member(self) -> bool:
        return self.role in (Role.MEMBER, Role.STAFF)

    is_service = False


class RevokeReason(models.TextChoices):
    ROTATED = "rotated", "새 토큰으로 교체됨"
    LOGOUT = "logout", "로그아웃"
    PASSWORD_CHANGED = "password_changed", "비밀번호 변경"
    DEACTIVATED = "deactivated", "계정 비활성화"
    UPGRADED = "upgraded", "회원 전환"
    REUSE_DETECTED = "reuse_detected", "교체된 토큰 재사용 감지"


class IssuedRefreshToken(models.Model):
    """Every refresh token auth has issued, by ``jti``: rotation and revocation happen here.

    Tokens descended from one login share a ``family``; presenting a token that was already
    rotated away revokes the whole family (a stolen token is then useless to both parties).
    """

    jti = models.CharField("토큰 id (jti)", max_length=64, unique=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="refresh_tokens", verbose_name="사용자"
    )
    family = models.UUIDField("토큰 계열", db_index=True)
    created_at = models.DateTimeField("발급 시각", auto_now_add=True)
    expires_at = models.DateTimeField("만료 시각")
    revoked_at = models.DateTimeField("폐기 시각", null=True, blank=True)
    revoke_reason = models.CharField("폐기 사유", max_length=20, choices=RevokeReason.choices, blank=True)

    class Meta:
        verbose_name = "리프레시 토큰"
        verbose_name_plural = "리프레시 토큰"
        indexes = [
            models.Index(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="accounts_refresh_live_idx"
            )
        ]

    def __str__(self) -> str:
        return self.jti
