from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from committees.mixins import ScopedObjectMixin
from committees.scoping import may_change
from core import uploads
from core.forms import UploadForm
from core.inputs import whole_number
from core.lists import FilteredListView
from core.navigation import Crumb
from core.pagination import Paginator
from opinion.forms.trainings import AttendanceForm, InviteForm, TrainingForm
from opinion.models import Collaborator, Training, TrainingAttendance, TrainingMaterial
from opinion.models.trainings import Attendance
from opinion.selectors.trainings import training_list
from opinion.services import trainings as services

PER_PAGE = 25
INVITEES_PER_PAGE = 50
MAX_ROWS_PER_POST = 500


def trainings_crumb() -> Crumb:
    return Crumb(gettext_lazy("Trainings"), reverse("opinion:training_list"))


def training_crumb(training: Training) -> Crumb:
    return Crumb(training.title, training.get_absolute_url())


class TrainingListView(FilteredListView):
    template_name = "opinion/trainings/list.html"
    permission_required = "opinion.view_training"

    def filtered(self):
        return training_list(self.request.user, self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.request.user.has_perm("opinion.add_training"), **kwargs)


class TrainingDetailView(ScopedObjectMixin, DetailView):
    model = Training
    require_changeable = False
    template_name = "opinion/trainings/detail.html"
    http_method_names = ["get"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee")

    def get_context_data(self, **kwargs):
        training, user = self.object, self.request.user
        invitees = TrainingAttendance.objects.visible_to(user).filter(training=training)
        counts = dict(invitees.order_by().values_list("status").annotate(n=Count("pk")))
        page = Paginator(
            invitees.select_related("collaborator__committee").order_by(
                "collaborator__committee__path", "collaborator__sort_name", "pk"
            ),
            INVITEES_PER_PAGE,
        ).get_page(self.request.GET.get("page"))
        materials = (
            TrainingMaterial.objects.visible_to(user)
            .filter(training=training)
            .select_related("uploaded_by")
            .order_by("uploaded_at", "pk")
        )
        can_change = may_change(user, training)
        return super().get_context_data(
            crumbs=[trainings_crumb(), training_crumb(training)],
            invitees=page,
            counts=[(label, counts.get(value, 0)) for value, label in Attendance.choices],
            total_invited=sum(counts.values()),
            materials=materials,
            can_change=can_change,
            can_upload=can_change and user.has_perm("opinion.add_trainingmaterial"),
            can_invite=user.has_perm("opinion.add_trainingattendance"),
            can_record=user.has_perm("opinion.change_trainingattendance"),
            history=training.history.select_related("history_user").order_by("-history_date")[:10],
            **kwargs,
        )


class TrainingCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "opinion.add_training"
    form_class = TrainingForm
    template_name = "opinion/trainings/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[trainings_crumb()], **kwargs)

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in services.TRAINING_FIELDS}
        training = services.training_create(by=self.request.user, **fields)
        messages.success(self.request, _("The training was saved."))
        return redirect(training)


class TrainingUpdateView(ScopedObjectMixin, FormView):
    model = Training
    permission_required = "opinion.change_training"
    form_class = TrainingForm
    template_name = "opinion/trainings/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            training=self.object, crumbs=[trainings_crumb(), training_crumb(self.object)], **kwargs
        )

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in services.TRAINING_FIELDS}
        training = services.training_update(training=self.object, by=self.request.user, **fields)
        messages.success(self.request, _("The training was saved."))
        return redirect(training)


class TrainingInviteView(ScopedObjectMixin, FormView):
    """Invite collaborators of the user's own scope: to their own training, or to one an ancestor organises."""

    model = Training
    permission_required = "opinion.add_trainingattendance"
    require_changeable = False
    form_class = InviteForm
    template_name = "opinion/trainings/invite.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        invited = TrainingAttendance.objects.visible_to(self.request.user).filter(training=self.object).count()
        return super().get_context_data(
            training=self.object,
            invited=invited,
            crumbs=[trainings_crumb(), training_crumb(self.object)],
            **kwargs,
        )

    def form_valid(self, form):
        result = services.training_invite(
            training=self.object, by=self.request.user, committee=form.cleaned_data["committee"]
        )
        messages.success(
            self.request,
            _("%(invited)d collaborators invited (%(already)d were already invited).")
            % {"invited": result.invited, "already": result.already},
        )
        return redirect(self.object)


class TrainingAttendanceView(ScopedObjectMixin, TemplateView):
    """Record who came: only the invitees the user may manage (their own scope's collaborators) are listed, even
    at a training organised above them."""

    model = Training
    permission_required = "opinion.change_trainingattendance"
    require_changeable = False
    template_name = "opinion/trainings/attendance.html"

    def rows(self):
        return (
            TrainingAttendance.objects.changeable_by(self.request.user)
            .filter(training=self.object)
            .select_related("collaborator__committee")
            .order_by("collaborator__committee__path", "collaborator__sort_name", "pk")
        )

    def get(self, request, *args, **kwargs):
        rows = self.rows()
        query = request.GET.get("q", "").strip()[:100]
        if query:
            rows = rows.filter(collaborator__in=Collaborator.objects.search(query))
        page = Paginator(rows, INVITEES_PER_PAGE).get_page(request.GET.get("page"))
        form = AttendanceForm(rows=page.object_list)
        return self.render_to_response(self.get_context_data(form=form, page=page, q=query))

    def post(self, request, *args, **kwargs):
        ids = [pk for pk in map(whole_number, request.POST.getlist("row")[:MAX_ROWS_PER_POST]) if pk is not None]
        rows = self.rows().filter(pk__in=ids)  # anything else is not the user's to record: ignored
        form = AttendanceForm(request.POST, rows=rows)
        if not form.is_valid():
            messages.error(request, _("Some rows could not be saved; see below."))
            return self.render_to_response(self.get_context_data(form=form, page=None, q=""))
        records = form.records()
        if "all_present" in request.POST:
            records = {pk: (Attendance.PRESENT, note) for pk, (_status, note) in records.items()}
        changed = services.training_attendance_record(training=self.object, by=request.user, records=records)
        messages.success(request, _("Attendance saved (%(count)d changed).") % {"count": changed})
        url = reverse("opinion:training_attendance", args=[self.object.pk])
        page = request.POST.get("page", "")
        return redirect(f"{url}?page={page}" if whole_number(page) is not None else url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            training=self.object,
            crumbs=[trainings_crumb(), training_crumb(self.object)],
            **kwargs,
        )


class TrainingMaterialUploadView(ScopedObjectMixin, FormView):
    model = Training
    permission_required = "opinion.add_trainingmaterial"
    form_class = UploadForm
    template_name = "opinion/trainings/material_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            training=self.object, crumbs=[trainings_crumb(), training_crumb(self.object)], **kwargs
        )

    def form_valid(self, form):
        try:
            services.training_material_add(
                training=self.object,
                by=self.request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as refused:
            form.add_error("file", refused)
            return self.form_invalid(form)
        messages.success(self.request, _("The material was uploaded."))
        return redirect(self.object)


class TrainingMaterialDownloadView(LoginRequiredMixin, View):
    """The only way to a stored material: within the reader's scope, always as an attachment."""

    http_method_names = ["get"]

    def get(self, request, pk):
        return uploads.stored_response(get_object_or_404(TrainingMaterial.objects.visible_to(request.user), pk=pk))


class TrainingRecordView(ScopedObjectMixin, TemplateView):
    """A collaborator's training record: the trainings they were invited to that the reader may see."""

    model = Collaborator
    require_changeable = False
    template_name = "opinion/trainings/record.html"

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee")

    def get_context_data(self, **kwargs):
        user = self.request.user
        attendances = (
            TrainingAttendance.objects.visible_to(user)
            .filter(collaborator=self.object, training__in=Training.objects.visible_to(user))
            .select_related("training__committee")
            .order_by("-training__starts_on", "-training__pk")
        )
        attendances = list(attendances)
        return super().get_context_data(
            collaborator=self.object,
            attendances=attendances,
            present=sum(1 for a in attendances if a.status == Attendance.PRESENT),
            crumbs=[trainings_crumb(), Crumb(self.object.full_name, self.request.path)],
            **kwargs,
        )
