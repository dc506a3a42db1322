from django import forms
from django.utils.translation import gettext_lazy as _

from front.comments.threads import TARGET_TYPES
from front.web.forms import FrontForm


class CommentForm(FrontForm):
    target_type = forms.ChoiceField(choices=[(t, t) for t in TARGET_TYPES], widget=forms.HiddenInput)
    target_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    parent_id = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    body = forms.CharField(label=_("댓글"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    anonymous = forms.BooleanField(label=_("익명"), required=False)

    def payload(self) -> dict:
        data = dict(self.cleaned_data)
        if not data.get("parent_id"):
            data.pop("parent_id", None)
        return data


class CommentEditForm(FrontForm):
    body = forms.CharField(label=_("댓글 고치기"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
