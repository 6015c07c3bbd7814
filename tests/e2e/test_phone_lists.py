"""Every list at phone width (390 px): nothing wider than the screen, neither the page nor a table inside it."""

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, sign_in
from tests.e2e.test_accessibility import campaign_pages, pages_of, scene  # noqa: F401 (the same records in every list)

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [document.documentElement, ...document.querySelectorAll("main .table-responsive, main table")]
    .filter((element) => element.scrollWidth > element.clientWidth + 1
      || element.getBoundingClientRect().right > width + 1)
    .map((element) => `${element.tagName.toLowerCase()}#${element.id}.${element.className}: ${element.scrollWidth}px`);
  return wide;
}"""


@time_machine.travel("2026-03-20 09:00 +0700", tick=True)
@pytest.mark.parametrize("username", ["bloc_staff", "ctv_hoa"])
def test_every_list_fits_a_phone(new_context, live_server, scene, bloc_staff, username):  # noqa: F811
    page = new_context(**PHONE).new_page()
    sign_in(page, username)
    overflowing = {}
    reached_from_a_board = campaign_pages(scene.campaign, username) if username == "bloc_staff" else []
    for url in pages_of(page) + reached_from_a_board:
        page.goto(url)
        expect(page.locator("main")).to_be_visible()
        if wide := page.evaluate(OVERFLOW):
            overflowing[url] = wide
    assert not overflowing, "\n".join(f"{url}: {wide}" for url, wide in overflowing.items())


@time_machine.travel("2026-03-20 09:00 +0700", tick=True)
def test_a_concern_shows_its_status_and_deadline_on_a_phone(new_context, live_server, scene, officer_a):  # noqa: F811
    page = new_context(**PHONE).new_page()
    sign_in(page, "officer_a", next_url=reverse("opinion:concern_list"))
    row = page.locator("#concern-table tbody tr").first
    expect(row.locator(".on-phone")).to_be_visible()
    expect(row.locator(".on-phone .badge")).to_be_visible()
    expect(row.locator("td").nth(1)).to_be_hidden()  # the committee's column folded away


def test_the_filters_fold_behind_a_button_on_a_phone_and_stay_open_when_set(new_context, live_server, tree, officer_a):
    page = new_context(**PHONE).new_page()
    sign_in(page, "officer_a", next_url=reverse("opinion:concern_list"))
    fields = page.locator("section.filter-bar-wrap form")
    expect(fields).to_be_hidden()
    page.locator(".filter-toggle").click()
    expect(fields).to_be_visible()
    page.goto(f"{reverse('opinion:concern_list')}?q=tet")
    expect(page.locator("section.filter-bar-wrap form")).to_be_visible()  # a filter set: shown as it is
    desk = new_context().new_page()
    sign_in(desk, "officer_a", next_url=reverse("opinion:concern_list"))
    expect(desk.locator("section.filter-bar-wrap form")).to_be_visible()
    expect(desk.locator(".filter-toggle")).to_be_hidden()
