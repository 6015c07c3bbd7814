"""Filing and correcting opinion reports: what is stored, the channel it came by, and each refusal in its own words."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from committees.models import Role
from opinion.models import Collaborator, OpinionReport, Topic
from opinion.services.reports import report_file, report_update
from tests.factories import make_collaborator, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

TODAY = date(2026, 3, 15)


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-15 10:00 +0700", tick=False), translation.override("en"):
        yield


@pytest.fixture
def topic():
    return Topic.objects.order_by("order").first()


def refusal(service, **arguments) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        service(**arguments)
    return refused.value.messages


def test_a_report_is_stored_as_filed_and_staff_file_it_in_person_for_a_collaborator_with_an_account(
    tree, officer_a, topic
):
    account = make_staff("ctv_cuong", tree.a1, Role.COLLABORATOR)
    collaborator = make_collaborator(tree.a1, "Lê Văn Cường", user=account)
    report = report_file(
        collaborator=collaborator, by=officer_a, reported_on=TODAY, topics=[topic], summary="  Lo ngại giá điện.  ",
        sentiment=OpinionReport.Sentiment.NEGATIVE, spread=OpinionReport.Spread.WIDE,
        confidentiality=OpinionReport.Confidentiality.RESTRICTED,
    )  # fmt: skip
    stored = OpinionReport.objects.get(pk=report.pk)
    assert (stored.summary, stored.sentiment, stored.spread, stored.confidentiality, stored.is_hot_spot) == (
        "Lo ngại giá điện.", "negative", "wide", "restricted", False)  # fmt: skip
    assert (stored.channel, stored.entered_by, stored.committee, stored.reported_on) == (
        "in_person", officer_a, tree.a1, TODAY)  # fmt: skip
    assert list(stored.topics.all()) == [topic]
    own = report_file(collaborator=collaborator, by=account, reported_on=TODAY, topics=[topic], summary="Ổn định.",
                      sentiment=OpinionReport.Sentiment.POSITIVE, channel=OpinionReport.Channel.PHONE)  # fmt: skip
    assert own.channel == "online"  # from their own account, whatever was said


def test_what_cannot_be_filed_is_refused_in_its_own_words_and_nothing_is_stored(tree, officer_a, topic):
    collaborator = make_collaborator(tree.a1, "Lê Văn Cường")
    filed = {"collaborator": collaborator, "by": officer_a, "reported_on": TODAY, "topics": [topic],
             "summary": "Ổn định.", "sentiment": OpinionReport.Sentiment.MIXED}  # fmt: skip
    assert refusal(report_file, **{**filed, "reported_on": date(2026, 3, 16)}) == [
        "A report cannot be dated in the future."
    ]
    assert refusal(report_file, **{**filed, "topics": []}) == ["Choose at least one topic."]
    Collaborator.objects.filter(pk=collaborator.pk).update(status=Collaborator.Status.PAUSED)
    collaborator.refresh_from_db()
    assert refusal(report_file, **filed) == ["Lê Văn Cường is not an active collaborator."]
    assert not OpinionReport.objects.exists()


def test_a_correction_may_date_a_report_today_and_not_tomorrow(tree, officer_a, topic):
    report = report_file(collaborator=make_collaborator(tree.a1, "Lê Văn Cường"), by=officer_a,
                         reported_on=date(2026, 3, 10), topics=[topic], summary="Ổn định.",
                         sentiment=OpinionReport.Sentiment.MIXED)  # fmt: skip
    assert refusal(report_update, report=report, by=officer_a, reported_on=date(2026, 3, 16)) == [
        "A report cannot be dated in the future."
    ]
    assert refusal(report_update, report=report, by=officer_a, topics=[]) == ["Choose at least one topic."]
    report_update(report=report, by=officer_a, reported_on=TODAY)
    assert OpinionReport.objects.get(pk=report.pk).reported_on == TODAY


def test_a_correction_keeps_who_made_it_in_the_history(tree, officer_a, bloc_staff, topic):
    report = report_file(collaborator=make_collaborator(tree.a1, "Lê Văn Cường"), by=officer_a,
                         reported_on=date(2026, 3, 10), topics=[topic], summary="Ổn định.",
                         sentiment=OpinionReport.Sentiment.MIXED)  # fmt: skip
    report_update(report=report, by=bloc_staff, summary="Ổn định, cần theo dõi.")
    assert report.history.order_by("history_id").last().history_user == bloc_staff
