"""The access rule where it lives (``committees/scoping.py``, ``committees/mixins.py``), branch by branch, as tables.

The tree has every shape the rule must tell apart, in two variants: with one root (whose staff read without a path
filter) and with a second root beside it (whose records the first root's staff must not see)::

    ROOT (bloc)           bloc_staff, leader_root
    ├── A                 officer_a, leader_a, inactive_officer (account switched off)
    │   ├── A1 (cell)     collaborator_a
    │   └── A2            officer_a2
    │       └── A21
    ├── B (sibling)       officer_b
    │   └── B1            (a sibling's child, with a name and path that start like A's)
    │       └── B11
    └── C (closed down)   officer_c
    OTHER (second root)   officer_other
    └── O1

What an ancestor issues downward (documents, campaigns, briefings) is read below it and never changed there; it is
tried through a queryset of committees that marks them as issued downward, so the rule is tested on its own.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views import View

from committees.mixins import ScopedObjectMixin
from committees.models import Committee, CommitteeQuerySet, Role, StaffProfile
from committees.scoping import ScopedQuerySet, check_changeable, check_move, for_change, scope_of
from tests.factories import UserFactory, make_committee, make_staff

pytestmark = pytest.mark.django_db

ALL_OF_ROOT = {"ROOT", "A", "A1", "A2", "A21", "B", "B1", "B11", "C"}
A_BRANCH = {"A", "A1", "A2", "A21"}
B_BRANCH = {"B", "B1", "B11"}


class IssuedDownward(CommitteeQuerySet):
    """Committees read as records an owner issues to those below it (as documents and briefings are)."""

    issued_downward = True


class OwnedByCommittee(ScopedQuerySet):
    """Staff profiles read through the base rule alone: a collaborator sees none of them."""


def build(two_roots: bool) -> SimpleNamespace:
    c = SimpleNamespace()
    c.root = make_committee(None, code="ROOT", name="Đảng bộ Khối", kind=Committee.Kind.BLOC)
    c.a = make_committee(c.root, code="A", name="Đảng ủy Bộ Tài chính", kind=Committee.Kind.UPPER_GRASSROOTS)
    c.a1 = make_committee(c.a, code="A1", name="Chi bộ Vụ Tổng hợp")
    c.a2 = make_committee(c.a, code="A2", name="Đảng bộ Tổng cục Thuế", kind=Committee.Kind.UPPER_GRASSROOTS)
    c.a21 = make_committee(c.a2, code="A21", name="Chi bộ Cục Thuế")
    c.b = make_committee(c.root, code="B", name="Đảng ủy Bộ Tài nguyên", kind=Committee.Kind.UPPER_GRASSROOTS)
    c.b1 = make_committee(c.b, code="B1", name="Đảng ủy Bộ Tài chính cũ", kind=Committee.Kind.UPPER_GRASSROOTS)
    c.b11 = make_committee(c.b1, code="B11", name="Chi bộ Văn phòng")
    c.c = make_committee(c.root, code="C", name="Đảng ủy đã giải thể", kind=Committee.Kind.UPPER_GRASSROOTS)
    if two_roots:
        c.other = make_committee(None, code="OTHER", name="Đảng bộ khác", kind=Committee.Kind.BLOC)
        c.o1 = make_committee(c.other, code="O1", name="Chi bộ khác")
    users = SimpleNamespace(
        anonymous=AnonymousUser(),
        superuser=UserFactory(username="root_admin", is_superuser=True, is_staff=True),
        no_profile=UserFactory(username="no_profile"),
        bloc_staff=make_staff("bloc_staff", c.root, Role.BLOC_STAFF),
        leader_root=make_staff("leader_root", c.root, Role.LEADER),
        officer_a=make_staff("officer_a", c.a, Role.OFFICER),
        leader_a=make_staff("leader_a", c.a, Role.LEADER),
        officer_a2=make_staff("officer_a2", c.a2, Role.OFFICER),
        collaborator_a=make_staff("collaborator_a", c.a1, Role.COLLABORATOR),
        officer_b=make_staff("officer_b", c.b, Role.OFFICER),
        inactive_officer=make_staff("inactive_officer", c.a, Role.OFFICER, is_active=False),
        officer_c=make_staff("officer_c", c.c, Role.OFFICER),
    )
    if two_roots:
        users.officer_other = make_staff("officer_other", c.other, Role.OFFICER)
    Committee.objects.filter(pk=c.c.pk).update(is_active=False)
    return SimpleNamespace(committees=c, users=users)


@pytest.fixture(params=[False, True], ids=["one root", "two roots"])
def world(request):
    return build(two_roots=request.param)


def fresh(world, name):
    """The persona as a new request sees it: its scope computed again."""
    user = getattr(world.users, name)
    if user.is_authenticated:
        user = type(user).objects.get(pk=user.pk)
    return user


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def everything(world) -> set[str]:
    return set(Committee.objects.values_list("code", flat=True))


# persona → (visible committees, committees it may change, what it reads of what is issued downward)
RULE = {
    "anonymous": (set(), set(), set()),
    "no_profile": (set(), set(), set()),
    "inactive_officer": (set(), set(), set()),
    "officer_c": (set(), set(), set()),
    "bloc_staff": (ALL_OF_ROOT, ALL_OF_ROOT, ALL_OF_ROOT),
    "leader_root": (ALL_OF_ROOT, ALL_OF_ROOT, ALL_OF_ROOT),
    "officer_a": (A_BRANCH, A_BRANCH, A_BRANCH | {"ROOT"}),
    "leader_a": (A_BRANCH, A_BRANCH, A_BRANCH | {"ROOT"}),
    "officer_a2": ({"A2", "A21"}, {"A2", "A21"}, {"A2", "A21", "A", "ROOT"}),
    "officer_b": (B_BRANCH, B_BRANCH, B_BRANCH | {"ROOT"}),
    # A collaborator's own committee is all they read of the tree; they change nothing.
    "collaborator_a": ({"A1"}, set(), {"A1"}),
}


@pytest.mark.parametrize("persona", sorted(RULE))
def test_each_persona_sees_changes_and_reads_what_is_issued_to_it_exactly(world, persona):
    visible, changeable, issued = RULE[persona]
    user = fresh(world, persona)
    assert codes(Committee.objects.visible_to(user)) == visible
    assert codes(Committee.objects.changeable_by(user)) == changeable
    assert codes(IssuedDownward(Committee).visible_to(user)) == issued
    # What is issued downward is read below its issuer, never changed there.
    assert codes(IssuedDownward(Committee).changeable_by(user)) == changeable


def test_a_superuser_sees_and_changes_both_roots(world):
    user = fresh(world, "superuser")
    assert codes(Committee.objects.visible_to(user)) == everything(world)
    assert codes(Committee.objects.changeable_by(user)) == everything(world)
    assert codes(IssuedDownward(Committee).visible_to(user)) == everything(world)


def test_the_second_roots_officer_sees_their_root_only():
    world = build(two_roots=True)
    user = fresh(world, "officer_other")
    assert codes(Committee.objects.visible_to(user)) == {"OTHER", "O1"}
    assert codes(Committee.objects.changeable_by(user)) == {"OTHER", "O1"}
    assert codes(IssuedDownward(Committee).visible_to(user)) == {"OTHER", "O1"}


# persona → the scope it acts in
SCOPES = {
    "anonymous": {"nothing": True, "everything": False, "committee": None},
    "no_profile": {"nothing": True, "everything": False, "committee": None},
    "inactive_officer": {"nothing": True, "everything": False, "committee": None},
    "officer_c": {"nothing": True, "everything": False, "committee": None},
    "superuser": {"nothing": False, "everything": True, "committee": None},
    "bloc_staff": {"nothing": False, "everything": False, "committee": "ROOT", "role": Role.BLOC_STAFF},
    "officer_a": {"nothing": False, "everything": False, "committee": "A", "role": Role.OFFICER, "whole_tree": False},
    "collaborator_a": {"nothing": False, "everything": False, "committee": "A1", "is_collaborator": True},
}


@pytest.mark.parametrize("persona", sorted(SCOPES))
def test_scope_of_each_persona(world, persona):
    scope = scope_of(fresh(world, persona))
    expected = dict(SCOPES[persona])
    committee = expected.pop("committee")
    assert (scope.committee.code if scope.committee else None) == committee
    for name, value in expected.items():
        assert getattr(scope, name) == value, name
    assert scope.is_collaborator == (persona == "collaborator_a")


@pytest.mark.parametrize("two_roots", [False, True])
def test_only_the_only_roots_staff_read_the_whole_tree(two_roots):
    world = build(two_roots=two_roots)
    assert scope_of(fresh(world, "bloc_staff")).whole_tree is not two_roots
    assert scope_of(fresh(world, "officer_a")).whole_tree is False


def test_the_scope_is_computed_once_per_user_object(world, django_assert_num_queries):
    user = fresh(world, "officer_a")
    with django_assert_num_queries(1):  # the profile with its committee
        scope_of(user)
    with django_assert_num_queries(0):
        assert scope_of(user).committee.code == "A"


@pytest.mark.parametrize(
    ("persona", "profiles"),
    [
        ("collaborator_a", {"collaborator_a"}),
        ("officer_a", {"officer_a", "leader_a", "officer_a2", "collaborator_a", "inactive_officer"}),
        ("officer_b", {"officer_b"}),
    ],
)
def test_staff_profiles_follow_the_rule_and_a_collaborator_reads_their_own_only(world, persona, profiles):
    user = fresh(world, persona)
    assert set(StaffProfile.objects.visible_to(user).values_list("user__username", flat=True)) == profiles


def test_records_a_model_does_not_open_to_collaborators_are_closed_to_them(world):
    queryset = OwnedByCommittee(StaffProfile)
    assert not queryset.visible_to(fresh(world, "collaborator_a")).exists()
    assert not queryset.changeable_by(fresh(world, "collaborator_a")).exists()
    assert set(queryset.visible_to(fresh(world, "officer_b")).values_list("user__username", flat=True)) == {"officer_b"}


def test_a_path_that_starts_like_a_branchs_is_not_in_it(world):
    """Paths are fixed-width steps: A's subtree is a prefix match that B's children never satisfy, even when the
    tree has more than nine children at one level (a step "000A" after "0009")."""
    for n in range(12):
        make_committee(world.committees.a, code=f"A-X{n}", name=f"Chi bộ {n}")
    user = fresh(world, "officer_b")
    assert codes(Committee.objects.visible_to(user)) == B_BRANCH
    assert codes(Committee.objects.changeable_by(user)) == B_BRANCH
    officer_a = fresh(world, "officer_a")
    assert codes(Committee.objects.visible_to(officer_a)) == A_BRANCH | {f"A-X{n}" for n in range(12)}


# --- The view mixin -------------------------------------------------------------------------------------------------


class ChangePage(ScopedObjectMixin, View):
    """Changes a committee: two permissions, both required."""

    model = Committee
    permission_required = ("committees.change_headcount", "committees.view_committee")

    def get(self, request, pk):
        return HttpResponse(self.object.code)


class IssuedChangePage(ChangePage):
    """Changes a record issued downward."""

    def get_scoped_queryset(self):
        return IssuedDownward(Committee).visible_to(self.request.user)

    def is_changeable(self):
        return IssuedDownward(Committee).changeable_by(self.request.user).filter(pk=self.object.pk).exists()


class HiddenChangePage(IssuedChangePage):
    hide_unchangeable = True


class ReadPage(IssuedChangePage):
    """Only reads a record issued downward, and says whether the reader may change it too."""

    permission_required = "committees.view_committee"
    require_changeable = False

    def get(self, request, pk):
        return HttpResponse(f"{self.object.code}:{self.may_change('committees.change_headcount')}")


def call(view, user, committee, method="get"):
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    try:
        response = view.as_view()(request, pk=committee.pk)
    except Http404:
        return 404
    except PermissionDenied:
        return 403
    if response.status_code == 302:
        return "login" if "/accounts/login/" in response["Location"] else 302
    return response.status_code if response.status_code != 200 else response.content.decode()


# (persona, committee, page) → the answer: the record's code, "code:may change", 403, 404 or "login"
VIEW_RULE = [
    ("anonymous", "A", ChangePage, "login"),
    ("anonymous", "A", ReadPage, "login"),
    ("officer_a", "A1", ChangePage, "A1"),
    ("officer_a", "B1", ChangePage, 404),  # a sibling's child: does not exist, whatever the permissions
    ("leader_a", "B1", ChangePage, 404),
    ("leader_a", "A1", ChangePage, 403),  # in scope, without the permission to change
    ("officer_a", "ROOT", ChangePage, 404),  # an ancestor, through a model that is not issued downward
    ("officer_a", "ROOT", IssuedChangePage, 403),  # issued by an ancestor: read, never changed
    ("officer_a", "ROOT", HiddenChangePage, 404),
    ("officer_a", "ROOT", ReadPage, "ROOT:False"),
    ("officer_a", "A", ReadPage, "A:True"),
    ("leader_a", "A", ReadPage, "A:False"),  # leaders read
    ("officer_b", "A", ReadPage, 404),
    ("officer_a2", "A", ReadPage, "A:False"),  # issued by the parent
    ("collaborator_a", "A1", ReadPage, "A1:False"),
    ("collaborator_a", "A1", IssuedChangePage, 403),
    ("collaborator_a", "A", ReadPage, 404),
    ("inactive_officer", "A", ReadPage, 404),  # signed in once, switched off since: nothing
    ("officer_c", "C", ReadPage, 404),
    ("bloc_staff", "B11", ChangePage, "B11"),
    ("leader_root", "B11", ReadPage, "B11:False"),
]


@pytest.mark.parametrize(("persona", "code", "page", "answer"), VIEW_RULE)
def test_the_view_mixin_answers_each_persona_in_order(world, persona, code, page, answer):
    committee = Committee.objects.get(code=code)
    assert call(page, fresh(world, persona), committee) == answer


def test_every_required_permission_is_needed_not_only_the_first(world):
    """An account holding one of the page's two permissions is refused."""
    user = UserFactory(username="half_officer")
    from committees.services import staff_profile_set

    staff_profile_set(user=user, committee=world.committees.a, role=Role.OFFICER)
    user.groups.clear()
    user.user_permissions.add(Permission.objects.get(codename="change_headcount"))
    user = type(user).objects.get(pk=user.pk)
    assert call(ChangePage, user, world.committees.a1) == 403
    user.user_permissions.add(Permission.objects.get(codename="view_committee"))
    user = type(user).objects.get(pk=user.pk)
    assert call(ChangePage, user, world.committees.a1) == "A1"


def test_a_method_the_page_does_not_take_is_refused_before_the_lookup(world, django_assert_num_queries):
    user = fresh(world, "officer_a")
    with django_assert_num_queries(0):
        assert call(ReadPage, user, world.committees.b1, method="post") == 405


# --- the services' own check -----------------------------------------------------------------------------------


def locks(queries) -> bool:
    return any("FOR UPDATE" in query["sql"] for query in queries)


@pytest.mark.parametrize("persona", sorted(RULE))
def test_a_service_changes_exactly_what_the_persona_may_change_and_locks_only_what_it_changes(world, persona):
    """``for_change`` reads the record again under a lock; ``check_changeable`` (a record the change only refers to,
    such as the committee of a new record) takes none, so that changes in one committee do not wait for each other."""
    user = fresh(world, persona)
    scope_of(user)  # read once, before the queries counted
    changeable = RULE[persona][1]
    for committee in Committee.objects.order_by("code"):
        expected = committee.code in changeable
        with transaction.atomic(), CaptureQueriesContext(connection) as changing:
            try:
                found = for_change(user, committee)
            except PermissionDenied:
                found = None
        assert (found == committee, found is not None) == (expected, expected), committee.code
        with CaptureQueriesContext(connection) as referring:
            try:
                check_changeable(user, committee)
                allowed = True
            except PermissionDenied as refusal:
                assert str(refusal) == f"{Committee._meta.verbose_name} {committee.pk} is outside the user's scope."
                allowed = False
        assert allowed == expected, committee.code
        # (a persona who changes nothing is answered without a query)
        assert locks(changing) == (connection.features.has_select_for_update and len(changing) > 0)
        assert not locks(referring)


def test_the_systems_own_work_changes_every_committee(world):
    for committee in Committee.objects.all():
        with transaction.atomic():
            assert for_change(None, committee) == committee
        check_changeable(None, committee)


class Moved(SimpleNamespace):
    """A record of committee ``committee_id`` (and of ``inspected_by_id``), as the services' models are."""


@pytest.mark.parametrize(
    ("persona", "fields", "allowed"),
    [
        ("officer_a", {}, True),  # not moved
        ("officer_a", {"title": "Sửa"}, True),
        ("officer_a", {"committee": "A"}, True),  # moved to where it is: nothing to check
        ("officer_a", {"committee": "A2"}, True),
        ("officer_a", {"committee": "B1"}, False),  # to a sibling's branch
        ("officer_a", {"committee": "ROOT"}, False),  # to the ancestor: read there, never changed
        ("officer_a2", {"committee": "A1"}, False),
        ("bloc_staff", {"committee": "B11"}, True),
        ("officer_a", {"inspected_by": "B"}, True),  # another field than the one checked
    ],
)
def test_a_record_moved_to_another_committee_needs_the_user_to_change_that_ones_records(
    world, persona, fields, allowed
):
    user = fresh(world, persona)
    a = world.committees.a
    record = Moved(committee_id=a.pk, inspected_by_id=a.pk)
    fields = {name: Committee.objects.get(code=code) if name != "title" else code for name, code in fields.items()}
    try:
        check_move(user, record, fields)
        done = True
    except PermissionDenied:
        done = False
    assert done == allowed


def test_the_field_a_move_is_checked_on_may_be_named(world):
    user = fresh(world, "officer_a")
    a, b = world.committees.a, world.committees.b
    with pytest.raises(PermissionDenied):
        check_move(user, Moved(committee_id=a.pk, inspected_by_id=a.pk), {"inspected_by": b}, "inspected_by")
    check_move(user, Moved(committee_id=a.pk, inspected_by_id=b.pk), {"inspected_by": b}, "inspected_by")
