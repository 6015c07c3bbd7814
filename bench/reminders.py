"""How fast the outbox sends due reminders, against the practical limit: a bare smtplib loop sending the same
messages over one connection to the same SMTP server.

    createdb -h 127.0.0.1 -U postgres tg_bench_reminders
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tg_bench_reminders python bench/reminders.py [--count 10000]

The database is migrated and given one briefing with ``--count`` invitees (made the first time only); each run then
forgets the deliveries and plans them again. The SMTP server (aiosmtpd) runs in a process of its own, so that it
does not share this process's interpreter. The outbox's time covers planning, claiming, rendering each email in the
recipient's language with its .ics, sending, and recording each delivery as sent — what ``send_reminders`` does.
"""

import argparse
import multiprocessing
import os
import smtplib
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "false")  # templates are cached as in production
os.environ.setdefault("SECRET_KEY", "bench-only")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from committees.models import Committee  # noqa: E402
from notifications import messages, outbox  # noqa: E402
from notifications.kinds import registry  # noqa: E402
from notifications.models import Delivery  # noqa: E402
from opinion.models import Briefing, BriefingInvitation, Collaborator  # noqa: E402

CODE = "BENCH-REMINDERS"


def serve(port: int, received, ready) -> None:
    """The SMTP server process: counts what it accepts."""
    import asyncio

    from aiosmtpd.controller import Controller

    class Counter:
        async def handle_DATA(self, server, session, envelope):
            with received.get_lock():
                received.value += 1
            return "250 OK"

    controller = Controller(Counter(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    asyncio.run(asyncio.Event().wait())


def briefing_with_invitees(count: int) -> Briefing:
    root = Committee.objects.filter(depth=1).first() or Committee.add_root(code="ROOT", name="Đảng bộ Khối")
    committee = Committee.objects.filter(code=CODE).first() or root.add_child(
        code=CODE, name="Đảng ủy đo hiệu năng nhắc lịch", kind=Committee.Kind.UPPER_GRASSROOTS
    )
    starts_at = timezone.now() + timedelta(days=30)
    briefing, _created = Briefing.objects.update_or_create(
        committee=committee,
        month=timezone.localdate(starts_at).replace(day=1),
        defaults={"starts_at": starts_at, "place": "Hội trường A", "status": Briefing.Status.SCHEDULED},
    )
    have = BriefingInvitation.objects.filter(briefing=briefing).count()
    if have < count:
        people = Collaborator.objects.bulk_create(
            Collaborator(committee=committee, full_name=f"Cộng tác viên {n:05d}", email=f"ctv{n:05d}@bench.example")
            for n in range(have, count)
        )
        BriefingInvitation.objects.bulk_create(
            BriefingInvitation(briefing=briefing, collaborator=person, invitee_committee=committee) for person in people
        )
    return briefing


def sender(moment, sent) -> None:
    outcome = outbox.send_due(moment)
    with sent.get_lock():
        sent.value += outcome.sent


def outbox_run(briefing: Briefing, senders: int) -> tuple[float, int]:
    """Plan, then send with ``senders`` processes, as a tick starts that many senders on the workers."""
    Delivery.objects.filter(kind="briefing_reminder", object_id=briefing.pk).delete()
    moment = briefing.starts_at - timedelta(days=1)  # the "1 day before" reminder is due
    sent = multiprocessing.Value("i", 0)
    started = time.perf_counter()
    outbox.tick(moment)
    connections.close_all()  # each sender process opens its own
    processes = [multiprocessing.Process(target=sender, args=(moment, sent)) for _ in range(senders)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return time.perf_counter() - started, sent.value


def the_same_messages(briefing: Briefing) -> list[tuple[str, list[str], bytes]]:
    kind = registry()["briefing_reminder"]
    deliveries = list(Delivery.objects.filter(kind=kind.name, object_id=briefing.pk).select_related("user"))
    moment = briefing.starts_at - timedelta(days=1)
    emails = kind.emails(deliveries, moment)
    built = [messages.build(d, kind, emails[d.pk]) for d in deliveries]
    return [(m.from_email, m.recipients(), m.message().as_bytes(linesep="\r\n")) for m in built]


def bare_loop(port: int, payloads) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as server:
        for sender, to, data in payloads:
            server.sendmail(sender, to, data)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--senders", type=int, default=settings.NOTIFICATIONS_SENDERS, help="sender processes")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    settings.NOTIFICATION_KINDS = ["opinion.reminders.BriefingReminder"]

    from tests.smtp_sink import free_port

    port = free_port()
    received, ready = multiprocessing.Value("i", 0), multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, received, ready), daemon=True)
    server.start()
    ready.wait(10)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    briefing = briefing_with_invitees(args.count)
    seconds, sent = outbox_run(briefing, args.senders)
    assert sent == args.count == received.value, (sent, received.value)
    payloads = the_same_messages(briefing)
    bare = bare_loop(port, payloads)
    server.terminate()

    rate, limit = sent / seconds, len(payloads) / bare
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"{args.count} due reminders on {engine}, {args.senders} sender process(es)")
    print(f"outbox (plan, claim, render with .ics, send, record): {seconds:6.1f} s  {rate:7.0f} reminders/s")
    print(f"bare smtplib loop, the same messages:                 {bare:6.1f} s  {limit:7.0f} messages/s")
    print(f"ratio: {rate / limit:.2f} (target: at least 0.50)")


if __name__ == "__main__":
    main()
