"""The outbox's work: plan what is due, claim it, send it, record the outcome.

``tick`` is what Celery beat runs every few minutes and what ``manage.py send_reminders`` runs once; the database
decides what is due, the broker only carries the order to send. The guarantees:

- each (kind, subject, occurrence, recipient) exists once (a unique constraint), so planning twice adds nothing;
- a row is claimed with a token in one conditional UPDATE before it is sent (``SELECT … FOR UPDATE SKIP LOCKED`` on
  PostgreSQL), so two senders never send the same row;
- a row is marked sent right after the mail server accepted it; a sender that dies leaves its claimed rows, which
  go back to due when their lease expires, at the next tick;
- a refused or failed send is tried again later with exponential backoff and jitter, up to ``MAX_ATTEMPTS``.
"""

import logging
import random
import smtplib
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from notifications import messages
from notifications.kinds import registry
from notifications.models import Delivery, Preference

logger = logging.getLogger(__name__)
State = Delivery.State

BATCH = 200
MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(hours=6)


class MailServerUnavailable(Exception):
    """The mail server could not be reached or dropped the connection; the claimed rows are due again later."""

    def __init__(self, message: str, retry_at: datetime):
        super().__init__(message)
        self.retry_at = retry_at


@dataclass
class Outcome:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    retry_at: datetime | None = None  # when every delivery refused in this run is due again

    def add(self, other: "Outcome") -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.skipped += other.skipped
        self.retry_at = max(filter(None, [self.retry_at, other.retry_at]), default=None)


def moment(value: str | None) -> datetime:
    """The moment a run is for: now, or an ISO 8601 date and time (local time when it has no offset)."""
    if not value:
        return timezone.now()
    parsed = datetime.fromisoformat(value)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def backoff(attempts: int) -> timedelta:
    """Exponential, capped, with jitter so that many rows refused at once do not come back at the same second."""
    base = settings.NOTIFICATIONS_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return min(timedelta(seconds=base * random.uniform(0.5, 1.0)), MAX_BACKOFF)


# --- Planning ----------------------------------------------------------------------------------------------------


def plan(now: datetime) -> int:
    """Add the deliveries each kind finds due at ``now``; returns how many were proposed (existing ones are kept)."""
    proposed = 0
    for name, kind in registry().items():
        # One transaction per kind: a kind whose planning marks its records (overdue escalation) keeps the marks
        # only together with the deliveries they caused.
        with transaction.atomic():
            rows = list(kind.plan(now))
            for row in rows:
                row.kind, row.email = name, row.email.strip().lower()
                row.next_attempt_at = row.next_attempt_at or now
            Delivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        proposed += len(rows)
    return proposed


def release_stale(now: datetime) -> int:
    """Claims are wall-clock matters, whatever moment the run plans for: a lease ends in real time."""
    return Delivery.objects.stale_claims(timezone.now()).update(state=State.DUE, claim="", next_attempt_at=now)


def due_count(now: datetime) -> int:
    return Delivery.objects.due(now).count()


def tick(now: datetime) -> int:
    """Plan and recover; returns how many deliveries are due for the senders."""
    plan(now)
    release_stale(now)
    return due_count(now)


# --- Sending -----------------------------------------------------------------------------------------------------


def claim(now: datetime, limit: int = BATCH) -> tuple[str, list[Delivery]]:
    token = uuid.uuid4().hex
    with transaction.atomic():
        ids = list(
            Delivery.objects.due(now)
            .order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return token, []
        # The state condition makes the claim safe where rows cannot be locked (SQLite): only one UPDATE wins.
        Delivery.objects.filter(pk__in=ids, state=State.DUE).update(
            state=State.SENDING, claim=token, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    return token, list(Delivery.objects.filter(claim=token).select_related("user").order_by("pk"))


def _emails(deliveries: list[Delivery], now: datetime) -> dict[int, object]:
    # The language is the one the person has chosen when the email is sent; it is recorded with the delivery.
    chosen = dict(
        Preference.objects.filter(user_id__in={d.user_id for d in deliveries if d.user_id}).values_list(
            "user_id", "language"
        )
    )
    by_kind = defaultdict(list)
    for delivery in deliveries:
        delivery.language = chosen.get(delivery.user_id, delivery.language)
        by_kind[delivery.kind].append(delivery)
    built = {}
    for name, group in by_kind.items():
        kind = registry().get(name)
        if kind is None:  # a kind removed from the settings: nothing can say what these were
            built.update(dict.fromkeys((d.pk for d in group), None))
            continue
        emails, shared = kind.emails(group, now), {}
        for delivery in group:
            email = emails.get(delivery.pk)
            built[delivery.pk] = None if email is None else messages.build(delivery, kind, email, shared)
    return built


def _finish(delivery: Delivery, token: str, **fields) -> None:
    Delivery.objects.filter(pk=delivery.pk, claim=token).update(claim="", **fields)


def _mark_sent(delivery: Delivery, token: str) -> None:
    """``_finish(state=SENT)`` written out: it runs once per email, and building the query costs as much as
    running it."""
    table = connection.ops.quote_name(Delivery._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET state = %s, sent_at = %s, language = %s, last_error = '', claim = '' "
            "WHERE id = %s AND claim = %s",
            [State.SENT, timezone.now(), delivery.language, delivery.pk, token],
        )


@contextmanager
def _records_without_waiting_for_the_disk():
    """Each outcome is committed at once, but PostgreSQL need not wait for its disk: only a crash of the database
    server itself (not of a worker) could forget the last few outcomes, and those would be sent again."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _retry_later(delivery: Delivery, token: str, now: datetime, error: str, outcome: Outcome) -> None:
    if delivery.attempts >= MAX_ATTEMPTS:
        _finish(delivery, token, state=State.FAILED, last_error=error)
        outcome.failed += 1
        return
    # One jittered delay per batch and attempt: the batch comes back together, batches apart from each other.
    retry_at = outcome.retry_at if outcome.retry_at and outcome.retried else now + backoff(delivery.attempts)
    _finish(delivery, token, state=State.DUE, next_attempt_at=retry_at, last_error=error)
    outcome.retried += 1
    outcome.retry_at = retry_at


def _is_permanent(error: smtplib.SMTPException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    return isinstance(error, smtplib.SMTPResponseException) and 500 <= error.smtp_code < 600


def _send(mail, message) -> None:
    if isinstance(message, messages.PrebuiltMessage) and isinstance(mail, SmtpBackend):
        # Its envelope's addresses are bare already: handed over as they are, not parsed again for each message.
        mail.connection.sendmail(message.from_email, message.to, message.data)
    else:
        mail.send_messages([message])


def send_claimed(token: str, deliveries: list[Delivery], now: datetime) -> Outcome:
    """Send claimed deliveries over one connection, recording each outcome as soon as it is known."""
    outcome = Outcome()
    built = _emails(deliveries, now)
    pending = [d for d in deliveries if built[d.pk] is not None]
    for delivery in deliveries:
        if built[delivery.pk] is None:
            _finish(delivery, token, state=State.SKIPPED)
            outcome.skipped += 1
    if not pending:
        return outcome
    mail = get_connection(fail_silently=False)
    position = 0
    try:
        mail.open()
        for position, delivery in enumerate(pending):  # noqa: B007 (after a lost connection, where it stopped)
            try:
                _send(mail, built[delivery.pk])
            except smtplib.SMTPServerDisconnected:
                raise
            except smtplib.SMTPException as error:
                if _is_permanent(error):
                    _finish(delivery, token, state=State.FAILED, last_error=str(error))
                    outcome.failed += 1
                else:
                    _retry_later(delivery, token, now, str(error), outcome)
                continue
            _mark_sent(delivery, token)
            outcome.sent += 1
    except (smtplib.SMTPException, OSError) as error:
        # The server is gone: this delivery and those after it were not sent; they are due again later.
        reason = f"{type(error).__name__}: {error}"
        for unsent in pending[position:]:
            _retry_later(unsent, token, now, reason, outcome)
        raise MailServerUnavailable(str(error), outcome.retry_at or now + backoff(1)) from error
    finally:
        try:
            mail.close()
        except Exception:  # the connection may already be broken; nothing more to do with it
            logger.debug("closing the mail connection failed", exc_info=True)
    return outcome


def send_due(now: datetime, *, deadline: datetime | None = None) -> Outcome:
    """Claim and send batches until nothing is due at ``now`` (or until ``deadline``, wall-clock)."""
    total = Outcome()
    with _records_without_waiting_for_the_disk():
        while deadline is None or timezone.now() < deadline:
            token, deliveries = claim(now)
            if not deliveries:
                break
            total.add(send_claimed(token, deliveries, now))
    return total
