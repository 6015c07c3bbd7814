from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee
from committees.scoping import ScopedQuerySet
from core.search import SearchableModel, SearchQuerySet
from core.validators import visible_text


class DialogueQuerySet(ScopedQuerySet, SearchQuerySet):
    pass


class Dialogue(SearchableModel):
    """A dialogue session (đối thoại) with cadres, members and employees; each question becomes a concern."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="dialogues", verbose_name=_("party committee")
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=255, validators=[visible_text])
    chair = models.CharField(_("chaired by"), max_length=150, validators=[visible_text])
    participants = models.PositiveIntegerField(_("number of participants"))
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    search_fields = ("title", "chair")
    objects = DialogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("dialogue session")
        verbose_name_plural = _("dialogue sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("opinion:dialogue_detail", args=[self.pk])


class ConcernStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    ADVISING = "advising", _("advising the committee")
    RESOLVED = "resolved", _("resolved")
    FORWARDED = "forwarded", _("forwarded")
    NOT_ACCEPTED = "not_accepted", _("not accepted")


OPEN_STATUSES = (ConcernStatus.RECEIVED, ConcernStatus.ADVISING)
DUE_SOON_DAYS = 7  # an open concern is "due soon" when its deadline is today or within this many days


def open_first() -> models.Case:
    """0 for an open concern, 1 for a closed one: a to-do list's first sort key (indexed with the owner)."""
    return models.Case(models.When(status__in=OPEN_STATUSES, then=0), default=1)


def received_between(start, end) -> models.Q:
    """Concerns received from ``start`` to ``end``, both days included."""
    return models.Q(received_on__range=(start, end))


def resolved_between(start, end) -> models.Q:
    """Concerns resolved conclusively from ``start`` to ``end`` (not those forwarded or not accepted)."""
    return models.Q(status=ConcernStatus.RESOLVED, closed_on__range=(start, end))


class ConcernQuerySet(ScopedQuerySet, SearchQuerySet):
    def open(self):
        return self.filter(status__in=Concern.OPEN_STATUSES)

    def overdue(self, today):
        return self.open().filter(deadline__lt=today)

    def due_soon(self, today):
        return self.open().filter(deadline__range=(today, today + timedelta(days=DUE_SOON_DAYS)))

    def received_between(self, start, end):
        return self.filter(received_between(start, end))

    def resolved_between(self, start, end):
        return self.filter(resolved_between(start, end))


class Concern(SearchableModel):
    """A concern, aspiration or petition (tâm tư, nguyện vọng, kiến nghị), followed until resolved conclusively."""

    class Channel(models.TextChoices):
        CELL_MEETING = "cell_meeting", _("cell meeting")
        THEMATIC_MEETING = "thematic_meeting", _("thematic meeting")
        DIALOGUE = "dialogue", _("dialogue session")
        COLLABORATOR = "collaborator", _("collaborator")
        LETTER = "letter", _("letter")
        OTHER = "other", _("other")

    class Category(models.TextChoices):
        WORK = "work", _("work and cadre policy")
        WAGES = "wages", _("wages and living conditions")
        RIGHTS = "rights", _("rights and benefits")
        ORGANISATION = "organisation", _("organisation and reorganisation")
        DISCIPLINE = "discipline", _("discipline and conduct")
        OTHER = "other", _("other")

    Status = ConcernStatus
    OPEN_STATUSES = OPEN_STATUSES

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="concerns", verbose_name=_("party committee")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    raised_by = models.CharField(
        _("raised by"),
        max_length=150,
        blank=True,
        help_text=_("Left empty, and never stored, when anonymous."),
        validators=[visible_text],
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    content = models.TextField(_("content"), validators=[visible_text])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_concerns", verbose_name=_("owner")
    )
    received_on = models.DateField(_("received on"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    forwarded_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="forwarded_from",
        verbose_name=_("forwarded as"),
    )  # fmt: skip
    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.SET_NULL, null=True, blank=True, related_name="concerns",
        verbose_name=_("dialogue session"),
    )  # fmt: skip
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    search_fields = ("content",)
    objects = ConcernQuerySet.as_manager()

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["committee", "status", "deadline"]),
            # The overview's counts over the whole tree: open and overdue (mine and all), resolved in a month.
            models.Index(fields=["owner", "status", "deadline"], name="concern_owner_overdue"),
            models.Index(fields=["status", "deadline"], name="concern_overdue"),
            models.Index(fields=["status", "closed_on"], name="concern_closed_on"),
            # The list pages' orders: latest received first, and the overdue page by deadline.
            models.Index(fields=["-received_on", "-id"], name="concern_latest_first"),
            models.Index(fields=["deadline", "id"], name="concern_by_deadline"),
            # "My concerns": the owner's open ones first, the nearest deadline first.
            models.Index(models.F("owner"), open_first(), models.F("deadline"), models.F("id"), name="concern_to_do"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_anonymous=False) | models.Q(raised_by=""), name="anonymous_concern_has_no_name"
            )
        ]

    def __str__(self):
        return self.content[:80]

    def get_absolute_url(self):
        return reverse("opinion:concern_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ConcernTransition(models.Model):
    """Every step of a concern, with who took it and when."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="transitions")
    status_from = models.CharField(max_length=15, choices=Concern.Status.choices, blank=True)
    status_to = models.CharField(max_length=15, choices=Concern.Status.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("concern step")
        verbose_name_plural = _("concern steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.concern}: {self.status_from} → {self.status_to}"
