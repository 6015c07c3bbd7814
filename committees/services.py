"""Writes to committees and staff. Every change to the tree or to head counts goes through here, so that the
subtree totals kept on each committee stay equal to the sums they stand for."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committees.models import Committee, Role, StaffProfile
from committees.roles import role_group
from committees.signals import committee_moved
from core.changes import update_fields

User = get_user_model()

# The fields whose change alters what a committee adds to its ancestors' totals.
COUNTED_FIELDS = ("is_active", "party_members", "exempt_members", "cadres", "employees")


def staff_profile_set(*, user, committee: Committee, role: str, position: str = "", phone: str = "") -> StaffProfile:
    """Give ``user`` a committee and a role; their groups follow the role."""
    with transaction.atomic():
        profile, _ = StaffProfile.objects.update_or_create(
            user=user, defaults={"committee": committee, "role": role, "position": position, "phone": phone}
        )
        staff_groups_sync(user=user, role=role)
        return profile


def staff_groups_sync(*, user, role: str) -> None:
    role_groups = set(Role.values)
    others = [g for g in user.groups.all() if g.name not in role_groups]
    user.groups.set([*others, role_group(role)])


def committee_create(*, parent: Committee | None, **fields) -> Committee:
    """Add a committee under ``parent`` (or as a new root), as the last of its siblings."""
    with transaction.atomic():
        if parent is None:
            committee = Committee.objects.add_root(create_kwargs=fields)
        else:
            committee = Committee.objects.add_child(Committee.objects.get(pk=parent.pk), create_kwargs=fields)
        own = committee.own_totals
        Committee.objects.filter(pk=committee.pk).update(**{f"subtree_{name}": v for name, v in own._asdict().items()})
        Committee.objects.shift_totals(committee.ancestor_paths(), own)
        return Committee.objects.get(pk=committee.pk)


def committee_update(*, committee: Committee, **fields) -> Committee:
    """Change a committee's own fields; a change of head counts or of the active flag reaches every ancestor."""
    with transaction.atomic():
        locked = Committee.objects.select_for_update().get(pk=committee.pk)
        before = locked.own_totals
        update_fields(locked, fields, editable=Committee.editable_fields)
        Committee.objects.shift_totals([locked.path, *locked.ancestor_paths()], locked.own_totals - before)
        return Committee.objects.get(pk=locked.pk)


def committee_headcount_update(
    *, committee: Committee, party_members: int, exempt_members: int, cadres: int, employees: int, counted_on: date
) -> Committee:
    return committee_update(
        committee=committee,
        party_members=party_members,
        exempt_members=exempt_members,
        cadres=cadres,
        employees=employees,
        headcount_date=counted_on,
    )


def check_new_parent(committee: Committee, parent: Committee) -> None:
    """``ValidationError`` if ``parent`` is ``committee`` or one of its subordinates: the tree has no cycles. The
    admin's form and the import check it before they save, to show it on the row or the field."""
    if parent.is_within(committee):
        raise ValidationError(_("A committee cannot be moved under itself or its own subordinates."), code="cycle")


def committee_move(*, committee: Committee, parent: Committee) -> Committee:
    """Move a committee and its whole subtree under another parent (levels are reorganised from time to time)."""
    with transaction.atomic():
        committee = Committee.objects.get(pk=committee.pk)
        parent = Committee.objects.get(pk=parent.pk)
        check_new_parent(committee, parent)
        carried = committee.subtree_totals
        old_ancestor_ids = list(
            Committee.objects.filter(path__in=committee.ancestor_paths()).values_list("pk", flat=True)
        )
        Committee.objects.shift_totals(committee.ancestor_paths(), -carried)
        Committee.objects.move(committee, parent, "last-child")
        moved = Committee.objects.get(pk=committee.pk)
        Committee.objects.shift_totals(moved.ancestor_paths(), carried)
        committee_moved.send(sender=Committee, committee=moved, old_ancestor_ids=old_ancestor_ids)
        return moved


def committee_delete(*, committee: Committee) -> None:
    """Delete a committee with its whole subtree (staff profiles protect it: reassign them first)."""
    with transaction.atomic():
        committee = Committee.objects.get(pk=committee.pk)
        Committee.objects.shift_totals(committee.ancestor_paths(), -committee.subtree_totals)
        Committee.objects.filter(pk=committee.pk).delete()
