"""Moving, postponing and cancelling one briefing, and recording what happened at it."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from opinion.models import Briefing, BriefingInvitation
from opinion.models.trainings import Attendance
from opinion.services import briefings as services
from tests.opinion.factories_briefings import at, make_briefing, make_collaborator

pytestmark = pytest.mark.django_db
MEETING = date(2026, 2, 10)


@pytest.fixture
def briefing(tree):
    lan = make_collaborator(tree.a, "Nguyễn Thị Lan")
    binh = make_collaborator(tree.a1, "Trần Văn Bình")
    an = make_collaborator(tree.a1, "Lê Văn An")
    return make_briefing(tree.a, MEETING, invite=[lan, binh, an])


def reloaded(briefing):
    return Briefing.objects.get(pk=briefing.pk)


@time_machine.travel("2026-02-01 09:00 +0700", tick=False)
def test_moving_a_briefing_keeps_the_reason_and_increments_the_sequence(briefing, officer_a):
    moved = services.briefing_move(briefing=briefing, starts_at=at(date(2026, 2, 12), 14), reason="Trùng lịch họp")
    assert (moved.sequence, moved.change_reason, moved.status) == (1, "Trùng lịch họp", Briefing.Status.SCHEDULED)
    assert timezone.localtime(reloaded(briefing).starts_at) == at(date(2026, 2, 12), 14)
    services.briefing_move(briefing=briefing, starts_at=at(date(2026, 2, 13)), reason="Lãnh đạo đi công tác")
    assert reloaded(briefing).sequence == 2
    assert reloaded(briefing).month == date(2026, 2, 1)  # still February's briefing


@time_machine.travel("2026-02-01 09:00 +0700", tick=False)
def test_postponing_without_a_date_keeps_the_date_and_with_one_moves_it(briefing):
    services.briefing_postpone(briefing=briefing, reason="Chờ ý kiến Thường trực")
    first = reloaded(briefing)
    assert (first.status, first.sequence, first.starts_at) == (Briefing.Status.POSTPONED, 1, at(MEETING))
    services.briefing_postpone(briefing=briefing, reason="Hoãn đến sau Tết", starts_at=at(date(2026, 2, 24)))
    second = reloaded(briefing)
    assert (second.status, second.sequence, second.change_reason) == (Briefing.Status.POSTPONED, 2, "Hoãn đến sau Tết")
    assert second.starts_at == at(date(2026, 2, 24))
    # A postponed briefing is scheduled again when it is given a new date.
    services.briefing_move(briefing=briefing, starts_at=at(date(2026, 2, 25)), reason="Đã thống nhất ngày")
    assert (reloaded(briefing).status, reloaded(briefing).sequence) == (Briefing.Status.SCHEDULED, 3)


@time_machine.travel("2026-02-01 09:00 +0700", tick=False)
def test_cancelling_increments_the_sequence_and_is_final(briefing):
    services.briefing_cancel(briefing=briefing, reason="Trùng Hội nghị Trung ương")
    cancelled = reloaded(briefing)
    assert (cancelled.status, cancelled.sequence) == (Briefing.Status.CANCELLED, 1)
    for change in (
        lambda: services.briefing_cancel(briefing=briefing, reason="Lần nữa"),
        lambda: services.briefing_move(briefing=briefing, starts_at=at(MEETING), reason="Lại"),
        lambda: services.briefing_postpone(briefing=briefing, reason="Lại"),
    ):
        with pytest.raises(ValidationError):
            change()
    assert reloaded(briefing).sequence == 1


@pytest.mark.parametrize("reason", ["", "   "])
@time_machine.travel("2026-02-01 09:00 +0700", tick=False)
def test_every_change_needs_a_reason(briefing, reason):
    for change in (
        lambda: services.briefing_move(briefing=briefing, starts_at=at(date(2026, 2, 11)), reason=reason),
        lambda: services.briefing_postpone(briefing=briefing, reason=reason),
        lambda: services.briefing_cancel(briefing=briefing, reason=reason),
    ):
        with pytest.raises(ValidationError, match="reason"):
            change()
    unchanged = reloaded(briefing)
    assert (unchanged.status, unchanged.sequence, unchanged.starts_at) == (Briefing.Status.SCHEDULED, 0, at(MEETING))


def test_a_held_briefing_can_be_neither_moved_postponed_cancelled_nor_edited(briefing):
    Briefing.objects.filter(pk=briefing.pk).update(status=Briefing.Status.HELD)
    for change in (
        lambda: services.briefing_move(briefing=briefing, starts_at=at(date(2026, 2, 11)), reason="Sai ngày"),
        lambda: services.briefing_postpone(briefing=briefing, reason="Hoãn"),
        lambda: services.briefing_cancel(briefing=briefing, reason="Hủy"),
        lambda: services.briefing_update(briefing=briefing, agenda="", place="Khác", duration_minutes=60),
        lambda: services.briefing_invitees_update(briefing=briefing, staff=[]),
    ):
        with pytest.raises(ValidationError, match="held"):
            change()
    assert reloaded(briefing).sequence == 0


@time_machine.travel("2026-02-01 09:00 +0700", tick=False)
def test_a_new_place_or_length_is_news_for_calendars_but_a_new_agenda_is_not(briefing):
    services.briefing_update(
        briefing=briefing, agenda="1. Thông tin thời sự", place="Phòng họp tầng 3", duration_minutes=0 + 120
    )
    assert reloaded(briefing).sequence == 0
    services.briefing_update(
        briefing=briefing, agenda="1. Thông tin thời sự", place="Hội trường A", duration_minutes=120
    )
    assert (reloaded(briefing).sequence, reloaded(briefing).place) == (1, "Hội trường A")


def _attendance(briefing, *statuses):
    invitations = list(briefing.invitations.order_by("pk"))
    return {inv.pk: status for inv, status in zip(invitations, statuses, strict=True)}


PRESENT, EXCUSED, ABSENT = (Attendance.PRESENT, ""), (Attendance.EXCUSED, "Ốm"), (Attendance.ABSENT, "")
NO_REASON, UNKNOWN = "An excused absence needs its reason.", "Choose present, excused or absent."


@pytest.mark.parametrize(
    "now, statuses, messages",
    [
        pytest.param("2026-02-09 17:00", [PRESENT] * 3,
                     ["Attendance can be recorded on or after the day of the briefing only."], id="the day before"),
        pytest.param("2026-02-10 07:00", [PRESENT, ("late", ""), ABSENT], [UNKNOWN], id="an unknown status"),
        pytest.param("2026-02-10 07:00", [PRESENT, (Attendance.EXCUSED, "  "), (Attendance.EXCUSED, None)],
                     [NO_REASON], id="excused without a reason"),
        pytest.param("2026-02-10 07:00", [("late", ""), (Attendance.EXCUSED, None), ABSENT], [NO_REASON, UNKNOWN],
                     id="both"),
        pytest.param("2026-02-10 07:00", [(Attendance.INVITED, ""), EXCUSED, ABSENT], [UNKNOWN], id="still invited"),
    ],
)  # fmt: skip
def test_attendance_that_cannot_be_recorded_is_refused_in_its_words_and_nothing_is_saved(
    briefing, now, statuses, messages
):
    attendance = _attendance(briefing, *statuses)
    record = {"attendance": attendance, "minutes": "Biên bản", "topics_discussed": "", "current_affairs": ""}
    with (
        time_machine.travel(f"{now} +0700", tick=False),
        translation.override("en"),
        pytest.raises(ValidationError) as refused,
    ):
        services.briefing_record(briefing=briefing, **record)
    assert refused.value.messages == messages
    assert (reloaded(briefing).status, reloaded(briefing).minutes) == (Briefing.Status.SCHEDULED, "")
    assert not BriefingInvitation.objects.exclude(attendance=Attendance.INVITED).exists()


@time_machine.travel("2026-02-10 07:00 +0700", tick=False)
def test_the_invitees_not_recorded_stay_invited_unless_the_rest_are_marked_present(briefing):
    first, *_rest = briefing.invitations.order_by("pk")
    record = {"attendance": {first.pk: ABSENT}, "minutes": "", "topics_discussed": "", "current_affairs": ""}
    services.briefing_record(briefing=briefing, **record)
    assert sorted(briefing.invitations.values_list("attendance", flat=True)) == [
        Attendance.ABSENT, Attendance.INVITED, Attendance.INVITED]  # fmt: skip


@time_machine.travel("2026-02-10 07:00 +0700", tick=False)
def test_recording_on_the_day_marks_the_briefing_held(briefing, officer_a):
    attendance = _attendance(
        briefing, (Attendance.PRESENT, "ignored"), (Attendance.EXCUSED, " Đi công tác "), (Attendance.ABSENT, "")
    )
    services.briefing_record(
        briefing=briefing,
        attendance=attendance,
        minutes="Hội nghị thống nhất định hướng tuyên truyền.",
        topics_discussed="Sắp xếp tổ chức bộ máy",
        current_affairs="Kết quả Hội nghị Trung ương",
        by=officer_a,
    )
    held = reloaded(briefing)
    assert held.status == Briefing.Status.HELD
    assert (held.minutes, held.topics_discussed, held.current_affairs) == (
        "Hội nghị thống nhất định hướng tuyên truyền.",
        "Sắp xếp tổ chức bộ máy",
        "Kết quả Hội nghị Trung ương",
    )
    assert list(briefing.invitations.order_by("pk").values_list("attendance", "excuse")) == [
        (Attendance.PRESENT, ""),
        (Attendance.EXCUSED, "Đi công tác"),
        (Attendance.ABSENT, ""),
    ]
    assert held.history.order_by("-history_id").first().history_user == officer_a


@time_machine.travel("2026-02-10 09:00 +0700", tick=False)
def test_an_excused_absence_needs_its_reason_and_nothing_is_saved_without_it(briefing):
    attendance = _attendance(briefing, (Attendance.PRESENT, ""), (Attendance.EXCUSED, "  "), (Attendance.ABSENT, ""))
    with pytest.raises(ValidationError, match="reason"):
        services.briefing_record(
            briefing=briefing, attendance=attendance, minutes="x", topics_discussed="", current_affairs=""
        )
    assert reloaded(briefing).status == Briefing.Status.SCHEDULED
    assert not BriefingInvitation.objects.exclude(attendance=Attendance.INVITED).exists()


@time_machine.travel("2026-02-12 09:00 +0700", tick=False)
def test_a_held_briefing_can_be_recorded_again_to_correct_it_and_the_rest_marked_present(briefing):
    first, *_rest = briefing.invitations.order_by("pk")
    services.briefing_record(
        briefing=briefing,
        attendance={first.pk: (Attendance.ABSENT, "")},
        minutes="",
        topics_discussed="",
        current_affairs="",
        mark_rest_present=True,
    )
    services.briefing_record(
        briefing=briefing,
        attendance={first.pk: (Attendance.EXCUSED, "Ốm")},
        minutes="Biên bản",
        topics_discussed="",
        current_affairs="",
    )
    assert sorted(briefing.invitations.values_list("attendance", flat=True)) == [
        Attendance.EXCUSED,
        Attendance.PRESENT,
        Attendance.PRESENT,
    ]


@time_machine.travel("2026-02-12 09:00 +0700", tick=False)
def test_a_cancelled_briefing_cannot_be_recorded_nor_another_briefings_invitation(tree, briefing):
    other = make_briefing(tree.a, date(2026, 1, 13), invite=[make_collaborator(tree.a, "Vũ Thị Khác")])
    foreign = other.invitations.get()
    record = {"minutes": "", "topics_discussed": "", "current_affairs": ""}
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.briefing_record(briefing=briefing, attendance={foreign.pk: (Attendance.PRESENT, "")}, **record)
    assert refused.value.messages == ["Some invitees are not invited to this briefing."]
    services.briefing_cancel(briefing=briefing, reason="Hủy")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.briefing_record(briefing=briefing, attendance={}, **record)
    assert (refused.value.code, refused.value.messages) == ("cancelled", ["This briefing was cancelled."])
    assert foreign.attendance == BriefingInvitation.objects.get(pk=foreign.pk).attendance == Attendance.INVITED


@time_machine.travel("2026-02-12 09:00 +0700", tick=False)
def test_a_held_briefing_cannot_be_moved_and_says_so(briefing):
    services.briefing_record(briefing=briefing, attendance={}, minutes="", topics_discussed="", current_affairs="")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.briefing_move(briefing=briefing, starts_at=at(date(2026, 2, 20)), reason="Họp lại")
    assert refused.value.code == "held"
    assert refused.value.messages == ["This briefing has been held; it can no longer be changed."]
    assert (reloaded(briefing).status, reloaded(briefing).starts_at) == (Briefing.Status.HELD, at(MEETING))


def test_an_edit_in_the_admin_tells_calendars_only_of_what_they_show_and_a_new_briefing_starts_at_nought(tree):
    new = services.briefing_save(
        briefing=Briefing(committee=tree.a, month=date(2026, 3, 1), starts_at=at(date(2026, 3, 10)), place="P. 1"),
        changed=["committee", "month", "starts_at", "place"],
    )
    assert reloaded(new).sequence == 0
    sequences = []
    for field, value in (("agenda", "Thông tin thời sự"), ("place", "Hội trường B"), ("duration_minutes", 90)):
        setattr(new, field, value)
        services.briefing_save(briefing=new, changed=[field])
        sequences.append(reloaded(new).sequence)
    assert sequences == [0, 1, 2]
