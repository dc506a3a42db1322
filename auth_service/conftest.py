import pytest
from django.core.management import call_command

pytest_plugins = ["kingdom.testing.plugin"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Throttle counters live in the database cache, as in production (prepare_service makes it).
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
