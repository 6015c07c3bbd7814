"""The staff overview: every number is the number of rows of the list it links to, nothing of a sibling committee is
counted, a leader sees what waits for their signature, and the page costs the same queries with more records."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from committees.models import Role
from reports.models import ReportingPeriod
from reports.services import report_start
from tests.factories import make_staff
from tests.reports.overview_records import records

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _june():
    with time_machine.travel("2026-06-20 10:00 +0700", tick=False):
        yield


def rows_of(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["paginator"].count


def linked_figures(overview) -> list:
    summary = overview.summary
    rows = [*summary.by_topic, *summary.by_sentiment, *summary.trend] if summary else []
    return [*overview.attention, *overview.concerns_month, *overview.concerns_trend, *rows]


# The attention figures in order: my overdue concerns, overdue concerns, open hot spots critical, high, medium and
# low, collaborators who have not reported this month.
ATTENTION = {"officer_a": [1, 1, 1, 2, 0, 1, 1], "bloc_staff": [0, 2, 2, 4, 0, 2, 2]}


@pytest.mark.parametrize("who", ["officer_a", "bloc_staff"])
def test_every_number_is_the_number_of_rows_of_the_list_it_opens(client, tree, officer_a, bloc_staff, who):
    records(tree.a, tree.a1, officer_a)
    records(tree.b, tree.b1, make_staff("officer_b", tree.b, Role.OFFICER))
    client.force_login({"officer_a": officer_a, "bloc_staff": bloc_staff}[who])
    overview = client.get(reverse("home")).context["overview"]
    assert [figure.count for figure in overview.attention] == ATTENTION[who]
    scale = 1 if who == "officer_a" else 2  # bloc staff see A's records and B's
    assert [figure.count for figure in overview.concerns_month] == [2 * scale, scale]
    assert [figure.count for figure in overview.concerns_trend[-4:]] == [scale, 0, 0, 2 * scale]  # March to June
    assert (overview.summary.total, overview.summary.trend[-2].count) == (scale, scale)  # June, May
    followed = 0
    for figure in linked_figures(overview):
        if figure.count:
            assert rows_of(client, figure.url) == figure.count, (str(figure.label), figure.url)
            followed += 1
    assert followed >= 14


def test_a_sibling_committees_records_are_never_counted(client, tree, officer_a, officer_b_sibling):
    records(tree.a, tree.a1, officer_a)
    client.force_login(officer_b_sibling)
    response = client.get(reverse("home"))
    overview = response.context["overview"]
    assert [figure.count for figure in linked_figures(overview)] == [0] * len(linked_figures(overview))
    assert "Vụ việc riêng" not in response.text and tree.a.name not in response.text


def test_the_overview_costs_the_same_queries_with_many_more_records(client, tree, officer_a, bloc_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(bloc_staff)
    records(tree.a, tree.a1, officer_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    records(tree.b, tree.b1, make_staff("officer_b", tree.b, Role.OFFICER), n=4)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("home"))
    assert len(many) == len(few)


def test_a_leader_sees_the_report_waiting_for_their_signature_and_the_committees_that_are_late(
    client, tree, officer_a, leader_a, bloc_staff
):
    period = ReportingPeriod.objects.create(
        committee=tree.root, kind="half", year=2026, starts_on=date(2025, 12, 15), ends_on=date(2026, 6, 14),
        deadline=date(2026, 6, 19), obliged_kinds=["upper_grassroots"],
    )  # fmt: skip
    report = report_start(by=officer_a, period=period, committee=tree.a)
    client.force_login(leader_a)
    overview = client.get(reverse("home")).context["overview"]
    assert overview.to_sign == [report]
    assert [(due.period, due.report, due.owes) for due in overview.periods] == [(period, report, True)]
    client.force_login(bloc_staff)
    overview = client.get(reverse("home")).context["overview"]
    assert overview.to_sign == []  # bloc staff do not sign
    (due,) = overview.periods
    assert (due.owes, due.report, due.owed_by_children, due.late_children) == (True, None, 2, 2)  # A and B late
    client.force_login(make_staff("officer_b", tree.b, Role.OFFICER))
    (due,) = client.get(reverse("home")).context["overview"].periods
    assert (due.owes, due.report) == (True, None)  # B's own, not started; A's draft is not B's
