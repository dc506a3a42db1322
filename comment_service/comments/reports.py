"""Writes on reports: a member flags a comment for the moderators (listed in the admin)."""

from __future__ import annotations

from django.db import transaction

from comment_service.comments.access import access_comment_for_report
from comment_service.comments.models import CommentReport
from kingdom.problems import Conflict
from kingdom.tokens import TokenUser

ALREADY_REPORTED = "이미 신고한 댓글입니다."


def comment_report(*, user: TokenUser, comment_id: int, reason: str) -> CommentReport:
    """A member reports a comment they can see, once (409 after); not their own (403)."""
    with transaction.atomic():
        comment = access_comment_for_report(user, comment_id)
        report, created = CommentReport.objects.get_or_create(
            comment=comment,
            reporter_id=user.id,
            defaults={"reporter_nickname": user.nickname, "reason": reason},
        )
        if not created:
            raise Conflict(ALREADY_REPORTED, slug="already-reported")
    return report
