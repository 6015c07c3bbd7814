"""Everyone's email settings (language, monthly digest) and the one-click unsubscribe link of the digest."""

import re
from datetime import date

import pytest
from django.core import signing
from django.urls import reverse

from notifications.messages import UNSUBSCRIBE_SALT, unsubscribe_token
from notifications.models import Preference
from tests.factories import UserFactory
from tests.notifications.conftest import local, send_at, text_of

pytestmark = pytest.mark.django_db
URL = reverse("notifications:preferences")


@pytest.fixture(autouse=True)
def _digest_mail_only(settings):
    settings.NOTIFICATION_KINDS = ["reports.digest.MonthlyDigest"]


def preference(user) -> Preference | None:
    return Preference.objects.filter(user=user).first()


# --- the settings page -------------------------------------------------------------------------------------------


def test_the_settings_page_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.post(URL, {"language": "en"}).status_code == 302
    assert not Preference.objects.exists()


def test_the_settings_page_shows_the_defaults_without_saving_anything(client, officer_a):
    client.force_login(officer_a)
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["language"].value(), form["monthly_digest"].value()) == ("vi", True)
    assert "officer_a@tuyengiao.example" in response.content.decode()
    assert not Preference.objects.exists()  # reading the page writes nothing


def test_the_settings_page_saves_the_language_and_the_digest_of_the_signed_in_person(client, officer_a, leader_a):
    Preference.objects.create(user=leader_a, language="vi", monthly_digest=True)
    client.force_login(officer_a)
    response = client.post(URL, {"language": "en", "user": leader_a.pk}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "Đã lưu thiết lập email của đồng chí." in response.content.decode()
    mine = preference(officer_a)
    assert (mine.language, mine.monthly_digest) == ("en", False)  # an unticked box is "no"
    assert (preference(leader_a).language, preference(leader_a).monthly_digest) == ("vi", True)
    page = client.get(URL)
    assert (page.context["form"]["language"].value(), page.context["form"]["monthly_digest"].value()) == ("en", False)

    client.post(URL, {"language": "vi", "monthly_digest": "on"})
    mine.refresh_from_db()
    assert (mine.language, mine.monthly_digest) == ("vi", True)
    assert Preference.objects.count() == 2


def test_the_settings_page_keeps_the_input_when_it_is_invalid(client, officer_a):
    Preference.objects.create(user=officer_a, language="en", monthly_digest=True)
    client.force_login(officer_a)
    response = client.post(URL, {"language": "klingon"})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["language"]
    assert form["monthly_digest"].value() is False  # as sent, not as saved
    assert form["language"].value() == "klingon"
    assert (preference(officer_a).language, preference(officer_a).monthly_digest) == ("en", True)


def test_the_settings_page_costs_the_same_few_queries_with_or_without_saved_settings(
    client, officer_a, django_assert_max_num_queries
):
    client.force_login(officer_a)
    client.get(URL)  # the first request fills per-process caches
    # The session, the user, their profile (whose menu, the staff's or a collaborator's), their settings, and the
    # session's save (with its savepoint) at most.
    with django_assert_max_num_queries(7, info="the settings page, nothing saved yet"):
        assert client.get(URL).status_code == 200
    Preference.objects.create(user=officer_a, language="en", monthly_digest=False)
    for n in range(20):
        Preference.objects.create(user=UserFactory(username=f"someone{n}"))
    with django_assert_max_num_queries(7, info="the settings page, saved"):
        response = client.get(URL)
    assert response.context["form"]["language"].value() == "en"


# --- unsubscribing from the digest -------------------------------------------------------------------------------


def unsubscribe_link(sink, address: str) -> str:
    """The link of the digest that ``address`` received, as a path."""
    [message] = [m for m in sink.messages() if address in str(m["To"])]
    header = message["List-Unsubscribe"].strip()
    assert header.startswith("<http://127.0.0.1:8000/") and header.endswith(">")
    assert header[1:-1] in text_of(message)  # the same link in the footer
    return header[len("<http://127.0.0.1:8000") : -1]


@pytest.fixture
def link(officer_a, leader_a, sink):
    """officer_a's unsubscribe link, from a real digest."""
    send_at(local(date(2026, 12, 1), 7, 0))
    return unsubscribe_link(sink, "officer_a@tuyengiao.example")


def test_opening_the_link_asks_to_confirm_and_changes_nothing(client, officer_a, link):
    response = client.get(link)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ngừng gửi bản tin tổng hợp hằng tháng cho Nguyễn An?" in body
    assert re.search(r'<form method="post"', body)
    assert not Preference.objects.exists()  # a link scanner opening it changes nothing


def test_a_one_click_post_turns_the_digest_off_without_sign_in_or_csrf_token(officer_a, leader_a, link):
    from django.test import Client

    mail_client = Client(enforce_csrf_checks=True)  # as a mail client posts it (RFC 8058): no cookie, no token
    Preference.objects.create(user=officer_a, language="en")
    response = mail_client.post(link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert (preference(officer_a).monthly_digest, preference(officer_a).language) == (False, "en")
    assert preference(leader_a) is None  # nobody else's

    mail_client.post(link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert preference(officer_a).monthly_digest is False  # twice is harmless


def test_after_unsubscribing_no_digest_comes(client, officer_a, link, sink):
    assert client.post(link).status_code == 200
    assert preference(officer_a).monthly_digest is False
    sink.clear()
    send_at(local(date(2027, 1, 4), 7, 0))
    assert "officer_a@tuyengiao.example" not in {str(m["To"]) for m in sink.messages()}
    assert sink.count() == 1  # leader_a still gets theirs


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="signature"),
        pytest.param(lambda token: token.split(":", 1)[0][:-2] + "xx:" + token.split(":", 1)[1], id="payload"),
        pytest.param(lambda token: "not-a-token", id="garbage"),
    ],
)
def test_a_tampered_link_is_not_found(client, officer_a, link, tamper):
    token = link.rstrip("/").rsplit("/", 1)[1]
    url = reverse("notifications:unsubscribe", args=[tamper(token)])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Preference.objects.exists()


def test_a_link_for_another_kind_of_mail_or_another_purpose_is_not_found(client, officer_a):
    for token in [
        unsubscribe_token(officer_a.pk, "language"),
        signing.dumps({"u": officer_a.pk, "p": "monthly_digest"}, salt="another.purpose"),
        signing.dumps({"u": officer_a.pk, "p": "monthly_digest"}, salt=UNSUBSCRIBE_SALT)[::-1],
    ]:
        assert client.post(reverse("notifications:unsubscribe", args=[token])).status_code == 404
    assert not Preference.objects.exists()


def test_the_link_of_a_closed_account_is_not_found(client, officer_a, link):
    officer_a.is_active = False
    officer_a.save(update_fields=["is_active"])
    assert client.get(link).status_code == 404
