"""Every roll-up the application keeps, read so that what was kept step by step can be compared with a rebuild from
the records: the opinion-report and attendance counts, the "attended the last briefing" flags, the committees'
subtree totals."""

from committees.models import Committee
from opinion.models import (
    BriefingInvitation,
    Collaborator,
)
from opinion.models.briefings import Briefing
from opinion.models.trainings import Attendance
from opinion.services.rollup_check import rollup_rows
from opinion.services.tallies import tallies_rebuild

HELD, PRESENT = Briefing.Status.HELD, Attendance.PRESENT
COUNTS = (
    "monthly report counts",
    "monthly report counts by topic",
    "daily report counts",
    "daily report counts by topic",
    "days the collaborators reported",
    "committees' attendance counts",
    "collaborators' attendance counts",
)


def kept_rows() -> dict[str, set]:
    """Every report and attendance count that counts something (the flags and totals are checked below against an
    oracle of their own)."""
    rows = rollup_rows()
    return {name: rows[name] for name in COUNTS}


def assert_kept_equals_rebuilt():
    """What the services kept step by step is what a rebuild from the records gives."""
    kept = kept_rows()
    tallies_rebuild()
    assert kept == kept_rows()


def direct_flags() -> dict[int, bool]:
    """Read from the records, the plain way: each collaborator's invitation to the last held briefing they were
    invited to, and whether it says present."""
    invitations = BriefingInvitation.objects.filter(briefing__status=HELD, collaborator__isnull=False)
    last = {}
    for collaborator_id, starts_at, briefing_id, attendance in invitations.values_list(
        "collaborator_id", "briefing__starts_at", "briefing_id", "attendance"
    ):
        last[collaborator_id] = max(last.get(collaborator_id, (starts_at, 0, "")), (starts_at, briefing_id, attendance))
    return {pk: pk in last and last[pk][2] == PRESENT for pk in Collaborator.objects.values_list("pk", flat=True)}


def stored_flags() -> dict[int, bool]:
    return dict(Collaborator.objects.values_list("pk", "attended_last_briefing"))


def committee_totals() -> dict[int, tuple]:
    return {row[0]: row[1:] for row in Committee.objects.values_list(
        "pk", "subtree_committees", "subtree_party_members", "subtree_cadres", "subtree_employees"
    )}  # fmt: skip


def assert_every_rollup_equals_a_rebuild(when: str = "") -> None:
    """Counts, flags and subtree totals as kept are what a rebuild from the records gives."""
    assert stored_flags() == direct_flags(), f"attended the last briefing, {when}"
    totals = committee_totals()
    Committee.objects.recompute_totals()
    assert committee_totals() == totals, f"subtree totals, {when}"
    kept = kept_rows()
    tallies_rebuild()
    assert kept_rows() == kept, f"report and attendance counts, {when}"
