"""Recording commendations. The awarding committee's staff record what it awarded, to those under it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from committees.models import Committee
from committees.scoping import for_change
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


@transaction.atomic
def commendation_create(*, by, committee: Committee, **fields) -> Commendation:
    for_change(by, committee, lock=False)
    commendation = Commendation(committee=committee, created_by=by, **fields)
    _check(by, commendation)
    return save(commendation, by)


@transaction.atomic
def commendation_update(*, commendation: Commendation, by, **fields) -> Commendation:
    locked = for_change(by, commendation)
    if "committee" in fields and fields["committee"].pk != locked.committee_id:
        for_change(by, fields["committee"], lock=False)
    update_fields(
        locked, fields, editable=COMMENDATION_FIELDS, by=by, check=lambda record, _changed: _check(by, record)
    )
    return locked
