"""Recording the department's activities. Views check who may call these; these functions keep each record inside
the caller's scope and its figures possible."""

from django.db import transaction

from committees.models import Committee
from committees.scoping import check_changeable, check_move, for_change
from core.changes import save, update_fields
from resolutions.models import Activity

ACTIVITY_FIELDS = (
    "committee", "kind", "held_on", "title", "description", "audience", "participants", "person_times", "sessions",
    "items",
)  # fmt: skip


def activity_create(*, by, committee: Committee, documents=(), **fields) -> Activity:
    with transaction.atomic():
        check_changeable(by, committee)
        activity = Activity(committee=committee, created_by=by, **fields)
        activity.clean()
        save(activity, by)
        activity.documents.set(documents)
        return activity


def activity_update(*, activity: Activity, by, documents=None, **fields) -> Activity:
    with transaction.atomic():
        locked = for_change(by, activity)
        check_move(by, locked, fields)
        update_fields(locked, fields, editable=ACTIVITY_FIELDS, by=by, check=lambda record, _changed: record.clean())
        if documents is not None:
            locked.documents.set(documents)
        return locked
