"""The whole application under load: the demo served by gunicorn as in production, many signed-in people at once.

    DATABASE_URL=postgres://.../tuyengiao REDIS_URL=redis://... python manage.py seed_demo --scale national
    DATABASE_URL=... REDIS_URL=... python bench/load.py [--users 16] [--seconds 60] [--burst 20]

1. Collects the static files and starts gunicorn with ``config/gunicorn.py`` (``DEBUG`` off, ``WEB_CONCURRENCY``
   workers as configured) on a free port of the loopback.
2. Signs the demo accounts in: bloc staff, the officers of two sibling committees, leaders and collaborators (their
   sessions written to the database, as a sign-in writes them).
3. Throughput, with Debian's ``wrk`` and ``--users`` connections for ``--burst`` seconds each: the trivial view
   (``/robots.txt``, through the same middleware as every page) and the bloc staff's overview; requests per second
   of each and their ratio.
4. The mix, for ``--seconds``: ``--users`` people at once, each in a loop over what their role opens, reading each
   page ``--think`` seconds on average (by default not at all: the machine at saturation; with a pause they also
   come in one by one over the first ``2 × --think`` seconds, not all in the same instant) —
   the overview, the lists, a record, the committee picker, and for a collaborator the report form and its post (a
   real report filed, with its roll-ups) —; per page the requests, requests per second, median and 95th percentile,
   and every error (a status other than the one expected).
"""

import argparse
import http.client
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The sessions written here are signed with the key gunicorn reads them with.
os.environ.setdefault("SECRET_KEY", "load-test-" + os.urandom(16).hex())

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from committees.models import Committee  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Step:
    name: str
    path: str
    expect: int = 200
    form: dict | None = None  # a post of this form, its token read from the page at ``path`` first


@dataclass
class Person:
    username: str
    steps: list[Step]
    cookie: str = ""


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, took: float, error: str = "") -> None:
        with self.lock:
            self.times[name].append(took)
            if error:
                self.errors[name].append(error)


def first_pk(queryset, committee: Committee, field: str = "committee__path") -> int:
    return queryset.filter(**{f"{field}__startswith": committee.path}).order_by("pk").values_list("pk", flat=True)[0]


def people() -> list[Person]:
    """What each demo role opens in a working session."""
    from opinion.models import Collaborator, Concern, Topic
    from reports.models import ReportingPeriod

    sub, sibling = Committee.objects.get(code="DB001"), Committee.objects.get(code="DB002")
    month = timezone.localdate().strftime("%Y-%m")
    suggest = reverse("committees:suggest")

    def staff(committee: Committee) -> list[Step]:
        return [
            Step("overview", reverse("home")),
            Step("concerns", reverse("opinion:concern_list")),
            Step("overdue concerns", reverse("opinion:concern_list") + "?overdue=on"),
            Step("opinion reports", reverse("opinion:report_list")),
            Step("collaborators", reverse("opinion:collaborator_list")),
            Step("who has reported", f"{reverse('opinion:report_status')}?month={month}&state=missing"),
            Step("briefings", reverse("opinion:briefing_list")),
            Step("a concern", reverse("opinion:concern_detail", args=[first_pk(Concern.objects, committee)])),
            Step("a collaborator",
                 reverse("opinion:collaborator_detail", args=[first_pk(Collaborator.objects, committee)])),
            Step("committee picker", f"{suggest}?q=chi+bo"),
        ]  # fmt: skip

    topics = list(Topic.objects.filter(is_active=True).order_by("order").values_list("pk", flat=True)[:2])
    report = {"reported_on": timezone.localdate().strftime("%d/%m/%Y"), "topics": topics, "sentiment": "mixed",
              "summary": "Cán bộ, đảng viên quan tâm lộ trình cải cách tiền lương.", "spread": "unit",
              "confidentiality": "normal"}  # fmt: skip
    collaborator = [
        Step("overview", reverse("home")),
        Step("report form", reverse("opinion:report_create")),
        Step("report post", reverse("opinion:report_create"), expect=302, form=report),
        Step("my reports", reverse("opinion:report_list")),
    ]
    period = ReportingPeriod.objects.order_by("-ends_on").first()
    leader = [Step("overview", reverse("home")), Step("reports", reverse("reports:period_list"))]
    if period:
        leader.append(Step("a period", period.get_absolute_url()))
    return [
        Person("bantuyengiao", staff(Committee.objects.get(depth=1))),
        Person("canbo.db001", staff(sub)),
        Person("canbo.db002", staff(sibling)),
        Person("lanhdao", leader),
        Person("lanhdao.db001", leader),
        Person("ctv.db001", collaborator),
        Person("ctv.db002", collaborator),
    ]


def signed_in(username: str) -> str:
    """A session of ``username`` written to the database; the Cookie header that carries it."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "false", "GUNICORN_BIND": f"127.0.0.1:{port}",
           "SITE_URL": f"http://127.0.0.1:{port}", "ALLOWED_HOSTS": "127.0.0.1"}  # fmt: skip
    python = Path(sys.executable)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [python.parent / "gunicorn", "-c", "config/gunicorn.py", "--access-logfile", "/dev/null", "config.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/robots.txt")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not answer: " + server.stderr.read().decode()[-2000:])


def wrk(port: int, path: str, cookie: str, users: int, seconds: int) -> float:
    """Requests per second ``wrk`` gets from ``path`` with ``users`` connections; the page must answer 200 (not a
    redirect to the sign-in page), and an error under load fails the run."""
    status, _page, _cookies = request(http.client.HTTPConnection("127.0.0.1", port, timeout=30), "GET", path, cookie)
    if status != 200:
        raise SystemExit(f"{path} answered {status}, not 200")
    result = subprocess.run(
        ["wrk", "-t2", f"-c{users}", f"-d{seconds}s", "--latency", "-H", f"Cookie: {cookie}",
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    if "Non-2xx or 3xx" in result.stdout or "Socket errors" in result.stdout:
        raise SystemExit(f"errors under wrk on {path}:\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def request(connection, method: str, path: str, cookie: str, body: str = "") -> tuple[int, str, str]:
    headers = {"Cookie": cookie}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    return response.status, text, response.getheader("Set-Cookie") or ""


def work(person: Person, port: int, until: float, tally: Tally, think: float, seed: int) -> None:
    """``person``'s pages in a loop until ``until``, reading each for a random while of ``think`` seconds on
    average (none: the machine at saturation)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    pause = random.Random(seed)
    if think:  # people come in one by one, as they do, not all in the same instant with caches still cold
        time.sleep(pause.uniform(0, 2 * think))
    token = ""
    while time.monotonic() < until:
        for step in person.steps:
            started = time.perf_counter()
            try:
                if step.form is not None:
                    status, page, cookies = request(connection, "GET", step.path, person.cookie)
                    token = CSRF.search(page).group(1)
                    csrf = re.search(r"csrftoken=([^;]+)", cookies)
                    cookie = f"{person.cookie}; csrftoken={csrf.group(1)}" if csrf else person.cookie
                    body = urlencode({**step.form, "csrfmiddlewaretoken": token}, doseq=True)
                    started = time.perf_counter()  # the post alone is timed; its form is the step before
                    status, _page, _cookies = request(connection, "POST", step.path, cookie, body)
                else:
                    status, _page, _cookies = request(connection, "GET", step.path, person.cookie)
                error = "" if status == step.expect else f"{status} on {step.path}"
            except (OSError, http.client.HTTPException, AttributeError) as failure:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                error = f"{type(failure).__name__}: {failure}"
            tally.add(step.name, (time.perf_counter() - started) * 1000, error)
            if think:  # the server's keep-alive ends meanwhile: the next page opens a connection, as a browser does
                connection.close()
                time.sleep(pause.uniform(0, 2 * think))
            if time.monotonic() >= until:
                break


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=16, help="people (connections) at once")
    parser.add_argument("--seconds", type=int, default=60, help="how long the mix runs")
    parser.add_argument("--burst", type=int, default=20, help="how long each throughput run lasts")
    parser.add_argument(
        "--think", type=float, default=0, help="seconds each person reads a page, on average (0: no pause at all)"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed for the throughput runs: apt-get install wrk")
    crowd = people()
    cookies = {person.username: signed_in(person.username) for person in crowd}
    port = free_port()
    server = start_gunicorn(port)
    try:
        trivial = wrk(port, "/robots.txt", cookies["bantuyengiao"], args.users, args.burst)
        overview = wrk(port, "/", cookies["bantuyengiao"], args.users, args.burst)
        print(f"{Committee.objects.count():,} committees; gunicorn {os.environ.get('WEB_CONCURRENCY', 'default')} "
              f"workers; {args.users} connections\n")  # fmt: skip
        print(f"throughput ({args.burst} s each, wrk): trivial view {trivial:,.0f} req/s, bloc staff's overview "
              f"{overview:,.0f} req/s — {100 * overview / trivial:.0f}% of the trivial view\n")  # fmt: skip
        tally = Tally()
        until = time.monotonic() + args.seconds
        threads = []
        for n in range(args.users):
            person = crowd[n % len(crowd)]
            person = Person(person.username, person.steps, signed_in(person.username))  # a session each
            threads.append(threading.Thread(target=work, args=(person, port, until, tally, args.think, n)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(len(times) for times in tally.times.values())
    errors = sum(len(errors) for errors in tally.errors.values())
    mix = f"{args.seconds} s, {args.users} people, {args.think:g} s on a page on average"
    print(f"the mix ({mix}): {total:,} requests, {total / args.seconds:,.1f} req/s, {errors} errors\n")
    print(f"{'page':<22} {'requests':>9} {'req/s':>7} {'median ms':>10} {'p95 ms':>8} {'errors':>7}")
    for name, times in sorted(tally.times.items()):
        ordered = sorted(times)
        p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
        print(f"{name:<22} {len(times):>9,} {len(times) / args.seconds:>7.1f} {statistics.median(times):>10.1f} "
              f"{p95:>8.1f} {len(tally.errors[name]):>7}")  # fmt: skip
    for name, errors in tally.errors.items():
        for error in sorted(set(errors))[:5]:
            print(f"error: {name}: {error}")
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
