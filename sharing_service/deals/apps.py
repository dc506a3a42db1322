from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class DealsConfig(AppConfig):
    name = "sharing_service.deals"
    label = "deals"
    verbose_name = "최저가 공유"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sharing_service.deals import thumbnails  # noqa: F401 - registers the worker's deliverer

        checks.register(loopback_allowed_only_in_tests, checks.Tags.security, deploy=True)


def loopback_allowed_only_in_tests(app_configs, **kwargs):
    """``check --deploy`` fails while SHARING_TEST_ALLOW_LOOPBACK lets links and fetches reach 127/8."""
    if getattr(settings, "SHARING_TEST_ALLOW_LOOPBACK", False):
        return [
            checks.Error(
                "SHARING_TEST_ALLOW_LOOPBACK is on: links and the og:image fetcher may reach loopback.",
                hint="Only tests set it; unset SHARING_TEST_ALLOW_LOOPBACK in production.",
                id="deals.E001",
            )
        ]
    return []
