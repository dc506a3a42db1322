"""Permission classes by token role (guest, member, staff, service).

User tokens never reach internal endpoints and service tokens never reach public ones.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from kingdom.roles import MEMBER_ROLES, USER_ROLES


def _role(request) -> str | None:
    user = getattr(request, "user", None)
    return getattr(user, "role", None) if user is not None and user.is_authenticated else None


class IsUserOrReadOnly(BasePermission):
    """Anyone may read; writing needs a user token (guest, member or staff)."""

    message = "로그인이 필요합니다."
    #: reads need no token (the OpenAPI document marks them so: ``kingdom.schema.AutoSchema``)
    anonymous_reads = True

    def has_permission(self, request, view) -> bool:
        role = _role(request)
        if role == "service":
            return False
        return request.method in SAFE_METHODS or role in USER_ROLES


class IsUser(BasePermission):
    """A user token of any kind, guests included."""

    message = "로그인이 필요합니다."

    def has_permission(self, request, view) -> bool:
        return _role(request) in USER_ROLES


class IsMember(BasePermission):
    """A member (or staff) token: guests may not like, vote, judge, report or share deals."""

    message = "회원만 할 수 있습니다. 회원으로 전환해 주세요."

    def has_permission(self, request, view) -> bool:
        return _role(request) in MEMBER_ROLES


class IsMemberOrReadOnly(BasePermission):
    """Anyone may read; writing needs a member (or staff) token."""

    message = IsMember.message
    anonymous_reads = True

    def has_permission(self, request, view) -> bool:
        role = _role(request)
        if role == "service":
            return False
        return request.method in SAFE_METHODS or role in MEMBER_ROLES


class IsStaff(BasePermission):
    message = "운영자만 할 수 있습니다."

    def has_permission(self, request, view) -> bool:
        return _role(request) == "staff"


class IsService(BasePermission):
    """Internal endpoints: only a ``service`` token issued to another Thrift Kingdom service."""

    message = "내부 서비스 전용입니다."

    def has_permission(self, request, view) -> bool:
        return _role(request) == "service"
