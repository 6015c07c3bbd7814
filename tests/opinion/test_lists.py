"""Every list behaves alike: a page past the end (a bookmark, a list that shrank) shows the last page, and a page
number that is not one shows the first; never a 404 or a 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = [
    "opinion:collaborator_list",
    "opinion:training_list",
    "opinion:briefing_list",
    "opinion:report_list",
    "opinion:report_status",
    "opinion:hotspot_list",
    "opinion:concern_list",
    "opinion:concern_overdue",
    "opinion:concern_mine",
    "opinion:dialogue_list",
]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("page", ["999999", "0", "-3", "abc", "²", "1e3", ""])
def test_any_page_number_shows_a_page_of_the_list(client, officer_a, name, page):
    client.force_login(officer_a)
    response = client.get(reverse(name), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1  # the list is one page long: the last page is the first
