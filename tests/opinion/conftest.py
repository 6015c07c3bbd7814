import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _seed_demo_loads_the_tree_only(settings):
    """The area demo tests run `seed_demo` for the tree and the accounts, then their own seeder alone."""
    settings.DEMO_SEEDERS = []


@pytest.fixture(autouse=True)
def _english_messages_outside_requests():
    """Services and forms called directly speak English here, so their messages can be matched as written.

    Pages still choose their language per request (Vietnamese unless the language cookie says otherwise).
    """
    with translation.override("en"):
        yield
