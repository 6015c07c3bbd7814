"""No form field, however hostile, is answered with a 500: every form that every named URL shows, as the bloc's staff
and as an officer, posted with each field given each hostile value in turn and the others as the page filled them
(tests/hostile.py reads the pages and holds the values)."""

import pytest
from django.urls import reverse

from tests.hostile import APP_URLS, HOSTILE, count, fields_to_fuzz, first_time, pages

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", APP_URLS)
def test_no_hostile_value_in_a_form_field_is_a_server_error(request, client, tree, bloc_staff, officer_a, name):
    tried = 0
    skipped = {reverse("logout"), reverse("set_language")}
    for user, url, forms in pages(client, tree, (bloc_staff, officer_a), name):
        for form in (f for f in forms if f["method"] == "post" and first_time(f, url)):
            action = form["action"] or url
            if action.split("?")[0] in skipped:
                continue
            for field in fields_to_fuzz(form):
                for value in HOSTILE:
                    response = client.post(action, {**form["data"], field: value})
                    tried += 1
                    assert response.status_code < 500, (name, user.username, field, repr(value[:20]))
    count(request, tried)
