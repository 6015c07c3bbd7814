"""The public-opinion figures of a subtree over a half-year that is not month-aligned (15/12/2025 to 14/06/2026):
records on its first and last day count, those the day before and the day after do not, nor those of the sibling
branch B or of the bloc above A; a briefing's day is its local day; each figure is the one its page shows, and costs
the same queries whatever the number of records."""

from datetime import date
from types import SimpleNamespace

import pytest
import time_machine
from django.db.models import Q

from committees.models import Committee, Role
from opinion.figures import (
    BriefingFigures,
    CollaboratorFigures,
    ConcernFigures,
    DialogueFigures,
    HotSpotFigures,
    TrainingFigures,
    briefing_figures,
    collaborator_figures,
    concern_figures,
    dialogue_figures,
    hotspot_figures,
    opinion_report_figures,
    reporters_between,
    training_figures,
)
from opinion.models import Briefing, BriefingInvitation, Collaborator, CollaboratorStatusChange, OpinionReport, Topic
from opinion.models.trainings import Attendance
from opinion.selectors import attendance
from opinion.selectors.briefings import attendance_totals, day_bounds
from opinion.selectors.collaborators import collaborator_list
from opinion.services import concerns as concern_services
from opinion.services import hotspots as hotspot_services
from opinion.services.collaborators import collaborator_change_status
from opinion.services.reports import report_delete, report_update
from opinion.summaries import monthly_summary, rolled_up_summary
from reports.figures import figures as report_figures
from tests.factories import make_committee, make_staff
from tests.opinion.factories_briefings import at, invite_one, make_briefing
from tests.opinion.factories_collaborators import make_collaborator
from tests.opinion.factories_concerns import make_concern, make_dialogue
from tests.opinion.factories_hotspots import make_hotspot
from tests.opinion.factories_reports import make_report
from tests.opinion.factories_trainings import invite, make_training

pytestmark = pytest.mark.django_db
START, END = date(2025, 12, 15), date(2026, 6, 14)
BEFORE, AFTER = date(2025, 12, 14), date(2026, 6, 15)
Status, Kind = Collaborator.Status, CollaboratorStatusChange.Kind
Sentiment = OpinionReport.Sentiment


@pytest.fixture(autouse=True)
def _end_of_june():
    """Every record is made on 30/06/2026, after the period: the services refuse dates in the future."""
    with time_machine.travel("2026-06-30 10:00 +0700", tick=False):
        yield


@pytest.fixture
def staff(tree):
    return make_staff("figures_staff", tree.root, Role.BLOC_STAFF)


@pytest.fixture
def people(tree):
    """Collaborators appointed through the services: in A and A1, the sibling's cell B1 and the bloc itself."""

    def appoint(committee, name, on):
        return make_collaborator(committee, name, decision_date=on)

    return SimpleNamespace(
        lan=appoint(tree.a, "Nguyễn Thị Lan", date(2025, 3, 1)),
        binh=appoint(tree.a1, "Trần Văn Bình", START),  # A1's first collaborator
        cuong=appoint(tree.a1, "Lê Văn Cường", END),
        dung=appoint(tree.a1, "Phạm Văn Dũng", AFTER),
        em=appoint(tree.a, "Đỗ Thị Em", date(2025, 3, 1)),
        giang=appoint(tree.a, "Vũ Văn Giang", date(2025, 3, 1)),
        hoa=appoint(tree.a, "Bùi Thị Hoa", date(2025, 3, 1)),
        khac=appoint(tree.b1, "Phạm Thị Khác", date(2026, 1, 10)),
        goc=appoint(tree.root, "Hoàng Văn Gốc", date(2026, 1, 10)),
    )


def change(collaborator, to, on, by):
    collaborator_change_status(
        collaborator=collaborator, to=to, kind=Kind.REORGANISE, effective_on=on, reason="Chuyển công tác", by=by
    )


# --- Collaborators -----------------------------------------------------------------------------------------------


def test_collaborators_are_counted_by_their_status_on_the_last_day(tree, people, staff):
    change(people.em, Status.ENDED, END, staff)  # ended on the last day: not active, ended in the period
    change(people.giang, Status.ENDED, AFTER, staff)  # ended the day after: still active on the last day
    change(people.hoa, Status.PAUSED, date(2026, 2, 1), staff)
    change(people.hoa, Status.ACTIVE, AFTER, staff)  # reinstated after the period: paused on its last day
    change(people.khac, Status.ENDED, date(2026, 3, 1), staff)  # the sibling's

    # Active on 14/06: Lan, Giang (A), Bình, Cường (A1); Dũng is appointed the day after. A1's network begins on
    # the first day (Bình); A's began in 2025.
    assert collaborator_figures(tree.a, START, END) == CollaboratorFigures(
        active=4, appointed=2, ended=1, committees_with_active=2, networks_established=1
    )
    assert collaborator_figures(tree.b, START, END) == CollaboratorFigures(appointed=1, ended=1, networks_established=1)
    assert collaborator_figures(tree.root, START, END) == CollaboratorFigures(
        active=5, appointed=4, ended=2, committees_with_active=3, networks_established=3
    )


def test_on_today_the_active_collaborators_are_those_the_list_counts(tree, people, staff, officer_a):
    change(people.em, Status.ENDED, END, staff)
    change(people.hoa, Status.PAUSED, date(2026, 6, 30), staff)
    Collaborator.objects.create(committee=tree.a1, full_name="Ngô Văn Cũ")  # entered before statuses were recorded
    listed = collaborator_list(officer_a, {"status": Status.ACTIVE}).qs.count()
    # Lan, Giang, Bình, Cường, Dũng (appointed since) and the one without a record of changes; Hoa no longer.
    assert collaborator_figures(tree.a, START, date(2026, 6, 30)).active == listed == 6


# --- Trainings ---------------------------------------------------------------------------------------------------


def test_trainings_count_those_begun_in_the_period_and_persons_apart_from_person_times(tree, people):
    first = make_training(tree.a, starts_on=START)
    invite(first, people.lan, people.binh, status=Attendance.PRESENT)
    invite(first, people.cuong, status=Attendance.EXCUSED)
    last = make_training(tree.a1, starts_on=END, ends_on=date(2026, 6, 16))
    invite(last, people.binh, people.cuong, status=Attendance.PRESENT)
    invite(make_training(tree.a, starts_on=BEFORE), people.lan, status=Attendance.PRESENT)
    invite(make_training(tree.a, starts_on=AFTER), people.lan, status=Attendance.PRESENT)
    blocwide = make_training(tree.root, starts_on=date(2026, 3, 1))  # the bloc's: A's collaborators trained there
    invite(blocwide, people.lan, people.goc, people.khac, status=Attendance.PRESENT)
    invite(make_training(tree.b, starts_on=date(2026, 3, 1)), people.khac, status=Attendance.PRESENT)

    # Lan (first, bloc-wide), Bình (first, last), Cường (last): three persons, five person-times. A organised the
    # first itself, A1 the last; the bloc organised its own.
    assert training_figures(tree.a, START, END) == TrainingFigures(
        trainings=2, own_trainings=1, persons=3, person_times=5
    )
    assert training_figures(tree.b, START, END) == TrainingFigures(
        trainings=1, own_trainings=1, persons=1, person_times=2
    )
    assert training_figures(tree.root, START, END) == TrainingFigures(
        trainings=4, own_trainings=1, persons=5, person_times=8
    )


# --- Monthly briefings -------------------------------------------------------------------------------------------


@pytest.fixture
def briefings(tree, people, staff):
    held = Briefing.Status.HELD
    # 06:30 on 15/12 in Hà Nội is 23:30 on 14/12 UTC: the first day's; 06:30 on 15/06 is 14/06 UTC: the day after's.
    first = make_briefing(tree.a, START, starts_at=at(START, 6, 30), status=held)
    invite_one(first, people.lan, attendance=Attendance.PRESENT)
    invite_one(first, people.binh, attendance=Attendance.EXCUSED, excuse="Đi công tác")
    invite_one(first, people.cuong, attendance=Attendance.ABSENT)
    invite_one(first, staff, attendance=Attendance.PRESENT)  # the organisers' side: not in the attendance rate
    last = make_briefing(tree.a1, END, status=held)
    invite_one(last, people.binh, attendance=Attendance.PRESENT)
    make_briefing(tree.a1, date(2026, 3, 10))  # scheduled, never recorded: due, not held
    make_briefing(tree.a1, date(2026, 4, 14), status=Briefing.Status.CANCELLED)
    after = make_briefing(tree.a, AFTER, starts_at=at(AFTER, 6, 30), status=held)
    invite_one(after, people.lan, attendance=Attendance.PRESENT)
    blocwide = make_briefing(tree.root, date(2026, 2, 10), status=held)
    invite_one(blocwide, people.lan, attendance=Attendance.PRESENT)
    invite_one(blocwide, people.goc, attendance=Attendance.PRESENT)
    sibling = make_briefing(tree.b, date(2026, 2, 10), status=held)
    invite_one(sibling, people.khac, attendance=Attendance.ABSENT)


def test_briefings_are_counted_on_their_local_day_and_attendance_by_the_invitees(tree, briefings):
    # Due: the first day's (held), the last day's (held) and March's (scheduled); April's was cancelled. Attendance:
    # Lan, Bình, Cường at the first, Bình at the last, Lan at the bloc's; not the staff member, not the day after.
    assert briefing_figures(tree.a, START, END) == BriefingFigures(
        due=3, held=2, own_held=1, invited=5, attended=3, excused=1, absent=1
    )
    assert briefing_figures(tree.a, START, END).attendance_rate == 60.0
    assert briefing_figures(tree.b, START, END) == BriefingFigures(due=1, held=1, own_held=1, invited=1, absent=1)
    assert briefing_figures(tree.a, AFTER, AFTER) == BriefingFigures(due=1, held=1, own_held=1, invited=1, attended=1)


def test_briefing_attendance_is_the_figure_of_the_attendance_rates_page(tree, briefings, officer_a):
    figures = briefing_figures(tree.a, START, END)
    first, after = day_bounds(START, END)
    invitations = BriefingInvitation.objects.filter(
        invitee_committee__path__startswith=tree.a.path, briefing__starts_at__gte=first, briefing__starts_at__lt=after
    )
    # What the page shows an officer (the roll-up), and the same counted from the invitations themselves.
    for shown in (attendance_totals(officer_a, START, END, tree.a), attendance.figures_of(invitations)):
        assert (figures.invited, figures.attended, figures.excused, figures.absent) == (
            shown["invited"], shown["present"], shown["excused"], shown["absent"],
        )  # fmt: skip
        assert figures.attendance_rate == shown["rate"]


# --- Opinion reports ---------------------------------------------------------------------------------------------


@pytest.fixture
def topics(db):
    return list(Topic.objects.order_by("order", "name"))


def test_opinion_reports_are_counted_by_topic_sentiment_and_reporter(tree, people, topics):
    make_report(people.lan, reported_on=START, sentiment=Sentiment.NEGATIVE, topics=topics[:2], is_hot_spot=True)
    make_report(people.binh, reported_on=END, sentiment=Sentiment.POSITIVE, topics=[topics[0]])
    make_report(people.binh, reported_on=date(2026, 3, 1), topics=[topics[3]])
    make_report(people.cuong, reported_on=AFTER, topics=[topics[0]])
    make_report(people.lan, reported_on=BEFORE, topics=[topics[0]])
    make_report(people.khac, reported_on=date(2026, 3, 1), topics=[topics[0]])
    make_report(people.goc, reported_on=date(2026, 3, 1), topics=[topics[0]])

    figures = opinion_report_figures(tree.a, START, END)
    assert (figures.reports, figures.possible_hot_spots, figures.reporters, figures.negative) == (3, 1, 2, 1)
    assert figures.by_sentiment == ((Sentiment.POSITIVE, 1), (Sentiment.MIXED, 1), (Sentiment.NEGATIVE, 1))
    expected = {topics[0].name: 2, topics[1].name: 1, topics[3].name: 1}
    assert figures.by_topic == tuple((topic.name, expected.get(topic.name, 0)) for topic in topics)
    whole = opinion_report_figures(tree.root, START, END)
    assert (whole.reports, whole.reporters) == (5, 4)
    # Days of one month only, and whole months only: read from the daily roll-up, and from the monthly one.
    december = opinion_report_figures(tree.a, START, date(2025, 12, 31))
    assert (december.reports, december.possible_hot_spots, december.reporters, december.negative) == (1, 1, 1, 1)
    spring = opinion_report_figures(tree.a, date(2026, 1, 1), date(2026, 5, 31))
    assert (spring.reports, spring.reporters, dict(spring.by_topic)[topics[3].name]) == (1, 1, 1)


def test_reporters_are_counted_once_by_the_days_they_reported_on(tree, people, topics):
    """The reporters are read from the days each collaborator reported on (``ReporterYear``): a report just outside
    a window's edge does not count, several in it count once, and a report moved or deleted moves its day."""
    make_report(people.lan, reported_on=BEFORE)
    outside = make_report(people.lan, reported_on=AFTER)
    make_report(people.binh, reported_on=date(2025, 12, 20))
    february = [make_report(people.binh, reported_on=date(2026, 2, day)) for day in (3, 4, 4)]
    make_report(people.cuong, reported_on=END)
    assert reporters_between(tree.a, START, END) == 2  # Bình three times, Cường on the last day
    assert reporters_between(tree.a, START, AFTER) == 3
    assert reporters_between(tree.a, date(2026, 2, 4), date(2026, 2, 10)) == 1  # days inside one month
    assert reporters_between(tree.a, date(2026, 2, 5), date(2026, 2, 28)) == 0
    assert reporters_between(tree.a, date(2025, 12, 21), date(2026, 1, 31)) == 0  # across the year's end

    report_update(report=february[2], reported_on=date(2026, 2, 5))
    assert reporters_between(tree.a, date(2026, 2, 5), date(2026, 2, 28)) == 1
    report_delete(reports=OpinionReport.objects.filter(pk=february[2].pk))
    assert reporters_between(tree.a, date(2026, 2, 5), date(2026, 2, 28)) == 0
    report_update(report=outside, reported_on=END)
    assert reporters_between(tree.a, START, END) == 3
    assert reporters_between(tree.root, START, END) == opinion_report_figures(tree.root, START, END).reporters == 3


def test_one_calendar_month_of_reports_is_the_monthly_summary(tree, people, topics):
    march = date(2026, 3, 1)
    make_report(people.lan, reported_on=march, sentiment=Sentiment.NEGATIVE, topics=topics[:2], is_hot_spot=True)
    make_report(people.binh, reported_on=date(2026, 3, 31), sentiment=Sentiment.POSITIVE, topics=[topics[4]])
    make_report(people.binh, reported_on=date(2026, 3, 15), topics=[topics[4]])
    make_report(people.cuong, reported_on=date(2026, 2, 28), topics=[topics[0]])
    make_report(people.cuong, reported_on=date(2026, 4, 1), topics=[topics[0]])
    make_report(people.khac, reported_on=date(2026, 3, 10), topics=[topics[2]])
    Topic.objects.filter(pk__in=[topics[1].pk, topics[5].pk]).update(is_active=False)  # one reported on, one not

    figures = opinion_report_figures(tree.a, march, date(2026, 3, 31))
    for summary in (rolled_up_summary(tree.a, march), monthly_summary(OpinionReport.objects.all(), tree.a, march)):
        assert (figures.reports, figures.possible_hot_spots, figures.negative) == (
            summary.total, summary.hot_spots, summary.negative,
        )  # fmt: skip
        assert list(figures.by_topic) == [(row.label, row.count) for row in summary.by_topic]
        assert list(figures.by_sentiment) == [(row.filter["sentiment"], row.count) for row in summary.by_sentiment]
    assert figures.reports == 3 and figures.reporters == 2
    assert topics[1].name in dict(figures.by_topic) and topics[5].name not in dict(figures.by_topic)


# --- Hot spots ---------------------------------------------------------------------------------------------------


def test_hot_spots_opened_resolved_and_still_open_on_the_last_day(tree, staff):
    def spot(committee, opened_on, resolved_on=None):
        hot_spot = make_hotspot(committee, staff, opened_on=opened_on)
        if resolved_on is not None:
            hotspot_services.hotspot_resolve(hot_spot=hot_spot, by=staff, outcome="Đã đối thoại", on=resolved_on)
        return hot_spot

    spot(tree.a, START)  # open
    spot(tree.a1, date(2025, 11, 1), END)
    spot(tree.a1, date(2026, 1, 10), AFTER)  # resolved the day after: still open on the last day
    spot(tree.a, AFTER)
    spot(tree.a, date(2025, 10, 1), BEFORE)
    watched = spot(tree.a, date(2026, 2, 1))
    hotspot_services.hotspot_monitor(hot_spot=watched, by=staff, on=date(2026, 3, 1))
    reopened = spot(tree.a1, date(2025, 11, 1), date(2026, 1, 5))
    hotspot_services.hotspot_reopen(hot_spot=reopened, by=staff, reason="Bùng phát lại", on=date(2026, 2, 1))
    spot(tree.b1, date(2026, 1, 10))

    # The reopened one counts as open (its stored resolution is gone), not as resolved in the period.
    assert hotspot_figures(tree.a, START, END) == HotSpotFigures(opened=3, resolved=1, open_at_end=4)
    assert hotspot_figures(tree.b, START, END) == HotSpotFigures(opened=1, open_at_end=1)


# --- Concerns ----------------------------------------------------------------------------------------------------


def test_concerns_received_resolved_in_time_and_overdue_on_the_last_day(tree, staff, officer_b_sibling):
    def concern(committee, received_on, deadline, closed_on=None, refused=False, owner=staff):
        made = make_concern(committee, owner, received_on=received_on, deadline=deadline)
        if closed_on is not None:
            with time_machine.travel(f"{closed_on} 15:00 +0700", tick=False):  # a concern closes on the day it is
                if refused:
                    concern_services.concern_refuse(concern=made, by=owner, reason="Không thuộc thẩm quyền")
                else:
                    advised = concern_services.concern_start_advising(concern=made, by=owner)
                    concern_services.concern_resolve(concern=advised, by=owner, outcome="Đã trả lời")
        return made

    concern(tree.a, START, date(2026, 1, 30), closed_on=date(2026, 1, 20))  # resolved in time
    concern(tree.a1, date(2025, 11, 20), date(2025, 12, 31), closed_on=date(2026, 1, 5))  # resolved late
    concern(tree.a1, date(2026, 5, 1), date(2026, 6, 13))  # overdue on the last day
    concern(tree.a, date(2026, 5, 2), END)  # due on the last day: not overdue yet
    concern(tree.a, AFTER, date(2026, 7, 30))
    concern(tree.a1, date(2026, 3, 1), date(2026, 4, 10), closed_on=date(2026, 6, 20))  # overdue, resolved later
    concern(tree.a, date(2026, 2, 1), date(2026, 3, 15), closed_on=date(2026, 2, 10), refused=True)
    concern(tree.a, END, date(2026, 7, 20), closed_on=END)  # received and resolved on the last day
    concern(tree.b1, date(2026, 3, 1), date(2026, 3, 10), owner=officer_b_sibling)

    figures = concern_figures(tree.a, START, END)
    assert figures == ConcernFigures(received=6, resolved=3, resolved_in_time=2, overdue=2)
    assert round(figures.in_time_rate, 2) == 66.67
    assert concern_figures(tree.b, START, END) == ConcernFigures(received=1, overdue=1)


# --- Dialogue sessions -------------------------------------------------------------------------------------------


def test_dialogues_held_in_the_period_and_their_participants(tree, staff):
    for committee, held_on, participants in (
        (tree.a, START, 120),
        (tree.a1, END, 40),
        (tree.a, AFTER, 99),
        (tree.a, BEFORE, 77),
        (tree.b, date(2026, 3, 1), 55),
    ):
        make_dialogue(committee, staff, held_on=held_on, participants=participants)

    assert dialogue_figures(tree.a, START, END) == DialogueFigures(sessions=2, participants=160)
    assert dialogue_figures(tree.b, START, END) == DialogueFigures(sessions=1, participants=55)
    assert dialogue_figures(tree.a, AFTER, AFTER + (AFTER - START)) == DialogueFigures(sessions=1, participants=99)


# --- The only root ------------------------------------------------------------------------------------------------


def test_the_only_root_reads_every_record_and_a_second_roots_records_stay_out(tree, people, topics, staff):
    """The tree's only root reads its subtree without a path filter (no join to the committees); once a second
    root exists, the first root's figures in every section do not count the second's records."""
    make_report(people.lan, reported_on=START, topics=[topics[0]])
    make_dialogue(tree.a, staff, held_on=START, participants=10)
    assert (tree.root.subtree(), tree.a.subtree()) == (Q(), Q(committee__path__startswith=tree.a.path))
    before = report_figures(tree.root, START, END)
    assert before["dialogues"] == {"sessions": 1, "participants": 10}

    other = make_committee(None, code="OTHER", name="Đảng bộ khác", kind=Committee.Kind.BLOC)
    cell = make_committee(other, code="O1", name="Chi bộ khác")
    stranger = make_collaborator(cell, "Người Khác", decision_date=START)
    make_report(stranger, reported_on=START, topics=[topics[0]])
    make_dialogue(cell, make_staff("other_staff", other, Role.BLOC_STAFF), held_on=START, participants=99)
    root = Committee.objects.get(pk=tree.root.pk)
    assert root.subtree("collaborator__committee") == Q(collaborator__committee__path__startswith=root.path)
    assert report_figures(root, START, END) == before
    theirs = report_figures(other, START, END)
    assert (theirs["dialogues"]["sessions"], theirs["opinion_reports"]["reports"]) == (1, 1)


# --- Cost --------------------------------------------------------------------------------------------------------

FIGURES = [
    collaborator_figures,
    training_figures,
    briefing_figures,
    opinion_report_figures,
    hotspot_figures,
    concern_figures,
    dialogue_figures,
]


def add_records(tree, staff, topics, n: int) -> None:
    """``n`` more committees under A, each with one record of every kind in the period (and a status change)."""
    for _number in range(n):
        committee = make_committee(tree.a)
        first = make_collaborator(committee, "Nguyễn Văn Một", decision_date=START)
        second = make_collaborator(committee, "Trần Thị Hai", decision_date=date(2025, 1, 5))
        change(second, Status.ENDED, date(2026, 3, 1), staff)
        invite(make_training(committee, starts_on=date(2026, 3, 2)), first, second, status=Attendance.PRESENT)
        briefing = make_briefing(committee, date(2026, 3, 10), status=Briefing.Status.HELD)
        invite_one(briefing, first, attendance=Attendance.PRESENT)
        invite_one(briefing, second, attendance=Attendance.EXCUSED)
        make_report(first, reported_on=date(2026, 3, 11), topics=topics[:2])
        make_hotspot(committee, staff, opened_on=date(2026, 3, 12))
        make_concern(committee, staff, received_on=date(2026, 3, 13), deadline=date(2026, 4, 13))
        make_dialogue(committee, staff, held_on=date(2026, 3, 14))


def test_each_figure_costs_the_same_queries_with_many_more_records(tree, staff, topics, django_assert_max_num_queries):
    add_records(tree, staff, topics, 1)
    few = {}
    for figures in FIGURES:
        with django_assert_max_num_queries(6) as counted:
            figures(tree.a, START, END)
        few[figures] = len(counted.captured_queries)
    add_records(tree, staff, topics, 8)
    for figures in FIGURES:
        with django_assert_max_num_queries(few[figures]):
            figures(tree.a, START, END)
