"""Error pages a person understands (HTML), while ``/api/`` paths keep problem details.

The front's URLconf installs these instead of kingdom's JSON handlers.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from front.web.forms import friendly_detail
from kingdom import problems


def _page(request: HttpRequest | None, status: int, title: str, message: str) -> HttpResponse:
    context = {"status": status, "title": title, "message": message}
    if request is None:
        return HttpResponse(loader.render_to_string("errors/error.html", context), status=status)
    return render(request, "errors/error.html", context, status=status)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if _is_api(request):
        return problems.bad_request(request, exception)
    return _page(request, 400, _("요청을 이해하지 못했어요"), _("주소나 입력을 확인하고 다시 시도해 주세요."))


def permission_denied(request, exception=None):
    if _is_api(request):
        return problems.permission_denied(request, exception)
    return _page(request, 403, _("볼 수 없는 페이지예요"), _("이 페이지에 접근할 권한이 없어요."))


def not_found(request, exception=None):
    if _is_api(request):
        return problems.not_found(request, exception)
    return _page(request, 404, _("페이지를 찾을 수 없어요"), _("삭제되었거나 주소가 바뀌었을 수 있어요."))


def server_error(request):
    if _is_api(request):
        return problems.server_error(request)
    # No context processors or viewer lookups here: whatever broke must not break this page too.
    return _page(
        None, 500, _("잠시 문제가 생겼어요"), _("잠시 후 다시 시도해 주세요. 문제가 계속되면 알려 주세요.")
    )


def method_not_allowed(request, allowed: str):
    """A form's address opened as a page (Django answers an empty 405 there)."""
    response = _page(
        request, 405, _("이 주소는 버튼으로만 쓸 수 있어요"), _("이전 페이지로 돌아가 다시 시도해 주세요.")
    )
    response["Allow"] = allowed
    return response


def too_large(request, *, length: int, limit: int):
    """A body over the size limit (kingdom.middleware refuses it before any view reads it)."""
    if _is_api(request):
        return problems.problem_response(413, "Content Too Large", "요청 본문이 너무 큽니다.")
    # Before the viewer middleware ran: rendered without the request's context, like the 500 page.
    return _page(
        None,
        413,
        _("보낸 내용이 너무 커요"),
        _(
            "한 번에 %(limit)s MB까지 보낼 수 있어요. 글은 10,000자, 댓글은 2,000자까지예요. "
            "줄여서 다시 보내 주세요."
        )
        % {"limit": f"{limit / 1_048_576:g}"},
    )


def service_unavailable(request):
    """An API a page cannot do without did not answer: say so, never a 500."""
    return _page(
        request,
        503,
        _("지금은 이 페이지를 보여 드릴 수 없어요"),
        _("서비스 하나가 잠시 응답하지 않아요. 잠시 후 다시 시도해 주세요."),
    )


def api_refused(request, exc):
    """An API refused what a page asked outside a form (a 4xx): its reason, as an HTML page."""
    return _page(request, exc.status, _("요청을 처리하지 못했어요"), friendly_detail(exc))


def csrf_failure(request, reason=""):
    return _page(
        request,
        403,
        _("페이지가 오래되었어요"),
        _(
            "보안 확인이 만료되었어요. 페이지를 새로 고친 뒤 다시 시도해 주세요. "
            "쓴 내용은 뒤로 가기로 되찾을 수 있어요."
        ),
    )
