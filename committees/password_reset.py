"""Password-reset mail, sent by the outbox and its worker like every other email: the request only records that a
reset was asked for, so a slow or absent mail server never holds up the page, and a refused send is tried again.

The link's token is made when the email is sent (a token is valid ``PASSWORD_RESET_TIMEOUT`` from then, and once:
it depends on the password). One email per account in each ``WINDOW``: asking again and again sends nothing more.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from notifications.kinds import Email, Kind, to_users
from notifications.models import Delivery
from notifications.tasks import wake

WINDOW = timedelta(minutes=10)


def reset_link_hours() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // 3600


class PasswordReset(Kind):
    name = "password_reset"

    def plan(self, now):
        return []  # asked for by a person (``PasswordResetForm.save``), never planned

    def emails(self, deliveries, now):
        oldest = timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        emails = {}
        for delivery in deliveries:
            user = delivery.user
            if user is None or not user.is_active or not user.has_usable_password() or delivery.created_at <= oldest:
                emails[delivery.pk] = None  # switched off, or asked for too long ago: no longer wanted
                continue
            context = {
                "user": user,
                "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
                "valid_hours": reset_link_hours(),
            }
            emails[delivery.pk] = Email(template="password_reset", context=context)
        return emails


class PasswordResetForm(auth_forms.PasswordResetForm):
    def save(self, **kwargs):
        """Record the reset email of each active account with this address; the outbox sends it."""
        now = timezone.now()
        window = f"{int(now.timestamp() // WINDOW.total_seconds())}"
        users = self.get_users(self.cleaned_data["email"])
        rows = to_users((user, user.pk, window) for user in users)
        for row in rows:
            row.kind, row.next_attempt_at = PasswordReset.name, now
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        if rows:
            wake()
