from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from committees import selectors, services
from committees.forms import CommitteeSearchForm, HeadcountForm
from committees.models import Committee, StaffProfile
from committees.scoping import get_visible_or_404, scope_of

RESULTS_PER_PAGE = 25


@login_required
def home(request):
    context = {
        "scope": scope_of(request.user),
        "roots": list(selectors.scope_roots(request.user)),
        "totals": selectors.scope_totals(request.user),
    }
    return render(request, "committees/home.html", context)


@login_required
@require_GET
def tree(request):
    form = CommitteeSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context = {"form": form, "query": query}
    if query:
        results = Committee.objects.visible_to(request.user).search(query)
        page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        selectors.with_paths(page.object_list, request.user)
        context["page"] = page
    else:
        roots = list(selectors.scope_roots(request.user))
        for root in roots:
            root.children = selectors.children_page(root, request.user)
        context["roots"] = roots
    template = "committees/_search_results.html" if request.htmx and query else "committees/tree.html"
    return render(request, template, context)


@login_required
@require_GET
def children(request, pk):
    """One page of a committee's children, loaded when its branch of the tree is opened or extended."""
    parent = get_visible_or_404(Committee.objects, request.user, pk=pk)
    page = selectors.children_page(parent, request.user, request.GET.get("page"))
    return render(request, "committees/_children.html", {"parent": parent, "children": page})


@login_required
@require_GET
def detail(request, pk):
    committee = get_visible_or_404(Committee.objects, request.user, pk=pk)
    context = {
        "committee": committee,
        "ancestors": selectors.ancestors_in_scope(committee, request.user),
        "children_page": selectors.children_page(committee, request.user, request.GET.get("page")),
        "staff": StaffProfile.objects.visible_to(request.user)
        .filter(committee=committee)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name"),
        "history": committee.history.select_related("history_user").order_by("-history_date")[:10],
        "can_update_headcount": request.user.has_perm("committees.change_headcount"),
    }
    return render(request, "committees/detail.html", context)


@login_required
@permission_required("committees.change_headcount", raise_exception=True)
def headcount_update(request, pk):
    committee = get_visible_or_404(Committee.objects, request.user, pk=pk)
    form = HeadcountForm(request.POST or None, instance=committee)
    if request.method == "POST" and form.is_valid():
        services.committee_headcount_update(
            committee=Committee.objects.get(pk=committee.pk),
            party_members=form.cleaned_data["party_members"],
            cadres=form.cleaned_data["cadres"],
            employees=form.cleaned_data["employees"],
            counted_on=form.cleaned_data["headcount_date"],
        )
        messages.success(request, _("Head counts of %(name)s saved.") % {"name": committee.name})
        return redirect(committee)
    return render(
        request,
        "committees/headcount_form.html",
        {
            "committee": committee,
            "form": form,
            "ancestors": selectors.ancestors_in_scope(committee, request.user),
        },
    )
