import pytest
from django.contrib.auth.models import Group

from committees import services
from committees.models import Role
from committees.roles import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db


def test_each_role_has_a_group_with_exactly_its_permissions():
    for role, permissions in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert granted == permissions


def test_officers_may_update_head_counts_and_leaders_may_not(officer_a, leader_a):
    assert officer_a.has_perm("committees.change_headcount")
    assert leader_a.has_perm("committees.view_committee")
    assert not leader_a.has_perm("committees.change_headcount")


def test_changing_a_role_moves_the_user_to_the_new_group(tree, officer_a):
    services.staff_profile_set(user=officer_a, committee=tree.a, role=Role.LEADER)
    assert list(officer_a.groups.values_list("name", flat=True)) == ["leader"]


def test_role_changes_are_kept_in_history(tree, officer_a):
    services.staff_profile_set(user=officer_a, committee=tree.a, role=Role.LEADER)
    roles = list(officer_a.profile.history.order_by("history_date").values_list("role", flat=True))
    assert roles == ["officer", "leader"]


def test_names_are_shown_family_name_first(officer_a):
    officer_a.first_name, officer_a.last_name = "Văn An", "Nguyễn"
    assert officer_a.get_full_name() == "Nguyễn Văn An"
    assert officer_a.get_short_name() == "An"
    officer_a.first_name = "  "  # an account with no given name is greeted by its username
    assert officer_a.get_short_name() == officer_a.username


# The role table, written out: a change to what a role may do is a decision, made here on purpose.
READ = {
    "committees.view_committee", "committees.view_staffprofile",
    *(f"opinion.view_{model}" for model in (
        "collaborator", "collaboratorstatuschange", "training", "trainingattendance", "trainingmaterial",
        "briefingschedule", "briefing", "briefinginvitation", "opinionreport", "hotspot", "hotspotfollowup",
        "concern", "concerntransition", "dialogue",
    )),
    "resolutions.view_partydocument", "resolutions.view_documentrelation", "resolutions.view_documentfile",
    "resolutions.view_campaign", "resolutions.view_stepreport", "resolutions.view_connectionpoint",
    "resolutions.view_urging", "resolutions.view_activity", "resolutions.view_commendation",
    "resolutions.view_publication", "resolutions.view_inspection", "resolutions.view_followupyear",
    "resolutions.view_criteriaversion", "reports.view_reportingperiod", "reports.view_report",
}  # fmt: skip
WRITE = {
    "committees.change_headcount",
    *(f"opinion.{action}_{model}" for action in ("add", "change") for model in (
        "collaborator", "training", "trainingattendance", "briefingschedule", "briefing", "briefinginvitation",
        "opinionreport", "hotspot", "concern", "dialogue",
    )),
    *(f"opinion.add_{model}" for model in (
        "collaboratorstatuschange", "trainingmaterial", "hotspotfollowup", "concerntransition",
    )),
    "resolutions.add_partydocument", "resolutions.change_partydocument", "resolutions.add_documentfile",
    "resolutions.add_campaign", "resolutions.change_campaign", "resolutions.add_stepreport",
    "resolutions.change_stepreport", "resolutions.add_urging", "resolutions.add_activity",
    "resolutions.change_activity", "resolutions.add_commendation", "resolutions.change_commendation",
    "resolutions.add_publication", "resolutions.add_inspection", "resolutions.change_inspection",
    "resolutions.add_followupyear", "resolutions.change_followupyear", "resolutions.add_criteriaversion",
    "reports.add_reportingperiod", "reports.add_report", "reports.change_report", "reports.receive_report",
}  # fmt: skip
PINNED = {
    Role.BLOC_STAFF: READ | WRITE,
    Role.OFFICER: READ | WRITE,
    Role.LEADER: READ | {"reports.sign_report"},
    Role.COLLABORATOR: {
        "committees.view_committee", "opinion.add_opinionreport",
        *(f"opinion.view_{model}" for model in (
            "collaborator", "training", "trainingattendance", "trainingmaterial", "briefing", "briefinginvitation",
        )),
    },
}  # fmt: skip


def test_the_role_table_is_what_was_decided():
    assert ROLE_PERMISSIONS == PINNED
    assert set(ROLE_PERMISSIONS) == set(Role.values)
    assert not any(name.split(".")[1].startswith("delete_") for names in PINNED.values() for name in names)


def test_the_personas_get_their_permissions_from_the_role_table_alone(officer_a, leader_a, collaborator_a, bloc_staff):
    for user, role in ((officer_a, Role.OFFICER), (leader_a, Role.LEADER), (collaborator_a, Role.COLLABORATOR),
                       (bloc_staff, Role.BLOC_STAFF)):  # fmt: skip
        assert user.get_all_permissions() == ROLE_PERMISSIONS[role]
