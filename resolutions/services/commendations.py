"""Recording commendations. The awarding committee's staff record what it awarded, to those under it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from committees.models import Committee
from committees.scoping import check_changeable, check_move, for_change
from core import uploads
from core.changes import save, update_fields
from resolutions.models import Commendation

COMMENDATION_FIELDS = (
    "committee", "honoree", "member_name", "title", "year", "awarded_by", "issuer", "decision_number",
    "decision_date", "citation",
)  # fmt: skip


def _check(by, commendation: Commendation) -> None:
    """The awarding committee is one ``by`` may read (their own or an ancestor), and the record is possible."""
    if not Committee.objects.visible_to(by).filter(pk=commendation.awarded_by_id).exists() and by is not None:
        raise PermissionDenied("The awarding committee is outside the user's scope.")
    commendation.clean()


def _set_photo(commendation: Commendation, photo, by) -> None:
    """``photo``: a picture uploaded (checked from its bytes), ``False`` to take the photo away, ``None`` to keep
    it. A replaced photo's file stays, for the record's history."""
    if photo is None:
        return
    if photo is False:
        commendation.photo, commendation.photo_type = "", ""
    else:
        detected = uploads.validate_image(photo)
        commendation.photo.save(uploads.stored_name(photo.name, detected), photo, save=False)
        commendation.photo_type = detected.content_type
    try:
        save(commendation, by, update_fields=["photo", "photo_type"])
    except Exception:
        if photo:
            commendation.photo.delete(save=False)
        raise


def commendation_create(*, by, committee: Committee, photo=None, **fields) -> Commendation:
    with transaction.atomic():
        check_changeable(by, committee)
        commendation = Commendation(committee=committee, created_by=by, **fields)
        _check(by, commendation)
        if photo:
            uploads.validate_image(photo)  # refused before anything is saved
        save(commendation, by)
        _set_photo(commendation, photo, by)
        return commendation


def commendation_update(*, commendation: Commendation, by, photo=None, **fields) -> Commendation:
    with transaction.atomic():
        locked = for_change(by, commendation)
        check_move(by, locked, fields)
        if photo:
            uploads.validate_image(photo)
        update_fields(
            locked, fields, editable=COMMENDATION_FIELDS, by=by, check=lambda record, _changed: _check(by, record)
        )
        _set_photo(locked, photo, by)
        return locked
