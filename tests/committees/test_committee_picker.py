"""The one committee picker: its field (what a form accepts) and its suggestions endpoint (what it offers)."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from committees import services
from committees.fields import CommitteeField
from committees.models import Committee
from tests.factories import make_committee

pytestmark = pytest.mark.django_db
SUGGEST = reverse("committees:suggest")


@pytest.fixture(autouse=True)
def _english_messages_outside_requests():
    """The field is used directly here: its messages in English, so they can be matched as written."""
    with translation.override("en"):
        yield


def suggested(client, **params) -> list[str]:
    response = client.get(SUGGEST, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [result["code"] for result in response.json()["results"]]


# --- the suggestions ----------------------------------------------------------------------------------------------


def test_suggestions_ignore_accents_and_case_and_show_code_and_name(client, tree, bloc_staff):
    client.force_login(bloc_staff)
    assert suggested(client, q="tai chinh") == ["A"]
    assert suggested(client, q="TÀI CHÍNH") == ["A"]
    [result] = client.get(SUGGEST, {"q": "ngan hang"}).json()["results"]
    assert result == {
        "code": "B",
        "name": "Đảng ủy Ngân hàng Nhà nước",
        "label": "B — Đảng ủy Ngân hàng Nhà nước",
        "parent": "Đảng bộ Khối các cơ quan Trung ương",
    }


def test_an_officer_is_never_offered_a_committee_of_the_sibling_branch(client, tree, officer_a):
    client.force_login(officer_a)
    assert suggested(client) == ["A", "A1"]  # nothing typed: the top of the scope
    assert suggested(client, q="ngan hang") == []
    assert suggested(client, q="B1") == []  # not even by its exact code
    assert suggested(client, q="chi bo") == ["A1"]
    assert suggested(client, q="dang", cells="1", inactive="1") == ["A"]  # the parameters narrow, never widen
    response = client.get(SUGGEST, {"q": "bo"})
    for name in ("Ngân hàng", "Bí mật Sibling", "Khối"):  # nor the parent above the scope
        assert name not in response.content.decode()


def test_the_sibling_officer_is_offered_their_own_branch_only(client, tree, officer_b_sibling):
    client.force_login(officer_b_sibling)
    assert suggested(client, q="B1") == ["B1"]
    assert suggested(client, q="tai chinh") == []
    assert suggested(client) == ["B", "B1"]


def test_the_exact_code_comes_first_then_the_upper_levels(client, tree, bloc_staff):
    for i in range(30):
        make_committee(tree.a1 if i % 2 else tree.a, code=f"A-{i:02d}", name=f"Chi bộ Phòng số {i}")
    client.force_login(bloc_staff)
    found = suggested(client, q="a-29")
    assert found[0] == "A-29"
    everything = suggested(client, q="phong")
    assert len(everything) == 20  # at most twenty, whatever matches
    depths = [Committee.objects.get(code=code).depth for code in everything]
    assert depths == sorted(depths)


def test_cells_and_inactive_committees_are_left_out_unless_asked_for(client, tree, bloc_staff):
    services.committee_update(committee=tree.a1, is_active=False)
    client.force_login(bloc_staff)
    assert suggested(client, q="vu") == ["B1"]
    assert suggested(client, q="vu", inactive="1") == ["B1", "A1"]  # "Chi bộ Vụ Bí mật…", "Chi bộ Vụ Tổng hợp"
    assert suggested(client, q="vu", cells="0") == []
    assert suggested(client, q="dang uy", cells="0") == ["A", "B"]


def test_a_collaborator_is_offered_their_own_committee_only(client, tree, collaborator_a):
    client.force_login(collaborator_a)
    assert suggested(client) == ["A1"]
    assert suggested(client, q="tai chinh") == []


def test_suggestions_cost_the_same_queries_whatever_the_tree(client, tree, bloc_staff, django_assert_max_num_queries):
    client.force_login(bloc_staff)
    with CaptureQueriesContext(connection) as small:
        assert len(suggested(client, q="chi bo")) == 2
    for i in range(40):
        make_committee(tree.b, code=f"B-{i}", name=f"Chi bộ {i}")
    with django_assert_max_num_queries(len(small)):
        assert len(suggested(client, q="chi bo")) == 20


# --- the field ------------------------------------------------------------------------------------------------------


class PickForm(forms.Form):
    committee = CommitteeField(label="Committee")

    def __init__(self, *args, user, cells=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not cells:
            self.fields["committee"] = CommitteeField(label="Committee", cells=False)
        self.fields["committee"].for_user(user)


def picked(user, typed, **options):
    form = PickForm({"committee": typed}, user=user, **options)
    return form.cleaned_data["committee"] if form.is_valid() else form.errors["committee"][0]


def test_the_field_takes_a_code_the_label_of_a_suggestion_or_a_name_without_accents(tree, officer_a):
    assert picked(officer_a, "A1") == tree.a1
    assert picked(officer_a, "  a1 ") == tree.a1
    assert picked(officer_a, "A1 — Chi bộ Vụ Tổng hợp") == tree.a1
    assert picked(officer_a, "vu tong hop") == tree.a1
    assert picked(officer_a, "Đảng ủy Bộ Tài chính") == tree.a


def test_the_field_refuses_a_sibling_committee_exactly_like_one_that_does_not_exist(tree, officer_a):
    sibling = picked(officer_a, "B1")
    assert sibling == picked(officer_a, "ZZZ").replace("ZZZ", "B1")
    assert sibling.startswith("No committee of yours matches “B1”.")
    assert picked(officer_a, "ngan hang").startswith("No committee of yours matches")
    assert picked(officer_a, "B1 — Chi bộ Vụ Bí mật Sibling").startswith("No committee of yours matches")


def test_text_naming_several_committees_asks_for_the_code_and_names_a_few(tree, bloc_staff):
    message = picked(bloc_staff, "dang uy")
    assert message == (
        "Several committees match “dang uy”, e.g. A — Đảng ủy Bộ Tài chính; B — Đảng ủy Ngân hàng Nhà nước. "
        "Type the code of the one you mean."
    )


def test_party_cells_can_be_left_out(tree, officer_a):
    assert picked(officer_a, "A1", cells=False).startswith("No committee of yours matches")
    assert picked(officer_a, "A", cells=False) == tree.a


def test_a_refused_committee_keeps_what_was_typed_in_the_input(tree, officer_a):
    form = PickForm({"committee": "Ngân hàng"}, user=officer_a)
    assert not form.is_valid()
    html = str(form["committee"])
    assert 'value="Ngân hàng"' in html
    assert "data-committee-picker" in html and f'data-suggest-url="{SUGGEST}"' in html


def test_a_chosen_committee_is_shown_as_code_and_name(tree, officer_a):
    form = PickForm(initial={"committee": tree.a1}, user=officer_a)
    assert 'value="A1 — Chi bộ Vụ Tổng hợp"' in str(form["committee"])
    form = PickForm(initial={"committee": tree.a1.pk}, user=officer_a)
    assert 'value="A1 — Chi bộ Vụ Tổng hợp"' in str(form["committee"])


def test_the_field_has_not_changed_when_the_same_committee_is_typed_differently(tree, officer_a):
    form = PickForm({"committee": "a1"}, initial={"committee": tree.a1.pk}, user=officer_a)
    assert form.changed_data == []
    form = PickForm({"committee": "A"}, initial={"committee": tree.a1.pk}, user=officer_a)
    assert form.changed_data == ["committee"]


def test_until_it_knows_the_user_the_field_accepts_nothing(tree):
    field = CommitteeField(label="Committee")
    with pytest.raises(forms.ValidationError):
        field.clean("A")
