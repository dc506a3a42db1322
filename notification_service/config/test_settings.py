"""Test settings: production settings under a test environment (see kingdom.testing.environment)."""

from kingdom.testing.environment import apply_test_environment

apply_test_environment("notifications")

from notification_service.config.settings import *  # noqa: E402,F403
