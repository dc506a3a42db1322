"""Thin HTTP layer: parse input, call one service or selector, serialize output."""

from __future__ import annotations

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kingdom.fields import StrictBooleanField, StrictCharField, StrictChoiceField, StrictIntegerField
from kingdom.pagination import PageNumberPagination, paginated
from kingdom.permissions import IsMember, IsService, IsUser
from kingdom.schema import problem_responses
from notification_service.notifications import alerts, products, selectors, services
from notification_service.notifications.access import (
    access_alert_for_update,
    access_alert_for_view,
    access_notification_for_read,
    access_watch_for_delete,
)
from notification_service.notifications.models import Channel, EmailMode, EventKind, Kind

#: the largest price anybody types (원), as sharing's prices
PRICE_MAX = 1_000_000_000
SCORE_LIMIT = 100_000
SLUG_PATTERN = r"^[-a-z0-9_]+$"
#: keywords must hold something search can find: a Hangul syllable, a Latin letter or a digit
KEYWORD_PATTERN = r"^(?![\s\S]*\u0000)[\s\S]*[0-9A-Za-z가-힣][\s\S]*$"
KEYWORD_MESSAGE = "검색어에는 한글, 영문 또는 숫자가 하나 이상 있어야 합니다."
#: the addresses Django's EmailValidator takes, written as a pattern the document can state
#: and RFC 5321 allows (a local part of at most 64 characters, domain labels without a hyphen at
#: either end, a top-level domain of letters)
EMAIL_PATTERN = (
    r"^(?=[^@]{1,64}@)[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*"  # the local part
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"  # the domain
)


#: a page past the end (or past the 10,000th row) is a 404
PAGE_PAST_THE_END = problem_responses(404)


def page_of(request, view, queryset, serializer_class) -> Response:
    return paginated(request, view, queryset, lambda page: serializer_class(page, many=True).data)


class QueryFilterSerializer(serializers.Serializer):
    """Query parameters as documented: an empty value (``?product=``) is no integer or boolean
    (DRF would read it as absent), so it is a 400 like any other value that is not one."""

    def to_internal_value(self, data):
        empty = {name: ["값이 비어 있습니다."] for name in self.fields if data.get(name) == ""}
        if empty:
            raise serializers.ValidationError(empty)
        return super().to_internal_value(data)


# --- the inbox -------------------------------------------------------------------------------


class NotificationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    message = serializers.CharField()
    link = serializers.CharField(help_text="front path, e.g. /deals/12")
    created_at = serializers.DateTimeField()
    read = serializers.SerializerMethodField()

    def get_read(self, notification) -> bool:
        return notification.read_at is not None


class InboxApi(APIView):
    """My notifications, newest first (guests too)."""

    permission_classes = [IsUser]
    pagination_class = PageNumberPagination

    class FilterSerializer(QueryFilterSerializer):
        class Meta:
            ref_name = "InboxFilter"

        unread = serializers.BooleanField(required=False, default=False, help_text="only unread ones")

    @extend_schema(
        operation_id="inbox_list",
        parameters=[FilterSerializer],
        responses={200: NotificationOutputSerializer(many=True), **PAGE_PAST_THE_END},
    )
    def get(self, request):
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        notifications = selectors.inbox(request.user.id, unread_only=params.validated_data["unread"])
        return page_of(request, self, notifications, NotificationOutputSerializer)


class UnreadCountApi(APIView):
    """How many unread notifications I have: the header badge (one indexed count, cached briefly)."""

    permission_classes = [IsUser]

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "UnreadCount"

        unread = serializers.IntegerField(min_value=0)

    @extend_schema(operation_id="inbox_unread_count", responses={200: OutputSerializer})
    def get(self, request):
        return Response(self.OutputSerializer({"unread": selectors.unread_count(request.user.id)}).data)


class NotificationReadApi(APIView):
    permission_classes = [IsUser]

    @extend_schema(
        operation_id="inbox_read",
        request=None,
        responses={204: None},
    )
    def post(self, request, notification_id: int):
        services.notification_mark_read(access_notification_for_read(request.user, notification_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReadAllApi(APIView):
    permission_classes = [IsUser]

    @extend_schema(operation_id="inbox_read_all", request=None, responses={204: None})
    def post(self, request):
        services.notifications_mark_all_read(request.user.id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- preferences -----------------------------------------------------------------------------

#: ``{"<kind>": "site"|"email"|"off"}``: every kind in an answer, any of them in a request
ChannelsOutputSerializer = type(
    "ChannelsOutputSerializer",
    (serializers.Serializer,),
    {kind: serializers.ChoiceField(choices=Channel.choices) for kind in Kind.values},
)
ChannelsInputSerializer = type(
    "ChannelsInputSerializer",
    (serializers.Serializer,),
    {
        kind: StrictChoiceField(choices=Channel.choices, required=False, help_text="left out: site")
        for kind in Kind.values
    },
)


class PreferencesApi(APIView):
    """Per kind: in the site, also by e-mail, or off; e-mail at once or as a daily digest.

    The e-mail address is the member's to give here (auth keeps its own; the front may offer the
    one from ``/api/auth/me`` as the default). Without an address nothing is mailed.
    """

    permission_classes = [IsUser]

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PreferencesOutput"

        channels = ChannelsOutputSerializer()
        email_mode = serializers.ChoiceField(choices=EmailMode.choices)
        email = serializers.CharField(help_text="the address mails go to, or empty (no mail)")

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PreferencesInput"

        channels = ChannelsInputSerializer()
        email_mode = StrictChoiceField(choices=EmailMode.choices)
        email = serializers.EmailField(
            allow_blank=True,
            max_length=254,
            validators=[RegexValidator(EMAIL_PATTERN, "이메일 주소(예: me@example.kr)를 입력해 주세요.")],
            help_text="the address to mail, or empty for no mail",
        )

    @staticmethod
    def _output(pref) -> dict:
        return PreferencesApi.OutputSerializer(
            {
                "channels": {kind: pref.channel(kind) for kind in Kind.values},
                "email_mode": pref.email_mode,
                "email": pref.email,
            }
        ).data

    @extend_schema(operation_id="preferences_get", responses={200: OutputSerializer})
    def get(self, request):
        return Response(self._output(selectors.preference_get(request.user.id)))

    @extend_schema(operation_id="preferences_put", request=InputSerializer, responses={200: OutputSerializer})
    def put(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(self._output(services.preference_update(request.user.id, **data.validated_data)))


# --- keyword alerts --------------------------------------------------------------------------


class AlertOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    keywords = serializers.CharField()
    category = serializers.SerializerMethodField()
    store = serializers.SerializerMethodField()
    max_price = serializers.IntegerField(allow_null=True)
    free_shipping_only = serializers.BooleanField()
    min_score = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_category(self, alert) -> str | None:
        return alert.category or None

    def get_store(self, alert) -> str | None:
        return alert.store or None


class AlertInputSerializer(serializers.Serializer):
    """An alert's conditions: all the words (matched as search matches them), and optionally a
    category, a store, a highest effective price (price + shipping), free shipping, a least score."""

    keywords = StrictCharField(
        max_length=100,
        validators=[RegexValidator(KEYWORD_PATTERN, KEYWORD_MESSAGE)],
        help_text="words; every one must appear in the deal (at least one Hangul syllable, letter or digit)",
    )
    category = StrictCharField(
        max_length=50,
        allow_null=True,
        required=False,
        default=None,
        validators=[RegexValidator(SLUG_PATTERN, "카테고리 슬러그(영문 소문자, 숫자, -, _)여야 합니다.")],
    )
    store = StrictCharField(max_length=100, allow_null=True, required=False, default=None)
    max_price = StrictIntegerField(
        min_value=0,
        max_value=PRICE_MAX,
        allow_null=True,
        required=False,
        default=None,
        error_messages={"min_value": "가격은 0원 이상이어야 합니다."},
    )
    free_shipping_only = StrictBooleanField(required=False, default=False)
    min_score = StrictIntegerField(
        min_value=-SCORE_LIMIT, max_value=SCORE_LIMIT, allow_null=True, required=False, default=None
    )


class AlertListCreateApi(APIView):
    """My keyword alerts (핫딜 알림); members only, at most ``NOTIFY_MAX_ALERTS`` (20)."""

    permission_classes = [IsMember]
    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="alerts_list",
        responses={200: AlertOutputSerializer(many=True), **PAGE_PAST_THE_END},
    )
    def get(self, request):
        return page_of(request, self, selectors.alert_list(request.user.id), AlertOutputSerializer)

    @extend_schema(
        operation_id="alerts_create",
        request=AlertInputSerializer,
        responses={201: AlertOutputSerializer, **problem_responses(409)},
    )
    def post(self, request):
        data = AlertInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        alert = alerts.alert_create(request.user.id, data.validated_data)
        return Response(AlertOutputSerializer(alert).data, status=status.HTTP_201_CREATED)


class AlertDetailApi(APIView):
    permission_classes = [IsMember]

    class UpdateSerializer(AlertInputSerializer):
        class Meta:
            ref_name = "AlertUpdate"

        keywords = StrictCharField(
            max_length=100, required=False, validators=[RegexValidator(KEYWORD_PATTERN, KEYWORD_MESSAGE)]
        )

    @extend_schema(
        operation_id="alerts_get",
        responses={200: AlertOutputSerializer},
    )
    def get(self, request, alert_id: int):
        return Response(AlertOutputSerializer(access_alert_for_view(request.user, alert_id)).data)

    @extend_schema(
        operation_id="alerts_update",
        request=UpdateSerializer,
        responses={200: AlertOutputSerializer},
    )
    def patch(self, request, alert_id: int):
        alert = access_alert_for_update(request.user, alert_id)
        data = self.UpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return Response(AlertOutputSerializer(alerts.alert_update(alert, data.validated_data)).data)

    @extend_schema(
        operation_id="alerts_delete",
        responses={204: None},
    )
    def delete(self, request, alert_id: int):
        alerts.alert_delete(access_alert_for_update(request.user, alert_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- price watches ---------------------------------------------------------------------------


class ProductRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class WatchOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = serializers.SerializerMethodField()
    target_price = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    fired_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(ProductRefSerializer)
    def get_product(self, watch) -> dict:
        return {"id": watch.product_id, "name": watch.product_name}


class WatchListCreateApi(APIView):
    """My price watches: told when a deal for the product costs (price + shipping) less than the target."""

    permission_classes = [IsMember]
    pagination_class = PageNumberPagination

    class FilterSerializer(QueryFilterSerializer):
        class Meta:
            ref_name = "WatchFilter"

        product = serializers.IntegerField(min_value=1, required=False, help_text="only this product's watch")

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "WatchInput"

        product = StrictIntegerField(min_value=1, max_value=2**63 - 1, help_text="a sharing product id")
        target_price = StrictIntegerField(
            min_value=1,
            max_value=PRICE_MAX,
            error_messages={"min_value": "목표가는 1원 이상이어야 합니다."},
        )

    @extend_schema(
        operation_id="watches_list",
        parameters=[FilterSerializer],
        responses={200: WatchOutputSerializer(many=True), **PAGE_PAST_THE_END},
    )
    def get(self, request):
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        watches = selectors.watch_list(request.user.id, product_id=params.validated_data.get("product"))
        return page_of(request, self, watches, WatchOutputSerializer)

    @extend_schema(
        operation_id="watches_create",
        request=InputSerializer,
        responses={201: WatchOutputSerializer, **problem_responses(404, 409)},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        product = products.product_get(data.validated_data["product"])
        watch = alerts.watch_create(
            request.user.id,
            product_id=product["id"],
            product_name=product["name"],
            target_price=data.validated_data["target_price"],
        )
        return Response(WatchOutputSerializer(watch).data, status=status.HTTP_201_CREATED)


class WatchDetailApi(APIView):
    permission_classes = [IsMember]

    @extend_schema(
        operation_id="watches_delete",
        responses={204: None},
    )
    def delete(self, request, watch_id: int):
        alerts.watch_delete(access_watch_for_delete(request.user, watch_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- unsubscribe (no login: the signed token is the proof) --------------------------------------


class UnsubscribeApi(APIView):
    """One-click unsubscribe (RFC 8058) from a mail's signed link: no more e-mail, the site stays."""

    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "UnsubscribeInput"

        token = StrictCharField(
            max_length=500,
            validators=[RegexValidator(r"^[A-Za-z0-9_:.-]+$", "수신 거부 링크의 토큰이 아닙니다.")],
            help_text="the last part of the mail's unsubscribe link",
        )

    @extend_schema(
        operation_id="unsubscribe",
        request=InputSerializer,
        responses={204: None, **problem_responses(404)},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.unsubscribe(data.validated_data["token"])
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- events in (outbox deliveries; service token only) ------------------------------------------


class DealPayloadSerializer(serializers.Serializer):
    class DealSerializer(serializers.Serializer):
        class Meta:
            ref_name = "EventDeal"

        id = serializers.IntegerField(min_value=1)
        title = serializers.CharField()
        author_id = serializers.IntegerField()
        product = ProductRefSerializer(allow_null=True, required=False)
        category = serializers.CharField(allow_null=True, required=False)
        store = serializers.CharField(allow_blank=True, required=False)
        price = serializers.IntegerField(required=False)
        shipping_fee = serializers.IntegerField(required=False)
        effective_price = serializers.IntegerField(min_value=0)
        free_shipping = serializers.BooleanField()
        score = serializers.IntegerField()
        hot = serializers.BooleanField()
        status = serializers.CharField()
        search_text = serializers.CharField(allow_blank=True)
        created_at = serializers.DateTimeField(required=False)

    deal = DealSerializer()
    reason = serializers.ChoiceField(choices=["created", "updated", "voted", "expired"])


class CommentPayloadSerializer(serializers.Serializer):
    comment_id = serializers.IntegerField(min_value=1)
    target_type = serializers.ChoiceField(choices=["post", "deal"])
    target_id = serializers.IntegerField(min_value=1)
    target_title = serializers.CharField(allow_blank=True)
    author_id = serializers.IntegerField()
    anonymous = serializers.BooleanField()
    excerpt = serializers.CharField(allow_blank=True)
    target_author_id = serializers.IntegerField(allow_null=True)
    parent_author_id = serializers.IntegerField(allow_null=True)


class JudgedPayloadSerializer(serializers.Serializer):
    post_id = serializers.IntegerField(min_value=1)
    title = serializers.CharField()
    author_id = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=["approved", "luxury"])


class KingPayloadSerializer(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-(0[1-9]|1[0-2])$")
    user_id = serializers.IntegerField()
    nickname = serializers.CharField(allow_blank=True)


class InternalEventApi(APIView):
    """An event from another service's outbox: stored once (202), a repeat changes nothing (200).
    Matching and fan-out run in the worker (``manage.py process_events --loop``)."""

    permission_classes = [IsService]
    PAYLOADS = {
        EventKind.DEAL_CHANGED: DealPayloadSerializer,
        EventKind.COMMENT_CREATED: CommentPayloadSerializer,
        EventKind.POST_JUDGED: JudgedPayloadSerializer,
        EventKind.RANKING_KING: KingPayloadSerializer,
    }

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "EventInput"

        event_id = serializers.UUIDField()
        kind = serializers.ChoiceField(choices=EventKind.choices)
        payload = serializers.JSONField(help_text="the kind's payload (docs/contracts.md, events)")

        def validate(self, attrs):
            if not isinstance(attrs["payload"], dict):
                raise serializers.ValidationError({"payload": ["객체여야 합니다."]})
            payload = InternalEventApi.PAYLOADS[attrs["kind"]](data=attrs["payload"])
            if not payload.is_valid():
                raise serializers.ValidationError({"payload": payload.errors})
            return attrs

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "EventReceived"

        event_id = serializers.UUIDField()
        duplicate = serializers.BooleanField(help_text="true: this event was already stored")

    @extend_schema(
        operation_id="internal_event_receive",
        request=InputSerializer,
        responses={
            202: OutputSerializer,
            200: OutputSerializer,
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event, created = services.event_receive(**data.validated_data)
        body = self.OutputSerializer({"event_id": event.event_id, "duplicate": not created}).data
        return Response(body, status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)
