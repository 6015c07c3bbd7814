"""Revising a committee's ethical criteria (Directive 05) through its service: who may, what each version keeps, and
the words of each refusal."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from resolutions.models import CriteriaVersion, Criterion
from resolutions.services.directive05 import CriterionRow, criteria_revise
from tests.resolutions.factories_documents import make_document

pytestmark = pytest.mark.django_db


def revise(by, committee, day, *texts, **fields):
    rows = [text if isinstance(text, CriterionRow) else CriterionRow(text) for text in texts]
    return criteria_revise(by=by, committee=committee, adopted_on=day, criteria=rows, **fields)


def refusal(call) -> dict[str, list[str]] | list[str]:
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        call()
    error = refused.value
    return error.message_dict if hasattr(error, "error_dict") else error.messages


def test_a_version_keeps_its_day_document_note_author_and_criteria_in_their_order(tree, officer_a):
    document = make_document(tree.a, number="12-QĐ/ĐU")
    version = revise(officer_a, tree.a, date(2026, 1, 15), "Trung thành", "  Gần   dân ", "Cần kiệm",
                     document=document, note="Theo Quy định 12")  # fmt: skip
    version = CriteriaVersion.objects.get(pk=version.pk)
    assert (version.committee, version.adopted_on, version.document, version.note, version.created_by) == (
        tree.a, date(2026, 1, 15), document, "Theo Quy định 12", officer_a,
    )  # fmt: skip
    assert list(version.criteria.order_by("position").values_list("position", "text", "revises")) == [
        (1, "Trung thành", None), (2, "Gần dân", None), (3, "Cần kiệm", None),
    ]  # fmt: skip
    assert revise(officer_a, tree.a1, date(2026, 1, 15), "Gương mẫu").note == ""


def test_a_row_continues_only_a_criterion_of_the_version_it_revises(tree, officer_a):
    first = revise(officer_a, tree.a, date(2024, 3, 1), "Trung thành", "Gần dân")
    loyal, close = first.criteria.order_by("position")
    second = revise(officer_a, tree.a, date(2025, 3, 1), CriterionRow("Trung thành", loyal.pk), "Nói đi đôi với làm")
    kept = second.criteria.get(position=1)
    # "Gần dân" was removed by the second version: a row naming it is a new criterion, not its continuation.
    third = revise(
        officer_a, tree.a, date(2026, 3, 1), CriterionRow("Trung thành", kept.pk), CriterionRow("Gần dân", close.pk)
    )
    assert list(third.criteria.order_by("position").values_list("text", "revises")) == [
        ("Trung thành", kept.pk), ("Gần dân", None),
    ]  # fmt: skip


def test_a_second_revision_of_the_same_day_is_taken_and_an_earlier_one_refused_in_its_own_words(tree, officer_a):
    revise(officer_a, tree.a, date(2026, 3, 1), "Trung thành")
    same_day = revise(officer_a, tree.a, date(2026, 3, 1), "Trung thành", "Gần dân")
    assert same_day.criteria.count() == 2
    assert refusal(lambda: revise(officer_a, tree.a, date(2026, 2, 28), "Mới")) == {
        "adopted_on": ["Bản sửa đổi phải ban hành sau phiên bản được sửa đổi (01/03/2026)."]
    }
    assert CriteriaVersion.objects.count() == 2


def test_an_empty_or_unchanged_list_is_refused_in_its_own_words_and_nothing_is_saved(tree, officer_a):
    assert refusal(lambda: revise(officer_a, tree.a, date(2026, 1, 2), "  ", "")) == ["Nhập ít nhất một tiêu chí."]
    version = revise(officer_a, tree.a, date(2026, 1, 2), "Trung thành")
    same = [CriterionRow(c.text, c.pk) for c in version.criteria.all()]
    assert refusal(lambda: revise(officer_a, tree.a, date(2026, 2, 2), *same)) == [
        "Không có gì thay đổi: các tiêu chí vẫn như phiên bản đang áp dụng."
    ]
    assert (CriteriaVersion.objects.count(), Criterion.objects.count()) == (1, 1)


def test_a_sibling_officer_cannot_revise_a_committees_criteria_through_the_service(tree, officer_a, officer_b_sibling):
    with pytest.raises(PermissionDenied):
        revise(officer_b_sibling, tree.a, date(2026, 1, 2), "Trung thành")
    with pytest.raises(PermissionDenied):
        revise(officer_a, tree.root, date(2026, 1, 2), "Trung thành")  # the bloc's are read below it, not revised
    assert not CriteriaVersion.objects.exists()
