from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from committees.mixins import ScopedObjectMixin
from committees.models import Committee
from committees.scoping import may_change, scope_of
from core import uploads
from core.editing import show_refusal
from core.lists import FilteredListView
from core.navigation import Crumb
from core.party_layout import docx_response
from core.spreadsheets import spreadsheet_response
from resolutions.forms.campaigns import (
    BoardFilterForm,
    CampaignForm,
    ConnectionPointFormSet,
    StepReportForm,
    StepRowFormSet,
    UrgingForm,
)
from resolutions.letters import late_lines, urging_letter
from resolutions.models import Campaign, CampaignStep, CampaignTarget, StepEvidence, StepKind, StepReport
from resolutions.models.campaigns import MEETINGS
from resolutions.selectors.campaigns import (
    Board,
    campaign_board,
    campaign_list,
    campaign_targets,
    target_lines,
    target_steps,
)
from resolutions.services import campaigns as services


def campaigns_crumb() -> Crumb:
    return Crumb(gettext_lazy("Study campaigns"), reverse("resolutions:campaign_list"))


def campaign_crumb(campaign: Campaign) -> Crumb:
    return Crumb(campaign.title, campaign.get_absolute_url())


class CampaignListView(FilteredListView):
    template_name = "resolutions/campaigns/list.html"
    permission_required = "resolutions.view_campaign"

    def filtered(self):
        return campaign_list(self.request.user, self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.request.user.has_perm("resolutions.add_campaign"), **kwargs)


class BoardMixin(ScopedObjectMixin):
    """A campaign's board under the chosen committee (``?committee=`` a code; by default the organiser, or the
    reader's own committee when the organiser is above them): the page and its download read it alike."""

    model = Campaign
    permission_required = "resolutions.view_campaign"
    require_changeable = False
    http_method_names = ["get"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee")

    @cached_property
    def filter_form(self) -> BoardFilterForm:
        return BoardFilterForm(self.request.GET or None)

    def board(self) -> Board:
        """A filter that is not understood shows no row, and the bar says why (as on every list)."""
        campaign, user = self.object, self.request.user
        visible = Committee.objects.visible_to(user).filter(path__startswith=campaign.committee.path)
        code = self.request.GET.get("committee", "").strip()[:50]
        if code:
            committee = get_object_or_404(visible, code=code)
        else:
            committee = visible.filter(pk=campaign.committee_id).first() or scope_of(user).committee
        chosen = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        board = campaign_board(
            user, campaign, committee, today=timezone.localdate(),
            kind=chosen.get("kind", ""), status=chosen.get("status", ""),
        )  # fmt: skip
        return board if not self.filter_form.errors else replace(board, rows=[])


class CampaignDetailView(BoardMixin, DetailView):
    """The campaign, its documents and steps, and its progress board."""

    context_object_name = "campaign"
    template_name = "resolutions/campaigns/detail.html"

    def get_context_data(self, **kwargs):
        campaign = self.object
        return super().get_context_data(
            crumbs=[campaigns_crumb(), campaign_crumb(campaign)],
            documents=campaign.documents.order_by("issued_on", "pk"),
            steps=campaign.steps.order_by("target_kind", "order", "pk"),
            board=self.board(),
            filter_form=self.filter_form,
            can_adjust=may_change(self.request.user, campaign, "resolutions.change_campaign"),
            **kwargs,
        )


class CampaignBoardExportView(BoardMixin, View):
    """The board as shown, as XLSX or CSV: a row per committee, each step as done (or not applicable) of expected."""

    def get(self, request, *args, **kwargs):
        board = self.board()
        headers = [
            _("Committee"), *board.columns, _("Completed"), _("On time"), _("Members who studied"),
            _("Members expected"),
        ]  # fmt: skip
        rows = [
            [
                row.committee.name,
                *(f"{cell.settled}/{cell.expected}" if cell.expected else "" for cell in row.cells),
                round(row.total.completion, 2) if row.total.completion is not None else None,
                round(row.total.on_time_rate, 2) if row.total.on_time_rate is not None else None,
                row.studied,
                row.expected_members,
            ]
            for row in [*board.rows, board.total]
        ]
        rows[-1][0] = _("Total")
        filename = f"tien-do-hoc-tap-{board.campaign.pk}-{board.committee.code}"
        return spreadsheet_response(request, headers, rows, title=_("Progress"), filename=filename)


class CampaignTargetsView(ScopedObjectMixin, FilteredListView):
    """The committees behind a figure of the board: under a committee, of a kind, with a step in a state."""

    model = Campaign
    permission_required = "resolutions.view_campaign"
    require_changeable = False
    template_name = "resolutions/campaigns/targets.html"
    http_method_names = ["get"]

    def filtered(self):
        return campaign_targets(self.request.user, self.object, self.request.GET, timezone.localdate())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        step = self.filterset.chosen_step
        context.update(
            campaign=self.object,
            crumbs=[campaigns_crumb(), campaign_crumb(self.object)],
            step_label=StepKind(step).label if step else "",
            lines=target_lines(self.object, list(context["object_list"]), step, timezone.localdate()),
        )
        return context


class CampaignUrgingLetterView(BoardMixin, View):
    """The urging letter to the committees late under the chosen one (the board's filters apply), as a Word file in
    party document layout, ready to sign."""

    def get(self, request, *args, **kwargs):
        board = self.board()
        if not late_lines(board):
            messages.info(request, _("No committee under it is late with a step: there is nobody to urge."))
            return redirect(f"{board.campaign.get_absolute_url()}?{request.GET.urlencode()}")
        letter = urging_letter(board, today=timezone.localdate())
        return docx_response(letter, f"cong-van-don-doc-{board.campaign.pk}-{board.committee.code}.docx")


class CampaignStepsView(ScopedObjectMixin, TemplateView):
    """The organiser adjusts its campaign's steps: deadlines and order, steps added or removed."""

    model = Campaign
    permission_required = "resolutions.change_campaign"
    template_name = "resolutions/campaigns/steps_form.html"
    http_method_names = ["get", "post"]

    @cached_property
    def formset(self) -> StepRowFormSet:
        campaign = self.object
        initial = [
            {"pk": step.pk, "target_kind": step.target_kind, "kind": step.kind, "due_days": step.due_days,
             "order": step.order}
            for step in campaign.steps.order_by("target_kind", "order", "pk")
        ]  # fmt: skip
        data = self.request.POST if self.request.method == "POST" else None
        return StepRowFormSet(data, initial=initial, prefix="steps", form_kwargs={"kinds": campaign.target_kinds})

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            campaign=self.object,
            formset=self.formset,
            crumbs=[campaigns_crumb(), campaign_crumb(self.object)],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        formset = self.formset
        if formset.is_valid():
            rows = [form.row for form in formset if form.row]
            removed = [form.cleaned_data["pk"] for form in formset.deleted_forms if form.cleaned_data.get("pk")]
            try:
                services.campaign_steps_set(campaign=self.object, by=request.user, steps=rows, removed=removed)
            except ValidationError as refused:
                for message in refused.messages:
                    formset.non_form_errors().append(message)
            else:
                messages.success(request, _("The steps were saved; the progress is counted with them."))
                return redirect(self.object)
        return self.render_to_response(self.get_context_data())


class CampaignStartView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "resolutions.add_campaign"
    form_class = CampaignForm
    template_name = "resolutions/campaigns/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[campaigns_crumb()], **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        campaign = services.campaign_start(
            by=self.request.user,
            committee=data["committee"],
            title=data["title"],
            starts_on=data["starts_on"],
            documents=data["documents"],
            steps=services.default_steps(data["target_kinds"]),
            directly_under=data["directly_under"],
        )
        messages.success(
            self.request,
            _("The campaign was started: %(count)d committees take part.") % {"count": campaign.targets.count()},
        )
        return redirect(campaign)


class CampaignTargetView(ScopedObjectMixin, DetailView):
    """One target's part of a campaign: its steps, each with its deadline, state and report."""

    model = CampaignTarget
    permission_required = "resolutions.view_campaign"
    require_changeable = False
    context_object_name = "target"
    template_name = "resolutions/campaigns/target.html"
    http_method_names = ["get"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("campaign__committee", "committee")

    def get_context_data(self, **kwargs):
        target = self.object
        return super().get_context_data(
            crumbs=[
                campaigns_crumb(),
                campaign_crumb(target.campaign),
                Crumb(target.committee.name, self.request.path),
            ],
            lines=target_steps(target, timezone.localdate()),
            can_report=may_change(self.request.user, target, "resolutions.add_stepreport"),
            urgings=target.urgings.select_related("by"),
            can_urge=may_change(self.request.user, target, "resolutions.add_urging")
            and scope_of(self.request.user).committee != target.committee,
            **kwargs,
        )


class StepReportView(ScopedObjectMixin, FormView):
    """A target reports one of its steps (its own officers, or those above it), with the connection points of a
    conference followed online; the figures are checked."""

    model = CampaignTarget
    permission_required = ("resolutions.add_stepreport", "resolutions.change_stepreport")
    form_class = StepReportForm
    template_name = "resolutions/campaigns/report_form.html"

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("campaign", "committee")

    @cached_property
    def step(self) -> CampaignStep:
        return get_object_or_404(
            CampaignStep, pk=self.kwargs["step"], campaign=self.object.campaign, target_kind=self.object.kind
        )

    @cached_property
    def report(self) -> StepReport | None:
        return StepReport.objects.filter(target=self.object, step=self.step).first()

    @cached_property
    def points(self) -> ConnectionPointFormSet | None:
        """The connection points' rows, for a conference only."""
        if self.step.kind not in MEETINGS:
            return None
        kwargs = {"form_kwargs": {"user": self.request.user, "target": self.object}, "prefix": "points"}
        if self.request.method == "POST" and "points-TOTAL_FORMS" in self.request.POST:
            return ConnectionPointFormSet(self.request.POST, **kwargs)
        reported = self.report.connection_points.select_related("host") if self.report else []
        initial = [{"host": point.host, "place": point.place, "attendees": point.attendees} for point in reported]
        return ConnectionPointFormSet(initial=initial, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.report}

    def get_context_data(self, **kwargs):
        target = self.object
        return super().get_context_data(
            target=target,
            step=self.step,
            points=self.points,
            crumbs=[
                campaigns_crumb(),
                campaign_crumb(target.campaign),
                Crumb(target.committee.name, target.get_absolute_url()),
            ],
            **kwargs,
        )

    def form_valid(self, form):
        given = self.points is not None and self.points.is_bound  # a post without the rows keeps those reported
        if given and not self.points.is_valid():
            return self.form_invalid(form)
        fields = {name: form.cleaned_data[name] for name in services.REPORT_FIELDS}
        evidence = {"evidence": form.cleaned_data["evidence"], "evidence_title": form.cleaned_data["evidence_title"]}
        points = [row.point for row in self.points if row.point] if given else None
        try:
            services.step_report_save(
                target=self.object, step=self.step, by=self.request.user, points=points, **evidence, **fields
            )
        except ValidationError as refused:
            show_refusal(form, refused)
            return self.form_invalid(form)
        messages.success(self.request, _("The step was reported."))
        return redirect(self.object)


class UrgingView(ScopedObjectMixin, FormView):
    """A committee above a target logs that it urged it: how, when, what was said."""

    model = CampaignTarget
    permission_required = "resolutions.add_urging"
    form_class = UrgingForm
    template_name = "resolutions/campaigns/urging_form.html"
    http_method_names = ["get", "post"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("campaign", "committee")

    def get_context_data(self, **kwargs):
        target = self.object
        return super().get_context_data(
            target=target,
            crumbs=[
                campaigns_crumb(),
                campaign_crumb(target.campaign),
                Crumb(target.committee.name, target.get_absolute_url()),
            ],
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.urging_log(
                target=self.object, by=self.request.user, urged_on=data["urged_on"], channel=data["channel"],
                note=data["note"],
            )  # fmt: skip
        except PermissionDenied:
            form.add_error(None, _("A committee is urged by those above it: log it from the committee above."))
            return self.form_invalid(form)
        messages.success(self.request, _("The urging was logged."))
        return redirect(self.object)


class StepEvidenceDownloadView(LoginRequiredMixin, View):
    """The only way to a stored evidence file: within the reader's scope, always as an attachment."""

    http_method_names = ["get"]

    def get(self, request, pk):
        return uploads.stored_response(get_object_or_404(StepEvidence.objects.visible_to(request.user), pk=pk))
