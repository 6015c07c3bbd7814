"""Real Celery workers (subprocesses of this test session) on a real Redis, sending to a real SMTP server: each
recipient gets exactly one reminder, whatever happens to the workers, the broker or the mail server."""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone

from notifications import outbox
from notifications.models import Delivery
from opinion.models import Briefing
from tests.conftest import database_url
from tests.factories import make_collaborator
from tests.notifications import worker_settings
from tests.notifications.conftest import recipients
from tests.opinion.factories_briefings import invite_one

pytestmark = pytest.mark.django_db(transaction=True)
BASE_DIR = Path(settings.BASE_DIR)
TIMEOUT = 60


def wait_until(condition, timeout=TIMEOUT, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}")


class Worker:
    """``celery worker`` in its own process group, so that killing it kills its pool too."""

    def __init__(self, env: dict, log: Path, name: str, concurrency: int = 1):
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", f"--concurrency={concurrency}",
             f"--hostname={name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
            cwd=BASE_DIR, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        wait_until(lambda: "ready." in self.output() or self.process.poll() is not None, message=f"{name} to start")
        assert self.process.poll() is None, self.output()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def broker(redis_url):
    """Keys of this run's own on the Redis server (a prefix on every key, a queue of its own), removed afterwards:
    two runs on one machine, or another program's data in the same database, are never touched."""
    prefix = f"tuyengiao-test-{uuid.uuid4().hex[:12]}:"
    yield {"url": redis_url, "queue": f"reminders-test-{uuid.uuid4().hex[:8]}", "prefix": prefix}
    forget(redis_url, prefix)


def forget(url: str, prefix: str) -> None:
    """Delete the run's keys, as a Redis restarted without persistence would have lost them."""
    server = redis.Redis.from_url(url)
    keys = list(server.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        server.delete(*keys)


@pytest.fixture
def workers(broker, sink, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the workers share the test database through PostgreSQL; the embedded SQLite one is in memory")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker["url"],
        "EMAIL_URL": sink.url,
        "TEST_QUEUE": broker["queue"],
        "TEST_KEY_PREFIX": broker["prefix"],
    }
    started = []

    def start(name: str, concurrency: int = 1) -> Worker:
        worker = Worker(env, tmp_path / f"{name}.log", name, concurrency)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def client(broker):
    app = Celery("tests", broker=broker["url"])
    app.conf.task_default_queue = broker["queue"]
    app.conf.broker_transport_options = {"global_keyprefix": broker["prefix"]}
    yield app
    app.close()


@pytest.fixture
def briefing(tree, officer_a):
    """A briefing in two hours, so that a reminder is due now, inviting ``count`` collaborators."""

    def make(count: int) -> Briefing:
        starts_at = timezone.now() + timedelta(hours=2)
        briefing = Briefing.objects.create(
            committee=tree.a, month=timezone.localdate(starts_at).replace(day=1), starts_at=starts_at, place="P. 301"
        )
        for n in range(count):
            invite_one(briefing, make_collaborator(tree.a1, f"Cộng tác viên {n}", email=f"ctv{n}@tuyengiao.example"))
        return briefing

    return make


def sent() -> int:
    return Delivery.objects.filter(state=Delivery.State.SENT).count()


def assert_exactly_once(sink, count: int):
    addresses = recipients(sink.messages())
    assert len(addresses) == count, f"{len(addresses)} messages for {count} recipients"
    assert len(set(addresses)) == count


def test_a_worker_sends_each_reminder_once_and_a_second_tick_nothing(workers, client, briefing, sink):
    briefing(30)
    workers("w1", concurrency=2)
    client.send_task("notifications.tick")
    wait_until(lambda: sent() == 30, message="30 reminders sent")
    client.send_task("notifications.tick")
    client.send_task("notifications.send_due")
    time.sleep(3)
    assert_exactly_once(sink, 30)


def test_two_workers_in_parallel_send_nothing_twice(workers, client, briefing, sink):
    briefing(300)
    outbox.tick(timezone.now())
    sink.handler.delay = 0.005  # a server that takes its time, so that both workers are busy at once
    workers("w1", concurrency=2)
    workers("w2", concurrency=2)
    for _ in range(8):
        client.send_task("notifications.send_due")
    wait_until(lambda: sent() == 300, message="300 reminders sent")
    assert_exactly_once(sink, 300)
    senders = set(Delivery.objects.values_list("claim", flat=True))
    assert senders == {""}


def test_a_worker_killed_in_the_middle_of_a_batch_loses_nothing_and_sends_nothing_twice(
    workers, client, briefing, sink
):
    briefing(100)
    sink.handler.hold_after = 40  # the 41st message gets no answer: the worker is stuck in the middle of a batch
    first = workers("w1")
    client.send_task("notifications.tick")
    wait_until(sink.handler.holding.is_set, message="the worker to be in the middle of a batch")
    first.kill()
    assert sink.count() == 40
    claimed = Delivery.objects.filter(state=Delivery.State.SENDING).count()
    assert claimed > 0  # the batch it held
    sink.handler.hold_after = None
    workers("w2")
    time.sleep(worker_settings.NOTIFICATIONS_CLAIM_LEASE.total_seconds() + 0.2)
    client.send_task("notifications.tick")  # the next tick takes back what the dead worker held
    wait_until(lambda: sent() == 100, message="all 100 reminders sent")
    assert_exactly_once(sink, 100)


def test_a_restarted_broker_delays_the_reminders_by_one_tick_and_loses_none(workers, client, briefing, sink, broker):
    briefing(20)
    outbox.tick(timezone.now())
    for _ in range(2):
        client.send_task("notifications.send_due")
    another_run = redis.Redis.from_url(broker["url"])
    another_run.set(f"another-run-{broker['queue']}", "its task", ex=60)
    forget(broker["url"], broker["prefix"])  # Redis restarted without persistence: the queued tasks are gone
    assert another_run.get(f"another-run-{broker['queue']}") == b"its task"  # a run never wipes another's keys
    another_run.delete(f"another-run-{broker['queue']}")
    workers("w1")
    time.sleep(1)
    assert sink.count() == 0
    client.send_task("notifications.tick")  # beat's next tick
    wait_until(lambda: sent() == 20, message="20 reminders sent")
    assert_exactly_once(sink, 20)


def test_a_refusing_mail_server_is_tried_again_with_backoff_and_each_reminder_sent_once(
    workers, client, briefing, sink
):
    briefing(5)
    sink.handler.refuse_next = 2
    workers("w1")
    client.send_task("notifications.tick")
    wait_until(lambda: sent() == 5, message="5 reminders sent after the refusals")
    assert_exactly_once(sink, 5)
    retried = Delivery.objects.filter(attempts__gt=1)
    assert retried.count() == 2
    assert all("451" in d.last_error or d.last_error == "" for d in retried)
