"""Monthly briefing reminders through the outbox and a real SMTP server: each invitee gets each reminder once, at the
organising committee's offsets, with an .ics in local time that a move updates and a cancellation removes."""

from datetime import date
from email import message_from_bytes, policy
from email.utils import parseaddr

import icalendar
import pytest
from django.core.management.base import CommandError
from django.db import transaction

from committees.models import Role
from notifications import messages, outbox
from notifications.models import Delivery, Preference
from opinion.models import Collaborator
from opinion.reminders import BriefingReminder
from opinion.services import briefings as services
from tests.factories import make_collaborator, make_staff
from tests.notifications.conftest import (
    DAY,
    calendar_of,
    html_of,
    local,
    recipients,
    send_at,
    states,
    subject_of,
    text_of,
)
from tests.opinion.factories_briefings import invite_one, make_schedule


@pytest.fixture(autouse=True)
def _briefing_mail_only(settings):
    settings.NOTIFICATION_KINDS = ["opinion.reminders.BriefingReminder", "opinion.reminders.BriefingChange"]


INVITEES = ["binh@tuyengiao.example", "cuong@tuyengiao.example", "officer_a@tuyengiao.example"]


def test_each_invitee_gets_each_reminder_once_at_the_committees_offsets(briefing, sink):
    timeline = [
        (local(date(2026, 12, 5), 8, 29), 0),  # before "3 days before"
        (local(date(2026, 12, 5), 8, 30), 3),  # 3 days before
        (local(date(2026, 12, 5), 8, 30), 0),  # the same moment again
        (local(date(2026, 12, 6), 10, 0), 0),
        (local(date(2026, 12, 7), 8, 30), 3),  # 1 day before
        (local(DAY, 6, 59), 0),
        (local(DAY, 7, 0), 3),  # 07:00 on the day
        (local(DAY, 7, 5), 0),
        (local(DAY, 9, 0), 0),  # started: nothing more
    ]
    for moment, expected in timeline:
        before = sink.count()
        send_at(moment)
        assert sink.count() - before == expected, moment
    messages = sink.messages()
    assert recipients(messages) == sorted(INVITEES * 3)
    assert {subject_of(m) for m in messages} == {
        "Nhắc lịch: giao ban tháng 12/2026 lúc 08:30 ngày 08/12/2026 — Đảng ủy Bộ Tài chính"
    }
    assert states() == {"sent": 9}


def test_send_reminders_run_twice_sends_nothing_twice(briefing, sink):
    first = send_at(local(date(2026, 12, 7), 9, 0))
    second = send_at(local(date(2026, 12, 7), 9, 0))
    assert "sent 3," in first
    assert "0 due; sent 0," in second
    assert sink.count() == 3


def test_the_reminder_carries_an_ics_in_local_time_and_a_link(briefing, sink):
    send_at(local(date(2026, 12, 7), 9, 0))
    message = next(m for m in sink.messages() if "binh@" in str(m["To"]))
    ics = calendar_of(message)
    assert "METHOD:REQUEST" in ics
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20261208T083000" in ics
    assert "DTEND;TZID=Asia/Ho_Chi_Minh:20261208T103000" in ics
    assert "BEGIN:VTIMEZONE" in ics
    assert f"UID:{briefing.calendar_uid}@tuyengiao" in ics
    assert "SEQUENCE:0" in ics
    url = f"http://127.0.0.1:8000/opinion/briefings/{briefing.pk}/"
    assert url in text_of(message)
    assert f'href="{url}"' in html_of(message)
    assert "08:30" in text_of(message) and "08/12/2026" in text_of(message)


def test_the_invitation_is_a_meeting_to_accept_addressed_to_its_recipient(briefing, sink):
    """RFC 5546: a request names its organiser and its attendee; calendar programs read the text/calendar part
    beside the text and HTML (multipart/alternative), not a file attached for the reader to open."""
    send_at(local(date(2026, 12, 7), 9, 0))
    messages = sink.messages()
    assert len(messages) == 3
    for message in messages:
        address = parseaddr(str(message["To"]))[1]
        assert message.get_content_type() == "multipart/alternative"
        parts = [part.get_content_type() for part in message.iter_parts()]
        assert parts == ["text/plain", "text/html", "text/calendar"]
        calendar_part = list(message.iter_parts())[2]
        assert calendar_part.get_param("method") == "REQUEST"
        assert calendar_part.get_content_disposition() is None
        event = icalendar.Calendar.from_ical(calendar_of(message)).walk("VEVENT")[0]
        attendees = event.get("attendee")
        assert not isinstance(attendees, list), "one attendee: the recipient"
        assert str(attendees) == f"mailto:{address}"
        assert attendees.params["CN"] in str(message["To"])
        assert attendees.params["ROLE"] == "REQ-PARTICIPANT"
        assert str(event["organizer"]).startswith("mailto:")
    uids = {str(icalendar.Calendar.from_ical(calendar_of(m)).walk("VEVENT")[0]["uid"]) for m in messages}
    assert uids == {f"{briefing.calendar_uid}@tuyengiao"}


def test_the_invitation_keeps_its_uid_when_the_site_moves(briefing, sink, settings):
    send_at(local(date(2026, 12, 5), 9, 0))
    first = calendar_of(sink.messages()[0])
    settings.SITE_URL = "https://tuyengiao.example.vn"
    sink.clear()
    send_at(local(date(2026, 12, 7), 9, 0))
    later = calendar_of(sink.messages()[0])
    assert "https://tuyengiao.example.vn/opinion/briefings/" in later
    assert later.split("UID:")[1].split()[0] == first.split("UID:")[1].split()[0]


def test_an_attendee_named_with_quotes_and_separators_stays_one_attendee(briefing, sink):
    invitee = briefing.invitations.filter(collaborator__isnull=False).select_related("collaborator").first()
    invitee.collaborator.full_name = 'Nguyễn Văn "Tư", tổ 3; khu: Đông ' * 3
    invitee.collaborator.save(update_fields=["full_name"])
    send_at(local(date(2026, 12, 7), 9, 0))
    message = next(m for m in sink.messages() if invitee.collaborator.email in str(m["To"]))
    attendee = icalendar.Calendar.from_ical(calendar_of(message)).walk("VEVENT")[0]["attendee"]
    assert str(attendee) == f"mailto:{invitee.collaborator.email}"
    assert attendee.params["CN"] == " ".join(invitee.collaborator.full_name.split())


def test_a_move_after_the_first_reminder_is_announced_and_the_next_reminder_has_the_new_time(briefing, sink, officer_a):
    send_at(local(date(2026, 12, 5), 9, 0))
    first = calendar_of(sink.messages()[0])
    services.briefing_move(
        briefing=briefing, starts_at=local(date(2026, 12, 10), 14, 0), reason="Trùng lịch họp", by=officer_a
    )
    sink.clear()

    send_at(local(date(2026, 12, 5), 9, 5))  # the notice, at once (the next tick at the latest)
    notices = sink.messages()
    assert recipients(notices) == INVITEES
    notice = calendar_of(notices[0])
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20261210T140000" in notice
    assert "SEQUENCE:1" in notice and "SEQUENCE:0" in first
    assert notice.split("UID:")[1].split()[0] == first.split("UID:")[1].split()[0]
    assert "Trùng lịch họp" in text_of(notices[0])
    sink.clear()

    send_at(local(date(2026, 12, 7), 8, 30))  # the old date's "1 day before": nothing for the old time
    assert sink.count() == 0
    send_at(local(date(2026, 12, 7), 14, 0))  # the new date's "3 days before"
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20261210T140000" in calendar_of(sink.messages()[0])
    sink.clear()
    send_at(local(date(2026, 12, 9), 14, 0))  # 1 day before the new time
    reminders = sink.messages()
    assert recipients(reminders) == INVITEES
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20261210T140000" in calendar_of(reminders[0])
    assert "14:00" in subject_of(reminders[0]) and "10/12/2026" in subject_of(reminders[0])


def test_a_cancellation_removes_the_event_and_stops_the_reminders(briefing, sink, officer_a):
    send_at(local(date(2026, 12, 5), 9, 0))
    services.briefing_cancel(briefing=briefing, reason="Theo chỉ đạo của cấp ủy", by=officer_a)
    sink.clear()
    send_at(local(date(2026, 12, 5), 10, 0))
    notices = sink.messages()
    assert recipients(notices) == INVITEES
    ics = calendar_of(notices[0])
    assert "METHOD:CANCEL" in ics and "STATUS:CANCELLED" in ics and "SEQUENCE:1" in ics
    assert 'method="CANCEL"' in str(
        next(p for p in notices[0].walk() if p.get_content_type() == "text/calendar")["Content-Type"]
    )
    sink.clear()
    send_at(local(date(2026, 12, 7), 9, 0))
    send_at(local(DAY, 7, 0))
    assert sink.count() == 0


def test_a_change_in_a_rolled_back_transaction_sends_nothing(
    briefing, sink, officer_a, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.briefing_move(briefing=briefing, starts_at=local(date(2026, 12, 9), 8, 30), reason="Đổi", by=officer_a)
        raise RuntimeError("the request failed after the move")
    assert callbacks == []
    send_at(local(date(2026, 12, 4), 9, 0))  # before any reminder is due
    assert sink.count() == 0
    assert not Delivery.objects.exists()


def test_a_committed_change_starts_the_sending_after_the_commit(
    briefing, sink, officer_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.briefing_cancel(briefing=briefing, reason="Hoãn theo lịch cấp trên", by=officer_a)
    assert [callback.__self__.name for callback in callbacks] == ["notifications.tick"]
    assert sink.count() == 0  # nothing is sent before the commit


def test_each_invitee_reads_their_own_language(briefing, sink, tree):
    user = make_staff("binh.ctv", tree.a1, Role.COLLABORATOR, email="binh.account@tuyengiao.example")
    Collaborator.objects.filter(email="binh@tuyengiao.example").update(user=user)
    Preference.objects.create(user=user, language="en")
    send_at(local(date(2026, 12, 7), 9, 0))
    subjects = {str(m["To"]).split("<")[-1].rstrip(">"): subject_of(m) for m in sink.messages()}
    assert subjects["binh@tuyengiao.example"].startswith("Reminder: monthly briefing of 12/2026 at 08:30 on 08/12/2026")
    assert subjects["cuong@tuyengiao.example"].startswith("Nhắc lịch: giao ban tháng")


def test_a_refused_send_is_retried_later_and_sent_once(briefing, sink):
    sink.handler.refuse_next = 1
    output = send_at(local(date(2026, 12, 7), 9, 0))
    assert "sent 2, to retry 1," in output
    retried = Delivery.objects.get(state="due")
    assert retried.attempts == 1 and "451" in retried.last_error
    assert retried.next_attempt_at > local(date(2026, 12, 7), 9, 0)
    send_at(local(date(2026, 12, 7), 9, 0))  # not yet: it waits for its backoff
    assert sink.count() == 2
    send_at(local(date(2026, 12, 7), 10, 0))
    assert recipients(sink.messages()) == INVITEES
    assert states() == {"sent": 3}


def test_an_address_refused_for_good_fails_and_can_be_retried_from_the_admin(briefing, sink, admin_client):
    sink.handler.refusal, sink.handler.refuse_next = "550 5.1.1 Mailbox unavailable", 1
    send_at(local(date(2026, 12, 7), 9, 0))
    failed = Delivery.objects.get(state="failed")
    page = admin_client.get("/admin/notifications/delivery/?state__exact=failed")
    assert failed.email in page.content.decode()
    admin_client.post(
        "/admin/notifications/delivery/", {"action": "retry", "_selected_action": [failed.pk]}, follow=True
    )
    send_at(local(date(2026, 12, 7), 9, 30))
    assert recipients(sink.messages()) == INVITEES
    assert states() == {"sent": 3}


def test_a_mail_server_that_is_down_delays_the_reminders_and_loses_none(briefing, sink, settings):
    settings.EMAIL_PORT = sink.port + 1 if sink.port < 65535 else sink.port - 1  # nobody listens there
    with pytest.raises(CommandError, match="mail server is unavailable"):
        send_at(local(date(2026, 12, 7), 9, 0))
    assert states() == {"due": 3}
    settings.EMAIL_PORT = sink.port
    send_at(local(date(2026, 12, 7), 11, 0))
    assert recipients(sink.messages()) == INVITEES


def test_an_invitee_removed_before_the_send_gets_nothing(briefing, sink, officer_a):
    now = local(date(2026, 12, 7), 9, 0)
    outbox.plan(now)
    briefing.invitations.filter(staff=officer_a).delete()
    output = send_at(now)
    assert "no longer needed 1." in output
    assert recipients(sink.messages()) == INVITEES[:2]


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_nothing_twice(tree, officer_a, sink):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("rows are locked with SKIP LOCKED on PostgreSQL; the worker test covers the embedded database")
    schedule = make_schedule(tree.a, by=officer_a)
    briefing = services.briefings_plan(schedule=schedule, months_ahead=1, today=date(2026, 12, 1)).created[0]
    for n in range(120):
        invite_one(briefing, make_collaborator(tree.a1, f"Cộng tác viên {n}", email=f"ctv{n}@tuyengiao.example"))
    now = local(date(2026, 12, 7), 9, 0)
    outbox.tick(now)

    def sender(_):
        try:
            return outbox.send_due(now).sent
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=3) as pool:
        sent = list(pool.map(sender, range(3)))
    assert sum(sent) == 120
    assert len(recipients(sink.messages())) == len(set(recipients(sink.messages()))) == 120


def test_the_reminder_gives_the_briefings_length_in_minutes(briefing, sink):
    send_at(local(date(2026, 12, 7), 9, 0))
    message = next(m for m in sink.messages() if "binh@" in str(m["To"]))
    # "minutes" alone is the record of a meeting (biên bản): the length has a string of its own.
    for body in [text_of(message), html_of(message)]:
        assert "(120 phút)" in body and "biên bản" not in body


def test_an_email_made_once_for_all_invitees_still_greets_each_by_name(briefing, sink, tree):
    invite_one(briefing, make_collaborator(tree.a1, "Đỗ <Thị> & Hà", email="ha@tuyengiao.example"))
    send_at(local(date(2026, 12, 7), 9, 0))
    messages = {m["To"].addresses[0].addr_spec: m for m in sink.messages()}
    ha = messages["ha@tuyengiao.example"]
    assert ha["To"].addresses[0].display_name == "Đỗ <Thị> & Hà"
    assert "Kính gửi đồng chí Đỗ <Thị> & Hà," in text_of(ha)
    assert "Kính gửi đồng chí Đỗ &lt;Thị&gt; &amp; Hà," in html_of(ha)
    assert "Kính gửi đồng chí Trần Thị Bình," in text_of(messages["binh@tuyengiao.example"])
    assert len({m["Message-ID"] for m in messages.values()}) == len(messages) == 4
    assert all("\ue000" not in text_of(m) and "\ue001" not in html_of(m) for m in messages.values())


def test_the_language_is_the_one_chosen_when_the_email_is_sent(briefing, sink, officer_a):
    now = local(date(2026, 12, 7), 9, 0)
    outbox.plan(now)
    Preference.objects.create(user=officer_a, language="en")
    send_at(now)
    subjects = {m["To"].addresses[0].addr_spec: subject_of(m) for m in sink.messages()}
    assert subjects["officer_a@tuyengiao.example"].startswith("Reminder: monthly briefing")
    assert subjects["binh@tuyengiao.example"].startswith("Nhắc lịch: giao ban tháng")
    assert Delivery.objects.get(email="officer_a@tuyengiao.example").language == "en"  # recorded as sent


def test_a_name_with_a_line_break_adds_no_header(briefing, sink, tree):
    invite_one(briefing, make_collaborator(tree.a1, "Vu Thi\r\nBcc: ke-gian@example.com", email="vu@tuyengiao.example"))
    send_at(local(date(2026, 12, 7), 9, 0))
    message = next(m for m in sink.messages() if m["To"].addresses[0].addr_spec == "vu@tuyengiao.example")
    assert message["Bcc"] is None
    assert message["To"].addresses[0].display_name == "Vu Thi Bcc: ke-gian@example.com"


def test_an_invitation_shared_by_many_is_made_once_and_addressed_to_each(briefing):
    """The shared email (made once per language) still names each recipient as the attendee."""
    kind = BriefingReminder()
    email = kind.email(briefing, "vi")
    shared = {}
    built = [
        messages.build(Delivery(email=address, name=name, language="vi"), kind, email, shared)
        for address, name in [("binh@tuyengiao.example", "Trần Thị Bình"), ("cuong@tuyengiao.example", "Lê Văn Cường")]
    ]
    assert all(isinstance(message, messages.PrebuiltMessage) for message in built)
    assert len(shared) == 1
    for message, address in zip(built, ["binh@tuyengiao.example", "cuong@tuyengiao.example"], strict=True):
        parsed = message_from_bytes(message.message().as_bytes(linesep="\r\n"), policy=policy.default)
        attendee = icalendar.Calendar.from_ical(calendar_of(parsed)).walk("VEVENT")[0]["attendee"]
        assert str(attendee) == f"mailto:{address}"
