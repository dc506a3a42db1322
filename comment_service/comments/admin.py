"""Moderation at /admin/comments/: find comments by author, text or target; hide, restore, delete.

Every change goes through the services (``moderation.py``) so threads keep their shape and
board/sharing hear the new comment counts; the admin never edits rows behind their back.
"""

from django.contrib import admin, messages
from django.db.models import Count

from comment_service.comments import moderation
from comment_service.comments.models import Comment, CommentReport, OutboxEvent, Thread
from kingdom.tokens import TokenUser


def _moderator(request) -> TokenUser:
    user = request.user
    return TokenUser(id=None, nickname=user.get_username(), role="staff", claims={})


class CommentReportInline(admin.TabularInline):
    model = CommentReport
    extra = 0
    can_delete = False
    fields = ["created_at", "reporter_nickname", "reporter_id", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReportedFilter(admin.SimpleListFilter):
    title = "신고"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", "신고 있음")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(reports__isnull=False).distinct()
        return queryset


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "target_type",
        "target_id",
        "parent_id",
        "author_nickname",
        "author_id",
        "anonymous",
        "short_body",
        "is_hidden",
        "is_deleted",
        "report_total",
        "created_at",
    )
    list_filter = (ReportedFilter, "target_type", "is_hidden", "is_deleted", "anonymous", "author_role")
    inlines = [CommentReportInline]
    # "=" fields match exactly: type an author id or target id, or any words of the text.
    search_fields = ("body", "author_nickname", "=author_id", "=target_id")
    search_help_text = "댓글 내용, 작성자 닉네임, 작성자 id 또는 대상(글/딜) id로 찾습니다."
    ordering = ("-created_at",)
    list_per_page = 50
    readonly_fields = [field.name for field in Comment._meta.fields]
    actions = ("hide_comments", "restore_comments", "delete_comments")

    @admin.display(description="내용")
    def short_body(self, comment: Comment) -> str:
        return comment.body[:60]

    @admin.display(description="신고", ordering="report_total")
    def report_total(self, comment: Comment) -> int:
        return comment.report_total

    @admin.display(description="부모 댓글 id")
    def parent_id(self, comment: Comment) -> int | None:
        return comment.parent_id

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_total=Count("reports"))

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deletion goes through the "delete" action (placeholders, counts), not Django's cascade.
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="선택한 댓글 숨기기")
    def hide_comments(self, request, queryset):
        changed = moderation.comments_set_hidden(
            comment_ids=list(queryset.values_list("pk", flat=True)), hidden=True
        )
        self.message_user(request, f"댓글 {changed}개를 숨겼습니다.", messages.SUCCESS)

    @admin.action(description="선택한 댓글 되살리기")
    def restore_comments(self, request, queryset):
        changed = moderation.comments_set_hidden(
            comment_ids=list(queryset.values_list("pk", flat=True)), hidden=False
        )
        self.message_user(request, f"댓글 {changed}개를 되살렸습니다.", messages.SUCCESS)

    @admin.action(description="선택한 댓글 삭제")
    def delete_comments(self, request, queryset):
        deleted = moderation.comments_delete_as_staff(
            staff=_moderator(request), comment_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(request, f"댓글 {deleted}개를 삭제했습니다.", messages.SUCCESS)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "target_type",
        "target_id",
        "target_author_id",
        "target_anonymous",
        "target_hidden",
        "target_deleted_at",
    )
    list_filter = ("target_type", "target_hidden")
    search_fields = ("=target_id",)
    readonly_fields = [field.name for field in Thread._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    list_display = ("id", "comment", "reporter_nickname", "reporter_id", "reason", "created_at")
    search_fields = ("reason", "reporter_nickname", "=comment__id")
    list_select_related = ("comment",)
    readonly_fields = ("comment", "reporter_id", "reporter_nickname", "reason", "created_at")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ("topic", "payload", "created_at", "delivered_at", "attempts", "last_error")
    list_filter = ("topic",)
    readonly_fields = [field.name for field in OutboxEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
