"""Inspections and guidance (kiểm tra, hướng dẫn): a committee above plans a visit to one under it, records what it
found and the conclusions notice it issued, and follows what it required until it is done — counted per half."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from core.validators import plausible_date, visible_text


class InspectionQuerySet(ScopedQuerySet):
    """Read in the inspected committee's scope: by it and those above it, never by a sibling."""


class Inspection(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("committee inspected")
    )
    inspected_by = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="inspections_made", verbose_name=_("inspected by")
    )
    subject = models.CharField(_("subject"), max_length=500, validators=[visible_text])
    inspectors = models.CharField(_("inspectors"), max_length=500, blank=True)
    planned_on = models.DateField(_("planned for"), validators=[plausible_date])
    done_on = models.DateField(_("done on"), null=True, blank=True, validators=[plausible_date])
    findings = models.TextField(_("findings"), blank=True, max_length=10000)
    conclusion_number = models.CharField(_("conclusions notice number"), max_length=50, blank=True)
    conclusion_date = models.DateField(_("conclusions notice date"), null=True, blank=True)
    required = models.TextField(_("what was required"), blank=True, max_length=5000)
    followed_up_on = models.DateField(_("requirements met on"), null=True, blank=True, validators=[plausible_date])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    history = HistoricalRecords()
    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_on", "-pk"]

    def __str__(self):
        return f"{self.subject} — {self.committee}"

    def get_absolute_url(self):
        return reverse("resolutions:inspection_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.committee_id and self.inspected_by_id:
            below = self.committee.path.startswith(self.inspected_by.path) and self.committee_id != self.inspected_by_id
            if not below:
                errors["inspected_by"] = _("A committee inspects those under it.")
        if self.conclusion_number and not self.done_on:
            errors["conclusion_number"] = _(
                "A conclusions notice follows an inspection done: give the day it was done."
            )
        if self.done_on and self.conclusion_date and self.conclusion_date < self.done_on:
            errors["conclusion_date"] = _("The conclusions come after the inspection.")
        if self.followed_up_on and not self.required.strip():
            errors["followed_up_on"] = _("Say what was required before recording that it was met.")
        if errors:
            raise ValidationError(errors)
