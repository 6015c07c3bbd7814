"""Names in Vietnamese alphabetical order: the sort key, and lists ordered by it on either database."""

import random
import re

import pytest
from django.urls import reverse

from committees.models import Committee, Role, User
from core.collation import sort_key
from tests.factories import make_committee, make_staff

# A Vietnamese dictionary's order: a ă â b c d đ e ê … with the tones of a letter after it, word by word.
IN_ORDER = [
    "An",
    "An Bình",
    "Anh",
    "Ánh",  # the letters first, the tones only between names with the same letters
    "Anh Tuấn",
    "Ăn",
    "Âu",
    "Bình",
    "Chi bộ 2",
    "Chi bộ 10",
    "Do",
    "Dương Văn An",
    "Đặng Thu Hà",
    "Đỗ Minh Châu",
    "Em",
    "Ê",
    "Hà",
    "Hạ",
    "Ong",
    "Ông",
    "Ơn",
    "Uy",
    "Ư",
    "Vũ Văn Z",
    "Yến",
]


def test_the_key_follows_the_vietnamese_alphabet_then_the_tones_then_the_case():
    shuffled = IN_ORDER[:]
    random.Random(5).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == IN_ORDER
    assert sorted(["á", "ạ", "a", "ả", "à", "ã"], key=sort_key) == ["a", "à", "ả", "ã", "á", "ạ"]
    assert sorted(["An", "an"], key=sort_key) == ["an", "An"]
    assert sorted(["Zô", "Đào"], key=sort_key) == ["Đào", "Zô"]  # code points put Đ after Z


def test_the_key_ignores_spacing_and_punctuation_between_words():
    assert sort_key("Vụ Tổ chức - Cán bộ") == sort_key("Vụ  Tổ chức-Cán bộ ")
    assert sort_key("Chi bộ 01") == sort_key("Chi bộ 1")


def test_the_key_is_digits_only_so_every_collation_orders_it_alike():
    for name in [*IN_ORDER, "Đảng ủy Khối", "Chi bộ Vụ Tổ chức - Cán bộ", "Nguyễn Thị Ánh (Hà Nội)", "李", ""]:
        assert re.fullmatch(r"\d+", sort_key(name))


@pytest.mark.django_db
def test_the_database_orders_by_the_key_on_either_engine(tree):
    names = IN_ORDER[:]
    random.Random(7).shuffle(names)
    for i, name in enumerate(names):
        make_committee(tree.a1, code=f"X{i}", name=name)
    ordered = Committee.objects.filter(code__startswith="X").order_by("sort_name")
    assert list(ordered.values_list("name", flat=True)) == IN_ORDER


@pytest.mark.django_db
def test_the_key_is_kept_when_the_name_changes(tree):
    committee = make_committee(tree.a, code="K", name="Zô")
    committee.name = "Đào"
    committee.save(update_fields=["name"])
    committee.refresh_from_db()
    assert committee.sort_name == sort_key("Đào")
    user = User.objects.create_user("hoa", last_name="Đặng", first_name="Thị Hoa")
    assert user.sort_name == sort_key("Đặng Thị Hoa")
    user.last_name = "Bùi"
    user.save(update_fields=["last_name"])
    user.refresh_from_db()
    assert user.sort_name == sort_key("Bùi Thị Hoa")


@pytest.mark.django_db
def test_the_tree_lists_a_committees_children_in_name_order(client, tree, bloc_staff):
    for code, name in [("Z1", "Đảng bộ Vụ Tổ chức"), ("Z2", "Đảng ủy Bộ Công an"), ("Z3", "Chi bộ Ban Kinh tế")]:
        make_committee(tree.root, code=code, name=name, kind=Committee.Kind.UPPER_GRASSROOTS)
    client.force_login(bloc_staff)
    response = client.get(reverse("committees:children", args=[tree.root.pk]), headers={"HX-Request": "true"})
    assert [c.name for c in response.context["children"]] == [
        "Chi bộ Ban Kinh tế",
        "Đảng bộ Vụ Tổ chức",
        "Đảng ủy Bộ Công an",
        "Đảng ủy Bộ Tài chính",
        "Đảng ủy Ngân hàng Nhà nước",
    ]


@pytest.mark.django_db
def test_a_committees_staff_are_listed_by_name_within_their_role(client, tree, bloc_staff):
    for username, last, first in [("u1", "Vũ", "Văn An"), ("u2", "Đỗ", "Thị Bình"), ("u3", "Dương", "Hà")]:
        make_staff(username, tree.a, Role.OFFICER, last_name=last, first_name=first)
    client.force_login(bloc_staff)
    response = client.get(reverse("committees:detail", args=[tree.a.pk]))
    names = [p.user.get_full_name() for p in response.context["staff"]]
    assert names == ["Dương Hà", "Đỗ Thị Bình", "Vũ Văn An"]
