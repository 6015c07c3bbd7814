"""Steps at their edges: a concern's deadline no earlier than the day it was received, a hot spot's step or
follow-up neither in the future nor before it was opened (each refusal names what it is about and changes nothing),
the log line of each hot-spot step, a briefing moved only to a moment with its time zone."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from core.workflow import WorkflowError
from opinion.models import Briefing, Concern, HotSpot
from opinion.services import briefings as briefing_services
from opinion.services import concerns as concern_services
from opinion.services import hotspots as hotspot_services
from tests.opinion.factories_briefings import make_briefing, make_schedule
from tests.opinion.factories_concerns import make_concern
from tests.opinion.factories_hotspots import make_hotspot

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 20)


@time_machine.travel("2026-03-20 09:00 +0700", tick=False)
def test_a_deadline_may_be_the_day_received_but_not_before(tree, officer_a):
    concern = make_concern(tree.a, officer_a, received_on=date(2026, 3, 2))
    same_day = concern_services.concern_update(concern=concern, by=officer_a, deadline=date(2026, 3, 2))
    assert same_day.deadline == date(2026, 3, 2)
    with pytest.raises(WorkflowError) as refused:
        concern_services.concern_update(concern=concern, by=officer_a, deadline=date(2026, 3, 1))
    assert refused.value.message_dict == {"deadline": ["The deadline cannot be before the date received."]}
    assert Concern.objects.get(pk=concern.pk).deadline == date(2026, 3, 2)


@time_machine.travel("2026-03-20 09:00 +0700", tick=False)
@pytest.mark.parametrize(
    ("on", "refusal"),
    [
        (TODAY, None),
        (date(2026, 1, 5), None),  # the day it was opened
        (TODAY + timedelta(days=1), "The date cannot be in the future."),
        (date(2026, 1, 4), "The date cannot be before the hot spot was opened."),
    ],
)
def test_a_hot_spots_dates_lie_between_its_opening_and_today(tree, officer_a, on, refusal):
    hot_spot = make_hotspot(tree.a, officer_a, opened_on=date(2026, 1, 5))
    for step in (
        lambda: hotspot_services.hotspot_followup_add(hot_spot=hot_spot, by=officer_a, on=on, note="Đã nắm tình hình"),
        lambda: hotspot_services.hotspot_monitor(hot_spot=hot_spot, by=officer_a, note="Theo dõi", on=on),
    ):
        if refusal is None:
            step()
            continue
        with pytest.raises(WorkflowError) as refused:
            step()
        assert refused.value.messages == [refusal]
    if refusal is not None:
        assert HotSpot.objects.get(pk=hot_spot.pk).status == HotSpot.Status.OPEN
        assert not hot_spot.follow_ups.exists()


@time_machine.travel("2026-03-20 09:00 +0700", tick=False)
def test_each_step_of_a_hot_spot_is_logged_with_the_statuses_it_went_between(tree, officer_a):
    hot_spot = make_hotspot(tree.a, officer_a)
    with translation.override("en"):
        hotspot_services.hotspot_monitor(hot_spot=hot_spot, by=officer_a, note="  Tạm lắng  ")
        hotspot_services.hotspot_resolve(hot_spot=hot_spot, by=officer_a, outcome="Đã đối thoại")
    notes = list(hot_spot.follow_ups.order_by("pk").values_list("note", flat=True))
    open_, monitoring, resolved = (str(s.label) for s in (HotSpot.Status.OPEN, HotSpot.Status.MONITORING,
                                                              HotSpot.Status.RESOLVED))  # fmt: skip
    assert notes[0] == f"Status: {open_} → {monitoring}. Tạm lắng"
    assert notes[1].startswith(f"Status: {monitoring} → {resolved}.")


def test_a_briefing_is_moved_only_to_a_moment_with_its_time_zone(tree):
    briefing = make_briefing(tree.a, date(2026, 4, 14), status=Briefing.Status.SCHEDULED)
    with pytest.raises(ValueError, match=r"^starts_at must be an aware datetime$"):
        briefing_services.briefing_move(briefing=briefing, starts_at=datetime(2026, 4, 15, 8, 30), reason="Trùng lịch")


def test_planning_reads_the_holidays_once_however_many_months_ahead(tree, django_assert_num_queries):
    schedule = make_schedule(tree.a)
    with django_assert_num_queries(1):
        three = briefing_services.planned_months(schedule=schedule, months_ahead=3, today=date(2026, 1, 10))
    with django_assert_num_queries(1):
        twelve = briefing_services.planned_months(schedule=schedule, months_ahead=12, today=date(2026, 1, 10))
    assert twelve[:3] == three and len(twelve) == 12


def test_a_change_to_a_briefing_needs_its_reason(tree):
    briefing = make_briefing(tree.a, date(2026, 4, 14), status=Briefing.Status.SCHEDULED)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        briefing_services.briefing_cancel(briefing=briefing, reason="   ")
    assert refused.value.messages == ["Give the reason for the change."]


@time_machine.travel("2026-03-20 09:00 +0700", tick=False)
def test_a_concern_refused_or_forwarded_keeps_no_outcome(tree, officer_a, officer_b_sibling):
    refused = concern_services.concern_refuse(concern=make_concern(tree.a, officer_a), by=officer_a, reason="Trùng")
    assert (refused.outcome, Concern.objects.get(pk=refused.pk).outcome) == ("Trùng", "Trùng")
    forwarded = concern_services.concern_forward(
        concern=make_concern(tree.a, officer_a), by=officer_a, to_committee=tree.b, note="Thuộc thẩm quyền"
    )
    assert Concern.objects.get(pk=forwarded.pk).outcome == ""
