from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, View

from committees.mixins import ScopedObjectMixin
from committees.scoping import may_change
from core import uploads
from core.editing import ServiceFormMixin
from core.lists import FilteredListView
from core.navigation import Crumb
from resolutions.forms.commendations import CommendationForm
from resolutions.models import Commendation
from resolutions.selectors.commendations import commendation_list, figures_of
from resolutions.services import commendations as services


def commendations_crumb() -> Crumb:
    return Crumb(gettext_lazy("Commendations"), reverse("resolutions:commendation_list"))


class CommendationListView(FilteredListView):
    """The commendations in the reader's scope, filtered, with how many organisations and members they honour."""

    template_name = "resolutions/commendations/list.html"
    permission_required = "resolutions.view_commendation"

    def filtered(self):
        return commendation_list(self.request.user, self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_add=self.request.user.has_perm("resolutions.add_commendation"),
            figures=figures_of(self.filterset.qs),
            **kwargs,
        )


class CommendationDetailView(ScopedObjectMixin, DetailView):
    model = Commendation
    permission_required = "resolutions.view_commendation"
    require_changeable = False
    context_object_name = "commendation"
    template_name = "resolutions/commendations/detail.html"
    http_method_names = ["get"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee", "awarded_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=[commendations_crumb(), Crumb(self.object.honoured, self.request.path)],
            can_change=may_change(self.request.user, self.object),
            **kwargs,
        )


class CommendationPhotoView(ScopedObjectMixin, View):
    """The honoree's photo, shown on its page: read like the commendation, never from a public URL."""

    model = Commendation
    permission_required = "resolutions.view_commendation"
    require_changeable = False
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        return uploads.image_response(self.object.photo, self.object.photo_type)


class CommendationFormMixin(ServiceFormMixin):
    form_class = CommendationForm
    template_name = "resolutions/commendations/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    @staticmethod
    def fields(form) -> dict:
        return {"photo": form.photo_change, **{name: form.cleaned_data[name] for name in services.COMMENDATION_FIELDS}}


class CommendationCreateView(LoginRequiredMixin, PermissionRequiredMixin, CommendationFormMixin, FormView):
    permission_required = "resolutions.add_commendation"
    success_message = gettext_lazy("The commendation was recorded.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[commendations_crumb()], **kwargs)

    def write(self, form):
        return services.commendation_create(by=self.request.user, **self.fields(form))


class CommendationUpdateView(ScopedObjectMixin, CommendationFormMixin, FormView):
    model = Commendation
    permission_required = "resolutions.change_commendation"
    success_message = gettext_lazy("The commendation was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        commendation = self.object
        return super().get_context_data(
            commendation=commendation,
            crumbs=[commendations_crumb(), Crumb(commendation.honoured, commendation.get_absolute_url())],
            **kwargs,
        )

    def write(self, form):
        return services.commendation_update(commendation=self.object, by=self.request.user, **self.fields(form))
