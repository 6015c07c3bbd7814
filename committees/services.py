"""Writes to committees and staff: every change of role or head count goes through here."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from committees.models import Committee, Role, StaffProfile
from committees.roles import role_group

User = get_user_model()


@transaction.atomic
def staff_profile_set(*, user, committee: Committee, role: str, position: str = "", phone: str = "") -> StaffProfile:
    """Give ``user`` a committee and a role; their groups follow the role."""
    profile, _ = StaffProfile.objects.update_or_create(
        user=user, defaults={"committee": committee, "role": role, "position": position, "phone": phone}
    )
    staff_groups_sync(user=user, role=role)
    return profile


def staff_groups_sync(*, user, role: str) -> None:
    role_groups = set(Role.values)
    others = [g for g in user.groups.all() if g.name not in role_groups]
    user.groups.set([*others, role_group(role)])


@transaction.atomic
def committee_headcount_update(
    *, committee: Committee, party_members: int, cadres: int, employees: int, counted_on: date
) -> Committee:
    committee.party_members = party_members
    committee.cadres = cadres
    committee.employees = employees
    committee.headcount_date = counted_on
    committee.save(update_fields=["party_members", "cadres", "employees", "headcount_date"])
    return committee


@transaction.atomic
def committee_create(*, parent: Committee | None, **fields) -> Committee:
    """Add a committee under ``parent`` (or as a new root), as the last of its siblings."""
    if parent is None:
        return Committee.objects.add_root(create_kwargs=fields)
    return Committee.objects.add_child(Committee.objects.get(pk=parent.pk), create_kwargs=fields)


@transaction.atomic
def committee_move(*, committee: Committee, parent: Committee) -> Committee:
    """Move a committee and its whole subtree under another parent (levels are reorganised from time to time)."""
    if parent.is_within(committee):
        raise ValueError("A committee cannot be moved under itself or its own subordinates.")
    Committee.objects.move(committee, parent, "last-child")
    return Committee.objects.get(pk=committee.pk)
