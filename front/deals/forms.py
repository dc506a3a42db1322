"""Forms of the deal pages: first checks in the browser's language; sharing has the last word."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from front.web.forms import FrontForm

SORTS = [
    ("new", _("최신순")),
    ("hot", _("인기순")),
    ("best", _("추천 많은 순")),
    ("price", _("낮은 가격순")),
    ("discount", _("할인율순")),
]
# sorts by popularity: with ended deals shown, sharing lists them below the live ones
RANKED_SORTS = ("hot", "best")
PERIODS = [("day", _("최근 24시간"))]
ENDINGS = [("expired", _("종료")), ("sold_out", _("품절"))]
REPORT_REASONS = [
    ("expired", _("종료됨")),
    ("sold_out", _("품절")),
    ("wrong_price", _("가격 오류")),
    ("referral", _("추천인·제휴 링크")),
    ("spam", _("스팸·광고")),
    ("duplicate", _("중복 게시")),
    ("inappropriate", _("부적절한 내용")),
    ("other", _("기타")),
]
# sharing's own limits (the last word is sharing's; these only answer sooner, never stricter)
MAX_PRICE = 1_000_000_000
MAX_SHIPPING_FEE = 1_000_000
MAX_FILTER_PRICE = 10**12


def external_link(url) -> str | None:
    """``url`` when it is an http(s) link with a host, else None (never a javascript: link)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


class WebLinkField(forms.URLField):
    """An http(s) address (URLField alone would also take ftp://)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(max_length=2000, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and external_link(value) is None:
            raise forms.ValidationError(_("http:// 또는 https:// 로 시작하는 주소를 넣어 주세요."))
        return value


class DealFilterForm(forms.Form):
    """The list's query string; a value that makes no sense is dropped with a message."""

    q = forms.CharField(required=False, max_length=100, strip=True)
    category = forms.SlugField(required=False, max_length=30, allow_unicode=True)
    store = forms.CharField(required=False, max_length=50)
    min_price = forms.IntegerField(required=False, min_value=0, max_value=MAX_FILTER_PRICE)
    max_price = forms.IntegerField(required=False, min_value=0, max_value=MAX_FILTER_PRICE)
    free_shipping = forms.BooleanField(required=False)
    show_ended = forms.BooleanField(required=False)
    sort = forms.ChoiceField(required=False, choices=SORTS)
    period = forms.ChoiceField(required=False, choices=PERIODS)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_price"), cleaned.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("최고 가격은 최저 가격보다 커야 해요."))
        return cleaned

    def filters(self) -> dict:
        """The valid values, as the template shows them back (invalid ones left out)."""
        self.is_valid()
        values = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        values["sort"] = values.get("sort") or "new"
        return values

    def active_filters(self) -> int:
        """How many of the folded filters are set (the search box and category tab stay in view)."""
        values = self.filters()
        folded = ("store", "min_price", "max_price", "free_shipping", "show_ended")
        return sum(values.get(name) not in (None, "", False) for name in folded) + (values["sort"] != "new")

    def api_params(self) -> dict:
        """The filters as sharing's query string: only what was chosen."""
        values = self.filters()
        params = {"sort": values["sort"]}
        for name in ("q", "category", "store", "min_price", "max_price", "period"):
            if values.get(name) not in (None, ""):
                params[name] = values[name]
        if values.get("free_shipping"):
            params["free_shipping"] = "true"
        if values.get("show_ended"):
            params["status"] = "all"
        return params


def _money(label, max_value: int = MAX_PRICE, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=max_value,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


class DealForm(FrontForm):
    title = forms.CharField(label=_("제목"), min_length=2, max_length=120)
    product_name = forms.CharField(
        label=_("상품명"),
        max_length=120,
        help_text=_("같은 상품의 딜을 모아 최저가를 비교해요. 예: 햇반 210g 24개"),
    )
    category = forms.ChoiceField(label=_("카테고리"))
    url = WebLinkField(label=_("구매 링크"), help_text=_("쇼핑몰 상품 페이지 주소 (http/https)"))
    store = forms.CharField(label=_("쇼핑몰"), max_length=50, required=False)
    price = _money(_("판매가 (원)"))
    original_price = _money(_("정가 (원)"), required=False, help_text=_("적으면 할인율을 보여 드려요."))
    shipping_fee = _money(
        _("배송비 (원)"), max_value=MAX_SHIPPING_FEE, initial=0, help_text=_("무료배송이면 0")
    )
    coupon_code = forms.CharField(label=_("쿠폰 코드"), max_length=50, required=False)
    expires_at = forms.DateTimeField(
        label=_("종료 시각"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("알면 적어 주세요. 지나면 자동으로 종료돼요."),
    )
    image_url = WebLinkField(label=_("이미지 주소"), required=False)
    description = forms.CharField(
        label=_("설명"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, categories: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c["slug"], c["name"]) for c in categories or []]
        if not choices and self.data.get("category"):
            # sharing could not list its categories: keep the one chosen earlier so the deal
            # can still be sent (sharing checks it) and the person's choice is not lost
            choices = [(self.data["category"], self.data["category"])]
        self.fields["category"].choices = choices

    def clean(self):
        cleaned = super().clean()
        price, original = cleaned.get("price"), cleaned.get("original_price")
        if price is not None and original is not None and original < price:
            self.add_error("original_price", _("정가는 판매가보다 낮을 수 없어요."))
        expires = cleaned.get("expires_at")
        # An edit may keep a time that has since passed; only a newly chosen time must lie ahead.
        if expires is not None and expires <= timezone.now() and "expires_at" in self.changed_data:
            self.add_error("expires_at", _("종료 시각은 지금보다 뒤여야 해요."))
        return cleaned

    def payload(self, only_changed: bool = False) -> dict:
        """What sharing takes; for an edit only what changed (PATCH), so nothing is re-checked needlessly."""
        data = dict(self.cleaned_data)
        if isinstance(data.get("expires_at"), datetime):
            data["expires_at"] = data["expires_at"].isoformat()
        if only_changed:
            data = {name: value for name, value in data.items() if name in self.changed_data}
        return data


class ReportForm(FrontForm):
    reason = forms.ChoiceField(label=_("신고 사유"), choices=[("", _("골라 주세요")), *REPORT_REASONS])
    detail = forms.CharField(
        label=_("자세한 내용"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
