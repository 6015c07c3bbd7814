"""The monthly digest through the outbox and a real SMTP server: on the first working day of a month at 07:00 local
time, one email to each leader, officer and bloc staff member with last month's figures of their own scope only."""

import re
from datetime import date

import pytest
import time_machine

from core.calendar import is_working_day
from notifications.models import Delivery, Preference
from opinion.models import Briefing, HotSpot
from opinion.models.trainings import Attendance
from opinion.services import concerns as concern_services
from tests.factories import make_collaborator
from tests.notifications.conftest import html_of, local, recipients, send_at, states, subject_of, text_of
from tests.opinion.factories_briefings import invite_one, make_briefing
from tests.opinion.factories_concerns import make_concern
from tests.opinion.factories_hotspots import make_hotspot
from tests.opinion.factories_reports import make_report

DAY = date(2026, 12, 1)  # a Tuesday: the digest of November goes at 07:00
STAFF = [
    "bloc_staff@tuyengiao.example",
    "leader_a@tuyengiao.example",
    "officer_a@tuyengiao.example",
    "officer_b@tuyengiao.example",
]
SIBLING_MARKERS = ("Bí mật Sibling", "Ngân hàng Nhà nước")


@pytest.fixture(autouse=True)
def _digest_mail_only(settings):
    settings.NOTIFICATION_KINDS = ["reports.digest.MonthlyDigest"]


@pytest.fixture
def everyone(bloc_staff, leader_a, officer_a, officer_b_sibling, collaborator_a):
    return {"bloc": bloc_staff, "leader_a": leader_a, "officer_a": officer_a, "officer_b": officer_b_sibling}


@pytest.fixture
def november(tree, everyone):
    """November's work in A's subtree and in sibling committee B's, recorded while it happened."""
    officer_a, officer_b = everyone["officer_a"], everyone["officer_b"]
    with time_machine.travel(local(date(2026, 11, 20), 10, 0), tick=False):
        reporter = make_collaborator(tree.a1, "Trần Thị Báo Cáo", email="baocao@tuyengiao.example")
        make_collaborator(tree.a1, "Lê Văn Im Lặng")
        last_month = make_collaborator(tree.a, "Ngô Văn Tháng Trước")
        make_collaborator(tree.a1, "Đinh Văn Tạm Nghỉ", status="paused")  # not expected to report
        make_report(reporter, reported_on=date(2026, 11, 3))
        make_report(reporter, reported_on=date(2026, 11, 17))
        make_report(last_month, reported_on=date(2026, 10, 30))
        sibling_reporter = make_collaborator(tree.b1, "Phạm Văn Bí mật Sibling")
        make_collaborator(tree.b1, "Hoàng Thị Bí mật Sibling")
        make_report(sibling_reporter, reported_on=date(2026, 11, 5))

        make_hotspot(tree.a1, title="Điểm nóng nhà công vụ A1")
        make_hotspot(tree.a1, title="Điểm nóng đã xong A1", status=HotSpot.Status.RESOLVED)
        make_hotspot(tree.b1, title="Điểm nóng Bí mật Sibling")
        make_hotspot(tree.b1, title="Điểm nóng theo dõi Bí mật Sibling", status=HotSpot.Status.MONITORING)

        make_concern(tree.a1, officer_a, received_on=date(2026, 11, 10))
        settled = make_concern(tree.a, officer_a, received_on=date(2026, 10, 1), deadline=date(2026, 11, 30))
        concern_services.concern_start_advising(concern=settled, by=officer_a)
        concern_services.concern_resolve(concern=settled, by=officer_a, outcome="Đã giải quyết dứt điểm")
        make_concern(tree.a, officer_a, received_on=date(2026, 10, 2), deadline=date(2026, 11, 25))  # overdue
        make_concern(tree.b1, officer_b, received_on=date(2026, 11, 12), content="Kiến nghị Bí mật Sibling")
        make_concern(tree.b, officer_b, received_on=date(2026, 11, 13), content="Kiến nghị thứ hai Bí mật Sibling")

        held = make_briefing(tree.a, date(2026, 11, 10), status=Briefing.Status.HELD)
        invite_one(held, reporter, attendance=Attendance.PRESENT)
        invite_one(held, last_month, attendance=Attendance.ABSENT)
        make_briefing(tree.b, date(2026, 11, 10), status=Briefing.Status.HELD)


def by_address(messages) -> dict:
    found = {}
    for message in messages:
        [address] = recipients([message])
        assert address not in found, f"two digests to {address}"
        found[address] = message
    return found


def figure(text: str, label: str) -> int:
    match = re.search(rf"^{re.escape(label)}: (\d+)", text, re.MULTILINE)
    assert match, f"no {label!r} in\n{text}"
    return int(match.group(1))


def in_english(*users) -> None:
    for user in users:
        Preference.objects.update_or_create(user=user, defaults={"language": "en"})


# --- when --------------------------------------------------------------------------------------------------------


def test_the_digest_goes_once_at_seven_on_the_first_working_day_to_leaders_officers_and_bloc_staff(everyone, sink):
    timeline = [
        (local(date(2026, 11, 30), 23, 59), 0),
        (local(DAY, 0, 0), 0),
        (local(DAY, 6, 59), 0),
        (local(DAY, 7, 0), 4),
        (local(DAY, 7, 0), 0),  # the same moment again
        (local(DAY, 7, 5), 0),
        (local(date(2026, 12, 2), 7, 0), 0),
        (local(date(2026, 12, 7), 7, 0), 0),
        (local(date(2026, 12, 31), 23, 59), 0),
    ]
    for moment, expected in timeline:
        before = sink.count()
        with time_machine.travel(moment):
            send_at(moment)
        assert sink.count() - before == expected, moment
    assert recipients(sink.messages()) == STAFF  # the collaborator has an account with an address: no digest
    assert states() == {"sent": 4}


def test_a_public_holiday_on_the_first_moves_the_digest_to_the_next_working_day(everyone, sink):
    assert not is_working_day(date(2027, 1, 1))  # New Year's Day, in the holidays seeded after migrate
    timeline = [
        (local(date(2027, 1, 1), 7, 0), 0),  # Friday, a holiday
        (local(date(2027, 1, 2), 7, 0), 0),  # Saturday
        (local(date(2027, 1, 3), 7, 0), 0),  # Sunday
        (local(date(2027, 1, 4), 6, 59), 0),
        (local(date(2027, 1, 4), 7, 0), 4),  # Monday 04/01/2027
        (local(date(2027, 1, 5), 7, 0), 0),
    ]
    for moment, expected in timeline:
        before = sink.count()
        with time_machine.travel(moment):
            send_at(moment)
        assert sink.count() - before == expected, moment
    assert recipients(sink.messages()) == STAFF
    assert {subject_of(m).split(":")[0][-7:] for m in sink.messages()} == {"12/2026"}


def test_a_digest_missed_for_more_than_a_week_is_not_sent_late(everyone, sink):
    with time_machine.travel(local(date(2026, 12, 8), 7, 0)):
        send_at(local(date(2026, 12, 8), 7, 0))
    assert sink.count() == 0


# --- what and to whom --------------------------------------------------------------------------------------------


def test_an_officer_reads_the_figures_and_names_of_their_subtree_only(november, everyone, sink):
    in_english(everyone["officer_a"], everyone["leader_a"])
    send_at(local(DAY, 7, 0))
    digests = by_address(sink.messages())
    for address in ["officer_a@tuyengiao.example", "leader_a@tuyengiao.example"]:
        message = digests[address]
        text, html = text_of(message), html_of(message)
        assert figure(text, "Briefings held") == 1
        assert "Collaborators' attendance at held briefings: 50% (1/2)" in text
        assert figure(text, "Opinion reports") == 2
        assert figure(text, "Hot spots open or monitored") == 1
        assert figure(text, "Concerns received") == 1
        assert figure(text, "Concerns resolved") == 1
        assert figure(text, "Concerns overdue today") == 1
        assert figure(text, "Collaborators who did not report") == 2
        assert "Lê Văn Im Lặng (Chi bộ Vụ Tổng hợp)" in text
        assert "Ngô Văn Tháng Trước (Đảng ủy Bộ Tài chính)" in text
        assert "Trần Thị Báo Cáo" not in text and "Tạm Nghỉ" not in text
        for marker in SIBLING_MARKERS:
            assert marker not in text and marker not in html and marker not in subject_of(message)
        assert "Phạm Văn" not in text and "Hoàng Thị" not in text


def test_the_sibling_committees_officer_reads_only_theirs(november, everyone, sink):
    in_english(everyone["officer_b"])
    send_at(local(DAY, 7, 0))
    text = text_of(by_address(sink.messages())["officer_b@tuyengiao.example"])
    assert figure(text, "Opinion reports") == 1
    assert figure(text, "Concerns received") == 2
    assert figure(text, "Collaborators who did not report") == 1
    assert "Hoàng Thị Bí mật Sibling" in text
    for name in ["Lê Văn Im Lặng", "Ngô Văn Tháng Trước", "Chi bộ Vụ Tổng hợp", "Bộ Tài chính"]:
        assert name not in text


def test_the_bloc_staff_reads_the_whole_tree(november, everyone, sink):
    in_english(everyone["bloc"])
    send_at(local(DAY, 7, 0))
    text = text_of(by_address(sink.messages())["bloc_staff@tuyengiao.example"])
    assert figure(text, "Briefings held") == 2
    assert figure(text, "Opinion reports") == 3
    assert figure(text, "Hot spots open or monitored") == 3
    assert figure(text, "Concerns received") == 3
    assert figure(text, "Concerns resolved") == 1
    assert figure(text, "Concerns overdue today") == 1
    assert figure(text, "Collaborators who did not report") == 3
    for name in ["Lê Văn Im Lặng", "Ngô Văn Tháng Trước", "Hoàng Thị Bí mật Sibling"]:
        assert name in text


def test_a_briefing_the_bloc_held_counts_as_the_blocs_and_its_attendance_as_each_collaborators(tree, everyone, sink):
    in_english(everyone["officer_a"], everyone["bloc"])
    with time_machine.travel(local(date(2026, 11, 20), 10, 0)):
        bloc_briefing = make_briefing(tree.root, date(2026, 11, 12), status=Briefing.Status.HELD)
        invite_one(bloc_briefing, make_collaborator(tree.a1, "Trần Thị Có Mặt"), attendance=Attendance.PRESENT)
        for name in ["Phạm Văn Bí mật Sibling", "Hoàng Thị Bí mật Sibling"]:
            invite_one(bloc_briefing, make_collaborator(tree.b1, name), attendance=Attendance.ABSENT)
    send_at(local(DAY, 7, 0))
    digests = by_address(sink.messages())
    officer = text_of(digests["officer_a@tuyengiao.example"])
    # A's collaborator attended the bloc's briefing: not a briefing A held, but A's collaborators' attendance (the
    # attendance rate, as its page counts it); B's absences are none of A's business.
    assert figure(officer, "Briefings held") == 0
    assert "Collaborators' attendance at held briefings: 100% (1/1)" in officer
    bloc = text_of(digests["bloc_staff@tuyengiao.example"])
    assert figure(bloc, "Briefings held") == 1
    assert "Collaborators' attendance at held briefings: 33.33% (1/3)" in bloc


def test_the_digest_links_to_last_months_pages(everyone, sink):
    send_at(local(DAY, 7, 0))
    text = text_of(by_address(sink.messages())["officer_a@tuyengiao.example"])
    assert "http://127.0.0.1:8000/opinion/reports/summary/?month=2026-11" in text
    assert "month=2026-11&state=missing" in text


def test_the_digest_reads_in_vietnamese_by_default(november, everyone, sink):
    send_at(local(DAY, 7, 0))
    message = by_address(sink.messages())["officer_a@tuyengiao.example"]
    text = text_of(message)
    assert subject_of(message) == "Bản tin tổng hợp công tác dư luận xã hội tháng 11/2026"
    assert text.startswith("Kính gửi đồng chí Nguyễn An,")
    assert "Tình hình công tác dư luận xã hội trong phạm vi của đồng chí tháng 11/2026 như sau." in text
    assert figure(text, "Số buổi giao ban đã tổ chức") == 1
    assert figure(text, "Báo cáo dư luận") == 2
    assert figure(text, "Điểm nóng đang mở hoặc đang theo dõi") == 1
    assert figure(text, "Kiến nghị tiếp nhận") == 1
    assert figure(text, "Cộng tác viên chưa gửi báo cáo") == 2
    assert "Tổng hợp tháng: http://127.0.0.1:8000/" in text
    assert "Hủy nhận email này: http://127.0.0.1:8000/email/unsubscribe/" in text


def test_a_recipient_who_chose_english_reads_it_in_english(everyone, sink):
    in_english(everyone["officer_a"])
    send_at(local(DAY, 7, 0))
    digests = by_address(sink.messages())
    message = digests["officer_a@tuyengiao.example"]
    assert subject_of(message) == "Public-opinion work in 11/2026: the monthly digest"
    assert "Here is the public-opinion work of your scope in 11/2026." in text_of(message)
    assert "Unsubscribe from this email: http://127.0.0.1:8000/email/unsubscribe/" in text_of(message)
    assert "Opinion reports: 0" in text_of(message)
    assert "Báo cáo dư luận: 0" in text_of(digests["leader_a@tuyengiao.example"])  # the others keep Vietnamese


def test_the_digest_carries_one_click_unsubscribe_headers_and_briefing_reminders_do_not(tree, everyone, sink, settings):
    from opinion.services import briefings as briefing_services
    from tests.opinion.factories_briefings import make_schedule

    settings.NOTIFICATION_KINDS = ["reports.digest.MonthlyDigest", "opinion.reminders.BriefingReminder"]
    briefing = briefing_services.briefings_plan(
        schedule=make_schedule(tree.a, by=everyone["officer_a"]), months_ahead=1, today=DAY
    ).created[0]
    briefing.invitations.all().delete()
    invite_one(briefing, everyone["officer_a"])
    send_at(local(date(2026, 12, 7), 9, 0))  # a day before the briefing, within the digest's week
    digests = [m for m in sink.messages() if m["List-Unsubscribe"]]
    reminders = [m for m in sink.messages() if m["List-Unsubscribe"] is None]
    assert recipients(digests) == STAFF
    assert recipients(reminders) == ["officer_a@tuyengiao.example"]
    assert all(m["List-Unsubscribe-Post"] is None for m in reminders)
    for message in digests:
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        header = message["List-Unsubscribe"].strip()  # a long header is folded
        assert re.fullmatch(r"<http://127\.0\.0\.1:8000/email/unsubscribe/[^/>]+/>", header)
    tokens = {m["List-Unsubscribe"] for m in digests}
    assert len(tokens) == len(digests)  # each person's own link


def test_an_opted_out_person_gets_no_digest(everyone, sink):
    Preference.objects.create(user=everyone["leader_a"], monthly_digest=False)
    send_at(local(DAY, 7, 0))
    assert "leader_a@tuyengiao.example" not in recipients(sink.messages())
    assert len(sink.messages()) == 3


def test_a_person_who_opts_out_between_planning_and_sending_gets_none(everyone, sink):
    from notifications import outbox

    outbox.plan(local(DAY, 7, 0))
    assert Delivery.objects.count() == 4
    Preference.objects.create(user=everyone["leader_a"], monthly_digest=False)
    output = send_at(local(DAY, 7, 0))
    assert "sent 3," in output and "no longer needed 1." in output
    assert "leader_a@tuyengiao.example" not in recipients(sink.messages())


def test_one_email_per_person_however_many_kinds_of_records_they_see(november, everyone, sink):
    send_at(local(DAY, 7, 0))
    send_at(local(DAY, 8, 0))
    assert sorted(by_address(sink.messages())) == STAFF


def test_someone_who_is_no_longer_staff_when_it_is_sent_gets_none(tree, everyone, sink):
    from committees.services import staff_profile_set
    from notifications import outbox

    outbox.plan(local(DAY, 7, 0))
    staff_profile_set(user=everyone["leader_a"], committee=tree.a1, role="collaborator")  # became a collaborator
    everyone["officer_b"].is_active = False
    everyone["officer_b"].save(update_fields=["is_active"])
    output = send_at(local(DAY, 7, 0))
    assert "sent 2," in output and "no longer needed 2." in output
    assert recipients(sink.messages()) == ["bloc_staff@tuyengiao.example", "officer_a@tuyengiao.example"]


def test_the_staff_of_a_committee_closed_down_get_no_digest(tree, everyone, sink):
    from committees.services import committee_update

    committee_update(committee=tree.b, is_active=False)  # merged into another: its accounts have no scope left
    send_at(local(DAY, 7, 0))
    assert "officer_b@tuyengiao.example" not in recipients(sink.messages())
    assert len(sink.messages()) == 3


def test_the_staff_of_a_committee_closed_down_after_the_planning_get_none(tree, everyone, sink):
    from committees.services import committee_update
    from notifications import outbox

    outbox.plan(local(DAY, 7, 0))
    committee_update(committee=tree.b, is_active=False)
    assert "no longer needed 1." in send_at(local(DAY, 7, 0))
    assert "officer_b@tuyengiao.example" not in recipients(sink.messages())
