"""Directive 05 (studying and following Hồ Chí Minh's thought, ethics and style), year by committee: the year's
theme and the committee's plan, how many of its own members wrote a personal follow-up plan of those expected to,
its exemplary models; and its ethical-standard criteria, a list revised over the years whose every version is kept.

A committee's year counts its *own* members (``Committee.party_members``), so the figures of a subtree are sums of
disjoint counts: numerators and denominators add up the tree without counting a member twice."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from core.formatting import rate
from core.validators import plausible_date, visible_text
from resolutions.models.documents import PartyDocument

YEARS = (MinValueValidator(2016), MaxValueValidator(2100))  # Directive 05 dates from 15/5/2016


class FollowUpYearQuerySet(ScopedQuerySet):
    """A committee's year is read by it and the committees above it, never by a sibling."""


class FollowUpYear(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="directive05_years", verbose_name=_("party committee")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    theme = models.CharField(
        _("theme of the year"), max_length=500, validators=[visible_text],
        help_text=_("The year's theme (chuyên đề) the committee studies and follows."),
    )  # fmt: skip
    plan = models.ForeignKey(
        PartyDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("the committee's plan"), help_text=_("The plan in the document registry."),
    )  # fmt: skip
    members_expected = models.PositiveIntegerField(
        _("members expected to write a plan"), help_text=_("The committee's own members, not those of the committees "
                                                           "under it, who count theirs.")
    )  # fmt: skip
    members_with_plan = models.PositiveIntegerField(_("members who wrote a personal follow-up plan"), default=0)
    results = models.TextField(_("results and shortcomings"), blank=True, max_length=10000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    history = HistoricalRecords()
    objects = FollowUpYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("Directive 05 year")
        verbose_name_plural = _("Directive 05 years")
        ordering = ["-year", "committee__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"], name="one_directive05_year",
                violation_error_message=_("This committee has already recorded that year: edit it."),
            )
        ]  # fmt: skip
        indexes = [models.Index(fields=["year", "committee"], name="directive05_by_year")]

    def __str__(self):
        return f"{self.committee} — {self.year}"

    def get_absolute_url(self):
        return reverse("resolutions:directive05_year", args=[self.pk])

    @property
    def plan_rate(self) -> float | None:
        return rate(self.members_with_plan, self.members_expected)

    def clean(self):
        if self.members_expected is not None and self.members_with_plan > self.members_expected:
            raise ValidationError(
                {
                    "members_with_plan": _(
                        "More members wrote a plan than were expected to (%(expected)s): correct one of the two."
                    )
                    % {"expected": self.members_expected}
                }
            )


class ExemplaryModel(models.Model):
    """A model (mô hình) or an example (điển hình) the committee raised in its year, with what makes it one."""

    class Kind(models.TextChoices):
        MODEL = "model", _("Model (a way of working)")
        EXAMPLE = "example", _("Example (a collective or a person)")

    year_record = models.ForeignKey(FollowUpYear, on_delete=models.CASCADE, related_name="exemplary_models")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MODEL)
    name = models.CharField(_("name"), max_length=500, validators=[visible_text])
    description = models.TextField(_("description"), max_length=5000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exemplary model")
        verbose_name_plural = _("exemplary models")
        ordering = ["year_record", "pk"]

    def __str__(self):
        return self.name


class CriteriaVersionQuerySet(ScopedQuerySet):
    """A committee's criteria are read by it and the committees above it."""


class CriteriaVersion(models.Model):
    """One dated version of a committee's ethical-standard criteria (chuẩn mực đạo đức): the whole list as adopted
    that day. A revision adds a version; none is ever changed or deleted, so the history is the versions."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="criteria_versions", verbose_name=_("party committee")
    )
    adopted_on = models.DateField(_("adopted on"), validators=[plausible_date])
    document = models.ForeignKey(
        PartyDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("adopting document"),
    )  # fmt: skip
    note = models.CharField(_("what changed and why"), max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    objects = CriteriaVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version of the ethical criteria")
        verbose_name_plural = _("versions of the ethical criteria")
        ordering = ["committee", "-adopted_on", "-pk"]
        indexes = [models.Index(fields=["committee", "adopted_on"], name="criteria_version_day")]

    def __str__(self):
        return f"{self.committee} — {self.adopted_on:%d/%m/%Y}"


class Criterion(models.Model):
    """One criterion of a version. ``revises`` is the criterion of the version before that this one continues
    (unchanged or reworded); a criterion continuing none was added, one nothing continues was removed."""

    version = models.ForeignKey(CriteriaVersion, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("criterion"), max_length=2000, validators=[visible_text])
    revises = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="one_criterion_a_number")]

    def __str__(self):
        return self.text
