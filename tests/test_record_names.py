"""How records are named where they appear as a whole (the admin's lists and pickers, history): by the person."""

import pytest

from committees.models import Role
from notifications.models import Preference
from tests.factories import UserFactory, make_staff

pytestmark = pytest.mark.django_db


def test_a_staff_profile_is_named_by_the_persons_full_name_and_role(tree):
    named = make_staff("officer_lan", tree.a, Role.OFFICER, first_name="Lan", last_name="Nguyễn Thị")
    unnamed = make_staff("officer_x", tree.a, Role.LEADER, first_name="", last_name="")
    assert str(named.profile) == f"{named.get_full_name()} ({Role.OFFICER.label})"
    assert str(unnamed.profile) == f"officer_x ({Role.LEADER.label})"  # no name given: the username


def test_an_email_setting_is_named_by_its_person():
    user = UserFactory(username="hoa")
    assert str(Preference.objects.create(user=user)) == str(user)
