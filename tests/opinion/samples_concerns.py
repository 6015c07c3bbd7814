"""URL samples for concerns and dialogue sessions: each makes a record of sibling committee B (see test_url_access)."""

from datetime import timedelta

from django.utils import timezone

from committees.models import Role
from tests.factories import UserFactory, make_staff
from tests.opinion.factories_concerns import make_concern, make_dialogue

SECRET = "Bí mật Sibling"


def _owner_b(tree):
    return make_staff("owner_b", tree.b, Role.OFFICER, last_name="Trần", first_name="Bí mật Sibling")


def _concern_b(tree, **fields):
    owner = fields.pop("owner", None) or _owner_b(tree)
    fields.setdefault("raised_by", f"Lê {SECRET}")
    return make_concern(tree.b, owner, content=f"Kiến nghị {SECRET} về nhà ở công vụ", **fields)


def _pk_of_concern_b(tree):
    return {"pk": _concern_b(tree).pk}


def _overdue_concern_b(tree):
    _concern_b(tree, received_on=timezone.localdate() - timedelta(days=120))


def _concern_b_owned_by_officer_a(tree):
    # Deliberately inconsistent (an owner outside the committee) so that "mine" must still apply the scope.
    _concern_b(tree, owner=UserFactory(username="officer_a"), check_owner=False)


def _dialogue_b(tree):
    owner = _owner_b(tree)
    return make_dialogue(
        tree.b, owner, title=f"Đối thoại {SECRET}", chair=f"Đồng chí {SECRET}", questions=[{"content": f"Hỏi {SECRET}"}]
    )


SAMPLES = {
    "opinion:concern_list": lambda t: _concern_b(t) and None,
    "opinion:concern_overdue": _overdue_concern_b,
    "opinion:concern_mine": _concern_b_owned_by_officer_a,
    "opinion:concern_create": lambda t: _concern_b(t) and None,
    "opinion:concern_detail": _pk_of_concern_b,
    "opinion:concern_update": _pk_of_concern_b,
    "opinion:concern_transition": _pk_of_concern_b,
    "opinion:dialogue_list": lambda t: _dialogue_b(t) and None,
    "opinion:dialogue_create": lambda t: _dialogue_b(t) and None,
    "opinion:dialogue_detail": lambda t: {"pk": _dialogue_b(t).pk},
    "opinion:dialogue_update": lambda t: {"pk": _dialogue_b(t).pk},
}
