"""The monthly rule, its dates (holidays moved to the next working day) and the planning of the coming briefings."""

from datetime import date, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone, translation

from committees.models import Role, StaffProfile
from opinion.models import Briefing, BriefingInvitation, BriefingSchedule, Collaborator
from opinion.services import briefings as services
from tests.concurrency import run_behind
from tests.factories import make_staff
from tests.opinion.factories_briefings import make_collaborator, make_schedule

pytestmark = pytest.mark.django_db
Week, Weekday = BriefingSchedule.Week, BriefingSchedule.Weekday


def day(year, month, week, weekday):
    return services.briefing_day(year=year, month=month, week=week, weekday=weekday)


# --- the date rule -----------------------------------------------------------------------------------------------


def test_the_second_tuesday_of_a_month_is_found():
    assert day(2026, 2, Week.SECOND, Weekday.TUESDAY) == date(2026, 2, 10)
    assert day(2026, 3, Week.SECOND, Weekday.TUESDAY) == date(2026, 3, 10)
    assert day(2026, 9, Week.SECOND, Weekday.TUESDAY) == date(2026, 9, 8)  # the 1st is a Tuesday and a holiday


def test_the_last_friday_of_a_month_is_found():
    assert day(2027, 1, Week.LAST, Weekday.FRIDAY) == date(2027, 1, 29)
    assert day(2026, 7, Week.LAST, Weekday.FRIDAY) == date(2026, 7, 31)
    assert services.rule_day(year=2026, month=2, week=Week.LAST, weekday=Weekday.FRIDAY) == date(2026, 2, 27)


def test_a_rule_day_on_national_day_moves_to_the_next_working_day():
    # The first Wednesday of September 2026 is 2 September, National Day.
    assert services.rule_day(year=2026, month=9, week=Week.FIRST, weekday=Weekday.WEDNESDAY) == date(2026, 9, 2)
    assert day(2026, 9, Week.FIRST, Weekday.WEDNESDAY) == date(2026, 9, 3)
    # The first Tuesday of September 2025 is 2 September as well.
    assert day(2025, 9, Week.FIRST, Weekday.TUESDAY) == date(2025, 9, 3)


def test_a_rule_day_in_tet_2027_moves_past_the_whole_holiday():
    # The second Tuesday of February 2027 is the fourth day of Tết; the holiday lasts to Wednesday the 10th.
    assert services.rule_day(year=2027, month=2, week=Week.SECOND, weekday=Weekday.TUESDAY) == date(2027, 2, 9)
    assert day(2027, 2, Week.SECOND, Weekday.TUESDAY) == date(2027, 2, 11)


def test_a_holiday_followed_by_a_weekend_and_a_substitute_day_off_moves_into_the_next_month():
    # Friday 30 April 2027, then the weekend, then Monday 3 May (off in lieu of Saturday 1 May).
    assert day(2027, 4, Week.LAST, Weekday.FRIDAY) == date(2027, 5, 4)


def test_a_holiday_added_by_hand_moves_the_briefing_too():
    from core.models import Holiday

    Holiday.objects.create(date=date(2026, 3, 10), name="Nghỉ bù")
    assert day(2026, 3, Week.SECOND, Weekday.TUESDAY) == date(2026, 3, 11)


# --- planning ----------------------------------------------------------------------------------------------------


@pytest.fixture
def network(tree):
    """Collaborators of A (one paused), of its cell A1, and of the sibling B's cell."""
    return {
        "a": make_collaborator(tree.a, "Nguyễn Thị Lan"),
        "a1": make_collaborator(tree.a1, "Trần Văn Bình"),
        "paused": make_collaborator(tree.a1, "Lê Văn Nghỉ", status=Collaborator.Status.PAUSED),
        "b1": make_collaborator(tree.b1, "Phạm Thị Khác"),
    }


@time_machine.travel("2026-08-20 10:00 +0700", tick=False)
def test_planning_creates_the_coming_months_at_the_rules_local_time(tree, network, officer_a):
    schedule = make_schedule(tree.a, week=Week.FIRST, weekday=Weekday.WEDNESDAY, time=time(8, 30), by=officer_a)
    result = services.briefings_plan(schedule=schedule, months_ahead=3, today=timezone.localdate())

    briefings = list(Briefing.objects.filter(committee=tree.a).order_by("starts_at"))
    assert [b.month for b in briefings] == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    local = [timezone.localtime(b.starts_at) for b in briefings]
    assert [t.date() for t in local] == [date(2026, 9, 3), date(2026, 10, 7), date(2026, 11, 4)]
    assert {t.time() for t in local} == {time(8, 30)}
    assert all(timezone.is_aware(b.starts_at) for b in briefings)
    assert local[0].utcoffset() == timedelta(hours=7)  # Asia/Ho_Chi_Minh
    assert {b.place for b in briefings} == {"Phòng họp tầng 3"}
    assert len(result.created) == 3 and result.invited == 6  # two active collaborators, three briefings


# The first Wednesday of September 2026 is National Day: the briefing is on Thursday the 3rd.
@pytest.mark.parametrize("today", ["2026-09-02", "2026-09-03"], ids=["the day before", "the day itself"])
def test_this_months_briefing_is_planned_while_its_day_is_still_ahead(tree, network, today):
    schedule = make_schedule(tree.a, week=Week.FIRST, weekday=Weekday.WEDNESDAY)
    with time_machine.travel(f"{today} 07:00 +0700", tick=False):
        services.briefings_plan(schedule=schedule, months_ahead=2, today=timezone.localdate())
    assert list(Briefing.objects.order_by("month").values_list("month", flat=True)) == [
        date(2026, 9, 1),
        date(2026, 10, 1),
    ]


@time_machine.travel("2026-08-20 10:00 +0700", tick=False)
def test_planning_twice_creates_nothing_twice(tree, network, officer_a):
    schedule = make_schedule(tree.a)
    services.briefings_plan(schedule=schedule, today=timezone.localdate(), staff=[officer_a])
    counts = (Briefing.objects.count(), BriefingInvitation.objects.count())
    again = services.briefings_plan(schedule=schedule, today=timezone.localdate(), staff=[officer_a])
    assert (Briefing.objects.count(), BriefingInvitation.objects.count()) == counts == (3, 9)
    assert again.created == [] and again.redated == [] and again.invited == 0


@time_machine.travel("2026-08-20 10:00 +0700", tick=False)
def test_invitations_go_to_the_active_collaborators_of_the_subtree_and_the_chosen_staff_only(
    tree, network, officer_a, officer_b_sibling
):
    schedule = make_schedule(tree.a)
    services.briefings_plan(
        schedule=schedule, months_ahead=1, today=timezone.localdate(), staff=[officer_a, officer_b_sibling]
    )
    briefing = Briefing.objects.get()
    invitations = {(i.collaborator_id, i.staff_id, i.invitee_committee_id) for i in briefing.invitations.all()}
    assert invitations == {
        (network["a"].pk, None, tree.a.pk),
        (network["a1"].pk, None, tree.a1.pk),
        (None, officer_a.pk, tree.a.pk),  # the staff member's invitation belongs to their profile's committee
    }


@time_machine.travel("2026-08-20 10:00 +0700", tick=False)
def test_a_collaborator_appointed_later_is_invited_when_the_briefings_are_planned_again(tree, network):
    schedule = make_schedule(tree.a)
    services.briefings_plan(schedule=schedule, today=timezone.localdate())
    newcomer = make_collaborator(tree.a1, "Đỗ Minh Mới")
    result = services.briefings_plan(schedule=schedule, today=timezone.localdate())
    assert result.invited == 3
    assert BriefingInvitation.objects.filter(collaborator=newcomer).count() == 3


@time_machine.travel("2026-08-20 10:00 +0700", tick=False)
def test_each_committee_plans_its_own_briefings_of_the_same_months(tree, network):
    services.briefings_plan(schedule=make_schedule(tree.a), today=timezone.localdate())
    services.briefings_plan(schedule=make_schedule(tree.b), today=timezone.localdate())
    for committee, invited in ((tree.a, {network["a"], network["a1"]}), (tree.b, {network["b1"]})):
        briefings = Briefing.objects.filter(committee=committee)
        assert sorted(briefings.values_list("month", flat=True)) == [date(2026, 9, 1), date(2026, 10, 1),
                                                                     date(2026, 11, 1)]  # fmt: skip
        for briefing in briefings:
            assert {i.collaborator for i in briefing.invitations.all()} == invited


def test_planning_again_leaves_the_briefings_of_the_months_already_past_alone(tree, network):
    schedule = make_schedule(tree.a)
    with time_machine.travel("2026-08-20 10:00 +0700", tick=False):
        services.briefings_plan(schedule=schedule, today=timezone.localdate())  # September to November
    newcomer = make_collaborator(tree.a1, "Đỗ Minh Mới")
    with time_machine.travel("2026-09-20 10:00 +0700", tick=False):  # September's briefing is past, never closed
        result = services.briefings_plan(schedule=schedule, today=timezone.localdate())
    months = sorted(BriefingInvitation.objects.filter(collaborator=newcomer).values_list("briefing__month", flat=True))
    assert months == [date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)]
    assert result.invited == 2 + 3  # December's two, the newcomer to the three coming


@time_machine.travel("2026-08-20 10:00 +0700", tick=False)
def test_updating_the_invitees_adds_newcomers_and_sets_the_staff(tree, network, officer_a, leader_a, officer_b_sibling):
    schedule = make_schedule(tree.a)
    services.briefings_plan(schedule=schedule, months_ahead=1, today=timezone.localdate(), staff=[officer_a])
    briefing = Briefing.objects.get()
    newcomer = make_collaborator(tree.a, "Đỗ Minh Mới")

    added = services.briefing_invitees_update(briefing=briefing, staff=[leader_a])
    assert added == 2
    staff = set(briefing.invitations.filter(staff__isnull=False).values_list("staff__username", flat=True))
    assert staff == {"leader_a"}
    assert briefing.invitations.filter(collaborator=newcomer).exists()

    with pytest.raises(services.ValidationError):
        services.briefing_invitees_update(briefing=briefing, staff=[officer_b_sibling])


@time_machine.travel("2026-08-21 10:00 +0700", tick=False)
def test_a_changed_rule_moves_the_planned_briefings_not_moved_by_hand(tree, network, officer_a):
    schedule = make_schedule(tree.a)
    services.briefings_plan(schedule=schedule, today=timezone.localdate())
    september, october, november = Briefing.objects.order_by("month")
    services.briefing_move(
        briefing=october, starts_at=october.starts_at + timedelta(days=1), reason="Trùng lịch", by=officer_a
    )

    schedule = make_schedule(tree.a, week=Week.THIRD, weekday=Weekday.THURSDAY, time=time(14, 0))
    result = services.briefings_plan(schedule=schedule, today=timezone.localdate())

    assert {b.month for b in result.redated} == {date(2026, 9, 1), date(2026, 11, 1)}
    september.refresh_from_db()
    october.refresh_from_db()
    assert timezone.localtime(september.starts_at).date() == date(2026, 9, 17)
    assert timezone.localtime(september.starts_at).time() == time(14, 0)
    assert september.sequence == 1
    assert timezone.localtime(october.starts_at).date() == date(2026, 10, 14)  # kept where it was moved to
    assert october.sequence == 1


@time_machine.travel("2026-08-21 10:00 +0700", tick=False)
def test_the_planner_is_the_author_of_each_briefing_made_or_moved_and_each_move_counts_up(tree, officer_a, bloc_staff):
    schedule = make_schedule(tree.a)
    services.briefings_plan(schedule=schedule, months_ahead=1, by=officer_a)
    september = Briefing.objects.get()
    for week, planner in ((Week.THIRD, bloc_staff), (Week.SECOND, officer_a)):  # August's days have passed
        schedule = make_schedule(tree.a, week=week)
        assert services.briefings_plan(schedule=schedule, months_ahead=1, by=planner).redated == [september]
    september.refresh_from_db()
    assert september.sequence == 2  # each move tells the calendars once more
    history = september.history.order_by("history_id")
    assert [(change.history_type, change.history_user) for change in history] == [
        ("+", officer_a),
        ("~", bloc_staff),
        ("~", officer_a),
    ]


@pytest.mark.django_db(transaction=True)
def test_planning_while_someone_invites_a_newcomer_to_the_same_briefing_invites_them_once(tree, network, officer_a):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: two invitations cannot overlap there")
    schedule = make_schedule(tree.a)
    with time_machine.travel("2026-08-20 10:00 +0700", tick=False):
        services.briefings_plan(schedule=schedule, months_ahead=1)
        briefing, newcomer = Briefing.objects.get(), make_collaborator(tree.a1, "Đỗ Minh Mới")

        def invite_the_newcomer():  # the officer updating the invitees, not yet committed
            services.briefing_invitees_update(briefing=briefing, staff=[], by=officer_a)

        planned = run_behind(invite_the_newcomer, lambda: services.briefings_plan(schedule=schedule, months_ahead=1))
    assert planned.created == [] and planned.invited == 0  # it waited for the briefing, and found them invited
    assert BriefingInvitation.objects.filter(collaborator=newcomer).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_briefing_changed_while_the_new_rule_moves_it_keeps_the_change_and_tells_calendars_of_both(tree, officer_a):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: the two changes cannot overlap there")
    with time_machine.travel("2026-08-21 10:00 +0700", tick=False):
        services.briefings_plan(schedule=make_schedule(tree.a), months_ahead=1)
        september, schedule = Briefing.objects.get(), make_schedule(tree.a, week=Week.THIRD)

        def move_it_to_hall_b():  # the officer's change, not yet committed when the planning reads the briefing
            services.briefing_update(briefing=september, agenda="", place="Hội trường B", duration_minutes=120)

        run_behind(move_it_to_hall_b, lambda: services.briefings_plan(schedule=schedule, months_ahead=1))
    september.refresh_from_db()
    assert (september.place, timezone.localtime(september.starts_at).date()) == ("Hội trường B", date(2026, 9, 15))
    assert september.sequence == 2  # two changes: each calendar has to hear of both


def test_setting_the_rule_twice_keeps_one_schedule_per_committee_with_its_history(tree, officer_a):
    make_schedule(tree.a, by=officer_a)
    schedule = make_schedule(tree.a, week=Week.LAST, weekday=Weekday.FRIDAY, by=officer_a)
    assert BriefingSchedule.objects.filter(committee=tree.a).count() == 1
    assert (schedule.week, schedule.weekday) == (Week.LAST, Weekday.FRIDAY)
    assert schedule.history.count() == 2
    assert schedule.history.first().history_user == officer_a


@time_machine.travel("2026-08-20 10:00 +0700", tick=False)
def test_a_paused_schedule_plans_nothing_and_says_so(tree):
    schedule = make_schedule(tree.a)
    BriefingSchedule.objects.filter(pk=schedule.pk).update(is_active=False)
    with translation.override("vi"), pytest.raises(services.ValidationError) as paused:
        services.briefings_plan(schedule=schedule)
    assert paused.value.messages == ["Lịch giao ban này đang tạm dừng; chưa lên lịch buổi giao ban nào."]
    assert not Briefing.objects.exists()


@time_machine.travel("2026-08-20 10:00 +0700", tick=False)
def test_planning_without_a_day_plans_from_today(tree):
    result = services.briefings_plan(schedule=make_schedule(tree.a), months_ahead=1)
    assert [briefing.month for briefing in result.created] == [date(2026, 9, 1)]  # August's day has passed


@time_machine.travel("2026-08-20 10:00 +0700", tick=False)
def test_staff_accounts_of_collaborators_cannot_be_chosen_as_staff(tree, collaborator_a):
    staff = list(services.invitable_staff(tree.a))
    assert collaborator_a not in staff
    make_staff("officer_a1", tree.a1, Role.OFFICER)
    assert [u.username for u in services.invitable_staff(tree.a)] == ["officer_a1"]


def test_the_staff_who_may_be_invited_are_the_subtrees_active_staff_by_committee_then_name(
    tree, django_assert_num_queries
):
    make_staff("hoa_2", tree.a, Role.LEADER, last_name="Nguyễn", first_name="Thị Hoa")
    make_staff("hoa_1", tree.a, Role.OFFICER, last_name="Nguyễn", first_name="Thị Hoa")  # the same name, made later
    # …and the first's profile moved away and back since: PostgreSQL now reads it after hoa_1's, and the order
    # of namesakes must not follow what the database happens to read first.
    for committee in (tree.b, tree.a):
        StaffProfile.objects.filter(user__username="hoa_2").update(committee=committee)
    make_staff("le", tree.a, Role.OFFICER, last_name="Lê", first_name="Văn An")
    make_staff("an", tree.a1, Role.OFFICER, last_name="An", first_name="Văn Bình")  # first by name, but in A1
    make_staff("gone", tree.a, Role.OFFICER, last_name="Đỗ", first_name="Văn Nghỉ", is_active=False)
    make_staff("b", tree.b, Role.OFFICER)
    with django_assert_num_queries(1):
        listed = [(user.username, user.profile.committee.code) for user in services.invitable_staff(tree.a)]
    assert listed == [("le", "A"), ("hoa_2", "A"), ("hoa_1", "A"), ("an", "A1")]


def test_a_rule_lasting_no_time_is_refused_in_its_words_and_one_minute_is_enough(tree):
    with translation.override("en"), pytest.raises(services.ValidationError) as refused:
        make_schedule(tree.a, duration=0)
    assert refused.value.messages == ["The duration must be at least one minute."]
    assert not BriefingSchedule.objects.exists()
    assert make_schedule(tree.a, duration=1).duration_minutes == 1
