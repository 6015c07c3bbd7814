"""The opinion app's email through the outbox: monthly briefing reminders and change notices (each with its .ics),
and concern deadlines (soon due, to the owner; overdue, to the owner and the parent committee's officers).

Each kind plans from a short window of records (briefings of the coming days, concerns near their deadline), so a
tick stays cheap at national scale; the outbox's unique constraint makes planning again harmless.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation

from notifications.kinds import Email, Kind, is_morning, new_only, to_users
from notifications.messages import absolute
from notifications.models import Delivery
from opinion.invitations import briefing_invitation, briefing_title, is_withdrawn
from opinion.models import Briefing, BriefingInvitation, Concern
from opinion.models.briefings import DEFAULT_REMINDER_DAYS, DEFAULT_REMINDER_TIME, MAX_REMINDER_DAYS
from opinion.services.concerns import concerns_escalate_overdue

Status = Briefing.Status
DUE_SOON_DAYS = 3


# --- Monthly briefings -------------------------------------------------------------------------------------------


def reminder_moments(briefing: Briefing) -> list[tuple[datetime, str]]:
    """When the invitees of ``briefing`` are reminded, as its organising committee set it (3 and 1 days before and
    07:00 on the day unless changed), each with the key that names it."""
    schedule = briefing.schedule
    days = schedule.reminder_days if schedule else DEFAULT_REMINDER_DAYS
    on_the_day = schedule.reminder_time if schedule else DEFAULT_REMINDER_TIME
    start = timezone.localtime(briefing.starts_at)
    moments = [(start - timedelta(days=days_before), f"d{days_before}") for days_before in set(days)]
    if on_the_day is not None and on_the_day < start.time():
        moments.append((start.replace(hour=on_the_day.hour, minute=on_the_day.minute, second=0, microsecond=0), "day"))
    return sorted(moments)


def current_reminder(briefing: Briefing, now: datetime) -> str | None:
    """The occurrence of the reminder due at ``now``: the latest one whose moment has come. One missed while the
    system was down is not sent late once a later one is due; the start time in it makes a moved briefing's
    reminders new ones."""
    due = [key for moment, key in reminder_moments(briefing) if moment <= now]
    if not due:
        return None
    return f"{due[-1]}@{timezone.localtime(briefing.starts_at):%Y%m%dT%H%M}"


def invitee_deliveries(occurrences: dict[int, str]) -> list[Delivery]:
    """A delivery to each invitee with an address (active collaborators, active staff) of each briefing."""
    invitations = (
        BriefingInvitation.objects.filter(briefing_id__in=occurrences)
        .of_active_invitees()
        .values_list(
            "briefing_id",
            "collaborator__email",
            "collaborator__full_name",
            "collaborator__user_id",
            "collaborator__user__email",
            "staff_id",
            "staff__email",
            "staff__last_name",
            "staff__first_name",
        )
        .order_by()
    )
    rows = []
    for briefing_id, c_email, c_name, c_user, c_user_email, s_id, s_email, s_last, s_first in invitations.iterator():
        if s_id:
            email, name, user_id = s_email, f"{s_last} {s_first}".strip(), s_id
        else:
            email, name, user_id = c_email or c_user_email, c_name, c_user
        if email:
            rows.append(
                Delivery(object_id=briefing_id, occurrence=occurrences[briefing_id], email=email.lower(), name=name,
                         user_id=user_id)
            )  # fmt: skip
    return rows


class BriefingEmails(Kind):
    template: str

    def is_current(self, delivery: Delivery, briefing: Briefing, now: datetime) -> bool:
        raise NotImplementedError

    def emails(self, deliveries, now):
        briefings = Briefing.objects.select_related("committee", "schedule").in_bulk({d.object_id for d in deliveries})
        invited = self.invited(briefings, {d.email for d in deliveries})
        emails, shared = {}, {}
        for delivery in deliveries:
            briefing = briefings.get(delivery.object_id)
            if (
                briefing is None
                or (briefing.pk, delivery.email) not in invited
                or not self.is_current(delivery, briefing, now)
            ):
                emails[delivery.pk] = None
                continue
            # Everyone invited to a briefing reads the same email in their language: made once, sent to each.
            key = (briefing.pk, delivery.language)
            if key not in shared:
                shared[key] = self.email(briefing, delivery.language)
            emails[delivery.pk] = shared[key]
        return emails

    def invited(self, briefings, addresses: set[str]) -> set[tuple[int, str]]:
        """(briefing, address) of the invitations still standing, among ``addresses``: an invitee removed since
        the planning, or a collaborator paused, gets nothing."""
        rows = (
            BriefingInvitation.objects.filter(briefing_id__in=briefings)
            .of_active_invitees()
            .annotate(c=Lower("collaborator__email"), u=Lower("collaborator__user__email"), s=Lower("staff__email"))
            .filter(Q(c__in=addresses) | Q(u__in=addresses) | Q(s__in=addresses))
            .values_list("briefing_id", "c", "u", "s")
            .order_by()
        )
        return {(row[0], address) for row in rows for address in row[1:] if address}

    def email(self, briefing: Briefing, language: str) -> Email:
        url = absolute(briefing.get_absolute_url())
        with translation.override(language):
            invitation, title = briefing_invitation(briefing, url=url), briefing_title(briefing)
        withdrawn = is_withdrawn(briefing)
        return Email(
            template=self.template,
            context={"briefing": briefing, "title": title, "url": url, "withdrawn": withdrawn},
            invitation=invitation,
        )


class BriefingReminder(BriefingEmails):
    name = "briefing_reminder"
    template = "briefing_reminder"

    def plan(self, now):
        upcoming = Briefing.objects.filter(
            status=Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + timedelta(days=MAX_REMINDER_DAYS + 1)
        ).select_related("schedule")
        occurrences = {}
        for briefing in upcoming:
            occurrence = current_reminder(briefing, now)
            if occurrence:
                occurrences[briefing.pk] = occurrence
        return new_only(self.name, invitee_deliveries(occurrences))

    def is_current(self, delivery, briefing, now):
        return (
            briefing.status == Status.SCHEDULED
            and briefing.starts_at > now
            and current_reminder(briefing, now) == delivery.occurrence
        )


class BriefingChange(BriefingEmails):
    """Moved, postponed or cancelled: a notice with the .ics that updates (or removes) the event."""

    name = "briefing_change"
    template = "briefing_changed"

    def plan(self, now):
        changed = Briefing.objects.filter(
            sequence__gt=0,
            status__in=[Status.SCHEDULED, Status.POSTPONED, Status.CANCELLED],
            starts_at__gt=now,
        ).values_list("pk", "sequence")
        return new_only(self.name, invitee_deliveries({pk: f"seq{sequence}" for pk, sequence in changed}))

    def is_current(self, delivery, briefing, now):
        # A later change supersedes this notice: its own notice carries the newest state.
        return delivery.occurrence == f"seq{briefing.sequence}" and briefing.starts_at > now


# --- Concerns ----------------------------------------------------------------------------------------------------


def _readable(deliveries: list[Delivery]) -> set[tuple[int, int]]:
    """The (account, concern) pairs whose recipient may still read the concern now, through the access rule: someone
    moved to another committee or whose account was closed after the planning gets nothing (one query a person)."""
    by_user = defaultdict(set)
    users = {}
    for delivery in deliveries:
        if delivery.user is not None and delivery.user.is_active:
            by_user[delivery.user_id].add(delivery.object_id)
            users[delivery.user_id] = delivery.user
    return {
        (user_id, pk)
        for user_id, ids in by_user.items()
        for pk in Concern.objects.visible_to(users[user_id]).filter(pk__in=ids).values_list("pk", flat=True)
    }


class ConcernDeadlineEmails(Kind):
    template: str
    prefix: str

    def occurrence(self, concern: Concern) -> str:
        return f"{self.prefix}@{concern.deadline:%Y%m%d}"

    def is_recipient(self, delivery: Delivery, concern: Concern) -> bool:
        return True

    def emails(self, deliveries, now):
        concerns = Concern.objects.select_related("committee", "owner").in_bulk({d.object_id for d in deliveries})
        readable = _readable(deliveries)
        emails = {}
        for delivery in deliveries:
            concern = concerns.get(delivery.object_id)
            if (
                concern is None
                or not concern.is_open
                or self.occurrence(concern) != delivery.occurrence
                or (delivery.user_id, concern.pk) not in readable
                or not self.is_recipient(delivery, concern)
            ):
                emails[delivery.pk] = None
                continue
            emails[delivery.pk] = Email(
                template=self.template,
                context={
                    "concern": concern,
                    "url": absolute(concern.get_absolute_url()),
                    "is_owner": delivery.user_id == concern.owner_id,
                    "overdue_days": (timezone.localdate(now) - concern.deadline).days,
                },
            )
        return emails


class ConcernDue(ConcernDeadlineEmails):
    """To the owner, a few days before the deadline of a concern still open."""

    name = "concern_due"
    template = "concern_due"
    prefix = "due"

    def is_recipient(self, delivery, concern):
        # The owner changed after the planning: the new owner is reminded at the next tick, not the former one.
        return delivery.user_id == concern.owner_id

    def plan(self, now):
        if not is_morning(now):
            return []
        today = timezone.localdate(now)
        soon = Concern.objects.open().filter(deadline__gte=today, deadline__lte=today + timedelta(days=DUE_SOON_DAYS))
        recipients = [(c.owner, c.pk, self.occurrence(c)) for c in soon.select_related("owner")]
        return new_only(self.name, to_users(recipients))


class ConcernOverdue(ConcernDeadlineEmails):
    """Past the deadline: to the owner and, escalating, to the officers of the parent committee; once per deadline."""

    name = "concern_overdue"
    template = "concern_overdue"
    prefix = "overdue"

    def plan(self, now):
        if not is_morning(now):
            return []
        return to_users(
            (user, escalation.concern.pk, self.occurrence(escalation.concern))
            for escalation in concerns_escalate_overdue(today=timezone.localdate(now))
            for user in [escalation.concern.owner, *escalation.notify]
        )
