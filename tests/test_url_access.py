"""Every named URL is checked here: a new URL without a sample fails this test until it says how to reach it.

For each URL: an anonymous visitor is sent to the login page, and an officer of committee A asking for something of
the sibling committee B gets a 404 (for a URL about one object) or a page that does not mention B (for a list).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Pages anyone may open.
PUBLIC = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "set_language",
}
# URL name -> the arguments that point at something of sibling committee B (None: a page without an object).
SAMPLES = {
    "home": None,
    "password_change": None,
    "password_change_done": None,
    "committees:tree": None,
    "committees:detail": lambda t: {"pk": t.b.pk},
    "committees:children": lambda t: {"pk": t.b.pk},
    "committees:headcount": lambda t: {"pk": t.b1.pk},
}
SIBLING_MARKERS = ("Ngân hàng Nhà nước", "Vụ Bí mật Sibling")


def named_urls(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if ns == "admin:":
                continue  # the admin has its own login and is tested in test_admin
            yield from named_urls(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_named_url_has_a_sample_or_is_public():
    missing = sorted(set(named_urls()) - PUBLIC - set(SAMPLES))
    assert not missing, f"add these URLs to SAMPLES or PUBLIC in {__file__}: {missing}"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_anonymous_visitors_are_sent_to_login(client, tree, name):
    url = reverse(name, kwargs=SAMPLES[name](tree) if SAMPLES[name] else None)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_sibling_committee_officer_sees_nothing_of_it(client, tree, officer_a, name):
    client.force_login(officer_a)
    url = reverse(name, kwargs=SAMPLES[name](tree) if SAMPLES[name] else None)
    response = client.get(url)
    if SAMPLES[name]:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
    body = response.content.decode()
    for marker in SIBLING_MARKERS:
        assert marker not in body
