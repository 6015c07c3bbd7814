"""The services of the collaborator network: appointment, edits, status changes with their refusals, accounts."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from committees import services as committee_services
from committees.models import Role
from opinion.models import Collaborator, CollaboratorStatusChange
from opinion.services import collaborators as services
from tests.factories import make_staff
from tests.opinion.factories_collaborators import make_collaborator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

Status, Kind = Collaborator.Status, CollaboratorStatusChange.Kind


def refusals(collaborator: Collaborator, exclude=()) -> dict:
    """What ``collaborator_validate`` refuses, field by field, in English; nothing: {}."""
    with translation.override("en"):
        try:
            services.collaborator_validate(collaborator, exclude=exclude)
        except ValidationError as refused:
            return refused.message_dict
    return {}


@pytest.fixture
def frozen():
    with time_machine.travel(date(2026, 3, 15), tick=False):
        yield


def test_creating_a_collaborator_records_their_establishment(tree, officer_a):
    collaborator = services.collaborator_create(
        by=officer_a,
        committee=tree.a1,
        full_name="  Nguyễn Văn An ",
        birth_year=1985,
        decision_number="15-QĐ/ĐU",
        decision_date=date(2025, 4, 2),
        decision_signer="Trần Văn Bình",
    )
    assert (collaborator.full_name, collaborator.status, collaborator.status_since) == (
        "Nguyễn Văn An",
        Status.ACTIVE,
        date(2025, 4, 2),
    )
    assert collaborator.search_text == "nguyen van an"
    [change] = collaborator.status_changes.all()
    assert (change.kind, change.status_from, change.status_to, change.decision_number, change.changed_by) == (
        Kind.ESTABLISH,
        "",
        Status.ACTIVE,
        "15-QĐ/ĐU",
        officer_a,
    )
    assert collaborator.history.get().history_user == officer_a
    assert (collaborator.decision_date, change.decision_date) == (date(2025, 4, 2), date(2025, 4, 2))


def test_a_collaborator_without_a_decision_date_is_active_from_today(tree, officer_a):
    collaborator = services.collaborator_create(by=officer_a, committee=tree.a, full_name="Lê Thị Cúc")
    assert collaborator.status_since == date(2026, 3, 15)
    [change] = collaborator.status_changes.all()
    assert (collaborator.decision_number, collaborator.decision_date) == ("", None)
    assert (change.decision_number, change.decision_date) == ("", None)


def test_a_collaborator_appointed_with_an_account_has_one_author_in_all_the_history(tree, officer_a, collaborator_a):
    collaborator = services.collaborator_create(
        by=officer_a, committee=tree.a, full_name="Lê Thị Cúc", user=collaborator_a
    )
    assert Collaborator.objects.get(pk=collaborator.pk).user == collaborator_a
    assert {change.history_user for change in collaborator.history.all()} == {officer_a}


def test_a_collaborator_without_a_name_is_refused_on_it(tree, officer_a):
    with pytest.raises(ValidationError) as refused:
        services.collaborator_create(by=officer_a, committee=tree.a, full_name=None)
    assert list(refused.value.message_dict) == ["full_name"]
    assert not Collaborator.objects.exists()


def test_creation_refuses_what_a_form_or_a_file_could_get_wrong_all_at_once(tree, officer_a):
    with pytest.raises(ValidationError) as refused:
        services.collaborator_create(
            by=officer_a,
            committee=tree.a1,
            full_name=" ",
            birth_year=1850,
            email="not-an-email",
            decision_date=date(2026, 4, 1),
        )
    assert set(refused.value.message_dict) == {"full_name", "birth_year", "email", "decision_date"}
    assert not Collaborator.objects.exists()


def test_nobody_is_appointed_to_an_inactive_committee(tree, officer_a):
    committee_services.committee_update(committee=tree.a1, is_active=False)
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.collaborator_create(by=officer_a, committee=tree.a1, full_name="Lê Thị Cúc")
    assert refused.value.message_dict == {"committee": ["This committee is no longer active."]}


def test_an_update_writes_the_changed_fields_and_keeps_their_history(tree, officer_a):
    collaborator = make_collaborator(tree.a1, phone="0912345678")
    services.collaborator_update(collaborator=collaborator, by=officer_a, phone="0987 654 321", unit="Vụ Tổng hợp")
    collaborator.refresh_from_db()
    assert (collaborator.phone, collaborator.unit) == ("0987 654 321", "Vụ Tổng hợp")
    assert "vu tong hop" in collaborator.search_text
    assert collaborator.history.count() == 2
    assert collaborator.history.first().history_user == officer_a


def test_an_update_that_empties_a_text_stores_it_empty_and_keeps_what_may_be_none(tree, officer_a):
    """As the admin and the file import pass them: an emptied optional text comes as None."""
    collaborator = make_collaborator(tree.a1, phone="0912345678", birth_year=1980)
    services.collaborator_update(collaborator=collaborator, by=officer_a, phone=None, unit="  ", birth_year=None)
    collaborator.refresh_from_db()
    assert (collaborator.phone, collaborator.unit, collaborator.birth_year) == ("", "", None)


def test_an_update_without_a_committee_is_refused_on_the_field(tree, officer_a):
    collaborator = make_collaborator(tree.a1)
    with pytest.raises(ValidationError) as refused:
        services.collaborator_update(collaborator=collaborator, by=officer_a, committee=None)
    assert list(refused.value.message_dict) == ["committee"]


def test_an_update_that_changes_nothing_writes_nothing(tree, officer_a):
    collaborator = make_collaborator(tree.a1, phone="0912345678")
    services.collaborator_update(collaborator=collaborator, by=officer_a, phone="0912345678")
    assert collaborator.history.count() == 1


def test_a_collaborator_of_a_wound_up_committee_can_still_be_corrected(tree, officer_a):
    collaborator = make_collaborator(tree.a1)
    committee_services.committee_update(committee=tree.a1, is_active=False)
    services.collaborator_update(collaborator=collaborator, by=officer_a, committee=tree.a1, phone="0912345678")
    with pytest.raises(ValidationError):
        services.collaborator_update(collaborator=make_collaborator(tree.a), by=officer_a, committee=tree.a1)


def test_a_status_change_records_its_kind_reason_decision_and_who(tree, officer_a):
    collaborator = make_collaborator(tree.a1)
    change = services.collaborator_change_status(
        collaborator=collaborator,
        to=Status.PAUSED,
        kind=Kind.CONSOLIDATE,
        effective_on=date(2026, 1, 5),
        reason="Nghỉ thai sản",
        decision_number="20-QĐ/ĐU",
        decision_date=date(2026, 1, 2),
        by=officer_a,
    )
    collaborator.refresh_from_db()
    assert (collaborator.status, collaborator.status_since) == (Status.PAUSED, date(2026, 1, 5))
    assert (change.status_from, change.status_to, change.kind, change.reason, change.changed_by) == (
        Status.ACTIVE,
        Status.PAUSED,
        Kind.CONSOLIDATE,
        "Nghỉ thai sản",
        officer_a,
    )
    assert (change.decision_number, change.decision_date) == ("20-QĐ/ĐU", date(2026, 1, 2))
    assert collaborator.history.first().history_user == officer_a
    reinstated = services.collaborator_change_status(
        collaborator=collaborator, to=Status.ACTIVE, kind=Kind.REORGANISE, effective_on=date(2026, 3, 1), by=officer_a
    )
    assert (reinstated.reason, reinstated.decision_number, reinstated.decision_date) == ("", "", None)
    assert list(collaborator.status_changes.values_list("status_to", flat=True)) == [
        Status.ACTIVE,
        Status.PAUSED,
        Status.ACTIVE,
    ]


CHANGE = {"to": Status.PAUSED, "kind": Kind.CONSOLIDATE, "effective_on": date(2026, 3, 1), "reason": "Ốm dài ngày"}


@pytest.mark.parametrize(
    "change, refusal",
    [
        pytest.param({"to": "retired", "kind": "promote"},
                     {"to": ["Choose a status."], "kind": ["Choose the kind of change."]}, id="unknown status, kind"),
        pytest.param({"to": Status.ACTIVE}, {"to": ["The collaborator is already active."]}, id="the same status"),
        *[pytest.param({"to": to, "reason": "  "},
                       {"reason": ["Give the reason for pausing or ending a collaborator."]}, id=f"{to}, no reason")
          for to in (Status.PAUSED, Status.ENDED)],
        pytest.param({"effective_on": date(2026, 3, 16)},
                     {"effective_on": ["The effective date cannot be in the future."]}, id="effective tomorrow"),
        pytest.param({"effective_on": date(2025, 2, 28)},
                     {"effective_on": ["The effective date cannot be before the current status began (01/03/2025)."]},
                     id="effective before the status began"),
        pytest.param({"decision_date": date(2026, 3, 16)},
                     {"decision_date": ["The decision date cannot be in the future."]}, id="decided tomorrow"),
    ],
)  # fmt: skip
def test_a_status_change_that_cannot_be_is_refused_in_its_own_words_and_nothing_changes(
    tree, officer_a, change, refusal
):
    collaborator = make_collaborator(tree.a1, decision_date=date(2025, 3, 1))
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.collaborator_change_status(collaborator=collaborator, by=officer_a, **(CHANGE | change))
    assert refused.value.message_dict == refusal
    collaborator.refresh_from_db()
    assert (collaborator.status, collaborator.status_since) == (Status.ACTIVE, date(2025, 3, 1))
    assert collaborator.status_changes.count() == 1


def test_a_change_effective_and_decided_today_is_taken(tree, officer_a):
    collaborator = make_collaborator(tree.a1, decision_date=date(2025, 3, 1))
    today = {"effective_on": date(2026, 3, 15), "decision_date": date(2026, 3, 15)}
    change = services.collaborator_change_status(collaborator=collaborator, by=officer_a, **(CHANGE | today))
    assert (change.effective_on, change.decision_date) == (date(2026, 3, 15), date(2026, 3, 15))


def test_an_account_with_the_collaborator_role_is_linked_and_unlinked(tree, officer_a, collaborator_a):
    collaborator = make_collaborator(tree.a1)
    services.collaborator_link_account(collaborator=collaborator, user=collaborator_a, by=officer_a)
    assert Collaborator.objects.get(user=collaborator_a) == collaborator
    assert collaborator.user == collaborator_a  # the caller's copy too
    assert collaborator.history.first().history_user == officer_a
    services.collaborator_link_account(collaborator=collaborator, user=collaborator_a, by=officer_a)  # again: kept
    services.collaborator_link_account(collaborator=collaborator, user=None, by=officer_a)
    collaborator.refresh_from_db()
    assert collaborator.user is None


def test_only_a_free_collaborator_account_can_be_linked(tree, officer_a, collaborator_a):
    first, second = make_collaborator(tree.a1), make_collaborator(tree.a1, full_name="Trần Văn Hải")
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.collaborator_link_account(collaborator=first, user=officer_a, by=officer_a)
    assert refused.value.message_dict == {"user": ["Only an account with the collaborator role can be linked."]}
    services.collaborator_link_account(collaborator=first, user=collaborator_a, by=officer_a)
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.collaborator_link_account(collaborator=second, user=collaborator_a, by=officer_a)
    assert refused.value.message_dict == {"user": ["This account is already linked to another collaborator."]}
    assert Collaborator.objects.get(pk=second.pk).user is None
    other = make_staff("ctv2", tree.a1, Role.COLLABORATOR)
    services.collaborator_create(by=officer_a, committee=tree.a1, full_name="Võ Thị Mai", user=other)
    assert Collaborator.objects.get(user=other).full_name == "Võ Thị Mai"


@pytest.mark.parametrize(
    ("full_name", "birth_year", "exclude", "errors"),
    [
        ("Nguyễn Thị Hoa", 1930, (), {}),  # the oldest year taken
        ("Nguyễn Thị Hoa", 2010, (), {}),  # sixteen this year
        ("Nguyễn Thị Hoa", 1929, (), {"birth_year": ["Enter a year between 1930 and 2010."]}),
        ("Nguyễn Thị Hoa", 2011, (), {"birth_year": ["Enter a year between 1930 and 2010."]}),
        ("   ", None, (), {"full_name": ["Type visible text: this holds only spaces or invisible characters."]}),
        ("   ", 2011, ("full_name", "birth_year"), {}),  # already reported by the caller: one message a field
    ],
)
def test_the_checks_of_a_name_and_a_birth_year_in_their_own_words(tree, full_name, birth_year, exclude, errors):
    collaborator = Collaborator(committee=tree.a1, full_name=full_name, birth_year=birth_year)
    assert refusals(collaborator, exclude) == errors


@pytest.mark.parametrize(
    ("decided", "errors"),
    [
        (date(2026, 3, 15), {}),  # today
        (date(2026, 3, 16), {"decision_date": ["The decision date cannot be in the future."]}),
    ],
)
def test_a_decision_of_today_is_taken_and_one_of_tomorrow_refused_in_its_own_words(tree, decided, errors):
    collaborator = Collaborator(committee=tree.a1, full_name="Nguyễn Thị Hoa", decision_date=decided)
    assert refusals(collaborator) == errors
