"""Briefing pages: list, calendar, detail, the rule, changes, attendance, printable pages and attendance rates, each
within the reader's scope; and query counts that do not grow with the data."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Committee
from opinion.models import Briefing, BriefingInvitation, BriefingSchedule
from opinion.models.trainings import Attendance
from tests.factories import make_committee
from tests.opinion.factories_briefings import (
    at,
    invite_one,
    make_briefing,
    make_collaborator,
    make_schedule,
)
from tests.opinion.samples_briefings import SAMPLES

pytestmark = pytest.mark.django_db
HELD, PRESENT, EXCUSED, ABSENT = Briefing.Status.HELD, Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT
FEB = "2026-02-20 10:00 +0700"


@pytest.fixture
def scene(tree, collaborator_a):
    """A's January and February briefings (held), the bloc's February one (held) and B's; A's March one planned.

    lan (A), binh (A1, the collaborator_a account), an (A1); khac belongs to the sibling B's cell.
    """
    lan = make_collaborator(tree.a, "Nguyễn Thị Lan", unit="Vụ Ngân sách")
    binh = make_collaborator(tree.a1, "Trần Văn Bình", unit="Vụ Tổng hợp", user=collaborator_a)
    an = make_collaborator(tree.a1, "Lê Văn An", unit="Văn phòng")
    khac = make_collaborator(tree.b1, "Phạm Thị Khác", unit="Vụ Bí mật Sibling")
    january = make_briefing(tree.a, date(2026, 1, 13), status=HELD, minutes="Biên bản tháng 1")
    invite_one(january, lan, attendance=PRESENT)
    invite_one(january, binh, attendance=EXCUSED, excuse="Đi công tác Đà Nẵng")
    invite_one(january, an, attendance=ABSENT)
    february = make_briefing(tree.a, date(2026, 2, 10), status=HELD, minutes="Hội nghị thống nhất định hướng")
    for collaborator in (lan, binh, an):
        invite_one(february, collaborator, attendance=PRESENT)
    bloc = make_briefing(tree.root, date(2026, 2, 12), status=HELD, place="Hội trường Đảng ủy Khối")
    invite_one(bloc, lan, attendance=ABSENT)
    invite_one(bloc, binh, attendance=PRESENT)
    invite_one(bloc, khac, attendance=PRESENT)
    sibling = make_briefing(tree.b, date(2026, 2, 11), place="Phòng Bí mật Sibling", invite=[khac])
    march = make_briefing(tree.a, date(2026, 3, 10), invite=[lan, an])
    return SimpleNamespace(
        lan=lan,
        binh=binh,
        an=an,
        khac=khac,
        january=january,
        february=february,
        bloc=bloc,
        sibling=sibling,
        march=march,
    )


def url(name, *args, **query):
    target = reverse(f"opinion:{name}", args=args)
    return f"{target}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else target


# --- list and calendar -------------------------------------------------------------------------------------------


@time_machine.travel(FEB, tick=False)
def test_the_list_shows_upcoming_and_past_briefings_in_scope_with_the_visible_invitees(client, scene, officer_a):
    client.force_login(officer_a)
    upcoming = client.get(url("briefing_list"))
    assert [b.pk for b in upcoming.context["object_list"]] == [scene.march.pk]

    past = client.get(url("briefing_list", when="past"))
    assert [b.pk for b in past.context["object_list"]] == [scene.bloc.pk, scene.february.pk, scene.january.pk]
    bloc = past.context["object_list"][0]
    assert (bloc.invited, bloc.present) == (2, 1)  # khac, of the sibling committee, is not counted
    assert "Bí mật Sibling" not in past.text and "Ngân hàng Nhà nước" not in past.text


@time_machine.travel(FEB, tick=False)
def test_the_list_filters_by_committee_status_and_year(client, scene, officer_a, bloc_staff):
    client.force_login(bloc_staff)
    by_name = client.get(url("briefing_list", when="all", committee="ngan hang"))  # without accents
    assert [b.pk for b in by_name.context["object_list"]] == [scene.sibling.pk]
    by_code = client.get(url("briefing_list", when="past", committee="A"))  # the committee and those under it
    assert [b.pk for b in by_code.context["object_list"]] == [scene.february.pk, scene.january.pk]
    client.force_login(officer_a)
    outside = client.get(url("briefing_list", when="all", committee="B"))  # not found: the filter is ignored
    assert outside.context["filter_form"].errors["committee"]
    assert scene.sibling.pk not in [b.pk for b in outside.context["object_list"]]
    scheduled = client.get(url("briefing_list", when="all", status="scheduled"))
    assert [b.pk for b in scheduled.context["object_list"]] == [scene.march.pk]
    assert client.get(url("briefing_list", year=2025)).context["paginator"].count == 0
    on_day = client.get(url("briefing_list", on="12/02/2026"))
    assert [b.pk for b in on_day.context["object_list"]] == [scene.bloc.pk]


@time_machine.travel(FEB, tick=False)
def test_the_calendar_shows_the_months_briefings_with_those_of_the_bloc(client, scene, officer_a):
    client.force_login(officer_a)
    response = client.get(url("briefing_calendar", month="2026-02"))
    assert response.status_code == 200
    days = {cell.day: cell for week in response.context["weeks"] for cell in week}
    assert min(days) == date(2026, 1, 26) and max(days) == date(2026, 3, 1)  # whole weeks, Monday first
    assert [b.pk for b in days[date(2026, 2, 10)].briefings] == [scene.february.pk]
    assert [b.pk for b in days[date(2026, 2, 12)].briefings] == [scene.bloc.pk]
    assert days[date(2026, 2, 11)].briefings == []  # the sibling's does not exist for this officer
    assert days[date(2026, 2, 20)].is_today
    assert 'href="?month=2026-01"' in response.text and 'href="?month=2026-03"' in response.text
    assert "Bí mật Sibling" not in response.text


@time_machine.travel(FEB, tick=False)
def test_the_calendar_of_the_bloc_staff_shows_every_committee_and_defaults_to_this_month(client, scene, bloc_staff):
    client.force_login(bloc_staff)
    response = client.get(url("briefing_calendar", month="nonsense"))
    assert response.context["month"] == date(2026, 2, 1)
    days = {cell.day: cell for week in response.context["weeks"] for cell in week}
    assert [b.pk for b in days[date(2026, 2, 11)].briefings] == [scene.sibling.pk]


@time_machine.travel(FEB, tick=False)
def test_a_crowded_day_shows_the_first_briefings_and_counts_the_rest(client, tree, bloc_staff):
    for i in range(6):
        cell = make_committee(tree.a, code=f"A-C{i}", name=f"Đảng bộ cơ sở {i}")
        make_briefing(cell, date(2026, 2, 24))
    make_briefing(tree.root, date(2026, 2, 24), starts_at=at(date(2026, 2, 24), 15))
    client.force_login(bloc_staff)
    response = client.get(url("briefing_calendar", month="2026-02"))
    [cell] = [c for week in response.context["weeks"] for c in week if c.day == date(2026, 2, 24)]
    assert (len(cell.briefings), cell.total, cell.more) == (4, 7, 3)
    assert tree.root in [b.committee for b in cell.briefings]  # the issuing committee is never crowded out
    assert "on=24/02/2026" in response.text


# --- detail and access -------------------------------------------------------------------------------------------


@time_machine.travel(FEB, tick=False)
def test_an_officer_sees_the_blocs_briefing_with_only_their_own_invitees_and_cannot_change_it(client, scene, officer_a):
    client.force_login(officer_a)
    response = client.get(url("briefing_detail", scene.bloc.pk))
    assert response.status_code == 200
    assert [i.collaborator.full_name for i in response.context["invitations"]] == ["Nguyễn Thị Lan", "Trần Văn Bình"]
    assert response.context["figures"]["invited"] == 2
    assert not response.context["can_change"]
    assert "Phạm Thị Khác" not in response.text
    assert url("briefing_move", scene.bloc.pk) not in response.text
    for name in ("briefing_update", "briefing_move", "briefing_postpone", "briefing_cancel", "briefing_invitees"):
        assert client.get(url(name, scene.bloc.pk)).status_code == 403
        assert client.post(url(name, scene.bloc.pk), {"reason": "Thử"}).status_code == 403
    assert client.post(url("briefing_attendance", scene.bloc.pk), {}).status_code == 403
    assert Briefing.objects.get(pk=scene.bloc.pk).sequence == 0


@time_machine.travel(FEB, tick=False)
def test_a_collaborator_sees_only_the_briefings_they_are_invited_to_and_only_their_invitation(
    client, scene, collaborator_a
):
    client.force_login(collaborator_a)
    listed = client.get(url("briefing_list", when="all"))
    assert {b.pk for b in listed.context["object_list"]} == {scene.january.pk, scene.february.pk, scene.bloc.pk}
    assert client.get(url("briefing_detail", scene.march.pk)).status_code == 404
    detail = client.get(url("briefing_detail", scene.february.pk))
    assert [i.collaborator for i in detail.context["invitations"]] == [scene.binh]
    assert client.get(url("briefing_move", scene.february.pk)).status_code == 403
    calendar = client.get(url("briefing_calendar", month="2026-03"))
    assert not any(cell.briefings for week in calendar.context["weeks"] for cell in week)


@time_machine.travel(FEB, tick=False)
def test_a_leader_reads_but_does_not_change(client, scene, leader_a):
    client.force_login(leader_a)
    assert client.get(url("briefing_detail", scene.march.pk)).status_code == 200
    assert client.get(url("briefing_move", scene.march.pk)).status_code == 403
    assert client.get(url("briefing_schedule", scene.march.committee_id)).status_code == 403
    assert client.get(url("briefing_attendance_rates")).status_code == 200


# --- changes through the pages ------------------------------------------------------------------------------------


@time_machine.travel(FEB, tick=False)
def test_moving_through_the_form_needs_a_reason_and_keeps_what_was_typed(client, scene, officer_a):
    client.force_login(officer_a)
    response = client.post(url("briefing_move", scene.march.pk), {"date": "12/03/2026", "time": "14:00", "reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert 'value="12/03/2026"' in response.text
    assert Briefing.objects.get(pk=scene.march.pk).sequence == 0

    response = client.post(
        url("briefing_move", scene.march.pk), {"date": "12/03/2026", "time": "14:00", "reason": "Trùng lịch"}
    )
    assert response.status_code == 302
    moved = Briefing.objects.get(pk=scene.march.pk)
    assert (timezone.localtime(moved.starts_at), moved.sequence) == (at(date(2026, 3, 12), 14, 0), 1)


@time_machine.travel(FEB, tick=False)
def test_a_held_briefing_shows_why_it_cannot_be_moved(client, scene, officer_a):
    client.force_login(officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url("briefing_move", scene.february.pk))
    assert response.status_code == 200 and not response.context["allowed"]
    response = client.post(
        url("briefing_move", scene.february.pk), {"date": "12/03/2026", "time": "14:00", "reason": "x"}
    )
    assert response.status_code == 200
    assert "held" in " ".join(response.context["form"].non_field_errors())
    assert Briefing.objects.get(pk=scene.february.pk).sequence == 0


@time_machine.travel(FEB, tick=False)
def test_postponing_cancelling_and_editing_through_the_forms(client, scene, officer_a):
    client.force_login(officer_a)
    assert (
        client.post(
            url("briefing_postpone", scene.march.pk), {"reason": "Chờ lịch", "date": "", "time": ""}
        ).status_code
        == 302
    )
    assert Briefing.objects.get(pk=scene.march.pk).status == Briefing.Status.POSTPONED
    response = client.post(
        url("briefing_update", scene.march.pk),
        {"agenda": "1. Thời sự", "place": "Hội trường B", "duration_minutes": 90},
    )
    assert response.status_code == 302
    assert client.post(url("briefing_cancel", scene.march.pk), {"reason": "Trùng Hội nghị"}).status_code == 302
    march = Briefing.objects.get(pk=scene.march.pk)
    assert (march.status, march.sequence, march.place, march.change_reason) == (
        Briefing.Status.CANCELLED,
        3,
        "Hội trường B",
        "Trùng Hội nghị",
    )


@time_machine.travel(FEB, tick=False)
def test_updating_the_invitees_invites_a_newcomer(client, scene, tree, officer_a):
    client.force_login(officer_a)
    newcomer = make_collaborator(tree.a1, "Đỗ Minh Mới")
    response = client.post(url("briefing_invitees", scene.march.pk), {"staff": [officer_a.pk]})
    assert response.status_code == 302
    invited = set(scene.march.invitations.values_list("collaborator_id", "staff_id"))
    assert invited == {
        (scene.lan.pk, None),
        (scene.an.pk, None),
        (scene.binh.pk, None),
        (newcomer.pk, None),
        (None, officer_a.pk),
    }


@time_machine.travel(FEB, tick=False)
def test_the_schedule_page_sets_the_rule_and_plans_the_coming_months(client, tree, officer_a):
    make_collaborator(tree.a1, "Trần Văn Bình")
    client.force_login(officer_a)
    assert client.get(url("briefing_schedule", tree.a.pk)).status_code == 200
    response = client.post(
        url("briefing_schedule", tree.a.pk),
        {"week": "-1", "weekday": "4", "time": "14:00", "duration": "90", "place": "Phòng họp", "months_ahead": "3"},
    )
    assert response.status_code == 302
    schedule = BriefingSchedule.objects.get(committee=tree.a)
    assert (schedule.week, schedule.weekday, schedule.duration_minutes) == (-1, 4, 90)
    days = [
        timezone.localtime(b.starts_at).date() for b in Briefing.objects.filter(committee=tree.a).order_by("starts_at")
    ]
    assert days == [date(2026, 2, 27), date(2026, 3, 27), date(2026, 4, 24)]
    assert BriefingInvitation.objects.count() == 3
    page = client.get(url("briefing_schedule", tree.a.pk))
    assert len(page.context["upcoming"]) == 3


@time_machine.travel(FEB, tick=False)
def test_the_schedule_page_refuses_bad_input_and_saves_nothing(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(
        url("briefing_schedule", tree.a.pk),
        {"week": "9", "weekday": "4", "time": "25:00", "duration": "90", "place": "Phòng họp", "months_ahead": "3"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"week", "time"}
    assert 'value="Phòng họp"' in response.text
    assert not BriefingSchedule.objects.exists() and not Briefing.objects.exists()


# --- attendance ------------------------------------------------------------------------------------------------------


def attendance_post(briefing, rows, **fields):
    data = {"minutes": "", "topics_discussed": "", "current_affairs": ""}
    data.update(fields)
    for invitation, (status, excuse) in rows.items():
        data[f"status_{invitation.pk}"] = status
        data[f"excuse_{invitation.pk}"] = excuse
    return data


@time_machine.travel("2026-03-10 16:00 +0700", tick=False)
def test_recording_attendance_on_the_page_holds_the_briefing(client, scene, officer_a):
    client.force_login(officer_a)
    an, lan = scene.march.invitations.order_by("collaborator__full_name")  # Lê Văn An, Nguyễn Thị Lan
    assert client.get(url("briefing_attendance", scene.march.pk)).status_code == 200

    bad = attendance_post(scene.march, {lan: (EXCUSED, ""), an: (PRESENT, "")}, minutes="Biên bản nháp")
    response = client.post(url("briefing_attendance", scene.march.pk), bad)
    assert response.status_code == 200
    assert response.context["form"].errors[f"excuse_{lan.pk}"]
    assert "Biên bản nháp" in response.text
    assert Briefing.objects.get(pk=scene.march.pk).status == Briefing.Status.SCHEDULED

    good = attendance_post(
        scene.march, {lan: (EXCUSED, "Nghỉ ốm"), an: (ABSENT, "")}, minutes="Biên bản", current_affairs="Thời sự"
    )
    response = client.post(url("briefing_attendance", scene.march.pk), good)
    assert response.status_code == 302 and response["Location"] == scene.march.get_absolute_url()
    march = Briefing.objects.get(pk=scene.march.pk)
    assert (march.status, march.minutes, march.current_affairs) == (HELD, "Biên bản", "Thời sự")
    assert dict(march.invitations.values_list("pk", "attendance")) == {lan.pk: EXCUSED, an.pk: ABSENT}
    detail = client.get(march.get_absolute_url())
    assert detail.context["figures"] == {
        "invited": 2,
        "present": 0,
        "excused": 1,
        "absent": 1,
        "unrecorded": 0,
        "rate": 0.0,
    }


@time_machine.travel("2026-03-09 16:00 +0700", tick=False)
def test_attendance_cannot_be_recorded_before_the_day(client, scene, officer_a):
    client.force_login(officer_a)
    response = client.get(url("briefing_attendance", scene.march.pk))
    assert not response.context["can_record"]
    assert 'id="attendance-form"' not in response.text
    first = scene.march.invitations.order_by("pk").first()
    response = client.post(
        url("briefing_attendance", scene.march.pk), attendance_post(scene.march, {first: (PRESENT, "")})
    )
    assert response.status_code == 200
    assert Briefing.objects.get(pk=scene.march.pk).status == Briefing.Status.SCHEDULED
    assert not scene.march.invitations.exclude(attendance=Attendance.INVITED).exists()


# --- printable pages ---------------------------------------------------------------------------------------------


@time_machine.travel(FEB, tick=False)
def test_the_sign_in_sheet_has_the_document_header_names_units_and_a_signature_column(client, scene, officer_a):
    client.force_login(officer_a)
    response = client.get(url("briefing_signin_sheet", scene.february.pk))
    assert response.status_code == 200
    text = response.text
    assert "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TRUNG ƯƠNG" in text  # the committee above the organiser
    assert "ĐẢNG ỦY BỘ TÀI CHÍNH" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ngày 10 tháng 02 năm 2026" in text
    for name, unit in (
        ("Nguyễn Thị Lan", "Vụ Ngân sách"),
        ("Trần Văn Bình", "Vụ Tổng hợp"),
        ("Lê Văn An", "Văn phòng"),
    ):
        assert name in text and unit in text
    assert 'class="text-center signature w-25"' in text
    assert 'media="print"' in text and "css/print.css" in text


@time_machine.travel(FEB, tick=False)
def test_the_sign_in_sheet_of_the_blocs_briefing_lists_only_the_officers_invitees(client, scene, officer_a):
    client.force_login(officer_a)
    response = client.get(url("briefing_signin_sheet", scene.bloc.pk))
    assert [i.collaborator.full_name for i in response.context["page"]] == ["Nguyễn Thị Lan", "Trần Văn Bình"]
    assert "Phạm Thị Khác" not in response.text
    assert "Hà Nội, ngày 12 tháng 02 năm 2026" in response.text


@time_machine.travel(FEB, tick=False)
def test_the_printed_minutes_give_the_attendance_the_excuses_and_the_minutes(client, scene, officer_a):
    client.force_login(officer_a)
    response = client.get(url("briefing_minutes_print", scene.january.pk))
    text = response.text
    assert "Hà Nội, ngày 13 tháng 01 năm 2026" in text  # the place of the committee above, the cell having none
    assert "Biên bản tháng 1" in text
    assert "Trần Văn Bình" in text and "Đi công tác Đà Nẵng" in text  # excused, with the reason
    assert "Lê Văn An" in text  # absent
    assert response.context["figures"] == {"invited": 3, "present": 1, "excused": 1, "absent": 1}
    ends = timezone.localtime(scene.january.starts_at + timedelta(minutes=scene.january.duration_minutes))
    # the closing line opens the block kept with the signatures on one printed page
    closing = f"Cuộc họp kết thúc lúc {ends:%H:%M} cùng ngày."
    assert text.index('class="document-end"') < text.index(closing) < text.index("signatures")


# --- attendance rates --------------------------------------------------------------------------------------------


@time_machine.travel(FEB, tick=False)
def test_attendance_rates_per_collaborator_count_held_briefings_in_the_period_and_scope(client, scene, officer_a):
    client.force_login(officer_a)
    response = client.get(url("briefing_attendance_rates", start="01/01/2026", end="28/02/2026"))
    rows = {r["collaborator__full_name"]: r for r in response.context["page"]}
    figures = {
        name: (r["invited"], r["present"], r["excused"], r["absent"], round(r["rate"], 2)) for name, r in rows.items()
    }
    assert figures == {
        "Nguyễn Thị Lan": (3, 2, 0, 1, 66.67),
        "Trần Văn Bình": (3, 2, 1, 0, 66.67),
        "Lê Văn An": (2, 1, 0, 1, 50.0),
    }
    assert response.context["totals"] == {
        "invited": 8,
        "present": 5,
        "excused": 1,
        "absent": 2,
        "unrecorded": 0,
        "rate": 62.5,
    }
    assert "Phạm Thị Khác" not in response.text
    assert "66,67%" in response.text  # numbers written the Vietnamese way


@time_machine.travel(FEB, tick=False)
def test_attendance_rates_per_committee_and_for_a_shorter_period(client, scene, officer_a, bloc_staff):
    client.force_login(officer_a)
    response = client.get(url("briefing_attendance_rates", by="committee", start="01/01/2026", end="28/02/2026"))
    rows = [
        (r["invitee_committee__name"], r["invited"], r["present"], r["excused"], r["absent"])
        for r in response.context["page"]
    ]
    # In Vietnamese name order: C before Đ.
    assert rows == [("Chi bộ Vụ Tổng hợp", 5, 3, 1, 1), ("Đảng ủy Bộ Tài chính", 3, 2, 0, 1)]

    february = client.get(url("briefing_attendance_rates", by="committee", start="01/02/2026", end="28/02/2026"))
    assert [(r["invited"], r["present"]) for r in february.context["page"]] == [(3, 3), (2, 1)]

    ordered = client.get(url("briefing_attendance_rates", start="01/01/2026", end="28/02/2026", order="rate"))
    assert [r["collaborator__full_name"] for r in ordered.context["page"]][0] == "Lê Văn An"

    client.force_login(bloc_staff)
    everyone = client.get(url("briefing_attendance_rates", by="committee", start="01/01/2026", end="28/02/2026"))
    assert [r["invitee_committee__name"] for r in everyone.context["page"]] == [
        "Chi bộ Vụ Bí mật Sibling",
        "Chi bộ Vụ Tổng hợp",
        "Đảng ủy Bộ Tài chính",
    ]


@time_machine.travel(FEB, tick=False)
def test_attendance_rates_default_to_this_year_and_refuse_a_reversed_period(client, scene, officer_a):
    client.force_login(officer_a)
    response = client.get(url("briefing_attendance_rates"))
    assert (response.context["first"], response.context["last"]) == (date(2026, 1, 1), date(2026, 2, 20))
    assert response.context["totals"]["invited"] == 8
    reversed_period = client.get(url("briefing_attendance_rates", start="28/02/2026", end="01/01/2026"))
    assert reversed_period.context["form"].errors["end"]


# --- query counts ------------------------------------------------------------------------------------------------


def grow(tree, scene, factor=10):
    """Ten times more committees, collaborators, briefings and invitations under A (and the bloc)."""
    for i in range(factor):
        cell = make_committee(tree.a, code=f"A-G{i}", name=f"Chi bộ số {i}")
        people = [make_collaborator(cell, f"Cộng tác viên {i}-{j}") for j in range(3)]
        for invitation_to in (scene.february, scene.bloc, scene.march):
            for person in people:
                invite_one(
                    invitation_to, person, attendance=PRESENT if invitation_to.status == HELD else Attendance.INVITED
                )
        make_briefing(cell, date(2026, 2, 10 + i % 5), status=HELD, invite=people)
        make_briefing(cell, date(2026, 3, 3 + i % 5), invite=people)
        make_schedule(cell)


PAGES = [
    ("briefing_list", lambda s: [], {}),
    ("briefing_list", lambda s: [], {"when": "past"}),
    ("briefing_calendar", lambda s: [], {"month": "2026-02"}),
    ("briefing_detail", lambda s: [s.bloc.pk], {}),
    ("briefing_detail", lambda s: [s.february.pk], {}),
    ("briefing_attendance", lambda s: [s.march.pk], {}),
    ("briefing_invitees", lambda s: [s.march.pk], {}),
    ("briefing_move", lambda s: [s.march.pk], {}),
    ("briefing_update", lambda s: [s.march.pk], {}),
    ("briefing_signin_sheet", lambda s: [s.bloc.pk], {}),
    ("briefing_minutes_print", lambda s: [s.february.pk], {}),
    ("briefing_attendance_rates", lambda s: [], {}),
    ("briefing_attendance_rates", lambda s: [], {"by": "committee"}),
    ("briefing_schedule", lambda s: [s.march.committee_id], {}),
]


@pytest.mark.parametrize(("name", "args", "query"), PAGES, ids=[f"{p[0]}{p[2]}" for p in PAGES])
@time_machine.travel("2026-03-10 16:00 +0700", tick=False)
def test_query_counts_do_not_grow_with_the_data(
    client, tree, scene, officer_a, django_assert_max_num_queries, name, args, query
):
    client.force_login(officer_a)
    target = url(name, *args(scene), **query)
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    grow(tree, scene)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(target).status_code == 200


@time_machine.travel(FEB, tick=False)
def test_the_bloc_staff_calendar_costs_the_same_whatever_the_number_of_committees(
    client, tree, scene, bloc_staff, django_assert_max_num_queries
):
    client.force_login(bloc_staff)
    with CaptureQueriesContext(connection) as small:
        client.get(url("briefing_calendar", month="2026-02"))
    for i in range(20):
        make_briefing(make_committee(tree.b, code=f"B-G{i}", name=f"Chi bộ B {i}"), date(2026, 2, 10 + i % 3))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("briefing_calendar", month="2026-02"))
    assert Committee.objects.count() > 20


@time_machine.travel(FEB, tick=False)
def test_the_forms_open_with_the_current_values(client, scene, tree, officer_a):
    client.force_login(officer_a)
    Briefing.objects.filter(pk=scene.march.pk).update(agenda="1. Thông tin thời sự")
    update = client.get(url("briefing_update", scene.march.pk))
    assert update.context["form"]["place"].value() == "Phòng họp tầng 3"
    assert "1. Thông tin thời sự" in update.text
    move = client.get(url("briefing_move", scene.march.pk))
    assert 'value="10/03/2026"' in move.text and 'value="08:30"' in move.text
    attendance = client.get(url("briefing_attendance", scene.february.pk))
    assert "Hội nghị thống nhất định hướng" in attendance.text
    assert attendance.context["form"][f"status_{scene.february.invitations.first().pk}"].value() == PRESENT

    make_schedule(tree.a, place="Hội trường tầng 2", duration=90)
    invite_one(scene.march, officer_a)
    schedule = client.get(url("briefing_schedule", tree.a.pk))
    form = schedule.context["form"]
    assert (form["place"].value(), form["duration"].value(), form["staff"].value()) == (
        "Hội trường tầng 2",
        90,
        [officer_a.pk],
    )


@time_machine.travel(FEB, tick=False)
def test_a_collaborator_not_invited_in_the_period_is_listed_with_no_rate(client, scene, tree, officer_a):
    make_collaborator(tree.a1, "Đỗ Minh Mới")
    client.force_login(officer_a)
    response = client.get(url("briefing_attendance_rates", start="01/01/2026", end="28/02/2026"))
    [newcomer] = [r for r in response.context["page"] if r["collaborator__full_name"] == "Đỗ Minh Mới"]
    assert (newcomer["invited"], newcomer["rate"]) == (0, None)
    assert response.context["totals"]["invited"] == 8


@time_machine.travel("2026-03-10 16:00 +0700", tick=False)
def test_a_long_list_of_invitees_is_recorded_page_by_page_and_the_rest_marked_present(client, tree, officer_a):
    from opinion.views.briefings import ATTENDANCE_PER_PAGE

    people = [make_collaborator(tree.a1, f"Cộng tác viên {i:03d}") for i in range(ATTENDANCE_PER_PAGE + 5)]
    briefing = make_briefing(tree.a, date(2026, 3, 10), invite=people)
    client.force_login(officer_a)
    first_page = client.get(url("briefing_attendance", briefing.pk))
    rows = first_page.context["form"].rows()
    assert len(rows) == ATTENDANCE_PER_PAGE
    absent = rows[0][0]
    response = client.post(url("briefing_attendance", briefing.pk), attendance_post(briefing, {absent: (ABSENT, "")}))
    assert response["Location"] == url("briefing_attendance", briefing.pk, page=2)

    second = client.get(response["Location"])
    assert len(second.context["form"].rows()) == 5
    response = client.post(
        url("briefing_attendance", briefing.pk, page=2), attendance_post(briefing, {}, mark_rest_present="on")
    )
    assert response["Location"] == briefing.get_absolute_url()
    counts = dict(
        BriefingInvitation.objects.filter(briefing=briefing).values_list("attendance").annotate(n=Count("pk"))
    )
    assert counts == {ABSENT: 1, PRESENT: ATTENDANCE_PER_PAGE + 4}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_with_every_briefing_permission_a_siblings_briefing_still_does_not_exist(client, tree, officer_a, name):
    client.force_login(officer_a)  # the autouse fixture gave the officer role every briefing permission
    kwargs = SAMPLES[name](tree)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == (404 if kwargs else 200)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "Bí mật Sibling" not in body.decode("utf-8-sig") and "Ngân hàng Nhà nước" not in body.decode("utf-8-sig")
    if kwargs:
        assert client.post(reverse(name, kwargs=kwargs), {"reason": "Thử"}).status_code in (404, 405)  # 405: read-only
