"""The department's recorded activities: one record with a kind, persons apart from person-times, and the figures a
report counts over a subtree and a date range, exact on a hand-built tree."""

from datetime import date

import pytest
from django.db.models import F
from django.urls import reverse

from resolutions.models import Activity, ActivityKind
from resolutions.selectors.activities import activity_figures
from resolutions.services.activities import activity_create
from tests.factories import make_committee

pytestmark = pytest.mark.django_db
Kind = ActivityKind


def form_data(**fields) -> dict:
    data = {
        "committee": "A", "kind": Kind.THEMATIC_MEETING, "held_on": "12/03/2026",
        "title": "Sinh hoạt chuyên đề: Học tập và làm theo tư tưởng Hồ Chí Minh", "description": "",
        "audience": "", "participants": "25", "person_times": "25", "sessions": "1", "items": "0",
    }  # fmt: skip
    return {**data, **fields}


def test_an_officer_records_an_activity_and_the_list_adds_up_each_kind(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("resolutions:activity_create"), form_data())
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.committee, activity.created_by, activity.participants) == (tree.a, officer_a, 25)
    client.post(
        reverse("resolutions:activity_create"),
        form_data(kind=Kind.THEORY_CLASS, title="Lớp bồi dưỡng lý luận chính trị", participants="40",
                  person_times="120", sessions="3"),
    )  # fmt: skip
    page = client.get(reverse("resolutions:activity_list"))
    figures = {row.kind: (row.activities, row.participants, row.person_times) for row in page.context["figures"]}
    assert figures == {Kind.THEMATIC_MEETING: (1, 25, 25), Kind.THEORY_CLASS: (1, 40, 120)}
    assert "120" in page.text and page.context["paginator"].count == 2
    found = client.get(reverse("resolutions:activity_list"), {"q": "boi duong ly luan"})
    assert [a.title for a in found.context["object_list"]] == ["Lớp bồi dưỡng lý luận chính trị"]


def test_fewer_person_times_than_persons_is_explained_and_nothing_is_saved(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("resolutions:activity_create"), form_data(participants="30", person_times="20"))
    assert response.status_code == 200 and "person_times" in response.context["form"].errors
    assert 'value="30"' in response.text and not Activity.objects.exists()


def test_the_figures_of_a_subtree_and_a_date_range_are_exact(tree, officer_a, bloc_staff):
    a2 = make_committee(tree.a, code="A2", name="Đảng bộ Cục Thuế")

    def record(committee, day, kind, **figures):
        activity_create(by=bloc_staff, committee=committee, kind=kind, held_on=day, title="Hoạt động", **figures)

    record(tree.a, date(2026, 1, 10), Kind.CONFERENCE, participants=80, person_times=80)
    record(tree.a1, date(2026, 3, 1), Kind.THEMATIC_MEETING, participants=20, person_times=20, sessions=1)
    record(a2, date(2026, 6, 14), Kind.THEMATIC_MEETING, participants=15, person_times=30, sessions=2)
    record(a2, date(2026, 6, 15), Kind.THEMATIC_MEETING, participants=99, person_times=99)  # after the window
    record(tree.b, date(2026, 3, 1), Kind.COUNTERING, items=12, audience="Facebook, Zalo")  # another branch
    record(tree.root, date(2026, 2, 1), Kind.PUBLICITY, items=5)
    figures = {row.kind: row for row in activity_figures(tree.a, date(2025, 12, 15), date(2026, 6, 14))}
    meetings = figures[Kind.THEMATIC_MEETING]
    assert (meetings.activities, meetings.participants, meetings.person_times, meetings.sessions) == (2, 35, 50, 3)
    assert figures[Kind.CONFERENCE].participants == 80
    assert figures[Kind.COUNTERING].activities == 0 and figures[Kind.PUBLICITY].items == 0
    whole = {row.kind: row for row in activity_figures(tree.root, date(2026, 1, 1), date(2026, 12, 31))}
    assert (whole[Kind.COUNTERING].items, whole[Kind.PUBLICITY].items) == (12, 5)
    assert whole[Kind.THEMATIC_MEETING].activities == 3
    assert [row.kind for row in whole.values()] == list(Kind.values)  # every kind, in order


def test_a_sibling_reads_nothing_and_an_ancestor_reads_without_changing(client, tree, officer_a, officer_b_sibling,
                                                                        bloc_staff):  # fmt: skip
    activity = activity_create(
        by=officer_a, committee=tree.a, kind=Kind.ORIENTATION, held_on=date(2026, 3, 2), title="Định hướng dư luận",
        audience="Các chi bộ trực thuộc",
    )  # fmt: skip
    client.force_login(officer_b_sibling)
    assert client.get(activity.get_absolute_url()).status_code == 404
    assert client.get(reverse("resolutions:activity_list")).context["paginator"].count == 0
    client.force_login(bloc_staff)
    assert "Các chi bộ trực thuộc" in client.get(activity.get_absolute_url()).text


def test_the_list_costs_the_same_queries_with_many_more_activities(
    client, tree, officer_a, django_assert_max_num_queries
):
    client.force_login(officer_a)
    activity_create(by=officer_a, committee=tree.a, kind=Kind.PUBLICITY, held_on=date(2026, 3, 2), title="Bản tin")
    url = reverse("resolutions:activity_list")
    client.get(url)
    with django_assert_max_num_queries(99) as few:
        client.get(url)
    for number in range(30):
        activity_create(
            by=officer_a, committee=tree.a1, kind=list(Kind.values)[number % 7], held_on=date(2026, 3, 3),
            title=f"Hoạt động {number}", participants=number, person_times=number,
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_demo_records_activities_of_every_kind_for_this_year_and_last(settings):
    from django.core.management import call_command
    from django.utils import timezone

    from committees.demo import SCALES, DemoContext
    from resolutions.demo import activities as demo

    settings.DEMO_SEEDERS = []
    call_command("seed_demo", "--scale", "small")
    today = timezone.localdate()
    demo.seed(DemoContext("small", SCALES["small"], today, 20180705))
    assert set(Activity.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert {day.year for day in Activity.objects.dates("held_on", "year")} == {today.year - 1, today.year}
    assert not Activity.objects.filter(held_on__gt=today).exists()
    assert Activity.objects.search("dau tranh phan bac").exists()
    assert not Activity.objects.filter(participants__gt=F("person_times"), person_times__gt=0).exists()
