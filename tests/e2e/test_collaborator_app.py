"""A collaborator on a phone: their own menu, each entry a page of their own work, nothing of the staff's offered."""

import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from committees.models import Role
from tests.e2e.conftest import PHONE, sign_in
from tests.factories import make_collaborator, make_staff
from tests.opinion.factories_reports import make_report


@time_machine.travel("2026-03-20 09:00 +0700", tick=True)
def test_a_collaborator_finds_their_own_work_from_the_menu_on_a_phone(new_context, live_server, tree):
    user = make_staff("ctv_hoa", tree.a1, Role.COLLABORATOR)
    hoa = make_collaborator(tree.a1, full_name="Lê Thị Hoa", user=user)
    make_report(hoa, summary="Cán bộ quan tâm chế độ phụ cấp công vụ.")
    page = new_context(**PHONE).new_page()
    sign_in(page, "ctv_hoa")
    expect(page.locator("main")).to_contain_text("chế độ phụ cấp công vụ")  # the overview: their latest reports

    page.locator(".navbar-toggler").click()
    menu = page.locator("#main-nav .me-auto .nav-link")
    expect(menu).to_have_count(6)
    expect(page.locator(f'#main-nav a[href="{reverse("committees:tree")}"]')).to_have_count(0)
    expect(page.locator(f'#main-nav a[href="{reverse("opinion:concern_list")}"]')).to_have_count(0)
    page.locator(f'#main-nav a[href="{reverse("opinion:report_list")}"]').click()
    expect(page).to_have_url(f"{live_server.url}{reverse('opinion:report_list')}")
    expect(page.locator("main")).to_contain_text("chế độ phụ cấp công vụ")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    page.locator(".navbar-toggler").click()
    expect(page.locator("#main-nav.collapse.show")).to_be_visible()  # unfolded (slowly on a busy machine), then tapped
    page.locator(f'#main-nav a[href="{hoa.get_absolute_url()}"]').click()
    expect(page).to_have_url(f"{live_server.url}{hoa.get_absolute_url()}")
    expect(page.locator("h1")).to_contain_text("Lê Thị Hoa")
