"""Writes of members' keyword alerts and price watches, with their limits. Each owns its transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from rest_framework.exceptions import ValidationError

from kingdom.problems import Conflict
from kingdom.search import fold_text, search_terms
from notification_service.notifications.models import Alert, PriceWatch
from notification_service.notifications.selectors import TERM_MAX

_FIELDS = ("keywords", "category", "store", "max_price", "free_shipping_only", "min_score")


def _lock_owner(owner_id: int) -> None:
    """Serialize one member's creations, so two at once cannot pass a limit together."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('notifications.owner'), %s)", [owner_id])


def alert_fill(alert: Alert, data: dict) -> None:
    """Set an unsaved or existing alert's conditions from validated input, with its folded terms."""
    for field in _FIELDS:
        if field in data:
            value = data[field]
            setattr(alert, field, "" if value is None and field in ("category", "store") else value)
    terms = search_terms(alert.keywords)
    if not terms:
        raise ValidationError({"keywords": ["검색어를 입력해 주세요 (글자나 숫자가 있어야 합니다)."]})
    alert.terms = terms
    # the lookup key: a prefix of the longest term is in the text whenever the term is
    alert.key_term = max(terms, key=len)[:TERM_MAX]
    alert.store_folded = fold_text(alert.store)


def alert_create(owner_id: int, data: dict) -> Alert:
    alert = Alert(owner_id=owner_id)
    alert_fill(alert, data)
    with transaction.atomic():
        _lock_owner(owner_id)
        limit = settings.NOTIFY_MAX_ALERTS
        if Alert.objects.filter(owner_id=owner_id).count() >= limit:
            raise Conflict(
                f"핫딜 알림은 {limit}개까지 만들 수 있습니다. 쓰지 않는 알림을 지워 주세요.",
                slug="alert_limit",
            )
        alert.save()
    return alert


def alert_update(alert: Alert, data: dict) -> Alert:
    alert_fill(alert, data)
    with transaction.atomic():
        alert.save()
    return alert


def alert_delete(alert: Alert) -> None:
    with transaction.atomic():
        alert.delete()


def watch_create(owner_id: int, *, product_id: int, product_name: str, target_price: int) -> PriceWatch:
    with transaction.atomic():
        _lock_owner(owner_id)
        existing = PriceWatch.objects.filter(owner_id=owner_id, product_id=product_id).first()
        if existing is not None:
            raise Conflict(
                "이 상품은 이미 가격 알림을 걸어 두었습니다.",
                existing={"id": existing.id},
                slug="watch_exists",
            )
        limit = settings.NOTIFY_MAX_WATCHES
        if PriceWatch.objects.filter(owner_id=owner_id).count() >= limit:
            raise Conflict(f"가격 알림은 {limit}개까지 만들 수 있습니다.", slug="watch_limit")
        return PriceWatch.objects.create(
            owner_id=owner_id,
            product_id=product_id,
            product_name=product_name[:200],
            target_price=target_price,
        )


def watch_delete(watch: PriceWatch) -> None:
    with transaction.atomic():
        watch.delete()
