"""Moderation: staff find posts by author, text, category and status; hide, restore or delete.

Anonymous posts show their real author here (admin is staff only). Every write goes through
``services`` (each owns its transaction and lock): deletion through ``services.post_delete`` so
comment_service hears of it exactly as for an author's delete.
"""

import contextlib

from django.contrib import admin, messages
from rest_framework.exceptions import NotFound

from board_service.posts import services
from board_service.posts.models import Category, MonthlyKing, OutboxEvent, Post, PostReport, PostRevision
from kingdom.tokens import TokenUser


def staff_editor(request) -> TokenUser:
    """The admin user as the services' caller: staff, named by their admin username."""
    return TokenUser(id=request.user.pk, nickname=request.user.get_username(), role="staff", claims={})


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


class PostReportInline(admin.TabularInline):
    model = PostReport
    extra = 0
    can_delete = False
    fields = ["created_at", "reporter_id", "reporter_nickname", "reason", "reviewed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class PostRevisionInline(admin.TabularInline):
    """The edit history: each row is the post as it was before one edit."""

    model = PostRevision
    extra = 0
    can_delete = False
    fields = ["edited_at", "editor_nickname", "editor_id", "category_name", "title", "body", "amount"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class StatusFilter(admin.SimpleListFilter):
    title = "상태"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("listed", "게시 중"),
            ("hidden", "숨김 (검토 대기)"),
            ("reported", "신고 있음"),
            ("deleted", "삭제됨"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "listed":
                return queryset.filter(hidden_at__isnull=True, deleted_at__isnull=True)
            case "hidden":
                return queryset.filter(hidden_at__isnull=False)
            case "reported":
                return queryset.filter(report_count__gt=0)
            case "deleted":
                return queryset.filter(deleted_at__isnull=False)
        return queryset


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "title",
        "category",
        "kind",
        "amount",
        "author_nickname",
        "author_id",
        "anonymous",
        "report_count",
        "hidden_at",
        "deleted_at",
        "created_at",
    ]
    list_filter = [StatusFilter, "category", "kind", "anonymous", "author_role"]
    search_fields = ["title", "body", "author_nickname", "=author_id"]
    list_select_related = ["category"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    inlines = [PostRevisionInline, PostReportInline]
    actions = ["hide_posts", "restore_posts", "delete_posts"]
    readonly_fields = [
        "author_id",
        "author_nickname",
        "author_role",
        "anonymous",
        "kind",
        "like_count",
        "view_count",
        "comment_count",
        "comment_count_as_of",
        "approve_count",
        "luxury_count",
        "report_count",
        "approved_at",
        "judged_at",
        "edited_at",
        "posted_amount",
        "hidden_at",
        "deleted_at",
        "created_at",
        "updated_at",
        "hot_score",
    ]
    fields = ["category", "title", "body", "amount", *readonly_fields]

    def has_add_permission(self, request) -> bool:
        # Posts have authors from auth_service; staff moderate here but write through the API.
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.judged_at is not None:
            fields.append("amount")  # frozen once judged, as through the API
        return fields

    def save_model(self, request, obj, form, change):
        # Through the service, so a staff edit leaves a revision and marks the post 수정됨.
        services.post_update_in_admin(
            editor=staff_editor(request),
            post_id=obj.pk,
            changes={f: form.cleaned_data[f] for f in form.changed_data},
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        # The stock bulk delete skips the outbox; ours goes through the service.
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="선택한 게시물 숨기기 (검토 대기)")
    def hide_posts(self, request, queryset):
        for post_id in queryset.values_list("pk", flat=True):
            services.post_hide(post_id=post_id)
        self.message_user(request, "숨겼습니다.", messages.SUCCESS)

    @admin.action(description="선택한 게시물 복원 (신고 처리 완료)")
    def restore_posts(self, request, queryset):
        for post_id in queryset.values_list("pk", flat=True):
            services.post_restore(post_id=post_id)
        self.message_user(request, "복원했습니다.", messages.SUCCESS)

    @admin.action(description="선택한 게시물 삭제 (댓글도 삭제)")
    def delete_posts(self, request, queryset):
        editor = staff_editor(request)
        for post_id in queryset.filter(deleted_at__isnull=True).values_list("pk", flat=True):
            with contextlib.suppress(NotFound):  # deleted meanwhile
                services.post_delete(user=editor, post_id=post_id)

        self.message_user(request, "삭제했습니다.", messages.SUCCESS)

    def delete_model(self, request, obj):
        services.post_delete_in_admin(post_id=obj.pk)


@admin.register(PostReport)
class PostReportAdmin(admin.ModelAdmin):
    list_display = ["id", "post", "reporter_nickname", "reporter_id", "reason", "created_at", "reviewed_at"]
    list_filter = [("reviewed_at", admin.EmptyFieldListFilter)]
    search_fields = ["reason", "reporter_nickname", "=post__id"]
    list_select_related = ["post"]
    readonly_fields = ["post", "reporter_id", "reporter_nickname", "reason", "created_at", "reviewed_at"]


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "topic",
        "payload",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "last_error",
    ]
    list_filter = [("delivered_at", admin.EmptyFieldListFilter), "topic"]
    readonly_fields = [f.name for f in OutboxEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(MonthlyKing)
class MonthlyKingAdmin(admin.ModelAdmin):
    """Each finished month's 거지왕 as decided (and announced) once; read-only."""

    list_display = ["month", "nickname", "user_id", "decided_at"]
    readonly_fields = ["month", "nickname", "user_id", "decided_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
