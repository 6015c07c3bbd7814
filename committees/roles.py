"""What each role may do. One group per role holds exactly these permissions; the scope comes from the committee."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from committees.models import Role

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.BLOC_STAFF: {
        "committees.view_committee",
        "committees.change_headcount",
        "committees.view_staffprofile",
        "opinion.view_opinionreport",
        "opinion.add_opinionreport",
        "opinion.change_opinionreport",
    },
    Role.OFFICER: {
        "committees.view_committee",
        "committees.change_headcount",
        "committees.view_staffprofile",
        "opinion.view_opinionreport",
        "opinion.add_opinionreport",
        "opinion.change_opinionreport",
    },
    Role.LEADER: {
        "committees.view_committee",
        "committees.view_staffprofile",
        "opinion.view_opinionreport",
    },
    Role.COLLABORATOR: {
        "committees.view_committee",
        "opinion.add_opinionreport",
    },
}


def _permissions(names: set[str]) -> list[Permission]:
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def sync_role_groups(**kwargs) -> None:
    """Make each role's group hold exactly the permissions above (idempotent; runs after every migrate)."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions(names))


def role_group(role: str) -> Group:
    return Group.objects.get_or_create(name=role)[0]
