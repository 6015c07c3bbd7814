"""Reads of study campaigns, within the reader's scope: the campaigns they organise or take part in, and each
target's steps with their state."""

from dataclasses import astuple, dataclass
from datetime import date

import django_filters
from django.db.models import Case, CharField, Count, Exists, F, Max, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from core.filters import ListFilterSet, SearchFilter
from core.formatting import rate
from resolutions.models import Campaign, CampaignStep, CampaignTarget, StepKind, StepReport, StepStatus
from resolutions.models.campaigns import due_on, step_status


class CampaignFilterSet(ListFilterSet):
    q = SearchFilter(placeholder=_("Title"))
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="starts_on__year", empty_label=_("All years"))

    class Meta:
        model = Campaign
        fields = ["q", "year"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(year, year) for year in years]


def campaign_list(user, params) -> CampaignFilterSet:
    campaigns = Campaign.objects.visible_to(user)
    years = [day.year for day in campaigns.order_by().dates("starts_on", "year", order="DESC")]
    return CampaignFilterSet(params or None, queryset=campaigns.select_related("committee"), user=user, years=years)


@dataclass(frozen=True)
class StepLine:
    step: CampaignStep
    due: date
    report: StepReport | None
    status: str

    @property
    def status_label(self) -> str:
        return StepStatus(self.status).label


def target_steps(target: CampaignTarget, today: date) -> list[StepLine]:
    """The steps ``target`` takes, each with its deadline, its report (and its evidence) and its state on ``today``:
    three queries."""
    campaign = target.campaign
    steps = CampaignStep.objects.filter(campaign=campaign, target_kind=target.committee.kind).order_by("order", "pk")
    reports = {
        report.step_id: report for report in StepReport.objects.filter(target=target).prefetch_related("evidence")
    }
    return [
        StepLine(step, due_on(campaign, step), reports.get(step.pk), step_status(
            due=due_on(campaign, step), report=reports.get(step.pk), today=today))
        for step in steps
    ]  # fmt: skip


# --- The progress board ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One step of one branch: how many of its targets took it, and how."""

    expected: int = 0  # targets of the step's kind in the branch
    on_time: int = 0
    late: int = 0
    not_applicable: int = 0
    attended_above: int = 0

    @property
    def done(self) -> int:
        return self.on_time + self.late + self.attended_above

    @property
    def settled(self) -> int:
        """Done, or said not to apply: nothing more is awaited."""
        return self.done + self.not_applicable

    @property
    def completion(self) -> float | None:
        return rate(self.settled, self.expected)

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.done)

    def __add__(self, other: "Cell") -> "Cell":
        return Cell(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


@dataclass(frozen=True)
class BoardRow:
    committee: Committee
    cells: list[Cell]  # one per step kind of the board's columns
    studied: int
    expected_members: int
    target_pk: int | None = None  # the row's committee takes part itself: its own steps page
    targets: int = 0  # in its subtree, itself included

    @property
    def opens(self) -> bool:
        """Committees below it take part: its own board drills down to them."""
        return self.targets > (1 if self.target_pk else 0)

    @property
    def total(self) -> Cell:
        return sum(self.cells, Cell())

    @property
    def coverage(self) -> float | None:
        return rate(self.studied, self.expected_members)


@dataclass(frozen=True)
class Board:
    campaign: Campaign
    committee: Committee
    kinds: list[str]  # the step kinds, in their order, as the columns
    rows: list[BoardRow]
    total: BoardRow

    @property
    def columns(self) -> list[str]:
        return [StepKind(kind).label for kind in self.kinds]


def _state(campaign: Campaign, steps: list[CampaignStep]) -> Case:
    """A report's state in SQL, as ``step_status`` has it for a reported step (each step's deadline is a date)."""
    return Case(
        When(~Q(not_applicable=""), then=Value(StepStatus.NOT_APPLICABLE)),
        When(attended_above=True, then=Value(StepStatus.ATTENDED_ABOVE)),
        When(done_on__isnull=True, then=Value("")),
        *(When(step=step, done_on__lte=due_on(campaign, step), then=Value(StepStatus.ON_TIME)) for step in steps),
        default=Value(StepStatus.LATE),
        output_field=CharField(),
    )


def _members_expected(campaign: Campaign, targets, studying: list[str], length: int) -> dict[str, int]:
    """Per branch, the party members less the exempt expected to study: the subtrees of the studying targets that
    no other studying target of the campaign is above — a cell taking part under a committee taking part studies
    within that committee's figure, never counted twice."""
    studying_targets = CampaignTarget.objects.filter(campaign=campaign, committee__kind__in=studying)
    deepest = Committee.objects.aggregate(d=Max("depth"))["d"] or 1
    above = [Substr(OuterRef("committee__path"), 1, depth * Committee.steplen) for depth in range(1, deepest)]
    top_most = targets.filter(committee__kind__in=studying).exclude(
        Exists(studying_targets.filter(committee__path__in=above).exclude(pk=OuterRef("pk")))
    )
    members = F("committee__subtree_party_members") - F("committee__subtree_exempt_members")
    rows = (
        top_most.annotate(branch=Substr("committee__path", 1, length))
        .order_by()
        .values("branch")
        .annotate(members=Sum(members))
    )
    return {row["branch"]: row["members"] for row in rows}


def campaign_board(user, campaign: Campaign, committee: Committee) -> Board:
    """Progress of ``campaign`` under ``committee``: a row per committee right under it that the user may see (the
    targets in its subtree added up; the committee itself first when it takes part), each step's counts, and the
    members who studied of those expected (see ``_members_expected``; reported or not) — numerators and
    denominators added, never percentages averaged. Seven queries, whatever the number of targets."""
    length = (committee.depth + 1) * Committee.steplen
    targets = CampaignTarget.objects.visible_to(user).filter(
        campaign=campaign, committee__path__startswith=committee.path
    )
    steps = list(campaign.steps.order_by("order", "pk"))
    kinds = list(dict.fromkeys(step.kind for step in steps))
    kinds_of: dict[str, list[str]] = {}  # a kind of target -> the steps it takes
    for step in steps:
        kinds_of.setdefault(step.target_kind, []).append(step.kind)

    expected: dict[tuple[str, str], int] = {}  # (branch, step) -> targets that take it
    targets_in: dict[str, int] = {}
    by_kind = (
        targets.annotate(branch=Substr("committee__path", 1, length))
        .order_by()
        .values("branch", "committee__kind")
        .annotate(n=Count("pk"))
    )
    for row in by_kind:
        branch = row["branch"]
        targets_in[branch] = targets_in.get(branch, 0) + row["n"]
        for kind in kinds_of.get(row["committee__kind"], []):
            expected[branch, kind] = expected.get((branch, kind), 0) + row["n"]
    studying = [target_kind for target_kind, taken in kinds_of.items() if StepKind.MEMBERS in taken]
    expected_members = _members_expected(campaign, targets, studying, length)

    counts: dict[tuple[str, str, str], int] = {}
    studied: dict[str, int] = {}
    reports = (
        StepReport.objects.filter(target__in=targets)
        .annotate(branch=Substr("target__committee__path", 1, length), state=_state(campaign, steps))
        .order_by()
        .values("branch", "step__kind", "state")
        .annotate(n=Count("pk"), studied=Sum("members_studied"))
    )
    for row in reports:
        counts[row["branch"], row["step__kind"], row["state"]] = row["n"]
        if row["step__kind"] == StepKind.MEMBERS:
            studied[row["branch"]] = studied.get(row["branch"], 0) + row["studied"]

    def row_of(member: Committee, target_pk: int | None) -> BoardRow:
        branch = member.path
        cells = [
            Cell(
                expected=expected.get((branch, kind), 0),
                on_time=counts.get((branch, kind, StepStatus.ON_TIME), 0),
                late=counts.get((branch, kind, StepStatus.LATE), 0),
                not_applicable=counts.get((branch, kind, StepStatus.NOT_APPLICABLE), 0),
                attended_above=counts.get((branch, kind, StepStatus.ATTENDED_ABOVE), 0),
            )
            for kind in kinds
        ]
        return BoardRow(
            member, cells, studied.get(branch, 0), expected_members.get(branch, 0), target_pk, targets_in.get(branch, 0)
        )

    branches = {branch for branch, _kind in expected}
    own_targets = dict(targets.filter(committee__depth__lte=committee.depth + 1).values_list("committee_id", "pk"))
    children = Committee.objects.visible_to(user).children_of(committee).filter(path__in=branches)
    rows = [row_of(child, own_targets.get(child.pk)) for child in children.order_by("sort_name", "pk")]
    if committee.path in branches:
        rows.insert(0, row_of(committee, own_targets.get(committee.pk)))
    columns = [sum((row.cells[index] for row in rows), Cell()) for index in range(len(kinds))]
    total = BoardRow(committee, columns, sum(r.studied for r in rows), sum(r.expected_members for r in rows))
    return Board(campaign, committee, kinds, rows, total)
