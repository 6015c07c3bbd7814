"""Sign-in throttling behind the reverse proxy the README prescribes: Debian's nginx in front of gunicorn on loopback,
``PROXY_COUNT=1``, clients signing in from several loopback addresses (127.0.0.2, 127.0.0.3, …) with and without an
``X-Forwarded-For`` of their own. Five wrong passwords lock the pair (username, the client's real address) and
nothing else; a forged header neither spreads the lock to others nor lets its sender escape it."""

import os
import re
import shutil
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.conftest import database_url, need
from tests.smtp_sink import free_port

pytestmark = pytest.mark.django_db(transaction=True)
BASE_DIR = Path(settings.BASE_DIR)
PASSWORD = "correct-horse-battery"
NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
{user}
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{app_port};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}: {log.read_text(errors='replace')}")


@pytest.fixture
def proxied_site(tmp_path):
    """gunicorn on the test database with PROXY_COUNT=1, behind nginx; the address nginx listens on."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    need(os.path.exists(nginx), "nginx is not installed")
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn shares the test database through PostgreSQL; the embedded SQLite one is in memory")
    app_port, port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(),
        "PROXY_COUNT": "1",
        "SITE_URL": f"http://127.0.0.1:{port}",
    }
    app_log = tmp_path / "gunicorn.log"
    app = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{app_port}", "--workers", "1"],
        cwd=BASE_DIR, env=env, stdout=app_log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    conf = tmp_path / "nginx.conf"
    user = "user root;" if os.geteuid() == 0 else ""
    conf.write_text(NGINX_CONF.format(tmp=tmp_path, user=user, port=port, app_port=app_port))
    proxy_log = tmp_path / "nginx-error.log"
    proxy = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path)], stderr=proxy_log.open("ab"))
    try:
        wait_for_port(app_port, app, app_log)
        wait_for_port(port, proxy, proxy_log)
        yield port
    finally:
        for process in (proxy, app):
            process.terminate()
            process.wait(10)


class Browser:
    """A client at one loopback address, keeping its cookies, optionally sending an X-Forwarded-For of its own."""

    def __init__(self, port: int, address: str):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method: str, path: str, body: dict | None = None, forged: str | None = None):
        connection_ = HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.address, 0))
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if forged:
            headers["X-Forwarded-For"] = forged
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection_.request(method, path, body=urlencode(body) if body is not None else None, headers=headers)
        response = connection_.getresponse()
        text = response.read().decode(errors="replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        connection_.close()
        return response.status, text

    def sign_in(self, username: str, password: str, forged: str | None = None) -> int:
        self.cookies.clear()
        _status, page = self.request("GET", "/accounts/login/", forged=forged)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _text = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
            forged=forged,
        )
        return status


@pytest.fixture
def officer(officer_a):
    # The server hashes as in production; a light PBKDF2 keeps the test quick.
    officer_a.password = PBKDF2PasswordHasher().encode(PASSWORD, "proxy-test-salt", iterations=1000)
    officer_a.save(update_fields=["password"])
    return officer_a


def test_five_wrong_passwords_lock_the_username_from_that_address_only(proxied_site, officer):
    attacker, colleague = Browser(proxied_site, "127.0.0.2"), Browser(proxied_site, "127.0.0.3")
    for _ in range(4):
        assert attacker.sign_in("officer_a", "wrong") == 200
    assert attacker.sign_in("officer_a", "wrong") == 429
    assert attacker.sign_in("officer_a", PASSWORD) == 429  # locked, even with the right password
    assert colleague.sign_in("officer_a", PASSWORD) == 302  # the officer, elsewhere, is not locked out
    assert set(AccessAttempt.objects.values_list("username", "ip_address")) == {("officer_a", "127.0.0.2")}


def test_a_forged_forwarded_header_chooses_no_address(proxied_site, officer):
    attacker, colleague = Browser(proxied_site, "127.0.0.4"), Browser(proxied_site, "127.0.0.5")
    for attempt in range(5):
        attacker.sign_in("officer_a", "wrong", forged="127.0.0.5" if attempt % 2 else f"10.9.8.{attempt}")
    # Each attempt claimed another address: all of them were counted against the sender's real one.
    assert attacker.sign_in("officer_a", PASSWORD, forged="10.9.8.200") == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.4"}
    # Claiming the colleague's address does not lock the colleague out either.
    assert colleague.sign_in("officer_a", PASSWORD) == 302
