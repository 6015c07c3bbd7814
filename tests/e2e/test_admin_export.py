"""The admin's export page under the Content-Security-Policy: its "select all" box works, nothing is refused."""

from playwright.sync_api import expect

from tests.e2e.conftest import admin_page


def test_select_all_on_the_export_page_unticks_and_ticks_every_field(new_context, live_server, tree, admin_client):
    _context, page = admin_page(new_context, live_server, admin_client)
    page.goto("/admin/committees/committee/export/")
    fields = page.locator("input[type=checkbox][name*=committeeresource]")
    expect(fields.first).to_be_checked()
    count = fields.count()
    assert count >= 3
    page.locator("input.select-toggle").first.uncheck()
    for index in range(count):
        expect(fields.nth(index)).not_to_be_checked()
    page.locator("input.select-toggle").first.check()
    expect(fields.nth(count - 1)).to_be_checked()
