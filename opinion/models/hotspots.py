from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from core.search import SearchableModel, SearchQuerySet
from core.validators import visible_text


class HotSpotQuerySet(ScopedQuerySet, SearchQuerySet):
    def open(self):
        return self.exclude(status=HotSpot.Status.RESOLVED)


class HotSpot(SearchableModel):
    """A grassroots hot spot (điểm nóng ở cơ sở), followed until it is resolved."""

    class Severity(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")
        CRITICAL = "critical", _("critical")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        MONITORING = "monitoring", _("monitoring")
        RESOLVED = "resolved", _("resolved")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="hot_spots", verbose_name=_("party committee")
    )
    title = models.CharField(_("title"), max_length=255, validators=[visible_text])
    description = models.TextField(_("description"), validators=[visible_text])
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    opened_on = models.DateField(_("opened on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    reports = models.ManyToManyField(
        "opinion.OpinionReport", blank=True, related_name="hot_spots", verbose_name=_("opinion reports")
    )
    concerns = models.ManyToManyField(
        "opinion.Concern", blank=True, related_name="hot_spots", verbose_name=_("concerns")
    )

    history = HistoricalRecords(excluded_fields=["search_text"])
    search_fields = ("title", "description")
    objects = HotSpotQuerySet.as_manager()

    class Meta:
        verbose_name = _("hot spot")
        verbose_name_plural = _("hot spots")
        ordering = ["-opened_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("opinion:hotspot_detail", args=[self.pk])


class HotSpotFollowUp(models.Model):
    hot_spot = models.ForeignKey(HotSpot, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"))
    note = models.TextField(_("what happened"), validators=[visible_text])
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hot spot follow-up")
        verbose_name_plural = _("hot spot follow-ups")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.hot_spot} — {self.date:%d/%m/%Y}"
