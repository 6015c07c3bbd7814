"""Monthly briefings: list, calendar, detail, the rule, changes, attendance, printable pages and attendance rates.

Reads go through ``visible_to`` (a briefing issued by an ancestor is readable; its invitations only as far as the
reader's scope reaches). A change needs the briefing in the user's own scope (``changeable_by``) and the model
permission: outside the scope a briefing is 404, an ancestor's briefing or a missing permission is 403.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from committees.mixins import ScopedObjectMixin
from committees.models import Committee
from committees.scoping import scope_of
from committees.selectors import place_of, scope_roots
from core.calendar import add_months
from core.fields import MonthField
from core.formatting import document_date
from core.lists import FilteredListView
from core.navigation import Crumb
from core.pagination import Paginator
from core.spreadsheets import spreadsheet_response
from opinion.forms.briefings import (
    AttendanceRatesForm,
    BriefingAttendanceForm,
    BriefingCancelForm,
    BriefingInviteesForm,
    BriefingMoveForm,
    BriefingPostponeForm,
    BriefingScheduleForm,
    BriefingUpdateForm,
    CalendarFilterForm,
)
from opinion.models import Briefing, BriefingInvitation, BriefingSchedule
from opinion.models.trainings import Attendance
from opinion.selectors import attendance
from opinion.selectors import briefings as selectors
from opinion.services import briefings as services

PER_PAGE = 25
INVITEES_PER_PAGE = 50
ATTENDANCE_PER_PAGE = 100
PRINT_PER_PAGE = 500
RATES_PER_PAGE = 50


def visible_invitations(user, briefing: Briefing):
    """The briefing's invitations the user may see, in sign-in order: by unit, then by name."""
    return (
        BriefingInvitation.objects.visible_to(user)
        .filter(briefing=briefing)
        .select_related("collaborator", "staff__profile", "invitee_committee")
        .order_by("invitee_committee__path", "collaborator__sort_name", "staff__sort_name", "pk")
    )


# --- Reading -----------------------------------------------------------------------------------------------------


class BriefingListView(FilteredListView):
    template_name = "opinion/briefings/list.html"
    permission_required = "opinion.view_briefing"
    paginate_by = PER_PAGE

    def filtered(self):
        return selectors.briefing_list(self.request.user, self.request.GET)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selectors.with_invitation_counts(context["object_list"], self.request.user)
        scope = scope_of(self.request.user)
        own = scope.committee if scope.committee is not None else scope_roots(self.request.user).first()
        context.update(
            when=self.filterset.when_chosen,
            when_tabs=self.filterset.WHEN,
            own_committee=own,
            can_schedule=own is not None
            and not scope.is_collaborator
            and self.request.user.has_perms(ScheduleView.permission_required),
        )
        return context


def _parse_month(value: str | None, today: date) -> date:
    """The month asked for ("2026-11"), or this month when none is, or what is asked is not a plausible month."""
    try:
        return MonthField(required=False).clean(value) or today.replace(day=1)
    except ValidationError:
        return today.replace(day=1)


class BriefingCalendarView(LoginRequiredMixin, TemplateView):
    template_name = "opinion/briefings/calendar.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        month = _parse_month(self.request.GET.get("month"), today)
        form = CalendarFilterForm(self.request.GET or None, user=self.request.user)
        committee = form.cleaned_data["committee"] if form.is_valid() else None
        weeks = selectors.calendar_month(self.request.user, month, committee, today)
        return super().get_context_data(
            form=form,
            committee_text=form["committee"].value() or "",
            month=month,
            weeks=weeks,
            weekdays=weeks[0],
            previous_month=add_months(month, -1),
            next_month=add_months(month, 1),
            this_month=today.replace(day=1),
            **kwargs,
        )


def briefing_crumbs(briefing: Briefing | None = None, last: str = "") -> list[Crumb]:
    crumbs = [Crumb(_("Monthly briefings"), reverse("opinion:briefing_list"))]
    if briefing is not None:
        crumbs.append(Crumb(str(briefing), briefing.get_absolute_url() if last else ""))
    return [*crumbs, Crumb(last)] if last else crumbs


class BriefingDetailView(ScopedObjectMixin, DetailView):
    model = Briefing
    require_changeable = False
    template_name = "opinion/briefings/detail.html"

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee", "schedule")

    def get_context_data(self, **kwargs):
        user, briefing = self.request.user, self.object
        invitations = visible_invitations(user, briefing)
        figures = attendance.figures_of(BriefingInvitation.objects.visible_to(user).filter(briefing=briefing))
        can_change = self.may_change("opinion.change_briefing")
        return super().get_context_data(
            invitations=Paginator(invitations, INVITEES_PER_PAGE).get_page(self.request.GET.get("page")),
            crumbs=briefing_crumbs(briefing),
            figures=figures,
            can_change=can_change,
            can_edit=can_change and services.WORKFLOW.allows("update", briefing.status),
            can_record=can_change and services.can_record(briefing),
            history=briefing.history.select_related("history_user").order_by("-history_date")[:10]
            if can_change
            else [],
            **kwargs,
        )


# --- Changing ----------------------------------------------------------------------------------------------------


class BriefingActionView(ScopedObjectMixin, FormView):
    """A form about one briefing: 404 outside the user's scope, 403 without the right to change it (an ancestor's
    briefing is read below it, never changed)."""

    model = Briefing
    permission_required: tuple[str, ...] = ("opinion.change_briefing",)
    template_name = "opinion/briefings/form.html"
    action = "update"
    title = ""
    crumb = ""  # the page's last breadcrumb, when it is not the title

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee")

    @property
    def briefing(self) -> Briefing:
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "briefing": self.briefing}

    def get_context_data(self, **kwargs):
        allowed = services.WORKFLOW.allows(self.action, self.briefing.status)
        return super().get_context_data(
            briefing=self.briefing,
            allowed=allowed,
            title=self.title,
            crumbs=briefing_crumbs(self.briefing, self.crumb or self.title),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            message = self.perform(form)
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return self.briefing.get_absolute_url()


class BriefingUpdateView(BriefingActionView):
    form_class = BriefingUpdateForm
    title = gettext_lazy("Agenda and place")

    def perform(self, form):
        services.briefing_update(briefing=self.briefing, by=self.request.user, **form.cleaned_data)
        return _("The briefing was saved.")


class BriefingMoveView(BriefingActionView):
    form_class = BriefingMoveForm
    action = "move"
    title = gettext_lazy("Move the briefing")

    def perform(self, form):
        services.briefing_move(
            briefing=self.briefing,
            starts_at=form.cleaned_data["starts_at"],
            reason=form.cleaned_data["reason"],
            by=self.request.user,
        )
        return _("The briefing was moved.")


class BriefingPostponeView(BriefingActionView):
    form_class = BriefingPostponeForm
    action = "postpone"
    title = gettext_lazy("Postpone the briefing")

    def perform(self, form):
        services.briefing_postpone(
            briefing=self.briefing,
            starts_at=form.cleaned_data["starts_at"],
            reason=form.cleaned_data["reason"],
            by=self.request.user,
        )
        return _("The briefing was postponed.")


class BriefingCancelView(BriefingActionView):
    form_class = BriefingCancelForm
    action = "cancel"
    title = gettext_lazy("Cancel the briefing")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("briefing")
        return kwargs

    def perform(self, form):
        services.briefing_cancel(briefing=self.briefing, reason=form.cleaned_data["reason"], by=self.request.user)
        return _("The briefing was cancelled.")


class BriefingInviteesView(BriefingActionView):
    """Invite the collaborators who joined the subtree since planning, and choose the staff invited."""

    form_class = BriefingInviteesForm
    action = "invite"
    title = gettext_lazy("Update the invitees")
    permission_required = ("opinion.change_briefing", "opinion.add_briefinginvitation")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("briefing")
        kwargs["staff_queryset"] = services.invitable_staff(self.briefing.committee)
        kwargs["initial"] = {
            "staff": list(
                BriefingInvitation.objects.filter(briefing=self.briefing, staff__isnull=False).values_list(
                    "staff_id", flat=True
                )
            )
        }
        return kwargs

    def perform(self, form):
        added = services.briefing_invitees_update(
            briefing=self.briefing, staff=form.cleaned_data["staff"], by=self.request.user
        )
        return _("Invitees updated: %(count)d added.") % {"count": added}


class BriefingAttendanceView(BriefingActionView):
    """After the meeting: attendance of one page of invitees, the minutes, topics and current affairs."""

    form_class = BriefingAttendanceForm
    template_name = "opinion/briefings/attendance.html"
    action = "record"
    crumb = gettext_lazy("Attendance and minutes")
    permission_required = ("opinion.change_briefing", "opinion.change_briefinginvitation")

    def get_page(self):
        if not hasattr(self, "_page"):
            invitations = visible_invitations(self.request.user, self.briefing)
            self._page = Paginator(invitations, ATTENDANCE_PER_PAGE).get_page(self.request.GET.get("page"))
        return self._page

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "invitations": self.get_page().object_list}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.get_page(),
            can_record=services.can_record(self.briefing),
            attendance_choices=BriefingAttendanceForm.STATUS_CHOICES,
            **kwargs,
        )

    def perform(self, form):
        services.briefing_record(
            briefing=self.briefing,
            attendance=form.attendance(),
            minutes=form.cleaned_data["minutes"],
            topics_discussed=form.cleaned_data["topics_discussed"],
            current_affairs=form.cleaned_data["current_affairs"],
            mark_rest_present=form.cleaned_data["mark_rest_present"],
            by=self.request.user,
        )
        return _("Attendance and minutes were saved.")

    def get_success_url(self):
        page = self.get_page()
        if page.has_next():
            return f"{reverse('opinion:briefing_attendance', args=[self.briefing.pk])}?page={page.next_page_number()}"
        return super().get_success_url()


class ScheduleView(ScopedObjectMixin, FormView):
    """A committee's monthly rule, then the planning of its coming briefings: for a committee of the user's own
    scope (404 for any other, an ancestor included), with the planning permissions (else 403)."""

    model = Committee
    pk_url_kwarg = "committee_pk"
    hide_unchangeable = True
    form_class = BriefingScheduleForm
    template_name = "opinion/briefings/schedule.html"
    permission_required = (
        "opinion.add_briefingschedule",
        "opinion.change_briefingschedule",
        "opinion.add_briefing",
        "opinion.add_briefinginvitation",
    )

    def has_permission(self) -> bool:
        # A collaborator sees their own committee; planning its briefings is never theirs.
        return not scope_of(self.request.user).is_collaborator and super().has_permission()

    @property
    def committee(self) -> Committee:
        return self.object

    @cached_property
    def schedule(self) -> BriefingSchedule | None:
        return BriefingSchedule.objects.filter(committee=self.committee).first()

    def get_initial(self):
        # The staff invited to the next briefing stay ticked, so that saving the rule again keeps inviting them.
        today_start, _end = selectors.day_bounds(timezone.localdate(), timezone.localdate())
        following = Briefing.objects.filter(committee=self.committee, starts_at__gte=today_start).order_by("starts_at")
        staff = BriefingInvitation.objects.filter(briefing__in=following[:1], staff__isnull=False)
        return {"staff": list(staff.values_list("staff_id", flat=True))}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "schedule": self.schedule,
            "staff_queryset": services.invitable_staff(self.committee),
        }

    def get_context_data(self, **kwargs):
        today_start, _end = selectors.day_bounds(timezone.localdate(), timezone.localdate())
        upcoming = list(
            Briefing.objects.filter(committee=self.committee, starts_at__gte=today_start)
            .select_related("committee")
            .order_by("starts_at")[:12]
        )
        selectors.with_invitation_counts(upcoming, self.request.user)
        return super().get_context_data(
            committee=self.committee,
            schedule=self.schedule,
            upcoming=upcoming,
            crumbs=briefing_crumbs(last=_("Monthly rule and planning")),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            schedule = services.briefing_schedule_set(
                committee=self.committee,
                week=data["week"],
                weekday=data["weekday"],
                time=data["time"],
                place=data["place"],
                duration=data["duration"],
                reminder_days=data["reminder_days"],
                reminder_time=data["reminder_time"],
                by=self.request.user,
            )
            result = services.briefings_plan(
                schedule=schedule,
                months_ahead=data["months_ahead"],
                today=timezone.localdate(),
                staff=data["staff"],
                by=self.request.user,
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Rule saved: %(created)d briefings planned, %(redated)d moved to the new rule, %(invited)d invitations.")
            % {"created": len(result.created), "redated": len(result.redated), "invited": result.invited},
        )
        return redirect(reverse("opinion:briefing_schedule", args=[self.committee.pk]))


# --- Printable pages ---------------------------------------------------------------------------------------------


class BriefingPrintView(ScopedObjectMixin, DetailView):
    model = Briefing
    require_changeable = False

    def get_scoped_queryset(self):
        return super().get_scoped_queryset().select_related("committee")

    def get_context_data(self, **kwargs):
        briefing = self.object
        committee = briefing.committee
        parent = (
            Committee.objects.filter(path=committee.parent_path).only("name").first() if committee.depth > 1 else None
        )
        day = timezone.localdate(briefing.starts_at)
        return super().get_context_data(
            parent=parent,
            document_date=document_date(day, place_of(committee)),
            meeting_date=document_date(day),
            starts_at=timezone.localtime(briefing.starts_at),
            ends_at=timezone.localtime(briefing.starts_at + timedelta(minutes=briefing.duration_minutes)),
            **kwargs,
        )


class BriefingSigninSheetView(BriefingPrintView):
    template_name = "opinion/briefings/print_signin.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(visible_invitations(self.request.user, self.object), PRINT_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        context.update(page=page, first_number=page.start_index())
        return context


class BriefingMinutesPrintView(BriefingPrintView):
    template_name = "opinion/briefings/print_minutes.html"
    NAMES_SHOWN = 200  # excused and absent invitees listed by name; beyond that only counted

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitations = visible_invitations(self.request.user, self.object)
        context.update(
            figures=selectors.meeting_headcount(
                BriefingInvitation.objects.visible_to(self.request.user).filter(briefing=self.object)
            ),
            excused=list(invitations.filter(attendance=Attendance.EXCUSED)[: self.NAMES_SHOWN]),
            absent=list(invitations.filter(attendance=Attendance.ABSENT)[: self.NAMES_SHOWN]),
            names_shown=self.NAMES_SHOWN,
        )
        return context


# --- Attendance rates --------------------------------------------------------------------------------------------


class RatesQuery:
    """The rates page's question, read from its query string: the period, per what, the branch and the order."""

    def __init__(self, request):
        today = timezone.localdate()
        self.form = AttendanceRatesForm(request.GET or None, user=request.user)
        self.first, self.last = self.form.period(today)
        if not self.form.is_bound:
            self.form = AttendanceRatesForm(initial={"start": self.first, "end": self.last}, user=request.user)
        # A question that is not understood (a committee not found, an end before the start) is answered with
        # nothing, as every list's filters are: never with more than was asked for.
        self.understood = not self.form.is_bound or self.form.is_valid()
        data = self.form.cleaned_data if self.form.is_bound and self.understood else {}
        self.by, self.order = data.get("by") or "collaborator", data.get("order") or "name"
        self.committee = data.get("committee")

    def page(self, user, number, per_page: int = RATES_PER_PAGE):
        return selectors.attendance_rates_page(
            user, self.first, self.last, by=self.by, committee=self.committee, order=self.order, number=number,
            per_page=per_page,
        )  # fmt: skip

    def totals(self, user) -> dict:
        return selectors.attendance_totals(user, self.first, self.last, self.committee)


class AttendanceRatesView(LoginRequiredMixin, TemplateView):
    template_name = "opinion/briefings/rates.html"

    def get_context_data(self, **kwargs):
        today, user = timezone.localdate(), self.request.user
        rates = RatesQuery(self.request)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("by", None)
        return super().get_context_data(
            form=rates.form,
            by=rates.by,
            first=rates.first,
            last=rates.last,
            page=rates.page(user, self.request.GET.get("page")) if rates.understood else None,
            totals=rates.totals(user) if rates.understood else {},
            query_without_by=query.urlencode(),
            default_start=date(today.year, 1, 1),
            yesterday=today - timedelta(days=1),
            **kwargs,
        )


class AttendanceRatesExportView(LoginRequiredMixin, View):
    """Every row of the rates page's question, and its total, as CSV or XLSX: the figures the page shows."""

    http_method_names = ["get"]

    def get(self, request):
        rates = RatesQuery(request)
        if not rates.understood:
            raise Http404  # a download has no page to say which filter was not understood
        per_committee = rates.by == "committee"
        headers = [_("Committee")] if per_committee else [_("Collaborator"), _("Unit"), _("Committee")]
        headers += [_("Invited"), _("Present"), _("Excused"), _("Absent"), _("Rate (%)")]
        every_row = selectors.attendance_rate_rows(
            request.user, rates.first, rates.last, by=rates.by, committee=rates.committee
        )  # in name order, whatever the page's order
        rows = [self.cells(row, per_committee) for row in every_row]
        total = rates.totals(request.user)
        rows.append([_("Total"), *([""] * (len(headers) - 6)), *self.figures(total)])
        filename = f"ty-le-tham-du-{rates.first:%Y%m%d}-{rates.last:%Y%m%d}"
        return spreadsheet_response(request, headers, rows, title=_("Attendance rates"), filename=filename)

    @staticmethod
    def figures(row: dict) -> list:
        rate = round(row["rate"], 2) if row["rate"] is not None else None
        return [row["invited"], row["present"], row["excused"], row["absent"], rate]

    def cells(self, row: dict, per_committee: bool) -> list:
        names = [row["invitee_committee__name"]] if per_committee else [
            row["collaborator__full_name"], row.get("collaborator__unit") or "", row["invitee_committee__name"]
        ]  # fmt: skip
        return [*names, *self.figures(row)]
