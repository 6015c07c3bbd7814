"""Reads of the committee tree, always within the reader's scope."""

from django.core.paginator import Page, Paginator
from django.db.models import Sum

from committees.models import Committee, Totals
from committees.scoping import scope_of

CHILDREN_PER_PAGE = 50


def scope_roots(user):
    """The committees a user's tree starts from: their own committee, or every root for a superuser."""
    scope = scope_of(user)
    if scope.everything:
        return Committee.objects.filter(depth=1)
    if scope.committee is None:
        return Committee.objects.none()
    return Committee.objects.visible_to(user).filter(pk=scope.committee.pk)


def scope_totals(user) -> Totals:
    """Committees and head counts of everything the user may see (read from the roots' subtree totals)."""
    row = scope_roots(user).order_by().aggregate(**{name: Sum(f"subtree_{name}", default=0) for name in Totals._fields})
    return Totals(**row)


def children_page(parent: Committee, user, number=None) -> Page:
    """One page of the visible children of ``parent``, each carrying its subtree totals."""
    children = Committee.objects.visible_to(user).filter(depth=parent.depth + 1, path__startswith=parent.path)
    return Paginator(children, CHILDREN_PER_PAGE).get_page(number)


def ancestors_in_scope(committee: Committee, user) -> list[Committee]:
    """The committee's ancestors that the user may see, root first (one query)."""
    if committee.depth == 1:
        return []
    return list(Committee.objects.visible_to(user).filter(path__in=committee.ancestor_paths()).order_by("depth"))


def with_paths(committees: list[Committee], user) -> list[Committee]:
    """Attach ``visible_ancestors`` to each committee, for all of them in one query."""
    prefixes = {p for c in committees for p in c.ancestor_paths()}
    visible = Committee.objects.visible_to(user).filter(path__in=prefixes).only("path", "name", "depth")
    by_path = {c.path: c for c in visible} if prefixes else {}
    for c in committees:
        c.visible_ancestors = [by_path[p] for p in c.ancestor_paths() if p in by_path]
    return committees
