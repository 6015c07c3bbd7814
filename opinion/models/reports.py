from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.db.models.functions import Substr, TruncMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from core.calendar import add_months, month_start
from core.search import SearchableModel, SearchQuerySet
from core.validators import visible_text
from opinion.models.collaborators import Collaborator


class Topic(models.Model):
    """A heading of public opinion (policy and law, corruption and waste, …), managed by administrators."""

    name = models.CharField(_("name"), max_length=150, unique=True, validators=[visible_text])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("opinion topic")
        verbose_name_plural = _("opinion topics")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class OpinionReportQuerySet(ScopedQuerySet, SearchQuerySet):
    def collaborator_own(self, user, scope):
        return self.filter(collaborator__user=user)

    def in_month(self, month: date):
        """Reports dated in the calendar month of ``month``."""
        start = month_start(month)
        end = add_months(start, 1)
        return self.filter(reported_on__gte=start, reported_on__lt=end)

    def count_by(self, field: str) -> dict:
        """{value of ``field``: number of reports}, one GROUP BY (a report with two topics counts under each)."""
        distinct = self.model._meta.get_field(field).many_to_many  # a row per topic: count each report once
        rows = self.order_by().values(field).annotate(n=Count("pk", distinct=distinct)).values_list(field, "n")
        return dict(rows)

    def count_by_branch(self, parent: Committee) -> dict[str, int]:
        """{path of each child of ``parent``: reports owned anywhere in that child's subtree}, one GROUP BY."""
        length = (parent.depth + 1) * Committee.steplen
        rows = (
            self.filter(committee__path__startswith=parent.path, committee__depth__gt=parent.depth)
            .order_by()
            .annotate(branch=Substr("committee__path", 1, length))
            .values("branch")
            .annotate(n=Count("pk"))
            .values_list("branch", "n")
        )
        return dict(rows)

    def monthly_counts(self, first: date, last: date) -> dict[date, int]:
        """{first day of month: reports} for the months from ``first`` to ``last``, one GROUP BY."""
        rows = (
            self.filter(reported_on__gte=first, reported_on__lt=add_months(month_start(last), 1))
            .order_by()
            .annotate(month=TruncMonth("reported_on"))
            .values("month")
            .annotate(n=Count("pk"))
            .values_list("month", "n")
        )
        return {(m.date() if hasattr(m, "date") else m): n for m, n in rows}


class OpinionReport(SearchableModel):
    """What a collaborator heard: the ideological situation and public opinion at their unit."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("filed by the collaborator")
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("phone")
        TEXT = "text", _("text message")
        DOCUMENT = "document", _("document")
        BRIEFING = "briefing", _("at the briefing")

    class Sentiment(models.TextChoices):
        POSITIVE = "positive", _("positive")
        MIXED = "mixed", _("mixed")
        NEGATIVE = "negative", _("negative")

    class Spread(models.TextChoices):
        INDIVIDUAL = "individual", _("a few people")
        UNIT = "unit", _("within the unit")
        WIDE = "wide", _("widespread")

    class Confidentiality(models.TextChoices):
        NORMAL = "normal", _("normal")
        RESTRICTED = "restricted", _("restricted")
        CONFIDENTIAL = "confidential", _("confidential")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="opinion_reports", verbose_name=_("party committee")
    )
    collaborator = models.ForeignKey(
        Collaborator, on_delete=models.PROTECT, related_name="reports", verbose_name=_("collaborator")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.ONLINE)
    reported_on = models.DateField(_("date"))
    topics = models.ManyToManyField(Topic, related_name="reports", verbose_name=_("topics"))
    summary = models.TextField(_("summary"), validators=[visible_text])
    sentiment = models.CharField(_("sentiment"), max_length=10, choices=Sentiment.choices)
    spread = models.CharField(_("how widespread"), max_length=12, choices=Spread.choices, default=Spread.UNIT)
    is_hot_spot = models.BooleanField(_("possible hot spot"), default=False)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    search_fields = ("summary",)
    objects = OpinionReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("opinion report")
        verbose_name_plural = _("opinion reports")
        ordering = ["-reported_on", "-pk"]
        indexes = [
            models.Index(fields=["committee", "reported_on"]),
            models.Index(fields=["collaborator", "reported_on"]),
            # The list's order, and a month's reports across a whole branch, without sorting a million rows.
            models.Index(fields=["-reported_on", "-id"], name="report_latest_first"),
            # Who has reported in a month: the month's reporters read from the index alone, not the reports.
            models.Index(fields=["reported_on", "collaborator"], name="report_month_collaborator"),
            # The list of possible hot spots (a few in a hundred reports), latest first.
            models.Index(
                fields=["-reported_on", "-id"], condition=models.Q(is_hot_spot=True), name="report_hot_spots_latest"
            ),
        ]

    def __str__(self):
        return f"{self.collaborator} — {self.reported_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("opinion:report_detail", args=[self.pk])
