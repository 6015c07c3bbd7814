"""Planning and recording inspections. The inspecting committee's staff write them, about those under it."""

from django.db import transaction

from committees.models import Committee
from committees.scoping import check_changeable, for_change
from core.changes import save, update_fields
from resolutions.models import Inspection

INSPECTION_FIELDS = (
    "committee", "inspected_by", "subject", "inspectors", "planned_on", "done_on", "findings", "conclusion_number",
    "conclusion_date", "required", "followed_up_on",
)  # fmt: skip


def inspection_plan(*, by, committee: Committee, inspected_by: Committee, **fields) -> Inspection:
    with transaction.atomic():
        check_changeable(by, inspected_by)  # the inspecting committee's own staff, or those above it
        inspection = Inspection(committee=committee, inspected_by=inspected_by, created_by=by, **fields)
        inspection.clean()
        return save(inspection, by)


def inspection_update(*, inspection: Inspection, by, **fields) -> Inspection:
    with transaction.atomic():
        locked = for_change(by, inspection)
        check_changeable(by, fields.get("inspected_by", locked.inspected_by))
        update_fields(locked, fields, editable=INSPECTION_FIELDS, by=by, check=lambda record, _changed: record.clean())
        return locked
