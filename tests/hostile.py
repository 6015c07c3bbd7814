"""What the hostile-input tests send and where: every named URL of the application (the admin has its own tests) and
the forms its pages show, read from the pages themselves, so that a new URL or form is fuzzed as soon as it exists."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import reverse

from tests.test_url_access import PUBLIC, SAMPLES, named_urls

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


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def signature(form: dict, url: str) -> tuple:
    """What makes two forms the same target: one sent as both users is fuzzed once."""
    return form["method"], urlsplit(form["action"] or url).path, tuple(sorted(form["data"]))


def pages(client, tree, users, name):
    """Each user signed in, the page ``name`` as that user sees it, and the forms it shows."""
    url = url_of(name, tree)
    for user in users:
        client.force_login(user)
        first = client.get(url)
        assert first.status_code < 500, (name, user.username, first.status_code)
        forms = forms_of(first) if first.status_code == 200 and not first.streaming else []
        yield user, url, forms


def fields_to_fuzz(form: dict) -> list[str]:
    """The form's fields, each row of a formset after the first left out: it is the first row's fields again."""
    return sorted(name for name in form["data"] if not re.search(r"-[1-9][0-9]*-", name))


def count(request, tried: int) -> None:
    request.node.user_properties.append(("hostile_requests", tried))


# A form shown on many pages (the header's search) is fuzzed once per test process, on the first page that shows it.
fuzzed: set[tuple] = set()


def first_time(form: dict, url: str) -> bool:
    key = signature(form, url)
    if key in fuzzed:
        return False
    fuzzed.add(key)
    return True
