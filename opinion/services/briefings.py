"""Monthly briefings (giao ban định kỳ hằng tháng): the rule, planning, changes to one occurrence, the record.

A briefing's life is a small state machine, kept in ``WORKFLOW`` (``core.workflow``)::

    scheduled ──move──▶ scheduled        postponed ──move──▶ scheduled
    scheduled ──postpone──▶ postponed    postponed ──postpone──▶ postponed
    scheduled/postponed ──cancel──▶ cancelled
    scheduled/postponed/held ──record──▶ held   (on or after the meeting day)

Every move, postponement and cancellation increments ``sequence`` and keeps its reason, so that the calendar
invitations sent later (.ics) replace the earlier ones in people's calendars.
"""

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee, Role, StaffProfile
from committees.scoping import for_change
from core.calendar import add_months, days_off, is_working_day, month_start
from core.changes import save
from core.workflow import Workflow, WorkflowError, steps
from notifications.tasks import wake
from opinion.models import Briefing, BriefingInvitation, BriefingSchedule, Collaborator
from opinion.models.briefings import DEFAULT_REMINDER_DAYS, DEFAULT_REMINDER_TIME
from opinion.models.trainings import Attendance
from opinion.services.tallies import invitations_followed

User = get_user_model()
BATCH = 5000
Status = Briefing.Status

# action → (statuses it may start from, status it leads to; None: the status stays)
PLANNED = {Status.SCHEDULED, Status.POSTPONED}
WORKFLOW = Workflow(
    steps({
        "move": (PLANNED, Status.SCHEDULED),
        "postpone": (PLANNED, Status.POSTPONED),
        "cancel": (PLANNED, Status.CANCELLED),
        "update": (PLANNED, None),
        "invite": (PLANNED, None),
        "record": ({*PLANNED, Status.HELD}, Status.HELD),
    }),
    status_labels=dict(Status.choices),
)  # fmt: skip
RECORDED = (Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT)


# --- The date rule -----------------------------------------------------------------------------------------------


def local_zone():
    return timezone.get_default_timezone()  # Asia/Ho_Chi_Minh unless TIME_ZONE says otherwise


def rule_day(*, year: int, month: int, week: int, weekday: int) -> date:
    """The day the rule names: the ``week``-th (or, for -1, the last) ``weekday`` of the month."""
    days_in_month = calendar.monthrange(year, month)[1]
    if week == BriefingSchedule.Week.LAST:
        last = date(year, month, days_in_month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def next_working_day_in(day: date, off: set[date]) -> date:
    """``day``, or the first working day after it, given the days off (so that many dates cost one query)."""
    while not is_working_day(day, off):
        day += timedelta(days=1)
    return day


def briefing_day(*, year: int, month: int, week: int, weekday: int, off: set[date] | None = None) -> date:
    """The rule's day, moved to the next working day when it is a public holiday (Tết, 2 September...)."""
    day = rule_day(year=year, month=month, week=week, weekday=weekday)
    if off is None:
        off = days_off(day, day + timedelta(days=30))
    return next_working_day_in(day, off)


def local_datetime(day: date, at: time) -> datetime:
    return datetime.combine(day, at).replace(tzinfo=local_zone())


def planned_briefing(schedule: BriefingSchedule, month: date, day: date) -> Briefing:
    """The briefing of ``month`` its schedule plans on ``day``: at the schedule's time, for its length, at its place
    (not saved)."""
    return Briefing(
        committee_id=schedule.committee_id,
        schedule=schedule,
        month=month,
        starts_at=local_datetime(day, schedule.time),
        duration_minutes=schedule.duration_minutes,
        place=schedule.place,
    )


def _step(briefing: Briefing, action: str) -> str:
    """The status ``action`` leads the briefing to; refused, saying why, when the workflow does not allow it."""
    if not WORKFLOW.allows(action, briefing.status):
        if briefing.status == Status.HELD:
            raise WorkflowError(_("This briefing has been held; it can no longer be changed."), code="held")
        if briefing.status == Status.CANCELLED:
            raise WorkflowError(_("This briefing was cancelled."), code="cancelled")
    return WORKFLOW.target(action, briefing.status)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the change."))
    return reason


def _locked(briefing: Briefing, by) -> Briefing:
    return for_change(by, briefing)


def _save(briefing: Briefing, by, fields: list[str]) -> Briefing:
    save(briefing, by, update_fields=fields)
    if "sequence" in fields:
        wake()  # the invitees' notice and .ics go out once this commits, not at the next tick
    return briefing


# --- The rule and planning ---------------------------------------------------------------------------------------


def briefing_schedule_set(
    *,
    committee: Committee,
    week: int,
    weekday: int,
    time: time,
    place: str,
    duration: int,
    by,
    reminder_days: list[int] | None = None,
    reminder_time: time | None = DEFAULT_REMINDER_TIME,
) -> BriefingSchedule:
    """Set ``committee``'s monthly rule (one per organising committee) and when invitees are reminded by email
    (days before, and a time on the day; ``None`` for none); planning follows with briefings_plan."""
    with transaction.atomic():
        if duration <= 0:
            raise ValidationError(_("The duration must be at least one minute."))
        schedule = BriefingSchedule.objects.select_for_update().filter(committee=committee).first()
        if schedule is None:
            schedule = BriefingSchedule(committee=committee)
        schedule.week, schedule.weekday, schedule.time = week, weekday, time
        schedule.place, schedule.duration_minutes, schedule.is_active = place.strip(), duration, True
        schedule.reminder_days = sorted(
            set(DEFAULT_REMINDER_DAYS if reminder_days is None else reminder_days), reverse=True
        )
        schedule.reminder_time = reminder_time
        return save(schedule, by)


@dataclass
class PlanResult:
    created: list[Briefing]
    redated: list[Briefing]
    invited: int

    @property
    def briefings(self) -> list[Briefing]:
        return [*self.created, *self.redated]


def planned_months(*, schedule: BriefingSchedule, months_ahead: int, today: date) -> list[tuple[date, date]]:
    """The next ``months_ahead`` (month, meeting day) pairs whose meeting day is today or later."""
    first = month_start(today)
    off = days_off(first, add_months(first, months_ahead + 2))
    planned, month = [], first
    while len(planned) < months_ahead:
        day = briefing_day(year=month.year, month=month.month, week=schedule.week, weekday=schedule.weekday, off=off)
        if day >= today:
            planned.append((month, day))
        month = add_months(month, 1)
    return planned


def briefings_plan(
    *,
    schedule: BriefingSchedule,
    months_ahead: int = 3,
    today: date | None = None,
    staff: Iterable = (),
    by=None,
) -> PlanResult:
    """Create the coming months' briefings of ``schedule`` (one per committee and month, so running it twice
    creates nothing twice) and invite the subtree's active collaborators and ``staff`` to each upcoming one.

    A briefing already planned keeps its date, unless it was never moved by hand and the rule has changed since:
    then it follows the rule (and its sequence goes up, so calendars follow too).
    """
    with transaction.atomic():
        today = today or timezone.localdate()
        schedule = BriefingSchedule.objects.select_for_update().select_related("committee").get(pk=schedule.pk)
        if not schedule.is_active:
            raise ValidationError(_("This schedule is paused; nothing was planned."))
        months = planned_months(schedule=schedule, months_ahead=months_ahead, today=today)
        # locked: a briefing changed by hand meanwhile is read as changed, so neither change is lost
        in_months = Briefing.objects.select_for_update().filter(
            committee_id=schedule.committee_id, month__in=[m for m, _day in months]
        )
        existing = {briefing.month: briefing for briefing in in_months}
        created, redated = [], []
        for month, day in months:
            starts_at = local_datetime(day, schedule.time)
            briefing = existing.get(month)
            if briefing is None:
                created.append(save(planned_briefing(schedule, month, day), by))
            elif (
                briefing.status == Status.SCHEDULED
                and not briefing.change_reason
                and (briefing.starts_at != starts_at or briefing.duration_minutes != schedule.duration_minutes)
            ):
                briefing.starts_at, briefing.duration_minutes = starts_at, schedule.duration_minutes
                briefing.sequence += 1
                redated.append(_save(briefing, by, ["starts_at", "duration_minutes", "sequence"]))
        staff = list(staff)
        invited = 0
        upcoming = [b for b in [*existing.values(), *created] if WORKFLOW.allows("invite", b.status)]
        for briefing in upcoming:
            invited += _invite(briefing=briefing, committee=schedule.committee, staff=staff)
        return PlanResult(created=created, redated=redated, invited=invited)


def _invite(*, briefing: Briefing, committee: Committee, staff: list) -> int:
    """Add the missing invitations of ``briefing``: active collaborators of the subtree, and ``staff``."""
    already = set(
        BriefingInvitation.objects.filter(briefing=briefing, collaborator__isnull=False).values_list(
            "collaborator_id", flat=True
        )
    )
    rows = [
        BriefingInvitation(briefing=briefing, collaborator_id=pk, invitee_committee_id=committee_id)
        for pk, committee_id in Collaborator.objects.active()
        .filter(committee__path__startswith=committee.path)
        .order_by()
        .values_list("pk", "committee_id")
        .iterator(chunk_size=BATCH)
        if pk not in already
    ]
    if staff:
        invited_staff = set(
            BriefingInvitation.objects.filter(briefing=briefing, staff__in=staff).values_list("staff_id", flat=True)
        )
        profiles = StaffProfile.objects.filter(user__in=staff, committee__path__startswith=committee.path)
        rows += [
            BriefingInvitation(briefing=briefing, staff_id=user_id, invitee_committee_id=committee_id)
            for user_id, committee_id in profiles.values_list("user_id", "committee_id")
            if user_id not in invited_staff
        ]
    BriefingInvitation.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def invitable_staff(committee: Committee):
    """Staff who may be invited to ``committee``'s briefings: the subtree's staff, collaborators' accounts aside."""
    return (
        User.objects.filter(
            is_active=True,
            profile__committee__path__startswith=committee.path,
            profile__role__in=[Role.BLOC_STAFF, Role.OFFICER, Role.LEADER],
        )
        .select_related("profile__committee")
        .order_by("profile__committee__path", "sort_name", "pk")
    )


def briefing_invitees_update(*, briefing: Briefing, staff: Iterable, by=None) -> int:
    """Invite the collaborators who joined the subtree since the briefing was planned, and set the invited staff
    to exactly ``staff`` (a staff invitation whose attendance was recorded stays). Returns how many were added."""
    with transaction.atomic():
        briefing = _locked(briefing, by)
        _step(briefing, "invite")
        staff = list(staff)
        allowed = set(invitable_staff(briefing.committee).values_list("pk", flat=True))
        if any(user.pk not in allowed for user in staff):
            raise ValidationError(_("Only staff of the organising committee's subtree can be invited."))
        BriefingInvitation.objects.filter(
            briefing=briefing, staff__isnull=False, attendance=Attendance.INVITED
        ).exclude(staff__in=staff).delete()
        return _invite(briefing=briefing, committee=briefing.committee, staff=staff)


# --- Changes to one occurrence -----------------------------------------------------------------------------------


def _aware(starts_at: datetime) -> datetime:
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be an aware datetime")
    return starts_at


def briefing_move(*, briefing: Briefing, starts_at: datetime, reason: str, by=None) -> Briefing:
    """Move one occurrence to another day or hour; it is scheduled again."""
    with transaction.atomic():
        briefing = _locked(briefing, by)
        status = _step(briefing, "move")
        reason = _reason(reason)
        briefing.starts_at = _aware(starts_at)
        briefing.status = status
        briefing.change_reason = reason
        briefing.sequence += 1
        return _save(briefing, by, ["starts_at", "status", "change_reason", "sequence"])


def briefing_postpone(*, briefing: Briefing, reason: str, starts_at: datetime | None = None, by=None) -> Briefing:
    """Postpone one occurrence, to a new date if one is known already."""
    with transaction.atomic():
        briefing = _locked(briefing, by)
        status = _step(briefing, "postpone")
        reason = _reason(reason)
        fields = ["status", "change_reason", "sequence"]
        if starts_at is not None:
            briefing.starts_at = _aware(starts_at)
            fields.append("starts_at")
        briefing.status = status
        briefing.change_reason = reason
        briefing.sequence += 1
        return _save(briefing, by, fields)


def briefing_cancel(*, briefing: Briefing, reason: str, by=None) -> Briefing:
    with transaction.atomic():
        briefing = _locked(briefing, by)
        status = _step(briefing, "cancel")
        briefing.change_reason = _reason(reason)
        briefing.status = status
        briefing.sequence += 1
        return _save(briefing, by, ["status", "change_reason", "sequence"])


def briefing_update(*, briefing: Briefing, agenda: str, place: str, duration_minutes: int, by=None) -> Briefing:
    """Change the agenda, place or length; a new place or length is news to calendars (sequence goes up)."""
    with transaction.atomic():
        briefing = _locked(briefing, by)
        _step(briefing, "update")
        if duration_minutes <= 0:
            raise ValidationError(_("The duration must be at least one minute."))
        place = place.strip()
        if place != briefing.place or duration_minutes != briefing.duration_minutes:
            briefing.sequence += 1
        briefing.agenda, briefing.place, briefing.duration_minutes = agenda.strip(), place, duration_minutes
        return _save(briefing, by, ["agenda", "place", "duration_minutes", "sequence"])


# --- After the meeting -------------------------------------------------------------------------------------------


def can_record(briefing: Briefing, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return WORKFLOW.allows("record", briefing.status) and today >= timezone.localdate(briefing.starts_at)


def briefing_record(
    *,
    briefing: Briefing,
    attendance: Mapping[int, tuple[str, str]],
    minutes: str,
    topics_discussed: str,
    current_affairs: str,
    mark_rest_present: bool = False,
    by=None,
) -> Briefing:
    """Record what happened: attendance per invitation ({invitation id: (status, excuse)}; an excused absence
    needs its reason), the minutes, topics discussed and the current-affairs information given. The briefing is
    then held. Allowed on or after the meeting day only; recording again corrects the record.

    ``mark_rest_present`` marks every invitation still without attendance as present (one UPDATE: a bloc
    briefing may have thousands of invitees).
    """
    with transaction.atomic():
        briefing = _locked(briefing, by)
        held = _step(briefing, "record")
        if timezone.localdate() < timezone.localdate(briefing.starts_at):
            raise ValidationError(_("Attendance can be recorded on or after the day of the briefing only."))
        errors = []
        for status, excuse in attendance.values():
            if status not in RECORDED:
                errors.append(_("Choose present, excused or absent."))
            elif status == Attendance.EXCUSED and not (excuse or "").strip():
                errors.append(_("An excused absence needs its reason."))
        if errors:
            raise ValidationError(sorted(set(errors)))
        invitations = list(BriefingInvitation.objects.filter(briefing=briefing, pk__in=list(attendance)))
        if len(invitations) != len(attendance):
            raise ValidationError(_("Some invitees are not invited to this briefing."))
        for invitation in invitations:
            status, excuse = attendance[invitation.pk]
            invitation.attendance = status
            invitation.excuse = (excuse or "").strip() if status == Attendance.EXCUSED else ""
        with invitations_followed(briefings=[briefing.pk]):  # the attendance roll-up moves with the record
            BriefingInvitation.objects.bulk_update(invitations, ["attendance", "excuse"], batch_size=1000)
            if mark_rest_present:
                BriefingInvitation.objects.filter(briefing=briefing, attendance=Attendance.INVITED).update(
                    attendance=Attendance.PRESENT, excuse=""
                )
            briefing.minutes = minutes.strip()
            briefing.topics_discussed = topics_discussed.strip()
            briefing.current_affairs = current_affairs.strip()
            briefing.status = held
            return _save(briefing, by, ["minutes", "topics_discussed", "current_affairs", "status"])


# --- Writes of the admin ------------------------------------------------------------------------------------------
# The admin edits any field; these save what it edits with the roll-ups kept (``opinion.services.tallies``).

CALENDAR_FIELDS = {"starts_at", "place", "duration_minutes", "status"}


def briefing_save(*, briefing: Briefing, changed: Iterable[str] = ()) -> Briefing:
    """Save a briefing as edited field by field (new or changed): held or not, and on which day, is counted.
    Calendars only take an update whose sequence went up (the .ics reminders rely on it)."""
    with transaction.atomic():
        if briefing.pk and CALENDAR_FIELDS & set(changed):
            briefing.sequence += 1
        with invitations_followed(briefings=[briefing.pk] if briefing.pk else []):
            briefing.save()
        return briefing


def briefings_delete(*, briefings: QuerySet) -> int:
    """Delete ``briefings`` with their invitations; the attendance counts follow."""
    with transaction.atomic():
        ids = list(briefings.values_list("pk", flat=True))
        with invitations_followed(briefings=ids):
            Briefing.objects.filter(pk__in=ids).delete()
        return len(ids)


def invitation_save(*, invitation: BriefingInvitation) -> BriefingInvitation:
    """Save an invitation as edited field by field (new or changed), counted."""
    with transaction.atomic():
        with invitations_followed(
            invitations=[invitation.pk] if invitation.pk else [], briefings=[invitation.briefing_id]
        ):
            invitation.save()
        return invitation


def invitations_delete(*, invitations: QuerySet) -> int:
    with transaction.atomic():
        ids = list(invitations.values_list("pk", flat=True))
        with invitations_followed(invitations=ids):
            BriefingInvitation.objects.filter(pk__in=ids).delete()
        return len(ids)
