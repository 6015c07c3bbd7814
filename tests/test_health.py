import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests.broker import fresh_broker_pools

HEALTHZ = "/healthz"


def test_the_contract_path_is_healthz():
    assert reverse("healthz") == HEALTHZ


@pytest.mark.django_db
def test_healthz_reports_the_database_and_the_broker(client):
    response = client.get(HEALTHZ)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_checks_the_real_redis_broker(client, redis_url, settings):
    from config.celery_app import app

    assert app.conf.broker_url == redis_url
    assert client.get(HEALTHZ).json()["broker"] == "ok"


@pytest.fixture
def unreachable_broker():
    """The broker pointed at a port nothing listens on, then back, each time with fresh broker pools."""
    from config.celery_app import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    fresh_broker_pools()
    yield
    app.conf.broker_url = original
    fresh_broker_pools()


@pytest.mark.django_db
def test_healthz_reports_a_broker_that_does_not_answer_without_failing(client, unreachable_broker):
    response = client.get(HEALTHZ)
    assert response.status_code == 200
    assert response.json()["broker"] == "error"


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    """A whole process whose database cannot be reached: its health check must say so."""
    unreachable = (
        "postgres://postgres@127.0.0.1:1/tuyengiao"  # nothing listens on port 1
        if connection.vendor == "postgresql"
        else f"sqlite:///{tmp_path}/missing-directory/db.sqlite3"
    )
    script = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(json.dumps([r.status_code, json.loads(r.content)]))"
    )
    env = {**os.environ, "DATABASE_URL": unreachable, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    status, body = json.loads(result.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body["database"] == "error" and body["status"] == "error"


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.5", "::1"])
def test_healthz_details_are_given_to_the_machine_itself(client, address):
    assert set(client.get(HEALTHZ, REMOTE_ADDR=address).json()) == {"status", "database", "broker"}


@pytest.mark.django_db
def test_healthz_tells_an_anonymous_caller_from_elsewhere_only_up_or_down(client, settings, admin_user):
    assert client.get(HEALTHZ, REMOTE_ADDR="203.0.113.7").json() == {"status": "ok"}
    # Behind the proxy the client's address decides, not the proxy's loopback one.
    settings.PROXY_COUNT = 1
    outside = client.get(HEALTHZ, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert outside.json() == {"status": "ok"}
    client.force_login(admin_user)
    assert set(client.get(HEALTHZ, REMOTE_ADDR="203.0.113.7").json()) == {"status", "database", "broker"}


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["", "unix:/run/gunicorn.sock"])
def test_healthz_from_no_usable_address_answers_up_or_down(client, address):
    assert client.get(HEALTHZ, REMOTE_ADDR=address).json() == {"status": "ok"}


def test_robots_are_kept_out_of_every_page(client):
    response = client.get("/robots.txt")
    assert (response.status_code, response["Content-Type"]) == (200, "text/plain; charset=utf-8")
    assert response.content.decode() == "User-agent: *\nDisallow: /\n"
    assert response.has_header("Content-Security-Policy")  # through the whole middleware chain
