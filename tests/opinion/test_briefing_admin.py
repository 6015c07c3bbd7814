"""The admin of monthly briefings: invitations stay out of the briefing's page, changes reach calendars."""

from datetime import date

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opinion.models import Briefing, BriefingSchedule
from opinion.models.trainings import Attendance
from tests.opinion.factories_briefings import invite_one, make_briefing, make_collaborator, make_schedule

pytestmark = pytest.mark.django_db


def test_a_briefings_page_counts_its_invitations_and_links_to_their_paginated_list(admin_client, tree):
    briefing = make_briefing(tree.root, date(2026, 2, 10), status=Briefing.Status.HELD)
    for i in range(30):
        invite_one(briefing, make_collaborator(tree.a1, f"Cộng tác viên {i}"), attendance=Attendance.PRESENT)
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("admin:opinion_briefing_change", args=[briefing.pk]))
    assert response.status_code == 200
    assert "30 invited, 30 present, 0 excused, 0 absent." in response.text
    assert len(queries) < 30  # not one query per invitation
    listed = admin_client.get(
        reverse("admin:opinion_briefinginvitation_changelist"), {"briefing__id__exact": briefing.pk}
    )
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 30


def test_changing_a_briefings_date_in_the_admin_increments_its_sequence(admin_client, tree):
    briefing = make_briefing(tree.a, date(2026, 2, 10))
    form = admin_client.get(reverse("admin:opinion_briefing_change", args=[briefing.pk])).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(
        committee=tree.a.pk,
        schedule="",
        month="2026-02-01",
        starts_at_0="11/02/2026",
        starts_at_1="08:30",
        status="scheduled",
    )
    response = admin_client.post(reverse("admin:opinion_briefing_change", args=[briefing.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    briefing.refresh_from_db()
    assert timezone.localtime(briefing.starts_at).date() == date(2026, 2, 11)
    assert briefing.sequence == 1


@time_machine.travel("2026-08-20 10:00 +0700", tick=False)
def test_the_plan_action_plans_the_coming_months_of_the_chosen_schedules(admin_client, admin_user, tree):
    schedule = make_schedule(tree.a)
    response = admin_client.post(
        reverse("admin:opinion_briefingschedule_changelist"),
        {"action": "plan_coming_months", "_selected_action": [schedule.pk]},
    )
    assert response.status_code == 302
    assert Briefing.objects.filter(committee=tree.a).count() == 3
    assert BriefingSchedule.objects.get().history.count() == 1
