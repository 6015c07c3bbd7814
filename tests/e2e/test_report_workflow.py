"""A half-year report's life in the browser: an officer starts it and edits its text, the committee's leader signs
it past the checks with a note, the department sends it, the bloc's staff ask for additions with a comment, a new
version is signed, sent and received, and the bloc's list of reports owed shows it — on a desktop and on a phone."""

from datetime import date

import time_machine
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from reports.models import Report
from reports.services import period_open
from tests.e2e.conftest import PHONE, sign_in

HALF = {"kind": "half", "year": 2026, "starts_on": date(2025, 12, 15), "ends_on": date(2026, 6, 14),
        "deadline": date(2026, 6, 20), "obliged_kinds": ["upper_grassroots"]}  # fmt: skip


def step(page, name: str, **fields) -> None:
    """Fill and post the step's form on the report's page, then wait for the page it leads to."""
    form = page.locator(f"#report-steps form[action$='/{name}/']")
    for field, value in fields.items():
        form.locator(f"[name={field}]").fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


@time_machine.travel("2026-06-16 09:00 +0700", tick=True)
def test_a_report_is_written_signed_sent_returned_for_additions_and_received(
    new_context, live_server, tree, bloc_staff, officer_a, leader_a
):
    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    officer = new_context().new_page()
    sign_in(officer, "officer_a", next_url=reverse("reports:period_detail", args=[period.pk]))
    with officer.expect_navigation():
        officer.locator("section[aria-labelledby=own-report] form button[type=submit]").click()  # start the report
    report = Report.objects.get(period=period, committee=tree.a)
    expect(officer.locator("#report-body")).to_contain_text("I. KẾT QUẢ THỰC HIỆN CÔNG TÁC TUYÊN GIÁO")
    officer.locator("#report-body a[href$='/text/']").click()
    officer.locator("textarea[name=proposals]").fill("Đề nghị mở lớp tập huấn cho cộng tác viên.")
    with officer.expect_navigation():
        officer.locator("#report-text button[name=save]").click()
    expect(officer.locator("textarea[name=proposals]")).to_have_value("Đề nghị mở lớp tập huấn cho cộng tác viên.")

    leader = new_context().new_page()
    sign_in(leader, "leader_a", next_url=report.get_absolute_url())
    expect(leader.locator("#findings")).to_contain_text("…")  # the causes are still to be written
    step(leader, "sign", document_number="12", document_date="16/06/2026")
    # Signed past the checks without a note: refused, the form keeps what was typed.
    expect(leader.locator("#report-steps form[action$='/sign/'] [name=document_number]")).to_have_value("12")
    step(leader, "sign", note="Đã rà soát số liệu.")
    expect(leader.locator("#report-steps form[action$='/sign/']")).to_have_count(0)

    officer.goto(report.get_absolute_url())
    step(officer, "send")
    staff = new_context().new_page()
    sign_in(staff, "bloc_staff", next_url=report.get_absolute_url())
    step(staff, "additions", comment="Đề nghị giải trình số kiến nghị quá hạn.")
    expect(staff.locator("#history")).to_contain_text("Đề nghị giải trình số kiến nghị quá hạn.")

    leader.goto(report.get_absolute_url())
    step(leader, "sign", document_number="12a", document_date="18/06/2026", note="Đã bổ sung giải trình.")
    officer.goto(report.get_absolute_url())
    step(officer, "send")
    staff.goto(report.get_absolute_url())
    step(staff, "receive", incoming_reference="145/ĐẾN")
    expect(staff.locator("#versions li")).to_have_count(2)

    staff.goto(reverse("reports:period_detail", args=[period.pk]))
    row = staff.locator("#board tbody tr", has_text=tree.a.name)
    with translation.override("vi"):  # the pages speak Vietnamese whatever language the test process holds
        expect(row).to_contain_text(str(Report.objects.get(pk=report.pk).get_status_display()))
    expect(staff.locator("#board-rates")).to_contain_text("1/2")
    staff.goto(report.get_absolute_url())
    with staff.expect_download() as download:
        staff.locator("#download-docx").click()
    assert download.value.suggested_filename == "bao-cao-half-2026-a-v2.docx"

    phone = new_context(**PHONE).new_page()
    sign_in(phone, "bloc_staff", next_url=report.get_absolute_url())
    expect(phone.locator("#report-body")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
