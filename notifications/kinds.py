"""The kinds of email the outbox sends. Each app declares its own in ``settings.NOTIFICATION_KINDS``.

A kind answers two questions: which deliveries are due at a moment (``plan``, asked at every tick; planning one
twice adds nothing, thanks to the outbox's unique constraint), and what each one says when it is sent (``emails``,
asked just before sending, so that a change between planning and sending — a briefing moved — is what people read,
and a delivery no longer needed is skipped).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from typing import ClassVar

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from notifications.models import Delivery


@dataclass(frozen=True)
class Invitation:
    """A calendar invitation (iCalendar, RFC 5546) sent with the email as its ``text/calendar`` alternative, where
    calendar programs look for a meeting to accept. ``ics`` names its attendee ``invitations.STAND_IN_ATTENDEE``,
    which each message replaces with its recipient."""

    ics: str
    method: str  # REQUEST or CANCEL


@dataclass
class Email:
    """What a delivery says: the template under ``templates/email/`` and its context, and any invitation."""

    template: str
    context: dict
    invitation: Invitation | None = None


class Kind:
    name: ClassVar[str]
    # Optional mail (the digest) can be turned off in the preferences page and carries List-Unsubscribe.
    preference: ClassVar[str | None] = None

    def plan(self, now: datetime) -> Iterable[Delivery]:
        raise NotImplementedError

    def emails(self, deliveries: list[Delivery], now: datetime) -> dict[int, Email | None]:
        """The email of each delivery by its pk; None when it is no longer needed."""
        raise NotImplementedError


MORNING = time(7, 0)  # deadline mail is not sent at night


def is_morning(now: datetime) -> bool:
    """Whether deadline mail may go out at ``now``: from 07:00 local time."""
    return timezone.localtime(now).time() >= MORNING


def new_only(kind: str, rows: list[Delivery]) -> list[Delivery]:
    """Leave out what is planned already: most ticks propose the same rows again."""
    ids = {row.object_id for row in rows}
    planned = set(Delivery.objects.filter(kind=kind, object_id__in=ids).values_list("object_id", "occurrence", "email"))
    return [row for row in rows if (row.object_id, row.occurrence, row.email) not in planned]


def registry() -> dict[str, Kind]:
    return _load(tuple(settings.NOTIFICATION_KINDS))


@cache
def _load(paths: tuple[str, ...]) -> dict[str, Kind]:
    kinds = [import_string(path)() for path in paths]
    return {kind.name: kind for kind in kinds}


def to_users(recipients: Iterable[tuple[object, int, str]]) -> list[Delivery]:
    """Deliveries of (account, subject id, occurrence), to those with an address (the language is the person's
    choice when the email is sent)."""
    return [
        Delivery(
            object_id=object_id,
            occurrence=occurrence,
            email=user.email.strip().lower(),  # as the outbox keeps it, so that kinds can leave out what it has
            name=user.get_full_name() or user.get_username(),
            user=user,
        )
        for user, object_id, occurrence in recipients
        if user.email and user.is_active
    ]
