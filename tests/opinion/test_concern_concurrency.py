"""Two steps taken on one concern at the same moment (one officer resolves it while another forwards it): the row
lock makes the second wait for the first and then see the concern closed, so exactly one of them happens."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from core.workflow import WorkflowError
from opinion.models import Concern, ConcernTransition
from opinion.services import concerns as services
from tests.opinion.factories_concerns import make_concern

pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 20


def waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def wait_until(condition, message):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(0.02)


def test_a_concern_resolved_while_it_is_forwarded_is_either_resolved_or_forwarded_never_both(
    tree, officer_a, bloc_staff
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: two steps cannot overlap there")
    concern = services.concern_start_advising(concern=make_concern(tree.a, officer_a), by=officer_a)
    resolved, release = threading.Event(), threading.Event()
    outcome = {}

    def resolve():
        try:
            with transaction.atomic():
                services.concern_resolve(concern=concern, by=officer_a, outcome="Đã chi trả đủ")
                resolved.set()
                release.wait(TIMEOUT)  # still in the transaction: the step is not committed yet
        finally:
            connections.close_all()

    def forward():
        try:
            services.concern_forward(concern=concern, by=bloc_staff, to_committee=tree.root)
            outcome["forward"] = "forwarded"
        except WorkflowError as refused:
            outcome["forward"] = refused.code
        finally:
            connections.close_all()

    first = threading.Thread(target=resolve)
    first.start()
    assert resolved.wait(TIMEOUT)
    second = threading.Thread(target=forward)
    second.start()
    wait_until(lambda: waiting_on_a_lock() > 0, "the second step to wait for the first")
    release.set()
    first.join(TIMEOUT)
    second.join(TIMEOUT)

    assert outcome == {"forward": "illegal_transition"}
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RESOLVED and concern.forwarded_to is None
    assert Concern.objects.count() == 1  # no forwarded copy was opened elsewhere
    steps = list(ConcernTransition.objects.filter(concern=concern).values_list("status_to", flat=True))
    assert steps == ["received", "advising", "resolved"]
