"""The commendation services' own checks, as any caller meets them: every field saved as given with its author, and
a change outside the caller's scope, or one that cannot be, refused with nothing changed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from resolutions.models import Commendation, Honoree
from resolutions.services.commendations import COMMENDATION_FIELDS, commendation_create, commendation_update

pytestmark = pytest.mark.django_db

GIVEN = {
    "honoree": Honoree.ORGANISATION, "title": "Chi bộ tiêu biểu", "year": 2026, "issuer": "Ban Thường vụ Đảng ủy",
    "decision_number": "125-QĐ/ĐU", "decision_date": date(2026, 5, 19),
}  # fmt: skip
COMMITTEES = ("committee", "awarded_by")  # named in the tables by their place in the tree
NAME_NEEDED = {"member_name": ["Nhập họ và tên đảng viên được tuyên dương."]}
NO_NAME = {"member_name": ["Tuyên dương tổ chức đảng: để trống họ tên đảng viên."]}
YEAR = {"year": ["Năm được tuyên dương là năm của quyết định hoặc năm trước đó."]}


def resolved(tree, fields: dict) -> dict:
    """``fields`` with the committees named by their place in the tree ("a1") read from it."""
    return {name: getattr(tree, value) if name in COMMITTEES else value for name, value in fields.items()}


def as_saved(commendation: Commendation) -> dict:
    commendation = Commendation.objects.get(pk=commendation.pk)
    return {name: getattr(commendation, name) for name in COMMENDATION_FIELDS}


@pytest.fixture
def awarded(tree, bloc_staff):
    """A1 honoured by A, whose officer may read the awarding committee: what officer_a changes."""
    return commendation_create(by=bloc_staff, committee=tree.a1, awarded_by=tree.a, **GIVEN)


# --- Recording one ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "more, defaults",
    [
        pytest.param({}, {"member_name": "", "citation": ""}, id="what it needs"),
        pytest.param(
            {"honoree": Honoree.MEMBER, "member_name": "Lê Thị Một", "citation": "Ba năm liền hoàn thành xuất sắc"},
            {}, id="every field",
        ),
    ],
)  # fmt: skip
def test_a_commendation_is_recorded_as_given_by_its_author(tree, officer_a, more, defaults):
    commendation = commendation_create(by=officer_a, committee=tree.a1, awarded_by=tree.a, **{**GIVEN, **more})
    assert as_saved(commendation) == {"committee": tree.a1, "awarded_by": tree.a, **GIVEN, **more, **defaults}
    saved = Commendation.objects.get(pk=commendation.pk)
    assert (saved.created_by, saved.photo.name, saved.photo_type) == (officer_a, "", "")
    assert [(change.history_type, change.history_user) for change in saved.history.all()] == [("+", officer_a)]


@pytest.mark.parametrize(
    "persona, fields, refusal",
    [
        pytest.param("officer_b_sibling", {}, PermissionDenied, id="a sibling's cell"),
        pytest.param("collaborator_a", {"awarded_by": "a1"}, PermissionDenied, id="a collaborator, who reads only"),
        pytest.param("officer_a", {"awarded_by": "root"}, PermissionDenied, id="an award from above the scope"),
        pytest.param("officer_a", {"awarded_by": "b"}, PermissionDenied, id="an award from a sibling"),
        pytest.param("officer_a", {"honoree": Honoree.MEMBER}, NAME_NEEDED, id="a member without a name"),
    ],
)
def test_a_commendation_outside_the_scope_or_that_cannot_be_is_refused_and_nothing_saved(
    request, tree, persona, fields, refusal
):
    fields = {"awarded_by": tree.a, **resolved(tree, fields)}
    by = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied if refusal is PermissionDenied else ValidationError) as refused:
        commendation_create(by=by, committee=tree.a1, **{**GIVEN, **fields})
    if refusal is not PermissionDenied:
        assert refused.value.message_dict == refusal
    assert not Commendation.objects.exists()


# --- Changing one -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"committee": "a"}, id="committee"),
        pytest.param({"honoree": Honoree.MEMBER, "member_name": "Lê Thị Một"}, id="a member honoured"),
        pytest.param({"title": "Chi bộ hoàn thành xuất sắc nhiệm vụ"}, id="title"),
        pytest.param({"year": 2025}, id="year"),
        pytest.param({"awarded_by": "a1"}, id="awarded_by"),
        pytest.param({"issuer": "Ban Thường vụ Đảng ủy Bộ"}, id="issuer"),
        pytest.param({"decision_number": "7-QĐ/ĐU"}, id="decision_number"),
        pytest.param({"decision_date": date(2026, 6, 1)}, id="decision_date"),
        pytest.param({"citation": "Ba năm liền hoàn thành xuất sắc nhiệm vụ"}, id="citation"),
    ],
)
def test_each_field_is_changed_as_given_and_the_change_is_its_authors(tree, awarded, officer_a, change):
    change = resolved(tree, change)
    before = as_saved(awarded)
    commendation_update(commendation=awarded, by=officer_a, **change)
    assert as_saved(awarded) == {**before, **change}
    changes = [(each.history_type, each.history_user) for each in awarded.history.order_by("history_id")]
    assert changes[1:] == [("~", officer_a)]  # one change, by the officer who made it


@pytest.mark.parametrize(
    "persona, change, refusal",
    [
        pytest.param("officer_b_sibling", {"title": "Chi bộ vững mạnh"}, PermissionDenied, id="a sibling"),
        pytest.param("officer_b_sibling", {"photo": False}, PermissionDenied, id="a sibling, the photo alone"),
        pytest.param("collaborator_a", {"awarded_by": "a1"}, PermissionDenied, id="a collaborator, who reads only"),
        pytest.param("officer_a", {"committee": "b1"}, PermissionDenied, id="moved to a sibling's cell"),
        pytest.param("officer_a", {"awarded_by": "b"}, PermissionDenied, id="an award from a sibling"),
        pytest.param("officer_a", {"awarded_by": "root"}, PermissionDenied, id="an award from above the scope"),
        pytest.param("officer_a", {"honoree": Honoree.MEMBER}, NAME_NEEDED, id="a member without a name"),
        pytest.param("officer_a", {"member_name": "Lê Thị Một"}, NO_NAME, id="an organisation with a name"),
        pytest.param("officer_a", {"year": 2020}, YEAR, id="a year far from the decision"),
    ],
)
def test_a_change_outside_the_scope_or_that_cannot_be_is_refused_and_nothing_changes(
    request, tree, awarded, persona, change, refusal
):
    change = resolved(tree, change)
    before = as_saved(awarded)
    with pytest.raises(PermissionDenied if refusal is PermissionDenied else ValidationError) as refused:
        commendation_update(commendation=awarded, by=request.getfixturevalue(persona), **change)
    if refusal is not PermissionDenied:
        assert refused.value.message_dict == refusal  # on its field, in its own words
    assert as_saved(awarded) == before and awarded.history.count() == 1
