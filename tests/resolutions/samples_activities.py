"""How the activities' URLs are reached for a record of the sibling committee B (see tests/test_url_access.py)."""

from datetime import date

from resolutions.models import Activity, ActivityKind


def sibling_activity(tree) -> Activity:
    return Activity.objects.create(
        committee=tree.b, kind=ActivityKind.THEMATIC_MEETING, held_on=date(2026, 3, 5),
        title="Sinh hoạt chuyên đề Bí mật Sibling", participants=12, person_times=12,
    )  # fmt: skip


def sibling_activity_exists(tree):
    sibling_activity(tree)


SAMPLES = {
    "resolutions:activity_list": sibling_activity_exists,
    "resolutions:activity_create": sibling_activity_exists,
    "resolutions:activity_detail": lambda t: {"pk": sibling_activity(t).pk},
    "resolutions:activity_update": lambda t: {"pk": sibling_activity(t).pk},
}
