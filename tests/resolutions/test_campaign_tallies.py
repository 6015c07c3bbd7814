"""The campaigns' progress roll-up stays equal to a rebuild from the records, whatever writes them: reports,
corrections, committees moved — and the board read from it gives the figures a direct count gives."""

import random
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from committees import rollups
from committees.models import Committee
from committees.services import committee_move
from resolutions.models import CampaignStep, CampaignTally, CampaignTarget, StepReport
from resolutions.models.campaigns import MEETINGS, due_on, step_status
from resolutions.selectors.campaigns import campaign_board
from resolutions.services.campaign_tallies import campaign_tallies_rebuild
from resolutions.services.campaigns import members_expected, step_report_save
from tests.resolutions.campaign_fixture import TODAY

pytestmark = pytest.mark.django_db
ISSUED = date(2026, 2, 20)  # the campaign's resolution: nothing is done before it


def assert_every_rollup_equals_a_rebuild():
    assert rollups.differences() == dict.fromkeys(rollups.differences(), 0)


def direct_board(campaign, committee) -> dict[str, tuple]:
    """Per committee right under ``committee`` (and ``committee`` itself, for its own target): per step kind,
    (targets, settled, overdue), and the members who studied — counted the plain way, from the records."""
    steps = list(campaign.steps.all())
    reports = {(r.target_id, r.step_id): r for r in StepReport.objects.filter(target__campaign=campaign)}
    found: dict[str, dict] = {}
    for target in CampaignTarget.objects.filter(campaign=campaign).select_related("committee"):
        path = target.committee.path
        if not path.startswith(committee.path):
            continue
        branch = path[: (committee.depth + 1) * Committee.steplen]
        row = found.setdefault(branch, {"studied": 0})
        for step in (step for step in steps if step.target_kind == target.kind):
            report = reports.get((target.pk, step.pk))
            status = step_status(due=due_on(campaign, step), report=report, today=TODAY)
            targets, settled, overdue = row.get(step.kind, (0, 0, 0))
            settled += status in ("on_time", "late", "not_applicable", "attended_above")
            row[step.kind] = (targets + 1, settled, overdue + (status == "overdue"))
            if step.kind == "members" and report is not None:
                row["studied"] += report.members_studied
    return found


def board_figures(board) -> dict[str, dict]:
    figures = {}
    for row in board.rows:
        cells = {
            kind: (cell.expected, cell.settled, cell.overdue)
            for kind, cell in zip(board.kinds, row.cells, strict=True)
            if cell.expected
        }
        figures[row.committee.path] = {"studied": row.studied, **cells}
    return figures


class Walk:
    """Random writes through the services: reports, corrections, committees moved."""

    def __init__(self, rng, campaign, by):
        self.rng, self.campaign, self.by = rng, campaign, by

    def report(self):
        target = self.rng.choice(
            list(CampaignTarget.objects.filter(campaign=self.campaign).select_related("committee"))
        )
        step = self.rng.choice(list(CampaignStep.objects.filter(campaign=self.campaign, target_kind=target.kind)))
        due = due_on(self.campaign, step)
        roll = self.rng.random()
        fields = {"done_on": None, "not_applicable": "", "attended_above": False, "members_studied": 0, "attendees": 0}
        if roll < 0.15:
            fields["not_applicable"] = "Đã sáp nhập"
        elif roll < 0.3:
            fields["attended_above"] = True
        elif roll < 0.9:
            fields["done_on"] = max(due + timedelta(days=self.rng.randint(-20, 20)), ISSUED)
            expected = members_expected(target.committee)
            fields["members_studied"] = self.rng.randint(0, expected)
            fields["attendees"] = self.rng.randint(1, 40) if step.kind in MEETINGS else 0
        # else: a report that says nothing yet (a draft of figures only)
        step_report_save(target=target, step=step, by=self.by, **fields)

    def move(self):
        committees = list(Committee.objects.exclude(depth=1))
        moved = self.rng.choice(committees)
        parents = [c for c in Committee.objects.all() if not c.path.startswith(moved.path)]
        committee_move(committee=moved, parent=self.rng.choice(parents))

    def step(self):
        (self.move if self.rng.random() < 0.2 else self.report)()


@pytest.mark.parametrize("seed", range(3))
def test_a_random_sequence_of_reports_corrections_and_moves_keeps_the_rollup_equal_to_a_rebuild(
    tree, campaign, bloc_staff, seed
):
    walk = Walk(random.Random(seed), campaign, bloc_staff)
    for _ in range(25):
        walk.step()
        assert_every_rollup_equals_a_rebuild()
    root = Committee.objects.get(pk=tree.root.pk)
    assert board_figures(campaign_board(bloc_staff, campaign, root, today=TODAY)) == direct_board(campaign, root)


def test_the_board_gives_what_a_direct_count_gives_on_every_level(tree, campaign, bloc_staff):
    for code in ("ROOT", "A", "A2"):
        committee = Committee.objects.get(code=code)
        assert board_figures(campaign_board(bloc_staff, campaign, committee, today=TODAY)) == direct_board(
            campaign, committee
        )


def test_a_correction_moves_the_counts_from_one_state_to_the_other(tree, campaign, bloc_staff):
    target = campaign.targets.get(committee=tree.a)
    step = campaign.steps.get(target_kind=target.kind, kind="plan")
    tally = CampaignTally.objects.get(step=step, committee=tree.root)
    assert (tally.targets, tally.on_time, tally.not_applicable) == (2, 1, 0)  # A and B, upper-grassroots
    step_report_save(target=target, step=step, by=bloc_staff, done_on=None, not_applicable="Không ban hành")
    tally.refresh_from_db()
    assert (tally.targets, tally.on_time, tally.not_applicable) == (2, 0, 1)


def test_a_cell_moved_out_from_under_a_committee_that_studies_is_counted_on_its_own(tree, campaign, bloc_staff):
    """A2C's 18 members were counted within A's; under C (a cell right under the bloc that studies) they are
    counted within C's; under the bloc itself, on their own."""
    rows = {row.committee.code: row for row in campaign_board(bloc_staff, campaign, tree.root, today=TODAY).rows}
    assert (rows["A"].expected_members, rows["C"].expected_members) == (53, 11)
    committee_move(committee=tree.a2c, parent=tree.root)
    rows = {row.committee.code: row for row in campaign_board(bloc_staff, campaign, tree.root, today=TODAY).rows}
    assert (rows["A"].expected_members, rows["A2C"].expected_members) == (35, 18)
    assert (rows["A"].studied, rows["A2C"].studied) == (20, 15)
    assert_every_rollup_equals_a_rebuild()


def test_a_move_refreshes_the_flags_of_only_the_campaigns_with_a_target_in_the_moved_subtree(
    tree, campaign, bloc_staff
):
    """At national scale a move must not walk every campaign: B's own campaign has no target under A2C, and a new
    committee under the bloc is nobody's target."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from resolutions.services.campaigns import campaign_start, default_steps
    from tests.factories import make_committee
    from tests.resolutions.campaign_fixture import EVERY_KIND

    campaign_start(
        by=bloc_staff, committee=tree.b, title="Học tập ở B", starts_on=date(2026, 3, 1),
        documents=list(campaign.documents.all()), steps=default_steps(EVERY_KIND), directly_under=False,
    )  # fmt: skip
    newcomer = make_committee(tree.root, code="X", name="Chi bộ mới thành lập", kind=Committee.Kind.GRASSROOTS_CELL)

    def flags_refreshed(committee, parent) -> set[str]:
        with CaptureQueriesContext(connection) as queries:
            committee_move(committee=committee, parent=parent)
        updates = [query["sql"] for query in queries if query["sql"].startswith('UPDATE "resolutions_campaigntarget"')]
        return {sql.split('"campaign_id" = ', 1)[1].split(" ", 1)[0].rstrip(")") for sql in updates}

    assert flags_refreshed(tree.a2c, tree.root) == {str(campaign.pk)}
    assert flags_refreshed(newcomer, tree.b) == set()
    assert_every_rollup_equals_a_rebuild()


def test_the_steps_changed_in_the_admin_are_counted_again(tree, campaign, admin_client):
    step = campaign.steps.get(target_kind=Committee.Kind.ATTACHED_CELL, kind="members")
    data = {
        "committee": campaign.committee_id, "title": campaign.title, "starts_on": "01/03/2026",
        "documents": ",".join(str(pk) for pk in campaign.documents.values_list("pk", flat=True)),
    }  # fmt: skip
    steps = list(campaign.steps.order_by("target_kind", "order", "pk"))
    prefix = "steps"
    data |= {f"{prefix}-TOTAL_FORMS": len(steps), f"{prefix}-INITIAL_FORMS": len(steps)}
    data |= {f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}
    for index, each in enumerate(steps):
        days = 70 if each.pk == step.pk else each.due_days  # A2C's members step, done 5/5, is now on time
        data |= {
            f"{prefix}-{index}-id": each.pk, f"{prefix}-{index}-campaign": campaign.pk,
            f"{prefix}-{index}-target_kind": each.target_kind, f"{prefix}-{index}-kind": each.kind,
            f"{prefix}-{index}-due_days": days, f"{prefix}-{index}-order": each.order,
        }  # fmt: skip
    response = admin_client.post(f"/admin/resolutions/campaign/{campaign.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    tally = CampaignTally.objects.get(step=step, committee=tree.root)
    assert (tally.on_time, tally.late) == (1, 0)
    assert_every_rollup_equals_a_rebuild()


def test_the_check_names_the_campaign_counts_when_they_differ(tree, campaign, capsys):
    call_command("check_rollups")
    assert "campaign progress counts: equal to a rebuild" in capsys.readouterr().out
    CampaignTally.objects.filter(committee=tree.a).update(late=9)  # behind the application's back
    with pytest.raises(CommandError):
        call_command("check_rollups")
    assert "campaign progress counts: " in capsys.readouterr().out
    campaign_tallies_rebuild()
    assert_every_rollup_equals_a_rebuild()


@pytest.mark.parametrize("key", ["step", "committee"])
def test_the_check_tells_two_progress_rows_that_traded_their_step_or_their_committee(tree, campaign, capsys, key):
    """Every figure is still there, on the wrong line: only a comparison that holds the row's key sees it."""
    from tests.factories import make_committee

    same = "committee" if key == "step" else "step"
    rows = CampaignTally.objects.order_by(same, key)
    first, second = next(
        (a, b)
        for a in rows
        for b in rows
        if getattr(a, f"{same}_id") == getattr(b, f"{same}_id") and a.pk != b.pk
        and [getattr(a, name) for name in CampaignTally.FIGURES] != [getattr(b, name) for name in CampaignTally.FIGURES]
    )  # fmt: skip
    aside = make_committee(tree.root, code="TAM")  # the first row steps aside: no two rows share a key meanwhile
    call_command("check_rollups")
    CampaignTally.objects.filter(pk=first.pk).update(committee=aside)
    CampaignTally.objects.filter(pk=second.pk).update(**{key: getattr(first, key)})
    CampaignTally.objects.filter(pk=first.pk).update(**{"committee": first.committee, key: getattr(second, key)})
    with pytest.raises(CommandError):
        call_command("check_rollups")
    assert "campaign progress counts: 4 rows differ" in capsys.readouterr().out


@pytest.mark.parametrize("figure", CampaignTally.FIGURES)
def test_a_progress_row_that_counts_any_one_figure_alone_is_compared(tree, campaign, capsys, figure):
    """Rows counting nothing are left out of the comparison (a rebuild does not write them); a row written behind the
    application's back that counts one figure only, whichever, is still found."""
    from tests.factories import make_committee

    aside = make_committee(tree.root, code="TAM")
    CampaignTally.objects.create(step=campaign.steps.first(), committee=aside)  # counts nothing: not a difference
    call_command("check_rollups")
    CampaignTally.objects.filter(committee=aside).update(**{figure: 1})
    with pytest.raises(CommandError):
        call_command("check_rollups")
    assert "campaign progress counts: 1 rows differ" in capsys.readouterr().out


def test_the_check_names_a_target_whose_members_were_made_to_count(tree, campaign, capsys):
    CampaignTarget.objects.filter(committee=tree.a1).update(counts_members=True)  # under A, whose members count
    with pytest.raises(CommandError):
        call_command("check_rollups")
    assert "campaign targets counting members: 1 rows differ" in capsys.readouterr().out


def test_a_campaign_started_counts_its_targets_and_whose_members_count_for_the_coverage(tree, campaign):
    assert CampaignTally.objects.filter(committee=tree.root).count() == campaign.steps.count()
    assert sorted(CampaignTarget.objects.filter(counts_members=True).values_list("committee__code", flat=True)) == [
        "A", "B", "C",
    ]  # fmt: skip


def test_the_rebuild_command_repairs_what_was_changed_behind_the_applications_back(tree, campaign, capsys):
    CampaignTally.objects.filter(committee=tree.a).update(on_time=5)
    CampaignTarget.objects.filter(committee=tree.a1).update(counts_members=True)
    call_command("rebuild_campaign_tallies")
    assert "rebuilt" in capsys.readouterr().out
    assert_every_rollup_equals_a_rebuild()
    assert not CampaignTarget.objects.get(committee=tree.a1, campaign=campaign).counts_members


def test_only_the_services_keep_the_campaign_counts():
    """Views, the admin, the demo and the tests write reports through the service, which moves the counts."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    holders = {
        str(path.relative_to(root))
        for package in ("committees", "core", "opinion", "resolutions", "reports")
        for path in (root / package).glob("**/*.py")
        if "report_moved(" in path.read_text()
    }
    assert holders == {"resolutions/services/campaign_tallies.py", "resolutions/services/campaigns.py"}
