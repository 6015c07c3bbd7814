"""The language switch in the footer: a <select> whose form app.js submits on change.

The Vietnamese wording is translated independently of these tests, so Vietnamese pages are recognised by the
``lang`` of <html> and the selected option only; English text is checked when English is chosen.
"""

from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def choose_language(page, code: str):
    with page.expect_navigation():
        page.locator("footer select#language-select").select_option(code)


def expect_language(page, code: str):
    expect(page.locator("html")).to_have_attribute("lang", code)
    select = page.locator("footer select#language-select")
    expect(select).to_have_value(code)
    expect(select.locator("option[selected]")).to_have_attribute("value", code)


def test_the_footer_switches_the_language_to_english_and_back(new_context, live_server, officer_a, tree):
    # An English browser still gets Vietnamese until the user chooses otherwise.
    page = new_context(locale="en-US").new_page()
    sign_in(page, "officer_a")
    page.goto(f"{reverse('committees:tree')}?q=dang+uy")
    expect_language(page, "vi")
    # With JavaScript the select submits itself, so its submit button is hidden.
    expect(page.locator("footer form[data-autosubmit] button[type=submit]")).to_be_hidden()
    form = page.locator("footer form[data-autosubmit]")
    expect(form).to_have_attribute("action", reverse("set_language"))

    choose_language(page, "en")

    # Back on the same page, search included, now in English.
    expect(page).to_have_url(f"{live_server.url}{reverse('committees:tree')}?q=dang+uy")
    expect_language(page, "en")
    expect(page.get_by_role("heading", name="Party committees")).to_be_visible()
    expect(page.locator("nav.navbar").get_by_role("link", name="Overview")).to_be_visible()
    expect(page.locator("footer").get_by_text("Language", exact=True)).to_be_visible()
    expect(page.locator("#committee-search")).to_have_attribute("placeholder", "Search, with or without accents")
    expect(page.locator("#search-results a.fw-semibold")).to_have_text([tree.a.name])

    # The choice is remembered on the next pages.
    page.goto("/")
    expect_language(page, "en")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()

    choose_language(page, "vi")

    expect(page).to_have_url(f"{live_server.url}/")
    expect_language(page, "vi")
    page.goto(reverse("committees:tree"))
    expect_language(page, "vi")
