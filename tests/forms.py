"""Forms read from a page as a browser would submit them, and the admin's change and add forms posted that way."""

from html.parser import HTMLParser

from django.urls import reverse


class _FormReader(HTMLParser):
    """Reads the fields of one HTML form as a browser would submit them (checked boxes, selected options)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: list[tuple[str, str]] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
                return
            self.data.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.append((name, ""))

    def handle_data(self, data):
        if self._textarea:
            name, value = self.data.pop()
            self.data.append((name, value + data))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_data(response, form_id):
    """The data of the admin form ``form_id`` in ``response``, as a dict of lists ready to post."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in reader.data:
        if value.startswith("\n"):  # a textarea's content starts after the newline that follows its tag
            value = value[1:]
        data.setdefault(name, []).append(value)
    assert data, f"no form {form_id!r} in the page"
    return data


def admin_save(client, model, obj=None, **changes) -> object:
    """Open ``model``'s admin change page (or add page, without ``obj``), change ``changes`` in its form as a user
    would and save it; returns the response (a redirect when saved)."""
    opts = model._meta
    url = (
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        if obj is not None
        else reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    )
    data = form_data(client.get(url), f"{opts.model_name}_form")
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else ["" if value is None else str(value)]
    data["_save"] = ["Save"]
    return client.post(url, data)


def admin_delete(client, obj):
    opts = obj._meta
    return client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk]), {"post": "yes"})
