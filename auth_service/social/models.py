"""Which provider account (Kakao, Naver, Google) signs in as which of our accounts."""

from __future__ import annotations

from django.db import models

from auth_service.accounts.models import User


class Provider(models.TextChoices):
    KAKAO = "kakao", "카카오"
    NAVER = "naver", "네이버"
    GOOGLE = "google", "Google"


class SocialLink(models.Model):
    """One provider account linked to one of ours: ``subject`` is the provider's stable user id.

    A provider account signs in as at most one of our accounts, and an account has at most one
    link per provider (unlink first to link another Kakao account).
    """

    provider = models.CharField("제공자", max_length=10, choices=Provider.choices)
    subject = models.CharField("제공자 회원번호", max_length=255)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="social_links", verbose_name="사용자"
    )
    created_at = models.DateTimeField("연결한 때", auto_now_add=True)

    class Meta:
        verbose_name = "소셜 로그인 연결"
        verbose_name_plural = "소셜 로그인 연결"
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"],
                name="social_link_provider_subject_unique",
                violation_error_message="이 제공자 계정은 이미 다른 회원에 연결되어 있습니다.",
            ),
            models.UniqueConstraint(
                fields=["user", "provider"],
                name="social_link_user_provider_unique",
                violation_error_message="이 회원은 이 제공자 계정을 이미 연결했습니다.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} {self.subject} → {self.user_id}"
