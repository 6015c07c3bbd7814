"""Concerns (tâm tư, nguyện vọng, kiến nghị) and dialogue sessions: every write, and the concern workflow.

The workflow is a small state machine kept here and nowhere else: ``WORKFLOW`` says which action leads from which
status to which (``core.workflow``), each step has one service, and every step is recorded as a
``ConcernTransition`` with who took it and when. A step the table does not allow, or one taken without what it
requires, is refused with ``WorkflowError``, which forms show as a field or form error.

    received ──► advising ──► resolved      (outcome required)
        │            ├──────► forwarded     (to another committee: a new received concern is opened there)
        └────────────┴──────► not_accepted  (reason required)

A concern may be forwarded or refused as soon as it is received (it is not this committee's business); it is
resolved only after the department has advised the committee (tham mưu).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.models import Committee, Role, StaffProfile
from committees.scoping import check_changeable, for_change
from core.calendar import add_working_days
from core.changes import check_editable, update_fields
from core.workflow import Workflow, WorkflowError, steps
from opinion.models import Concern, ConcernTransition, Dialogue

User = get_user_model()
Status = Concern.Status

# Working days from receipt to the deadline. (A setting, CONCERN_DEADLINE_WORKING_DAYS, would let a deployment
# change it; until settings grow one, this constant is the one place to change.)
CONCERN_DEADLINE_WORKING_DAYS = 30

# action → (statuses it may start from, status it leads to). The closed statuses lead nowhere.
WORKFLOW = Workflow(
    steps({
        "advise": ({Status.RECEIVED}, Status.ADVISING),
        "resolve": ({Status.ADVISING}, Status.RESOLVED),
        "forward": ({Status.RECEIVED, Status.ADVISING}, Status.FORWARDED),
        "refuse": ({Status.RECEIVED, Status.ADVISING}, Status.NOT_ACCEPTED),
    }),
    status_labels=dict(Status.choices),
    action_labels={
        "advise": gettext_lazy("advise the committee"),
        "resolve": gettext_lazy("resolve"),
        "forward": gettext_lazy("forward"),
        "refuse": gettext_lazy("not accept"),
    },
    refusal=gettext_lazy("A concern that is “%(status)s” cannot become “%(target)s”."),
)  # fmt: skip

# The roles whose accounts may own a concern and are told when one is overdue.
OWNER_ROLES = (Role.OFFICER, Role.BLOC_STAFF)

# Fields of a concern that may be edited while it is open (the committee and the workflow fields may not).
EDITABLE_FIELDS = (
    "channel", "is_anonymous", "raised_by", "category", "content", "owner", "received_on", "deadline",
)  # fmt: skip


def allowed_transitions(concern: Concern) -> frozenset[str]:
    """The statuses the concern may go to next."""
    return frozenset(WORKFLOW.steps[action].target for action in WORKFLOW.actions(concern.status))


def concern_deadline(received_on: date) -> date:
    """The default deadline: ``CONCERN_DEADLINE_WORKING_DAYS`` working days after receipt (Tết and holidays off)."""
    return add_working_days(received_on, CONCERN_DEADLINE_WORKING_DAYS)


def owner_profiles(committee: Committee):
    """Staff profiles that may own a concern of ``committee``: officers and bloc staff of it or of its ancestors."""
    return StaffProfile.objects.filter(
        role__in=OWNER_ROLES, committee__path__in=[committee.path, *committee.ancestor_paths()]
    )


def _check_owner(owner, committee: Committee) -> None:
    if not owner_profiles(committee).filter(user=owner).exists():
        raise WorkflowError(
            {"owner": _("The owner must be a staff account of %(committee)s or of a committee above it.")
             % {"committee": committee.name}}
        )  # fmt: skip


def _record(concern: Concern, *, status_from: str, by, note: str) -> ConcernTransition:
    return ConcernTransition.objects.create(
        concern=concern, status_from=status_from, status_to=concern.status, by=by, note=note
    )


def forget_raiser(concern: Concern) -> None:
    """An anonymous concern keeps no name: not in the row (the model's check constraint) and not in its history."""
    concern.history.filter(raised_by__gt="").update(raised_by="")


def _locked(concern: Concern, by) -> Concern:
    """The concern's row, if ``by`` may change it, locked until the transaction ends, so that two steps taken at
    once cannot both pass (its committee's row is not locked: steps on other concerns of the committee go on)."""
    return for_change(by, concern)


def _required_text(value: str, field_name: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise WorkflowError({field_name: message})  # a code would be lost: a dict of messages keeps none
    return value


def concern_create(
    *,
    committee: Committee,
    channel: str,
    category: str,
    content: str,
    owner,
    by,
    received_on: date | None = None,
    deadline: date | None = None,
    is_anonymous: bool = False,
    raised_by: str = "",
    dialogue: Dialogue | None = None,
    note: str = "",
    check_owner: bool = True,
) -> Concern:
    """Receive a concern: status "received", a deadline of 30 working days unless one is given, the first step."""
    with transaction.atomic():
        if check_owner:  # a user receives it (a forwarded concern is handed over from outside the scope)
            check_changeable(by, committee)
            _check_owner(owner, committee)
        received_on = received_on or timezone.localdate()
        concern = Concern(
            committee=committee,
            channel=channel,
            category=category,
            content=_required_text(content, "content", _("Write what the concern is about.")),
            owner=owner,
            received_on=received_on,
            deadline=deadline or concern_deadline(received_on),
            is_anonymous=is_anonymous,
            raised_by="" if is_anonymous else raised_by.strip(),
            dialogue=dialogue,
            status=Status.RECEIVED,
        )
        if concern.deadline < received_on:
            raise WorkflowError({"deadline": _("The deadline cannot be before the date received.")})
        concern.save()
        _record(concern, status_from="", by=by, note=note)
        return concern


def concern_update(*, concern: Concern, by, **fields) -> Concern:
    """Edit an open concern. A new deadline lets it be escalated again if that one passes too."""
    with transaction.atomic():
        check_editable(fields, EDITABLE_FIELDS)
        locked = _locked(concern, by)
        if not locked.is_open:
            raise WorkflowError(
                _("A concern that is “%(current)s” can no longer be edited.")
                % {"current": locked.get_status_display()},
                code="closed",
            )
        if "owner" in fields and fields["owner"].pk != locked.owner_id:
            _check_owner(fields["owner"], locked.committee)
        if "content" in fields:
            fields["content"] = _required_text(fields["content"], "content", _("Write what the concern is about."))
        if fields.get("is_anonymous", locked.is_anonymous):
            fields["raised_by"] = ""  # an anonymous concern keeps no name
        if fields.get("deadline", locked.deadline) != locked.deadline and locked.escalated_at is not None:
            fields["escalated_at"] = None  # a new deadline that passes too is escalated again
        update_fields(locked, fields, editable=(*EDITABLE_FIELDS, "escalated_at"), by=by, check=_check_deadline)
        if locked.is_anonymous:
            forget_raiser(locked)
        return locked


def _check_deadline(concern: Concern, changed=()) -> None:
    if concern.deadline < concern.received_on:
        raise WorkflowError({"deadline": _("The deadline cannot be before the date received.")})


def _close(concern: Concern, *, to: str, by, note: str, outcome: str = "") -> Concern:
    status_from = concern.status
    concern.status = to
    concern.outcome = outcome
    concern.closed_on = timezone.localdate()
    concern.save(update_fields=["status", "outcome", "closed_on", "forwarded_to"])
    _record(concern, status_from=status_from, by=by, note=note)
    return concern


def concern_start_advising(*, concern: Concern, by, note: str = "") -> Concern:
    """The department takes the concern up and advises the committee on it (tham mưu)."""
    with transaction.atomic():
        locked = _locked(concern, by)
        status_from = locked.status
        locked.status = WORKFLOW.target("advise", locked.status)
        locked.save(update_fields=["status"])
        _record(locked, status_from=status_from, by=by, note=note.strip())
        return locked


def concern_resolve(*, concern: Concern, by, outcome: str) -> Concern:
    """Resolved conclusively (giải quyết dứt điểm): the outcome says how."""
    with transaction.atomic():
        locked = _locked(concern, by)
        to = WORKFLOW.target("resolve", locked.status)
        outcome = _required_text(outcome, "outcome", _("Write the outcome: how the concern was resolved."))
        return _close(locked, to=to, by=by, note=outcome, outcome=outcome)


def concern_refuse(*, concern: Concern, by, reason: str) -> Concern:
    """Not accepted: the reason is kept as its outcome."""
    with transaction.atomic():
        locked = _locked(concern, by)
        to = WORKFLOW.target("refuse", locked.status)
        reason = _required_text(reason, "reason", _("Write why the concern is not accepted."))
        return _close(locked, to=to, by=by, note=reason, outcome=reason)


def forward_targets(concern: Concern):
    """Where a concern may be forwarded: the committees above it, beside it and below it (not party cells).

    They may lie outside the forwarder's scope (the parent, a sibling): forwarding hands the concern over, and
    the new concern is then visible only to those whose scope holds it.
    """
    committee = concern.committee
    near = (
        Committee.objects.filter(path__in=committee.ancestor_paths())
        | Committee.objects.filter(depth=committee.depth, path__startswith=committee.parent_path)
        | Committee.objects.children_of(committee)
    )
    return (
        near.active()
        .exclude(kind__in=Committee.CELLS)
        .exclude(pk=committee.pk)
        .order_by("depth", "path")
        .only("name")  # the choices show the name; the primary key is always read
    )


def nearest_officers(committee: Committee | None) -> list:
    """The staff accounts (officers, bloc staff) of ``committee``, or of its nearest ancestor that has some."""
    if committee is None:
        return []
    return _nearest_officers_of_paths([committee.path])[committee.path]


def _nearest_officers_of_paths(paths: list[str]) -> dict[str, list]:
    """For each committee path: the owner-role users of the nearest committee on the way to the root (one query)."""
    candidates = {above for path in paths for above in Committee.path_lineage(path)}
    by_path = defaultdict(list)
    profiles = (
        StaffProfile.objects.filter(role__in=OWNER_ROLES, committee__path__in=candidates, user__is_active=True)
        .select_related("user", "committee")
        .order_by("user__sort_name", "user__pk")
    )
    for profile in profiles:
        by_path[profile.committee.path].append(profile.user)
    nearest = {}
    for path in paths:
        nearest[path] = []
        for above in reversed(Committee.path_lineage(path)):
            if by_path.get(above):
                nearest[path] = by_path[above]
                break
    return nearest


def concern_forward(*, concern: Concern, by, to_committee: Committee, note: str = "") -> Concern:
    """Hand the concern to another committee: a new received concern is opened there, this one closes as forwarded.

    The new concern is owned by the staff of the target committee (or of its nearest ancestor that has some),
    keeps the content, channel, category and anonymity, and gets a fresh deadline. Returns the new concern.
    """
    with transaction.atomic():
        locked = _locked(concern, by)
        to = WORKFLOW.target("forward", locked.status)
        if to_committee.pk == locked.committee_id:
            raise WorkflowError({"to_committee": _("Choose another committee than the concern's own.")})
        owners = nearest_officers(to_committee)
        if not owners:
            raise WorkflowError(
                {"to_committee": _("%(committee)s has no staff account to take the concern.")
                 % {"committee": to_committee.name}}
            )  # fmt: skip
        note = note.strip()
        forwarded = concern_create(
            committee=to_committee,
            channel=locked.channel,
            category=locked.category,
            content=locked.content,
            owner=owners[0],
            by=by,
            is_anonymous=locked.is_anonymous,
            raised_by=locked.raised_by,
            note=_("Forwarded by %(committee)s.") % {"committee": locked.committee.name} + (f" {note}" if note else ""),
            check_owner=False,
        )
        locked.forwarded_to = forwarded
        _close(
            locked,
            to=to,
            by=by,
            note=_("Forwarded to %(committee)s.") % {"committee": to_committee.name} + (f" {note}" if note else ""),
        )
        return forwarded


@dataclass
class Escalation:
    """An overdue concern, marked as escalated, and whom to tell about it."""

    concern: Concern
    notify: list = field(default_factory=list)


ESCALATION_BATCH = 5000


def concerns_escalate_overdue(*, today: date) -> list[Escalation]:
    """Mark every open concern past its deadline and not yet escalated; say whom to notify for each.

    Those notified are the officers (and bloc staff) of the parent committee, or of the nearest ancestor that has
    some. A concern is escalated once: running this again the same day, or any later day, selects nothing new
    (until someone sets a new deadline). Sending the emails is the caller's business.
    """
    with transaction.atomic():
        overdue = Concern.objects.overdue(today).filter(escalated_at__isnull=True)
        # Claim the rows first (another run waits, then finds them escalated), then mark them.
        ids = list(overdue.select_for_update().order_by("pk").values_list("pk", flat=True))
        now = timezone.now()
        for start in range(0, len(ids), ESCALATION_BATCH):
            Concern.objects.filter(pk__in=ids[start : start + ESCALATION_BATCH], escalated_at__isnull=True).update(
                escalated_at=now
            )
        concerns = []
        for start in range(0, len(ids), ESCALATION_BATCH):
            concerns += Concern.objects.filter(pk__in=ids[start : start + ESCALATION_BATCH]).select_related(
                "committee", "owner"
            )
        parents = {c.committee.path: c.committee.parent_path for c in concerns}
        officers = _nearest_officers_of_paths([p for p in set(parents.values()) if p])
        return [Escalation(concern=c, notify=officers.get(parents[c.committee.path], [])) for c in concerns]


# --- Dialogue sessions --------------------------------------------------------------------------------------------


def _questions_create(*, dialogue: Dialogue, questions: list[dict], owner, by) -> list[Concern]:
    if questions:
        _check_owner(owner, dialogue.committee)
    return [
        concern_create(
            committee=dialogue.committee,
            channel=Concern.Channel.DIALOGUE,
            category=question["category"],
            content=question["content"],
            is_anonymous=question.get("is_anonymous", False),
            raised_by=question.get("raised_by", ""),
            owner=owner,
            by=by,
            received_on=dialogue.held_on,
            dialogue=dialogue,
            check_owner=False,
        )
        for question in questions
    ]


def dialogue_create(
    *,
    committee: Committee,
    held_on: date,
    title: str,
    chair: str,
    participants: int,
    by,
    summary: str = "",
    questions: list[dict] | None = None,
    owner=None,
) -> Dialogue:
    """Record a dialogue session; each question raised becomes a received concern linked to it, all with one owner."""
    with transaction.atomic():
        check_changeable(by, committee)
        dialogue = Dialogue.objects.create(
            committee=committee, held_on=held_on, title=title, chair=chair, participants=participants, summary=summary
        )
        _questions_create(dialogue=dialogue, questions=questions or [], owner=owner, by=by)
        return dialogue


def dialogue_update(*, dialogue: Dialogue, by, questions: list[dict] | None = None, owner=None, **fields) -> Dialogue:
    """Edit the session (its committee stays); questions added now become concerns too."""
    with transaction.atomic():
        locked = for_change(by, dialogue)
        update_fields(locked, fields, editable=("held_on", "title", "chair", "participants", "summary"), by=by)
        _questions_create(dialogue=locked, questions=questions or [], owner=owner, by=by)
        return locked
