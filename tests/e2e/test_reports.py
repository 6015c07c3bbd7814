"""A collaborator files an opinion report from a phone-sized window."""

import re

import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from committees.models import Role
from opinion.models import OpinionReport, Topic
from tests.e2e.conftest import PHONE, sign_in
from tests.factories import make_collaborator, make_staff


@time_machine.travel("2026-03-20 09:00 +0700", tick=True)
def test_a_collaborator_files_a_report_from_a_phone(new_context, live_server, tree):
    user = make_staff("ctv_hoa", tree.a1, Role.COLLABORATOR)
    collaborator = make_collaborator(tree.a1, full_name="Lê Thị Hoa", user=user)
    topic = Topic.objects.order_by("order").first()
    page = new_context(**PHONE).new_page()
    sign_in(page, "ctv_hoa", next_url=reverse("opinion:report_create"))
    expect(page).to_have_url(f"{live_server.url}{reverse('opinion:report_create')}")

    # Nothing chosen for the user: no empty "---------" choice; every control large enough for a finger.
    expect(page.locator("input[name=sentiment]")).to_have_count(3)
    expect(page.locator("input[name=sentiment]:checked")).to_have_count(0)
    heights = page.eval_on_selector_all(
        "main form .btn, main form .form-control, main form .form-select, main form .form-check",
        "elements => elements.map(element => element.getBoundingClientRect().height)",
    )
    assert heights and min(heights) >= 44, heights

    # Sent without a summary: a summary of the errors at the top takes the focus and names the field; the form keeps
    # the chosen topic.
    page.get_by_label(topic.name).check()
    page.locator("input[name=sentiment][value=mixed]").check()
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    expect(page.locator("#id_summary")).to_have_class(re.compile("is-invalid"))
    errors = page.locator(".form-errors")
    expect(errors).to_be_focused()
    expect(errors.get_by_role("link")).to_have_attribute("href", "#id_summary")
    errors.get_by_role("link").click()
    expect(page.locator("#id_summary")).to_be_focused()
    expect(page.get_by_label(topic.name)).to_be_checked()

    page.locator("#id_summary").fill("Cán bộ trẻ quan tâm chính sách nhà ở xã hội.")
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    expect(page.locator(".alert-success")).to_be_visible()
    report = OpinionReport.objects.get()
    assert report.collaborator == collaborator and report.channel == OpinionReport.Channel.ONLINE
    assert list(report.topics.all()) == [topic]
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
