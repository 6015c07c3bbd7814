"""Two-step verification in the browser: an administrator is sent to set it up, scans (reads the key), confirms with
the app's code, keeps the recovery codes, opens the admin; signing in again asks for the code."""

import time
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def code_of(key: str, at: float) -> str:
    """What an authenticator app given ``key`` (base32, as the page shows it) shows at ``at``."""
    totp = TOTP(b32decode(key.replace(" ", "")), step=30, t0=0, digits=6)
    totp.time = at
    return f"{totp.token():06d}"


@pytest.fixture
def administrator(admin_user):
    admin_user.set_password(PASSWORD)
    admin_user.save()
    return admin_user


def test_an_administrator_sets_up_the_second_factor_and_signs_in_with_it(page, new_context, live_server, administrator):
    sign_in(page, "admin", next_url=reverse("admin:index"))
    expect(page).to_have_url(f"{live_server.url}{reverse('two_factor')}?required=admin")
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    key = page.locator("#two-factor-secret").inner_text()

    page.locator("input[name=otp_token]").fill(code_of(key, time.time()))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#two-factor-on")).to_be_visible()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10

    page.goto(reverse("admin:index"))
    expect(page).to_have_url(f"{live_server.url}{reverse('admin:index')}")

    page = new_context().new_page()  # another browser: signed out
    sign_in(page, "admin", next_url=reverse("admin:index"))
    expect(page).to_have_url(f"{live_server.url}{reverse('login')}?next={reverse('admin:index')}")  # no code: refused
    expect(page.locator("main form .alert-danger")).to_be_visible()

    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=otp_token]").fill(codes[0])
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('admin:index')}")
