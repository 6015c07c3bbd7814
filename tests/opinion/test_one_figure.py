"""One data set, and every place that shows a figure of it shows the same number: the attendance rate (present ÷
invited to held briefings) on the rates page, its export, the briefing page, the collaborator profile and the
monthly digest; and who has not reported on the *who has reported* page and in the digest."""

import csv
import io
from datetime import date

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from opinion.models import Briefing
from opinion.models.trainings import Attendance
from reports.digest import digest
from tests.factories import make_collaborator
from tests.opinion.factories_briefings import invite_one, make_briefing
from tests.opinion.factories_reports import make_report

pytestmark = pytest.mark.django_db
NOVEMBER = {"start": "01/11/2026", "end": "30/11/2026"}


@pytest.fixture
def held(tree):
    """A's November briefing, held: Lan present, Bình never recorded; Cường reported in November, the others not."""
    with time_machine.travel("2026-11-20 10:00 +0700", tick=False):
        lan = make_collaborator(tree.a, "Nguyễn Thị Lan")
        binh = make_collaborator(tree.a1, "Trần Văn Bình")
        cuong = make_collaborator(tree.a1, "Lê Văn Cường")
        make_report(cuong, reported_on=date(2026, 11, 5))
        briefing = make_briefing(tree.a, date(2026, 11, 10), status=Briefing.Status.HELD)
        invite_one(briefing, lan, attendance=Attendance.PRESENT)
        invite_one(briefing, binh)
    return briefing, lan, binh


def rows_of_export(client, **query) -> list[list[str]]:
    response = client.get(reverse("opinion:briefing_rates_export"), {**NOVEMBER, **query, "format": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@time_machine.travel("2026-12-01 07:00 +0700", tick=False)
def test_the_attendance_rate_is_the_same_everywhere(client, held, officer_a):
    briefing, lan, binh = held
    client.force_login(officer_a)

    page = client.get(reverse("opinion:briefing_attendance_rates"), NOVEMBER)
    assert page.context["totals"]["rate"] == 50.0
    assert "50%" in page.text.split('id="rates-total"')[1].split("</tr>")[0]
    assert rows_of_export(client)[-1][-5:] == ["2", "1", "0", "0", "50.0"]

    detail = client.get(briefing.get_absolute_url())
    assert (detail.context["figures"]["invited"], detail.context["figures"]["rate"]) == (2, 50.0)
    assert "50%" in detail.text.split('id="attendance-figures"')[1].split("</table>")[0]

    by_person = {row[0]: row[-1] for row in rows_of_export(client)[1:-1]}
    assert by_person == {"Nguyễn Thị Lan": "100.0", "Trần Văn Bình": "0.0", "Lê Văn Cường": ""}  # not invited
    for person, rate in ((lan, 100.0), (binh, 0.0)):
        profile = client.get(reverse("opinion:collaborator_detail", args=[person.pk]))
        assert profile.context["attendance"]["rate"] == rate

    figures = digest(officer_a, date(2026, 11, 1), date(2026, 12, 1))
    assert figures["attendance"]["rate"] == 50.0
    with translation.override("vi"):
        assert ": 50% (1/2)" in render_to_string("email/_digest_rows.txt", figures)


@time_machine.travel("2026-12-01 07:00 +0700", tick=False)
def test_who_has_not_reported_is_the_same_on_the_page_and_in_the_digest(client, held, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("opinion:report_status"), {"month": "2026-11", "state": "missing"})
    listed = sorted(collaborator.full_name for collaborator in page.context["object_list"])
    assert listed == ["Nguyễn Thị Lan", "Trần Văn Bình"]
    figures = digest(officer_a, date(2026, 11, 1), date(2026, 12, 1))
    assert figures["silent_count"] == page.context["paginator"].count == 2
    assert sorted(collaborator.full_name for collaborator in figures["silent"]) == listed
