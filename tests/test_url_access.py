"""Every named URL is checked here: a new URL without a sample fails this test until it says how to reach it.

For each URL: an anonymous visitor is sent to the login page, and an officer of committee A asking for something of
the sibling committee B gets a 404 (for a URL about one object) or a page that does not mention B (for a list).
"""

import importlib.util
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Pages anyone may open. An area adds its own as ``PUBLIC = {"name": "why anyone may open it"}`` in its samples
# module (the unsubscribe link of an email, which a mail client opens without signing in): each says why.
PUBLIC = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "robots_txt",
    "set_language",
}
# URL name -> a function of the test tree giving the URL's arguments for something owned by sibling committee B
# (None, or a function returning None: a page without an object, which must then not mention B's records; such a
# function creates B's records first). Each area adds its own in a `samples_<area>.py` module beside its tests.
SAMPLES = {
    "home": None,
    "password_change": None,
    "password_change_done": None,
    "two_factor": None,
    "committees:tree": None,
    "committees:detail": lambda t: {"pk": t.b.pk},
    "committees:children": lambda t: {"pk": t.b.pk},
    "committees:headcount": lambda t: {"pk": t.b1.pk},
}
SIBLING_MARKERS = ("Ngân hàng Nhà nước", "Bí mật Sibling")


def _area_samples():
    for module_path in sorted(Path(__file__).parent.glob("**/samples_*.py")):
        spec = importlib.util.spec_from_file_location(f"url_samples_{module_path.stem}", module_path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        overlap = set(module.SAMPLES) & set(SAMPLES)
        assert not overlap, f"{module_path} repeats samples: {overlap}"
        SAMPLES.update(module.SAMPLES)
        public = getattr(module, "PUBLIC", {})
        assert all(why.strip() for why in public.values()), f"{module_path}: say why each of {set(public)} is public"
        assert not set(public) & set(SAMPLES), f"{module_path}: a URL is either public or has a sample"
        PUBLIC.update(public)


_area_samples()


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


def test_every_public_url_exists():
    assert not PUBLIC - set(named_urls()), "a URL said to be public is gone: remove it from PUBLIC"


def url_for(name, tree):
    return reverse(name, kwargs=SAMPLES[name](tree) if SAMPLES[name] else None)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_anonymous_visitors_are_sent_to_login(client, tree, name):
    url = url_for(name, tree)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_sibling_committee_officer_sees_nothing_of_it(client, tree, officer_a, name):
    client.force_login(officer_a)
    kwargs = SAMPLES[name](tree) if SAMPLES[name] else None
    response = client.get(reverse(name, kwargs=kwargs))
    if kwargs:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
    body = response.getvalue().decode(errors="replace")  # exports are binary (or streamed): their own tests look inside
    for marker in SIBLING_MARKERS:
        assert marker not in body
