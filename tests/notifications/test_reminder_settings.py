"""The organising committee sets when its briefings' invitees are reminded, on the page of its monthly rule."""

from datetime import date, time

import pytest
import time_machine
from django.urls import reverse

from opinion.models import BriefingSchedule
from opinion.reminders import reminder_moments
from tests.notifications.conftest import local

FEB = local(date(2026, 2, 2), 9, 0)
RULE = {"week": "2", "weekday": "1", "time": "08:30", "duration": "120", "place": "Phòng họp", "months_ahead": "1"}


@time_machine.travel(FEB, tick=False)
def test_the_rule_page_offers_the_default_reminders_and_saves_the_committees_own(client, tree, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("opinion:briefing_schedule", args=[tree.a.pk]))
    assert 'value="3, 1"' in page.text and 'value="07:00"' in page.text
    response = client.post(
        reverse("opinion:briefing_schedule", args=[tree.a.pk]),
        {**RULE, "reminder_days": "7; 2, 7", "reminder_time": "06:30"},
    )
    assert response.status_code == 302
    schedule = BriefingSchedule.objects.get(committee=tree.a)
    assert (schedule.reminder_days, schedule.reminder_time) == ([7, 2], time(6, 30))
    briefing = schedule.briefings.get()
    keys = [key for _moment, key in reminder_moments(briefing)]
    assert keys == ["d7", "d2", "day"]


@time_machine.travel(FEB, tick=False)
def test_no_reminders_at_all_is_a_choice(client, tree, officer_a):
    client.force_login(officer_a)
    client.post(
        reverse("opinion:briefing_schedule", args=[tree.a.pk]), {**RULE, "reminder_days": "", "reminder_time": ""}
    )
    schedule = BriefingSchedule.objects.get(committee=tree.a)
    assert (schedule.reminder_days, schedule.reminder_time) == ([], None)
    assert reminder_moments(schedule.briefings.get()) == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("3, ba", "Ghi số ngày là số nguyên, cách nhau bằng dấu phẩy, ví dụ 3, 1."),
        ("3, 30", "Mỗi lần nhắc phải trước buổi giao ban từ 1 đến 14 ngày."),
        ("0", "Mỗi lần nhắc phải trước buổi giao ban từ 1 đến 14 ngày."),
    ],
)
@time_machine.travel(FEB, tick=False)
def test_bad_reminder_days_are_explained_and_nothing_is_saved(client, tree, officer_a, typed, message):
    client.force_login(officer_a)
    response = client.post(
        reverse("opinion:briefing_schedule", args=[tree.a.pk]),
        {**RULE, "reminder_days": typed, "reminder_time": "07:00"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reminder_days"] == [message]
    assert f'value="{typed}"' in response.text
    assert not BriefingSchedule.objects.exists()
