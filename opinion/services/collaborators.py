"""Writes to the collaborator network: appointment, changes of personal data, status changes and login accounts.

The network is established, consolidated and reorganised (thành lập, củng cố, kiện toàn): every change of status is a
``CollaboratorStatusChange`` with its kind, reason, decision and who recorded it. Scope is the caller's business (the
views fetch the collaborator through ``changeable_by``); the rules of the network itself are checked here.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee, Role, StaffProfile
from committees.scoping import for_change
from core.changes import save, update_fields
from opinion.models import Collaborator, CollaboratorStatusChange
from opinion.services.tallies import invitations_followed

Status = Collaborator.Status
Kind = CollaboratorStatusChange.Kind

# What staff may edit on a collaborator; status goes through collaborator_change_status, the account through
# collaborator_link_account.
EDITABLE_FIELDS = (
    "committee", "full_name", "birth_year", "gender", "position", "unit", "phone", "email",
    "decision_number", "decision_date", "decision_signer",
)  # fmt: skip
# Statuses that only a written reason may bring about.
REASON_REQUIRED = {Status.PAUSED, Status.ENDED}
OLDEST_BIRTH_YEAR = 1930
YOUNGEST_AGE = 16


def collaborator_validate(collaborator: Collaborator, exclude=(), committee_changed: bool = True) -> None:
    """The model's own checks plus the ones a form or an import file could get wrong, all reported at once.

    ``exclude``: fields already found wrong by the caller, left out so each field gets one message.
    ``committee_changed``: whether the committee is being set now (only then must it be active: a collaborator of a
    committee that was wound up can still have their phone number corrected).
    """
    errors: dict[str, list[str]] = {}
    try:
        collaborator.full_clean(exclude=["user", *exclude], validate_unique=False)
    except ValidationError as e:
        errors = e.message_dict

    def add(field, message):
        if field not in exclude and field not in errors:
            errors[field] = [message]

    today = timezone.localdate()
    youngest = today.year - YOUNGEST_AGE
    if collaborator.birth_year is not None and not OLDEST_BIRTH_YEAR <= collaborator.birth_year <= youngest:
        add(
            "birth_year",
            _("Enter a year between %(oldest)s and %(youngest)s.")
            % {"oldest": OLDEST_BIRTH_YEAR, "youngest": youngest},
        )
    if collaborator.decision_date and collaborator.decision_date > today:
        add("decision_date", _("The decision date cannot be in the future."))
    if (
        committee_changed
        and collaborator.committee_id
        and not Committee.objects.filter(pk=collaborator.committee_id, is_active=True).exists()
    ):
        add("committee", _("This committee is no longer active."))
    if errors:
        raise ValidationError(errors)


def collaborator_create(
    *,
    by,
    committee: Committee,
    full_name: str,
    birth_year: int | None = None,
    gender: str = "",
    position: str = "",
    unit: str = "",
    phone: str = "",
    email: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    decision_signer: str = "",
    user=None,
) -> Collaborator:
    """Appoint a collaborator: active from the appointment decision (or today), recorded as an establishment."""
    with transaction.atomic():
        since = decision_date or timezone.localdate()
        collaborator = Collaborator(
            committee=committee,
            full_name=(full_name or "").strip(),
            birth_year=birth_year,
            gender=gender or "",
            position=position or "",
            unit=unit or "",
            phone=phone or "",
            email=email or "",
            decision_number=decision_number or "",
            decision_date=decision_date,
            decision_signer=decision_signer or "",
            status=Status.ACTIVE,
            status_since=since,
        )
        collaborator_validate(collaborator)
        save(collaborator, by)
        CollaboratorStatusChange.objects.create(
            collaborator=collaborator,
            kind=Kind.ESTABLISH,
            status_from="",
            status_to=Status.ACTIVE,
            effective_on=since,
            decision_number=collaborator.decision_number,
            decision_date=decision_date,
            changed_by=by,
        )
        if user is not None:
            collaborator_link_account(collaborator=collaborator, user=user, by=by)
        return collaborator


def collaborator_update(*, collaborator: Collaborator, by, **fields) -> Collaborator:
    """Change a collaborator's personal data, committee or appointment; only the changed columns are written."""
    with transaction.atomic():
        locked = for_change(by, collaborator)
        update_fields(
            locked,
            {name: _cleaned(name, value) for name, value in fields.items()},
            editable=EDITABLE_FIELDS,
            by=by,
            check=lambda record, changed: collaborator_validate(record, committee_changed="committee" in changed),
        )
        return locked


def _cleaned(name: str, value):
    """Text stripped; an empty optional text is "" (only the committee, birth year and decision date may be none)."""
    if isinstance(value, str):
        return value.strip()
    return "" if value is None and name not in {"committee", "birth_year", "decision_date"} else value


def collaborator_change_status(
    *,
    collaborator: Collaborator,
    to: str,
    kind: str,
    effective_on: date,
    reason: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    by,
) -> CollaboratorStatusChange:
    """Pause, end or reinstate a collaborator, recording the kind of change, its reason and decision."""
    with transaction.atomic():
        locked = for_change(by, collaborator)
        reason = (reason or "").strip()
        errors: dict[str, list[str]] = {}
        if to not in Status.values:
            errors["to"] = [_("Choose a status.")]
        elif to == locked.status:
            errors["to"] = [_("The collaborator is already %(status)s.") % {"status": Status(to).label}]
        if kind not in Kind.values:
            errors["kind"] = [_("Choose the kind of change.")]
        if to in REASON_REQUIRED and not reason:
            errors["reason"] = [_("Give the reason for pausing or ending a collaborator.")]
        today = timezone.localdate()
        if effective_on > today:
            errors.setdefault("effective_on", []).append(_("The effective date cannot be in the future."))
        elif locked.status_since and effective_on < locked.status_since:
            errors.setdefault("effective_on", []).append(
                _("The effective date cannot be before the current status began (%(date)s).")
                % {"date": locked.status_since.strftime("%d/%m/%Y")}
            )
        if decision_date and decision_date > today:
            errors["decision_date"] = [_("The decision date cannot be in the future.")]
        if errors:
            raise ValidationError(errors)
        change = CollaboratorStatusChange.objects.create(
            collaborator=locked,
            kind=kind,
            status_from=locked.status,
            status_to=to,
            effective_on=effective_on,
            reason=reason,
            decision_number=(decision_number or "").strip(),
            decision_date=decision_date,
            changed_by=by,
        )
        locked.status, locked.status_since = to, effective_on
        save(locked, by, update_fields=["status", "status_since"])
        collaborator.status, collaborator.status_since = to, effective_on
        return change


def collaborator_link_account(*, collaborator: Collaborator, user, by) -> Collaborator:
    """Give the collaborator a login account (``user``), or take it away (``None``).

    The account must carry the collaborator role (so that it sees its own records only) and belong to nobody else.
    """
    with transaction.atomic():
        locked = for_change(by, collaborator)
        if user is not None:
            if not StaffProfile.objects.filter(user=user, role=Role.COLLABORATOR).exists():
                raise ValidationError({"user": [_("Only an account with the collaborator role can be linked.")]})
            if Collaborator.objects.filter(user=user).exclude(pk=locked.pk).exists():
                raise ValidationError({"user": [_("This account is already linked to another collaborator.")]})
        if locked.user_id == (user.pk if user else None):
            return locked
        locked.user = user
        save(locked, by, update_fields=["user"])
        collaborator.user = user
        return locked


def collaborators_delete(*, collaborators) -> int:
    """Delete ``collaborators`` (a queryset: those entered by mistake) with their invitations; the attendance counts
    and flags follow. Their reports protect them: a collaborator who reported is ended, not deleted."""
    with transaction.atomic():
        ids = list(collaborators.values_list("pk", flat=True))
        with invitations_followed(collaborators=ids):
            Collaborator.objects.filter(pk__in=ids).delete()
        return len(ids)
