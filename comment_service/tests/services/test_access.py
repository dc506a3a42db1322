"""comments/access.py: one lookup-plus-permission per action; 404 for what the caller may not
see, 403 for what they may see but not do."""

from __future__ import annotations

import pytest
from django.db import transaction
from rest_framework.exceptions import NotFound, PermissionDenied

from comment_service.comments.access import (
    access_comment_for_report,
    access_comment_for_update,
    access_comment_for_view,
)
from comment_service.tests.factories import make_comment
from kingdom.tokens import TokenUser

pytestmark = pytest.mark.django_db


def user(user_id: int, role: str = "member") -> TokenUser:
    return TokenUser(id=user_id, nickname=f"user{user_id}", role=role, claims={})


STAFF = TokenUser(id=None, nickname="운영자", role="staff", claims={})


def for_update(who: TokenUser, comment_id: int):
    with transaction.atomic():
        return access_comment_for_update(who, comment_id)


def test_the_author_and_staff_may_change_a_comment_and_nobody_else():
    comment = make_comment(author_id=7)

    assert for_update(user(7), comment.pk) == comment
    assert for_update(STAFF, comment.pk) == comment
    with pytest.raises(PermissionDenied):
        for_update(user(8), comment.pk)


def test_missing_deleted_and_hidden_comments_are_not_found_for_a_change():
    deleted = make_comment(author_id=7, is_deleted=True)
    hidden = make_comment(author_id=7, is_hidden=True)

    for comment_id in (deleted.pk + hidden.pk + 1000, deleted.pk):
        with pytest.raises(NotFound):
            for_update(user(7), comment_id)
    with pytest.raises(NotFound):
        for_update(user(7), hidden.pk)
    assert for_update(STAFF, hidden.pk) == hidden  # staff may still delete what they hid


def test_a_report_is_refused_on_ones_own_comment_and_on_a_placeholder():
    top = make_comment(author_id=7, is_deleted=True, body="")
    make_comment(author_id=8, parent=top)
    own = make_comment(author_id=9)

    with pytest.raises(PermissionDenied):
        access_comment_for_report(user(9), own.pk)
    with pytest.raises(NotFound):
        access_comment_for_report(user(9), top.pk)
    assert access_comment_for_report(user(10), own.pk) == own


def test_viewing_shows_a_placeholder_but_not_a_comment_gone_for_good():
    top = make_comment(author_id=7, is_deleted=True, body="")
    make_comment(author_id=8, parent=top)
    alone = make_comment(author_id=7, is_hidden=True)

    assert access_comment_for_view(user(1), top.pk) == top
    with pytest.raises(NotFound):
        access_comment_for_view(user(1), alone.pk)
