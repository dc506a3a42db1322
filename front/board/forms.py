from django import forms
from django.utils.translation import gettext_lazy as _

from front.web.forms import FrontForm

KINDS = [
    ("talk", _("잡담")),
    ("spending", _("지출 고해")),
    ("request", _("사도 될까요?")),
    ("saving", _("절약 인증")),
]
JUDGED_KINDS = ("spending", "request")
SORTS = [("new", _("최신순")), ("hot", _("인기순")), ("top", _("추천순")), ("views", _("조회순"))]


TITLE_MAX = 100  # as the board API takes them
BODY_MAX = 10_000


def counted(max_length: int, **attrs) -> dict:
    """Widget attributes for a text box whose typed length site.js shows as people type."""
    return {"data-count": str(max_length), **attrs}


class PostForm(FrontForm):
    category = forms.ChoiceField(label=_("카테고리"))
    kind = forms.ChoiceField(label=_("글 종류"), choices=KINDS, initial="talk")
    title = forms.CharField(
        label=_("제목"),
        max_length=TITLE_MAX,
        help_text=_("%(max)s자까지") % {"max": f"{TITLE_MAX:,}"},
        widget=forms.TextInput(attrs=counted(TITLE_MAX)),
    )
    body = forms.CharField(
        label=_("내용"),
        max_length=BODY_MAX,
        help_text=_("%(max)s자까지") % {"max": f"{BODY_MAX:,}"},
        widget=forms.Textarea(attrs=counted(BODY_MAX, rows=8)),
    )
    amount = forms.IntegerField(
        label=_("금액 (원)"),
        required=False,
        min_value=0,
        help_text=_("지출 고해와 ‘사도 될까요?’는 금액을 적어 주세요."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    anonymous = forms.BooleanField(label=_("익명으로 쓰기"), required=False)

    def __init__(
        self,
        *args,
        categories: list[dict] | None = None,
        fixed_kind: str | None = None,
        amount_frozen: bool = False,
        anonymous_allowed: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c["slug"], c["name"]) for c in categories or []]
        self.fixed_kind = fixed_kind
        self.amount_frozen = amount_frozen
        if fixed_kind:
            # Kind and anonymity are chosen once (the board refuses to change them).
            del self.fields["kind"]
            del self.fields["anonymous"]
        elif not anonymous_allowed:
            del self.fields["anonymous"]  # guests are a nickname already; the board refuses it
        if amount_frozen:
            del self.fields["amount"]  # judged on that amount: the board refuses a change

    def clean(self):
        cleaned = super().clean()
        needs_amount = (self.fixed_kind or cleaned.get("kind")) in JUDGED_KINDS and not self.amount_frozen
        if needs_amount and cleaned.get("amount") is None:
            self.add_error("amount", _("이 글 종류는 금액이 필요해요."))
        return cleaned

    def payload(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in self.fields}
        if data.get("amount") is None:
            data.pop("amount", None)
        return data
