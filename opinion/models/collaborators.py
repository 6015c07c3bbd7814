from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from core.collation import NameSortedModel
from core.search import SearchableModel, SearchQuerySet
from core.validators import visible_text


class CollaboratorQuerySet(ScopedQuerySet, SearchQuerySet):
    def collaborator_own(self, user, scope):
        return self.filter(user=user)

    def active(self):
        return self.filter(status=Collaborator.Status.ACTIVE)


class Collaborator(SearchableModel, NameSortedModel):
    """A public-opinion collaborator (cộng tác viên dư luận xã hội), appointed by a committee's decision."""

    class Gender(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        ENDED = "ended", _("ended")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="collaborators", verbose_name=_("party committee")
    )
    full_name = models.CharField(_("full name"), max_length=150, validators=[visible_text])
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=255, blank=True, help_text=_("Where the collaborator works."))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collaborator",
        verbose_name=_("login account"),
    )
    decision_number = models.CharField(_("appointment decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("appointment decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("signed by"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_since = models.DateField(_("status since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Kept by the application from the briefing records (opinion.services.last_briefing), never typed in.
    attended_last_briefing = models.BooleanField(_("attended the last briefing"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["search_text", "sort_name", "attended_last_briefing"])
    search_fields = ("full_name", "unit", "position", "phone", "email")
    sort_fields = ("full_name",)
    objects = CollaboratorQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaborator")
        verbose_name_plural = _("collaborators")
        ordering = ["sort_name", "pk"]  # Vietnamese alphabetical order (core.collation)
        indexes = [
            models.Index(fields=["committee", "status"]),
            models.Index(fields=["sort_name", "id"], name="collaborator_by_sort_name"),  # the list's default order
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("opinion:collaborator_detail", args=[self.pk])


class CollaboratorStatusChange(models.Model):
    """One step of the network's life: appointed, paused, ended or reinstated, with the decision behind it."""

    class Kind(models.TextChoices):
        ESTABLISH = "establish", _("establishment")  # thành lập
        CONSOLIDATE = "consolidate", _("consolidation")  # củng cố
        REORGANISE = "reorganise", _("reorganisation")  # kiện toàn

    collaborator = models.ForeignKey(
        Collaborator, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("collaborator")
    )
    kind = models.CharField(_("kind of change"), max_length=20, choices=Kind.choices)
    status_from = models.CharField(_("from"), max_length=10, choices=Collaborator.Status.choices, blank=True)
    status_to = models.CharField(_("to"), max_length=10, choices=Collaborator.Status.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.TextField(_("reason"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    changed_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("collaborator status change")
        verbose_name_plural = _("collaborator status changes")
        ordering = ["-effective_on", "-pk"]
        # A report's figures read the changes of a period: a few of all of them.
        indexes = [models.Index(fields=["effective_on"], name="status_change_effective_on")]

    def __str__(self):
        return f"{self.collaborator}: {self.get_status_to_display()} ({self.effective_on:%d/%m/%Y})"
