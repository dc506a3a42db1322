from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "sharing_service.deals"
    label = "deals"
    verbose_name = "최저가 공유"
    default_auto_field = "django.db.models.BigAutoField"
