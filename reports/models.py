"""Reporting periods and the reports committees write for them.

A committee that leads others (the bloc) opens a period — the first half or the year — with its guidance letter, the
window the figures cover, the deadline, and the kinds of committee that must report: each of those reports to its
parent, which receives it (nobody above a committee signs its report: its own leader does). A report's figures are
read live while it is a draft and frozen in its version when the leader signs it; a version is never changed after,
a request for additions leads to a new one."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from core.validators import plausible_date
from reports.figures import SECTIONS, Window
from resolutions.models import PartyDocument


def all_sections() -> list[str]:
    return [section.key for section in SECTIONS]


class PeriodKind(models.TextChoices):
    HALF = "half", _("First half of the year")
    YEAR = "year", _("Whole year")


class ReportingPeriodQuerySet(ScopedQuerySet):
    """A period is read by the committee that opened it and every committee under it: it is issued to them."""

    issued_downward = True


class ReportingPeriod(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="reporting_periods", verbose_name=_("opened by")
    )
    kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("figures from"), validators=[plausible_date])
    ends_on = models.DateField(_("figures to"), validators=[plausible_date])
    deadline = models.DateField(_("reports due by"), validators=[plausible_date])
    guidance = models.ForeignKey(
        PartyDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("guidance letter"),
    )  # fmt: skip
    obliged_kinds = models.JSONField(_("kinds of committee that report"), default=list)
    sections = models.JSONField(
        _("areas the reports cover"), default=all_sections, blank=True,
        help_text=_("The areas of work whose results and figures the reports give; the others are left out."),
    )  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    history = HistoricalRecords()
    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "-kind", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "kind", "year"], name="one_period_of_a_kind_a_year",
                violation_error_message=_("This committee has already opened that period."),
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:period_detail", args=[self.pk])

    @property
    def title(self) -> str:
        if self.kind == PeriodKind.HALF:
            return _("First half of %(year)s") % {"year": self.year}
        return _("Year %(year)s") % {"year": self.year}

    @property
    def window(self) -> Window:
        return Window(self.starts_on, self.ends_on)

    def is_late(self, today: date) -> bool:
        return today > self.deadline

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                errors["ends_on"] = _("The figures end after they begin.")
            elif not 1 <= Window(self.starts_on, self.ends_on).months <= 12:
                errors["ends_on"] = _("The figures cover one to twelve whole months, e.g. 15/12 to 14/06.")
        if self.deadline and self.ends_on and self.deadline < self.ends_on:
            errors["deadline"] = _("Reports are due after the last day their figures cover.")
        unknown = set(self.obliged_kinds or ()) - set(Committee.Kind.values)
        if not self.obliged_kinds or unknown:
            errors["obliged_kinds"] = _("Choose the kinds of committee that report.")
        if not self.sections or set(self.sections) - set(all_sections()):
            errors["sections"] = _("Choose the areas the reports cover.")
        if errors:
            raise ValidationError(errors)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    ADDITIONS_REQUESTED = "additions", _("Additions requested")


class ReportQuerySet(ScopedQuerySet):
    """A committee's report is read by it and the committees above it, never by a sibling."""


class Report(models.Model):
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="reports", verbose_name=_("reporting committee")
    )
    recipient = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="reports_received", verbose_name=_("reports to"),
        null=True, blank=True, help_text=_("Its parent; none for the committee that opened the period, which reports "
                                           "above the tree."),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    history = HistoricalRecords()
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["period", "committee__path"]
        permissions = [
            ("sign_report", _("Can sign its own committee's report")),
            ("receive_report", _("Can receive the reports sent to its committee")),
        ]
        constraints = [models.UniqueConstraint(fields=["period", "committee"], name="one_report_a_period")]

    def __str__(self):
        return f"{self.period} — {self.committee}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def current(self) -> "ReportVersion":
        return self.versions.order_by("-number").first()


class ReportVersion(models.Model):
    """One version of a report: its text, and its figures as they were when its leader signed it. A draft's figures
    are read live; once signed, nothing here changes."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    narrative = models.JSONField(_("text by section"), default=dict, blank=True)
    figures = models.JSONField(_("figures as signed"), null=True, blank=True, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("signed by"),
    )  # fmt: skip
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.TextField(_("recipients (Nơi nhận)"), blank=True, max_length=2000)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    incoming_reference = models.CharField(_("incoming reference"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_report_version_number")]

    def __str__(self):
        return f"{self.report} v{self.number}"


class ReportEvent(models.Model):
    """What happened to a report, who did it and what they said: its history as the department keeps it."""

    class Action(models.TextChoices):
        STARTED = "started", _("Started")
        SIGNED = "signed", _("Signed")
        SENT = "sent", _("Sent")
        RECEIVED = "received", _("Received")
        ADDITIONS_REQUESTED = "additions", _("Additions requested")
        NEW_VERSION = "new_version", _("New version started")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    version = models.PositiveSmallIntegerField(_("version"))
    action = models.CharField(_("action"), max_length=15, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.report} v{self.version}: {self.get_action_display()}"
