"""The services of trainings called directly: what they store and under whose name, the caller's scope they keep to
by themselves, and invitations that meet someone else's at the same moment."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from opinion.models import Training, TrainingAttendance
from opinion.models.trainings import Attendance
from opinion.services import trainings as services
from tests.concurrency import run_behind
from tests.opinion.factories_trainings import invite, make_collaborator, make_training

pytestmark = pytest.mark.django_db

MARCH_10, MARCH_12 = date(2026, 3, 10), date(2026, 3, 12)


def stored(training: Training) -> dict:
    return (
        Training.objects.filter(pk=training.pk)
        .values("committee__code", "title", "starts_on", "ends_on", "place", "trainers", "content")
        .get()
    )


# --- creating ---------------------------------------------------------------------------------------------------


def test_a_training_is_stored_as_given_with_its_author_in_its_history(tree, officer_a):
    training = services.training_create(
        by=officer_a, committee=tree.a1, title="Tập huấn kỹ năng nắm bắt dư luận", starts_on=MARCH_10,
        ends_on=MARCH_12, place="Hội trường tầng 2", trainers="TS. Nguyễn Văn Hùng", content="Chuyên đề 1; chuyên đề 2",
    )  # fmt: skip
    assert stored(training) == {
        "committee__code": "A1", "title": "Tập huấn kỹ năng nắm bắt dư luận", "starts_on": MARCH_10,
        "ends_on": MARCH_12, "place": "Hội trường tầng 2", "trainers": "TS. Nguyễn Văn Hùng",
        "content": "Chuyên đề 1; chuyên đề 2",
    }  # fmt: skip
    assert training.history.get().history_user == officer_a


def test_a_training_given_only_its_title_and_first_day_lasts_that_day_with_nothing_else_filled_in(tree, officer_a):
    training = services.training_create(by=officer_a, committee=tree.a, title="Tập huấn một ngày", starts_on=MARCH_10)
    assert stored(training) == {
        "committee__code": "A", "title": "Tập huấn một ngày", "starts_on": MARCH_10, "ends_on": MARCH_10,
        "place": "", "trainers": "", "content": "",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "committee"),
    [("officer_b_sibling", "a"), ("officer_a", "b1"), ("officer_a", "root")],
    ids=["a-sibling-for-A", "for-the-siblings-cell", "for-the-bloc-above"],
)
def test_an_officer_cannot_organise_a_training_for_a_committee_outside_their_scope(request, tree, persona, committee):
    with pytest.raises(PermissionDenied):
        services.training_create(
            by=request.getfixturevalue(persona), committee=getattr(tree, committee), title="Tập huấn",
            starts_on=MARCH_10,
        )  # fmt: skip
    assert not Training.objects.exists()


# --- editing ----------------------------------------------------------------------------------------------------


def test_an_edit_stores_every_field_as_given_with_its_author_in_the_history(tree, officer_a):
    training = make_training(tree.a, starts_on=MARCH_10, ends_on=MARCH_10)
    services.training_update(
        training=training, by=officer_a, committee=tree.a1, title="Tập huấn (sửa)", starts_on=date(2026, 4, 1),
        ends_on=date(2026, 4, 3), place="Phòng 305", trainers="ThS. Lê Thị Hoa", content="Chuyên đề mới",
    )  # fmt: skip
    assert stored(training) == {
        "committee__code": "A1", "title": "Tập huấn (sửa)", "starts_on": date(2026, 4, 1),
        "ends_on": date(2026, 4, 3), "place": "Phòng 305", "trainers": "ThS. Lê Thị Hoa", "content": "Chuyên đề mới",
    }  # fmt: skip
    assert training.history.first().history_user == officer_a


@pytest.mark.parametrize(
    ("fields", "starts_on", "ends_on"),
    [
        ({"ends_on": None}, MARCH_10, MARCH_10),
        ({"starts_on": date(2026, 3, 20), "ends_on": None}, date(2026, 3, 20), date(2026, 3, 20)),
        ({"ends_on": date(2026, 3, 11)}, MARCH_10, date(2026, 3, 11)),
        ({"title": "Tập huấn (sửa)"}, MARCH_10, MARCH_12),
    ],
    ids=["end-cleared", "end-cleared-with-a-new-start", "end-given", "end-not-touched"],
)
def test_an_end_left_empty_is_the_first_day_and_an_end_given_or_untouched_is_kept(
    tree, officer_a, fields, starts_on, ends_on
):
    training = make_training(tree.a, starts_on=MARCH_10, ends_on=MARCH_12)
    services.training_update(training=training, by=officer_a, **fields)
    assert (stored(training)["starts_on"], stored(training)["ends_on"]) == (starts_on, ends_on)


@pytest.mark.parametrize(
    ("persona", "fields"),
    [
        ("officer_b_sibling", {"title": "Sửa"}),
        ("officer_a", {"committee": "b"}),
        ("officer_a", {"committee": "b1", "title": "Sửa"}),
        ("officer_a", {"committee": "root"}),
    ],
    ids=["a-sibling-edits-it", "moved-to-the-sibling", "moved-to-the-siblings-cell", "moved-up-to-the-bloc"],
)
def test_a_training_cannot_be_edited_from_outside_its_scope_nor_moved_out_of_the_editors(
    request, tree, persona, fields
):
    training = make_training(tree.a, starts_on=MARCH_10, ends_on=MARCH_12)
    before = stored(training)
    if "committee" in fields:
        fields = {**fields, "committee": getattr(tree, fields["committee"])}
    with pytest.raises(PermissionDenied):
        services.training_update(training=training, by=request.getfixturevalue(persona), **fields)
    assert stored(training) == before


# --- invitations and attendance ---------------------------------------------------------------------------------


def test_a_sibling_officer_cannot_invite_the_collaborators_of_a_committee_outside_their_scope(tree, officer_b_sibling):
    training = make_training(tree.root)
    make_collaborator(tree.a1, full_name="Của A1")
    with pytest.raises(PermissionDenied):
        services.training_invite(training=training, by=officer_b_sibling, committee=tree.a)
    assert not TrainingAttendance.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_people_invited_by_someone_else_a_moment_before_keep_that_invitation(tree, officer_a, bloc_staff):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: two invitations cannot overlap there")
    training = make_training(tree.root)
    lan = make_collaborator(tree.a, full_name="Nguyễn Thị Lan")
    make_collaborator(tree.a1, full_name="Trần Văn Bình")

    def invite_lan_first():
        invite(training, lan, status=Attendance.EXCUSED)
        TrainingAttendance.objects.filter(collaborator=lan).update(note="Báo vắng trước")

    run_behind(invite_lan_first, lambda: services.training_invite(training=training, by=officer_a, committee=tree.a))

    assert sorted(training.attendances.values_list("collaborator__full_name", "status", "note")) == [
        ("Nguyễn Thị Lan", Attendance.EXCUSED, "Báo vắng trước"),
        ("Trần Văn Bình", Attendance.INVITED, ""),
    ]


def test_recording_attendance_stores_status_and_trimmed_note_of_the_given_rows_of_this_training_only(tree, officer_a):
    training, other = make_training(tree.a), make_training(tree.a, title="Tập huấn khác")
    lan, binh = make_collaborator(tree.a, full_name="Nguyễn Thị Lan"), make_collaborator(tree.a1, full_name="Bình")
    lans, binhs, _not_given = invite(training, lan, binh, make_collaborator(tree.a1, full_name="An"))
    [elsewhere] = invite(other, lan)
    changed = services.training_attendance_record(
        training=training,
        by=officer_a,
        records={
            lans.pk: (Attendance.PRESENT, "  Đến muộn 15 phút  "),
            binhs.pk: (Attendance.ABSENT, None),
            elsewhere.pk: (Attendance.ABSENT, "Không thuộc hội nghị này"),
        },
    )
    assert changed == 2
    rows = TrainingAttendance.objects.order_by("pk").values_list("training__title", "status", "note")
    assert list(rows) == [
        (training.title, Attendance.PRESENT, "Đến muộn 15 phút"),
        (training.title, Attendance.ABSENT, ""),
        (training.title, Attendance.INVITED, ""),  # not among the records: left as it was
        ("Tập huấn khác", Attendance.INVITED, ""),
    ]


def test_an_unknown_attendance_status_changes_nothing(tree, officer_a):
    training = make_training(tree.a)
    lans, binhs = invite(training, make_collaborator(tree.a, full_name="Lan"), make_collaborator(tree.a1))
    with pytest.raises(ValueError):
        services.training_attendance_record(
            training=training, by=officer_a, records={lans.pk: (Attendance.PRESENT, ""), binhs.pk: ("vip", "")}
        )
    assert set(TrainingAttendance.objects.values_list("status", flat=True)) == {Attendance.INVITED}
