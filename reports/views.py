from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from committees import selectors
from committees.scoping import scope_of
from opinion.selectors.collaborators import collaborator_overview


@login_required
def dashboard(request):
    """The overview: for staff, where they work and what it holds; for a collaborator, their own work."""
    scope = scope_of(request.user)
    if scope.is_collaborator:
        overview = collaborator_overview(request.user, timezone.localdate(), timezone.now())
        return render(request, "reports/collaborator_dashboard.html", {"scope": scope, **overview})
    context = {
        "scope": scope,
        "roots": list(selectors.scope_roots(request.user)),
        "totals": selectors.scope_totals(request.user),
    }
    return render(request, "reports/dashboard.html", context)
