"""Moderation in Django admin: find deals by store, product, status and reports; expire, hide,
restore; merge products that are the same thing under different names."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from rest_framework.exceptions import ValidationError

from sharing_service.deals import moderation, products, selectors, services
from sharing_service.deals.links import RejectedLink, check_link, normalize_product_name, normalize_url
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


class DealAdminForm(forms.ModelForm):
    """Staff edits obey the rules members' edits do: http(s) public links, no second active deal."""

    def _clean_link(self, field: str, *, allow_blocked_hosts: bool) -> str:
        value = self.cleaned_data.get(field) or ""
        if not value:
            return value
        try:
            return check_link(
                value,
                allow_blocked_hosts=allow_blocked_hosts,
                allow_loopback=settings.SHARING_TEST_ALLOW_LOOPBACK,
            )
        except RejectedLink as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_url(self) -> str:
        return self._clean_link("url", allow_blocked_hosts=False)

    def clean_image_url(self) -> str:
        return self._clean_link("image_url", allow_blocked_hosts=True)

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("url")
        if url and {"url", "expires_at"} & set(self.changed_data):
            existing = selectors.active_deal_with_url(normalize_url(url), exclude_id=self.instance.pk)
            if existing is not None:
                self.add_error(
                    "url", f"같은 링크의 진행중인 딜이 이미 있습니다: #{existing.pk} {existing.title}"
                )
        return cleaned


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    """Edits and deletions go through the same services as the API: derived prices, the price
    history and the product's lowest price follow an edit, and a deletion publishes the outbox
    event that removes the deal's comments. Status and visibility change only by the actions."""

    form = DealAdminForm
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
    readonly_fields = (
        "product",
        "status",
        "ended_at",
        "is_hidden",
        "hidden_reason",
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

    def has_add_permission(self, request) -> bool:
        return False  # a deal has a member as its author: members share deals through the site

    def save_model(self, request, obj: Deal, form, change: bool) -> None:
        changed = {field: form.cleaned_data[field] for field in form.changed_data}
        data = {field: value for field, value in changed.items() if field in services.EDITABLE_FIELDS}
        services.deal_update(user=request.user, deal_id=obj.pk, data=data)

    def delete_model(self, request, obj: Deal) -> None:
        services.deal_delete(user=request.user, deal_id=obj.pk)

    def delete_queryset(self, request, queryset: QuerySet[Deal]) -> None:
        for deal_id in queryset.values_list("pk", flat=True):
            services.deal_delete(user=request.user, deal_id=deal_id)

    @admin.action(description="선택한 딜 종료 처리")
    def expire_deals(self, request, queryset: QuerySet[Deal]):
        count = moderation.deals_end(queryset.values_list("pk", flat=True), DealStatus.EXPIRED)
        self.message_user(request, f"{count}개 딜을 종료했습니다.", messages.SUCCESS)

    @admin.action(description="선택한 딜 품절 처리")
    def mark_sold_out(self, request, queryset: QuerySet[Deal]):
        count = moderation.deals_end(queryset.values_list("pk", flat=True), DealStatus.SOLD_OUT)
        self.message_user(request, f"{count}개 딜을 품절 처리했습니다.", messages.SUCCESS)

    @admin.action(description="선택한 딜 숨기기")
    def hide_deals(self, request, queryset: QuerySet[Deal]):
        count = moderation.deals_hide(queryset.values_list("pk", flat=True))
        self.message_user(request, f"{count}개 딜을 숨겼습니다.", messages.SUCCESS)

    @admin.action(description="선택한 딜 복구 (다시 진행중으로, 신고 처리 완료)")
    def restore_deals(self, request, queryset: QuerySet[Deal]):
        count, blocked = moderation.deals_restore(queryset.values_list("pk", flat=True))
        self.message_user(request, f"{count}개 딜을 복구했습니다.", messages.SUCCESS)
        if blocked:
            ids = ", ".join(f"#{deal.pk}" for deal in blocked)
            self.message_user(
                request,
                f"같은 링크의 진행중인 딜이 있어 복구하지 않았습니다: {ids}",
                messages.WARNING,
            )


class ProductAdminForm(forms.ModelForm):
    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        normalized = normalize_product_name(name)
        if not normalized:
            raise forms.ValidationError("상품명에 글자나 숫자가 들어가야 합니다.")
        if Product.objects.filter(normalized_name=normalized[:120]).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                "같은 이름의 상품이 이미 있습니다. 목록에서 두 상품을 골라 합쳐 주세요."
            )
        return name


class MergeProductsForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Product.objects.none(),
        widget=forms.RadioSelect,
        label="남길 상품",
        help_text="이 상품의 주소가 남고, 다른 상품의 주소는 이 상품으로 이어집니다.",
    )
    name = forms.ChoiceField(widget=forms.RadioSelect, label="합친 상품의 이름")

    def __init__(self, *args, products: list[Product], **kwargs):
        kwargs.setdefault("initial", {"keep": products[0].pk, "name": products[0].name})
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = Product.objects.filter(pk__in=[p.pk for p in products])
        self.fields["keep"].label_from_instance = lambda p: f"#{p.pk} {p.name}"
        self.fields["name"].choices = [(name, name) for name in dict.fromkeys(p.name for p in products)]


def _messages_of(exc) -> list[str]:
    detail = exc.detail
    if isinstance(detail, dict):
        return [str(message) for messages_ in detail.values() for message in messages_]
    return [str(message) for message in (detail if isinstance(detail, list) else [detail])]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    """A renamed product keeps grouping deals by its new name and its deals are found by it."""

    form = ProductAdminForm
    list_display = ("id", "name", "category", "lowest_ever_price", "last_deal_at")
    list_filter = ("category",)
    search_fields = ("name", "normalized_name")
    readonly_fields = (
        "normalized_name",
        "lowest_ever_price",
        "history_deal_count",
        "history_since",
        "last_deal_at",
        "created_at",
    )
    actions = ["merge_products"]

    def has_add_permission(self, request) -> bool:
        return False  # products come into being with their first deal

    def save_model(self, request, obj: Product, form, change: bool) -> None:
        if "name" in form.changed_data:
            products.product_rename(obj.pk, form.cleaned_data["name"])
        if "category" in form.changed_data:
            products.product_set_category(obj.pk, form.cleaned_data["category"])

    @admin.action(description="선택한 상품 합치기 (남길 상품과 이름 고르기)")
    def merge_products(self, request, queryset: QuerySet[Product]):
        """Ask which product stays (its address; the others' lead to it) and which name it keeps."""
        chosen = list(queryset.order_by("created_at", "id"))
        if len(chosen) < 2:
            self.message_user(request, "합칠 상품을 두 개 이상 고르세요.", messages.WARNING)
            return None
        if "apply" in request.POST:
            form = MergeProductsForm(request.POST, products=chosen)
            if form.is_valid():
                try:
                    keep = products.product_merge(
                        form.cleaned_data["keep"], chosen, name=form.cleaned_data["name"]
                    )
                except ValidationError as exc:
                    form.add_error("name", " ".join(_messages_of(exc)))
                else:
                    self.message_user(
                        request,
                        f"{len(chosen) - 1}개 상품을 '{keep.name}'(으)로 합쳤습니다. "
                        "합쳐진 상품의 주소는 이 상품으로 이어집니다.",
                        messages.SUCCESS,
                    )
                    return None
        else:
            form = MergeProductsForm(products=chosen)
        context = {
            **self.admin_site.each_context(request),
            "title": "상품 합치기",
            "opts": self.model._meta,
            "form": form,
            "products": chosen,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/deals/product/merge.html", context)


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
