import pytest

from committees.models import Committee, StaffProfile
from committees.scoping import scope_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_bloc_staff_see_the_whole_tree(tree, bloc_staff):
    assert codes(Committee.objects.visible_to(bloc_staff)) == ["A", "A1", "B", "B1", "ROOT"]


def test_an_officer_sees_their_subtree_only(tree, officer_a):
    assert codes(Committee.objects.visible_to(officer_a)) == ["A", "A1"]


def test_a_leader_reads_the_same_scope_as_their_officer(tree, leader_a):
    assert codes(Committee.objects.visible_to(leader_a)) == ["A", "A1"]


def test_a_collaborator_sees_their_own_committee_and_profile_only(tree, collaborator_a, officer_a):
    assert codes(Committee.objects.visible_to(collaborator_a)) == ["A1"]
    assert list(StaffProfile.objects.visible_to(collaborator_a)) == [collaborator_a.profile]


def test_the_parent_committee_sees_the_child_but_not_the_reverse(tree, officer_a):
    from tests.factories import make_staff

    cell_officer = make_staff("cell_officer", tree.a1, "officer")
    assert Committee.objects.visible_to(officer_a).filter(pk=tree.a1.pk).exists()
    assert not Committee.objects.visible_to(cell_officer).filter(pk=tree.a.pk).exists()


def test_superusers_see_everything_and_users_without_profile_nothing(tree, admin_user):
    assert Committee.objects.visible_to(admin_user).count() == 5
    assert Committee.objects.visible_to(UserFactory(username="nobody")).count() == 0


def test_an_inactive_committee_closes_its_officers_scope(tree, officer_a):
    Committee.objects.filter(pk=tree.a.pk).update(is_active=False)
    officer_a.refresh_from_db()
    assert scope_of(officer_a).nothing
    assert Committee.objects.visible_to(officer_a).count() == 0


def test_the_only_roots_staff_read_without_a_path_filter_and_a_second_root_brings_it_back(tree, bloc_staff):
    from committees.scoping import scope_of
    from tests.factories import make_committee

    assert scope_of(bloc_staff).whole_tree
    assert "LIKE" not in str(Committee.objects.visible_to(bloc_staff).query)
    other = make_committee(None, code="OTHER", name="Đảng bộ khác")
    bloc_staff.refresh_from_db()  # a new request: the scope is computed again
    fresh = type(bloc_staff).objects.get(pk=bloc_staff.pk)
    assert not scope_of(fresh).whole_tree
    assert not Committee.objects.visible_to(fresh).filter(pk=other.pk).exists()
