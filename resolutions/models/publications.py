"""Publications: a book or booklet the department publishes, such as the book of exemplary organisations and members
gathering a year's commendations."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from core.validators import plausible_date, visible_text
from resolutions.models.commendations import Commendation


class PublicationQuerySet(ScopedQuerySet):
    """A committee's publications are read by it and those above it: the honourees of a whole bloc are in them."""


class Publication(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="publications", verbose_name=_("published by")
    )
    title = models.CharField(_("title"), max_length=500, validators=[visible_text])
    publisher = models.CharField(_("publisher"), max_length=255, validators=[visible_text])
    published_on = models.DateField(_("published on"), validators=[plausible_date])
    copies = models.PositiveIntegerField(_("copies"), default=0)
    distribution = models.TextField(_("distribution"), blank=True, max_length=2000)
    commendations = models.ManyToManyField(
        Commendation, blank=True, related_name="publications", verbose_name=_("commendations gathered")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resolutions:publication_detail", args=[self.pk])
