"""The author contract of the content APIs (posts, deals, comments), written once.

Authors live in auth_service. A post, deal or comment keeps the author's id (the JWT ``sub``)
and a snapshot of the nickname and role at the time of writing (docs/contracts.md#conventions):

- ``AuthoredModel`` has the three columns with one set of lengths; the nickname is cut to
  ``NICKNAME_MAX_LENGTH`` whenever it is assigned or saved, so no write path can overflow it.
- ``author_columns(user)`` fills them from ``TokenUser.as_author()``.
- ``author_as_seen_by(item, viewer, ...)`` decides what a viewer sees of the author: the one
  place the anonymous-author mask is applied.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.query_utils import DeferredAttribute

NICKNAME_MAX_LENGTH = 50
#: "guest", "member", "staff" (kingdom.tokens.ROLES), with room to spare
ROLE_MAX_LENGTH = 16
#: what others see of an anonymous author
ANONYMOUS_AUTHOR = {"id": None, "nickname": "익명", "role": None}
#: what everyone sees of the author of something removed (a deleted or hidden comment)
REMOVED_AUTHOR = {"id": None, "nickname": "", "role": None}


class _CutToMaxLength(DeferredAttribute):
    """The field's attribute, cutting a string to the field's ``max_length`` on assignment."""

    def __set__(self, instance, value):
        if isinstance(value, str):
            value = value[: self.field.max_length]
        instance.__dict__[self.field.attname] = value


class CutCharField(models.CharField):
    """A CharField that cuts a longer string to ``max_length`` instead of failing on save.

    Cut when assigned (``Model(...)``, ``obj.field = ...``, ``objects.create``, ``bulk_create``)
    and when written (``QuerySet.update``), so the in-memory value is the stored one.
    """

    descriptor_class = _CutToMaxLength

    def get_db_prep_save(self, value, connection):
        if isinstance(value, str):
            value = value[: self.max_length]
        return super().get_db_prep_save(value, connection)


class AuthoredModel(models.Model):
    """Something written by a user of auth_service: its author's id, nickname and role."""

    author_id = models.BigIntegerField("작성자 id")
    author_nickname = CutCharField("작성자", max_length=NICKNAME_MAX_LENGTH)
    author_role = models.CharField("작성자 역할", max_length=ROLE_MAX_LENGTH)

    class Meta:
        abstract = True

    @property
    def author(self) -> dict[str, Any]:
        """The stored author in the shape of ``TokenUser.as_author()``."""
        return {"id": self.author_id, "nickname": self.author_nickname, "role": self.author_role}

    def is_authored_by(self, user) -> bool:
        """True when ``user`` (a TokenUser, an anonymous caller or None) wrote this."""
        user_id = getattr(user, "id", None)
        return user_id is not None and self.author_id == user_id


def author_columns(user) -> dict[str, Any]:
    """The author columns of something ``user`` (a TokenUser) writes now."""
    author = user.as_author()
    return {"author_id": author["id"], "author_nickname": author["nickname"], "author_role": author["role"]}


def author_as_seen_by(
    item: AuthoredModel, viewer, *, anonymous: bool = False, removed: bool = False
) -> dict[str, Any]:
    """What ``viewer`` may see of the author of ``item``.

    ``removed`` (something shown as a placeholder): nobody sees an author. ``anonymous``: only
    the author and staff see who it is; everyone else sees ``ANONYMOUS_AUTHOR``.
    """
    if removed:
        return dict(REMOVED_AUTHOR)
    if anonymous and not (item.is_authored_by(viewer) or getattr(viewer, "is_staff", False)):
        return dict(ANONYMOUS_AUTHOR)
    return item.author
