"""Lists of people sorted by name follow Vietnamese alphabetical order (Đ after D, not after Z)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from committees.models import Role
from opinion.forms.hotspots import owner_choices
from opinion.resources import LABELS
from opinion.selectors.concerns import owner_choices as concern_owner_choices
from tests.factories import make_staff
from tests.opinion.factories_collaborators import make_collaborator

pytestmark = pytest.mark.django_db
PEOPLE = ["Vũ Thị Yến", "Đặng Văn Ân", "Dương Thị An", "Bùi Ánh", "Bùi Anh"]
IN_ORDER = ["Bùi Anh", "Bùi Ánh", "Dương Thị An", "Đặng Văn Ân", "Vũ Thị Yến"]


def test_the_collaborator_list_and_its_export_are_in_vietnamese_name_order(client, tree, officer_a):
    for name in PEOPLE:
        make_collaborator(tree.a1, name)
    client.force_login(officer_a)
    response = client.get(reverse("opinion:collaborator_list"))
    assert [c.full_name for c in response.context["object_list"]] == IN_ORDER
    descending = client.get(reverse("opinion:collaborator_list"), {"sort": "-name"})
    assert [c.full_name for c in descending.context["object_list"]] == IN_ORDER[::-1]
    export = client.get(reverse("opinion:collaborator_export"), {"format": "csv"}).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export)))
    with translation.override("vi"):  # the page's language
        column = rows[0].index(str(LABELS["full_name"]))
    assert [row[column] for row in rows[1:]] == IN_ORDER


def test_the_staff_pickers_are_in_vietnamese_name_order(tree, officer_a):
    for i, name in enumerate(PEOPLE):
        last, first = name.split(" ", 1)
        make_staff(f"staff{i}", tree.a, Role.OFFICER, last_name=last, first_name=first)
    hot_spot_owners = [u.get_full_name() for u in owner_choices(officer_a) if u.username.startswith("staff")]
    concern_owners = [u.get_full_name() for u in concern_owner_choices(officer_a) if u.username.startswith("staff")]
    assert hot_spot_owners == concern_owners == IN_ORDER
