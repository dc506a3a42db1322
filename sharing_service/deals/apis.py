"""HTTP API of sharing_service: thin views that parse input, call one service or selector, shape output."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kingdom.pagination import PageNumberPagination
from kingdom.permissions import IsMember, IsMemberOrReadOnly, IsService
from kingdom.problems import Conflict
from kingdom.throttling import RoleScopedThrottle
from sharing_service.deals import selectors, services, thumbnails
from sharing_service.deals.links import MAX_URL_LENGTH, RejectedLink, check_link
from sharing_service.deals.models import MAX_PRICE, Category, Deal, DealStatus, Product, ReportReason

MAX_SHIPPING_FEE = 1_000_000
MAX_EXPIRY_AHEAD = timedelta(days=366)
MAX_COMMENT_COUNT = 2**31 - 1  # the column is a PostgreSQL integer


# --- output ---------------------------------------------------------------------------------


def deal_output(deal: Deal, viewer, now: datetime | None = None) -> dict:
    """A deal as every endpoint shows it (the field names of docs/contracts.md#sharing_service)."""
    viewer_id = getattr(viewer, "id", None)
    return {
        "id": deal.id,
        "title": deal.title,
        "product": {"id": deal.product_id, "name": deal.product.name},
        "price": deal.price,
        "original_price": deal.original_price,
        "shipping_fee": deal.shipping_fee,
        "effective_price": deal.effective_price,
        "discount_percent": deal.discount_percent,
        "is_free": deal.price == 0,
        "is_free_shipping": deal.shipping_fee == 0,
        "store": deal.store,
        "url": deal.url,
        "category": {"slug": deal.category.slug, "name": deal.category.name},
        "coupon_code": deal.coupon_code,
        "expires_at": _iso(deal.expires_at),
        "image_url": deal.image_url,
        "thumbnail_url": thumbnails.thumbnail_url(deal),
        "description": deal.description,
        "status": selectors.deal_status(deal, now),
        "ended_at": _iso(deal.ended_at),
        "is_hidden": deal.is_hidden,
        "score": deal.score,
        "hot_count": deal.hot_count,
        "cold_count": deal.cold_count,
        "my_vote": getattr(deal, "my_vote", None),
        "saved_by_me": getattr(deal, "saved_at", None) is not None,
        "saved_at": _iso(getattr(deal, "saved_at", None)),
        "expire_report_count": deal.expire_report_count,
        "comment_count": deal.comment_count,
        "is_lowest_ever": selectors.is_lowest_ever(deal, now),
        "author": {"id": deal.author_id, "nickname": deal.author_nickname, "role": deal.author_role},
        "is_mine": viewer_id is not None and deal.author_id == viewer_id,
        "created_at": _iso(deal.created_at),
        "updated_at": _iso(deal.updated_at),
    }


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _fresh_deal_output(request, deal_id: int) -> dict:
    return deal_output(selectors.deal_get(request.user, deal_id), request.user)


# --- input ----------------------------------------------------------------------------------


class LinkField(serializers.CharField):
    """An http(s) link of bounded length; shorteners and affiliate redirectors only where allowed."""

    def __init__(self, *, allow_blocked_hosts: bool = False, **kwargs):
        self.allow_blocked_hosts = allow_blocked_hosts
        super().__init__(max_length=MAX_URL_LENGTH, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value == "":
            return value
        try:
            return check_link(
                value,
                allow_blocked_hosts=self.allow_blocked_hosts,
                allow_loopback=settings.SHARING_TEST_ALLOW_LOOPBACK,
            )
        except RejectedLink as exc:
            raise serializers.ValidationError(str(exc)) from exc


class DealInput(serializers.Serializer):
    """What a member fills in to share a deal (PATCH accepts any subset)."""

    title = serializers.CharField(min_length=2, max_length=120)
    product_name = serializers.CharField(max_length=120)
    price = serializers.IntegerField(min_value=0, max_value=MAX_PRICE)
    original_price = serializers.IntegerField(
        min_value=0, max_value=MAX_PRICE, required=False, allow_null=True
    )
    shipping_fee = serializers.IntegerField(min_value=0, max_value=MAX_SHIPPING_FEE, default=0)
    store = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    url = LinkField()
    category = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Category.objects.all(),
        error_messages={
            "does_not_exist": "'{value}' 카테고리는 없습니다. /api/sharing/categories 에서 고르세요."
        },
    )
    coupon_code = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    image_url = LinkField(allow_blocked_hosts=True, required=False, allow_blank=True, default="")
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")

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


class DealListFilters(serializers.Serializer):
    category = serializers.CharField(max_length=30, required=False, default="")
    store = serializers.CharField(max_length=50, required=False, default="")
    status = serializers.ChoiceField(
        choices=["active", "expired", "sold_out", "all"], required=False, default=""
    )
    min_price = serializers.IntegerField(min_value=0, required=False, default=None)
    max_price = serializers.IntegerField(min_value=0, required=False, default=None)
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


def _parse(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _duplicate_conflict(request, duplicate: services.DuplicateDeal) -> Conflict:
    existing = selectors.deals_for_viewer(request.user).get(pk=duplicate.existing.pk)
    return Conflict(
        "같은 링크의 진행중인 딜이 이미 있습니다. 그 딜에 투표하거나 댓글을 남겨 주세요.",
        existing=deal_output(existing, request.user),
        slug="duplicate-deal",
    )


# --- deals ----------------------------------------------------------------------------------


class DealListCreateApi(APIView):
    permission_classes = [IsMemberOrReadOnly]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "deal_create"

    @extend_schema(operation_id="deal_list", parameters=[DealListFilters], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        params = _parse(DealListFilters, request.query_params.dict())
        mine = params.pop("author") == "me"
        saved = params.pop("saved") == "me"
        if (mine or saved) and not request.user.is_authenticated:
            raise NotAuthenticated("author=me, saved=me 는 로그인해야 볼 수 있습니다.")
        deals = selectors.deal_list(request.user, selectors.DealFilters(mine=mine, saved=saved, **params))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(deals, request, view=self)
        now = timezone.now()
        return paginator.get_paginated_response([deal_output(deal, request.user, now) for deal in page])

    @extend_schema(operation_id="deal_create", request=DealInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = _parse(DealInput, request.data)
        try:
            deal = services.deal_create(author=request.user, **data)
        except services.DuplicateDeal as duplicate:
            raise _duplicate_conflict(request, duplicate) from None
        return Response(_fresh_deal_output(request, deal.pk), status=status.HTTP_201_CREATED)


class DealDetailApi(APIView):
    permission_classes = [IsMemberOrReadOnly]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "deal_change"

    @extend_schema(operation_id="deal_detail", responses=OpenApiTypes.OBJECT)
    def get(self, request, deal_id: int):
        return Response(_fresh_deal_output(request, deal_id))

    @extend_schema(operation_id="deal_update", request=DealInput, responses=OpenApiTypes.OBJECT)
    def patch(self, request, deal_id: int):
        data = _parse(DealInput, request.data, partial=True)
        try:
            services.deal_update(user=request.user, deal_id=deal_id, data=data)
        except services.DuplicateDeal as duplicate:
            raise _duplicate_conflict(request, duplicate) from None
        return Response(_fresh_deal_output(request, deal_id))

    @extend_schema(operation_id="deal_delete", responses={204: None})
    def delete(self, request, deal_id: int):
        services.deal_delete(user=request.user, deal_id=deal_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DealVoteApi(APIView):
    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "deal_vote"

    class VoteInput(serializers.Serializer):
        value = serializers.ChoiceField(
            choices=[1, -1], error_messages={"invalid_choice": "1(핫) 또는 -1(콜드)만 쓸 수 있습니다."}
        )

    @extend_schema(operation_id="deal_vote", request=VoteInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, deal_id: int):
        data = _parse(self.VoteInput, request.data)
        services.deal_vote(user=request.user, deal_id=deal_id, value=data["value"])
        return Response(_fresh_deal_output(request, deal_id))

    @extend_schema(operation_id="deal_unvote", responses=OpenApiTypes.OBJECT)
    def delete(self, request, deal_id: int):
        services.deal_unvote(user=request.user, deal_id=deal_id)
        return Response(_fresh_deal_output(request, deal_id))


class DealBookmarkApi(APIView):
    """스크랩 / 찜: PUT saves the deal for the caller, DELETE forgets it; both answer the deal."""

    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "deal_vote"

    @extend_schema(operation_id="deal_bookmark", request=None, responses=OpenApiTypes.OBJECT)
    def put(self, request, deal_id: int):
        services.deal_bookmark(user=request.user, deal_id=deal_id)
        return Response(_fresh_deal_output(request, deal_id))

    @extend_schema(operation_id="deal_unbookmark", responses=OpenApiTypes.OBJECT)
    def delete(self, request, deal_id: int):
        services.deal_unbookmark(user=request.user, deal_id=deal_id)
        return Response(_fresh_deal_output(request, deal_id))


class DealExpireApi(APIView):
    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "deal_report"

    class ExpireInput(serializers.Serializer):
        status = serializers.ChoiceField(
            choices=[DealStatus.EXPIRED, DealStatus.SOLD_OUT], required=False, default=DealStatus.EXPIRED
        )

    @extend_schema(operation_id="deal_expire", request=ExpireInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, deal_id: int):
        data = _parse(self.ExpireInput, request.data)
        services.deal_expire(user=request.user, deal_id=deal_id, status=data["status"])
        return Response(_fresh_deal_output(request, deal_id))


class DealReportApi(APIView):
    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "deal_report"

    class ReportInput(serializers.Serializer):
        reason = serializers.ChoiceField(choices=ReportReason.choices)
        detail = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    @extend_schema(operation_id="deal_report", request=ReportInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, deal_id: int):
        data = _parse(self.ReportInput, request.data)
        report = services.deal_report(user=request.user, deal_id=deal_id, **data)
        return Response(
            {
                "id": report.id,
                "reason": report.reason,
                "detail": report.detail,
                "created_at": _iso(report.created_at),
            },
            status=status.HTTP_201_CREATED,
        )


class CategoryListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="category_list", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response([{"slug": c.slug, "name": c.name} for c in selectors.category_list()])


class StoreListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="store_list", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(selectors.store_list())


# --- products -------------------------------------------------------------------------------


def _product_output(product: Product) -> dict:
    return {
        "id": product.id,
        "name": product.name,
        "category": {"slug": product.category.slug, "name": product.category.name},
        "deal_count": product.deal_count,
        "lowest_ever_price": product.lowest_ever_price,
        "history_deal_count": product.history_deal_count,
        "history_since": _iso(product.history_since),
        "has_price_history": selectors.has_real_history(product),
    }


class ProductListApi(APIView):
    permission_classes = [AllowAny]

    class ProductFilters(serializers.Serializer):
        q = serializers.CharField(max_length=100, required=False, default="")
        category = serializers.CharField(max_length=30, required=False, default="")

    @extend_schema(operation_id="product_list", parameters=[ProductFilters], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        params = _parse(self.ProductFilters, request.query_params.dict())
        paginator = PageNumberPagination()
        products = paginator.paginate_queryset(selectors.product_list(**params), request, view=self)
        lowest = selectors.deals_by_id(request.user, [p.lowest_deal_id for p in products])
        now = timezone.now()
        results = []
        for product in products:
            deal = lowest.get(product.lowest_deal_id)
            results.append(
                {
                    **_product_output(product),
                    "lowest_deal": deal_output(deal, request.user, now) if deal else None,
                }
            )
        return paginator.get_paginated_response(results)


class ProductDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="product_detail", responses=OpenApiTypes.OBJECT)
    def get(self, request, product_id: int):
        try:
            product = selectors.product_get(product_id)
        except Http404:
            kept = selectors.product_merged_into(product_id)
            if kept is None:
                raise
            # merged into another product: its address moved for good
            location = reverse("product-detail", args=[kept])
            return Response({"merged_into": kept}, status=301, headers={"Location": location})
        now = timezone.now()
        deals = [
            deal_output(d, request.user, now)
            for d in selectors.product_active_deals(request.user, product)[:100]
        ]
        return Response(
            {
                **_product_output(product),
                "lowest_deal": deals[0] if deals else None,
                "deals": deals,
                "price_history": selectors.product_price_history(product),
            }
        )


# --- internal (service tokens only) ---------------------------------------------------------


class InternalDealApi(APIView):
    permission_classes = [IsService]

    @extend_schema(operation_id="internal_deal", responses=OpenApiTypes.OBJECT)
    def get(self, request, deal_id: int):
        deal = selectors.deal_get(None, deal_id)  # hidden deals are 404 here, as for a guest
        return Response({"id": deal.id, "author_id": deal.author_id, "anonymous": False, "is_deleted": False})


class InternalDealCommentCountApi(APIView):
    permission_classes = [IsService]

    class CommentCountInput(serializers.Serializer):
        count = serializers.IntegerField(min_value=0, max_value=MAX_COMMENT_COUNT)
        as_of = serializers.DateTimeField()

    @extend_schema(
        operation_id="internal_deal_comment_count", request=CommentCountInput, responses={204: None}
    )
    def put(self, request, deal_id: int):
        data = _parse(self.CommentCountInput, request.data)
        services.deal_set_comment_count(deal_id=deal_id, **data)
        return Response(status=status.HTTP_204_NO_CONTENT)
