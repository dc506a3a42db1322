"""HTTP API of sharing_service: thin views that parse input, call one service or selector, and
answer through their output serializers (the field names of docs/contracts.md#sharing_service)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.core.validators import RegexValidator
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kingdom.authors import author_as_seen_by
from kingdom.fields import StrictCharField, StrictChoiceField, StrictIntegerField
from kingdom.pagination import PageNumberPagination, paginated
from kingdom.permissions import IsMember, IsMemberOrReadOnly, IsService
from kingdom.problems import Conflict
from kingdom.schema import ProblemSerializer, problem_responses
from kingdom.throttling import RoleScopedThrottle
from sharing_service.deals import bookmarks, comment_counts, reports, selectors, services, thumbnails, votes
from sharing_service.deals.fields import CategoryField, LinkField
from sharing_service.deals.models import MAX_PRICE, DealStatus, ReportReason

MAX_SHIPPING_FEE = 1_000_000
MAX_EFFECTIVE_PRICE = MAX_PRICE + MAX_SHIPPING_FEE
MAX_EXPIRY_AHEAD = timedelta(days=366)
MAX_COMMENT_COUNT = 2**31 - 1  # the column is a PostgreSQL integer


# --- output shapes shared by several views ----------------------------------------------------


class CategoryOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class DealProductOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DealAuthorOutputSerializer(serializers.Serializer):
    """Who shared a deal, as their token said then (deals are never anonymous)."""

    id = serializers.IntegerField()
    nickname = serializers.CharField()
    role = serializers.CharField()


class DealOutputSerializer(serializers.Serializer):
    """A deal as every endpoint shows it; ``context``: ``viewer`` and ``now`` (one moment per answer)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    product = DealProductOutputSerializer()
    price = serializers.IntegerField()
    original_price = serializers.IntegerField(allow_null=True)
    shipping_fee = serializers.IntegerField()
    effective_price = serializers.IntegerField(help_text="price + shipping_fee")
    discount_percent = serializers.IntegerField(allow_null=True, help_text="null without an original price")
    is_free = serializers.SerializerMethodField()
    is_free_shipping = serializers.SerializerMethodField()
    store = serializers.CharField()
    url = serializers.CharField()
    category = CategoryOutputSerializer()
    coupon_code = serializers.CharField()
    expires_at = serializers.DateTimeField(allow_null=True)
    image_url = serializers.CharField()
    thumbnail_url = serializers.SerializerMethodField()
    description = serializers.CharField()
    status = serializers.SerializerMethodField()
    ended_at = serializers.DateTimeField(allow_null=True)
    is_hidden = serializers.BooleanField()
    score = serializers.IntegerField()
    hot_count = serializers.IntegerField()
    cold_count = serializers.IntegerField()
    my_vote = serializers.SerializerMethodField()
    saved_by_me = serializers.SerializerMethodField()
    saved_at = serializers.SerializerMethodField()
    expire_report_count = serializers.IntegerField()
    comment_count = serializers.IntegerField()
    is_lowest_ever = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def _now(self):
        return self.context.get("now") or timezone.now()

    def get_is_free(self, deal) -> bool:
        return deal.price == 0

    def get_is_free_shipping(self, deal) -> bool:
        return deal.shipping_fee == 0

    def get_thumbnail_url(self, deal) -> str:
        return thumbnails.thumbnail_url(deal)

    @extend_schema_field(serializers.ChoiceField(choices=DealStatus.choices))
    def get_status(self, deal) -> str:
        return selectors.deal_status(deal, self._now())

    @extend_schema_field(serializers.ChoiceField(choices=[1, -1], allow_null=True))
    def get_my_vote(self, deal) -> int | None:
        return getattr(deal, "my_vote", None)

    def get_saved_by_me(self, deal) -> bool:
        return getattr(deal, "saved_at", None) is not None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_saved_at(self, deal):
        saved_at = getattr(deal, "saved_at", None)
        return serializers.DateTimeField().to_representation(saved_at) if saved_at else None

    def get_is_lowest_ever(self, deal) -> bool:
        return selectors.is_lowest_ever(deal, self._now())

    @extend_schema_field(DealAuthorOutputSerializer)
    def get_author(self, deal) -> dict:
        return author_as_seen_by(deal, self.context.get("viewer"))

    def get_is_mine(self, deal) -> bool:
        return deal.is_authored_by(self.context.get("viewer"))


class ProductOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    category = CategoryOutputSerializer()
    deal_count = serializers.IntegerField(help_text="its active deals")
    lowest_ever_price = serializers.IntegerField(allow_null=True)
    history_deal_count = serializers.IntegerField()
    history_since = serializers.DateTimeField(allow_null=True)
    has_price_history = serializers.SerializerMethodField()
    lowest_deal = DealOutputSerializer(allow_null=True, help_text="its cheapest active deal")

    def get_has_price_history(self, product) -> bool:
        return selectors.has_real_history(product)


class DuplicateDealProblemSerializer(ProblemSerializer):
    existing = DealOutputSerializer(help_text="the active deal that already links the same page")

    class Meta:
        ref_name = "DuplicateDealProblem"


#: a link an active deal already has: 409 with that deal
DUPLICATE_DEAL = problem_responses(409, serializer=DuplicateDealProblemSerializer)


def _deal_context(request) -> dict:
    return {"viewer": request.user, "now": timezone.now()}


def _deal_answer(request, deal_id: int, status_code: int = status.HTTP_200_OK) -> Response:
    """The deal as the caller now sees it, read again after a write."""
    deal = selectors.deal_get(request.user, deal_id)
    return Response(DealOutputSerializer(deal, context=_deal_context(request)).data, status=status_code)


def _parse(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _duplicate_conflict(request, duplicate: services.DuplicateDeal) -> Conflict:
    existing = selectors.deals_for_viewer(request.user).get(pk=duplicate.existing.pk)
    return Conflict(
        "같은 링크의 진행중인 딜이 이미 있습니다. 그 딜에 투표하거나 댓글을 남겨 주세요.",
        existing=DealOutputSerializer(existing, context=_deal_context(request)).data,
        slug="duplicate-deal",
    )


# --- deals ----------------------------------------------------------------------------------


class DealInputSerializer(serializers.Serializer):
    """What a member fills in to share a deal (PATCH accepts any subset)."""

    title = StrictCharField(min_length=2, max_length=120)
    product_name = StrictCharField(
        max_length=120,
        # the same rule as services.product_for_name (deals are grouped by the name's letters and digits)
        validators=[RegexValidator(r"[^\W_]", message="상품명에 글자나 숫자가 들어가야 합니다.")],
    )
    price = StrictIntegerField(min_value=0, max_value=MAX_PRICE)
    original_price = StrictIntegerField(
        min_value=0,
        max_value=MAX_PRICE,
        required=False,
        allow_null=True,
        help_text="the price before the discount: not below `price`",
    )
    shipping_fee = StrictIntegerField(min_value=0, max_value=MAX_SHIPPING_FEE, default=0)
    store = StrictCharField(max_length=50, required=False, allow_blank=True, default="")
    url = LinkField()
    category = CategoryField()
    coupon_code = StrictCharField(max_length=50, required=False, allow_blank=True, default="")
    expires_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="later than now, and within 366 days"
    )
    image_url = LinkField(allow_blocked_hosts=True, required=False, allow_blank=True, default="")
    description = StrictCharField(max_length=5000, required=False, allow_blank=True, default="")

    def validate_expires_at(self, value):
        if value is None:
            return value
        now = timezone.now()
        if value <= now:
            raise serializers.ValidationError("종료 시각은 지금보다 뒤여야 합니다.")
        if value > now + MAX_EXPIRY_AHEAD:
            raise serializers.ValidationError("종료 시각은 1년 이내로 정해 주세요.")
        return value

    def validate(self, attrs):
        price, original = attrs.get("price"), attrs.get("original_price")
        if price is not None and original is not None and original < price:
            raise serializers.ValidationError({"original_price": ["정가는 판매가보다 낮을 수 없습니다."]})
        return attrs


class DealListCreateApi(APIView):
    permission_classes = [IsMemberOrReadOnly]
    pagination_class = PageNumberPagination
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "deal_create"

    class FilterSerializer(serializers.Serializer):
        category = serializers.CharField(max_length=30, required=False, default="")
        store = serializers.CharField(max_length=50, required=False, default="")
        status = serializers.ChoiceField(
            choices=["active", "expired", "sold_out", "all"], required=False, default=""
        )
        min_price = serializers.IntegerField(
            min_value=0,
            max_value=MAX_EFFECTIVE_PRICE,
            required=False,
            default=None,
            help_text="on the effective price (price + shipping)",
        )
        max_price = serializers.IntegerField(
            min_value=0,
            max_value=MAX_EFFECTIVE_PRICE,
            required=False,
            default=None,
            help_text="on the effective price; not below `min_price`",
        )
        free_shipping = serializers.BooleanField(required=False, allow_null=True, default=None)
        q = serializers.CharField(max_length=100, required=False, default="")
        author = serializers.ChoiceField(choices=["me"], required=False, default="")
        saved = serializers.ChoiceField(choices=["me"], required=False, default="")
        sort = serializers.ChoiceField(choices=list(selectors.SORTS), required=False, default="")
        period = serializers.ChoiceField(choices=["day"], required=False, default="")

        def validate(self, attrs):
            low, high = attrs.get("min_price"), attrs.get("max_price")
            if low is not None and high is not None and low > high:
                raise serializers.ValidationError({"max_price": ["최고 가격은 최저 가격보다 커야 합니다."]})
            return attrs

    @extend_schema(
        operation_id="deal_list",
        parameters=[FilterSerializer],
        responses={200: DealOutputSerializer(many=True), **problem_responses(404)},
    )
    def get(self, request):
        params = _parse(self.FilterSerializer, request.query_params.dict())
        mine = params.pop("author") == "me"
        saved = params.pop("saved") == "me"
        if (mine or saved) and not request.user.is_authenticated:
            raise NotAuthenticated("author=me, saved=me 는 로그인해야 볼 수 있습니다.")
        deals = selectors.deal_list(request.user, selectors.DealFilters(mine=mine, saved=saved, **params))
        context = _deal_context(request)
        return paginated(
            request,
            self,
            deals,
            lambda page: DealOutputSerializer(page, many=True, context=context).data,
            search=bool(params.get("q")),
        )

    @extend_schema(
        operation_id="deal_create",
        request=DealInputSerializer,
        responses={
            201: DealOutputSerializer,
            **DUPLICATE_DEAL,
        },
    )
    def post(self, request):
        data = _parse(DealInputSerializer, request.data)
        try:
            deal = services.deal_create(author=request.user, **data)
        except services.DuplicateDeal as duplicate:
            raise _duplicate_conflict(request, duplicate) from None
        return _deal_answer(request, deal.pk, status.HTTP_201_CREATED)


class DealDetailApi(APIView):
    permission_classes = [IsMemberOrReadOnly]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "deal_change"

    @extend_schema(
        operation_id="deal_detail",
        responses={
            200: DealOutputSerializer,
        },
    )
    def get(self, request, deal_id: int):
        return _deal_answer(request, deal_id)

    @extend_schema(
        operation_id="deal_update",
        request=DealInputSerializer(partial=True),
        responses={
            200: DealOutputSerializer,
            **DUPLICATE_DEAL,
        },
    )
    def patch(self, request, deal_id: int):
        data = _parse(DealInputSerializer, request.data, partial=True)
        try:
            services.deal_update(user=request.user, deal_id=deal_id, data=data)
        except services.DuplicateDeal as duplicate:
            raise _duplicate_conflict(request, duplicate) from None
        return _deal_answer(request, deal_id)

    @extend_schema(
        operation_id="deal_delete",
        responses={
            204: None,
        },
    )
    def delete(self, request, deal_id: int):
        services.deal_delete(user=request.user, deal_id=deal_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DealVoteApi(APIView):
    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "deal_vote"

    class InputSerializer(serializers.Serializer):
        value = StrictChoiceField(
            choices=[1, -1], error_messages={"invalid_choice": "1(핫) 또는 -1(콜드)만 쓸 수 있습니다."}
        )

    @extend_schema(
        operation_id="deal_vote",
        description="Hot (1) or cold (-1); again to change it. Not on one's own deal (400 on `value`).",
        request=InputSerializer,
        responses={
            200: DealOutputSerializer,
        },
    )
    def post(self, request, deal_id: int):
        data = _parse(self.InputSerializer, request.data)
        votes.deal_vote(user=request.user, deal_id=deal_id, value=data["value"])
        return _deal_answer(request, deal_id)

    @extend_schema(
        operation_id="deal_unvote",
        responses={
            200: DealOutputSerializer,
        },
    )
    def delete(self, request, deal_id: int):
        votes.deal_unvote(user=request.user, deal_id=deal_id)
        return _deal_answer(request, deal_id)


class DealBookmarkApi(APIView):
    """스크랩 / 찜: PUT saves the deal for the caller, DELETE forgets it; both answer the deal."""

    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "deal_vote"

    @extend_schema(
        operation_id="deal_bookmark",
        request=None,
        responses={
            200: DealOutputSerializer,
        },
    )
    def put(self, request, deal_id: int):
        bookmarks.deal_bookmark(user=request.user, deal_id=deal_id)
        return _deal_answer(request, deal_id)

    @extend_schema(
        operation_id="deal_unbookmark",
        responses={
            200: DealOutputSerializer,
        },
    )
    def delete(self, request, deal_id: int):
        bookmarks.deal_unbookmark(user=request.user, deal_id=deal_id)
        return _deal_answer(request, deal_id)


class DealExpireApi(APIView):
    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "deal_report"

    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(
            choices=[DealStatus.EXPIRED, DealStatus.SOLD_OUT], required=False, default=DealStatus.EXPIRED
        )

    @extend_schema(
        operation_id="deal_expire",
        request=InputSerializer,
        responses={200: DealOutputSerializer, **problem_responses(409)},
    )
    def post(self, request, deal_id: int):
        data = _parse(self.InputSerializer, request.data)
        reports.deal_expire(user=request.user, deal_id=deal_id, status=data["status"])
        return _deal_answer(request, deal_id)


class DealReportApi(APIView):
    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "deal_report"

    class InputSerializer(serializers.Serializer):
        reason = serializers.ChoiceField(choices=ReportReason.choices)
        detail = StrictCharField(max_length=500, required=False, allow_blank=True, default="")

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        reason = serializers.ChoiceField(choices=ReportReason.choices)
        detail = serializers.CharField()
        created_at = serializers.DateTimeField()

    @extend_schema(
        operation_id="deal_report",
        description="A complaint, or (`expired`, `sold_out`) an expire report; not on one's own deal "
        "(400 on `reason`); once per member while open (409).",
        request=InputSerializer,
        responses={201: OutputSerializer, **problem_responses(409)},
    )
    def post(self, request, deal_id: int):
        data = _parse(self.InputSerializer, request.data)
        report = reports.deal_report(user=request.user, deal_id=deal_id, **data)
        return Response(self.OutputSerializer(report).data, status=status.HTTP_201_CREATED)


class CategoryListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="category_list",
        responses={
            200: CategoryOutputSerializer(many=True),
        },
    )
    def get(self, request):
        return Response(CategoryOutputSerializer(selectors.category_list(), many=True).data)


class StoreListApi(APIView):
    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        name = serializers.CharField()
        active_deal_count = serializers.IntegerField(min_value=1)

    @extend_schema(
        operation_id="store_list",
        description="Stores with at least one active deal, busiest first (a plain array).",
        responses={
            200: OutputSerializer(many=True),
        },
    )
    def get(self, request):
        return Response(self.OutputSerializer(selectors.store_list(), many=True).data)


# --- products -------------------------------------------------------------------------------


class ProductListApi(APIView):
    permission_classes = [AllowAny]
    pagination_class = PageNumberPagination

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(max_length=100, required=False, default="")
        category = serializers.CharField(max_length=30, required=False, default="")

    @extend_schema(
        operation_id="product_list",
        parameters=[FilterSerializer],
        responses={200: ProductOutputSerializer(many=True), **problem_responses(404)},
    )
    def get(self, request):
        params = _parse(self.FilterSerializer, request.query_params.dict())
        return paginated(
            request,
            self,
            selectors.product_list(**params),
            partial(self._page, request),
            search=bool(params.get("q")),
        )

    @staticmethod
    def _page(request, products: list) -> list:
        lowest = selectors.deals_by_id(request.user, [p.lowest_deal_id for p in products])
        for product in products:
            product.lowest_deal = lowest.get(product.lowest_deal_id)
        return ProductOutputSerializer(products, many=True, context=_deal_context(request)).data


class ProductDetailApi(APIView):
    permission_classes = [AllowAny]

    class OutputSerializer(ProductOutputSerializer):
        class PricePointSerializer(serializers.Serializer):
            date = serializers.DateField(help_text="a day in Asia/Seoul")
            lowest_effective_price = serializers.IntegerField()

        deals = DealOutputSerializer(
            many=True, source="active_deals", help_text="its active deals, cheapest first (at most 100)"
        )
        price_history = PricePointSerializer(
            many=True, help_text="the lowest price of each day, oldest first"
        )

    class MergedSerializer(serializers.Serializer):
        merged_into = serializers.IntegerField(help_text="the product this one was merged into")

    @extend_schema(
        operation_id="product_detail",
        responses={
            200: OutputSerializer,
            301: OpenApiResponse(MergedSerializer, description="merged into another product (`Location`)"),
        },
    )
    def get(self, request, product_id: int):
        try:
            product = selectors.product_get(product_id)
        except Http404:
            kept = selectors.product_merged_into(product_id)
            if kept is None:
                raise
            # merged into another product: its address moved for good
            location = reverse("product-detail", args=[kept])
            return Response(
                self.MergedSerializer({"merged_into": kept}).data, status=301, headers={"Location": location}
            )
        product.active_deals = list(selectors.product_active_deals(request.user, product)[:100])
        product.lowest_deal = product.active_deals[0] if product.active_deals else None
        product.price_history = selectors.product_price_history(product)
        return Response(self.OutputSerializer(product, context=_deal_context(request)).data)


# --- internal (service tokens only) ---------------------------------------------------------


class InternalDealApi(APIView):
    permission_classes = [IsService]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        title = serializers.CharField()  # for the comment's notification
        author_id = serializers.IntegerField()
        anonymous = serializers.SerializerMethodField()
        is_deleted = serializers.SerializerMethodField()

        def get_anonymous(self, deal) -> bool:
            return False  # deals are never anonymous

        def get_is_deleted(self, deal) -> bool:
            return False  # a deleted deal is gone (404)

    @extend_schema(
        operation_id="internal_deal",
        responses={
            200: OutputSerializer,
        },
    )
    def get(self, request, deal_id: int):
        deal = selectors.deal_get(None, deal_id)  # hidden deals are 404 here, as for a guest
        return Response(self.OutputSerializer(deal).data)


class InternalDealCommentCountApi(APIView):
    permission_classes = [IsService]

    class InputSerializer(serializers.Serializer):
        count = StrictIntegerField(min_value=0, max_value=MAX_COMMENT_COUNT)
        as_of = serializers.DateTimeField()

    @extend_schema(
        operation_id="internal_deal_comment_count",
        request=InputSerializer,
        responses={
            204: None,
        },
    )
    def put(self, request, deal_id: int):
        data = _parse(self.InputSerializer, request.data)
        comment_counts.deal_set_comment_count(deal_id=deal_id, **data)
        return Response(status=status.HTTP_204_NO_CONTENT)
