"""Forms of the front: Django forms for rendering and first checks, the API has the last word.

A view validates the form, calls the API, and on an :class:`~front.api.ApiError` or
:class:`~front.api.Unavailable` calls :meth:`FrontForm.add_api_error` and re-renders: the
messages appear next to their fields and everything the person typed stays in the form.
"""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from front.api import ApiError, Unavailable
from kingdom.text import wait_phrase

UNAVAILABLE_MESSAGE = _(
    "지금은 저장할 수 없어요. 서비스가 잠시 응답하지 않아요. "
    "쓴 내용은 그대로 있으니 잠시 후 다시 눌러 주세요."
)


class FrontForm(forms.Form):
    template_name = "web/form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""  # no "이름:" colons after Korean labels

    #: API field name -> form field name, where they differ
    api_field_names: dict[str, str] = {}

    def non_field_errors(self):
        """The form's own errors, plus those of hidden fields, which have no box to show them at
        (a reply to a comment deleted meanwhile: the API refuses ``parent_id``)."""
        errors = super().non_field_errors().copy()
        for field in self.hidden_fields():
            errors.extend(field.errors)
        return errors

    def full_clean(self):
        super().full_clean()
        self._describe_errors()

    def add_error(self, field, error):
        super().add_error(field, error)
        self._describe_errors()

    def _describe_errors(self) -> None:
        """Point each invalid input at its messages, so screen readers read them with the field."""
        for name in getattr(self, "_errors", None) or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                described = f"{self[name].auto_id}_error"
                if self.fields[name].help_text:
                    described += f" {self[name].auto_id}_helptext"
                widget.attrs["aria-describedby"] = described

    def add_api_error(self, exc: ApiError | Unavailable) -> None:
        """Show what the API said: field errors at their fields, the rest above the form."""
        if isinstance(exc, Unavailable):
            self.add_error(None, UNAVAILABLE_MESSAGE)
            return
        placed = False
        for api_field, messages in exc.errors.items():
            field = self.api_field_names.get(api_field, api_field)
            target = field if field in self.fields else None
            for message in messages if isinstance(messages, list) else [messages]:
                self.add_error(target, str(message))
                placed = True
        if not placed:
            self.add_error(None, friendly_detail(exc))


#: Why a post or comment is reported: the deals' reasons that fit any writing, plus two of a community's.
COMMUNITY_REPORT_REASONS = [
    ("spam", _("스팸·광고")),
    ("referral", _("추천인·제휴 링크")),
    ("abuse", _("욕설·비방")),
    ("personal_info", _("개인정보 노출")),
    ("duplicate", _("중복 게시")),
    ("inappropriate", _("부적절한 내용")),
    ("other", _("기타")),
]


class CommunityReportForm(FrontForm):
    """A report of a post or a comment: a reason from the list, and optionally what happened."""

    reason = forms.ChoiceField(
        label=_("신고 사유"), choices=[("", _("골라 주세요")), *COMMUNITY_REPORT_REASONS]
    )
    detail = forms.CharField(
        label=_("자세한 내용"),
        required=False,
        max_length=400,
        help_text=_("선택 사항이에요. 400자까지"),
        widget=forms.Textarea(attrs={"rows": 3, "data-count": "400"}),
    )

    def reason_text(self) -> str:
        """The reason as the APIs store it: "스팸·광고" or "스팸·광고: 같은 링크를 계속 올려요"."""
        label = str(dict(COMMUNITY_REPORT_REASONS)[self.cleaned_data["reason"]])
        detail = self.cleaned_data.get("detail", "").strip()
        return f"{label}: {detail}" if detail else label


def friendly_detail(exc: ApiError) -> str:
    """A sentence for a problem the form cannot pin to a field."""
    if exc.status == 429:
        wait = wait_phrase(exc.retry_after)
        if wait:
            return str(_("너무 자주 시도했어요. %(wait)s 뒤에 다시 해 주세요.") % {"wait": wait})
        return str(_("너무 자주 시도했어요. 잠시 뒤에 다시 해 주세요."))
    if exc.status == 403:
        return exc.detail or str(_("이 작업을 할 권한이 없어요."))
    if exc.status == 404:
        return str(_("대상을 찾을 수 없어요. 삭제되었을 수 있어요."))
    return exc.detail or str(_("요청을 처리하지 못했어요."))


def attempt(call):
    """Run the API call behind a button (like, vote, 스크랩…): ``(answer, None)``, or ``(None, a
    sentence saying why not)`` to show beside the button; a 404 becomes the friendly 404 page."""
    try:
        return call(), None
    except ApiError as exc:
        if exc.status == 404:
            raise Http404 from exc
        return None, friendly_detail(exc)
    except Unavailable:
        return None, str(_("지금은 반영할 수 없어요. 잠시 후 다시 시도해 주세요."))


def search_query(request) -> str:
    """The ``q`` a visitor typed: trimmed, at most 100 characters, without NUL (which every API refuses)."""
    return request.GET.get("q", "").replace("\x00", "").strip()[:100]


def submit_form(form: FrontForm, action):
    """Validate ``form`` and run ``action(form)``: ``(its response, 200)``, or ``(None, the status
    to show the form again with)`` once the refusal is written into the form."""
    if not form.is_valid():
        return None, 400
    try:
        return action(form), 200
    except Unavailable as exc:
        form.add_api_error(exc)
        return None, 503
    except ApiError as exc:
        form.add_api_error(exc)
        return None, exc.status if 400 <= exc.status < 500 else 400


def form_page(
    request, form_class, template: str, action, *, context: dict | None = None, initial=None, form_kwargs=None
):
    """The life of a form page: show it, validate, call ``action(form)``, explain failures.

    ``action`` returns the response for success (usually a redirect) or raises ApiError /
    Unavailable, in which case the form comes back with the messages and the typed values.
    """
    form_kwargs = form_kwargs or {}
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, initial=initial, **form_kwargs)
        response, status = submit_form(form, action)
        if response is not None:
            return response
    else:
        form = form_class(initial=initial, **form_kwargs)
    return render(request, template, {"form": form, **(context or {})}, status=status)
