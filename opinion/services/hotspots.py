"""Writes for grassroots hot spots (điểm nóng ở cơ sở).

A hot spot is a small state machine: open → monitoring → resolved, and back to open when it flares up again. The
allowed moves are in ``WORKFLOW`` (``core.workflow``); each has one service, and each move is recorded twice: in
the model's history (simple-history, with who) and as a dated entry of the follow-up log that people read.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.models import Committee
from committees.scoping import check_changeable, for_change
from core.changes import check_editable, save, update_fields
from core.workflow import Workflow, WorkflowError, steps
from opinion.models import Concern, HotSpot, HotSpotFollowUp, OpinionReport

Status = HotSpot.Status

# action → (statuses it may start from, status it leads to)
WORKFLOW = Workflow(
    steps({
        "monitor": ({Status.OPEN}, Status.MONITORING),
        "resolve": ({Status.OPEN, Status.MONITORING}, Status.RESOLVED),
        "reopen": ({Status.MONITORING, Status.RESOLVED}, Status.OPEN),
    }),
    status_labels=dict(Status.choices),
    action_labels={
        "monitor": gettext_lazy("put under monitoring"),
        "resolve": gettext_lazy("resolved"),
        "reopen": gettext_lazy("reopened"),
    },
    refusal=gettext_lazy("A hot spot that is %(status)s cannot be %(action)s."),
)  # fmt: skip
HOTSPOT_FIELDS = ("committee", "title", "description", "severity", "owner", "opened_on")


def allowed_actions(hot_spot: HotSpot) -> list[str]:
    return WORKFLOW.actions(hot_spot.status)


def _check_date(on: date, hot_spot: HotSpot) -> None:
    if on > timezone.localdate():
        raise WorkflowError(_("The date cannot be in the future."))
    if on < hot_spot.opened_on:
        raise WorkflowError(_("The date cannot be before the hot spot was opened."))


def hotspot_create(
    *,
    by,
    committee: Committee,
    title: str,
    description: str,
    severity: str = HotSpot.Severity.MEDIUM,
    owner=None,
    opened_on: date | None = None,
) -> HotSpot:
    with transaction.atomic():
        check_changeable(by, committee)
        opened_on = opened_on or timezone.localdate()
        if opened_on > timezone.localdate():
            raise WorkflowError(_("The date cannot be in the future."))
        hot_spot = HotSpot(
            committee=committee,
            title=title,
            description=description,
            severity=severity,
            owner=owner or by,
            opened_on=opened_on,
        )
        return save(hot_spot, by)


def links_outside(hot_spot: HotSpot, committee: Committee) -> int:
    """How many of the hot spot's reports and concerns are owned outside ``committee``'s subtree."""
    outside = {"committee__path__startswith": committee.path}
    return hot_spot.reports.exclude(**outside).count() + hot_spot.concerns.exclude(**outside).count()


def hotspot_update(*, hot_spot: HotSpot, by, **fields) -> HotSpot:
    """Change what the hot spot is about; its status changes only through the transitions below."""
    with transaction.atomic():
        check_editable(fields, HOTSPOT_FIELDS)
        locked = for_change(by, hot_spot)
        committee = fields.get("committee")
        if committee is not None and committee.pk != locked.committee_id:
            check_changeable(by, committee)
            if links_outside(locked, committee):
                raise WorkflowError(
                    _("Some linked reports or concerns belong outside the new committee; unlink them first.")
                )
        if "opened_on" in fields and fields["opened_on"] > timezone.localdate():
            raise WorkflowError(_("The date cannot be in the future."))
        update_fields(locked, fields, editable=HOTSPOT_FIELDS, by=by)
        return locked


def _transition(*, hot_spot: HotSpot, by, action: str, on: date | None, note: str, **changes) -> HotSpot:
    locked = for_change(by, hot_spot)
    target = WORKFLOW.target(action, locked.status)
    on = on or timezone.localdate()
    _check_date(on, locked)
    previous = locked.get_status_display()
    locked.status = target
    for name, value in changes.items():
        setattr(locked, name, value)
    locked._change_reason = action
    save(locked, by, update_fields=["status", *changes])
    entry = _("Status: %(from)s → %(to)s.") % {"from": previous, "to": locked.get_status_display()}
    HotSpotFollowUp.objects.create(hot_spot=locked, date=on, note=f"{entry} {note.strip()}".strip(), author=by)
    return locked


def hotspot_monitor(*, hot_spot: HotSpot, by, note: str = "", on: date | None = None) -> HotSpot:
    """The situation has calmed down but is still watched."""
    with transaction.atomic():
        return _transition(hot_spot=hot_spot, by=by, action="monitor", on=on, note=note)


def hotspot_resolve(*, hot_spot: HotSpot, by, outcome: str, on: date | None = None) -> HotSpot:
    """Resolved conclusively (giải quyết dứt điểm): the outcome is required."""
    with transaction.atomic():
        outcome = (outcome or "").strip()
        if not outcome:
            raise WorkflowError(_("Say how the hot spot was resolved."))
        on = on or timezone.localdate()
        return _transition(
            hot_spot=hot_spot, by=by, action="resolve", on=on, note=outcome, outcome=outcome, resolved_on=on
        )


def hotspot_reopen(*, hot_spot: HotSpot, by, reason: str, on: date | None = None) -> HotSpot:
    """It flared up again: back to open. The previous outcome stays in the history and the follow-up log."""
    with transaction.atomic():
        reason = (reason or "").strip()
        if not reason:
            raise WorkflowError(_("Say why the hot spot is reopened."))
        return _transition(hot_spot=hot_spot, by=by, action="reopen", on=on, note=reason, outcome="", resolved_on=None)


def hotspot_followup_add(*, hot_spot: HotSpot, by, on: date, note: str) -> HotSpotFollowUp:
    with transaction.atomic():
        locked = for_change(by, hot_spot)
        if locked.status == Status.RESOLVED:
            raise WorkflowError(_("The hot spot is resolved; reopen it to add to its follow-up."))
        note = (note or "").strip()
        if not note:
            raise WorkflowError(_("Say what happened."))
        _check_date(on, locked)
        return HotSpotFollowUp.objects.create(hot_spot=locked, date=on, note=note, author=by)


def linkable_reports(hot_spot: HotSpot, user):
    """Reports that may be linked: visible to the user and owned within the hot spot's committee subtree."""
    return OpinionReport.objects.visible_to(user).filter(committee__path__startswith=hot_spot.committee.path)


def linkable_concerns(hot_spot: HotSpot, user):
    return Concern.objects.visible_to(user).filter(committee__path__startswith=hot_spot.committee.path)


def hotspot_link(*, hot_spot: HotSpot, by, report_ids=(), concern_ids=()) -> tuple[int, int]:
    """Link reports and concerns behind the hot spot. Any id that is not linkable (outside the user's scope or the
    hot spot's subtree, or unknown) refuses the whole change."""
    with transaction.atomic():
        locked = for_change(by, hot_spot)
        report_ids, concern_ids = set(report_ids), set(concern_ids)
        reports = list(linkable_reports(locked, by).filter(pk__in=report_ids).values_list("pk", flat=True))
        concerns = list(linkable_concerns(locked, by).filter(pk__in=concern_ids).values_list("pk", flat=True))
        unknown = (report_ids - set(reports)) | (concern_ids - set(concerns))
        if unknown:
            raise WorkflowError(
                _("No report or concern you may link has the number %(numbers)s.")
                % {"numbers": ", ".join(str(n) for n in sorted(unknown))}
            )
        locked.reports.add(*reports)
        locked.concerns.add(*concerns)
        return len(reports), len(concerns)


def hotspot_unlink(*, hot_spot: HotSpot, by, report_ids=(), concern_ids=()) -> None:
    """Remove links; only links to records the user can see (the rest do not exist for them)."""
    with transaction.atomic():
        locked = for_change(by, hot_spot)
        if report_ids:
            locked.reports.remove(*OpinionReport.objects.visible_to(by).filter(pk__in=report_ids, hot_spots=locked))
        if concern_ids:
            locked.concerns.remove(*Concern.objects.visible_to(by).filter(pk__in=concern_ids, hot_spots=locked))
