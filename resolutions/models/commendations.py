"""Commendations (tuyên dương, khen thưởng): the exemplary cells, committees and members a standing board honours,
each with its decision and citation — counted by year up the tree, and gathered into the book of exemplary
organisations and members."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from core.search import SearchableModel, SearchQuerySet
from core.validators import plausible_date, visible_text


class Honoree(models.TextChoices):
    ORGANISATION = "organisation", _("Party organisation")
    MEMBER = "member", _("Party member")


class CommendationQuerySet(ScopedQuerySet, SearchQuerySet):
    """Read in the honoured committee's scope: by it and those above it, never by a sibling."""


class Commendation(SearchableModel):
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="commendations", verbose_name=_("party committee"),
        help_text=_("The organisation honoured, or the member's own committee."),
    )  # fmt: skip
    honoree = models.CharField(_("honoured"), max_length=15, choices=Honoree.choices)
    member_name = models.CharField(_("member's name"), max_length=200, blank=True, validators=[visible_text])
    title = models.CharField(
        _("title awarded"), max_length=255, validators=[visible_text], help_text=_('E.g. "Chi bộ tiêu biểu".')
    )
    year = models.PositiveSmallIntegerField(_("year"))
    awarded_by = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="commendations_awarded", verbose_name=_("awarded by")
    )
    issuer = models.CharField(
        _("issuing body"), max_length=255, validators=[visible_text],
        help_text=_('As the decision names it, e.g. "Ban Thường vụ Đảng ủy Khối".'),
    )  # fmt: skip
    decision_number = models.CharField(_("decision number"), max_length=50, validators=[visible_text])
    decision_date = models.DateField(_("decision date"), validators=[plausible_date])
    citation = models.TextField(_("citation (achievements)"), max_length=5000, blank=True)
    photo = models.FileField(_("photo"), upload_to="commendations/%Y/", blank=True)
    photo_type = models.CharField(max_length=20, blank=True, editable=False)  # read from its bytes
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    search_fields = ("member_name", "title", "citation", "decision_number")
    objects = CommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-year", "honoree", "pk"]
        indexes = [models.Index(fields=["year", "honoree"], name="commendation_year")]

    def __str__(self):
        return self.member_name or self.committee.name

    def get_absolute_url(self):
        return reverse("resolutions:commendation_detail", args=[self.pk])

    @property
    def honoured(self) -> str:
        """Who was honoured, as the book names them."""
        return self.member_name if self.honoree == Honoree.MEMBER else self.committee.name

    def clean(self):
        errors = {}
        if self.honoree == Honoree.MEMBER and not self.member_name.strip():
            errors["member_name"] = _("Give the name of the member honoured.")
        if self.honoree == Honoree.ORGANISATION and self.member_name.strip():
            errors["member_name"] = _("An organisation is honoured: leave the member's name empty.")
        if self.decision_date and self.year and abs(self.decision_date.year - self.year) > 1:
            errors["year"] = _("The year honoured is the decision's year or the year before it.")
        below = self.committee_id and self.awarded_by_id and self.committee.path.startswith(self.awarded_by.path)
        if self.committee_id and self.awarded_by_id and not below:
            errors["awarded_by"] = _("A committee honours those under it, or itself.")
        if errors:
            raise ValidationError(errors)


class QualityRating(models.Model):
    """A committee's annual quality rating, as the organisation department decided it (imported from its list, never
    computed here): what a standing board reads when it chooses whom to honour."""

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("Completed its tasks excellently (clean and strong)")
        GOOD = "good", _("Completed its tasks well")
        DONE = "done", _("Completed its tasks")
        NOT_DONE = "not_done", _("Did not complete its tasks")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="quality_ratings", verbose_name=_("party committee")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1930), MaxValueValidator(2100)])
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quality rating")
        verbose_name_plural = _("quality ratings")
        ordering = ["-year", "committee__path"]
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="one_rating_a_year")]

    def __str__(self):
        return f"{self.committee} {self.year}: {self.get_rating_display()}"
