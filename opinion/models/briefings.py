import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from opinion.models.collaborators import Collaborator
from opinion.models.trainings import Attendance


class BriefingScheduleQuerySet(ScopedQuerySet):
    pass


DEFAULT_REMINDER_DAYS = [3, 1]
DEFAULT_REMINDER_TIME = time(7, 0)
MAX_REMINDER_DAYS = 14


def default_reminder_days() -> list[int]:
    return list(DEFAULT_REMINDER_DAYS)


class BriefingSchedule(models.Model):
    """The rule a committee's monthly briefings follow, e.g. "the second Tuesday of each month at 08:30"."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")

    class Week(models.IntegerChoices):
        FIRST = 1, _("first")
        SECOND = 2, _("second")
        THIRD = 3, _("third")
        FOURTH = 4, _("fourth")
        LAST = -1, _("last")

    committee = models.OneToOneField(
        Committee, on_delete=models.CASCADE, related_name="briefing_schedule", verbose_name=_("organising committee")
    )
    week = models.SmallIntegerField(_("week of the month"), choices=Week.choices, default=Week.SECOND)
    weekday = models.SmallIntegerField(_("weekday"), choices=Weekday.choices, default=Weekday.TUESDAY)
    time = models.TimeField(_("time"), default="08:30")
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    place = models.CharField(_("place"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    reminder_days = models.JSONField(
        _("reminders, days before"),
        default=default_reminder_days,
        blank=True,
        help_text=_("Invitees are reminded by email this many days before each briefing, e.g. 3 and 1."),
    )
    reminder_time = models.TimeField(
        _("reminder on the day at"),
        null=True,
        blank=True,
        default=DEFAULT_REMINDER_TIME,
        help_text=_("A last reminder on the morning of the briefing; empty for none."),
    )

    history = HistoricalRecords()
    objects = BriefingScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("briefing schedule")
        verbose_name_plural = _("briefing schedules")

    def __str__(self):
        return str(self.committee)


class BriefingQuerySet(ScopedQuerySet):
    issued_downward = True

    def collaborator_own(self, user, scope):
        return self.filter(invitations__collaborator__user=user)

    def unrecorded(self, now):
        """Briefings begun by ``now``, not cancelled, with a collaborator's attendance still not recorded: the
        minutes someone owes (a briefing not marked held counts, as none of its attendance is)."""
        waiting = BriefingInvitation.objects.filter(
            briefing=models.OuterRef("pk"), collaborator__isnull=False, attendance=Attendance.INVITED
        )
        return self.filter(models.Exists(waiting), starts_at__lt=now).exclude(status=Briefing.Status.CANCELLED)


class Briefing(models.Model):
    """One monthly briefing (giao ban định kỳ hằng tháng): invitations, attendance and minutes."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        POSTPONED = "postponed", _("postponed")
        CANCELLED = "cancelled", _("cancelled")
        HELD = "held", _("held")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="briefings", verbose_name=_("organising committee")
    )
    schedule = models.ForeignKey(
        BriefingSchedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="briefings"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month this briefing belongs to."))
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    place = models.CharField(_("place"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    change_reason = models.CharField(_("reason for the change"), max_length=255, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    topics_discussed = models.TextField(_("topics discussed"), blank=True)
    current_affairs = models.TextField(_("current-affairs information given"), blank=True)
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="Incremented at each move or cancellation, for calendar invitations."
    )
    calendar_uid = models.UUIDField(default=uuid.uuid4, editable=False, help_text="The event's UID in calendars.")

    history = HistoricalRecords(excluded_fields=["calendar_uid"])
    objects = BriefingQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly briefing")
        verbose_name_plural = _("monthly briefings")
        ordering = ["-starts_at"]
        constraints = [models.UniqueConstraint(fields=["committee", "month"], name="one_briefing_per_month")]
        indexes = [models.Index(fields=["committee", "starts_at"])]

    def __str__(self):
        return f"{self.committee} — {self.month:%m/%Y}"

    def get_absolute_url(self):
        return reverse("opinion:briefing_detail", args=[self.pk])


class BriefingInvitationQuerySet(ScopedQuerySet):
    """An invitation is the invitee's: an officer sees the invitations of their own collaborators and staff."""

    scope_path_field = "invitee_committee__path"

    def collaborator_own(self, user, scope):
        return self.filter(collaborator__user=user)

    def of_active_invitees(self):
        """Those whose invitee still takes part: an active collaborator, or an active staff account."""
        return self.filter(models.Q(collaborator__status=Collaborator.Status.ACTIVE) | models.Q(staff__is_active=True))


class BriefingInvitation(models.Model):
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="invitations")
    collaborator = models.ForeignKey(
        Collaborator, on_delete=models.CASCADE, null=True, blank=True, related_name="briefing_invitations"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="briefing_invitations"
    )
    # The committee of the invitee, kept here so that scoping an invitation needs no join through two paths. It is
    # the attendance record of that committee: deleting the committee would lose it (close the committee instead).
    invitee_committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.INVITED
    )
    excuse = models.CharField(_("reason for absence"), max_length=255, blank=True)

    objects = BriefingInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("briefing invitation")
        verbose_name_plural = _("briefing invitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(collaborator__isnull=False, staff__isnull=True)
                | models.Q(collaborator__isnull=True, staff__isnull=False),
                name="invitation_has_one_invitee",
            ),
            models.UniqueConstraint(fields=["briefing", "collaborator"], name="one_invitation_per_collaborator"),
            models.UniqueConstraint(fields=["briefing", "staff"], name="one_invitation_per_staff"),
        ]

    def __str__(self):
        return f"{self.collaborator or self.staff} — {self.briefing}"
