"""An officer on a phone reports a conference step of the bloc's study campaign with its minutes and its connection
point; the bloc's staff see the board change at their desk and download the urging letter to the late committees."""

from datetime import date

import time_machine
from django.urls import reverse
from docx import Document
from playwright.sync_api import expect

from committees.models import Committee
from resolutions.models import StepKind
from resolutions.services.campaigns import campaign_start, default_steps
from tests.e2e.conftest import PHONE, sign_in
from tests.opinion.factories_trainings import pdf_bytes
from tests.resolutions.factories_documents import make_document


@time_machine.travel("2026-03-20 09:00 +0700", tick=True)
def test_an_officer_reports_a_conference_with_its_minutes_on_a_phone(
    new_context, live_server, tree, officer_a, bloc_staff
):
    resolution = make_document(tree.root, issued_on=date(2026, 2, 20))
    campaign = campaign_start(
        by=bloc_staff, committee=tree.root, title="Học tập Nghị quyết 05-NQ/ĐUK", starts_on=date(2026, 3, 1),
        documents=[resolution], steps=default_steps([Committee.Kind.UPPER_GRASSROOTS]),
    )  # fmt: skip
    target = campaign.targets.get(committee=tree.a)
    desk = new_context().new_page()
    sign_in(desk, "bloc_staff")
    desk.goto(campaign.get_absolute_url())
    key_cadres = desk.locator("#board tbody tr").filter(has_text=tree.a.name).locator("td").nth(2)
    expect(key_cadres).to_have_text("0/1")

    context = new_context(**PHONE)
    page = context.new_page()
    sign_in(page, "officer_a")
    page.goto(reverse("resolutions:campaign_list"))
    page.get_by_role("link", name="Học tập Nghị quyết 05-NQ/ĐUK").click()
    page.get_by_role("link", name=tree.a.name).click()
    steps = page.locator("#steps tbody tr")
    expect(steps).to_have_count(7)
    conference = steps.filter(has_text="Hội nghị quán triệt cho cán bộ chủ chốt")
    expect(conference).to_contain_text("Chưa đến hạn")  # due 31/03
    conference.get_by_role("link").click()

    page.get_by_label("Ngày thực hiện").fill("18/03/2026")
    page.get_by_label("Hình thức").select_option("both")
    page.get_by_label("Tệp minh chứng").set_input_files(
        files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_label("Tên tệp").fill("Biên bản hội nghị")
    point = page.locator(".connection-point").first
    point.get_by_label("Tổ chức đảng chủ trì điểm cầu").fill("A")
    point.get_by_label("Địa điểm").fill("Hội trường Bộ")
    point.get_by_label("Số người dự tại điểm cầu").fill("45")  # the conference's attendees: the points' sum
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.get_by_role("button", name="Lưu").click()

    expect(page).to_have_url(f"{live_server.url}{reverse('resolutions:campaign_target', args=[target.pk])}")
    conference = page.locator("#steps tbody tr").filter(has_text="Hội nghị quán triệt cho cán bộ chủ chốt")
    expect(conference).to_contain_text("Hoàn thành đúng hạn")
    expect(conference.get_by_role("link", name="Biên bản hội nghị")).to_be_visible()
    assert not context.csp.problems()

    desk.reload()
    expect(key_cadres).to_have_text("1/1")
    with desk.expect_download() as download:
        desk.get_by_role("link", name="Công văn đôn đốc (Word)").click()
    letter = Document(download.value.path())
    late = [row.cells[1].text for row in letter.tables[1].rows[1:]]
    assert late == [tree.a.name, tree.b.name]  # neither announced the results (due 04/03)
    assert "Thông báo nhanh kết quả Hội nghị (1)" in letter.tables[1].rows[1].cells[2].text
    desk.get_by_role("link", name=tree.a.name).click()
    row = desk.locator("#steps tbody tr").filter(has_text="Hội nghị quán triệt cho cán bộ chủ chốt")
    expect(row).to_contain_text("18/03/2026")
    expect(row).to_contain_text("Hội trường Bộ")
    report = campaign.steps.get(kind=StepKind.KEY_CADRES).reports.get()
    assert report.attendees == 45 and report.connection_points.get().host == tree.a
