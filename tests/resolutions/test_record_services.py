"""The services of the documents registry, the activities, the inspections and the publications, called directly:
each field stored as given, who made each change in the record's history, each refusal on its own field in its own
words, and the caller's scope checked by the service itself (the views check it before; a caller that forgot
still cannot change a sibling's record), nothing changed when it refuses."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from resolutions.models import (
    Activity,
    ActivityKind,
    DocumentFile,
    DocumentKind,
    DocumentRelation,
    Inspection,
    Organ,
    PartyDocument,
    Publication,
    RelationKind,
)
from resolutions.models.documents import Confidentiality, Dissemination
from resolutions.services import activities, documents, inspections, publications
from tests.opinion.factories_trainings import pdf_bytes
from tests.resolutions.factories_commendations import honour
from tests.resolutions.factories_documents import make_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

RECORDS = (PartyDocument, DocumentRelation, DocumentFile, Activity, Inspection, Publication)

DOCUMENT = {
    "kind": DocumentKind.PLAN, "number": "15-KH/ĐU", "title": "thực hiện Nghị quyết 05-NQ/ĐUK",
    "organ": Organ.STANDING_BOARD, "issuer": "Ban Thường vụ Đảng ủy Bộ Tài chính", "plenum": "Hội nghị lần thứ 3",
    "issued_on": date(2017, 4, 3), "summary": "Kế hoạch học tập và quán triệt", "dissemination": Dissemination.GRASP,
    "confidentiality": Confidentiality.CONFIDENTIAL,
}  # fmt: skip

ACTIVITY = {
    "kind": ActivityKind.THEORY_CLASS, "held_on": date(2026, 3, 12), "title": "Lớp bồi dưỡng lý luận chính trị",
    "description": "Ba buổi tại hội trường", "audience": "Đảng viên mới", "participants": 40, "person_times": 120,
    "sessions": 3, "items": 2,
}  # fmt: skip

PUBLICATION = {
    "title": "Tuyển tập gương tổ chức đảng, đảng viên tiêu biểu năm 2025", "publisher": "Ban Tuyên giáo Đảng ủy",
    "published_on": date(2026, 6, 30), "copies": 500, "distribution": "Gửi các chi bộ trực thuộc",
}  # fmt: skip


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def everything() -> dict:
    """Every row these services write, as stored: what a refused call must leave as it found it."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in RECORDS}


def stored(record, *fields) -> dict:
    return type(record).objects.filter(pk=record.pk).values(*fields).get()


def an_inspection(tree, bloc_staff, committee=None, inspected_by=None) -> Inspection:
    return inspections.inspection_plan(
        by=bloc_staff, committee=committee or tree.a1, inspected_by=inspected_by or tree.a, subject="Kiểm tra",
        planned_on=date(2026, 4, 1),
    )  # fmt: skip


# --- Documents ---------------------------------------------------------------------------------------------------


def test_a_document_is_registered_as_given_with_its_author_in_its_history(tree, officer_a):
    document = documents.document_create(by=officer_a, committee=tree.a, issuing_committee=tree.a, **DOCUMENT)
    expected = {"committee": tree.a.pk, "issuing_committee": tree.a.pk, **DOCUMENT}
    assert stored(document, *documents.DOCUMENT_FIELDS) == expected
    assert document.history.get().history_user == officer_a


def test_a_document_is_corrected_as_given_and_moved_within_the_scope_with_its_author_in_its_history(
    tree, officer_a, bloc_staff
):
    document = documents.document_create(by=bloc_staff, committee=tree.a, **DOCUMENT)
    corrected = {
        "kind": DocumentKind.DECISION, "number": "16-QĐ/ĐU", "title": "ban hành quy chế", "organ": Organ.EXECUTIVE,
        "issuer": "Ban Chấp hành Đảng bộ Bộ Tài chính", "plenum": "", "issued_on": date(2018, 1, 2), "summary": "",
        "confidentiality": Confidentiality.NONE, "dissemination": Dissemination.DISSEMINATE,
    }  # fmt: skip
    returned = documents.document_update(
        document=document, by=officer_a, committee=tree.a1, issuing_committee=tree.a, **corrected
    )
    expected = {"committee": tree.a1.pk, "issuing_committee": tree.a.pk, **corrected}
    assert stored(document, *documents.DOCUMENT_FIELDS) == expected
    assert (returned.pk, returned.number, returned.committee) == (document.pk, "16-QĐ/ĐU", tree.a1)
    assert document.history.first().history_user == officer_a


def test_a_plan_is_related_to_what_the_bloc_keeps_as_given(tree, officer_a):
    blocs, plan = make_document(tree.root), make_document(tree.a, number="15-KH/ĐU")
    relation = documents.document_relate(document=plan, by=officer_a, kind=RelationKind.IMPLEMENTS, target=blocs)
    assert stored(relation, "document", "kind", "target") == {
        "document": plan.pk, "kind": RelationKind.IMPLEMENTS, "target": blocs.pk
    }  # fmt: skip


def test_a_documents_file_keeps_its_title_and_who_added_it(tree, officer_a, media):
    document = make_document(tree.a)
    upload = SimpleUploadedFile("phu-luc.pdf", pdf_bytes())
    added = documents.document_file_add(document=document, by=officer_a, title="Phụ lục 1", file=upload)
    assert stored(added, "document", "title", "uploaded_by") == {
        "document": document.pk, "title": "Phụ lục 1", "uploaded_by": officer_a.pk
    }  # fmt: skip


def test_a_document_outside_the_scope_cannot_be_related_to(tree, officer_a):
    plan, siblings = make_document(tree.a, number="15-KH/ĐU"), make_document(tree.b, number="07-KH/ĐU")
    with pytest.raises(PermissionDenied):
        documents.document_relate(document=plan, by=officer_a, kind=RelationKind.BASED_ON, target=siblings)
    assert not DocumentRelation.objects.exists()


# --- Activities --------------------------------------------------------------------------------------------------


def test_an_activity_is_recorded_as_given_with_its_author_and_the_documents_it_deployed(tree, officer_a):
    deployed = [make_document(tree.root), make_document(tree.a, number="15-KH/ĐU")]
    activity = activities.activity_create(by=officer_a, committee=tree.a1, documents=deployed, **ACTIVITY)
    assert stored(activity, *activities.ACTIVITY_FIELDS, "created_by") == {
        "committee": tree.a1.pk, "created_by": officer_a.pk, **ACTIVITY
    }  # fmt: skip
    assert set(activity.documents.all()) == set(deployed)
    assert activity.history.get().history_user == officer_a


def test_an_activity_recorded_without_figures_counts_nothing_and_deployed_no_document(tree, officer_a):
    activity = activities.activity_create(
        by=officer_a, committee=tree.a, kind=ActivityKind.ORIENTATION, held_on=date(2026, 3, 2), title="Định hướng"
    )
    assert stored(activity, "description", "audience", "participants", "person_times", "sessions", "items") == {
        "description": "", "audience": "", "participants": 0, "person_times": 0, "sessions": 0, "items": 0
    }  # fmt: skip
    assert not activity.documents.exists()


def test_an_activity_is_corrected_as_given_its_documents_replaced_only_when_given(tree, officer_a, bloc_staff):
    first, second = make_document(tree.root), make_document(tree.a, number="15-KH/ĐU")
    activity = activities.activity_create(by=bloc_staff, committee=tree.a, documents=[first], **ACTIVITY)
    corrected = {
        "kind": ActivityKind.CONFERENCE, "held_on": date(2026, 4, 1), "title": "Hội nghị",
        "description": "", "audience": "Bí thư chi bộ", "participants": 50, "person_times": 60, "sessions": 1,
        "items": 0,
    }  # fmt: skip
    returned = activities.activity_update(activity=activity, by=officer_a, documents=[second], committee=tree.a1,
                                          **corrected)  # fmt: skip
    assert stored(activity, *activities.ACTIVITY_FIELDS) == {"committee": tree.a1.pk, **corrected}
    assert returned.pk == activity.pk and list(activity.documents.all()) == [second]
    assert activity.history.first().history_user == officer_a
    activities.activity_update(activity=activity, by=officer_a, title="Hội nghị sơ kết")
    assert list(activity.documents.all()) == [second]  # not given: kept


@pytest.mark.parametrize("step", ["create", "update"])
def test_fewer_person_times_than_persons_is_refused_on_its_field_and_nothing_is_saved(tree, officer_a, step):
    activity = activities.activity_create(by=officer_a, committee=tree.a, **ACTIVITY)
    before = everything()
    with pytest.raises(ValidationError) as refused:
        if step == "create":
            activities.activity_create(by=officer_a, committee=tree.a, **{**ACTIVITY, "participants": 130})
        else:
            activities.activity_update(activity=activity, by=officer_a, participants=130)
    assert refused.value.message_dict == {
        "person_times": ["Person-times count every attendance: they cannot be fewer than the persons (130)."]
    }
    assert everything() == before


# --- Inspections -------------------------------------------------------------------------------------------------


def test_an_inspection_is_planned_as_given_with_its_author_in_its_history(tree, officer_a):
    inspection = inspections.inspection_plan(by=officer_a, committee=tree.a1, inspected_by=tree.a, subject="Kiểm tra",
                                             inspectors="Đoàn kiểm tra số 2", planned_on=date(2026, 4, 1))  # fmt: skip
    assert stored(inspection, "committee", "inspected_by", "subject", "inspectors", "planned_on", "created_by") == {
        "committee": tree.a1.pk, "inspected_by": tree.a.pk, "subject": "Kiểm tra", "inspectors": "Đoàn kiểm tra số 2",
        "planned_on": date(2026, 4, 1), "created_by": officer_a.pk,
    }  # fmt: skip
    assert inspection.history.get().history_user == officer_a


def test_an_inspection_is_recorded_as_given_with_its_author_in_its_history(tree, officer_a, bloc_staff):
    inspection = an_inspection(tree, bloc_staff)
    recorded = {
        "subject": "Kiểm tra thực hiện Chỉ thị 05", "inspectors": "Đoàn kiểm tra số 2", "planned_on": date(2026, 4, 2),
        "done_on": date(2026, 4, 12), "findings": "Đã xây dựng kế hoạch", "conclusion_number": "05-TB/ĐU",
        "conclusion_date": date(2026, 4, 20), "required": "Bổ sung tiêu chí", "followed_up_on": date(2026, 5, 30),
    }  # fmt: skip
    returned = inspections.inspection_update(inspection=inspection, by=officer_a, **recorded)
    assert stored(inspection, "committee", "inspected_by", *recorded) == {
        "committee": tree.a1.pk, "inspected_by": tree.a.pk, **recorded
    }  # fmt: skip
    assert returned.pk == inspection.pk
    assert inspection.history.first().history_user == officer_a


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda tree: {"inspected_by": tree.a1}, "inspected_by", "A committee inspects those under it."),
        (lambda tree: {"conclusion_number": "05-TB/ĐU"}, "conclusion_number",
         "A conclusions notice follows an inspection done: give the day it was done."),
        (lambda tree: {"done_on": date(2026, 4, 12), "conclusion_date": date(2026, 4, 10)}, "conclusion_date",
         "The conclusions come after the inspection."),
        (lambda tree: {"followed_up_on": date(2026, 5, 30)}, "followed_up_on",
         "Say what was required before recording that it was met."),
    ],
    ids=["inspected_by", "conclusion_number", "conclusion_date", "followed_up_on"],
)  # fmt: skip
def test_what_an_inspection_cannot_be_is_refused_on_its_field_and_nothing_is_saved(
    tree, officer_a, bloc_staff, change, field, message
):
    inspection = an_inspection(tree, bloc_staff)
    before = everything()
    with pytest.raises(ValidationError) as refused:
        inspections.inspection_update(inspection=inspection, by=officer_a, **change(tree))
    assert refused.value.message_dict == {field: [message]}
    assert everything() == before


# --- Publications ------------------------------------------------------------------------------------------------


def test_a_publication_is_stored_as_given_and_gathers_the_years_commendations_of_its_subtree_only(
    tree, officer_a, bloc_staff
):
    gathered = {
        honour(tree, bloc_staff, tree.a1, year=2025),
        honour(tree, bloc_staff, tree.a, year=2025, honoree="member", member_name="Trần Văn Hai"),
    }
    honour(tree, bloc_staff, tree.b1, year=2025)  # a sibling's
    honour(tree, bloc_staff, tree.root, year=2025)  # the bloc's, above the publisher
    honour(tree, bloc_staff, tree.a1, year=2024, decision_date=date(2025, 5, 19))  # another year
    publication = publications.publication_create(by=officer_a, committee=tree.a, year=2025, **PUBLICATION)
    assert stored(publication, "committee", "created_by", *PUBLICATION) == {
        "committee": tree.a.pk, "created_by": officer_a.pk, **PUBLICATION
    }  # fmt: skip
    assert set(publication.commendations.all()) == gathered


def test_a_publication_without_a_year_gathers_nothing(tree, officer_a, bloc_staff):
    honour(tree, bloc_staff, tree.a1, year=2025)
    publication = publications.publication_create(
        by=officer_a, committee=tree.a, title="Sổ tay", publisher="Ban Tuyên giáo", published_on=date(2026, 6, 30)
    )
    assert stored(publication, "copies", "distribution") == {"copies": 0, "distribution": ""}
    assert not publication.commendations.exists()


# --- The scope, checked by each service itself -------------------------------------------------------------------


def a_document(tree, bloc_staff):
    return documents.document_create(by=bloc_staff, committee=tree.a, **DOCUMENT)


def a_relation(tree, bloc_staff):
    return DocumentRelation.objects.create(
        document=a_document(tree, bloc_staff), kind=RelationKind.IMPLEMENTS, target=make_document(tree.root)
    )


def an_activity(tree, bloc_staff):
    return activities.activity_create(by=bloc_staff, committee=tree.a, **ACTIVITY)


def nothing(tree, bloc_staff):
    return None


# what the bloc made in A's committee, and a sibling's call about it
SIBLING_STEPS = {
    "document_create": (nothing, lambda tree, _, by: documents.document_create(by=by, committee=tree.a, **DOCUMENT)),
    "document_update": (a_document, lambda tree, made, by: documents.document_update(document=made, by=by, title="s")),
    # the bloc's document is read by the sibling too: what refuses is that the one related is A's
    "document_relate": (
        lambda tree, staff: (a_document(tree, staff), make_document(tree.root, number="01-NQ/ĐUK")),
        lambda tree, made, by: documents.document_relate(
            document=made[0], by=by, kind=RelationKind.BASED_ON, target=made[1]
        ),
    ),
    "document_unrelate": (a_relation, lambda tree, made, by: documents.document_unrelate(relation=made, by=by)),
    "document_file_add": (
        a_document,
        lambda tree, made, by: documents.document_file_add(
            document=made, by=by, title="Toàn văn", file=SimpleUploadedFile("a.pdf", pdf_bytes())
        ),
    ),
    "activity_create": (nothing, lambda tree, _, by: activities.activity_create(by=by, committee=tree.a, **ACTIVITY)),
    "activity_update": (an_activity, lambda _, made, by: activities.activity_update(activity=made, by=by, title="S")),
    "inspection_plan": (
        nothing,
        lambda tree, _, by: inspections.inspection_plan(
            by=by, committee=tree.a1, inspected_by=tree.a, subject="Kiểm tra", planned_on=date(2026, 4, 1)
        ),
    ),
    # naming their own committees as the inspected and the inspecting one does not make it theirs
    "inspection_update": (
        an_inspection,
        lambda tree, made, by: inspections.inspection_update(
            inspection=made, by=by, committee=tree.b1, inspected_by=tree.b
        ),
    ),
    "publication_create": (
        nothing,
        lambda tree, _, by: publications.publication_create(by=by, committee=tree.a, **PUBLICATION),
    ),
}


def assert_refused_and_nothing_written(tree, bloc_staff, make, step, *, by):
    """The record ``make`` writes, then ``step`` taken on it by ``by``: refused, and nothing anywhere changed."""
    made = make(tree, bloc_staff)
    before = everything()
    with pytest.raises(PermissionDenied):
        step(tree, made, by)
    assert everything() == before


@pytest.mark.parametrize("name", sorted(SIBLING_STEPS))
def test_a_sibling_officer_cannot_write_about_another_committee_through_its_service(
    tree, bloc_staff, officer_b_sibling, name
):
    assert_refused_and_nothing_written(tree, bloc_staff, *SIBLING_STEPS[name], by=officer_b_sibling)


MOVES = {
    "document_update": (
        a_document,
        lambda tree, made, by: documents.document_update(document=made, by=by, committee=tree.b, title="s"),
    ),
    "activity_update": (
        an_activity,
        lambda tree, made, by: activities.activity_update(activity=made, by=by, committee=tree.b, title="S"),
    ),
    "inspection_update": (
        an_inspection,
        lambda tree, made, by: inspections.inspection_update(inspection=made, by=by, inspected_by=tree.root),
    ),
}


@pytest.mark.parametrize("name", sorted(MOVES))
def test_an_officer_cannot_hand_their_record_to_a_committee_outside_their_scope(tree, bloc_staff, officer_a, name):
    assert_refused_and_nothing_written(tree, bloc_staff, *MOVES[name], by=officer_a)


def test_the_inspected_committee_cannot_record_its_own_inspection_made_from_above(tree, bloc_staff, officer_a):
    inspection = an_inspection(tree, bloc_staff, committee=tree.a, inspected_by=tree.root)
    before = everything()
    with pytest.raises(PermissionDenied):
        inspections.inspection_update(inspection=inspection, by=officer_a, findings="Tốt")
    assert everything() == before
