"""The demo's documents: those the source text names, kept by the bloc, and each subordinate committee's plan
implementing the bloc's resolution — the same on every run."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from committees import rollups
from committees.demo import SCALES, DemoContext
from committees.models import Committee
from resolutions.demo import documents as demo
from resolutions.models import DocumentRelation, PartyDocument, RelationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(settings):
    settings.DEMO_SEEDERS = []  # the tree and the accounts only: this test seeds what it needs itself
    call_command("seed_demo", "--scale", "small")
    return DemoContext("small", SCALES["small"], timezone.localdate(), 20180705)


def snapshot():
    return list(PartyDocument.objects.order_by("pk").values_list("committee__code", "number", "issued_on", "title"))


def test_the_documents_of_the_source_text_are_registered_with_their_citations(context):
    demo.seed(context)
    by_number = {document.number: document for document in PartyDocument.objects.all()}
    assert by_number["05-CT/TW"].citation.startswith("Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị về ")
    assert by_number["05-NQ/ĐUK"].short_citation == "Nghị quyết 05-NQ/ĐUK"
    assert {by_number[n].plenum for n in ("11-NQ/TW", "18-NQ/TW", "19-NQ/TW")} == {
        "Hội nghị Trung ương 5 khóa XII",
        "Hội nghị Trung ương 6 khóa XII",
    }
    year = timezone.localdate().year
    assert by_number["12-KH/BTGĐUK"].issued_on.year == year  # a current one
    assert PartyDocument.objects.search("chi thi 05").exists()


def test_every_subordinate_committee_has_its_plan_implementing_the_blocs_resolution(context):
    demo.seed(context)
    root = Committee.objects.get(depth=1)
    subordinates = set(Committee.objects.children_of(root).values_list("pk", flat=True))
    plans = DocumentRelation.objects.filter(kind=RelationKind.IMPLEMENTS, target__number="05-NQ/ĐUK")
    assert set(plans.values_list("document__committee", flat=True)) == subordinates
    assert plans.count() == len(subordinates)


def test_the_demo_documents_are_the_same_on_every_run(context):
    demo.seed(context)
    first = snapshot()
    DocumentRelation.objects.all().delete()
    PartyDocument.objects.all().delete()
    demo.seed(context)
    assert [row[1:] for row in snapshot()] == [row[1:] for row in first]


def test_the_demo_campaign_has_every_kind_of_step_state(context):
    from resolutions.demo import campaigns
    from resolutions.models import Campaign, CampaignTarget
    from resolutions.selectors.campaigns import target_steps

    demo.seed(context)
    campaigns.seed(context)
    campaign = Campaign.objects.get(title=campaigns.TITLE)
    root = Committee.objects.get(depth=1)
    below = Committee.objects.filter(path__startswith=root.path, depth__gt=1, is_active=True)
    assert campaign.targets.count() == below.count()  # every committee below the bloc takes part, by its kind
    assert set(campaign.targets.values_list("kind", flat=True)) == set(below.values_list("kind", flat=True))
    states = {
        line.status
        for target in CampaignTarget.objects.filter(campaign=campaign).select_related("campaign", "committee")
        for line in target_steps(target, context.today)
    }
    assert {"on_time", "late", "not_due", "overdue", "not_applicable"} <= states
    assert not any(rollups.differences().values())  # seeded in bulk, then counted
    earlier = Campaign.objects.get(title=campaigns.EARLIER_TITLE)
    assert earlier.targets.count() == Committee.objects.children_of(root).filter(is_active=True).count()
    assert earlier.starts_on.year == 2017
    assert campaign.targets.filter(urgings__isnull=False).exists()  # the department's calls to the late ones
