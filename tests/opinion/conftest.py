import pytest


@pytest.fixture(autouse=True)
def _seed_demo_loads_the_tree_only(settings):
    """The area demo tests run `seed_demo` for the tree and the accounts, then their own seeder alone."""
    settings.DEMO_SEEDERS = []
