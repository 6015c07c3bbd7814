"""The collaborator pages: list with filters, search, sorting and pages; profile; forms; access by role."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Committee
from opinion.models import Briefing, Collaborator, CollaboratorStatusChange
from opinion.models.trainings import Attendance
from opinion.services import collaborators as services
from tests.factories import make_collaborator as make_bare_collaborator
from tests.factories import make_committee
from tests.opinion.factories_collaborators import (
    attend_training,
    invite,
    make_briefing,
    make_collaborator,
    make_training,
)
from tests.opinion.factories_reports import make_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

LIST = reverse("opinion:collaborator_list")
Status, Kind = Collaborator.Status, CollaboratorStatusChange.Kind


@pytest.fixture
def client(client, settings):
    """In English: the messages checked here are the msgids, whatever the Vietnamese translation says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def frozen():
    with time_machine.travel(date(2026, 3, 15), tick=False):
        yield


def names(response):
    return [c.full_name for c in response.context["object_list"]]


def test_the_list_shows_the_officers_subtree_only(client, tree, officer_a):
    make_collaborator(tree.a, "Nguyễn Văn An")
    make_collaborator(tree.a1, "Trần Thị Bình")
    make_collaborator(tree.b1, "Người Bí mật Sibling")
    client.force_login(officer_a)
    response = client.get(LIST)
    assert response.status_code == 200
    assert names(response) == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert "Bí mật Sibling" not in response.text


def test_search_ignores_accents_and_case(client, tree, officer_a):
    make_collaborator(tree.a1, "Đặng Thị Thu Hà", unit="Vụ Tổng hợp")
    make_collaborator(tree.a1, "Nguyễn Văn An", unit="Văn phòng")
    client.force_login(officer_a)
    assert names(client.get(LIST, {"q": "dang thi thu"})) == ["Đặng Thị Thu Hà"]
    assert names(client.get(LIST, {"q": "VU TONG HOP"})) == ["Đặng Thị Thu Hà"]
    assert names(client.get(LIST, {"q": "Văn"})) == ["Nguyễn Văn An"]


def test_the_committee_filter_takes_a_code_and_includes_the_subtree(client, tree, officer_a, bloc_staff):
    make_collaborator(tree.a, "Nguyễn Văn An")
    make_collaborator(tree.a1, "Trần Thị Bình")
    make_collaborator(tree.b1, "Lê Văn Cường")
    client.force_login(bloc_staff)
    assert names(client.get(LIST, {"committee": "A"})) == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert names(client.get(LIST, {"committee": "a1"})) == ["Trần Thị Bình"]
    client.force_login(officer_a)
    # A code outside the scope finds nothing, exactly like a code that does not exist.
    assert names(client.get(LIST, {"committee": "B1"})) == []
    assert names(client.get(LIST, {"committee": "NOPE"})) == []


def test_the_status_filter(client, tree, officer_a):
    make_collaborator(tree.a1, "Nguyễn Văn An")
    paused = make_collaborator(tree.a1, "Trần Thị Bình")
    services.collaborator_change_status(
        collaborator=paused,
        to=Status.PAUSED,
        kind=Kind.CONSOLIDATE,
        effective_on=date(2026, 3, 1),
        reason="Ốm",
        by=None,
    )
    client.force_login(officer_a)
    assert names(client.get(LIST, {"status": "paused"})) == ["Trần Thị Bình"]
    assert names(client.get(LIST, {"status": "active"})) == ["Nguyễn Văn An"]


def test_the_trained_filter_counts_presence_only(client, tree, officer_a):
    present = make_collaborator(tree.a1, "Nguyễn Văn An")
    absent = make_collaborator(tree.a1, "Trần Thị Bình")
    make_collaborator(tree.a1, "Lê Văn Cường")
    training = make_training(tree.a)
    attend_training(present, training)
    attend_training(absent, training, status=Attendance.ABSENT)
    client.force_login(officer_a)
    assert names(client.get(LIST, {"trained": "yes"})) == ["Nguyễn Văn An"]
    assert names(client.get(LIST, {"trained": "no"})) == ["Lê Văn Cường", "Trần Thị Bình"]


def test_the_attended_filter_looks_at_the_last_held_briefing_each_collaborator_was_invited_to(client, tree, officer_a):
    an = make_collaborator(tree.a1, "Nguyễn Văn An")  # present at the last one
    binh = make_collaborator(tree.a1, "Trần Thị Bình")  # present only at an older one
    cuong = make_collaborator(tree.a, "Lê Văn Cường")  # excused at the last one
    make_collaborator(tree.a1, "Đỗ Thị Em")  # never invited
    older = make_briefing(tree.a, date(2026, 1, 1))
    last = make_briefing(tree.a, date(2026, 2, 1))
    planned = make_briefing(tree.a, date(2026, 3, 1), status=Briefing.Status.SCHEDULED)  # not held: does not count
    invite(older, binh)
    invite(last, an)
    invite(last, binh, attendance=Attendance.ABSENT)
    invite(last, cuong, attendance=Attendance.EXCUSED)
    invite(planned, binh, attendance=Attendance.INVITED)
    client.force_login(officer_a)
    response = client.get(LIST, {"attended": "yes"})
    assert names(response) == ["Nguyễn Văn An"]
    assert 'title="Present at the last held briefing they were invited to."' in response.text  # what it means
    assert names(client.get(LIST, {"attended": "no"})) == ["Đỗ Thị Em", "Lê Văn Cường", "Trần Thị Bình"]
    # A later briefing of the bloc is the last one of those it invited only: not being invited is not missing it.
    root_briefing = make_briefing(tree.root, date(2026, 3, 1))
    invite(root_briefing, cuong)
    assert names(client.get(LIST, {"attended": "yes"})) == ["Lê Văn Cường", "Nguyễn Văn An"]
    rows = {c.full_name: c.attended_last_briefing for c in client.get(LIST).context["object_list"]}
    assert rows == {"Đỗ Thị Em": False, "Lê Văn Cường": True, "Nguyễn Văn An": True, "Trần Thị Bình": False}


def test_a_collaborator_who_moves_keeps_the_last_briefing_they_were_invited_to(client, tree, bloc_staff):
    a_member = make_collaborator(tree.a1, "Nguyễn Văn An")
    b_member = make_collaborator(tree.b1, "Trần Thị Bình")
    moved = make_collaborator(tree.a1, "Lê Văn Cường")
    bloc = make_briefing(tree.root, date(2026, 2, 1))
    a_own = make_briefing(tree.a, date(2026, 3, 1))
    for collaborator in (a_member, b_member):
        invite(bloc, collaborator)
    invite(a_own, a_member, attendance=Attendance.ABSENT)
    invite(a_own, moved)
    services.collaborator_update(collaborator=moved, by=bloc_staff, committee=tree.b1)
    client.force_login(bloc_staff)
    assert names(client.get(LIST, {"attended": "yes"})) == ["Lê Văn Cường", "Trần Thị Bình"]
    assert names(client.get(LIST, {"attended": "no"})) == ["Nguyễn Văn An"]


def test_sorting_by_a_whitelisted_column_in_both_directions(client, tree, officer_a):
    make_collaborator(tree.a1, "Nguyễn Văn An", decision_date=date(2024, 5, 1))
    make_collaborator(tree.a, "Trần Thị Bình", decision_date=date(2025, 5, 1))
    make_collaborator(tree.a1, "Lê Văn Cường", decision_date=None)
    client.force_login(officer_a)
    assert names(client.get(LIST)) == ["Lê Văn Cường", "Nguyễn Văn An", "Trần Thị Bình"]
    assert names(client.get(LIST, {"sort": "-name"})) == ["Trần Thị Bình", "Nguyễn Văn An", "Lê Văn Cường"]
    assert names(client.get(LIST, {"sort": "committee"})) == ["Trần Thị Bình", "Lê Văn Cường", "Nguyễn Văn An"]
    assert names(client.get(LIST, {"sort": "appointed"})) == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert names(client.get(LIST, {"sort": "-appointed"})) == ["Trần Thị Bình", "Nguyễn Văn An", "Lê Văn Cường"]
    # Anything else is ignored, never passed to the database.
    response = client.get(LIST, {"sort": "password"})
    assert response.status_code == 200
    assert names(response) == ["Lê Văn Cường", "Nguyễn Văn An", "Trần Thị Bình"]


def test_the_list_has_pages_of_25_that_keep_the_filters(client, tree, officer_a):
    for i in range(30):
        make_bare_collaborator(tree.a1, full_name=f"Cộng tác viên {i:02d}")
    make_bare_collaborator(tree.a1, full_name="Người khác")
    client.force_login(officer_a)
    first = client.get(LIST, {"q": "cong tac"})
    assert len(first.context["object_list"]) == 25
    assert first.context["paginator"].count == 30
    assert "q=cong+tac&amp;page=2" in first.text
    second = client.get(LIST, {"q": "cong tac", "page": 2})
    assert names(second) == [f"Cộng tác viên {i:02d}" for i in range(25, 30)]


def grow(tree, factor, start=0):
    """More committees, collaborators, trainings, briefings and reports under A."""
    for i in range(start, start + factor):
        cell = make_committee(tree.a, code=f"A-G{i}", name=f"Chi bộ {i}")
        collaborator = make_collaborator(cell, f"Cộng tác viên {i}", user=None)
        attend_training(collaborator, make_training(cell, title=f"Tập huấn {i}"))
        briefing = make_briefing(cell, date(2025, 1 + i % 12, 1))
        invite(briefing, collaborator)
        make_report(collaborator)


@pytest.mark.parametrize("params", [{}, {"q": "cong", "trained": "yes", "attended": "no", "sort": "-committee"}])
def test_the_list_query_count_does_not_grow_with_the_data(
    client, tree, officer_a, django_assert_max_num_queries, params
):
    grow(tree, 2)
    client.force_login(officer_a)
    with CaptureQueriesContext(connection) as small:
        assert client.get(LIST, params).status_code == 200
    grow(tree, 20, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(LIST, params).status_code == 200


def profile(tree, officer):
    collaborator = make_collaborator(
        tree.a1, "Đặng Thị Thu Hà", birth_year=1980, phone="0912 345 678", decision_number="15-QĐ/ĐU"
    )
    services.collaborator_change_status(
        collaborator=collaborator,
        to=Status.PAUSED,
        kind=Kind.CONSOLIDATE,
        effective_on=date(2026, 1, 5),
        reason="Nghỉ thai sản",
        decision_number="20-QĐ/ĐU",
        by=officer,
    )
    attend_training(collaborator, make_training(tree.a, title="Tập huấn nghiệp vụ năm 2025"))
    invite(make_briefing(tree.a, date(2025, 11, 1)), collaborator)
    invite(make_briefing(tree.a, date(2025, 12, 1)), collaborator, attendance=Attendance.ABSENT)
    for day in range(1, 13):
        make_report(collaborator, reported_on=date(2026, 2, day), summary=f"Ý kiến số {day}")
    return collaborator


def test_the_profile_shows_data_status_history_trainings_attendance_and_latest_reports(client, tree, officer_a):
    collaborator = profile(tree, officer_a)
    client.force_login(officer_a)
    response = client.get(reverse("opinion:collaborator_detail", args=[collaborator.pk]))
    assert response.status_code == 200
    text = response.text
    for expected in ("Đặng Thị Thu Hà", "0912 345 678", "15-QĐ/ĐU", "Nghỉ thai sản", "20-QĐ/ĐU", "05/01/2026"):
        assert expected in text
    assert "Tập huấn nghiệp vụ năm 2025" in text
    assert response.context["attendance"] == {
        "invited": 2,
        "present": 1,
        "excused": 0,
        "absent": 1,
        "unrecorded": 0,
        "rate": 50.0,
    }
    assert response.context["report_count"] == 12
    assert [r.summary for r in response.context["reports"]][:2] == ["Ý kiến số 12", "Ý kiến số 11"]
    assert len(response.context["reports"]) == 10
    assert [c.kind for c in response.context["status_changes"]] == [Kind.CONSOLIDATE, Kind.ESTABLISH]
    assert reverse("opinion:collaborator_update", args=[collaborator.pk]) in text


def test_the_profile_query_count_does_not_grow_with_the_data(client, tree, officer_a, django_assert_max_num_queries):
    collaborator = make_collaborator(tree.a1, "Đặng Thị Thu Hà")
    url = reverse("opinion:collaborator_detail", args=[collaborator.pk])
    attend_training(collaborator)
    invite(make_briefing(tree.a, date(2025, 1, 1)), collaborator)
    make_report(collaborator)
    client.force_login(officer_a)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for i in range(10):
        attend_training(collaborator, make_training(tree.a, title=f"Tập huấn {i}", starts_on=date(2024, 1, 1 + i)))
        invite(make_briefing(tree.a1, date(2024, 1 + i, 1)), collaborator)
        make_report(collaborator, summary=f"Ý kiến {i}")
        services.collaborator_update(collaborator=collaborator, by=officer_a, phone=f"09123456{i:02d}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_collaborator_sees_their_own_profile_only(client, tree, collaborator_a):
    mine = make_collaborator(tree.a1, "Lê Thị Hoa", user=collaborator_a)
    colleague = make_collaborator(tree.a1, "Trần Văn Hải")
    client.force_login(collaborator_a)
    response = client.get(reverse("opinion:collaborator_detail", args=[mine.pk]))
    assert response.status_code == 200
    assert reverse("opinion:collaborator_update", args=[mine.pk]) not in response.text
    assert client.get(reverse("opinion:collaborator_detail", args=[colleague.pk])).status_code == 404
    assert names(client.get(LIST)) == ["Lê Thị Hoa"]
    assert client.get(reverse("opinion:collaborator_update", args=[mine.pk])).status_code == 403
    assert client.get(reverse("opinion:collaborator_update", args=[colleague.pk])).status_code == 404


def test_a_leader_reads_but_every_form_is_forbidden(client, tree, leader_a):
    collaborator = make_collaborator(tree.a1)
    client.force_login(leader_a)
    response = client.get(reverse("opinion:collaborator_detail", args=[collaborator.pk]))
    assert response.status_code == 200
    assert reverse("opinion:collaborator_update", args=[collaborator.pk]) not in response.text
    assert reverse("opinion:collaborator_create") not in client.get(LIST).text
    for url in (
        reverse("opinion:collaborator_create"),
        reverse("opinion:collaborator_import"),
        reverse("opinion:collaborator_update", args=[collaborator.pk]),
        reverse("opinion:collaborator_status", args=[collaborator.pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"full_name": "X"}).status_code == 403
    assert Collaborator.objects.get().full_name == collaborator.full_name


def form_data(**overrides):
    data = {
        "committee": "A1",
        "full_name": "Võ Thị Mai",
        "birth_year": "1990",
        "gender": "female",
        "position": "Chuyên viên",
        "unit": "Vụ Tổng hợp",
        "phone": "0912 345 678",
        "email": "mai@example.vn",
        "decision_number": "30-QĐ/ĐU",
        "decision_date": "05/02/2026",
        "decision_signer": "Nguyễn Văn Bí Thư",
        "account": "",
    }
    return {**data, **overrides}


def test_an_officer_adds_a_collaborator_with_a_committee_code_and_a_day_first_date(client, tree, officer_a):
    client.force_login(officer_a)
    form = client.get(reverse("opinion:collaborator_create"))
    assert form.status_code == 200
    assert 'value="A — Đảng ủy Bộ Tài chính"' in form.text  # the officer's own committee, until another is typed
    assert "data-committee-picker" in form.text
    response = client.post(reverse("opinion:collaborator_create"), form_data())
    collaborator = Collaborator.objects.get()
    assert response.status_code == 302
    assert response["Location"] == collaborator.get_absolute_url()
    assert (collaborator.committee, collaborator.decision_date) == (tree.a1, date(2026, 2, 5))
    assert collaborator.status_changes.get().changed_by == officer_a


def test_a_bad_form_keeps_what_was_typed_and_says_what_is_wrong(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("opinion:collaborator_create"),
        form_data(phone="abc", birth_year="1850", email="mai@", decision_date="31/02/2026"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"phone", "birth_year", "email", "decision_date"}
    assert 'value="Võ Thị Mai"' in response.text
    assert 'value="abc"' in response.text
    assert not Collaborator.objects.exists()


def test_a_committee_outside_the_scope_is_not_found_like_one_that_does_not_exist(client, tree, officer_a):
    client.force_login(officer_a)
    outside = client.post(reverse("opinion:collaborator_create"), form_data(committee="B1"))
    missing = client.post(reverse("opinion:collaborator_create"), form_data(committee="ZZZ"))
    for response, typed in ((outside, "B1"), (missing, "ZZZ")):
        assert response.context["form"].errors["committee"] == [
            f"No committee of yours matches “{typed}”. Type its code or part of its name and choose it from the "
            "suggestions."
        ]
        assert f'value="{typed}"' in response.text  # what was typed stays
    assert "Bí mật Sibling" not in outside.text
    assert not Collaborator.objects.exists()


def test_a_login_account_is_linked_by_username_within_the_scope(
    client, tree, officer_a, collaborator_a, officer_b_sibling
):
    client.force_login(officer_a)
    client.post(reverse("opinion:collaborator_create"), form_data(account="collaborator_a"))
    assert Collaborator.objects.get().user == collaborator_a
    refused = client.post(reverse("opinion:collaborator_create"), form_data(full_name="X", account="officer_b"))
    assert refused.context["form"].errors["account"] == ["No account has the username officer_b."]
    refused = client.post(reverse("opinion:collaborator_create"), form_data(full_name="X", account="officer_a"))
    assert refused.context["form"].errors["account"] == ["Only an account with the collaborator role can be linked."]
    taken = client.post(reverse("opinion:collaborator_create"), form_data(full_name="X", account="collaborator_a"))
    assert "account" in taken.context["form"].errors
    assert Collaborator.objects.count() == 1


def test_an_officer_edits_a_collaborator_and_may_move_them_within_the_scope(client, tree, officer_a):
    collaborator = make_collaborator(tree.a1, "Võ Thị Mai")
    url = reverse("opinion:collaborator_update", args=[collaborator.pk])
    client.force_login(officer_a)
    form = client.get(url)
    assert 'value="A1 — Chi bộ Vụ Tổng hợp"' in form.text
    response = client.post(url, form_data(committee="A — Đảng ủy Bộ Tài chính", phone="0987 654 321"))
    assert response.status_code == 302
    collaborator.refresh_from_db()
    assert (collaborator.committee, collaborator.phone) == (tree.a, "0987 654 321")
    refused = client.post(url, form_data(committee="B"))
    assert "committee" in refused.context["form"].errors
    collaborator.refresh_from_db()
    assert collaborator.committee == tree.a


def test_the_status_form_records_a_change_and_refuses_one_without_a_reason(client, tree, officer_a):
    collaborator = make_collaborator(tree.a1, "Võ Thị Mai")
    url = reverse("opinion:collaborator_status", args=[collaborator.pk])
    client.force_login(officer_a)
    form = client.get(url)
    assert [value for value, _ in form.context["form"].fields["to"].choices] == ["paused", "ended"]
    data = {"to": "ended", "kind": "reorganise", "effective_on": "01/03/2026", "reason": "", "decision_number": "40-QĐ"}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "reason" in refused.context["form"].errors
    assert 'value="40-QĐ"' in refused.text
    assert client.post(url, {**data, "to": "active", "reason": "x"}).context["form"].errors["to"]
    response = client.post(url, {**data, "reason": "Nghỉ hưu"})
    assert response.status_code == 302
    collaborator.refresh_from_db()
    assert (collaborator.status, collaborator.status_since) == (Status.ENDED, date(2026, 3, 1))
    assert collaborator.status_changes.first().reason == "Nghỉ hưu"


def test_forms_for_a_sibling_collaborator_are_not_found(client, tree, officer_a):
    sibling = make_collaborator(tree.b1, "Người Bí mật Sibling")
    client.force_login(officer_a)
    for name in ("opinion:collaborator_update", "opinion:collaborator_status", "opinion:collaborator_detail"):
        assert client.get(reverse(name, args=[sibling.pk])).status_code == 404
    assert client.post(reverse("opinion:collaborator_update", args=[sibling.pk]), form_data()).status_code == 404
    assert (
        client.post(
            reverse("opinion:collaborator_status", args=[sibling.pk]),
            {"to": "ended", "kind": "reorganise", "effective_on": "01/03/2026", "reason": "x"},
        ).status_code
        == 404
    )
    sibling.refresh_from_db()
    assert sibling.status == Status.ACTIVE


def test_bloc_staff_see_every_committee_and_can_add_anywhere(client, tree, bloc_staff):
    client.force_login(bloc_staff)
    response = client.post(reverse("opinion:collaborator_create"), form_data(committee="B1"))
    assert response.status_code == 302
    assert Collaborator.objects.get().committee == tree.b1
    assert Committee.objects.get(code="B1").collaborators.count() == 1
