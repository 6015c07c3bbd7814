"""Two-step verification: required for the admin, offered to every user, with recovery codes."""

import re
import time

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import verified

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def sign_in(client, username, code=""):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD, "otp_token": code})


def set_up(client, user) -> list[str]:
    """Open the page, read nothing but what it shows, confirm with the app's code; the recovery codes shown."""
    page = client.get(reverse("two_factor"))
    assert "<svg" in page.text and page.context["secret"]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url
    done = client.post(reverse("two_factor"), {"otp_token": current_code(device)})
    assert done.status_code == 200 and "two-factor-on" in done.text
    return re.findall(r'<li class="col">([^<]+)</li>', done.text)


@pytest.fixture
def admin(admin_user):
    admin_user.set_password(PASSWORD)
    admin_user.save()
    return admin_user


def test_an_administrator_without_a_second_factor_is_sent_to_set_it_up_then_gets_in(client, admin):
    assert sign_in(client, "admin").status_code == 302
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('two_factor')}?required=admin"
    assert response.context["required"] and "alert-warning" in response.text
    codes = set_up(client, admin)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("admin:index")).status_code == 200


def test_with_a_second_factor_the_password_alone_does_not_sign_in(client, admin):
    device = TOTPDevice.objects.create(user=admin, name="default", confirmed=True)
    for code in ("", "000000", "abc"):
        response = sign_in(client, "admin", code)
        assert response.status_code == 200 and "_auth_user_id" not in client.session
        assert response.context["form"].errors
    # Each wrong code makes the next wait longer (1, 2, 4… s): the moment has come for the right one.
    device.refresh_from_db()
    assert device.throttling_failure_count > 0
    device.throttle_reset()
    assert sign_in(client, "admin", current_code(device)).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_recovery_code_signs_in_once(client, admin):
    client.force_login(admin)
    codes = set_up(client, admin)
    client.logout()
    assert sign_in(client, "admin", codes[0]).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    client.logout()
    assert sign_in(client, "admin", codes[0]).status_code == 200  # used
    StaticDevice.objects.get(user=admin).throttle_reset()  # the wait a wrong code imposes, passed
    assert sign_in(client, "admin", codes[1].upper()).status_code == 302


def test_a_session_signed_in_before_the_factor_existed_must_sign_in_again_for_the_admin(client, admin):
    client.force_login(admin)  # signed in with the password alone, before any device
    TOTPDevice.objects.create(user=admin, name="default", confirmed=True)  # set up in another session
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_every_user_may_turn_it_on_and_then_signs_in_with_it(client, officer_a):
    officer_a.set_password(PASSWORD)
    officer_a.save()
    client.force_login(officer_a)
    assert reverse("two_factor") in client.get(reverse("password_change")).text  # offered where passwords are
    set_up(client, officer_a)
    client.logout()
    assert sign_in(client, "officer_a").status_code == 200
    device = TOTPDevice.objects.get(user=officer_a)
    assert sign_in(client, "officer_a", current_code(device)).status_code == 200  # used to confirm: never twice
    with time_machine.travel(time.time() + device.step, tick=False):  # the app's next code
        assert sign_in(client, "officer_a", current_code(device)).status_code == 302
    # An officer is not staff: a second factor opens no administration, and says so (no loop back to sign-in).
    assert client.get(reverse("admin:index"), follow=True).status_code == 403


def test_new_recovery_codes_replace_the_old_ones(client, admin):
    verified(client, admin)
    first = client.post(reverse("two_factor"), {"action": "recovery"})
    second = client.post(reverse("two_factor"), {"action": "recovery"})
    old = re.findall(r'<li class="col">([^<]+)</li>', first.text)
    new = re.findall(r'<li class="col">([^<]+)</li>', second.text)
    assert len(old) == len(new) == 10 and not set(old) & set(new)
    client.logout()
    assert sign_in(client, "admin", old[0]).status_code == 200
    StaticDevice.objects.get(user=admin).throttle_reset()
    assert sign_in(client, "admin", new[0]).status_code == 302


def test_a_wrong_confirmation_code_keeps_it_off(client, officer_a):
    client.force_login(officer_a)
    client.get(reverse("two_factor"))
    response = client.post(reverse("two_factor"), {"otp_token": "123"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not TOTPDevice.objects.filter(user=officer_a, confirmed=True).exists()
