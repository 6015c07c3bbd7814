from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Max, Min

from committees.demo import SCALES, DemoContext
from opinion.demo import collaborators as collaborator_demo
from opinion.demo import reports as report_demo
from opinion.models import Collaborator, OpinionReport

pytestmark = pytest.mark.django_db


def seeded():
    call_command("seed_demo", "--scale", "small")
    ctx = DemoContext("small", SCALES["small"], date(2026, 3, 20), 20180705)
    collaborator_demo.seed(ctx)
    report_demo.seed(ctx)
    return ctx


def snapshot():
    return list(
        OpinionReport.objects.order_by("pk").values_list(
            "collaborator__full_name", "reported_on", "summary", "sentiment", "channel", "is_hot_spot"
        )
    )


def test_demo_reports_come_from_every_active_collaborator_over_eighteen_months():
    seeded()
    active = Collaborator.objects.filter(status=Collaborator.Status.ACTIVE)
    assert OpinionReport.objects.count() >= active.count() * 18
    assert set(OpinionReport.objects.values_list("collaborator", flat=True)) == set(active.values_list("pk", flat=True))
    span = OpinionReport.objects.aggregate(first=Min("reported_on"), last=Max("reported_on"))
    assert span["first"] >= date(2024, 9, 1) and span["last"] <= date(2026, 3, 20)
    assert not OpinionReport.objects.filter(topics=None).exists()
    assert OpinionReport.objects.search("tien luong").exists()  # search_text is filled although bulk-inserted


def test_a_demo_collaborator_with_an_account_files_online():
    seeded()
    own = OpinionReport.objects.filter(collaborator__user__username="ctv.db001")
    assert own.exists() and set(own.values_list("channel", flat=True)) == {OpinionReport.Channel.ONLINE}


def test_demo_reports_are_deterministic():
    seeded()
    first = snapshot()
    OpinionReport.objects.all().delete()
    report_demo.seed(DemoContext("small", SCALES["small"], date(2026, 3, 20), 20180705))
    assert snapshot() == first
