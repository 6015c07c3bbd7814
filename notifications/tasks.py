"""The two Celery tasks: beat runs ``tick`` every few minutes; ``tick`` and changes (a briefing moved) start
``send_due``. Both are idempotent, so a task redelivered after a worker died, or run twice, sends nothing twice."""

from datetime import datetime

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications import outbox

TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


@shared_task(name="notifications.tick", **TASK_OPTIONS)
def tick(now: str | None = None) -> int:
    """Plan what is due, recover claims of dead senders, and start enough senders for what is due."""
    due = outbox.tick(outbox.moment(now))
    senders = min(settings.NOTIFICATIONS_SENDERS, -(-due // outbox.BATCH))
    for _ in range(senders):
        send_due.delay(now)
    return due


@shared_task(
    name="notifications.send_due",
    bind=True,
    max_retries=outbox.MAX_ATTEMPTS,
    soft_time_limit=240,
    time_limit=300,
    **TASK_OPTIONS,
)
def send_due(self, now: str | None = None) -> int:
    # Stop claiming well before the soft limit, so that no claimed row is left to wait for its lease.
    deadline = timezone.now() + settings.NOTIFICATIONS_SEND_WINDOW
    try:
        outcome = outbox.send_due(outbox.moment(now), deadline=deadline)
    except outbox.MailServerUnavailable as error:
        _retry_soon(self, error.retry_at, error)
        return 0  # the server is away for longer: the deliveries are due again, a later tick sends them
    if outcome.retry_at is not None:  # some were refused: come back when they are due again
        _retry_soon(self, outcome.retry_at)
    return outcome.sent


def _retry_soon(task, retry_at: datetime, error: Exception | None = None) -> None:
    """Retry the task when the refused deliveries are due again, if that is before the next tick; a later retry is
    the ticks' business, never a long ETA task waiting in the broker."""
    if retry_at - timezone.now() <= settings.NOTIFICATIONS_TICK:
        raise task.retry(exc=error, eta=retry_at)


def wake() -> None:
    """Send what a change made due (a briefing moved or cancelled) now rather than at the next tick, once the
    change is committed; a broker that is down only delays it to that tick."""
    transaction.on_commit(tick.delay, robust=True)
