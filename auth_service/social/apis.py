"""HTTP endpoints for social login (``/api/auth/social/…``). Thin: parse, call a service, answer.

The front drives the browser: it asks ``authorize`` where to send it, keeps the answered
``flow`` in its session, and hands the callback's ``code``/``state`` (or ``error``) back to
``login``, ``link`` or ``upgrade`` together with that flow.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from auth_service.accounts.apis import AccountApi, PublicApi, UserOutput, locked_response, signed_in_response
from auth_service.accounts.throttles import ClientIpThrottle, DeviceThrottle
from auth_service.accounts.validators import validate_nickname
from auth_service.social import services
from auth_service.social.models import Provider
from auth_service.social.providers import (
    SocialRefused,
    authorization_begin,
    authorization_finish,
    configured_providers,
    provider_get,
)
from auth_service.social.selectors import links_of
from kingdom.addresses import client_address
from kingdom.permissions import IsUser
from kingdom.signin import SignInRefused


class ProvidersApi(PublicApi):
    """The providers the operator configured: the front shows a button for each."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "SocialProviders",
                {"providers": serializers.ListField(child=serializers.DictField())},
            )
        }
    )
    def get(self, request):
        providers = [{"provider": p.name, "label": p.label} for p in configured_providers()]
        return Response({"providers": providers})


class AuthorizeApi(PublicApi):
    throttle_classes = [ClientIpThrottle]
    ip_throttle_scope = "login_ip"

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "SocialAuthorize",
                {"authorization_url": serializers.URLField(), "flow": serializers.CharField()},
            )
        },
    )
    def post(self, request, provider: str):
        url, flow = authorization_begin(provider_get(provider))
        return Response({"authorization_url": url, "flow": flow})


class CallbackInput(serializers.Serializer):
    """What the provider sent the browser back with, and the flow the front kept."""

    flow = serializers.CharField(max_length=2048)
    state = serializers.CharField(max_length=512, allow_blank=True)
    code = serializers.CharField(max_length=2048, required=False, allow_blank=True, default="")
    error = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "SocialCallbackInput"


def _profile(request, provider: str):
    data = CallbackInput(data=request.data)
    data.is_valid(raise_exception=True)
    return authorization_finish(provider_get(provider), **data.validated_data)


class LoginApi(PublicApi):
    throttle_classes = [ClientIpThrottle]
    ip_throttle_scope = "login_ip"

    @extend_schema(
        request=CallbackInput,
        responses={
            200: inline_serializer(
                "SocialLoginResult",
                {
                    "status": serializers.ChoiceField(["signed_in", "signup_required"]),
                    "user": UserOutput(required=False),
                    "access": serializers.CharField(required=False),
                    "refresh": serializers.CharField(required=False),
                    "signup_ticket": serializers.CharField(required=False),
                    "proposed_nickname": serializers.CharField(required=False),
                },
            )
        },
    )
    def post(self, request, provider: str):
        profile = _profile(request, provider)
        try:
            result = services.social_login(profile, address=client_address(request))
        except SignInRefused as refused:
            return locked_response(refused)
        if isinstance(result, services.SignupNeeded):
            return Response(
                {
                    "status": "signup_required",
                    "provider": provider,
                    "signup_ticket": result.ticket,
                    "proposed_nickname": result.proposed_nickname,
                    "email": result.email,
                }
            )
        response = signed_in_response(result, status.HTTP_200_OK)
        response.data["status"] = "signed_in"
        return response


class SignupApi(PublicApi):
    throttle_classes = [ClientIpThrottle, DeviceThrottle]
    ip_throttle_scope = "signup_ip"
    device_throttle_scope = "signup_device"

    class InputSerializer(serializers.Serializer):
        signup_ticket = serializers.CharField(max_length=2048)
        nickname = serializers.CharField(validators=[validate_nickname])

        class Meta:
            ref_name = "SocialSignupInput"

    @extend_schema(request=InputSerializer, responses={201: UserOutput})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.social_signup(
            ticket=data.validated_data["signup_ticket"], nickname=data.validated_data["nickname"]
        )
        return signed_in_response(result, status.HTTP_201_CREATED)


class LinkOutput(serializers.Serializer):
    provider = serializers.CharField()
    created_at = serializers.DateTimeField()


def _links_body(user) -> dict:
    return {
        "links": LinkOutput(links_of(user), many=True).data,
        "has_password": user.has_usable_password(),
    }


class LinksApi(AccountApi):
    @extend_schema(
        responses={
            200: inline_serializer(
                "SocialLinks", {"links": LinkOutput(many=True), "has_password": serializers.BooleanField()}
            )
        }
    )
    def get(self, request):
        return Response(_links_body(request.user))


class LinkApi(AccountApi):
    """A member links a provider (POST, with the callback), or unlinks it (DELETE)."""

    @extend_schema(request=CallbackInput, responses={200: LinkOutput(many=True)})
    def post(self, request, provider: str):
        if request.user.is_guest:
            raise SocialRefused(
                "비회원은 회원으로 전환하면서 연결해 주세요.", slug="guest_cannot_link", status_code=403
            )
        services.social_link(request.user, _profile(request, provider))
        return Response(_links_body(request.user))

    @extend_schema(responses={204: None})
    def delete(self, request, provider: str):
        if provider not in Provider.values:
            raise NotFound()
        # By name: a provider the operator turned off can still be unlinked.
        services.social_unlink(request.user, provider)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UpgradeApi(AccountApi):
    """A guest becomes a member who signs in with the provider: same id, guest tokens end."""

    permission_classes = [IsUser]
    throttle_classes = [ClientIpThrottle, DeviceThrottle]
    ip_throttle_scope = "signup_ip"
    device_throttle_scope = "signup_device"

    @extend_schema(request=CallbackInput, responses={200: UserOutput})
    def post(self, request, provider: str):
        profile = _profile(request, provider)
        result = services.guest_upgrade_social(user_id=request.user.pk, profile=profile)
        return signed_in_response(result, status.HTTP_200_OK)
