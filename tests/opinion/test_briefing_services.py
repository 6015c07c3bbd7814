"""The services that change one briefing, called directly: what each stores and under whose name, the caller's scope
they keep to by themselves, the invited staff set to exactly those chosen, and each refusal in its own words."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from committees.models import Role
from opinion.models import Briefing, BriefingInvitation, Collaborator
from opinion.models.trainings import Attendance
from opinion.services import briefings as services
from tests.factories import make_staff
from tests.opinion.factories_briefings import at, invite_one, make_briefing, make_collaborator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

MEETING = date(2026, 4, 14)
FIELDS = ("starts_at", "status", "change_reason", "sequence", "agenda", "place", "duration_minutes")


@pytest.fixture
def frozen():
    with time_machine.travel("2026-04-01 09:00 +0700", tick=False):
        yield


@pytest.fixture
def briefing(tree):
    """A's briefing, already moved twice (sequence 2), so that a change counts on from there."""
    return make_briefing(tree.a, MEETING, sequence=2, agenda="1. Thông tin thời sự", duration_minutes=120)


def stored(briefing: Briefing) -> dict:
    return Briefing.objects.filter(pk=briefing.pk).values(*FIELDS).get()


def invitations(briefing: Briefing) -> set:
    rows = BriefingInvitation.objects.filter(briefing=briefing).select_related("collaborator", "staff")
    return {(i.collaborator.full_name if i.collaborator else i.staff.username, i.attendance) for i in rows}


# One change of each kind, as an officer of A makes it, and what it leaves stored.
CHANGES = {
    "move": (
        lambda briefing, by: services.briefing_move(
            briefing=briefing, starts_at=at(date(2026, 4, 16), 14), reason="  Trùng lịch họp  ", by=by
        ),
        {"starts_at": at(date(2026, 4, 16), 14), "status": "scheduled", "change_reason": "Trùng lịch họp"},
    ),
    "postpone to a day": (
        lambda briefing, by: services.briefing_postpone(
            briefing=briefing, reason="Chờ ý kiến Thường trực", starts_at=at(date(2026, 4, 21)), by=by
        ),
        {"starts_at": at(date(2026, 4, 21)), "status": "postponed", "change_reason": "Chờ ý kiến Thường trực"},
    ),
    "postpone with no day yet": (
        lambda briefing, by: services.briefing_postpone(briefing=briefing, reason="Chờ ý kiến", by=by),
        {"status": "postponed", "change_reason": "Chờ ý kiến"},
    ),
    "cancel": (
        lambda briefing, by: services.briefing_cancel(briefing=briefing, reason="Trùng Hội nghị Trung ương", by=by),
        {"status": "cancelled", "change_reason": "Trùng Hội nghị Trung ương"},
    ),
    "update": (
        lambda briefing, by: services.briefing_update(
            briefing=briefing, agenda="  2. Tình hình dư luận  ", place=" Hội trường A ", duration_minutes=90, by=by
        ),
        {"agenda": "2. Tình hình dư luận", "place": "Hội trường A", "duration_minutes": 90},
    ),
}


@pytest.mark.parametrize("name", CHANGES)
def test_each_change_stores_what_it_was_given_under_its_authors_name(briefing, officer_a, name):
    change, expected = CHANGES[name]
    before = stored(briefing)
    change(briefing, officer_a)
    assert stored(briefing) == {**before, **expected, "sequence": 3}
    assert Briefing.objects.get(pk=briefing.pk).history.first().history_user == officer_a


REFUSED = {
    **{name: change for name, (change, _expected) in CHANGES.items()},
    "invitees": lambda briefing, by: services.briefing_invitees_update(briefing=briefing, staff=[], by=by),
}


@pytest.mark.parametrize("name", REFUSED)
def test_a_sibling_officer_can_change_nothing_of_a_briefing_through_its_services(
    tree, briefing, leader_a, officer_b_sibling, name
):
    invite_one(briefing, make_collaborator(tree.a1, "Trần Văn Bình"))
    invite_one(briefing, leader_a)
    before = (stored(briefing), invitations(briefing), briefing.history.count())
    with pytest.raises(PermissionDenied):
        REFUSED[name](briefing, officer_b_sibling)
    assert (stored(briefing), invitations(briefing), briefing.history.count()) == before


# --- the agenda, place and length -------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [0, -30])
def test_a_briefing_cannot_last_less_than_a_minute(briefing, officer_a, minutes):
    before = stored(briefing)
    with pytest.raises(ValidationError) as refused:
        services.briefing_update(briefing=briefing, agenda="Khác", place="Khác", duration_minutes=minutes, by=officer_a)
    assert refused.value.messages == ["The duration must be at least one minute."]
    assert not hasattr(refused.value, "error_dict")  # about the whole change, not one field of it
    assert stored(briefing) == before


@pytest.mark.parametrize(
    ("agenda", "place", "minutes", "sequence"),
    [
        ("2. Tình hình dư luận", "Phòng họp tầng 3", 120, 2),
        ("1. Thông tin thời sự", "  Phòng họp tầng 3 ", 120, 2),
        ("1. Thông tin thời sự", "Hội trường A", 120, 3),
        ("1. Thông tin thời sự", "Phòng họp tầng 3", 1, 3),
        ("1. Thông tin thời sự", "Hội trường A", 45, 3),
    ],
    ids=["a-new-agenda", "the-same-place-typed-with-spaces", "a-new-place", "one-minute", "a-new-place-and-length"],
)
def test_only_a_new_place_or_length_is_news_for_calendars(briefing, officer_a, agenda, place, minutes, sequence):
    services.briefing_update(briefing=briefing, agenda=agenda, place=place, duration_minutes=minutes, by=officer_a)
    after = stored(briefing)
    assert (after["agenda"], after["place"], after["duration_minutes"], after["sequence"]) == (
        agenda, place.strip(), minutes, sequence)  # fmt: skip


# --- the invitees -----------------------------------------------------------------------------------------------


@pytest.fixture
def invited(tree, briefing, officer_a, leader_a):
    """A's briefing as planned: two collaborators (one paused since) and two staff, one of whom sent an excuse;
    since then a collaborator joined A1, and A1 got an officer of its own. The leader is invited to May's too."""
    invite_one(briefing, make_collaborator(tree.a, "Nguyễn Thị Lan"))
    paused = make_collaborator(tree.a1, "Lê Văn Tạm Dừng")
    invite_one(briefing, paused)
    Collaborator.objects.filter(pk=paused.pk).update(status=Collaborator.Status.PAUSED)
    invite_one(briefing, leader_a)
    invite_one(briefing, officer_a, attendance=Attendance.EXCUSED, excuse="Đi công tác")
    make_collaborator(tree.a1, "Trần Văn Mới")
    may = make_briefing(tree.a, date(2026, 5, 12))
    invite_one(may, leader_a)
    return may


def test_the_invited_staff_become_exactly_those_chosen_and_new_collaborators_are_added(
    tree, briefing, officer_a, invited
):
    officer_a1 = make_staff("officer_a1", tree.a1, Role.OFFICER)
    added = services.briefing_invitees_update(briefing=briefing, staff=[officer_a1], by=officer_a)
    assert added == 2
    assert invitations(briefing) == {
        ("Nguyễn Thị Lan", Attendance.INVITED),
        ("Lê Văn Tạm Dừng", Attendance.INVITED),  # paused since the planning: invited as planned
        ("Trần Văn Mới", Attendance.INVITED),
        ("officer_a", Attendance.EXCUSED),  # their excuse is recorded: it stays
        ("officer_a1", Attendance.INVITED),
    }
    assert invitations(invited) == {("leader_a", Attendance.INVITED)}  # another briefing's invitations stay


@pytest.mark.parametrize("persona", ["officer_b_sibling", "bloc_staff", "collaborator_a"])
def test_only_staff_of_the_organising_committees_subtree_can_be_invited(
    request, briefing, officer_a, leader_a, invited, persona
):
    before = invitations(briefing)
    with pytest.raises(ValidationError) as refused:
        services.briefing_invitees_update(
            briefing=briefing, staff=[leader_a, request.getfixturevalue(persona)], by=officer_a
        )
    assert refused.value.messages == ["Only staff of the organising committee's subtree can be invited."]
    assert not hasattr(refused.value, "error_dict")
    assert invitations(briefing) == before
