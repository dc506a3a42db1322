"""Thin HTTP layer: parse input, call one service or selector, serialize output.

Each view owns its ``InputSerializer`` / ``FilterSerializer`` / ``OutputSerializer``; the post and
category shapes are shared by several views and named once at module level.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from board_service.posts import services
from board_service.posts.fields import (
    AddressField,
    CategoryField,
    CategoryFilterField,
    MonthField,
    amount_field,
)
from board_service.posts.models import JUDGED_KINDS, Post, PostKind, Verdict
from board_service.posts.selectors import (
    SORTS,
    PostFilters,
    category_list,
    post_get,
    post_get_commentable,
    post_list,
    ranking_king,
    ranking_rows,
)
from kingdom.addresses import client_address, is_trusted_proxy
from kingdom.authors import author_as_seen_by
from kingdom.fields import StrictBooleanField, StrictCharField, StrictIntegerField
from kingdom.pagination import PageNumberPagination, paginated
from kingdom.permissions import IsMember, IsService, IsUserOrReadOnly
from kingdom.representation import choice, flag, number, text, when
from kingdom.schema import problem_responses
from kingdom.throttling import RoleScopedThrottle
from kingdom.timezones import SEOUL

TITLE_MAX = 100
BODY_MAX = 10_000
#: a list's page past the end is 404 (kingdom.pagination)
PAGE_PAST_THE_END = problem_responses(404)


class CategoryOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class AuthorOutputSerializer(serializers.Serializer):
    """Who wrote it; all three ``null`` but ``nickname`` ("익명") when hidden from the caller."""

    id = serializers.IntegerField(allow_null=True)
    nickname = serializers.CharField()
    role = serializers.CharField(allow_null=True)


class VerdictCountsOutputSerializer(serializers.Serializer):
    """A post's 승인 / 사치 tally."""

    approve = serializers.IntegerField(source="approve_count")
    luxury = serializers.IntegerField(source="luxury_count")


class PostOutputSerializer(serializers.Serializer):
    """A post as ``context["user"]`` may see it: an anonymous author is hidden from all but the
    author and staff; a tombstone (soft-deleted post) shows none of its content."""

    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    author = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField()
    category = CategoryOutputSerializer()
    kind = serializers.ChoiceField(choices=PostKind.choices)
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    amount = serializers.SerializerMethodField()
    amount_frozen = serializers.SerializerMethodField()
    edited_at = serializers.DateTimeField(allow_null=True)
    anonymous = serializers.BooleanField()
    like_count = serializers.IntegerField()
    view_count = serializers.IntegerField()
    comment_count = serializers.IntegerField()
    verdicts = VerdictCountsOutputSerializer(source="*")
    approved = serializers.SerializerMethodField()
    liked_by_me = serializers.BooleanField()
    my_verdict = serializers.ChoiceField(choices=Verdict.choices, allow_null=True)
    saved_by_me = serializers.SerializerMethodField()
    saved_at = serializers.DateTimeField(allow_null=True)
    is_deleted = serializers.BooleanField()
    #: only its author and staff can open a hidden post; they are told it is under review
    is_hidden = serializers.BooleanField()

    def to_representation(self, post: Post) -> dict:
        """The fields above, in their order, without DRF's walk through them (kingdom.representation;
        tests/apis/test_post_output.py holds it to DRF's own)."""
        category = post.category
        return {
            "id": number(post.id),
            "created_at": when(post.created_at),
            "updated_at": when(post.updated_at),
            "author": self.get_author(post),
            "is_mine": self.get_is_mine(post),
            "category": None
            if category is None
            else {"slug": text(category.slug), "name": text(category.name)},
            "kind": choice(post.kind),
            "title": self.get_title(post),
            "body": self.get_body(post),
            "amount": self.get_amount(post),
            "amount_frozen": self.get_amount_frozen(post),
            "edited_at": when(post.edited_at),
            "anonymous": flag(post.anonymous),
            "like_count": number(post.like_count),
            "view_count": number(post.view_count),
            "comment_count": number(post.comment_count),
            "verdicts": {"approve": number(post.approve_count), "luxury": number(post.luxury_count)},
            "approved": self.get_approved(post),
            "liked_by_me": flag(post.liked_by_me),
            "my_verdict": choice(post.my_verdict),
            "saved_by_me": self.get_saved_by_me(post),
            "saved_at": when(post.saved_at),
            "is_deleted": flag(post.is_deleted),
            "is_hidden": flag(post.is_hidden),
        }

    def get_saved_by_me(self, post: Post) -> bool:
        return getattr(post, "saved_at", None) is not None

    def _user(self):
        return self.context["user"]

    def get_is_mine(self, post: Post) -> bool:
        return post.is_authored_by(self._user())

    @extend_schema_field(AuthorOutputSerializer)
    def get_author(self, post: Post) -> dict:
        return author_as_seen_by(post, self._user(), anonymous=post.anonymous)

    def get_title(self, post: Post) -> str:
        return services.DELETED_TITLE if post.is_deleted else post.title

    def get_body(self, post: Post) -> str:
        return "" if post.is_deleted else post.body

    def get_amount(self, post: Post) -> int | None:
        return None if post.is_deleted else post.amount

    def get_amount_frozen(self, post: Post) -> bool:
        return post.judged_at is not None

    def get_approved(self, post: Post) -> bool:
        return post.approved_at is not None


def viewer_key(request) -> str:
    """Who is viewing, for view counting: the user, or the client address (kingdom.addresses)."""
    if request.user.id is not None:
        return f"user:{request.user.id}"
    return f"ip:{client_address(request)}"


# --- categories ------------------------------------------------------------------------------


class CategoryListApi(APIView):
    permission_classes = [IsUserOrReadOnly]
    pagination_class = PageNumberPagination
    OutputSerializer = CategoryOutputSerializer

    @extend_schema(responses={200: OutputSerializer(many=True), **PAGE_PAST_THE_END})
    def get(self, request):
        return paginated(
            request, self, category_list(), lambda page: self.OutputSerializer(page, many=True).data
        )


# --- posts -----------------------------------------------------------------------------------


class PostListCreateApi(APIView):
    permission_classes = [IsUserOrReadOnly]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "board_post_write"
    pagination_class = PageNumberPagination
    OutputSerializer = PostOutputSerializer

    class FilterSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostListCreateFilter"

        # An empty value (``?kind=``) is read as absent: allow_blank says so in the document.
        category = CategoryFilterField(required=False)
        kind = serializers.ChoiceField(choices=PostKind.choices, required=False, allow_blank=True)
        q = serializers.CharField(required=False, max_length=100, allow_blank=True)
        sort = serializers.ChoiceField(choices=list(SORTS), required=False, default="", allow_blank=True)
        author = serializers.ChoiceField(
            choices=["me"],
            required=False,
            allow_blank=True,
            error_messages={"invalid_choice": "author=me 만 지원합니다."},
        )
        saved = serializers.ChoiceField(
            choices=["me"],
            required=False,
            allow_blank=True,
            error_messages={"invalid_choice": "saved=me 만 지원합니다."},
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

    @extend_schema(
        parameters=[FilterSerializer],
        responses={200: OutputSerializer(many=True), **PAGE_PAST_THE_END},
    )
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
            lambda page: self.OutputSerializer(page, many=True, context={"user": request.user}).data,
            search=bool(filters.q),
        )

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.post_create(author=request.user, **data.validated_data)
        post = post_get(user=request.user, post_id=created.pk)
        return Response(self.OutputSerializer(post, context={"user": request.user}).data, status=201)


class PostCreateInputSchema(OpenApiSerializerExtension):
    """The rule the service adds to the fields: a spending confession or a request has an amount."""

    target_class = PostListCreateApi.InputSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["if"] = {"properties": {"kind": {"enum": sorted(JUDGED_KINDS)}}, "required": ["kind"]}
        schema["then"] = {"properties": {"amount": {"type": "integer"}}, "required": ["amount"]}
        return schema


class PostViewsApi(APIView):
    """Views of posts the front served from its page cache (those pages never asked for the post).

    Each is counted like the view a ``GET`` of the post counts: once per viewer per window. The
    front sends them in batches. The viewer of each is the address given with it when the call
    comes from a proxy we trust (the front; ``FORWARDED_ALLOW_IPS``, the rule ``X-Forwarded-For``
    follows, kingdom.addresses); from anywhere else every view of the batch is the caller's own
    address, whatever it wrote, so a batch cannot count more than one view per post per window.
    """

    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostViewsInput"

        class ViewSerializer(serializers.Serializer):
            class Meta:
                ref_name = "PostViewInput"

            post = StrictIntegerField(min_value=1, max_value=2_147_483_647)
            address = AddressField(help_text="the visitor's address, as the front saw it")

        views = serializers.ListField(child=ViewSerializer(), min_length=1, max_length=500)

    class OutputSerializer(serializers.Serializer):
        counted = serializers.IntegerField(
            help_text="views that counted (a viewer's first within the window)"
        )

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vouched = is_trusted_proxy(request.META.get("REMOTE_ADDR", ""))
        caller = client_address(request)
        views = [
            (view["post"], f"ip:{view['address'] if vouched else caller}")
            for view in data.validated_data["views"]
        ]
        counted = services.post_record_cached_views(views=views)
        return Response(self.OutputSerializer({"counted": counted}).data)


class PostDetailApi(APIView):
    permission_classes = [IsUserOrReadOnly]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "board_post_edit"
    OutputSerializer = PostOutputSerializer

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

    def _answer(self, request, post: Post) -> Response:
        return Response(self.OutputSerializer(post, context={"user": request.user}).data)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request, post_id: int):
        post = post_get(user=request.user, post_id=post_id)
        if not post.is_deleted:
            services.post_record_view(post=post, viewer=viewer_key(request))
        return self._answer(request, post)

    @extend_schema(
        request=UpdateSerializer,
        responses={200: OutputSerializer, **problem_responses(409)},
    )
    def patch(self, request, post_id: int):
        data = self.UpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.post_update(editor=request.user, post_id=post_id, changes=data.validated_data)
        return self._answer(request, post_get(user=request.user, post_id=post_id))

    @extend_schema(responses={204: None})
    def delete(self, request, post_id: int):
        services.post_delete(user=request.user, post_id=post_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostLikeApi(APIView):
    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "board_reaction"

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostLikeOutput"

        liked = serializers.SerializerMethodField()
        like_count = serializers.IntegerField()

        def get_liked(self, post: Post) -> bool:
            return self.context["liked"]

    def _answer(self, post: Post, liked: bool) -> Response:
        return Response(self.OutputSerializer(post, context={"liked": liked}).data)

    @extend_schema(request=None, responses={200: OutputSerializer})
    def post(self, request, post_id: int):
        return self._answer(services.post_like(user=request.user, post_id=post_id), True)

    @extend_schema(request=None, responses={200: OutputSerializer})
    def delete(self, request, post_id: int):
        return self._answer(services.post_unlike(user=request.user, post_id=post_id), False)


class PostBookmarkApi(APIView):
    """스크랩: PUT saves the post for the caller, DELETE forgets it."""

    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "board_reaction"

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostBookmarkOutput"

        saved = serializers.BooleanField()

    @extend_schema(request=None, responses={200: OutputSerializer})
    def put(self, request, post_id: int):
        services.post_bookmark(user=request.user, post_id=post_id)
        return Response(self.OutputSerializer({"saved": True}).data)

    @extend_schema(request=None, responses={200: OutputSerializer})
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

        verdicts = VerdictCountsOutputSerializer(source="*")
        my_verdict = serializers.SerializerMethodField()
        approved = serializers.SerializerMethodField()

        def get_my_verdict(self, post: Post) -> str | None:
            return self.context["my_verdict"]

        def get_approved(self, post: Post) -> bool:
            return post.approved_at is not None

    def _answer(self, post: Post, my_verdict: str | None) -> Response:
        return Response(self.OutputSerializer(post, context={"my_verdict": my_verdict}).data)

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer},
    )
    def post(self, request, post_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        verdict = data.validated_data["verdict"]
        return self._answer(services.post_judge(user=request.user, post_id=post_id, verdict=verdict), verdict)

    @extend_schema(request=None, responses={200: OutputSerializer})
    def delete(self, request, post_id: int):
        return self._answer(services.post_unjudge(user=request.user, post_id=post_id), None)


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

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, **problem_responses(409)},
    )
    def post(self, request, post_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.post_report(user=request.user, post_id=post_id, **data.validated_data)
        return Response(self.OutputSerializer(report).data, status=status.HTTP_201_CREATED)


# --- monthly ranking -------------------------------------------------------------------------


class RankingEntryOutputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "RankingEntry"

    author = serializers.SerializerMethodField()
    total_amount = serializers.IntegerField()
    confession_count = serializers.IntegerField()
    qualifies = serializers.BooleanField()

    @extend_schema_field(AuthorOutputSerializer)
    def get_author(self, row) -> dict:
        return {"id": row["author_id"], "nickname": row["nickname"], "role": row["role"]}


class RankingPagination(PageNumberPagination):
    """The list envelope with the month, the threshold and the 거지왕 in front of it."""

    def get_paginated_response_schema(self, schema: dict) -> dict:
        envelope = super().get_paginated_response_schema(schema)
        envelope["required"] = ["month", "min_confessions", "king", *envelope.get("required", [])]
        envelope["properties"] = {
            "month": {"type": "string", "example": "2026-11"},
            "min_confessions": {"type": "integer"},
            "king": {"oneOf": [schema["items"], {"type": "null"}]},
            **envelope["properties"],
        }
        return envelope


class RankingApi(APIView):
    permission_classes = [IsUserOrReadOnly]
    pagination_class = RankingPagination
    OutputSerializer = RankingEntryOutputSerializer

    class FilterSerializer(serializers.Serializer):
        class Meta:
            ref_name = "RankingFilter"

        month = MonthField(required=False)

    @extend_schema(
        parameters=[FilterSerializer],
        responses={200: OutputSerializer(many=True), **PAGE_PAST_THE_END},
    )
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
            lambda page: self.OutputSerializer(page, many=True).data,
            month=month.strftime("%Y-%m"),
            min_confessions=settings.BOARD_KING_MIN_CONFESSIONS,
            king=self.OutputSerializer(king).data if king else None,
        )


# --- internal (service tokens only) ----------------------------------------------------------


class InternalPostApi(APIView):
    """For comment_service: does this post exist and accept comments, and whose is it?"""

    permission_classes = [IsService]

    class OutputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "InternalPostOutput"

        id = serializers.IntegerField()
        title = serializers.CharField()
        author_id = serializers.IntegerField()
        anonymous = serializers.BooleanField()
        is_deleted = serializers.BooleanField()

    @extend_schema(responses={200: OutputSerializer})
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
