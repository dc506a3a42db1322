from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "auth_service.social"
    label = "social"
    verbose_name = "소셜 로그인"

    def ready(self) -> None:
        from auth_service.social import checks  # noqa: F401 - register the configuration checks
