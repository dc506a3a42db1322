"""One access check per account: lookup and permission together (as board's ``posts/access.py``).

Helpers that precede a write lock the row they hand back (call them inside a transaction).
"""

from __future__ import annotations

from rest_framework.exceptions import PermissionDenied

from auth_service.accounts.errors import InvalidCredentials
from auth_service.accounts.models import Role, User


def access_guest_for_upgrade(user_id: int) -> User:
    """The active guest ``user_id``, locked, to become a member: 401 when the account is gone,
    403 when it is a member already."""
    user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
    if user is None:
        raise InvalidCredentials("계정을 찾을 수 없습니다.")
    if user.role != Role.GUEST:
        raise PermissionDenied("이미 회원입니다.")
    return user
