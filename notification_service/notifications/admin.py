"""Staff look into what came in and what went out; every change goes through the services.

Everything is read-only here except: events may be processed again (an event that failed
``MAX_ATTEMPTS`` times, after its cause was fixed), and alerts and watches may be deleted.
"""

from django.contrib import admin, messages

from notification_service.notifications import alerts, processing
from notification_service.notifications.models import (
    Alert,
    DealSnapshot,
    Event,
    Notification,
    Preference,
    PriceWatch,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "event_id", "received_at", "processed_at", "attempts"]
    list_filter = ["kind", ("processed_at", admin.EmptyFieldListFilter)]
    search_fields = ["event_id"]
    actions = ["process_again"]

    @admin.action(description="선택한 이벤트를 다시 처리")
    def process_again(self, request, queryset):
        done = processing.process_again(list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{done}개 이벤트를 처리했습니다.", messages.SUCCESS)

    def has_change_permission(self, request, obj=None) -> bool:
        # the action needs it; the form stays read-only (every field is)
        return request.user.is_staff

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["id", "recipient_id", "kind", "message", "created_at", "read_at", "email_state"]
    list_filter = ["kind", "email_state"]
    search_fields = ["=recipient_id", "message"]


@admin.register(DealSnapshot)
class DealSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["deal_id", "title", "effective_price", "score", "hot", "status", "updated_at"]
    search_fields = ["=deal_id", "title"]


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user_id", "email_mode", "email", "last_digest_at"]
    search_fields = ["=user_id", "email"]


class OwnedDeletableAdmin(ReadOnlyAdmin):
    delete = None

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_staff

    def delete_model(self, request, obj):
        type(self).delete(obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            type(self).delete(obj)


@admin.register(Alert)
class AlertAdmin(OwnedDeletableAdmin):
    list_display = ["id", "owner_id", "keywords", "category", "store", "max_price", "min_score", "created_at"]
    search_fields = ["=owner_id", "keywords"]
    delete = staticmethod(alerts.alert_delete)


@admin.register(PriceWatch)
class PriceWatchAdmin(OwnedDeletableAdmin):
    list_display = ["id", "owner_id", "product_name", "target_price", "created_at", "fired_at"]
    search_fields = ["=owner_id", "=product_id", "product_name"]
    delete = staticmethod(alerts.watch_delete)
