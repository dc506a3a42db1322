"""Routes under /api/sharing/ (written without a trailing slash; the middleware accepts both)."""

from django.urls import path

from sharing_service.deals import apis

urlpatterns = [
    path("deals", apis.DealListCreateApi.as_view(), name="deal-list"),
    path("deals/<int:deal_id>", apis.DealDetailApi.as_view(), name="deal-detail"),
    path("deals/<int:deal_id>/vote", apis.DealVoteApi.as_view(), name="deal-vote"),
    path("deals/<int:deal_id>/bookmark", apis.DealBookmarkApi.as_view(), name="deal-bookmark"),
    path("deals/<int:deal_id>/expire", apis.DealExpireApi.as_view(), name="deal-expire"),
    path("deals/<int:deal_id>/report", apis.DealReportApi.as_view(), name="deal-report"),
    path("categories", apis.CategoryListApi.as_view(), name="category-list"),
    path("stores", apis.StoreListApi.as_view(), name="store-list"),
    path("products", apis.ProductListApi.as_view(), name="product-list"),
    path("products/<int:product_id>", apis.ProductDetailApi.as_view(), name="product-detail"),
    path("internal/deals/<int:deal_id>", apis.InternalDealApi.as_view(), name="internal-deal"),
    path(
        "internal/deals/<int:deal_id>/comment-count",
        apis.InternalDealCommentCountApi.as_view(),
        name="internal-deal-comment-count",
    ),
]
