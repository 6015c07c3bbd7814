"""A user turns off the monthly digest and chooses English for their email, from the user menu."""

from django.urls import reverse
from playwright.sync_api import expect

from notifications.models import Preference
from tests.e2e.conftest import sign_in


def test_a_leader_chooses_english_mail_and_turns_off_the_digest(page, live_server, leader_a):
    sign_in(page, "leader_a")
    page.locator("#user-menu").click()
    settings_link = page.locator(f"nav .dropdown-menu a[href='{reverse('notifications:preferences')}']")
    expect(settings_link).to_be_visible()
    with page.expect_navigation():
        settings_link.click()

    expect(page.locator("main")).to_contain_text("leader_a@tuyengiao.example")
    digest = page.locator("input[name=monthly_digest]")
    expect(digest).to_be_checked()  # on unless turned off
    page.locator("#id_language").select_option("en")
    digest.uncheck()
    with page.expect_navigation():
        page.locator("input[type=submit][name=save]").click()

    expect(page).to_have_url(f"{live_server.url}{reverse('notifications:preferences')}")
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("input[name=monthly_digest]")).not_to_be_checked()
    expect(page.locator("#id_language")).to_have_value("en")
    preference = Preference.objects.get(user=leader_a)
    assert (preference.language, preference.monthly_digest) == ("en", False)
