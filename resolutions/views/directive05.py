from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, TemplateView

from committees.mixins import ScopedObjectMixin
from committees.models import Committee
from committees.scoping import may_change
from committees.selectors import ancestors_in_scope, scope_roots
from core.editing import ServiceFormMixin, show_refusal
from core.navigation import Crumb
from resolutions.forms.directive05 import (
    CriteriaVersionForm,
    CriterionFormSet,
    ExemplaryModelFormSet,
    FollowUpYearForm,
    OverviewForm,
)
from resolutions.models import CriteriaVersion, FollowUpYear
from resolutions.selectors.directive05 import criteria_history, directive05_overview, directive05_years
from resolutions.services import directive05 as services


def overview_crumb() -> Crumb:
    return Crumb(gettext_lazy("Directive 05"), reverse("resolutions:directive05_overview"))


def overview_url(committee: Committee, year: int) -> str:
    return f"{reverse('resolutions:directive05_overview')}?committee={committee.code}&year={year}"


class OverviewView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A year over a subtree: the committee's own line and one line per committee under it, numerators and
    denominators added up the tree."""

    permission_required = "resolutions.view_followupyear"
    template_name = "resolutions/directive05/overview.html"

    def get_context_data(self, **kwargs):
        user, this_year = self.request.user, timezone.localdate().year
        years = sorted({this_year, *directive05_years(user)}, reverse=True)
        form = OverviewForm(self.request.GET or None, years=years)
        year = (form.cleaned_data.get("year") if form.is_valid() else None) or this_year
        code = self.request.GET.get("committee", "").strip()[:50]
        if code:
            committee = get_object_or_404(Committee.objects.visible_to(user), code=code)
        else:
            committee = scope_roots(user).order_by("path").first()  # a superuser's: the first root
        ancestors = [Crumb(a.name, overview_url(a, year)) for a in ancestors_in_scope(committee, user)]
        return super().get_context_data(
            overview=directive05_overview(committee, year),
            crumbs=[overview_crumb(), *ancestors, Crumb(committee.name, self.request.path)],
            filter_form=form,
            can_add=user.has_perm("resolutions.add_followupyear"),
            criteria_url=reverse("resolutions:criteria_history", args=[committee.pk]),
            **kwargs,
        )


class YearDetailView(ScopedObjectMixin, DetailView):
    model = FollowUpYear
    permission_required = "resolutions.view_followupyear"
    require_changeable = False
    context_object_name = "record"
    template_name = "resolutions/directive05/year.html"
    http_method_names = ["get"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee", "plan")

    def get_context_data(self, **kwargs):
        record = self.object
        criteria = services.current_criteria(record.committee)
        return super().get_context_data(
            crumbs=[overview_crumb(), Crumb(str(record), self.request.path)],
            overview_url=overview_url(record.committee, record.year),
            models=record.exemplary_models.all(),
            criteria=criteria,
            criterion_list=criteria.criteria.all() if criteria else [],
            can_change=may_change(self.request.user, record),
            **kwargs,
        )


class YearFormMixin(ServiceFormMixin):
    """The year's form and, under it, its exemplary models as rows."""

    form_class = FollowUpYearForm
    template_name = "resolutions/directive05/year_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def model_rows(self) -> list[dict]:
        return []

    @cached_property
    def models_formset(self) -> ExemplaryModelFormSet:
        data = self.request.POST if self.request.method == "POST" else None
        return ExemplaryModelFormSet(data, initial=self.model_rows(), prefix="models")

    def get_context_data(self, **kwargs):
        return super().get_context_data(models_formset=self.models_formset, **kwargs)

    def form_valid(self, form):
        if not self.models_formset.is_valid():
            return self.form_invalid(form)
        return super().form_valid(form)

    def fields(self, form) -> dict:
        rows = [row.row for row in self.models_formset if row.row]
        return {"models": rows, **{name: form.cleaned_data[name] for name in services.YEAR_FIELDS}}


class YearCreateView(LoginRequiredMixin, PermissionRequiredMixin, YearFormMixin, FormView):
    permission_required = "resolutions.add_followupyear"
    success_message = gettext_lazy("The year was recorded.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[overview_crumb()], **kwargs)

    def write(self, form):
        return services.year_record(by=self.request.user, **self.fields(form))


class YearUpdateView(ScopedObjectMixin, YearFormMixin, FormView):
    model = FollowUpYear
    permission_required = "resolutions.change_followupyear"
    success_message = gettext_lazy("The year was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def model_rows(self) -> list[dict]:
        return list(self.object.exemplary_models.values("pk", "kind", "name", "description"))

    def get_context_data(self, **kwargs):
        record = self.object
        return super().get_context_data(
            record=record, crumbs=[overview_crumb(), Crumb(str(record), record.get_absolute_url())], **kwargs
        )

    def write(self, form):
        return services.year_update(record=self.object, by=self.request.user, **self.fields(form))


class CriteriaHistoryView(ScopedObjectMixin, TemplateView):
    """A committee's ethical criteria as adopted now, and every version before, each with what it changed."""

    model = Committee
    permission_required = "resolutions.view_criteriaversion"
    require_changeable = False
    template_name = "resolutions/directive05/criteria.html"
    http_method_names = ["get"]

    def get_context_data(self, **kwargs):
        committee = self.object
        return super().get_context_data(
            committee=committee,
            history=criteria_history(committee),
            crumbs=[overview_crumb(), Crumb(committee.name, self.request.path)],
            can_revise=may_change(self.request.user, committee, "resolutions.add_criteriaversion"),
            **kwargs,
        )


class CriteriaReviseView(ScopedObjectMixin, TemplateView):
    """A new version of the committee's criteria: the current ones reworded, removed or kept, new ones added."""

    model = Committee
    permission_required = "resolutions.add_criteriaversion"
    template_name = "resolutions/directive05/criteria_form.html"
    http_method_names = ["get", "post"]

    @cached_property
    def current(self) -> CriteriaVersion | None:
        return services.current_criteria(self.object)

    @cached_property
    def form(self) -> CriteriaVersionForm:
        data = self.request.POST if self.request.method == "POST" else None
        return CriteriaVersionForm(data, user=self.request.user)

    @cached_property
    def formset(self) -> CriterionFormSet:
        initial = [{"revises": c.pk, "text": c.text} for c in self.current.criteria.all()] if self.current else []
        data = self.request.POST if self.request.method == "POST" else None
        return CriterionFormSet(data, initial=initial, prefix="criteria")

    def get_context_data(self, **kwargs):
        committee = self.object
        history = reverse("resolutions:criteria_history", args=[committee.pk])
        return super().get_context_data(
            committee=committee, current=self.current, form=self.form, formset=self.formset,
            crumbs=[overview_crumb(), Crumb(committee.name, history)], **kwargs,
        )  # fmt: skip

    def post(self, request, *args, **kwargs):
        form, formset = self.form, self.formset
        if form.is_valid() and formset.is_valid():
            try:
                services.criteria_revise(
                    by=request.user, committee=self.object, criteria=[row.row for row in formset if row.row],
                    **form.cleaned_data,
                )  # fmt: skip
            except ValidationError as refused:
                if hasattr(refused, "error_dict"):
                    show_refusal(form, refused)
                else:  # about the list of criteria as a whole: said above the rows
                    formset.non_form_errors().extend(refused.messages)
            else:
                messages.success(request, _("The new version of the criteria was adopted; the earlier ones are kept."))
                return redirect("resolutions:criteria_history", self.object.pk)
        return self.render_to_response(self.get_context_data())
