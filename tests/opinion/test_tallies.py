"""The report and attendance roll-ups stay equal to the records, whichever way the records change, and the pages
that read them show the figures a direct count gives, within the reader's scope only."""

import random
from datetime import date, timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Committee, Role
from committees.services import committee_move
from opinion.models import (
    Briefing,
    BriefingInvitation,
    OpinionReport,
    Topic,
)
from opinion.models.tallies import Period, period_starts
from opinion.models.trainings import Attendance
from opinion.selectors import attendance
from opinion.selectors import briefings as direct
from opinion.services import briefings as briefing_services
from opinion.services import reports as services
from opinion.services.tallies import tallies_rebuild
from opinion.summaries import monthly_summary, rolled_up_summary, summary_for
from tests.factories import make_collaborator, make_committee, make_staff
from tests.opinion.factories_briefings import at, invite_one, make_briefing
from tests.opinion.factories_reports import make_report
from tests.opinion.rollups import assert_kept_equals_rebuilt, kept_rows

pytestmark = pytest.mark.django_db
NOW = "2026-03-20 10:00 +0700"
MONTHS = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
HELD, PRESENT, EXCUSED, ABSENT = Briefing.Status.HELD, Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT


@pytest.fixture
def topics():
    return list(Topic.objects.order_by("order"))


def summary_figures(summary) -> tuple:
    rows = lambda rows: [(row.label, row.count, row.filter) for row in rows]  # noqa: E731
    return (
        summary.committee.pk,
        summary.month,
        summary.total,
        summary.hot_spots,
        summary.negative,
        rows(summary.by_topic),
        rows(summary.by_sentiment),
        rows(summary.by_branch),
        rows(summary.trend),
    )


def assert_summaries_equal_a_direct_count():
    for committee in Committee.objects.all():
        for month in MONTHS:
            direct_count = monthly_summary(OpinionReport.objects.all(), committee, month)
            assert summary_figures(rolled_up_summary(committee, month)) == summary_figures(direct_count)


# --- Reports -----------------------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_filing_correcting_and_deleting_reports_keeps_the_monthly_counts(tree, bloc_staff, people, topics):
    def file(collaborator, day, sentiment="mixed", chosen=(0,), **fields):
        return services.report_file(
            collaborator=collaborator,
            by=bloc_staff,
            reported_on=day,
            topics=[topics[i] for i in chosen],
            summary="Dư luận quan tâm chính sách tiền lương.",
            sentiment=sentiment,
            **fields,
        )

    first = file(people.binh, date(2026, 3, 2), "negative", (0, 3), is_hot_spot=True)
    second = file(people.lan, date(2026, 3, 9), "positive", (1,))
    file(people.khac, date(2026, 2, 27), "negative", (0,))
    file(people.goc, date(2026, 1, 5), "mixed", (2, 4))
    file(people.an, date(2026, 3, 15), "mixed", (0, 1), is_hot_spot=True)
    assert rolled_up_summary(tree.root, date(2026, 3, 1)).total == 3
    assert_summaries_equal_a_direct_count()
    assert_kept_equals_rebuilt()

    services.report_update(report=first, topics=[topics[5]], sentiment="positive", is_hot_spot=False)
    services.report_update(report=second, reported_on=date(2026, 2, 3))
    services.report_update(report=second, topics=[topics[1], topics[6]])
    assert_summaries_equal_a_direct_count()
    assert_kept_equals_rebuilt()

    services.report_delete(reports=OpinionReport.objects.filter(pk__in=[first.pk, second.pk]))
    assert rolled_up_summary(tree.a, date(2026, 3, 1)).total == 1
    assert_summaries_equal_a_direct_count()
    assert_kept_equals_rebuilt()


def test_reports_of_two_committees_deleted_at_once_are_both_taken_from_the_ancestors_they_share(tree, topics):
    """Same day, same kind, two committees under A: one deletion takes both from A's and the bloc's counts."""
    a2 = make_committee(tree.a, code="A2", name="Chi bộ Vụ Ngân sách")
    reports = [
        make_report(make_collaborator(committee, name), reported_on=date(2026, 3, 5), topics=[topics[0]])
        for committee, name in ((tree.a1, "Lê Văn Cường"), (a2, "Phạm Thị Dung"))
    ]
    assert rolled_up_summary(tree.a, date(2026, 3, 1)).total == 2

    services.report_delete(reports=OpinionReport.objects.filter(pk__in=[report.pk for report in reports]))

    assert rolled_up_summary(tree.a, date(2026, 3, 1)).total == 0
    assert_kept_equals_rebuilt()


@pytest.mark.parametrize("correction", [{"sentiment": "negative"}, {"is_hot_spot": True}])
def test_a_report_corrected_in_its_kind_alone_moves_its_count_and_its_topics_stay(tree, people, topics, correction):
    report = make_report(people.binh, topics=[topics[0]], sentiment="mixed")
    services.report_update(report=report, **correction)
    assert rolled_up_summary(tree.root, date(2026, 3, 1)).negative == (1 if "sentiment" in correction else 0)
    assert_summaries_equal_a_direct_count()
    assert_kept_equals_rebuilt()


def test_the_days_a_collaborator_reported_keep_new_years_day_and_lose_only_the_row_whose_reports_went(tree, people):
    """A collaborator's days are kept per committee and year: deleting the reports of one leaves the others' rows."""
    from opinion.models import ReporterYear

    kept = make_report(people.binh, reported_on=date(2026, 1, 1))
    make_report(people.binh, reported_on=date(2025, 12, 31), committee=tree.root)  # another year of the bloc's
    make_report(people.binh, reported_on=date(2026, 1, 2), committee=tree.a)  # another committee in 2026
    going = make_report(people.binh, reported_on=date(2026, 3, 10), committee=tree.root)
    services.report_update(report=kept, summary="Sửa lời tóm tắt")  # read again: 1 January is still a day
    services.report_delete(reports=OpinionReport.objects.filter(pk=going.pk))

    rows = {
        (row.committee.code, row.year): (row.month_1, row.month_12)
        for row in ReporterYear.objects.filter(collaborator=people.binh).select_related("committee")
    }
    assert rows == {("A1", 2026): (0b1, 0), ("ROOT", 2025): (0, 1 << 30), ("A", 2026): (0b10, 0)}
    assert_kept_equals_rebuilt()


def test_changes_in_the_admin_keep_the_monthly_counts(admin_client, tree, people, topics):
    report = make_report(people.binh, topics=[topics[0]], sentiment="mixed")
    other = make_report(people.khac, topics=[topics[1]], reported_on=date(2026, 2, 10))
    make_report(people.lan, topics=[topics[2]])
    url = reverse("admin:opinion_opinionreport_change", args=[report.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(
        committee=tree.a.pk,
        collaborator=people.lan.pk,
        entered_by=report.entered_by_id,
        reported_on="2026-01-20",
        topics=[topics[3].pk, topics[4].pk],
        sentiment="negative",
        is_hot_spot="on",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_summaries_equal_a_direct_count()
    assert_kept_equals_rebuilt()

    admin_client.post(reverse("admin:opinion_opinionreport_delete", args=[other.pk]), {"post": "yes"})
    admin_client.post(
        reverse("admin:opinion_opinionreport_changelist"),
        {"action": "delete_selected", "_selected_action": [report.pk], "post": "yes"},
    )
    assert OpinionReport.objects.count() == 1
    assert_summaries_equal_a_direct_count()
    assert_kept_equals_rebuilt()


def test_moving_a_committee_moves_its_counts_to_its_new_ancestors(tree, people, topics):
    make_report(people.binh, topics=[topics[0]])
    make_report(people.an, topics=[topics[1]], sentiment="negative", is_hot_spot=True)
    make_report(people.khac, topics=[topics[0]])
    briefing = make_briefing(tree.a, date(2026, 2, 10), status=HELD)
    invite_one(briefing, people.binh, attendance=PRESENT)
    invite_one(briefing, people.lan, attendance=ABSENT)
    committee_move(committee=tree.a1, parent=tree.b)
    assert rolled_up_summary(tree.b, date(2026, 3, 1)).total == 3
    assert rolled_up_summary(tree.a, date(2026, 3, 1)).total == 0
    assert_summaries_equal_a_direct_count()
    assert_kept_equals_rebuilt()


def test_a_topic_with_two_reports_in_a_month_counts_each_once_per_topic(tree, people, topics):
    make_report(people.binh, topics=[topics[0], topics[1]])
    make_report(people.an, topics=[topics[0]])
    summary = rolled_up_summary(tree.root, date(2026, 3, 1))
    counts = {row.label: row.count for row in summary.by_topic}
    assert (summary.total, counts[topics[0].name], counts[topics[1].name]) == (2, 2, 1)
    assert [(row.label, row.count) for row in summary.by_branch] == [(tree.a.name, 2), (tree.b.name, 0)]


# --- The summary as each reader sees it --------------------------------------------------------------------------


@pytest.fixture
def reports(tree, people, topics):
    """March: two in A1, one in A, one in the sibling's B1, one in the bloc's own committee; one in February."""
    make_report(people.binh, topics=[topics[0], topics[3]], sentiment="negative", is_hot_spot=True)
    make_report(people.an, topics=[topics[1]], confidentiality=OpinionReport.Confidentiality.CONFIDENTIAL)
    make_report(people.lan, topics=[topics[0]], sentiment="positive")
    make_report(people.khac, topics=[topics[2]], sentiment="negative")
    make_report(people.goc, topics=[topics[4]], confidentiality=OpinionReport.Confidentiality.RESTRICTED)
    make_report(people.binh, topics=[topics[0]], reported_on=date(2026, 2, 11))


@time_machine.travel(NOW, tick=False)
def test_the_summary_pages_show_the_figures_of_a_direct_count(client, tree, bloc_staff, officer_a, reports):
    """Confidential and restricted reports count in the summary, as they always have: it gives numbers only."""
    for user, committee, total in ((bloc_staff, tree.root, 5), (officer_a, tree.a, 3), (bloc_staff, tree.a1, 2)):
        client.force_login(user)
        query = (
            {"month": "2026-03"} if committee == scope_root(user) else {"month": "2026-03", "committee": committee.code}
        )
        summary = client.get(reverse("opinion:report_summary"), query).context["summary"]
        direct_count = monthly_summary(OpinionReport.objects.visible_to(user), committee, date(2026, 3, 1))
        assert summary.committee == committee
        assert summary.total == total
        assert summary_figures(summary) == summary_figures(direct_count)
        assert [(row.label, row.count) for row in summary.trend][-2:] == [
            ("02/2026", 1 if committee != tree.root else 1),
            ("03/2026", total),
        ]


def scope_root(user):
    from committees.selectors import scope_roots

    return scope_roots(user).first()


@time_machine.travel(NOW, tick=False)
def test_the_summarys_links_open_the_reports_it_counts(client, tree, bloc_staff, reports):
    client.force_login(bloc_staff)
    summary = client.get(reverse("opinion:report_summary"), {"month": "2026-03"}).context["summary"]
    for row in [*summary.by_topic, *summary.by_sentiment, *summary.by_branch, *summary.trend]:
        assert client.get(row.url).context["paginator"].count == row.count, row.url


@time_machine.travel(NOW, tick=False)
def test_a_sibling_officer_summarises_nothing_of_a(client, tree, officer_b_sibling, reports):
    assert summary_for(officer_b_sibling, tree.a, date(2026, 3, 1)).total == 0  # never the roll-up of another
    own = summary_for(officer_b_sibling, tree.b, date(2026, 3, 1))
    assert (own.total, [row.label for row in own.by_branch]) == (1, [tree.b1.name])
    client.force_login(officer_b_sibling)
    response = client.get(reverse("opinion:report_summary"), {"month": "2026-03", "committee": tree.a.code})
    assert response.context["summary"] is None  # not found, as a code that does not exist: nothing is shown
    assert tree.a.name not in response.text and tree.a1.name not in response.text
    assert client.get(reverse("opinion:report_summary_docx"), {"committee": tree.a.code}).status_code == 404


def test_a_collaborator_who_reaches_the_summary_is_counted_their_own_reports_only(tree, people, reports):
    """Collaborators have no summary page; were one given them, the roll-up of the subtree is not what they see."""
    user = make_staff("ctv_binh", tree.a1, Role.COLLABORATOR)
    people.binh.user = user
    people.binh.save(update_fields=["user"])
    assert summary_for(user, tree.a1, date(2026, 3, 1)).total == 1


@pytest.mark.parametrize("who", ["bloc_staff", "officer_a"])
@time_machine.travel(NOW, tick=False)
def test_the_summary_costs_the_same_queries_with_many_more_reports_and_committees(
    client, tree, people, topics, reports, django_assert_max_num_queries, request, who
):
    client.force_login(request.getfixturevalue(who))
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("opinion:report_summary"), {"month": "2026-03"}).status_code == 200
    for i in range(12):
        cell = make_committee(tree.a if i % 2 else tree.b, code=f"G{i}", name=f"Chi bộ {i}")
        collaborator = make_collaborator(cell, full_name=f"Cộng tác viên {i}")
        for month in (1, 2, 3):
            make_report(collaborator, topics=topics[i % 3 : i % 3 + 2], reported_on=date(2026, month, 1 + i))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("opinion:report_summary"), {"month": "2026-03"}).status_code == 200


# --- Attendance --------------------------------------------------------------------------------------------------


@pytest.fixture
def briefings(tree, people):
    """A's January and February briefings (held), the bloc's February one (held), B's February one (held), A's
    March one (planned), and the bloc's December one of the year before (held)."""
    january = make_briefing(tree.a, date(2026, 1, 13), status=HELD)
    invite_one(january, people.lan, attendance=PRESENT)
    invite_one(january, people.binh, attendance=EXCUSED, excuse="Đi công tác")
    invite_one(january, people.an, attendance=ABSENT)
    february = make_briefing(tree.a, date(2026, 2, 10), status=HELD)
    for person in (people.lan, people.binh, people.an):
        invite_one(february, person, attendance=PRESENT)
    bloc = make_briefing(tree.root, date(2026, 2, 12), status=HELD)
    for person, status in ((people.lan, ABSENT), (people.binh, PRESENT), (people.khac, PRESENT), (people.goc, PRESENT)):
        invite_one(bloc, person, attendance=status)
    sibling = make_briefing(tree.b, date(2026, 2, 11), status=HELD)
    invite_one(sibling, people.khac)  # held, attendance not recorded
    march = make_briefing(tree.a, date(2026, 3, 10), invite=[people.lan, people.an])
    december = make_briefing(tree.root, date(2025, 12, 9), status=HELD)
    invite_one(december, people.goc, attendance=PRESENT)
    invite_one(december, people.binh, attendance=ABSENT)
    return SimpleNamespace(january=january, february=february, bloc=bloc, sibling=sibling, march=march)


PERIODS = [
    (date(2026, 1, 1), date(2026, 3, 20)),
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2025, 1, 1), date(2026, 12, 31)),
    (date(2026, 2, 1), date(2026, 2, 28)),
    (date(2026, 2, 11), date(2026, 2, 11)),
    (date(2026, 1, 14), date(2026, 2, 10)),
    (date(2025, 12, 9), date(2026, 2, 11)),
    (date(2026, 3, 1), date(2026, 3, 31)),
]


def direct_totals(user, first, last, committee=None) -> dict:
    """The totals counted from the invitations, as they were before the roll-up."""
    start, end = direct.day_bounds(first, last)
    invitations = BriefingInvitation.objects.visible_to(user).filter(
        collaborator__isnull=False, briefing__status=HELD, briefing__starts_at__gte=start, briefing__starts_at__lt=end
    )
    if committee is not None:
        invitations = invitations.filter(invitee_committee__path__startswith=committee.path)
    marks = list(invitations.values_list("attendance", flat=True))
    totals = {"invited": len(marks), **{mark: marks.count(mark) for mark in (PRESENT, EXCUSED, ABSENT)}}
    totals["unrecorded"] = marks.count(Attendance.INVITED)
    totals["rate"] = totals["present"] * 100.0 / totals["invited"] if totals["invited"] else None
    return totals


def rows_of(page_or_rows, key: str) -> list[tuple]:
    names = ("invited", "present", "excused", "absent")
    figure = lambda row, name: row[name] if name in row else row[f"n_{name}"]  # noqa: E731 (the roll-up's names)
    return [(row[key], *(figure(row, name) for name in names), row["rate"]) for row in page_or_rows]


def assert_rates_equal_a_direct_count(user, committee=None):
    for first, last in PERIODS:
        assert attendance.totals(user, first, last, committee) == direct_totals(user, first, last, committee)
        for order in ("rate", "-rate"):
            rolled = attendance.rates_by_committee(user, first, last, committee, order).rows
            counted = direct.attendance_rates_by_committee(user, first, last, committee, order=order)
            assert rows_of(rolled, "committee__name") == rows_of(counted, "invitee_committee__name")
            rolled = attendance.rates_by_collaborator(user, first, last, committee, order).rows
            counted = direct.attendance_rates_by_collaborator(user, first, last, committee, order=order)
            assert rows_of(rolled, "collaborator__full_name") == rows_of(counted, "collaborator__full_name")


@time_machine.travel(NOW, tick=False)
def test_attendance_counts_equal_a_direct_count_for_every_reader_and_period(
    tree, briefings, bloc_staff, officer_a, officer_b_sibling
):
    assert_kept_equals_rebuilt()
    for user in (bloc_staff, officer_a, officer_b_sibling):
        assert_rates_equal_a_direct_count(user)
    assert_rates_equal_a_direct_count(bloc_staff, tree.a)
    assert_rates_equal_a_direct_count(officer_a, tree.a1)
    assert attendance.totals(officer_b_sibling, *PERIODS[0])["invited"] == 2  # Khác only: B's and the bloc's


@time_machine.travel("2026-03-12 17:00 +0700", tick=False)
def test_recording_attendance_moves_the_counts(tree, briefings, people, bloc_staff, officer_a):
    march = briefings.march
    invitations = {i.collaborator_id: i.pk for i in march.invitations.all()}
    briefing_services.briefing_record(
        briefing=march,
        attendance={invitations[people.lan.pk]: (ABSENT, "")},
        minutes="Biên bản",
        topics_discussed="",
        current_affairs="",
        mark_rest_present=True,
    )
    assert attendance.totals(officer_a, date(2026, 3, 1), date(2026, 3, 31)) == {
        "invited": 2,
        "present": 1,
        "excused": 0,
        "absent": 1,
        "unrecorded": 0,
        "rate": 50.0,
    }
    briefing_services.briefing_record(  # recording again corrects the record
        briefing=march,
        attendance={invitations[people.lan.pk]: (EXCUSED, "Ốm"), invitations[people.an.pk]: (ABSENT, "")},
        minutes="Biên bản",
        topics_discussed="",
        current_affairs="",
    )
    assert_kept_equals_rebuilt()
    assert_rates_equal_a_direct_count(bloc_staff)
    assert_rates_equal_a_direct_count(officer_a)


@time_machine.travel(NOW, tick=False)
def test_attendance_changes_in_the_admin_move_the_counts(admin_client, tree, briefings, people, bloc_staff):
    invitation = briefings.bloc.invitations.get(collaborator=people.lan)
    url = reverse("admin:opinion_briefinginvitation_change", args=[invitation.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(attendance=PRESENT, collaborator=people.lan.pk, staff="", excuse="")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    admin_client.post(reverse("admin:opinion_briefing_delete", args=[briefings.january.pk]), {"post": "yes"})
    Briefing.objects.filter(pk=briefings.february.pk).update(status=Briefing.Status.SCHEDULED)  # outside the app
    tallies_rebuild()  # what the repair command does
    admin_client.post(reverse("admin:opinion_collaborator_delete", args=[people.goc.pk]), {"post": "yes"})
    assert not BriefingInvitation.objects.filter(collaborator_id=people.goc.pk).exists()
    assert_kept_equals_rebuilt()
    assert_rates_equal_a_direct_count(bloc_staff)


@time_machine.travel(NOW, tick=False)
def test_the_rates_pages_show_the_figures_of_a_direct_count(client, tree, briefings, bloc_staff, officer_a):
    for user in (bloc_staff, officer_a):
        client.force_login(user)
        for by in ("collaborator", "committee"):
            for order in ("name", "rate", "-rate"):
                query = {"by": by, "order": order, "start": "01/01/2026", "end": "20/03/2026"}
                response = client.get(reverse("opinion:briefing_attendance_rates"), query)
                assert response.context["totals"] == direct_totals(user, date(2026, 1, 1), date(2026, 3, 20))
                key = "invitee_committee__name" if by == "committee" else "collaborator__full_name"
                shown = rows_of(response.context["page"], key)
                if order == "name":
                    assert all(row[1] >= 0 for row in shown)
                    continue
                counted = (
                    direct.attendance_rates_by_committee
                    if by == "committee"
                    else direct.attendance_rates_by_collaborator
                )(user, date(2026, 1, 1), date(2026, 3, 20), order=order)
                assert shown == rows_of(counted, key)


@pytest.mark.parametrize("period", [{}, {"start": "01/02/2026", "end": "11/02/2026"}])
@time_machine.travel(NOW, tick=False)
def test_the_rates_in_rate_order_page_through_every_row_once(client, tree, briefings, bloc_staff, monkeypatch, period):
    """The year so far is read row by row and counted apart; a shorter period is added up and counted with its
    rows: either way the pages hold every row once, in order, and a page past the end shows the last one."""
    monkeypatch.setattr("opinion.views.briefings.RATES_PER_PAGE", 2)
    client.force_login(bloc_staff)
    url = reverse("opinion:briefing_attendance_rates")
    for by, key in (("collaborator", "collaborator__full_name"), ("committee", "invitee_committee__name")):
        first = client.get(url, {"by": by, "order": "-rate", **period}).context["page"]
        shown = []
        for number in range(1, first.paginator.num_pages + 1):
            page = client.get(url, {"by": by, "order": "-rate", "page": number, **period}).context["page"]
            shown += rows_of(page, key)
        response = client.get(url, {"by": by, "order": "-rate", **period})
        last = date(2026, 2, 11) if period else date(2026, 3, 20)
        by_rate = direct.attendance_rates_by_committee if by == "committee" else direct.attendance_rates_by_collaborator
        assert shown == rows_of(by_rate(bloc_staff, date(2026, 1 if not period else 2, 1), last, order="-rate"), key)
        assert first.paginator.count == len(shown) > 2
        beyond = client.get(url, {"by": by, "order": "-rate", "page": 99, **period}).context["page"]
        assert beyond.number == first.paginator.num_pages
        assert response.context["page"].number == 1


@time_machine.travel(NOW, tick=False)
def test_the_rates_in_name_order_give_each_row_its_direct_figures(client, tree, briefings, bloc_staff):
    client.force_login(bloc_staff)
    page = client.get(reverse("opinion:briefing_attendance_rates"), {"start": "01/01/2026", "end": "20/03/2026"})
    figures = {row["collaborator__full_name"]: row for row in page.context["page"]}
    assert (figures["Nguyễn Thị Lan"]["invited"], figures["Nguyễn Thị Lan"]["present"]) == (3, 2)
    assert (figures["Phạm Thị Khác"]["invited"], figures["Phạm Thị Khác"]["rate"]) == (2, 50.0)
    by_committee = client.get(
        reverse("opinion:briefing_attendance_rates"), {"by": "committee", "start": "01/01/2026", "end": "20/03/2026"}
    )
    rows = {row["invitee_committee__name"]: (row["invited"], row["present"]) for row in by_committee.context["page"]}
    assert rows == {tree.root.name: (1, 1), tree.a.name: (3, 2), tree.a1.name: (5, 3), tree.b1.name: (2, 1)}


@time_machine.travel(NOW, tick=False)
def test_a_sibling_officer_sees_no_rate_of_a(client, tree, briefings, people, officer_b_sibling):
    client.force_login(officer_b_sibling)
    for by in ("collaborator", "committee"):
        for order in ("name", "rate"):
            response = client.get(reverse("opinion:briefing_attendance_rates"), {"by": by, "order": order})
            names = {
                row.get("collaborator__full_name") or row["invitee_committee__name"] for row in response.context["page"]
            }
            assert names <= {people.khac.full_name, tree.b.name, tree.b1.name}
            assert response.context["totals"]["invited"] == 2
            assert people.lan.full_name not in response.text and tree.a.name not in response.text


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("opinion:briefing_attendance_rates", {}),
        ("opinion:briefing_attendance_rates", {"by": "committee"}),
        ("opinion:briefing_attendance_rates", {"order": "rate"}),
        ("opinion:briefing_attendance_rates", {"by": "committee", "order": "-rate"}),
        ("opinion:briefing_rates_export", {"format": "xlsx"}),
        ("opinion:briefing_rates_export", {"by": "committee", "format": "csv"}),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_the_bloc_staffs_rates_cost_the_same_queries_with_many_more_invitations(
    client, tree, briefings, bloc_staff, django_assert_max_num_queries, name, query
):
    client.force_login(bloc_staff)
    url = reverse(name)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, query).status_code == 200
    for i in range(10):
        cell = make_committee(tree.b, code=f"B-G{i}", name=f"Chi bộ B số {i}")
        people = [make_collaborator(cell, full_name=f"Cộng tác viên {i}-{j}") for j in range(3)]
        for month in (1, 2, 3):
            briefing = make_briefing(cell, date(2026, month, 3 + i), status=HELD)
            for j, person in enumerate(people):
                invite_one(briefing, person, attendance=(PRESENT, ABSENT, EXCUSED)[(i + j + month) % 3])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url, query).status_code == 200


# --- Periods as rows ---------------------------------------------------------------------------------------------


def test_a_period_is_covered_exactly_by_its_years_quarters_and_days():
    """Whatever the period and the day it is asked on, the signed rows add up to its days and nothing else."""
    rng = random.Random(5)
    first_day, days = date(2024, 1, 1), 4 * 366
    weight = {first_day + timedelta(days=i): rng.randint(0, 3) for i in range(days)}
    rows = {}
    for day, n in weight.items():
        for period, start in period_starts(day).items():
            rows[(period, start)] = rows.get((period, start), 0) + n
    for _ in range(1500):
        first = first_day + timedelta(days=rng.randrange(days))
        last = min(first + timedelta(days=rng.choice([0, 5, 40, 100, 200, 400, 800])), date(2027, 12, 31))
        today = first_day + timedelta(days=rng.randrange(days))
        total = 0
        for sign, period, start, end in attendance.cover(first, last, today):
            total += sign * sum(n for (p, s), n in rows.items() if p == period and start <= s <= end)
        assert total == sum(n for day, n in weight.items() if first <= day <= last), (first, last, today)


def test_a_period_widened_over_days_without_briefings_counts_the_same():
    """Briefings fall on a few days a month: a period is widened to its year or quarter across days without any,
    and the widened period's rows add up to the same figures."""
    rng = random.Random(7)
    first_day, days = date(2024, 1, 1), 4 * 366
    weight = {first_day + timedelta(days=i): rng.randint(1, 3) for i in range(days) if rng.random() < 0.05}
    held = sorted(weight)
    rows = {}
    for day, n in weight.items():
        for period, start in period_starts(day).items():
            rows[(period, start)] = rows.get((period, start), 0) + n
    for _ in range(1500):
        first = first_day + timedelta(days=rng.randrange(days))
        last = min(first + timedelta(days=rng.choice([0, 5, 40, 100, 200, 400])), date(2027, 12, 31))
        before = max((day for day in held if day < first), default=None)
        after = min((day for day in held if day > last), default=None)
        wide_first, wide_last = attendance.stretch(first, last, before, after)
        assert wide_first <= first and wide_last >= last
        total = 0
        for sign, period, start, end in attendance.cover(wide_first, wide_last, first):
            total += sign * sum(n for (p, s), n in rows.items() if p == period and start <= s <= end)
        assert total == sum(n for day, n in weight.items() if first <= day <= last), (first, last)
    assert attendance.stretch(date(2026, 1, 1), date(2026, 11, 27), date(2025, 12, 9), None) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
    )


def test_the_year_so_far_is_read_from_one_row_per_counted_thing():
    assert attendance.cover(date(2026, 1, 1), date(2026, 11, 27), date(2026, 11, 27)) == [
        (1, Period.YEAR, date(2026, 1, 1), date(2026, 1, 1)),
        (-1, Period.DAY, date(2026, 11, 28), date(2026, 12, 31)),
    ]
    assert attendance.cover(date(2026, 1, 1), date(2026, 6, 30), date(2026, 11, 27)) == [
        (1, Period.QUARTER, date(2026, 1, 1), date(2026, 1, 1)),
        (1, Period.QUARTER, date(2026, 4, 1), date(2026, 4, 1)),
    ]


def test_the_demo_seeders_fill_the_counts_the_pages_read(db):
    """The seeders insert records in bulk and rebuild the counts after them, with the repair command's code."""
    from django.core.management import call_command

    from committees.demo import SCALES, DemoContext
    from opinion.demo import briefings as briefing_demo
    from opinion.demo import collaborators as collaborator_demo
    from opinion.demo import reports as report_demo

    call_command("seed_demo", "--scale", "small")
    ctx = DemoContext("small", SCALES["small"], date(2026, 3, 20), 20180705)
    for seeder in (collaborator_demo, briefing_demo, report_demo):
        seeder.seed(ctx)
    seeded = kept_rows()
    assert all(seeded.values())
    root = Committee.objects.get(depth=1)
    assert rolled_up_summary(root, date(2026, 2, 1)).total == OpinionReport.objects.in_month(date(2026, 2, 1)).count()
    call_command("rebuild_opinion_tallies", stdout=StringIO())
    assert kept_rows() == seeded


@time_machine.travel(NOW, tick=False)
def test_a_briefing_early_on_new_years_day_counts_on_its_local_day_quarter_and_year(tree, people, bloc_staff):
    """06:30 on 1 January in Hà Nội is still 31 December in UTC: the counts follow the local calendar."""
    early = make_briefing(tree.a, date(2026, 1, 1), starts_at=at(date(2026, 1, 1), 6, 30), status=HELD)
    invite_one(early, people.lan, attendance=PRESENT)

    def invited(first, last):
        return attendance.totals(bloc_staff, first, last)["invited"]

    for how in ("kept by the services", "rebuilt"):
        if how == "rebuilt":
            with timezone.override("UTC"):  # whatever zone the caller has activated
                tallies_rebuild()
        assert invited(date(2026, 1, 1), date(2026, 1, 1)) == 1, how
        assert invited(date(2026, 1, 1), date(2026, 3, 31)) == 1, how
        assert invited(date(2026, 1, 1), date(2026, 12, 31)) == 1, how
        assert invited(date(2025, 12, 31), date(2025, 12, 31)) == 0, how
        assert invited(date(2025, 10, 1), date(2025, 12, 31)) == 0, how
        assert invited(date(2025, 1, 1), date(2025, 12, 31)) == 0, how
        assert direct_totals(bloc_staff, date(2026, 1, 1), date(2026, 1, 1))["invited"] == 1
