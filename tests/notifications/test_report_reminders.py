"""Report deadlines through the outbox and a real SMTP server: the staff of each committee that owes a report are
told three days before the deadline and once it has passed — each once, from 07:00 — until their report is sent;
never a sibling's, never a committee that does not report."""

from datetime import date

import pytest
import time_machine

from committees.models import Committee, Role
from reports.services import period_open, report_send, report_sign, report_start
from tests.factories import make_staff
from tests.notifications.conftest import local, recipients, send_at, states, subject_of, text_of

HALF = {"kind": "half", "year": 2026, "starts_on": date(2025, 12, 15), "ends_on": date(2026, 6, 14),
        "deadline": date(2026, 6, 20), "obliged_kinds": ["upper_grassroots"]}  # fmt: skip


@pytest.fixture(autouse=True)
def _report_mail_only(settings):
    settings.NOTIFICATION_KINDS = ["reports.reminders.ReportDue", "reports.reminders.ReportOverdue"]


@pytest.fixture
def period(tree, bloc_staff, officer_a, officer_b_sibling, leader_a, collaborator_a):
    """The bloc's half: it, A and B report (A1 and B1 are cells, of a kind the period does not name)."""
    make_staff("officer_a1", tree.a1, Role.OFFICER)  # a cell's officer: the cell does not report this period
    with time_machine.travel("2026-06-15 10:00 +0700", tick=False):
        return period_open(by=bloc_staff, committee=tree.root, **HALF)


def by_recipient(messages) -> dict[str, list[str]]:
    found = {}
    for message in messages:
        found.setdefault(recipients([message])[0], []).append(subject_of(message))
    return found


def test_the_staff_of_each_committee_that_owes_a_report_are_told_three_days_before(tree, period, sink):
    send_at(local(date(2026, 6, 17), 6, 59))
    assert sink.count() == 0  # deadline mail is not sent at night
    send_at(local(date(2026, 6, 17), 7, 0))
    due = "Hạn gửi báo cáo ngày 20/06/2026: Sơ kết 6 tháng đầu năm 2026 — "
    assert by_recipient(sink.messages()) == {  # not the cell's officer, not the leader, not the collaborator
        "bloc_staff@tuyengiao.example": [due + tree.root.name],
        "officer_a@tuyengiao.example": [due + tree.a.name],
        "officer_b@tuyengiao.example": [due + tree.b.name],
    }
    message = next(m for m in sink.messages() if recipients([m])[0].startswith("officer_a"))
    assert f"http://127.0.0.1:8000/reports/periods/{period.pk}/" in text_of(message)
    send_at(local(date(2026, 6, 18), 7, 0))
    assert sink.count() == 3 and states() == {"sent": 3}  # once each


def test_a_report_sent_in_time_stops_the_mail_and_the_late_are_told_once(tree, period, officer_a, leader_a, sink):
    with time_machine.travel("2026-06-18 10:00 +0700", tick=False):
        report = report_start(by=officer_a, period=period, committee=tree.a)
        report_sign(by=leader_a, report=report, document_number="12", document_date=date(2026, 6, 18), note="Đủ.")
        report_send(by=officer_a, report=report, recipients="- Ban Tuyên giáo Đảng ủy Khối")
    send_at(local(date(2026, 6, 21), 7, 0))
    overdue = by_recipient(sink.messages())
    assert sorted(overdue) == ["bloc_staff@tuyengiao.example", "officer_b@tuyengiao.example"]  # A sent its report
    assert overdue["officer_b@tuyengiao.example"] == [
        f"Quá hạn từ ngày 20/06/2026: báo cáo Sơ kết 6 tháng đầu năm 2026 — {tree.b.name}"]  # fmt: skip
    before = sink.count()
    send_at(local(date(2026, 6, 22), 7, 0))
    assert sink.count() == before  # once per deadline


def test_a_committee_closed_down_before_the_deadline_is_not_told(tree, period, sink):
    Committee.objects.filter(pk=tree.b.pk).update(is_active=False)  # it no longer reports
    send_at(local(date(2026, 6, 17), 7, 0))
    assert "officer_b@tuyengiao.example" not in by_recipient(sink.messages())
    assert len(by_recipient(sink.messages())) == 2
