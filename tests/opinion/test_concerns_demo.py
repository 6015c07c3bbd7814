"""The demo concerns and dialogue sessions: every status with its steps, overdue and anonymous ones, forwards,
sessions whose questions are concerns, the demo officers as owners; the same data every time."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Count

from committees import demo
from committees.models import Committee
from core.calendar import add_working_days
from opinion.demo import concerns as concern_demo
from opinion.models import Concern, ConcernTransition, Dialogue
from opinion.services.concerns import allowed_transitions

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)
Status = Concern.Status


@pytest.fixture
def seeded(settings):
    settings.DEMO_SEEDERS = []  # only this seeder, called below
    call_command("seed_demo", "--scale", "small")
    context = demo.DemoContext("small", demo.SCALES["small"], TODAY, 20180705)
    concern_demo.seed(context)
    return context


def snapshot():
    return list(
        Concern.objects.order_by("pk").values_list(
            "committee__code",
            "channel",
            "is_anonymous",
            "raised_by",
            "category",
            "content",
            "owner__username",
            "received_on",
            "deadline",
            "status",
            "outcome",
            "closed_on",
            "forwarded_to__committee__code",
            "dialogue__title",
            "escalated_at",
        )
    ), list(ConcernTransition.objects.order_by("pk").values_list("status_from", "status_to", "at", "note"))


def test_each_subordinate_committee_gets_its_concerns_in_every_status(seeded):
    subordinates = Committee.objects.filter(depth=2)
    per_committee = dict(
        Concern.objects.filter(committee__depth=2, forwarded_from__isnull=True)
        .values_list("committee__code")
        .annotate(n=Count("pk"))
    )
    assert per_committee == {c.code: concern_demo.PER_SUBORDINATE["small"] for c in subordinates}
    assert set(Concern.objects.values_list("status", flat=True)) >= {Status.RECEIVED, Status.ADVISING, Status.RESOLVED}
    assert Concern.objects.filter(is_anonymous=True, raised_by="").exists()
    assert not Concern.objects.filter(is_anonymous=True).exclude(raised_by="").exists()
    assert Concern.objects.overdue(TODAY).exists()


def test_every_concern_has_steps_that_follow_the_workflow_and_end_in_its_status(seeded):
    concerns = Concern.objects.prefetch_related("transitions")
    for concern in concerns:
        steps = list(concern.transitions.all())
        assert steps[0].status_from == "" and steps[0].status_to == Status.RECEIVED
        for before, after in zip(steps, steps[1:], strict=False):
            assert after.status_from == before.status_to
            assert after.status_to in allowed_transitions(Concern(status=before.status_to))
            assert after.at >= before.at
        assert steps[-1].status_to == concern.status
        assert steps[0].at.date() <= TODAY
        assert (concern.closed_on is not None) == (not concern.is_open)
        if concern.status in (Status.RESOLVED, Status.NOT_ACCEPTED):
            assert concern.outcome
        assert concern.search_text


def test_deadlines_are_thirty_working_days_and_forwards_lead_to_open_concerns(seeded):
    for concern in Concern.objects.all():
        assert concern.deadline == add_working_days(concern.received_on, 30)
    for concern in Concern.objects.filter(status=Status.FORWARDED).select_related("forwarded_to__committee"):
        assert concern.forwarded_to.committee != concern.committee
        assert concern.forwarded_to.is_open and concern.forwarded_to.content == concern.content


def test_owners_are_the_demo_officers_else_the_bloc_staff(seeded):
    owners = dict(
        Concern.objects.filter(committee__depth=2).values_list("committee__code", "owner__username").distinct()
    )
    assert owners["DB001"] == "canbo.db001" and owners["DB002"] == "canbo.db002" and owners["DB003"] == "bantuyengiao"


def test_each_subordinate_committee_held_a_dialogue_whose_questions_are_concerns(seeded):
    assert Dialogue.objects.count() == Committee.objects.filter(depth=2).count()
    for dialogue in Dialogue.objects.all():
        questions = list(dialogue.concerns.all())
        assert len(questions) >= 3
        assert {(q.channel, q.received_on, q.committee_id) for q in questions} == {
            (Concern.Channel.DIALOGUE, dialogue.held_on, dialogue.committee_id)
        }
        assert dialogue.search_text


def test_the_demo_is_the_same_every_time(seeded):
    first = snapshot()
    ConcernTransition.objects.all().delete()
    Concern.objects.update(forwarded_to=None)
    Concern.objects.all().delete()
    Dialogue.objects.all().delete()
    concern_demo.seed(seeded)
    second = snapshot()
    assert second == first
