from django.urls import path

from comment_service.comments import apis

urlpatterns = [
    path("api/comments", apis.CommentListCreateApi.as_view(), name="comment-list"),
    path("api/comments/counts", apis.CommentCountsApi.as_view(), name="comment-counts"),
    path("api/comments/<int:comment_id>", apis.CommentDetailApi.as_view(), name="comment-detail"),
    path("api/comments/<int:comment_id>/report", apis.CommentReportApi.as_view(), name="comment-report"),
    path(
        "api/comments/internal/target-deleted",
        apis.TargetDeletedApi.as_view(),
        name="comment-target-deleted",
    ),
    path(
        "api/comments/internal/target-visibility",
        apis.TargetVisibilityApi.as_view(),
        name="comment-target-visibility",
    ),
]
