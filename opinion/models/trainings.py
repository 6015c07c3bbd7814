from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from core.search import SearchableModel, SearchQuerySet
from core.validators import visible_text
from opinion.models.collaborators import Collaborator


class TrainingQuerySet(ScopedQuerySet, SearchQuerySet):
    issued_downward = True

    def collaborator_own(self, user, scope):
        return self.filter(attendances__collaborator__user=user)


class Training(SearchableModel):
    """A professional training conference (hội nghị tập huấn nghiệp vụ) for collaborators."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("organising committee")
    )
    title = models.CharField(_("title"), max_length=255, validators=[visible_text])
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    trainers = models.CharField(_("trainers"), max_length=255, blank=True)
    content = models.TextField(_("content"), blank=True)
    collaborators = models.ManyToManyField(
        Collaborator, through="TrainingAttendance", related_name="trainings", verbose_name=_("invited collaborators")
    )

    history = HistoricalRecords(excluded_fields=["search_text"])
    search_fields = ("title", "place", "trainers")
    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="training_dates_ordered"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("opinion:training_detail", args=[self.pk])


class Attendance(models.TextChoices):
    INVITED = "invited", _("invited")
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused")
    ABSENT = "absent", _("absent")


class TrainingAttendanceQuerySet(ScopedQuerySet):
    scope_path_field = "collaborator__committee__path"

    def collaborator_own(self, user, scope):
        return self.filter(collaborator__user=user)


class TrainingAttendance(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendances")
    collaborator = models.ForeignKey(Collaborator, on_delete=models.CASCADE, related_name="training_attendances")
    status = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.INVITED)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = TrainingAttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendance")
        constraints = [models.UniqueConstraint(fields=["training", "collaborator"], name="one_attendance_per_training")]

    def __str__(self):
        return f"{self.collaborator} — {self.training}"


class TrainingMaterialQuerySet(ScopedQuerySet):
    scope_path_field = "training__committee__path"
    issued_downward = True

    def collaborator_own(self, user, scope):
        return self.filter(training__attendances__collaborator__user=user)


class TrainingMaterial(models.Model):
    """A document handed out at a training; its type is checked from its content, never trusted from its name."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=255, validators=[visible_text])
    file = models.FileField(_("file"), upload_to="trainings/%Y/%m/")
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = TrainingMaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")

    def __str__(self):
        return self.title
