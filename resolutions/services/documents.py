"""Writes to the party documents registry. Views check who may call these; these functions keep the data inside the
caller's scope: a document is changed only by the committee that keeps it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from committees.models import Committee
from committees.scoping import check_changeable, check_move, for_change
from core import uploads
from core.changes import save, update_fields
from resolutions.models import DocumentFile, DocumentRelation, PartyDocument

DOCUMENT_FIELDS = (
    "committee", "kind", "number", "title", "organ", "issuer", "issuing_committee", "plenum", "issued_on",
    "summary", "confidentiality", "dissemination",
)  # fmt: skip


def document_create(*, by, committee: Committee, **fields) -> PartyDocument:
    with transaction.atomic():
        check_changeable(by, committee)
        return save(PartyDocument(committee=committee, **fields), by)


def document_update(*, document: PartyDocument, by, **fields) -> PartyDocument:
    with transaction.atomic():
        locked = for_change(by, document)
        check_move(by, locked, fields)
        update_fields(locked, fields, editable=DOCUMENT_FIELDS, by=by)
        return locked


def document_relate(*, document: PartyDocument, by, kind: str, target: PartyDocument) -> DocumentRelation:
    """Say how ``document`` stands to ``target`` (which ``by`` must be able to read: a plan may implement what an
    ancestor issued)."""
    with transaction.atomic():
        check_changeable(by, document)
        if not PartyDocument.objects.visible_to(by).filter(pk=target.pk).exists():
            raise PermissionDenied(f"Document {target.pk} is outside the user's scope.")
        relation, _ = DocumentRelation.objects.get_or_create(document=document, kind=kind, target=target)
        return relation


def document_unrelate(*, relation: DocumentRelation, by) -> None:
    with transaction.atomic():
        check_changeable(by, relation.document)
        relation.delete()


def document_file_add(*, document: PartyDocument, by, title: str, file) -> DocumentFile:
    """Store the document's text or an annex, after checking what the file really is (see core.uploads)."""
    with transaction.atomic():
        check_changeable(by, document)
        return uploads.store(DocumentFile(document=document, title=title, uploaded_by=by), file)
