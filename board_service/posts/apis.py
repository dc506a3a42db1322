"""Thin HTTP layer: parse input, call one service or selector, serialize output."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from board_service.posts import services
from board_service.posts.access import access_post_for_reaction, access_post_for_update
from board_service.posts.fields import StrictBooleanField, StrictCharField, StrictIntegerField
from board_service.posts.models import Category, Post, PostKind, Verdict
from board_service.posts.selectors import (
    SEOUL,
    SORTS,
    PostFilters,
    category_list,
    post_get,
    post_get_commentable,
    post_list,
    ranking_king,
    ranking_rows,
)
from kingdom.addresses import client_address
from kingdom.pagination import PageNumberPagination
from kingdom.permissions import IsMember, IsService, IsUserOrReadOnly
from kingdom.throttling import RoleScopedThrottle

TITLE_MAX = 100
BODY_MAX = 10_000
ANONYMOUS_AUTHOR = {"id": None, "nickname": "익명", "role": None}


def paginated(request, view, queryset, serialize_page, **extra) -> Response:
    """One page of ``queryset``; ``serialize_page(items)`` turns the page into its list of dicts.

    A page is serialized by one ``many=True`` serializer: a serializer per item deep-copies its
    fields each time, which was a fifth of the board's CPU on a list (profiled under load).
    """
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    response = paginator.get_paginated_response(serialize_page(page))
    response.data = {**extra, **response.data}
    return response


class CategoryField(serializers.SlugRelatedField):
    default_error_messages = {
        "does_not_exist": "'{value}' 카테고리가 없습니다.",
        "invalid": "카테고리 슬러그(문자열)여야 합니다.",
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", queryset=Category.objects.all(), **kwargs)


def amount_field(**kwargs) -> StrictIntegerField:
    return StrictIntegerField(
        min_value=1,
        max_value=settings.BOARD_MAX_AMOUNT,
        allow_null=True,
        error_messages={
            "min_value": "금액은 1원 이상이어야 합니다.",
            "max_value": f"금액은 {settings.BOARD_MAX_AMOUNT:,}원 이하여야 합니다.",
        },
        **kwargs,
    )


class CategoryOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class PostOutputSerializer(serializers.Serializer):
    """A post as ``context["user"]`` may see it: an anonymous author is hidden from all but the
    author and staff; a tombstone (soft-deleted post) shows none of its content."""

    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    author = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField()
    category = CategoryOutputSerializer()
    kind = serializers.CharField()
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    amount = serializers.SerializerMethodField()
    amount_frozen = serializers.SerializerMethodField()
    edited_at = serializers.DateTimeField(allow_null=True)
    anonymous = serializers.BooleanField()
    like_count = serializers.IntegerField()
    view_count = serializers.IntegerField()
    comment_count = serializers.IntegerField()
    verdicts = serializers.SerializerMethodField()
    approved = serializers.SerializerMethodField()
    liked_by_me = serializers.BooleanField()
    my_verdict = serializers.CharField(allow_null=True)
    saved_by_me = serializers.SerializerMethodField()
    saved_at = serializers.DateTimeField(allow_null=True)
    is_deleted = serializers.BooleanField()
    #: only its author and staff can open a hidden post; they are told it is under review
    is_hidden = serializers.BooleanField()

    def get_saved_by_me(self, post: Post) -> bool:
        return getattr(post, "saved_at", None) is not None

    def _user(self):
        return self.context["user"]

    def get_is_mine(self, post: Post) -> bool:
        user = self._user()
        return user.id is not None and post.author_id == user.id

    def get_author(self, post: Post) -> dict:
        if post.anonymous and not (self.get_is_mine(post) or self._user().is_staff):
            return ANONYMOUS_AUTHOR
        return {"id": post.author_id, "nickname": post.author_nickname, "role": post.author_role}

    def get_title(self, post: Post) -> str:
        return services.DELETED_TITLE if post.is_deleted else post.title

    def get_body(self, post: Post) -> str:
        return "" if post.is_deleted else post.body

    def get_amount(self, post: Post) -> int | None:
        return None if post.is_deleted else post.amount

    def get_amount_frozen(self, post: Post) -> bool:
        return post.judged_at is not None

    def get_verdicts(self, post: Post) -> dict:
        return {"approve": post.approve_count, "luxury": post.luxury_count}

    def get_approved(self, post: Post) -> bool:
        return post.approved_at is not None


def post_output(post: Post, user) -> dict:
    return PostOutputSerializer(post, context={"user": user}).data


def viewer_key(request) -> str:
    """Who is viewing, for view counting: the user, or the client address (kingdom.addresses)."""
    if request.user.id is not None:
        return f"user:{request.user.id}"
    return f"ip:{client_address(request)}"


# --- categories ------------------------------------------------------------------------------


class CategoryListApi(APIView):
    @extend_schema(responses=CategoryOutputSerializer(many=True))
    def get(self, request):
        return paginated(
            request, self, category_list(), lambda page: CategoryOutputSerializer(page, many=True).data
        )


# --- posts -----------------------------------------------------------------------------------


class PostListCreateApi(APIView):
    permission_classes = [IsUserOrReadOnly]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "board_post_write"

    class FilterSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostListCreateFilter"

        category = CategoryField(required=False)
        kind = serializers.ChoiceField(choices=PostKind.choices, required=False)
        q = serializers.CharField(required=False, max_length=100, allow_blank=True)
        sort = serializers.ChoiceField(choices=list(SORTS), required=False, default="")
        author = serializers.ChoiceField(
            choices=["me"], required=False, error_messages={"invalid_choice": "author=me 만 지원합니다."}
        )
        saved = serializers.ChoiceField(
            choices=["me"], required=False, error_messages={"invalid_choice": "saved=me 만 지원합니다."}
        )

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostListCreateInput"

        category = CategoryField()
        kind = serializers.ChoiceField(choices=PostKind.choices, default=PostKind.TALK)
        title = StrictCharField(max_length=TITLE_MAX)
        body = StrictCharField(max_length=BODY_MAX)
        amount = amount_field(required=False, default=None)
        anonymous = StrictBooleanField(required=False, default=False)

    @extend_schema(parameters=[FilterSerializer], responses=PostOutputSerializer(many=True))
    def get(self, request):
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        mine = params.validated_data.pop("author", None) == "me"
        saved = params.validated_data.pop("saved", None) == "me"
        if (mine or saved) and request.user.id is None:
            raise NotAuthenticated("author=me, saved=me 는 로그인이 필요합니다.")
        filters = PostFilters(**params.validated_data, mine=mine, saved=saved)
        posts = post_list(user=request.user, filters=filters)
        return paginated(
            request,
            self,
            posts,
            lambda page: PostOutputSerializer(page, many=True, context={"user": request.user}).data,
        )

    @extend_schema(request=InputSerializer, responses={201: PostOutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        post = services.post_create(author=request.user, **data.validated_data)
        return Response(post_output(post_get(user=request.user, post_id=post.pk), request.user), status=201)


class PostViewApi(APIView):
    """A view of a post the front served from its page cache (the page never asked for the post).

    Counted like the view a ``GET`` of the post counts: once per viewer per window.
    """

    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None})
    def post(self, request, post_id: int):
        post = post_get(user=request.user, post_id=post_id)
        if not post.is_deleted:
            services.post_record_view(post=post, viewer=viewer_key(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostDetailApi(APIView):
    permission_classes = [IsUserOrReadOnly]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "board_post_edit"

    class UpdateSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostDetailUpdate"

        category = CategoryField(required=False)
        title = StrictCharField(max_length=TITLE_MAX, required=False)
        body = StrictCharField(max_length=BODY_MAX, required=False)
        amount = amount_field(required=False)

        def validate(self, attrs):
            fixed = {
                name: ["게시 후에는 바꿀 수 없습니다."]
                for name in ("kind", "anonymous")
                if name in self.initial_data
            }
            if fixed:
                raise serializers.ValidationError(fixed)
            return attrs

    @extend_schema(responses=PostOutputSerializer)
    def get(self, request, post_id: int):
        post = post_get(user=request.user, post_id=post_id)
        if not post.is_deleted:
            services.post_record_view(post=post, viewer=viewer_key(request))
        return Response(post_output(post, request.user))

    @extend_schema(request=UpdateSerializer, responses=PostOutputSerializer)
    def patch(self, request, post_id: int):
        data = self.UpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            post = access_post_for_update(request.user, post_id)
            services.post_update(post=post, editor=request.user, changes=data.validated_data)
        return Response(post_output(post_get(user=request.user, post_id=post_id), request.user))

    @extend_schema(responses={204: None})
    def delete(self, request, post_id: int):
        with transaction.atomic():
            post = access_post_for_update(request.user, post_id)
            services.post_delete(post=post)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostLikeApi(APIView):
    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "board_reaction"

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostLikeOutput"

        liked = serializers.BooleanField()
        like_count = serializers.IntegerField()

    def _answer(self, post: Post, liked: bool) -> Response:
        return Response(self.OutputSerializer({"liked": liked, "like_count": post.like_count}).data)

    @extend_schema(request=None, responses=OutputSerializer)
    def post(self, request, post_id: int):
        with transaction.atomic():
            post = services.post_like(user=request.user, post=access_post_for_reaction(request.user, post_id))
        return self._answer(post, True)

    @extend_schema(request=None, responses=OutputSerializer)
    def delete(self, request, post_id: int):
        with transaction.atomic():
            post = services.post_unlike(
                user=request.user, post=access_post_for_reaction(request.user, post_id)
            )
        return self._answer(post, False)


class PostBookmarkApi(APIView):
    """스크랩: PUT saves the post for the caller, DELETE forgets it."""

    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "board_reaction"

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostBookmarkOutput"

        saved = serializers.BooleanField()

    @extend_schema(request=None, responses=OutputSerializer)
    def put(self, request, post_id: int):
        with transaction.atomic():
            post = access_post_for_reaction(request.user, post_id, own_allowed=True)
            services.post_bookmark(user=request.user, post=post)
        return Response(self.OutputSerializer({"saved": True}).data)

    @extend_schema(request=None, responses=OutputSerializer)
    def delete(self, request, post_id: int):
        services.post_unbookmark(user=request.user, post_id=post_id)
        return Response(self.OutputSerializer({"saved": False}).data)


class PostVerdictApi(APIView):
    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "board_reaction"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostVerdictInput"

        verdict = serializers.ChoiceField(
            choices=Verdict.choices,
            error_messages={"invalid_choice": "approve(승인) 또는 luxury(사치)여야 합니다."},
        )

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostVerdictOutput"

        verdicts = serializers.DictField(child=serializers.IntegerField())
        my_verdict = serializers.CharField(allow_null=True)
        approved = serializers.BooleanField()

    def _answer(self, post: Post, my_verdict: str | None) -> Response:
        return Response(
            self.OutputSerializer(
                {
                    "verdicts": {"approve": post.approve_count, "luxury": post.luxury_count},
                    "my_verdict": my_verdict,
                    "approved": post.approved_at is not None,
                }
            ).data
        )

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request, post_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        verdict = data.validated_data["verdict"]
        with transaction.atomic():
            post = access_post_for_reaction(request.user, post_id)
            services.post_judge(user=request.user, post=post, verdict=verdict)
        return self._answer(post, verdict)

    @extend_schema(request=None, responses=OutputSerializer)
    def delete(self, request, post_id: int):
        with transaction.atomic():
            post = services.post_unjudge(
                user=request.user, post=access_post_for_reaction(request.user, post_id)
            )
        return self._answer(post, None)


class PostReportApi(APIView):
    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "board_report"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostReportInput"

        reason = StrictCharField(max_length=500)

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostReportOutput"

        id = serializers.IntegerField()
        reason = serializers.CharField()
        created_at = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request, post_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            post = access_post_for_reaction(request.user, post_id, own_allowed=True)
            report = services.post_report(user=request.user, post=post, **data.validated_data)
        return Response(self.OutputSerializer(report).data, status=status.HTTP_201_CREATED)


# --- monthly ranking -------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class MonthField(serializers.Field):
    default_error_messages = {"invalid": "YYYY-MM 형식의 달이어야 합니다 (예: 2026-11)."}

    def to_internal_value(self, data) -> date | None:
        if data == "":
            return None  # ?month= means the current month
        try:
            parsed = datetime.strptime(str(data), "%Y-%m").date()
        except ValueError:
            self.fail("invalid")
        if len(str(data)) != 7 or not 2000 <= parsed.year <= 2999:
            self.fail("invalid")
        return parsed

    def to_representation(self, value: date) -> str:
        return value.strftime("%Y-%m")


class RankingApi(APIView):
    class FilterSerializer(serializers.Serializer):
        class Meta:
            ref_name = "RankingFilter"

        month = MonthField(required=False, allow_null=True)

    class EntrySerializer(serializers.Serializer):
        class Meta:
            ref_name = "RankingEntry"

        author = serializers.SerializerMethodField()
        total_amount = serializers.IntegerField()
        confession_count = serializers.IntegerField()
        qualifies = serializers.BooleanField()

        def get_author(self, row) -> dict:
            return {"id": row["author_id"], "nickname": row["nickname"], "role": row["role"]}

    @extend_schema(parameters=[FilterSerializer], responses=EntrySerializer(many=True))
    def get(self, request):
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        month = params.validated_data.get("month") or timezone.now().astimezone(SEOUL).date().replace(day=1)
        rows = ranking_rows(month=month)
        king = ranking_king(rows)
        return paginated(
            request,
            self,
            rows,
            lambda page: self.EntrySerializer(page, many=True).data,
            month=month.strftime("%Y-%m"),
            min_confessions=settings.BOARD_KING_MIN_CONFESSIONS,
            king=self.EntrySerializer(king).data if king else None,
        )


# --- internal (service tokens only) ----------------------------------------------------------


class InternalPostApi(APIView):
    """For comment_service: does this post exist and accept comments, and whose is it?"""

    permission_classes = [IsService]

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "InternalPostOutput"

        id = serializers.IntegerField()
        author_id = serializers.IntegerField()
        anonymous = serializers.BooleanField()
        is_deleted = serializers.BooleanField()

    @extend_schema(responses=OutputSerializer)
    def get(self, request, post_id: int):
        return Response(self.OutputSerializer(post_get_commentable(post_id=post_id)).data)


class InternalCommentCountApi(APIView):
    """From comment_service's outbox: a post's visible comment count as of a moment."""

    permission_classes = [IsService]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "InternalCommentCountInput"

        count = StrictIntegerField(min_value=0, max_value=2_147_483_647)  # the column is a PostgreSQL integer
        as_of = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={204: None})
    def put(self, request, post_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.post_set_comment_count(post_id=post_id, **data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)
