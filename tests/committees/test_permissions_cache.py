"""An account's permissions are kept in the shared cache between requests, and every change to them is seen at the
next request: a permission taken from a role, an account moved to another role, a group deleted."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Role
from committees.permissions import kept_between_requests
from committees.roles import role_group
from committees.services import staff_profile_set

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not kept_between_requests(), reason="kept only in a cache every web process shares (Redis)"),
]

CONCERNS = reverse("opinion:concern_list")


def permission_queries(client, url=CONCERNS) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    return status, sum('"auth_permission"' in query["sql"] for query in queries)


def test_the_permissions_are_read_once_and_then_kept(client, tree, officer_a):
    client.force_login(officer_a)
    assert permission_queries(client) == (200, 2)  # the account's own, and its groups'
    assert permission_queries(client) == (200, 0)


def test_a_permission_taken_from_a_role_is_refused_at_the_next_request(client, tree, officer_a):
    client.force_login(officer_a)
    assert permission_queries(client) == (200, 2)
    role_group(Role.OFFICER).permissions.remove(Permission.objects.get(codename="view_concern"))
    assert client.get(CONCERNS).status_code == 403


def test_an_account_moved_to_another_role_has_its_permissions_at_the_next_request(client, tree, officer_a):
    client.force_login(officer_a)
    add = reverse("opinion:concern_create")
    assert client.get(add).status_code == 200
    staff_profile_set(user=officer_a, committee=tree.a, role=Role.LEADER)  # leaders read, never write
    assert client.get(add).status_code == 403
    assert client.get(CONCERNS).status_code == 200


def test_a_deleted_group_takes_its_permissions_away_at_the_next_request(client, tree, leader_a):
    extra = Group.objects.create(name="Tiếp dân")
    extra.permissions.add(Permission.objects.get(codename="add_concern"))
    leader_a.groups.add(extra)
    client.force_login(leader_a)
    add = reverse("opinion:concern_create")
    assert client.get(add).status_code == 200
    extra.delete()
    assert client.get(add).status_code == 403


def test_a_permission_given_to_the_account_itself_is_seen_at_the_next_request(client, tree, leader_a):
    client.force_login(leader_a)
    add = reverse("opinion:concern_create")
    assert client.get(add).status_code == 403
    leader_a.user_permissions.add(Permission.objects.get(codename="add_concern"))
    assert client.get(add).status_code == 200


def test_each_account_has_its_own(client, tree, officer_a, leader_a):
    client.force_login(officer_a)
    assert client.get(reverse("opinion:concern_create")).status_code == 200
    client.force_login(leader_a)
    assert client.get(reverse("opinion:concern_create")).status_code == 403
