"""The demo collaborators: a network for every subordinate committee, deterministic, linked to the demo accounts."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Max, Q

from committees import demo
from committees.models import Committee, Role
from opinion.demo import collaborators as seeder
from opinion.models import Collaborator

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)


def seed_small():
    call_command("seed_demo", "--scale", "small", verbosity=0)
    if not Collaborator.objects.exists():  # not yet in settings.DEMO_SEEDERS
        seeder.seed(demo.DemoContext("small", demo.SCALES["small"], TODAY, 20180705))


def test_every_subordinate_committee_gets_its_network_spread_over_its_cells():
    seed_small()
    subordinates = Committee.objects.filter(depth=2)
    for subordinate in subordinates:
        mine = Collaborator.objects.filter(committee__path__startswith=subordinate.path, user__isnull=True)
        assert mine.count() == seeder.PER_SUBORDINATE["small"]
    assert Collaborator.objects.filter(committee__depth=3).exists()
    assert not Collaborator.objects.filter(committee__depth=1).exists()
    sample = Collaborator.objects.filter(committee__depth=3).select_related("committee").first()
    assert sample.committee.name.endswith(sample.unit)
    assert sample.search_text == sample.build_search_text()
    assert sample.decision_number.endswith("-QĐ/ĐU")


def test_each_collaborator_has_an_establishment_and_changes_match_their_status():
    seed_small()
    established = Collaborator.objects.annotate(n=Count("status_changes", filter=Q(status_changes__kind="establish")))
    assert set(established.values_list("n", flat=True)) == {1}
    for collaborator in Collaborator.objects.exclude(status=Collaborator.Status.ACTIVE):
        latest = collaborator.status_changes.first()
        assert (latest.status_to, latest.effective_on) == (collaborator.status, collaborator.status_since)
        assert latest.reason
    assert Collaborator.history.values("id").distinct().count() == Collaborator.objects.count()


def test_the_demo_collaborator_accounts_are_linked_to_a_record_at_their_committee():
    seed_small()
    for username, code in (("ctv.db001", "DB001"), ("ctv.db002", "DB002")):
        collaborator = Collaborator.objects.select_related("committee", "user").get(user__username=username)
        assert collaborator.committee.code == code
        assert collaborator.user.profile.role == Role.COLLABORATOR


def seeded_rows():
    """What one more run of the seeder inserts, rolled back afterwards."""
    before = Collaborator.objects.aggregate(last=Max("pk"))["last"] or 0
    with transaction.atomic():
        seeder.seed(demo.DemoContext("small", demo.SCALES["small"], TODAY, 20180705))
        rows = list(
            Collaborator.objects.filter(pk__gt=before)
            .order_by("pk")
            .values_list("full_name", "committee__code", "phone", "status", "status_since")
        )
        transaction.set_rollback(True)
    return rows


def test_the_demo_is_the_same_each_time():
    seed_small()
    first = seeded_rows()
    assert first
    assert seeded_rows() == first
