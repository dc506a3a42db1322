from django.urls import path

from board_service.posts import apis

urlpatterns = [
    path("categories", apis.CategoryListApi.as_view(), name="category-list"),
    path("posts", apis.PostListCreateApi.as_view(), name="post-list"),
    path("posts/views", apis.PostViewsApi.as_view(), name="post-views"),
    path("posts/<int:post_id>", apis.PostDetailApi.as_view(), name="post-detail"),
    path("posts/<int:post_id>/like", apis.PostLikeApi.as_view(), name="post-like"),
    path("posts/<int:post_id>/bookmark", apis.PostBookmarkApi.as_view(), name="post-bookmark"),
    path("posts/<int:post_id>/verdict", apis.PostVerdictApi.as_view(), name="post-verdict"),
    path("posts/<int:post_id>/report", apis.PostReportApi.as_view(), name="post-report"),
    path("ranking", apis.RankingApi.as_view(), name="ranking"),
    path("internal/posts/<int:post_id>", apis.InternalPostApi.as_view(), name="internal-post"),
    path(
        "internal/posts/<int:post_id>/comment-count",
        apis.InternalCommentCountApi.as_view(),
        name="internal-post-comment-count",
    ),
]
