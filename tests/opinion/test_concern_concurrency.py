"""Two steps taken on one concern at the same moment (one officer resolves it while another forwards it): the row
lock makes the second wait for the first and then see the concern closed, so exactly one of them happens."""

import pytest
from django.db import connection

from core.workflow import WorkflowError
from opinion.models import Concern, ConcernTransition
from opinion.services import concerns as services
from tests.concurrency import run_behind
from tests.opinion.factories_concerns import make_concern

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_concern_resolved_while_it_is_forwarded_is_either_resolved_or_forwarded_never_both(
    tree, officer_a, bloc_staff
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: two steps cannot overlap there")
    concern = services.concern_start_advising(concern=make_concern(tree.a, officer_a), by=officer_a)
    with pytest.raises(WorkflowError) as refused:
        run_behind(
            lambda: services.concern_resolve(concern=concern, by=officer_a, outcome="Đã chi trả đủ"),
            lambda: services.concern_forward(concern=concern, by=bloc_staff, to_committee=tree.root),
        )

    assert refused.value.code == "illegal_transition"
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RESOLVED and concern.forwarded_to is None
    assert Concern.objects.count() == 1  # no forwarded copy was opened elsewhere
    steps = list(ConcernTransition.objects.filter(concern=concern).values_list("status_to", flat=True))
    assert steps == ["received", "advising", "resolved"]
