from types import SimpleNamespace

import pytest
from django.utils import translation

from tests.factories import make_collaborator


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


@pytest.fixture
def people(tree):
    """Collaborators in A, A1 and the sibling's cell B1, and one in the bloc's own committee."""
    return SimpleNamespace(
        lan=make_collaborator(tree.a, full_name="Nguyễn Thị Lan"),
        binh=make_collaborator(tree.a1, full_name="Trần Văn Bình"),
        an=make_collaborator(tree.a1, full_name="Lê Văn An"),
        khac=make_collaborator(tree.b1, full_name="Phạm Thị Khác"),
        goc=make_collaborator(tree.root, full_name="Hoàng Văn Gốc"),
    )
