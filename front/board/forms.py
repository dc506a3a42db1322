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


class PostForm(FrontForm):
    category = forms.ChoiceField(label=_("카테고리"))
    kind = forms.ChoiceField(label=_("글 종류"), choices=KINDS, initial="talk")
    title = forms.CharField(label=_("제목"), max_length=200)
    body = forms.CharField(label=_("내용"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    amount = forms.IntegerField(
        label=_("금액 (원)"),
        required=False,
        min_value=0,
        help_text=_("지출 고해와 ‘사도 될까요?’는 금액을 적어 주세요."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    anonymous = forms.BooleanField(label=_("익명으로 쓰기"), required=False)

    def __init__(self, *args, categories: list[dict] | None = None, fixed_kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c["slug"], c["name"]) for c in categories or []]
        self.fixed_kind = fixed_kind
        if fixed_kind:
            # Kind and anonymity are chosen once (the board refuses to change them).
            del self.fields["kind"]
            del self.fields["anonymous"]

    def clean(self):
        cleaned = super().clean()
        if (self.fixed_kind or cleaned.get("kind")) in JUDGED_KINDS and cleaned.get("amount") is None:
            self.add_error("amount", _("이 글 종류는 금액이 필요해요."))
        return cleaned

    def payload(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in self.fields}
        if data.get("amount") is None:
            data.pop("amount", None)
        return data


class ReportForm(FrontForm):
    reason = forms.CharField(label=_("신고 사유"), max_length=500, widget=forms.Textarea(attrs={"rows": 4}))
