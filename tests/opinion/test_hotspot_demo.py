from datetime import date

import pytest
from django.core.management import call_command

from committees.demo import SCALES, DemoContext
from committees.models import Committee
from opinion.demo import hotspots as demo
from opinion.models import HotSpot, HotSpotFollowUp
from tests.opinion.factories_hotspots import make_report

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 20)


@pytest.fixture
def context(settings):
    settings.DEMO_SEEDERS = []
    call_command("seed_demo", "--scale", "small")
    return DemoContext("small", SCALES["small"], TODAY, 20180705)


def test_each_subordinate_committee_has_a_few_hot_spots_with_their_follow_up(context):
    demo.seed(context)
    for subordinate in Committee.objects.filter(depth=2):
        count = HotSpot.objects.filter(committee__path__startswith=subordinate.path).count()
        assert 3 <= count <= 7
    assert not HotSpot.objects.filter(committee__depth=1).exists()
    assert not HotSpot.objects.filter(follow_ups__isnull=True).exists()
    assert all(h.history.exists() and h.search_text for h in HotSpot.objects.all())
    assert not HotSpotFollowUp.objects.filter(date__gt=TODAY).exists()


def test_resolved_hot_spots_have_an_outcome_and_a_date_and_the_others_none(context):
    demo.seed(context)
    resolved = HotSpot.objects.filter(status=HotSpot.Status.RESOLVED)
    assert resolved.exists() and HotSpot.objects.open().exists()
    assert not resolved.filter(resolved_on__isnull=True).exists() and not resolved.filter(outcome="").exists()
    assert not HotSpot.objects.open().exclude(outcome="").exists()
    for hot_spot in HotSpot.objects.all():
        assert hot_spot.opened_on <= TODAY
        assert hot_spot.resolved_on is None or hot_spot.opened_on <= hot_spot.resolved_on <= TODAY


def test_the_officer_of_a_committee_owns_its_hot_spots(context):
    demo.seed(context)
    db001 = Committee.objects.get(code="DB001")
    owners = set(
        HotSpot.objects.filter(committee__path__startswith=db001.path).values_list("owner__username", flat=True)
    )
    assert owners == {"canbo.db001"}


def test_flagged_reports_of_the_same_committee_are_linked_when_there_are_some(context):
    cell = Committee.objects.get(code="DB001-CB001")
    subordinate = Committee.objects.get(code="DB001")
    reports = [make_report(committee, summary=f"Phản ánh {i}") for i in range(3) for committee in (cell, subordinate)]
    demo.seed(context)
    linked = HotSpot.reports.through.objects.values_list("opinionreport_id", "hotspot__committee_id")
    assert linked
    by_report = {r.pk: r.committee_id for r in reports}
    assert all(by_report[report] == committee for report, committee in linked)


def test_the_demo_hot_spots_are_the_same_every_time(context):
    demo.seed(context)
    first = list(HotSpot.objects.order_by("pk").values_list("committee__code", "title", "status", "opened_on"))
    HotSpot.objects.all().delete()
    demo.seed(context)
    again = list(HotSpot.objects.order_by("pk").values_list("committee__code", "title", "status", "opened_on"))
    assert again == first
