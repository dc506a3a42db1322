"""HTTP API of comment_service: thin views that parse input, call a service or selector, serialize."""

from __future__ import annotations

import logging
import re

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from comment_service.comments import access, reports, selectors, services
from comment_service.comments.models import Comment, TargetType
from kingdom.authors import author_as_seen_by
from kingdom.fields import StrictBooleanField, StrictCharField, StrictIntegerField
from kingdom.pagination import PAGE_PARAMETERS, PageNumberPagination, page_serializer
from kingdom.permissions import IsMember, IsService, IsUser, IsUserOrReadOnly
from kingdom.representation import flag, number, text, when
from kingdom.schema import problem_responses
from kingdom.text import VISIBLE_TEXT_PATTERN
from kingdom.throttling import RoleScopedThrottle

logger = logging.getLogger(__name__)

MAX_COUNT_IDS = 100
# What CommentCountsFilterSerializer.validate_ids takes (at most 100 ids below 10**18 documented).
_ID = "0*[1-9][0-9]{0,17}"
IDS_PATTERN = f"^[\\s,]*{_ID}(?:\\s*,[\\s,]*{_ID}){{0,{MAX_COUNT_IDS - 1}}}[\\s,]*$"
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


# The body's rules as one regex for the OpenAPI document: no tag (``_HTML_TAG``), something visible.
BODY_PATTERN = "^(?![\\s\\S]*<\\s*/?\\s*[a-zA-Z!][^>]*>)" + VISIBLE_TEXT_PATTERN.removeprefix("^")


@extend_schema_field(
    {
        "type": "string",
        "minLength": 1,
        "maxLength": Comment.MAX_BODY_LENGTH,
        "pattern": BODY_PATTERN,
        "description": "plain text (trimmed); not blank, no HTML tags",
    }
)
class BodyField(StrictCharField):
    """Plain text: a string (not a number), not blank, at most 2000 characters, no HTML tags."""

    default_error_messages = {
        "invalid": "댓글 내용은 문자열이어야 합니다.",
        "blank": "댓글 내용을 입력해 주세요.",
        "invisible": "댓글 내용을 입력해 주세요.",
        "required": "댓글 내용을 입력해 주세요.",
        "null": "댓글 내용을 입력해 주세요.",
        "max_length": "댓글은 {max_length}자까지 쓸 수 있습니다.",
        "html": "HTML 태그는 쓸 수 없습니다.",
    }

    def __init__(self, **kwargs):
        super().__init__(max_length=Comment.MAX_BODY_LENGTH, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if _HTML_TAG.search(value):
            self.fail("html")
        return value


class TargetTypeField(serializers.ChoiceField):
    default_error_messages = {"invalid_choice": "target_type은 post 또는 deal이어야 합니다."}

    def __init__(self, **kwargs):
        super().__init__(choices=TargetType.values, **kwargs)


class TargetIdField(serializers.IntegerField):
    """A positive id in a query string."""

    default_error_messages = {"invalid": "정수여야 합니다."}

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)


class JsonTargetIdField(StrictIntegerField, TargetIdField):
    """A positive id in a request body, where "5" is a string, not a number."""


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

    def to_representation(self, comment: Comment) -> dict:
        """The fields above, in their order, without DRF's walk through them (kingdom.representation;
        tests/apis/test_comment_output.py holds it to DRF's own)."""
        return {
            "id": number(comment.id),
            "target_type": text(comment.target_type),
            "target_id": number(comment.target_id),
            "parent_id": number(comment.parent_id),
            "author": self.get_author(comment),
            "is_mine": self.get_is_mine(comment),
            "anonymous": flag(comment.anonymous),
            "anonymous_label": self.get_anonymous_label(comment),
            "is_target_author": self.get_is_target_author(comment),
            "body": self.get_body(comment),
            "replies": self.get_replies(comment),
            "is_deleted": self.get_is_deleted(comment),
            "created_at": when(comment.created_at),
            "updated_at": when(comment.updated_at),
        }

    def get_is_deleted(self, comment: Comment) -> bool:
        return not comment.is_visible

    def get_is_mine(self, comment: Comment) -> bool:
        return comment.is_visible and comment.is_authored_by(self._viewer())

    def get_author(self, comment: Comment) -> dict:
        return author_as_seen_by(
            comment, self._viewer(), anonymous=comment.anonymous, removed=not comment.is_visible
        )

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
        target_id = JsonTargetIdField()
        body = BodyField()
        parent_id = JsonTargetIdField(required=False, allow_null=True)
        anonymous = StrictBooleanField(required=False, default=False)

    @extend_schema(
        operation_id="comments_list",
        description=(
            "A thread (`target_type` and `target_id`, both needed: 400 otherwise) or, with "
            "`author=me`, the caller's own comments (401 without a token; the target is then ignored)."
        ),
        parameters=[CommentListFilterSerializer, *PAGE_PARAMETERS],
        responses={200: page_serializer(CommentOutputSerializer)},
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
        responses={
            201: CommentOutputSerializer,
            **problem_responses(404),  # the owning service says the target is missing, deleted or hidden
        },
    )
    def post(self, request):
        payload = self.CommentCreateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        comment = services.comment_create(user=request.user, **payload.validated_data)
        return Response(_output(comment, request), status=status.HTTP_201_CREATED)


class CommentDetailApi(APIView):
    """``GET /api/comments/<id>`` (anyone); ``PATCH|DELETE`` (the author or staff)."""

    patch_is_partial = False  # PATCH takes the whole input (``body``): kingdom.schema

    throttle_classes = [RoleScopedThrottle]
    throttle_scope = "comment_edit"

    def get_permissions(self):
        return [IsUserOrReadOnly()] if self.request.method == "GET" else [IsUser()]

    @extend_schema(operation_id="comments_retrieve", responses=CommentOutputSerializer)
    def get(self, request, comment_id: int):
        comment = access.access_comment_for_view(request.user, comment_id)
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

    @extend_schema(
        request=CommentReportInputSerializer,
        responses={201: CommentReportOutputSerializer, **problem_responses(409)},
    )
    def post(self, request, comment_id: int):
        payload = self.CommentReportInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = reports.comment_report(user=request.user, comment_id=comment_id, **payload.validated_data)
        return Response(self.CommentReportOutputSerializer(report).data, status=status.HTTP_201_CREATED)


class CommentCountsApi(APIView):
    """``GET /api/comments/counts?target_type=post&ids=1,2,3`` → ``{"1": 4, "2": 0, "3": 0}``."""

    class CommentCountsFilterSerializer(serializers.Serializer):
        target_type = TargetTypeField()
        ids = serializers.CharField(
            help_text=f"1–{MAX_COUNT_IDS} positive ids, comma-separated (repeats ignored)"
        )

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
        parameters=[
            CommentCountsFilterSerializer,
            OpenApiParameter(
                "ids",
                {"type": "string", "pattern": IDS_PATTERN},
                required=True,
                description=f"1–{MAX_COUNT_IDS} positive ids, comma-separated (spaces and repeats ignored)",
            ),
        ],
        responses={
            200: {
                "type": "object",
                "description": "visible comments per asked id, 0 for targets without any",
                "additionalProperties": {"type": "integer", "minimum": 0},
                "propertyNames": {"pattern": "^[1-9][0-9]*$"},
            }
        },
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
        target_id = JsonTargetIdField()

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
        target_id = JsonTargetIdField()
        hidden = StrictBooleanField()
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
