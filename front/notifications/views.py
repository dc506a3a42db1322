"""알림 pages: the inbox, notification settings, 핫딜 알림 (alerts), price watches, unsubscribe.

Everything here asks notification_service (front.notifications.calls) with the viewer's token;
the service decides who may do what (alerts and watches are members only: guests are offered the
upgrade before they get that far). A service that is down gives a notice, a form that keeps
what was typed, never a 500.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from front.api import Api, ApiError, Unavailable, gather
from front.api.concurrent import run_section
from front.deals.views import deal_categories, product_page, reference_lists
from front.notifications import badge, calls
from front.notifications.forms import KINDS, AlertForm, PreferencesForm, WatchForm
from front.web.forms import attempt, form_page, friendly_detail, submit_form
from front.web.navigation import login_required, safe_next
from front.web.paging import PAGE_SIZE, page_number, pages_for
from front.web.templating import when

#: a member's alerts fit on one page (the service allows 20)
ALERTS_SHOWN = 50


# --- the inbox -------------------------------------------------------------------------------


def site_path(link) -> str | None:
    """A notification's link when it is a path on this site (``/deals/12``), else None."""
    if isinstance(link, str) and link.startswith("/") and not link.startswith("//") and "\\" not in link:
        return link
    return None


def day_label(day: date | None, today: date) -> str:
    if day is None:
        return ""
    if day == today:
        return _("오늘")
    if (today - day).days == 1:
        return _("어제")
    if day.year == today.year:
        return dateformat.format(day, _("n월 j일 (D)"))
    return dateformat.format(day, _("Y년 n월 j일"))


def by_day(notifications: list[dict]) -> list[dict]:
    """``[{"label": "오늘", "items": [...]}, …]`` in the service's order (newest first)."""
    today = timezone.localdate()
    groups: list[dict] = []
    for item in notifications:
        moment = when(item.get("created_at"))
        day = moment.date() if moment else None
        if not groups or groups[-1]["day"] != day:
            groups.append({"day": day, "label": day_label(day, today), "items": []})
        groups[-1]["items"].append({**item, "href": site_path(item.get("link")), "moment": moment})
    return groups


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    api = Api(request)
    unread_only = request.GET.get("unread") == "1"
    params = {"page": page_number(request), "page_size": PAGE_SIZE, "unread": "true" if unread_only else None}
    section = run_section(lambda: api.get("notifications", calls.INBOX, params))
    return render(
        request,
        "notifications/inbox.html",
        {
            "nav": "notifications",
            "section": section,
            "days": by_day(section.results) if section.ok else [],
            "unread_only": unread_only,
            "pages": pages_for(request, section.data if section.ok else None),
        },
        status=503 if section.unavailable else 200,
    )


@require_POST
@login_required
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one read; then go where it points (``next``), or back to the inbox."""
    target = safe_next(request, request.POST.get("next"), default=reverse("notifications:inbox"))
    try:
        Api(request).post("notifications", calls.read_path(notification_id))
    except ApiError as exc:
        if exc.status != 404:  # gone meanwhile: nothing to mark, the target is still worth a look
            messages.error(request, friendly_detail(exc))
    except Unavailable:
        messages.error(request, _("지금은 읽음으로 표시할 수 없어요. 잠시 후 다시 시도해 주세요."))
    badge.forget(request)
    return redirect(target)


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    _answer, problem = attempt(lambda: Api(request).post("notifications", calls.READ_ALL))
    if problem:
        messages.error(request, problem)
    else:
        badge.forget(request, 0)
        messages.success(request, _("모든 알림을 읽음으로 표시했어요."))
    return redirect("notifications:inbox")


# --- settings --------------------------------------------------------------------------------


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """My page → 알림 설정: each kind in the site, by e-mail or off; e-mails at once or daily."""
    api = Api(request)
    context = {"heading": _("알림 설정"), "kinds": KINDS}
    initial = None
    if request.method == "GET":
        sections = gather(
            {
                "preferences": lambda: api.get("notifications", calls.PREFERENCES),
                "me": lambda: api.get("auth", "/api/auth/me"),
            }
        )
        if not sections["preferences"].ok:
            # Saving without knowing the current settings would overwrite them: show a notice.
            return render(request, "notifications/preferences.html", {**context, "form": None}, status=503)
        email = (sections["me"].data or {}).get("email", "") if sections["me"].ok else ""
        initial = PreferencesForm.initial_from(sections["preferences"].data, email or "")

    def action(form):
        api.put("notifications", calls.PREFERENCES, form.payload())
        messages.success(request, _("알림 설정을 저장했어요."))
        return redirect("notifications:preferences")

    return form_page(
        request, PreferencesForm, "notifications/preferences.html", action, initial=initial, context=context
    )


# --- 핫딜 알림 -------------------------------------------------------------------------------


@login_required(member=True)
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    api = Api(request)
    sections = gather(
        {
            "alerts": lambda: api.get("notifications", calls.ALERTS, {"page_size": ALERTS_SHOWN}),
            "categories": lambda: deal_categories(api),
        }
    )
    names = {c.get("slug"): c.get("name") for c in sections["categories"].data or []}
    alerts = [
        {**alert, "category_name": names.get(alert.get("category"), alert.get("category"))}
        for alert in sections["alerts"].results
    ]
    return render(
        request,
        "notifications/alerts.html",
        {"nav": "alerts", "section": sections["alerts"], "alerts": alerts},
        status=503 if sections["alerts"].unavailable else 200,
    )


def _alert_form_page(request: HttpRequest, api: Api, send, *, heading: str, initial=None, alert=None):
    lists = reference_lists(api)

    def action(form):
        send(form)
        messages.success(request, _("핫딜 알림을 고쳤어요.") if alert else _("핫딜 알림을 만들었어요."))
        return redirect("notifications:alerts")

    return form_page(
        request,
        AlertForm,
        "notifications/alert_form.html",
        action,
        initial=initial,
        form_kwargs={"categories": lists["categories"]},
        context={"nav": "alerts", "heading": heading, "alert": alert, "stores": lists["stores"]},
    )


@login_required(member=True)
def alert_create(request: HttpRequest) -> HttpResponse:
    """A new alert; ``?keywords=&category=&store=&max_price=&free_shipping=`` fill it from a deal list."""
    api = Api(request)
    initial = {
        "keywords": request.GET.get("keywords", request.GET.get("q", ""))[:100],
        "category": request.GET.get("category", "")[:30],
        "store": request.GET.get("store", "")[:50],
        "max_price": request.GET.get("max_price") or None,
        "free_shipping_only": bool(request.GET.get("free_shipping")),
    }
    return _alert_form_page(
        request,
        api,
        lambda form: api.post("notifications", calls.ALERTS, form.payload()),
        heading=_("핫딜 알림 만들기"),
        initial=initial,
    )


def _alert_or_404(api: Api, alert_id: int) -> dict:
    try:
        return api.get("notifications", calls.alert_path(alert_id))
    except ApiError as exc:
        if exc.status in (403, 404):
            raise Http404 from exc
        raise


@login_required(member=True)
def alert_edit(request: HttpRequest, alert_id: int) -> HttpResponse:
    api = Api(request)
    alert = _alert_or_404(api, alert_id)  # Unavailable: the 503 page (ViewerMiddleware)
    return _alert_form_page(
        request,
        api,
        lambda form: api.patch("notifications", calls.alert_path(alert_id), form.payload()),
        heading=_("핫딜 알림 고치기"),
        initial=AlertForm.initial_from(alert),
        alert=alert,
    )


@require_POST
@login_required(member=True)
def alert_delete(request: HttpRequest, alert_id: int) -> HttpResponse:
    _answer, problem = attempt(lambda: Api(request).delete("notifications", calls.alert_path(alert_id)))
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, _("핫딜 알림을 지웠어요."))
    return redirect("notifications:alerts")


# --- price watches (on the product page) -----------------------------------------------------


@require_POST
@login_required(member=True)
def watch_create(request: HttpRequest, product_id: int) -> HttpResponse:
    def action(form):
        price = form.cleaned_data["target_price"]
        Api(request).post("notifications", calls.WATCHES, {"product": product_id, "target_price": price})
        messages.success(request, _("%(price)s원 아래로 떨어지면 알려 드릴게요.") % {"price": f"{price:,}"})
        return redirect(reverse("deals:product", args=[product_id]) + "#watch")

    form = WatchForm(request.POST)
    response, status = submit_form(form, action)
    return response or product_page(request, product_id, watch_form=form, status=status)


@require_POST
@login_required(member=True)
def watch_delete(request: HttpRequest, product_id: int, watch_id: int) -> HttpResponse:
    _answer, problem = attempt(lambda: Api(request).delete("notifications", calls.watch_path(watch_id)))
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, _("가격 알림을 껐어요."))
    return redirect(reverse("deals:product", args=[product_id]) + "#watch")


# --- one-click unsubscribe (a mail's link) ----------------------------------------------------


@csrf_exempt  # RFC 8058: mail providers POST without cookies; the signed token is the authority
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a mail scanner opening the link unsubscribes nobody); POST unsubscribes at once."""
    if request.method == "GET":
        return render(request, "notifications/unsubscribe.html", {"token": token, "done": False})
    try:
        Api(request).post("notifications", calls.UNSUBSCRIBE, {"token": token}, auth=False)
    except ApiError as exc:
        context = {"token": token, "done": False, "refused": True, "detail": exc.detail}
        return render(request, "notifications/unsubscribe.html", context, status=400)
    except Unavailable:
        context = {"token": token, "done": False, "unavailable": True}
        return render(request, "notifications/unsubscribe.html", context, status=503)
    return render(request, "notifications/unsubscribe.html", {"token": token, "done": True})
