"""HTTP endpoints for social login (``/api/auth/social/…``). Thin: parse, call a service, answer.

The front drives the browser: it asks ``authorize`` where to send it, keeps the answered
``flow`` in its session, and hands the callback's ``code``/``state`` (or ``error``) back to
``login``, ``link`` or ``upgrade`` together with that flow.
"""

from __future__ import annotations

from typing import Literal

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from auth_service.accounts.apis import (
    AccountApi,
    PublicApi,
    SignedInOutput,
    locked_response,
    signed_in_response,
)
from auth_service.accounts.fields import NicknameField
from auth_service.social import services
from auth_service.social.access import access_member_for_link
from auth_service.social.models import Provider
from auth_service.social.providers import (
    authorization_begin,
    authorization_finish,
    configured_providers,
    provider_get,
)
from auth_service.social.selectors import links_of
from kingdom.addresses import client_address
from kingdom.permissions import IsUser
from kingdom.schema import problem_responses
from kingdom.signin import SignInRefused
from kingdom.throttling import AddressThrottle, DeviceThrottle


class ProviderOutput(serializers.Serializer):
    provider = serializers.ChoiceField(Provider.values, source="name")
    label = serializers.CharField()


class ProvidersApi(PublicApi):
    """The providers the operator configured: the front shows a button for each."""

    class OutputSerializer(serializers.Serializer):
        providers = ProviderOutput(many=True)

        class Meta:
            ref_name = "SocialProviders"

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request):
        return Response(self.OutputSerializer({"providers": configured_providers()}).data)


class AuthorizeApi(PublicApi):
    throttle_classes = [AddressThrottle]
    ip_throttle_scope = "login_ip"

    class OutputSerializer(serializers.Serializer):
        authorization_url = serializers.URLField()
        flow = serializers.CharField()

        class Meta:
            ref_name = "SocialAuthorize"

    @extend_schema(request=None, responses={200: OutputSerializer})
    def post(self, request, provider: str):
        url, flow = authorization_begin(provider_get(provider))
        return Response(self.OutputSerializer({"authorization_url": url, "flow": flow}).data)


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


class SocialSignedInOutput(SignedInOutput):
    """A linked account signed in: ``status: signed_in`` and what a password login answers."""

    status = serializers.SerializerMethodField()

    def get_status(self, result) -> Literal["signed_in"]:
        return "signed_in"


class SignupRequiredOutput(serializers.Serializer):
    """No account is linked yet: the person confirms ``proposed_nickname`` and sends
    ``signup_ticket`` to ``/social/signup``."""

    status = serializers.SerializerMethodField()
    provider = serializers.SerializerMethodField()
    signup_ticket = serializers.CharField(source="ticket")
    proposed_nickname = serializers.CharField()
    email = serializers.CharField(help_text="the provider's verified address, or empty")

    def get_status(self, result) -> Literal["signup_required"]:
        return "signup_required"

    def get_provider(self, result) -> str:
        return self.context["provider"]


class LoginApi(PublicApi):
    throttle_classes = [AddressThrottle]
    ip_throttle_scope = "login_ip"

    @extend_schema(
        request=CallbackInput,
        responses={
            200: PolymorphicProxySerializer(
                component_name="SocialLoginResult",
                serializers=[SocialSignedInOutput, SignupRequiredOutput],
                resource_type_field_name=None,
            ),
            **problem_responses(403, 409),  # a deactivated account; an e-mail a member already has
        },
    )
    def post(self, request, provider: str):
        profile = _profile(request, provider)
        try:
            result = services.social_login(profile, address=client_address(request))
        except SignInRefused as refused:
            return locked_response(refused)
        if isinstance(result, services.SignupNeeded):
            return Response(SignupRequiredOutput(result, context={"provider": provider}).data)
        return Response(SocialSignedInOutput(result).data)


class SignupApi(PublicApi):
    throttle_classes = [AddressThrottle, DeviceThrottle]
    ip_throttle_scope = "signup_ip"
    device_throttle_scope = "signup_device"

    class InputSerializer(serializers.Serializer):
        signup_ticket = serializers.CharField(max_length=2048)
        nickname = NicknameField()

        class Meta:
            ref_name = "SocialSignupInput"

    @extend_schema(request=InputSerializer, responses={201: SignedInOutput, **problem_responses(409)})
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


class LinksOutput(serializers.Serializer):
    """A member's links (oldest first) and whether they can also sign in with a password."""

    links = serializers.SerializerMethodField()
    has_password = serializers.SerializerMethodField()

    class Meta:
        ref_name = "SocialLinks"

    @extend_schema_field(LinkOutput(many=True))
    def get_links(self, user) -> list:
        return LinkOutput(links_of(user), many=True).data

    def get_has_password(self, user) -> bool:
        return user.has_usable_password()


class LinksApi(AccountApi):
    @extend_schema(responses={200: LinksOutput})
    def get(self, request):
        return Response(LinksOutput(request.user).data)


class LinkApi(AccountApi):
    """A member links a provider (POST, with the callback), or unlinks it (DELETE)."""

    @extend_schema(request=CallbackInput, responses={200: LinksOutput, **problem_responses(409)})
    def post(self, request, provider: str):
        access_member_for_link(request.user)
        services.social_link(request.user, _profile(request, provider))
        return Response(LinksOutput(request.user).data)

    @extend_schema(responses={204: None, **problem_responses(409)})  # 409: the last way to sign in
    def delete(self, request, provider: str):
        if provider not in Provider.values:
            raise NotFound()
        # By name: a provider the operator turned off can still be unlinked.
        services.social_unlink(request.user, provider)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UpgradeApi(AccountApi):
    """A guest becomes a member who signs in with the provider: same id, guest tokens end."""

    permission_classes = [IsUser]
    throttle_classes = [AddressThrottle, DeviceThrottle]
    ip_throttle_scope = "signup_ip"
    device_throttle_scope = "signup_device"

    @extend_schema(request=CallbackInput, responses={200: SignedInOutput, **problem_responses(409)})
    def post(self, request, provider: str):
        profile = _profile(request, provider)
        result = services.guest_upgrade_social(user_id=request.user.pk, profile=profile)
        return signed_in_response(result, status.HTTP_200_OK)
