"""최저가 공유 pages. Reads ask sharing (and comments) concurrently; writes go to sharing and come back.

A deal page never fails because sharing is down: it says so (503 with a notice) and a form keeps
what was typed. Anonymous lists may be served from the short anonymous cache; nothing that
depends on the viewer (``my_vote``, ``is_mine``) ever is.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from front.api import Api, ApiError, Unavailable, gather
from front.comments.threads import comment_thread
from front.deals.chart import price_chart
from front.deals.forms import (
    ENDINGS,
    RANKED_SORTS,
    SORTS,
    DealFilterForm,
    DealForm,
    ReportForm,
    external_link,
)
from front.feeds import links as feed_links
from front.notifications.calls import product_watches
from front.notifications.forms import WatchForm
from front.web.forms import attempt, form_page, friendly_detail, search_query
from front.web.navigation import login_required
from front.web.paging import PAGE_SIZE, page_number, pages_for

DEALS = "/api/sharing/deals"
REFERENCE_CACHE_SECONDS = 300  # categories and stores change rarely and are the same for everyone


def _deal_path(deal_id: int, action: str = "") -> str:
    return f"{DEALS}/{deal_id}" + (f"/{action}" if action else "")


def deal_categories(api: Api) -> list[dict]:
    answer = api.get("sharing", "/api/sharing/categories", cache=REFERENCE_CACHE_SECONDS, auth=False)
    return answer.get("results", []) if isinstance(answer, dict) else answer


def _categories_or_empty(api: Api) -> list[dict]:
    try:
        return deal_categories(api)
    except (ApiError, Unavailable):
        return []


def _stores(api: Api) -> list[dict]:
    answer = api.get("sharing", "/api/sharing/stores", cache=REFERENCE_CACHE_SECONDS, auth=False)
    return answer.get("results", []) if isinstance(answer, dict) else answer


def _deal_or_404(api: Api, deal_id: int, cache: int = 0) -> dict:
    try:
        return api.get("sharing", _deal_path(deal_id), cache=cache)
    except ApiError as exc:
        if exc.status in (403, 404):
            raise Http404 from exc
        raise


def _deal_unavailable(request: HttpRequest) -> HttpResponse:
    """A deal's edit, delete or report page when sharing cannot be asked for the deal: a notice."""
    return render(request, "deals/detail.html", {"nav": "deals", "sections": {}}, status=503)


def _may_change(request: HttpRequest, deal: dict) -> bool:
    return bool(deal.get("is_mine")) or request.viewer.is_staff


# --- reading --------------------------------------------------------------------------------


@require_GET
def deal_list(request: HttpRequest) -> HttpResponse:
    api = Api(request)
    filter_form = DealFilterForm(request.GET)
    filters = filter_form.filters()
    params = {**filter_form.api_params(), "page": page_number(request), "page_size": PAGE_SIZE}
    sections = gather(
        {
            "categories": lambda: deal_categories(api),
            "stores": lambda: _stores(api),
            # the list is everyone's (Api.everyones); a search varies too much to be shared
            "deals": lambda: (
                api.get("sharing", DEALS, params)
                if "q" in params
                else api.everyones("sharing", DEALS, params, own_after_change=True)
            ),
        }
    )
    deals = sections["deals"]
    return render(
        request,
        "deals/list.html",
        {
            "nav": "deals",
            "filters": filters,
            "filter_errors": [e for errors in filter_form.errors.values() for e in errors],
            "active_filters": filter_form.active_filters(),
            "sorts": SORTS,
            "ranked_sorts": RANKED_SORTS,
            "sections": sections,
            "pages": pages_for(request, deals.data if deals.ok else None),
            "feed_links": feed_links.deal_list(request.GET.dict()),
            "alert_query": _alert_query(filters),
        },
        status=503 if deals.unavailable else 200,
    )


def _alert_query(filters: dict) -> str:
    """The list's search as a new 핫딜 알림 (front.notifications.views.alert_create fills it in)."""
    values = {
        "keywords": filters.get("q"),
        "category": filters.get("category"),
        "store": filters.get("store"),
        "max_price": filters.get("max_price"),
        "free_shipping": "1" if filters.get("free_shipping") else None,
    }
    return urlencode({name: value for name, value in values.items() if value not in (None, "")})


@require_GET
def deal_detail(request: HttpRequest, deal_id: int) -> HttpResponse:
    api = Api(request)
    sections = gather(
        {
            "deal": lambda: _deal_or_404(api, deal_id, cache=settings.FRONT_ANONYMOUS_CACHE_SECONDS),
            "comments": lambda: comment_thread(api, "deal", deal_id, page_number(request)),
        }
    )
    deal = sections["deal"]
    if deal.unavailable:
        return render(request, "deals/detail.html", {"nav": "deals", "sections": sections}, status=503)
    if deal.error is not None:
        raise Http404
    return render(
        request,
        "deals/detail.html",
        {
            "nav": "deals",
            "deal": deal.data,
            "store_link": external_link(deal.data.get("url")),
            "may_change": _may_change(request, deal.data),
            "endings": ENDINGS,
            "sections": sections,
            "target_type": "deal",
            "target_id": deal_id,
            "comment_pages": pages_for(
                request, sections["comments"].data if sections["comments"].ok else None
            ),
        },
    )


@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    api = Api(request)
    q = search_query(request)
    category = request.GET.get("category", "").strip()[:30]
    params = {"page": page_number(request), "page_size": PAGE_SIZE}
    params.update({name: value for name, value in (("q", q), ("category", category)) if value})
    cache = settings.FRONT_ANONYMOUS_CACHE_SECONDS if not q else 0
    sections = gather(
        {
            "categories": lambda: deal_categories(api),
            "products": lambda: api.get("sharing", "/api/sharing/products", params, cache=cache),
        }
    )
    products = sections["products"]
    return render(
        request,
        "deals/products.html",
        {
            "nav": "deals",
            "q": q,
            "category": category,
            "sections": sections,
            "pages": pages_for(request, products.data if products.ok else None),
        },
        status=503 if products.unavailable else 200,
    )


@require_GET
def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    return product_page(request, product_id)


def product_page(
    request: HttpRequest, product_id: int, *, watch_form: WatchForm | None = None, status: int = 200
) -> HttpResponse:
    """The product, and for a member their price watches on it (가격 알림), asked at once.

    Anonymous visitors get the same page as everyone (page-cached): no watch is asked for them.
    ``watch_form`` is a watch form refused with its errors (front.notifications.views)."""
    api = Api(request)
    calls = {
        "product": lambda: api.get(
            "sharing", f"/api/sharing/products/{product_id}", cache=settings.FRONT_ANONYMOUS_CACHE_SECONDS
        )
    }
    if request.viewer.is_member:
        calls["watches"] = lambda: product_watches(api, product_id)
    sections = gather(calls)
    found = sections["product"]
    if found.error is not None and found.error.status in (403, 404):
        raise Http404
    product = found.data if found.ok else None
    if product is None:
        return render(request, "deals/product.html", {"nav": "deals"}, status=503)
    if product.get("id") != product_id:
        # sharing followed its own redirect: this product was merged into another one for good
        return redirect("deals:product", product_id=product["id"], permanent=True)
    return render(
        request,
        "deals/product.html",
        {
            "nav": "deals",
            "product": product,
            "chart": price_chart(product.get("price_history")),
            "watches": sections.get("watches"),
            "watch_form": watch_form or WatchForm(),
        },
        status=status,
    )


def reference_lists(api: Api) -> dict:
    """sharing's categories and stores at once (forms that pick them: 핫딜 알림)."""
    sections = gather({"categories": lambda: deal_categories(api), "stores": lambda: _stores(api)})
    return {
        "categories": sections["categories"].data if sections["categories"].ok else [],
        "stores": sections["stores"].data if sections["stores"].ok else [],
    }


# --- writing --------------------------------------------------------------------------------


def _deal_form_page(request: HttpRequest, api: Api, send, *, heading: str, deal: dict | None = None):
    """The share and edit forms: ``send(form)`` returns the saved deal's id.

    A 409 is sharing saying "this link is already shared": the form comes back with a link to
    that deal, and what was typed stays.
    """
    categories = _categories_or_empty(api)
    context = {"nav": "deals", "heading": heading, "deal": deal, "categories_missing": not categories}

    def action(form):
        try:
            deal_id = send(form)
        except ApiError as exc:
            if exc.status != 409 or not exc.existing:
                raise
            duplicate = {"form": form, "existing": exc.existing, "duplicate_detail": exc.detail, **context}
            return render(request, "deals/form.html", duplicate, status=409)
        api.changed_lists()
        messages.success(request, _("딜을 고쳤어요.") if deal else _("딜을 공유했어요. 고마워요!"))
        return redirect("deals:detail", deal_id=deal_id)

    return form_page(
        request,
        DealForm,
        "deals/form.html",
        action,
        initial=_initial(deal) if deal else {"shipping_fee": 0, "category": request.GET.get("category")},
        form_kwargs={"categories": categories},
        context=context,
    )


def _initial(deal: dict) -> dict:
    category = deal.get("category")
    return {
        "title": deal.get("title"),
        "product_name": (deal.get("product") or {}).get("name"),
        "category": category.get("slug") if isinstance(category, dict) else category,
        "url": deal.get("url"),
        "store": deal.get("store"),
        "price": deal.get("price"),
        "original_price": deal.get("original_price"),
        "shipping_fee": deal.get("shipping_fee"),
        "coupon_code": deal.get("coupon_code"),
        "expires_at": _local_time(deal.get("expires_at")),
        "image_url": deal.get("image_url"),
        "description": deal.get("description"),
    }


def _local_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return timezone.localtime(datetime.fromisoformat(value))
    except ValueError:
        return None


@login_required(member=True)
def deal_create(request: HttpRequest) -> HttpResponse:
    api = Api(request)
    return _deal_form_page(
        request,
        api,
        lambda form: api.post("sharing", DEALS, form.payload())["id"],
        heading=_("최저가 공유하기"),
    )


@login_required(member=True)
def deal_edit(request: HttpRequest, deal_id: int) -> HttpResponse:
    api = Api(request)
    try:
        deal = _deal_or_404(api, deal_id)
    except Unavailable:
        return _deal_unavailable(request)
    if not _may_change(request, deal):
        raise Http404

    def send(form):
        api.patch("sharing", _deal_path(deal_id), form.payload(only_changed=True))
        return deal_id

    return _deal_form_page(request, api, send, heading=_("딜 고치기"), deal=deal)


@login_required(member=True)
def deal_delete(request: HttpRequest, deal_id: int) -> HttpResponse:
    api = Api(request)
    if request.method == "POST":
        try:
            api.delete("sharing", _deal_path(deal_id))
        except ApiError as exc:
            if exc.status == 404:
                raise Http404 from exc
            messages.error(request, friendly_detail(exc))
            return redirect("deals:detail", deal_id=deal_id)
        except Unavailable:
            messages.error(request, _("지금은 삭제할 수 없어요. 잠시 후 다시 시도해 주세요."))
            return redirect("deals:detail", deal_id=deal_id)
        api.changed_lists()
        messages.success(request, _("딜을 삭제했어요."))
        return redirect("deals:list")
    try:
        deal = _deal_or_404(api, deal_id)
    except Unavailable:
        return _deal_unavailable(request)
    if not _may_change(request, deal):
        raise Http404
    return render(request, "deals/delete.html", {"nav": "deals", "deal": deal})


def _deal_action(
    request: HttpRequest, deal_id: int, call, done=None, *, fragment: str = "vote"
) -> HttpResponse:
    """Run a vote/expire/save call; answer the ``deals/partials/<fragment>.html`` fragment to a
    script, a redirect (to that part of the page) to a plain form."""
    api = Api(request)
    answered, problem = attempt(lambda: call(api))
    if request.headers.get("X-Requested-With") == "fetch":
        try:
            deal = answered if isinstance(answered, dict) and "id" in answered else _deal_or_404(api, deal_id)
        except Unavailable:
            return HttpResponse(status=503)
        context = {"deal": deal, "vote_problem": problem, "save_problem": problem}
        return render(request, f"deals/partials/{fragment}.html", context)
    if problem:
        messages.error(request, problem)
    elif done:
        messages.success(request, done(answered))
    return redirect(reverse("deals:detail", args=[deal_id]) + f"#{fragment}")


@require_POST
@login_required(member=True)
def deal_vote(request: HttpRequest, deal_id: int) -> HttpResponse:
    """핫(1)/콜드(-1); pressing the vote you already gave takes it back."""
    choice = request.POST.get("value")
    path = _deal_path(deal_id, "vote")
    if choice == "withdraw":
        return _deal_action(request, deal_id, lambda api: api.delete("sharing", path))
    if choice not in ("1", "-1"):
        messages.error(request, _("핫 또는 콜드를 골라 주세요."))
        return redirect(reverse("deals:detail", args=[deal_id]) + "#vote")
    return _deal_action(request, deal_id, lambda api: api.post("sharing", path, {"value": int(choice)}))


@require_POST
@login_required(member=True)
def deal_save(request: HttpRequest, deal_id: int) -> HttpResponse:
    """스크랩 / 찜: save the deal (saved=1) or forget it."""
    path = _deal_path(deal_id, "bookmark")
    if request.POST.get("saved") == "1":
        call, said = (
            (lambda api: api.put("sharing", path)),
            _("스크랩했어요. 내 페이지에서 다시 볼 수 있어요."),
        )
    else:
        call, said = (lambda api: api.delete("sharing", path)), _("스크랩을 지웠어요.")
    return _deal_action(request, deal_id, call, lambda answered: said, fragment="save")


def ending_said(asked: str, answered, *, by_reports: bool) -> str:
    """What pressing 종료/품절 did, in the words of what was asked (품절 is never called 종료).

    ``answered`` is the deal as sharing returns it: ended now (by the author or staff, or by this
    report completing the count), or still active (a report counted, waiting for more)."""
    label = dict(ENDINGS)[asked]
    ended = isinstance(answered, dict) and answered.get("status", "active") != "active"
    if ended:
        label = dict(ENDINGS).get(answered["status"], label)
        if by_reports:
            return _("신고가 모여 %(label)s로 표시됐어요.") % {"label": label}
        return _("%(label)s로 표시했어요.") % {"label": label}
    return _("%(label)s 신고를 접수했어요. 신고가 모이면 %(label)s로 표시돼요.") % {"label": label}


@require_POST
@login_required(member=True)
def deal_expire(request: HttpRequest, deal_id: int) -> HttpResponse:
    """The author or staff end the deal at once; for anyone else sharing counts it as a report."""
    status = request.POST.get("status") if request.POST.get("status") in dict(ENDINGS) else "expired"

    def done(answered) -> str:
        return ending_said(status, answered, by_reports=not (_may_change(request, answered or {})))

    path = _deal_path(deal_id, "expire")

    def end(api):
        answered = api.post("sharing", path, {"status": status})
        api.changed_lists()  # an ended deal leaves the list of live ones
        return answered

    return _deal_action(request, deal_id, end, done)


@login_required(member=True)
def deal_report(request: HttpRequest, deal_id: int) -> HttpResponse:
    api = Api(request)
    try:
        deal = _deal_or_404(api, deal_id)
    except Unavailable:
        return _deal_unavailable(request)

    def action(form):
        answered = api.post("sharing", _deal_path(deal_id, "report"), form.cleaned_data)
        reason = form.cleaned_data.get("reason")
        if reason in dict(ENDINGS):  # sharing counts it as a report that the deal has ended
            messages.success(request, ending_said(reason, answered, by_reports=True))
        else:
            messages.success(request, _("신고를 접수했어요. 고마워요."))
        return redirect("deals:detail", deal_id=deal_id)

    return form_page(request, ReportForm, "deals/report.html", action, context={"nav": "deals", "deal": deal})
