"""No input, however hostile, is answered with a 500: every named URL of the application (the admin has its own
tests), every query parameter its pages' forms send and every field of every form they show, each given hostile
values — NUL bytes, numbers too large or negative, dates out of range, digits that are not ASCII, 100 kB strings,
right-to-left and zero-width characters, wrong types — as the bloc's staff and as an officer. A new URL or form is
fuzzed as soon as it exists: the pages are read, not listed here."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.test_url_access import PUBLIC, SAMPLES, named_urls

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "99999999999999999999999999999",
    "1e309",
    "²",
    "١٢٣",
    "9999-12",
    "0001-01",
    "31/12/9999",
    "00/00/0000",
    "2026-13-45",
    "x" * 100_000,
    "\u202eevil",
    "\u200b\u200b",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{}",
]
# Parameters the lists and reports take from links (not only from their forms).
LINK_PARAMETERS = ["page", "q", "month", "committee", "sort", "format", "when", "state", "by", "order", "next"]
SKIPPED = {"logout", "set_language", "password_reset", "password_reset_done", "password_reset_complete"}


class Forms(HTMLParser):
    """The forms of a page: method, action and the fields with the values a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "data": {}}
            )
        if not self.forms or "disabled" in attrs:
            return
        data, name = self.forms[-1]["data"], attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file", "image", "reset"}:
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                data.setdefault(name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
        elif tag in {"select", "textarea"} and name:
            data.setdefault(name, "")
            self._select = name if tag == "select" else None
        elif tag == "option" and self._select and "selected" in attrs:
            self.forms[-1]["data"][self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_of(response) -> list[dict]:
    reader = Forms()
    reader.feed(response.content.decode(errors="replace"))
    return reader.forms


APP_URLS = sorted(set(named_urls()) - SKIPPED - (PUBLIC - {"login"}))


def url_of(name: str, tree) -> str:
    sample = SAMPLES.get(name)
    return reverse(name, kwargs=sample(tree) if sample else None)


@pytest.mark.parametrize("name", sorted(n for n in APP_URLS if SAMPLES.get(n) and n != "login"))
def test_an_identifier_too_large_for_the_database_is_not_found(client, tree, bloc_staff, name):
    kwargs = SAMPLES[name](tree)
    if not kwargs:
        return
    client.force_login(bloc_staff)
    for huge in (2**63, 10**30):
        response = client.get(reverse(name, kwargs=dict.fromkeys(kwargs, huge)))
        assert response.status_code == 404, (name, huge, response.status_code)


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("name", APP_URLS)
def test_no_hostile_value_in_a_parameter_or_a_field_is_a_server_error(
    request, client, tree, bloc_staff, officer_a, name
):
    tried = 0
    url = url_of(name, tree)
    for user in (bloc_staff, officer_a):
        client.force_login(user)
        first = client.get(url)
        assert first.status_code < 500, (name, first.status_code)
        forms = forms_of(first) if first.status_code == 200 and not first.streaming else []
        parameters = set(LINK_PARAMETERS)
        for form in forms:
            if form["method"] == "get":
                parameters |= set(form["data"])
        for parameter in sorted(parameters):
            for value in HOSTILE:
                response = client.get(url, {parameter: value})
                body_of(response)
                tried += 1
                assert response.status_code < 500, (name, user.username, parameter, repr(value[:20]))
        for form in (f for f in forms if f["method"] == "post"):
            action = form["action"] or url
            if urlsplit(action).path in {reverse("logout"), reverse("set_language")}:
                continue
            for field in sorted(form["data"]):
                for value in HOSTILE:
                    response = client.post(action, {**form["data"], field: value})
                    tried += 1
                    assert response.status_code < 500, (name, user.username, field, repr(value[:20]))
    request.node.user_properties.append(("hostile_requests", tried))
