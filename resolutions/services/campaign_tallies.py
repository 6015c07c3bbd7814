"""Keeping the campaigns' progress roll-up (``resolutions.models.tallies``) and the targets' ``counts_members``
flags equal to the records.

A report written or corrected moves its step's counts on the target's committee and on each of its ancestors, by
the difference between what the report counted before and after (``report_counted``), with ``UPDATE … SET n = n +
delta`` so that concurrent reporters add up. A committee moved carries its subtree's counts from the ancestors it
left to those it joined. A campaign started, or its start or steps changed in the admin, is rebuilt: one grouped
``INSERT … SELECT`` and one ``UPDATE … FROM`` per tree level, nothing read back into Python.
"""

from collections.abc import Iterable
from datetime import date
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.db.models.functions import Substr

from committees.models import Committee
from committees.rollups import carry_subtree, insert_select, lineages, shift, tree_depths, update_from
from core.database import analyze
from resolutions.models import Campaign, CampaignStep, CampaignTally, CampaignTarget, StepKind, StepReport
from resolutions.models.campaigns import due_on, step_status

REPORTED = ("on_time", "late", "not_applicable", "attended_above", "studied")


def report_counted(report: StepReport | None, due: date) -> dict[str, int]:
    """What one report adds to its step's counts: its state (as ``step_status`` has it) and the members who
    studied."""
    counted = dict.fromkeys(REPORTED, 0)
    if report is None:
        return counted
    state = step_status(due=due, report=report, today=date.min)  # never overdue: only what was reported counts
    if state in counted:
        counted[state] = 1
    counted["studied"] = report.members_studied
    return counted


def report_moved(target: CampaignTarget, step: CampaignStep, before: dict[str, int], after: dict[str, int]) -> None:
    """Move ``step``'s counts on the target's committee and its ancestors by what its report changed."""
    change = {name: after[name] - before[name] for name in REPORTED}
    chain = lineages([target.committee_id])[target.committee_id]  # PROTECT: a target's committee exists
    shift(CampaignTally, ("step_id", "committee_id"), {(step.pk, pk): change for pk in chain})


# --- Rebuilding from the records ---------------------------------------------------------------------------------


def _counts(campaign: Campaign, steps: list[CampaignStep]) -> dict:
    """The reports' counts by state, in SQL, as ``report_counted`` has them (named apart from the fields they
    count: an annotation named ``not_applicable`` would shadow the field its own filter reads)."""
    applies = Q(not_applicable="")
    done = applies & Q(attended_above=False, done_on__isnull=False)
    in_time = reduce(or_, (Q(step=step, done_on__lte=due_on(campaign, step)) for step in steps))
    return {
        "n_on_time": Count("pk", filter=done & in_time),
        "n_late": Count("pk", filter=done & ~in_time),
        "n_not_applicable": Count("pk", filter=~applies),
        "n_attended_above": Count("pk", filter=applies & Q(attended_above=True)),
        "n_studied": Sum("members_studied"),
    }


def members_flags_refresh(campaign: Campaign) -> None:
    """Flag the targets whose subtree's members the campaign's coverage counts: those that study (take the members'
    step) with no target that studies above them, so that a cell studying inside a committee that studies is
    counted once, within the committee."""
    studying = list(campaign.steps.filter(kind=StepKind.MEMBERS).values_list("target_kind", flat=True))
    targets = CampaignTarget.objects.filter(campaign=campaign)
    deepest = Committee.objects.aggregate(d=Max("depth"))["d"] or 1
    above = [Substr(OuterRef("committee__path"), 1, depth * Committee.steplen) for depth in range(1, deepest)]
    studiers = targets.filter(kind__in=studying)
    top_most = studiers.exclude(Exists(studiers.filter(committee__path__in=above).exclude(pk=OuterRef("pk"))))
    targets.filter(counts_members=True).update(counts_members=False)
    targets.filter(pk__in=top_most.values("pk")).update(counts_members=True)


def campaign_tallies_rebuild(campaigns: Iterable[Campaign] | None = None) -> None:
    """Recompute the counts and flags of ``campaigns`` (by default every one) from their targets and reports."""
    with transaction.atomic():
        for campaign in Campaign.objects.all() if campaigns is None else campaigns:
            _rebuild(campaign)
        if campaigns is None:
            analyze(CampaignTally, CampaignTarget)


def _rebuild(campaign: Campaign) -> None:
    CampaignTally.objects.filter(step__campaign=campaign).delete()
    members_flags_refresh(campaign)
    steps = list(campaign.steps.all())
    if not steps:
        return
    quote = connection.ops.quote_name
    for depth in tree_depths():
        length = depth * Committee.steplen
        targets = (
            CampaignTarget.objects.filter(campaign=campaign, committee__depth__gte=depth)
            .annotate(branch=Substr("committee__path", 1, length), k=F("kind"))
            .order_by()
            .values("branch", "k")
            .annotate(n=Count("pk"))
        )
        insert_select(
            CampaignTally, ["committee", "step", "targets"], "c.id, s.id, g.n", targets, by_branch=True,
            join=f"INNER JOIN {quote(CampaignStep._meta.db_table)} s ON s.target_kind = g.k AND s.campaign_id = %s",
            join_params=[campaign.pk],
        )  # fmt: skip
        reports = (
            StepReport.objects.filter(step__campaign=campaign, target__committee__depth__gte=depth)
            .annotate(branch=Substr("target__committee__path", 1, length), st=F("step_id"))
            .order_by()
            .values("branch", "st")
            .annotate(**_counts(campaign, steps))
        )
        table = quote(CampaignTally._meta.db_table)
        update_from(
            CampaignTally,
            reports,
            assignments={name: f"g.n_{name}" for name in REPORTED},
            match=f"{table}.committee_id = c.id AND {table}.step_id = g.st",
        )


# --- A committee moves -------------------------------------------------------------------------------------------


def campaign_tallies_committee_moved(*, committee: Committee, old_ancestor_ids: list[int]) -> None:
    """What ``committee``'s subtree counts leaves the ancestors it left and joins those it joined; the targets
    that study under it may have gained or lost a target that studies above them."""
    carry_subtree(
        CampaignTally, ("step_id",), CampaignTally.FIGURES, committee=committee, old_ancestor_ids=old_ancestor_ids
    )
    for campaign in Campaign.objects.filter(
        Exists(CampaignTarget.objects.filter(campaign=OuterRef("pk"), committee__path__startswith=committee.path))
    ):
        members_flags_refresh(campaign)


def on_committee_moved(sender, *, committee: Committee, old_ancestor_ids: list[int], **kwargs) -> None:
    """Receives ``committees.signals.committee_moved`` (the committees app cannot call this app)."""
    campaign_tallies_committee_moved(committee=committee, old_ancestor_ids=old_ancestor_ids)


def rollup_rows() -> dict[str, set]:
    """The roll-up's rows that count something and the flags, comparable across a rebuild."""
    return {
        "campaign progress counts": set(
            CampaignTally.objects.exclude(targets=0, **dict.fromkeys(REPORTED, 0)).values_list(
                "step_id", "committee_id", *CampaignTally.FIGURES
            )
        ),
        "campaign targets counting members": set(
            CampaignTarget.objects.filter(counts_members=True).values_list("pk", flat=True)
        ),
    }
