"""Study campaign deadlines through the outbox and a real SMTP server: the staff of a committee taking part are told
three days before a step's deadline and once it has passed, and the organiser's staff each Monday of the committees
late under them — each once, at 07:00, and never a sibling's."""

from datetime import date

import pytest

from resolutions.models import CampaignTarget
from resolutions.services.campaigns import step_report_save
from tests.notifications.conftest import local, recipients, send_at, states, subject_of, text_of

MONDAY_27_APRIL = date(2026, 4, 27)  # the members' study and the publicity are due on 30/04


@pytest.fixture(autouse=True)
def _campaign_mail_only(settings):
    settings.NOTIFICATION_KINDS = [
        "resolutions.reminders.StepDue", "resolutions.reminders.StepOverdue", "resolutions.reminders.LateCommittees",
    ]  # fmt: skip


@pytest.fixture
def staff(bloc_staff, officer_a, officer_b_sibling, leader_a, collaborator_a):
    """Every persona has an account with an address, so that a wrong recipient would show."""


def by_recipient(messages) -> dict[str, list[str]]:
    found = {}
    for message in messages:
        found.setdefault(recipients([message])[0], []).append(subject_of(message))
    return {address: sorted(subjects) for address, subjects in found.items()}


def test_a_step_due_in_three_days_is_announced_to_the_staff_of_each_committee_that_owes_it(
    tree, campaign, staff, sink, settings
):
    settings.NOTIFICATION_KINDS = ["resolutions.reminders.StepDue"]
    send_at(local(MONDAY_27_APRIL, 6, 59))
    assert sink.count() == 0  # deadline mail is not sent at night
    send_at(local(MONDAY_27_APRIL, 7, 0))
    # A and B owe their members' study and their publicity (A1 studied; the cells' officers have no account).
    assert by_recipient(sink.messages()) == {
        "officer_a@tuyengiao.example": [
            "Học tập cho đảng viên hết hạn ngày 30/04/2026 — Đảng ủy Bộ Tài chính",
            "Tuyên truyền hết hạn ngày 30/04/2026 — Đảng ủy Bộ Tài chính",
        ],
        "officer_b@tuyengiao.example": [
            "Học tập cho đảng viên hết hạn ngày 30/04/2026 — Đảng ủy Ngân hàng Nhà nước",
            "Tuyên truyền hết hạn ngày 30/04/2026 — Đảng ủy Ngân hàng Nhà nước",
        ],
    }
    target = CampaignTarget.objects.get(campaign=campaign, committee=tree.a)
    message = next(m for m in sink.messages() if "Tài chính" in subject_of(m))
    assert f"http://127.0.0.1:8000/resolutions/campaigns/targets/{target.pk}/" in text_of(message)
    send_at(local(date(2026, 4, 28), 7, 0))
    assert sink.count() == 4 and states() == {"sent": 4}  # once each


def test_a_step_past_its_deadline_is_told_once_and_not_once_reported(tree, campaign, staff, officer_a, sink):
    a = CampaignTarget.objects.get(campaign=campaign, committee=tree.a)
    members = campaign.steps.get(target_kind=a.kind, kind="members")
    step_report_save(
        target=a, step=members, by=officer_a, done_on=date(2026, 4, 29), attendees=9, members_studied=8
    )  # fmt: skip
    send_at(local(date(2026, 5, 1), 7, 0))
    overdue = [m for m in sink.messages() if "Quá hạn" in subject_of(m)]
    assert by_recipient(overdue) == {
        "officer_a@tuyengiao.example": ["Quá hạn từ ngày 30/04/2026: Tuyên truyền — Đảng ủy Bộ Tài chính"],
        "officer_b@tuyengiao.example": [
            "Quá hạn từ ngày 30/04/2026: Học tập cho đảng viên — Đảng ủy Ngân hàng Nhà nước",
            "Quá hạn từ ngày 30/04/2026: Tuyên truyền — Đảng ủy Ngân hàng Nhà nước",
        ],
    }
    before = sink.count()
    send_at(local(date(2026, 5, 2), 7, 0))
    assert sink.count() == before  # once per deadline


def test_each_monday_the_organisers_staff_hear_of_the_committees_late_under_them(tree, campaign, staff, sink):
    send_at(local(date(2026, 4, 26), 9, 0))  # a Sunday
    assert sink.count() == 0
    send_at(local(MONDAY_27_APRIL, 7, 0))
    weekly = [m for m in sink.messages() if "chậm tiến độ" in subject_of(m)]
    assert recipients(weekly) == ["bloc_staff@tuyengiao.example"]  # the organiser's staff, nobody below
    [message] = weekly
    text = text_of(message).replace("\r\n", "\n")
    # Overdue on 27/04: the announcement (04/03), the plan (16/03), the key cadres' conference (31/03).
    # A's branch: A, A1 and A2 announce, plan and hold a conference for key cadres; A made its plan.
    assert (
        "- Đảng ủy Bộ Tài chính: Thông báo nhanh kết quả Hội nghị (3); Kế hoạch hoặc công văn triệu tập (2); "
        "Hội nghị quán triệt cho cán bộ chủ chốt (3)\n"
    ) in text
    assert (
        "- Chi bộ cơ sở Văn phòng: Thông báo nhanh kết quả Hội nghị (1); Kế hoạch hoặc công văn triệu tập (1)\n" in text
    )
    assert "status=overdue" in text
    send_at(local(MONDAY_27_APRIL, 16, 0))
    assert len([m for m in sink.messages() if m["To"] == message["To"]]) == 1  # once a week
