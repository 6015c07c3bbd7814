from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from committees.mixins import ScopedObjectMixin
from committees.models import Committee
from committees.scoping import scope_of
from core.editing import ServiceFormMixin, show_refusal
from core.lists import FilteredListView
from core.navigation import Crumb
from core.party_layout import docx_response
from core.spreadsheets import xlsx_response
from opinion.selectors.collaborators import collaborator_overview
from reports import overview, services
from reports.checks import findings
from reports.exports import annex_xlsx, report_docx
from reports.figures import annex, compared, figures
from reports.forms import AdditionsForm, ComposeForm, PeriodForm, ReceiveForm, SendForm, SignForm, TextForm
from reports.letters import urging_letter
from reports.models import Report, ReportingPeriod, ReportStatus
from reports.narrative import mismatches, outline, parts_of
from reports.selectors import compilation, own_report, period_board, period_list


@login_required
def dashboard(request):
    """The overview: for staff, what needs them, the month and the year in their scope, and what it holds; for a
    collaborator, their own work."""
    scope = scope_of(request.user)
    if scope.is_collaborator:
        own = collaborator_overview(request.user, timezone.localdate(), timezone.now())
        return render(request, "reports/collaborator_dashboard.html", {"scope": scope, **own})
    today = timezone.localdate()
    context = {
        "scope": scope,
        **overview.own_part(request.user, today),
        "branch": overview.branch_rendered(request.user, today),
    }
    return render(request, "reports/dashboard.html", context)


def periods_crumb() -> Crumb:
    return Crumb(gettext_lazy("Reports"), reverse("reports:period_list"))


class PeriodListView(FilteredListView):
    template_name = "reports/period_list.html"
    permission_required = "reports.view_reportingperiod"

    def filtered(self):
        return period_list(self.request.user, self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.request.user.has_perm("reports.add_reportingperiod"), **kwargs)


class PeriodOpenView(LoginRequiredMixin, PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "reports.add_reportingperiod"
    form_class = PeriodForm
    template_name = "reports/period_form.html"
    success_message = gettext_lazy("The period was opened.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[periods_crumb()], **kwargs)

    def write(self, form):
        fields = {name: form.cleaned_data[name] for name in services.PERIOD_FIELDS}
        return services.period_open(by=self.request.user, **fields)


class PeriodDetailView(ScopedObjectMixin, DetailView):
    """The period, and the report of the reader's own committee: opened, or to start."""

    model = ReportingPeriod
    permission_required = "reports.view_reportingperiod"
    require_changeable = False
    context_object_name = "period"
    template_name = "reports/period_detail.html"
    http_method_names = ["get", "post"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee", "guidance")

    def get_context_data(self, **kwargs):
        period, user = self.object, self.request.user
        committee = scope_of(user).committee  # none for a superuser, who reports for no committee
        shown = shown_committee(self.request, period)
        return super().get_context_data(
            crumbs=[periods_crumb(), Crumb(period.title, self.request.path)],
            board=period_board(period, shown, timezone.localdate()),
            may_urge=user.has_perm("reports.receive_report"),
            committee=committee,
            report=own_report(user, period, committee) if committee else None,
            may_start=bool(committee) and services.obliged(period, committee) and user.has_perm("reports.add_report"),
            late=period.is_late(timezone.localdate()),
            kinds=[Committee.Kind(kind).label for kind in period.obliged_kinds if kind in Committee.Kind.values],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("reports.add_report"):
            raise PermissionDenied
        try:
            report = services.report_start(
                by=request.user, period=self.object, committee=scope_of(request.user).committee
            )
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
            return redirect(self.object)
        return redirect(report)


def shown_committee(request, period: ReportingPeriod) -> Committee:
    """The committee whose owed reports a period's page shows: ``?committee=`` (one the reader sees), else the
    reader's own, else the one that opened the period."""
    code = request.GET.get("committee", "").strip()[:50]
    if code:
        return get_object_or_404(Committee.objects.visible_to(request.user), code=code)
    return scope_of(request.user).committee or period.committee


class PeriodUrgingLetterView(PeriodDetailView):
    """The urging letter to the committees whose report has not come, for the committee the page shows."""

    permission_required = "reports.receive_report"
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        board = period_board(self.object, shown_committee(request, self.object), today)
        letter = urging_letter(board, today=today)
        return docx_response(letter, f"cong-van-don-doc-bao-cao-{self.object.pk}-{slugify(board.committee.code)}.docx")


class ReportDetailView(ScopedObjectMixin, DetailView):
    """A report: while a draft, its figures read live from the records, beside a year before and the window before."""

    model = Report
    permission_required = "reports.view_report"
    require_changeable = False
    context_object_name = "report"
    template_name = "reports/report_detail.html"
    http_method_names = ["get"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("period__committee", "committee", "recipient")

    def get_context_data(self, **kwargs):
        report = self.object
        version = report.versions.order_by("-number").first()
        live = not version.figures
        snapshot = compared(report.committee, report.period.window) if live else version.figures
        actions = self.actions()
        writable = live and may_write(self.request.user, report)
        return super().get_context_data(
            crumbs=report_crumbs(report, self.request.path),
            version=version,
            window=report.period.window,
            lines=annex(snapshot, report.period.sections),
            live=live,
            text=text_of(report, version),
            writable=writable,
            findings=findings(report, version, snapshot) if live and (writable or "sign" in actions) else [],
            actions=actions,
            events=report.events.select_related("by").order_by("at", "pk"),
            versions=report.versions.order_by("number"),
            receives=Report.objects.filter(period=report.period, recipient=report.committee).exists(),
            **kwargs,
        )

    def actions(self) -> dict:
        """The steps the reader may take now, each with its form (bound when it was just refused)."""
        report, user = self.object, self.request.user
        committee_id = services.own_committee_id(user)
        own = committee_id is not None and committee_id == report.committee_id
        recipient = committee_id is not None and committee_id == report.recipient_id
        open_steps = {
            "sign": own and user.has_perm("reports.sign_report") and report.status in SIGNABLE,
            "send": own and user.has_perm("reports.change_report") and report.status == ReportStatus.SIGNED,
            "receive": recipient and user.has_perm("reports.receive_report") and report.status == ReportStatus.SENT,
            "additions": recipient and user.has_perm("reports.receive_report")
            and report.status in (ReportStatus.SENT, ReportStatus.RECEIVED),
        }  # fmt: skip
        refused = getattr(self, "refused", {})
        return {step: refused.get(step) or STEPS[step][0]() for step, allowed in open_steps.items() if allowed}


SIGNABLE = services.SIGNABLE
STEPS = {
    "sign": (SignForm, services.report_sign, gettext_lazy("The report was signed; its figures are frozen.")),
    "send": (SendForm, services.report_send, gettext_lazy("The report was sent.")),
    "receive": (ReceiveForm, services.report_receive, gettext_lazy("The report was received.")),
    "additions": (AdditionsForm, services.report_request_additions,
                  gettext_lazy("Additions were requested; the committee will sign a new version.")),
}  # fmt: skip


class ReportStepView(ReportDetailView):
    """One step of the report's life, posted from its page; refused, the page shows the form as it was typed."""

    http_method_names = ["get", "post"]
    step = ""

    def get(self, request, *args, **kwargs):
        return redirect(self.object)  # a step's address opened by hand: the report, whose page offers the step

    def post(self, request, *args, **kwargs):
        step = self.step
        form_class, service, done = STEPS[step]
        form = form_class(request.POST)
        if form.is_valid():
            try:
                service(by=request.user, report=self.object, **form.cleaned_data)
            except ValidationError as refused:
                show_refusal(form, refused)
            else:
                messages.success(request, done)
                return redirect(self.object)
        self.refused = {step: form}
        return self.render_to_response(self.get_context_data(), status=200)


def may_write(user, report: Report) -> bool:
    """May ``user`` write the report's text now: its own department, while the report is not signed."""
    own = services.own_committee_id(user)
    return (
        own is not None
        and own == report.committee_id
        and user.has_perm("reports.change_report")
        and (report.status in SIGNABLE)
    )


def report_crumbs(report: Report, path: str) -> list[Crumb]:
    return [
        periods_crumb(),
        Crumb(report.period.title, report.period.get_absolute_url()),
        Crumb(report.committee.name, report.get_absolute_url()),
        *([Crumb(gettext_lazy("Text"), path)] if path != report.get_absolute_url() else []),
    ]


def text_of(report: Report, version) -> list[tuple[str, str, str]]:
    """(chapter heading, part heading, text) of each part of ``version``, in the period's outline."""
    texts = parts_of(version.narrative)
    return [(heading.chapter, heading.heading, texts[heading.part.key]) for heading in outline(report.period)]


class ReportTextView(ScopedObjectMixin, DetailView):
    """The department writes its report's text, part by part, starting from what was written from the figures; it
    is told where a number no longer says what the figures do. Written again from the figures on request."""

    model = Report
    permission_required = "reports.change_report"
    require_changeable = False
    context_object_name = "report"
    template_name = "reports/report_text.html"
    http_method_names = ["get", "post"]

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("period", "committee")

    def get_context_data(self, form=None, **kwargs):
        report = self.object
        version = report.versions.order_by("-number").first()
        current = figures(report.committee, report.period.window.start, report.period.window.end)
        return super().get_context_data(
            crumbs=report_crumbs(report, self.request.path),
            version=version,
            form=form or TextForm(initial=parts_of(version.narrative), period=report.period),
            compose_form=ComposeForm(initial={"rounded": (version.narrative or {}).get("rounded", False)}),
            mismatches=mismatches(version.narrative, current),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        report = self.object
        try:
            if "compose" in request.POST:
                compose_form = ComposeForm(request.POST)
                compose_form.is_valid()  # a box: always valid
                services.report_compose(by=request.user, report=report, **compose_form.cleaned_data)
                messages.success(request, gettext_lazy("The text was written again from the figures."))
                return redirect("reports:report_text", report.pk)
            form = TextForm(request.POST, period=report.period)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form))
            services.report_write(by=request.user, report=report, parts=form.cleaned_data)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
            return redirect(report)
        messages.success(request, gettext_lazy("The text was saved."))
        return redirect("reports:report_text", report.pk)

    def get(self, request, *args, **kwargs):
        if not may_write(request.user, self.object):
            return redirect(self.object)  # signed, or not the reader's to write: the report as it stands
        return super().get(request, *args, **kwargs)


class ReportFileView(ReportDetailView):
    """The report as a file to download: the Word document in party layout, or its annex as a workbook. A draft's
    figures are read live; a signed version's are those it was signed with."""

    http_method_names = ["get"]
    kind = "docx"

    def get(self, request, *args, **kwargs):
        report = self.object
        version = report.versions.order_by("-number").first()
        snapshot = version.figures or compared(report.committee, report.period.window)
        name = f"bao-cao-{report.period.kind}-{report.period.year}-{slugify(report.committee.code)}-v{version.number}"
        if self.kind == "xlsx":
            return xlsx_response(annex_xlsx(report, snapshot), f"{name}-phu-luc.xlsx")
        return docx_response(report_docx(report, version, snapshot), f"{name}.docx")


class ReportCompiledView(ReportDetailView):
    """The report's figures compiled from the reports the committees under it signed, beside the live ones."""

    template_name = "reports/report_compiled.html"

    def get_context_data(self, **kwargs):
        report = self.object
        window = report.period.window
        return {
            "report": report,
            "crumbs": [*report_crumbs(report, report.get_absolute_url()),
                       Crumb(gettext_lazy("Compiled"), self.request.path)],
            "compilation": compilation(report, figures(report.committee, window.start, window.end)),
            "window": window,
        }  # fmt: skip
