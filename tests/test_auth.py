import email
import re
from email import policy
from email.message import EmailMessage

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications import outbox
from notifications.models import Delivery

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def sign_in(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_signing_in_changes_the_session_id_and_lands_on_the_overview(client, officer_a):
    client.get(reverse("login"))
    client.session["probe"] = 1
    before = client.session.session_key
    response = sign_in(client, "officer_a")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session.session_key != before


def test_a_wrong_password_says_so_and_keeps_the_username(client, officer_a):
    response = sign_in(client, "officer_a", "wrong")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="officer_a"' in response.text


def test_five_failures_lock_the_username_and_address_pair_for_fifteen_minutes(client, officer_a):
    with time_machine.travel("2026-03-02 08:00 +0700", tick=False) as traveller:
        for _ in range(4):
            assert sign_in(client, "officer_a", "wrong").status_code == 200
        assert sign_in(client, "officer_a", "wrong").status_code == 429  # the fifth failure locks
        locked = sign_in(client, "officer_a")  # even the right password is refused now
        assert locked.status_code == 429
        assert "15" in locked.text
        assert "_auth_user_id" not in client.session

        # The same username from another address is not locked: nobody can lock an officer out from afar.
        assert sign_in(client, "officer_a", ip="10.0.0.2").status_code == 302
        client.logout()

        traveller.shift(15 * 60 + 1)
        assert sign_in(client, "officer_a").status_code == 302


def test_sign_out_is_a_post_and_ends_the_session(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_sessions_end_after_thirty_idle_minutes(client, officer_a, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    with time_machine.travel("2026-03-02 08:00 +0700", tick=False) as traveller:
        sign_in(client, "officer_a")
        traveller.shift(29 * 60)
        assert client.get(reverse("home")).status_code == 200  # activity renews the idle limit
        traveller.shift(29 * 60)
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(31 * 60)
        assert client.get(reverse("home")).status_code == 302


def test_sessions_end_twelve_hours_after_sign_in_however_active(client, officer_a):
    with time_machine.travel("2026-03-02 08:00 +0700", tick=False) as traveller:
        sign_in(client, "officer_a")
        for _ in range(24):  # a request every 25 minutes for 10 hours
            traveller.shift(25 * 60)
            assert client.get(reverse("home")).status_code == 200
        traveller.shift(2 * 60 * 60 + 60)
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_cookies_are_httponly_and_samesite_lax(client, officer_a):
    response = sign_in(client, "officer_a")
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_every_page_carries_a_content_security_policy_without_inline_scripts(client, officer_a):
    for url in (reverse("login"), reverse("healthz")):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    client.force_login(officer_a)
    body = client.get(reverse("committees:tree")).text
    assert not re.search(r"<script(?![^>]*\bsrc=)", body), "inline <script> found"
    assert not re.search(r"\son[a-z]+=", body), "inline event handler found"


def test_password_change_requires_the_old_password(client, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
    )
    assert response.status_code == 200 and "old_password" in response.context["form"].errors
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Mat-khau-moi-2026")


def resets() -> list[EmailMessage]:
    """The reset emails sent, as the recipient's mail program reads them (the outbox's tick may send others that
    are due, such as the monthly digest)."""
    read = [email.message_from_bytes(m.message().as_bytes(), policy=policy.default) for m in mail.outbox]
    return [message for message in read if "mật khẩu" in message["Subject"].lower()]


def test_password_reset_sends_a_vietnamese_email_with_a_working_link(
    client, officer_a, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://tuyengiao.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": officer_a.email})
    assert response.status_code == 302
    [message] = resets()
    assert officer_a.email in message["To"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "officer_a" in text and "24" in text
    assert "https://tuyengiao.example/accounts/reset/" in html
    link = re.search(r"https://tuyengiao\.example(/accounts/reset/\S+/)", text).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"}
    )
    assert done.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Mat-khau-moi-2026")


def test_the_reset_email_is_the_outboxs_not_the_requests(client, officer_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as started:
        for _ in range(3):  # asked again and again: one email
            client.post(reverse("password_reset"), {"email": officer_a.email.upper()})
    [delivery] = Delivery.objects.filter(kind="password_reset")
    assert (delivery.user, delivery.state, mail.outbox) == (officer_a, Delivery.State.DUE, [])
    for callback in started:  # what the worker does once the request has committed
        callback()
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT and len(resets()) == 1


def test_a_reset_email_no_longer_wanted_when_it_is_sent_is_skipped(client, officer_a, settings):
    client.post(reverse("password_reset"), {"email": officer_a.email})
    officer_a.is_active = False
    officer_a.save(update_fields=["is_active"])
    outbox.send_due(timezone.now())
    assert Delivery.objects.get(kind="password_reset").state == Delivery.State.SKIPPED
    assert mail.outbox == []


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@tuyengiao.example"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_the_interface_is_vietnamese_even_for_an_english_browser(client, db):
    response = client.get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in response.text


def test_the_language_switch_is_remembered(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get(reverse("login")).text
    client.post(reverse("set_language"), {"language": "vi", "next": reverse("login")})
    assert '<html lang="vi">' in client.get(reverse("login")).text


@pytest.mark.parametrize(
    "proxies, forwarded, address",
    [
        (0, None, "127.0.0.1"),
        (0, "203.0.113.9", "127.0.0.1"),  # without proxies, the header is the client's own words
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "10.6.6.6, 203.0.113.9", "203.0.113.9"),  # what the client sent itself stays left of the proxy's entry
        (2, "10.6.6.6, 203.0.113.9, 192.0.2.1", "203.0.113.9"),
        (1, None, "127.0.0.1"),  # no header: the proxy stands for the client (more throttling, never less)
        (1, "not-an-address", "127.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies_only(rf, settings, proxies, forwarded, address):
    from core.addresses import client_address

    settings.PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client_address(rf.get("/", REMOTE_ADDR="127.0.0.1", **headers)) == address
