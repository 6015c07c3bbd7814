"""How the inspections' URLs are reached for a record of the sibling committee B (see tests/test_url_access.py)."""

from datetime import date

from resolutions.models import Inspection


def sibling_inspection(tree) -> Inspection:
    return Inspection.objects.create(
        committee=tree.b1, inspected_by=tree.b, subject="Kiểm tra Bí mật Sibling", planned_on=date(2026, 4, 1)
    )


def sibling_inspection_exists(tree):
    sibling_inspection(tree)


SAMPLES = {
    "resolutions:inspection_list": sibling_inspection_exists,
    "resolutions:inspection_plan": sibling_inspection_exists,
    "resolutions:inspection_detail": lambda t: {"pk": sibling_inspection(t).pk},
    "resolutions:inspection_update": lambda t: {"pk": sibling_inspection(t).pk},
}
