"""The outbox's claims and retries, one rule at a time: a claim belongs to its sender until its lease ends in real
time, a sender whose lease ended records nothing over the new owner's row, and refusals come back later and later
until the last attempt fails for good."""

from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from notifications import outbox
from notifications.models import Delivery
from tests.concurrency import held_open
from tests.notifications.conftest import local, recipients, send_at, states

pytestmark = pytest.mark.django_db

NOW = local(date(2026, 12, 7), 9, 0)  # the moment the run is for: the day before the briefing, a reminder is due
WALL = local(date(2026, 12, 3), 10, 0)  # the real time the senders work at
LEASE = settings.NOTIFICATIONS_CLAIM_LEASE


def state_and_claim() -> list[tuple[str, str]]:
    return sorted(Delivery.objects.values_list("state", "claim"))


def first_sender(now=NOW) -> tuple[str, list[Delivery]]:
    """Plan the reminders and let a first sender claim them (it is still sending them)."""
    outbox.plan(now)
    token, rows = outbox.claim(now)
    assert len(rows) == 3
    return token, rows


def test_a_tick_while_a_claim_is_live_leaves_the_rows_with_their_sender(briefing, sink):
    with time_machine.travel(WALL, tick=False):
        token, _rows = first_sender()
    with time_machine.travel(WALL + LEASE - timedelta(seconds=1), tick=False):
        assert outbox.tick(NOW) == 0
        assert outbox.claim(NOW)[1] == []  # a second sender finds nothing to send
    assert state_and_claim() == [("sending", token)] * 3


def test_a_claim_whose_lease_ended_is_due_again_at_the_next_tick(briefing, sink):
    with time_machine.travel(WALL, tick=False):
        first_sender()
    with time_machine.travel(WALL + LEASE + timedelta(seconds=1), tick=False):
        assert outbox.tick(NOW) == 3
        assert set(Delivery.objects.values_list("state", "claim")) == {("due", "")}
        outbox.send_due(NOW)
    assert states() == {"sent": 3}
    assert len(recipients(sink.messages())) == 3


def test_a_replay_of_a_later_moment_beside_a_working_sender_sends_nothing_twice(briefing, sink):
    """``send_reminders --now`` measures the lease on the wall clock, not against the moment it replays."""
    with time_machine.travel(WALL, tick=False):
        token, _rows = first_sender()
    with time_machine.travel(WALL + timedelta(minutes=1), tick=False):
        send_at(NOW + timedelta(hours=3))
    assert sink.count() == 0
    assert state_and_claim() == [("sending", token)] * 3


def expire_and_reclaim(old_rows) -> str:
    """The first sender's lease ends; a tick gives its rows back and a second sender claims them."""
    with time_machine.travel(WALL + LEASE + timedelta(minutes=1), tick=False):
        outbox.tick(NOW)
        token, rows = outbox.claim(NOW)
    assert sorted(r.pk for r in rows) == sorted(r.pk for r in old_rows)
    return token


def test_a_sender_whose_lease_ended_does_not_mark_the_new_owners_rows_sent(briefing, sink):
    with time_machine.travel(WALL, tick=False):
        old_token, old_rows = first_sender()
    new_token = expire_and_reclaim(old_rows)
    outbox.send_claimed(old_token, old_rows, NOW)  # the first sender comes back and finishes its batch
    assert state_and_claim() == [("sending", new_token)] * 3
    assert not Delivery.objects.filter(sent_at__isnull=False).exists()


def test_a_sender_whose_lease_ended_does_not_record_its_refusals_over_the_new_owners_rows(briefing, sink):
    with time_machine.travel(WALL, tick=False):
        old_token, old_rows = first_sender()
    new_token = expire_and_reclaim(old_rows)
    sink.handler.refusal, sink.handler.refuse_next = "550 5.1.1 Mailbox unavailable", 3
    outcome = outbox.send_claimed(old_token, old_rows, NOW)
    assert outcome.failed == 3
    assert state_and_claim() == [("sending", new_token)] * 3
    assert not Delivery.objects.exclude(last_error="").exists()


def test_a_sender_whose_lease_ended_does_not_skip_the_new_owners_rows(briefing, sink):
    with time_machine.travel(WALL, tick=False):
        old_token, old_rows = first_sender()
    new_token = expire_and_reclaim(old_rows)
    briefing.invitations.all().delete()  # nobody is invited any more: the first sender finds them unneeded
    assert outbox.send_claimed(old_token, old_rows, NOW).skipped == 3
    assert state_and_claim() == [("sending", new_token)] * 3


@pytest.mark.parametrize("attempts", range(1, 8))
def test_each_retry_waits_twice_as_long_as_the_one_before_with_jitter(attempts):
    base = settings.NOTIFICATIONS_RETRY_SECONDS * 2 ** (attempts - 1)
    waits = [outbox.backoff(attempts).total_seconds() for _ in range(200)]
    assert all(base / 2 <= wait <= base for wait in waits), (min(waits), max(waits), base)
    assert max(waits) - min(waits) > base / 10  # spread apart, so refused rows do not all come back at once


def test_the_wait_before_a_retry_is_capped():
    assert outbox.backoff(30) == outbox.MAX_BACKOFF
    assert outbox.backoff(0).total_seconds() <= settings.NOTIFICATIONS_RETRY_SECONDS


def refuse_all_at_attempt(attempt: int, sink) -> str:
    outbox.plan(NOW)
    Delivery.objects.update(attempts=attempt - 1)  # the claim counts this attempt
    sink.handler.refuse_next = 3
    return send_at(NOW)


def test_a_refusal_before_the_last_attempt_is_tried_again(briefing, sink):
    output = refuse_all_at_attempt(outbox.MAX_ATTEMPTS - 1, sink)
    assert "to retry 3" in output
    assert set(Delivery.objects.values_list("state", "attempts")) == {("due", outbox.MAX_ATTEMPTS - 1)}
    assert Delivery.objects.filter(next_attempt_at__gt=NOW).count() == 3
    # Released for any sender (no claim left), and due again together: one jittered delay for the whole batch.
    assert set(Delivery.objects.values_list("claim", flat=True)) == {""}
    assert len(set(Delivery.objects.values_list("next_attempt_at", flat=True))) == 1


def test_a_refusal_at_the_last_attempt_fails_for_good(briefing, sink):
    output = refuse_all_at_attempt(outbox.MAX_ATTEMPTS, sink)
    assert "failed 3" in output
    assert set(Delivery.objects.values_list("state", "attempts")) == {("failed", outbox.MAX_ATTEMPTS)}
    assert all("451" in error for error in Delivery.objects.values_list("last_error", flat=True))
    send_at(NOW + timedelta(days=1))
    assert sink.count() == 0


def test_a_claim_takes_the_longest_waiting_rows_first_and_counts_the_attempt(briefing, sink):
    outbox.plan(NOW)
    late = Delivery.objects.order_by("pk").last()
    Delivery.objects.filter(pk=late.pk).update(next_attempt_at=NOW - timedelta(hours=1))
    token, rows = outbox.claim(NOW, limit=1)
    assert [row.pk for row in rows] == [late.pk]
    assert rows[0].attempts == 1 and rows[0].claimed_at is not None
    assert timezone.now() - rows[0].claimed_at < timedelta(minutes=1)


# --- A run's outcome over several batches --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("refusal", "uninvited", "counted"),
    [
        (None, False, "sent"),
        ("451 4.3.0 Try again later", False, "retried"),
        ("550 5.1.1 Mailbox unavailable", False, "failed"),
        (None, True, "skipped"),
    ],
)
def test_a_run_over_several_batches_counts_every_outcome_of_each(
    briefing, sink, monkeypatch, refusal, uninvited, counted
):
    outbox.plan(NOW)
    if refusal:
        sink.handler.refusal, sink.handler.refuse_next = refusal, 3
    if uninvited:
        briefing.invitations.all().delete()  # nobody is invited any more: each email is no longer needed
    claim = outbox.claim
    monkeypatch.setattr(outbox, "claim", lambda now: claim(now, limit=1))  # one delivery per batch
    total = outbox.send_due(NOW)
    figures = {"sent": total.sent, "retried": total.retried, "failed": total.failed, "skipped": total.skipped}
    assert figures == {**dict.fromkeys(figures, 0), counted: 3}
    if counted == "retried":
        assert total.retry_at == max(Delivery.objects.values_list("next_attempt_at", flat=True))


def test_a_refusal_for_good_keeps_the_servers_answer(briefing, sink):
    sink.handler.refusal, sink.handler.refuse_next = "550 5.1.1 Mailbox unavailable", 1
    send_at(NOW)
    failed = Delivery.objects.get(state=Delivery.State.FAILED)
    assert "550" in failed.last_error and "Mailbox unavailable" in failed.last_error


def test_a_delivery_of_a_kind_no_longer_configured_is_skipped_not_sent(briefing, sink):
    outbox.plan(NOW)
    Delivery.objects.filter(pk=Delivery.objects.order_by("pk").first().pk).update(kind="retired_kind")
    total = outbox.send_due(NOW)
    assert (total.sent, total.skipped) == (2, 1)
    assert Delivery.objects.get(kind="retired_kind").state == Delivery.State.SKIPPED


def test_a_moment_without_an_offset_is_local_time():
    moment = outbox.moment("2026-12-08T07:00")
    assert timezone.is_aware(moment)
    assert timezone.localtime(moment).replace(tzinfo=None).isoformat() == "2026-12-08T07:00:00"
    assert outbox.moment("2026-12-08T07:00+00:00") == local(date(2026, 12, 8), 14, 0)


# --- The mail server away ------------------------------------------------------------------------------------------


def test_a_server_away_names_the_error_and_when_the_unsent_are_due_again(briefing, sink, settings):
    settings.EMAIL_PORT = sink.port + 1 if sink.port < 65535 else sink.port - 1  # nobody listens there
    token, rows = first_sender()
    with pytest.raises(outbox.MailServerUnavailable) as away:
        outbox.send_claimed(token, rows, NOW)
    assert "refused" in str(away.value).lower()  # the reason the connection failed, for the operator
    due_again = set(Delivery.objects.values_list("next_attempt_at", flat=True))
    assert due_again == {away.value.retry_at} and away.value.retry_at > NOW  # the batch comes back together
    errors = set(Delivery.objects.values_list("last_error", flat=True))
    assert len(errors) == 1 and errors.pop().startswith("ConnectionRefusedError: ")


def test_a_server_away_when_every_unsent_had_its_last_attempt_says_when_to_try_again(briefing, sink, settings):
    settings.EMAIL_PORT = sink.port + 1 if sink.port < 65535 else sink.port - 1
    token, rows = first_sender()
    Delivery.objects.update(attempts=outbox.MAX_ATTEMPTS)
    for row in rows:
        row.attempts = outbox.MAX_ATTEMPTS
    with pytest.raises(outbox.MailServerUnavailable) as away:
        outbox.send_claimed(token, rows, NOW)
    assert states() == {"failed": 3}  # nothing is due again: the next try is the task's own
    first_retry = timedelta(seconds=settings.NOTIFICATIONS_RETRY_SECONDS)
    assert NOW + first_retry / 2 <= away.value.retry_at <= NOW + first_retry  # the first backoff, with its jitter


# --- Claims, leases and windows --------------------------------------------------------------------------------------


def test_a_claim_whose_sender_vanished_is_due_again_from_the_moment_of_the_run_that_frees_it(briefing, sink):
    with time_machine.travel(WALL, tick=False):
        first_sender()
    later = NOW + timedelta(hours=2)
    with time_machine.travel(WALL + LEASE + timedelta(minutes=1), tick=False):
        assert outbox.release_stale(later) == 3
    assert set(Delivery.objects.values_list("state", "claim", "next_attempt_at")) == {("due", "", later)}


def test_a_sender_whose_window_has_closed_claims_nothing(briefing, sink):
    outbox.plan(NOW)
    with time_machine.travel(WALL, tick=False):
        total = outbox.send_due(NOW, deadline=timezone.now())
    assert total.sent == 0 and states() == {"due": 3} and sink.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_sender_passes_over_the_rows_another_holds_instead_of_waiting_for_them(briefing, sink):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("rows are locked on PostgreSQL; SQLite claims through the state condition alone")
    outbox.plan(NOW)
    first_row = Delivery.objects.order_by("next_attempt_at", "pk").select_for_update()[:1]
    with held_open(lambda: list(first_row)):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")  # waiting for the held row would fail the claim here
            token, rows = outbox.claim(NOW)
            assert len(rows) == 2
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")


def test_a_claimed_batch_comes_with_its_recipients_accounts(briefing, sink, django_assert_num_queries):
    outbox.plan(NOW)
    token, rows = outbox.claim(NOW)
    with django_assert_num_queries(0):  # read with the rows: not one query per email when each is addressed
        accounts = [row.user for row in rows]
    assert any(accounts)
