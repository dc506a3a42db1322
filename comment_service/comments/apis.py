"""HTTP API of comment_service: thin views that parse input, call a service or selector, serialize."""

from __future__ import annotations

import logging
import re

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from comment_service.comments import selectors, services
from comment_service.comments.models import Comment, TargetType
from kingdom.pagination import PageNumberPagination
from kingdom.permissions import IsMember, IsService, IsUser, IsUserOrReadOnly
from kingdom.text import is_visibly_blank
from kingdom.throttling import RoleScopedThrottle

logger = logging.getLogger(__name__)

MAX_COUNT_IDS = 100
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
HIDDEN_AUTHOR = {"id": None, "nickname": "", "role": None}
ANONYMOUS_AUTHOR = {"id": None, "nickname": "익명", "role": None}


class BodyField(serializers.CharField):
    """Plain text: a string (not a number), not blank, at most 2000 characters, no HTML tags."""

    default_error_messages = {
        "invalid": "댓글 내용은 문자열이어야 합니다.",
        "blank": "댓글 내용을 입력해 주세요.",
        "required": "댓글 내용을 입력해 주세요.",
        "null": "댓글 내용을 입력해 주세요.",
        "max_length": "댓글은 {max_length}자까지 쓸 수 있습니다.",
        "html": "HTML 태그는 쓸 수 없습니다.",
    }

    def __init__(self, **kwargs):
        super().__init__(max_length=Comment.MAX_BODY_LENGTH, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        value = super().to_internal_value(data)
        if is_visibly_blank(value):
            self.fail("blank")
        if _HTML_TAG.search(value):
            self.fail("html")
        return value


class TargetTypeField(serializers.ChoiceField):
    default_error_messages = {"invalid_choice": "target_type은 post 또는 deal이어야 합니다."}

    def __init__(self, **kwargs):
        super().__init__(choices=TargetType.values, **kwargs)


class TargetIdField(serializers.IntegerField):
    """A positive id; ``json=True`` for request bodies, where "5" is a string, not a number."""

    default_error_messages = {"invalid": "정수여야 합니다."}

    def __init__(self, *, json: bool = False, **kwargs):
        self.json = json
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)

    def to_internal_value(self, data):
        if self.json and (isinstance(data, bool) or not isinstance(data, int)):
            self.fail("invalid")
        return super().to_internal_value(data)


class JsonBooleanField(serializers.BooleanField):
    """``true`` or ``false`` in a JSON body; not "yes", "on" or 1."""

    default_error_messages = {"invalid": "true 또는 false여야 합니다."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class CommentOutputSerializer(serializers.Serializer):
    """A comment as the viewer (``context["viewer"]``) may see it; replies when they were prefetched."""

    id = serializers.IntegerField()
    target_type = serializers.CharField()
    target_id = serializers.IntegerField()
    parent_id = serializers.IntegerField(allow_null=True)
    author = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField()
    anonymous = serializers.BooleanField()
    anonymous_label = serializers.SerializerMethodField()
    is_target_author = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()
    is_deleted = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def _viewer(self):
        return self.context["viewer"]

    def get_is_deleted(self, comment: Comment) -> bool:
        return not comment.is_visible

    def get_is_mine(self, comment: Comment) -> bool:
        viewer = self._viewer()
        return comment.is_visible and viewer.id is not None and comment.author_id == viewer.id

    def get_author(self, comment: Comment) -> dict:
        if not comment.is_visible:
            return HIDDEN_AUTHOR
        if comment.anonymous and not (self.get_is_mine(comment) or self._viewer().is_staff):
            return ANONYMOUS_AUTHOR
        return {"id": comment.author_id, "nickname": comment.author_nickname, "role": comment.author_role}

    def get_anonymous_label(self, comment: Comment) -> str | None:
        return comment.anonymous_label if comment.is_visible else None

    def get_is_target_author(self, comment: Comment) -> bool:
        return comment.is_visible and comment.is_target_author

    def get_body(self, comment: Comment) -> str:
        return comment.body if comment.is_visible else ""

    def get_replies(self, comment: Comment) -> list[dict]:
        replies = getattr(comment, "visible_replies", [])
        if not replies:
            return []
        # One serializer for every reply of the page: building one per comment deep-copies its
        # fields each time (most of a thread's serializing time, profiled under load).
        child = self.context.get("reply_serializer")
        if child is None:
            child = self.context["reply_serializer"] = CommentOutputSerializer(context=self.context)
        return [child.to_representation(reply) for reply in replies]


def _output(comment: Comment, request) -> dict:
    return CommentOutputSerializer(comment, context={"viewer": request.user}).data


class CommentListCreateApi(APIView):
    """``GET /api/comments?target_type=&target_id=`` or ``?author=me``; ``POST /api/comments``."""

    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "comment_create"

    class CommentListFilterSerializer(serializers.Serializer):
        target_type = TargetTypeField(required=False)
        target_id = TargetIdField(required=False)
        author = serializers.ChoiceField(choices=["me"], required=False)

        def validate(self, attrs):
            if "author" in attrs:
                return attrs
            errors = {
                field: ["author=me 가 아니면 필수입니다."]
                for field in ("target_type", "target_id")
                if field not in attrs
            }
            if errors:
                raise serializers.ValidationError(errors)
            return attrs

    class CommentCreateInputSerializer(serializers.Serializer):
        target_type = TargetTypeField()
        target_id = TargetIdField(json=True)
        body = BodyField()
        parent_id = TargetIdField(json=True, required=False, allow_null=True)
        anonymous = JsonBooleanField(required=False, default=False)

    @extend_schema(
        operation_id="comments_list",
        parameters=[CommentListFilterSerializer],
        responses=inline_serializer(
            "CommentPage",
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": CommentOutputSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        filters = self.CommentListFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        params = filters.validated_data
        if params.get("author") == "me":
            if not request.user.is_authenticated:
                raise NotAuthenticated("내 댓글을 보려면 로그인이 필요합니다.")
            comments = selectors.author_comment_list(author_id=request.user.id)
        else:
            comments = selectors.thread_comment_list(
                target_type=params["target_type"], target_id=params["target_id"], viewer=request.user
            )
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(comments, request, view=self)
        data = CommentOutputSerializer(page, many=True, context={"viewer": request.user}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        operation_id="comments_create",
        request=CommentCreateInputSerializer,
        responses={201: CommentOutputSerializer},
    )
    def post(self, request):
        payload = self.CommentCreateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        comment = services.comment_create(user=request.user, **payload.validated_data)
        return Response(_output(comment, request), status=status.HTTP_201_CREATED)


class CommentDetailApi(APIView):
    """``GET /api/comments/<id>`` (anyone); ``PATCH|DELETE`` (the author or staff)."""

    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "comment_edit"

    def get_permissions(self):
        return [IsUserOrReadOnly()] if self.request.method == "GET" else [IsUser()]

    @extend_schema(operation_id="comments_retrieve", responses=CommentOutputSerializer)
    def get(self, request, comment_id: int):
        comment = selectors.comment_detail(comment_id=comment_id, viewer=request.user)
        if comment is None:
            raise NotFound(services.COMMENT_NOT_FOUND)
        return Response(_output(comment, request))

    class CommentUpdateInputSerializer(serializers.Serializer):
        body = BodyField()

    @extend_schema(request=CommentUpdateInputSerializer, responses=CommentOutputSerializer)
    def patch(self, request, comment_id: int):
        payload = self.CommentUpdateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.comment_update(user=request.user, comment_id=comment_id, **payload.validated_data)
        return Response(
            _output(selectors.comment_detail(comment_id=comment_id, viewer=request.user), request)
        )

    @extend_schema(responses={204: None})
    def delete(self, request, comment_id: int):
        services.comment_delete(user=request.user, comment_id=comment_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommentReportApi(APIView):
    """``POST /api/comments/<id>/report`` ``{reason}``: members, once per comment (409 after)."""

    permission_classes = [IsMember]
    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "comment_report"

    class CommentReportInputSerializer(serializers.Serializer):
        reason = serializers.CharField(
            max_length=500,
            error_messages={
                "required": "신고 사유를 골라 주세요.",
                "blank": "신고 사유를 골라 주세요.",
                "max_length": "신고 사유는 500자까지 쓸 수 있습니다.",
                "invalid": "신고 사유는 글자여야 합니다.",
                "null": "신고 사유를 골라 주세요.",
            },
        )

    class CommentReportOutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        reason = serializers.CharField()
        created_at = serializers.DateTimeField()

    @extend_schema(request=CommentReportInputSerializer, responses={201: CommentReportOutputSerializer})
    def post(self, request, comment_id: int):
        payload = self.CommentReportInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = services.comment_report(user=request.user, comment_id=comment_id, **payload.validated_data)
        return Response(self.CommentReportOutputSerializer(report).data, status=status.HTTP_201_CREATED)


class CommentCountsApi(APIView):
    """``GET /api/comments/counts?target_type=post&ids=1,2,3`` → ``{"1": 4, "2": 0, "3": 0}``."""

    class CommentCountsFilterSerializer(serializers.Serializer):
        target_type = TargetTypeField()
        ids = serializers.CharField()

        def validate_ids(self, value: str) -> list[int]:
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not parts:
                raise serializers.ValidationError("ids에 하나 이상의 id를 쉼표로 구분해 주세요.")
            if not all(part.isascii() and part.isdigit() and 0 < int(part) < 2**63 for part in parts):
                raise serializers.ValidationError("ids는 쉼표로 구분한 양의 정수여야 합니다.")
            ids = list(dict.fromkeys(int(part) for part in parts))
            if len(ids) > MAX_COUNT_IDS:
                raise serializers.ValidationError(f"ids는 한 번에 {MAX_COUNT_IDS}개까지 물을 수 있습니다.")
            return ids

    @extend_schema(
        parameters=[CommentCountsFilterSerializer],
        responses=OpenApiResponse(description='{"<id>": <visible comment count>, ...}'),
    )
    def get(self, request):
        filters = self.CommentCountsFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        counts = selectors.target_comment_counts(
            target_type=filters.validated_data["target_type"], target_ids=filters.validated_data["ids"]
        )
        return Response({str(target_id): count for target_id, count in counts.items()})


class TargetDeletedApi(APIView):
    """``POST /api/comments/internal/target-deleted`` (service tokens): drop a deleted target's comments."""

    permission_classes = [IsService]

    class TargetDeletedInputSerializer(serializers.Serializer):
        event_id = serializers.CharField(max_length=100)
        target_type = TargetTypeField()
        target_id = TargetIdField(json=True)

    @extend_schema(request=TargetDeletedInputSerializer, responses={204: None})
    def post(self, request):
        payload = self.TargetDeletedInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        removed = services.target_comments_delete(
            target_type=payload.validated_data["target_type"],
            target_id=payload.validated_data["target_id"],
        )
        logger.info("target deleted", extra={**payload.validated_data, "comments_removed": removed})
        return Response(status=status.HTTP_204_NO_CONTENT)


class TargetVisibilityApi(APIView):
    """``POST /api/comments/internal/target-visibility`` (service tokens): a target was hidden or restored."""

    permission_classes = [IsService]

    class TargetVisibilityInputSerializer(serializers.Serializer):
        event_id = serializers.CharField(max_length=100)
        target_type = TargetTypeField()
        target_id = TargetIdField(json=True)
        hidden = JsonBooleanField()
        as_of = serializers.DateTimeField()

    @extend_schema(request=TargetVisibilityInputSerializer, responses={204: None})
    def post(self, request):
        payload = self.TargetVisibilityInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        services.target_visibility_set(
            target_type=data["target_type"],
            target_id=data["target_id"],
            hidden=data["hidden"],
            as_of=data["as_of"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
