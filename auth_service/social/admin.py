"""Links are visible to staff (who signs in with what); made and removed only by their owners,
through the services that keep the last way to sign in."""

from django.contrib import admin

from auth_service.social.models import SocialLink


@admin.register(SocialLink)
class SocialLinkAdmin(admin.ModelAdmin):
    list_display = ("id", "provider", "subject", "user", "created_at")
    list_filter = ("provider",)
    search_fields = ("subject", "user__username", "user__nickname", "=user__id")
    list_select_related = ("user",)
    readonly_fields = ("provider", "subject", "user", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
