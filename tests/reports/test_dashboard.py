import pytest
from django.urls import reverse

from committees.models import Totals
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_officer_sees_the_totals_of_their_subtree_only(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("home"))
    assert response.context["totals"] == Totals(committees=2, party_members=35, cadres=40, employees=50)
    assert "Ngân hàng" not in response.text


def test_bloc_staff_see_the_totals_of_the_whole_tree(client, tree, bloc_staff):
    client.force_login(bloc_staff)
    assert client.get(reverse("home")).context["totals"] == Totals(5, 75, 0, 40, 50)


def test_an_account_without_a_committee_is_told_so_and_sees_nothing(client, tree):
    client.force_login(UserFactory(username="newcomer"))
    response = client.get(reverse("home"))
    assert response.context["totals"] == Totals()
    assert response.context["scope"].nothing
    assert "Đảng" not in response.text
