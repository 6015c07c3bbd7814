"""Every roll-up stays equal to a rebuild from the records, whatever writes them: a random sequence of creations,
edits, moves and deletions of committees, collaborators, opinion reports, briefings, invitations and attendance,
half through the services and half through the admin, checked after every step (the opinion-report and attendance
counts, the "attended the last briefing" flags and the committees' subtree totals)."""

import random
import re
from contextlib import suppress
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from committees import services as committee_services
from committees.models import Committee
from opinion.models import Briefing, BriefingInvitation, Collaborator, OpinionReport, Topic
from opinion.models.trainings import Attendance
from opinion.services import briefings as briefing_services
from opinion.services import collaborators as collaborator_services
from opinion.services import reports as report_services
from tests.factories import make_committee
from tests.forms import admin_delete, admin_save
from tests.opinion.factories_briefings import at
from tests.opinion.rollups import assert_every_rollup_equals_a_rebuild

pytestmark = pytest.mark.django_db
NOW = "2026-04-20 10:00 +0700"
MARKS = [Attendance.PRESENT, Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT, Attendance.INVITED]
STEPS = 100


class Walk:
    """The operations, each through a service or through the admin, on records chosen at random."""

    def __init__(self, rng, admin_client, user):
        self.rng, self.admin, self.user, self.n = rng, admin_client, user, 0
        self.topics = list(Topic.objects.all())
        self.saved_in_admin: dict[str, int] = {}  # operation → admin pages that saved (a redirect)
        self.operation = ""

    def admin_save(self, model, obj=None, **changes):
        self._count(admin_save(self.admin, model, obj, **changes))

    def admin_delete(self, obj):
        self._count(admin_delete(self.admin, obj))

    def _count(self, response):
        if response.status_code == 302:  # saved (a page that refuses says why and changes nothing)
            self.saved_in_admin[self.operation] = self.saved_in_admin.get(self.operation, 0) + 1

    def pick(self, queryset, rather=None):
        """A row of ``queryset``, one of those ``rather`` narrows it to when there are (a row that counts)."""
        rows = list(queryset.filter(**rather).distinct().order_by("pk")) if rather else []
        rows = rows or list(queryset.order_by("pk"))
        return self.rng.choice(rows) if rows else None

    def via_admin(self) -> bool:
        return self.rng.random() < 0.5

    def day(self) -> date:
        return date(2026, 1, 5) + timedelta(days=self.rng.randrange(100))

    # --- committees ----------------------------------------------------------------------------------------------

    def committee_add(self):
        parent, self.n = self.pick(Committee.objects.all()), self.n + 1
        members = self.rng.randrange(40)
        if self.via_admin():
            self.admin_save(Committee, code=f"N{self.n}", name=f"Chi bộ mới {self.n}", kind="grassroots_cell",
                       parent_code=parent.code, party_members=members, is_active="on")  # fmt: skip
        else:
            make_committee(parent, code=f"N{self.n}", name=f"Chi bộ mới {self.n}", party_members=members)

    def committee_edit(self):
        committee, members = self.pick(Committee.objects.all()), self.rng.randrange(60)
        if self.via_admin():
            self.admin_save(Committee, committee, party_members=members, cadres=self.rng.randrange(9))
        else:
            committee_services.committee_update(committee=committee, party_members=members)

    def committee_move(self):
        committee = self.pick(Committee.objects.filter(depth__gt=1))
        if committee is None:
            return
        parent = self.pick(Committee.objects.exclude(path__startswith=committee.path))
        if self.via_admin():
            self.admin_save(Committee, committee, parent_code=parent.code)
        else:
            committee_services.committee_move(committee=committee, parent=parent)

    def committee_delete(self):
        committee = self.pick(Committee.objects.filter(depth__gt=1), rather={"numchild": 0})
        if committee is None:
            return
        if self.via_admin():
            self.admin_delete(committee)  # the page refuses what records protect
        else:
            with suppress(ProtectedError):  # refused: records protect it
                committee_services.committee_delete(committee=committee)

    # --- collaborators -------------------------------------------------------------------------------------------

    def collaborator_add(self):
        committee, self.n = self.pick(Committee.objects.all()), self.n + 1
        if self.via_admin():
            self.admin_save(Collaborator, committee=committee.pk, full_name=f"Cộng tác viên {self.n}")
        else:
            collaborator_services.collaborator_create(by=self.user, committee=committee, full_name=f"CTV {self.n}")

    def collaborator_move(self):
        collaborator, committee = self.pick(Collaborator.objects.all()), self.pick(Committee.objects.all())
        if collaborator is None:
            return
        if self.via_admin():
            self.admin_save(Collaborator, collaborator, committee=committee.pk)
        else:
            collaborator_services.collaborator_update(collaborator=collaborator, by=self.user, committee=committee)

    def collaborator_delete(self):
        collaborator = self.pick(
            Collaborator.objects.filter(reports__isnull=True), rather={"briefing_invitations__isnull": False}
        )
        if collaborator is None:
            return
        if self.via_admin():
            self.admin_delete(collaborator)
        else:
            collaborator_services.collaborators_delete(collaborators=Collaborator.objects.filter(pk=collaborator.pk))

    # --- opinion reports -----------------------------------------------------------------------------------------

    def report_add(self):
        collaborator = self.pick(Collaborator.objects.filter(status=Collaborator.Status.ACTIVE))
        if collaborator is None:
            return
        topics = self.rng.sample(self.topics, k=self.rng.randint(1, 3))
        sentiment = self.rng.choice(OpinionReport.Sentiment.values)
        if self.via_admin():
            self.admin_save(OpinionReport, committee=collaborator.committee_id, collaborator=collaborator.pk,
                       entered_by=self.user.pk, reported_on=self.day().isoformat(), summary="Dư luận",
                       sentiment=sentiment, topics=[str(t.pk) for t in topics], spread="unit",
                       confidentiality="normal", channel="in_person")  # fmt: skip
        else:
            report_services.report_file(collaborator=collaborator, by=self.user, reported_on=self.day(),
                                        topics=topics, summary="Dư luận", sentiment=sentiment)  # fmt: skip

    def report_edit(self):
        report = self.pick(OpinionReport.objects.all())
        if report is None:
            return
        topics = self.rng.sample(self.topics, k=self.rng.randint(1, 2))
        if self.via_admin():
            hot_spot = "on" if self.rng.random() < 0.5 else None
            self.admin_save(OpinionReport, report, reported_on=self.day().isoformat(), is_hot_spot=hot_spot,
                            topics=[str(t.pk) for t in topics])  # fmt: skip
        else:
            report_services.report_update(report=report, topics=topics, reported_on=self.day(),
                                          sentiment=self.rng.choice(OpinionReport.Sentiment.values))  # fmt: skip

    def report_delete(self):
        report = self.pick(OpinionReport.objects.all())
        if report is None:
            return
        if self.via_admin():
            self.admin_delete(report)
        else:
            report_services.report_delete(reports=OpinionReport.objects.filter(pk=report.pk))

    # --- briefings, invitations, attendance ----------------------------------------------------------------------

    def briefing_add(self):
        committee, day = self.pick(Committee.objects.all()), self.day()
        status = self.rng.choice([Briefing.Status.SCHEDULED, Briefing.Status.HELD, Briefing.Status.HELD])
        if self.via_admin():
            self.admin_save(Briefing, committee=committee.pk, month=day.replace(day=1).isoformat(),
                       starts_at_0=day.isoformat(), starts_at_1="08:30", status=status, place="Hội trường",
                       duration_minutes=120)  # fmt: skip
        elif not Briefing.objects.filter(committee=committee, month=day.replace(day=1)).exists():  # one a month
            briefing = Briefing(committee=committee, month=day.replace(day=1), starts_at=at(day), status=status)
            briefing_services.briefing_save(briefing=briefing)

    def briefing_edit(self):
        briefing = self.pick(Briefing.objects.all(), rather={"invitations__isnull": False})
        if briefing is None:
            return
        day = self.day()
        if self.via_admin():
            status = self.rng.choice([Briefing.Status.SCHEDULED, Briefing.Status.HELD, Briefing.Status.CANCELLED])
            self.admin_save(Briefing, briefing, starts_at_0=day.isoformat(), starts_at_1="06:30",
                       month=day.replace(day=1).isoformat(), status=status)  # fmt: skip
        elif briefing.status in (Briefing.Status.SCHEDULED, Briefing.Status.HELD):
            marks = {pk: (self.rng.choice(MARKS[:4]), "Ốm") for pk in briefing.invitations.values_list("pk", flat=True)}
            briefing_services.briefing_record(briefing=briefing, attendance=marks, minutes="Biên bản",
                                              topics_discussed="", current_affairs="")  # fmt: skip

    def briefing_delete(self):
        briefing = self.pick(Briefing.objects.all(), rather={"invitations__isnull": False})
        if briefing is None:
            return
        if self.via_admin():
            self.admin_delete(briefing)
        else:
            briefing_services.briefings_delete(briefings=Briefing.objects.filter(pk=briefing.pk))

    def invitation_add(self):
        """Invite a few collaborators to a briefing."""
        briefing = self.pick(Briefing.objects.all())
        if briefing is None:
            return
        for collaborator in self.rng.sample(list(Collaborator.objects.order_by("pk")), k=3):
            if briefing.invitations.filter(collaborator=collaborator).exists():
                continue
            mark = self.rng.choice(MARKS)
            if self.via_admin():
                self.admin_save(BriefingInvitation, briefing=briefing.pk, collaborator=collaborator.pk,
                                invitee_committee=collaborator.committee_id, attendance=mark, excuse="Ốm")  # fmt: skip
            else:
                invitation = BriefingInvitation(
                    briefing=briefing, collaborator=collaborator, invitee_committee_id=collaborator.committee_id,
                    attendance=mark,
                )  # fmt: skip
                briefing_services.invitation_save(invitation=invitation)

    def invitation_edit(self):
        invitation = self.pick(BriefingInvitation.objects.all())
        if invitation is None:
            return
        mark = self.rng.choice(MARKS)
        if self.via_admin():
            self.admin_save(BriefingInvitation, invitation, attendance=mark, excuse="Ốm")
        else:
            invitation.attendance = mark
            briefing_services.invitation_save(invitation=invitation)

    def invitation_delete(self):
        invitation = self.pick(BriefingInvitation.objects.all())
        if invitation is None:
            return
        if self.via_admin():
            self.admin_delete(invitation)
        else:
            briefing_services.invitations_delete(invitations=BriefingInvitation.objects.filter(pk=invitation.pk))


# operation → its weight: records are added more often than deleted, so that there is something to count
OPERATIONS = {
    name: 4 if name == "invitation_add" else 3 if name.endswith("_add") else 2 if name.endswith("_edit") else 1
    for name in vars(Walk)
    if name.split("_")[0] in {"committee", "collaborator", "report", "briefing", "invitation"}
}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("seed", [20261203, 4])
def test_a_random_sequence_of_writes_keeps_every_rollup_equal_to_a_rebuild(tree, admin_client, admin_user, seed):
    rng = random.Random(seed)
    walk = Walk(rng, admin_client, admin_user)
    for _ in range(6):
        walk.collaborator_add()
    # Each operation at least once, then as their weights draw them.
    plan = rng.sample(list(OPERATIONS), k=len(OPERATIONS))
    plan += rng.choices(list(OPERATIONS), weights=list(OPERATIONS.values()), k=STEPS - len(plan))
    done, counted = [], 0
    for step, walk.operation in enumerate(plan):
        with suppress(ValidationError):  # refused by a rule (a report of an ended collaborator, a recording too early)
            getattr(walk, walk.operation)()
        done.append(walk.operation)
        assert_every_rollup_equals_a_rebuild(f"after step {step} ({walk.operation}); steps: {done}")
        counted = max(counted, BriefingInvitation.objects.filter(briefing__status=Briefing.Status.HELD).count())
    assert set(done) == set(OPERATIONS), "every kind of write was tried"
    assert set(walk.saved_in_admin) >= {"committee_add", "collaborator_add", "report_add", "invitation_add"}
    assert OpinionReport.objects.exists() and counted > 3


@time_machine.travel(NOW, tick=False)
def test_a_committee_whose_members_were_invited_is_kept_with_its_attendance_record(tree, admin_client, admin_user):
    """A collaborator invited as a member of committee X moves away; X is then deleted. Its invitations are the
    attendance record the counts hold: the deletion is refused (close X instead), in the services and the admin."""
    x = make_committee(tree.a, code="X", name="Chi bộ sắp giải thể")
    collaborator = collaborator_services.collaborator_create(by=admin_user, committee=x, full_name="Lê Thị Chuyển")
    briefing = briefing_services.briefing_save(
        briefing=Briefing(committee=tree.a, month=date(2026, 3, 1), starts_at=at(date(2026, 3, 10)), status="held")
    )
    briefing_services.invitation_save(
        invitation=BriefingInvitation(briefing=briefing, collaborator=collaborator, invitee_committee=x,
                                      attendance=Attendance.PRESENT)
    )  # fmt: skip
    collaborator_services.collaborator_update(collaborator=collaborator, by=admin_user, committee=tree.a1)
    with pytest.raises(ProtectedError):
        committee_services.committee_delete(committee=x)
    response = admin_delete(admin_client, x)
    assert response.status_code == 200 and Committee.objects.filter(pk=x.pk).exists()
    assert BriefingInvitation.objects.filter(invitee_committee=x).count() == 1
    assert_every_rollup_equals_a_rebuild()


@time_machine.travel(NOW, tick=False)
def test_an_invitation_moved_to_another_briefing_is_counted_there_and_no_longer_at_the_first(tree, admin_user):
    collaborator = collaborator_services.collaborator_create(by=admin_user, committee=tree.a1, full_name="Lê Thị Dời")
    march, april = (
        briefing_services.briefing_save(
            briefing=Briefing(
                committee=tree.a, month=date(2026, month, 1), starts_at=at(date(2026, month, 10)), status="held"
            )
        )
        for month in (3, 4)
    )
    invitation = briefing_services.invitation_save(
        invitation=BriefingInvitation(briefing=march, collaborator=collaborator, invitee_committee=tree.a1,
                                      attendance=Attendance.PRESENT)
    )  # fmt: skip
    invitation.briefing = april
    briefing_services.invitation_save(invitation=invitation)
    assert_every_rollup_equals_a_rebuild()


def test_only_the_services_keep_the_rollups():
    """The admin, the views, the importers and the tests write through the services; only these hold the keepers
    that count a change (so that no write path can forget them)."""
    root = Path(__file__).resolve().parents[2]
    keepers = re.compile(r"\b(reports_followed|invitations_followed|_shift_reports|_shift_attendance)\b")
    packages = [path for path in root.iterdir() if (path / "__init__.py").exists()]  # the project's own code
    holders = {
        str(path.relative_to(root))
        for package in packages
        for path in package.glob("**/*.py")
        if "migrations" not in path.parts and keepers.search(path.read_text())
    }
    holders.discard(str(Path(__file__).relative_to(root)))
    assert {holder for holder in holders if not holder.startswith("opinion/services/")} == set()
