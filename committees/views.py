from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, UpdateView

from committees import selectors, services
from committees.fields import committee_label
from committees.forms import CommitteeSearchForm, HeadcountForm
from committees.mixins import ScopedViewMixin
from committees.models import Committee, StaffProfile
from core.pagination import Paginator

RESULTS_PER_PAGE = 25


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
    return render(request, "committees/tree.html", context)


class CommitteeChildrenView(ScopedViewMixin, DetailView):
    """One page of a committee's children, loaded when its branch of the tree is opened or extended."""

    model = Committee
    template_name = "committees/_children.html"
    context_object_name = "parent"
    http_method_names = ["get"]

    def get_context_data(self, **kwargs):
        page = selectors.children_page(self.object, self.request.user, self.request.GET.get("page"))
        return super().get_context_data(children=page, **kwargs)


class CommitteeDetailView(ScopedViewMixin, DetailView):
    model = Committee
    template_name = "committees/detail.html"
    http_method_names = ["get"]

    def get_context_data(self, **kwargs):
        committee, user = self.object, self.request.user
        staff = (
            StaffProfile.objects.visible_to(user)
            .filter(committee=committee)
            .select_related("user")
            .order_by("role", "user__sort_name", "user__pk")
        )
        return super().get_context_data(
            ancestors=selectors.ancestors_in_scope(committee, user),
            children_page=selectors.children_page(committee, user, self.request.GET.get("page")),
            staff=staff,
            history=committee.history.select_related("history_user").order_by("-history_date")[:10],
            can_update_headcount=user.has_perm("committees.change_headcount"),
            **kwargs,
        )


class HeadcountUpdateView(ScopedViewMixin, PermissionRequiredMixin, UpdateView):
    model = Committee
    form_class = HeadcountForm
    template_name = "committees/headcount_form.html"
    permission_required = "committees.change_headcount"

    def get_context_data(self, **kwargs):
        ancestors = selectors.ancestors_in_scope(self.object, self.request.user)
        return super().get_context_data(ancestors=ancestors, **kwargs)

    def form_valid(self, form):
        committee = services.committee_headcount_update(
            committee=self.object,
            party_members=form.cleaned_data["party_members"],
            exempt_members=form.cleaned_data["exempt_members"],
            cadres=form.cleaned_data["cadres"],
            employees=form.cleaned_data["employees"],
            counted_on=form.cleaned_data["headcount_date"],
        )
        messages.success(self.request, _("Head counts of %(name)s saved.") % {"name": committee.name})
        return redirect(committee)


@login_required
@require_GET
def suggest(request):
    """Suggestions for a committee picker: at most 20 committees of the user's scope matching ``q``, as JSON.

    ``cells=0`` leaves party cells out and ``inactive=1`` adds inactive committees, as the picker's field does;
    neither can widen the scope.
    """
    found = selectors.committee_suggestions(
        request.user,
        request.GET.get("q", ""),
        cells=request.GET.get("cells") != "0",
        inactive=request.GET.get("inactive") == "1",
    )
    results = [{"code": c.code, "name": c.name, "label": committee_label(c), "parent": c.parent_name} for c in found]
    # Vietnamese as it is, not as \u escapes: smaller, and a page's text can be checked for a name.
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
