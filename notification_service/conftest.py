import pytest
from django.core.management import call_command

pytest_plugins = ["kingdom.testing.plugin"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The shared cache (view windows, rate limits) is a database table, as in production."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
