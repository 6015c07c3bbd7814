"""The default deadline: 30 working days after receipt, counted on the holiday table the administrators correct."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from core.models import Holiday
from opinion.services.concerns import CONCERN_DEADLINE_WORKING_DAYS
from tests.conftest import verified
from tests.opinion.factories_concerns import make_concern

pytestmark = pytest.mark.django_db

# Monday 25 January 2027, ten days before Tết Đinh Mùi (Thursday 4 to Wednesday 10 February 2027 are days off).
RECEIVED = datetime(2027, 1, 25, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@time_machine.travel(datetime(2026, 10, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
def test_the_deadline_is_thirty_working_days_after_receipt(tree, officer_a):
    """Received on Monday 5 October 2026, in weeks without a holiday: six weeks of five working days later."""
    concern = make_concern(tree.a, officer_a)
    assert concern.deadline == date(2026, 11, 16)
    days = [
        concern.received_on + timedelta(days=n) for n in range(1, (concern.deadline - concern.received_on).days + 1)
    ]
    assert sum(day.weekday() < 5 for day in days) == CONCERN_DEADLINE_WORKING_DAYS == 30


@time_machine.travel(RECEIVED, tick=False)
def test_the_deadline_skips_weekends_and_the_lunar_new_year(tree, officer_a):
    assert set(Holiday.objects.filter(date__range=(date(2027, 2, 4), date(2027, 2, 10))).values_list("date", flat=True))
    concern = make_concern(tree.a, officer_a)
    assert concern.received_on == date(2027, 1, 25)
    # Six weeks of working days would end on 8 March; the five working days of Tết push it a week later.
    assert concern.deadline == date(2027, 3, 15)


@time_machine.travel(RECEIVED, tick=False)
def test_a_holiday_the_admin_marks_as_worked_counts_again(client, tree, officer_a, admin_user):
    holiday = Holiday.objects.get(date=date(2027, 2, 10))
    verified(client, admin_user)
    response = client.post(
        reverse("admin:core_holiday_change", args=[holiday.pk]),
        {"date": "10/02/2027", "name": holiday.name, "_save": "Save"},  # "day off" unticked
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Holiday.objects.get(pk=holiday.pk).is_day_off
    assert make_concern(tree.a, officer_a).deadline == date(2027, 3, 12)


@time_machine.travel(RECEIVED, tick=False)
def test_a_substituted_day_off_the_admin_adds_pushes_the_deadline(client, tree, officer_a, admin_user):
    verified(client, admin_user)
    response = client.post(
        reverse("admin:core_holiday_add"),
        {"date": "01/03/2027", "name": "Nghỉ bù", "is_day_off": "on", "_save": "Save"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Holiday.objects.get(date=date(2027, 3, 1)).is_day_off
    assert make_concern(tree.a, officer_a).deadline == date(2027, 3, 16)


def test_a_deadline_given_by_hand_is_kept(tree, officer_a):
    concern = make_concern(tree.a, officer_a, received_on=date(2027, 1, 25), deadline=date(2027, 2, 26))
    assert concern.deadline == date(2027, 2, 26)
