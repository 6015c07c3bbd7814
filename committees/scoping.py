"""The access rule: every record belongs to a committee, and a user acts within the subtree of their own.

``visible_to(user)`` is the one way to read scoped records. Anything outside the scope does not exist for the user:
views answer 404 for it and lists, counts, searches and exports never include it.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from committees.models import Committee


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
        return self.role == "collaborator"

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
        from committees.models import Committee, StaffProfile

        profile = StaffProfile.objects.select_related("committee").filter(user=user).first()
        if profile is None or not profile.committee.is_active:
            scope = Scope()
        else:
            committee = profile.committee
            whole_tree = (
                committee.depth == 1 and not Committee.objects.filter(depth=1).exclude(pk=committee.pk).exists()
            )
            scope = Scope(committee=committee, role=profile.role, whole_tree=whole_tree)
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
