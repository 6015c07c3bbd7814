"""Escalation: an open concern past its deadline is marked once, and the parent committee's officers are named."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from committees.models import Committee, Role
from opinion.models import Concern
from opinion.services import concerns as services
from tests.factories import make_committee, make_staff
from tests.opinion.factories_concerns import make_concern

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 6, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
TODAY = date(2026, 11, 24)


def overdue(committee, owner, **fields):
    """A concern whose deadline was yesterday."""
    return make_concern(committee, owner, received_on=date(2026, 10, 1), deadline=date(2026, 11, 23), **fields)


def escalate():
    with time_machine.travel(NOW, tick=False):
        return {e.concern.pk: e.notify for e in services.concerns_escalate_overdue(today=TODAY)}


def test_only_open_concerns_past_their_deadline_are_escalated(tree, officer_a, bloc_staff):
    late = overdue(tree.a, officer_a)
    due_today = make_concern(tree.a, officer_a, received_on=date(2026, 10, 1), deadline=TODAY)
    advising = services.concern_start_advising(concern=overdue(tree.a, officer_a), by=officer_a)
    refused = services.concern_refuse(concern=overdue(tree.a, officer_a), by=officer_a, reason="Trùng")
    assert set(escalate()) == {late.pk, advising.pk}
    assert Concern.objects.get(pk=late.pk).escalated_at == NOW
    assert Concern.objects.get(pk=due_today.pk).escalated_at is None
    assert Concern.objects.get(pk=refused.pk).escalated_at is None


def test_the_parent_committees_officers_are_the_ones_to_notify(tree, officer_a, leader_a, bloc_staff):
    cell = overdue(tree.a1, officer_a)
    committee = overdue(tree.a, officer_a)
    notify = escalate()
    assert notify[cell.pk] == [officer_a]  # not the leader: leaders read, officers act
    assert notify[committee.pk] == [bloc_staff]


def test_when_the_parent_has_no_officer_the_nearest_ancestor_with_one_is_notified(tree, leader_a, bloc_staff):
    concern = overdue(tree.a1, bloc_staff)  # A, the parent, has a leader but no officer
    assert escalate()[concern.pk] == [bloc_staff]


def test_the_grandparent_is_notified_when_only_it_has_officers(tree, officer_a, bloc_staff):
    deep = make_committee(tree.a1, code="A1x", name="Tổ đảng Phòng Một")
    concern = overdue(deep, officer_a)  # A1, the parent, has no staff at all
    assert escalate()[concern.pk] == [officer_a]


def test_the_parent_with_several_officers_names_them_all(tree, officer_a):
    second = make_staff("officer_a_2", tree.a, Role.OFFICER, last_name="Bùi")
    concern = overdue(tree.a1, officer_a)
    assert escalate()[concern.pk] == [second, officer_a]  # by family name: Bùi, Nguyễn


def test_a_concern_of_the_top_committee_is_marked_with_nobody_above_to_notify(tree, bloc_staff):
    concern = overdue(tree.root, bloc_staff)
    assert escalate() == {concern.pk: []}
    assert Concern.objects.get(pk=concern.pk).escalated_at == NOW


def test_escalating_twice_escalates_nothing_the_second_time(tree, officer_a, bloc_staff):
    concern = overdue(tree.a, officer_a)
    assert set(escalate()) == {concern.pk}
    with time_machine.travel(datetime(2026, 11, 25, 6, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        assert services.concerns_escalate_overdue(today=date(2026, 11, 25)) == []
    assert Concern.objects.get(pk=concern.pk).escalated_at == NOW


def test_overdue_concerns_are_escalated_in_a_few_queries(tree, officer_a, bloc_staff, django_assert_max_num_queries):
    for _ in range(30):
        overdue(tree.a1, officer_a)
    with django_assert_max_num_queries(8):
        assert len(escalate()) == 30
    assert not Concern.objects.filter(escalated_at__isnull=True).exists()


def test_inactive_accounts_are_not_notified(tree, officer_a, bloc_staff):
    officer_a.is_active = False
    officer_a.save(update_fields=["is_active"])
    concern = overdue(tree.a1, bloc_staff)
    assert Committee.objects.get(pk=tree.a.pk).staff.exists()
    assert escalate()[concern.pk] == [bloc_staff]


def test_concerns_are_escalated_batch_by_batch_each_once_and_read_with_their_committee_and_owner(
    tree, officer_a, bloc_staff, monkeypatch, django_assert_num_queries
):
    """Batches of two over five concerns: every one marked and named once, in order; what the emails then read of
    each (its committee, its owner) costs no query more."""
    monkeypatch.setattr(services, "ESCALATION_BATCH", 2)
    late = [overdue(tree.a1 if n % 2 else tree.a, officer_a).pk for n in range(5)]
    escalations = services.concerns_escalate_overdue(today=TODAY)
    assert [e.concern.pk for e in escalations] == late
    assert not Concern.objects.filter(escalated_at__isnull=True).exists()
    with django_assert_num_queries(0):
        assert [(e.concern.committee.code, e.concern.owner.username) for e in escalations] == [
            ("A", "officer_a"), ("A1", "officer_a"), ("A", "officer_a"), ("A1", "officer_a"), ("A", "officer_a")
        ]  # fmt: skip
