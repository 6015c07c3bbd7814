"""Two transactions that meet. One is held open, uncommitted, on a connection of its own while the code under test
runs, so that a test shows what a row lock makes the other do: wait for it, or pass over what it holds. PostgreSQL
only: SQLite runs one writing transaction at a time."""

import threading
import time
from contextlib import contextmanager

from django.db import connection, connections, transaction

TIMEOUT = 20


@contextmanager
def held_open(work):
    """Runs `work` in a transaction in another thread and keeps that transaction open until the block ends; then it
    is committed."""
    started, release = threading.Event(), threading.Event()
    failed = []

    def hold():
        try:
            with transaction.atomic():
                work()
                started.set()
                release.wait(TIMEOUT)
        except Exception as error:
            failed.append(error)
            started.set()
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert started.wait(TIMEOUT), "the held transaction did not start"
        if failed:
            raise failed[0]
        yield
    finally:
        release.set()
        holder.join(TIMEOUT)


def run_behind(held, step):
    """Runs `step` on its own connection while `held` keeps its transaction open. The step must wait on a lock the
    held transaction has; once it waits, the held one commits. Returns what the step returned, or raises what it
    raised."""
    outcome = {}

    def run():
        try:
            outcome["returned"] = step()
        except Exception as error:
            outcome["raised"] = error
        finally:
            connections.close_all()

    runner = threading.Thread(target=run)
    try:
        with held_open(held):
            runner.start()
            wait_until(lambda: waiting_on_a_lock() > 0, "the step to wait for the held transaction's lock")
    finally:
        if runner.is_alive():
            runner.join(TIMEOUT)
    if "raised" in outcome:
        raise outcome["raised"]
    return outcome.get("returned")


def waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def wait_until(condition, message):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(0.02)
