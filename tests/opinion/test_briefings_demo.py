"""The demo seeder of monthly briefings: a rule for every committee, 18 months held, the next ones planned."""

from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from committees import demo
from committees.management.commands.seed_demo import SEED
from committees.models import Committee
from opinion.demo import briefings as seeder
from opinion.models import Briefing, BriefingInvitation, BriefingSchedule, Collaborator
from opinion.models.trainings import Attendance

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


def context():
    return demo.DemoContext("small", demo.SCALES["small"], TODAY, SEED)


def fresh_start(with_collaborators=True):
    """The small demo without this seeder's rows (settings.DEMO_SEEDERS may already hold it), and a network of
    collaborators if the collaborators' seeder did not make one."""
    call_command("seed_demo", "--scale", "small")
    BriefingInvitation.objects.all().delete()
    Briefing.objects.all().delete()
    BriefingSchedule.objects.all().delete()
    if not with_collaborators:
        Collaborator.objects.all().delete()
    elif not Collaborator.objects.filter(status=Collaborator.Status.ACTIVE).exists():
        for i, cell in enumerate(Committee.objects.filter(depth=3).order_by("path")):
            for j in range(2):
                Collaborator.objects.create(committee=cell, full_name=f"Cộng tác viên {i}-{j}")
        Collaborator.objects.create(committee=Committee.objects.get(depth=1), full_name="Cộng tác viên Khối")


def snapshot():
    briefings = list(
        Briefing.objects.order_by("committee__code", "month").values_list(
            "committee__code", "month", "starts_at", "status", "sequence", "minutes"
        )
    )
    invitations = list(
        BriefingInvitation.objects.order_by(
            "briefing__committee__code", "briefing__month", "collaborator_id", "staff_id"
        ).values_list(
            "briefing__committee__code",
            "briefing__month",
            "collaborator__full_name",
            "staff__username",
            "attendance",
            "excuse",
        )
    )
    return briefings, invitations


def test_the_demo_has_a_rule_and_briefings_for_the_bloc_and_every_subordinate_committee():
    fresh_start()
    seeder.seed(context())
    organisers = set(Committee.objects.filter(depth__lte=2).values_list("pk", flat=True))
    assert set(BriefingSchedule.objects.values_list("committee_id", flat=True)) == organisers
    per_committee = Counter(Briefing.objects.values_list("committee_id", flat=True))
    assert set(per_committee) == organisers and set(per_committee.values()) == {21}
    months = sorted(set(Briefing.objects.values_list("month", flat=True)))
    assert (months[0], months[-1]) == (date(2025, 5, 1), date(2027, 1, 1))

    for briefing in Briefing.objects.all():
        day = timezone.localtime(briefing.starts_at).date()
        if day >= TODAY:
            assert briefing.status == Briefing.Status.SCHEDULED
        else:
            assert briefing.status in (Briefing.Status.HELD, Briefing.Status.CANCELLED)
        if briefing.status == Briefing.Status.HELD:
            assert briefing.minutes and briefing.current_affairs and briefing.topics_discussed
        if briefing.status == Briefing.Status.CANCELLED:
            assert briefing.change_reason and briefing.sequence == 1
    assert Briefing.objects.filter(status=Briefing.Status.HELD).count() > Briefing.objects.count() * 0.7


def test_each_active_collaborator_is_invited_once_a_month_and_the_officers_too():
    fresh_start()
    seeder.seed(context())
    active = Collaborator.objects.filter(status=Collaborator.Status.ACTIVE).count()
    per_month = (
        BriefingInvitation.objects.filter(collaborator__isnull=False).values("briefing__month").annotate(n=Count("pk"))
    )
    assert {row["n"] for row in per_month} == {active}
    # Collaborators are invited by their own subordinate committee (or by the bloc for its own collaborators).
    for invitation in BriefingInvitation.objects.filter(collaborator__isnull=False).select_related(
        "briefing__committee", "invitee_committee"
    )[:200]:
        assert invitation.invitee_committee.is_within(invitation.briefing.committee)
    officer = BriefingInvitation.objects.filter(staff__username="canbo.db001")
    assert set(officer.values_list("briefing__committee__code", flat=True)) == {"DBK", "DB001"}
    assert (
        BriefingInvitation.objects.filter(staff__username="bantuyengiao", briefing__committee__code="DBK").count() == 21
    )


def test_held_briefings_have_mostly_present_invitees_some_excused_with_a_reason_and_some_absent():
    fresh_start()
    seeder.seed(context())
    held = BriefingInvitation.objects.filter(briefing__status=Briefing.Status.HELD)
    counts = Counter(held.values_list("attendance", flat=True))
    assert counts[Attendance.PRESENT] > 0.7 * held.count()
    assert counts[Attendance.EXCUSED] > 0 and counts[Attendance.ABSENT] > 0 and counts[Attendance.INVITED] == 0
    assert not held.filter(attendance=Attendance.EXCUSED, excuse="").exists()
    upcoming = BriefingInvitation.objects.filter(briefing__status=Briefing.Status.SCHEDULED)
    assert set(upcoming.values_list("attendance", flat=True)) == {Attendance.INVITED}


def test_the_demo_is_deterministic():
    fresh_start()
    seeder.seed(context())
    first = snapshot()
    BriefingInvitation.objects.all().delete()
    Briefing.objects.all().delete()
    BriefingSchedule.objects.all().delete()
    seeder.seed(context())
    assert snapshot() == first


def test_without_collaborators_the_briefings_are_created_without_invitations():
    fresh_start(with_collaborators=False)
    seeder.seed(context())
    assert Briefing.objects.count() == 21 * Committee.objects.filter(depth__lte=2).count()
    assert not BriefingInvitation.objects.exists()
