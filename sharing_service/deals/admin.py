"""Moderation in Django admin: find deals by store, product, status and reports; expire, hide,
restore; merge products that are the same thing under different names."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet

from sharing_service.deals import services
from sharing_service.deals.models import Category, Deal, DealStatus, OutboxEvent, PriceRecord, Product, Report


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ("reason", "detail", "reporter_id", "is_resolved", "created_at")
    readonly_fields = ("reason", "detail", "reporter_id", "created_at")


class ReportedFilter(admin.SimpleListFilter):
    title = "신고"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", "신고 있음"), ("hidden", "숨김(검토 대기)")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(report_count__gt=0)
        if self.value() == "hidden":
            return queryset.filter(is_hidden=True)
        return queryset


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "title",
        "product",
        "store",
        "effective_price",
        "status",
        "is_hidden",
        "score",
        "report_count",
        "expire_report_count",
        "author_nickname",
        "created_at",
    )
    list_filter = (ReportedFilter, "status", "is_hidden", "category", "store")
    search_fields = ("title", "product__name", "store", "url", "author_nickname")
    list_select_related = ("product", "category")
    ordering = ("-report_count", "-created_at")
    raw_id_fields = ("product",)
    readonly_fields = (
        "normalized_url",
        "effective_price",
        "discount_percent",
        "search_text",
        "score",
        "hot_count",
        "cold_count",
        "hot_rank",
        "report_count",
        "expire_report_count",
        "comment_count",
        "comment_count_as_of",
        "author_id",
        "author_nickname",
        "author_role",
        "created_at",
        "updated_at",
    )
    inlines = [ReportInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["expire_deals", "mark_sold_out", "hide_deals", "restore_deals"]

    @admin.action(description="선택한 딜 종료 처리")
    def expire_deals(self, request, queryset: QuerySet[Deal]):
        count = services.deals_end(queryset.values_list("pk", flat=True), DealStatus.EXPIRED)
        self.message_user(request, f"{count}개 딜을 종료했습니다.", messages.SUCCESS)

    @admin.action(description="선택한 딜 품절 처리")
    def mark_sold_out(self, request, queryset: QuerySet[Deal]):
        count = services.deals_end(queryset.values_list("pk", flat=True), DealStatus.SOLD_OUT)
        self.message_user(request, f"{count}개 딜을 품절 처리했습니다.", messages.SUCCESS)

    @admin.action(description="선택한 딜 숨기기")
    def hide_deals(self, request, queryset: QuerySet[Deal]):
        count = services.deals_hide(queryset.values_list("pk", flat=True))
        self.message_user(request, f"{count}개 딜을 숨겼습니다.", messages.SUCCESS)

    @admin.action(description="선택한 딜 복구 (다시 진행중으로, 신고 처리 완료)")
    def restore_deals(self, request, queryset: QuerySet[Deal]):
        count = services.deals_restore(queryset.values_list("pk", flat=True))
        self.message_user(request, f"{count}개 딜을 복구했습니다.", messages.SUCCESS)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "category", "lowest_ever_price", "last_deal_at")
    list_filter = ("category",)
    search_fields = ("name", "normalized_name")
    readonly_fields = ("normalized_name", "lowest_ever_price", "last_deal_at", "created_at")
    actions = ["merge_products"]

    @admin.action(description="선택한 상품 합치기 (가장 먼저 등록된 상품으로)")
    def merge_products(self, request, queryset: QuerySet[Product]):
        products = list(queryset.order_by("created_at", "id"))
        if len(products) < 2:
            self.message_user(request, "합칠 상품을 두 개 이상 고르세요.", messages.WARNING)
            return
        keep = services.product_merge(products[0], products[1:])
        self.message_user(
            request, f"{len(products) - 1}개 상품을 '{keep.name}'(으)로 합쳤습니다.", messages.SUCCESS
        )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "position")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("id", "deal", "reason", "reporter_id", "is_resolved", "created_at")
    list_filter = ("reason", "is_resolved")
    raw_id_fields = ("deal",)


@admin.register(PriceRecord)
class PriceRecordAdmin(admin.ModelAdmin):
    list_display = ("product", "deal", "effective_price", "recorded_at")
    raw_id_fields = ("product", "deal")


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ("topic", "payload", "created_at", "delivered_at", "attempts")
    list_filter = ("topic",)
