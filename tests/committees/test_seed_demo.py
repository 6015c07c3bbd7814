import json
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from committees.models import Committee, StaffProfile
from tests.factories import make_committee

pytestmark = pytest.mark.django_db
User = get_user_model()
ROLES = {"admin", "bloc_staff", "officer", "leader", "collaborator"}


def opinion_counts():
    from opinion import models as opinion

    return {
        model.__name__: model.objects.count()
        for model in (opinion.Collaborator, opinion.Training, opinion.Briefing, opinion.BriefingInvitation,
                      opinion.OpinionReport, opinion.Concern, opinion.Dialogue, opinion.HotSpot)
    }  # fmt: skip


def snapshot():
    committees = list(
        Committee.objects.order_by("path").values_list(
            "path", "code", "name", "kind", "party_members", "cadres", "employees", "headcount_date"
        )
    )
    profiles = list(
        StaffProfile.objects.order_by("user__username").values_list("user__username", "committee__code", "role")
    )
    return committees, profiles, opinion_counts()


def wipe_demo():
    """Everything seed_demo wrote, dependants first (documents, reports, concerns, inspections and publications
    protect collaborators and committees)."""
    from opinion import models as opinion
    from reports import models as reports
    from resolutions import models as resolutions

    reports.Report.objects.all().delete()
    reports.ReportingPeriod.objects.all().delete()
    resolutions.Criterion.objects.filter(revises__isnull=False).delete()  # a revision protects what it revises
    for model in (
        resolutions.CriteriaVersion, resolutions.FollowUpYear, resolutions.Inspection, resolutions.Publication,
        resolutions.Activity, resolutions.Commendation,
        resolutions.Campaign, resolutions.DocumentRelation,
        resolutions.PartyDocument, opinion.HotSpot, opinion.Concern, opinion.Dialogue, opinion.OpinionReport,
        opinion.Briefing, opinion.BriefingSchedule, opinion.Training, opinion.Collaborator, StaffProfile, Committee,
    ):  # fmt: skip
        model.objects.all().delete()


def test_seed_demo_writes_the_accounts_the_contract_promises(tmp_path):
    path = tmp_path / "accounts.json"
    call_command("seed_demo", "--scale", "small", "--password", "Demo-pass-2026", "--accounts-json", str(path))
    accounts = json.loads(path.read_text(encoding="utf-8"))
    assert all(set(a) == {"username", "password", "role", "committee_code"} for a in accounts)
    assert {a["role"] for a in accounts} == ROLES
    by_role = {}
    for a in accounts:
        by_role.setdefault(a["role"], []).append(a)
    officers = [Committee.objects.get(code=a["committee_code"]) for a in by_role["officer"]]
    assert len(officers) >= 2 and officers[0].path[:-4] == officers[1].path[:-4] and officers[0] != officers[1]
    collaborator_committees = {Committee.objects.get(code=a["committee_code"]) for a in by_role["collaborator"]}
    for committee in officers:
        assert any(c.is_within(committee) for c in collaborator_committees)
    request = RequestFactory().post("/accounts/login/")
    for account in accounts:
        user = authenticate(request, username=account["username"], password=account["password"])
        assert user is not None, account["username"]
        if account["role"] == "admin":
            assert user.is_superuser
        else:
            assert user.profile.role == account["role"] and user.profile.committee.code == account["committee_code"]


def test_seed_demo_is_deterministic():
    call_command("seed_demo", "--scale", "small")
    first = snapshot()
    assert opinion_counts() == {k: v for k, v in opinion_counts().items() if v}, "every area has demo data"
    wipe_demo()
    call_command("seed_demo", "--scale", "small")
    assert snapshot() == first


def test_seed_demo_builds_a_consistent_three_level_tree_at_bloc_scale():
    call_command("seed_demo", "--scale", "bloc")
    assert Committee.objects.count() == 1 + 60 + 60 * 20
    assert set(Committee.objects.values_list("depth", flat=True)) == {1, 2, 3}
    assert Committee.objects.find_problems() == ([], [], [], [], [])
    root = Committee.objects.get(depth=1)
    assert root.name == "Đảng bộ Khối các cơ quan Trung ương" and root.document_symbol == "ĐUK"
    assert Committee.objects.search("dang bo khoi").filter(pk=root.pk).exists()
    assert root.history.count() == 1


def test_running_seed_demo_again_keeps_the_data_and_resets_the_demo_accounts():
    call_command("seed_demo", "--scale", "small", "--password", "first-password-1")
    before = snapshot()
    call_command("seed_demo", "--scale", "small", "--password", "second-password-2")
    assert snapshot() == before
    assert User.objects.get(username="canbo.db001").check_password("second-password-2")


def test_seed_demo_refuses_a_database_with_other_committees():
    make_committee(None, code="OTHER", name="Đảng bộ khác")
    with pytest.raises(CommandError):
        call_command("seed_demo")


@pytest.mark.django_db(transaction=True)
def test_seed_demo_outside_a_transaction_leaves_postgresql_vacuumed_and_analysed():
    """So that index-only scans (who has reported in a month) work at once on a fresh demo, autovacuum or not."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")
    call_command("seed_demo", "--scale", "small", stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = %s",
            ["opinion_opinionreport"],
        )
        assert cursor.fetchone() == (True, True)
