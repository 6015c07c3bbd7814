from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from committees.mixins import ScopedObjectMixin
from committees.scoping import may_change
from core.editing import ServiceFormMixin
from core.lists import FilteredListView
from core.navigation import Crumb
from resolutions.forms.activities import ActivityForm
from resolutions.models import Activity
from resolutions.selectors.activities import activity_list, figures_of
from resolutions.services import activities as services


def activities_crumb() -> Crumb:
    return Crumb(gettext_lazy("Activities"), reverse("resolutions:activity_list"))


class ActivityListView(FilteredListView):
    """The activities in the reader's scope, filtered, with what those listed add up to for each kind."""

    template_name = "resolutions/activities/list.html"
    permission_required = "resolutions.view_activity"

    def filtered(self):
        return activity_list(self.request.user, self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_add=self.request.user.has_perm("resolutions.add_activity"),
            figures=[row for row in figures_of(self.filterset.qs) if row.activities],
            **kwargs,
        )


class ActivityDetailView(ScopedObjectMixin, DetailView):
    model = Activity
    permission_required = "resolutions.view_activity"
    require_changeable = False
    context_object_name = "activity"
    template_name = "resolutions/activities/detail.html"
    http_method_names = ["get"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=[activities_crumb(), Crumb(self.object.title, self.request.path)],
            documents=self.object.documents.order_by("issued_on", "pk"),
            can_change=may_change(self.request.user, self.object),
            **kwargs,
        )


class ActivityFormMixin(ServiceFormMixin):
    form_class = ActivityForm
    template_name = "resolutions/activities/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    @staticmethod
    def fields(form) -> dict:
        return {name: form.cleaned_data[name] for name in (*services.ACTIVITY_FIELDS, "documents")}


class ActivityCreateView(LoginRequiredMixin, PermissionRequiredMixin, ActivityFormMixin, FormView):
    permission_required = "resolutions.add_activity"
    success_message = gettext_lazy("The activity was recorded.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[activities_crumb()], **kwargs)

    def write(self, form):
        return services.activity_create(by=self.request.user, **self.fields(form))


class ActivityUpdateView(ScopedObjectMixin, ActivityFormMixin, FormView):
    model = Activity
    permission_required = "resolutions.change_activity"
    success_message = gettext_lazy("The activity was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        activity = self.object
        return super().get_context_data(
            activity=activity, crumbs=[activities_crumb(), Crumb(activity.title, activity.get_absolute_url())],
            **kwargs,
        )  # fmt: skip

    def write(self, form):
        return services.activity_update(activity=self.object, by=self.request.user, **self.fields(form))
