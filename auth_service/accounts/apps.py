from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "auth_service.accounts"
    label = "accounts"
    verbose_name = "계정"

    def ready(self) -> None:
        from auth_service.accounts import checks  # noqa: F401 - register the check
