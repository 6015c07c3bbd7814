import pytest
from django.urls import reverse

from committees.models import Committee
from tests.factories import make_committee

pytestmark = pytest.mark.django_db


def grow(tree, factor=10):
    """Ten times more children and grandchildren under A, so query counts can be compared."""
    for i in range(factor):
        child = make_committee(tree.a, code=f"A-G{i}", name=f"Đảng bộ cơ sở {i}", kind=Committee.Kind.UPPER_GRASSROOTS)
        make_committee(child, code=f"A-G{i}-1", name=f"Chi bộ {i}", party_members=i)


def test_the_tree_shows_the_officers_committee_with_subtree_counts(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("committees:tree"))
    assert response.status_code == 200
    assert "Đảng ủy Bộ Tài chính" in response.text
    assert "Chi bộ Vụ Tổng hợp" in response.text
    [child] = response.context["roots"][0].children
    assert (child.code, child.subtree_totals) == ("A1", (1, 25, 0, 40, 50))


def test_opening_a_branch_loads_its_children_with_their_subtree_totals(client, tree, bloc_staff):
    client.force_login(bloc_staff)
    response = client.get(reverse("committees:children", args=[tree.root.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200
    totals = {c.code: c.subtree_totals for c in response.context["children"]}
    assert totals["A"] == (2, 35, 0, 40, 50)
    assert totals["B"].party_members == 37
    assert "<html" not in response.text


def test_search_ignores_accents_and_case(client, tree, bloc_staff):
    client.force_login(bloc_staff)
    response = client.get(reverse("committees:tree"), {"q": "dang uy"})
    names = [c.name for c in response.context["page"].object_list]
    assert names == ["Đảng ủy Bộ Tài chính", "Đảng ủy Ngân hàng Nhà nước"]
    response = client.get(reverse("committees:tree"), {"q": "ĐẢNG ỦY ngân HANG"})
    assert [c.code for c in response.context["page"].object_list] == ["B"]


def test_search_shows_each_result_with_its_visible_path(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("committees:tree"), {"q": "vu tong"})
    [result] = response.context["page"].object_list
    assert result.code == "A1"
    assert [a.code for a in result.visible_ancestors] == ["A"]  # the root is outside the officer's scope


def test_search_never_finds_a_sibling_committee(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("committees:tree"), {"q": "ngan hang"})
    assert response.context["page"].paginator.count == 0
    assert "Ngân hàng" not in response.text.replace("ngan hang", "")


def test_the_detail_page_shows_path_children_totals_staff_and_history(client, tree, officer_a, leader_a):
    client.force_login(officer_a)
    response = client.get(reverse("committees:detail", args=[tree.a.pk]))
    assert response.status_code == 200
    assert response.context["committee"].subtree_party_members == 35
    assert [c.code for c in response.context["children_page"].object_list] == ["A1"]
    assert response.context["ancestors"] == []  # nothing above the officer's own committee
    assert {p.user.username for p in response.context["staff"]} == {"officer_a", "leader_a"}
    assert response.context["history"]
    assert "Đảng bộ Khối" not in response.text


def test_bloc_staff_see_the_full_path_of_a_cell(client, tree, bloc_staff):
    client.force_login(bloc_staff)
    response = client.get(reverse("committees:detail", args=[tree.a1.pk]))
    assert [c.code for c in response.context["ancestors"]] == ["ROOT", "A"]


def test_a_collaborator_sees_only_their_own_committee(client, tree, collaborator_a):
    client.force_login(collaborator_a)
    assert client.get(reverse("committees:detail", args=[tree.a1.pk])).status_code == 200
    assert client.get(reverse("committees:detail", args=[tree.a.pk])).status_code == 404
    assert client.get(reverse("committees:detail", args=[tree.root.pk])).status_code == 404


@pytest.mark.parametrize(
    "name,args",
    [
        ("home", lambda t: []),
        ("committees:tree", lambda t: []),
        ("committees:detail", lambda t: [t.a.pk]),
        ("committees:children", lambda t: [t.a.pk]),
        ("committees:headcount", lambda t: [t.a1.pk]),
    ],
)
def test_query_counts_do_not_grow_with_the_data(client, tree, officer_a, django_assert_max_num_queries, name, args):
    client.force_login(officer_a)
    url = reverse(name, args=args(tree))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(tree)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_search_query_count_does_not_grow_with_the_results(client, tree, officer_a, django_assert_max_num_queries):
    client.force_login(officer_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("committees:tree"), {"q": "chi bo"})
    grow(tree)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("committees:tree"), {"q": "chi bo"})
    assert response.context["page"].paginator.count == 11  # A1 and the ten new cells
