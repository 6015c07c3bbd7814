import pytest
import time_machine
from django.urls import reverse

from committees.models import Committee

pytestmark = pytest.mark.django_db

URL = "committees:headcount"


@time_machine.travel("2026-06-15 09:00 +0700")
def test_an_officer_updates_the_head_counts_of_a_cell(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse(URL, args=[tree.a1.pk]),
        {
            "party_members": "31",
            "exempt_members": "2",
            "cadres": "45",
            "employees": "60",
            "headcount_date": "01/06/2026",
        },
    )
    assert response.status_code == 302
    cell = Committee.objects.get(pk=tree.a1.pk)
    counts = (cell.party_members, cell.exempt_members, cell.cadres, cell.employees, cell.headcount_date.isoformat())
    assert counts == (31, 2, 45, 60, "2026-06-01")
    assert Committee.objects.get(pk=tree.root.pk).subtree_exempt_members == 2
    assert cell.history.order_by("-history_id").first().history_user == officer_a


@time_machine.travel("2026-06-15 09:00 +0700")
def test_bad_input_is_explained_and_what_was_typed_is_kept(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse(URL, args=[tree.a1.pk]),
        {
            "party_members": "-3",
            "exempt_members": "0",
            "cadres": "abc",
            "employees": "60",
            "headcount_date": "31/12/2026",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"party_members", "cadres", "headcount_date"}
    assert 'value="60"' in response.text and 'value="abc"' in response.text
    assert Committee.objects.get(pk=tree.a1.pk).party_members == 25  # nothing half-saved


@time_machine.travel("2026-06-15 09:00 +0700")
def test_more_members_exempt_than_members_is_refused_and_nothing_is_saved(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse(URL, args=[tree.a1.pk]),
        {"party_members": "5", "exempt_members": "6", "cadres": "5", "employees": "5", "headcount_date": "01/06/2026"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["exempt_members"] == [
        "Số đảng viên miễn sinh hoạt không thể lớn hơn số đảng viên."
    ]
    assert 'value="6"' in response.text
    assert Committee.objects.get(pk=tree.a1.pk).party_members == 25


def test_the_date_is_read_and_shown_as_day_month_year(client, tree, officer_a):
    client.force_login(officer_a)
    Committee.objects.filter(pk=tree.a1.pk).update(headcount_date="2026-02-05")
    assert 'value="05/02/2026"' in client.get(reverse(URL, args=[tree.a1.pk])).text
    assert "05/02/2026" in client.get(reverse("committees:detail", args=[tree.a1.pk])).text


def test_leaders_read_but_cannot_update_head_counts(client, tree, leader_a):
    client.force_login(leader_a)
    assert client.get(reverse(URL, args=[tree.a1.pk])).status_code == 403
    assert client.post(reverse(URL, args=[tree.a1.pk]), {"party_members": "1"}).status_code == 403


def test_an_officer_cannot_update_a_sibling_committee(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse(URL, args=[tree.b1.pk]),
        {"party_members": "1", "exempt_members": "0", "cadres": "1", "employees": "1", "headcount_date": "01/01/2026"},
    )
    assert response.status_code == 404
    assert Committee.objects.get(pk=tree.b1.pk).party_members == 30


@pytest.mark.parametrize(
    ("members", "exempt", "refused"), [(0, 1, True), (None, 1, True), (0, 0, False), (3, 3, False)]
)
def test_a_committee_without_members_cannot_have_one_exempt(tree, members, exempt, refused):
    from django.core.exceptions import ValidationError

    tree.a1.party_members, tree.a1.exempt_members = members, exempt
    if refused:
        with pytest.raises(ValidationError) as error:
            tree.a1.clean()
        assert list(error.value.error_dict) == ["exempt_members"]
    else:
        tree.a1.clean()
