from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from committees import selectors
from committees.scoping import scope_of


@login_required
def dashboard(request):
    """The overview of the user's scope: where they work and what it holds."""
    context = {
        "scope": scope_of(request.user),
        "roots": list(selectors.scope_roots(request.user)),
        "totals": selectors.scope_totals(request.user),
    }
    return render(request, "reports/dashboard.html", context)
