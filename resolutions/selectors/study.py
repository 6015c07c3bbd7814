"""The study of resolutions over a subtree and a window, for the half-year report: the documents the subtree
issued, the campaign steps due in the window and how they were done, and how many members studied each campaign of
those expected, and the reflections and articles they wrote.

Read from the campaigns' roll-up (``CampaignTally``: the subtree's row of each step) as the progress board reads it,
so that the report and the board give one figure: a step counts in the window its deadline falls in; members who
studied are those its targets reported for the members' step, over the members (less those exempt) of the targets
that count them (``CampaignTarget.counts_members``); the reflections and articles are added up from the step
reports done in the window. Six queries whatever the number of committees.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Sum

from committees.models import Committee
from core.formatting import rate
from resolutions.models import Campaign, CampaignTally, CampaignTarget, PartyDocument, StepKind, StepReport
from resolutions.models.campaigns import deadline, due_on
from resolutions.selectors.campaigns import Cell


@dataclass(frozen=True)
class CampaignCoverage:
    campaign: int
    title: str
    studied: int = 0  # members who studied, as the subtree's targets reported them
    expected: int = 0  # members, less those exempt, of the targets that count them

    @property
    def coverage(self) -> float | None:
        return rate(self.studied, self.expected)


@dataclass(frozen=True)
class StudyFigures:
    documents_issued: int = 0  # party documents the subtree's committees issued in the window
    campaigns: int = 0  # campaigns with a step of the subtree's targets due in the window
    steps_due: int = 0  # targets' steps due in the window
    on_time: int = 0  # of those, done by their deadline
    late: int = 0  # done after it
    attended_above: int = 0  # attended at the higher level's conference instead
    not_applicable: int = 0
    studied: int = 0  # members who studied, over the campaigns below
    members_expected: int = 0
    reflections: int = 0  # written reflections (bài thu hoạch) the subtree's targets reported done in the window
    articles: int = 0  # articles, posts and bulletins they reported with them
    by_campaign: tuple[CampaignCoverage, ...] = ()

    @property
    def done(self) -> int:
        return self.on_time + self.late + self.attended_above


def study_figures(committee: Committee, start: date, end: date) -> StudyFigures:
    """The subtree's documents issued, campaign steps due, done and done on time, and study coverage by campaign."""
    issued = PartyDocument.objects.filter(committee.subtree(), issued_on__range=(start, end))
    documents_issued = issued.count()
    taking_part = CampaignTally.objects.filter(committee=committee, targets__gt=0).values("step__campaign")
    campaigns = list(
        Campaign.objects.filter(pk__in=taking_part, starts_on__lte=end).prefetch_related("steps").order_by("starts_on")
    )
    due = {
        step.pk: campaign
        for campaign in campaigns
        for step in campaign.steps.all()
        if start <= due_on(campaign, step) <= end
    }
    shown = [campaign for campaign in campaigns if any(owner is campaign for owner in due.values())]
    members_steps = [step.pk for campaign in shown for step in campaign.steps.all() if step.kind == StepKind.MEMBERS]
    tallies = CampaignTally.objects.filter(committee=committee, step__in=[*due, *members_steps]).order_by()
    counted = tallies.filter(step__in=list(due)).aggregate(
        steps_due=Sum("targets", default=0), on_time=Sum("on_time", default=0), late=Sum("late", default=0),
        attended_above=Sum("attended_above", default=0), not_applicable=Sum("not_applicable", default=0),
    )  # fmt: skip
    studied = dict(
        tallies.filter(step__in=members_steps)
        .values("step__campaign")
        .annotate(n=Sum("studied"))
        .values_list("step__campaign", "n")
    )
    expected = dict(
        CampaignTarget.objects.filter(committee.subtree(), campaign__in=shown, counts_members=True)
        .order_by()
        .values("campaign")
        .annotate(n=Sum(F("committee__subtree_party_members") - F("committee__subtree_exempt_members")))
        .values_list("campaign", "n")
    )
    lines = tuple(
        CampaignCoverage(campaign.pk, campaign.title, studied.get(campaign.pk, 0), expected.get(campaign.pk, 0))
        for campaign in shown
    )
    written = StepReport.objects.filter(committee.subtree("target__committee"), done_on__range=(start, end)).aggregate(
        reflections=Sum("reflections", default=0), articles=Sum("articles", default=0)
    )
    return StudyFigures(
        **written,
        documents_issued=documents_issued,
        campaigns=len(shown),
        **counted,
        studied=sum(line.studied for line in lines),
        members_expected=sum(line.expected for line in lines),
        by_campaign=lines,
    )


def steps_by_month(committee: Committee, first: date, last: date) -> dict[date, Cell]:
    """The subtree's campaign steps due in each month from ``first`` to ``last`` and what was reported of them
    (``Cell.expected``, ``Cell.done``…), keyed by the month's first day: ``study_figures``'s steps due and done, month
    by month, in one query."""
    tallies = CampaignTally.objects.filter(committee=committee, targets__gt=0, step__campaign__starts_on__lte=last)
    months: dict[date, Cell] = {}
    rows = tallies.values_list("step__campaign__starts_on", "step__due_days", *CampaignTally.FIGURES[:-1])
    for starts_on, due_days, *figures in rows:
        due = deadline(starts_on, due_days)
        if first <= due <= last:
            month = due.replace(day=1)
            months[month] = months.get(month, Cell()) + Cell(*figures)
    return months
