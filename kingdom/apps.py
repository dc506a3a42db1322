from django.apps import AppConfig


class KingdomConfig(AppConfig):
    """Registers the shared management commands (``prepare_service``, ``ensure_superuser``)."""

    name = "kingdom"
    verbose_name = "Thrift Kingdom shared library"

    def ready(self) -> None:
        # Registers the OpenAPI description of kingdom.tokens.JWTAuthentication.
        from kingdom import schema  # noqa: F401
