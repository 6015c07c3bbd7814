from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opinion.models import Collaborator, Training, TrainingAttendance
from opinion.models.trainings import Attendance
from opinion.services import trainings as services
from tests.factories import make_committee
from tests.opinion.factories_trainings import (
    invite,
    make_collaborator,
    make_material,
    make_training,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def bloc_training(tree):
    """A training of the bloc, with collaborators of A, A1 and the sibling B1 invited."""
    training = make_training(tree.root, title="Hội nghị tập huấn nghiệp vụ năm 2026")
    a = make_collaborator(tree.a, full_name="Nguyễn Văn Ân")
    a1 = make_collaborator(tree.a1, full_name="Trần Thị Bích")
    b1 = make_collaborator(tree.b1, full_name="Lê Văn Bí Mật")
    invite(training, a, a1, b1)
    return training


def _post_training(**overrides):
    data = {
        "title": "Tập huấn kỹ năng nắm bắt dư luận",
        "starts_on": "10/03/2026",
        "ends_on": "11/03/2026",
        "place": "Hội trường",
        "trainers": "Ban Tuyên giáo",
        "content": "Kỹ năng",
    }
    data.update(overrides)
    return data


# --- list and search --------------------------------------------------------------------------------------------


def test_an_officer_lists_their_own_and_the_blocs_trainings_but_not_a_siblings(client, tree, officer_a):
    make_training(tree.root, title="Tập huấn của Khối")
    make_training(tree.a1, title="Tập huấn của chi bộ A1")
    make_training(tree.b, title="Tập huấn của B")
    client.force_login(officer_a)
    response = client.get(reverse("opinion:training_list"))
    assert {t.title for t in response.context["object_list"]} == {"Tập huấn của Khối", "Tập huấn của chi bộ A1"}
    assert "Tập huấn của B" not in response.text


def test_the_list_searches_without_accents_and_filters_by_year(client, tree, officer_a):
    make_training(tree.a, title="Tập huấn nghiệp vụ dư luận", starts_on=date(2025, 4, 1))
    make_training(tree.a, title="Hội nghị tập huấn kỹ năng", starts_on=date(2026, 4, 1))
    make_training(tree.a, title="Sinh hoạt chuyên đề", starts_on=date(2026, 5, 1))
    client.force_login(officer_a)
    url = reverse("opinion:training_list")
    assert {t.title for t in client.get(url, {"q": "TAP HUAN"}).context["object_list"]} == {
        "Tập huấn nghiệp vụ dư luận",
        "Hội nghị tập huấn kỹ năng",
    }
    response = client.get(url, {"q": "tap huan", "year": "2026"})
    assert [t.title for t in response.context["object_list"]] == ["Hội nghị tập huấn kỹ năng"]
    assert [c[0] for c in response.context["filter_form"].fields["year"].choices] == ["", 2026, 2025]
    assert "10/03/2026" not in response.text and "01/04/2026" in response.text


def test_the_list_is_paginated(client, tree, officer_a):
    for i in range(30):
        make_training(tree.a, title=f"Tập huấn số {i}")
    client.force_login(officer_a)
    response = client.get(reverse("opinion:training_list"), {"page": 2, "q": "tap huan"})
    assert response.context["page_obj"].number == 2
    assert len(response.context["object_list"]) == 5
    assert "?page=1&amp;q=tap+huan" in response.text  # the previous page keeps the search


# --- detail: only the invitees the reader may see ----------------------------------------------------------------


def test_an_officer_reads_the_blocs_training_with_only_their_own_collaborators(client, tree, officer_a, bloc_training):
    client.force_login(officer_a)
    response = client.get(reverse("opinion:training_detail", args=[bloc_training.pk]))
    assert response.status_code == 200
    assert {row.collaborator.full_name for row in response.context["invitees"]} == {"Nguyễn Văn Ân", "Trần Thị Bích"}
    assert response.context["total_invited"] == 2
    assert "Lê Văn Bí Mật" not in response.text
    assert response.context["can_change"] is False
    assert reverse("opinion:training_update", args=[bloc_training.pk]) not in response.text
    assert reverse("opinion:training_attendance", args=[bloc_training.pk]) in response.text


def test_bloc_staff_see_every_invitee(client, tree, bloc_staff, bloc_training):
    client.force_login(bloc_staff)
    response = client.get(reverse("opinion:training_detail", args=[bloc_training.pk]))
    assert response.context["total_invited"] == 3
    assert response.context["can_change"] is True


def test_a_collaborator_sees_only_trainings_they_are_invited_to_and_only_their_own_row(client, tree, collaborator_a):
    me = make_collaborator(tree.a1, full_name="Cộng tác viên Tôi", user=collaborator_a)
    colleague = make_collaborator(tree.a1, full_name="Đồng nghiệp Khác")
    mine = make_training(tree.root, title="Được mời")
    invite(mine, me, colleague)
    make_training(tree.a, title="Không được mời")
    client.force_login(collaborator_a)
    assert [t.title for t in client.get(reverse("opinion:training_list")).context["object_list"]] == ["Được mời"]
    response = client.get(reverse("opinion:training_detail", args=[mine.pk]))
    assert [row.collaborator.full_name for row in response.context["invitees"]] == ["Cộng tác viên Tôi"]
    assert "Đồng nghiệp Khác" not in response.text
    assert reverse("opinion:training_attendance", args=[mine.pk]) not in response.text


# --- create and update ------------------------------------------------------------------------------------------


def test_an_officer_creates_a_training_for_a_committee_of_their_scope(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("opinion:training_create"))
    assert {c.code for c in response.context["form"].fields["committee"].queryset} == {"A", "A1"}
    response = client.post(reverse("opinion:training_create"), _post_training(committee=tree.a1.code))
    training = Training.objects.get()
    assert response.status_code == 302 and response["Location"] == training.get_absolute_url()
    assert (training.committee, training.starts_on, training.ends_on) == (tree.a1, date(2026, 3, 10), date(2026, 3, 11))
    assert training.history.get().history_user == officer_a


def test_a_one_day_training_needs_no_end_date(client, tree, officer_a):
    client.force_login(officer_a)
    client.post(reverse("opinion:training_create"), _post_training(committee=tree.a.code, ends_on=""))
    assert Training.objects.get().ends_on == date(2026, 3, 10)


def test_a_training_cannot_end_before_it_starts_and_the_form_keeps_what_was_typed(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("opinion:training_create"), _post_training(committee=tree.a.code, ends_on="09/03/2026")
    )
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert 'value="Tập huấn kỹ năng nắm bắt dư luận"' in response.text
    assert not Training.objects.exists()


def test_an_officer_cannot_organise_a_training_for_a_sibling_or_the_bloc(client, tree, officer_a):
    client.force_login(officer_a)
    for committee in (tree.b, tree.root):
        response = client.post(reverse("opinion:training_create"), _post_training(committee=committee.code))
        assert "committee" in response.context["form"].errors
    assert not Training.objects.exists()


def test_an_officer_edits_their_training(client, tree, officer_a):
    training = make_training(tree.a)
    client.force_login(officer_a)
    url = reverse("opinion:training_update", args=[training.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _post_training(committee=tree.a.code, title="Tên mới", ends_on="12/03/2026"))
    assert response.status_code == 302
    training.refresh_from_db()
    assert (training.title, training.ends_on) == ("Tên mới", date(2026, 3, 12))
    assert training.history.count() == 2


def test_an_officer_reads_the_blocs_training_but_cannot_edit_it(client, tree, officer_a, bloc_training):
    client.force_login(officer_a)
    assert client.get(reverse("opinion:training_detail", args=[bloc_training.pk])).status_code == 200
    url = reverse("opinion:training_update", args=[bloc_training.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _post_training(committee=tree.a.code, title="Chiếm quyền")).status_code == 403
    bloc_training.refresh_from_db()
    assert bloc_training.title == "Hội nghị tập huấn nghiệp vụ năm 2026"


def test_the_officer_of_a_cell_reads_trainings_of_every_committee_above_it(client, tree):
    from committees.models import Role
    from tests.factories import make_staff

    officer_a1 = make_staff("officer_a1", tree.a1, Role.OFFICER)
    bloc, of_a = make_training(tree.root, title="Của Khối"), make_training(tree.a, title="Của A")
    client.force_login(officer_a1)
    assert {t.title for t in client.get(reverse("opinion:training_list")).context["object_list"]} == {
        "Của Khối",
        "Của A",
    }
    assert client.get(reverse("opinion:training_update", args=[of_a.pk])).status_code == 403
    assert client.get(reverse("opinion:training_update", args=[bloc.pk])).status_code == 403


def test_a_leader_reads_but_changes_nothing(client, tree, leader_a):
    training = make_training(tree.a)
    invite(training, make_collaborator(tree.a1))
    client.force_login(leader_a)
    response = client.get(reverse("opinion:training_detail", args=[training.pk]))
    assert response.status_code == 200
    assert not any(response.context[flag] for flag in ("can_change", "can_upload", "can_invite", "can_record"))
    assert client.get(reverse("opinion:training_list")).context["can_add"] is False
    for name in ("training_update", "training_invite", "training_attendance", "training_material_upload"):
        assert client.get(reverse(f"opinion:{name}", args=[training.pk])).status_code == 403
        assert client.post(reverse(f"opinion:{name}", args=[training.pk]), {}).status_code == 403
    assert client.get(reverse("opinion:training_create")).status_code == 403
    assert client.post(reverse("opinion:training_create"), _post_training(committee=tree.a.code)).status_code == 403


# --- invitations ------------------------------------------------------------------------------------------------


def test_inviting_a_committee_invites_its_whole_subtrees_active_collaborators_in_one_insert(tree, officer_a):
    training = make_training(tree.a)
    active = [make_collaborator(tree.a, full_name=f"CTV A {i}") for i in range(3)]
    active += [make_collaborator(tree.a1, full_name=f"CTV A1 {i}") for i in range(3)]
    make_collaborator(tree.a1, full_name="Tạm dừng", status=Collaborator.Status.PAUSED)
    make_collaborator(tree.b1, full_name="Của B")
    invite(training, active[0], status=Attendance.PRESENT)
    with CaptureQueriesContext(connection) as queries:
        result = services.training_invite(training=training, by=officer_a, committee=tree.a)
    assert (result.invited, result.already) == (5, 1)
    assert sum(q["sql"].startswith("INSERT") for q in queries.captured_queries) == 1
    assert set(training.attendances.values_list("collaborator__full_name", flat=True)) == {c.full_name for c in active}
    assert training.attendances.get(collaborator=active[0]).status == Attendance.PRESENT  # left as it was
    again = services.training_invite(training=training, by=officer_a, committee=tree.a)
    assert (again.invited, again.already) == (0, 6)


def test_an_officer_invites_their_collaborators_to_the_blocs_training_and_only_theirs(client, tree, officer_a):
    training = make_training(tree.root)
    make_collaborator(tree.a1, full_name="Của A1")
    make_collaborator(tree.b1, full_name="Của B1")
    client.force_login(officer_a)
    url = reverse("opinion:training_invite", args=[training.pk])
    response = client.get(url)
    assert {c.code for c in response.context["form"].fields["committee"].queryset} == {"A", "A1"}
    assert client.post(url, {"committee": tree.root.code}).status_code == 200  # the bloc is not a choice: refused
    assert not training.attendances.exists()
    response = client.post(url, {"committee": tree.a.code})
    assert response.status_code == 302
    assert list(training.attendances.values_list("collaborator__full_name", flat=True)) == ["Của A1"]


# --- attendance -------------------------------------------------------------------------------------------------


def test_an_officer_records_attendance_of_their_collaborators_at_the_blocs_training(
    client, tree, officer_a, bloc_training
):
    client.force_login(officer_a)
    url = reverse("opinion:training_attendance", args=[bloc_training.pk])
    response = client.get(url)
    assert response.status_code == 200
    rows = {row.collaborator.full_name: row for row in response.context["form"].rows}
    assert set(rows) == {"Nguyễn Văn Ân", "Trần Thị Bích"}
    assert "Lê Văn Bí Mật" not in response.text
    ann, bich = rows["Nguyễn Văn Ân"], rows["Trần Thị Bích"]
    response = client.post(
        url,
        {
            "row": [ann.pk, bich.pk],
            f"status_{ann.pk}": Attendance.PRESENT,
            f"note_{ann.pk}": "",
            f"status_{bich.pk}": Attendance.EXCUSED,
            f"note_{bich.pk}": "Đi công tác",
        },
    )
    assert response.status_code == 302
    assert dict(bloc_training.attendances.values_list("collaborator__full_name", "status")) == {
        "Nguyễn Văn Ân": Attendance.PRESENT,
        "Trần Thị Bích": Attendance.EXCUSED,
        "Lê Văn Bí Mật": Attendance.INVITED,
    }
    assert bloc_training.attendances.get(pk=bich.pk).note == "Đi công tác"


def test_a_siblings_attendance_row_cannot_be_recorded_by_posting_its_number(client, tree, officer_a, bloc_training):
    sibling_row = bloc_training.attendances.get(collaborator__committee=tree.b1)
    client.force_login(officer_a)
    client.post(
        reverse("opinion:training_attendance", args=[bloc_training.pk]),
        {"row": [sibling_row.pk], f"status_{sibling_row.pk}": Attendance.ABSENT, f"note_{sibling_row.pk}": "x"},
    )
    sibling_row.refresh_from_db()
    assert (sibling_row.status, sibling_row.note) == (Attendance.INVITED, "")
    changed = services.training_attendance_record(
        training=bloc_training, by=officer_a, records={sibling_row.pk: (Attendance.ABSENT, "x")}
    )
    assert changed == 0


def test_marking_everyone_present_keeps_the_notes(client, tree, officer_a, bloc_training):
    rows = list(TrainingAttendance.objects.changeable_by(officer_a).filter(training=bloc_training))
    client.force_login(officer_a)
    data = {"row": [r.pk for r in rows], "all_present": "1"}
    for r in rows:
        data |= {f"status_{r.pk}": Attendance.ABSENT, f"note_{r.pk}": "Đến muộn"}
    client.post(reverse("opinion:training_attendance", args=[bloc_training.pk]), data)
    assert set(TrainingAttendance.objects.filter(pk__in=[r.pk for r in rows]).values_list("status", "note")) == {
        (Attendance.PRESENT, "Đến muộn")
    }


def test_an_unknown_attendance_status_is_refused_and_nothing_is_saved(client, tree, officer_a, bloc_training):
    row = TrainingAttendance.objects.changeable_by(officer_a).filter(training=bloc_training).first()
    client.force_login(officer_a)
    response = client.post(
        reverse("opinion:training_attendance", args=[bloc_training.pk]),
        {"row": [row.pk], f"status_{row.pk}": "vip", f"note_{row.pk}": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    row.refresh_from_db()
    assert row.status == Attendance.INVITED


# --- a collaborator's training record ---------------------------------------------------------------------------


def test_a_collaborators_record_lists_the_trainings_the_reader_may_see(client, tree, officer_a, bloc_staff):
    collaborator = make_collaborator(tree.a1, full_name="Hoàng Thu Hà")
    invite(
        make_training(tree.root, title="Của Khối", starts_on=date(2025, 3, 1)), collaborator, status=Attendance.PRESENT
    )
    invite(make_training(tree.a, title="Của A", starts_on=date(2026, 3, 1)), collaborator, status=Attendance.EXCUSED)
    invite(make_training(tree.b, title="Của B Bí mật"), collaborator)  # bloc staff invited her to a sibling's training
    client.force_login(officer_a)
    response = client.get(reverse("opinion:training_record", args=[collaborator.pk]))
    assert [a.training.title for a in response.context["attendances"]] == ["Của A", "Của Khối"]
    assert response.context["present"] == 1
    assert "Của B Bí mật" not in response.text
    client.force_login(bloc_staff)
    response = client.get(reverse("opinion:training_record", args=[collaborator.pk]))
    assert len(response.context["attendances"]) == 3


# --- query counts -----------------------------------------------------------------------------------------------


def grow(tree, training, factor, start=0):
    """More trainings, collaborators, invitations and materials in A's subtree."""
    for i in range(start, start + factor):
        committee = make_committee(tree.a, code=f"A-T{i}", name=f"Chi bộ tăng {i}")
        people = [make_collaborator(committee, full_name=f"CTV {i}-{j}") for j in range(3)]
        invite(training, *people, status=Attendance.PRESENT)
        other = make_training(committee, title=f"Tập huấn tăng {i}")
        invite(other, *people)
    from tests.factories import UserFactory

    uploader = UserFactory(username="uploader", is_superuser=True)
    for i in range(start, start + factor // 3 + 1):
        make_material(training, uploader, title=f"Tài liệu {i}")


@pytest.mark.parametrize(
    "name,use_collaborator",
    [
        ("opinion:training_list", False),
        ("opinion:training_detail", False),
        ("opinion:training_attendance", False),
        ("opinion:training_invite", False),
        ("opinion:training_record", True),
    ],
)
def test_query_counts_do_not_grow_with_the_data(
    client, tree, officer_a, bloc_training, django_assert_max_num_queries, name, use_collaborator
):
    collaborator = bloc_training.attendances.get(collaborator__committee=tree.a1).collaborator
    args = [] if name == "opinion:training_list" else [collaborator.pk if use_collaborator else bloc_training.pk]
    url = reverse(name, args=args)
    client.force_login(officer_a)
    grow(tree, bloc_training, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(tree, bloc_training, 10, start=1)
    for i in range(10):
        invite(make_training(tree.a, title=f"Thêm {i}"), collaborator, status=Attendance.PRESENT)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
