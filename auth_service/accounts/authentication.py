"""Authentication for auth's own account endpoints: a valid access token *and* a live account.

Other services learn of a deactivation from auth's deactivated-users list within
``JWT_DENYLIST_SECONDS`` (kingdom.tokens); auth holds the rows, so here a deactivated or deleted
account is refused at once.
"""

from __future__ import annotations

from rest_framework import exceptions

from auth_service.accounts.models import User
from kingdom.tokens import JWTAuthentication


class AccountJWTAuthentication(JWTAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        token_user, claims = result
        if token_user.is_service:
            return token_user, claims
        user = User.objects.filter(pk=token_user.id, is_active=True).first()
        if user is None:
            raise exceptions.AuthenticationFailed("사용할 수 없는 계정입니다.")
        return user, claims
