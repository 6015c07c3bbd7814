from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView

from committees.mixins import ScopedObjectMixin
from core.editing import ServiceFormMixin
from core.lists import FilteredListView
from core.navigation import Crumb
from core.party_layout import docx_response
from resolutions.anthology import anthology_docx
from resolutions.forms.publications import PublicationForm
from resolutions.models import Honoree, Publication
from resolutions.selectors.publications import honoured_in, publication_list
from resolutions.services import publications as services


def publications_crumb() -> Crumb:
    return Crumb(gettext_lazy("Publications"), reverse("resolutions:publication_list"))


class PublicationListView(FilteredListView):
    template_name = "resolutions/publications/list.html"
    permission_required = "resolutions.view_publication"

    def filtered(self):
        return publication_list(self.request.user, self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.request.user.has_perm("resolutions.add_publication"), **kwargs)


class PublicationDetailView(ScopedObjectMixin, DetailView):
    model = Publication
    permission_required = "resolutions.view_publication"
    require_changeable = False
    context_object_name = "publication"
    template_name = "resolutions/publications/detail.html"
    http_method_names = ["get"]

    def get_context_data(self, **kwargs):
        parts = honoured_in(self.object)
        return super().get_context_data(
            crumbs=[publications_crumb(), Crumb(self.object.title, self.request.path)],
            organisations=parts[Honoree.ORGANISATION],
            members=parts[Honoree.MEMBER],
            **kwargs,
        )


class PublicationCreateView(LoginRequiredMixin, PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "resolutions.add_publication"
    form_class = PublicationForm
    template_name = "resolutions/publications/form.html"
    success_message = gettext_lazy("The publication was recorded.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[publications_crumb()], **kwargs)

    def write(self, form):
        fields = {name: form.cleaned_data[name] for name in PublicationForm.Meta.fields}
        return services.publication_create(by=self.request.user, year=form.cleaned_data["year"], **fields)


class AnthologyView(ScopedObjectMixin, View):
    """The book as a Word file laid out like the printed one."""

    model = Publication
    permission_required = "resolutions.view_publication"
    require_changeable = False
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        return docx_response(anthology_docx(self.object), f"tuyen-tap-{self.object.pk}.docx")
