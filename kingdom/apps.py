import logging

from django.apps import AppConfig

logger = logging.getLogger("kingdom.settings")


class KingdomConfig(AppConfig):
    """Registers the shared management commands (``prepare_service``, ``ensure_superuser``)."""

    name = "kingdom"
    verbose_name = "Thrift Kingdom shared library"

    def ready(self) -> None:
        # Registers the OpenAPI description of kingdom.tokens.JWTAuthentication.
        from kingdom import schema  # noqa: F401
        from kingdom.env import renamed_in_use

        # Settings are read before logging is configured: say it once now that the log is there.
        for old_name, name in sorted(renamed_in_use.items()):
            logger.warning(
                "environment variable %s is deprecated (read for this release only); set %s instead",
                old_name,
                name,
                extra={"deprecated_variable": old_name, "replacement": name},
            )
