"""A concern taken from received to resolved in the browser: created through the form, advised on, resolved (and
refused a resolution without an outcome), the steps posted through htmx."""

import re

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from opinion.models import Concern
from opinion.services.concerns import concern_deadline
from tests.e2e.conftest import sign_in


def vi(message: str) -> str:
    with translation.override("vi"):
        return gettext(message)


def test_an_officer_takes_a_concern_from_received_to_resolved(page, live_server, tree, officer_a):
    sign_in(page, "officer_a", next_url=reverse("opinion:concern_create"))
    expect(page).to_have_url(f"{live_server.url}{reverse('opinion:concern_create')}")

    # The committee and the owner are proposed: the officer's own; the deadline is left to the working days.
    expect(page.locator("#id_committee")).to_have_value(f"{tree.a.code} — {tree.a.name}")
    expect(page.locator("#id_owner")).to_have_value(str(officer_a.pk))
    page.locator("#id_channel").select_option("letter")
    page.locator("#id_category").select_option("wages")
    page.locator("#id_content").fill("Đề nghị sớm chi trả tiền làm thêm giờ cho cán bộ trực Tết")
    page.locator("#id_raised_by").fill("Trần Thu Hà, Vụ Tổng hợp")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()

    concern = Concern.objects.get()
    expect(page).to_have_url(f"{live_server.url}{concern.get_absolute_url()}")
    assert concern.deadline == concern_deadline(concern.received_on)
    expect(page.locator("#concern-content")).to_contain_text("tiền làm thêm giờ")
    expect(page.locator("#concern-deadline")).to_have_text(concern.deadline.strftime("%d/%m/%Y"))
    expect(page.locator("#concern-timeline > li")).to_have_count(1)
    # Only the steps the workflow allows from "received" are offered, one at a time: each opens its form, and
    # opening one closes the one open before.
    expect(page.locator("#concern-actions form")).to_have_count(3)
    expect(page.locator("#step-resolved")).to_have_count(0)
    expect(page.locator("#concern-actions form:visible")).to_have_count(0)
    page.locator("#choose-forwarded summary").click()
    expect(page.locator("#concern-actions form:visible")).to_have_count(1)
    page.locator("#choose-advising summary").click()
    expect(page.locator("#concern-actions form:visible")).to_have_count(1)
    expect(page.locator("#step-forwarded")).to_be_hidden()

    # Start advising the committee: the form posts through htmx and the page reloads on success.
    page.locator("#id_advising-note").fill("Đã báo cáo Thường trực Đảng ủy")
    with page.expect_navigation():
        page.locator("#step-advising [type=submit]").click()
    expect(page.locator("#concern-timeline > li")).to_have_count(2)
    expect(page.locator("#concern-timeline")).to_contain_text("Đã báo cáo Thường trực Đảng ủy")
    assert Concern.objects.get().status == Concern.Status.ADVISING

    # Resolving without an outcome: the actions are swapped in place with the error, nothing changes.
    resolve = page.locator("#step-resolved")
    page.locator("#choose-resolved summary").click()
    expect(resolve).to_be_visible()
    step_url = reverse("opinion:concern_transition", args=[concern.pk])
    with page.expect_response(lambda response: response.url.endswith(step_url)) as posted:
        resolve.locator("[type=submit]").click()
    assert posted.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#id_resolved-outcome")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#step-resolved .invalid-feedback")).to_have_text(
        vi("Write the outcome: how the concern was resolved.")
    )
    expect(page).to_have_url(f"{live_server.url}{concern.get_absolute_url()}")
    assert Concern.objects.get().status == Concern.Status.ADVISING

    # With an outcome it is resolved: the outcome is shown, the timeline has its third step, no step is left.
    page.locator("#id_resolved-outcome").fill("Đã chi trả đầy đủ trong tháng 12")
    with page.expect_navigation():
        page.locator("#step-resolved [type=submit]").click()
    expect(page.locator("#concern-outcome")).to_have_text("Đã chi trả đầy đủ trong tháng 12")
    expect(page.locator("#concern-timeline > li")).to_have_count(3)
    expect(page.locator("#concern-actions")).to_have_count(0)
    expect(page.locator(".alert-success")).to_be_visible()  # the message of the step taken
    concern.refresh_from_db()
    assert (concern.status, concern.outcome) == (Concern.Status.RESOLVED, "Đã chi trả đầy đủ trong tháng 12")
    assert [(s.status_to, s.by_id) for s in concern.transitions.all()] == [
        ("received", officer_a.pk),
        ("advising", officer_a.pk),
        ("resolved", officer_a.pk),
    ]

    # The concern is in the officer's list and in "mine", with no overdue mark.
    page.goto(reverse("opinion:concern_mine"))
    row = page.locator("#concern-table tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("a")).to_have_attribute("href", concern.get_absolute_url())
