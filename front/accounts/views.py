"""Entry (login, sign-up, guest join, browse, upgrade, logout) and my page."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from front.accounts import forms
from front.accounts.social import social_providers_later
from front.api import Api, ApiError, Unavailable, gather
from front.api.tokens import SessionTokens
from front.web.device import issues_device_cookie
from front.web.forms import form_page
from front.web.navigation import login_required, safe_next
from front.web.paging import PAGE_SIZE, page_number, pages_for


def _next(request: HttpRequest) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _signed_in(request: HttpRequest, body: dict, message: str) -> HttpResponse:
    SessionTokens(request).store(body)
    messages.success(request, message)
    return redirect(_next(request))


@require_GET
def enter(request: HttpRequest) -> HttpResponse:
    """The four ways in: log in, sign up, join with a nickname, or just look around."""
    return render(
        request, "accounts/enter.html", {"next": _next(request), "social": social_providers_later(request)}
    )


def login(request: HttpRequest) -> HttpResponse:
    def action(form):
        data = form.cleaned_data
        body = Api(request).post("auth", "/api/auth/login", data, auth=False)
        return _signed_in(
            request, body, _("%(nickname)s님, 다시 오셨네요!") % {"nickname": body["user"]["nickname"]}
        )

    return form_page(
        request,
        forms.LoginForm,
        "accounts/login.html",
        action,
        context={"next": _next(request), "heading": _("로그인"), "social": social_providers_later(request)},
    )


@issues_device_cookie
def signup(request: HttpRequest) -> HttpResponse:
    def action(form):
        data = form.cleaned_data
        payload = {k: data[k] for k in ("username", "password", "nickname")}
        if data.get("email"):
            payload["email"] = data["email"]
        body = Api(request).post("auth", "/api/auth/signup", payload, auth=False)
        return _signed_in(
            request, body, _("가입을 환영해요, %(nickname)s님!") % {"nickname": body["user"]["nickname"]}
        )

    return form_page(
        request,
        forms.SignupForm,
        "accounts/signup.html",
        action,
        context={"next": _next(request), "heading": _("회원가입"), "social": social_providers_later(request)},
    )


@issues_device_cookie
def guest(request: HttpRequest) -> HttpResponse:
    def action(form):
        data = form.cleaned_data
        body = Api(request).post("auth", "/api/auth/guest", {"nickname": data["nickname"]}, auth=False)
        return _signed_in(
            request,
            body,
            _("%(nickname)s님, 닉네임으로 참여했어요.") % {"nickname": body["user"]["nickname"]},
        )

    return form_page(
        request,
        forms.GuestForm,
        "accounts/guest.html",
        action,
        context={"next": _next(request), "heading": _("닉네임으로 참여")},
    )


@login_required
@issues_device_cookie
def upgrade(request: HttpRequest) -> HttpResponse:
    """A guest becomes a member: same id, so everything they wrote stays theirs."""
    if not request.viewer.is_guest:
        return redirect("accounts:me")

    def action(form):
        data = form.cleaned_data
        payload = {"username": data["username"], "password": data["password"]}
        if data.get("email"):
            payload["email"] = data["email"]
        # auth revokes the guest's refresh tokens and answers a member pair for the same id.
        body = Api(request).post("auth", "/api/auth/guest/upgrade", payload)
        SessionTokens(request).store(body)
        messages.success(request, _("회원이 되었어요. 쓴 글과 댓글은 그대로예요."))
        return redirect(back)

    # Without a ?next= the new member lands on their page (내 글), not on the home page.
    back = safe_next(request, request.POST.get("next") or request.GET.get("next"), reverse("accounts:me"))
    return form_page(
        request,
        forms.UpgradeForm,
        "accounts/upgrade.html",
        action,
        context={
            "next": back,
            "heading": _("회원으로 전환"),
            "social": social_providers_later(request),
        },
    )


@require_http_methods(["GET", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """Revoke this session's refresh token at auth, then forget the session.

    A GET (a typed or bookmarked /logout, a login that came back to it) asks first: logging out
    is a POST with a CSRF token, so no link on another site can do it.
    """
    if request.method == "GET":
        return render(request, "accounts/logout.html")
    session = SessionTokens(request)
    refresh = session.refresh_token
    revoked = True
    if refresh:
        try:
            # Without the access token: refreshing an expired one first would rotate the
            # refresh token, and the one revoked here would be the stale one, not the live one.
            Api(request).post("auth", "/api/auth/logout", {"refresh": refresh}, auth=False)
        except (ApiError, Unavailable):
            # 401 means it was already dead; unavailable means we could not tell auth: the
            # cookie is cleared either way, and the token expires on its own.
            revoked = False
    request.session.flush()
    if revoked:
        messages.success(request, _("로그아웃했어요."))
    else:
        messages.info(
            request, _("로그아웃했어요. (인증 서비스에 알리지 못했지만 이 기기의 로그인은 지워졌어요.)")
        )
    return redirect("web:home")


MY_TABS = {
    "posts": ("board", "/api/board/posts"),
    "deals": ("sharing", "/api/sharing/deals"),
    "comments": ("comments", "/api/comments"),
}


@login_required
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "posts")
    if tab == "saved":
        return _my_saved(request)
    if tab not in MY_TABS:
        tab = "posts"
    service, path = MY_TABS[tab]
    api = Api(request)
    params = {"author": "me", "page": page_number(request), "page_size": PAGE_SIZE}
    if tab == "deals":
        params["status"] = "all"
    calls = {"items": lambda: api.get(service, path, params), "me": lambda: api.get("auth", "/api/auth/me")}
    if request.viewer.is_member:
        calls["links"] = lambda: api.get("auth", "/api/auth/social/links")
    sections = gather(calls)
    links = sections["links"].data if "links" in sections and sections["links"].ok else None
    return render(
        request,
        "accounts/me.html",
        {
            "tab": tab,
            "sections": sections,
            "social": social_providers_later(request),
            "linked": {link["provider"] for link in links["links"]} if links else set(),
            "links_known": links is not None,
            # A member who signs in only through a provider has no password to change.
            "has_password": links is None or links.get("has_password", True),
            "pages": pages_for(request, sections["items"].data if sections["items"].ok else None),
        },
    )


SAVED_SHOWN = 50  # of each kind: saved posts and saved deals, the latest first


def _my_saved(request: HttpRequest) -> HttpResponse:
    """스크랩: saved posts (board) and deals (sharing) in one list, the latest saved first."""
    api = Api(request)
    saved = {"saved": "me", "page_size": SAVED_SHOWN}
    sections = gather(
        {
            "posts": lambda: api.get("board", "/api/board/posts", saved),
            "deals": lambda: api.get("sharing", "/api/sharing/deals", saved),
            "me": lambda: api.get("auth", "/api/auth/me"),
        }
    )
    items = [
        {"kind": kind, "item": item}
        for kind in ("posts", "deals")
        if sections[kind].ok
        for item in sections[kind].results
    ]
    items.sort(key=lambda entry: entry["item"].get("saved_at") or "", reverse=True)
    ended = sum(
        1 for entry in items if entry["kind"] == "deals" and entry["item"].get("status", "active") != "active"
    )
    return render(
        request,
        "accounts/me.html",
        {"tab": "saved", "sections": sections, "saved_items": items, "saved_ended": ended},
    )


@login_required
def nickname(request: HttpRequest) -> HttpResponse:
    def action(form):
        data = form.cleaned_data
        session = SessionTokens(request)
        body = Api(request).patch("auth", "/api/auth/me", {"nickname": data["nickname"]})
        session.update_user(nickname=(body or {}).get("nickname", data["nickname"]))
        # New posts must carry the new nickname: tokens carry it as a claim, so renew them.
        # The nickname is saved either way: if auth cannot renew them now, the next refresh will.
        with contextlib.suppress(Unavailable):
            session.refresh()
        messages.success(request, _("닉네임을 바꿨어요."))
        return redirect("accounts:me")

    return form_page(
        request,
        forms.NicknameForm,
        "accounts/settings_form.html",
        action,
        initial={"nickname": request.viewer.nickname},
        context={"heading": _("닉네임 변경")},
    )


@login_required(member=True)
def password(request: HttpRequest) -> HttpResponse:
    def action(form):
        data = form.cleaned_data
        pair = Api(request).post(
            "auth",
            "/api/auth/password",
            {"old_password": data["old_password"], "new_password": data["new_password"]},
        )
        # A password change ends every other session; this one continues with the new pair.
        if pair and pair.get("access"):
            SessionTokens(request).store(pair)
        messages.success(request, _("비밀번호를 바꿨어요."))
        return redirect("accounts:me")

    return form_page(
        request,
        forms.PasswordForm,
        "accounts/settings_form.html",
        action,
        context={"heading": _("비밀번호 변경")},
    )
