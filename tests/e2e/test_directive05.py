"""An officer on a phone records a cell's thematic meeting and its Directive 05 year (how many members wrote a
personal follow-up plan, a model raised); the bloc's staff see the overview change at their desk."""

import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from resolutions.models import Activity, FollowUpYear
from tests.e2e.conftest import PHONE, sign_in


@time_machine.travel("2026-03-20 09:00 +0700", tick=True)
def test_an_officer_records_a_thematic_meeting_and_the_follow_up_plans_and_the_bloc_sees_them(
    new_context, live_server, tree, officer_a, bloc_staff
):
    desk = new_context().new_page()
    sign_in(desk, "bloc_staff")
    desk.goto(reverse("resolutions:directive05_overview"))
    branch_a = desk.locator("#directive05 tbody tr").filter(has_text=tree.a.name)
    expect(branch_a.locator("td").nth(2)).to_have_text("—")  # nobody under A has recorded the year

    context = new_context(**PHONE)
    page = context.new_page()
    sign_in(page, "officer_a")
    page.goto(reverse("resolutions:activity_list"))
    page.get_by_role("link", name="Ghi nhận hoạt động").click()
    page.get_by_label("Cấp ủy").fill("A1")
    page.get_by_label("Loại").select_option("thematic_meeting")
    page.locator("#id_held_on").fill("18/03/2026")
    page.get_by_label("Tiêu đề").fill("Sinh hoạt chuyên đề: nêu gương, nói đi đôi với làm")
    page.locator("#id_participants").fill("25")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Sinh hoạt chuyên đề: nêu gương, nói đi đôi với làm")).to_be_visible()

    page.goto(reverse("resolutions:directive05_overview"))
    page.get_by_role("link", name="Ghi nhận năm thực hiện").click()
    page.locator("#id_committee").fill("A1")
    page.get_by_label("Chuyên đề của năm").fill("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    page.get_by_label("Đảng viên đã viết bản kế hoạch làm theo").fill("24")  # of the cell's 25: left empty
    page.locator("#id_models-0-name").fill("Mô hình “Mỗi tuần một việc tốt”")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#plan-figure")).to_have_text("24/25 đảng viên, đạt 96%")
    expect(page.locator("#exemplary-models")).to_contain_text("Mỗi tuần một việc tốt")
    assert not context.csp.problems()

    desk.reload()
    expect(branch_a.locator("td").nth(2)).to_have_text("24/25, 96%")
    expect(desk.locator("#directive05-total")).to_contain_text("24/25 đảng viên đã viết bản kế hoạch làm theo")
    branch_a.get_by_role("link", name=tree.a.name).click()
    expect(desk.locator("#directive05 tbody tr").filter(has_text=tree.a1.name).locator("td").nth(3)).to_have_text("1")
    desk.goto(reverse("resolutions:activity_list"))
    expect(desk.get_by_role("link", name="Sinh hoạt chuyên đề: nêu gương, nói đi đôi với làm")).to_be_visible()
    year = FollowUpYear.objects.get()
    assert (year.committee, year.members_expected, year.members_with_plan) == (tree.a1, 25, 24)
    assert Activity.objects.get().participants == 25
