"""Signing in, signing out and the lockout after repeated wrong passwords, through the real forms."""

import re

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_an_officer_signs_in_through_the_form_and_lands_on_the_overview(page, live_server, officer_a, tree):
    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}{reverse('login')}?next=/")

    page.locator("input[name=username]").press_sequentially("officer_a")
    page.locator("input[name=password]").press_sequentially("correct-horse-battery")
    with page.expect_navigation() as navigation:
        page.locator("input[name=password]").press("Enter")

    assert navigation.value.ok
    expect(page).to_have_url(f"{live_server.url}/")
    nav = page.locator("nav.navbar")
    expect(nav.locator("#user-menu")).to_have_text("Nguyễn An")  # family name first
    expect(nav.locator("a.nav-link.active")).to_have_attribute("href", "/")
    main = page.locator("main")
    expect(main.locator("h1")).to_be_visible()
    expect(main.get_by_role("link", name="Đảng ủy Bộ Tài chính")).to_have_attribute("href", tree.a.get_absolute_url())


def test_signing_out_from_the_user_menu_returns_to_the_login_page(page, live_server, officer_a):
    sign_in(page, "officer_a")
    expect(page).to_have_url(f"{live_server.url}/")

    sign_out = page.locator(f"nav .dropdown-menu form[action='{reverse('logout')}'] button[type=submit]")
    expect(sign_out).to_be_hidden()
    page.locator("#user-menu").click()
    expect(sign_out).to_be_visible()
    with page.expect_navigation():
        sign_out.click()

    expect(page).to_have_url(f"{live_server.url}{reverse('login')}")
    expect(page.locator("input[name=password]")).to_be_visible()
    assert "sessionid" not in {cookie["name"] for cookie in page.context.cookies()}

    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}{reverse('login')}?next=/")
    expect(page.locator("#user-menu")).to_have_count(0)


def test_five_wrong_passwords_lock_the_username_and_address_pair(page, live_server, officer_a, officer_b_sibling):
    for attempt in range(1, 5):
        response = sign_in(page, "officer_a", password=f"wrong-password-{attempt}")
        assert response.status == 200, f"attempt {attempt}"
        expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}{reverse('login')}")))
        expect(page.locator("main .alert-danger")).to_be_visible()
        expect(page.locator("input[name=password]")).to_be_visible()

    # The fifth wrong password locks the pair at once; the sixth attempt is refused even with the right password.
    assert sign_in(page, "officer_a", password="wrong-password-5").status == 429
    response = sign_in(page, "officer_a")

    assert response.status == 429
    with translation.override("vi"):
        heading = gettext("Too many failed sign-in attempts")
    expect(page.locator("main h1")).to_have_text(heading)
    expect(page.locator("main [role=alert]")).to_be_visible()
    expect(page.locator(f"main a[href='{reverse('password_reset')}']")).to_be_visible()
    expect(page.locator("input[name=password]")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}{reverse('login')}?next=/")

    # Only that username is locked from this address: another officer signs in from it.
    response = sign_in(page, "officer_b")
    assert response.status == 200
    expect(page).to_have_url(f"{live_server.url}/")
