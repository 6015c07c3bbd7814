"""The staff overview in Chromium: its charts are drawn (from the tables under them, under the strict
Content-Security-Policy and without a console error), at a desk and on a 390 px phone without sideways scrolling,
and a number opens the list that holds exactly its records."""

import re

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, SIBLING_NAMES, sign_in
from tests.reports.overview_records import records

CHARTS = ("month-topics", "month-sentiments", "trend-reports", "trend-concerns")


@time_machine.travel("2026-06-20 10:00 +0700", tick=True)
# At the desk an English browser, as the department's computers often are: the page still speaks Vietnamese.
@pytest.mark.parametrize("device", [{"locale": "en-US"}, PHONE], ids=["desk", "phone"])
def test_the_overview_draws_its_charts_and_its_numbers_open_their_lists(new_context, tree, officer_a, device):
    records(tree.a, tree.a1, officer_a)
    page = new_context(**device).new_page()
    sign_in(page, "officer_a")
    for table in CHARTS:
        canvas = page.locator(f"canvas[data-table='{table}']")
        expect(canvas).to_be_visible()
        drawn = canvas.evaluate("canvas => Boolean(window.Chart.getChart(canvas)) && canvas.width > 0")
        assert drawn, table
        grouped = canvas.evaluate("c => new Intl.NumberFormat(window.Chart.getChart(c).options.locale).format(35599)")
        assert grouped == "35.599", table  # the axes' numbers in the page's language, not the browser's
    attendance = page.locator("canvas[data-table='trend-attendance']")
    drawn = attendance.evaluate("canvas => window.Chart.getChart(canvas).data.datasets[0].data.slice(-3)")
    assert drawn == [None, 100, 50]  # April: nobody invited, no rate (not 0 %); May 1 of 1; June 1 of 2
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    for name in SIBLING_NAMES:
        expect(page.locator("main")).not_to_contain_text(name)

    # The overdue concerns: the card says 1, and the list it opens holds one row.
    overdue = page.locator(f"#attention a[href='{reverse('opinion:concern_list')}?overdue=on']")
    expect(overdue.locator(".stat")).to_have_text("1")
    overdue.click()
    expect(page).to_have_url(re.compile(r"/opinion/concerns/\?overdue=on$"))
    links = page.eval_on_selector_all("main a", "links => links.map(link => link.getAttribute('href'))")
    assert len({link for link in links if re.fullmatch(r"/opinion/concerns/\d+/", link or "")}) == 1
