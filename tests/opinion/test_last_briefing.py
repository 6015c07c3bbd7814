"""Each collaborator's stored "attended the last briefing" flag stays equal to what the records say, whichever way
the records change: recorded and corrected briefings, admin edits, deletions, repairs."""

import random
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from committees.models import Committee
from committees.services import committee_move
from opinion.models import Briefing, Collaborator
from opinion.models.trainings import Attendance
from opinion.services import briefings as briefing_services
from opinion.services import collaborators as collaborator_services
from opinion.services.last_briefing import last_briefing_rebuild
from tests.factories import make_collaborator, make_committee
from tests.opinion.factories_briefings import at, invite_one, make_briefing
from tests.opinion.rollups import direct_flags, stored_flags

pytestmark = pytest.mark.django_db
NOW = "2026-03-20 10:00 +0700"
HELD, SCHEDULED = Briefing.Status.HELD, Briefing.Status.SCHEDULED
PRESENT, EXCUSED, ABSENT = Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT


def attended(*people) -> list[bool]:
    flags = stored_flags()
    return [flags[person.pk] for person in people]


def record(briefing, marks: dict, **kwargs):
    """Record ``briefing`` through the service: {collaborator: attendance}."""
    invitations = dict(briefing.invitations.values_list("collaborator_id", "pk"))
    return briefing_services.briefing_record(
        briefing=briefing,
        attendance={
            invitations[person.pk]: (status, "Ốm" if status == EXCUSED else "") for person, status in marks.items()
        },
        minutes="Biên bản",
        topics_discussed="",
        current_affairs="",
        **kwargs,
    )


@time_machine.travel(NOW, tick=False)
def test_recording_a_briefing_flags_those_present_and_a_correction_follows(tree, people):
    january = make_briefing(tree.a, date(2026, 1, 13), invite=[people.lan, people.binh, people.an])
    record(january, {people.lan: PRESENT, people.binh: PRESENT, people.an: ABSENT})
    assert attended(people.lan, people.binh, people.an, people.khac, people.goc) == [True, True, False, False, False]
    february = make_briefing(tree.a, date(2026, 2, 10), invite=[people.lan, people.an])
    assert attended(people.lan, people.an) == [True, False]  # planned, not held: January's is still the last
    record(february, {people.lan: EXCUSED}, mark_rest_present=True)
    assert attended(people.lan, people.binh, people.an) == [False, True, True]  # Bình was not invited in February
    record(february, {people.lan: PRESENT, people.an: ABSENT})  # recording again corrects the record
    assert attended(people.lan, people.binh, people.an) == [True, True, False]
    assert stored_flags() == direct_flags()


@time_machine.travel(NOW, tick=False)
def test_the_last_briefing_is_the_latest_held_whoever_organised_it_and_whenever_it_was_recorded(tree, people):
    a_own = make_briefing(tree.a, date(2026, 3, 10), invite=[people.lan, people.binh])
    record(a_own, {people.lan: ABSENT, people.binh: PRESENT})
    # The bloc's earlier briefing, recorded afterwards, is not the last one of those A invited later.
    bloc = make_briefing(tree.root, date(2026, 2, 12), invite=[people.lan, people.binh, people.khac, people.goc])
    record(bloc, {people.lan: PRESENT, people.binh: ABSENT, people.khac: PRESENT, people.goc: ABSENT})
    assert attended(people.lan, people.binh, people.khac, people.goc) == [False, True, True, False]
    later = make_briefing(tree.root, date(2026, 3, 17), invite=[people.lan, people.goc])
    record(later, {people.lan: PRESENT, people.goc: PRESENT})
    assert attended(people.lan, people.binh, people.khac, people.goc) == [True, True, True, True]
    assert stored_flags() == direct_flags()


@time_machine.travel(NOW, tick=False)
def test_moving_a_collaborator_or_a_committee_keeps_the_last_briefing_they_were_invited_to(tree, people, bloc_staff):
    a_own = make_briefing(tree.a, date(2026, 3, 10), invite=[people.binh, people.an])
    record(a_own, {people.binh: PRESENT, people.an: ABSENT})
    collaborator_services.collaborator_update(collaborator=people.binh, by=bloc_staff, committee=tree.b1)
    committee_move(committee=tree.a1, parent=tree.b)
    assert attended(people.binh, people.an) == [True, False]
    assert stored_flags() == direct_flags()


@time_machine.travel(NOW, tick=False)
def test_changes_in_the_admin_keep_the_flags(admin_client, tree, people):
    january = make_briefing(tree.a, date(2026, 1, 13), invite=[people.lan, people.an, people.binh])
    record(january, {people.lan: PRESENT, people.an: PRESENT, people.binh: PRESENT})
    february = make_briefing(tree.a, date(2026, 2, 10), invite=[people.lan, people.an, people.binh])
    record(february, {people.lan: PRESENT, people.an: ABSENT, people.binh: ABSENT})
    assert attended(people.lan, people.an, people.binh) == [True, False, False]

    invitation = february.invitations.get(collaborator=people.an)
    url = reverse("admin:opinion_briefinginvitation_change", args=[invitation.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(attendance=PRESENT, collaborator=people.an.pk, staff="", excuse="")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert attended(people.lan, people.an, people.binh) == [True, True, False]

    invitation = february.invitations.get(collaborator=people.binh)
    admin_client.post(reverse("admin:opinion_briefinginvitation_delete", args=[invitation.pk]), {"post": "yes"})
    assert attended(people.binh) == [True]  # January's is their last one again

    february.invitations.filter(collaborator=people.lan).update(attendance=ABSENT)  # not through the application
    admin_client.post(reverse("admin:opinion_briefing_delete", args=[february.pk]), {"post": "yes"})
    assert attended(people.lan, people.an, people.binh) == [True, True, True]
    assert stored_flags() == direct_flags()


@time_machine.travel(NOW, tick=False)
def test_the_repair_command_recomputes_flags_changed_outside_the_application(tree, people):
    bloc = make_briefing(tree.root, date(2026, 2, 12), invite=[people.lan, people.khac])
    record(bloc, {people.lan: PRESENT, people.khac: ABSENT})
    truth = stored_flags()
    assert truth == direct_flags()
    assert any(truth.values()) and not all(truth.values())
    Collaborator.objects.update(attended_last_briefing=True)
    output = StringIO()
    call_command("rebuild_opinion_tallies", "--attendance", stdout=output)
    assert "Rebuilt the 'attended the last briefing' flags" in output.getvalue()
    assert stored_flags() == truth


@time_machine.travel(NOW, tick=False)
def test_a_random_history_keeps_every_flag_equal_to_a_direct_reading(tree, bloc_staff):
    """Briefings of organisers at every level recorded out of order and corrected, collaborators and committees
    moved: after each step the stored flags are what the records say, and a rebuild finds nothing to change."""
    rng = random.Random(20260320)
    a2 = make_committee(tree.a, code="A2", name="Chi bộ Vụ Ngân sách")
    committees = [tree.root, tree.a, tree.a1, a2, tree.b, tree.b1]
    people = [make_collaborator(rng.choice(committees), full_name=f"Cộng tác viên {i:02d}") for i in range(30)]
    held = []
    for step in range(30):
        roll = rng.random()
        organiser = Committee.objects.get(pk=rng.choice(committees).pk)
        day = date(2026, 1, 5) + timedelta(days=rng.randrange(70))
        free = not Briefing.objects.filter(committee=organiser, month=day.replace(day=1)).exists()
        below = list(Collaborator.objects.filter(committee__path__startswith=organiser.path))
        if ((roll < 0.55 and free) or not held) and below:
            briefing = make_briefing(organiser, day, invite=rng.sample(below, k=len(below) // 2 + 1))
            marks = [PRESENT, PRESENT, EXCUSED, ABSENT]
            record(briefing, {person: rng.choice(marks) for person in briefing_invitees(briefing)})
            held.append(briefing)
        elif roll < 0.8:
            briefing = rng.choice(held)
            record(briefing, {person: rng.choice([PRESENT, ABSENT]) for person in briefing_invitees(briefing)})
        elif roll < 0.92:
            collaborator_services.collaborator_update(
                collaborator=rng.choice(people), by=bloc_staff, committee=Committee.objects.get(pk=organiser.pk)
            )
        else:
            committee_move(committee=a2, parent=rng.choice([tree.a, tree.a1, tree.b, tree.b1]))
        assert stored_flags() == direct_flags(), f"step {step}"
    flags = stored_flags()
    assert any(flags.values()) and not all(flags.values())
    last_briefing_rebuild()
    assert stored_flags() == flags


def briefing_invitees(briefing) -> list[Collaborator]:
    return list(Collaborator.objects.filter(briefing_invitations__briefing=briefing))


def test_the_demo_seeders_flag_who_attended_their_last_briefing(db):
    from committees.demo import SCALES, DemoContext
    from opinion.demo import briefings as briefing_demo
    from opinion.demo import collaborators as collaborator_demo

    call_command("seed_demo", "--scale", "small")
    ctx = DemoContext("small", SCALES["small"], date(2026, 3, 20), 20180705)
    for seeder in (collaborator_demo, briefing_demo):
        seeder.seed(ctx)
    flags = stored_flags()
    assert any(flags.values()) and not all(flags.values())
    assert flags == direct_flags()


@time_machine.travel(NOW, tick=False)
def test_of_two_briefings_held_at_the_same_moment_the_one_recorded_later_is_the_last(tree, people):
    """A tie on the start is broken by the briefing recorded later (the higher id), whatever order the invitations
    were written in, by the service and by the rebuild alike."""
    moment = at(date(2026, 3, 10), 8, 30)
    first = make_briefing(tree.a, date(2026, 3, 10), starts_at=moment)
    second = make_briefing(tree.root, date(2026, 3, 10), starts_at=moment)
    # Lan is invited to the second briefing first, An to the first one first.
    for briefing, person in ((second, people.lan), (first, people.lan), (first, people.an), (second, people.an)):
        invite_one(briefing, person)
    record(first, {people.lan: PRESENT, people.an: ABSENT})
    record(second, {people.lan: ABSENT, people.an: PRESENT})
    assert attended(people.lan, people.an) == [False, True]
    Collaborator.objects.update(attended_last_briefing=False)
    last_briefing_rebuild()
    assert attended(people.lan, people.an) == [False, True]
    assert stored_flags() == direct_flags()
