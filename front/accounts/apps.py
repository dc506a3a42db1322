from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Entry (login, sign-up, guest join, upgrade, logout) and my page."""

    name = "front.accounts"
    label = "accounts"
