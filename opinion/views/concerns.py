"""Pages of concerns and dialogue sessions. Thin: they read through the selectors and write through the services.

Reading needs only a sign-in (the scope decides what exists: a collaborator's lists are empty); writing needs the
model permission and the record within the user's scope (``changeable_by``). A record outside the scope answers
404 before any permission is looked at, so a 403 never tells that it exists.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, UpdateView
from django_htmx.http import HttpResponseClientRedirect

from committees.mixins import ScopedObjectMixin
from committees.scoping import may_change
from core.lists import FilteredListView
from core.navigation import Crumb
from core.workflow import WorkflowError, as_form_error
from opinion.forms.concerns import (
    STEP_FORMS,
    ConcernForm,
    ConcernUpdateForm,
    DialogueForm,
    QuestionFormSet,
    question_formset_helper,
)
from opinion.models import Concern, Dialogue
from opinion.models.concerns import open_first
from opinion.selectors import concerns as selectors
from opinion.services import concerns as services

PER_PAGE = 25
Status = Concern.Status
# The order the step forms are offered in.
STEP_ORDER = (Status.ADVISING, Status.RESOLVED, Status.FORWARDED, Status.NOT_ACCEPTED)


def concern_crumbs(*extra: Crumb) -> list[Crumb]:
    return [Crumb(_("Concerns"), reverse("opinion:concern_list")), *extra]


def dialogue_crumbs(*extra: Crumb) -> list[Crumb]:
    return [Crumb(_("Dialogue sessions"), reverse("opinion:dialogue_list")), *extra]


# --- Concerns -------------------------------------------------------------------------------------------------------


class ConcernListView(FilteredListView):
    paginate_by = PER_PAGE
    permission_required = "opinion.view_concern"
    template_name = "opinion/concerns/list.html"
    context_object_name = "concerns"
    title = gettext_lazy("Concerns")
    view_name = "opinion:concern_list"
    ordering = ("-received_on", "-pk")  # the register: the latest received first

    def narrow(self, queryset):
        return queryset

    def filtered(self):
        return selectors.concern_list(self.request.user, self.request.GET, narrow=self.narrow, ordering=self.ordering)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title,
            today=timezone.localdate(),
            can_add=self.request.user.has_perm("opinion.add_concern"),
            tabs=[
                (gettext_lazy("All"), reverse("opinion:concern_list"), self.view_name == "opinion:concern_list"),
                (
                    gettext_lazy("Overdue"),
                    reverse("opinion:concern_overdue"),
                    self.view_name == "opinion:concern_overdue",
                ),
                (gettext_lazy("Mine"), reverse("opinion:concern_mine"), self.view_name == "opinion:concern_mine"),
            ],
            **kwargs,
        )


class ConcernOverdueView(ConcernListView):
    title = gettext_lazy("Overdue concerns")
    view_name = "opinion:concern_overdue"
    ordering = ("deadline", "pk")  # the most overdue first

    def narrow(self, queryset):
        return queryset.overdue(timezone.localdate())


class ConcernMineView(ConcernListView):
    title = gettext_lazy("My concerns")
    view_name = "opinion:concern_mine"
    # A to-do list: the open ones first, the nearest deadline first.
    ordering = (open_first(), "deadline", "pk")

    def narrow(self, queryset):
        return queryset.filter(owner=self.request.user)


def step_forms(concern: Concern, bound=None) -> list:
    """The forms of the steps the concern may take next, ``bound`` (a form with errors) in its place."""
    allowed = services.allowed_transitions(concern)
    forms = []
    for status in STEP_ORDER:
        if status in allowed:
            forms.append(bound if bound is not None and bound.status == status else STEP_FORMS[status](concern=concern))
    return forms


class ConcernDetailView(ScopedObjectMixin, DetailView):
    model = Concern
    require_changeable = False
    template_name = "opinion/concerns/detail.html"
    http_method_names = ["get"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee", "owner", "dialogue")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**concern_context(self.object, self.request.user), **kwargs)


def concern_context(concern: Concern, user, bound=None) -> dict:
    can_change = may_change(user, concern)
    return {
        "concern": concern,
        "crumbs": concern_crumbs(Crumb(str(concern)[:60])),
        "timeline": selectors.concern_timeline(concern),
        "forwarded_as": selectors.concern_forwarded_as(concern, user),
        "forwarded_from": selectors.concern_forwarded_from(concern, user),
        "can_change": can_change,
        "step_forms": step_forms(concern, bound) if can_change else [],
        "today": timezone.localdate(),
    }


def take_step(status: str, *, concern: Concern, by, data: dict) -> str:
    """Call the service of one step; the message to show when it is done."""
    if status == Status.ADVISING:
        services.concern_start_advising(concern=concern, by=by, note=data["note"])
        return _("The department is now advising the committee on this concern.")
    if status == Status.RESOLVED:
        services.concern_resolve(concern=concern, by=by, outcome=data["outcome"])
        return _("The concern is resolved.")
    if status == Status.NOT_ACCEPTED:
        services.concern_refuse(concern=concern, by=by, reason=data["reason"])
        return _("The concern is marked as not accepted.")
    target = data["to_committee"]
    services.concern_forward(concern=concern, by=by, to_committee=target, note=data["note"])
    return _("The concern was forwarded to %(committee)s.") % {"committee": target.name}


class ConcernTransitionView(ScopedObjectMixin, View):
    """One step of the workflow, the target status in the POST. With htmx the actions are swapped in place."""

    model = Concern
    permission_required = ("opinion.change_concern",)

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee", "owner", "dialogue")

    def get(self, request, pk):
        return redirect(self.object)

    def post(self, request, pk):
        concern = self.object
        status = request.POST.get("status", "")
        form_class = STEP_FORMS.get(status)
        if form_class is None or status not in services.allowed_transitions(concern):
            label = Status(status).label if status in Status.values else status
            return self.refused(
                _("A concern that is “%(current)s” cannot become “%(next)s”.")
                % {"current": concern.get_status_display(), "next": label}
            )
        form = form_class(request.POST, concern=concern)
        if form.is_valid():
            try:
                done = take_step(status, concern=concern, by=request.user, data=form.cleaned_data)
            except WorkflowError as error:
                if not hasattr(error, "error_dict"):
                    return self.refused(" ".join(error.messages))
                as_form_error(form, error)
            else:
                messages.success(request, done)
                return self.finished(concern)
        return self.invalid(concern, form)

    def finished(self, concern):
        if self.request.htmx:
            return HttpResponseClientRedirect(concern.get_absolute_url())
        return redirect(concern)

    def refused(self, message: str):
        messages.error(self.request, message)
        return self.finished(self.object)

    def invalid(self, concern, form):
        context = concern_context(concern, self.request.user, bound=form)
        if self.request.htmx:
            return render(self.request, "opinion/concerns/_actions.html", context)
        return render(self.request, "opinion/concerns/detail.html", {**context, "object": concern})


class ConcernCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    form_class = ConcernForm
    template_name = "opinion/concerns/form.html"
    permission_required = ("opinion.add_concern",)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        profile = getattr(self.request.user, "profile", None)
        if profile is None:
            return {}
        return {"committee": profile.committee_id, "owner": self.request.user.pk}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("New concern"), crumbs=concern_crumbs(Crumb(_("New concern"))), **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            concern = services.concern_create(
                committee=data["committee"],
                channel=data["channel"],
                category=data["category"],
                content=data["content"],
                owner=data["owner"],
                by=self.request.user,
                received_on=data["received_on"],
                deadline=data["deadline"],
                is_anonymous=data["is_anonymous"],
                raised_by=data["raised_by"],
            )
        except WorkflowError as error:
            as_form_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Concern received; deadline %(deadline)s.") % {"deadline": concern.deadline.strftime("%d/%m/%Y")},
        )
        return redirect(concern)


class ConcernUpdateView(ScopedObjectMixin, UpdateView):
    model = Concern
    form_class = ConcernUpdateForm
    template_name = "opinion/concerns/form.html"
    permission_required = ("opinion.change_concern",)

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee", "owner")

    def get(self, request, *args, **kwargs):
        if not self.object.is_open:
            return self.closed()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.object.is_open:
            return self.closed()
        return super().post(request, *args, **kwargs)

    def closed(self):
        concern = self.object
        messages.error(
            self.request,
            _("A concern that is “%(current)s” can no longer be edited.") % {"current": concern.get_status_display()},
        )
        return redirect(concern)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        concern = self.object
        return super().get_context_data(
            title=_("Edit the concern"),
            crumbs=concern_crumbs(Crumb(str(concern)[:60], concern.get_absolute_url()), Crumb(_("Edit"))),
            **kwargs,
        )

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in ConcernUpdateForm.Meta.fields}
        try:
            concern = services.concern_update(concern=self.object, by=self.request.user, **fields)
        except WorkflowError as error:
            as_form_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The concern was saved."))
        return redirect(concern)


# --- Dialogue sessions ----------------------------------------------------------------------------------------------


class DialogueListView(FilteredListView):
    paginate_by = PER_PAGE
    permission_required = "opinion.view_dialogue"
    template_name = "opinion/concerns/dialogue_list.html"
    context_object_name = "dialogues"

    def filtered(self):
        return selectors.dialogue_list(self.request.user, self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_add=self.request.user.has_perms(DialogueCreateView.permission_required),
            **kwargs,
        )


class DialogueDetailView(ScopedObjectMixin, DetailView):
    model = Dialogue
    require_changeable = False
    template_name = "opinion/concerns/dialogue_detail.html"
    http_method_names = ["get"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee")

    def get_context_data(self, **kwargs):
        dialogue, user = self.object, self.request.user
        can_change = self.may_change(*DialogueUpdateView.permission_required)
        return super().get_context_data(
            crumbs=dialogue_crumbs(Crumb(dialogue.title)),
            concerns=selectors.dialogue_concerns(dialogue, user),
            can_change=can_change,
            today=timezone.localdate(),
            **kwargs,
        )


class DialogueFormMixin:
    """A dialogue session and, below it, the questions raised (each becomes a concern)."""

    template_name = "opinion/concerns/dialogue_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        if "questions" not in kwargs:
            kwargs["questions"] = QuestionFormSet(prefix="questions")
        return super().get_context_data(questions_helper=question_formset_helper(), **kwargs)

    def form_valid(self, form):
        questions = QuestionFormSet(self.request.POST, prefix="questions")
        if not questions.is_valid():
            return self.render_to_response(self.get_context_data(form=form, questions=questions))
        asked = [q.cleaned_data for q in questions if q.cleaned_data]
        if asked and form.cleaned_data["owner"] is None:
            form.add_error("owner", _("Choose who follows up the questions."))
            return self.render_to_response(self.get_context_data(form=form, questions=questions))
        try:
            with transaction.atomic():
                dialogue = self.save(form.cleaned_data, asked)
        except WorkflowError as error:
            as_form_error(form, error)
            return self.render_to_response(self.get_context_data(form=form, questions=questions))
        messages.success(
            self.request,
            _("Dialogue session saved; %(count)s question(s) recorded as concerns.") % {"count": len(asked)},
        )
        return redirect(dialogue)

    def form_invalid(self, form):
        questions = QuestionFormSet(self.request.POST, prefix="questions")
        questions.is_valid()  # show the questions' errors too, and keep what was typed
        return self.render_to_response(self.get_context_data(form=form, questions=questions))


class DialogueCreateView(LoginRequiredMixin, PermissionRequiredMixin, DialogueFormMixin, FormView):
    form_class = DialogueForm
    permission_required = ("opinion.add_dialogue", "opinion.add_concern")

    def get_initial(self):
        profile = getattr(self.request.user, "profile", None)
        if profile is None:
            return {}
        return {"committee": profile.committee_id, "owner": self.request.user.pk}

    def get_context_data(self, **kwargs):
        title = _("New dialogue session")
        return super().get_context_data(title=title, crumbs=dialogue_crumbs(Crumb(title)), **kwargs)

    def save(self, data: dict, questions: list[dict]) -> Dialogue:
        return services.dialogue_create(
            committee=data["committee"],
            held_on=data["held_on"],
            title=data["title"],
            chair=data["chair"],
            participants=data["participants"],
            summary=data["summary"],
            by=self.request.user,
            questions=questions,
            owner=data["owner"],
        )


class DialogueUpdateView(ScopedObjectMixin, DialogueFormMixin, UpdateView):
    model = Dialogue
    form_class = DialogueForm
    permission_required = ("opinion.change_dialogue", "opinion.add_concern")

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee")

    def get_context_data(self, **kwargs):
        dialogue = self.object
        return super().get_context_data(
            title=_("Edit the dialogue session"),
            crumbs=dialogue_crumbs(Crumb(dialogue.title, dialogue.get_absolute_url()), Crumb(_("Edit"))),
            concerns=selectors.dialogue_concerns(dialogue, self.request.user),
            **kwargs,
        )

    def save(self, data: dict, questions: list[dict]) -> Dialogue:
        return services.dialogue_update(
            dialogue=self.object,
            by=self.request.user,
            questions=questions,
            owner=data["owner"],
            **{name: data[name] for name in ("held_on", "title", "chair", "participants", "summary")},
        )
