"""What each token role may do, in one place: guests < members < staff; services stand apart."""

from __future__ import annotations

USER_ROLES = frozenset({"guest", "member", "staff"})
MEMBER_ROLES = frozenset({"member", "staff"})


class RoleFlags:
    """``is_guest`` / ``is_member`` / ``is_staff`` / ``is_service`` derived from ``self.role``.

    Staff count as members (they may do whatever a member may).
    """

    role: str | None

    @property
    def is_guest(self) -> bool:
        return self.role == "guest"

    @property
    def is_member(self) -> bool:
        return self.role in MEMBER_ROLES

    @property
    def is_staff(self) -> bool:
        return self.role == "staff"

    @property
    def is_service(self) -> bool:
        return self.role == "service"
