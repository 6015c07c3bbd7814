"""PostgreSQL and Redis restarted under a running server and worker: gunicorn and a Celery worker on a PostgreSQL
cluster and a Redis server of the test's own (so that stopping them disturbs no other test), a real SMTP sink.

While Redis is away the pages answer, /healthz says the broker is down, and a form saves; while PostgreSQL is away
the pages and /healthz answer 503 and a form saves nothing; once each is back, everything answers again, and every
reminder and every form is there exactly once."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.conftest import database_url, need
from tests.notifications.test_worker import BASE_DIR, Worker, briefing, wait_until  # noqa: F401 (a fixture)
from tests.opinion.test_concern_views import concern_data
from tests.smtp_sink import free_port
from tests.test_behind_nginx import Browser

pytestmark = pytest.mark.django_db(transaction=True)
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PASSWORD = "correct-horse-battery"
REMINDED = 5


def as_postgres(*command, **kwargs):
    """Run a PostgreSQL program as the postgres user (it refuses to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True, text=True, **kwargs)


class Postgres:
    """A PostgreSQL cluster in a temporary directory, on a port of its own."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="tg-faults-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.port = free_port()
        as_postgres(PG_BIN / "initdb", "-D", self.dir / "data", "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/tuyengiao"

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        as_postgres(PG_BIN / "pg_ctl", "-D", self.dir / "data", "-o", options, "-l", self.dir / "log", "-w", "start")

    def stop(self):
        as_postgres(PG_BIN / "pg_ctl", "-D", self.dir / "data", "-m", "fast", "-w", "stop")

    def sql(self, query: str) -> str:
        return subprocess.run(
            ["psql", "-X", "-At", self.url, "-c", query], check=True, capture_output=True, text=True
        ).stdout.strip()

    def remove(self):
        subprocess.run(["runuser", "-u", "postgres", "--", PG_BIN / "pg_ctl", "-D", self.dir / "data", "-m",
                        "immediate", "stop"], capture_output=True)  # fmt: skip
        shutil.rmtree(self.dir, ignore_errors=True)


class Redis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_until(lambda: subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout
                   == b"PONG\n", message="redis to start")  # fmt: skip

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def services(tree, officer_a, briefing, sink, tmp_path):  # noqa: F811 (briefing is a fixture)
    """The test's records copied into a PostgreSQL of its own; Redis; gunicorn and a worker on both."""
    if connection.vendor != "postgresql":
        pytest.skip("the server and the worker need PostgreSQL")
    need(PG_BIN.exists() and shutil.which("redis-server") is not None, "PostgreSQL 15 or redis-server is missing")
    officer_a.password = PBKDF2PasswordHasher().encode(PASSWORD, "faults-salt", iterations=1000)
    officer_a.save(update_fields=["password"])
    briefing(REMINDED)
    postgres, redis_ = Postgres(), Redis()
    started = []
    try:
        source = database_url()
        subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres", "tuyengiao"],
                       check=True)  # fmt: skip
        dump = subprocess.run(["pg_dump", "--no-owner", source], check=True, capture_output=True).stdout
        subprocess.run(["psql", "-X", "-q", postgres.url], input=dump, check=True, capture_output=True)
        queue, prefix = f"faults-{uuid.uuid4().hex[:8]}", f"tg-faults-{uuid.uuid4().hex[:8]}:"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis_.url,
            "EMAIL_URL": sink.url,
            "TEST_QUEUE": queue,
            "TEST_KEY_PREFIX": prefix,
            "CONN_MAX_AGE": "60",
        }
        port = free_port()
        log = tmp_path / "gunicorn.log"
        web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=BASE_DIR, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        started.append(web)
        wait_until(lambda: _answers(port), message="gunicorn to start")
        worker = Worker(env, tmp_path / "worker.log", "faults")
        celery = Celery("faults", broker=redis_.url)
        celery.conf.task_default_queue = queue
        celery.conf.broker_transport_options = {"global_keyprefix": prefix}
        yield {"postgres": postgres, "redis": redis_, "port": port, "celery": celery, "worker": worker, "log": log}
        celery.close()
        worker.stop()
    finally:
        for process in started:
            process.terminate()
            process.wait(10)
        postgres.remove()
        redis_.stop()


def _answers(port: int) -> bool:
    try:
        Browser(port, "127.0.0.1").request("GET", "/healthz")
        return True
    except OSError:
        return False


def health(port: int) -> tuple[int, dict]:
    import json

    status, text = Browser(port, "127.0.0.1").request("GET", "/healthz")
    return status, json.loads(text)


def concern(browser: Browser, tree, officer, content: str) -> int:
    _status, page = browser.request("GET", "/opinion/concerns/new/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    data = {"csrfmiddlewaretoken": token.group(1) if token else "", **concern_data(tree, officer, content=content)}
    status, _text = browser.request("POST", "/opinion/concerns/new/", data)
    return status


def test_the_server_and_the_worker_ride_out_restarts_of_postgresql_and_redis(services, tree, officer_a, sink):
    postgres, redis_, port = services["postgres"], services["redis"], services["port"]
    officer = Browser(port, "127.0.0.1")
    assert officer.sign_in("officer_a", PASSWORD) == 302
    assert health(port) == (200, {"status": "ok", "database": "ok", "broker": "ok"})

    # Redis away: the pages answer, the broker is reported down, a form saves (its email waits for the next tick).
    redis_.stop()
    assert health(port) == (200, {"status": "ok", "database": "ok", "broker": "error"})
    assert officer.request("GET", "/opinion/concerns/")[0] == 200
    assert concern(officer, tree, officer_a, "Kiến nghị khi Redis dừng") == 302
    redis_.start()
    wait_until(lambda: health(port)[1]["broker"] == "ok", message="the broker to be back")
    services["celery"].send_task("notifications.tick")
    delivered = "SELECT count(*) FROM notifications_delivery WHERE state = 'sent'"
    wait_until(lambda: postgres.sql(delivered) == str(REMINDED), message="the reminders sent")

    # PostgreSQL away: 503 for the pages, /healthz and a form, which saves nothing.
    postgres.stop()
    assert officer.request("GET", "/opinion/concerns/")[0] == 503
    assert health(port) == (503, {"status": "error", "database": "error", "broker": "ok"})
    assert concern(officer, tree, officer_a, "Kiến nghị khi PostgreSQL dừng") == 503
    postgres.start()
    wait_until(lambda: health(port)[0] == 200, message="the database to be back")
    assert officer.request("GET", "/opinion/concerns/")[0] == 200  # the same session: nothing was lost
    assert concern(officer, tree, officer_a, "Kiến nghị khi PostgreSQL trở lại") == 302

    # Each form saved once, each reminder sent once, whatever the ticks after the restarts.
    done_before = services["worker"].output().count(" succeeded in ")
    services["celery"].send_task("notifications.tick")
    services["celery"].send_task("notifications.send_due")
    wait_until(lambda: services["worker"].output().count(" succeeded in ") >= done_before + 2, message="both run")
    contents = postgres.sql("SELECT string_agg(content, '|' ORDER BY id) FROM opinion_concern")
    assert contents.split("|") == ["Kiến nghị khi Redis dừng", "Kiến nghị khi PostgreSQL trở lại"]
    assert postgres.sql(delivered) == str(REMINDED)
    addresses = [message["To"] for message in sink.messages()]
    assert len(addresses) == len(set(addresses)) == REMINDED
