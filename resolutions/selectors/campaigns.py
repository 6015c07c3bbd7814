"""Reads of study campaigns, within the reader's scope: the campaigns they organise or take part in, and each
target's steps with their state."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from urllib.parse import urlencode

import django_filters
from django.db.models import Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeSubtreeFilter
from committees.models import Committee
from core.filters import ListFilterSet, SearchFilter
from core.formatting import number, rate
from resolutions.models import Campaign, CampaignStep, CampaignTally, CampaignTarget, StepKind, StepReport, StepStatus
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
    """The steps ``target`` takes, each with its deadline, its report (its evidence, its connection points) and its
    state on ``today``: four queries."""
    campaign = target.campaign
    steps = CampaignStep.objects.filter(campaign=campaign, target_kind=target.kind).order_by("order", "pk")
    reported = StepReport.objects.filter(target=target).prefetch_related("evidence", "connection_points__host")
    reports = {report.step_id: report for report in reported}
    return [
        StepLine(step, due_on(campaign, step), reports.get(step.pk), step_status(
            due=due_on(campaign, step), report=reports.get(step.pk), today=today))
        for step in steps
    ]  # fmt: skip


# --- The progress board ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One step of one branch: how many of its targets take it, and what they reported of it."""

    expected: int = 0  # targets that take the step
    on_time: int = 0
    late: int = 0
    not_applicable: int = 0
    attended_above: int = 0
    overdue: int = 0  # not settled, and the step's deadline has passed

    @property
    def done(self) -> int:
        return self.on_time + self.late + self.attended_above

    @property
    def settled(self) -> int:
        """Done, or said not to apply: nothing more is awaited."""
        return self.done + self.not_applicable

    @property
    def not_due(self) -> int:
        return self.expected - self.settled - self.overdue

    @property
    def completion(self) -> float | None:
        return rate(self.settled, self.expected)

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.done)

    def count(self, status: str) -> int:
        """The targets in ``status`` (a ``StepStatus``)."""
        return getattr(self, status)

    # Written out: a board of the whole bloc adds thousands of cells, and ``astuple`` copies deeply.
    def __add__(self, other: "Cell") -> "Cell":
        return Cell(
            self.expected + other.expected, self.on_time + other.on_time, self.late + other.late,
            self.not_applicable + other.not_applicable, self.attended_above + other.attended_above,
            self.overdue + other.overdue,
        )  # fmt: skip

    def __sub__(self, other: "Cell") -> "Cell":
        return Cell(
            self.expected - other.expected, self.on_time - other.on_time, self.late - other.late,
            self.not_applicable - other.not_applicable, self.attended_above - other.attended_above,
            self.overdue - other.overdue,
        )  # fmt: skip


@dataclass(frozen=True)
class BoardRow:
    committee: Committee
    cells: list[Cell]  # one per step kind of the board's columns
    studied: int
    expected_members: int
    target_pk: int | None = None  # the row is the chosen committee taking part itself: its own steps page
    opens: bool = False  # committees below it take part: its own board drills down to them

    @property
    def total(self) -> Cell:
        return sum(self.cells, Cell())

    @property
    def coverage(self) -> float | None:
        return rate(self.studied, self.expected_members)

    def has(self, status: str) -> bool:
        return any(cell.count(status) for cell in self.cells)


@dataclass(frozen=True)
class Board:
    campaign: Campaign
    committee: Committee
    kinds: list[str]  # the step kinds, in their order, as the columns
    rows: list[BoardRow]
    total: BoardRow
    kind: str = ""  # the kind of target the board is narrowed to, if any
    status: str = ""  # only the rows with a target in this state, if any

    @property
    def columns(self) -> list[str]:
        return [StepKind(kind).label for kind in self.kinds]

    @property
    def lines(self) -> list[tuple[BoardRow, list[tuple[str, Cell]]]]:
        """Each row with its cells beside their step kinds, as the template walks them."""
        return [(row, list(zip(self.kinds, row.cells, strict=True))) for row in self.rows]

    @property
    def total_line(self) -> list[tuple[str, Cell]]:
        return list(zip(self.kinds, self.total.cells, strict=True))


BOARD_STATUSES = [StepStatus.OVERDUE, StepStatus.LATE, StepStatus.NOT_DUE, StepStatus.ON_TIME,
                  StepStatus.NOT_APPLICABLE, StepStatus.ATTENDED_ABOVE]  # fmt: skip


def campaign_board(user, campaign: Campaign, committee: Committee, *, today: date, kind="", status="") -> Board:
    """Progress of ``campaign`` under ``committee`` (which must be in the user's scope, so that everything under it
    is too), from the roll-up: the committee itself first when it takes part, then a row per committee right under
    it with targets in its subtree, each step's counts added up, and the members who studied of those expected
    (each member once: see ``CampaignTarget.counts_members``; reported or not) — numerators and denominators
    added, never percentages averaged. Narrowed to the targets of one ``kind``, and to the rows with a target in
    one ``status``, if given. Five queries, whatever the number of targets."""
    steps = [step for step in campaign.steps.order_by("order", "pk") if not kind or step.target_kind == kind]
    kinds = list(dict.fromkeys(step.kind for step in steps))
    column = {step.pk: kinds.index(step.kind) for step in steps}
    overdue = {step.pk for step in steps if today > due_on(campaign, step)}
    members_steps = {step.pk for step in steps if step.kind == StepKind.MEMBERS}
    cells: dict[int, list[Cell]] = {}  # committee -> its subtree's cells
    studied = Counter()
    targets_in: dict[int, dict[str, int]] = {}  # committee -> kind of target -> targets in its subtree
    target_kind = {step.pk: step.target_kind for step in steps}
    tallies = CampaignTally.objects.filter(
        step__in=list(column), committee__path__startswith=committee.path, committee__depth__lte=committee.depth + 1
    ).values_list("committee_id", "step_id", *CampaignTally.FIGURES)
    for committee_id, step_id, targets, on_time, late, not_applicable, attended_above, members in tallies:
        if not targets:
            continue
        targets_in.setdefault(committee_id, {})[target_kind[step_id]] = targets
        if step_id in members_steps:
            studied[committee_id] += members
        counted = Cell(targets, on_time, late, not_applicable, attended_above)
        if step_id in overdue:
            counted += Cell(overdue=targets - counted.settled)
        row = cells.setdefault(committee_id, [Cell()] * len(kinds))
        row[column[step_id]] += counted
    counting = CampaignTarget.objects.filter(
        campaign=campaign, counts_members=True, committee__path__startswith=committee.path
    )
    if kind:
        counting = counting.filter(kind=kind)
    length = (committee.depth + 1) * Committee.steplen
    expected_members = dict(
        counting.annotate(branch=Substr("committee__path", 1, length))
        .order_by()
        .values("branch")
        .annotate(members=Sum(F("committee__subtree_party_members") - F("committee__subtree_exempt_members")))
        .values_list("branch", "members")
    )
    children = list(
        Committee.objects.visible_to(user).children_of(committee).filter(pk__in=list(cells)).order_by("sort_name", "pk")
    )
    taking_part = dict(
        CampaignTarget.objects.filter(campaign=campaign, committee__in=[committee, *children]).values_list(
            "committee_id", "pk"
        )
    )

    def row_of(member: Committee, member_cells: list[Cell], member_studied: int, opens: bool) -> BoardRow:
        target_pk = taking_part.get(member.pk)
        return BoardRow(
            member, member_cells, member_studied, expected_members.get(member.path, 0), target_pk, opens=opens
        )

    rows = [
        row_of(
            child, cells[child.pk], studied[child.pk], sum(targets_in[child.pk].values()) > (child.pk in taking_part)
        )
        for child in children
    ]
    empty = [Cell()] * len(kinds)
    subtree = cells.get(committee.pk, empty)
    below = [pk for pk in cells if pk != committee.pk]
    own = [whole - sum((cells[pk][index] for pk in below), Cell()) for index, whole in enumerate(subtree)]
    if any(cell.expected for cell in own):
        rows.insert(0, row_of(committee, own, studied[committee.pk] - sum(studied[pk] for pk in below), False))
    total = BoardRow(committee, subtree, studied[committee.pk], sum(expected_members.values()))
    if status:
        rows = [row for row in rows if row.has(status)]
    return Board(campaign, committee, kinds, rows, total, kind, status)


@dataclass(frozen=True)
class LateLine:
    """A committee of the board with overdue steps: each step's name (in the language it is read in) and how many
    committees of its branch owe it."""

    committee: str
    steps: list[tuple[str, int]]

    def written(self) -> str:
        return "; ".join(f"{label} ({number(count)})" for label, count in self.steps)


def late_lines(board: Board) -> list[LateLine]:
    """The rows of the board with an overdue step: whom an urging letter or the organiser's weekly email names."""
    lines = []
    for row in board.rows:
        owed = [(StepKind(kind).label, cell.overdue) for kind, cell in zip(board.kinds, row.cells, strict=True)]
        if any(count for _label, count in owed):
            lines.append(LateLine(row.committee.name, [(label, count) for label, count in owed if count]))
    return lines


# --- The committees behind a figure ------------------------------------------------------------------------------


def in_status(campaign: Campaign, steps: list[CampaignStep], status: str, today: date) -> Q:
    """The targets with one of ``steps`` (all of one step kind, one per kind of target) in ``status`` on ``today``,
    as ``step_status`` has it."""
    reports = StepReport.objects.filter(target=OuterRef("pk"), step__in=steps)
    applies = Q(not_applicable="")
    done = applies & Q(attended_above=False, done_on__isnull=False)
    in_time = Q()
    for step in steps:
        in_time |= Q(step=step, done_on__lte=due_on(campaign, step))
    settled = Exists(reports.filter(~applies | Q(attended_above=True) | done))
    past_due = [step.target_kind for step in steps if today > due_on(campaign, step)]
    return {
        StepStatus.ON_TIME: Q(Exists(reports.filter(done & in_time))),
        StepStatus.LATE: Q(Exists(reports.filter(done & ~in_time))),
        StepStatus.NOT_APPLICABLE: Q(Exists(reports.filter(~applies))),
        StepStatus.ATTENDED_ABOVE: Q(Exists(reports.filter(applies & Q(attended_above=True)))),
        StepStatus.OVERDUE: ~Q(settled) & Q(kind__in=past_due),
        StepStatus.NOT_DUE: ~Q(settled) & ~Q(kind__in=past_due),
    }[status]


class CampaignTargetFilterSet(ListFilterSet):
    committee = CommitteeSubtreeFilter(label=_("Under"), help_text=_("This committee and those under it."))
    kind = django_filters.ChoiceFilter(label=_("Kind of committee"), choices=Committee.Kind.choices)
    step = django_filters.ChoiceFilter(label=_("Step"), choices=StepKind.choices, method="filter_step")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=StepStatus.choices, method="filter_step")

    class Meta:
        model = CampaignTarget
        fields = ["committee", "kind", "step", "status"]

    def __init__(self, *args, campaign: Campaign, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign, self.today = campaign, today

    def filter_step(self, queryset, name, value):
        return queryset  # both read together in filter_queryset, which knows the campaign's steps

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        step, status = self.form.cleaned_data.get("step"), self.form.cleaned_data.get("status")
        if not step and not status:
            return queryset
        steps = list(self.campaign.steps.all())
        kinds = [step] if step else list(dict.fromkeys(each.kind for each in steps))
        condition = Q(pk__in=[])
        for kind in kinds:
            taken = [each for each in steps if each.kind == kind]
            takes = Q(kind__in=[each.target_kind for each in taken])
            condition |= takes & (in_status(self.campaign, taken, status, self.today) if status else Q())
        return queryset.filter(condition)

    @property
    def chosen_step(self) -> str:
        return self.form.cleaned_data.get("step", "") if self.form.is_valid() else ""


@dataclass(frozen=True)
class TargetLine:
    target: CampaignTarget
    line: StepLine | None  # the chosen step's, when one is


def campaign_targets(user, campaign: Campaign, params, today: date) -> CampaignTargetFilterSet:
    """The targets of ``campaign`` that ``user`` may see, in tree order, filtered by ``params``: under a committee,
    of a kind, taking a step, with it (or any step) in a state — the committees behind each figure of the board."""
    targets = (
        CampaignTarget.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("committee")
        .order_by("committee__path")
    )
    return CampaignTargetFilterSet(params or None, queryset=targets, user=user, campaign=campaign, today=today)


def target_lines(campaign: Campaign, targets: list[CampaignTarget], step_kind: str, today: date) -> list[TargetLine]:
    """A page of targets, each with the chosen step's deadline, report and state: two queries."""
    if not step_kind:
        return [TargetLine(target, None) for target in targets]
    steps = {step.target_kind: step for step in campaign.steps.filter(kind=step_kind)}
    reports = {
        report.target_id: report for report in StepReport.objects.filter(target__in=targets, step__in=steps.values())
    }
    lines = []
    for target in targets:
        step = steps.get(target.kind)
        if step is None:
            lines.append(TargetLine(target, None))
            continue
        due, report = due_on(campaign, step), reports.get(target.pk)
        lines.append(TargetLine(target, StepLine(step, due, report, step_status(due=due, report=report, today=today))))
    return lines


# --- What the overview asks of a committee -----------------------------------------------------------------------

RECENT_CAMPAIGN_DAYS = 60  # a campaign stays on the overview this long after its last step's deadline
STEP_DUE_SOON_DAYS = 14  # a step not reported yet is shown this long before its deadline
CAMPAIGNS_SHOWN = 3


@dataclass(frozen=True)
class StepOverdue:
    """How many targets of a branch have not settled one step past its deadline: the board's figure, and the
    targets list it links to (under the committee, taking the step, overdue)."""

    step: str
    count: int
    url: str

    @property
    def label(self) -> str:
        return StepKind(self.step).label


@dataclass(frozen=True)
class CampaignDue:
    """A campaign under way in a committee's branch: the committee's own steps overdue or due soon, and the steps
    the targets of its branch (itself included) have let pass."""

    campaign: Campaign
    target: CampaignTarget | None  # the committee's own part, when it takes part
    steps: list[StepLine]
    overdue: list[StepOverdue]


def campaigns_due(user, committee: Committee, today: date) -> list[CampaignDue]:
    """The campaigns with targets in ``committee``'s branch whose last deadline is at most 60 days past, the latest
    begun first (three at most): the branch's overdue steps from the roll-up, the committee's own steps from its
    reports; a few queries each."""
    taking_part = CampaignTally.objects.filter(committee=committee, targets__gt=0).values("step__campaign")
    campaigns = (
        Campaign.objects.visible_to(user)
        .filter(pk__in=taking_part, starts_on__lte=today + timedelta(days=STEP_DUE_SOON_DAYS))
        .prefetch_related("steps")
        .order_by("-starts_on", "-pk")
    )
    recent = today - timedelta(days=RECENT_CAMPAIGN_DAYS)
    shown = []
    for campaign in campaigns.iterator(chunk_size=20):
        if any(due_on(campaign, step) >= recent for step in campaign.steps.all()):
            shown.append(campaign)
        if len(shown) == CAMPAIGNS_SHOWN:
            break
    own = {
        target.campaign_id: target for target in CampaignTarget.objects.filter(campaign__in=shown, committee=committee)
    }
    soon = today + timedelta(days=STEP_DUE_SOON_DAYS)
    due = []
    for campaign in shown:
        target = own.get(campaign.pk)
        if target is not None:
            target.campaign = campaign
        lines = target_steps(target, today) if target is not None else []
        owed = [
            line for line in lines
            if line.status == StepStatus.OVERDUE or (line.status == StepStatus.NOT_DUE and line.due <= soon)
        ]  # fmt: skip
        due.append(CampaignDue(campaign, target, owed, _overdue_steps(campaign, committee, today)))
    return due


def _overdue_steps(campaign: Campaign, committee: Committee, today: date) -> list[StepOverdue]:
    """Per kind of step past its deadline, the targets of the branch that have not settled it, as the board counts
    them (one query)."""
    past = {step.pk: step.kind for step in campaign.steps.all() if today > due_on(campaign, step)}
    tallies = CampaignTally.objects.filter(committee=committee, step__in=list(past)).values_list(
        "step_id", *CampaignTally.FIGURES[:-1]
    )
    owed = Counter()
    for step_id, targets, *reported in tallies:
        owed[past[step_id]] += targets - Cell(targets, *reported).settled
    return [
        StepOverdue(
            kind, count, targets_url(campaign.pk, committee=committee.code, step=kind, status=StepStatus.OVERDUE)
        )
        for kind in sorted(set(past.values()), key=list(StepKind).index)  # in the order a campaign takes them
        if (count := owed[kind])
    ]


def targets_url(campaign_pk: int, **filters: str) -> str:
    """The list of a campaign's targets narrowed by ``filters`` (committee, kind, step, status; the empty ones left
    out): where each figure of the campaign's progress leads, on the board and on the overview."""
    return f"{_targets_address(campaign_pk)}?{urlencode({name: value for name, value in filters.items() if value})}"


@lru_cache(maxsize=256)  # a board links thousands of figures; the address does not change while the application runs
def _targets_address(campaign_pk: int) -> str:
    return reverse("resolutions:campaign_targets", args=[campaign_pk])
