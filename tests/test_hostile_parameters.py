"""No query parameter, however hostile, is answered with a 500: on every named URL, as the bloc's staff and as an
officer, the parameters lists and reports take from links are sent hostile values all at once, and each field of the
page's search and filter forms one at a time (tests/hostile.py reads the pages and holds the values)."""

import pytest
from django.urls import reverse

from tests.hostile import APP_URLS, HOSTILE, LINK_PARAMETERS, SAMPLES, body_of, count, fields_to_fuzz, first_time, pages

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(n for n in APP_URLS if SAMPLES.get(n) and n != "login"))
def test_an_identifier_too_large_for_the_database_is_not_found(client, tree, bloc_staff, name):
    kwargs = SAMPLES[name](tree)
    if not kwargs:
        return
    client.force_login(bloc_staff)
    # reverse() refuses what the URL does not accept: build the URL with a marker, then put the huge id in its place.
    marker = "987654321987654321"
    url = reverse(name, kwargs=dict.fromkeys(kwargs, marker))
    for huge in (2**63, 10**30):
        response = client.get(url.replace(marker, str(huge)))
        assert response.status_code == 404, (name, huge, response.status_code)


@pytest.mark.parametrize("name", APP_URLS)
def test_no_hostile_value_in_a_query_parameter_is_a_server_error(request, client, tree, bloc_staff, officer_a, name):
    tried = 0
    for user, url, forms in pages(client, tree, (bloc_staff, officer_a), name):
        for value in HOSTILE:
            response = client.get(url, dict.fromkeys(LINK_PARAMETERS, value))
            body_of(response)
            tried += 1
            assert response.status_code < 500, (name, user.username, "link parameters", repr(value[:20]))
        for form in (f for f in forms if f["method"] == "get" and first_time(f, url)):
            action = form["action"] or url
            for parameter in fields_to_fuzz(form):
                for value in HOSTILE:
                    response = client.get(action, {**form["data"], parameter: value})
                    body_of(response)
                    tried += 1
                    assert response.status_code < 500, (name, user.username, parameter, repr(value[:20]))
    count(request, tried)
