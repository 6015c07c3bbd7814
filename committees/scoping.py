"""The access rule: every record belongs to a committee, and a user acts within the subtree of their own.

``visible_to(user)`` is the one way to read scoped records. Anything outside the scope does not exist for the user:
views answer 404 for it and lists, counts, searches and exports never include it.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from committees.models import Committee


class Role(models.TextChoices):
    BLOC_STAFF = "bloc_staff", _("Bloc department staff")
    OFFICER = "officer", _("Propaganda officer")
    LEADER = "leader", _("Leader")
    COLLABORATOR = "collaborator", _("Collaborator")


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    committee: "Committee | None" = None
    role: str | None = None
    # The committee is the tree's only root: its subtree is every row, so no path filter (and no join) is needed.
    whole_tree: bool = False

    @property
    def nothing(self) -> bool:
        return not self.everything and self.committee is None

    @property
    def is_collaborator(self) -> bool:
        return self.role == Role.COLLABORATOR

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""

    @property
    def path(self) -> str:
        return self.committee.path if self.committee else ""


_CACHE_ATTR = "_access_scope"


def scope_of(user) -> Scope:
    """The user's scope, computed once per user object (so once per request)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = Scope()
    elif user.is_superuser:
        scope = Scope(everything=True)
    else:
        from committees.models import StaffProfile

        profile = StaffProfile.objects.select_related("committee").filter(user=user).first()
        if profile is None or not profile.committee.is_active:
            scope = Scope()
        else:
            committee = profile.committee
            scope = Scope(committee=committee, role=profile.role, whole_tree=committee.is_whole_tree)
    if user.is_authenticated:
        setattr(user, _CACHE_ATTR, scope)
    return scope


class ScopedQuerySet(models.QuerySet):
    """Records owned by a committee, found through ``scope_path_field`` (the owner's materialised path).

    ``issued_downward`` marks what a committee issues to those below it (documents, campaigns, briefings,
    trainings): those rows are also readable, never changeable, by users of the committees under the issuer.
    """

    scope_path_field = "committee__path"
    issued_downward = False

    def visible_to(self, user):
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.nothing:
            return self.none()
        if scope.is_collaborator:
            return self.collaborator_own(user, scope)
        if scope.whole_tree:
            return self
        in_scope = models.Q(**{f"{self.scope_path_field}__startswith": scope.path})
        if self.issued_downward:
            in_scope |= models.Q(**{f"{self.scope_path_field}__in": scope.committee.ancestor_paths()})
        return self.filter(in_scope)

    def changeable_by(self, user):
        """What the user may change: their scope only, never what an ancestor issued."""
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.nothing or scope.is_collaborator:
            return self.none()
        if scope.whole_tree:
            return self
        return self.filter(**{f"{self.scope_path_field}__startswith": scope.path})

    def collaborator_own(self, user, scope: Scope):
        """What a collaborator may see of these records: nothing unless a model says otherwise."""
        return self.none()


def may_change(user, record, *perms: str) -> bool:
    """May ``user`` change ``record``: the model permissions ``perms`` (those of the model's change by default),
    and the record among what they may change (never what an ancestor issued). The one test every page uses to
    offer its changes."""
    opts = record._meta
    perms = perms or (f"{opts.app_label}.change_{opts.model_name}",)
    return user.has_perms(perms) and type(record).objects.changeable_by(user).filter(pk=record.pk).exists()


def _changeable(by, model):
    return model.objects.all() if by is None else model.objects.changeable_by(by)


def _outside(record):
    return PermissionDenied(f"{record._meta.verbose_name} {record.pk} is outside the user's scope.")


def for_change(by, record):
    """``record`` read again and locked until the transaction ends, if ``by`` may change it; else
    ``PermissionDenied``. How every service that changes a record for a user checks the user's scope: the views
    answered 404 or 403 before, this stops a caller that forgot. ``by=None`` is the system's own work (planning,
    escalation, seeding)."""
    found = _changeable(by, type(record)).select_for_update(of=("self",)).filter(pk=record.pk).first()
    if found is None:
        raise _outside(record)
    return found


def check_changeable(by, record) -> None:
    """``PermissionDenied`` unless ``by`` may change ``record``, as ``for_change``, without locking it: for a record
    the change only refers to (the committee of a new record), which other changes must not wait for."""
    if not _changeable(by, type(record)).filter(pk=record.pk).exists():
        raise _outside(record)


def check_move(by, record, fields, field: str = "committee") -> None:
    """A change that moves ``record`` to another committee (``fields[field]``): ``by`` must be able to change that
    committee's records too."""
    moved_to = fields.get(field)
    if moved_to is not None and moved_to.pk != getattr(record, f"{field}_id"):
        check_changeable(by, moved_to)
