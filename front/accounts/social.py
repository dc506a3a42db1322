"""카카오 · 네이버 · Google login: the front only sends the browser off and receives it back.

auth_service owns the exchange. ``start`` asks it where to send the browser and keeps the
answered *flow* (state, PKCE verifier, nonce, signed by auth) in this visitor's session;
``callback`` hands the provider's ``code``/``state`` (or ``error``) back to auth with that flow,
then stores our token pair exactly as the password login does. A first sign-in goes through
``finish``, where the person confirms the nickname proposed from the provider's profile.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from front.accounts import forms
from front.api import Api, ApiError, Unavailable
from front.api.tokens import SessionTokens
from front.web.forms import form_page
from front.web.navigation import login_required, safe_next

FLOW_KEY = "tk_social_flow"
SIGNUP_KEY = "tk_social_signup"
LABELS = {"kakao": gettext_lazy("카카오"), "naver": gettext_lazy("네이버"), "google": "Google"}


def social_providers(request: HttpRequest) -> list[dict]:
    """The providers auth has configured (none when auth cannot say: the password forms still work)."""
    try:
        answer = Api(request).get(
            "auth", "/api/auth/social/providers", auth=False, cache=settings.FRONT_ANONYMOUS_CACHE_SECONDS
        )
    except (ApiError, Unavailable):
        return []
    return [p for p in answer.get("providers", []) if p.get("provider") in LABELS]


def social_providers_later(request: HttpRequest) -> SimpleLazyObject:
    """:func:`social_providers` for a template: asked once, when a page is rendered (not on a redirect)."""
    return SimpleLazyObject(lambda: social_providers(request))


def _intent(request: HttpRequest) -> str:
    """What the returning browser will do: log in, link (a member), or upgrade (a guest)."""
    viewer = request.viewer
    wanted = request.GET.get("intent", "")
    if viewer.is_member and wanted == "link":
        return "link"
    if viewer.is_guest and wanted == "upgrade":
        return "upgrade"
    return "login"


@require_GET
def start(request: HttpRequest, provider: str) -> HttpResponse:
    if provider not in LABELS:
        raise Http404
    intent = _intent(request)
    try:
        answer = Api(request).post("auth", f"/api/auth/social/{provider}/authorize", auth=False)
    except ApiError as exc:
        if exc.status == 404:
            raise Http404 from exc
        raise
    default_next = "/me" if intent == "link" else "/"
    request.session[FLOW_KEY] = {
        "provider": provider,
        "flow": answer["flow"],
        "intent": intent,
        "next": safe_next(request, request.GET.get("next"), default_next),
    }
    return redirect(answer["authorization_url"])


def _refused(request: HttpRequest, detail: str, status: int, provider: str) -> HttpResponse:
    context = {"detail": detail, "provider": provider, "label": LABELS.get(provider, provider)}
    return render(request, "accounts/social_refused.html", context, status=status)


@require_GET
def callback(request: HttpRequest, provider: str) -> HttpResponse:
    pending = request.session.pop(FLOW_KEY, None)
    if not pending or pending.get("provider") != provider:
        return _refused(
            request,
            _("이 브라우저에서 시작한 로그인이 아니거나 시간이 지났어요. 처음부터 다시 시도해 주세요."),
            400,
            provider,
        )
    body = {
        "flow": pending["flow"],
        "state": request.GET.get("state", "")[:512],
        "code": request.GET.get("code", "")[:2048],
        "error": request.GET.get("error", "")[:200],
    }
    label, intent, next_url = LABELS[provider], pending["intent"], pending["next"]
    api = Api(request)
    try:
        if intent == "link":
            api.post("auth", f"/api/auth/social/{provider}/link", body)
            messages.success(
                request,
                _("%(label)s 계정을 연결했어요. 다음부터 %(label)s로 로그인할 수 있어요.") % {"label": label},
            )
            return redirect(next_url)
        if intent == "upgrade":
            answer = api.post("auth", f"/api/auth/social/{provider}/upgrade", body)
            SessionTokens(request).store(answer)
            messages.success(request, _("회원이 되었어요. 쓴 글과 댓글은 그대로예요."))
            return redirect(next_url)
        answer = api.post("auth", f"/api/auth/social/{provider}/login", body, auth=False)
    except ApiError as exc:
        return _refused(request, exc.detail, exc.status, provider)
    if answer.get("status") == "signup_required":
        request.session[SIGNUP_KEY] = {
            "provider": provider,
            "ticket": answer["signup_ticket"],
            "nickname": answer.get("proposed_nickname", ""),
            "next": next_url,
        }
        return redirect("accounts:social_finish")
    SessionTokens(request).store(answer)
    messages.success(
        request,
        _("%(nickname)s님, %(label)s로 로그인했어요.")
        % {"nickname": answer["user"]["nickname"], "label": label},
    )
    return redirect(next_url)


def finish(request: HttpRequest) -> HttpResponse:
    """A first sign-in: confirm (or change) the proposed nickname, then the member is created."""
    pending = request.session.get(SIGNUP_KEY)
    if not pending:
        messages.info(request, _("가입할 정보가 없어요. 다시 로그인해 주세요."))
        return redirect("accounts:login")

    def action(form):
        answer = Api(request).post(
            "auth",
            "/api/auth/social/signup",
            {"signup_ticket": pending["ticket"], "nickname": form.cleaned_data["nickname"]},
            auth=False,
        )
        request.session.pop(SIGNUP_KEY, None)
        SessionTokens(request).store(answer)
        messages.success(
            request, _("가입을 환영해요, %(nickname)s님!") % {"nickname": answer["user"]["nickname"]}
        )
        return redirect(safe_next(request, pending.get("next")))

    return form_page(
        request,
        forms.SocialSignupForm,
        "accounts/social_finish.html",
        action,
        initial={"nickname": pending.get("nickname", "")},
        context={"heading": _("닉네임 정하기"), "label": LABELS.get(pending["provider"], "")},
    )


@login_required(member=True)
@require_POST
def unlink(request: HttpRequest, provider: str) -> HttpResponse:
    if provider not in LABELS:
        raise Http404
    try:
        Api(request).delete("auth", f"/api/auth/social/{provider}/link")
    except ApiError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("%(label)s 계정 연결을 해제했어요.") % {"label": LABELS[provider]})
    return redirect("accounts:me")
