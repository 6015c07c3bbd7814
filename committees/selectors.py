"""Reads of the committee tree, always within the reader's scope."""

from committees.models import Committee
from committees.scoping import scope_of


def scope_roots(user):
    """The committees a user's tree starts from: their own committee, or every root for a superuser."""
    scope = scope_of(user)
    if scope.everything:
        return Committee.objects.filter(depth=1)
    return (
        Committee.objects.visible_to(user).filter(pk=scope.committee.pk)
        if scope.committee
        else Committee.objects.none()
    )


def children_with_totals(parent: Committee, user) -> list[Committee]:
    """The visible children of ``parent``, each with ``totals`` of its whole subtree (two queries)."""
    visible = Committee.objects.visible_to(user)
    children = list(visible.filter(depth=parent.depth + 1, path__startswith=parent.path))
    attach_totals(children, visible, parent)
    return children


def attach_totals(children: list[Committee], visible, parent: Committee) -> None:
    totals = visible.branch_totals(parent)
    for child in children:
        below = totals.get(child.path, {})
        child.totals = {
            "committees": 1 + (below.get("committees") or 0),
            "party_members": child.party_members + (below.get("party_members") or 0),
            "cadres": child.cadres + (below.get("cadres") or 0),
            "employees": child.employees + (below.get("employees") or 0),
        }


def ancestors_in_scope(committee: Committee, user) -> list[Committee]:
    """The committee's ancestors that the user may see, root first (one query)."""
    prefixes = [committee.path[: i * Committee.steplen] for i in range(1, committee.depth)]
    if not prefixes:
        return []
    return list(Committee.objects.visible_to(user).filter(path__in=prefixes).order_by("depth"))


def with_paths(committees: list[Committee], user) -> list[Committee]:
    """Attach ``visible_ancestors`` to each committee, for all of them in one query."""
    prefixes = {c.path[: i * Committee.steplen] for c in committees for i in range(1, c.depth)}
    by_path = (
        {c.path: c for c in Committee.objects.visible_to(user).filter(path__in=prefixes).only("path", "name", "depth")}
        if prefixes
        else {}
    )
    for c in committees:
        c.visible_ancestors = [
            by_path[p] for p in (c.path[: i * Committee.steplen] for i in range(1, c.depth)) if p in by_path
        ]
    return committees
