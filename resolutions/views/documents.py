from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView

from committees.mixins import ScopedObjectMixin
from committees.scoping import may_change
from core import uploads
from core.forms import UploadForm
from core.inputs import whole_number
from core.lists import FilteredListView
from core.navigation import Crumb
from resolutions.forms.documents import DocumentForm, RelationForm
from resolutions.models import DocumentFile, PartyDocument
from resolutions.selectors.documents import document_list
from resolutions.services import documents as services


def documents_crumb() -> Crumb:
    return Crumb(gettext_lazy("Party documents"), reverse("resolutions:document_list"))


def document_crumb(document: PartyDocument) -> Crumb:
    return Crumb(document.short_citation, document.get_absolute_url())


class DocumentListView(FilteredListView):
    template_name = "resolutions/documents/list.html"
    permission_required = "resolutions.view_partydocument"

    def filtered(self):
        return document_list(self.request.user, self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.request.user.has_perm("resolutions.add_partydocument"), **kwargs)


class DocumentDetailView(ScopedObjectMixin, DetailView):
    model = PartyDocument
    permission_required = "resolutions.view_partydocument"
    require_changeable = False
    context_object_name = "document"
    template_name = "resolutions/documents/detail.html"
    http_method_names = ["get"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee", "issuing_committee")

    def get_context_data(self, **kwargs):
        document, user = self.object, self.request.user
        readable = PartyDocument.objects.visible_to(user)
        can_change = may_change(user, document)
        return super().get_context_data(
            crumbs=[documents_crumb(), document_crumb(document)],
            relations=document.relations.filter(target__in=readable).select_related("target").order_by("kind", "pk"),
            related_from=document.related_from.filter(document__in=readable)
            .select_related("document")
            .order_by("kind", "pk"),
            files=DocumentFile.objects.visible_to(user).filter(document=document).order_by("uploaded_at", "pk"),
            can_change=can_change,
            history=document.history.select_related("history_user").order_by("-history_date")[:10],
            **kwargs,
        )


class DocumentFormMixin:
    form_class = DocumentForm
    template_name = "resolutions/documents/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def fields(self, form) -> dict:
        return {name: form.cleaned_data[name] for name in services.DOCUMENT_FIELDS}


class DocumentCreateView(LoginRequiredMixin, PermissionRequiredMixin, DocumentFormMixin, FormView):
    permission_required = "resolutions.add_partydocument"

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[documents_crumb()], **kwargs)

    def form_valid(self, form):
        document = services.document_create(by=self.request.user, **self.fields(form))
        messages.success(self.request, _("The document was registered."))
        return redirect(document)


class DocumentUpdateView(ScopedObjectMixin, DocumentFormMixin, FormView):
    model = PartyDocument
    permission_required = "resolutions.change_partydocument"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            document=self.object, crumbs=[documents_crumb(), document_crumb(self.object)], **kwargs
        )

    def form_valid(self, form):
        document = services.document_update(document=self.object, by=self.request.user, **self.fields(form))
        messages.success(self.request, _("The document was saved."))
        return redirect(document)


class DocumentRelationView(ScopedObjectMixin, FormView):
    model = PartyDocument
    permission_required = "resolutions.change_partydocument"
    form_class = RelationForm
    template_name = "resolutions/documents/relation_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "document": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            document=self.object,
            relations=self.object.relations.select_related("target").order_by("kind", "pk"),
            crumbs=[documents_crumb(), document_crumb(self.object)],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        unrelate = whole_number(request.POST.get("unrelate"))
        if unrelate is None:
            return super().post(request, *args, **kwargs)
        relation = self.object.relations.filter(pk=unrelate).first()  # another document's: as if it did not exist
        if relation is not None:
            services.document_unrelate(relation=relation, by=request.user)
            messages.success(request, _("The relation was removed."))
        return redirect(reverse("resolutions:document_relate", args=[self.object.pk]))

    def form_valid(self, form):
        services.document_relate(
            document=self.object,
            by=self.request.user,
            kind=form.cleaned_data["kind"],
            target=form.cleaned_data["target"],
        )
        messages.success(self.request, _("The relation was added."))
        return redirect(reverse("resolutions:document_relate", args=[self.object.pk]))


class DocumentFileUploadView(ScopedObjectMixin, FormView):
    model = PartyDocument
    permission_required = "resolutions.add_documentfile"
    form_class = UploadForm
    template_name = "resolutions/documents/file_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            document=self.object, crumbs=[documents_crumb(), document_crumb(self.object)], **kwargs
        )

    def form_valid(self, form):
        try:
            services.document_file_add(
                document=self.object,
                by=self.request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as refused:
            form.add_error("file", refused)
            return self.form_invalid(form)
        messages.success(self.request, _("The file was uploaded."))
        return redirect(self.object)


class DocumentFileDownloadView(LoginRequiredMixin, View):
    """The only way to a stored file: within the reader's scope, always as an attachment."""

    http_method_names = ["get"]

    def get(self, request, pk):
        return uploads.stored_response(get_object_or_404(DocumentFile.objects.visible_to(request.user), pk=pk))
