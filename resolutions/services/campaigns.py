"""Study campaigns: starting one (its targets chosen by kind), reporting a step, and what state each step is in.
Views check who may call these; these functions keep the data consistent and inside the caller's scope."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from committees.models import Committee
from committees.scoping import check_changeable, for_change, scope_of
from core import uploads
from core.changes import save
from resolutions.models.campaigns import (
    MEETINGS,
    Campaign,
    CampaignStep,
    CampaignTarget,
    ConnectionPoint,
    StepEvidence,
    StepKind,
    StepReport,
    StudyFormat,
    Urging,
    due_on,
)
from resolutions.models.documents import PartyDocument
from resolutions.services.campaign_tallies import campaign_tallies_rebuild, report_counted, report_moved

BATCH = 5000

# The steps a campaign asks of each kind of target, and their deadlines in days after its start, as a department
# plans them (the organiser adjusts them in the admin). Committees below the grassroots level study, they issue
# nothing of their own.
_ISSUING = [
    (StepKind.ANNOUNCEMENT, 3), (StepKind.PLAN, 15), (StepKind.KEY_CADRES, 30), (StepKind.MEMBERS, 60),
    (StepKind.REFLECTIONS, 75), (StepKind.PUBLICITY, 60), (StepKind.ACTION_PROGRAMME, 90),
]  # fmt: skip
_STUDYING = [(StepKind.MEMBERS, 60), (StepKind.REFLECTIONS, 75)]
DEFAULT_STEPS = {
    Committee.Kind.UPPER_GRASSROOTS: _ISSUING,
    Committee.Kind.GRASSROOTS: _ISSUING,
    Committee.Kind.GRASSROOTS_CELL: _ISSUING,
    Committee.Kind.PARTIAL: _STUDYING,
    Committee.Kind.ATTACHED_CELL: _STUDYING,
}


def default_steps(kinds) -> list[tuple[str, str, int]]:
    """(kind of target, step, days) for ``kinds``, as ``campaign_start`` takes them."""
    return [(kind, step, days) for kind in kinds for step, days in DEFAULT_STEPS[kind]]


def targets_of(organiser: Committee, kinds: Iterable[str], *, directly_under: bool):
    """The active committees of ``kinds`` right under the organiser, or anywhere below it."""
    below = (
        Committee.objects.children_of(organiser)
        if directly_under
        else Committee.objects.filter(path__startswith=organiser.path, depth__gt=organiser.depth)
    )
    return below.active().filter(kind__in=list(kinds))


def campaign_start(
    *, by, committee: Committee, title: str, starts_on: date, documents: Iterable[PartyDocument],
    steps: Iterable[tuple[str, str, int]], directly_under: bool = True,
) -> Campaign:  # fmt: skip
    """Start a campaign of ``committee`` on ``documents``; ``steps`` are (kind of target, step, days after the
    start): the kinds of target are those the steps name, and every committee of those kinds below the organiser
    (or right under it) becomes a target, in one bulk insert."""
    with transaction.atomic():
        check_changeable(by, committee)
        steps = list(steps)
        kinds = sorted({target_kind for target_kind, _step, _days in steps})
        campaign = save(
            Campaign(
                committee=committee, title=title, starts_on=starts_on, target_kinds=kinds, directly_under=directly_under
            ),
            by,
        )
        campaign.documents.set(documents)
        CampaignStep.objects.bulk_create(
            CampaignStep(campaign=campaign, target_kind=target_kind, kind=kind, due_days=days, order=order)
            for order, (target_kind, kind, days) in enumerate(steps)
        )
        targets = targets_of(committee, kinds, directly_under=directly_under).values_list("pk", "kind")
        CampaignTarget.objects.bulk_create(
            (CampaignTarget(campaign=campaign, committee_id=pk, kind=kind) for pk, kind in targets.iterator()),
            batch_size=BATCH,
        )
        campaign_tallies_rebuild([campaign])
        return campaign


REPORT_FIELDS = (
    "done_on", "not_applicable", "attended_above", "format", "evidence_number", "evidence_date", "sessions",
    "attendees", "members_studied", "non_members", "reflections", "articles",
)  # fmt: skip


def members_expected(committee: Committee) -> int:
    """Who is expected to study in a target: the party members of its subtree less those exempt from meetings."""
    return committee.subtree_party_members - committee.subtree_exempt_members


def check_report(report: StepReport, *, expected: int, issued: date | None) -> None:
    """The figures a target reports, checked: a clear message on the field, nothing saved."""
    errors = {}
    if report.members_studied > expected:
        errors["members_studied"] = _(
            "More members studied (%(studied)s) than are expected to study (%(expected)s: the party members less "
            "those exempt from meetings)."
        ) % {"studied": report.members_studied, "expected": expected}
    if report.done_on and report.step.kind in MEETINGS and not report.attended_above and not report.attendees:
        errors["attendees"] = _("A conference held had people in it: give the number of attendees.")
    if report.done_on and issued and report.done_on < issued:
        errors["done_on"] = _("The step cannot be done before the document it studies was issued (%(day)s).") % {
            "day": f"{issued:%d/%m/%Y}"
        }
    if report.not_applicable and (report.done_on or report.attended_above):
        errors["not_applicable"] = _("A step done, or attended above, is not “not applicable”.")
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class Point:
    """A connection point as a report gives it: the committee that hosted it, where, and who attended there."""

    host: Committee
    attendees: int
    place: str = ""


def check_points(report: StepReport, points: list[Point]) -> None:
    """The connection points of a conference followed online: only a meeting held online or both ways has them,
    each hosted in the target's own subtree, and the attendees reported are theirs added up."""
    if not points:
        return
    errors = {}
    if report.step.kind not in MEETINGS or report.format not in (StudyFormat.ONLINE, StudyFormat.BOTH):
        errors["format"] = _("Connection points belong to a conference held online, or both in person and online.")
    committee = report.target.committee
    if any(not point.host.path.startswith(committee.path) for point in points):
        errors["attendees"] = _("A connection point is hosted by the committee itself or a committee under it.")
    total = sum(point.attendees for point in points)
    if not report.attendees:
        report.attendees = total
    elif report.attendees != total:
        errors["attendees"] = _(
            "The attendees (%(attendees)s) are those of the connection points added up (%(total)s)."
        ) % {"attendees": report.attendees, "total": total}
    if errors:
        raise ValidationError(errors)


def step_report_save(
    *, target: CampaignTarget, step: CampaignStep, by, evidence=None, evidence_title: str = "",
    points: list[Point] | None = None, **fields,
) -> StepReport:  # fmt: skip
    """Record (or correct) what ``target`` did of ``step``, with a file that shows it and the connection points it
    hosted, if given (``points`` replace those reported before; None keeps them); ``by`` must be able to change the
    target committee's records (the target's own officers, or those above it)."""
    with transaction.atomic():
        check_changeable(by, target.committee)
        if step.campaign_id != target.campaign_id or step.target_kind != target.kind:
            raise ValueError("This step is not one this target takes.")
        unknown = set(fields) - set(REPORT_FIELDS)
        if unknown:
            raise TypeError(f"Not editable on a step report: {sorted(unknown)}")
        report = StepReport.objects.select_for_update().filter(target=target, step=step).first() or StepReport(
            target=target, step=step
        )
        due = due_on(target.campaign, step)
        before = report_counted(report if report.pk else None, due)
        for name, value in fields.items():
            setattr(report, name, value)
        expected = members_expected(target.committee)
        report.members_expected = expected
        latest_issued = PartyDocument.objects.filter(campaigns=target.campaign_id).aggregate(d=models.Max("issued_on"))[
            "d"
        ]
        if points is not None:
            check_points(report, points)
        check_report(report, expected=expected, issued=latest_issued)
        save(report, by)
        if points is not None:
            report.connection_points.all().delete()
            ConnectionPoint.objects.bulk_create(
                ConnectionPoint(report=report, host=point.host, place=point.place, attendees=point.attendees)
                for point in points
            )
        report_moved(target, step, before, report_counted(report, due))
        if evidence is not None:
            uploads.store(StepEvidence(report=report, title=evidence_title, uploaded_by=by), evidence)
        return report


def urging_log(*, target: CampaignTarget, by, urged_on: date, channel: str, note: str = "") -> Urging:
    """Log that a committee above ``target`` urged it (đôn đốc): ``by`` works for a committee above the target, not
    the target itself, and may change its records."""
    check_changeable(by, target.committee)
    scope = scope_of(by)
    if not scope.everything and scope.committee.pk == target.committee_id:
        raise PermissionDenied("A committee is urged by those above it.")
    urging = Urging(target=target, by=by, urged_on=urged_on, channel=channel, note=note)
    urging.full_clean()
    urging.save()
    return urging


@dataclass(frozen=True)
class StepRow:
    """A step as the organiser sets it: ``pk`` for one the campaign has (its kinds stay: a different step is
    another row), None for a new one."""

    target_kind: str
    kind: str
    due_days: int
    order: int = 0
    pk: int | None = None


def campaign_steps_set(*, campaign: Campaign, by, steps: list[StepRow], removed: Iterable[int] = ()) -> None:
    """The organiser adjusts its campaign's steps: deadlines and order, steps added for the kinds of committee
    taking part, steps removed. A step some committee has reported cannot be removed (its report would go with
    it). The progress is counted again: every deadline may be new."""
    with transaction.atomic():
        campaign = for_change(by, campaign)
        removed = set(removed)
        have = {step.pk: step for step in CampaignStep.objects.filter(campaign=campaign)}
        if any(row.pk is not None and row.pk not in have for row in steps) or not removed <= set(have):
            raise ValueError("Not a step of this campaign.")
        kept = [have[pk] for pk in have if pk not in removed]
        keys = [(step.target_kind, step.kind) for step in kept] + [
            (r.target_kind, r.kind) for r in steps if r.pk is None
        ]
        errors = []
        if any(target_kind not in campaign.target_kinds for target_kind, _kind in keys):
            errors.append(_("Only the kinds of committee taking part have steps."))
        if len(keys) != len(set(keys)):
            errors.append(_("A kind of committee takes each step once."))
        for step in CampaignStep.objects.filter(pk__in=removed, reports__isnull=False).distinct():
            errors.append(
                _("“%(step)s” of the %(kind)s has been reported: it cannot be removed.")
                % {"step": step.get_kind_display(), "kind": step.get_target_kind_display().lower()}
            )
        if errors:
            raise ValidationError(errors)
        CampaignStep.objects.filter(pk__in=removed).delete()
        for row in steps:
            step = (
                have[row.pk] if row.pk else CampaignStep(campaign=campaign, target_kind=row.target_kind, kind=row.kind)
            )
            step.due_days, step.order = row.due_days, row.order
            step.save()
        campaign_tallies_rebuild([campaign])
