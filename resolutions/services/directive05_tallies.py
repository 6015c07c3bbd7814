"""Keeping the Directive 05 roll-up (``resolutions.models.Directive05Tally``) equal to the records.

A year recorded or changed moves the counts of its committee and of each of its ancestors by the difference between
what it counted before and after (``year_counted``), with ``UPDATE … SET n = n + delta`` so that concurrent writers add
up. A committee moved carries its subtree's counts from the ancestors it left to those it joined. The rebuild is one
grouped ``INSERT … SELECT`` and one ``UPDATE … FROM`` per tree level, nothing read back into Python.
"""

from typing import NamedTuple

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr

from committees.models import Committee
from committees.rollups import carry_subtree, insert_select, lineages, shift, tree_depths, update_from
from core.database import analyze
from resolutions.models import Directive05Tally, ExemplaryModel, FollowUpYear

FIGURES = Directive05Tally.FIGURES


class Counted(NamedTuple):
    """What one committee's year adds to the counts of its committee and its ancestors, for its year."""

    committee_id: int
    year: int
    figures: dict[str, int]


def year_counted(record: FollowUpYear | None) -> Counted | None:
    if record is None or record.pk is None:
        return None
    figures = {
        "recorded": 1, "plans": int(record.plan_id is not None), "members_with_plan": record.members_with_plan,
        "members_expected": record.members_expected, "exemplary_models": record.exemplary_models.count(),
    }  # fmt: skip
    return Counted(record.committee_id, record.year, figures)


def year_moved(before: Counted | None, after: Counted | None) -> None:
    """Move the counts by what a year's change changed: taken from where it counted, added where it counts now."""
    deltas: dict[tuple, dict[str, int]] = {}
    chains = lineages({c.committee_id for c in (before, after) if c})
    for counted, sign in ((before, -1), (after, 1)):
        if counted is None:
            continue
        for pk in chains[counted.committee_id]:  # PROTECT: a year's committee exists
            row = deltas.setdefault((pk, counted.year), dict.fromkeys(FIGURES, 0))
            for name in FIGURES:
                row[name] += sign * counted.figures[name]
    shift(Directive05Tally, ("committee_id", "year"), deltas)


def directive05_tallies_rebuild() -> None:
    """Recompute every count from the years and their models."""
    Directive05Tally.objects.all().delete()
    table = Directive05Tally._meta.db_table
    for depth in tree_depths():
        length = depth * Committee.steplen
        years = (
            FollowUpYear.objects.filter(committee__depth__gte=depth)
            .annotate(branch=Substr("committee__path", 1, length), y=F("year"))
            .order_by()
            .values("branch", "y")
            .annotate(
                n=Count("pk"), p=Count("pk", filter=Q(plan__isnull=False)), w=Sum("members_with_plan"),
                e=Sum("members_expected"),
            )
        )  # fmt: skip
        insert_select(
            Directive05Tally, ["committee", "year", "recorded", "plans", "members_with_plan", "members_expected"],
            "c.id, g.y, g.n, g.p, g.w, g.e", years, by_branch=True,
        )  # fmt: skip
        models = (
            ExemplaryModel.objects.filter(year_record__committee__depth__gte=depth)
            .annotate(branch=Substr("year_record__committee__path", 1, length), y=F("year_record__year"))
            .order_by()
            .values("branch", "y")
            .annotate(m=Count("pk"))
        )
        update_from(
            Directive05Tally, models, assignments={"exemplary_models": "g.m"},
            match=f"{table}.committee_id = c.id AND {table}.year = g.y",
        )  # fmt: skip
    analyze(Directive05Tally)


def on_committee_moved(sender, *, committee: Committee, old_ancestor_ids: list[int], **kwargs) -> None:
    """Receives ``committees.signals.committee_moved`` (the committees app cannot call this app)."""
    carry_subtree(Directive05Tally, ("year",), FIGURES, committee=committee, old_ancestor_ids=old_ancestor_ids)


def rollup_rows() -> dict[str, set]:
    counting = Directive05Tally.objects.exclude(**dict.fromkeys(FIGURES, 0))
    return {"Directive 05 counts": set(counting.values_list("committee_id", "year", *FIGURES))}
