"""The staff overview: every number is the number of rows of the list it links to, nothing of a sibling committee is
counted, a leader sees what waits for their signature, and the page costs the same queries with more records."""

import re
from datetime import date

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from committees.models import Committee, Role
from committees.permissions import kept_between_requests
from core import stamps
from reports.models import ReportingPeriod
from reports.overview import staff_overview
from reports.services import report_start
from tests.factories import make_committee, make_staff
from tests.opinion.factories_concerns import make_concern
from tests.reports.overview_records import records

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _june():
    with time_machine.travel("2026-06-20 10:00 +0700", tick=False):
        yield


def page_overview(client, response=None):
    """The overview the signed-in user's page shows: the page rendered, and its figures as the selectors give them
    (the page's branch part is cached HTML), each figure's link on the page."""
    response = response or client.get(reverse("home"))
    assert response.status_code == 200
    overview = staff_overview(response.wsgi_request.user, timezone.localdate())
    for figure in overview.attention:
        assert escape(figure.url) in response.text, figure.url
    return overview


def rows_of(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["paginator"].count


def linked_figures(overview) -> list:
    """The figures whose link opens a list of exactly ``count`` rows."""
    summary = overview.summary
    rows = [*summary.by_topic, *summary.by_sentiment, *summary.trend] if summary else []
    held = overview.briefings_month[:1]
    return [*overview.attention, *overview.concerns_month, *held, *overview.concerns_trend, *rows]


def rate_figures(overview) -> list:
    """The attendance figures, whose link opens the attendance rates of their month: present of invited."""
    return [*overview.briefings_month[1:], *overview.attendance_trend]


# The attention figures in order: my overdue concerns, mine due within a week, overdue concerns, briefings of the
# last week without recorded attendance, open hot spots critical, high, medium and low, collaborators who have not
# reported this month.
ATTENTION = {"officer_a": [1, 1, 1, 1, 1, 2, 0, 1, 1], "bloc_staff": [0, 0, 2, 2, 2, 4, 0, 2, 2]}


@pytest.mark.parametrize("who", ["officer_a", "bloc_staff"])
def test_every_number_is_the_number_of_rows_of_the_list_it_opens(client, tree, officer_a, bloc_staff, who):
    records(tree.a, tree.a1, officer_a)
    records(tree.b, tree.b1, make_staff("officer_b", tree.b, Role.OFFICER))
    client.force_login({"officer_a": officer_a, "bloc_staff": bloc_staff}[who])
    overview = page_overview(client)
    assert [figure.count for figure in overview.attention] == ATTENTION[who]
    scale = 1 if who == "officer_a" else 2  # bloc staff see A's records and B's
    assert [figure.count for figure in overview.concerns_month] == [3 * scale, scale]
    assert [figure.count for figure in overview.concerns_trend[-4:]] == [scale, 0, 0, 3 * scale]  # March to June
    assert (overview.summary.total, overview.summary.trend[-2].count) == (scale, scale)  # June, May
    # Briefings held this month of those due (A's on 09/06 held; A1's on 17/06 not), and present of invited.
    assert [(figure.count, figure.of) for figure in overview.briefings_month] == [(scale, 2 * scale)] * 2
    assert [(figure.count, figure.of) for figure in overview.attendance_trend[-3:]] == [
        (0, 0), (scale, scale), (scale, 2 * scale)  # April, May, June
    ]  # fmt: skip
    followed = 0
    for figure in linked_figures(overview):
        if figure.count:
            assert rows_of(client, figure.url) == figure.count, (str(figure.label), figure.url)
            followed += 1
    assert followed >= 16
    for figure in rate_figures(overview):
        if figure.of:
            totals = client.get(figure.url).context["totals"]
            assert (totals["present"], totals["invited"]) == (figure.count, figure.of), (str(figure.label), figure.url)
            followed += 1
    assert followed >= 19


def test_a_sibling_committees_records_are_never_counted(client, tree, officer_a, officer_b_sibling):
    records(tree.a, tree.a1, officer_a)
    client.force_login(officer_b_sibling)
    response = client.get(reverse("home"))
    overview = page_overview(client, response)
    figures = [*linked_figures(overview), *rate_figures(overview), *overview.steps_trend]
    assert [(figure.count, getattr(figure, "of", 0) or 0) for figure in figures] == [(0, 0)] * len(figures)
    assert overview.campaigns == []
    assert "Vụ việc riêng" not in response.text and tree.a.name not in response.text


def test_the_overview_costs_the_same_queries_with_many_more_records(client, tree, officer_a, bloc_staff):
    client.force_login(bloc_staff)
    records(tree.a, tree.a1, officer_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    records(tree.b, tree.b1, make_staff("officer_b", tree.b, Role.OFFICER), n=4)
    stamps.touch(None)  # made without a request: as after a management command
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("home"))
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as cached:
        client.get(reverse("home"))
    # The session read and written, the user and their scope; the figures (and, with Redis, the permissions) cached.
    permissions = 0 if kept_between_requests() else 2
    assert len(cached) <= 7 + permissions < len(few), [query["sql"][:60] for query in cached]


def concern_posted(client, committee, owner) -> None:
    data = {
        "committee": committee.code, "channel": "cell_meeting", "category": "wages", "owner": owner.pk,
        "content": "Kiến nghị sớm chi trả phụ cấp", "raised_by": "Vũ Đức Hải", "received_on": "19/06/2026",
    }  # fmt: skip
    client.force_login(owner)
    assert client.post(reverse("opinion:concern_create"), data).status_code == 302


def card_number(page: str, href: str) -> int:
    """The number of the page's card that links to ``href``, as the page shows it."""
    card = re.search(rf'href="{re.escape(href)}">\s*<div class="card-body py-2">\s*<div class="stat[^"]*">([\d.]+)<',
                     page)  # fmt: skip
    return int(card.group(1).replace(".", ""))


def received_this_month(client, user) -> int:
    """The number of the page's card *received this month* (what the cache holds)."""
    client.force_login(user)
    return card_number(client.get(reverse("home")).text, "/opinion/concerns/?received=2026-06")


def test_a_write_in_a_branch_is_seen_at_once_by_its_committees_and_the_ones_above_and_a_siblings_is_not(
    client, tree, officer_a, officer_b_sibling, bloc_staff
):
    a2 = make_committee(tree.a, code="A2", name="Đảng ủy Cục Thuế", kind=Committee.Kind.UPPER_GRASSROOTS)
    officer_a2 = make_staff("officer_a2", a2, Role.OFFICER)

    def seen() -> list[int]:
        return [received_this_month(client, user) for user in (officer_a2, officer_a, bloc_staff, officer_b_sibling)]

    assert seen() == [0, 0, 0, 0]
    concern_posted(client, a2, officer_a2)  # under A
    assert seen() == [1, 1, 1, 0]
    concern_posted(client, tree.a, officer_a)  # at A: above A2, under the bloc
    assert seen() == [1, 2, 2, 0]
    concern_posted(client, tree.b, officer_b_sibling)
    assert seen() == [1, 2, 3, 1]
    make_concern(a2, officer_a2, received_on=date(2026, 6, 19))  # no request: not seen until a write is stamped
    assert seen() == [1, 2, 3, 1]
    client.force_login(bloc_staff)
    client.post(reverse("logout"))  # any write from the bloc's scope reaches every committee's figures
    assert seen() == [2, 3, 4, 1]


def my_overdue(client, user) -> int:
    client.force_login(user)
    return card_number(client.get(reverse("home")).text, "/opinion/concerns/mine/?overdue=on")


def test_what_is_the_readers_own_is_kept_for_them_alone_and_read_again_after_a_write(client, tree, officer_a, leader_a):
    colleague = make_staff("officer_a_2", tree.a, Role.OFFICER)
    make_concern(tree.a, officer_a, received_on=date(2026, 4, 1))  # its thirty working days ended in May
    stamps.touch(None)
    assert (my_overdue(client, officer_a), my_overdue(client, colleague)) == (1, 0)
    period = ReportingPeriod.objects.create(
        committee=tree.root, kind="half", year=2026, starts_on=date(2025, 12, 15), ends_on=date(2026, 6, 14),
        deadline=date(2026, 6, 25), obliged_kinds=["upper_grassroots"],
    )  # fmt: skip
    client.force_login(leader_a)
    assert 'id="to-sign"' not in client.get(reverse("home")).text  # kept: nothing to sign yet
    client.force_login(officer_a)
    assert client.post(reverse("reports:period_detail", args=[period.pk])).status_code == 302
    report = period.reports.get(committee=tree.a)
    client.force_login(leader_a)
    page = client.get(reverse("home")).text
    assert 'id="to-sign"' in page and f'href="{report.get_absolute_url()}"' in page


def test_the_cached_figures_are_per_language_and_per_permissions(client, tree, officer_a, leader_a):
    records(tree.a, tree.a1, officer_a)
    client.force_login(officer_a)
    vietnamese = client.get(reverse("home")).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("home")).text
    assert "Điểm nóng đang mở, mức độ nghiêm trọng" in vietnamese and "Open hot spots, critical" in english
    client.force_login(leader_a)
    assert page_overview(client).to_sign == []


def test_a_leader_sees_the_report_waiting_for_their_signature_and_the_committees_that_are_late(
    client, tree, officer_a, leader_a, bloc_staff
):
    period = ReportingPeriod.objects.create(
        committee=tree.root, kind="half", year=2026, starts_on=date(2025, 12, 15), ends_on=date(2026, 6, 14),
        deadline=date(2026, 6, 19), obliged_kinds=["upper_grassroots"],
    )  # fmt: skip
    report = report_start(by=officer_a, period=period, committee=tree.a)
    client.force_login(leader_a)
    overview = page_overview(client)
    assert overview.to_sign == [report]
    assert [(due.period, due.report, due.owes) for due in overview.periods] == [(period, report, True)]
    client.force_login(bloc_staff)
    overview = page_overview(client)
    assert overview.to_sign == []  # bloc staff do not sign
    (due,) = overview.periods
    assert (due.owes, due.report, due.owed_by_children, due.late_children) == (True, None, 2, 2)  # A and B late
    client.force_login(make_staff("officer_b", tree.b, Role.OFFICER))
    (due,) = page_overview(client).periods
    assert (due.owes, due.report) == (True, None)  # B's own, not started; A's draft is not B's


def test_campaign_steps_due_and_overdue_for_my_committee_and_the_committees_of_my_branch(
    client, tree, officer_a, officer_b_sibling, bloc_staff
):
    from resolutions.models import StepKind
    from resolutions.selectors.study import study_figures
    from resolutions.services.campaigns import campaign_start, step_report_save
    from tests.resolutions.factories_documents import make_document

    upper, cell = tree.a.kind, tree.a1.kind
    campaign = campaign_start(
        by=bloc_staff, committee=tree.root, title="Học tập Nghị quyết", starts_on=date(2026, 5, 1),
        documents=[make_document(tree.root, issued_on=date(2026, 4, 20))], directly_under=False,
        steps=[
            (upper, StepKind.PLAN, 15),  # due 16/05: overdue on 20/06
            (upper, StepKind.MEMBERS, 60),  # due 30/06: within the fortnight
            (upper, StepKind.ACTION_PROGRAMME, 90),  # due 30/07: not yet
            (cell, StepKind.MEMBERS, 45),  # due 15/06: A1 done, B1 overdue
        ],
    )  # fmt: skip
    a1 = campaign.targets.get(committee=tree.a1)
    step_report_save(
        target=a1,
        step=campaign.steps.get(target_kind=cell),
        by=bloc_staff,
        done_on=date(2026, 6, 10),
        attendees=20,
        members_studied=20,
    )

    def shown(user):
        client.force_login(user)
        overview = page_overview(client)
        return overview, [
            (due.campaign, [(line.step.kind, line.status) for line in due.steps]) for due in overview.campaigns
        ]

    overview, lines = shown(officer_a)
    assert lines == [(campaign, [(StepKind.PLAN, "overdue"), (StepKind.MEMBERS, "not_due")])]
    (due,) = overview.campaigns
    assert [(step.step, step.count) for step in due.overdue] == [(StepKind.PLAN, 1)]  # A's; A1 has done its step
    assert rows_of(client, due.overdue[0].url) == 1
    # May: A's plan (not done); June: A1's members step (done) and A's (due 30/06).
    assert [(figure.count, figure.of) for figure in overview.steps_trend[-2:]] == [(0, 1), (1, 2)]

    overview, lines = shown(bloc_staff)
    assert lines == [(campaign, [])]  # the bloc organises it, it takes no step
    overdue = overview.campaigns[0].overdue
    assert [(step.step, step.count) for step in overdue] == [(StepKind.PLAN, 2), (StepKind.MEMBERS, 1)]  # A, B; B1
    assert [rows_of(client, step.url) for step in overdue] == [2, 1]
    assert [(figure.count, figure.of) for figure in overview.steps_trend[-2:]] == [(0, 2), (1, 4)]
    june = study_figures(tree.root, date(2026, 6, 1), date(2026, 6, 30))
    assert (june.done, june.steps_due) == (1, 4)  # the half-year report's definition, month by month

    response = client.get(reverse("home"))
    assert "Học tập Nghị quyết" in response.text

    overview, lines = shown(officer_b_sibling)
    assert [step.count for step in overview.campaigns[0].overdue] == [1, 1]  # B's plan, B1's study: nothing of A's
    assert [(figure.count, figure.of) for figure in overview.steps_trend[-2:]] == [(0, 1), (0, 2)]
