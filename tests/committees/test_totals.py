"""The subtree totals kept on each committee always equal the sums recomputed from the head counts."""

import pytest
from django.db.models import ProtectedError

from committees import services
from committees.models import Committee, Role, Totals
from tests.factories import make_committee, make_staff

pytestmark = pytest.mark.django_db


def kept():
    return {c.code: c.subtree_totals for c in Committee.objects.all()}


def assert_totals_are_true():
    before = kept()
    Committee.objects.recompute_totals()
    assert before == kept()


def test_a_new_committee_adds_to_every_ancestor(tree):
    make_committee(tree.a1, code="A1x", name="Tổ đảng", party_members=4, exempt_members=1, cadres=5, employees=6)
    totals = kept()
    assert totals["A1x"] == (1, 4, 1, 5, 6)
    assert totals["A1"] == (2, 29, 1, 45, 56)
    assert totals["ROOT"].party_members == 3 + 10 + 25 + 7 + 30 + 4
    assert totals["ROOT"].exempt_members == 1
    assert_totals_are_true()


def test_a_head_count_change_reaches_the_root(tree):
    services.committee_headcount_update(
        committee=tree.a1,
        party_members=26,
        exempt_members=2,
        cadres=40,
        employees=50,
        counted_on=tree.a1.headcount_date or "2026-01-01",
    )
    assert kept()["ROOT"].party_members == 3 + 10 + 26 + 7 + 30
    assert kept()["ROOT"].exempt_members == kept()["A"].exempt_members == 2
    assert_totals_are_true()


def test_nothing_to_add_writes_nothing_and_takes_no_lock_on_the_ancestors(tree, django_assert_num_queries):
    """A change that moves no total (a head count saved as it was) leaves the ancestors' rows alone: an UPDATE adding
    zero would still lock the root's row, and every writer of the tree would wait on it."""
    paths = tree.a1.ancestor_paths()
    with django_assert_num_queries(0):
        Committee.objects.shift_totals(paths, Totals())
        Committee.objects.shift_totals([], Totals(party_members=1))
    with django_assert_num_queries(1):
        Committee.objects.shift_totals(paths, Totals(party_members=1))
    assert kept()["ROOT"].party_members == 3 + 10 + 25 + 7 + 30 + 1


def test_an_inactive_committee_no_longer_counts(tree):
    services.committee_update(committee=tree.b1, is_active=False)
    totals = kept()
    assert totals["B"] == (1, 7, 0, 0, 0)
    assert totals["ROOT"].committees == 4
    assert_totals_are_true()
    services.committee_update(committee=tree.b1, is_active=True)
    assert kept()["B"] == (2, 37, 0, 0, 0)


def test_moving_a_branch_moves_its_totals(tree):
    services.committee_move(committee=tree.a1, parent=tree.b)
    totals = kept()
    assert totals["A"] == (1, 10, 0, 0, 0)
    assert totals["B"] == (3, 62, 0, 40, 50)
    assert totals["ROOT"] == (5, 75, 0, 40, 50)
    assert_totals_are_true()


@pytest.mark.parametrize("under", ["A", "A1"])
def test_a_committee_cannot_move_under_itself_or_its_own_subtree_and_nothing_changes(tree, under):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    before = kept()
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.committee_move(committee=tree.a, parent=Committee.objects.get(code=under))
    assert refused.value.messages == [
        "Không thể chuyển cấp ủy về trực thuộc chính nó hoặc các cấp ủy trực thuộc của nó."
    ]
    assert refused.value.code == "cycle"
    assert kept() == before and Committee.objects.get(code="A1").path.startswith(tree.a.path)


def test_deleting_a_branch_takes_its_totals_away(tree):
    services.committee_delete(committee=tree.b)
    assert kept() == {"ROOT": (3, 38, 0, 40, 50), "A": (2, 35, 0, 40, 50), "A1": (1, 25, 0, 40, 50)}
    assert_totals_are_true()


def test_a_committee_with_staff_cannot_be_deleted_and_nothing_changes(tree):
    make_staff("cell_officer", tree.b1, Role.OFFICER)
    before = kept()
    with pytest.raises(ProtectedError):
        services.committee_delete(committee=tree.b)
    assert kept() == before


def test_recompute_repairs_totals_that_drifted(tree):
    Committee.objects.filter(code="ROOT").update(subtree_party_members=1)
    Committee.objects.recompute_totals()
    assert kept()["ROOT"].party_members == 75


def test_the_check_tells_two_committees_whose_totals_were_swapped(tree):
    """Each committee's totals are compared with its own rebuild, not as a bag of figures."""
    from committees import rollups

    assert rollups.differences()["committees' subtree totals"] == 0
    names = [f"subtree_{name}" for name in Totals._fields]
    a, b = (Committee.objects.filter(pk=c.pk).values(*names).get() for c in (tree.a, tree.b))
    assert a != b
    Committee.objects.filter(pk=tree.a.pk).update(**b)  # the same figures, on the wrong committees
    Committee.objects.filter(pk=tree.b.pk).update(**a)
    assert rollups.differences()["committees' subtree totals"] == 4  # two rows kept, two rebuilt


def test_an_app_registers_each_rollup_once_with_its_rows_and_its_rebuild(monkeypatch):
    from committees import rollups

    monkeypatch.setattr(rollups, "REGISTERED", [])

    def rows():
        return {"counts": {1}}

    def rebuild():
        return None

    rollups.register(rows=rows, rebuild=rebuild)
    rollups.register(rows=rows, rebuild=rebuild)  # an app made ready twice (the tests) registers once
    registered = rollups.REGISTERED
    assert registered == [rollups.Rollups(rows, rebuild)]
    assert rollups.kept_rows() == {"counts": {1}}
