"""The committee tree: browsing branches loaded by htmx, searching without accents, and using it on a phone."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import MARKER, PHONE, SIBLING_NAMES, branch, sign_in


def horizontal_overflow(page) -> tuple[int, int]:
    return page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")


def assert_no_horizontal_scroll(page):
    scroll_width, client_width = horizontal_overflow(page)
    assert scroll_width <= client_width, f"{page.url} scrolls sideways: {scroll_width}px wide in {client_width}px"


def test_an_officer_browses_their_tree_and_never_sees_the_sibling_committee(page, live_server, officer_a, officer_tree):
    tree = officer_tree
    sign_in(page, "officer_a")
    page.goto(reverse("committees:tree"))

    # Their own committee is the root of their tree, open, with its children rendered in the page.
    roots = page.locator("ul.tree > li > details")
    expect(roots).to_have_count(1)
    expect(roots.first).to_have_attribute("open", "")
    expect(page.locator("ul.tree > li > a")).to_have_text(tree.a.name)
    expect(page.locator("ul.tree > li > ul > li.leaf > a")).to_have_text([tree.a1.name])

    # A branch with children is closed; they load through htmx the first time it opens, and only then.
    tax = branch(page, tree.a2)
    expect(tax.locator(":scope > details")).not_to_have_attribute("open", "")
    expect(tax.locator(f"a[href='{tree.a2a.get_absolute_url()}']")).to_have_count(0)
    children_url = reverse("committees:children", args=[tree.a2.pk])
    with page.expect_response(lambda response: response.url.endswith(children_url)) as loaded:
        tax.locator(":scope > details > summary").click(position=MARKER)
    assert loaded.value.ok
    assert loaded.value.request.headers.get("hx-request") == "true"
    expect(tax.locator(":scope > details")).to_have_attribute("open", "")
    child = tax.locator(f":scope > ul a[href='{tree.a2a.get_absolute_url()}']")
    expect(child).to_have_text(tree.a2a.name)
    expect(child).to_be_visible()

    requests = []
    page.on("request", lambda request: requests.append(request.url) if children_url in request.url else None)
    tax.locator(":scope > details > summary").click(position=MARKER)
    expect(child).to_be_hidden()
    tax.locator(":scope > details > summary").click(position=MARKER)
    expect(child).to_be_visible()
    assert requests == [], "reopening a branch must not load its children again"

    content = page.content()
    for name in SIBLING_NAMES:
        assert name not in content

    # The child's link leads to its page.
    child.click()
    expect(page).to_have_url(f"{live_server.url}{tree.a2a.get_absolute_url()}")
    expect(page.locator("main h1")).to_have_text(tree.a2a.name)


def test_searching_without_accents_finds_committees_in_scope_only(page, officer_a, officer_tree):
    tree = officer_tree
    sign_in(page, "officer_a")
    page.goto(reverse("committees:tree"))

    search = page.locator("#committee-search")
    search.press_sequentially("dang uy")
    with page.expect_navigation():
        search.press("Enter")

    expect(page.locator("#committee-search")).to_have_value("dang uy")
    results = page.locator("#search-results .list-group-item a.fw-semibold")
    expect(results).to_have_text([tree.a.name, tree.a2.name])
    for name in SIBLING_NAMES:
        assert name not in page.content()

    # A result deeper in the tree shows the path to it, within the officer's scope.
    page.locator("#committee-search").fill("chi bo phong ke khai")
    with page.expect_navigation():
        page.locator("#committee-search").press("Enter")
    expect(results).to_have_text([tree.a2a.name])
    expect(page.locator("#search-results .list-group-item div.small")).to_have_text(f"{tree.a.name} › {tree.a2.name}")

    # The sibling committee does not exist for this officer, with or without accents.
    for query in ("Ngân hàng Nhà nước", "ngan hang nha nuoc", "bi mat sibling"):
        page.locator("#committee-search").fill(query)
        with page.expect_navigation():
            page.locator("#committee-search").press("Enter")
        expect(page.locator("#committee-search")).to_have_value(query)
        expect(page.locator("#search-results .list-group-item")).to_have_count(1)
        expect(results).to_have_count(0)
        for name in SIBLING_NAMES:
            assert name not in page.content()


def test_on_a_phone_the_navbar_collapses_and_the_tree_stays_usable(new_context, live_server, officer_a, officer_tree):
    tree = officer_tree
    page = new_context(**PHONE).new_page()
    page.goto(reverse("login"))
    assert_no_horizontal_scroll(page)
    sign_in(page, "officer_a")
    assert_no_horizontal_scroll(page)

    # The navigation hides behind the toggler and opens with a tap.
    toggler = page.locator("nav.navbar .navbar-toggler")
    menu = page.locator("#main-nav")
    expect(toggler).to_be_visible()
    expect(menu).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    toggler.tap()
    expect(menu).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    tree_link = menu.locator(f"a.nav-link[href='{reverse('committees:tree')}']")
    expect(tree_link).to_be_visible()
    assert_no_horizontal_scroll(page)

    with page.expect_navigation():
        tree_link.tap()
    expect(page).to_have_url(f"{live_server.url}{reverse('committees:tree')}")
    expect(menu).to_be_hidden()
    expect(page.locator("#committee-search")).to_be_visible()
    assert_no_horizontal_scroll(page)

    # Tapping the marker opens a branch; its children load and can be followed.
    tax = branch(page, tree.a2)
    tax.locator(":scope > details > summary").tap(position=MARKER)
    child = tax.locator(f":scope > ul a[href='{tree.a2a.get_absolute_url()}']")
    expect(child).to_be_visible()
    assert_no_horizontal_scroll(page)
    with page.expect_navigation():
        child.tap()
    expect(page.locator("main h1")).to_have_text(tree.a2a.name)
    assert_no_horizontal_scroll(page)

    # Searching works from the phone too.
    page.goto(reverse("committees:tree"))
    page.locator("#committee-search").fill("dang uy")
    with page.expect_navigation():
        page.locator("#committee-search").press("Enter")
    expect(page.locator("#search-results .list-group-item a.fw-semibold")).to_have_text([tree.a.name, tree.a2.name])
    assert_no_horizontal_scroll(page)

    # The committee page, with its tables, fits as well.
    page.goto(tree.a.get_absolute_url())
    expect(page.locator("main h1")).to_have_text(tree.a.name)
    assert_no_horizontal_scroll(page)
