"""The department's other recorded activities, each counted in the half-year report: cell thematic meetings,
conferences (review conferences and their thematic talks), orientation notices, publicity, reporters' briefings,
political theory classes and posts countering wrong views. One record with a kind, not a model per kind: what
each counts is read from the same few figures."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from core.search import SearchableModel, SearchQuerySet
from core.validators import plausible_date, visible_text
from resolutions.models.documents import PartyDocument


class ActivityKind(models.TextChoices):
    THEMATIC_MEETING = "thematic_meeting", _("Thematic cell meeting")
    CONFERENCE = "conference", _("Conference or thematic talk")
    ORIENTATION = "orientation", _("Orientation notice")
    PUBLICITY = "publicity", _("Publicity (articles, bulletins, website posts)")
    REPORTERS = "reporters", _("Reporters' briefing")
    THEORY_CLASS = "theory_class", _("Political theory class")
    COUNTERING = "countering", _("Countering wrong views")


class ActivityQuerySet(ScopedQuerySet, SearchQuerySet):
    """A committee's activities are read by it and the committees above it."""


class Activity(SearchableModel):
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="activities", verbose_name=_("party committee")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField(_("date"), validators=[plausible_date])
    title = models.CharField(_("title"), max_length=500, validators=[visible_text])
    description = models.TextField(_("description"), blank=True, max_length=5000)
    audience = models.CharField(
        _("to whom, on what platforms"), max_length=500, blank=True,
        help_text=_("Who an orientation notice went to; where posts countering wrong views were published."),
    )  # fmt: skip
    participants = models.PositiveIntegerField(_("participants (persons)"), default=0)
    person_times = models.PositiveIntegerField(
        _("participants (person-times)"), default=0, help_text=_("Each attendance counted: a person at three sessions "
                                                                 "is three person-times.")
    )  # fmt: skip
    sessions = models.PositiveIntegerField(_("sessions or classes"), default=0)
    items = models.PositiveIntegerField(_("articles, posts or bulletins"), default=0)
    documents = models.ManyToManyField(
        PartyDocument, blank=True, related_name="activities", verbose_name=_("documents deployed")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    search_fields = ("title", "description", "audience")
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on", "kind"], name="activity_day_kind")]

    def __str__(self):
        return self.title

    def clean(self):
        """Persons and person-times kept apart: a person attends at least once."""
        if self.person_times and self.participants > self.person_times:
            raise ValidationError(
                {
                    "person_times": _(
                        "Person-times count every attendance: they cannot be fewer than the persons (%(persons)s)."
                    )
                    % {"persons": self.participants}
                }
            )

    def get_absolute_url(self):
        return reverse("resolutions:activity_detail", args=[self.pk])
