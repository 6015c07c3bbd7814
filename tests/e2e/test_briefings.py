"""Monthly briefings in the browser: an officer records who came, who was excused and who was absent, writes the
minutes, and sees the attendance rates."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core.formatting import document_date
from opinion.models import Briefing
from opinion.models.trainings import Attendance
from tests.e2e.conftest import SIBLING_NAMES, sign_in
from tests.opinion.factories_briefings import make_briefing, make_collaborator


def test_an_officer_records_attendance_and_minutes_then_sees_the_rates(page, live_server, officer_a, tree):
    lan = make_collaborator(tree.a, "Nguyễn Thị Lan", unit="Vụ Ngân sách")
    binh = make_collaborator(tree.a1, "Trần Văn Bình", unit="Vụ Tổng hợp")
    an = make_collaborator(tree.a1, "Lê Văn An", unit="Văn phòng")
    outsider = make_collaborator(tree.b1, "Phạm Thị Khác")
    yesterday = timezone.localdate() - timedelta(days=1)
    briefing = make_briefing(tree.a, yesterday, invite=[lan, binh, an])
    make_briefing(tree.b, yesterday, invite=[outsider], place="Phòng Bí mật Sibling")
    invitation = {i.collaborator_id: i.pk for i in briefing.invitations.all()}

    sign_in(page, "officer_a")
    page.goto(briefing.get_absolute_url())
    with page.expect_navigation():
        page.locator("#record-attendance").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('opinion:briefing_attendance', args=[briefing.pk])}")
    expect(page.locator("#attendance-table tbody tr")).to_have_count(3)

    def row(collaborator):
        return page.locator(f"#attendance-table tr[data-invitation='{invitation[collaborator.pk]}']")

    row(lan).locator("input[type=radio][value=present]").check()
    row(binh).locator("input[type=radio][value=excused]").check()
    row(an).locator("input[type=radio][value=absent]").check()

    # An excused absence without its reason is refused, and what was typed stays.
    page.locator("#id_minutes").fill("Hội nghị thống nhất định hướng tuyên truyền tháng này.")
    with page.expect_navigation():
        page.locator("#save-attendance").click()
    expect(row(binh).locator(".invalid-feedback")).to_be_visible()
    expect(row(binh).locator("input[type=radio][value=excused]")).to_be_checked()
    expect(page.locator("#id_minutes")).to_have_value("Hội nghị thống nhất định hướng tuyên truyền tháng này.")
    assert Briefing.objects.get(pk=briefing.pk).status == Briefing.Status.SCHEDULED

    row(binh).locator("input[type=text]").fill("Đi công tác Đà Nẵng")
    page.locator("#id_current_affairs").fill("Kết quả Hội nghị Trung ương.")
    with page.expect_navigation():
        page.locator("#save-attendance").click()

    expect(page).to_have_url(f"{live_server.url}{briefing.get_absolute_url()}")
    expect(page.locator(".alert-success")).to_be_visible()
    figures = page.locator("#attendance-figures")
    expect(figures.locator("tr").nth(0).locator("td")).to_have_text("33,33%")  # the rate: 1 present of 3
    expect(figures.locator("tr").nth(2).locator("td")).to_have_text("1")  # present
    expect(figures.locator("tr").nth(3).locator("td")).to_have_text("1")  # excused
    expect(figures.locator("tr").nth(4).locator("td")).to_have_text("1")  # absent
    expect(page.locator("#briefing-minutes")).to_contain_text("Hội nghị thống nhất định hướng tuyên truyền")
    expect(page.locator("#invitees")).to_contain_text("Đi công tác Đà Nẵng")
    held = Briefing.objects.get(pk=briefing.pk)
    assert held.status == Briefing.Status.HELD
    assert dict(held.invitations.values_list("collaborator_id", "attendance")) == {
        lan.pk: Attendance.PRESENT,
        binh.pk: Attendance.EXCUSED,
        an.pk: Attendance.ABSENT,
    }

    # The rates: one present out of one invitation each, per collaborator and per committee.
    period = f"start={yesterday:%d/%m/%Y}&end={timezone.localdate():%d/%m/%Y}"
    page.goto(f"{reverse('opinion:briefing_attendance_rates')}?{period}")
    rates = page.locator("#rates tbody tr")
    expect(rates).to_have_count(3)
    expect(rates.filter(has_text="Nguyễn Thị Lan").locator("td").last).to_have_text("100%")
    expect(rates.filter(has_text="Trần Văn Bình").locator("td").last).to_have_text("0%")
    expect(page.locator("#rates-total td").last).to_have_text("33,33%")
    with page.expect_navigation():
        page.locator("main a.nav-link[href*='by=committee']").click()
    expect(page.locator("#rates tbody tr")).to_have_count(2)
    expect(page.locator("#rates tbody tr").filter(has_text=tree.a1.name).locator("td").last).to_have_text("0%")
    for name in (*SIBLING_NAMES, "Phạm Thị Khác"):
        assert name not in page.content()

    # The printable sign-in sheet: the document header, the date written out, a row per invitee, and a Print button
    # that works under the Content-Security-Policy (its script is a static file).
    page.goto(reverse("opinion:briefing_signin_sheet", args=[briefing.pk]))
    expect(page.locator(".document-header")).to_contain_text(tree.a.name.upper())
    expect(page.locator(".document-date")).to_have_text(document_date(yesterday, "Hà Nội"))
    expect(page.locator("#sign-in tbody tr")).to_have_count(3)
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.locator("button[data-print]").click()
    assert page.evaluate("() => window.__printed") == 1
