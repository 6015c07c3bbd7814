"""Every page of the admin under the Content-Security-Policy: each model's list, its add form and a record's change
form and history, the import page — none refused anything (the new_context fixture fails the test otherwise)."""

from django.contrib import admin
from playwright.sync_api import expect

from tests.e2e.conftest import admin_page
from tests.opinion.factories_concerns import make_concern
from tests.opinion.factories_hotspots import make_hotspot


def test_no_admin_page_is_refused_anything(new_context, live_server, tree, officer_a, admin_client):
    make_concern(tree.a, officer_a)
    make_hotspot(tree.a, officer_a)
    context, page = admin_page(new_context, live_server, admin_client)
    urls = ["/admin/", "/admin/committees/committee/import/"]
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [base, f"{base}add/"]
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if first is not None:
            urls += [f"{base}{first}/change/", f"{base}{first}/history/"]
    refused = {}
    for url in urls:
        page.goto(url)
        expect(page.locator("body")).to_be_visible()
        if problems := context.csp.problems():
            refused[url] = problems
            context.csp.clear()
    assert not refused, "\n".join(f"{url}: {problems}" for url, problems in refused.items())


def test_a_refused_rows_errors_are_read_beside_it_without_hovering(new_context, live_server, tree, admin_client):
    context, page = admin_page(new_context, live_server, admin_client)
    page.goto("/admin/committees/committee/import/")
    rows = "code,parent_code,name,kind,party_members,exempt_members\nN1,ROOT,Chi bộ mới,grassroots_cell,2,3\n"
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "committees.csv", "mimeType": "text/csv", "buffer": rows.encode()}]
    )
    page.locator("select[name=format]").select_option(label="csv")
    page.locator("input[type=submit]").click()
    row = page.locator(".import-refused tbody tr").first
    expect(row.locator("th")).to_have_text("1")
    expect(row.locator(".row-errors")).to_be_visible()
    expect(row.locator(".row-errors")).to_contain_text("Số đảng viên miễn sinh hoạt không thể lớn hơn số đảng viên.")
    assert not context.csp.problems()
