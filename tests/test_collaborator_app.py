"""A collaborator sees a collaborator's application: their own menu and overview, not the staff's pages."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from committees.models import Role
from opinion.models import Briefing
from tests.factories import make_collaborator, make_staff
from tests.opinion.factories_briefings import invite_one, make_briefing
from tests.opinion.factories_collaborators import attend_training, make_training
from tests.opinion.factories_reports import make_report

pytestmark = pytest.mark.django_db
NOW = "2026-03-20 09:00 +0700"
STAFF_PAGES = (
    "committees:tree", "opinion:collaborator_list", "opinion:collaborator_export", "opinion:concern_list",
    "opinion:hotspot_list", "opinion:dialogue_list", "opinion:report_status", "opinion:report_reporting",
    "opinion:report_summary", "opinion:briefing_attendance_rates",
)  # fmt: skip


@pytest.fixture
def hoa(tree):
    user = make_staff("ctv_hoa", tree.a1, Role.COLLABORATOR)
    return make_collaborator(tree.a1, full_name="Lê Thị Hoa", user=user)


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def menu_of(response) -> list[tuple[str, str]]:
    return [(str(item.label), item.url) for item in response.context["menu"]]


@time_machine.travel(NOW, tick=False)
def test_a_collaborator_gets_their_own_menu(client, tree, hoa):
    client.force_login(hoa.user)
    response = client.get(reverse("home"))
    assert menu_of(response) == [
        ("Overview", "/"),
        ("New opinion report", reverse("opinion:report_create")),
        ("My reports", reverse("opinion:report_list")),
        ("My briefings", reverse("opinion:briefing_list")),
        ("My trainings", reverse("opinion:training_list")),
        ("My profile", hoa.get_absolute_url()),
    ]
    for _label, url in menu_of(response):  # every entry opens, and nothing of the staff's is offered on the way
        page = client.get(url)
        assert page.status_code == 200, url
        for staff_page in STAFF_PAGES:
            assert f'href="{reverse(staff_page)}"' not in page.text, (url, staff_page)
    menu = client.get(reverse("opinion:report_create")).context["menu"]
    assert [str(item.label) for item in menu if item.active] == ["New opinion report"]  # not also "My reports"


def test_staff_keep_the_staff_menu(client, tree, officer_a):
    client.force_login(officer_a)
    labels = [str(item.label) for item in client.get(reverse("home")).context["menu"]]
    assert labels == ["Overview", "Party committees", "Public opinion", "Resolutions", "Reports"]
    [group] = [item for item in client.get(reverse("opinion:report_reporting")).context["menu"] if item.active]
    assert (str(group.label), [str(c.label) for c in group.children if c.active]) == (
        "Public opinion",
        ["Who has reported"],  # the longest address that starts the path, not also "Opinion reports"
    )


@time_machine.travel(NOW, tick=False)
def test_the_overview_shows_a_collaborator_their_own_work(client, tree, hoa, django_assert_max_num_queries):
    other = make_collaborator(tree.a1, full_name="Phạm Văn Nam")
    make_report(hoa, reported_on=date(2026, 3, 2), summary="Cán bộ quan tâm chế độ phụ cấp.")
    make_report(hoa, reported_on=date(2026, 2, 20))
    make_report(other, reported_on=date(2026, 3, 3), summary="Báo cáo Bí mật của người khác")
    nearer = make_briefing(tree.a, date(2026, 4, 14), status=Briefing.Status.SCHEDULED)
    later = make_briefing(tree.a, date(2026, 5, 12), status=Briefing.Status.SCHEDULED)
    make_briefing(tree.root, date(2026, 4, 7), status=Briefing.Status.SCHEDULED)  # sooner, but not invited
    for briefing in (nearer, later):
        invite_one(briefing, hoa)
    attend_training(hoa, make_training(tree.a))
    client.force_login(hoa.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("home"))
    assert response.context["next_briefing"] == nearer
    assert (response.context["reports_this_month"], len(response.context["latest_reports"])) == (1, 2)
    assert response.context["trainings_attended"] == 1
    this_month = client.get(f"{reverse('opinion:report_list')}?month=2026-03")  # the number's link
    assert f"{reverse('opinion:report_list')}?month=2026-03" in response.text
    assert this_month.context["paginator"].count == 1
    assert "Bí mật" not in response.text and "chế độ phụ cấp" in response.text
    assert reverse("opinion:report_create") in response.text and hoa.get_absolute_url() in response.text


def test_a_collaborator_without_a_profile_has_the_menu_without_it(client, tree):
    user = make_staff("ctv_no_profile", tree.a1, Role.COLLABORATOR)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert "My profile" not in [str(item.label) for item in response.context["menu"]]
    assert response.context["collaborator"] is None
