"""Email tests send through a real SMTP server (aiosmtpd) on this machine and read what it received."""

from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from notifications.models import Delivery
from opinion.models import Collaborator
from opinion.services import briefings as services
from opinion.services.briefings import local_datetime
from tests.factories import make_collaborator
from tests.opinion.factories_briefings import invite_one, make_schedule
from tests.smtp_sink import SmtpSink

DAY = date(2026, 12, 8)  # a Tuesday; the ``briefing`` is at 08:30 local time


@pytest.fixture(autouse=True)
def _seed_demo_loads_the_tree_only(settings):
    settings.DEMO_SEEDERS = []


@pytest.fixture
def briefing(tree, officer_a, settings):
    """A.'s December briefing: two collaborators with an address, the officer, and two who get no email."""
    settings.NOTIFICATION_KINDS = ["opinion.reminders.BriefingReminder", "opinion.reminders.BriefingChange"]
    schedule = make_schedule(tree.a, by=officer_a)
    result = services.briefings_plan(schedule=schedule, months_ahead=1, today=date(2026, 12, 1), by=officer_a)
    briefing = result.created[0]
    assert timezone.localtime(briefing.starts_at) == local(DAY, 8, 30)
    briefing.invitations.all().delete()
    for collaborator in [
        make_collaborator(tree.a1, "Trần Thị Bình", email="binh@tuyengiao.example"),
        make_collaborator(tree.a, "Lê Văn Cường", email="cuong@tuyengiao.example"),
        make_collaborator(tree.a1, "Phạm Văn Dũng"),  # no address
        make_collaborator(tree.a1, "Hoàng Thị Em", email="em@tuyengiao.example", status=Collaborator.Status.PAUSED),
    ]:
        invite_one(briefing, collaborator)
    invite_one(briefing, officer_a)
    return briefing


@pytest.fixture
def sink(settings):
    with SmtpSink() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        yield server


def local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return local_datetime(day, time(hour, minute))


def send_at(moment: datetime) -> str:
    """Run ``send_reminders --now`` as an operator would, returning what it printed."""
    out = StringIO()
    call_command("send_reminders", now=timezone.localtime(moment).isoformat(), stdout=out)
    return out.getvalue()


def recipients(messages) -> list[str]:
    return sorted(address.addr_spec for message in messages for address in message["To"].addresses)


def subject_of(message) -> str:
    return str(message["Subject"]).strip()  # a folded encoded subject unfolds with a leading space


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def calendar_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_content()
    raise AssertionError("no calendar invitation in the message")


def states() -> dict[str, int]:
    return dict(Delivery.objects.values_list("state").annotate(n=Count("pk")).order_by())
