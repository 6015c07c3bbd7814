"""The outbox: one row per email that is due or was sent, so that the database — not the broker — knows what is due.

A row is unique per (kind, subject object, occurrence, recipient address): planning the same reminder twice, from two
beat ticks or from ``send_reminders`` run twice, adds nothing. A sender claims rows with a token before sending them,
so two workers never send the same row.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(state=Delivery.State.DUE, next_attempt_at__lte=now)

    def stale_claims(self, now):
        """Rows claimed by a sender that has not finished them within the lease: it died or lost its database."""
        return self.filter(state=Delivery.State.SENDING, claimed_at__lt=now - settings.NOTIFICATIONS_CLAIM_LEASE)


class Delivery(models.Model):
    class State(models.TextChoices):
        DUE = "due", _("due")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("no longer needed")

    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.BigIntegerField(_("subject"), help_text=_("The record the email is about, within its kind."))
    occurrence = models.CharField(
        _("occurrence"), max_length=64, help_text=_("Which one of the emails of this kind about this record.")
    )
    email = models.EmailField(_("recipient address"))
    name = models.CharField(_("recipient name"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("recipient account"),
    )
    language = models.CharField(_("language"), max_length=8, default="vi")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DUE)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("planned at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "occurrence", "email"], name="one_delivery_each"),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["claim"], name="delivery_claim"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id} ({self.occurrence}) → {self.email}"


class Preference(models.Model):
    """What a person wants by email: the optional mail they receive and the language of all their mail."""

    class Language(models.TextChoices):
        VI = "vi", "Tiếng Việt"
        EN = "en", "English"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference", verbose_name=_("user")
    )
    language = models.CharField(_("language of emails"), max_length=8, choices=Language.choices, default=Language.VI)
    monthly_digest = models.BooleanField(
        _("monthly digest"),
        default=True,
        help_text=_(
            "On the first working day of each month: briefings, reports, hot spots and concerns of your scope."
        ),
    )

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")

    def __str__(self):
        return str(self.user)


class PlannedRun(models.Model):
    """A kind planned once for an occurrence (e.g. the digest of a month), so that later ticks skip the planning."""

    kind = models.CharField(max_length=40)
    occurrence = models.CharField(max_length=64)
    planned_at = models.DateTimeField(auto_now_add=True)
    deliveries = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "occurrence"], name="one_planned_run_each")]

    def __str__(self):
        return f"{self.kind} {self.occurrence}"
