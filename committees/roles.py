"""What each role may do. One group per role holds exactly these permissions; the scope comes from the committee."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from committees.models import Role


def _names(app: str, actions: str, *models: str) -> set[str]:
    return {f"{app}.{action}_{model}" for action in actions.split() for model in models}


# Leaders read everything in their scope; officers and bloc staff also write it (bloc staff differ by scope only).
READ = (
    _names("committees", "view", "committee", "staffprofile")
    | _names(
        "opinion", "view",
        "collaborator", "collaboratorstatuschange", "training", "trainingattendance", "trainingmaterial",
        "briefingschedule", "briefing", "briefinginvitation", "opinionreport", "hotspot", "hotspotfollowup",
        "concern", "concerntransition", "dialogue",
    )
    | _names("resolutions", "view", "partydocument", "documentrelation", "documentfile", "campaign", "stepreport",
             "connectionpoint", "urging", "activity", "commendation", "publication",
             "inspection", "followupyear", "criteriaversion")
    | _names("reports", "view", "reportingperiod", "report")
)  # fmt: skip
WRITE = (
    {"committees.change_headcount"}
    | _names("opinion", "add change", "collaborator", "training", "trainingattendance", "briefingschedule",
             "briefing", "briefinginvitation", "opinionreport", "hotspot", "concern", "dialogue")
    | _names("opinion", "add", "collaboratorstatuschange", "trainingmaterial", "hotspotfollowup", "concerntransition")
    | _names("resolutions", "add change", "partydocument", "stepreport", "activity", "commendation", "inspection")
    | _names("resolutions", "add change", "campaign")
    | _names("resolutions", "add", "urging", "publication", "criteriaversion")
    | _names("resolutions", "add change", "followupyear")
    | _names("reports", "add", "reportingperiod", "report")
    | {"reports.change_report", "reports.receive_report"}
    | _names("resolutions", "add", "documentfile")
)  # fmt: skip
# Collaborators see their own records (the querysets narrow them) and file opinion reports.
COLLABORATOR = _names("committees", "view", "committee") | _names(
    "opinion", "view", "collaborator", "training", "trainingattendance", "trainingmaterial", "briefing",
    "briefinginvitation",
) | {"opinion.add_opinionreport"}  # fmt: skip

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.BLOC_STAFF: READ | WRITE,
    Role.OFFICER: READ | WRITE,
    Role.LEADER: READ | {"reports.sign_report"},  # their own committee's report only (reports.services)
    Role.COLLABORATOR: COLLABORATOR,
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
