"""Bloc staff find who has not reported this month, committee by committee, and the list to call round."""

import io
from datetime import date
from pathlib import Path

import openpyxl
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, sign_in
from tests.factories import make_collaborator
from tests.opinion.factories_reports import make_report


@time_machine.travel("2026-03-20 09:00 +0700", tick=True)
def test_bloc_staff_drill_down_to_who_has_not_reported_and_download_the_list(
    new_context, live_server, tree, bloc_staff
):
    make_report(make_collaborator(tree.a1, "Trần Văn Bình"), reported_on=date(2026, 3, 5))
    silent = make_collaborator(tree.a1, "Lê Văn Cường")
    make_collaborator(tree.b1, "Phạm Thị Dung")
    page = new_context().new_page()
    sign_in(page, "bloc_staff", next_url=reverse("opinion:report_reporting"))

    table = page.locator("#reporting")
    expect(table.locator("tbody tr")).to_have_count(2)  # A and B, each counted with the cells under it
    a_row = table.locator("tbody tr", has_text=tree.a.name)
    expect(a_row.locator("td").nth(4)).to_have_text("50%")
    a_row.get_by_role("link", name=tree.a.name).click()  # drill down to A's cells
    expect(page.locator("#reporting tbody tr")).to_have_count(1)
    cell_row = page.locator("#reporting tbody tr", has_text=tree.a1.name)
    cell_row.locator("td").nth(3).get_by_role("link").click()  # its one collaborator who has not reported

    expect(page.locator("main table tbody tr")).to_have_count(1)
    with page.expect_download() as download:
        page.locator("#status-export-xlsx").click()
    assert download.value.suggested_filename == "bao-cao-du-luan-2026-03-chua-bao-cao.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["Lê Văn Cường"]
    page.get_by_role("link", name="Lê Văn Cường").click()
    expect(page).to_have_url(f"{live_server.url}{silent.get_absolute_url()}")


@time_machine.travel("2026-03-20 09:00 +0700", tick=True)
def test_the_table_fits_a_phone(new_context, live_server, tree, bloc_staff):
    make_collaborator(tree.a1, "Lê Văn Cường")
    page = new_context(**PHONE).new_page()
    sign_in(page, "bloc_staff", next_url=reverse("opinion:report_reporting"))
    expect(page.locator("#reporting")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
