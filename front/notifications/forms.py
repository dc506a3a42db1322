"""Forms of the notification pages: first checks in Korean; notification_service has the last word."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from front.deals.forms import MAX_FILTER_PRICE, MAX_PRICE
from front.web.forms import FrontForm
from kingdom.text import is_visibly_blank

#: recipient-facing kinds (docs/contracts.md), in the order the settings page lists them
KINDS = [
    ("reply", _("내 댓글에 달린 답글")),
    ("comment", _("내 글·딜에 달린 댓글")),
    ("request_passed", _("사도 될까요? 지출품의서 통과")),
    ("request_luxury", _("사도 될까요? 사치 판정")),
    ("deal_hot", _("내 딜이 인기 핫딜에 올랐을 때")),
    ("deal_expired", _("내 딜이 종료로 표시됐을 때")),
    ("monthly_king", _("이달의 거지왕 선정")),
    ("alert", _("핫딜 알림 (키워드)")),
    ("price_watch", _("가격 알림")),
]
CHANNELS = [("site", _("사이트")), ("email", _("이메일")), ("off", _("끄기"))]
EMAIL_MODES = [("immediate", _("바로 보내기")), ("digest", _("하루 한 번 모아서"))]
KEYWORDS_MAX = 100


class PreferencesForm(FrontForm):
    """How each kind reaches the viewer: in the site, also by e-mail, or not at all."""

    email_mode = forms.ChoiceField(label=_("이메일 받는 방법"), choices=EMAIL_MODES, widget=forms.RadioSelect)
    email = forms.EmailField(
        label=_("받을 이메일 주소"),
        required=False,
        max_length=254,
        help_text=_("이메일로 받는 알림이 있을 때만 필요해요."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in KINDS:
            self.fields[f"channel_{kind}"] = forms.ChoiceField(
                label=label, choices=CHANNELS, initial="site", widget=forms.RadioSelect
            )
        self.order_fields([f"channel_{kind}" for kind, _label in KINDS])

    @property
    def channel_fields(self):
        return [self[f"channel_{kind}"] for kind, _label in KINDS]

    @property
    def api_field_names(self) -> dict[str, str]:
        return {f"channels.{kind}": f"channel_{kind}" for kind, _label in KINDS}

    @staticmethod
    def initial_from(preferences: dict, fallback_email: str = "") -> dict:
        channels = preferences.get("channels") or {}
        initial = {f"channel_{kind}": channels.get(kind, "site") for kind, _label in KINDS}
        initial["email_mode"] = preferences.get("email_mode") or "immediate"
        initial["email"] = preferences.get("email") or fallback_email
        return initial

    def clean(self):
        cleaned = super().clean()
        wants_mail = any(cleaned.get(f"channel_{kind}") == "email" for kind, _label in KINDS)
        if wants_mail and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("이메일로 받으려면 이메일 주소를 적어 주세요."))
        return cleaned

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "channels": {kind: data[f"channel_{kind}"] for kind, _label in KINDS},
            "email_mode": data["email_mode"],
            "email": data.get("email") or "",
        }


class AlertForm(FrontForm):
    """핫딜 알림: words (matched like the deal search), and optional narrowing."""

    keywords = forms.CharField(
        label=_("알림 받을 단어"),
        max_length=KEYWORDS_MAX,
        help_text=_("검색과 같은 방식으로 찾아요. 여러 단어는 모두 들어간 딜만. 예: 신라면 40봉"),
        error_messages={"required": _("알림 받을 단어를 적어 주세요.")},
    )
    category = forms.ChoiceField(label=_("카테고리"), required=False)
    store = forms.CharField(
        label=_("쇼핑몰"),
        max_length=50,
        required=False,
        help_text=_("비워 두면 모든 쇼핑몰"),
        widget=forms.TextInput(attrs={"list": "alert-stores", "autocomplete": "off"}),
    )
    max_price = forms.IntegerField(
        label=_("최고 실구매가 (원, 배송비 포함)"),
        required=False,
        min_value=0,
        max_value=MAX_FILTER_PRICE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"min_value": _("가격은 0원 이상이어야 해요.")},
    )
    free_shipping_only = forms.BooleanField(label=_("무료배송만"), required=False)
    min_score = forms.IntegerField(
        label=_("최소 추천 수"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("적으면 추천이 이만큼 모였을 때 알려 드려요. 비워 두면 올라오자마자."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"min_value": _("추천 수는 1 이상이어야 해요.")},
    )

    def __init__(self, *args, categories: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c["slug"], c["name"]) for c in categories or []]
        chosen = self.data.get("category") or self.initial.get("category")
        if chosen and chosen not in dict(choices):
            # sharing could not list its categories (or this one is gone): keep what was chosen
            choices.append((chosen, chosen))
        self.fields["category"].choices = [("", _("전체")), *choices]

    def clean_keywords(self) -> str:
        value = self.cleaned_data["keywords"]
        if is_visibly_blank(value):
            raise forms.ValidationError(_("알림 받을 단어를 적어 주세요."))
        return value

    @staticmethod
    def initial_from(alert: dict) -> dict:
        return {
            name: alert.get(name)
            for name in ("keywords", "category", "store", "max_price", "free_shipping_only", "min_score")
        }

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "keywords": data["keywords"],
            "category": data.get("category") or None,
            "store": (data.get("store") or "").strip() or None,
            "max_price": data.get("max_price"),
            "free_shipping_only": bool(data.get("free_shipping_only")),
            "min_score": data.get("min_score"),
        }


class WatchForm(FrontForm):
    """가격 알림: tell me when this product costs less than … (price + shipping)."""

    target_price = forms.IntegerField(
        label=_("이 가격 아래로 떨어지면 알려 주세요 (원, 배송비 포함)"),
        min_value=1,
        max_value=MAX_PRICE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("알림 받을 가격을 적어 주세요."),
            "min_value": _("가격은 1원 이상이어야 해요."),
        },
    )
