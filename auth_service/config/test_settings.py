"""Test settings: production settings under a test environment (see kingdom.testing.environment)."""

from kingdom.testing.environment import apply_test_environment

apply_test_environment("auth")

from auth_service.config.settings import *  # noqa: E402,F403

# Hashing at production strength would make every signup in the suite take a noticeable fraction
# of a second; the live (gunicorn) tests keep the production hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
