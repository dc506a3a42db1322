"""HTTP endpoints of auth_service (docs/contracts.md#auth_service). Thin: parse, call a service, answer."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from auth_service.accounts import services, tokens
from auth_service.accounts.authentication import AccountJWTAuthentication
from auth_service.accounts.errors import InvalidCredentials
from auth_service.accounts.fields import NicknameField, OptionalEmailField, PasswordField, UsernameField
from auth_service.accounts.keys import jwks_document
from auth_service.accounts.models import User
from auth_service.accounts.selectors import recently_deactivated_users, user_public_get
from kingdom.permissions import IsService, IsUser
from kingdom.problems import problem_response
from kingdom.signin import LOCKED, SignInRefused
from kingdom.throttling import AccountThrottle, AddressThrottle, DeviceThrottle


class UserOutput(serializers.ModelSerializer):
    """The account as its owner sees it."""

    class Meta:
        model = User
        fields = ["id", "username", "nickname", "role", "email", "date_joined"]


class TokenPairOutput(serializers.Serializer):
    """A :class:`~auth_service.accounts.tokens.TokenPair`."""

    access = serializers.CharField()
    refresh = serializers.CharField()


class SignedInOutput(serializers.Serializer):
    """A :class:`~auth_service.accounts.services.SignedIn`: the account and its new token pair."""

    user = UserOutput()
    access = serializers.CharField(source="tokens.access")
    refresh = serializers.CharField(source="tokens.refresh")


def locked_response(refused: SignInRefused):
    """429 for a sign-in refused before any check (kingdom.signin), whichever way the person signs
    in: ``account_locked`` — this username from this address —, ``login_delayed`` — this username,
    for seconds."""
    return problem_response(
        429,
        "Too Many Requests",
        refused.message,
        type_slug="account_locked" if refused.reason == LOCKED else "login_delayed",
        headers={"Retry-After": str(refused.retry_after)},
    )


def signed_in_response(result: services.SignedIn, status_code: int) -> Response:
    return Response(SignedInOutput(result).data, status=status_code)


class PublicApi(APIView):
    """Endpoints for people without a token; a stale Authorization header must not get in the way."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


class AccountApi(APIView):
    """Endpoints for the holder of an access token whose account is still active."""

    authentication_classes = [AccountJWTAuthentication]
    permission_classes = [IsUser]


class SignupApi(PublicApi):
    throttle_classes = [AddressThrottle, DeviceThrottle]
    ip_throttle_scope = "signup_ip"
    device_throttle_scope = "signup_device"

    class InputSerializer(serializers.Serializer):
        username = UsernameField()
        password = PasswordField()
        nickname = NicknameField()
        email = OptionalEmailField()

        class Meta:
            ref_name = "SignupInput"

    @extend_schema(request=InputSerializer, responses={201: SignedInOutput})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return signed_in_response(services.user_signup(**data.validated_data), status.HTTP_201_CREATED)


class LoginApi(PublicApi):
    throttle_classes = [AddressThrottle]
    ip_throttle_scope = "login_ip"

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = PasswordField()

        class Meta:
            ref_name = "LoginInput"

    @extend_schema(request=InputSerializer, responses={200: SignedInOutput})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = services.user_login(**data.validated_data, request=request)
        except SignInRefused as refused:
            return locked_response(refused)
        return signed_in_response(result, status.HTTP_200_OK)


class RefreshApi(PublicApi):
    class InputSerializer(serializers.Serializer):
        refresh = serializers.CharField(max_length=4096)

        class Meta:
            ref_name = "RefreshInput"

    @extend_schema(request=InputSerializer, responses={200: TokenPairOutput})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pair = tokens.refresh_token_rotate(data.validated_data["refresh"])
        return Response(TokenPairOutput(pair).data)


class LogoutApi(PublicApi):
    InputSerializer = RefreshApi.InputSerializer

    @extend_schema(request=InputSerializer, responses={204: None})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tokens.refresh_token_revoke(data.validated_data["refresh"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class GuestCreateApi(PublicApi):
    throttle_classes = [AddressThrottle, DeviceThrottle]
    ip_throttle_scope = "guest_ip"
    device_throttle_scope = "guest_device"

    class InputSerializer(serializers.Serializer):
        nickname = NicknameField()

        class Meta:
            ref_name = "GuestCreateInput"

    @extend_schema(request=InputSerializer, responses={201: SignedInOutput})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return signed_in_response(services.guest_create(**data.validated_data), status.HTTP_201_CREATED)


class GuestUpgradeApi(AccountApi):
    throttle_classes = [AddressThrottle, DeviceThrottle]
    ip_throttle_scope = "signup_ip"
    device_throttle_scope = "signup_device"

    class InputSerializer(serializers.Serializer):
        username = UsernameField()
        password = PasswordField()
        email = OptionalEmailField()

        class Meta:
            ref_name = "GuestUpgradeInput"

    @extend_schema(request=InputSerializer, responses={200: SignedInOutput})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.guest_upgrade(user_id=request.user.pk, **data.validated_data)
        return signed_in_response(result, status.HTTP_200_OK)


class MeApi(AccountApi):
    class InputSerializer(serializers.Serializer):
        nickname = NicknameField(required=False)
        email = OptionalEmailField()

        class Meta:
            ref_name = "MeInput"

    @extend_schema(responses={200: UserOutput})
    def get(self, request):
        return Response(UserOutput(request.user).data)

    @extend_schema(request=InputSerializer, responses={200: UserOutput})
    def patch(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_update(request.user, **data.validated_data)
        return Response(UserOutput(user).data)


class PasswordChangeApi(AccountApi):
    throttle_classes = [AccountThrottle]
    account_throttle_scope = "password_user"

    class InputSerializer(serializers.Serializer):
        old_password = PasswordField()
        new_password = PasswordField()

        class Meta:
            ref_name = "PasswordChangeInput"

    @extend_schema(request=InputSerializer, responses={200: TokenPairOutput})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pair = services.password_change(request.user, **data.validated_data)
        return Response(TokenPairOutput(pair).data)


class UserProfileApi(PublicApi):
    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = User
            fields = ["id", "nickname", "role", "date_joined"]

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request, user_id: int):
        user = user_public_get(user_id)
        if user is None:
            raise Http404
        return Response(self.OutputSerializer(user).data)


class JwkOutput(serializers.Serializer):
    """One RSA public key (RFC 7517); ``kid`` is its RFC 7638 thumbprint."""

    kty = serializers.ChoiceField(["RSA"])
    kid = serializers.CharField()
    use = serializers.ChoiceField(["sig"])
    alg = serializers.ChoiceField(["RS256"])
    n = serializers.CharField()
    e = serializers.CharField()


class JwksApi(PublicApi):
    # Verifiers cache keys; kingdom.tokens refetches every 5 minutes and on an unknown kid.
    max_age_seconds = 300

    class OutputSerializer(serializers.Serializer):
        keys = JwkOutput(many=True)

        class Meta:
            ref_name = "Jwks"

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request):
        response = Response(self.OutputSerializer(jwks_document()).data)
        response["Cache-Control"] = f"public, max-age={self.max_age_seconds}"
        return response


class DeactivatedUserOutput(serializers.Serializer):
    """A ``(id, deactivated_at)`` row; the time as seconds since the epoch, like a token's ``iat``."""

    id = serializers.SerializerMethodField()
    deactivated_at = serializers.SerializerMethodField()

    def get_id(self, row) -> int:
        return row[0]

    def get_deactivated_at(self, row) -> float:
        return row[1].timestamp()


class InternalDeactivatedUsersApi(APIView):
    """For the other services: accounts deactivated recently enough that an access token issued
    before could still be alive. They pull it every ``JWT_DENYLIST_SECONDS`` (kingdom.tokens) and
    refuse such tokens; auth itself checks the account row on every request instead."""

    authentication_classes = [AccountJWTAuthentication]  # service tokens pass through as they are
    permission_classes = [IsService]

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "DeactivatedUsersOutput"

        users = DeactivatedUserOutput(many=True)

    @extend_schema(responses=OutputSerializer)
    def get(self, request):
        return Response(self.OutputSerializer({"users": recently_deactivated_users()}).data)


class ServiceTokenApi(PublicApi):
    throttle_classes = [AddressThrottle]
    ip_throttle_scope = "service_token_ip"

    class InputSerializer(serializers.Serializer):
        client_id = serializers.CharField(max_length=100)
        client_secret = serializers.CharField(max_length=500, trim_whitespace=False)

        class Meta:
            ref_name = "ServiceTokenInput"

    class OutputSerializer(serializers.Serializer):
        access = serializers.CharField()
        token_type = serializers.ChoiceField(["Bearer"])
        expires_in = serializers.IntegerField(help_text="seconds")

        class Meta:
            ref_name = "ServiceToken"

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        client_id, secret = data.validated_data["client_id"], data.validated_data["client_secret"]
        if not tokens.service_client_verify(client_id, secret):
            raise InvalidCredentials("클라이언트 자격 증명이 올바르지 않습니다.")
        access, expires_in = tokens.service_token_issue(client_id)
        token = {"access": access, "token_type": "Bearer", "expires_in": expires_in}
        return Response(self.OutputSerializer(token).data)
