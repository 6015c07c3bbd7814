from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from committees.mixins import ScopedObjectMixin
from committees.scoping import may_change
from core.editing import ServiceFormMixin
from core.lists import FilteredListView
from core.navigation import Crumb
from resolutions.forms.inspections import InspectionForm
from resolutions.models import Inspection
from resolutions.selectors.inspections import inspection_list
from resolutions.services import inspections as services


def inspections_crumb() -> Crumb:
    return Crumb(gettext_lazy("Inspections"), reverse("resolutions:inspection_list"))


class InspectionListView(FilteredListView):
    template_name = "resolutions/inspections/list.html"
    permission_required = "resolutions.view_inspection"

    def filtered(self):
        return inspection_list(self.request.user, self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.request.user.has_perm("resolutions.add_inspection"), **kwargs)


class InspectionDetailView(ScopedObjectMixin, DetailView):
    model = Inspection
    permission_required = "resolutions.view_inspection"
    require_changeable = False
    context_object_name = "inspection"
    template_name = "resolutions/inspections/detail.html"
    http_method_names = ["get"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee", "inspected_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=[inspections_crumb(), Crumb(self.object.subject, self.request.path)],
            can_change=may_change(self.request.user, self.object),
            **kwargs,
        )


class InspectionFormMixin(ServiceFormMixin):
    form_class = InspectionForm
    template_name = "resolutions/inspections/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    @staticmethod
    def fields(form) -> dict:
        return {name: form.cleaned_data[name] for name in services.INSPECTION_FIELDS}


class InspectionPlanView(LoginRequiredMixin, PermissionRequiredMixin, InspectionFormMixin, FormView):
    permission_required = "resolutions.add_inspection"
    success_message = gettext_lazy("The inspection was planned.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[inspections_crumb()], **kwargs)

    def write(self, form):
        return services.inspection_plan(by=self.request.user, **self.fields(form))


class InspectionUpdateView(ScopedObjectMixin, InspectionFormMixin, FormView):
    model = Inspection
    permission_required = "resolutions.change_inspection"
    success_message = gettext_lazy("The inspection was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        inspection = self.object
        return super().get_context_data(
            inspection=inspection,
            crumbs=[inspections_crumb(), Crumb(inspection.subject, inspection.get_absolute_url())],
            **kwargs,
        )

    def write(self, form):
        return services.inspection_update(inspection=self.object, by=self.request.user, **self.fields(form))
