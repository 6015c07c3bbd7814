"""Browser tests: a real Chromium driven by Playwright against pytest-django's live server.

One browser per test module (started on first use, so a missing chromium still skips through ``chromium_path``), a
fresh context (cookies, storage, viewport) per test. Every context watches for Content-Security-Policy violations;
a test that caused one fails at teardown.

The pages are Vietnamese-first and their translations change independently of these tests, so the tests find
elements by URL, name, id and role, and check translated text only in English or through ``gettext`` itself.
"""

import os
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from committees.models import Committee
from tests.factories import make_committee

# Playwright's sync API runs an event loop in this thread; the ORM calls of fixtures and tests would otherwise be
# refused as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORD = "correct-horse-battery"
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)  # for assertions, as the contexts below set it for actions and navigations
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}

# A point inside a branch's ▸ marker (its <summary>): clicking there opens the branch.
MARKER = {"x": 6, "y": 10}

# Names of the sibling branch (committee B and its cell), which officer A must never see.
SIBLING_NAMES = ("Đảng ủy Ngân hàng Nhà nước", "Chi bộ Vụ Bí mật Sibling")

# Reports every securitypolicyviolation event to the test. Init scripts and bindings are not subject to the
# page's policy, so the watcher itself cannot cause a violation.
_CSP_WATCHER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__e2eCspViolation({
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    page: document.location.href,
  });
}, true);
"""


@dataclass
class CspWatch:
    """What a browser context reported about the Content-Security-Policy and about errors."""

    violations: list[dict] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    @property
    def console_csp_messages(self) -> list[str]:
        return [text for text in self.console if "Content Security Policy" in text]

    def problems(self) -> list:
        return [*self.violations, *self.console_csp_messages]

    def clear(self) -> None:
        for collected in (self.violations, self.console, self.console_errors, self.page_errors):
            collected.clear()


@pytest.fixture(scope="module")
def _browser_holder():
    """Playwright and its browser for one test module, started by the first test that needs them."""
    holder = {}
    yield holder
    if "browser" in holder:
        holder["browser"].close()
    if "playwright" in holder:
        holder["playwright"].stop()


@pytest.fixture
def browser(_browser_holder, chromium_path):
    if "browser" not in _browser_holder:
        from playwright.sync_api import sync_playwright

        _browser_holder["playwright"] = sync_playwright().start()
        _browser_holder["browser"] = _browser_holder["playwright"].chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS
        )
    return _browser_holder["browser"]


@pytest.fixture
def new_context(browser, live_server):
    """Opens a fresh browser context on the live server, watched for CSP violations; closed after the test.

    Returns the context, whose ``csp`` attribute is its :class:`CspWatch`. Its browser asks for Vietnamese unless
    ``locale`` says otherwise.
    """
    contexts = []

    def open_context(**options):
        options.setdefault("locale", "vi-VN")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        watch = CspWatch()
        context.expose_binding("__e2eCspViolation", lambda source, report: watch.violations.append(report))
        context.add_init_script(_CSP_WATCHER)

        def on_console(message):
            text = f"{message.type}: {message.text} ({message.location.get('url') or '?'})"
            watch.console.append(text)
            if message.type == "error":
                watch.console_errors.append(text)

        context.on("console", on_console)
        context.on("weberror", lambda error: watch.page_errors.append(str(error.error)))
        context.csp = watch
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    violations = [problem for context in contexts for problem in context.csp.problems()]
    errors = [error for context in contexts for error in context.csp.page_errors]
    assert not violations, f"Content-Security-Policy violations: {violations}"
    assert not errors, f"uncaught JavaScript errors: {errors}"


@pytest.fixture
def page(new_context):
    """A page in a fresh desktop-sized context."""
    return new_context().new_page()


@pytest.fixture
def officer_tree(tree):
    """The personas' tree, with one more level under committee A so that A has a branch loaded on demand.

    Đảng ủy Bộ Tài chính (A)
    ├── Chi bộ Vụ Tổng hợp (A1)
    └── Đảng ủy Cục Thuế (A2)             a <details> branch, its children loaded by htmx
        └── Chi bộ Phòng Kê khai (A2a)
    """
    tree.a2 = make_committee(
        tree.a, code="A2", name="Đảng ủy Cục Thuế", kind=Committee.Kind.UPPER_GRASSROOTS, party_members=4
    )
    tree.a2a = make_committee(tree.a2, code="A2a", name="Chi bộ Phòng Kê khai", party_members=12)
    return tree


def sign_in(page, username: str, password: str = PASSWORD, next_url: str = "/"):
    """Signs in through the login form, as a person would, and returns the response to the form's POST."""
    page.goto(f"{reverse('login')}?next={next_url}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()
    return navigation.value


def branch(page, committee):
    """The <li> of a committee's branch in the tree: its <details> (the ▸ marker), its link, its children's list."""
    return page.locator("ul.tree li.branch").filter(
        has=page.locator(f":scope > a[href='{committee.get_absolute_url()}']")
    )


def admin_page(new_context, live_server, admin_client):
    """A page of a browser signed in as ``admin_client``'s verified administrator (the admin asks a second factor:
    its session is handed over rather than typed again)."""
    admin_client.get("/admin/")
    context = new_context()
    cookie = admin_client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context, context.new_page()
