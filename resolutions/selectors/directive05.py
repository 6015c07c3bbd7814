"""Directive 05 figures over a subtree, one definition for the overview, the year's page and the reports to come:
how many committees recorded the year and with their plan, members who wrote a follow-up plan of those expected,
exemplary models, committees that revised their ethical criteria. A period's figures are those of the year it ends
in (members write their plan once a year); criteria revisions count by the day they were adopted."""

from dataclasses import dataclass, fields
from datetime import date

from django.db.models import Count, Value
from django.db.models.functions import Substr

from committees.models import Committee
from core.formatting import rate
from resolutions.models import CriteriaVersion, Criterion, Directive05Tally, FollowUpYear
from resolutions.services.directive05_tallies import year_counted


@dataclass(frozen=True)
class Directive05Figures:
    recorded: int = 0  # committees that recorded the year
    plans: int = 0  # of them, with their plan in the registry
    members_with_plan: int = 0
    members_expected: int = 0
    models: int = 0  # exemplary models and examples
    criteria_revised: int = 0  # committees that adopted a version of their criteria in the period

    def __add__(self, other: "Directive05Figures") -> "Directive05Figures":
        return Directive05Figures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def plan_rate(self) -> float | None:
        return rate(self.members_with_plan, self.members_expected)


def _figured(counts: dict[str, int]) -> dict[str, int]:
    """The roll-up's counts (``Directive05Tally.FIGURES``) under the names of ``Directive05Figures``."""
    return {("models" if name == "exemplary_models" else name): value for name, value in counts.items()}


def _tallied(committee_ids: list[int], year: int) -> dict[int, dict]:
    """{committee id: its subtree's counts for ``year``}, from the roll-up: one query, one row per committee."""
    rows = Directive05Tally.objects.filter(committee_id__in=committee_ids, year=year)
    rows = rows.values_list("committee_id", *Directive05Tally.FIGURES)
    return {pk: _figured(dict(zip(Directive05Tally.FIGURES, figures, strict=True))) for pk, *figures in rows}


def _revised(committee: Committee, start: date, end: date, length: int | None) -> dict[str, int]:
    """{branch path: committees that adopted a version of their criteria between ``start`` and ``end``}, the branch
    being the first ``length`` characters of a committee's path (``None``: the whole subtree). One query."""
    versions = CriteriaVersion.objects.filter(committee.subtree(), adopted_on__range=(start, end))
    branch = Substr("committee__path", 1, length) if length else Value("")
    rows = versions.annotate(branch=branch).values("branch").annotate(n=Count("committee", distinct=True)).order_by()
    return {row["branch"]: row["n"] for row in rows}


def directive05_figures(committee: Committee, start: date, end: date) -> Directive05Figures:
    """The Directive 05 figures of ``committee``'s subtree for the period from ``start`` to ``end`` (both in)."""
    counts = _tallied([committee.pk], end.year).get(committee.pk, {})
    return Directive05Figures(**counts, criteria_revised=_revised(committee, start, end, None).get("", 0))


@dataclass(frozen=True)
class OverviewRow:
    committee: Committee
    figures: Directive05Figures
    own: bool = False  # the committee's own year, not a branch under it


@dataclass(frozen=True)
class Overview:
    committee: Committee
    year: int
    rows: list[OverviewRow]
    total: Directive05Figures
    own_record: FollowUpYear | None


def directive05_overview(committee: Committee, year: int) -> Overview:
    """The year over ``committee``'s subtree: its own line, then one line per committee right under it holding the
    sums of that committee's subtree, and the total (the sum of the lines, equal to ``directive05_figures``)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    children = list(Committee.objects.children_of(committee).order_by("sort_name", "pk"))
    counts = _tallied([committee.pk, *(child.pk for child in children)], year)
    revised = _revised(committee, first, last, len(committee.path) + Committee.steplen)
    own_record = FollowUpYear.objects.filter(committee=committee, year=year).first()
    counted = year_counted(own_record)  # what the committee's own year adds to the roll-up, defined once there
    own = Directive05Figures(
        **_figured(counted.figures if counted else {}), criteria_revised=revised.get(committee.path, 0)
    )
    rows = [OverviewRow(committee, own, own=True)]
    rows += [
        OverviewRow(child, Directive05Figures(**counts.get(child.pk, {}), criteria_revised=revised.get(child.path, 0)))
        for child in children
        if child.is_active or child.pk in counts or child.path in revised
    ]
    total = Directive05Figures(**counts.get(committee.pk, {}), criteria_revised=sum(revised.values()))
    return Overview(committee, year, rows, total, own_record)


def directive05_years(user) -> list[int]:
    """The years some record in ``user``'s scope was kept for, newest first."""
    return list(FollowUpYear.objects.visible_to(user).order_by("-year").values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class CriterionChange:
    criterion: Criterion | None  # None: removed (``before`` is the one removed)
    before: Criterion | None  # the criterion of the version before it continues

    @property
    def change(self) -> str:
        if self.criterion is None:
            return "removed"
        if self.before is None:
            return "added"
        return "kept" if self.before.text == self.criterion.text else "revised"


@dataclass(frozen=True)
class VersionChanges:
    version: CriteriaVersion
    criteria: list[CriterionChange]  # in order, the removed ones last

    def count(self, change: str) -> int:
        return sum(1 for row in self.criteria if row.change == change)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def revised(self) -> int:
        return self.count("revised")

    @property
    def removed(self) -> int:
        return self.count("removed")


def criteria_history(committee: Committee) -> list[VersionChanges]:
    """Every version of ``committee``'s criteria, newest first, each compared with the version before it: which
    criteria were added, revised, kept and removed. Two queries."""
    versions = list(
        CriteriaVersion.objects.filter(committee=committee).select_related("document").order_by("adopted_on", "pk")
    )
    by_version: dict[int, list[Criterion]] = {version.pk: [] for version in versions}
    for criterion in Criterion.objects.filter(version__in=versions).order_by("version", "position"):
        by_version[criterion.version_id].append(criterion)
    history, before = [], {}
    for version in versions:
        criteria = by_version[version.pk]
        rows = [CriterionChange(criterion, before.get(criterion.revises_id)) for criterion in criteria]
        continued = {criterion.revises_id for criterion in criteria}
        rows += [CriterionChange(None, old) for pk, old in before.items() if pk not in continued]
        history.append(VersionChanges(version, rows))
        before = {criterion.pk: criterion for criterion in criteria}
    return history[::-1]
