from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from committees.mixins import ScopedObjectMixin
from committees.models import Committee
from committees.scoping import scope_of
from committees.selectors import ancestors_in_scope, scope_roots
from core.calendar import previous_month
from core.lists import FilteredListView
from core.navigation import Crumb
from core.pagination import ShallowPaginator
from core.party_layout import docx_response
from core.spreadsheets import spreadsheet_response
from opinion.exports import summary_docx
from opinion.forms.reports import ReportForm, ReportingForm, StaffReportForm, SummaryForm
from opinion.models import Collaborator, OpinionReport
from opinion.selectors.reports import REPORT_STATES, report_list, report_status, reporting_by_committee
from opinion.services import reports as services
from opinion.summaries import summary_for

PER_PAGE = 25


def _scope_root(user) -> Committee:
    """The committee a page is about when none is chosen: the top of the user's scope."""
    root = scope_roots(user).first()
    if root is None:
        raise Http404
    return root


def _asked(request, form_class, month: date) -> tuple:
    """The form of a page about a committee's subtree in a month, and what it asks: its cleaned data with the
    committee (the top of the user's scope by default) and the month (``month`` by default, shown in the box rather
    than the browser's empty "----"); None instead of the data when the form was not understood."""
    form = form_class(request.GET or None, user=request.user, initial={"month": month})
    if form.is_bound and not form.is_valid():
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    return form, {
        **data,
        "committee": data.get("committee") or _scope_root(request.user),
        "month": data.get("month") or month,
    }


class ReportListView(FilteredListView):
    template_name = "opinion/reports/list.html"
    paginate_by = PER_PAGE
    paginator_class = ShallowPaginator  # a million reports: counted and paged through the first 2,500

    def filtered(self):
        return report_list(self.request.user, self.request.GET)


class ReportDetailView(ScopedObjectMixin, DetailView):
    model = OpinionReport
    require_changeable = False
    template_name = "opinion/reports/detail.html"

    def get_scoped_queryset(self):
        return (
            super()
            .get_scoped_queryset()
            .select_related("committee", "collaborator", "entered_by")
            .prefetch_related("topics")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=self.may_change("opinion.change_opinionreport"), **kwargs)


class ReportCreateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """A collaborator files their own report; staff enter one on a collaborator's behalf."""

    permission_required = "opinion.add_opinionreport"

    def get_form(self):
        data = self.request.POST or None
        if scope_of(self.request.user).is_collaborator:
            self.collaborator = Collaborator.objects.filter(user=self.request.user).first()
            if self.collaborator is None:
                raise PermissionDenied
            return ReportForm(data)
        self.collaborator = None
        collaborators = Collaborator.objects.changeable_by(self.request.user).active()
        return StaffReportForm(data, collaborators=collaborators)

    def render(self, form):
        return render(self.request, "opinion/reports/form.html", {"form": form, "collaborator": self.collaborator})

    def get(self, request):
        return self.render(self.get_form())

    def post(self, request):
        form = self.get_form()
        if not form.is_valid():
            return self.render(form)
        data = dict(form.cleaned_data)
        collaborator = self.collaborator or data.pop("collaborator")
        try:
            report = services.report_file(collaborator=collaborator, by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(form)
        messages.success(
            request, _("Thank you: your report was received.") if self.collaborator else _("Report saved.")
        )
        return redirect(report)


class ReportUpdateView(ScopedObjectMixin, View):
    model = OpinionReport
    permission_required = "opinion.change_opinionreport"

    def render(self, form, report):
        return render(self.request, "opinion/reports/form.html", {"form": form, "report": report})

    def get(self, request, pk):
        return self.render(ReportForm(instance=self.object), self.object)

    def post(self, request, pk):
        report = self.object
        form = ReportForm(request.POST, instance=OpinionReport.objects.get(pk=report.pk))
        if not form.is_valid():
            return self.render(form, report)
        data = dict(form.cleaned_data)
        topics = list(data.pop("topics"))
        services.report_update(report=report, by=self.request.user, topics=topics, **data)
        messages.success(request, _("Report saved."))
        return redirect(report)


class CollaboratorSearchView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The collaborators a staff member may enter a report for, matching what they typed (for the report form)."""

    permission_required = "opinion.add_opinionreport"
    limit = 20

    def get(self, request):
        query = request.GET.get("q", "").strip()
        found = []
        if len(query) >= 2:
            found = list(
                Collaborator.objects.changeable_by(request.user)
                .active()
                .search(query)
                .select_related("committee")[: self.limit]
            )
        return render(request, "opinion/reports/_collaborator_options.html", {"found": found, "query": query})


class ReportStatusView(FilteredListView):
    """Who has and who has not reported in a month: the reporting period each monthly briefing opens."""

    permission_required = "opinion.view_opinionreport"
    template_name = "opinion/reports/status.html"
    paginate_by = 50

    def filtered(self):
        return report_status(self.request.user, self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(month=self.filterset.chosen_month, **kwargs)


class ReportStatusExportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The collaborators *who has reported* lists, with the same filters, as CSV or XLSX: the list to call round."""

    permission_required = "opinion.view_opinionreport"
    http_method_names = ["get"]

    def get(self, request):
        filterset = report_status(request.user, request.GET)
        if not filterset.is_valid():
            raise Http404  # a download has no page to say which filter was not understood
        month = filterset.chosen_month
        headers = [_("Collaborator"), _("Unit"), _("Party committee"), _("Phone"), _("Email"),
                   _("Month"), _("Reported"), _("Profile")]  # fmt: skip
        reported, missing = _("yes"), _("no")
        rows = (
            [
                c.full_name,
                c.unit,
                c.committee.name,
                c.phone,
                c.email,
                f"{month:%m/%Y}",
                reported if c.reported else missing,
                request.build_absolute_uri(c.get_absolute_url()),
            ]  # fmt: skip
            for c in filterset.qs.iterator(chunk_size=2000)
        )
        state = filterset.form.cleaned_data.get("state")
        suffix = {"reported": "-da-bao-cao", "missing": "-chua-bao-cao"}.get(state, "")
        filename = f"bao-cao-du-luan-{month:%Y-%m}{suffix}"
        return spreadsheet_response(request, headers, rows, title=_("Who has reported"), filename=filename)


class ReportingView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """*Who has reported*, committee by committee: the committees right under the chosen one (the top of the
    user's scope by default), each with its collaborators, those who reported, those who did not and the rate."""

    permission_required = "opinion.view_opinionreport"
    template_name = "opinion/reports/reporting.html"

    def get_table(self):
        """The form and the table; no table when the form was not understood (nothing is shown then)."""
        form, asked = _asked(self.request, ReportingForm, timezone.localdate())
        if asked is None:
            return form, None
        table = reporting_by_committee(
            self.request.user, asked["committee"], asked["month"], asked.get("order") or "tree"
        )
        return form, table

    def get_context_data(self, **kwargs):
        form, table = self.get_table()
        crumbs, lines = [Crumb(_("Who has reported"), reverse("opinion:report_status"))], []
        if table is not None:
            here, status = reverse("opinion:report_reporting"), reverse("opinion:report_status")
            month, order = f"{table.month:%Y-%m}", form.data.get("order") or "tree"
            crumbs += [
                Crumb(c.name, f"{here}?{urlencode({'committee': c.code, 'month': month, 'order': order})}")
                for c in ancestors_in_scope(table.committee, self.request.user)
            ]
            crumbs.append(Crumb(table.committee.name))
            for row in table.rows:
                query = {"committee": row.committee.code, "month": month}
                own = {"own": "on"} if row.own else {}
                links = {state: f"{status}?{urlencode({**query, 'state': state, **own})}" for state in REPORT_STATES}
                if row.committee.numchild and not row.own:
                    links["drill"] = f"{here}?{urlencode({**query, 'order': order})}"
                lines.append((row, links))
        return super().get_context_data(filter_form=form, table=table, lines=lines, crumbs=crumbs, **kwargs)


class ReportingExportView(ReportingView):
    """The table of *who has reported, by committee* as CSV or XLSX, its total last."""

    def get(self, request, *args, **kwargs):
        form, table = self.get_table()
        if table is None:
            raise Http404
        headers = [_("Code"), _("Party committee"), _("Collaborators"), _("Reported"), _("Not reported"),
                   _("Rate (%)")]  # fmt: skip

        def cells(row, code, name):
            rate = round(row.rate, 2) if row.rate is not None else None
            return [code, name, row.collaborators, row.reported, row.missing, rate]

        own = _("%(name)s (its own collaborators)")
        rows = [
            cells(row, row.committee.code, own % {"name": row.committee.name} if row.own else row.committee.name)
            for row in table.rows
        ]
        rows.append(cells(table.total, "", _("Total")))
        filename = f"bao-cao-du-luan-theo-don-vi-{table.committee.code}-{table.month:%Y-%m}"
        return spreadsheet_response(request, headers, rows, title=_("Who has reported"), filename=filename)


class SummaryView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The monthly summary of a committee's subtree, with drill-down links to the reports behind each figure."""

    permission_required = "opinion.view_opinionreport"
    template_name = "opinion/reports/summary.html"

    def get_summary(self):
        """The form and the summary; no summary when the form was not understood (nothing is shown then)."""
        # The last complete month by default: the current one is still being reported.
        form, asked = _asked(self.request, SummaryForm, previous_month(timezone.localdate()))
        if asked is None:
            return form, None
        return form, summary_for(self.request.user, asked["committee"], asked["month"])

    def get_context_data(self, **kwargs):
        form, summary = self.get_summary()
        if summary is None:
            return super().get_context_data(form=form, summary=None, **kwargs)
        return super().get_context_data(form=form, summary=summary.linked(), **kwargs)


class SummaryDocxView(SummaryView):
    def get(self, request, *args, **kwargs):
        form, summary = self.get_summary()
        if summary is None:  # a download has no page to say what is wrong with the committee asked for
            raise Http404
        return docx_response(
            summary_docx(summary), f"tong-hop-du-luan-{summary.committee.code}-{summary.month:%Y-%m}.docx"
        )
