"""The Content-Security-Policy holds and blocks nothing the application needs.

Every browser context of these tests reports ``securitypolicyviolation`` events and the browser's console, and fails
its test on a violation (see conftest). This test walks through every flow on one watched context, checks the
policy on each page, and then proves that the watcher does catch a blocked inline script and style.
"""

import time

from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import MARKER, PHONE, branch, sign_in

UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "*")


def directives(response) -> dict[str, list[str]]:
    header = response.headers.get("content-security-policy", "")
    parsed = {}
    for part in header.split(";"):
        if part.strip():
            name, *values = part.split()
            parsed[name] = values
    return parsed


def assert_strict_policy(response):
    policy = directives(response)
    assert policy, f"{response.url} has no Content-Security-Policy header"
    for name in ("default-src", "script-src", "style-src"):
        assert policy.get(name) == ["'self'"], f"{response.url}: {name} {policy.get(name)}"
        assert not set(policy[name]) & set(UNSAFE)
    assert policy.get("object-src") == ["'none'"]
    assert policy.get("frame-ancestors") == ["'none'"]


def test_the_content_security_policy_blocks_nothing_the_app_needs(new_context, live_server, officer_a, officer_tree):
    tree = officer_tree
    context = new_context()
    watch = context.csp
    page = context.new_page()
    documents = []
    page.on(
        "response",
        lambda response: documents.append(response) if response.request.resource_type == "document" else None,
    )

    # Sign in, overview.
    page.goto(reverse("login"))
    sign_in(page, "officer_a")
    expect(page).to_have_url(f"{live_server.url}/")

    # The tree, a branch loaded by htmx, a search, a committee's page and the head count form.
    page.goto(reverse("committees:tree"))
    tax = branch(page, tree.a2)
    tax.locator(":scope > details > summary").click(position=MARKER)
    expect(tax.locator(f"a[href='{tree.a2a.get_absolute_url()}']")).to_be_visible()
    page.goto(f"{reverse('committees:tree')}?q=dang+uy")
    expect(page.locator("#search-results a.fw-semibold")).to_have_count(2)
    page.goto(tree.a.get_absolute_url())
    page.goto(reverse("committees:headcount", args=[tree.a1.pk]))
    expect(page.locator("main form input[name=party_members]")).to_be_visible()
    page.goto(reverse("password_change"))

    # The language switch, submitted by app.js, both ways.
    for code in ("en", "vi"):
        with page.expect_navigation():
            page.locator("footer select#language-select").select_option(code)
        expect(page.locator("html")).to_have_attribute("lang", code)

    # The user menu (Bootstrap's JavaScript) and signing out.
    page.locator("#user-menu").click()
    with page.expect_navigation():
        page.locator(f"nav .dropdown-menu form[action='{reverse('logout')}'] button").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('login')}")

    # The phone layout: the collapsing navbar is animated by Bootstrap with inline styles set from script.
    phone_context = new_context(**PHONE)
    phone = phone_context.new_page()
    sign_in(phone, "officer_a")
    phone.locator("nav .navbar-toggler").tap()
    expect(phone.locator("#main-nav")).to_have_class("navbar-collapse collapse show")  # the animation has ended
    phone.locator("nav .navbar-toggler").tap()
    expect(phone.locator("#main-nav")).to_be_hidden()

    pages = {response.url for response in documents}
    assert len(pages) >= 8, pages
    for response in documents:
        assert_strict_policy(response)
    for watched in (watch, phone_context.csp):
        assert watched.violations == []
        assert watched.console_csp_messages == []
        assert watched.page_errors == []
        assert watched.console_errors == []  # nothing failed to load either

    # The watcher works: an inline script and an inline style added to the page are blocked and reported.
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.inlineScriptRan = true";
          document.head.append(script);
          document.body.insertAdjacentHTML("beforeend", '<p id="styled" style="color: rgb(255, 0, 0)">x</p>');
        }"""
    )
    expect(page.locator("#styled")).not_to_have_css("color", "rgb(255, 0, 0)")
    assert page.evaluate("() => window.inlineScriptRan") is None
    deadline = time.monotonic() + 5
    while len(watch.violations) < 2 and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert {violation["directive"] for violation in watch.violations} == {"script-src-elem", "style-src-attr"}
    assert len(watch.console_csp_messages) == 2
    watch.clear()
