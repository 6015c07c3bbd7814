"""Roll-ups of opinion reports and briefing attendance, so that a bloc-wide figure is read from a few rows.

A national bloc files about a million reports and a million briefing invitations; counting them on every request
took a second and more. These tables hold the counts instead, moved by the services in the same transaction as the
change they count (``opinion.services.tallies``), and rebuilt in bulk by the demo seeder and by
``manage.py rebuild_opinion_tallies``. Nothing here is entered by hand.

- ``ReportMonth`` and ``ReportTopicMonth``: the reports of a committee's *whole subtree* in a month (the committee
  included), like the committees' subtree totals: a summary reads its committee's rows and its children's.
- ``ReportDay`` and ``ReportTopicDay``: the same per day, for the days of a period that do not make a whole month
  (a report's window runs from 15/12 to 14/6): a month of a national bloc's reports is 75,000 rows, its days here
  a few dozen.
- ``CommitteeAttendance``: the invitations of a committee's own collaborators to held briefings, and those of its
  whole subtree, per day, quarter and year of the briefings (see ``Period``).
- ``CollaboratorAttendance``: the same per collaborator (and the committee they were invited as a member of).
- ``ReporterYear``: the days each collaborator reported on, under each committee, as bits: collaborators are counted
  once however many reports they filed, which monthly counts cannot be added up into.

The foreign keys need no index of their own: each table's unique key, or one of its indexes, begins with them.
"""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from opinion.models.collaborators import Collaborator
from opinion.models.reports import OpinionReport, Topic


class Period(models.TextChoices):
    """The span an attendance row counts, named by its first day.

    A period asked for (any two days) is added up from whole years and quarters and the days left at its edges,
    so that a year's rates across 50,000 collaborators read one row per collaborator, not one per briefing.
    """

    DAY = "day", _("day")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


def period_starts(day: date) -> dict[str, date]:
    """The first day of the day, quarter and year ``day`` falls in, by period."""
    return {
        Period.DAY: day,
        Period.QUARTER: date(day.year, 3 * ((day.month - 1) // 3) + 1, 1),
        Period.YEAR: date(day.year, 1, 1),
    }


class TallyQuerySet(ScopedQuerySet):
    """Counts of a committee's records, read through the access rule like the records (staff only: a collaborator
    reads their own records, never the counts)."""


class ReportCount(models.Model):
    """Reports of ``committee``'s subtree in a span of days, with one sentiment and hot-spot flag."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+", db_index=False)
    sentiment = models.CharField(max_length=10, choices=OpinionReport.Sentiment.choices)
    is_hot_spot = models.BooleanField()
    reports = models.IntegerField(default=0)

    objects = TallyQuerySet.as_manager()

    class Meta:
        abstract = True


class TopicCount(models.Model):
    """Reports of ``committee``'s subtree in a span of days about ``topic`` (a report with two topics counts in
    both)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+", db_index=False)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    reports = models.IntegerField(default=0)

    objects = TallyQuerySet.as_manager()

    class Meta:
        abstract = True


class ReportMonth(ReportCount):
    """Reports of ``committee``'s subtree in ``month`` (its first day), with one sentiment and hot-spot flag."""

    month = models.DateField()

    class Meta:
        verbose_name = _("monthly report count")
        verbose_name_plural = _("monthly report counts")
        constraints = [
            models.UniqueConstraint(fields=["committee", "month", "sentiment", "is_hot_spot"], name="report_month_key")
        ]

    def __str__(self):
        return f"{self.committee_id} {self.month:%m/%Y} {self.sentiment}: {self.reports}"


class ReportTopicMonth(TopicCount):
    """Reports of ``committee``'s subtree in ``month`` about ``topic``."""

    month = models.DateField()

    class Meta:
        verbose_name = _("monthly report count by topic")
        verbose_name_plural = _("monthly report counts by topic")
        constraints = [models.UniqueConstraint(fields=["committee", "month", "topic"], name="report_topic_month_key")]

    def __str__(self):
        return f"{self.committee_id} {self.month:%m/%Y} {self.topic_id}: {self.reports}"


class ReportDay(ReportCount):
    """Reports of ``committee``'s subtree on ``day``, with one sentiment and hot-spot flag."""

    day = models.DateField()

    class Meta:
        verbose_name = _("daily report count")
        verbose_name_plural = _("daily report counts")
        constraints = [
            models.UniqueConstraint(fields=["committee", "day", "sentiment", "is_hot_spot"], name="report_day_key")
        ]

    def __str__(self):
        return f"{self.committee_id} {self.day:%d/%m/%Y} {self.sentiment}: {self.reports}"


class ReportTopicDay(TopicCount):
    """Reports of ``committee``'s subtree on ``day`` about ``topic``."""

    day = models.DateField()

    class Meta:
        verbose_name = _("daily report count by topic")
        verbose_name_plural = _("daily report counts by topic")
        constraints = [models.UniqueConstraint(fields=["committee", "day", "topic"], name="report_topic_day_key")]

    def __str__(self):
        return f"{self.committee_id} {self.day:%d/%m/%Y} {self.topic_id}: {self.reports}"


class ReporterYear(models.Model):
    """The days on which ``collaborator`` filed a report under ``committee`` in ``year``: one bit per day of each
    month (``month_1`` to ``month_12``; bit 0 the 1st), so that how many collaborators reported between any two days
    is read from one row per collaborator and year, not from their reports."""

    collaborator = models.ForeignKey(Collaborator, on_delete=models.CASCADE, related_name="+", db_index=False)
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    month_1 = models.IntegerField(default=0)
    month_2 = models.IntegerField(default=0)
    month_3 = models.IntegerField(default=0)
    month_4 = models.IntegerField(default=0)
    month_5 = models.IntegerField(default=0)
    month_6 = models.IntegerField(default=0)
    month_7 = models.IntegerField(default=0)
    month_8 = models.IntegerField(default=0)
    month_9 = models.IntegerField(default=0)
    month_10 = models.IntegerField(default=0)
    month_11 = models.IntegerField(default=0)
    month_12 = models.IntegerField(default=0)

    objects = TallyQuerySet.as_manager()

    MONTHS = tuple(f"month_{month}" for month in range(1, 13))

    class Meta:
        verbose_name = _("reporting days of a collaborator")
        verbose_name_plural = _("reporting days of collaborators")
        constraints = [models.UniqueConstraint(fields=["collaborator", "committee", "year"], name="reporter_year_key")]
        indexes = [models.Index(fields=["committee", "year"], name="reporter_year_committee")]

    def __str__(self):
        return f"{self.collaborator_id} {self.committee_id} {self.year}"

    @staticmethod
    def bits(days) -> int:
        """Days of a month as a month's column holds them: bit 0 the 1st."""
        return sum({1 << (day - 1) for day in days})


class AttendanceCounts(models.Model):
    """Invitations of collaborators to held briefings, and how they attended (not yet recorded = the rest)."""

    period = models.CharField(max_length=7, choices=Period.choices)
    start = models.DateField()
    invited = models.IntegerField(default=0)
    present = models.IntegerField(default=0)
    excused = models.IntegerField(default=0)
    absent = models.IntegerField(default=0)

    FIGURES = ("invited", "present", "excused", "absent")

    class Meta:
        abstract = True


class CommitteeAttendance(AttendanceCounts):
    """``committee``'s own collaborators (``invited``…) and its whole subtree's (``subtree_invited``…)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+", db_index=False)
    subtree_invited = models.IntegerField(default=0)
    subtree_present = models.IntegerField(default=0)
    subtree_excused = models.IntegerField(default=0)
    subtree_absent = models.IntegerField(default=0)

    objects = TallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee attendance count")
        verbose_name_plural = _("committee attendance counts")
        constraints = [
            models.UniqueConstraint(fields=["committee", "period", "start"], name="committee_attendance_key")
        ]
        indexes = [models.Index(fields=["period", "start"], name="committee_attendance_period")]

    def __str__(self):
        return f"{self.committee_id} {self.period} {self.start:%d/%m/%Y}: {self.present}/{self.invited}"


class CollaboratorAttendance(AttendanceCounts):
    """``collaborator``'s invitations as a member of ``committee`` (the invitation's ``invitee_committee``)."""

    collaborator = models.ForeignKey(Collaborator, on_delete=models.CASCADE, related_name="+", db_index=False)
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+", db_index=False)

    objects = TallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaborator attendance count")
        verbose_name_plural = _("collaborator attendance counts")
        constraints = [
            models.UniqueConstraint(
                fields=["collaborator", "committee", "period", "start"], name="collaborator_attendance_key"
            )
        ]
        indexes = [
            models.Index(fields=["period", "start"], name="collaborator_attendance_period"),
            models.Index(fields=["committee", "period", "start"], name="collaborator_attendance_member"),
        ]

    def __str__(self):
        return f"{self.collaborator_id} {self.period} {self.start:%d/%m/%Y}: {self.present}/{self.invited}"
