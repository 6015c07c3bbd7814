"""Concern deadlines through the outbox and a real SMTP server: the owner is told a few days before the deadline, and
once it has passed the owner and the staff of the committee above are told, once, at 07:00 local time."""

from datetime import date

import pytest

from committees.models import Role
from committees.services import staff_profile_set
from notifications import outbox
from notifications.models import Preference
from opinion.models import Concern
from opinion.services import concerns as services
from tests.factories import make_staff
from tests.notifications.conftest import html_of, local, recipients, send_at, states, subject_of, text_of
from tests.opinion.factories_concerns import make_concern

TODAY = date(2026, 12, 8)  # a Tuesday
RAISER = "Lê Văn Giấu Tên"


@pytest.fixture(autouse=True)
def _concern_mail_only(settings):
    settings.NOTIFICATION_KINDS = ["opinion.reminders.ConcernDue", "opinion.reminders.ConcernOverdue"]


@pytest.fixture
def everyone(bloc_staff, officer_a, leader_a, collaborator_a, officer_b_sibling):
    """Every persona has an account with an address, so that a wrong recipient would show."""


@pytest.fixture
def officer_a1(tree):
    return make_staff("officer_a1", tree.a1, Role.OFFICER, last_name="Đỗ", first_name="Văn Chi Bộ")


def due_in(days: int, committee, owner, **fields) -> Concern:
    return make_concern(
        committee, owner, received_on=date(2026, 10, 20), deadline=date.fromordinal(TODAY.toordinal() + days), **fields
    )


def overdue(committee, owner, **fields) -> Concern:
    return make_concern(committee, owner, received_on=date(2026, 10, 20), deadline=date(2026, 12, 5), **fields)


# --- soon due ----------------------------------------------------------------------------------------------------


def test_a_concern_due_in_two_days_is_announced_to_its_owner_at_seven_once(tree, everyone, officer_a, sink):
    concern = due_in(2, tree.a1, officer_a)
    timeline = [
        (local(TODAY, 0, 5), 0),
        (local(TODAY, 6, 59), 0),  # deadline mail is not sent at night
        (local(TODAY, 7, 0), 1),
        (local(TODAY, 7, 0), 0),  # the same moment again
        (local(TODAY, 16, 0), 0),
        (local(date(2026, 12, 9), 7, 0), 0),  # the next morning, one day before: the reminder was sent
    ]
    for moment, expected in timeline:
        before = sink.count()
        send_at(moment)
        assert sink.count() - before == expected, moment
    [message] = sink.messages()
    assert recipients([message]) == ["officer_a@tuyengiao.example"]
    url = f"http://127.0.0.1:8000/opinion/concerns/{concern.pk}/"
    assert url in text_of(message)
    assert f'href="{url}"' in html_of(message)
    assert "10/12/2026" in subject_of(message) and "Đảng ủy Bộ Tài chính" not in subject_of(message)
    assert "Chi bộ Vụ Tổng hợp" in subject_of(message)  # the concern's own committee
    assert states() == {"sent": 1}


def test_a_concern_due_later_or_already_closed_is_not_announced(tree, officer_a, sink):
    due_in(4, tree.a1, officer_a)
    closed = due_in(1, tree.a1, officer_a)
    services.concern_refuse(concern=closed, by=officer_a, reason="Không thuộc thẩm quyền")
    send_at(local(TODAY, 7, 0))
    assert sink.count() == 0


def test_the_due_reminder_reads_in_vietnamese_by_default(tree, officer_a, sink):
    due_in(2, tree.a1, officer_a)
    send_at(local(TODAY, 7, 0))
    [message] = sink.messages()
    text = text_of(message)
    # Labels already translated.
    assert "Cấp ủy: Chi bộ Vụ Tổng hợp" in text
    assert "Hạn giải quyết: 10/12/2026" in text
    assert "Ngày tiếp nhận: 20/10/2026" in text
    assert "Kiến nghị sớm chi trả tiền làm thêm giờ dịp Tết" in text
    assert subject_of(message) == "Kiến nghị đến hạn giải quyết ngày 10/12/2026 — Chi bộ Vụ Tổng hợp"
    assert text.startswith("Kính gửi đồng chí Nguyễn An,")
    assert "Một kiến nghị do đồng chí phụ trách cần được giải quyết trước ngày 10/12/2026." in text


def test_the_due_reminder_reads_in_english_for_an_owner_who_chose_it(tree, officer_a, sink):
    Preference.objects.create(user=officer_a, language="en")
    due_in(2, tree.a1, officer_a)
    send_at(local(TODAY, 7, 0))
    [message] = sink.messages()
    assert subject_of(message) == "A concern is due on 10/12/2026 — Chi bộ Vụ Tổng hợp"
    assert "A concern you own must be resolved by 10/12/2026." in text_of(message)
    assert "Deadline: 10/12/2026" in text_of(message)


def test_a_concern_resolved_between_planning_and_sending_is_no_longer_needed(tree, officer_a, sink):
    concern = due_in(2, tree.a1, officer_a)
    now = local(TODAY, 7, 0)
    outbox.plan(now)
    services.concern_start_advising(concern=concern, by=officer_a)
    services.concern_resolve(concern=concern, by=officer_a, outcome="Đã chi trả đủ trong tháng 12")
    output = send_at(now)
    assert "sent 0," in output and "no longer needed 1." in output
    assert sink.count() == 0
    assert states() == {"skipped": 1}


def test_a_new_deadline_between_planning_and_sending_drops_the_old_reminder_and_plans_a_new_one(tree, officer_a, sink):
    concern = due_in(2, tree.a1, officer_a)
    now = local(TODAY, 7, 0)
    outbox.plan(now)
    services.concern_update(concern=concern, by=officer_a, deadline=date(2026, 12, 11))
    output = send_at(now)
    assert "sent 1," in output and "no longer needed 1." in output
    [message] = sink.messages()
    assert "11/12/2026" in subject_of(message)


def test_an_owner_replaced_between_planning_and_sending_gets_nothing_and_the_new_owner_is_reminded(
    tree, officer_a, officer_a1, sink
):
    concern = due_in(2, tree.a1, officer_a)
    now = local(TODAY, 7, 0)
    outbox.plan(now)
    services.concern_update(concern=concern, by=officer_a, owner=officer_a1)
    output = send_at(now)
    assert "no longer needed 1." in output
    assert recipients(sink.messages()) == ["officer_a1@tuyengiao.example"]


# --- overdue -----------------------------------------------------------------------------------------------------


def test_an_overdue_concern_goes_to_its_owner_and_the_staff_above_once(tree, everyone, bloc_staff, officer_a, sink):
    concern = overdue(tree.a, officer_a)  # A's parent is the bloc: its staff are told
    timeline = [
        (local(TODAY, 6, 59), 0),
        (local(TODAY, 7, 0), 2),
        (local(TODAY, 7, 0), 0),  # the same moment again
        (local(TODAY, 15, 0), 0),
        (local(date(2026, 12, 9), 7, 0), 0),  # the next day: escalated once
        (local(date(2026, 12, 15), 7, 0), 0),
    ]
    for moment, expected in timeline:
        before = sink.count()
        send_at(moment)
        assert sink.count() - before == expected, moment
    messages = sink.messages()
    assert recipients(messages) == ["bloc_staff@tuyengiao.example", "officer_a@tuyengiao.example"]
    concern.refresh_from_db()
    assert concern.escalated_at is not None
    assert states() == {"sent": 2}


def test_the_overdue_email_tells_the_owner_and_the_staff_above_different_things(tree, bloc_staff, officer_a, sink):
    Preference.objects.create(user=officer_a, language="en")
    Preference.objects.create(user=bloc_staff, language="en")
    overdue(tree.a, officer_a)
    send_at(local(TODAY, 7, 0))
    by_address = {recipients([m])[0]: m for m in sink.messages()}
    owner, above = by_address["officer_a@tuyengiao.example"], by_address["bloc_staff@tuyengiao.example"]
    assert subject_of(owner) == subject_of(above) == "Overdue by 3 days: a concern of Đảng ủy Bộ Tài chính"
    assert "A concern you own passed its deadline of 05/12/2026 without being resolved." in text_of(owner)
    assert "A concern of Đảng ủy Bộ Tài chính, a committee under yours, passed its deadline of 05/12/2026" in (
        text_of(above)
    )


def test_an_overdue_concern_of_a_cell_goes_to_the_nearest_committee_above_with_staff_and_never_to_a_sibling(
    tree, everyone, officer_a, officer_a1, sink
):
    overdue(tree.a1, officer_a1)
    send_at(local(TODAY, 7, 0))
    # A1's parent A has an officer: the bloc above it is not disturbed, the sibling committee B never is.
    assert recipients(sink.messages()) == ["officer_a1@tuyengiao.example", "officer_a@tuyengiao.example"]


def test_a_sibling_committees_overdue_concern_is_not_told_to_committee_a(
    tree, everyone, bloc_staff, officer_b_sibling, sink
):
    overdue(tree.b1, officer_b_sibling, content="Kiến nghị Bí mật Sibling về nhà ở công vụ")
    send_at(local(TODAY, 7, 0))
    messages = sink.messages()
    assert recipients(messages) == ["officer_b@tuyengiao.example"]  # the owner is B's officer, the staff above
    for message in messages:
        assert "officer_a" not in str(message["To"])


def test_the_overdue_reminder_reads_in_vietnamese_by_default(tree, officer_a, sink):
    overdue(tree.a, officer_a)
    send_at(local(TODAY, 7, 0))
    message = next(m for m in sink.messages() if "officer_a@" in str(m["To"]))
    text = text_of(message)
    assert "Hạn giải quyết: 05/12/2026" in text and "Cấp ủy: Đảng ủy Bộ Tài chính" in text
    assert subject_of(message) == "Quá hạn 3 ngày: kiến nghị của Đảng ủy Bộ Tài chính"


def test_an_overdue_concern_closed_before_the_send_is_no_longer_needed(tree, bloc_staff, officer_a, sink):
    concern = overdue(tree.a, officer_a)
    now = local(TODAY, 7, 0)
    outbox.plan(now)
    services.concern_refuse(concern=concern, by=officer_a, reason="Đã trả lời tại hội nghị")
    output = send_at(now)
    assert "no longer needed 2." in output
    assert sink.count() == 0


def test_a_new_deadline_that_passes_too_is_escalated_again(tree, bloc_staff, officer_a, sink):
    concern = overdue(tree.a, officer_a)
    send_at(local(TODAY, 7, 0))
    assert sink.count() == 2
    services.concern_update(concern=concern, by=officer_a, deadline=date(2026, 12, 10))
    send_at(local(date(2026, 12, 10), 7, 0))  # due today: the owner is reminded of the new deadline
    assert recipients(sink.messages()[2:]) == ["officer_a@tuyengiao.example"]
    send_at(local(date(2026, 12, 11), 7, 0))  # passed: escalated again, for this deadline
    later = sink.messages()[3:]
    assert recipients(later) == ["bloc_staff@tuyengiao.example", "officer_a@tuyengiao.example"]
    assert all("10/12/2026" in text_of(message) for message in later)
    send_at(local(date(2026, 12, 12), 7, 0))
    assert sink.count() == 5


# --- anonymity ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["due", "overdue"])
def test_an_anonymous_concerns_email_never_says_who_raised_it(tree, bloc_staff, officer_a, sink, kind):
    make = overdue if kind == "overdue" else lambda c, o, **f: due_in(2, c, o, **f)
    anonymous = make(tree.a, officer_a, is_anonymous=True, raised_by=RAISER)
    # Named at first, made anonymous later: the name is gone from the record and its history.
    later = make(tree.a, officer_a, raised_by="Trần Thị Đổi Ý", content="Kiến nghị về chế độ công tác phí")
    services.concern_update(concern=later, by=officer_a, is_anonymous=True)
    assert anonymous.raised_by == ""
    send_at(local(TODAY, 7, 0))
    messages = sink.messages()
    assert len(messages) == (4 if kind == "overdue" else 2)
    for message in messages:
        whole = subject_of(message) + text_of(message) + html_of(message)
        assert RAISER not in whole and "Giấu Tên" not in whole
        assert "Trần Thị Đổi Ý" not in whole and "Đổi Ý" not in whole


def test_a_recipient_moved_to_the_sibling_committee_before_the_send_is_not_told_about_committee_a(
    tree, bloc_staff, officer_a, officer_a1, sink
):
    concern = overdue(tree.a1, officer_a1, content="Kiến nghị riêng của Chi bộ Vụ Tổng hợp")
    now = local(TODAY, 7, 0)
    outbox.plan(now)
    staff_profile_set(user=officer_a, committee=tree.b, role=Role.OFFICER)  # transferred to B overnight
    output = send_at(now)
    assert "sent 1," in output and "no longer needed 1." in output
    assert recipients(sink.messages()) == ["officer_a1@tuyengiao.example"]
    assert Concern.objects.get(pk=concern.pk).escalated_at is not None


def test_a_later_tick_proposes_nothing_already_planned_even_for_an_address_written_in_capitals(tree, sink):
    owner = make_staff("officer_caps", tree.a, Role.OFFICER, email="Officer.Caps@TuyenGiao.example")
    due_in(2, tree.a1, owner)
    assert outbox.plan(local(TODAY, 7, 0)) == 1
    assert outbox.plan(local(TODAY, 7, 5)) == 0  # most ticks find nothing new: they should not insert again
    send_at(local(TODAY, 7, 10))
    assert recipients(sink.messages()) == ["officer.caps@tuyengiao.example"]
